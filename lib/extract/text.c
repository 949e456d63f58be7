#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include "raqib/norm.h"
#include "text.h"
#include "raqib/xmalloc.h"

struct text_icu {
	UBreakIterator	*wb;
	UBreakIterator	*sb;
	const UNormalizer2 *nfkc;
	UChar		*u16;
	uint32_t	*u2b;		/* UTF-16 index to byte offset */
	size_t		 cap16;
	size_t		 captok, capsent, capnf;
	/* the code points below U+0700 that NFKC leaves alone in any
	 * sequence of them: combining class 0, quick check yes */
	uint8_t		 nfkc_keeps[0x700 / 8];
	uint8_t		 wbc[0x700];	/* TC_* of U+0000-U+06FF */
	uint16_t	 nmap[0x700];	/* matching form of a TC_LET or
					   TC_NUM code point (norm_utf16) */
	uint8_t		 sbc[0x700];	/* SC_* of U+0000-U+06FF */
	int		 fast;		/* plain words bypass ICU */
	int32_t		*sbnd;		/* sentence boundaries, UTF-16 */
	size_t		 nsbnd, capsbnd;
};

/*
 * Word-break classes of the characters most text is made of, for reading
 * plain words without ICU: a chunk between spaces and line feeds that is
 * punctuation, one run of letters or of digits, punctuation, is cut there
 * by every rule of UAX #29 (the rules that join across punctuation need a
 * letter or a digit on both sides), so ICU would cut it the same way.
 * Anything else goes to ICU, from the separator before it.
 */
enum { TC_OTHER, TC_SEP, TC_LET, TC_NUM, TC_PUN };

/*
 * Sentence-break classes, likewise: UAX #29 cuts a sentence only after a
 * paragraph separator or after a terminator (., ?, ! and the like) with
 * what closes it; a letter (OLetter: Arabic) after a space after a letter
 * is a point no rule reads across or cuts at.  So only the spans around
 * terminators and separators are read, from the last such point before to
 * the first after, and by ICU unless they hold nothing but letters,
 * spaces, line feeds and terminators.  Code points from U+0700 on are
 * taken for separators.
 */
enum { SC_OTHER, SC_OLET, SC_SP, SC_STOP, SC_LF, SC_PARA };
#define SC_TERM(c)	((c) >= SC_STOP)	/* where a sentence may end */

static void
text_nfkc_keeps(struct text_icu *ic, UErrorCode *err)
{
	UChar	c;

	for (c = 0; c < 0x700 && U_SUCCESS(*err); c++)
		if (u_getCombiningClass(c) == 0 &&
		    unorm2_quickCheck(ic->nfkc, &c, 1, err) == UNORM_YES)
			ic->nfkc_keeps[c / 8] |= (uint8_t)(1U << (c % 8));
}

/* Each candidate class is checked against ICU's own Word_Break values. */
static void
text_wb_classes(struct text_icu *ic)
{
	static const char pun[] = "!\"'(),-./:;?[]";
	static const UChar apun[] = { 0xab, 0xbb, 0x060c, 0x061b, 0x061f };
	int32_t	 c, wb;
	size_t	 i;

	for (c = 0; c < 0x700; c++) {
		/* plain letters and digits need no NFKC (text_word) */
		if (!(ic->nfkc_keeps[c / 8] >> (c % 8) & 1))
			continue;
		wb = u_getIntPropertyValue(c, UCHAR_WORD_BREAK);
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= 0x0621 && c <= 0x063a) || (c >= 0x0641 && c <= 0x064a))
			ic->wbc[c] = wb == U_WB_ALETTER ? TC_LET : TC_OTHER;
		else if ((c >= '0' && c <= '9') || (c >= 0x0660 && c <= 0x0669))
			ic->wbc[c] = wb == U_WB_NUMERIC ? TC_NUM : TC_OTHER;
		else if (c == ' ' || c == '\n')
			ic->wbc[c] = wb == U_WB_WSEGSPACE || wb == U_WB_LF ?
			    TC_SEP : TC_OTHER;
	}
	for (c = 0; c < 0x700; c++) {
		wb = u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
		ic->sbc[c] = wb == U_SB_OLETTER ? SC_OLET : wb == U_SB_SP ?
		    SC_SP : (wb == U_SB_STERM || wb == U_SB_ATERM) ? SC_STOP :
		    wb == U_SB_LF ? SC_LF : (wb == U_SB_SEP || wb == U_SB_CR) ?
		    SC_PARA : SC_OTHER;
	}
	for (i = 0; i < sizeof pun - 1 + sizeof apun / sizeof apun[0]; i++) {
		c = i < sizeof pun - 1 ? pun[i] : apun[i - (sizeof pun - 1)];
		wb = u_getIntPropertyValue(c, UCHAR_WORD_BREAK);
		if (wb == U_WB_OTHER || wb == U_WB_MIDLETTER ||
		    wb == U_WB_MIDNUM || wb == U_WB_MIDNUMLET ||
		    wb == U_WB_SINGLE_QUOTE || wb == U_WB_DOUBLE_QUOTE)
			ic->wbc[c] = TC_PUN;
	}
}

