/*
 * Unit tests of the client helpers in extract.c: keyword matching, region
 * queries as topic prefixes, and actor names to ids.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "raqib/extract.h"
#include "raqib/names.h"

#ifndef RAQIB_TEST_LEXICON
#error RAQIB_TEST_LEXICON must name the source lexicon directory
#endif

static int
keyword_setup(void **state)
{
	char	*cause = NULL;

	if ((*state = extract_new(RAQIB_TEST_LEXICON, &cause)) == NULL) {
		fprintf(stderr, "extract_new: %s\n", cause ? cause : "?");
		free(cause);
		return -1;
	}
	return 0;
}

static int
keyword_teardown(void **state)
{
	extract_free(*state);
	return 0;
}

static void
keyword_expect(struct extract *ex, const char *kw, const char *text, int want)
{
	int	got = extract_keyword_match(ex, kw, text);

	if (!!got != want)
		fail_msg("extract_keyword_match(\"%s\", \"%s\") = %d, want %d",
		    kw, text, got, want);
}

static void
keyword_test_clitics_quotes(void **state)
{
	struct extract	*ex = *state;

	keyword_expect(ex, "فاغنر", "وصلت عناصر فاغنر إلى المدينة", 1);
	keyword_expect(ex, "فاغنر", "انسحب الجيش وفاغنر من القاعدة", 1);
	keyword_expect(ex, "فاغنر", "قال إن «فاغنر» تقاتل هناك", 1);
	keyword_expect(ex, "فاغنر", "قال إن \"فاغنر\" تقاتل هناك", 1);
	keyword_expect(ex, "فاغنر", "مقاتلون تابعون لفاغنر", 1);
	keyword_expect(ex, "فاغنر", "وصفهم بـ”فاغنر”", 1);
	/* a part of the word is not the word */
	keyword_expect(ex, "فاغنر", "قال إن فاغ وصلت", 0);
	keyword_expect(ex, "فاغ", "وصلت عناصر فاغنر", 0);
	keyword_expect(ex, "فاغنر", "لا شيء هنا", 0);
	keyword_expect(ex, "فاغنر", "", 0);
}

static void
keyword_test_normalisation(void **state)
{
	struct extract	*ex = *state;

	keyword_expect(ex, "قتل", "قُتِلَ ثلاثة جنود", 1);
	keyword_expect(ex, "الإرهاب", "وصفه بالارهاب", 1);
	keyword_expect(ex, "ولاية", "في ولايه تيلابيري", 1);
	keyword_expect(ex, "Wagner", "Le groupe WAGNER est parti", 1);
	keyword_expect(ex, "Tillaberi", "la région de Tillabéri", 1);
	keyword_expect(ex, "20", "قتل ٢٠ مدنيا", 1);
	keyword_expect(ex, "الجيش", "بالجيش المالي", 1);
}

static void
keyword_test_multiword(void **state)
{
	struct extract	*ex = *state;

	keyword_expect(ex, "نصرة الإسلام",
	    "أعلنت جماعة نصرة الإسلام والمسلمين مسؤوليتها", 1);
	keyword_expect(ex, "نصرة الإسلام والمسلمين",
	    "بيان لجماعة «نصرة الإسلام والمسلمين»", 1);
	keyword_expect(ex, "الجيش المالي", "هاجموا الجيش المالي قرب غاو", 1);
	keyword_expect(ex, "الجيش المالي", "هاجموا والجيش المالي", 1);
	/* in sequence, and only in sequence */
	keyword_expect(ex, "الإسلام نصرة", "جماعة نصرة الإسلام والمسلمين", 0);
	keyword_expect(ex, "نصرة الإسلام", "نصرة دين الإسلام", 0);
	keyword_expect(ex, "الجيش المالي", "الجيش. المالي", 0);
	keyword_expect(ex, "الجيش المالي", "الجيش", 0);
}

/*
 * names_region of q (what raqib sub --region asks) must give exactly the one
 * prefix want, and the town name want_name (NULL: no name, "*": either).
 */
