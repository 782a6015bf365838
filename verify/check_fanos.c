/* check_fanos.c - FANoS rule by rule (doc/spec.md section 1) with values
 * worked out here from the equations, its parameter validation, the
 * chained Rosenbrock (section 2) and the budgeted runner (section 3). */
#include <config.h>
#include <check.h>
#include <math.h>
#include <string.h>
#include "fanos.h"
#include "testutil.h"

static fanos_optimizer *make(size_t n)
{
    fanos_optimizer *o;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, fanos_optimizer_fanos, n), FANOS_OK);
    return o;
}

static double field(fanos_optimizer *o, const char *name)
{
    double v;
    ck_assert_int_eq(fanos_optimizer_field_get(o, name, &v, 1), FANOS_OK);
    return v;
}

/* [F0] the initial state, with T0_max set before the first step. */
START_TEST(initial_state)
{
    fanos_optimizer *o = make(3);
    ck_assert_int_eq(fanos_optimizer_set(o, "T0_max", 5e-3), FANOS_OK);
    double v[3], s[3];
    ck_assert_int_eq(fanos_optimizer_field_get(o, "v", v, 3), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "s", s, 3), FANOS_OK);
    for (int i = 0; i < 3; i++) {
        ck_assert_double_eq(v[i], 0.0);
        ck_assert_double_eq(s[i], 0.0);
    }
    ck_assert_double_eq(field(o, "zeta"), 0.0);
    ck_assert_double_eq(field(o, "T_ema"), 5e-3);
    ck_assert_double_eq(field(o, "k"), 0.0);
    fanos_optimizer_free(o);
}
END_TEST

/* [F1] [F2] k starts at 1; the schedule; tau <= 0 gives T0_min. */
START_TEST(counter_and_schedule)
{
    fanos_optimizer *o = make(2);
    TEST_SET(o, "T0_max", 2e-3);
    TEST_SET(o, "T0_min", 5e-4);
    TEST_SET(o, "tau", 7.0);
    double x[2] = {1, 2}, g[2] = {0.1, -0.2};
    for (int k = 1; k <= 3; k++) {
        ck_assert_int_eq(fanos_optimizer_step(o, x, g, 1.0), FANOS_OK);
        ck_assert_double_eq(field(o, "k"), (double)k);
        ck_assert_double_eq_tol(field(o, "T0"), 5e-4 + 1.5e-3 * exp(-k / 7.0), 1e-18);
    }
    TEST_SET(o, "tau", 0.0);
    fanos_optimizer_step(o, x, g, 1.0);
    ck_assert_double_eq(field(o, "T0"), 5e-4);
    TEST_SET(o, "tau", -3.0);
    fanos_optimizer_step(o, x, g, 1.0);
    ck_assert_double_eq(field(o, "T0"), 5e-4);
    fanos_optimizer_free(o);
}
END_TEST

/* [F3] [F7] [F8] [F9] [F10] [F11] [F13] [F14] [F15] the first step by hand:
 * g = (3, 4), ||g|| = 5, grad_clip 1, RMS mass. */
START_TEST(first_step_by_hand)
{
    fanos_optimizer *o = make(2);
    const double h = 0.1;
    TEST_SET(o, "lr", h);
    double x[2] = {1.0, -1.0}, g[2] = {3.0, 4.0};
    ck_assert_int_eq(fanos_optimizer_step(o, x, g, 1.0), FANOS_OK);
    double c = 1.0 / (5.0 + 1e-12), kin = 0;
    double v[2], s[2], xe[2] = {1.0, -1.0};
    fanos_optimizer_field_get(o, "v", v, 2);
    fanos_optimizer_field_get(o, "s", s, 2);
    for (int i = 0; i < 2; i++) {
        double gi = c * g[i];
        double si = 0.001 * gi * gi;          /* beta s + (1 - beta) g^2, s = 0 */
        double mi = sqrt(si) + 1e-8;
        double vi = -h * gi / mi;             /* (1 - h*0) * 0 - h g / m */
        ck_assert_double_eq_tol(s[i], si, 1e-18);
        ck_assert_double_eq_tol(v[i], vi, 1e-14);
        ck_assert_double_eq_tol(x[i], xe[i] + h * vi, 1e-14);
        kin += mi * vi * vi;
    }
    double T_inst = kin / 2, T_ema = 0.9 * 1e-3 + 0.1 * T_inst;
    double T0 = 1e-3 * exp(-1.0 / 20000.0);
    ck_assert_double_eq_tol(field(o, "T_inst"), T_inst, 1e-15);
    ck_assert_double_eq_tol(field(o, "T_ema"), T_ema, 1e-15);
    ck_assert_double_eq_tol(field(o, "zeta"), 0.0 + h / 1.0 * (T_ema - T0), 1e-15);
    /* |g/m| is about 1/sqrt(1 - beta) = 31.6 on the first step */
    ck_assert_double_eq_tol(fabs(v[0]) / h, 1.0 / sqrt(0.001), 1e-3);
    fanos_optimizer_free(o);
}
END_TEST

