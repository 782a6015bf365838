/* check_alloc.c - allocation failures on the library's main paths, in
 * the manner of SQLite's malloc tests (verify/failalloc.h): each path is
 * run with its 1st allocation failing, then its 2nd, and so on, until it
 * runs through with none failed.  For every k the path must
 *  - return the documented code: FANOS_ENOMEM for memory, FANOS_EIO (with
 *    errno ENOMEM) when a FILE or DIR could not be had;
 *  - not crash, and leak nothing (failalloc counts the blocks still live);
 *  - leave its outputs as they were (out pointers, result structs, x0 and
 *    theta buffers, the points and workspace of a network, a problem's
 *    previous objective);
 * and with nothing failed it must succeed.  The suite runs in one process
 * (no fork), so that its last line counts the allocation sites reached.
 *
 * Bugs it found, each a regression test here:
 *  - gsl_rng_alloc out of memory aborted the process (GSL's default error
 *    handler): fanos_rosenbrock_x0, fanos_quadratic_draw, fanos_pinn_draw,
 *    fanos_stats_summarize and every path above them;
 *  - liblbfgs's LBFGSERR_OUTOFMEMORY came back as a successful run with a
 *    NaN loss (an experiment recorded it as diverged): fanos_lbfgs_run,
 *    fanos_run lbfgs, the warm start;
 *  - a failed fanos_pinn_set_block freed the workspace, and the next
 *    evaluation crashed: fanos_pinn_set_block;
 *  - a failed fanos_pinn_set_points dropped the points it replaced, a
 *    failed draw or load_reference had written theta, a failed
 *    fanos_problem_setup had written x0 and dropped the previous
 *    objective: fanos_pinn_set_points, fanos_pinn_draw,
 *    fanos_pinn_load_reference, fanos_problem_setup;
 *  - fanos_warmstart, fanos_experiment_execute and fanos_rows_group wrote
 *    part of their outputs before failing: their paths;
 *  - the problems trained on a data set (swept on small folders of their
 *    own): gsl_rng_alloc aborted their setup and the draw of a new epoch's
 *    order; a step that failed there had already moved to the new epoch
 *    (with the old order); and fanos_experiment_execute of charlm, whose
 *    size could not be read (0), wrote the start point the setup then made
 *    past a buffer of 0 values: fanos_problem_setup, fanos_problem_fdf and
 *    fanos_experiment_execute of softmax, mlp and charlm. */
#include <config.h>
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <zlib.h>
#include "fanos.h"
#include "failalloc.h"
#include "testutil.h"
#include "problems/net.h"

/* ---- the driver ---- */

/* One run of a path with allocation k failing (k >= 1): the path sets up
 * what it needs, arms failalloc around the calls under test, checks its
 * outputs, frees everything and returns the status of those calls. */
typedef int (*path_fn)(void *ctx, size_t k);

static size_t total_paths, total_runs;

/* Run the path for k = 1, 2, ... until nothing fails, when it must
 * return `last` (FANOS_OK but for the paths of an error); returns how
 * many allocations the path makes. */
static size_t sweep_to(const char *name, path_fn path, void *ctx, int last)
{
    for (size_t k = 1;; k++) {
        net_fashion_cache_release();    /* the data kept for the next setup */
        size_t live0 = failalloc_live();
        int rc = path(ctx, k);
        int kind = failalloc_failed();
        net_fashion_cache_release();
        size_t live1 = failalloc_live();
        total_runs++;
        ck_assert_msg(live1 == live0,
                      "%s, allocation %zu failed: %zu blocks leaked", name, k,
                      live1 - live0);
        if (!kind) {
            ck_assert_msg(rc == last, "%s with no allocation failed: %d (%s)",
                          name, rc, fanos_strerror(rc));
            total_paths++;
            printf("%-48s %4zu allocations\n", name, k - 1);
            fflush(stdout);
            return k - 1;
        }
        int want = kind == FAILALLOC_FILE ? FANOS_EIO : FANOS_ENOMEM;
        ck_assert_msg(rc == want,
                      "%s, allocation %zu failed: status %d (%s), expected %s", name,
                      k, rc, fanos_strerror(rc), fanos_strerror(want));
    }
}

static size_t sweep(const char *name, path_fn path, void *ctx)
{
    return sweep_to(name, path, ctx, FANOS_OK);
}

#define ARMED(k, call) \
    do {                  \
        failalloc_arm(k); \
        rc = (call);      \
        failalloc_disarm(); \
    } while (0)

/* n doubles of a value no computation gives, to tell an untouched buffer */
#define SENTINEL 12345.678
static double *sentinels(size_t n)
{
    double *v = malloc(n * sizeof *v);
    ck_assert_ptr_nonnull(v);
    for (size_t i = 0; i < n; i++)
        v[i] = SENTINEL;
    return v;
}

static int all_sentinels(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] != SENTINEL)
            return 0;
    return 1;
}

/* A struct filled with a byte pattern, compared after a failure. */
#define FILL(s) memset(&(s), 0xA5, sizeof(s))
static int filled(const void *s, size_t n)
{
    const unsigned char *b = s;
    for (size_t i = 0; i < n; i++)
        if (b[i] != 0xA5)
            return 0;
    return 1;
}
#define UNTOUCHED(s) filled(&(s), sizeof(s))

/* ---- files (in test_tmpdir: verify/testutil.c) ---- */

static void write_file(const char *path, const void *b, size_t n)
{
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(b, 1, n, fp), n);
    ck_assert_int_eq(fclose(fp), 0);
}

static void put32(unsigned char *b, uint32_t v)
{
    b[0] = (unsigned char)(v >> 24);
    b[1] = (unsigned char)(v >> 16);
    b[2] = (unsigned char)(v >> 8);
    b[3] = (unsigned char)v;
}

/* An IDX file through gzip: the header (magic and sizes), then the bytes
 * i * 7 + 3 (images) or i % 10 (labels). */
static void write_idx(const char *path, int images, uint32_t count)
{
    size_t head = images ? 16 : 8;
    size_t n = images ? (size_t)count * 28 * 28 : count;
    unsigned char *b = malloc(head + n);
    ck_assert_ptr_nonnull(b);
    put32(b, images ? 0x00000803u : 0x00000801u);
    put32(b + 4, count);
    if (images) {
        put32(b + 8, 28);
        put32(b + 12, 28);
    }
    for (size_t i = 0; i < n; i++)
        b[head + i] = (unsigned char)(images ? i * 7 + 3 : i % 10);
    gzFile gz = gzopen(path, "wb");
    ck_assert_ptr_nonnull(gz);
    ck_assert_int_eq(gzwrite(gz, b, (unsigned)(head + n)), (int)(head + n));
    ck_assert_int_eq(gzclose(gz), Z_OK);
    free(b);
}

/* ---- optimizers ---- */

static int path_optimizer_alloc(void *ctx, size_t k)
{
    const fanos_optimizer_type *t = ctx;
    fanos_optimizer *o = (fanos_optimizer *)&o;
    int rc;
    ARMED(k, fanos_optimizer_alloc(&o, t, 7));
    if (rc != FANOS_OK)
        ck_assert_ptr_null(o);
    fanos_optimizer_free(rc == FANOS_OK ? o : NULL);
    return rc;
}

START_TEST(optimizer_alloc_every_type)
{
    char name[96];
    for (const fanos_optimizer_type *const *t = fanos_optimizer_types(); *t; t++) {
        snprintf(name, sizeof name, "fanos_optimizer_alloc %s", (*t)->name);
        sweep(name, path_optimizer_alloc, (void *)*t);
    }
}
END_TEST

