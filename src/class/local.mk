## src/class/local.mk - included by the top Makefile.am; paths from the top.
## The class link (issue 14): a student's journal streamed to the
## teacher's class server, and the server's copies and dashboard rows.
## Its own convenience library: it needs libevent, pthread, OpenSSL's
## libcrypto (HMAC-SHA256, the CSPRNG) and jansson.

noinst_LIBRARIES += src/libisrclass.a
src_libisrclass_a_CPPFLAGS = $(AM_CPPFLAGS) $(LIBEVENT_CFLAGS) \
	$(LIBCRYPTO_CFLAGS) $(JANSSON_CFLAGS)
src_libisrclass_a_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
src_libisrclass_a_SOURCES = \
	src/class/classclient.c src/class/classclient.h \
	src/class/classproto.c src/class/classproto.h \
	src/class/classroster.c src/class/classroster.h \
	src/class/classserver.c src/class/classserver.h
