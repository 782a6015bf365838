/* cmd_bench.c - `fanos bench`: speed probes printed as name=value lines.
 *
 * bench pinn: one PINN loss-and-gradient evaluation at 2000 collocation
 * and 300 boundary/initial points beside a dgemm probe that makes the same
 * matrix products (same shapes, same blocks) in the same process, and the
 * same evaluation run on both cores at once by two processes. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <gsl/gsl_cblas.h>
#include "cli.h"

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
            double t0 = cli_wall_seconds(), c0 = cli_cpu_seconds();
            fanos_pinn_fdf(p, n, theta, &f, g);
            c[r] = cli_cpu_seconds() - c0;
            t[r] = cli_wall_seconds() - t0;
        }
        m = cli_median(t, reps);
        *cpu = cli_median(c, reps);
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
typedef struct {
    double eval_med, eval_min, probe_med, probe_min, probe_flops;
} timing;

static int time_both(fanos_pinn *p, const double *theta, double *g,
                     size_t reps, size_t block, timing *tm)
{
    size_t w[FANOS_PINN_MAX_LAYERS], nw;
    fanos_pinn_widths(p, w, &nw);
    probe_buf b = {NULL, NULL, NULL, NULL};
    double *te = malloc(reps * sizeof *te), *tp = malloc(reps * sizeof *tp);
    int rc = -1;
    if (te && tp && probe_alloc(&b, w, nw, block) == 0) {
        const size_t n = fanos_pinn_size(p);
        double f;
        for (int i = 0; i < 2; i++) {
            fanos_pinn_fdf(p, n, theta, &f, g);
            dgemm_pass(w, nw, 2000, 300, block, b.A, b.B, b.C, b.G);
        }
        for (size_t r = 0; r < reps; r++) {
            double t0 = cli_wall_seconds();
            fanos_pinn_fdf(p, n, theta, &f, g);
            double t1 = cli_wall_seconds();
            tm->probe_flops = dgemm_pass(w, nw, 2000, 300, block, b.A, b.B,
                                         b.C, b.G);
            tp[r] = cli_wall_seconds() - t1;
            te[r] = t1 - t0;
        }
        tm->eval_med = cli_median(te, reps);
        tm->eval_min = te[0];
        tm->probe_med = cli_median(tp, reps);
        tm->probe_min = tp[0];
        rc = 0;
    }
    probe_free(&b);
    free(te);
    free(tp);
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
typedef struct {
    double frac_med, frac_min, frac_max, cpu_frac_med;
    double pair_med, solo_cpu_med, pair_cpu_med;
} side_rounds;

static int time_side_rounds(fanos_pinn *p, const double *theta, double *g,
                            size_t reps, size_t rounds, side_rounds *sr)
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
        sr->frac_med = cli_median(frac, rounds);
        sr->frac_min = frac[0];
        sr->frac_max = frac[rounds - 1];
        sr->cpu_frac_med = cli_median(cfrac, rounds);
        sr->pair_med = cli_median(pair, rounds);
        sr->solo_cpu_med = cli_median(scpu, rounds);
        sr->pair_cpu_med = cli_median(pcpu, rounds);
    }
    free(v);
    return rc;
}

static void bench_usage(FILE *fp)
{
    fprintf(fp,
"Usage: fanos bench [steps [OPTIONS] | pinn [OPTIONS]]\n"
"\n"
"Speed probes, each beside its baseline measured in the same process.\n"
"Without a probe name both run, steps first.  `fanos bench steps --help`\n"
"describes the step kernels against the memory bandwidth.\n"
"\n"
"fanos bench pinn [--block B] [--reps N] [--rounds K]\n"
"\n"
"Speed of one PINN loss-and-gradient evaluation (network [2,50,50,50,1],\n"
"Burgers, 2000 collocation and 300 boundary/initial points, fresh draws of\n"
"seed 0) beside a dgemm probe making the same products in the same\n"
"process, and the evaluation on both cores at once (two processes).\n"
"The evaluation and the probe are timed in turn, so that both see the same\n"
"machine.  Prints name=value lines: blas_core, load_average (other work on\n"
"the machine skews every figure), pinn_block (the --block used),\n"
"pinn_mflop (millions of FLOPs of one evaluation, counted as doc/spec.md\n"
"[N18]), pinn_eval_ms (median) and pinn_eval_ms_min, pinn_gflops,\n"
"dgemm_gflops (median) and dgemm_gflops_max, pinn_dgemm_fraction (of the\n"
"medians) and pinn_dgemm_fraction_best (of the fastest runs),\n"
"pinn_eval_ms_side_by_side (median of each of two processes running at\n"
"once) and pinn_side_by_side_fraction (speed of each against one alone),\n"
"and the same in CPU time (pinn_eval_cpu_ms, pinn_eval_cpu_ms_side_by_side,\n"
"pinn_side_by_side_cpu_fraction), which other work that takes a core away\n"
"does not inflate.  The side-by-side figures are measured in K rounds\n"
"(pinn_side_by_side_rounds), each timing one evaluation alone and then two\n"
"at once: the fractions are the medians over the rounds of each round's\n"
"ratio, with their minimum and maximum (pinn_side_by_side_fraction_min,\n"
"pinn_side_by_side_fraction_max).\n"
"\n"
"Options:\n"
"  --block B   points per block, 1 <= B <= 4096                  [32]\n"
"  --reps N    timed evaluations, 3 <= N <= 100000               [50]\n"
"  --rounds K  side-by-side rounds, 1 <= K <= 1000                 [5]\n"
"\n"
"An unknown probe name is a usage error.\n"
CLI_EXIT_HELP);
}

static int bench_pinn(unsigned long long block, unsigned long long reps,
                      unsigned long long rounds)
{
    /* the T4 network and points: the burgers problem's defaults, seed 0 */
    fanos_problem *prob;
    int rc = fanos_problem_alloc(&prob, fanos_problem_burgers);
    if (rc != FANOS_OK) {
        cli_error("bench pinn: %s", fanos_strerror(rc));
        return EXIT_BADINPUT;
    }
    const size_t n = fanos_problem_size(prob);
    double *theta = malloc(n * sizeof *theta), *g = malloc(n * sizeof *g);
    const char *why = NULL;
    timing tm;
    side_rounds sr;
    fanos_pinn *p = NULL;
    if (theta && fanos_problem_setup(prob, FANOS_DRAWS_FRESH, 0, NULL,
                                     theta) == FANOS_OK)
        p = fanos_problem_context(prob);
    if (!theta || !g || !p || fanos_pinn_set_block(p, (size_t)block) ||
        time_both(p, theta, g, (size_t)reps, (size_t)block, &tm))
        why = "out of memory";
    else if (time_side_rounds(p, theta, g, (size_t)reps, (size_t)rounds, &sr))
        why = "the side-by-side processes failed (out of memory, or fork or "
              "pipe failed)";
    if (why) {
        cli_error("bench pinn: %s", why);
        free(theta);
        free(g);
        fanos_problem_free(prob);
        return EXIT_FAILURE;
    }
    const double flops = fanos_pinn_flops(p);
    double load[1] = {NAN};
    getloadavg(load, 1);
    const double pg = flops / tm.eval_med / 1e9;
    const double dg = tm.probe_flops / tm.probe_med / 1e9;
    printf("blas_core=%s\n", cli_blas_core());
    printf("load_average=%.2f\n", load[0]);
    printf("pinn_block=%llu\n", block);
    printf("pinn_mflop=%.3f\n", flops / 1e6);
    printf("pinn_eval_ms=%.4f\n", 1e3 * tm.eval_med);
    printf("pinn_eval_ms_min=%.4f\n", 1e3 * tm.eval_min);
    printf("pinn_gflops=%.3f\n", pg);
    printf("dgemm_gflops=%.3f\n", dg);
    printf("dgemm_gflops_max=%.3f\n", tm.probe_flops / tm.probe_min / 1e9);
    printf("pinn_dgemm_fraction=%.3f\n", pg / dg);
    printf("pinn_dgemm_fraction_best=%.3f\n",
           flops / tm.eval_min / (tm.probe_flops / tm.probe_min));
    printf("pinn_side_by_side_rounds=%llu\n", rounds);
    printf("pinn_eval_ms_side_by_side=%.4f\n", 1e3 * sr.pair_med);
    printf("pinn_side_by_side_fraction=%.3f\n", sr.frac_med);
    printf("pinn_side_by_side_fraction_min=%.3f\n", sr.frac_min);
    printf("pinn_side_by_side_fraction_max=%.3f\n", sr.frac_max);
    printf("pinn_eval_cpu_ms=%.4f\n", 1e3 * sr.solo_cpu_med);
    printf("pinn_eval_cpu_ms_side_by_side=%.4f\n", 1e3 * sr.pair_cpu_med);
    printf("pinn_side_by_side_cpu_fraction=%.3f\n", sr.cpu_frac_med);
    free(theta);
    free(g);
    fanos_problem_free(prob);
    return 0;
}

