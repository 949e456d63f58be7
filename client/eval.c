#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "raqib/extract.h"
#include "raqib/xmalloc.h"
#include "raqib.h"

/*
 * Scoring extraction against gold as ../eval/EVAL.md defines it, the same
 * rules as its reference scorer (score.py): five fields, greedy one-to-one
 * alignment, optional gold neither rewarded nor punished.
 */

#define EVAL_FIELDS	5

static const char *const eval_fields[EVAL_FIELDS] = { "places", "actors",
    "people", "casualties", "events" };

struct eval_tally {
	long	 tp[EVAL_FIELDS], fn[EVAL_FIELDS], fp[EVAL_FIELDS];
	long	 qual_ok, qual_all;
};

static void
eval_usage(FILE *f)
{
	fprintf(f, "usage: raqib eval [--json] [--min-f1 X] GOLD_DIR FILE...\n\n"
	    "Extracts each FILE (NAME.txt) and scores it against GOLD_DIR/NAME.json\n"
	    "(raqib.gold/1) with the rules of EVAL.md: places, actors, people,\n"
	    "casualties and events, matched one to one; prints precision, recall\n"
	    "and F1 per field and, last, the micro-F1 over all five.\n\n"
	    "  --json      also print the totals as one JSON object\n"
	    "  --min-f1 X  exit 1 when micro-F1 is below X\n"
	    "  --stories   score stories instead: raqib eval --stories --help\n"
	    "exit codes: 0 ok, 1 runtime failure, 2 usage error\n");
}

/* ICU normalisation of UTF-8 to UTF-8 (NFKC or NFKD). */
static char *
eval_normalize(const char *s, int kd)
{
	UErrorCode	 err = U_ZERO_ERROR;
	const UNormalizer2 *n = kd ? unorm2_getNFKDInstance(&err) :
	    unorm2_getNFKCInstance(&err);
	UChar		*u, *v;
	int32_t		 len, m, o;
	char		*out;

	u_strFromUTF8Lenient(NULL, 0, &len, s, -1, &err);
	err = U_ZERO_ERROR;
	u = xcalloc((size_t)len + 1, sizeof *u);
	u_strFromUTF8Lenient(u, len + 1, &len, s, -1, &err);
	v = xcalloc((size_t)len * 4 + 8, sizeof *v);
	err = U_ZERO_ERROR;
	m = unorm2_normalize(n, u, len, v, len * 4 + 8, &err);
	free(u);
	if (U_FAILURE(err))
		m = 0;
	err = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &o, v, m, &err);
	out = xmalloc((size_t)o + 1);
	err = U_ZERO_ERROR;
	u_strToUTF8(out, o + 1, &o, v, m, &err);
	free(v);
	return out;
}

/* score.py's fold: NFKD, combining marks out, lower case, [a-z0-9] only. */
static char *
eval_fold(const char *s)
{
	char	*k, *out;
	size_t	 i = 0, o = 0, len;
	UChar32	 c;

	if (s == NULL)
		return xstrdup("");
	k = eval_normalize(s, 1);
	len = strlen(k);
	out = xmalloc(len + 1);
	while (i < len) {
		U8_NEXT(k, i, len, c);
		if (c < 0 || u_getCombiningClass(c) != 0 ||
		    u_charType(c) == U_NON_SPACING_MARK)
			continue;
		c = u_tolower(c);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[o++] = (char)c;
	}
	out[o] = '\0';
	free(k);
	return out;
}

/* score.py's norm_ar: NFKC, diacritics out, letter variants unified,
 * quotes and punctuation to spaces, spaces collapsed. */
