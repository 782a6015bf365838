/* check_kernels.c - the fused pass over the gradient that the FANoS step
 * makes before its update: finiteness and 2-norm in one loop
 * (fanos_norm2_check, src/core/optimizer.c), and fanos_norm2 built on it.
 * Expected values are worked out here from sqrt(sum g_i^2). */
#include <config.h>
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include "core/internal.h"

/* Pythagorean triples and sums of squares that are exact in binary. */
START_TEST(norm_values)
{
    double nrm = -1;
    const double g1[2] = {3, -4}, g2[3] = {-1, 2, 2}, g3[1] = {-7};
    ck_assert_int_eq(fanos_norm2_check(g1, 2, &nrm), FANOS_OK);
    ck_assert_double_eq(nrm, 5.0);
    ck_assert_int_eq(fanos_norm2_check(g2, 3, &nrm), FANOS_OK);
    ck_assert_double_eq(nrm, 3.0);
    ck_assert_int_eq(fanos_norm2_check(g3, 1, &nrm), FANOS_OK);
    ck_assert_double_eq(nrm, 7.0);
    /* 1001 entries (an odd count: the vector loop and its remainder):
     * 1000 of 0.5 and one of 2, so sum g^2 = 250 + 4 = 254. */
    double *g = malloc(1001 * sizeof *g);
    ck_assert_ptr_nonnull(g);
    for (int i = 0; i < 1001; i++)
        g[i] = i == 500 ? 2.0 : 0.5;
    ck_assert_int_eq(fanos_norm2_check(g, 1001, &nrm), FANOS_OK);
    ck_assert_double_eq_tol(nrm, sqrt(254.0), 1e-14);
    ck_assert_double_eq_tol(fanos_norm2(g, 1001), sqrt(254.0), 1e-14);
    free(g);
}
END_TEST

/* Sums that overflow or underflow, and the zero vector. */
START_TEST(norm_range)
{
    double nrm = -1;
    /* sum of squares 4e600 overflows; the norm is sqrt(4e600) = 2e300 */
    const double big[4] = {1e300, -1e300, 1e300, 1e300};
    ck_assert_int_eq(fanos_norm2_check(big, 4, &nrm), FANOS_OK);
    ck_assert_double_eq_tol(nrm / 2e300, 1.0, 1e-15);
    /* squares 9e-400 and 16e-400 underflow to 0; the norm is 5e-200 */
    const double tiny[2] = {3e-200, -4e-200};
    ck_assert_int_eq(fanos_norm2_check(tiny, 2, &nrm), FANOS_OK);
    ck_assert_double_eq_tol(nrm / 5e-200, 1.0, 1e-15);
    /* the largest finite entry alone is its own norm */
    const double top[3] = {0, -DBL_MAX, 0};
    ck_assert_int_eq(fanos_norm2_check(top, 3, &nrm), FANOS_OK);
    ck_assert_double_eq(nrm, DBL_MAX);
    const double zero[5] = {0, -0.0, 0, 0, 0};
    ck_assert_int_eq(fanos_norm2_check(zero, 5, &nrm), FANOS_OK);
    ck_assert_double_eq(nrm, 0.0);
}
END_TEST

/* A NaN or an infinity anywhere: FANOS_ENONFINITE and *norm untouched;
 * fanos_norm2 gives NaN for a NaN, +inf for an infinity. */
START_TEST(norm_nonfinite)
{
    const double bad[] = {NAN, INFINITY, -INFINITY};
    double *g = malloc(1001 * sizeof *g);
    ck_assert_ptr_nonnull(g);
    const int where[] = {0, 1, 500, 999, 1000};
    for (int b = 0; b < 3; b++)
        for (int w = 0; w < 5; w++) {
            for (int i = 0; i < 1001; i++)
                g[i] = 1e-3 * (i % 7) - 2e-3;
            g[where[w]] = bad[b];
            double nrm = 42.0;
            ck_assert_int_eq(fanos_norm2_check(g, 1001, &nrm), FANOS_ENONFINITE);
            ck_assert_double_eq(nrm, 42.0);
            double n2 = fanos_norm2(g, 1001);
            if (b == 0)
                ck_assert(isnan(n2));
            else
                ck_assert(n2 == INFINITY);
        }
    /* a NaN wins over an infinity in the same vector */
    const double mix[3] = {INFINITY, 1, NAN};
    ck_assert(isnan(fanos_norm2(mix, 3)));
    free(g);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kernels");
    TCase *c = tcase_create("norm2_check");
    tcase_add_test(c, norm_values);
    tcase_add_test(c, norm_range);
    tcase_add_test(c, norm_nonfinite);
    suite_add_tcase(s, c);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
