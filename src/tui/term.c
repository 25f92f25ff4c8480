/*
 * term.c - the terminal: taking it, giving it back, colours.
 *
 * DESIGN
 * tui_term_begin() takes the terminal for the whole session (newterm,
 * raw keys, mouse), tui_term_end() gives it back.  Whatever happens in
 * between, the terminal must come back usable: SIGINT/SIGTERM/SIGHUP
 * only set a flag the loops read (tui_interrupted); fatal() ends curses
 * through its hook; SIGSEGV/SIGBUS/SIGFPE/SIGABRT restore the saved
 * termios and write a minimal reset, then re-raise (htop's fail()).
 * Colours and glyphs are chosen once curses is up (tui_curses_look):
 * colour unless --mono, NO_COLOR or a terminal without colours; Unicode
 * frames unless --ascii or a non-UTF-8 locale.
 */

#include "config.h"

#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "tui/tui-int.h"
#include "util/xmalloc.h"

static volatile sig_atomic_t	 tui_signalled;
static struct termios		 tui_saved_termios;
static bool			 tui_have_termios;
static SCREEN			*tui_screen;	/* while curses is on */

bool
tui_interrupted(void)
{
	return tui_signalled != 0;
}

int
tui_attr(const struct tui *t, enum tui_role r)
{
	if (t->color) {
		switch (r) {
		case R_NORMAL:	return A_NORMAL;
		case R_HEADER:	return COLOR_PAIR(6);
		case R_TITLE:	return A_BOLD;
		case R_FOCUS:	return COLOR_PAIR(4) | A_BOLD;
		case R_UP:	return COLOR_PAIR(2);
		case R_DOWN:	return COLOR_PAIR(1) | A_BOLD;
		case R_WARN:	return COLOR_PAIR(3);
		case R_ISO:	return COLOR_PAIR(5) | A_BOLD;
		case R_OFFLINE:	return COLOR_PAIR(7) | A_BOLD;
		case R_URP:	return COLOR_PAIR(3) | A_BOLD;
		case R_SEL:	return A_REVERSE;
		case R_FLASH:	return A_REVERSE | A_BOLD;
		case R_DIM:	return A_DIM;
		case R_ALARM:	return COLOR_PAIR(7) | A_BOLD;
		case R_GOOD:	return COLOR_PAIR(2);
		case R_CODE:	return COLOR_PAIR(4);
		case R__COUNT:	break;
		}
		return A_NORMAL;
	}
	switch (r) {
	case R_HEADER:	return A_REVERSE;
	case R_TITLE:	return A_BOLD;
	case R_FOCUS:	return A_BOLD | A_UNDERLINE;
	case R_DOWN:	return A_BOLD;
	case R_WARN:	return A_UNDERLINE;
	case R_ISO:	return A_BOLD | A_UNDERLINE;
	case R_OFFLINE:	return A_REVERSE | A_BOLD;
	case R_URP:	return A_BOLD;
	case R_SEL:	return A_REVERSE;
	case R_FLASH:	return A_REVERSE | A_BOLD;
	case R_DIM:	return A_DIM;
	case R_ALARM:	return A_BOLD | A_BLINK;
	case R_CODE:	return A_REVERSE;
	default:	return A_NORMAL;
	}
}


/* Glyphs and colours (no engine needed: the picker uses it too). */
void
tui_curses_look(struct tui *t)
{
	const char	*cs = nl_langinfo(CODESET);

	/* --ascii draws frames and signs in ASCII; text stays as it is
	 * whenever the locale can show it. */
	t->utf8 = cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
	t->unicode = !t->opt.ascii && t->utf8;
	t->g = layout_glyphs(t->unicode);
	t->color = !t->opt.mono && getenv("NO_COLOR") == NULL &&
	    has_colors();
	if (t->color && start_color() == OK) {
		use_default_colors();
		init_pair(1, COLOR_RED, -1);
		init_pair(2, COLOR_GREEN, -1);
		init_pair(3, COLOR_YELLOW, -1);
		init_pair(4, COLOR_CYAN, -1);
		init_pair(5, COLOR_MAGENTA, -1);
		init_pair(6, COLOR_WHITE, COLOR_BLUE);
		init_pair(7, COLOR_WHITE, COLOR_RED);
	} else
		t->color = false;
	getmaxyx(stdscr, t->h, t->w);
}