/* [F3] grad_clip = 0 leaves the gradient unscaled. */
START_TEST(clip_disabled)
{
    fanos_optimizer *o = make(1);
    TEST_SET(o, "grad_clip", 0);
    TEST_SET(o, "identity_mass", 1);
    double x = 0, g = 1000.0;
    fanos_optimizer_step(o, &x, &g, 1.0);
    ck_assert_double_eq_tol(field(o, "T_inst"), pow(1e-3 * 1000.0, 2), 1e-15);
    fanos_optimizer_free(o);
}
END_TEST

/* [F4] a non-finite gradient entry skips the step but advances k. */
START_TEST(nonfinite_gradient_skips)
{
    fanos_optimizer *o = make(3);
    double x[3] = {1, 2, 3}, g[3] = {0.5, 0.5, 0.5};
    fanos_optimizer_step(o, x, g, 1.0);
    double x1[3], v1[3], v2[3], s1[3], s2[3];
    memcpy(x1, x, sizeof x);
    fanos_optimizer_field_get(o, "v", v1, 3);
    fanos_optimizer_field_get(o, "s", s1, 3);
    double z1 = field(o, "zeta"), T1 = field(o, "T_ema");
    const double bad[] = {NAN, INFINITY, -INFINITY};
    for (int b = 0; b < 3; b++) {
        g[1] = bad[b];
        ck_assert_int_eq(fanos_optimizer_step(o, x, g, 1.0), FANOS_SKIPPED);
        ck_assert_double_eq(field(o, "k"), 2.0 + b);
        ck_assert_mem_eq(x, x1, sizeof x);
        fanos_optimizer_field_get(o, "v", v2, 3);
        fanos_optimizer_field_get(o, "s", s2, 3);
        ck_assert_mem_eq(v1, v2, sizeof v1);
        ck_assert_mem_eq(s1, s2, sizeof s1);
        ck_assert_double_eq(field(o, "zeta"), z1);
        ck_assert_double_eq(field(o, "T_ema"), T1);
    }
    fanos_optimizer_free(o);
}
END_TEST

/* [F5] [F11] decoupled weight decay: theta (1 - h lambda), then theta += h v;
 * [F3] the gradient is under the clip, so c = 1. */
START_TEST(decoupled_weight_decay)
{
    fanos_optimizer *o = make(1);
    TEST_SET(o, "lr", 0.1);
    TEST_SET(o, "weight_decay", 0.5);
    TEST_SET(o, "identity_mass", 1);
    double x = 2.0, g = 0.25;
    fanos_optimizer_step(o, &x, &g, 1.0);
    ck_assert_double_eq_tol(x, 2.0 * (1 - 0.05) + 0.1 * (-0.1 * 0.25), 1e-15);
    fanos_optimizer_free(o);
}
END_TEST

/* [F6] coupled weight decay: g + lambda theta, scaled by the clip factor of
 * the RAW gradient's norm. */
