/* bench.c - the speed probes of `fanos bench` (doc/performance.md):
 * measurements only, each beside its baseline in the same process; the
 * command prints them.
 *
 * Steps: a triad a = b + s*c over d doubles measures the bandwidth a
 * streaming loop reaches on one core; one step of an optimizer is timed on
 * a flat vector of d parameters, through the public fanos_optimizer_step,
 * with its state warm.  Each figure is the median of several repetitions;
 * a repetition runs enough steps to last BENCH_MIN_S of CPU time.
 *
 * PINN: one loss-and-gradient evaluation beside a dgemm probe that makes
 * the same matrix products (same shapes, same blocks), and the same
 * evaluation run on both cores at once by two processes. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "core/internal.h"
#include "problems/net.h"

#define BENCH_MIN_S 0.05     /* shortest repetition, seconds */

double fanos_bench_wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double fanos_bench_cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The median of n >= 1 values (sorts v). */
static double median(double *v, size_t n)
{
    gsl_sort(v, 1, n);
    return gsl_stats_median_from_sorted_data(v, 1, n);
}

/* Timed in the thread's CPU time (fanos_bench_cpu_seconds): on a machine shared
 * with other jobs, time spent descheduled would otherwise count as time in
 * the kernel.  The step runs on one thread and never sleeps, so on an idle
 * machine this is the wall time. */
/* Kept out of line so that each call really streams the three arrays. */
__attribute__((noinline)) static void triad(double *a, const double *b,
                                            const double *c, double s,
                                            size_t d)
{
    for (size_t i = 0; i < d; i++)
        a[i] = b[i] + s * c[i];
}

int fanos_bench_triad(size_t d, unsigned reps, double *sec)
{
    if (!sec)
        return FANOS_ENULL;
    if (d == 0 || reps < 1 || reps > FANOS_BENCH_MAX_REPS)
        return FANOS_ERANGE;
    double *a = malloc(d * sizeof *a), *b = malloc(d * sizeof *b);
    double *c = malloc(d * sizeof *c);
    double t[FANOS_BENCH_MAX_REPS];
    if (!a || !b || !c) {
        free(a), free(b), free(c);
        return FANOS_ENOMEM;
    }
    for (size_t i = 0; i < d; i++) {
        a[i] = 0.0;
        b[i] = 1.0 + (double)(i % 7);
        c[i] = 0.5 - (double)(i % 3);
    }
    double t0 = fanos_bench_cpu_seconds();
    triad(a, b, c, 0.25, d);           /* warm-up, and the time of one */
    double one = fmax(fanos_bench_cpu_seconds() - t0, 1e-9);
    unsigned long k = (unsigned long)ceil(BENCH_MIN_S / one);
    for (unsigned r = 0; r < reps; r++) {
        t0 = fanos_bench_cpu_seconds();
        for (unsigned long j = 0; j < k; j++)
            triad(a, b, c, 0.25 + 1e-3 * (double)j, d);
        t[r] = (fanos_bench_cpu_seconds() - t0) / (double)k;
    }
    *sec = median(t, reps);
    int rc = isfinite(a[d / 2]) ? FANOS_OK : FANOS_ENONFINITE;
    free(a), free(b), free(c);
    return rc;
}