void
tui_curses_setup(struct tui *t)
{
	tui_curses_look(t);
	/* Rows were made with the ASCII set before the locale was known. */
	tui_model_update(t, true);
}

static void
tui_on_signal(int sig)
{
	tui_signalled = sig;
}

static void
tui_on_crash(int sig)
{
	static const char	reset[] = "\033[?1000l\033[?1002l\033[?1006l"
	    "\033[0m\033[?25h\033[?1049l\r\n";
	ssize_t			r;

	if (tui_have_termios)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &tui_saved_termios);
	r = write(STDOUT_FILENO, reset, sizeof reset - 1);
	(void)r;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
tui_fatal_hook(void)
{
	if (tui_screen != NULL && !isendwin())
		endwin();
}

static void
tui_signals(bool on)
{
	static struct sigaction	old[6];
	static const int	sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGSEGV,
	    SIGBUS, SIGFPE };
	struct sigaction	sa;
	size_t			i;

	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		if (!on) {
			sigaction(sigs[i], &old[i], NULL);
			continue;
		}
		memset(&sa, 0, sizeof sa);
		sigemptyset(&sa.sa_mask);
		if (sigs[i] == SIGINT || sigs[i] == SIGTERM ||
		    sigs[i] == SIGHUP)
			sa.sa_handler = tui_on_signal;
		else {
			sa.sa_handler = tui_on_crash;
			sa.sa_flags = SA_RESETHAND;
		}
		sigaction(sigs[i], &sa, &old[i]);
	}
	/* SIGABRT: fatal() has already ended curses through its hook; an
	 * assert() has not, so reset here too. */
	if (on) {
		memset(&sa, 0, sizeof sa);
		sigemptyset(&sa.sa_mask);
		sa.sa_handler = tui_on_crash;
		sa.sa_flags = SA_RESETHAND;
		sigaction(SIGABRT, &sa, NULL);
	} else
		signal(SIGABRT, SIG_DFL);
}

/* newterm() measures the terminal before it puts its SIGWINCH handler in
 * place; a resize in between is lost and curses would draw for the old
 * size until the next one (tmux then shows the bottom of a taller screen
 * with new text over the top rows).  Measure again once the handler is
 * there. */
static void
tui_term_measure(void)
{
	struct winsize	ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0 && is_term_resized(ws.ws_row, ws.ws_col))
		resizeterm(ws.ws_row, ws.ws_col);
}

int
tui_term_begin(const struct tui_options *opt)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "isrlab: the screen needs a terminal (use "
		    "--headless for scripts)\n");
		return 1;
	}
	tui_have_termios = tcgetattr(STDIN_FILENO, &tui_saved_termios) == 0;
	if ((tui_screen = newterm(NULL, stdout, stdin)) == NULL) {
		fprintf(stderr, "isrlab: cannot use terminal '%s'\n",
		    getenv("TERM") != NULL ? getenv("TERM") : "(unset)");
		return 1;
	}
	fatal_set_hook(tui_fatal_hook);
	tui_signals(true);
	tui_term_measure();
	set_escdelay(25);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	if (!opt->no_mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	mouseinterval(0);
	return 0;
}

void
tui_term_end(void)
{
	if (tui_screen == NULL)
		return;
	if (!isendwin())
		endwin();
	delscreen(tui_screen);
	tui_screen = NULL;
	tui_signals(false);
	fatal_set_hook(NULL);
}
