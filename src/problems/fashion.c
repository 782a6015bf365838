/* fashion.c - Fashion-MNIST as the data of softmax.c and mlp.c: the
 * examples' inputs and labels for the engine (net.c), and the set-up the
 * two problem types share. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "problems/net.h"

static const double *fashion_gather(const void *src, const double *theta,
                                    int split, const size_t *idx, size_t first,
                                    size_t count, double *rows, uint16_t *y)
{
    (void)theta;
    const fanos_mnist *m = src;
    const double *X = split ? m->test_x : m->train_x;
    const uint8_t *lab = split ? m->test_y : m->train_y;
    const size_t d = m->dim;
    if (!idx) {         /* consecutive examples: the data's own rows */
        for (size_t i = 0; i < count; i++)
            y[i] = lab[first + i];
        return X + first * d;
    }
    for (size_t i = 0; i < count; i++) {
        memcpy(rows + i * d, X + idx[i] * d, d * sizeof *rows);
        y[i] = lab[idx[i]];
    }
    return rows;
}

static void fashion_free(void *src)
{
    fanos_mnist_free(src);
}

static const net_source_ops fashion_ops = {fashion_gather, NULL, fashion_free};


int net_fashion_setup(const fanos_problem *p, const size_t *w, size_t nw,
                      fanos_draws draws, unsigned long seed, void **ctx,
                      double *x0)
{
    (void)draws;        /* reference draws are refused before setup (PR4) */
    *ctx = NULL;
    if (seed > 4294967294UL)
        return FANOS_ERANGE;
    const char *dir = net_data_dir(p, fanos_mnist_default_dir());
    const size_t ntrain = net_count(p, "ntrain"), ntest = net_count(p, "ntest");
    const size_t batch = net_count(p, "batch");
    fanos_mnist *m = NULL;
    fanos_data_error err;
    int rc = fanos_mnist_load(dir, ntrain, ntest, &m, &err);
    if (rc != FANOS_OK)
        return net_note_data_error(p, rc, &err);
    /* [MB7] ntrain above the training examples of the data, ntest (nvalid) above its held-out
     * examples, or a batch above the training examples used is FANOS_EDIM at setup. */
    if (ntrain > m->train_total || ntest > m->test_total) {
        rc = ntrain > m->train_total
                 ? net_too_many(p, dir, "ntrain", m->train_total, ntrain)
                 : net_too_many(p, dir, "ntest", m->test_total, ntest);
        fanos_mnist_free(m);
        return rc;
    }
    if (batch > m->ntrain) {
        rc = net_too_many(p, dir, "batch", m->ntrain, batch);
        fanos_mnist_free(m);
        return rc;
    }
    const size_t nt = m->ntrain, nh = m->ntest;
    net_problem *np;
    rc = net_problem_new(&np, w, nw, 0, NET_RELU, &fashion_ops, m, nt, nh,
                         batch, seed);
    if (rc != FANOS_OK)
        return rc;
    gsl_rng *r = fanos_rng_alloc();
    if (!r) {
        net_problem_free(np);
        return FANOS_ENOMEM;
    }
    gsl_rng_set(r, seed + 1);   /* mt19937 maps seed 0 to its default */
    net_init_params(&np->nt, r, x0);
    fanos_rng_free(r);
    *ctx = np;
    return FANOS_OK;
}
