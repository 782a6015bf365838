/* thermostat.c - the thermostat question (doc/spec.md section 15): does
 * FANoS's T_ema track its target T0 for some Q, rho_T and T0_max, and do
 * the settings that track reach lower losses?  A grid of production runs
 * (fanos_run), each run's temperatures read through the state fields
 * after every step, and the rules of the answer. */
#include <config.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "core/internal.h"

static double deviation(double t_ema, double t0)
{
    /* [TH1] The deviation of step $k$ is $d_k = \lvert \ln T_{ema,k} - \ln T_0(k) \rvert$, with
     * $T_{ema,k}$ the state after step $k$ ([F14]) and $T_0(k)$ the target of that step ([F2]),
     * when both are finite and $> 0$; otherwise $d_k = +\infty$. */
    if (t_ema > 0 && t0 > 0 && isfinite(t_ema) && isfinite(t0))
        return fabs(log(t_ema) - log(t0));
    return INFINITY;
}

/* The median of x[0..n) (n > 0), sorted in place. */
static double median_sorting(double *x, size_t n)
{
    gsl_sort(x, 1, n);
    return gsl_stats_median_from_sorted_data(x, 1, n);
}

/* TH2 with buf of n - n/2 doubles. */
static double tracking_into(const double *t_ema, const double *t0, size_t n,
                            double *buf)
{
    /* [TH2] The tracking of a run of $K$ steps is the median ([ST11]) of $d_k$ over its second
     * half, $k = \lfloor K/2 \rfloor + 1, \dots, K$; it lies in $[0, +\infty]$ and is never NaN. */
    const size_t first = n / 2;
    for (size_t k = first; k < n; k++)
        buf[k - first] = deviation(t_ema[k], t0[k]);
    return median_sorting(buf, n - first);
}

int fanos_thermostat_tracking(const double *T_ema, const double *T0,
                              size_t n, double *tracking)
{
    if (!T_ema || !T0 || !tracking)
        return FANOS_ENULL;
    if (n == 0)
        return FANOS_EDIM;
    double *buf = malloc((n - n / 2) * sizeof *buf);
    if (!buf)
        return FANOS_ENOMEM;
    *tracking = tracking_into(T_ema, T0, n, buf);
    free(buf);
    return FANOS_OK;
}

/* ---- the grid ---------------------------------------------------------- */

/* a * b into *out; 0 on overflow. */
static int mul_size(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a)
        return 0;
    *out = a * b;
    return 1;
}

int fanos_thermostat_grid_size(const fanos_thermostat_grid *g, size_t *nruns,
                               size_t *nsettings)
{
    if (!g || !nruns || !nsettings)
        return FANOS_ENULL;
    size_t per = 0, settings = 0, runs = 0;
    if (g->nproblems == 0 || g->nQ == 0 || g->nrho_T == 0 ||
        g->nT0_max == 0 || g->nseeds == 0 ||
        !mul_size(g->nQ, g->nrho_T, &per) || !mul_size(per, g->nT0_max, &per) ||
        !mul_size(per, g->nproblems, &settings) ||
        !mul_size(settings, g->nseeds, &runs))
        return FANOS_EDIM;
    *nruns = runs;
    *nsettings = settings;
    return FANOS_OK;
}

/* The settings of one problem. */
static size_t per_problem(const fanos_thermostat_grid *g)
{
    return g->nQ * g->nrho_T * g->nT0_max;
}

/* The (Q, rho_T, T0_max) of setting j of a problem, in the grid's order. */
static void setting_values(const fanos_thermostat_grid *g, size_t j,
                           double v[3])
{
    v[2] = g->T0_max[j % g->nT0_max];
    j /= g->nT0_max;
    v[1] = g->rho_T[j % g->nrho_T];
    v[0] = g->Q[j / g->nrho_T];
}

static int texts_ok(const char *const *k, const char *const *v, size_t n)
{
    if (n > 0 && (!k || !v))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!k[i] || !v[i])
            return 0;
    return 1;
}