int fanos_bench_step(const char *name, const char *const *settings,
                     size_t d, unsigned reps, double *sec)
{
    if (!name || !sec)
        return FANOS_ENULL;
    if (d == 0 || reps < 1 || reps > FANOS_BENCH_MAX_REPS)
        return FANOS_ERANGE;
    const fanos_optimizer_type *type = fanos_optimizer_type_lookup(name);
    fanos_optimizer *o = NULL;
    double *x = malloc(d * sizeof *x), *g = malloc(d * sizeof *g);
    double t[FANOS_BENCH_MAX_REPS];
    int rc = !type || !type->step ? FANOS_EUNKNOWN
             : (!x || !g)         ? FANOS_ENOMEM
                                  : fanos_optimizer_alloc(&o, type, d);
    for (size_t j = 0; rc == FANOS_OK && settings && settings[j]; j++) {
        const char *eq = strchr(settings[j], '=');
        char key[32];
        if (!eq || (size_t)(eq - settings[j]) >= sizeof key) {
            rc = FANOS_EPARSE;
            break;
        }
        snprintf(key, sizeof key, "%.*s", (int)(eq - settings[j]), settings[j]);
        rc = fanos_optimizer_set_text(o, key, eq + 1);
    }
    if (rc == FANOS_OK) {
        /* Modest entries of both signs, away from zero and from subnormals. */
        for (size_t i = 0; i < d; i++) {
            x[i] = 0.1 * (double)(i % 11) - 0.5;
            g[i] = 1e-2 * (1.0 + (double)(i % 17) / 17.0) * (i % 2 ? 1 : -1);
        }
        for (int w = 0; rc == FANOS_OK && w < 3; w++)   /* warm state */
            rc = fanos_optimizer_step(o, x, g, 0.0);
    }
    double t0 = fanos_bench_cpu_seconds();
    if (rc == FANOS_OK)
        rc = fanos_optimizer_step(o, x, g, 0.0);
    double one = fmax(fanos_bench_cpu_seconds() - t0, 1e-9);
    unsigned long k = (unsigned long)ceil(BENCH_MIN_S / one);
    for (unsigned r = 0; rc == FANOS_OK && r < reps; r++) {
        t0 = fanos_bench_cpu_seconds();
        for (unsigned long j = 0; rc == FANOS_OK && j < k; j++)
            rc = fanos_optimizer_step(o, x, g, 0.0);
        t[r] = (fanos_bench_cpu_seconds() - t0) / (double)k;
    }
    if (rc == FANOS_OK)
        *sec = median(t, reps);
    fanos_optimizer_free(o);
    free(x), free(g);
    return rc;
}

/* Seconds per evaluation: the median of reps timed evaluations, after two
 * untimed ones, in wall time and in CPU time (*cpu). */
static double time_eval(fanos_pinn *p, const double *theta, double *g,
                        size_t reps, double *cpu)
{
    const size_t n = fanos_pinn_size(p);
    double f, *t = malloc(reps * sizeof *t), *c = malloc(reps * sizeof *c);
    double m = NAN;
    if (t && c) {
        for (int i = 0; i < 2; i++)
            fanos_pinn_fdf(p, n, theta, &f, g);
        for (size_t r = 0; r < reps; r++) {
            double t0 = fanos_bench_wall_seconds(), c0 = fanos_bench_cpu_seconds();
            fanos_pinn_fdf(p, n, theta, &f, g);
            c[r] = fanos_bench_cpu_seconds() - c0;
            t[r] = fanos_bench_wall_seconds() - t0;
        }
        m = median(t, reps);
        *cpu = median(c, reps);
    }
    free(t);
    free(c);
    return m;
}

/* The products of one evaluation: per block and hidden layer l, the forward
 * product (n_l x R x n_{l-1}), the weight gradient (n_l x n_{l-1} x R, in
 * the row slices of src/problems/pinn.c) and,
 * for l > 1, the input adjoint (n_{l-1} x R x n_l).  Returns its FLOPs. */
static double dgemm_pass(const size_t *w, size_t nw, size_t nf, size_t nb,
                         size_t block, double *A, double *B, double *C,
                         double *G)
{
    double flops = 0;
    for (int kind = 0; kind < 2; kind++) {
        const size_t npts = kind ? nb : nf, S = kind ? 1 : 4;
        const size_t bl = kind ? 4 * block : block;
        for (size_t k = 0; k < npts; k += bl) {
            const int R = (int)(S * (npts - k < bl ? npts - k : bl));
            for (size_t l = 1; l + 1 < nw; l++) {
                const int out = (int)w[l], in = (int)w[l - 1];
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, out, R,
                            in, 1.0, A, in, B, R, 0.0, C, R);
                /* in row slices, as the evaluation makes it */
                const int rows = in < 1200 ? 1200 / in : 1;
                for (int j = 0; j < out; j += rows)
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
                                out - j < rows ? out - j : rows, in, R, 1.0,
                                C + (size_t)j * R, R, B, R, 1.0,
                                G + (size_t)j * in, in);
                flops += 4.0 * out * in * R;
                if (l > 1) {
                    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, in, R,
                                out, 1.0, A, in, C, R, 0.0, B, R);
                    flops += 2.0 * out * in * R;
                }
            }
        }
    }
    return flops;
}

/* Buffers of the dgemm probe, the widest layer by 4 blocks. */
typedef struct {
    double *A, *B, *C, *G;
} probe_buf;

/* n zeroed doubles on a 64-byte boundary, as src/problems/pinn.c
 * allocates its block buffers, so that the probe's products see the same
 * alignment as the evaluation's. */
