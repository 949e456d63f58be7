#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "raqib/xmalloc.h"
#include "render.h"
#include "sink.h"

static int
sink_stdout_deliver(struct sink *s, json_t **ev, size_t n, char **cause)
{
	size_t	 i;
	char	*line;

	for (i = 0; i < n; i++) {
		if (s->arg != NULL) {
			line = json_dumps(ev[i], JSON_COMPACT);
			puts(line);
			free(line);
		} else
			render_print(s->ex, ev[i], stdout, &s->render);
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		s->gone = errno == EPIPE;
		clearerr(stdout);
		*cause = xstrdup("standard output: write failed");
		return -1;
	}
	return 0;
}

/* The terminal, or with json set, one raqib.event/1 object per line. */
struct sink *
sink_stdout(struct extract *ex, int json, const struct render_opts *o)
{
	struct sink	*s = xcalloc(1, sizeof *s);

	s->render = *o;
	s->name = json ? "json" : "terminal";
	s->deliver = sink_stdout_deliver;
	s->ex = ex;
	s->arg = json ? s : NULL;
	s->batch_max = 64;
	return s;
}

void
sink_free(struct sink *s)
{
	if (s == NULL)
		return;
	if (s->free != NULL)
		s->free(s);
	free(s);
}
