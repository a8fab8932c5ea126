/*
 * place.c — placing a body in the gazetteer (include/xxgk/region.h).
 *
 * Every region name printed in the title is found; the deepest level named
 * (town over county over city over province) is the body's region, kept
 * only if the names printed above it are its ancestors ("湘潭县易俗河镇":
 * 易俗河镇 under 湘潭县). A name that several regions share is settled by a
 * county or city printed as "<name>人民政府" at the head or foot of the page
 * (seed 000: "汉川市人民政府-分水镇" picks one of six 分水镇), or printed on the
 * page after a name above it ("西宁市城中区" picks one of two 城中区); a title with no
 * region name at all (平潭综合实验区) takes the one region so printed, if
 * there is exactly one. What is left after the names ("发展和改革局",
 * "人民政府办公厅") makes the body a department of that region.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "region_int.h"

/* Regions kept while placing one body; more is no longer a placement. */
#define PLACE_CAP 256

typedef struct {
	int32_t idx[PLACE_CAP];
	size_t start[PLACE_CAP], end[PLACE_CAP];  /* where the name stood */
	int n;
} place_set;

static void place_add(place_set *s, int32_t idx, size_t start, size_t end)
{
	for (int i = 0; i < s->n; i++)
		if (s->idx[i] == idx)
			return;
	if (s->n < PLACE_CAP) {
		s->idx[s->n] = idx;
		s->start[s->n] = start;
		s->end[s->n] = end;
		s->n++;
	}
}

/* Drops the names standing inside a longer name found ("西区" in "河西区"). */
static void place_drop_inner(place_set *m)
{
	place_set keep = { .n = 0 };
	for (int i = 0; i < m->n; i++) {
		bool inner = false;
		for (int j = 0; j < m->n && !inner; j++)
			inner = m->start[j] <= m->start[i] && m->end[i] <= m->end[j] &&
				m->end[j] - m->start[j] > m->end[i] - m->start[i];
		if (!inner)
			place_add(&keep, m->idx[i], m->start[i], m->end[i]);
	}
	*m = keep;
}

/* Every region whose name stands in s[0..n). */
static void place_scan(const xxgk_gazetteer *g, const char *s, size_t n, place_set *out)
{
	for (size_t a = 0; a < n; a++) {
		if (((unsigned char)s[a] & 0xC0) == 0x80)
			continue;
		for (size_t b = a + 1; b <= n && b - a <= g->longest_name; b++) {
			if (b < n && ((unsigned char)s[b] & 0xC0) == 0x80)
				continue;
			if (b - a < 6)
				continue;   /* two characters at least */
			if (!gaz_may_end(g, s + a, b - a))
				continue;
			for (int32_t i = gaz_lookup_name(g, s + a, b - a); i >= 0; i = g->name_next[i])
				place_add(out, i, a, b);
		}
	}
}

/*
 * Counties and cities named without their 县/市/区/旗 ("平潭综合实验区" names
 * 平潭县): tried only when the title holds no full name.
 */
static void place_scan_short(const xxgk_gazetteer *g, const char *s, size_t n, place_set *out)
{
	static const char *const suffixes[] = { "县", "市", "区", "旗" };
	char buf[128];
	for (size_t a = 0; a < n; a++) {
		if (((unsigned char)s[a] & 0xC0) == 0x80)
			continue;
		for (size_t b = a + 6; b <= n && b - a + 3 < sizeof buf && b - a <= g->longest_name; b++) {
			if (b < n && ((unsigned char)s[b] & 0xC0) == 0x80)
				continue;
			memcpy(buf, s + a, b - a);
			for (size_t k = 0; k < 4; k++) {
				memcpy(buf + (b - a), suffixes[k], 3);
				for (int32_t i = gaz_lookup_name(g, buf, b - a + 3); i >= 0; i = g->name_next[i])
					if (g->regions[i].level == XXGK_LEVEL_COUNTY || g->regions[i].level == XXGK_LEVEL_CITY)
						place_add(out, i, a, b);
			}
		}
	}
}

