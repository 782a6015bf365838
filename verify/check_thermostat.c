/* check_thermostat.c - the thermostat question (doc/spec.md section 15):
 * the tracking measure, the grid driver, the settings and the answer.
 *
 * Oracles: tracking values worked out by hand (logarithms of powers of 2
 * and e); the grid's runs against plain fanos_run runs of the same
 * settings whose temperatures this file records and whose tracking it
 * computes itself (qsort, its own median); Spearman correlations of
 * small tables worked out by hand (1 - 6 sum d^2 / (n (n^2 - 1)) without
 * ties). */
#include <config.h>
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fanos.h"
#include "testutil.h"

/* ---- the tracking measure ---- */

static double tracking(const double *te, const double *t0, size_t n)
{
    double t = -1;
    ck_assert_int_eq(fanos_thermostat_tracking(te, t0, n, &t), FANOS_OK);
    return t;
}

/* [TH1] [TH2] second half k = 3..5 of 5: d = ln 2, ln 2, ln 4 (the first
 * two steps, e^5 and 1, are left out); of 4: k = 3, 4, (ln 2 + ln 8) / 2;
 * of 1: the one step. */
START_TEST(tracking_by_hand)
{
    const double one[5] = {1, 1, 1, 1, 1};
    const double a[5] = {exp(5), 1, 2, 0.5, 4};
    ck_assert_double_eq_tol(tracking(a, one, 5), log(2), 1e-15);
    const double b[4] = {9, 9, 2, 8};
    ck_assert_double_eq_tol(tracking(b, one, 4), 2 * log(2), 1e-15);
    const double c[1] = {3};
    ck_assert_double_eq_tol(tracking(c, one, 1), log(3), 1e-15);
    /* the target side: T0 = 4 T_ema is as far as T_ema = 4 T0 */
    const double q[3] = {0.25, 0.25, 0.25};
    ck_assert_double_eq_tol(tracking(q, one, 3), log(4), 1e-15);
    ck_assert_double_eq_tol(tracking(one, q, 3), log(4), 1e-15);
    /* exact tracking */
    ck_assert(tracking(a, a, 5) == 0);
    /* no overflow in a ratio: |ln 1e300 - ln 1e-300| = 600 ln 10 */
    const double big[1] = {1e300}, tiny[1] = {1e-300};
    ck_assert_double_eq_tol(tracking(big, tiny, 1), 600 * log(10), 1e-9);
}
END_TEST

/* [TH1] [TH2] a temperature <= 0 or not finite is d = +inf: one such step
 * in the second half moves the median, a majority makes it +inf; never
 * NaN. */
START_TEST(tracking_nonpositive)
{
    const double one[5] = {1, 1, 1, 1, 1};
    const double a[5] = {1, 1, 0, 2, 2};        /* inf, ln 2, ln 2 */
    ck_assert_double_eq_tol(tracking(a, one, 5), log(2), 1e-15);
    const double t0[5] = {1, 1, 0, 1, 1};       /* T0 = 0 at k = 3 */
    const double b[5] = {7, 7, 5, 2, 2};
    ck_assert_double_eq_tol(tracking(b, t0, 5), log(2), 1e-15);
    const double c[5] = {1, 1, -1, NAN, 2};     /* inf, inf, ln 2 */
    ck_assert(isinf(tracking(c, one, 5)) && tracking(c, one, 5) > 0);
    const double d[4] = {1, 1, 2, INFINITY};    /* (ln 2 + inf) / 2 */
    ck_assert(isinf(tracking(d, one, 4)));
    const double z[2] = {0, 0};                 /* 0 against 0 */
    ck_assert(isinf(tracking(z, z, 2)));
}
END_TEST

/* fanos_thermostat_tracking: FANOS_ENULL, FANOS_EDIM (n 0); *tracking
 * written only on success. */
