/*
 * Loaders of the rule words: event_types.json, numbers.json, dates.json,
 * events.json, casualties.json, titles.json and context.json.
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

/* event_types.json: the controlled vocabulary of event types. */
int
lx_load_evtypes(struct lexicon *lx, json_t *root, char **cause)
{
	json_t		*arr, *e;
	const char	*id, *t, *sub;
	size_t		 i;
	int		 imperfect, merge_same;

	if (lx_array(lx, root, "event_types", 0, &arr, cause) == -1)
		return -1;
	lx->t.evtype = xcalloc(json_array_size(arr), sizeof *lx->t.evtype);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "event_types", i, NULL);
		if (lx_keys(lx, e, "id acled_event_type acled_sub_event_type "
		    "reported_in_imperfect merge_same_type_only",
		    cause) == -1 ||
		    lx_str(lx, e, "id", 1, &id, cause) == -1 ||
		    lx_str(lx, e, "acled_event_type", 0, &t, cause) == -1 ||
		    lx_str(lx, e, "acled_sub_event_type", 0, &sub,
		    cause) == -1 ||
		    lx_bool(lx, e, "reported_in_imperfect", &imperfect,
		    cause) == -1 ||
		    lx_bool(lx, e, "merge_same_type_only", &merge_same,
		    cause) == -1)
			return -1;
		lx->t.evtype[i].id = xstrdup(id);
		lx->t.evtype[i].imperfect = (uint8_t)imperfect;
		lx->t.evtype[i].merge_same = (uint8_t)merge_same;
		lx->t.evtype[i].acled_type = t ? xstrdup(t) : NULL;
		lx->t.evtype[i].acled_sub = sub ? xstrdup(sub) : NULL;
		*strmap_put(lx->evtype_ids, id, strlen(id), 0, NULL) =
		    (uint32_t)i;
		lx->t.nevtype++;
	}
	return 0;
}

/* A list of {<field>: <enum>, "ar": [...]} entries giving one category. */
static int
lx_load_enum_list(struct lexicon *lx, json_t *root, const char *section,
    const char *field, const char *const *names, int cat, const char *extra,
    char **cause)
{
	json_t		*arr, *e;
	const char	*v;
	char		 keys[128];
	size_t		 i;
	int		 k, after;

	if (lx_array(lx, root, section, 0, &arr, cause) == -1)
		return -1;
	snprintf(keys, sizeof keys, "%s ar %s", field, extra ? extra : "");
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, section, i, NULL);
		if (lx_keys(lx, e, keys, cause) == -1 ||
		    lx_str(lx, e, field, 1, &v, cause) == -1)
			return -1;
		if ((k = lx_enum(v, names)) < 0)
			return lx_error(lx, cause, "unknown %s \"%s\"", field, v);
		if (lx_bool(lx, e, "after", &after, cause) == -1)
			return -1;
		if (lx_patterns(lx, e, "ar", 1, lx_hit(cat, k,
		    after ? QF_AFTER : 0, 0), 0, cause) == -1)
			return -1;
	}
	return 0;
}

int
lx_load_numbers(struct lexicon *lx, json_t *root, char **cause)
{
	static const char *const kinds[] = { "unit", "teen", "tens",
	    "hundred", "mult", NULL };
	static const char *const quals[] = { LX_QUALS(LX_LEX_NAME) NULL };
	json_t		*arr, *e;
	const char	*kind, *word;
	double		 value;
	size_t		 i;
	int		 k;

	if (lx_array(lx, root, "numbers", 0, &arr, cause) == -1)
		return -1;
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "numbers", i, NULL);
		if (lx_keys(lx, e, "value kind ar", cause) == -1 ||
		    lx_num(lx, e, "value", 1, 0, 1e9, &value, cause) == -1 ||
		    lx_str(lx, e, "kind", 1, &kind, cause) == -1)
			return -1;
		if ((k = lx_enum(kind, kinds)) < 0) {
			lx_error(lx, cause, "unknown kind \"%s\"", kind);
			return -1;
		}
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_NUMBER, k, 0,
		    (uint32_t)value), 0, cause) == -1)
			return -1;
	}
	if (lx_array(lx, root, "vague", 0, &arr, cause) == -1)
		return -1;
	lx->t.vague = xcalloc(json_array_size(arr), sizeof *lx->t.vague);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "vague", i, NULL);
		if (lx_keys(lx, e, "word ar", cause) == -1 ||
		    lx_str(lx, e, "word", 1, &word, cause) == -1)
			return -1;
		lx->t.vague[i].name = xstrdup(word);
		lx->t.nvague++;
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_NUMBER, NUM_VAGUE, 0,
		    (uint32_t)i), 0, cause) == -1)
			return -1;
	}
	if (lx_load_enum_list(lx, root, "qualifiers", "qualifier", quals,
	    LX_QUAL, "after", cause) == -1)
		return -1;
	lx->ctx[0] = '\0';
	if (lx_patterns(lx, root, "units", 1, lx_hit(LX_NUMBER, NUM_MEASURE, 0,
	    0), 0, cause) == -1)
		return -1;
	return 0;
}

