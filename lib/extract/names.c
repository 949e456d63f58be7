/*
 * The names users give filters: places (a slug path, a country or ISO
 * 3166-2 code, a name in Arabic or English), event types (an id, its
 * label, ACLED's type or sub-type) and the lists of what is accepted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "raqib/extract.h"
#include "lexicon.h"
#include "names.h"
#include "raqib/norm.h"
#include "raqib/xmalloc.h"

#define NAMES_MAX_CAND	16

/* What a region query can name: a country, a first-level region, a town. */
struct names_cand {
	int	 cat;		/* LX_COUNTRY, LX_ADMIN1, LX_PLACE */
	int	 id;
};

static int
names_fold_eq(const char *a, const char *b)
{
	char	fa[256], fb[256];

	if (a == NULL || b == NULL)
		return 0;
	norm_fold_ascii(a, fa, sizeof fa);
	norm_fold_ascii(b, fb, sizeof fb);
	return fa[0] != '\0' && strcmp(fa, fb) == 0;
}

static void
names_cc(const struct lx_tables *tb, int c, char out[3])
{
	out[0] = (char)(tb->country[c].cc[0] | 0x20);
	out[1] = (char)(tb->country[c].cc[1] | 0x20);
	out[2] = '\0';
}

/* The topic prefix of a candidate, and what it is for people. */
static void
names_describe(const struct lx_tables *tb, const struct names_cand *k,
    char *pfx, size_t pfxlen, char *label, size_t labellen)
{
	const struct lx_place *p;
	const struct lx_admin1 *a;
	char	 cc[3];

	switch (k->cat) {
	case LX_COUNTRY:
		names_cc(tb, k->id, cc);
		snprintf(pfx, pfxlen, "ev.%s.", cc);
		snprintf(label, labellen, "%s", tb->country[k->id].name);
		break;
	case LX_ADMIN1:
		a = &tb->admin1[k->id];
		names_cc(tb, a->country, cc);
		snprintf(pfx, pfxlen, "ev.%s.%s.", cc, a->slug);
		snprintf(label, labellen, "%s, %s (%s)", a->name,
		    tb->country[a->country].name, a->code);
		break;
	default:
		p = &tb->place[k->id];
		names_cc(tb, p->country, cc);
		if (p->admin1 >= 0) {
			snprintf(pfx, pfxlen, "ev.%s.%s.", cc,
			    tb->admin1[p->admin1].slug);
			snprintf(label, labellen, "the town %s, %s, %s", p->name,
			    tb->admin1[p->admin1].name, tb->country[p->country].name);
		} else {
			snprintf(pfx, pfxlen, "ev.%s.", cc);
			snprintf(label, labellen, "the town %s, %s", p->name,
			    tb->country[p->country].name);
		}
		break;
	}
}

static void
names_add(const struct lx_tables *tb, struct names_cand *c, size_t *n,
    int cat, int id)
{
	const struct lx_place *p, *o;
	size_t	i;

	for (i = 0; i < *n; i++) {
		if (c[i].cat == cat && c[i].id == id)
			return;
		if (cat != LX_PLACE || c[i].cat != LX_PLACE)
			continue;
		/* two entries for one town (spellings): the same place */
		p = &tb->place[id];
		o = &tb->place[c[i].id];
		if (p->country == o->country && p->admin1 == o->admin1 &&
		    names_fold_eq(p->name, o->name))
			return;
	}
	if (*n < NAMES_MAX_CAND) {
		c[*n].cat = cat;
		c[(*n)++].id = id;
	}
}

