/* check_tuning.c - tuned experiments (doc/spec.md section 14): the trials
 * of a search space, the coordinates of the cubic family, the plans, the
 * choice of the best trial, the edges, and the controls that must
 * reproduce another row exactly.
 *
 * Oracles: GSL's Sobol generator called here and the maps of TU1 written
 * out; grids and choices worked out by hand; the optimizers' parameters
 * read back; fanos_run and fanos_optimizer_step below the layer; PyTorch's
 * SGD and AdamW updates as the other optimizer types of the package. */
#include <config.h>
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_qrng.h>
#include "fanos.h"
#include "testutil.h"

static fanos_optimizer *make(const fanos_optimizer_type *t, size_t n)
{
    fanos_optimizer *o;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, t, n), FANOS_OK);
    return o;
}

static double get(const fanos_optimizer *o, const char *name)
{
    double v;
    ck_assert_int_eq(fanos_optimizer_get(o, name, &v), FANOS_OK);
    return v;
}

/* [TU2] a space of lists whose product is at most N: the full grid, the
 * last knob fastest, worked out by hand, and nothing written past its 6 x 2
 * values; N below the product: N points. */
START_TEST(grid_of_lists)
{
    const double a[2] = {1, 2}, b[3] = {10, 20, 30};
    const fanos_knob k[2] = {{"a", FANOS_KNOB_LIST, a, 2, 0, 0},
                             {"b", FANOS_KNOB_LIST, b, 3, 0, 0}};
    size_t n;
    double v[14];
    v[12] = v[13] = -7;
    ck_assert_int_eq(fanos_tuning_ntrials(k, 2, 6, &n), FANOS_OK);
    ck_assert_uint_eq(n, 6);
    ck_assert_int_eq(fanos_tuning_trials(k, 2, 6, v), FANOS_OK);
    const double want[12] = {1, 10, 1, 20, 1, 30, 2, 10, 2, 20, 2, 30};
    for (int i = 0; i < 12; i++)
        ck_assert(v[i] == want[i]);
    ck_assert(v[12] == -7 && v[13] == -7);
    ck_assert_int_eq(fanos_tuning_ntrials(k, 2, 100, &n), FANOS_OK);
    ck_assert_uint_eq(n, 6);      /* the grid, not 100 */
    ck_assert_int_eq(fanos_tuning_ntrials(k, 2, 5, &n), FANOS_OK);
    ck_assert_uint_eq(n, 5);      /* the grid is larger: Sobol points */
    ck_assert_int_eq(fanos_tuning_ntrials(NULL, 0, 5, &n), FANOS_OK);
    ck_assert_uint_eq(n, 1);      /* no knob: one trial */
    ck_assert_int_eq(fanos_tuning_ntrials(k, 2, 0, &n), FANOS_ERANGE);
    ck_assert_int_eq(fanos_tuning_ntrials(k, 2, FANOS_TRIALS_MAX + 1, &n),
                     FANOS_ERANGE);
    ck_assert_int_eq(fanos_tuning_ntrials(k, FANOS_KNOBS_MAX + 1, 5, &n),
                     FANOS_EDIM);
    const fanos_knob bad[3] = {{"x", FANOS_KNOB_LOG, NULL, 0, 0, 1},
                               {"x", FANOS_KNOB_LINEAR, NULL, 0, 2, 1},
                               {"x", FANOS_KNOB_LIST, a, 0, 0, 0}};
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(fanos_tuning_ntrials(&bad[i], 1, 5, &n), FANOS_ERANGE);
}
END_TEST

/* [TU1] [TU2] N Sobol points: GSL's generator called here, each coordinate
 * mapped by the formulas of TU1 and the list rule, written out. */
START_TEST(sobol_points)
{
    const double l[4] = {0.9, 0.99, 0.999, 0.9999};
    const fanos_knob k[3] = {{"lr", FANOS_KNOB_LOG, NULL, 0, 1e-4, 1e2},
                             {"m", FANOS_KNOB_LINEAR, NULL, 0, -1, 3},
                             {"b", FANOS_KNOB_LIST, l, 4, 0, 0}};
    enum { N = 50 };
    double v[N * 3], u[3];
    ck_assert_int_eq(fanos_tuning_trials(k, 3, N, v), FANOS_OK);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 3);
    for (int t = 0; t < N; t++) {
        gsl_qrng_get(q, u);
        if (t == 0)
            ck_assert(u[0] == 0.5 && u[1] == 0.5 && u[2] == 0.5);
        ck_assert_double_eq_tol(v[t * 3], 1e-4 * pow(1e6, u[0]), 1e-12 * v[t * 3]);
        ck_assert(v[t * 3] > 1e-4 && v[t * 3] < 1e2);
        ck_assert_double_eq_tol(v[t * 3 + 1], -1 + 4 * u[1], 1e-15);
        ck_assert(v[t * 3 + 2] == l[(int)(4 * u[2])]);
    }
    gsl_qrng_free(q);
    /* trial 0 is the middle of each range: 1e-1 and 1, the third item */
    ck_assert_double_eq_tol(v[0], 0.1, 1e-15);
    ck_assert(v[1] == 1.0 && v[2] == 0.999);
}
END_TEST

/* [TU3] a knob that is the optimizer's parameter of index 0 (AdamW's lr,
 * the first row of its table) is set as a parameter: 0.25 read back. */
