/* rawcsv.c - raw CSV rows of the sweeps: writing, reading back with
 * libcsv, and the row order of doc/spec.md ST2. */
#include <config.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

/* The rows of the problems trained on a data set: the columns above and
 * the held-out ones (MB8, fanos_row_heldout_columns). */
#define HELDOUT_COLUMNS "heldout_loss", "heldout_accuracy", "heldout_bits", \
    "target_step", "curve"
static const char *const data_columns[] = {
    "experiment", "problem", "param", "draws", "method", "lr", "seed",
    "final_loss", "diverged", "diverged_step", "evals", "steps", "seconds",
    HELDOUT_COLUMNS};
static const char *const tuned_data_columns[] = {
    "experiment", "problem", "param", "draws", "method", "lr", "seed",
    "final_loss", "diverged", "diverged_step", "evals", "steps", "seconds",
    "phase", "trial", "settings", HELDOUT_COLUMNS};

const raw_schema raw_sweep = {raw_columns, RAW_NCOLS, 7, RAW_PARAM,
                              RAW_PROBLEM, RAW_DRAWS, RAW_METHOD, RAW_LR,
                              RAW_SEED, -1, -1, -1, -1, RAW_DIVERGED,
                              RAW_FINAL_LOSS};
const raw_schema raw_tuned = {tuned_columns, 16, 7, RAW_PARAM, RAW_PROBLEM,
                              RAW_DRAWS, RAW_METHOD, RAW_LR, RAW_SEED,
                              RAW_PHASE, RAW_TRIAL, RAW_SETTINGS, -1,
                              RAW_DIVERGED, RAW_FINAL_LOSS};
/* A data set's rows: the best is chosen on heldout_loss (MB13). */
const raw_schema raw_data = {data_columns, 18, 7, RAW_PARAM, RAW_PROBLEM,
                             RAW_DRAWS, RAW_METHOD, RAW_LR, RAW_SEED,
                             -1, -1, -1, 13, RAW_DIVERGED, 13};
const raw_schema raw_tuned_data = {tuned_data_columns, 21, 7, RAW_PARAM,
                                   RAW_PROBLEM, RAW_DRAWS, RAW_METHOD, RAW_LR,
                                   RAW_SEED, RAW_PHASE, RAW_TRIAL,
                                   RAW_SETTINGS, 16, RAW_DIVERGED, 16};
/* [ST16] A PINN sweep (problem = pinn) writes one row per run with the columns experiment, problem,
 * draws, method, lr, seed, warmup_loss, entry_loss, polish_loss, polish_iterations, evals, seconds,
 * diverged; problem is the PDE (`burgers` or `allen-cahn`) and the key is (experiment, problem,
 * draws, method, lr, seed), ordered as in ST2 with no param. */
const raw_schema raw_pinn = {pinn_columns, 13, 6, -1, 1, 2, 3, 4, 5,
                             -1, -1, -1, -1, 12, 8};
/* The rows of a tuned PINN experiment (TU11). */
static const char *const tuned_pinn_columns[] = {
    "experiment", "problem", "draws", "method", "lr", "seed", "warmup_loss",
    "entry_loss", "polish_loss", "polish_iterations", "evals", "seconds",
    "diverged", "phase", "trial", "settings"};
/* [TU12] The best trial (TU7) of a tuned PINN experiment is chosen on polish_loss, the loss after
 * the polish. */
const raw_schema raw_tuned_pinn = {tuned_pinn_columns, 16, 6, -1, 1, 2, 3, 4,
                                   5, 13, 14, 15, -1, 12, 8};

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
    size_t line;            /* record being read (line0 + 1 = header) */
    size_t line0;           /* lines before the CSV (a journal's first) */
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

/* ---- the other columns: the rules of ST5 and ST17 (fanos_row_check) --- */

static int check_values(read_ctx *r, const raw_row *row)
{
    fanos_row_fault f;
    const char *const *field = (const char *const *)row->field;
    const int rc = fanos_row_check(row->schema == &raw_pinn ||
                                           row->schema == &raw_tuned_pinn
                                       ? FANOS_PROTOCOL_WARMSTART
                                       : FANOS_PROTOCOL_RUN, field, &f);
    if (rc == FANOS_OK && (row->schema->heldout < 0 ||
                           fanos_row_check_heldout(field, (size_t)row->schema->heldout,
                                                   &f) == FANOS_OK))
        return 0;
    const char *col = row->schema->columns[f.column];
    if (f.diverged >= 0)
        cli_error("%s:%zu: %s '%s' with diverged = %d; accepted: %s", r->path,
                  r->line, col, row->field[f.column], f.diverged, f.accepted);
    else
        cli_error("%s:%zu: %s '%s': accepted: %s", r->path, r->line, col,
                  row->field[f.column], f.accepted);
    return -1;
}

const char *schema_kind(const raw_schema *sc)
{
    return sc == &raw_pinn ? "PINN" : sc == &raw_tuned ? "tuned"
           : sc == &raw_data ? "data-set" : sc == &raw_tuned_data
               ? "tuned data-set" : sc == &raw_tuned_pinn ? "tuned PINN"
               : "first-order";
}

