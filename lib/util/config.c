#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <ini.h>

#include "raqib/config.h"
#include "raqib/log.h"
#include "raqib/protocol.h"
#include "raqib/xmalloc.h"

enum cfg_type { CFG_STR, CFG_PATH, CFG_INT, CFG_BOOL, CFG_LEVEL, CFG_NCPU };

/* Every key, its default and whether SIGHUP may change it. */
static const struct cfg_key {
	const char	*section;
	const char	*name;
	enum cfg_type	 type;
	const char	*dflt;
	int		 reloadable;
	long		 min, max;
	size_t		 off;
} cfg_keys[] = {
	{ "watch", "dir", CFG_PATH, "../seeds", 0, 0, 0,
	    offsetof(struct config, watch_dir) },
	{ "watch", "max_file_bytes", CFG_INT, "4194304", 1, 1, 1L << 30,
	    offsetof(struct config, max_file_bytes) },
	{ "store", "path", CFG_PATH, "../var/raqib.db", 0, 0, 0,
	    offsetof(struct config, store_path) },
	{ "publish", "endpoint", CFG_STR, RAQIB_DEFAULT_ENDPOINT, 0, 0, 0,
	    offsetof(struct config, endpoint) },
	{ "publish", "replay_endpoint", CFG_STR, RAQIB_DEFAULT_REPLAY, 0, 0, 0,
	    offsetof(struct config, replay_endpoint) },
	{ "publish", "heartbeat_seconds", CFG_INT, "5", 1, 1, 3600,
	    offsetof(struct config, heartbeat_seconds) },
	{ "publish", "hwm", CFG_INT, "10000", 0, 100, 10000000,
	    offsetof(struct config, hwm) },
	{ "publish", "curve_secret_key", CFG_PATH, "", 0, 0, 0,
	    offsetof(struct config, curve_secret_key) },
	{ "publish", "curve_authorized_keys", CFG_PATH, "", 1, 0, 0,
	    offsetof(struct config, curve_authorized_keys) },
	{ "publish", "allow_insecure", CFG_BOOL, "no", 0, 0, 0,
	    offsetof(struct config, allow_insecure) },
	{ "http", "listen", CFG_STR, RAQIB_DEFAULT_HTTP, 0, 0, 0,
	    offsetof(struct config, http_listen) },
	{ "extract", "lexicon", CFG_PATH, "lexicon", 1, 0, 0,
	    offsetof(struct config, lexicon) },
	{ "extract", "workers", CFG_NCPU, "", 1, 1, 256,
	    offsetof(struct config, workers) },
	{ "extract", "timeout_ms", CFG_INT, "10000", 1, 100, 3600000,
	    offsetof(struct config, timeout_ms) },
	{ "log", "level", CFG_LEVEL, "info", 1, 0, 0,
	    offsetof(struct config, log_level) },
};
#define CFG_NKEYS (sizeof cfg_keys / sizeof cfg_keys[0])

#ifndef RAQIB_INSTALLED_LEXICON
#define RAQIB_INSTALLED_LEXICON	"/usr/local/share/raqib/lexicon"
#endif
#ifndef RAQIB_SOURCE_LEXICON
#define RAQIB_SOURCE_LEXICON	""
#endif

/* The lexicon to use when none is named: installed, else the source
 * tree's for a program run from its build folder. */
const char *
config_default_lexicon(void)
{
	if (access(RAQIB_INSTALLED_LEXICON "/actors.json", R_OK) == 0 ||
	    *RAQIB_SOURCE_LEXICON == '\0')
		return RAQIB_INSTALLED_LEXICON;
	return RAQIB_SOURCE_LEXICON;
}

static size_t
config_key_index(const char *section, const char *name)
{
	size_t	i;

	for (i = 0; i < CFG_NKEYS; i++)
		if (strcmp(cfg_keys[i].section, section) == 0 &&
		    strcmp(cfg_keys[i].name, name) == 0)
			return i;
	fatalx("config: no key %s.%s", section, name);
}

