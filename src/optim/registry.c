/* registry.c - the list of optimizer types, made from optim/list.h: the
 * registry array and the public pointers fanos_optimizer_<name>. */
#include <config.h>
#include <string.h>
#include "core/internal.h"
#include "optim/list.h"

static const fanos_optimizer_type *const all_types[] = {
#define X(name) &fanos_type_##name,
    FANOS_OPTIMIZER_LIST(X)
#undef X
    NULL
};

#define X(name) \
    const fanos_optimizer_type *const fanos_optimizer_##name = &fanos_type_##name;
FANOS_OPTIMIZER_LIST(X)
#undef X

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
