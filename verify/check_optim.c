/* check_optim.c - the PyTorch baselines (SGD, AdamW, RMSProp): golden
 * traces of torch.optim, first steps worked out by hand from the equations
 * written here, divergence reports, and the parameter validation of every
 * optimizer of sections 5 and 6 of doc/spec.md. */
#include <config.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "fanos.h"
#include "testutil.h"

#define HAND_TOL 1e-14

/* [SGD1] [SGD2] [SGD3] [SGD4]: torch.optim.SGD(lr=1e-4, momentum=0.9) */
START_TEST(golden_sgd)
{
    const char *s[] = {"lr", "0.0001", "momentum", "0.9", NULL};
    test_run_golden("sgd_momentum0.9_lr0.0001.csv", "sgd", s);
}
END_TEST

/* [ADW1] [ADW2] [ADW3]: torch.optim.AdamW(lr=3e-3), weight decay 0.01 */
START_TEST(golden_adamw)
{
    const char *s[] = {"lr", "0.003", NULL};
    test_run_golden("adamw_lr0.003.csv", "adamw", s);
}
END_TEST

/* [RMS1] [RMS2] [RMS3] [RMS6]: torch.optim.RMSprop(lr=1e-2) */
START_TEST(golden_rmsprop)
{
    const char *s[] = {"lr", "0.01", NULL};
    test_run_golden("rmsprop_lr0.01.csv", "rmsprop", s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* First steps by hand                                                  */
/* ------------------------------------------------------------------ */

/* Fixed gradients for three steps on two coordinates (the gradient does
 * not depend on x: the steps are probed with chosen inputs). */
static const double X0[2] = {1.0, -2.0};
static const double G[3][2] = {{0.5, 1.0}, {-0.25, 0.5}, {1.0, -1.5}};

static fanos_optimizer *make(const char *name, const char *const *settings)
{
    fanos_optimizer *opt;
    ck_assert_int_eq(fanos_optimizer_alloc(&opt,
                     fanos_optimizer_type_lookup(name), 2), FANOS_OK);
    for (const char *const *s = settings; s && *s; s += 2)
        ck_assert_int_eq(fanos_optimizer_set_text(opt, s[0], s[1]), FANOS_OK);
    return opt;
}

static void assert_close(double got, double want, const char *what, int k)
{
    ck_assert_msg(test_reldev(got, want) <= HAND_TOL,
                  "%s step %d: got %.17g, want %.17g", what, k, got, want);
}

/* [SGD1] [SGD2] [SGD3] [SGD4] Nesterov with weight decay:
 * d = g + wd x; b1 = d1, b = mu b + d; x -= lr (d + mu b). */
START_TEST(hand_sgd_nesterov)
{
    const char *s[] = {"lr", "0.1", "momentum", "0.9", "nesterov", "1",
                       "weight_decay", "0.1", NULL};
    fanos_optimizer *opt = make("sgd", s);
    double x[2] = {X0[0], X0[1]}, ex[2] = {X0[0], X0[1]}, b[2] = {0, 0};
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(fanos_optimizer_step(opt, x, G[k], 1.0), FANOS_OK);
        for (int i = 0; i < 2; i++) {
            double d = G[k][i] + 0.1 * ex[i];
            b[i] = k == 0 ? d : 0.9 * b[i] + d;
            ex[i] = ex[i] - 0.1 * (d + 0.9 * b[i]);
            assert_close(x[i], ex[i], "sgd nesterov x", k + 1);
        }
    }
    double buf[2];
    ck_assert_int_eq(fanos_optimizer_field_get(opt, "momentum_buffer", buf, 2), FANOS_OK);
    assert_close(buf[0], b[0], "sgd nesterov buffer", 3);
    assert_close(buf[1], b[1], "sgd nesterov buffer", 3);
    /* First step by hand in numbers: d1 = 0.5 + 0.1 = 0.6, b1 = 0.6,
     * x1 = 1 - 0.1 (0.6 + 0.54) = 0.886 (coordinate 0). */
    fanos_optimizer_reset(opt);
    double y[2] = {X0[0], X0[1]};
    ck_assert_int_eq(fanos_optimizer_step(opt, y, G[0], 1.0), FANOS_OK);
    assert_close(y[0], 0.886, "sgd nesterov number", 1);
    fanos_optimizer_free(opt);
}
END_TEST

/* [SGD2] Dampening does not act on the first step (the buffer is d1):
 * b1 = d1, then b = mu b + (1 - tau) d. */
START_TEST(hand_sgd_dampening)
{
    const char *s[] = {"lr", "0.1", "momentum", "0.9", "dampening", "0.5", NULL};
    fanos_optimizer *opt = make("sgd", s);
    double x[2] = {X0[0], X0[1]};
    /* coordinate 0: b1 = 0.5, x1 = 1 - 0.05 = 0.95;
     * b2 = 0.45 - 0.125 = 0.325, x2 = 0.95 - 0.0325 = 0.9175;
     * b3 = 0.2925 + 0.5 = 0.7925, x3 = 0.9175 - 0.07925 = 0.83825 */
    const double want[3] = {0.95, 0.9175, 0.83825};
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(fanos_optimizer_step(opt, x, G[k], 1.0), FANOS_OK);
        assert_close(x[0], want[k], "sgd dampening x0", k + 1);
    }
    double kk;
    ck_assert_int_eq(fanos_optimizer_field_get(opt, "k", &kk, 1), FANOS_OK);
    ck_assert_double_eq(kk, 3.0);
    fanos_optimizer_free(opt);
}
END_TEST

