/* check_family.c - VRAdam, iKFAD, CD, CADAM, NGN-M and adam-eqbeta
 * (doc/spec.md section 6): the first three steps against values worked out
 * here from the equations written here, and the limits that must hold. */
#include <config.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "fanos.h"
#include "testutil.h"

#define HAND_TOL 1e-14

static const double X0[2] = {1.0, -2.0};
static const double G[3][2] = {{0.5, 1.0}, {-0.25, 0.5}, {1.0, -1.5}};

static fanos_optimizer *make(const char *name, size_t n,
                             const char *const *settings)
{
    fanos_optimizer *opt;
    ck_assert_int_eq(fanos_optimizer_alloc(&opt,
                     fanos_optimizer_type_lookup(name), n), FANOS_OK);
    for (const char *const *s = settings; s && *s; s += 2)
        ck_assert_msg(fanos_optimizer_set_text(opt, s[0], s[1]) == FANOS_OK,
                      "%s: cannot set %s = %s", name, s[0], s[1]);
    return opt;
}

static void assert_close(double got, double want, const char *what, int k)
{
    ck_assert_msg(test_reldev(got, want) <= HAND_TOL,
                  "%s step %d: got %.17g, want %.17g", what, k, got, want);
}

static void assert_field(fanos_optimizer *opt, const char *field,
                         const double *want, size_t len)
{
    double buf[2];
    ck_assert_int_eq(fanos_optimizer_field_get(opt, field, buf, len), FANOS_OK);
    for (size_t i = 0; i < len; i++)
        assert_close(buf[i], want[i], field, 3);
}

/* f = 1/2 sum_i a_i x_i^2 with a_i = 1 + i. */
static int quad_fdf(void *ctx, size_t n, const double *x, double *f, double *g)
{
    (void)ctx;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double a = 1.0 + (double)i;
        s += 0.5 * a * x[i] * x[i];
        if (g)
            g[i] = a * x[i];
    }
    *f = s;
    return FANOS_OK;
}

/* ------------------------------------------------------------------ */
/* VRAdam                                                               */
/* ------------------------------------------------------------------ */

/* [VRA1] [VRA2] [VRA3] [VRA4] three steps, the cap alpha1 active on the
 * first two and not on the third:
 * m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2, r = beta3 |m|^2,
 * eta = lr / (1 + min(r, alpha1)), x = x (1 - eta wd) - eta mhat/(sqrt(vhat)+eps). */
START_TEST(hand_vradam)
{
    const char *s[] = {"lr", "0.1", "beta3", "0.5", "weight_decay", "0.5", NULL};
    const double GV[3][2] = {{30, 40}, {0.1, -0.2}, {-0.3, 0.1}};
    fanos_optimizer *opt = make("vradam", 2, s);
    double x[2] = {X0[0], X0[1]}, ex[2] = {X0[0], X0[1]};
    double m[2] = {0, 0}, v[2] = {0, 0};
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(fanos_optimizer_step(opt, x, GV[k], 1.0), FANOS_OK);
        double mm = 0.0;
        for (int i = 0; i < 2; i++) {
            m[i] = 0.9 * m[i] + 0.1 * GV[k][i];
            v[i] = 0.999 * v[i] + 0.001 * GV[k][i] * GV[k][i];
            mm += m[i] * m[i];
        }
        double r = 0.5 * mm;
        ck_assert(k < 2 ? r > 10.0 : r < 10.0);
        double eta = 0.1 / (1.0 + (r < 10.0 ? r : 10.0));
        double t = k + 1;
        for (int i = 0; i < 2; i++) {
            double mhat = m[i] / (1 - pow(0.9, t)), vhat = v[i] / (1 - pow(0.999, t));
            ex[i] = ex[i] * (1 - eta * 0.5) - eta * mhat / (sqrt(vhat) + 1e-8);
            assert_close(x[i], ex[i], "vradam x", k + 1);
        }
        double got;
        ck_assert_int_eq(fanos_optimizer_field_get(opt, "eta", &got, 1), FANOS_OK);
        assert_close(got, eta, "vradam eta", k + 1);
    }
    assert_field(opt, "m", m, 2);
    assert_field(opt, "v", v, 2);
    /* First step in numbers: m = (3, 4), r = 12.5 -> capped, eta = 0.1/11;
     * mhat = g, vhat = g^2: x0 = 1 (1 - 0.05/11) - (0.1/11) (1 - 1/3e9). */
    fanos_optimizer_reset(opt);
    double y[2] = {X0[0], X0[1]};
    ck_assert_int_eq(fanos_optimizer_step(opt, y, GV[0], 1.0), FANOS_OK);
    ck_assert_double_eq_tol(y[0], 1.0 - 0.05 / 11 - 0.1 / 11, 1e-11);
    fanos_optimizer_free(opt);
}
END_TEST