struct cfg_parse {
	struct config	*c;
	const char	*dir;		/* the config file's folder */
	char		*error;		/* the first error */
	unsigned char	 set[CFG_NKEYS];
};

/* Removes "." and ".." components and doubled slashes, in place. */
static void
config_path_clean(char *p)
{
	char	*seg[256], *copy = xstrdup(p), *save = NULL, *t;
	size_t	 n = 0, i, o = 0;
	int	 abs = *p == '/';

	for (t = strtok_r(copy, "/", &save); t != NULL;
	    t = strtok_r(NULL, "/", &save)) {
		if (strcmp(t, ".") == 0)
			continue;
		if (strcmp(t, "..") == 0 && n > 0 && strcmp(seg[n - 1], "..") != 0) {
			n--;
			continue;
		}
		if (strcmp(t, "..") == 0 && abs)
			continue;	/* "/.." is "/" */
		if (n == sizeof seg / sizeof seg[0]) {
			free(copy);
			return;		/* too deep to be a real path: as given */
		}
		seg[n++] = t;
	}
	if (abs)
		p[o++] = '/';
	for (i = 0; i < n; i++) {
		if (i > 0)
			p[o++] = '/';
		memmove(p + o, seg[i], strlen(seg[i]));
		o += strlen(seg[i]);
	}
	if (o == 0)
		p[o++] = '.';
	p[o] = '\0';
	free(copy);
}

/*
 * A path relative to the config's folder, made absolute and canonical
 * where it exists (or its folder does) so that logs and events name files
 * plainly, and the same path reads the same before and after its folder
 * is made (a reload compares them).
 */
static char *
config_path(const char *dir, const char *v)
{
	char	*p, *q, *slash, real[PATH_MAX];

	if (*v == '\0')
		return xstrdup(v);
	if (*v == '/' || dir == NULL)
		p = xstrdup(v);
	else
		xasprintf(&p, "%s/%s", dir, v);
	config_path_clean(p);
	if (realpath(p, real) != NULL) {
		free(p);
		return xstrdup(real);
	}
	if ((slash = strrchr(p, '/')) != NULL && slash != p && slash[1] != '\0') {
		*slash = '\0';
		if (realpath(p, real) != NULL) {
			xasprintf(&q, "%s/%s", real, slash + 1);
			free(p);
			return q;
		}
		*slash = '/';
	}
	return p;
}

/* Sets one key from its text; returns an error message or NULL. */
static char *
config_set(struct config *c, const struct cfg_key *k, const char *v,
    const char *dir)
{
	char	*end, *msg = NULL;
	long	 n;
	int	 lvl;

	switch (k->type) {
	case CFG_STR:
		free(*(char **)((char *)c + k->off));
		*(char **)((char *)c + k->off) = xstrdup(v);
		break;
	case CFG_PATH:
		free(*(char **)((char *)c + k->off));
		*(char **)((char *)c + k->off) = config_path(dir, v);
		break;
	case CFG_NCPU:
		/* empty: one worker per CPU */
		if (*v == '\0') {
			n = sysconf(_SC_NPROCESSORS_ONLN);
			*(long *)((char *)c + k->off) = n < 1 ? 1 : n > k->max ?
			    k->max : n;
			break;
		}
		/* FALLTHROUGH */
	case CFG_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || errno != 0 || n < k->min ||
		    n > k->max)
			xasprintf(&msg, "%s: \"%s\" is not a number from %ld to %ld",
			    k->name, v, k->min, k->max);
		else
			*(long *)((char *)c + k->off) = n;
		break;
	case CFG_BOOL:
		if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
		    strcmp(v, "1") == 0)
			*(int *)((char *)c + k->off) = 1;
		else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
		    strcmp(v, "0") == 0)
			*(int *)((char *)c + k->off) = 0;
		else
			xasprintf(&msg, "%s: \"%s\" is not yes or no", k->name, v);
		break;
	case CFG_LEVEL:
		if ((lvl = log_level_parse(v)) < 0)
			xasprintf(&msg, "%s: \"%s\" is not error, warn, info or "
			    "debug", k->name, v);
		else
			*(int *)((char *)c + k->off) = lvl;
		break;
	}
	return msg;
}

