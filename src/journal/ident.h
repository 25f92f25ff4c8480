/*
 * ident.h - what makes a session its own: its seed, where the seed came
 * from, and a random session id, settled once when the session begins.
 *
 * DESIGN
 * Every session gets a fresh seed from the kernel's random source
 * (getrandom(2), else /dev/urandom) unless the command line's --seed
 * pins one.  The seed decides the TopicIds and every random choice of
 * the simulator, so two students' logs never share them by chance and a
 * copied log shows by them (summarize.h).  A lab's `seed:` does not pin
 * it: it pins only the cluster's layout (model/settings.h), which every
 * student of the lab shares on purpose.  The model stays pure: the seed
 * is drawn here, outside it, and passed down to sim_new or
 * runtime_engine_new.  The session id (128 random bits as 32 hex digits)
 * names the session in its journal header ("session"), for a class
 * server or a summary to key on.
 * Curses-free; reads only the kernel's random source.
 */
#ifndef ISRLAB_JOURNAL_IDENT_H
#define ISRLAB_JOURNAL_IDENT_H

#include <stdbool.h>
#include <stdint.h>

#define IDENT_SESSION_LEN	32	/* hex digits of a session id */

struct ident {
	uint64_t	 seed;
	/* Where the seed came from, as the journal header's seed_from
	 * says it (static): "random" (drawn for this session), "option"
	 * (--seed N), "lab" (a lab's seed:, in journals of isrlab before
	 * a lab pinned only the layout); NULL when not known (a session
	 * journaled before seeds were drawn). */
	const char	*from;
	char		 session[IDENT_SESSION_LEN + 1];	/* hex, or "" */
};

/* A new session's identity: seed from --seed (pinned, seed), else
 * random; a random session id always. */
void ident_draw(struct ident *id, bool pinned, uint64_t seed);

/* A session going on from its journal: the seed, seed_from and session
 * id its header recorded (from and session may be NULL). */
void ident_restore(struct ident *id, uint64_t seed, const char *from,
    const char *session);
/* The static seed_from name equal to s, or NULL when s is none of them. */
const char *ident_seed_from_known(const char *s);

#endif