START_TEST(knob_first_parameter)
{
    const double lr[1] = {0.25};
    const fanos_knob k[1] = {{"lr", FANOS_KNOB_LIST, lr, 1, 0, 0}};
    const double v[1] = {0.25};
    fanos_optimizer *o = make(fanos_optimizer_adamw, 3);
    ck_assert_int_eq(fanos_optimizer_type_param_index(fanos_optimizer_adamw, "lr"), 0);
    ck_assert_int_eq(fanos_tuning_apply(o, k, 1, v), FANOS_OK);
    ck_assert(get(o, "lr") == 0.25);
    fanos_optimizer_free(o);
}
END_TEST

/* [TU3] [TU4] the coordinates: h = sqrt(eta), gamma = -ln(beta1)/h,
 * alpha = -ln(beta2)/h (read back from the optimizer), one step damps by
 * beta1 and relaxes by beta2 to rounding; adam-eqbeta's beta; the ranges. */
START_TEST(coordinates)
{
    const double eta[1] = {1e-2}, b1[1] = {0.9}, b2[1] = {0.999}, c[1] = {0.5};
    const fanos_knob k[4] = {{"eta", FANOS_KNOB_LIST, eta, 1, 0, 0},
                             {"beta1", FANOS_KNOB_LIST, b1, 1, 0, 0},
                             {"beta2", FANOS_KNOB_LIST, b2, 1, 0, 0},
                             {"c", FANOS_KNOB_LIST, c, 1, 0, 0}};
    const double v[4] = {1e-2, 0.9, 0.999, 0.5};
    fanos_optimizer *o = make(fanos_optimizer_cadam, 3);
    ck_assert_int_eq(fanos_tuning_apply(o, k, 4, v), FANOS_OK);
    const double h = get(o, "lr");
    ck_assert(h == sqrt(1e-2));
    ck_assert(get(o, "gamma") == -log(0.9) / h);
    ck_assert(get(o, "alpha") == -log(0.999) / h);
    ck_assert(get(o, "c") == 0.5);
    ck_assert_double_eq_tol(exp(-get(o, "gamma") * h), 0.9, 4 * DBL_EPSILON);
    ck_assert_double_eq_tol(exp(-get(o, "alpha") * h), 0.999, 4 * DBL_EPSILON);
    fanos_optimizer_free(o);
    /* without eta the lr already set is h */
    o = make(fanos_optimizer_cd, 3);
    TEST_SET(o, "lr", 0.25);
    ck_assert_int_eq(fanos_tuning_apply(o, k + 1, 1, v + 1), FANOS_OK);
    ck_assert(get(o, "gamma") == -log(0.9) / 0.25);
    /* cd has no beta2 */
    ck_assert_int_eq(fanos_tuning_apply(o, k + 2, 1, v + 2), FANOS_EUNKNOWN);
    fanos_optimizer_free(o);
    o = make(fanos_optimizer_adam_eqbeta, 3);
    const fanos_knob kb = {"beta", FANOS_KNOB_LIST, b1, 1, 0, 0};
    ck_assert_int_eq(fanos_tuning_apply(o, &kb, 1, b1), FANOS_OK);
    ck_assert(get(o, "beta1") == 0.9 && get(o, "beta2") == 0.9);
    ck_assert_int_eq(fanos_optimizer_check(o, NULL), FANOS_OK);
    fanos_optimizer_free(o);
    /* ranges: parameters by their tables, coordinates by TU4 */
    const fanos_optimizer_type *ikfad = fanos_optimizer_ikfad;
    ck_assert_int_eq(fanos_tuning_knob_check(ikfad, "eta", 0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_tuning_knob_check(ikfad, "beta1", 1), FANOS_OK);
    ck_assert_int_eq(fanos_tuning_knob_check(ikfad, "beta1", 0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_tuning_knob_check(ikfad, "beta2", 1), FANOS_ERANGE);
    ck_assert_int_eq(fanos_tuning_knob_check(ikfad, "mu", 0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_tuning_knob_check(ikfad, "beta", 0.5), FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_tuning_knob_check(fanos_optimizer_adamw, "eta", 1),
                     FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_tuning_knob_check(fanos_optimizer_adamw, "beta2", 1),
                     FANOS_ERANGE);
}
END_TEST

/* [P8] [TU4] CD with c = 0 in the coordinates (eta, beta1) is SGD with
 * momentum mu = e^{-gamma h} and lr h^2 (mu = beta1 and h^2 = eta to
 * rounding).  Step by step: from the same state (SGD's buffer -p/(mu h))
 * one step of each on Rosenbrock-10D differs by at most 8 eps (|x| +
 * h|p| + h^2|g|) a coordinate; and the two trajectories from p = 0 (SGD's
 * first step sets its buffer to g) agree to 1e-12 over 500 steps. */
START_TEST(control_cd_c0_is_sgd_momentum)
{
    const double v[3] = {1e-4, 0.9, 0.0};
    const fanos_knob k[3] = {{"eta", FANOS_KNOB_LIST, v, 1, 0, 0},
                             {"beta1", FANOS_KNOB_LIST, v + 1, 1, 0, 0},
                             {"c", FANOS_KNOB_LIST, v + 2, 1, 0, 0}};
    fanos_optimizer *cd = make(fanos_optimizer_cd, 10);
    ck_assert_int_eq(fanos_tuning_apply(cd, k, 3, v), FANOS_OK);
    const double h = get(cd, "lr"), mu = exp(-get(cd, "gamma") * h);
    ck_assert_double_eq_tol(mu, 0.9, 4 * DBL_EPSILON);
    ck_assert_double_eq_tol(h * h, 1e-4, 4 * DBL_EPSILON * 1e-4);
    fanos_optimizer *sgd = make(fanos_optimizer_sgd, 10);
    TEST_SET(sgd, "momentum", mu);
    TEST_SET(sgd, "lr", h * h);
    double x[10], y[10], g[10], f, p[10], b[10], worst = 0, worst_traj = 0;
    memcpy(x, test_golden_x0, sizeof x);
    memcpy(y, x, sizeof y);
    for (int s = 0; s < 500; s++) {
        fanos_rosenbrock_fdf(NULL, 10, x, &f, g);
        ck_assert_int_eq(fanos_optimizer_step(cd, x, g, f), FANOS_OK);
        fanos_rosenbrock_fdf(NULL, 10, y, &f, g);
        ck_assert_int_eq(fanos_optimizer_step(sgd, y, g, f), FANOS_OK);
        for (int i = 0; i < 10; i++)
            worst_traj = fmax(worst_traj, test_reldev(x[i], y[i]));
    }
    printf("cd(c=0) vs sgd(momentum), 500 steps: max deviation %.3e\n", worst_traj);
    ck_assert(worst_traj <= 1e-12);
    /* one step from a state set the same in both, along CD's trajectory */
    for (int s = 0; s < 200; s++) {
        ck_assert_int_eq(fanos_optimizer_field_get(cd, "p", p, 10), FANOS_OK);
        for (int i = 0; i < 10; i++)
            b[i] = -p[i] / (mu * h);
        ck_assert_int_eq(fanos_optimizer_field_set(sgd, "momentum_buffer", b, 10),
                         FANOS_OK);
        memcpy(y, x, sizeof y);
        fanos_rosenbrock_fdf(NULL, 10, x, &f, g);
        double bound[10];
        for (int i = 0; i < 10; i++)
            bound[i] = 8 * DBL_EPSILON *
                       (fabs(x[i]) + h * fabs(p[i]) + h * h * fabs(g[i]));
        ck_assert_int_eq(fanos_optimizer_step(cd, x, g, f), FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_step(sgd, y, g, f), FANOS_OK);
        for (int i = 0; i < 10; i++) {
            ck_assert_msg(fabs(x[i] - y[i]) <= bound[i], "step %d coord %d: "
                          "%.17g vs %.17g", s, i, x[i], y[i]);
            worst = fmax(worst, fabs(x[i] - y[i]) / bound[i] * 8);
        }
    }
    printf("cd(c=0) vs sgd one step: largest |dx| = %.2f eps (|x| + h|p| + "
           "h^2|g|), the bound is 8\n", worst);
    fanos_optimizer_free(cd);
    fanos_optimizer_free(sgd);
}
END_TEST

/* [P9] VRAdam with beta3 = 0 is AdamW with the same weight decay, step by
 * step: from the same state (AdamW's moments and step count set from
 * VRAdam's), one step of each gives the same moments bit for bit and
 * iterates within 8 eps (|theta_k| + |theta_{k+1} - theta_k|). */
START_TEST(control_vradam_beta3_zero_is_adamw)
{
    fanos_optimizer *a = make(fanos_optimizer_vradam, 10);
    fanos_optimizer *w = make(fanos_optimizer_adamw, 10);
    TEST_SET(a, "beta3", 0);
    TEST_SET(a, "weight_decay", 0.01);
    TEST_SET(a, "lr", 1e-2);
    TEST_SET(w, "weight_decay", 0.01);
    TEST_SET(w, "lr", 1e-2);
    double x[10], y[10], xk[10], g[10], f, m[10], v[10], k, worst = 0;
    memcpy(x, test_golden_x0, sizeof x);
    for (int s = 0; s < 300; s++) {
        ck_assert_int_eq(fanos_optimizer_field_get(a, "m", m, 10), FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_field_get(a, "v", v, 10), FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_field_get(a, "k", &k, 1), FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_field_set(w, "exp_avg", m, 10), FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_field_set(w, "exp_avg_sq", v, 10), FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_field_set(w, "k", &k, 1), FANOS_OK);
        memcpy(xk, x, sizeof xk);
        memcpy(y, x, sizeof y);
        fanos_rosenbrock_fdf(NULL, 10, x, &f, g);
        ck_assert_int_eq(fanos_optimizer_step(a, x, g, f), FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_step(w, y, g, f), FANOS_OK);
        double ma[10], mw[10], va[10], vw[10];
        ck_assert_int_eq(fanos_optimizer_field_get(a, "m", ma, 10), FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_field_get(w, "exp_avg", mw, 10), FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_field_get(a, "v", va, 10), FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_field_get(w, "exp_avg_sq", vw, 10), FANOS_OK);
        ck_assert_msg(memcmp(ma, mw, sizeof ma) == 0 && memcmp(va, vw, sizeof va) == 0,
                      "step %d: the moments differ", s);
        for (int i = 0; i < 10; i++) {
            const double bound = 8 * DBL_EPSILON * (fabs(xk[i]) + fabs(x[i] - xk[i]));
            ck_assert_msg(fabs(x[i] - y[i]) <= bound, "step %d coord %d: %.17g vs "
                          "%.17g", s, i, x[i], y[i]);
            worst = fmax(worst, fabs(x[i] - y[i]) / bound * 8);
        }
    }
    printf("vradam(beta3=0) vs adamw one step: largest |dx| = %.2f eps (|theta| + "
           "|dtheta|), the bound is 8\n", worst);
    fanos_optimizer_free(a);
    fanos_optimizer_free(w);
}
END_TEST


/* A tuned experiment on Rosenbrock-10D: AdamW with a 2 x 2 grid (lr,
 * beta2), CD with 3 Sobol trials of (eta, c), L-BFGS without knobs; 3
 * trials, tuning seeds 7 and 8, evaluation seeds 0 and 1. */
static const double lrs[2] = {1e-3, 1e-2}, b2s[2] = {0.9, 0.99};
static const fanos_knob adamw_knobs[2] = {{"lr", FANOS_KNOB_LIST, lrs, 2, 0, 0},
                                          {"beta2", FANOS_KNOB_LIST, b2s, 2, 0, 0}};
static const fanos_knob cd_knobs[2] = {{"eta", FANOS_KNOB_LOG, NULL, 0, 1e-6, 1e-2},
                                       {"c", FANOS_KNOB_LINEAR, NULL, 0, 0, 2}};
static const char *const wd_key[] = {"weight_decay"}, *const wd_val[] = {"0"};
static const unsigned long tseeds[] = {7, 8}, eseeds[] = {0, 1};

static void tuned_experiment(fanos_experiment *e, fanos_experiment_method *m,
                             const fanos_problem_type **pt)
{
    memset(e, 0, sizeof *e);
    m[0] = (fanos_experiment_method){"AdamW", fanos_optimizer_adamw, wd_key, wd_val,
                                     1, 0, NULL, 0, adamw_knobs, 2};
    m[1] = (fanos_experiment_method){"CD", fanos_optimizer_cd, NULL, NULL, 0, 1.0,
                                     NULL, 0, cd_knobs, 2};
    m[2] = (fanos_experiment_method){"L-BFGS", fanos_optimizer_lbfgs, NULL, NULL,
                                     0, 0, NULL, 0, NULL, 0};
    pt[0] = fanos_problem_rosenbrock;
    e->name = "T";
    e->problems = pt;
    e->nproblems = 1;
    static const char *const dk[] = {"dim"}, *const dv[] = {"10"};
    e->problem_keys = dk;
    e->problem_vals = dv;
    e->nproblem_set = 1;
    e->budget = 40;
    e->loop = FANOS_LOOP_BEFORE_LAST;
    e->seeds[FANOS_DRAWS_FRESH] = eseeds;
    e->nseeds[FANOS_DRAWS_FRESH] = 2;
    e->methods = m;
    e->nmethods = 3;
    e->trials = 4;
    e->tuning_seeds = tseeds;
    e->ntuning_seeds = 2;
}

/* [TU6] the tuning plan of a quadratic with two axis values, kappa 10
 * and 100: one run per axis value, method, trial and tuning seed,
 * 2 x (4 + 4 + 1) x 2 = 36 runs, 18 of each value (param 0 and 1). */
START_TEST(tuning_plan_axis)
{
    fanos_experiment e;
    fanos_experiment_method m[3];
    const fanos_problem_type *pt[1];
    tuned_experiment(&e, m, pt);
    static const double kappas[2] = {10, 100};
    pt[0] = fanos_problem_quadratic;
    e.axis = kappas;
    e.naxis = 2;
    fanos_experiment_run *runs;
    size_t n, count[2] = {0, 0};
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &n), FANOS_OK);
    ck_assert_uint_eq(n, 36);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_lt(runs[i].param, 2);
        ck_assert_int_eq(runs[i].phase, FANOS_PHASE_TUNING);
        count[runs[i].param]++;
    }
    ck_assert_uint_eq(count[0], 18);
    ck_assert_uint_eq(count[1], 18);
    free(runs);
}
END_TEST

