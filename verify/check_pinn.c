/* check_pinn.c - the PINN problems (doc/spec.md section 10): exact input
 * derivatives against finite differences and closed forms, the loss
 * gradient against central differences in every parameter, the residual
 * formulas on known values, the draws, the warm-start protocol. */
#include <config.h>
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "fanos.h"

/* Random points in the domain, with the four kinds, for a small network. */
static fanos_pinn *small_pinn(fanos_pinn_pde pde, const size_t *w, size_t nw,
                              size_t nf, size_t nb, unsigned long seed,
                              double *theta)
{
    fanos_pinn *p;
    ck_assert_int_eq(fanos_pinn_alloc(&p, pde, w, nw), FANOS_OK);
    ck_assert_int_eq(fanos_pinn_draw(p, seed, nf, nb, nb, theta), FANOS_OK);
    /* larger weights than the default init, so that every layer bends */
    for (size_t i = 0; i < fanos_pinn_size(p); i++)
        theta[i] *= 2.5;
    return p;
}

/* The gradient of the loss against central
 * differences in every parameter: ||g - g_fd|| <= 1e-6 ||g||, each
 * component within 1e-7 max|g|.  Block size 7 so that the points span
 * several blocks and a partial one. */
static void check_gradient(fanos_pinn_pde pde, const size_t *w, size_t nw)
{
    double theta[256], g[256], gfd[256];
    fanos_pinn *p = small_pinn(pde, w, nw, 30, 5, 11, theta);
    const size_t n = fanos_pinn_size(p);
    ck_assert_uint_le(n, 256);
    ck_assert_int_eq(fanos_pinn_set_block(p, 7), FANOS_OK);
    double f;
    ck_assert_int_eq(fanos_pinn_fdf(p, n, theta, &f, g), FANOS_OK);
    ck_assert(isfinite(f) && f > 0);
    double gmax = 0, g2 = 0, d2 = 0, dmax = 0;
    for (size_t i = 0; i < n; i++) {
        const double h = 1e-5, keep = theta[i];
        double fp, fm;
        theta[i] = keep + h;
        fanos_pinn_fdf(p, n, theta, &fp, NULL);
        theta[i] = keep - h;
        fanos_pinn_fdf(p, n, theta, &fm, NULL);
        theta[i] = keep;
        gfd[i] = (fp - fm) / (2 * h);
        gmax = fmax(gmax, fabs(g[i]));
        g2 += g[i] * g[i];
        d2 += (g[i] - gfd[i]) * (g[i] - gfd[i]);
        dmax = fmax(dmax, fabs(g[i] - gfd[i]));
    }
    ck_assert_msg(sqrt(d2) <= 1e-6 * sqrt(g2), "||g - g_fd|| = %g, ||g|| = %g",
                  sqrt(d2), sqrt(g2));
    ck_assert_msg(dmax <= 1e-7 * gmax, "max |g - g_fd| = %g, max |g| = %g",
                  dmax, gmax);
    /* the loss alone equals the loss with the gradient */
    double f2;
    fanos_pinn_fdf(p, n, theta, &f2, NULL);
    ck_assert_double_eq(f, f2);
    fanos_pinn_free(p);
}

/* [N10] [N11] [N12] [N13] the Burgers loss gradient against central
 * differences (check_gradient). */
START_TEST(test_gradient_burgers)
{
    const size_t w[] = {2, 5, 5, 1};
    check_gradient(FANOS_PINN_BURGERS, w, 4);
}
END_TEST

/* [N10] [N11] [N12] [N13] the same for Allen-Cahn. */
START_TEST(test_gradient_allen_cahn)
{
    const size_t w[] = {2, 5, 5, 1};
    check_gradient(FANOS_PINN_ALLEN_CAHN, w, 4);
}
END_TEST

/* [N10] [N11] [N12] [N13] the same through three hidden layers. */
START_TEST(test_gradient_deeper)
{
    const size_t w[] = {2, 4, 3, 6, 1};
    check_gradient(FANOS_PINN_BURGERS, w, 5);
    check_gradient(FANOS_PINN_ALLEN_CAHN, w, 5);
}
END_TEST

