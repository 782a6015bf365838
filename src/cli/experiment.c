/* experiment.c - strict reading of experiment files (doc/experiments.md)
 * with inih, and the plan of runs they describe (doc/spec.md section 9).
 *
 * The file is read in two passes: inih hands every "key = value" to a
 * handler that only records it (with its line, counted by our own line
 * reader, which also records the section headers and rejects what inih
 * would accept silently: over-long and indented lines); then every entry
 * is checked and interpreted.  The first error is printed as one line. */
#include <config.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort_ulong.h>
#include <ini.h>
#include "cli.h"
#include "experiment.h"


typedef struct {
    char *name;             /* "experiment" or "method NAME" */
    size_t line;
} ini_section;

typedef struct {
    size_t section;         /* index in sections */
    char *key, *value;
    size_t line;
} ini_entry;

typedef struct {
    const char *path;
    FILE *fp;               /* the file, or NULL: the text below        */
    const char *text;
    size_t len, pos;
    size_t line;            /* lines read so far */
    ini_section *sections;
    size_t nsections;
    ini_entry *entries;
    size_t nentries;
    char err[512];
    size_t err_line;        /* 0: no error yet */
    int oom;
} parse_ctx;

static void fail(parse_ctx *c, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(parse_ctx *c, size_t line, const char *fmt, ...)
{
    if (c->err_line)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    c->err_line = line ? line : 1;
}

static void *grow(void *p, size_t n, size_t size, int *oom)
{
    void *q = realloc(p, (n + 1) * size);
    if (q)
        return q;
    *oom = 1;       /* p stays valid and is freed by the caller */
    return p;
}

/* ---- pass 1: lines, sections and entries ---------------------------- */

static int blank_or_comment(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return *s == '\0' || *s == ';' || *s == '#';
}

/* Far above any experiment (the shipped ones have at most 24 sections
 * and 107 keys): the checks for a section or key given twice compare
 * pairs, and a file of a million keys must not take hours to refuse. */
#define SECTIONS_MAX 1000
#define ENTRIES_MAX 10000

static void record_section(parse_ctx *c, const char *line)
{
    const char *end = strchr(line + 1, ']');
    if (!end || c->err_line)
        return;     /* inih reports the missing ']'; one error is enough */
    if (c->nsections == SECTIONS_MAX) {
        fail(c, c->line, "more than %d sections; accepted: at most %d",
             SECTIONS_MAX, SECTIONS_MAX);
        return;
    }
    size_t len = (size_t)(end - line - 1);
    for (size_t i = 0; i < c->nsections; i++)
        if (strlen(c->sections[i].name) == len &&
            !strncmp(c->sections[i].name, line + 1, len)) {
            fail(c, c->line, "section [%.*s] appears twice (first at line %zu); "
                 "each section may appear once", (int)len, line + 1,
                 c->sections[i].line);
            return;
        }
    ini_section *s = grow(c->sections, c->nsections, sizeof *s, &c->oom);
    c->sections = s;
    char *name = strndup(line + 1, len);
    if (c->oom || !name) {
        c->oom = 1;
        free(name);
        return;
    }
    s[c->nsections++] = (ini_section){name, c->line};
}

static int next_char(parse_ctx *c)
{
    if (c->fp)
        return fgetc(c->fp);
    return c->pos < c->len ? (unsigned char)c->text[c->pos++] : EOF;
}

/* inih's reader (fgets-like, from the file or the text): one line of at
 * most num - 1 bytes.  A line of exactly num - 1 characters is whole; a
 * longer one is an error (the rest is skipped, so that inih sees one). */
static char *read_line(char *str, int num, void *stream)
{
    parse_ctx *c = stream;
    int ch = EOF, k = 0, nul = 0;
    while (k < num - 1 && (ch = next_char(c)) != EOF) {
        nul |= ch == '\0';
        str[k++] = ch ? (char)ch : ' ';
        if (ch == '\n')
            break;
    }
    if (k == 0)
        return NULL;
    str[k] = '\0';
    c->line++;
    /* a UTF-8 byte order mark (some editors write one) is not part of the
     * first line: inih would skip it, but the section must be seen here */
    if (c->line == 1 && k >= 3 && !memcmp(str, "\xEF\xBB\xBF", 3))
        memmove(str, str + 3, (size_t)k - 2);
    if (str[k - 1] != '\n' && ch != EOF && (ch = next_char(c)) != '\n' &&
        ch != EOF) {
        fail(c, c->line, "line longer than %d characters", num - 1);
        while ((ch = next_char(c)) != EOF && ch != '\n')
            ;
    }
    if (nul)
        fail(c, c->line, "a NUL byte; accepted: a text file");
    else if ((str[0] == ' ' || str[0] == '\t') && !blank_or_comment(str))
        fail(c, c->line, "indented line: keys and sections start at column 1 "
             "(continuation lines are not accepted)");
    else if (str[0] == '[')
        record_section(c, str);
    else if (!blank_or_comment(str) && str[strcspn(str, "=:")] == ':')
        fail(c, c->line, "'%.*s': expected 'key = value' (':' is not a "
             "separator)", (int)strcspn(str, "\r\n"), str);
    return str;
}

static int on_entry(void *user, const char *section, const char *key,
                    const char *value)
{
    parse_ctx *c = user;
    if (c->err_line)
        return 0;   /* the file is refused already: nothing more to keep */
    if (c->nentries == ENTRIES_MAX) {
        fail(c, c->line, "more than %d keys; accepted: at most %d",
             ENTRIES_MAX, ENTRIES_MAX);
        return 0;
    }
    if (c->nsections == 0 || strcmp(c->sections[c->nsections - 1].name, section)) {
        fail(c, c->line, "%s = %s: a key outside a section; start the file "
             "with [experiment]", key, value);
        return 0;
    }
    size_t sec = c->nsections - 1;
    /* this section's entries are the last ones (a section appears once) */
    for (size_t i = c->nentries; i-- > 0 && c->entries[i].section == sec;)
        if (!strcmp(c->entries[i].key, key)) {
            fail(c, c->line, "[%s] %s: duplicated key (first at line %zu); "
                 "a key may appear once per section", section, key,
                 c->entries[i].line);
            return 0;
        }
    ini_entry *e = grow(c->entries, c->nentries, sizeof *e, &c->oom);
    c->entries = e;
    if (c->oom)
        return 0;
    e[c->nentries] = (ini_entry){sec, strdup(key), strdup(value), c->line};
    if (!e[c->nentries].key || !e[c->nentries].value) {
        free(e[c->nentries].key);
        free(e[c->nentries].value);
        c->oom = 1;
        return 0;
    }
    c->nentries++;
    return 1;
}

/* ---- value parsers ---------------------------------------------------- */

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

/* Names go into CSV fields unquoted: letters, digits and _ . + - ( ) / */
static int valid_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("_.+-()/", *s))
            return 0;
    return 1;
}

#define NAME_RULE "a non-empty name of letters, digits and _ . + - ( ) /"

static void bad_value(parse_ctx *c, const ini_entry *e, const char *what,
                      const char *accepted)
{
    fail(c, e->line, "[%s] %s = %s: %s; accepted: %s",
         c->sections[e->section].name, e->key, e->value, what, accepted);
}

/* " (did you mean X?)" for name among the names of list (separated by
 * commas and blanks), or "", into buf; returns buf. */
static const char *hint_in(char *buf, size_t len, const char *name,
                           const char *list)
{
    char copy[2048];
    const char *v[128];
    size_t n = 0;
    snprintf(copy, sizeof copy, "%s", list);
    for (char *save, *t = strtok_r(copy, ", ", &save); t && n < 128;
         t = strtok_r(NULL, ", ", &save))
        v[n++] = t;
    const char *s = fanos_suggest(name, v, n);
    if (s)
        snprintf(buf, len, " (did you mean %s?)", s);
    else if (len)
        buf[0] = '\0';
    return buf;
}

/* Split a comma-separated list into trimmed items (in place, a copy). */
static char **split_list(const char *value, size_t *n, int *empty_item)
{
    char *copy = strdup(value);
    char **items = NULL;
    *n = 0;
    *empty_item = 0;
    if (!copy)
        return NULL;
    char *p = copy;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        char *item = trim(p);
        if (!*item)
            *empty_item = 1;
        char **tmp = realloc(items, (*n + 2) * sizeof *tmp);
        if (!tmp) {
            free(items);
            free(copy);
            return NULL;
        }
        items = tmp;
        items[(*n)++] = item;
        items[*n] = copy;       /* kept for free_list */
        if (!comma)
            break;
        p = comma + 1;
    }
    return items;
}

