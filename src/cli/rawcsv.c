/* rawcsv.c - raw CSV rows of the sweeps: writing, reading back with
 * libcsv, and the row order of doc/spec.md ST2. */
#include <config.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <csv.h>
#include "cli.h"
#include "experiment.h"

const char *const raw_columns[RAW_NCOLS] = {
    "experiment", "problem", "param", "draws", "method", "lr", "seed",
    "final_loss", "diverged", "diverged_step", "evals", "steps", "seconds"};

static const char *const pinn_columns[] = {
    "experiment", "problem", "draws", "method", "lr", "seed", "warmup_loss",
    "entry_loss", "polish_loss", "polish_iterations", "evals", "seconds",
    "diverged"};

static const char *const tuned_columns[] = {
    "experiment", "problem", "param", "draws", "method", "lr", "seed",
    "final_loss", "diverged", "diverged_step", "evals", "steps", "seconds",
    "phase", "trial", "settings"};

const raw_schema raw_sweep = {raw_columns, RAW_NCOLS, 7, RAW_PARAM,
                              RAW_PROBLEM, RAW_DRAWS, RAW_METHOD, RAW_LR,
                              RAW_SEED, -1, -1, -1};
const raw_schema raw_tuned = {tuned_columns, 16, 7, RAW_PARAM, RAW_PROBLEM,
                              RAW_DRAWS, RAW_METHOD, RAW_LR, RAW_SEED,
                              RAW_PHASE, RAW_TRIAL, RAW_SETTINGS};
/* [ST16] A PINN sweep (problem = pinn) writes one row per run with the columns experiment, problem,
 * draws, method, lr, seed, warmup_loss, entry_loss, polish_loss, polish_iterations, evals, seconds,
 * diverged; problem is the PDE (`burgers` or `allen-cahn`) and the key is (experiment, problem,
 * draws, method, lr, seed), ordered as in ST2 with no param. */
const raw_schema raw_pinn = {pinn_columns, 13, 6, -1, 1, 2, 3, 4, 5,
                             -1, -1, -1};

void csv_write_field(FILE *fp, const char *f)
{
    f = f ? f : "";
    if (!strpbrk(f, ",\"\r\n")) {
        fputs(f, fp);
        return;
    }
    fputc('"', fp);
    for (; *f; f++) {
        if (*f == '"')
            fputc('"', fp);
        fputc(*f, fp);
    }
    fputc('"', fp);
}

void csv_write_fields(FILE *fp, char *const *field, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', fp);
        csv_write_field(fp, field[i]);
    }
    fputc('\n', fp);
}

void raw_write_header(FILE *fp, const raw_schema *schema)
{
    csv_write_fields(fp, (char *const *)schema->columns, schema->ncols);
}

/* ---- reading ------------------------------------------------------------- */

typedef struct {
    raw_table *t;
    const char *path;
    size_t line;            /* record being read (1 = header) */
    char *field[RAW_MAX_COLS];
    size_t nfields;
    const raw_schema *schema;   /* from the header */
    int failed;
} read_ctx;

static void clear_fields(read_ctx *r)
{
    for (size_t i = 0; i < r->nfields && i < RAW_MAX_COLS; i++) {
        free(r->field[i]);
        r->field[i] = NULL;
    }
    r->nfields = 0;
}

static void on_field(void *s, size_t len, void *data)
{
    read_ctx *r = data;
    if (r->failed)
        return;
    if (r->nfields < RAW_MAX_COLS) {
        r->field[r->nfields] = strndup(s ? s : "", s ? len : 0);
        if (!r->field[r->nfields]) {
            cli_error("out of memory");
            r->failed = 1;
        }
    }
    r->nfields++;
}