START_TEST(coupled_weight_decay)
{
    fanos_optimizer *o = make(2);
    TEST_SET(o, "lr", 0.1);
    TEST_SET(o, "weight_decay", 0.5);
    TEST_SET(o, "decoupled_weight_decay", 0);
    TEST_SET(o, "identity_mass", 1);
    double x[2] = {2.0, -4.0}, g[2] = {3.0, 4.0};
    fanos_optimizer_step(o, x, g, 1.0);
    double c = 1.0 / (5.0 + 1e-12);
    double e0 = 2.0 + 0.1 * (-0.1 * c * (3.0 + 0.5 * 2.0));
    double e1 = -4.0 + 0.1 * (-0.1 * c * (4.0 + 0.5 * -4.0));
    ck_assert_double_eq_tol(x[0], e0, 1e-15);
    ck_assert_double_eq_tol(x[1], e1, 1e-15);
    fanos_optimizer_free(o);
}
END_TEST

/* [F12] explicit Euler moves theta with the old velocity (zero at first). */
START_TEST(explicit_euler_first_steps)
{
    fanos_optimizer *o = make(1);
    TEST_SET(o, "explicit_euler", 1);
    TEST_SET(o, "identity_mass", 1);
    TEST_SET(o, "lr", 0.1);
    double x = 1.0, g = 0.5;
    fanos_optimizer_step(o, &x, &g, 1.0);
    ck_assert_double_eq(x, 1.0);
    double v1 = field(o, "v"), z1 = field(o, "zeta");
    fanos_optimizer_step(o, &x, &g, 1.0);
    ck_assert_double_eq_tol(v1, -0.05, 1e-16);
    ck_assert_double_eq_tol(x, 1.0 + 0.1 * v1, 1e-16);
    ck_assert_double_eq_tol(field(o, "v"), (1 - 0.1 * z1) * v1 - 0.05, 1e-16);
    fanos_optimizer_free(o);
}
END_TEST

/* [F12] [F5] explicit Euler with decoupled weight decay: theta (1 - h lambda)
 * + h v_k, with v_0 = 0 at the first step and v_1 at the second. */
START_TEST(explicit_euler_weight_decay)
{
    fanos_optimizer *o = make(1);
    TEST_SET(o, "explicit_euler", 1);
    TEST_SET(o, "identity_mass", 1);
    TEST_SET(o, "lr", 0.1);
    TEST_SET(o, "weight_decay", 0.5);
    double x = 2.0, g = 0.25;
    ck_assert_int_eq(fanos_optimizer_step(o, &x, &g, 1.0), FANOS_OK);
    ck_assert_double_eq_tol(x, 2.0 * (1 - 0.05), 1e-15);
    const double v1 = field(o, "v");
    ck_assert_double_eq_tol(v1, -0.1 * 0.25, 1e-16);
    ck_assert_int_eq(fanos_optimizer_step(o, &x, &g, 1.0), FANOS_OK);
    ck_assert_double_eq_tol(x, 2.0 * 0.95 * 0.95 + 0.1 * v1, 1e-15);
    fanos_optimizer_free(o);
}
END_TEST

/* [F2] a schedule with 0 < tau < 1 decays as e^{-k/tau} too. */
START_TEST(short_schedule)
{
    fanos_optimizer *o = make(1);
    TEST_SET(o, "T0_max", 2e-3);
    TEST_SET(o, "T0_min", 5e-4);
    TEST_SET(o, "tau", 0.5);
    double x = 1, g = 0.1;
    for (int k = 1; k <= 2; k++) {
        ck_assert_int_eq(fanos_optimizer_step(o, &x, &g, 1.0), FANOS_OK);
        ck_assert_double_eq_tol(field(o, "T0"), 5e-4 + 1.5e-3 * exp(-k / 0.5), 1e-18);
    }
    fanos_optimizer_free(o);
}
END_TEST

/* [F15] the thermostat gain is h / Q: with Q = 4 the first step moves zeta
 * by (h / 4) (T_ema - T0(1)), read from the state after the step. */
START_TEST(thermostat_gain)
{
    fanos_optimizer *o = make(2);
    TEST_SET(o, "Q", 4.0);
    TEST_SET(o, "lr", 0.1);
    double x[2] = {1, 2}, g[2] = {0.3, -0.4};
    ck_assert_int_eq(fanos_optimizer_step(o, x, g, 1.0), FANOS_OK);
    const double want = (0.1 / 4.0) * (field(o, "T_ema") - field(o, "T0"));
    ck_assert(want != 0.0);
    ck_assert_double_eq_tol(field(o, "zeta"), want, 1e-15 * fabs(want));
    fanos_optimizer_free(o);
}
END_TEST

