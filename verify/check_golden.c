/* check_golden.c - FANoS against the reference implementation's float64
 * traces (verify/golden/, PROTOCOL section 10): every loss, iterate, zeta
 * and T_ema within 1e-9 * max(1, |value|) for 300 steps. */
#include <config.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "fanos.h"
#include "testutil.h"

#define TOL 1e-9

typedef struct {
    const test_csv *csv;
    double maxdev;
    size_t worst_row;
    char worst_col[32];
} cmp_ctx;

static void track(cmp_ctx *c, double got, size_t row, int col)
{
    double want = c->csv->data[row * c->csv->ncols + (size_t)col];
    double d = test_reldev(got, want);
    if (!(d <= c->maxdev) || d != d) {
        c->maxdev = d != d ? INFINITY : d;
        c->worst_row = row;
        snprintf(c->worst_col, sizeof c->worst_col, "%s", c->csv->names[col]);
    }
}

static int compare_step(void *vctx, size_t step, double loss, const double *x,
                        size_t n, fanos_optimizer *opt)
{
    cmp_ctx *c = vctx;
    size_t row = step - 1;
    ck_assert_uint_lt(row, c->csv->nrows);
    ck_assert_double_eq(c->csv->data[row * c->csv->ncols], (double)step);
    track(c, loss, row, test_csv_col(c->csv, "loss"));
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "x%zu", i);
        track(c, x[i], row, test_csv_col(c->csv, name));
    }
    const char *diag[] = {"zeta", "T_ema"};
    for (int k = 0; k < 2; k++) {
        int col = test_csv_col(c->csv, diag[k]);
        if (col < 0)
            continue;
        double v;
        ck_assert_int_eq(fanos_optimizer_field_get(opt, diag[k], &v, 1), FANOS_OK);
        track(c, v, row, col);
    }
    return 0;
}

/* Run one golden file: the optimizer named by the file, configured by the
 * settings given, 300 steps from the golden x0. */
static double run_golden(const char *file, const char *optimizer,
                         const char *const *settings)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", GOLDEN_DIR, file);
    test_csv csv;
    ck_assert_msg(test_csv_load(path, &csv) == 0, "cannot read %s", path);
    ck_assert_uint_eq(csv.nrows, 300);
    fanos_optimizer *opt;
    ck_assert_int_eq(fanos_optimizer_alloc(&opt,
                     fanos_optimizer_type_lookup(optimizer), 10), FANOS_OK);
    for (const char *const *s = settings; *s; s += 2)
        ck_assert_int_eq(fanos_optimizer_set_text(opt, s[0], s[1]), FANOS_OK);
    double x[10];
    memcpy(x, test_golden_x0, sizeof x);
    cmp_ctx c = {&csv, 0.0, 0, ""};
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = 300;
    ro.on_step = compare_step;
    ro.cb_ctx = &c;
    fanos_run_result res;
    ck_assert_int_eq(fanos_run(fanos_rosenbrock_fdf, NULL, 10, x, opt, &ro, &res), FANOS_OK);
    ck_assert_int_eq(res.diverged, 0);
    ck_assert_uint_eq(res.steps, 300);
    printf("golden %-40s max deviation %.3e (row %zu, %s)\n", file, c.maxdev,
           c.worst_row + 1, c.worst_col);
    ck_assert_msg(c.maxdev <= TOL, "%s: deviation %.3e at step %zu column %s",
                  file, c.maxdev, c.worst_row + 1, c.worst_col);
    fanos_optimizer_free(opt);
    test_csv_free(&csv);
    return c.maxdev;
}

/* [F1] [F2] [F3] [F7] [F8] [F9] [F10] [F11] [F13] [F14] [F15] [F0] */
START_TEST(golden_fanos_default)
{
    const char *s[] = {"lr", "0.03", NULL};
    run_golden("fanos_default_lr0.03.csv", "fanos", s);
}
END_TEST

/* [F12] */
START_TEST(golden_fanos_explicit_euler)
{
    const char *s[] = {"lr", "0.003", "explicit_euler", "true", NULL};
    run_golden("fanos_explicit_euler_lr0.003.csv", "fanos", s);
}
END_TEST

/* [F16] */
START_TEST(golden_fanos_fixed_friction)
{
    const char *s[] = {"lr", "0.01", "fixed_friction", "1", "zeta_const", "1", NULL};
    run_golden("fanos_fixed_friction1_lr0.01.csv", "fanos", s);
}
END_TEST

/* [F9] identity mass */
START_TEST(golden_fanos_identity_mass)
{
    const char *s[] = {"lr", "0.01", "identity_mass", "1", NULL};
    run_golden("fanos_identity_mass_lr0.01.csv", "fanos", s);
}
END_TEST

/* [F3] grad_clip = 0 disables the clip */
START_TEST(golden_fanos_no_grad_clip)
{
    const char *s[] = {"lr", "0.001", "grad_clip", "0", NULL};
    run_golden("fanos_no_grad_clip_lr0.001.csv", "fanos", s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("golden");
    TCase *tc = tcase_create("fanos");
    tcase_add_test(tc, golden_fanos_default);
    tcase_add_test(tc, golden_fanos_explicit_euler);
    tcase_add_test(tc, golden_fanos_fixed_friction);
    tcase_add_test(tc, golden_fanos_identity_mass);
    tcase_add_test(tc, golden_fanos_no_grad_clip);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