/* The matching form of each letter and digit of wbc, as norm_utf16 makes
 * it, for text_plain_nf; one it would not make of one or two bytes is
 * left to the general path. */
static void
text_plain_map(struct text_icu *ic)
{
	UChar	 c;
	char	 buf[8];
	size_t	 n, i;
	uint32_t m;

	for (c = 0; c < 0x700; c++) {
		if (ic->wbc[c] != TC_LET && ic->wbc[c] != TC_NUM)
			continue;
		n = norm_utf16(&c, 1, buf, sizeof buf);
		i = 0;
		m = n > 0 ? norm_utf8_next(buf, n, &i) : 0;
		if (i != n || m >= 0x800)
			ic->wbc[c] = TC_OTHER;
		else
			ic->nmap[c] = (uint16_t)m;
	}
}

/* Whether NFKC leaves u16[s0, s1) as it is, without asking ICU: most words
 * are Arabic or ASCII letters only. */
static int
text_nfkc_kept(const struct text_icu *ic, int32_t s0, int32_t s1)
{
	int32_t	i;
	UChar	c;

	for (i = s0; i < s1; i++) {
		c = ic->u16[i];
		if (c >= 0x700 || !(ic->nfkc_keeps[c / 8] >> (c % 8) & 1))
			return 0;
	}
	return 1;
}

struct text *
text_new(char **cause)
{
	struct text	*t = xcalloc(1, sizeof *t);
	UErrorCode	 err = U_ZERO_ERROR;

	t->icu = xcalloc(1, sizeof *t->icu);
	t->icu->wb = ubrk_open(UBRK_WORD, "ar", NULL, 0, &err);
	if (U_SUCCESS(err))
		t->icu->sb = ubrk_open(UBRK_SENTENCE, "ar", NULL, 0, &err);
	if (U_SUCCESS(err))
		t->icu->nfkc = unorm2_getNFKCInstance(&err);
	if (U_SUCCESS(err))
		text_nfkc_keeps(t->icu, &err);
	text_wb_classes(t->icu);
	text_plain_map(t->icu);
	t->icu->fast = 1;
	if (U_FAILURE(err)) {
		xasprintf(cause, "ICU break iterator: %s", u_errorName(err));
		text_free(t);
		return NULL;
	}
	return t;
}

void
text_free(struct text *t)
{
	if (t == NULL)
		return;
	if (t->icu != NULL) {
		if (t->icu->wb != NULL)
			ubrk_close(t->icu->wb);
		if (t->icu->sb != NULL)
			ubrk_close(t->icu->sb);
		free(t->icu->u16);
		free(t->icu->u2b);
		free(t->icu->sbnd);
		free(t->icu);
	}
	free(t->tok);
	free(t->sent);
	free(t->nfbuf);
	free(t);
}

