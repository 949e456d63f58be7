/*
 * Unit tests of topic.c: topics built by the ev.<cc>.<admin1>.<type>
 * grammar.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "topic.h"

/*
 * The topic grammar of the SPEC, which every topic topic_make builds must
 * follow: ev.<cc>.<admin1>.<type>, lower-case ASCII, admin1 a slug or _.
 * (The product only builds topics; the grammar is the tests' oracle.)
 */
static int
topic_valid(const char *t)
{
	const char	*p, *dot;
	size_t		 n;

	if (strncmp(t, "ev.", 3) != 0)
		return 0;
	p = t + 3;
	if (!islower((unsigned char)p[0]) || !islower((unsigned char)p[1]) ||
	    p[2] != '.')
		return 0;
	p += 3;
	if ((dot = strchr(p, '.')) == NULL || dot == p)
		return 0;
	n = (size_t)(dot - p);
	if (!(n == 1 && p[0] == '_')) {
		for (; p < dot; p++)
			if (!islower((unsigned char)*p) &&
			    !isdigit((unsigned char)*p) && *p != '-')
				return 0;
	}
	p = dot + 1;
	if (*p == '\0')
		return 0;
	for (; *p != '\0'; p++)
		if (!islower((unsigned char)*p) && *p != '_')
			return 0;
	return 1;
}

static void
topic_slug_expect(const char *name, const char *want)
{
	char	out[128];
	size_t	n;

	memset(out, 'x', sizeof out);
	n = topic_slug(name, out, sizeof out);
	if (n != strlen(want) || strcmp(out, want) != 0)
		fail_msg("topic_slug(\"%s\") = \"%s\" (%zu), want \"%s\"", name,
		    out, n, want);
}

static void
topic_test_slug(void **state)
{
	topic_slug_expect("Tombouctou", "tombouctou");
	topic_slug_expect("Centre-Nord", "centre-nord");
	topic_slug_expect("Tillabéri", "tillaberi");
	topic_slug_expect("Hodh ech Chargui", "hodh-ech-chargui");
	topic_slug_expect("Dakhlet Nouâdhibou", "dakhlet-nouadhibou");
	topic_slug_expect("Ménaka", "menaka");
	topic_slug_expect("Ségou", "segou");
	topic_slug_expect("Taoudénit", "taoudenit");
	topic_slug_expect("Boucle du Mouhoun", "boucle-du-mouhoun");
	topic_slug_expect("Plateau-Central", "plateau-central");
	topic_slug_expect("Nouakchott Ouest", "nouakchott-ouest");
	topic_slug_expect("Bamako", "bamako");
	topic_slug_expect("Kidal", "kidal");
	topic_slug_expect("ML-8", "ml-8");
}

static void
topic_test_slug_edges(void **state)
{
	char	out[8];
	size_t	n;

	/* separators collapse and never lead or trail */
	topic_slug_expect("  Centre  -  Nord ", "centre-nord");
	topic_slug_expect("Côte d'Ivoire", "cote-d-ivoire");
	topic_slug_expect("Sud_Ouest/Est", "sud-ouest-est");
	topic_slug_expect("", "");
	topic_slug_expect("كيدال", "");
	/* a small buffer is cut and terminated */
	n = topic_slug("Hodh ech Chargui", out, sizeof out);
	assert_true(n < sizeof out);
	assert_int_equal(out[n], '\0');
	assert_int_equal(strncmp(out, "hodh-ech-chargui", n), 0);
}

static void
topic_make_expect(const char *cc, const char *a1, const char *type,
    const char *want)
{
	char	out[128];

	if (topic_make(out, sizeof out, cc, a1, type) != 0)
		fail_msg("topic_make(%s, %s, %s) failed", cc ? cc : "NULL",
		    a1 ? a1 : "NULL", type);
	if (strcmp(out, want) != 0)
		fail_msg("topic_make(%s, %s, %s) = \"%s\", want \"%s\"",
		    cc ? cc : "NULL", a1 ? a1 : "NULL", type, out, want);
	if (!topic_valid(out))
		fail_msg("topic_make gave \"%s\", which topic_valid rejects",
		    out);
}

