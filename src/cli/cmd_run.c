/* cmd_run.c - `fanos run`: one budgeted run, a one-line result, a trace. */
#include <config.h>
#include <errno.h>
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
        cli_error("--x0 %s: cannot read the file: %s", path, strerror(errno));
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

static void print_help(void)
{
    cmd_run_usage(stdout);
    printf("\nOptimizers and their parameters (--set KEY=VALUE):\n");
    for (const fanos_optimizer_type *const *t = fanos_optimizer_types(); *t;
         t++) {
        printf("\n%s: %s\n", (*t)->name, (*t)->summary);
        cli_print_params(stdout, *t, 0);
    }
}

/* The options, one at a time: 0 when argv[*i] was used, 1 on bad input
 * (reported), 2 when it is no option of run. */
static int parse_option(int argc, char **argv, int *i, run_args *a,
                        const char **sets, size_t *nsets)
{
    const char *v;
    int bad = 0;
    if ((v = cli_opt(argc, argv, i, "--problem", &bad)))
        a->problem = v;
    else if (!bad && (v = cli_opt(argc, argv, i, "--optimizer", &bad)))
        a->optimizer = v;
    else if (!bad && (v = cli_opt(argc, argv, i, "--set", &bad)))
        sets[(*nsets)++] = v;
    else if (!bad && (v = cli_opt(argc, argv, i, "--x0", &bad)))
        a->x0path = v;
    else if (!bad && (v = cli_opt(argc, argv, i, "--trace", &bad))) {
        a->tracepath = v;
        if (!*v) {
            cli_error("--trace '': the trace needs a file name");
            bad = 1;
        }
    }
    else if (!bad && (v = cli_opt(argc, argv, i, "--final", &bad))) {
        if (!strcmp(v, "before-last"))
            a->loop = FANOS_LOOP_BEFORE_LAST;
        else if (!strcmp(v, "after-last"))
            a->loop = FANOS_LOOP_AFTER_LAST;
        else {
            cli_error("--final %s: must be before-last or after-last", v);
            bad = 1;
        }
    } else if (!bad && (v = cli_opt(argc, argv, i, "--dim", &bad))) {
        if (cli_parse_size(v, 2, 100000000ULL, &a->dim)) {
            cli_error("--dim %s: must be an integer in [2, 100000000]", v);
            bad = 1;
        }
    } else if (!bad && (v = cli_opt(argc, argv, i, "--budget", &bad))) {
        if (cli_parse_size(v, 1, 1000000000ULL, &a->budget)) {
            cli_error("--budget %s: must be an integer in [1, 1000000000]", v);
            bad = 1;
        }
    } else if (!bad && (v = cli_opt(argc, argv, i, "--seed", &bad))) {
        if (cli_parse_size(v, 0, 4294967294ULL, &a->seed)) {
            cli_error("--seed %s: must be an integer in [0, 4294967294]", v);
            bad = 1;
        }
    } else if (!bad && (v = cli_opt(argc, argv, i, "--clip", &bad))) {
        if (cli_parse_real(v, &a->clip) || a->clip < 0) {
            cli_error("--clip %s: must be a number in [0, inf)", v);
            bad = 1;
        }
    } else if (!bad)
        return 2;
    return bad;
}

/* The named problem and optimizer, then every --set on a one-parameter
 * instance of the optimizer (which holds the parameters until the run
 * allocates one of the real size), then the rules between parameters. */
static int check_names_and_sets(run_args *a, const char **sets, size_t nsets)
{
    if (strcmp(a->problem, "rosenbrock")) {
        cli_error("--problem %s: unknown problem (known: rosenbrock)",
                  a->problem);
        return 1;
    }
    const fanos_optimizer_type *type = fanos_optimizer_type_lookup(a->optimizer);
    if (!type) {
        char known[512];
        cli_optimizer_names(known, sizeof known);
        cli_error("--optimizer %s: unknown optimizer (known: %s)",
                  a->optimizer, known);
        return 1;
    }
    int rc = fanos_optimizer_alloc(&a->params, type, 1);
    if (rc != FANOS_OK) {
        cli_error("--optimizer %s: %s", a->optimizer, fanos_strerror(rc));
        return 1;
    }
    for (size_t i = 0; i < nsets; i++)
        if (cli_apply_set(a->params, sets[i]) != 0)
            return 1;
    size_t where;
    if (fanos_optimizer_check(a->params, &where) != FANOS_OK) {
        cli_report_conflict(a->params, where);
        return 1;
    }
    return 0;
}