static void free_list(char **items, size_t n)
{
    if (items) {
        free(items[n]);
        free(items);
    }
}

/* The items of a list value: NULL, reported, on an empty list or item (or
 * with c->oom set when memory ran out); free them with free_list(items, *n). */
static char **entry_items(parse_ctx *c, const ini_entry *e,
                          const char *accepted, size_t *n)
{
    int empty;
    char **items = split_list(e->value, n, &empty);
    if (!items) {
        c->oom = 1;
        return NULL;
    }
    if (empty || !*trim(e->value)) {
        bad_value(c, e, *trim(e->value) ? "empty item in the list"
                                         : "empty list", accepted);
        free_list(items, *n);
        return NULL;
    }
    return items;
}

/* A list of distinct reals v with v > lower (or >= when closed). */
static int parse_reals(parse_ctx *c, const ini_entry *e, double lower,
                       int open, const char *accepted, double **out,
                       size_t *n)
{
    size_t k;
    char **items = entry_items(c, e, accepted, &k);
    if (!items)
        return -1;
    double *v = calloc(k, sizeof *v);
    int rc = v ? 0 : -1;
    if (!v)
        c->oom = 1;
    for (size_t i = 0; !rc && i < k; i++) {
        if (cli_parse_real(items[i], &v[i]) ||
            (open ? !(v[i] > lower) : !(v[i] >= lower))) {
            char what[128];
            snprintf(what, sizeof what, "'%s' is not a number %s %g", items[i],
                     open ? ">" : ">=", lower);
            bad_value(c, e, what, accepted);
            rc = -1;
        }
        for (size_t j = 0; !rc && j < i; j++)
            if (v[j] == v[i]) {
                char what[128];
                snprintf(what, sizeof what, "'%s' is listed twice", items[i]);
                bad_value(c, e, what, accepted);
                rc = -1;
            }
    }
    free_list(items, k);
    if (rc) {
        free(v);
        return -1;
    }
    *out = v;
    *n = k;
    return 0;
}

#define SEED_MAX 4294967294ULL
#define SEEDS_COUNT_MAX 1000000ULL
#define SEEDS_RULE "a comma-separated list of seeds and ranges A..B, " \
                   "integers in [0, 4294967294], each at most once, " \
                   "at most 1000000 seeds"

/* Append the seeds a..b to v[0..*n). */
static int add_range(parse_ctx *c, unsigned long long a, unsigned long long b,
                     unsigned long **v, size_t *n)
{
    unsigned long *t = realloc(*v, (*n + (size_t)(b - a) + 1) * sizeof *t);
    if (!t) {
        c->oom = 1;
        return -1;
    }
    *v = t;
    for (unsigned long long s = a; s <= b; s++)
        t[(*n)++] = (unsigned long)s;
    return 0;
}

/* Each seed at most once: sorted copy, neighbours compared (O(n log n)). */
static int check_distinct(parse_ctx *c, const ini_entry *e,
                          const unsigned long *v, size_t n)
{
    unsigned long *s = malloc((n ? n : 1) * sizeof *s);
    if (!s) {
        c->oom = 1;
        return -1;
    }
    memcpy(s, v, n * sizeof *s);
    gsl_sort_ulong(s, 1, n);
    int rc = 0;
    for (size_t i = 1; i < n && !rc; i++)
        if (s[i] == s[i - 1]) {
            char what[96];
            snprintf(what, sizeof what, "seed %lu is listed twice", s[i]);
            bad_value(c, e, what, SEEDS_RULE);
            rc = -1;
        }
    free(s);
    return rc;
}

static int parse_seeds(parse_ctx *c, const ini_entry *e, unsigned long **out,
                       size_t *n)
{
    size_t k;
    char **items = entry_items(c, e, SEEDS_RULE, &k);
    if (!items)
        return -1;
    unsigned long *v = NULL;
    size_t m = 0;
    int rc = 0;
    for (size_t i = 0; !rc && i < k; i++) {
        unsigned long long a, b;
        char *dots = strstr(items[i], "..");
        if (dots) {
            *dots = '\0';
            rc = cli_parse_size(trim(items[i]), 0, SEED_MAX, &a) ||
                 cli_parse_size(trim(dots + 2), 0, SEED_MAX, &b) || a > b;
        } else {
            rc = cli_parse_size(items[i], 0, SEED_MAX, &a);
            b = a;
        }
        if (rc) {
            if (dots)
                *dots = '.';
            char what[128];
            snprintf(what, sizeof what, "'%s' is not a seed or a range A..B "
                     "with A <= B", items[i]);
            bad_value(c, e, what, SEEDS_RULE);
            rc = -1;
            break;
        }
        if (b - a >= SEEDS_COUNT_MAX - m) {
            bad_value(c, e, "more than 1000000 seeds", SEEDS_RULE);
            rc = -1;
            break;
        }
        rc = add_range(c, a, b, &v, &m);
    }
    free_list(items, k);
    if (!rc)
        rc = check_distinct(c, e, v, m);
    if (rc) {
        free(v);
        return -1;
    }
    *out = v;
    *n = m;
    return 0;
}

static int parse_choice(parse_ctx *c, const ini_entry *e,
                        const char *const *names, int count, int *out)
{
    for (int i = 0; i < count; i++)
        if (!strcmp(e->value, names[i])) {
            *out = i;
            return 0;
        }
    char accepted[256] = "";
    for (int i = 0; i < count; i++)
        snprintf(accepted + strlen(accepted), sizeof accepted - strlen(accepted),
                 "%s%s", i ? ", " : "", names[i]);
    char hint[96], what[128];
    snprintf(what, sizeof what, "unknown value%s",
             hint_in(hint, sizeof hint, e->value, accepted));
    bad_value(c, e, what, accepted);
    return -1;
}

static int parse_count(parse_ctx *c, const ini_entry *e, unsigned long long lo,
                       unsigned long long hi, size_t *out)
{
    unsigned long long v;
    if (cli_parse_size(e->value, lo, hi, &v)) {
        char accepted[96];
        snprintf(accepted, sizeof accepted, "an integer in [%llu, %llu]", lo, hi);
        bad_value(c, e, "not an integer in range", accepted);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

/* ---- pass 2: the sections --------------------------------------------- */

static const ini_entry *find(const parse_ctx *c, size_t sec, const char *key)
{
    for (size_t i = 0; i < c->nentries; i++)
        if (c->entries[i].section == sec && !strcmp(c->entries[i].key, key))
            return &c->entries[i];
    return NULL;
}

static int check_keys(parse_ctx *c, size_t sec, const char *const *keys,
                      const char *accepted)
{
    for (size_t i = 0; i < c->nentries; i++) {
        const ini_entry *e = &c->entries[i];
        if (e->section != sec)
            continue;
        int known = !strncmp(e->key, "tune.", 5);  /* knobs: read_knobs */
        for (const char *const *k = keys; *k; k++)
            known |= !strcmp(*k, e->key);
        if (!known) {
            char hint[96];
            fail(c, e->line, "[%s] %s: unknown key%s; accepted: %s",
                 c->sections[sec].name, e->key,
                 hint_in(hint, sizeof hint, e->key, accepted), accepted);
            return -1;
        }
    }
    return 0;
}

static const ini_entry *require(parse_ctx *c, size_t sec, const char *key,
                                const char *accepted)
{
    const ini_entry *e = find(c, sec, key);
    if (!e)
        fail(c, c->sections[sec].line, "[%s]: missing required key %s; "
             "accepted: %s", c->sections[sec].name, key, accepted);
    return e;
}

static const char *const loop_names[] = {"before-last", "after-last"};
#define LR_RULE "a comma-separated list of distinct numbers > 0"

/* The keys of [experiment] that every problem takes, those of each
 * protocol, and (from the problem types) the family keys and the
 * problems' parameters. */
static const char *const common_keys[] = {"name", "problem", "lr",
                                          "reference_seeds", "fresh_seeds",
                                          NULL};
static const char *const protocol_keys[2][7] = {
    {"budget", "loop", "trials", "tuning_seeds", "evaluation_seeds", NULL},
    {"warmup_steps", "polish_iterations", "trials", "tuning_seeds",
     "evaluation_seeds", "tuning_warmup_steps", NULL}};

static int in_list(const char *const *list, const char *key)
{
    for (; *list; list++)
        if (!strcmp(*list, key))
            return 1;
    return 0;
}

/* Does problem type t (under its protocol) take key?  A problem trained
 * in mini-batches also takes its budget in epochs. */
static int type_takes(const fanos_problem_type *t, const char *key)
{
    return in_list(protocol_keys[t->protocol], key) ||
           (t->batches && !strcmp(key, "epochs")) ||
           (t->eval && (!strcmp(key, "eval_every") ||
                        !strcmp(key, "target_loss"))) ||
           (t->family_key && !strcmp(t->family_key, key)) ||
           fanos_problem_type_param_index(t, key) >= 0;
}

/* The names of the problems that take key ("quadratic"; a family once). */
static void takers(const char *key, char *buf, size_t len)
{
    buf[0] = '\0';
    for (const fanos_problem_type *const *t = fanos_problem_types(); *t; t++) {
        const char *n = (*t)->family ? (*t)->family : (*t)->name;
        if (type_takes(*t, key) && !strstr(buf, n))
            snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
                     buf[0] ? ", " : "", n);
    }
}

static void add_name(char *buf, size_t len, const char *n)
{
    /* each name once: the list is short */
    char pat[128];
    snprintf(pat, sizeof pat, ", %s,", n);
    char have[2048];
    snprintf(have, sizeof have, ", %s,", buf);
    if (!strstr(have, pat))
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
                 buf[0] ? ", " : "", n);
}