/* The arguments that need no object: pointers, sizes, ranges. */
static int check_shape(const fanos_thermostat_grid *g,
                       const fanos_thermostat_row *rows, size_t nrows)
{
    size_t nruns, nsettings;
    if (!g || !rows)
        return FANOS_ENULL;
    if (!g->problems || !g->Q || !g->rho_T || !g->T0_max || !g->seeds)
        return FANOS_ENULL;
    int rc = fanos_thermostat_grid_size(g, &nruns, &nsettings);
    if (rc != FANOS_OK)
        return rc;
    if (nrows != nruns)
        return FANOS_EDIM;
    if (g->draws != FANOS_DRAWS_REFERENCE && g->draws != FANOS_DRAWS_FRESH)
        return FANOS_ERANGE;
    for (size_t i = 0; i < g->nproblems; i++) {
        const fanos_thermostat_problem *p = &g->problems[i];
        if (!p->name || !p->type || !texts_ok(p->set_keys, p->set_vals, p->nset) ||
            !texts_ok(p->opt_keys, p->opt_vals, p->nopt))
            return FANOS_ENULL;
        if (p->type->protocol != FANOS_PROTOCOL_RUN)
            return FANOS_ECONFLICT;
        if (p->budget == 0)
            return FANOS_EBUDGET;
        if (p->loop != FANOS_LOOP_BEFORE_LAST && p->loop != FANOS_LOOP_AFTER_LAST)
            return FANOS_ERANGE;
    }
    return FANOS_OK;
}

/* The problem p with its parameters, not set up. */
static int make_problem(const fanos_thermostat_problem *p, fanos_problem **out)
{
    fanos_problem *pr;
    int rc = fanos_problem_alloc(&pr, p->type);
    for (size_t i = 0; rc == FANOS_OK && i < p->nset; i++)
        rc = fanos_problem_set_text(pr, p->set_keys[i], p->set_vals[i]);
    if (rc == FANOS_OK)
        rc = fanos_problem_check(pr, NULL);
    if (rc == FANOS_OK && fanos_problem_size(pr) == 0)
        rc = FANOS_EDIM;
    if (rc != FANOS_OK) {
        fanos_problem_free(pr);
        return rc;
    }
    *out = pr;
    return FANOS_OK;
}

/* FANoS for n parameters with the settings of p and the values v of a
 * setting (Q, rho_T, T0_max), its rules checked. */
static int make_fanos(const fanos_thermostat_problem *p, size_t n,
                      const double v[3], fanos_optimizer **out)
{
    static const char *const grid_keys[3] = {"Q", "rho_T", "T0_max"};
    for (size_t i = 0; i < p->nopt; i++)
        for (size_t j = 0; j < 3; j++)
            if (!strcmp(p->opt_keys[i], grid_keys[j]))
                return FANOS_ECONFLICT;
    fanos_optimizer *o;
    int rc = fanos_optimizer_alloc(&o, fanos_optimizer_fanos, n);
    if (rc != FANOS_OK)
        return rc;
    for (size_t i = 0; rc == FANOS_OK && i < p->nopt; i++)
        rc = fanos_optimizer_set_text(o, p->opt_keys[i], p->opt_vals[i]);
    for (size_t j = 0; rc == FANOS_OK && j < 3; j++)
        rc = fanos_optimizer_set(o, grid_keys[j], v[j]);
    if (rc == FANOS_OK)
        rc = fanos_optimizer_check(o, NULL);
    if (rc != FANOS_OK) {
        fanos_optimizer_free(o);
        return rc;
    }
    *out = o;
    return FANOS_OK;
}

/* Every problem, every setting of it and the draws of every seed can be
 * made (*at: the first run of a seed whose draws fail). */
