/* registry.c - the list of optimizer types, made from optim/list.h: the
 * registry array and the public pointers fanos_optimizer_<name>. */
#include <config.h>
#include <string.h>
#include <strings.h>
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

/* The method names of the paper's tables (the experiment files and published.csv)
 * that stand for one optimizer and are not a registered name in another
 * case, with the settings the name itself states.  AdamW, RMSProp, FANoS,
 * VRAdam, iKFAD, CD, CADAM and Adam-eqbeta are registered names in another
 * case.  A method name with a clip (AdamW+clip), of two optimizers
 * (AdamW->L-BFGS) or of an ablation's settings (FixedFriction-1) is none. */
static const struct {
    const char *name, *type, *settings;
} spellings[] = {
    {"SGD+Mom", "sgd", "momentum=0.9"},
    {"FANoS-RMS", "fanos", ""},
    {"FANoS-Baseline", "fanos", ""},
    {"NGN-M", "ngnm", ""},
    {"L-BFGS", "lbfgs", ""},
};

const fanos_optimizer_type *fanos_optimizer_type_find(const char *name,
                                                      const char **settings)
{
    if (settings)
        *settings = "";
    const fanos_optimizer_type *t = fanos_optimizer_type_lookup(name);
    if (t || !name)
        return t;
    for (const fanos_optimizer_type *const *u = all_types; *u; u++)
        if (!strcasecmp((*u)->name, name))
            return *u;
    for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
        if (!strcasecmp(spellings[i].name, name)) {
            if (settings)
                *settings = spellings[i].settings;
            return fanos_optimizer_type_lookup(spellings[i].type);
        }
    return NULL;
}
