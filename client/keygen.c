#include <errno.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zmq.h>

#include "raqib/xmalloc.h"
#include "raqib.h"

static void
keygen_usage(FILE *f)
{
	fprintf(f, "usage: raqib keygen [--force] NAME\n\n"
	    "Writes a CURVE key pair: NAME.key (the secret key, mode 0600) and\n"
	    "NAME.pub (the public key), each one Z85 line. Give the daemon's\n"
	    "NAME.key as curve_secret_key; put clients' .pub files in the folder\n"
	    "named by curve_authorized_keys.\n\n"
	    "  --force  replace existing files\n"
	    "exit codes: 0 ok, 1 runtime failure, 2 usage error\n");
}

static int
keygen_write(const char *path, const char *z85, mode_t mode, int force)
{
	char	line[64];
	int	fd, n;

	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC :
	    O_EXCL), mode);
	if (fd == -1) {
		fprintf(stderr, "raqib keygen: %s: %s%s\n", path, strerror(errno),
		    errno == EEXIST ? " (use --force to replace it)" : "");
		return -1;
	}
	if (fchmod(fd, mode) == -1) {
		fprintf(stderr, "raqib keygen: %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	n = snprintf(line, sizeof line, "%s\n", z85);
	if (write(fd, line, (size_t)n) != n || fsync(fd) == -1 ||
	    close(fd) == -1) {
		fprintf(stderr, "raqib keygen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
cmd_keygen(int argc, char **argv, struct client_opts *o)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char	 pub[41], sec[41], *kp, *pp;
	int	 ch, force = 0, rc = EXIT_RUNTIME;

	while ((ch = getopt_long(argc, argv, "c:fh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			force = 1;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			keygen_usage(stdout);
			return EXIT_OK;
		default:
			return client_usage_error("keygen", NULL);
		}
	}
	if (optind + 1 != argc || argv[optind][0] == '\0')
		return client_usage_error("keygen", "give one NAME");
	if (zmq_curve_keypair(pub, sec) == -1) {
		fprintf(stderr, "raqib keygen: %s (libzmq without CURVE?)\n",
		    zmq_strerror(zmq_errno()));
		return EXIT_RUNTIME;
	}
	xasprintf(&kp, "%s.key", argv[optind]);
	xasprintf(&pp, "%s.pub", argv[optind]);
	if (keygen_write(kp, sec, 0600, force) == 0 &&
	    keygen_write(pp, pub, 0644, force) == 0) {
		printf("wrote %s (secret, 0600) and %s (public)\n", kp, pp);
		rc = EXIT_OK;
	}
	explicit_bzero(sec, sizeof sec);
	free(kp);
	free(pp);
	return rc;
}
