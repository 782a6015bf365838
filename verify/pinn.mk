# verify/pinn.mk - the PINN problems and the warm-start protocol.
check_PROGRAMS += verify/check_pinn
TESTS += verify/check_pinn
verify_check_pinn_SOURCES = verify/check_pinn.c
verify_check_pinn_CFLAGS = $(VERIFY_CFLAGS)
verify_check_pinn_LDADD = $(VERIFY_LDADD)

TESTS += verify/pinn_cli.sh
EXTRA_DIST += verify/pinn_cli.sh