/* The keys a protocol's problems add: their parameters, or their family
 * keys and then their parameters. */
static void protocol_problem_keys(fanos_protocol p, int family, char *buf,
                                  size_t len)
{
    for (const fanos_problem_type *const *t = fanos_problem_types(); *t; t++) {
        if ((*t)->protocol != p || !(*t)->family_key != !family)
            continue;
        if (family)
            add_name(buf, len, (*t)->family_key);
        else
            for (size_t i = 0; i < (*t)->nparams; i++)
                add_name(buf, len, (*t)->params[i].name);
    }
}

/* Every key of [experiment], for the unknown-key message: the common ones,
 * then those of the budgeted runs, then those of the warm starts. */
static void all_keys(char *buf, size_t len)
{
    buf[0] = '\0';
    add_name(buf, len, common_keys[0]);
    add_name(buf, len, common_keys[1]);
    for (int p = 0; p < 2; p++) {
        protocol_problem_keys((fanos_protocol)p, 0, buf, len);
        if (p == FANOS_PROTOCOL_RUN) {
            for (const char *const *k = protocol_keys[p]; *k; k++)
                add_name(buf, len, *k);
            add_name(buf, len, "epochs");
            add_name(buf, len, "eval_every");
            add_name(buf, len, "target_loss");
        }
        for (const char *const *k = common_keys + 2; p == 0 && *k; k++)
            add_name(buf, len, *k);
        protocol_problem_keys((fanos_protocol)p, 1, buf, len);
        if (p == FANOS_PROTOCOL_WARMSTART)
            for (const char *const *k = protocol_keys[p]; *k; k++)
                add_name(buf, len, *k);
    }
    for (const fanos_problem_type *const *t = fanos_problem_types(); *t; t++)
        for (size_t i = 0; i < (*t)->nparams; i++)
            add_name(buf, len, (*t)->params[i].name);
}

/* "PDE": what a family's members are called, after its key. */
static void member_noun(const char *key, char *buf, size_t len)
{
    size_t i = 0;
    for (; key[i] && i + 1 < len; i++)
        buf[i] = (char)toupper((unsigned char)key[i]);
    buf[i] = '\0';
}

/* The keys problem type t takes, for the messages. */
static void keys_of(const fanos_problem_type *t, char *buf, size_t len)
{
    buf[0] = '\0';
    for (const char *const *k = common_keys; *k; k++)
        add_name(buf, len, *k);
    for (const char *const *k = protocol_keys[t->protocol]; *k; k++)
        add_name(buf, len, *k);
    if (t->batches)
        add_name(buf, len, "epochs");
    if (t->eval) {
        add_name(buf, len, "eval_every");
        add_name(buf, len, "target_loss");
    }
    if (t->family_key)
        add_name(buf, len, t->family_key);
    for (size_t i = 0; i < t->nparams; i++)
        add_name(buf, len, t->params[i].name);
}

static int check_experiment_keys(parse_ctx *c, size_t sec)
{
    char accepted[1024];
    all_keys(accepted, sizeof accepted);
    for (size_t i = 0; i < c->nentries; i++) {
        const ini_entry *e = &c->entries[i];
        if (e->section != sec || in_list(common_keys, e->key))
            continue;
        int known = 0;
        for (const fanos_problem_type *const *t = fanos_problem_types(); *t; t++)
            known |= type_takes(*t, e->key);
        known |= in_list(protocol_keys[0], e->key) ||
                 in_list(protocol_keys[1], e->key);
        if (!known) {
            char hint[96];
            fail(c, e->line, "[%s] %s: unknown key%s; accepted: %s",
                 c->sections[sec].name, e->key,
                 hint_in(hint, sizeof hint, e->key, accepted), accepted);
            return -1;
        }
    }
    return 0;
}

/* A key of another problem or protocol is refused, naming who takes it. */
static int refuse_foreign_keys(parse_ctx *c, size_t sec,
                               const fanos_problem_type *t, const char *problem)
{
    for (size_t i = 0; i < c->nentries; i++) {
        const ini_entry *e = &c->entries[i];
        if (e->section != sec || in_list(common_keys, e->key) ||
            type_takes(t, e->key))
            continue;
        char who[256], what[320], accepted[1024];
        takers(e->key, who, sizeof who);
        keys_of(t, accepted, sizeof accepted);
        if (*who)
            snprintf(what, sizeof what, "does not apply to problem = %s (it "
                     "applies to problem = %s only)", problem, who);
        else
            snprintf(what, sizeof what, "does not apply to problem = %s",
                     problem);
        bad_value(c, e, what, accepted);
        return -1;
    }
    return 0;
}

/* The problem: a type, or a family whose members family_key lists. */
static int read_problem(parse_ctx *c, size_t sec, experiment *x)
{
    char names[512] = "";
    for (const fanos_problem_type *const *t = fanos_problem_types(); *t; t++)
        add_name(names, sizeof names, (*t)->family ? (*t)->family : (*t)->name);
    const ini_entry *e = require(c, sec, "problem", names);
    if (!e)
        return -1;
    const fanos_problem_type *t = fanos_problem_type_lookup(e->value);
    if (t && !t->family) {
        x->problems = malloc(sizeof *x->problems);
        if (!x->problems) {
            c->oom = 1;
            return -1;
        }
        x->problems[0] = t;
        x->nproblems = 1;
        return 0;
    }
    const fanos_problem_type *first = NULL;
    char members[512] = "";
    for (const fanos_problem_type *const *m = fanos_problem_types(); *m; m++)
        if ((*m)->family && !strcmp((*m)->family, e->value)) {
            first = first ? first : *m;
            add_name(members, sizeof members, (*m)->name);
        }
    if (!first) {
        char hint[96], what[128];
        snprintf(what, sizeof what, "unknown value%s",
                 hint_in(hint, sizeof hint, e->value, names));
        bad_value(c, e, what, names);
        return -1;
    }
    if (!(x->family = strdup(e->value))) {
        c->oom = 1;
        return -1;
    }
    char rule[640], noun[32];
    member_noun(first->family_key, noun, sizeof noun);
    snprintf(rule, sizeof rule, "a comma-separated list of distinct %ss: %s",
             noun, members);
    const ini_entry *le = require(c, sec, first->family_key, rule);
    size_t k;
    char **items = le ? entry_items(c, le, rule, &k) : NULL;
    if (!items)
        return -1;
    int rc = (x->problems = calloc(k, sizeof *x->problems)) ? 0 : -1;
    if (rc)
        c->oom = 1;
    for (size_t i = 0; !rc && i < k; i++) {
        char what[160];
        const fanos_problem_type *m = fanos_problem_type_lookup(items[i]);
        if (!m || !m->family || strcmp(m->family, e->value)) {
            snprintf(what, sizeof what, "'%s' is not a %s", items[i], noun);
            bad_value(c, le, what, rule);
            rc = -1;
        }
        for (size_t j = 0; !rc && j < x->nproblems; j++)
            if (x->problems[j] == m) {
                snprintf(what, sizeof what, "'%s' is listed twice", items[i]);
                bad_value(c, le, what, rule);
                rc = -1;
            }
        if (!rc)
            x->problems[x->nproblems++] = m;
    }
    free_list(items, k);
    return rc;
}

/* A problem parameter: checked by the library on a problem of the
 * experiment's first type (every type of a family has the same table). */