int
lx_load_dates(struct lexicon *lx, json_t *root, char **cause)
{
	static const char *const rels[] = { "today", "yesterday",
	    "day_before", "tomorrow", "last", "next", "daypart", NULL };
	json_t		*arr, *e;
	double		 v;
	size_t		 i;

	if (lx_array(lx, root, "months", 0, &arr, cause) == -1)
		return -1;
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "months", i, NULL);
		if (lx_keys(lx, e, "month ar", cause) == -1 ||
		    lx_num(lx, e, "month", 1, 1, 12, &v, cause) == -1 ||
		    lx_patterns(lx, e, "ar", 1, lx_hit(LX_MONTH, (int)v, 0, 0), 0,
		    cause) == -1)
			return -1;
	}
	if (lx_array(lx, root, "weekdays", 0, &arr, cause) == -1)
		return -1;
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "weekdays", i, NULL);
		if (lx_keys(lx, e, "day ar", cause) == -1 ||
		    lx_num(lx, e, "day", 1, 0, 6, &v, cause) == -1 ||
		    lx_patterns(lx, e, "ar", 1, lx_hit(LX_WEEKDAY, (int)v, 0, 0),
		    0, cause) == -1)
			return -1;
	}
	if (lx_load_enum_list(lx, root, "relative", "rel", rels, LX_DATEREL,
	    NULL, cause) == -1)
		return -1;
	return 0;
}


/* "absorbs": {"suicide_bombing": ["ied_explosion", ...]}: a type that,
 * found in one sentence with another, names the same incident better. */
static int
lx_load_absorbs(struct lexicon *lx, json_t *o, char **cause)
{
	const char	*key;
	json_t		*arr, *v;
	uint32_t	 a, b;
	size_t		 i;

	lx->ctx[0] = '\0';
	if (o == NULL)
		return 0;
	if (!json_is_object(o))
		return lx_error(lx, cause, "absorbs: must be an object");
	if (lx->t.nevtype > 32)
		return lx_error(lx, cause, "absorbs: at most 32 event types");
	json_object_foreach(o, key, arr) {
		if (!strmap_get(lx->evtype_ids, key, strlen(key), &a))
			return lx_error(lx, cause, "absorbs: unknown type \"%s\"",
			    key);
		if (!json_is_array(arr))
			return lx_error(lx, cause, "absorbs.%s: must be an array "
			    "of types", key);
		json_array_foreach(arr, i, v) {
			const char *id = json_string_value(v);

			if (id == NULL || !strmap_get(lx->evtype_ids, id,
			    strlen(id), &b) || b == a)
				return lx_error(lx, cause, "absorbs.%s[%zu]: not "
				    "another event type", key, i);
			lx->t.evtype[a].absorbs |= 1U << b;
		}
	}
	return 0;
}
/* "thresholds": how much evidence an event needs. */
static int
lx_load_thresholds(struct lexicon *lx, json_t *th, char **cause)
{
	static const char *const k[4] = { "violent", "violent_with_figure",
	    "protest", "other" };
	double	 v[4];
	int	 q;

	lx->ctx[0] = '\0';
	if (th == NULL)
		return lx_error(lx, cause, "\"thresholds\" is required");
	if (lx_keys(lx, th, "violent violent_with_figure protest other",
	    cause) == -1)
		return -1;
	for (q = 0; q < 4; q++)
		if (lx_num(lx, th, k[q], 1, -20, 20, &v[q], cause) == -1)
			return -1;
	lx->t.min_violent = (int)v[0];
	lx->t.min_violent_figure = (int)v[1];
	lx->t.min_protest = (int)v[2];
	lx->t.min_other = (int)v[3];
	return 0;
}

