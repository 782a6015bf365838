/* resume.c - what a resumed sweep needs from an experiment: a canonical
 * text of everything its runs depend on, the fingerprint of that text,
 * and the runs of a plan still to do given the keys of those done
 * (doc/spec.md section 9, ST21 and ST22).  The journal file itself is the
 * command's (src/cli/journal.c). */
#include <config.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "core/internal.h"

/* The text grows in a buffer of the caller's; past its end only the
 * length is counted, as snprintf does. */
typedef struct {
    char *buf;
    size_t len, used;
} text_buf;

static void put(text_buf *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const size_t room = t->used < t->len ? t->len - t->used : 0;
    int w = vsnprintf(room ? t->buf + t->used : NULL, room, fmt, ap);
    va_end(ap);
    if (w > 0)
        t->used += (size_t)w;
}

/* A list of reals as hexadecimal floats, exact and locale-free. */
static void put_reals(text_buf *t, const char *key, const double *v, size_t n)
{
    put(t, "%s=", key);
    for (size_t i = 0; i < n; i++)
        put(t, "%s%a", i ? "," : "", v[i]);
    put(t, "\n");
}

static void put_settings(text_buf *t, const char *key, const char *const *k,
                         const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put(t, "%s=%s=%s\n", key, k[i], v[i]);
}

int fanos_experiment_describe(const fanos_experiment *e, char *buf,
                              size_t len, size_t *needed)
{
    if (!e || !needed || (!buf && len))
        return FANOS_ENULL;
    if (!e->name || !e->nproblems || !e->problems || !e->nmethods ||
        !e->methods)
        return FANOS_EDIM;
    text_buf t = {buf, len, 0};
    /* [ST21] The fingerprint of an experiment is the CRC-32 (zlib) of its canonical text: one
     * `key=value` line for the name, each problem, each problem setting, the axis values, budget,
     * loop, warmup_steps, polish_iterations, the lr grid and the seeds of each draws source, then
     * per method its name, optimizer, clip, settings and own lrs; reals as C99 hexadecimal floats
     * (`%a`); with mini-batches also epochs and eval_every, and of a tuned experiment the trials,
     * the tuning seeds and each method's knobs. */
    put(&t, "name=%s\n", e->name);
    for (size_t i = 0; i < e->nproblems; i++)
        put(&t, "problem=%s\n", e->problems[i] ? e->problems[i]->name : "");
    put_settings(&t, "problem.set", e->problem_keys, e->problem_vals,
                 e->nproblem_set);
    put_reals(&t, "axis", e->axis, e->naxis);
    put(&t, "budget=%zu\nloop=%d\nwarmup_steps=%zu\npolish_iterations=%zu\n",
        e->budget, (int)e->loop, e->warmup_steps, e->polish_iterations);
    put_reals(&t, "lr", e->lr, e->nlr);
    for (int d = 0; d < FANOS_DRAWS_COUNT; d++) {
        put(&t, "seeds.%s=", fanos_draws_name((fanos_draws)d));
        for (size_t i = 0; i < e->nseeds[d]; i++)
            put(&t, "%s%lu", i ? "," : "", e->seeds[d][i]);
        put(&t, "\n");
    }
    if (e->epochs || e->eval_every)
        put(&t, "epochs=%zu\neval_every=%zu\n", e->epochs, e->eval_every);
    /* [MB16] The canonical text of an experiment with a held-out target also holds the line
     * `target_loss=` and the target as a C99 hexadecimal float, after those of ST21's
     * mini-batches. */
    if (e->target_loss != 0)
        put(&t, "target_loss=%a\n", e->target_loss);
    if (e->trials) {
        put(&t, "trials=%zu\ntuning_seeds=", e->trials);
        for (size_t i = 0; i < e->ntuning_seeds; i++)
            put(&t, "%s%lu", i ? "," : "", e->tuning_seeds[i]);
        put(&t, "\n");
    }
    /* [TU15] The canonical text of a tuned experiment with a tuning warm-up also holds the line
     * `tuning_warmup_steps=` and its value, after those of ST21's tuned experiment. */
    if (e->tuning_warmup_steps)
        put(&t, "tuning_warmup_steps=%zu\n", e->tuning_warmup_steps);
    for (size_t m = 0; m < e->nmethods; m++) {
        const fanos_experiment_method *me = &e->methods[m];
        put(&t, "method=%s\nmethod.optimizer=%s\nmethod.clip=%a\n", me->name,
            me->type ? me->type->name : "", me->clip);
        put_settings(&t, "method.set", me->set_keys, me->set_vals, me->nset);
        if (me->lr)
            put_reals(&t, "method.lr", me->lr, me->nlr);
        for (size_t k = 0; me->knobs && k < me->nknobs; k++) {
            const fanos_knob *kb = &me->knobs[k];
            if (kb->scale == FANOS_KNOB_LIST) {
                char key[64];
                snprintf(key, sizeof key, "method.tune.%s",
                         kb->name ? kb->name : "");
                put_reals(&t, key, kb->values, kb->nvalues);
            } else {
                put(&t, "method.tune.%s=%s,%a,%a\n", kb->name ? kb->name : "",
                    kb->scale == FANOS_KNOB_LOG ? "log" : "linear", kb->lo, kb->hi);
            }
        }
    }
    *needed = t.used;
    return FANOS_OK;
}