static int read_problem_setting(parse_ctx *c, const ini_entry *e,
                                fanos_problem *p, experiment *x)
{
    const fanos_problem_type *t = fanos_problem_get_type(p);
    const int i = fanos_problem_type_param_index(t, e->key);
    const fanos_param_info *r = &t->params[i];
    char val[FANOS_PATH_PARAM_MAX + 2], range[96], what[320], accepted[512];
    size_t k = 0;
    /* blanks around the commas of a list are allowed */
    for (const char *q = e->value; *q && k + 1 < sizeof val; q++)
        if (r->kind != FANOS_PARAM_SIZES || !isspace((unsigned char)*q))
            val[k++] = *q;
    val[k] = '\0';
    if (fanos_problem_set_text(p, e->key, val) == FANOS_OK) {
        x->pset_keys[x->npset] = strdup(e->key);
        x->pset_vals[x->npset] = strdup(val);
        if (!x->pset_keys[x->npset] || !x->pset_vals[x->npset])
            c->oom = 1;
        x->npset++;
        return c->oom ? -1 : 0;
    }
    fanos_param_range_str(r, range, sizeof range);
    snprintf(what, sizeof what, "not valid for problem = %s", t->name);
    snprintf(accepted, sizeof accepted, "%s in %s (%s)", e->key, range,
             r->help);
    bad_value(c, e, what, accepted);
    return -1;
}

/* The problem's parameters: the axis as a list, the others one value;
 * then the rules between them. */
static int read_problem_settings(parse_ctx *c, size_t sec, experiment *x)
{
    const fanos_problem_type *t = x->problems[0];
    fanos_problem *p;
    if (fanos_problem_alloc(&p, t) != FANOS_OK) {
        c->oom = 1;
        return -1;
    }
    x->pset_keys = calloc(t->nparams + 1, sizeof *x->pset_keys);
    x->pset_vals = calloc(t->nparams + 1, sizeof *x->pset_vals);
    int rc = x->pset_keys && x->pset_vals ? 0 : -1;
    if (rc)
        c->oom = 1;
    const ini_entry *last = NULL;
    for (size_t i = 0; !rc && i < t->nparams; i++) {
        const fanos_param_info *r = &t->params[i];
        const ini_entry *e = find(c, sec, r->name);
        if (t->axis && !strcmp(t->axis, r->name)) {
            char rule[160];
            snprintf(rule, sizeof rule, "a comma-separated list of distinct "
                     "numbers >= %.15g", r->lower);
            rc = !(e = require(c, sec, r->name, rule)) ||
                 parse_reals(c, e, r->lower, r->lower_open, rule, &x->axis,
                             &x->naxis);
        } else if (e) {
            rc = read_problem_setting(c, e, p, x);
            last = e;
        }
    }
    size_t bad;
    if (!rc && fanos_problem_check(p, &bad) != FANOS_OK) {
        const fanos_param_info *r = &t->params[bad];
        const ini_entry *e = find(c, sec, r->name);
        char what[160], accepted[512];
        snprintf(what, sizeof what, "not valid with the other settings of "
                 "problem = %s", t->name);
        snprintf(accepted, sizeof accepted, "%s: %s", r->name, r->help);
        if (e || last)
            bad_value(c, e ? e : last, what, accepted);
        else
            fail(c, c->sections[sec].line, "[experiment]: %s; accepted: %s",
                 what, accepted);
        rc = -1;
    }
    fanos_problem_free(p);
    return rc;
}

/* The fresh draws of a problem may take seeds up to a smaller bound. */
static int fresh_seeds_bad(parse_ctx *c, const ini_entry *e,
                           const experiment *x)
{
    const fanos_problem_type *t = x->problems[0];
    for (size_t i = 0; t->fresh_seed_max && i < x->nseeds[FANOS_DRAWS_FRESH]; i++)
        if (x->seeds[FANOS_DRAWS_FRESH][i] > t->fresh_seed_max) {
            char what[96], accepted[96];
            snprintf(what, sizeof what, "seed %lu is too large for the fresh "
                     "draws of the %s", x->seeds[FANOS_DRAWS_FRESH][i], t->name);
            snprintf(accepted, sizeof accepted, "seeds in [0, %lu] for problem "
                     "= %s", t->fresh_seed_max, t->name);
            bad_value(c, e, what, accepted);
            return -1;
        }
    return 0;
}

static int read_grid_and_seeds(parse_ctx *c, size_t sec, experiment *x);

/* eval_every and target_loss, of a problem with a held-out split
 * (refuse_foreign_keys refuses them elsewhere). */
static int read_heldout(parse_ctx *c, size_t sec, experiment *x)
{
    const ini_entry *ev = find(c, sec, "eval_every");
    const ini_entry *tg = find(c, sec, "target_loss");
    /* [MB17] The keys eval_every (an integer in $[1, 10^9]$) and target_loss (a number $> 0$,
     * only with eval_every) are those of the problems trained on a data set; a budget whose curve
     * has more than 256 points ($\lfloor \mathit{budget} / K \rfloor + 2$) is refused before any
     * run. */
    if (ev && parse_count(c, ev, 1, 1000000000ULL, &x->eval_every))
        return -1;
    if (tg && (cli_parse_real(tg->value, &x->target_loss) ||
               !(x->target_loss > 0) || isinf(x->target_loss))) {
        bad_value(c, tg, "not a number > 0", "a held-out loss (nats) > 0, "
                  "e.g. target_loss = 0.5");
        return -1;
    }
    if (tg && !ev) {
        bad_value(c, tg, "a target without eval_every: its step is read off "
                  "the held-out curve", "eval_every = K (held-out metrics "
                  "every K steps) beside target_loss");
        return -1;
    }
    return 0;
}

/* [N20] An experiment with problem = pinn runs the T4 warm start of `fanos pinn` (N16, N17) for
 * each PDE of `pde`, draws source, method (a warm-up optimizer with its settings), lr and seed,
 * with warmup_steps (default 1000) and polish_iterations (default 200) shared by every run. */
static int read_protocol(parse_ctx *c, size_t sec, experiment *x)
{
    const ini_entry *e;
    int v;
    if (experiment_protocol(x) == FANOS_PROTOCOL_WARMSTART) {
        fanos_warmstart_options wo;
        fanos_warmstart_options_init(&wo);
        x->warmup_steps = wo.warmup_steps;
        x->polish_iterations = wo.polish_iterations;
        if ((e = find(c, sec, "warmup_steps")) &&
            parse_count(c, e, 1, 100000000ULL, &x->warmup_steps))
            return -1;
        if ((e = find(c, sec, "polish_iterations")) &&
            parse_count(c, e, 0, 100000000ULL, &x->polish_iterations))
            return -1;
        if ((e = find(c, sec, "tuning_warmup_steps"))) {
            if (!find(c, sec, "trials")) {
                bad_value(c, e, "only a tuned experiment has it", "a trials "
                          "key in [experiment] with tuning_seeds and "
                          "evaluation_seeds");
                return -1;
            }
            if (parse_count(c, e, 1, 100000000ULL, &x->tuning_warmup_steps))
                return -1;
        }
        x->budget = x->warmup_steps;
        x->loop = FANOS_LOOP_BEFORE_LAST;
        return 0;
    }
    const ini_entry *ep = find(c, sec, "epochs");
    if (ep && (e = find(c, sec, "budget"))) {
        bad_value(c, e, "budget and epochs are both given", "one of them");
        return -1;
    }
    if (ep && parse_count(c, ep, 1, 1000000ULL, &x->epochs))
        return -1;
    if (!ep && (!(e = require(c, sec, "budget", x->problems[0]->batches
                                  ? "an integer in [1, 1000000000], or "
                                    "epochs = an integer in [1, 1000000]"
                                  : "an integer in [1, 1000000000]")) ||
                parse_count(c, e, 1, 1000000000ULL, &x->budget)))
        return -1;
    if (!(e = require(c, sec, "loop", "before-last, after-last")) ||
        parse_choice(c, e, loop_names, 2, &v))
        return -1;
    x->loop = v ? FANOS_LOOP_AFTER_LAST : FANOS_LOOP_BEFORE_LAST;
    return read_heldout(c, sec, x);
}

static int read_experiment(parse_ctx *c, size_t sec, experiment *x)
{
    const ini_entry *e;
    if (check_experiment_keys(c, sec))
        return -1;
    if (!(e = require(c, sec, "name", NAME_RULE)))
        return -1;
    if (!valid_name(e->value)) {
        bad_value(c, e, "not a valid name", NAME_RULE);
        return -1;
    }
    x->name = strdup(e->value);
    if (read_problem(c, sec, x) ||
        refuse_foreign_keys(c, sec, x->problems[0],
                            x->family ? x->family : x->problems[0]->name) ||
        read_problem_settings(c, sec, x) || read_protocol(c, sec, x))
        return -1;
    return read_grid_and_seeds(c, sec, x);
}

