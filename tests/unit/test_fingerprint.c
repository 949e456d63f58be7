/*
 * Unit tests of fingerprint.c: a document is its normalised text, and
 * near-copies are recognised while other reports of an incident are not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "raqib/fingerprint.h"

/* A wire report of an ambush, and another outlet's own report of it. */
static const char wire[] =
    "قتل 22 جنديا ماليا على الأقل في كمين نصبه مسلحون على طريق غاو أنسونغو "
    "في شمال مالي يوم الثلاثاء، وفق ما أفادت مصادر أمنية وكالة فرانس برس. "
    "وقال مسؤول عسكري إن القافلة كانت تنقل مؤنا إلى معسكر للجيش قرب أنسونغو "
    "عندما تعرضت لهجوم بعبوة ناسفة تلاه إطلاق نار كثيف. وتبنت جماعة نصرة "
    "الإسلام والمسلمين المرتبطة بتنظيم القاعدة الهجوم في بيان نشرته على "
    "مواقع التواصل. وتشهد منطقة غاو منذ أشهر تصاعدا في الهجمات المسلحة.";
static const char other[] =
    "أعلنت هيئة الأركان العامة للجيش المالي أن وحدة من قواتها تعرضت لكمين "
    "جنوب مدينة غاو، وأن حصيلة أولية تشير إلى سقوط قتلى في صفوف الجنود. "
    "وأضاف البيان أن تعزيزات أرسلت إلى المنطقة وأن عمليات تمشيط جارية. "
    "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن بحسب مراسلنا في باماكو.";

static void
fingerprint_test_same_text(void **state)
{
	struct fingerprint a, b;
	struct fingerprint_match m;
	char	*crlf = malloc(sizeof wire * 2), *p;
	size_t	 i, n = 0;

	(void)state;
	/* CRLF line ends, doubled spaces and diacritics are the same text */
	for (i = 0; wire[i] != '\0'; i++) {
		if (wire[i] == '.' && wire[i + 1] == ' ') {
			memcpy(crlf + n, ".\r\n  ", 5);
			n += 5;
			i++;
			continue;
		}
		crlf[n++] = wire[i];
	}
	memcpy(crlf + n, "\xd9\x8e\r\n", 4);	/* a fatha, then CRLF */
	n += 4;
	fingerprint_make(wire, strlen(wire), &a);
	fingerprint_make(crlf, n, &b);
	assert_string_equal(a.text_sha256, b.text_sha256);
	fingerprint_compare(&a, &b, &m);
	assert_true(m.same_text && m.copy);
	/* one word changed: another text, a near-copy */
	p = strstr(crlf, "الثلاثاء");
	memcpy(p, "الأربعاء", strlen("الأربعاء"));
	fingerprint_make(crlf, n, &b);
	assert_string_not_equal(a.text_sha256, b.text_sha256);
	fingerprint_compare(&a, &b, &m);
	assert_false(m.same_text);
	assert_true(m.copy);
	assert_true(m.jaccard > 0.7);
	free(crlf);
}

static void
fingerprint_test_reprint(void **state)
{
	struct fingerprint a, b;
	struct fingerprint_match m;
	char	 buf[sizeof wire + 256];

	(void)state;
	/* a site's reprint: its own opening line, the rest cut short */
	snprintf(buf, sizeof buf, "عاجل | موقع الصحراء: %.*s", (int)(sizeof wire *
	    3 / 4), wire);
	fingerprint_make(wire, strlen(wire), &a);
	fingerprint_make(buf, strlen(buf), &b);
	fingerprint_compare(&a, &b, &m);
	assert_true(m.copy);
	assert_true(m.containment > 0.8);
}

static void
fingerprint_test_other_report(void **state)
{
	struct fingerprint a, b;
	struct fingerprint_match m;

	(void)state;
	fingerprint_make(wire, strlen(wire), &a);
	fingerprint_make(other, strlen(other), &b);
	fingerprint_compare(&a, &b, &m);
	assert_false(m.copy);
	assert_true(m.jaccard < 0.2);
	/* short texts are copies only when equal */
	fingerprint_make("قتل جنديان", strlen("قتل جنديان"), &a);
	fingerprint_make("قتل جنديين", strlen("قتل جنديين"), &b);
	fingerprint_compare(&a, &b, &m);
	assert_false(m.copy);
}

static void
fingerprint_test_bands(void **state)
{
	struct fingerprint a, b;
	int64_t	 ka[FINGERPRINT_BANDS], kb[FINGERPRINT_BANDS];
	size_t	 i, same = 0;
	char	*edit = strdup(wire), *p;

	(void)state;
	p = strstr(edit, "22");
	p[0] = '3';
	p[1] = '1';
	fingerprint_make(wire, strlen(wire), &a);
	fingerprint_make(edit, strlen(edit), &b);
	fingerprint_bands(&a, ka);
	fingerprint_bands(&b, kb);
	for (i = 0; i < FINGERPRINT_BANDS; i++) {
		assert_true(ka[i] >= 0);
		same += ka[i] == kb[i];
	}
	/* the store finds a near-copy by a shared band */
	assert_true(same > 0);
	free(edit);
}

/* A worker sends the fingerprint with its answer: the bytes give back the
 * same fingerprint, and what is not one is refused. */
static void
fingerprint_test_pack(void **state)
{
	struct fingerprint a, b;
	unsigned char	 buf[FINGERPRINT_PACKED];

	(void)state;
	fingerprint_make(wire, strlen(wire), &a);
	fingerprint_pack(&a, buf);
	assert_int_equal(fingerprint_unpack(buf, sizeof buf, &b), 0);
	assert_string_equal(a.text_sha256, b.text_sha256);
	assert_int_equal(a.words, b.words);
	assert_int_equal(a.shingles, b.shingles);
	assert_memory_equal(a.minhash, b.minhash, sizeof a.minhash);
	/* too short, not a hex digest, more shingles than words */
	assert_int_equal(fingerprint_unpack(buf, sizeof buf - 1, &b), -1);
	buf[3] = 'G';
	assert_int_equal(fingerprint_unpack(buf, sizeof buf, &b), -1);
	fingerprint_pack(&a, buf);
	buf[68] = 0xff;
	assert_int_equal(fingerprint_unpack(buf, sizeof buf, &b), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fingerprint_test_same_text),
		cmocka_unit_test(fingerprint_test_reprint),
		cmocka_unit_test(fingerprint_test_other_report),
		cmocka_unit_test(fingerprint_test_bands),
		cmocka_unit_test(fingerprint_test_pack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
