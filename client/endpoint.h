/* Where the daemon is and how to reach it (endpoint.c). */
#ifndef RAQIB_ENDPOINT_H
#define RAQIB_ENDPOINT_H

struct client_opts;

/* Shared by `raqib sub`, `query`, `status` and `submit`. */
struct endpoints {
	const char	*connect;
	const char	*replay;
	char		*server_key;	/* Z85 public key of the daemon, or NULL */
	char		*key_secret;	/* this client's Z85 key pair */
	char		*key_public;
};

int	endpoint_load(struct client_opts *, struct endpoints *,
	    const char *, const char *, const char *, const char *, char **);
void	endpoint_clear(struct endpoints *);
int	endpoint_curve(void *, const struct endpoints *);
void	*endpoint_monitor(void *, void *, const char *);
void	 endpoint_close(void *, void *);
int	 endpoint_refused(void *, const struct endpoints *, const char *,
	    unsigned *);
void	 endpoint_silent(const struct endpoints *, const char *, unsigned,
	    double, const char *);

/* Monitor events seen on a socket (endpoint_refused). */
#define ENDPOINT_SEEN_CONNECTED	0x1
#define ENDPOINT_SEEN_HANDSHAKE	0x2
#define ENDPOINT_SEEN_GONE	0x4	/* disconnected after a handshake */

#endif
