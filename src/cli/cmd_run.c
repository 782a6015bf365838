/* cmd_run.c - `fanos run`: one budgeted run, a one-line result, a trace. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

void cmd_run_usage(FILE *fp)
{
    fprintf(fp,
"Usage: fanos run [--problem rosenbrock|quadratic] [--dim D] [--cond K]\n"
"                 [--optimizer NAME] [--set KEY=VALUE]... [--budget N]\n"
"                 [--seed S] [--draws fresh|reference] [--draws-dir DIR]\n"
"                 [--x0 FILE] [--clip C] [--final before-last|after-last]\n"
"                 [--trace FILE]\n"
"\n"
"One run of an optimizer on a problem; prints one line:\n"
"  final_loss=... diverged=0|1 diverged_step=... evals=... steps=...\n"
"  skipped=... seconds=...\n"
"\n"
"Options:\n"
"  --problem NAME   objective: rosenbrock (chained Rosenbrock) or quadratic\n"
"                   (f = x'Ax/2, A = Q diag(lambda) Q', lambda log-spaced\n"
"                   from 1 to K, Q from the QR factorisation of a\n"
"                   standard-normal D x D matrix W)          [rosenbrock]\n"
"  --dim D          number of parameters, 2 <= D <= 100000000; the\n"
"                   quadratic takes D <= 10000, the reference draws D = 100\n"
"                                                                 [100]\n"
"  --cond K         quadratic only: condition number, 1 <= K   [100]\n"
"  --optimizer NAME one of the optimizers listed below, or lbfgs [fanos]\n"
"  --set KEY=VALUE  set an optimizer parameter (repeatable); booleans\n"
"                   accept 0, 1, true, false\n"
"  --budget N       gradient evaluations, 1 <= N <= 1000000000   [3000]\n"
"  --seed S         seed of the start point (and of W), 0 <= S <=\n"
"                   4294967294; fresh draws of the quadratic take\n"
"                   S <= 2147483646                                [0]\n"
"  --draws SOURCE   fresh: draw from the seed with GSL (rosenbrock:\n"
"                   x_i ~ U(-2, 2); quadratic: x0 ~ N(0, I) and W from two\n"
"                   separate streams); reference: the reference pipeline's\n"
"                   draws of that seed, read from --draws-dir (rosenbrock:\n"
"                   seeds 0..9; quadratic: seeds 0..2)           [fresh]\n"
"  --draws-dir DIR  folder of the reference draws\n"
"                   [%s]\n"
"  --x0 FILE        start point: exactly D numbers separated by blanks,\n"
"                   commas or newlines ('#' starts a comment); replaces\n"
"                   the fresh x0 (W still comes from the seed); not with\n"
"                   --draws reference\n"
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
"or a failed write, 2 on a usage error.\n", cli_default_draws_dir());
    cli_lbfgs_usage(fp);
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

typedef struct {
    cli_problem_args prob;
    const char *optname, *tracepath, *final;
    unsigned long long budget;
    double clip;
    int clip_given, final_given;
    const char **sets;
    size_t nsets;
} run_opts;

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

/* One option at argv[*i]: 0 used, 1 bad input (reported), 2 unknown. */
static int parse_option(int argc, char **argv, int *i, run_opts *o)
{
    const char *v;
    int bad = 0;
    if (cli_problem_option(argc, argv, i, &o->prob, &bad))
        return bad;
    if ((v = cli_opt(argc, argv, i, "--problem", &bad)))
        o->prob.name = v;
    else if (!bad && (v = cli_opt(argc, argv, i, "--optimizer", &bad)))
        o->optname = v;
    else if (!bad && (v = cli_opt(argc, argv, i, "--set", &bad)))
        o->sets[o->nsets++] = v;
    else if (!bad && (v = cli_opt(argc, argv, i, "--x0", &bad)))
        o->prob.x0path = v;
    else if (!bad && (v = cli_opt(argc, argv, i, "--trace", &bad)))
        o->tracepath = v;
    else if (!bad && (v = cli_opt(argc, argv, i, "--final", &bad))) {
        o->final = v;
        o->final_given = 1;
    } else if (!bad && (v = cli_opt(argc, argv, i, "--dim", &bad))) {
        if (cli_parse_size(v, 2, 100000000ULL, &o->prob.dim)) {
            cli_error("--dim %s: must be an integer in [2, 100000000]", v);
            bad = 1;
        }
    } else if (!bad && (v = cli_opt(argc, argv, i, "--budget", &bad))) {
        if (cli_parse_size(v, 1, 1000000000ULL, &o->budget)) {
            cli_error("--budget %s: must be an integer in [1, 1000000000]", v);
            bad = 1;
        }
    } else if (!bad && (v = cli_opt(argc, argv, i, "--seed", &bad))) {
        if (cli_parse_size(v, 0, 4294967294ULL, &o->prob.seed)) {
            cli_error("--seed %s: must be an integer in [0, 4294967294]", v);
            bad = 1;
        }
    } else if (!bad && (v = cli_opt(argc, argv, i, "--clip", &bad))) {
        o->clip_given = 1;
        if (cli_parse_real(v, &o->clip) || o->clip < 0) {
            cli_error("--clip %s: must be a number in [0, inf)", v);
            bad = 1;
        }
    } else if (!bad)
        return 2;
    return bad;
}

