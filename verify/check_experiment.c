/* check_experiment.c - problem types, L-BFGS as a method of the registry,
 * and experiments in memory (doc/spec.md sections 3, 8, 9 and 11): each
 * checked against the functions the library had before these layers
 * (fanos_rosenbrock_fdf, fanos_quadratic_*, fanos_pinn_*, fanos_lbfgs_run,
 * fanos_run, fanos_warmstart, fanos_stats_summarize), bit for bit. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "fanos.h"

static fanos_problem *problem(const fanos_problem_type *t)
{
    fanos_problem *p;
    ck_assert_int_eq(fanos_problem_alloc(&p, t), FANOS_OK);
    return p;
}

/* [PR1] parameters by name, ranges, lists, paths, and the objective
 * dropped by a change of a parameter.
 * [PR5] a path of 4095 bytes is kept as given, one of 4096 refused. */
START_TEST(problem_parameters)
{
    fanos_problem *p = problem(fanos_problem_burgers);
    size_t w[FANOS_SIZES_MAX], nw;
    double v;
    ck_assert_int_eq(fanos_problem_get_sizes(p, "widths", w, &nw), FANOS_OK);
    ck_assert_uint_eq(nw, 5);
    ck_assert_uint_eq(w[1], 50);
    ck_assert_int_eq(fanos_problem_set_text(p, "widths", "2,8,3,1"), FANOS_OK);
    ck_assert_int_eq(fanos_problem_get_sizes(p, "widths", w, &nw), FANOS_OK);
    ck_assert_uint_eq(nw, 4);
    ck_assert_uint_eq(w[2], 3);
    ck_assert_int_eq(fanos_problem_set_text(p, "widths", "2,,1"), FANOS_EPARSE);
    ck_assert_int_eq(fanos_problem_set_text(p, "widths", "2, 8,1"), FANOS_EPARSE);
    ck_assert_int_eq(fanos_problem_set_text(p, "widths", "2,4097,1"),
                     FANOS_ERANGE);
    ck_assert_int_eq(fanos_problem_set_text(p, "widths",
                                            "2,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1"),
                     FANOS_EPARSE);     /* 17 layers */
    ck_assert_int_eq(fanos_problem_get_sizes(p, "widths", w, &nw), FANOS_OK);
    ck_assert_uint_eq(nw, 4);          /* a refused value changes nothing */
    ck_assert_int_eq(fanos_problem_set(p, "widths", 3), FANOS_ERANGE);
    ck_assert_int_eq(fanos_problem_get(p, "widths", &v), FANOS_EDIM);
    ck_assert_int_eq(fanos_problem_get_sizes(p, "n_boundary", w, &nw), FANOS_EDIM);
    ck_assert_int_eq(fanos_problem_set(p, "nosuch", 1), FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_problem_set(p, "n_collocation", 0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_problem_set(p, "n_collocation", 2.5), FANOS_ERANGE);
    ck_assert_int_eq(fanos_problem_set_text(p, "widths", "3,8,1"), FANOS_OK);
    size_t bad = 99;
    ck_assert_int_eq(fanos_problem_check(p, &bad), FANOS_ECONFLICT);
    ck_assert_uint_eq(bad, 0);
    ck_assert_uint_eq(fanos_problem_size(p), 0);
    fanos_problem_free(p);

    /* a setting made after the setup drops its objective */
    p = problem(fanos_problem_rosenbrock);
    ck_assert_int_eq(fanos_problem_set(p, "dim", 4), FANOS_OK);
    double x[4], f;
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 1, NULL, x),
                     FANOS_OK);
    ck_assert_int_eq(fanos_problem_fdf(p, 4, x, &f, NULL), FANOS_OK);
    ck_assert_int_eq(fanos_problem_fdf(p, 3, x, &f, NULL), FANOS_EDIM);
    ck_assert_int_eq(fanos_problem_set(p, "dim", 4), FANOS_OK);
    ck_assert_int_eq(fanos_problem_fdf(p, 4, x, &f, NULL), FANOS_ECONFLICT);
    ck_assert_int_eq(fanos_problem_set(p, "dim", 1), FANOS_ERANGE);
    fanos_problem_free(p);
    ck_assert_int_eq(fanos_problem_alloc(NULL, fanos_problem_quadratic),
                     FANOS_ENULL);
    ck_assert_ptr_null(fanos_problem_type_lookup("heat"));

    /* a path: the default (""), any short text, then the longest the spec
     * allows (4095 bytes), each read back byte for byte; one byte more is
     * refused and changes nothing */
    const fanos_problem_type *withpath[] = {fanos_problem_softmax,
                                            fanos_problem_mlp,
                                            fanos_problem_charlm};
    static char longest[4097];
    for (size_t i = 0; i < 4096; i++)
        longest[i] = (char)('a' + i % 26);
    for (size_t k = 0; k < 3; k++) {
        const char *got = NULL;
        p = problem(withpath[k]);
        ck_assert_int_eq(fanos_problem_get_text(p, "data", &got), FANOS_OK);
        ck_assert_str_eq(got, "");
        ck_assert_int_eq(fanos_problem_set_text(p, "data", "/x y/,z"), FANOS_OK);
        ck_assert_int_eq(fanos_problem_get_text(p, "data", &got), FANOS_OK);
        ck_assert_str_eq(got, "/x y/,z");
        longest[4095] = '\0';
        ck_assert_int_eq(fanos_problem_set_text(p, "data", longest), FANOS_OK);
        ck_assert_int_eq(fanos_problem_get_text(p, "data", &got), FANOS_OK);
        ck_assert_uint_eq(strlen(got), 4095);
        ck_assert(memcmp(got, longest, 4095) == 0);
        ck_assert_int_eq(fanos_problem_set_text(p, "data", ""), FANOS_OK);
        longest[4095] = 'x';
        ck_assert_int_eq(fanos_problem_set_text(p, "data", longest), FANOS_ERANGE);
        ck_assert_int_eq(fanos_problem_get_text(p, "data", &got), FANOS_OK);
        ck_assert_str_eq(got, "");
        ck_assert_int_eq(fanos_problem_get(p, "data", &v), FANOS_EDIM);
        fanos_problem_free(p);
    }
}
END_TEST

