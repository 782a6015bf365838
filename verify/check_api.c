/* check_api.c - every public function of fanos.h against bad arguments:
 * NULL pointers, n = 0, mismatched sizes, invalid parameters, unknown
 * names, read-only fields, non-finite values, invalid run options, and the
 * strict syntax of numbers in parameter text and in vector files.  Each
 * case expects the code documented in fanos.h, and that nothing was
 * written on failure where the header promises it. */
#include <config.h>
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fanos.h"

static const fanos_optimizer_type *T(void)
{
    return fanos_optimizer_fanos;
}

static fanos_optimizer *new_opt(size_t n)
{
    fanos_optimizer *o = NULL;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, T(), n), FANOS_OK);
    ck_assert_ptr_nonnull(o);
    return o;
}

static int zero_fdf(void *ctx, size_t n, const double *x, double *f, double *g)
{
    (void)ctx;
    (void)x;
    *f = 0.0;
    if (g)
        memset(g, 0, n * sizeof *g);
    return FANOS_OK;
}

static int failing_fdf(void *ctx, size_t n, const double *x, double *f,
                       double *g)
{
    (void)ctx, (void)n, (void)x, (void)g;
    *f = 1.0;
    return FANOS_EDOMAIN;
}

static int stop_cb(void *ctx, size_t step, double loss, const double *x,
                   size_t n, fanos_optimizer *opt)
{
    (void)ctx, (void)step, (void)loss, (void)x, (void)n, (void)opt;
    return FANOS_EIO;
}

/* ---- status codes and version ---------------------------------------- */

START_TEST(test_strerror)
{
    /* Every documented code has its own message; any other has one too. */
    const int codes[] = {FANOS_OK, FANOS_SKIPPED, FANOS_ENULL, FANOS_EDIM,
                         FANOS_ERANGE, FANOS_EUNKNOWN, FANOS_ENOMEM,
                         FANOS_EPARSE, FANOS_ENONFINITE, FANOS_EIO,
                         FANOS_ECONFLICT, FANOS_EREADONLY, FANOS_EBUDGET,
                         FANOS_EDOMAIN};
    const size_t nc = sizeof codes / sizeof codes[0];
    const char *unknown = fanos_strerror(-9999);
    ck_assert_ptr_nonnull(unknown);
    ck_assert_ptr_nonnull(fanos_strerror(INT32_MIN));
    ck_assert_ptr_nonnull(fanos_strerror(2));
    for (size_t i = 0; i < nc; i++) {
        const char *m = fanos_strerror(codes[i]);
        ck_assert_ptr_nonnull(m);
        ck_assert_uint_gt(strlen(m), 0);
        ck_assert_str_ne(m, unknown);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(m, fanos_strerror(codes[j]));
    }
    ck_assert_str_eq(fanos_version(), PACKAGE_VERSION);
}
END_TEST

/* ---- parameter rows --------------------------------------------------- */

static const fanos_param_info row_open = {
    "a", FANOS_PARAM_REAL, 1.0, 0.0, 1.0, 1, 1, "(0, 1)", NULL, NULL};
static const fanos_param_info row_closed = {
    "b", FANOS_PARAM_REAL, 0.5, 0.0, 1.0, 0, 0, "[0, 1]", NULL, NULL};
static const fanos_param_info row_free = {
    "c", FANOS_PARAM_REAL, 0.0, -INFINITY, INFINITY, 1, 1, "any", NULL, NULL};
static const fanos_param_info row_bool = {
    "d", FANOS_PARAM_BOOL, 0.0, 0.0, 1.0, 0, 0, "flag", NULL, NULL};
static const fanos_param_info row_int = {
    "e", FANOS_PARAM_INT, 3.0, 1.0, 10.0, 0, 0, "count", NULL, NULL};