/* Codes: "ml", "ml/kidal", "ML-8", "xx" (country unknown), "ml/_". */
static int
names_code(struct extract *ex, const char *q, char *pfx, size_t pfxlen,
    char *label, size_t labellen, char **cause)
{
	const struct lx_tables *tb = extract_tables(ex);
	char	 lower[64];
	size_t	 i, n = strlen(q);
	int	 c;

	if (n == 0 || n >= sizeof lower)
		return 0;
	for (i = 0; i <= n; i++)
		lower[i] = (char)(q[i] >= 'A' && q[i] <= 'Z' ? q[i] + 32 : q[i]);
	if (strcmp(lower, "xx") == 0 || strcmp(lower, "xx/_") == 0) {
		snprintf(pfx, pfxlen, "ev.xx.");
		snprintf(label, labellen, "events whose country is unknown");
		return 1;
	}
	for (i = 0; i < tb->nadmin1; i++)
		if (strcasecmp(q, tb->admin1[i].code) == 0) {
			struct names_cand k = { LX_ADMIN1, (int)i };

			names_describe(tb, &k, pfx, pfxlen, label, labellen);
			return 1;
		}
	if ((n != 2 && (n < 4 || lower[2] != '/')) ||
	    (c = lexicon_country_find(extract_lexicon(ex),
	    (char[]){ lower[0], lower[1], 0 })) < 0)
		return 0;
	if (n == 2) {
		struct names_cand k = { LX_COUNTRY, c };

		names_describe(tb, &k, pfx, pfxlen, label, labellen);
		return 1;
	}
	if (strcmp(lower + 3, "_") == 0) {
		snprintf(pfx, pfxlen, "ev.%.2s._.", lower);
		snprintf(label, labellen, "%s, region unknown",
		    tb->country[c].name);
		return 1;
	}
	for (i = 0; i < tb->nadmin1; i++)
		if (tb->admin1[i].country == c &&
		    strcmp(tb->admin1[i].slug, lower + 3) == 0) {
			struct names_cand k = { LX_ADMIN1, (int)i };

			names_describe(tb, &k, pfx, pfxlen, label, labellen);
			return 1;
		}
	xasprintf(cause, "unknown region \"%s\": %s has no first-level region "
	    "\"%s\" (see raqib list regions)", q, tb->country[c].name, lower + 3);
	return -1;
}

/* Candidates by English (or any Latin) name, then through the lexicon. */
static size_t
names_candidates(struct extract *ex, const char *q, struct names_cand *c)
{
	const struct lx_tables *tb = extract_tables(ex);
	struct lx_hit	 hits[NAMES_MAX_CAND];
	size_t		 i, n = 0, nh;

	for (i = 0; i < tb->ncountry; i++)
		if (names_fold_eq(q, tb->country[i].name))
			names_add(tb, c, &n, LX_COUNTRY, (int)i);
	for (i = 0; i < tb->nadmin1; i++)
		if (names_fold_eq(q, tb->admin1[i].name))
			names_add(tb, c, &n, LX_ADMIN1, (int)i);
	for (i = 0; i < tb->nplace; i++)
		if (names_fold_eq(q, tb->place[i].name))
			names_add(tb, c, &n, LX_PLACE, (int)i);
	if (n > 0)
		return n;
	nh = extract_query_hits(ex, q, hits, NAMES_MAX_CAND);
	for (i = 0; i < nh; i++)
		if (hits[i].cat == LX_COUNTRY || hits[i].cat == LX_ADMIN1 ||
		    hits[i].cat == LX_PLACE)
			names_add(tb, c, &n, hits[i].cat, (int)hits[i].id);
	return n;
}

/*
 * Picks one candidate: a country wins (a name that means a country means
 * the country), then a first-level region (its town of the same name lies
 * in it); towns in different regions are ambiguous.
 */
static int
names_pick(const struct lx_tables *tb, const struct names_cand *c, size_t n)
{
	size_t	i;
	int	pick = -1, cat;

	for (cat = LX_COUNTRY; pick == -1 && cat <= LX_PLACE; cat++) {
		if (cat == LX_NISBA)
			continue;
		for (i = 0; i < n; i++) {
			if (c[i].cat != cat)
				continue;
			if (pick != -1)
				return -2;
			pick = (int)i;
		}
	}
	(void)tb;
	return pick;
}

