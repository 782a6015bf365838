# src/optim/local.mk - one optimizer a file.
src_libfanos_la_SOURCES += \
	src/optim/registry.c \
	src/optim/fanos.c
