/*
 * script.h - running a file of commands (--headless, lab solutions).
 *
 * A script is what a student would type: one command per line, `\` at the
 * end of a line continues it, blank lines and `#` lines are skipped, and
 * lines starting with "> " after kafka-console-producer.sh are the
 * producer's messages.  Kafka-level failures are results (the script goes
 * on); a syntax or usage error stops it with "isrlab: FILE:LINE: message",
 * and so does a line with a NUL byte or longer than 64 KiB.
 */
#ifndef ISRLAB_CONSOLE_SCRIPT_H
#define ISRLAB_CONSOLE_SCRIPT_H

#include <stdbool.h>
#include <stdio.h>

#include "console/console.h"

struct script_opts {
	bool	echo;		/* print "$ command" before each command */
	/* Called before each command runs with its text and first line
	 * (NULL: none); what the console writes until the next call is
	 * that command's output. */
	void	(*on_command)(void *arg, const char *cmd, long line);
	void	*arg;
	/* Runs each logical line instead of console_exec (NULL: that):
	 * returns what console_exec does, -1 with err set stopping the
	 * script as a syntax error does.  A lab played from a script
	 * (lab/labsolve.h) answers quizzes and presses keys here. */
	int	(*exec)(void *arg, const char *line, char *err, size_t len);
	void	*exec_arg;
};

/* Run every command of f (named name in messages) on c.  Returns 0 when
 * the script ran to its end, 2 on a syntax error (printed), 1 when f could
 * not be read. */
int script_run(struct console *c, FILE *f, const char *name,
    const struct script_opts *opts);

#endif
