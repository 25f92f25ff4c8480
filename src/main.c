/*
 * main.c - isrlab's entry point: options, locale, and the front end.
 *
 * --headless runs a script (a file, or standard input) against the
 * deterministic simulator and exits 0 when it ran (Kafka errors are
 * results), 2 on a syntax error or a bad option, 1 on an internal error.
 * Without --headless, the live screen: plain `isrlab` opens the lab
 * picker (tui_session), --play goes straight to free play, and --lab ID
 * opens that lab, each on a cluster built here (a lab's brokers:, racks:
 * and seed: win over --brokers, --racks and --seed).
 *
 * Labs (src/lab): --list-labs lists them; --check-lab FILE validates one
 * (errors as FILE:LINE:COL, exit 2); --headless --lab ID --solve plays its
 * solutions on the simulator (exit 0 when every step completed in order,
 * 1 when one did not); --headless --lab ID alone prints the lab's text.
 *
 * The session journal (src/journal): headless runs keep one, so `export`
 * works in scripts; with --export-dir (or, for --solve, --student) the
 * session is exported when the run ends.  --verify-log checks exported
 * files' seals, --replay plays a session back on the simulator and
 * --summarize tabulates a folder of logs.  The screen keeps one journal
 * per lab or free play (tui.h); --replay without --headless plays a log
 * back on the screen (tui_replay).
 */

#include "config.h"

#include <errno.h>
#include <getopt.h>
#ifdef HAVE_MALLOC_H
#include <malloc.h>
#endif
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_RDKAFKA
#include "attach/attach.h"
#endif
#include "class/classclient.h"
#include "class/classproto.h"
#include "class/classserver.h"
#include "console/compare.h"
#include "console/console.h"
#include "console/script.h"
#include "console/servers.h"
#include "journal/export.h"
#include "journal/ident.h"
#include "journal/replay.h"
#include "journal/slog.h"
#include "journal/statefile.h"
#include "journal/student.h"
#include "journal/summarize.h"
#include "lab/glossary.h"
#include "lab/lab.h"
#include "lab/labdir.h"
#include "lab/labsolve.h"
#include "util/i18n.h"
#include "util/readfile.h"
#include "util/utf8.h"
#include "model/profile.h"
#include "model/settings.h"
#include "net/net.h"
#include "runtime/runtime.h"
#include "sim/sim.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

enum {
	OPT_HEADLESS = 256,
	OPT_SCRIPT,
	OPT_SEED,
	OPT_BROKERS,
	OPT_RACKS,
	OPT_KAFKA_TIMINGS,
	OPT_KAFKA,
	OPT_KAFKA_PROFILES,
	OPT_ECHO,
	OPT_VERSION,
	OPT_HELP,
	OPT_LIST_LABS,
	OPT_LAB,
	OPT_LAB_DIR,
	OPT_LANG,
	OPT_CHECK_LAB,
	OPT_SOLVE,
	OPT_PLAY,
	OPT_REALTIME,
	OPT_SPEED,
	OPT_ASCII,
	OPT_MONO,
	OPT_NO_MOUSE,
	OPT_SIMULATED,
	OPT_EXPORT_DIR,
	OPT_STUDENT,
	OPT_STUDENT_ID,
	OPT_VERIFY_LOG,
	OPT_REPLAY,
	OPT_SUMMARIZE,
	OPT_FORMAT,
	OPT_GRID,
	OPT_RECOVER,
	OPT_CLASS,
	OPT_CLASS_CODE,
	OPT_CLASS_SERVER,
	OPT_CLASS_DIR,
	OPT_LISTEN,
	OPT_NO_LISTEN,
	OPT_PORT_BASE,
	OPT_ATTACH,
	OPT_ATTACH_INTERVAL,
	OPT_ATTACH_CONFIG,
};

static const struct option main_options[] = {
	{ "headless", no_argument, NULL, OPT_HEADLESS },
	{ "script", required_argument, NULL, OPT_SCRIPT },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "brokers", required_argument, NULL, OPT_BROKERS },
	{ "racks", required_argument, NULL, OPT_RACKS },
	{ "kafka-timings", no_argument, NULL, OPT_KAFKA_TIMINGS },
	{ "kafka", required_argument, NULL, OPT_KAFKA },
	{ "kafka-profiles", no_argument, NULL, OPT_KAFKA_PROFILES },
	{ "echo", no_argument, NULL, OPT_ECHO },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "list-labs", no_argument, NULL, OPT_LIST_LABS },
	{ "lab", required_argument, NULL, OPT_LAB },
	{ "lab-dir", required_argument, NULL, OPT_LAB_DIR },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "check-lab", required_argument, NULL, OPT_CHECK_LAB },
	{ "solve", no_argument, NULL, OPT_SOLVE },
	{ "play", no_argument, NULL, OPT_PLAY },
	{ "realtime", no_argument, NULL, OPT_REALTIME },
	{ "speed", required_argument, NULL, OPT_SPEED },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "mono", no_argument, NULL, OPT_MONO },
	{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
	{ "simulated", no_argument, NULL, OPT_SIMULATED },
	{ "export-dir", required_argument, NULL, OPT_EXPORT_DIR },
	{ "student", required_argument, NULL, OPT_STUDENT },
	{ "student-id", required_argument, NULL, OPT_STUDENT_ID },
	{ "verify-log", required_argument, NULL, OPT_VERIFY_LOG },
	{ "replay", required_argument, NULL, OPT_REPLAY },
	{ "summarize", required_argument, NULL, OPT_SUMMARIZE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "grid", no_argument, NULL, OPT_GRID },
	{ "recover", no_argument, NULL, OPT_RECOVER },
	{ "class", required_argument, NULL, OPT_CLASS },
	{ "class-code", required_argument, NULL, OPT_CLASS_CODE },
	{ "class-server", required_argument, NULL, OPT_CLASS_SERVER },
	{ "class-dir", required_argument, NULL, OPT_CLASS_DIR },
	{ "listen", no_argument, NULL, OPT_LISTEN },
	{ "no-listen", no_argument, NULL, OPT_NO_LISTEN },
	{ "port-base", required_argument, NULL, OPT_PORT_BASE },
	{ "attach", required_argument, NULL, OPT_ATTACH },
	{ "attach-interval", required_argument, NULL, OPT_ATTACH_INTERVAL },
	{ "attach-config", required_argument, NULL, OPT_ATTACH_CONFIG },
	{ NULL, 0, NULL, 0 }
};

/* The options' lines of the usage: each option and what it does, in the
 * screen's language (a line break in a text goes on under the texts; a
 * text that starts with one starts there). */
