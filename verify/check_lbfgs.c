/* check_lbfgs.c - L-BFGS through liblbfgs on the evaluation budget
 * (doc/spec.md section 8).
 *
 * Oracles: a wrapping objective that counts its own calls and records
 * every point it is asked for; the objective re-evaluated at the returned
 * x; runs cut by max_iterations as the definition of "the k-th accepted
 * iterate"; the minimum 0 of Rosenbrock and of the quadratic. */
#include <config.h>
#include <check.h>
#include <lbfgs.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fanos.h"
#include "testutil.h"

/* Counts calls and forwards them; after `nan_after` calls (0 = never) it
 * returns a NaN loss; `fail_after` (0 = never) makes it return an error. */
typedef struct {
    fanos_fdf_fn inner;
    void *inner_ctx;
    size_t calls;
    size_t nan_after;
    size_t fail_after;
    int saw_nonfinite;  /* asked for f at a point with a non-finite entry */
} counting;

static int counting_fdf(void *ctx, size_t n, const double *x, double *f,
                        double *g)
{
    counting *c = ctx;
    c->calls++;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            c->saw_nonfinite = 1;
    if (c->fail_after && c->calls > c->fail_after)
        return FANOS_EDOMAIN;
    int rc = c->inner(c->inner_ctx, n, x, f, g);
    if (c->nan_after && c->calls > c->nan_after)
        *f = NAN;
    return rc;
}

static fanos_lbfgs_options opts_with(size_t budget, fanos_lbfgs_linesearch ls)
{
    fanos_lbfgs_options o;
    fanos_lbfgs_options_init(&o);
    o.budget = budget;
    o.linesearch = ls;
    return o;
}

/* [LB1] [LB2] defaults, and Rosenbrock-10D solved to a tiny loss from the
 * golden start point with both line searches */
START_TEST(rosenbrock10_tiny_loss)
{
    fanos_lbfgs_options o;
    fanos_lbfgs_options_init(&o);
    ck_assert_uint_eq(o.m, 100);
    ck_assert_int_eq(o.linesearch, FANOS_LBFGS_MORE_THUENTE);
    ck_assert_uint_eq(o.max_iterations, 0);
    ck_assert_uint_eq(o.budget, 3000);
    for (int ls = 0; ls < 2; ls++) {
        double x[10];
        memcpy(x, test_golden_x0, sizeof x);
        o = opts_with(3000, (fanos_lbfgs_linesearch)ls);
        fanos_lbfgs_result r;
        ck_assert_int_eq(fanos_lbfgs_run(fanos_rosenbrock_fdf, NULL, 10, x, &o,
                                         &r), FANOS_OK);
        printf("rosenbrock-10 %s: loss %.3e after %zu evals, %zu iterations, "
               "status %s\n", ls ? "strong-wolfe" : "more-thuente",
               r.run.final_loss, r.run.evals, r.iterations,
               fanos_lbfgs_status_name(r.lbfgs_status));
        ck_assert_int_eq(r.run.diverged, 0);
        ck_assert_double_lt(r.run.final_loss, 1e-20);
        for (int i = 0; i < 10; i++)
            ck_assert_double_eq_tol(x[i], 1.0, 1e-9);
        ck_assert_uint_le(r.run.evals, 3000);
        ck_assert_uint_eq(r.run.steps, r.iterations);
    }
}
END_TEST

/* [LB2] the quadratic (d = 100, kappa = 1e4, fresh seed 0): liblbfgs keeps
 * going far past its default epsilon 1e-5 */
START_TEST(quadratic_tiny_loss)
{
    static double x0[100], W[100 * 100];
    ck_assert_int_eq(fanos_quadratic_draw(100, 0, x0, W), FANOS_OK);
    fanos_quadratic *q;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 100, 1e4, W), FANOS_OK);
    for (int ls = 0; ls < 2; ls++) {
        double x[100];
        memcpy(x, x0, sizeof x);
        fanos_lbfgs_options o = opts_with(3000, (fanos_lbfgs_linesearch)ls);
        fanos_lbfgs_result r;
        ck_assert_int_eq(fanos_lbfgs_run(fanos_quadratic_fdf, q, 100, x, &o,
                                         &r), FANOS_OK);
        printf("quadratic kappa 1e4 %s: loss %.3e after %zu evals, %zu "
               "iterations, status %s\n", ls ? "strong-wolfe" : "more-thuente",
               r.run.final_loss, r.run.evals, r.iterations,
               fanos_lbfgs_status_name(r.lbfgs_status));
        ck_assert_int_eq(r.run.diverged, 0);
        ck_assert_double_lt(r.run.final_loss, 1e-20);
    }
    fanos_quadratic_free(q);
}
END_TEST

