/* check_learn.c - the problems trained on a data set (doc/spec.md section
 * 13): softmax, mlp and charlm.
 *
 * Oracles: central differences of the loss for the gradients; the loss at
 * the fresh start point recomputed here from the definitions with naive
 * loops, from the data as the readers of section 12 give it and the start
 * point drawn here from the GSL stream the spec names; the permutation of
 * an epoch made here from the spec's seed rule; a synthetic corpus whose
 * every byte the test writes. */
#include <config.h>
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dlfcn.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "fanos.h"

/* ---- the library's dgemm calls, recorded (test_bench_data) ----
 * This definition interposes on the BLAS's for the library's calls, and
 * passes each on to the BLAS's own (the next definition). */
typedef struct {
    int ta, tb, m, n, k, lda, ldb, ldc;
    double alpha, beta;
    const double *a, *b;
    double *c;
} dgemm_call;
#define DGEMM_LOG_MAX 256
static dgemm_call dgemm_log[DGEMM_LOG_MAX];
static size_t dgemm_logged;
static int dgemm_logging;

typedef void (*dgemm_fn)(const enum CBLAS_ORDER, const enum CBLAS_TRANSPOSE,
                         const enum CBLAS_TRANSPOSE, const int, const int,
                         const int, const double, const double *, const int,
                         const double *, const int, const double, double *,
                         const int);

void cblas_dgemm(const enum CBLAS_ORDER order, const enum CBLAS_TRANSPOSE ta,
                 const enum CBLAS_TRANSPOSE tb, const int m, const int n,
                 const int k, const double alpha, const double *a,
                 const int lda, const double *b, const int ldb,
                 const double beta, double *c, const int ldc)
{
    static dgemm_fn next;
    if (!next) {
        *(void **)&next = dlsym(RTLD_NEXT, "cblas_dgemm");
        if (!next)
            abort();
    }
    if (dgemm_logging && dgemm_logged < DGEMM_LOG_MAX)
        dgemm_log[dgemm_logged++] = (dgemm_call){
            (int)ta, (int)tb, m, n, k, lda, ldb, ldc, alpha, beta, a, b, c};
    next(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

#ifdef HAVE_OPENBLAS_SET_NUM_THREADS
void openblas_set_num_threads(int num_threads);
#endif

/* ---- helpers ---- */

static char corpus_dir[512];

/* A synthetic corpus: one file of 3000 bytes over 11 letters and '\n',
 * pseudo-random but with structure (each letter often followed by the
 * next), so that a model has something to learn. */
static void make_corpus(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(corpus_dir, sizeof corpus_dir, "%s/fanos-learn.XXXXXX",
             t ? t : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(corpus_dir));
    char path[600];
    snprintf(path, sizeof path, "%s/text", corpus_dir);
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    unsigned s = 12345;
    int c = 'a';        /* the last letter */
    for (int i = 0; i < 3000; i++) {
        s = s * 1103515245u + 12345u;
        const unsigned r = (s >> 16) % 16;
        if (r == 15) {
            fputc('\n', fp);
            continue;
        }
        c = r < 8 ? (c == 'k' ? 'a' : c + 1) : 'a' + (int)(r % 11);
        fputc(c, fp);
    }
    ck_assert_int_eq(fclose(fp), 0);
}

static void rm_corpus(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", corpus_dir);
    ck_assert_int_eq(system(cmd), 0);
}

static fanos_problem *problem(const fanos_problem_type *t,
                              const char *const *kv)
{
    fanos_problem *p;
    ck_assert_int_eq(fanos_problem_alloc(&p, t), FANOS_OK);
    for (size_t i = 0; kv && kv[i]; i += 2)
        ck_assert_msg(fanos_problem_set_text(p, kv[i], kv[i + 1]) == FANOS_OK,
                      "cannot set %s = %s", kv[i], kv[i + 1]);
    return p;
}

/* p set up with fresh draws of seed; the start point in *x0 (free()). */
static size_t setup(fanos_problem *p, unsigned long seed, double **x0)
{
    const size_t n = fanos_problem_size(p);
    ck_assert_uint_gt(n, 0);
    *x0 = malloc(n * sizeof **x0);
    ck_assert_ptr_nonnull(*x0);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, seed, NULL, *x0),
                     FANOS_OK);
    return n;
}

/* Central differences of the loss (calls without a gradient take the same
 * batch) at ncoord coordinates drawn at random, besides those listed in
 * must (the ends of each block); returns max |g - g_fd| / max(|g|, 1e-3)
 * over them, and fails on any coordinate off by more than
 * 1e-6 |g| + 1e-8. */
static double fd_check(fanos_problem *p, double *x, size_t n, size_t ncoord,
                       const size_t *must, size_t nmust, const char *what)
{
    double *g = malloc(n * sizeof *g), f, fp, fm;
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(fanos_problem_fdf(p, n, x, &f, g), FANOS_OK);
    ck_assert(isfinite(f));
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    double worst = 0, gmax = 0;
    for (size_t k = 0; k < ncoord + nmust; k++) {
        const size_t i = k < nmust ? must[k] : gsl_rng_uniform_int(r, n);
        const double h = 1e-6, keep = x[i];
        x[i] = keep + h;
        ck_assert_int_eq(fanos_problem_fdf(p, n, x, &fp, NULL), FANOS_OK);
        x[i] = keep - h;
        ck_assert_int_eq(fanos_problem_fdf(p, n, x, &fm, NULL), FANOS_OK);
        x[i] = keep;
        const double gfd = (fp - fm) / (2 * h), err = fabs(g[i] - gfd);
        ck_assert_msg(err <= 1e-6 * fabs(g[i]) + 1e-8,
                      "%s: coordinate %zu: g %.12g, central difference %.12g",
                      what, i, g[i], gfd);
        worst = fmax(worst, err / fmax(fabs(g[i]), 1e-3));
        gmax = fmax(gmax, fabs(g[i]));
    }
    ck_assert(gmax > 0);
    printf("%s: largest |g - g_fd| / max(|g|, 1e-3) over %zu coordinates: "
           "%.3g\n", what, ncoord + nmust, worst);
    gsl_rng_free(r);
    free(g);
    return worst;
}

/* ---- gradients against central differences ---- */

/* [ML1] [ML2] [ML3] [ML4] [MB2] [MB3] the 784-8-10 MLP on 32 examples,
 * full batch: the gradient against central differences of the loss at
 * 40 coordinates and the ends of every W and b. */
START_TEST(test_fd_mlp)
{
    const char *kv[] = {"widths", "784,8,10", "ntrain", "32", "ntest", "16",
                        "batch", "0", NULL};
    fanos_problem *p = problem(fanos_problem_mlp, kv);
    double *x;
    const size_t n = setup(p, 3, &x);
    ck_assert_uint_eq(n, 784 * 8 + 8 + 8 * 10 + 10);
    /* larger weights than the default, so that every unit bends */
    for (size_t i = 0; i < n; i++)
        x[i] *= 3.0;
    const size_t must[] = {0, 6271, 6272, 6279, 6280, 6359, 6360, 6369};
    fd_check(p, x, n, 40, must, 8, "mlp 784-8-10, 32 examples");
    free(x);
    fanos_problem_free(p);
}
END_TEST