START_TEST(test_param_check)
{
    ck_assert_int_eq(fanos_param_check(NULL, 0.5), FANOS_ENULL);
    ck_assert_int_eq(fanos_param_check(&row_open, 0.5), FANOS_OK);
    ck_assert_int_eq(fanos_param_check(&row_open, 0.0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_param_check(&row_open, 1.0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_param_check(&row_open, -0.0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_param_check(&row_open, 4.9e-324), FANOS_OK);
    ck_assert_int_eq(fanos_param_check(&row_closed, 0.0), FANOS_OK);
    ck_assert_int_eq(fanos_param_check(&row_closed, 1.0), FANOS_OK);
    ck_assert_int_eq(fanos_param_check(&row_closed, nextafter(1.0, 2.0)),
                     FANOS_ERANGE);
    ck_assert_int_eq(fanos_param_check(&row_closed, -4.9e-324), FANOS_ERANGE);
    ck_assert_int_eq(fanos_param_check(&row_free, -1e308), FANOS_OK);
    /* NaN and infinities are out of every range, even an unbounded one. */
    ck_assert_int_eq(fanos_param_check(&row_free, NAN), FANOS_ERANGE);
    ck_assert_int_eq(fanos_param_check(&row_free, INFINITY), FANOS_ERANGE);
    ck_assert_int_eq(fanos_param_check(&row_free, -INFINITY), FANOS_ERANGE);
    ck_assert_int_eq(fanos_param_check(&row_bool, 0.0), FANOS_OK);
    ck_assert_int_eq(fanos_param_check(&row_bool, 1.0), FANOS_OK);
    ck_assert_int_eq(fanos_param_check(&row_bool, 0.5), FANOS_ERANGE);
    ck_assert_int_eq(fanos_param_check(&row_bool, 2.0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_param_check(&row_bool, NAN), FANOS_ERANGE);
    ck_assert_int_eq(fanos_param_check(&row_int, 10.0), FANOS_OK);
    ck_assert_int_eq(fanos_param_check(&row_int, 2.5), FANOS_ERANGE);
    ck_assert_int_eq(fanos_param_check(&row_int, 11.0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_param_check(&row_int, 0.0), FANOS_ERANGE);
}
END_TEST

/* parse() on text: the expected code, and the value when it is FANOS_OK;
 * on failure the output keeps its old value. */
static void parse_is(const fanos_param_info *row, const char *text, int code,
                     double want)
{
    double v = -777.0;
    int rc = fanos_param_parse(row, text, &v);
    ck_assert_msg(rc == code, "parse(%s, \"%s\") = %d, expected %d",
                  row->name, text, rc, code);
    if (code == FANOS_OK)
        ck_assert_msg(v == want, "parse(%s, \"%s\") gave %.17g, not %.17g",
                      row->name, text, v, want);
    else
        ck_assert_double_eq(v, -777.0);
}

START_TEST(test_param_parse_null)
{
    double v;
    ck_assert_int_eq(fanos_param_parse(NULL, "1", &v), FANOS_ENULL);
    ck_assert_int_eq(fanos_param_parse(&row_free, NULL, &v), FANOS_ENULL);
    ck_assert_int_eq(fanos_param_parse(&row_free, "1", NULL), FANOS_ENULL);
}
END_TEST

START_TEST(test_param_parse_real)
{
    parse_is(&row_free, "1", FANOS_OK, 1.0);
    parse_is(&row_free, "-2.5", FANOS_OK, -2.5);
    parse_is(&row_free, "+3", FANOS_OK, 3.0);
    parse_is(&row_free, "1e-3", FANOS_OK, 0.001);
    parse_is(&row_free, "1E3", FANOS_OK, 1000.0);
    parse_is(&row_free, ".5", FANOS_OK, 0.5);
    parse_is(&row_free, "5.", FANOS_OK, 5.0);
    /* an underflow is the correctly rounded value, not an error */
    parse_is(&row_free, "1e-400", FANOS_OK, 0.0);
    parse_is(&row_free, "1e-320", FANOS_OK, 1e-320);
    /* not numbers */
    parse_is(&row_free, "", FANOS_EPARSE, 0);
    parse_is(&row_free, " 1", FANOS_EPARSE, 0);
    parse_is(&row_free, "\t1", FANOS_EPARSE, 0);
    parse_is(&row_free, "\n1", FANOS_EPARSE, 0);
    parse_is(&row_free, "\v1", FANOS_EPARSE, 0);
    parse_is(&row_free, "1 ", FANOS_EPARSE, 0);
    parse_is(&row_free, "1e-3x", FANOS_EPARSE, 0);
    parse_is(&row_free, "1e", FANOS_EPARSE, 0);
    parse_is(&row_free, "1,5", FANOS_EPARSE, 0);
    parse_is(&row_free, "--1", FANOS_EPARSE, 0);
    parse_is(&row_free, "abc", FANOS_EPARSE, 0);
    parse_is(&row_free, "true", FANOS_EPARSE, 0);
    parse_is(&row_free, "0x10", FANOS_EPARSE, 0);
    parse_is(&row_free, "0X1P-3", FANOS_EPARSE, 0);
    parse_is(&row_free, "1p3", FANOS_EPARSE, 0);
    /* numbers, but not finite: out of range */
    parse_is(&row_free, "nan", FANOS_ERANGE, 0);
    parse_is(&row_free, "NaN", FANOS_ERANGE, 0);
    parse_is(&row_free, "inf", FANOS_ERANGE, 0);
    parse_is(&row_free, "-inf", FANOS_ERANGE, 0);
    parse_is(&row_free, "Infinity", FANOS_ERANGE, 0);
    parse_is(&row_free, "1e400", FANOS_ERANGE, 0);
    parse_is(&row_free, "-1e400", FANOS_ERANGE, 0);
    /* the row's range */
    parse_is(&row_open, "0", FANOS_ERANGE, 0);
    parse_is(&row_open, "1", FANOS_ERANGE, 0);
    parse_is(&row_open, "0.25", FANOS_OK, 0.25);
    parse_is(&row_closed, "0", FANOS_OK, 0.0);
    parse_is(&row_closed, "1.0000001", FANOS_ERANGE, 0);
    parse_is(&row_int, "4", FANOS_OK, 4.0);
    parse_is(&row_int, "4.5", FANOS_ERANGE, 0);
    parse_is(&row_int, "1e1", FANOS_OK, 10.0);
    parse_is(&row_int, "x4", FANOS_EPARSE, 0);
}
END_TEST

START_TEST(test_param_parse_bool)
{
    parse_is(&row_bool, "0", FANOS_OK, 0.0);
    parse_is(&row_bool, "1", FANOS_OK, 1.0);
    parse_is(&row_bool, "true", FANOS_OK, 1.0);
    parse_is(&row_bool, "FALSE", FANOS_OK, 0.0);
    parse_is(&row_bool, "True", FANOS_OK, 1.0);
    parse_is(&row_bool, "2", FANOS_EPARSE, 0);
    parse_is(&row_bool, "-1", FANOS_EPARSE, 0);
    parse_is(&row_bool, "0.5", FANOS_EPARSE, 0);
    parse_is(&row_bool, "1.0", FANOS_EPARSE, 0);
    parse_is(&row_bool, "yes", FANOS_EPARSE, 0);
    parse_is(&row_bool, "no", FANOS_EPARSE, 0);
    parse_is(&row_bool, "on", FANOS_EPARSE, 0);
    parse_is(&row_bool, "", FANOS_EPARSE, 0);
    parse_is(&row_bool, " 1", FANOS_EPARSE, 0);
    parse_is(&row_bool, "1 ", FANOS_EPARSE, 0);
    parse_is(&row_bool, "truex", FANOS_EPARSE, 0);
    parse_is(&row_bool, "nan", FANOS_EPARSE, 0);
}
END_TEST

START_TEST(test_param_range_str)
{
    char buf[64];
    ck_assert_int_eq(fanos_param_range_str(NULL, buf, sizeof buf), FANOS_ENULL);
    ck_assert_int_eq(fanos_param_range_str(&row_open, NULL, 10), FANOS_ENULL);
    ck_assert_int_eq(fanos_param_range_str(&row_open, buf, 0), FANOS_EDIM);
    ck_assert_int_eq(fanos_param_range_str(&row_open, buf, sizeof buf), FANOS_OK);
    ck_assert_str_eq(buf, "(0, 1)");
    ck_assert_int_eq(fanos_param_range_str(&row_closed, buf, sizeof buf), FANOS_OK);
    ck_assert_str_eq(buf, "[0, 1]");
    ck_assert_int_eq(fanos_param_range_str(&row_free, buf, sizeof buf), FANOS_OK);
    ck_assert_str_eq(buf, "(-inf, inf)");
    ck_assert_int_eq(fanos_param_range_str(&row_bool, buf, sizeof buf), FANOS_OK);
    ck_assert_str_eq(buf, "{0, 1}");
    ck_assert_int_eq(fanos_param_range_str(&row_int, buf, sizeof buf), FANOS_OK);
    ck_assert_str_eq(buf, "[1, 10] integer");
    /* a short buffer: truncated, always terminated, no overrun */
    memset(buf, 'Z', sizeof buf);
    ck_assert_int_eq(fanos_param_range_str(&row_free, buf, 4), FANOS_OK);
    ck_assert_str_eq(buf, "(-i");
    ck_assert_int_eq(buf[4], 'Z');
    ck_assert_int_eq(fanos_param_range_str(&row_bool, buf, 1), FANOS_OK);
    ck_assert_str_eq(buf, "");
    /* the production table: every row prints and parses its default */
    const fanos_optimizer_type *t = T();
    for (size_t i = 0; i < t->nparams; i++) {
        ck_assert_int_eq(fanos_param_range_str(&t->params[i], buf, sizeof buf),
                         FANOS_OK);
        ck_assert_uint_gt(strlen(buf), 5);
        ck_assert_int_eq(fanos_param_check(&t->params[i], t->params[i].def),
                         FANOS_OK);
    }
}
END_TEST

/* ---- optimizer types -------------------------------------------------- */

START_TEST(test_types)
{
    const fanos_optimizer_type *const *all = fanos_optimizer_types();
    ck_assert_ptr_nonnull(all);
    size_t k = 0;
    for (; all[k]; k++)
        ck_assert_ptr_eq(fanos_optimizer_type_lookup(all[k]->name), all[k]);
    ck_assert_uint_ge(k, 1);
    ck_assert_ptr_eq(fanos_optimizer_type_lookup("fanos"), fanos_optimizer_fanos);
    ck_assert_ptr_null(fanos_optimizer_type_lookup(NULL));
    ck_assert_ptr_null(fanos_optimizer_type_lookup(""));
    ck_assert_ptr_null(fanos_optimizer_type_lookup("FANOS"));
    ck_assert_ptr_null(fanos_optimizer_type_lookup("fanos "));
    ck_assert_int_eq(fanos_optimizer_type_param_index(NULL, "lr"), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_type_param_index(T(), NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_type_param_index(T(), "nope"),
                     FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_optimizer_type_param_index(T(), ""), FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_optimizer_type_param_index(T(), "LR"),
                     FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_optimizer_type_param_index(T(), "lr"), 0);
}
END_TEST

/* ---- allocation ------------------------------------------------------- */

static int dummy_step(void *s, size_t n, double *x, const double *g, double f,
                      const double *p)
{
    (void)s, (void)n, (void)x, (void)g, (void)f, (void)p;
    return FANOS_OK;
}

START_TEST(test_alloc)
{
    fanos_optimizer *o = (fanos_optimizer *)&o; /* must be reset to NULL */
    ck_assert_int_eq(fanos_optimizer_alloc(NULL, T(), 3), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_alloc(&o, NULL, 3), FANOS_ENULL);
    o = (fanos_optimizer *)&o;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, T(), 0), FANOS_EDIM);
    ck_assert_ptr_null(o);
    /* n so large that n doubles per vector field overflow size_t */
    ck_assert_int_eq(fanos_optimizer_alloc(&o, T(), SIZE_MAX), FANOS_EDIM);
    ck_assert_ptr_null(o);
    ck_assert_int_eq(fanos_optimizer_alloc(&o, T(), SIZE_MAX / 8),
                     FANOS_EDIM);
    /* a descriptor of the caller's own must be whole */
    fanos_optimizer_type bad = *T();
    bad.step = NULL;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, &bad, 3), FANOS_ENULL);
    bad = *T();
    bad.params = NULL;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, &bad, 3), FANOS_ENULL);
    bad = *T();
    bad.fields = NULL;
    ck_assert_int_eq(fanos_optimizer_alloc(&o, &bad, 3), FANOS_ENULL);
    bad = *T();
    bad.state_size = 8; /* fields past the end of the state */
    ck_assert_int_eq(fanos_optimizer_alloc(&o, &bad, 3), FANOS_EDIM);
    ck_assert_ptr_null(o);
    /* a minimal caller type: no parameters, no fields */
    const fanos_optimizer_type mini = {"mini", "test", NULL, 0, NULL, 0, 0,
                                       NULL, NULL, dummy_step, NULL};
    ck_assert_int_eq(fanos_optimizer_alloc(&o, &mini, 2), FANOS_OK);
    double x[2] = {1, 2}, g[2] = {0, 0};
    ck_assert_int_eq(fanos_optimizer_step(o, x, g, 0.0), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_check(o, NULL), FANOS_OK);
    fanos_optimizer_free(o);
    /* accessors and free on NULL */
    fanos_optimizer_free(NULL);
    ck_assert_ptr_null(fanos_optimizer_get_type(NULL));
    ck_assert_uint_eq(fanos_optimizer_size(NULL), 0);
    o = new_opt(1);
    ck_assert_ptr_eq(fanos_optimizer_get_type(o), T());
    ck_assert_uint_eq(fanos_optimizer_size(o), 1);
    fanos_optimizer_free(o);
}
END_TEST

