/*
 * Loaders of the places: countries (ICU's names with countries.json's
 * overrides), admin1.json, places.json and gazetteer.json, regions.json.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "raqib/norm.h"
#include "raqib/strmap.h"
#include "raqib/xmalloc.h"
#include "lexicon.h"
#include "lx.h"
#include "topic.h"

static char *
lx_icu_name(const char *cc, const char *lang)
{
	UChar		 u[128];
	char		 buf[512], loc[8];
	UErrorCode	 err = U_ZERO_ERROR;
	int32_t		 n, o;

	snprintf(loc, sizeof loc, "_%s", cc);
	n = uloc_getDisplayCountry(loc, lang, u, 128, &err);
	if (U_FAILURE(err) || n <= 0)
		return NULL;
	err = U_ZERO_ERROR;
	u_strToUTF8(buf, sizeof buf, &o, u, n, &err);
	if (U_FAILURE(err))
		return NULL;
	return xstrdup(buf);
}

static void
lx_strlist_add(char ***list, const char *s)
{
	size_t	n = 0;

	if (*list != NULL)
		while ((*list)[n] != NULL)
			n++;
	*list = xreallocarray(*list, n + 2, sizeof **list);
	(*list)[n] = xstrdup(s);
	(*list)[n + 1] = NULL;
}

/* The nisba of a one-word country name: روسيا → روسي, الجزائر → جزائري. */
static int
lx_nisba_rule(const char *name, char *out, size_t outsz)
{
	char	nf[NORM_MAX];
	size_t	n;

	if (strchr(name, ' ') != NULL || strchr(name, '(') != NULL)
		return -1;
	n = norm_utf8(name, strlen(name), nf, sizeof nf);
	if (strncmp(nf, AR_AL, 4) == 0 && norm_letters(nf, n) >= 5) {
		memmove(nf, nf + 4, n - 3);
		n -= 4;
	}
	if (n < 4 || (unsigned char)nf[0] < 0x80)
		return -1;
	if (lx_ends(nf, AR_YA AR_ALEF) && n > 6)
		nf[n - 4] = '\0';
	else if (lx_ends(nf, AR_ALEF) || lx_ends(nf, AR_HA))
		nf[n - 2] = '\0';
	else if (lx_ends(nf, AR_YA)) {
		snprintf(out, outsz, "%s", nf);
		return 0;
	}
	snprintf(out, outsz, "%s" AR_YA, nf);
	return 0;
}

/*
 * Countries: every ISO 3166 code ICU knows, named in Arabic and English by
 * ICU's locale data; countries.json adds aliases, nisba overrides,
 * coordinates and the ambiguity flag.
 */
/* Every country ICU knows, with its Arabic and English names. */
static void
lx_countries_icu(struct lexicon *lx)
{
	const char * const *codes = uloc_getISOCountries();
	struct lx_country *c;
	char		*ar;
	size_t		 n = 0, i;

	while (codes[n] != NULL)
		n++;
	lx->t.country = xcalloc(n, sizeof *lx->t.country);
	lx->nisba = xcalloc(n, sizeof *lx->nisba);
	lx->cname = xcalloc(n, sizeof *lx->cname);
	for (i = 0; i < n; i++) {
		c = &lx->t.country[lx->t.ncountry];
		if ((ar = lx_icu_name(codes[i], "ar")) == NULL)
			continue;
		snprintf(c->cc, sizeof c->cc, "%s", codes[i]);
		c->name_ar = ar;
		if ((c->name = lx_icu_name(codes[i], "en")) == NULL)
			c->name = xstrdup(codes[i]);
		c->lat = c->lon = NAN;
		c->army = c->gov = c->nisba_also = -1;
		*strmap_put(lx->country_ids, c->cc, 2, 0, NULL) =
		    (uint32_t)lx->t.ncountry;
		lx->t.ncountry++;
	}
}

/* Adds the strings of e's array key (if any) to *list; "" for an empty
 * array when empty_too. */
static int
lx_country_list(struct lexicon *lx, json_t *e, const char *key,
    char ***list, int empty_too, char **cause)
{
	json_t	*v;
	size_t	 k;

	if (json_object_get(e, key) == NULL)
		return 0;
	if (lx_array(lx, e, key, 1, &v, cause) == -1)
		return -1;
	for (k = 0; k < json_array_size(v); k++)
		lx_strlist_add(list, json_string_value(json_array_get(v, k)));
	if (empty_too && json_array_size(v) == 0)
		lx_strlist_add(list, "");
	return 0;
}

