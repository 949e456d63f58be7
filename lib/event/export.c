#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include <unicode/uregion.h>

#include "raqib/export.h"
#include "raqib/xmalloc.h"

/* A growing string: rows are built field by field. */
struct export_buf {
	char	*s;
	size_t	 n, cap;
};

static void
export_add(struct export_buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		while (b->n + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 512;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static const char *
export_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/*
 * RFC 4180: quoted when it holds a comma, quote or line break, quotes
 * doubled. Text that a spreadsheet would run as a formula (=, +, -, @ first)
 * gets a leading apostrophe: article text is hostile input.
 */
static void
export_field(struct export_buf *b, const char *s, int text, int last)
{
	int	quote = strpbrk(s, ",\"\r\n") != NULL;
	const char *q;

	if (text && (*s == '=' || *s == '+' || *s == '-' || *s == '@' ||
	    *s == '\t' || *s == '\r'))
		quote = 1;
	if (quote)
		export_add(b, "\"", 1);
	if (quote && text && strchr("=+-@\t\r", *s) != NULL && *s != '\0')
		export_add(b, "'", 1);
	for (; quote && (q = strchr(s, '"')) != NULL; s = q + 1) {
		export_add(b, s, (size_t)(q - s) + 1);
		export_add(b, "\"", 1);
	}
	export_add(b, s, strlen(s));
	if (quote)
		export_add(b, "\"", 1);
	export_add(b, last ? "\r\n" : ",", last ? 2 : 1);
}

static void
export_num(struct export_buf *b, long long v, int known)
{
	char	s[32];

	if (known)
		snprintf(s, sizeof s, "%lld", v);
	else
		s[0] = '\0';
	export_field(b, s, 0, 0);
}

/* ACLED's fixed numbers for vague figures: tens 10, hundreds 100,
 * thousands 1000, "a number of" 10, "some" 3. */
static long
export_vague(const char *w)
{
	if (w == NULL)
		return 3;
	if (strstr(w, "\xd8\xb9\xd8\xb4\xd8\xb1") != NULL)	/* عشر */
		return 10;
	if (strstr(w, "\xd9\x85\xd8\xa6") != NULL)		/* مئ */
		return 100;
	if (strstr(w, "\xd8\xa2\xd9\x84\xd8\xa7\xd9\x81") != NULL ||
	    strstr(w, "\xd8\xa3\xd9\x84\xd9\x88\xd9\x81") != NULL) /* آلاف ألوف */
		return 1000;
	if (strstr(w, "\xd8\xb9\xd8\xaf") != NULL)		/* عدد عدة */
		return 10;
	return 3;
}

/*
 * ACLED's conservative rule: reports of one group's toll that differ give
 * the lowest; tolls of different groups (the "who") add up.
 */
long
export_figure(json_t *ev, const char *kind)
{
	json_t		*c, *d, *v;
	const char	*who, *who2;
	size_t		 i, j;
	long		 n, low, total = -1;

	json_array_foreach(json_object_get(ev, "casualties"), i, c) {
		if (strcmp(export_str(c, "kind"), kind) != 0)
			continue;
		who = export_str(c, "who");
		/* a group is counted at its first figure only */
		json_array_foreach(json_object_get(ev, "casualties"), j, d) {
			if (j >= i)
				break;
			if (strcmp(export_str(d, "kind"), kind) == 0 &&
			    strcmp(export_str(d, "who"), who) == 0)
				break;
		}
		if (j < i)
			continue;
		low = -1;
		json_array_foreach(json_object_get(ev, "casualties"), j, d) {
			who2 = export_str(d, "who");
			if (strcmp(export_str(d, "kind"), kind) != 0 ||
			    strcmp(who2, who) != 0)
				continue;
			v = json_object_get(d, "value");
			n = json_is_integer(v) ? (long)json_integer_value(v) :
			    export_vague(json_string_value(json_object_get(d,
			    "vague")));
			if (low < 0 || n < low)
				low = n;
		}
		total = (total < 0 ? 0 : total) + low;
	}
	return total;
}

/* Days from 1970-01-01 of a proleptic Gregorian date. */
static long
export_days(int y, int m, int d)
{
	y -= m <= 2;
	return (long)(365L * y + y / 4 - y / 100 + y / 400 +
	    (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1) - 719468L;
}

/* "2024-07-25", "--07-25", "2024-07" or "--07": year (0 if left out). */
static int
export_parse_date(const char *s, int *y, int *m, int *d)
{
	*y = *m = *d = 0;
	if (sscanf(s, "%4d-%2d-%2d", y, m, d) == 3 ||
	    sscanf(s, "--%2d-%2d", m, d) == 2)
		return 0;
	*d = 0;
	if (sscanf(s, "%4d-%2d", y, m) == 2 || sscanf(s, "--%2d", m) == 1)
		return 0;
	return -1;
}

int
export_date(json_t *ev, char *buf, size_t len)
{
	json_t		*dt = json_object_get(ev, "date");
	const char	*recv = export_str(json_object_get(ev, "doc"),
			    "received_at");
	int		 ry = 0, rm = 0, rd = 0, y, m, d, y2, m2, d2, prec;

	sscanf(recv, "%4d-%2d-%2d", &ry, &rm, &rd);
	if (export_parse_date(export_str(dt, "start"), &y, &m, &d) == -1) {
		/* no date in the sentence: the report's, within a week */
		if (ry == 0)
			return 0;
		snprintf(buf, len, "%04d-%02d-%02d", ry, rm, rd);
		return 2;
	}
	if (y == 0 && ry != 0)	/* the latest such date up to the report */
		y = (m > rm || (m == rm && d > rd)) ? ry - 1 : ry;
	if (y == 0)
		return 0;
	prec = d == 0 ? 3 : 1;
	if (d != 0 && export_parse_date(export_str(dt, "end"), &y2, &m2,
	    &d2) == 0 && d2 != 0) {
		if (y2 == 0)
			y2 = m2 < m ? y + 1 : y;
		prec = export_days(y2, m2, d2) - export_days(y, m, d) <= 7 ? 2 :
		    3;
	}
	snprintf(buf, len, "%04d-%02d-%02d", y, m, d == 0 ? 1 : d);
	return prec;
}

/* ACLED's geo_precision: 1 the town, 2 near it or its district, 3 only a
 * larger region. */
static int
export_geo_precision(json_t *place)
{
	const char *p = export_str(place, "precision");

	if (strcmp(p, "town") == 0)
		return 1;
	return *p != '\0' ? 3 : 0;
}

static const char *
export_disorder(const char *event_type)
{
	if (strcmp(event_type, "Protests") == 0 ||
	    strcmp(event_type, "Riots") == 0)
		return "Demonstrations";
	if (strcmp(event_type, "Strategic developments") == 0)
		return "Strategic developments";
	return *event_type != '\0' ? "Political violence" : "";
}

/* The actors of a role, in order: the first, and the others joined. */
static void
export_actors(json_t *ev, const char *role, const char **first,
    struct export_buf *others)
{
	json_t	*a;
	size_t	 i;

	*first = NULL;
	json_array_foreach(json_object_get(ev, "actors"), i, a) {
		if (strcmp(export_str(a, "role"), role) != 0)
			continue;
		if (*first == NULL)
			*first = export_str(a, "name");
		else {
			if (others->n > 0)
				export_add(others, "; ", 2);
			export_add(others, export_str(a, "name"),
			    strlen(export_str(a, "name")));
		}
	}
}

static void
export_join(struct export_buf *b, json_t *arr)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			continue;
		if (b->n > 0)
			export_add(b, "; ", 2);
		export_add(b, json_string_value(v), json_string_length(v));
	}
}

/* Country codes through ICU: MLI, 466 and ACLED-like region "Western
 * Africa" (the UN M49 subregion). */
static void
export_country_icu(const char *cc, char *iso3, size_t l3, int *num,
    char *region, size_t lr)
{
	UErrorCode	 err = U_ZERO_ERROR;
	const URegion	*r, *up;
	char		 loc[16];

	snprintf(loc, sizeof loc, "und_%s", cc);
	snprintf(iso3, l3, "%s", uloc_getISO3Country(loc));
	if ((r = uregion_getRegionFromCode(cc, &err)) == NULL || U_FAILURE(err))
		return;
	*num = uregion_getNumericCode(r);
	if ((up = uregion_getContainingRegion(r)) != NULL) {
		UChar	name[64];
		int32_t	n;

		snprintf(loc, sizeof loc, "und_%s", uregion_getRegionCode(up));
		n = uloc_getDisplayCountry(loc, "en", name, 64, &err);
		if (U_SUCCESS(err))
			u_strToUTF8(region, (int32_t)lr, NULL, name, n, &err);
		if (U_FAILURE(err))
			*region = '\0';
	}
}

static void
export_country(const char *cc, char *iso3, size_t l3, int *num, char *region,
    size_t lr)
{
	/* rows come country by country: ICU's bundles are read once a run */
	static __thread struct {
		char	cc[3], iso3[8], region[64];
		int	num;
	} last;

	*iso3 = *region = '\0';
	*num = 0;
	if (strlen(cc) != 2)
		return;
	if (strcmp(cc, last.cc) == 0) {
		snprintf(iso3, l3, "%s", last.iso3);
		snprintf(region, lr, "%s", last.region);
		*num = last.num;
		return;
	}
	export_country_icu(cc, iso3, l3, num, region, lr);
	snprintf(last.cc, sizeof last.cc, "%s", cc);
	snprintf(last.iso3, sizeof last.iso3, "%s", iso3);
	snprintf(last.region, sizeof last.region, "%s", region);
	last.num = *num;
}

const char *
export_csv_header(void)
{
	return "event_id_cnty,event_date,year,time_precision,disorder_type,"
	    "event_type,sub_event_type,actor1,assoc_actor_1,actor2,"
	    "assoc_actor_2,interaction,civilian_targeting,iso,region,country,"
	    "admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
	    "source,source_scale,notes,fatalities,tags,timestamp,"
	    "seq,story,claimed_by,wounded,kidnapped,captured,sentence_ar,"
	    "doc_sha256\r\n";
}

/* Seconds since the epoch of "2024-07-27T10:00:00.123Z", or -1. */
static long long
export_epoch(const char *iso)
{
	int	y, mo, d, h, mi, sec;

	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi,
	    &sec) != 6)
		return -1;
	return (long long)export_days(y, mo, d) * 86400 + h * 3600 + mi * 60 +
	    sec;
}

