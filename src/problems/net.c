/* net.c - the engine of the problems trained on a data set (doc/spec.md
 * section 13): dense layers, the softmax cross-entropy, the mini-batches
 * of an epoch, and the objective, held-out evaluation and batch state of
 * softmax, mlp and charlm.
 *
 * Layout.  A chunk of at most NET_CHUNK examples is evaluated at a time,
 * example-major as PyTorch stores a batch: row i of a layer buffer holds
 * example i's units.  A layer's forward product is then one dgemm
 * A (count x in) W^T with W as nn.Linear stores it (out x in,
 * row-major), its weight gradient one dgemm D^T A, and its input adjoint
 * one dgemm D W; the bias, the activation, its derivative and the bias
 * gradient are fused passes over rows that are still in cache.  The
 * buffers are allocated once, with the problem, on 64-byte boundaries.
 */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_randist.h>
#include "problems/net.h"

static double *alloc_doubles(size_t n)
{
    const size_t bytes = (n * sizeof(double) + 63) / 64 * 64;
    return aligned_alloc(64, bytes ? bytes : 64);
}

/* ------------------------------------------------------------------ */
/* Layers                                                               */
/* ------------------------------------------------------------------ */

size_t net_size(const size_t *w, size_t nw)
{
    size_t n = 0;
    for (size_t l = 1; l < nw; l++)
        n += w[l] * w[l - 1] + w[l];
    return n;
}

void net_free(net *nt)
{
    for (size_t l = 0; l < NET_MAX_LAYERS; l++) {
        free(nt->a[l]);
        nt->a[l] = NULL;
    }
    free(nt->d[0]);
    free(nt->d[1]);
    free(nt->y);
    nt->d[0] = nt->d[1] = NULL;
    nt->y = NULL;
}

int net_init(net *nt, const size_t *w, size_t nw, size_t off, net_act act)
{
    memset(nt, 0, sizeof *nt);
    if (nw < 2 || nw > NET_MAX_LAYERS)
        return FANOS_EDIM;
    nt->nl = nw;
    nt->off = off;
    nt->act = act;
    size_t o = off;
    for (size_t l = 0; l < nw; l++) {
        if (w[l] == 0)
            return FANOS_EDIM;
        nt->w[l] = w[l];
        nt->wmax = w[l] > nt->wmax ? w[l] : nt->wmax;
        if (l == 0)
            continue;
        /* [ML1] Flat parameter vector of a network, layer by layer in the order of PyTorch's
         * `nn.Linear` state: $W_l$ ($n_l \times n_{l-1}$, row-major), then $b_l$ ($n_l$). */
        nt->woff[l] = o;
        o += w[l] * w[l - 1];
        nt->boff[l] = o;
        o += w[l];
    }
    nt->n = o - off;
    int ok = 1;
    for (size_t l = 0; l < nw; l++)
        ok = ok && (nt->a[l] = alloc_doubles(NET_CHUNK * w[l]));
    nt->d[0] = alloc_doubles(NET_CHUNK * nt->wmax);
    nt->d[1] = alloc_doubles(NET_CHUNK * nt->wmax);
    nt->y = malloc(NET_CHUNK * sizeof *nt->y);
    if (!ok || !nt->d[0] || !nt->d[1] || !nt->y) {
        net_free(nt);
        return FANOS_ENOMEM;
    }
    return FANOS_OK;
}

void net_init_params(const net *nt, gsl_rng *r, double *theta)
{
    for (size_t l = 1; l < nt->nl; l++) {
        const double bound = 1.0 / sqrt((double)nt->w[l - 1]);
        const size_t cnt = nt->w[l] * nt->w[l - 1] + nt->w[l];
        for (size_t i = 0; i < cnt; i++)
            /* [ML5] Fresh initialisation (PyTorch `nn.Linear` default): every entry of $W_l$ and
             * $b_l$ drawn from $U(-1/\sqrt{n_{l-1}},\ 1/\sqrt{n_{l-1}})$, layer by layer in the
             * order of [ML1], from a GSL mt19937 stream seeded with seed + 1 (for charlm after the
             * embedding table of [LM2]). */
            theta[nt->woff[l] + i] = bound * (2.0 * gsl_rng_uniform(r) - 1.0);
    }
}

