#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/extract.h"
#include "raqib/fingerprint.h"
#include "raqib/storydb.h"
#include "raqib/xmalloc.h"
#include "raqib.h"

/*
 * raqib eval --stories: reports fed in their time order through the story
 * decision raqibd makes (storydb.c on a database in memory), scored against
 * a gold that says which incident each report tells and whether it raises
 * the toll: B-cubed clustering, reports merged into another incident's
 * story, and toll raises flagged as updates. Gold format: tests/eval/EVAL.md.
 */

enum { ES_FIRST, ES_RAISE, ES_SAME, ES_OTHER };

static const char *const es_tolls[] = { "first", "raise", "same", "other",
    NULL };

struct es_report {
	char		*file;		/* as the gold names it */
	char		*incident;
	char		 at[40];	/* received, as raqibd writes it */
	int		 toll;
	int		 line;
	const char	*path;		/* the FILE given for it */
	char		 text_sha[65];
	long long	 story;		/* its lead event's, 0: no event */
	long long	 cluster;	/* for B-cubed; unique when no story */
	size_t		 dup_of;	/* 1 + the report whose text it has */
	int		 events;
	int		 flagged;	/* an update naming the figures */
	char		 figs[160];	/* what it said, for --verbose */
	char		*why;
};

struct es_set {
	struct es_report *r;
	size_t		 n;
	size_t		*order;		/* the feeding order */
	size_t		*by_seq;	/* 1 + the report of each seq */
	size_t		 nseq;
	long long	 doc;
};

struct es_score {
	double		 p, r, f1;
	long		 stories, merges, raises, flagged_raises, missed,
			 false_flags, eventless;
};

static void
es_usage(FILE *f)
{
	fprintf(f, "usage: raqib eval --stories [--json] [--verbose] "
	    "[--min-f1 X] [--no-merges] [--strict]\n"
	    "                  GOLD.tsv FILE...\n\n"
	    "Feeds each FILE the gold names, in the gold's time order, through "
	    "the story\n"
	    "decision raqibd makes, and scores it: B-cubed precision, recall "
	    "and F1 of\n"
	    "the reports' stories against the gold's incidents; reports "
	    "merged into a\n"
	    "story another incident started; toll raises flagged as updates "
	    "(misses)\n"
	    "and updates of the figures where the toll stayed (false flags).\n"
	    "GOLD.tsv: file, incident, time, toll (first|raise|same|other); "
	    "see EVAL.md.\n\n"
	    "  --json      also print the scores as one JSON object\n"
	    "  --verbose   one line per report: its story and why\n"
	    "  --min-f1 X  exit 1 when the B-cubed F1 is below X\n"
	    "  --no-merges exit 1 when a report is merged into another "
	    "incident\n"
	    "  --strict    exit 1 on a missed raise or a wrong merge\n"
	    "exit codes: 0 ok, 1 runtime failure or a threshold missed, "
	    "2 usage error\n");
}

static const char *
es_base(const char *path)
{
	const char *b = strrchr(path, '/');

	return b != NULL ? b + 1 : path;
}

/* YYYY-MM-DD[THH:MM[:SS]][Z] as YYYY-MM-DDTHH:MM:SS.000Z; -1 if not one. */
static int
es_time(const char *s, char out[40])
{
	int	y, mo, d, h = 0, mi = 0, se = 0, n = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	s += n;
	if (*s == 'T') {
		if (sscanf(s, "T%2d:%2d%n", &h, &mi, &n) != 2 || n != 6)
			return -1;
		s += n;
		if (*s == ':') {
			if (sscanf(s, ":%2d%n", &se, &n) != 1 || n != 3)
				return -1;
			s += n;
		}
	}
	if (*s == 'Z')
		s++;
	if (*s != '\0' || y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59)
		return -1;
	snprintf(out, 40, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", y, mo, d, h,
	    mi, se);
	return 0;
}