static const struct {
	const char	*opt;
	const char	*text;
} main_options_help[] = {
	{ "(no option)",
	  N_("the live screen: pick a lab, or free play") },
	{ "--play",
	  N_("the live screen in free play, no lab picker") },
	{ "--headless",
	  N_("run commands from a script, without the screen") },
	{ "--realtime",
	  N_("with --headless: brokers on threads, real waits") },
	{ "--speed X",
	  N_("lab time runs X times real time (0.1-50)") },
	{ "--simulated",
	  N_("the screen over the simulator, not threads") },
	{ "--listen, --no-listen",
	  N_("real Kafka clients on loopback (default:\non for the "
	     "screen, off with --headless)") },
	{ "--port-base PORT",
	  N_("broker b listens at PORT+b-1 (default 9092, 19092, "
	     "...)") },
	{ "--attach LIST",
	  N_("a window on the real Kafka cluster at LIST (librdkafka)") },
	{ "--attach-interval MS",
	  N_("poll it every MS ms (default 1000)") },
	{ "--attach-config FILE",
	  N_("the commands keys may run on it (kill 1 = ...)") },
	{ "--ascii, --mono, --no-mouse",
	  N_("\nplain frames, no colours, no mouse") },
	{ "--script FILE",
	  N_("the script (default: standard input); with --lab, a "
	     "student's\nway through the lab") },
	{ "--seed N",
	  N_("the cluster's seed (default: a fresh one per session)") },
	{ "--brokers N",
	  N_("brokers in the cluster, 1-9 (default 3)") },
	{ "--racks LIST",
	  N_("broker.rack of each broker, comma-separated") },
	{ "--kafka PROFILE",
	  N_("the Kafka to model: zk, 3.7 or 4.x (default 4.x; a "
	     "lab\nnames its own); with --headless --script, P,Q,... "
	     "runs\nthe script on each and shows where they differ") },
	{ "--kafka-profiles",
	  N_("list the profiles and what each models") },
	{ "--kafka-timings",
	  N_("Kafka's own timeouts instead of isrlab's lab-scaled "
	     "ones") },
	{ "--echo",
	  N_("print each command as '$ command' before its output") },
	{ "--lab ID|PATH",
	  N_("the lab to run on the screen (01, "
	     "01-leader-failover or a file)") },
	{ "--solve",
	  N_("with --headless --lab: play the lab's solutions") },
	{ "--lab-dir DIR",
	  N_("look for labs in DIR first (also $ISRLAB_LAB_PATH)") },
	{ "--lang ko|en",
	  N_("the labs' and the screen's language "
	     "(default:\nLANGUAGE, LC_ALL, LANG, else ko)") },
	{ "--list-labs",
	  N_("list the labs") },
	{ "--check-lab FILE",
	  N_("check a lab file and exit") },
	{ "--student NAME",
	  N_("the student's name in exported logs") },
	{ "--student-id ID",
	  N_("the student's id in exported logs") },
	{ "--export-dir DIR",
	  N_("where `export` writes; with --headless, export at "
	     "the end") },
	{ "--verify-log FILE",
	  N_("check an exported .md or .jsonl: OK or MODIFIED") },
	{ "--replay FILE",
	  N_("play an exported session back on the simulator (the "
	     "screen,\nor with --headless its output)") },
	{ "--summarize DIR",
	  N_("one row per student and lab from DIR's .jsonl logs") },
	{ "--format F",
	  N_("--summarize as text, csv, tsv or html (one page)") },
	{ "--grid",
	  N_("--summarize as a student x lab grid") },
	{ "--recover [ID]",
	  N_("list the sessions a crash interrupted, or export one") },
	{ "--class ADDR:PORT",
	  N_("send this session's journal to the class server "
	     "there") },
	{ "--class-code CODE",
	  N_("the class code it printed (also $ISRLAB_CLASS_CODE)") },
	{ "--class-server ADDR:PORT",
	  N_("the teacher's class server and dashboard") },
	{ "--class-dir DIR",
	  N_("where the class server keeps the copies (default "
	     "isrlab-class)") },
	{ "--version",
	  N_("print the version") },
	{ "--help",
	  N_("print this help") },
};

static void
main_usage(FILE *f)
{
	const char	*t, *nl;
	size_t		 i;

	fputs(
	    "usage: isrlab [--play | --lab ID|PATH] [--lang ko|en]"
	    " [--brokers N]\n"
	    "              [--racks R1,R2,...] [--speed X] [--kafka"
	    " PROFILE]\n"
	    "              [--kafka-timings] [--simulated] [--ascii]"
	    " [--mono] [--no-mouse]\n"
	    "              [--no-listen] [--port-base PORT] [--seed N]\n"
	    "              [--student NAME] [--student-id ID] [--export-dir"
	    " DIR]\n"
	    "       isrlab --headless [--script FILE] [--seed N] [--brokers"
	    " N] [--realtime]\n"
	    "              [--speed X] [--racks R1,R2,...] [--kafka"
	    " PROFILE]\n"
	    "              [--kafka-timings] [--echo] [--listen]"
	    " [--port-base PORT]\n"
	    "       isrlab --attach HOST:PORT[,...] [--attach-interval MS]\n"
	    "              [--attach-config FILE] [--headless]\n"
	    "       isrlab --headless --lab ID|PATH [--solve | --script"
	    " FILE]\n"
	    "              [--lang ko|en] [--lab-dir DIR]\n"
	    "       isrlab --list-labs [--lang ko|en] [--lab-dir DIR]\n"
	    "       isrlab --check-lab FILE\n"
	    "       isrlab --kafka-profiles\n"
	    "       isrlab --verify-log FILE...\n"
	    "       isrlab --summarize DIR [--format text|csv|tsv|html] "
	    "[--grid]\n"
	    "       isrlab --replay FILE.jsonl [--headless [--export-dir DIR]] "
	    "[--speed X]\n"
	    "       isrlab --recover [ID [--export-dir DIR]]\n"
	    "       isrlab --class-server ADDR:PORT [--class-dir DIR]"
	    " [--headless]\n", f);
	fputc('\n', f);
	for (i = 0; i < sizeof main_options_help /
	    sizeof main_options_help[0]; i++) {
		t = _(main_options_help[i].text);
		if (*t == '\n')	/* the text starts under the others' */
			fprintf(f, "  %s\n%19s", main_options_help[i].opt, "");
		else if (strlen(main_options_help[i].opt) <= 16)
			fprintf(f, "  %-16s ", main_options_help[i].opt);
		else
			fprintf(f, "  %s  ", main_options_help[i].opt);
		for (t += *t == '\n'; ; t = nl + 1) {
			nl = strchr(t, '\n');
			fprintf(f, "%.*s\n", nl != NULL ? (int)(nl - t) :
			    (int)strlen(t), t);
			if (nl == NULL)
				break;
			fprintf(f, "%19s", "");
		}
	}
}

/* --speed X: lab time runs X times real time, 0.1 to 50. */
static int
main_speed(const char *text, double *out)
{
	char	*end;

	errno = 0;
	*out = strtod(text, &end);
	if (errno != 0 || end == text || *end != '\0' || *out < 0.1 ||
	    *out > 50) {
		fprintf(stderr, _("isrlab: --speed: a number from 0.1 to 50, not "
		    "'%s'\n"), text);
		return -1;
	}
	return 0;
}

/* --student NAME, --student-id ID: one line of text, no control
 * characters (a name goes into file names, reports and the teacher's
 * terminal). */
static int
main_student(const char *opt, bool id, const char *name)
{
	if (student_valid(name))
		return 0;
	if (name[0] == '\0')
		fprintf(stderr, id ? _("isrlab: %s: give an id\n") :
		    _("isrlab: %s: give a name\n"), opt);
	else
		fprintf(stderr, id ? _("isrlab: %s: an id is one line "
		    "without control characters\n") : _("isrlab: %s: a name "
		    "is one line without control characters\n"), opt);
	return -1;
}

/* Brokers on threads share one malloc arena.  glibc gives each thread an
 * arena of its own; a message is allocated on one thread and freed on
 * another, and each arena keeps the pages of its high water, so a long
 * session's resident memory crept from arena to arena (tests/
 * soak-memory.sh: 14.2 to 15.3 MB between minutes 3 and 7 with the
 * default, flat at 14.6 MB with one arena).  Lab traffic is light, so
 * the shared arena's lock costs nothing that shows. */
