/*
 * Unit tests of text.c: tokens, their byte spans in the original UTF-8,
 * their matching forms and flags, and sentence splitting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "raqib/norm.h"
#include "text.h"

static int
text_setup(void **state)
{
	char	*cause = NULL;

	*state = text_new(&cause);
	if (*state == NULL) {
		fprintf(stderr, "text_new: %s\n", cause ? cause : "?");
		free(cause);
		return -1;
	}
	return 0;
}

static int
text_teardown(void **state)
{
	text_free(*state);
	return 0;
}

/* Structural checks that hold for any input. */
static void
text_check(const struct text *t, const char *src, size_t len, int utf8)
{
	const struct token	*tk;
	const struct sentence	*se;
	size_t			 i;
	uint32_t		 k;

	assert_ptr_equal(t->src, src);
	assert_int_equal(t->len, len);
	for (i = 0; i < t->ntok; i++) {
		tk = &t->tok[i];
		if (tk->b0 >= tk->b1 || tk->b1 > len)
			fail_msg("token %zu: span [%u, %u) in %zu bytes", i,
			    tk->b0, tk->b1, len);
		if (i > 0 && tk->b0 < t->tok[i - 1].b1)
			fail_msg("token %zu [%u, %u) overlaps token %zu [%u, %u)",
			    i, tk->b0, tk->b1, i - 1, t->tok[i - 1].b0,
			    t->tok[i - 1].b1);
		if (utf8 && (((unsigned char)src[tk->b0] & 0xc0) == 0x80 ||
		    (tk->b1 < len && ((unsigned char)src[tk->b1] & 0xc0) ==
		    0x80)))
			fail_msg("token %zu [%u, %u) cuts a UTF-8 sequence", i,
			    tk->b0, tk->b1);
		if (strlen(text_nf(t, i)) != tk->nflen)
			fail_msg("token %zu: nflen %u but form \"%s\"", i,
			    tk->nflen, text_nf(t, i));
		if (tk->kind != TK_WORD && tk->kind != TK_NUM &&
		    tk->kind != TK_PUNCT)
			fail_msg("token %zu: kind %u", i, tk->kind);
		if (tk->sent >= t->nsent)
			fail_msg("token %zu: sentence %u of %zu", i, tk->sent,
			    t->nsent);
	}
	if (t->ntok == 0) {
		assert_int_equal(t->nsent, 0);
		return;
	}
	assert_true(t->nsent > 0);
	for (i = 0; i < t->nsent; i++) {
		se = &t->sent[i];
		if (se->t0 >= se->t1 || se->t1 > t->ntok)
			fail_msg("sentence %zu: tokens [%u, %u) of %zu", i,
			    se->t0, se->t1, t->ntok);
		if (se->t0 != (i == 0 ? 0 : t->sent[i - 1].t1))
			fail_msg("sentence %zu starts at token %u, not where "
			    "the previous one ends", i, se->t0);
		assert_int_equal(se->b0, t->tok[se->t0].b0);
		assert_int_equal(se->b1, t->tok[se->t1 - 1].b1);
		for (k = se->t0; k < se->t1; k++)
			assert_int_equal(t->tok[k].sent, i);
	}
	assert_int_equal(t->sent[t->nsent - 1].t1, t->ntok);
}

static void
text_run(struct text *t, const char *src)
{
	assert_int_equal(text_analyze(t, src, strlen(src)), 0);
	text_check(t, src, strlen(src), 1);
}

