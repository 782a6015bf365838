/* params.c - parameter tables: range checks, strict parsing, range text. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"

int fanos_param_check(const fanos_param_info *info, double value)
{
    if (!info)
        return FANOS_ENULL;
    if (!isfinite(value))
        return FANOS_ERANGE;
    if (info->kind == FANOS_PARAM_BOOL)
        return (value == 0.0 || value == 1.0) ? FANOS_OK : FANOS_ERANGE;
    if (info->kind == FANOS_PARAM_SIZES || info->kind == FANOS_PARAM_PATH)
        return FANOS_ERANGE;        /* a list or a path has no single value */
    if ((info->kind == FANOS_PARAM_INT || info->kind == FANOS_PARAM_CHOICE) &&
        value != floor(value))
        return FANOS_ERANGE;
    if (info->lower_open ? !(value > info->lower) : !(value >= info->lower))
        return FANOS_ERANGE;
    if (info->upper_open ? !(value < info->upper) : !(value <= info->upper))
        return FANOS_ERANGE;
    return FANOS_OK;
}

/* Decimal text only: strtod would also take leading blanks, hexadecimal
 * ("0x10", which reads as a typo of 10) and "nan"/"inf".  An overflow is
 * out of range; an underflow gives the correctly rounded tiny value. */
int fanos_strtod_strict(const char *text, double *value)
{
    if (*text == '\0' || strchr(" \t\n\r\f\v", *text) ||
        strpbrk(text, "xXpP"))
        return FANOS_EPARSE;
    char *end;
    double v = strtod(text, &end);
    if (end == text || *end != '\0')
        return FANOS_EPARSE;
    if (!isfinite(v))
        return FANOS_ERANGE;
    *value = v;
    return FANOS_OK;
}

/* Index of text among the names (and aliases, "name|alias") of a choice,
 * or -1. */
static int choice_index(const fanos_param_info *info, const char *text)
{
    if (!info->choices)
        return -1;
    for (int i = 0; info->choices[i]; i++) {
        const char *c = info->choices[i];
        while (*c) {
            size_t len = strcspn(c, "|");
            if (strlen(text) == len && !strncmp(c, text, len))
                return i;
            c += len + (c[len] == '|');
        }
    }
    return -1;
}

int fanos_param_parse(const fanos_param_info *info, const char *text,
                      double *value)
{
    if (!info || !text || !value)
        return FANOS_ENULL;
    double v;
    if (info->kind == FANOS_PARAM_SIZES || info->kind == FANOS_PARAM_PATH)
        return FANOS_EPARSE;
    if (info->kind == FANOS_PARAM_CHOICE) {
        int i = choice_index(info, text);
        if (i < 0)
            return FANOS_EPARSE;
        v = (double)i;
    } else if (info->kind == FANOS_PARAM_BOOL) {
        if (!strcmp(text, "1") || !strcasecmp(text, "true"))
            v = 1.0;
        else if (!strcmp(text, "0") || !strcasecmp(text, "false"))
            v = 0.0;
        else
            return FANOS_EPARSE;
    } else {
        int rc = fanos_strtod_strict(text, &v);
        if (rc != FANOS_OK)
            return rc;
    }
    int rc = fanos_param_check(info, v);
    if (rc == FANOS_OK)
        *value = v;
    return rc;
}

static void bound_str(char *buf, size_t len, double b)
{
    if (isinf(b))
        snprintf(buf, len, "%sinf", b < 0 ? "-" : "");
    else
        snprintf(buf, len, "%.15g", b);
}

