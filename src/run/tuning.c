/* tuning.c - tuned experiments (doc/spec.md section 14): the trials of a
 * search space (a full grid, or points of GSL's Sobol sequence), the
 * coordinates of the cubic family, the tuning plan, the choice of each
 * method's best trial and the evaluation plan.  Like experiment.c it reads
 * and writes no file: the command line reads the search spaces from the
 * experiment files and writes the rows. */
#include <config.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_sort_ulong.h>
#include "core/internal.h"

static const char *const phase_names[] = {"", "tuning", "evaluation"};

const char *fanos_phase_name(fanos_phase phase)
{
    return (unsigned)phase < 3 ? phase_names[phase] : NULL;
}

int fanos_phase_lookup(const char *name, fanos_phase *phase)
{
    if (!name || !phase)
        return FANOS_ENULL;
    for (int i = 1; i < 3; i++)
        if (!strcmp(name, phase_names[i])) {
            *phase = (fanos_phase)i;
            return FANOS_OK;
        }
    return FANOS_EUNKNOWN;
}

/* ---- the trials of a space ------------------------------------------- */

static int knob_valid(const fanos_knob *k)
{
    if (!k->name)
        return 0;
    if (k->scale == FANOS_KNOB_LIST) {
        if (!k->values || !k->nvalues)
            return 0;
        for (size_t i = 0; i < k->nvalues; i++)
            if (!isfinite(k->values[i]))
                return 0;
        return 1;
    }
    return (k->scale == FANOS_KNOB_LINEAR || k->scale == FANOS_KNOB_LOG) &&
           isfinite(k->lo) && isfinite(k->hi) && k->lo < k->hi &&
           (k->scale == FANOS_KNOB_LINEAR || k->lo > 0);
}

/* The size of the grid of a space of lists, 0 when it is not one or
 * exceeds limit. */
static size_t grid_size(const fanos_knob *knobs, size_t nk, size_t limit)
{
    size_t n = 1;
    for (size_t j = 0; j < nk; j++) {
        if (knobs[j].scale != FANOS_KNOB_LIST ||
            knobs[j].nvalues > limit / n)
            return 0;
        n *= knobs[j].nvalues;
    }
    return n;
}

int fanos_tuning_ntrials(const fanos_knob *knobs, size_t nk, size_t trials,
                         size_t *ntrials)
{
    if (!ntrials || (nk && !knobs))
        return FANOS_ENULL;
    if (nk > FANOS_KNOBS_MAX)
        return FANOS_EDIM;
    if (trials < 1 || trials > FANOS_TRIALS_MAX)
        return FANOS_ERANGE;
    for (size_t j = 0; j < nk; j++)
        if (!knob_valid(&knobs[j]))
            return FANOS_ERANGE;
    const size_t g = grid_size(knobs, nk, trials);
    *ntrials = nk == 0 ? 1 : g ? g : trials;
    return FANOS_OK;
}

/* [TU1] A search space is an ordered list of knobs, each a parameter name with a list of distinct
 * values or a range $[a, b]$, $a < b$, on a linear or a logarithmic scale ($a > 0$); a coordinate
 * $u \in (0, 1)$ gives $a + u\,(b - a)$ (linear) or $a\,(b/a)^u$ (log). */
static double knob_value(const fanos_knob *k, double u)
{
    if (k->scale == FANOS_KNOB_LINEAR)
        return k->lo + u * (k->hi - k->lo);
    if (k->scale == FANOS_KNOB_LOG)
        return k->lo * pow(k->hi / k->lo, u);
    size_t i = (size_t)floor((double)k->nvalues * u);
    return k->values[i < k->nvalues ? i : k->nvalues - 1];
}