/* [N4] [N5] u_x, u_t, u_xx against central differences of u. */
START_TEST(test_input_derivatives_fd)
{
    const size_t w[] = {2, 8, 8, 8, 1};
    double theta[256];
    fanos_pinn *p = small_pinn(FANOS_PINN_BURGERS, w, 5, 10, 2, 5, theta);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 99);
    enum { M = 40 };
    double x[M], t[M], u[M], ux[M], ut[M], uxx[M];
    double xs[3 * M], ts[3 * M], us[3 * M], up[M], um[M];
    for (size_t i = 0; i < M; i++) {
        x[i] = 2 * gsl_rng_uniform(r) - 1;
        t[i] = gsl_rng_uniform(r);
    }
    const double h = 1e-4;
    ck_assert_int_eq(fanos_pinn_eval(p, theta, M, x, t, u, ux, ut, uxx), FANOS_OK);
    for (size_t i = 0; i < M; i++) {
        xs[i] = x[i] + h;     ts[i] = t[i];
        xs[M + i] = x[i] - h; ts[M + i] = t[i];
    }
    ck_assert_int_eq(fanos_pinn_eval(p, theta, 2 * M, xs, ts, us, NULL, NULL, NULL), FANOS_OK);
    for (size_t i = 0; i < M; i++) {
        double fx = (us[i] - us[M + i]) / (2 * h);
        double fxx = (us[i] - 2 * u[i] + us[M + i]) / (h * h);
        ck_assert_msg(fabs(fx - ux[i]) <= 1e-7 * fmax(1, fabs(ux[i])),
                      "u_x %g vs fd %g", ux[i], fx);
        ck_assert_msg(fabs(fxx - uxx[i]) <= 1e-5 * fmax(1, fabs(uxx[i])),
                      "u_xx %g vs fd %g", uxx[i], fxx);
    }
    for (size_t i = 0; i < M; i++) {
        xs[i] = x[i];
        ts[i] = t[i] + h;
        xs[M + i] = x[i];
        ts[M + i] = t[i] - h;
    }
    fanos_pinn_eval(p, theta, M, xs, ts, up, NULL, NULL, NULL);
    fanos_pinn_eval(p, theta, M, xs + M, ts + M, um, NULL, NULL, NULL);
    for (size_t i = 0; i < M; i++) {
        double ft = (up[i] - um[i]) / (2 * h);
        ck_assert_msg(fabs(ft - ut[i]) <= 1e-7 * fmax(1, fabs(ut[i])),
                      "u_t %g vs fd %g", ut[i], ft);
    }
    gsl_rng_free(r);
    fanos_pinn_free(p);
}
END_TEST

/* [N1] [N2] [N5] closed forms, evaluated twice.  Widths [2, 1, 1]: theta = (w1, w2, b1, c,
 * d) by the layout W_1, b_1, W_2, b_2, so u = c tanh(w1 x + w2 t + b1) + d,
 * u_x = c w1 sech^2, u_t = c w2 sech^2, u_xx = -2 c w1^2 tanh sech^2.
 * Widths [2, 1, 1, 1]: u = e tanh(v tanh(z) + q) + d with z as above, by
 * the chain rule written out below. */
START_TEST(test_closed_form)
{
    const size_t w3[] = {2, 1, 1};
    fanos_pinn *p;
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, w3, 3), FANOS_OK);
    ck_assert_uint_eq(fanos_pinn_size(p), 5);
    const double w1 = 0.7, w2 = -1.3, b1 = 0.2, c = 1.9, d = -0.4;
    const double theta[5] = {w1, w2, b1, c, d};
    const double x[3] = {-0.8, 0.1, 0.95}, t[3] = {0.0, 0.5, 0.9};
    double u[3], ux[3], ut[3], uxx[3];
    /* twice: the second evaluation finds the first one's values in the
     * network's buffers, which each layer must overwrite, not add to */
    for (int rep = 0; rep < 2; rep++) {
        ck_assert_int_eq(fanos_pinn_eval(p, theta, 3, x, t, u, ux, ut, uxx), FANOS_OK);
        for (int i = 0; i < 3; i++) {
            double th = tanh(w1 * x[i] + w2 * t[i] + b1), sech2 = 1 - th * th;
            ck_assert(fabs(u[i] - (c * th + d)) <= 1e-15);
            ck_assert(fabs(ux[i] - c * w1 * sech2) <= 1e-15);
            ck_assert(fabs(ut[i] - c * w2 * sech2) <= 1e-15);
            ck_assert(fabs(uxx[i] - (-2 * c * w1 * w1 * th * sech2)) <= 1e-14);
        }
    }
    fanos_pinn_free(p);

    const size_t w4[] = {2, 1, 1, 1};
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_ALLEN_CAHN, w4, 4), FANOS_OK);
    const double v = 1.4, q = -0.3, e = 0.8;
    const double th4[7] = {w1, w2, b1, v, q, e, d};
    ck_assert_int_eq(fanos_pinn_eval(p, th4, 3, x, t, u, ux, ut, uxx), FANOS_OK);
    for (int i = 0; i < 3; i++) {
        double s = tanh(w1 * x[i] + w2 * t[i] + b1), s1 = 1 - s * s;
        double y = v * s + q, r = tanh(y), r1 = 1 - r * r;
        /* y_x = v s1 w1, y_xx = v (-2 s s1) w1^2 */
        double yx = v * s1 * w1, yt = v * s1 * w2, yxx = v * (-2 * s * s1) * w1 * w1;
        ck_assert(fabs(u[i] - (e * r + d)) <= 1e-15);
        ck_assert(fabs(ux[i] - e * r1 * yx) <= 1e-14);
        ck_assert(fabs(ut[i] - e * r1 * yt) <= 1e-14);
        ck_assert(fabs(uxx[i] - e * (-2 * r * r1 * yx * yx + r1 * yxx)) <= 1e-14);
    }
    fanos_pinn_free(p);
}
END_TEST

