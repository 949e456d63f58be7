/*
 * Chat webhooks (Slack, Mattermost, Discord) and a generic JSON webhook.
 * A burst of events inside the rate-limit window goes out as one message;
 * a message that does not get a 2xx answer is retried by the subscriber,
 * which keeps the resume file behind it.
 *
 * The HTTP connection code here is also used by sink-alertmanager.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <jansson.h>

#include "raqib/xmalloc.h"
#include "render.h"
#include "sink.h"

#define WEBHOOK_CONNECT_MS	5000
#define WEBHOOK_TOTAL_MS	15000
#define WEBHOOK_REPLY_MAX	512	/* bytes of an error reply kept */
#define WEBHOOK_SENTENCE_MAX	1000	/* code points of a quoted sentence */
/* ...and what it keeps before the line of detail gives way: a story's
 * update line can be longer than the sentence it would push out */
#define WEBHOOK_SENTENCE_MIN	100

/* What each service accepts in one message, in characters, with room to
 * spare: Slack truncates text at 40000, Mattermost refuses posts over
 * 16383, Discord refuses content over 2000. */
enum webhook_format { F_SLACK, F_MATTERMOST, F_DISCORD, F_GENERIC };
static const struct {
	const char		*name;
	enum webhook_format	 f;
	size_t			 limit;
	size_t			 batch_max;
} sink_webhook_formats[] = {
	{ "slack", F_SLACK, 39000, 20 },
	{ "mattermost", F_MATTERMOST, 16000, 20 },
	{ "discord", F_DISCORD, 2000, 5 },
	{ "generic", F_GENERIC, 0, 100 },
};

/* One HTTP endpoint with its reused connection. */
struct sink_webhook_conn {
	CURL			*curl;
	struct curl_slist	*headers;
	char			*url;
	/* for messages: never the URL, whose path is often a secret */
	char			*host;
	char			 reply[WEBHOOK_REPLY_MAX + 1];
	size_t			 nreply;
	char			 error[CURL_ERROR_SIZE];
};


struct sink_webhook {
	struct sink_webhook_conn *conn;
	enum webhook_format	 format;
	size_t			 limit;
};

/* A growing string that counts its code points. */
struct sink_webhook_buf {
	char	*p;
	size_t	 len, cap, cps;
};

static size_t
sink_webhook_reply(char *data, size_t size, size_t n, void *arg)
{
	struct sink_webhook_conn *c = arg;
	size_t	 len = size * n, room = WEBHOOK_REPLY_MAX - c->nreply;

	if (len < room)
		room = len;
	memcpy(c->reply + c->nreply, data, room);
	c->nreply += room;
	c->reply[c->nreply] = '\0';
	return len;
}

/* Parses and checks URL: http or https with a host. */
struct sink_webhook_conn *
sink_webhook_conn_new(const char *url, char **cause)
{
	struct sink_webhook_conn *c;
	CURLU		*u;
	char		*scheme = NULL, *host = NULL;
	CURLUcode	 uc;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		xasprintf(cause, "libcurl: cannot initialise");
		return NULL;
	}
	if ((u = curl_url()) == NULL) {
		xasprintf(cause, "libcurl: out of memory");
		curl_global_cleanup();
		return NULL;
	}
	if ((uc = curl_url_set(u, CURLUPART_URL, url, 0)) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    *host == '\0') {
		xasprintf(cause, "\"%s\" is not a URL%s%s", url,
		    uc != CURLUE_OK ? ": " : "", uc != CURLUE_OK ?
		    curl_url_strerror(uc) : "");
		goto fail;
	}
	if (strcasecmp(scheme, "http") != 0 &&
	    strcasecmp(scheme, "https") != 0) {
		xasprintf(cause, "\"%s\": only http:// and https:// URLs are "
		    "supported", url);
		goto fail;
	}
	c = xcalloc(1, sizeof *c);
	c->url = xstrdup(url);
	c->host = xstrdup(host);
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	if ((c->curl = curl_easy_init()) == NULL) {
		xasprintf(cause, "libcurl: cannot create a handle");
		sink_webhook_conn_free(c);
		return NULL;
	}
	c->headers = curl_slist_append(NULL,
	    "Content-Type: application/json; charset=utf-8");
	c->headers = curl_slist_append(c->headers, "Accept: application/json");
	curl_easy_setopt(c->curl, CURLOPT_URL, c->url);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, c->headers);
	curl_easy_setopt(c->curl, CURLOPT_USERAGENT, "raqib/" RAQIB_VERSION);
	curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)WEBHOOK_CONNECT_MS);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, (long)WEBHOOK_TOTAL_MS);
	/* the subscriber ignores SIGPIPE; no alarm() games in a library */
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, c->error);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, sink_webhook_reply);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, c);
	return c;