int fanos_tuning_trials(const fanos_knob *knobs, size_t nk, size_t trials,
                        double *values)
{
    size_t n;
    int rc = fanos_tuning_ntrials(knobs, nk, trials, &n);
    if (rc != FANOS_OK || nk == 0)
        return rc;
    if (!values)
        return FANOS_ENULL;
    /* [TU2] A method's trials: the full grid of its lists, the last knob varying fastest, when
     * every knob is a list and the product of their sizes is at most $N$ (`trials`); otherwise
     * exactly $N$ trials, trial $t = 0, 1, \dots$ taking the $t$-th point $u$ (0-based) of GSL's
     * Sobol sequence `gsl_qrng_sobol` (which starts at $(1/2, \dots, 1/2)$) in as many dimensions
     * as knobs, coordinate $j$ for knob $j$, mapped by [TU1] for a range and to item $\min(\lfloor
     * n u_j \rfloor, n - 1)$ (0-based) of a list of $n$ values; a method without knobs has one
     * trial. */
    if (grid_size(knobs, nk, trials)) {
        for (size_t t = 0; t < n; t++)
            for (size_t j = nk, r = t; j-- > 0; r /= knobs[j].nvalues)
                values[t * nk + j] = knobs[j].values[r % knobs[j].nvalues];
        return FANOS_OK;
    }
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)nk);
    if (!q)
        return FANOS_ENOMEM;
    double u[FANOS_KNOBS_MAX];
    for (size_t t = 0; t < n; t++) {
        gsl_qrng_get(q, u);
        for (size_t j = 0; j < nk; j++)
            values[t * nk + j] = knob_value(&knobs[j], u[j]);
    }
    gsl_qrng_free(q);
    return FANOS_OK;
}

/* ---- knobs and the coordinates of TU4 ----------------------------------- */

enum { C_NONE, C_ETA, C_BETA1, C_BETA2, C_BETA };

static int coordinate(const fanos_optimizer_type *t, const char *name)
{
    const int cubic = t == &fanos_type_cd || t == &fanos_type_ikfad ||
                      t == &fanos_type_cadam;
    if (cubic && !strcmp(name, "eta"))
        return C_ETA;
    if (cubic && !strcmp(name, "beta1"))
        return C_BETA1;
    if (cubic && t != &fanos_type_cd && !strcmp(name, "beta2"))
        return C_BETA2;
    if (t == &fanos_type_adam_eqbeta && !strcmp(name, "beta"))
        return C_BETA;
    return C_NONE;
}

int fanos_tuning_knob_check(const fanos_optimizer_type *type,
                            const char *name, double v)
{
    if (!type || !name)
        return FANOS_ENULL;
    const int i = fanos_optimizer_type_param_index(type, name);
    if (i >= 0)
        return fanos_param_check(&type->params[i], v);
    switch (coordinate(type, name)) {
    case C_ETA:
        return v > 0 && isfinite(v) ? FANOS_OK : FANOS_ERANGE;
    case C_BETA1:
        return v > 0 && v <= 1 ? FANOS_OK : FANOS_ERANGE;
    case C_BETA2:
        return v > 0 && v < 1 ? FANOS_OK : FANOS_ERANGE;
    case C_BETA:
        return v >= 0 && v < 1 ? FANOS_OK : FANOS_ERANGE;
    default:
        return FANOS_EUNKNOWN;
    }
}

