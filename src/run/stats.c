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
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
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
    gsl_rng_free(r);
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
