## src/engine/local.mk - included by the top Makefile.am; paths from the top.
## The engine layer: the interface both engines implement (engine.h) and
## what they share: faults, admin requests and the timeline of what is due
## when.  libc only, above the model and below src/sim and src/runtime.

src_libisrcore_a_SOURCES += \
	src/engine/engine.h \
	src/engine/admin.c src/engine/admin.h \
	src/engine/fault.c src/engine/fault.h \
	src/engine/timeline.c src/engine/timeline.h
