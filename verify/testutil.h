/* testutil.h - helpers shared by the Check suites. */
#ifndef FANOS_TESTUTIL_H
#define FANOS_TESTUTIL_H

#include <stddef.h>
#include <check.h>
#include "fanos.h"

/* Set one parameter of opt and fail the calling test unless it was
 * accepted, so that a misspelled name or a refused value cannot leave a
 * test running on the default. */
#define TEST_SET(opt, name, value)                                         \
    ck_assert_msg(fanos_optimizer_set((opt), (name), (value)) == FANOS_OK, \
                  "cannot set %s = %.17g", (name), (double)(value))
#define TEST_SET_TEXT(opt, name, text)                                         \
    ck_assert_msg(fanos_optimizer_set_text((opt), (name), (text)) == FANOS_OK, \
                  "cannot set %s = %s", (name), (text))

/* A numeric CSV: '#' lines skipped, one header line, then rows. */
typedef struct {
    size_t nrows, ncols;
    char **names;       /* ncols column names */
    double *data;       /* nrows * ncols, row-major */
} test_csv;

int test_csv_load(const char *path, test_csv *csv);   /* 0 on success */
void test_csv_free(test_csv *csv);
int test_csv_col(const test_csv *csv, const char *name); /* -1 if absent */

/* |a - b| / max(1, |b|) */
double test_reldev(double a, double b);

/* The x0 of the golden traces (Rosenbrock-10D). */
extern const double test_golden_x0[10];

/* Run `optimizer` (with settings: name, value, ..., NULL) for as many steps
 * as the golden trace `file` (in GOLDEN_DIR) has rows, on Rosenbrock-10D
 * from test_golden_x0, through fanos_run(), and compare every column of the
 * trace: loss, x0..x9, and any other column as the optimizer field of that
 * name (FANoS: zeta, T_ema).  Fails the calling Check test when a value is
 * off by more than 1e-9 * max(1, |value|); returns the largest deviation. */
double test_run_golden(const char *file, const char *optimizer,
                       const char *const *settings);

/* A temporary folder of the calling test ($TMPDIR or /tmp, named after
 * tag), file paths in it (the last four stay valid), and its removal; the
 * Check assertions fail the test when one cannot be made. */
extern char test_tmpdir[512];
void test_make_tmpdir(const char *tag);
void test_rm_tmpdir(void);
const char *test_tpath(const char *name);

#endif
