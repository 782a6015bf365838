# verify/sweep.mk
