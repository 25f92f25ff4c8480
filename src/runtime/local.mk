## src/runtime/local.mk - included by the top Makefile.am; paths from the top.
## The threaded runtime: brokers, the controller and the clients on
## pthreads with a libevent loop each, on the lab clock.  A library of its
## own (not libisrcore.a), since it needs libevent and pthread; the program
## and tests/check_runtime link it before libisrcore.a.

noinst_LIBRARIES += src/libisrrt.a
src_libisrrt_a_SOURCES = \
	src/runtime/labclock.c src/runtime/labclock.h \
	src/runtime/runtime.c src/runtime/runtime.h
src_libisrrt_a_CPPFLAGS = $(AM_CPPFLAGS) $(LIBEVENT_CFLAGS)
src_libisrrt_a_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