/* [ML1] [ML3] [ML4] softmax regression on 16 examples, full batch, and
 * on 600 (three chunks of the engine: 256, 256 and 88): the gradient
 * against central differences. */
START_TEST(test_fd_softmax)
{
    const char *ntrain[] = {"16", "600"};
    for (int k = 0; k < 2; k++) {
        const char *kv[] = {"ntrain", ntrain[k], "ntest", "8", "batch",
                            ntrain[k], NULL};
        fanos_problem *p = problem(fanos_problem_softmax, kv);
        double *x;
        const size_t n = setup(p, 0, &x);
        ck_assert_uint_eq(n, 7850);
        for (size_t i = 0; i < n; i++)
            x[i] *= 5.0;
        const size_t must[] = {0, 7839, 7840, 7849};
        fd_check(p, x, n, 40, must, 4,
                 k ? "softmax, 600 examples" : "softmax, 16 examples");
        free(x);
        fanos_problem_free(p);
    }
}
END_TEST

/* [LM2] [LM3] [ML4] charlm with small sizes (context 4, embed 3, one
 * tanh layer of 5 and two of 9 and 4) on the synthetic corpus, 40 positions, full batch
 * and a mini-batch: the gradient, the embedding's included, against
 * central differences. */
START_TEST(test_fd_charlm)
{
    make_corpus();
    const char *hidden[] = {"5", "9,4"};    /* 9: a vector tanh and one more */
    for (int k = 0; k < 2; k++) {
        const char *kv[] = {"data", corpus_dir, "context", "4", "embed", "3",
                            "hidden", hidden[k], "ntrain", "40", "nvalid",
                            "30", "batch", k ? "13" : "0", NULL};
        fanos_problem *p = problem(fanos_problem_charlm, kv);
        double *x;
        const size_t n = setup(p, 1, &x);
        const size_t V = 13;   /* 'a'..'k', '\n' and the unknown id */
        const size_t e = V * 3;
        const size_t want = k ? e + 12 * 9 + 9 + 9 * 4 + 4 + 4 * V + V
                              : e + 12 * 5 + 5 + 5 * V + V;
        ck_assert_uint_eq(n, want);
        for (size_t i = e; i < n; i++)
            x[i] *= 2.0;
        const size_t must[] = {0, 3, e - 1, e, n - V - 1, n - 1};
        fd_check(p, x, n, 40, must, 6,
                 k ? "charlm 12-9-4-V, batch 13" : "charlm 12-5-V, full batch");
        free(x);
        fanos_problem_free(p);
    }
    rm_corpus();
}
END_TEST

/* ---- the loss at the start point, from the definitions ---- */

/* Naive mean cross-entropy of a ReLU MLP of widths w over n examples of
 * X (row-major, w[0] values each) and labels y, with parameters theta in
 * the layout of the spec (W then b per layer); *acc the fraction whose first largest logit is the
 * label's. */
static double naive_mlp_loss(const size_t *w, size_t nw, const double *theta,
                             const double *X, const uint8_t *y, size_t n,
                             double *acc)
{
    double sum = 0, a[1024], z[1024];
    size_t right = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(a, X + i * w[0], w[0] * sizeof *a);
        const double *t = theta;
        for (size_t l = 1; l < nw; l++) {
            const double *W = t, *b = t + w[l] * w[l - 1];
            for (size_t j = 0; j < w[l]; j++) {
                double s = b[j];
                for (size_t k = 0; k < w[l - 1]; k++)
                    s += W[j * w[l - 1] + k] * a[k];
                z[j] = l + 1 < nw && s < 0 ? 0 : s;
            }
            memcpy(a, z, w[l] * sizeof *a);
            t = b + w[l];
        }
        double m = a[0], s = 0;
        size_t arg = 0;
        for (size_t k = 1; k < w[nw - 1]; k++)
            if (a[k] > m)
                m = a[k], arg = k;
        for (size_t k = 0; k < w[nw - 1]; k++)
            s += exp(a[k] - m);
        sum += m + log(s) - a[y[i]];
        right += arg == y[i];
    }
    *acc = (double)right / (double)n;
    return sum / (double)n;
}

/* The start point of the spec: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) in the
 * layout order, from mt19937 seeded seed + 1 (after skip normal draws). */
static void naive_init(const size_t *w, size_t nw, unsigned long seed,
                       double *theta, size_t nembed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed + 1);
    for (size_t i = 0; i < nembed; i++)
        theta[i] = gsl_ran_gaussian(r, 1.0);
    double *t = theta + nembed;
    for (size_t l = 1; l < nw; l++) {
        const double b = 1.0 / sqrt((double)w[l - 1]);
        for (size_t i = 0; i < w[l] * w[l - 1] + w[l]; i++)
            *t++ = gsl_ran_flat(r, -b, b);
    }
    gsl_rng_free(r);
}

/* [ML1] [ML2] [ML3] [ML5] [ML6] [MB2] [MB4] the default MLP, ntrain = N
 * and the full batch: the loss at the fresh start point equals the mean
 * cross-entropy computed here with naive loops from the readers' data and
 * the start point drawn here; the held-out metrics likewise on the first
 * 50 test examples. */
START_TEST(test_mlp_loss_from_definition)
{
    const char *kv[] = {"ntrain", "100", "ntest", "50", "batch", "0", NULL};
    fanos_problem *p = problem(fanos_problem_mlp, kv);
    size_t w[FANOS_SIZES_MAX], nw;
    ck_assert_int_eq(fanos_problem_get_sizes(p, "widths", w, &nw), FANOS_OK);
    ck_assert_uint_eq(nw, 4);
    ck_assert(w[0] == 784 && w[1] == 256 && w[2] == 128 && w[3] == 10);
    double *x, f, batch;
    const size_t n = setup(p, 5, &x);
    ck_assert_int_eq(fanos_problem_get(p, "batch", &batch), FANOS_OK);
    double *theta = malloc(n * sizeof *theta);
    naive_init(w, nw, 5, theta, 0);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(fabs(theta[i] - x[i]) <= 1e-15, "x0[%zu]", i);
    fanos_mnist *m;
    ck_assert_int_eq(fanos_mnist_load(fanos_mnist_default_dir(), 100, 50, &m,
                                      NULL), FANOS_OK);
    double acc;
    const double want = naive_mlp_loss(w, nw, theta, m->train_x, m->train_y,
                                       100, &acc);
    ck_assert_int_eq(fanos_problem_fdf(p, n, x, &f, NULL), FANOS_OK);
    ck_assert_msg(fabs(f - want) <= 1e-12 * want, "loss %.17g, naive %.17g",
                  f, want);
    ck_assert(fabs(want - log(10.0)) < 0.2);    /* near chance at the start */
    fanos_eval_metrics em;
    ck_assert_int_eq(fanos_problem_eval(p, x, &em), FANOS_OK);
    const double wt = naive_mlp_loss(w, nw, theta, m->test_x, m->test_y, 50,
                                     &acc);
    ck_assert_uint_eq(em.count, 50);
    ck_assert_msg(fabs(em.loss - wt) <= 1e-12 * wt, "held-out %.17g, naive "
                  "%.17g", em.loss, wt);
    ck_assert_double_eq(em.accuracy, acc);
    ck_assert_double_eq_tol(em.bits, wt / log(2.0), 1e-12);
    fanos_mnist_free(m);
    free(theta);
    free(x);
    fanos_problem_free(p);
}
END_TEST