/* A run of every optimizer on Rosenbrock-10D (L-BFGS included: its own
 * allocations and liblbfgs's). */
static int path_run(void *ctx, size_t k)
{
    const fanos_optimizer_type *t = ctx;
    fanos_optimizer *o;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, t, 10), FANOS_OK);
    double *x = sentinels(10);
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = 20;
    fanos_run_result res;
    FILL(res);
    int rc;
    ARMED(k, fanos_run(fanos_rosenbrock_fdf, NULL, 10, x, o, &ro, &res));
    if (rc != FANOS_OK) {
        ck_assert_msg(all_sentinels(x, 10), "fanos_run %s: x written", t->name);
        ck_assert_msg(UNTOUCHED(res), "fanos_run %s: result written", t->name);
    }
    free(x);
    fanos_optimizer_free(o);
    return rc;
}

START_TEST(run_every_type)
{
    char name[96];
    for (const fanos_optimizer_type *const *t = fanos_optimizer_types(); *t; t++) {
        snprintf(name, sizeof name, "fanos_run %s", (*t)->name);
        sweep(name, path_run, (void *)*t);
    }
}
END_TEST

/* fanos_lbfgs_run itself: x and the result untouched on failure. */
static int path_lbfgs(void *ctx, size_t k)
{
    (void)ctx;
    double x[10];
    for (size_t i = 0; i < 10; i++)
        x[i] = SENTINEL;
    fanos_lbfgs_options lo;
    fanos_lbfgs_options_init(&lo);
    lo.budget = 30;
    lo.m = 5;
    fanos_lbfgs_result res;
    FILL(res);
    int rc;
    ARMED(k, fanos_lbfgs_run(fanos_rosenbrock_fdf, NULL, 10, x, &lo, &res));
    if (rc != FANOS_OK) {
        ck_assert(all_sentinels(x, 10));
        ck_assert(UNTOUCHED(res));
    }
    return rc;
}

START_TEST(lbfgs_run)
{
    sweep("fanos_lbfgs_run", path_lbfgs, NULL);
}
END_TEST

/* The stability map (two optimizers of its own). */
static int path_stability(void *ctx, size_t k)
{
    (void)ctx;
    double m[4] = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    double radius = SENTINEL, det = SENTINEL;
    int rc;
    ARMED(k, fanos_stability_map(0.1, 1.0, 0.5, 0, m, &radius, &det));
    if (rc != FANOS_OK)
        ck_assert(all_sentinels(m, 4) && radius == SENTINEL && det == SENTINEL);
    return rc;
}

START_TEST(stability_map)
{
    sweep("fanos_stability_map", path_stability, NULL);
}
END_TEST

/* The thermostat grid (src/run/thermostat.c): a quadratic of d = 10 from
 * fresh draws, two settings and two seeds; its settings and answer left
 * untouched by a failure; the tracking alone. */
static const char *const th_keys[] = {"dim"}, *const th_vals[] = {"10"};
static const char *const th_okeys[] = {"lr"}, *const th_ovals[] = {"1e-3"};
static const double th_Q[] = {1, 0.01}, th_rho[] = {0.9}, th_T0[] = {1e-3};
static const unsigned long th_seeds[] = {0, 1};

static fanos_thermostat_grid th_grid(fanos_thermostat_problem *p)
{
    *p = (fanos_thermostat_problem){"q", fanos_problem_quadratic, th_keys, th_vals,
                                    1, th_okeys, th_ovals, 1, 20,
                                    FANOS_LOOP_AFTER_LAST};
    return (fanos_thermostat_grid){p, 1, th_Q, th_rho, th_T0, 2, 1, 1,
                                   FANOS_DRAWS_FRESH, th_seeds, 2, NULL, NULL, NULL};
}

static int path_thermostat(void *ctx, size_t k)
{
    fanos_thermostat_problem p;
    fanos_thermostat_grid g = th_grid(&p);
    fanos_thermostat_row rows[4];
    fanos_thermostat_setting s[2];
    fanos_thermostat_answer a;
    int rc;
    intptr_t which = (intptr_t)ctx;
    if (which == 0) {
        const double te[3] = {1, 4, 4}, t0[3] = {1, 1, 1};
        double tr = SENTINEL;
        ARMED(k, fanos_thermostat_tracking(te, t0, 3, &tr));
        ck_assert(rc == FANOS_OK ? tr == log(4) : tr == SENTINEL);
        return rc;
    }
    if (which == 1) {
        size_t failed = 99;
        ARMED(k, fanos_thermostat_grid_run(&g, rows, 4, &failed));
        /* on failure the run at fault, or 4 before any */
        ck_assert(rc == FANOS_OK ? failed == 99 : failed <= 4);
        return rc;
    }
    ck_assert_int_eq(fanos_thermostat_grid_run(&g, rows, 4, NULL), FANOS_OK);
    FILL(s);
    FILL(a);
    if (which == 2) {
        ARMED(k, fanos_thermostat_summarize(&g, rows, 4, s, 2));
        if (rc != FANOS_OK)
            ck_assert(UNTOUCHED(s));
        return rc;
    }
    ck_assert_int_eq(fanos_thermostat_summarize(&g, rows, 4, s, 2), FANOS_OK);
    ARMED(k, fanos_thermostat_answers(&g, s, 2, &a, 1));
    if (rc != FANOS_OK)
        ck_assert(UNTOUCHED(a));
    return rc;
}

START_TEST(thermostat)
{
    sweep("fanos_thermostat_tracking", path_thermostat, (void *)0);
    sweep("fanos_thermostat_grid_run", path_thermostat, (void *)1);
    sweep("fanos_thermostat_summarize", path_thermostat, (void *)2);
    sweep("fanos_thermostat_answers", path_thermostat, (void *)3);
}
END_TEST

/* ---- problems ---- */

static int path_problem_alloc(void *ctx, size_t k)
{
    fanos_problem *p = (fanos_problem *)&p;
    int rc;
    ARMED(k, fanos_problem_alloc(&p, ctx));
    if (rc != FANOS_OK)
        ck_assert_ptr_null(p);
    fanos_problem_free(rc == FANOS_OK ? p : NULL);
    return rc;
}

typedef struct {
    const fanos_problem_type *type;
    fanos_draws draws;
    const char *const *set;     /* settings: name, text, ..., NULL */
} setup_case;

/* Small problems for fresh draws; the reference draws are of the size the
 * reference exported (100 parameters, the default network).  The settings
 * of set come last (the problems trained on a data set: their folder and
 * a few examples). */
static fanos_problem *make_problem(const setup_case *c)
{
    fanos_problem *p;
    ck_assert_int_eq(fanos_problem_alloc(&p, c->type), FANOS_OK);
    for (const char *const *kv = c->set; kv && kv[0]; kv += 2)
        ck_assert_msg(fanos_problem_set_text(p, kv[0], kv[1]) == FANOS_OK,
                      "%s: cannot set %s = %s", c->type->name, kv[0], kv[1]);
    if (c->draws == FANOS_DRAWS_FRESH) {
        if (fanos_problem_type_param_index(c->type, "dim") >= 0)
            ck_assert_int_eq(fanos_problem_set(p, "dim", 10), FANOS_OK);
        if (fanos_problem_type_param_index(c->type, "n_collocation") >= 0) {
            ck_assert_int_eq(fanos_problem_set_text(p, "widths", "2,4,4,1"), FANOS_OK);
            ck_assert_int_eq(fanos_problem_set(p, "n_collocation", 12), FANOS_OK);
            ck_assert_int_eq(fanos_problem_set(p, "n_boundary", 3), FANOS_OK);
            ck_assert_int_eq(fanos_problem_set(p, "n_initial", 3), FANOS_OK);
        }
    }
    return p;
}