/* "labels": every type needs an English and an Arabic label. */
static int
lx_load_labels(struct lexicon *lx, json_t *labels, char **cause)
{
	json_t	*l;
	size_t	 i;

	lx->ctx[0] = '\0';
	for (i = 0; i < lx->t.nevtype; i++) {
		l = json_object_get(labels, lx->t.evtype[i].id);
		if (!json_is_array(l) || json_array_size(l) != 2 ||
		    !json_is_string(json_array_get(l, 0)) ||
		    !json_is_string(json_array_get(l, 1)))
			return lx_error(lx, cause, "labels.%s: needs [English, "
			    "Arabic]", lx->t.evtype[i].id);
		lx->t.evtype[i].label = xstrdup(json_string_value(
		    json_array_get(l, 0)));
		lx->t.evtype[i].label_ar = xstrdup(json_string_value(
		    json_array_get(l, 1)));
	}
	return 0;
}

int
lx_load_events(struct lexicon *lx, json_t *root, char **cause)
{
	static const char *const cues[] = { "", LX_CUES(LX_NAME) NULL };
	static const char *const strengths[] = { "normal", "weak", "strong",
	    NULL };
	json_t		*arr, *e, *vl;
	const char	*type, *strength;
	uint32_t	 ti;
	size_t		 i;
	int		 attack, verb, s, flags, who;

	if (lx_array(lx, root, "violent", 1, &vl, cause) == -1)
		return -1;
	for (i = 0; i < json_array_size(vl); i++) {
		const char *id = json_string_value(json_array_get(vl, i));

		if (!strmap_get(lx->evtype_ids, id, strlen(id), &ti)) {
			lx_error(lx, cause, "violent: unknown type \"%s\"", id);
			return -1;
		}
		lx->t.evtype[ti].violent = 1;
	}
	if (lx_load_absorbs(lx, json_object_get(root, "absorbs"), cause) == -1 ||
	    lx_array(lx, root, "triggers", 0, &arr, cause) == -1)
		return -1;
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "triggers", i, NULL);
		if (lx_keys(lx, e, "type ar strength attack verb participant",
		    cause) == -1 ||
		    lx_str(lx, e, "type", 1, &type, cause) == -1)
			return -1;
		lx_ctx(lx, "triggers", i, type);
		if (!strmap_get(lx->evtype_ids, type, strlen(type), &ti)) {
			lx_error(lx, cause, "unknown event type");
			return -1;
		}
		if (lx_str(lx, e, "strength", 0, &strength, cause) == -1 ||
		    lx_bool(lx, e, "attack", &attack, cause) == -1 ||
		    lx_bool(lx, e, "verb", &verb, cause) == -1 ||
		    lx_bool(lx, e, "participant", &who, cause) == -1)
			return -1;
		s = strength ? lx_enum(strength, strengths) : 0;
		if (s < 0) {
			lx_error(lx, cause, "strength must be normal, weak or "
			    "strong");
			return -1;
		}
		flags = (s == 1 ? TRF_WEAK : 0) | (s == 2 ? TRF_STRONG : 0) |
		    (attack ? TRF_ATTACK : 0) | (verb ? TRF_VERB : 0) |
		    (who ? TRF_PARTICIPANT : 0);
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_TRIGGER, 0, flags, ti),
		    0, cause) == -1)
			return -1;
	}
	if (lx_load_enum_list(lx, root, "cues", "cue", cues, LX_CUE, NULL,
	    cause) == -1)
		return -1;
	if (lx_load_thresholds(lx, json_object_get(root, "thresholds"),
	    cause) == -1 || lx_load_labels(lx, json_object_get(root, "labels"),
	    cause) == -1)
		return -1;
	return 0;
}

/* One entry of "victims": its singular, accusative, dual and plural
 * forms. */