/* z += b row by row, then the activation, in place. */
FANOS_VECTOR_CLONES
static void bias_relu(double *restrict z, const double *restrict b,
                      size_t rows, size_t cols)
{
    for (size_t i = 0; i < rows; i++) {
        double *restrict r = z + i * cols;
        for (size_t j = 0; j < cols; j++) {
            const double v = r[j] + b[j];
            /* [ML2] Forward: $a_0$ the input, $z_l = W_l a_{l-1} + b_l$, $a_l = \max(z_l, 0)$ for
             * the hidden layers (charlm: $a_l = \tanh z_l$), and the logits $z_L$ of the last
             * layer. */
            r[j] = v < 0.0 ? 0.0 : v;   /* NaN stays NaN, as torch.relu */
        }
    }
}

static void bias_tanh_scalar(double *restrict z, const double *restrict b,
                             size_t rows, size_t cols)
{
    for (size_t i = 0; i < rows; i++) {
        double *restrict r = z + i * cols;
        for (size_t j = 0; j < cols; j++)
            r[j] = tanh(r[j] + b[j]);
    }
}

/* tanh over rows through glibc's vector math library (libmvec, within a
 * few ulp of tanh) where the CPU has AVX-512 or AVX2, as pinn.c does: the
 * scalar tanh would take a quarter of a charlm step. */
#if defined(HAVE_LIBMVEC) && defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
__attribute__((target("avx512f"))) __m512d _ZGVeN8v_tanh(__m512d z);
__attribute__((target("avx2"))) __m256d _ZGVdN4v_tanh(__m256d z);

__attribute__((target("avx512f")))
static void bias_tanh_avx512(double *restrict z, const double *restrict b,
                             size_t rows, size_t cols)
{
    for (size_t i = 0; i < rows; i++) {
        double *restrict r = z + i * cols;
        size_t j = 0;
        for (; j + 8 <= cols; j += 8)
            _mm512_storeu_pd(r + j, _ZGVeN8v_tanh(_mm512_add_pd(
                                        _mm512_loadu_pd(r + j),
                                        _mm512_loadu_pd(b + j))));
        for (; j < cols; j++)
            r[j] = tanh(r[j] + b[j]);
    }
}

__attribute__((target("avx2")))
static void bias_tanh_avx2(double *restrict z, const double *restrict b,
                           size_t rows, size_t cols)
{
    for (size_t i = 0; i < rows; i++) {
        double *restrict r = z + i * cols;
        size_t j = 0;
        for (; j + 4 <= cols; j += 4)
            _mm256_storeu_pd(r + j, _ZGVdN4v_tanh(_mm256_add_pd(
                                        _mm256_loadu_pd(r + j),
                                        _mm256_loadu_pd(b + j))));
        for (; j < cols; j++)
            r[j] = tanh(r[j] + b[j]);
    }
}

static void bias_tanh(double *restrict z, const double *restrict b,
                      size_t rows, size_t cols)
{
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        bias_tanh_avx512(z, b, rows, cols);
    else if (__builtin_cpu_supports("avx2"))
        bias_tanh_avx2(z, b, rows, cols);
    else
        bias_tanh_scalar(z, b, rows, cols);
}
#else
static void bias_tanh(double *restrict z, const double *restrict b,
                      size_t rows, size_t cols)
{
    bias_tanh_scalar(z, b, rows, cols);
}
#endif

FANOS_VECTOR_CLONES
static void bias_add(double *restrict z, const double *restrict b,
                     size_t rows, size_t cols)
{
    for (size_t i = 0; i < rows; i++) {
        double *restrict r = z + i * cols;
        for (size_t j = 0; j < cols; j++)
            r[j] += b[j];
    }
}

/* d *= the activation's derivative at a (rows x cols, in place), and
 * the bias gradient gb += the column sums of the result. */
FANOS_VECTOR_CLONES
static void act_adjoint(double *restrict d, const double *restrict a,
                        double *restrict gb, size_t rows, size_t cols,
                        net_act act)
{
    for (size_t i = 0; i < rows; i++) {
        double *restrict dr = d + i * cols;
        const double *restrict ar = a + i * cols;
        if (act == NET_RELU)
            for (size_t j = 0; j < cols; j++) {
                dr[j] = ar[j] > 0.0 ? dr[j] : 0.0;
                gb[j] += dr[j];
            }
        else
            for (size_t j = 0; j < cols; j++) {
                dr[j] *= 1.0 - ar[j] * ar[j];
                gb[j] += dr[j];
            }
    }
}

/* The cross-entropy of each row of logits z (rows x k) against its label,
 * summed; with grad, z becomes the adjoint scale * (softmax - onehot)
 * and gb += its column sums.  *correct counts the rows whose first
 * largest logit is the label's. */