/* Regions printed as "<name>人民政府" (or "<name>政府") in the context. */
static void place_scan_governments(const xxgk_gazetteer *g, const char *s, size_t n, place_set *out)
{
	static const char *const marks[] = { "人民政府", "政府" };
	for (size_t m = 0; m < 2; m++) {
		size_t ml = strlen(marks[m]);
		for (size_t i = 0; i + ml <= n; i++) {
			if (memcmp(s + i, marks[m], ml) != 0)
				continue;
			/* every name here ends right before the mark: one test for them all */
			if (!gaz_may_end(g, s, i)) {
				i += ml - 1;
				continue;
			}
			/* names ending right before the mark */
			for (size_t a = i; a > 0 && i - a < g->longest_name;) {
				a--;
				while (a > 0 && ((unsigned char)s[a] & 0xC0) == 0x80)
					a--;
				if (i - a < 6)
					continue;
				for (int32_t k = gaz_lookup_name(g, s + a, i - a); k >= 0; k = g->name_next[k])
					if (g->regions[k].level <= XXGK_LEVEL_COUNTY)
						place_add(out, k, a, i);
			}
			i += ml - 1;
		}
	}
}

static bool place_is_ancestor(const xxgk_gazetteer *g, int32_t anc, int32_t idx)
{
	for (int32_t p = g->regions[idx].parent; p >= 0; p = g->regions[p].parent)
		if (p == anc)
			return true;
	return false;
}

/* Keeps the entries of `d` under at least one region of each name in `names`. */
static void place_filter_by_names(const xxgk_gazetteer *g, place_set *d, const place_set *names)
{
	place_set keep = { .n = 0 };
	for (int i = 0; i < d->n; i++) {
		bool ok = true;
		for (int j = 0; j < names->n && ok; j++) {
			/* every printed name above must be an ancestor of some same-named region */
			const char *nm = g->regions[names->idx[j]].name;
			bool any = false;
			for (int k = 0; k < names->n && !any; k++)
				if (strcmp(g->regions[names->idx[k]].name, nm) == 0 &&
				    place_is_ancestor(g, names->idx[k], d->idx[i]))
					any = true;
			ok = any;
		}
		if (ok)
			place_add(&keep, d->idx[i], d->start[i], d->end[i]);
	}
	*d = keep;
}

/* The deepest-level regions of a set. */
static void place_deepest(const xxgk_gazetteer *g, const place_set *m, place_set *deep, place_set *above)
{
	int max = 0;
	for (int i = 0; i < m->n; i++)
		if (g->regions[m->idx[i]].level > max)
			max = g->regions[m->idx[i]].level;
	deep->n = above->n = 0;
	for (int i = 0; i < m->n; i++) {
		if (g->regions[m->idx[i]].level == max)
			place_add(deep, m->idx[i], m->start[i], m->end[i]);
		else
			place_add(above, m->idx[i], m->start[i], m->end[i]);
	}
}

/* Does what the title holds besides region names make it a department? */
static bool place_is_department(const char *agency, const place_set *m)
{
	char rest[512];
	size_t n = 0, len = strlen(agency);
	for (size_t i = 0; i < len && n + 1 < sizeof rest; i++) {
		bool in_name = false;
		for (int k = 0; k < m->n && !in_name; k++)
			in_name = i >= m->start[k] && i < m->end[k];
		if (!in_name)
			rest[n++] = agency[i];
	}
	rest[n] = '\0';
	const char *r = rest;
	if (strncmp(r, "人民政府", strlen("人民政府")) == 0)
		r += strlen("人民政府");
	else if (strncmp(r, "政府", strlen("政府")) == 0)
		r += strlen("政府");
	size_t rl = strlen(r);
	if (rl == 0)
		return false;
	/* the names a government itself goes by: 街道办事处, 地区行政公署, 管委会 */
	static const char *const governments[] = { "办事处", "街道办事处", "行政公署", "管理委员会", "管委会",
						   "人民政府办事处", NULL };
	for (const char *const *gv = governments; *gv; gv++)
		if (strcmp(r, *gv) == 0)
			return false;
	static const char *const suffixes[] = { "局", "委", "委员会", "办", "办公室", "厅", "署", "院",
						"中心", "所", "站", "队", "处", "会", "部", "馆", NULL };
	for (const char *const *s = suffixes; *s; s++) {
		size_t sl = strlen(*s);
		if (rl >= sl && strcmp(r + rl - sl, *s) == 0)
			return true;
	}
	return false;
}