/* The non-punctuation tokens' surfaces and forms, in order. */
static void
text_expect_words(struct text *t, const char *src, const char *const *surf,
    const char *const *nf)
{
	size_t	i, k = 0;
	int	n;

	text_run(t, src);
	for (i = 0; i < t->ntok; i++) {
		const struct token *tk = &t->tok[i];

		if (tk->kind == TK_PUNCT)
			continue;
		n = (int)(tk->b1 - tk->b0);
		if (surf[k] == NULL)
			fail_msg("\"%s\": extra word \"%.*s\"", src, n,
			    src + tk->b0);
		if ((size_t)n != strlen(surf[k]) ||
		    memcmp(src + tk->b0, surf[k], (size_t)n) != 0)
			fail_msg("\"%s\": word %zu is \"%.*s\" [%u, %u), want "
			    "\"%s\"", src, k, n, src + tk->b0, tk->b0, tk->b1,
			    surf[k]);
		if (nf != NULL && strcmp(text_nf(t, i), nf[k]) != 0)
			fail_msg("\"%s\": word \"%s\" has form \"%s\", want "
			    "\"%s\"", src, surf[k], text_nf(t, i), nf[k]);
		k++;
	}
	if (surf[k] != NULL)
		fail_msg("\"%s\": missing word \"%s\"", src, surf[k]);
}

/* The token whose surface is s, or -1. */
static int
text_find(const struct text *t, const char *s)
{
	size_t	i;

	for (i = 0; i < t->ntok; i++)
		if (t->tok[i].b1 - t->tok[i].b0 == strlen(s) &&
		    memcmp(t->src + t->tok[i].b0, s, strlen(s)) == 0)
			return (int)i;
	return -1;
}

static void
text_test_diacritics(void **state)
{
	static const char *const s[] = { "قُتِلَ", "خمسةُ", "جنودٍ", "في",
	    "غاو", NULL };
	static const char *const f[] = { "قتل", "خمسه", "جنود", "في", "غاو" };
	static const char *const s2[] = { "أعلنت", "الحكومة", "مقتـــل",
	    "عشرة", "مدنيين", NULL };
	static const char *const f2[] = { "اعلنت", "الحكومه", "مقتل", "عشره",
	    "مدنيين" };

	text_expect_words(*state, "قُتِلَ خمسةُ جنودٍ في غاو.", s, f);
	text_expect_words(*state, "أعلنت الحكومة «مقتـــل» عشرة مدنيين", s2, f2);
}

static void
text_test_presentation_forms(void **state)
{
	/* ﻗﺘﻞ ﺟﻨﺪﻱ: the same words in presentation forms B */
	static const char *src = "\xef\xbb\x97\xef\xba\x98\xef\xbb\x9e "
	    "\xef\xba\x9f\xef\xbb\xa8\xef\xba\xa9\xef\xbb\xb1 في غاو";
	static const char *const s[] = { "\xef\xbb\x97\xef\xba\x98\xef\xbb\x9e",
	    "\xef\xba\x9f\xef\xbb\xa8\xef\xba\xa9\xef\xbb\xb1", "في", "غاو",
	    NULL };

	/* the spans are exact */
	text_expect_words(*state, src, s, NULL);
}

static void
text_test_presentation_forms_nf(void **state)
{
	static const char *src = "\xef\xbb\x97\xef\xba\x98\xef\xbb\x9e "
	    "\xef\xba\x9f\xef\xbb\xa8\xef\xba\xa9\xef\xbb\xb1 "
	    "\xef\xbb\xbb";
	static const char *const s[] = { "\xef\xbb\x97\xef\xba\x98\xef\xbb\x9e",
	    "\xef\xba\x9f\xef\xbb\xa8\xef\xba\xa9\xef\xbb\xb1", "\xef\xbb\xbb",
	    NULL };
	/* and the forms are those of the plain letters, as in the lexicon */
	static const char *const f[] = { "قتل", "جندي", "لا" };

	text_expect_words(*state, src, s, f);
}

static void
text_test_emoji(void **state)
{
	struct text	*t = *state;
	static const char *src = "\xf0\x9f\x94\xb4 عاجل: قتل 5 جنود "
	    "\xf0\x9f\x91\x87 في \xf0\x9f\x87\xb2\xf0\x9f\x87\xb1 غاو "
	    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
	    "\xf0\x9f\x91\xa7 تينزاوتين";
	static const char *const s[] = { "عاجل", "قتل", "5", "جنود", "في",
	    "غاو", "تينزاوتين", NULL };
	int	k;

	text_expect_words(t, src, s, NULL);
	/* the emoji before the first word is a mark of its own */
	k = text_find(t, "\xf0\x9f\x94\xb4");
	assert_true(k >= 0);
	assert_int_equal(t->tok[k].kind, TK_PUNCT);
	assert_int_equal(t->tok[k].b0, 0);
	assert_int_equal(t->tok[k].b1, 4);
}