/* [ML6] [ML2] [MB3] softmax: 784 -> 10 with the defaults of the table; its
 * loss at the start point on 30 examples from the definition: a call
 * without a gradient before any other gives the loss of the first batch,
 * here the full batch, the 30 examples from the first in file order. */
START_TEST(test_softmax_loss_from_definition)
{
    fanos_problem *p = problem(fanos_problem_softmax, NULL);
    double v;
    ck_assert_int_eq(fanos_problem_get(p, "batch", &v), FANOS_OK);
    ck_assert_double_eq(v, 128);
    ck_assert_int_eq(fanos_problem_get(p, "ntrain", &v), FANOS_OK);
    ck_assert_double_eq(v, 0);
    ck_assert_int_eq(fanos_problem_set_text(p, "ntrain", "30"), FANOS_OK);
    ck_assert_int_eq(fanos_problem_set_text(p, "batch", "0"), FANOS_OK);
    ck_assert_int_eq(fanos_problem_set_text(p, "ntest", "1"), FANOS_OK);
    double *x, f, acc;
    const size_t n = setup(p, 9, &x);
    const size_t w[] = {784, 10};
    double *theta = malloc(n * sizeof *theta);
    naive_init(w, 2, 9, theta, 0);
    fanos_mnist *m;
    ck_assert_int_eq(fanos_mnist_load(fanos_mnist_default_dir(), 30, 1, &m,
                                      NULL), FANOS_OK);
    const double want = naive_mlp_loss(w, 2, theta, m->train_x, m->train_y, 30,
                                       &acc);
    ck_assert_int_eq(fanos_problem_fdf(p, n, x, &f, NULL), FANOS_OK);
    ck_assert_msg(fabs(f - want) <= 1e-12 * want, "loss %.17g, naive %.17g",
                  f, want);
    fanos_mnist_free(m);
    free(theta);
    free(x);
    fanos_problem_free(p);
}
END_TEST

/* [LM1] [LM2] [LM3] [LM4] [LM5] [MB4] charlm on the synthetic corpus:
 * the defaults of the table; the loss at the start point (full batch) and
 * the validation bits per character, from the definitions with naive
 * loops over the corpus reader's ids. */
START_TEST(test_charlm_loss_from_definition)
{
    make_corpus();
    fanos_problem *p = problem(fanos_problem_charlm, NULL);
    double v;
    size_t h[FANOS_SIZES_MAX], nh;
    ck_assert_int_eq(fanos_problem_get(p, "context", &v), FANOS_OK);
    ck_assert_double_eq(v, 16);
    ck_assert_int_eq(fanos_problem_get(p, "embed", &v), FANOS_OK);
    ck_assert_double_eq(v, 16);
    ck_assert_int_eq(fanos_problem_get_sizes(p, "hidden", h, &nh), FANOS_OK);
    ck_assert(nh == 1 && h[0] == 256);
    ck_assert_int_eq(fanos_problem_get(p, "batch", &v), FANOS_OK);
    ck_assert_double_eq(v, 128);
    const char *kv[] = {"data", corpus_dir, "context", "5", "embed", "4",
                        "hidden", "11", "batch", "0", NULL};
    for (size_t i = 0; kv[i]; i += 2)
        ck_assert_int_eq(fanos_problem_set_text(p, kv[i], kv[i + 1]), FANOS_OK);
    double *x, f;
    const size_t n = setup(p, 2, &x);
    fanos_corpus *cp;
    char path[600];
    snprintf(path, sizeof path, "%s", corpus_dir);
    ck_assert_int_eq(fanos_corpus_load(path, &cp, NULL), FANOS_OK);
    const size_t V = cp->vocab_size, c = 5, e = 4, H = 11;
    const size_t w[] = {c * e, H, V};
    ck_assert_uint_eq(n, V * e + w[0] * H + H + H * V + V);
    double *theta = malloc(n * sizeof *theta);
    naive_init(w, 3, 2, theta, V * e);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(fabs(theta[i] - x[i]) <= 1e-15, "x0[%zu]", i);
    /* the windows, from the ids; training t = c .. ntrain-1, validation t =
     * ntrain .. len-1 */
    double sums[2] = {0, 0};
    size_t counts[2] = {0, 0};
    for (int split = 0; split < 2; split++) {
        const size_t t0 = split ? cp->ntrain : c, t1 = split ? cp->len : cp->ntrain;
        for (size_t t = t0; t < t1; t++) {
            double a0[20], a1[11], z[32];
            for (size_t j = 0; j < c; j++)
                for (size_t k = 0; k < e; k++)
                    a0[j * e + k] = theta[cp->ids[t - c + j] * e + k];
            const double *W1 = theta + V * e, *b1 = W1 + H * c * e;
            const double *W2 = b1 + H, *b2 = W2 + V * H;
            for (size_t j = 0; j < H; j++) {
                double s = b1[j];
                for (size_t k = 0; k < c * e; k++)
                    s += W1[j * c * e + k] * a0[k];
                a1[j] = tanh(s);
            }
            double m = -HUGE_VAL, s = 0;
            for (size_t j = 0; j < V; j++) {
                z[j] = b2[j];
                for (size_t k = 0; k < H; k++)
                    z[j] += W2[j * H + k] * a1[k];
                m = fmax(m, z[j]);
            }
            for (size_t j = 0; j < V; j++)
                s += exp(z[j] - m);
            sums[split] += m + log(s) - z[cp->ids[t]];
            counts[split]++;
        }
    }
    ck_assert_int_eq(fanos_problem_fdf(p, n, x, &f, NULL), FANOS_OK);
    const double want = sums[0] / (double)counts[0];
    ck_assert_msg(fabs(f - want) <= 1e-12 * want, "loss %.17g, naive %.17g",
                  f, want);
    fanos_eval_metrics em;
    ck_assert_int_eq(fanos_problem_eval(p, x, &em), FANOS_OK);
    ck_assert_uint_eq(em.count, cp->nvalid);
    const double wv = sums[1] / (double)counts[1];
    ck_assert_msg(fabs(em.loss - wv) <= 1e-12 * wv, "validation %.17g, naive "
                  "%.17g", em.loss, wv);
    ck_assert_double_eq_tol(em.bits, wv / log(2.0), 1e-12);
    fanos_batch_info bi;
    ck_assert_int_eq(fanos_problem_batch_info(p, &bi), FANOS_OK);
    ck_assert_uint_eq(bi.examples, cp->ntrain - c);
    fanos_corpus_free(cp);
    free(theta);
    free(x);
    fanos_problem_free(p);
    rm_corpus();
}
END_TEST

