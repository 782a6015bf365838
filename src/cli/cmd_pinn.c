/* cmd_pinn.c - `fanos pinn`: one T4 run, warm-up then L-BFGS polish. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

/* The reference draws: the installed copy once the build defines it. */
#ifndef FANOS_DRAWS_DIR
#define FANOS_DRAWS_DIR "experiments/draws"
#endif

void cmd_pinn_usage(FILE *fp)
{
    fprintf(fp,
"Usage: fanos pinn --problem burgers|allen-cahn --warmup METHOD\n"
"                  [--set KEY=VALUE]... [--seed S] [--draws reference|fresh]\n"
"                  [--draws-dir DIR] [--warmup-steps N] [--polish-iterations N]\n"
"                  [--widths 2,50,50,50,1] [--trace FILE] [--quiet] [--force]\n"
"\n"
"One run of the T4 warm-start protocol on a physics-informed network:\n"
"full-batch warm-up steps of METHOD, then one L-BFGS polish (strong Wolfe,\n"
"history 100).  Prints one line:\n"
"  problem=... draws=... warmup=... seed=... warmup_loss=... entry_loss=...\n"
"  polish_loss=... polish_iterations=... evals=... seconds=... diverged=0|1\n"
"warmup_loss is the loss before the last warm-up step; entry_loss the loss\n"
"at entry to the polish (what the reference reported as final);\n"
"polish_loss the loss after it.\n"
"\n"
"Options:\n"
"  --problem NAME    burgers or allen-cahn                      (required)\n"
"  --warmup METHOD   any optimizer of `fanos params`, e.g. adamw, rmsprop,\n"
"                    fanos, or a method name of the paper that stands for\n"
"                    one (AdamW, RMSProp, FANoS, SGD+Mom: see fanos run\n"
"                    --help); its lr is set to 1e-3 (T4), then --set\n"
"                    applies                                    (required)\n"
"  --set KEY=VALUE   set a warm-up optimizer parameter (repeatable)\n"
"  --lr X            the same as --set lr=X\n"
"  --seed S          seed, 0 <= S <= 4 with reference draws,\n"
"                    0 <= S <= 4294967294 with fresh draws       [0]\n"
"  --draws KIND      reference: the reference pipeline's network and points\n"
"                    (pinn_seed{S}_*.txt/csv); fresh: GSL draws   [reference]\n"
"  --draws-dir DIR   folder of the reference draws\n"
"                    [$FANOS_DRAWS_DIR, else " FANOS_DRAWS_DIR "]\n"
"  --warmup-steps N  1 <= N <= 100000000                         [1000]\n"
"  --polish-iterations N  L-BFGS iterations, 0 = no polish,\n"
"                    at most 5/4 N evaluations, N <= 100000000  [200]\n"
"  --widths LIST     layer widths, 2 first and 1 last (fresh draws, or the\n"
"                    reference's own)                     [2,50,50,50,1]\n"
"  --trace FILE      a CSV stage,step,evals,loss: one row per warm-up step\n"
"                    (stage warmup, the loss before the step) and per\n"
"                    accepted polish iterate (stage polish, step 0 the\n"
"                    polish's start); evals counts warm-up and polish;\n"
"                    - is the standard output\n"
"  --quiet           no progress on standard error\n"
"  --force           replace a --trace FILE that is read-only\n"
"\n"
"Progress goes to standard error: on a terminal one line, redrawn in place,\n"
"  warm-up 500/1000, 0:07 elapsed, ETA 0:07 (loss 0.1234)\n"
"then polish ITERATION/N; elsewhere such a line every 5 s and at the end of\n"
"each stage.\n"
"\n"
"A diverged run is a completed run (exit status 0).\n"
CLI_EXIT_HELP);
}

typedef struct {
    const char *problem, *method, *draws, *dir;
    unsigned long long seed, steps, polish;
    const char *widths;         /* NULL: the problem's default          */
    const char **sets;
    size_t nsets;
    const char *trace;
    int quiet;
} pinn_args;

