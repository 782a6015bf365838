/* check_names.c - the library's help for the names and files a user types:
 * fanos_suggest (the "did you mean" of the command), the method names of
 * the paper that fanos_optimizer_type_find takes, the place of a bad token
 * in a vector's text (fanos_parse_vector_ex), the shortest round-trip text
 * of a double, the conflict sentence, the step probe's figures and the
 * plug-in loader's refusals.  Expected values are worked by hand, or come
 * from the functions below the one under test (strtod, the parameter
 * tables, the experiment files). */
#include <config.h>
#include <check.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "fanos.h"

/* ---- fanos_suggest ------------------------------------------------------ */

START_TEST(test_suggest_distance)
{
    const char *const opt[] = {"sgd", "adamw", "adam-eqbeta", "rmsprop"};
    /* one insertion */
    ck_assert_str_eq(fanos_suggest("adam", opt, 4), "adamw");
    /* case is ignored: distance 0 */
    ck_assert_str_eq(fanos_suggest("ADAMW", opt, 4), "adamw");
    /* a swap of neighbours counts one: "sdg" is 2 substitutions away from
     * "sgd" in plain Levenshtein, over the limit of a 3-letter name */
    ck_assert_str_eq(fanos_suggest("sdg", opt, 4), "sgd");
    /* the first letters of a longer name */
    ck_assert_str_eq(fanos_suggest("rms", opt, 4), "rmsprop");
    /* too far: 3 letters, 2 edits from every candidate */
    ck_assert_ptr_null(fanos_suggest("xyz", opt, 4));
    /* the limits: 1 edit for 3..5 letters, 2 for 6..8, 3 beyond */
    const char *const p[] = {"momentum", "rosenbrock", "lr"};
    ck_assert_str_eq(fanos_suggest("momentun", p, 3), "momentum");
    ck_assert_str_eq(fanos_suggest("monentun", p, 3), "momentum");
    ck_assert_ptr_null(fanos_suggest("mxnxntun", p, 3));
    ck_assert_str_eq(fanos_suggest("rosenbrok", p, 3), "rosenbrock");
    ck_assert_str_eq(fanos_suggest("rsnbrock", p, 3), "rosenbrock");
    ck_assert_ptr_null(fanos_suggest("rsnbrck", p, 3));
    /* a name of 1 or 2 letters only in another case */
    ck_assert_str_eq(fanos_suggest("LR", p, 3), "lr");
    ck_assert_ptr_null(fanos_suggest("lx", p, 3));
}
END_TEST

START_TEST(test_suggest_edges)
{
    const char *const c[] = {NULL, "budget", "budgets", NULL};
    /* the first of equally close ones; NULL entries skipped */
    ck_assert_str_eq(fanos_suggest("budgex", c, 4), "budget");
    ck_assert_str_eq(fanos_suggest("budgetz", c, 4), "budget");
    ck_assert_ptr_null(fanos_suggest(NULL, c, 4));
    ck_assert_ptr_null(fanos_suggest("budget", NULL, 4));
    ck_assert_ptr_null(fanos_suggest("", c, 4));
    ck_assert_ptr_null(fanos_suggest("budget", c, 0));
    char longname[200];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    const char *const l[] = {longname};
    ck_assert_ptr_null(fanos_suggest(longname, l, 1));
    /* the result points into the candidates */
    ck_assert_ptr_eq(fanos_suggest("budgte", c, 4), c[1]);
}
END_TEST

/* ---- method names of the paper -------------------------------------------- */

