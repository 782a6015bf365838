# verify/kernels.mk - the fused finiteness-and-norm pass of the step kernels.
check_PROGRAMS += verify/check_kernels
TESTS += verify/check_kernels
verify_check_kernels_SOURCES = verify/check_kernels.c
verify_check_kernels_CFLAGS = $(VERIFY_CFLAGS)
verify_check_kernels_LDADD = $(VERIFY_INTERNAL_LDADD)