/* [VRA2] [VRA4] beta3 = 0 gives eta = lr: VRAdam equals AdamW with the same
 * weight decay, to 1e-12 over 2000 steps on a quadratic (the two files
 * compute the same update in different orders of operations). */
START_TEST(limit_vradam_beta3_zero_is_adamw)
{
    const char *sv[] = {"lr", "0.01", "beta3", "0", "weight_decay", "0.01", NULL};
    const char *sa[] = {"lr", "0.01", "weight_decay", "0.01", NULL};
    fanos_optimizer *a = make("vradam", 5, sv), *b = make("adamw", 5, sa);
    double xa[5] = {3, -2, 1.5, 0.7, -1}, xb[5], ga[5], gb[5], fa, fb;
    memcpy(xb, xa, sizeof xa);
    double maxdev = 0.0;
    for (int k = 0; k < 2000; k++) {
        quad_fdf(NULL, 5, xa, &fa, ga);
        quad_fdf(NULL, 5, xb, &fb, gb);
        ck_assert_int_eq(fanos_optimizer_step(a, xa, ga, fa), FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_step(b, xb, gb, fb), FANOS_OK);
        for (int i = 0; i < 5; i++)
            maxdev = fmax(maxdev, test_reldev(xa[i], xb[i]));
    }
    double eta;
    ck_assert_int_eq(fanos_optimizer_field_get(a, "eta", &eta, 1), FANOS_OK);
    ck_assert_double_eq(eta, 0.01);
    printf("vradam(beta3=0) vs adamw, 2000 steps: max deviation %.3e\n", maxdev);
    ck_assert(maxdev <= 1e-12);
    /* and the regulariser does act when beta3 > 0 */
    ck_assert_int_eq(fanos_optimizer_set(a, "beta3", 1.0), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_reset(a), FANOS_OK);
    double y[5] = {3, -2, 1.5, 0.7, -1}, g[5], f;
    quad_fdf(NULL, 5, y, &f, g);
    ck_assert_int_eq(fanos_optimizer_step(a, y, g, f), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_field_get(a, "eta", &eta, 1), FANOS_OK);
    ck_assert(eta < 0.01);
    fanos_optimizer_free(a);
    fanos_optimizer_free(b);
}
END_TEST

/* ------------------------------------------------------------------ */
/* iKFAD, CD, CADAM                                                     */
/* ------------------------------------------------------------------ */

/* [IKF0] [IKF1] [IKF2] [IKF3] [IKF4] [IKF5] [IKF6] three steps from p = 0,
 * xi = 0: p -= h g; x += h p; p *= e^{-h xi/2};
 * xi = e^{-a h} xi + (1 - e^{-a h}) p^2/(mu a); p *= e^{-h xi/2}; p *= e^{-gamma h}. */
