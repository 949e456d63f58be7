#include <sys/inotify.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "raqib/log.h"
#include "raqib/xmalloc.h"
#include "watch.h"

struct watch {
	int		 fd;
	int		 wd;
	char		*dir;
	struct event	*ev;
	watch_cb	 cb;
	watch_lost_cb	 lost;
	void		*arg;
};

/* Dotfiles and files still being written (*.tmp, *.part, *~) are not
 * articles yet. */
static int
watch_ignored(const char *name)
{
	size_t	n = strlen(name);

	if (n == 0 || name[0] == '.')
		return 1;
	if (name[n - 1] == '~')
		return 1;
	if ((n >= 4 && strcmp(name + n - 4, ".tmp") == 0) ||
	    (n >= 5 && strcmp(name + n - 5, ".part") == 0))
		return 1;
	return 0;
}

/* Reads every queued inotify event at once so the kernel queue never fills
 * while articles are processed; the work itself is queued by the callback. */
static void
watch_read(evutil_socket_t fd, short what, void *arg)
{
	struct watch	*w = arg;
	char		 buf[65536]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ie;
	ssize_t		 n;
	char		*p;

	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n == -1) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("watch: read inotify");
			return;
		}
		if (n == 0)
			return;
		for (p = buf; p < buf + n; p += sizeof *ie + ie->len) {
			ie = (const struct inotify_event *)p;
			if (ie->mask & IN_Q_OVERFLOW) {
				log_warnx("watch: inotify queue overflow, "
				    "rescanning %s", w->dir);
				w->lost(w->arg);
				continue;
			}
			if (ie->mask & (IN_IGNORED | IN_DELETE_SELF |
			    IN_MOVE_SELF)) {
				log_warnx("watch: %s was removed or moved; no "
				    "longer watching it", w->dir);
				continue;
			}
			if (ie->len == 0 || (ie->mask & IN_ISDIR) ||
			    watch_ignored(ie->name))
				continue;
			if (ie->mask & (IN_CLOSE_WRITE | IN_MOVED_TO))
				w->cb(ie->name, w->arg);
		}
	}
}

struct watch *
watch_new(struct event_base *base, const char *dir, watch_cb cb,
    watch_lost_cb lost, void *arg, char **cause)
{
	struct watch	*w = xcalloc(1, sizeof *w);

	w->dir = xstrdup(dir);
	w->cb = cb;
	w->lost = lost;
	w->arg = arg;
	w->wd = -1;
	if ((w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1) {
		xasprintf(cause, "inotify_init1: %s", strerror(errno));
		goto fail;
	}
	w->wd = inotify_add_watch(w->fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO |
	    IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR);
	if (w->wd == -1) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		goto fail;
	}
	w->ev = event_new(base, w->fd, EV_READ | EV_PERSIST, watch_read, w);
	if (w->ev == NULL || event_add(w->ev, NULL) == -1) {
		xasprintf(cause, "%s: cannot add the watch to the event loop",
		    dir);
		goto fail;
	}
	return w;
fail:
	watch_free(w);
	return NULL;
}

void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	if (w->ev != NULL)
		event_free(w->ev);
	if (w->fd != -1)
		close(w->fd);
	free(w->dir);
	free(w);
}

const char *
watch_dir(const struct watch *w)
{
	return w->dir;
}

static int
watch_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Hands every file already in the folder to the callback, in name order. */
int
watch_scan(struct watch *w, char **cause)
{
	DIR		*d;
	struct dirent	*de;
	char		**names = NULL;
	size_t		 n = 0, cap = 0, i;

	if ((d = opendir(w->dir)) == NULL) {
		xasprintf(cause, "%s: %s", w->dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (watch_ignored(de->d_name) || de->d_type == DT_DIR)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			names = xreallocarray(names, cap, sizeof *names);
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, watch_cmp);
	for (i = 0; i < n; i++) {
		w->cb(names[i], w->arg);
		free(names[i]);
	}
	free(names);
	return 0;
}
