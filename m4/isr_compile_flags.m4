# isr_compile_flags.m4 - append the compiler flags the C compiler accepts.
#
# ISR_APPEND_COMPILE_FLAGS(VARIABLE, FLAG...)
#
# For each FLAG, try to compile an empty program with CFLAGS plus -Werror
# plus FLAG; when that works, append FLAG to VARIABLE.  -Werror makes a
# compiler that only warns about an unknown option (clang) reject it too.
# A tiny stand-in for autoconf-archive's AX_APPEND_COMPILE_FLAGS, so that
# bootstrapping needs no autoconf-archive.

AC_DEFUN([ISR_APPEND_COMPILE_FLAGS], [
  AC_LANG_PUSH([C])
  for isr_flag in $2; do
    AC_MSG_CHECKING([whether $CC accepts $isr_flag])
    isr_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS -Werror $isr_flag"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
      [AC_MSG_RESULT([yes]); $1="${$1:+${$1} }$isr_flag"],
      [AC_MSG_RESULT([no])])
    CFLAGS=$isr_save_CFLAGS
  done
  AC_LANG_POP([C])
])
