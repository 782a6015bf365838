/* check_args.c - the error paths of the public functions that the other
 * suites leave alone: each NULL argument in turn, sizes and ranges out of
 * bounds, the malformed reference draws of the PINN, Rosenbrock and the
 * quadratic (files written here, each with one defect), and the messages
 * of the data readers.  The oracle of every code is the contract in
 * fanos.h (quoted above each test); of every message, the numbers the
 * test put in. */
#include <config.h>
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "fanos.h"
#include "testutil.h"


static void write_text(const char *name, const char *text, size_t len)
{
    FILE *fp = fopen(test_tpath(name), "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
    ck_assert_int_eq(fclose(fp), 0);
}
#define WRITE(name, text) write_text((name), (text), strlen(text))

/* A folder name longer than any path the readers build. */
static const char *long_dir(void)
{
    static char d[4200];
    memset(d, 'd', sizeof d - 1);
    d[0] = '/';
    d[sizeof d - 1] = '\0';
    return d;
}

/* ---- parameter tables ---- */

/* fanos_param_parse: "A FANOS_PARAM_SIZES row has no single value:
 * FANOS_EPARSE"; a choice without names takes no text.
 * fanos_param_parse_sizes: FANOS_ENULL, FANOS_EPARSE for another kind.
 * fanos_param_default_str: FANOS_ENULL, FANOS_EDIM (len 0). */
START_TEST(param_rows)
{
    const fanos_param_info sizes = {"w", FANOS_PARAM_SIZES, 0, 1, 10, 0, 0, "", NULL, "2,3"};
    const fanos_param_info choice = {"c", FANOS_PARAM_CHOICE, 0, 0, 1, 0, 0, "", NULL, NULL};
    const fanos_param_info real = {"r", FANOS_PARAM_REAL, 1, 0, 2, 0, 0, "", NULL, NULL};
    double v = -1;
    size_t w[FANOS_SIZES_MAX], k = 99;
    char buf[32];
    ck_assert_int_eq(fanos_param_parse(&sizes, "2,3", &v), FANOS_EPARSE);
    ck_assert_int_eq(fanos_param_parse(&choice, "a", &v), FANOS_EPARSE);
    ck_assert(v == -1);
    ck_assert_int_eq(fanos_param_parse_sizes(NULL, "2", w, &k), FANOS_ENULL);
    ck_assert_int_eq(fanos_param_parse_sizes(&sizes, NULL, w, &k), FANOS_ENULL);
    ck_assert_int_eq(fanos_param_parse_sizes(&sizes, "2", NULL, &k), FANOS_ENULL);
    ck_assert_int_eq(fanos_param_parse_sizes(&sizes, "2", w, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_param_parse_sizes(&real, "2", w, &k), FANOS_EPARSE);
    ck_assert_uint_eq(k, 99);
    ck_assert_int_eq(fanos_param_default_str(NULL, buf, sizeof buf), FANOS_ENULL);
    ck_assert_int_eq(fanos_param_default_str(&real, NULL, sizeof buf), FANOS_ENULL);
    ck_assert_int_eq(fanos_param_default_str(&real, buf, 0), FANOS_EDIM);
    ck_assert_int_eq(fanos_param_default_str(&sizes, buf, sizeof buf), FANOS_OK);
    ck_assert_str_eq(buf, "2,3");
}
END_TEST

/* ---- problem types ---- */

static size_t stub_size(const fanos_problem *p)
{
    (void)p;
    return 1;
}

static int stub_setup(const fanos_problem *p, fanos_draws draws, unsigned long seed,
                      const char *dir, void **ctx, double *x0)
{
    (void)p, (void)draws, (void)seed, (void)dir;
    *ctx = NULL;
    x0[0] = 1;
    return FANOS_OK;
}

static int stub_fdf(void *ctx, size_t n, const double *x, double *f, double *g)
{
    (void)ctx, (void)n, (void)g;
    *f = x[0];
    return FANOS_OK;
}

/* fanos_problem_type_lookup: NULL when unknown (NULL too);
 * fanos_problem_type_param_index: FANOS_ENULL; fanos_draws_lookup:
 * FANOS_ENULL; fanos_problem_alloc: "FANOS_ENULL (a NULL out or type, or
 * a type without size, setup or fdf)", and a table whose default list
 * does not parse is not whole (FANOS_ENULL); the set, get and check
 * functions: FANOS_ENULL for a NULL argument, FANOS_EUNKNOWN for an
 * unknown name; fanos_problem_setup: FANOS_ENULL (no x0, reference draws
 * without a folder), FANOS_ERANGE (no such draws), FANOS_ECONFLICT
 * (check); fanos_problem_fdf: FANOS_ENULL. */
START_TEST(problem_args)
{
    fanos_draws d = FANOS_DRAWS_FRESH;
    ck_assert_ptr_null(fanos_problem_type_lookup(NULL));
    ck_assert_int_eq(fanos_problem_type_param_index(NULL, "dim"), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_type_param_index(fanos_problem_quadratic, NULL),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_draws_lookup(NULL, &d), FANOS_ENULL);
    ck_assert_int_eq(fanos_draws_lookup("fresh", NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_draws_lookup("stale", &d), FANOS_EUNKNOWN);
    ck_assert_ptr_null(fanos_draws_name((fanos_draws)7));

    fanos_problem *p = (fanos_problem *)&p;
    ck_assert_int_eq(fanos_problem_alloc(&p, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_alloc(NULL, fanos_problem_rosenbrock), FANOS_ENULL);
    fanos_problem_type t = {.name = "stub", .size = stub_size, .setup = stub_setup,
                            .fdf = stub_fdf};
    t.size = NULL;
    ck_assert_int_eq(fanos_problem_alloc(&p, &t), FANOS_ENULL);
    ck_assert_ptr_null(p);
    t.size = stub_size;
    t.nparams = 1;
    ck_assert_int_eq(fanos_problem_alloc(&p, &t), FANOS_ENULL);    /* no table */
    const fanos_param_info bad[1] = {
        {"w", FANOS_PARAM_SIZES, 0, 1, 10, 0, 0, "", NULL, "2,,3"}};
    t.params = bad;
    ck_assert_int_eq(fanos_problem_alloc(&p, &t), FANOS_ENULL);
    ck_assert_ptr_null(p);
    t.nparams = 0;
    t.params = NULL;
    ck_assert_int_eq(fanos_problem_alloc(&p, &t), FANOS_OK);     /* no check callback */
    ck_assert_int_eq(fanos_problem_check(p, NULL), FANOS_OK);
    double x[1];
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x), FANOS_OK);
    ck_assert_ptr_null(fanos_problem_context(p));
    fanos_problem_free(p);

    ck_assert_int_eq(fanos_problem_alloc(&p, fanos_problem_burgers), FANOS_OK);
    double v;
    size_t w[FANOS_SIZES_MAX], nw;
    ck_assert_int_eq(fanos_problem_set(NULL, "n_initial", 1), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_set(p, NULL, 1), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_set_text(NULL, "widths", "2,1"), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_set_text(p, NULL, "2,1"), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_set_text(p, "widths", NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_set_text(p, "depth", "2"), FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_problem_set_text(p, "n_initial", "x"), FANOS_EPARSE);
    ck_assert_int_eq(fanos_problem_get(NULL, "n_initial", &v), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_get(p, NULL, &v), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_get(p, "n_initial", NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_get(p, "depth", &v), FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_problem_get_sizes(NULL, "widths", w, &nw), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_get_sizes(p, NULL, w, &nw), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_get_sizes(p, "widths", NULL, &nw), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_get_sizes(p, "widths", w, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_get_sizes(p, "depth", w, &nw), FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_problem_check(NULL, NULL), FANOS_ENULL);
    ck_assert_uint_eq(fanos_problem_size(NULL), 0);
    ck_assert_ptr_null(fanos_problem_get_type(NULL));
    ck_assert_ptr_null(fanos_problem_context(NULL));
    double *theta = malloc(fanos_problem_size(p) * sizeof *theta);
    ck_assert_ptr_nonnull(theta);
    ck_assert_int_eq(fanos_problem_setup(NULL, FANOS_DRAWS_FRESH, 0, NULL, theta),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_REFERENCE, 0, NULL, theta),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_problem_setup(p, (fanos_draws)2, 0, NULL, theta), FANOS_ERANGE);
    ck_assert_int_eq(fanos_problem_fdf(NULL, 1, theta, &v, NULL), FANOS_ENULL);
    /* no boundary and no initial point: the rule between the counts */
    size_t bad_index = 99;
    ck_assert_int_eq(fanos_problem_set(p, "n_boundary", 0), FANOS_OK);
    ck_assert_int_eq(fanos_problem_set(p, "n_initial", 0), FANOS_OK);
    ck_assert_int_eq(fanos_problem_check(p, &bad_index), FANOS_ECONFLICT);
    ck_assert_uint_eq(bad_index, 2);    /* n_boundary */
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, theta),
                     FANOS_ECONFLICT);
    free(theta);
    fanos_problem_free(p);
    fanos_problem_free(NULL);
}
END_TEST

/* ---- the PINN ---- */

/* fanos_pinn_pde_lookup: FANOS_EUNKNOWN else, FANOS_ENULL; the name of
 * each PDE (NULL for another); fanos_pinn_target: "NaN for a collocation
 * point or an unknown PDE or kind"; fanos_pinn_widths, set_block,
 * set_points, fdf, eval, draw: FANOS_ENULL for a NULL argument; set_block
 * "1 <= block <= 4096"; draw: FANOS_EDIM without collocation or boundary
 * points, FANOS_ERANGE for a seed of 2^32 - 1; flops: 0 for NULL. */
START_TEST(pinn_args)
{
    fanos_pinn_pde pde = (fanos_pinn_pde)9;
    ck_assert_int_eq(fanos_pinn_pde_lookup(NULL, &pde), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_pde_lookup("burgers", NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_pde_lookup("heat", &pde), FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_pinn_pde_lookup("burgers", &pde), FANOS_OK);
    ck_assert_int_eq(pde, FANOS_PINN_BURGERS);
    ck_assert_int_eq(fanos_pinn_pde_lookup("allen-cahn", &pde), FANOS_OK);
    ck_assert_int_eq(pde, FANOS_PINN_ALLEN_CAHN);
    ck_assert_str_eq(fanos_pinn_pde_name(FANOS_PINN_BURGERS), "burgers");
    ck_assert_str_eq(fanos_pinn_pde_name(FANOS_PINN_ALLEN_CAHN), "allen-cahn");
    ck_assert_ptr_null(fanos_pinn_pde_name((fanos_pinn_pde)5));
    ck_assert(isnan(fanos_pinn_target((fanos_pinn_pde)5, FANOS_PINN_IC, 0.5)));
    ck_assert(isnan(fanos_pinn_target(FANOS_PINN_BURGERS, FANOS_PINN_COLLOCATION, 0.5)));
    ck_assert(isnan(fanos_pinn_target(FANOS_PINN_ALLEN_CAHN, 9, 0.5)));

    const size_t widths[] = {2, 3, 1};
    fanos_pinn *p;
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, widths, 3), FANOS_OK);
    size_t w[FANOS_PINN_MAX_LAYERS], nw;
    double theta[13], f, u[1];
    const double xs[1] = {0.5}, ts[1] = {0.5};
    const int kind[2] = {FANOS_PINN_COLLOCATION, FANOS_PINN_IC};
    const double px[2] = {0, 0.5}, pt[2] = {0.5, 0};
    ck_assert_uint_eq(fanos_pinn_size(p), 13);
    ck_assert_int_eq(fanos_pinn_widths(NULL, w, &nw), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_widths(p, NULL, &nw), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_widths(p, w, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_set_block(NULL, 8), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_set_block(p, 0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_pinn_set_block(p, 4097), FANOS_ERANGE);
    ck_assert_int_eq(fanos_pinn_set_points(NULL, 2, kind, px, pt), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_set_points(p, 2, NULL, px, pt), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_set_points(p, 2, kind, NULL, pt), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_set_points(p, 2, kind, px, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_draw(NULL, 0, 4, 1, 1, theta), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_draw(p, 0, 4, 1, 1, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_draw(p, 0, 0, 1, 1, theta), FANOS_EDIM);
    ck_assert_int_eq(fanos_pinn_draw(p, 0, 4, 0, 0, theta), FANOS_EDIM);
    ck_assert_int_eq(fanos_pinn_draw(p, 4294967295UL, 4, 1, 1, theta), FANOS_ERANGE);
    ck_assert_int_eq(fanos_pinn_set_points(p, 2, kind, px, pt), FANOS_OK);
    for (size_t i = 0; i < 13; i++)
        theta[i] = 0.1 * (double)i;
    ck_assert_int_eq(fanos_pinn_fdf(NULL, 13, theta, &f, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_fdf(p, 13, NULL, &f, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_fdf(p, 13, theta, NULL, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_eval(NULL, theta, 1, xs, ts, u, NULL, NULL, NULL),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_eval(p, NULL, 1, xs, ts, u, NULL, NULL, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_eval(p, theta, 1, NULL, ts, u, NULL, NULL, NULL),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_eval(p, theta, 1, xs, NULL, u, NULL, NULL, NULL),
                     FANOS_ENULL);
    ck_assert(fanos_pinn_flops(NULL) == 0.0);
    ck_assert_uint_eq(fanos_pinn_size(NULL), 0);
    ck_assert_uint_eq(fanos_pinn_points(NULL, NULL, NULL, NULL), 0);
    fanos_pinn_free(p);
    fanos_pinn_free(NULL);
}
END_TEST

/* The network of the files below: widths 2,3,1, 13 parameters. */
static const char PARAMS[] = "# layers 2,3,1; weights then biases\n"
                             "0.1\n0.2\n0.3\n0.4\n0.5\n0.6\n0.7\n0.8\n0.9\n"
                             "1.0\n1.1\n1.2\n1.3\n";
static const char POINTS[] = "kind,x,t\nf,0.5,0.25\nbc_left,-1,0.5\n"
                             "bc_right,1,0.5\nic,0.25,0\n";

/* Load seed 0 of the folder into a fresh 2,3,1 network: the status. */
static int load(double *theta)
{
    const size_t widths[] = {2, 3, 1};
    fanos_pinn *p;
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_ALLEN_CAHN, widths, 3), FANOS_OK);
    int rc = fanos_pinn_load_reference(p, test_tmpdir, 0, theta);
    if (rc == FANOS_OK)
        ck_assert_uint_eq(fanos_pinn_points(p, NULL, NULL, NULL), 4);
    fanos_pinn_free(p);
    return rc;
}

/* [N15] the reference PINN draws, one defect a file: an empty or
 * unreadable params file is FANOS_EIO, a first line that is not the
 * layers comment FANOS_EPARSE, other widths FANOS_EDIM; a points file
 * without its header, with an unknown kind or a field that is not a
 * number is FANOS_EPARSE; blank and '#' lines are skipped; NULL
 * arguments are FANOS_ENULL and seeds above 4 FANOS_ERANGE. */
START_TEST(pinn_reference_files)
{
    test_make_tmpdir("args");
    double theta[13];
    WRITE("pinn_seed0_params.txt", PARAMS);
    WRITE("pinn_seed0_points.csv", "kind,x,t\n\n# a comment\nf,0.5,0.25\nbc_left,-1,0.5\n"
                                   "bc_right,1,0.5\nic,0.25,0\n");
    ck_assert_int_eq(load(theta), FANOS_OK);
    ck_assert(theta[0] == 0.1 && theta[12] == 1.3);
    const size_t widths[] = {2, 3, 1};
    fanos_pinn *p;
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, widths, 3), FANOS_OK);
    ck_assert_int_eq(fanos_pinn_load_reference(NULL, test_tmpdir, 0, theta), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_load_reference(p, NULL, 0, theta), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_load_reference(p, test_tmpdir, 0, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_pinn_load_reference(p, test_tmpdir, 5, theta), FANOS_ERANGE);
    fanos_pinn_free(p);

    static const struct {
        const char *params, *points;
        int want;
    } cases[] = {
        {"", POINTS, FANOS_EIO},
        {"layers 2,3,1\n0.1\n", POINTS, FANOS_EPARSE},
        {"# no widths here\n", POINTS, FANOS_EPARSE},
        {"# layers x,3,1\n", POINTS, FANOS_EPARSE},
        {"# layers 2,4,1\n", POINTS, FANOS_EDIM},
        {"# layers 2;3,1\n", POINTS, FANOS_EDIM},
        {"# layers 2,3,1,1\n", POINTS, FANOS_EDIM},
        {PARAMS, "kind,x\nf,0.5,0.25\n", FANOS_EPARSE},
        {PARAMS, "kind,x,t\nbc,-1,0.5\n", FANOS_EPARSE},
        {PARAMS, "kind,x,t\nf 0.5 0.25\n", FANOS_EPARSE},
        {PARAMS, "kind,x,t\nf,,0.25\n", FANOS_EPARSE},
        {PARAMS, "kind,x,t\nf,0.5;0.25\n", FANOS_EPARSE},
        {PARAMS, "kind,x,t\nf,0.5,\n", FANOS_EPARSE},
        {PARAMS, "kind,x,t\nf,0.5,0.25x\n", FANOS_EPARSE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        WRITE("pinn_seed0_params.txt", cases[i].params);
        WRITE("pinn_seed0_points.csv", cases[i].points);
        for (size_t j = 0; j < 13; j++)
            theta[j] = -7;
        ck_assert_msg(load(theta) == cases[i].want, "case %zu", i);
        ck_assert(theta[0] == -7);      /* untouched */
    }
    /* a folder without the points file, or without either */
    WRITE("pinn_seed0_params.txt", PARAMS);
    ck_assert_int_eq(remove(test_tpath("pinn_seed0_points.csv")), 0);
    ck_assert_int_eq(load(theta), FANOS_EIO);
    ck_assert_int_eq(remove(test_tpath("pinn_seed0_params.txt")), 0);
    ck_assert_int_eq(load(theta), FANOS_EIO);
    test_rm_tmpdir();
}
END_TEST

/* ---- the reference draws of Rosenbrock and the quadratic ---- */

/* A Rosenbrock draws file: the header (good_header 0: "seeds" for
 * "seed", 2: "y7" for "x7"), then `rows` rows of seed s whose values are
 * (i + 1) / 8, with the line end given. */
static void write_rosenbrock(const char *eol, int good_header, const char *seed)
{
    FILE *fp = fopen(test_tpath("rosenbrock100_x0.csv"), "wb");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "%s", good_header ? "seed" : "seeds");
    for (int i = 0; i < 100; i++)
        fprintf(fp, ",%c%d", good_header == 2 && i == 7 ? 'y' : 'x', i);
    for (int r = 0; r < (strchr(seed, '+') ? 2 : 1); r++) {
        fprintf(fp, "%s%.*s", eol, (int)strcspn(seed, "+"), seed);
        for (int i = 0; i < 100; i++)
            fprintf(fp, ",%g", (i + 1) / 8.0);
    }
    fprintf(fp, "%s", eol);
    ck_assert_int_eq(fclose(fp), 0);
}

/* [D1] [D3] CRLF line ends read as LF ones; a NUL byte, another header,
 * a seed field that is not a number or two rows of the seed asked for
 * are FANOS_EPARSE; a path too long
 * for the reader is FANOS_EIO; NULL arguments FANOS_ENULL. */
START_TEST(rosenbrock_reference_files)
{
    test_make_tmpdir("args");
    double x[100], y[100];
    write_rosenbrock("\r\n", 1, "3");
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(test_tmpdir, 3, x, 100), FANOS_OK);
    write_rosenbrock("\n", 1, "3");
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(test_tmpdir, 3, y, 100), FANOS_OK);
    ck_assert(!memcmp(x, y, sizeof x));
    ck_assert(x[99] == 100 / 8.0);
    write_rosenbrock("\n", 0, "3");
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(test_tmpdir, 3, x, 100), FANOS_EPARSE);
    write_rosenbrock("\n", 2, "3");
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(test_tmpdir, 3, x, 100), FANOS_EPARSE);
    write_rosenbrock("\n", 1, "3a");
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(test_tmpdir, 3, x, 100), FANOS_EPARSE);
    write_rosenbrock("\n", 1, "3+");     /* two rows of seed 3 */
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(test_tmpdir, 3, x, 100), FANOS_EPARSE);
    write_text("rosenbrock100_x0.csv", "seed,x0\n\0\n", 10);
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(test_tmpdir, 3, x, 100), FANOS_EPARSE);
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(long_dir(), 3, x, 100), FANOS_EIO);
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(NULL, 3, x, 100), FANOS_ENULL);
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(test_tmpdir, 3, NULL, 100), FANOS_ENULL);
    test_rm_tmpdir();
}
END_TEST