/* [MB18] The work of the three problems, worked by hand from their layer widths: a ReLU MLP
 * 784-5-3-10 (no input adjoint at layer 1, no tanh), softmax regression 784-10, and charlm with
 * context 5, embed 4, hidden 11 over V characters (input adjoint at layer 1: the embedding; 11
 * tanh values an example). */
START_TEST(test_work_counts)
{
    const char *kv[] = {"widths", "784,5,3,10", "ntrain", "40", "ntest", "7",
                        "batch", "8", NULL};
    fanos_problem *p = problem(fanos_problem_mlp, kv);
    double *x;
    setup(p, 1, &x);
    fanos_batch_info bi;
    ck_assert_int_eq(fanos_problem_batch_info(p, &bi), FANOS_OK);
    ck_assert_double_eq(bi.grad_flops, 2.0 * 5 * 784 * 2 + 2.0 * 3 * 5 * 3 + 2.0 * 10 * 3 * 3);
    ck_assert_double_eq(bi.grad_tanh, 0);
    ck_assert_double_eq(bi.eval_flops, 7 * 2.0 * (5 * 784 + 3 * 5 + 10 * 3));
    ck_assert_uint_eq(bi.heldout, 7);
    free(x);
    fanos_problem_free(p);

    const char *ks[] = {"ntrain", "30", "ntest", "3", "batch", "0", NULL};
    p = problem(fanos_problem_softmax, ks);
    setup(p, 1, &x);
    ck_assert_int_eq(fanos_problem_batch_info(p, &bi), FANOS_OK);
    ck_assert_double_eq(bi.grad_flops, 2.0 * 7840 * 2);
    ck_assert_double_eq(bi.grad_tanh, 0);
    ck_assert_double_eq(bi.eval_flops, 3 * 2.0 * 7840);
    free(x);
    fanos_problem_free(p);

    make_corpus();
    const char *kc[] = {"data", corpus_dir, "context", "5", "embed", "4",
                        "hidden", "11", "batch", "0", NULL};
    p = problem(fanos_problem_charlm, kc);
    setup(p, 1, &x);
    fanos_corpus *cp;
    ck_assert_int_eq(fanos_corpus_load(corpus_dir, &cp, NULL), FANOS_OK);
    const double V = (double)cp->vocab_size;
    ck_assert_int_eq(fanos_problem_batch_info(p, &bi), FANOS_OK);
    ck_assert_double_eq(bi.grad_flops, 2.0 * 11 * 20 * 3 + 2.0 * V * 11 * 3);
    ck_assert_double_eq(bi.grad_tanh, 11);
    ck_assert_uint_eq(bi.heldout, cp->nvalid);
    ck_assert_double_eq(bi.eval_flops, (double)cp->nvalid * 2.0 * (11 * 20 + V * 11));
    fanos_corpus_free(cp);
    free(x);
    fanos_problem_free(p);
    rm_corpus();
}
END_TEST

/* fanos_bench_data: its refusals, its FLOP counts (as the batch
 * information gives them), timings that are finite and not negative,
 * and probes that leave the run as it was: after it, the problem's next
 * loss and gradient are bit for bit those of a twin that made the same
 * fdf calls without the probes (mlp, and charlm, whose input adjoint
 * goes to the embedding).  An epoch of 30 examples in batches of 8 ends
 * with a short one, which the probe steps over. */
static void bench_data_twin(const fanos_problem_type *t, const char *const *kv)
{
    fanos_problem *p = problem(t, kv), *q = problem(t, kv);
    double *x, *y;
    const size_t n = setup(p, 3, &x);
    setup(q, 3, &y);
    fanos_bench_data_timing tm;
    ck_assert_int_eq(fanos_bench_data(p, x, 5, &tm), FANOS_OK);
    fanos_batch_info bp, bq;
    ck_assert_int_eq(fanos_problem_batch_info(p, &bp), FANOS_OK);
    ck_assert_uint_eq(tm.batch, 8);
    ck_assert_double_eq(tm.step_flops, bp.grad_flops * 8);
    ck_assert_double_eq(tm.eval_flops, bp.eval_flops);
    const double v[] = {tm.step_med, tm.step_min, tm.step_products_med,
                        tm.step_products_min, tm.eval_med, tm.eval_min,
                        tm.eval_products_med, tm.eval_products_min};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        ck_assert_msg(isfinite(v[i]) && v[i] >= 0, "timing %zu: %g", i, v[i]);
    ck_assert(tm.step_min <= tm.step_med && tm.eval_products_min <= tm.eval_products_med);
    /* 6 full turns (a warm one and 5) and the short batch of epoch 0 */
    ck_assert_uint_eq(bp.epoch * bp.steps_per_epoch + bp.step, 6);
    double *gp = malloc(n * sizeof *gp), *gq = malloc(n * sizeof *gq), fp, fq;
    for (size_t k = 0; k <= 6; k++)
        ck_assert_int_eq(fanos_problem_fdf(q, n, y, &fq, gq), FANOS_OK);
    ck_assert_int_eq(fanos_problem_batch_info(q, &bq), FANOS_OK);
    ck_assert(bq.epoch == bp.epoch && bq.step == bp.step);
    ck_assert_mem_eq(x, y, n * sizeof *x);
    ck_assert_int_eq(fanos_problem_fdf(p, n, x, &fp, gp), FANOS_OK);
    ck_assert_int_eq(fanos_problem_fdf(q, n, y, &fq, gq), FANOS_OK);
    ck_assert_double_eq(fp, fq);
    ck_assert_mem_eq(gp, gq, n * sizeof *gp);
    fanos_eval_metrics mp, mq;
    ck_assert_int_eq(fanos_problem_eval(p, x, &mp), FANOS_OK);
    ck_assert_int_eq(fanos_problem_eval(q, y, &mq), FANOS_OK);
    ck_assert_double_eq(mp.loss, mq.loss);
    free(gp), free(gq), free(x), free(y);
    fanos_problem_free(p);
    fanos_problem_free(q);
}

/* The probe's dgemm calls are those of the passes it stands beside:
 * one fdf makes nf calls and one held-out evaluation ne; a turn of
 * fanos_bench_data makes nf (fdf), nf (its products), ne (eval), ne (its
 * products), each call of a probe the same as the pass's, argument for
 * argument and buffer for buffer.  Two turns with reps 1 (the warm one
 * and the timed one; 32 examples in batches of 8 have no short batch). */
static int same_call(const dgemm_call *x, const dgemm_call *y)
{
    return x->ta == y->ta && x->tb == y->tb && x->m == y->m && x->n == y->n &&
           x->k == y->k && x->lda == y->lda && x->ldb == y->ldb &&
           x->ldc == y->ldc && x->alpha == y->alpha && x->beta == y->beta &&
           x->a == y->a && x->b == y->b && x->c == y->c;
}

