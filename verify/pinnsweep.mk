# verify/pinnsweep.mk - PINN sweeps through fanos sweep, merge and stats
# (doc/spec.md ST16 to ST18, N20).
TESTS += verify/pinnsweep.sh
EXTRA_DIST += verify/pinnsweep.sh