/* [TU3] [TU5] [TU6] [TU9] the tuning plan: (4 + 4 + 1) trials x 2 seeds in
 * the order of the key, each run's lr that of its trial, and each run the
 * same as fanos_run with the trial's settings made by hand. */
START_TEST(tuning_plan)
{
    fanos_experiment e;
    fanos_experiment_method m[3];
    const fanos_problem_type *pt[1];
    tuned_experiment(&e, m, pt);
    size_t bm, bk;
    ck_assert_int_eq(fanos_tuning_check(&e, &bm, &bk), FANOS_OK);
    fanos_experiment_run *runs;
    size_t n;
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &n), FANOS_OK);
    ck_assert_uint_eq(n, 18);
    /* AdamW's grid: trial 1 is (1e-3, 0.99), trial 2 (1e-2, 0.9) */
    ck_assert_uint_eq(runs[2].trial, 1);
    ck_assert(runs[2].lr == 1e-3 && runs[4].lr == 1e-2);
    ck_assert_uint_eq(runs[0].seed, 7);
    ck_assert_uint_eq(runs[1].seed, 8);
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(runs[i].phase, FANOS_PHASE_TUNING);
        ck_assert_int_eq(runs[i].draws, FANOS_DRAWS_FRESH);
        if (i) {
            fanos_row_key a, b;
            fanos_experiment_row_key(&e, &runs[i - 1], &a);
            fanos_experiment_row_key(&e, &runs[i], &b);
            ck_assert_int_lt(fanos_row_key_cmp(&a, &b, 1), 0);
        }
    }
    ck_assert_str_eq(e.methods[runs[8].method].name, "CD");
    ck_assert(isnan(runs[16].lr));      /* L-BFGS */
    /* CD's trial 1 by hand: Sobol's second point (3/4, 1/4) */
    double v[2], lr;
    ck_assert_int_eq(fanos_experiment_trial(&e, 1, 1, v, &lr), FANOS_OK);
    ck_assert_double_eq_tol(v[0], 1e-6 * pow(1e4, 0.75), 1e-18);
    ck_assert(v[1] == 0.5 && lr == v[0]);
    fanos_experiment_result res;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[10], NULL, &res), FANOS_OK);
    ck_assert_uint_eq(runs[10].trial, 1);
    double x[10];
    ck_assert_int_eq(fanos_rosenbrock_x0(10, runs[10].seed, x), FANOS_OK);
    fanos_optimizer *o = make(fanos_optimizer_cd, 10);
    TEST_SET(o, "lr", sqrt(v[0]));
    TEST_SET(o, "c", 0.5);
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = 40;
    ro.clip = 1.0;
    fanos_run_result want;
    ck_assert_int_eq(fanos_run(fanos_rosenbrock_fdf, NULL, 10, x, o, &ro, &want),
                     FANOS_OK);
    ck_assert(res.run.final_loss == want.final_loss);
    fanos_optimizer_free(o);
    free(runs);
    /* TU9: a seed in both sets is refused */
    static const unsigned long overlap[] = {1, 8};
    e.seeds[FANOS_DRAWS_FRESH] = overlap;
    ck_assert_int_eq(fanos_tuning_check(&e, &bm, &bk), FANOS_ECONFLICT);
    ck_assert_uint_eq(bm, SIZE_MAX);
    ck_assert_uint_eq(bk, 1);           /* the index of the shared seed 8 */
    static const unsigned long late[] = {9, 10, 11, 7};
    e.seeds[FANOS_DRAWS_FRESH] = late;
    e.nseeds[FANOS_DRAWS_FRESH] = 4;
    ck_assert_int_eq(fanos_tuning_check(&e, &bm, &bk), FANOS_ECONFLICT);
    ck_assert(bm == SIZE_MAX && bk == 3);
    e.nseeds[FANOS_DRAWS_FRESH] = 3;    /* 9, 10, 11: disjoint from 7, 8 */
    ck_assert_int_eq(fanos_tuning_check(&e, &bm, &bk), FANOS_OK);
    e.seeds[FANOS_DRAWS_FRESH] = late + 3;      /* 7 alone: index 0 */
    e.nseeds[FANOS_DRAWS_FRESH] = 1;
    ck_assert_int_eq(fanos_tuning_check(&e, &bm, &bk), FANOS_ECONFLICT);
    ck_assert(bm == SIZE_MAX && bk == 0);
    e.seeds[FANOS_DRAWS_FRESH] = overlap;
    e.nseeds[FANOS_DRAWS_FRESH] = 2;
    /* a knob that is no parameter, and a knob also fixed by set */
    fanos_knob wrong[2] = {adamw_knobs[0], {"gamma", FANOS_KNOB_LIST, lrs, 2, 0, 0}};
    m[0].knobs = wrong;
    ck_assert_int_eq(fanos_tuning_check(&e, &bm, &bk), FANOS_EUNKNOWN);
    ck_assert(bm == 0 && bk == 1);
    wrong[1].name = "weight_decay";
    ck_assert_int_eq(fanos_tuning_check(&e, &bm, &bk), FANOS_ECONFLICT);
}
END_TEST