/* [F17] a finite step is no divergence; a non-finite zeta is set to
 * +zeta_clip for any zeta_clip > 0 (here 0.5) and left non-finite when
 * zeta_clip = 0 disables the clip. */
START_TEST(nonfinite_zeta_and_clip)
{
    fanos_optimizer *o = make(2);
    double x[2] = {1, 2}, g[2] = {0.3, -0.4};
    ck_assert_int_eq(fanos_optimizer_step(o, x, g, 1.0), FANOS_OK);
    ck_assert(isfinite(field(o, "zeta")));
    fanos_optimizer_free(o);
    const double clip[2] = {0.5, 0.0};
    for (int c = 0; c < 2; c++) {
        o = make(2);
        TEST_SET(o, "grad_clip", 0);
        TEST_SET(o, "zeta_clip", clip[c]);
        double y[2] = {0, 0}, h[2] = {1e200, -1e200};
        ck_assert_int_eq(fanos_optimizer_step(o, y, h, 1.0), FANOS_ENONFINITE);
        if (clip[c] > 0)
            ck_assert_double_eq(field(o, "zeta"), clip[c]);
        else
            ck_assert(!isfinite(field(o, "zeta")));
        fanos_optimizer_free(o);
    }
}
END_TEST

/* [F16] fixed friction: zeta = zeta_const after each step; step 1 uses 0. */
START_TEST(fixed_friction)
{
    fanos_optimizer *o = make(1);
    TEST_SET(o, "fixed_friction", 1);
    TEST_SET(o, "zeta_const", 5.0);
    TEST_SET(o, "identity_mass", 1);
    TEST_SET(o, "lr", 0.1);
    double x = 0, g = 1.0;
    fanos_optimizer_step(o, &x, &g, 1.0);
    const double c = 1.0 / (1.0 + 1e-12); /* clip factor of ||g|| = 1 */
    ck_assert_double_eq_tol(field(o, "v"), -0.1 * c, 1e-16); /* (1 - 0) 0 - h g */
    ck_assert_double_eq(field(o, "zeta"), 5.0);
    fanos_optimizer_step(o, &x, &g, 1.0);
    ck_assert_double_eq_tol(field(o, "v"), (1 - 0.5) * -0.1 * c - 0.1 * c, 1e-16);
    fanos_optimizer_free(o);
}
END_TEST

/* [F17] overflow without the clip is reported and zeta set to +zeta_clip. */
START_TEST(nonfinite_result_reported)
{
    fanos_optimizer *o = make(2);
    TEST_SET(o, "grad_clip", 0);
    double x[2] = {0, 0}, g[2] = {1e200, -1e200};
    ck_assert_int_eq(fanos_optimizer_step(o, x, g, 1.0), FANOS_ENONFINITE);
    ck_assert_double_eq(field(o, "zeta"), 10.0);
    fanos_optimizer_free(o);
    /* an iterate that overflows */
    o = make(1);
    TEST_SET(o, "identity_mass", 1);
    TEST_SET(o, "grad_clip", 0);
    TEST_SET(o, "lr", 1e10);
    double xx = 1e300, gg = 1e300;
    ck_assert_int_eq(fanos_optimizer_step(o, &xx, &gg, 1.0), FANOS_ENONFINITE);
    fanos_optimizer_free(o);
}
END_TEST

/* [F18] rules between parameters, at check() and at every step. */
START_TEST(cross_rules)
{
    fanos_optimizer *o = make(1);
    size_t bad = 99;
    double x = 0, g = 1;
    TEST_SET(o, "T0_min", 0.5);
    ck_assert_int_eq(fanos_optimizer_check(o, &bad), FANOS_ECONFLICT);
    ck_assert_int_eq(fanos_optimizer_type_param_index(fanos_optimizer_fanos, "T0_min"), (int)bad);
    ck_assert_int_eq(fanos_optimizer_step(o, &x, &g, 1.0), FANOS_ECONFLICT);
    TEST_SET(o, "T0_max", 0.5);
    ck_assert_int_eq(fanos_optimizer_check(o, &bad), FANOS_OK);
    TEST_SET(o, "lr", 0.5);
    TEST_SET(o, "weight_decay", 2.0);
    ck_assert_int_eq(fanos_optimizer_check(o, &bad), FANOS_ECONFLICT);
    ck_assert_int_eq(fanos_optimizer_type_param_index(fanos_optimizer_fanos, "weight_decay"), (int)bad);
    TEST_SET(o, "weight_decay", 1.999);
    ck_assert_int_eq(fanos_optimizer_check(o, &bad), FANOS_OK);
    fanos_optimizer_free(o);
}
END_TEST

