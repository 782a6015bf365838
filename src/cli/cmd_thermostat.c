/* cmd_thermostat.c - `fanos thermostat FILE.ini`: the thermostat question
 * (doc/spec.md section 15).  Reads the grid file (inih), hands the grid to
 * the library (fanos_thermostat_grid_run, _summarize, _answers) and writes
 * its runs, settings and answers as CSV files, each whole or not at all. */
#include <config.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <ini.h>
#include "cli.h"

#define TH_MAX 256              /* sections, entries, list items */

typedef struct {
    char *sec, *key, *val;
    size_t line;
} th_entry;

typedef struct {
    const char *path;
    FILE *fp;
    size_t line;                /* lines read so far */
    char *secs[TH_MAX];
    size_t sec_line[TH_MAX], nsecs;
    th_entry e[TH_MAX];
    size_t ne;
    char err[1024];             /* the first error, "" for none */
    int reported;               /* it was printed already */
} th_file;

/* Everything the grid points at. */
typedef struct {
    fanos_thermostat_problem p[TH_MAX];
    char *pkeys[TH_MAX][16], *pvals[TH_MAX][16];
    char *okeys[TH_MAX][32], *ovals[TH_MAX][32];
    size_t np;
    size_t set_line[TH_MAX];    /* of each problem's set (or section) */
    char *section[TH_MAX];      /* and its section, for messages */
    size_t seeds_line;
    double Q[TH_MAX], rho[TH_MAX], T0[TH_MAX];
    unsigned long seeds[TH_MAX];
    fanos_thermostat_grid g;
    char **strings;             /* every copy made, to free */
    size_t nstrings;
} th_grid;

