/* raqibd's live map: GET /map and the files it loads, all served from this
 * machine (the page's own files, Leaflet from Debian's libjs-leaflet, the
 * Natural Earth outlines), under a strict Content-Security-Policy. */
#ifndef RAQIB_WEB_H
#define RAQIB_WEB_H

struct evhttp;

void		 web_register(struct evhttp *);

#endif
