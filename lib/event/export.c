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

static const char *const export_kinds[] = { "killed", "wounded", "kidnapped",
    "captured", "missing" };
#define EXPORT_KINDS	(sizeof export_kinds / sizeof export_kinds[0])

/* What a row and a feature use more than once, read once: an export's
 * time went into looking the same members up again. */
struct export_ev {
	json_t		*ev;
	long		 fig[EXPORT_KINDS];	/* export_figure's, by kind */
	char		 date[16];
	int		 prec;			/* export_date's */
	const char	*a1, *a2;		/* the first perpetrator, target */
	struct export_buf o1, o2;		/* and the others */
};

/* One casualty figure's kind, group and number. */
struct export_cas {
	const char	*kind, *who;
	long		 n;
};

/* v in decimal, in s (24 bytes at least); where it starts. */
static char *
export_itoa(char *s, long long v)
{
	unsigned long long u = v < 0 ? -(unsigned long long)v :
			    (unsigned long long)v;
	char	*p = s + 23;

	*p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return p;
}

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
	char	s[24];

	export_field(b, known ? export_itoa(s, v) : "", 0, 0);
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
static long
export_cas_figure(const struct export_cas *c, size_t n, const char *kind)
{
	size_t	 i, j;
	long	 low, total = -1;

	for (i = 0; i < n; i++) {
		if (strcmp(c[i].kind, kind) != 0)
			continue;
		/* a group is counted at its first figure only */
		for (j = 0; j < i; j++)
			if (strcmp(c[j].kind, kind) == 0 &&
			    strcmp(c[j].who, c[i].who) == 0)
				break;
		if (j < i)
			continue;
		low = -1;
		for (j = 0; j < n; j++) {
			if (strcmp(c[j].kind, kind) != 0 ||
			    strcmp(c[j].who, c[i].who) != 0)
				continue;
			if (low < 0 || c[j].n < low)
				low = c[j].n;
		}
		total = (total < 0 ? 0 : total) + low;
	}
	return total;
}

/* The figures of the kinds asked (all EXPORT_KINDS when kind is NULL). */
static void
export_figures(json_t *ev, const char *kind, long *fig)
{
	json_t			*all = json_object_get(ev, "casualties"), *c, *v;
	struct export_cas	 mine[16], *cas = mine;
	size_t			 i, n = json_array_size(all);

	if (n > sizeof mine / sizeof mine[0])
		cas = xreallocarray(NULL, n, sizeof *cas);
	json_array_foreach(all, i, c) {
		cas[i].kind = export_str(c, "kind");
		cas[i].who = export_str(c, "who");
		v = json_object_get(c, "value");
		cas[i].n = json_is_integer(v) ? (long)json_integer_value(v) :
		    export_vague(json_string_value(json_object_get(c,
		    "vague")));
	}
	if (kind != NULL)
		*fig = export_cas_figure(cas, n, kind);
	else
		for (i = 0; i < EXPORT_KINDS; i++)
			fig[i] = export_cas_figure(cas, n, export_kinds[i]);
	if (cas != mine)
		free(cas);
}

long
export_figure(json_t *ev, const char *kind)
{
	long	n;

	export_figures(ev, kind, &n);
	return n;
}

