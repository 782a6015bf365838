/* problem.c - the problem of a run: its options, its objective and its
 * start point (fresh draws, reference draws or an --x0 file). */
#include <config.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"

#ifndef FANOS_DRAWS_DIR
#define FANOS_DRAWS_DIR "experiments/draws"
#endif

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
    if (!*bad && (v = cli_opt(argc, argv, i, "--param", bad))) {
        if (a->nparams == CLI_PARAMS_MAX) {
            cli_error("--param %s: at most %d --param options", v,
                      CLI_PARAMS_MAX);
            *bad = EXIT_BADINPUT;
        } else {
            a->params[a->nparams++] = v;
        }
        return 1;
    }
    return *bad;
}

/* dim as given, or the type's default. */
static unsigned long long dim_of(const cli_problem_args *a,
                                 const fanos_problem_type *t)
{
    int i = fanos_problem_type_param_index(t, "dim");
    return a->dim ? a->dim : i >= 0 ? (unsigned long long)t->params[i].def : 0;
}

static int is_reference(const cli_problem_args *a)
{
    return !strcmp(a->draws, "reference");
}

/* The problems `fanos run` takes (a budgeted run; the warm-start ones are
 * `fanos pinn`'s) into buf as "a, b"; with param, only those that have it. */
static void run_problem_names(char *buf, size_t len, const char *param)
{
    buf[0] = '\0';
    for (const fanos_problem_type *const *t = fanos_problem_types(); *t; t++)
        if ((*t)->protocol == FANOS_PROTOCOL_RUN &&
            (!param || fanos_problem_type_param_index(*t, param) >= 0))
            snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
                     buf[0] ? ", " : "", (*t)->name);
}

const fanos_problem_type *cli_run_problem_type(const char *name)
{
    const fanos_problem_type *t = fanos_problem_type_lookup(name);
    return t && t->protocol == FANOS_PROTOCOL_RUN ? t : NULL;
}

/* --dim against the problem's dim row. */
static int check_dim(const cli_problem_args *a, const fanos_problem_type *t)
{
    int i = fanos_problem_type_param_index(t, "dim");
    if (i < 0 && a->dim) {
        cli_error("--dim %llu: the %s problem has no --dim (its size follows "
                  "from its parameters: see fanos params %s)", a->dim,
                  t->name, t->name);
        return -1;
    }
    if (i < 0 || fanos_param_check(&t->params[i], (double)dim_of(a, t)) ==
                     FANOS_OK)
        return 0;
    const fanos_param_info *r = &t->params[i];
    cli_error("--dim %llu: the %s needs %.15g <= D <= %.15g (dim: %s)", a->dim,
              t->name, r->lower, r->upper, r->help);
    return -1;
}

/* The names of t's parameters into buf, "a, b, c". */
static void param_names(const fanos_problem_type *t, char *buf, size_t len)
{
    buf[0] = '\0';
    for (size_t i = 0; i < t->nparams; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? ", " : "",
                 t->params[i].name);
}

/* One --param KEY=VALUE on p; 0 or -1 (reported). */
static int apply_param(fanos_problem *p, const char *kv)
{
    const fanos_problem_type *t = fanos_problem_get_type(p);
    const char *eq = strchr(kv, '=');
    char key[64], range[96];
    if (!eq || eq == kv) {
        cli_error("--param %s: expected KEY=VALUE (see fanos params %s)", kv,
                  t->name);
        return -1;
    }
    snprintf(key, sizeof key, "%.*s", (int)(eq - kv), kv);
    int i = (size_t)(eq - kv) < sizeof key
                ? fanos_problem_type_param_index(t, key) : FANOS_EUNKNOWN;
    if (i >= 0 && (!strcmp(key, "dim") || !strcmp(key, "cond"))) {
        cli_error("--param %s: %s has its own option; use --%s", kv, key, key);
        return -1;
    }
    if (i < 0) {
        char names[512];
        param_names(t, names, sizeof names);
        cli_error("--param %s: unknown parameter '%s' of problem %s "
                  "(accepted: %s)", kv, key, t->name, names);
        return -1;
    }
    const fanos_param_info *r = &t->params[i];
    int rc = fanos_problem_set_text(p, key, eq + 1);
    if (rc == FANOS_OK)
        return 0;
    fanos_param_range_str(r, range, sizeof range);
    cli_error("--param %s: not a valid value; %s must be %s in %s (%s)", kv,
              key, r->kind == FANOS_PARAM_SIZES ? "a comma-separated list"
                   : r->kind == FANOS_PARAM_PATH ? "a path"
                   : r->kind == FANOS_PARAM_INT  ? "an integer"
                                                 : "a value",
              range, r->help);
    return -1;
}

