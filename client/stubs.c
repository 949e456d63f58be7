#include "raqib.h"
#include "sink.h"
struct sink *sink_exec(struct extract *e, const char *c) { (void)e; (void)c; return NULL; }
struct sink *sink_webhook(struct extract *e, const char *u, const char *f, long r, char **c) { (void)e; (void)u; (void)f; (void)r; *c = 0; return NULL; }
struct sink *sink_alertmanager(struct extract *e, const char *u, char **c) { (void)e; (void)u; *c = 0; return NULL; }
