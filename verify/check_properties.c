/* check_properties.c - the theory of doc/reference.md section 7 (doc/spec.md
 * section 4) checked on the production step function: the one-step map is
 * obtained by stepping basis vectors through fanos_optimizer_step(). */
#include <config.h>
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include "fanos.h"
#include "testutil.h"

/* FANoS on L = 1/2 w^2 theta^2 in one coordinate: identity mass, no clip,
 * constant friction zeta held in the state (fixed friction keeps it). */
static fanos_optimizer *oscillator(double h, double zeta, int euler)
{
    fanos_optimizer *o;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, fanos_optimizer_fanos, 1), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(o, "lr", h), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(o, "identity_mass", 1), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(o, "grad_clip", 0), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(o, "zeta_clip", 0), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(o, "fixed_friction", 1), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(o, "zeta_const", zeta), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(o, "explicit_euler", euler), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_field_set(o, "zeta", &zeta, 1), FANOS_OK);
    return o;
}

/* One production step from (theta, v); returns the step's status. */
static int step(fanos_optimizer *o, double w, double *theta, double *v)
{
    ck_assert_int_eq(fanos_optimizer_field_set(o, "v", v, 1), FANOS_OK);
    double g = w * w * *theta;
    int rc = fanos_optimizer_step(o, theta, &g, 0.5 * g * *theta);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "v", v, 1), FANOS_OK);
    return rc;
}

/* The one-step map M (row-major 2x2 on (theta, v)) from the basis vectors. */
static void one_step_map(double h, double w, double zeta, int euler, double M[4])
{
    for (int col = 0; col < 2; col++) {
        fanos_optimizer *o = oscillator(h, zeta, euler);
        double theta = col == 0, v = col == 1;
        ck_assert_int_eq(step(o, w, &theta, &v), FANOS_OK);
        M[0 + col] = theta;
        M[2 + col] = v;
        fanos_optimizer_free(o);
    }
}

static double det2(const double M[4]) { return M[0] * M[3] - M[1] * M[2]; }

/* Spectral radius of a real 2x2 matrix from its trace and determinant. */
static double spectral_radius(const double M[4])
{
    double t = M[0] + M[3], d = det2(M), disc = t * t / 4 - d;
    if (disc >= 0)
        return fmax(fabs(t / 2 + sqrt(disc)), fabs(t / 2 - sqrt(disc)));
    return sqrt(d);
}

/* [P1] det M = 1 and the entries of M, over a grid of h*w in (0, 2). */
START_TEST(map_is_area_preserving)
{
    const double hs[] = {1e-3, 0.01, 0.1, 0.5, 1.0};
    int checked = 0;
    for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++)
        for (int j = 1; j < 200; j++) {
            double h = hs[i], hw = 2.0 * j / 200.0, w = hw / h, M[4];
            one_step_map(h, w, 0.0, 0, M);
            ck_assert_double_eq_tol(det2(M), 1.0, 1e-12);
            ck_assert_double_eq_tol(M[0], 1 - hw * hw, 1e-12);
            ck_assert_double_eq_tol(M[1] / h, 1.0, 1e-12);
            ck_assert_double_eq_tol(M[2] * h / (hw * hw), -1.0, 1e-12);
            ck_assert_double_eq_tol(M[3], 1.0, 1e-12);
            ck_assert_double_eq_tol(M[0] + M[3], 2 - hw * hw, 1e-12);
            checked++;
        }
    ck_assert_int_eq(checked, 5 * 199);
}
END_TEST

/* [P2] [P3] bounded and modified energy conserved for 1e6 steps, hw < 2. */
START_TEST(bounded_and_energy_conserved)
{
    const double hws[] = {0.01, 0.5, 1.0, 1.5, 1.9, 1.99, 1.999};
    const double h = 0.01;
    for (size_t i = 0; i < sizeof hws / sizeof hws[0]; i++) {
        double hw = hws[i], w = hw / h;
        fanos_optimizer *o = oscillator(h, 0.0, 0);
        double theta = 1.0, v = 0.3 * w;
        double E0 = v * v + w * w * theta * theta - h * w * w * theta * v;
        double r0 = v * v + w * w * theta * theta, rmax = r0, emax = 0;
        ck_assert_int_eq(fanos_optimizer_field_set(o, "v", &v, 1), FANOS_OK);
        for (long k = 0; k < 1000000; k++) {
            double g = w * w * theta;
            ck_assert_int_eq(fanos_optimizer_step(o, &theta, &g, 0), FANOS_OK);
            fanos_optimizer_field_get(o, "v", &v, 1);
            double E = v * v + w * w * theta * theta - h * w * w * theta * v;
            emax = fmax(emax, fabs(E - E0) / E0);
            rmax = fmax(rmax, v * v + w * w * theta * theta);
        }
        /* E >= (1 - hw/2)(v^2 + w^2 theta^2) bounds the iterates. */
        ck_assert_double_le(rmax, E0 / (1 - hw / 2) * (1 + 1e-9));
        ck_assert_msg(emax <= 1e-10, "hw=%g: energy drift %.3e", hw, emax);
        fanos_optimizer_free(o);
    }
}
END_TEST

