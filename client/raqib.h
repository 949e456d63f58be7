/* The raqib client: commands and what they share. */
#ifndef RAQIB_CLIENT_H
#define RAQIB_CLIENT_H

#include <stdio.h>

struct extract;

/* Exit codes of every command. */
#define EXIT_OK		0
#define EXIT_RUNTIME	1
#define EXIT_USAGE	2

struct client_opts {
	const char	*config;	/* -c FILE, or NULL for the default */
	const char	*lexicon;	/* --lexicon DIR */
};

int		 cmd_extract(int, char **, struct client_opts *);
int		 cmd_eval(int, char **, struct client_opts *);
int		 cmd_eval_stories(int, char **, struct client_opts *);
int		 cmd_sub(int, char **, struct client_opts *);
int		 cmd_keygen(int, char **, struct client_opts *);
int		 cmd_status(int, char **, struct client_opts *);
int		 cmd_query(int, char **, struct client_opts *);
int		 cmd_list(int, char **, struct client_opts *);
int		 cmd_submit(int, char **, struct client_opts *);

struct extract	*client_engine(struct client_opts *);
int		 cmd_extract_read(const char *, const char *, char **, size_t *,
		    char [65], const char **);
int		 eval_min_f1(const char *, double *);
int		 client_usage_error(const char *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
