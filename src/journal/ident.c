/*
 * ident.c - a session's seed and id from the kernel's random source (see
 * ident.h).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_SYS_RANDOM_H
#include <sys/random.h>
#endif

#include "journal/ident.h"
#include "util/xmalloc.h"

/* n random bytes into buf: getrandom(2) where there is one, else
 * /dev/urandom.  Without either the session could not be told from
 * another's, so that is fatal (it never happens on Linux). */
static void
ident_random(void *buf, size_t n)
{
	unsigned char	*p = buf;
	ssize_t		 k;
	int		 fd;

#ifdef HAVE_GETRANDOM
	while (n > 0) {
		k = getrandom(p, n, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		p += k;
		n -= (size_t)k;
	}
	if (n == 0)
		return;
#endif
	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) < 0)
		fatal("no random source: /dev/urandom: %s", strerror(errno));
	while (n > 0) {
		k = read(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			fatal("no random source: /dev/urandom: %s",
			    k < 0 ? strerror(errno) : "end of file");
		p += k;
		n -= (size_t)k;
	}
	close(fd);
}

void
ident_draw(struct ident *id, bool pinned, uint64_t seed)
{
	unsigned char	raw[IDENT_SESSION_LEN / 2];
	size_t		i;

	memset(id, 0, sizeof *id);
	if (pinned) {
		id->seed = seed;
		id->from = "option";
	} else {
		/* 53 bits: an integer every JSON reader (a teacher's
		 * Python, a spreadsheet) holds exactly. */
		ident_random(&id->seed, sizeof id->seed);
		id->seed &= (UINT64_C(1) << 53) - 1;
		id->from = "random";
	}
	ident_random(raw, sizeof raw);
	for (i = 0; i < sizeof raw; i++)
		snprintf(id->session + 2 * i, 3, "%02x", raw[i]);
}

void
ident_restore(struct ident *id, uint64_t seed, const char *from,
    const char *session)
{
	memset(id, 0, sizeof *id);
	id->seed = seed;
	id->from = ident_seed_from_known(from);
	snprintf(id->session, sizeof id->session, "%s", session != NULL ?
	    session : "");
}

const char *
ident_seed_from_known(const char *s)
{
	static const char *const names[] = { "random", "option", "lab" };
	size_t			 i;

	for (i = 0; s != NULL && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0)
			return names[i];
	return NULL;
}