START_TEST(test_type_find)
{
    const char *set = "x";
    ck_assert_ptr_eq(fanos_optimizer_type_find("adamw", &set),
                     fanos_optimizer_adamw);
    ck_assert_str_eq(set, "");
    ck_assert_ptr_eq(fanos_optimizer_type_find("AdamW", &set),
                     fanos_optimizer_adamw);
    ck_assert_ptr_eq(fanos_optimizer_type_find("RMSProp", NULL),
                     fanos_optimizer_rmsprop);
    ck_assert_ptr_eq(fanos_optimizer_type_find("Adam-eqbeta", NULL),
                     fanos_optimizer_adam_eqbeta);
    ck_assert_ptr_eq(fanos_optimizer_type_find("iKFAD", NULL),
                     fanos_optimizer_ikfad);
    ck_assert_ptr_eq(fanos_optimizer_type_find("FANoS-RMS", &set),
                     fanos_optimizer_fanos);
    ck_assert_str_eq(set, "");
    ck_assert_ptr_eq(fanos_optimizer_type_find("fanos-baseline", NULL),
                     fanos_optimizer_fanos);
    ck_assert_ptr_eq(fanos_optimizer_type_find("NGN-M", NULL),
                     fanos_optimizer_ngnm);
    ck_assert_ptr_eq(fanos_optimizer_type_find("L-BFGS", NULL),
                     fanos_optimizer_lbfgs);
    ck_assert_ptr_eq(fanos_optimizer_type_find("SGD+Mom", &set),
                     fanos_optimizer_sgd);
    ck_assert_str_eq(set, "momentum=0.9");
    /* no single optimizer */
    set = "x";
    ck_assert_ptr_null(fanos_optimizer_type_find("AdamW+clip", &set));
    ck_assert_str_eq(set, "");
    ck_assert_ptr_null(fanos_optimizer_type_find("AdamW->L-BFGS", NULL));
    ck_assert_ptr_null(fanos_optimizer_type_find("FixedFriction-1", NULL));
    ck_assert_ptr_null(fanos_optimizer_type_find(NULL, &set));
    ck_assert_str_eq(set, "");
}
END_TEST

/* Every [method NAME] of the paper's experiment files that
 * fanos_optimizer_type_find takes stands for the optimizer the section
 * names, and the section sets what the name states (SGD+Mom:
 * momentum=0.9). */
START_TEST(test_type_find_experiment_files)
{
    static const char *const files[] = {
        "rosenbrock_sweep.ini", "ablation.ini", "quadratic_sweep.ini",
        "pinn.ini", "pinn_family.ini"};
    size_t taken = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        char path[4096], line[512], method[128] = "", set[512] = "";
        snprintf(path, sizeof path, "%s/../%s", DRAWS_DIR, files[f]);
        FILE *fp = fopen(path, "r");
        ck_assert_msg(fp != NULL, "cannot read %s", path);
        while (fgets(line, sizeof line, fp)) {
            line[strcspn(line, "\r\n")] = '\0';
            if (sscanf(line, "[method %127[^]]]", method) == 1) {
                set[0] = '\0';
                continue;
            }
            if (!strncmp(line, "set = ", 6))
                snprintf(set, sizeof set, "%s", line + 6);
            char opt[64];
            if (!method[0] || sscanf(line, "optimizer = %63s", opt) != 1)
                continue;
            const char *states;
            const fanos_optimizer_type *t =
                fanos_optimizer_type_find(method, &states);
            if (!t)
                continue;
            taken++;
            ck_assert_msg(t == fanos_optimizer_type_lookup(opt),
                          "%s: [method %s] is %s, the name stands for %s",
                          files[f], method, opt, t->name);
        }
        fclose(fp);
        /* the settings a name states: read the rest of the file again */
        fp = fopen(path, "r");
        method[0] = set[0] = '\0';
        while (fgets(line, sizeof line, fp)) {
            line[strcspn(line, "\r\n")] = '\0';
            if (sscanf(line, "[method %127[^]]]", method) == 1)
                continue;
            const char *states = NULL;
            if (strncmp(line, "set = ", 6) ||
                !fanos_optimizer_type_find(method, &states) || !*states)
                continue;
            ck_assert_msg(strstr(line + 6, states) != NULL,
                          "%s: [method %s] sets %s, its name states %s",
                          files[f], method, line + 6, states);
        }
        fclose(fp);
    }
    /* AdamW, RMSProp, SGD+Mom, L-BFGS, FANoS-RMS, ... are among them */
    ck_assert_uint_ge(taken, 20);
}
END_TEST