fail:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	curl_global_cleanup();
	return NULL;
}

/* The start of an error reply, on one line, cut at a character. */
static void
sink_webhook_reply_line(struct sink_webhook_conn *c)
{
	size_t	i, n = c->nreply;

	if (n > 200)
		n = 200;
	while (n > 0 && n < c->nreply && ((unsigned char)c->reply[n] & 0xc0) ==
	    0x80)
		n--;
	c->reply[n] = '\0';
	for (i = 0; i < n; i++)
		if ((unsigned char)c->reply[i] < 0x20)
			c->reply[i] = ' ';
	while (n > 0 && c->reply[n - 1] == ' ')
		c->reply[--n] = '\0';
}

/* POSTs a JSON value; 0 on a 2xx answer, else -1 with why. */
int
sink_webhook_post(struct sink_webhook_conn *c, json_t *o, char **cause)
{
	CURLcode	 rc;
	long		 status = 0;
	char		*body;
	int		 ret = -1;

	if ((body = json_dumps(o, JSON_COMPACT)) == NULL) {
		xasprintf(cause, "%s: cannot encode the message", c->host);
		return -1;
	}
	c->nreply = 0;
	c->reply[0] = '\0';
	c->error[0] = '\0';
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	if ((rc = curl_easy_perform(c->curl)) != CURLE_OK) {
		xasprintf(cause, "%s: %s", c->host, *c->error != '\0' ?
		    c->error : curl_easy_strerror(rc));
		goto out;
	}
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status >= 300) {
		sink_webhook_reply_line(c);
		xasprintf(cause, "%s: HTTP %ld%s%s", c->host, status,
		    *c->reply != '\0' ? ": " : "", c->reply);
		goto out;
	}
	ret = 0;
out:
	free(body);
	return ret;
}

void
sink_webhook_conn_free(struct sink_webhook_conn *c)
{
	if (c == NULL)
		return;
	if (c->curl != NULL)
		curl_easy_cleanup(c->curl);
	curl_slist_free_all(c->headers);
	free(c->url);
	free(c->host);
	free(c);
	curl_global_cleanup();
}

static void
sink_webhook_add(struct sink_webhook_buf *b, const char *s, size_t n)
{
	size_t	i;

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			b->cps++;
}

static void
sink_webhook_puts(struct sink_webhook_buf *b, const char *s)
{
	sink_webhook_add(b, s, strlen(s));
}

/* How one character is written in FORMAT's markup: Slack wants &, < and >
 * as entities (else <!channel> pings a channel and <url|text> makes links);
 * Markdown services get a backslash before what would be markup, so text
 * from an article cannot make links or formatting. Mattermost has no way
 * to switch mentions off in a webhook: a zero-width space after @ keeps
 * "@all" in an article from paging everyone. Newlines would break the
 * quote a sentence sits in. */
static const char *
sink_webhook_escape(enum webhook_format f, const char *c, size_t n, char *buf)
{
	if (n != 1)
		return NULL;
	if (*c == '\n' || *c == '\r' || *c == '\t')
		return " ";
	if (f == F_SLACK)
		return *c == '&' ? "&amp;" : *c == '<' ? "&lt;" : *c == '>' ?
		    "&gt;" : NULL;
	if (strchr("\\*_~`|[]<>", *c) != NULL) {
		buf[0] = '\\';
		buf[1] = *c;
		buf[2] = '\0';
		return buf;
	}
	if (f == F_MATTERMOST && *c == '@')
		return "@\xe2\x80\x8b";
	return NULL;
}

static size_t
sink_webhook_charlen(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t	i, n;

	n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;

	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return i;	/* broken: take what is there */
	return n;
}

