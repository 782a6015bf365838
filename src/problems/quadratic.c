/* quadratic.c - the ill-conditioned quadratic of the T3 sweep and its
 * fresh draws (doc/spec.md section 7). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "core/internal.h"


struct fanos_quadratic {
    size_t d;
    double cond;
    double *A;          /* d x d, row-major, symmetric */
};

/* Q of the Householder QR factorisation of W (row-major, d x d) into Q.
 * The work arrays are ours (GSL views, no GSL allocation), and W is
 * square and finite, so GSL has no error to raise here; its global error
 * handler is left alone, as threads may share it. */
static int orthogonal_factor(size_t d, const double *W, double *Q)
{
    double *qr = malloc(d * d * sizeof *qr);
    double *r = malloc(d * d * sizeof *r);
    double *tau = malloc(d * sizeof *tau);
    int rc = (qr && r && tau) ? FANOS_OK : FANOS_ENOMEM;
    if (rc == FANOS_OK) {
        memcpy(qr, W, d * d * sizeof *W);
        gsl_matrix_view qrv = gsl_matrix_view_array(qr, d, d);
        gsl_matrix_view rv = gsl_matrix_view_array(r, d, d);
        gsl_matrix_view qv = gsl_matrix_view_array(Q, d, d);
        gsl_vector_view tv = gsl_vector_view_array(tau, d);
        /* [Q2] $Q$ is the orthogonal factor of the Householder QR factorisation $W = QR$ of the $d
         * \times d$ matrix $W$ (GSL); the column signs it picks do not change $A$. */
        if (gsl_linalg_QR_decomp(&qrv.matrix, &tv.vector) != GSL_SUCCESS ||
            gsl_linalg_QR_unpack(&qrv.matrix, &tv.vector, &qv.matrix,
                                 &rv.matrix) != GSL_SUCCESS)
            rc = FANOS_ENONFINITE;
    }
    free(tau);
    free(r);
    free(qr);
    return rc;
}

/* A = Q diag(lambda) Q^T into q->A; B is d x d scratch. */
static void build_matrix(fanos_quadratic *q, double *Q, double *B)
{
    const size_t d = q->d;
    for (size_t j = 0; j < d; j++) {
        /* [Q1] $\lambda_i = \kappa^{(i-1)/(d-1)}$ for $i = 1, \dots, d$, so $\lambda_1 = 1$ and
         * $\lambda_d = \kappa$ ($d \ge 2$, $1 \le \kappa < \infty$). */
        const double lambda = pow(q->cond, (double)j / (double)(d - 1));
        for (size_t i = 0; i < d; i++)
            B[i * d + j] = Q[i * d + j] * lambda;
    }
    /* [Q3] $A = Q\,\mathrm{diag}(\lambda)\,Q^\top$, formed as $(Q\,\mathrm{diag}(\lambda))\,Q^\top$
     * by dgemm and then symmetrised: $A \leftarrow \frac{1}{2}(A + A^\top)$. */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)d, (int)d,
                (int)d, 1.0, B, (int)d, Q, (int)d, 0.0, q->A, (int)d);
    for (size_t i = 0; i < d; i++)
        for (size_t j = i + 1; j < d; j++) {
            const double s = 0.5 * (q->A[i * d + j] + q->A[j * d + i]);
            q->A[i * d + j] = q->A[j * d + i] = s;
        }
}

int fanos_quadratic_alloc(fanos_quadratic **out, size_t d, double cond,
                          const double *W)
{
    if (!out || !W)
        return FANOS_ENULL;
    *out = NULL;
    /* cblas takes int sizes: d*d must fit. */
    if (d < 2 || d > 46340)
        return FANOS_EDIM;
    if (!(cond >= 1.0) || !isfinite(cond))
        return FANOS_ERANGE;
    if (fanos_any_nonfinite(W, d * d))
        return FANOS_ENONFINITE;
    fanos_quadratic *q = calloc(1, sizeof *q);
    double *Q = malloc(d * d * sizeof *Q);
    double *B = malloc(d * d * sizeof *B);
    int rc = FANOS_ENOMEM;
    if (q && Q && B && (q->A = malloc(d * d * sizeof *q->A))) {
        q->d = d;
        q->cond = cond;
        rc = orthogonal_factor(d, W, Q);
        if (rc == FANOS_OK)
            build_matrix(q, Q, B);
    }
    free(B);
    free(Q);
    if (rc != FANOS_OK) {
        fanos_quadratic_free(q);
        return rc;
    }
    *out = q;
    return FANOS_OK;
}

void fanos_quadratic_free(fanos_quadratic *q)
{
    if (!q)
        return;
    free(q->A);
    free(q);
}

const double *fanos_quadratic_matrix(const fanos_quadratic *q)
{
    return q ? q->A : NULL;
}

/* Thread-safe: A is only read and no scratch is shared, so one quadratic
 * may serve several runs at once.  Without g, Ax goes to a buffer of its
 * own, so that f is the same number with or without the gradient. */
