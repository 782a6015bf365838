/* testutil.h - helpers shared by the Check suites. */
#ifndef FANOS_TESTUTIL_H
#define FANOS_TESTUTIL_H

#include <stddef.h>
#include "fanos.h"

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

#endif