int
names_region(struct extract *ex, const char *q, char ***prefixes,
    char **town, char **label, char **cause)
{
	const struct lx_tables *tb = extract_tables(ex);
	struct names_cand c[NAMES_MAX_CAND];
	char	 pfx[160], lab[256], *list = NULL, *tmp;
	size_t	 n, i;
	int	 k, rc;

	*prefixes = NULL;
	*town = NULL;
	if (label != NULL)
		*label = NULL;
	if ((rc = names_code(ex, q, pfx, sizeof pfx, lab, sizeof lab,
	    cause)) == -1)
		return -1;
	if (rc == 0) {
		n = names_candidates(ex, q, c);
		if ((k = names_pick(tb, c, n)) == -1) {
			xasprintf(cause, "unknown region \"%s\": not a country "
			    "or ISO 3166-2 code, a slug path like ml/kidal, or "
			    "a place the lexicon knows (see raqib list "
			    "regions)", q);
			return -1;
		}
		if (k == -2) {
			for (i = 0; i < n; i++) {
				names_describe(tb, &c[i], pfx, sizeof pfx, lab,
				    sizeof lab);
				xasprintf(&tmp, "%s%s%.*s (%s)", list ? list : "",
				    list ? "; " : "", (int)(strlen(pfx) - 4),
				    pfx + 3, lab);
				free(list);
				list = tmp;
			}
			for (tmp = list; (tmp = strchr(tmp, '.')) != NULL;)
				*tmp = '/';
			xasprintf(cause, "ambiguous region \"%s\": it names %s; "
			    "give one by its slug path", q, list);
			free(list);
			return -1;
		}
		names_describe(tb, &c[k], pfx, sizeof pfx, lab, sizeof lab);
		if (c[k].cat == LX_PLACE)
			*town = xstrdup(tb->place[c[k].id].name);
	}
	*prefixes = xcalloc(2, sizeof **prefixes);
	(*prefixes)[0] = xstrdup(pfx);
	if (label != NULL)
		*label = xstrdup(lab);
	return 0;
}

static void
names_hit(struct lx_hit *h, size_t *n, size_t max, int cat, size_t id)
{
	size_t	i;

	for (i = 0; i < *n; i++)
		if (h[i].cat == cat && h[i].id == id)
			return;
	if (*n < max) {
		memset(&h[*n], 0, sizeof h[*n]);
		h[*n].cat = (uint8_t)cat;
		h[(*n)++].id = (uint32_t)id;
	}
}

/*
 * The actors and places a keyword names, in either script: by their
 * English names, ids and Latin variants, and through the lexicon (Arabic
 * forms and spelling variants), so that wagner, فاغنر and فاجنر are one.
 */
static size_t
names_entities(struct extract *ex, const char *q, struct lx_hit *h, size_t max)
{
	const struct lx_tables *tb = extract_tables(ex);
	struct lx_hit	 hits[NAMES_MAX_CAND];
	size_t		 i, k, n = 0, nh;

	for (i = 0; i < tb->nactor; i++) {
		if (names_fold_eq(q, tb->actor[i].id) ||
		    names_fold_eq(q, tb->actor[i].name))
			names_hit(h, &n, max, LX_ACTOR, i);
		for (k = 0; k < tb->actor[i].nlatin; k++)
			if (names_fold_eq(q, tb->actor[i].latin[k]))
				names_hit(h, &n, max, LX_ACTOR, i);
	}
	for (i = 0; i < tb->ncountry; i++)
		if (names_fold_eq(q, tb->country[i].name))
			names_hit(h, &n, max, LX_COUNTRY, i);
	for (i = 0; i < tb->nadmin1; i++)
		if (names_fold_eq(q, tb->admin1[i].name))
			names_hit(h, &n, max, LX_ADMIN1, i);
	for (i = 0; i < tb->nplace; i++)
		if (names_fold_eq(q, tb->place[i].name))
			names_hit(h, &n, max, LX_PLACE, i);
	nh = extract_query_hits(ex, q, hits, NAMES_MAX_CAND);
	for (i = 0; i < nh; i++)
		if (hits[i].cat == LX_ACTOR || hits[i].cat == LX_COUNTRY ||
		    hits[i].cat == LX_ADMIN1 || hits[i].cat == LX_PLACE)
			names_hit(h, &n, max, hits[i].cat, hits[i].id);
	return n;
}

static int
names_type_is(const struct lx_evtype *t, const char *q)
{
	return names_fold_eq(q, t->id) || names_fold_eq(q, t->label) ||
	    (t->label_ar != NULL && strcmp(q, t->label_ar) == 0);
}

