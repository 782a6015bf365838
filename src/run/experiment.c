/* experiment.c - an experiment in memory: its plan of runs in row order,
 * shards, and one run of the plan (doc/spec.md section 9).  Nothing here
 * reads or writes files but the draws a problem reads; the command line
 * reads experiment files into a fanos_experiment and writes the rows. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/internal.h"

fanos_protocol fanos_experiment_protocol(const fanos_experiment *e)
{
    return e && e->nproblems && e->problems[0] ? e->problems[0]->protocol
                                               : FANOS_PROTOCOL_RUN;
}

/* A method without an lr parameter (L-BFGS) runs once per seed. */
static int has_lr(const fanos_experiment_method *m)
{
    return fanos_optimizer_type_param_index(m->type, "lr") >= 0;
}

static size_t method_nlr(const fanos_experiment *e,
                         const fanos_experiment_method *m)
{
    return !has_lr(m) ? 1 : m->lr ? m->nlr : e->nlr;
}

static int cmp_real_empty_first(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(b) - isnan(a);
    return (a > b) - (a < b);
}

static double axis_value(const fanos_experiment *e, size_t param)
{
    return e->naxis ? e->axis[param] : NAN;
}

void fanos_experiment_row_key(const fanos_experiment *e,
                              const fanos_experiment_run *r, fanos_row_key *k)
{
    k->experiment = e->name;
    k->problem = e->problems[r->problem]->name;
    k->param = axis_value(e, r->param);
    k->draws = r->draws;
    k->method = e->methods[r->method].name;
    k->lr = r->lr;
    k->seed = r->seed;
    k->phase = r->phase;
    k->trial = r->trial;
}

int fanos_row_key_cmp(const fanos_row_key *a, const fanos_row_key *b,
                      int with_seed)
{
    int r;
    /* [ST2] Rows are ordered by the key (experiment, problem, param, draws, method, lr, seed): text
     * bytewise, param, lr and seed numerically with empty first, draws reference before fresh; no
     * two rows share a key. */
    /* [TU5] A tuned experiment's rows have the key (experiment, phase, problem, param, draws,
     * method, trial, lr, seed), in the order of ST2 with phase `tuning` before `evaluation` and the
     * trial numerically; the rows of an untuned experiment have no phase and trial 0, so that their
     * order stays that of ST2. */
    if ((r = strcmp(a->experiment, b->experiment)))
        return r;
    if (a->phase != b->phase)
        return a->phase < b->phase ? -1 : 1;
    if ((r = strcmp(a->problem, b->problem)) ||
        (r = cmp_real_empty_first(a->param, b->param)))
        return r;
    if (a->draws != b->draws)
        return a->draws < b->draws ? -1 : 1;
    if ((r = strcmp(a->method, b->method)))
        return r;
    if (a->trial != b->trial)
        return a->trial < b->trial ? -1 : 1;
    if ((r = cmp_real_empty_first(a->lr, b->lr)))
        return r;
    return with_seed ? (a->seed > b->seed) - (a->seed < b->seed) : 0;
}

/* qsort has no context argument: the keys travel with their index. */
typedef struct {
    fanos_row_key key;
    size_t index;
} keyed;

static int keyed_cmp(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    int r = fanos_row_key_cmp(&a->key, &b->key, 1);
    return r ? r : (a->index > b->index) - (a->index < b->index);
}

int fanos_row_keys_sort(const fanos_row_key *keys, size_t n, size_t *perm)
{
    if ((!keys || !perm) && n)
        return FANOS_ENULL;
    keyed *k = malloc((n ? n : 1) * sizeof *k);
    if (!k)
        return FANOS_ENOMEM;
    for (size_t i = 0; i < n; i++)
        k[i] = (keyed){keys[i], i};
    qsort(k, n, sizeof *k, keyed_cmp);
    for (size_t i = 0; i < n; i++)
        perm[i] = k[i].index;
    free(k);
    return FANOS_OK;
}