START_TEST(tracking_errors)
{
    const double one[1] = {1};
    double t = 42;
    ck_assert_int_eq(fanos_thermostat_tracking(NULL, one, 1, &t), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_tracking(one, NULL, 1, &t), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_tracking(one, one, 1, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_tracking(one, one, 0, &t), FANOS_EDIM);
    ck_assert(t == 42);
}
END_TEST

/* ---- an oracle run: fanos_run alone, the temperatures recorded here ---- */

typedef struct {
    double te[4000], t0[4000];
    size_t n;
} temps;

static int record(void *ctx, size_t step, double loss, const double *x,
                  size_t n, fanos_optimizer *opt)
{
    temps *t = ctx;
    (void)loss;
    (void)x;
    (void)n;
    ck_assert_uint_eq(step, t->n + 1);
    ck_assert_int_eq(fanos_optimizer_field_get(opt, "T_ema", &t->te[t->n], 1),
                     FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_field_get(opt, "T0", &t->t0[t->n], 1),
                     FANOS_OK);
    t->n++;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The tracking computed here: d_k by ratio, sorted by qsort, median. */
static double own_tracking(const temps *t)
{
    double d[4000];
    size_t m = 0;
    for (size_t k = t->n / 2; k < t->n; k++)
        d[m++] = t->te[k] > 0 && t->t0[k] > 0 ? fabs(log(t->te[k] / t->t0[k]))
                                              : INFINITY;
    qsort(d, m, sizeof *d, cmp_double);
    return m % 2 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2;
}

/* One problem as the tests use it. */
typedef struct {
    const char *keys[4], *vals[4];
    const char *okeys[4], *ovals[4];
    fanos_thermostat_problem p;
} tproblem;

static void tproblem_init(tproblem *t, const fanos_problem_type *type,
                          const char *cond, const char *lr, size_t budget,
                          fanos_loop_kind loop)
{
    memset(t, 0, sizeof *t);
    t->keys[0] = "dim";
    t->vals[0] = "10";
    t->keys[1] = "cond";
    t->vals[1] = cond;
    t->okeys[0] = "lr";
    t->ovals[0] = lr;
    t->p = (fanos_thermostat_problem){type->name, type, t->keys, t->vals,
                                      cond ? 2 : 1, t->okeys, t->ovals, 1,
                                      budget, loop};
}

/* The run of problem p, setting (Q, rho_T, T0_max), seed, by fanos_run. */
static void oracle(const fanos_thermostat_problem *p, double Q, double rho,
                   double T0, fanos_draws draws, unsigned long seed,
                   fanos_run_result *res, temps *t)
{
    fanos_problem *pr;
    ck_assert_int_eq(fanos_problem_alloc(&pr, p->type), FANOS_OK);
    for (size_t i = 0; i < p->nset; i++)
        ck_assert_int_eq(fanos_problem_set_text(pr, p->set_keys[i], p->set_vals[i]),
                         FANOS_OK);
    const size_t n = fanos_problem_size(pr);
    double *x = malloc(n * sizeof *x);
    ck_assert_int_eq(fanos_problem_setup(pr, draws, seed, DRAWS_DIR, x), FANOS_OK);
    fanos_optimizer *o;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, fanos_optimizer_fanos, n), FANOS_OK);
    for (size_t i = 0; i < p->nopt; i++)
        TEST_SET_TEXT(o, p->opt_keys[i], p->opt_vals[i]);
    TEST_SET(o, "Q", Q);
    TEST_SET(o, "rho_T", rho);
    TEST_SET(o, "T0_max", T0);
    fanos_run_options opts;
    fanos_run_options_init(&opts);
    opts.budget = p->budget;
    opts.loop = p->loop;
    opts.on_step = record;
    opts.cb_ctx = t;
    t->n = 0;
    ck_assert_int_eq(fanos_run(fanos_problem_fdf, pr, n, x, o, &opts, res), FANOS_OK);
    fanos_optimizer_free(o);
    fanos_problem_free(pr);
    free(x);
}

static fanos_thermostat_grid grid_of(const fanos_thermostat_problem *p,
                                     size_t np, const double *Q, size_t nQ,
                                     const double *rho, size_t nrho,
                                     const double *T0, size_t nT0,
                                     const unsigned long *seeds, size_t ns)
{
    return (fanos_thermostat_grid){p, np, Q, rho, T0, nQ, nrho, nT0,
                                   FANOS_DRAWS_REFERENCE, seeds, ns, DRAWS_DIR,
                                   NULL, NULL};
}

/* [TH4] a grid of one setting and one seed is the plain fanos_run of that
 * setting: the same final loss, steps and divergence to the bit, and the
 * tracking this file computes from the temperatures it records. */
START_TEST(grid_of_one)
{
    static tproblem q;
    tproblem_init(&q, fanos_problem_quadratic, "1e3", "1e-3", 600,
                  FANOS_LOOP_AFTER_LAST);
    q.vals[0] = "100";      /* the reference draws are of d = 100 */
    const double Q[] = {0.01}, rho[] = {0.9}, T0[] = {1e-2};
    const unsigned long seeds[] = {1};
    fanos_thermostat_grid g = grid_of(&q.p, 1, Q, 1, rho, 1, T0, 1, seeds, 1);
    size_t nr = 0, ns = 0, failed = 99;
    ck_assert_int_eq(fanos_thermostat_grid_size(&g, &nr, &ns), FANOS_OK);
    ck_assert_uint_eq(nr, 1);
    ck_assert_uint_eq(ns, 1);
    fanos_thermostat_row row;
    ck_assert_int_eq(fanos_thermostat_grid_run(&g, &row, 1, &failed), FANOS_OK);
    ck_assert_uint_eq(failed, 99);      /* untouched on success */
    fanos_run_result res;
    static temps t;
    oracle(&q.p, 0.01, 0.9, 1e-2, FANOS_DRAWS_REFERENCE, 1, &res, &t);
    ck_assert(!res.diverged && isfinite(res.final_loss));
    ck_assert(row.final_loss == res.final_loss);
    ck_assert_uint_eq(row.steps, res.steps);
    ck_assert_uint_eq(row.steps, 600);
    ck_assert_int_eq(row.diverged, 0);
    ck_assert_double_eq_tol(row.tracking, own_tracking(&t), 1e-12);
    ck_assert_uint_eq(row.problem, 0);
    ck_assert(row.param == 1e3 && row.Q == 0.01 && row.rho_T == 0.9 &&
              row.T0_max == 1e-2 && row.seed == 1);
    ck_assert(row.seconds >= 0);
}
END_TEST