/* [D2] [D3] a quadratic file without its comment line is FANOS_EPARSE,
 * an empty one FANOS_EDIM; a path too long is FANOS_EIO; NULL arguments
 * FANOS_ENULL. */
START_TEST(quadratic_reference_files)
{
    test_make_tmpdir("args");
    static double x0[100], W[100 * 100];
    WRITE("quadratic_seed0.csv", "1,2\n");
    ck_assert_int_eq(fanos_reference_quadratic(test_tmpdir, 0, 100, x0, W), FANOS_EPARSE);
    WRITE("quadratic_seed0.csv", "");
    ck_assert_int_eq(fanos_reference_quadratic(test_tmpdir, 0, 100, x0, W), FANOS_EDIM);
    ck_assert_int_eq(fanos_reference_quadratic(long_dir(), 0, 100, x0, W), FANOS_EIO);
    ck_assert_int_eq(fanos_reference_quadratic(NULL, 0, 100, x0, W), FANOS_ENULL);
    ck_assert_int_eq(fanos_reference_quadratic(test_tmpdir, 0, 100, NULL, W), FANOS_ENULL);
    ck_assert_int_eq(fanos_reference_quadratic(test_tmpdir, 0, 100, x0, NULL), FANOS_ENULL);
    test_rm_tmpdir();
}
END_TEST