static int
config_handler(void *arg, const char *section, const char *name,
    const char *value)
{
	struct cfg_parse *p = arg;
	size_t		  i;
	int		  known_section = 0;

	if (p->error != NULL)
		return 1;	/* report the first error only */
	for (i = 0; i < CFG_NKEYS; i++) {
		if (strcmp(cfg_keys[i].section, section) != 0)
			continue;
		known_section = 1;
		if (strcmp(cfg_keys[i].name, name) != 0)
			continue;
		if (p->set[i]) {
			xasprintf(&p->error, "%s.%s: set twice", section, name);
			return 0;
		}
		p->set[i] = 1;
		p->error = config_set(p->c, &cfg_keys[i], value, p->dir);
		return p->error == NULL;
	}
	if (known_section)
		xasprintf(&p->error, "unknown key \"%s\" in [%s]", name, section);
	else
		xasprintf(&p->error, "unknown section [%s]", section);
	return 0;
}

/*
 * Reads file (every key has a default, so an empty file is valid). Relative
 * paths resolve against the file's folder. On error returns NULL with
 * *cause as "file:line: message".
 */
struct config *
config_load(const char *file, char **cause)
{
	struct cfg_parse p;
	struct config	*c = xcalloc(1, sizeof *c);
	char		*dir = NULL, *slash, *msg, real[PATH_MAX];
	size_t		 i;
	int		 line;

	memset(&p, 0, sizeof p);
	p.c = c;
	if (file != NULL) {
		c->file = xstrdup(file);
		dir = xstrdup(file);
		if ((slash = strrchr(dir, '/')) != NULL)
			*slash = '\0';
		else {
			free(dir);
			dir = xstrdup(".");
		}
		/* an absolute folder: paths do not change with the cwd */
		if (realpath(*dir ? dir : "/", real) != NULL) {
			free(dir);
			dir = xstrdup(real);
		}
	}
	p.dir = dir;
	for (i = 0; i < CFG_NKEYS; i++)
		if ((msg = config_set(c, &cfg_keys[i], cfg_keys[i].dflt, dir)) !=
		    NULL)
			fatalx("config default %s: %s", cfg_keys[i].name, msg);
	if (file != NULL) {
		line = ini_parse(file, config_handler, &p);
		if (line == -1) {
			xasprintf(cause, "%s: %s", file, strerror(errno ? errno :
			    ENOENT));
			goto fail;
		}
		if (line == -2) {
			xasprintf(cause, "%s: out of memory", file);
			goto fail;
		}
		if (line > 0) {
			xasprintf(cause, "%s:%d: %s", file, line, p.error ?
			    p.error : "syntax error");
			goto fail;
		}
	}
	/* the lexicon beside the config, else the installed one, else the
	 * source tree's (when run from a build) */
	if (!p.set[config_key_index("extract", "lexicon")] &&
	    access(c->lexicon, R_OK) != 0) {
		free(c->lexicon);
		c->lexicon = xstrdup(config_default_lexicon());
	}
	free(p.error);
	free(dir);
	return c;
fail:
	free(p.error);
	free(dir);
	config_free(c);
	return NULL;
}

void
config_free(struct config *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < CFG_NKEYS; i++)
		if (cfg_keys[i].type == CFG_STR || cfg_keys[i].type == CFG_PATH)
			free(*(char **)((char *)c + cfg_keys[i].off));
	free(c->file);
	free(c);
}

/*
 * Keys SIGHUP cannot change keep their running values in new; returns how
 * many differed, with *cause naming them ("[store] path, [http] listen").
 * The reloadable keys still reload.
 */