/* ---- parameters of an instance --------------------------------------- */

START_TEST(test_set_get)
{
    fanos_optimizer *o = new_opt(4);
    double v = -1;
    ck_assert_int_eq(fanos_optimizer_set(NULL, "lr", 0.1), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_set(o, NULL, 0.1), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_set(o, "nope", 0.1), FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_optimizer_set(o, "zeta", 0.1), FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_optimizer_set(o, "lr", 0.0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_optimizer_set(o, "lr", -1.0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_optimizer_set(o, "lr", NAN), FANOS_ERANGE);
    ck_assert_int_eq(fanos_optimizer_set(o, "lr", INFINITY), FANOS_ERANGE);
    ck_assert_int_eq(fanos_optimizer_set(o, "beta", 1.0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_optimizer_set(o, "identity_mass", 2.0), FANOS_ERANGE);
    ck_assert_int_eq(fanos_optimizer_set(o, "tau", -INFINITY), FANOS_ERANGE);
    /* a rejected value leaves the old one */
    ck_assert_int_eq(fanos_optimizer_get(o, "lr", &v), FANOS_OK);
    ck_assert_double_eq(v, 1e-3);
    ck_assert_int_eq(fanos_optimizer_set(o, "lr", 0.25), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_get(o, "lr", &v), FANOS_OK);
    ck_assert_double_eq(v, 0.25);
    ck_assert_int_eq(fanos_optimizer_get(NULL, "lr", &v), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_get(o, NULL, &v), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_get(o, "lr", NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_get(o, "nope", &v), FANOS_EUNKNOWN);
    /* text */
    ck_assert_int_eq(fanos_optimizer_set_text(NULL, "lr", "1"), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_set_text(o, NULL, "1"), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_set_text(o, "lr", NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_set_text(o, "nope", "1"), FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_optimizer_set_text(o, "lr", "1e-3x"), FANOS_EPARSE);
    ck_assert_int_eq(fanos_optimizer_set_text(o, "lr", ""), FANOS_EPARSE);
    ck_assert_int_eq(fanos_optimizer_set_text(o, "lr", "nan"), FANOS_ERANGE);
    ck_assert_int_eq(fanos_optimizer_set_text(o, "lr", "-0.1"), FANOS_ERANGE);
    ck_assert_int_eq(fanos_optimizer_set_text(o, "explicit_euler", "yes"),
                     FANOS_EPARSE);
    ck_assert_int_eq(fanos_optimizer_get(o, "lr", &v), FANOS_OK);
    ck_assert_double_eq(v, 0.25);
    ck_assert_int_eq(fanos_optimizer_set_text(o, "explicit_euler", "true"),
                     FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_get(o, "explicit_euler", &v), FANOS_OK);
    ck_assert_double_eq(v, 1.0);
    fanos_optimizer_free(o);
}
END_TEST

START_TEST(test_check_conflicts)
{
    fanos_optimizer *o = new_opt(2);
    size_t bad = 999;
    double x[2] = {0.5, 0.5}, g[2] = {1, 1};
    ck_assert_int_eq(fanos_optimizer_check(NULL, &bad), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_check(o, &bad), FANOS_OK);
    ck_assert_uint_eq(bad, 999); /* untouched on success */
    /* T0_min > T0_max: each valid alone */
    ck_assert_int_eq(fanos_optimizer_set(o, "T0_min", 0.5), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_check(o, &bad), FANOS_ECONFLICT);
    ck_assert_uint_eq(bad, (size_t)fanos_optimizer_type_param_index(T(), "T0_min"));
    ck_assert_int_eq(fanos_optimizer_check(o, NULL), FANOS_ECONFLICT);
    /* the step refuses too, and leaves x alone */
    ck_assert_int_eq(fanos_optimizer_step(o, x, g, 1.0), FANOS_ECONFLICT);
    ck_assert_double_eq(x[0], 0.5);
    ck_assert_int_eq(fanos_optimizer_set(o, "T0_min", 0.0), FANOS_OK);
    /* lr * weight_decay >= 1 */
    ck_assert_int_eq(fanos_optimizer_set(o, "lr", 0.5), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(o, "weight_decay", 2.0), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_check(o, &bad), FANOS_ECONFLICT);
    ck_assert_uint_eq(bad, (size_t)fanos_optimizer_type_param_index(T(),
                                                            "weight_decay"));
    ck_assert_int_eq(fanos_optimizer_set(o, "weight_decay", 1.999), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_check(o, &bad), FANOS_OK);
    fanos_optimizer_free(o);
}
END_TEST

/* ---- steps and fields ------------------------------------------------- */

START_TEST(test_step_args)
{
    fanos_optimizer *o = new_opt(3);
    double x[3] = {1, 2, 3}, g[3] = {0.1, 0.2, 0.3};
    ck_assert_int_eq(fanos_optimizer_step(NULL, x, g, 0), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_step(o, NULL, g, 0), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_step(o, x, NULL, 0), FANOS_ENULL);
    ck_assert_double_eq(x[0], 1.0);
    /* a non-finite gradient entry: FANoS skips, x is unchanged */
    double gbad[3] = {0.1, NAN, 0.3};
    ck_assert_int_eq(fanos_optimizer_step(o, x, gbad, 0), FANOS_SKIPPED);
    ck_assert_double_eq(x[0], 1.0);
    ck_assert_double_eq(x[2], 3.0);
    gbad[1] = -INFINITY;
    ck_assert_int_eq(fanos_optimizer_step(o, x, gbad, 0), FANOS_SKIPPED);
    double k;
    ck_assert_int_eq(fanos_optimizer_field_get(o, "k", &k, 1), FANOS_OK);
    ck_assert_double_eq(k, 2.0);
    /* a non-finite iterate: reported, not passed on */
    double xinf[3] = {INFINITY, 0, 0};
    ck_assert_int_eq(fanos_optimizer_step(o, xinf, g, 0), FANOS_ENONFINITE);
    ck_assert_int_eq(fanos_optimizer_reset(NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_reset(o), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "k", &k, 1), FANOS_OK);
    ck_assert_double_eq(k, 0.0);
    fanos_optimizer_free(o);
}
END_TEST

START_TEST(test_fields)
{
    fanos_optimizer *o = new_opt(3);
    double buf[3] = {1, 2, 3}, one = 0.5;
    ck_assert_int_eq(fanos_optimizer_field_get(NULL, "v", buf, 3), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_field_get(o, NULL, buf, 3), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "v", NULL, 3), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "nope", buf, 3),
                     FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "lr", buf, 1),
                     FANOS_EUNKNOWN);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "v", buf, 2), FANOS_EDIM);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "v", buf, 4), FANOS_EDIM);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "v", buf, 0), FANOS_EDIM);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "zeta", buf, 3), FANOS_EDIM);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "zeta", buf, 0), FANOS_EDIM);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "k", buf, 2), FANOS_EDIM);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "T_inst", buf, 1), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_field_set(NULL, "v", buf, 3), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_field_set(o, NULL, buf, 3), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_field_set(o, "v", NULL, 3), FANOS_ENULL);
    ck_assert_int_eq(fanos_optimizer_field_set(o, "nope", buf, 3),
                     FANOS_EUNKNOWN);
    /* diagnostics are read-only, whatever the length */
    ck_assert_int_eq(fanos_optimizer_field_set(o, "T_inst", &one, 1),
                     FANOS_EREADONLY);
    ck_assert_int_eq(fanos_optimizer_field_set(o, "T0", &one, 1),
                     FANOS_EREADONLY);
    ck_assert_int_eq(fanos_optimizer_field_set(o, "T0", buf, 3),
                     FANOS_EREADONLY);
    ck_assert_int_eq(fanos_optimizer_field_set(o, "v", buf, 2), FANOS_EDIM);
    ck_assert_int_eq(fanos_optimizer_field_set(o, "zeta", buf, 3), FANOS_EDIM);
    /* non-finite values are refused, for vectors, scalars and counts */
    double vbad[3] = {1, NAN, 3};
    ck_assert_int_eq(fanos_optimizer_field_set(o, "v", vbad, 3), FANOS_ERANGE);
    vbad[1] = INFINITY;
    ck_assert_int_eq(fanos_optimizer_field_set(o, "s", vbad, 3), FANOS_ERANGE);
    double sbad = NAN;
    ck_assert_int_eq(fanos_optimizer_field_set(o, "zeta", &sbad, 1),
                     FANOS_ERANGE);
    sbad = -INFINITY;
    ck_assert_int_eq(fanos_optimizer_field_set(o, "T_ema", &sbad, 1),
                     FANOS_ERANGE);
    /* a count is a non-negative integer below 2^53 */
    const double badk[] = {-1.0, 0.5, NAN, INFINITY, 1e300,
                           9007199254740994.0};
    for (size_t i = 0; i < sizeof badk / sizeof badk[0]; i++)
        ck_assert_int_eq(fanos_optimizer_field_set(o, "k", &badk[i], 1),
                         FANOS_ERANGE);
    /* nothing refused above reached the state */
    double z = -1, v[3] = {-1, -1, -1};
    ck_assert_int_eq(fanos_optimizer_field_get(o, "zeta", &z, 1), FANOS_OK);
    ck_assert_double_eq(z, 0.0);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "v", v, 3), FANOS_OK);
    ck_assert_double_eq(v[1], 0.0);
    /* and what is valid is taken */
    ck_assert_int_eq(fanos_optimizer_field_set(o, "v", buf, 3), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_field_get(o, "v", v, 3), FANOS_OK);
    ck_assert_double_eq(v[2], 3.0);
    double k = 9007199254740992.0;
    ck_assert_int_eq(fanos_optimizer_field_set(o, "k", &k, 1), FANOS_OK);
    fanos_optimizer_free(o);
}
END_TEST