/* An event type: its id (any case, - or _), its label in English or
 * Arabic; or ACLED's event type or sub-type, which mean several. */
int
names_type(struct extract *ex, const char *q, char ***ids, char **label,
    char **cause)
{
	const struct lx_tables *tb = extract_tables(ex);
	size_t	 i, n = 0;

	*ids = xcalloc(tb->nevtype + 1, sizeof **ids);
	if (label != NULL)
		*label = NULL;
	for (i = 0; i < tb->nevtype && n == 0; i++)
		if (names_type_is(&tb->evtype[i], q)) {
			(*ids)[n++] = xstrdup(tb->evtype[i].id);
			if (label != NULL)
				*label = xstrdup(tb->evtype[i].label);
		}
	for (i = 0; i < tb->nevtype && n == 0; i++)
		if (names_fold_eq(q, tb->evtype[i].acled_sub) ||
		    names_fold_eq(q, tb->evtype[i].acled_type)) {
			size_t j;

			for (j = i; j < tb->nevtype; j++)
				if (names_fold_eq(q, tb->evtype[j].acled_sub) ||
				    names_fold_eq(q, tb->evtype[j].acled_type))
					(*ids)[n++] = xstrdup(tb->evtype[j].id);
			if (label != NULL)
				xasprintf(label, "ACLED's %s", names_fold_eq(q,
				    tb->evtype[i].acled_type) ?
				    tb->evtype[i].acled_type :
				    tb->evtype[i].acled_sub);
		}
	if (n > 0)
		return 0;
	free(*ids);
	*ids = NULL;
	xasprintf(cause, "unknown event type \"%s\": give an id (ambush, "
	    "armed_clash), its label, or ACLED's type (Battles); see raqib list "
	    "types", q);
	return -1;
}

static void
names_list_types(const struct lx_tables *tb, FILE *f)
{
	size_t	i;

	fprintf(f, "%-22s %-28s %s\n", "TYPE", "LABEL", "ACLED TYPE / SUB-TYPE");
	for (i = 0; i < tb->nevtype; i++)
		fprintf(f, "%-22s %-28s %s / %s\n", tb->evtype[i].id,
		    tb->evtype[i].label ? tb->evtype[i].label : "",
		    tb->evtype[i].acled_type ? tb->evtype[i].acled_type : "",
		    tb->evtype[i].acled_sub ? tb->evtype[i].acled_sub : "");
}

static void
names_list_regions(const struct lx_tables *tb, FILE *f)
{
	size_t	 i, j;
	char	 cc[3];

	fprintf(f, "%-26s %-7s %s\n", "REGION", "CODE", "NAME");
	for (i = 0; i < tb->ncountry; i++) {
		names_cc(tb, (int)i, cc);
		for (j = 0; j < tb->nadmin1; j++)
			if (tb->admin1[j].country == (int)i)
				break;
		if (j == tb->nadmin1)
			continue;	/* countries without regions: below */
		fprintf(f, "%-26s %-7s %s%s%s\n", cc, tb->country[i].cc,
		    tb->country[i].name, tb->country[i].name_ar ? "  " : "",
		    tb->country[i].name_ar ? tb->country[i].name_ar : "");
		for (; j < tb->nadmin1; j++)
			if (tb->admin1[j].country == (int)i)
				fprintf(f, "  %s/%-*s %-7s %s%s%s\n", cc,
				    21, tb->admin1[j].slug, tb->admin1[j].code,
				    tb->admin1[j].name, tb->admin1[j].name_ar ?
				    "  " : "", tb->admin1[j].name_ar ?
				    tb->admin1[j].name_ar : "");
		fprintf(f, "  %s/%-21s %-7s %s, region unknown\n", cc, "_", "",
		    tb->country[i].name);
	}
	fprintf(f, "%-26s %-7s %s\n", "xx", "", "country unknown");
	fprintf(f, "\nevery other country by its code or name:\n");
	for (i = 0; i < tb->ncountry; i++) {
		names_cc(tb, (int)i, cc);
		fprintf(f, "%-26s %-7s %s\n", cc, tb->country[i].cc,
		    tb->country[i].name ? tb->country[i].name : "");
	}
}

