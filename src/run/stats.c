/* stats.c - statistics of repeated runs: moments, median, percentile
 * bootstrap CI of the mean, and the best-lr rule (doc/spec.md section 9). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "core/internal.h"

void fanos_stats_options_init(fanos_stats_options *opts)
{
    if (!opts)
        return;
    opts->resamples = 2000;
    opts->level = 0.95;
    opts->seed = 1;
}

static int options_valid(const fanos_stats_options *o)
{
    /* the seed + 1 of the bootstrap fits mt19937's 32-bit seed */
    return o->resamples >= 1 && o->level > 0 && o->level < 1 &&
           o->seed <= 4294967294UL;
}

/* The bootstrap means, sorted; boot has o->resamples entries and buf n. */
static void bootstrap_means(const double *x, size_t n,
                            const fanos_stats_options *o, gsl_rng *r,
                            double *buf, double *boot)
{
    /* [ST12] Bootstrap: $B = 2000$ resamples, each of $n$ indices drawn uniformly with replacement
     * (`gsl_rng_uniform_int`) from a GSL mt19937 generator seeded with $S + 1$ (GSL maps seed 0 to
     * its default 4357; $0 \le S \le 4294967294$, default $S = 1$) afresh for each group; $\bar
     * x^*_b$ is the mean of resample $b$. */
    gsl_rng_set(r, o->seed + 1);
    for (size_t b = 0; b < o->resamples; b++) {
        for (size_t i = 0; i < n; i++)
            buf[i] = x[gsl_rng_uniform_int(r, n)];
        boot[b] = gsl_stats_mean(buf, 1, n);
    }
    gsl_sort(boot, 1, o->resamples);
}

int fanos_stats_summarize(const double *x, size_t n,
                          const fanos_stats_options *opts,
                          fanos_stats_summary *out)
{
    if (!x || !out)
        return FANOS_ENULL;
    if (n == 0)
        return FANOS_EDIM;
    fanos_stats_options def;
    if (!opts) {
        fanos_stats_options_init(&def);
        opts = &def;
    }
    if (!options_valid(opts))
        return FANOS_ERANGE;
    if (fanos_any_nonfinite(x, n))
        return FANOS_ENONFINITE;
    /* gsl_rng_uniform_int draws below mt19937's range of 2^32 values */
    if (n > 4294967295UL)
        return FANOS_EDIM;
    double *sorted = malloc(n * sizeof *sorted);
    double *buf = malloc(n * sizeof *buf);
    double *boot = malloc(opts->resamples * sizeof *boot);
    gsl_rng *r = fanos_rng_alloc();
    int rc = FANOS_ENOMEM;
    if (sorted && buf && boot && r) {
        out->n = n;
        /* [ST9] $\bar x = \frac{1}{n} \sum_{i=1}^{n} x_i$ over the final losses $x_i$ of the runs
         * that did not diverge. */
        out->mean = gsl_stats_mean(x, 1, n);
        /* [ST10] $\sigma = \sqrt{\frac{1}{n} \sum_{i=1}^{n} (x_i - \bar x)^2}$ (ddof 0). */
        out->std = sqrt(gsl_stats_variance_with_fixed_mean(x, 1, n, out->mean));
        memcpy(sorted, x, n * sizeof *sorted);
        gsl_sort(sorted, 1, n);
        /* [ST11] Median: $x_{((n+1)/2)}$ of the sorted values for odd $n$,
         * $\frac{1}{2}\left(x_{(n/2)} + x_{(n/2+1)}\right)$ for even $n$. */
        out->median = gsl_stats_median_from_sorted_data(sorted, 1, n);
        bootstrap_means(x, n, opts, r, buf, boot);
        const double lo = (1.0 - opts->level) / 2, hi = (1.0 + opts->level) / 2;
        /* [ST13] CI $= [q_{(1-\ell)/2},\ q_{(1+\ell)/2}]$ with $\ell = 0.95$ and $q_p =
         * (1-\delta)\,\bar x^*_{[j]} + \delta\,\bar x^*_{[j+1]}$ over the sorted means (0-based),
         * $j = \lfloor (B-1)p \rfloor$, $\delta = (B-1)p - j$. */
        out->ci_lo = gsl_stats_quantile_from_sorted_data(boot, 1, opts->resamples, lo);
        out->ci_hi = gsl_stats_quantile_from_sorted_data(boot, 1, opts->resamples, hi);
        rc = FANOS_OK;
    }
    fanos_rng_free(r);
    free(boot);
    free(buf);
    free(sorted);
    return rc;
}