int fanos_tuning_apply(fanos_optimizer *opt, const fanos_knob *knobs,
                       size_t nk, const double *values)
{
    if (!opt || (nk && (!knobs || !values)))
        return FANOS_ENULL;
    const fanos_optimizer_type *t = fanos_optimizer_get_type(opt);
    double c[5] = {NAN, NAN, NAN, NAN, NAN};
    int rc = FANOS_OK;
    /* [TU3] A trial sets the method's fixed settings, then each knob that is a parameter of the
     * optimizer, then the coordinates of [TU4]; its lr is the value of its `lr` or `eta` knob,
     * else the optimizer's lr after the settings (none without an lr). */
    for (size_t j = 0; rc == FANOS_OK && j < nk; j++) {
        const int k = coordinate(t, knobs[j].name);
        if (fanos_optimizer_type_param_index(t, knobs[j].name) >= 0)
            rc = fanos_optimizer_set(opt, knobs[j].name, values[j]);
        else if (k != C_NONE)
            c[k] = values[j];
        else
            rc = FANOS_EUNKNOWN;
    }
    /* [TU4] Coordinates of cd, ikfad and cadam: a knob `eta` sets $h = \sqrt{\eta}$ as the
     * optimizer's lr (without it $h$ is the lr), `beta1` sets $\gamma = -\ln(\beta_1)/h$ and
     * `beta2` (ikfad, cadam) sets $\alpha = -\ln(\beta_2)/h$, so that one step damps $p$ by
     * $\beta_1$ and relaxes $\xi$ or $\zeta$ by $\beta_2$; adam-eqbeta's knob `beta` sets $\beta_1
     * = \beta_2 = \beta$. */
    double h;
    if (rc == FANOS_OK && !isnan(c[C_ETA]))
        rc = fanos_optimizer_set(opt, "lr", sqrt(c[C_ETA]));
    if (rc == FANOS_OK && (!isnan(c[C_BETA1]) || !isnan(c[C_BETA2])))
        rc = fanos_optimizer_get(opt, "lr", &h);
    if (rc == FANOS_OK && !isnan(c[C_BETA1]))
        rc = fanos_optimizer_set(opt, "gamma", -log(c[C_BETA1]) / h);
    if (rc == FANOS_OK && !isnan(c[C_BETA2]))
        rc = fanos_optimizer_set(opt, "alpha", -log(c[C_BETA2]) / h);
    if (rc == FANOS_OK && !isnan(c[C_BETA]))
        rc = fanos_optimizer_set(opt, "beta1", c[C_BETA]);
    if (rc == FANOS_OK && !isnan(c[C_BETA]))
        rc = fanos_optimizer_set(opt, "beta2", c[C_BETA]);
    return rc;
}

/* ---- trials of an experiment's methods -------------------------------- */

static size_t method_ntrials(const fanos_experiment *e, size_t m)
{
    size_t n = 0;
    const fanos_experiment_method *me = &e->methods[m];
    return fanos_tuning_ntrials(me->knobs, me->nknobs, e->trials, &n) ? 0 : n;
}

/* The lr of trial values v of method m (TU3): its lr or eta knob, else
 * the lr of its fixed settings, NaN without an lr. */
static int trial_lr(const fanos_experiment_method *m, const double *v,
                    double *lr)
{
    *lr = NAN;
    for (size_t j = 0; j < m->nknobs; j++)
        if (!strcmp(m->knobs[j].name, "lr") || !strcmp(m->knobs[j].name, "eta"))
            *lr = v[j];
    if (!isnan(*lr) || fanos_optimizer_type_param_index(m->type, "lr") < 0)
        return FANOS_OK;
    fanos_optimizer *opt;
    int rc = fanos_optimizer_alloc(&opt, m->type, 1);
    for (size_t i = 0; rc == FANOS_OK && i < m->nset; i++)
        rc = fanos_optimizer_set_text(opt, m->set_keys[i], m->set_vals[i]);
    if (rc == FANOS_OK)
        rc = fanos_optimizer_get(opt, "lr", lr);
    fanos_optimizer_free(opt);
    return rc;
}

/* Every trial of method m: *n rows of nknobs values in a new *values. */
static int method_trials(const fanos_experiment *e, size_t m, double **values,
                         size_t *n)
{
    const fanos_experiment_method *me = &e->methods[m];
    *values = NULL;
    int rc = fanos_tuning_ntrials(me->knobs, me->nknobs, e->trials, n);
    if (rc != FANOS_OK)
        return rc;
    const size_t len = *n * me->nknobs;
    if (!(*values = malloc((len ? len : 1) * sizeof **values)))
        return FANOS_ENOMEM;
    rc = fanos_tuning_trials(me->knobs, me->nknobs, e->trials, *values);
    if (rc != FANOS_OK) {
        free(*values);
        *values = NULL;
    }
    return rc;
}

