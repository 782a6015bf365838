/* registry.c - the list of optimizer types. */
#include <config.h>
#include <string.h>
#include "core/internal.h"

/* One line per optimizer, in the order of the paper's tables. */
static const fanos_optimizer_type *const all_types[] = {
    &fanos_type_sgd,
    &fanos_type_adamw,
    &fanos_type_rmsprop,
    &fanos_type_fanos,
    &fanos_type_vradam,
    &fanos_type_ikfad,
    &fanos_type_cd,
    &fanos_type_cadam,
    &fanos_type_ngnm,
    &fanos_type_adam_eqbeta,
    &fanos_type_lbfgs,
    NULL
};

const fanos_optimizer_type *const *fanos_optimizer_types(void)
{
    return all_types;
}

const fanos_optimizer_type *fanos_optimizer_type_lookup(const char *name)
{
    if (!name)
        return NULL;
    for (const fanos_optimizer_type *const *t = all_types; *t; t++)
        if (!strcmp((*t)->name, name))
            return *t;
    return NULL;
}
