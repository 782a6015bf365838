/* mlp.c - a ReLU MLP on Fashion-MNIST: layers of any widths from 784
 * inputs to 10 logits, the mean cross-entropy, trained in mini-batches
 * (doc/spec.md section 13; the engine is net.c). */
#include <config.h>
#include "problems/net.h"

enum { MP_DATA, MP_WIDTHS, MP_NTRAIN, MP_NTEST, MP_BATCH, MP_COUNT };

static const fanos_param_info mlp_params[MP_COUNT] = {
    {"data", FANOS_PARAM_PATH, 0, 0, 0, 0, 0,
     "folder of the four Fashion-MNIST files; \"\": the one configure found "
     "(Debian: /usr/share/datasets/fashion-mnist)", NULL, ""},
    {"widths", FANOS_PARAM_SIZES, 0, 1, 4096, 0, 0,
     "layer widths, the first 784 (pixels), the last 10 (classes), 2 to 16 "
     "layers, ReLU between", NULL, "784,256,128,10"},
    {"ntrain", FANOS_PARAM_INT, 0, 0, 100000000, 0, 0,
     "training examples: the first N of the train files (0: all)", NULL, NULL},
    {"ntest", FANOS_PARAM_INT, 0, 0, 100000000, 0, 0,
     "held-out examples: the first N of the t10k files (0: all)", NULL, NULL},
    {"batch", FANOS_PARAM_INT, 128, 0, 100000000, 0, 0,
     "examples per mini-batch, at most ntrain (0: the full batch)", NULL, NULL},
};

static void widths(const fanos_problem *p, size_t *w, size_t *nw)
{
    fanos_problem_get_sizes(p, "widths", w, nw);
}

static int mlp_check(const fanos_problem *p, size_t *bad)
{
    size_t w[FANOS_SIZES_MAX], nw;
    widths(p, w, &nw);
    if (nw < 2 || w[0] != FANOS_MNIST_DIM || w[nw - 1] != FANOS_MNIST_CLASSES) {
        *bad = MP_WIDTHS;
        return FANOS_ECONFLICT;
    }
    const size_t ntrain = net_count(p, "ntrain");
    if (ntrain && net_count(p, "batch") > ntrain) {
        *bad = MP_BATCH;
        return FANOS_ECONFLICT;
    }
    return FANOS_OK;
}

static size_t mlp_size(const fanos_problem *p)
{
    size_t w[FANOS_SIZES_MAX], nw;
    widths(p, w, &nw);
    return net_size(w, nw);
}

static int mlp_setup(const fanos_problem *p, fanos_draws draws,
                     unsigned long seed, const char *dir, void **ctx,
                     double *x0)
{
    (void)dir;
    size_t w[FANOS_SIZES_MAX], nw;
    widths(p, w, &nw);
    return net_fashion_setup(p, w, nw, draws, seed, ctx, x0);
}

const fanos_problem_type fanos_ptype_mlp = {
    .name = "mlp",
    .summary = "ReLU MLP on Fashion-MNIST, mini-batches",
    .params = mlp_params,
    .nparams = MP_COUNT,
    .protocol = FANOS_PROTOCOL_RUN,
    .check = mlp_check,
    .size = mlp_size,
    .setup = mlp_setup,
    .fdf = net_problem_fdf,
    .free = net_problem_free,
    .eval = net_problem_eval,
    .batches = net_problem_batches,
};