/* [N6] [N8] the residuals on known derivative values; [N7] [N9] the
 * targets. */
START_TEST(test_residual_formulas)
{
    const double u = 0.3, ux = -1.2, ut = 0.7, uxx = 2.5;
    double rb = fanos_pinn_residual(FANOS_PINN_BURGERS, u, ux, ut, uxx);
    ck_assert(fabs(rb - (0.7 + 0.3 * -1.2 - 0.01 / M_PI * 2.5)) <= 1e-12);
    ck_assert(fabs(rb - 0.332042252845405233) <= 1e-12); /* by hand */
    double ra = fanos_pinn_residual(FANOS_PINN_ALLEN_CAHN, u, ux, ut, uxx);
    ck_assert(fabs(ra - (0.7 - 1e-4 * 2.5 + 5 * 0.027 - 5 * 0.3)) <= 1e-12);
    ck_assert(isnan(fanos_pinn_residual((fanos_pinn_pde)7, u, ux, ut, uxx)));
    ck_assert(fabs(fanos_pinn_target(FANOS_PINN_BURGERS, FANOS_PINN_IC, 0.5) + 1) <= 1e-15);
    ck_assert(fabs(fanos_pinn_target(FANOS_PINN_BURGERS, FANOS_PINN_IC, -1.0 / 6) - 0.5) <= 1e-15);
    ck_assert_double_eq(fanos_pinn_target(FANOS_PINN_BURGERS, FANOS_PINN_BC_LEFT, -1), 0);
    ck_assert_double_eq(fanos_pinn_target(FANOS_PINN_BURGERS, FANOS_PINN_BC_RIGHT, 1), 0);
    ck_assert(fabs(fanos_pinn_target(FANOS_PINN_ALLEN_CAHN, FANOS_PINN_IC, 1.0 / 3) - 1.0 / 18) <= 1e-15);
    ck_assert(fabs(fanos_pinn_target(FANOS_PINN_ALLEN_CAHN, FANOS_PINN_IC, 1) + 1) <= 1e-15);
    ck_assert_double_eq(fanos_pinn_target(FANOS_PINN_ALLEN_CAHN, FANOS_PINN_BC_LEFT, -1), -1);
    ck_assert_double_eq(fanos_pinn_target(FANOS_PINN_ALLEN_CAHN, FANOS_PINN_BC_RIGHT, 1), -1);
    ck_assert(isnan(fanos_pinn_target(FANOS_PINN_BURGERS, FANOS_PINN_COLLOCATION, 0)));
}
END_TEST

/* [N6] [N10] the loss on a network that is a known function: widths
 * [2, 1, 1] with w1 = w2 = 0 make u = c tanh(b1) + d constant, so every
 * Burgers residual is 0 and the loss is the mean squared misfit to the
 * targets, summed here by hand. */