/* The problem's parameters from the options: --dim, --cond, every
 * --param, then the rules between them.  0 or -1 (reported). */
static int set_params(const cli_problem_args *a, fanos_problem *p)
{
    const fanos_problem_type *t = fanos_problem_get_type(p);
    int rc = FANOS_OK;
    if (a->dim)
        rc = fanos_problem_set(p, "dim", (double)a->dim);
    if (rc == FANOS_OK && fanos_problem_type_param_index(t, "cond") >= 0)
        rc = fanos_problem_set(p, "cond", a->cond);
    if (rc != FANOS_OK) {
        cli_error("--problem %s: %s", t->name, fanos_strerror(rc));
        return -1;
    }
    for (size_t i = 0; i < a->nparams; i++)
        if (apply_param(p, a->params[i]))
            return -1;
    size_t bad = 0;
    if (fanos_problem_check(p, &bad) != FANOS_OK) {
        const fanos_param_info *r = &t->params[bad];
        char val[160] = "";
        const char *text;
        size_t v[FANOS_SIZES_MAX], k;
        double d;
        if (fanos_problem_get_sizes(p, r->name, v, &k) == FANOS_OK)
            for (size_t j = 0; j < k; j++)
                snprintf(val + strlen(val), sizeof val - strlen(val), "%s%zu",
                         j ? "," : "", v[j]);
        else if (fanos_problem_get_text(p, r->name, &text) == FANOS_OK)
            snprintf(val, sizeof val, "%s", text);
        else if (fanos_problem_get(p, r->name, &d) == FANOS_OK)
            fmt_real(val, sizeof val, d);
        cli_error("--problem %s: %s=%s is not valid with the other "
                  "parameters; %s: %s", t->name, r->name, val, r->name,
                  r->help);
        return -1;
    }
    return 0;
}

void cli_reference_file(const fanos_problem_type *t, unsigned long seed,
                        char *buf, size_t len)
{
    /* the format is the type's constant, with at most two %lu */
    if (t && t->reference_files)
        snprintf(buf, len, t->reference_files, seed, seed);
    else
        snprintf(buf, len, "?");
}

/* --objective FILE:SYMBOL: the rules beside the other options. */
static int check_objective(const cli_problem_args *a)
{
    const char *colon = strrchr(a->objective, ':');
    if (!colon || colon == a->objective || !colon[1]) {
        cli_error("--objective %s: accepted: FILE:SYMBOL, a shared object and "
                  "the name of its function (e.g. ./libmine.so:quad)",
                  a->objective);
        return -1;
    }
    if (a->problem_given || a->cond_given || is_reference(a)) {
        cli_error("--objective %s: not with %s; the objective and its start "
                  "point are the shared object's (or --x0 FILE)", a->objective,
                  a->problem_given ? "--problem" : a->cond_given ? "--cond"
                                                  : "--draws reference");
        return -1;
    }
    return 0;
}

