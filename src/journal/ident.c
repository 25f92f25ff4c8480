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
ident_draw(struct ident *id, const struct lab *lab, bool pinned,
    uint64_t seed)
{
	unsigned char	raw[IDENT_SESSION_LEN / 2];
	size_t		i;

	memset(id, 0, sizeof *id);
	if (pinned) {
		id->seed = seed;
		id->from = IDENT_SEED_OPTION;
	} else if (lab != NULL && lab->has_seed) {
		id->seed = lab->seed;
		id->from = IDENT_SEED_LAB;
	} else {
		/* 53 bits: an integer every JSON reader (a teacher's
		 * Python, a spreadsheet) holds exactly. */
		ident_random(&id->seed, sizeof id->seed);
		id->seed &= (UINT64_C(1) << 53) - 1;
		id->from = IDENT_SEED_RANDOM;
	}
	ident_random(raw, sizeof raw);
	for (i = 0; i < sizeof raw; i++)
		snprintf(id->session + 2 * i, 3, "%02x", raw[i]);
}

const char *
ident_seed_from_name(enum ident_seed_from from)
{
	switch (from) {
	case IDENT_SEED_RANDOM:
		return "random";
	case IDENT_SEED_OPTION:
		return "option";
	case IDENT_SEED_LAB:
		return "lab";
	}
	return "random";
}

const char *
ident_seed_from_known(const char *s)
{
	enum ident_seed_from	f;

	for (f = IDENT_SEED_RANDOM; s != NULL && f <= IDENT_SEED_LAB; f++)
		if (strcmp(s, ident_seed_from_name(f)) == 0)
			return ident_seed_from_name(f);
	return NULL;
}