/* Sort the n runs j (freed here) into a new array *runs, in row order. */
int fanos_experiment_sort_runs(const fanos_experiment *e,
                               fanos_experiment_run *j, size_t n,
                               fanos_experiment_run **runs, size_t *nruns)
{
    fanos_row_key *keys = malloc((n ? n : 1) * sizeof *keys);
    size_t *perm = malloc((n ? n : 1) * sizeof *perm);
    fanos_experiment_run *sorted = malloc((n ? n : 1) * sizeof *sorted);
    int rc = j && keys && perm && sorted ? FANOS_OK : FANOS_ENOMEM;
    for (size_t i = 0; !rc && i < n; i++)
        fanos_experiment_row_key(e, &j[i], &keys[i]);
    if (!rc)
        rc = fanos_row_keys_sort(keys, n, perm);
    for (size_t i = 0; !rc && i < n; i++)
        sorted[i] = j[perm[i]];
    free(j);
    free(keys);
    free(perm);
    if (rc) {
        free(sorted);
        return rc;
    }
    *runs = sorted;
    *nruns = n;
    return FANOS_OK;
}

int fanos_experiment_plan(const fanos_experiment *e,
                          fanos_experiment_run **runs, size_t *nruns)
{
    if (!e || !runs || !nruns)
        return FANOS_ENULL;
    *runs = NULL;
    *nruns = 0;
    if (!e->nproblems || !e->problems || !e->nmethods || !e->methods)
        return FANOS_EDIM;
    if (e->trials)
        return fanos_tuning_plan(e, runs, nruns);
    const size_t nparam = e->naxis ? e->naxis : 1;
    size_t n = 0;
    for (size_t m = 0; m < e->nmethods; m++)
        n += e->nproblems * nparam * method_nlr(e, &e->methods[m]) *
             (e->nseeds[0] + e->nseeds[1]);
    fanos_experiment_run *j = malloc((n ? n : 1) * sizeof *j);
    size_t k = 0;
    for (size_t pr = 0; j && pr < e->nproblems; pr++)
        for (size_t p = 0; p < nparam; p++)
            for (int d = 0; d < FANOS_DRAWS_COUNT; d++)
                for (size_t m = 0; m < e->nmethods; m++) {
                    const fanos_experiment_method *me = &e->methods[m];
                    const double *lr = me->lr ? me->lr : e->lr;
                    for (size_t l = 0; l < method_nlr(e, me); l++)
                        for (size_t s = 0; s < e->nseeds[d]; s++)
                            /* [ST1] The plan holds one run per combination of parameter (each
                             * $\kappa$ of `cond`, or none), draws source, method, learning rate
                             * (the method's own `lr` list, else the experiment's grid) and seed of
                             * that source; L-BFGS has no learning rate and runs once per seed, with
                             * an empty lr. */
                            j[k++] = (fanos_experiment_run){
                                pr, p, (fanos_draws)d, m,
                                has_lr(me) ? lr[l] : NAN, e->seeds[d][s],
                                FANOS_PHASE_NONE, 0};
                }
    return fanos_experiment_sort_runs(e, j, n, runs, nruns);
}

size_t fanos_experiment_shard(fanos_experiment_run *runs, size_t n, size_t k,
                              size_t nshards)
{
    if (!runs || k < 1 || k > nshards)
        return 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        /* [ST3] Shard $K$ of $N$ holds the runs whose 0-based index $i$ in the order of ST2 has $i
         * \bmod N = K - 1$. */
        if (i % nshards == k - 1)
            runs[m++] = runs[i];
    return m;
}