/* ---- data sets ---- */

/* fanos_data_error_message: "FILE: what is wrong", with the numbers err
 * holds, for the codes of the IDX readers. */
START_TEST(data_messages)
{
    fanos_data_error e;
    char buf[512];
    memset(&e, 0, sizeof e);
    strcpy(e.file, "F.gz");
    e.value = 0x802;
    e.expected = 0x803;
    ck_assert_int_eq(fanos_data_error_message(FANOS_EMAGIC, &e, buf, sizeof buf), FANOS_OK);
    ck_assert_msg(!strncmp(buf, "F.gz: ", 6) && strstr(buf, "0x00000802") &&
                  strstr(buf, "0x00000803"), "%s", buf);
    e.value = 0;
    e.expected = 0;
    ck_assert_int_eq(fanos_data_error_message(FANOS_ETRUNCATED, &e, buf, sizeof buf),
                     FANOS_OK);
    ck_assert_msg(strstr(buf, "header"), "%s", buf);
    e.value = 40;
    e.expected = 40;
    ck_assert_int_eq(fanos_data_error_message(FANOS_ETRUNCATED, &e, buf, sizeof buf),
                     FANOS_OK);
    ck_assert_msg(strstr(buf, "gzip"), "%s", buf);
    e.value = 17;
    ck_assert_int_eq(fanos_data_error_message(FANOS_ETRUNCATED, &e, buf, sizeof buf),
                     FANOS_OK);
    ck_assert_msg(strstr(buf, "17") && strstr(buf, "40"), "%s", buf);
    ck_assert_int_eq(fanos_data_error_message(FANOS_ETRAILING, &e, buf, sizeof buf),
                     FANOS_OK);
    ck_assert_msg(strstr(buf, "after") && strstr(buf, "40"), "%s", buf);
    ck_assert_int_eq(fanos_data_error_message(FANOS_EMAGIC, &e, buf, 5), FANOS_OK);
    ck_assert_str_eq(buf, "F.gz");
}
END_TEST