static void
text_test_latin(void **state)
{
	struct text	*t = *state;
	static const char *src =
	    "أعلن الجيش (FAMa) مقتل 3 جنود قرب Tessit، حسب AFP و Tillabéri.";
	static const char *const s[] = { "أعلن", "الجيش", "FAMa", "مقتل", "3",
	    "جنود", "قرب", "Tessit", "حسب", "AFP", "و", "Tillabéri", NULL };
	static const char *const f[] = { "اعلن", "الجيش", "fama", "مقتل", "3",
	    "جنود", "قرب", "tessit", "حسب", "afp", "و", "tillaberi" };
	int	k;

	text_expect_words(t, src, s, f);
	k = text_find(t, "FAMa");
	assert_true(t->tok[k].flags & TF_LATIN);
	assert_false(t->tok[k].flags & TF_ARABIC);
	k = text_find(t, "الجيش");
	assert_true(t->tok[k].flags & TF_ARABIC);
	assert_false(t->tok[k].flags & TF_LATIN);
	k = text_find(t, "3");
	assert_int_equal(t->tok[k].kind, TK_NUM);
	k = text_find(t, "(");
	assert_true(k >= 0);
	assert_int_equal(t->tok[k].kind, TK_PUNCT);
	assert_true(t->tok[k].flags & TF_PAREN);
	assert_true(t->tok[k].flags & TF_STOP);
	k = text_find(t, "،");
	assert_true(k >= 0);
	assert_true(t->tok[k].flags & TF_STOP);
	assert_false(t->tok[k].flags & TF_QUOTE);
}

static void
text_test_numbers(void **state)
{
	struct text	*t = *state;
	static const char *const s[] = { "قتل", "٢٠", "مدنيا", "و", "۱۲",
	    "جنديا", "على", "بعد", "3.5", "كلم", NULL };
	static const char *const f[] = { "قتل", "20", "مدنيا", "و", "12",
	    "جنديا", "علي", "بعد", "3.5", "كلم" };
	int	k;

	text_expect_words(t, "قتل ٢٠ مدنيا و ۱۲ جنديا على بعد 3.5 كلم", s, f);
	k = text_find(t, "٢٠");
	assert_int_equal(t->tok[k].kind, TK_NUM);
	k = text_find(t, "۱۲");
	assert_int_equal(t->tok[k].kind, TK_NUM);
}

/* The sentences' byte slices must be exactly want. */
static void
text_expect_sentences(struct text *t, const char *src,
    const char *const *want)
{
	size_t	i;
	int	n;

	text_run(t, src);
	for (i = 0; i < t->nsent && want[i] != NULL; i++) {
		n = (int)(t->sent[i].b1 - t->sent[i].b0);
		if ((size_t)n != strlen(want[i]) ||
		    memcmp(src + t->sent[i].b0, want[i], (size_t)n) != 0)
			fail_msg("sentence %zu is \"%.*s\", want \"%s\"", i, n,
			    src + t->sent[i].b0, want[i]);
	}
	if (want[i] != NULL || i != t->nsent)
		fail_msg("\"%s\": %zu sentences, want %zu", src, t->nsent,
		    i + (want[i] != NULL ? 1 : 0));
}