/* ---- problems --------------------------------------------------------- */

START_TEST(test_rosenbrock_args)
{
    double x[3] = {1, 1, 1}, g[3], f = -1;
    ck_assert_int_eq(fanos_rosenbrock_fdf(NULL, 3, NULL, &f, g), FANOS_ENULL);
    ck_assert_int_eq(fanos_rosenbrock_fdf(NULL, 3, x, NULL, g), FANOS_ENULL);
    ck_assert_int_eq(fanos_rosenbrock_fdf(NULL, 0, x, &f, g), FANOS_EDIM);
    ck_assert_int_eq(fanos_rosenbrock_fdf(NULL, 1, x, &f, g), FANOS_EDIM);
    ck_assert_double_eq(f, -1.0);
    ck_assert_int_eq(fanos_rosenbrock_fdf(NULL, 3, x, &f, NULL), FANOS_OK);
    ck_assert_double_eq(f, 0.0); /* the minimum at (1, 1, 1) */
    /* non-finite x: a non-finite loss, not an error */
    x[1] = NAN;
    ck_assert_int_eq(fanos_rosenbrock_fdf(NULL, 3, x, &f, g), FANOS_OK);
    ck_assert(isnan(f));
    ck_assert_int_eq(fanos_rosenbrock_x0(3, 0, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_rosenbrock_x0(0, 0, x), FANOS_EDIM);
    ck_assert_int_eq(fanos_rosenbrock_x0(3, 4294967295UL, x), FANOS_ERANGE);
    ck_assert_int_eq(fanos_rosenbrock_x0(3, 4294967294UL, x), FANOS_OK);
    for (int i = 0; i < 3; i++)
        ck_assert(x[i] >= -2.0 && x[i] < 2.0);
}
END_TEST

/* ---- the runner ------------------------------------------------------- */

START_TEST(test_run_args)
{
    fanos_optimizer *o = new_opt(2);
    fanos_run_options ro;
    fanos_run_result r;
    double x[2] = {0.5, 0.5};
    fanos_run_options_init(NULL); /* must not crash */
    fanos_run_options_init(&ro);
    ck_assert_uint_eq(ro.budget, 3000);
    ck_assert_int_eq(ro.loop, FANOS_LOOP_BEFORE_LAST);
    ck_assert_double_eq(ro.clip, 0.0);
    ck_assert_ptr_null(ro.on_step);
    ro.budget = 5;
    ck_assert_int_eq(fanos_run(NULL, NULL, 2, x, o, &ro, &r), FANOS_ENULL);
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 2, NULL, o, &ro, &r), FANOS_ENULL);
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 2, x, NULL, &ro, &r), FANOS_ENULL);
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 2, x, o, NULL, &r), FANOS_ENULL);
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 2, x, o, &ro, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 0, x, o, &ro, &r), FANOS_EDIM);
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 3, x, o, &ro, &r), FANOS_EDIM);
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 1, x, o, &ro, &r), FANOS_EDIM);
    ro.budget = 0;
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 2, x, o, &ro, &r), FANOS_EBUDGET);
    ro.budget = 5;
    ro.clip = -1.0;
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 2, x, o, &ro, &r), FANOS_ERANGE);
    ro.clip = NAN;
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 2, x, o, &ro, &r), FANOS_ERANGE);
    ro.clip = INFINITY;
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 2, x, o, &ro, &r), FANOS_ERANGE);
    ro.clip = 0.0;
    ro.loop = (fanos_loop_kind)2;
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 2, x, o, &ro, &r), FANOS_ERANGE);
    ro.loop = (fanos_loop_kind)-1;
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 2, x, o, &ro, &r), FANOS_ERANGE);
    ro.loop = FANOS_LOOP_AFTER_LAST;
    /* nothing above touched x */
    ck_assert_double_eq(x[0], 0.5);
    /* conflicting parameters are refused before any evaluation */
    ck_assert_int_eq(fanos_optimizer_set(o, "T0_min", 1.0), FANOS_OK);
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 2, x, o, &ro, &r),
                     FANOS_ECONFLICT);
    ck_assert_int_eq(fanos_optimizer_set(o, "T0_min", 0.0), FANOS_OK);
    /* a failing objective and a failing callback are errors */
    ck_assert_int_eq(fanos_run(failing_fdf, NULL, 2, x, o, &ro, &r),
                     FANOS_EDOMAIN);
    ro.on_step = stop_cb;
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 2, x, o, &ro, &r), FANOS_EIO);
    ro.on_step = NULL;
    ck_assert_int_eq(fanos_run(zero_fdf, NULL, 2, x, o, &ro, &r), FANOS_OK);
    ck_assert_uint_eq(r.evals, 5);
    ck_assert_int_eq(r.diverged, 0);
    fanos_optimizer_free(o);
}
END_TEST

