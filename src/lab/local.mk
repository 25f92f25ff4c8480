## src/lab/local.mk - included by the top Makefile.am; paths from the top.
## Labs: the lab file parser (the only libcmark user), the step runner,
## headless solve/check and the lab search path.  Curses-free, but it needs
## libcmark, so it is its own convenience library: src/libisrlab.a, linked
## before src/libisrcore.a into the program and tests/check_lab.

noinst_LIBRARIES += src/libisrlab.a
src_libisrlab_a_CPPFLAGS = $(AM_CPPFLAGS) $(CMARK_CFLAGS)
src_libisrlab_a_SOURCES = \
	src/lab/lab.c src/lab/lab.h \
	src/lab/labtext.c src/lab/labtext.h \
	src/lab/quiz.c src/lab/quiz.h \
	src/lab/labrun.c src/lab/labrun.h \
	src/lab/labsolve.c src/lab/labsolve.h \
	src/lab/labdir.c src/lab/labdir.h \
	src/lab/glossary.c src/lab/glossary.h
