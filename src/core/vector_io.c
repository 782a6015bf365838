/* vector_io.c - reading a vector of numbers (the --x0 file). */
#include <config.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* One token text[0..len) as a finite number: in a small buffer, or a
 * copy on the heap for a long one (digits beyond double precision are
 * still a valid number). */
static int parse_token(const char *text, size_t len, double *v)
{
    char small[128];
    char *tok = len < sizeof small ? small : malloc(len + 1);
    if (!tok)
        return FANOS_ENOMEM;
    memcpy(tok, text, len);
    tok[len] = '\0';
    int rc = fanos_strtod_strict(tok, v) == FANOS_OK ? FANOS_OK : FANOS_EPARSE;
    if (tok != small)
        free(tok);
    return rc;
}

/* Where a bad token is: its line and column (bytes from the start of the
 * line, the byte order mark not counted) and its first bytes, cut before
 * a UTF-8 continuation byte so that the copy stays whole characters. */
static void note_bad(fanos_vector_error *err, const char *text, size_t start,
                     size_t len, size_t line, size_t line_start)
{
    if (!err)
        return;
    err->line = line;
    err->column = start - line_start + 1;
    err->length = len;
    size_t k = len < FANOS_VECTOR_SHOWN ? len : FANOS_VECTOR_SHOWN;
    while (k < len && k > 0 && ((unsigned char)text[start + k] & 0xC0) == 0x80)
        k--;
    memcpy(err->token, text + start, k);
    err->token[k] = '\0';
}

/* Numbers separated by blanks, commas or newlines; '#' starts a comment
 * that runs to the end of the line.  Every number must be finite. */
int fanos_parse_vector_ex(const char *text, size_t len, double *x, size_t n,
                          size_t *count, fanos_vector_error *err)
{
    if (!text || (!x && n) || !count)
        return FANOS_ENULL;
    size_t k = 0, ln = 1, i = 0, line_start = 0;
    if (err)
        memset(err, 0, sizeof *err);
    /* a byte order mark, as some editors on Windows write UTF-8 */
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        i = line_start = 3;
    while (i < len) {
        char c = text[i];
        if (c == '\n') {
            ln++;
            line_start = ++i;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' ||
            c == ',') {
            i++;
            continue;
        }
        if (c == '#') {
            while (i < len && text[i] != '\n')
                i++;
            continue;
        }
        size_t j = i;
        while (j < len && !strchr(" \t\r\n\v\f,#", text[j]) && text[j] != '\0')
            j++;
        double v;
        /* a NUL byte (j == i) or a token over the limit is not a number */
        int rc = j == i || j - i > FANOS_VECTOR_TOKEN_MAX
                     ? FANOS_EPARSE : parse_token(text + i, j - i, &v);
        if (rc != FANOS_OK) {
            note_bad(err, text, i, j == i ? 1 : j - i, ln, line_start);
            *count = k;
            return rc;
        }
        if (k < n)
            x[k] = v;
        k++;
        i = j;
    }
    *count = k;
    return k == n ? FANOS_OK : FANOS_EDIM;
}

int fanos_parse_vector(const char *text, size_t len, double *x, size_t n,
                       size_t *count, size_t *line)
{
    fanos_vector_error err;
    int rc = fanos_parse_vector_ex(text, len, x, n, count, &err);
    if (line && rc != FANOS_ENULL)
        *line = rc == FANOS_EPARSE ? err.line : 0;
    return rc;
}

int fanos_read_vector_ex(const char *path, double *x, size_t n, size_t *count,
                         fanos_vector_error *where)
{
    if (!path || (!x && n) || !count)
        return FANOS_ENULL;
    *count = 0;
    if (where)
        memset(where, 0, sizeof *where);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return FANOS_EIO; /* errno from fopen */
    size_t cap = 4096, len = 0;
    int err = 0;
    char *buf = malloc(cap);
    int rc = buf ? FANOS_OK : FANOS_ENOMEM;
    while (rc == FANOS_OK) {
        if (len == cap) {
            if (cap >= ((size_t)1 << 30)) { /* 1 GiB of text is not an x0 */
                rc = FANOS_EIO;
                err = EFBIG;
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                rc = FANOS_ENOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + len, 1, cap - len, fp);
        len += r;
        if (r == 0) {
            if (ferror(fp)) {
                rc = FANOS_EIO;
                err = errno ? errno : EIO;
            }
            break;
        }
    }
    fclose(fp);
    if (rc == FANOS_OK)
        rc = fanos_parse_vector_ex(buf, len, x, n, count, where);
    free(buf);
    if (rc == FANOS_EIO)
        errno = err; /* why, for the caller's message */
    return rc;
}

int fanos_read_vector(const char *path, double *x, size_t n, size_t *count,
                      size_t *line)
{
    fanos_vector_error err;
    int rc = fanos_read_vector_ex(path, x, n, count, &err);
    if (line && rc != FANOS_ENULL)
        *line = rc == FANOS_EPARSE ? err.line : 0;
    return rc;
}
