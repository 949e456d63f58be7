/*
 * Unit tests of norm.c: the matching form of Arabic and Latin text,
 * proclitic readings, spelling skeletons, edit distance and UTF-8 checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "raqib/norm.h"

/* norm_utf8 of in must be exactly want. */
static void
norm_expect(const char *in, const char *want)
{
	char	out[NORM_MAX];
	size_t	n;

	memset(out, 'x', sizeof out);
	n = norm_utf8(in, strlen(in), out, sizeof out);
	if (n != strlen(want) || strcmp(out, want) != 0)
		fail_msg("norm_utf8(\"%s\") = \"%s\" (%zu bytes), want \"%s\"",
		    in, out, n, want);
}

static void
norm_test_diacritics(void **state)
{
	/* fatha, damma, kasra, shadda, sukun, tanwin, dagger alef */
	norm_expect("قُتِلَ", "قتل");
	norm_expect("الجُنُودُ", "الجنود");
	norm_expect("مُسَلَّحُونَ", "مسلحون");
	norm_expect("جنديًا", "جنديا");
	norm_expect("هٰذا", "هذا");
	norm_expect("قُتِلْتُمْ", "قتلتم");
	/* tatweel, also between a clitic and its word */
	norm_expect("قـــتل", "قتل");
	norm_expect("بـالجيش", "بالجيش");
	/* invisible format characters */
	norm_expect("قت\xe2\x80\x8cل", "قتل");		/* ZWNJ */
	norm_expect("\xe2\x80\x8fغاو", "غاو");		/* RLM */
	norm_expect("\xef\xbb\xbfكيدال", "كيدال");	/* BOM */
}

static void
norm_test_letters(void **state)
{
	norm_expect("أحمد", "احمد");
	norm_expect("إسلام", "اسلام");
	norm_expect("آمن", "امن");
	norm_expect("ٱلله", "الله");
	norm_expect("الإرهاب", "الارهاب");
	norm_expect("مصطفى", "مصطفي");
	norm_expect("على", "علي");
	norm_expect("مدينة", "مدينه");
	norm_expect("ولاية", "ولايه");
	norm_expect("مؤتمر", "موتمر");
	norm_expect("رئيس", "رييس");
	norm_expect("هيئة", "هييه");
	/* a whole phrase, spaces kept */
	norm_expect("جماعة نُصرة الإسلام", "جماعه نصره الاسلام");
}

static void
norm_test_digits(void **state)
{
	norm_expect("٠١٢٣٤٥٦٧٨٩", "0123456789");	/* Arabic-Indic */
	norm_expect("۰۱۲۳۴۵۶۷۸۹", "0123456789");	/* Persian */
	norm_expect("٢٠", "20");
	norm_expect("قتل ١٥ مدنيا", "قتل 15 مدنيا");
	norm_expect("۱۲ جنديا", "12 جنديا");
	norm_expect("2024", "2024");
}

static void
norm_test_latin(void **state)
{
	norm_expect("FAMa", "fama");
	norm_expect("Tillabéri", "tillaberi");
	norm_expect("Ménaka", "menaka");
	norm_expect("Ségou", "segou");
	norm_expect("Nouâdhibou", "nouadhibou");
	norm_expect("ÉTAT ISLAMIQUE", "etat islamique");
	norm_expect("Burkinabè", "burkinabe");
	norm_expect("Çà", "ca");
	/* mixed scripts in one string */
	norm_expect("قاعدة Tessit العسكرية", "قاعده tessit العسكريه");
}

static void
norm_test_presentation_forms(void **state)
{
	/* ﻗﺘﻞ (presentation forms B) and the lam-alef ligature ﻻ */
	norm_expect("\xef\xbb\x97\xef\xba\x98\xef\xbb\x9e", "قتل");
	norm_expect("\xef\xbb\xbb", "لا");
}

