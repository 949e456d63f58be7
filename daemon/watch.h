/* Watching the inbox folder with inotify inside the event loop. */
#ifndef RAQIB_WATCH_H
#define RAQIB_WATCH_H

struct event_base;
struct watch;

/* Called with a file name in the folder that is ready to be read. */
typedef void (*watch_cb)(const char *, void *);
/* Called when events were lost (queue overflow): rescan the folder. */
typedef void (*watch_lost_cb)(void *);

struct watch	*watch_new(struct event_base *, const char *, watch_cb,
		    watch_lost_cb, void *, char **);
void		 watch_free(struct watch *);
int		 watch_scan(struct watch *, char **);
const char	*watch_dir(const struct watch *);

#endif