static void
main_one_arena(void)
{
#if defined(HAVE_MALLOPT) && defined(M_ARENA_MAX)
	mallopt(M_ARENA_MAX, 1);
#endif
}

/* The engine: brokers on threads on the lab clock (realtime), or the
 * simulator on virtual time.  *sim is set for the simulator only; *net
 * when the threaded brokers listen for real clients (listen).  The
 * threaded brokers are up when it returns, unless started (the screen,
 * which draws them coming up: engine_ops.starting). */
static struct engine *
main_engine_new(bool realtime, int brokers, uint64_t seed,
    const struct settings *s, const char *const *racks, double speed,
    bool listen, bool started, struct sim **sim, struct net **net)
{
	struct engine	*e;
	int		 ports[ISR_NODES] = { 0 }, b;

	*sim = NULL;
	*net = NULL;
	if (realtime) {
		main_one_arena();
		e = started ? runtime_engine_start(brokers, seed, s, racks,
		    speed) : runtime_engine_new(brokers, seed, s, racks, speed);
		if (e != NULL && listen) {
			for (b = 1; b <= brokers; b++)
				ports[b] = servers_port(b);
			*net = net_start(e, ports);
		}
		return e;
	}
	*sim = sim_new(brokers, seed, s, racks);
	return sim_engine(*sim);
}

static void
main_engine_free(struct engine *e, struct sim *sim, struct net *net)
{
	net_stop(net);
	if (sim != NULL)
		sim_free(sim);
	else
		runtime_engine_free(e);
}

/* What the screen's clusters are built from. */
struct main_cluster {
	bool			 realtime;
	int			 brokers;
	const struct settings	*settings;
	const char *const	*racks;		/* or NULL */
	double			 speed;
	bool			 profile_fixed;	/* --kafka or a resumed
						 * journal: not the lab's */
	bool			 listen;	/* real clients on loopback */
	/* The engines alive and their simulators (NULL: threaded): the
	 * screen's session and, after a rewind (`u`), the one it rebuilt. */
	struct {
		struct engine	*e;
		struct sim	*sim;
		struct net	*net;
	}			 alive[4];
	int			 n_alive;
};

/* tui_engine_new_fn: a fresh cluster on seed for lab (its brokers and
 * racks), or for free play (the options'). */
static struct engine *
main_cluster_new(const struct lab *lab, uint64_t seed, void *arg)
{
	struct main_cluster	*mc = arg;
	const char		*racks[ISR_MAX_BROKERS];
	struct settings		 set = *mc->settings;
	struct engine		*e;
	struct sim		*sim;
	struct net		*net;
	int			 b;

	if (mc->n_alive == (int)(sizeof mc->alive / sizeof mc->alive[0]))
		return NULL;
	if (lab == NULL)
		e = main_engine_new(mc->realtime, mc->brokers, seed,
		    &set, mc->racks, mc->speed, mc->listen, true, &sim,
		    &net);
	else {
		lab_settings(lab, mc->profile_fixed, &set);
		for (b = 0; b < lab->brokers; b++)
			racks[b] = lab->racks[b];
		e = main_engine_new(mc->realtime, lab->brokers, seed,
		    &set, lab->has_racks ? racks : NULL, mc->speed,
		    mc->listen, true, &sim, &net);
	}
	if (e != NULL) {
		mc->alive[mc->n_alive].e = e;
		mc->alive[mc->n_alive].net = net;
		mc->alive[mc->n_alive++].sim = sim;
	}
	return e;
}

static void
main_cluster_free(struct engine *e, void *arg)
{
	struct main_cluster	*mc = arg;
	int			 i;

	for (i = 0; i < mc->n_alive && mc->alive[i].e != e; i++)
		;
	if (i == mc->n_alive)
		return;
	main_engine_free(e, mc->alive[i].sim, mc->alive[i].net);
	mc->alive[i] = mc->alive[--mc->n_alive];
}

/* Plain isrlab: the picker over every lab found. */
static int
main_session(const char *lab_dir, const struct tui_options *to,
    struct main_cluster *mc)
{
	struct words	 dirs = WORDS_INIT, paths = WORDS_INIT;
	struct strbuf	 errs = STRBUF_INIT;
	struct lab	**labs;
	size_t		 i, n = 0;
	int		 rc;

	labdir_path(lab_dir, &dirs);
	labdir_list(&dirs, &paths);
	labs = xcalloc(paths.n + 1, sizeof *labs);
	for (i = 0; i < paths.n; i++) {
		strbuf_reset(&errs);
		if (lab_load(paths.v[i], &labs[n], &errs) != 0) {
			fprintf(stderr, "%s", strbuf_cstr(&errs));
			continue;
		}
		n++;
	}
	rc = tui_session(to, labs, n, main_cluster_new, main_cluster_free,
	    mc);
	for (i = 0; i < n; i++)
		lab_free(labs[i]);
	free(labs);
	strbuf_free(&errs);
	words_free(&dirs);
	words_free(&paths);
	return rc;
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

/* --attach: where the real cluster is, how often to look and what the
 * keys may run on it. */
struct attach_cfg {
	const char	*bootstrap;	/* NULL: no --attach */
	int64_t		 interval_ms;
	const char	*config;	/* --attach-config FILE, or NULL */
};
#define ATTACH_DEFAULT_MS 1000

#ifdef HAVE_RDKAFKA
/* The configured commands, kept for the one attached engine's life. */
static struct attach_config main_attach_config;

/* confirm: ask before a command's first run (the screen). */
static struct engine *
main_attach_new(const struct attach_cfg *cfg, bool confirm)
{
	struct attach_options	 o = { cfg->bootstrap, cfg->interval_ms,
				    NULL, confirm };
	struct engine		*e;
	char			 err[512];

	if (cfg->config != NULL) {
		if (attach_config_load(&main_attach_config, cfg->config, err,
		    sizeof err) != 0) {
			fprintf(stderr, _("isrlab: --attach-config: %s\n"), err);
			return NULL;
		}
		o.config = &main_attach_config;
	}
	if ((e = attach_engine_new(&o, err, sizeof err)) == NULL) {
		fprintf(stderr, _("isrlab: --attach: %s\n"), err);
		attach_config_free(&main_attach_config);
	}
	return e;
}

static void
main_attach_free(struct engine *e)
{
	attach_engine_free(e);
	attach_config_free(&main_attach_config);
}

/* The journal's header names the real cluster: bootstrap, cluster id and
 * the configured commands (the user's own lines; no secrets in them). */
static void
main_journal_attach(struct slog *log, struct engine *e, const char *bootstrap)
{
	struct words	cmds = WORDS_INIT;
	char		id[128], who[32], *line;
	int		a, b;

	attach_cluster_id(e, id, sizeof id);
	for (a = 0; a < ATTACH__COUNT; a++)
		for (b = ATTACH_CLUSTER; b <= ISR_MAX_BROKERS; b++) {
			if (main_attach_config.cmd[a][b] == NULL)
				continue;
			attach_config_who(a, b, who, sizeof who);
			line = xasprintf("%s = %s", who,
			    main_attach_config.cmd[a][b]);
			words_add(&cmds, line);
			free(line);
		}
	slog_set_attach(log, bootstrap, id, &cmds);
	words_free(&cmds);
}
#else
static struct engine *
main_attach_new(const struct attach_cfg *cfg, bool confirm)
{
	(void)cfg;
	(void)confirm;
	fprintf(stderr, _("isrlab: --attach: this isrlab was built "
	    "without librdkafka (install librdkafka-dev and run configure "
	    "again)\n"));
	return NULL;
}

static void
main_attach_free(struct engine *e)
{
	(void)e;
}
#endif

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
	fprintf(stderr, _("isrlab: %s: invalid value '%s'\n"), opt, text);
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
	fprintf(stderr, _("isrlab: --racks: give one rack name (up to 31 "
	    "characters) per broker, %d in all\n"), n);
	return -1;
}

