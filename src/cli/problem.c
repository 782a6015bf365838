/* problem.c - the problem of a run: its options, its objective and its
 * start point (fresh draws, reference draws or an --x0 file). */
#include <config.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

#ifndef FANOS_DRAWS_DIR
#define FANOS_DRAWS_DIR "experiments/draws"
#endif

/* A larger quadratic would not be a benchmark but a memory test: A alone
 * takes 8 D^2 bytes (800 MB at D = 10000). */
#define QUADRATIC_DIM_MAX 10000ULL

/* The installed copy of the reference draws. */
const char *cli_installed_draws_dir(void)
{
    return FANOS_DRAWS_DIR;
}

/* $FANOS_DRAWS_DIR when set and not empty, else the installed copy: the
 * same default for run, pinn and sweep. */
const char *cli_default_draws_dir(void)
{
    const char *env = getenv("FANOS_DRAWS_DIR");
    return env && *env ? env : FANOS_DRAWS_DIR;
}

void cli_problem_args_init(cli_problem_args *a)
{
    memset(a, 0, sizeof *a);
    a->name = "rosenbrock";
    a->dim = 100;
    a->cond = 100.0;
    a->draws = "fresh";
    a->draws_dir = cli_default_draws_dir();
}

int cli_problem_option(int argc, char **argv, int *i, cli_problem_args *a,
                       int *bad)
{
    const char *v;
    if ((v = cli_opt(argc, argv, i, "--cond", bad))) {
        a->cond_given = 1;
        if (cli_parse_real(v, &a->cond) || !(a->cond >= 1.0)) {
            cli_error("--cond %s: must be a number in [1, inf)", v);
            *bad = EXIT_BADINPUT;
        }
        return 1;
    }
    if (!*bad && (v = cli_opt(argc, argv, i, "--draws", bad))) {
        a->draws = v;
        if (strcmp(v, "fresh") && strcmp(v, "reference")) {
            cli_error("--draws %s: must be fresh or reference", v);
            *bad = EXIT_BADINPUT;
        }
        return 1;
    }
    if (!*bad && (v = cli_opt(argc, argv, i, "--draws-dir", bad))) {
        a->draws_dir = v;
        if (!*v) {
            cli_error("--draws-dir '': needs a folder name");
            *bad = EXIT_BADINPUT;
        }
        return 1;
    }
    return *bad;
}

static int is_reference(const cli_problem_args *a)
{
    return !strcmp(a->draws, "reference");
}

int cli_problem_check(const cli_problem_args *a)
{
    int quad = !strcmp(a->name, "quadratic");
    if (!quad && strcmp(a->name, "rosenbrock")) {
        cli_error("--problem %s: unknown problem (known: rosenbrock, "
                  "quadratic)", a->name);
        return -1;
    }
    char num[32];
    fmt_real(num, sizeof num, a->cond);
    if (!quad && a->cond_given) {
        cli_error("--cond %s: only --problem quadratic has a condition "
                  "number", num);
        return -1;
    }
    if (quad && a->dim > QUADRATIC_DIM_MAX) {
        cli_error("--dim %llu: the quadratic needs 2 <= D <= %llu (A has D*D "
                  "entries)", a->dim, QUADRATIC_DIM_MAX);
        return -1;
    }
    if (is_reference(a) && a->dim != FANOS_REFERENCE_DIM) {
        cli_error("--dim %llu: the reference draws of %s are for D = %d only",
                  a->dim, a->name, FANOS_REFERENCE_DIM);
        return -1;
    }
    if (is_reference(a) && a->x0path) {
        cli_error("--x0 %s: --draws reference gives the start point already; "
                  "use one of them", a->x0path);
        return -1;
    }
    if (quad && !is_reference(a) && a->seed > FANOS_QUADRATIC_SEED_MAX) {
        cli_error("--seed %llu: fresh draws of the quadratic need 0 <= S <= "
                  "%lu", a->seed, FANOS_QUADRATIC_SEED_MAX);
        return -1;
    }
    return 0;
}

