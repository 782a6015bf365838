/* mnist.c - Fashion-MNIST from the folder of its four IDX files
 * (doc/spec.md section 12). */
#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "data/data.h"

const char *fanos_mnist_default_dir(void)
{
    return FANOS_FASHION_MNIST_DIR;
}

/* [DS6] Fashion-MNIST is the four files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
 * t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz of one folder (Debian's
 * dataset-fashion-mnist installs them in /usr/share/datasets/fashion-mnist); images must be 28 x 28
 * (FANOS_ESHAPE), and each images file must hold as many examples as its labels file
 * (FANOS_ECOUNT). */
static const char *const mnist_files[4] = {
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
};

static int mnist_path(const char *dir, const char *name, char *buf,
                      size_t len, fanos_data_error *err)
{
    if ((size_t)snprintf(buf, len, "%s/%s", dir, name) < len)
        return FANOS_OK;
    errno = ENAMETOOLONG;
    return fanos_data_fail(err, FANOS_EIO, dir, ENAMETOOLONG);
}

static int mnist_fail(fanos_data_error *err, int status, const char *path,
                      uint64_t value, uint64_t expected)
{
    fanos_data_fail(err, status, path, 0);
    if (err) {
        err->value = value;
        err->expected = expected;
    }
    return status;
}

/* The images and labels of one set, checked against each other. */
static int mnist_pair(const char *pi, const char *pl, size_t max, double **x,
                      uint8_t **y, size_t *n, size_t *total,
                      fanos_data_error *err)
{
    size_t ti, tl = 0, r, c, nl;
    int rc = fanos_idx_read_images(pi, max, x, n, &ti, &r, &c, err);
    if (rc != FANOS_OK)
        return rc;
    if (r != FANOS_MNIST_ROWS || c != FANOS_MNIST_COLS)
        rc = mnist_fail(err, FANOS_ESHAPE, pi,
                        r != FANOS_MNIST_ROWS ? r : c,
                        r != FANOS_MNIST_ROWS ? FANOS_MNIST_ROWS
                                              : FANOS_MNIST_COLS);
    else if (ti == 0)   /* a set without examples trains nothing */
        rc = mnist_fail(err, FANOS_ESHAPE, pi, 0, 0);
    else
        rc = fanos_idx_read_labels(pl, max, FANOS_MNIST_CLASSES - 1, y, &nl,
                                   &tl, err);
    if (rc == FANOS_OK && tl != ti) {
        free(*y);
        rc = mnist_fail(err, FANOS_ECOUNT, pl, tl, ti);
    }
    if (rc != FANOS_OK)
        free(*x);
    *total = ti;
    return rc;
}

/* One set: the images file and its labels file (names k and k + 1); the
 * outputs are written only on success. */
static int mnist_set(const char *dir, size_t k, size_t max, double **x,
                     uint8_t **y, size_t *n, size_t *total,
                     fanos_data_error *err)
{
    char pi[FANOS_DATA_PATH_MAX], pl[FANOS_DATA_PATH_MAX];
    double *lx = NULL;
    uint8_t *ly = NULL;
    size_t ln = 0, lt = 0;
    int rc = mnist_path(dir, mnist_files[k], pi, sizeof pi, err);
    if (rc == FANOS_OK)
        rc = mnist_path(dir, mnist_files[k + 1], pl, sizeof pl, err);
    if (rc == FANOS_OK)
        rc = mnist_pair(pi, pl, max, &lx, &ly, &ln, &lt, err);
    if (rc != FANOS_OK)
        return rc;
    *x = lx;
    *y = ly;
    *n = ln;
    *total = lt;
    return FANOS_OK;
}

int fanos_mnist_load(const char *dir, size_t ntrain_max, size_t ntest_max,
                     fanos_mnist **out, fanos_data_error *err)
{
    fanos_data_error_clear(err);
    if (!dir || !out)
        return FANOS_ENULL;
    fanos_mnist *m = calloc(1, sizeof *m);
    if (!m)
        return FANOS_ENOMEM;
    m->dim = FANOS_MNIST_DIM;
    m->nclasses = FANOS_MNIST_CLASSES;
    /* [DS7] The training set is the first $N$ examples of the train files in file order (all of
     * them when $N$ is not given); the t10k files are the held-out test set. */
    int rc = mnist_set(dir, 0, ntrain_max, &m->train_x, &m->train_y,
                       &m->ntrain, &m->train_total, err);
    if (rc == FANOS_OK)
        rc = mnist_set(dir, 2, ntest_max, &m->test_x, &m->test_y, &m->ntest,
                       &m->test_total, err);
    if (rc != FANOS_OK) {
        fanos_mnist_free(m);    /* a set that failed left its fields NULL */
        return rc;
    }
    *out = m;
    return FANOS_OK;
}

void fanos_mnist_free(fanos_mnist *m)
{
    if (!m)
        return;
    free(m->train_x);
    free(m->train_y);
    free(m->test_x);
    free(m->test_y);
    free(m);
}
