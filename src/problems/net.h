/* net.h - the engine of the problems trained on a data set (softmax.c,
 * mlp.c, charlm.c; doc/spec.md section 13): dense layers through CBLAS,
 * the softmax cross-entropy, the mini-batches of an epoch and the generic
 * objective, held-out evaluation and batch state.  Private to the
 * library. */
#ifndef FANOS_NET_H
#define FANOS_NET_H

#include <stdint.h>
#include <gsl/gsl_rng.h>
#include "core/internal.h"

#define NET_MAX_LAYERS FANOS_SIZES_MAX
/* Examples per chunk: a batch is evaluated in chunks of at most this
 * many examples, whose activations are the engine's buffers (a batch of
 * 128 is one chunk; a full batch of 60000 is 235). */
#define NET_CHUNK 256

typedef enum { NET_RELU = 0, NET_TANH = 1 } net_act;

/* Dense layers w[0] -> w[1] -> ... -> w[nl-1], the hidden ones with act,
 * the last one the logits of a softmax.  Parameters from theta[off]:
 * per layer W (w[l] x w[l-1], row-major) then b (w[l]). */
typedef struct {
    size_t nl;
    size_t w[NET_MAX_LAYERS];
    size_t off;
    size_t woff[NET_MAX_LAYERS], boff[NET_MAX_LAYERS];
    size_t n;                       /* parameters of the layers          */
    size_t wmax;
    net_act act;
    double *a[NET_MAX_LAYERS];      /* NET_CHUNK x w[l]: a[0] the input
                                       rows, a[l] the activations, a[L]
                                       the logits                        */
    double *d[2];                   /* adjoints, NET_CHUNK x wmax         */
    uint16_t *y;                    /* the chunk's labels                */
} net;

/* The layer count of w[0..nw) (2 <= nw <= NET_MAX_LAYERS) and their
 * parameters from off.  FANOS_EDIM, FANOS_ENOMEM. */
int net_init(net *nt, const size_t *w, size_t nw, size_t off, net_act act);
void net_free(net *nt);
/* Number of parameters of layers w[0..nw). */
size_t net_size(const size_t *w, size_t nw);
/* PyTorch's nn.Linear default initialisation of every layer, in layout
 * order, from r. */
void net_init_params(const net *nt, gsl_rng *r, double *theta);

/* The inputs of a set of examples: count rows of w[0] values and their
 * labels, for examples idx[0..count) of split (0: training, 1: held-out)
 * or, idx NULL, first .. first + count - 1.  gather returns the rows:
 * rows (NET_CHUNK x w[0]) filled, or a pointer into the data themselves
 * (a source may; neither of the package's does, and fanos_bench_data's
 * probe takes the rows from rows); it fills y.  scatter (NULL: none)
 * adds the adjoint of the rows dx to the gradient g (the input is a
 * function of the parameters). */
typedef struct {
    const double *(*gather)(const void *src, const double *theta, int split,
                            const size_t *idx, size_t first, size_t count,
                            double *rows, uint16_t *y);
    void (*scatter)(const void *src, const size_t *idx, size_t first,
                    size_t count, const double *dx, double *g);
    void (*free)(void *src);
} net_source_ops;

/* The mini-batches of an epoch (doc/spec.md [MB1], [MB2]). */
typedef struct {
    size_t N, B, spe;
    unsigned long seed;
    size_t epoch, step;
    int started, full;
    size_t *perm;
} net_batches;

/* A problem trained on a data set: the ctx of its fdf, eval, batches. */
typedef struct {
    size_t n;                       /* all parameters                    */
    net nt;
    net_batches bt;
    const net_source_ops *ops;
    void *src;
    size_t nheld;                   /* held-out examples                 */
    double *dx;                     /* NET_CHUNK x w[0], with scatter    */
} net_problem;

/* A new problem over src (taken over, freed by net_problem_free also on
 * failure) with ntrain training and nheld held-out examples, batches of
 * batch (0: all), shuffled from seed.  FANOS_EDIM (batch > ntrain, no
 * example), FANOS_ENOMEM. */
int net_problem_new(net_problem **out, const size_t *w, size_t nw,
                    size_t off, net_act act, const net_source_ops *ops,
                    void *src, size_t ntrain, size_t nheld, size_t batch,
                    unsigned long seed);
void net_problem_free(void *ctx);
int net_problem_fdf(void *ctx, size_t n, const double *x, double *f,
                    double *g);
int net_problem_eval(void *ctx, size_t n, const double *x,
                     fanos_eval_metrics *m);
int net_problem_batches(const void *ctx, fanos_batch_info *info);
/* The matrix products alone of the next fdf's gradient at x (heldout 0:
 * the current batch, written into the scratch g of n values) or of a
 * held-out evaluation (heldout 1, g unused): the same dgemm calls, in the
 * same order, shapes and buffers, with the input rows the last chunk
 * gathered and no other pass (fanos_bench_data).  The batches do not
 * move.  FANOS_ENULL, FANOS_EDIM. */
int net_problem_products(void *ctx, size_t n, const double *x, double *g,
                         int heldout);

/* Record a data reader's failure in the problem's note; returns status. */
int net_note_data_error(const fanos_problem *p, int status,
                        const fanos_data_error *err);
/* A count of the data (parameter param) above what the data in dir holds:
 * FANOS_EDIM, noted with the parameter's index, have and want. */
int net_too_many(const fanos_problem *p, const char *dir, const char *param,
                 size_t have, size_t want);

/* The shared parts of softmax.c and mlp.c (fashion.c): the data folder,
 * ntrain, ntest and batch of p, Fashion-MNIST read, and the objective of
 * layers w[0..nw) (w[0] = 784, the last 10) with its fresh start point. */
int net_fashion_setup(const fanos_problem *p, const size_t *w, size_t nw,
                      fanos_draws draws, unsigned long seed, void **ctx,
                      double *x0);
/* Drop the Fashion-MNIST data kept for the next setup when no problem
 * uses them (the allocation-failure tests count the blocks a path leaves;
 * a sweep keeps them). */
void net_fashion_cache_release(void);
/* The folder of p's path parameter "data", or def when it is "". */
const char *net_data_dir(const fanos_problem *p, const char *def);
/* An integer parameter of p. */
size_t net_count(const fanos_problem *p, const char *name);

#endif