static void th_fail(th_file *f, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void th_fail(th_file *f, size_t line, const char *fmt, ...)
{
    if (f->err[0])
        return;
    int k = snprintf(f->err, sizeof f->err, "%s:%zu: ", f->path, line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->err + k, sizeof f->err - (size_t)k, fmt, ap);
    va_end(ap);
}

/* inih's reader: counts lines, refuses long and indented ones and NUL
 * bytes, skips a UTF-8 byte order mark, records the sections. */
static char *th_read_line(char *str, int num, void *stream)
{
    th_file *f = stream;
    int ch = EOF, k = 0, nul = 0;
    while (k < num - 1 && (ch = fgetc(f->fp)) != EOF) {
        nul |= ch == '\0';
        str[k++] = (char)ch;
        if (ch == '\n')
            break;
    }
    if (k == 0)
        return NULL;
    str[k] = '\0';
    f->line++;
    if (f->line == 1 && k >= 3 && !memcmp(str, "\xEF\xBB\xBF", 3))
        memmove(str, str + 3, (size_t)k - 2);
    if (nul)
        th_fail(f, f->line, "a NUL byte; accepted: a text file");
    else if (str[k - 1] != '\n' && ch != EOF && (ch = fgetc(f->fp)) != '\n' &&
             ch != EOF)
        th_fail(f, f->line, "line longer than %d characters", num - 1);
    else if ((str[0] == ' ' || str[0] == '\t') && str[strspn(str, " \t\r\n")] &&
             !strchr(";#", str[strspn(str, " \t")]))
        th_fail(f, f->line, "indented line: keys and sections start at "
                "column 1");
    else if (str[0] == '[' && f->nsecs == TH_MAX)
        th_fail(f, f->line, "more than %d sections", TH_MAX);
    else if (str[0] == '[') {
        char *end = strchr(str, ']');
        if (end) {
            char *name = strndup(str + 1, (size_t)(end - str - 1));
            for (size_t i = 0; name && i < f->nsecs; i++)
                if (!strcmp(f->secs[i], name))
                    th_fail(f, f->line, "section [%s] appears twice (first at "
                            "line %zu)", name, f->sec_line[i]);
            f->sec_line[f->nsecs] = f->line;
            f->secs[f->nsecs++] = name;
        }
    }
    return str;
}

static int th_entry_cb(void *user, const char *sec, const char *key,
                       const char *val)
{
    th_file *f = user;
    if (!*sec) {
        th_fail(f, f->line, "%s = %s: a key outside a section; start the file "
                "with [thermostat]", key, val);
        return 0;
    }
    for (size_t i = 0; i < f->ne; i++)
        if (!strcmp(f->e[i].sec, sec) && !strcmp(f->e[i].key, key)) {
            th_fail(f, f->line, "[%s] %s: duplicated key (first at line %zu)",
                    sec, key, f->e[i].line);
            return 0;
        }
    if (f->ne == TH_MAX) {
        th_fail(f, f->line, "more than %d keys", TH_MAX);
        return 0;
    }
    th_entry e = {strdup(sec), strdup(key), strdup(val), f->line};
    if (!e.sec || !e.key || !e.val) {
        free(e.sec);
        free(e.key);
        free(e.val);
        th_fail(f, f->line, "out of memory");
        return 0;
    }
    f->e[f->ne++] = e;
    return 1;
}

static void th_file_free(th_file *f)
{
    for (size_t i = 0; i < f->nsecs; i++)
        free(f->secs[i]);
    for (size_t i = 0; i < f->ne; i++) {
        free(f->e[i].sec);
        free(f->e[i].key);
        free(f->e[i].val);
    }
}

static const th_entry *th_find(const th_file *f, const char *sec,
                               const char *key)
{
    for (size_t i = 0; i < f->ne; i++)
        if (!strcmp(f->e[i].sec, sec) && !strcmp(f->e[i].key, key))
            return &f->e[i];
    return NULL;
}

static void th_bad(th_file *f, const th_entry *e, const char *what,
                   const char *accepted)
{
    th_fail(f, e->line, "[%s] %s = %s: %s; accepted: %s", e->sec, e->key,
            e->val, what, accepted);
}

/* The comma-separated items of a value, trimmed, into a copy (free it). */
static char *th_items(th_file *f, const th_entry *e, char **item, size_t *n,
                      const char *accepted)
{
    char *copy = strdup(e->val);
    *n = 0;
    if (!copy)
        th_fail(f, e->line, "out of memory");
    for (char *p = copy, *next; p; p = next) {
        next = strchr(p, ',');
        if (next)
            *next++ = '\0';
        while (isspace((unsigned char)*p))
            p++;
        for (char *q = p + strlen(p); q > p && isspace((unsigned char)q[-1]);)
            *--q = '\0';
        if (!*p || *n == TH_MAX) {
            th_bad(f, e, *n == TH_MAX ? "more than 256 items" : "an empty item",
                   accepted);
            free(copy);
            return NULL;
        }
        item[(*n)++] = p;
    }
    return copy;
}

/* A list of distinct values of FANoS parameter name. */
static int th_values(th_file *f, const char *key, double *v, size_t *n)
{
    const th_entry *e = th_find(f, "thermostat", key);
    const fanos_param_info *info = &fanos_optimizer_fanos->params[
        fanos_optimizer_type_param_index(fanos_optimizer_fanos, key)];
    char range[96], accepted[160], *item[TH_MAX];
    fanos_param_range_str(info, range, sizeof range);
    snprintf(accepted, sizeof accepted, "a comma-separated list of distinct "
             "numbers in %s", range);
    if (!e) {
        th_fail(f, f->sec_line[0], "[thermostat] %s: missing; accepted: %s",
                key, accepted);
        return -1;
    }
    char *copy = th_items(f, e, item, n, accepted);
    for (size_t i = 0; copy && i < *n; i++) {
        char what[160];
        snprintf(what, sizeof what, "'%s' is not a number in %s", item[i], range);
        if (fanos_param_parse(info, item[i], &v[i]) != FANOS_OK)
            th_bad(f, e, what, accepted);
        for (size_t j = 0; j < i; j++)
            if (v[j] == v[i]) {
                snprintf(what, sizeof what, "'%s' is listed twice", item[i]);
                th_bad(f, e, what, accepted);
            }
    }
    free(copy);
    return f->err[0] ? -1 : 0;
}

#define SEEDS_RULE "a comma-separated list of seeds and ranges A..B, " \
                   "integers in [0, 4294967294], each once, at most 256"

static int th_seeds(th_file *f, th_grid *t)
{
    const th_entry *e = th_find(f, "thermostat", "seeds");
    char *item[TH_MAX];
    size_t n, m = 0;
    if (!e) {
        th_fail(f, f->sec_line[0], "[thermostat] seeds: missing; accepted: "
                SEEDS_RULE);
        return -1;
    }
    t->seeds_line = e->line;
    char *copy = th_items(f, e, item, &n, SEEDS_RULE);
    for (size_t i = 0; copy && i < n && !f->err[0]; i++) {
        unsigned long long a, b;
        char *dots = strstr(item[i], "..");
        if (dots)
            *dots = '\0';
        int bad = cli_parse_size(item[i], 0, 4294967294ULL, &a) ||
                  cli_parse_size(dots ? dots + 2 : item[i], 0, 4294967294ULL,
                                 &b) || a > b || b - a >= TH_MAX - m;
        for (unsigned long long s = a; !bad && s <= b; s++) {
            for (size_t j = 0; j < m; j++)
                bad |= t->seeds[j] == s;
            t->seeds[m++] = (unsigned long)s;
        }
        if (dots)
            *dots = '.';
        if (bad) {
            char what[160];
            snprintf(what, sizeof what, "'%s' is not a new seed or range A..B "
                     "(A <= B)", item[i]);
            th_bad(f, e, what, SEEDS_RULE);
        }
    }
    free(copy);
    t->g.seeds = t->seeds;
    t->g.nseeds = m;
    return f->err[0] ? -1 : 0;
}

/* A copy of s that lives as long as t (NULL when out of memory: the
 * library then refuses the grid). */
static char *th_keep(th_grid *t, const char *s)
{
    char **v = realloc(t->strings, (t->nstrings + 1) * sizeof *v);
    char *c = v ? strdup(s) : NULL;
    if (v)
        t->strings = v;
    if (c)
        t->strings[t->nstrings++] = c;
    return c;
}

/* set = k=v, ...: FANoS settings (not the grid's three). */
static int th_set(th_file *f, const th_entry *e, th_grid *t,
                  fanos_thermostat_problem *p, size_t k)
{
    char *item[TH_MAX];
    size_t n;
    const char *accepted = "a comma-separated list of key=value of FANoS "
                           "parameters (fanos params fanos) but Q, rho_T and "
                           "T0_max, which the grid sets";
    char *copy = th_items(f, e, item, &n, accepted);
    for (size_t i = 0; copy && i < n && !f->err[0]; i++) {
        char *eq = strchr(item[i], '='), what[256];
        if (eq)
            *eq = '\0';
        char *key = item[i], *val = eq ? eq + 1 : NULL;
        for (char *q = key + strlen(key); q > key && isspace((unsigned char)q[-1]);)
            *--q = '\0';
        while (val && isspace((unsigned char)*val))
            val++;
        int idx = fanos_optimizer_type_param_index(fanos_optimizer_fanos, key);
        double v;
        if (!val || idx < 0 || i >= 32 || !strcmp(key, "Q") ||
            !strcmp(key, "rho_T") || !strcmp(key, "T0_max")) {
            const char *names[32];
            size_t nn = 0;
            char hint[96] = "";
            for (size_t j = 0; j < fanos_optimizer_fanos->nparams && nn < 32; j++)
                names[nn++] = fanos_optimizer_fanos->params[j].name;
            if (idx < 0)
                cli_did_you_mean(hint, sizeof hint, key, names, nn);
            snprintf(what, sizeof what, "'%s%s' is no FANoS setting here%s",
                     key, val ? "=..." : "", hint);
            th_bad(f, e, what, accepted);
            break;
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(t->okeys[k][j], key)) {
                snprintf(what, sizeof what, "%s is set twice", key);
                th_bad(f, e, what, "each key at most once");
            }
        if (f->err[0])
            break;
        const fanos_param_info *info = &fanos_optimizer_fanos->params[idx];
        if (fanos_param_parse(info, val, &v) != FANOS_OK) {
            char acc[160], range[96];
            fanos_param_range_str(info, range, sizeof range);
            snprintf(what, sizeof what, "%s=%s is not valid", key, val);
            snprintf(acc, sizeof acc, "%s in %s", key, range);
            th_bad(f, e, what, acc);
            break;
        }
        t->okeys[k][i] = th_keep(t, key);
        t->ovals[k][i] = th_keep(t, val);
        p->nopt = i + 1;
    }
    free(copy);
    return f->err[0] ? -1 : 0;
}

static const char *const th_problem_keys[] = {"problem", "budget", "loop",
                                              "set"};

/* A key of [problem NAME] that is none of th_problem_keys: a parameter of
 * type t (into pk/pv, or *axis for the type's axis), else an error. */
static void th_problem_param(th_file *f, const th_entry *e,
                             const fanos_problem_type *t, const th_entry **axis,
                             char **pk, char **pv, size_t *np)
{
    if (fanos_problem_type_param_index(t, e->key) >= 0 && *np < 16) {
        if (t->axis && !strcmp(e->key, t->axis)) {
            *axis = e;
        } else {
            pk[*np] = e->key;
            pv[(*np)++] = e->val;
        }
        return;
    }
    const char *names[4 + 64];
    size_t n = 0;
    char acc[1024] = "", hint[96], what[160];
    for (size_t j = 0; j < 4; j++)
        names[n++] = th_problem_keys[j];
    for (size_t j = 0; j < t->nparams && n < 68; j++)
        names[n++] = t->params[j].name;
    for (size_t j = 0; j < n; j++)
        snprintf(acc + strlen(acc), sizeof acc - strlen(acc), "%s%s",
                 j ? ", " : "", names[j]);
    snprintf(what, sizeof what, "unknown key%s",
             cli_did_you_mean(hint, sizeof hint, e->key, names, n));
    th_bad(f, e, what, acc);
}

/* budget, loop and the parameters of [problem NAME] into base. */
static void th_problem_keys_read(th_file *f, size_t sec,
                                 fanos_thermostat_problem *base,
                                 const th_entry **axis, char **pk, char **pv,
                                 size_t *np)
{
    for (size_t i = 0; i < f->ne && !f->err[0]; i++) {
        const th_entry *e = &f->e[i];
        unsigned long long b;
        if (strcmp(e->sec, f->secs[sec]) || !strcmp(e->key, "problem") ||
            !strcmp(e->key, "set"))
            continue;
        if (!strcmp(e->key, "budget")) {
            if (cli_parse_size(e->val, 1, 1000000000ULL, &b))
                th_bad(f, e, "not an integer in range", "an integer in [1, 1e9]");
            base->budget = (size_t)b;
        } else if (!strcmp(e->key, "loop")) {
            if (strcmp(e->val, "before-last") && strcmp(e->val, "after-last"))
                th_bad(f, e, "unknown loop", "before-last, after-last");
            base->loop = strcmp(e->val, "after-last") ? FANOS_LOOP_BEFORE_LAST
                                                      : FANOS_LOOP_AFTER_LAST;
        } else {
            th_problem_param(f, e, base->type, axis, pk, pv, np);
        }
    }
    if (!f->err[0] && base->budget == 0)
        th_fail(f, f->sec_line[sec], "[%s] budget: missing; accepted: an "
                "integer in [1, 1e9]", f->secs[sec]);
}

/* The parameters of problem k, checked on a scratch problem. */
static void th_problem_check(th_file *f, size_t sec, th_grid *t, size_t k)
{
    const fanos_thermostat_problem *p = &t->p[k];
    fanos_problem *pr = NULL;
    int rc = fanos_problem_alloc(&pr, p->type);
    for (size_t j = 0; rc == FANOS_OK && j < p->nset; j++) {
        rc = fanos_problem_set_text(pr, t->pkeys[k][j], t->pvals[k][j]);
        if (rc != FANOS_OK) {
            const th_entry *e = th_find(f, f->secs[sec], t->pkeys[k][j]);
            char what[160], range[96];
            fanos_param_range_str(&p->type->params[
                fanos_problem_type_param_index(p->type, e->key)], range,
                sizeof range);
            snprintf(what, sizeof what, "'%s': %s", t->pvals[k][j],
                     fanos_strerror(rc));
            th_bad(f, e, what, range);
        }
    }
    size_t bad = 0;
    if (rc == FANOS_OK && fanos_problem_check(pr, &bad) != FANOS_OK)
        th_fail(f, f->sec_line[sec], "[%s]: the parameters conflict at %s; "
                "accepted: the rules of fanos params %s", f->secs[sec],
                p->type->params[bad].name, p->type->name);
    fanos_problem_free(pr);
}

/* [problem NAME]: one problem, or one for each value of the type's axis
 * parameter (cond) when it is a list. */
static int th_problem(th_file *f, size_t sec, th_grid *t)
{
    const th_entry *pe = th_find(f, f->secs[sec], "problem");
    const fanos_problem_type *type = pe ? cli_run_problem_type(pe->val) : NULL;
    if (!pe) {
        th_fail(f, f->sec_line[sec], "[%s] problem: missing; accepted: a "
                "problem of fanos run (fanos params --problems)", f->secs[sec]);
        return -1;
    }
    if (!type) {
        char opt[600];
        snprintf(opt, sizeof opt, "%s:%zu: [%s] problem =", f->path, pe->line,
                 f->secs[sec]);
        cli_unknown_problem(opt, pe->val, FANOS_PROTOCOL_RUN);
        th_fail(f, pe->line, "unknown problem");
        f->reported = 1;
        return -1;
    }
    fanos_thermostat_problem base = {th_keep(t, f->secs[sec] + 8), type, NULL,
                                     NULL, 0, NULL, NULL, 0, 0,
                                     FANOS_LOOP_BEFORE_LAST};
    const th_entry *axis = NULL, *se = th_find(f, f->secs[sec], "set");
    char *pk[16], *pv[16], *item[TH_MAX] = {NULL}, *copy = NULL;
    size_t np = 0, nitems = 1;
    th_problem_keys_read(f, sec, &base, &axis, pk, pv, &np);
    if (!f->err[0] && axis)
        copy = th_items(f, axis, item, &nitems, "a comma-separated list of "
                        "values");
    for (size_t a = 0; a < nitems && !f->err[0]; a++) {
        const size_t k = t->np;
        if (k == TH_MAX) {
            th_fail(f, f->sec_line[sec], "more than %d problems", TH_MAX);
            break;
        }
        fanos_thermostat_problem *p = &t->p[k];
        *p = base;
        for (size_t j = 0; j < np; j++) {
            t->pkeys[k][j] = th_keep(t, pk[j]);
            t->pvals[k][j] = th_keep(t, pv[j]);
        }
        p->nset = np;
        if (axis) {
            t->pkeys[k][np] = th_keep(t, axis->key);
            t->pvals[k][p->nset++] = th_keep(t, item[a]);
        }
        p->set_keys = (const char *const *)t->pkeys[k];
        p->set_vals = (const char *const *)t->pvals[k];
        p->opt_keys = (const char *const *)t->okeys[k];
        p->opt_vals = (const char *const *)t->ovals[k];
        t->set_line[k] = se ? se->line : f->sec_line[sec];
        t->section[k] = th_keep(t, f->secs[sec]);
        t->np++;
        th_problem_check(f, sec, t, k);
        if (!f->err[0] && se)
            th_set(f, se, t, p, k);
    }
    free(copy);
    return f->err[0] ? -1 : 0;
}

static int th_interpret(th_file *f, th_grid *t)
{
    if (f->nsecs == 0 || strcmp(f->secs[0], "thermostat")) {
        th_fail(f, f->nsecs ? f->sec_line[0] : 1, "the file must start with "
                "[thermostat]; accepted: [thermostat], then [problem NAME] "
                "sections");
        return -1;
    }
    static const char *const keys[] = {"Q", "rho_T", "T0_max", "seeds",
                                       "draws", NULL};
    for (size_t i = 0; i < f->ne; i++)
        if (!strcmp(f->e[i].sec, "thermostat")) {
            size_t k = 0;
            while (keys[k] && strcmp(keys[k], f->e[i].key))
                k++;
            if (!keys[k]) {
                char hint[96];
                th_fail(f, f->e[i].line, "[thermostat] %s: unknown key%s; "
                        "accepted: Q, rho_T, T0_max, seeds, draws", f->e[i].key,
                        cli_did_you_mean(hint, sizeof hint, f->e[i].key, keys, 5));
                return -1;
            }
        }
    t->g = (fanos_thermostat_grid){0};
    t->g.draws = FANOS_DRAWS_REFERENCE;
    const th_entry *d = th_find(f, "thermostat", "draws");
    if (d && fanos_draws_lookup(d->val, &t->g.draws) != FANOS_OK)
        th_bad(f, d, "unknown draws", "reference, fresh");
    if (f->err[0] || th_values(f, "Q", t->Q, &t->g.nQ) ||
        th_values(f, "rho_T", t->rho, &t->g.nrho_T) ||
        th_values(f, "T0_max", t->T0, &t->g.nT0_max) || th_seeds(f, t))
        return -1;
    for (size_t s = 1; s < f->nsecs; s++) {
        const char *n = f->secs[s];
        int named = !strncmp(n, "problem ", 8) && n[8];
        for (const char *c = n + 8; named && *c; c++)
            named = isalnum((unsigned char)*c) || strchr("_.+-()/", *c);
        if (!named) {
            th_fail(f, f->sec_line[s], "[%s]: unknown section; accepted: "
                    "[problem NAME], NAME of letters, digits and _ . + - ( ) /",
                    n);
            return -1;
        }
        if (th_problem(f, s, t))
            return -1;
    }
    if (t->np == 0) {
        th_fail(f, f->line, "no [problem NAME] section; accepted: at least one");
        return -1;
    }
    t->g.problems = t->p;
    t->g.nproblems = t->np;
    t->g.Q = t->Q;
    t->g.rho_T = t->rho;
    t->g.T0_max = t->T0;
    return 0;
}

static int th_load(const char *path, th_grid *t)
{
    th_file f = {.path = path};
    memset(t, 0, sizeof *t);
    f.fp = fopen(path, "r");
    if (!f.fp) {
        cli_error("%s: cannot read the grid file: %s", path, strerror(errno));
        return -1;
    }
    int line = ini_parse_stream(th_read_line, &f, th_entry_cb, &f);
    fclose(f.fp);
    if (line > 0)
        th_fail(&f, (size_t)line, "expected [section] or key = value");
    if (!f.err[0])
        th_interpret(&f, t);
    if (f.err[0] && !f.reported)
        cli_error("%s", f.err);
    th_file_free(&f);
    return f.err[0] ? -1 : 0;
}

static void th_free(th_grid *t)
{
    for (size_t i = 0; i < t->nstrings; i++)
        free(t->strings[i]);
    free(t->strings);
}

/* ---- output ------------------------------------------------------------ */

/* A number as fanos_real_str writes it; "" for NaN (an empty field). */
static const char *num(char *buf, double v)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        fmt_real(buf, 32, v);
    return buf;
}

