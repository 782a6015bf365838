/* cmd_params.c - `fanos params`: the parameter tables. */
#include <config.h>
#include <string.h>
#include "cli.h"

int cmd_params(int argc, char **argv)
{
    int markdown = 0;
    const char *name = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--markdown"))
            markdown = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("Usage: fanos params [OPTIMIZER] [--markdown]\n"
                   "Print the parameter table of one optimizer, or of all:\n"
                   "name, type, default, valid range and meaning.\n"
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
        const fanos_optimizer_type *t = fanos_optimizer_type_lookup(name);
        if (!t) {
            char known[512];
            cli_optimizer_names(known, sizeof known);
            cli_error("params: unknown optimizer '%s' (known: %s)", name,
                      known);
            return EXIT_BADINPUT;
        }
        cli_print_params(stdout, t, markdown);
        return 0;
    }
    for (const fanos_optimizer_type *const *t = fanos_optimizer_types(); *t; t++) {
        printf("%s%s: %s\n", t == fanos_optimizer_types() ? "" : "\n",
               (*t)->name, (*t)->summary);
        cli_print_params(stdout, *t, markdown);
    }
    return 0;
}