static int
es_toll(const char *s)
{
	int	i;

	for (i = 0; es_tolls[i] != NULL; i++)
		if (strcmp(s, es_tolls[i]) == 0)
			return i;
	return -1;
}

/* One line of the gold into *r; -1 with *cause. */
static int
es_row(char *line, const char *path, int no, struct es_report *r,
    char **cause)
{
	char	*f[4], *save = NULL, *t;
	int	 i;

	for (i = 0, t = strtok_r(line, "\t", &save); t != NULL && i < 4;
	    t = strtok_r(NULL, "\t", &save))
		f[i++] = t;
	if (i != 4 || t != NULL) {
		xasprintf(cause, "%s:%d: want 4 tab-separated fields (file, "
		    "incident, time, toll)", path, no);
		return -1;
	}
	memset(r, 0, sizeof *r);
	r->line = no;
	if (es_time(f[2], r->at) == -1) {
		xasprintf(cause, "%s:%d: time \"%s\" is not YYYY-MM-DD"
		    "[THH:MM[:SS]][Z]", path, no, f[2]);
		return -1;
	}
	if ((r->toll = es_toll(f[3])) == -1) {
		xasprintf(cause, "%s:%d: toll \"%s\" is not first, raise, same "
		    "or other", path, no, f[3]);
		return -1;
	}
	r->file = xstrdup(f[0]);
	r->incident = xstrdup(f[1]);
	return 0;
}

static int
es_load(const char *path, struct es_set *set, char **cause)
{
	FILE	*f;
	char	*line = NULL;
	size_t	 cap = 0, i;
	ssize_t	 len;
	int	 no = 0, rc = -1;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) != -1) {
		no++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#' || strncmp(line, "file\t", 5) == 0)
			continue;
		set->r = xreallocarray(set->r, set->n + 1, sizeof *set->r);
		if (es_row(line, path, no, &set->r[set->n], cause) == -1)
			goto out;
		for (i = 0; i < set->n; i++)
			if (strcmp(set->r[i].file, set->r[set->n].file) == 0) {
				xasprintf(cause, "%s:%d: %s is already on line %d",
				    path, no, set->r[i].file, set->r[i].line);
				free(set->r[set->n].file);
				free(set->r[set->n].incident);
				goto out;
			}
		set->n++;
	}
	if (set->n == 0)
		xasprintf(cause, "%s: no reports", path);
	else
		rc = 0;
out:
	free(line);
	fclose(f);
	return rc;
}

/* Each gold report's FILE, by its name; -1 with *cause if one is missing. */
static int
es_files(struct es_set *set, char **files, int nfiles, char **cause)
{
	size_t	i;
	int	j;

	for (j = 0; j < nfiles; j++) {
		for (i = 0; i < set->n; i++)
			if (strcmp(set->r[i].file, es_base(files[j])) == 0)
				break;
		if (i == set->n)
			fprintf(stderr, "raqib eval: %s: not in the gold; "
			    "skipped\n", files[j]);
		else
			set->r[i].path = files[j];
	}
	for (i = 0; i < set->n; i++)
		if (set->r[i].path == NULL) {
			xasprintf(cause, "gold line %d: %s: no such FILE given",
			    set->r[i].line, set->r[i].file);
			return -1;
		}
	return 0;
}

static struct es_set *es_sorting;

static int
es_cmp(const void *a, const void *b)
{
	const struct es_report *x = &es_sorting->r[*(const size_t *)a];
	const struct es_report *y = &es_sorting->r[*(const size_t *)b];
	int	c = strcmp(x->at, y->at);

	return c != 0 ? c : x->line - y->line;
}

static void
es_order(struct es_set *set)
{
	size_t	i;

	set->order = xcalloc(set->n, sizeof *set->order);
	for (i = 0; i < set->n; i++)
		set->order[i] = i;
	es_sorting = set;
	qsort(set->order, set->n, sizeof *set->order, es_cmp);
	es_sorting = NULL;
}