/* [P2] at hw = 2 the iterates grow linearly, above 2 exponentially. */
START_TEST(unstable_at_and_beyond_two)
{
    const double h = 0.5;
    fanos_optimizer *o = oscillator(h, 0.0, 0);
    double w = 2.0 / h, theta = 1.0, v = 0.0;
    for (int k = 1; k <= 1000; k++) {
        ck_assert_int_eq(step(o, w, &theta, &v), FANOS_OK);
        /* Jordan block at -1: |theta_k| = |1 + 2k|-like linear growth */
        if (k == 10 || k == 1000)
            ck_assert_double_ge(fabs(theta), (double)k);
    }
    ck_assert_double_le(fabs(theta), 1e4); /* linear, not exponential */
    fanos_optimizer_free(o);

    const double above[] = {2.0 + 1e-6, 2.001, 2.1, 3.0};
    for (size_t i = 0; i < sizeof above / sizeof above[0]; i++) {
        o = oscillator(h, 0.0, 0);
        w = above[i] / h;
        theta = 1.0;
        v = 0.0;
        int k = 0;
        while (fabs(theta) < 1e12 && k < 10000000) {
            ck_assert_int_eq(step(o, w, &theta, &v), FANOS_OK);
            k++;
        }
        ck_assert_double_ge(fabs(theta), 1e12);
        fanos_optimizer_free(o);
    }
}
END_TEST

/* [P4] explicit Euler: r^2 = w^2 theta^2 + v^2 grows by exactly 1 + h^2 w^2
 * per step, for every h tried. */
START_TEST(explicit_euler_diverges)
{
    const double hws[] = {1e-3, 0.01, 0.1, 0.5, 1.0, 1.9};
    const double hs[] = {1e-4, 1e-2, 1.0};
    for (size_t a = 0; a < sizeof hs / sizeof hs[0]; a++)
        for (size_t i = 0; i < sizeof hws / sizeof hws[0]; i++) {
            double h = hs[a], hw = hws[i], w = hw / h, M[4];
            one_step_map(h, w, 0.0, 1, M);
            ck_assert_double_eq_tol(det2(M), 1 + hw * hw, 1e-12 * (1 + hw * hw));
            ck_assert_double_gt(spectral_radius(M), 1.0);
            fanos_optimizer *o = oscillator(h, 0.0, 1);
            double theta = 1.0, v = 0.0, r0 = w * w;
            for (int k = 1; k <= 100; k++) {
                ck_assert_int_eq(step(o, w, &theta, &v), FANOS_OK);
                double r = w * w * theta * theta + v * v;
                ck_assert_double_eq_tol(r / r0 / pow(1 + hw * hw, k), 1.0, 1e-12 * k);
            }
            fanos_optimizer_free(o);
        }
}
END_TEST

/* [P5] constant friction set in the state: det, and the two boundaries. */
START_TEST(friction_boundaries)
{
    const double h = 0.1;
    int stable_si = 0, stable_ee = 0, both = 0;
    for (int i = 1; i <= 60; i++)
        for (int j = 0; j < 40; j++) {
            double hw = 3.0 * i / 60, hz = 2.0 * j / 40, w = hw / h, z = hz / h;
            double M[4], E[4];
            one_step_map(h, w, z, 0, M);
            one_step_map(h, w, z, 1, E);
            ck_assert_double_eq_tol(det2(M), 1 - hz, 1e-12);
            ck_assert_double_eq_tol(det2(E), 1 - hz + hw * hw, 1e-12 * (1 + hw * hw));
            double b_si = 4 - 2 * hz - hw * hw, b_ee = hz - hw * hw;
            if (fabs(b_si) > 1e-9 && hz > 0) {
                int st = spectral_radius(M) < 1 - 1e-15;
                ck_assert_msg(st == (b_si > 0), "semi-implicit hw=%g hz=%g", hw, hz);
                stable_si += st;
            }
            if (fabs(b_ee) > 1e-9 && hz > 0) {
                int st = spectral_radius(E) < 1 - 1e-15;
                ck_assert_msg(st == (b_ee > 0), "explicit hw=%g hz=%g", hw, hz);
                stable_ee += st;
                both += st && !(b_si > 0);
            }
        }
    /* friction shrinks the semi-implicit region, and explicit Euler is
     * stable at large h*zeta where the semi-implicit update is not */
    ck_assert_int_gt(stable_si, 0);
    ck_assert_int_gt(stable_ee, 0);
    ck_assert_int_gt(both, 0);
}
END_TEST

