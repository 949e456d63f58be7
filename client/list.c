/*
 * raqib list: the names the filters accept, as the engine lists them
 * (names_list), laid out in columns that hold whatever the names are: a
 * column is as wide as its widest name in the cells a terminal gives it
 * (an Arabic letter one, its vowel marks none), and the Arabic names of
 * actors have a column of their own instead of trailing the Latin ones.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "raqib/extract.h"
#include "raqib/names.h"
#include "raqib/xmalloc.h"
#include "filter.h"
#include "raqib.h"

/* A row of up to four columns; the last is not padded. */
struct list_row {
	char	*col[4];
};

struct list_table {
	struct list_row	*rows;
	size_t		 n, cap;
	int		 ncol;
};

static void
list_usage(FILE *f)
{
	fprintf(f, "usage: raqib list types|regions|actors\n\n"
	    "Prints the names the filters accept, from the lexicon:\n"
	    "  types     --type: ids, labels, and ACLED's types and sub-types\n"
	    "            (an ACLED type means every raqib type under it)\n"
	    "  regions   --region: slug paths (ml/kidal), ISO 3166-2 codes\n"
	    "            (ML-8), country codes; CC/_ is a country's events\n"
	    "            whose region is unknown, xx those whose country is\n"
	    "  actors    --actor: ids, names, abbreviations, Arabic names\n\n"
	    "exit codes: 0 ok, 1 runtime failure, 2 usage error\n");
}

/* The cells a terminal gives s: none for marks, format and control
 * characters, two for wide ones, one for the rest. */
static size_t
list_width(const char *s)
{
	int32_t	 i = 0, len = (int32_t)strlen(s);
	size_t	 w = 0;
	UChar32	 c;
	int	 t, ea;

	while (i < len) {
		U8_NEXT(s, i, len, c);
		if (c < 0) {
			w++;
			continue;
		}
		t = u_charType(c);
		if (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK ||
		    t == U_FORMAT_CHAR || t == U_CONTROL_CHAR)
			continue;
		ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
		w += ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
	}
	return w;
}

static void
list_add(struct list_table *t, const char *a, const char *b, const char *c,
    const char *d)
{
	const char	*v[4] = { a, b, c, d };
	int		 i;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->rows = xreallocarray(t->rows, t->cap, sizeof *t->rows);
	}
	for (i = 0; i < 4; i++)
		t->rows[t->n].col[i] = xstrdup(i < t->ncol && v[i] ? v[i] : "");
	t->n++;
}

/* Prints the table, two spaces between columns, and frees it. */
static void
list_print(struct list_table *t, FILE *f)
{
	size_t	 w[4] = { 0, 0, 0, 0 }, i, k, cw;
	int	 c;

	for (i = 0; i < t->n; i++)
		for (c = 0; c < t->ncol - 1; c++)
			if ((cw = list_width(t->rows[i].col[c])) > w[c])
				w[c] = cw;
	for (i = 0; i < t->n; i++) {
		for (c = 0; c < t->ncol; c++) {
			fputs(t->rows[i].col[c], f);
			if (c == t->ncol - 1)
				break;
			for (k = list_width(t->rows[i].col[c]); k < w[c] + 2; k++)
				fputc(' ', f);
		}
		fputc('\n', f);
		for (c = 0; c < 4; c++)
			free(t->rows[i].col[c]);
	}
	free(t->rows);
	t->rows = NULL;
	t->n = t->cap = 0;
}

/* What names_list prints, as lines (in one allocated buffer). */
static char *
list_names(struct extract *ex, const char *what)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	if (names_list(ex, what, f) == -1) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	return buf;
}

/* The next line of *p, cut out; NULL at the end. */
static char *
list_line(char **p)
{
	char	*l = *p, *nl;

	if (*l == '\0')
		return NULL;
	if ((nl = strchr(l, '\n')) != NULL) {
		*nl = '\0';
		*p = nl + 1;
	} else
		*p = l + strlen(l);
	return l;
}