START_TEST(test_loss_constant_network)
{
    const size_t w[] = {2, 1, 1};
    fanos_pinn *p;
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, w, 3), FANOS_OK);
    const int kind[5] = {0, 0, FANOS_PINN_BC_LEFT, FANOS_PINN_BC_RIGHT, FANOS_PINN_IC};
    const double x[5] = {0.3, -0.2, -1, 1, 0.5}, t[5] = {0.4, 0.9, 0.3, 0.3, 0};
    ck_assert_int_eq(fanos_pinn_set_points(p, 5, kind, x, t), FANOS_OK);
    const double theta[5] = {0, 0, 0.5, 2.0, 0.1};
    const double uc = 2.0 * tanh(0.5) + 0.1;
    double f;
    ck_assert_int_eq(fanos_pinn_fdf(p, 5, theta, &f, NULL), FANOS_OK);
    double want = (uc * uc + uc * uc + (uc + 1) * (uc + 1)) / 3;
    ck_assert(fabs(f - want) <= 1e-14);
    fanos_pinn_free(p);
}
END_TEST

/* [N15] the reference draws of seed 0: counts and first values. */
START_TEST(test_reference_draws)
{
    fanos_pinn *p;
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, NULL, 0), FANOS_OK);
    ck_assert_uint_eq(fanos_pinn_size(p), 2 * 50 + 50 + 2 * (50 * 50 + 50) + 51);
    double *theta = malloc(fanos_pinn_size(p) * sizeof *theta);
    ck_assert_int_eq(fanos_pinn_load_reference(p, DRAWS_DIR, 0, theta), FANOS_OK);
    ck_assert_double_eq(theta[0], -0.005293981172144413);
    ck_assert_double_eq(theta[1], 0.37932288646698);
    const int *kind;
    const double *x, *t;
    size_t n = fanos_pinn_points(p, &kind, &x, &t);
    ck_assert_uint_eq(n, 2300);
    size_t cnt[4] = {0};
    for (size_t i = 0; i < n; i++)
        cnt[kind[i]]++;
    ck_assert_uint_eq(cnt[FANOS_PINN_COLLOCATION], 2000);
    ck_assert_uint_eq(cnt[FANOS_PINN_BC_LEFT], 100);
    ck_assert_uint_eq(cnt[FANOS_PINN_BC_RIGHT], 100);
    ck_assert_uint_eq(cnt[FANOS_PINN_IC], 100);
    ck_assert_double_eq(x[0], 0.45164692401885986);
    ck_assert_double_eq(t[0], 0.8085961937904358);
    ck_assert_int_eq(kind[2000], FANOS_PINN_BC_LEFT);
    ck_assert_double_eq(t[2000], 0.47120726108551025);
    ck_assert_double_eq(t[2100], 0.47120726108551025);
    double f;
    ck_assert_int_eq(fanos_pinn_fdf(p, fanos_pinn_size(p), theta, &f, NULL), FANOS_OK);
    ck_assert(isfinite(f) && f > 0);
    ck_assert_int_eq(fanos_pinn_load_reference(p, DRAWS_DIR, 5, theta), FANOS_ERANGE);
    ck_assert_int_eq(fanos_pinn_load_reference(p, "/nonexistent", 0, theta), FANOS_EIO);
    free(theta);
    fanos_pinn_free(p);
    /* other widths than the files' are refused */
    const size_t w[] = {2, 20, 1};
    double th2[200];
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, w, 3), FANOS_OK);
    ck_assert_int_eq(fanos_pinn_load_reference(p, DRAWS_DIR, 0, th2), FANOS_EDIM);
    fanos_pinn_free(p);
}
END_TEST