/* [TU6] one run per problem too: with Rosenbrock and the quadratic, 18
 * tuning runs of each, the same (method, trial, seed) in the same order. */
START_TEST(tuning_plan_of_two_problems)
{
    fanos_experiment e;
    fanos_experiment_method m[3];
    const fanos_problem_type *pt[2];
    tuned_experiment(&e, m, pt);
    pt[1] = fanos_problem_quadratic;
    e.nproblems = 2;
    fanos_experiment_run *runs;
    size_t n;
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &n), FANOS_OK);
    ck_assert_uint_eq(n, 36);
    /* "quadratic" < "rosenbrock": problem 1's runs first */
    for (size_t i = 0; i < 18; i++) {
        const fanos_experiment_run *q = &runs[i], *r = &runs[18 + i];
        ck_assert_uint_eq(q->problem, 1);
        ck_assert_uint_eq(r->problem, 0);
        ck_assert(q->method == r->method && q->trial == r->trial && q->seed == r->seed);
        ck_assert_int_eq(q->phase, FANOS_PHASE_TUNING);
        ck_assert_int_eq(q->draws, FANOS_DRAWS_FRESH);
    }
    free(runs);
}
END_TEST

/* [TU7] [TU8] the choice from results made up here: AdamW's trial 3 has
 * the lowest mean but a diverged run, trials 0 and 2 tie at the lowest
 * mean of the others (the smaller lr, trial 0, wins); CD's trial 2 is the
 * lowest; every L-BFGS run diverged, so it has no best trial and no
 * evaluation run. */