/* "id  label  ACLED / sub": the label as --type resolves the id. */
static void
list_types(struct extract *ex, char *text, FILE *f)
{
	struct list_table t = { NULL, 0, 0, 3 };
	char		*p = text, *l, *rest, **ids, *label, *cause = NULL;
	const char	*acled, *type;
	size_t		 i;

	list_line(&p);		/* the engine's header */
	list_add(&t, "TYPE", "LABEL", "ACLED TYPE / SUB-TYPE", NULL);
	while ((l = list_line(&p)) != NULL) {
		rest = l + strcspn(l, " ");
		if (*rest != '\0')
			*rest++ = '\0';
		rest += strspn(rest, " ");
		if (names_type(ex, l, &ids, &label, &cause) == -1) {
			free(cause);
			cause = NULL;
			list_add(&t, l, "", rest, NULL);
			continue;
		}
		if (label != NULL && strncmp(rest, label, strlen(label)) == 0)
			rest += strlen(label);
		rest += strspn(rest, " ");
		list_add(&t, l, label, strcmp(rest, "/") == 0 ||
		    strcmp(rest, "/ ") == 0 ? "-" : rest, NULL);
		for (i = 0; ids[i] != NULL; i++)
			free(ids[i]);
		free(ids);
		free(label);
	}
	list_print(&t, f);
	fprintf(f, "\nACLED's names no type above carries, and the type raqib "
	    "files those events under:\n");
	t.ncol = 2;
	for (i = 0; filter_acled_alias(i, &acled, &type); i++)
		list_add(&t, acled, type, NULL, NULL);
	list_print(&t, f);
}

/* Adds the names in s (", " between them) not already in out. */
static void
list_names_once(char *s, char **out, size_t *len)
{
	char	*name, *next, *at;
	size_t	 n;

	for (name = s; name != NULL && *name != '\0'; name = next) {
		if ((next = strstr(name, ", ")) != NULL) {
			*next = '\0';
			next += 2;
		}
		n = strlen(name);
		for (at = *out; at != NULL && (at = strstr(at, name)) != NULL;
		    at += n)
			if ((at == *out || (at - *out >= 2 && at[-2] == ',' &&
			    at[-1] == ' ')) && (at[n] == '\0' || at[n] == ','))
				break;
		if (at != NULL)
			continue;
		*out = xreallocarray(*out, *len + n + 3, 1);
		if (*len > 0) {
			memcpy(*out + *len, ", ", 2);
			*len += 2;
		}
		memcpy(*out + *len, name, n + 1);
		*len += n;
	}
}

/* "id kind names; arabic": the Arabic in a column of its own before the
 * Latin names, each of those once. */
static void
list_actors(char *text, FILE *f)
{
	struct list_table t = { NULL, 0, 0, 4 };
	char		*p = text, *l, *kind, *names, *ar, *latin;
	size_t		 len;

	list_line(&p);
	list_add(&t, "ACTOR", "KIND", "ARABIC", "NAMES");
	while ((l = list_line(&p)) != NULL) {
		kind = l + strcspn(l, " ");
		if (*kind != '\0')
			*kind++ = '\0';
		kind += strspn(kind, " ");
		names = kind + strcspn(kind, " ");
		if (*names != '\0')
			*names++ = '\0';
		names += strspn(names, " ");
		ar = NULL;
		for (latin = names; (latin = strstr(latin, "; ")) != NULL;
		    latin += 2)
			ar = latin;
		if (ar != NULL) {
			*ar = '\0';
			ar += 2;
		}
		latin = NULL;
		len = 0;
		list_names_once(names, &latin, &len);
		list_add(&t, l, kind, ar ? ar : "", latin ? latin : "");
		free(latin);
	}
	list_print(&t, f);
}

int
cmd_list(int argc, char **argv, struct client_opts *o)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct extract	*ex;
	char		*text;
	int		 ch;

	while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			list_usage(stdout);
			return EXIT_OK;
		default:
			return client_usage_error("list", NULL);
		}
	}
	if (optind + 1 != argc || (strcmp(argv[optind], "types") != 0 &&
	    strcmp(argv[optind], "regions") != 0 &&
	    strcmp(argv[optind], "actors") != 0))
		return client_usage_error("list", "give types, regions or "
		    "actors");
	if ((ex = client_engine(o)) == NULL)
		return EXIT_RUNTIME;
	if ((text = list_names(ex, argv[optind])) == NULL) {
		extract_free(ex);
		return EXIT_RUNTIME;
	}
	if (strcmp(argv[optind], "types") == 0)
		list_types(ex, text, stdout);
	else if (strcmp(argv[optind], "actors") == 0)
		list_actors(text, stdout);
	else
		fputs(text, stdout);
	free(text);
	extract_free(ex);
	return fflush(stdout) == EOF ? EXIT_RUNTIME : EXIT_OK;
}
