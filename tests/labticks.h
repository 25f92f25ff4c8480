/*
 * labticks.h - the Check cases of test_labticks.c (when a lab step
 * ticks), added to tests/check_lab's suite.
 */
#ifndef ISRLAB_TESTS_LABTICKS_H
#define ISRLAB_TESTS_LABTICKS_H

#include <check.h>

TCase *labticks_tcase(void);

#endif