static void
keyword_region(struct extract *ex, const char *q, const char *want,
    const char *want_name)
{
	char	**pfx = NULL, *name = NULL, *cause = NULL, got[256];
	size_t	  i;
	int	  rc, ok;

	rc = names_region(ex, q, &pfx, &name, NULL, &cause);
	got[0] = '\0';
	for (i = 0; pfx != NULL && pfx[i] != NULL; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s",
		    i ? " " : "", pfx[i]);
	ok = rc == 0 && pfx != NULL && i == 1 && strcmp(pfx[0], want) == 0;
	if (ok && want_name != NULL && strcmp(want_name, "*") != 0)
		ok = name != NULL && strcmp(name, want_name) == 0;
	if (ok && want_name == NULL)
		ok = name == NULL;
	for (i = 0; pfx != NULL && pfx[i] != NULL; i++)
		free(pfx[i]);
	free(pfx);
	if (!ok) {
		char	msg[512];

		snprintf(msg, sizeof msg, "names_region(\"%s\") = %d [%s] "
		    "name %s cause %s; want [%s] name %s", q, rc, got,
		    name ? name : "NULL", cause ? cause : "NULL", want,
		    want_name ? want_name : "NULL");
		free(name);
		free(cause);
		fail_msg("%s", msg);
	}
	free(name);
	free(cause);
}

static void
keyword_region_unknown(struct extract *ex, const char *q, const char *mention)
{
	char	**pfx = NULL, *name = NULL, *cause = NULL;
	int	  rc;

	rc = names_region(ex, q, &pfx, &name, NULL, &cause);
	if (rc != -1 || pfx != NULL || name != NULL) {
		free(name);
		free(cause);
		if (pfx != NULL)
			free(pfx[0]);
		free(pfx);
		fail_msg("names_region(\"%s\") = %d, want -1", q, rc);
	}
	if (cause == NULL)
		fail_msg("names_region(\"%s\"): no cause", q);
	if (strstr(cause, mention) == NULL) {
		char	msg[512];

		snprintf(msg, sizeof msg, "names_region(\"%s\"): cause "
		    "\"%s\" does not mention \"%s\"", q, cause, mention);
		free(cause);
		fail_msg("%s", msg);
	}
	free(cause);
}

static void
keyword_test_region_codes(void **state)
{
	struct extract	*ex = *state;

	keyword_region(ex, "ml", "ev.ml.", NULL);
	keyword_region(ex, "ML", "ev.ml.", NULL);
	keyword_region(ex, "bf", "ev.bf.", NULL);
	keyword_region(ex, "ml/kidal", "ev.ml.kidal.", NULL);
	keyword_region(ex, "ML/kidal", "ev.ml.kidal.", NULL);
	keyword_region(ex, "bf/centre-nord", "ev.bf.centre-nord.", NULL);
	keyword_region(ex, "ne/tillaberi", "ev.ne.tillaberi.", NULL);
	keyword_region_unknown(ex, "ml/atlantis", "atlantis");
	keyword_region_unknown(ex, "bf/kidal", "kidal");
	/* ISO 3166-2 codes, and the unknowns topics carry */
	keyword_region(ex, "ML-8", "ev.ml.kidal.", NULL);
	keyword_region(ex, "ml-8", "ev.ml.kidal.", NULL);
	keyword_region(ex, "BF-05", "ev.bf.centre-nord.", NULL);
	keyword_region(ex, "ml/_", "ev.ml._.", NULL);
	keyword_region(ex, "xx", "ev.xx.", NULL);
}

static void
keyword_test_region_country_first(void **state)
{
	struct extract	*ex = *state;

	/* a name that means a country means the country, not Nigeria's
	 * Niger State; the state is still there by its slug path */
	keyword_region(ex, "niger", "ev.ne.", NULL);
	keyword_region(ex, "Niger", "ev.ne.", NULL);
	keyword_region(ex, "ng/niger", "ev.ng.niger.", NULL);
	/* twin towns across a border: refused, naming both */
	keyword_region_unknown(ex, "تينزاوتين", "ambiguous");
	keyword_region_unknown(ex, "تينزاوتين", "ml/kidal");
	keyword_region_unknown(ex, "تينزاوتين", "dz/tamanrasset");
}

static void
keyword_test_region_names(void **state)
{
	struct extract	*ex = *state;

	/* first-level regions, in Arabic and in English */
	keyword_region(ex, "Kidal", "ev.ml.kidal.", "*");
	keyword_region(ex, "kidal", "ev.ml.kidal.", "*");
	keyword_region(ex, "Tillabéri", "ev.ne.tillaberi.", "*");
	keyword_region(ex, "Tillaberi", "ev.ne.tillaberi.", "*");
	keyword_region(ex, "Centre-Nord", "ev.bf.centre-nord.", NULL);
	/* countries by name */
	keyword_region(ex, "Mali", "ev.ml.", NULL);
	keyword_region(ex, "مالي", "ev.ml.", NULL);
	keyword_region(ex, "النيجر", "ev.ne.", NULL);
}