/* A setup of seed 1 over a problem set up from seed 0: on failure x0 is
 * untouched and the problem still has the objective of seed 0 (the same
 * context, and the same loss where an evaluation is cheap: not the
 * reference network, whose loss takes seconds under valgrind; a problem
 * trained on a data set gives the loss of its first batch, of a few
 * examples here); a file that could not be opened is named by
 * fanos_problem_data_error, in the data folder. */
static int path_problem_setup(void *ctx, size_t k)
{
    const setup_case *c = ctx;
    fanos_problem *p = make_problem(c);
    const size_t n = fanos_problem_size(p);
    const int cheap = n < 1000 || c->type->batches;
    double *x0 = malloc(n * sizeof *x0), *x1 = sentinels(n), f0 = 0, f1 = 0;
    ck_assert_ptr_nonnull(x0);
    ck_assert_int_eq(fanos_problem_setup(p, c->draws, 0, DRAWS_DIR, x0), FANOS_OK);
    const void *ctx0 = fanos_problem_context(p);
    if (cheap)
        ck_assert_int_eq(fanos_problem_fdf(p, n, x0, &f0, NULL), FANOS_OK);
    int rc;
    ARMED(k, fanos_problem_setup(p, c->draws, 1, DRAWS_DIR, x1));
    if (rc != FANOS_OK) {
        ck_assert_msg(all_sentinels(x1, n), "%s: x0 written", c->type->name);
        ck_assert_msg(fanos_problem_context(p) == ctx0, "%s: the previous objective is gone",
                      c->type->name);
        if (cheap)
            ck_assert_int_eq(fanos_problem_fdf(p, n, x0, &f1, NULL), FANOS_OK);
        ck_assert_msg(f1 == f0, "%s: the previous objective is gone", c->type->name);
    }
    if (rc == FANOS_EIO && c->type->batches) {
        int status;
        fanos_data_error err;
        ck_assert_int_eq(fanos_problem_data_error(p, &status, &err), FANOS_OK);
        ck_assert_int_eq(status, FANOS_EIO);
        ck_assert_int_eq(err.errnum, ENOMEM);
        ck_assert_msg(!strncmp(err.file, test_tmpdir, strlen(test_tmpdir)),
                      "%s: the data error names %s", c->type->name, err.file);
    }
    free(x0);
    free(x1);
    fanos_problem_free(p);
    return rc;
}

START_TEST(problem_alloc_setup_every_type)
{
    char name[96];
    for (const fanos_problem_type *const *t = fanos_problem_types(); *t; t++) {
        snprintf(name, sizeof name, "fanos_problem_alloc %s", (*t)->name);
        sweep(name, path_problem_alloc, (void *)*t);
        /* The problems trained on a data set read the whole data set at
         * every setup (0.4 s for Fashion-MNIST), too slow to repeat for
         * every allocation here and under valgrind: they are swept on
         * small folders of their own in data_problems. */
        if ((*t)->batches)
            continue;
        for (int d = 0; d < FANOS_DRAWS_COUNT; d++) {
            setup_case c = {*t, (fanos_draws)d, NULL};
            snprintf(name, sizeof name, "fanos_problem_setup %s %s", (*t)->name,
                     fanos_draws_name((fanos_draws)d));
            sweep(name, path_problem_setup, &c);
        }
    }
}
END_TEST

/* The quadratic's objective without a gradient (a buffer of its own). */
static int path_quadratic_f(void *ctx, size_t k)
{
    fanos_quadratic *q = ctx;
    double x[10], f = SENTINEL;
    for (size_t i = 0; i < 10; i++)
        x[i] = 0.1 * (double)i;
    int rc;
    ARMED(k, fanos_quadratic_fdf(q, 10, x, &f, NULL));
    if (rc != FANOS_OK)
        ck_assert(f == SENTINEL);
    return rc;
}

static int path_quadratic_alloc(void *ctx, size_t k)
{
    const double *W = ctx;
    fanos_quadratic *q = (fanos_quadratic *)&q;
    int rc;
    ARMED(k, fanos_quadratic_alloc(&q, 10, 1e3, W));
    if (rc != FANOS_OK)
        ck_assert_ptr_null(q);
    fanos_quadratic_free(rc == FANOS_OK ? q : NULL);
    return rc;
}

static int path_rosenbrock_x0(void *ctx, size_t k)
{
    (void)ctx;
    double *x = sentinels(100);
    int rc;
    ARMED(k, fanos_rosenbrock_x0(100, 3, x));
    if (rc != FANOS_OK)
        ck_assert(all_sentinels(x, 100));
    free(x);
    return rc;
}

/* ctx: NULL (Rosenbrock), 1 (the quadratic of seed 1) or 2 (seed 7,
 * which the reference set lacks: FANOS_ERANGE once the folder is read) */
static int path_reference(void *ctx, size_t k)
{
    int quadratic = ctx != NULL;
    double *x = sentinels(100), *W = sentinels(100 * 100);
    int rc;
    if (quadratic)
        ARMED(k, fanos_reference_quadratic(DRAWS_DIR, ctx == (void *)2 ? 7 : 1, 100,
                                           x, W));
    else
        ARMED(k, fanos_reference_rosenbrock_x0(DRAWS_DIR, 1, x, 100));
    if (rc != FANOS_OK)
        ck_assert(all_sentinels(x, 100) && all_sentinels(W, 100 * 100));
    free(x);
    free(W);
    return rc;
}

static int path_quadratic_draw(void *ctx, size_t k)
{
    (void)ctx;
    double *x = sentinels(10), *W = sentinels(100);
    int rc;
    ARMED(k, fanos_quadratic_draw(10, 4, x, W));
    if (rc != FANOS_OK)
        ck_assert(all_sentinels(x, 10) && all_sentinels(W, 100));
    free(x);
    free(W);
    return rc;
}

START_TEST(quadratic_and_draws)
{
    double W[100];
    ck_assert_int_eq(fanos_quadratic_draw(10, 2, W, W), FANOS_OK);  /* x0 overwritten */
    sweep("fanos_quadratic_alloc", path_quadratic_alloc, W);
    fanos_quadratic *q;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 10, 1e3, W), FANOS_OK);
    sweep("fanos_quadratic_fdf without g", path_quadratic_f, q);
    fanos_quadratic_free(q);
    sweep("fanos_quadratic_draw", path_quadratic_draw, NULL);
    sweep("fanos_rosenbrock_x0", path_rosenbrock_x0, NULL);
    sweep("fanos_reference_rosenbrock_x0", path_reference, NULL);
    sweep("fanos_reference_quadratic", path_reference, (void *)1);
    sweep_to("fanos_reference_quadratic, a seed not in the set", path_reference,
             (void *)2, FANOS_ERANGE);
}
END_TEST

/* ---- the PINN ---- */

static int path_pinn_alloc(void *ctx, size_t k)
{
    const size_t *w = ctx;
    fanos_pinn *p = (fanos_pinn *)&p;
    int rc;
    ARMED(k, fanos_pinn_alloc(&p, FANOS_PINN_ALLEN_CAHN, w, w ? 4 : 0));
    if (rc != FANOS_OK)
        ck_assert_ptr_null(p);
    fanos_pinn_free(rc == FANOS_OK ? p : NULL);
    return rc;
}

