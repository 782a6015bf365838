/* pinn.c - physics-informed networks for Burgers and Allen-Cahn: exact
 * forward-mode input derivatives, the exact reverse pass, CBLAS products.
 *
 * Layout.  Points are processed in blocks of at most p->block points so
 * that a block's activations stay in the core's cache (two runs on the two
 * cores then do not fight for memory bandwidth).  Within a block, each
 * layer's values are stored units-major: row j of a layer buffer holds unit
 * j for every stream-point, the S streams (S = 4 at collocation points:
 * value, d/dx, d/dt, d2/dx2; S = 1 at boundary points) one after the other,
 * np points each.  A layer product is then one dgemm W (n_l x n_{l-1}) times
 * A (n_{l-1} x S np), and the element-wise passes run over contiguous rows.
 */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_rng.h>
#include "core/internal.h"


#define NSTREAMS 4
#define DEFAULT_BLOCK 32

struct fanos_pinn {
    fanos_pinn_pde pde;
    size_t nl;                          /* number of widths (layers + 1) */
    size_t w[FANOS_PINN_MAX_LAYERS];    /* widths                        */
    size_t woff[FANOS_PINN_MAX_LAYERS]; /* offset of W_l, l >= 1         */
    size_t boff[FANOS_PINN_MAX_LAYERS]; /* offset of b_l, l >= 1         */
    size_t n;                           /* number of parameters          */
    size_t wmax;                        /* widest layer                  */
    /* the points, as given, and split by role */
    size_t npts;
    int *kind;
    double *x, *t;
    size_t nf, nb;
    double *xf, *tf, *xb, *tb, *ub;
    /* workspace for one block */
    size_t block;
    double *z[FANOS_PINN_MAX_LAYERS];   /* z and its derivative streams  */
    double *a[FANOS_PINN_MAX_LAYERS];   /* a_l (a[0]: the input streams)  */
    double *bar[2];                     /* adjoints, ping-pong            */
    double *uo, *ubar;                  /* output streams, their adjoint  */
};

/* ------------------------------------------------------------------ */
/* tanh over a row: glibc's vector math library where the CPU allows     */
/* ------------------------------------------------------------------ */

static void tanh_scalar(double *y, const double *z, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = tanh(z[i]);
}

#if defined(HAVE_LIBMVEC) && defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/* libmvec's vector variants of tanh (glibc >= 2.35), within a few ulp of
 * tanh(); the x86-64 vector ABI names them. */
__attribute__((target("avx512f"))) __m512d _ZGVeN8v_tanh(__m512d z);
__attribute__((target("avx2"))) __m256d _ZGVdN4v_tanh(__m256d z);

__attribute__((target("avx512f")))
static void tanh_avx512(double *y, const double *z, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm512_storeu_pd(y + i, _ZGVeN8v_tanh(_mm512_loadu_pd(z + i)));
    tanh_scalar(y + i, z + i, n - i);
}

__attribute__((target("avx2")))
static void tanh_avx2(double *y, const double *z, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        _mm256_storeu_pd(y + i, _ZGVdN4v_tanh(_mm256_loadu_pd(z + i)));
    tanh_scalar(y + i, z + i, n - i);
}
#endif

/* The derivative streams of a_l from those of z_l and s = a_l, one unit's
 * row; inlined into each layer pass so that it is compiled for its
 * instruction set. */
static inline __attribute__((always_inline))
void activate_streams(double *restrict a, const double *restrict z, size_t np)
{
    const double *zx = z + np, *zt = z + 2 * np, *zxx = z + 3 * np;
    double *ax = a + np, *at = a + 2 * np, *axx = a + 3 * np;
#pragma omp simd
    for (size_t i = 0; i < np; i++) {
        const double s = a[i];
        const double s1 = 1.0 - s * s, s2 = -2.0 * s * s1;
        /* [N5] Through tanh, with $s = \tanh z$, $\sigma_1 = 1 - s^2$, $\sigma_2 = -2 s \sigma_1$:
         * $\partial_x a = \sigma_1 \partial_x z$, $\partial_t a = \sigma_1 \partial_t z$,
         * $\partial_{xx} a = \sigma_2 (\partial_x z)^2 + \sigma_1 \partial_{xx} z$. */
        ax[i] = s1 * zx[i];
        at[i] = s1 * zt[i];
        axx[i] = s2 * zx[i] * zx[i] + s1 * zxx[i];
    }
}

