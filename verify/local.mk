# verify/local.mk
