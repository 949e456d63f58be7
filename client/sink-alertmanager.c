/*
 * Prometheus Alertmanager (API v2): each story is one alert (its `story`
 * label) that fires from the time its latest report arrived until a
 * resolve window later; each report of the story re-sends it with the
 * story's latest figures, so Alertmanager's grouping does the rest. When
 * a report changes the alert's labels (a toll that makes it critical, a
 * more specific type), the alert under the old labels is resolved.
 *
 * Alertmanager keeps alerts in memory only, and expects its clients to
 * repeat the alerts that are still firing (Prometheus does so every
 * evaluation): after a restart it knows only what it is told again. So
 * the alerts still in their window are kept here, the newest few hundred,
 * and sent again every minute from the tick hook.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "raqib/xmalloc.h"
#include "filter.h"
#include "render.h"
#include "sink.h"

#define AM_PATH		"/api/v2/alerts"
#define AM_WINDOW	(6 * 3600)	/* seconds an event's alert fires */
#define AM_RESEND	60.0		/* seconds between repeats */
#define AM_ACTIVE_MAX	500		/* alerts kept for repeating */
#define AM_BATCH	64

/* From sink-webhook.c: one HTTP endpoint. */

struct sink_alertmanager_alert {
	json_t		*alert;
	time_t		 ends;
	long long	 story;
};

struct sink_alertmanager {
	struct sink_webhook_conn	*conn;
	/* a ring of the alerts still firing, oldest first */
	struct sink_alertmanager_alert	 active[AM_ACTIVE_MAX];
	size_t				 first, n;
	double				 last_resend;
	int				 failing;
};

/* "2026-11-21T21:15:25.217Z" (what raqibd writes), or any RFC 3339 time
 * in UTC; -1 if it is not one. */