/* a_l from the product W_l a_{l-1} in z (out rows of R stream-points):
 * z += b on the value stream, a = tanh(z), then the derivative streams, the
 * three steps on one unit's row while it is in L1, and one call per layer
 * instead of three per row (the rows are short: a block's points). */
#define DEFINE_ACTIVATE_LAYER(NAME, TARGET, TANH)                           \
    TARGET static void NAME(double *restrict a, double *restrict z,         \
                            const double *restrict b, size_t out, size_t R, \
                            size_t np, size_t S)                            \
    {                                                                       \
        for (size_t j = 0; j < out; j++) {                                  \
            double *zr = z + j * R, *ar = a + j * R;                        \
            const double bj = b[j];                                         \
            _Pragma("omp simd")                                             \
            for (size_t i = 0; i < np; i++)                                 \
                zr[i] += bj;                                                \
            TANH(ar, zr, np);                                               \
            if (S > 1)                                                      \
                activate_streams(ar, zr, np);                               \
        }                                                                   \
    }

typedef void activate_layer_fn(double *restrict, double *restrict,
                               const double *restrict, size_t, size_t, size_t,
                               size_t);

DEFINE_ACTIVATE_LAYER(activate_layer_default, FANOS_VECTOR_CLONES, tanh_scalar)

#if defined(HAVE_LIBMVEC) && defined(__x86_64__) && defined(__GNUC__)
DEFINE_ACTIVATE_LAYER(activate_layer_avx512, __attribute__((target("avx512f"))),
                      tanh_avx512)
DEFINE_ACTIVATE_LAYER(activate_layer_avx2, __attribute__((target("avx2"))),
                      tanh_avx2)

static activate_layer_fn *pick_activate_layer(void)
{
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        return activate_layer_avx512;
    if (__builtin_cpu_supports("avx2"))
        return activate_layer_avx2;
    return activate_layer_default;
}
#else
static activate_layer_fn *pick_activate_layer(void)
{
    return activate_layer_default;
}
#endif

static activate_layer_fn *activate_layer = activate_layer_default;

/* tanh of z[0..n) into y by the variant the evaluation's layers use (the
 * tanh probe of src/run/bench.c). */
void pinn_tanh_values(double *y, const double *z, size_t n)
{
#if defined(HAVE_LIBMVEC) && defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        tanh_avx512(y, z, n);
    else if (__builtin_cpu_supports("avx2"))
        tanh_avx2(y, z, n);
    else
        tanh_scalar(y, z, n);
#else
    tanh_scalar(y, z, n);
#endif
}

/* ------------------------------------------------------------------ */
/* The PDEs                                                             */
/* ------------------------------------------------------------------ */

static const double burgers_nu = 0.01 / M_PI;
static const double ac_eps = 1e-4;

int fanos_pinn_pde_lookup(const char *name, fanos_pinn_pde *pde)
{
    if (!name || !pde)
        return FANOS_ENULL;
    if (!strcmp(name, "burgers"))
        *pde = FANOS_PINN_BURGERS;
    else if (!strcmp(name, "allen-cahn"))
        *pde = FANOS_PINN_ALLEN_CAHN;
    else
        return FANOS_EUNKNOWN;
    return FANOS_OK;
}

const char *fanos_pinn_pde_name(fanos_pinn_pde pde)
{
    return pde == FANOS_PINN_BURGERS ? "burgers"
         : pde == FANOS_PINN_ALLEN_CAHN ? "allen-cahn" : NULL;
}

double fanos_pinn_residual(fanos_pinn_pde pde, double u, double ux,
                           double ut, double uxx)
{
    if (pde == FANOS_PINN_BURGERS)
        /* [N6] Burgers residual: $r = u_t + u\, u_x - (0.01/\pi)\, u_{xx}$. */
        return ut + u * ux - burgers_nu * uxx;
    if (pde == FANOS_PINN_ALLEN_CAHN)
        /* [N8] Allen–Cahn residual: $r = u_t - 10^{-4} u_{xx} + 5u^3 - 5u$. */
        return ut - ac_eps * uxx + 5.0 * u * u * u - 5.0 * u;
    return NAN;
}

