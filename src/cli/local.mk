# src/cli/local.mk - the fanos command.
src_fanos_SOURCES += \
	src/cli/main.c \
	src/cli/util.c \
	src/cli/cmd_run.c \
	src/cli/cmd_params.c \
	src/cli/cmd_stability.c \
	src/cli/problem.c \
	src/cli/run_lbfgs.c
# The installed reference draws (experiments/local.mk), the default of
# --draws-dir.
AM_CPPFLAGS += -DFANOS_DRAWS_DIR='"$(pkgdatadir)/draws"'
