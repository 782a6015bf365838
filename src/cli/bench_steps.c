/* bench_steps.c - `fanos bench steps`: how close each optimizer step comes
 * to the memory bandwidth of this machine.
 *
 * For each size d, the library's probes (src/run/bench.c) time a triad
 * a = b + s*c over arrays of d doubles, the bandwidth a streaming loop
 * reaches on one core, and one step of each kernel on a flat vector of d
 * parameters.
 * The bytes a kernel moves are counted from the passes it must make over
 * memory (table below; doc/performance.md explains each row), so the
 * fraction of the triad's bandwidth says how far the kernel is from the
 * memory limit.  Single-threaded; the values stay finite (tiny rates, a
 * fixed gradient of modest entries), so no step is skipped or diverges.
 */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"

/* Bytes per parameter each step must move, from its reads and writes of
 * float64 vectors (8 bytes an entry) in the passes it cannot avoid:
 *   triad   read b, c; write a                                      24
 *   fanos   pass 1 read g (finiteness and clip norm together);
 *           pass 2 read g, x, v, s; write x, v, s                   64
 *   adamw   read g, x, m, v; write x, m, v                          56
 *   sgd     (momentum 0.9) read g, x, b; write x, b                 40
 *   vradam  pass 1 read g, m, v; write m, v (the rate needs |m_k|);
 *           pass 2 read x, m, v; write x                            72
 *   cadam   read g, x, p, zeta; write x, p, zeta                    56 */
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

/* One figure: a console line "name=value" and a CSV row. */
static void emit(FILE *out, FILE *csv, const char *name, double value,
                 const char *unit)
{
    fprintf(out, "%s=%.6g\n", name, value);
    if (csv)
        fprintf(csv, "%s,%.6g,%s\n", name, value, unit);
}

static int bench_size(FILE *out, FILE *csv, size_t d, unsigned reps)
{
    char tag[16], name[64];
    snprintf(tag, sizeof tag, "d1e%d", (int)lround(log10((double)d)));
    double ts;
    int rc = fanos_bench_triad(d, reps, &ts);
    if (rc != FANOS_OK) {
        cli_error("bench steps: triad at d=%zu: %s", d, fanos_strerror(rc));
        return rc;
    }
    const double triad_gbs = 24.0 * (double)d / ts * 1e-9;
    snprintf(name, sizeof name, "triad_%s_gbs", tag);
    emit(out, csv, name, triad_gbs, "GB/s");
    if (d == 10000000)
        emit(out, csv, "triad_gbs", triad_gbs, "GB/s");
    for (size_t k = 0; k < NKERNELS; k++) {
        const struct bench_kernel *kn = &kernels[k];
        double s;
        rc = fanos_bench_step(kn->name, kn->set, d, reps, &s);
        if (rc != FANOS_OK) {
            cli_error("bench steps: %s at d=%zu: %s", kn->name, d,
                      fanos_strerror(rc));
            return rc;
        }
        const double ns = s / (double)d * 1e9, gbs = kn->bytes / ns;
        snprintf(name, sizeof name, "step_%s_%s_ns", kn->name, tag);
        emit(out, csv, name, ns, "ns/param");
        snprintf(name, sizeof name, "step_%s_%s_bytes", kn->name, tag);
        emit(out, csv, name, kn->bytes, "B/param");
        snprintf(name, sizeof name, "step_%s_%s_gbs", kn->name, tag);
        emit(out, csv, name, gbs, "GB/s");
        snprintf(name, sizeof name, "step_%s_%s_bw_fraction", kn->name, tag);
        emit(out, csv, name, gbs / triad_gbs, "1");
    }
    return FANOS_OK;
}

int bench_steps(FILE *out, const char *csv_path, unsigned reps, size_t dmax)
{
    if (reps < 1 || reps > FANOS_BENCH_MAX_REPS) {
        cli_error("bench steps: reps %u: must be in [1, %d]", reps,
                  FANOS_BENCH_MAX_REPS);
        return FANOS_ERANGE;
    }
    if (dmax != 100000 && dmax != 1000000 && dmax != 10000000) {
        cli_error("bench steps: dmax %zu: must be one of 1e5, 1e6, 1e7", dmax);
        return FANOS_ERANGE;
    }
    cli_outfile f = {0};
    if (csv_path) {
        if (cli_out_open(&f, csv_path))
            return FANOS_EIO;
        fprintf(f.fp, "name,value,unit\n");
    }
    int rc = FANOS_OK;
    for (size_t d = 100000; rc == FANOS_OK && d <= dmax; d *= 10) {
        rc = bench_size(out, f.fp, d, reps);
        fflush(out);
    }
    if (csv_path) {
        if (rc != FANOS_OK)
            cli_out_abort(&f);
        else if (cli_out_commit(&f))
            rc = FANOS_EIO;
    }
    return rc;
}

int cmd_bench_steps(int argc, char **argv)
{
    unsigned long long reps = 5;
    double dmax = 1e7;
    const char *csv = NULL;
    int bad = 0;
    for (int i = 1; i < argc && !bad; i++) {
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf(
"Usage: fanos bench steps [--csv FILE] [--reps N] [--dmax D] [--force]\n"
"\n"
"Time one optimizer step (fanos, adamw, sgd with momentum 0.9, vradam,\n"
"cadam) on d = 1e5, 1e6, 1e7 parameters against a triad a = b + s*c over\n"
"d doubles (24 bytes an entry), on one core.  Prints one name=value line a\n"
"figure: triad_d1eK_gbs, and for each kernel step_NAME_d1eK_ns (ns a\n"
"parameter), _bytes (bytes a parameter the step must move), _gbs and\n"
"_bw_fraction (of the triad at the same d); triad_gbs is the d = 1e7 triad.\n"
"Each figure is the median of N repetitions.\n"
"  --csv FILE  also write the figures as name,value,unit (whole or not at all)\n"
"  --force     replace a --csv FILE that is read-only\n"
"  --reps N    repetitions, 1 <= N <= %d  [5]\n"
"  --dmax D    largest d, one of 1e5, 1e6, 1e7  [1e7]\n"
"\n" CLI_EXIT_HELP, FANOS_BENCH_MAX_REPS);
            return 0;
        } else if ((v = cli_opt(argc, argv, &i, "--csv", &bad))) {
            csv = v;
        } else if (!strcmp(argv[i], "--force")) {
            cli_force = 1;
        } else if ((v = cli_opt(argc, argv, &i, "--reps", &bad))) {
            if (cli_parse_size(v, 1, FANOS_BENCH_MAX_REPS, &reps)) {
                cli_error("--reps %s: must be an integer in [1, %d]", v,
                          FANOS_BENCH_MAX_REPS);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--dmax", &bad))) {
            if (cli_parse_real(v, &dmax) ||
                (dmax != 1e5 && dmax != 1e6 && dmax != 1e7)) {
                cli_error("--dmax %s: must be one of 1e5, 1e6, 1e7", v);
                bad = EXIT_BADINPUT;
            }
        } else if (!bad) {
            bad = cli_bad_arg("bench steps", argv[i]);
        }
    }
    if (bad)
        return bad;
    int rc = bench_steps(stdout, csv, (unsigned)reps, (size_t)dmax);
    return rc == FANOS_OK ? 0 : EXIT_BADINPUT;
}
