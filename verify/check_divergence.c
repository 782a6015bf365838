/* check_divergence.c - every optimizer, driven at a learning rate known to
 * make it diverge on Rosenbrock-100D, ends as a diverged run with its step,
 * never as a number; the budgeted loop stops there. */
#include <config.h>
#include <check.h>
#include <math.h>
#include <string.h>
#include "fanos.h"

/* lr (and weight decay 0 where lr * wd < 1 would refuse it) that diverges:
 * the normalised methods move at most about lr per step, so only an lr that
 * overflows the iterate makes them diverge.  lr 0: no lr diverges. */
static const struct { const char *name; double lr; int wd0; } diverging[] = {
    {"sgd", 1.0, 0}, {"adamw", 1e300, 1}, {"rmsprop", 1e300, 0},
    {"fanos", 1.0, 0}, {"vradam", 1e300, 1}, {"ikfad", 1.0, 0},
    {"cd", 1.0, 0}, {"cadam", 1e300, 0}, {"adam-eqbeta", 1e300, 1},
    /* NGN-M's step is bounded by the Polyak step 2f/||g||^2 for any c, so
     * no lr diverges on Rosenbrock: its rule is checked below. */
    {"ngnm", 0.0, 0},
};

/* Run t at lr on Rosenbrock-100D from seed 0; 1 when it diverged. */
static int run_at(const fanos_optimizer_type *t, double lr, int wd0,
                  fanos_run_result *r, size_t *budget)
{
    fanos_optimizer *o;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, t, 100), FANOS_OK);
    if (wd0)
        ck_assert_int_eq(fanos_optimizer_set(o, "weight_decay", 0), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(o, "lr", lr), FANOS_OK);
    double x[100];
    ck_assert_int_eq(fanos_rosenbrock_x0(100, 0, x), FANOS_OK);
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    *budget = ro.budget;
    ck_assert_int_eq(fanos_run(fanos_rosenbrock_fdf, NULL, 100, x, o, &ro, r), FANOS_OK);
    fanos_optimizer_free(o);
    return r->diverged;
}

static void check_diverged(const char *name, double lr, const fanos_run_result *r,
                           size_t budget)
{
    ck_assert_msg(r->diverged == 1, "%s at lr %g did not diverge", name, lr);
    ck_assert(isnan(r->final_loss));
    ck_assert_uint_gt(r->diverged_step, 0);
    ck_assert_uint_lt(r->diverged_step, budget);
    ck_assert_uint_eq(r->evals, r->diverged_step); /* stopped there */
}

/* An optimizer without a case of its own above must diverge at lr 1 or at
 * lr 1e300 (weight decay 0 where it has one). */
static void run_untabled(const fanos_optimizer_type *t)
{
    const int wd0 = fanos_optimizer_type_param_index(t, "weight_decay") >= 0;
    fanos_run_result r;
    size_t budget;
    double lr = 1.0;
    if (!run_at(t, lr, wd0, &r, &budget))
        run_at(t, lr = 1e300, wd0, &r, &budget);
    check_diverged(t->name, lr, &r, budget);
}

/* [L1] [L4] every optimizer at a learning rate that makes it diverge: a
 * diverged run, NaN as its final loss, stopped at the evaluation where it
 * diverged. */
START_TEST(each_optimizer_diverges_cleanly)
{
    size_t n = 0;
    for (const fanos_optimizer_type *const *t = fanos_optimizer_types(); *t; t++) {
        if (!(*t)->step)
            continue;
        int found = 0;
        if (!(*t)->step)
            continue;   /* L-BFGS drives its own run: check_lbfgs.c */
        for (size_t i = 0; i < sizeof diverging / sizeof diverging[0]; i++)
            if (!strcmp(diverging[i].name, (*t)->name)) {
                found = 1;
                if (diverging[i].lr > 0) {
                    fanos_run_result r;
                    size_t budget;
                    run_at(*t, diverging[i].lr, diverging[i].wd0, &r, &budget);
                    check_diverged((*t)->name, diverging[i].lr, &r, budget);
                }
            }
        if (!found)
            run_untabled(*t);
        n++;
    }
    ck_assert_uint_ge(n, 10);
}
END_TEST

/* A problem whose loss turns infinite away from the origin: every optimizer,
 * NGN-M included, records the divergence at the evaluation that saw it. */
static int cliff(void *ctx, size_t n, const double *x, double *f, double *g)
{
    (void)ctx;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i] * x[i];
    *f = s > 1e4 ? INFINITY : 1.0 + s;
    if (g)
        for (size_t i = 0; i < n; i++)
            g[i] = -2.0 * x[i] - 1.0; /* pushes every method outwards */
    return FANOS_OK;
}

/* [L1] an infinite loss ends every optimizer's run as diverged, at the
 * evaluation that saw it. */
START_TEST(nonfinite_loss_is_divergence_for_all)
{
    for (const fanos_optimizer_type *const *t = fanos_optimizer_types(); *t; t++) {
        if (!(*t)->step)
            continue;
        fanos_optimizer *o;
        ck_assert_int_eq(fanos_optimizer_alloc(&o, *t, 4), FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_set(o, "lr", 0.5), FANOS_OK);
        double x[4] = {1, 1, 1, 1};
        fanos_run_options ro;
        fanos_run_options_init(&ro);
        ro.budget = 100000;
        fanos_run_result r;
        ck_assert_int_eq(fanos_run(cliff, NULL, 4, x, o, &ro, &r), FANOS_OK);
        ck_assert_msg(r.diverged == 1, "%s did not report the infinite loss", (*t)->name);
        ck_assert(isnan(r.final_loss));
        ck_assert_uint_eq(r.evals, r.diverged_step);
        fanos_optimizer_free(o);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("divergence");
    TCase *tc = tcase_create("all optimizers");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, each_optimizer_diverges_cleanly);
    tcase_add_test(tc, nonfinite_loss_is_divergence_for_all);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