/* [PR2] a reference draw of another size is refused before any file is
 * read: the folder does not exist, yet the error is the size. */
START_TEST(reference_size_rule)
{
    const fanos_problem_type *t[] = {fanos_problem_rosenbrock,
                                     fanos_problem_quadratic};
    for (size_t i = 0; i < 2; i++) {
        fanos_problem *p = problem(t[i]);
        double x[99];
        ck_assert_int_eq(fanos_problem_set(p, "dim", 99), FANOS_OK);
        ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_REFERENCE, 0,
                                             "/nonexistent/draws", x),
                         FANOS_EDIM);
        ck_assert_int_eq(fanos_problem_set(p, "dim", 100), FANOS_OK);
        double y[100];
        ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_REFERENCE, 0,
                                             "/nonexistent/draws", y),
                         FANOS_EIO);
        fanos_problem_free(p);
    }
}
END_TEST

static void same_objective(fanos_problem *p, fanos_fdf_fn fdf, void *ctx,
                           const double *x0, size_t n)
{
    double *x = malloc(n * sizeof *x), *g1 = malloc(n * sizeof *g1),
           *g2 = malloc(n * sizeof *g2);
    double f1, f2;
    for (size_t i = 0; i < n; i++)
        x[i] = x0[i] * 0.75 + 0.01 * (double)(i % 7);
    ck_assert_int_eq(fanos_problem_fdf(p, n, x, &f1, g1), FANOS_OK);
    ck_assert_int_eq(fdf(ctx, n, x, &f2, g2), FANOS_OK);
    ck_assert(f1 == f2);
    ck_assert(memcmp(g1, g2, n * sizeof *g1) == 0);
    free(x);
    free(g1);
    free(g2);
}

/* [PR3] the objective and start point of a setup are those of the
 * problem's own functions, bit for bit. */
START_TEST(setup_is_the_objective)
{
    /* Rosenbrock, fresh draws */
    fanos_problem *p = problem(fanos_problem_rosenbrock);
    double x0[100], y0[100];
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 3, NULL, x0),
                     FANOS_OK);
    ck_assert_int_eq(fanos_rosenbrock_x0(100, 3, y0), FANOS_OK);
    ck_assert(memcmp(x0, y0, sizeof x0) == 0);
    same_objective(p, fanos_rosenbrock_fdf, NULL, x0, 100);
    fanos_problem_free(p);

    /* the quadratic of a reference draw */
    p = problem(fanos_problem_quadratic);
    ck_assert_int_eq(fanos_problem_set(p, "cond", 1e4), FANOS_OK);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_REFERENCE, 1,
                                         DRAWS_DIR, x0), FANOS_OK);
    double *W = malloc(100 * 100 * sizeof *W);
    ck_assert_int_eq(fanos_reference_quadratic(DRAWS_DIR, 1, 100, y0, W),
                     FANOS_OK);
    ck_assert(memcmp(x0, y0, sizeof x0) == 0);
    fanos_quadratic *q;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 100, 1e4, W), FANOS_OK);
    same_objective(p, fanos_quadratic_fdf, q, x0, 100);
    ck_assert(memcmp(fanos_quadratic_matrix(q),
                     fanos_quadratic_matrix(fanos_problem_context(p)),
                     100 * 100 * sizeof(double)) == 0);
    fanos_quadratic_free(q);
    free(W);
    fanos_problem_free(p);

    /* a small PINN of a fresh draw */
    p = problem(fanos_problem_allen_cahn);
    ck_assert_int_eq(fanos_problem_set_text(p, "widths", "2,6,5,1"), FANOS_OK);
    const size_t n = fanos_problem_size(p);
    ck_assert_uint_eq(n, 2 * 6 + 6 + 6 * 5 + 5 + 5 + 1);
    double *t1 = malloc(n * sizeof *t1), *t2 = malloc(n * sizeof *t2);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 2, NULL, t1),
                     FANOS_OK);
    fanos_pinn *net;
    const size_t w[] = {2, 6, 5, 1};
    ck_assert_int_eq(fanos_pinn_alloc(&net, FANOS_PINN_ALLEN_CAHN, w, 4),
                     FANOS_OK);
    ck_assert_int_eq(fanos_pinn_draw(net, 2, 2000, 100, 100, t2), FANOS_OK);
    ck_assert(memcmp(t1, t2, n * sizeof *t1) == 0);
    same_objective(p, fanos_pinn_fdf, net, t1, n);
    fanos_pinn_free(net);
    free(t1);
    free(t2);
    fanos_problem_free(p);
}
END_TEST

/* [N21] the T4 defaults of the PINN problems */
START_TEST(pinn_defaults)
{
    const fanos_problem_type *t[] = {fanos_problem_burgers,
                                     fanos_problem_allen_cahn};
    for (size_t i = 0; i < 2; i++) {
        fanos_problem *p = problem(t[i]);
        double v;
        size_t w[FANOS_SIZES_MAX], nw;
        ck_assert_int_eq(fanos_problem_get(p, "n_collocation", &v), FANOS_OK);
        ck_assert(v == 2000);
        ck_assert_int_eq(fanos_problem_get(p, "n_boundary", &v), FANOS_OK);
        ck_assert(v == 100);
        ck_assert_int_eq(fanos_problem_get(p, "n_initial", &v), FANOS_OK);
        ck_assert(v == 100);
        ck_assert_int_eq(fanos_problem_get_sizes(p, "widths", w, &nw), FANOS_OK);
        const size_t want[] = {2, 50, 50, 50, 1};
        ck_assert_uint_eq(nw, 5);
        ck_assert(memcmp(w, want, sizeof want) == 0);
        ck_assert_str_eq(t[i]->family, "pinn");
        ck_assert_int_eq(t[i]->protocol, FANOS_PROTOCOL_WARMSTART);
        fanos_problem_free(p);
    }
}
END_TEST

/* The parameter table row of a problem type called name. */
static const fanos_param_info *param_row(const fanos_problem_type *t, const char *name)
{
    for (size_t i = 0; i < t->nparams; i++)
        if (!strcmp(t->params[i].name, name))
            return &t->params[i];
    ck_abort_msg("%s has no parameter %s", t->name, name);
    return NULL;
}

