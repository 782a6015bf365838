/* names.c - the names a user types: optimizers (and the method names of
 * the paper's tables), problems, options, parameters, with a "did you
 * mean" from the library's fanos_suggest(); and the one wording of reference
 * draws that cannot be read. */
#include <config.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "cli.h"

const char *cli_did_you_mean(char *buf, size_t len, const char *name,
                             const char *const *candidates, size_t n)
{
    const char *s = fanos_suggest(name, candidates, n);
    if (s)
        snprintf(buf, len, "; did you mean %s?", s);
    else if (len)
        buf[0] = '\0';
    return buf;
}

/* The names of every optimizer (with_driver: lbfgs too). */
static size_t optimizer_list(const char **v, size_t max, int with_driver)
{
    size_t k = 0;
    for (const fanos_optimizer_type *const *t = fanos_optimizer_types();
         *t && k < max; t++)
        if (with_driver || (*t)->step)
            v[k++] = (*t)->name;
    return k;
}

#define NAMES_MAX 64

const fanos_optimizer_type *cli_find_optimizer(const char *opt,
                                               const char *name,
                                               int warmup,
                                               const char **settings)
{
    const fanos_optimizer_type *t = fanos_optimizer_type_find(name, settings);
    if (t && (t->step || !warmup))
        return t;
    if (t) {
        cli_error("%s %s: L-BFGS is the polish of every PINN run, not a "
                  "warm-up method; accepted: a first-order optimizer of "
                  "fanos params", opt, name);
        return NULL;
    }
    const char *v[NAMES_MAX];
    char known[512], hint[96];
    size_t n = optimizer_list(v, NAMES_MAX, !warmup);
    cli_optimizer_names(known, sizeof known);
    cli_error("%s %s: unknown optimizer%s (known: %s, or a method name of "
              "the paper such as AdamW, SGD+Mom, FANoS-RMS)", opt, name,
              cli_did_you_mean(hint, sizeof hint, name, v, n), known);
    return NULL;
}

int cli_apply_settings(fanos_optimizer *opt, const char *settings)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", settings ? settings : "");
    for (char *save, *item = strtok_r(buf, ",", &save); item;
         item = strtok_r(NULL, ",", &save))
        if (cli_apply_set(opt, item))
            return -1;
    return 0;
}

void cli_unknown_problem(const char *opt, const char *name,
                         fanos_protocol protocol)
{
    const char *v[NAMES_MAX];
    char known[256] = "", hint[96] = "";
    size_t n = 0;
    for (const fanos_problem_type *const *t = fanos_problem_types();
         *t && n < NAMES_MAX; t++)
        if ((*t)->protocol == protocol) {
            v[n++] = (*t)->name;
            snprintf(known + strlen(known), sizeof known - strlen(known),
                     "%s%s", known[0] ? ", " : "", (*t)->name);
        }
    const fanos_problem_type *other = fanos_problem_type_lookup(name);
    if (other)
        snprintf(hint, sizeof hint, "; %s is a problem of fanos %s", name,
                 other->protocol == FANOS_PROTOCOL_RUN ? "run" : "pinn");
    else
        cli_did_you_mean(hint, sizeof hint, name, v, n);
    cli_error("%s %s: unknown problem%s (known: %s)", opt, name, hint, known);
}

/* The options of each command, for the "did you mean" of an unknown one
 * (verify/names.sh checks them against each --help). */
static const struct {
    const char *cmd, *options;
} command_options[] = {
    {"run", "--problem --objective --dim --cond --param --optimizer --set --lr "
            "--budget --seed --draws --draws-dir --x0 --clip --final --trace "
            "--force --help"},
    {"pinn", "--problem --warmup --set --lr --seed --draws --draws-dir "
             "--warmup-steps --polish-iterations --widths --trace --quiet "
             "--force --help"},
    {"sweep", "-o --output --shard --threads --draws-dir --dry-run --quiet "
              "--resume --force --phase --tuning --help"},
    {"merge", "-o --output --expect --force --help"},
    {"stats", "-o --output --resamples --level --seed --digits --force --curves "
              "--help"},
    {"params", "--problems --markdown --help"},
    {"stability", "--nw --nz -o --force --help"},
    {"thermostat", "-o --settings --answer --draws-dir --quiet --force "
                   "--help"},
    {"bench steps", "--csv --reps --dmax --force --help"},
    {"bench pinn", "--block --reps --rounds --help"},
    {"bench data", "--reps --help"},
};

