/* raqib sub's follower: replay then live, in seq order, into the sinks. */
#ifndef RAQIB_SUB_H
#define RAQIB_SUB_H

struct endpoints;
struct extract;
struct filter;
struct sink;

/* Where to start when the daemon's store is not the one followed. */
enum { SUB_NEW_STORE_START, SUB_NEW_STORE_LIVE };

struct sub_opts {
	const char	*resume;	/* --resume FILE, or NULL */
	long long	 count;		/* --count: stop after so many (0: never) */
	int		 wait;		/* --wait: retry a silent daemon */
	int		 on_new_store;	/* SUB_NEW_STORE_* */
	int		 watch_out;	/* stdout is a pipe we print to */
};

/* The engine and the filter stay the caller's. */
struct sub	*sub_new(struct extract *, struct filter *,
		    const struct sub_opts *);
void		 sub_free(struct sub *);
/* The sink is the follower's from now on. */
void		 sub_add_sink(struct sub *, struct sink *);
/* Where to start: since (>= 0), else the resume file, else the head. */
int		 sub_position(struct sub *, long long);
/* Follows until a signal, --count or a closed output; an exit code. */
int		 sub_run(struct sub *, const struct endpoints *);

#endif