/* [N21] the ranges of the PINN problems' parameters, bounds included:
 * widths of 1 to FANOS_PINN_MAX_WIDTH units, n_collocation 1 to 10^8,
 * n_boundary and n_initial 0 to 10^8; the widths' default is its text. */
START_TEST(pinn_ranges)
{
    const fanos_problem_type *t[] = {fanos_problem_burgers,
                                     fanos_problem_allen_cahn};
    for (size_t i = 0; i < 2; i++) {
        const fanos_param_info *w = param_row(t[i], "widths");
        size_t v[FANOS_SIZES_MAX], nv;
        char text[64];
        snprintf(text, sizeof text, "2,1,%d,1", FANOS_PINN_MAX_WIDTH);
        ck_assert_int_eq(fanos_param_parse_sizes(w, text, v, &nv), FANOS_OK);
        ck_assert(nv == 4 && v[1] == 1 && v[2] == FANOS_PINN_MAX_WIDTH);
        ck_assert_int_eq(fanos_param_parse_sizes(w, "2,0,1", v, &nv), FANOS_ERANGE);
        snprintf(text, sizeof text, "2,%d,1", FANOS_PINN_MAX_WIDTH + 1);
        ck_assert_int_eq(fanos_param_parse_sizes(w, text, v, &nv), FANOS_ERANGE);
        ck_assert(w->def == 0 && !strcmp(w->def_text, "2,50,50,50,1"));
        const char *names[] = {"n_collocation", "n_boundary", "n_initial"};
        const double lower[] = {1, 0, 0};
        for (int k = 0; k < 3; k++) {
            const fanos_param_info *r = param_row(t[i], names[k]);
            ck_assert_int_eq(fanos_param_check(r, lower[k]), FANOS_OK);
            ck_assert_int_eq(fanos_param_check(r, 1e8), FANOS_OK);
            ck_assert_int_eq(fanos_param_check(r, lower[k] - 1), FANOS_ERANGE);
            ck_assert_int_eq(fanos_param_check(r, 1e8 + 1), FANOS_ERANGE);
        }
    }
}
END_TEST

/* [LB9] lbfgs in the registry: its table gives fanos_lbfgs_options_init,
 * fanos_run drives it as fanos_lbfgs_run does, fanos_optimizer_step
 * refuses it.  [L5] it takes no clip. */
START_TEST(lbfgs_is_a_method)
{
    const fanos_optimizer_type *t = fanos_optimizer_type_lookup("lbfgs");
    ck_assert_ptr_eq(t, fanos_optimizer_lbfgs);
    ck_assert_ptr_null(t->step);
    ck_assert_ptr_nonnull(t->run);
    ck_assert_uint_eq(t->nfields, 0);
    ck_assert_uint_eq(t->state_size, 0);
    ck_assert_int_lt(fanos_optimizer_type_param_index(t, "lr"), 0);
    fanos_lbfgs_options lo;
    fanos_lbfgs_options_init(&lo);
    fanos_optimizer *o;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, t, 10), FANOS_OK);
    double v;
    ck_assert_int_eq(fanos_optimizer_get(o, "m", &v), FANOS_OK);
    ck_assert(v == (double)lo.m);
    ck_assert_int_eq(fanos_optimizer_get(o, "max_linesearch", &v), FANOS_OK);
    ck_assert(v == (double)lo.max_linesearch);
    ck_assert_int_eq(fanos_optimizer_set_text(o, "linesearch", "morethuente"),
                     FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set_text(o, "linesearch", "strong-wolfe"),
                     FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set_text(o, "linesearch", "wolfe"),
                     FANOS_EPARSE);
    ck_assert_int_eq(fanos_optimizer_set(o, "m", 7), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(o, "m", 0), FANOS_ERANGE);

    double x[10], y[10], g[10];
    for (size_t i = 0; i < 10; i++)
        x[i] = y[i] = -1.0 + 0.2 * (double)i;
    ck_assert_int_eq(fanos_optimizer_step(o, x, g, 1.0), FANOS_ECONFLICT);
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = 200;
    fanos_run_result r;
    ck_assert_int_eq(fanos_run(fanos_rosenbrock_fdf, NULL, 10, x, o, &ro, &r),
                     FANOS_OK);
    lo.m = 7;
    lo.linesearch = FANOS_LBFGS_STRONG_WOLFE;
    lo.budget = 200;
    fanos_lbfgs_result lr;
    ck_assert_int_eq(fanos_lbfgs_run(fanos_rosenbrock_fdf, NULL, 10, y, &lo, &lr),
                     FANOS_OK);
    ck_assert(r.final_loss == lr.run.final_loss);
    ck_assert_uint_eq(r.evals, lr.run.evals);
    ck_assert_uint_le(r.evals, 200);
    ck_assert_uint_eq(r.iterations, lr.iterations);
    ck_assert_int_eq(r.status, lr.lbfgs_status);
    ck_assert_str_eq(r.stop, fanos_lbfgs_stop_name(lr.stop));
    ck_assert(memcmp(x, y, sizeof x) == 0);
    ro.clip = 1.0;
    ck_assert_int_eq(fanos_run(fanos_rosenbrock_fdf, NULL, 10, x, o, &ro, &r),
                     FANOS_ECONFLICT);
    fanos_optimizer_free(o);
}
END_TEST

/* An experiment in memory: Rosenbrock-10D, AdamW on two lrs and L-BFGS,
 * fresh seeds 1 and 0. */
static const char *const adamw_keys[] = {"weight_decay"};
static const char *const adamw_vals[] = {"0.01"};
static const double grid[] = {1e-2, 1e-3};
static const unsigned long fresh[] = {1, 0};
static const char *const dim_key[] = {"dim"};
static const char *const dim_val[] = {"10"};