static int check_objects(const fanos_thermostat_grid *g, size_t *at)
{
    int rc = FANOS_OK;
    for (size_t i = 0; rc == FANOS_OK && i < g->nproblems; i++) {
        fanos_problem *pr;
        rc = make_problem(&g->problems[i], &pr);
        if (rc != FANOS_OK)
            break;
        const size_t n = fanos_problem_size(pr);
        for (size_t j = 0; rc == FANOS_OK && j < per_problem(g); j++) {
            double v[3];
            fanos_optimizer *o;
            setting_values(g, j, v);
            rc = make_fanos(&g->problems[i], n, v, &o);
            if (rc == FANOS_OK)
                fanos_optimizer_free(o);
        }
        double *x0 = rc == FANOS_OK ? malloc(n * sizeof *x0) : NULL;
        if (rc == FANOS_OK && !x0)
            rc = FANOS_ENOMEM;
        for (size_t s = 0; rc == FANOS_OK && s < g->nseeds; s++) {
            rc = fanos_problem_setup(pr, g->draws, g->seeds[s], g->dir, x0);
            if (rc != FANOS_OK)
                *at = i * per_problem(g) * g->nseeds + s;
        }
        free(x0);
        fanos_problem_free(pr);
    }
    return rc;
}

/* T_ema and T0 after every step of a run (on_step of fanos_run). */
typedef struct {
    double *t_ema, *t0;
    size_t cap;
} temperatures;

static int record(void *ctx, size_t step, double loss, const double *x,
                  size_t n, fanos_optimizer *opt)
{
    temperatures *t = ctx;
    (void)loss;
    (void)x;
    (void)n;
    if (step == 0 || step > t->cap)
        return FANOS_EDIM;
    int rc = fanos_optimizer_field_get(opt, "T_ema", &t->t_ema[step - 1], 1);
    if (rc == FANOS_OK)
        rc = fanos_optimizer_field_get(opt, "T0", &t->t0[step - 1], 1);
    return rc;
}

/* What the runs of one problem share. */
typedef struct {
    const fanos_thermostat_grid *g;
    size_t index;                   /* of the problem                  */
    fanos_problem *problem;
    size_t n;
    double *x0, *x;
    temperatures temps;
    double *buf;                    /* the second half of a run        */
    double param;
} problem_runs;

/* Set up the objective of seed from its draws, x0 its start point. */
static int setup(problem_runs *r, unsigned long seed)
{
    return fanos_problem_setup(r->problem, r->g->draws, seed, r->g->dir,
                               r->x0);
}

/* One run: setting v, seed, into row. */
static int one_run(problem_runs *r, const double v[3], unsigned long seed,
                   fanos_thermostat_row *row)
{
    const fanos_thermostat_problem *p = &r->g->problems[r->index];
    fanos_optimizer *o;
    int rc = make_fanos(p, r->n, v, &o);
    if (rc != FANOS_OK)
        return rc;
    fanos_run_options opts;
    fanos_run_options_init(&opts);
    opts.budget = p->budget;
    opts.loop = p->loop;
    opts.on_step = record;
    opts.cb_ctx = &r->temps;
    fanos_run_result res;
    memcpy(r->x, r->x0, r->n * sizeof *r->x);
    rc = fanos_run(fanos_problem_fdf, r->problem, r->n, r->x, o, &opts, &res);
    fanos_optimizer_free(o);
    if (rc != FANOS_OK)
        return rc;
    *row = (fanos_thermostat_row){r->index, r->param, v[0], v[1], v[2], seed,
                                  INFINITY, INFINITY, res.diverged,
                                  res.diverged_step, res.steps, res.seconds};
    /* [TH3] A run that diverged ([L4]) has tracking $+\infty$ and final loss $+\infty$, so that no
     * NaN enters a result and a diverged run ranks last in both. */
    if (!res.diverged && res.steps > 0) {
        row->final_loss = res.final_loss;
        row->tracking = tracking_into(r->temps.t_ema, r->temps.t0, res.steps,
                                      r->buf);
    }
    return FANOS_OK;
}

static void runs_free(problem_runs *r)
{
    fanos_problem_free(r->problem);
    free(r->x0);
    free(r->x);
    free(r->temps.t_ema);
    free(r->temps.t0);
    free(r->buf);
}