/* [F18] every parameter's out-of-range values, each rejected on its own. */
START_TEST(parameter_ranges)
{
    static const struct { const char *name; double bad[4]; int nbad; double good[3]; int ngood; } t[] = {
        {"lr", {0, -1e-3}, 2, {1e-12, 3.0}, 2},
        {"beta", {-0.1, 1.0, 1.5}, 3, {0, 0.5, 0.999999}, 3},
        {"eps", {0, -1e-8}, 2, {1e-300, 1}, 2},
        {"Q", {0, -1}, 2, {1e-6, 1e6}, 2},
        {"T0_max", {-1e-3}, 1, {0, 1}, 2},
        {"T0_min", {-1e-9}, 1, {0}, 1},
        {"tau", {0}, 0, {-5, 0, 1e9}, 3},
        {"rho_T", {-0.01, 1.0}, 2, {0, 0.99}, 2},
        {"zeta_clip", {-1}, 1, {0, 100}, 2},
        {"grad_clip", {-1}, 1, {0, 1e9}, 2},
        {"weight_decay", {-0.1}, 1, {0, 0.5}, 2},
        {"decoupled_weight_decay", {2, 0.5, -1}, 3, {0, 1}, 2},
        {"explicit_euler", {2, 0.5}, 2, {0, 1}, 2},
        {"fixed_friction", {3}, 1, {0, 1}, 2},
        {"zeta_const", {0}, 0, {-3, 0, 3}, 3},
        {"identity_mass", {-1}, 1, {0, 1}, 2},
    };
    const fanos_optimizer_type *ty = fanos_optimizer_fanos;
    ck_assert_uint_eq(ty->nparams, sizeof t / sizeof t[0]);
    fanos_optimizer *o = make(1);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        double before;
        ck_assert_int_eq(fanos_optimizer_get(o, t[i].name, &before), FANOS_OK);
        for (int b = 0; b < t[i].nbad; b++) {
            ck_assert_int_eq(fanos_optimizer_set(o, t[i].name, t[i].bad[b]), FANOS_ERANGE);
            double after;
            fanos_optimizer_get(o, t[i].name, &after);
            ck_assert_double_eq(after, before); /* a rejected value is not kept */
        }
        ck_assert_int_eq(fanos_optimizer_set(o, t[i].name, NAN), FANOS_ERANGE);
        ck_assert_int_eq(fanos_optimizer_set(o, t[i].name, INFINITY), FANOS_ERANGE);
        ck_assert_int_eq(fanos_optimizer_set(o, t[i].name, -INFINITY), FANOS_ERANGE);
        ck_assert_int_eq(fanos_optimizer_set_text(o, t[i].name, "abc"), FANOS_EPARSE);
        ck_assert_int_eq(fanos_optimizer_set_text(o, t[i].name, "1e-3x"), FANOS_EPARSE);
        for (int k = 0; k < t[i].ngood; k++) {
            ck_assert_int_eq(fanos_optimizer_set(o, t[i].name, t[i].good[k]), FANOS_OK);
            TEST_SET(o, t[i].name, before);
        }
    }
    ck_assert_int_eq(fanos_optimizer_set_text(o, "explicit_euler", "true"), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set_text(o, "explicit_euler", "false"), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set_text(o, "explicit_euler", "yes"), FANOS_EPARSE);
    ck_assert_int_eq(fanos_optimizer_set(o, "no_such", 1), FANOS_EUNKNOWN);
    fanos_optimizer_free(o);
}
END_TEST

/* Checkpoint and resume: the state read after k steps and set into a new
 * optimizer continues bit for bit. */
