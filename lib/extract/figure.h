/* The figure reader: a count at a token (a number, a vague amount, a noun
 * that is its own count), its qualifier (حوالي، على الأقل) and its victims
 * (من المدنيين، جنود الجيش). casualty.c finds where a kind word's figure
 * is and reads it with these. */
#ifndef RAQIB_FIGURE_H
#define RAQIB_FIGURE_H

#include "doc.h"

struct figure {
	struct num	 n;		/* value, or -1 with a vague word */
	uint8_t		 qual;
	int		 cls;		/* victim class, or -1 */
	int		 who;		/* actor entity, or -1 */
	uint32_t	 t0, t1;	/* qualifier .. end of the victims */
	uint32_t	 vt;		/* the victims' noun, or 0 */
};

int	figure_at(const struct doc *, uint32_t, uint32_t, uint32_t,
	    struct figure *);
int	figure_single(const struct doc *, uint32_t, uint32_t, struct figure *);
int	figure_as_many(const struct doc *, uint32_t, uint32_t, struct figure *);
int	figure_qual_before(const struct doc *, uint32_t, uint32_t, uint32_t *);
int	figure_qual_after(const struct doc *, uint32_t, uint32_t, uint32_t *);
int	figure_not_count(const struct doc *, const struct num *, uint32_t);
/* Words that may stand between a kind word and its figure. */
uint32_t figure_in_place(const struct doc *, uint32_t, uint32_t);
uint32_t figure_ago(const struct doc *, uint32_t, uint32_t);

#endif