/* ---- where a vector's text went wrong ----------------------------------- */

static int parse(const char *text, size_t len, size_t *count,
                 fanos_vector_error *e)
{
    double x[4];
    return fanos_parse_vector_ex(text, len, x, 3, count, e);
}

START_TEST(test_vector_error_place)
{
    fanos_vector_error e;
    size_t count;
    ck_assert_int_eq(parse("1 2 x", 5, &count, &e), FANOS_EPARSE);
    ck_assert_uint_eq(e.line, 1);
    ck_assert_uint_eq(e.column, 5);
    ck_assert_uint_eq(e.length, 1);
    ck_assert_str_eq(e.token, "x");
    ck_assert_uint_eq(count, 2);
    /* a header line: its first token, at column 1 */
    ck_assert_int_eq(parse("x,y\n1 2 3\n", 10, &count, &e), FANOS_EPARSE);
    ck_assert_uint_eq(e.line, 1);
    ck_assert_uint_eq(e.column, 1);
    ck_assert_str_eq(e.token, "x");
    /* "1; 2": the separator is not one */
    ck_assert_int_eq(parse("1; 2", 4, &count, &e), FANOS_EPARSE);
    ck_assert_str_eq(e.token, "1;");
    ck_assert_uint_eq(e.length, 2);
    /* the column counts from the line's start, a comment line before */
    ck_assert_int_eq(parse("# c\n1\n\t nan", 12, &count, &e), FANOS_EPARSE);
    ck_assert_uint_eq(e.line, 3);
    ck_assert_uint_eq(e.column, 3);
    ck_assert_str_eq(e.token, "nan");
    ck_assert_uint_eq(count, 1);
    /* the byte order mark is not a column */
    ck_assert_int_eq(parse("\xEF\xBB\xBF" "1 1e999", 10, &count, &e),
                     FANOS_EPARSE);
    ck_assert_uint_eq(e.column, 3);
    ck_assert_str_eq(e.token, "1e999");
    /* a NUL byte: length 1, no text */
    ck_assert_int_eq(parse("1\0002", 3, &count, &e), FANOS_EPARSE);
    ck_assert_uint_eq(e.column, 2);
    ck_assert_uint_eq(e.length, 1);
    ck_assert_str_eq(e.token, "");
    /* success: all zero */
    ck_assert_int_eq(parse("1 2 3", 5, &count, &e), FANOS_OK);
    ck_assert_uint_eq(e.line + e.column + e.length, 0);
    ck_assert_str_eq(e.token, "");
    /* the old function gives the same line */
    size_t line = 99;
    double x[3];
    ck_assert_int_eq(fanos_parse_vector("# c\n1\n\t nan", 12, x, 3, &count,
                                        &line), FANOS_EPARSE);
    ck_assert_uint_eq(line, 3);
    ck_assert_int_eq(fanos_parse_vector("1 2 3", 5, x, 3, &count, &line),
                     FANOS_OK);
    ck_assert_uint_eq(line, 0);
    ck_assert_int_eq(fanos_parse_vector_ex(NULL, 0, x, 3, &count, &e),
                     FANOS_ENULL);
    /* err may be NULL */
    ck_assert_int_eq(fanos_parse_vector_ex("a", 1, x, 3, &count, NULL),
                     FANOS_EPARSE);
}
END_TEST