static void write_runs(FILE *fp, const th_grid *t,
                       const fanos_thermostat_row *r, size_t n)
{
    char b[6][32];
    fprintf(fp, "problem,param,Q,rho_T,T0_max,seed,tracking,final_loss,"
            "diverged,diverged_step,steps,seconds\n");
    for (size_t i = 0; i < n; i++)
        fprintf(fp, "%s,%s,%s,%s,%s,%lu,%s,%s,%d,%zu,%zu,%.6f\n",
                t->p[r[i].problem].name, num(b[0], r[i].param),
                num(b[1], r[i].Q), num(b[2], r[i].rho_T), num(b[3], r[i].T0_max),
                r[i].seed, num(b[4], r[i].tracking), num(b[5], r[i].final_loss),
                r[i].diverged, r[i].diverged_step, r[i].steps, r[i].seconds);
}

static void write_settings(FILE *fp, const th_grid *t,
                           const fanos_thermostat_row *r,
                           const fanos_thermostat_setting *s, size_t n)
{
    char b[6][32];
    fprintf(fp, "problem,param,Q,rho_T,T0_max,runs,diverged,tracking,"
            "final_loss,tracks,median_seed\n");
    for (size_t i = 0; i < n; i++)
        fprintf(fp, "%s,%s,%s,%s,%s,%zu,%zu,%s,%s,%d,%lu\n",
                t->p[s[i].problem].name, num(b[0], s[i].param), num(b[1], s[i].Q),
                num(b[2], s[i].rho_T), num(b[3], s[i].T0_max), s[i].runs,
                s[i].diverged, num(b[4], s[i].tracking),
                num(b[5], s[i].final_loss), s[i].tracks,
                r[s[i].median_run].seed);
}