static void put32(unsigned char *b, uint32_t v)
{
    b[0] = (unsigned char)(v >> 24);
    b[1] = (unsigned char)(v >> 16);
    b[2] = (unsigned char)(v >> 8);
    b[3] = (unsigned char)v;
}

static void write_gz(const char *name, const unsigned char *b, size_t n)
{
    gzFile gz = gzopen(test_tpath(name), "wb");
    ck_assert_ptr_nonnull(gz);
    ck_assert_int_eq(gzwrite(gz, b, (unsigned)n), (int)n);
    ck_assert_int_eq(gzclose(gz), Z_OK);
}

/* [DS3] images whose values would not fit in memory are FANOS_ESHAPE
 * (2^30 images of 2^16 x 2^16, a header alone); [DS5] labels past the
 * stored ones are still checked; Fashion-MNIST in a folder whose paths
 * are too long is FANOS_EIO (ENAMETOOLONG), naming the folder. */
START_TEST(data_limits)
{
    test_make_tmpdir("args");
    unsigned char h[16];
    put32(h, 0x00000803u);
    put32(h + 4, 1u << 30);
    put32(h + 8, 1u << 16);
    put32(h + 12, 1u << 16);
    write_gz("huge.gz", h, 16);
    double *x = (double *)&x;
    size_t n = 5;
    fanos_data_error err;
    ck_assert_int_eq(fanos_idx_read_images(test_tpath("huge.gz"), 0, &x, &n, NULL, NULL, NULL,
                                           &err), FANOS_ESHAPE);
    ck_assert(x == (double *)&x && n == 5);
    ck_assert_str_eq(err.file, test_tpath("huge.gz"));

    /* 70000 labels (two chunks of content), the first 10 stored; a 10 in
     * the second chunk */
    const size_t nl = 70000;
    unsigned char *b = malloc(8 + nl);
    ck_assert_ptr_nonnull(b);
    put32(b, 0x00000801u);
    put32(b + 4, (uint32_t)nl);
    for (size_t i = 0; i < nl; i++)
        b[8 + i] = (unsigned char)(i % 10);
    write_gz("labels.gz", b, 8 + nl);
    uint8_t *y = NULL;
    size_t total = 0;
    ck_assert_int_eq(fanos_idx_read_labels(test_tpath("labels.gz"), 10, 9, &y, &n, &total, &err),
                     FANOS_OK);
    ck_assert_uint_eq(n, 10);
    ck_assert_uint_eq(total, nl);
    ck_assert_uint_eq(y[9], 9);
    free(y);
    b[8 + 69000] = 10;
    write_gz("labels.gz", b, 8 + nl);
    ck_assert_int_eq(fanos_idx_read_labels(test_tpath("labels.gz"), 10, 9, &y, &n, NULL, &err),
                     FANOS_ELABEL);
    ck_assert_uint_eq(err.index, 69000);
    free(b);

    fanos_mnist *m = (fanos_mnist *)&m;
    ck_assert_int_eq(fanos_mnist_load(long_dir(), 0, 0, &m, &err), FANOS_EIO);
    ck_assert_int_eq(err.errnum, ENAMETOOLONG);
    ck_assert(m == (fanos_mnist *)&m);
    test_rm_tmpdir();
}
END_TEST

