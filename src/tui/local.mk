## src/tui/local.mk - included by the top Makefile.am; paths from the top.
## The live screen.  Two halves:
##  - curses-free helpers (layout, line editor, completion, lab pane text,
##    the mode stack) that go into src/libisrcore.a so that
##    tests/test_tui_layout.c can test them;
##  - the curses part (loop, modes, drawing; files listed in tui.c) in its
##    own convenience library, the only code built with ncursesw's flags.

src_libisrcore_a_SOURCES += \
	src/tui/layout.c src/tui/layout.h \
	src/tui/lineedit.c src/tui/lineedit.h \
	src/tui/complete.c src/tui/complete.h \
	src/tui/labview.c src/tui/labview.h \
	src/tui/mode.c src/tui/mode.h

noinst_LIBRARIES += src/libisrtui.a
src_libisrtui_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS) $(CMARK_CFLAGS)
src_libisrtui_a_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
src_libisrtui_a_SOURCES = \
	src/tui/tui.c src/tui/tui.h src/tui/tui-int.h \
	src/tui/actions.c \
	src/tui/answer.c \
	src/tui/dashboard.c \
	src/tui/draw.c \
	src/tui/labpane.c \
	src/tui/lines.c \
	src/tui/loop.c \
	src/tui/pager.c \
	src/tui/picker.c \
	src/tui/playback.c \
	src/tui/popup.c \
	src/tui/prompt.c \
	src/tui/request.c \
	src/tui/resume.c \
	src/tui/rewind.c \
	src/tui/session.c \
	src/tui/sink.c \
	src/tui/state.c \
	src/tui/term.c \
	src/tui/traffic.c \
	src/tui/wait.c
