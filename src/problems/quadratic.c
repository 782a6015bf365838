/* quadratic.c - the ill-conditioned quadratic of the T3 sweep and its
 * fresh draws (doc/spec.md section 7). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "core/internal.h"


struct fanos_quadratic {
    size_t d;
    double cond;
    double *A;          /* d x d, row-major, symmetric */
};

/* Apply the reflection H = I - tau u u^T, u = (1, v[1..]) with v[i] =
 * M[(k + i) d + k] below the diagonal of column k of V (row-major, d x d),
 * from the left to rows k..d-1 of M, columns from j0 on; w is scratch.
 * Row by row, so that the inner loops run along rows; each sum w_j is
 * taken over the rows in order. */
static void reflect(size_t d, size_t k, const double *V, double tau,
                    double *M, size_t j0, double *w)
{
    for (size_t j = j0; j < d; j++)
        w[j] = M[k * d + j];
    for (size_t i = k + 1; i < d; i++) {
        const double u = V[i * d + k];
        for (size_t j = j0; j < d; j++)
            w[j] += u * M[i * d + j];
    }
    for (size_t j = j0; j < d; j++)
        M[k * d + j] -= tau * w[j];
    for (size_t i = k + 1; i < d; i++) {
        const double tu = tau * V[i * d + k];
        for (size_t j = j0; j < d; j++)
            M[i * d + j] -= tu * w[j];
    }
}

/* Q of the Householder QR factorisation of W (row-major, d x d) into Q,
 * with GSL's reflections (gsl_linalg_QR_decomp and gsl_linalg_QR_unpack:
 * beta = -sign(alpha) |(alpha, x)|, tau = (beta - alpha) / beta, u = (1,
 * x / (alpha - beta))) but in loops of this file: GSL's routines call the
 * BLAS, whose kernels differ from CPU to CPU ([Q6]).  W is finite. */
static int orthogonal_factor(size_t d, const double *W, double *Q)
{
    double *R = malloc(d * d * sizeof *R);
    double *tau = malloc(d * sizeof *tau);
    double *w = malloc(d * sizeof *w);
    if (!R || !tau || !w) {
        free(R);
        free(tau);
        free(w);
        return FANOS_ENOMEM;
    }
    memcpy(R, W, d * d * sizeof *W);
    /* [Q2] $Q$ is the orthogonal factor of the Householder QR factorisation $W = QR$ of the $d
     * \times d$ matrix $W$, with the reflections of GSL's `gsl_linalg_QR_decomp` computed by the
     * package's own loops; the column signs it picks do not change $A$. */
    for (size_t k = 0; k < d; k++) {
        double scale = 0.0, ss = 0.0;
        for (size_t i = k + 1; i < d; i++)
            scale = fmax(scale, fabs(R[i * d + k]));
        for (size_t i = k + 1; scale > 0.0 && i < d; i++) {
            const double t = R[i * d + k] / scale;
            ss += t * t;
        }
        const double xnorm = scale * sqrt(ss), alpha = R[k * d + k];
        tau[k] = 0.0;
        if (xnorm == 0.0)
            continue;
        const double beta = (alpha >= 0.0 ? -1.0 : 1.0) * hypot(alpha, xnorm);
        tau[k] = (beta - alpha) / beta;
        for (size_t i = k + 1; i < d; i++)
            R[i * d + k] /= alpha - beta;
        R[k * d + k] = beta;
        reflect(d, k, R, tau[k], R, k + 1, w);
    }
    for (size_t i = 0; i < d * d; i++)
        Q[i] = 0.0;
    for (size_t i = 0; i < d; i++)
        Q[i * d + i] = 1.0;
    for (size_t k = d; k-- > 0;)
        if (tau[k] != 0.0)
            reflect(d, k, R, tau[k], Q, k, w);
    free(w);
    free(tau);
    free(R);
    return FANOS_OK;
}

/* A = Q diag(lambda) Q^T into q->A; Q is overwritten by its transpose and
 * B is d x d scratch.  Every product is a plain loop of this file in a
 * fixed order of summation, so that A does not depend on the BLAS kernels
 * the CPU gets ([Q6]); the inner loops run along rows, so they vectorise
 * without reordering any sum. */