/* [SGD2] The buffer is created by the first step taken with momentum, as
 * PyTorch creates it, not by the first step: two plain steps, then
 * momentum 0.9 with dampening 0.5 gives b = d3 (undampened), then
 * b4 = 0.9 b + 0.5 d4. */
START_TEST(hand_sgd_momentum_switched_on)
{
    const char *s[] = {"lr", "0.1", NULL};
    fanos_optimizer *opt = make("sgd", s);
    double x[2] = {X0[0], X0[1]}, kk;
    /* coordinate 0: x1 = 1 - 0.05 = 0.95, x2 = 0.95 + 0.025 = 0.975 */
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[0], 1.0), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[1], 1.0), FANOS_OK);
    assert_close(x[0], 0.975, "sgd switched x0", 2);
    ck_assert_int_eq(fanos_optimizer_field_get(opt, "k", &kk, 1), FANOS_OK);
    ck_assert_double_eq(kk, 0.0);
    ck_assert_int_eq(fanos_optimizer_set(opt, "momentum", 0.9), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(opt, "dampening", 0.5), FANOS_OK);
    /* b3 = d3 = 1, x3 = 0.975 - 0.1 = 0.875;
     * b4 = 0.9 + 0.5 * 0.5 = 1.15, x4 = 0.875 - 0.115 = 0.76 */
    const double g4[2] = {0.5, 0.0};
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[2], 1.0), FANOS_OK);
    assert_close(x[0], 0.875, "sgd switched x0", 3);
    double buf[2];
    ck_assert_int_eq(fanos_optimizer_field_get(opt, "momentum_buffer", buf, 2), FANOS_OK);
    assert_close(buf[0], 1.0, "sgd switched buffer", 3);
    assert_close(buf[1], -1.5, "sgd switched buffer", 3);
    ck_assert_int_eq(fanos_optimizer_step(opt, x, g4, 1.0), FANOS_OK);
    assert_close(x[0], 0.76, "sgd switched x0", 4);
    /* momentum off again keeps the buffer; back on, it is used */
    ck_assert_int_eq(fanos_optimizer_set(opt, "momentum", 0.0), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_step(opt, x, g4, 1.0), FANOS_OK);
    assert_close(x[0], 0.71, "sgd switched x0", 5);
    ck_assert_int_eq(fanos_optimizer_set(opt, "momentum", 0.9), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_step(opt, x, g4, 1.0), FANOS_OK);
    /* b6 = 0.9 * 1.15 + 0.25 = 1.285, x6 = 0.71 - 0.1285 = 0.5815 */
    assert_close(x[0], 0.5815, "sgd switched x0", 6);
    ck_assert_int_eq(fanos_optimizer_field_get(opt, "k", &kk, 1), FANOS_OK);
    ck_assert_double_eq(kk, 3.0);
    fanos_optimizer_free(opt);
}
END_TEST