static double softmax_ce(double *restrict z, const uint16_t *y, size_t rows,
                         size_t k, double scale, int grad,
                         double *restrict gb, size_t *correct)
{
    double loss = 0.0;
    for (size_t i = 0; i < rows; i++) {
        double *restrict r = z + i * k;
        double m = r[0];
        size_t arg = 0;
        for (size_t j = 1; j < k; j++)
            if (r[j] > m) {
                m = r[j];
                arg = j;
            }
        if (correct)
            *correct += arg == y[i];
        const double zy = r[y[i]];
        double s = 0.0;
        for (size_t j = 0; j < k; j++) {
            r[j] = exp(r[j] - m);
            s += r[j];
        }
        /* s >= 1, its largest term being exp(0), which cppcheck cannot see
         * (the suppression below) */
        /* [ML3] Loss: the mean cross-entropy over the batch, $L = \frac{1}{B} \sum_{i=1}^{B}
         * \left(m_i + \log \sum_k e^{z_{ik} - m_i} - z_{i y_i}\right)$ with $m_i = \max_k z_{ik}$,
         * natural log. */
        loss += m + log(s) - zy; /* cppcheck-suppress invalidFunctionArg */
        if (!grad)
            continue;
        /* [ML4] Gradient: $\partial L / \partial z_L = \frac{1}{B}(\mathrm{softmax}(z_L) -
         * \mathrm{onehot}(y))$; through ReLU $\bar z_l = \bar a_l \odot [a_l > 0]$ (through tanh
         * $\bar z_l = \bar a_l \odot (1 - a_l^2)$); through a layer $\partial L / \partial W_l =
         * \sum_i \bar z_{l,i} a_{l-1,i}^T$, $\partial L / \partial b_l = \sum_i \bar z_{l,i}$, $\bar
         * a_{l-1} = W_l^T \bar z_l$. */
        const double inv = scale / s;
        for (size_t j = 0; j < k; j++)
            r[j] *= inv;
        r[y[i]] -= scale;
        for (size_t j = 0; j < k; j++)
            gb[j] += r[j];
    }
    return loss;
}

/* The three products of a layer l over m examples (row i of a buffer the
 * example i's units), shared by net_chunk and the probe chunk_products:
 * the forward product a[l] = A W^T, the weight gradient gw = beta gw +
 * D^T A, and the input adjoint P = D W. */
static void product_forward(const net *nt, size_t l, int m, const double *A,
                            const double *theta)
{
    const int out = (int)nt->w[l], in = (int)nt->w[l - 1];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, out, in, 1.0, A,
                in, theta + nt->woff[l], in, 0.0, nt->a[l], out);
}

static void product_weights(const net *nt, size_t l, int m, const double *D,
                            const double *A, double beta, double *g)
{
    const int out = (int)nt->w[l], in = (int)nt->w[l - 1];
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, m, 1.0, D,
                out, A, in, beta, g + nt->woff[l], in);
}

static void product_adjoint(const net *nt, size_t l, int m, const double *D,
                            const double *theta, double *P)
{
    const int out = (int)nt->w[l], in = (int)nt->w[l - 1];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, in, out, 1.0, D,
                out, theta + nt->woff[l], in, 0.0, P, in);
}

/* The summed loss of count <= NET_CHUNK examples whose input rows are X
 * and labels nt->y; with g, the gradient of scale * that sum is added to
 * g (first: the weights of g are written, not added to, and its biases
 * were zeroed), and with dx (count x w[0]) the adjoint of the input rows
 * is written there.  *correct (may be NULL) counts the right
 * predictions. */
static double net_chunk(net *nt, const double *theta, const double *X,
                        size_t count, double scale, double *g, double *dx,
                        int first, size_t *correct)
{
    const size_t L = nt->nl - 1;
    const int m = (int)count;
    for (size_t l = 1; l <= L; l++) {
        const size_t out = nt->w[l];
        product_forward(nt, l, m, l == 1 ? X : nt->a[l - 1], theta);
        const double *b = theta + nt->boff[l];
        if (l == L)
            bias_add(nt->a[l], b, count, out);
        else if (nt->act == NET_RELU)
            bias_relu(nt->a[l], b, count, out);
        else
            bias_tanh(nt->a[l], b, count, out);
    }
    double loss = softmax_ce(nt->a[L], nt->y, count, nt->w[L], scale, g != NULL,
                             g ? g + nt->boff[L] : NULL, correct);
    if (!g)
        return loss;
    double *D = nt->a[L];
    int buf = 0;
    for (size_t l = L; l >= 1; l--) {
        const double *A = l == 1 ? X : nt->a[l - 1];
        product_weights(nt, l, m, D, A, first ? 0.0 : 1.0, g);
        double *P = l > 1 ? nt->d[buf] : dx;
        if (!P)
            break;
        product_adjoint(nt, l, m, D, theta, P);
        if (l == 1)
            break;
        act_adjoint(P, nt->a[l - 1], g + nt->boff[l - 1], count, nt->w[l - 1],
                    nt->act);
        D = P;
        buf ^= 1;
    }
    return loss;
}