/* The fields of setting k (or empty ones for none). */
static void setting_fields(FILE *fp, const fanos_thermostat_row *r,
                           const fanos_thermostat_setting *s, size_t k)
{
    char b[5][32];
    if (k == SIZE_MAX) {
        fputs(",,,,,,", fp);
        return;
    }
    fprintf(fp, ",%s,%s,%s,%lu,%s,%s", num(b[0], s[k].Q), num(b[1], s[k].rho_T),
            num(b[2], s[k].T0_max), r[s[k].median_run].seed,
            num(b[3], s[k].tracking), num(b[4], s[k].final_loss));
}

static void write_answers(FILE *fp, const th_grid *t,
                          const fanos_thermostat_row *r,
                          const fanos_thermostat_setting *s,
                          const fanos_thermostat_answer *a, size_t n)
{
    char b[2][32];
    fprintf(fp, "problem,param,settings,diverged,tracking,best_Q,best_rho_T,"
            "best_T0_max,best_seed,best_tracking,best_final_loss,lowest_Q,"
            "lowest_rho_T,lowest_T0_max,lowest_seed,lowest_tracking,"
            "lowest_final_loss,ranked,spearman,tracks,verdict\n");
    for (size_t i = 0; i < n; i++) {
        fprintf(fp, "%s,%s,%zu,%zu,%zu", t->p[a[i].problem].name,
                num(b[0], a[i].param), a[i].settings, a[i].diverged,
                a[i].tracking);
        setting_fields(fp, r, s, a[i].best);
        setting_fields(fp, r, s, a[i].lowest);
        fprintf(fp, ",%zu,%s,%s,%s\n", a[i].ranked, num(b[1], a[i].spearman),
                a[i].tracks ? "yes" : "no",
                fanos_thermostat_verdict_name(a[i].verdict));
    }
}