static int
lx_load_victim(struct lexicon *lx, json_t *e, size_t i, char **cause)
{
	static const char *const classes[] = { "person", "civilian",
	    "military", "armed", "official", NULL };
	json_t		*pl;
	const char	*name, *cls;
	char		 pat[NORM_MAX * 2], nf[NORM_MAX];
	size_t		 k, n;
	int		 dual, c;

	lx_ctx(lx, "victims", i, NULL);
	if (lx_keys(lx, e, "name class ar plural dual", cause) == -1 ||
	    lx_str(lx, e, "name", 1, &name, cause) == -1 ||
	    lx_str(lx, e, "class", 1, &cls, cause) == -1 ||
	    lx_bool(lx, e, "dual", &dual, cause) == -1)
		return -1;
	lx_ctx(lx, "victims", i, name);
	if ((c = lx_enum(cls, classes)) < 0) {
		lx_error(lx, cause, "unknown class \"%s\"", cls);
		return -1;
	}
	lx->t.victim[i].name = xstrdup(name);
	lx->t.victim[i].cls = (uint8_t)c;
	lx->t.nvictim++;
	/* singular: as written, and accusative -ا */
	if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_VICTIM, 0, 0,
	    (uint32_t)i), 0, cause) == -1)
		return -1;
	for (k = 0; k < json_array_size(json_object_get(e, "ar")); k++) {
		const char *s = json_string_value(json_array_get(
		    json_object_get(e, "ar"), k));

		n = norm_utf8(s, strlen(s), nf, sizeof nf);
		if (strchr(s, ' ') != NULL || n < 2)
			continue;
		snprintf(pat, sizeof pat, "%s" AR_ALEF, s);
		if (lx_add(lx, pat, lx_hit(LX_VICTIM, 0, 0, (uint32_t)i),
		    cause) == -1)
			return -1;
		if (!dual)
			continue;
		/* the dual, which the number parser reads as 2 */
		snprintf(pat, sizeof pat, "%s\xd9\x8a\xd9\x86", s);
		if (lx_add(lx, pat, lx_hit(LX_VICTIM, 0, VF_DUAL,
		    (uint32_t)i), cause) == -1)
			return -1;
		snprintf(pat, sizeof pat, "%s\xd8\xa7\xd9\x86", s);
		if (lx_add(lx, pat, lx_hit(LX_VICTIM, 0, VF_DUAL,
		    (uint32_t)i), cause) == -1)
			return -1;
	}
	if ((pl = json_object_get(e, "plural")) != NULL &&
	    lx_patterns(lx, e, "plural", 0, lx_hit(LX_VICTIM, 0,
	    VF_PLURAL, (uint32_t)i), 0, cause) == -1)
		return -1;
	/* and with a possessive: جنوده، عناصرها */
	for (k = 0; pl != NULL && k < json_array_size(pl); k++) {
		const char *ps = json_string_value(json_array_get(pl, k));
		const struct lx_wordlist *poss = &lx->t.possessive;
		size_t	 q;

		if (strchr(ps, ' ') != NULL || strchr(ps, '~') != NULL)
			continue;
		for (q = 0; q < poss->n; q++) {
			snprintf(pat, sizeof pat, "%s%s", ps, poss->w[q]);
			if (lx_add(lx, pat, lx_hit(LX_VICTIM, 0, VF_PLURAL,
			    (uint32_t)i), cause) == -1)
				return -1;
		}
	}
	return 0;
}

/* A list of single words (or endings) the rules compare with a token: its
 * normal forms. Optional: none when absent. */
static int
lx_load_words(struct lexicon *lx, json_t *root, const char *key,
    struct lx_wordlist *out, char **cause)
{
	json_t		*arr, *e;
	const char	*s;
	char		 nf[NORM_MAX];
	size_t		 i, n;

	lx->ctx[0] = '\0';
	if (json_object_get(root, key) == NULL)
		return 0;
	if (lx_array(lx, root, key, 1, &arr, cause) == -1)
		return -1;
	out->w = xcalloc(json_array_size(arr), sizeof *out->w);
	json_array_foreach(arr, i, e) {
		s = json_string_value(e);
		n = norm_utf8(s, strlen(s), nf, sizeof nf);
		if (n == 0 || n != strcspn(nf, " ^!~*="))
			return lx_error(lx, cause, "%s[%zu]: \"%s\" is not one "
			    "word", key, i, s);
		out->w[out->n++] = xstrdup(nf);
	}
	return 0;
}