static int parse_key(read_ctx *r, raw_row *row)
{
    const char *f;
    unsigned long long seed;
    const raw_schema *sc = row->schema;
    f = sc->param >= 0 ? row->field[sc->param] : "";
    row->param = NAN;
    if (*f && cli_parse_real(f, &row->param)) {
        cli_error("%s:%zu: param '%s': accepted: empty or a number", r->path,
                  r->line, f);
        return -1;
    }
    f = row->field[sc->draws];
    fanos_draws d;
    row->draws = fanos_draws_lookup(f, &d) == FANOS_OK ? (int)d : -1;
    if (row->draws < 0) {
        cli_error("%s:%zu: draws '%s': accepted: reference, fresh", r->path,
                  r->line, f);
        return -1;
    }
    f = row->field[sc->lr];
    row->lr = NAN;
    if (*f && (cli_parse_real(f, &row->lr) || !(row->lr > 0))) {
        cli_error("%s:%zu: lr '%s': accepted: empty (L-BFGS) or a number > 0",
                  r->path, r->line, f);
        return -1;
    }
    f = row->field[sc->seed];
    if (cli_parse_size(f, 0, 4294967294ULL, &seed)) {
        cli_error("%s:%zu: seed '%s': accepted: an integer in [0, 4294967294]",
                  r->path, r->line, f);
        return -1;
    }
    row->seed = seed;
    if (sc->phase < 0)
        return 0;
    f = row->field[sc->phase];
    if (fanos_phase_lookup(f, &row->phase) != FANOS_OK) {
        cli_error("%s:%zu: phase '%s': accepted: tuning, evaluation", r->path,
                  r->line, f);
        return -1;
    }
    f = row->field[sc->trial];
    if (cli_parse_size(f, 0, FANOS_TRIALS_MAX - 1, &seed)) {
        cli_error("%s:%zu: trial '%s': accepted: an integer in [0, %d]",
                  r->path, r->line, f, FANOS_TRIALS_MAX - 1);
        return -1;
    }
    row->trial = (size_t)seed;
    return 0;
}

/* ---- the other columns: the rules of ST5, ST16 and ST17 ---------------- */

static int is_count(const char *f)
{
    unsigned long long u;
    return cli_parse_size(f, 0, 18446744073709551615ULL, &u) == 0;
}

/* The words fmt_real writes for non-finite values. */
static int is_nonfinite(const char *f)
{
    return !strcmp(f, "nan") || !strcmp(f, "inf") || !strcmp(f, "-inf");
}

static int check_counts(read_ctx *r, const raw_row *row, const int *col,
                        size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *f = row->field[col[i]];
        if (!is_count(f)) {
            cli_error("%s:%zu: %s '%s': accepted: an integer in [0, "
                      "18446744073709551615]", r->path, r->line,
                      row->schema->columns[col[i]], f);
            return -1;
        }
    }
    return 0;
}

static int check_seconds(read_ctx *r, const raw_row *row, int col)
{
    double v;
    const char *f = row->field[col];
    if (cli_parse_real(f, &v) || v < 0) {
        cli_error("%s:%zu: seconds '%s': accepted: a finite number >= 0",
                  r->path, r->line, f);
        return -1;
    }
    return 0;
}

/* diverged is 0 or 1; *div is set. */
static int check_diverged(read_ctx *r, const raw_row *row, int col, int *div)
{
    const char *f = row->field[col];
    if (strcmp(f, "0") && strcmp(f, "1")) {
        cli_error("%s:%zu: diverged '%s'; accepted: 0, 1", r->path, r->line, f);
        return -1;
    }
    *div = f[0] == '1';
    return 0;
}

/* The problem column: a problem type of the schema's protocol. */
static int check_problem(read_ctx *r, const char *p, fanos_protocol protocol)
{
    const fanos_problem_type *t = fanos_problem_type_lookup(p);
    if (t && t->protocol == protocol)
        return 0;
    char names[256] = "";
    for (const fanos_problem_type *const *u = fanos_problem_types(); *u; u++)
        if ((*u)->protocol == protocol)
            snprintf(names + strlen(names), sizeof names - strlen(names),
                     "%s%s", names[0] ? ", " : "", (*u)->name);
    cli_error("%s:%zu: problem '%s': accepted: %s", r->path, r->line, p, names);
    return -1;
}

/* A first-order row (ST5): final_loss finite with diverged = 0, nan with
 * diverged = 1, diverged_step 0 with diverged = 0. */