static int runs_init(problem_runs *r, const fanos_thermostat_grid *g, size_t i)
{
    *r = (problem_runs){g, i, NULL, 0, NULL, NULL, {NULL, NULL, 0}, NULL, NAN};
    int rc = make_problem(&g->problems[i], &r->problem);
    if (rc != FANOS_OK)
        return rc;
    const fanos_problem_type *t = g->problems[i].type;
    if (t->axis)
        fanos_problem_get(r->problem, t->axis, &r->param);
    const size_t budget = g->problems[i].budget;
    if (budget > SIZE_MAX / sizeof(double))
        return FANOS_ENOMEM;
    r->n = fanos_problem_size(r->problem);
    r->x0 = malloc(r->n * sizeof *r->x0);
    r->x = malloc(r->n * sizeof *r->x);
    r->temps = (temperatures){malloc(budget * sizeof(double)),
                              malloc(budget * sizeof(double)), budget};
    r->buf = malloc((budget - budget / 2) * sizeof *r->buf);
    if (!r->x0 || !r->x || !r->temps.t_ema || !r->temps.t0 || !r->buf)
        return FANOS_ENOMEM;
    return FANOS_OK;
}

/* The runs of problem i into rows[i * per * nseeds ...). */
static int problem_grid(const fanos_thermostat_grid *g, size_t i,
                        fanos_thermostat_row *rows, size_t *done,
                        size_t total, size_t *failed)
{
    problem_runs r;
    const size_t per = per_problem(g), base = i * per * g->nseeds;
    *failed = base;
    int rc = runs_init(&r, g, i);
    /* a problem trained in mini-batches moves its batches at every call,
     * so each of its runs starts from a setup of its own */
    const int batches = g->problems[i].type->batches != NULL;
    for (size_t s = 0; rc == FANOS_OK && s < g->nseeds; s++) {
        *failed = base + s;
        rc = batches ? FANOS_OK : setup(&r, g->seeds[s]);
        for (size_t j = 0; rc == FANOS_OK && j < per; j++) {
            const size_t at = base + j * g->nseeds + s;
            double v[3];
            setting_values(g, j, v);
            *failed = at;
            if (batches)
                rc = setup(&r, g->seeds[s]);
            if (rc == FANOS_OK)
                rc = one_run(&r, v, g->seeds[s], &rows[at]);
            if (rc == FANOS_OK && g->on_run) {
                int cb = g->on_run(g->cb_ctx, ++*done, total);
                rc = cb == 0 ? FANOS_OK : (cb < 0 ? cb : FANOS_EIO);
            }
        }
    }
    runs_free(&r);
    return rc;
}

int fanos_thermostat_grid_run(const fanos_thermostat_grid *g,
                              fanos_thermostat_row *rows, size_t nrows,
                              size_t *failed)
{
    size_t at = nrows, done = 0;
    int rc = check_shape(g, rows, nrows);
    if (rc == FANOS_OK)
        rc = check_objects(g, &at);
    /* [TH4] The grid runs FANoS once per combination of problem, $Q$, $\rho_T$, $T_{0,\max}$ and
     * seed, in this order with the seed fastest, each from the start point of its seed's draws
     * ([ST6]) with the problem's FANoS settings, budget and loop and the combination's $Q$,
     * $\rho_T$ and $T_{0,\max}$: the same run as `fanos_run` with those settings. */
    for (size_t i = 0; rc == FANOS_OK && i < g->nproblems; i++)
        rc = problem_grid(g, i, rows, &done, nrows, &at);
    if (rc != FANOS_OK && failed)
        *failed = at;
    return rc;
}

/* ---- the settings and the answer --------------------------------------- */

/* Index of the run of setting (rows[first .. first + m)) whose tracking is
 * closest to t, the first of equally close ones. */
static size_t median_run(const fanos_thermostat_row *rows, size_t first,
                         size_t m, double t)
{
    size_t best = first;
    double dbest = INFINITY;
    /* t is a median of the trackings (+inf for a diverged run), so some
     * run is at a finite distance: 0 when both are +inf */
    for (size_t s = first; s < first + m; s++) {
        const double r = rows[s].diverged ? INFINITY : rows[s].tracking;
        const double d = r == t ? 0 : fabs(r - t);
        if (d < dbest) {
            best = s;
            dbest = d;
        }
    }
    return best;
}