static int load_x0(const char *path, double *x, size_t n)
{
    size_t count = 0, line = 0;
    cli_note_input(path);
    int rc = fanos_read_vector(path, x, n, &count, &line);
    if (rc == FANOS_OK)
        return 0;
    if (rc == FANOS_EIO)
        cli_error("--x0 %s: cannot read the file: %s", path, strerror(errno));
    else if (rc == FANOS_EPARSE)
        cli_error("--x0 %s: line %zu: not a finite number (after %zu values); "
                  "accepted: decimal numbers of at most %d characters", path,
                  line, count, FANOS_VECTOR_TOKEN_MAX);
    else if (rc == FANOS_EDIM)
        cli_error("--x0 %s: %s%zu numbers, expected exactly %zu (--dim)", path,
                  count > n ? "at least " : "", count, n);
    else
        cli_error("--x0 %s: %s", path, fanos_strerror(rc));
    return -1;
}

/* One line for a failed read of the reference draws. */
static void report_draws(const cli_problem_args *a, const char *file, int rc)
{
    const char *d = a->draws_dir;
    switch (rc) {
    case FANOS_EIO:
        cli_error("--draws-dir %s: cannot read %s (install the package, or "
                  "pass --draws-dir with the folder experiments/draws)", d,
                  file);
        break;
    case FANOS_ERANGE:
        cli_error("--seed %llu: %s has no reference draws of this seed; "
                  "accepted: the seeds the reference pipeline exported "
                  "(rosenbrock 0..9, quadratic 0..2)", a->seed, file);
        break;
    case FANOS_EPARSE:
        cli_error("--draws-dir %s: %s is malformed (a field is not a finite "
                  "number, or a line is out of place)", d, file);
        break;
    case FANOS_EDIM:
        cli_error("--draws-dir %s: %s has the wrong number of values or lines",
                  d, file);
        break;
    default:
        cli_error("--draws-dir %s: %s: %s", d, file, fanos_strerror(rc));
    }
}

static int setup_quadratic(const cli_problem_args *a, cli_problem *p)
{
    const size_t d = (size_t)a->dim;
    double *W = malloc(d * d * sizeof *W);
    if (!W) {
        cli_error("--dim %llu: cannot allocate the quadratic", a->dim);
        return -1;
    }
    int rc;
    if (is_reference(a)) {
        rc = fanos_reference_quadratic(a->draws_dir, (unsigned long)a->seed, d,
                                       p->x0, W);
        if (rc != FANOS_OK) {
            char file[64];
            snprintf(file, sizeof file, "quadratic_seed%llu.csv", a->seed);
            report_draws(a, file, rc);
            free(W);
            return -1;
        }
    } else {
        rc = fanos_quadratic_draw(d, (unsigned long)a->seed, p->x0, W);
    }
    if (rc == FANOS_OK)
        rc = fanos_quadratic_alloc(&p->quad, d, a->cond, W);
    free(W);
    if (rc != FANOS_OK) {
        char num[32];
        fmt_real(num, sizeof num, a->cond);
        cli_error("--problem quadratic --dim %llu --cond %s: %s", a->dim,
                  num, fanos_strerror(rc));
        return -1;
    }
    p->fdf = fanos_quadratic_fdf;
    p->ctx = p->quad;
    return 0;
}

int cli_problem_setup(const cli_problem_args *a, cli_problem *p)
{
    memset(p, 0, sizeof *p);
    p->n = (size_t)a->dim;
    p->x0 = malloc(p->n * sizeof *p->x0);
    if (!p->x0) {
        cli_error("--dim %llu: cannot allocate the start point", a->dim);
        return -1;
    }
    int bad = 0;
    if (!strcmp(a->name, "quadratic")) {
        bad = setup_quadratic(a, p);
    } else {
        p->fdf = fanos_rosenbrock_fdf;
        if (is_reference(a)) {
            int rc = fanos_reference_rosenbrock_x0(
                a->draws_dir, (unsigned long)a->seed, p->x0, p->n);
            if (rc != FANOS_OK) {
                report_draws(a, "rosenbrock100_x0.csv", rc);
                bad = -1;
            }
        } else {
            fanos_rosenbrock_x0(p->n, (unsigned long)a->seed, p->x0);
        }
    }
    if (!bad && a->x0path)
        bad = load_x0(a->x0path, p->x0, p->n);
    if (bad) {
        cli_problem_free(p);
        return -1;
    }
    return 0;
}

void cli_problem_free(cli_problem *p)
{
    fanos_quadratic_free(p->quad);
    free(p->x0);
    memset(p, 0, sizeof *p);
}
