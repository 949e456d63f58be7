#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include <jansson.h>

#include "raqib/extract.h"
#include "raqib/story.h"
#include "raqib/xmalloc.h"
#include "render.h"

static int	render_acronym(const char *, size_t);

/* An actor's short name by id: its abbreviation, else its name; ids not
 * among the event's actors (a person, a source) as they are. */
static const char *
render_actor_short(json_t *ev, const char *id, char *buf, size_t len)
{
	const char	*name, *open, *close;
	json_t		*a;
	size_t		 i;

	json_array_foreach(json_object_get(ev, "actors"), i, a) {
		if (strcmp(render_str(a, "id"), id) != 0)
			continue;
		name = render_str(a, "name");
		if ((open = strrchr(name, '(')) == NULL)
			return name;
		close = strchr(open, ')');
		if (close != NULL && close - open > 1 && close - open < 16 &&
		    render_acronym(open + 1, (size_t)(close - open - 1)))
			snprintf(buf, len, "%.*s", (int)(close - open - 1),
			    open + 1);
		else
			snprintf(buf, len, "%.*s", (int)(open - name > 0 &&
			    open[-1] == ' ' ? open - name - 1 : open - name), name);
		return buf;
	}
	return id;
}

/*
 * "50 killed among Wagner (per JNIM), at least 12 wounded": the event's
 * figures in English, each with whose they are (the victims' side) and,
 * when it is not the event's claimant, who gives it.
 */
