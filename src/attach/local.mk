## src/attach/local.mk - included by the top Makefile.am; paths from the top.
## Attach mode (--attach): isrlab's engine over a real Kafka cluster,
## polled with librdkafka.  The diff of two polls and the configuration's
## parser are libc only and go into src/libisrcore.a (unit-tested there); the poller needs librdkafka
## and pthread, so it is a library of its own, built only when configure
## found librdkafka, that the program links before src/libisrcore.a.

src_libisrcore_a_SOURCES += \
	src/attach/observe.c src/attach/observe.h \
	src/attach/acked.c src/attach/acked.h \
	src/attach/attach-config.c src/attach/attach-config.h

if HAVE_RDKAFKA
noinst_LIBRARIES += src/libisrattach.a
src_libisrattach_a_SOURCES = \
	src/attach/attach.c src/attach/attach.h \
	src/attach/rdclient.c src/attach/rdclient.h \
	src/attach/rdadmin.c src/attach/rdadmin.h \
	src/attach/runcmd.c src/attach/runcmd.h
src_libisrattach_a_CPPFLAGS = $(AM_CPPFLAGS) $(RDKAFKA_CFLAGS)
src_libisrattach_a_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
ATTACH_LIB = src/libisrattach.a
else
ATTACH_LIB =
endif
