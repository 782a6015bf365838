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
"Usage: fanos run [--problem NAME] [--dim D] [--cond K] [--param KEY=VALUE]...\n"
"                 [--optimizer NAME] [--set KEY=VALUE]... [--lr X]\n"
"                 [--budget N] [--seed S] [--draws fresh|reference]\n"
"                 [--draws-dir DIR] [--x0 FILE] [--clip C]\n"
"                 [--final before-last|after-last] [--trace FILE] [--force]\n"
"  or:  fanos run --objective FILE:SYMBOL --dim D [options as above]\n"
"\n"
"One run of an optimizer on a problem; prints one line:\n"
"  final_loss=... diverged=0|1 diverged_step=... evals=... steps=...\n"
"  skipped=... seconds=...\n"
"and, for the problems trained on a data set (softmax, mlp, charlm), the\n"
"held-out metrics at the last iterate: heldout_loss=... (mean\n"
"cross-entropy, nats) heldout_accuracy=... heldout_bits=... (the loss in\n"
"bits: bits per character for charlm).\n"
"\n"
"Options:\n"
"  --problem NAME   objective: rosenbrock (chained Rosenbrock), quadratic\n"
"                   (f = x'Ax/2, A = Q diag(lambda) Q', lambda log-spaced\n"
"                   from 1 to K, Q from the QR factorisation of a\n"
"                   standard-normal D x D matrix W), softmax (softmax\n"
"                   regression on Fashion-MNIST), mlp (a ReLU MLP on\n"
"                   Fashion-MNIST) or charlm (a character-level model of the\n"
"                   fortunes corpus)                          [rosenbrock]\n"
"  --dim D          rosenbrock and quadratic: number of parameters,\n"
"                   2 <= D <= 100000000; the quadratic takes D <= 10000,\n"
"                   the reference draws D = 100                   [100]\n"
"  --objective FILE:SYMBOL\n"
"                   your own objective instead of --problem: the function\n"
"                   SYMBOL of the shared object FILE, a fanos_fdf_fn of\n"
"                   fanos.h called with ctx NULL; the start point is --x0\n"
"                   FILE, else SYMBOL_x0 of FILE, a fanos_x0_fn called with\n"
"                   --seed, else zeros.  Needs --dim; not with --problem,\n"
"                   --cond or --draws reference (an example: man fanos)\n"
"  --cond K         quadratic only: condition number, 1 <= K   [100]\n"
"  --param KEY=VALUE  set a parameter of the problem (repeatable; the\n"
"                   table: fanos params NAME), e.g. for mlp\n"
"                   --param widths=784,64,10 --param ntrain=2000\n"
"                   --param batch=128; softmax, mlp and charlm read their\n"
"                   data from --param data=DIR (default: the folder\n"
"                   configure found), and each step with a gradient takes\n"
"                   the next mini-batch (--budget counts steps)\n"
"  --optimizer NAME one of the optimizers listed below, or, in any case, a\n"
"                   method name of the paper that stands for one: SGD+Mom\n"
"                   (sgd, momentum=0.9), FANoS-RMS and FANoS-Baseline\n"
"                   (fanos), NGN-M, L-BFGS, AdamW, RMSProp, ...: with the\n"
"                   defaults, not a [method]'s set = (AdamW+clip is\n"
"                   --optimizer adamw --clip 1)                    [fanos]\n"
"  --set KEY=VALUE  set an optimizer parameter (repeatable; one word:\n"
"                   --set lr=0.01); booleans accept 0, 1, true, false\n"
"  --lr X           the same as --set lr=X\n"
"  --budget N       gradient evaluations, 1 <= N <= 1000000000   [%d]\n"
"  --seed S         seed of the start point (and of W), 0 <= S <=\n"
"                   4294967294; fresh draws of the quadratic take\n"
"                   S <= 2147483646                                [0]\n"
"  --draws SOURCE   fresh: draw from the seed with GSL (rosenbrock:\n"
"                   x_i ~ U(-2, 2); quadratic: x0 ~ N(0, I) and W from two\n"
"                   separate streams; softmax, mlp, charlm: PyTorch's\n"
"                   default initialisation, and the seed also orders the\n"
"                   mini-batches); reference: the reference pipeline's\n"
"                   draws of that seed, read from --draws-dir (rosenbrock:\n"
"                   seeds 0..9; quadratic: seeds 0..2; none for softmax,\n"
"                   mlp and charlm)                               [fresh]\n"
"  --draws-dir DIR  folder of the reference draws\n"
"                   [$FANOS_DRAWS_DIR, else %s]\n"
"  --x0 FILE        start point: exactly D numbers (the problem's size)\n"
"                   separated by blanks, commas or newlines ('#' starts a\n"
"                   comment); replaces the fresh x0 (W, and the order of\n"
"                   the mini-batches, still come from the seed); not with\n"
"                   --draws reference\n"
"  --clip C         clip the gradient norm to C before every step, as\n"
"                   PyTorch's clip_grad_norm_ (the '+clip' baselines);\n"
"                   0 = off (the only value lbfgs takes)          [0]\n"
"  --final RULE     before-last: the loss before the last step (T1 loop);\n"
"                   after-last: budget steps, then the loss after the last\n"
"                   (T3 loop)                              [before-last]\n"
"                   Not with lbfgs, whose final loss is neither (below).\n"
"  --trace FILE     write a CSV with one row per step: step, loss (before\n"
"                   the step), x0..x{D-1} (after it), and the optimizer's\n"
"                   scalar state and diagnostics (FANoS: zeta, T_ema,\n"
"                   T_inst, T0); lbfgs: one row per accepted iterate\n"
"                   (below); - is the standard output\n"
"  --force          replace a --trace file that is read-only\n"
"\n"
"A diverged run is a completed run (exit status 0).\n"
"\n"
"lbfgs (L-BFGS through liblbfgs) drives its own iterations: it has no\n"
"learning rate and runs until the budget is spent, max_iterations is\n"
"reached, a line search fails or the loss becomes non-finite.  It does not\n"
"clip (--clip 0, the default, is accepted; any other --clip is refused)\n"
"and --final is refused with any value: its final loss is the loss at its\n"
"last accepted iterate, neither the loss before a last step nor the loss\n"
"at the last evaluation (which may be a line search's rejected trial\n"
"point).  Its --trace has one row per accepted iterate, the start point\n"
"first: evals (the evaluations made so far; the iterate's loss is that of\n"
"the last of them), loss, iteration, x0..x{D-1}.  The result line adds\n"
"iterations=... lbfgs_status=CODE lbfgs_status_name=NAME (liblbfgs's\n"
"return code) and stop=REASON: budget, max_iterations, lbfgs (zero\n"
"gradient or a failed line search), diverged (a non-finite loss) or\n"
"breakdown (liblbfgs proposed a non-finite point, which is not\n"
"evaluated).\n"
CLI_EXIT_HELP, FANOS_BUDGET_DEFAULT, cli_installed_draws_dir());
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