/* [N3] [N14] fresh draws: ranges of the init per layer, the points. */
START_TEST(test_fresh_draws)
{
    fanos_pinn *p;
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_ALLEN_CAHN, NULL, 0), FANOS_OK);
    const size_t n = fanos_pinn_size(p);
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    ck_assert_int_eq(fanos_pinn_draw(p, 3, 2000, 100, 100, a), FANOS_OK);
    /* layer 1: 150 values within 1/sqrt(2); layers 2, 3: 2550 each within
     * 1/sqrt(50); layer 4: 51 within 1/sqrt(50) */
    const size_t ends[] = {150, 2700, 5250, 5301};
    const double bound[] = {1 / sqrt(2.0), 1 / sqrt(50.0), 1 / sqrt(50.0), 1 / sqrt(50.0)};
    ck_assert_uint_eq(n, 5301);
    for (size_t l = 0, i = 0; l < 4; l++) {
        double mx = 0;
        for (; i < ends[l]; i++)
            mx = fmax(mx, fabs(a[i]));
        ck_assert(mx < bound[l]);
        ck_assert(mx > 0.9 * bound[l]);
    }
    const int *kind;
    const double *x, *t;
    ck_assert_uint_eq(fanos_pinn_points(p, &kind, &x, &t), 2300);
    for (size_t i = 0; i < 2000; i++)
        ck_assert(kind[i] == 0 && x[i] >= -1 && x[i] < 1 && t[i] >= 0 && t[i] < 1);
    for (size_t i = 0; i < 100; i++) {
        ck_assert(kind[2000 + i] == FANOS_PINN_BC_LEFT && x[2000 + i] == -1);
        ck_assert(kind[2100 + i] == FANOS_PINN_BC_RIGHT && x[2100 + i] == 1);
        ck_assert_double_eq(t[2000 + i], t[2100 + i]);
        ck_assert(kind[2200 + i] == FANOS_PINN_IC && t[2200 + i] == 0);
    }
    /* same seed, same draws; another seed, other draws */
    ck_assert_int_eq(fanos_pinn_draw(p, 3, 2000, 100, 100, b), FANOS_OK);
    ck_assert(!memcmp(a, b, n * sizeof *a));
    ck_assert_int_eq(fanos_pinn_draw(p, 4, 2000, 100, 100, b), FANOS_OK);
    ck_assert(memcmp(a, b, n * sizeof *a));
    free(a);
    free(b);
    fanos_pinn_free(p);
}
END_TEST

/* [N14] [N3] the fresh points are the draws of the stream seeded seed + 1
 * after the network's (one uniform per parameter): the collocation x, then
 * their t, then the boundary t, then the initial x, replayed here from
 * GSL's mt19937. */
START_TEST(test_fresh_points_stream)
{
    fanos_pinn *p;
    const size_t w[] = {2, 4, 1};
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, w, 3), FANOS_OK);
    const size_t n = fanos_pinn_size(p), nf = 7, nb = 3, ni = 5;
    double *a = malloc(n * sizeof *a);
    ck_assert_int_eq(fanos_pinn_draw(p, 11, nf, nb, ni, a), FANOS_OK);
    const int *kind;
    const double *x, *t;
    ck_assert_uint_eq(fanos_pinn_points(p, &kind, &x, &t), nf + 2 * nb + ni);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 12);
    for (size_t i = 0; i < n; i++)
        gsl_rng_uniform(r);
    for (size_t i = 0; i < nf; i++)
        ck_assert_double_eq(x[i], 2.0 * gsl_rng_uniform(r) - 1.0);
    for (size_t i = 0; i < nf; i++)
        ck_assert_double_eq(t[i], gsl_rng_uniform(r));
    for (size_t i = 0; i < nb; i++) {
        const double u = gsl_rng_uniform(r);
        ck_assert_double_eq(t[nf + i], u);
        ck_assert_double_eq(t[nf + nb + i], u);
    }
    for (size_t i = 0; i < ni; i++)
        ck_assert_double_eq(x[nf + 2 * nb + i], 2.0 * gsl_rng_uniform(r) - 1.0);
    gsl_rng_free(r);
    free(a);
    fanos_pinn_free(p);
}
END_TEST