/* ---- the command --------------------------------------------------------- */

static cli_progress *th_progress;

static int on_run(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    (void)total;
    cli_progress_step(th_progress, done, NULL);
    return 0;
}

/* The outputs: each path, then written whole in order (-o last). */
enum { OUT_SETTINGS, OUT_ANSWER, OUT_RUNS, OUT_COUNT };

static int th_usage(void)
{
    printf(
"Usage: fanos thermostat FILE.ini -o RUNS.csv [--settings FILE.csv]\n"
"         [--answer FILE.csv] [--draws-dir DIR] [--quiet] [--force]\n"
"\n"
"The thermostat question (doc/spec.md section 15): FANoS on each problem\n"
"of the grid file for every Q, rho_T, T0_max and seed, with the tracking\n"
"of each run (the median of |ln T_ema - ln T0| over its second half, inf\n"
"for a diverged run), the median over the seeds per setting, and per\n"
"problem the best-tracking and the lowest-loss setting, the settings that\n"
"track (tracking <= ln 2) and the rank correlation of tracking and final\n"
"loss with its verdict.  The grid file: [thermostat] with Q, rho_T and\n"
"T0_max (lists), seeds (A..B ranges) and draws (reference | fresh), then\n"
"[problem NAME] sections with problem, budget, loop (before-last, the\n"
"default, | after-last), set (FANoS settings) and the problem's parameters\n"
"(its axis, e.g. cond, may be a list: one problem each); see\n"
"experiments/thermostat_grid.ini and doc/experiments.md.\n"
"  -o FILE           the runs, a row each (required)\n"
"  --settings FILE   the settings, a row each\n"
"  --answer FILE     the answer, a row per problem\n"
"  --draws-dir DIR   folder of the reference draws [$FANOS_DRAWS_DIR, else\n"
"                    the installed copy]\n"
"  --quiet           no progress on standard error\n"
"  --force           replace a read-only output file\n"
"Each output is written whole or not at all; - is the standard output.\n"
"Diverged runs are successful runs (exit status 0).\n"
"\n" CLI_EXIT_HELP);
    return 0;
}