static void
norm_test_bounds(void **state)
{
	char	out[NORM_MAX], big[NORM_MAX * 4 + 1];
	size_t	n;

	/* empty input */
	memset(out, 'x', sizeof out);
	assert_int_equal(norm_utf8("", 0, out, sizeof out), 0);
	assert_string_equal(out, "");

	/* a small buffer: cut, terminated, whole characters only */
	memset(out, 'x', sizeof out);
	n = norm_utf8("الجيش المالي", strlen("الجيش المالي"), out, 8);
	assert_true(n > 0 && n < 8);
	assert_int_equal(out[n], '\0');
	assert_int_equal(n % 2, 0);
	assert_memory_equal(out, "الجيش المالي", n);

	/* longer than NORM_MAX: cut, not dropped ("longer is cut") */
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	n = norm_utf8(big, 300, out, sizeof out);
	assert_true(n > 0 && n < sizeof out);
	assert_int_equal(out[n], '\0');
	assert_memory_equal(out, big, n);
	n = norm_utf8(big, sizeof big - 1, out, sizeof out);
	if (n == 0)
		fail_msg("norm_utf8 of %zu bytes gave an empty form; the "
		    "header says longer forms are cut", sizeof big - 1);
	assert_int_equal(out[n], '\0');
	assert_memory_equal(out, big, n);

	/* invalid UTF-8 does not crash and gives a terminated string */
	n = norm_utf8("\xff\xfe\xd9", 3, out, sizeof out);
	assert_true(n < sizeof out);
	assert_int_equal(out[n], '\0');
}

/* The readings of the normalised token s, as "stem/conj.prep.art". */
static int
norm_readings(const char *word, char r[][64], int max)
{
	struct norm_stem st[NORM_STEMS];
	char	 nf[NORM_MAX];
	size_t	 len;
	int	 n, i;

	len = norm_utf8(word, strlen(word), nf, sizeof nf);
	n = norm_stems(nf, len, st, max < NORM_STEMS ? max : NORM_STEMS);
	for (i = 0; i < n; i++) {
		assert_true(st[i].s >= nf && st[i].s + st[i].len <= nf + len);
		snprintf(r[i], 64, "%.*s/%d%d%d", (int)st[i].len, st[i].s,
		    st[i].conj, st[i].prep != 0, st[i].art);
	}
	return n;
}

/* The readings of word must be exactly want (NULL-terminated), bare first. */
static void
norm_stems_expect(const char *word, const char *const *want)
{
	char	r[NORM_STEMS][64], got[NORM_STEMS * 64 + 16];
	int	n, nwant, i, j;

	n = norm_readings(word, r, NORM_STEMS);
	for (nwant = 0; want[nwant] != NULL; nwant++)
		;
	got[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s ",
		    r[i]);
	if (n != nwant)
		fail_msg("norm_stems(\"%s\"): %d readings [%s], want %d",
		    word, n, got, nwant);
	if (strcmp(r[0], want[0]) != 0)
		fail_msg("norm_stems(\"%s\"): first reading %s, want the bare "
		    "token %s", word, r[0], want[0]);
	for (i = 0; i < nwant; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(r[j], want[i]) == 0)
				break;
		if (j == n)
			fail_msg("norm_stems(\"%s\"): no reading %s in [%s]",
			    word, want[i], got);
	}
}

static void
norm_test_stems(void **state)
{
	static const char *const wa[] = { "والجيش/000", "الجيش/100",
	    "جيش/101", NULL };
	static const char *const fa[] = { "فقتل/000", "قتل/100", NULL };
	static const char *const bi[] = { "بمدينه/000", "مدينه/010", NULL };
	static const char *const ka[] = { "كالعاده/000", "العاده/010",
	    "عاده/011", NULL };
	static const char *const li[] = { "لمالي/000", "مالي/010", NULL };
	static const char *const al[] = { "الجيش/000", "جيش/001", NULL };
	static const char *const lil[] = { "للجيش/000", "لجيش/010",
	    "جيش/011", NULL };
	static const char *const wal[] = { "والمسلمين/000", "المسلمين/100",
	    "مسلمين/101", NULL };
	static const char *const bal[] = { "بالجيش/000", "الجيش/010",
	    "جيش/011", NULL };
	static const char *const wbal[] = { "وبالجيش/000", "بالجيش/100",
	    "الجيش/110", "جيش/111", NULL };
	static const char *const bare[] = { "غاو/000", NULL };

	norm_stems_expect("والجيش", wa);
	norm_stems_expect("فقتل", fa);
	norm_stems_expect("بمدينة", bi);
	norm_stems_expect("كالعادة", ka);
	norm_stems_expect("لمالي", li);
	norm_stems_expect("الجيش", al);
	norm_stems_expect("للجيش", lil);
	norm_stems_expect("والمسلمين", wal);
	norm_stems_expect("بالجيش", bal);
	norm_stems_expect("وبالجيش", wbal);
	norm_stems_expect("غاو", bare);
}