int fanos_experiment_fingerprint(const fanos_experiment *e, uint32_t *crc)
{
    size_t n;
    if (!crc)
        return FANOS_ENULL;
    int rc = fanos_experiment_describe(e, NULL, 0, &n);
    char *buf = rc == FANOS_OK ? malloc(n + 1) : NULL;
    if (rc == FANOS_OK && !buf)
        rc = FANOS_ENOMEM;
    if (rc == FANOS_OK)
        rc = fanos_experiment_describe(e, buf, n + 1, &n);
    if (rc == FANOS_OK)
        *crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)buf,
                               (uInt)n);
    free(buf);
    return rc;
}

/* The index of key in the runs (sorted in the order of ST2), or nruns. */
static size_t find_run(const fanos_experiment *e,
                       const fanos_experiment_run *runs, size_t nruns,
                       const fanos_row_key *key)
{
    size_t lo = 0, hi = nruns;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        fanos_row_key k;
        fanos_experiment_row_key(e, &runs[mid], &k);
        const int c = fanos_row_key_cmp(&k, key, 1);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return nruns;
}

int fanos_experiment_missing(const fanos_experiment *e,
                             const fanos_experiment_run *runs, size_t nruns,
                             const fanos_row_key *done, size_t ndone,
                             size_t *slot, size_t *missing, size_t *nmissing,
                             size_t *bad)
{
    if (!e || (!runs && nruns) || (!done && ndone) || (!slot && ndone) ||
        (!missing && nruns) || !nmissing)
        return FANOS_ENULL;
    *nmissing = 0;
    for (size_t i = 1; i < nruns; i++) {   /* the plan is in ST2 order */
        fanos_row_key a, b;
        fanos_experiment_row_key(e, &runs[i - 1], &a);
        fanos_experiment_row_key(e, &runs[i], &b);
        if (fanos_row_key_cmp(&a, &b, 1) >= 0)
            return FANOS_ERANGE;
    }
    unsigned char *seen = calloc(nruns ? nruns : 1, 1);
    if (!seen)
        return FANOS_ENOMEM;
    int rc = FANOS_OK;
    /* [ST22] The runs still to do of a plan (or shard) are, in the plan's order, those whose key
     * is not among the keys of the runs done; a done key that is not a run of the plan, or that is
     * given twice, is an error. */
    for (size_t i = 0; i < ndone && rc == FANOS_OK; i++) {
        slot[i] = find_run(e, runs, nruns, &done[i]);
        if (slot[i] == nruns || seen[slot[i]]) {
            rc = slot[i] == nruns ? FANOS_EUNKNOWN : FANOS_ECONFLICT;
            if (bad)
                *bad = i;
        } else {
            seen[slot[i]] = 1;
        }
    }
    for (size_t i = 0; i < nruns && rc == FANOS_OK; i++)
        if (!seen[i])
            missing[(*nmissing)++] = i;
    free(seen);
    return rc;
}

/* The first line of every journal, before the experiment's name. */
static const char journal_head[] = "#fanos-journal,1,";

int fanos_journal_identity(const fanos_experiment *e, size_t k,
                           size_t nshards, char *buf, size_t len)
{
    uint32_t crc;
    if (!buf && len)
        return FANOS_ENULL;
    if (k < 1 || k > nshards)
        return FANOS_ERANGE;
    int rc = fanos_experiment_fingerprint(e, &crc);
    if (rc == FANOS_OK)
        snprintf(buf, len, "%s%s,%08" PRIx32 ",%zu/%zu\n", journal_head,
                 e->name, crc, k, nshards);
    return rc;
}

int fanos_journal_scan(const char *text, size_t len, const char *identity,
                       size_t *start, size_t *end)
{
    if ((!text && len) || !identity || !start || !end)
        return FANOS_ENULL;
    const size_t n = strlen(identity), head = sizeof journal_head - 1;
    const char *nl = text ? memchr(text, '\n', len) : NULL;
    const size_t first = nl ? (size_t)(nl - text) + 1 : len;
    const char *shard = strrchr(identity, ',');
    *start = *end = 0;
    if (!nl && len <= n && !memcmp(text, identity, len))
        return FANOS_OK;            /* empty, or cut while it was made */
    if (first == n && !memcmp(text, identity, n)) {
        size_t e = len;
        while (e > n && text[e - 1] != '\n')
            e--;                    /* an unfinished last line is left out */
        *start = n;
        *end = e;
        return FANOS_OK;
    }
    if (shard && first > (size_t)(shard - identity) &&
        !memcmp(text, identity, (size_t)(shard - identity) + 1))
        return FANOS_ERANGE;        /* the same experiment, another shard */
    return first > head && !memcmp(text, journal_head, head) ? FANOS_EUNKNOWN
                                                              : FANOS_EPARSE;
}