static void
text_test_sentences(void **state)
{
	static const char *const a[] = { "قتل جندي في غاو.", "وأصيب آخر؟",
	    "وانسحب المسلحون", NULL };
	static const char *const b[] = { "هل قتل الجنود؟", "لا أحد يعرف.",
	    NULL };
	static const char *const c[] = { "قتل جندي!", "وفر المسلحون.", NULL };
	/* a dotted abbreviation inside a word ends no sentence */
	static const char *const d[] = {
	    "قالت مصادر لوكالة «أ.ف.ب» إن مسلحين قتلوا جنديا.",
	    "وفر المسلحون.", NULL };

	text_expect_sentences(*state,
	    "قتل جندي في غاو. وأصيب آخر؟ وانسحب المسلحون", a);
	text_expect_sentences(*state, "قالت مصادر لوكالة «أ.ف.ب» إن مسلحين "
	    "قتلوا جنديا. وفر المسلحون.", d);
	text_expect_sentences(*state, "هل قتل الجنود؟لا أحد يعرف.", b);
	text_expect_sentences(*state, "قتل جندي! وفر المسلحون.", c);
}

static void
text_test_lines(void **state)
{
	struct text	*t = *state;
	static const char *src = "عنوان بلا نقطة\nقتل جندي\n\nوأصيب آخر";
	static const char *const a[] = { "عنوان بلا نقطة", "قتل جندي",
	    "وأصيب آخر", NULL };
	static const char *const b[] = { "قتل جندي في", "غاو", NULL };
	static const char *const c[] = { "قتل جندي", "وأصيب آخر", NULL };
	static const char *const d[] = { "السطر الأول", "السطر الثاني", NULL };
	size_t	i;

	text_expect_sentences(t, src, a);
	assert_int_equal(t->sent[0].line, 0);
	assert_int_equal(t->sent[1].line, 1);
	assert_int_equal(t->sent[2].line, 3);
	for (i = 0; i < t->ntok; i++) {
		int first = i == t->sent[t->tok[i].sent].t0;

		if (first != !!(t->tok[i].flags & TF_NL))
			fail_msg("token %zu: TF_NL %d, first of a line %d", i,
			    !!(t->tok[i].flags & TF_NL), first);
	}
	/* a line break cuts even without punctuation */
	text_expect_sentences(t, "قتل جندي في\nغاو", b);
	text_expect_sentences(t, "قتل جندي\r\nوأصيب آخر\r\n", c);
	text_expect_sentences(t, "السطر الأول\xe2\x80\xa9السطر الثاني", d);
}

static void
text_test_quotes(void **state)
{
	struct text	*t = *state;
	static const char *const s1[] = { "عناصر", "من", "فاغنر", NULL };
	static const char *const s2[] = { "وصفه", "بـ", "الإرهاب", NULL };
	static const char *const f2[] = { "وصفه", "ب", "الارهاب" };
	static const char *const s3[] = { "وصفه", "بـ", "الإرهاب", NULL };
	int	k;

	text_expect_words(t, "عناصر من «فاغنر»", s1, NULL);
	k = text_find(t, "«");
	assert_true(k >= 0);
	assert_true(t->tok[k].flags & TF_QUOTE);
	assert_false(t->tok[k].flags & TF_STOP);
	k = text_find(t, "»");
	assert_true(k >= 0);
	assert_true(t->tok[k].flags & TF_QUOTE);
	k = text_find(t, "فاغنر");
	assert_false(t->tok[k].flags & (TF_QUOTE | TF_CLITIC));

	/* a proclitic written apart before a quote */
	text_expect_words(t, "وصفه بـ”الإرهاب”", s2, f2);
	k = text_find(t, "بـ");
	assert_true(k >= 0);
	assert_true(t->tok[k].flags & TF_CLITIC);
	assert_true(t->tok[k].flags & TF_ARABIC);
	k = text_find(t, "”");
	assert_true(k >= 0);
	assert_true(t->tok[k].flags & TF_QUOTE);
	k = text_find(t, "الإرهاب");
	assert_false(t->tok[k].flags & TF_CLITIC);

	text_expect_words(t, "وصفه بـ\"الإرهاب\"", s3, f2);
	k = text_find(t, "بـ");
	assert_true(t->tok[k].flags & TF_CLITIC);
	k = text_find(t, "\"");
	assert_true(k >= 0);
	assert_true(t->tok[k].flags & TF_QUOTE);
}