/* --list-labs: "01  title  15분", titles padded to one column. */
static int
main_list_labs(const char *lab_dir, enum lab_lang lang)
{
	struct words	 dirs = WORDS_INIT, paths = WORDS_INIT;
	struct strbuf	 errs = STRBUF_INIT;
	struct lab	**labs;
	size_t		 i, n = 0;
	int		 w, width = 0;

	labdir_path(lab_dir, &dirs);
	labdir_list(&dirs, &paths);
	labs = xcalloc(paths.n + 1, sizeof *labs);
	for (i = 0; i < paths.n; i++) {
		strbuf_reset(&errs);
		if (lab_load(paths.v[i], &labs[n], &errs) != 0) {
			fprintf(stderr, "%s", strbuf_cstr(&errs));
			continue;
		}
		w = utf8_width(lab_str_get(&labs[n]->title, lang));
		if (w > width)
			width = w;
		n++;
	}
	for (i = 0; i < n; i++) {
		const char	*t = lab_str_get(&labs[i]->title, lang);

		printf("%02d  %s%*s", lab_number(labs[i]), t,
		    width - utf8_width(t), "");
		if (labs[i]->minutes > 0)
			printf(_("  %d min"),
			    labs[i]->minutes);
		printf("\n");
		lab_free(labs[i]);
	}
	free(labs);
	strbuf_free(&errs);
	words_free(&dirs);
	words_free(&paths);
	return 0;
}

/* Find and parse the lab named name; NULL (messages printed) on error. */
static struct lab *
main_lab_open(const char *name, const char *lab_dir)
{
	struct words	 dirs = WORDS_INIT;
	struct strbuf	 errs = STRBUF_INIT;
	struct lab	*lab = NULL;
	char		 err[512], *path;

	labdir_path(lab_dir, &dirs);
	path = labdir_find(&dirs, name, err, sizeof err);
	words_free(&dirs);
	if (path == NULL) {
		fprintf(stderr, "isrlab: %s\n", err);
		return NULL;
	}
	if (lab_load(path, &lab, &errs) != 0)
		fprintf(stderr, "%s", strbuf_cstr(&errs));
	strbuf_free(&errs);
	free(path);
	return lab;
}

/* The interrupted session the screen offers at its start. */
struct main_resume {
	const struct statefile_info	*info;
	const char			*export_dir;
};

/* tui_ask_resume's e: export the session as it was. */
static int
main_resume_export(void *arg, struct strbuf *msg)
{
	struct main_resume	*mr = arg;

	return statefile_export(mr->info, mr->export_dir, msg);
}

/* The screen starts: offer the newest interrupted session (resume it,
 * export it, or not now).  Returns the screen's exit status when it was
 * resumed, else -1 (start as usual). */
static int
main_resume(struct tui_options *to, const struct main_cluster *mc,
    const char *lab_dir)
{
	struct statefile_info	*v;
	struct main_resume	 mr;
	struct main_cluster	 rmc = *mc;
	struct slog		*log = NULL;
	struct lab		*lab = NULL;
	struct engine		*e;
	const char		*racks[ISR_MAX_BROKERS];
	char			 what[512], where[128], wall[40], err[1024];
	size_t			 n;
	int			 b, rc = -1;

	if ((n = statefile_list(&v)) == 0)
		return -1;
	statefile_describe(&v[0], where, sizeof where);
	slog_wall_format(v[0].wall_ms, wall, sizeof wall);
	snprintf(what, sizeof what, "%s · %s · %.1fs · %.16s UTC",
	    v[0].student != NULL ? v[0].student : "?", where,
	    (double)v[0].t_ms / 1000.0, wall);
	mr.info = &v[0];
	mr.export_dir = to->export_dir;
	if (tui_ask_resume(to, what, main_resume_export, &mr) !=
	    TUI_RESUME_YES)
		goto out;
	if (statefile_load(v[0].path, NULL, &log, NULL, err,
	    sizeof err) != 0) {
		fprintf(stderr, "isrlab: %s\n", err);
		goto out;
	}
	if (log->meta.lab_id != NULL && (lab = main_lab_open(log->meta.lab_id,
	    lab_dir)) == NULL)
		goto out;
	/* The cluster as the session began: its seed, brokers and racks. */
	rmc.settings = &log->meta.settings;
	rmc.profile_fixed = true;
	rmc.brokers = log->meta.brokers;
	/* The session's seed and id, for the new journal tui_play begins
	 * should the recorded one not come back. */
	ident_restore(&to->ident, log->meta.seed, log->meta.seed_from,
	    log->meta.session);
	for (b = 0; b < log->meta.brokers; b++)
		racks[b] = log->meta.racks[b];
	rmc.racks = log->meta.has_racks ? racks : NULL;
	if ((e = main_cluster_new(lab, log->meta.seed, &rmc)) == NULL) {
		rc = 1;
		goto out;
	}
	to->lab = lab;
	to->resume = v[0].path;
	to->seed_topic = false;
	to->engine_new = main_cluster_new;
	to->engine_free = main_cluster_free;
	to->engine_arg = &rmc;
	rc = tui_run(e, to);
	main_cluster_free(e, &rmc);
out:
	lab_free(lab);
	slog_free(log);
	statefile_list_free(v, n);
	return rc;
}

/* The script to run: standard input for NULL or "-" (*name becomes
 * "<stdin>"), else the regular file, read whole within the limits into
 * *text (the caller frees it after closing).  NULL with the exit status
 * in *rc (the message printed). */
static FILE *
main_script_open(const char **name, char **text, int *rc)
{
	char	err[1024];
	size_t	len = 0;
	FILE	*f;

	*text = NULL;
	if (*name == NULL || strcmp(*name, "-") == 0) {
		*name = "<stdin>";
		return stdin;
	}
	if (readfile_load(*name, &readfile_text_limits, text, &len, err,
	    sizeof err) != 0) {
		fprintf(stderr, "isrlab: %s\n", err);
		*rc = 2;
		return NULL;
	}
	f = len == 0 ? fopen("/dev/null", "r") : fmemopen(*text, len, "r");
	if (f == NULL) {
		fprintf(stderr, "isrlab: %s: %s\n", *name, strerror(errno));
		free(*text);
		*text = NULL;
		*rc = 1;
	}
	return f;
}

/* --headless --lab without --solve: the lab as text. */
static void
main_lab_print(const struct lab *lab, enum lab_lang lang)
{
	struct strbuf	 sb = STRBUF_INIT;
	size_t		 i;

	strbuf_printf(&sb, "%s\n\n", lab_str_get(&lab->title, lang));
	if (lang == LAB_EN && !labtext_empty(&lab->intro[LAB_EN]))
		labtext_plain(&lab->intro[LAB_EN], 78, &sb);
	else
		labtext_plain(&lab->intro[LAB_KO], 78, &sb);
	for (i = 0; i < lab->n_steps; i++) {
		strbuf_printf(&sb, "\n## %zu/%zu %s\n\n", i + 1, lab->n_steps,
		    lab_str_get(&lab->steps[i].title, lang));
		labtext_plain(lab_step_text(&lab->steps[i], lang), 78, &sb);
	}
	fwrite(sb.s, 1, sb.len, stdout);
	strbuf_free(&sb);
}