/* The matrix products of net_chunk alone, in its order, with its shapes,
 * transpositions and buffers (the input rows X), and nothing between
 * them: the probe of fanos_bench_data.  The buffers' values are left
 * meaningless; the next net_chunk writes each before reading it. */
static void chunk_products(net *nt, const double *theta, const double *X,
                           size_t count, double *g, double *dx, int first)
{
    const size_t L = nt->nl - 1;
    const int m = (int)count;
    for (size_t l = 1; l <= L; l++)
        product_forward(nt, l, m, l == 1 ? X : nt->a[l - 1], theta);
    if (!g)
        return;
    double *D = nt->a[L];
    int buf = 0;
    for (size_t l = L; l >= 1; l--) {
        product_weights(nt, l, m, D, l == 1 ? X : nt->a[l - 1],
                        first ? 0.0 : 1.0, g);
        double *P = l > 1 ? nt->d[buf] : dx;
        if (!P)
            break;
        product_adjoint(nt, l, m, D, theta, P);
        D = P;
        buf ^= 1;
    }
}

/* ------------------------------------------------------------------ */
/* Mini-batches                                                         */
/* ------------------------------------------------------------------ */

/* splitmix64's finaliser (Steele, Lea and Flood 2014): a bijection of
 * 64-bit words that spreads neighbouring inputs over the whole range. */
static uint64_t splitmix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int fanos_epoch_permutation(unsigned long seed, unsigned long epoch,
                            size_t n, size_t *perm)
{
    if (!perm)
        return FANOS_ENULL;
    if (n == 0)
        return FANOS_EDIM;
    if (seed > 4294967294UL)
        return FANOS_ERANGE;
    gsl_rng *r = fanos_rng_alloc();
    if (!r)
        return FANOS_ENOMEM;
    /* [MB1] Epoch $e$ (from 0) of a run of seed $s$ visits the $N$ training examples in the order
     * $\pi_e$ = `gsl_ran_shuffle` of $(0, 1, \dots, N - 1)$ with a GSL mt19937 seeded with the low
     * 32 bits of splitmix64$(2^{32} s + e)$; its batches are the consecutive slices of $B$ entries
     * of $\pi_e$, the last one shorter when $B$ does not divide $N$, so an epoch is $\lceil N / B
     * \rceil$ steps. */
    const uint64_t key = ((uint64_t)seed << 32) + (uint64_t)epoch;
    gsl_rng_set(r, (unsigned long)(splitmix64(key) & 0xffffffffULL));
    for (size_t i = 0; i < n; i++)
        perm[i] = i;
    gsl_ran_shuffle(r, perm, n, sizeof *perm);
    fanos_rng_free(r);
    return FANOS_OK;
}

static int batches_init(net_batches *b, size_t N, size_t B,
                        unsigned long seed)
{
    memset(b, 0, sizeof *b);
    if (N == 0 || B > N)
        return FANOS_EDIM;
    b->N = N;
    /* [MB2] Batch 0, or a batch of all $N$ examples, is the full batch: every call takes the $N$
     * training examples in file order, the same sum every time. */
    b->full = B == 0 || B == N;
    b->B = b->full ? N : B;
    b->spe = (N + b->B - 1) / b->B;
    b->seed = seed;
    b->perm = malloc(N * sizeof *b->perm);
    if (!b->perm)
        return FANOS_ENOMEM;
    if (b->full) {
        for (size_t i = 0; i < N; i++)
            b->perm[i] = i;
        return FANOS_OK;
    }
    return fanos_epoch_permutation(seed, 0, N, b->perm);
}

/* The next batch: the first one at the first call.  A new epoch's order
 * is drawn before the state moves: on failure (FANOS_ENOMEM, perm left as
 * it was) the batches are as they were. */
