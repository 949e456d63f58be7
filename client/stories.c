/*
 * `raqib query --stories`: the stored events gathered into their stories,
 * each with its reports (seq, outlet, time, what each changed) and its
 * figures over time, built from the events' own `story` objects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/extract.h"
#include "raqib/xmalloc.h"
#include "render.h"
#include "stories.h"

struct stories {
	json_t		*byid;		/* "id" -> story */
	json_t		*order;		/* ids, first seen first */
};

struct stories *
stories_new(void)
{
	struct stories	*s = xcalloc(1, sizeof *s);

	s->byid = json_object();
	s->order = json_array();
	return s;
}

void
stories_free(struct stories *s)
{
	if (s == NULL)
		return;
	json_decref(s->byid);
	json_decref(s->order);
	free(s);
}

/* Every figure the report gave, with who claims it, for the history. */
static void
stories_history(json_t *story, json_t *ev, const char *outlet)
{
	json_t	*c, *h = json_object_get(story, "history");
	size_t	 i;

	json_array_foreach(json_object_get(ev, "casualties"), i, c)
		json_array_append_new(h, json_pack("{s:O,s:O?,s:O?,s:O?,s:O?,"
		    "s:O?,s:s,s:O?}", "seq", json_object_get(ev, "seq"), "kind",
		    json_object_get(c, "kind"), "who", json_object_get(c, "who"),
		    "value", json_object_get(c, "value"), "qualifier",
		    json_object_get(c, "qualifier"), "claimed_by",
		    json_object_get(c, "claimed_by"), "outlet", outlet, "at",
		    json_object_get(json_object_get(ev, "doc"), "received_at")));
}

void
stories_add(struct stories *s, json_t *ev)
{
	json_t	*st = json_object_get(ev, "story"), *story, *doc;
	char	 id[32];
	const char *outlet;

	snprintf(id, sizeof id, "%lld", (long long)(json_is_object(st) ?
	    json_integer_value(json_object_get(st, "id")) :
	    json_integer_value(json_object_get(ev, "seq"))));
	if ((story = json_object_get(s->byid, id)) == NULL) {
		story = json_pack("{s:I,s:[],s:[]}", "id", (json_int_t)strtoll(
		    id, NULL, 10), "reports", "history");
		json_object_set_new(s->byid, id, story);
		json_array_append_new(s->order, json_string(id));
	}
	/* what the story says now: its latest report knows best */
	json_object_set(story, "type", json_object_get(st, "type") ?
	    json_object_get(st, "type") : json_object_get(ev, "type"));
	json_object_set(story, "place", json_object_get(st, "place") ?
	    json_object_get(st, "place") : json_object_get(ev, "place"));
	json_object_set(story, "figures", json_object_get(st, "figures") ?
	    json_object_get(st, "figures") : json_array());
	json_object_set(story, "documents", json_object_get(st, "reports") ?
	    json_object_get(st, "reports") : json_integer(1));
	doc = json_object_get(ev, "doc");
	outlet = render_str(st, "outlet");
	if (*outlet == '\0')
		outlet = render_str(doc, "path");
	json_array_append_new(json_object_get(story, "reports"), json_pack(
	    "{s:O,s:s,s:O?,s:O?,s:b,s:O?,s:O?,s:O?}", "seq",
	    json_object_get(ev, "seq"), "outlet", outlet, "at",
	    json_object_get(doc, "received_at"), "doc", json_object_get(doc,
	    "sha256"), "first", !json_is_object(st) ||
	    json_is_true(json_object_get(st, "first")), "update",
	    json_object_get(st, "update"), "copy_of", json_object_get(st,
	    "copy_of"), "why", json_object_get(st, "why")));
	stories_history(story, ev, outlet);
}

