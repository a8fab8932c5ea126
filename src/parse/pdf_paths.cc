/*
 * pdf_paths.cc — a page's paths drawn with cairo, its text left out, for the
 * ruling-line pass of pdf_rules.c (pdf_int.h).
 *
 * poppler_page_render() draws everything on a page, and on a report's table
 * pages three quarters of its time is text: the embedded CJK fonts read out
 * of their streams, then every glyph filled — although pdf_rules.c masks the
 * inside of every character box out of the raster afterwards. poppler-glib
 * has no way to leave text out, so this file runs poppler's own content
 * stream interpreter (Gfx, from libpoppler's private headers: Debian 12's
 * libpoppler-private-dev) with an output device of ours that draws only what
 * rules are made of: stroked and filled paths, clipped as the page clips
 * them. A font is never loaded, a glyph never drawn.
 *
 * The paths are drawn as poppler's cairo device draws them for
 * poppler_page_render (same matrices, line widths, caps, joins, dashes,
 * colours, fill rules and clips; a stroke thinner than a pixel widened to one
 * pixel and its horizontal and vertical ends set on pixel centres, poppler's
 * "stroke adjust" for the screen), so the rules read off the raster are the
 * ones read before. What this device does not draw — images, shadings,
 * tiling patterns, soft masks, transparency groups, text that clips, a blend
 * mode other than normal — ends the pass: the caller then renders the page
 * with poppler_page_render() as before. On report pages that is rare (a logo
 * or a seal on a table page).
 */
#include <cmath>
#include <new>

#include <cairo.h>

#include <Annot.h>
#include <Gfx.h>
#include <GfxState.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <Page.h>
#include <Stream.h>

#include "pdf_paths.h"

namespace {

class RuleDev : public OutputDev {
public:
	explicit RuleDev(cairo_t *cr) : cr_(cr) { }
	bool unsupported() const { return unsupported_; }

	bool upsideDown() override { return true; }
	bool useDrawChar() override { return false; }   /* drawString: nothing per glyph */
	bool interpretType3Chars() override { return false; }
	bool needNonText() override { return true; }
	bool useTilingPatternFill() override { return true; }
	bool useShadedFills(int) override { return true; }

	void setDefaultCTM(const double *ctm) override
	{
		cairo_matrix_t m = { ctm[0], ctm[1], ctm[2], ctm[3], ctm[4], ctm[5] };
		cairo_transform(cr_, &m);
		OutputDev::setDefaultCTM(ctm);
	}
	void startPage(int, GfxState *, XRef *) override
	{
		fill_ = stroke_ = GfxRGB{ 0, 0, 0 };
		fill_alpha_ = stroke_alpha_ = 1.0;
	}