static int th_parse(int argc, char **argv, const char **file,
                    const char **out, const char **dir, int *quiet)
{
    int bad = 0;
    for (int i = 1; i < argc && !bad; i++) {
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return -th_usage() - 1;
        else if ((v = cli_opt(argc, argv, &i, "-o", &bad)))
            out[OUT_RUNS] = v;
        else if ((v = cli_opt(argc, argv, &i, "--settings", &bad)))
            out[OUT_SETTINGS] = v;
        else if ((v = cli_opt(argc, argv, &i, "--answer", &bad)))
            out[OUT_ANSWER] = v;
        else if ((v = cli_opt(argc, argv, &i, "--draws-dir", &bad)))
            *dir = v;
        else if (!strcmp(argv[i], "--quiet"))
            *quiet = 1;
        else if (!strcmp(argv[i], "--force"))
            cli_force = 1;
        else if (!bad && argv[i][0] != '-' && !*file)
            *file = argv[i];
        else if (!bad)
            bad = cli_bad_arg("thermostat", argv[i]);
    }
    if (!bad && (!*file || !out[OUT_RUNS])) {
        cli_error("thermostat: %s is required (see fanos thermostat --help)",
                  *file ? "-o FILE" : "the grid file FILE.ini");
        bad = EXIT_USAGE;
    }
    for (int i = 0; !bad && i < OUT_COUNT; i++)
        for (int j = 0; j < i; j++)
            if (out[i] && out[j] && !strcmp(out[i], out[j])) {
                cli_error("thermostat: %s is given as two outputs; accepted: "
                          "a file for each", out[i]);
                bad = EXIT_BADINPUT;
            }
    return bad;
}