/* Whether an event's story update names the figures; appends them to
 * buf as "killed 41 (was 22)". */
static int
es_figures_changed(json_t *ev, char *buf, size_t len)
{
	json_t	*up = json_object_get(json_object_get(ev, "story"), "update");
	json_t	*f, *figs = json_object_get(up, "figures");
	size_t	 i, n;
	char	 now[24], was[24];

	if (!json_is_object(up) || figs == NULL)
		return 0;
	json_array_foreach(figs, i, f) {
		snprintf(now, sizeof now, json_is_integer(json_object_get(f,
		    "now")) ? "%lld" : "?", (long long)json_integer_value(
		    json_object_get(f, "now")));
		snprintf(was, sizeof was, json_is_integer(json_object_get(f,
		    "was")) ? "%lld" : "-", (long long)json_integer_value(
		    json_object_get(f, "was")));
		n = strlen(buf);
		snprintf(buf + n, len - n, "%s%s %s (was %s)", n > 0 ? ", " : "",
		    json_string_value(json_object_get(f, "kind")), now, was);
	}
	return 1;
}

/* Puts one document's events in their stories as store_document does. */
static int
es_events(struct es_set *set, struct storydb *sd, size_t k, json_t *x,
    const struct storydb_copy *copy, char **cause)
{
	struct es_report *r = &set->r[k];
	struct storydb_event e = { set->doc, r->text_sha, r->path, 0, r->at,
	    copy, json_object_get(x, "events"), json_object_get(x, "places") };
	json_t		*ev;
	const char	*why;
	long long	 story;
	size_t		 i;

	json_array_foreach(json_object_get(x, "events"), i, ev) {
		set->by_seq = xreallocarray(set->by_seq, set->nseq + 2,
		    sizeof *set->by_seq);
		set->by_seq[++set->nseq] = k + 1;
		e.seq = (long long)set->nseq;
		if (storydb_event(sd, &e, ev, &story) != 0) {
			xasprintf(cause, "%s: the story store failed", r->path);
			return -1;
		}
		if (r->events++ == 0) {
			r->story = story;
			why = json_string_value(json_object_get(json_object_get(
			    ev, "story"), "why"));
			r->why = xstrdup(why != NULL ? why : "");
		}
		if (story == r->story && es_figures_changed(ev, r->figs,
		    sizeof r->figs))
			r->flagged = 1;
	}
	return 0;
}

/* A report as raqibd takes a file: decoded, its text's twin not stored
 * again, extracted, its events in their stories. */
static int
es_feed(struct es_set *set, struct extract *ex, struct storydb *sd, size_t k,
    char **cause)
{
	struct es_report *r = &set->r[k];
	struct storydb_copy copy;
	struct fingerprint fp;
	struct extract_doc info;
	json_t		*x;
	char		*text, sha[65];
	size_t		 len, i;
	int		 rc = -1;

	memset(&info, 0, sizeof info);
	if (cmd_extract_read("eval", r->path, &text, &len, sha,
	    &info.encoding) == -1) {
		xasprintf(cause, "%s: not readable as an article", r->path);
		return -1;
	}
	fingerprint_make(text, len, &fp);
	memcpy(r->text_sha, fp.text_sha256, sizeof r->text_sha);
	if (storydb_has_text(sd, fp.text_sha256) == 1) {
		/* the report fed before with this text */
		for (i = 0; i < set->n && r->dup_of == 0; i++)
			if (i != k && set->r[i].dup_of == 0 &&
			    strcmp(set->r[i].text_sha, r->text_sha) == 0)
				r->dup_of = i + 1;
		free(text);
		return 0;
	}
	if (storydb_document(sd, ++set->doc, &fp, &copy) != 0) {
		xasprintf(cause, "%s: the story store failed", r->path);
		goto out;
	}
	info.path = r->path;
	info.sha256 = sha;
	if ((x = extract_run(ex, text, len, &info)) == NULL) {
		xasprintf(cause, "%s: extraction failed", r->path);
		goto out;
	}
	rc = es_events(set, sd, k, x, &copy, cause);
	json_decref(x);
out:
	free(text);
	return rc;
}