static int batches_advance(net_batches *b)
{
    if (!b->started) {
        b->started = 1;
        return FANOS_OK;
    }
    if (b->step + 1 < b->spe) {
        b->step++;
        return FANOS_OK;
    }
    if (!b->full) {
        int rc = fanos_epoch_permutation(b->seed, b->epoch + 1, b->N, b->perm);
        if (rc != FANOS_OK)
            return rc;
    }
    b->step = 0;
    b->epoch++;
    return FANOS_OK;
}

static size_t batches_current(const net_batches *b, const size_t **idx)
{
    const size_t start = b->step * b->B;
    *idx = b->perm + start;
    return b->N - start < b->B ? b->N - start : b->B;
}

/* ------------------------------------------------------------------ */
/* The problem                                                          */
/* ------------------------------------------------------------------ */

void net_problem_free(void *ctx)
{
    net_problem *np = ctx;
    if (!np)
        return;
    net_free(&np->nt);
    free(np->bt.perm);
    free(np->dx);
    if (np->ops && np->ops->free)
        np->ops->free(np->src);
    free(np);
}

int net_problem_new(net_problem **out, const size_t *w, size_t nw,
                    size_t off, net_act act, const net_source_ops *ops,
                    void *src, size_t ntrain, size_t nheld, size_t batch,
                    unsigned long seed)
{
    *out = NULL;
    net_problem *np = calloc(1, sizeof *np);
    if (!np) {
        ops->free(src);
        return FANOS_ENOMEM;
    }
    np->ops = ops;
    np->src = src;
    np->nheld = nheld;
    int rc = nheld ? net_init(&np->nt, w, nw, off, act) : FANOS_EDIM;
    if (rc == FANOS_OK)
        rc = batches_init(&np->bt, ntrain, batch, seed);
    if (rc == FANOS_OK && ops->scatter &&
        !(np->dx = alloc_doubles(NET_CHUNK * w[0])))
        rc = FANOS_ENOMEM;
    if (rc != FANOS_OK) {
        net_problem_free(np);
        return rc;
    }
    np->n = off + np->nt.n;
    *out = np;
    return FANOS_OK;
}

/* The summed loss over count examples of split (idx, or first .. in file
 * order), chunk by chunk, with the gradient of scale * sum added to g. */
static double loss_over(net_problem *np, const double *theta, int split,
                        const size_t *idx, size_t first, size_t count,
                        double scale, double *g, size_t *correct)
{
    double sum = 0.0;
    double *dx = g && np->ops->scatter ? np->dx : NULL;
    if (g) {
        /* the first chunk writes the weights' gradient (dgemm with beta
         * 0); the rest, the biases and the input's parameters, add up */
        memset(g, 0, np->nt.off * sizeof *g);
        for (size_t l = 1; l < np->nt.nl; l++)
            memset(g + np->nt.boff[l], 0, np->nt.w[l] * sizeof *g);
    }
    for (size_t k = 0; k < count; k += NET_CHUNK) {
        const size_t c = count - k < NET_CHUNK ? count - k : NET_CHUNK;
        const size_t *ik = idx ? idx + k : NULL;
        const double *X = np->ops->gather(np->src, theta, split, ik, first + k,
                                          c, np->nt.a[0], np->nt.y);
        sum += net_chunk(&np->nt, theta, X, c, scale, g, dx, k == 0, correct);
        if (dx)
            np->ops->scatter(np->src, ik, first + k, c, dx, g);
    }
    return sum;
}

int net_problem_products(void *ctx, size_t n, const double *x, double *g,
                         int heldout)
{
    net_problem *np = ctx;
    if (!np || !x || (!heldout && !g))
        return FANOS_ENULL;
    if (n != np->n)
        return FANOS_EDIM;
    const size_t *idx;
    const size_t count = heldout ? np->nheld : batches_current(&np->bt, &idx);
    double *dx = !heldout && np->ops->scatter ? np->dx : NULL;
    for (size_t k = 0; k < count; k += NET_CHUNK) {
        const size_t c = count - k < NET_CHUNK ? count - k : NET_CHUNK;
        chunk_products(&np->nt, x, np->nt.a[0], c, heldout ? NULL : g, dx,
                       k == 0);
    }
    return FANOS_OK;
}

