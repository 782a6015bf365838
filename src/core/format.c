/* format.c - numbers and parameter conflicts as text: the shortest form
 * of a double that reads back as itself (every number of a result file),
 * and the sentence that explains a failed fanos_optimizer_check(). */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fanos.h"

int fanos_format_real(char *buf, size_t len, double v)
{
    if (!buf)
        return FANOS_ENULL;
    if (len == 0)
        return FANOS_EDIM;
    if (isnan(v)) {
        snprintf(buf, len, "nan");
        return FANOS_OK;
    }
    if (isinf(v)) {
        snprintf(buf, len, v > 0 ? "inf" : "-inf");
        return FANOS_OK;
    }
    /* whole numbers (kappa, counts) without an exponent: 1000000, not 1e+06 */
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, len, "%.0f", v);
        return FANOS_OK;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, len, "%.*g", p, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return FANOS_OK;
}

/* 1 when one of the keys (each "key" or "key=value") names the parameter. */
static int key_given(const char *name, const char *const *keys, size_t nkeys)
{
    size_t k = strlen(name);
    for (size_t i = 0; i < nkeys; i++)
        if (keys[i] && !strncmp(keys[i], name, k) &&
            (keys[i][k] == '=' || !keys[i][k]))
            return 1;
    return 0;
}

/* The given parameters but bad whose default alone ends the conflict, as
 * "k=v, k=v" into buf ("" for none).  Each is set to its default, checked
 * and put back. */
static void conflict_culprits(fanos_optimizer *opt, size_t bad,
                              const char *const *keys, size_t nkeys,
                              char *buf, size_t len)
{
    const fanos_optimizer_type *t = fanos_optimizer_get_type(opt);
    size_t used = 0, where;
    buf[0] = '\0';
    for (size_t i = 0; i < t->nparams; i++) {
        const char *name = t->params[i].name;
        double v;
        if (i == bad || !key_given(name, keys, nkeys) ||
            fanos_optimizer_get(opt, name, &v) != FANOS_OK ||
            fanos_optimizer_set(opt, name, t->params[i].def) != FANOS_OK)
            continue;
        int ends = fanos_optimizer_check(opt, &where) == FANOS_OK;
        fanos_optimizer_set(opt, name, v);
        char num[32];
        fanos_format_real(num, sizeof num, v);
        int w = ends ? snprintf(buf + used, len - used, "%s%s=%s",
                                used ? ", " : "", name, num) : 0;
        if (w < 0 || (size_t)w >= len - used) {
            buf[used] = '\0'; /* the names that fit */
            break;
        }
        used += (size_t)w;
    }
}

int fanos_optimizer_conflict_message(fanos_optimizer *opt, size_t bad,
                                     const char *const *keys, size_t nkeys,
                                     char *buf, size_t len)
{
    const fanos_optimizer_type *t = fanos_optimizer_get_type(opt);
    if (!t || !buf || (!keys && nkeys))
        return FANOS_ENULL;
    if (len == 0)
        return FANOS_EDIM;
    if (bad >= t->nparams)
        return FANOS_ERANGE;
    const fanos_param_info *p = &t->params[bad];
    double v = 0;
    char num[32], who[256];
    fanos_optimizer_get(opt, p->name, &v);
    fanos_format_real(num, sizeof num, v);
    /* the user's other settings that make the conflict; when the check
     * blamed a parameter the user left alone, they are the ones to name */
    conflict_culprits(opt, bad, keys, nkeys, who, sizeof who);
    char mine[64] = "";
    if (!key_given(p->name, keys, nkeys))
        snprintf(mine, sizeof mine, " (%s)",
                 v == p->def ? "its default" : "not set");
    if (!who[0])
        snprintf(buf, len, "%s=%s%s conflicts with the other parameters of "
                 "%s: %s", p->name, num, mine, t->name, p->help);
    else if (mine[0])
        snprintf(buf, len, "%s conflicts with %s=%s%s of %s: %s is the %s",
                 who, p->name, num, mine, t->name, p->name, p->help);
    else
        snprintf(buf, len, "%s=%s conflicts with %s of %s: %s is the %s",
                 p->name, num, who, t->name, p->name, p->help);
    return FANOS_OK;
}