/* "Armed clash" from armed_clash when ACLED has no sub-event type. */
static char *
export_type_label(json_t *ev)
{
	const char *sub = export_str(json_object_get(ev, "acled"),
	    "sub_event_type");
	char	*s, *p;

	s = xstrdup(*sub != '\0' ? sub : export_str(ev, "type"));
	for (p = s; *p != '\0'; p++)
		if (*p == '_')
			*p = ' ';
	if (*s >= 'a' && *s <= 'z')
		*s = (char)(*s - 'a' + 'A');
	return s;
}

static void
export_figures_text(struct export_buf *b, json_t *ev)
{
	static const char *const kinds[] = { "killed", "wounded", "kidnapped",
	    "captured", "missing" };
	char	 s[64];
	size_t	 i;
	long	 n;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if ((n = export_figure(ev, kinds[i])) < 0)
			continue;
		snprintf(s, sizeof s, "%s%ld %s", b->n > 0 ? ", " : "", n,
		    kinds[i]);
		export_add(b, s, strlen(s));
	}
}

/* Who claims it, by name: FAMa rather than fama. */
static const char *
export_claimant(json_t *ev)
{
	const char	*id = export_str(ev, "claimed_by"), *name, *open;
	json_t		*a;
	size_t		 i;

	json_array_foreach(json_object_get(ev, "actors"), i, a) {
		if (strcmp(export_str(a, "id"), id) != 0)
			continue;
		name = export_str(a, "name");
		/* "Malian Armed Forces (FAMa)": the short form */
		if ((open = strrchr(name, '(')) != NULL && open[1] != '\0' &&
		    strchr(open, ')') != NULL)
			return open + 1;
		return name;
	}
	return id;
}

