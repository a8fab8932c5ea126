/*
 * document.c — xxgk_compose_document and xxgk_compose_pdf: the document a
 * scope names (county 通报, agency review, outliers brief), composed and,
 * for the second, set as a PDF at a path. One entry point for every caller
 * that wants "this document of this store" — the CLI's `xxgk report` and the
 * server's downloads — so the choice of document is made in one place.
 */
#include <assert.h>

#include "compose_int.h"

int xxgk_compose_document(xxgk_layout **out, xxgk_store *s, const xxgk_doc_scope *scope,
			  const xxgk_compose_options *o, xxgk_error *err)
{
	xxgk_compose_options defaults = XXGK_COMPOSE_OPTIONS_INIT;
	assert(out && s && scope);
	*out = NULL;
	if (!o)
		o = &defaults;
	switch (scope->kind) {
	case XXGK_DOC_COUNTY:
		return xxgk_compose_county(out, s, scope->region, scope->year, o, err);
	case XXGK_DOC_AGENCY:
		if (!scope->sha256)
			return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "an agency review needs a report's sha256");
		return xxgk_compose_agency(out, s, scope->sha256, o, err);
	case XXGK_DOC_OUTLIERS:
		return xxgk_compose_outliers(out, s, scope->region, scope->year, o, err);
	}
	return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "unknown document kind %d", (int)scope->kind);
}

int xxgk_compose_pdf(xxgk_store *s, const xxgk_doc_scope *scope, const char *path, const xxgk_compose_options *o,
		     const xxgk_render_options *ro, size_t *missing_glyphs, xxgk_error *err)
{
	xxgk_layout *l = NULL;
	xxgk_render_options r = { 0 };
	assert(path);
	if (missing_glyphs)
		*missing_glyphs = 0;
	int rc = xxgk_compose_document(&l, s, scope, o, err);
	if (rc != XXGK_OK)
		return rc;
	if (ro)
		r = *ro;
	if (!r.created && o)
		r.created = o->date;   /* the date printed under the 落款 and the file's own */
	rc = xxgk_render_pdf(l, path, &r, missing_glyphs, err);
	xxgk_layout_free(l);
	return rc;
}
