/* check_experiment.c - problem types, L-BFGS as a method of the registry,
 * and experiments in memory (doc/spec.md sections 3, 8, 9 and 11): each
 * checked against the functions the library had before these layers
 * (fanos_rosenbrock_fdf, fanos_quadratic_*, fanos_pinn_*, fanos_lbfgs_run,
 * fanos_run, fanos_warmstart, fanos_stats_summarize), bit for bit. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fanos.h"

static fanos_problem *problem(const fanos_problem_type *t)
{
    fanos_problem *p;
    ck_assert_int_eq(fanos_problem_alloc(&p, t), FANOS_OK);
    return p;
}

/* [PR1] parameters by name, ranges, lists, and the objective dropped by a
 * change of a parameter. */
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

/* [LB9] lbfgs in the registry: its table gives fanos_lbfgs_options_init,
 * fanos_run drives it as fanos_lbfgs_run does, fanos_optimizer_step
 * refuses it.  [L5] it takes no clip. */
START_TEST(lbfgs_is_a_method)
{
    const fanos_optimizer_type *t = fanos_optimizer_type_lookup("lbfgs");
    ck_assert_ptr_eq(t, fanos_optimizer_lbfgs);
    ck_assert_ptr_null(t->step);
    ck_assert_ptr_nonnull(t->run);
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

/* [ST1] [ST2] [ST3] [ST19] the plan in row order, a shard of it, and each
 * run as done by hand. */
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
    tcase_add_test(tc, lbfgs_is_a_method);
    tcase_add_test(tc, experiment_in_memory);
    tcase_add_test(tc, warmstart_experiment);
    tcase_add_test(tc, rows_grouped);
    tcase_add_test(tc, stability_map);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