static double *probe_doubles(size_t n)
{
    const size_t bytes = (n * sizeof(double) + 63) / 64 * 64;
    double *v = aligned_alloc(64, bytes);
    if (v)
        memset(v, 0, bytes);
    return v;
}

/* B and C stand for a block's activations and adjoints (aligned as in the
 * evaluation), A and G for the weights and their gradient (slices of the
 * caller's parameter vectors, allocated as the bench allocates those). */
static int probe_alloc(probe_buf *b, const size_t *w, size_t nw, size_t block)
{
    size_t wmax = 0;
    for (size_t l = 0; l < nw; l++)
        wmax = w[l] > wmax ? w[l] : wmax;
    const size_t R = 4 * block;
    b->A = calloc(wmax * wmax, sizeof *b->A);
    b->B = probe_doubles(wmax * R);
    b->C = probe_doubles(wmax * R);
    b->G = calloc(wmax * wmax, sizeof *b->G);
    if (!b->A || !b->B || !b->C || !b->G)
        return -1;
    for (size_t i = 0; i < wmax * wmax; i++)
        b->A[i] = 1e-3 * (double)(i % 7);
    for (size_t i = 0; i < wmax * R; i++)
        b->B[i] = 1e-3 * (double)(i % 5);
    return 0;
}

static void probe_free(probe_buf *b)
{
    free(b->A);
    free(b->B);
    free(b->C);
    free(b->G);
}

/* The evaluation and the dgemm probe timed in turn, reps times each, so
 * that both see the same machine; medians and minima in seconds. */

static int time_both(fanos_pinn *p, const double *theta, double *g,
                     size_t reps, size_t block, fanos_bench_pinn_timing *tm)
{
    size_t w[FANOS_PINN_MAX_LAYERS], nw, nf = 0, nb = 0;
    fanos_pinn_widths(p, w, &nw);
    const int *kind;
    const size_t npts = fanos_pinn_points(p, &kind, NULL, NULL);
    for (size_t i = 0; i < npts; i++) {
        if (kind[i] == FANOS_PINN_COLLOCATION)
            nf++;
        else
            nb++;
    }
    probe_buf b = {NULL, NULL, NULL, NULL};
    double *te = malloc(reps * sizeof *te), *tp = malloc(reps * sizeof *tp);
    double *tt = malloc(reps * sizeof *tt);
    /* the tanh probe: the evaluation's count of tanh values, over inputs
     * spread as a layer's pre-activations are (|z| up to about 3) */
    const size_t nt = (size_t)fanos_pinn_tanh_count(p);
    double *tz = probe_doubles(nt ? nt : 1), *ty = probe_doubles(nt ? nt : 1);
    int rc = -1;
    if (tz)
        for (size_t i = 0; i < nt; i++)
            tz[i] = 6.0 * (double)(i % 1000) / 1000.0 - 3.0;
    if (te && tp && tt && tz && ty && probe_alloc(&b, w, nw, block) == 0) {
        const size_t n = fanos_pinn_size(p);
        double f;
        for (int i = 0; i < 2; i++) {
            fanos_pinn_fdf(p, n, theta, &f, g);
            dgemm_pass(w, nw, nf, nb, block, b.A, b.B, b.C, b.G);
            pinn_tanh_values(ty, tz, nt);
        }
        for (size_t r = 0; r < reps; r++) {
            double t0 = fanos_bench_wall_seconds();
            fanos_pinn_fdf(p, n, theta, &f, g);
            double t1 = fanos_bench_wall_seconds();
            tm->probe_flops = dgemm_pass(w, nw, nf, nb, block, b.A, b.B,
                                         b.C, b.G);
            const double t2 = fanos_bench_wall_seconds();
            pinn_tanh_values(ty, tz, nt);
            tt[r] = fanos_bench_wall_seconds() - t2;
            tp[r] = t2 - t1;
            te[r] = t1 - t0;
        }
        tm->eval_med = median(te, reps);
        tm->eval_min = te[0];
        tm->probe_med = median(tp, reps);
        tm->probe_min = tp[0];
        tm->tanh_med = median(tt, reps);
        tm->tanh_min = tt[0];
        tm->tanh_count = (double)nt;
        rc = 0;
    }
    probe_free(&b);
    free(te);
    free(tp);
    free(tt);
    free(tz);
    free(ty);
    return rc;
}

/* Two processes, released together, each timing the evaluation; the mean
 * of their median wall and CPU times. */