/* A tuned experiment (trials = N): its tuning seeds, and evaluation_seeds
 * in place of fresh_seeds; no lr grid (each method tunes its own). */
static int read_tuning(parse_ctx *c, size_t sec, experiment *x)
{
    const ini_entry *e = find(c, sec, "trials");
    const char *tuned_only[2] = {"tuning_seeds", "evaluation_seeds"};
    for (int i = 0; !e && i < 2; i++)
        if ((e = find(c, sec, tuned_only[i]))) {
            bad_value(c, e, "only a tuned experiment has it", "a trials key "
                      "in [experiment] with tuning_seeds and evaluation_seeds");
            return -1;
        }
    if (!e)
        return 0;
    char rule[64];
    snprintf(rule, sizeof rule, "an integer in [1, %d]", FANOS_TRIALS_MAX);
    if (parse_count(c, e, 1, FANOS_TRIALS_MAX, &x->trials))
        return -1;
    const char *refused[2] = {"lr", "fresh_seeds"};
    for (int i = 0; i < 2; i++)
        if ((e = find(c, sec, refused[i]))) {
            bad_value(c, e, "a tuned experiment (trials) has no such key",
                      i ? "evaluation_seeds (and reference_seeds)"
                        : "a tune.lr key in each [method NAME]");
            return -1;
        }
    for (int i = 0; i < 2; i++) {
        if (!(e = require(c, sec, tuned_only[i], SEEDS_RULE)))
            return -1;
        unsigned long **v = i ? &x->seeds[FANOS_DRAWS_FRESH] : &x->tuning_seeds;
        size_t *n = i ? &x->nseeds[FANOS_DRAWS_FRESH] : &x->ntuning_seeds;
        if (parse_seeds(c, e, v, n))
            return -1;
        *(i ? &x->seeds_line[FANOS_DRAWS_FRESH] : &x->tuning_line) = e->line;
        experiment y = *x;      /* the fresh-seed rule for both sets */
        y.seeds[FANOS_DRAWS_FRESH] = *v;
        y.nseeds[FANOS_DRAWS_FRESH] = *n;
        if (fresh_seeds_bad(c, e, &y))
            return -1;
    }
    return 0;
}

/* lr and the seeds of each source: every problem has them. */
static int read_grid_and_seeds(parse_ctx *c, size_t sec, experiment *x)
{
    const ini_entry *e;
    if (read_tuning(c, sec, x))
        return -1;
    if (x->trials) {   /* reference seeds: evaluation runs */
        if ((e = find(c, sec, "reference_seeds"))) {
            if (parse_seeds(c, e, &x->seeds[0], &x->nseeds[0]))
                return -1;
            x->seeds_line[0] = e->line;
        }
        return 0;
    }
    if ((e = find(c, sec, "lr")) &&
        parse_reals(c, e, 0.0, 1, LR_RULE, &x->lr, &x->nlr))
        return -1;
    const char *seed_keys[FANOS_DRAWS_COUNT] = {"reference_seeds", "fresh_seeds"};
    for (int d = 0; d < FANOS_DRAWS_COUNT; d++)
        if ((e = find(c, sec, seed_keys[d]))) {
            if (d == FANOS_DRAWS_REFERENCE && !x->problems[0]->reference_files) {
                char what[128];
                snprintf(what, sizeof what, "problem = %s has no reference "
                         "draws", x->problems[0]->name);
                bad_value(c, e, what, "fresh_seeds only");
                return -1;
            }
            if (parse_seeds(c, e, &x->seeds[d], &x->nseeds[d]))
                return -1;
            x->seeds_line[d] = e->line;
            if (d == FANOS_DRAWS_FRESH && fresh_seeds_bad(c, e, x))
                return -1;
        }
    if (!x->nseeds[FANOS_DRAWS_REFERENCE] && !x->nseeds[FANOS_DRAWS_FRESH]) {
        fail(c, c->sections[sec].line, "[experiment]: missing required key "
             "reference_seeds or fresh_seeds (at least one); accepted: %s",
             SEEDS_RULE);
        return -1;
    }
    return 0;
}

static void optimizer_names(char *buf, size_t len)
{
    cli_optimizer_names(buf, len);
}

static int optimizer_setting(parse_ctx *c, const ini_entry *e, exp_method *m,
                             const char *key, const char *val)
{
    char what[160], accepted[1024];
    int idx = fanos_optimizer_type_param_index(m->type, key);
    double v;
    if (idx < 0 || !strcmp(key, "lr")) {
        char hint[96] = "";
        accepted[0] = '\0';
        for (size_t i = 0; i < m->type->nparams; i++)
            if (strcmp(m->type->params[i].name, "lr"))
                snprintf(accepted + strlen(accepted),
                         sizeof accepted - strlen(accepted), "%s%s",
                         accepted[0] ? ", " : "", m->type->params[i].name);
        if (idx < 0)
            hint_in(hint, sizeof hint, key, accepted);
        snprintf(what, sizeof what, "'%s' is not a setting of optimizer %s%s",
                 key, m->optimizer, idx >= 0 ? " here (use the lr key)" : hint);
        bad_value(c, e, what, accepted);
        return -1;
    }
    const fanos_param_info *p = &m->type->params[idx];
    if (fanos_param_parse(p, val, &v) != FANOS_OK) {
        char range[96];
        fanos_param_range_str(p, range, sizeof range);
        snprintf(what, sizeof what, "%s=%s is not valid", key, val);
        snprintf(accepted, sizeof accepted, "%s in %s", key, range);
        bad_value(c, e, what, accepted);
        return -1;
    }
    return 0;
}

static int read_settings(parse_ctx *c, const ini_entry *e, exp_method *m)
{
    size_t k;
    char **items = entry_items(c, e, "a comma-separated list of key=value", &k);
    if (!items)
        return -1;
    int rc = 0;
    m->set_keys = calloc(k, sizeof *m->set_keys);
    m->set_vals = calloc(k, sizeof *m->set_vals);
    if (!m->set_keys || !m->set_vals)
        c->oom = 1, rc = -1;
    for (size_t i = 0; !rc && i < k; i++) {
        char *eq = strchr(items[i], '=');
        if (!eq) {
            char what[160];
            snprintf(what, sizeof what, "'%.64s' has no '='", items[i]);
            bad_value(c, e, what, "a comma-separated list of key=value, "
                      "e.g. set = momentum=0.9, nesterov=1");
            rc = -1;
            break;
        }
        *eq = '\0';
        char *key = trim(items[i]), *val = trim(eq + 1);
        for (size_t j = 0; j < m->nset; j++)
            if (!strcmp(m->set_keys[j], key)) {
                char what[96];
                snprintf(what, sizeof what, "%s is set twice", key);
                bad_value(c, e, what, "each key at most once");
                rc = -1;
            }
        if (!rc)
            rc = optimizer_setting(c, e, m, key, val);
        if (!rc) {
            m->set_keys[m->nset] = strdup(key);
            m->set_vals[m->nset] = strdup(val);
            m->nset++;
        }
    }
    free_list(items, k);
    return rc;
}

/* Every lr this method will run with (none for a method without an lr)
 * must pass the optimizer's checks. */
static int check_method_lrs(parse_ctx *c, const experiment *x,
                            const exp_method *m, const ini_entry *lr_entry)
{
    const int has_lr = fanos_optimizer_type_param_index(m->type, "lr") >= 0;
    const double *lr = m->lr ? m->lr : x->lr;
    size_t nlr = !has_lr ? 1 : m->lr ? m->nlr : x->nlr;
    fanos_optimizer *opt = NULL;
    if (fanos_optimizer_alloc(&opt, m->type, 2) != FANOS_OK) {
        c->oom = 1;
        return -1;
    }
    int rc = 0;
    /* the settings were checked one by one when they were read */
    for (size_t i = 0; i < m->nset; i++)
        fanos_optimizer_set_text(opt, m->set_keys[i], m->set_vals[i]);
    for (size_t i = 0; !rc && i < nlr; i++) {
        size_t bad = 0;
        char val[32];
        fmt_real(val, sizeof val, has_lr ? lr[i] : NAN);
        if (has_lr && fanos_optimizer_set(opt, "lr", lr[i]) != FANOS_OK) {
            char range[96];
            int idx = fanos_optimizer_type_param_index(m->type, "lr");
            fanos_param_range_str(&m->type->params[idx], range, sizeof range);
            fail(c, lr_entry ? lr_entry->line : m->line, "[method %s] lr %s is "
                 "out of range for optimizer %s; accepted: lr in %s", m->name,
                 val, m->optimizer, range);
            rc = -1;
        } else if (fanos_optimizer_check(opt, &bad) != FANOS_OK) {
            /* the same wording as fanos run: the parameters the file set */
            const char **keys = malloc((m->nset + 1) * sizeof *keys);
            char what[1024];
            if (!keys) {
                c->oom = 1;
                rc = -1;
                break;
            }
            for (size_t k = 0; k < m->nset; k++)
                keys[k] = m->set_keys[k];
            keys[m->nset] = "lr";
            cli_conflict_text(opt, bad, keys, m->nset + has_lr, what,
                              sizeof what);
            free(keys);
            if (has_lr)
                fail(c, m->line, "[method %s] with lr = %s: %s", m->name, val,
                     what);
            else
                fail(c, m->line, "[method %s]: %s", m->name, what);
            rc = -1;
        }
    }
    fanos_optimizer_free(opt);
    return rc;
}