static int check_sweep_row(read_ctx *r, const raw_row *row)
{
    static const int counts[] = {RAW_DIVERGED_STEP, RAW_EVALS, RAW_STEPS};
    const char *p = row->field[RAW_PROBLEM], *f = row->field[RAW_FINAL_LOSS];
    int div;
    double v;
    if (check_problem(r, p, FANOS_PROTOCOL_RUN))
        return -1;
    if (check_diverged(r, row, RAW_DIVERGED, &div) ||
        check_counts(r, row, counts, 3) || check_seconds(r, row, RAW_SECONDS))
        return -1;
    if (!div && cli_parse_real(f, &v)) {
        cli_error("%s:%zu: final_loss '%s' with diverged = 0; accepted: a "
                  "finite number", r->path, r->line, f);
        return -1;
    }
    if (div && strcmp(f, "nan")) {
        cli_error("%s:%zu: final_loss '%s' with diverged = 1; accepted: nan",
                  r->path, r->line, f);
        return -1;
    }
    if (!div && strcmp(row->field[RAW_DIVERGED_STEP], "0")) {
        cli_error("%s:%zu: diverged_step '%s' with diverged = 0; accepted: 0",
                  r->path, r->line, row->field[RAW_DIVERGED_STEP]);
        return -1;
    }
    return 0;
}

/* A PINN row (ST17): with diverged = 0 the warm-up loss is finite and the
 * polish's losses are finite or nan (a polish not run); a diverged run's
 * losses are as computed: a number, nan, inf or -inf. */
static int check_pinn_row(read_ctx *r, const raw_row *row)
{
    enum { WARMUP = 6, ENTRY, POLISH, ITERATIONS, EVALS, SECONDS, DIVERGED };
    static const int counts[] = {ITERATIONS, EVALS};
    int div;
    double v;
    if (check_problem(r, row->field[raw_pinn.problem],
                      FANOS_PROTOCOL_WARMSTART))
        return -1;
    if (check_diverged(r, row, DIVERGED, &div) ||
        check_counts(r, row, counts, 2) || check_seconds(r, row, SECONDS))
        return -1;
    for (int c = WARMUP; c <= POLISH; c++) {
        const char *f = row->field[c];
        if (!cli_parse_real(f, &v) || (div && is_nonfinite(f)) ||
            (c != WARMUP && !strcmp(f, "nan")))
            continue;
        cli_error("%s:%zu: %s '%s' with diverged = %d; accepted: %s", r->path,
                  r->line, raw_pinn.columns[c], f, div,
                  div ? "a number, nan, inf or -inf"
                      : c == WARMUP ? "a finite number"
                                    : "a finite number, or nan (no polish)");
        return -1;
    }
    return 0;
}

static const char *schema_kind(const raw_schema *sc)
{
    return sc == &raw_pinn ? "PINN" : sc == &raw_tuned ? "tuned" : "first-order";
}

/* The header names the schema; every file of a table has the same. */
static void read_header(read_ctx *r)
{
    const raw_schema *sc = r->nfields == raw_pinn.ncols &&
                                   !strcmp(r->field[1], raw_pinn.columns[1]) &&
                                   !strcmp(r->field[2], raw_pinn.columns[2])
                               ? &raw_pinn
                           : r->nfields == raw_tuned.ncols ? &raw_tuned
                                                           : &raw_sweep;
    for (size_t i = 0; i < sc->ncols && !r->failed; i++)
        if (strcmp(r->field[i], sc->columns[i])) {
            cli_error("%s:1: column %zu is '%s', expected '%s' (not a raw "
                      "CSV of fanos sweep)", r->path, i + 1, r->field[i],
                      sc->columns[i]);
            r->failed = 1;
        }
    if (!r->failed && r->t->schema && r->t->schema != sc) {
        cli_error("%s:1: a raw CSV of a %s sweep among those of a %s sweep; "
                  "accepted: raw CSVs with the same columns", r->path,
                  schema_kind(sc), schema_kind(r->t->schema));
        r->failed = 1;
    }
    r->schema = sc;
    r->t->schema = sc;
}

