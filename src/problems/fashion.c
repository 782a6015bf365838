/* fashion.c - Fashion-MNIST as the data of softmax.c and mlp.c: the
 * examples' inputs and labels for the engine (net.c), and the set-up the
 * two problem types share. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <gsl/gsl_rng.h>
#include "data/data.h"
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

/* ---- the data of the last setup, shared by the runs that follow ------
 * A sweep sets up one problem per run, each reading and checking the same
 * four files (DS3: about 0.27 s for the 70000 images, longer than a
 * softmax run).  The data of the last load stay in memory, read-only, and
 * a setup with the same folder, counts and files (device, inode, size and
 * modification time of each of the four) takes them instead of reading
 * the files again; a file changed since is read afresh. */
static const char *const cache_files[4] = {
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

typedef struct {
    char dir[FANOS_PATH_PARAM_MAX + 1];
    size_t ntrain, ntest;
    struct stat st[4];
} cache_key;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static cache_key cached_key;
static fanos_mnist *cached;     /* NULL: none */
static size_t cached_refs;      /* problems using it */

/* The key of a load; 0 when a file cannot be stat'ed (the load says why). */
static int make_key(const char *dir, size_t ntrain, size_t ntest, cache_key *k)
{
    memset(k, 0, sizeof *k);
    if (strlen(dir) > FANOS_PATH_PARAM_MAX)
        return 0;
    strcpy(k->dir, dir);
    k->ntrain = ntrain;
    k->ntest = ntest;
    for (int i = 0; i < 4; i++) {
        char path[FANOS_PATH_PARAM_MAX + 64];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, cache_files[i]);
        if (stat(path, &st) != 0)
            return 0;
        /* the fields that identify the file's content, the rest zero */
        k->st[i].st_dev = st.st_dev;
        k->st[i].st_ino = st.st_ino;
        k->st[i].st_size = st.st_size;
        k->st[i].st_mtim = st.st_mtim;
        k->st[i].st_ctim = st.st_ctim;
    }
    return 1;
}

static int load(const char *dir, size_t ntrain, size_t ntest, fanos_mnist **m,
                fanos_data_error *err)
{
    cache_key k;
    const int keyed = make_key(dir, ntrain, ntest, &k);
    pthread_mutex_lock(&cache_lock);
    if (keyed && cached && !memcmp(&k, &cached_key, sizeof k)) {
        *m = cached;
        cached_refs++;
        pthread_mutex_unlock(&cache_lock);
        fanos_data_error_clear(err);
        return FANOS_OK;
    }
    pthread_mutex_unlock(&cache_lock);
    int rc = fanos_mnist_load(dir, ntrain, ntest, m, err);
    if (rc != FANOS_OK || !keyed)
        return rc;
    pthread_mutex_lock(&cache_lock);
    if (!cached_refs) {         /* the old data, if any, are unused */
        fanos_mnist_free(cached);
        cached = *m;
        cached_key = k;
        cached_refs = 1;
    }
    pthread_mutex_unlock(&cache_lock);
    return FANOS_OK;
}

static void fashion_free(void *src)
{
    pthread_mutex_lock(&cache_lock);
    const int shared = src && src == cached;
    if (shared)
        cached_refs--;
    pthread_mutex_unlock(&cache_lock);
    if (!shared)
        fanos_mnist_free(src);
}

void net_fashion_cache_release(void)
{
    pthread_mutex_lock(&cache_lock);
    if (!cached_refs) {
        fanos_mnist_free(cached);
        cached = NULL;
        memset(&cached_key, 0, sizeof cached_key);
    }
    pthread_mutex_unlock(&cache_lock);
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
    int rc = load(dir, ntrain, ntest, &m, &err);
    if (rc != FANOS_OK)
        return net_note_data_error(p, rc, &err);
    /* [MB7] ntrain above the training examples of the data, ntest (nvalid) above its held-out
     * examples, or a batch above the training examples used is FANOS_EDIM at setup. */
    if (ntrain > m->train_total || ntest > m->test_total) {
        rc = ntrain > m->train_total
                 ? net_too_many(p, dir, "ntrain", m->train_total, ntrain)
                 : net_too_many(p, dir, "ntest", m->test_total, ntest);
        fashion_free(m);
        return rc;
    }
    if (batch > m->ntrain) {
        rc = net_too_many(p, dir, "batch", m->ntrain, batch);
        fashion_free(m);
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