START_TEST(checkpoint_resume)
{
    double x[10], y[10], g[10], f;
    for (int i = 0; i < 10; i++)
        x[i] = 0.1 * i - 0.4;
    fanos_optimizer *a = make(10), *b = make(10);
    TEST_SET(a, "lr", 0.02);
    TEST_SET(b, "lr", 0.02);
    for (int k = 0; k < 50; k++) {
        fanos_rosenbrock_fdf(NULL, 10, x, &f, g);
        fanos_optimizer_step(a, x, g, f);
    }
    const char *vec[] = {"v", "s"}, *sc[] = {"zeta", "T_ema", "k"};
    double buf[10];
    for (int i = 0; i < 2; i++) {
        fanos_optimizer_field_get(a, vec[i], buf, 10);
        ck_assert_int_eq(fanos_optimizer_field_set(b, vec[i], buf, 10), FANOS_OK);
    }
    for (int i = 0; i < 3; i++) {
        fanos_optimizer_field_get(a, sc[i], buf, 1);
        ck_assert_int_eq(fanos_optimizer_field_set(b, sc[i], buf, 1), FANOS_OK);
    }
    memcpy(y, x, sizeof x);
    for (int k = 0; k < 50; k++) {
        fanos_rosenbrock_fdf(NULL, 10, x, &f, g);
        fanos_optimizer_step(a, x, g, f);
        fanos_rosenbrock_fdf(NULL, 10, y, &f, g);
        fanos_optimizer_step(b, y, g, f);
    }
    ck_assert_mem_eq(x, y, sizeof x);
    ck_assert_int_eq(fanos_optimizer_field_set(b, "T_inst", buf, 1), FANOS_EREADONLY);
    fanos_optimizer_free(a);
    fanos_optimizer_free(b);
}
END_TEST

/* [R1] [R2] values by hand, the gradient against central differences. */
START_TEST(rosenbrock)
{
    double x[3] = {1, 1, 1}, g[3], f;
    ck_assert_int_eq(fanos_rosenbrock_fdf(NULL, 3, x, &f, g), FANOS_OK);
    ck_assert_double_eq(f, 0.0);
    for (int i = 0; i < 3; i++)
        ck_assert_double_eq(g[i], 0.0);
    double y[3] = {0.5, -1.0, 2.0};
    fanos_rosenbrock_fdf(NULL, 3, y, &f, g);
    /* 100(-1 - 0.25)^2 + 0.25 + 100(2 - 1)^2 + 4 */
    ck_assert_double_eq_tol(f, 156.25 + 0.25 + 100 + 4, 1e-12);
    ck_assert_double_eq_tol(g[0], -400 * 0.5 * (-1.25) - 2 * 0.5, 1e-12);
    ck_assert_double_eq_tol(g[1], 200 * (-1.25) - 400 * -1.0 * 1.0 - 2 * 2.0, 1e-12);
    ck_assert_double_eq_tol(g[2], 200 * 1.0, 1e-12);
    double z[7] = {-1.2, 0.7, 0.3, -0.4, 1.9, -1.1, 0.05}, gz[7];
    fanos_rosenbrock_fdf(NULL, 7, z, &f, gz);
    for (int i = 0; i < 7; i++) {
        double hstep = 1e-6, zp[7], zm[7], fp, fm;
        memcpy(zp, z, sizeof z);
        memcpy(zm, z, sizeof z);
        zp[i] += hstep;
        zm[i] -= hstep;
        fanos_rosenbrock_fdf(NULL, 7, zp, &fp, NULL);
        fanos_rosenbrock_fdf(NULL, 7, zm, &fm, NULL);
        ck_assert_double_eq_tol(gz[i], (fp - fm) / (2 * hstep), 1e-5 * (1 + fabs(gz[i])));
    }
    ck_assert_int_eq(fanos_rosenbrock_fdf(NULL, 1, z, &f, gz), FANOS_EDIM);
    ck_assert_int_eq(fanos_rosenbrock_fdf(NULL, 2, NULL, &f, gz), FANOS_ENULL);
}
END_TEST