/* [SGD3] [SGD4] momentum 0: plain gradient step x -= lr g. */
START_TEST(hand_sgd_plain)
{
    const char *s[] = {"lr", "0.5", NULL};
    fanos_optimizer *opt = make("sgd", s);
    double x[2] = {X0[0], X0[1]};
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[0], 1.0), FANOS_OK);
    assert_close(x[0], 0.75, "sgd plain", 1);
    assert_close(x[1], -2.5, "sgd plain", 1);
    fanos_optimizer_free(opt);
}
END_TEST

/* [ADW1] [ADW2] [ADW3] three steps: decay, moments, bias-corrected step. */
START_TEST(hand_adamw)
{
    const char *s[] = {"lr", "0.1", "beta1", "0.8", "beta2", "0.9",
                       "weight_decay", "0.5", NULL};
    fanos_optimizer *opt = make("adamw", s);
    double x[2] = {X0[0], X0[1]}, ex[2] = {X0[0], X0[1]};
    double m[2] = {0, 0}, v[2] = {0, 0};
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(fanos_optimizer_step(opt, x, G[k], 1.0), FANOS_OK);
        double t = k + 1;
        for (int i = 0; i < 2; i++) {
            double g = G[k][i];
            m[i] = 0.8 * m[i] + 0.2 * g;
            v[i] = 0.9 * v[i] + 0.1 * g * g;
            double mhat = m[i] / (1 - pow(0.8, t)), vhat = v[i] / (1 - pow(0.9, t));
            ex[i] = ex[i] * (1 - 0.1 * 0.5) - 0.1 * mhat / (sqrt(vhat) + 1e-8);
            assert_close(x[i], ex[i], "adamw x", k + 1);
        }
    }
    /* The first AdamW step moves each coordinate by lr*g/(|g|+eps) after the
     * decay: x1 = 0.95 - 0.1 (coordinate 0, to 1e-8). */
    fanos_optimizer_reset(opt);
    double y[2] = {X0[0], X0[1]};
    ck_assert_int_eq(fanos_optimizer_step(opt, y, G[0], 1.0), FANOS_OK);
    ck_assert_double_eq_tol(y[0], 0.85, 1e-8);
    fanos_optimizer_free(opt);
}
END_TEST

/* [RMS1] [RMS2] [RMS4] [RMS5] centered with momentum and weight decay:
 * g += wd x; s = a s + (1-a) g^2; gb = a gb + (1-a) g;
 * avg = sqrt(s - gb^2) + eps; b = mu b + g/avg; x -= lr b. */
START_TEST(hand_rmsprop_centered_momentum)
{
    const char *s[] = {"lr", "0.01", "alpha", "0.9", "momentum", "0.5",
                       "centered", "1", "weight_decay", "0.2", NULL};
    fanos_optimizer *opt = make("rmsprop", s);
    double x[2] = {X0[0], X0[1]}, ex[2] = {X0[0], X0[1]};
    double sq[2] = {0, 0}, gb[2] = {0, 0}, b[2] = {0, 0};
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(fanos_optimizer_step(opt, x, G[k], 1.0), FANOS_OK);
        for (int i = 0; i < 2; i++) {
            double g = G[k][i] + 0.2 * ex[i];
            sq[i] = 0.9 * sq[i] + 0.1 * g * g;
            gb[i] = 0.9 * gb[i] + 0.1 * g;
            double avg = sqrt(sq[i] - gb[i] * gb[i]) + 1e-8;
            b[i] = 0.5 * b[i] + g / avg;
            ex[i] -= 0.01 * b[i];
            assert_close(x[i], ex[i], "rmsprop centered momentum x", k + 1);
        }
    }
    double ga[2];
    ck_assert_int_eq(fanos_optimizer_field_get(opt, "grad_avg", ga, 2), FANOS_OK);
    assert_close(ga[1], gb[1], "rmsprop grad_avg", 3);
    /* First step in numbers (coordinate 0): g = 0.7, s = 0.049, gb = 0.07,
     * avg = sqrt(0.049 - 0.0049) = 0.21, b = 0.7/0.21 = 10/3,
     * x1 = 1 - 0.01 * 10/3 (to the eps: 0.01 * 0.7e-8 / 0.21^2 < 1e-8). */
    fanos_optimizer_reset(opt);
    double y[2] = {X0[0], X0[1]};
    ck_assert_int_eq(fanos_optimizer_step(opt, y, G[0], 1.0), FANOS_OK);
    ck_assert_double_eq_tol(y[0], 1.0 - 0.01 * 10.0 / 3.0, 1e-8);
    fanos_optimizer_free(opt);
}
END_TEST