int fanos_thermostat_summarize(const fanos_thermostat_grid *g,
                               const fanos_thermostat_row *rows, size_t nrows,
                               fanos_thermostat_setting *settings,
                               size_t nsettings)
{
    size_t nruns, nset;
    if (!g || !rows || !settings || !g->Q || !g->rho_T || !g->T0_max)
        return FANOS_ENULL;
    int rc = fanos_thermostat_grid_size(g, &nruns, &nset);
    if (rc != FANOS_OK)
        return rc;
    if (nrows != nruns || nsettings != nset)
        return FANOS_EDIM;
    const size_t m = g->nseeds, per = per_problem(g);
    for (size_t k = 0; k < nset; k++)
        for (size_t s = k * m; s < (k + 1) * m; s++) {
            double v[3];
            setting_values(g, k % per, v);
            if (rows[s].problem != k / per || rows[s].Q != v[0] ||
                rows[s].rho_T != v[1] || rows[s].T0_max != v[2])
                return FANOS_ERANGE;
        }
    double *tr = malloc(m * sizeof *tr), *fl = malloc(m * sizeof *fl);
    rc = tr && fl ? FANOS_OK : FANOS_ENOMEM;
    for (size_t k = 0; rc == FANOS_OK && k < nset; k++) {
        const fanos_thermostat_row *r = &rows[k * m];
        fanos_thermostat_setting *st = &settings[k];
        *st = (fanos_thermostat_setting){r->problem, r->param, r->Q, r->rho_T,
                                         r->T0_max, m, 0, 0, 0, 0, 0};
        for (size_t s = 0; s < m; s++) {
            tr[s] = r[s].diverged ? INFINITY : r[s].tracking;
            fl[s] = r[s].diverged ? INFINITY : r[s].final_loss;
            st->diverged += r[s].diverged != 0;
        }
        /* [TH5] A setting, one combination of problem, $Q$, $\rho_T$ and $T_{0,\max}$, has the
         * median ([ST11]) over its seeds of the runs' tracking and of their final losses, and the
         * number of its runs that diverged. */
        st->tracking = median_sorting(tr, m);
        st->final_loss = median_sorting(fl, m);
        /* [TH6] A setting tracks when none of its runs diverged and its tracking is at most $\ln
         * 2$: in at least half of the steps of the second half, $T_{ema}$ is within a factor 2 of
         * $T_0$. */
        st->tracks = st->diverged == 0 && st->tracking <= FANOS_THERMOSTAT_TRACK_MAX;
        st->median_run = median_run(rows, k * m, m, st->tracking);
    }
    free(tr);
    free(fl);
    return rc;
}

/* a before b in the order of TH7: key 1, then key 2, then the index. */
static int before(double a1, double a2, double b1, double b2)
{
    return a1 < b1 || (a1 == b1 && a2 < b2);
}

/* TH8 over the settings of one problem with no diverged run. */
static double spearman(const fanos_thermostat_setting *s, size_t per,
                       double *x, double *y, double *work, size_t *ranked)
{
    size_t m = 0;
    for (size_t j = 0; j < per; j++)
        if (s[j].diverged == 0) {
            x[m] = s[j].tracking;
            y[m] = s[j].final_loss;
            m++;
        }
    *ranked = m;
    if (m < 3)
        return NAN;
    /* [TH8] The rank correlation of a problem is $\rho_S$ = `gsl_stats_spearman` of the tracking
     * and the final loss over its settings with no diverged run (tied values share their mean
     * rank; the ranks of the final loss are those of its logarithm); it is undefined with fewer
     * than 3 such settings or when a column is constant. */
    const double rho = gsl_stats_spearman(x, 1, y, 1, m, work);
    return isfinite(rho) ? rho : NAN;
}