static const size_t small_widths[] = {2, 5, 4, 1};

/* A network of small_widths (reference: the default one) with the points
 * of seed 0 (fresh, 12 + 2*3 + 3 points, or the reference's), its theta
 * in *theta. */
static fanos_pinn *pinn_seed0(int reference, double **theta)
{
    fanos_pinn *p;
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS,
                                      reference ? NULL : small_widths, 4),
                     FANOS_OK);
    *theta = malloc(fanos_pinn_size(p) * sizeof **theta);
    ck_assert_ptr_nonnull(*theta);
    if (reference)
        ck_assert_int_eq(fanos_pinn_load_reference(p, DRAWS_DIR, 0, *theta), FANOS_OK);
    else
        ck_assert_int_eq(fanos_pinn_draw(p, 0, 12, 3, 3, *theta), FANOS_OK);
    return p;
}

/* A copy of the network's points, to compare after a failure. */
typedef struct {
    size_t n;
    int *kind;
    double *x, *t;
} points_copy;

static points_copy copy_points(const fanos_pinn *p)
{
    const int *kind;
    const double *x, *t;
    points_copy c;
    c.n = fanos_pinn_points(p, &kind, &x, &t);
    c.kind = malloc(c.n * sizeof *c.kind);
    c.x = malloc(c.n * sizeof *c.x);
    c.t = malloc(c.n * sizeof *c.t);
    ck_assert(c.kind && c.x && c.t);
    memcpy(c.kind, kind, c.n * sizeof *kind);
    memcpy(c.x, x, c.n * sizeof *x);
    memcpy(c.t, t, c.n * sizeof *t);
    return c;
}

static int same_points(const fanos_pinn *p, const points_copy *c)
{
    const int *kind;
    const double *x, *t;
    size_t n = fanos_pinn_points(p, &kind, &x, &t);
    return n == c->n && kind && x && t &&
           !memcmp(kind, c->kind, n * sizeof *kind) &&
           !memcmp(x, c->x, n * sizeof *x) && !memcmp(t, c->t, n * sizeof *t);
}

static void free_points_copy(points_copy *c)
{
    free(c->kind);
    free(c->x);
    free(c->t);
}

/* A draw (fresh or reference) of seed 1 over seed 0: on failure theta is
 * untouched, and the network keeps the points and loss of seed 0. */
static int path_pinn_draw(void *ctx, size_t k)
{
    int reference = ctx != NULL;
    double *theta0;
    fanos_pinn *p = pinn_seed0(reference, &theta0);
    const size_t n = fanos_pinn_size(p);
    double f0 = 0, f1 = 0, *theta = sentinels(n);
    if (!reference)     /* the reference network's loss is slow under valgrind */
        ck_assert_int_eq(fanos_pinn_fdf(p, n, theta0, &f0, NULL), FANOS_OK);
    points_copy c = copy_points(p);
    int rc;
    if (reference)
        ARMED(k, fanos_pinn_load_reference(p, DRAWS_DIR, 1, theta));
    else
        ARMED(k, fanos_pinn_draw(p, 1, 10, 2, 4, theta));
    if (rc != FANOS_OK) {
        ck_assert_msg(all_sentinels(theta, n), "theta written");
        ck_assert_msg(same_points(p, &c), "the points changed");
        if (!reference)
            ck_assert_int_eq(fanos_pinn_fdf(p, n, theta0, &f1, NULL), FANOS_OK);
        ck_assert(f1 == f0);
    }
    free_points_copy(&c);
    free(theta);
    free(theta0);
    fanos_pinn_free(p);
    return rc;
}

/* New points over those of seed 0. */
static int path_pinn_points(void *ctx, size_t k)
{
    (void)ctx;
    double *theta0;
    fanos_pinn *p = pinn_seed0(0, &theta0);
    points_copy c = copy_points(p);
    int kind[3] = {FANOS_PINN_COLLOCATION, FANOS_PINN_BC_LEFT, FANOS_PINN_IC};
    double x[3] = {0.5, -1.0, 0.25}, t[3] = {0.5, 0.75, 0.0};
    int rc;
    ARMED(k, fanos_pinn_set_points(p, 3, kind, x, t));
    if (rc != FANOS_OK)
        ck_assert_msg(same_points(p, &c), "the points changed");
    free_points_copy(&c);
    free(theta0);
    fanos_pinn_free(p);
    return rc;
}

/* Another block size: on failure the network evaluates as before. */
static int path_pinn_block(void *ctx, size_t k)
{
    (void)ctx;
    double *theta0;
    fanos_pinn *p = pinn_seed0(0, &theta0);
    const size_t n = fanos_pinn_size(p);
    double f0, f1, *g0 = malloc(n * sizeof *g0), *g1 = malloc(n * sizeof *g1);
    ck_assert(g0 && g1);
    ck_assert_int_eq(fanos_pinn_fdf(p, n, theta0, &f0, g0), FANOS_OK);
    int rc;
    ARMED(k, fanos_pinn_set_block(p, 5));
    ck_assert_int_eq(fanos_pinn_fdf(p, n, theta0, &f1, g1), FANOS_OK);
    if (rc != FANOS_OK)
        ck_assert(f1 == f0 && !memcmp(g0, g1, n * sizeof *g0));
    free(g0);
    free(g1);
    free(theta0);
    fanos_pinn_free(p);
    return rc;
}

/* The evaluation allocates nothing. */
static int path_pinn_fdf(void *ctx, size_t k)
{
    (void)ctx;
    double *theta0;
    fanos_pinn *p = pinn_seed0(0, &theta0);
    const size_t n = fanos_pinn_size(p);
    double f, *g = malloc(n * sizeof *g), u[2], ux[2], ut[2], uxx[2];
    const double xs[2] = {0.1, -0.3}, ts[2] = {0.2, 0.9};
    int rc;
    failalloc_arm(k);
    rc = fanos_pinn_fdf(p, n, theta0, &f, g);
    if (rc == FANOS_OK)
        rc = fanos_pinn_eval(p, theta0, 2, xs, ts, u, ux, ut, uxx);
    failalloc_disarm();
    free(g);
    free(theta0);
    fanos_pinn_free(p);
    return rc;
}

START_TEST(pinn)
{
    sweep("fanos_pinn_alloc default", path_pinn_alloc, NULL);
    sweep("fanos_pinn_alloc 2,5,4,1", path_pinn_alloc, (void *)small_widths);
    sweep("fanos_pinn_draw", path_pinn_draw, NULL);
    sweep("fanos_pinn_load_reference", path_pinn_draw, (void *)1);
    sweep("fanos_pinn_set_points", path_pinn_points, NULL);
    sweep("fanos_pinn_set_block", path_pinn_block, NULL);
    ck_assert_uint_eq(sweep("fanos_pinn_fdf and fanos_pinn_eval", path_pinn_fdf, NULL), 0);
}
END_TEST

/* The T4 warm start: on failure the result is untouched and x is the
 * start point or, when the polish could not start, the warm-up's end. */
