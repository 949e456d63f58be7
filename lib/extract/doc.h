/* The engine's working record of one document, shared by its passes:
 * matcher, places, actors, people, casualties, events, output. */
#ifndef RAQIB_DOC_H
#define RAQIB_DOC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lexicon.h"
#include "raqib/norm.h"
#include "text.h"

struct mention {
	uint32_t	 t0, t1;	/* tokens [t0, t1) */
	struct lx_hit	 hit;
	uint8_t		 art, prep, conj;	/* how the first token was read */
	uint8_t		 form;		/* FORM_*: the first token's inflection */
	uint8_t		 fuzzy;
	uint8_t		 dead;		/* lost to a longer entity mention */
	uint8_t		 nested;	/* a place inside an actor's name */
	int32_t		 ent;		/* entity it resolved to, or -1 */
};

/* ENT_UPLACE: a place the text introduces (قرية X) that no gazetteer knows:
 * id is its country (or LX_NONE), a1 its admin1 from the context (or -1),
 * key its Latin spelling and name_ar its surface. */
enum { ENT_PLACE = 1, ENT_ACTOR, ENT_PERSON, ENT_UPLACE };
enum { PREC_COUNTRY = 1, PREC_ADMIN1, PREC_TOWN, PREC_REGION };
enum { ROLE_UNKNOWN, ROLE_PERPETRATOR, ROLE_TARGET };

struct span {
	uint32_t	 t0, t1;
};

struct ent {
	uint8_t		 kind;
	uint8_t		 prec;		/* places */
	uint32_t	 id;		/* table index; LX_NONE: unknown person */
	char		*name_ar;	/* an unknown person's surface */
	char		*key;		/* an unknown person's matching form */
	int32_t		 a1;		/* ENT_UPLACE: admin1 or -1 */
	struct span	*sp;
	size_t		 nsp, capsp;
};

struct cas {
	uint8_t		 kind, qual, cls, dup;
	uint8_t		 late;		/* deep in a long sentence: no event's
					   evidence of its own */
	int		 dupof;		/* the first entry of the same figure */
	int64_t		 value;		/* -1: a vague amount */
	int		 vague;		/* vague word, or -1 */
	int		 who;		/* entity (actor), or -1 */
	int		 claimant;	/* entity (actor or person), or -1 */
	int		 source;	/* news source, or -1 */
	uint32_t	 t0, t1, sent;
};

struct date {
	int16_t		 y, m, d;	/* 0: unknown */
	int16_t		 y2, m2, d2;	/* end of a range */
	uint32_t	 t0, t1;
	uint8_t		 set;
	uint8_t		 open;		/* منذ: from the date to now */
};

struct evactor {
	int		 ent;
	uint8_t		 role;
};

struct evt {
	int		 type;
	int		 place;		/* entity or -1 */
	struct date	 date;
	struct evactor	*act;
	size_t		 nact, capact;
	int		*cas;
	size_t		 ncas, capcas;
	int		 claimant;	/* entity or -1 */
	int		*src;
	size_t		 nsrc, capsrc;
	uint32_t	 sent;
	uint32_t	 t0, t1;	/* the trigger */
	uint8_t		 dead;		/* merged into another event */
	uint8_t		 generic;	/* told only as "an attack" or by its dead */
	uint8_t		 own_place;	/* its sentence names its place */
	uint8_t		 own_day;	/* and its day (أمس، السبت) */
	uint8_t		 another;	/* told as "another attack" */
	uint8_t		 anaphor;	/* "this attack", "the latest attack" */
	int		 score;		/* how well the sentence anchors it */
};

struct doc {
	const struct lexicon	*lx;
	const struct lx_tables	*tb;
	struct text		*tx;

	struct lx_word		*tw;	/* readings of each token */
	uint32_t		*tw0;
	uint8_t			*twn;
	size_t			 ntw, captw, capt;
	struct norm_stem	*stem;	/* NORM_STEMS clitic readings per token */
	uint8_t			*nstem;
	size_t			 capstem;

	struct mention		*m;
	size_t			 nm, capm;
	uint32_t		*tokm;	/* per token: first mention starting */
	uint32_t		*mnext;	/* next mention with the same start */
	uint32_t		*catat;	/* per token: 1 << cat of mentions starting */
	uint32_t		*catcov;	/* and of mentions covering it */
	uint32_t		 catlen[LX_CAT_MAX];	/* longest mention of
							   each category */
	size_t			 capmn;

	struct ent		*ent;
	size_t			 nent, capent;
	struct cas		*cas;
	size_t			 ncas, capcas;
	struct evt		*ev;
	size_t			 nev, capev;

	uint32_t		*slot;	/* scratch hash table: token or */
	size_t			 capslot;	/* sentence numbers + 1 */
	char			*key;	/* scratch: the sentences' keys */
	uint32_t		*keyat;	/* and where each begins */
	size_t			 capkey, capkeyat;

	int			*ccount;	/* evidence per country */
	uint8_t			*caccept;	/* ambiguous names accepted */
	int			 main_country;
	int			 max_year;
};

#define DOC_NONE	UINT32_MAX