START_TEST(hand_ikfad)
{
    const char *s[] = {"lr", "0.1", "alpha", "2", "mu", "0.5", "gamma", "1", NULL};
    fanos_optimizer *opt = make("ikfad", 2, s);
    double zero[2] = {0, 0};
    assert_field(opt, "p", zero, 2);
    assert_field(opt, "xi", zero, 2);
    const double h = 0.1, al = 2, mu = 0.5, ga = 1;
    double x[2] = {X0[0], X0[1]}, ex[2] = {X0[0], X0[1]};
    double p[2] = {0, 0}, xi[2] = {0, 0};
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(fanos_optimizer_step(opt, x, G[k], 1.0), FANOS_OK);
        for (int i = 0; i < 2; i++) {
            p[i] -= h * G[k][i];
            ex[i] += h * p[i];
            p[i] *= exp(-h * xi[i] / 2);
            xi[i] = exp(-al * h) * xi[i] + (1 - exp(-al * h)) * p[i] * p[i] / (mu * al);
            p[i] *= exp(-h * xi[i] / 2);
            p[i] *= exp(-ga * h);
            assert_close(x[i], ex[i], "ikfad x", k + 1);
        }
    }
    assert_field(opt, "p", p, 2);
    assert_field(opt, "xi", xi, 2);
    /* First step in numbers: p = -0.05, x = 0.995 (coordinate 0). */
    fanos_optimizer_reset(opt);
    double y[2] = {X0[0], X0[1]};
    ck_assert_int_eq(fanos_optimizer_step(opt, y, G[0], 1.0), FANOS_OK);
    assert_close(y[0], 0.995, "ikfad number", 1);
    fanos_optimizer_free(opt);
}
END_TEST

/* [CD0] [CD1] [CD2] [CD3] [CD4] three steps from p = 0:
 * p -= h g; x += h p; p /= sqrt(1 + 2 c h p^2); p *= e^{-gamma h}. */
START_TEST(hand_cd)
{
    const char *s[] = {"lr", "0.1", "c", "2", "gamma", "0.5", NULL};
    fanos_optimizer *opt = make("cd", 2, s);
    const double h = 0.1, c = 2, ga = 0.5;
    double x[2] = {X0[0], X0[1]}, ex[2] = {X0[0], X0[1]}, p[2] = {0, 0};
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(fanos_optimizer_step(opt, x, G[k], 1.0), FANOS_OK);
        for (int i = 0; i < 2; i++) {
            p[i] -= h * G[k][i];
            ex[i] += h * p[i];
            p[i] /= sqrt(1 + 2 * c * h * p[i] * p[i]);
            p[i] *= exp(-ga * h);
            assert_close(x[i], ex[i], "cd x", k + 1);
        }
    }
    assert_field(opt, "p", p, 2);
    /* First step in numbers (coordinate 0): x = 0.995,
     * p = -0.05 / sqrt(1.001) * e^{-0.05}. */
    fanos_optimizer_reset(opt);
    double y[2] = {X0[0], X0[1]}, q;
    ck_assert_int_eq(fanos_optimizer_step(opt, y, G[0], 1.0), FANOS_OK);
    assert_close(y[0], 0.995, "cd number", 1);
    double pp[2];
    ck_assert_int_eq(fanos_optimizer_field_get(opt, "p", pp, 2), FANOS_OK);
    q = -0.05 / sqrt(1.001) * exp(-0.05);
    assert_close(pp[0], q, "cd p number", 1);
    fanos_optimizer_free(opt);
}
END_TEST

/* [CD0] Starting as the authors' code does (p = g_1, set through the
 * field) moves uphill on the first step: x1 = x0 + h (1 - h) g1. */
START_TEST(cd_authors_start)
{
    const char *s[] = {"lr", "0.1", NULL};
    fanos_optimizer *opt = make("cd", 2, s);
    ck_assert_int_eq(fanos_optimizer_field_set(opt, "p", G[0], 2), FANOS_OK);
    double x[2] = {X0[0], X0[1]};
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[0], 1.0), FANOS_OK);
    assert_close(x[0], 1.0 + 0.1 * 0.9 * 0.5, "cd authors' start", 1);
    ck_assert(x[0] > X0[0] && x[1] > X0[1]); /* along +g: uphill */
    fanos_optimizer_free(opt);
}
END_TEST

/* c = 0 is heavy-ball momentum: on f = a x^2 / 2 the
 * iterates solve x_{k+1} = (1 + q - h^2 a) x_k - q x_{k-1}, q = e^{-gamma h},
 * x_1 = (1 - h^2 a) x_0, whose closed form is compared for 300 steps in
 * the complex-root and the real-root regimes; on Rosenbrock (nonlinear)
 * every step satisfies x_{k+1} = x_k - h^2 g_k + q (x_k - x_{k-1}). */
