/*
 * The surface forms a lexicon word matches: its class (~n noun, ~a
 * adjective, ~v verb) inflects it with suffixes, pronouns and, for verbs,
 * the imperfect's prefixes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/norm.h"
#include "raqib/strmap.h"
#include "raqib/xmalloc.h"
#include "lexicon.h"
#include "lx.h"

static void
lx_form(struct lexicon *lx, const char *form, size_t len, uint32_t word,
    int how)
{
	uint32_t *head, i;
	int	  added;

	if (len == 0)
		return;
	head = strmap_put(lx->forms, form, len, LX_NONE, &added);
	for (i = *head; i != LX_NONE; i = lx->fl_next[i])
		if (lx->fl_word[i] == word)
			return;
	if (lx->nfl >= lx->capfl) {
		lx->capfl = lx->capfl ? lx->capfl * 2 : 8192;
		lx->fl_word = xreallocarray(lx->fl_word, lx->capfl,
		    sizeof *lx->fl_word);
		lx->fl_next = xreallocarray(lx->fl_next, lx->capfl,
		    sizeof *lx->fl_next);
		lx->fl_form = xreallocarray(lx->fl_form, lx->capfl,
		    sizeof *lx->fl_form);
	}
	lx->fl_word[lx->nfl] = word;
	lx->fl_form[lx->nfl] = (uint8_t)how;
	lx->fl_next[lx->nfl] = *head;
	*head = (uint32_t)lx->nfl++;
}

static void
lx_form3(struct lexicon *lx, uint32_t word, const char *a, const char *b,
    const char *c)
{
	char	buf[NORM_MAX * 2];
	int	n, how = lx->expanding_form;

	/* of the imperfect's prefixes, س marks the future */
	if (how == FORM_IMPERFECT && strncmp(a, "\xd8\xb3", 2) == 0)
		how = FORM_FUTURE;
	n = snprintf(buf, sizeof buf, "%s%s%s", a, b, c);
	if (n > 0 && (size_t)n < sizeof buf)
		lx_form(lx, buf, (size_t)n, word, how);
}