double fanos_pinn_target(fanos_pinn_pde pde, int kind, double x)
{
    int bc = kind == FANOS_PINN_BC_LEFT || kind == FANOS_PINN_BC_RIGHT;
    if (pde == FANOS_PINN_BURGERS) {
        /* [N7] Burgers data: $u(x, 0) = -\sin(\pi x)$ at initial points, $u(\pm 1, t) = 0$ at
         * boundary points. */
        if (kind == FANOS_PINN_IC)
            return -sin(M_PI * x);
        return bc ? 0.0 : NAN;
    }
    if (pde == FANOS_PINN_ALLEN_CAHN) {
        /* [N9] Allen–Cahn data: $u(x, 0) = x^2 \cos(\pi x)$ at initial points, Dirichlet $u(\pm 1,
         * t) = -1$ at boundary points (the reference's condition, not the periodic one). */
        if (kind == FANOS_PINN_IC)
            return x * x * cos(M_PI * x);
        return bc ? -1.0 : NAN;
    }
    return NAN;
}

/* ------------------------------------------------------------------ */
/* Allocation                                                           */
/* ------------------------------------------------------------------ */

static void free_work(fanos_pinn *p)
{
    for (size_t l = 0; l < FANOS_PINN_MAX_LAYERS; l++) {
        free(p->z[l]);
        free(p->a[l]);
        p->z[l] = p->a[l] = NULL;
    }
    free(p->bar[0]);
    free(p->bar[1]);
    free(p->uo);
    free(p->ubar);
    p->bar[0] = p->bar[1] = p->uo = p->ubar = NULL;
}

/* n doubles on a 64-byte boundary (a cache line, an AVX-512 vector), so
 * that the rows of a block buffer start aligned whenever a row's length
 * is a multiple of 8 doubles (blocks of a multiple of 2 points). */
static double *alloc_doubles(size_t n)
{
    const size_t bytes = (n * sizeof(double) + 63) / 64 * 64;
    return aligned_alloc(64, bytes);
}

/* The workspace for blocks of `block` points, made whole in a copy of p
 * before p's own goes: on failure p keeps the workspace it had. */
static int alloc_work(fanos_pinn *p, size_t block)
{
    const size_t R = NSTREAMS * block;
    fanos_pinn w = *p;
    memset(w.z, 0, sizeof w.z);
    memset(w.a, 0, sizeof w.a);
    w.bar[0] = w.bar[1] = w.uo = w.ubar = NULL;
    int ok = 1;
    for (size_t l = 0; l + 1 < w.nl; l++) {
        w.a[l] = alloc_doubles(w.w[l] * R);
        if (l > 0)
            w.z[l] = alloc_doubles(w.w[l] * R);
        ok = ok && w.a[l] && (l == 0 || w.z[l]);
    }
    w.bar[0] = alloc_doubles(w.wmax * R);
    w.bar[1] = alloc_doubles(w.wmax * R);
    w.uo = alloc_doubles(R);
    w.ubar = alloc_doubles(R);
    if (!ok || !w.bar[0] || !w.bar[1] || !w.uo || !w.ubar) {
        free_work(&w);
        return FANOS_ENOMEM;
    }
    free_work(p);
    *p = w;
    p->block = block;
    return FANOS_OK;
}

int fanos_pinn_alloc(fanos_pinn **out, fanos_pinn_pde pde,
                     const size_t *widths, size_t nwidths)
{
    static const size_t def[] = {2, 50, 50, 50, 1};
    if (!out)
        return FANOS_ENULL;
    *out = NULL;
    if (!widths) {
        widths = def;
        nwidths = sizeof def / sizeof def[0];
    }
    if (pde != FANOS_PINN_BURGERS && pde != FANOS_PINN_ALLEN_CAHN)
        return FANOS_EUNKNOWN;
    if (nwidths < 3 || nwidths > FANOS_PINN_MAX_LAYERS)
        return FANOS_EDIM;
    if (widths[0] != 2 || widths[nwidths - 1] != 1)
        return FANOS_EDIM;
    for (size_t l = 0; l < nwidths; l++)
        if (widths[l] < 1 || widths[l] > FANOS_PINN_MAX_WIDTH)
            return FANOS_EDIM;
    fanos_pinn *p = calloc(1, sizeof *p);
    if (!p)
        return FANOS_ENOMEM;
    p->pde = pde;
    p->nl = nwidths;
    size_t off = 0;
    for (size_t l = 0; l < nwidths; l++) {
        p->w[l] = widths[l];
        if (widths[l] > p->wmax)
            p->wmax = widths[l];
        if (l == 0)
            continue;
        /* [N2] Flat parameter vector, layer by layer: $W_l$ ($n_l \times n_{l-1}$, row-major), then
         * $b_l$ ($n_l$); the order of the reference draws files. */
        p->woff[l] = off;
        off += widths[l] * widths[l - 1];
        p->boff[l] = off;
        off += widths[l];
    }
    p->n = off;
    if (alloc_work(p, DEFAULT_BLOCK) != FANOS_OK) {
        free(p);
        return FANOS_ENOMEM;
    }
    activate_layer = pick_activate_layer();
    *out = p;
    return FANOS_OK;
}