/* [R3] fresh draws: in (-2, 2), one stream per seed, deterministic. */
START_TEST(rosenbrock_fresh_draws)
{
    double a[100], b[100], c[100];
    fanos_rosenbrock_x0(100, 0, a);
    fanos_rosenbrock_x0(100, 0, b);
    fanos_rosenbrock_x0(100, 4356, c); /* would alias seed 0 without the shift */
    ck_assert_mem_eq(a, b, sizeof a);
    ck_assert_int_ne(memcmp(a, c, sizeof a), 0);
    double mean = 0;
    for (int i = 0; i < 100; i++) {
        ck_assert(a[i] >= -2 && a[i] < 2);
        mean += a[i] / 100;
    }
    ck_assert_double_lt(fabs(mean), 0.5);
    ck_assert_int_eq(fanos_rosenbrock_x0(100, 4294967295UL, a), FANOS_ERANGE);
}
END_TEST

/* A problem that counts its evaluations and turns non-finite on demand. */
typedef struct { size_t calls, nan_at, nan_grad_at; } counting;
static int counted(void *ctx, size_t n, const double *x, double *f, double *g)
{
    counting *c = ctx;
    c->calls++;
    int rc = fanos_rosenbrock_fdf(NULL, n, x, f, g);
    if (c->calls == c->nan_at)
        *f = NAN;
    if (g && c->calls == c->nan_grad_at)
        g[0] = NAN;
    return rc;
}

typedef struct { double losses[64]; size_t n; } loss_log;
static int log_loss(void *ctx, size_t step, double loss, const double *x,
                    size_t n, fanos_optimizer *opt)
{
    loss_log *l = ctx;
    (void)x; (void)n; (void)opt;
    ck_assert_uint_eq(step, l->n + 1);
    if (l->n < 64)
        l->losses[l->n++] = loss;
    return 0;
}

/* [L1] budget, final loss before the last step, non-finite loss. */
START_TEST(runner_before_last)
{
    double x[4] = {-1, 0.5, 0.2, 1.5};
    fanos_optimizer *o = make(4);
    counting c = {0, 0, 0};
    loss_log l = {{0}, 0};
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = 20;
    ro.on_step = log_loss;
    ro.cb_ctx = &l;
    fanos_run_result r;
    ck_assert_int_eq(fanos_run(counted, &c, 4, x, o, &ro, &r), FANOS_OK);
    ck_assert_uint_eq(c.calls, 20);
    ck_assert_uint_eq(r.evals, 20);
    ck_assert_uint_eq(r.steps, 20);
    ck_assert_double_eq(r.final_loss, l.losses[19]);
    double f_after;
    fanos_rosenbrock_fdf(NULL, 4, x, &f_after, NULL);
    ck_assert_double_ne(r.final_loss, f_after);
    fanos_optimizer_free(o);

    o = make(4);
    c = (counting){0, 7, 0};
    ro.on_step = NULL;
    ck_assert_int_eq(fanos_run(counted, &c, 4, x, o, &ro, &r), FANOS_OK);
    ck_assert_int_eq(r.diverged, 1);
    ck_assert_uint_eq(r.diverged_step, 7);
    ck_assert_uint_eq(c.calls, 7);
    ck_assert(isnan(r.final_loss));
    ro.budget = 0;
    ck_assert_int_eq(fanos_run(counted, &c, 4, x, o, &ro, &r), FANOS_EBUDGET);
    fanos_optimizer_free(o);
}
END_TEST

/* [L2] exactly budget steps, final loss after the last step. */
START_TEST(runner_after_last)
{
    double x[4] = {-1, 0.5, 0.2, 1.5};
    fanos_optimizer *o = make(4);
    counting c = {0, 0, 0};
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = 15;
    ro.loop = FANOS_LOOP_AFTER_LAST;
    fanos_run_result r;
    ck_assert_int_eq(fanos_run(counted, &c, 4, x, o, &ro, &r), FANOS_OK);
    ck_assert_uint_eq(r.steps, 15);
    ck_assert_uint_eq(c.calls, 16); /* 15 with gradient, then the loss */
    double f_after;
    fanos_rosenbrock_fdf(NULL, 4, x, &f_after, NULL);
    ck_assert_double_eq(r.final_loss, f_after);
    /* a loss that turns non-finite after the last step */
    fanos_optimizer_reset(o);
    c = (counting){0, 16, 0};
    ck_assert_int_eq(fanos_run(counted, &c, 4, x, o, &ro, &r), FANOS_OK);
    ck_assert_int_eq(r.diverged, 1);
    ck_assert_uint_eq(r.diverged_step, 16);
    fanos_optimizer_free(o);
}
END_TEST

