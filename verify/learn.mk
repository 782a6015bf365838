# verify/learn.mk - the problems trained on a data set (doc/spec.md
# section 13): softmax, mlp and charlm, their gradients, batches and
# held-out evaluation, and the command on them.
check_PROGRAMS += verify/check_learn
TESTS += verify/check_learn
verify_check_learn_SOURCES = verify/check_learn.c
verify_check_learn_CFLAGS = $(VERIFY_CFLAGS)
verify_check_learn_LDADD = $(VERIFY_LDADD)

TESTS += verify/learn_cli.sh
EXTRA_DIST += verify/learn_cli.sh