/* A method that drives its own run: one row per accepted iterate. */
static int trace_iterate(void *vctx, size_t iteration, size_t evals,
                         double loss, const double *x, size_t n)
{
    trace_ctx *t = vctx;
    FILE *fp = t->out.fp;
    fprintf(fp, "%zu,%.17g,%zu", evals, loss, iteration);
    for (size_t i = 0; i < n; i++)
        fprintf(fp, ",%.17g", x[i]);
    if (fputc('\n', fp) == EOF) {
        t->failed = 1;
        return FANOS_EIO;
    }
    return 0;
}

static void trace_header(FILE *fp, size_t n, const fanos_optimizer_type *ty)
{
    if (!ty->step) {
        fprintf(fp, "evals,loss,iteration");
        for (size_t i = 0; i < n; i++)
            fprintf(fp, ",x%zu", i);
        fputc('\n', fp);
        return;
    }
    fprintf(fp, "step,loss");
    for (size_t i = 0; i < n; i++)
        fprintf(fp, ",x%zu", i);
    for (size_t i = 0; i < ty->nfields; i++)
        if (ty->fields[i].kind == FANOS_FIELD_SCALAR)
            fprintf(fp, ",%s", ty->fields[i].name);
    fputc('\n', fp);
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

/* The options, one at a time: 0 when argv[*i] was used, else the exit
 * status of the error (reported): EXIT_BADINPUT for a bad value,
 * EXIT_USAGE for a missing value or an argument that is no option of run. */
static int parse_option(int argc, char **argv, int *i, run_args *a,
                        const char **sets, size_t *nsets)
{
    const char *v;
    int bad = 0;
    if (cli_problem_option(argc, argv, i, &a->prob, &bad))
        return bad;
    if (cli_set_option(argc, argv, i, sets, nsets, &bad))
        return bad;
    if ((v = cli_opt(argc, argv, i, "--problem", &bad))) {
        a->prob.name = v;
        a->prob.problem_given = 1;
    } else if (!bad && (v = cli_opt(argc, argv, i, "--optimizer", &bad)))
        a->optimizer = v;
    else if (!bad && (v = cli_opt(argc, argv, i, "--objective", &bad)))
        a->prob.objective = v;
    else if (!bad && (v = cli_opt(argc, argv, i, "--x0", &bad)))
        a->prob.x0path = v;
    else if (!bad && (v = cli_opt(argc, argv, i, "--trace", &bad))) {
        a->tracepath = v;
        if (!*v) {
            cli_error("--trace '': the trace needs a file name");
            bad = EXIT_BADINPUT;
        }
    } else if (!bad && (v = cli_opt(argc, argv, i, "--final", &bad))) {
        a->final_given = 1;
        if (!strcmp(v, "before-last"))
            a->loop = FANOS_LOOP_BEFORE_LAST;
        else if (!strcmp(v, "after-last"))
            a->loop = FANOS_LOOP_AFTER_LAST;
        else {
            cli_error("--final %s: must be before-last or after-last", v);
            bad = EXIT_BADINPUT;
        }
    } else if (!bad && (v = cli_opt(argc, argv, i, "--dim", &bad))) {
        a->prob.dim_given = 1;
        if (cli_parse_size(v, 2, 100000000ULL, &a->prob.dim)) {
            cli_error("--dim %s: must be an integer in [2, 100000000]", v);
            bad = EXIT_BADINPUT;
        }
    } else if (!bad && (v = cli_opt(argc, argv, i, "--budget", &bad))) {
        if (cli_parse_size(v, 1, 1000000000ULL, &a->budget)) {
            cli_error("--budget %s: must be an integer in [1, 1000000000]", v);
            bad = EXIT_BADINPUT;
        }
    } else if (!bad && (v = cli_opt(argc, argv, i, "--seed", &bad))) {
        if (cli_parse_size(v, 0, 4294967294ULL, &a->prob.seed)) {
            cli_error("--seed %s: must be an integer in [0, 4294967294]", v);
            bad = EXIT_BADINPUT;
        }
    } else if (!bad && (v = cli_opt(argc, argv, i, "--clip", &bad))) {
        a->clip_given = 1;
        if (cli_parse_real(v, &a->clip) || a->clip < 0) {
            cli_error("--clip %s: must be a number in [0, inf)", v);
            bad = EXIT_BADINPUT;
        }
    } else if (!bad && !strcmp(argv[*i], "--force")) {
        cli_force = 1;
    } else if (!bad)
        return cli_bad_arg("run", argv[*i]);
    return bad;
}

/* A method that drives its own run (L-BFGS) takes no per-step options.
 * --clip 0 (off) is what it does, so it is accepted.  --final is refused
 * whatever its value: its final loss is the loss at its last accepted
 * iterate, which is neither rule of the first-order loops (not the loss
 * before a last step, and not the loss after the budget's last
 * evaluation, which may be a rejected trial point of a line search). */
static int check_driver_options(const run_args *a)
{
    if (a->clip_given && a->clip != 0) {
        char v[32];
        fmt_real(v, sizeof v, a->clip);
        cli_error("--clip %s: %s does not clip its gradients; accepted "
                  "with --optimizer %s: --clip 0 (off) or no --clip", v,
                  a->optimizer, a->optimizer);
        return 1;
    }
    if (a->final_given) {
        cli_error("--final %s: the final loss of %s is the loss at its "
                  "last accepted iterate, neither before-last nor after-last; "
                  "accepted with --optimizer %s: no --final",
                  a->loop == FANOS_LOOP_AFTER_LAST ? "after-last"
                                                   : "before-last",
                  a->optimizer, a->optimizer);
        return 1;
    }
    return 0;
}

/* The problem options, the named optimizer, then every --set on a
 * one-parameter instance of the optimizer (which holds the parameters until
 * the run allocates one of the real size), then the rules between them. */
static int check_names_and_sets(run_args *a, const char **sets, size_t nsets)
{
    if (cli_problem_check(&a->prob))
        return 1;
    const char *implied;
    const fanos_optimizer_type *type =
        cli_find_optimizer("--optimizer", a->optimizer, 0, &implied);
    if (!type)
        return 1;
    a->optimizer = type->name;
    if (!type->step && check_driver_options(a))
        return 1;
    int rc = fanos_optimizer_alloc(&a->params, type, 1);
    if (rc != FANOS_OK) {
        cli_error("--optimizer %s: %s", a->optimizer, fanos_strerror(rc));
        return 1;
    }
    /* what a method name states (SGD+Mom: momentum=0.9), then --set */
    if (cli_apply_settings(a->params, implied))
        return 1;
    for (size_t i = 0; i < nsets; i++)
        if (cli_apply_set(a->params, sets[i]) != 0)
            return 1;
    size_t where;
    if (fanos_optimizer_check(a->params, &where) != FANOS_OK) {
        cli_report_conflict(a->params, where, sets, nsets);
        return 1;
    }
    return 0;
}

int run_parse_args(int argc, char **argv, run_args *a)
{
    memset(a, 0, sizeof *a);
    cli_problem_args_init(&a->prob);
    a->optimizer = "fanos";
    a->budget = FANOS_BUDGET_DEFAULT;
    a->loop = FANOS_LOOP_BEFORE_LAST;
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    size_t nsets = 0;
    int bad = 0;
    if (!sets) {
        cli_error("out of memory");
        return -EXIT_BADINPUT;
    }
    for (int i = 1; i < argc && !bad; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            print_help();
            free(sets);
            return 1;
        }
        bad = parse_option(argc, argv, &i, a, sets, &nsets);
    }
    if (!bad && a->prob.objective && !a->prob.dim_given) {
        cli_error("run: --objective %s needs --dim D, the number of "
                  "parameters of the objective (see fanos run --help)",
                  a->prob.objective);
        bad = EXIT_USAGE;
    }
    if (!bad && check_names_and_sets(a, sets, nsets))
        bad = EXIT_BADINPUT;
    free(sets);
    if (bad) {
        run_args_free(a);
        return -bad;
    }
    return 0;
}