/* The schema of a first line of n fields (the PINN rows by their names). */
static const raw_schema *schema_of(size_t n, char *const *field)
{
    const raw_schema *const by_width[] = {&raw_tuned, &raw_data,
                                          &raw_tuned_data};
    /* the PINN rows by their third column, draws (param elsewhere) */
    if (n >= 3 && !strcmp(field[1], raw_pinn.columns[1]) &&
        !strcmp(field[2], raw_pinn.columns[2]))
        return n == raw_tuned_pinn.ncols ? &raw_tuned_pinn : &raw_pinn;
    for (size_t i = 0; i < 3; i++)
        if (n == by_width[i]->ncols)
            return by_width[i];
    return &raw_sweep;
}

/* The header names the schema; every file of a table has the same. */
static void read_header(read_ctx *r)
{
    const raw_schema *sc = schema_of(r->nfields, r->field);
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

/* The first line names columns of a summary of fanos stats. */
static int is_summary(const read_ctx *r)
{
    int summary = 0;
    for (size_t i = 0; i < r->nfields && i < RAW_MAX_COLS; i++)
        summary |= !strcmp(r->field[i], "count") || !strcmp(r->field[i], "best");
    return summary;
}

/* A first line of another width: what the file is, and what is accepted. */
static void not_raw(read_ctx *r, size_t want)
{
    char first[72] = "", what[96] = "";
    for (size_t i = 0; i < r->nfields && i < RAW_MAX_COLS; i++)
        snprintf(first + strlen(first), sizeof first - strlen(first), "%s%s",
                 i ? "," : "", r->field[i]);
    if (strlen(first) == sizeof first - 1)
        memcpy(first + sizeof first - 4, "...", 3);
    const int summary = is_summary(r);
    const size_t plen = strlen(r->path);
    if ((r->nfields && r->field[0][0] == '[') ||
        (plen > 4 && !strcasecmp(r->path + plen - 4, ".ini")))
        snprintf(what, sizeof what, " (an experiment file? fanos sweep FILE "
                 "-o RAW.csv runs it)");
    else if (summary)
        snprintf(what, sizeof what, " (a summary of fanos stats, not a raw "
                 "CSV it reads)");
    cli_error("%s:1: %zu field%s, expected %zu: not a raw CSV of fanos sweep; "
              "its first line is '%s'%s; accepted: a raw CSV whose first line "
              "is %s,%s,%s,... (a first-order sweep) or %s,%s,%s,... (a PINN "
              "sweep)", r->path, r->nfields, r->nfields == 1 ? "" : "s", want,
              first, what,
              raw_columns[0], raw_columns[1], raw_columns[2],
              pinn_columns[0], pinn_columns[1], pinn_columns[2]);
}

static void on_record(int c, void *data)
{
    (void)c;
    read_ctx *r = data;
    r->line++;
    const size_t want = r->schema ? r->schema->ncols
                        : r->nfields <= RAW_MAX_COLS
                            ? schema_of(r->nfields, r->field)->ncols
                            : RAW_NCOLS;
    if (!r->failed && (r->nfields != want || is_summary(r)) && r->line == 1) {
        not_raw(r, want);
        r->failed = 1;
    } else if (!r->failed && r->nfields != want) {
        cli_error("%s:%zu: %zu fields, expected %zu (%s, ...)", r->path, r->line,
                  r->nfields, want, raw_columns[0]);
        r->failed = 1;
    }
    if (!r->failed && r->line == r->line0 + 1) {
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
        if (parse_key(r, row) || check_values(r, row))
            r->failed = 1;
        return;
    }
    clear_fields(r);
}

/* The records of a file (fp) or of text[0..len), after line0 lines. */
static int read_records(raw_table *t, const char *path, FILE *fp,
                        const char *text, size_t len, size_t line0)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        cli_error("out of memory");
        return -1;
    }
    read_ctx r = {.t = t, .path = path, .line = line0, .line0 = line0};
    char buf[65536];
    for (int first = 1; !r.failed && (!fp || (len = fread(buf, 1, sizeof buf,
                                                          fp)) > 0);
         first = 0) {
        const char *b = fp ? buf : text;
        /* a UTF-8 byte order mark, as spreadsheets on Windows write it */
        const size_t skip =
            first && len >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3) ? 3 : 0;
        if (csv_parse(&p, b + skip, len - skip, on_field, on_record, &r) !=
                len - skip && !r.failed) {
            cli_error("%s:%zu: malformed CSV: %s", path, r.line + 1,
                      csv_strerror(csv_error(&p)));
            r.failed = 1;
        }
        if (!fp)
            break;
    }
    if (!r.failed && fp && ferror(fp)) {
        cli_error("%s: cannot read: %s", path, strerror(errno));
        r.failed = 1;
    }
    if (!r.failed && csv_fini(&p, on_field, on_record, &r) != 0) {
        cli_error("%s:%zu: malformed CSV: %s", path, r.line + 1,
                  csv_strerror(csv_error(&p)));
        r.failed = 1;
    }
    if (!r.failed && r.line == line0) {
        cli_error("%s: empty file (expected the header %s,...)", path,
                  raw_columns[0]);
        r.failed = 1;
    }
    clear_fields(&r);
    csv_free(&p);
    return r.failed ? -1 : 0;
}

int raw_table_read(raw_table *t, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        cli_error("%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    cli_note_input(path);
    int rc = read_records(t, path, fp, NULL, 0, 0);
    fclose(fp);
    return rc;
}

int raw_table_read_text(raw_table *t, const char *name, const char *text,
                        size_t len, size_t line0)
{
    return read_records(t, name, NULL, text, len, line0);
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