START_TEST(test_clip_args)
{
    double g[2] = {3, 4}, nrm = -1;
    ck_assert_int_eq(fanos_clip_grad_norm(NULL, 2, 1.0, &nrm), FANOS_ENULL);
    ck_assert_int_eq(fanos_clip_grad_norm(g, 0, 1.0, &nrm), FANOS_EDIM);
    ck_assert_int_eq(fanos_clip_grad_norm(g, 2, 0.0, &nrm), FANOS_ERANGE);
    ck_assert_int_eq(fanos_clip_grad_norm(g, 2, -1.0, &nrm), FANOS_ERANGE);
    ck_assert_int_eq(fanos_clip_grad_norm(g, 2, NAN, &nrm), FANOS_ERANGE);
    ck_assert_int_eq(fanos_clip_grad_norm(g, 2, INFINITY, &nrm), FANOS_ERANGE);
    ck_assert_double_eq(g[0], 3.0);
    ck_assert_double_eq(nrm, -1.0);
    ck_assert_int_eq(fanos_clip_grad_norm(g, 2, 10.0, NULL), FANOS_OK);
    ck_assert_double_eq(g[1], 4.0); /* ||g|| = 5 < 10: unchanged */
}
END_TEST

/* ---- vectors from text and files ------------------------------------- */