static time_t
sink_alertmanager_time(const char *s, int *ms)
{
	struct tm	 tm;
	const char	*p;
	int		 frac = 0, digits = 0;

	memset(&tm, 0, sizeof tm);
	if ((p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return -1;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (digits++ < 3)
				frac = frac * 10 + (*p - '0');
	while (digits++ < 3)
		frac *= 10;
	if (strcmp(p, "Z") != 0 && strcmp(p, "+00:00") != 0)
		return -1;
	*ms = frac;
	return timegm(&tm);
}

static void
sink_alertmanager_format(time_t t, int ms, char *buf, size_t len)
{
	struct tm	tm;
	size_t		n;

	gmtime_r(&t, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03uZ", (unsigned)ms % 1000);
}

/*
 * critical: at least 10 killed (a vague "tens" counts as 10), as
 * --min-killed counts them; warning: anyone killed, wounded, captured,
 * kidnapped or missing; info: the rest (clashes without figures,
 * movements, agreements).
 */
static const char *
sink_alertmanager_severity(json_t *ev)
{
	static const char *harm[] = { "killed", "wounded", "kidnapped",
	    "captured", "missing", "combined" };
	json_t		*c, *v;
	const char	*kind;
	size_t		 i, k;

	if (filter_killed(ev) >= 10)
		return "critical";
	json_array_foreach(json_object_get(ev, "casualties"), i, c) {
		kind = render_str(c, "kind");
		v = json_object_get(c, "value");
		if (json_is_integer(v) && json_integer_value(v) == 0)
			continue;	/* "no one was killed" */
		for (k = 0; k < sizeof harm / sizeof harm[0]; k++)
			if (strcmp(kind, harm[k]) == 0)
				return "warning";
	}
	return "info";
}

/* Country and region as the story has them: "ml" and "kidal", or "_". */
static void
sink_alertmanager_story_place(json_t *sto, char *cc, size_t cclen,
    char *admin1, size_t alen)
{
	json_t		*p = json_object_get(sto, "place");
	const char	*c = render_str(p, "country");
	size_t		 i;

	if (!json_is_object(p))
		return;
	if (strlen(c) == 2) {
		for (i = 0; i < 2; i++)
			cc[i] = (char)(c[i] >= 'A' && c[i] <= 'Z' ? c[i] + 32 :
			    c[i]);
		cc[2] = '\0';
	} else
		snprintf(cc, cclen, "xx");
	snprintf(admin1, alen, "%s", *render_str(p, "admin1_slug") ?
	    render_str(p, "admin1_slug") : "_");
}

/* A story's severity: its event's, or its figures' if they say more. */
static const char *
sink_alertmanager_story_severity(json_t *ev)
{
	const char	*sev = sink_alertmanager_severity(ev);
	json_t		*f, *v;
	size_t		 i;

	json_array_foreach(json_object_get(json_object_get(ev, "story"),
	    "figures"), i, f) {
		v = json_object_get(f, "latest");
		if (strcmp(render_str(f, "kind"), "killed") == 0 &&
		    ((json_is_integer(v) && json_integer_value(v) >= 10) ||
		    json_is_string(v)))
			return "critical";
		if (json_is_integer(v) && json_integer_value(v) > 0 &&
		    strcmp(sev, "info") == 0)
			sev = "warning";
	}
	return sev;
}

/* The Arabic sentence, then who claims it and who reports it. */
static char *
sink_alertmanager_description(json_t *ev)
{
	const char	*claim = render_claimant(ev), *title;
	json_t		*v;
	char		*out, *old;
	size_t		 i;

	xasprintf(&out, "%s", render_str(ev, "sentence"));
	if (claim != NULL) {
		old = out;
		xasprintf(&out, "%s\nClaimed by: %s", old, claim);
		free(old);
	}
	json_array_foreach(json_object_get(ev, "sources"), i, v) {
		old = out;
		xasprintf(&out, "%s%s%s", old, i == 0 ? "\nSources: " : ", ",
		    json_string_value(v) ? json_string_value(v) : "");
		free(old);
	}
	title = render_str(json_object_get(ev, "doc"), "title");
	if (*title != '\0') {
		old = out;
		xasprintf(&out, "%s\nArticle: %s", old, title);
		free(old);
	}
	return out;
}

/* One event's alert; *ends is when it stops firing. */
static json_t *
sink_alertmanager_alert(struct sink *s, json_t *ev, time_t *ends)
{
	json_t		*labels, *ann, *doc = json_object_get(ev, "doc");
	char		 cc[16], admin1[64], seq[32], story[32], st[40], en[40];
	char		 reports[32], *sum, *desc, *up;
	json_t		*sto = json_object_get(ev, "story");
	const char	*type = render_str(sto, "type");
	time_t		 start;
	int		 ms = 0;

	if ((start = sink_alertmanager_time(render_str(doc,
	    "received_at"), &ms)) == -1) {
		/* no arrival time: it arrives now */
		start = time(NULL);
		ms = 0;
	}
	*ends = start + AM_WINDOW;
	sink_alertmanager_format(start, ms, st, sizeof st);
	sink_alertmanager_format(*ends, ms, en, sizeof en);
	render_topic_place(ev, cc, sizeof cc, admin1, sizeof admin1);
	/* the story's place, which its reports share */
	sink_alertmanager_story_place(sto, cc, sizeof cc, admin1,
	    sizeof admin1);
	snprintf(seq, sizeof seq, "%lld", (long long)json_integer_value(
	    json_object_get(ev, "seq")));
	/* an event without a story (an older store) is a story of its own */
	snprintf(story, sizeof story, "%lld", (long long)(json_is_object(sto) ?
	    json_integer_value(json_object_get(sto, "id")) :
	    json_integer_value(json_object_get(ev, "seq"))));
	if (*type == '\0')
		type = *render_str(ev, "type") ? render_str(ev, "type") : "other";
	labels = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}",
	    "alertname", "RaqibEvent", "type", type,
	    "country", cc, "admin1", admin1,
	    "severity", sink_alertmanager_story_severity(ev),
	    "story", story);
	/* plain text: receivers are mail and pagers as well as chat */
	sum = render_summary(s->ex, ev, 0);
	up = render_update(s->ex, ev);
	desc = sink_alertmanager_description(ev);
	/* annotations are strings, or Alertmanager refuses the alert */
	snprintf(reports, sizeof reports, "%lld", (long long)(json_is_object(
	    sto) ? json_integer_value(json_object_get(sto, "reports")) : 1));
	ann = json_pack("{s:s,s:s,s:s,s:s,s:s}", "summary", up ? up : sum,
	    "description", desc, "topic", render_str(ev, "topic"), "seq", seq,
	    "reports", reports);
	if (up != NULL)
		json_object_set_new(ann, "report", json_string(sum));
	free(sum);
	free(up);
	free(desc);
	return json_pack("{s:o,s:o,s:s,s:s}", "labels", labels, "annotations",
	    ann, "startsAt", st, "endsAt", en);
}

static long long
sink_alertmanager_story(json_t *alert)
{
	return strtoll(render_str(json_object_get(alert, "labels"), "story"),
	    NULL, 10);
}

/* The alert kept for a story, or NULL. */
static struct sink_alertmanager_alert *
sink_alertmanager_find(struct sink_alertmanager *am, long long story)
{
	struct sink_alertmanager_alert *a;
	size_t	i;

	for (i = 0; i < am->n; i++) {
		a = &am->active[(am->first + i) % AM_ACTIVE_MAX];
		if (a->story == story)
			return a;
	}
	return NULL;
}

static void
sink_alertmanager_keep(struct sink_alertmanager *am, json_t *alert,
    time_t ends)
{
	struct sink_alertmanager_alert *old;
	size_t	at;

	/* one alert per story: its latest report replaces the one kept */
	if ((old = sink_alertmanager_find(am, sink_alertmanager_story(
	    alert))) != NULL) {
		json_decref(old->alert);
		old->alert = json_incref(alert);
		old->ends = ends;
		return;
	}

	if (am->n == AM_ACTIVE_MAX) {
		/* full: the oldest goes, and fires until its endsAt */
		json_decref(am->active[am->first].alert);
		am->first = (am->first + 1) % AM_ACTIVE_MAX;
		am->n--;
	}
	at = (am->first + am->n) % AM_ACTIVE_MAX;
	am->active[at].alert = json_incref(alert);
	am->active[at].ends = ends;
	am->active[at].story = sink_alertmanager_story(alert);
	am->n++;
}

static int
sink_alertmanager_deliver(struct sink *s, json_t **ev, size_t n, char **cause)
{
	struct sink_alertmanager *am = s->arg;
	json_t		*alerts = json_array(), *a;
	time_t		*ends = xreallocarray(NULL, n ? n : 1, sizeof *ends);
	size_t		 i;
	int		 rc;

	json_t		*resolved = json_array(), *post, *skipped = json_array();
	size_t		 j;
	struct sink_alertmanager_alert *old;
	struct timespec	 ts;
	const char	*starts;
	char		 now[40];

	clock_gettime(CLOCK_REALTIME, &ts);
	sink_alertmanager_format(ts.tv_sec, (int)(ts.tv_nsec / 1000000), now,
	    sizeof now);
	for (i = 0; i < n; i++) {
		/* a later report of the story in this batch says it all */
		for (j = i + 1; j < n; j++)
			if (json_equal(json_object_get(json_object_get(ev[i],
			    "story"), "id"), json_object_get(json_object_get(
			    ev[j], "story"), "id")))
				break;
		a = sink_alertmanager_alert(s, ev[i], &ends[i]);
		if (j < n && json_is_object(json_object_get(ev[i], "story"))) {
			json_array_append_new(skipped, a);
			ends[i] = 0;
			continue;
		}
		old = sink_alertmanager_find(am, sink_alertmanager_story(a));
		/* new labels are a new alert: the old one ends now, but not
		 * before it started (Alertmanager refuses that): it started
		 * at its report's received_at, to the millisecond, and the
		 * daemon's clock may be ahead of ours */
		if (old != NULL && !json_equal(json_object_get(old->alert,
		    "labels"), json_object_get(a, "labels"))) {
			starts = render_str(old->alert, "startsAt");
			json_array_append_new(resolved, json_pack("{s:O,s:O,s:s,"
			    "s:s}", "labels", json_object_get(old->alert,
			    "labels"), "annotations", json_object_get(old->alert,
			    "annotations"), "startsAt", starts, "endsAt",
			    strcmp(starts, now) > 0 ? starts : now));
		}
		json_array_append_new(alerts, a);
	}
	post = json_copy(resolved);
	json_array_extend(post, alerts);
	if ((rc = sink_webhook_post(am->conn, post, cause)) == 0) {
		for (i = j = 0; i < n; i++)
			if (ends[i] != 0)
				sink_alertmanager_keep(am, json_array_get(alerts,
				    j++), ends[i]);
	}
	json_decref(skipped);
	json_decref(post);
	json_decref(resolved);
	json_decref(alerts);
	free(ends);
	return rc;
}

/* Every minute: forget alerts past their window, repeat the others. */
static void
sink_alertmanager_tick(struct sink *s, double now)
{
	struct sink_alertmanager *am = s->arg;
	struct sink_alertmanager_alert *a;
	json_t		*alerts;
	time_t		 wall = time(NULL);
	size_t		 i, kept;
	char		*cause = NULL;

	if (now - am->last_resend < AM_RESEND)
		return;
	am->last_resend = now;
	/* compact the ring, dropping what has ended */
	for (i = kept = 0; i < am->n; i++) {
		a = &am->active[(am->first + i) % AM_ACTIVE_MAX];
		if (a->ends <= wall) {
			json_decref(a->alert);
			continue;
		}
		am->active[(am->first + kept++) % AM_ACTIVE_MAX] = *a;
	}
	am->n = kept;
	if (am->n == 0)
		return;
	alerts = json_array();
	for (i = 0; i < am->n; i++)
		json_array_append(alerts, am->active[(am->first + i) %
		    AM_ACTIVE_MAX].alert);
	if (sink_webhook_post(am->conn, alerts, &cause) == -1) {
		/* said once per outage; deliver() reports new alerts */
		if (!am->failing)
			fprintf(stderr, "raqib: alertmanager: repeating %zu "
			    "firing alert(s): %s\n", am->n, cause);
		am->failing = 1;
		free(cause);
	} else
		am->failing = 0;
	json_decref(alerts);
}

static void
sink_alertmanager_free(struct sink *s)
{
	struct sink_alertmanager *am = s->arg;
	size_t	i;

	for (i = 0; i < am->n; i++)
		json_decref(am->active[(am->first + i) % AM_ACTIVE_MAX].alert);
	sink_webhook_conn_free(am->conn);
	free(am);
}

/* URL is Alertmanager's base URL (http://host:9093, with or without a
 * path prefix and a trailing slash), or its full /api/v2/alerts URL. */
struct sink *
sink_alertmanager(struct extract *ex, const char *url, char **cause)
{
	struct sink		*s;
	struct sink_alertmanager *am;
	char			*full, *base = xstrdup(url);
	size_t			 len = strlen(base);

	while (len > 0 && base[len - 1] == '/')
		base[--len] = '\0';
	if (len >= strlen(AM_PATH) && strcmp(base + len - strlen(AM_PATH),
	    AM_PATH) == 0)
		full = xstrdup(base);
	else
		xasprintf(&full, "%s%s", base, AM_PATH);
	free(base);
	am = xcalloc(1, sizeof *am);
	am->conn = sink_webhook_conn_new(full, cause);
	free(full);
	if (am->conn == NULL) {
		free(am);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->name = "alertmanager";
	s->deliver = sink_alertmanager_deliver;
	s->tick = sink_alertmanager_tick;
	s->free = sink_alertmanager_free;
	s->arg = am;
	s->ex = ex;
	s->batch_max = AM_BATCH;
	return s;
}
