/*
 * Loaders of who acts: actors.json (groups, armies and governments by
 * template) and people.json.
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

/* Expands an actor template for one country: {nisba} and {country}. */
static int
lx_template(struct lexicon *lx, const char *tpl, int ci, uint32_t actor,
    char **cause)
{
	char	 pat[NORM_MAX * 2];
	const char *hole;
	char	**fill;
	size_t	 k, pre;
	int	 nisba;

	if ((hole = strstr(tpl, "{nisba}")) != NULL)
		nisba = 1;
	else if ((hole = strstr(tpl, "{country}")) != NULL)
		nisba = 0;
	else
		return lx_error(lx, cause, "template \"%s\" has no {nisba} "
		    "or {country}", tpl);
	fill = nisba ? lx->nisba[ci] : lx->cname[ci];
	pre = (size_t)(hole - tpl);
	for (k = 0; fill != NULL && fill[k] != NULL; k++) {
		if (*fill[k] == '\0')
			continue;
		snprintf(pat, sizeof pat, "%.*s%s%s%s", (int)pre, tpl, fill[k],
		    nisba ? "~a" : "", hole + (nisba ? 7 : 9));
		if (lx_add(lx, pat, lx_hit(LX_ACTOR, ACT_TEMPLATE, 0, actor),
		    cause) == -1)
			return -1;
	}
	return 0;
}

/* One entry of "actors". */
static int
lx_load_actor(struct lexicon *lx, json_t *e, size_t i, char **cause)
{
	const char	*id, *name, *kind, *cc;
	struct lx_actor	*a;
	json_t		*v;
	size_t		 k;

	lx_ctx(lx, "actors", i, json_string_value(json_object_get(e, "id")));
	if (lx_keys(lx, e, "id name kind country ar ar_weak latin",
	    cause) == -1 ||
	    lx_str(lx, e, "id", 1, &id, cause) == -1)
		return -1;
	if (lx_str(lx, e, "name", 1, &name, cause) == -1 ||
	    lx_str(lx, e, "kind", 1, &kind, cause) == -1 ||
	    lx_str(lx, e, "country", 0, &cc, cause) == -1)
		return -1;
	a = &lx->t.actor[i];
	a->id = xstrdup(id);
	a->name = xstrdup(name);
	a->kind = xstrdup(kind);
	a->name_ar = lx_first(e, "ar");
	a->generic = strcmp(kind, "generic") == 0;
	a->country = -1;
	if (cc != NULL && (a->country = lexicon_country_find(lx, cc)) == -1) {
		lx_error(lx, cause, "unknown country \"%s\"", cc);
		return -1;
	}
	*strmap_put(lx->actor_ids, id, strlen(id), 0, NULL) = (uint32_t)i;
	lx->t.nactor++;
	if (lx_patterns(lx, e, "ar", 0, lx_hit(LX_ACTOR, ACT_NAME, 0,
	    (uint32_t)i), 0, cause) == -1 ||
	    lx_patterns(lx, e, "ar_weak", 0, lx_hit(LX_ACTOR, ACT_NAME,
	    AF_WEAK, (uint32_t)i), 0, cause) == -1)
		return -1;
	if ((v = json_object_get(e, "latin")) != NULL) {
		if (lx_patterns(lx, e, "latin", 0, lx_hit(LX_ACTOR,
		    ACT_NAME, 0, (uint32_t)i), 0, cause) == -1)
			return -1;
		a->nlatin = json_array_size(v);
		a->latin = xcalloc(a->nlatin + 1, sizeof *a->latin);
		for (k = 0; k < a->nlatin; k++)
			a->latin[k] = xstrdup(json_string_value(
			    json_array_get(v, k)));
	}
	return 0;
}