static void
text_test_invalid_utf8(void **state)
{
	struct text	*t = *state;
	static const char src[] = "قتل \xff\xfe جنود \xc0\xaf في \xed\xa0\x80"
	    " غاو \xd9";
	size_t	len = sizeof src - 1;

	assert_int_equal(text_analyze(t, src, len), 0);
	text_check(t, src, len, 0);
	assert_true(text_find(t, "قتل") >= 0);
	assert_true(text_find(t, "جنود") >= 0);
	assert_true(text_find(t, "في") >= 0);
	assert_true(text_find(t, "غاو") >= 0);
}

static void
text_test_random_bytes(void **state)
{
	struct text	*t = *state;
	unsigned char	 buf[512];
	uint32_t	 seed = 12345;
	size_t		 len, i;
	int		 round;

	for (round = 0; round < 400; round++) {
		len = (size_t)(round % 97) * 5;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			/* bias towards Arabic lead and continuation bytes */
			switch ((seed >> 16) % 4) {
			case 0:
				buf[i] = (unsigned char)(0xd8 + (seed >> 8) % 4);
				break;
			case 1:
				buf[i] = (unsigned char)(0x80 + (seed >> 8) % 64);
				break;
			default:
				buf[i] = (unsigned char)(seed >> 8);
				break;
			}
		}
		assert_int_equal(text_analyze(t, (const char *)buf, len), 0);
		text_check(t, (const char *)buf, len, 0);
	}
}

static void
text_test_empty_and_reuse(void **state)
{
	struct text	*t = *state;
	char		*big;
	size_t		 i, n = 300, one = strlen("قتل جندي. ");

	text_run(t, "");
	assert_int_equal(t->ntok, 0);
	assert_int_equal(t->nsent, 0);
	text_run(t, "   \n\t \n ");
	assert_int_equal(t->ntok, 0);
	assert_int_equal(t->nsent, 0);

	/* past the initial capacities of tokens and sentences */
	big = malloc(n * one + 1);
	assert_non_null(big);
	for (i = 0; i < n; i++)
		memcpy(big + i * one, "قتل جندي. ", one);
	big[n * one] = '\0';
	text_run(t, big);
	assert_int_equal(t->nsent, n);
	assert_int_equal(t->ntok, n * 3);
	free(big);

	/* a short text after a long one: nothing left over */
	text_run(t, "غاو");
	assert_int_equal(t->ntok, 1);
	assert_int_equal(t->nsent, 1);
	assert_string_equal(text_nf(t, 0), "غاو");
}

/* Two analyses of one text agree: tokens, forms, flags, sentences. */
static void
text_same(const struct text *a, const struct text *b, const char *src)
{
	size_t	i;

	if (a->ntok != b->ntok)
		fail_msg("\"%s\": %zu tokens, ICU alone %zu", src, a->ntok,
		    b->ntok);
	for (i = 0; i < a->ntok; i++) {
		const struct token *x = &a->tok[i], *y = &b->tok[i];

		if (x->b0 != y->b0 || x->b1 != y->b1 || x->kind != y->kind ||
		    x->flags != y->flags || x->line != y->line ||
		    x->sent != y->sent || strcmp(text_nf(a, i), text_nf(b, i)))
			fail_msg("\"%s\": token %zu [%u, %u) kind %d, ICU alone "
			    "[%u, %u) kind %d", src, i, x->b0, x->b1, x->kind,
			    y->b0, y->b1, y->kind);
	}
	assert_int_equal(a->nsent, b->nsent);
	for (i = 0; i < a->nsent; i++)
		assert_memory_equal(&a->sent[i], &b->sent[i], sizeof a->sent[i]);
}

/*
 * Plain words are read without ICU, and ICU's sentence iterator reads only
 * the spans around terminators; random texts of the characters those paths
 * read and of those they leave to ICU (marks, tatweel, joiners, symbols,
 * other spaces, Latin capitals, closing marks) give the tokens and the
 * sentences ICU alone gives.
 */