static char *
render_casualties(json_t *ev)
{
	static const struct { const char *kind, *word; } kinds[] = {
		{ "killed", "killed" }, { "wounded", "wounded" },
		{ "captured", "captured" }, { "kidnapped", "kidnapped" },
		{ "missing", "missing" },
		{ "combined", "killed, wounded or captured" } };
	json_t	*c, *v;
	char	*out = NULL, *old, fig[64], who[128], per[160], b1[64], b2[64];
	const char *q, *kind, *word = NULL, *w, *by;
	const char *claim = json_string_value(json_object_get(ev, "claimed_by"));
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
		who[0] = per[0] = '\0';
		if ((w = json_string_value(json_object_get(c, "who"))) != NULL)
			snprintf(who, sizeof who, " among %s",
			    render_actor_short(ev, w, b1, sizeof b1));
		by = json_string_value(json_object_get(c, "claimed_by"));
		if (by != NULL && (claim == NULL || strcmp(by, claim) != 0))
			snprintf(per, sizeof per, " (per %s)",
			    render_actor_short(ev, by, b2, sizeof b2));
		old = out;
		xasprintf(&out, "%s%s%s %s%s%s", old ? old : "", old ? ", " : "",
		    fig, word, who, per);
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

	if (id == NULL)
		return NULL;
	return render_actor_short(ev, id, buf, sizeof buf);
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
			if (json_is_string(c) && !story_has(json_object_get(v,
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

/* "2024-07-25", or "25 Jul (year not given)" for "--07-25". */
static void
render_date(const char *d, char *out, size_t len)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int	m, day;

	if (strncmp(d, "--", 2) == 0 && sscanf(d + 2, "%d-%d", &m, &day) == 2 &&
	    m >= 1 && m <= 12)
		snprintf(out, len, "%d %s (year not given)", day, months[m - 1]);
	else if (strncmp(d, "--", 2) == 0 && sscanf(d + 2, "%d", &m) == 1 &&
	    m >= 1 && m <= 12)
		snprintf(out, len, "%s (year not given)", months[m - 1]);
	else
		snprintf(out, len, "%s", d);
}

void
render_when(json_t *ev, char *out, size_t len)
{
	json_t		*d = json_object_get(ev, "date");
	const char	*start = render_str(d, "start"), *end = render_str(d, "end");
	const char	*p;
	char		 a[64], b[64];

	if (*start == '\0') {
		snprintf(out, len, "date not given");
		return;
	}
	render_date(start, a, sizeof a);
	if (strcmp(end, "..") == 0) {	/* a period since the start */
		snprintf(out, len, "since %s", a);
		return;
	}
	if (*end == '\0' || strcmp(start, end) == 0) {
		snprintf(out, len, "%s", a);
		return;
	}
	/* "--07-25" to "--07-27": "25–27 Jul (year not given)" */
	if (strlen(start) == 7 && strlen(end) == 7 && strncmp(start, "--", 2) ==
	    0 && strncmp(start, end, 5) == 0 && (p = strchr(a, ' ')) != NULL) {
		snprintf(out, len, "%.*s\xe2\x80\x93%s%s", (int)(p - a), a,
		    end + 5 + (end[5] == '0'), p);
		return;
	}
	render_date(end, b, sizeof b);
	snprintf(out, len, "%s to %s", a, b);
}

/* The actors in a role, "JNIM, Wagner", or NULL. */
static char *
render_role(json_t *ev, const char *role)
{
	json_t	*a;
	char	*out = NULL, *old, buf[64];
	size_t	 i;

	json_array_foreach(json_object_get(ev, "actors"), i, a) {
		if (strcmp(render_str(a, "role"), role) != 0)
			continue;
		old = out;
		xasprintf(&out, "%s%s%s", old ? old : "", old ? ", " : "",
		    render_actor_short(ev, render_str(a, "id"), buf, sizeof buf));
		free(old);
	}
	return out;
}

/* Where the event comes from: when it came in, the article's title or
 * file, and the agencies it names. */
static void
render_source(json_t *ev, int isolate, FILE *f)
{
	json_t		*doc = json_object_get(ev, "doc"), *s;
	const char	*at = render_str(doc, "received_at");
	const char	*title = render_str(doc, "title");
	const char	*path = render_str(doc, "path"), *base;
	size_t		 i;

	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	/* "2024-07-27T10:04:05.123Z": to the minute */
	if (strlen(at) >= 16)
		fprintf(f, "    received %.10s %.5s UTC", at, at + 11);
	else
		fprintf(f, "    received %s", *at ? at : "(time unknown)");
	if (*title != '\0')
		fprintf(f, " · %s%s%s (%s)", isolate ? RENDER_FSI : "", title,
		    isolate ? RENDER_PDI : "", base);
	else if (*base != '\0')
		fprintf(f, " · %s", base);
	if (json_array_size(json_object_get(ev, "sources")) > 0) {
		fprintf(f, " · sources:");
		json_array_foreach(json_object_get(ev, "sources"), i, s)
			fprintf(f, "%s %s", i ? "," : "", json_string_value(s));
	}
	fputc('\n', f);
}

/* Bytes of the next n code points of s, at most. */
static size_t
render_cp_bytes(const char *s, size_t n)
{
	size_t	i = 0;

	while (s[i] != '\0' && n > 0) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		n--;
	}
	return i;
}

/* The sentence, indented, cut into lines of at most width code points at
 * spaces (a word longer than a line stands alone). */
static void
render_wrap(const char *text, int width, int isolate, FILE *f)
{
	const char	*p = text, *cut, *sp;
	size_t		 room = width > 20 ? (size_t)width - 4 : 76, max;

	while (*p == ' ')
		p++;
	while (*p != '\0') {
		max = render_cp_bytes(p, room);
		if (p[max] == '\0')
			cut = p + max;
		else {
			for (cut = NULL, sp = p; sp < p + max; sp++)
				if (*sp == ' ')
					cut = sp;
			if (cut == NULL || cut == p)	/* one long word */
				cut = (sp = strchr(p + max, ' ')) ? sp : p +
				    strlen(p);
		}
		fprintf(f, "    %s%.*s%s\n", isolate ? RENDER_RLI : "",
		    (int)(cut - p), p, isolate ? RENDER_PDI : "");
		p = cut;
		while (*p == ' ')
			p++;
	}
}

/* An alert for a person: at a terminal, isolates and the terminal's width;
 * else plain text (unless o->isolate) wrapped at 80 columns. */
void
render_print(struct extract *ex, json_t *ev, FILE *f,
    const struct render_opts *o)
{
	char		*sum = render_summary(ex, ev, o->isolate), when[160];
	char		*up = render_update(ex, ev), *by, *against;
	json_t		*st = json_object_get(ev, "story");
	const char	*sentence = render_str(ev, "sentence");
	long long	 seq = json_integer_value(json_object_get(ev, "seq"));

	render_when(ev, when, sizeof when);
	if (o->oneline) {
		fprintf(f, "#%lld %s%s%s · %s · %s\n", seq, up ? up : "", up ?
		    " · " : "", sum, when, render_str(ev, "topic"));
		free(up);
		free(sum);
		return;
	}
	/* a report that changed its story says how first */
	if (up != NULL)
		fprintf(f, "#%lld %s\n    %s\n", seq, up, sum);
	else
		fprintf(f, "#%lld %s\n", seq, sum);
	by = render_role(ev, "perpetrator");
	against = render_role(ev, "target");
	fprintf(f, "    ");
	if (by != NULL)
		fprintf(f, "by %s · ", by);
	if (against != NULL)
		fprintf(f, "against %s · ", against);
	fprintf(f, "%s · %s", when, render_str(ev, "topic"));
	if (json_is_object(st) && !json_is_true(json_object_get(st, "first")))
		fprintf(f, " · report %lld of story #%lld%s",
		    (long long)json_integer_value(json_object_get(st, "reports")),
		    (long long)json_integer_value(json_object_get(st, "id")),
		    json_is_object(json_object_get(st, "copy_of")) ?
		    " (a copy)" : "");
	fputc('\n', f);
	render_source(ev, o->isolate, f);
	render_wrap(sentence, o->width, o->isolate, f);
	fputc('\n', f);
	free(by);
	free(against);
	free(up);
	free(sum);
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

/* Text for people: isolates and the width of a terminal, or with output
 * elsewhere plain (unless --isolates) and 80 columns. */
void
render_opts_stdout(struct render_opts *ro, int isolates, int oneline)
{
	struct winsize	 ws;
	const char	*cols = getenv("COLUMNS");
	int		 tty = isatty(STDOUT_FILENO);

	ro->isolate = isolates || tty;
	ro->oneline = oneline;
	ro->width = 80;
	if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		ro->width = ws.ws_col;
	else if (cols != NULL && atoi(cols) > 20)
		ro->width = atoi(cols);
}
