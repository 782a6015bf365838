# src/problems/local.mk - objectives.
src_libfanos_internal_la_SOURCES += \
	src/problems/list.h \
	src/problems/rosenbrock.c
src_libfanos_internal_la_SOURCES += \
	src/problems/quadratic.c \
	src/problems/draws.c \
	src/problems/pinn.c \
	src/problems/pinn_draws.c \
	src/problems/pinn_type.c \
	src/problems/plugin.c \
	src/problems/net.h \
	src/problems/net.c \
	src/problems/fashion.c \
	src/problems/softmax.c \
	src/problems/mlp.c \
	src/problems/charlm.c
