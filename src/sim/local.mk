## src/sim/local.mk - the deterministic simulator (libc only).
src_libisrcore_a_SOURCES += \
	src/sim/chaos.c src/sim/chaos.h \
	src/sim/sim.c src/sim/sim.h