/* [TH3] [TH2] a run of one step that did not diverge has the final loss
 * and the tracking of that one step (K = 1: the median of d_1 alone), as
 * fanos_run and this file compute them, not +inf. */
START_TEST(grid_one_step)
{
    static tproblem q;
    tproblem_init(&q, fanos_problem_quadratic, "1e3", "1e-3", 1,
                  FANOS_LOOP_BEFORE_LAST);
    q.vals[0] = "100";
    const double Q[] = {0.01}, rho[] = {0.9}, T0[] = {1e-2};
    const unsigned long seeds[] = {1};
    fanos_thermostat_grid g = grid_of(&q.p, 1, Q, 1, rho, 1, T0, 1, seeds, 1);
    fanos_thermostat_row row;
    ck_assert_int_eq(fanos_thermostat_grid_run(&g, &row, 1, NULL), FANOS_OK);
    fanos_run_result res;
    static temps t;
    oracle(&q.p, 0.01, 0.9, 1e-2, FANOS_DRAWS_REFERENCE, 1, &res, &t);
    ck_assert(!res.diverged && isfinite(res.final_loss));
    ck_assert_uint_eq(res.steps, 1);
    ck_assert_uint_eq(t.n, 1);
    ck_assert_int_eq(row.diverged, 0);
    ck_assert_uint_eq(row.steps, 1);
    ck_assert(row.final_loss == res.final_loss);
    ck_assert(isfinite(row.tracking));
    ck_assert_double_eq_tol(row.tracking, own_tracking(&t), 1e-12);
}
END_TEST

static size_t calls, last_done, last_total;
static int stop_at;
static int count_runs(void *ctx, size_t done, size_t total)
{
    ck_assert_ptr_eq(ctx, &calls);
    calls++;
    ck_assert_uint_eq(done, calls);
    last_done = done;
    last_total = total;
    return (int)done == stop_at ? (stop_at > 2 ? -5 : 1) : 0;
}

/* [TH4] the order problem, Q, rho_T, T0_max, seed (the seed fastest), each
 * row the oracle run of its combination; on_run after every run. */
START_TEST(grid_order)
{
    static tproblem r, q;
    tproblem_init(&r, fanos_problem_rosenbrock, NULL, "3e-2", 200,
                  FANOS_LOOP_BEFORE_LAST);
    r.vals[0] = "100";
    tproblem_init(&q, fanos_problem_quadratic, "1e2", "1e-3", 150,
                  FANOS_LOOP_AFTER_LAST);
    q.vals[0] = "100";
    fanos_thermostat_problem p[2] = {r.p, q.p};
    const double Q[] = {1e-3, 1}, rho[] = {0, 0.99}, T0[] = {1e-3};
    const unsigned long seeds[] = {2, 0};
    fanos_thermostat_grid g = grid_of(p, 2, Q, 2, rho, 2, T0, 1, seeds, 2);
    g.on_run = count_runs;
    g.cb_ctx = &calls;
    calls = 0;
    stop_at = 0;
    fanos_thermostat_row rows[16];
    ck_assert_int_eq(fanos_thermostat_grid_run(&g, rows, 16, NULL), FANOS_OK);
    ck_assert_uint_eq(calls, 16);
    ck_assert_uint_eq(last_total, 16);
    size_t i = 0;
    for (size_t a = 0; a < 2; a++)
        for (size_t b = 0; b < 2; b++)
            for (size_t c = 0; c < 2; c++)
                for (size_t s = 0; s < 2; s++, i++) {
                    static temps t;
                    fanos_run_result res;
                    ck_assert_uint_eq(rows[i].problem, a);
                    ck_assert(rows[i].Q == Q[b] && rows[i].rho_T == rho[c] &&
                              rows[i].T0_max == T0[0] && rows[i].seed == seeds[s]);
                    ck_assert(a == 0 ? isnan(rows[i].param) : rows[i].param == 1e2);
                    oracle(&p[a], Q[b], rho[c], T0[0], FANOS_DRAWS_REFERENCE,
                           seeds[s], &res, &t);
                    ck_assert(rows[i].final_loss == res.final_loss);
                    ck_assert_double_eq_tol(rows[i].tracking, own_tracking(&t), 1e-12);
                }
    /* fresh draws, and a stop asked by on_run: a positive return is
     * FANOS_EIO, a negative one itself, with the run at fault */
    g.draws = FANOS_DRAWS_FRESH;
    size_t failed = 0;
    calls = 0;
    stop_at = 2;
    ck_assert_int_eq(fanos_thermostat_grid_run(&g, rows, 16, &failed), FANOS_EIO);
    ck_assert_uint_eq(failed, 2);       /* setting 1, seed 2 (index 0) */
    calls = 0;
    stop_at = 3;
    ck_assert_int_eq(fanos_thermostat_grid_run(&g, rows, 16, &failed), -5);
    ck_assert_uint_eq(failed, 4);       /* seed 2 first: setting 2 */
    static temps t;
    fanos_run_result res;
    oracle(&p[0], Q[0], rho[0], T0[0], FANOS_DRAWS_FRESH, 2, &res, &t);
    ck_assert(rows[0].final_loss == res.final_loss);
}
END_TEST