static size_t
sink_webhook_cps(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* How many code points S takes once escaped for the format. */
static size_t
sink_webhook_esclen(enum webhook_format f, const char *s)
{
	const char	*esc;
	char		 buf[3];
	size_t		 n, need = 0;

	for (; *s != '\0'; s += n) {
		n = sink_webhook_charlen(s);
		esc = sink_webhook_escape(f, s, n, buf);
		need += esc != NULL ? sink_webhook_cps(esc) : 1;
	}
	return need;
}

/* Appends S escaped for the format, in at most MAX code points: a text too
 * long is cut at a character and ends in an ellipsis. Returns how many
 * code points it wrote. */
static size_t
sink_webhook_text(struct sink_webhook_buf *b, enum webhook_format f,
    const char *s, size_t max)
{
	const char	*esc, *p;
	char		 buf[3];
	size_t		 n, w, start = b->cps;
	int		 cut = sink_webhook_esclen(f, s) > max;

	if (cut && max == 0)
		return 0;
	for (p = s; *p != '\0'; p += n) {
		n = sink_webhook_charlen(p);
		esc = sink_webhook_escape(f, p, n, buf);
		w = esc != NULL ? sink_webhook_cps(esc) : 1;
		if (cut && b->cps - start + w > max - 1)
			break;
		if (esc != NULL)
			sink_webhook_puts(b, esc);
		else
			sink_webhook_add(b, p, n);
	}
	if (cut)
		sink_webhook_puts(b, "\xe2\x80\xa6");	/* … */
	return b->cps - start;
}

static const char *
sink_webhook_str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s != NULL ? s : "";
}

/*
 * The line of detail: "--07-27 · `ev.ml.kidal.ambush` · sources: Reuters ·
 * update: now 41 killed (was 22) · 2 reports in story #7". The topic is code, so its underscores stay
 * underscores in every markup. With less than MAX code points of room,
 * the topic alone, or nothing. With B NULL, only says what it would take
 * within MAX.
 */
static size_t
sink_webhook_meta(struct sink_webhook_buf *b, enum webhook_format f,
    json_t *ev, size_t max)
{
	json_t		*st, *v;
	const char	*topic = sink_webhook_str(ev, "topic");
	char		*date, *rest, *old, when[160];
	size_t		 i, full, at = b != NULL ? b->cps : 0;
	json_int_t	 reports;

	render_when(ev, when, sizeof when);
	date = xstrdup(when);
	rest = xstrdup("");
	json_array_foreach(json_object_get(ev, "sources"), i, v) {
		old = rest;
		xasprintf(&rest, "%s%s%s", old, i == 0 ? " · sources: " : ", ",
		    json_string_value(v) ? json_string_value(v) : "");
		free(old);
	}
	st = json_object_get(ev, "story");
	if (json_is_object(st) && !json_is_true(json_object_get(st, "first"))) {
		char *ch = render_changes(ev);

		old = rest;
		reports = json_integer_value(json_object_get(st, "reports"));
		xasprintf(&rest, "%s · %s%s%s%lld reports in story #%lld", old,
		    ch ? "update: " : "", ch ? ch : "", ch ? " · " : "",
		    (long long)reports, (long long)json_integer_value(
		    json_object_get(st, "id")));
		free(old);
		free(ch);
	}
	full = sink_webhook_esclen(f, date) + 3 + 2 + sink_webhook_cps(topic) +
	    sink_webhook_esclen(f, rest);
	if (b == NULL)
		at = full <= max ? full : sink_webhook_cps(topic) + 2 <= max ?
		    sink_webhook_cps(topic) + 2 : 0;
	else if (full <= max) {
		sink_webhook_text(b, f, date, full);
		sink_webhook_puts(b, " · `");
		sink_webhook_puts(b, topic);
		sink_webhook_puts(b, "`");
		sink_webhook_text(b, f, rest, full);
		at = b->cps - at;
	} else if (sink_webhook_cps(topic) + 2 <= max) {
		sink_webhook_puts(b, "`");
		sink_webhook_puts(b, topic);
		sink_webhook_puts(b, "`");
		at = b->cps - at;
	} else
		at = 0;
	free(date);
	free(rest);
	return at;
}