/* Input validation. */
START_TEST(test_validation)
{
    fanos_pinn *p;
    const size_t bad0[] = {3, 5, 1}, bad1[] = {2, 5, 2}, bad2[] = {2, 0, 1};
    ck_assert_int_eq(fanos_pinn_alloc(NULL, FANOS_PINN_BURGERS, NULL, 0), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, bad0, 3), FANOS_EDIM);
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, bad1, 3), FANOS_EDIM);
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, bad2, 3), FANOS_EDIM);
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, bad0, 2), FANOS_EDIM);
    ck_assert_int_eq(fanos_pinn_alloc(&p, (fanos_pinn_pde)9, NULL, 0), FANOS_EUNKNOWN);
    fanos_pinn_pde pde;
    ck_assert_int_eq(fanos_pinn_pde_lookup("allen-cahn", &pde), FANOS_OK);
    ck_assert_int_eq(pde, FANOS_PINN_ALLEN_CAHN);
    ck_assert_int_eq(fanos_pinn_pde_lookup("heat", &pde), FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, NULL, 0), FANOS_OK);
    double f, theta[5301] = {0};
    /* no points yet */
    ck_assert_int_eq(fanos_pinn_fdf(p, 5301, theta, &f, NULL), FANOS_EDIM);
    const int k[3] = {0, FANOS_PINN_BC_LEFT, FANOS_PINN_IC};
    double x[3] = {0, -1, 0.5}, t[3] = {0.5, 0.5, 0};
    ck_assert_int_eq(fanos_pinn_set_points(p, 3, k, x, t), FANOS_OK);
    ck_assert_int_eq(fanos_pinn_fdf(p, 5300, theta, &f, NULL), FANOS_EDIM);
    ck_assert_int_eq(fanos_pinn_fdf(p, 5301, theta, &f, NULL), FANOS_OK);
    x[1] = -0.9; /* a left boundary point off x = -1 */
    ck_assert_int_eq(fanos_pinn_set_points(p, 3, k, x, t), FANOS_EDOMAIN);
    x[1] = -1;
    t[0] = 1.5;
    ck_assert_int_eq(fanos_pinn_set_points(p, 3, k, x, t), FANOS_EDOMAIN);
    t[0] = NAN;
    ck_assert_int_eq(fanos_pinn_set_points(p, 3, k, x, t), FANOS_EDOMAIN);
    t[0] = 0.5;
    const int k2[3] = {0, 0, 0}, k3[3] = {0, 7, 0};
    ck_assert_int_eq(fanos_pinn_set_points(p, 3, k2, x, t), FANOS_EDIM);
    ck_assert_int_eq(fanos_pinn_set_points(p, 3, k3, x, t), FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_pinn_set_block(p, 0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_pinn_draw(p, 0, 0, 1, 1, theta), FANOS_EDIM);
    fanos_pinn_free(p);
}
END_TEST

/* The block size changes nothing beyond the order of sums. */
START_TEST(test_block_invariance)
{
    fanos_pinn *p;
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, NULL, 0), FANOS_OK);
    const size_t n = fanos_pinn_size(p);
    double *th = malloc(n * sizeof *th), *g1 = malloc(n * sizeof *g1),
           *g2 = malloc(n * sizeof *g2);
    ck_assert_int_eq(fanos_pinn_draw(p, 1, 333, 20, 20, th), FANOS_OK);
    double f1, f2;
    fanos_pinn_fdf(p, n, th, &f1, g1);
    ck_assert_int_eq(fanos_pinn_set_block(p, 13), FANOS_OK);
    fanos_pinn_fdf(p, n, th, &f2, g2);
    ck_assert(fabs(f1 - f2) <= 1e-13 * f1);
    for (size_t i = 0; i < n; i++)
        ck_assert(fabs(g1[i] - g2[i]) <= 1e-12 * (1 + fabs(g1[i])));
    free(th);
    free(g1);
    free(g2);
    fanos_pinn_free(p);
}
END_TEST

/* [N18] the FLOP count for the default network at 2000 + 300 points:
 * R = 4*2000 + 300 = 8300; layer 1: 2*50*2*R*2; layers 2, 3: 2*50*50*R*3
 * each; output: 5*50*R; element-wise: 150 units * (40*2000 + 5*300). */
START_TEST(test_flop_count)
{
    fanos_pinn *p;
    double *th = malloc(5301 * sizeof *th);
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, NULL, 0), FANOS_OK);
    ck_assert_int_eq(fanos_pinn_draw(p, 0, 2000, 100, 100, th), FANOS_OK);
    const double R = 8300;
    double want = 2 * 50 * 2 * R * 2 + 2 * (2 * 2500 * R * 3) + 5 * 50 * R +
                  150 * (40 * 2000.0 + 5 * 300.0);
    ck_assert_double_eq(fanos_pinn_flops(p), want);
    free(th);
    fanos_pinn_free(p);
}
END_TEST

/* [N23] the tanh count: one per hidden unit and point, 150 units at the default network's
 * 2000 + 300 points, and 7 + 3 units of a [2, 7, 3, 1] network at its points. */
