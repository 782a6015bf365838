/* testutil.c - helpers shared by the Check suites. */
#include <config.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

const double test_golden_x0[10] = {-1.2, 1.0, -0.5, 0.8, 1.5,
                                   -1.8, 0.3, 0.0, 2.0, -0.9};

double test_reldev(double a, double b)
{
    double scale = fabs(b) > 1.0 ? fabs(b) : 1.0;
    return fabs(a - b) / scale;
}

static size_t split(char *line, char **out, size_t max)
{
    size_t k = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, ",\n\r", &save); t && k < max;
         t = strtok_r(NULL, ",\n\r", &save))
        out[k++] = t;
    return k;
}

int test_csv_load(const char *path, test_csv *csv)
{
    memset(csv, 0, sizeof *csv);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    char *fields[4096];
    size_t rowcap = 0;
    while (getline(&line, &cap, fp) > 0) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        size_t k = split(line, fields, 4096);
        if (!csv->names) {
            csv->ncols = k;
            csv->names = calloc(k, sizeof *csv->names);
            for (size_t i = 0; i < k; i++)
                csv->names[i] = strdup(fields[i]);
            continue;
        }
        if (k != csv->ncols)
            goto fail;
        if (csv->nrows == rowcap) {
            rowcap = rowcap ? 2 * rowcap : 512;
            csv->data = realloc(csv->data, rowcap * csv->ncols * sizeof(double));
        }
        for (size_t i = 0; i < k; i++)
            csv->data[csv->nrows * csv->ncols + i] = strtod(fields[i], NULL);
        csv->nrows++;
    }
    free(line);
    fclose(fp);
    return csv->names ? 0 : -1;
fail:
    free(line);
    fclose(fp);
    test_csv_free(csv);
    return -1;
}

void test_csv_free(test_csv *csv)
{
    for (size_t i = 0; csv->names && i < csv->ncols; i++)
        free(csv->names[i]);
    free(csv->names);
    free(csv->data);
    memset(csv, 0, sizeof *csv);
}

int test_csv_col(const test_csv *csv, const char *name)
{
    for (size_t i = 0; i < csv->ncols; i++)
        if (!strcmp(csv->names[i], name))
            return (int)i;
    return -1;
}

#define GOLDEN_TOL 1e-9

typedef struct {
    const test_csv *csv;
    double maxdev;
    size_t worst_row;
    int worst_col;
} golden_ctx;

static void golden_track(golden_ctx *c, double got, size_t row, int col)
{
    ck_assert_int_ge(col, 0);
    double d = test_reldev(got, c->csv->data[row * c->csv->ncols + (size_t)col]);
    if (!(d <= c->maxdev)) {
        c->maxdev = d != d ? INFINITY : d;
        c->worst_row = row;
        c->worst_col = col;
    }
}

static int golden_step(void *vctx, size_t step, double loss, const double *x,
                       size_t n, fanos_optimizer *opt)
{
    golden_ctx *c = vctx;
    const test_csv *csv = c->csv;
    size_t row = step - 1;
    ck_assert_uint_lt(row, csv->nrows);
    ck_assert_double_eq(csv->data[row * csv->ncols], (double)step);
    golden_track(c, loss, row, test_csv_col(csv, "loss"));
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "x%zu", i);
        golden_track(c, x[i], row, test_csv_col(csv, name));
    }
    for (size_t col = 2 + n; col < csv->ncols; col++) {
        double v;
        ck_assert_int_eq(fanos_optimizer_field_get(opt, csv->names[col], &v, 1),
                         FANOS_OK);
        golden_track(c, v, row, (int)col);
    }
    return 0;
}

double test_run_golden(const char *file, const char *optimizer,
                       const char *const *settings)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", GOLDEN_DIR, file);
    test_csv csv;
    ck_assert_msg(test_csv_load(path, &csv) == 0, "cannot read %s", path);
    ck_assert_uint_ge(csv.nrows, 1);
    const fanos_optimizer_type *type = fanos_optimizer_type_lookup(optimizer);
    ck_assert_ptr_nonnull(type);
    fanos_optimizer *opt;
    ck_assert_int_eq(fanos_optimizer_alloc(&opt, type, 10), FANOS_OK);
    for (const char *const *s = settings; *s; s += 2)
        ck_assert_int_eq(fanos_optimizer_set_text(opt, s[0], s[1]), FANOS_OK);
    double x[10];
    memcpy(x, test_golden_x0, sizeof x);
    golden_ctx c = {&csv, 0.0, 0, 0};
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = csv.nrows;
    ro.on_step = golden_step;
    ro.cb_ctx = &c;
    fanos_run_result res;
    ck_assert_int_eq(fanos_run(fanos_rosenbrock_fdf, NULL, 10, x, opt, &ro, &res), FANOS_OK);
    ck_assert_int_eq(res.diverged, 0);
    ck_assert_uint_eq(res.steps, csv.nrows);
    printf("golden %-40s max deviation %.3e (step %zu, %s)\n", file, c.maxdev,
           c.worst_row + 1, csv.names[c.worst_col]);
    ck_assert_msg(c.maxdev <= GOLDEN_TOL, "%s: deviation %.3e at step %zu column %s",
                  file, c.maxdev, c.worst_row + 1, csv.names[c.worst_col]);
    double dev = c.maxdev;
    fanos_optimizer_free(opt);
    test_csv_free(&csv);
    return dev;
}

char test_tmpdir[512];

void test_make_tmpdir(const char *tag)
{
    const char *t = getenv("TMPDIR");
    snprintf(test_tmpdir, sizeof test_tmpdir, "%s/fanos-%s.XXXXXX",
             t ? t : "/tmp", tag);
    ck_assert_ptr_nonnull(mkdtemp(test_tmpdir));
}

void test_rm_tmpdir(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

const char *test_tpath(const char *name)
{
    static char p[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", test_tmpdir, name);
    return p[k];
}