static void heavy_ball_closed_form(double gamma)
{
    const double h = 0.1, a = 10.0, x0 = 1.5, q = exp(-gamma * h);
    const double T = 1 + q - h * h * a, x1 = (1 - h * h * a) * x0;
    char gs[32];
    snprintf(gs, sizeof gs, "%.17g", gamma);
    const char *s[] = {"lr", "0.1", "c", "0", "gamma", gs, NULL};
    fanos_optimizer *opt = make("cd", 1, s);
    double x = x0, maxdev = 0.0;
    for (int k = 1; k <= 300; k++) {
        double g = a * x;
        ck_assert_int_eq(fanos_optimizer_step(opt, &x, &g, 1.0), FANOS_OK);
        double want, disc = T * T - 4 * q;
        if (disc < 0) {
            double rho = sqrt(q), phi = acos(T / (2 * rho));
            double B = (x1 / rho - x0 * cos(phi)) / sin(phi);
            want = pow(rho, k) * (x0 * cos(k * phi) + B * sin(k * phi));
        } else {
            double r1 = (T + sqrt(disc)) / 2, r2 = (T - sqrt(disc)) / 2;
            double B = (x1 - x0 * r1) / (r2 - r1), A = x0 - B;
            want = A * pow(r1, k) + B * pow(r2, k);
        }
        maxdev = fmax(maxdev, fabs(x - want));
    }
    printf("cd c=0 gamma=%g vs heavy-ball closed form: max |dx| %.3e\n", gamma, maxdev);
    ck_assert(maxdev <= 1e-12);
    fanos_optimizer_free(opt);
}

/* [CD1] [CD2] [CD4] CD with c = 0 is heavy-ball momentum: the closed form
 * above, oscillating and overdamped, and the recurrence on Rosenbrock. */
START_TEST(limit_cd_c0_heavy_ball)
{
    heavy_ball_closed_form(5.0);   /* (1 + q - h^2 a)^2 < 4q: oscillating */
    heavy_ball_closed_form(20.0);  /* real roots: overdamped */
    const char *s[] = {"lr", "0.01", "c", "0", "gamma", "3", NULL};
    fanos_optimizer *opt = make("cd", 10, s);
    double x[10], xprev[10], xnext[10], g[10], f;
    const double h = 0.01, q = exp(-3 * 0.01);
    memcpy(x, test_golden_x0, sizeof x);
    memcpy(xprev, x, sizeof x); /* p = 0: x_{-1} = x_0 */
    for (int k = 0; k < 200; k++) {
        fanos_rosenbrock_fdf(NULL, 10, x, &f, g);
        memcpy(xnext, x, sizeof x);
        ck_assert_int_eq(fanos_optimizer_step(opt, xnext, g, f), FANOS_OK);
        for (int i = 0; i < 10; i++) {
            double want = x[i] - h * h * g[i] + q * (x[i] - xprev[i]);
            ck_assert_msg(fabs(xnext[i] - want) <= 1e-12 * fmax(1, fabs(want)),
                          "heavy ball step %d coord %d: %.17g vs %.17g", k, i, xnext[i], want);
        }
        memcpy(xprev, x, sizeof x);
        memcpy(x, xnext, sizeof x);
    }
    fanos_optimizer_free(opt);
}
END_TEST

/* Max distance between the iKFAD and CD iterates after time 2 on the
 * quadratic from (3, -2, 1.5), with c = 1/(mu alpha) = 1. */
