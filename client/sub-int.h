/* raqib sub's insides, shared by its files: sub.c (the follower: replay
 * then live, held events, sinks) and sub-store.c (the store and the run of
 * raqibd the position counts in, and the resume file). */
#ifndef RAQIB_SUB_INT_H
#define RAQIB_SUB_INT_H

#include <jansson.h>

#include "resume.h"

struct held {
	long long	 seq;
	json_t		*ev;
};

struct sub {
	void		*ctx, *live, *rep;
	void		*mlive, *mrep;	/* handshake monitors */
	struct filter	*filter;
	struct extract	*ex;
	struct sink	**sinks;
	size_t		 nsinks;
	char		**prefixes;
	size_t		 nprefixes;
	const char	*resume;
	long long	 saved;		/* the seq in the resume file */
	int		 written;	/* the file holds saved, store, generation */
	int		 save_failed;	/* the last write failed (said once) */
	char		 store[RESUME_STORE_MAX]; /* the store seqs count in */
	char		 generation[RESUME_GEN_MAX]; /* the daemon's run the
					 * position was checked against */
	int		 recheck;	/* the daemon may have restarted: hand
					 * nothing on until it says where we
					 * stand (sub_status_reply) */
	int		 on_new_store;	/* SUB_NEW_STORE_* */
	int		 start_at_head;	/* a new resume file: from the head */
	int		 since_given;	/* --since: no store check at first */
	int		 wait;		/* --wait: retry a silent daemon */
	int		 answered;	/* the replay socket has answered */
	int		 unanswered;	/* said that it has not */
	double		 probe_at;	/* the status request went out */
	unsigned	 seen_rep, seen_live;	/* ENDPOINT_SEEN_* */
	int		 out_closed;	/* standard output's reader left */
	int		 watch_out;	/* stdout is a pipe we print to */
	int		 known;		/* cursor is meaningful */
	long long	 cursor;	/* every event <= cursor handled */
	long long	 covered;	/* replay confirmed nothing missing <= */
	long long	 want;		/* replay wanted up to here (0: head) */
	int		 want_replay;
	int		 inflight;	/* a replay request is out */
	char		 req_id[32];
	long long	 req_after;	/* its end's head cannot be below */
	double		 req_at;
	double		 last_reply;	/* when the replay socket last spoke */
	unsigned	 req_n;
	struct held	*held;		/* received, not yet handled; by seq */
	size_t		 nheld, capheld;
	json_t		**outbox;	/* matched, not yet through every sink */
	size_t		 nout, capout;
	long long	 count, delivered, queued;
	double		 last_hb;
	int		 warned_hb;
};

/* sub.c */
void		 sub_want(struct sub *, long long);
long long	 sub_json_seq(json_t *);

/* sub-store.c */
const char	*sub_generation_of(json_t *);
int		 sub_store_check(struct sub *, const char *, const char *,
		    long long, long long);
void		 sub_probe(struct sub *);
void		 sub_recheck(struct sub *);
void		 sub_status_reply(struct sub *, json_t *);
void		 sub_save(struct sub *, long long);

#endif
