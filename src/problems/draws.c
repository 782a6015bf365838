/* draws.c - the reference pipeline's starting points (doc/reference.md section 11,
 * doc/spec.md section 7), read strictly from experiments/draws/. */
#include <config.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/internal.h"

/* The reference files are small (about 200 kB); anything much larger is
 * not one of them. */
#define DRAWS_MAX_BYTES ((size_t)16 << 20)

typedef struct {
    char *buf;
    size_t len;
    size_t pos;         /* start of the next line */
} text;

static int text_read(const char *path, text *t)
{
    memset(t, 0, sizeof *t);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return errno == ENOENT ? FANOS_EUNKNOWN : FANOS_EIO;
    size_t cap = 1 << 16;
    int rc = FANOS_OK;
    t->buf = malloc(cap + 1);
    while (rc == FANOS_OK && t->buf) {
        if (t->len == cap) {
            char *nb = cap < DRAWS_MAX_BYTES ? realloc(t->buf, 2 * cap + 1)
                                             : NULL;
            if (!nb) {
                rc = cap < DRAWS_MAX_BYTES ? FANOS_ENOMEM : FANOS_EDIM;
                break;
            }
            t->buf = nb;
            cap *= 2;
        }
        size_t r = fread(t->buf + t->len, 1, cap - t->len, fp);
        t->len += r;
        if (r == 0)
            rc = ferror(fp) ? FANOS_EIO : 1;
    }
    fclose(fp);
    if (!t->buf)
        return FANOS_ENOMEM;
    if (rc < 0) {
        free(t->buf);
        t->buf = NULL;
        return rc;
    }
    t->buf[t->len] = '\0';
    if (memchr(t->buf, '\0', t->len)) {     /* binary, not CSV text */
        free(t->buf);
        t->buf = NULL;
        return FANOS_EPARSE;
    }
    return FANOS_OK;
}

/* The next line (without its "\n" or "\r\n"), NUL-terminated in place;
 * NULL at the end.  A final newline does not start an empty last line. */
static char *text_line(text *t)
{
    if (t->pos >= t->len)
        return NULL;
    char *s = t->buf + t->pos;
    char *nl = memchr(s, '\n', t->len - t->pos);
    size_t l = nl ? (size_t)(nl - s) : t->len - t->pos;
    t->pos += l + (nl ? 1 : 0);
    s[l] = '\0';
    /* cppcheck-suppress knownConditionTrueFalse ; l is 0 on an empty line */
    if (l > 0 && s[l - 1] == '\r')
        s[l - 1] = '\0';
    return s;
}

/* One field of a line: the text up to the next comma, cut in place. */
static char *next_field(char **cursor)
{
    char *f = *cursor;
    if (!f)
        return NULL;
    char *c = strchr(f, ',');
    if (c) {
        *c = '\0';
        *cursor = c + 1;
    } else {
        *cursor = NULL;
    }
    return f;
}

/* A finite number filling the whole field (no blanks, no empty field). */
static int field_real(const char *f, double *v)
{
    if (!*f || strchr(" \t", *f))
        return FANOS_EPARSE;
    char *end;
    errno = 0;
    *v = strtod(f, &end);
    if (*end || !isfinite(*v) || errno == ERANGE)
        return FANOS_EPARSE;
    return FANOS_OK;
}

/* Exactly n numbers separated by commas, from the cursor to the line end:
 * FANOS_EPARSE for a bad field, FANOS_EDIM for another count. */
static int fields_real(char *cursor, double *out, size_t n)
{
    size_t k = 0;
    for (char *f; (f = next_field(&cursor)); k++) {
        double v;
        if (field_real(f, &v) != FANOS_OK)
            return FANOS_EPARSE;
        if (k < n)
            out[k] = v;
    }
    return k == n ? FANOS_OK : FANOS_EDIM;
}

static int field_seed(const char *f, unsigned long *seed)
{
    if (!*f || strspn(f, "0123456789") != strlen(f) || strlen(f) > 10)
        return FANOS_EPARSE;
    *seed = strtoul(f, NULL, 10);
    return FANOS_OK;
}

/* The header "seed,x0,...,x{n-1}". */
static int rosenbrock_header(char *line, size_t n)
{
    char *cur = line, *f = next_field(&cur);
    if (!f || strcmp(f, "seed"))
        return FANOS_EPARSE;
    size_t k = 0;
    for (; (f = next_field(&cur)); k++) {
        char want[32];
        snprintf(want, sizeof want, "x%zu", k);
        if (strcmp(f, want))
            return FANOS_EPARSE;
    }
    return k == n ? FANOS_OK : FANOS_EDIM;
}