/* One entry of countries.json, over ICU's country. */
static int
lx_country_override(struct lexicon *lx, json_t *e, size_t i, char **cause)
{
	struct lx_country *c;
	const char	*cc, *name, *also;
	double		 lat, lon;
	int		 amb, ci;

	lx_ctx(lx, "countries", i, NULL);
	if (lx_keys(lx, e, "cc name aliases nisba nisba_also ambiguous lat lon",
	    cause) == -1 || lx_str(lx, e, "cc", 1, &cc, cause) == -1)
		return -1;
	lx_ctx(lx, "countries", i, cc);
	if ((ci = lexicon_country_find(lx, cc)) == -1)
		return lx_error(lx, cause, "not an ISO 3166 code ICU knows");
	c = &lx->t.country[ci];
	if (lx_str(lx, e, "name", 0, &name, cause) == -1 ||
	    lx_str(lx, e, "nisba_also", 0, &also, cause) == -1 ||
	    lx_bool(lx, e, "ambiguous", &amb, cause) == -1 ||
	    lx_num(lx, e, "lat", 0, -90, 90, &lat, cause) == -1 ||
	    lx_num(lx, e, "lon", 0, -180, 180, &lon, cause) == -1)
		return -1;
	if (name != NULL) {
		free(c->name);
		c->name = xstrdup(name);
	}
	c->ambiguous = (uint8_t)amb;
	if (also != NULL && (c->nisba_also = lexicon_country_find(lx,
	    also)) == -1)
		return lx_error(lx, cause, "nisba_also: not an ISO 3166 code "
		    "ICU knows");
	c->lat = lat;
	c->lon = lon;
	if (lx_country_list(lx, e, "aliases", &lx->cname[ci], 0, cause) == -1 ||
	    lx_country_list(lx, e, "nisba", &lx->nisba[ci], 1, cause) == -1)
		return -1;
	return 0;
}

/* Country i's names and adjectives as patterns. */
static int
lx_country_patterns(struct lexicon *lx, size_t i, char **cause)
{
	struct lx_country *c = &lx->t.country[i];
	char		*ar, *p, nis[NORM_MAX], pat[NORM_MAX + 4];
	size_t		 k;

	/* ICU writes some names with a qualifier: ميانمار (بورما) */
	ar = xstrdup(c->name_ar);
	if ((p = strstr(ar, " (")) != NULL || (p = strstr(ar, " - ")) != NULL)
		*p = '\0';
	lx_strlist_add(&lx->cname[i], ar);
	free(ar);
	if (lx->nisba[i] == NULL &&
	    lx_nisba_rule(c->name_ar, nis, sizeof nis) == 0)
		lx_strlist_add(&lx->nisba[i], nis);
	for (k = 0; lx->cname[i][k] != NULL; k++) {
		/* مالي, not المالي (the adjective); الجزائر always with its
		 * article */
		snprintf(pat, sizeof pat, "%s%s",
		    strncmp(lx->cname[i][k], AR_AL, 4) == 0 ? "^" : "!",
		    lx->cname[i][k]);
		if (lx_add(lx, pat, lx_hit(LX_COUNTRY, 0, 0, (uint32_t)i),
		    cause) == -1)
			return -1;
	}
	for (k = 0; lx->nisba[i] != NULL && lx->nisba[i][k] != NULL; k++) {
		if (*lx->nisba[i][k] == '\0')
			continue;
		snprintf(pat, sizeof pat, "%s~a", lx->nisba[i][k]);
		if (lx_add(lx, pat, lx_hit(LX_NISBA, 0, 0, (uint32_t)i),
		    cause) == -1)
			return -1;
	}
	return 0;
}

int
lx_load_countries(struct lexicon *lx, json_t *root, char **cause)
{
	json_t	*arr, *e;
	size_t	 i;

	lx_countries_icu(lx);
	if (lx_array(lx, root, "countries", 0, &arr, cause) == -1)
		return -1;
	/* Overrides first, so their nisba lists replace the rule. */
	json_array_foreach(arr, i, e)
		if (lx_country_override(lx, e, i, cause) == -1)
			return -1;
	lx->ctx[0] = '\0';
	for (i = 0; i < lx->t.ncountry; i++)
		if (lx_country_patterns(lx, i, cause) == -1)
			return -1;
	return 0;
}