/* Budget-cut run on Rosenbrock-10D through the counting wrapper. */
static fanos_lbfgs_result cut_run(size_t budget, size_t max_iterations,
                                  fanos_lbfgs_linesearch ls, double *x,
                                  size_t *calls)
{
    counting c = {fanos_rosenbrock_fdf, NULL, 0, 0, 0, 0};
    memcpy(x, test_golden_x0, 10 * sizeof *x);
    fanos_lbfgs_options o = opts_with(budget, ls);
    o.max_iterations = max_iterations;
    fanos_lbfgs_result r;
    ck_assert_int_eq(fanos_lbfgs_run(counting_fdf, &c, 10, x, &o, &r),
                     FANOS_OK);
    *calls = c.calls;
    return r;
}

/* [LB3] [LB4] [LB6] for every budget 1..50 and both line searches: no call
 * past the budget, every call counted, the final loss is f at the returned
 * x, and the returned x is the k-th accepted iterate, where k is the
 * number of accepted iterations and "the k-th accepted iterate" is what a
 * run stopped by max_iterations = k (and an ample budget) returns */
START_TEST(budget_never_exceeded)
{
    for (int ls = 0; ls < 2; ls++)
        for (size_t budget = 1; budget <= 50; budget++) {
            double x[10], xk[10];
            size_t calls, calls_k;
            fanos_lbfgs_result r =
                cut_run(budget, 0, (fanos_lbfgs_linesearch)ls, x, &calls);
            ck_assert_uint_le(calls, budget);
            ck_assert_uint_eq(r.run.evals, calls);
            ck_assert_uint_eq(r.run.evals, budget); /* nothing else stops it */
            ck_assert_int_eq(r.stop, FANOS_LBFGS_STOP_BUDGET);
            ck_assert_int_eq(r.run.diverged, 0);
            double f;
            fanos_rosenbrock_fdf(NULL, 10, x, &f, NULL);
            ck_assert_msg(f == r.run.final_loss, "budget %zu: f(x) %.17g, "
                          "final loss %.17g", budget, f, r.run.final_loss);
            if (r.iterations == 0) {
                ck_assert_mem_eq(x, test_golden_x0, sizeof x);
                continue;
            }
            fanos_lbfgs_result rk = cut_run(100000, r.iterations,
                                            (fanos_lbfgs_linesearch)ls, xk,
                                            &calls_k);
            ck_assert_int_eq(rk.lbfgs_status, LBFGSERR_MAXIMUMITERATION);
            ck_assert_uint_eq(rk.iterations, r.iterations);
            ck_assert_mem_eq(x, xk, sizeof x);
            ck_assert(rk.run.final_loss == r.run.final_loss);
            /* the cut run made every evaluation of those iterations */
            ck_assert_uint_le(calls_k, budget);
        }
}
END_TEST

/* [LB4] [LB6] a budget of 1: the start point, its loss, no iteration */
START_TEST(budget_one)
{
    double x[10];
    size_t calls;
    fanos_lbfgs_result r = cut_run(1, 0, FANOS_LBFGS_MORE_THUENTE, x, &calls);
    ck_assert_uint_eq(calls, 1);
    ck_assert_uint_eq(r.iterations, 0);
    ck_assert_mem_eq(x, test_golden_x0, sizeof x);
    double f0;
    fanos_rosenbrock_fdf(NULL, 10, test_golden_x0, &f0, NULL);
    ck_assert(r.run.final_loss == f0);
    ck_assert_int_eq(r.stop, FANOS_LBFGS_STOP_BUDGET);
    ck_assert_int_lt(r.lbfgs_status, 0);
}
END_TEST