/* The session journal of a headless run. */
struct main_journal {
	const char	*attach_bootstrap; /* --attach, or NULL */
	const char	*student;	/* --student, or NULL */
	const char	*student_id;	/* --student-id, or NULL */
	struct ident	 ident;		/* the session's seed and id */
	enum slog_origin origin;	/* the student's, or --solve's */
	const char	*export_dir;	/* --export-dir, or NULL */
	bool		 export_at_end;
	const struct lab *lab;		/* --solve's lab, or NULL */
	bool		 kafka_timings;
	bool		 seed_pinned;	/* --seed given: seed */
	uint64_t	 seed;
	struct slog	*log;
	struct statefile *sf;		/* the session's state file, or NULL */
	const char	*class_addr;	/* --class, or NULL */
	const char	*class_code;
	struct class_client *link;	/* to the class server, or NULL */
	int		 rc;		/* 1 when the export at the end failed
					   or the class server lacks some */
};

static void
main_journal_begin(struct main_journal *j, struct engine *e,
    struct console *c, struct labrun *r, const char *const *racks)
{
	char	err[1024];

	j->log = slog_new(e, 0, NULL, NULL);
	slog_set_cluster(j->log, j->ident.seed, e->n_brokers, racks,
	    j->kafka_timings);
#ifdef HAVE_RDKAFKA
	if (j->attach_bootstrap != NULL)
		main_journal_attach(j->log, e, j->attach_bootstrap);
#endif
	slog_set_ident(j->log, &j->ident);
	slog_set_origin(j->log, j->origin);
	slog_set_student(j->log, j->student != NULL ? j->student :
	    slog_default_student());
	slog_set_student_id(j->log, j->student_id);
	slog_set_export_dir(j->log, j->export_dir);
	export_attach(j->log, c, r);
	j->sf = statefile_start(j->log, err, sizeof err);
	if (j->sf == NULL)
		fprintf(stderr, _("isrlab: no state file (%s): this session "
		    "will not survive a crash\n"), err);
	if (j->class_addr == NULL)
		return;
	if (j->sf == NULL)
		fprintf(stderr, _("isrlab: --class: the class link sends the "
		    "state file, and there is none\n"));
	else if ((j->link = class_client_start(j->class_addr, j->class_code,
	    j->log, j->sf, err, sizeof err)) == NULL)
		fprintf(stderr, "isrlab: --class: %s\n", err);
	if (j->link == NULL)
		j->rc = 1;
}

static void
main_journal_end(struct main_journal *j)
{
	struct strbuf	msg = STRBUF_INIT;

	size_t		i;

	if (j->log == NULL)
		return;
	/* An export the script asked for that failed fails the run, as
	 * the one at the end does: the session may be lost otherwise. */
	for (i = 0; i < j->log->n; i++)
		if (j->log->v[i].type == SLOG_EXPORT && j->log->v[i].rc != 0)
			j->rc = 1;
	slog_end(j->log);
	if (j->export_at_end) {
		fflush(stdout);
		if (export_session(j->log, NULL, &msg) == 0)
			printf("%s", strbuf_cstr(&msg));
		else {
			fprintf(stderr, _("isrlab: export: %s\n"),
			    strbuf_cstr(&msg));
			j->rc = 1;
		}
	}
	strbuf_reset(&msg);
	statefile_close(j->sf, false);
	j->sf = NULL;
	if (j->link != NULL && class_client_finish(j->link, j->log,
	    CLASS_FINISH_MS, &msg) != 0) {
		fprintf(stderr, "isrlab: --class: %s\n", strbuf_cstr(&msg));
		j->rc = 1;
	}
	j->link = NULL;
	strbuf_free(&msg);
	slog_free(j->log);
	j->log = NULL;
}

/* labsolve's session hook: journal the solve, export at its end. */
static void
main_solve_session(void *arg, enum labsolve_phase phase, struct engine *e,
    struct console *c, struct labrun *r, int rc)
{
	struct main_journal	*j = arg;
	const char		*racks[ISR_MAX_BROKERS];
	int			 b;

	(void)rc;
	if (phase == LABSOLVE_BEGIN) {
		for (b = 0; b < j->lab->brokers; b++)
			racks[b] = j->lab->racks[b];
		main_journal_begin(j, e, c, r, j->lab->has_racks ? racks :
		    NULL);
	} else
		main_journal_end(j);
}

static int
main_verify(char **files, int n)
{
	int	i, rc = 0, r;

	for (i = 0; i < n; i++) {
		r = export_verify(files[i], stdout);
		if (r > rc)
			rc = r;
	}
	return rc;
}

/* --check-lab's both-languages rule: 2 (errors on stderr) or 0. */
static int
main_lab_languages(const struct lab *lab)
{
	struct strbuf	errs = STRBUF_INIT;
	int		rc = lab_check_languages(lab, &errs) > 0 ? 2 : 0;

	fputs(strbuf_cstr(&errs), stderr);
	strbuf_free(&errs);
	return rc;
}

static int
main_lab(const char *name, const char *lab_dir, bool check, bool solve,
    const struct labsolve_opts *lo, struct main_journal *j)
{
	struct labsolve_opts	 o = *lo;
	struct lab		*lab;
	int			 rc;

	if ((lab = main_lab_open(name, lab_dir)) == NULL)
		return 2;
	if (o.engine != NULL && !lab->attach) {
		fprintf(stderr, _("isrlab: %s: not a lab for a real cluster "
		    "(its front matter has no `attach: yes`)\n"), lab->path);
		lab_free(lab);
		return 2;
	}
	if (solve && !check && j != NULL) {
		/* A solve is a session like any: its own seed unless pinned,
		 * marked as the program's work, not the student's (a
		 * student's script is the student's). */
		ident_draw(&j->ident, j->seed_pinned, j->seed);
		j->origin = o.script != NULL ? SLOG_BY_STUDENT : SLOG_BY_SOLVE;
		o.seed = j->ident.seed;
		j->lab = lab;
		o.session = main_solve_session;
		o.session_arg = j;
	}
	if (check) {
		/* A check is the same run every time: the lab's own seed. */
		o.seed = lab->seed;
		o.check = true;
		o.echo = false;
		rc = main_lab_languages(lab);
		glossary_check_file(lab->path, stderr);
		if (labsolve_run(lab, &o, stdout) != 0)
			rc = 2;
		if (rc == 0)
			printf(_("%s: ok (%zu steps)\n"), lab->path, lab->n_steps);
	} else if (solve) {
		rc = labsolve_run(lab, &o, stdout);
		if (rc == 0 && j != NULL && j->rc != 0)
			rc = j->rc;
	} else {
		main_lab_print(lab, o.lang);
		rc = 0;
	}
	lab_free(lab);
	return rc;
}

/* --kafka P or P,Q,...: the profiles, each once; 0, or -1 with why. */
static int
main_kafka_list(const char *arg, enum kafka_profile *out, int *n,
    char *why, size_t len)
{
	char	*copy = xstrdup(arg), *word, *save = NULL;
	int	 i, rc = 0;

	*n = 0;
	for (word = strtok_r(copy, ",", &save); word != NULL && rc == 0;
	    word = strtok_r(NULL, ",", &save)) {
		if (profile_choose(word, &out[*n], why, len) != 0)
			rc = -1;
		for (i = 0; rc == 0 && i < *n; i++)
			if (out[i] == out[*n]) {
				snprintf(why, len, "'%s' given twice", word);
				rc = -1;
			}
		if (rc == 0)
			(*n)++;
	}
	if (rc == 0 && *n == 0) {
		snprintf(why, len, "give a profile (zk, 3.7, 4.x)");
		rc = -1;
	}
	free(copy);
	return rc;
}