/* [RMS4] [RMS6] centered without momentum: x -= lr g / (sqrt(s - gb^2) + eps). */
START_TEST(hand_rmsprop_centered)
{
    const char *s[] = {"lr", "0.01", "alpha", "0.5", "centered", "true", NULL};
    fanos_optimizer *opt = make("rmsprop", s);
    double x[2] = {X0[0], X0[1]}, ex = X0[1], sq = 0, gb = 0;
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(fanos_optimizer_step(opt, x, G[k], 1.0), FANOS_OK);
        double g = G[k][1];
        sq = 0.5 * sq + 0.5 * g * g;
        gb = 0.5 * gb + 0.5 * g;
        ex -= 0.01 * g / (sqrt(sq - gb * gb) + 1e-8);
        assert_close(x[1], ex, "rmsprop centered x1", k + 1);
    }
    /* Step 1 in numbers: s = 0.5, gb = 0.5, sqrt(0.25) = 0.5: x1 = -2 - 0.02. */
    fanos_optimizer_reset(opt);
    double y[2] = {X0[0], X0[1]};
    ck_assert_int_eq(fanos_optimizer_step(opt, y, G[0], 1.0), FANOS_OK);
    ck_assert_double_eq_tol(y[1], -2.02, 1e-8);
    fanos_optimizer_free(opt);
}
END_TEST

/* [RMS3] [RMS5] not centered, with momentum: eps after the square root. */
START_TEST(hand_rmsprop_momentum)
{
    const char *s[] = {"lr", "0.01", "alpha", "0.5", "momentum", "0.9",
                       "eps", "0.25", NULL};
    fanos_optimizer *opt = make("rmsprop", s);
    double x[2] = {X0[0], X0[1]};
    /* coordinate 1, gradients 1, 0.5, -1.5: s = a s + (1-a) g^2,
     * avg = sqrt(s) + eps, b = mu b + g/avg, x = x - lr b. */
    double s1 = 0.5 * 1.0 * 1.0, avg1 = sqrt(s1) + 0.25, b1 = 1.0 / avg1;
    double s2 = 0.5 * s1 + 0.5 * 0.25, avg2 = sqrt(s2) + 0.25, b2 = 0.9 * b1 + 0.5 / avg2;
    double s3 = 0.5 * s2 + 0.5 * 2.25, avg3 = sqrt(s3) + 0.25, b3 = 0.9 * b2 - 1.5 / avg3;
    const double want[3] = {-2 - 0.01 * b1, -2 - 0.01 * (b1 + b2),
                            -2 - 0.01 * (b1 + b2 + b3)};
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(fanos_optimizer_step(opt, x, G[k], 1.0), FANOS_OK);
        assert_close(x[1], want[k], "rmsprop momentum x1", k + 1);
    }
    fanos_optimizer_free(opt);
}
END_TEST

/* [RMS6] plain RMSProp, first step: x -= lr g / (|g| sqrt(1-a) + eps). */
START_TEST(hand_rmsprop_plain)
{
    fanos_optimizer *opt = make("rmsprop", NULL);
    double x[2] = {X0[0], X0[1]};
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[0], 1.0), FANOS_OK);
    /* s = 0.01 * 0.25, sqrt = 0.05; x0 = 1 - 0.01 * 0.5 / (0.05 + 1e-8) */
    assert_close(x[0], 1.0 - 0.01 * 0.5 / (0.05 + 1e-8), "rmsprop plain", 1);
    fanos_optimizer_free(opt);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Divergence reports                                                   */
/* ------------------------------------------------------------------ */

static int step_with(const char *name, const char *const *s, double g0)
{
    fanos_optimizer *opt = make(name, s);
    double x[2] = {X0[0], X0[1]}, g[2] = {g0, 1.0};
    int rc = fanos_optimizer_step(opt, x, g, 1.0);
    fanos_optimizer_free(opt);
    return rc;
}

/* [SGD6] [ADW5] [RMS7] a non-finite iterate, and a state that overflows
 * while the iterate stays finite, are both reported. */
