# verify/errors.mk - the library's error paths: allocation failures on
# its main paths (verify/check_alloc.c, verify/failalloc.h: the library's
# objects are linked in statically and every allocator they call is
# wrapped by ld, so that the k-th allocation of a path fails, for every
# k), and the argument errors and malformed files no other suite gives
# (verify/check_args.c).
FAILALLOC_WRAP = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=aligned_alloc \
	-Wl,--wrap=strdup,--wrap=strndup,--wrap=free \
	-Wl,--wrap=lbfgs_malloc,--wrap=lbfgs_free,--wrap=lbfgs \
	-Wl,--wrap=inflateInit2_,--wrap=fopen,--wrap=opendir,--wrap=gsl_rng_alloc
check_PROGRAMS += verify/check_alloc
TESTS += verify/check_alloc
verify_check_alloc_SOURCES = verify/check_alloc.c verify/failalloc.c verify/failalloc.h
verify_check_alloc_CFLAGS = $(VERIFY_CFLAGS) $(ZLIB_CFLAGS)
verify_check_alloc_LDFLAGS = $(FAILALLOC_WRAP)
verify_check_alloc_LDADD = verify/libtestutil.la $(VERIFY_INTERNAL_LDADD) $(LBFGS_LIBS) \
	$(ZLIB_LIBS)

check_PROGRAMS += verify/check_args
TESTS += verify/check_args
verify_check_args_SOURCES = verify/check_args.c
verify_check_args_CFLAGS = $(VERIFY_CFLAGS) $(ZLIB_CFLAGS)
verify_check_args_LDADD = verify/libtestutil.la $(VERIFY_LDADD) $(ZLIB_LIBS)