/* UTF-8 to UTF-16 keeping, for each UTF-16 unit, its byte offset. */
static int32_t
text_to_utf16(struct text *t, const char *s, size_t len)
{
	struct text_icu	*ic = t->icu;
	size_t		 i = 0, at;
	int32_t		 n = 0;
	uint32_t	 c;
	unsigned char	 b;

	t->utf8 = 1;
	if (len + 2 > ic->cap16) {
		ic->cap16 = len + 2;
		ic->u16 = xreallocarray(ic->u16, ic->cap16, sizeof *ic->u16);
		ic->u2b = xreallocarray(ic->u2b, ic->cap16, sizeof *ic->u2b);
	}
	while (i < len) {
		at = i;
		b = (unsigned char)s[i];
		/* ASCII and two-byte letters (Arabic) inline, as
		 * norm_utf8_next reads them */
		if (b < 0x80) {
			c = b;
			i++;
		} else if (b >= 0xc2 && b <= 0xdf && i + 1 < len &&
		    ((unsigned char)s[i + 1] & 0xc0) == 0x80) {
			c = (uint32_t)(b & 0x1f) << 6 | ((unsigned char)s[i + 1] &
			    0x3f);
			i += 2;
		} else {
			c = norm_utf8_next(s, len, &i);
			/* U+FFFD for a bad sequence, not a real one */
			if (c == 0xfffd && !(i - at == 3 &&
			    memcmp(s + at, "\xef\xbf\xbd", 3) == 0))
				t->utf8 = 0;
		}
		if (c > 0xffff) {
			ic->u2b[n] = (uint32_t)at;
			ic->u16[n++] = (UChar)U16_LEAD(c);
			ic->u2b[n] = (uint32_t)at;
			ic->u16[n++] = (UChar)U16_TRAIL(c);
		} else {
			ic->u2b[n] = (uint32_t)at;
			ic->u16[n++] = (UChar)c;
		}
	}
	ic->u2b[n] = (uint32_t)len;
	return n;
}

static struct token *
text_push(struct text *t)
{
	struct text_icu	*ic = t->icu;

	if (t->ntok == ic->captok) {
		ic->captok = ic->captok ? ic->captok * 2 : 1024;
		t->tok = xreallocarray(t->tok, ic->captok, sizeof *t->tok);
	}
	memset(&t->tok[t->ntok], 0, sizeof *t->tok);
	return &t->tok[t->ntok++];
}

static uint32_t
text_put_nf(struct text *t, const char *s, size_t n)
{
	struct text_icu	*ic = t->icu;
	uint32_t	 at;

	if (t->nflen + n + 1 > ic->capnf) {
		while (t->nflen + n + 1 > ic->capnf)
			ic->capnf = ic->capnf ? ic->capnf * 2 : 65536;
		t->nfbuf = xreallocarray(t->nfbuf, ic->capnf, 1);
	}
	at = (uint32_t)t->nflen;
	memcpy(t->nfbuf + at, s, n);
	t->nfbuf[at + n] = '\0';
	t->nflen += n + 1;
	return at;
}

static int
text_is_quote(UChar32 c)
{
	return c == '"' || c == '\'' || c == 0xab || c == 0xbb ||
	    c == 0x201c || c == 0x201d || c == 0x2018 || c == 0x2019 ||
	    c == 0x201e || c == '+' || c == '`';
}

static int
text_is_stop(UChar32 c)
{
	return c == ',' || c == '.' || c == ';' || c == ':' || c == '!' ||
	    c == '?' || c == 0x060c || c == 0x061b || c == 0x061f ||
	    c == 0x06d4 || c == '(' || c == ')' || c == '[' || c == ']' ||
	    c == 0x2013 || c == 0x2014 || c == 0x2026 || c == '|' ||
	    c == '/' || c == '-';
}

