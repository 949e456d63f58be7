/*
 * Reading the lexicon's JSON: every loader checks its keys and types
 * through these, and every error names the file and the entry.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/xmalloc.h"
#include "lexicon.h"
#include "lx.h"

int
lx_error(struct lexicon *lx, char **cause, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (lx->ctx[0] != '\0')
		xasprintf(cause, "%s/%s: %s: %s", lx->dir, lx->file, lx->ctx,
		    msg);
	else
		xasprintf(cause, "%s/%s: %s", lx->dir, lx->file, msg);
	free(msg);
	return -1;
}

/* JSON helpers: every loader checks its keys and names the entry. */

json_t *
lx_open(struct lexicon *lx, const char *file, const char *schema,
    char **cause)
{
	json_error_t	 err;
	json_t		*root, *s;
	char		*path;

	lx->file = file;
	lx->ctx[0] = '\0';
	xasprintf(&path, "%s/%s", lx->dir, file);
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	free(path);
	if (root == NULL) {
		if (err.line > 0)
			lx_error(lx, cause, "line %d column %d: %s", err.line,
			    err.column, err.text);
		else
			lx_error(lx, cause, "%s", err.text);
		return NULL;
	}
	s = json_object_get(root, "schema");
	if (!json_is_object(root) || !json_is_string(s) ||
	    strcmp(json_string_value(s), schema) != 0) {
		lx_error(lx, cause, "schema must be \"%s\"", schema);
		json_decref(root);
		return NULL;
	}
	return root;
}

int
lx_keys(struct lexicon *lx, json_t *obj, const char *allowed, char **cause)
{
	const char	*key, *p;
	json_t		*v;
	size_t		 kl;

	if (!json_is_object(obj))
		return lx_error(lx, cause, "must be an object");
	json_object_foreach(obj, key, v) {
		/* "" is found everywhere and never advances the search */
		if ((kl = strlen(key)) == 0)
			return lx_error(lx, cause, "empty key");
		for (p = allowed; (p = strstr(p, key)) != NULL; p += kl)
			if ((p == allowed || p[-1] == ' ') &&
			    (p[kl] == ' ' || p[kl] == '\0'))
				break;
		if (p == NULL)
			return lx_error(lx, cause, "unknown key \"%s\"", key);
	}
	return 0;
}

int
lx_str(struct lexicon *lx, json_t *obj, const char *key, int required,
    const char **out, char **cause)
{
	json_t	*v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return lx_error(lx, cause, "\"%s\" is required", key);
		return 0;
	}
	if (!json_is_string(v) || *json_string_value(v) == '\0')
		return lx_error(lx, cause, "\"%s\" must be a non-empty string",
		    key);
	*out = json_string_value(v);
	return 0;
}

int
lx_num(struct lexicon *lx, json_t *obj, const char *key, int required,
    double lo, double hi, double *out, char **cause)
{
	json_t	*v = json_object_get(obj, key);

	*out = NAN;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return lx_error(lx, cause, "\"%s\" is required", key);
		return 0;
	}
	if (!json_is_number(v))
		return lx_error(lx, cause, "\"%s\" must be a number", key);
	*out = json_number_value(v);
	if (*out < lo || *out > hi)
		return lx_error(lx, cause, "\"%s\" out of range [%g, %g]", key,
		    lo, hi);
	return 0;
}

int
lx_bool(struct lexicon *lx, json_t *obj, const char *key, int *out,
    char **cause)
{
	json_t	*v = json_object_get(obj, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return lx_error(lx, cause, "\"%s\" must be true or false", key);
	*out = json_is_true(v);
	return 0;
}

/* The array under key, which must hold objects (or strings if strs). */
int
lx_array(struct lexicon *lx, json_t *obj, const char *key, int strs,
    json_t **out, char **cause)
{
	json_t	*v = json_object_get(obj, key), *e;
	size_t	 i;

	*out = v;
	if (v == NULL)
		return lx_error(lx, cause, "\"%s\" is required", key);
	if (!json_is_array(v))
		return lx_error(lx, cause, "\"%s\" must be an array", key);
	json_array_foreach(v, i, e) {
		if (strs && (!json_is_string(e) || *json_string_value(e) == '\0'))
			return lx_error(lx, cause, "\"%s\"[%zu] must be a "
			    "non-empty string", key, i);
		if (!strs && !json_is_object(e))
			return lx_error(lx, cause, "\"%s\"[%zu] must be an "
			    "object", key, i);
	}
	return 0;
}

/* Adds every string of the array under key as a pattern for hit. */
int
lx_patterns(struct lexicon *lx, json_t *obj, const char *key, int required,
    struct lx_hit hit, int fuzzy, char **cause)
{
	json_t	*arr = json_object_get(obj, key), *e;
	size_t	 i;

	if (arr == NULL && !required)
		return 0;
	if (lx_array(lx, obj, key, 1, &arr, cause) == -1)
		return -1;
	if (required && json_array_size(arr) == 0)
		return lx_error(lx, cause, "\"%s\" must not be empty", key);
	json_array_foreach(arr, i, e) {
		if (lx_add(lx, json_string_value(e), hit, cause) == -1)
			return -1;
		if (fuzzy)
			lx_fuzzy_add(lx, json_string_value(e), hit);
	}
	return 0;
}

char *
lx_first(json_t *obj, const char *key)
{
	json_t	*arr = json_object_get(obj, key);

	if (json_is_array(arr) && json_is_string(json_array_get(arr, 0)))
		return xstrdup(json_string_value(json_array_get(arr, 0)));
	return xstrdup("");
}

int
lx_enum(const char *s, const char *const *names)
{
	int	i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

void
lx_ctx(struct lexicon *lx, const char *arr, size_t i, const char *name)
{
	if (name != NULL)
		snprintf(lx->ctx, sizeof lx->ctx, "%s[%zu] \"%s\"", arr, i,
		    name);
	else
		snprintf(lx->ctx, sizeof lx->ctx, "%s[%zu]", arr, i);
}