static double ikfad_cd_gap(double h, double alpha, double *cd_vs_c0)
{
    char hs[32], as[32], ms[32];
    snprintf(hs, sizeof hs, "%.17g", h);
    snprintf(as, sizeof as, "%.17g", alpha);
    snprintf(ms, sizeof ms, "%.17g", 1.0 / alpha);
    const char *si[] = {"lr", hs, "alpha", as, "mu", ms, "gamma", "0.5", NULL};
    const char *sc[] = {"lr", hs, "c", "1", "gamma", "0.5", NULL};
    const char *s0[] = {"lr", hs, "c", "0", "gamma", "0.5", NULL};
    const char *const *sets[3] = {si, sc, s0};
    const char *names[3] = {"ikfad", "cd", "cd"};
    double xs[3][3];
    for (int m = 0; m < 3; m++) {
        fanos_optimizer *opt = make(names[m], 3, sets[m]);
        double x[3] = {3, -2, 1.5}, g[3], f;
        long steps = lround(2.0 / h);
        for (long k = 0; k < steps; k++) {
            quad_fdf(NULL, 3, x, &f, g);
            ck_assert_int_eq(fanos_optimizer_step(opt, x, g, f), FANOS_OK);
        }
        memcpy(xs[m], x, sizeof x);
        fanos_optimizer_free(opt);
    }
    double gap = 0.0, eff = 0.0;
    for (int i = 0; i < 3; i++) {
        gap = fmax(gap, fabs(xs[0][i] - xs[1][i]));
        eff = fmax(eff, fabs(xs[1][i] - xs[2][i]));
    }
    if (cd_vs_c0)
        *cd_vs_c0 = eff;
    return gap;
}

/* [IKF4] [CD3] With large alpha the friction follows p^2/(mu alpha) and
 * iKFAD approaches CD with c = 1/(mu alpha): the gap is far below the
 * effect of the cubic term, shrinks as alpha grows, and at large alpha is
 * first order in h (both are first-order splittings of the same flow). */
START_TEST(limit_ikfad_large_alpha_is_cd)
{
    double eff;
    double g1 = ikfad_cd_gap(0.01, 1e5, &eff);
    double g2 = ikfad_cd_gap(0.005, 1e5, NULL);
    double gsmall = ikfad_cd_gap(0.0025, 1e2, NULL);
    double glarge = ikfad_cd_gap(0.0025, 1e5, NULL);
    printf("ikfad vs cd: gap %.3e (h=0.01) %.3e (h=0.005), cubic effect %.3e; "
           "h=0.0025: alpha=1e2 %.3e, alpha=1e5 %.3e\n", g1, g2, eff, gsmall, glarge);
    ck_assert(eff > 0.5);
    ck_assert(g2 < 1e-3 * eff);
    ck_assert(g2 / g1 > 0.45 && g2 / g1 < 0.55);
    ck_assert(gsmall > 5 * glarge);
}
END_TEST

/* [CAD0] [CAD1] [CAD2] [CAD3] [CAD4] [CAD5] three steps from p = 0,
 * zeta = 0: p -= h g; zeta = e^{-a h} zeta + (1 - e^{-a h})/a g^2;
 * x += h p/(sqrt(zeta) + eps); p /= sqrt(1 + 2 c h p^2); p *= e^{-gamma h}. */
START_TEST(hand_cadam)
{
    const char *s[] = {"lr", "0.1", "alpha", "2", "c", "2", "gamma", "0.5",
                       "eps", "1e-3", NULL};
    fanos_optimizer *opt = make("cadam", 2, s);
    double zero[2] = {0, 0};
    assert_field(opt, "p", zero, 2);
    assert_field(opt, "zeta", zero, 2);
    const double h = 0.1, al = 2, c = 2, ga = 0.5, eps = 1e-3;
    double x[2] = {X0[0], X0[1]}, ex[2] = {X0[0], X0[1]};
    double p[2] = {0, 0}, z[2] = {0, 0};
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(fanos_optimizer_step(opt, x, G[k], 1.0), FANOS_OK);
        for (int i = 0; i < 2; i++) {
            double g = G[k][i];
            p[i] -= h * g;
            z[i] = exp(-al * h) * z[i] + (1 - exp(-al * h)) / al * g * g;
            ex[i] += h * p[i] / (sqrt(z[i]) + eps);
            p[i] /= sqrt(1 + 2 * c * h * p[i] * p[i]);
            p[i] *= exp(-ga * h);
            assert_close(x[i], ex[i], "cadam x", k + 1);
        }
    }
    assert_field(opt, "p", p, 2);
    assert_field(opt, "zeta", z, 2);
    /* First step in numbers (coordinate 0): zeta = (1 - e^{-0.2})/2 * 0.25,
     * x = 1 - 0.005 / (sqrt(zeta) + 1e-3). */
    fanos_optimizer_reset(opt);
    double y[2] = {X0[0], X0[1]};
    ck_assert_int_eq(fanos_optimizer_step(opt, y, G[0], 1.0), FANOS_OK);
    double z1 = (1 - exp(-0.2)) / 2 * 0.25;
    assert_close(y[0], 1 - 0.005 / (sqrt(z1) + 1e-3), "cadam number", 1);
    fanos_optimizer_free(opt);
}
END_TEST

