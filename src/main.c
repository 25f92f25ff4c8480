/*
 * main.c - isrlab's entry point: options, locale, and the front end.
 *
 * --headless runs a script (a file, or standard input) against the
 * deterministic simulator and exits 0 when it ran (Kafka errors are
 * results), 2 on a syntax error or a bad option, 1 on an internal error.
 * The interactive TUI is not built yet; without --headless isrlab says so.
 */

#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/console.h"
#include "console/script.h"
#include "model/settings.h"
#include "sim/sim.h"
#include "util/xmalloc.h"

enum {
	OPT_HEADLESS = 256,
	OPT_SCRIPT,
	OPT_SEED,
	OPT_BROKERS,
	OPT_RACKS,
	OPT_KAFKA_TIMINGS,
	OPT_ECHO,
	OPT_VERSION,
	OPT_HELP,
};

static const struct option main_options[] = {
	{ "headless", no_argument, NULL, OPT_HEADLESS },
	{ "script", required_argument, NULL, OPT_SCRIPT },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "brokers", required_argument, NULL, OPT_BROKERS },
	{ "racks", required_argument, NULL, OPT_RACKS },
	{ "kafka-timings", no_argument, NULL, OPT_KAFKA_TIMINGS },
	{ "echo", no_argument, NULL, OPT_ECHO },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

static void
main_usage(FILE *f)
{
	fprintf(f,
	    "usage: isrlab [--headless] [--script FILE] [--seed N] "
	    "[--brokers N]\n"
	    "              [--racks R1,R2,...] [--kafka-timings] [--echo]\n"
	    "\n"
	    "  --headless       run commands from a script, without the "
	    "screen\n"
	    "  --script FILE    the script (default: standard input)\n"
	    "  --seed N         the simulator's seed (default 1)\n"
	    "  --brokers N      brokers in the cluster, 1-9 (default 3)\n"
	    "  --racks LIST     broker.rack of each broker, comma-separated\n"
	    "  --kafka-timings  Kafka's own timeouts instead of isrlab's "
	    "lab-scaled ones\n"
	    "  --echo           print each command as '$ command' before its "
	    "output\n"
	    "  --version        print the version\n"
	    "  --help           print this help\n");
}

/* The output sink: keep stdout and stderr in order when both go to the
 * same place. */
static void
main_write(void *arg, int fd, const char *s, size_t n)
{
	(void)arg;
	if (fd == 2) {
		fflush(stdout);
		fwrite(s, 1, n, stderr);
		fflush(stderr);
	} else
		fwrite(s, 1, n, stdout);
}

static int
main_number(const char *opt, const char *text, unsigned long long max,
    unsigned long long *out)
{
	char	*end;

	errno = 0;
	if (text[0] < '0' || text[0] > '9')
		goto bad;
	*out = strtoull(text, &end, 10);
	if (errno != 0 || *end != '\0' || *out > max)
		goto bad;
	return 0;
bad:
	fprintf(stderr, "isrlab: %s: invalid value '%s'\n", opt, text);
	return -1;
}

/* Split the --racks list into n strings (pointing into list). */
static int
main_racks(char *list, int n, const char **racks)
{
	char	*p = list, *comma;
	int	 i = 0;

	for (;;) {
		comma = strchr(p, ',');
		if (comma != NULL)
			*comma = '\0';
		if (i == n || strlen(p) > 31)
			goto bad;
		racks[i++] = p;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	if (i != n)
		goto bad;
	return 0;
bad:
	fprintf(stderr, "isrlab: --racks: give one rack name (up to 31 "
	    "characters) per broker, %d in all\n", n);
	return -1;
}

int
main(int argc, char **argv)
{
	struct settings		 settings;
	struct script_opts	 so;
	struct sim		*sim;
	struct console		*c;
	const char		*script = NULL, *racks[ISR_MAX_BROKERS];
	char			*rack_list = NULL;
	unsigned long long	 seed = 1, brokers = 3;
	bool			 headless = false, kafka_timings = false;
	FILE			*f;
	int			 opt, rc;

	setlocale(LC_ALL, "");
	memset(&so, 0, sizeof so);
	while ((opt = getopt_long(argc, argv, "", main_options, NULL)) != -1) {
		switch (opt) {
		case OPT_HEADLESS:
			headless = true;
			break;
		case OPT_SCRIPT:
			script = optarg;
			break;
		case OPT_SEED:
			if (main_number("--seed", optarg, UINT64_MAX,
			    &seed) != 0)
				return 2;
			break;
		case OPT_BROKERS:
			if (main_number("--brokers", optarg, ISR_MAX_BROKERS,
			    &brokers) != 0 || brokers < 1) {
				if (brokers < 1)
					fprintf(stderr, "isrlab: --brokers: "
					    "1-%d\n", ISR_MAX_BROKERS);
				return 2;
			}
			break;
		case OPT_RACKS:
			rack_list = optarg;
			break;
		case OPT_KAFKA_TIMINGS:
			kafka_timings = true;
			break;
		case OPT_ECHO:
			so.echo = true;
			break;
		case OPT_VERSION:
			printf("%s\n", PACKAGE_STRING);
			return 0;
		case OPT_HELP:
			main_usage(stdout);
			return 0;
		default:
			main_usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "isrlab: unexpected argument '%s'\n",
		    argv[optind]);
		main_usage(stderr);
		return 2;
	}
	if (rack_list != NULL && main_racks(rack_list, (int)brokers,
	    racks) != 0)
		return 2;
	if (!headless) {
		fprintf(stderr, "isrlab: the interactive TUI is not built "
		    "yet; use --headless\n");
		return 2;
	}

	if (script == NULL || strcmp(script, "-") == 0) {
		f = stdin;
		script = "<stdin>";
	} else if ((f = fopen(script, "r")) == NULL) {
		fprintf(stderr, "isrlab: %s: %s\n", script, strerror(errno));
		return 2;
	}

	settings_defaults(&settings, kafka_timings);
	sim = sim_new((int)brokers, seed, &settings,
	    rack_list != NULL ? racks : NULL);
	c = console_new(sim_engine(sim), main_write, NULL);
	rc = script_run(c, f, script, &so);
	console_free(c);
	sim_free(sim);
	fflush(stdout);
	if (f != stdin)
		fclose(f);
	if (ferror(stdout)) {
		fprintf(stderr, "isrlab: error writing output\n");
		return 1;
	}
	return rc;
}