int
config_keep_fixed(struct config *new, const struct config *old, char **cause)
{
	const struct cfg_key *k;
	char	**nv, *const *ov, *tmp;
	size_t	 i;
	int	 same, n = 0;

	*cause = NULL;
	for (i = 0; i < CFG_NKEYS; i++) {
		k = &cfg_keys[i];
		if (k->reloadable)
			continue;
		switch (k->type) {
		case CFG_STR:
		case CFG_PATH:
			nv = (char **)((char *)new + k->off);
			ov = (char *const *)((const char *)old + k->off);
			if ((same = strcmp(*nv, *ov) == 0) == 0) {
				free(*nv);
				*nv = xstrdup(*ov);
			}
			break;
		case CFG_INT:
		case CFG_NCPU:
			same = *(long *)((char *)new + k->off) ==
			    *(const long *)((const char *)old + k->off);
			*(long *)((char *)new + k->off) =
			    *(const long *)((const char *)old + k->off);
			break;
		default:
			same = *(int *)((char *)new + k->off) ==
			    *(const int *)((const char *)old + k->off);
			*(int *)((char *)new + k->off) =
			    *(const int *)((const char *)old + k->off);
			break;
		}
		if (same)
			continue;
		xasprintf(&tmp, "%s%s[%s] %s", *cause ? *cause : "", *cause ?
		    ", " : "", k->section, k->name);
		free(*cause);
		*cause = tmp;
		n++;
	}
	return n;
}

/* The effective configuration, as raqibd -n prints it. */
void
config_dump(const struct config *c, FILE *f)
{
	static const char *levels[] = { "error", "warn", "info", "debug" };
	const struct cfg_key *k;
	const char *section = "";
	size_t	 i;

	for (i = 0; i < CFG_NKEYS; i++) {
		k = &cfg_keys[i];
		if (strcmp(section, k->section) != 0) {
			fprintf(f, "%s[%s]\n", i ? "\n" : "", k->section);
			section = k->section;
		}
		switch (k->type) {
		case CFG_STR:
		case CFG_PATH:
			fprintf(f, "%s = %s\n", k->name,
			    *(char **)((const char *)c + k->off));
			break;
		case CFG_INT:
		case CFG_NCPU:
			fprintf(f, "%s = %ld\n", k->name,
			    *(const long *)((const char *)c + k->off));
			break;
		case CFG_BOOL:
			fprintf(f, "%s = %s\n", k->name,
			    *(const int *)((const char *)c + k->off) ? "yes" : "no");
			break;
		case CFG_LEVEL:
			fprintf(f, "%s = %s\n", k->name,
			    levels[*(const int *)((const char *)c + k->off)]);
			break;
		}
	}
}

/* A ZeroMQ endpoint raqibd can bind: tcp://HOST:PORT (PORT 1-65535 or *)
 * or ipc://PATH in a folder that exists. */
static char *
config_check_endpoint(const char *key, const char *ep)
{
	const char	*colon, *slash;
	char		*dir, *msg = NULL, *end;
	long		 port;

	if (strncmp(ep, "tcp://", 6) == 0) {
		if ((colon = strrchr(ep + 6, ':')) == NULL || colon == ep + 6)
			xasprintf(&msg, "[publish] %s \"%s\": expected "
			    "tcp://HOST:PORT", key, ep);
		else if (strcmp(colon + 1, "*") != 0 && ((port = strtol(colon +
		    1, &end, 10)) < 1 || port > 65535 || *end != '\0'))
			xasprintf(&msg, "[publish] %s \"%s\": the port must be "
			    "a number from 1 to 65535", key, ep);
	} else if (strncmp(ep, "ipc://", 6) == 0) {
		dir = xstrdup(ep + 6);
		if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
			dir[slash - dir] = '\0';
			if (access(dir, W_OK) != 0)
				xasprintf(&msg, "[publish] %s \"%s\": %s: %s", key,
				    ep, dir, strerror(errno));
		}
		free(dir);
	} else
		xasprintf(&msg, "[publish] %s \"%s\": expected tcp:// or ipc://",
		    key, ep);
	return msg;
}

/* Loopback, IPC and in-process endpoints: reachable from this machine
 * only, so they need no encryption. */
int
config_endpoint_local(const char *ep)
{
	if (strncmp(ep, "ipc://", 6) == 0 || strncmp(ep, "inproc://", 9) == 0)
		return 1;
	if (strncmp(ep, "tcp://", 6) != 0)
		return 0;
	ep += 6;
	return strncmp(ep, "127.", 4) == 0 || strncmp(ep, "localhost:", 10) == 0 ||
	    strncmp(ep, "[::1]:", 6) == 0;
}

