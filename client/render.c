#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/extract.h"
#include "render.h"
#include "xmalloc.h"

/* "50 killed, at least 12 wounded": the event's figures in English. */
char *
render_casualties(json_t *ev)
{
	static const struct { const char *kind, *word; } kinds[] = {
		{ "killed", "killed" }, { "wounded", "wounded" },
		{ "captured", "captured" }, { "kidnapped", "kidnapped" },
		{ "missing", "missing" },
		{ "combined", "killed, wounded or captured" } };
	json_t	*c, *v;
	char	*out = NULL, *old, fig[64];
	const char *q, *kind, *word = NULL;
	size_t	 i, k, n = 0;

	json_array_foreach(json_object_get(ev, "casualties"), i, c) {
		kind = render_str(c, "kind");
		for (k = 0, word = kind; k < sizeof kinds / sizeof kinds[0]; k++)
			if (strcmp(kinds[k].kind, kind) == 0)
				word = kinds[k].word;
		v = json_object_get(c, "value");
		q = render_str(c, "qualifier");
		if (json_is_integer(v))
			snprintf(fig, sizeof fig, "%s%lld", strcmp(q, "at_least") ==
			    0 ? "at least " : strcmp(q, "about") == 0 ? "about " :
			    strcmp(q, "at_most") == 0 ? "up to " : "",
			    (long long)json_integer_value(v));
		else
			snprintf(fig, sizeof fig, "%s", *render_str(c, "vague") ?
			    "dozens or more" : "some");
		if (json_is_integer(v) && json_integer_value(v) == 0)
			snprintf(fig, sizeof fig, "none");
		old = out;
		xasprintf(&out, "%s%s%s %s", old ? old : "", old ? ", " : "", fig,
		    word);
		free(old);
		if (++n == 3)
			break;
	}
	return out;
}

/* FAMa, CSP-PSD, JNIM: upper-case letters, digits and dashes. */
static int
render_acronym(const char *s, size_t n)
{
	size_t	i, upper = 0;

	for (i = 0; i < n; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			upper++;
		else if (!(s[i] >= 'a' && s[i] <= 'z') && s[i] != '-' &&
		    !(s[i] >= '0' && s[i] <= '9'))
			return 0;
	}
	return upper >= 2;
}

/* Who claims the event: an actor's short name (its abbreviation), or the
 * claimant's own name. */
const char *
render_claimant(json_t *ev)
{
	static char	 buf[128];
	const char	*id = json_string_value(json_object_get(ev, "claimed_by"));
	const char	*name, *open, *close;
	json_t		*a;
	size_t		 i;

	if (id == NULL)
		return NULL;
	json_array_foreach(json_object_get(ev, "actors"), i, a) {
		if (strcmp(render_str(a, "id"), id) != 0)
			continue;
		name = render_str(a, "name");
		if ((open = strrchr(name, '(')) == NULL)
			return name;
		close = strchr(open, ')');
		if (close != NULL && close - open > 1 && close - open < 16 &&
		    render_acronym(open + 1, (size_t)(close - open - 1))) {
			snprintf(buf, sizeof buf, "%.*s", (int)(close - open - 1),
			    open + 1);
			return buf;
		}
		snprintf(buf, sizeof buf, "%.*s", (int)(open - name > 0 &&
		    open[-1] == ' ' ? open - name - 1 : open - name), name);
		return buf;
	}
	return id;
}

/*
 * The one-line bilingual summary: "Ambush — Kidal, Mali — 50 killed
 * (claimed by JNIM) / كمين — كيدال، مالي". Arabic runs are isolated so
 * mixed text keeps its order in terminals and chat clients (isolate: 1).
 */
char *
render_summary(struct extract *ex, json_t *ev, int isolate)
{
	json_t		*p = json_object_get(ev, "place");
	const char	*type = render_str(ev, "type"), *label, *label_ar;
	const char	*claim = render_claimant(ev);
	char		*cas = render_casualties(ev), *place = NULL, *place_ar = NULL;
	char		*out;

	label = extract_type_label(ex, type, 0);
	label_ar = extract_type_label(ex, type, 1);
	if (json_is_object(p)) {
		const char *n = render_str(p, "name"), *c = render_str(p,
		    "country_name"), *na = render_str(p, "name_ar"),
		    *ca = render_str(p, "country_name_ar");

		if (strcmp(n, c) == 0 || *c == '\0')
			place = xstrdup(n);
		else
			xasprintf(&place, "%s, %s", n, c);
		if (strcmp(na, ca) == 0 || *ca == '\0')
			place_ar = xstrdup(na);
		else
			xasprintf(&place_ar, "%s\xd8\x8c %s", na, ca);
	}
	xasprintf(&out, "%s — %s%s%s%s%s%s / %s%s — %s%s",
	    label ? label : type, place ? place : "place unknown",
	    cas ? " — " : "", cas ? cas : "",
	    claim ? " (claimed by " : "", claim ? claim : "", claim ? ")" : "",
	    isolate ? RENDER_FSI : "", label_ar ? label_ar : type,
	    place_ar && *place_ar ? place_ar : "?", isolate ? RENDER_PDI : "");
	free(cas);
	free(place);
	free(place_ar);
	return out;
}

static const char *
render_kind(const char *kind)
{
	return strcmp(kind, "combined") == 0 ? "killed, wounded or captured" :
	    kind;
}

static void
render_cat(char **out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
render_cat(char **out, const char *fmt, ...)
{
	va_list	 ap;
	char	*add, *old = *out;

	va_start(ap, fmt);
	xvasprintf(&add, fmt, ap);
	va_end(ap);
	xasprintf(out, "%s%s%s", old ? old : "", old ? "; " : "", add);
	free(add);
	free(old);
}

static int
render_in(json_t *arr, const char *s)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	return 0;
}

