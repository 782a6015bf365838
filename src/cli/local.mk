# src/cli/local.mk - the fanos command.
src_fanos_SOURCES += \
	src/cli/main.c \
	src/cli/util.c \
	src/cli/cmd_run.c \
	src/cli/cmd_params.c \
	src/cli/cmd_stability.c \
	src/cli/bench_steps.c
