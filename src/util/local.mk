## src/util/local.mk - included by the top Makefile.am; paths from the top.
## libc-only helpers shared by every module; with src/model they make
## src/libisrmodel.a (see Makefile.am).

src_libisrmodel_a_SOURCES += \
	src/util/duration.c \
	src/util/duration.h \
	src/util/i18n.c \
	src/util/i18n.h \
	src/util/javahash.c \
	src/util/javahash.h \
	src/util/murmur2.c \
	src/util/murmur2.h \
	src/util/prng.c \
	src/util/readfile.c \
	src/util/readfile.h \
	src/util/prng.h \
	src/util/sha256.c \
	src/util/sha256.h \
	src/util/atomicfile.c \
	src/util/atomicfile.h \
	src/util/strbuf.c \
	src/util/strbuf.h \
	src/util/utf8.c \
	src/util/utf8.h \
	src/util/xmalloc.c \
	src/util/xmalloc.h \
	src/util/attr.h