/* [CAD1] [CAD2] [CAD3] c = 0, gamma = 0 (no damping) under a constant
 * gradient b: p_k = -k h b, zeta_k = b^2 (1 - e^{-a h k})/a, and
 * x_k = x_0 + sum_{j<=k} h p_j / (sqrt(zeta_j) + eps), for 500 steps. */
START_TEST(limit_cadam_undamped_constant_gradient)
{
    const char *s[] = {"lr", "0.01", "c", "0", "gamma", "0", "alpha", "3", NULL};
    fanos_optimizer *opt = make("cadam", 2, s);
    const double b[2] = {0.5, -2.0}, h = 0.01, al = 3, eps = 1e-8;
    double x[2] = {X0[0], X0[1]}, want[2] = {X0[0], X0[1]}, maxdev = 0.0;
    for (int k = 1; k <= 500; k++) {
        ck_assert_int_eq(fanos_optimizer_step(opt, x, b, 1.0), FANOS_OK);
        for (int i = 0; i < 2; i++) {
            double pk = -k * h * b[i];
            double zk = b[i] * b[i] * (1 - exp(-al * h * k)) / al;
            want[i] += h * pk / (sqrt(zk) + eps);
            maxdev = fmax(maxdev, test_reldev(x[i], want[i]));
        }
    }
    double p[2];
    ck_assert_int_eq(fanos_optimizer_field_get(opt, "p", p, 2), FANOS_OK);
    ck_assert_double_eq_tol(p[0], -500 * h * b[0], 1e-12); /* 500 sums of -h b */
    printf("cadam c=0 gamma=0, constant gradient, 500 steps: max deviation %.3e\n", maxdev);
    ck_assert(maxdev <= 1e-11);
    fanos_optimizer_free(opt);
}
END_TEST

/* ------------------------------------------------------------------ */
/* NGN-M                                                                */
/* ------------------------------------------------------------------ */

/* [NGN1] [NGN2] three steps: gamma = c/(1 + c|g|^2/(2f));
 * x_{k+1} = x_k - (1-beta) gamma g + beta (x_k - x_{k-1}), x_{-1} = x_0. */
START_TEST(hand_ngnm)
{
    const char *s[] = {"lr", "0.5", "beta", "0.8", NULL};
    const double F[3] = {2.0, 1.5, 0.75};
    fanos_optimizer *opt = make("ngnm", 2, s);
    double x[2] = {X0[0], X0[1]}, ex[2] = {X0[0], X0[1]}, prev[2] = {X0[0], X0[1]};
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(fanos_optimizer_step(opt, x, G[k], F[k]), FANOS_OK);
        double gg = G[k][0] * G[k][0] + G[k][1] * G[k][1];
        double gamma = 0.5 / (1 + 0.5 * gg / (2 * F[k]));
        for (int i = 0; i < 2; i++) {
            double xn = ex[i] - (1 - 0.8) * gamma * G[k][i] + 0.8 * (ex[i] - prev[i]);
            prev[i] = ex[i];
            ex[i] = xn;
            assert_close(x[i], ex[i], "ngnm x", k + 1);
        }
        double got;
        ck_assert_int_eq(fanos_optimizer_field_get(opt, "gamma", &got, 1), FANOS_OK);
        assert_close(got, gamma, "ngnm gamma", k + 1);
    }
    assert_field(opt, "x_prev", prev, 2);
    /* First step in numbers: |g|^2 = 1.25, gamma = 0.5/(1 + 0.15625) = 0.4324...,
     * x0 = 1 - 0.2 * gamma * 0.5. */
    fanos_optimizer_reset(opt);
    double y[2] = {X0[0], X0[1]};
    ck_assert_int_eq(fanos_optimizer_step(opt, y, G[0], F[0]), FANOS_OK);
    assert_close(y[0], 1 - 0.1 * (0.5 / 1.15625), "ngnm number", 1);
    fanos_optimizer_free(opt);
}
END_TEST

