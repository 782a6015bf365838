# src/optim/local.mk - one optimizer a file.
src_libfanos_internal_la_SOURCES += \
	src/optim/list.h \
	src/optim/registry.c \
	src/optim/fanos.c \
	src/optim/sgd.c \
	src/optim/adamw.c \
	src/optim/rmsprop.c \
	src/optim/vradam.c \
	src/optim/ikfad.c \
	src/optim/cd.c \
	src/optim/cadam.c \
	src/optim/ngnm.c