static double side_by_side(fanos_pinn *p, const double *theta, double *g,
                           size_t reps, double *cpu)
{
    int go[2], back[2];
    if (pipe(go))
        return NAN;
    if (pipe(back)) {
        close(go[0]);
        close(go[1]);
        return NAN;
    }
    pid_t pid[2];
    for (int c = 0; c < 2; c++) {
        pid[c] = fork();
        if (pid[c] == 0) {
            char b;
            close(go[1]);
            if (read(go[0], &b, 1) != 1)
                _exit(1);
            double m[2];
            m[0] = time_eval(p, theta, g, reps, &m[1]);
            _exit(write(back[1], m, sizeof m) == sizeof m ? 0 : 1);
        }
    }
    close(go[0]);
    close(back[1]);
    ssize_t wr = write(go[1], "gg", 2);
    close(go[1]);
    double sum[2] = {0, 0};
    int got = 0;
    for (int c = 0; c < 2 && wr == 2; c++) {
        double m[2];
        if (pid[c] > 0 && read(back[0], m, sizeof m) == sizeof m) {
            sum[0] += m[0];
            sum[1] += m[1];
            got++;
        }
    }
    for (int c = 0; c < 2; c++)
        if (pid[c] > 0)
            waitpid(pid[c], NULL, 0);
    close(back[0]);
    *cpu = got == 2 ? sum[1] / 2 : NAN;
    return got == 2 ? sum[0] / 2 : NAN;
}

/* The side-by-side figure, in rounds: each round times the evaluation
 * alone, then in two processes at once, and takes the ratio of the two
 * (speed of each of the pair against one alone).  The median over rounds
 * is the figure; its minimum and maximum show how much the machine moved
 * while it was measured.  Alternating the two in short rounds keeps a
 * burst of other work on the machine from falling on one side only. */
static int time_side_rounds(fanos_pinn *p, const double *theta, double *g,
                            size_t reps, size_t rounds,
                            fanos_bench_side *sr)
{
    double *v = malloc(5 * rounds * sizeof *v);
    if (!v)
        return -1;
    double *frac = v, *cfrac = v + rounds, *pair = v + 2 * rounds;
    double *scpu = v + 3 * rounds, *pcpu = v + 4 * rounds;
    int rc = 0;
    for (size_t r = 0; r < rounds && rc == 0; r++) {
        const double solo = time_eval(p, theta, g, reps, &scpu[r]);
        pair[r] = side_by_side(p, theta, g, reps, &pcpu[r]);
        if (!isfinite(solo) || !isfinite(pair[r]) || !isfinite(pcpu[r]))
            rc = -1;
        frac[r] = solo / pair[r];
        cfrac[r] = scpu[r] / pcpu[r];
    }
    if (rc == 0) {
        sr->frac_med = median(frac, rounds);
        sr->frac_min = frac[0];
        sr->frac_max = frac[rounds - 1];
        sr->cpu_frac_med = median(cfrac, rounds);
        sr->pair_med = median(pair, rounds);
        sr->solo_cpu_med = median(scpu, rounds);
        sr->pair_cpu_med = median(pcpu, rounds);
    }
    free(v);
    return rc;
}

int fanos_bench_pinn(fanos_pinn *p, const double *theta, size_t reps,
                     size_t block, fanos_bench_pinn_timing *tm)
{
    if (!p || !theta || !tm)
        return FANOS_ENULL;
    if (reps < 1 || block < 1 || !fanos_pinn_points(p, NULL, NULL, NULL))
        return FANOS_ERANGE;
    double *g = malloc(fanos_pinn_size(p) * sizeof *g);
    int rc = g && time_both(p, theta, g, reps, block, tm) == 0 ? FANOS_OK
                                                               : FANOS_ENOMEM;
    free(g);
    return rc;
}

int fanos_bench_pinn_side_by_side(fanos_pinn *p, const double *theta,
                                  size_t reps, size_t rounds,
                                  fanos_bench_side *sr)
{
    if (!p || !theta || !sr)
        return FANOS_ENULL;
    if (reps < 1 || rounds < 1 || !fanos_pinn_points(p, NULL, NULL, NULL))
        return FANOS_ERANGE;
    double *g = malloc(fanos_pinn_size(p) * sizeof *g);
    int rc = g && time_side_rounds(p, theta, g, reps, rounds, sr) == 0
                 ? FANOS_OK : FANOS_EIO;
    free(g);
    return rc;
}