/* [L3] clip_grad_norm_ by hand. */
START_TEST(clip_grad_norm)
{
    double g[2] = {3, 4}, norm;
    ck_assert_int_eq(fanos_clip_grad_norm(g, 2, 1.0, &norm), FANOS_OK);
    ck_assert_double_eq(norm, 5.0);
    ck_assert_double_eq_tol(g[0], 3.0 / (5.0 + 1e-6), 1e-16);
    ck_assert_double_eq_tol(g[1], 4.0 / (5.0 + 1e-6), 1e-16);
    double h[2] = {0.3, 0.4};
    fanos_clip_grad_norm(h, 2, 1.0, NULL);
    ck_assert_double_eq(h[0], 0.3); /* min(1, 1/(0.5+1e-6)) = 1 */
    double big[3] = {1e300, 1e300, 1e300};
    fanos_clip_grad_norm(big, 3, 2.0, &norm);
    ck_assert_double_eq_tol(norm / 1e300, sqrt(3.0), 1e-15);
    ck_assert_double_eq_tol(big[0], 2.0 / sqrt(3.0), 1e-12);
    ck_assert_int_eq(fanos_clip_grad_norm(g, 2, 0.0, NULL), FANOS_ERANGE);
    ck_assert_int_eq(fanos_clip_grad_norm(g, 0, 1.0, NULL), FANOS_EDIM);
}
END_TEST

/* [L4] a non-finite gradient is skipped and counted; a non-finite step
 * ends the run as diverged. */
START_TEST(runner_skip_and_diverge)
{
    double x[4] = {-1, 0.5, 0.2, 1.5};
    fanos_optimizer *o = make(4);
    counting c = {0, 0, 5};
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = 10;
    fanos_run_result r;
    ck_assert_int_eq(fanos_run(counted, &c, 4, x, o, &ro, &r), FANOS_OK);
    ck_assert_uint_eq(r.skipped, 1);
    ck_assert_int_eq(r.diverged, 0);
    fanos_optimizer_free(o);

    o = make(4);
    TEST_SET(o, "grad_clip", 0);
    TEST_SET(o, "lr", 50.0);
    TEST_SET(o, "identity_mass", 1);
    double y[4] = {1e100, -1e100, 1e100, 3};
    c = (counting){0, 0, 0};
    ck_assert_int_eq(fanos_run(counted, &c, 4, y, o, &ro, &r), FANOS_OK);
    ck_assert_int_eq(r.diverged, 1);
    ck_assert_uint_eq(r.diverged_step, 1);
    ck_assert(isnan(r.final_loss));
    fanos_optimizer_free(o);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fanos");
    TCase *a = tcase_create("step");
    tcase_add_test(a, initial_state);
    tcase_add_test(a, counter_and_schedule);
    tcase_add_test(a, first_step_by_hand);
    tcase_add_test(a, clip_disabled);
    tcase_add_test(a, nonfinite_gradient_skips);
    tcase_add_test(a, decoupled_weight_decay);
    tcase_add_test(a, coupled_weight_decay);
    tcase_add_test(a, explicit_euler_first_steps);
    tcase_add_test(a, explicit_euler_weight_decay);
    tcase_add_test(a, short_schedule);
    tcase_add_test(a, thermostat_gain);
    tcase_add_test(a, nonfinite_zeta_and_clip);
    tcase_add_test(a, fixed_friction);
    tcase_add_test(a, nonfinite_result_reported);
    tcase_add_test(a, checkpoint_resume);
    suite_add_tcase(s, a);
    TCase *b = tcase_create("validation");
    tcase_add_test(b, cross_rules);
    tcase_add_test(b, parameter_ranges);
    suite_add_tcase(s, b);
    TCase *c = tcase_create("problem_and_runner");
    tcase_add_test(c, rosenbrock);
    tcase_add_test(c, rosenbrock_fresh_draws);
    tcase_add_test(c, runner_before_last);
    tcase_add_test(c, runner_after_last);
    tcase_add_test(c, clip_grad_norm);
    tcase_add_test(c, runner_skip_and_diverge);
    suite_add_tcase(s, c);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