START_TEST(nonfinite_baselines)
{
    const char *mom[] = {"momentum", "0.9", NULL};
    ck_assert_int_eq(step_with("sgd", NULL, INFINITY), FANOS_ENONFINITE);
    ck_assert_int_eq(step_with("sgd", mom, NAN), FANOS_ENONFINITE);
    ck_assert_int_eq(step_with("sgd", mom, 1e300), FANOS_OK);
    ck_assert_int_eq(step_with("adamw", NULL, NAN), FANOS_ENONFINITE);
    /* g = 1e200: v = inf, the step m/sqrt(v) is 0 and x stays finite. */
    ck_assert_int_eq(step_with("adamw", NULL, 1e200), FANOS_ENONFINITE);
    ck_assert_int_eq(step_with("adamw", NULL, 1e100), FANOS_OK);
    ck_assert_int_eq(step_with("rmsprop", NULL, 1e200), FANOS_ENONFINITE);
    ck_assert_int_eq(step_with("rmsprop", NULL, NAN), FANOS_ENONFINITE);
    ck_assert_int_eq(step_with("rmsprop", NULL, 1e100), FANOS_OK);
    /* The momentum buffer overflows on the second step of SGD. */
    fanos_optimizer *opt = make("sgd", mom);
    double x[2] = {0, 0}, g[2] = {1e308, 0};
    ck_assert_int_eq(fanos_optimizer_step(opt, x, g, 1.0), FANOS_OK);
    x[0] = 0;
    ck_assert_int_eq(fanos_optimizer_step(opt, x, g, 1.0), FANOS_ENONFINITE);
    fanos_optimizer_free(opt);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Parameter validation                                                 */
/* ------------------------------------------------------------------ */

/* One out-of-range value for each parameter, and the nearest valid one. */
typedef struct {
    const char *opt, *param;
    double bad, good;
} range_case;

static const range_case ranges[] = {
    {"sgd", "lr", 0.0, 1e-12}, {"sgd", "momentum", -1e-9, 0.0},
    {"sgd", "momentum", 1.0 + 1e-9, 1.0}, {"sgd", "dampening", -0.1, 0.0},
    {"sgd", "dampening", 1.5, 1.0}, {"sgd", "nesterov", 0.5, 1.0},
    {"sgd", "weight_decay", -1e-9, 0.0},
    {"adamw", "lr", -1.0, 1e-9}, {"adamw", "beta1", 1.0, 0.999999},
    {"adamw", "beta1", -0.1, 0.0}, {"adamw", "beta2", 1.0, 0.0},
    {"adamw", "eps", 0.0, 1e-300}, {"adamw", "weight_decay", -1.0, 0.0},
    {"rmsprop", "lr", 0.0, 1.0}, {"rmsprop", "alpha", 1.01, 1.0},
    {"rmsprop", "alpha", -0.01, 0.0}, {"rmsprop", "eps", 0.0, 1e-8},
    {"rmsprop", "momentum", 2.0, 0.5}, {"rmsprop", "centered", 2.0, 0.0},
    {"rmsprop", "weight_decay", -0.5, 0.5},
    {"vradam", "lr", 0.0, 1e-3}, {"vradam", "beta1", 1.0, 0.5},
    {"vradam", "beta2", -0.5, 0.5}, {"vradam", "beta3", -1.0, 0.0},
    {"vradam", "eps", 0.0, 1e-8}, {"vradam", "weight_decay", -1e-5, 0.0},
    {"vradam", "alpha1", -1.0, 0.0},
    {"ikfad", "lr", 0.0, 1e-3}, {"ikfad", "alpha", 0.0, 1e-6},
    {"ikfad", "mu", 0.0, 1e-6}, {"ikfad", "gamma", -1.0, 0.0},
    {"cd", "lr", -1e-3, 1e-3}, {"cd", "c", -1.0, 0.0},
    {"cd", "gamma", -1e-9, 0.0},
    {"cadam", "lr", 0.0, 1e-3}, {"cadam", "alpha", 0.0, 1e-3},
    {"cadam", "c", -1.0, 0.0}, {"cadam", "gamma", -1.0, 0.0},
    {"cadam", "eps", 0.0, 1e-12},
    {"ngnm", "lr", 0.0, 1e-6}, {"ngnm", "beta", 1.0, 0.0},
    {"ngnm", "beta", -0.1, 0.99},
    {"adam-eqbeta", "lr", 0.0, 1e-3}, {"adam-eqbeta", "beta1", 1.0, 0.5},
    {"adam-eqbeta", "beta2", -1.0, 0.5}, {"adam-eqbeta", "eps", 0.0, 1e-8},
    {"adam-eqbeta", "weight_decay", -0.01, 0.0},
    {"lbfgs", "m", 0, 1},
    {"lbfgs", "m", 1001, 1000},
    {"lbfgs", "linesearch", 2, 1},
    {"lbfgs", "max_iterations", -1, 0},
    {"lbfgs", "epsilon", -1e-300, 0},
    {"lbfgs", "past", 0.5, 0},
    {"lbfgs", "delta", -1, 0},
    {"lbfgs", "max_linesearch", 0, 1},
};

/* [SGD5] [ADW4] [VRA5] [ADW7] [LB9] ranges: each parameter refuses an
 * out-of-range value (and NaN and inf) with FANOS_ERANGE and keeps its old
 * value; the nearest valid value is accepted.  Every parameter of every
 * registered table is covered: by a hand-written case below, or by the
 * cases its table implies (FANoS's also in check_fanos.c, [F18]). */
START_TEST(validation_ranges)
{
    for (size_t c = 0; c < sizeof ranges / sizeof ranges[0]; c++) {
        const range_case *r = &ranges[c];
        fanos_optimizer *opt = make(r->opt, NULL);
        double before, after;
        ck_assert_int_eq(fanos_optimizer_get(opt, r->param, &before), FANOS_OK);
        ck_assert_msg(fanos_optimizer_set(opt, r->param, r->bad) == FANOS_ERANGE,
                      "%s %s = %g accepted", r->opt, r->param, r->bad);
        ck_assert_int_eq(fanos_optimizer_set(opt, r->param, NAN), FANOS_ERANGE);
        ck_assert_int_eq(fanos_optimizer_set(opt, r->param, INFINITY), FANOS_ERANGE);
        ck_assert_int_eq(fanos_optimizer_get(opt, r->param, &after), FANOS_OK);
        ck_assert_double_eq(before, after);
        ck_assert_msg(fanos_optimizer_set(opt, r->param, r->good) == FANOS_OK,
                      "%s %s = %g refused", r->opt, r->param, r->good);
        fanos_optimizer_free(opt);
    }
    /* A parameter without a hand-written case (a new optimizer's) gets the
     * cases its table implies: just outside each finite bound refused, the
     * bound itself (or just inside an open one) accepted. */
    for (const fanos_optimizer_type *const *t = fanos_optimizer_types(); *t; t++) {
        const fanos_optimizer_type *ty = *t;
        for (size_t i = 0; i < ty->nparams; i++) {
            const fanos_param_info *p = &ty->params[i];
            int found = 0;
            for (size_t c = 0; c < sizeof ranges / sizeof ranges[0]; c++)
                found |= !strcmp(ranges[c].opt, ty->name) &&
                         !strcmp(ranges[c].param, p->name);
            if (found || p->kind == FANOS_PARAM_BOOL)
                continue;
            fanos_optimizer *opt;
            ck_assert_int_eq(fanos_optimizer_alloc(&opt, ty, 2), FANOS_OK);
            const double lo = p->lower, hi = p->upper;
            if (isfinite(lo)) {
                const double out = p->lower_open ? lo : nextafter(lo, -INFINITY);
                const double in = p->lower_open ? nextafter(lo, INFINITY) : lo;
                ck_assert_msg(fanos_optimizer_set(opt, p->name, out) == FANOS_ERANGE,
                              "%s %s = %g accepted", ty->name, p->name, out);
                if (p->kind == FANOS_PARAM_REAL)
                    ck_assert_int_eq(fanos_optimizer_set(opt, p->name, in), FANOS_OK);
            }
            if (isfinite(hi)) {
                const double out = p->upper_open ? hi : nextafter(hi, INFINITY);
                ck_assert_msg(fanos_optimizer_set(opt, p->name, out) == FANOS_ERANGE,
                              "%s %s = %g accepted", ty->name, p->name, out);
            }
            ck_assert_int_eq(fanos_optimizer_set(opt, p->name, NAN), FANOS_ERANGE);
            fanos_optimizer_free(opt);
        }
    }
}
END_TEST

static void expect_conflict(const char *name, const char *const *s,
                            const char *culprit)
{
    fanos_optimizer *opt = make(name, s);
    size_t bad = 999;
    ck_assert_int_eq(fanos_optimizer_check(opt, &bad), FANOS_ECONFLICT);
    const fanos_optimizer_type *t = fanos_optimizer_get_type(opt);
    ck_assert_uint_lt(bad, t->nparams);
    ck_assert_str_eq(t->params[bad].name, culprit);
    double x[2] = {X0[0], X0[1]};
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[0], 1.0), FANOS_ECONFLICT);
    ck_assert_double_eq(x[0], X0[0]);
    fanos_optimizer_free(opt);
}