/* ---- runs, statistics, experiments ---- */

static size_t calls;
static int count_steps(void *ctx, size_t step, double loss, const double *x, size_t n,
                       fanos_optimizer *opt)
{
    (void)ctx, (void)loss, (void)x, (void)n, (void)opt;
    calls++;
    ck_assert_uint_eq(step, calls);
    return 0;
}

/* [L4] a step that diverges ends the run, and on_step still sees it;
 * the options_init functions ignore NULL; fanos_lbfgs_stop_name names
 * every stop ("diverged", "error"; "unknown" else). */
START_TEST(run_args)
{
    fanos_optimizer *o;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, fanos_optimizer_sgd, 2), FANOS_OK);
    /* the first gradient is about 1e7: the step overflows to infinity */
    ck_assert_int_eq(fanos_optimizer_set(o, "lr", 1e305), FANOS_OK);
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = 10;
    ro.on_step = count_steps;
    fanos_run_result r;
    double x[2] = {30, 30};
    calls = 0;
    ck_assert_int_eq(fanos_run(fanos_rosenbrock_fdf, NULL, 2, x, o, &ro, &r), FANOS_OK);
    ck_assert_int_eq(r.diverged, 1);
    ck_assert_uint_eq(calls, r.steps);
    ck_assert_uint_eq(r.steps, 1);
    ck_assert_uint_eq(r.diverged_step, r.evals);
    fanos_optimizer_free(o);

    fanos_run_options_init(NULL);
    fanos_lbfgs_options_init(NULL);
    fanos_stats_options_init(NULL);
    fanos_warmstart_options_init(NULL);
    ck_assert_str_eq(fanos_lbfgs_stop_name(FANOS_LBFGS_STOP_DIVERGED), "diverged");
    ck_assert_str_eq(fanos_lbfgs_stop_name(FANOS_LBFGS_STOP_ERROR), "error");
    ck_assert_str_eq(fanos_lbfgs_stop_name((fanos_lbfgs_stop)42), "unknown");
    ck_assert_str_eq(fanos_lbfgs_status_name(123456), "unknown");
}
END_TEST

