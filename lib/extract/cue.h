/* What a sentence says around its facts: cues (threats, hypotheses,
 * history…) and anchors (a time, a place, victims) of a reported event. */
#ifndef RAQIB_CUE_H
#define RAQIB_CUE_H

#include "doc.h"

struct cue_ctx {
	uint32_t	 s, t0, t1;
	int		 first[CUE_MAX];	/* token + 1 of each cue, 0 none */
	uint8_t		 time;		/* أمس، السبت، 25 يوليو، صباح */
	uint8_t		 day;		/* a named day: أمس، السبت، 25 يوليو */
	uint8_t		 place;		/* a place or place noun */
	uint8_t		 victim;	/* a victim noun */
	uint8_t		 armed;		/* an armed actor is named */
	uint8_t		 question;
	uint8_t		 background;	/* history, not news */
	uint32_t	 words;		/* long sentences discuss; reports are short */
};

void	cue_scan(const struct doc *, uint32_t, struct cue_ctx *);
int	cue_before(const struct doc *, const struct cue_ctx *, uint32_t, int,
	    uint32_t);
int	cue_after(const struct doc *, const struct cue_ctx *, uint32_t, int,
	    uint32_t);
int	cue_irrealis(const struct doc *, const struct cue_ctx *, uint32_t);

#endif