int fanos_experiment_problem(const fanos_experiment *e, size_t problem,
                             size_t param, fanos_problem **out)
{
    if (!e || !out)
        return FANOS_ENULL;
    *out = NULL;
    if (problem >= e->nproblems || (e->naxis && param >= e->naxis))
        return FANOS_EDIM;
    const fanos_problem_type *t = e->problems[problem];
    fanos_problem *p;
    int rc = fanos_problem_alloc(&p, t);
    for (size_t i = 0; rc == FANOS_OK && i < e->nproblem_set; i++)
        rc = fanos_problem_set_text(p, e->problem_keys[i], e->problem_vals[i]);
    if (rc == FANOS_OK && e->naxis)
        rc = t->axis ? fanos_problem_set(p, t->axis, e->axis[param])
                     : FANOS_EUNKNOWN;
    if (rc == FANOS_OK)
        rc = fanos_problem_check(p, NULL);
    if (rc != FANOS_OK) {
        fanos_problem_free(p);
        return rc;
    }
    *out = p;
    return FANOS_OK;
}

/* The method with its settings, then the lr (values NULL) or the knob
 * values of a trial. */
static int method_alloc(const fanos_experiment *e, size_t method, double lr,
                        const double *values, size_t n, fanos_optimizer **out)
{
    if (!e || !out)
        return FANOS_ENULL;
    *out = NULL;
    if (method >= e->nmethods)
        return FANOS_EDIM;
    const fanos_experiment_method *m = &e->methods[method];
    fanos_optimizer *opt;
    int rc = fanos_optimizer_alloc(&opt, m->type, n);
    /* [N19] T4 warm-up optimizers: AdamW (lr $10^{-3}$, weight decay $0.01$), RMSProp (lr
     * $10^{-3}$) and FANoS (lr $10^{-3}$, other defaults); `fanos pinn` sets lr $= 10^{-3}$ for any
     * warm-up optimizer that has an lr, before the `--set` options. */
    if (rc == FANOS_OK && has_lr(m) &&
        fanos_experiment_protocol(e) == FANOS_PROTOCOL_WARMSTART)
        rc = fanos_optimizer_set(opt, "lr", FANOS_WARMUP_LR);
    for (size_t i = 0; rc == FANOS_OK && i < m->nset; i++)
        rc = fanos_optimizer_set_text(opt, m->set_keys[i], m->set_vals[i]);
    if (rc == FANOS_OK && values)
        rc = fanos_tuning_apply(opt, m->knobs, m->nknobs, values);
    else if (rc == FANOS_OK && has_lr(m))
        rc = fanos_optimizer_set(opt, "lr", lr);
    if (rc == FANOS_OK)
        rc = fanos_optimizer_check(opt, NULL);
    if (rc != FANOS_OK) {
        fanos_optimizer_free(opt);
        return rc;
    }
    *out = opt;
    return FANOS_OK;
}

int fanos_experiment_method_alloc(const fanos_experiment *e, size_t method,
                                  double lr, size_t n, fanos_optimizer **out)
{
    return method_alloc(e, method, lr, NULL, n, out);
}

int fanos_experiment_run_method(const fanos_experiment *e,
                                const fanos_experiment_run *run, size_t n,
                                fanos_optimizer **out)
{
    if (!e || !run || !out)
        return FANOS_ENULL;
    if (run->phase == FANOS_PHASE_NONE)
        return method_alloc(e, run->method, run->lr, NULL, n, out);
    *out = NULL;
    if (run->method >= e->nmethods)
        return FANOS_EDIM;
    const size_t nk = e->methods[run->method].nknobs;
    double v[FANOS_KNOBS_MAX], lr;
    int rc = nk <= FANOS_KNOBS_MAX
                 ? fanos_experiment_trial(e, run->method, run->trial, v, &lr)
                 : FANOS_EDIM;
    return rc ? rc : method_alloc(e, run->method, lr, v, n, out);
}

