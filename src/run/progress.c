/* progress.c - the progress of a long task (a sweep's runs, a warm-up's
 * steps): elapsed time, the time left, and when a report is due
 * (doc/spec.md ST23).  The caller gives the clock and prints. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include "core/internal.h"

int fanos_progress_init(fanos_progress *p, size_t total, size_t done,
                        double interval, double now)
{
    if (!p)
        return FANOS_ENULL;
    if (done > total || !(interval >= 0) || !isfinite(interval) ||
        !isfinite(now))
        return FANOS_ERANGE;
    *p = (fanos_progress){total, done, done, now, now, interval};
    return FANOS_OK;
}

int fanos_progress_update(fanos_progress *p, size_t done, double now)
{
    if (!p)
        return 0;
    p->done = done < p->first ? p->first : done > p->total ? p->total : done;
    /* [ST23] A report of progress is due when at least the interval has passed since the last one
     * (or since the start) and when every unit is done; the time left after $d$ of $N$ units at $t$
     * seconds since the start, $d_0$ of them done before it, is $t\,(N - d)/(d - d_0)$, unknown
     * while $d = d_0$. */
    if (now - p->last >= p->interval || p->done == p->total) {
        p->last = now;
        return 1;
    }
    return 0;
}

double fanos_progress_eta(const fanos_progress *p, double now)
{
    if (!p || p->done <= p->first)
        return NAN;
    const double t = now - p->start;
    return (t > 0 ? t : 0) * (double)(p->total - p->done) /
           (double)(p->done - p->first);
}

/* m:ss, or h:mm:ss from an hour on; "?" for an unknown time. */
static int clock_text(char *buf, size_t len, double s)
{
    if (!isfinite(s) || s < 0 || s > 3.6e8)
        return snprintf(buf, len, "?");
    const unsigned long t = (unsigned long)(s + 0.5);
    if (t >= 3600)
        return snprintf(buf, len, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60,
                        t % 60);
    return snprintf(buf, len, "%lu:%02lu", t / 60, t % 60);
}

int fanos_progress_text(const fanos_progress *p, double now, char *buf,
                        size_t len)
{
    if (!p || !buf || !len)
        return FANOS_ENULL;
    char elapsed[32], left[32];
    clock_text(elapsed, sizeof elapsed, now - p->start);
    clock_text(left, sizeof left, fanos_progress_eta(p, now));
    if (p->done == p->total)
        snprintf(buf, len, "%zu/%zu, done in %s", p->done, p->total, elapsed);
    else
        snprintf(buf, len, "%zu/%zu, %s elapsed, ETA %s", p->done, p->total,
                 elapsed, left);
    return FANOS_OK;
}
