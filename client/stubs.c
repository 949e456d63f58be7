#include "raqib.h"
int cmd_eval(int c, char **v, struct client_opts *o) { (void)c; (void)v; (void)o; return 1; }
int cmd_sub(int c, char **v, struct client_opts *o) { (void)c; (void)v; (void)o; return 1; }
int cmd_keygen(int c, char **v, struct client_opts *o) { (void)c; (void)v; (void)o; return 1; }
int cmd_status(int c, char **v, struct client_opts *o) { (void)c; (void)v; (void)o; return 1; }
int cmd_query(int c, char **v, struct client_opts *o) { (void)c; (void)v; (void)o; return 1; }
