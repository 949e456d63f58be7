/* Parsing replay requests (see include/raqib/protocol.h); no I/O, so it can
 * be fuzzed. */
#ifndef RAQIB_REPLAY_H
#define RAQIB_REPLAY_H

#include <stddef.h>

struct replay_req {
	char		*id;
	long long	 after;
	long long	 until;		/* 0: no bound */
	char		**prefixes;
	size_t		 nprefixes;
	size_t		 limit;
	char		*since;		/* a UTC time, or NULL */
};

int	replay_parse(const char *, size_t, struct replay_req *, char **);
void	replay_clear(struct replay_req *);

#endif