int fanos_stats_best_lr(const double *lr, const double *mean,
                        const size_t *n_ok, const size_t *n_diverged,
                        size_t m, size_t *best)
{
    if (!lr || !mean || !n_ok || !n_diverged || !best)
        return FANOS_ENULL;
    size_t b = m;
    for (size_t i = 0; i < m; i++) {
        if (isnan(lr[i]))
            return FANOS_ERANGE;
        if (n_diverged[i] != 0 || n_ok[i] == 0)
            continue;
        if (isnan(mean[i]))
            return FANOS_ERANGE;
        /* [ST14] Best lr per (experiment, problem, param, draws, method): the lowest mean among its
         * lrs with no diverged run; ties go to the smaller lr; none when every lr has a diverged
         * run. */
        if (b == m || mean[i] < mean[b] || (mean[i] == mean[b] && lr[i] < lr[b]))
            b = i;
    }
    *best = b;
    return FANOS_OK;
}

/* ---- groups of raw rows ------------------------------------------------- */

/* Summarise value v of the rows [first, end) that did not diverge. */
static int group_value(const int *diverged, const double *values,
                       size_t nvalues, size_t first, size_t end, size_t v,
                       const fanos_stats_options *opts, double *buf,
                       fanos_group *g)
{
    size_t n = 0;
    for (size_t i = first; i < end; i++) {
        const double x = values[i * nvalues + v];
        if (!diverged[i] && isfinite(x))
            buf[n++] = x;
    }
    g->n[v] = n;
    return n ? fanos_stats_summarize(buf, n, opts, &g->s[v]) : FANOS_OK;
}

int fanos_rows_group(const fanos_row_key *keys, const int *diverged,
                     const double *values, size_t nvalues, size_t n,
                     const fanos_stats_options *opts, fanos_group *groups,
                     size_t *ngroups, size_t *dup)
{
    if (!ngroups || (n && (!keys || !diverged || !values || !groups)))
        return FANOS_ENULL;
    if (nvalues == 0 || nvalues > FANOS_GROUP_VALUES_MAX)
        return FANOS_EDIM;
    /* the groups are made in a buffer of their own, and written only on
     * success */
    double *buf = malloc((n ? n : 1) * sizeof *buf);
    fanos_group *gs = malloc((n ? n : 1) * sizeof *gs);
    if (!buf || !gs) {
        free(buf);
        free(gs);
        *ngroups = 0;
        return FANOS_ENOMEM;
    }
    size_t k = 0;
    int rc = FANOS_OK;
    for (size_t i = 0, end; rc == FANOS_OK && i < n; i = end) {
        fanos_group *g = &gs[k++];
        memset(g, 0, sizeof *g);
        g->first = i;
        /* [ST20] `fanos_rows_group` groups rows sorted in the order of ST2 by (experiment, problem,
         * param, draws, method, lr) and summarises each value over the rows that did not diverge
         * and whose value is finite; two rows with the same key are an error;
         * `fanos_groups_mark_best` applies ST14 per (experiment, problem, param, draws, method) to
         * the first value. */
        /* [ST8] A group is the set of rows sharing (experiment, problem, param, draws, method, lr):
         * count $= n_{ok} + n_{div}$ and divergence rate $= n_{div} / \mathrm{count}$; the moments
         * use the $n = n_{ok}$ runs that did not diverge. */
        for (end = i; end < n && !fanos_row_key_cmp(&keys[i], &keys[end], 0);
             end++) {
            if (end > i && !fanos_row_key_cmp(&keys[end - 1], &keys[end], 1)) {
                if (dup)
                    *dup = end;
                rc = FANOS_ECONFLICT;
                break;
            }
            g->n_diverged += diverged[end] != 0;
        }
        g->count = end - i;
        for (size_t v = 0; rc == FANOS_OK && v < nvalues; v++)
            rc = group_value(diverged, values, nvalues, i, end, v, opts, buf,
                             g);
    }
    if (rc == FANOS_OK && k)    /* groups may be NULL when n is 0 */
        memcpy(groups, gs, k * sizeof *gs);
    free(buf);
    free(gs);
    *ngroups = rc == FANOS_OK ? k : 0;
    return rc;
}

