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

/* pronoun suffixes: ه ها هم هما هن كم نا ي */
static const char *const lx_pron[] = { AR_HA, "\xd9\x87\xd8\xa7",
    "\xd9\x87\xd9\x85", "\xd9\x87\xd9\x85\xd8\xa7", "\xd9\x87\xd9\x86",
    "\xd9\x83\xd9\x85", "\xd9\x86\xd8\xa7", AR_YA, NULL };
/* noun endings: ا ات ين ون ان ي ه (ة) تين تان */
static const char *const lx_nsuf[] = { AR_ALEF, "\xd8\xa7\xd8\xaa",
    "\xd9\x8a\xd9\x86", "\xd9\x88\xd9\x86", "\xd8\xa7\xd9\x86",
    AR_YA, AR_HA, "\xd8\xaa\xd9\x8a\xd9\x86", "\xd8\xaa\xd8\xa7\xd9\x86",
    NULL };
/* adjective endings: ة ا ين ون ات ان تين تان */
static const char *const lx_asuf[] = { AR_HA, AR_ALEF, "\xd9\x8a\xd9\x86",
    "\xd9\x88\xd9\x86", "\xd8\xa7\xd8\xaa", "\xd8\xa7\xd9\x86",
    "\xd8\xaa\xd9\x8a\xd9\x86", "\xd8\xaa\xd8\xa7\xd9\x86", NULL };
/* past: - ت ا وا و تا ن نا تم تن */
static const char *const lx_past[] = { "", "\xd8\xaa", AR_ALEF,
    "\xd9\x88\xd8\xa7", "\xd9\x88", "\xd8\xaa\xd8\xa7", "\xd9\x86",
    "\xd9\x86\xd8\xa7", "\xd8\xaa\xd9\x85", "\xd8\xaa\xd9\x86", NULL };
/* imperfect prefixes: ي ت ن ا سي ست سن */
static const char *const lx_ipre[] = { AR_YA, "\xd8\xaa", "\xd9\x86", AR_ALEF,
    "\xd8\xb3\xd9\x8a", "\xd8\xb3\xd8\xaa", "\xd8\xb3\xd9\x86", NULL };
/* imperfect suffixes: - ون ان ن وا ين و */
static const char *const lx_isuf[] = { "", "\xd9\x88\xd9\x86",
    "\xd8\xa7\xd9\x86", "\xd9\x86", "\xd9\x88\xd8\xa7",
    "\xd9\x8a\xd9\x86", "\xd9\x88", NULL };
/* object pronouns: ه ها هم هما ني نا */
static const char *const lx_vobj[] = { AR_HA, "\xd9\x87\xd8\xa7",
    "\xd9\x87\xd9\x85", "\xd9\x87\xd9\x85\xd8\xa7", "\xd9\x86\xd9\x8a",
    "\xd9\x86\xd8\xa7", NULL };

/* A noun: a feminine's ة gives way to its plural and dual endings. */
static void
lx_expand_noun(struct lexicon *lx, uint32_t w, const char *nf, size_t len)
{
	char	base[NORM_MAX];
	int	i;

	if (lx_ends(nf, AR_HA) && len > 2) {
		memcpy(base, nf, len - 2);
		base[len - 2] = '\0';
		lx_form3(lx, w, base, "\xd8\xa7\xd8\xaa", "");
		lx_form3(lx, w, base, "\xd8\xaa\xd9\x8a\xd9\x86", "");
		lx_form3(lx, w, base, "\xd8\xaa\xd8\xa7\xd9\x86", "");
		lx_form3(lx, w, base, "\xd8\xaa\xd9\x8a", "");
		for (i = 0; lx_pron[i] != NULL; i++)
			lx_form3(lx, w, base, "\xd8\xaa", lx_pron[i]);
		return;
	}
	for (i = 0; lx_nsuf[i] != NULL; i++)
		lx_form3(lx, w, nf, lx_nsuf[i], "");
	for (i = 0; lx_pron[i] != NULL; i++)
		lx_form3(lx, w, nf, lx_pron[i], "");
}

/* A verb's imperfect, from istem: every prefix with every ending. */
static void
lx_expand_imperfect(struct lexicon *lx, uint32_t w, const char *istem)
{
	char	base[NORM_MAX], tail[32];
	size_t	l;
	int	i, j;

	lx->expanding_form = FORM_IMPERFECT;
	for (i = 0; lx_ipre[i] != NULL; i++) {
		for (j = 0; lx_isuf[j] != NULL; j++)
			lx_form3(lx, w, lx_ipre[i], istem, lx_isuf[j]);
		for (j = 0; lx_vobj[j] != NULL; j++) {
			lx_form3(lx, w, lx_ipre[i], istem, lx_vobj[j]);
			snprintf(tail, sizeof tail, "\xd9\x88\xd9\x86%s",
			    lx_vobj[j]);
			lx_form3(lx, w, lx_ipre[i], istem, tail);
		}
		if (lx_ends(istem, AR_YA)) {
			l = strlen(istem);
			memcpy(base, istem, l - 2);
			base[l - 2] = '\0';
			lx_form3(lx, w, lx_ipre[i], base, "\xd9\x88\xd9\x86");
			lx_form3(lx, w, lx_ipre[i], base, "\xd9\x88\xd8\xa7");
		}
	}
	lx->expanding_form = FORM_BASE;
}

/* A verb: its past with endings and objects, then its imperfect. */
static void
lx_expand_verb(struct lexicon *lx, uint32_t w, const char *nf, size_t len,
    const char *impf)
{
	char	base[NORM_MAX], istem[NORM_MAX];
	int	i;

	for (i = 0; lx_past[i] != NULL; i++)
		lx_form3(lx, w, nf, lx_past[i], "");
	for (i = 0; lx_vobj[i] != NULL; i++) {
		lx_form3(lx, w, nf, lx_vobj[i], "");
		lx_form3(lx, w, nf, "\xd8\xaa", lx_vobj[i]);
		lx_form3(lx, w, nf, "\xd9\x88", lx_vobj[i]);
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
	lx_expand_imperfect(lx, w, istem);
}

/* The inflected forms a lexicon word matches, by its class. */
void
lx_expand(struct lexicon *lx, uint32_t w, char cls, const char *nf,
    const char *impf)
{
	size_t	len = strlen(nf);
	int	i;

	lx_form(lx, nf, len, w, FORM_BASE);
	switch (cls) {
	case 'n':
		lx_expand_noun(lx, w, nf, len);
		break;
	case 'a':
		for (i = 0; lx_asuf[i] != NULL; i++)
			lx_form3(lx, w, nf, lx_asuf[i], "");
		break;
	case 'v':
		lx_expand_verb(lx, w, nf, len, impf);
		break;
	}
}
