# verify/cli.mk - the fanos command and the library API against bad input,
# fuzzing (make fuzz), valgrind (make check-valgrind), cppcheck (make cppcheck).
TESTS += verify/cli_bad_input.sh
EXTRA_DIST += verify/cli_bad_input.sh

check_PROGRAMS += verify/check_api
TESTS += verify/check_api
verify_check_api_SOURCES = verify/check_api.c
verify_check_api_CFLAGS = $(VERIFY_CFLAGS)
verify_check_api_LDADD = $(VERIFY_LDADD)

include verify/fuzz/fuzz.mk