int fanos_param_range_str(const fanos_param_info *info, char *buf, size_t len)
{
    if (!info || !buf)
        return FANOS_ENULL;
    if (len == 0)
        return FANOS_EDIM;
    if (info->kind == FANOS_PARAM_BOOL) {
        snprintf(buf, len, "{0, 1}");
        return FANOS_OK;
    }
    if (info->kind == FANOS_PARAM_PATH) {
        snprintf(buf, len, "at most %d bytes", FANOS_PATH_PARAM_MAX);
        return FANOS_OK;
    }
    if (info->kind == FANOS_PARAM_CHOICE) {
        /* the names without their aliases: {more-thuente, strong-wolfe} */
        size_t k = 0;
        buf[0] = '\0';
        for (int i = 0; info->choices && info->choices[i]; i++)
            k += (size_t)snprintf(buf + (k < len ? k : len - 1),
                                  k < len ? len - k : 1, "%s%.*s",
                                  i ? ", " : "{",
                                  (int)strcspn(info->choices[i], "|"),
                                  info->choices[i]);
        snprintf(buf + (k < len ? k : len - 1), k < len ? len - k : 1, "}");
        return FANOS_OK;
    }
    char lo[32], hi[32];
    bound_str(lo, sizeof lo, info->lower);
    bound_str(hi, sizeof hi, info->upper);
    snprintf(buf, len, "%c%s, %s%c%s",
             info->lower_open || isinf(info->lower) ? '(' : '[', lo, hi,
             info->upper_open || isinf(info->upper) ? ')' : ']',
             info->kind == FANOS_PARAM_INT     ? " integer"
             : info->kind == FANOS_PARAM_SIZES ? " each"
                                               : "");
    return FANOS_OK;
}

int fanos_param_parse_sizes(const fanos_param_info *info, const char *text,
                            size_t *v, size_t *count)
{
    if (!info || !text || !v || !count)
        return FANOS_ENULL;
    if (info->kind != FANOS_PARAM_SIZES)
        return FANOS_EPARSE;
    size_t k = 0, w[FANOS_SIZES_MAX];
    int range = 0;
    for (const char *s = text;; s++) {
        char item[32];
        size_t len = strcspn(s, ",");
        if (len == 0 || len >= sizeof item || k == FANOS_SIZES_MAX ||
            strspn(s, "0123456789") != len)
            return FANOS_EPARSE;
        memcpy(item, s, len);
        item[len] = '\0';
        double d = strtod(item, NULL);
        if (fanos_param_check(&(fanos_param_info){.kind = FANOS_PARAM_INT,
                                                  .lower = info->lower,
                                                  .upper = info->upper,
                                                  .lower_open = info->lower_open,
                                                  .upper_open = info->upper_open},
                              d) != FANOS_OK)
            range = 1;
        w[k++] = range ? 0 : (size_t)d;
        s += len;
        if (*s == '\0')
            break;
    }
    if (range)
        return FANOS_ERANGE;
    memcpy(v, w, k * sizeof *w);
    *count = k;
    return FANOS_OK;
}

int fanos_param_default_str(const fanos_param_info *info, char *buf,
                            size_t len)
{
    if (!info || !buf)
        return FANOS_ENULL;
    if (len == 0)
        return FANOS_EDIM;
    if (info->kind == FANOS_PARAM_SIZES || info->kind == FANOS_PARAM_PATH)
        snprintf(buf, len, "%s", info->def_text ? info->def_text : "");
    else if (info->kind == FANOS_PARAM_CHOICE && info->choices)
        snprintf(buf, len, "%.*s",
                 (int)strcspn(info->choices[(int)info->def], "|"),
                 info->choices[(int)info->def]);
    else
        snprintf(buf, len, "%.15g", info->def);
    return FANOS_OK;
}

int fanos_real_str(char *buf, size_t len, double v)
{
    if (!buf)
        return FANOS_ENULL;
    if (len == 0)
        return FANOS_EDIM;
    if (isnan(v) || isinf(v)) {
        snprintf(buf, len, isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return FANOS_OK;
    }
    /* whole numbers (kappa, counts) without an exponent: 1000000, not 1e+06 */
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, len, "%.0f", v);
        return FANOS_OK;
    }
    char tmp[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*g", p, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    snprintf(buf, len, "%s", tmp);
    return FANOS_OK;
}