static void free_points(fanos_pinn *p)
{
    free(p->kind);
    free(p->x);
    free(p->t);
    free(p->xf);
    free(p->tf);
    free(p->xb);
    free(p->tb);
    free(p->ub);
    p->kind = NULL;
    p->x = p->t = p->xf = p->tf = p->xb = p->tb = p->ub = NULL;
    p->npts = p->nf = p->nb = 0;
}

void fanos_pinn_free(fanos_pinn *p)
{
    if (!p)
        return;
    free_work(p);
    free_points(p);
    free(p);
}

size_t fanos_pinn_size(const fanos_pinn *p)
{
    return p ? p->n : 0;
}

int fanos_pinn_widths(const fanos_pinn *p, size_t *widths, size_t *nwidths)
{
    if (!p || !widths || !nwidths)
        return FANOS_ENULL;
    memcpy(widths, p->w, p->nl * sizeof *widths);
    *nwidths = p->nl;
    return FANOS_OK;
}

int fanos_pinn_set_block(fanos_pinn *p, size_t block)
{
    if (!p)
        return FANOS_ENULL;
    if (block < 1 || block > 4096)
        return FANOS_ERANGE;
    return alloc_work(p, block);
}

/* ------------------------------------------------------------------ */
/* Points                                                               */
/* ------------------------------------------------------------------ */

static int check_point(int kind, double x, double t)
{
    if (kind < FANOS_PINN_COLLOCATION || kind > FANOS_PINN_IC)
        return FANOS_EUNKNOWN;
    if (!(x >= -1.0 && x <= 1.0 && t >= 0.0 && t <= 1.0))
        return FANOS_EDOMAIN;
    if ((kind == FANOS_PINN_BC_LEFT && x != -1.0) ||
        (kind == FANOS_PINN_BC_RIGHT && x != 1.0) ||
        (kind == FANOS_PINN_IC && t != 0.0))
        return FANOS_EDOMAIN;
    return FANOS_OK;
}

int fanos_pinn_set_points(fanos_pinn *p, size_t n, const int *kind,
                          const double *x, const double *t)
{
    if (!p || !kind || !x || !t)
        return FANOS_ENULL;
    size_t nf = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = check_point(kind[i], x[i], t[i]);
        if (rc != FANOS_OK)
            return rc;
        nf += kind[i] == FANOS_PINN_COLLOCATION;
    }
    if (nf == 0 || nf == n)
        return FANOS_EDIM;
    /* the new points are made whole before the old ones go: on failure p
     * keeps the points it had */
    fanos_pinn q = *p;
    q.kind = malloc(n * sizeof *q.kind);
    q.x = malloc(n * sizeof *q.x);
    q.t = malloc(n * sizeof *q.t);
    q.xf = malloc(nf * sizeof *q.xf);
    q.tf = malloc(nf * sizeof *q.tf);
    q.xb = malloc((n - nf) * sizeof *q.xb);
    q.tb = malloc((n - nf) * sizeof *q.tb);
    q.ub = malloc((n - nf) * sizeof *q.ub);
    if (!q.kind || !q.x || !q.t || !q.xf || !q.tf || !q.xb || !q.tb || !q.ub) {
        free_points(&q);
        return FANOS_ENOMEM;
    }
    free_points(p);
    *p = q;
    p->npts = p->nf = p->nb = 0;
    memcpy(p->kind, kind, n * sizeof *kind);
    memcpy(p->x, x, n * sizeof *x);
    memcpy(p->t, t, n * sizeof *t);
    p->npts = n;
    for (size_t i = 0; i < n; i++) {
        if (kind[i] == FANOS_PINN_COLLOCATION) {
            p->xf[p->nf] = x[i];
            p->tf[p->nf++] = t[i];
        } else {
            p->xb[p->nb] = x[i];
            p->tb[p->nb] = t[i];
            p->ub[p->nb++] = fanos_pinn_target(p->pde, kind[i], x[i]);
        }
    }
    return FANOS_OK;
}

size_t fanos_pinn_points(const fanos_pinn *p, const int **kind,
                         const double **x, const double **t)
{
    if (kind)
        *kind = p ? p->kind : NULL;
    if (x)
        *x = p ? p->x : NULL;
    if (t)
        *t = p ? p->t : NULL;
    return p ? p->npts : 0;
}