static void
text_test_plain_as_icu(void **state)
{
	static const char *const piece[] = {
	    "\xd8\xa8", "\xd8\xa7", "\xd9\x84", "\xd8\xa9", "\xd8\xa3",
	    "\xd9\x89", "\xd9\x8a", "a", "Z", "3", "\xd9\xa3", " ", " ", " ",
	    "\n", "!", "\"", "'", "(", ")", ",", "-", ".", "/", ":", ";", "?",
	    "[", "]", "\xc2\xab", "\xc2\xbb", "\xd8\x8c", "\xd8\x9b",
	    "\xd8\x9f", "\r", "\t", "\xc2\xa0", "\xd9\x8e", "\xd9\x91",
	    "\xd9\x80", "_", "@", "$", "%", "#", "\xe2\x80\x8c",
	    "\xe2\x80\x8d", "\xef\xbb\xbb", "\xd9\xab", "\xd9\xac",
	    "\xe2\x80\x99", "\xe2\x80\xa6", "\xf0\x9f\x98\x80", "\xd9\xb1",
	};
	const size_t	 np = sizeof piece / sizeof piece[0];
	struct text	*icu;
	char		 buf[256], *cause = NULL;
	unsigned long	 seed = 12345;
	size_t		 len, k, n;
	int		 iter;

	icu = text_new(&cause);
	assert_non_null(icu);
	text_set_fast(icu, 0);
	for (iter = 0; iter < 20000; iter++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		n = 1 + (seed >> 33) % 24;
		len = 0;
		for (k = 0; k < n; k++) {
			seed = seed * 6364136223846793005UL +
			    1442695040888963407UL;
			/* letters and spaces most of the time */
			const char *p = piece[(seed >> 33) % 4 == 0 ?
			    (seed >> 40) % np : (seed >> 40) % 14];
			memcpy(buf + len, p, strlen(p));
			len += strlen(p);
		}
		buf[len] = '\0';
		assert_int_equal(text_analyze(*state, buf, len), 0);
		assert_int_equal(text_analyze(icu, buf, len), 0);
		text_same(*state, icu, buf);
	}
	text_free(icu);
}

/*
 * Every code point below U+0700, alone, inside an Arabic word, after a
 * Latin letter and after a digit: the forms and flags the plain path reads
 * from its table are those ICU's path reads through norm_utf16.
 */
static void
text_test_plain_map_as_icu(void **state)
{
	static const char *const around[][2] = { { "", "" },
	    { "\xd8\xa8", "\xd9\x84 x" }, { "a", "" }, { "7", "" } };
	struct text	*icu;
	char		 cp[8], buf[64], *cause = NULL;
	uint32_t	 c;
	size_t		 k, n;

	icu = text_new(&cause);
	assert_non_null(icu);
	text_set_fast(icu, 0);
	for (c = 1; c < 0x700; c++) {
		n = norm_utf8_put(c, cp);
		cp[n] = '\0';
		for (k = 0; k < sizeof around / sizeof around[0]; k++) {
			snprintf(buf, sizeof buf, "%s%s%s", around[k][0], cp,
			    around[k][1]);
			assert_int_equal(text_analyze(*state, buf, strlen(buf)),
			    0);
			assert_int_equal(text_analyze(icu, buf, strlen(buf)), 0);
			text_same(*state, icu, buf);
		}
	}
	text_free(icu);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_test_diacritics),
		cmocka_unit_test(text_test_presentation_forms),
		cmocka_unit_test(text_test_presentation_forms_nf),
		cmocka_unit_test(text_test_emoji),
		cmocka_unit_test(text_test_latin),
		cmocka_unit_test(text_test_numbers),
		cmocka_unit_test(text_test_sentences),
		cmocka_unit_test(text_test_lines),
		cmocka_unit_test(text_test_quotes),
		cmocka_unit_test(text_test_invalid_utf8),
		cmocka_unit_test(text_test_random_bytes),
		cmocka_unit_test(text_test_empty_and_reuse),
		cmocka_unit_test(text_test_plain_as_icu),
		cmocka_unit_test(text_test_plain_map_as_icu),
	};

	return cmocka_run_group_tests_name("text", tests, text_setup,
	    text_teardown);
}
