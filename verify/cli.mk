# verify/cli.mk - the fanos command and the library API against bad input,
# fuzzing (make fuzz), valgrind (make check-valgrind), cppcheck (make cppcheck).
TESTS += verify/cli_bad_input.sh
EXTRA_DIST += verify/cli_bad_input.sh