static void
norm_test_stems_short(void **state)
{
	/* stems under two letters are not readings */
	static const char *const wld[] = { "ولد/000", "لد/100", NULL };
	static const char *const wl[] = { "ول/000", NULL };
	static const char *const bl[] = { "بل/000", NULL };
	static const char *const alf[] = { "الف/000", NULL };
	static const char *const w[] = { "و/000", NULL };
	/* ... except digits */
	static const char *const w10[] = { "و10/000", "10/100", NULL };
	static const char *const w5[] = { "و5/000", "5/100", NULL };
	static const char *const b2024[] = { "ب2024/000", "2024/010", NULL };
	struct norm_stem st[NORM_STEMS];

	norm_stems_expect("ولد", wld);
	norm_stems_expect("ول", wl);
	norm_stems_expect("بل", bl);
	norm_stems_expect("الف", alf);
	norm_stems_expect("و", w);
	norm_stems_expect("و10", w10);
	norm_stems_expect("و٥", w5);
	norm_stems_expect("ب2024", b2024);
	assert_int_equal(norm_stems("", 0, st, NORM_STEMS), 0);
}

static void
norm_test_stems_max(void **state)
{
	struct norm_stem st[NORM_STEMS];
	const char *w = "وبالجيش";

	memset(st, 0, sizeof st);
	assert_int_equal(norm_stems(w, strlen(w), st, 1), 1);
	assert_int_equal(st[0].len, strlen(w));
	assert_ptr_equal(st[0].s, w);
	assert_null(st[1].s);
	assert_int_equal(norm_stems(w, strlen(w), st, 2), 2);
}

static void
norm_skel(const char *word, char *out, size_t outsz)
{
	char	nf[NORM_MAX];
	size_t	n;

	n = norm_utf8(word, strlen(word), nf, sizeof nf);
	norm_skeleton(nf, n, out, outsz);
}

static void
norm_skel_same(const char *a, const char *b)
{
	char	sa[NORM_MAX], sb[NORM_MAX];

	norm_skel(a, sa, sizeof sa);
	norm_skel(b, sb, sizeof sb);
	if (sa[0] == '\0' || strcmp(sa, sb) != 0)
		fail_msg("skeletons differ: %s -> \"%s\", %s -> \"%s\"", a, sa,
		    b, sb);
}

static void
norm_skel_differ(const char *a, const char *b)
{
	char	sa[NORM_MAX], sb[NORM_MAX];

	norm_skel(a, sa, sizeof sa);
	norm_skel(b, sb, sizeof sb);
	if (strcmp(sa, sb) == 0)
		fail_msg("skeletons equal: %s and %s -> \"%s\"", a, b, sa);
}

static void
norm_test_skeleton(void **state)
{
	static const char *const tz[] = { "تينزاواتن", "تينزواتن",
	    "تينزاوتين", "تين زاوتين", "تينزاواتين", NULL };
	int	i;

	for (i = 1; tz[i] != NULL; i++)
		norm_skel_same(tz[0], tz[i]);
	norm_skel_same("غاو", "جاو");
	norm_skel_same("غاو", "قاو");
	norm_skel_same("تمبكتو", "تنبكتو");
	norm_skel_same("تمبكتو", "تومبوكتو");
	norm_skel_same("ميناكا", "مناكا");
	norm_skel_differ("كيدال", "كيتا");
	norm_skel_differ("غاو", "كيدال");
	norm_skel_differ("تمبكتو", "تنكتو");
	norm_skel_differ("موبتي", "ميناكا");
}