static const char *const method_keys[] = {"optimizer", "set", "clip", "lr", NULL};

#define KNOB_RULE "a comma-separated list of distinct numbers, or log A .. B " \
                  "or linear A .. B with A < B (log: A > 0)"

/* tune.NAME = list | log A .. B | linear A .. B (doc/experiments.md). */
static int read_knob(parse_ctx *c, const ini_entry *e, exp_method *m)
{
    fanos_knob *k = &m->knobs[m->nknobs];
    const char *v = trim(e->value), *dots = strstr(v, "..");
    if (m->nknobs == FANOS_KNOBS_MAX || !e->key[5]) {
        bad_value(c, e, m->nknobs ? "too many knobs" : "no parameter name",
                  "tune.NAME, at most 16 of them a method");
        return -1;
    }
    m->knob_line[m->nknobs] = e->line;
    if (!(k->name = strdup(e->key + 5)))
        return c->oom = 1, -1;
    m->nknobs++;
    k->scale = !strncmp(v, "log ", 4) ? FANOS_KNOB_LOG
               : !strncmp(v, "linear ", 7) ? FANOS_KNOB_LINEAR : FANOS_KNOB_LIST;
    if (k->scale == FANOS_KNOB_LIST)
        return parse_reals(c, e, -HUGE_VAL, 1, KNOB_RULE, (double **)&k->values,
                           &k->nvalues);
    char a[64] = "", b[64] = "";
    const char *from = v + (k->scale == FANOS_KNOB_LOG ? 4 : 7);
    if (dots && dots > from && (size_t)(dots - from) < sizeof a)
        memcpy(a, from, (size_t)(dots - from));
    if (dots)
        snprintf(b, sizeof b, "%s", dots + 2);
    if (!dots || cli_parse_real(trim(a), &k->lo) || cli_parse_real(trim(b), &k->hi) ||
        !(k->lo < k->hi) || (k->scale == FANOS_KNOB_LOG && !(k->lo > 0))) {
        bad_value(c, e, "not a list or a range", KNOB_RULE);
        return -1;
    }
    return 0;
}

/* The knobs of a method of a tuned experiment, in file order; a method
 * with an lr tunes it (tune.lr, or tune.eta for the cubic family). */
static int read_knobs(parse_ctx *c, size_t sec, const experiment *x,
                      exp_method *m)
{
    int lr = fanos_optimizer_type_param_index(m->type, "lr") < 0;
    for (size_t i = 0; i < c->nentries; i++) {
        const ini_entry *e = &c->entries[i];
        if (e->section != sec || strncmp(e->key, "tune.", 5))
            continue;
        if (!x->trials) {
            bad_value(c, e, "only a tuned experiment has knobs", "a trials key "
                      "in [experiment], or no tune.NAME key");
            return -1;
        }
        if (read_knob(c, e, m))
            return -1;
        lr |= !strcmp(e->key, "tune.lr") || !strcmp(e->key, "tune.eta");
    }
    if (x->trials && !lr) {
        fail(c, m->line, "[method %s] has no tune.lr key; accepted: tune.lr "
             "(tune.eta for cd, ikfad, cadam) with the values of its lr", m->name);
        return -1;
    }
    return 0;
}

static int read_method(parse_ctx *c, size_t sec, const experiment *x,
                       exp_method *m)
{
    const char *name = c->sections[sec].name + strlen("method ");
    const ini_entry *e, *lr_entry;
    char names[1024];
    m->line = c->sections[sec].line;
    if (!valid_name(name)) {
        fail(c, m->line, "[%s]: '%s' is not a valid method name; accepted: %s",
             c->sections[sec].name, name, NAME_RULE);
        return -1;
    }
    m->name = strdup(name);
    if (check_keys(c, sec, method_keys, "optimizer, set, clip, lr, tune.NAME"))
        return -1;
    optimizer_names(names, sizeof names);
    if (!(e = require(c, sec, "optimizer", names)))
        return -1;
    m->optimizer = strdup(e->value);
    m->type = fanos_optimizer_type_lookup(e->value);
    if (!m->type) {
        /* a method name of the paper ("AdamW") names the optimizer here */
        const char *implied = "";
        const fanos_optimizer_type *t = fanos_optimizer_type_find(e->value,
                                                                  &implied);
        char hint[160], what[224];
        if (t)
            snprintf(hint, sizeof hint, " (did you mean %s%s%s?)", t->name,
                     *implied ? " with set = " : "", implied);
        else
            hint_in(hint, sizeof hint, e->value, names);
        snprintf(what, sizeof what, "unknown optimizer%s", hint);
        bad_value(c, e, what, names);
        return -1;
    }
    const int warmstart = experiment_protocol(x) == FANOS_PROTOCOL_WARMSTART;
    const int has_lr = fanos_optimizer_type_param_index(m->type, "lr") >= 0;
    if (!m->type->step && warmstart) {
        bad_value(c, e, "L-BFGS is the polish of every PINN run, not a "
                  "warm-up method", "a first-order optimizer of fanos params");
        return -1;
    }
    if ((e = find(c, sec, "set")) && read_settings(c, e, m))
        return -1;
    if ((e = find(c, sec, "clip"))) {
        if (!m->type->step) {
            char what[128], accepted[128];
            snprintf(what, sizeof what, "%s takes no gradient clip",
                     m->optimizer);
            snprintf(accepted, sizeof accepted, "no clip key for optimizer = %s",
                     m->optimizer);
            bad_value(c, e, what, accepted);
            return -1;
        }
        if (warmstart) {
            bad_value(c, e, "the T4 warm-up has no gradient clip", "no clip "
                      "key for problem = pinn (FANoS has its grad_clip setting)");
            return -1;
        }
        if (cli_parse_real(e->value, &m->clip) || m->clip < 0) {
            bad_value(c, e, "not a number >= 0", "a number >= 0 (0 = off)");
            return -1;
        }
    }
    if (read_knobs(c, sec, x, m))
        return -1;
    if ((lr_entry = find(c, sec, "lr")) && x->trials) {
        bad_value(c, lr_entry, "a tuned method has no lr list", "tune.lr");
        return -1;
    }
    if (x->trials)
        return 0;       /* its trials are checked with the library's view */
    if (lr_entry) {
        if (!has_lr) {
            char what[128], accepted[128];
            snprintf(what, sizeof what, "%s has no learning rate and runs once "
                     "per seed", m->optimizer);
            snprintf(accepted, sizeof accepted, "no lr key for optimizer = %s",
                     m->optimizer);
            bad_value(c, lr_entry, what, accepted);
            return -1;
        }
        if (parse_reals(c, lr_entry, 0.0, 1, LR_RULE, &m->lr, &m->nlr))
            return -1;
    }
    if (has_lr && !m->lr && !x->nlr) {
        fail(c, m->line, "[method %s] has no lr of its own and [experiment] "
             "has no lr grid; accepted: an lr key in either, %s", m->name,
             LR_RULE);
        return -1;
    }
    return check_method_lrs(c, x, m, lr_entry);
}