int cli_problem_check(const cli_problem_args *a)
{
    if (a->objective)
        return check_objective(a);
    const fanos_problem_type *t = cli_run_problem_type(a->name);
    if (!t) {
        cli_unknown_problem("--problem", a->name, FANOS_PROTOCOL_RUN);
        return -1;
    }
    char num[32];
    fmt_real(num, sizeof num, a->cond);
    if (fanos_problem_type_param_index(t, "cond") < 0 && a->cond_given) {
        char known[256];
        run_problem_names(known, sizeof known, "cond");
        cli_error("--cond %s: only --problem %s has a condition number", num,
                  known);
        return -1;
    }
    if (check_dim(a, t))
        return -1;
    if (is_reference(a) && !t->reference_files) {
        cli_error("--draws reference: the %s problem has no reference draws "
                  "(the reference pipeline exported none for it); accepted: "
                  "--draws fresh", t->name);
        return -1;
    }
    if (is_reference(a) && t->reference_dim && dim_of(a, t) != t->reference_dim) {
        cli_error("--dim %llu: the reference draws of %s are for D = %zu only",
                  dim_of(a, t), a->name, t->reference_dim);
        return -1;
    }
    fanos_problem *p;
    if (fanos_problem_alloc(&p, t) != FANOS_OK) {
        cli_error("--problem %s: out of memory", t->name);
        return -1;
    }
    int bad = set_params(a, p);
    fanos_problem_free(p);
    if (bad)
        return -1;
    if (is_reference(a) && a->x0path) {
        cli_error("--x0 %s: --draws reference gives the start point already; "
                  "use one of them", a->x0path);
        return -1;
    }
    if (!is_reference(a) && t->fresh_seed_max && a->seed > t->fresh_seed_max) {
        cli_error("--seed %llu: fresh draws of the %s need 0 <= S <= %lu",
                  a->seed, t->name, t->fresh_seed_max);
        return -1;
    }
    return 0;
}

/* The bad token of an --x0 file: what it is, quoted (its first bytes and
 * its length when long). */
static void bad_token(const fanos_vector_error *e, size_t count, char *buf,
                      size_t len)
{
    const char *t = e->token;
    char *end;
    const double v = strtod(t, &end);
    const int whole = end != t && !*end && e->length <= FANOS_VECTOR_SHOWN;
    if (e->length == 1 && !t[0])
        snprintf(buf, len, "a NUL byte");
    else if (e->length > 32)
        snprintf(buf, len, "'%.24s...' (%zu characters) is not a number", t,
                 e->length);
    else if (whole)
        snprintf(buf, len, "'%s' is not a %s number", t,
                 isfinite(v) ? "decimal" : "finite");
    else
        snprintf(buf, len, "'%s' is not a number%s", t,
                 count == 0 && isalpha((unsigned char)t[0])
                     ? " (a header line? '#' starts a comment)" : "");
}

static int load_x0(const char *path, double *x, size_t n)
{
    size_t count = 0;
    fanos_vector_error e;
    cli_note_input(path);
    int rc = fanos_read_vector_ex(path, x, n, &count, &e);
    if (rc == FANOS_OK)
        return 0;
    char what[128];
    if (rc == FANOS_EIO)
        cli_error("--x0 %s: cannot read the file: %s", path, strerror(errno));
    else if (rc == FANOS_EPARSE) {
        bad_token(&e, count, what, sizeof what);
        cli_error("--x0 %s:%zu:%zu: value %zu: %s; accepted: finite numbers "
                  "in decimal (1, -0.5, 2e-3) of at most %d characters, "
                  "separated by blanks, commas or newlines; '#' starts a "
                  "comment", path,
                  e.line, e.column, count + 1, what, FANOS_VECTOR_TOKEN_MAX);
    } else if (rc == FANOS_EDIM)
        cli_error("--x0 %s: %s%zu numbers, expected exactly %zu (--dim)", path,
                  count > n ? "at least " : "", count, n);
    else
        cli_error("--x0 %s: %s", path, fanos_strerror(rc));
    return -1;
}

