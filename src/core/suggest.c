/* suggest.c - the registered name closest to a name a user typed, for the
 * "did you mean" of the command's messages. */
#include <config.h>
#include <ctype.h>
#include <string.h>
#include "fanos.h"

/* Longest name compared; a longer one gets no suggestion. */
#define SUGGEST_MAX 128

static int lower(char c)
{
    return tolower((unsigned char)c);
}

/* Edit distance between a[0..m) and b[0..n), ASCII case ignored: an
 * insertion, a deletion, a substitution or the swap of two neighbours
 * (the optimal string alignment distance) counts one. */
static size_t distance(const char *a, size_t m, const char *b, size_t n)
{
    size_t row[3][SUGGEST_MAX + 1];
    size_t *prev2 = row[0], *prev = row[1], *cur = row[2];
    for (size_t j = 0; j <= n; j++)
        prev[j] = j;
    for (size_t i = 1; i <= m; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= n; j++) {
            const size_t cost = lower(a[i - 1]) != lower(b[j - 1]);
            size_t d = prev[j - 1] + cost;
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1]) && prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[n];
}

static int has_prefix(const char *s, const char *prefix, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!s[i] || lower(s[i]) != lower(prefix[i]))
            return 0;
    return 1;
}

const char *fanos_suggest(const char *name, const char *const *candidates,
                          size_t n)
{
    if (!name || !candidates)
        return NULL;
    const size_t len = strlen(name);
    if (len == 0 || len > SUGGEST_MAX)
        return NULL;
    /* the edits a name of this length may be away from its candidate */
    const size_t limit = len < 3 ? 0 : len < 6 ? 1 : len < 9 ? 2 : 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        const char *c = candidates[i];
        const size_t clen = c ? strlen(c) : 0;
        if (!c || clen > SUGGEST_MAX)
            continue;
        size_t d = distance(name, len, c, clen);
        /* the first letters of a longer name ("rms" for "rmsprop") */
        if (d > 1 && len >= 3 && has_prefix(c, name, len))
            d = 1;
        if (d < best_d) {
            best = c;
            best_d = d;
        }
    }
    return best;
}