static void on_record(int c, void *data)
{
    (void)c;
    read_ctx *r = data;
    r->line++;
    const size_t want = r->schema ? r->schema->ncols
                        : r->nfields == raw_tuned.ncols ? raw_tuned.ncols
                                                        : RAW_NCOLS;
    if (!r->failed && r->nfields != want) {
        cli_error("%s:%zu: %zu fields, expected %zu (%s, ...)", r->path, r->line,
                  r->nfields, want, raw_columns[0]);
        r->failed = 1;
    }
    if (!r->failed && r->line == 1) {
        read_header(r);
    } else if (!r->failed) {
        raw_table *t = r->t;
        if (t->n == t->cap) {
            size_t cap = t->cap ? 2 * t->cap : 256;
            raw_row *rows = realloc(t->rows, cap * sizeof *rows);
            if (!rows) {
                cli_error("out of memory");
                r->failed = 1;
                clear_fields(r);
                return;
            }
            t->rows = rows;
            t->cap = cap;
        }
        raw_row *row = &t->rows[t->n];
        memset(row, 0, sizeof *row);
        memcpy(row->field, r->field, sizeof row->field);
        row->schema = r->schema;
        row->file = r->path;
        row->line = r->line;
        row->order = t->n;
        memset(r->field, 0, sizeof r->field);
        r->nfields = 0;
        t->n++;
        if (parse_key(r, row) || (row->schema == &raw_pinn
                                      ? check_pinn_row(r, row)
                                      : check_sweep_row(r, row)))
            r->failed = 1;
        return;
    }
    clear_fields(r);
}

int raw_table_read(raw_table *t, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        cli_error("%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    cli_note_input(path);
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fclose(fp);
        cli_error("out of memory");
        return -1;
    }
    read_ctx r = {.t = t, .path = path};
    char buf[65536];
    size_t len;
    for (int first = 1; !r.failed && (len = fread(buf, 1, sizeof buf, fp)) > 0;
         first = 0) {
        /* a UTF-8 byte order mark, as spreadsheets on Windows write it */
        const size_t skip =
            first && len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
        if (csv_parse(&p, buf + skip, len - skip, on_field, on_record, &r) !=
                len - skip && !r.failed) {
            cli_error("%s:%zu: malformed CSV: %s", path, r.line + 1,
                      csv_strerror(csv_error(&p)));
            r.failed = 1;
        }
    }
    if (!r.failed && ferror(fp)) {
        cli_error("%s: cannot read: %s", path, strerror(errno));
        r.failed = 1;
    }
    if (!r.failed && csv_fini(&p, on_field, on_record, &r) != 0) {
        cli_error("%s:%zu: malformed CSV: %s", path, r.line + 1,
                  csv_strerror(csv_error(&p)));
        r.failed = 1;
    }
    if (!r.failed && r.line == 0) {
        cli_error("%s: empty file (expected the header %s,...)", path,
                  raw_columns[0]);
        r.failed = 1;
    }
    clear_fields(&r);
    csv_free(&p);
    fclose(fp);
    return r.failed ? -1 : 0;
}

void raw_table_free(raw_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        for (int k = 0; k < RAW_MAX_COLS; k++)
            free(t->rows[i].field[k]);
    free(t->rows);
    memset(t, 0, sizeof *t);
}

/* ---- order ------------------------------------------------------------- */

void raw_row_key(const raw_row *r, fanos_row_key *k)
{
    const raw_schema *sc = r->schema;
    *k = (fanos_row_key){r->field[RAW_EXPERIMENT], r->field[sc->problem],
                         r->param, (fanos_draws)r->draws, r->field[sc->method],
                         r->lr, r->seed, r->phase, r->trial};
}

int raw_row_cmp(const raw_row *a, const raw_row *b, int with_seed)
{
    fanos_row_key ka, kb;
    raw_row_key(a, &ka);
    raw_row_key(b, &kb);
    return fanos_row_key_cmp(&ka, &kb, with_seed);
}

static int row_cmp_stable(const void *pa, const void *pb)
{
    const raw_row *a = pa, *b = pb;
    int r = raw_row_cmp(a, b, 1);
    return r ? r : (a->order > b->order) - (a->order < b->order);
}

void raw_table_sort(raw_table *t)
{
    if (t->n > 1)
        qsort(t->rows, t->n, sizeof *t->rows, row_cmp_stable);
}