START_TEST(test_tanh_count)
{
    fanos_pinn *p;
    double *th = malloc(5301 * sizeof *th);
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, NULL, 0), FANOS_OK);
    ck_assert_int_eq(fanos_pinn_draw(p, 0, 2000, 100, 100, th), FANOS_OK);
    ck_assert_double_eq(fanos_pinn_tanh_count(p), 150.0 * 2300);
    fanos_pinn_free(p);
    const size_t w[] = {2, 7, 3, 1};
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, w, 4), FANOS_OK);
    ck_assert_int_eq(fanos_pinn_draw(p, 0, 40, 4, 5, th), FANOS_OK);
    ck_assert_double_eq(fanos_pinn_tanh_count(p),
                        10.0 * (double)fanos_pinn_points(p, NULL, NULL, NULL));
    ck_assert_double_eq(fanos_pinn_tanh_count(NULL), 0);
    free(th);
    fanos_pinn_free(p);
}
END_TEST

/* Records every loss the objective returns. */
typedef struct {
    fanos_pinn *p;
    size_t evals;
    double losses[4096];
} rec_ctx;

static int rec_fdf(void *vctx, size_t n, const double *x, double *f, double *g)
{
    rec_ctx *c = vctx;
    int rc = fanos_pinn_fdf(c->p, n, x, f, g);
    if (c->evals < 4096)
        c->losses[c->evals] = *f;
    c->evals++;
    return rc;
}

/* [N16] warm-up: warmup_loss is the loss of the last warm-up evaluation
 * (before the last step), evals = warmup_steps; [N17] the polish: entry
 * loss = the first polish evaluation, at most 250 evaluations and 200
 * iterations (checked once the L-BFGS runner is in the library). */
START_TEST(test_warmstart)
{
    const size_t w[] = {2, 6, 6, 1};
    double theta[256];
    rec_ctx *c = calloc(1, sizeof *c);
    c->p = small_pinn(FANOS_PINN_BURGERS, w, 4, 40, 6, 2, theta);
    const size_t n = fanos_pinn_size(c->p);
    fanos_optimizer *opt;
    ck_assert_int_eq(fanos_optimizer_alloc(&opt, fanos_optimizer_fanos, n), FANOS_OK);
    fanos_warmstart_options o;
    fanos_warmstart_options_init(&o);
    ck_assert_uint_eq(o.warmup_steps, 1000);
    ck_assert_uint_eq(o.polish_iterations, 200);
    o.warmup_steps = 25;
    o.polish_iterations = 0;
    fanos_warmstart_result r;
    ck_assert_int_eq(fanos_warmstart(rec_fdf, c, n, theta, opt, &o, &r), FANOS_OK);
    ck_assert_uint_eq(c->evals, 25);
    ck_assert_uint_eq(r.evals, 25);
    ck_assert_double_eq(r.warmup_loss, c->losses[24]);
    ck_assert(c->losses[24] < c->losses[0]);
    ck_assert(isnan(r.entry_loss) && isnan(r.polish_loss));
    ck_assert_int_eq(r.diverged, 0);
    /* a non-finite start diverges and skips the polish */
    double bad[256];
    memcpy(bad, theta, sizeof bad);
    bad[0] = NAN;
    c->evals = 0;
    o.polish_iterations = 200;
    fanos_optimizer_reset(opt);
    ck_assert_int_eq(fanos_warmstart(rec_fdf, c, n, bad, opt, &o, &r), FANOS_OK);
    ck_assert_int_eq(r.diverged, 1);
    ck_assert_uint_eq(c->evals, 1);
    ck_assert(isnan(r.entry_loss));
    /* with the polish */
    c->evals = 0;
    fanos_optimizer_reset(opt);
    int rc = fanos_warmstart(rec_fdf, c, n, theta, opt, &o, &r);
    if (rc != FANOS_EUNKNOWN) { /* the L-BFGS runner is present */
        ck_assert_int_eq(rc, FANOS_OK);
        ck_assert_double_eq(r.entry_loss, c->losses[25]);
        ck_assert_uint_le(c->evals - 25, 250);
        ck_assert_uint_eq(r.evals, c->evals);
        ck_assert_uint_le(r.polish_iterations, 200);
        ck_assert(r.polish_loss <= r.entry_loss);
    }
    fanos_optimizer_free(opt);
    fanos_pinn_free(c->p);
    free(c);
}
END_TEST

/* What the watchers of a warm start saw. */
typedef struct {
    size_t steps, iterates, last_step, last_evals;
    double first_step_loss, last_step_loss, first_polish, last_polish;
    int ordered;
} seen;

