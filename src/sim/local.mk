## src/sim/local.mk - the deterministic simulator (libc only).
src_libisrcore_a_SOURCES += \
	src/sim/sim.c src/sim/sim.h