static void small_experiment(fanos_experiment *e,
                             fanos_experiment_method *m,
                             const fanos_problem_type **pt)
{
    memset(e, 0, sizeof *e);
    m[0] = (fanos_experiment_method){"L-BFGS", fanos_optimizer_lbfgs, NULL,
                                     NULL, 0, 0, NULL, 0, NULL, 0};
    m[1] = (fanos_experiment_method){"AdamW", fanos_optimizer_adamw,
                                     adamw_keys, adamw_vals, 1, 1.0, NULL, 0,
                                     NULL, 0};
    pt[0] = fanos_problem_rosenbrock;
    e->name = "T";
    e->problems = pt;
    e->nproblems = 1;
    e->problem_keys = dim_key;
    e->problem_vals = dim_val;
    e->nproblem_set = 1;
    e->budget = 60;
    e->loop = FANOS_LOOP_BEFORE_LAST;
    e->lr = grid;
    e->nlr = 2;
    e->seeds[FANOS_DRAWS_FRESH] = fresh;
    e->nseeds[FANOS_DRAWS_FRESH] = 2;
    e->methods = m;
    e->nmethods = 2;
}

/* The run of the plan done by hand with the functions below the layer. */
static void by_hand(const fanos_experiment_run *r, fanos_run_result *res)
{
    double x[10];
    ck_assert_int_eq(fanos_rosenbrock_x0(10, r->seed, x), FANOS_OK);
    fanos_optimizer *o;
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = 60;
    if (r->method == 1) {
        ck_assert_int_eq(fanos_optimizer_alloc(&o, fanos_optimizer_adamw, 10),
                         FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_set(o, "weight_decay", 0.01), FANOS_OK);
        ck_assert_int_eq(fanos_optimizer_set(o, "lr", r->lr), FANOS_OK);
        ro.clip = 1.0;
    } else {
        ck_assert_int_eq(fanos_optimizer_alloc(&o, fanos_optimizer_lbfgs, 10),
                         FANOS_OK);
    }
    ck_assert_int_eq(fanos_run(fanos_rosenbrock_fdf, NULL, 10, x, o, &ro, res),
                     FANOS_OK);
    fanos_optimizer_free(o);
}

/* [ST1] [ST2] [ST3] [ST19] the plan in row order (an untuned experiment's
 * runs have no phase and trial 0, TU5), a shard of it, and each run as done
 * by hand. */
START_TEST(experiment_in_memory)
{
    fanos_experiment e;
    fanos_experiment_method m[2];
    const fanos_problem_type *pt[1];
    small_experiment(&e, m, pt);
    fanos_experiment_run *runs;
    size_t n;
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &n), FANOS_OK);
    ck_assert_uint_eq(n, 6);
    /* AdamW before L-BFGS (bytewise), lr 1e-3 before 1e-2, seed 0 first */
    ck_assert_uint_eq(runs[0].method, 1);
    ck_assert(runs[0].lr == 1e-3);
    ck_assert_uint_eq(runs[0].seed, 0);
    ck_assert_uint_eq(runs[1].seed, 1);
    ck_assert(runs[2].lr == 1e-2);
    ck_assert_uint_eq(runs[4].method, 0);
    ck_assert(isnan(runs[4].lr));
    for (size_t i = 1; i < n; i++) {
        fanos_row_key a, b;
        fanos_experiment_row_key(&e, &runs[i - 1], &a);
        fanos_experiment_row_key(&e, &runs[i], &b);
        ck_assert_int_lt(fanos_row_key_cmp(&a, &b, 1), 0);
    }
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(runs[i].phase, FANOS_PHASE_NONE);
        ck_assert_uint_eq(runs[i].trial, 0);
    }
    for (size_t i = 0; i < n; i++) {
        fanos_experiment_result res;
        fanos_run_result want;
        ck_assert_int_eq(fanos_experiment_execute(&e, &runs[i], NULL, &res),
                         FANOS_OK);
        by_hand(&runs[i], &want);
        ck_assert(res.run.final_loss == want.final_loss);
        ck_assert_uint_eq(res.run.evals, want.evals);
        ck_assert_uint_eq(res.run.steps, want.steps);
    }
    fanos_experiment_run copy[6];
    memcpy(copy, runs, sizeof copy);
    ck_assert_uint_eq(fanos_experiment_shard(runs, n, 2, 3), 2);
    ck_assert(memcmp(&runs[0], &copy[1], sizeof *runs) == 0);
    ck_assert(memcmp(&runs[1], &copy[4], sizeof *runs) == 0);
    ck_assert_uint_eq(fanos_experiment_shard(runs, n, 4, 3), 0);
    free(runs);
    /* a bad setting is refused by the run, not silently defaulted */
    static const char *const bad_vals[] = {"x"};
    m[1].set_vals = bad_vals;
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &n), FANOS_OK);
    fanos_experiment_result res;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res),
                     FANOS_EPARSE);
    free(runs);
}
END_TEST

/* [ST19] a warm-start experiment: the T4 lr before the settings, then the
 * warm start, as fanos_warmstart does it by hand. */
START_TEST(warmstart_experiment)
{
    static const char *const keys[] = {"widths"}, *const vals[] = {"2,4,1"};
    static const unsigned long seeds[] = {3};
    const fanos_problem_type *pt[] = {fanos_problem_burgers};
    fanos_experiment_method m = {"AdamW", fanos_optimizer_adamw, NULL, NULL,
                                 0, 0, NULL, 0, NULL, 0};
    static const double lr[] = {2e-3};
    fanos_experiment e = {0};
    e.name = "P";
    e.problems = pt;
    e.nproblems = 1;
    e.problem_keys = keys;
    e.problem_vals = vals;
    e.nproblem_set = 1;
    e.warmup_steps = 5;
    e.polish_iterations = 3;
    e.lr = lr;
    e.nlr = 1;
    e.seeds[FANOS_DRAWS_FRESH] = seeds;
    e.nseeds[FANOS_DRAWS_FRESH] = 1;
    e.methods = &m;
    e.nmethods = 1;
    ck_assert_int_eq(fanos_experiment_protocol(&e), FANOS_PROTOCOL_WARMSTART);
    fanos_experiment_run *runs;
    size_t n;
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &n), FANOS_OK);
    ck_assert_uint_eq(n, 1);
    fanos_experiment_result res;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res),
                     FANOS_OK);
    free(runs);

    fanos_pinn *net;
    const size_t w[] = {2, 4, 1};
    ck_assert_int_eq(fanos_pinn_alloc(&net, FANOS_PINN_BURGERS, w, 3), FANOS_OK);
    double th[17];
    ck_assert_uint_eq(fanos_pinn_size(net), 17);
    ck_assert_int_eq(fanos_pinn_draw(net, 3, 2000, 100, 100, th), FANOS_OK);
    fanos_optimizer *o;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, fanos_optimizer_adamw, 17),
                     FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(o, "lr", 2e-3), FANOS_OK);
    fanos_warmstart_options wo;
    fanos_warmstart_options_init(&wo);
    wo.warmup_steps = 5;
    wo.polish_iterations = 3;
    fanos_warmstart_result want;
    ck_assert_int_eq(fanos_warmstart(fanos_pinn_fdf, net, 17, th, o, &wo, &want),
                     FANOS_OK);
    ck_assert(res.ws.warmup_loss == want.warmup_loss);
    ck_assert(res.ws.entry_loss == want.entry_loss);
    ck_assert(res.ws.polish_loss == want.polish_loss);
    ck_assert_uint_eq(res.ws.evals, want.evals);
    fanos_optimizer_free(o);
    fanos_pinn_free(net);
}
END_TEST

