/* raqib.event/1 in the shapes analysts' tools read: a row of ACLED's CSV
 * export (then raqib's own columns) and an RFC 7946 GeoJSON Feature.
 * Linked by the client (raqib query) and the daemon (/events.geojson). */
#ifndef RAQIB_EXPORT_H
#define RAQIB_EXPORT_H

#include <stddef.h>

#include <jansson.h>

/* The header line, CRLF-terminated. */
const char	*export_csv_header(void);
/* One CRLF-terminated row, RFC 4180 quoting (allocated). */
char		*export_csv_row(json_t *);
/* A Point Feature as JSON text (allocated), from the parsed event and its
 * text; NULL when the event has no coordinates. */
char		*export_feature(json_t *, const char *, size_t);
/* ACLED's figure for a kind ("killed": fatalities), or -1 if none. */
long		 export_figure(json_t *, const char *);
/* The event's date as YYYY-MM-DD and ACLED's time_precision (1-3);
 * a year left out by the article is the report's. 0 if no date. */
int		 export_date(json_t *, char *, size_t);
/* --since and ?since= as a time: 90s, 30m, 1h, 2d, 1w ago, 2024-07-27 or
 * 2024-07-27T10:00[:00]Z, written as YYYY-MM-DDTHH:MM:SSZ; -1 if none. */
int		 export_time(const char *, char *, size_t);

#endif
