/* softmax.c - softmax regression on Fashion-MNIST (convex): one linear
 * layer 784 -> 10 and the mean cross-entropy, trained in mini-batches
 * (doc/spec.md section 13; the engine is net.c). */
#include <config.h>
#include "problems/net.h"

enum { SP_DATA, SP_NTRAIN, SP_NTEST, SP_BATCH, SP_COUNT };

/* [ML6] softmax and mlp take data (the Fashion-MNIST folder, "" for the one configure found),
 * ntrain and ntest (the first N training and test examples in file order, 0 for all) and batch
 * (the examples of a mini-batch, default 128, 0 for the full batch); mlp also takes widths (default
 * 784,256,128,10, the first 784 and the last 10). */
static const fanos_param_info softmax_params[SP_COUNT] = {
    {"data", FANOS_PARAM_PATH, 0, 0, 0, 0, 0,
     "folder of the four Fashion-MNIST files; \"\": the one configure found "
     "(Debian: /usr/share/datasets/fashion-mnist)", NULL, ""},
    {"ntrain", FANOS_PARAM_INT, 0, 0, 100000000, 0, 0,
     "training examples: the first N of the train files (0: all)", NULL, NULL},
    {"ntest", FANOS_PARAM_INT, 0, 0, 100000000, 0, 0,
     "held-out examples: the first N of the t10k files (0: all)", NULL, NULL},
    {"batch", FANOS_PARAM_INT, 128, 0, 100000000, 0, 0,
     "examples per mini-batch, at most ntrain (0: the full batch)", NULL, NULL},
};

static const size_t softmax_widths[2] = {FANOS_MNIST_DIM, FANOS_MNIST_CLASSES};

static int softmax_check(const fanos_problem *p, size_t *bad)
{
    const size_t ntrain = net_count(p, "ntrain");
    if (ntrain && net_count(p, "batch") > ntrain) {
        *bad = SP_BATCH;
        return FANOS_ECONFLICT;
    }
    return FANOS_OK;
}

static size_t softmax_size(const fanos_problem *p)
{
    (void)p;
    return net_size(softmax_widths, 2);
}

static int softmax_setup(const fanos_problem *p, fanos_draws draws,
                         unsigned long seed, const char *dir, void **ctx,
                         double *x0)
{
    (void)dir;
    return net_fashion_setup(p, softmax_widths, 2, draws, seed, ctx, x0);
}

const fanos_problem_type fanos_ptype_softmax = {
    .name = "softmax",
    .summary = "softmax regression on Fashion-MNIST, mini-batches",
    .params = softmax_params,
    .nparams = SP_COUNT,
    .protocol = FANOS_PROTOCOL_RUN,
    .check = softmax_check,
    .size = softmax_size,
    .setup = softmax_setup,
    .fdf = net_problem_fdf,
    .free = net_problem_free,
    .eval = net_problem_eval,
    .batches = net_problem_batches,
};