/* [ST20] [ST8] fanos_rows_group reads only its n rows: rows 1 to 3 of a
 * buffer whose row 0 repeats row 1 and whose row 4 belongs to the last
 * group (another seed) are three groups of one row, no duplicate. */
START_TEST(rows_grouped_in_bounds)
{
    const fanos_row_key k[] = {
        {"E", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "A", 0.01, 0, FANOS_PHASE_NONE, 0},
        {"E", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "A", 0.01, 0, FANOS_PHASE_NONE, 0},
        {"E", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "A", 0.1, 0, FANOS_PHASE_NONE, 0},
        {"E", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "A", 0.3, 0, FANOS_PHASE_NONE, 0},
        {"E", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "A", 0.3, 1, FANOS_PHASE_NONE, 0},
    };
    const int div[] = {0, 0, 0, 0, 0};
    const double val[] = {1, 2, 3, 4, 5};
    fanos_stats_options so;
    fanos_stats_options_init(&so);
    fanos_group g[5];
    size_t ng = 0, dup = 0;
    ck_assert_int_eq(fanos_rows_group(k + 1, div + 1, val + 1, 1, 3, &so, g, &ng, &dup),
                     FANOS_OK);
    ck_assert_uint_eq(ng, 3);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_uint_eq(g[i].first, i);
        ck_assert_uint_eq(g[i].count, 1);
        ck_assert_uint_eq(g[i].n[0], 1);
    }
    ck_assert(g[2].s[0].mean == 4);
}
END_TEST

/* [ST8] [ST14] [ST20] groups of rows, their statistics and the best lr. */
START_TEST(rows_grouped)
{
    const fanos_row_key k[] = {
        {"E", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "A", 0.01, 0, FANOS_PHASE_NONE, 0},
        {"E", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "A", 0.01, 1, FANOS_PHASE_NONE, 0},
        {"E", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "A", 0.01, 2, FANOS_PHASE_NONE, 0},
        {"E", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "A", 0.1, 0, FANOS_PHASE_NONE, 0},
        {"E", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "A", 0.1, 1, FANOS_PHASE_NONE, 0},
        {"E", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "A", 0.3, 0, FANOS_PHASE_NONE, 0},
        {"E", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "B", NAN, 0, FANOS_PHASE_NONE, 0},
    };
    const int div[] = {0, 0, 1, 0, 0, 0, 1};
    const double val[] = {3, 5, NAN, 2, 2, 1, NAN};
    fanos_stats_options so;
    fanos_stats_options_init(&so);
    fanos_group g[7];
    size_t ng, dup = 0;
    ck_assert_int_eq(fanos_rows_group(k, div, val, 1, 7, &so, g, &ng, &dup),
                     FANOS_OK);
    ck_assert_uint_eq(ng, 4);
    ck_assert_uint_eq(g[0].count, 3);
    ck_assert_uint_eq(g[0].n_diverged, 1);
    ck_assert_uint_eq(g[0].n[0], 2);
    fanos_stats_summary s;
    const double ok[] = {3, 5};
    ck_assert_int_eq(fanos_stats_summarize(ok, 2, &so, &s), FANOS_OK);
    ck_assert(g[0].s[0].mean == s.mean && g[0].s[0].ci_lo == s.ci_lo &&
              g[0].s[0].ci_hi == s.ci_hi && g[0].s[0].std == s.std);
    ck_assert_uint_eq(g[3].n[0], 0);
    ck_assert_int_eq(fanos_groups_mark_best(k, g, ng), FANOS_OK);
    /* lr 0.3 has the lowest mean (1): lr 0.01 had a diverged run */
    ck_assert_int_eq(g[0].best + g[1].best + g[2].best, 1);
    ck_assert_int_eq(g[2].best, 1);
    ck_assert_int_eq(g[3].best, 0);    /* B: every lr diverged */
    /* a run twice is an error that names the second row */
    fanos_row_key k2[3] = {k[0], k[1], k[1]};
    ck_assert_int_eq(fanos_rows_group(k2, div, val, 1, 3, &so, g, &ng, &dup),
                     FANOS_ECONFLICT);
    ck_assert_uint_eq(dup, 2);
    ck_assert_int_eq(fanos_rows_group(k, div, val, 0, 7, &so, g, &ng, &dup),
                     FANOS_EDIM);
    size_t perm[7];
    const fanos_row_key rev[] = {k[6], k[3], k[0]};
    ck_assert_int_eq(fanos_row_keys_sort(rev, 3, perm), FANOS_OK);
    ck_assert_uint_eq(perm[0], 2);
    ck_assert_uint_eq(perm[2], 0);
}
END_TEST

/* [ST21] the canonical text of an experiment, written out by hand, and
 * its fingerprint zlib's CRC-32 of that text; any change of what the runs
 * depend on changes it. */