/* B-cubed over reports, and what the stories did wrong. */
static void
es_score(struct es_set *set, struct es_score *s)
{
	struct es_report *a, *b;
	double	 p = 0, r = 0;
	size_t	 i, j, both, pred, gold, first;

	memset(s, 0, sizeof *s);
	for (i = 0; i < set->n; i++) {
		a = &set->r[i];
		if (a->dup_of > 0)
			a->cluster = set->r[a->dup_of - 1].cluster;
		else
			a->cluster = a->story > 0 ? a->story : -(long long)i - 1;
	}
	for (i = 0; i < set->n; i++) {
		a = &set->r[i];
		for (j = both = pred = gold = 0; j < set->n; j++) {
			b = &set->r[j];
			pred += b->cluster == a->cluster;
			gold += strcmp(b->incident, a->incident) == 0;
			both += b->cluster == a->cluster &&
			    strcmp(b->incident, a->incident) == 0;
		}
		p += (double)both / (double)pred;
		r += (double)both / (double)gold;
		if (a->cluster < 0 && a->dup_of == 0)
			s->eventless++;
		if (a->cluster > 0 && (first = set->by_seq[a->cluster]) > 0 &&
		    first - 1 != i && strcmp(set->r[first - 1].incident,
		    a->incident) != 0)
			s->merges++;
		for (j = 0; a->cluster > 0 && j < i &&
		    set->r[j].cluster != a->cluster; j++)
			;
		s->stories += a->cluster > 0 && j == i;
		if (a->toll == ES_RAISE) {
			s->raises++;
			s->flagged_raises += a->flagged;
			s->missed += !a->flagged;
		} else if (a->toll != ES_OTHER)
			s->false_flags += a->flagged;
	}
	s->p = p / (double)set->n;
	s->r = r / (double)set->n;
	s->f1 = s->p + s->r > 0 ? 2 * s->p * s->r / (s->p + s->r) : 0;
}

static void
es_verbose(struct es_set *set)
{
	struct es_report *r;
	size_t	 i, first;
	const char *mark;

	for (i = 0; i < set->n; i++) {
		r = &set->r[set->order[i]];
		first = r->cluster > 0 ? set->by_seq[r->cluster] : 0;
		mark = first > 0 && strcmp(set->r[first - 1].incident,
		    r->incident) != 0 ? "  WRONG MERGE" : r->toll == ES_RAISE &&
		    !r->flagged ? "  MISSED RAISE" : r->toll != ES_OTHER &&
		    r->toll != ES_RAISE && r->flagged ? "  FALSE FLAG" : "";
		printf("%.16s %-14s %-18s %-5s ", r->at, r->file, r->incident,
		    es_tolls[r->toll]);
		if (r->dup_of > 0)
			printf("same text as %s%s\n", set->r[r->dup_of - 1].file,
			    mark);
		else if (r->story == 0)
			printf("no event%s\n", mark);
		else
			printf("story %lld%s%s%s%s\n    %s\n", r->story,
			    first == set->order[i] + 1 ? " (first)" : "",
			    r->flagged ? " update: " : "", r->figs, mark, r->why);
	}
}