/* A short English description of the event (allocated). */
static char *
export_notes(json_t *ev)
{
	json_t		*p = json_object_get(ev, "place");
	struct export_buf b = { NULL, 0, 0 }, o1 = { NULL, 0, 0 },
			 o2 = { NULL, 0, 0 }, fig = { NULL, 0, 0 };
	const char	*a1, *a2, *claim = export_claimant(ev);
	char		 date[16], *label = export_type_label(ev), *out;

	export_add(&b, "", 0);
	if (export_date(ev, date, sizeof date) > 0) {
		export_add(&b, "On ", 3);
		export_add(&b, date, strlen(date));
		export_add(&b, ", ", 2);
		*label = (char)(*label >= 'A' && *label <= 'Z' ? *label - 'A' +
		    'a' : *label);
	}
	export_add(&b, label, strlen(label));
	if (*export_str(p, "name") != '\0') {
		export_add(&b, " in ", 4);
		export_add(&b, export_str(p, "name"), strlen(export_str(p,
		    "name")));
		if (strcmp(export_str(p, "precision"), "country") != 0 &&
		    *export_str(p, "country_name") != '\0') {
			export_add(&b, ", ", 2);
			export_add(&b, export_str(p, "country_name"),
			    strlen(export_str(p, "country_name")));
		}
	}
	export_actors(ev, "perpetrator", &a1, &o1);
	export_actors(ev, "target", &a2, &o2);
	if (a1 != NULL) {
		export_add(&b, ": ", 2);
		export_add(&b, a1, strlen(a1));
	}
	if (a2 != NULL) {
		export_add(&b, a1 != NULL ? " against " : ", against ",
		    a1 != NULL ? 9 : 10);
		export_add(&b, a2, strlen(a2));
	}
	export_add(&b, ".", 1);
	export_figures_text(&fig, ev);
	if (fig.n > 0) {
		export_add(&b, " ", 1);
		*fig.s = (char)(*fig.s >= 'a' && *fig.s <= 'z' ? *fig.s - 'a' +
		    'A' : *fig.s);
		export_add(&b, fig.s, fig.n);
		if (*claim != '\0') {
			export_add(&b, " (claimed by ", 13);
			export_add(&b, claim, strcspn(claim, ")"));
			export_add(&b, ")", 1);
		}
		export_add(&b, ".", 1);
	}
	out = b.s;
	free(label);
	free(o1.s);
	free(o2.s);
	free(fig.s);
	return out;
}