int fanos_experiment_check_draws(const fanos_experiment *e, size_t problem,
                                 fanos_draws draws, unsigned long seed,
                                 const char *dir)
{
    fanos_problem *p;
    int rc = fanos_experiment_problem(e, problem, 0, &p);
    if (rc != FANOS_OK)
        return rc;
    const size_t n = fanos_problem_size(p);
    /* a reference draw of another size is refused before allocating */
    if (draws == FANOS_DRAWS_REFERENCE && p->type->reference_dim &&
        n != p->type->reference_dim) {
        fanos_problem_free(p);
        return FANOS_EDIM;
    }
    double *x0 = malloc((n ? n : 1) * sizeof *x0);
    rc = x0 ? fanos_problem_setup(p, draws, seed, dir, x0) : FANOS_ENOMEM;
    free(x0);
    fanos_problem_free(p);
    return rc;
}

/* The budget of a run: e->budget, or e->epochs epochs of the problem's
 * batches. */
static int run_budget(const fanos_experiment *e, const fanos_problem *p,
                      size_t *budget)
{
    *budget = e->budget;
    if (!e->epochs)
        return FANOS_OK;
    fanos_batch_info bi;
    int rc = fanos_problem_batch_info(p, &bi);
    if (rc != FANOS_OK)
        return rc == FANOS_EUNKNOWN ? FANOS_ECONFLICT : rc;
    /* [MB5] A budget of $E$ epochs (experiments: epochs) is $E \lceil N / B \rceil$ steps. */
    if (bi.steps_per_epoch && e->epochs > (size_t)-1 / bi.steps_per_epoch)
        return FANOS_EBUDGET;
    *budget = e->epochs * bi.steps_per_epoch;
    return FANOS_OK;
}

static int run_budgeted(const fanos_experiment *e,
                        const fanos_experiment_method *m, fanos_problem *p,
                        fanos_optimizer *opt, double *x,
                        fanos_experiment_result *res)
{
    fanos_run_result *r = &res->run;
    const size_t n = fanos_problem_size(p);
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    int rc = run_budget(e, p, &ro.budget);
    ro.loop = e->loop;
    ro.clip = m->clip;
    const int heldout = p->type->eval != NULL;
    if (rc == FANOS_OK && (!(e->target_loss >= 0) || isinf(e->target_loss)))
        rc = FANOS_ERANGE;
    if (rc == FANOS_OK && !heldout && (e->eval_every || e->target_loss > 0))
        rc = FANOS_ECONFLICT;
    /* the curve of MB11 holds step 0, every K-th step and the last */
    if (rc == FANOS_OK && e->eval_every &&
        ro.budget / e->eval_every + 2 > FANOS_CURVE_POINTS_MAX)
        rc = FANOS_EDIM;
    if (rc == FANOS_OK && heldout) {
        rc = fanos_eval_log_init(&res->eval, p,
                                 e->eval_every ? e->eval_every : (size_t)-1);
        if (rc == FANOS_OK && e->eval_every)
            rc = fanos_eval_log_point(&res->eval, 0, NAN, x, n);
        ro.on_step = fanos_eval_log_step;
        ro.cb_ctx = &res->eval;
    }
    if (rc == FANOS_OK) {
        /* fanos_run times the run (seconds) also when a step is refused */
        rc = fanos_run(fanos_problem_fdf, p, n, x, opt, &ro, r);
        /* [ST26] A run whose optimizer refuses a step with FANOS_EDOMAIN (NGN-M at $f \le 0$, which
         * on the benchmarks is an exact minimiser) ends there as a finished run: its final loss is
         * the $f$ it stopped at, with the evaluations and steps made until then. */
        if (rc == FANOS_EDOMAIN && isfinite(r->final_loss)) {
            rc = FANOS_OK;
            r->steps--;     /* the refused step changed nothing */
        }
    }
    if (rc == FANOS_OK && !r->diverged && !isfinite(r->final_loss)) {
        r->diverged = 1;
        r->diverged_step = r->evals;
    }
    /* [MB9] Every run of a problem trained on a data set records the held-out metrics of its last
     * iterate, with or without eval_every (without, that record is its eval log); a run whose last
     * held-out loss is not finite is diverged, with diverged_step its evaluations. */
    fanos_eval_log *log = &res->eval;
    if (rc == FANOS_OK && heldout &&
        (!log->nrecords || log->records[log->nrecords - 1].step != r->steps))
        rc = fanos_eval_log_point(log, r->steps, r->final_loss, x, n);
    if (rc == FANOS_OK && heldout && !r->diverged &&
        log->records[log->nrecords - 1].diverged) {
        r->diverged = 1;
        r->diverged_step = r->evals;
    }
    return rc;
}