static int interpret(parse_ctx *c, experiment *x)
{
    size_t exp_sec = c->nsections, nmeth = 0;
    for (size_t i = 0; i < c->nsections; i++) {
        const char *n = c->sections[i].name;
        if (!strcmp(n, "experiment"))
            exp_sec = i;
        else if (!strncmp(n, "method ", 7))
            nmeth++;
        else {
            const char *v[2] = {"experiment", "method"};
            char word[64];
            snprintf(word, sizeof word, "%.*s", (int)strcspn(n, " "), n);
            const char *s = fanos_suggest(word, v, 2);
            fail(c, c->sections[i].line, "[%s]: unknown section%s%s%s; "
                 "accepted: [experiment], [method NAME]", n,
                 s ? " (did you mean [" : "",
                 !s ? "" : s == v[0] ? "experiment" : "method NAME",
                 s ? "]?)" : "");
            return -1;
        }
    }
    if (exp_sec == c->nsections) {
        char keys[1024];
        all_keys(keys, sizeof keys);
        fail(c, 1, "missing section [experiment]; accepted: [experiment] "
             "with keys %s", keys);
        return -1;
    }
    if (read_experiment(c, exp_sec, x))
        return -1;
    if (nmeth == 0) {
        fail(c, c->line, "no [method NAME] section; accepted: one or more "
             "[method NAME] sections");
        return -1;
    }
    x->methods = calloc(nmeth, sizeof *x->methods);
    if (!x->methods) {
        c->oom = 1;
        return -1;
    }
    for (size_t i = 0; i < c->nsections; i++) {
        if (i == exp_sec)
            continue;
        if (read_method(c, i, x, &x->methods[x->nmethods++]))
            return -1;
    }
    return 0;
}

static void parse_ctx_free(parse_ctx *c)
{
    for (size_t i = 0; i < c->nsections; i++)
        free(c->sections[i].name);
    for (size_t i = 0; i < c->nentries; i++) {
        free(c->entries[i].key);
        free(c->entries[i].value);
    }
    free(c->sections);
    free(c->entries);
}

static int make_view(experiment *x);
static int check_tuning(const experiment *x);

/* Parse from c->fp or c->text; on error print one line naming path. */
static int load(parse_ctx *c, experiment *x)
{
    int ret = ini_parse_stream(read_line, c, on_entry, c);
    if (c->fp && ferror(c->fp) && !c->err_line) {
        cli_error("%s: cannot read the experiment file: %s", c->path,
                  strerror(errno));
        parse_ctx_free(c);
        return -1;
    }
    if (ret > 0 && (!c->err_line || (size_t)ret < c->err_line)) {
        c->err_line = 0;
        fail(c, (size_t)ret, "expected '[section]' or 'key = value'");
    }
    if (!c->err_line && !c->oom && ret == 0)
        interpret(c, x);
    int rc = 0;
    if (c->oom || ret < 0) {
        cli_error("%s: out of memory", c->path);
        rc = -1;
    } else if (c->err_line) {
        cli_error("%s:%zu: %s", c->path, c->err_line, c->err);
        rc = -1;
    }
    parse_ctx_free(c);
    if (!rc && (!(x->path = strdup(c->path)) || make_view(x))) {
        cli_error("%s: out of memory", c->path);
        rc = -1;
    }
    if (!rc && x->trials && check_tuning(x))
        rc = -1;
    if (rc)
        experiment_free(x);
    return rc;
}

int experiment_load(const char *path, experiment *x)
{
    memset(x, 0, sizeof *x);
    parse_ctx c = {0};
    c.path = path;
    c.fp = fopen(path, "r");
    if (!c.fp) {
        cli_error("%s: cannot read the experiment file: %s", path,
                  strerror(errno));
        return -1;
    }
    cli_note_input(path);
    int rc = load(&c, x);
    fclose(c.fp);
    return rc;
}

int experiment_load_text(const char *name, const char *text, size_t len,
                         experiment *x)
{
    memset(x, 0, sizeof *x);
    parse_ctx c = {0};
    c.path = name;
    c.text = text;
    c.len = len;
    return load(&c, x);
}

void experiment_free(experiment *x)
{
    for (size_t i = 0; i < x->nmethods; i++) {
        exp_method *m = &x->methods[i];
        for (size_t j = 0; j < m->nset; j++) {
            free(m->set_keys[j]);
            free(m->set_vals[j]);
        }
        free(m->set_keys);
        free(m->set_vals);
        free(m->name);
        free(m->optimizer);
        free(m->lr);
        for (size_t j = 0; j < m->nknobs; j++) {
            free((char *)m->knobs[j].name);
            free((double *)m->knobs[j].values);
        }
    }
    free(x->tuning_seeds);
    free(x->methods);
    free(x->lib_methods);
    for (int d = 0; d < FANOS_DRAWS_COUNT; d++)
        free(x->seeds[d]);
    for (size_t i = 0; i < x->npset; i++) {
        free(x->pset_keys[i]);
        free(x->pset_vals[i]);
    }
    free(x->pset_keys);
    free(x->pset_vals);
    free(x->problems);
    free(x->family);
    free(x->axis);
    free(x->lr);
    free(x->name);
    free(x->path);
    memset(x, 0, sizeof *x);
}

fanos_protocol experiment_protocol(const experiment *x)
{
    return x->nproblems ? x->problems[0]->protocol : FANOS_PROTOCOL_RUN;
}

/* The library's view of the file (lib points into x). */
static int make_view(experiment *x)
{
    x->lib_methods = calloc(x->nmethods ? x->nmethods : 1,
                            sizeof *x->lib_methods);
    if (!x->lib_methods)
        return -1;
    for (size_t i = 0; i < x->nmethods; i++) {
        const exp_method *m = &x->methods[i];
        x->lib_methods[i] = (fanos_experiment_method){
            m->name, m->type, (const char *const *)m->set_keys,
            (const char *const *)m->set_vals, m->nset, m->clip, m->lr, m->nlr,
            m->knobs, m->nknobs};
    }
    fanos_experiment *e = &x->lib;
    memset(e, 0, sizeof *e);
    e->name = x->name;
    e->problems = x->problems;
    e->nproblems = x->nproblems;
    e->problem_keys = (const char *const *)x->pset_keys;
    e->problem_vals = (const char *const *)x->pset_vals;
    e->nproblem_set = x->npset;
    e->axis = x->axis;
    e->naxis = x->naxis;
    e->budget = x->budget;
    e->epochs = x->epochs;
    e->eval_every = x->eval_every;
    e->target_loss = x->target_loss;
    e->loop = x->loop;
    e->warmup_steps = x->warmup_steps;
    e->polish_iterations = x->polish_iterations;
    e->tuning_warmup_steps = x->tuning_warmup_steps;
    e->lr = x->lr;
    e->nlr = x->nlr;
    for (int d = 0; d < FANOS_DRAWS_COUNT; d++) {
        e->seeds[d] = x->seeds[d];
        e->nseeds[d] = x->nseeds[d];
    }
    e->methods = x->lib_methods;
    e->nmethods = x->nmethods;
    e->trials = x->trials;
    e->tuning_seeds = x->tuning_seeds;
    e->ntuning_seeds = x->ntuning_seeds;
    return 0;
}

/* The knobs (TU1, TU4, TU9) and every trial (the optimizer's rules
 * between its parameters) of a tuned experiment, through the library. */
static int check_tuning(const experiment *x)
{
    size_t m, k;
    int rc = fanos_tuning_check(&x->lib, &m, &k);
    if (rc == FANOS_ECONFLICT && m == SIZE_MAX) {
        const unsigned long seed = x->seeds[FANOS_DRAWS_FRESH][k];
        cli_error("%s:%zu: [experiment] evaluation_seeds: seed %lu is also a "
                  "tuning seed; accepted: seeds disjoint from tuning_seeds (both "
                  "are fresh draws)", x->path, x->seeds_line[FANOS_DRAWS_FRESH],
                  seed);
        return -1;
    }
    if (rc != FANOS_OK && m == SIZE_MAX) {     /* ENOMEM, or no method at fault */
        cli_error("%s: %s", x->path, fanos_strerror(rc));
        return -1;
    }
    if (rc != FANOS_OK) {
        const exp_method *me = &x->methods[m];
        char what[160], accepted[1024] = "";
        const int i = fanos_optimizer_type_param_index(me->type, me->knobs[k].name);
        if (rc == FANOS_ERANGE && i >= 0) {
            snprintf(what, sizeof what, "a value out of range");
            snprintf(accepted, sizeof accepted, "%s in ", me->knobs[k].name);
            fanos_param_range_str(&me->type->params[i], accepted + strlen(accepted),
                                  sizeof accepted - strlen(accepted));
        } else if (rc == FANOS_ERANGE) {
            snprintf(what, sizeof what, "a value out of range");
            snprintf(accepted, sizeof accepted, "eta > 0, beta1 in (0, 1], beta2 "
                     "in (0, 1), beta in [0, 1)");
        } else if (rc == FANOS_ECONFLICT) {
            snprintf(what, sizeof what, "tuned twice, with both lr and eta, or "
                     "also fixed by set");
            snprintf(accepted, sizeof accepted, "each parameter once");
        } else {
            snprintf(what, sizeof what, "'%s' is not a parameter of optimizer %s",
                     me->knobs[k].name, me->optimizer);
            for (size_t p = 0; p < me->type->nparams; p++)
                snprintf(accepted + strlen(accepted), sizeof accepted - strlen(accepted),
                         "%s%s", p ? ", " : "", me->type->params[p].name);
            if (fanos_tuning_knob_check(me->type, "eta", 1) == FANOS_OK)
                snprintf(accepted + strlen(accepted), sizeof accepted -
                         strlen(accepted), ", eta, beta1%s", fanos_tuning_knob_check(
                         me->type, "beta2", 0.5) == FANOS_OK ? ", beta2" : "");
            if (fanos_tuning_knob_check(me->type, "beta", 0.5) == FANOS_OK)
                snprintf(accepted + strlen(accepted), sizeof accepted -
                         strlen(accepted), ", beta");
        }
        cli_error("%s:%zu: [method %s] tune.%s: %s; accepted: %s", x->path,
                  me->knob_line[k], me->name, me->knobs[k].name, what, accepted);
        return -1;
    }
    for (m = 0; m < x->nmethods; m++) {
        size_t nt = 0;
        fanos_tuning_ntrials(x->methods[m].knobs, x->methods[m].nknobs, x->trials, &nt);
        for (size_t t = 0; t < nt; t++) {
            fanos_experiment_run run = {0, 0, FANOS_DRAWS_FRESH, m, NAN, 0,
                                        FANOS_PHASE_TUNING, t};
            fanos_optimizer *opt;
            if ((rc = fanos_experiment_run_method(&x->lib, &run, 2, &opt))) {
                fanos_row_text key;
                fanos_experiment_row_text(&x->lib, &run, NULL, &key);
                cli_error("%s:%zu: [method %s] trial %zu (%s): %s; accepted: "
                          "settings within the rules of optimizer %s (fanos params "
                          "%s)", x->path, x->methods[m].line, x->methods[m].name, t,
                          key.settings, fanos_strerror(rc), x->methods[m].optimizer,
                          x->methods[m].optimizer);
                return -1;
            }
            fanos_optimizer_free(opt);
        }
    }
    return 0;
}

