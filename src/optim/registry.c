/* registry.c - the list of optimizer types. */
#include <config.h>
#include <string.h>
#include "core/internal.h"

/* One line per optimizer, in the order of the paper's tables. */
static const fanos_optimizer_type *const all_types[] = {
    &fanos_type_fanos,
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
