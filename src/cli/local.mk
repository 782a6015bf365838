# src/cli/local.mk - the fanos command.
src_fanos_SOURCES += \
	src/cli/main.c \
	src/cli/util.c \
	src/cli/cmd_run.c \
	src/cli/cmd_params.c
# PINN runs and speed probes
src_fanos_SOURCES += src/cli/cmd_pinn.c src/cli/cmd_bench.c src/cli/blas.c
