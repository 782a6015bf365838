# verify/optim.mk - the baselines and the family (doc/spec.md sections 5, 6).
check_PROGRAMS += verify/check_optim verify/check_family
TESTS += verify/check_optim verify/check_family
verify_check_optim_SOURCES = verify/check_optim.c
verify_check_optim_CFLAGS = $(VERIFY_CFLAGS)
verify_check_optim_LDADD = verify/libtestutil.la $(VERIFY_LDADD)
verify_check_family_SOURCES = verify/check_family.c
verify_check_family_CFLAGS = $(VERIFY_CFLAGS)
verify_check_family_LDADD = verify/libtestutil.la $(VERIFY_LDADD)

# What every registered optimizer gets without a test of its own.
check_PROGRAMS += verify/check_registry
TESTS += verify/check_registry
verify_check_registry_SOURCES = verify/check_registry.c
verify_check_registry_CFLAGS = $(VERIFY_CFLAGS)
verify_check_registry_LDADD = $(VERIFY_LDADD)