/* Days from 1970-01-01 of a proleptic Gregorian date. */
static long
export_days(int y, int m, int d)
{
	y -= m <= 2;
	return (long)(365L * y + y / 4 - y / 100 + y / 400 +
	    (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1) - 719468L;
}

/* n digits at s as a number, else -1. */
static int
export_digits(const char *s, int n)
{
	int	v = 0;

	for (; n > 0; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + *s - '0';
	}
	return v;
}

/* Whether s starts YYYY-MM-DD, as the store writes dates. */
static int
export_is_ymd(const char *s)
{
	return export_digits(s, 4) >= 0 && s[4] == '-' &&
	    export_digits(s + 5, 2) >= 0 && s[7] == '-' &&
	    export_digits(s + 8, 2) >= 0;
}

/* sscanf(s, "%4d-%2d-%2d", y, m, d), read by hand in the store's form:
 * sscanf was a tenth of an export's time. */
static int
export_ymd(const char *s, int *y, int *m, int *d)
{
	if (!export_is_ymd(s))
		return sscanf(s, "%4d-%2d-%2d", y, m, d);
	*y = export_digits(s, 4);
	*m = export_digits(s + 5, 2);
	*d = export_digits(s + 8, 2);
	return 3;
}

/* "2024-07-25", "--07-25", "2024-07" or "--07": year (0 if left out). */
static int
export_parse_date(const char *s, int *y, int *m, int *d)
{
	*y = *m = *d = 0;
	if (*s == '\0')	/* what every sscanf below would say */
		return -1;
	if (s[0] == '-' && s[1] == '-' && export_digits(s + 2, 2) >= 0 &&
	    s[4] == '-' && export_digits(s + 5, 2) >= 0) {
		*m = export_digits(s + 2, 2);
		*d = export_digits(s + 5, 2);
		return 0;
	}
	if (export_ymd(s, y, m, d) == 3 ||
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

	export_ymd(recv, &ry, &rm, &rd);
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
	prec = d == 0 || strcmp(export_str(dt, "end"), "..") == 0 ? 3 : 1;
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

	if (export_is_ymd(iso) && iso[10] == 'T' &&
	    (h = export_digits(iso + 11, 2)) >= 0 && iso[13] == ':' &&
	    (mi = export_digits(iso + 14, 2)) >= 0 && iso[16] == ':' &&
	    (sec = export_digits(iso + 17, 2)) >= 0)
		export_ymd(iso, &y, &mo, &d);	/* the store's form */
	else if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi,
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
export_ev_read(struct export_ev *e, json_t *ev)
{
	memset(e, 0, sizeof *e);
	e->ev = ev;
	export_figures(ev, NULL, e->fig);
	e->prec = export_date(ev, e->date, sizeof e->date);
	export_actors(ev, "perpetrator", &e->a1, &e->o1);
	export_actors(ev, "target", &e->a2, &e->o2);
}

static void
export_ev_clear(struct export_ev *e)
{
	free(e->o1.s);
	free(e->o2.s);
}

static void
export_figures_text(struct export_buf *b, const struct export_ev *e)
{
	char	 s[24], *n;
	size_t	 i;

	for (i = 0; i < EXPORT_KINDS; i++) {
		if (e->fig[i] < 0)
			continue;
		if (b->n > 0)
			export_add(b, ", ", 2);
		n = export_itoa(s, e->fig[i]);
		export_add(b, n, strlen(n));
		export_add(b, " ", 1);
		export_add(b, export_kinds[i], strlen(export_kinds[i]));
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
export_notes(const struct export_ev *e)
{
	json_t		*p = json_object_get(e->ev, "place");
	struct export_buf b = { NULL, 0, 0 }, fig = { NULL, 0, 0 };
	const char	*a1 = e->a1, *a2 = e->a2;
	const char	*claim = export_claimant(e->ev);
	char		*label = export_type_label(e->ev), *out;

	export_add(&b, "", 0);
	if (e->prec > 0) {
		export_add(&b, "On ", 3);
		export_add(&b, e->date, strlen(e->date));
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
	export_figures_text(&fig, e);
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
	free(fig.s);
	return out;
}

static void
export_row_actors(struct export_buf *b, const struct export_ev *e)
{
	struct export_buf u = { NULL, 0, 0 };
	const char	*a1 = e->a1, *o1 = e->o1.s;

	if (a1 == NULL) {	/* no one named as doing it: those unplaced */
		export_actors(e->ev, "unknown", &a1, &u);
		o1 = u.s;
	}
	export_field(b, a1 ? a1 : "", 1, 0);
	export_field(b, o1 ? o1 : "", 1, 0);
	export_field(b, e->a2 ? e->a2 : "", 1, 0);
	export_field(b, e->o2.s ? e->o2.s : "", 1, 0);
	free(u.s);
}

static void
export_row_place(struct export_buf *b, json_t *ev, const char *region,
    int num)
{
	json_t	*p = json_object_get(ev, "place");
	json_t	*lat = json_object_get(p, "lat"), *lon = json_object_get(p,
		    "lon");
	char	 s[32];

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
	struct export_ev e;
	json_t		*p = json_object_get(ev, "place");
	json_t		*doc = json_object_get(ev, "doc");
	const char	*et = export_str(json_object_get(ev, "acled"),
			    "event_type");
	char		 iso3[8], region[64], id[48], year[5], s[24], *notes;
	long long	 seq = json_integer_value(json_object_get(ev, "seq")), t;
	int		 num;

	export_ev_read(&e, ev);
	export_country(export_str(p, "country"), iso3, sizeof iso3, &num,
	    region, sizeof region);
	snprintf(id, sizeof id, "%s%s", *iso3 ? iso3 : "XXX", export_itoa(s,
	    seq));
	export_field(&b, id, 0, 0);
	export_field(&b, e.prec ? e.date : "", 0, 0);
	memcpy(year, e.date, 4);
	year[4] = '\0';
	export_field(&b, e.prec ? year : "", 0, 0);
	export_num(&b, e.prec, e.prec > 0);
	export_field(&b, export_disorder(et), 1, 0);
	export_field(&b, et, 1, 0);
	export_field(&b, export_str(json_object_get(ev, "acled"),
	    "sub_event_type"), 1, 0);
	export_row_actors(&b, &e);
	export_field(&b, "", 0, 0);	/* interaction: needs ACLED's actor types */
	export_field(&b, strcmp(et, "Violence against civilians") == 0 ?
	    "Civilian targeting" : "", 1, 0);
	export_row_place(&b, ev, region, num);
	export_join(&src, json_object_get(ev, "sources"));
	export_field(&b, src.s ? src.s : "", 1, 0);
	export_field(&b, "", 0, 0);	/* source_scale */
	notes = export_notes(&e);
	export_field(&b, notes, 1, 0);
	free(notes);
	export_num(&b, e.fig[0] < 0 ? 0 : e.fig[0], 1);	/* killed */
	export_field(&b, "", 0, 0);	/* tags */
	t = export_epoch(export_str(doc, "received_at"));
	export_num(&b, t, t >= 0);
	export_num(&b, seq, 1);
	export_num(&b, json_integer_value(json_object_get(json_object_get(ev,
	    "story"), "id")), json_is_object(json_object_get(ev, "story")));
	export_field(&b, export_str(ev, "claimed_by"), 1, 0);
	export_num(&b, e.fig[1], e.fig[1] >= 0);	/* wounded */
	export_num(&b, e.fig[2], e.fig[2] >= 0);	/* kidnapped */
	export_num(&b, e.fig[3], e.fig[3] >= 0);	/* captured */
	export_field(&b, export_str(ev, "sentence"), 1, 0);
	export_field(&b, export_str(doc, "sha256"), 0, 1);
	free(src.s);
	export_ev_clear(&e);
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
	struct export_ev e;
	json_t	*p = json_object_get(ev, "place"), *extra;
	json_t	*lat = json_object_get(p, "lat"), *lon = json_object_get(p,
		    "lon");
	struct export_buf b = { NULL, 0, 0 };
	char	 *notes, more[8192], head[128];
	double	 x, y;
	size_t	 m;

	while (len > 0 && strchr(" \t\r\n", raw[len - 1]) != NULL)
		len--;
	if (!json_is_number(lat) || !json_is_number(lon) || len < 2 ||
	    raw[len - 1] != '}')
		return NULL;
	x = json_number_value(lon);
	y = json_number_value(lat);
	if (x < -180 || x > 180 || y < -90 || y > 90)
		return NULL;
	export_ev_read(&e, ev);
	notes = export_notes(&e);
	extra = json_pack("{s:I,s:s?,s:s}", "fatalities", (json_int_t)(e.fig[0] <
	    0 ? 0 : e.fig[0]), "event_date", e.prec > 0 ? e.date : NULL,
	    "summary", notes);
	free(notes);
	export_ev_clear(&e);
	/* into our buffer: what jansson allocates may not be free()'s */
	m = json_dumpb(extra, more, sizeof more, JSON_COMPACT);
	json_decref(extra);
	if (m < 2 || m >= sizeof more)
		return NULL;
	more[m] = '\0';
	snprintf(head, sizeof head, "{\"type\":\"Feature\",\"geometry\":{"
	    "\"type\":\"Point\",\"coordinates\":[%.4f,%.4f]},\"properties\":",
	    x, y);
	b.cap = strlen(head) + len + m + 2;	/* one allocation */
	b.s = xmalloc(b.cap);
	export_add(&b, head, strlen(head));
	export_add(&b, raw, len - 1);
	/* {"fatalities":..}: its members after the event's own */
	if (len > 2)
		export_add(&b, ",", 1);
	export_add(&b, more + 1, m - 1);
	export_add(&b, "}", 1);
	return b.s;
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