/* ------------------------------------------------------------------ */
/* Forward pass of one block                                            */
/* ------------------------------------------------------------------ */

/* The input streams: row 0 holds x, row 1 holds t, for each stream. */
static void load_inputs(fanos_pinn *p, const double *x, const double *t,
                        size_t np, size_t S)
{
    const size_t R = S * np;
    double *ax = p->a[0], *at = p->a[0] + R;
    memcpy(ax, x, np * sizeof *x);
    memcpy(at, t, np * sizeof *t);
    if (S == 1)
        return;
    /* [N4] Input streams: $\partial_x a_0 = (1, 0)$, $\partial_t a_0 = (0, 1)$, $\partial_{xx} a_0
     * = (0, 0)$; each stream passes a layer's product without the bias: $\partial z_l = W_l\,
     * \partial a_{l-1}$. */
    for (size_t i = 0; i < np; i++) {
        ax[np + i] = 1.0;
        at[np + i] = 0.0;
        ax[2 * np + i] = 0.0;
        at[2 * np + i] = 1.0;
        ax[3 * np + i] = 0.0;
        at[3 * np + i] = 0.0;
    }
}

/* u and its streams at np points (S streams) into p->uo. */
static void forward_block(fanos_pinn *p, const double *theta, const double *x,
                          const double *t, size_t np, size_t S)
{
    const size_t R = S * np, L = p->nl - 1;
    load_inputs(p, x, t, np, S);
    for (size_t l = 1; l < L; l++) {
        const double *W = theta + p->woff[l], *b = theta + p->boff[l];
        const size_t out = p->w[l], in = p->w[l - 1];
        double *z = p->z[l];
        /* [N1] Layers: $a_0 = (x, t)$; $z_l = W_l a_{l-1} + b_l$ and $a_l = \tanh(z_l)$ for $l = 1,
         * \dots, L-1$; $u = W_L a_{L-1} + b_L$ (linear output, width 1); default widths $[2, 50,
         * 50, 50, 1]$. */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)out,
                    (int)R, (int)in, 1.0, W, (int)in, p->a[l - 1], (int)R,
                    0.0, z, (int)R);
        activate_layer(p->a[l], p->z[l], b, out, R, np, S);
    }
    const double *wL = theta + p->woff[L];
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)p->w[L - 1], (int)R, 1.0,
                p->a[L - 1], (int)R, wL, 1, 0.0, p->uo, 1);
    const double bL = theta[p->boff[L]];
    for (size_t i = 0; i < np; i++)
        p->uo[i] += bL;
}

/* ------------------------------------------------------------------ */
/* Reverse pass of one block                                            */
/* ------------------------------------------------------------------ */

/* zbar from abar, in place, one unit's row (S = 4); returns the sum of
 * the value stream's zbar (the bias gradient), taken in the same pass. */
static inline __attribute__((always_inline))
double tanh_adjoint_row(double *restrict bar, const double *restrict a,
                               const double *restrict z, size_t np)
{
    const double *zx = z + np, *zt = z + 2 * np, *zxx = z + 3 * np;
    double *bx = bar + np, *bt = bar + 2 * np, *bxx = bar + 3 * np;
    double sum = 0.0;
#pragma omp simd reduction(+ : sum)
    for (size_t i = 0; i < np; i++) {
        const double s = a[i];
        const double s1 = 1.0 - s * s, s2 = -2.0 * s * s1;
        const double s3 = -2.0 * s1 * s1 - 2.0 * s * s2;
        const double ab = bar[i], abx = bx[i], abt = bt[i], abxx = bxx[i];
        /* [N12] Through tanh: $\bar z_{xx} = \sigma_1 \bar a_{xx}$, $\bar z_x = \sigma_1 \bar a_x +
         * 2 \sigma_2\, \partial_x z\, \bar a_{xx}$, $\bar z_t = \sigma_1 \bar a_t$, $\bar z =
         * \sigma_1 \bar a + \sigma_2 (\bar a_x \partial_x z + \bar a_t \partial_t z + \bar a_{xx}
         * \partial_{xx} z) + \sigma_3 (\partial_x z)^2 \bar a_{xx}$ with $\sigma_3 = -2\sigma_1^2 -
         * 2 s \sigma_2$. */
        bxx[i] = s1 * abxx;
        bx[i] = s1 * abx + 2.0 * s2 * zx[i] * abxx;
        bt[i] = s1 * abt;
        bar[i] = s1 * ab + s2 * (abx * zx[i] + abt * zt[i] + abxx * zxx[i]) +
                 s3 * zx[i] * zx[i] * abxx;
        sum += bar[i];
    }
    return sum;
}