static void
stories_print_figures(json_t *story, FILE *f)
{
	json_t	*g, *h;
	size_t	 i, j;
	int	 n;

	json_array_foreach(json_object_get(story, "figures"), i, g) {
		fprintf(f, "    %s%s%s: ", render_str(g, "kind"),
		    json_is_string(json_object_get(g, "who")) ? " of " : "",
		    render_str(g, "who"));
		if (json_is_integer(json_object_get(g, "latest")))
			fprintf(f, "latest %lld", (long long)json_integer_value(
			    json_object_get(g, "latest")));
		else
			fprintf(f, "latest %s", json_is_string(json_object_get(g,
			    "latest")) ? "dozens or more" : "unknown");
		if (json_is_integer(json_object_get(g, "min")))
			fprintf(f, ", range %lld-%lld (ACLED's conservative: "
			    "%lld)", (long long)json_integer_value(
			    json_object_get(g, "min")), (long long)
			    json_integer_value(json_object_get(g, "max")),
			    (long long)json_integer_value(json_object_get(g,
			    "min")));
		fprintf(f, "; over time:");
		n = 0;
		json_array_foreach(json_object_get(story, "history"), j, h) {
			if (strcmp(render_str(h, "kind"), render_str(g, "kind")) ||
			    strcmp(render_str(h, "who"), render_str(g, "who")))
				continue;
			fprintf(f, "%s #%lld ", n++ ? "," : "", (long long)
			    json_integer_value(json_object_get(h, "seq")));
			if (json_is_integer(json_object_get(h, "value")))
				fprintf(f, "%lld", (long long)json_integer_value(
				    json_object_get(h, "value")));
			else
				fprintf(f, "?");
			if (*render_str(h, "claimed_by"))
				fprintf(f, " (claimed by %s)", render_str(h,
				    "claimed_by"));
		}
		fprintf(f, "\n");
	}
}

static void
stories_print_one(struct extract *ex, json_t *story, FILE *f)
{
	json_t		*p = json_object_get(story, "place"), *r, *up;
	const char	*type = render_str(story, "type");
	const char	*label = extract_type_label(ex, type, 0);
	size_t		 i;

	fprintf(f, "story #%lld: %s — %s%s%s — %lld report%s\n", (long long)
	    json_integer_value(json_object_get(story, "id")), label ? label :
	    type, *render_str(p, "name") ? render_str(p, "name") :
	    "place unknown", *render_str(p, "country_name") ? ", " : "",
	    render_str(p, "country_name"), (long long)json_integer_value(
	    json_object_get(story, "documents")), json_integer_value(
	    json_object_get(story, "documents")) == 1 ? "" : "s");
	stories_print_figures(story, f);
	json_array_foreach(json_object_get(story, "reports"), i, r) {
		char *ch;
		json_t *ev;

		fprintf(f, "    #%lld %s %s: ", (long long)json_integer_value(
		    json_object_get(r, "seq")), render_str(r, "at"),
		    render_str(r, "outlet"));
		up = json_object_get(r, "update");
		ev = json_pack("{s:{s:O}}", "story", "update", up ? up :
		    json_null());
		ch = render_changes(ev);
		json_decref(ev);
		if (json_is_true(json_object_get(r, "first")))
			fprintf(f, "first report\n");
		else if (json_is_object(json_object_get(r, "copy_of")))
			fprintf(f, "copy of #%lld%s%s\n", (long long)
			    json_integer_value(json_object_get(json_object_get(r,
			    "copy_of"), "seq")), ch ? "; " : "", ch ? ch : "");
		else
			fprintf(f, "%s\n", ch ? ch : "nothing new");
		free(ch);
	}
}

/* Text for people, or one JSON object per story per line. */
void
stories_print(struct stories *s, struct extract *ex, FILE *f, int json)
{
	json_t	*id, *story;
	size_t	 i;
	char	*line;

	json_array_foreach(s->order, i, id) {
		story = json_object_get(s->byid, json_string_value(id));
		if (json) {
			line = json_dumps(story, JSON_COMPACT);
			fprintf(f, "%s\n", line);
			free(line);
		} else {
			stories_print_one(ex, story, f);
			fputc('\n', f);
		}
	}
}