/* "now 41 killed (was 22)": what a report changed in its story. */
char *
render_changes(json_t *ev)
{
	json_t	*up = json_object_get(json_object_get(ev, "story"), "update");
	json_t	*c, *now, *was, *v;
	char	*out = NULL, nows[64], wass[64];
	size_t	 i;

	if (!json_is_object(up))
		return NULL;
	json_array_foreach(json_object_get(up, "figures"), i, c) {
		now = json_object_get(c, "now");
		was = json_object_get(c, "was");
		if (json_is_integer(now))
			snprintf(nows, sizeof nows, "%lld", (long long)
			    json_integer_value(now));
		else
			snprintf(nows, sizeof nows, "%s", json_is_string(now) ?
			    "dozens or more" : "some");
		if (json_is_integer(was))
			snprintf(wass, sizeof wass, " (was %lld)", (long long)
			    json_integer_value(was));
		else
			snprintf(wass, sizeof wass, "%s", json_is_string(was) ?
			    " (was dozens or more)" : "");
		render_cat(&out, "now %s %s%s%s%s", nows, render_kind(
		    render_str(c, "kind")), json_is_string(json_object_get(c,
		    "who")) ? " of " : "", render_str(c, "who"), wass);
	}
	if (json_is_object(v = json_object_get(up, "claimed_by"))) {
		/* the claimants the story had not heard from */
		json_array_foreach(json_object_get(v, "now"), i, c)
			if (json_is_string(c) && !render_in(json_object_get(v,
			    "was"), json_string_value(c)))
				render_cat(&out, "claimed by %s",
				    json_string_value(c));
	}
	if (json_is_object(v = json_object_get(up, "place")))
		render_cat(&out, "place now %s (was %s)", render_str(
		    json_object_get(v, "now"), "name"), render_str(
		    json_object_get(v, "was"), "name"));
	if (json_is_object(v = json_object_get(up, "type")))
		render_cat(&out, "now %s (was %s)", render_str(v, "now"),
		    render_str(v, "was"));
	return out;
}

/*
 * "Update: Ambush — Tinzaouaten, Mali — now 41 killed (was 22), 4
 * reports": the line of a report that changed its story, or NULL.
 */
char *
render_update(struct extract *ex, json_t *ev)
{
	json_t	*st = json_object_get(ev, "story"), *p;
	char	*ch, *out;
	const char *type, *label, *name, *cn;

	if ((ch = render_changes(ev)) == NULL)
		return NULL;
	p = json_object_get(st, "place");
	type = render_str(st, "type");
	label = extract_type_label(ex, type, 0);
	name = render_str(p, "name");
	cn = render_str(p, "country_name");
	xasprintf(&out, "Update: %s — %s%s%s — %s, %lld reports",
	    label ? label : type, *name ? name : "place unknown",
	    *cn && strcmp(cn, name) != 0 ? ", " : "", strcmp(cn, name) != 0 ?
	    cn : "", ch, (long long)json_integer_value(json_object_get(st,
	    "reports")));
	free(ch);
	return out;
}

/* An alert for a person at a terminal. */
void
render_print(struct extract *ex, json_t *ev, FILE *f)
{
	char		*sum = render_summary(ex, ev, 1), *up = render_update(ex, ev);
	json_t		*d = json_object_get(ev, "date"), *s, *st;
	const char	*date = render_str(d, "start"), *end = render_str(d, "end");
	size_t		 i;

	if (up != NULL)
		fprintf(f, "#%lld %s\n    %s\n", (long long)json_integer_value(
		    json_object_get(ev, "seq")), up, sum);
	else
		fprintf(f, "#%lld %s\n", (long long)json_integer_value(
		    json_object_get(ev, "seq")), sum);
	fprintf(f, "    %s%s%s%s%s", *date ? date : "date unknown", *end ? " to " :
	    "", end, " · ", render_str(ev, "topic"));
	if (json_array_size(json_object_get(ev, "sources")) > 0) {
		fprintf(f, " · sources:");
		json_array_foreach(json_object_get(ev, "sources"), i, s)
			fprintf(f, "%s %s", i ? "," : "", json_string_value(s));
	}
	st = json_object_get(ev, "story");
	if (json_is_object(st) && !json_is_true(json_object_get(st, "first")))
		fprintf(f, " · report %lld of story #%lld%s",
		    (long long)json_integer_value(json_object_get(st, "reports")),
		    (long long)json_integer_value(json_object_get(st, "id")),
		    json_is_object(json_object_get(st, "copy_of")) ?
		    " (a copy)" : "");
	fprintf(f, "\n    %s%s%s\n\n", RENDER_RLI, render_str(ev, "sentence"),
	    RENDER_PDI);
	fflush(f);
	free(sum);
	free(up);
}

/* A string member, or "" when it is absent or not a string. */
const char *
render_str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s != NULL ? s : "";
}

/*
 * Country and region as the event's topic has them ("ml", "kidal" or "_"),
 * so that scripts and alert labels match the way --region and ZeroMQ
 * prefixes do.
 */
void
render_topic_place(json_t *ev, char *cc, size_t cclen, char *admin1,
    size_t alen)
{
	const char	*t = render_str(ev, "topic"), *a, *b;

	if (strncmp(t, "ev.", 3) == 0 && (a = strchr(t + 3, '.')) != NULL &&
	    (b = strchr(a + 1, '.')) != NULL) {
		snprintf(cc, cclen, "%.*s", (int)(a - t - 3), t + 3);
		snprintf(admin1, alen, "%.*s", (int)(b - a - 1), a + 1);
		return;
	}
	snprintf(cc, cclen, "xx");
	snprintf(admin1, alen, "_");
}