/* "armies" and "governments": each country's, named by templates too. */
static int
lx_load_states(struct lexicon *lx, json_t *root, char **cause)
{
	json_t		*m, *v, *tp;
	const char	*key;
	uint32_t	 ai;
	size_t		 k;
	int		 ci, which;

	for (which = 0; which < 2; which++) {
		const char *section = which ? "governments" : "armies";

		lx->ctx[0] = '\0';
		m = json_object_get(root, section);
		if (m == NULL)
			continue;
		if (!json_is_object(m)) {
			lx_error(lx, cause, "\"%s\" must be an object", section);
			return -1;
		}
		json_object_foreach(m, key, v) {
			snprintf(lx->ctx, sizeof lx->ctx, "%s.%s", section, key);
			if ((ci = lexicon_country_find(lx, key)) == -1 ||
			    !json_is_string(v) || !strmap_get(lx->actor_ids,
			    json_string_value(v), strlen(json_string_value(v)),
			    &ai)) {
				lx_error(lx, cause, "needs a country code and "
				    "an actor id");
				return -1;
			}
			if (which)
				lx->t.country[ci].gov = (int)ai;
			else
				lx->t.country[ci].army = (int)ai;
			tp = json_object_get(json_object_get(root, "templates"),
			    which ? "government" : "army");
			for (k = 0; k < json_array_size(tp); k++)
				if (!json_is_string(json_array_get(tp, k)) ||
				    lx_template(lx, json_string_value(
				    json_array_get(tp, k)), ci, ai, cause) == -1)
					return -1;
		}
	}
	return 0;
}

int
lx_load_actors(struct lexicon *lx, json_t *root, char **cause)
{
	json_t		*arr, *e, *m;
	size_t		 i;

	if (lx_array(lx, root, "actors", 0, &arr, cause) == -1)
		return -1;
	lx->t.actor = xcalloc(json_array_size(arr), sizeof *lx->t.actor);
	json_array_foreach(arr, i, e)
		if (lx_load_actor(lx, e, i, cause) == -1)
			return -1;
	if (lx_load_states(lx, root, cause) == -1)
		return -1;
	lx->ctx[0] = '\0';
	if ((m = json_object_get(root, "context")) != NULL) {
		if (lx_keys(lx, m, "army government", cause) == -1)
			return -1;
		if (lx_patterns(lx, m, "army", 0, lx_hit(LX_ACTOR,
		    ACT_CONTEXT_ARMY, 0, LX_NONE), 0, cause) == -1 ||
		    lx_patterns(lx, m, "government", 0, lx_hit(LX_ACTOR,
		    ACT_CONTEXT_GOV, 0, LX_NONE), 0, cause) == -1)
			return -1;
	}
	lx->ctx[0] = '\0';
	if (lx_patterns(lx, root, "introducers", 0, lx_hit(LX_INTRO, 0, 0, 0),
	    0, cause) == -1)
		return -1;
	return 0;
}

int
lx_load_people(struct lexicon *lx, json_t *root, char **cause)
{
	json_t		*arr, *e;
	const char	*name, *cc, *role;
	size_t		 i;

	if (lx_array(lx, root, "people", 0, &arr, cause) == -1)
		return -1;
	lx->t.person = xcalloc(json_array_size(arr), sizeof *lx->t.person);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "people", i, json_string_value(json_object_get(e,
		    "name")));
		if (lx_keys(lx, e, "name ar country role", cause) == -1 ||
		    lx_str(lx, e, "name", 1, &name, cause) == -1)
			return -1;
		if (lx_str(lx, e, "country", 0, &cc, cause) == -1 ||
		    lx_str(lx, e, "role", 0, &role, cause) == -1)
			return -1;
		lx->t.person[i].name = xstrdup(name);
		lx->t.person[i].name_ar = lx_first(e, "ar");
		lx->t.person[i].country = cc ? lexicon_country_find(lx, cc) : -1;
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_PERSON, 0, 0,
		    (uint32_t)i), 1, cause) == -1)
			return -1;
		lx->t.nperson++;
	}
	return 0;
}
