/* check_golden.c - FANoS against the reference implementation's float64
 * traces (verify/golden/, doc/reference.md section 10): every loss, iterate, zeta
 * and T_ema within 1e-9 * max(1, |value|) for 300 steps. */
#include <config.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "fanos.h"
#include "testutil.h"

/* [F1] [F2] [F3] [F7] [F8] [F9] [F10] [F11] [F13] [F14] [F15] [F0] */
START_TEST(golden_fanos_default)
{
    const char *s[] = {"lr", "0.03", NULL};
    test_run_golden("fanos_default_lr0.03.csv", "fanos", s);
}
END_TEST

/* [F12] */
START_TEST(golden_fanos_explicit_euler)
{
    const char *s[] = {"lr", "0.003", "explicit_euler", "true", NULL};
    test_run_golden("fanos_explicit_euler_lr0.003.csv", "fanos", s);
}
END_TEST

/* [F16] */
START_TEST(golden_fanos_fixed_friction)
{
    const char *s[] = {"lr", "0.01", "fixed_friction", "1", "zeta_const", "1", NULL};
    test_run_golden("fanos_fixed_friction1_lr0.01.csv", "fanos", s);
}
END_TEST

/* [F9] identity mass */
START_TEST(golden_fanos_identity_mass)
{
    const char *s[] = {"lr", "0.01", "identity_mass", "1", NULL};
    test_run_golden("fanos_identity_mass_lr0.01.csv", "fanos", s);
}
END_TEST

/* [F3] grad_clip = 0 disables the clip */
START_TEST(golden_fanos_no_grad_clip)
{
    const char *s[] = {"lr", "0.001", "grad_clip", "0", NULL};
    test_run_golden("fanos_no_grad_clip_lr0.001.csv", "fanos", s);
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