	void saveState(GfxState *) override { cairo_save(cr_); }
	void restoreState(GfxState *state) override
	{
		cairo_restore(cr_);
		/* colours live in the device, not in cairo's saved state */
		updateFillColor(state);
		updateStrokeColor(state);
		updateFillOpacity(state);
		updateStrokeOpacity(state);
		updateBlendMode(state);
	}
	void updateAll(GfxState *state) override
	{
		updateLineDash(state);
		updateLineJoin(state);
		updateLineCap(state);
		updateLineWidth(state);
		updateMiterLimit(state);
		updateFillColor(state);
		updateStrokeColor(state);
		updateFillOpacity(state);
		updateStrokeOpacity(state);
		updateBlendMode(state);
	}
	void updateCTM(GfxState *state, double m11, double m12, double m21, double m22, double m31,
		       double m32) override
	{
		cairo_matrix_t m = { m11, m12, m21, m22, m31, m32 }, inv = m;
		if (cairo_matrix_invert(&inv) != CAIRO_STATUS_SUCCESS)
			return;   /* a singular matrix is ignored, as poppler's cairo device does */
		cairo_transform(cr_, &m);
		updateLineDash(state);
		updateLineJoin(state);
		updateLineCap(state);
		updateLineWidth(state);
	}
	void updateLineDash(GfxState *state) override
	{
		const std::vector<double> &dash = state->getLineDash(&dash_start_);
		cairo_set_dash(cr_, dash.data(), (int)dash.size(), dash_start_);
	}
	void updateLineJoin(GfxState *state) override
	{
		switch (state->getLineJoin()) {
		case 0: cairo_set_line_join(cr_, CAIRO_LINE_JOIN_MITER); break;
		case 1: cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND); break;
		case 2: cairo_set_line_join(cr_, CAIRO_LINE_JOIN_BEVEL); break;
		default: break;
		}
	}
	void updateLineCap(GfxState *state) override
	{
		switch (state->getLineCap()) {
		case 0: cairo_set_line_cap(cr_, CAIRO_LINE_CAP_BUTT); break;
		case 1: cairo_set_line_cap(cr_, CAIRO_LINE_CAP_ROUND); break;
		case 2: cairo_set_line_cap(cr_, CAIRO_LINE_CAP_SQUARE); break;
		default: break;
		}
	}
	void updateMiterLimit(GfxState *state) override { cairo_set_miter_limit(cr_, state->getMiterLimit()); }
	/* A line thinner than a device pixel is drawn a pixel wide (stroke adjust). */
	void updateLineWidth(GfxState *state) override
	{
		thin_ = false;
		double width = state->getLineWidth(), x = width, y = width;
		cairo_user_to_device_distance(cr_, &x, &y);
		if (std::fabs(x) <= 1.0 && std::fabs(y) <= 1.0) {
			x = y = 1.0;
			cairo_device_to_user_distance(cr_, &x, &y);
			width = std::fmin(std::fabs(x), std::fabs(y));
			thin_ = true;
		}
		cairo_set_line_width(cr_, width);
	}
	void updateFillColor(GfxState *state) override { state->getFillRGB(&fill_); }
	void updateStrokeColor(GfxState *state) override { state->getStrokeRGB(&stroke_); }
	void updateFillOpacity(GfxState *state) override { fill_alpha_ = state->getFillOpacity(); }
	void updateStrokeOpacity(GfxState *state) override { stroke_alpha_ = state->getStrokeOpacity(); }
	void updateBlendMode(GfxState *state) override
	{
		if (state->getBlendMode() != gfxBlendNormal)
			unsupported_ = true;
	}

	void stroke(GfxState *state) override
	{
		path(state, thin_);
		source(stroke_, stroke_alpha_);
		cairo_stroke(cr_);
	}
	void fill(GfxState *state) override
	{
		path(state, false);
		cairo_set_fill_rule(cr_, CAIRO_FILL_RULE_WINDING);
		source(fill_, fill_alpha_);
		cairo_fill(cr_);
	}
	void eoFill(GfxState *state) override
	{
		path(state, false);
		cairo_set_fill_rule(cr_, CAIRO_FILL_RULE_EVEN_ODD);
		source(fill_, fill_alpha_);
		cairo_fill(cr_);
	}
	void clip(GfxState *state) override
	{
		path(state, false);
		cairo_set_fill_rule(cr_, CAIRO_FILL_RULE_WINDING);
		cairo_clip(cr_);
	}
	void eoClip(GfxState *state) override
	{
		path(state, false);
		cairo_set_fill_rule(cr_, CAIRO_FILL_RULE_EVEN_ODD);
		cairo_clip(cr_);
	}

	/* text is never shown (the page is read without its fonts), but text
	 * that clips (render modes 4–7) changes what the paths after it show */
	void updateRender(GfxState *state) override
	{
		if (state->getRender() & 4)
			unsupported_ = true;
	}

