/* run_lbfgs.c - `fanos run --optimizer lbfgs`: L-BFGS through liblbfgs,
 * which is not an optimizer type (it drives its own iterations). */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

void cli_lbfgs_usage(FILE *fp)
{
    fprintf(fp,
"\nlbfgs: L-BFGS through liblbfgs (no learning rate; runs until the budget\n"
"is spent, max_iterations is reached, a line search fails or the loss\n"
"becomes non-finite).  It does not clip (--clip 0, the default, is\n"
"accepted; any other --clip is refused) and --final is refused with any\n"
"value: its final loss is the loss at its last accepted iterate, neither\n"
"the loss before a last step nor the loss at the last evaluation (which\n"
"may be a line search's rejected trial point).  Its --trace\n"
"has one row per accepted iterate, the start point first: evals (the\n"
"evaluations made so far; the iterate's loss is that of the last of them),\n"
"loss, iteration, x0..x{D-1}.\n"
"  m                        int  default 100      range [1, 1000]      history size\n"
"  linesearch               text default more-thuente range {more-thuente, strong-wolfe} "
    "More-Thuente, or\n"
"                           backtracking to the strong Wolfe conditions\n"
"  max_iterations           int  default 0        range [0, 2147483647] "
    "accepted iterations; 0 = until\n"
"                           the budget ends\n"
"  The result line adds iterations=... lbfgs_status=CODE\n"
"  lbfgs_status_name=NAME (liblbfgs's return code) and stop=REASON: budget,\n"
"  max_iterations, lbfgs (zero gradient or a failed line search),\n"
"  diverged (a non-finite loss) or breakdown (liblbfgs proposed a\n"
"  non-finite point, which is not evaluated); the final loss is the loss\n"
"  at the last accepted iterate.\n");
}

static int set_size(const char *kv, const char *v, unsigned long long lo,
                    unsigned long long hi, size_t *out)
{
    unsigned long long x;
    if (cli_parse_size(v, lo, hi, &x)) {
        cli_error("--set %s: must be an integer in [%llu, %llu]", kv, lo, hi);
        return -1;
    }
    *out = (size_t)x;
    return 0;
}

/* One "key=value" of lbfgs. */
static int apply_set(const char *kv, fanos_lbfgs_options *o)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv) {
        cli_error("--set %s: expected key=value", kv);
        return -1;
    }
    size_t klen = (size_t)(eq - kv);
    const char *v = eq + 1;
    if (klen == 1 && !strncmp(kv, "m", 1))
        return set_size(kv, v, 1, FANOS_LBFGS_M_MAX, &o->m);
    if (klen == 14 && !strncmp(kv, "max_iterations", 14))
        return set_size(kv, v, 0, FANOS_LBFGS_MAX_ITERATIONS_MAX,
                        &o->max_iterations);
    if (klen == 10 && !strncmp(kv, "linesearch", 10)) {
        /* the experiment files' name; "morethuente" as before */
        if (!strcmp(v, "more-thuente") || !strcmp(v, "morethuente"))
            o->linesearch = FANOS_LBFGS_MORE_THUENTE;
        else if (!strcmp(v, "strong-wolfe"))
            o->linesearch = FANOS_LBFGS_STRONG_WOLFE;
        else {
            cli_error("--set %s: linesearch must be more-thuente or "
                      "strong-wolfe", kv);
            return -1;
        }
        return 0;
    }
    cli_error("--set %s: unknown parameter '%.*s' for optimizer lbfgs "
              "(known: m, linesearch, max_iterations)", kv, (int)klen, kv);
    return -1;
}

int cli_lbfgs_options(const char **sets, size_t nsets, size_t budget,
                      fanos_lbfgs_options *o)
{
    fanos_lbfgs_options_init(o);
    o->budget = budget;
    for (size_t i = 0; i < nsets; i++)
        if (apply_set(sets[i], o))
            return -1;
    return 0;
}

typedef struct {
    cli_outfile out;
    int failed;
} lbfgs_trace;

static int trace_iteration(void *ctx, size_t iteration, size_t evals,
                           double loss, const double *x, size_t n)
{
    lbfgs_trace *t = ctx;
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

int cli_lbfgs_run(const cli_problem *p, const fanos_lbfgs_options *opts,
                  const char *tracepath)
{
    double *x = malloc(p->n * sizeof *x);
    if (!x) {
        cli_error("--dim %zu: cannot allocate the iterate", p->n);
        return EXIT_BADINPUT;
    }
    memcpy(x, p->x0, p->n * sizeof *x);
    fanos_lbfgs_options o = *opts;
    lbfgs_trace t = {0};
    if (tracepath) {
        if (cli_out_open(&t.out, tracepath)) {
            free(x);
            return EXIT_BADINPUT;
        }
        fprintf(t.out.fp, "evals,loss,iteration");
        for (size_t i = 0; i < p->n; i++)
            fprintf(t.out.fp, ",x%zu", i);
        fputc('\n', t.out.fp);
        o.on_iteration = trace_iteration;
        o.cb_ctx = &t;
    }
    fanos_lbfgs_result r;
    int rc = fanos_lbfgs_run(p->fdf, p->ctx, p->n, x, &o, &r);
    free(x);
    if (rc != FANOS_OK) {
        cli_error("run failed: %s", t.failed ? "cannot write the trace"
                                             : fanos_strerror(rc));
        if (tracepath)
            cli_out_abort(&t.out);
        return EXIT_BADINPUT;
    }
    if (tracepath && cli_out_commit(&t.out))
        return EXIT_BADINPUT;
    printf("final_loss=%.17g diverged=%d diverged_step=%zu evals=%zu "
           "steps=%zu skipped=%zu seconds=%.6f iterations=%zu "
           "lbfgs_status=%d lbfgs_status_name=%s stop=%s\n",
           r.run.final_loss, r.run.diverged, r.run.diverged_step, r.run.evals,
           r.run.steps, r.run.skipped, r.run.seconds, r.iterations,
           r.lbfgs_status, fanos_lbfgs_status_name(r.lbfgs_status),
           fanos_lbfgs_stop_name(r.stop));
    return 0;
}