START_TEST(experiment_fingerprint)
{
    fanos_experiment e;
    fanos_experiment_method m[2];
    const fanos_problem_type *pt[1];
    small_experiment(&e, m, pt);
    static const char want[] =
        "name=T\nproblem=rosenbrock\nproblem.set=dim=10\naxis=\nbudget=60\n"
        "loop=0\nwarmup_steps=0\npolish_iterations=0\n"
        "lr=0x1.47ae147ae147bp-7,0x1.0624dd2f1a9fcp-10\n"
        "seeds.reference=\nseeds.fresh=1,0\n"
        "method=L-BFGS\nmethod.optimizer=lbfgs\nmethod.clip=0x0p+0\n"
        "method=AdamW\nmethod.optimizer=adamw\nmethod.clip=0x1p+0\n"
        "method.set=weight_decay=0.01\n";
    char buf[1024], tiny[8];
    size_t need;
    ck_assert_int_eq(fanos_experiment_describe(&e, buf, sizeof buf, &need),
                     FANOS_OK);
    ck_assert_str_eq(buf, want);
    ck_assert_uint_eq(need, strlen(want));
    /* a short buffer: truncated as snprintf, the full length told */
    ck_assert_int_eq(fanos_experiment_describe(&e, tiny, sizeof tiny, &need),
                     FANOS_OK);
    ck_assert_str_eq(tiny, "name=T\n");
    ck_assert_uint_eq(need, strlen(want));
    uint32_t crc, other;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &crc), FANOS_OK);
    ck_assert_uint_eq(crc, (uint32_t)crc32(0L, (const Bytef *)want,
                                           (uInt)strlen(want)));
    e.budget = 61;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &other), FANOS_OK);
    ck_assert_uint_ne(other, crc);
    e.budget = 60;
    static const double own[] = {1e-2};
    m[1].lr = own;
    m[1].nlr = 1;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &other), FANOS_OK);
    ck_assert_uint_ne(other, crc);
    m[1].lr = NULL;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &other), FANOS_OK);
    ck_assert_uint_eq(other, crc);
    ck_assert_int_eq(fanos_experiment_fingerprint(NULL, &crc), FANOS_ENULL);
    ck_assert_int_eq(fanos_experiment_describe(&e, NULL, 4, &need), FANOS_ENULL);
    e.nmethods = 0;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &crc), FANOS_EDIM);
}
END_TEST

/* [ST22] the runs still to do: the plan's runs but those done, in order;
 * a key of no run of the plan (or of another shard), or one given twice,
 * is refused with its index. */
START_TEST(experiment_missing)
{
    fanos_experiment e;
    fanos_experiment_method m[2];
    const fanos_problem_type *pt[1];
    small_experiment(&e, m, pt);
    fanos_experiment_run *runs;
    size_t n, slot[3], missing[6], nmissing = 99, bad = 99;
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &n), FANOS_OK);
    ck_assert_uint_eq(n, 6);
    /* done: the L-BFGS run of seed 0 (plan index 4) and AdamW lr 1e-3 seed
     * 1 (index 1), keys written by hand */
    fanos_row_key done[3] = {
        {"T", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "L-BFGS", NAN, 0, FANOS_PHASE_NONE, 0},
        {"T", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "AdamW", 1e-3, 1, FANOS_PHASE_NONE, 0},
        {"T", "rosenbrock", NAN, FANOS_DRAWS_FRESH, "AdamW", 1e-3, 1, FANOS_PHASE_NONE, 0}};
    ck_assert_int_eq(fanos_experiment_missing(&e, runs, n, done, 2, slot,
                                              missing, &nmissing, &bad),
                     FANOS_OK);
    ck_assert_uint_eq(slot[0], 4);
    ck_assert_uint_eq(slot[1], 1);
    ck_assert_uint_eq(nmissing, 4);
    const size_t want[] = {0, 2, 3, 5};
    for (size_t i = 0; i < 4; i++)
        ck_assert_uint_eq(missing[i], want[i]);
    /* nothing done: everything to do */
    ck_assert_int_eq(fanos_experiment_missing(&e, runs, n, NULL, 0, NULL,
                                              missing, &nmissing, NULL),
                     FANOS_OK);
    ck_assert_uint_eq(nmissing, 6);
    ck_assert_uint_eq(missing[5], 5);
    /* twice */
    ck_assert_int_eq(fanos_experiment_missing(&e, runs, n, done, 3, slot,
                                              missing, &nmissing, &bad),
                     FANOS_ECONFLICT);
    ck_assert_uint_eq(bad, 2);
    ck_assert_uint_eq(nmissing, 0);
    /* a seed, an lr, a method not in the plan */
    done[2].seed = 7;
    ck_assert_int_eq(fanos_experiment_missing(&e, runs, n, done, 3, slot,
                                              missing, &nmissing, &bad),
                     FANOS_EUNKNOWN);
    ck_assert_uint_eq(bad, 2);
    done[2].seed = 1;
    done[2].lr = 3e-3;
    ck_assert_int_eq(fanos_experiment_missing(&e, runs, n, done + 2, 1, slot,
                                              missing, &nmissing, &bad),
                     FANOS_EUNKNOWN);
    ck_assert_uint_eq(bad, 0);
    /* shard 2 of 3 holds plan indices 1 and 4: both done, none missing;
     * a run of shard 1 (index 0: AdamW 1e-3 seed 0) is no run of it */
    ck_assert_uint_eq(fanos_experiment_shard(runs, n, 2, 3), 2);
    ck_assert_int_eq(fanos_experiment_missing(&e, runs, 2, done, 2, slot,
                                              missing, &nmissing, &bad),
                     FANOS_OK);
    ck_assert_uint_eq(nmissing, 0);
    ck_assert_uint_eq(slot[0], 1);
    ck_assert_uint_eq(slot[1], 0);
    done[2] = (fanos_row_key){"T", "rosenbrock", NAN, FANOS_DRAWS_FRESH,
                              "AdamW", 1e-3, 0, FANOS_PHASE_NONE, 0};
    ck_assert_int_eq(fanos_experiment_missing(&e, runs, 2, done + 2, 1, slot,
                                              missing, &nmissing, &bad),
                     FANOS_EUNKNOWN);
    /* runs out of the order of ST2 */
    fanos_experiment_run swap = runs[0];
    runs[0] = runs[1];
    runs[1] = swap;
    ck_assert_int_eq(fanos_experiment_missing(&e, runs, 2, NULL, 0, NULL,
                                              missing, &nmissing, NULL),
                     FANOS_ERANGE);
    ck_assert_int_eq(fanos_experiment_missing(&e, runs, 2, NULL, 0, NULL,
                                              missing, NULL, NULL),
                     FANOS_ENULL);
    free(runs);
}
END_TEST