/* [SGD5] nesterov needs momentum > 0 and dampening 0; [ADW4] [VRA5]
 * lr * weight_decay < 1; [ADW7] adam-eqbeta needs beta1 = beta2. */
START_TEST(validation_conflicts)
{
    const char *s1[] = {"nesterov", "1", NULL};
    expect_conflict("sgd", s1, "momentum");
    const char *s2[] = {"nesterov", "1", "momentum", "0.9", "dampening", "0.1", NULL};
    expect_conflict("sgd", s2, "dampening");
    const char *s3[] = {"lr", "2", "weight_decay", "0.5", NULL};
    expect_conflict("adamw", s3, "weight_decay");
    expect_conflict("vradam", s3, "weight_decay");
    expect_conflict("adam-eqbeta", s3, "weight_decay");
    const char *s4[] = {"beta2", "0.99", NULL};
    expect_conflict("adam-eqbeta", s4, "beta2");
    /* Valid neighbours of the rules pass. */
    static const char *const ok[][9] = {
        {"sgd", "nesterov", "1", "momentum", "0.1", NULL},
        {"adamw", "lr", "1.99", "weight_decay", "0.5", NULL},
        {"vradam", "lr", "1.99", "weight_decay", "0.5", NULL},
        {"adam-eqbeta", "beta1", "0.5", "beta2", "0.5", NULL},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        fanos_optimizer *opt = make(ok[i][0], &ok[i][1]);
        ck_assert_int_eq(fanos_optimizer_check(opt, NULL), FANOS_OK);
        fanos_optimizer_free(opt);
    }
}
END_TEST