/* Bytes per parameter each step must move, from its reads and writes of
 * float64 vectors (8 bytes an entry) in the passes it cannot avoid
 * (doc/performance.md explains each row):
 *   triad   read b, c; write a                                      24
 *   fanos   pass 1 read g (finiteness and clip norm together);
 *           pass 2 read g, x, v, s; write x, v, s                   64
 *   adamw   read g, x, m, v; write x, m, v                          56
 *   sgd     (momentum 0.9) read g, x, b; write x, b                 40
 *   vradam  pass 1 read g, m, v; write m, v (the rate needs |m_k|);
 *           pass 2 read x, m, v; write x                            72
 *   cadam   read g, x, p, zeta; write x, p, zeta                    56
 * Tiny rates and a fixed gradient of modest entries keep the values
 * finite, so that no step is skipped or diverges. */
static const struct bench_kernel {
    const char *name;
    double bytes;
    const char *set[3];      /* parameters changed from the defaults */
} kernels[] = {
    {"fanos", 64, {"lr=1e-6", NULL, NULL}},
    {"adamw", 56, {"lr=1e-6", NULL, NULL}},
    {"sgd", 40, {"lr=1e-6", "momentum=0.9", NULL}},
    {"vradam", 72, {"lr=1e-6", NULL, NULL}},
    {"cadam", 56, {"lr=1e-6", NULL, NULL}},
};
#define NKERNELS (sizeof kernels / sizeof kernels[0])

static void figure(fanos_bench_figure *fig, size_t *count, const char *tag,
                   const char *kernel, const char *what, double value,
                   const char *unit)
{
    fanos_bench_figure *f = &fig[(*count)++];
    if (kernel)
        snprintf(f->name, sizeof f->name, "step_%s_%s_%s", kernel, tag, what);
    else
        snprintf(f->name, sizeof f->name, "triad_%s%s", tag, what);
    f->value = value;
    f->unit = unit;
}

int fanos_bench_steps_size(size_t d, unsigned reps, fanos_bench_figure *fig,
                           size_t *count, const char **failed)
{
    if (!fig || !count)
        return FANOS_ENULL;
    *count = 0;
    char tag[16];
    snprintf(tag, sizeof tag, "d1e%d", (int)lround(log10((double)d)));
    double ts;
    int rc = fanos_bench_triad(d, reps, &ts);
    if (rc != FANOS_OK) {
        if (failed)
            *failed = "triad";
        return rc;
    }
    const double triad_gbs = 24.0 * (double)d / ts * 1e-9;
    figure(fig, count, tag, NULL, "_gbs", triad_gbs, "GB/s");
    if (d == 10000000)
        figure(fig, count, "", NULL, "gbs", triad_gbs, "GB/s");
    for (size_t k = 0; k < NKERNELS; k++) {
        const struct bench_kernel *kn = &kernels[k];
        double sec;
        rc = fanos_bench_step(kn->name, kn->set, d, reps, &sec);
        if (rc != FANOS_OK) {
            if (failed)
                *failed = kn->name;
            return rc;
        }
        const double ns = sec / (double)d * 1e9, gbs = kn->bytes / ns;
        figure(fig, count, tag, kn->name, "ns", ns, "ns/param");
        figure(fig, count, tag, kn->name, "bytes", kn->bytes, "B/param");
        figure(fig, count, tag, kn->name, "gbs", gbs, "GB/s");
        figure(fig, count, tag, kn->name, "bw_fraction", gbs / triad_gbs, "1");
    }
    return FANOS_OK;
}

/* One training step of a problem trained on a data set, as a training
 * loop makes it: the next mini-batch's loss and gradient, then the step;
 * timed one by one in CPU time, after three warm steps. */