static void
export_row_actors(struct export_buf *b, json_t *ev)
{
	struct export_buf o1 = { NULL, 0, 0 }, o2 = { NULL, 0, 0 };
	const char	*a1, *a2;

	export_actors(ev, "perpetrator", &a1, &o1);
	if (a1 == NULL)		/* no one named as doing it: those unplaced */
		export_actors(ev, "unknown", &a1, &o1);
	export_actors(ev, "target", &a2, &o2);
	export_field(b, a1 ? a1 : "", 1, 0);
	export_field(b, o1.s ? o1.s : "", 1, 0);
	export_field(b, a2 ? a2 : "", 1, 0);
	export_field(b, o2.s ? o2.s : "", 1, 0);
	free(o1.s);
	free(o2.s);
}

static void
export_row_place(struct export_buf *b, json_t *ev)
{
	json_t	*p = json_object_get(ev, "place");
	json_t	*lat = json_object_get(p, "lat"), *lon = json_object_get(p,
		    "lon");
	char	 iso3[8], region[64], s[32], *cc;
	int	 num;

	cc = xstrdup(export_str(p, "country"));
	export_country(cc, iso3, sizeof iso3, &num, region, sizeof region);
	free(cc);
	export_num(b, num, num > 0);
	export_field(b, region, 1, 0);
	export_field(b, export_str(p, "country_name"), 1, 0);
	export_field(b, export_str(p, "admin1"), 1, 0);
	export_field(b, "", 0, 0);	/* admin2, admin3: not resolved */
	export_field(b, "", 0, 0);
	export_field(b, export_str(p, "name"), 1, 0);
	if (json_is_number(lat) && json_is_number(lon)) {
		snprintf(s, sizeof s, "%.4f", json_number_value(lat));
		export_field(b, s, 0, 0);
		snprintf(s, sizeof s, "%.4f", json_number_value(lon));
		export_field(b, s, 0, 0);
	} else {
		export_field(b, "", 0, 0);
		export_field(b, "", 0, 0);
	}
	num = export_geo_precision(p);
	export_num(b, num, num > 0);
}

