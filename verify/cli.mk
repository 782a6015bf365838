# verify/cli.mk