/* Punctuation and space segments: one token per visible mark. */
static void
text_marks(struct text *t, int32_t s0, int32_t s1, uint32_t *line, int *nl)
{
	struct text_icu	*ic = t->icu;
	struct token	*tk;
	int32_t		 i = s0, at;
	UChar32		 c;
	char		 buf[8];
	size_t		 n;

	while (i < s1) {
		at = i;
		U16_NEXT(ic->u16, i, s1, c);
		if (c == '\n' || c == 0x2029 || c == 0x2028) {
			(*line)++;
			*nl = 1;
			continue;
		}
		/* printable ASCII is none of these: no need to ask ICU */
		if (!(c > 0x20 && c < 0x7f) && (u_isUWhiteSpace(c) ||
		    u_charType(c) == U_CONTROL_CHAR ||
		    u_charType(c) == U_FORMAT_CHAR || c == 0x0640))
			continue;
		tk = text_push(t);
		tk->b0 = ic->u2b[at];
		tk->b1 = ic->u2b[i];
		tk->kind = TK_PUNCT;
		tk->line = *line;
		if (*nl)
			tk->flags |= TF_NL;
		*nl = 0;
		if (text_is_quote(c))
			tk->flags |= TF_QUOTE;
		else if (text_is_stop(c))
			tk->flags |= TF_STOP;
		if (c == '(' || c == ')')
			tk->flags |= TF_PAREN;
		n = norm_utf8_put((uint32_t)c, buf);
		tk->nf = text_put_nf(t, buf, n);
		tk->nflen = (uint16_t)n;
	}
}

static int
text_is_clitic(const char *s, size_t n)
{
	static const struct {
		const char	*s;
		size_t		 n;
	} cl[] = {
		{ "\xd9\x88", 2 }, { "\xd9\x81", 2 }, { "\xd8\xa8", 2 },
		{ "\xd9\x84", 2 }, { "\xd9\x83", 2 }, { "\xd9\x84\xd9\x84", 4 },
		{ "\xd8\xa7\xd9\x84", 4 }, { "\xd8\xa8\xd8\xa7\xd9\x84", 6 },
		{ "\xd9\x88\xd8\xa7\xd9\x84", 6 }, { "\xd9\x88\xd8\xa8", 4 },
		{ "\xd9\x88\xd9\x84", 4 },
	};
	size_t	i;

	if (n > 6)
		return 0;	/* no clitic is longer than three letters */
	for (i = 0; i < sizeof cl / sizeof cl[0]; i++)
		if (cl[i].n == n && memcmp(cl[i].s, s, n) == 0)
			return 1;
	return 0;
}

/* Room for one more matching form at the end of nfbuf. */
static char *
text_nf_room(struct text *t)
{
	struct text_icu	*ic = t->icu;

	if (t->nflen + NORM_MAX + 1 > ic->capnf) {
		while (t->nflen + NORM_MAX + 1 > ic->capnf)
			ic->capnf = ic->capnf ? ic->capnf * 2 : 65536;
		t->nfbuf = xreallocarray(t->nfbuf, ic->capnf, 1);
	}
	return t->nfbuf + t->nflen;
}

/* norm_utf16 of a plain word (letters or digits of wbc) into nf, through
 * nmap, telling whether it has Arabic letters (U+0600-U+06FF, the lead
 * bytes 0xd8-0xdb) and Latin ones as text_word's loop over nf would. */
static size_t
text_plain_nf(const struct text_icu *ic, int32_t s0, int32_t s1, char *nf,
    int *arabic, int *latin)
{
	size_t	 o = 0;
	int32_t	 i;
	uint32_t m;

	for (i = s0; i < s1; i++) {
		if ((m = ic->nmap[ic->u16[i]]) == 0)
			continue;
		if (o + 4 >= NORM_MAX)
			break;
		if (m < 0x80) {
			nf[o++] = (char)m;
			*latin |= m >= 'a' && m <= 'z';
		} else {
			nf[o++] = (char)(0xc0 | (m >> 6));
			nf[o++] = (char)(0x80 | (m & 0x3f));
			*arabic |= m >= 0x600 && m < 0x700;
		}
	}
	nf[o] = '\0';
	return o;
}