char *
export_csv_row(json_t *ev)
{
	struct export_buf b = { NULL, 0, 0 }, src = { NULL, 0, 0 };
	json_t		*p = json_object_get(ev, "place");
	const char	*et = export_str(json_object_get(ev, "acled"),
			    "event_type");
	char		 iso3[8], region[64], date[16], id[48], *notes;
	long long	 seq = json_integer_value(json_object_get(ev, "seq"));
	long		 n;
	int		 num, prec;

	export_country(export_str(p, "country"), iso3, sizeof iso3, &num,
	    region, sizeof region);
	snprintf(id, sizeof id, "%s%lld", *iso3 ? iso3 : "XXX", seq);
	export_field(&b, id, 0, 0);
	prec = export_date(ev, date, sizeof date);
	export_field(&b, prec ? date : "", 0, 0);
	export_field(&b, prec ? (date[4] = '\0', date) : "", 0, 0);
	export_num(&b, prec, prec > 0);
	export_field(&b, export_disorder(et), 1, 0);
	export_field(&b, et, 1, 0);
	export_field(&b, export_str(json_object_get(ev, "acled"),
	    "sub_event_type"), 1, 0);
	export_row_actors(&b, ev);
	export_field(&b, "", 0, 0);	/* interaction: needs ACLED's actor types */
	export_field(&b, strcmp(et, "Violence against civilians") == 0 ?
	    "Civilian targeting" : "", 1, 0);
	export_row_place(&b, ev);
	export_join(&src, json_object_get(ev, "sources"));
	export_field(&b, src.s ? src.s : "", 1, 0);
	export_field(&b, "", 0, 0);	/* source_scale */
	notes = export_notes(ev);
	export_field(&b, notes, 1, 0);
	free(notes);
	n = export_figure(ev, "killed");
	export_num(&b, n < 0 ? 0 : n, 1);
	export_field(&b, "", 0, 0);	/* tags */
	export_num(&b, export_epoch(export_str(json_object_get(ev, "doc"),
	    "received_at")), export_epoch(export_str(json_object_get(ev, "doc"),
	    "received_at")) >= 0);
	export_num(&b, seq, 1);
	export_num(&b, json_integer_value(json_object_get(json_object_get(ev,
	    "story"), "id")), json_is_object(json_object_get(ev, "story")));
	export_field(&b, export_str(ev, "claimed_by"), 1, 0);
	n = export_figure(ev, "wounded");
	export_num(&b, n, n >= 0);
	n = export_figure(ev, "kidnapped");
	export_num(&b, n, n >= 0);
	n = export_figure(ev, "captured");
	export_num(&b, n, n >= 0);
	export_field(&b, export_str(ev, "sentence"), 1, 0);
	export_field(&b, export_str(json_object_get(ev, "doc"), "sha256"), 0, 1);
	free(src.s);
	return b.s;
}