/* [NGN1] With beta = 0 and c -> inf, gamma -> 2f/|g|^2 (the Polyak step),
 * which solves a one-dimensional quadratic in one step. */
START_TEST(limit_ngnm_polyak)
{
    const char *s[] = {"lr", "1e12", "beta", "0", NULL};
    fanos_optimizer *opt = make("ngnm", 1, s);
    double x = 1.7, f, g;
    quad_fdf(NULL, 1, &x, &f, &g);
    ck_assert_int_eq(fanos_optimizer_step(opt, &x, &g, f), FANOS_OK);
    ck_assert(fabs(x) < 1e-9);
    fanos_optimizer_free(opt);
}
END_TEST

/* [NGN3] f <= 0 is refused with FANOS_EDOMAIN and changes nothing; a NaN
 * or infinite f (-inf too) is divergence; fanos_run passes the domain
 * error on. */
START_TEST(ngnm_rejects_nonpositive_f)
{
    fanos_optimizer *opt = make("ngnm", 2, NULL);
    double x[2] = {X0[0], X0[1]};
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[0], 0.0), FANOS_EDOMAIN);
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[0], -1.0), FANOS_EDOMAIN);
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[0], -0.0), FANOS_EDOMAIN);
    ck_assert_double_eq(x[0], X0[0]);
    ck_assert_double_eq(x[1], X0[1]);
    double k;
    ck_assert_int_eq(fanos_optimizer_field_get(opt, "k", &k, 1), FANOS_OK);
    ck_assert_double_eq(k, 0.0);
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[0], NAN), FANOS_ENONFINITE);
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[0], INFINITY), FANOS_ENONFINITE);
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[0], -INFINITY), FANOS_ENONFINITE);
    ck_assert_int_eq(fanos_optimizer_step(opt, x, G[0], 1e-300), FANOS_OK);
    fanos_optimizer_free(opt);
    /* f = 1/2 a x^2 is 0 at x = 0: the run stops with the domain error. */
    opt = make("ngnm", 1, NULL);
    double y = 0.0;
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = 10;
    fanos_run_result res;
    ck_assert_int_eq(fanos_run(quad_fdf, NULL, 1, &y, opt, &ro, &res), FANOS_EDOMAIN);
    fanos_optimizer_free(opt);
}
END_TEST

/* ------------------------------------------------------------------ */
/* adam-eqbeta                                                          */
/* ------------------------------------------------------------------ */

/* [NGN1] a step size c so large that c*||g||^2 overflows still gives the
 * limit gamma = 2 f / ||g||^2 (the Polyak step), not a silent zero step. */
START_TEST(ngnm_huge_c_polyak_limit)
{
    fanos_optimizer *o;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, fanos_optimizer_ngnm, 2), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(o, "lr", 1e300), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(o, "beta", 0.0), FANOS_OK);
    double x[2] = {3.0, -4.0}, g[2] = {3.0, -4.0}, f = 12.5; /* f = |x|^2/2 */
    ck_assert_int_eq(fanos_optimizer_step(o, x, g, f), FANOS_OK);
    double gamma;
    fanos_optimizer_field_get(o, "gamma", &gamma, 1);
    ck_assert_double_eq_tol(gamma, 2 * 12.5 / 25.0, 1e-15);
    ck_assert_double_eq_tol(x[0], 0.0, 1e-15);
    ck_assert_double_eq_tol(x[1], 0.0, 1e-15);
    fanos_optimizer_free(o);
}
END_TEST

/* [ADW6] adam-eqbeta's defaults are beta1 = beta2 = 0.95, wd 0.01, and it
 * equals adamw with those betas bit for bit over 300 Rosenbrock steps. */