const raw_schema *protocol_schema(fanos_protocol p)
{
    return p == FANOS_PROTOCOL_WARMSTART ? &raw_pinn : &raw_sweep;
}

const raw_schema *experiment_schema(const experiment *x)
{
    const int data = experiment_protocol(x) == FANOS_PROTOCOL_RUN &&
                     x->problems[0]->eval;
    if (x->trials && experiment_protocol(x) == FANOS_PROTOCOL_WARMSTART)
        return &raw_tuned_pinn;
    if (x->trials)
        return data ? &raw_tuned_data : &raw_tuned;
    return data ? &raw_data : protocol_schema(experiment_protocol(x));
}

int experiment_match(const experiment *x, const fanos_experiment_run *jobs,
                     size_t njobs, const raw_row *rows, size_t nrows,
                     const char *what)
{
    const raw_schema *sc = experiment_schema(x);
    for (size_t i = 0; i < njobs && i < nrows; i++) {
        fanos_row_text k;
        fanos_experiment_row_text(&x->lib, &jobs[i], NULL, &k);
        if (rows[i].schema != sc) {
            cli_error("%s: the inputs are not raw CSVs of this experiment's kind "
                      "(a %s sweep)", what, schema_kind(sc));
            return -1;
        }
        int same = 1;
        for (size_t c = 0; same && c < k.nkeys; c++)
            same = !strcmp(k.field[k.keys[c]], rows[i].field[k.keys[c]]);
        if (!same) {
            cli_error("%s: run %zu of the plan (%s lr=%s seed=%s draws=%s%s%s) is "
                      "not in the inputs (row %zu is %s:%zu)", what, i + 1,
                      k.field[sc->method], k.field[sc->lr], k.field[sc->seed],
                      k.field[sc->draws], x->trials ? " trial=" : "",
                      x->trials ? k.field[sc->trial] : "", i + 1, rows[i].file,
                      rows[i].line);
            return -1;
        }
    }
    if (njobs != nrows) {
        cli_error("%s: the plan has %zu runs, the inputs %zu rows", what, njobs,
                  nrows);
        return -1;
    }
    return 0;
}

int experiment_choose(const experiment *x, const raw_row *rows, size_t nrows,
                      size_t *best, size_t *ntuning, const char *what)
{
    fanos_experiment_run *jobs = NULL;
    size_t n = 0, nt = 0;
    while (nt < nrows && rows[nt].schema->phase >= 0 &&
           rows[nt].phase == FANOS_PHASE_TUNING)
        nt++;
    int *div = malloc((nt ? nt : 1) * sizeof *div);
    double *loss = malloc((nt ? nt : 1) * sizeof *loss);
    int rc = div && loss ? fanos_experiment_plan(&x->lib, &jobs, &n) : FANOS_ENOMEM;
    if (rc != FANOS_OK)
        cli_error("%s: out of memory", what);
    else if ((rc = experiment_match(x, jobs, n, rows, nt, what)) == 0) {
        for (size_t i = 0; i < nt; i++) {
            /* the schema's choice column: heldout_loss for a data set,
             * polish_loss for a PINN (TU12), final_loss otherwise */
            /* [MB13] The best lr (ST14) and the best trial (TU7) of a problem trained on a data
             * set are chosen on heldout_loss, the held-out loss of the last iterate, instead of
             * final_loss, the loss of one mini-batch. */
            const int col = rows[i].schema->choice;
            div[i] = rows[i].field[rows[i].schema->diverged][0] == '1';
            if (cli_parse_real(rows[i].field[col], &loss[i]))
                loss[i] = NAN;
        }
        if (fanos_tuning_choose(&x->lib, jobs, n, div, loss, best) != FANOS_OK) {
            cli_error("%s: out of memory", what);
            rc = -1;
        }
    }
    *ntuning = nt;
    free(jobs);
    free(div);
    free(loss);
    return rc ? -1 : 0;
}

/* The data of a problem trained on a data set, read before any run (and
 * by --dry-run) as the first run will read it: one line naming the file.
 * bi (may be NULL) gets the batches and work of the problem of the first
 * fresh seed. */
int experiment_check_data(const experiment *x, fanos_batch_info *bi)
{
    return experiment_setup_data(x, bi, NULL, NULL);
}

int experiment_setup_data(const experiment *x, fanos_batch_info *bi,
                          fanos_problem **out, double **start)
{
    const fanos_problem_type *t = x->problems[0];
    if (out)
        *out = NULL;
    if (start)
        *start = NULL;
    if (!t->batches || !x->nseeds[FANOS_DRAWS_FRESH])
        return 0;
    fanos_problem *p = NULL;
    double *x0 = NULL;
    int rc = fanos_experiment_problem(&x->lib, 0, 0, &p);
    size_t n = rc == FANOS_OK ? fanos_problem_size(p) : 0;
    if (rc == FANOS_OK && n && !(x0 = malloc(n * sizeof *x0)))
        rc = FANOS_ENOMEM;
    if (rc == FANOS_OK && n)
        rc = fanos_problem_setup(p, FANOS_DRAWS_FRESH,
                                 x->seeds[FANOS_DRAWS_FRESH][0], NULL, x0);
    int status = 0;
    fanos_data_error err;
    if (p)
        fanos_problem_data_error(p, &status, &err);
    if (status || (rc == FANOS_OK && !n)) {
        char where[FANOS_DATA_PATH_MAX];
        snprintf(where, sizeof where, "%s: problem = %s", x->path, t->name);
        cli_report_data(p, where, status ? status : FANOS_EDIM, &err);
        rc = -1;
    } else if (rc != FANOS_OK) {
        cli_error("%s: problem = %s: %s", x->path, t->name, fanos_strerror(rc));
    }
    fanos_batch_info info;
    size_t budget = x->budget;
    if (rc == FANOS_OK && fanos_problem_batch_info(p, &info) == FANOS_OK) {
        if (x->epochs)
            budget = x->epochs * info.steps_per_epoch;
        if (bi)
            *bi = info;
    }
    if (rc == FANOS_OK && x->eval_every &&
        budget / x->eval_every + 2 > FANOS_CURVE_POINTS_MAX) {
        cli_error("%s: eval_every = %zu: %zu steps a run give a curve of %zu "
                  "points; accepted: at most %d points, eval_every >= %zu",
                  x->path, x->eval_every, budget, budget / x->eval_every + 2,
                  FANOS_CURVE_POINTS_MAX,
                  budget / (FANOS_CURVE_POINTS_MAX - 1) + 1);
        rc = -1;
    }
    if (rc == FANOS_OK && out && start) {
        *out = p;
        *start = x0;
        return 0;
    }
    free(x0);
    fanos_problem_free(p);
    return rc == FANOS_OK ? 0 : -1;
}