/* The groups [a, b) of one method (same key but lr and trial) from a. */
static size_t method_end(const fanos_row_key *keys, const fanos_group *g,
                         size_t a, size_t ng)
{
    size_t b = a;
    while (b < ng) {
        fanos_row_key x = keys[g[a].first];
        x.lr = keys[g[b].first].lr;     /* compare everything but lr */
        x.trial = keys[g[b].first].trial;   /* and the trial */
        if (fanos_row_key_cmp(&x, &keys[g[b].first], 0))
            break;
        b++;
    }
    return b;
}

int fanos_groups_mark_best(const fanos_row_key *keys, fanos_group *groups,
                           size_t ng)
{
    if (ng && (!keys || !groups))
        return FANOS_ENULL;
    double *lr = malloc((ng ? ng : 1) * sizeof *lr);
    double *mean = malloc((ng ? ng : 1) * sizeof *mean);
    size_t *ok = malloc((ng ? ng : 1) * sizeof *ok);
    size_t *dv = malloc((ng ? ng : 1) * sizeof *dv);
    int rc = lr && mean && ok && dv ? FANOS_OK : FANOS_ENOMEM;
    for (size_t a = 0; rc == FANOS_OK && a < ng;) {
        const size_t b = method_end(keys, groups, a, ng);
        size_t best;
        for (size_t i = a; i < b; i++) {
            const fanos_group *g = &groups[i];
            const double l = keys[g->first].lr;
            lr[i - a] = isnan(l) ? 0.0 : l;     /* L-BFGS: no lr */
            ok[i - a] = g->count - g->n_diverged;
            mean[i - a] = ok[i - a] ? g->s[0].mean : NAN;
            dv[i - a] = g->n_diverged;
            groups[i].best = 0;
        }
        /* [TU7] The best trial per (experiment, problem, param, draws, method) of the tuning rows:
         * the lowest mean final loss among its trials with no diverged run; ties go to the smaller
         * lr, then to the smaller trial; none when every trial has a diverged run. */
        rc = fanos_stats_best_lr(lr, mean, ok, dv, b - a, &best);
        if (rc == FANOS_OK && best < b - a)
            groups[a + best].best = 1;
        a = b;
    }
    free(lr);
    free(mean);
    free(ok);
    free(dv);
    return rc;
}

/* The side of knob j of the best group a + bi among the groups [a, b)
 * (TU10): -1, +1 or 0; buf has room for b - a values. */
static signed char edge_side(const double *knobs, size_t nk, size_t a,
                             size_t b, size_t bi, size_t j, double *buf)
{
    const double v = knobs[(a + bi) * nk + j];
    size_t n = 0, distinct = 0, below = 0, above = 0;
    if (isnan(v))
        return 0;
    for (size_t i = a; i < b; i++)
        if (!isnan(knobs[i * nk + j]))
            buf[n++] = knobs[i * nk + j];
    gsl_sort(buf, 1, n);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || buf[i] != buf[i - 1]) {
            distinct++;
            below += buf[i] < v;
            above += buf[i] > v;
        }
    /* [TU10] Edge: a knob of a best setting (the best trial, or the best lr of an untuned method,
     * whose one knob is the lr) that takes at least 3 distinct values over the method's settings
     * is at its low (high) edge when fewer than a tenth of those distinct values are smaller
     * (larger) than its value; the summary names each such knob and its side. */
    if (distinct < 3)
        return 0;
    return 10 * below < distinct ? -1 : 10 * above < distinct ? 1 : 0;
}

int fanos_groups_mark_edges(const fanos_row_key *keys,
                            const fanos_group *groups, size_t ng,
                            const double *knobs, size_t nk, signed char *edge)
{
    if (ng && nk && (!keys || !groups || !knobs || !edge))
        return FANOS_ENULL;
    for (size_t i = 0; i < ng * nk; i++)
        edge[i] = 0;
    double *buf = malloc((ng ? ng : 1) * sizeof *buf);
    if (!buf)
        return FANOS_ENOMEM;
    for (size_t a = 0; a < ng && nk;) {
        const size_t b = method_end(keys, groups, a, ng);
        for (size_t i = a; i < b; i++)
            for (size_t j = 0; groups[i].best && j < nk; j++)
                edge[i * nk + j] = edge_side(knobs, nk, a, b, i - a, j, buf);
        a = b;
    }
    free(buf);
    return FANOS_OK;
}