/* One line for a failed read of the reference draws. */
static void report_draws(const cli_problem_args *a, int rc)
{
    const char *d = a->draws_dir;
    char file[128], seeds[256] = "";
    cli_reference_file(cli_run_problem_type(a->name), (unsigned long)a->seed,
                       file, sizeof file);
    for (const fanos_problem_type *const *t = fanos_problem_types(); *t; t++)
        if ((*t)->protocol == FANOS_PROTOCOL_RUN && (*t)->reference_seeds)
            snprintf(seeds + strlen(seeds), sizeof seeds - strlen(seeds),
                     "%s%s %s", seeds[0] ? ", " : "", (*t)->name,
                     (*t)->reference_seeds);
    char where[4200];
    switch (rc) {
    case FANOS_EIO:
        snprintf(where, sizeof where, "--draws-dir %s", d);
        cli_report_draws(where, d, file);
        break;
    case FANOS_ERANGE:
        if (cli_draws_missing(cli_run_problem_type(a->name), d)) {
            snprintf(where, sizeof where, "--draws-dir %s", d);
            cli_report_draws(where, d, file);
            break;
        }
        cli_error("--seed %llu: %s has no reference draws of this seed; "
                  "accepted: the seeds the reference pipeline exported "
                  "(%s)", a->seed, file, seeds);
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

void cli_report_data(const fanos_problem *p, const char *where, int status,
                     const fanos_data_error *e)
{
    const fanos_problem_type *t = fanos_problem_get_type(p);
    const char *dir = "";
    fanos_problem_get_text(p, "data", &dir);
    char what[FANOS_DATA_PATH_MAX + 256];
    if (status == FANOS_EDIM && e->file[0] && e->index < t->nparams) {
        const char *name = t->params[e->index].name;
        cli_error("%s: %s = %llu: the data in %s holds %llu; accepted: %s <= "
                  "%llu", where, name, (unsigned long long)e->expected,
                  e->file, (unsigned long long)e->value, name,
                  (unsigned long long)e->value);
        return;
    }
    fanos_data_error_message(status, e, what, sizeof what);
    if (*dir)
        cli_error("%s: data = %s: %s", where, dir, what);
    else
        cli_error("%s: the data folder configure found: %s (set data = DIR)",
                  where, what);
}

static void report_data(const cli_problem *p, int status,
                        const fanos_data_error *e)
{
    char where[160];
    snprintf(where, sizeof where, "--problem %s",
             fanos_problem_get_type(p->problem)->name);
    cli_report_data(p->problem, where, status, e);
}

/* The shared object of --objective, its objective and start point. */
static int setup_plugin(const cli_problem_args *a, cli_problem *p)
{
    const char *colon = strrchr(a->objective, ':'), *sym = colon + 1;
    char file[4096], why[512] = "";
    struct stat st;
    snprintf(file, sizeof file, "%.*s", (int)(colon - a->objective),
             a->objective);
    int rc = stat(file, &st) != 0 ? FANOS_EIO
             : fanos_plugin_open(&p->plugin, file, sym, why, sizeof why);
    if (rc == FANOS_EIO && !why[0])
        snprintf(why, sizeof why, "%s", strerror(errno));
    if (rc == FANOS_EIO)
        cli_error("--objective %s: cannot load %s: %s; accepted: a shared "
                  "object (cc -shared -fPIC -o FILE mine.c)", a->objective, file,
                  why);
    else if (rc == FANOS_EUNKNOWN)
        cli_error("--objective %s: %s has no function '%s'; accepted: the name "
                  "of a fanos_fdf_fn of the file (nm -D --defined-only %s lists "
                  "them)", a->objective, file, sym, file);
    else if (rc != FANOS_OK)
        cli_error("--objective %s: %s", a->objective, fanos_strerror(rc));
    if (rc != FANOS_OK)
        return -1;
    p->fdf = fanos_plugin_fdf;
    p->ctx = p->plugin;
    p->objective = a->objective;
    if (a->x0path || !fanos_plugin_has_x0(p->plugin))
        return 0;   /* --x0 below, or zeros */
    rc = fanos_plugin_x0(p->plugin, p->n, (unsigned long)a->seed, p->x0);
    if (rc == FANOS_OK)
        return 0;
    size_t call;
    int code;
    fanos_plugin_failure(p->plugin, &call, &code);
    if (code != 0)
        cli_error("--objective %s: %s_x0 (n %zu, seed %llu) returned %d; "
                  "accepted: 0", a->objective, sym, p->n, a->seed, code);
    else
        cli_error("--objective %s: %s_x0 wrote a value that is not finite; "
                  "accepted: n finite numbers", a->objective, sym);
    return -1;
}

int cli_problem_failed(const cli_problem *p)
{
    size_t call = 0;
    int code = 0;
    if (!p->plugin || fanos_plugin_failure(p->plugin, &call, &code) ||
        !call)
        return 0;
    const char *sym = strrchr(p->objective, ':') + 1;
    cli_error("--objective %s: %s failed at call %zu (returned %d); accepted: "
              "0, with a non-finite loss in *f for a point where the objective "
              "diverges", p->objective, sym, call, code);
    return 1;
}

int cli_problem_setup(const cli_problem_args *a, cli_problem *p)
{
    memset(p, 0, sizeof *p);
    p->n = (size_t)a->dim;
    if (a->objective) {
        p->x0 = calloc(p->n, sizeof *p->x0);
        int bad = p->x0 ? setup_plugin(a, p) : -1;
        if (!p->x0)
            cli_error("--dim %llu: cannot allocate the start point", a->dim);
        if (!bad && a->x0path)
            bad = load_x0(a->x0path, p->x0, p->n);
        if (bad)
            cli_problem_free(p);
        return bad;
    }
    int rc = fanos_problem_alloc(&p->problem, cli_run_problem_type(a->name));
    if (rc != FANOS_OK || set_params(a, p->problem)) {
        if (rc != FANOS_OK)
            cli_error("--problem %s: %s", a->name, fanos_strerror(rc));
        cli_problem_free(p);
        return -1;
    }
    p->n = fanos_problem_size(p->problem);
    fanos_data_error derr;
    int dstatus = 0;
    if (p->n == 0) {    /* a size that depends on data it could not read */
        fanos_problem_data_error(p->problem, &dstatus, &derr);
        report_data(p, dstatus ? dstatus : FANOS_EDIM, &derr);
        cli_problem_free(p);
        return -1;
    }
    p->x0 = malloc(p->n * sizeof *p->x0);
    if (!p->x0) {
        cli_error("--problem %s: cannot allocate the start point (%zu values)",
                  a->name, p->n);
        cli_problem_free(p);
        return -1;
    }
    p->fdf = fanos_problem_fdf;
    p->ctx = p->problem;
    const fanos_draws draws =
        is_reference(a) ? FANOS_DRAWS_REFERENCE : FANOS_DRAWS_FRESH;
    rc = fanos_problem_setup(p->problem, draws, (unsigned long)a->seed,
                             a->draws_dir, p->x0);
    int bad = 0;
    if (rc != FANOS_OK)
        fanos_problem_data_error(p->problem, &dstatus, &derr);
    if (rc != FANOS_OK && dstatus) {
        report_data(p, dstatus, &derr);
        bad = -1;
    } else if (rc != FANOS_OK && draws == FANOS_DRAWS_REFERENCE) {
        report_draws(a, rc);
        bad = -1;
    } else if (rc != FANOS_OK) {
        char num[32];
        fmt_real(num, sizeof num, a->cond);
        if (fanos_problem_type_param_index(fanos_problem_get_type(p->problem),
                                           "dim") >= 0)
            cli_error("--problem %s --dim %zu --cond %s: %s", a->name, p->n,
                      num, fanos_strerror(rc));
        else
            cli_error("--problem %s: %s", a->name, fanos_strerror(rc));
        bad = -1;
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
    fanos_problem_free(p->problem);
    fanos_plugin_free(p->plugin);
    free(p->x0);
    memset(p, 0, sizeof *p);
}

int cli_problem_print_eval(const cli_problem *p, const double *x,
                           int diverged)
{
    const fanos_problem_type *t = fanos_problem_get_type(p->problem);
    if (!t || !t->eval || diverged)
        return 0;
    fanos_eval_metrics m;
    int rc = fanos_problem_eval(p->problem, x, &m);
    if (rc != FANOS_OK) {
        cli_error("--problem %s: the held-out evaluation failed: %s", t->name,
                  fanos_strerror(rc));
        return -1;
    }
    /* a held-out loss that is not finite is a divergence, not a number */
    if (!isfinite(m.loss)) {
        printf(" heldout_diverged=1");
        return 0;
    }
    printf(" heldout_loss=%.17g heldout_accuracy=%.17g heldout_bits=%.17g",
           m.loss, m.accuracy, m.bits);
    return 0;
}