/* [P6] zeta within +-zeta_clip after every step, hostile finite inputs. */
START_TEST(zeta_stays_clipped)
{
    const size_t n = 16;
    double x[16], g[16];
    unsigned seed = 12345;
    const double gmax[] = {1e300, 1e150, 0.0, 1.0};
    const double clips[] = {1.0, 0.0, 1.0, 1.0};
    for (int c = 0; c < 4; c++)
        for (int lrk = 0; lrk < 3; lrk++) {
            fanos_optimizer *o;
            fanos_optimizer_alloc(&o, fanos_optimizer_fanos, n);
            const double lrs[] = {1e-3, 0.1, 5.0};
            TEST_SET(o, "lr", lrs[lrk]);
            TEST_SET(o, "grad_clip", clips[c]);
            TEST_SET(o, "Q", 1e-3);
            for (size_t i = 0; i < n; i++)
                x[i] = 1.0;
            for (int k = 0; k < 2000; k++) {
                for (size_t i = 0; i < n; i++) {
                    seed = seed * 1103515245u + 12345u;
                    double u = (double)(seed >> 8) / 16777216.0;
                    double sign = ((k + (int)i) % 2) ? 1 : -1; /* alternating */
                    g[i] = sign * gmax[c] * pow(u, 3);
                }
                int rc = fanos_optimizer_step(o, x, g, 1.0);
                double z;
                fanos_optimizer_field_get(o, "zeta", &z, 1);
                ck_assert_msg(z >= -10.0 && z <= 10.0, "zeta %g out of clip", z);
                if (rc == FANOS_ENONFINITE)
                    break; /* reported, never silent; x may have overflowed */
                ck_assert_int_eq(rc, FANOS_OK);
            }
            fanos_optimizer_free(o);
        }
}
END_TEST

/* [P6] without the clip zeta is not bounded by 10. */
START_TEST(zeta_unbounded_without_clip)
{
    fanos_optimizer *o;
    fanos_optimizer_alloc(&o, fanos_optimizer_fanos, 1);
    TEST_SET(o, "zeta_clip", 0);
    TEST_SET(o, "lr", 0.5);
    TEST_SET(o, "Q", 1e-3);
    double big = 50.0, x = 0, g = 0;
    fanos_optimizer_field_set(o, "T_ema", &big, 1);
    ck_assert_int_eq(fanos_optimizer_step(o, &x, &g, 1.0), FANOS_OK);
    double z;
    fanos_optimizer_field_get(o, "zeta", &z, 1);
    ck_assert_double_gt(z, 10.0);
    /* the same with the default clip stops at 10 */
    TEST_SET(o, "zeta_clip", 10);
    fanos_optimizer_reset(o);
    fanos_optimizer_field_set(o, "T_ema", &big, 1);
    ck_assert_int_eq(fanos_optimizer_step(o, &x, &g, 1.0), FANOS_OK);
    fanos_optimizer_field_get(o, "zeta", &z, 1);
    ck_assert_double_eq(z, 10.0);
    fanos_optimizer_free(o);
}
END_TEST

/* [P7] the thermostat raises zeta when T_ema > T0 and lowers it below. */
START_TEST(thermostat_direction)
{
    const double temps[] = {0.0, 1e-4, 5e-4, 2e-3, 1e-2, 1.0};
    for (size_t i = 0; i < sizeof temps / sizeof temps[0]; i++) {
        fanos_optimizer *o;
        fanos_optimizer_alloc(&o, fanos_optimizer_fanos, 2);
        TEST_SET(o, "rho_T", 0.0); /* T_ema = T_inst */
        TEST_SET(o, "identity_mass", 1);
        TEST_SET(o, "lr", 1e-2);
        /* v chosen so that T_inst after the step equals temps[i] */
        double v[2] = {sqrt(temps[i]), sqrt(temps[i])}, x[2] = {0, 0}, g[2] = {0, 0};
        double z0 = 0.25;
        fanos_optimizer_field_set(o, "v", v, 2);
        fanos_optimizer_field_set(o, "zeta", &z0, 1);
        ck_assert_int_eq(fanos_optimizer_step(o, x, g, 1.0), FANOS_OK);
        double z, T, T0;
        fanos_optimizer_field_get(o, "zeta", &z, 1);
        fanos_optimizer_field_get(o, "T_ema", &T, 1);
        fanos_optimizer_field_get(o, "T0", &T0, 1);
        if (T > T0)
            ck_assert_double_gt(z, z0);
        else
            ck_assert_double_lt(z, z0);
        fanos_optimizer_free(o);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("properties");
    TCase *tc = tcase_create("oscillator");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, map_is_area_preserving);
    tcase_add_test(tc, bounded_and_energy_conserved);
    tcase_add_test(tc, unstable_at_and_beyond_two);
    tcase_add_test(tc, explicit_euler_diverges);
    tcase_add_test(tc, friction_boundaries);
    tcase_add_test(tc, zeta_stays_clipped);
    tcase_add_test(tc, zeta_unbounded_without_clip);
    tcase_add_test(tc, thermostat_direction);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