/* [TH3] a diverged run has tracking and final loss +inf, no NaN; [TH1] a
 * target of 0 (T0_max = T0_min = 0) gives d = +inf at every step, a run
 * that did not diverge but never tracks. */
START_TEST(grid_diverged)
{
    static tproblem q;
    tproblem_init(&q, fanos_problem_quadratic, "1e3", "1", 100,
                  FANOS_LOOP_AFTER_LAST);
    q.okeys[1] = "identity_mass";
    q.ovals[1] = "1";
    q.okeys[2] = "grad_clip";
    q.ovals[2] = "0";
    q.p.nopt = 3;               /* h omega = sqrt(1e3) > 2: diverges */
    const double Q[] = {1}, rho[] = {0.9}, T0[] = {1e-3};
    const unsigned long seeds[] = {0};
    fanos_thermostat_grid g = grid_of(&q.p, 1, Q, 1, rho, 1, T0, 1, seeds, 1);
    g.draws = FANOS_DRAWS_FRESH;
    fanos_thermostat_row row;
    ck_assert_int_eq(fanos_thermostat_grid_run(&g, &row, 1, NULL), FANOS_OK);
    ck_assert_int_eq(row.diverged, 1);
    ck_assert(row.diverged_step > 0);
    ck_assert(isinf(row.tracking) && row.tracking > 0);
    ck_assert(isinf(row.final_loss) && row.final_loss > 0);
    fanos_thermostat_setting s;
    ck_assert_int_eq(fanos_thermostat_summarize(&g, &row, 1, &s, 1), FANOS_OK);
    ck_assert_uint_eq(s.diverged, 1);
    ck_assert_int_eq(s.tracks, 0);
    ck_assert(isinf(s.tracking) && isinf(s.final_loss));
    fanos_thermostat_answer a;
    ck_assert_int_eq(fanos_thermostat_answers(&g, &s, 1, &a, 1), FANOS_OK);
    ck_assert(a.best == SIZE_MAX && a.lowest == SIZE_MAX);
    ck_assert_uint_eq(a.diverged, 1);
    ck_assert_int_eq(a.verdict, FANOS_THERMOSTAT_UNDEFINED);

    const double zero[] = {0};
    q.ovals[0] = "1e-3";
    q.p.nopt = 1;
    g.T0_max = zero;
    ck_assert_int_eq(fanos_thermostat_grid_run(&g, &row, 1, NULL), FANOS_OK);
    ck_assert_int_eq(row.diverged, 0);
    ck_assert(isfinite(row.final_loss));
    ck_assert(isinf(row.tracking));
}
END_TEST

/* fanos_thermostat_grid_run and _grid_size: each error of fanos.h, found
 * before the first run (*failed = nrows) or at the run at fault. */