static void
es_print(const struct es_score *s, size_t n, int json)
{
	json_t	*j;

	if (json) {
		j = json_pack("{s:I,s:I,s:f,s:f,s:f,s:I,s:I,s:I,s:I,s:I,s:I}",
		    "reports", (json_int_t)n, "stories", (json_int_t)s->stories,
		    "precision", s->p, "recall", s->r, "f1", s->f1,
		    "wrong_merges", (json_int_t)s->merges, "raises",
		    (json_int_t)s->raises, "raises_flagged",
		    (json_int_t)s->flagged_raises, "raises_missed",
		    (json_int_t)s->missed, "false_flags",
		    (json_int_t)s->false_flags, "no_event",
		    (json_int_t)s->eventless);
		json_dumpf(j, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(j);
	}
	printf("%-34s %6zu\n", "reports", n);
	printf("%-34s %6ld\n", "stories", s->stories);
	printf("%-34s %6ld\n", "reports without an event", s->eventless);
	printf("%-34s %6.3f\n", "B-cubed precision", s->p);
	printf("%-34s %6.3f\n", "B-cubed recall", s->r);
	printf("%-34s %6.3f\n", "B-cubed F1", s->f1);
	printf("%-34s %6ld\n", "merged into another incident", s->merges);
	printf("%-34s %3ld/%-2ld\n", "toll raises flagged as updates",
	    s->flagged_raises, s->raises);
	printf("%-34s %6ld\n", "figure updates where none was due",
	    s->false_flags);
}

static void
es_free(struct es_set *set)
{
	size_t	i;

	for (i = 0; i < set->n; i++) {
		free(set->r[i].file);
		free(set->r[i].incident);
		free(set->r[i].why);
	}
	free(set->r);
	free(set->order);
	free(set->by_seq);
}

static int
es_run(struct es_set *set, struct client_opts *o, char **cause)
{
	struct extract	*ex;
	struct storydb	*sd;
	size_t		 i;
	int		 rc = 0;

	if ((ex = client_engine(o)) == NULL)
		return -1;
	if ((sd = storydb_memory(cause)) == NULL) {
		extract_free(ex);
		return -1;
	}
	set->by_seq = xcalloc(1, sizeof *set->by_seq);
	for (i = 0; i < set->n && rc == 0; i++)
		rc = es_feed(set, ex, sd, set->order[i], cause);
	storydb_close(sd);
	extract_free(ex);
	return rc;
}

int
cmd_eval_stories(int argc, char **argv, struct client_opts *o)
{
	static const struct option longopts[] = {
		{ "stories", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "min-f1", required_argument, NULL, 'm' },
		{ "strict", no_argument, NULL, 'S' },
		{ "no-merges", no_argument, NULL, 'M' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct es_set	 set;
	struct es_score	 s;
	char		*cause = NULL;
	double		 min = -1;
	int		 ch, json = 0, verbose = 0, strict = 0, rc = EXIT_RUNTIME;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:hv", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			break;
		case 'j':
			json = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'm':
			if (eval_min_f1(optarg, &min) == -1)
				return EXIT_USAGE;
			break;
		case 'S':
			strict = 2;
			break;
		case 'M':
			strict = strict > 0 ? strict : 1;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			es_usage(stdout);
			return EXIT_OK;
		default:
			return client_usage_error("eval", NULL);
		}
	}
	if (argc - optind < 2)
		return client_usage_error("eval", "give GOLD.tsv and FILE...");
	memset(&set, 0, sizeof set);
	if (es_load(argv[optind], &set, &cause) == -1 ||
	    es_files(&set, argv + optind + 1, argc - optind - 1, &cause) == -1)
		goto out;
	es_order(&set);
	if (es_run(&set, o, &cause) == -1)
		goto out;
	es_score(&set, &s);
	if (verbose)
		es_verbose(&set);
	es_print(&s, set.n, json);
	rc = EXIT_OK;
	/* strict: 1 no merges, 2 and no missed raise */
	if ((min >= 0 && s.f1 < min) || (strict > 0 && s.merges > 0) ||
	    (strict > 1 && s.missed > 0))
		rc = EXIT_RUNTIME;
out:
	if (cause != NULL)
		fprintf(stderr, "raqib eval: %s\n", cause);
	free(cause);
	es_free(&set);
	return rc;
}
