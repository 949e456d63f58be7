/* Subscribing: live events, replay of what was missed, delivery to sinks. */
#ifndef RAQIB_SUB_H
#define RAQIB_SUB_H

struct client_opts;

/* Shared by `raqib sub`, `raqib query` and `raqib status`. */
struct sub_endpoints {
	const char	*connect;
	const char	*replay;
	char		*server_key;	/* Z85 public key of the daemon, or NULL */
	char		*key_secret;	/* this client's Z85 key pair */
	char		*key_public;
};

int	sub_endpoints(struct client_opts *, struct sub_endpoints *,
	    const char *, const char *, const char *, const char *, char **);
void	sub_endpoints_clear(struct sub_endpoints *);
int	sub_curve(void *, const struct sub_endpoints *);
void	*sub_monitor(void *, void *, const char *);
int	 sub_refused(void *, const struct sub_endpoints *, const char *,
	    unsigned *);

/* Monitor events seen on a socket (sub_refused). */
#define SUB_SEEN_CONNECTED	0x1
#define SUB_SEEN_HANDSHAKE	0x2

#endif