START_TEST(eqbeta_is_adamw_preset)
{
    fanos_optimizer *a = make("adam-eqbeta", 10, NULL);
    const char *s[] = {"beta1", "0.95", "beta2", "0.95", NULL};
    fanos_optimizer *b = make("adamw", 10, s);
    const char *names[] = {"lr", "beta1", "beta2", "eps", "weight_decay"};
    const double want[] = {1e-3, 0.95, 0.95, 1e-8, 0.01};
    for (int i = 0; i < 5; i++) {
        double v;
        ck_assert_int_eq(fanos_optimizer_get(a, names[i], &v), FANOS_OK);
        ck_assert_double_eq(v, want[i]);
    }
    ck_assert_int_eq(fanos_optimizer_set(a, "lr", 0.01), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(b, "lr", 0.01), FANOS_OK);
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = 300;
    double xa[10], xb[10];
    memcpy(xa, test_golden_x0, sizeof xa);
    memcpy(xb, test_golden_x0, sizeof xb);
    fanos_run_result ra, rb;
    ck_assert_int_eq(fanos_run(fanos_rosenbrock_fdf, NULL, 10, xa, a, &ro, &ra), FANOS_OK);
    ck_assert_int_eq(fanos_run(fanos_rosenbrock_fdf, NULL, 10, xb, b, &ro, &rb), FANOS_OK);
    ck_assert_int_eq(memcmp(xa, xb, sizeof xa), 0);
    ck_assert_double_eq(ra.final_loss, rb.final_loss);
    fanos_optimizer_free(a);
    fanos_optimizer_free(b);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Divergence reports                                                   */
/* ------------------------------------------------------------------ */

static int step_once(const char *name, double g0)
{
    fanos_optimizer *opt = make(name, 2, NULL);
    double x[2] = {X0[0], X0[1]}, g[2] = {g0, 1.0};
    int rc = fanos_optimizer_step(opt, x, g, 1.0);
    fanos_optimizer_free(opt);
    return rc;
}

/* [VRA6] [IKF7] [CD5] [CAD6] [NGN4] a NaN gradient is reported, and so is
 * a state that overflows while the iterate stays finite (VRAdam's v,
 * iKFAD's xi, CADAM's zeta under g = 1e200). */
START_TEST(nonfinite_family)
{
    const char *all[] = {"vradam", "ikfad", "cd", "cadam", "ngnm", "adam-eqbeta", NULL};
    for (const char **t = all; *t; t++) {
        ck_assert_msg(step_once(*t, NAN) == FANOS_ENONFINITE, "%s: NaN passed", *t);
        ck_assert_msg(step_once(*t, 1e3) == FANOS_OK, "%s: finite refused", *t);
    }
    ck_assert_int_eq(step_once("vradam", 1e200), FANOS_ENONFINITE);
    ck_assert_int_eq(step_once("cadam", 1e200), FANOS_ENONFINITE);
    const char *s[] = {"lr", "1", NULL};
    fanos_optimizer *opt = make("ikfad", 2, s);
    double x[2] = {0, 0}, g[2] = {1e200, 0};
    ck_assert_int_eq(fanos_optimizer_step(opt, x, g, 1.0), FANOS_ENONFINITE);
    fanos_optimizer_free(opt);
    ck_assert_int_eq(step_once("cd", INFINITY), FANOS_ENONFINITE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("family");
    TCase *th = tcase_create("hand");
    tcase_add_test(th, hand_vradam);
    tcase_add_test(th, hand_ikfad);
    tcase_add_test(th, hand_cd);
    tcase_add_test(th, cd_authors_start);
    tcase_add_test(th, hand_cadam);
    tcase_add_test(th, hand_ngnm);
    tcase_add_test(th, ngnm_rejects_nonpositive_f);
    tcase_add_test(th, nonfinite_family);
    suite_add_tcase(s, th);
    TCase *tl = tcase_create("limits");
    tcase_set_timeout(tl, 60);
    tcase_add_test(tl, limit_vradam_beta3_zero_is_adamw);
    tcase_add_test(tl, limit_cd_c0_heavy_ball);
    tcase_add_test(tl, limit_ikfad_large_alpha_is_cd);
    tcase_add_test(tl, limit_cadam_undamped_constant_gradient);
    tcase_add_test(tl, limit_ngnm_polyak);
    tcase_add_test(tl, eqbeta_is_adamw_preset);
    tcase_add_test(tl, ngnm_huge_c_polyak_limit);
    suite_add_tcase(s, tl);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