static void
keyword_test_region_arabic_admin1(void **state)
{
	struct extract	*ex = *state;
	char		**pfx = NULL, *name = NULL, *cause = NULL;

	/* كيدال is both a town and its region: the region's prefix */
	assert_int_equal(names_region(ex, "كيدال", &pfx, &name, NULL,
	    &cause), 0);
	assert_non_null(pfx);
	assert_string_equal(pfx[0], "ev.ml.kidal.");
	assert_null(pfx[1]);
	free(pfx[0]);
	free(pfx);
	free(name);
	assert_null(cause);
}

static void
keyword_test_region_towns(void **state)
{
	struct extract	*ex = *state;

	/* a town gives its first-level region and its own name */
	keyword_region(ex, "Tessit", "ev.ml.gao.", "Tessit");
	keyword_region(ex, "تيسيت", "ev.ml.gao.", "Tessit");
	keyword_region(ex, "Djibo", "ev.bf.sahel.", "Djibo");
	keyword_region(ex, "جيبو", "ev.bf.sahel.", "Djibo");
	keyword_region(ex, "Ansongo", "ev.ml.gao.", "Ansongo");
	keyword_region(ex, "أنسونغو", "ev.ml.gao.", "Ansongo");
	keyword_region(ex, "Tinzaouaten", "ev.ml.kidal.", "Tinzaouaten");
	keyword_region(ex, "واهيغويا", "ev.bf.nord.", "Ouahigouya");
	keyword_region(ex, "Kaya", "ev.bf.centre-nord.", "Kaya");
}

static void
keyword_test_region_unknown(void **state)
{
	struct extract	*ex = *state;

	keyword_region_unknown(ex, "Atlantis", "Atlantis");
	keyword_region_unknown(ex, "qq", "qq");
	keyword_region_unknown(ex, "مدينة خيالية", "مدينة خيالية");
	keyword_region_unknown(ex, "", "unknown region");
	/* a place and more is not a place */
	keyword_region_unknown(ex, "غاو والجزائر العاصمة وغيرها",
	    "unknown region");
}

static void
keyword_actor(struct extract *ex, const char *q, const char *want)
{
	const char	*got = extract_actor_resolve(ex, q);

	if (want == NULL && got == NULL)
		return;
	if (want == NULL || got == NULL || strcmp(got, want) != 0)
		fail_msg("extract_actor_resolve(\"%s\") = %s, want %s", q,
		    got ? got : "NULL", want ? want : "NULL");
}

static void
keyword_test_actor_resolve(void **state)
{
	struct extract	*ex = *state;

	/* ids */
	keyword_actor(ex, "jnim", "jnim");
	keyword_actor(ex, "wagner", "wagner");
	keyword_actor(ex, "fama", "fama");
	/* English names and Latin forms, folded */
	keyword_actor(ex, "Wagner Group", "wagner");
	keyword_actor(ex, "wagner group", "wagner");
	keyword_actor(ex, "JNIM", "jnim");
	keyword_actor(ex, "GSIM", "jnim");
	keyword_actor(ex, "FAMa", "fama");
	keyword_actor(ex, "Forces armées maliennes", "fama");
	keyword_actor(ex, "Africa Corps", "africa_corps");
	keyword_actor(ex, "MINUSMA", "minusma");
	/* Arabic forms */
	keyword_actor(ex, "جماعة نصرة الإسلام والمسلمين", "jnim");
	keyword_actor(ex, "نصرة الإسلام والمسلمين", "jnim");
	keyword_actor(ex, "فاغنر", "wagner");
	keyword_actor(ex, "فاجنر", "wagner");
	keyword_actor(ex, "الجيش المالي", "fama");
	keyword_actor(ex, "بوكو حرام", "boko_haram");
	/* not actors */
	keyword_actor(ex, "no such group", NULL);
	keyword_actor(ex, "غاو", NULL);
	keyword_actor(ex, "", NULL);
	keyword_actor(ex, "فاغنر في غاو", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keyword_test_clitics_quotes),
		cmocka_unit_test(keyword_test_normalisation),
		cmocka_unit_test(keyword_test_multiword),
		cmocka_unit_test(keyword_test_region_codes),
		cmocka_unit_test(keyword_test_region_country_first),
		cmocka_unit_test(keyword_test_region_names),
		cmocka_unit_test(keyword_test_region_arabic_admin1),
		cmocka_unit_test(keyword_test_region_towns),
		cmocka_unit_test(keyword_test_region_unknown),
		cmocka_unit_test(keyword_test_actor_resolve),
	};

	return cmocka_run_group_tests_name("keyword", tests, keyword_setup,
	    keyword_teardown);
}