START_TEST(choice_and_evaluation_plan)
{
    fanos_experiment e;
    fanos_experiment_method m[3];
    const fanos_problem_type *pt[1];
    tuned_experiment(&e, m, pt);
    fanos_experiment_run *runs, *ev;
    size_t n, ne, best[3];
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &n), FANOS_OK);
    const double loss[18] = {2, 2, 5, 5, 1, 3, NAN, 0.1,    /* AdamW 0..3 */
                             4, 4, 3, 3, 1, 2, 9, 9,        /* CD 0..3 */
                             NAN, NAN};                     /* L-BFGS */
    const int div[18] = {0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
    ck_assert_int_eq(fanos_tuning_nchoices(&e), 3);
    ck_assert_int_eq(fanos_tuning_choose(&e, runs, n, div, loss, best), FANOS_OK);
    ck_assert_uint_eq(best[0], 0);
    ck_assert_uint_eq(best[1], 2);
    ck_assert_uint_eq(best[2], FANOS_TRIAL_NONE);
    ck_assert_int_eq(fanos_tuning_choose(&e, runs, n - 1, div, loss, best),
                     FANOS_EDIM);
    ck_assert_int_eq(fanos_tuning_choose(&e, runs, n, div, loss, best), FANOS_OK);
    ck_assert_int_eq(fanos_tuning_evaluation_plan(&e, best, &ev, &ne), FANOS_OK);
    ck_assert_uint_eq(ne, 4);
    for (size_t i = 0; i < ne; i++) {
        ck_assert_int_eq(ev[i].phase, FANOS_PHASE_EVALUATION);
        ck_assert_int_eq(ev[i].draws, FANOS_DRAWS_FRESH);
        ck_assert_uint_eq(ev[i].seed, eseeds[i % 2]);
        ck_assert_uint_eq(ev[i].trial, i < 2 ? 0 : 2);
    }
    ck_assert(ev[0].lr == 1e-3);
    free(ev);
    /* a reference seed too: one more run per method with a best trial, on
     * the reference draws, before the fresh ones (ST2) */
    static const unsigned long rseeds[] = {5};
    e.seeds[FANOS_DRAWS_REFERENCE] = rseeds;
    e.nseeds[FANOS_DRAWS_REFERENCE] = 1;
    ck_assert_int_eq(fanos_tuning_evaluation_plan(&e, best, &ev, &ne), FANOS_OK);
    ck_assert_uint_eq(ne, 6);
    const fanos_draws wd[6] = {FANOS_DRAWS_REFERENCE, FANOS_DRAWS_REFERENCE,
                               FANOS_DRAWS_FRESH, FANOS_DRAWS_FRESH,
                               FANOS_DRAWS_FRESH, FANOS_DRAWS_FRESH};
    const size_t wm[6] = {0, 1, 0, 0, 1, 1}, wt[6] = {0, 2, 0, 0, 2, 2};
    const unsigned long ws[6] = {5, 5, 0, 1, 0, 1};
    for (size_t i = 0; i < ne; i++) {
        ck_assert_int_eq(ev[i].phase, FANOS_PHASE_EVALUATION);
        ck_assert_int_eq(ev[i].draws, wd[i]);
        ck_assert_uint_eq(ev[i].method, wm[i]);
        ck_assert_uint_eq(ev[i].trial, wt[i]);
        ck_assert_uint_eq(ev[i].seed, ws[i]);
    }
    free(ev);
    e.nseeds[FANOS_DRAWS_REFERENCE] = 0;
    best[1] = 7;        /* no such trial */
    ck_assert_int_eq(fanos_tuning_evaluation_plan(&e, best, &ev, &ne), FANOS_ERANGE);
    free(runs);
}
END_TEST

