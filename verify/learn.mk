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

# The held-out columns of their raw rows and the learning curves (doc/spec.md
# section 13, MB8 to MB17).
check_PROGRAMS += verify/check_heldout
TESTS += verify/check_heldout
verify_check_heldout_SOURCES = verify/check_heldout.c
verify_check_heldout_CFLAGS = $(VERIFY_CFLAGS) $(ZLIB_CFLAGS)
verify_check_heldout_LDADD = verify/libtestutil.la $(VERIFY_LDADD) $(ZLIB_LIBS)
TESTS += verify/heldout_cli.sh
EXTRA_DIST += verify/heldout_cli.sh
# The verdicts of the paper's section on T5 to T7 (paper/stochastic.pl).
TESTS += verify/stochastic_report.sh
EXTRA_DIST += verify/stochastic_report.sh

# softmax, mlp and charlm against PyTorch float64 on the real data, on the
# full batch and in mini-batches, where python3-torch is installed
# (skipped otherwise).
TESTS += verify/torch_nets.sh
EXTRA_DIST += verify/torch_nets.sh verify/torch_nets.py
AM_TESTS_ENVIRONMENT += FASHION_MNIST_DIR='$(FASHION_MNIST_DIR)' FORTUNES_DIR='$(FORTUNES_DIR)'; \
	export FASHION_MNIST_DIR FORTUNES_DIR;