static int path_warmstart(void *ctx, size_t k)
{
    const fanos_optimizer_type *t = ctx;
    double *theta0;
    fanos_pinn *p = pinn_seed0(0, &theta0);
    const size_t n = fanos_pinn_size(p);
    fanos_warmstart_options wo;
    fanos_warmstart_options_init(&wo);
    wo.warmup_steps = 3;
    wo.polish_iterations = 4;
    /* the warm-up alone, for the oracle of x */
    fanos_optimizer *o;
    fanos_run_options ro;
    fanos_run_result rr;
    double *xw = malloc(n * sizeof *xw), *x = malloc(n * sizeof *x);
    ck_assert(xw && x);
    memcpy(xw, theta0, n * sizeof *xw);
    memcpy(x, theta0, n * sizeof *x);
    fanos_run_options_init(&ro);
    ro.budget = wo.warmup_steps;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, t, n), FANOS_OK);
    ck_assert_int_eq(fanos_run(fanos_pinn_fdf, p, n, xw, o, &ro, &rr), FANOS_OK);
    fanos_optimizer_free(o);
    ck_assert_int_eq(fanos_optimizer_alloc(&o, t, n), FANOS_OK);
    fanos_warmstart_result res;
    FILL(res);
    int rc;
    ARMED(k, fanos_warmstart(fanos_pinn_fdf, p, n, x, o, &wo, &res));
    if (rc != FANOS_OK) {
        ck_assert_msg(UNTOUCHED(res), "warm start: result written");
        ck_assert_msg(!memcmp(x, theta0, n * sizeof *x) || !memcmp(x, xw, n * sizeof *x),
                      "warm start: x neither the start nor the warm-up's end");
    }
    fanos_optimizer_free(o);
    free(x);
    free(xw);
    free(theta0);
    fanos_pinn_free(p);
    return rc;
}

START_TEST(warmstart)
{
    sweep("fanos_warmstart adamw", path_warmstart, (void *)fanos_optimizer_adamw);
    sweep("fanos_warmstart lbfgs", path_warmstart, (void *)fanos_optimizer_lbfgs);
}
END_TEST

/* ---- experiments ---- */

typedef struct {
    fanos_experiment e;
    const fanos_problem_type *problems[2];
    fanos_experiment_method methods[2];
    const char *pkeys[8], *pvals[8];
    const char *skeys[1], *svals[1];
    double axis[2], lr[2], own_lr[1];
    unsigned long ref[2], fresh[1];
} experiment_case;

/* Rosenbrock (both draws, FANoS on the grid and L-BFGS), the quadratic
 * (an axis, after-last, +clip) or the two PINNs (the warm start). */
static void make_experiment(experiment_case *c, int which)
{
    memset(c, 0, sizeof *c);
    fanos_experiment *e = &c->e;
    e->name = "alloc";
    e->problems = c->problems;
    e->methods = c->methods;
    e->lr = c->lr;
    e->nlr = 2;
    c->lr[0] = 1e-3;
    c->lr[1] = 1e-2;
    e->budget = 6;
    e->seeds[0] = c->ref;
    e->seeds[1] = c->fresh;
    c->ref[0] = 0;
    c->ref[1] = 1;
    c->fresh[0] = 2;
    e->nseeds[0] = 2;
    e->nseeds[1] = 1;
    e->problem_keys = c->pkeys;
    e->problem_vals = c->pvals;
    c->skeys[0] = "grad_clip";
    c->svals[0] = "1";
    if (which == 0) {
        c->problems[0] = fanos_problem_rosenbrock;
        e->nproblems = 1;
        c->methods[0] = (fanos_experiment_method){"FANoS", fanos_optimizer_fanos,
                                                  c->skeys, c->svals, 1, 0, NULL, 0, NULL, 0};
        c->methods[1] = (fanos_experiment_method){"L-BFGS", fanos_optimizer_lbfgs,
                                                  NULL, NULL, 0, 0, NULL, 0, NULL, 0};
        e->nmethods = 2;
    } else if (which == 1) {
        c->problems[0] = fanos_problem_quadratic;
        e->nproblems = 1;
        e->axis = c->axis;
        e->naxis = 2;
        c->axis[0] = 10;
        c->axis[1] = 1e3;
        e->loop = FANOS_LOOP_AFTER_LAST;
        e->nseeds[0] = 1;
        c->own_lr[0] = 1e-2;
        c->methods[0] = (fanos_experiment_method){"SGD+clip", fanos_optimizer_sgd,
                                                  NULL, NULL, 0, 1.0, c->own_lr, 1, NULL, 0};
        e->nmethods = 1;
    } else {
        c->problems[0] = fanos_problem_burgers;
        c->problems[1] = fanos_problem_allen_cahn;
        e->nproblems = 2;
        e->nseeds[0] = 0;
        e->warmup_steps = 2;
        e->polish_iterations = 3;
        c->pkeys[0] = "widths";
        c->pvals[0] = "2,4,3,1";
        c->pkeys[1] = "n_collocation";
        c->pvals[1] = "10";
        c->pkeys[2] = "n_boundary";
        c->pvals[2] = "2";
        c->pkeys[3] = "n_initial";
        c->pvals[3] = "3";
        e->nproblem_set = 4;
        c->methods[0] = (fanos_experiment_method){"AdamW", fanos_optimizer_adamw,
                                                  NULL, NULL, 0, 0, NULL, 0, NULL, 0};
        e->nmethods = 1;
        e->nlr = 1;
    }
}

static int path_plan(void *ctx, size_t k)
{
    const fanos_experiment *e = ctx;
    fanos_experiment_run *runs = (fanos_experiment_run *)&runs;
    size_t n = 12345;
    int rc;
    ARMED(k, fanos_experiment_plan(e, &runs, &n));
    if (rc != FANOS_OK)
        ck_assert(runs == NULL && n == 0);
    else
        free(runs);
    return rc;
}

typedef struct {
    const fanos_experiment *e;
    const fanos_experiment_run *run;
} execute_case;

static int path_execute(void *ctx, size_t k)
{
    const execute_case *c = ctx;
    fanos_experiment_result res;
    FILL(res);
    int rc;
    ARMED(k, fanos_experiment_execute(c->e, c->run, DRAWS_DIR, &res));
    if (rc != FANOS_OK)
        ck_assert_msg(UNTOUCHED(res), "fanos_experiment_execute: result written");
    else
        fanos_experiment_result_free(&res);     /* the held-out log's records */
    return rc;
}

static int path_check_draws(void *ctx, size_t k)
{
    const execute_case *c = ctx;
    int rc;
    ARMED(k, fanos_experiment_check_draws(c->e, c->run->problem, c->run->draws,
                                          c->run->seed, DRAWS_DIR));
    return rc;
}

START_TEST(experiment_plan_execute)
{
    static const char *names[] = {"rosenbrock", "quadratic", "pinn"};
    char name[128];
    for (int which = 0; which < 3; which++) {
        experiment_case c;
        make_experiment(&c, which);
        snprintf(name, sizeof name, "fanos_experiment_plan %s", names[which]);
        sweep(name, path_plan, &c.e);
        fanos_experiment_run *runs;
        size_t n;
        ck_assert_int_eq(fanos_experiment_plan(&c.e, &runs, &n), FANOS_OK);
        ck_assert_uint_gt(n, 0);
        for (size_t i = 0; i < n; i++) {
            execute_case x = {&c.e, &runs[i]};
            snprintf(name, sizeof name, "fanos_experiment_execute %s run %zu", names[which], i);
            sweep(name, path_execute, &x);
            if (i == 0 || runs[i].draws != runs[i - 1].draws) {
                snprintf(name, sizeof name, "fanos_experiment_check_draws %s %s", names[which],
                         fanos_draws_name(runs[i].draws));
                sweep(name, path_check_draws, &x);
            }
        }
        free(runs);
    }
}
END_TEST

/* ---- statistics ---- */