static int see_step(void *ctx, size_t step, double loss, const double *x,
                    size_t n, fanos_optimizer *opt)
{
    seen *w = ctx;
    (void)x, (void)n, (void)opt;
    w->ordered &= step == w->last_step + 1 && w->iterates == 0;
    if (w->steps++ == 0)
        w->first_step_loss = loss;
    w->last_step = step;
    w->last_step_loss = loss;
    return 0;
}

static int see_iterate(void *ctx, size_t iteration, size_t evals,
                       double loss, const double *x, size_t n)
{
    seen *w = ctx;
    (void)x, (void)n;
    w->ordered &= iteration == w->iterates &&
                  (w->iterates == 0 || evals > w->last_evals);
    if (w->iterates++ == 0)
        w->first_polish = loss;
    w->last_evals = evals;
    w->last_polish = loss;
    return 0;
}

/* [N22] the watchers see every warm-up step and polish iterate, and the
 * run with them is the run without them, bit for bit. */
START_TEST(test_warmstart_watchers)
{
    const size_t w[] = {2, 5, 1};
    double theta[64], again[64];
    fanos_pinn *p = small_pinn(FANOS_PINN_BURGERS, w, 3, 30, 5, 7, theta);
    const size_t n = fanos_pinn_size(p);
    memcpy(again, theta, sizeof again);
    fanos_optimizer *opt;
    ck_assert_int_eq(fanos_optimizer_alloc(&opt, fanos_optimizer_adamw, n),
                     FANOS_OK);
    fanos_warmstart_options o;
    fanos_warmstart_options_init(&o);
    ck_assert(o.on_step == NULL && o.on_iterate == NULL && o.cb_ctx == NULL);
    o.warmup_steps = 20;
    o.polish_iterations = 5;
    fanos_warmstart_result plain, watched;
    int rc = fanos_warmstart(fanos_pinn_fdf, p, n, theta, opt, &o, &plain);
    seen s = {.ordered = 1};
    o.on_step = see_step;
    o.on_iterate = see_iterate;
    o.cb_ctx = &s;
    fanos_optimizer_reset(opt);
    ck_assert_int_eq(fanos_warmstart(fanos_pinn_fdf, p, n, again, opt, &o,
                                     &watched), rc);
    ck_assert(memcmp(theta, again, n * sizeof *theta) == 0);
    ck_assert(memcmp(&plain.warmup_loss, &watched.warmup_loss,
                     sizeof plain.warmup_loss) == 0);
    ck_assert_uint_eq(plain.evals, watched.evals);
    ck_assert_uint_eq(s.steps, 20);
    ck_assert_double_eq(s.last_step_loss, watched.warmup_loss);
    ck_assert_int_eq(s.ordered, 1);
    if (rc != FANOS_EUNKNOWN) {     /* the L-BFGS runner is present */
        ck_assert_int_eq(rc, FANOS_OK);
        ck_assert(memcmp(&plain.polish_loss, &watched.polish_loss,
                         sizeof plain.polish_loss) == 0);
        ck_assert_uint_eq(plain.polish_iterations, watched.polish_iterations);
        ck_assert_uint_eq(s.iterates, watched.polish_iterations + 1);
        ck_assert_double_eq(s.first_polish, watched.entry_loss);
        ck_assert_double_eq(s.last_polish, watched.polish_loss);
        ck_assert_uint_le(s.last_evals, watched.evals - 20);
    }
    fanos_optimizer_free(opt);
    fanos_pinn_free(p);
}
END_TEST

static Suite *pinn_suite(void)
{
    Suite *s = suite_create("pinn");
    TCase *tc = tcase_create("pinn");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_gradient_burgers);
    tcase_add_test(tc, test_gradient_allen_cahn);
    tcase_add_test(tc, test_gradient_deeper);
    tcase_add_test(tc, test_input_derivatives_fd);
    tcase_add_test(tc, test_closed_form);
    tcase_add_test(tc, test_residual_formulas);
    tcase_add_test(tc, test_loss_constant_network);
    tcase_add_test(tc, test_reference_draws);
    tcase_add_test(tc, test_fresh_draws);
    tcase_add_test(tc, test_fresh_points_stream);
    tcase_add_test(tc, test_validation);
    tcase_add_test(tc, test_block_invariance);
    tcase_add_test(tc, test_flop_count);
    tcase_add_test(tc, test_tanh_count);
    tcase_add_test(tc, test_warmstart);
    tcase_add_test(tc, test_warmstart_watchers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pinn_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
