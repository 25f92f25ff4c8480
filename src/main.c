/*
 * main.c - placeholder entry point.
 *
 * Stands in until the real front end (options, locale, engine choice)
 * lands, so that the build, `make distcheck` and CI have a program to link.
 * It only prints the usage and exits 2.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr,
	    "usage: isrlab [--headless] [--script FILE] [--seed N] [--brokers N]\n"
	    "%s: not implemented yet\n", PACKAGE_STRING);
	return 2;
}