void run_args_free(run_args *a)
{
    fanos_optimizer_free(a->params);
    a->params = NULL;
}

/* The optimizer of the run: n parameters, with the parsed settings. */
static fanos_optimizer *make_optimizer(const run_args *a, size_t n)
{
    const fanos_optimizer_type *type = fanos_optimizer_get_type(a->params);
    fanos_optimizer *opt = NULL;
    int rc = fanos_optimizer_alloc(&opt, type, n);
    for (size_t i = 0; rc == FANOS_OK && i < type->nparams; i++) {
        double v;
        rc = fanos_optimizer_get(a->params, type->params[i].name, &v);
        if (rc == FANOS_OK)
            rc = fanos_optimizer_set(opt, type->params[i].name, v);
    }
    if (rc != FANOS_OK) {
        cli_error("--dim %zu: cannot allocate the optimizer: %s", n,
                  fanos_strerror(rc));
        fanos_optimizer_free(opt);
        return NULL;
    }
    return opt;
}

/* An optimizer of the registry, through fanos_run(). */
static int run_method(const run_args *a, const cli_problem *p)
{
    fanos_optimizer *opt = make_optimizer(a, p->n);
    double *x = opt ? malloc(p->n * sizeof *x) : NULL;
    if (!x) {
        if (opt)
            cli_error("--dim %zu: cannot allocate the start point: %s", p->n,
                      fanos_strerror(FANOS_ENOMEM));
        fanos_optimizer_free(opt);
        return EXIT_BADINPUT;
    }
    memcpy(x, p->x0, p->n * sizeof *x);
    trace_ctx tc = {0};
    int status = 0;
    if (a->tracepath) {
        if (cli_out_open(&tc.out, a->tracepath))
            status = EXIT_BADINPUT;
        else
            trace_header(tc.out.fp, p->n, fanos_optimizer_get_type(opt));
    }
    if (status == 0) {
        fanos_run_options ro;
        fanos_run_options_init(&ro);
        ro.budget = (size_t)a->budget;
        ro.clip = a->clip;
        ro.loop = a->loop;
        if (a->tracepath) {
            ro.on_step = trace_row;
            ro.on_iterate = trace_iterate;
            ro.cb_ctx = &tc;
        }
        fanos_run_result res;
        int rc = fanos_run(p->fdf, p->ctx, p->n, x, opt, &ro, &res);
        if (rc != FANOS_OK) {
            if (tc.failed || !cli_problem_failed(p))
                cli_error("run failed: %s", tc.failed
                                                ? "cannot write the trace"
                                                : fanos_strerror(rc));
            status = EXIT_BADINPUT;
        } else if (a->tracepath && cli_out_commit(&tc.out)) {
            status = EXIT_BADINPUT;
        } else {
            printf("final_loss=%.17g diverged=%d diverged_step=%zu evals=%zu "
                   "steps=%zu skipped=%zu seconds=%.6f", res.final_loss,
                   res.diverged, res.diverged_step, res.evals, res.steps,
                   res.skipped, res.seconds);
            /* a method that drives its own run says how it ended */
            if (res.stop)
                printf(" iterations=%zu lbfgs_status=%d lbfgs_status_name=%s "
                       "stop=%s", res.iterations, res.status,
                       fanos_lbfgs_status_name(res.status), res.stop);
            if (cli_problem_print_eval(p, x, res.diverged))
                status = EXIT_BADINPUT;
            putchar('\n');
        }
        if (status != 0 && tc.out.fp)
            cli_out_abort(&tc.out);
    }
    fanos_optimizer_free(opt);
    free(x);
    return status;
}

int cmd_run(int argc, char **argv)
{
    run_args a;
    int rc = run_parse_args(argc, argv, &a);
    if (rc != 0)
        return rc > 0 ? 0 : -rc;
    cli_problem p;
    int status = EXIT_BADINPUT;
    if (cli_problem_setup(&a.prob, &p) == 0) {
        status = run_method(&a, &p);
        cli_problem_free(&p);
    }
    run_args_free(&a);
    return status;
}