static int path_summarize(void *ctx, size_t k)
{
    (void)ctx;
    const double x[5] = {3.0, 1.0, 4.0, 1.5, 9.0};
    fanos_stats_options so;
    fanos_stats_options_init(&so);
    so.resamples = 50;
    fanos_stats_summary s;
    FILL(s);
    int rc;
    ARMED(k, fanos_stats_summarize(x, 5, &so, &s));
    if (rc != FANOS_OK)
        ck_assert(UNTOUCHED(s));
    return rc;
}

#define NROWS 6
static void make_rows(fanos_row_key *keys, int *div, double *values)
{
    for (size_t i = 0; i < NROWS; i++) {
        keys[i] = (fanos_row_key){"e", "rosenbrock", NAN, FANOS_DRAWS_REFERENCE, "FANoS",
                                  i < 3 ? 1e-3 : 1e-2, i % 3, FANOS_PHASE_NONE, 0};
        div[i] = i == 4;
        values[2 * i] = 1.0 + (double)i;
        values[2 * i + 1] = i == 1 ? NAN : 0.5 * (double)i;
    }
}

static int path_rows(void *ctx, size_t k)
{
    (void)ctx;
    fanos_row_key keys[NROWS];
    int div[NROWS];
    double values[2 * NROWS];
    make_rows(keys, div, values);
    fanos_stats_options so;
    fanos_stats_options_init(&so);
    so.resamples = 20;
    fanos_group groups[NROWS];
    size_t ng = 99, perm[NROWS];
    FILL(groups);
    FILL(perm);
    fanos_group before[2];
    /* the three calls in one armed stretch: stage tells which failed */
    int rc, stage = 0;
    failalloc_arm(k);
    rc = fanos_row_keys_sort(keys, NROWS, perm);
    if (rc == FANOS_OK) {
        stage = 1;
        rc = fanos_rows_group(keys, div, values, 2, NROWS, &so, groups, &ng, NULL);
    }
    if (rc == FANOS_OK) {
        stage = 2;
        memcpy(before, groups, sizeof before);
        rc = fanos_groups_mark_best(keys, groups, ng);
    }
    failalloc_disarm();
    if (rc != FANOS_OK && stage == 0)
        ck_assert_msg(UNTOUCHED(perm), "fanos_row_keys_sort: perm written");
    if (rc != FANOS_OK && stage == 1)
        ck_assert_msg(UNTOUCHED(groups) && ng == 0, "fanos_rows_group: groups written");
    if (rc != FANOS_OK && stage == 2)
        ck_assert_msg(!memcmp(before, groups, sizeof before),
                      "fanos_groups_mark_best: groups written");
    if (rc == FANOS_OK) {
        ck_assert_uint_eq(ng, 2);
        ck_assert(groups[0].best + groups[1].best == 1);
    }
    return rc;
}

START_TEST(statistics)
{
    sweep("fanos_stats_summarize", path_summarize, NULL);
    sweep("fanos_row_keys_sort, rows_group, mark_best", path_rows, NULL);
}
END_TEST

/* ---- data sets ---- */

static const char *const MNIST_FILES[4] = {
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

/* On failure the output is untouched and err names the file for an I/O
 * error (errno ENOMEM), nothing for memory. */
static void check_err(int rc, const fanos_data_error *err, const char *file)
{
    if (rc == FANOS_ENOMEM)
        ck_assert_str_eq(err->file, "");
    if (rc == FANOS_EIO) {
        ck_assert_str_eq(err->file, file);
        ck_assert_int_eq(err->errnum, ENOMEM);
    }
}

/* ctx: 0 labels, 1 images, 2 and 3 the same of files without examples */
static int path_idx(void *ctx, size_t k)
{
    int images = (intptr_t)ctx % 2;
    const char *path = (intptr_t)ctx < 2 ? test_tpath(MNIST_FILES[images ? 0 : 1])
                       : test_tpath(images ? "empty-images.gz" : "empty-labels.gz");
    fanos_data_error err;
    size_t count = 7;
    int rc;
    if (images) {
        double *x = (double *)&x;
        ARMED(k, fanos_idx_read_images(path, 0, &x, &count, NULL, NULL, NULL, &err));
        if (rc == FANOS_OK)
            free(x);
        else
            ck_assert(x == (double *)&x && count == 7);
    } else {
        uint8_t *y = (uint8_t *)&y;
        ARMED(k, fanos_idx_read_labels(path, 50, 9, &y, &count, NULL, &err));
        if (rc == FANOS_OK)
            free(y);
        else
            ck_assert(y == (uint8_t *)&y && count == 7);
    }
    check_err(rc, &err, path);
    return rc;
}

static int path_mnist(void *ctx, size_t k)
{
    (void)ctx;
    fanos_mnist *m = (fanos_mnist *)&m;
    fanos_data_error err;
    int rc;
    ARMED(k, fanos_mnist_load(test_tmpdir, 0, 2, &m, &err));
    if (rc == FANOS_OK) {
        fanos_mnist_free(m);
    } else {
        ck_assert(m == (fanos_mnist *)&m);
        if (rc == FANOS_EIO) {
            int named = 0;
            for (int i = 0; i < 4; i++)
                named |= !strcmp(err.file, test_tpath(MNIST_FILES[i]));
            ck_assert_int_eq(err.errnum, ENOMEM);
            ck_assert_msg(named, "fanos_mnist_load: err names %s", err.file);
        } else {
            check_err(rc, &err, NULL);
        }
    }
    return rc;
}

static int path_corpus(void *ctx, size_t k)
{
    (void)ctx;
    fanos_corpus *c = (fanos_corpus *)&c;
    fanos_data_error err;
    int rc;
    ARMED(k, fanos_corpus_load(test_tmpdir, &c, &err));
    if (rc == FANOS_OK) {
        fanos_corpus_free(c);
    } else {
        ck_assert(c == (fanos_corpus *)&c);
        if (rc == FANOS_EIO) {
            ck_assert_int_eq(err.errnum, ENOMEM);
            ck_assert(!strncmp(err.file, test_tmpdir, strlen(test_tmpdir)));
        } else {
            check_err(rc, &err, NULL);
        }
    }
    return rc;
}

static int path_corpus_bytes(void *ctx, size_t k)
{
    (void)ctx;
    fanos_corpus *c = (fanos_corpus *)&c;
    int rc;
    ARMED(k, fanos_corpus_from_bytes((const unsigned char *)"abcabd", 6, &c));
    if (rc == FANOS_OK)
        fanos_corpus_free(c);
    else
        ck_assert(c == (fanos_corpus *)&c);
    return rc;
}

static int path_vector(void *ctx, size_t k)
{
    (void)ctx;
    double x[600];
    size_t count, line;
    int rc;
    ARMED(k, fanos_read_vector(test_tpath("x0.txt"), x, 600, &count, &line));
    return rc;
}

START_TEST(data_readers)
{
    test_make_tmpdir("alloc");
    /* 90 training images, so that the reader grows its buffer twice */
    write_idx(test_tpath(MNIST_FILES[0]), 1, 90);
    write_idx(test_tpath(MNIST_FILES[1]), 0, 90);
    write_idx(test_tpath(MNIST_FILES[2]), 1, 3);
    write_idx(test_tpath(MNIST_FILES[3]), 0, 3);
    write_idx(test_tpath("empty-images.gz"), 1, 0);
    write_idx(test_tpath("empty-labels.gz"), 0, 0);
    sweep("fanos_idx_read_images", path_idx, (void *)1);
    sweep("fanos_idx_read_labels", path_idx, NULL);
    sweep("fanos_idx_read_images, no image", path_idx, (void *)3);
    sweep("fanos_idx_read_labels, no label", path_idx, (void *)2);
    sweep("fanos_mnist_load", path_mnist, NULL);
    test_rm_tmpdir();

    /* a corpus of 70 files (the list of names grows), one of 1.5 MB (the
     * text grows), and a .dat index and a folder that do not count */
    test_make_tmpdir("alloc");
    char name[32], *big = malloc(1536 * 1024);
    ck_assert_ptr_nonnull(big);
    for (size_t i = 0; i < 1536 * 1024; i++)
        big[i] = (char)('a' + i % 26);
    for (int i = 0; i < 70; i++) {
        snprintf(name, sizeof name, "f%02d", i);
        write_file(test_tpath(name), i == 3 ? big : "fortune\n%\n", i == 3 ? 1536 * 1024 : 10);
    }
    free(big);
    write_file(test_tpath("f00.dat"), "\0\0", 2);
    ck_assert_int_eq(mkdir(test_tpath("sub"), 0700), 0);
    sweep("fanos_corpus_load", path_corpus, NULL);
    sweep("fanos_corpus_from_bytes", path_corpus_bytes, NULL);

    /* a vector file of 600 numbers (more than the first buffer) with a
     * token longer than the reader's small buffer */
    FILE *fp = fopen(test_tpath("x0.txt"), "w");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "0.%0200d\n", 1);
    for (int i = 1; i < 600; i++)
        fprintf(fp, "%d.125 # comment %d\n", i, i);
    ck_assert_int_eq(fclose(fp), 0);
    sweep("fanos_read_vector", path_vector, NULL);
    test_rm_tmpdir();
}
END_TEST