/*
 * Sizes for each alert of a message of at most LIMIT code points: what it
 * needs if that fits, else a fair share. Short alerts take what they need
 * and leave the rest to the long ones (max-min fairness).
 */
static void
sink_webhook_share(const size_t *need, size_t *got, size_t n, size_t limit)
{
	size_t	i, j, left = limit, todo = n, best;

	for (i = 0; i < n; i++)
		got[i] = (size_t)-1;
	while (todo > 0) {
		/* the smallest need not yet served */
		for (best = n, j = 0; j < n; j++)
			if (got[j] == (size_t)-1 && (best == n || need[j] <
			    need[best]))
				best = j;
		if (need[best] * todo > left) {
			/* nobody left fits: all share what remains */
			for (j = 0; j < n; j++)
				if (got[j] == (size_t)-1)
					got[j] = left / todo;
			return;
		}
		got[best] = need[best];
		left -= need[best];
		todo--;
	}
}

/* One alert of a chat text in room code points (its markup aside): the
 * summary first, then the details, then the sentence. */
static void
sink_webhook_alert(struct sink_webhook_buf *b, enum webhook_format f,
    const char *bold, const char *head, json_t *ev, size_t room)
{
	const char	*sentence;
	size_t		 hlen, mlen, slen, smin;

	hlen = sink_webhook_esclen(f, head);
	if (hlen > room)
		hlen = room;
	sink_webhook_puts(b, bold);
	hlen = sink_webhook_text(b, f, head, hlen);
	sink_webhook_puts(b, bold);
	sink_webhook_puts(b, "\n");
	sentence = sink_webhook_str(ev, "sentence");
	/* the details give way before the sentence is cut too short */
	smin = sink_webhook_esclen(f, sentence);
	if (smin > WEBHOOK_SENTENCE_MIN)
		smin = WEBHOOK_SENTENCE_MIN;
	mlen = sink_webhook_meta(NULL, f, ev, room - hlen > smin ?
	    room - hlen - smin : 0);
	slen = room - hlen - mlen;
	if (slen > WEBHOOK_SENTENCE_MAX)
		slen = WEBHOOK_SENTENCE_MAX;
	if (*sentence != '\0' && slen >= 20) {
		sink_webhook_puts(b, "> " RENDER_RLI);
		sink_webhook_text(b, f, sentence, slen);
		sink_webhook_puts(b, RENDER_PDI "\n");
	}
	sink_webhook_meta(b, f, ev, mlen);
}

/* The markup was more than reckoned: cut the text to limit code points, at
 * a character, ending in an ellipsis. */
static void
sink_webhook_cut(struct sink_webhook_buf *b, size_t limit)
{
	size_t	 k, at, cps;

	for (k = at = cps = 0; k < b->len; k++) {
		if (((unsigned char)b->p[k] & 0xc0) == 0x80)
			continue;
		if (++cps == limit) {
			at = k;
			break;
		}
	}
	b->len = at;
	b->cps = limit - 1;
	sink_webhook_puts(b, "\xe2\x80\xa6");
}

/*
 * The chat text of a batch: per alert, its summary in bold, the Arabic
 * sentence in a quote (isolated, so it keeps its order among Latin text),
 * and a line of detail. A message has a size limit: what does not fit is
 * cut, the sentence first down to WEBHOOK_SENTENCE_MIN, then the details,
 * so every alert of the batch is in the message with its sentence.
 */