/* Rosenbrock for the first `finite_evals` calls, then infinity. */
static size_t nevals, finite_evals;
static int rosenbrock_then_inf(void *ctx, size_t n, const double *x, double *f, double *g)
{
    int rc = fanos_rosenbrock_fdf(ctx, n, x, f, g);
    if (++nevals > finite_evals)
        *f = INFINITY;
    return rc;
}

/* fanos_warmstart: FANOS_ENULL, FANOS_EBUDGET (no warm-up step); [N17]
 * a polish whose first loss is not finite marks the run diverged, with
 * that loss as the loss at entry. */
START_TEST(warmstart_args)
{
    fanos_optimizer *o;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, fanos_optimizer_adamw, 2), FANOS_OK);
    fanos_warmstart_options wo;
    fanos_warmstart_options_init(&wo);
    fanos_warmstart_result r;
    double x[2] = {0.5, 0.5};
    ck_assert_int_eq(fanos_warmstart(NULL, NULL, 2, x, o, &wo, &r), FANOS_ENULL);
    ck_assert_int_eq(fanos_warmstart(fanos_rosenbrock_fdf, NULL, 2, NULL, o, &wo, &r),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_warmstart(fanos_rosenbrock_fdf, NULL, 2, x, NULL, &wo, &r),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_warmstart(fanos_rosenbrock_fdf, NULL, 2, x, o, NULL, &r),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_warmstart(fanos_rosenbrock_fdf, NULL, 2, x, o, &wo, NULL),
                     FANOS_ENULL);
    wo.warmup_steps = 0;
    ck_assert_int_eq(fanos_warmstart(fanos_rosenbrock_fdf, NULL, 2, x, o, &wo, &r),
                     FANOS_EBUDGET);
    wo.warmup_steps = 3;
    wo.polish_iterations = 4;
    nevals = 0;
    finite_evals = 3;
    ck_assert_int_eq(fanos_warmstart(rosenbrock_then_inf, NULL, 2, x, o, &wo, &r), FANOS_OK);
    ck_assert_int_eq(r.diverged, 1);
    ck_assert(isfinite(r.warmup_loss) && isinf(r.entry_loss));
    ck_assert_uint_eq(r.evals, nevals);
    fanos_optimizer_free(o);
}
END_TEST

/* fanos_stats_summarize: FANOS_ENULL, FANOS_EDIM (n 0);
 * fanos_stats_best_lr: "FANOS_ERANGE for a NaN lr or a NaN mean of a
 * candidate"; fanos_rows_group and fanos_groups_mark_best: FANOS_ENULL,
 * FANOS_EDIM (nvalues 0 or above the max). */