/* zbar from abar, in place, one unit's row (S = 1): zbar = sigma_1 abar;
 * returns the sum of zbar. */
static inline __attribute__((always_inline))
double tanh_adjoint_value(double *restrict bar,
                                 const double *restrict a, size_t np)
{
    double sum = 0.0;
#pragma omp simd reduction(+ : sum)
    for (size_t i = 0; i < np; i++) {
        bar[i] *= 1.0 - a[i] * a[i];
        sum += bar[i];
    }
    return sum;
}

/* zbar from abar for the out rows of a layer, in place, the bias gradient
 * gb accumulated; one call per layer, the rows inlined. */
FANOS_VECTOR_CLONES
static void tanh_adjoint_layer(double *restrict bar, const double *restrict a,
                               const double *restrict z, double *restrict gb,
                               size_t out, size_t R, size_t np, size_t S)
{
    for (size_t j = 0; j < out; j++)
        gb[j] += S == 1 ? tanh_adjoint_value(bar + j * R, a + j * R, np)
                        : tanh_adjoint_row(bar + j * R, a + j * R,
                                           z + j * R, np);
}

FANOS_VECTOR_CLONES
static double row_sum(const double *restrict v, size_t np)
{
    double s = 0.0;
#pragma omp simd reduction(+ : s)
    for (size_t i = 0; i < np; i++)
        s += v[i];
    return s;
}

/* Row j of out = w_j v (rows of R entries): the adjoint of the output
 * layer's input, one call for all rows. */
FANOS_VECTOR_CLONES
static void scale_rows(double *restrict out, const double *restrict w,
                       size_t rows, const double *restrict v, size_t R)
{
    for (size_t j = 0; j < rows; j++) {
        const double wj = w[j];
        double *restrict o = out + j * R;
#pragma omp simd
        for (size_t c = 0; c < R; c++)
            o[c] = wj * v[c];
    }
}

/* gW += zbar a^T (out x in, summed over R stream-points), in slices of
 * rows: OpenBLAS (SkylakeX kernels) takes its fast small-matrix path for
 * this transposed product only while the output has at most about 1200
 * entries, and the slices run about 1.4 times faster than one call at
 * these shapes. */
static void weight_gradient(double *gW, const double *bar, const double *a,
                            size_t out, size_t in, size_t R)
{
    const size_t rows = in < 1200 ? 1200 / in : 1;
    for (size_t j = 0; j < out; j += rows) {
        const size_t m = out - j < rows ? out - j : rows;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)in,
                    (int)R, 1.0, bar + j * R, (int)R, a, (int)R, 1.0,
                    gW + j * in, (int)in);
    }
}

/* Accumulate the gradient of the block from the output adjoints p->ubar. */
static void backward_block(fanos_pinn *p, const double *theta, double *g,
                           size_t np, size_t S)
{
    const size_t R = S * np, L = p->nl - 1;
    const double *wL = theta + p->woff[L];
    const size_t nin = p->w[L - 1];
    double *bar = p->bar[0], *other = p->bar[1];
    /* [N13] Through a layer: $\partial L / \partial W_l = \sum \bar z_l\, a_{l-1}^T$ over points
     * and all four streams, $\partial L / \partial b_l = \sum \bar z_l$ over the value stream,
     * $\bar a_{l-1} = W_l^T \bar z_l$. */
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)nin, (int)R, 1.0,
                p->a[L - 1], (int)R, p->ubar, 1, 1.0, g + p->woff[L], 1);
    g[p->boff[L]] += row_sum(p->ubar, np);
    scale_rows(bar, wL, nin, p->ubar, R);
    for (size_t l = L - 1; l >= 1; l--) {
        const size_t out = p->w[l], in = p->w[l - 1];
        tanh_adjoint_layer(bar, p->a[l], p->z[l], g + p->boff[l], out, R,
                           np, S);
        weight_gradient(g + p->woff[l], bar, p->a[l - 1], out, in, R);
        if (l == 1)
            break;
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)in, (int)R,
                    (int)out, 1.0, theta + p->woff[l], (int)in, bar, (int)R,
                    0.0, other, (int)R);
        double *tmp = bar;
        bar = other;
        other = tmp;
    }
}

/* ------------------------------------------------------------------ */
/* Loss and gradient                                                    */
/* ------------------------------------------------------------------ */

