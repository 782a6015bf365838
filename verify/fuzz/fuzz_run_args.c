/* fuzz_run_args.c - libFuzzer harness of the argument parser of
 * `fanos run`, run_parse_args() (src/cli/cmd_run.c), which parses and
 * checks without running.
 *
 * Input: the arguments after "run", separated by NUL bytes (at most 64).
 * On success the parsed values must lie in their documented ranges and the
 * optimizer settings must pass the library's own checks. */
#include <config.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_parsed(const run_args *a)
{
    size_t bad;
    /* dim 0: not given (the problem's default) */
    if ((a->prob.dim && (a->prob.dim < 2 || a->prob.dim > 100000000ULL)) ||
        a->prob.nparams > CLI_PARAMS_MAX || a->budget < 1 ||
        a->budget > 1000000000ULL || a->prob.seed > 4294967294ULL ||
        !(a->clip >= 0) || !isfinite(a->clip) ||
        !a->prob.name || !a->optimizer ||
        (a->loop != FANOS_LOOP_BEFORE_LAST && a->loop != FANOS_LOOP_AFTER_LAST)
        || (a->tracepath && !*a->tracepath) || !a->params ||
        fanos_optimizer_check(a->params, &bad) != FANOS_OK)
        abort();
    const fanos_optimizer_type *t = fanos_optimizer_get_type(a->params);
    if (!t || fanos_optimizer_type_lookup(a->optimizer) != t)
        abort();
    /* a method that drives its own run takes no clip and no --final */
    if (!t->step && a->clip != 0)
        abort();
    for (size_t i = 0; i < t->nparams; i++) {
        double v;
        if (fanos_optimizer_get(a->params, t->params[i].name, &v) != FANOS_OK ||
            fanos_param_check(&t->params[i], v) != FANOS_OK)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a NUL-terminated copy, cut into arguments at every NUL */
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)"run";
    for (size_t i = 0; i <= size && argc <= MAX_ARGS;) {
        argv[argc++] = buf + i;
        i += strlen(buf + i) + 1;
    }
    if (size == 0)
        argc = 1; /* `fanos run` alone */
    argv[argc] = NULL;
    run_args a;
    int rc = run_parse_args(argc, argv, &a);
    if (rc == 0) {
        check_parsed(&a);
        run_args_free(&a);
    } else if (rc != 1 && rc != -EXIT_BADINPUT && rc != -EXIT_USAGE) {
        abort();
    }
    free(buf);
    return 0;
}