/* The parameter of some optimizer that arg ("--momentum") names, or NULL. */
static const char *parameter_named(const char *arg)
{
    for (const fanos_optimizer_type *const *t = fanos_optimizer_types(); *t;
         t++)
        for (size_t i = 0; i < (*t)->nparams; i++)
            if (!strcasecmp((*t)->params[i].name, arg))
                return (*t)->params[i].name;
    return NULL;
}

void cli_option_hint(const char *cmd, const char *arg, char *buf, size_t len)
{
    const int runs = !strcmp(cmd, "run") || !strcmp(cmd, "pinn");
    buf[0] = '\0';
    if (arg[0] != '-' || !arg[1]) {
        /* a name without its option */
        if (runs && fanos_problem_type_lookup(arg))
            snprintf(buf, len, "; did you mean --problem %s?", arg);
        else if (runs && fanos_optimizer_type_find(arg, NULL))
            snprintf(buf, len, "; did you mean --%s %s?",
                     strcmp(cmd, "run") ? "warmup" : "optimizer", arg);
        return;
    }
    char name[128];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
    const char *param = runs ? parameter_named(name + strspn(name, "-"))
                             : NULL;
    if (param) {
        const char *eq = strchr(arg, '=');
        snprintf(buf, len, "; optimizer parameters are set with --set "
                 "%s=%s", param, eq ? eq + 1 : "VALUE");
        return;
    }
    for (size_t c = 0; c < sizeof command_options / sizeof *command_options;
         c++) {
        if (strcmp(cmd, command_options[c].cmd))
            continue;
        char list[512];
        const char *v[32];
        size_t n = 0;
        snprintf(list, sizeof list, "%s", command_options[c].options);
        for (char *save, *o = strtok_r(list, " ", &save); o && n < 32;
             o = strtok_r(NULL, " ", &save))
            v[n++] = o;
        cli_did_you_mean(buf, len, name, v, n);
    }
}

/* One buffer for --lr: the last --lr is the one that counts, wherever its
 * pointer stands among the --set items (see cli_set_option). */
static char lr_item[64];

int cli_set_option(int argc, char **argv, int *i, const char **sets,
                   size_t *nsets, int *bad)
{
    const char *v = cli_opt(argc, argv, i, "--set", bad);
    if (v) {
        const char *eq = strchr(v, '=');
        if (eq && eq != v) {
            sets[(*nsets)++] = v;
        } else if (!eq && *i + 1 < argc && strncmp(argv[*i + 1], "--", 2)) {
            cli_error("--set %s %s: expected key=value as one word; "
                      "accepted: --set %s=%s", v, argv[*i + 1], v,
                      argv[*i + 1]);
            *bad = EXIT_BADINPUT;
        } else {
            cli_error("--set %s: expected key=value (e.g. --set lr=0.01)", v);
            *bad = EXIT_BADINPUT;
        }
        return 1;
    }
    if (!*bad && (v = cli_opt(argc, argv, i, "--lr", bad))) {
        if ((size_t)snprintf(lr_item, sizeof lr_item, "lr=%s", v) >=
            sizeof lr_item) {
            cli_error("--lr %.32s...: not a number; accepted: a number > 0",
                      v);
            *bad = EXIT_BADINPUT;
        } else {
            sets[(*nsets)++] = lr_item;
        }
        return 1;
    }
    return *bad != 0;
}

void cli_report_draws(const char *where, const char *dir, const char *files)
{
    struct stat st;
    const char *env = getenv("FANOS_DRAWS_DIR");
    char what[160];
    if (stat(dir, &st) != 0)
        snprintf(what, sizeof what, "cannot read %s: no folder %s (%s)", files,
                 dir, strerror(errno));
    else if (!S_ISDIR(st.st_mode))
        snprintf(what, sizeof what, "cannot read %s: %s is not a folder",
                 files, dir);
    else
        snprintf(what, sizeof what, "cannot read %s in %s", files, dir);
    cli_error("%s: %s; accepted: the folder of the reference draws: --draws-dir "
              "experiments/draws from the source tree, the folder in "
              "$FANOS_DRAWS_DIR%s%s%s, or the installed copy %s (make install)",
              where, what, env && *env ? " (now " : " (unset)",
              env && *env ? env : "", env && *env ? ")" : "",
              cli_installed_draws_dir());
}

int cli_draws_missing(const fanos_problem_type *t, const char *dir)
{
    char files[128], path[4352];
    struct stat st;
    cli_reference_file(t, 0, files, sizeof files);
    snprintf(path, sizeof path, "%s/%.*s", dir, (int)strcspn(files, ","),
             files);
    return stat(path, &st) != 0;
}