START_TEST(test_vector_error_long_token)
{
    /* 100 digits and a letter: the first FANOS_VECTOR_SHOWN bytes */
    char text[128];
    memset(text, '7', 100);
    text[100] = 'q';
    fanos_vector_error e;
    size_t count;
    ck_assert_int_eq(parse(text, 101, &count, &e), FANOS_EPARSE);
    ck_assert_uint_eq(e.length, 101);
    ck_assert_uint_eq(strlen(e.token), FANOS_VECTOR_SHOWN);
    ck_assert_int_eq(memcmp(e.token, text, FANOS_VECTOR_SHOWN), 0);
    /* "a" then 30 two-byte characters: byte 48 continues a character, so
     * the copy stops before the character it belongs to */
    size_t n = 0;
    text[n++] = 'a';
    for (int i = 0; i < 30; i++) {
        text[n++] = (char)0xC3;
        text[n++] = (char)0xA9;
    }
    ck_assert_int_eq(parse(text, n, &count, &e), FANOS_EPARSE);
    ck_assert_uint_eq(e.length, n);
    ck_assert_uint_eq(strlen(e.token), FANOS_VECTOR_SHOWN - 1);
    ck_assert_int_eq((unsigned char)e.token[FANOS_VECTOR_SHOWN - 2], 0xA9);
}
END_TEST

START_TEST(test_read_vector_ex)
{
    char path[] = "/tmp/check_names_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *fp = fdopen(fd, "w");
    fputs("0.5\n-1\n  2;\n", fp);
    fclose(fp);
    double x[3];
    size_t count;
    fanos_vector_error e;
    ck_assert_int_eq(fanos_read_vector_ex(path, x, 3, &count, &e),
                     FANOS_EPARSE);
    ck_assert_uint_eq(e.line, 3);
    ck_assert_uint_eq(e.column, 3);
    ck_assert_str_eq(e.token, "2;");
    ck_assert_uint_eq(count, 2);
    unlink(path);
    ck_assert_int_eq(fanos_read_vector_ex(path, x, 3, &count, &e), FANOS_EIO);
    ck_assert_uint_eq(e.line, 0);
}
END_TEST

/* ---- numbers as text ---------------------------------------------------- */

START_TEST(test_format_real)
{
    char b[32];
    ck_assert_int_eq(fanos_real_str(b, sizeof b, 0.1), FANOS_OK);
    ck_assert_str_eq(b, "0.1");
    fanos_real_str(b, sizeof b, 1e6);
    ck_assert_str_eq(b, "1000000");
    fanos_real_str(b, sizeof b, -3);
    ck_assert_str_eq(b, "-3");
    fanos_real_str(b, sizeof b, 1e15);
    ck_assert_str_eq(b, "1e+15");
    fanos_real_str(b, sizeof b, NAN);
    ck_assert_str_eq(b, "nan");
    fanos_real_str(b, sizeof b, -INFINITY);
    ck_assert_str_eq(b, "-inf");
    ck_assert_int_eq(fanos_real_str(NULL, 4, 1), FANOS_ENULL);
    ck_assert_int_eq(fanos_real_str(b, 0, 1), FANOS_EDIM);
    /* any double: the text reads back exactly, and one digit less does
     * not (shortest); a fixed generator of bit patterns */
    unsigned long long s = 88172645463325252ULL;
    for (int i = 0; i < 20000; i++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        double v;
        memcpy(&v, &s, sizeof v);
        if (!isfinite(v))
            continue;
        fanos_real_str(b, sizeof b, v);
        ck_assert_msg(strtod(b, NULL) == v, "%s does not read back", b);
        if (v == floor(v) && fabs(v) < 1e15)
            continue;
        /* its significant digits: after the sign and the leading zeros */
        int digits = 0;
        const char *c = b + (*b == '-');
        while (*c == '0' || *c == '.')
            c++;
        for (; *c && *c != 'e'; c++)
            digits += isdigit((unsigned char)*c) != 0;
        char shorter[320];
        snprintf(shorter, sizeof shorter, "%.*g", digits - 1, v);
        ck_assert_msg(digits == 1 || strtod(shorter, NULL) != v,
                      "%s is not the shortest (%s)", b, shorter);
    }
}
END_TEST

/* ---- the step probe's figures ------------------------------------------- */