/* Does s[0..n) hold w[0..wl)? */
static bool place_printed(const char *s, size_t n, const char *w, size_t wl)
{
	for (const char *p = s, *end = s + n; wl && (size_t)(end - p) >= wl; p++) {
		p = memchr(p, w[0], (size_t)(end - p) - wl + 1);
		if (!p)
			return false;
		if (memcmp(p, w, wl) == 0)
			return true;
	}
	return false;
}

/*
 * A shared name the page prints after one of its own ancestors'
 * ("西宁市城中区" in "西宁市城中区交通运输局" signing a report titled
 * "城中区交通运输局"): keeps the candidates so printed, if any, and says
 * which chain settled it in `how`. Searched only for a name several regions
 * share, so an ordinary title costs nothing.
 */
static void place_by_chain(const xxgk_gazetteer *g, place_set *deep, const char *s, size_t n, char *how,
			   size_t how_cap)
{
	place_set keep = { .n = 0 };
	char chain[256];
	how[0] = '\0';
	for (int i = 0; i < deep->n; i++) {
		const xxgk_region *d = &g->regions[deep->idx[i]];
		for (int32_t a = d->parent; a >= 0; a = g->regions[a].parent) {
			if (g->regions[a].placeholder)
				continue;
			int len = snprintf(chain, sizeof chain, "%s%s", g->regions[a].name, d->name);
			if (len <= 0 || (size_t)len >= sizeof chain || !place_printed(s, n, chain, (size_t)len))
				continue;
			place_add(&keep, deep->idx[i], deep->start[i], deep->end[i]);
			if (!how[0])
				snprintf(how, how_cap, "%s", chain);
			break;
		}
	}
	if (keep.n >= 1)
		*deep = keep;
}

static void place_list(char *out, size_t cap, const xxgk_gazetteer *g, const place_set *s)
{
	size_t n = 0;
	out[0] = '\0';
	for (int i = 0; i < s->n && i < 6 && n + 40 < cap; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s%s %s", i ? ", " : "", g->regions[s->idx[i]].name,
				      g->regions[s->idx[i]].code);
	if (s->n > 6 && n + 8 < cap)
		snprintf(out + n, cap - n, " …");
}