/* Residual sum of squares of a collocation block; adjoints into ubar. */
static double collocation_block(fanos_pinn *p, size_t np, double scale)
{
    const double *u = p->uo, *ux = u + np, *ut = u + 2 * np, *uxx = u + 3 * np;
    double *b = p->ubar, *bx = b + np, *bt = b + 2 * np, *bxx = b + 3 * np;
    double sum = 0.0;
    for (size_t i = 0; i < np; i++) {
        const double r = fanos_pinn_residual(p->pde, u[i], ux[i], ut[i], uxx[i]);
        sum += r * r;
        const double c = scale * r;
        /* [N11] Output adjoints: $\bar u_\star = \frac{2}{N_f}\, r\, \partial r / \partial u_\star$
         * for $\star \in \{\cdot, x, t, xx\}$ at a collocation point, and $\bar u = \frac{2}{N_b}
         * (u - \hat u)$ at a boundary or initial point. */
        if (p->pde == FANOS_PINN_BURGERS) {
            b[i] = c * ux[i];
            bx[i] = c * u[i];
            bxx[i] = -c * burgers_nu;
        } else {
            b[i] = c * (15.0 * u[i] * u[i] - 5.0);
            bx[i] = 0.0;
            bxx[i] = -c * ac_eps;
        }
        bt[i] = c;
    }
    return sum;
}

int fanos_pinn_fdf(void *ctx, size_t n, const double *theta, double *f,
                   double *g)
{
    fanos_pinn *p = ctx;
    if (!p || !theta || !f)
        return FANOS_ENULL;
    if (n != p->n || p->nf == 0 || p->nb == 0)
        return FANOS_EDIM;
    if (g)
        memset(g, 0, n * sizeof *g);
    double sf = 0.0, sb = 0.0;
    const double cf = 2.0 / (double)p->nf, cb = 2.0 / (double)p->nb;
    for (size_t k = 0; k < p->nf; k += p->block) {
        const size_t np = p->nf - k < p->block ? p->nf - k : p->block;
        forward_block(p, theta, p->xf + k, p->tf + k, np, NSTREAMS);
        sf += collocation_block(p, np, cf);
        if (g)
            backward_block(p, theta, g, np, NSTREAMS);
    }
    const size_t bblock = NSTREAMS * p->block;
    for (size_t k = 0; k < p->nb; k += bblock) {
        const size_t np = p->nb - k < bblock ? p->nb - k : bblock;
        forward_block(p, theta, p->xb + k, p->tb + k, np, 1);
        for (size_t i = 0; i < np; i++) {
            const double d = p->uo[i] - p->ub[k + i];
            sb += d * d;
            p->ubar[i] = cb * d;
        }
        if (g)
            backward_block(p, theta, g, np, 1);
    }
    /* [N10] Loss: $L = \frac{1}{N_f} \sum_{i=1}^{N_f} r_i^2 + \frac{1}{N_b} \sum_{j=1}^{N_b} (u_j -
     * \hat u_j)^2$, the second mean over all boundary and initial points together. */
    *f = sf / (double)p->nf + sb / (double)p->nb;
    return FANOS_OK;
}

int fanos_pinn_eval(fanos_pinn *p, const double *theta, size_t npts,
                    const double *x, const double *t, double *u, double *ux,
                    double *ut, double *uxx)
{
    if (!p || !theta || !x || !t)
        return FANOS_ENULL;
    for (size_t k = 0; k < npts; k += p->block) {
        const size_t np = npts - k < p->block ? npts - k : p->block;
        forward_block(p, theta, x + k, t + k, np, NSTREAMS);
        double *outs[NSTREAMS] = {u, ux, ut, uxx};
        for (size_t s = 0; s < NSTREAMS; s++)
            if (outs[s])
                memcpy(outs[s] + k, p->uo + s * np, np * sizeof(double));
    }
    return FANOS_OK;
}

double fanos_pinn_flops(const fanos_pinn *p)
{
    if (!p)
        return 0.0;
    const double R = (double)(NSTREAMS * p->nf + p->nb);
    const size_t L = p->nl - 1;
    double flops = 0.0, hidden = 0.0;
    for (size_t l = 1; l < L; l++) {
        /* [N18] Floating-point operations of one loss-and-gradient evaluation: $\sum_{l=1}^{L-1} 2
         * n_l n_{l-1} R\,(2 + [l > 1]) + 5 n_{L-1} R$ with $R = 4 N_f + N_b$ stream-points (forward
         * product, weight gradient, input adjoint for $l > 1$; the output layer's product, weight
         * gradient and input adjoint), plus the element-wise passes, 40 per hidden unit and
         * collocation point and 5 per hidden unit and boundary point (tanh and the per-point
         * residual terms not counted). */
        flops += 2.0 * (double)(p->w[l] * p->w[l - 1]) * R * (l > 1 ? 3 : 2);
        hidden += (double)p->w[l];
    }
    flops += 5.0 * (double)p->w[L - 1] * R;
    flops += hidden * (40.0 * (double)p->nf + 5.0 * (double)p->nb);
    return flops;
}

