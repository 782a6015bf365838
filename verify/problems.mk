# verify/problems.mk