int
lx_load_casualties(struct lexicon *lx, json_t *root, char **cause)
{
	static const char *const kinds[] = { LX_CASUALTY_KINDS(LX_NAME)
	    NULL };
	static const char *const forms[] = { "verb", "nominal", "counted",
	    "none", "unquantified", "after", "dual", NULL };
	static const int form_flags[] = { CF_VERB, CF_NOMINAL, CF_COUNTED,
	    CF_NEG, CF_UNQUANT, CF_AFTER, CF_COUNTED | CF_DUAL };
	json_t		*arr, *e;
	const char	*kind, *form;
	size_t		 i;
	int		 ki, fi;

	if (lx_array(lx, root, "kinds", 0, &arr, cause) == -1)
		return -1;
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "kinds", i, NULL);
		if (lx_keys(lx, e, "kind form ar", cause) == -1 ||
		    lx_str(lx, e, "kind", 1, &kind, cause) == -1 ||
		    lx_str(lx, e, "form", 1, &form, cause) == -1)
			return -1;
		if ((ki = lx_enum(kind, kinds)) < 0 ||
		    (fi = lx_enum(form, forms)) < 0) {
			lx_error(lx, cause, "unknown kind or form");
			return -1;
		}
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_CASUALTY, ki,
		    form_flags[fi], 0), 0, cause) == -1)
			return -1;
	}
	if (lx_load_words(lx, root, "possessive_endings", &lx->t.possessive,
	    cause) == -1 || lx_load_words(lx, root, "as_many", &lx->t.as_many,
	    cause) == -1 || lx_load_words(lx, root, "among", &lx->t.among,
	    cause) == -1)
		return -1;
	if (lx_array(lx, root, "victims", 0, &arr, cause) == -1)
		return -1;
	lx->t.victim = xcalloc(json_array_size(arr), sizeof *lx->t.victim);
	json_array_foreach(arr, i, e)
		if (lx_load_victim(lx, e, i, cause) == -1)
			return -1;
	return 0;
}

int
lx_load_titles(struct lexicon *lx, json_t *root, char **cause)
{
	static const char *const kinds[] = { "", "pre", "role", "both", NULL };

	if (lx_load_enum_list(lx, root, "titles", "kind", kinds, LX_TITLE, NULL,
	    cause) == -1)
		return -1;
	lx->ctx[0] = '\0';
	if (lx_patterns(lx, root, "given", 1, lx_hit(LX_GIVEN, 0, 0, 0), 0,
	    cause) == -1 ||
	    lx_patterns(lx, root, "particles", 1, lx_hit(LX_GIVEN, 1, 0, 0), 0,
	    cause) == -1 ||
	    lx_patterns(lx, root, "stop", 1, lx_hit(LX_STOP, 0, 0, 0), 0,
	    cause) == -1)
		return -1;
	return 0;
}

int
lx_load_context(struct lexicon *lx, json_t *root, char **cause)
{
	static const char *const pn[] = { "settlement", "area", "facility",
	    NULL };
	static const char *const gh[] = { "other", "border", "direction",
	    "near", "locative", NULL };
	static const char *const sp[] = { "say", "claim", "deny", "report",
	    NULL };
	json_t		*arr, *e;
	const char	*name;
	size_t		 i;

	if (lx_load_enum_list(lx, root, "place_nouns", "kind", pn, LX_PLACENOUN,
	    NULL, cause) == -1 ||
	    lx_load_enum_list(lx, root, "geo_heads", "kind", gh, LX_GEOHEAD,
	    NULL, cause) == -1 ||
	    lx_load_enum_list(lx, root, "speech", "kind", sp, LX_SPEECH, NULL,
	    cause) == -1)
		return -1;
	lx->ctx[0] = '\0';
	if (lx_patterns(lx, root, "attribution", 1, lx_hit(LX_ATTRIB, 0, 0, 0),
	    0, cause) == -1 ||
	    lx_patterns(lx, root, "boilerplate", 1, lx_hit(LX_BOILER, 0, 0, 0),
	    0, cause) == -1 ||
	    lx_array(lx, root, "sources", 0, &arr, cause) == -1)
		return -1;
	lx->t.source = xcalloc(json_array_size(arr), sizeof *lx->t.source);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "sources", i, NULL);
		if (lx_keys(lx, e, "name ar", cause) == -1 ||
		    lx_str(lx, e, "name", 1, &name, cause) == -1)
			return -1;
		lx->t.source[i].name = xstrdup(name);
		lx->t.source[i].name_ar = lx_first(e, "ar");
		lx->t.nsource++;
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_SOURCE, 0, 0,
		    (uint32_t)i), 0, cause) == -1)
			return -1;
	}
	return 0;
}
