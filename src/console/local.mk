## src/console/local.mk - included by the top Makefile.am; paths from the top.
## List this module's .c and .h files here (libc only: they go into
## src/libisrcore.a, which the unit tests link without curses or libevent):
##
##   src_libisrcore_a_SOURCES += src/console/foo.c src/console/foo.h

src_libisrcore_a_SOURCES +=