static void
norm_test_skeleton_bounds(void **state)
{
	char	out[8];
	size_t	n;
	const char *w = "تينزاواتين";

	assert_int_equal(norm_skeleton("", 0, out, sizeof out), 0);
	assert_string_equal(out, "");
	n = norm_skeleton(w, strlen(w), out, sizeof out);
	assert_true(n < sizeof out);
	assert_int_equal(out[n], '\0');
}

static void
norm_test_edit_distance(void **state)
{
	const char *a, *b;

	assert_int_equal(norm_edit_distance("", 0, "", 0), 0);
	assert_int_equal(norm_edit_distance("abc", 3, "", 0), 3);
	assert_int_equal(norm_edit_distance("", 0, "abc", 3), 3);
	assert_int_equal(norm_edit_distance("kitten", 6, "sitting", 7), 3);
	assert_int_equal(norm_edit_distance("sitting", 7, "kitten", 6), 3);
	assert_int_equal(norm_edit_distance("flaw", 4, "lawn", 4), 2);
	/* counted in letters, not bytes */
	a = "قتل";
	assert_int_equal(norm_edit_distance(a, strlen(a), a, strlen(a)), 0);
	b = "قتال";
	assert_int_equal(norm_edit_distance(a, strlen(a), b, strlen(b)), 1);
	a = "غاو";
	b = "جاو";
	assert_int_equal(norm_edit_distance(a, strlen(a), b, strlen(b)), 1);
	a = "تينزاوتين";
	b = "تنزاواتن";
	assert_int_equal(norm_edit_distance(a, strlen(a), b, strlen(b)), 3);
	assert_int_equal(norm_edit_distance(b, strlen(b), a, strlen(a)), 3);
}

static void
norm_test_utf8_valid(void **state)
{
	/* valid */
	assert_true(norm_utf8_valid("", 0));
	assert_true(norm_utf8_valid("abc", 3));
	assert_true(norm_utf8_valid("قتل خمسة جنود", strlen("قتل خمسة جنود")));
	assert_true(norm_utf8_valid("\xf0\x9f\x94\xb4 news", 9));	/* emoji */
	assert_true(norm_utf8_valid("\xef\xbf\xbd", 3));	/* U+FFFD itself */
	assert_true(norm_utf8_valid("\xf4\x8f\xbf\xbf", 4));	/* U+10FFFF */
	assert_true(norm_utf8_valid("\xed\x9f\xbf", 3));	/* U+D7FF */
	assert_true(norm_utf8_valid("a\0b", 3));		/* NUL is valid */
	/* overlong encodings */
	assert_false(norm_utf8_valid("\xc0\xaf", 2));
	assert_false(norm_utf8_valid("\xc1\xbf", 2));
	assert_false(norm_utf8_valid("\xe0\x80\xaf", 3));
	assert_false(norm_utf8_valid("\xe0\x9f\xbf", 3));
	assert_false(norm_utf8_valid("\xf0\x80\x80\xaf", 4));
	assert_false(norm_utf8_valid("\xf0\x8f\xbf\xbf", 4));
	/* surrogates */
	assert_false(norm_utf8_valid("\xed\xa0\x80", 3));
	assert_false(norm_utf8_valid("\xed\xbf\xbf", 3));
	assert_false(norm_utf8_valid("\xed\xa0\xbd\xed\xb4\xb4", 6));
	/* beyond U+10FFFF, bytes never used */
	assert_false(norm_utf8_valid("\xf4\x90\x80\x80", 4));
	assert_false(norm_utf8_valid("\xf5\x80\x80\x80", 4));
	assert_false(norm_utf8_valid("\xff", 1));
	assert_false(norm_utf8_valid("\xfe", 1));
	/* truncated sequences and stray continuation bytes */
	assert_false(norm_utf8_valid("\xd9", 1));
	assert_false(norm_utf8_valid("abc\xd9", 4));
	assert_false(norm_utf8_valid("\xe2\x82", 2));
	assert_false(norm_utf8_valid("\xf0\x9f\x94", 3));
	assert_false(norm_utf8_valid("\xd9 ", 2));
	assert_false(norm_utf8_valid("\x80", 1));
	assert_false(norm_utf8_valid("a\xbfz", 3));
	/* the length is respected: a valid prefix of an invalid string */
	assert_true(norm_utf8_valid("abc\xff", 3));
	/* a sequence cut by the length */
	assert_false(norm_utf8_valid("\xd9\x82", 1));
}

