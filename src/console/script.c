/*
 * script.c - the script reader: physical lines to logical lines, then
 * console_exec.
 *
 * Continuations are joined as sh does (the backslash-newline vanishes),
 * except that the indentation of the next line is folded to one space so
 * that the echoed command reads as one tidy line.  A line that is only a
 * comment never continues.  Line numbers in messages are where the
 * command starts.
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "console/script.h"
#include "util/strbuf.h"

/* The longest script line read, in bytes (with its newline). */
#define SCRIPT_LINE_MAX 65536
#define SCRIPT_LINE_MAX_TEXT "65536"

/* Whether line (without its newline) ends in an odd run of backslashes. */
static bool
script_continues(const char *line, size_t len)
{
	size_t	n = 0;

	while (n < len && line[len - 1 - n] == '\\')
		n++;
	return (n % 2) == 1;
}

static const char *
script_skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static size_t
script_chomp(char *line, size_t len)
{
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	return len;
}

/* Outcomes of script_getline besides a line's length. */
enum {
	SCRIPT_EOF = -1,	/* nothing more (or a read error: ferror) */
	SCRIPT_TOO_LONG = -2,	/* past SCRIPT_LINE_MAX (the rest unread) */
	SCRIPT_NUL = -3,	/* a NUL byte: text would end there unseen */
};

/* Read one line of f, with its newline, into line; its length, or one of
 * the outcomes above.  Never holds more than SCRIPT_LINE_MAX bytes, so
 * `--script /dev/zero` or a pipe without newlines cannot eat memory. */
static long
script_getline(FILE *f, struct strbuf *line)
{
	int	ch;

	strbuf_reset(line);
	while ((ch = getc(f)) != EOF) {
		if (ch == '\0')
			return SCRIPT_NUL;
		if (line->len == SCRIPT_LINE_MAX)
			return SCRIPT_TOO_LONG;
		strbuf_addc(line, (char)ch);
		if (ch == '\n')
			break;
	}
	if (line->len == 0)
		return SCRIPT_EOF;
	return (long)line->len;
}

int
script_run(struct console *c, FILE *f, const char *name,
    const struct script_opts *opts)
{
	struct strbuf	 cmd = STRBUF_INIT, buf = STRBUF_INIT;
	char		*line, err[512];
	size_t		 len;
	long		 got;
	long		 lineno = 0, start = 0;
	bool		 cont = false;
	int		 rc = 0, r;
	const char	*p;

	for (;;) {
		errno = 0;
		got = script_getline(f, &buf);
		if (got == SCRIPT_NUL || got == SCRIPT_TOO_LONG) {
			console_eprintf(c, "isrlab: %s:%ld: %s\n", name,
			    lineno + 1, got == SCRIPT_NUL ? "a NUL byte in the "
			    "line (a script is text)" : "a line longer than "
			    "the limit of " SCRIPT_LINE_MAX_TEXT " bytes");
			rc = 2;
			goto out;
		}
		strbuf_grow(&buf, 1);		/* never NULL, even at EOF */
		line = buf.s;
		if (got < 0) {
			if (ferror(f)) {
				console_eprintf(c, "isrlab: %s: %s\n", name,
				    strerror(errno));
				rc = 1;
				goto out;
			}
			if (!cont)
				break;
			/* A continuation at the end of the file ends there. */
			line[0] = '\0';
			got = 0;
		}
		lineno++;
		len = script_chomp(line, (size_t)got);
		p = line;
		if (!cont) {
			p = script_skip_space(line);
			if (*p == '\0' || *p == '#')
				continue;
			start = lineno;
			strbuf_reset(&cmd);
		} else {
			p = script_skip_space(line);
		}
		len = strlen(p);
		cont = got > 0 && script_continues(p, len);
		if (cont) {
			/* Drop the backslash and trailing blanks before it. */
			len--;
			while (len > 0 && (p[len - 1] == ' ' ||
			    p[len - 1] == '\t'))
				len--;
			strbuf_add(&cmd, p, len);
			if (len > 0)
				strbuf_addc(&cmd, ' ');
			continue;
		}
		strbuf_add(&cmd, p, len);
		while (cmd.len > 0 && cmd.s[cmd.len - 1] == ' ')
			cmd.s[--cmd.len] = '\0';
		if (cmd.len == 0)
			continue;

		if (opts != NULL && opts->on_command != NULL)
			opts->on_command(opts->arg, cmd.s, start);
		if (opts != NULL && opts->echo)
			console_printf(c, "%s%s\n", cmd.s[0] == '>' ? "" : "$ ",
			    cmd.s);
		err[0] = '\0';
		r = opts != NULL && opts->exec != NULL ?
		    opts->exec(opts->exec_arg, cmd.s, err, sizeof err) :
		    console_exec(c, cmd.s, err, sizeof err);
		if (r < 0) {
			console_eprintf(c, "isrlab: %s:%ld: %s\n", name, start,
			    err);
			rc = 2;
			goto out;
		}
	}
out:
	console_producer_end(c);
	strbuf_free(&cmd);
	strbuf_free(&buf);
	return rc;
}