int fanos_experiment_trial(const fanos_experiment *e, size_t method,
                           size_t trial, double *values, double *lr)
{
    if (!e || !lr)
        return FANOS_ENULL;
    if (method >= e->nmethods)
        return FANOS_EDIM;
    const fanos_experiment_method *m = &e->methods[method];
    if (m->nknobs && !values)
        return FANOS_ENULL;
    double *all;
    size_t n;
    int rc = method_trials(e, method, &all, &n);
    if (rc == FANOS_OK && trial >= n)
        rc = FANOS_ERANGE;
    if (rc == FANOS_OK) {
        memcpy(values, all + trial * m->nknobs, m->nknobs * sizeof *values);
        rc = trial_lr(m, values, lr);
    }
    free(all);
    return rc;
}

static int cmp_ulong(const void *a, const void *b)
{
    const unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return (x > y) - (x < y);
}

/* The index of the first evaluation seed that is also a tuning seed in
 * *at (SIZE_MAX: none); FANOS_ENOMEM.  The tuning seeds are sorted in a
 * copy (GSL) and each evaluation seed is looked up (bsearch): n log n,
 * where comparing every pair of two lists of a million is 10^12 steps. */
static int seeds_overlap(const fanos_experiment *e, size_t *at)
{
    const unsigned long *ev = e->seeds[FANOS_DRAWS_FRESH];
    const size_t nt = e->ntuning_seeds, ne = e->nseeds[FANOS_DRAWS_FRESH];
    *at = SIZE_MAX;
    if (!nt || !ne)
        return FANOS_OK;
    if (!e->tuning_seeds || !ev)
        return FANOS_ENULL;
    unsigned long *s = malloc(nt * sizeof *s);
    if (!s)
        return FANOS_ENOMEM;
    memcpy(s, e->tuning_seeds, nt * sizeof *s);
    gsl_sort_ulong(s, 1, nt);
    /* [TU9] A seed both in the tuning seeds and in the evaluation seeds is refused
     * (FANOS_ECONFLICT): both are fresh draws, and the best trial would be measured on a start
     * point that chose it. */
    for (size_t j = 0; j < ne && *at == SIZE_MAX; j++)
        if (bsearch(&ev[j], s, nt, sizeof *s, cmp_ulong))
            *at = j;
    free(s);
    return FANOS_OK;
}

/* The first knob of m at fault, or FANOS_OK. */
static int method_knobs_check(const fanos_experiment_method *m, size_t *knob)
{
    if (m->nknobs > FANOS_KNOBS_MAX || (m->nknobs && !m->knobs)) {
        *knob = 0;
        return m->knobs ? FANOS_EDIM : FANOS_ENULL;
    }
    for (size_t j = 0; j < m->nknobs; j++) {
        const fanos_knob *k = &m->knobs[j];
        int rc = knob_valid(k) ? FANOS_OK : FANOS_ERANGE;
        const size_t nv = k->scale == FANOS_KNOB_LIST ? k->nvalues : 2;
        for (size_t i = 0; rc == FANOS_OK && i < nv; i++)
            rc = fanos_tuning_knob_check(
                m->type, k->name,
                k->scale == FANOS_KNOB_LIST ? k->values[i] : i ? k->hi : k->lo);
        /* one name once, lr and eta not both, no knob also a fixed setting */
        for (size_t i = 0; rc == FANOS_OK && i < j; i++)
            if (!strcmp(m->knobs[i].name, k->name) ||
                (!strcmp(m->knobs[i].name, "lr") && !strcmp(k->name, "eta")) ||
                (!strcmp(m->knobs[i].name, "eta") && !strcmp(k->name, "lr")))
                rc = FANOS_ECONFLICT;
        for (size_t i = 0; rc == FANOS_OK && i < m->nset; i++)
            if (!strcmp(m->set_keys[i], k->name))
                rc = FANOS_ECONFLICT;
        if (rc != FANOS_OK) {
            *knob = j;
            return rc;
        }
    }
    return FANOS_OK;
}