int cmd_bench(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        bench_usage(stdout);
        return 0;
    }
    if (argc < 2) {
        char *steps[] = {(char *)"steps", NULL};
        int rc = cmd_bench_steps(1, steps);
        return rc ? rc : bench_pinn(32, 50, 5);
    }
    if (!strcmp(argv[1], "steps"))
        return cmd_bench_steps(argc - 1, argv + 1);
    if (strcmp(argv[1], "pinn")) {
        cli_error("bench %s: unknown probe (known: steps, pinn; see fanos bench --help)",
                  argv[1]);
        return EXIT_USAGE;
    }
    unsigned long long block = 32, reps = 50, rounds = 5;
    int bad = 0;
    for (int i = 2; i < argc && !bad; i++) {
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            bench_usage(stdout);
            return 0;
        } else if ((v = cli_opt(argc, argv, &i, "--block", &bad))) {
            if (cli_parse_size(v, 1, 4096, &block)) {
                cli_error("--block %s: must be an integer in [1, 4096]", v);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--reps", &bad))) {
            if (cli_parse_size(v, 3, 100000, &reps)) {
                cli_error("--reps %s: must be an integer in [3, 100000]", v);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--rounds", &bad))) {
            if (cli_parse_size(v, 1, 1000, &rounds)) {
                cli_error("--rounds %s: must be an integer in [1, 1000]", v);
                bad = EXIT_BADINPUT;
            }
        } else if (!bad) {
            bad = cli_bad_arg("bench pinn", argv[i]);
        }
    }
    return bad ? bad : bench_pinn(block, reps, rounds);
}