/* The inflected forms a lexicon word matches, by its class. */
void
lx_expand(struct lexicon *lx, uint32_t w, char cls, const char *nf,
    const char *impf)
{
	static const char *pron[] = { AR_HA, "\xd9\x87\xd8\xa7",
	    "\xd9\x87\xd9\x85", "\xd9\x87\xd9\x85\xd8\xa7", "\xd9\x87\xd9\x86",
	    "\xd9\x83\xd9\x85", "\xd9\x86\xd8\xa7", AR_YA, NULL };
	static const char *nsuf[] = { AR_ALEF, "\xd8\xa7\xd8\xaa",
	    "\xd9\x8a\xd9\x86", "\xd9\x88\xd9\x86", "\xd8\xa7\xd9\x86",
	    AR_YA, AR_HA, "\xd8\xaa\xd9\x8a\xd9\x86", "\xd8\xaa\xd8\xa7\xd9\x86",
	    NULL };
	static const char *asuf[] = { AR_HA, AR_ALEF, "\xd9\x8a\xd9\x86",
	    "\xd9\x88\xd9\x86", "\xd8\xa7\xd8\xaa", "\xd8\xa7\xd9\x86",
	    "\xd8\xaa\xd9\x8a\xd9\x86", "\xd8\xaa\xd8\xa7\xd9\x86", NULL };
	/* past: - ت ا وا و تا ن نا تم تن */
	static const char *past[] = { "", "\xd8\xaa", AR_ALEF,
	    "\xd9\x88\xd8\xa7", "\xd9\x88", "\xd8\xaa\xd8\xa7", "\xd9\x86",
	    "\xd9\x86\xd8\xa7", "\xd8\xaa\xd9\x85", "\xd8\xaa\xd9\x86", NULL };
	/* imperfect prefixes: ي ت ن ا سي ست سن */
	static const char *ipre[] = { AR_YA, "\xd8\xaa", "\xd9\x86", AR_ALEF,
	    "\xd8\xb3\xd9\x8a", "\xd8\xb3\xd8\xaa", "\xd8\xb3\xd9\x86", NULL };
	/* imperfect suffixes: - ون ان ن وا ين و */
	static const char *isuf[] = { "", "\xd9\x88\xd9\x86",
	    "\xd8\xa7\xd9\x86", "\xd9\x86", "\xd9\x88\xd8\xa7",
	    "\xd9\x8a\xd9\x86", "\xd9\x88", NULL };
	static const char *vobj[] = { AR_HA, "\xd9\x87\xd8\xa7",
	    "\xd9\x87\xd9\x85", "\xd9\x87\xd9\x85\xd8\xa7", "\xd9\x86\xd9\x8a",
	    "\xd9\x86\xd8\xa7", NULL };
	char	 base[NORM_MAX], istem[NORM_MAX];
	size_t	 len = strlen(nf);
	int	 i, j;

	lx_form(lx, nf, len, w, FORM_BASE);
	switch (cls) {
	case 'n':
		if (lx_ends(nf, AR_HA) && len > 2) {
			memcpy(base, nf, len - 2);
			base[len - 2] = '\0';
			lx_form3(lx, w, base, "\xd8\xa7\xd8\xaa", "");
			lx_form3(lx, w, base, "\xd8\xaa\xd9\x8a\xd9\x86", "");
			lx_form3(lx, w, base, "\xd8\xaa\xd8\xa7\xd9\x86", "");
			lx_form3(lx, w, base, "\xd8\xaa\xd9\x8a", "");
			for (i = 0; pron[i] != NULL; i++)
				lx_form3(lx, w, base, "\xd8\xaa", pron[i]);
			break;
		}
		for (i = 0; nsuf[i] != NULL; i++)
			lx_form3(lx, w, nf, nsuf[i], "");
		for (i = 0; pron[i] != NULL; i++)
			lx_form3(lx, w, nf, pron[i], "");
		break;
	case 'a':
		for (i = 0; asuf[i] != NULL; i++)
			lx_form3(lx, w, nf, asuf[i], "");
		break;
	case 'v':
		for (i = 0; past[i] != NULL; i++)
			lx_form3(lx, w, nf, past[i], "");
		for (i = 0; vobj[i] != NULL; i++) {
			lx_form3(lx, w, nf, vobj[i], "");
			lx_form3(lx, w, nf, "\xd8\xaa", vobj[i]);
			lx_form3(lx, w, nf, "\xd9\x88", vobj[i]);
		}
		if (lx_ends(nf, AR_YA) && len > 4) {
			/* defective: نفى نفت نفوا */
			memcpy(base, nf, len - 2);
			base[len - 2] = '\0';
			lx_form3(lx, w, base, "\xd8\xaa", "");
			lx_form3(lx, w, base, "\xd9\x88\xd8\xa7", "");
			lx_form3(lx, w, base, "\xd8\xaa\xd8\xa7", "");
		}
		if (impf != NULL && *impf != '\0')
			snprintf(istem, sizeof istem, "%s", impf);
		else if (strncmp(nf, AR_ALEF, 2) == 0 && norm_letters(nf, len) >= 4)
			snprintf(istem, sizeof istem, "%s", nf + 2);
		else
			snprintf(istem, sizeof istem, "%s", nf);
		lx->expanding_form = FORM_IMPERFECT;
		for (i = 0; ipre[i] != NULL; i++) {
			for (j = 0; isuf[j] != NULL; j++)
				lx_form3(lx, w, ipre[i], istem, isuf[j]);
			for (j = 0; vobj[j] != NULL; j++) {
				char	tail[32];

				lx_form3(lx, w, ipre[i], istem, vobj[j]);
				snprintf(tail, sizeof tail, "\xd9\x88\xd9\x86%s",
				    vobj[j]);
				lx_form3(lx, w, ipre[i], istem, tail);
			}
			if (lx_ends(istem, AR_YA)) {
				size_t	l = strlen(istem);

				memcpy(base, istem, l - 2);
				base[l - 2] = '\0';
				lx_form3(lx, w, ipre[i], base,
				    "\xd9\x88\xd9\x86");
				lx_form3(lx, w, ipre[i], base,
				    "\xd9\x88\xd8\xa7");
			}
		}
		lx->expanding_form = FORM_BASE;
		break;
	}
}