/* parse_vector of a C string of len bytes into 3 slots. */
static int pv(const char *text, size_t len, size_t n, size_t *count,
              size_t *line, double *x)
{
    return fanos_parse_vector(text, len, x, n, count, line);
}
#define PV(s, n) pv((s), sizeof(s) - 1, (n), &count, &line, x)

START_TEST(test_parse_vector)
{
    double x[4] = {0};
    size_t count = 99, line = 99;
    ck_assert_int_eq(fanos_parse_vector(NULL, 0, x, 1, &count, &line),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_parse_vector("1", 1, NULL, 1, &count, &line),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_parse_vector("1", 1, x, 1, NULL, &line),
                     FANOS_ENULL);
    /* n = 0 with no numbers is a valid empty vector; x may be NULL */
    ck_assert_int_eq(fanos_parse_vector("", 0, NULL, 0, &count, &line), FANOS_OK);
    ck_assert_uint_eq(count, 0);
    ck_assert_int_eq(fanos_parse_vector("1", 1, NULL, 0, &count, NULL),
                     FANOS_EDIM);
    ck_assert_uint_eq(count, 1);
    /* separators, comments, line numbers */
    ck_assert_int_eq(PV("1 2,3", 3), FANOS_OK);
    ck_assert_double_eq(x[2], 3.0);
    ck_assert_int_eq(PV("# x0\n1.5\t-2e-1\r\n,,3 # end\n", 3), FANOS_OK);
    ck_assert_double_eq(x[0], 1.5);
    ck_assert_double_eq(x[1], -0.2);
    ck_assert_int_eq(PV("1\v2\f3", 3), FANOS_OK);
    ck_assert_int_eq(PV("1#2\n3\n4", 3), FANOS_OK);
    ck_assert_double_eq(x[1], 3.0);
    /* a length that stops before the text's end */
    ck_assert_int_eq(fanos_parse_vector("1 2 3 4", 5, x, 3, &count, &line),
                     FANOS_OK);
    /* empty, too few, too many */
    ck_assert_int_eq(PV("", 3), FANOS_EDIM);
    ck_assert_uint_eq(count, 0);
    ck_assert_int_eq(PV("# nothing\n\n", 3), FANOS_EDIM);
    ck_assert_uint_eq(count, 0);
    ck_assert_int_eq(PV("1 2", 3), FANOS_EDIM);
    ck_assert_uint_eq(count, 2);
    ck_assert_int_eq(PV("1 2 3 4 5", 3), FANOS_EDIM);
    ck_assert_uint_eq(count, 5);
    /* malformed: the 1-based line of the offending token */
    ck_assert_int_eq(PV("1 2 x", 3), FANOS_EPARSE);
    ck_assert_uint_eq(line, 1);
    ck_assert_uint_eq(count, 2);
    ck_assert_int_eq(PV("1\n2\n\n3x", 3), FANOS_EPARSE);
    ck_assert_uint_eq(line, 4);
    ck_assert_int_eq(PV("1 nan 3", 3), FANOS_EPARSE);
    ck_assert_int_eq(PV("1 -inf 3", 3), FANOS_EPARSE);
    ck_assert_int_eq(PV("1 1e999 3", 3), FANOS_EPARSE);
    ck_assert_int_eq(PV("0x1 2 3", 3), FANOS_EPARSE);
    ck_assert_int_eq(PV("1;2;3", 3), FANOS_EPARSE);
    ck_assert_int_eq(PV("1 - 3", 3), FANOS_EPARSE);
    ck_assert_int_eq(PV("1 2 3e", 3), FANOS_EPARSE);
    /* NUL bytes inside the given length */
    ck_assert_int_eq(PV("1\0002 3", 3), FANOS_EPARSE);
    ck_assert_uint_eq(line, 1);
    ck_assert_int_eq(PV("1 2 3\n\0", 3), FANOS_EPARSE);
    ck_assert_uint_eq(line, 2);
    /* tokens of 127, 128 and 200 characters are read */
    char big[200];
    memset(big, '0', sizeof big);
    big[0] = '1';
    big[127] = '\0';
    ck_assert_int_eq(fanos_parse_vector(big, 127, x, 1, &count, &line), FANOS_OK);
    ck_assert_double_eq(x[0], 1e126);
    ck_assert_int_eq(fanos_parse_vector(big, 128 - 1 + 1, x, 1, &count, &line),
                     FANOS_EPARSE); /* the NUL at [127] is a bad byte */
    memset(big, '0', sizeof big);
    big[0] = '1';
    ck_assert_int_eq(fanos_parse_vector(big, 128, x, 1, &count, &line),
                     FANOS_OK);
    ck_assert_double_eq(x[0], 1e127);
    ck_assert_int_eq(fanos_parse_vector(big, sizeof big, x, 1, &count, &line),
                     FANOS_OK);
    ck_assert_double_eq(x[0], 1e199);
    /* the limit: 5000 zeros then 3 is 3; FANOS_VECTOR_TOKEN_MAX characters
     * are read, one more is refused, on the token's line, even when it is
     * a number */
    const size_t lim = FANOS_VECTOR_TOKEN_MAX;
    char *huge = malloc(lim + 8);
    ck_assert_ptr_nonnull(huge);
    memset(huge, '0', 5000);
    huge[5000] = '3';
    ck_assert_int_eq(fanos_parse_vector(huge, 5001, x, 1, &count, &line), FANOS_OK);
    ck_assert_double_eq(x[0], 3.0);
    huge[0] = '1';
    huge[1] = '\n';
    memset(huge + 2, '0', lim + 1);
    huge[2 + lim - 1] = '7';
    ck_assert_int_eq(fanos_parse_vector(huge, 2 + lim, x, 2, &count, &line),
                     FANOS_OK);
    ck_assert_double_eq(x[1], 7.0);
    huge[2 + lim - 1] = '0';
    huge[2 + lim] = '7';
    ck_assert_int_eq(fanos_parse_vector(huge, 2 + lim + 1, x, 2, &count, &line),
                     FANOS_EPARSE);
    ck_assert_uint_eq(line, 2);
    ck_assert_uint_eq(count, 1);
    free(huge);
    /* a UTF-8 byte order mark is skipped at the start only, and whole */
    ck_assert_int_eq(PV("\xEF\xBB\xBF" "1 2 3", 3), FANOS_OK);
    ck_assert_double_eq(x[0], 1.0);
    ck_assert_int_eq(PV("\xEF\xBB\xBF", 0), FANOS_OK);
    ck_assert_int_eq(PV("1 \xEF\xBB\xBF" "2 3", 3), FANOS_EPARSE);
    ck_assert_int_eq(PV("\xEF\xBB" "1 2 3", 3), FANOS_EPARSE);
    ck_assert_int_eq(PV("\xEF\xBB\xBF\xEF\xBB\xBF" "1 2 3", 3), FANOS_EPARSE);
    /* line may be NULL */
    ck_assert_int_eq(fanos_parse_vector("y", 1, x, 1, &count, NULL),
                     FANOS_EPARSE);
}
END_TEST

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
    ck_assert_int_eq(fclose(fp), 0);
}