/* --headless --kafka P,Q --script FILE (compare.h). */
static int
main_compare(const char *script, uint64_t seed, int brokers,
    const char *const *racks, bool kafka_timings,
    const enum kafka_profile *profiles, int n)
{
	struct compare_opts	 o = { .profiles = profiles, .n_profiles = n,
				    .brokers = brokers, .seed = seed,
				    .racks = racks,
				    .kafka_timings = kafka_timings };
	struct strbuf		 in = STRBUF_INIT;
	char			*text = NULL, err[1024], buf[4096];
	size_t			 len = 0, got;
	int			 rc;

	if (script == NULL || strcmp(script, "-") == 0) {
		while ((got = fread(buf, 1, sizeof buf, stdin)) > 0)
			strbuf_add(&in, buf, got);
		script = "<stdin>";
		len = in.len;
		text = strbuf_detach(&in);
	} else if (readfile_load(script, &readfile_text_limits, &text, &len,
	    err, sizeof err) != 0) {
		fprintf(stderr, "isrlab: %s\n", err);
		return 2;
	}
	rc = compare_run(script, text, len, &o, stdout);
	free(text);
	return rc;
}

/* --kafka-profiles: each profile, its screen header and what it models. */
static int
main_kafka_profiles(void)
{
	const struct profile_desc	*p;
	int				 i;

	for (i = 0; i < KAFKA_N_PROFILES; i++) {
		p = profile_get((enum kafka_profile)i);
		printf("%-4s  %s", p->name, p->header);
		printf("%*s%s%s%s\n", 26 - utf8_width(p->header), "", p->summary,
		    i == KAFKA_PROFILE_DEFAULT ? _(" (default)") : "",
		    p->available ? "" : _(" (not modelled yet)"));
	}
	return 0;
}

/*
 * The class link's settings: --class and --class-code win, then
 * $ISRLAB_CLASS_CODE, then the per-user configuration file,
 * $XDG_CONFIG_HOME/isrlab/config (default ~/.config/isrlab/config), whose
 * lines `class: ADDR:PORT` and `class-code: CODE` a teacher can hand out
 * once for a term.  Blank lines and lines starting with # are skipped.
 */
static char *main_config_class, *main_config_code;

static void
main_config(void)
{
	const char	*xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char		*path, *line = NULL, *v, **into;
	size_t		 cap = 0, n;
	FILE		*f;

	if (xdg != NULL && xdg[0] == '/')
		path = xasprintf("%s/isrlab/config", xdg);
	else if (home != NULL && home[0] != '\0')
		path = xasprintf("%s/.config/isrlab/config", home);
	else
		return;
	f = fopen(path, "r");
	free(path);
	while (f != NULL && getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "class:", 6) == 0) {
			into = &main_config_class;
			v = line + 6;
		} else if (strncmp(line, "class-code:", 11) == 0) {
			into = &main_config_code;
			v = line + 11;
		} else
			continue;
		v += strspn(v, " \t");
		for (n = strlen(v); n > 0 && (v[n - 1] == ' ' ||
		    v[n - 1] == '\t'); n--)
			v[n - 1] = '\0';
		free(*into);
		*into = xstrdup(v);
	}
	free(line);
	if (f != NULL)
		fclose(f);
}

/* The student's class link settled: 0, or 2 with the reason on stderr. */
static int
main_class(struct main_journal *j)
{
	char	host[256], port[16], code[CLASS_CODE_CHARS + 1], err[512];

	main_config();
	if (j->class_addr == NULL)
		j->class_addr = main_config_class;
	if (j->class_code == NULL)
		j->class_code = getenv("ISRLAB_CLASS_CODE");
	if (j->class_code == NULL)
		j->class_code = main_config_code;
	if (j->class_addr == NULL)
		return 0;
	if (class_addr_split(j->class_addr, host, sizeof host, port,
	    sizeof port, false, err, sizeof err) != 0) {
		fprintf(stderr, "isrlab: --class: %s\n", err);
		return 2;
	}
	if (j->class_code == NULL) {
		fprintf(stderr, _("isrlab: --class: give the class code the "
		    "class server printed (--class-code, $ISRLAB_CLASS_CODE or "
		    "class-code: in the configuration file)\n"));
		return 2;
	}
	if (class_code_parse(j->class_code, code, err, sizeof err) != 0) {
		fprintf(stderr, "isrlab: --class-code: %s\n", err);
		return 2;
	}
	return 0;
}

/*
 * The locale and the message catalog.  A student's locale that is not
 * installed (LANG=ko_KR.UTF-8 on a machine with only C.UTF-8) still gets
 * a UTF-8 screen through C.UTF-8.  gettext picks the catalog from
 * LANGUAGE, which glibc reads under any message locale but plain "C", so
 * the chosen language is set there and the catalog is found without a
 * ko_KR locale.  ISRLAB_LOCALEDIR points an uninstalled isrlab (the
 * tests) at catalogs in the build tree.
 */
static void
main_locale(void)
{
	if (setlocale(LC_ALL, "") == NULL)
		(void)setlocale(LC_ALL, "C.UTF-8");
}

static void
main_messages(enum lab_lang lang)
{
#ifdef ENABLE_NLS
	const char	*dir = getenv("ISRLAB_LOCALEDIR"),
			*msgs = setlocale(LC_MESSAGES, NULL);

	(void)setenv("LANGUAGE", lang == LAB_EN ? "en" : "ko", 1);
	if (msgs == NULL || strcmp(msgs, "C") == 0 ||
	    strcmp(msgs, "POSIX") == 0 || strncmp(msgs, "C.", 2) == 0) {
		/* A locale of no language: LANGUAGE is for isrlab's catalog
		 * only, so the C library's own messages (strerror) stay in
		 * English as that locale has them. */
		(void)setlocale(LC_MESSAGES, "C.UTF-8");
		(void)bindtextdomain("libc", "/dev/null");
	}
	(void)bindtextdomain(PACKAGE, dir != NULL && dir[0] != '\0' ? dir :
	    LOCALEDIR);
	(void)bind_textdomain_codeset(PACKAGE, "UTF-8");
	(void)textdomain(PACKAGE);
#else
	(void)lang;
#endif
}

/* The language, before the options are parsed so that their errors are
 * in it too: --lang's when it is ko or en, else the environment's. */
static enum lab_lang
main_lang(int argc, char **argv)
{
	const char	*v = NULL;
	int		 i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			v = argv[++i];
		else if (strncmp(argv[i], "--lang=", 7) == 0)
			v = argv[i] + 7;
	}
	if (v != NULL && (strcmp(v, "ko") == 0 || strcmp(v, "en") == 0))
		return strcmp(v, "en") == 0 ? LAB_EN : LAB_KO;
	return i18n_env_english(getenv("LANGUAGE"), getenv("LC_ALL"),
	    getenv("LC_MESSAGES"), getenv("LANG")) ? LAB_EN : LAB_KO;
}

/* --attach without --headless: the screen on the real cluster, free play
 * (no rewind: there is no second cluster to replay on). */