int fanos_bench_train_step(fanos_problem *p, fanos_optimizer *opt, double *x,
                           unsigned reps, fanos_bench_train_timing *tm)
{
    if (!p || !opt || !x || !tm)
        return FANOS_ENULL;
    if (reps < 1 || reps > FANOS_BENCH_MAX_REPS)
        return FANOS_ERANGE;
    const size_t n = fanos_problem_size(p);
    if (n == 0 || n != fanos_optimizer_size(opt))
        return FANOS_EDIM;
    double *g = malloc(n * sizeof *g), t[FANOS_BENCH_MAX_REPS];
    double tf[FANOS_BENCH_MAX_REPS], f;
    if (!g)
        return FANOS_ENOMEM;
    int rc = FANOS_OK;
    for (int w = 0; rc == FANOS_OK && w < 3; w++) {
        rc = fanos_problem_fdf(p, n, x, &f, g);
        if (rc == FANOS_OK)
            rc = fanos_optimizer_step(opt, x, g, f);
    }
    for (unsigned r = 0; rc == FANOS_OK && r < reps; r++) {
        const double t0 = fanos_bench_cpu_seconds();
        rc = fanos_problem_fdf(p, n, x, &f, g);
        const double t1 = fanos_bench_cpu_seconds();
        if (rc == FANOS_OK)
            rc = fanos_optimizer_step(opt, x, g, f);
        t[r] = fanos_bench_cpu_seconds() - t0;
        tf[r] = t1 - t0;
    }
    if (rc == FANOS_OK) {
        tm->step_med = median(t, reps);
        tm->step_min = t[0];
        tm->fdf_med = median(tf, reps);
    }
    free(g);
    return rc == FANOS_SKIPPED ? FANOS_OK : rc;
}

/* A problem trained on a data set: a training step's loss and gradient
 * (the next mini-batch) and then the same batch's matrix products alone,
 * a held-out evaluation and then its products alone, each pair timed in
 * turn in CPU time, reps times after one warm pair. */
int fanos_bench_data(fanos_problem *p, const double *x, unsigned reps,
                     fanos_bench_data_timing *tm)
{
    if (!p || !x || !tm)
        return FANOS_ENULL;
    if (reps < 1 || reps > FANOS_BENCH_MAX_REPS)
        return FANOS_ERANGE;
    const fanos_problem_type *t = fanos_problem_get_type(p);
    if (t != fanos_problem_softmax && t != fanos_problem_mlp &&
        t != fanos_problem_charlm)
        return FANOS_EUNKNOWN;
    void *ctx = fanos_problem_context(p);
    if (!ctx)
        return FANOS_ECONFLICT;
    const size_t n = fanos_problem_size(p);
    double *g = malloc(n * sizeof *g), f;
    double ts[FANOS_BENCH_MAX_REPS], tp[FANOS_BENCH_MAX_REPS];
    double te[FANOS_BENCH_MAX_REPS], tq[FANOS_BENCH_MAX_REPS];
    fanos_eval_metrics m;
    fanos_batch_info bi;
    if (!g)
        return FANOS_ENOMEM;
    /* the batch size of the problem; an epoch's short last batch is
     * stepped over, untimed */
    int rc = fanos_problem_batch_info(p, &bi);
    const size_t B = bi.batch;
    unsigned k = 0;
    int warm = 0;
    /* at most one short batch an epoch of two steps or more: half the
     * turns at least are timed */
    for (unsigned r = 0; rc == FANOS_OK && k < reps && r < 2 * reps + 4; r++) {
        const double t0 = fanos_bench_cpu_seconds();
        rc = fanos_problem_fdf(p, n, x, &f, g);
        const double t1 = fanos_bench_cpu_seconds();
        if (rc == FANOS_OK)
            rc = net_problem_products(ctx, n, x, g, 0);
        const double t2 = fanos_bench_cpu_seconds();
        if (rc == FANOS_OK)
            rc = fanos_problem_batch_info(p, &bi);
        if (rc != FANOS_OK || bi.count != B)
            continue;
        const double t3 = fanos_bench_cpu_seconds();
        rc = fanos_problem_eval(p, x, &m);
        const double t4 = fanos_bench_cpu_seconds();
        if (rc == FANOS_OK)
            rc = net_problem_products(ctx, n, x, NULL, 1);
        const double t5 = fanos_bench_cpu_seconds();
        if (!warm) {
            warm = 1;           /* the first full turn warms the caches */
            continue;
        }
        ts[k] = t1 - t0;
        tp[k] = t2 - t1;
        te[k] = t4 - t3;
        tq[k] = t5 - t4;
        k++;
    }
    if (rc == FANOS_OK && k < reps)
        rc = FANOS_EDIM;        /* not reached: see above */
    if (rc == FANOS_OK) {
        tm->step_med = median(ts, k);
        tm->step_min = ts[0];
        tm->step_products_med = median(tp, k);
        tm->step_products_min = tp[0];
        tm->eval_med = median(te, k);
        tm->eval_min = te[0];
        tm->eval_products_med = median(tq, k);
        tm->eval_products_min = tq[0];
        tm->step_flops = bi.grad_flops * (double)B;
        tm->eval_flops = bi.eval_flops;
        tm->batch = B;
    }
    free(g);
    return rc;
}