/* Open (and with commit, write and commit) each output given; with
 * commit 0 only try each (refused before any run). */
static int th_outputs(const char *const *out, int commit, const th_grid *t,
                      const fanos_thermostat_row *r, size_t nr,
                      const fanos_thermostat_setting *s, size_t ns,
                      const fanos_thermostat_answer *a)
{
    for (int i = 0; i < OUT_COUNT; i++) {
        cli_outfile f;
        if (!out[i])
            continue;
        if (cli_out_open(&f, out[i]))
            return EXIT_BADINPUT;
        if (!commit) {
            cli_out_abort(&f);
            continue;
        }
        if (i == OUT_RUNS)
            write_runs(f.fp, t, r, nr);
        else if (i == OUT_SETTINGS)
            write_settings(f.fp, t, r, s, ns);
        else
            write_answers(f.fp, t, r, s, a, t->np);
        if (cli_out_commit(&f))
            return EXIT_BADINPUT;
    }
    return 0;
}

/* Every setting of the grid with each problem's FANoS settings passes
 * FANoS's rules between parameters (T0_min <= T0_max, ...); else one line
 * naming the conflict and the grid's values. */
static int th_check_settings(const char *file, const th_grid *t)
{
    int status = 0;
    for (size_t k = 0; k < t->np && !status; k++) {
        const fanos_thermostat_problem *p = &t->p[k];
        for (size_t j = 0; j < t->g.nQ * t->g.nrho_T * t->g.nT0_max && !status;
             j++) {
            const double v[3] = {t->Q[j / (t->g.nrho_T * t->g.nT0_max)],
                                 t->rho[j / t->g.nT0_max % t->g.nrho_T],
                                 t->T0[j % t->g.nT0_max]};
            fanos_optimizer *o;
            size_t bad = 0;
            if (fanos_optimizer_alloc(&o, fanos_optimizer_fanos, 1) != FANOS_OK) {
                cli_error("out of memory");
                return EXIT_BADINPUT;
            }
            for (size_t i = 0; i < p->nopt; i++)
                fanos_optimizer_set_text(o, p->opt_keys[i], p->opt_vals[i]);
            fanos_optimizer_set(o, "Q", v[0]);
            fanos_optimizer_set(o, "rho_T", v[1]);
            fanos_optimizer_set(o, "T0_max", v[2]);
            if (fanos_optimizer_check(o, &bad) != FANOS_OK) {
                char what[1024], n[3][32];
                cli_conflict_text(o, bad, p->opt_keys, p->nopt, what, sizeof what);
                cli_error("%s:%zu: [%s] with Q=%s, rho_T=%s, T0_max=%s of the "
                          "grid: %s", file, t->set_line[k], t->section[k],
                          num(n[0], v[0]), num(n[1], v[1]), num(n[2], v[2]), what);
                status = EXIT_BADINPUT;
            }
            fanos_optimizer_free(o);
        }
    }
    return status;
}