static int
main_attach_screen(const struct attach_cfg *cfg, struct tui_options *to,
    const struct main_journal *mj, enum lab_lang lang)
{
	struct engine	*e;
	int		 rc;

	if ((e = main_attach_new(cfg, true)) == NULL)
		return 1;
	to->lang = lang;
	to->brokers = e->n_brokers;
	to->student = mj->student;
	to->export_dir = mj->export_dir;
	to->class_addr = mj->class_addr;
	to->class_code = mj->class_code;
	to->attached = cfg->bootstrap;
	rc = tui_run(e, to);
	main_attach_free(e);
	return rc;
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
	bool			 headless = false, kafka_timings = false,
				 list_labs = false, solve = false,
				 realtime = false, simulated = false,
				 play = false;
	double			 speed = 1.0;
	struct tui_options	 to;
	struct engine		*engine;
	const char		*lab = NULL, *lab_dir = NULL, *check_lab = NULL;
	struct labsolve_opts	 lo;
	struct main_cluster	 mc;
	struct lab		*the_lab;
	struct main_journal	 mj;
	struct summarize_opts	 sumo;
	const char		*verify = NULL, *replay = NULL,
				*summarize = NULL, *class_server = NULL,
				*class_dir = "isrlab-class";
	bool			 speed_given = false, recover = false,
				 profile_given = false, list_profiles = false,
				 seed_given = false;
	enum kafka_profile	 profile = KAFKA_PROFILE_DEFAULT,
				 compare[KAFKA_N_PROFILES];
	int			 n_compare = 0;
	int			 listen = -1;	/* -1: the front end's default */
	unsigned long long	 port_base = 0, interval;
	struct attach_cfg	 attach = { NULL, ATTACH_DEFAULT_MS, NULL };
	struct net		*net;
	FILE			*f;
	char			*script_text = NULL, err[1024];
	int			 opt, rc;

	main_locale();
	memset(&so, 0, sizeof so);
	memset(&lo, 0, sizeof lo);
	lo.lang = main_lang(argc, argv);
	main_messages(lo.lang);
	memset(&to, 0, sizeof to);
	memset(&mj, 0, sizeof mj);
	memset(&sumo, 0, sizeof sumo);
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
			seed_given = true;
			break;
		case OPT_BROKERS:
			if (main_number("--brokers", optarg, ISR_MAX_BROKERS,
			    &brokers) != 0 || brokers < 1) {
				if (brokers < 1)
					fprintf(stderr, _("isrlab: --brokers: "
					    "1-%d\n"), ISR_MAX_BROKERS);
				return 2;
			}
			break;
		case OPT_RACKS:
			rack_list = optarg;
			break;
		case OPT_KAFKA_TIMINGS:
			kafka_timings = true;
			break;
		case OPT_KAFKA:
			if (main_kafka_list(optarg, compare, &n_compare,
			    err, sizeof err) != 0) {
				fprintf(stderr, "isrlab: --kafka: %s\n", err);
				return 2;
			}
			profile = compare[0];
			profile_given = true;
			break;
		case OPT_KAFKA_PROFILES:
			list_profiles = true;
			break;
		case OPT_ECHO:
			so.echo = true;
			break;
		case OPT_LIST_LABS:
			list_labs = true;
			break;
		case OPT_LAB:
			lab = optarg;
			break;
		case OPT_LAB_DIR:
			lab_dir = optarg;
			break;
		case OPT_CHECK_LAB:
			check_lab = optarg;
			break;
		case OPT_SOLVE:
			solve = true;
			break;
		case OPT_LANG:
			if (strcmp(optarg, "ko") == 0)
				lo.lang = LAB_KO;
			else if (strcmp(optarg, "en") == 0)
				lo.lang = LAB_EN;
			else {
				fprintf(stderr, _("isrlab: --lang: ko or en, not "
				    "'%s'\n"), optarg);
				return 2;
			}
			break;
		case OPT_PLAY:
			play = true;	/* free play, no picker */
			break;
		case OPT_REALTIME:
			realtime = true;
			break;
		case OPT_SIMULATED:
			simulated = true;
			break;
		case OPT_SPEED:
			if (main_speed(optarg, &speed) != 0)
				return 2;
			speed_given = true;
			break;
		case OPT_EXPORT_DIR:
			if (optarg[0] == '\0') {
				fprintf(stderr, _("isrlab: --export-dir: an empty "
				    "name (an unset variable?): give a "
				    "directory\n"));
				return 2;
			}
			mj.export_dir = optarg;
			break;
		case OPT_STUDENT:
			if (main_student("--student", false, optarg) != 0)
				return 2;
			mj.student = optarg;
			break;
		case OPT_STUDENT_ID:
			if (main_student("--student-id", true, optarg) != 0)
				return 2;
			mj.student_id = optarg;
			break;
		case OPT_VERIFY_LOG:
			verify = optarg;
			break;
		case OPT_REPLAY:
			replay = optarg;
			break;
		case OPT_SUMMARIZE:
			summarize = optarg;
			break;
		case OPT_FORMAT:
			if (summarize_format_parse(optarg, &sumo.format) != 0) {
				fprintf(stderr, _("isrlab: --format: text, csv, "
				    "tsv or html, not '%s'\n"), optarg);
				return 2;
			}
			break;
		case OPT_GRID:
			sumo.grid = true;
			break;
		case OPT_RECOVER:
			recover = true;
			break;
		case OPT_CLASS:
			mj.class_addr = optarg;
			break;
		case OPT_CLASS_CODE:
			mj.class_code = optarg;
			break;
		case OPT_CLASS_SERVER:
			class_server = optarg;
			break;
		case OPT_CLASS_DIR:
			if (optarg[0] == '\0') {
				fprintf(stderr, _("isrlab: --class-dir: an empty "
				    "name: give a directory\n"));
				return 2;
			}
			class_dir = optarg;
			break;
		case OPT_LISTEN:
			listen = 1;
			break;
		case OPT_NO_LISTEN:
			listen = 0;
			break;
		case OPT_ATTACH:
			attach.bootstrap = optarg;
			break;
		case OPT_ATTACH_INTERVAL:
			if (main_number("--attach-interval", optarg, 3600000,
			    &interval) != 0)
				return 2;
			if (interval < 100) {
				fprintf(stderr, _("isrlab: --attach-interval: "
				    "100 ms or more\n"));
				return 2;
			}
			attach.interval_ms = (int64_t)interval;
			break;
		case OPT_ATTACH_CONFIG:
			attach.config = optarg;
			break;
		case OPT_PORT_BASE:
			if (main_number("--port-base", optarg, 65535,
			    &port_base) != 0)
				return 2;
			if (servers_set_port_base((int)port_base) != 0) {
				fprintf(stderr, _("isrlab: --port-base: 1-%d, "
				    "so that every broker's port is valid\n"),
				    65535 - (ISR_MAX_BROKERS - 1));
				return 2;
			}
			break;
		case OPT_ASCII:
			to.ascii = true;
			break;
		case OPT_MONO:
			to.mono = true;
			break;
		case OPT_NO_MOUSE:
			to.no_mouse = true;
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
	if (list_profiles)
		return main_kafka_profiles();
	if (verify != NULL) {
		/* --verify-log A B C: the option's file, then the others. */
		argv[optind - 1] = (char *)verify;
		return main_verify(argv + optind - 1, argc - optind + 1);
	}
	if (recover) {
		/* --recover [ID]: the one argument is the session. */
		if (argc - optind > 1) {
			main_usage(stderr);
			return 2;
		}
		return statefile_recover(optind < argc ? argv[optind] : NULL,
		    mj.export_dir, stdout);
	}
	if (optind < argc) {
		fprintf(stderr, _("isrlab: unexpected argument '%s'\n"),
		    argv[optind]);
		main_usage(stderr);
		return 2;
	}
	if (rack_list != NULL && main_racks(rack_list, (int)brokers,
	    racks) != 0)
		return 2;
	lo.echo = so.echo;
	lo.kafka_timings = kafka_timings;
	lo.profile = profile;
	lo.profile_given = profile_given;
	mj.kafka_timings = kafka_timings;
	mj.seed_pinned = seed_given;
	mj.seed = seed;
	mj.export_at_end = mj.export_dir != NULL;
	if (class_server != NULL) {
		to.lang = lo.lang;
		return headless ? class_server_run(class_server, class_dir,
		    stdout) : tui_class_dashboard(class_server, class_dir, &to);
	}
	if (summarize != NULL)
		return summarize_dir(summarize, &sumo, stdout);
	if (sumo.format != SUMMARIZE_TEXT || sumo.grid) {
		fprintf(stderr, _("isrlab: --format and --grid go with "
		    "--summarize DIR\n"));
		return 2;
	}
	if (replay != NULL) {
		if (profile_given) {
			fprintf(stderr, _("isrlab: --kafka: a replay runs on the "
			    "Kafka its journal recorded\n"));
			return 2;
		}
		if (headless)
			return replay_run(replay, speed_given ? speed : 0,
			    mj.export_dir, stdout);
		/* On the screen: at --speed times real time (default 1). */
		to.speed = speed;
		to.lang = lo.lang;
		return tui_replay(replay, &to);
	}
	if (list_labs)
		return main_list_labs(lab_dir, lo.lang);
	if (check_lab != NULL)
		return main_lab(check_lab, lab_dir, true, false, &lo, NULL);
	if (solve && (lab == NULL || !headless)) {
		fprintf(stderr, _("isrlab: --solve needs --headless --lab ID\n"));
		return 2;
	}
	if ((rc = main_class(&mj)) != 0)
		return rc;
	if (attach.bootstrap != NULL && (play || n_compare > 1 || realtime ||
	    simulated || listen == 1 || (lab != NULL && !headless))) {
		fprintf(stderr, _("isrlab: --attach: the attached cluster "
		    "is the only one: no --play, --realtime, --simulated or "
		    "--listen, and --lab with --headless\n"));
		return 2;
	}
	if (attach.bootstrap != NULL && !headless)
		return main_attach_screen(&attach, &to, &mj, lo.lang);
	if (attach.bootstrap != NULL && lab != NULL) {
		/* A lab with `attach: yes` on the real cluster. */
		if ((lo.engine = main_attach_new(&attach, false)) == NULL)
			return 1;
		mj.attach_bootstrap = attach.bootstrap;
	}
	if (headless && lab != NULL) {
		/* A played lab is exported with --export-dir or --student. */
		mj.export_at_end = mj.export_dir != NULL || mj.student != NULL;
		if (solve && script != NULL) {
			fprintf(stderr, _("isrlab: --solve or --script: the "
			    "lab's solutions or the student's, not both\n"));
			return 2;
		}
		if (script == NULL)
			rc = main_lab(lab, lab_dir, false, solve, &lo, &mj);
		else if ((lo.script = main_script_open(&script, &script_text,
		    &rc)) != NULL) {
			lo.script_name = script;
			rc = main_lab(lab, lab_dir, false, true, &lo, &mj);
			if (lo.script != stdin)
				fclose(lo.script);
			free(script_text);
		}
		if (lo.engine != NULL)
			main_attach_free(lo.engine);
		return rc;
	}
	if (n_compare > 1) {
		/* --kafka P,Q: the script on each, compared. */
		if (!headless || lab != NULL || realtime) {
			fprintf(stderr, _("isrlab: --kafka: a list of "
			    "profiles needs --headless --script FILE (on the "
			    "simulator)\n"));
			return 2;
		}
		return main_compare(script, seed, (int)brokers,
		    rack_list != NULL ? racks : NULL, kafka_timings, compare,
		    n_compare);
	}
	settings_defaults(&settings, kafka_timings);
	settings.profile = profile;
	if (!headless) {
		/* The live screen runs the brokers on threads, on the lab
		 * clock; --simulated puts it over the simulator instead. */
		memset(&mc, 0, sizeof mc);
		mc.realtime = !simulated;
		mc.brokers = (int)brokers;
		mc.settings = &settings;
		mc.racks = rack_list != NULL ? racks : NULL;
		mc.speed = speed;
		mc.profile_fixed = profile_given;
		mc.listen = listen != 0;	/* on by default on the screen */
		to.seed_topic = true;
		to.lang = lo.lang;
		/* The simulator's clock is the screen's own: it starts at
		 * --speed too.  The journal's header and exports. */
		to.speed = speed;
		to.brokers = (int)brokers;
		to.seed = seed;
		to.seed_pinned = seed_given;
		to.student_id = mj.student_id;
		to.racks = rack_list != NULL ? racks : NULL;
		to.kafka_timings = kafka_timings;
		to.student = mj.student;
		to.export_dir = mj.export_dir;
		to.class_addr = mj.class_addr;
		to.class_code = mj.class_code;
		if ((rc = main_resume(&to, &mc, lab_dir)) >= 0)
			return rc;
		if (lab == NULL && !play)
			return main_session(lab_dir, &to, &mc);
		the_lab = NULL;
		if (lab != NULL && (the_lab = main_lab_open(lab,
		    lab_dir)) == NULL)
			return 2;
		to.lab = the_lab;
		ident_draw(&to.ident, seed_given, seed);
		engine = main_cluster_new(the_lab, to.ident.seed, &mc);
		if (engine == NULL) {
			lab_free(the_lab);
			return 1;
		}
		to.engine_new = main_cluster_new;
		to.engine_free = main_cluster_free;
		to.engine_arg = &mc;
		rc = tui_run(engine, &to);
		main_cluster_free(engine, &mc);
		lab_free(the_lab);
		return rc;
	}

	if ((f = main_script_open(&script, &script_text, &rc)) == NULL)
		return rc;

	/* A listening lab or an attached one is a live session that a FIFO
	 * or a terminal feeds while clients run or a real cluster changes:
	 * each output line goes out at once. */
	if (listen == 1 || attach.bootstrap != NULL)
		setvbuf(stdout, NULL, _IOLBF, 0);
	ident_draw(&mj.ident, seed_given, seed);
	/* Real clients run on real time: --listen brings the threads. */
	if (attach.bootstrap != NULL) {
		sim = NULL;
		net = NULL;
		engine = main_attach_new(&attach, false);
		mj.attach_bootstrap = attach.bootstrap;
	} else
		engine = main_engine_new(realtime || listen == 1,
		    (int)brokers, mj.ident.seed, &settings,
		    rack_list != NULL ? racks : NULL, speed, listen == 1,
		    false, &sim, &net);
	if (engine == NULL)
		return 1;
	c = console_new(engine, main_write, NULL);
	main_journal_begin(&mj, engine, c, NULL,
	    rack_list != NULL ? racks : NULL);
	rc = script_run(c, f, script, &so);
	main_journal_end(&mj);
	if (rc == 0 && mj.rc != 0)
		rc = mj.rc;
	console_free(c);
	if (attach.bootstrap != NULL)
		main_attach_free(engine);
	else
		main_engine_free(engine, sim, net);
	fflush(stdout);
	if (f != stdin)
		fclose(f);
	free(script_text);
	if (ferror(stdout)) {
		fprintf(stderr, _("isrlab: error writing output\n"));
		return 1;
	}
	return rc;
}