/* [LB6] max_iterations stops liblbfgs with its own status */
START_TEST(max_iterations_status)
{
    double x[10];
    size_t calls;
    fanos_lbfgs_result r = cut_run(3000, 5, FANOS_LBFGS_MORE_THUENTE, x, &calls);
    ck_assert_uint_eq(r.iterations, 5);
    ck_assert_uint_eq(r.run.steps, 5);
    ck_assert_int_eq(r.lbfgs_status, LBFGSERR_MAXIMUMITERATION);
    ck_assert_int_ne(r.stop, FANOS_LBFGS_STOP_BUDGET);
    ck_assert_uint_eq(r.run.evals, calls);
    ck_assert_uint_ge(calls, 6);
    ck_assert_str_eq(fanos_lbfgs_status_name(r.lbfgs_status),
                     "LBFGSERR_MAXIMUMITERATION");
    ck_assert_str_eq(fanos_lbfgs_status_name(12345), "unknown");
    /* the budget ends the run right after an accepted iterate: canceled */
    r = cut_run(calls, 0, FANOS_LBFGS_MORE_THUENTE, x, &calls);
    ck_assert_uint_eq(r.iterations, 5);
    ck_assert_int_eq(r.stop, FANOS_LBFGS_STOP_BUDGET);
    ck_assert_int_eq(r.lbfgs_status, LBFGSERR_CANCELED);
}
END_TEST

/* [LB1] history size and options validated */
START_TEST(options_validated)
{
    double x[10];
    memcpy(x, test_golden_x0, sizeof x);
    fanos_lbfgs_options o;
    fanos_lbfgs_result r;
    fanos_lbfgs_options_init(&o);
    o.m = 0;
    ck_assert_int_eq(fanos_lbfgs_run(fanos_rosenbrock_fdf, NULL, 10, x, &o, &r),
                     FANOS_ERANGE);
    o.m = FANOS_LBFGS_M_MAX + 1;
    ck_assert_int_eq(fanos_lbfgs_run(fanos_rosenbrock_fdf, NULL, 10, x, &o, &r),
                     FANOS_ERANGE);
    o.m = 1;            /* the smallest history still works */
    o.budget = 200;
    ck_assert_int_eq(fanos_lbfgs_run(fanos_rosenbrock_fdf, NULL, 10, x, &o, &r),
                     FANOS_OK);
    ck_assert_double_lt(r.run.final_loss, 1e3);
    fanos_lbfgs_options_init(&o);
    o.linesearch = (fanos_lbfgs_linesearch)7;
    ck_assert_int_eq(fanos_lbfgs_run(fanos_rosenbrock_fdf, NULL, 10, x, &o, &r),
                     FANOS_ERANGE);
    fanos_lbfgs_options_init(&o);
    o.max_iterations = FANOS_LBFGS_MAX_ITERATIONS_MAX + 1;
    ck_assert_int_eq(fanos_lbfgs_run(fanos_rosenbrock_fdf, NULL, 10, x, &o, &r),
                     FANOS_ERANGE);
    fanos_lbfgs_options_init(&o);
    o.budget = 0;
    ck_assert_int_eq(fanos_lbfgs_run(fanos_rosenbrock_fdf, NULL, 10, x, &o, &r),
                     FANOS_EBUDGET);
    fanos_lbfgs_options_init(&o);
    ck_assert_int_eq(fanos_lbfgs_run(fanos_rosenbrock_fdf, NULL, 0, x, &o, &r),
                     FANOS_EDIM);
    ck_assert_int_eq(fanos_lbfgs_run(NULL, NULL, 10, x, &o, &r), FANOS_ENULL);
    ck_assert_int_eq(fanos_lbfgs_run(fanos_rosenbrock_fdf, NULL, 10, NULL, &o,
                                     &r), FANOS_ENULL);
    ck_assert_int_eq(fanos_lbfgs_run(fanos_rosenbrock_fdf, NULL, 10, x, NULL,
                                     &r), FANOS_ENULL);
}
END_TEST

/* [LB5] a NaN loss after k evaluations: diverged at evaluation k + 1, no
 * call after it, x the last accepted iterate (finite), final loss NaN.
 * [LB7] a non-finite start point is evaluated (a divergence at evaluation
 * 1), not refused as a breakdown: only trial points are refused. */
