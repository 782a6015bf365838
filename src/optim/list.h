/* list.h - the registry of optimizer types: one X(name) line each, in the
 * order of the paper's tables (the order of fanos_optimizer_types()).
 *
 * name is the C name of the optimizer: its descriptor is fanos_type_<name>
 * (defined in src/optim/<file>.c; lbfgs in src/run/lbfgs.c), its public
 * pointer fanos_optimizer_<name> (declared in fanos.h); the name users type is the descriptor's own
 * (adam_eqbeta is "adam-eqbeta").  From this one list come the
 * declarations of the descriptors (core/internal.h), the registry array
 * and the public pointers (optim/registry.c), and a test that fanos.h
 * declares every pointer (verify/check_registry.c does not compile when one
 * is missing).  fanos.h writes its declarations out, so that it stays one
 * installed header that reads on its own.  A use defines X, expands the
 * list and undefines X (a problem registry, src/problems/list.h, takes
 * the same shape):
 *
 *     #define X(name) extern const fanos_optimizer_type fanos_type_##name;
 *     FANOS_OPTIMIZER_LIST(X)
 *     #undef X
 *
 * A new optimizer: its .c file (its line in optim/local.mk), one line
 * here, its declaration in fanos.h, its spec section and its own tests. */
#ifndef FANOS_OPTIM_LIST_H
#define FANOS_OPTIM_LIST_H

#define FANOS_OPTIMIZER_LIST(X) \
    X(sgd)                      \
    X(adamw)                    \
    X(rmsprop)                  \
    X(fanos)                    \
    X(vradam)                   \
    X(ikfad)                    \
    X(cd)                       \
    X(cadam)                    \
    X(ngnm)                     \
    X(adam_eqbeta)              \
    X(lbfgs)

#endif