/* The registry lists the optimizers of the paper in the order of its
 * tables (check_registry.c checks the registry against fanos.h). */
START_TEST(registry_order)
{
    const char *want[] = {"sgd", "adamw", "rmsprop", "fanos", "vradam",
                          "ikfad", "cd", "cadam", "ngnm", "adam-eqbeta",
                          "lbfgs", NULL};
    const fanos_optimizer_type *const *t = fanos_optimizer_types();
    for (size_t i = 0; want[i]; i++) {
        ck_assert_ptr_nonnull(t[i]);
        ck_assert_str_eq(t[i]->name, want[i]);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("optim");
    TCase *tg = tcase_create("golden");
    tcase_add_test(tg, golden_sgd);
    tcase_add_test(tg, golden_adamw);
    tcase_add_test(tg, golden_rmsprop);
    suite_add_tcase(s, tg);
    TCase *th = tcase_create("hand");
    tcase_add_test(th, hand_sgd_nesterov);
    tcase_add_test(th, hand_sgd_dampening);
    tcase_add_test(th, hand_sgd_momentum_switched_on);
    tcase_add_test(th, hand_sgd_plain);
    tcase_add_test(th, hand_adamw);
    tcase_add_test(th, hand_rmsprop_centered_momentum);
    tcase_add_test(th, hand_rmsprop_momentum);
    tcase_add_test(th, hand_rmsprop_centered);
    tcase_add_test(th, hand_rmsprop_plain);
    tcase_add_test(th, nonfinite_baselines);
    suite_add_tcase(s, th);
    TCase *tv = tcase_create("validation");
    tcase_add_test(tv, validation_ranges);
    tcase_add_test(tv, validation_conflicts);
    tcase_add_test(tv, registry_order);
    suite_add_tcase(s, tv);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