START_TEST(stats_args)
{
    fanos_stats_summary s;
    double v[1] = {1};
    ck_assert_int_eq(fanos_stats_summarize(NULL, 1, NULL, &s), FANOS_ENULL);
    ck_assert_int_eq(fanos_stats_summarize(v, 1, NULL, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_stats_summarize(v, 0, NULL, &s), FANOS_EDIM);
    const double lr[2] = {1e-3, 1e-2}, mean[2] = {1.0, NAN};
    const size_t ok[2] = {3, 3}, dv[2] = {0, 0};
    size_t best = 7;
    ck_assert_int_eq(fanos_stats_best_lr(lr, mean, ok, dv, 2, &best), FANOS_ERANGE);
    ck_assert_uint_eq(best, 7);
    ck_assert_int_eq(fanos_stats_best_lr(NULL, mean, ok, dv, 2, &best), FANOS_ENULL);

    fanos_row_key k = {"e", "p", NAN, FANOS_DRAWS_FRESH, "m", 1e-3, 0, FANOS_PHASE_NONE, 0};
    int div = 0;
    double val = 1;
    fanos_group g;
    size_t ng = 5;
    ck_assert_int_eq(fanos_rows_group(&k, &div, &val, 1, 1, NULL, &g, NULL, NULL),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_rows_group(NULL, &div, &val, 1, 1, NULL, &g, &ng, NULL),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_rows_group(&k, &div, &val, 0, 1, NULL, &g, &ng, NULL),
                     FANOS_EDIM);
    ck_assert_int_eq(fanos_rows_group(&k, &div, &val, FANOS_GROUP_VALUES_MAX + 1, 1, NULL,
                                      &g, &ng, NULL), FANOS_EDIM);
    ck_assert_int_eq(fanos_rows_group(NULL, NULL, NULL, 1, 0, NULL, NULL, &ng, NULL),
                     FANOS_OK);
    ck_assert_uint_eq(ng, 0);
    ck_assert_int_eq(fanos_groups_mark_best(NULL, &g, 1), FANOS_ENULL);
    ck_assert_int_eq(fanos_groups_mark_best(&k, NULL, 1), FANOS_ENULL);
    ck_assert_int_eq(fanos_groups_mark_best(NULL, NULL, 0), FANOS_OK);
    size_t perm[1];
    ck_assert_int_eq(fanos_row_keys_sort(NULL, 1, perm), FANOS_ENULL);
    ck_assert_int_eq(fanos_row_keys_sort(&k, 1, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_row_keys_sort(NULL, 0, NULL), FANOS_OK);
}
END_TEST

/* fanos_experiment_plan: FANOS_ENULL, FANOS_EDIM (no problem or no
 * method); fanos_experiment_problem, fanos_experiment_method_alloc:
 * FANOS_ENULL, FANOS_EDIM for an index out of the experiment;
 * fanos_experiment_execute: FANOS_ENULL; fanos_experiment_protocol of
 * NULL: FANOS_PROTOCOL_RUN; fanos_experiment_shard: 0 for invalid
 * arguments. */
START_TEST(experiment_args)
{
    const fanos_problem_type *probs[1] = {fanos_problem_rosenbrock};
    fanos_experiment_method m = {"SGD", fanos_optimizer_sgd, NULL, NULL, 0, 0, NULL, 0, NULL, 0};
    double lr[1] = {1e-3};
    unsigned long seeds[1] = {1};
    fanos_experiment e = {.name = "x", .problems = probs, .nproblems = 1, .budget = 3,
                          .lr = lr, .nlr = 1, .methods = &m, .nmethods = 1};
    e.seeds[1] = seeds;
    e.nseeds[1] = 1;
    fanos_experiment_run *runs = (fanos_experiment_run *)&runs, run = {0};
    size_t n = 9;
    ck_assert_int_eq(fanos_experiment_plan(NULL, &runs, &n), FANOS_ENULL);
    ck_assert_int_eq(fanos_experiment_plan(&e, NULL, &n), FANOS_ENULL);
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, NULL), FANOS_ENULL);
    e.nmethods = 0;
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &n), FANOS_EDIM);
    ck_assert(runs == NULL && n == 0);
    e.nmethods = 1;
    ck_assert_uint_eq(fanos_experiment_shard(NULL, 1, 1, 1), 0);
    ck_assert_uint_eq(fanos_experiment_shard(&run, 1, 2, 1), 0);
    ck_assert_int_eq(fanos_experiment_protocol(NULL), FANOS_PROTOCOL_RUN);

    fanos_problem *p = (fanos_problem *)&p;
    ck_assert_int_eq(fanos_experiment_problem(NULL, 0, 0, &p), FANOS_ENULL);
    ck_assert_int_eq(fanos_experiment_problem(&e, 0, 0, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_experiment_problem(&e, 1, 0, &p), FANOS_EDIM);
    ck_assert_ptr_null(p);
    fanos_optimizer *o = (fanos_optimizer *)&o;
    ck_assert_int_eq(fanos_experiment_method_alloc(NULL, 0, 1e-3, 2, &o), FANOS_ENULL);
    ck_assert_int_eq(fanos_experiment_method_alloc(&e, 0, 1e-3, 2, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_experiment_method_alloc(&e, 1, 1e-3, 2, &o), FANOS_EDIM);
    ck_assert_ptr_null(o);
    fanos_experiment_result res;
    ck_assert_int_eq(fanos_experiment_execute(NULL, &run, NULL, &res), FANOS_ENULL);
    ck_assert_int_eq(fanos_experiment_execute(&e, NULL, NULL, &res), FANOS_ENULL);
    ck_assert_int_eq(fanos_experiment_execute(&e, &run, NULL, NULL), FANOS_ENULL);
}
END_TEST

/* fanos_stability_map: FANOS_ENULL, FANOS_ERANGE (h <= 0, a non-finite
 * input, euler not 0 or 1). */
START_TEST(stability_args)
{
    double m[4], rad, det;
    ck_assert_int_eq(fanos_stability_map(0.1, 1, 0.5, 0, NULL, &rad, &det), FANOS_ENULL);
    ck_assert_int_eq(fanos_stability_map(0.1, 1, 0.5, 0, m, NULL, &det), FANOS_ENULL);
    ck_assert_int_eq(fanos_stability_map(0.1, 1, 0.5, 0, m, &rad, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_stability_map(0, 1, 0.5, 0, m, &rad, &det), FANOS_ERANGE);
    ck_assert_int_eq(fanos_stability_map(INFINITY, 1, 0.5, 0, m, &rad, &det), FANOS_ERANGE);
    ck_assert_int_eq(fanos_stability_map(NAN, 1, 0.5, 0, m, &rad, &det), FANOS_ERANGE);
    ck_assert_int_eq(fanos_stability_map(0.1, NAN, 0.5, 0, m, &rad, &det), FANOS_ERANGE);
    ck_assert_int_eq(fanos_stability_map(0.1, 1, INFINITY, 0, m, &rad, &det), FANOS_ERANGE);
    ck_assert_int_eq(fanos_stability_map(0.1, 1, 0.5, 2, m, &rad, &det), FANOS_ERANGE);
    ck_assert_int_eq(fanos_stability_map(0.1, 1, 0.5, -1, m, &rad, &det), FANOS_ERANGE);
    ck_assert_int_eq(fanos_stability_map(0.1, 1, 0.5, 1, m, &rad, &det), FANOS_OK);
}
END_TEST

/* The speed probes: FANOS_ENULL, FANOS_ERANGE (d 0, reps outside [1,
 * FANOS_BENCH_MAX_REPS]; a PINN without points), FANOS_EUNKNOWN (no such
 * optimizer with a step), FANOS_EPARSE for a setting without '='. */
START_TEST(bench_args)
{
    double s = -1;
    ck_assert_int_eq(fanos_bench_triad(8, 1, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_bench_triad(0, 1, &s), FANOS_ERANGE);
    ck_assert_int_eq(fanos_bench_triad(8, 0, &s), FANOS_ERANGE);
    ck_assert_int_eq(fanos_bench_triad(8, FANOS_BENCH_MAX_REPS + 1, &s), FANOS_ERANGE);
    ck_assert_int_eq(fanos_bench_step(NULL, NULL, 8, 1, &s), FANOS_ENULL);
    ck_assert_int_eq(fanos_bench_step("sgd", NULL, 8, 1, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_bench_step("sgd", NULL, 0, 1, &s), FANOS_ERANGE);
    ck_assert_int_eq(fanos_bench_step("sgd", NULL, 8, 0, &s), FANOS_ERANGE);
    ck_assert_int_eq(fanos_bench_step("lbfgs", NULL, 8, 1, &s), FANOS_EUNKNOWN);
    const char *bad[] = {"lr", NULL};
    ck_assert_int_eq(fanos_bench_step("sgd", bad, 8, 1, &s), FANOS_EPARSE);
    ck_assert(s == -1);

    const size_t widths[] = {2, 3, 1};
    fanos_pinn *p;
    ck_assert_int_eq(fanos_pinn_alloc(&p, FANOS_PINN_BURGERS, widths, 3), FANOS_OK);
    double theta[13] = {0};
    fanos_bench_pinn_timing tm;
    fanos_bench_side sr;
    ck_assert_int_eq(fanos_bench_pinn(NULL, theta, 1, 4, &tm), FANOS_ENULL);
    ck_assert_int_eq(fanos_bench_pinn(p, NULL, 1, 4, &tm), FANOS_ENULL);
    ck_assert_int_eq(fanos_bench_pinn(p, theta, 1, 4, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_bench_pinn(p, theta, 1, 4, &tm), FANOS_ERANGE);  /* no points */
    ck_assert_int_eq(fanos_bench_pinn_side_by_side(NULL, theta, 1, 1, &sr), FANOS_ENULL);
    ck_assert_int_eq(fanos_bench_pinn_side_by_side(p, NULL, 1, 1, &sr), FANOS_ENULL);
    ck_assert_int_eq(fanos_bench_pinn_side_by_side(p, theta, 1, 1, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_bench_pinn_side_by_side(p, theta, 0, 1, &sr), FANOS_ERANGE);
    ck_assert_int_eq(fanos_bench_pinn_side_by_side(p, theta, 1, 0, &sr), FANOS_ERANGE);
    ck_assert_int_eq(fanos_bench_pinn_side_by_side(p, theta, 1, 1, &sr), FANOS_ERANGE);
    fanos_pinn_free(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("args");
    TCase *tc = tcase_create("error paths");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, param_rows);
    tcase_add_test(tc, problem_args);
    tcase_add_test(tc, pinn_args);
    tcase_add_test(tc, pinn_reference_files);
    tcase_add_test(tc, rosenbrock_reference_files);
    tcase_add_test(tc, quadratic_reference_files);
    tcase_add_test(tc, data_messages);
    tcase_add_test(tc, data_limits);
    tcase_add_test(tc, run_args);
    tcase_add_test(tc, warmstart_args);
    tcase_add_test(tc, stats_args);
    tcase_add_test(tc, experiment_args);
    tcase_add_test(tc, stability_args);
    tcase_add_test(tc, bench_args);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