/*
 * RFC 7946: [longitude, latitude] in WGS 84, at most 6 decimals (these
 * are gazetteer points: 4 is 11 m); the properties are the event's own
 * fields with ACLED's fatalities, event_date and an English summary.
 * raw is the event's JSON text, spliced in rather than written anew: an
 * export's time is mostly JSON.
 */
char *
export_feature(json_t *ev, const char *raw, size_t len)
{
	json_t	*p = json_object_get(ev, "place"), *extra;
	json_t	*lat = json_object_get(p, "lat"), *lon = json_object_get(p,
		    "lon");
	char	 date[16], *notes, more[8192], *out;
	double	 x, y;
	size_t	 m;
	long	 n;

	while (len > 0 && strchr(" \t\r\n", raw[len - 1]) != NULL)
		len--;
	if (!json_is_number(lat) || !json_is_number(lon) || len < 2 ||
	    raw[len - 1] != '}')
		return NULL;
	x = json_number_value(lon);
	y = json_number_value(lat);
	if (x < -180 || x > 180 || y < -90 || y > 90)
		return NULL;
	n = export_figure(ev, "killed");
	notes = export_notes(ev);
	extra = json_pack("{s:I,s:s?,s:s}", "fatalities", (json_int_t)(n < 0 ?
	    0 : n), "event_date", export_date(ev, date, sizeof date) > 0 ?
	    date : NULL, "summary", notes);
	free(notes);
	/* into our buffer: what jansson allocates may not be free()'s */
	m = json_dumpb(extra, more, sizeof more, JSON_COMPACT);
	json_decref(extra);
	if (m < 2 || m >= sizeof more)
		return NULL;
	more[m] = '\0';
	/* {"fatalities":..}: its members after the event's own */
	xasprintf(&out, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
	    "\"coordinates\":[%.4f,%.4f]},\"properties\":%.*s%s%s}", x, y,
	    (int)(len - 1), raw, len > 2 ? "," : "", more + 1);
	return out;
}

/* "2d" ago, "2024-07-27" or an ISO time, as the store's UTC form
 * ("2024-07-27T00:00:00Z"); -1 if it is none of these. */
int
export_time(const char *s, char *out, size_t len)
{
	struct tm	 tm;
	time_t		 t;
	char		*end;
	long		 n, unit = 0;
	int		 y, mo, d, h = 0, mi = 0, sec = 0;
	char		 z = 'Z';

	errno = 0;
	n = strtol(s, &end, 10);
	if (end != s && errno == 0 && n >= 0 && end[0] != '\0' &&
	    end[1] == '\0') {
		switch (*end) {
		case 's': unit = 1; break;
		case 'm': unit = 60; break;
		case 'h': unit = 3600; break;
		case 'd': unit = 86400; break;
		case 'w': unit = 7 * 86400; break;
		}
		if (unit == 0)
			return -1;
		t = time(NULL) - (time_t)n * unit;
		gmtime_r(&t, &tm);
		strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return 0;
	}
	if ((sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &z) != 3 &&
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec,
	    &z) != 7 && (sec = 0, sscanf(s, "%4d-%2d-%2dT%2d:%2d%c", &y, &mo,
	    &d, &h, &mi, &z) != 6)) || z != 'Z' || mo < 1 || mo > 12 ||
	    d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	if (y < 1970 || y > 9999)
		return -1;
	snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:%02dZ", y % 10000,
	    mo % 100, d % 100, h % 100, mi % 100, sec % 100);
	return 0;
}