/* The rules between options that do not depend on the optimizer type. */
static int check_options(const run_opts *o)
{
    if (cli_problem_check(&o->prob))
        return -1;
    if (strcmp(o->final, "before-last") && strcmp(o->final, "after-last")) {
        cli_error("--final %s: must be before-last or after-last", o->final);
        return -1;
    }
    if (strcmp(o->optname, "lbfgs"))
        return 0;
    const char *why = o->clip_given ? "--clip: L-BFGS does not clip its gradients"
        : o->final_given ? "--final: the final loss of L-BFGS is the loss at its last accepted iterate"
        : o->tracepath ? "--trace: L-BFGS writes no per-step trace" : NULL;
    if (why) {
        cli_error("%s (--optimizer lbfgs)", why);
        return -1;
    }
    return 0;
}

/* A first-order optimizer of the registry, through fanos_run(). */
static int run_first_order(const run_opts *o, const fanos_optimizer_type *type,
                           const cli_problem *p)
{
    fanos_optimizer *opt = NULL;
    double *x = malloc(p->n * sizeof *x);
    int rc = fanos_optimizer_alloc(&opt, type, p->n);
    int bad = 0;
    if (rc != FANOS_OK || !x) {
        cli_error("--dim %zu: cannot allocate the optimizer: %s", p->n,
                  fanos_strerror(rc != FANOS_OK ? rc : FANOS_ENOMEM));
        bad = 1;
    }
    for (size_t i = 0; !bad && i < o->nsets; i++)
        bad = cli_apply_set(opt, o->sets[i]) != 0;
    size_t where;
    if (!bad && fanos_optimizer_check(opt, &where) != FANOS_OK) {
        cli_report_conflict(opt, where);
        bad = 1;
    }
    trace_ctx tc = {0};
    if (!bad && o->tracepath) {
        if (cli_out_open(&tc.out, o->tracepath))
            bad = 1;
        else
            trace_header(tc.out.fp, p->n, type);
    }
    int status = bad ? EXIT_BADINPUT : 0;
    if (!bad) {
        memcpy(x, p->x0, p->n * sizeof *x);
        fanos_run_options ro;
        fanos_run_options_init(&ro);
        ro.budget = (size_t)o->budget;
        ro.clip = o->clip;
        ro.loop = strcmp(o->final, "after-last") ? FANOS_LOOP_BEFORE_LAST
                                                  : FANOS_LOOP_AFTER_LAST;
        if (o->tracepath) {
            ro.on_step = trace_row;
            ro.cb_ctx = &tc;
        }
        fanos_run_result res;
        rc = fanos_run(p->fdf, p->ctx, p->n, x, opt, &ro, &res);
        if (rc != FANOS_OK) {
            cli_error("run failed: %s", tc.failed ? "cannot write the trace"
                                                  : fanos_strerror(rc));
            status = EXIT_BADINPUT;
        } else if (o->tracepath && cli_out_commit(&tc.out)) {
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
    return status;
}

/* The optimizer's settings are checked before the problem is built (a
 * quadratic of large D costs time), then the run. */
static int run_checked(const run_opts *o)
{
    const int lbfgs = !strcmp(o->optname, "lbfgs");
    const fanos_optimizer_type *type = fanos_optimizer_type_lookup(o->optname);
    fanos_lbfgs_options lo;
    if (!lbfgs && !type) {
        cli_error("--optimizer %s: unknown optimizer (known: lbfgs and those "
                  "of fanos params)", o->optname);
        return EXIT_BADINPUT;
    }
    if (lbfgs && cli_lbfgs_options(o->sets, o->nsets, (size_t)o->budget, &lo))
        return EXIT_BADINPUT;
    cli_problem p;
    if (cli_problem_setup(&o->prob, &p))
        return EXIT_BADINPUT;
    int status = lbfgs ? cli_lbfgs_run(&p, &lo) : run_first_order(o, type, &p);
    cli_problem_free(&p);
    return status;
}

int cmd_run(int argc, char **argv)
{
    run_opts o = {.optname = "fanos", .final = "before-last", .budget = 3000};
    cli_problem_args_init(&o.prob);
    o.sets = calloc((size_t)argc + 1, sizeof *o.sets);
    if (!o.sets) {
        cli_error("out of memory");
        return EXIT_BADINPUT;
    }
    int bad = 0;
    for (int i = 1; i < argc && !bad; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            print_help();
            free(o.sets);
            return 0;
        }
        int r = parse_option(argc, argv, &i, &o);
        if (r == 2)
            cli_error("run: unknown option '%s' (see fanos run --help)",
                      argv[i]);
        bad = r != 0;
    }
    if (!bad)
        bad = check_options(&o) != 0;
    int status = bad ? EXIT_BADINPUT : run_checked(&o);
    free(o.sets);
    return status;
}
