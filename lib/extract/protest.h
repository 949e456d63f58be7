/* Protest rules: how a protest word is told, and its sentence's evidence. */
#ifndef RAQIB_PROTEST_H
#define RAQIB_PROTEST_H

#include "cue.h"

int	protest_told(const struct doc *, const struct cue_ctx *,
	    const struct mention *);
int	protest_evidence(const struct doc *, const struct cue_ctx *,
	    const struct mention *);

#endif
