/*
 * Why a document was not taken in, in one list: the reason the store's
 * rejections table keeps, the label of raqib_rejections_total, and what
 * raqib extract, raqib eval and raqib submit print.
 */
#ifndef RAQIB_REASONS_H
#define RAQIB_REASONS_H

/* reading the file (decode.c, for ingest.c and the client) */
#define REASON_VANISHED		"vanished"	/* gone before it was read */
#define REASON_SYMLINK		"symlink"	/* links are not followed */
#define REASON_NOT_REGULAR	"not_regular"	/* a folder, a pipe... */
#define REASON_UNREADABLE	"unreadable"
#define REASON_TOO_LARGE	"too_large"	/* over max_file_bytes */
#define REASON_EMPTY		"empty"
/* decoding it (decode.c) */
#define REASON_UNDECODABLE	"undecodable"
#define REASON_BINARY		"binary"
/* extracting from it (pool.c) */
#define REASON_EXTRACT_TIMEOUT	"extract_timeout"
#define REASON_EXTRACT_CRASHED	"extract_crashed"
#define REASON_EXTRACT_FAILED	"extract_failed"
/* storing it (ingest.c) */
#define REASON_STORE_ERROR	"store_error"

#endif