/* [TU10] edges, worked out by hand: 20 settings of one knob 1..20, the
 * best at 2 (one value below: 10 * 1 < 20, the low edge), at 3 (two
 * below: 20 < 20 fails, no edge), at 20 (the high edge); a knob with two
 * distinct values is never at an edge; a NaN knob is none; and distinct
 * values count, not settings: 21 settings of a list of 10 values, the
 * best at the second largest (2 settings above, but 1 value of 10). */
START_TEST(edges)
{
    enum { G = 20 };
    fanos_row_key k[G];
    fanos_group g[G];
    double kn[G * 3];
    signed char edge[G * 3];
    memset(g, 0, sizeof g);
    for (int i = 0; i < G; i++) {
        k[i] = (fanos_row_key){"E", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "A", 0.1,
                               0, FANOS_PHASE_TUNING, (size_t)i};
        g[i].first = (size_t)i;
        kn[i * 3] = i + 1;
        kn[i * 3 + 1] = i % 2;
        kn[i * 3 + 2] = NAN;
    }
    const int bests[3] = {1, 2, 19};
    const int want[3] = {-1, 0, 1};
    for (int c = 0; c < 3; c++) {
        for (int i = 0; i < G; i++)
            g[i].best = i == bests[c];
        ck_assert_int_eq(fanos_groups_mark_edges(k, g, G, kn, 3, edge), FANOS_OK);
        for (int i = 0; i < G * 3; i++)
            ck_assert_int_eq(edge[i], i == bests[c] * 3 ? want[c] : 0);
    }
    double list[21];
    for (int i = 0; i < 21; i++) {
        list[i] = i % 10;
        g[i < G ? i : 0].best = 0;
    }
    fanos_row_key k21[21];
    fanos_group g21[21];
    memset(g21, 0, sizeof g21);
    for (int i = 0; i < 21; i++) {
        k21[i] = k[0];
        k21[i].trial = (size_t)i;
        g21[i].first = (size_t)i;
    }
    g21[8].best = 1;
    ck_assert_int_eq(fanos_groups_mark_edges(k21, g21, 21, list, 1, edge), FANOS_OK);
    ck_assert_int_eq(edge[8], 0);
    g21[8].best = 0;
    g21[9].best = 1;
    ck_assert_int_eq(fanos_groups_mark_edges(k21, g21, 21, list, 1, edge), FANOS_OK);
    ck_assert_int_eq(edge[9], 1);
}
END_TEST

/* NGN-M at an exact minimiser: a problem whose start point is
 * Rosenbrock's minimum (1, ..., 1), made here as a problem type. */
static size_t at_min_size(const fanos_problem *p)
{
    (void)p;
    return 4;
}
static int at_min_setup(const fanos_problem *p, fanos_draws d, unsigned long s,
                        const char *dir, void **ctx, double *x0)
{
    (void)p, (void)d, (void)s, (void)dir;
    *ctx = NULL;
    for (int i = 0; i < 4; i++)
        x0[i] = 1.0;
    return FANOS_OK;
}
/* [ST26] the first step of NGN-M at (1, ..., 1) is refused (f = 0) and the
 * run ends there, finished: final loss 0, one evaluation, no step, not
 * diverged; its seconds are its wall time, >= 0 and at most the time
 * this test measures around the run on the same monotonic clock. */
