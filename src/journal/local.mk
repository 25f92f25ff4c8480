## src/journal/local.mk - included by the top Makefile.am; paths from the top.
## The session journal.  The journal itself and its Markdown report are
## libc only and go into src/libisrcore.a (tested by tests/check_isrlab);
## everything that reads or writes JSON (the JSON Lines export, replay,
## --summarize) needs jansson and is its own convenience library,
## src/libisrjournal.a, linked into the program and tests/check_journal.

src_libisrcore_a_SOURCES += \
	src/journal/ident.c src/journal/ident.h \
	src/journal/slog.c src/journal/slog.h \
	src/journal/report.c src/journal/report.h

noinst_LIBRARIES += src/libisrjournal.a
src_libisrjournal_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
src_libisrjournal_a_SOURCES = \
	src/journal/export.c src/journal/export.h \
	src/journal/jsonread.c src/journal/jsonread.h \
	src/journal/replay.c src/journal/replay.h \
	src/journal/rewind.c src/journal/rewind.h \
	src/journal/statefile.c src/journal/statefile.h \
	src/journal/student.c src/journal/student.h \
	src/journal/summarize.c src/journal/summarize.h \
	src/journal/summarize-int.h \
	src/journal/sumtable.c src/journal/sumhtml.c