static void answer_one(const fanos_thermostat_setting *s, size_t per,
                       size_t base, double *x, double *y, double *work,
                       fanos_thermostat_answer *a)
{
    *a = (fanos_thermostat_answer){s[0].problem, s[0].param, per, 0, 0,
                                   SIZE_MAX, SIZE_MAX, 0, NAN, 0,
                                   FANOS_THERMOSTAT_UNDEFINED};
    for (size_t j = 0; j < per; j++) {
        a->tracking += s[j].tracks != 0;
        if (s[j].diverged) {
            a->diverged++;
            continue;
        }
        /* [TH7] The best-tracking setting of a problem has the lowest tracking among its settings
         * with no diverged run, ties to the lower final loss, then to the first in the grid's
         * order; the lowest-loss setting the lowest final loss among them, ties to the lower
         * tracking, then to the first; none when every setting has a diverged run. The median run
         * of a setting is its run whose tracking is closest to the setting's, the first seed of
         * equally close ones. */
        if (a->best == SIZE_MAX ||
            before(s[j].tracking, s[j].final_loss, s[a->best - base].tracking,
                   s[a->best - base].final_loss))
            a->best = base + j;
        if (a->lowest == SIZE_MAX ||
            before(s[j].final_loss, s[j].tracking, s[a->lowest - base].final_loss,
                   s[a->lowest - base].tracking))
            a->lowest = base + j;
    }
    a->spearman = spearman(s, per, x, y, work, &a->ranked);
    /* [TH9] Verdicts, per problem: the thermostat tracks when at least one setting tracks
     * ([TH6]); better tracking goes with a lower final loss when $\rho_S \ge 0.5$, with a higher
     * one when $\rho_S \le -0.5$, with neither (no clear relation) when $\lvert \rho_S \rvert <
     * 0.5$, and the verdict is undefined when $\rho_S$ is. */
    a->tracks = a->tracking > 0;
    if (isnan(a->spearman))
        a->verdict = FANOS_THERMOSTAT_UNDEFINED;
    else if (a->spearman >= FANOS_THERMOSTAT_RHO_MIN)
        a->verdict = FANOS_THERMOSTAT_LOWER;
    else if (a->spearman <= -FANOS_THERMOSTAT_RHO_MIN)
        a->verdict = FANOS_THERMOSTAT_HIGHER;
    else
        a->verdict = FANOS_THERMOSTAT_NONE;
}

int fanos_thermostat_answers(const fanos_thermostat_grid *g,
                             const fanos_thermostat_setting *settings,
                             size_t nsettings,
                             fanos_thermostat_answer *answers,
                             size_t nanswers)
{
    size_t nruns, nset;
    if (!g || !settings || !answers)
        return FANOS_ENULL;
    int rc = fanos_thermostat_grid_size(g, &nruns, &nset);
    if (rc != FANOS_OK)
        return rc;
    if (nsettings != nset || nanswers != g->nproblems)
        return FANOS_EDIM;
    const size_t per = per_problem(g);
    for (size_t k = 0; k < nset; k++)
        if (settings[k].problem != k / per)
            return FANOS_ERANGE;
    double *x = malloc(per * sizeof *x), *y = malloc(per * sizeof *y);
    double *work = malloc(2 * per * sizeof *work);
    rc = x && y && work ? FANOS_OK : FANOS_ENOMEM;
    for (size_t i = 0; rc == FANOS_OK && i < g->nproblems; i++)
        answer_one(&settings[i * per], per, i * per, x, y, work, &answers[i]);
    free(x);
    free(y);
    free(work);
    return rc;
}

const char *fanos_thermostat_verdict_name(fanos_thermostat_verdict v)
{
    switch (v) {
    case FANOS_THERMOSTAT_UNDEFINED: return "undefined";
    case FANOS_THERMOSTAT_LOWER: return "lower";
    case FANOS_THERMOSTAT_NONE: return "none";
    case FANOS_THERMOSTAT_HIGHER: return "higher";
    }
    return NULL;
}