static void bench_data_calls(const fanos_problem_type *t, const char *const *kv,
                             size_t want_nf)
{
    fanos_problem *p = problem(t, kv);
    double *x;
    const size_t n = setup(p, 3, &x);
    double *g = malloc(n * sizeof *g), f;
    fanos_eval_metrics em;
    ck_assert_int_eq(fanos_problem_fdf(p, n, x, &f, g), FANOS_OK);
    dgemm_logged = 0;
    dgemm_logging = 1;
    ck_assert_int_eq(fanos_problem_fdf(p, n, x, &f, g), FANOS_OK);
    const size_t nf = dgemm_logged;
    ck_assert_int_eq(fanos_problem_eval(p, x, &em), FANOS_OK);
    const size_t ne = dgemm_logged - nf;
    fanos_bench_data_timing tm;
    dgemm_logged = 0;
    ck_assert_int_eq(fanos_bench_data(p, x, 1, &tm), FANOS_OK);
    dgemm_logging = 0;
    ck_assert_uint_eq(nf, want_nf);
    ck_assert_uint_gt(ne, 0);
    ck_assert_uint_eq(dgemm_logged, 2 * (2 * nf + 2 * ne));
    for (size_t turn = 0; turn < 2; turn++) {
        const dgemm_call *c = dgemm_log + turn * (2 * nf + 2 * ne);
        for (size_t i = 0; i < nf; i++)
            ck_assert_msg(same_call(c + i, c + nf + i), "%s, turn %zu: step "
                          "product %zu differs from the fdf's", t->name, turn, i);
        for (size_t i = 0; i < ne; i++)
            ck_assert_msg(same_call(c + 2 * nf + i, c + 2 * nf + ne + i),
                          "%s, turn %zu: held-out product %zu differs from the "
                          "evaluation's", t->name, turn, i);
    }
    free(g);
    free(x);
    fanos_problem_free(p);
}

/* [MB18] fanos_bench_data's FLOP counts are those of the batch
 * information; its probes make the passes' own dgemm calls and leave the
 * run as it was (the two helpers above). */
START_TEST(test_bench_data)
{
    const char *kv[] = {"widths", "784,6,5,10", "ntrain", "30", "ntest", "9",
                        "batch", "8", NULL};
    fanos_problem *p = problem(fanos_problem_mlp, kv);
    fanos_bench_data_timing tm;
    double x[1] = {0};
    ck_assert_int_eq(fanos_bench_data(p, x, 1, &tm), FANOS_ECONFLICT);
    ck_assert_int_eq(fanos_bench_data(NULL, x, 1, &tm), FANOS_ENULL);
    ck_assert_int_eq(fanos_bench_data(p, NULL, 1, &tm), FANOS_ENULL);
    ck_assert_int_eq(fanos_bench_data(p, x, 1, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_bench_data(p, x, 0, &tm), FANOS_ERANGE);
    ck_assert_int_eq(fanos_bench_data(p, x, FANOS_BENCH_MAX_REPS + 1, &tm),
                     FANOS_ERANGE);
    fanos_problem_free(p);
    fanos_problem *r = problem(fanos_problem_rosenbrock, NULL);
    double *xr;
    setup(r, 0, &xr);
    ck_assert_int_eq(fanos_bench_data(r, xr, 1, &tm), FANOS_EUNKNOWN);
    free(xr);
    fanos_problem_free(r);

    bench_data_twin(fanos_problem_mlp, kv);
    /* three layers: forward 3, weight gradients 3, input adjoints 2 */
    const char *k32[] = {"widths", "784,6,5,10", "ntrain", "32", "ntest", "9",
                         "batch", "8", NULL};
    bench_data_calls(fanos_problem_mlp, k32, 8);
    make_corpus();
    const char *kc[] = {"data", corpus_dir, "context", "5", "embed", "4",
                        "hidden", "7", "ntrain", "30", "nvalid", "11",
                        "batch", "8", NULL};
    bench_data_twin(fanos_problem_charlm, kc);
    /* two layers, and the input adjoint of the embedding: 2 + 2 + 2 */
    const char *c32[] = {"data", corpus_dir, "context", "5", "embed", "4",
                         "hidden", "7", "ntrain", "32", "nvalid", "11",
                         "batch", "8", NULL};
    bench_data_calls(fanos_problem_charlm, c32, 6);
    rm_corpus();
}
END_TEST

/* ---- mini-batches ---- */

/* The permutation of an epoch as the spec defines it, made here: gsl_ran_shuffle of 0..n-1 with an
 * mt19937 seeded with the low 32 bits of splitmix64(2^32 s + e). */
static void spec_permutation(unsigned long s, unsigned long e, size_t n,
                             size_t *perm)
{
    uint64_t z = ((uint64_t)s << 32) + e + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, (unsigned long)(z & 0xffffffffULL));
    for (size_t i = 0; i < n; i++)
        perm[i] = i;
    gsl_ran_shuffle(r, perm, n, sizeof *perm);
    gsl_rng_free(r);
}

/* [MB1] fanos_epoch_permutation: a permutation, the spec's, the same on
 * every call, and another one for another seed or epoch. */
START_TEST(test_epoch_permutation)
{
    enum { N = 1000 };
    static size_t a[N], b[N], c[N], seen[N];
    ck_assert_int_eq(fanos_epoch_permutation(3, 0, N, a), FANOS_OK);
    ck_assert_int_eq(fanos_epoch_permutation(3, 0, N, b), FANOS_OK);
    ck_assert_mem_eq(a, b, sizeof a);
    spec_permutation(3, 0, N, c);
    ck_assert_mem_eq(a, c, sizeof a);
    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < N; i++)
        seen[a[i]]++;
    for (size_t i = 0; i < N; i++)
        ck_assert_uint_eq(seen[i], 1);
    ck_assert_int_eq(fanos_epoch_permutation(4, 0, N, b), FANOS_OK);
    ck_assert(memcmp(a, b, sizeof a) != 0);
    ck_assert_int_eq(fanos_epoch_permutation(3, 1, N, b), FANOS_OK);
    ck_assert(memcmp(a, b, sizeof a) != 0);
    ck_assert_int_eq(fanos_epoch_permutation(4294967294UL, 7, N, b), FANOS_OK);
    ck_assert_int_eq(fanos_epoch_permutation(4294967295UL, 0, N, b),
                     FANOS_ERANGE);
    ck_assert_int_eq(fanos_epoch_permutation(0, 0, 0, b), FANOS_EDIM);
    ck_assert_int_eq(fanos_epoch_permutation(0, 0, N, NULL), FANOS_ENULL);
}
END_TEST

/* The indices of the batches of steps calls with a gradient, in order,
 * into idx (steps * B values; the last batch of an epoch padded with
 * SIZE_MAX). */