/* The one line for a grid that failed at run k (or before any, k = n). */
static void th_report(const char *file, const th_grid *t, int rc, size_t k,
                      size_t n, const char *dir)
{
    if (k >= n) {
        cli_error("%s: the grid cannot run: %s; accepted: FANoS settings that "
                  "pass fanos params fanos's rules with every Q, rho_T and "
                  "T0_max of the grid", file, fanos_strerror(rc));
        return;
    }
    const size_t per = t->g.nQ * t->g.nrho_T * t->g.nT0_max * t->g.nseeds;
    const fanos_thermostat_problem *p = &t->p[k / per];
    const unsigned long seed = t->seeds[k % t->g.nseeds];
    char where[600], files[128];
    snprintf(where, sizeof where, "%s:%zu: seeds: seed %lu of [%s]", file,
             t->seeds_line, seed, t->section[k / per]);
    cli_reference_file(p->type, seed, files, sizeof files);
    if (t->g.draws == FANOS_DRAWS_REFERENCE &&
        (rc == FANOS_EIO || cli_draws_missing(p->type, dir)))
        cli_report_draws(where, dir, files);
    else if (t->g.draws == FANOS_DRAWS_REFERENCE && rc == FANOS_ERANGE)
        cli_error("%s: no reference draw of that seed in %s (%s); accepted: "
                  "the seeds %s of its reference draws, or draws = fresh",
                  where, dir, files, p->type->reference_seeds ?
                  p->type->reference_seeds : "there");
    else
        cli_error("%s: the run failed: %s", where, fanos_strerror(rc));
}

int cmd_thermostat(int argc, char **argv)
{
    const char *file = NULL, *out[OUT_COUNT] = {NULL}, *dir = NULL;
    int quiet = 0;
    int bad = th_parse(argc, argv, &file, out, &dir, &quiet);
    if (bad)
        return bad < 0 ? 0 : bad;
    th_grid *t = malloc(sizeof *t);
    if (!t) {
        cli_error("out of memory");
        return EXIT_BADINPUT;
    }
    cli_note_input(file);
    if (th_load(file, t)) {
        th_free(t);
        free(t);
        return EXIT_BADINPUT;
    }
    t->g.dir = dir ? dir : cli_default_draws_dir();
    size_t nr = 0, ns = 0, failed = 0;
    fanos_thermostat_grid_size(&t->g, &nr, &ns);
    fanos_thermostat_row *r = calloc(nr, sizeof *r);
    fanos_thermostat_setting *s = calloc(ns, sizeof *s);
    fanos_thermostat_answer *a = calloc(t->np, sizeof *a);
    int status = th_outputs(out, 0, t, r, nr, s, ns, a);
    if (!status)
        status = th_check_settings(file, t);
    if (!status && (!r || !s || !a)) {
        cli_error("out of memory");
        status = EXIT_BADINPUT;
    }
    if (!status) {
        cli_progress pr;
        th_progress = &pr;
        t->g.on_run = on_run;
        cli_progress_start(&pr, "runs", nr, 0, quiet);
        int rc = fanos_thermostat_grid_run(&t->g, r, nr, &failed);
        if (rc == FANOS_OK)
            cli_progress_end(&pr, NULL);
        else if (pr.on && pr.tty)
            fputc('\n', stderr);   /* end the progress line */
        if (rc == FANOS_OK)
            rc = fanos_thermostat_summarize(&t->g, r, nr, s, ns);
        if (rc == FANOS_OK)
            rc = fanos_thermostat_answers(&t->g, s, ns, a, t->np);
        if (rc != FANOS_OK) {
            th_report(file, t, rc, failed, nr, t->g.dir);
            status = EXIT_BADINPUT;
        }
    }
    if (!status)
        status = th_outputs(out, 1, t, r, nr, s, ns, a);
    free(r);
    free(s);
    free(a);
    th_free(t);
    free(t);
    return status;
}
