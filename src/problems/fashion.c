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

/* The data of a problem: the sizes and labels of the load, and the
 * pixels kept as the files' bytes (one byte a value instead of eight: a
 * batch's gather and a held-out pass read an eighth of the memory, and
 * the training and test sets of T5 and T6 stay in the cache). */
typedef struct {
    fanos_mnist *m;         /* its train_x and test_x freed, NULL        */
    uint8_t *px[2];         /* pixel bytes of the training and test sets */
} fashion_data;

/* rows[i] = p[i] / 255.0: the value DS2 gives the pixel, the same
 * double fanos_idx_read_images stores (a division is correctly rounded,
 * in a vector register as in a scalar one; a table of the 256 values
 * took half as long again). */
FANOS_VECTOR_CLONES
static void pixel_values(const uint8_t *restrict p, size_t n,
                         double *restrict rows)
{
    for (size_t i = 0; i < n; i++)
        rows[i] = p[i] / 255.0;
}

static const double *fashion_gather(const void *src, const double *theta,
                                    int split, const size_t *idx, size_t first,
                                    size_t count, double *rows, uint16_t *y)
{
    (void)theta;
    const fashion_data *f = src;
    const uint8_t *px = f->px[split ? 1 : 0];
    const uint8_t *lab = split ? f->m->test_y : f->m->train_y;
    const size_t d = f->m->dim;
    if (!idx) {         /* consecutive examples, in file order */
        pixel_values(px + first * d, count * d, rows);
        for (size_t i = 0; i < count; i++)
            y[i] = lab[first + i];
        return rows;
    }
    for (size_t i = 0; i < count; i++) {
        pixel_values(px + idx[i] * d, d, rows + i * d);
        y[i] = lab[idx[i]];
    }
    return rows;
}

static void data_free(fashion_data *f)
{
    if (!f)
        return;
    fanos_mnist_free(f->m);
    free(f->px[0]);
    free(f->px[1]);
    free(f);
}

/* The bytes p of n values x = p / 255.0 (DS2, as the reader stores
 * them; x * 255 is within an ulp of p, so rounding gives p back: the
 * loss tests of check_learn compare the problem with the reader's
 * values).  NULL without memory. */
static uint8_t *pixel_bytes(const double *x, size_t n)
{
    uint8_t *p = malloc(n ? n : 1);
    if (p)
        for (size_t i = 0; i < n; i++)
            p[i] = (uint8_t)(x[i] * 255.0 + 0.5);
    return p;
}

/* A load's data as bytes; m is taken over (freed on failure too). */
static int data_from(fanos_mnist *m, fashion_data **out)
{
    fashion_data *f = calloc(1, sizeof *f);
    if (!f) {
        fanos_mnist_free(m);
        return FANOS_ENOMEM;
    }
    f->m = m;
    f->px[0] = pixel_bytes(m->train_x, m->ntrain * m->dim);
    f->px[1] = f->px[0] ? pixel_bytes(m->test_x, m->ntest * m->dim) : NULL;
    free(m->train_x);
    free(m->test_x);
    m->train_x = m->test_x = NULL;
    if (!f->px[0] || !f->px[1]) {
        data_free(f);
        return FANOS_ENOMEM;
    }
    *out = f;
    return FANOS_OK;
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
static fashion_data *cached;    /* NULL: none */
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

static int load(const char *dir, size_t ntrain, size_t ntest,
                fashion_data **f, fanos_data_error *err)
{
    cache_key k;
    const int keyed = make_key(dir, ntrain, ntest, &k);
    pthread_mutex_lock(&cache_lock);
    if (keyed && cached && !memcmp(&k, &cached_key, sizeof k)) {
        *f = cached;
        cached_refs++;
        pthread_mutex_unlock(&cache_lock);
        fanos_data_error_clear(err);
        return FANOS_OK;
    }
    pthread_mutex_unlock(&cache_lock);
    fanos_mnist *m;
    int rc = fanos_mnist_load(dir, ntrain, ntest, &m, err);
    if (rc == FANOS_OK)
        rc = data_from(m, f);
    if (rc != FANOS_OK || !keyed)
        return rc;
    pthread_mutex_lock(&cache_lock);
    if (!cached_refs) {         /* the old data, if any, are unused */
        data_free(cached);
        cached = *f;
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
        data_free(src);
}

void net_fashion_cache_release(void)
{
    pthread_mutex_lock(&cache_lock);
    if (!cached_refs) {
        data_free(cached);
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
    fashion_data *f = NULL;
    fanos_data_error err;
    int rc = load(dir, ntrain, ntest, &f, &err);
    if (rc != FANOS_OK)
        return net_note_data_error(p, rc, &err);
    const fanos_mnist *m = f->m;
    /* [MB7] ntrain above the training examples of the data, ntest (nvalid) above its held-out
     * examples, or a batch above the training examples used is FANOS_EDIM at setup. */
    if (ntrain > m->train_total || ntest > m->test_total) {
        rc = ntrain > m->train_total
                 ? net_too_many(p, dir, "ntrain", m->train_total, ntrain)
                 : net_too_many(p, dir, "ntest", m->test_total, ntest);
        fashion_free(f);
        return rc;
    }
    if (batch > m->ntrain) {
        rc = net_too_many(p, dir, "batch", m->ntrain, batch);
        fashion_free(f);
        return rc;
    }
    const size_t nt = m->ntrain, nh = m->ntest;
    net_problem *np;
    rc = net_problem_new(&np, w, nw, 0, NET_RELU, &fashion_ops, f, nt, nh,
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
