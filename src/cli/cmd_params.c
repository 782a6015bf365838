/* cmd_params.c - `fanos params`: the parameter tables. */
#include <config.h>
#include <string.h>
#include "cli.h"

int cmd_params(int argc, char **argv)
{
    int markdown = 0, problems = 0;
    const char *name = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--markdown"))
            markdown = 1;
        else if (!strcmp(argv[i], "--problems"))
            problems = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("Usage: fanos params [OPTIMIZER|PROBLEM] [--markdown]\n"
                   "Print the parameter table of one optimizer or problem,\n"
                   "or of every optimizer: name, type, default, valid range\n"
                   "and meaning.  OPTIMIZER may be a method name of the\n"
                   "paper that stands for one (AdamW, SGD+Mom, FANoS-RMS,\n"
                   "L-BFGS: see fanos run --help).  Problems: fanos params\n"
                   "PROBLEM (names in fanos params --problems).\n"
                   "  --problems  the tables of every problem\n"
                   "  --markdown  as a Markdown table\n"
                   "\n" CLI_EXIT_HELP);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_bad_arg("params", argv[i]);
        } else if (name) {
            cli_error("params: '%s': only one optimizer may be named (got "
                      "'%s' already; see fanos params --help)", argv[i], name);
            return EXIT_USAGE;
        } else
            name = argv[i];
    }
    if (name) {
        const fanos_optimizer_type *t = fanos_optimizer_type_find(name, NULL);
        const fanos_problem_type *pt = fanos_problem_type_lookup(name);
        if (t) {
            cli_print_params(stdout, t, markdown);
            return 0;
        }
        if (pt) {
            cli_print_table(stdout, pt->params, pt->nparams, markdown);
            return 0;
        }
        char known[512], pknown[256] = "", hint[96];
        const char *all[64];
        size_t n = 0;
        cli_optimizer_names(known, sizeof known);
        for (const fanos_optimizer_type *const *q = fanos_optimizer_types();
             *q && n < 64; q++)
            all[n++] = (*q)->name;
        for (const fanos_problem_type *const *q = fanos_problem_types(); *q; q++) {
            snprintf(pknown + strlen(pknown), sizeof pknown - strlen(pknown),
                     "%s%s", pknown[0] ? ", " : "", (*q)->name);
            if (n < 64)
                all[n++] = (*q)->name;
        }
        cli_error("params: unknown optimizer '%s'%s (known: %s; problems: %s)",
                  name, cli_did_you_mean(hint, sizeof hint, name, all, n),
                  known, pknown);
        return EXIT_BADINPUT;
    }
    if (problems) {
        for (const fanos_problem_type *const *t = fanos_problem_types(); *t;
             t++) {
            printf("%s%s: %s\n", t == fanos_problem_types() ? "" : "\n",
                   (*t)->name, (*t)->summary);
            cli_print_table(stdout, (*t)->params, (*t)->nparams, markdown);
        }
        return 0;
    }
    for (const fanos_optimizer_type *const *t = fanos_optimizer_types(); *t; t++) {
        printf("%s%s: %s\n", t == fanos_optimizer_types() ? "" : "\n",
               (*t)->name, (*t)->summary);
        cli_print_params(stdout, *t, markdown);
    }
    return 0;
}