START_TEST(test_bench_steps_size)
{
    fanos_bench_figure fig[FANOS_BENCH_STEP_FIGURES];
    size_t n = 99;
    ck_assert_int_eq(fanos_bench_steps_size(100000, 1, fig, &n, NULL),
                     FANOS_OK);
    /* the triad, then 4 figures of each of the 5 kernels */
    ck_assert_uint_eq(n, 21);
    ck_assert_str_eq(fig[0].name, "triad_d1e5_gbs");
    static const char *const k[] = {"fanos", "adamw", "sgd", "vradam", "cadam"};
    static const double bytes[] = {64, 56, 40, 72, 56};
    for (int i = 0; i < 5; i++) {
        char name[64];
        const fanos_bench_figure *f = &fig[1 + 4 * i];
        snprintf(name, sizeof name, "step_%s_d1e5_ns", k[i]);
        ck_assert_str_eq(f[0].name, name);
        ck_assert(f[0].value > 0);
        ck_assert(f[1].value == bytes[i]);
        ck_assert_str_eq(f[1].unit, "B/param");
        /* GB/s = bytes / ns, and its fraction of the triad */
        ck_assert(fabs(f[2].value - bytes[i] / f[0].value) <=
                  1e-12 * f[2].value);
        ck_assert(fabs(f[3].value - f[2].value / fig[0].value) <=
                  1e-12 * f[3].value);
    }
    const char *failed = NULL;
    ck_assert_int_eq(fanos_bench_steps_size(100000, 0, fig, &n, &failed),
                     FANOS_ERANGE);
    ck_assert_str_eq(failed, "triad");
    ck_assert_int_eq(fanos_bench_steps_size(100000, 1, NULL, &n, NULL),
                     FANOS_ENULL);
}
END_TEST

/* ---- the plug-in loader's refusals -------------------------------------- */

START_TEST(test_plugin_refusals)
{
    fanos_plugin *p = (fanos_plugin *)1;
    char why[256];
    ck_assert_int_eq(fanos_plugin_open(NULL, "x.so", "f", why, sizeof why),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_plugin_open(&p, "x.so", "", why, sizeof why),
                     FANOS_EPARSE);
    ck_assert_ptr_null(p);
    char sym[FANOS_PLUGIN_SYMBOL_MAX + 2];
    memset(sym, 's', sizeof sym - 1);
    sym[sizeof sym - 1] = '\0';
    ck_assert_int_eq(fanos_plugin_open(&p, "x.so", sym, why, sizeof why),
                     FANOS_EPARSE);
    /* a missing file, and a file that is no shared object */
    ck_assert_int_eq(fanos_plugin_open(&p, "/nonexistent/lib.so", "f", why,
                                       sizeof why), FANOS_EIO);
    ck_assert_ptr_null(p);
    ck_assert(why[0] != '\0');
    char csv[4096];
    snprintf(csv, sizeof csv, "%s/rosenbrock100_x0.csv", DRAWS_DIR);
    ck_assert_int_eq(fanos_plugin_open(&p, csv, "f", NULL, 0), FANOS_EIO);
    /* the accessors of a NULL plug-in */
    double x = 0, f;
    size_t call;
    int code;
    ck_assert_int_eq(fanos_plugin_fdf(NULL, 1, &x, &f, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_plugin_x0(NULL, 1, 0, &x), FANOS_ENULL);
    ck_assert_int_eq(fanos_plugin_failure(NULL, &call, &code), FANOS_ENULL);
    ck_assert_int_eq(fanos_plugin_has_x0(NULL), 0);
    fanos_plugin_free(NULL);
}
END_TEST

static Suite *names_suite(void)
{
    Suite *s = suite_create("names");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_suggest_distance);
    tcase_add_test(tc, test_suggest_edges);
    tcase_add_test(tc, test_type_find);
    tcase_add_test(tc, test_type_find_experiment_files);
    tcase_add_test(tc, test_vector_error_place);
    tcase_add_test(tc, test_vector_error_long_token);
    tcase_add_test(tc, test_read_vector_ex);
    tcase_add_test(tc, test_format_real);
    tcase_add_test(tc, test_bench_steps_size);
    tcase_add_test(tc, test_plugin_refusals);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(names_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