int fanos_quadratic_fdf(void *ctx, size_t n, const double *x, double *f,
                        double *g)
{
    const fanos_quadratic *q = ctx;
    if (!q || !x || !f)
        return FANOS_ENULL;
    if (n != q->d)
        return FANOS_EDIM;
    double *ax = g ? g : malloc(n * sizeof *ax);
    if (!ax)
        return FANOS_ENOMEM;
    const int d = (int)n;
    /* [Q4] $f(x) = \frac{1}{2} x^\top A x$ and $\nabla f(x) = A x$. */
    cblas_dsymv(CblasRowMajor, CblasUpper, d, 1.0, q->A, d, x, 1, 0.0, ax, 1);
    *f = 0.5 * cblas_ddot(d, x, 1, ax, 1);
    if (!g)
        free(ax);
    return FANOS_OK;
}

int fanos_quadratic_draw(size_t d, unsigned long seed, double *x0, double *W)
{
    if (!x0 || !W)
        return FANOS_ENULL;
    if (d == 0 || d > 46340)
        return FANOS_EDIM;
    /* GSL's mt19937 keeps the low 32 bits of a seed: the largest stream
     * seed 2s + 2 must stay below 2^32 for every stream to be distinct. */
    if (seed > FANOS_QUADRATIC_SEED_MAX)
        return FANOS_ERANGE;
    gsl_rng *rx = fanos_rng_alloc();
    gsl_rng *rw = fanos_rng_alloc();
    if (!rx || !rw) {
        fanos_rng_free(rx);
        fanos_rng_free(rw);
        return FANOS_ENOMEM;
    }
    /* [Q5] Fresh draws for seed $s$: $x_0 \sim N(0, I_d)$ from a GSL mt19937 stream seeded $2s + 1$
     * and $W_{ij} \sim N(0, 1)$ i.i.d., row by row, from a second stream seeded $2s + 2$ ($0 \le s
     * \le 2^{31} - 2$), so no stream is seeded 0 and $x_0$ and $W$ never share one. */
    gsl_rng_set(rx, 2 * seed + 1);
    gsl_rng_set(rw, 2 * seed + 2);
    for (size_t i = 0; i < d; i++)
        x0[i] = gsl_ran_gaussian(rx, 1.0);
    for (size_t i = 0; i < d * d; i++)
        W[i] = gsl_ran_gaussian(rw, 1.0);
    fanos_rng_free(rx);
    fanos_rng_free(rw);
    return FANOS_OK;
}

/* ---- the problem type ---------------------------------------------------- */

enum { QP_DIM, QP_COND, QP_COUNT };

/* A larger quadratic would not be a benchmark but a memory test: A alone
 * takes 8 d^2 bytes (800 MB at d = 10000). */
static const fanos_param_info quadratic_params[QP_COUNT] = {
    {"dim", FANOS_PARAM_INT, 100, 2, 10000, 0, 0,
     "number of parameters D; A has D*D entries", NULL, NULL},
    {"cond", FANOS_PARAM_REAL, 100, 1, FANOS_INF, 0, 1,
     "condition number kappa of A", NULL, NULL},
};

static size_t quadratic_size(const fanos_problem *p)
{
    double d;
    fanos_problem_get(p, "dim", &d);
    return (size_t)d;
}

static int quadratic_setup(const fanos_problem *p, fanos_draws draws,
                           unsigned long seed, const char *dir, void **ctx,
                           double *x0)
{
    const size_t d = quadratic_size(p);
    double cond;
    fanos_problem_get(p, "cond", &cond);
    *ctx = NULL;
    double *W = malloc(d * d * sizeof *W);
    if (!W)
        return FANOS_ENOMEM;
    int rc = draws == FANOS_DRAWS_REFERENCE
                 ? fanos_reference_quadratic(dir, seed, d, x0, W)
                 : fanos_quadratic_draw(d, seed, x0, W);
    fanos_quadratic *q = NULL;
    if (rc == FANOS_OK)
        rc = fanos_quadratic_alloc(&q, d, cond, W);
    free(W);
    *ctx = q;
    return rc;
}

static void quadratic_free_ctx(void *ctx)
{
    fanos_quadratic_free(ctx);
}

const fanos_problem_type fanos_ptype_quadratic = {
    .name = "quadratic",
    .summary = "ill-conditioned quadratic x'Ax/2, A = Q diag(lambda) Q'",
    .params = quadratic_params,
    .nparams = QP_COUNT,
    .axis = "cond",
    .reference_dim = FANOS_REFERENCE_DIM,
    .reference_files = "quadratic_seed%lu.csv",
    .reference_seeds = "0..2",
    .fresh_seed_max = FANOS_QUADRATIC_SEED_MAX,
    .protocol = FANOS_PROTOCOL_RUN,
    .size = quadratic_size,
    .setup = quadratic_setup,
    .fdf = fanos_quadratic_fdf,
    .free = quadratic_free_ctx,
};