static void batch_sequence(fanos_problem *p, double *x, size_t n, size_t steps,
                           size_t B, size_t *idx, size_t *epochs)
{
    double *g = malloc(n * sizeof *g), f, f2;
    fanos_batch_info bi;
    ck_assert_int_eq(fanos_problem_batch_info(p, &bi), FANOS_OK);
    ck_assert(!bi.started);
    for (size_t k = 0; k < steps; k++) {
        ck_assert_int_eq(fanos_problem_fdf(p, n, x, &f, g), FANOS_OK);
        ck_assert_int_eq(fanos_problem_batch_info(p, &bi), FANOS_OK);
        ck_assert(bi.started && bi.count <= B);
        for (size_t i = 0; i < B; i++)
            idx[k * B + i] = i < bi.count ? bi.indices[i] : SIZE_MAX;
        epochs[k] = bi.epoch;
        /* a call without a gradient takes the same batch, and moves nothing */
        ck_assert_int_eq(fanos_problem_fdf(p, n, x, &f2, NULL), FANOS_OK);
        ck_assert_double_eq(f, f2);
        fanos_batch_info b2;
        ck_assert_int_eq(fanos_problem_batch_info(p, &b2), FANOS_OK);
        ck_assert(b2.epoch == bi.epoch && b2.step == bi.step);
    }
    free(g);
}

/* [MB1] [MB3] two separate instances of mlp with the same seed take the
 * same batches, slices of the permutation of each epoch (100 examples,
 * batches of 32: 4 steps an epoch, the last of 4 examples); another seed
 * takes other batches, and every epoch is another order. */
START_TEST(test_batches_same_in_two_instances)
{
    enum { N = 100, B = 32, STEPS = 9 };
    static size_t i1[STEPS * B], i2[STEPS * B], i3[STEPS * B], perm[N];
    size_t e1[STEPS], e2[STEPS], e3[STEPS];
    const char *kv[] = {"widths", "784,3,10", "ntrain", "100", "ntest", "5",
                        "batch", "32", NULL};
    fanos_problem *p1 = problem(fanos_problem_mlp, kv);
    fanos_problem *p2 = problem(fanos_problem_mlp, kv);
    fanos_problem *p3 = problem(fanos_problem_mlp, kv);
    double *x1, *x2, *x3;
    const size_t n = setup(p1, 11, &x1);
    setup(p2, 11, &x2);
    setup(p3, 12, &x3);
    fanos_batch_info bi;
    ck_assert_int_eq(fanos_problem_batch_info(p1, &bi), FANOS_OK);
    ck_assert(bi.examples == N && bi.batch == B && bi.steps_per_epoch == 4);
    batch_sequence(p1, x1, n, STEPS, B, i1, e1);
    batch_sequence(p2, x2, n, STEPS, B, i2, e2);
    batch_sequence(p3, x3, n, STEPS, B, i3, e3);
    ck_assert_mem_eq(i1, i2, sizeof i1);
    ck_assert(memcmp(i1, i3, sizeof i1) != 0);
    for (size_t k = 0; k < STEPS; k++) {
        ck_assert_uint_eq(e1[k], k / 4);
        spec_permutation(11, e1[k], N, perm);
        const size_t step = k % 4, cnt = step < 3 ? B : N - 3 * B;
        for (size_t i = 0; i < B; i++)
            ck_assert_uint_eq(i1[k * B + i], i < cnt ? perm[step * B + i]
                                                     : SIZE_MAX);
    }
    /* epoch 1 is another order than epoch 0 */
    ck_assert(memcmp(i1, i1 + 4 * B, 3 * B * sizeof *i1) != 0);
    free(x1), free(x2), free(x3);
    fanos_problem_free(p1);
    fanos_problem_free(p2);
    fanos_problem_free(p3);
}
END_TEST

/* [MB2] [ST7] ntrain = N and the full batch: the batch is every example
 * in file order at every call, and two runs of AdamW from the same draw
 * are bit for bit the same (iterate and loss); with mini-batches too. */
START_TEST(test_full_batch_deterministic)
{
    const char *batches[] = {"0", "24"};
    for (int k = 0; k < 2; k++) {
        const char *kv[] = {"widths", "784,16,10", "ntrain", "60", "ntest",
                            "10", "batch", batches[k], NULL};
        double *xs[2], loss[2];
        size_t n = 0;
        for (int r = 0; r < 2; r++) {
            fanos_problem *p = problem(fanos_problem_mlp, kv);
            n = setup(p, 4, &xs[r]);
            fanos_optimizer *o;
            ck_assert_int_eq(fanos_optimizer_alloc(&o, fanos_optimizer_adamw, n),
                             FANOS_OK);
            ck_assert_int_eq(fanos_optimizer_set(o, "lr", 1e-3), FANOS_OK);
            fanos_run_options ro;
            fanos_run_options_init(&ro);
            ro.budget = 12;
            fanos_run_result res;
            ck_assert_int_eq(fanos_run(fanos_problem_fdf, p, n, xs[r], o, &ro,
                                       &res), FANOS_OK);
            ck_assert(!res.diverged && res.steps == 12);
            loss[r] = res.final_loss;
            fanos_batch_info bi;
            ck_assert_int_eq(fanos_problem_batch_info(p, &bi), FANOS_OK);
            if (k == 0) {
                ck_assert(bi.count == 60 && bi.steps_per_epoch == 1 &&
                          bi.epoch == 11);
                for (size_t i = 0; i < 60; i++)
                    ck_assert_uint_eq(bi.indices[i], i);
            }
            fanos_optimizer_free(o);
            fanos_problem_free(p);
        }
        ck_assert(memcmp(&loss[0], &loss[1], sizeof loss[0]) == 0);
        ck_assert(memcmp(xs[0], xs[1], n * sizeof *xs[0]) == 0);
        free(xs[0]);
        free(xs[1]);
    }
}
END_TEST

/* ---- evaluation, budgets in epochs ---- */

/* [MB5] [MB6] [MB4] an experiment in memory on softmax (100 examples,
 * batches of 30: 4 steps an epoch): epochs = 3 runs 12 steps; eval_every
 * = 5 records steps 0, 5, 10 and the last, 12, the first one the held-out
 * metrics of the start point; a non-finite iterate is recorded as
 * diverged.  In batches of 20 (5 steps an epoch) epochs = 6 runs 30
 * steps, and the largest budget that fits a size_t is taken: epochs =
 * (2^64 - 1) / 5 (5 divides 2^64 - 1) runs until SGD at lr 1e308
 * diverges, one epoch more is FANOS_EBUDGET. */
