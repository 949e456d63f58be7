/* raqibd's configuration: an INI file whose keys are all in one table. */
#ifndef RAQIB_CONFIG_H
#define RAQIB_CONFIG_H

#include <stddef.h>
#include <stdio.h>

/* A settings record: plain data, copied and compared on reload. */
struct config {
	char	*file;			/* where it was read from, or NULL */
	char	*watch_dir;
	long	 max_file_bytes;
	char	*store_path;
	char	*endpoint;
	char	*replay_endpoint;
	long	 heartbeat_seconds;
	long	 hwm;
	char	*curve_secret_key;	/* "" when CURVE is off */
	char	*curve_authorized_keys;
	int	 allow_insecure;
	char	*http_listen;		/* "" when HTTP is off */
	char	*lexicon;
	long	 workers;		/* extraction processes */
	long	 timeout_ms;		/* per document */
	int	 log_level;
};

struct config	*config_load(const char *, char **);
void		 config_free(struct config *);
int		 config_keep_fixed(struct config *, const struct config *,
		    char **);
void		 config_dump(const struct config *, FILE *);
int		 config_check(const struct config *, char **);
int		 config_endpoint_local(const char *);
const char	*config_default_lexicon(void);

#endif