/* HOST:PORT whose host resolves, as the HTTP server will resolve it. */
static char *
config_check_listen(const char *listen)
{
	struct addrinfo	 hints, *ai = NULL;
	const char	*colon;
	char		*msg = NULL, *end, *host;
	long		 port;
	int		 rc;

	if (*listen == '\0')
		return NULL;
	if ((colon = strrchr(listen, ':')) == NULL || colon == listen)
		xasprintf(&msg, "[http] listen \"%s\": expected HOST:PORT", listen);
	else if ((port = strtol(colon + 1, &end, 10)) < 1 || port > 65535 ||
	    *end != '\0')
		xasprintf(&msg, "[http] listen \"%s\": the port must be a number "
		    "from 1 to 65535", listen);
	if (msg != NULL)
		return msg;
	/* [::1]:8080 as http.c reads it */
	if (*listen == '[' && colon[-1] == ']')
		host = xstrndup(listen + 1, (size_t)(colon - listen) - 2);
	else
		host = xstrndup(listen, (size_t)(colon - listen));
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if ((rc = getaddrinfo(host, colon + 1, &hints, &ai)) != 0)
		xasprintf(&msg, "[http] listen \"%s\": %s: %s", listen, host,
		    gai_strerror(rc));
	if (ai != NULL)
		freeaddrinfo(ai);
	free(host);
	return msg;
}

/*
 * What start-up would refuse, found without starting (raqibd -n, and
 * raqibd before it opens anything): folders that do not exist, endpoints
 * that cannot be bound as written. Returns -1 with *cause "FILE: msg".
 */
int
config_check(const struct config *c, char **cause)
{
	struct stat	 sb;
	char		*msg = NULL, *dir, *slash, *up;

	if (stat(c->watch_dir, &sb) == -1)
		xasprintf(&msg, "[watch] dir %s: %s", c->watch_dir,
		    strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		xasprintf(&msg, "[watch] dir %s: not a folder", c->watch_dir);
	if (msg == NULL) {
		/* raqibd makes the store's folder, not the folders above it */
		dir = xstrdup(c->store_path);
		if ((slash = strrchr(dir, '/')) != NULL && slash != dir)
			*slash = '\0';
		up = xstrdup(dir);
		if ((slash = strrchr(up, '/')) != NULL && slash != up)
			*slash = '\0';
		if (stat(dir, &sb) == -1 && stat(up, &sb) == -1)
			xasprintf(&msg, "[store] path %s: neither its folder nor "
			    "the one above it exists", c->store_path);
		free(up);
		free(dir);
	}
	if (msg == NULL)
		msg = config_check_endpoint("endpoint", c->endpoint);
	if (msg == NULL)
		msg = config_check_endpoint("replay_endpoint", c->replay_endpoint);
	if (msg == NULL && strcmp(c->endpoint, c->replay_endpoint) == 0)
		xasprintf(&msg, "[publish] endpoint and replay_endpoint are both "
		    "%s: they need one each", c->endpoint);
	if (msg == NULL && !c->allow_insecure && *c->curve_secret_key == '\0' &&
	    (!config_endpoint_local(c->endpoint) ||
	    !config_endpoint_local(c->replay_endpoint)))
		xasprintf(&msg, "[publish] refusing to publish on a non-loopback "
		    "address (%s, %s) without CURVE: set curve_secret_key, or "
		    "allow_insecure = yes", c->endpoint, c->replay_endpoint);
	if (msg == NULL)
		msg = config_check_listen(c->http_listen);
	if (msg == NULL && *c->curve_secret_key != '\0' &&
	    access(c->curve_secret_key, R_OK) != 0)
		xasprintf(&msg, "[publish] curve_secret_key %s: %s",
		    c->curve_secret_key, strerror(errno));
	if (msg == NULL)
		return 0;
	xasprintf(cause, "%s: %s", c->file ? c->file : "(defaults)", msg);
	free(msg);
	return -1;
}