void fanos_experiment_result_free(fanos_experiment_result *res)
{
    if (res)
        fanos_eval_log_free(&res->eval);
}

int fanos_experiment_execute(const fanos_experiment *e,
                             const fanos_experiment_run *run,
                             const char *dir, fanos_experiment_result *res)
{
    if (!e || !run || !res)
        return FANOS_ENULL;
    /* the result is written only on success */
    fanos_experiment_result r;
    memset(&r, 0, sizeof r);
    fanos_problem *p = NULL;
    fanos_optimizer *opt = NULL;
    double *x = NULL;
    /* [ST7] A run depends only on its own entry of the plan, so every column but seconds is the
     * same for any thread count and any shard split. */
    /* [ST19] `fanos_experiment_execute` runs one run of the plan as `fanos sweep` does: the problem
     * with the experiment's settings and axis value, set up from the run's draws and seed; the
     * method with its settings and lr (after the T4 warm-up lr for a warm start); then `fanos_run`
     * with the budget, loop and clip (or the warm start); a run whose final loss is not finite is
     * diverged. */
    /* a tuning warm-up belongs to a tuned warm start only */
    if (e->tuning_warmup_steps &&
        (!e->trials || fanos_experiment_protocol(e) != FANOS_PROTOCOL_WARMSTART))
        return FANOS_ECONFLICT;
    int rc = fanos_experiment_problem(e, run->problem, run->param, &p);
    const size_t n = rc == FANOS_OK ? fanos_problem_size(p) : 0;
    if (rc == FANOS_OK && n == 0) {     /* its data could not be read */
        fanos_data_error err;
        fanos_problem_data_error(p, &rc, &err);
        rc = rc < 0 ? rc : FANOS_EDIM;
    }
    if (rc == FANOS_OK && !(x = malloc(n * sizeof *x)))
        rc = FANOS_ENOMEM;
    if (rc == FANOS_OK)
        rc = fanos_problem_setup(p, run->draws, run->seed, dir, x);
    if (rc == FANOS_OK)
        rc = fanos_experiment_run_method(e, run, n, &opt);
    if (rc == FANOS_OK &&
        fanos_experiment_protocol(e) == FANOS_PROTOCOL_WARMSTART) {
        fanos_warmstart_options wo;
        fanos_warmstart_options_init(&wo);
        wo.warmup_steps = e->warmup_steps;
        /* [TU13] A tuning run of a tuned PINN experiment warms up for tuning_warmup_steps steps
         * when that is set (> 0), otherwise for warmup_steps, before the same polish; an
         * evaluation run always warms up for warmup_steps. */
        if (run->phase == FANOS_PHASE_TUNING && e->tuning_warmup_steps)
            wo.warmup_steps = e->tuning_warmup_steps;
        wo.polish_iterations = e->polish_iterations;
        rc = fanos_warmstart(fanos_problem_fdf, p, n, x, opt, &wo, &r.ws);
    } else if (rc == FANOS_OK) {
        rc = run_budgeted(e, &e->methods[run->method], p, opt, x, &r);
    }
    fanos_optimizer_free(opt);
    fanos_problem_free(p);
    free(x);
    r.eval.problem = NULL;      /* freed; the records stay */
    if (rc == FANOS_OK)
        *res = r;
    else
        fanos_experiment_result_free(&r);
    return rc;
}