/* A word token; plain: letters or digits NFKC keeps (see text_plain). */
static void
text_word(struct text *t, int32_t s0, int32_t s1, int32_t status,
    uint32_t line, int *nl, int plain)
{
	struct text_icu	*ic = t->icu;
	struct token	*tk;
	char		*nf = text_nf_room(t);
	UChar		 kc[NORM_MAX];
	UErrorCode	 err = U_ZERO_ERROR;
	int32_t		 kn;
	size_t		 n, i;
	int		 arabic = 0, latin = 0;

	/* presentation forms and other compatibility characters (ﻗﺘﻞ) are
	 * read as the letters they stand for, as the lexicon is */
	if (plain)
		n = text_plain_nf(ic, s0, s1, nf, &arabic, &latin);
	else if (!text_nfkc_kept(ic, s0, s1) &&
	    unorm2_quickCheck(ic->nfkc, ic->u16 + s0, s1 - s0, &err) !=
	    UNORM_YES && s1 - s0 < NORM_MAX / 2 &&
	    (kn = unorm2_normalize(ic->nfkc, ic->u16 + s0, s1 - s0, kc, NORM_MAX,
	    &err)) > 0 && U_SUCCESS(err))
		n = norm_utf16(kc, kn, nf, NORM_MAX);
	else
		n = norm_utf16(ic->u16 + s0, s1 - s0, nf, NORM_MAX);
	if (n == 0)
		return;
	for (i = 0; !plain && i < n; i++) {
		unsigned char c = (unsigned char)nf[i];

		if (c == 0xd8 || c == 0xd9 || c == 0xda || c == 0xdb)
			arabic = 1;
		else if ((c >= 'a' && c <= 'z'))
			latin = 1;
	}
	tk = text_push(t);
	tk->b0 = ic->u2b[s0];
	tk->b1 = ic->u2b[s1];
	tk->kind = (status >= UBRK_WORD_NUMBER &&
	    status < UBRK_WORD_NUMBER_LIMIT) ? TK_NUM : TK_WORD;
	tk->line = line;
	if (*nl)
		tk->flags |= TF_NL;
	*nl = 0;
	if (arabic)
		tk->flags |= TF_ARABIC;
	if (latin)
		tk->flags |= TF_LATIN;
	if (arabic && text_is_clitic(nf, n))
		tk->flags |= TF_CLITIC;
	tk->nf = (uint32_t)t->nflen;
	tk->nflen = (uint16_t)n;
	t->nflen += n + 1;
}

static void
text_open_sentence(struct text *t, size_t k)
{
	struct text_icu	*ic = t->icu;
	struct sentence	*se;

	if (t->nsent > 0) {
		se = &t->sent[t->nsent - 1];
		se->t1 = (uint32_t)k;
		se->b1 = t->tok[k - 1].b1;
	}
	if (k == t->ntok)
		return;
	if (t->nsent == ic->capsent) {
		ic->capsent = ic->capsent ? ic->capsent * 2 : 128;
		t->sent = xreallocarray(t->sent, ic->capsent, sizeof *t->sent);
	}
	se = &t->sent[t->nsent++];
	memset(se, 0, sizeof *se);
	se->t0 = (uint32_t)k;
	se->b0 = t->tok[k].b0;
	se->line = t->tok[k].line;
}

static int
text_sbc(const struct text_icu *ic, UChar c)
{
	return c < 0x700 ? ic->sbc[c] : SC_PARA;
}

/* Whether k is a letter after a space after a letter. */
static int
text_sb_safe(const struct text_icu *ic, int32_t k)
{
	return k >= 2 && text_sbc(ic, ic->u16[k]) == SC_OLET &&
	    text_sbc(ic, ic->u16[k - 1]) == SC_SP &&
	    text_sbc(ic, ic->u16[k - 2]) == SC_OLET;
}

static void
text_sb_push(struct text_icu *ic, int32_t b)
{
	if (ic->nsbnd == ic->capsbnd) {
		ic->capsbnd = ic->capsbnd ? ic->capsbnd * 2 : 256;
		ic->sbnd = xreallocarray(ic->sbnd, ic->capsbnd,
		    sizeof *ic->sbnd);
	}
	ic->sbnd[ic->nsbnd++] = b;
}

/* ICU's sentence boundaries in u16[p, e), and e if it ends the text. */
static int
text_sb_icu(struct text_icu *ic, int32_t p, int32_t e, int32_t n16)
{
	UErrorCode	 err = U_ZERO_ERROR;
	int32_t		 b;

	ubrk_setText(ic->sb, ic->u16 + p, e - p, &err);
	if (U_FAILURE(err))
		return -1;
	ubrk_first(ic->sb);
	while ((b = ubrk_next(ic->sb)) != UBRK_DONE) {
		if (p + b == e && e < n16)
			break;
		text_sb_push(ic, p + b);
	}
	return 0;
}