	/* what this device does not draw: the caller renders the page with poppler */
	void clipToStrokePath(GfxState *) override { unsupported_ = true; }
	bool tilingPatternFill(GfxState *, Gfx *, Catalog *, GfxTilingPattern *, const double *, int, int, int, int,
			       double, double) override
	{
		unsupported_ = true;
		return true;
	}
	bool functionShadedFill(GfxState *, GfxFunctionShading *) override { return unsupported(true); }
	bool axialShadedFill(GfxState *, GfxAxialShading *, double, double) override { return unsupported(true); }
	bool radialShadedFill(GfxState *, GfxRadialShading *, double, double) override { return unsupported(true); }
	bool gouraudTriangleShadedFill(GfxState *, GfxGouraudTriangleShading *) override { return unsupported(true); }
	bool patchMeshShadedFill(GfxState *, GfxPatchMeshShading *) override { return unsupported(true); }
	void drawImageMask(GfxState *state, Object *ref, Stream *str, int width, int height, bool invert,
			   bool interpolate, bool inlineImg) override
	{
		unsupported_ = true;   /* the base skips an inline image's data */
		OutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate, inlineImg);
	}
	void setSoftMaskFromImageMask(GfxState *state, Object *ref, Stream *str, int width, int height, bool invert,
				      bool inlineImg, double *baseMatrix) override
	{
		unsupported_ = true;
		OutputDev::setSoftMaskFromImageMask(state, ref, str, width, height, invert, inlineImg, baseMatrix);
	}
	void drawImage(GfxState *state, Object *ref, Stream *str, int width, int height, GfxImageColorMap *colorMap,
		       bool interpolate, const int *maskColors, bool inlineImg) override
	{
		unsupported_ = true;
		OutputDev::drawImage(state, ref, str, width, height, colorMap, interpolate, maskColors, inlineImg);
	}
	void drawMaskedImage(GfxState *, Object *, Stream *, int, int, GfxImageColorMap *, bool, Stream *, int, int,
			     bool, bool) override
	{
		unsupported_ = true;
	}
	void drawSoftMaskedImage(GfxState *, Object *, Stream *, int, int, GfxImageColorMap *, bool, Stream *, int,
				 int, GfxImageColorMap *, bool) override
	{
		unsupported_ = true;
	}
	bool checkTransparencyGroup(GfxState *, bool) override { return unsupported(true); }
	void beginTransparencyGroup(GfxState *, const double *, GfxColorSpace *, bool, bool, bool) override
	{
		unsupported_ = true;
	}
	void setSoftMask(GfxState *, const double *, bool, Function *, GfxColor *) override { unsupported_ = true; }

private:
	bool unsupported(bool r)
	{
		unsupported_ = true;
		return r;
	}
	void source(const GfxRGB &c, double alpha)
	{
		cairo_set_source_rgba(cr_, colToDbl(c.r), colToDbl(c.g), colToDbl(c.b), alpha);
	}
	/* Point i of a subpath; with `align`, an end of a horizontal or vertical
	 * segment goes to the centre of its pixel so that a one-pixel line covers
	 * one row of pixels rather than two half-grey ones. */
	void point(const GfxSubpath *sp, int i, bool align, double *x, double *y)
	{
		*x = sp->getX(i);
		*y = sp->getY(i);
		if (!align)
			return;
		double dx = *x, dy = *y;
		cairo_user_to_device(cr_, &dx, &dy);
		bool straight = false;
		for (int j = i - 1; j <= i + 1; j += 2) {
			if (j < 0 || j >= sp->getNumPoints() || sp->getCurve(j))
				continue;
			double ox = sp->getX(j), oy = sp->getY(j);
			cairo_user_to_device(cr_, &ox, &oy);
			if (std::fabs(ox - dx) < 0.5 || std::fabs(oy - dy) < 0.5)
				straight = true;
		}
		if (!straight)
			return;
		dx = std::floor(dx) + 0.5;
		dy = std::floor(dy) + 0.5;
		cairo_device_to_user(cr_, &dx, &dy);
		*x = dx;
		*y = dy;
	}
	void path(GfxState *state, bool align)
	{
		const GfxPath *p = state->getPath();
		cairo_new_path(cr_);
		for (int s = 0; s < p->getNumSubpaths(); s++) {
			const GfxSubpath *sp = p->getSubpath(s);
			int n = sp->getNumPoints();
			if (n <= 0)
				continue;
			double x, y;
			point(sp, 0, align, &x, &y);
			cairo_move_to(cr_, x, y);
			for (int j = 1; j < n;) {
				if (sp->getCurve(j) && j + 2 < n) {
					point(sp, j + 2, align, &x, &y);
					cairo_curve_to(cr_, sp->getX(j), sp->getY(j), sp->getX(j + 1), sp->getY(j + 1), x,
						       y);
					j += 3;
				} else {
					point(sp, j, align, &x, &y);
					cairo_line_to(cr_, x, y);
					j++;
				}
			}
			if (sp->isClosed())
				cairo_close_path(cr_);
		}
	}

	cairo_t *cr_;
	GfxRGB fill_ = { 0, 0, 0 }, stroke_ = { 0, 0, 0 };
	double fill_alpha_ = 1.0, stroke_alpha_ = 1.0, dash_start_ = 0;
	bool thin_ = false, unsupported_ = false;
};

