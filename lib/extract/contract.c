/*
 * The lexicon contract: every event type, actor kind, cue and entry that
 * the rules in lib/extract/ name by string must exist in the lexicon.
 * The JSON loader checks that the data is well formed; this checks that the
 * code and the data agree, so that a lexicon missing a name the rules use is
 * refused at load instead of crashing the first article that needs it.
 *
 * When a rule starts naming something new, add it to a table here.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "contract.h"
#include "lexicon.h"
#include "raqib/xmalloc.h"

/* Event types: ev_type() and ev_is() in event.c. */
static const char *const contract_evtypes[] = { "protest", "kidnapping",
    "territory_change", "attack_on_base", "violence_against_civilians",
    "air_or_drone_strike", "shelling", "statement", "other",
    "aircraft_crash", "negotiation_or_agreement", "armed_clash",
    "troop_movement", "arrest", "siege", "ambush", "coup", NULL };

/* Actor kinds: cue_armed_kind() in cue.c, ev_armed_actor in event.c. */
static const char *const contract_kinds[] = { "jihadist", "separatist",
    "militia", "state_force", "foreign_force", NULL };

/* Actor entries: casualty.c tells civilian victims by this generic actor. */
static const char *const contract_actors[] = { "civilians", NULL };

/* Victim entries: casualty.c skips "other" person. */
static const char *const contract_victims[] = { "other", NULL };

/* Cues the rules test: those LX_CUES (lexicon.h) marks. */
#define CONTRACT_CUE(e, n, tested)	(tested) ? n : NULL,
static const char *const contract_cues[] = { LX_CUES(CONTRACT_CUE) };

static int
contract_missing(char **cause, const char *dir, const char *file,
    const char *what, const char *name)
{
	xasprintf(cause, "%s/%s: %s \"%s\" is missing: the extraction rules "
	    "name it", dir, file, what, name);
	return -1;
}

static int
contract_has_kind(const struct lx_tables *tb, const char *kind)
{
	size_t	i;

	for (i = 0; i < tb->nactor; i++)
		if (strcmp(tb->actor[i].kind, kind) == 0)
			return 1;
	return 0;
}

static int
contract_has_victim(const struct lx_tables *tb, const char *name)
{
	size_t	i;

	for (i = 0; i < tb->nvictim; i++)
		if (strcmp(tb->victim[i].name, name) == 0)
			return 1;
	return 0;
}

/* A cue counts when events.json lists it with at least one word. */
static int
contract_has_cue(json_t *cues, const char *name)
{
	json_t	*e, *ar;
	size_t	 i;

	json_array_foreach(cues, i, e) {
		if (!json_is_string(json_object_get(e, "cue")) ||
		    strcmp(json_string_value(json_object_get(e, "cue")),
		    name) != 0)
			continue;
		ar = json_object_get(e, "ar");
		if (json_is_array(ar) && json_array_size(ar) > 0)
			return 1;
	}
	return 0;
}

static int
contract_cues_check(const char *dir, char **cause)
{
	json_error_t	 err;
	json_t		*root, *cues;
	char		*path;
	size_t		 i;
	int		 rc = -1;

	xasprintf(&path, "%s/events.json", dir);
	/* the loader has read this file already: failing now is a race */
	if ((root = json_load_file(path, 0, &err)) == NULL) {
		xasprintf(cause, "%s:%d: %s", path, err.line, err.text);
		goto out;
	}
	cues = json_object_get(root, "cues");
	for (i = 0; i < sizeof contract_cues / sizeof contract_cues[0]; i++)
		if (contract_cues[i] != NULL &&
		    !contract_has_cue(cues, contract_cues[i])) {
			contract_missing(cause, dir, "events.json", "cue",
			    contract_cues[i]);
			goto out;
		}
	rc = 0;
out:
	json_decref(root);
	free(path);
	return rc;
}

/* Returns 0, or -1 with *cause naming the file and the missing name. */
int
contract_check(const struct lexicon *lx, const char *dir, char **cause)
{
	const struct lx_tables *tb = lexicon_tables(lx);
	size_t	 i;

	for (i = 0; contract_evtypes[i] != NULL; i++)
		if (lexicon_evtype_find(lx, contract_evtypes[i]) < 0)
			return contract_missing(cause, dir, "event_types.json",
			    "event type", contract_evtypes[i]);
	for (i = 0; contract_kinds[i] != NULL; i++)
		if (!contract_has_kind(tb, contract_kinds[i]))
			return contract_missing(cause, dir, "actors.json",
			    "actor kind", contract_kinds[i]);
	for (i = 0; contract_actors[i] != NULL; i++)
		if (lexicon_actor_find(lx, contract_actors[i]) < 0)
			return contract_missing(cause, dir, "actors.json",
			    "actor", contract_actors[i]);
	for (i = 0; contract_victims[i] != NULL; i++)
		if (!contract_has_victim(tb, contract_victims[i]))
			return contract_missing(cause, dir, "casualties.json",
			    "victim", contract_victims[i]);
	return contract_cues_check(dir, cause);
}
