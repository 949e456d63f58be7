#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/http.h>

#include "raqib/log.h"
#include "web.h"

/* Scripts, styles and data from this origin only; nothing inline, no
 * frames, no forms: article text on the page is hostile input. */
#define WEB_CSP	"default-src 'none'; script-src 'self'; style-src 'self'; " \
		"img-src 'self' data:; connect-src 'self'; base-uri 'none'; " \
		"form-action 'none'; frame-ancestors 'none'"

static const struct {
	const char	*path;		/* what the browser asks for */
	int		 leaflet;	/* from libjs-leaflet, else the web dir */
	const char	*file;
	const char	*type;
} web_files[] = {
	{ "/map", 0, "map.html", "text/html; charset=utf-8" },
	{ "/map.js", 0, "map.js", "text/javascript; charset=utf-8" },
	{ "/map.css", 0, "map.css", "text/css; charset=utf-8" },
	{ "/countries.geojson", 0, "countries.geojson",
	    "application/geo+json; charset=utf-8" },
	{ "/leaflet/leaflet.js", 1, "leaflet.js",
	    "text/javascript; charset=utf-8" },
	{ "/leaflet/leaflet.css", 1, "leaflet.css", "text/css; charset=utf-8" },
};

/* The installed page, else (run from a build) the source tree's. */
static const char *
web_dir(void)
{
	if (access(RAQIB_INSTALLED_WEB "/map.html", R_OK) == 0 ||
	    *RAQIB_SOURCE_WEB == '\0')
		return RAQIB_INSTALLED_WEB;
	return RAQIB_SOURCE_WEB;
}

static void
web_headers(struct evhttp_request *req, const char *type)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);

	evhttp_add_header(h, "Content-Type", type);
	evhttp_add_header(h, "Content-Security-Policy", WEB_CSP);
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Referrer-Policy", "no-referrer");
	evhttp_add_header(h, "Cache-Control", "no-cache");
}

static void
web_serve(struct evhttp_request *req, void *arg)
{
	size_t		 i = (size_t)((const char *)arg -
			    (const char *)web_files) / sizeof web_files[0];
	struct evbuffer	*b = evbuffer_new();
	struct stat	 sb;
	char		 path[1024];
	int		 fd;

	snprintf(path, sizeof path, "%s/%s", web_files[i].leaflet ?
	    RAQIB_LEAFLET_DIR : web_dir(), web_files[i].file);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) == -1) {
		log_warnx("http: %s: %s is missing%s", web_files[i].path, path,
		    web_files[i].leaflet ? " (install libjs-leaflet)" : "");
		if (fd != -1)
			close(fd);
		web_headers(req, "text/plain; charset=utf-8");
		evbuffer_add_printf(b, "%s is not installed on the daemon's "
		    "machine%s\n", path, web_files[i].leaflet ? ": install "
		    "Debian's libjs-leaflet" : "");
		evhttp_send_reply(req, HTTP_NOTFOUND, "Not Found", b);
		evbuffer_free(b);
		return;
	}
	web_headers(req, web_files[i].type);
	evbuffer_add_file(b, fd, 0, sb.st_size);	/* closes fd */
	evhttp_send_reply(req, HTTP_OK, "OK", b);
	evbuffer_free(b);
}

void
web_register(struct evhttp *h)
{
	size_t	i;

	for (i = 0; i < sizeof web_files / sizeof web_files[0]; i++)
		evhttp_set_cb(h, web_files[i].path, web_serve,
		    (void *)&web_files[i]);
}