/* [ST23] reports due at least the interval apart and at the end; the time
 * left from the units done since the start, worked out by hand. */
START_TEST(progress_rule)
{
    fanos_progress p;
    char text[64];
    ck_assert_int_eq(fanos_progress_init(&p, 10, 2, 5.0, 100.0), FANOS_OK);
    ck_assert(isnan(fanos_progress_eta(&p, 101.0)));     /* nothing new yet */
    ck_assert_int_eq(fanos_progress_text(&p, 101.0, text, sizeof text),
                     FANOS_OK);
    ck_assert_str_eq(text, "2/10, 0:01 elapsed, ETA ?");
    ck_assert_int_eq(fanos_progress_update(&p, 3, 104.9), 0);
    ck_assert_int_eq(fanos_progress_update(&p, 4, 105.0), 1);
    /* 5 s for 2 units, 6 left: 15 s */
    ck_assert(fanos_progress_eta(&p, 105.0) == 15.0);
    fanos_progress_text(&p, 105.0, text, sizeof text);
    ck_assert_str_eq(text, "4/10, 0:05 elapsed, ETA 0:15");
    ck_assert_int_eq(fanos_progress_update(&p, 5, 109.0), 0);  /* 4 s after */
    ck_assert_int_eq(fanos_progress_update(&p, 10, 109.5), 1); /* the end */
    fanos_progress_text(&p, 109.5, text, sizeof text);
    ck_assert_str_eq(text, "10/10, done in 0:10");
    /* hours; counts clamped to [first, total] */
    ck_assert_int_eq(fanos_progress_init(&p, 4, 0, 0.0, 0.0), FANOS_OK);
    ck_assert_int_eq(fanos_progress_update(&p, 1, 3725.0), 1);
    fanos_progress_text(&p, 3725.0, text, sizeof text);
    ck_assert_str_eq(text, "1/4, 1:02:05 elapsed, ETA 3:06:15");
    fanos_progress_update(&p, 9, 3726.0);
    ck_assert_uint_eq(p.done, 4);
    ck_assert_int_eq(fanos_progress_init(&p, 4, 5, 1.0, 0.0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_progress_init(&p, 4, 0, -1.0, 0.0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_progress_init(NULL, 4, 0, 1.0, 0.0), FANOS_ENULL);
    ck_assert_int_eq(fanos_progress_text(&p, 0.0, NULL, 4), FANOS_ENULL);
    ck_assert_int_eq(fanos_progress_update(NULL, 1, 0.0), 0);
}
END_TEST

/* [ST25] the journal's first line, from the fingerprint, and what a
 * journal's text is against it: its rows, an unfinished last line left
 * out, a journal cut while it was made, another shard, another
 * experiment, no journal. */
START_TEST(journal_text)
{
    fanos_experiment e;
    fanos_experiment_method m[2];
    const fanos_problem_type *pt[1];
    small_experiment(&e, m, pt);
    uint32_t crc;
    char id[128], want[128], text[256];
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &crc), FANOS_OK);
    snprintf(want, sizeof want, "#fanos-journal,1,T,%08x,2/3\n", (unsigned)crc);
    ck_assert_int_eq(fanos_journal_identity(&e, 2, 3, id, sizeof id), FANOS_OK);
    ck_assert_str_eq(id, want);
    ck_assert_int_eq(fanos_journal_identity(&e, 4, 3, id, sizeof id),
                     FANOS_ERANGE);
    ck_assert_int_eq(fanos_journal_identity(&e, 2, 3, id, sizeof id), FANOS_OK);
    const size_t n = strlen(id);
    size_t a = 9, b = 9;
    snprintf(text, sizeof text, "%sheader\nrow 1\nrow", id);
    ck_assert_int_eq(fanos_journal_scan(text, strlen(text), id, &a, &b),
                     FANOS_OK);
    ck_assert_uint_eq(a, n);
    ck_assert_uint_eq(b, n + strlen("header\nrow 1\n"));
    ck_assert_int_eq(fanos_journal_scan(text, n + 3, id, &a, &b), FANOS_OK);
    ck_assert_uint_eq(b, n);            /* the header cut short: no rows */
    ck_assert_int_eq(fanos_journal_scan(text, 0, id, &a, &b), FANOS_OK);
    ck_assert_uint_eq(a + b, 0);
    ck_assert_int_eq(fanos_journal_scan(text, n - 4, id, &a, &b), FANOS_OK);
    ck_assert_uint_eq(a + b, 0);        /* cut in its first line */
    snprintf(text, sizeof text, "#fanos-journal,1,T,%08x,1/3\nheader\n",
             (unsigned)crc);
    ck_assert_int_eq(fanos_journal_scan(text, strlen(text), id, &a, &b),
                     FANOS_ERANGE);
    snprintf(text, sizeof text, "#fanos-journal,1,T,%08x,2/3\n",
             (unsigned)(crc ^ 1u));
    ck_assert_int_eq(fanos_journal_scan(text, strlen(text), id, &a, &b),
                     FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_journal_scan("#fanos-journal,1,U\n", 19, id, &a, &b),
                     FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_journal_scan("hello\n", 6, id, &a, &b), FANOS_EPARSE);
    ck_assert_int_eq(fanos_journal_scan(NULL, 0, NULL, &a, &b), FANOS_ENULL);
}
END_TEST

/* [ST5] [ST16] [ST17] the text of a row, worked out by hand, and the
 * checks of the value columns read back. */
