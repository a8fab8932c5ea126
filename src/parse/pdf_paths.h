/*
 * pdf_paths.h — a page's paths drawn without its text (pdf_paths.cc, C++ over
 * libpoppler's private headers), for the ruling-line pass of pdf_rules.c.
 * Plain C declarations: included by pdf_rules.c and by pdf_paths.cc.
 */
#ifndef XXGK_PDF_PATHS_H
#define XXGK_PDF_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pdf_paths pdf_paths;

/* Opens the PDF in buf[0..len) (read in place: it must outlive the handle)
 * for drawing its pages' paths; NULL when poppler cannot open it so. */
pdf_paths *xxgk__pdf_paths_open(const char *buf, size_t len);
/* Draws the stroked and filled paths of page `index` (0-based) into `cairo`
 * (a cairo_t whose matrix maps points to pixels), as poppler_page_render()
 * would draw them, leaving out the text. Returns false when the page holds
 * something this cannot draw (an image, a shading, a soft mask, a
 * transparency group, clipping text, a blend mode): the caller then renders
 * the page with poppler_page_render() on a fresh context. */
bool xxgk__pdf_paths_draw(pdf_paths *p, int index, void *cairo);
void xxgk__pdf_paths_close(pdf_paths *p);

#ifdef __cplusplus
}
#endif

#endif