START_TEST(test_epochs_and_eval_log)
{
    const fanos_problem_type *probs[] = {fanos_problem_softmax};
    const char *keys[] = {"ntrain", "ntest", "batch"};
    const char *vals[] = {"100", "40", "30"};
    const double lr[] = {1e-2};
    const unsigned long seeds[] = {6};
    fanos_experiment_method m = {"AdamW", fanos_optimizer_adamw, NULL, NULL,
                                 0, 0, NULL, 0, NULL, 0};
    fanos_experiment e;
    memset(&e, 0, sizeof e);
    e.name = "t";
    e.problems = probs;
    e.nproblems = 1;
    e.problem_keys = keys;
    e.problem_vals = vals;
    e.nproblem_set = 3;
    e.budget = 1;
    e.epochs = 3;
    e.eval_every = 5;
    e.lr = lr;
    e.nlr = 1;
    e.seeds[FANOS_DRAWS_FRESH] = seeds;
    e.nseeds[FANOS_DRAWS_FRESH] = 1;
    e.methods = &m;
    e.nmethods = 1;
    fanos_experiment_run *runs;
    size_t nruns;
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &nruns), FANOS_OK);
    ck_assert_uint_eq(nruns, 1);
    fanos_experiment_result res;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res),
                     FANOS_OK);
    ck_assert_uint_eq(res.run.evals, 12);
    ck_assert_uint_eq(res.eval.nrecords, 4);
    const size_t steps[] = {0, 5, 10, 12};
    for (size_t i = 0; i < 4; i++) {
        const fanos_eval_record *r = &res.eval.records[i];
        ck_assert_uint_eq(r->step, steps[i]);
        ck_assert(!r->diverged && isfinite(r->m.loss) && r->m.count == 40);
        ck_assert(i == 0 ? isnan(r->batch_loss) : isfinite(r->batch_loss));
    }
    /* step 0: the held-out metrics of the start point */
    fanos_problem *p;
    ck_assert_int_eq(fanos_experiment_problem(&e, 0, 0, &p), FANOS_OK);
    double *x;
    const size_t n = setup(p, 6, &x);
    fanos_eval_metrics em;
    ck_assert_int_eq(fanos_problem_eval(p, x, &em), FANOS_OK);
    ck_assert_double_eq(em.loss, res.eval.records[0].m.loss);
    ck_assert_double_eq(em.accuracy, res.eval.records[0].m.accuracy);
    fanos_experiment_result_free(&res);
    /* budgets in epochs of 5 steps */
    vals[2] = "20";
    e.eval_every = 0;
    e.epochs = 6;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res),
                     FANOS_OK);
    ck_assert_uint_eq(res.run.evals, 30);
    ck_assert(!res.run.diverged);
    fanos_experiment_result_free(&res);
    ck_assert_uint_eq(SIZE_MAX % 5, 0);
    fanos_experiment_run huge = runs[0];
    fanos_experiment_method sgd = {"SGD", fanos_optimizer_sgd, NULL, NULL, 0, 0, NULL, 0, NULL, 0};
    e.methods = &sgd;
    huge.lr = 1e308;
    e.epochs = SIZE_MAX / 5;
    ck_assert_int_eq(fanos_experiment_execute(&e, &huge, NULL, &res), FANOS_OK);
    ck_assert(res.run.diverged && res.run.evals < 100);
    fanos_experiment_result_free(&res);
    e.epochs = SIZE_MAX / 5 + 1;
    ck_assert_int_eq(fanos_experiment_execute(&e, &huge, NULL, &res),
                     FANOS_EBUDGET);
    e.methods = &m;
    vals[2] = "30";
    e.epochs = 3;
    /* by hand: a non-finite iterate is a divergence, not a number */
    fanos_eval_log log;
    ck_assert_int_eq(fanos_eval_log_init(&log, p, 1), FANOS_OK);
    x[3] = NAN;
    ck_assert_int_eq(fanos_eval_log_point(&log, 7, 1.0, x, n), FANOS_OK);
    ck_assert(log.nrecords == 1 && log.records[0].diverged);
    fanos_eval_log_free(&log);
    ck_assert_int_eq(fanos_eval_log_init(&log, p, 0), FANOS_ERANGE);
    /* epochs for a problem without batches is refused */
    fanos_problem *q;
    ck_assert_int_eq(fanos_problem_alloc(&q, fanos_problem_rosenbrock),
                     FANOS_OK);
    ck_assert_int_eq(fanos_eval_log_init(&log, q, 1), FANOS_EUNKNOWN);
    fanos_problem_free(q);
    const fanos_problem_type *rb[] = {fanos_problem_rosenbrock};
    e.problems = rb;
    e.nproblem_set = 0;
    e.eval_every = 0;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res),
                     FANOS_ECONFLICT);
    fanos_experiment_result_free(&res);
    free(runs);
    free(x);
    fanos_problem_free(p);
}
END_TEST

/* ---- bad sizes, bad data, no reference draws ---- */

/* [MB7] [PR4] [PR5] ntrain, ntest or batch above what the data holds is
 * FANOS_EDIM at setup, with the parameter named in the data error, and
 * exactly what it holds (60000 and 10000 examples) is taken; a
 * batch above ntrain is a conflict; widths must run from 784 to 10;
 * charlm takes one or two hidden layers and c e <= 16384; a missing folder
 * is FANOS_EIO naming the file; reference draws are FANOS_EUNKNOWN; the
 * path parameter takes up to 4095 bytes. */