START_TEST(nonfinite_is_divergence)
{
    for (int ls = 0; ls < 2; ls++)
        for (size_t k = 1; k < 30; k += 3) {
            counting c = {fanos_rosenbrock_fdf, NULL, 0, k, 0, 0};
            double x[10];
            memcpy(x, test_golden_x0, sizeof x);
            fanos_lbfgs_options o = opts_with(3000, (fanos_lbfgs_linesearch)ls);
            fanos_lbfgs_result r;
            ck_assert_int_eq(fanos_lbfgs_run(counting_fdf, &c, 10, x, &o, &r),
                             FANOS_OK);
            ck_assert_int_eq(r.run.diverged, 1);
            ck_assert_int_eq(r.stop, FANOS_LBFGS_STOP_DIVERGED);
            ck_assert_uint_eq(r.run.diverged_step, k + 1);
            ck_assert_uint_eq(c.calls, k + 1);
            ck_assert_uint_eq(r.run.evals, k + 1);
            ck_assert(isnan(r.run.final_loss));
            for (int i = 0; i < 10; i++)
                ck_assert(isfinite(x[i]));
            ck_assert_int_ne(r.stop, FANOS_LBFGS_STOP_BUDGET);
        }
    /* a non-finite loss at the start point */
    counting c = {fanos_rosenbrock_fdf, NULL, 0, 0, 0, 0};
    double x[10] = {INFINITY, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    fanos_lbfgs_options o = opts_with(3000, FANOS_LBFGS_MORE_THUENTE);
    fanos_lbfgs_result r;
    ck_assert_int_eq(fanos_lbfgs_run(counting_fdf, &c, 10, x, &o, &r), FANOS_OK);
    ck_assert_int_eq(r.run.diverged, 1);
    ck_assert_uint_eq(r.run.diverged_step, 1);
    ck_assert_uint_eq(c.calls, 1);
    ck_assert(isnan(r.run.final_loss));
}
END_TEST

/* [LB3] an objective that fails: its code is returned, no further call */
START_TEST(failing_objective)
{
    counting c = {fanos_rosenbrock_fdf, NULL, 0, 0, 4, 0};
    double x[10];
    memcpy(x, test_golden_x0, sizeof x);
    fanos_lbfgs_options o = opts_with(3000, FANOS_LBFGS_MORE_THUENTE);
    fanos_lbfgs_result r;
    ck_assert_int_eq(fanos_lbfgs_run(counting_fdf, &c, 10, x, &o, &r),
                     FANOS_EDOMAIN);
    ck_assert_uint_eq(c.calls, 5);
    ck_assert_int_eq(r.stop, FANOS_LBFGS_STOP_ERROR);
}
END_TEST

/* [LB7] [LB4] [LB5] on the quadratic with kappa = 1e2 (reference draws),
 * strong-Wolfe L-BFGS drives f into the underflow range, where liblbfgs's
 * scaling y's/y'y is 0/0 and its next trial point is NaN: that point is
 * never handed to the objective, the run is not a divergence, and it ends
 * at the last accepted iterate, whose loss is the final loss */
START_TEST(breakdown_after_underflow)
{
    static double x0[100], W[100 * 100];
    for (unsigned long seed = 0; seed < 3; seed++) {
        ck_assert_int_eq(fanos_reference_quadratic(DRAWS_DIR, seed, 100, x0, W),
                         FANOS_OK);
        fanos_quadratic *q;
        ck_assert_int_eq(fanos_quadratic_alloc(&q, 100, 1e2, W), FANOS_OK);
        counting c = {fanos_quadratic_fdf, q, 0, 0, 0, 0};
        fanos_lbfgs_options o = opts_with(3000, FANOS_LBFGS_STRONG_WOLFE);
        fanos_lbfgs_result r;
        ck_assert_int_eq(fanos_lbfgs_run(counting_fdf, &c, 100, x0, &o, &r),
                         FANOS_OK);
        printf("quadratic kappa 1e2 seed %lu strong-wolfe: loss %.3e, %zu "
               "evals, stop %s, status %s\n", seed, r.run.final_loss,
               r.run.evals, fanos_lbfgs_stop_name(r.stop),
               fanos_lbfgs_status_name(r.lbfgs_status));
        ck_assert_int_eq(c.saw_nonfinite, 0);
        ck_assert_uint_eq(c.calls, r.run.evals);
        ck_assert_int_eq(r.run.diverged, 0);
        ck_assert_int_eq(r.stop, FANOS_LBFGS_STOP_BREAKDOWN);
        ck_assert_double_lt(r.run.final_loss, 1e-280);
        double f;
        fanos_quadratic_fdf(q, 100, x0, &f, NULL);
        ck_assert(f == r.run.final_loss);
        fanos_quadratic_free(q);
    }
    ck_assert_str_eq(fanos_lbfgs_stop_name(FANOS_LBFGS_STOP_BREAKDOWN),
                     "breakdown");
    ck_assert_str_eq(fanos_lbfgs_stop_name((fanos_lbfgs_stop)99), "unknown");
}
END_TEST

/* The iteration callback: the start point first, then each accepted
 * iterate once, in order, with the evaluations made so far; the loss it
 * reports is the objective at the x it reports; a non-zero return ends the
 * run with an error and leaves x as given */
typedef struct {
    size_t calls, iteration[400], evals[400];
    double loss[400], f_at_x[400];
    size_t stop_at;     /* return `code` at this call (0 = never) */
    int code;
} iter_rec;

static int record_iteration(void *ctx, size_t iteration, size_t evals,
                            double loss, const double *x, size_t n)
{
    iter_rec *r = ctx;
    if (r->calls >= 400)
        return -1;
    r->iteration[r->calls] = iteration;
    r->evals[r->calls] = evals;
    r->loss[r->calls] = loss;
    fanos_rosenbrock_fdf(NULL, n, x, &r->f_at_x[r->calls], NULL);
    r->calls++;
    return r->stop_at && r->calls == r->stop_at ? r->code : 0;
}

/* [LB8] the iteration callback, as recorded above: the start point first,
 * then each accepted iterate once, in order, with the evaluations made so
 * far and the loss at the x it reports; a non-zero return ends the run. */
START_TEST(iteration_callback)
{
    for (int ls = 0; ls < 2; ls++) {
        double x[10], f0;
        memcpy(x, test_golden_x0, sizeof x);
        fanos_rosenbrock_fdf(NULL, 10, x, &f0, NULL);
        iter_rec *rec = calloc(1, sizeof *rec);
        counting c = {fanos_rosenbrock_fdf, NULL, 0, 0, 0, 0};
        fanos_lbfgs_options o = opts_with(150, (fanos_lbfgs_linesearch)ls);
        o.on_iteration = record_iteration;
        o.cb_ctx = rec;
        fanos_lbfgs_result r;
        ck_assert_int_eq(fanos_lbfgs_run(counting_fdf, &c, 10, x, &o, &r),
                         FANOS_OK);
        ck_assert_uint_gt(r.iterations, 10);
        ck_assert_uint_eq(rec->calls, r.iterations + 1);
        ck_assert_uint_eq(rec->iteration[0], 0);
        ck_assert_uint_eq(rec->evals[0], 1);
        ck_assert(rec->loss[0] == f0);
        for (size_t k = 0; k < rec->calls; k++) {
            ck_assert_uint_eq(rec->iteration[k], k);
            ck_assert(rec->loss[k] == rec->f_at_x[k]);
            if (k > 0) {
                ck_assert_uint_gt(rec->evals[k], rec->evals[k - 1]);
                ck_assert_double_le(rec->loss[k], rec->loss[k - 1]);
            }
        }
        ck_assert_uint_le(rec->evals[rec->calls - 1], r.run.evals);
        ck_assert_uint_le(r.run.evals, 150);
        ck_assert(rec->loss[rec->calls - 1] == r.run.final_loss);
        /* a negative return at the 4th call (iteration 3) ends the run
         * with it; a positive one at the start point with FANOS_EIO */
        const int codes[2] = {FANOS_EDOMAIN, 1};
        const size_t at[2] = {4, 1};
        const int want[2] = {FANOS_EDOMAIN, FANOS_EIO};
        for (int k = 0; k < 2; k++) {
            memset(rec, 0, sizeof *rec);
            rec->stop_at = at[k];
            rec->code = codes[k];
            memcpy(x, test_golden_x0, sizeof x);
            c.calls = 0;
            ck_assert_int_eq(fanos_lbfgs_run(counting_fdf, &c, 10, x, &o, &r),
                             want[k]);
            ck_assert_uint_eq(rec->calls, at[k]);
            ck_assert_uint_eq(c.calls, rec->evals[at[k] - 1]);
            ck_assert_int_eq(r.stop, FANOS_LBFGS_STOP_ERROR);
            ck_assert_mem_eq(x, test_golden_x0, sizeof x);
        }
        free(rec);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lbfgs");
    TCase *tc = tcase_create("lbfgs");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, rosenbrock10_tiny_loss);
    tcase_add_test(tc, quadratic_tiny_loss);
    tcase_add_test(tc, budget_never_exceeded);
    tcase_add_test(tc, budget_one);
    tcase_add_test(tc, max_iterations_status);
    tcase_add_test(tc, options_validated);
    tcase_add_test(tc, nonfinite_is_divergence);
    tcase_add_test(tc, failing_objective);
    tcase_add_test(tc, breakdown_after_underflow);
    tcase_add_test(tc, iteration_callback);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