START_TEST(ngnm_at_the_minimum)
{
    const fanos_problem_type at_min = {.name = "at-min", .size = at_min_size,
                                       .setup = at_min_setup,
                                       .fdf = fanos_rosenbrock_fdf};
    const fanos_problem_type *pt[1] = {&at_min};
    static const double lr[1] = {1e-3};
    static const unsigned long seed[1] = {0};
    fanos_experiment_method m = {"NGN-M", fanos_optimizer_ngnm, NULL, NULL, 0, 0,
                                 lr, 1, NULL, 0};
    fanos_experiment e;
    memset(&e, 0, sizeof e);
    e.name = "E";
    e.problems = pt;
    e.nproblems = 1;
    e.budget = 10;
    e.loop = FANOS_LOOP_AFTER_LAST;
    e.seeds[FANOS_DRAWS_FRESH] = seed;
    e.nseeds[FANOS_DRAWS_FRESH] = 1;
    e.methods = &m;
    e.nmethods = 1;
    fanos_experiment_run r = {0, 0, FANOS_DRAWS_FRESH, 0, 1e-3, 0,
                              FANOS_PHASE_NONE, 0};
    fanos_experiment_result res;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_int_eq(fanos_experiment_execute(&e, &r, NULL, &res), FANOS_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    const double wall = (double)(t1.tv_sec - t0.tv_sec) +
                        1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    ck_assert(res.run.seconds >= 0 && res.run.seconds <= wall);
    ck_assert(res.run.final_loss == 0.0);
    ck_assert_uint_eq(res.run.evals, 1);
    ck_assert_uint_eq(res.run.steps, 0);
    ck_assert_int_eq(res.run.diverged, 0);
}
END_TEST

/* [ST21] the fingerprint of a tuned experiment moves with its tuning:
 * the trial budget, a tuning seed, a knob's range, scale or list; and a tuned
 * run's raw row carries phase, trial and its settings as key fields. */
START_TEST(tuned_fingerprint_and_row)
{
    fanos_experiment e;
    fanos_experiment_method m[3];
    const fanos_problem_type *pt[1];
    tuned_experiment(&e, m, pt);
    uint32_t base, c;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &base), FANOS_OK);
    e.trials = 5;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &c), FANOS_OK);
    ck_assert_uint_ne(c, base);
    e.trials = 4;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &c), FANOS_OK);
    ck_assert_uint_eq(c, base);
    static const unsigned long other[] = {7, 9};
    const unsigned long *keep = e.tuning_seeds;
    e.tuning_seeds = other;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &c), FANOS_OK);
    ck_assert_uint_ne(c, base);
    e.tuning_seeds = keep;
    fanos_knob k[2];
    memcpy(k, cd_knobs, sizeof k);
    m[1].knobs = k;
    k[0].hi *= 2;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &c), FANOS_OK);
    ck_assert_uint_ne(c, base);
    memcpy(k, cd_knobs, sizeof k);
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &c), FANOS_OK);
    ck_assert_uint_eq(c, base);
    k[1].scale = FANOS_KNOB_LOG;
    k[1].lo = 1e-3;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &c), FANOS_OK);
    ck_assert_uint_ne(c, base);
    m[1].knobs = cd_knobs;
    double b2[2] = {0.9, 0.999};        /* a list's values */
    fanos_knob a[2] = {adamw_knobs[0], {"beta2", FANOS_KNOB_LIST, b2, 2, 0, 0}};
    m[0].knobs = a;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &c), FANOS_OK);
    ck_assert_uint_ne(c, base);
    m[0].knobs = adamw_knobs;
    /* the row of CD's trial 1 (knobs eta, c): Sobol's (3/4, 1/4) */
    fanos_experiment_run r = {0, 0, FANOS_DRAWS_FRESH, 1, NAN, 7,
                              FANOS_PHASE_TUNING, 1};
    fanos_row_text t;
    ck_assert_int_eq(fanos_experiment_row_text(&e, &r, NULL, &t), FANOS_OK);
    ck_assert_uint_eq(t.nfields, 16);
    ck_assert_uint_eq(t.nkeys, 10);
    ck_assert_uint_eq(t.keys[7], 13);
    ck_assert_str_eq(t.field[13], "tuning");
    ck_assert_str_eq(t.field[14], "1");
    char want[128], num[32];
    fanos_real_str(num, sizeof num, 1e-6 * pow(1e4, 0.75));
    snprintf(want, sizeof want, "eta=%s c=0.5", num);
    ck_assert_str_eq(t.field[15], want);
    ck_assert_str_eq(t.field[7], "");
    r.trial = 4;        /* CD has 4 trials */
    ck_assert_int_ne(fanos_experiment_row_text(&e, &r, NULL, &t), FANOS_OK);
}
END_TEST

/* [TU11] [TU13] [TU15] a tuned warm start: its rows have the columns of
 * the PINN rows and then phase, trial and settings; a tuning run warms up
 * for tuning_warmup_steps steps and is the untuned warm start of that many
 * steps, bit for bit, while an evaluation run warms up for warmup_steps;
 * the tuning warm-up moves the fingerprint, and an experiment that is not
 * a tuned warm start refuses it. */