int fanos_tuning_check(const fanos_experiment *e, size_t *method, size_t *knob)
{
    if (!e || !method || !knob)
        return FANOS_ENULL;
    *method = *knob = SIZE_MAX;
    if (!e->trials)
        return FANOS_OK;
    if (e->trials > FANOS_TRIALS_MAX)
        return FANOS_ERANGE;
    for (size_t m = 0; m < e->nmethods; m++) {
        int rc = method_knobs_check(&e->methods[m], knob);
        if (rc != FANOS_OK) {
            *method = m;
            return rc;
        }
    }
    size_t at;
    int rc = seeds_overlap(e, &at);
    if (rc == FANOS_OK && at != SIZE_MAX) {
        *knob = at;
        rc = FANOS_ECONFLICT;
    }
    return rc;
}

/* ---- plans and the choice ---------------------------------------------- */

static size_t nparam(const fanos_experiment *e)
{
    return e->naxis ? e->naxis : 1;
}

size_t fanos_tuning_nchoices(const fanos_experiment *e)
{
    return e ? e->nproblems * nparam(e) * e->nmethods : 0;
}

/* Append the runs of trial t (values v) of method m at (pr, p) over the
 * nseeds seeds of draws d to j[*k ...]. */
static int add_runs(const fanos_experiment *e, size_t pr, size_t p, size_t m,
                    size_t t, const double *v, fanos_draws d,
                    const unsigned long *seeds, size_t nseeds,
                    fanos_phase phase, fanos_experiment_run *j, size_t *k)
{
    double lr;
    int rc = trial_lr(&e->methods[m], v, &lr);
    for (size_t s = 0; rc == FANOS_OK && s < nseeds; s++)
        j[(*k)++] = (fanos_experiment_run){pr, p, d, m, lr, seeds[s], phase, t};
    return rc;
}

int fanos_tuning_plan(const fanos_experiment *e, fanos_experiment_run **runs,
                      size_t *nruns)
{
    size_t n = 0;
    for (size_t m = 0; m < e->nmethods; m++)
        n += method_ntrials(e, m) * e->ntuning_seeds;
    n *= e->nproblems * nparam(e);
    fanos_experiment_run *j = malloc((n ? n : 1) * sizeof *j);
    int rc = j ? FANOS_OK : FANOS_ENOMEM;
    size_t k = 0;
    for (size_t m = 0; rc == FANOS_OK && m < e->nmethods; m++) {
        double *v;
        size_t nt;
        const size_t nk = e->methods[m].nknobs;
        if ((rc = method_trials(e, m, &v, &nt)) != FANOS_OK)
            break;
        /* [TU6] The tuning plan: one run per problem, axis value, method, trial and tuning seed,
         * from fresh draws, with phase `tuning`. */
        for (size_t pr = 0; rc == FANOS_OK && pr < e->nproblems; pr++)
            for (size_t p = 0; rc == FANOS_OK && p < nparam(e); p++)
                for (size_t t = 0; rc == FANOS_OK && t < nt; t++)
                    rc = add_runs(e, pr, p, m, t, v + t * nk, FANOS_DRAWS_FRESH,
                                  e->tuning_seeds, e->ntuning_seeds,
                                  FANOS_PHASE_TUNING, j, &k);
        free(v);
    }
    if (rc != FANOS_OK) {
        free(j);
        return rc;
    }
    return fanos_experiment_sort_runs(e, j, k, runs, nruns);
}

static int same_run(const fanos_experiment_run *a, const fanos_experiment_run *b)
{
    return a->problem == b->problem && a->param == b->param &&
           a->draws == b->draws && a->method == b->method &&
           a->seed == b->seed && a->phase == b->phase && a->trial == b->trial;
}