int run_parse_args(int argc, char **argv, run_args *a)
{
    *a = (run_args){"rosenbrock", "fanos", NULL, NULL, 100, 3000, 0, 0.0,
                    FANOS_LOOP_BEFORE_LAST, NULL};
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    size_t nsets = 0;
    int bad = 0;
    if (!sets) {
        cli_error("out of memory");
        return -1;
    }
    for (int i = 1; i < argc && !bad; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            print_help();
            free(sets);
            return 1;
        }
        int r = parse_option(argc, argv, &i, a, sets, &nsets);
        if (r == 2)
            cli_error("run: unknown option '%s' (see fanos run --help)",
                      argv[i]);
        bad = r != 0;
    }
    if (!bad)
        bad = check_names_and_sets(a, sets, nsets);
    free(sets);
    if (bad) {
        run_args_free(a);
        return -1;
    }
    return 0;
}

void run_args_free(run_args *a)
{
    fanos_optimizer_free(a->params);
    a->params = NULL;
}

/* The optimizer of the run: dim parameters, with the parsed settings. */
static fanos_optimizer *make_optimizer(const run_args *a)
{
    const fanos_optimizer_type *type = fanos_optimizer_get_type(a->params);
    fanos_optimizer *opt = NULL;
    int rc = fanos_optimizer_alloc(&opt, type, (size_t)a->dim);
    for (size_t i = 0; rc == FANOS_OK && i < type->nparams; i++) {
        double v;
        rc = fanos_optimizer_get(a->params, type->params[i].name, &v);
        if (rc == FANOS_OK)
            rc = fanos_optimizer_set(opt, type->params[i].name, v);
    }
    if (rc != FANOS_OK) {
        cli_error("--dim %llu: cannot allocate the optimizer: %s", a->dim,
                  fanos_strerror(rc));
        fanos_optimizer_free(opt);
        return NULL;
    }
    return opt;
}

static int run_and_report(const run_args *a, fanos_optimizer *opt, double *x)
{
    trace_ctx tc = {0};
    if (a->tracepath) {
        if (cli_out_open(&tc.out, a->tracepath))
            return EXIT_BADINPUT;
        trace_header(tc.out.fp, (size_t)a->dim, fanos_optimizer_get_type(opt));
    }
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = (size_t)a->budget;
    ro.clip = a->clip;
    ro.loop = a->loop;
    if (a->tracepath) {
        ro.on_step = trace_row;
        ro.cb_ctx = &tc;
    }
    fanos_run_result res;
    int status = 0;
    int rc = fanos_run(fanos_rosenbrock_fdf, NULL, (size_t)a->dim, x, opt, &ro,
                       &res);
    if (rc != FANOS_OK) {
        cli_error("run failed: %s", tc.failed ? "cannot write the trace"
                                              : fanos_strerror(rc));
        status = EXIT_BADINPUT;
    } else if (a->tracepath && cli_out_commit(&tc.out)) {
        status = EXIT_BADINPUT;
    } else {
        printf("final_loss=%.17g diverged=%d diverged_step=%zu evals=%zu "
               "steps=%zu skipped=%zu seconds=%.6f\n", res.final_loss,
               res.diverged, res.diverged_step, res.evals, res.steps,
               res.skipped, res.seconds);
    }
    if (status != 0 && tc.out.tmp)
        cli_out_abort(&tc.out);
    return status;
}

int cmd_run(int argc, char **argv)
{
    run_args a;
    int rc = run_parse_args(argc, argv, &a);
    if (rc != 0)
        return rc > 0 ? 0 : EXIT_BADINPUT;
    fanos_optimizer *opt = make_optimizer(&a);
    double *x = opt ? malloc((size_t)a.dim * sizeof *x) : NULL;
    int status = EXIT_BADINPUT;
    if (opt && !x)
        cli_error("--dim %llu: cannot allocate the start point: %s", a.dim,
                  fanos_strerror(FANOS_ENOMEM));
    if (x) {
        if (a.x0path)
            status = load_x0(a.x0path, x, (size_t)a.dim) ? EXIT_BADINPUT : 0;
        else
            status = fanos_rosenbrock_x0((size_t)a.dim, (unsigned long)a.seed,
                                         x) ? EXIT_BADINPUT : 0;
        if (status == 0)
            status = run_and_report(&a, opt, x);
    }
    fanos_optimizer_free(opt);
    free(x);
    run_args_free(&a);
    return status;
}