static int place_core(xxgk_placement *out, const xxgk_gazetteer *g, const char *agency, const char *context,
		      size_t context_len)
{
	static _Thread_local place_set m, deep, above, ctx;
	memset(out, 0, sizeof *out);
	out->status = XXGK_PLACE_UNRESOLVED;
	out->level = XXGK_LEVEL_UNKNOWN;
	m.n = deep.n = above.n = ctx.n = 0;
	if (agency) {
		place_scan(g, agency, strlen(agency), &m);
		place_drop_inner(&m);
	}
	if (context && context_len)
		place_scan_governments(g, context, context_len, &ctx);
	char list[256];
	bool short_form = false;
	if (m.n == 0 && agency) {
		place_scan_short(g, agency, strlen(agency), &m);
		place_drop_inner(&m);
		short_form = m.n > 0;
	}
	if (m.n == 0) {
		/* no region in the title: a single government printed on the page */
		place_deepest(g, &ctx, &deep, &above);
		place_filter_by_names(g, &deep, &above);
		if (deep.n == 1) {
			out->status = XXGK_PLACE_RESOLVED;
			out->region = &g->regions[deep.idx[0]];
			out->level = out->region->level;
			snprintf(out->note, sizeof out->note, "标题“%s”未含区划名称，按文中所印“%s人民政府”定位",
				 agency ? agency : "", out->region->name);
			return XXGK_OK;
		}
		snprintf(out->note, sizeof out->note, "“%s”中没有可识别的区划名称%s",
			 agency ? agency : "（无标题）",
			 deep.n > 1 ? "，文中所印人民政府不止一个" : "");
		out->candidates = deep.n;
		return XXGK_OK;
	}
	/* the deepest level named whose regions nest under the names above it; a
	 * name that does not nest ("林业局", a forestry area far away, in
	 * "承德县林业局") is not a region of this body */
	place_set rest = m;
	for (;;) {
		place_deepest(g, &rest, &deep, &above);
		place_filter_by_names(g, &deep, &above);
		if (deep.n > 0 || above.n == 0)
			break;
		rest = above;
	}
	if (deep.n > 1 && ctx.n > 0) {
		place_set keep = { .n = 0 };
		for (int i = 0; i < deep.n; i++)
			for (int j = 0; j < ctx.n; j++)
				if (place_is_ancestor(g, ctx.idx[j], deep.idx[i]) || ctx.idx[j] == deep.idx[i])
					place_add(&keep, deep.idx[i], deep.start[i], deep.end[i]);
		if (keep.n >= 1)
			deep = keep;
	}
	char chain[128] = "";
	if (deep.n > 1 && context && context_len)
		place_by_chain(g, &deep, context, context_len, chain, sizeof chain);
	if (deep.n == 1) {
		out->status = XXGK_PLACE_RESOLVED;
		out->region = &g->regions[deep.idx[0]];
		out->level = !short_form && place_is_department(agency, &rest) ? XXGK_LEVEL_DEPARTMENT
									     : out->region->level;
		int k = snprintf(out->note, sizeof out->note, "“%s”定位为%s（%s）%s", agency, out->region->name,
				 out->region->code, short_form ? "（名称未带县/市/区字样）" : "");
		if (chain[0] && k > 0 && (size_t)k < sizeof out->note)
			snprintf(out->note + k, sizeof out->note - (size_t)k, "，按文中所印“%s”", chain);
		return XXGK_OK;
	}
	out->candidates = deep.n;
	if (deep.n == 0) {
		place_list(list, sizeof list, g, &m);
		snprintf(out->note, sizeof out->note, "“%s”所含区划名称互不隶属：%s", agency, list);
		return XXGK_OK;
	}
	out->status = XXGK_PLACE_AMBIGUOUS;
	place_list(list, sizeof list, g, &deep);
	snprintf(out->note, sizeof out->note,
		 "“%s”对应 %d 个区划（%s），文中没有可据以确定的县市名称", agency,
		 deep.n, list);
	return XXGK_OK;
}

/*
 * One-character OCR confusions in region names (沐阳县 printed for 沭阳县,
 * 己/已, 曰/日 …), each tried both ways.
 */
static const char *const confusables[][2] = {
	{ "沭", "沐" }, { "已", "己" }, { "日", "曰" }, { "汨", "汩" }, { "泗", "酒" }, { "郓", "鄆" },
	{ "祁", "祈" }, { "邳", "丕" }, { "睢", "雎" }, { "亳", "毫" }, { "盱", "肝" }, { "泾", "经" },
	{ "浉", "狮" }, { "柘", "拓" }, { "濉", "睢" }, { "郯", "剡" }, { "鄄", "甄" }, { "莒", "苜" },
};

/* Does a region name found in the set stand over byte `at`? */
static bool place_covers(const place_set *s, size_t at)
{
	for (int i = 0; i < s->n; i++)
		if (s->start[i] <= at && at < s->end[i])
			return true;
	return false;
}

/*
 * A name the title misprints by one confusable character: every
 * substitution, at a character no region name already covers, that makes a
 * region name stand there and places the body. Taken only when they all give
 * one region; `out` is then that placement, marked `confusable`.
 */