static void
norm_test_utf8_next_put(void **state)
{
	static const uint32_t cps[] = { 0x41, 0x7f, 0x80, 0x642, 0x7ff, 0x800,
	    0xfeff, 0xffff, 0x10000, 0x1f534, 0x10ffff };
	char	 buf[8];
	size_t	 n, i, k;
	uint32_t c;

	for (k = 0; k < sizeof cps / sizeof cps[0]; k++) {
		n = norm_utf8_put(cps[k], buf);
		i = 0;
		c = norm_utf8_next(buf, n, &i);
		if (c != cps[k] || i != n)
			fail_msg("U+%04X: round trip gave U+%04X after %zu of "
			    "%zu bytes", cps[k], c, i, n);
	}
	/* an invalid byte gives U+FFFD and advances one byte */
	i = 0;
	assert_int_equal(norm_utf8_next("\xff" "a", 2, &i), 0xfffd);
	assert_int_equal(i, 1);
	i = 0;
	assert_int_equal(norm_utf8_next("\xe2\x82", 2, &i), 0xfffd);
	assert_int_equal(i, 1);
}

static void
norm_fold_expect(const char *in, const char *want)
{
	char	out[128];
	size_t	n;

	n = norm_fold_ascii(in, out, sizeof out);
	if (n != strlen(want) || strcmp(out, want) != 0)
		fail_msg("norm_fold_ascii(\"%s\") = \"%s\", want \"%s\"", in,
		    out, want);
}

static void
norm_test_fold_ascii(void **state)
{
	char	out[4];

	norm_fold_expect("Tillabéri", "tillaberi");
	norm_fold_expect("Ménaka", "menaka");
	norm_fold_expect("Hodh ech Chargui", "hodhechchargui");
	norm_fold_expect("Dakhlet Nouâdhibou", "dakhletnouadhibou");
	norm_fold_expect("Jama'at Nusrat al-Islam", "jamaatnusratalislam");
	norm_fold_expect("CSP-PSD 2024", "csppsd2024");
	norm_fold_expect("Assimi Goïta", "assimigoita");
	norm_fold_expect("Ibrahim Traoré", "ibrahimtraore");
	norm_fold_expect("أسيمي غويتا", "");
	norm_fold_expect("", "");
	/* a small buffer is filled and terminated */
	assert_int_equal(norm_fold_ascii("abcdef", out, sizeof out), 3);
	assert_string_equal(out, "abc");
}

/* norm_letters counts letters (code points), the length fuzzy matching
 * compares. */
static void
norm_test_letter_count(void **state)
{
	assert_int_equal(norm_letters("abc", 3), 3);
	assert_int_equal(norm_letters("غاو", strlen("غاو")), 3);
	assert_int_equal(norm_letters("", 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(norm_test_diacritics),
		cmocka_unit_test(norm_test_letters),
		cmocka_unit_test(norm_test_digits),
		cmocka_unit_test(norm_test_latin),
		cmocka_unit_test(norm_test_presentation_forms),
		cmocka_unit_test(norm_test_bounds),
		cmocka_unit_test(norm_test_stems),
		cmocka_unit_test(norm_test_stems_short),
		cmocka_unit_test(norm_test_stems_max),
		cmocka_unit_test(norm_test_skeleton),
		cmocka_unit_test(norm_test_skeleton_bounds),
		cmocka_unit_test(norm_test_edit_distance),
		cmocka_unit_test(norm_test_utf8_valid),
		cmocka_unit_test(norm_test_utf8_next_put),
		cmocka_unit_test(norm_test_fold_ascii),
		cmocka_unit_test(norm_test_letter_count),
	};

	return cmocka_run_group_tests_name("norm", tests, NULL, NULL);
}