START_TEST(grid_errors)
{
    static tproblem q;
    tproblem_init(&q, fanos_problem_quadratic, "1e3", "1e-3", 50,
                  FANOS_LOOP_AFTER_LAST);
    q.vals[0] = "100";
    const double Q[] = {1, 0.1}, rho[] = {0.9}, T0[] = {1e-3};
    const unsigned long seeds[] = {0, 1};
    fanos_thermostat_grid g = grid_of(&q.p, 1, Q, 2, rho, 1, T0, 1, seeds, 2);
    fanos_thermostat_row rows[4];
    size_t nr, ns, failed;
#define RUN_FAILS(code)                                                        \
    do {                                                                       \
        failed = 77;                                                           \
        ck_assert_int_eq(fanos_thermostat_grid_run(&g, rows, 4, &failed), code); \
        ck_assert_uint_eq(failed, 4);                                          \
    } while (0)
    ck_assert_int_eq(fanos_thermostat_grid_size(NULL, &nr, &ns), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_grid_size(&g, NULL, &ns), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_grid_size(&g, &nr, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_grid_run(NULL, rows, 4, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_grid_run(&g, NULL, 4, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_grid_run(&g, rows, 3, NULL), FANOS_EDIM);
    g.nseeds = 0;
    ck_assert_int_eq(fanos_thermostat_grid_size(&g, &nr, &ns), FANOS_EDIM);
    RUN_FAILS(FANOS_EDIM);
    g.nseeds = 2;
    g.nQ = SIZE_MAX / 2 + 1;           /* times 2 seeds overflows */
    ck_assert_int_eq(fanos_thermostat_grid_size(&g, &nr, &ns), FANOS_EDIM);
    g.nQ = 2;
    g.seeds = NULL;
    RUN_FAILS(FANOS_ENULL);
    g.seeds = seeds;
    g.draws = (fanos_draws)5;
    RUN_FAILS(FANOS_ERANGE);
    g.draws = FANOS_DRAWS_REFERENCE;
    const double badQ[] = {1, 0}, badrho[] = {1}, badT0[] = {-1};
    g.Q = badQ;
    RUN_FAILS(FANOS_ERANGE);            /* Q in (0, inf) */
    g.Q = Q;
    g.rho_T = badrho;
    RUN_FAILS(FANOS_ERANGE);            /* rho_T in [0, 1) */
    g.rho_T = rho;
    g.T0_max = badT0;
    RUN_FAILS(FANOS_ERANGE);
    g.T0_max = T0;
    q.p.budget = 0;
    RUN_FAILS(FANOS_EBUDGET);
    q.p.budget = 50;
    q.p.loop = (fanos_loop_kind)7;
    RUN_FAILS(FANOS_ERANGE);
    q.p.loop = FANOS_LOOP_AFTER_LAST;
    q.p.type = fanos_problem_burgers;   /* a warm start's problem */
    RUN_FAILS(FANOS_ECONFLICT);
    q.p.type = NULL;
    RUN_FAILS(FANOS_ENULL);
    q.p.type = fanos_problem_quadratic;
    q.p.name = NULL;
    RUN_FAILS(FANOS_ENULL);
    q.p.name = "quadratic";
    q.vals[1] = "0.5";                  /* cond >= 1 */
    RUN_FAILS(FANOS_ERANGE);
    q.vals[1] = "1e3";
    q.ovals[0] = NULL;
    RUN_FAILS(FANOS_ENULL);
    q.okeys[0] = "Q";                   /* the grid's own */
    q.ovals[0] = "1";
    RUN_FAILS(FANOS_ECONFLICT);
    q.okeys[0] = "lrr";
    RUN_FAILS(FANOS_EUNKNOWN);
    q.okeys[0] = "lr";
    q.ovals[0] = "fast";
    RUN_FAILS(FANOS_EPARSE);
    q.ovals[0] = "1e-3";
    q.okeys[1] = "T0_min";              /* T0_min <= T0_max fails */
    q.ovals[1] = "0.01";
    q.p.nopt = 2;
    RUN_FAILS(FANOS_ECONFLICT);
    q.p.nopt = 1;
    /* at a run: a seed outside the reference draws (0..2), a folder
     * without them */
    const unsigned long far[] = {0, 7};
    g.seeds = far;
    ck_assert_int_eq(fanos_thermostat_grid_run(&g, rows, 4, &failed), FANOS_ERANGE);
    ck_assert_uint_eq(failed, 1);       /* setting 0, seed 7 */
    g.seeds = seeds;
    g.dir = "/nonexistent-fanos-folder";
    ck_assert_int_eq(fanos_thermostat_grid_run(&g, rows, 4, &failed), FANOS_EIO);
    ck_assert_uint_eq(failed, 0);
    g.dir = DRAWS_DIR;
    ck_assert_int_eq(fanos_thermostat_grid_run(&g, rows, 4, &failed), FANOS_OK);
#undef RUN_FAILS
}
END_TEST

/* ---- the settings and the answer, from tables written here ---- */

/* A grid of one problem, n values of Q (1, 2, ...) and m seeds, whose rows
 * the tests fill. */
static double Qs[8] = {1, 2, 3, 4, 5, 6, 7, 8};
static const double one_rho[] = {0.9}, one_T0[] = {1e-3};
static const unsigned long seeds8[8] = {0, 1, 2, 3, 4, 5, 6, 7};
static fanos_thermostat_problem dummy = {"p", NULL, NULL, NULL, 0, NULL, NULL,
                                         0, 1, FANOS_LOOP_BEFORE_LAST};

static fanos_thermostat_grid table_grid(size_t n, size_t m)
{
    return grid_of(&dummy, 1, Qs, n, one_rho, 1, one_T0, 1, seeds8, m);
}

static void fill_rows(fanos_thermostat_row *r, size_t n, size_t m,
                      const double *tr, const double *fl, const int *div)
{
    for (size_t k = 0; k < n; k++)
        for (size_t s = 0; s < m; s++) {
            size_t i = k * m + s;
            r[i] = (fanos_thermostat_row){0, NAN, Qs[k], 0.9, 1e-3, seeds8[s],
                                          div[i] ? INFINITY : tr[i],
                                          div[i] ? INFINITY : fl[i], div[i],
                                          div[i] ? 5 : 0, 10, 0};
        }
}

/* [TH5] medians over the seeds, [TH6] tracks: tracking <= ln 2 and no
 * diverged run, [TH7] the median run: closest to the setting's tracking,
 * the first of equally close. */
START_TEST(settings_by_hand)
{
    fanos_thermostat_row r[6];
    fanos_thermostat_setting s[2];
    fanos_thermostat_grid g = table_grid(2, 3);
    const double tr[6] = {0.5, 0.1, 0.9, 0.2, 9, 0.3};
    const double fl[6] = {3, 1, 2, 5, 9, 4};
    const int div[6] = {0, 0, 0, 0, 1, 0};
    fill_rows(r, 2, 3, tr, fl, div);
    ck_assert_int_eq(fanos_thermostat_summarize(&g, r, 6, s, 2), FANOS_OK);
    ck_assert(s[0].tracking == 0.5 && s[0].final_loss == 2);
    ck_assert_uint_eq(s[0].runs, 3);
    ck_assert_uint_eq(s[0].diverged, 0);
    ck_assert_int_eq(s[0].tracks, 1);
    ck_assert_uint_eq(s[0].median_run, 0);
    ck_assert(s[0].Q == 1 && s[0].rho_T == 0.9 && s[0].T0_max == 1e-3);
    /* the diverged run counts +inf in both medians */
    ck_assert(s[1].tracking == 0.3 && s[1].final_loss == 5);
    ck_assert_uint_eq(s[1].diverged, 1);
    ck_assert_int_eq(s[1].tracks, 0);
    ck_assert_uint_eq(s[1].median_run, 5);
    ck_assert(s[1].Q == 2);

    /* even seeds: (3 + 1) / 2 = 2, both 1 away: the first; two diverged
     * of two: +inf, and the first run */
    g = table_grid(2, 2);
    const double tr2[4] = {3, 1, 0, 0};
    const double fl2[4] = {1, 1, 1, 1};
    const int div2[4] = {0, 0, 1, 1};
    fill_rows(r, 2, 2, tr2, fl2, div2);
    ck_assert_int_eq(fanos_thermostat_summarize(&g, r, 4, s, 2), FANOS_OK);
    ck_assert(s[0].tracking == 2);
    ck_assert_uint_eq(s[0].median_run, 0);
    ck_assert(isinf(s[1].tracking));
    ck_assert_uint_eq(s[1].median_run, 2);
    /* a tracking of exactly ln 2 tracks, the next double above does not */
    g = table_grid(2, 1);
    const double tr3[2] = {log(2), nextafter(log(2), 1)};
    const int div3[2] = {0, 0};
    fill_rows(r, 2, 1, tr3, fl2, div3);
    ck_assert_int_eq(fanos_thermostat_summarize(&g, r, 2, s, 2), FANOS_OK);
    ck_assert_int_eq(s[0].tracks, 1);
    ck_assert_int_eq(s[1].tracks, 0);
}
END_TEST

/* fanos_thermostat_summarize: FANOS_ENULL, FANOS_EDIM, FANOS_ERANGE (rows
 * not in the grid's order). */
START_TEST(settings_errors)
{
    fanos_thermostat_row r[2];
    fanos_thermostat_setting s[2];
    fanos_thermostat_grid g = table_grid(2, 1);
    const double tr[2] = {1, 2}, fl[2] = {1, 2};
    const int div[2] = {0, 0};
    fill_rows(r, 2, 1, tr, fl, div);
    ck_assert_int_eq(fanos_thermostat_summarize(NULL, r, 2, s, 2), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_summarize(&g, NULL, 2, s, 2), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_summarize(&g, r, 2, NULL, 2), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_summarize(&g, r, 1, s, 2), FANOS_EDIM);
    ck_assert_int_eq(fanos_thermostat_summarize(&g, r, 2, s, 1), FANOS_EDIM);
    r[1].Q = 1;
    ck_assert_int_eq(fanos_thermostat_summarize(&g, r, 2, s, 2), FANOS_ERANGE);
    r[1].Q = 2;
    r[1].problem = 1;
    ck_assert_int_eq(fanos_thermostat_summarize(&g, r, 2, s, 2), FANOS_ERANGE);
    r[1].problem = 0;
    g.nQ = 0;
    ck_assert_int_eq(fanos_thermostat_summarize(&g, r, 2, s, 2), FANOS_EDIM);
}
END_TEST

/* settings of one problem from columns, none diverged unless div says. */
static void fill_settings(fanos_thermostat_setting *s, size_t n,
                          const double *tr, const double *fl, const int *div)
{
    for (size_t k = 0; k < n; k++)
        s[k] = (fanos_thermostat_setting){0, NAN, Qs[k], 0.9, 1e-3, 1,
                                          div ? (size_t)div[k] : 0, tr[k], fl[k],
                                          (!div || !div[k]) &&
                                              tr[k] <= FANOS_THERMOSTAT_TRACK_MAX,
                                          k};
}

static fanos_thermostat_answer answer(const double *tr, const double *fl,
                                      const int *div, size_t n)
{
    fanos_thermostat_setting s[8];
    fanos_thermostat_answer a;
    fanos_thermostat_grid g = table_grid(n, 1);
    fill_settings(s, n, tr, fl, div);
    ck_assert_int_eq(fanos_thermostat_answers(&g, s, n, &a, 1), FANOS_OK);
    ck_assert_uint_eq(a.settings, n);
    return a;
}

/* [TH8] rho_S by hand: loss ranks (1, 3, 2, 4) against (1, 2, 3, 4),
 * sum d^2 = 2, rho = 1 - 12/60 = 0.8; (3, 1, 4, 2): sum d^2 = 10, rho = 0;
 * reversed: -1.  [TH9] the verdicts of 0.8, 0 and -1; [TH7] best and
 * lowest. */
START_TEST(answers_by_hand)
{
    const double tr[4] = {0.1, 2, 3, 4};
    const double fa[4] = {10, 30, 20, 40}, fb[4] = {30, 10, 40, 20};
    const double fc[4] = {40, 30, 20, 10};
    fanos_thermostat_answer a = answer(tr, fa, NULL, 4);
    ck_assert_double_eq_tol(a.spearman, 0.8, 1e-12);
    ck_assert_int_eq(a.verdict, FANOS_THERMOSTAT_LOWER);
    ck_assert_uint_eq(a.best, 0);
    ck_assert_uint_eq(a.lowest, 0);
    ck_assert_uint_eq(a.tracking, 1);
    ck_assert_int_eq(a.tracks, 1);
    ck_assert_uint_eq(a.ranked, 4);
    ck_assert_uint_eq(a.diverged, 0);
    a = answer(tr, fb, NULL, 4);
    ck_assert_double_eq_tol(a.spearman, 0, 1e-12);
    ck_assert_int_eq(a.verdict, FANOS_THERMOSTAT_NONE);
    ck_assert_uint_eq(a.lowest, 1);
    a = answer(tr, fc, NULL, 4);
    ck_assert_double_eq_tol(a.spearman, -1, 1e-12);
    ck_assert_int_eq(a.verdict, FANOS_THERMOSTAT_HIGHER);
    ck_assert_uint_eq(a.lowest, 3);
    /* the ranks of the loss are those of its logarithm: the same rho */
    const double la[4] = {log(10), log(30), log(20), log(40)};
    ck_assert(answer(tr, la, NULL, 4).spearman == answer(tr, fa, NULL, 4).spearman);
    /* no setting within ln 2 */
    const double far[4] = {1, 2, 3, 4};
    a = answer(far, fa, NULL, 4);
    ck_assert_int_eq(a.tracks, 0);
    ck_assert_uint_eq(a.tracking, 0);
}
END_TEST

/* [TH7] ties: best to the lower loss, lowest to the lower tracking, then
 * the first; settings with a diverged run are neither and [TH8] are not
 * ranked; +inf tracking without divergence ranks last; [TH8] undefined
 * with fewer than 3 ranked or a constant column, [TH9] verdict undefined. */
START_TEST(answers_ties_and_undefined)
{
    const double tr[4] = {1, 1, 0.5, 2}, fl[4] = {5, 4, 3, 3};
    const int div[4] = {0, 0, 1, 0};
    fanos_thermostat_answer a = answer(tr, fl, div, 4);
    ck_assert_uint_eq(a.best, 1);       /* 0.5 diverged; 1 and 1: loss 4 */
    ck_assert_uint_eq(a.lowest, 3);     /* loss 3 of a diverged one skipped */
    ck_assert_uint_eq(a.diverged, 1);
    ck_assert_uint_eq(a.ranked, 3);
    ck_assert_uint_eq(a.tracking, 0);
    const double tr2[3] = {2, 1, 3}, fl2[3] = {7, 7, 7};
    a = answer(tr2, fl2, NULL, 3);
    ck_assert_uint_eq(a.lowest, 1);     /* equal losses: lower tracking */
    ck_assert(isnan(a.spearman));       /* a constant column */
    ck_assert_int_eq(a.verdict, FANOS_THERMOSTAT_UNDEFINED);
    const double tr3[3] = {5, 5, 5}, fl3[3] = {1, 1, 2};
    a = answer(tr3, fl3, NULL, 3);
    ck_assert_uint_eq(a.best, 0);       /* all equal: the lower loss, first */
    ck_assert_uint_eq(a.lowest, 0);
    ck_assert(isnan(a.spearman));
    const int div2[3] = {0, 1, 0};
    a = answer(tr2, fl3, div2, 3);
    ck_assert_uint_eq(a.ranked, 2);
    ck_assert(isnan(a.spearman));
    ck_assert_int_eq(a.verdict, FANOS_THERMOSTAT_UNDEFINED);
    const double tr4[3] = {INFINITY, 1, 2}, fl4[3] = {3, 1, 2};
    a = answer(tr4, fl4, NULL, 3);
    ck_assert_double_eq_tol(a.spearman, 1, 1e-12);
    ck_assert_uint_eq(a.best, 1);
}
END_TEST

/* The answers of four problems of three settings each: the second (index
 * 1) has trackings tr1 and losses fl1, the others trackings 0.01 and
 * losses 0.001 (all tied). */
static void answers_of_four(const double tr1[3], const double fl1[3],
                            fanos_thermostat_answer a[4])
{
    static const fanos_thermostat_problem p4[4] = {
        {"p", NULL, NULL, NULL, 0, NULL, NULL, 0, 1, FANOS_LOOP_BEFORE_LAST},
        {"q", NULL, NULL, NULL, 0, NULL, NULL, 0, 1, FANOS_LOOP_BEFORE_LAST},
        {"r", NULL, NULL, NULL, 0, NULL, NULL, 0, 1, FANOS_LOOP_BEFORE_LAST},
        {"s", NULL, NULL, NULL, 0, NULL, NULL, 0, 1, FANOS_LOOP_BEFORE_LAST}};
    fanos_thermostat_grid g = grid_of(p4, 4, Qs, 3, one_rho, 1, one_T0, 1,
                                      seeds8, 1);
    fanos_thermostat_setting s[12];
    for (size_t k = 0; k < 12; k++) {
        const size_t pr = k / 3, j = k % 3;
        const double tr = pr == 1 ? tr1[j] : 0.01, fl = pr == 1 ? fl1[j] : 0.001;
        s[k] = (fanos_thermostat_setting){pr, NAN, Qs[j], 0.9, 1e-3, 1, 0, tr, fl,
                                          1, k};
    }
    ck_assert_int_eq(fanos_thermostat_answers(&g, s, 12, a, 4), FANOS_OK);
}

/* [TH7] each problem's best and lowest among its own settings, indices
 * into the whole settings array: four problems of three settings; the
 * second has trackings (0.5, 0.3, 0.1) and losses (3, 1, 2), so its best is
 * its third setting (index 5) and its lowest its second (index 4); the
 * others have trackings 0.01 and losses 0.001, all tied: their first. */
START_TEST(answers_of_four_problems)
{
    const double tr1[3] = {0.5, 0.3, 0.1}, fl1[3] = {3, 1, 2};
    fanos_thermostat_answer a[4];
    answers_of_four(tr1, fl1, a);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_uint_eq(a[i].problem, i);
        ck_assert_uint_eq(a[i].settings, 3);
        ck_assert_uint_eq(a[i].ranked, 3);
        ck_assert_uint_eq(a[i].best, i == 1 ? 5 : 3 * i);
        ck_assert_uint_eq(a[i].lowest, i == 1 ? 4 : 3 * i);
    }
    /* ranks (3, 2, 1) and (3, 1, 2): sum d^2 = 2, rho = 1 - 12/24 */
    ck_assert_double_eq_tol(a[1].spearman, 0.5, 1e-12);
    ck_assert(isnan(a[0].spearman) && isnan(a[2].spearman) && isnan(a[3].spearman));
}
END_TEST

/* [TH7] a tie of tracking in a problem after the first: four problems of
 * three settings; the second has trackings (0.3, 0.1, 0.1) and losses
 * (3, 2, 1), so its best is its third setting (index 5: tracking 0.1 as
 * its second, the lower loss 1 < 2), and so is its lowest; the others have
 * trackings 0.01 and losses 0.001, all tied: their first. */
START_TEST(answers_tie_in_a_later_problem)
{
    const double tr1[3] = {0.3, 0.1, 0.1}, fl1[3] = {3, 2, 1};
    fanos_thermostat_answer a[4];
    answers_of_four(tr1, fl1, a);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_uint_eq(a[i].best, i == 1 ? 5 : 3 * i);
        ck_assert_uint_eq(a[i].lowest, i == 1 ? 5 : 3 * i);
    }
}
END_TEST

/* fanos_thermostat_answers: FANOS_ENULL, FANOS_EDIM, FANOS_ERANGE (a
 * setting of another problem); fanos_thermostat_verdict_name. */
START_TEST(answers_errors)
{
    fanos_thermostat_setting s[2];
    fanos_thermostat_answer a;
    fanos_thermostat_grid g = table_grid(2, 1);
    const double tr[2] = {1, 2};
    fill_settings(s, 2, tr, tr, NULL);
    ck_assert_int_eq(fanos_thermostat_answers(NULL, s, 2, &a, 1), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_answers(&g, NULL, 2, &a, 1), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_answers(&g, s, 2, NULL, 1), FANOS_ENULL);
    ck_assert_int_eq(fanos_thermostat_answers(&g, s, 1, &a, 1), FANOS_EDIM);
    ck_assert_int_eq(fanos_thermostat_answers(&g, s, 2, &a, 2), FANOS_EDIM);
    s[1].problem = 1;
    ck_assert_int_eq(fanos_thermostat_answers(&g, s, 2, &a, 1), FANOS_ERANGE);
    g.nrho_T = 0;
    ck_assert_int_eq(fanos_thermostat_answers(&g, s, 2, &a, 1), FANOS_EDIM);
    ck_assert_str_eq(fanos_thermostat_verdict_name(FANOS_THERMOSTAT_LOWER), "lower");
    ck_assert_str_eq(fanos_thermostat_verdict_name(FANOS_THERMOSTAT_NONE), "none");
    ck_assert_str_eq(fanos_thermostat_verdict_name(FANOS_THERMOSTAT_HIGHER), "higher");
    ck_assert_str_eq(fanos_thermostat_verdict_name(FANOS_THERMOSTAT_UNDEFINED),
                     "undefined");
    ck_assert_ptr_null(fanos_thermostat_verdict_name((fanos_thermostat_verdict)9));
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("thermostat");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, tracking_by_hand);
    tcase_add_test(tc, tracking_nonpositive);
    tcase_add_test(tc, tracking_errors);
    tcase_add_test(tc, grid_of_one);
    tcase_add_test(tc, grid_one_step);
    tcase_add_test(tc, grid_order);
    tcase_add_test(tc, grid_diverged);
    tcase_add_test(tc, grid_errors);
    tcase_add_test(tc, settings_by_hand);
    tcase_add_test(tc, settings_errors);
    tcase_add_test(tc, answers_by_hand);
    tcase_add_test(tc, answers_ties_and_undefined);
    tcase_add_test(tc, answers_of_four_problems);
    tcase_add_test(tc, answers_tie_in_a_later_problem);
    tcase_add_test(tc, answers_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