/* The warm-start problem types, "burgers, allen-cahn". */
static void pinn_names(char *buf, size_t len)
{
    buf[0] = '\0';
    for (const fanos_problem_type *const *t = fanos_problem_types(); *t; t++)
        if ((*t)->protocol == FANOS_PROTOCOL_WARMSTART)
            snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
                     buf[0] ? ", " : "", (*t)->name);
}

static const fanos_problem_type *pinn_type(const char *name)
{
    const fanos_problem_type *t = fanos_problem_type_lookup(name);
    return t && t->protocol == FANOS_PROTOCOL_WARMSTART ? t : NULL;
}

/* The widths on a problem of the first warm-start type: 0 when valid. */
static int widths_ok(const char *text)
{
    fanos_problem *p;
    char names[128];
    pinn_names(names, sizeof names);
    names[strcspn(names, ",")] = '\0';
    if (fanos_problem_alloc(&p, pinn_type(names)) != FANOS_OK)
        return 0;
    int ok = fanos_problem_set_text(p, "widths", text) == FANOS_OK &&
             fanos_problem_check(p, NULL) == FANOS_OK;
    fanos_problem_free(p);
    return ok;
}

/* 0, or the exit status of the error (reported). */
static int parse_args(int argc, char **argv, pinn_args *a)
{
    int bad = 0;
    for (int i = 1; i < argc && !bad; i++) {
        const char *v;
        if ((v = cli_opt(argc, argv, &i, "--problem", &bad))) {
            a->problem = v;
        } else if ((v = cli_opt(argc, argv, &i, "--warmup-steps", &bad))) {
            if (cli_parse_size(v, 1, 100000000ULL, &a->steps)) {
                cli_error("--warmup-steps %s: must be an integer in [1, 100000000]", v);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--warmup", &bad))) {
            a->method = v;
        } else if (cli_set_option(argc, argv, &i, a->sets, &a->nsets, &bad)) {
            continue;
        } else if ((v = cli_opt(argc, argv, &i, "--draws-dir", &bad))) {
            a->dir = v;
            if (!*v) {
                cli_error("--draws-dir '': needs a folder name");
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--draws", &bad))) {
            a->draws = v;
        } else if ((v = cli_opt(argc, argv, &i, "--seed", &bad))) {
            if (cli_parse_size(v, 0, 4294967294ULL, &a->seed)) {
                cli_error("--seed %s: must be an integer in [0, 4294967294]", v);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--polish-iterations", &bad))) {
            if (cli_parse_size(v, 0, 100000000ULL, &a->polish)) {
                cli_error("--polish-iterations %s: must be an integer in [0, 100000000]", v);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--widths", &bad))) {
            a->widths = v;
            if (!widths_ok(v)) {
                cli_error("--widths %s: must be 3 to %d comma-separated widths in "
                          "[1, %d], the first 2 and the last 1", v,
                          FANOS_PINN_MAX_LAYERS, FANOS_PINN_MAX_WIDTH);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--trace", &bad))) {
            a->trace = v;
        } else if (!strcmp(argv[i], "--quiet")) {
            a->quiet = 1;
        } else if (!strcmp(argv[i], "--force")) {
            cli_force = 1;
        } else if (!bad) {
            bad = cli_bad_arg("pinn", argv[i]);
        }
    }
    return bad;
}

/* The problem, its start point and points; 0 on success. */
static int setup_problem(const pinn_args *a, fanos_problem **pp,
                         double **theta)
{
    const int fresh = !strcmp(a->draws, "fresh");
    int rc = fanos_problem_alloc(pp, pinn_type(a->problem));
    if (rc == FANOS_OK && a->widths)
        rc = fanos_problem_set_text(*pp, "widths", a->widths);
    if (rc != FANOS_OK) {
        cli_error("cannot create the network: %s", fanos_strerror(rc));
        return -1;
    }
    if (!(*theta = malloc(fanos_problem_size(*pp) * sizeof **theta))) {
        cli_error("out of memory");
        return -1;
    }
    rc = fanos_problem_setup(*pp, fresh ? FANOS_DRAWS_FRESH
                                        : FANOS_DRAWS_REFERENCE,
                             (unsigned long)a->seed, a->dir, *theta);
    if (rc == FANOS_OK)
        return 0;
    if (fresh)
        cli_error("fresh draws of seed %llu: %s", a->seed, fanos_strerror(rc));
    else if (rc == FANOS_EIO) {
        char where[4200], files[128];
        snprintf(where, sizeof where, "--draws-dir %s", a->dir);
        cli_reference_file(pinn_type(a->problem), (unsigned long)a->seed,
                           files, sizeof files);
        cli_report_draws(where, a->dir, files);
    }
    else if (rc == FANOS_EDIM)
        cli_error("--draws-dir %s: the reference network of seed %llu does not "
                  "have the widths asked for (--widths)", a->dir, a->seed);
    else
        cli_error("--draws-dir %s: reference draws of seed %llu: %s", a->dir,
                  a->seed, fanos_strerror(rc));
    return -1;
}

/* The warm-up optimizer: lr 1e-3 (T4) where it has an lr, then --set. */
static int setup_optimizer(pinn_args *a, size_t n, fanos_optimizer **opt)
{
    const char *implied;
    const fanos_optimizer_type *type =
        cli_find_optimizer("--warmup", a->method, 1, &implied);
    if (!type)
        return -1;
    a->method = type->name;
    int rc = fanos_optimizer_alloc(opt, type, n);
    /* N19: the T4 lr, before the --set options */
    if (rc == FANOS_OK && fanos_optimizer_type_param_index(type, "lr") >= 0)
        rc = fanos_optimizer_set(*opt, "lr", FANOS_WARMUP_LR);
    if (rc != FANOS_OK) {
        cli_error("cannot allocate the optimizer: %s", fanos_strerror(rc));
        return -1;
    }
    if (cli_apply_settings(*opt, implied))
        return -1;
    for (size_t i = 0; i < a->nsets; i++)
        if (cli_apply_set(*opt, a->sets[i]))
            return -1;
    size_t where;
    if (fanos_optimizer_check(*opt, &where) != FANOS_OK) {
        cli_report_conflict(*opt, where, a->sets, a->nsets);
        return -1;
    }
    return 0;
}

/* The required options (a usage error when missing), then the values
 * (bad input); 0 or the exit status of the error (reported). */
static int validate(const pinn_args *a)
{
    char names[128];
    pinn_names(names, sizeof names);
    if (!a->problem) {
        cli_error("pinn: --problem is required (%s; see fanos pinn --help)",
                  names);
        return EXIT_USAGE;
    }
    if (!a->method) {
        cli_error("pinn: --warmup is required (an optimizer of fanos params; "
                  "see fanos pinn --help)");
        return EXIT_USAGE;
    }
    if (!pinn_type(a->problem)) {
        cli_unknown_problem("--problem", a->problem, FANOS_PROTOCOL_WARMSTART);
        return EXIT_BADINPUT;
    }
    if (strcmp(a->draws, "reference") && strcmp(a->draws, "fresh")) {
        cli_error("--draws %s: must be reference or fresh", a->draws);
        return EXIT_BADINPUT;
    }
    if (!strcmp(a->draws, "reference") && a->seed > 4) {
        cli_error("--seed %llu: the reference draws hold seeds 0 to 4", a->seed);
        return EXIT_BADINPUT;
    }
    return 0;
}

/* What fanos pinn shows of its run: the progress of each stage on
 * stderr and the trace. */
typedef struct {
    cli_progress pr;
    cli_outfile out;
    int trace, quiet, polishing;
    size_t warm, polish;        /* warm-up steps done; polish iterations */
    char loss[48];              /* the last loss, for the progress line  */
} watch;

static void trace_row(watch *w, const char *stage, size_t step, size_t evals,
                      double loss)
{
    char num[32];
    snprintf(w->loss, sizeof w->loss, "loss %.4g", loss);
    if (!w->trace)
        return;
    fmt_real(num, sizeof num, loss);
    fprintf(w->out.fp, "%s,%zu,%zu,%s\n", stage, step, evals, num);
}

static int on_warmup(void *ctx, size_t step, double loss, const double *x,
                     size_t n, fanos_optimizer *opt)
{
    watch *w = ctx;
    (void)x, (void)n, (void)opt;
    w->warm = step;
    trace_row(w, "warmup", step, step, loss);
    cli_progress_step(&w->pr, step, w->loss);
    return 0;
}

static int on_polish(void *ctx, size_t iteration, size_t evals, double loss,
                     const double *x, size_t n)
{
    watch *w = ctx;
    (void)x, (void)n;
    if (!w->polishing) {
        cli_progress_end(&w->pr, w->loss);
        cli_progress_start(&w->pr, "polish", w->polish, 0, w->quiet);
        w->polishing = 1;
    }
    trace_row(w, "polish", iteration, w->warm + evals, loss);
    cli_progress_step(&w->pr, iteration, w->loss);
    return 0;
}

/* The run, watched; 0 or the exit status of the error (reported). */
static int run_watched(const pinn_args *a, fanos_problem *p, double *theta,
                       fanos_optimizer *opt)
{
    watch w = {.trace = a->trace != NULL, .quiet = a->quiet,
               .polish = (size_t)a->polish};
    fanos_warmstart_options wo;
    fanos_warmstart_options_init(&wo);
    if (a->trace && cli_out_open(&w.out, a->trace))
        return EXIT_BADINPUT;
    if (w.trace)
        fputs("stage,step,evals,loss\n", w.out.fp);
    wo.warmup_steps = (size_t)a->steps;
    wo.polish_iterations = (size_t)a->polish;
    wo.on_step = on_warmup;
    wo.on_iterate = on_polish;
    wo.cb_ctx = &w;
    cli_progress_start(&w.pr, "warm-up", wo.warmup_steps, 0, a->quiet);
    fanos_warmstart_result r;
    int rc = fanos_warmstart(fanos_problem_fdf, p, fanos_problem_size(p),
                             theta, opt, &wo, &r);
    cli_progress_end(&w.pr, w.loss);
    if (rc != FANOS_OK) {
        cli_error("pinn run failed: %s%s", fanos_strerror(rc),
                  rc == FANOS_EUNKNOWN ? " (is the L-BFGS runner built in?)" : "");
        if (w.trace)
            cli_out_abort(&w.out);
        return EXIT_BADINPUT;
    }
    if (w.trace && cli_out_commit(&w.out))
        return EXIT_BADINPUT;
    printf("problem=%s draws=%s warmup=%s seed=%llu warmup_loss=%.17g "
           "entry_loss=%.17g polish_loss=%.17g polish_iterations=%zu "
           "evals=%zu seconds=%.3f diverged=%d\n", a->problem, a->draws,
           a->method, a->seed, r.warmup_loss, r.entry_loss, r.polish_loss,
           r.polish_iterations, r.evals, r.seconds, r.diverged);
    return 0;
}

int cmd_pinn(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            cmd_pinn_usage(stdout);
            return 0;
        }
    fanos_warmstart_options wo;
    fanos_warmstart_options_init(&wo);
    pinn_args a = {NULL, NULL, "reference", cli_default_draws_dir(), 0,
                   wo.warmup_steps, wo.polish_iterations, NULL, NULL, 0,
                   NULL, 0};
    a.sets = calloc((size_t)argc + 1, sizeof *a.sets);
    if (!a.sets) {
        cli_error("out of memory");
        return EXIT_BADINPUT;
    }
    fanos_problem *p = NULL;
    fanos_optimizer *opt = NULL;
    double *theta = NULL;
    int status = parse_args(argc, argv, &a);
    if (!status)
        status = validate(&a);
    if (!status && (setup_problem(&a, &p, &theta) ||
                     setup_optimizer(&a, fanos_problem_size(p), &opt)))
        status = EXIT_BADINPUT;
    if (!status)
        status = run_watched(&a, p, theta, opt);
    fanos_optimizer_free(opt);
    fanos_problem_free(p);
    free(theta);
    free(a.sets);
    return status;
}