static void build_matrix(fanos_quadratic *q, double *Q, double *B)
{
    const size_t d = q->d;
    double *A = q->A;
    for (size_t i = 0; i < d; i++)
        for (size_t j = i + 1; j < d; j++) {
            const double t = Q[i * d + j];
            Q[i * d + j] = Q[j * d + i];
            Q[j * d + i] = t;
        }
    /* row k of B: lambda_k times column k of Q (row k of Q^T) */
    for (size_t k = 0; k < d; k++) {
        /* [Q1] $\lambda_i = \kappa^{(i-1)/(d-1)}$ for $i = 1, \dots, d$, so $\lambda_1 = 1$ and
         * $\lambda_d = \kappa$ ($d \ge 2$, $1 \le \kappa < \infty$). */
        const double lambda = pow(q->cond, (double)k / (double)(d - 1));
        for (size_t i = 0; i < d; i++)
            B[k * d + i] = Q[k * d + i] * lambda;
    }
    /* [Q3] $A = Q\,\mathrm{diag}(\lambda)\,Q^\top$, formed as $(Q\,\mathrm{diag}(\lambda))\,Q^\top$
     * and then symmetrised: $A \leftarrow \frac{1}{2}(A + A^\top)$. */
    /* [Q6] Every product of the quadratic is a loop of the package in a fixed order of summation:
     * $A_{ij} = \sum_{k=1}^{d} (Q_{ik} \lambda_k)\, Q_{jk}$ and $(Ax)_i = \sum_{j=1}^{d} A_{ji}
     * x_j$, each summed from $k = 1$ (or $j = 1$) upwards, and $x^\top A x = \sum_{i=1}^{d} x_i
     * (Ax)_i$ from $i = 1$ upwards; no BLAS call. */
    for (size_t i = 0; i < d; i++) {
        double *a = A + i * d;
        for (size_t j = 0; j < d; j++)
            a[j] = 0.0;
        for (size_t k = 0; k < d; k++) {
            const double b = B[k * d + i];
            const double *qt = Q + k * d;
            for (size_t j = 0; j < d; j++)
                a[j] += b * qt[j];
        }
    }
    for (size_t i = 0; i < d; i++)
        for (size_t j = i + 1; j < d; j++) {
            const double s = 0.5 * (A[i * d + j] + A[j * d + i]);
            A[i * d + j] = A[j * d + i] = s;
        }
}

int fanos_quadratic_alloc(fanos_quadratic **out, size_t d, double cond,
                          const double *W)
{
    if (!out || !W)
        return FANOS_ENULL;
    *out = NULL;
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
    /* [Q4] $f(x) = \frac{1}{2} x^\top A x$ and $\nabla f(x) = A x$. */
    for (size_t i = 0; i < n; i++)
        ax[i] = 0.0;
    /* row j of A is column j (A is symmetric); four rows a pass, each
     * added in turn, so every sum keeps the order j = 1, 2, ... */
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        const double x0 = x[j], x1 = x[j + 1], x2 = x[j + 2], x3 = x[j + 3];
        const double *a0 = q->A + j * n, *a1 = a0 + n, *a2 = a1 + n,
                     *a3 = a2 + n;
        for (size_t i = 0; i < n; i++) {
            double t = ax[i];
            t += a0[i] * x0;
            t += a1[i] * x1;
            t += a2[i] * x2;
            t += a3[i] * x3;
            ax[i] = t;
        }
    }
    for (; j < n; j++) {
        const double xj = x[j];
        const double *a = q->A + j * n;
        for (size_t i = 0; i < n; i++)
            ax[i] += a[i] * xj;
    }
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i] * ax[i];
    *f = 0.5 * s;
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
    gsl_rng *rx = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng *rw = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rx || !rw) {
        gsl_rng_free(rx);
        gsl_rng_free(rw);
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
    gsl_rng_free(rx);
    gsl_rng_free(rw);
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