START_TEST(row_text_and_check)
{
    fanos_experiment e;
    fanos_experiment_method m[2];
    const fanos_problem_type *pt[1];
    small_experiment(&e, m, pt);
    const fanos_experiment_run run = {0, 0, FANOS_DRAWS_FRESH, 1, 1e-3, 7, FANOS_PHASE_NONE, 0};
    fanos_experiment_result res;
    memset(&res, 0, sizeof res);
    res.run = (fanos_run_result){0.1, 0, 0, 60, 59, 0, 0.25, 0, 0, NULL};
    fanos_row_text t;
    ck_assert_int_eq(fanos_experiment_row_text(&e, &run, &res, &t), FANOS_OK);
    static const char *const want[] = {"T", "rosenbrock", "", "fresh", "AdamW",
        "0.001", "7", "0.1", "0", "0", "60", "59", "0.250000"};
    ck_assert_uint_eq(t.nfields, 13);
    ck_assert_uint_eq(t.nkey, 7);
    for (size_t i = 0; i < 13; i++)
        ck_assert_str_eq(t.field[i], want[i]);
    fanos_row_fault f;
    ck_assert_int_eq(fanos_row_check(FANOS_PROTOCOL_RUN, t.field, &f), FANOS_OK);
    res.run.diverged = 1;               /* ST5: nan and the step */
    res.run.diverged_step = 12;
    fanos_experiment_row_text(&e, &run, &res, &t);
    ck_assert_str_eq(t.field[7], "nan");
    ck_assert_str_eq(t.field[8], "1");
    ck_assert_str_eq(t.field[9], "12");
    ck_assert_int_eq(fanos_row_check(FANOS_PROTOCOL_RUN, t.field, &f), FANOS_OK);
    const char *bad[13];
    memcpy(bad, t.field, sizeof bad);
    bad[7] = "0.5";                     /* a number with diverged = 1 */
    ck_assert_int_eq(fanos_row_check(FANOS_PROTOCOL_RUN, bad, &f), FANOS_EPARSE);
    ck_assert_uint_eq(f.column, 7);
    ck_assert_int_eq(f.diverged, 1);
    ck_assert_str_eq(f.accepted, "nan");
    bad[10] = "-1";                     /* counts come first */
    ck_assert_int_eq(fanos_row_check(FANOS_PROTOCOL_RUN, bad, &f), FANOS_EPARSE);
    ck_assert_uint_eq(f.column, 10);
    ck_assert_int_eq(f.diverged, -1);
    bad[1] = "burgers";                 /* a problem of the other protocol */
    ck_assert_int_eq(fanos_row_check(FANOS_PROTOCOL_RUN, bad, &f), FANOS_EPARSE);
    ck_assert_uint_eq(f.column, 1);
    {   /* the problems of the run protocol, from the registry */
        char types[256] = "";
        for (const fanos_problem_type *const *u = fanos_problem_types(); *u; u++)
            if ((*u)->protocol == FANOS_PROTOCOL_RUN)
                snprintf(types + strlen(types), sizeof types - strlen(types),
                         "%s%s", types[0] ? ", " : "", (*u)->name);
        ck_assert_str_eq(f.accepted, types);
        ck_assert(strstr(types, "rosenbrock, quadratic") == types);
    }
    /* a warm start without a polish: ST17's nan where no stage ran */
    static const char *const ws[13] = {"T4", "burgers", "fresh", "A", "0.001",
        "0", "0.5", "nan", "nan", "0", "20", "0.1", "0"};
    ck_assert_int_eq(fanos_row_check(FANOS_PROTOCOL_WARMSTART, ws, &f),
                     FANOS_OK);
    memcpy(bad, ws, sizeof bad);
    bad[6] = "nan";
    ck_assert_int_eq(fanos_row_check(FANOS_PROTOCOL_WARMSTART, bad, &f),
                     FANOS_EPARSE);
    ck_assert_uint_eq(f.column, 6);
    bad[12] = "1";
    ck_assert_int_eq(fanos_row_check(FANOS_PROTOCOL_WARMSTART, bad, &f),
                     FANOS_OK);
    ck_assert_int_eq(fanos_row_check((fanos_protocol)7, ws, &f), FANOS_EUNKNOWN);
    char num[32];
    fanos_real_str(num, sizeof num, 0.1);
    ck_assert_str_eq(num, "0.1");
    fanos_real_str(num, sizeof num, 1e6);
    ck_assert_str_eq(num, "1000000");
    fanos_real_str(num, sizeof num, 1.0 / 3.0);
    ck_assert_str_eq(num, "0.3333333333333333");
    fanos_real_str(num, sizeof num, -INFINITY);
    ck_assert_str_eq(num, "-inf");
    ck_assert_int_eq(fanos_real_str(num, 0, 1.0), FANOS_EDIM);
}
END_TEST

/* [P1] [P4] the map of fanos_stability_map is the production step's:
 * det 1 for the semi-implicit update without friction, 1 + h^2 w^2 for
 * explicit Euler; radius 1 inside 0 < h w < 2, above 1 beyond it. */
START_TEST(stability_map)
{
    double m[4], r, det;
    ck_assert_int_eq(fanos_stability_map(0.01, 100, 0, 0, m, &r, &det), FANOS_OK);
    ck_assert(fabs(det - 1) < 1e-12);
    ck_assert(fabs(r - 1) < 1e-12);
    ck_assert(fabs(m[0] - (1 - 1.0)) < 1e-12);      /* 1 - h^2 w^2 */
    ck_assert_int_eq(fanos_stability_map(0.01, 100, 0, 1, m, &r, &det), FANOS_OK);
    ck_assert(fabs(det - 2) < 1e-12);
    ck_assert_int_eq(fanos_stability_map(0.01, 250, 0, 0, m, &r, &det), FANOS_OK);
    ck_assert(r > 1.5);
    ck_assert_int_eq(fanos_stability_map(0, 1, 0, 0, m, &r, &det), FANOS_ERANGE);
    ck_assert_int_eq(fanos_stability_map(1, 1, 0, 2, m, &r, &det), FANOS_ERANGE);
    ck_assert_int_eq(fanos_stability_map(1, 1, 0, 0, NULL, &r, &det), FANOS_ENULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("experiment");
    TCase *tc = tcase_create("experiment");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, problem_parameters);
    tcase_add_test(tc, reference_size_rule);
    tcase_add_test(tc, setup_is_the_objective);
    tcase_add_test(tc, pinn_defaults);
    tcase_add_test(tc, pinn_ranges);
    tcase_add_test(tc, lbfgs_is_a_method);
    tcase_add_test(tc, experiment_in_memory);
    tcase_add_test(tc, warmstart_experiment);
    tcase_add_test(tc, rows_grouped);
    tcase_add_test(tc, experiment_fingerprint);
    tcase_add_test(tc, experiment_missing);
    tcase_add_test(tc, progress_rule);
    tcase_add_test(tc, journal_text);
    tcase_add_test(tc, row_text_and_check);
    tcase_add_test(tc, rows_grouped_in_bounds);
    tcase_add_test(tc, stability_map);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