int fanos_tuning_choose(const fanos_experiment *e,
                        const fanos_experiment_run *runs, size_t n,
                        const int *diverged, const double *final_loss,
                        size_t *best)
{
    if (!e || !best || (n && (!runs || !diverged || !final_loss)))
        return FANOS_ENULL;
    fanos_experiment_run *plan;
    size_t np;
    int rc = fanos_experiment_plan(e, &plan, &np);
    if (rc != FANOS_OK)
        return rc;
    rc = np == n && e->trials ? FANOS_OK : FANOS_EDIM;
    for (size_t i = 0; rc == FANOS_OK && i < n; i++)
        if (!same_run(&plan[i], &runs[i]))
            rc = FANOS_EDIM;
    free(plan);
    fanos_row_key *keys = malloc((n ? n : 1) * sizeof *keys);
    fanos_group *g = malloc((n ? n : 1) * sizeof *g);
    if (rc == FANOS_OK && (!keys || !g))
        rc = FANOS_ENOMEM;
    for (size_t i = 0; rc == FANOS_OK && i < n; i++)
        fanos_experiment_row_key(e, &runs[i], &keys[i]);
    fanos_stats_options so;
    fanos_stats_options_init(&so);
    so.resamples = 1;       /* only the means are used */
    size_t ng = 0;
    if (rc == FANOS_OK)
        rc = fanos_rows_group(keys, diverged, final_loss, 1, n, &so, g, &ng,
                              NULL);
    if (rc == FANOS_OK)
        rc = fanos_groups_mark_best(keys, g, ng);
    for (size_t i = 0; i < fanos_tuning_nchoices(e); i++)
        best[i] = FANOS_TRIAL_NONE;
    for (size_t i = 0; rc == FANOS_OK && i < ng; i++) {
        const fanos_experiment_run *r = &runs[g[i].first];
        if (g[i].best)
            best[(r->problem * nparam(e) + r->param) * e->nmethods + r->method] =
                r->trial;
    }
    free(keys);
    free(g);
    return rc;
}

int fanos_tuning_evaluation_plan(const fanos_experiment *e,
                                 const size_t *best,
                                 fanos_experiment_run **runs, size_t *nruns)
{
    if (!e || !best || !runs || !nruns)
        return FANOS_ENULL;
    *runs = NULL;
    *nruns = 0;
    const size_t most = fanos_tuning_nchoices(e) * (e->nseeds[0] + e->nseeds[1]);
    fanos_experiment_run *j = malloc((most ? most : 1) * sizeof *j);
    int rc = j ? FANOS_OK : FANOS_ENOMEM;
    size_t k = 0;
    double v[FANOS_KNOBS_MAX], lr;
    for (size_t pr = 0; rc == FANOS_OK && pr < e->nproblems; pr++)
        for (size_t p = 0; rc == FANOS_OK && p < nparam(e); p++)
            for (size_t m = 0; rc == FANOS_OK && m < e->nmethods; m++) {
                const size_t t = best[(pr * nparam(e) + p) * e->nmethods + m];
                if (t == FANOS_TRIAL_NONE)
                    continue;
                if (e->methods[m].nknobs > FANOS_KNOBS_MAX)
                    rc = FANOS_EDIM;
                if (rc == FANOS_OK)
                    rc = fanos_experiment_trial(e, m, t, v, &lr);
                /* [TU8] The evaluation plan: for each problem, axis value and method with a best
                 * trial, one run with that trial's settings per evaluation seed (fresh draws) and
                 * per reference seed (reference draws), with phase `evaluation`; a method without a
                 * best trial has no evaluation run. */
                for (int d = 0; rc == FANOS_OK && d < FANOS_DRAWS_COUNT; d++)
                    rc = add_runs(e, pr, p, m, t, v, (fanos_draws)d, e->seeds[d],
                                  e->nseeds[d], FANOS_PHASE_EVALUATION, j, &k);
            }
    if (rc != FANOS_OK) {
        free(j);
        return rc;
    }
    return fanos_experiment_sort_runs(e, j, k, runs, nruns);
}