static int place_confusable(xxgk_placement *out, const xxgk_gazetteer *g, const char *agency, const char *context,
			    size_t context_len)
{
	static _Thread_local place_set orig, sub;
	size_t n = strlen(agency);
	if (n > 512)
		return XXGK_OK;
	orig.n = 0;
	place_scan(g, agency, n, &orig);
	char alt[520];
	xxgk_placement found, p;
	const xxgk_region *one = NULL;
	int ways = 0;
	for (size_t at = 0; at < n; at++) {
		if (((unsigned char)agency[at] & 0xC0) == 0x80 || place_covers(&orig, at))
			continue;
		for (size_t k = 0; k < sizeof confusables / sizeof confusables[0]; k++)
			for (int dir = 0; dir < 2; dir++) {
				const char *from = confusables[k][dir], *to = confusables[k][1 - dir];
				size_t fl = strlen(from);
				if (strncmp(agency + at, from, fl) != 0)
					continue;
				snprintf(alt, sizeof alt, "%.*s%s%s", (int)at, agency, to, agency + at + fl);
				sub.n = 0;
				place_scan(g, alt, strlen(alt), &sub);
				if (!place_covers(&sub, at))
					continue;
				int rc = place_core(&p, g, alt, context, context_len);
				if (rc != XXGK_OK)
					return rc;
				if (p.status != XXGK_PLACE_RESOLVED)
					continue;
				if (one && one != p.region)
					return XXGK_OK;   /* two places: no reading wins */
				one = p.region;
				found = p;
				snprintf(found.note, sizeof found.note, "“%s”按形近字“%s”→“%s”读作“%s”，定位为%s（%s）",
					 agency, from, to, alt, p.region->name, p.region->code);
				ways++;
			}
	}
	if (ways > 0) {
		*out = found;
		out->confusable = true;
	}
	return XXGK_OK;
}

int xxgk_region_place(xxgk_placement *out, const xxgk_gazetteer *g, const char *agency,
		      const char *context, size_t context_len)
{
	int rc = place_core(out, g, agency, context, context_len);
	if (rc != XXGK_OK || !agency)
		return rc;
	return place_confusable(out, g, agency, context, context_len);
}

int xxgk_region_assign(xxgk_report *r, const xxgk_gazetteer *g, const char *code, int level,
		       xxgk_error *err)
{
	const xxgk_region *reg = xxgk_gazetteer_find(g, code);
	if (!reg)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "region code %s is not in the gazetteer", code);
	xxgk_placement p;
	memset(&p, 0, sizeof p);
	p.status = XXGK_PLACE_RESOLVED;
	p.region = reg;
	p.level = level > 0 ? level : reg->level;
	/* a manifest's word replaces what the parser said about the region */
	size_t w = 0;
	for (size_t i = 0; i < r->warning_count; i++) {
		if (strncmp(r->warnings[i].code, "region.", 7) == 0) {
			free(r->warnings[i].code);
			free(r->warnings[i].message);
			continue;
		}
		r->warnings[w++] = r->warnings[i];
	}
	r->warning_count = w;
	return xxgk_region_apply(r, g, &p);
}

int xxgk_region_apply(xxgk_report *r, const xxgk_gazetteer *g, const xxgk_placement *p)
{
	for (size_t i = 0; i < r->region_path_count; i++)
		free(r->region_path[i]);
	free(r->region_path);
	r->region_path = NULL;
	r->region_path_count = 0;
	if (xxgk_report_set_string(&r->region_code, NULL) != XXGK_OK)
		return XXGK_ENOMEM;
	r->level = XXGK_LEVEL_UNKNOWN;
	if (p->status != XXGK_PLACE_RESOLVED || !p->region) {
		return xxgk_report_warn(r, p->status == XXGK_PLACE_AMBIGUOUS ? "region.ambiguous"
									     : "region.unresolved",
					0, "%s", p->note);
	}
	const xxgk_region *chain[8];
	int n = 0;
	for (const xxgk_region *x = p->region; x && n < 8;
	     x = x->parent >= 0 ? &g->regions[x->parent] : NULL)
		chain[n++] = x;
	r->region_path = calloc((size_t)n, sizeof *r->region_path);
	if (!r->region_path)
		return XXGK_ENOMEM;
	for (int i = n - 1; i >= 0; i--) {
		if (chain[i]->placeholder)
			continue;   /* 市辖区, 省直辖县级行政区划: not a place */
		char *s = xxgk_strdup(chain[i]->name);
		if (!s)
			return XXGK_ENOMEM;
		r->region_path[r->region_path_count++] = s;
	}
	if (xxgk_report_set_string(&r->region_code, p->region->code) != XXGK_OK)
		return XXGK_ENOMEM;
	r->level = (uint8_t)p->level;
	if (p->confusable)
		return xxgk_report_warn(r, "region.confusable", 0, "%s", p->note);
	return XXGK_OK;
}