static void
names_list_actors(const struct lx_tables *tb, FILE *f)
{
	size_t	i, k;

	fprintf(f, "%-24s %-10s %s\n", "ACTOR", "KIND", "NAMES");
	for (i = 0; i < tb->nactor; i++) {
		fprintf(f, "%-24s %-10s %s", tb->actor[i].id, tb->actor[i].kind ?
		    tb->actor[i].kind : "", tb->actor[i].name ?
		    tb->actor[i].name : "");
		for (k = 0; k < tb->actor[i].nlatin; k++)
			fprintf(f, ", %s", tb->actor[i].latin[k]);
		if (tb->actor[i].name_ar != NULL)
			fprintf(f, "; %s", tb->actor[i].name_ar);
		fputc('\n', f);
	}
}

/* `raqib list WHAT`: types, regions or actors; -1 for anything else. */
int
names_list(struct extract *ex, const char *what, FILE *f)
{
	const struct lx_tables *tb = extract_tables(ex);

	if (strcmp(what, "types") == 0)
		names_list_types(tb, f);
	else if (strcmp(what, "regions") == 0)
		names_list_regions(tb, f);
	else if (strcmp(what, "actors") == 0)
		names_list_actors(tb, f);
	else
		return -1;
	return 0;
}

#define NAMES_KEYWORD_MAX	16

struct names_keyword {
	struct lx_hit	 ents[NAMES_KEYWORD_MAX];
	size_t		 n;
};

struct names_keyword *
names_keyword_new(struct extract *ex, const char *k)
{
	struct names_keyword *kw = xcalloc(1, sizeof *kw);

	kw->n = names_entities(ex, k, kw->ents, NAMES_KEYWORD_MAX);
	return kw;
}

void
names_keyword_free(struct names_keyword *kw)
{
	free(kw);
}

static const char *
names_entity_name(const struct lx_tables *tb, const struct lx_hit *h)
{
	return h->cat == LX_ACTOR ? tb->actor[h->id].id :
	    h->cat == LX_COUNTRY ? tb->country[h->id].name :
	    h->cat == LX_ADMIN1 ? tb->admin1[h->id].name :
	    tb->place[h->id].name;
}

char *
names_keyword_describe(struct extract *ex, const struct names_keyword *kw)
{
	const struct lx_tables *tb = extract_tables(ex);
	char	*to = NULL, *tmp;
	size_t	 i;

	for (i = 0; i < kw->n; i++) {
		xasprintf(&tmp, "%s%s%s", to ? to : "", to ? ", " : "",
		    names_entity_name(tb, &kw->ents[i]));
		free(to);
		to = tmp;
	}
	return to;
}

static int
names_str_eq(json_t *o, const char *key, const char *want)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v != NULL && want != NULL && strcasecmp(v, want) == 0;
}

/* Whether the event has one of the keyword's actors or places. */
static int
names_keyword_entity(const struct lx_tables *tb,
    const struct names_keyword *kw, json_t *ev)
{
	json_t		*a, *p = json_object_get(ev, "place");
	size_t		 i, k;

	for (k = 0; k < kw->n; k++) {
		const struct lx_hit *h = &kw->ents[k];

		switch (h->cat) {
		case LX_ACTOR:
			json_array_foreach(json_object_get(ev, "actors"), i, a)
				if (names_str_eq(a, "id", tb->actor[h->id].id))
					return 1;
			break;
		case LX_COUNTRY:
			if (names_str_eq(p, "country", tb->country[h->id].cc))
				return 1;
			break;
		case LX_ADMIN1:
			if (names_str_eq(p, "admin1_code", tb->admin1[h->id].code))
				return 1;
			break;
		case LX_PLACE:
			if (names_str_eq(p, "name", tb->place[h->id].name))
				return 1;
			break;
		}
	}
	return 0;
}

/* The event's actors and place, or its sentence as the engine reads it. */
int
names_keyword_event(struct extract *ex, const struct names_keyword *kw,
    json_t *ev)
{
	const char *sentence;

	if (names_keyword_entity(extract_tables(ex), kw, ev))
		return 1;
	sentence = json_string_value(json_object_get(ev, "sentence"));
	return extract_text_mentions(ex, sentence, kw->ents, kw->n);
}