static char *
eval_norm_ar(const char *s)
{
	char	*k, *out;
	size_t	 i = 0, o = 0, len;
	UChar32	 c;
	int	 space = 0;

	if (s == NULL)
		return xstrdup("");
	k = eval_normalize(s, 0);
	len = strlen(k);
	out = xmalloc(len * 2 + 1);
	while (i < len) {
		U8_NEXT(k, i, len, c);
		if (c < 0 || (c >= 0x064b && c <= 0x065f) || c == 0x0670 ||
		    c == 0x0640)
			continue;
		switch (c) {
		case 0x0623: case 0x0625: case 0x0622: case 0x0671:
			c = 0x0627;
			break;
		case 0x0649: case 0x0626:
			c = 0x064a;
			break;
		case 0x0629:
			c = 0x0647;
			break;
		case 0x0624:
			c = 0x0648;
			break;
		case 0xab: case 0xbb: case '"': case 0x201c: case 0x201d:
		case '\'': case 0x2018: case 0x2019: case '(': case ')':
		case '[': case ']': case 0x060c: case ',': case '.': case ':':
		case 0x061b:
			c = ' ';
			break;
		}
		if (u_isUWhiteSpace(c)) {
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = 0;
		U8_APPEND_UNSAFE(out, o, c);
	}
	out[o] = '\0';
	free(k);
	return out;
}

/* Ratcliff/Obershelp, as Python's difflib.SequenceMatcher.ratio(). */
static size_t
eval_matches(const char *a, size_t al, const char *b, size_t bl)
{
	size_t	i, j, k, best = 0, bi = 0, bj = 0;

	for (i = 0; i < al; i++)
		for (j = 0; j < bl; j++) {
			for (k = 0; i + k < al && j + k < bl && a[i + k] == b[j + k];)
				k++;
			if (k > best) {
				best = k;
				bi = i;
				bj = j;
			}
		}
	if (best == 0)
		return 0;
	return best + eval_matches(a, bi, b, bj) + eval_matches(a + bi + best,
	    al - bi - best, b + bj + best, bl - bj - best);
}

static double
eval_ratio(const char *a, const char *b)
{
	size_t	al = strlen(a), bl = strlen(b);

	if (al + bl == 0)
		return 1.0;
	return 2.0 * (double)eval_matches(a, al, b, bl) / (double)(al + bl);
}

static const char *
eval_s(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int
eval_coords(json_t *p, double *lat, double *lon)
{
	json_t	*a = json_object_get(p, "lat"), *b = json_object_get(p, "lon");

	if (!json_is_number(a) || !json_is_number(b))
		return 0;
	*lat = json_number_value(a);
	*lon = json_number_value(b);
	return 1;
}

static double
eval_km(double la1, double lo1, double la2, double lo2)
{
	double	r = M_PI / 180, h;

	h = pow(sin((la2 - la1) * r / 2), 2) + cos(la1 * r) * cos(la2 * r) *
	    pow(sin((lo2 - lo1) * r / 2), 2);
	return 6371 * 2 * asin(fmin(1, sqrt(h)));
}

static int
eval_streq_fold(const char *a, const char *b)
{
	char	*fa = eval_fold(a), *fb = eval_fold(b);
	int	 eq = strcmp(fa, fb) == 0;

	free(fa);
	free(fb);
	return eq;
}

static int
eval_place(json_t *g, json_t *p)
{
	const char *gp = eval_s(g, "precision"), *pp = eval_s(p, "precision");
	const char *gc = eval_s(g, "country") ? eval_s(g, "country") : "";
	const char *pc = eval_s(p, "country") ? eval_s(p, "country") : "";
	double	 a1, o1, a2, o2;
	size_t	 i, j;
	json_t	*s, *m;
	char	*x, *y, *fa, *fb;
	int	 ok = 0;

	if (gp != NULL && strcmp(gp, "region") == 0) {
		if (eval_streq_fold(eval_s(g, "name"), eval_s(p, "name")))
			return 1;
		json_array_foreach(json_object_get(g, "surfaces"), i, s) {
			x = eval_norm_ar(json_string_value(s));
			json_array_foreach(json_object_get(p, "mentions"), j, m) {
				y = eval_norm_ar(eval_s(m, "surface"));
				ok |= strcmp(x, y) == 0;
				free(y);
			}
			free(x);
		}
		return ok;
	}
	if (gp != NULL && strcmp(gp, "country") == 0)
		return pp != NULL && strcmp(pp, "country") == 0 &&
		    strcasecmp(pc, gc) == 0;
	if ((pp != NULL && strcmp(pp, "country") == 0) || strcasecmp(pc, gc) != 0)
		return 0;
	if (gp != NULL && strcmp(gp, "admin1") == 0 && pp != NULL &&
	    strcmp(pp, "admin1") == 0 && eval_streq_fold(eval_s(g, "admin1"),
	    eval_s(p, "admin1")))
		return 1;
	if (eval_coords(g, &a1, &o1) && eval_coords(p, &a2, &o2))
		return eval_km(a1, o1, a2, o2) <= (gp != NULL &&
		    strcmp(gp, "town") == 0 ? 40 : 150);
	fa = eval_fold(eval_s(g, "name"));
	fb = eval_fold(eval_s(p, "name"));
	ok = *fa != '\0' && (strcmp(fa, fb) == 0 || eval_ratio(fa, fb) >= 0.85);
	free(fa);
	free(fb);
	return ok;
}

static int
eval_words(const char *s)
{
	int	n = 0, in = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ')
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/* Whether " a " occurs in " b ". */
static int
eval_contains(const char *b, const char *a)
{
	char	*pa, *pb;
	int	 r;

	xasprintf(&pa, " %s ", a);
	xasprintf(&pb, " %s ", b);
	r = strstr(pb, pa) != NULL;
	free(pa);
	free(pb);
	return r;
}

static int
eval_person(json_t *g, json_t *p)
{
	json_t	*s, *m, *ps = json_array();
	size_t	 i, j;
	char	*a, *b;
	int	 ok = 0;

	if (eval_s(g, "name") != NULL && *eval_s(g, "name") != '\0') {
		char *fg = eval_fold(eval_s(g, "name"));

		if (*fg != '\0' && eval_streq_fold(eval_s(g, "name"),
		    eval_s(p, "name")))
			ok = 1;
		free(fg);
		if (ok) {
			json_decref(ps);
			return 1;
		}
	}
	json_array_foreach(json_object_get(p, "mentions"), i, m)
		json_array_append(ps, json_object_get(m, "surface"));
	json_array_append(ps, json_object_get(p, "name_ar"));
	json_array_foreach(json_object_get(g, "surfaces"), i, s) {
		a = eval_norm_ar(json_string_value(s));
		json_array_foreach(ps, j, m) {
			b = eval_norm_ar(json_string_value(m));
			if (*a != '\0' && *b != '\0' && (strcmp(a, b) == 0 ||
			    (eval_words(a) >= 2 && eval_words(b) >= 2 &&
			    (eval_contains(b, a) || eval_contains(a, b)))))
				ok = 1;
			free(b);
		}
		free(a);
	}
	json_decref(ps);
	return ok;
}

enum { M_PLACE, M_ACTOR, M_PERSON, M_CAS, M_CAS_QUAL, M_EVENT };

static int
eval_match(int how, json_t *g, json_t *p)
{
	switch (how) {
	case M_PLACE:
		return eval_place(g, p);
	case M_ACTOR:
		return eval_s(g, "id") && eval_s(p, "id") &&
		    strcmp(eval_s(g, "id"), eval_s(p, "id")) == 0;
	case M_PERSON:
		return eval_person(g, p);
	case M_CAS:
	case M_CAS_QUAL:
		if (!eval_s(g, "kind") || !eval_s(p, "kind") ||
		    strcmp(eval_s(g, "kind"), eval_s(p, "kind")) != 0 ||
		    !json_equal(json_object_get(g, "value") ?
		    json_object_get(g, "value") : json_null(),
		    json_object_get(p, "value") ? json_object_get(p, "value") :
		    json_null()))
			return 0;
		return how == M_CAS || (eval_s(g, "qualifier") &&
		    eval_s(p, "qualifier") && strcmp(eval_s(g, "qualifier"),
		    eval_s(p, "qualifier")) == 0);
	case M_EVENT:
		return eval_s(g, "type") && eval_s(p, "type") &&
		    strcmp(eval_s(g, "type"), eval_s(p, "type")) == 0;
	}
	return 0;
}

/* Greedy one-to-one: each gold item takes the first unused match. Marks
 * used gold and predictions; returns the matched pairs. */
static size_t
eval_align(json_t *gold, json_t *pred, int how, char *gused, char *pused)
{
	size_t	 gi, pi, pairs = 0;

	for (gi = 0; gi < json_array_size(gold); gi++) {
		if (gused[gi])
			continue;
		for (pi = 0; pi < json_array_size(pred); pi++)
			if (!pused[pi] && eval_match(how, json_array_get(gold, gi),
			    json_array_get(pred, pi))) {
				gused[gi] = pused[pi] = 1;
				pairs++;
				break;
			}
	}
	return pairs;
}

static int
eval_required(json_t *g)
{
	json_t	*r = json_object_get(g, "required");

	return r == NULL || json_is_true(r);
}

static void
eval_count(struct eval_tally *t, int f, json_t *gold, json_t *pred,
    const char *gused, const char *pused)
{
	size_t	i;

	for (i = 0; i < json_array_size(gold); i++) {
		if (!eval_required(json_array_get(gold, i)))
			continue;
		if (gused[i])
			t->tp[f]++;
		else
			t->fn[f]++;
	}
	for (i = 0; i < json_array_size(pred); i++)
		if (!pused[i])
			t->fp[f]++;
}

/* The scored actors of a list: vocabulary ids that are not generic groups. */
static json_t *
eval_actors(struct extract *ex, json_t *list)
{
	json_t		*keep = json_array(), *a;
	const char	*id, *r;
	size_t		 i;

	json_array_foreach(list, i, a) {
		if ((id = eval_s(a, "id")) == NULL)
			continue;
		r = extract_actor_resolve(ex, id);
		if (r != NULL && strcmp(r, id) == 0 &&
		    !extract_actor_generic(ex, id))
			json_array_append(keep, a);
	}
	return keep;
}

static void
eval_doc(struct extract *ex, struct eval_tally *t, json_t *g, json_t *p)
{
	static const int how[EVAL_FIELDS] = { M_PLACE, M_ACTOR, M_PERSON, M_CAS,
	    M_EVENT };
	json_t	*gold, *pred;
	char	*gu, *pu;
	size_t	 q;
	int	 f;

	for (f = 0; f < EVAL_FIELDS; f++) {
		gold = json_object_get(g, eval_fields[f]);
		pred = json_object_get(p, eval_fields[f]);
		if (f == 1) {
			/* only ids of the vocabulary are scored, and its
			 * generic groups neither count nor cost */
			gold = eval_actors(ex, gold);
			pred = eval_actors(ex, pred);
		} else {
			gold = json_is_array(gold) ? json_incref(gold) :
			    json_array();
			pred = json_is_array(pred) ? json_incref(pred) :
			    json_array();
		}
		gu = xcalloc(json_array_size(gold) + 1, 1);
		pu = xcalloc(json_array_size(pred) + 1, 1);
		if (how[f] == M_CAS) {
			/* pairs with the same qualifier first */
			q = eval_align(gold, pred, M_CAS_QUAL, gu, pu);
			t->qual_ok += (long)q;
			t->qual_all += (long)(q + eval_align(gold, pred, M_CAS,
			    gu, pu));
		} else
			eval_align(gold, pred, how[f], gu, pu);
		eval_count(t, f, gold, pred, gu, pu);
		free(gu);
		free(pu);
		json_decref(gold);
		json_decref(pred);
	}
}

static void
eval_prf(long tp, long fn, long fp, double *p, double *r, double *f)
{
	*p = tp + fp ? (double)tp / (double)(tp + fp) : 1.0;
	*r = tp + fn ? (double)tp / (double)(tp + fn) : 1.0;
	*f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}

/* One file against its gold annotation (GOLD_DIR/NAME.json); -1 after
 * saying why it could not be scored. */
static int
eval_file(struct extract *ex, struct eval_tally *t, const char *golddir,
    const char *path)
{
	struct extract_doc info;
	json_t		*g, *p;
	json_error_t	 err;
	const char	*base, *dot;
	char		*gp, *buf, sha[65];
	size_t		 len;

	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	dot = strrchr(base, '.');
	xasprintf(&gp, "%s/%.*s.json", golddir, (int)(dot ? dot - base :
	    (long)strlen(base)), base);
	if ((g = json_load_file(gp, 0, &err)) == NULL) {
		fprintf(stderr, "raqib eval: %s: %s\n", gp, err.text);
		free(gp);
		return -1;
	}
	free(gp);
	memset(&info, 0, sizeof info);
	if (cmd_extract_read("eval", path, &buf, &len, sha,
	    &info.encoding) == -1) {
		json_decref(g);
		return -1;
	}
	info.path = path;
	info.sha256 = sha;
	p = extract_run(ex, buf, len, &info);
	free(buf);
	if (p == NULL)
		p = json_object();
	eval_doc(ex, t, g, p);
	json_decref(g);
	json_decref(p);
	return 0;
}

/* The table (and with --json its counts first); returns the micro-F1. */
static double
eval_report(const struct eval_tally *t, int json)
{
	json_t	*j;
	double	 pr, rc, f1;
	long	 all[3] = { 0, 0, 0 };
	int	 f;

	if (json) {
		j = json_object();
		for (f = 0; f < EVAL_FIELDS; f++)
			json_object_set_new(j, eval_fields[f], json_pack(
			    "{s:i,s:i,s:i}", "tp", (json_int_t)t->tp[f], "fn",
			    (json_int_t)t->fn[f], "fp", (json_int_t)t->fp[f]));
		json_dumpf(j, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(j);
	}
	printf("%-12s %4s %4s %4s %6s %6s %6s\n", "field", "tp", "fn", "fp", "P",
	    "R", "F1");
	for (f = 0; f < EVAL_FIELDS; f++) {
		eval_prf(t->tp[f], t->fn[f], t->fp[f], &pr, &rc, &f1);
		printf("%-12s %4ld %4ld %4ld %6.3f %6.3f %6.3f\n", eval_fields[f],
		    t->tp[f], t->fn[f], t->fp[f], pr, rc, f1);
		all[0] += t->tp[f];
		all[1] += t->fn[f];
		all[2] += t->fp[f];
	}
	printf("casualty qualifiers right: %ld/%ld\n", t->qual_ok, t->qual_all);
	eval_prf(all[0], all[1], all[2], &pr, &rc, &f1);
	printf("micro-F1 %.3f\n", f1);
	return f1;
}

/* --min-f1 X, for both evaluations: a number from 0 to 1, or a usage error
 * said. */
int
eval_min_f1(const char *arg, double *min)
{
	char	*end;

	*min = strtod(arg, &end);
	if (*end == '\0' && end != arg && *min >= 0 && *min <= 1)
		return 0;
	client_usage_error("eval", "--min-f1 takes a number from 0 to 1");
	return -1;
}

int
cmd_eval(int argc, char **argv, struct client_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "min-f1", required_argument, NULL, 'm' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct eval_tally t;
	struct extract	*ex;
	double		 min = -1;
	int		 ch, json = 0, i, rcode = EXIT_OK;

	/* the story evaluation has its own gold and options */
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--stories") == 0)
			return cmd_eval_stories(argc, argv, o);
	while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'm':
			if (eval_min_f1(optarg, &min) == -1)
				return EXIT_USAGE;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			eval_usage(stdout);
			return EXIT_OK;
		default:
			return client_usage_error("eval", NULL);
		}
	}
	if (argc - optind < 2)
		return client_usage_error("eval", "give GOLD_DIR and FILE...");
	if ((ex = client_engine(o)) == NULL)
		return EXIT_RUNTIME;
	memset(&t, 0, sizeof t);
	for (i = optind + 1; i < argc; i++)
		if (eval_file(ex, &t, argv[optind], argv[i]) == -1)
			rcode = EXIT_RUNTIME;
	if (eval_report(&t, json) < min && min >= 0)
		rcode = EXIT_RUNTIME;
	extract_free(ex);
	return rcode;
}