/*
 * The boundaries of a span of letters, spaces, line feeds and terminators
 * alone, as UAX #29 puts them: after each line feed (SB4), and after each
 * terminator with the terminators and spaces that follow it (SB8a, SB10)
 * where a letter comes next (SB11; no Lower, Upper or digit here for SB6-8
 * to join on), or after the line feed that comes next (SB9-11).  0 if the
 * span has anything else.
 */
static int
text_sb_plain(struct text_icu *ic, int32_t p, int32_t e)
{
	int32_t	k, j;
	int	c;

	for (k = p; k < e; k++)
		if ((c = text_sbc(ic, ic->u16[k])) == SC_OTHER || c == SC_PARA)
			return 0;
	for (k = p; k < e; k++) {
		c = text_sbc(ic, ic->u16[k]);
		if (c == SC_LF)
			text_sb_push(ic, k + 1);
		else if (c == SC_STOP) {
			for (j = k + 1; j < e && (text_sbc(ic, ic->u16[j]) ==
			    SC_SP || text_sbc(ic, ic->u16[j]) == SC_STOP); j++)
				;
			if (j == e || text_sbc(ic, ic->u16[j]) == SC_OLET)
				text_sb_push(ic, j);
			k = j - 1;
		}
	}
	return 1;
}

/* The sentence boundaries after 0 that ICU gives u16[0, n16). */
static int
text_sb_bounds(struct text_icu *ic, int32_t n16)
{
	int32_t	 i = 0, q, p, e;

	ic->nsbnd = 0;
	if (!ic->fast)
		return text_sb_icu(ic, 0, n16, n16);
	for (;;) {
		for (q = i; q < n16 && !SC_TERM(text_sbc(ic, ic->u16[q])); q++)
			;
		if (q == n16)
			break;
		for (p = q; p > i && !text_sb_safe(ic, p); p--)
			;
		for (e = q + 1; e < n16 && !text_sb_safe(ic, e); e++)
			;
		if (!text_sb_plain(ic, p, e) && text_sb_icu(ic, p, e, n16) == -1)
			return -1;
		i = e;
	}
	/* the end of the text is its last boundary */
	if (n16 > 0 && (ic->nsbnd == 0 || ic->sbnd[ic->nsbnd - 1] != n16))
		text_sb_push(ic, n16);
	return 0;
}

/* Sentences are ICU's sentence segments, further cut at every line break. */
static void
text_sentences(struct text *t, int32_t n16)
{
	struct text_icu	*ic = t->icu;
	uint32_t	 bnd = UINT32_MAX;
	size_t		 k, j = 0;
	int		 cut, inside;

	t->nsent = 0;
	if (t->ntok == 0)
		return;
	if (text_sb_bounds(ic, n16) == -1)
		ic->nsbnd = 0;
	if (j < ic->nsbnd)
		bnd = ic->u2b[ic->sbnd[j++]];
	for (k = 0; k < t->ntok; k++) {
		cut = k == 0 || (t->tok[k].flags & TF_NL);
		while (t->tok[k].b0 >= bnd) {
			/* a full stop with no space after it is inside an
			 * abbreviation (سي.آي.ايه، أ.ف.ب), not the end of a
			 * sentence: whether a word of its own or in one */
			inside = k > 0 && bnd > t->tok[k - 1].b0 &&
			    bnd < t->tok[k - 1].b1;
			bnd = j < ic->nsbnd ? ic->u2b[ic->sbnd[j++]] :
			    UINT32_MAX;
			if (!inside && (k == 0 || t->tok[k].b0 >
			    t->tok[k - 1].b1 || strcmp(text_nf(t, k - 1),
			    ".") != 0))
				cut = 1;
		}
		if (cut)
			text_open_sentence(t, k);
		t->tok[k].sent = (uint32_t)(t->nsent - 1);
	}
	text_open_sentence(t, t->ntok);
}

/* ICU's words over u16[r0, r1), a span that starts and ends where every
 * rule cuts. */