int
lx_load_admin1(struct lexicon *lx, json_t *root, char **cause)
{
	json_t		*arr, *e;
	const char	*code, *name;
	struct lx_admin1 *a;
	char		 cc[3], slug[128];
	double		 lat, lon;
	size_t		 i;
	int		 ci, amb;

	if (lx_array(lx, root, "admin1", 0, &arr, cause) == -1)
		return -1;
	lx->t.admin1 = xcalloc(json_array_size(arr), sizeof *lx->t.admin1);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "admin1", i, json_string_value(json_object_get(e,
		    "code")));
		if (lx_keys(lx, e, "code name ar lat lon ambiguous", cause) == -1 ||
		    lx_str(lx, e, "code", 1, &code, cause) == -1 ||
		    lx_str(lx, e, "name", 1, &name, cause) == -1)
			return -1;
		snprintf(cc, sizeof cc, "%.2s", code);
		if (strlen(code) < 4 || code[2] != '-' ||
		    (ci = lexicon_country_find(lx, cc)) == -1) {
			lx_error(lx, cause, "code must be an ISO 3166-2 code");
			return -1;
		}
		if (lx_num(lx, e, "lat", 1, -90, 90, &lat, cause) == -1 ||
		    lx_num(lx, e, "lon", 1, -180, 180, &lon, cause) == -1 ||
		    lx_bool(lx, e, "ambiguous", &amb, cause) == -1)
			return -1;
		a = &lx->t.admin1[lx->t.nadmin1];
		a->ambiguous = (uint8_t)amb;
		a->code = xstrdup(code);
		a->name = xstrdup(name);
		topic_slug(name, slug, sizeof slug);
		a->slug = xstrdup(slug);
		a->country = ci;
		a->lat = lat;
		a->lon = lon;
		a->name_ar = lx_first(e, "ar");
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_ADMIN1, 0, 0,
		    (uint32_t)lx->t.nadmin1), !amb, cause) == -1)
			return -1;
		*strmap_put(lx->admin1_ids, code, strlen(code), 0, NULL) =
		    (uint32_t)lx->t.nadmin1;
		lx->t.nadmin1++;
	}
	return 0;
}

/*
 * One place of places.json (hand-checked) or gazetteer.json (made by
 * tools/make-gazetteer.py from public sources; its places may lack
 * coordinates, and "ar_from" says whether their Arabic is a source's own).
 */
static int
lx_load_place(struct lexicon *lx, json_t *e, int gaz, char **cause)
{
	static const char *const kinds[] = { "", LX_PLACE_KINDS(LX_NAME)
	    NULL };
	const char	*name, *cc, *a1, *kind, *from;
	struct lx_place	*p;
	double		 lat, lon;
	uint32_t	 ai;
	int		 ci, k, amb;

	if (lx_keys(lx, e, gaz ? "name ar ar_from cc admin1 lat lon kind "
	    "ambiguous alt src" : "name ar cc admin1 lat lon kind ambiguous alt",
	    cause) == -1 || lx_str(lx, e, "name", 1, &name, cause) == -1)
		return -1;
	if (lx_str(lx, e, "cc", 1, &cc, cause) == -1 ||
	    lx_str(lx, e, "admin1", 0, &a1, cause) == -1 ||
	    lx_str(lx, e, "kind", 1, &kind, cause) == -1 ||
	    lx_num(lx, e, "lat", !gaz, -90, 90, &lat, cause) == -1 ||
	    lx_num(lx, e, "lon", !gaz, -180, 180, &lon, cause) == -1 ||
	    lx_bool(lx, e, "ambiguous", &amb, cause) == -1 ||
	    lx_str(lx, e, "ar_from", gaz, &from, cause) == -1)
		return -1;
	if (isnan(lat) != isnan(lon))
		return lx_error(lx, cause, "lat and lon go together");
	if (from != NULL && strcmp(from, "source") != 0 &&
	    strcmp(from, "rule") != 0)
		return lx_error(lx, cause, "ar_from must be source or rule");
	if ((ci = lexicon_country_find(lx, cc)) == -1)
		return lx_error(lx, cause, "unknown country \"%s\"", cc);
	if ((k = lx_enum(kind, kinds)) <= 0)
		return lx_error(lx, cause, "unknown kind \"%s\"", kind);
	p = &lx->t.place[lx->t.nplace];
	p->admin1 = -1;
	if (a1 != NULL) {
		if (!strmap_get(lx->admin1_ids, a1, strlen(a1), &ai) ||
		    strncmp(a1, cc, 2) != 0)
			return lx_error(lx, cause, "unknown admin1 \"%s\"", a1);
		p->admin1 = (int)ai;
	}
	p->name = xstrdup(name);
	p->name_ar = lx_first(e, "ar");
	p->country = ci;
	p->lat = lat;
	p->lon = lon;
	p->kind = (uint8_t)k;
	p->ambiguous = (uint8_t)amb;
	p->gazetteer = (uint8_t)gaz;
	p->rule = from != NULL && strcmp(from, "rule") == 0;
	lx->t.nplace++;		/* owns its strings from here on */
	/* no spelling variants of gazetteer names: a near miss of a name
	 * nobody checked is more often a person's or a word */
	if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_PLACE, 0, 0,
	    (uint32_t)lx->t.nplace - 1), !amb && !gaz, cause) == -1)
		return -1;
	if (json_object_get(e, "alt") != NULL &&
	    lx_patterns(lx, e, "alt", 0, lx_hit(LX_PLACE, 0, 0,
	    (uint32_t)lx->t.nplace - 1), 0, cause) == -1)
		return -1;
	return 0;
}