START_TEST(test_read_vector)
{
    char dir[] = "/tmp/fanos-api.XXXXXX", path[256];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    double x[3];
    size_t count = 99, line = 99;
    snprintf(path, sizeof path, "%s/v.txt", dir);
    ck_assert_int_eq(fanos_read_vector(NULL, x, 3, &count, &line), FANOS_ENULL);
    ck_assert_int_eq(fanos_read_vector(path, NULL, 3, &count, &line),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_read_vector(path, x, 3, NULL, &line), FANOS_ENULL);
    /* missing, a directory (unreadable even for root), an empty name */
    /* (errno tells why) */
    ck_assert_int_eq(fanos_read_vector(path, x, 3, &count, &line), FANOS_EIO);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_uint_eq(count, 0);
    ck_assert_int_eq(fanos_read_vector(dir, x, 3, &count, &line), FANOS_EIO);
    ck_assert_int_eq(errno, EISDIR);
    ck_assert_int_eq(fanos_read_vector("", x, 3, &count, &line), FANOS_EIO);
    ck_assert_int_eq(errno, ENOENT);
    write_file(path, "", 0);
    ck_assert_int_eq(fanos_read_vector(path, x, 3, &count, &line), FANOS_EDIM);
    ck_assert_uint_eq(count, 0);
    write_file(path, "1 2\n3\n", 6);
    ck_assert_int_eq(fanos_read_vector(path, x, 3, &count, &line), FANOS_OK);
    ck_assert_double_eq(x[2], 3.0);
    ck_assert_int_eq(fanos_read_vector(path, x, 2, &count, &line), FANOS_EDIM);
    ck_assert_uint_eq(count, 3);
    write_file(path, "1 2\nbad\n", 8);
    ck_assert_int_eq(fanos_read_vector(path, x, 3, &count, &line), FANOS_EPARSE);
    ck_assert_uint_eq(line, 2);
    write_file(path, "1\0 2 3", 6);
    ck_assert_int_eq(fanos_read_vector(path, x, 3, &count, &line), FANOS_EPARSE);
    /* a file saved with a UTF-8 byte order mark */
    write_file(path, "\xEF\xBB\xBF" "4 5\n6\n", 9);
    ck_assert_int_eq(fanos_read_vector(path, x, 3, &count, &line), FANOS_OK);
    ck_assert_double_eq(x[0], 4.0);
    ck_assert_double_eq(x[2], 6.0);
    /* longer than the first read buffer: 3000 numbers, 3 wanted */
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    for (int i = 0; i < 3000; i++)
        fprintf(fp, "%d.25\n", i);
    ck_assert_int_eq(fclose(fp), 0);
    ck_assert_int_eq(fanos_read_vector(path, x, 3, &count, &line), FANOS_EDIM);
    ck_assert_uint_eq(count, 3000);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

static Suite *api_suite(void)
{
    Suite *s = suite_create("api");
    TCase *tc = tcase_create("api");
    tcase_add_test(tc, test_strerror);
    tcase_add_test(tc, test_param_check);
    tcase_add_test(tc, test_param_parse_null);
    tcase_add_test(tc, test_param_parse_real);
    tcase_add_test(tc, test_param_parse_bool);
    tcase_add_test(tc, test_param_range_str);
    tcase_add_test(tc, test_types);
    tcase_add_test(tc, test_alloc);
    tcase_add_test(tc, test_set_get);
    tcase_add_test(tc, test_check_conflicts);
    tcase_add_test(tc, test_step_args);
    tcase_add_test(tc, test_fields);
    tcase_add_test(tc, test_rosenbrock_args);
    tcase_add_test(tc, test_run_args);
    tcase_add_test(tc, test_clip_args);
    tcase_add_test(tc, test_parse_vector);
    tcase_add_test(tc, test_read_vector);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(api_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