static char *
sink_webhook_chat(struct sink_webhook *w, struct extract *ex, json_t **ev,
    size_t n)
{
	struct sink_webhook_buf b = { NULL, 0, 0, 0 };
	enum webhook_format f = w->format;
	const char	*bold = f == F_SLACK ? "*" : "**";
	char		**head, *sum, line[64];
	size_t		*need, *got, i, slen;
	/* around an alert: bold marks, "> ", isolates, newlines */
	size_t		 markup = 2 * strlen(bold) + 2 + 2 + 4;

	head = xreallocarray(NULL, n, sizeof *head);
	need = xreallocarray(NULL, n, sizeof *need);
	got = xreallocarray(NULL, n, sizeof *got);
	sink_webhook_puts(&b, "");
	if (n > 1) {
		snprintf(line, sizeof line, "%sraqib: %zu alerts%s\n\n", bold,
		    n, bold);
		sink_webhook_puts(&b, line);
	}
	for (i = 0; i < n; i++) {
		sum = render_summary(ex, ev[i], 1);
		xasprintf(&head[i], "#%lld %s", (long long)json_integer_value(
		    json_object_get(ev[i], "seq")), sum);
		free(sum);
		slen = sink_webhook_esclen(f, sink_webhook_str(ev[i],
		    "sentence"));
		if (slen > WEBHOOK_SENTENCE_MAX)
			slen = WEBHOOK_SENTENCE_MAX;
		need[i] = markup + sink_webhook_esclen(f, head[i]) +
		    sink_webhook_meta(NULL, f, ev[i], SIZE_MAX) + slen;
	}
	sink_webhook_share(need, got, n, w->limit > b.cps ? w->limit - b.cps :
	    0);
	for (i = 0; i < n; i++) {
		sink_webhook_alert(&b, f, bold, head[i], ev[i], got[i] > markup ?
		    got[i] - markup : 0);
		sink_webhook_puts(&b, i + 1 < n ? "\n\n" : "");
		free(head[i]);
	}
	free(head);
	free(need);
	free(got);
	if (b.cps > w->limit)
		sink_webhook_cut(&b, w->limit);
	return b.p;
}

/* The request body for a batch in the sink's format. */
static json_t *
sink_webhook_body(struct sink *s, json_t **ev, size_t n)
{
	struct sink_webhook	*w = s->arg;
	json_t			*o, *a;
	char			*text;
	size_t			 i;

	if (w->format == F_GENERIC) {
		a = json_array();
		for (i = 0; i < n; i++)
			json_array_append(a, ev[i]);
		o = json_pack("{s:s,s:o}", "schema", "raqib.alerts/1", "events",
		    a);
	} else {
		text = sink_webhook_chat(w, s->ex, ev, n);
		switch (w->format) {
		case F_SLACK:
			o = json_pack("{s:s,s:b}", "text", text, "mrkdwn", 1);
			break;
		case F_MATTERMOST:
			o = json_pack("{s:s,s:s}", "text", text, "username",
			    "raqib");
			break;
		default:
			/* an article that says @everyone must not ping */
			o = json_pack("{s:s,s:s,s:{s:[]}}", "content", text,
			    "username", "raqib", "allowed_mentions", "parse");
			break;
		}
		free(text);
	}
	return o;
}

static int
sink_webhook_deliver(struct sink *s, json_t **ev, size_t n, char **cause)
{
	struct sink_webhook	*w = s->arg;
	json_t			*body;
	int			 rc;

	if (n == 0)
		return 0;
	body = sink_webhook_body(s, ev, n);
	rc = sink_webhook_post(w->conn, body, cause);
	json_decref(body);
	return rc;
}

static void
sink_webhook_free(struct sink *s)
{
	struct sink_webhook	*w = s->arg;

	sink_webhook_conn_free(w->conn);
	free(w);
}

/* A webhook in FORMAT; at most one message per RATE_MS milliseconds. */
struct sink *
sink_webhook(struct extract *ex, const char *url, const char *format,
    long rate_ms, char **cause)
{
	struct sink		*s;
	struct sink_webhook	*w;
	size_t			 i, nf = sizeof sink_webhook_formats /
				    sizeof sink_webhook_formats[0];

	for (i = 0; i < nf; i++)
		if (strcmp(format, sink_webhook_formats[i].name) == 0)
			break;
	if (i == nf) {
		xasprintf(cause, "unknown --format \"%s\" (slack, mattermost, "
		    "discord or generic)", format);
		return NULL;
	}
	w = xcalloc(1, sizeof *w);
	if ((w->conn = sink_webhook_conn_new(url, cause)) == NULL) {
		free(w);
		return NULL;
	}
	w->format = sink_webhook_formats[i].f;
	w->limit = sink_webhook_formats[i].limit;
	s = xcalloc(1, sizeof *s);
	s->name = "webhook";
	s->deliver = sink_webhook_deliver;
	s->free = sink_webhook_free;
	s->arg = w;
	s->ex = ex;
	s->interval_ms = rate_ms > 0 ? rate_ms : 0;
	s->batch_max = sink_webhook_formats[i].batch_max;
	return s;
}