static void
topic_test_make(void **state)
{
	char	small[12];

	topic_make_expect("ML", "kidal", "ambush", "ev.ml.kidal.ambush");
	topic_make_expect("ml", "kidal", "ambush", "ev.ml.kidal.ambush");
	topic_make_expect("BF", "centre-nord", "protest",
	    "ev.bf.centre-nord.protest");
	topic_make_expect("NE", NULL, "air_or_drone_strike",
	    "ev.ne._.air_or_drone_strike");
	topic_make_expect("NE", "", "kidnapping", "ev.ne._.kidnapping");
	topic_make_expect(NULL, NULL, "armed_clash", "ev.xx._.armed_clash");
	topic_make_expect(NULL, "kidal", "armed_clash",
	    "ev.xx.kidal.armed_clash");
	topic_make_expect("MLI", NULL, "other", "ev.xx._.other");
	topic_make_expect("", NULL, "other", "ev.xx._.other");
	/* too small a buffer fails */
	assert_int_equal(topic_make(small, sizeof small, "ML", "kidal",
	    "ambush"), -1);
}

/* The oracle itself takes the grammar and nothing else, or the tests of
 * topic_make would prove nothing. */
static void
topic_test_valid(void **state)
{
	static const char *const good[] = { "ev.ml.kidal.ambush",
	    "ev.xx._.armed_clash", "ev.bf.centre-nord.protest",
	    "ev.mr.hodh-ech-chargui.air_or_drone_strike", "ev.ml.ml-8.other",
	    "ev.ne.tillaberi.ied_explosion", NULL };
	static const char *const bad[] = {
	    "",				/* empty */
	    "ev",
	    "ev.",
	    "ev.ml",
	    "ev.ml.",
	    "ev.ml.kidal",		/* missing type */
	    "ev.ml.kidal.",
	    "ev.ml..ambush",		/* empty admin1 */
	    "ev..kidal.ambush",		/* empty country */
	    "ev.m.kidal.ambush",	/* one-letter country */
	    "ev.mli.kidal.ambush",	/* three-letter country */
	    "EV.ml.kidal.ambush",	/* upper case */
	    "ev.ML.kidal.ambush",
	    "ev.ml.Kidal.ambush",
	    "ev.ml.kidal.Ambush",
	    "xv.ml.kidal.ambush",	/* wrong head */
	    "ev.1l.kidal.ambush",	/* bad characters */
	    "ev.ml.kid al.ambush",
	    "ev.ml.ki_dal.ambush",
	    "ev.ml._x.ambush",
	    "ev.ml.kidal.am-bush",
	    "ev.ml.kidal.ambush!",
	    "ev.ml.kidal.ambush ",
	    "ev.ml.kidal.ambush\n",
	    "ev.ml.kidal.ambush.extra",	/* too many parts */
	    "ev.ml.كيدال.ambush",
	    "ev.ml.tillabéri.ambush",
	    NULL };
	int	i;

	for (i = 0; good[i] != NULL; i++)
		if (!topic_valid(good[i]))
			fail_msg("topic_valid rejects \"%s\"", good[i]);
	for (i = 0; bad[i] != NULL; i++)
		if (topic_valid(bad[i]))
			fail_msg("topic_valid accepts \"%s\"", bad[i]);
}

/* Every slug of a name makes a valid topic. */
static void
topic_test_slug_makes_valid(void **state)
{
	static const char *const names[] = { "Tombouctou", "Centre-Nord",
	    "Tillabéri", "Hodh ech Chargui", "Dakhlet Nouâdhibou", "Ségou",
	    "Boucle du Mouhoun", "Côte d'Ivoire", NULL };
	char	slug[128], topic[256];
	int	i;

	for (i = 0; names[i] != NULL; i++) {
		topic_slug(names[i], slug, sizeof slug);
		assert_int_equal(topic_make(topic, sizeof topic, "ML", slug,
		    "ambush"), 0);
		if (!topic_valid(topic))
			fail_msg("\"%s\" -> \"%s\" is not a valid topic",
			    names[i], topic);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(topic_test_slug),
		cmocka_unit_test(topic_test_slug_edges),
		cmocka_unit_test(topic_test_make),
		cmocka_unit_test(topic_test_valid),
		cmocka_unit_test(topic_test_slug_makes_valid),
	};

	return cmocka_run_group_tests_name("topic", tests, NULL, NULL);
}