START_TEST(tuned_warm_start)
{
    static const double pl[2] = {1e-3, 1e-2};
    static const fanos_knob k[1] = {{"lr", FANOS_KNOB_LIST, pl, 2, 0, 0}};
    static const char *const pk[] = {"widths", "n_collocation", "n_boundary",
                                     "n_initial"};
    static const char *const pv[] = {"2,6,1", "30", "6", "6"};
    const fanos_problem_type *pt[1] = {fanos_problem_burgers};
    fanos_experiment_method m[1] = {{"AdamW", fanos_optimizer_adamw, wd_key,
                                     wd_val, 1, 0, NULL, 0, k, 1}};
    fanos_experiment e;
    memset(&e, 0, sizeof e);
    e.name = "T4t";
    e.problems = pt;
    e.nproblems = 1;
    e.problem_keys = pk;
    e.problem_vals = pv;
    e.nproblem_set = 4;
    e.warmup_steps = 12;
    e.polish_iterations = 3;
    e.seeds[FANOS_DRAWS_FRESH] = eseeds;
    e.nseeds[FANOS_DRAWS_FRESH] = 2;
    e.methods = m;
    e.nmethods = 1;
    e.trials = 2;
    e.tuning_seeds = tseeds;
    e.ntuning_seeds = 2;
    uint32_t base, c;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &base), FANOS_OK);
    e.tuning_warmup_steps = 4;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &c), FANOS_OK);
    ck_assert_uint_ne(c, base);
    fanos_experiment_run *runs;
    size_t n;
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &n), FANOS_OK);
    ck_assert_uint_eq(n, 4);
    /* trial 1 (lr 1e-2) on seed 7, as a tuning run and as an evaluation
     * run, against untuned warm starts of 4 and of 12 steps */
    fanos_experiment_run r = runs[2];
    ck_assert(r.trial == 1 && r.seed == 7 && r.phase == FANOS_PHASE_TUNING);
    free(runs);
    fanos_experiment_result tu, ev, want4, want12;
    ck_assert_int_eq(fanos_experiment_execute(&e, &r, NULL, &tu), FANOS_OK);
    r.phase = FANOS_PHASE_EVALUATION;
    ck_assert_int_eq(fanos_experiment_execute(&e, &r, NULL, &ev), FANOS_OK);
    fanos_experiment u = e;
    static const double one_lr[1] = {1e-2};
    u.trials = 0;
    u.tuning_warmup_steps = 0;
    u.lr = one_lr;
    u.nlr = 1;
    fanos_experiment_method um = m[0];
    um.knobs = NULL;
    um.nknobs = 0;
    u.methods = &um;
    fanos_experiment_run ur = {0, 0, FANOS_DRAWS_FRESH, 0, 1e-2, 7,
                               FANOS_PHASE_NONE, 0};
    u.warmup_steps = 4;
    ck_assert_int_eq(fanos_experiment_execute(&u, &ur, NULL, &want4), FANOS_OK);
    u.warmup_steps = 12;
    ck_assert_int_eq(fanos_experiment_execute(&u, &ur, NULL, &want12), FANOS_OK);
    ck_assert(tu.ws.warmup_loss == want4.ws.warmup_loss);
    ck_assert(tu.ws.polish_loss == want4.ws.polish_loss);
    ck_assert_uint_eq(tu.ws.evals, want4.ws.evals);
    ck_assert(ev.ws.warmup_loss == want12.ws.warmup_loss);
    ck_assert(ev.ws.polish_loss == want12.ws.polish_loss);
    ck_assert_uint_eq(ev.ws.evals, want12.ws.evals);
    ck_assert_uint_gt(ev.ws.evals, tu.ws.evals + 7);
    /* the row: 13 columns of ST16, then phase, trial, settings */
    fanos_row_text t;
    ck_assert_int_eq(fanos_experiment_row_text(&e, &r, &ev, &t), FANOS_OK);
    ck_assert_uint_eq(t.nfields, 16);
    ck_assert_uint_eq(t.nkeys, 9);
    ck_assert_str_eq(t.field[2], "fresh");
    ck_assert_str_eq(t.field[12], "0");
    ck_assert_str_eq(t.field[13], "evaluation");
    ck_assert_str_eq(t.field[14], "1");
    ck_assert_str_eq(t.field[15], "lr=0.01");
    /* a tuning warm-up without trials, or for a first-order experiment */
    u.tuning_warmup_steps = 4;
    ck_assert_int_eq(fanos_experiment_execute(&u, &ur, NULL, &want4),
                     FANOS_ECONFLICT);
    fanos_experiment q;
    fanos_experiment_method qm[3];
    const fanos_problem_type *qt[1];
    tuned_experiment(&q, qm, qt);
    q.tuning_warmup_steps = 4;
    fanos_experiment_run qr = {0, 0, FANOS_DRAWS_FRESH, 0, 1e-3, 7,
                               FANOS_PHASE_TUNING, 0};
    ck_assert_int_eq(fanos_experiment_execute(&q, &qr, NULL, &want4),
                     FANOS_ECONFLICT);
}
END_TEST

Suite *tuning_suite(void);
Suite *tuning_suite(void)
{
    Suite *s = suite_create("tuning");
    TCase *tc = tcase_create("spaces");
    tcase_add_test(tc, grid_of_lists);
    tcase_add_test(tc, sobol_points);
    tcase_add_test(tc, coordinates);
    tcase_add_test(tc, knob_first_parameter);
    tcase_add_test(tc, control_cd_c0_is_sgd_momentum);
    tcase_add_test(tc, control_vradam_beta3_zero_is_adamw);
    tcase_add_test(tc, tuning_plan);
    tcase_add_test(tc, tuning_plan_axis);
    tcase_add_test(tc, tuning_plan_of_two_problems);
    tcase_add_test(tc, choice_and_evaluation_plan);
    tcase_add_test(tc, edges);
    tcase_add_test(tc, ngnm_at_the_minimum);
    tcase_add_test(tc, tuned_fingerprint_and_row);
    tcase_add_test(tc, tuned_warm_start);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(tuning_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
