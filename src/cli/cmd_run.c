/* cmd_run.c - `fanos run`: one budgeted run, a one-line result, a trace. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

void cmd_run_usage(FILE *fp)
{
    fprintf(fp,
"Usage: fanos run [--problem rosenbrock] [--dim D] [--optimizer NAME]\n"
"                 [--set KEY=VALUE]... [--budget N] [--seed S] [--x0 FILE]\n"
"                 [--clip C] [--final before-last|after-last] [--trace FILE]\n"
"\n"
"One run of an optimizer on a problem; prints one line:\n"
"  final_loss=... diverged=0|1 diverged_step=... evals=... steps=...\n"
"  skipped=... seconds=...\n"
"\n"
"Options:\n"
"  --problem NAME   objective: rosenbrock (chained Rosenbrock)  [rosenbrock]\n"
"  --dim D          number of parameters, 2 <= D <= 100000000     [100]\n"
"  --optimizer NAME one of the optimizers listed below           [fanos]\n"
"  --set KEY=VALUE  set an optimizer parameter (repeatable); booleans\n"
"                   accept 0, 1, true, false\n"
"  --budget N       gradient evaluations, 1 <= N <= 1000000000   [3000]\n"
"  --seed S         seed of the start point, 0 <= S <= 4294967294 [0]\n"
"  --x0 FILE        start point: exactly D numbers separated by blanks,\n"
"                   commas or newlines ('#' starts a comment); default\n"
"                   x_i ~ U(-2, 2) drawn from the seed\n"
"  --clip C         clip the gradient norm to C before every step, as\n"
"                   PyTorch's clip_grad_norm_ (the '+clip' baselines);\n"
"                   0 = off                                       [0]\n"
"  --final RULE     before-last: the loss before the last step (T1 loop);\n"
"                   after-last: budget steps, then the loss after the last\n"
"                   (T3 loop)                              [before-last]\n"
"  --trace FILE     write a CSV with one row per step: step, loss (before\n"
"                   the step), x0..x{D-1} (after it), and the optimizer's\n"
"                   scalar state and diagnostics (FANoS: zeta, T_ema,\n"
"                   T_inst, T0)\n"
"\n"
"Exit status: 0 when the run completed (diverged or not), 1 on bad input\n"
"or a failed write, 2 on a usage error.\n");
}

typedef struct {
    cli_outfile out;
    int failed;
} trace_ctx;

static int trace_row(void *vctx, size_t step, double loss, const double *x,
                     size_t n, fanos_optimizer *opt)
{
    trace_ctx *t = vctx;
    FILE *fp = t->out.fp;
    const fanos_optimizer_type *ty = fanos_optimizer_get_type(opt);
    fprintf(fp, "%zu,%.17g", step, loss);
    for (size_t i = 0; i < n; i++)
        fprintf(fp, ",%.17g", x[i]);
    for (size_t i = 0; i < ty->nfields; i++) {
        if (ty->fields[i].kind != FANOS_FIELD_SCALAR)
            continue;
        double v = NAN;
        fanos_optimizer_field_get(opt, ty->fields[i].name, &v, 1);
        fprintf(fp, ",%.17g", v);
    }
    if (fputc('\n', fp) == EOF) {
        t->failed = 1;
        return FANOS_EIO;
    }
    return 0;
}

static void trace_header(FILE *fp, size_t n, const fanos_optimizer_type *ty)
{
    fprintf(fp, "step,loss");
    for (size_t i = 0; i < n; i++)
        fprintf(fp, ",x%zu", i);
    for (size_t i = 0; i < ty->nfields; i++)
        if (ty->fields[i].kind == FANOS_FIELD_SCALAR)
            fprintf(fp, ",%s", ty->fields[i].name);
    fputc('\n', fp);
}

static int load_x0(const char *path, double *x, size_t n)
{
    size_t count = 0, line = 0;
    int rc = fanos_read_vector(path, x, n, &count, &line);
    if (rc == FANOS_OK)
        return 0;
    if (rc == FANOS_EIO)
        cli_error("--x0 %s: cannot read the file", path);
    else if (rc == FANOS_EPARSE)
        cli_error("--x0 %s: line %zu: not a finite number (after %zu values)",
                  path, line, count);
    else if (rc == FANOS_EDIM)
        cli_error("--x0 %s: %s%zu numbers, expected exactly %zu (--dim)", path,
                  count > n ? "at least " : "", count, n);
    else
        cli_error("--x0 %s: %s", path, fanos_strerror(rc));
    return -1;
}

int cmd_run(int argc, char **argv)
{
    const char *problem = "rosenbrock", *optname = "fanos";
    const char *x0path = NULL, *tracepath = NULL, *final = "before-last";
    unsigned long long dim = 100, budget = 3000, seed = 0;
    double clip = 0.0;
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    size_t nsets = 0;
    int bad = 0;
    if (!sets) {
        cli_error("out of memory");
        return EXIT_BADINPUT;
    }
    for (int i = 1; i < argc && !bad; i++) {
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            cmd_run_usage(stdout);
            printf("\nOptimizers and their parameters (--set KEY=VALUE):\n");
            for (const fanos_optimizer_type *const *t = fanos_optimizer_types();
                 *t; t++) {
                printf("\n%s: %s\n", (*t)->name, (*t)->summary);
                cli_print_params(stdout, *t, 0);
            }
            free(sets);
            return 0;
        } else if ((v = cli_opt(argc, argv, &i, "--problem", &bad))) {
            problem = v;
        } else if ((v = cli_opt(argc, argv, &i, "--optimizer", &bad))) {
            optname = v;
        } else if ((v = cli_opt(argc, argv, &i, "--set", &bad))) {
            sets[nsets++] = v;
        } else if ((v = cli_opt(argc, argv, &i, "--x0", &bad))) {
            x0path = v;
        } else if ((v = cli_opt(argc, argv, &i, "--trace", &bad))) {
            tracepath = v;
        } else if ((v = cli_opt(argc, argv, &i, "--final", &bad))) {
            final = v;
        } else if ((v = cli_opt(argc, argv, &i, "--dim", &bad))) {
            if (cli_parse_size(v, 2, 100000000ULL, &dim)) {
                cli_error("--dim %s: must be an integer in [2, 100000000]", v);
                bad = 1;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--budget", &bad))) {
            if (cli_parse_size(v, 1, 1000000000ULL, &budget)) {
                cli_error("--budget %s: must be an integer in [1, 1000000000]", v);
                bad = 1;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--seed", &bad))) {
            if (cli_parse_size(v, 0, 4294967294ULL, &seed)) {
                cli_error("--seed %s: must be an integer in [0, 4294967294]", v);
                bad = 1;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--clip", &bad))) {
            if (cli_parse_real(v, &clip) || clip < 0) {
                cli_error("--clip %s: must be a number in [0, inf)", v);
                bad = 1;
            }
        } else if (!bad) {
            cli_error("run: unknown option '%s' (see fanos run --help)", argv[i]);
            bad = 1;
        }
    }
    if (!bad && strcmp(problem, "rosenbrock")) {
        cli_error("--problem %s: unknown problem (known: rosenbrock)", problem);
        bad = 1;
    }
    if (!bad && strcmp(final, "before-last") && strcmp(final, "after-last")) {
        cli_error("--final %s: must be before-last or after-last", final);
        bad = 1;
    }
    const fanos_optimizer_type *type = fanos_optimizer_type_lookup(optname);
    if (!bad && !type) {
        cli_error("--optimizer %s: unknown optimizer (see fanos params)", optname);
        bad = 1;
    }
    fanos_optimizer *opt = NULL;
    double *x = NULL;
    if (!bad) {
        int rc = fanos_optimizer_alloc(&opt, type, (size_t)dim);
        x = malloc((size_t)dim * sizeof *x);
        if (rc != FANOS_OK || !x) {
            cli_error("--dim %llu: cannot allocate the optimizer: %s", dim,
                      fanos_strerror(rc != FANOS_OK ? rc : FANOS_ENOMEM));
            bad = 1;
        }
    }
    for (size_t i = 0; !bad && i < nsets; i++)
        bad = cli_apply_set(opt, sets[i]) != 0;
    size_t where;
    if (!bad && fanos_optimizer_check(opt, &where) != FANOS_OK) {
        cli_report_conflict(opt, where);
        bad = 1;
    }
    if (!bad) {
        if (x0path)
            bad = load_x0(x0path, x, (size_t)dim) != 0;
        else
            fanos_rosenbrock_x0((size_t)dim, (unsigned long)seed, x);
    }
    trace_ctx tc = {0};
    if (!bad && tracepath) {
        if (cli_out_open(&tc.out, tracepath))
            bad = 1;
        else
            trace_header(tc.out.fp, (size_t)dim, type);
    }
    int status = bad ? EXIT_BADINPUT : 0;
    if (!bad) {
        fanos_run_options ro;
        fanos_run_options_init(&ro);
        ro.budget = (size_t)budget;
        ro.clip = clip;
        ro.loop = strcmp(final, "after-last") ? FANOS_LOOP_BEFORE_LAST
                                               : FANOS_LOOP_AFTER_LAST;
        if (tracepath) {
            ro.on_step = trace_row;
            ro.cb_ctx = &tc;
        }
        fanos_run_result res;
        int rc = fanos_run(fanos_rosenbrock_fdf, NULL, (size_t)dim, x, opt,
                           &ro, &res);
        if (rc != FANOS_OK) {
            cli_error("run failed: %s", tc.failed ? "cannot write the trace"
                                                  : fanos_strerror(rc));
            status = EXIT_BADINPUT;
        } else if (tracepath && cli_out_commit(&tc.out)) {
            status = EXIT_BADINPUT;
        } else {
            printf("final_loss=%.17g diverged=%d diverged_step=%zu evals=%zu "
                   "steps=%zu skipped=%zu seconds=%.6f\n", res.final_loss,
                   res.diverged, res.diverged_step, res.evals, res.steps,
                   res.skipped, res.seconds);
        }
        if (status != 0 && tc.out.tmp)
            cli_out_abort(&tc.out);
    }
    fanos_optimizer_free(opt);
    free(x);
    free(sets);
    return status;
}