int
lx_load_places(struct lexicon *lx, json_t *root, char **cause)
{
	json_t	*gaz = NULL, *arr, *garr = NULL, *e;
	size_t	 i, n;
	int	 rc = -1;

	if (lx_array(lx, root, "places", 0, &arr, cause) == -1)
		goto out;
	n = json_array_size(arr);
	if ((gaz = lx_open(lx, "gazetteer.json", "raqib.gazetteer/1",
	    cause)) == NULL)
		goto out;
	lx->file = "gazetteer.json";
	if (lx_keys(lx, gaz, "schema sources not_names places", cause) == -1 ||
	    lx_array(lx, gaz, "places", 0, &garr, cause) == -1 ||
	    lx_patterns(lx, gaz, "not_names", 1, lx_hit(LX_STOP, 0, 0, 0), 0,
	    cause) == -1)
		goto out;
	lx->t.place = xcalloc(n + json_array_size(garr), sizeof *lx->t.place);
	lx->file = "places.json";
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "places", i, json_string_value(json_object_get(e,
		    "name")));
		if (lx_load_place(lx, e, 0, cause) == -1)
			goto out;
	}
	lx->file = "gazetteer.json";
	json_array_foreach(garr, i, e) {
		lx_ctx(lx, "places", i, json_string_value(json_object_get(e,
		    "name")));
		if (lx_load_place(lx, e, 1, cause) == -1)
			goto out;
	}
	rc = 0;
out:
	json_decref(gaz);
	return rc;
}

int
lx_load_regions(struct lexicon *lx, json_t *root, char **cause)
{
	json_t		*arr, *e, *cs;
	const char	*name;
	size_t		 i, k;

	if (lx_array(lx, root, "regions", 0, &arr, cause) == -1)
		return -1;
	lx->t.region = xcalloc(json_array_size(arr), sizeof *lx->t.region);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "regions", i, NULL);
		if (lx_keys(lx, e, "name ar countries", cause) == -1 ||
		    lx_str(lx, e, "name", 1, &name, cause) == -1)
			return -1;
		lx_ctx(lx, "regions", i, name);
		if ((cs = json_object_get(e, "countries")) != NULL) {
			if (lx_array(lx, e, "countries", 1, &cs, cause) == -1)
				return -1;
			for (k = 0; k < json_array_size(cs); k++)
				if (lexicon_country_find(lx, json_string_value(
				    json_array_get(cs, k))) == -1) {
					lx_error(lx, cause, "unknown country");
					return -1;
				}
		}
		lx->t.region[i].name = xstrdup(name);
		lx->t.region[i].name_ar = lx_first(e, "ar");
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_REGION, 0, 0,
		    (uint32_t)i), 0, cause) == -1)
			return -1;
		lx->t.nregion++;
	}
	return 0;
}
