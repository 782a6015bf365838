/* bench_steps.c - `fanos bench steps`: how close each optimizer step comes
 * to the memory bandwidth of this machine.
 *
 * For each size d, the library's probes (src/run/bench.c) time a triad
 * a = b + s*c over arrays of d doubles, the bandwidth a streaming loop
 * reaches on one core, and one step of each kernel on a flat vector of d
 * parameters.
 * The bytes a kernel moves are counted from the passes it must make over
 * memory (the table of src/run/bench.c; doc/performance.md explains each
 * row), so the fraction of the triad's bandwidth says how far the kernel
 * is from the memory limit.  Single-threaded. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"

/* One size: a console line "name=value" a figure, and a CSV row. */
static int bench_size(FILE *out, FILE *csv, size_t d, unsigned reps)
{
    fanos_bench_figure fig[FANOS_BENCH_STEP_FIGURES];
    size_t n;
    const char *failed = "?";
    int rc = fanos_bench_steps_size(d, reps, fig, &n, &failed);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "%s=%.6g\n", fig[i].name, fig[i].value);
        if (csv)
            fprintf(csv, "%s,%.6g,%s\n", fig[i].name, fig[i].value,
                    fig[i].unit);
    }
    if (rc != FANOS_OK)
        cli_error("bench steps: %s at d=%zu: %s", failed, d,
                  fanos_strerror(rc));
    return rc;
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