static int
text_icu_words(struct text *t, int32_t r0, int32_t r1, uint32_t *line,
    int *nl)
{
	struct text_icu	*ic = t->icu;
	UErrorCode	 err = U_ZERO_ERROR;
	int32_t		 s0, s1, status;

	ubrk_setText(ic->wb, ic->u16 + r0, r1 - r0, &err);
	if (U_FAILURE(err))
		return -1;
	s0 = ubrk_first(ic->wb);
	for (s1 = ubrk_next(ic->wb); s1 != UBRK_DONE; s0 = s1,
	    s1 = ubrk_next(ic->wb)) {
		status = ubrk_getRuleStatus(ic->wb);
		if (status < UBRK_WORD_NONE_LIMIT)
			text_marks(t, r0 + s0, r0 + s1, line, nl);
		else
			text_word(t, r0 + s0, r0 + s1, status, *line, nl, 0);
	}
	return 0;
}

static int
text_wbc(const struct text_icu *ic, UChar c)
{
	return c < 0x700 ? ic->wbc[c] : TC_OTHER;
}

/* Whether the chunk u16[c0, c1) is punctuation, one run of letters or of
 * digits [*w0, *w1) (its class in *cls), punctuation. */
static int
text_plain(const struct text_icu *ic, int32_t c0, int32_t c1, int32_t *w0,
    int32_t *w1, int *cls)
{
	int32_t	k = c0;

	while (k < c1 && text_wbc(ic, ic->u16[k]) == TC_PUN)
		k++;
	*w0 = k;
	*cls = k < c1 ? text_wbc(ic, ic->u16[k]) : TC_PUN;
	if (*cls == TC_LET || *cls == TC_NUM)
		while (k < c1 && text_wbc(ic, ic->u16[k]) == *cls)
			k++;
	*w1 = k;
	while (k < c1 && text_wbc(ic, ic->u16[k]) == TC_PUN)
		k++;
	return k == c1;
}

/*
 * The tokens of u16[0, n16): plain chunks read here, the others by ICU in
 * spans from the separators before them to the next plain chunk (a cut by
 * every rule at both ends, so ICU cuts the span as it would the text).
 */
static int
text_words(struct text *t, int32_t n16)
{
	struct text_icu	*ic = t->icu;
	int32_t		 i = 0, sp, c0, w0 = 0, w1 = 0, r = -1;
	uint32_t	 line = 0;
	int		 nl = 1, cls = TC_PUN;

	if (!ic->fast)
		return text_icu_words(t, 0, n16, &line, &nl);
	while (i < n16) {
		for (sp = i; i < n16 && text_wbc(ic, ic->u16[i]) == TC_SEP; i++)
			;
		for (c0 = i; i < n16 && text_wbc(ic, ic->u16[i]) != TC_SEP; i++)
			;
		if (c0 < i && !text_plain(ic, c0, i, &w0, &w1, &cls)) {
			if (r < 0)
				r = sp;
			continue;
		}
		if (r >= 0 && text_icu_words(t, r, c0, &line, &nl) == -1)
			return -1;
		/* spaces make no token, line feeds count lines (as in
		 * text_marks) */
		for (; r < 0 && sp < c0; sp++)
			if (ic->u16[sp] == '\n') {
				line++;
				nl = 1;
			}
		r = -1;
		if (c0 == i)
			break;		/* separators at the end */
		if (c0 < w0)
			text_marks(t, c0, w0, &line, &nl);
		if (w0 < w1)
			text_word(t, w0, w1, cls == TC_NUM ? UBRK_WORD_NUMBER :
			    UBRK_WORD_LETTER, line, &nl, 1);
		if (w1 < i)
			text_marks(t, w1, i, &line, &nl);
	}
	return r >= 0 ? text_icu_words(t, r, n16, &line, &nl) : 0;
}

void
text_set_fast(struct text *t, int on)
{
	t->icu->fast = on;
}

int
text_analyze(struct text *t, const char *src, size_t len)
{
	int32_t		 n16;

	t->src = src;
	t->len = len;
	t->ntok = 0;
	t->nflen = 0;
	t->nsent = 0;
	n16 = text_to_utf16(t, src, len);
	if (text_words(t, n16) == -1)
		return -1;
	text_sentences(t, n16);
	return 0;
}