void		 doc_init(struct doc *, const struct lexicon *, struct text *);
void		 doc_reset(struct doc *);
void		 doc_free(struct doc *);
struct mention	*doc_mention_add(struct doc *);
void		 doc_index(struct doc *);
uint32_t	*doc_slots(struct doc *, size_t, size_t *);
void		 doc_dups(struct doc *);
int		 doc_ent(struct doc *, int, int, uint32_t);
void		 doc_ent_span(struct doc *, int, uint32_t, uint32_t);
void		 doc_ent_unspan(struct doc *, int, uint32_t, uint32_t);
struct cas	*doc_cas_add(struct doc *);
struct evt	*doc_ev_add(struct doc *);
void		 doc_ev_actor(struct evt *, int, int);
void		 doc_ev_cas(struct evt *, int);
void		 doc_ev_src(struct evt *, int);
const struct mention *doc_at_find(const struct doc *, uint32_t, int, int);
const struct mention *doc_cover_find(const struct doc *, uint32_t, int);
int		 doc_has(const struct doc *, uint32_t, int, int);
int		 doc_sent_has(const struct doc *, uint32_t, int);
uint32_t	 doc_next(const struct doc *, uint32_t, uint32_t);
uint32_t	 doc_prev(const struct doc *, uint32_t, uint32_t);
int		 doc_tok_is(const struct doc *, uint32_t, const char *);
int		 doc_tok_starts(const struct doc *, uint32_t, const char *);
int		 doc_tok_ends(const struct doc *, uint32_t, const char *,
		    size_t);
int		 doc_tok_in(const struct doc *, uint32_t,
		    const struct lx_wordlist *);
int		 doc_tok_stop(const struct doc *, uint32_t);
int		 doc_quoted(const struct doc *, uint32_t, uint32_t);
char		*doc_surface(const struct doc *, uint32_t, uint32_t);
int		 doc_sent_usable(const struct doc *, uint32_t);
int		 doc_form_at(const struct doc *, uint32_t, int);
void		 doc_stems_size(struct doc *);
void		 doc_stems_compute(struct doc *, uint32_t);
void		 doc_stems_share(struct doc *, uint32_t, uint32_t);

/* A live mention of cat (and arg, unless -1) starting at token t.  The
 * passes ask at nearly every token; the category masks answer most of
 * them here, without a call. */
static inline const struct mention *
doc_at(const struct doc *d, uint32_t t, int cat, int arg)
{
	if (t >= d->tx->ntok || !(d->catat[t] & (1U << cat)))
		return NULL;
	return doc_at_find(d, t, cat, arg);
}

/* A live mention of cat covering token t, the longest. */
static inline const struct mention *
doc_cover(const struct doc *d, uint32_t t, int cat)
{
	if (t >= d->tx->ntok || !(d->catcov[t] & (1U << cat)))
		return NULL;
	return doc_cover_find(d, t, cat);
}

/* The clitic readings of token t (doc_stems_compute), *n of them. */
static inline const struct norm_stem *
doc_stems(const struct doc *d, uint32_t t, int *n)
{
	*n = t < d->tx->ntok ? d->nstem[t] : 0;
	return d->stem + (size_t)t * NORM_STEMS;
}

/* Whether a reading of token t, clitics stripped, is the word w: inline,
 * as the date rules ask it of every token with a constant w. */
static inline int
doc_stem_is(const struct doc *d, uint32_t t, const char *w, size_t len)
{
	const struct norm_stem *st;
	int	 n, i;

	st = doc_stems(d, t, &n);
	for (i = 0; i < n; i++)
		if (st[i].len == len && memcmp(st[i].s, w, len) == 0)
			return 1;
	return 0;
}

/* The passes, in the order extract.c runs them. */
void	match_run(struct doc *);
void	match_resolve(struct doc *);
void	place_run(struct doc *);
void	actor_run(struct doc *);
void	person_run(struct doc *);
void	casualty_run(struct doc *);
void	event_run(struct doc *);
void	merge_run(struct doc *);
struct num {
	int64_t		 value;		/* -1: a vague amount */
	int		 vague;		/* vague word, or -1 */
	uint32_t	 t0, t1;
};

int	number_at(const struct doc *, uint32_t, uint32_t, struct num *);
int	number_digits_read(const struct doc *, uint32_t, int64_t *);
int	date_in(const struct doc *, uint32_t, uint32_t, struct date *);
int	date_year_in(const struct doc *, uint32_t, uint32_t, int *);

/* A token read as digits, through its proclitics (number.c).  Every reading
 * ends where the token does, and a count ends in a digit: most tokens are
 * ruled out by their last byte, here without a call. */
static inline int
number_digits(const struct doc *d, uint32_t t, int64_t *value)
{
	const struct token *tk = &d->tx->tok[t];
	char	 last;

	if (tk->kind == TK_PUNCT || tk->nflen == 0)
		return 0;
	last = text_nf(d->tx, t)[tk->nflen - 1];
	if (last < '0' || last > '9')
		return 0;
	return number_digits_read(d, t, value);
}

#endif