int net_problem_fdf(void *ctx, size_t n, const double *x, double *f,
                    double *g)
{
    net_problem *np = ctx;
    if (!np || !x || !f)
        return FANOS_ENULL;
    if (n != np->n)
        return FANOS_EDIM;
    if (g) {
        int rc = batches_advance(&np->bt);
        if (rc != FANOS_OK)
            return rc;
    }
    const size_t *idx;
    const size_t count = batches_current(&np->bt, &idx);
    /* [MB3] Each call with a gradient first moves to the next batch (the first call takes the first
     * batch of epoch 0); a call without a gradient ($g$ = NULL) gives the loss of the current batch
     * (that of the last call with a gradient, or the first batch before any) and moves nothing. */
    const double sum = loss_over(np, x, 0, np->bt.full ? NULL : idx, 0, count,
                                 1.0 / (double)count, g, NULL);
    *f = sum / (double)count;
    return FANOS_OK;
}

int net_problem_eval(void *ctx, size_t n, const double *x,
                     fanos_eval_metrics *m)
{
    net_problem *np = ctx;
    if (!np || !x || !m)
        return FANOS_ENULL;
    if (n != np->n)
        return FANOS_EDIM;
    size_t correct = 0;
    /* [MB4] Held-out evaluation (`fanos_problem_eval`): the mean cross-entropy of [ML3] over every
     * example of the held-out split in file order, the fraction of them whose first largest logit
     * is the label's, and the loss in bits, loss$/\ln 2$ (bits per character for charlm); it does
     * not move the batches. */
    const double sum = loss_over(np, x, 1, NULL, 0, np->nheld, 0.0, NULL,
                                 &correct);
    m->count = np->nheld;
    m->loss = sum / (double)np->nheld;
    m->accuracy = (double)correct / (double)np->nheld;
    m->bits = m->loss / M_LN2;
    if (!isfinite(m->loss))
        m->loss = m->accuracy = m->bits = NAN;
    return FANOS_OK;
}

int net_problem_batches(const void *ctx, fanos_batch_info *info)
{
    const net_problem *np = ctx;
    if (!np || !info)
        return FANOS_ENULL;
    const net_batches *b = &np->bt;
    info->examples = b->N;
    info->batch = b->B;
    info->steps_per_epoch = b->spe;
    info->epoch = b->epoch;
    info->step = b->step;
    info->started = b->started;
    info->count = batches_current(b, &info->indices);
    const net *nt = &np->nt;
    double prod = 0.0, grad = 0.0, tanhs = 0.0;
    for (size_t l = 1; l < nt->nl; l++) {
        const double ww = (double)nt->w[l] * (double)nt->w[l - 1];
        /* [MB18] The work of a problem trained on a data set (`fanos_problem_batch_info`): per
         * training example, a gradient makes $\sum_{l=1}^{L} 2 n_l n_{l-1} (2 + [l > 1 \text{ or
         * the input depends on the parameters}])$ FLOPs of matrix products (the forward product,
         * the weight gradient, the input adjoint) and $\sum_{l=1}^{L-1} n_l$ tanh values with tanh
         * hidden layers (0 with ReLU); a held-out evaluation makes $2 M \sum_{l=1}^{L} n_l
         * n_{l-1}$ FLOPs over its $M$ examples; the element-wise passes and the softmax are not
         * counted. */
        prod += 2.0 * ww;
        grad += 2.0 * ww * (l > 1 || np->ops->scatter ? 3.0 : 2.0);
        if (l + 1 < nt->nl && nt->act == NET_TANH)
            tanhs += (double)nt->w[l];
    }
    info->grad_flops = grad;
    info->grad_tanh = tanhs;
    info->eval_flops = prod * (double)np->nheld;
    info->heldout = np->nheld;
    info->params = np->n;
    return FANOS_OK;
}

int net_note_data_error(const fanos_problem *p, int status,
                        const fanos_data_error *err)
{
    fanos_problem_note *note = fanos_problem_note_of(p);
    if (err)
        note->err = *err;
    note->status = status;
    return status;
}

int net_too_many(const fanos_problem *p, const char *dir, const char *param,
                 size_t have, size_t want)
{
    fanos_data_error e;
    memset(&e, 0, sizeof e);
    snprintf(e.file, sizeof e.file, "%s", dir);
    const int i = fanos_problem_type_param_index(fanos_problem_get_type(p),
                                                 param);
    e.index = i < 0 ? 0 : (size_t)i;
    e.value = have;
    e.expected = want;
    return net_note_data_error(p, FANOS_EDIM, &e);
}

const char *net_data_dir(const fanos_problem *p, const char *def)
{
    const char *dir = "";
    fanos_problem_get_text(p, "data", &dir);
    return *dir ? dir : def;
}

size_t net_count(const fanos_problem *p, const char *name)
{
    double v = 0;
    fanos_problem_get(p, name, &v);
    return (size_t)v;
}
