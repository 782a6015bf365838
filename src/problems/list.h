/* list.h - the registry of problem types: one X(name) line each, in the
 * order of the paper (the order of fanos_problem_types()).
 *
 * name is the C name of the problem: its descriptor is fanos_ptype_<name>
 * (defined in src/problems/<file>.c), its public pointer
 * fanos_problem_<name> (declared in fanos.h); the name users type is the
 * descriptor's own (allen_cahn is "allen-cahn").  From this one list come
 * the declarations of the descriptors (core/internal.h), the registry
 * array and the public pointers (core/problem.c).  A use defines X,
 * expands the list and undefines X, as for src/optim/list.h.
 *
 * A new problem: its .c file (its line in problems/local.mk), one line
 * here, its declaration in fanos.h, its spec section and its own tests. */
#ifndef FANOS_PROBLEMS_LIST_H
#define FANOS_PROBLEMS_LIST_H

#define FANOS_PROBLEM_LIST(X) \
    X(rosenbrock)             \
    X(quadratic)              \
    X(burgers)                \
    X(allen_cahn)             \
    X(softmax)                \
    X(mlp)                    \
    X(charlm)

#endif