START_TEST(test_bad_sizes_and_data)
{
    double x1[1];
    int status;
    fanos_data_error err;
    const char *over[][2] = {{"ntrain", "60001"}, {"ntest", "10001"}};
    for (int k = 0; k < 2; k++) {
        const char *kv[] = {"widths", "784,10", over[k][0], over[k][1], NULL};
        fanos_problem *p = problem(fanos_problem_mlp, kv);
        double *x = malloc(fanos_problem_size(p) * sizeof *x);
        ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x),
                         FANOS_EDIM);
        ck_assert_int_eq(fanos_problem_data_error(p, &status, &err), FANOS_OK);
        ck_assert_int_eq(status, FANOS_EDIM);
        ck_assert_str_eq(fanos_problem_get_type(p)->params[err.index].name,
                         over[k][0]);
        ck_assert_uint_eq(err.value, k ? 10000 : 60000);
        ck_assert_str_eq(err.file, fanos_mnist_default_dir());
        free(x);
        fanos_problem_free(p);
    }
    {
        const char *kv[] = {"widths", "784,10", "ntrain", "60000", "ntest", "10000",
                            "batch", "60000", NULL};
        fanos_problem *p = problem(fanos_problem_mlp, kv);
        double *x = malloc(fanos_problem_size(p) * sizeof *x);
        ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x),
                         FANOS_OK);
        fanos_batch_info bi;
        ck_assert_int_eq(fanos_problem_batch_info(p, &bi), FANOS_OK);
        ck_assert_uint_eq(bi.examples, 60000);
        fanos_eval_metrics m;
        ck_assert_int_eq(fanos_problem_eval(p, x, &m), FANOS_OK);
        ck_assert_uint_eq(m.count, 10000);
        free(x);
        fanos_problem_free(p);
    }
    const char *kv2[] = {"widths", "784,10", "ntrain", "10", "batch", "11",
                         NULL};
    fanos_problem *p = problem(fanos_problem_mlp, kv2);
    size_t bad;
    ck_assert_int_eq(fanos_problem_check(p, &bad), FANOS_ECONFLICT);
    ck_assert_str_eq(fanos_problem_get_type(p)->params[bad].name, "batch");
    ck_assert_uint_eq(fanos_problem_size(p), 0);
    ck_assert_int_eq(fanos_problem_set_text(p, "widths", "784,5,9"), FANOS_OK);
    ck_assert_int_eq(fanos_problem_set_text(p, "batch", "10"), FANOS_OK);
    ck_assert_int_eq(fanos_problem_check(p, &bad), FANOS_ECONFLICT);
    ck_assert_str_eq(fanos_problem_get_type(p)->params[bad].name, "widths");
    ck_assert_int_eq(fanos_problem_set_text(p, "widths", "784,5,10"), FANOS_OK);
    ck_assert_int_eq(fanos_problem_set(p, "data", 1), FANOS_ERANGE);
    const char *dir;
    ck_assert_int_eq(fanos_problem_get_text(p, "data", &dir), FANOS_OK);
    ck_assert_str_eq(dir, "");
    double v;
    ck_assert_int_eq(fanos_problem_get(p, "data", &v), FANOS_EDIM);
    ck_assert_int_eq(fanos_problem_get_text(p, "batch", &dir), FANOS_EDIM);
    char *longp = malloc(FANOS_PATH_PARAM_MAX + 2);
    memset(longp, 'a', FANOS_PATH_PARAM_MAX + 1);
    longp[FANOS_PATH_PARAM_MAX + 1] = '\0';
    ck_assert_int_eq(fanos_problem_set_text(p, "data", longp), FANOS_ERANGE);
    longp[FANOS_PATH_PARAM_MAX] = '\0';
    ck_assert_int_eq(fanos_problem_set_text(p, "data", longp), FANOS_OK);
    free(longp);
    ck_assert_int_eq(fanos_problem_set_text(p, "data", "/nonexistent/fm"),
                     FANOS_OK);
    ck_assert_int_eq(fanos_problem_get_text(p, "data", &dir), FANOS_OK);
    ck_assert_str_eq(dir, "/nonexistent/fm");
    double *x = malloc(fanos_problem_size(p) * sizeof *x);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x),
                     FANOS_EIO);
    ck_assert_int_eq(fanos_problem_data_error(p, &status, &err), FANOS_OK);
    ck_assert_int_eq(status, FANOS_EIO);
    ck_assert_str_eq(err.file, "/nonexistent/fm/train-images-idx3-ubyte.gz");
    /* no reference draws, whatever the folder */
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_REFERENCE, 0, "/tmp",
                                         x), FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_problem_data_error(p, &status, &err), FANOS_OK);
    ck_assert_int_eq(status, FANOS_OK);
    ck_assert_int_eq(fanos_problem_eval(p, x, &(fanos_eval_metrics){0}),
                     FANOS_ECONFLICT);
    free(x);
    fanos_problem_free(p);
    /* a batch above the examples of the data */
    const char *kv3[] = {"batch", "60001", NULL};
    p = problem(fanos_problem_softmax, kv3);
    x = malloc(fanos_problem_size(p) * sizeof *x);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x),
                     FANOS_EDIM);
    ck_assert_int_eq(fanos_problem_data_error(p, &status, &err), FANOS_OK);
    ck_assert_str_eq(fanos_problem_get_type(p)->params[err.index].name, "batch");
    free(x);
    fanos_problem_free(p);
    /* charlm: the layers, the window, the size of a corpus not read */
    const char *kv4[] = {"hidden", "4,4,4", NULL};
    p = problem(fanos_problem_charlm, kv4);
    ck_assert_int_eq(fanos_problem_check(p, &bad), FANOS_ECONFLICT);
    ck_assert_str_eq(fanos_problem_get_type(p)->params[bad].name, "hidden");
    ck_assert_int_eq(fanos_problem_set_text(p, "hidden", "4,4"), FANOS_OK);
    ck_assert_int_eq(fanos_problem_set_text(p, "context", "129"), FANOS_OK);
    ck_assert_int_eq(fanos_problem_set_text(p, "embed", "128"), FANOS_OK);
    ck_assert_int_eq(fanos_problem_check(p, &bad), FANOS_ECONFLICT);
    ck_assert_str_eq(fanos_problem_get_type(p)->params[bad].name, "embed");
    ck_assert_int_eq(fanos_problem_set_text(p, "context", "128"), FANOS_OK);
    ck_assert_int_eq(fanos_problem_check(p, &bad), FANOS_OK);
    ck_assert_int_eq(fanos_problem_set_text(p, "data", "/nonexistent/f"),
                     FANOS_OK);
    ck_assert_uint_eq(fanos_problem_size(p), 0);
    ck_assert_int_eq(fanos_problem_data_error(p, &status, &err), FANOS_OK);
    ck_assert_int_eq(status, FANOS_EIO);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x1),
                     FANOS_EIO);
    fanos_problem_free(p);
    /* charlm: more positions than the corpus holds */
    make_corpus();
    const char *kv5[] = {"data", corpus_dir, "context", "4", "embed", "2",
                         "hidden", "3", "nvalid", "301", NULL};
    p = problem(fanos_problem_charlm, kv5);
    x = malloc(fanos_problem_size(p) * sizeof *x);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x),
                     FANOS_EDIM);
    ck_assert_int_eq(fanos_problem_data_error(p, &status, &err), FANOS_OK);
    ck_assert_str_eq(fanos_problem_get_type(p)->params[err.index].name,
                     "nvalid");
    ck_assert_uint_eq(err.value, 300);      /* 3000 bytes: 2700 + 300 */
    ck_assert_int_eq(fanos_problem_set_text(p, "nvalid", "300"), FANOS_OK);
    ck_assert_int_eq(fanos_problem_set_text(p, "ntrain", "2697"), FANOS_OK);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x),
                     FANOS_EDIM);
    ck_assert_int_eq(fanos_problem_set_text(p, "ntrain", "2696"), FANOS_OK);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x),
                     FANOS_OK);
    free(x);
    fanos_problem_free(p);
    rm_corpus();
}
END_TEST

static Suite *learn_suite(void)
{
    Suite *s = suite_create("learn");
    TCase *tc = tcase_create("learn");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_fd_mlp);
    tcase_add_test(tc, test_fd_softmax);
    tcase_add_test(tc, test_fd_charlm);
    tcase_add_test(tc, test_mlp_loss_from_definition);
    tcase_add_test(tc, test_softmax_loss_from_definition);
    tcase_add_test(tc, test_charlm_loss_from_definition);
    tcase_add_test(tc, test_work_counts);
    tcase_add_test(tc, test_bench_data);
    tcase_add_test(tc, test_epoch_permutation);
    tcase_add_test(tc, test_batches_same_in_two_instances);
    tcase_add_test(tc, test_full_batch_deterministic);
    tcase_add_test(tc, test_epochs_and_eval_log);
    tcase_add_test(tc, test_bad_sizes_and_data);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
#ifdef HAVE_OPENBLAS_SET_NUM_THREADS
    openblas_set_num_threads(1);    /* as the fanos command runs */
#endif
    SRunner *sr = srunner_create(learn_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