/* ---- the problems trained on a data set, on small folders ---- */

/* In test_tmpdir: fashion/ with 90 training and 3 test images (the
 * files of data_readers), fortunes/ with a corpus of two short files. */
static char fashion_dir[1024], fortunes_dir[1024];

static void make_data_folders(void)
{
    snprintf(fashion_dir, sizeof fashion_dir, "%s", test_tpath("fashion"));
    snprintf(fortunes_dir, sizeof fortunes_dir, "%s", test_tpath("fortunes"));
    ck_assert_int_eq(mkdir(fashion_dir, 0700), 0);
    ck_assert_int_eq(mkdir(fortunes_dir, 0700), 0);
    char path[1100];
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", fashion_dir, MNIST_FILES[i]);
        write_idx(path, i % 2 == 0, i < 2 ? 90 : 3);
    }
    static const char *const text[2] = {
        "A journey of a thousand miles begins with a single step.\n%\n"
        "Where there's a will, there's a way.\n%\n",
        "Fortune favours the bold.\n%\nThe early bird catches the worm.\n%\n"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", fortunes_dir, i ? "b" : "a");
        write_file(path, text[i], strlen(text[i]));
    }
}

/* The settings of each: 12 training examples (positions) in batches of 4,
 * so that an epoch is 3 steps, 3 held-out ones, small widths. */
enum { DATA_SOFTMAX, DATA_MLP, DATA_CHARLM, DATA_COUNT };
static const char *data_set[DATA_COUNT][16];

static void data_settings(void)
{
    const char *const s[DATA_COUNT][16] = {
        {"data", fashion_dir, "ntrain", "12", "ntest", "3", "batch", "4", NULL},
        {"data", fashion_dir, "widths", "784,6,10", "ntrain", "12", "ntest", "3",
         "batch", "4", NULL},
        {"data", fortunes_dir, "context", "4", "embed", "3", "hidden", "5",
         "ntrain", "12", "nvalid", "3", "batch", "4", NULL}};
    memcpy(data_set, s, sizeof s);
}

static const fanos_problem_type *data_type(int which)
{
    return which == DATA_SOFTMAX ? fanos_problem_softmax
           : which == DATA_MLP   ? fanos_problem_mlp
                                 : fanos_problem_charlm;
}

/* The size (charlm's reads the corpus for its vocabulary: 0 on failure,
 * with the reader's code as the problem's data error). */
static int path_data_size(void *ctx, size_t k)
{
    setup_case *c = ctx;
    fanos_problem *p = make_problem(c);
    size_t n = 0;
    int rc, status = 0;
    fanos_data_error err;
    ARMED(k, (n = fanos_problem_size(p), FANOS_OK));
    ck_assert_int_eq(fanos_problem_data_error(p, &status, &err), FANOS_OK);
    if (n == 0) {
        rc = status;
        ck_assert_msg(rc == FANOS_ENOMEM || rc == FANOS_EIO, "%s: size 0, data error %d",
                      c->type->name, rc);
        if (rc == FANOS_EIO)
            ck_assert_int_eq(err.errnum, ENOMEM);
    } else {
        ck_assert_int_eq(status, FANOS_OK);
    }
    fanos_problem_free(p);
    return rc;
}

/* Steps with a gradient at the start point, over three epochs (each new
 * epoch draws its order: a generator is allocated): a step that fails
 * leaves f, g and the mini-batches as they were, and the steps after it
 * give the losses of the steps of a problem where nothing failed. */
#define DATA_STEPS 8
typedef struct {
    setup_case c;
    double f[DATA_STEPS];   /* the losses where nothing failed (k = 0) */
} batches_case;

static int same_batches(const fanos_batch_info *a, const size_t *ia,
                        const fanos_batch_info *b)
{
    return a->examples == b->examples && a->batch == b->batch &&
           a->steps_per_epoch == b->steps_per_epoch && a->epoch == b->epoch &&
           a->step == b->step && a->started == b->started && a->count == b->count &&
           !memcmp(ia, b->indices, a->count * sizeof *ia);
}

static int path_data_batches(void *ctx, size_t k)
{
    batches_case *b = ctx;
    fanos_problem *p = make_problem(&b->c);
    const size_t n = fanos_problem_size(p);
    double *x0 = malloc(n * sizeof *x0), *g = malloc(n * sizeof *g), f[DATA_STEPS];
    ck_assert(x0 && g);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x0), FANOS_OK);
    /* the mini-batches before the step (reading them allocates nothing) */
    fanos_batch_info before;
    size_t idx[4], s;
    int rc = FANOS_OK;
    failalloc_arm(k);
    for (s = 0; s < DATA_STEPS; s++) {
        fanos_problem_batch_info(p, &before);
        memcpy(idx, before.indices, (before.count < 4 ? before.count : 4) * sizeof *idx);
        f[s] = SENTINEL;
        for (size_t i = 0; i < n; i++)
            g[i] = SENTINEL;
        if ((rc = fanos_problem_fdf(p, n, x0, &f[s], g)) != FANOS_OK)
            break;
    }
    failalloc_disarm();
    if (k == 0)
        memcpy(b->f, f, sizeof f);
    if (rc != FANOS_OK) {
        fanos_batch_info now;
        ck_assert_uint_eq(before.count, 4);
        ck_assert_int_eq(fanos_problem_batch_info(p, &now), FANOS_OK);
        ck_assert_msg(f[s] == SENTINEL && all_sentinels(g, n), "%s: step %zu wrote f or g",
                      b->c.type->name, s);
        ck_assert_msg(same_batches(&before, idx, &now),
                      "%s: the failed step %zu moved the mini-batches", b->c.type->name, s);
        for (; s < DATA_STEPS; s++)
            ck_assert_int_eq(fanos_problem_fdf(p, n, x0, &f[s], g), FANOS_OK);
    }
    for (s = 0; s < DATA_STEPS; s++)
        ck_assert_msg(f[s] == b->f[s], "%s: the loss of step %zu is %.17g, not %.17g",
                      b->c.type->name, s, f[s], b->f[s]);
    free(x0);
    free(g);
    fanos_problem_free(p);
    return rc;
}