double fanos_pinn_tanh_count(const fanos_pinn *p)
{
    if (!p)
        return 0.0;
    double hidden = 0.0;
    for (size_t l = 1; l + 1 < p->nl; l++)
        hidden += (double)p->w[l];
    /* [N23] tanh values of one loss-and-gradient evaluation: $(N_f + N_b) \sum_{l=1}^{L-1} n_l$,
     * one per hidden unit and point, on the value stream (the derivative streams of [N5] reuse
     * it). */
    return hidden * (double)(p->nf + p->nb);
}

/* ------------------------------------------------------------------ */
/* Draws                                                                */
/* ------------------------------------------------------------------ */

int fanos_pinn_draw(fanos_pinn *p, unsigned long seed, size_t nf, size_t nbc,
                    size_t nic, double *theta)
{
    if (!p || !theta)
        return FANOS_ENULL;
    if (nf == 0 || nbc + nic == 0)
        return FANOS_EDIM;
    if (seed >= 4294967295UL)
        return FANOS_ERANGE;
    const size_t n = nf + 2 * nbc + nic;
    int *kind = malloc(n * sizeof *kind);
    double *x = malloc(n * sizeof *x), *t = malloc(n * sizeof *t);
    /* the network goes to theta only once the points are set */
    double *th = malloc(p->n * sizeof *th);
    gsl_rng *r = fanos_rng_alloc();
    int rc = FANOS_ENOMEM;
    if (kind && x && t && th && r) {
        /* GSL's mt19937 maps seed 0 to its default seed: shift by one */
        gsl_rng_set(r, seed + 1);
        for (size_t l = 1; l < p->nl; l++) {
            const double bound = 1.0 / sqrt((double)p->w[l - 1]);
            const size_t cnt = p->w[l] * p->w[l - 1] + p->w[l];
            for (size_t i = 0; i < cnt; i++)
                /* [N3] Fresh initialisation (PyTorch `nn.Linear` default): every entry of $W_l$ and
                 * $b_l$ drawn from $U(-1/\sqrt{n_{l-1}},\ 1/\sqrt{n_{l-1}})$, layer by layer in the
                 * order of [N2], from a GSL mt19937 stream seeded with seed + 1. */
                th[p->woff[l] + i] = bound * (2.0 * gsl_rng_uniform(r) - 1.0);
        }
        /* [N14] Fresh points, after the network from the same stream: $N_f$ collocation $x \sim
         * U(-1, 1)$, then their $t \sim U(0, 1)$, then $N_{bc}$ boundary times $t \sim U(0, 1)$
         * used at $x = -1$ and again at $x = +1$, then $N_{ic}$ initial $x \sim U(-1, 1)$ at $t =
         * 0$; defaults $N_f = 2000$, $N_{bc} = N_{ic} = 100$. */
        for (size_t i = 0; i < nf; i++) {
            kind[i] = FANOS_PINN_COLLOCATION;
            x[i] = 2.0 * gsl_rng_uniform(r) - 1.0;
        }
        for (size_t i = 0; i < nf; i++)
            t[i] = gsl_rng_uniform(r);
        for (size_t i = 0; i < nbc; i++) {
            const double tb = gsl_rng_uniform(r);
            kind[nf + i] = FANOS_PINN_BC_LEFT;
            x[nf + i] = -1.0;
            t[nf + i] = tb;
            kind[nf + nbc + i] = FANOS_PINN_BC_RIGHT;
            x[nf + nbc + i] = 1.0;
            t[nf + nbc + i] = tb;
        }
        for (size_t i = nf + 2 * nbc; i < n; i++) {
            kind[i] = FANOS_PINN_IC;
            x[i] = 2.0 * gsl_rng_uniform(r) - 1.0;
            t[i] = 0.0;
        }
        rc = fanos_pinn_set_points(p, n, kind, x, t);
        if (rc == FANOS_OK)
            memcpy(theta, th, p->n * sizeof *th);
    }
    fanos_rng_free(r);
    free(th);
    free(kind);
    free(x);
    free(t);
    return rc;
}