/* Every row is checked, so a damaged file is noticed whichever seed is
 * asked for; the row of `seed` goes to x. */
static int rosenbrock_rows(text *t, unsigned long seed, double *x, size_t n,
                           double *row)
{
    int found = 0;
    for (char *line; (line = text_line(t));) {
        char *cur = line, *f = next_field(&cur);
        unsigned long s;
        if (field_seed(f, &s) != FANOS_OK)
            return FANOS_EPARSE;
        int rc = fields_real(cur, row, n);
        if (rc != FANOS_OK)
            return rc;
        if (s == seed) {
            if (found)              /* two rows for one seed */
                return FANOS_EPARSE;
            found = 1;
            memcpy(x, row, n * sizeof *row);
        }
    }
    return found ? FANOS_OK : FANOS_ERANGE;
}

int fanos_reference_rosenbrock_x0(const char *dir, unsigned long seed,
                                  double *x, size_t n)
{
    if (!dir || !x)
        return FANOS_ENULL;
    if (n != FANOS_REFERENCE_DIM)
        return FANOS_EDIM;
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/rosenbrock100_x0.csv", dir)
        >= sizeof path)
        return FANOS_EIO;
    text t;
    int rc = text_read(path, &t);
    if (rc == FANOS_EUNKNOWN)
        return FANOS_EIO;
    if (rc != FANOS_OK)
        return rc;
    double *row = malloc(2 * n * sizeof *row);
    char *header = text_line(&t);
    if (!row)
        rc = FANOS_ENOMEM;
    else if (!header)
        rc = FANOS_EDIM;
    else
        /* [D1] rosenbrock100_x0.csv: the header line seed,x0,...,x99, then one line per seed: the
         * seed and the 100 values of $x_0$ (float32 values widened to float64); the line whose seed
         * field equals the run's seed gives $x_0$. */
        rc = rosenbrock_header(header, n);
    if (rc == FANOS_OK)
        rc = rosenbrock_rows(&t, seed, row + n, n, row);
    if (rc == FANOS_OK)
        memcpy(x, row + n, n * sizeof *x);
    free(row);
    free(t.buf);
    return rc;
}

/* A missing quadratic_seed{S}.csv in a folder that exists means the seed
 * is not in the reference set; a folder that cannot be read is an I/O
 * error. */
static int missing_file_status(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return FANOS_EIO;
    closedir(d);
    return FANOS_ERANGE;
}

static int quadratic_lines(text *t, size_t d, double *x0, double *W)
{
    char *line = text_line(t);
    if (!line)
        return FANOS_EDIM;
    if (line[0] != '#')
        return FANOS_EPARSE;
    size_t k = 0;
    /* [D2] quadratic_seed{s}.csv: a comment line starting with #, then one line of the $d = 100$
     * values of $x_0$, then $d$ lines of $d$ values, the rows of $W$ in order. */
    for (; (line = text_line(t)); k++) {
        if (k > d)
            return FANOS_EDIM;
        int rc = fields_real(line, k == 0 ? x0 : W + (k - 1) * d, d);
        if (rc != FANOS_OK)
            return rc;
    }
    return k == d + 1 ? FANOS_OK : FANOS_EDIM;
}

int fanos_reference_quadratic(const char *dir, unsigned long seed, size_t d,
                              double *x0, double *W)
{
    if (!dir || !x0 || !W)
        return FANOS_ENULL;
    if (d != FANOS_REFERENCE_DIM)
        return FANOS_EDIM;
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/quadratic_seed%lu.csv", dir,
                         seed) >= sizeof path)
        return FANOS_EIO;
    text t;
    int rc = text_read(path, &t);
    /* [D3] Reading the draws: a missing or unreadable file or folder gives FANOS_EIO, a field that
     * is not a finite number or a line out of the layout above gives FANOS_EPARSE, a wrong count of
     * values or lines (or a size other than 100) gives FANOS_EDIM, and a seed absent from the
     * reference set gives FANOS_ERANGE; the outputs are written only on success. */
    if (rc == FANOS_EUNKNOWN)
        return missing_file_status(dir);
    if (rc != FANOS_OK)
        return rc;
    double *buf = malloc((d + d * d) * sizeof *buf);
    rc = buf ? quadratic_lines(&t, d, buf, buf + d) : FANOS_ENOMEM;
    if (rc == FANOS_OK) {
        memcpy(x0, buf, d * sizeof *x0);
        memcpy(W, buf + d, d * d * sizeof *W);
    }
    free(buf);
    free(t.buf);
    return rc;
}