/* Gfx asks between operators: stop as soon as the page needs poppler's renderer. */
bool rule_dev_abort(void *data)
{
	return static_cast<RuleDev *>(data)->unsupported();
}

}   // namespace

struct pdf_paths {
	PDFDoc *doc;
};

extern "C" pdf_paths *xxgk__pdf_paths_open(const char *buf, size_t len)
{
	try {
		Object none;
		/* MemStream reads `buf` in place; poppler's Goffset length */
		auto *stream = new MemStream(buf, 0, (Goffset)len, std::move(none));
		auto *doc = new PDFDoc(stream);   /* owns the stream */
		if (!doc->isOk()) {
			delete doc;
			return nullptr;
		}
		auto *p = new pdf_paths;
		p->doc = doc;
		return p;
	} catch (...) {
		return nullptr;
	}
}

extern "C" bool xxgk__pdf_paths_draw(pdf_paths *p, int index, void *cairo)
{
	if (!p || index < 0 || index >= p->doc->getNumPages())
		return false;
	try {
		cairo_t *cr = static_cast<cairo_t *>(cairo);
		Page *page = p->doc->getPage(index + 1);
		if (!page)
			return false;
		RuleDev dev(cr);
		/* As poppler_page_render (Page::displaySlice): 72 dpi into the
		 * caller's matrix, the page's own rotation, clipped to its crop box,
		 * then the annotations shown on screen. One difference: the page's
		 * resources are handed over without their fonts. Gfx builds every
		 * font of a page when it starts (the embedded CJK ones with their
		 * ToUnicode maps: most of the time left); without them a text
		 * operator draws nothing and poppler logs "Unknown font tag" /
		 * "No font in show" to its error callback (poppler-glib: GLib's
		 * debug log). */
		int rotate = page->getRotate() % 360;
		if (rotate < 0)
			rotate += 360;
		PDFRectangle box;
		bool crop = true;
		page->makeBox(72.0, 72.0, rotate, false, dev.upsideDown(), -1, -1, -1, -1, &box, &crop);
		Object resources;
		if (Dict *res = page->getResourceDict()) {
			Dict *copy = res->copy(p->doc->getXRef());
			copy->remove("Font");
			resources = Object(copy);
		}
		cairo_save(cr);
		{
			Gfx gfx(p->doc, &dev, index + 1, resources.isDict() ? resources.getDict() : nullptr, 72.0, 72.0, &box,
				crop ? page->getCropBox() : nullptr, rotate, rule_dev_abort, &dev, p->doc->getXRef());
			page->display(&gfx);
			if (Annots *annots = page->getAnnots())
				for (Annot *annot : annots->getAnnots())
					if (!dev.unsupported())
						annot->draw(&gfx, false);
		}
		cairo_restore(cr);
		return !dev.unsupported() && cairo_status(cr) == CAIRO_STATUS_SUCCESS;
	} catch (...) {
		return false;
	}
}

extern "C" void xxgk__pdf_paths_close(pdf_paths *p)
{
	if (!p)
		return;
	delete p->doc;
	delete p;
}