/* The held-out metrics (nothing to allocate: the network's buffers). */
static int path_data_eval(void *ctx, size_t k)
{
    setup_case *c = ctx;
    fanos_problem *p = make_problem(c);
    const size_t n = fanos_problem_size(p);
    double *x0 = malloc(n * sizeof *x0);
    ck_assert_ptr_nonnull(x0);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x0), FANOS_OK);
    fanos_eval_metrics m;
    FILL(m);
    int rc;
    ARMED(k, fanos_problem_eval(p, x0, &m));
    if (rc != FANOS_OK)
        ck_assert(UNTOUCHED(m));
    else
        ck_assert_uint_eq(m.count, 3);
    free(x0);
    fanos_problem_free(p);
    return rc;
}

/* The products probe: its scratch gradient and the epochs' orders its
 * fdf calls draw; on failure the timings are untouched. */
static int path_data_bench(void *ctx, size_t k)
{
    setup_case *c = ctx;
    fanos_problem *p = make_problem(c);
    const size_t n = fanos_problem_size(p);
    double *x0 = malloc(n * sizeof *x0);
    ck_assert_ptr_nonnull(x0);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x0), FANOS_OK);
    fanos_bench_data_timing tm;
    FILL(tm);
    int rc;
    ARMED(k, fanos_bench_data(p, x0, 3, &tm));
    if (rc != FANOS_OK)
        ck_assert(UNTOUCHED(tm));
    else
        ck_assert_uint_eq(tm.batch, 4);
    free(x0);
    fanos_problem_free(p);
    return rc;
}

/* An experiment of the problem: AdamW for two epochs (6 steps), the
 * held-out metrics every 2 steps. */
static void make_data_experiment(experiment_case *c, int which)
{
    make_experiment(c, 0);
    fanos_experiment *e = &c->e;
    c->problems[0] = data_type(which);
    e->nproblems = 1;
    size_t i = 0;
    for (const char *const *kv = data_set[which]; kv[0]; kv += 2, i++) {
        c->pkeys[i] = kv[0];
        c->pvals[i] = kv[1];
    }
    e->nproblem_set = i;
    e->epochs = 2;
    e->eval_every = 2;
    e->nseeds[0] = 0;
    e->nlr = 1;
    c->methods[0] = (fanos_experiment_method){"AdamW", fanos_optimizer_adamw,
                                              NULL, NULL, 0, 0, NULL, 0, NULL, 0};
    e->nmethods = 1;
}

START_TEST(data_problems)
{
    test_make_tmpdir("alloc");
    make_data_folders();
    data_settings();
    char name[128];
    for (int which = 0; which < DATA_COUNT; which++) {
        const fanos_problem_type *t = data_type(which);
        setup_case c = {t, FANOS_DRAWS_FRESH, data_set[which]};
        snprintf(name, sizeof name, "fanos_problem_size %s", t->name);
        sweep(name, path_data_size, &c);
        snprintf(name, sizeof name, "fanos_problem_setup %s fresh", t->name);
        sweep(name, path_problem_setup, &c);
        batches_case b = {c, {0}};
        ck_assert_int_eq(path_data_batches(&b, 0), FANOS_OK);
        snprintf(name, sizeof name, "fanos_problem_fdf %s, %d steps", t->name, DATA_STEPS);
        sweep(name, path_data_batches, &b);
        snprintf(name, sizeof name, "fanos_problem_eval %s", t->name);
        sweep(name, path_data_eval, &c);
        snprintf(name, sizeof name, "fanos_bench_data %s", t->name);
        sweep(name, path_data_bench, &c);
        experiment_case ec;
        make_data_experiment(&ec, which);
        fanos_experiment_run *runs;
        size_t n;
        ck_assert_int_eq(fanos_experiment_plan(&ec.e, &runs, &n), FANOS_OK);
        ck_assert_uint_eq(n, 1);
        execute_case x = {&ec.e, &runs[0]};
        snprintf(name, sizeof name, "fanos_experiment_execute %s", t->name);
        sweep(name, path_execute, &x);
        free(runs);
    }
    test_rm_tmpdir();
}
END_TEST

/* ---- speed probes (their error paths; timing only when nothing fails) ---- */

static int path_bench(void *ctx, size_t k)
{
    int which = (int)(intptr_t)ctx;
    double s = SENTINEL;
    int rc;
    if (which == 0) {
        ARMED(k, fanos_bench_triad(64, 1, &s));
    } else if (which == 1) {
        const char *set[] = {"lr=0.01", NULL};
        ARMED(k, fanos_bench_step("fanos", set, 64, 1, &s));
    } else {
        double *theta;
        fanos_pinn *p = pinn_seed0(0, &theta);
        fanos_bench_pinn_timing tm;
        FILL(tm);
        ARMED(k, fanos_bench_pinn(p, theta, 1, 4, &tm));
        if (rc != FANOS_OK)
            ck_assert(UNTOUCHED(tm));
        s = rc == FANOS_OK ? 0 : SENTINEL;
        free(theta);
        fanos_pinn_free(p);
    }
    if (rc != FANOS_OK)
        ck_assert(s == SENTINEL);
    return rc;
}

START_TEST(bench)
{
    sweep("fanos_bench_triad", path_bench, (void *)0);
    sweep("fanos_bench_step", path_bench, (void *)1);
    sweep("fanos_bench_pinn", path_bench, (void *)2);
}
END_TEST

#ifdef HAVE_OPENBLAS_SET_NUM_THREADS
void openblas_set_num_threads(int num_threads);
#endif

int main(void)
{
#ifdef HAVE_OPENBLAS_SET_NUM_THREADS
    /* one BLAS thread, as the command runs: under valgrind, OpenBLAS's
     * waiting threads would take most of the time */
    openblas_set_num_threads(1);
#endif
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("every allocation fails in turn");
    tcase_set_timeout(tc, 600);     /* under valgrind */
    tcase_add_test(tc, optimizer_alloc_every_type);
    tcase_add_test(tc, run_every_type);
    tcase_add_test(tc, lbfgs_run);
    tcase_add_test(tc, stability_map);
    tcase_add_test(tc, thermostat);
    tcase_add_test(tc, problem_alloc_setup_every_type);
    tcase_add_test(tc, quadratic_and_draws);
    tcase_add_test(tc, pinn);
    tcase_add_test(tc, warmstart);
    tcase_add_test(tc, experiment_plan_execute);
    tcase_add_test(tc, statistics);
    tcase_add_test(tc, data_readers);
    tcase_add_test(tc, data_problems);
    tcase_add_test(tc, bench);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    size_t in_program, sites = failalloc_sites(&in_program);
    printf("%zu paths, %zu runs, %zu allocations failed at %zu call sites "
           "(%zu in libfanos, %zu in zlib)\n", total_paths, total_runs,
           failalloc_injected(), sites, in_program, sites - in_program);
    /* FAILALLOC_SITES=1: the sites, for addr2line -e verify/check_alloc */
    if (getenv("FAILALLOC_SITES"))
        for (size_t i = 0; i < sites; i++)
            printf("site 0x%zx\n", failalloc_site_offset(i));
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
