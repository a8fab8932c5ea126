/*
 * review.c — everything the documents say about a region and year, read once
 * from the store: the roll-ups of this year and last, each body's figures,
 * publication date against its deadline, the stored findings (or, when
 * reports were loaded after the last check, the checks run here in memory),
 * the outlier flags, and the parts of the documents every kind shares: the
 * rectification table and the method annex.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compose_int.h"

/* Default 整改时限, in working days (DOMAIN.md: "a deadline such as 15 working days"). */
#define REVIEW_RECTIFY_DAYS 15
/* Examples of one rule's findings quoted in the rectification table; the rest are counted. */
#define REVIEW_EXAMPLES 2

static const xxgk_compose_options review_defaults = XXGK_COMPOSE_OPTIONS_INIT;

typedef struct {
	compose_review *rv;
	size_t plen;
	xxgk_error *err;
} review_collect;

/* Keeps the findings of the scope's reports of the year (the in-memory check's callback). */
static int review_collect_one(const xxgk_report *r, const xxgk_finding *items, size_t count, void *ctx)
{
	review_collect *c = ctx;
	compose_review *rv = c->rv;
	if (r->year != rv->year || strncmp(r->region_code ? r->region_code : "", rv->region, c->plen) != 0)
		return XXGK_OK;
	for (size_t i = 0; i < count; i++) {
		xxgk_findings *f = &rv->findings;
		if (f->count == f->cap) {
			size_t cap = f->cap ? f->cap * 2 : 64;
			xxgk_finding *it = realloc(f->items, cap * sizeof *it);
			if (!it)
				return xxgk_error_set(c->err, XXGK_ENOMEM, 0, 0, "out of memory");
			f->items = it;
			f->cap = cap;
		}
		if (xxgk_finding_copy(&f->items[f->count], &items[i]) != XXGK_OK)
			return xxgk_error_set(c->err, XXGK_ENOMEM, 0, 0, "out of memory");
		/* the callback's findings are about `r`: a copy finding names its report already */
		snprintf(f->items[f->count].report, sizeof f->items[f->count].report, "%s", r->sha256);
		f->count++;
	}
	return XXGK_OK;
}

static int review_findings(compose_review *rv, xxgk_error *err)
{
	long long unchecked = xxgk_store_unchecked(rv->s, rv->region, rv->year, rv->year);
	if (unchecked == 0)
		return xxgk_store_findings(rv->s, rv->region, rv->year, rv->year, &rv->findings, err);
	/* reports loaded since the last `xxgk check --db` (or never checked): their lack of findings says
	 * nothing, so every check runs now, as `xxgk check --db` would, without writing */
	review_collect c = { rv, strlen(rv->region), err };
	xxgk_check_store_options co = XXGK_CHECK_STORE_OPTIONS_INIT;
	co.each = review_collect_one;
	co.ctx = &c;
	rv->checked_here = true;
	return xxgk_check_store(rv->s, &co, err);
}

compose_body *compose_review_body(compose_review *rv, const char *sha256)
{
	for (size_t i = 0; i < rv->body_count; i++)
		if (rv->bodies[i].fig && !strcmp(rv->bodies[i].fig->sha256, sha256))
			return &rv->bodies[i];
	return NULL;
}

/* 缺报 first, then the most items to rectify, the most 勾稽 errors, then by name. */
static int review_rank_cmp(const void *a, const void *b)
{
	const compose_body *x = *(compose_body *const *)a, *y = *(compose_body *const *)b;
	if (x->missing != y->missing)
		return x->missing ? -1 : 1;
	if (x->items != y->items)
		return x->items > y->items ? -1 : 1;
	if (x->counts[PROB_ARITH] != y->counts[PROB_ARITH])
		return x->counts[PROB_ARITH] > y->counts[PROB_ARITH] ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* This year's bodies with their last year, timeliness, and the counts of their problems. */
static int review_bodies(compose_review *rv, xxgk_error *err)
{
	size_t n = 0, missing = rv->r ? rv->r->missing_count : 0;
	for (size_t i = 0; i < rv->fig_count; i++)
		n += rv->figs[i].year == rv->year;
	rv->bodies = calloc(n + missing + 1, sizeof *rv->bodies);
	if (!rv->bodies)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	for (size_t i = 0; i < rv->fig_count; i++) {
		const xxgk_body_figures *f = &rv->figs[i];
		if (f->year != rv->year)
			continue;
		compose_body *b = &rv->bodies[rv->body_count++];
		b->fig = f;
		b->name = f->name[0] ? f->name : "（未识别单位）";
		b->level = f->level;
		for (size_t k = 0; k < rv->fig_count; k++)
			if (rv->figs[k].year == rv->year - 1 && !strcmp(rv->figs[k].body, f->body))
				b->prev = &rv->figs[k];
		b->pub = xxgk_publication_status(rv->dl, f->level, rv->year, f->published, b->deadline, &b->days_late);
		b->counts[PROB_LATE] = b->pub == XXGK_PUBLISHED_LATE;
	}
	for (size_t k = 0; k < missing; k++) {
		compose_body *b = &rv->bodies[rv->body_count++];
		b->name = rv->r->missing[k];
		b->missing = true;
		b->counts[PROB_MISSING] = 1;
	}
	for (size_t i = 0; i < rv->findings.count; i++) {
		const xxgk_finding *f = &rv->findings.items[i];
		compose_body *b = compose_review_body(rv, f->report);
		int kind = compose_rule_kind(f);
		if (!b || kind < 0)
			continue;
		if (f->waived)
			b->waived++;
		else
			b->counts[kind]++;
	}
	for (size_t g = 0; g < rv->flags.group_count; g++) {
		compose_body *b = compose_review_body(rv, rv->flags.groups[g].sha256);
		if (b)
			b->counts[PROB_OUTLIER]++;
	}
	/* items: what the rectification table lists for each body (a rule found several times is one item) */
	for (size_t i = 0; i < rv->body_count; i++) {
		compose_body *b = &rv->bodies[i];
		b->items = b->counts[PROB_MISSING] + b->counts[PROB_LATE] + b->counts[PROB_OUTLIER];
		for (size_t k = 0; b->fig && k < rv->findings.count; k++) {
			const xxgk_finding *f = &rv->findings.items[k];
			if (f->waived || compose_rule_kind(f) < 0 || strcmp(f->report, b->fig->sha256) != 0)
				continue;
			/* a rule found several times is one item, and so is a body's copying (one request) */
			bool seen = false, copy = compose_rule_kind(f) == PROB_COPY;
			for (size_t j = 0; j < k && !seen; j++) {
				const xxgk_finding *g = &rv->findings.items[j];
				seen = !g->waived && !strcmp(g->report, f->report) &&
				       (!strcmp(g->rule, f->rule) || (copy && compose_rule_kind(g) == PROB_COPY));
			}
			b->items += !seen;
		}
	}
	rv->order = malloc((rv->body_count + 1) * sizeof *rv->order);
	if (!rv->order)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	for (size_t i = 0; i < rv->body_count; i++)
		rv->order[i] = &rv->bodies[i];
	qsort(rv->order, rv->body_count, sizeof *rv->order, review_rank_cmp);
	return XXGK_OK;
}

int compose_review_open(compose_review *rv, xxgk_store *s, const char *region, int year, bool need_rollup,
			const xxgk_compose_options *o, xxgk_error *err)
{
	int rc;
	memset(rv, 0, sizeof *rv);
	xxgk_findings_init(&rv->findings);
	rv->s = s;
	rv->o = o ? o : &review_defaults;
	rv->region = region ? region : "";
	rv->level = compose_region_level(rv->region);
	rv->year = year;
	if (!rv->year && (rc = xxgk_store_latest_year(s, &rv->year, err)) != XXGK_OK)
		return rc;
	if (rv->year <= 0)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "the database holds no report");
	compose_today(rv->date, rv->o->date);
	rv->rectify_days = rv->o->rectify_days ? rv->o->rectify_days : REVIEW_RECTIFY_DAYS;
	compose_add_working_days(rv->deadline_rectify, rv->date, rv->rectify_days);
	rv->dl = rv->o->deadlines;
	if (!rv->dl) {
		if ((rc = xxgk_deadlines_load(&rv->own_deadlines, NULL, err)) != XXGK_OK)
			return rc;
		rv->dl = rv->own_deadlines;
	}
	if (need_rollup) {
		if ((rc = xxgk_store_rollup2(s, rv->level, rv->region, rv->year, &rv->cur, &rv->cur_count, &rv->prev,
					     &rv->prev_count, err)) != XXGK_OK)
			return rc;
		for (size_t i = 0; i < rv->cur_count; i++)
			if (!strcmp(rv->cur[i].code, rv->region))
				rv->r = &rv->cur[i];
		for (size_t i = 0; i < rv->prev_count; i++)
			if (!strcmp(rv->prev[i].code, rv->region))
				rv->p = &rv->prev[i];
		if (!rv->r)
			return xxgk_error_set(err, XXGK_EINVAL, 0, 0,
					      "no report of %d for region %s in the database; nothing to summarise",
					      rv->year, rv->region);
	}
	/* the whole store's figures once: the outliers' peers, and the scope's bodies among them */
	if ((rc = compose_flags_find(&rv->flags, s, rv->region, rv->year, rv->o->outliers, err)) != XXGK_OK)
		return rc;
	size_t plen = strlen(rv->region);
	rv->figs = malloc((rv->flags.all_count ? rv->flags.all_count : 1) * sizeof *rv->figs);
	if (!rv->figs)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	for (size_t i = 0; i < rv->flags.all_count; i++)
		if (!strncmp(rv->flags.all_figs[i].code, rv->region, plen))
			rv->figs[rv->fig_count++] = rv->flags.all_figs[i];
	if ((rc = review_findings(rv, err)) != XXGK_OK)
		return rc;
	return review_bodies(rv, err);
}

void compose_review_close(compose_review *rv)
{
	compose_flags_free(&rv->flags);
	xxgk_findings_free(&rv->findings);
	free(rv->order);
	free(rv->bodies);
	free(rv->figs);
	xxgk_rollups_free(rv->cur, rv->cur_count);
	xxgk_rollups_free(rv->prev, rv->prev_count);
	xxgk_deadlines_free(rv->own_deadlines);
	memset(rv, 0, sizeof *rv);
}

/* The plain statements of a body's findings of one kind, merged by rule: "A（3处）；B". */
void compose_body_findings(const compose_review *rv, xxgk_buf *t, const compose_body *b, int kind, bool detailed)
{
	size_t start = t->len;   /* this body's own words: a fix is said once among them */
	size_t said = 0;
	for (size_t i = 0; i < rv->findings.count; i++) {
		const xxgk_finding *f = &rv->findings.items[i];
		if (f->waived || strcmp(f->report, b->fig->sha256) != 0 || compose_rule_kind(f) != kind)
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++) {
			const xxgk_finding *g = &rv->findings.items[k];
			seen = !g->waived && !strcmp(g->report, f->report) && !strcmp(g->rule, f->rule);
		}
		if (seen)
			continue;
		size_t same = 0;
		for (size_t k = i; k < rv->findings.count; k++) {
			const xxgk_finding *g = &rv->findings.items[k];
			same += !g->waived && !strcmp(g->report, f->report) && !strcmp(g->rule, f->rule);
		}
		xxgk_buf_puts(t, said++ ? "；" : "");
		if (kind == PROB_COPY || kind == PROB_MISMATCH) {
			compose_finding_detail(t, f);   /* "正文与X2023年报告高度雷同", "正文称…" */
		} else {
			xxgk_buf_puts(t, compose_rule_plain(f->rule));
			if (detailed) {
				/* one body's review: where, in the checker's words ("表三“自然人”列") */
				size_t shown = 0;
				for (size_t k = i; k < rv->findings.count && shown < 3; k++) {
					const xxgk_finding *g = &rv->findings.items[k];
					if (g->waived || strcmp(g->report, f->report) || strcmp(g->rule, f->rule))
						continue;
					xxgk_buf_puts(t, shown++ ? "、" : "：");
					compose_finding_detail(t, g);
				}
				if (same > shown)
					xxgk_buf_printf(t, "等%zu处", same);
			} else if (same > 1) {
				xxgk_buf_printf(t, "（%zu处）", same);
			}
		}
		/* the cell localisation blames, once a body and kind */
		const char *fix = xxgk_finding_fix(f);
		if (*fix && !(t->data && strstr(t->data + start, fix))) {
			xxgk_buf_puts(t, "，");
			compose_put_clean(t, fix, strlen(fix));
		}
	}
}

/* ---- the rectification table ---- */

#define NO_ITEM SIZE_MAX

/*
 * One body's row: its problems numbered in 问题, the matching requests in 整改要求 (same numbers),
 * the date to report back by, and the state: 待整改 while something is to be rectified, 待核实 when
 * only figures are to be checked, 已豁免 when every finding was accepted by a waiver.
 */
/* The item just written, as a row of its own (the agency review: per_item). */
static void rectify_item_row(compose_review *rv, xxgk_layout *l, xxgk_buf *prob, xxgk_buf *req, const char *by,
			     const char *state)
{
	const char *cells[4] = { prob->data ? prob->data : "", req->data ? req->data : "",
				 strcmp(state, "已豁免") ? by : "—", state };
	if (prob->failed || req->failed)
		rv->rc = XXGK_ENOMEM;
	else
		L(rv, xxgk_layout_table_row(l, cells, false));
	compose_reset(prob);
	compose_reset(req);
}

void compose_rectify_rows(compose_review *rv, xxgk_layout *l, const compose_body *b, bool per_item)
{
	char d1[COMPOSE_NUM_CAP], d2[COMPOSE_NUM_CAP], by[COMPOSE_NUM_CAP];
	xxgk_buf prob, req;
	size_t n = 0, open_items = 0, flags = 0, waived = 0, nfixes = 0;
	const char *fixes[16], *state = "待整改";
	size_t copy_req = NO_ITEM;   /* where the open copy item's requests start in req */
	xxgk_buf_init(&prob);
	xxgk_buf_init(&req);
	snprintf(by, sizeof by, "%s前", compose_date_short(d1, sizeof d1, rv->deadline_rectify));
	/* a new item: numbered in the body's one row, or the last item flushed as its own row */
#define ITEM_START() (per_item ? (n ? rectify_item_row(rv, l, &prob, &req, by, state) : (void)0, (void)0) \
			       : (xxgk_buf_printf(&prob, "%s%zu．", n ? "\n" : "", n + 1), \
				  xxgk_buf_printf(&req, "%s%zu．", n ? "\n" : "", n + 1)), \
		      n++)
	if (b->missing) {
		ITEM_START();
		xxgk_buf_printf(&prob, "缺报：以往年度发布过年度报告，%d年度未见报告", rv->year);
		xxgk_buf_puts(&req, "立即编制并发布本年度报告，报送发布网址");
		open_items++;
		state = "待整改";
	}
	if (b->pub == XXGK_PUBLISHED_LATE) {
		char nd[11];
		ITEM_START();
		xxgk_buf_printf(&prob, "逾期发布：%s发布，逾期%d天", compose_date_zh(d1, sizeof d1, b->fig->published),
				b->days_late);
		snprintf(nd, sizeof nd, "%04d%s", (rv->year + 2) % 10000, b->deadline + 4);
		xxgk_buf_printf(&req, "书面说明逾期原因；%d年度报告%s前发布", rv->year + 1, compose_date_zh(d2, sizeof d2, nd));
		open_items++;
		state = "待整改";
	}
	/* the findings, one item per rule: the plain statement and a few of the body's own cases */
	for (int kind = PROB_INCOMPLETE; b->fig && kind <= PROB_OTHER; kind++) {
		for (size_t i = 0; i < rv->findings.count; i++) {
			const xxgk_finding *f = &rv->findings.items[i];
			if (strcmp(f->report, b->fig->sha256) != 0 || compose_rule_kind(f) != kind)
				continue;
			bool seen = false;
			for (size_t k = 0; k < i && !seen; k++) {
				const xxgk_finding *g = &rv->findings.items[k];
				seen = !strcmp(g->report, f->report) && !strcmp(g->rule, f->rule) && g->waived == f->waived;
			}
			if (seen)
				continue;
			size_t same = 0, shown = 0;
			bool places = compose_rule_names_cells(f->rule);
			/* several places and the cells the localisation blames: the blamed cells name the places,
			 * listing the rows too says it all twice ("…（3处）；最可能有误：…") */
			size_t found = 0;
			bool blamed = false;
			for (size_t k = i; places && k < rv->findings.count; k++) {
				const xxgk_finding *g = &rv->findings.items[k];
				if (strcmp(g->report, f->report) || strcmp(g->rule, f->rule) || g->waived != f->waived)
					continue;
				found++;
				blamed = blamed || *xxgk_finding_fix(g);
			}
			if (found > 1 && blamed)
				places = false;
			size_t most = compose_rule_names_cells(f->rule) ? (places ? 2 * REVIEW_EXAMPLES : 0)
								       : REVIEW_EXAMPLES;
			/* a body's copying (from last year, from another body, text or tables) is one item */
			bool merge = kind == PROB_COPY && !f->waived && copy_req != NO_ITEM;
			if (merge) {
				xxgk_buf_puts(&prob, "；");
			} else {
				ITEM_START();
				copy_req = kind == PROB_COPY && !f->waived ? req.len : NO_ITEM;
			}
			/* a copy's own message says it all ("正文与X2023年报告高度雷同") */
			bool own_words = kind == PROB_COPY;
			if (!own_words)
				xxgk_buf_puts(&prob, compose_rule_plain(f->rule));
			for (size_t k = i; k < rv->findings.count; k++) {
				const xxgk_finding *g = &rv->findings.items[k];
				if (strcmp(g->report, f->report) || strcmp(g->rule, f->rule) || g->waived != f->waived)
					continue;
				same++;
				if (shown < most) {
					xxgk_buf_puts(&prob, !shown ? (own_words ? "" : "：") : places ? "、" : "；");
					compose_finding_detail(&prob, g);
					shown++;
				}
			}
			if (same > shown && shown)
				xxgk_buf_printf(&prob, "等%zu处", same);
			else if (same > 1 && !shown)
				xxgk_buf_printf(&prob, "（%zu处）", same);
			/* the cell error localisation blames, once a row ("最可能有误：…应为2") */
			for (size_t k = i; k < rv->findings.count; k++) {
				const xxgk_finding *g = &rv->findings.items[k];
				const char *fix = xxgk_finding_fix(g);
				if (strcmp(g->report, f->report) || strcmp(g->rule, f->rule) || !*fix)
					continue;
				bool said = false;
				for (size_t j = 0; j < nfixes && !said; j++)
					said = !strcmp(fixes[j], fix);
				if (!said && nfixes < sizeof fixes / sizeof fixes[0]) {
					fixes[nfixes++] = fix;
					xxgk_buf_puts(&prob, "；");
					compose_put_clean(&prob, fix, strlen(fix));
				}
			}
			if (f->status == XXGK_STATUS_FIXED || f->status == XXGK_STATUS_VERIFIED)
				xxgk_buf_printf(&prob, "（已标记%s，复查仍存在）", xxgk_status_label(f->status));
			if (f->waived) {
				xxgk_buf_printf(&prob, "（已豁免：%s）", f->waiver);
				xxgk_buf_puts(&req, "已豁免，无需整改");
				waived++;
				state = "已豁免";
			} else if (merge) {
				/* the merged item's requests, each said once */
				const char *want = compose_rule_require(f->rule);
				if (!req.data || !strstr(req.data + copy_req, want))
					xxgk_buf_printf(&req, "；%s", want);
			} else {
				xxgk_buf_puts(&req, compose_rule_require(f->rule));
				open_items++;
				state = "待整改";
			}
		}
	}
	for (size_t g = 0; b->fig && g < rv->flags.group_count; g++) {
		const compose_flag_group *fg = &rv->flags.groups[g];
		if (strcmp(fg->sha256, b->fig->sha256) != 0)
			continue;
		ITEM_START();
		xxgk_buf_printf(&prob, "数据异常：%s", fg->words);
		xxgk_buf_puts(&req, fg->ask);
		flags++;
		state = "待核实";
	}
#undef ITEM_START
	if (n && per_item) {
		rectify_item_row(rv, l, &prob, &req, by, state);
	} else if (n) {
		const char *body_state = open_items ? "待整改" : flags ? "待核实" : "已豁免";
		const char *cells[5] = { b->name, prob.data, req.data, open_items || flags ? by : "—", body_state };
		if (prob.failed || req.failed)
			rv->rc = XXGK_ENOMEM;
		else
			L(rv, xxgk_layout_table_row(l, cells, false));
	}
	(void)waived;
	xxgk_buf_free(&prob);
	xxgk_buf_free(&req);
}

/* Items of a body in the rectification table (waived findings included: they are shown as waived). */
static size_t review_rows_of(const compose_body *b)
{
	return b->items + b->waived;
}

void compose_rectify_section(compose_review *rv, xxgk_layout *l, const compose_body *only)
{
	static const char *const heads[] = { "单位", "问题", "整改要求", "时限", "状态" };
	/* in points of the 442-point text width: a body's name in two or three lines of 5; the problems
	 * in lines of 11 and the requests in lines of 13 characters (the requests are the longer: with
	 * 9 a line, 34 bodies took 8 pages, most of each row empty beside its requests); the date
	 * "2025.5.9前" on one line ("2025.12.31" and "前" on two); "待整改" on one */
	static const double widths[] = { 70, 150, 126, 56, 40 };
	static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_LEFT, XXGK_ALIGN_LEFT, XXGK_ALIGN_LEFT,
				      XXGK_ALIGN_CENTER };
	char d[COMPOSE_NUM_CAP];
	xxgk_buf p;
	size_t with = 0;
	for (size_t i = 0; i < rv->body_count; i++)
		if ((!only || &rv->bodies[i] == only) && review_rows_of(&rv->bodies[i]))
			with++;
	xxgk_buf_init(&p);
	if (!with) {
		L(rv, xxgk_layout_paragraph(l, only ? "经审查，该报告未发现需要整改的问题。"
						    : "经审查，各单位报告未发现需要整改的问题。"));
		return;
	}
	/* what is asked, only of what the table holds (one body's review is not told about 缺报) */
	size_t errors = 0, missing = 0, late = 0, flagged = 0;
	for (size_t i = 0; i < rv->body_count; i++) {
		const compose_body *b = &rv->bodies[i];
		if (only && b != only)
			continue;
		for (int kind = PROB_INCOMPLETE; kind <= PROB_OTHER; kind++)
			errors += b->counts[kind];
		missing += b->counts[PROB_MISSING];
		late += b->counts[PROB_LATE];
		flagged += b->counts[PROB_OUTLIER];
	}
	const char *to = rv->o->contact ? rv->o->contact : rv->o->issuer ? rv->o->issuer : "审查单位";
	xxgk_buf_puts(&p, only ? "请对照下表逐项整改" : "请下列单位对照下表逐项整改");
	const char *sep = "：";
	if (errors) {
		xxgk_buf_printf(&p, "%s报告有误的，更正后在原发布位置重新发布，并注明更正的内容和日期", sep);
		sep = "；";
	}
	if (late) {
		xxgk_buf_printf(&p, "%s逾期发布的，书面说明原因", sep);
		sep = "；";
	}
	if (missing) {
		xxgk_buf_printf(&p, "%s缺报的，立即编制发布", sep);
		sep = "；";
	}
	if (flagged)
		xxgk_buf_printf(&p, "%s数据异常的，核实后更正或书面说明原因", sep);
	xxgk_buf_printf(&p, "。请于%s前将整改情况（更正后报告的网址和说明）报送%s。",
			compose_date_zh(d, sizeof d, rv->deadline_rectify), to);
	L(rv, xxgk_layout_paragraph(l, p.data));
	xxgk_buf_free(&p);
	if (only) {
		/* one body: a row an item, no 单位 column */
		static const char *const iheads[] = { "问题", "整改要求", "时限", "状态" };
		static const double iwidths[] = { 190, 156, 56, 40 };
		static const int ialigns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_LEFT, XXGK_ALIGN_LEFT, XXGK_ALIGN_CENTER };
		L(rv, xxgk_layout_table(l, "整改要求", NULL, 4, iheads, iwidths, ialigns));
		compose_rectify_rows(rv, l, only, true);
	} else {
		L(rv, xxgk_layout_table(l, "整改要求", NULL, 5, heads, widths, aligns));
		for (size_t i = 0; i < rv->body_count; i++)
			compose_rectify_rows(rv, l, rv->order[i], false);
	}
	char note[160];
	snprintf(note, sizeof note, "注：时限按%u个工作日计算（未计法定节假日）。", rv->rectify_days);
	L(rv, xxgk_layout_note(l, note));
}

/* ---- the method annex ---- */

void compose_method_annex(compose_review *rv, xxgk_layout *l, const char *heading, const compose_body *only)
{
	xxgk_buf p;
	xxgk_buf_init(&p);
	if (heading)
		L(rv, xxgk_layout_heading(l, 1, heading));
	L(rv, xxgk_layout_paragraph(l, "数据来源：各单位公开发布的政府信息公开工作年度报告，逐个单元格读取。原文空白、填“/”"
					  "或无法辨认的单元格不当作0，不计入合计，在表中以“—”表示；同一单位同一年度有两份文件的，"
					  "按发布日期较晚、读取问题较少者计入。"));
	L(rv, xxgk_layout_paragraph(l, "汇总口径：本级报告与下属单位报告分别合计，不相加（县级政府的报告有的只含本级，有的含全县）；"
					  "各项比率均以合计后的分子、分母计算，不对比率求平均。公开率为予以公开与部分公开之和占办理结果总计的比例；"
					  "复议纠错率为复议结果纠正占复议总计的比例。"));
	/* deadlines, as data */
	xxgk_buf_puts(&p, "发布时限：");
	static const int levels[] = { XXGK_LEVEL_DEPARTMENT, XXGK_LEVEL_TOWN, XXGK_LEVEL_COUNTY };
	for (size_t k = 0; k < sizeof levels / sizeof levels[0]; k++) {
		const char *basis = xxgk_deadline_basis(rv->dl, levels[k]);
		if (*basis)
			xxgk_buf_printf(&p, "%s%s：%s", k ? "；" : "", compose_level_noun(levels[k]), basis);
	}
	xxgk_buf_puts(&p, "。发布日期取自报告所载日期；报告未载明日期的，不判断是否按期。");
	L(rv, xxgk_layout_paragraph(l, p.data));
	compose_reset(&p);
	L(rv, xxgk_layout_paragraph(l, "审查内容：表三每列“本年新收＋上年结转＝办理结果总计＋结转下年度”（国办公开办函〔2021〕30号表三所列勾稽关系），"
					  "各行总计等于各类申请人之和，（七）总计等于（一）至（六）之和，表四总计等于各项结果之和，"
					  "上年结转与上年报告的结转下年度一致，正文所述数字与表格一致；另查空白单元格、缺表缺项、"
					  "使用旧版格式、与其他报告雷同等问题。"));
	if (rv->checked_here)
		L(rv, xxgk_layout_paragraph(l, "本通报所列问题为生成时对数据库中全部报告重新检查所得（数据库中没有保存最新的检查结果）。"));
	char tests[COMPOSE_NUM_CAP];
	compose_reset(&p);
	xxgk_buf_puts(&p, "数据异常：每个单位与数据库中全部同级、同年度单位比较（同级：同一层级；政府部门再按层级和类别分组，"
			  "如县级公安局与县级公安局比较，某类不足10个的与该层级全部部门比较）。件数用负二项分布检验"
			  "（拟合时截去最高的10%），与上年比较用条件二项检验，比率用漏斗图（贝塔二项分布，Spiegelhalter方法，"
			  "办理不足30件的不评）。");
	if (rv->flags.all.tests)
		xxgk_buf_printf(&p, "本年度全部%s项检验的p值一并按Benjamini–Hochberg方法控制错误发现率，"
				    "q值不超过%.0f%%的为异常（本年度相当于p ≤ %.2g）。异常只说明需要核实，不等于错误。",
				compose_num(tests, sizeof tests, (double)rv->flags.all.tests), 100 * rv->flags.all.fdr,
				rv->flags.all.p_cutoff);
	else   /* no "全部0项检验": say why nothing was tested */
		xxgk_buf_puts(&p, "本年度数据库中可比较的同级单位太少（或办理件数不足），没有进行数据异常检验，"
				  "本文件因此不列数据异常。");
	L(rv, xxgk_layout_paragraph(l, p.data));
	/* the statistics behind each flag shown */
	size_t shown = 0;
	for (size_t g = 0; g < rv->flags.group_count; g++)
		if (!only || (only->fig && !strcmp(rv->flags.groups[g].sha256, only->fig->sha256)))
			shown += rv->flags.groups[g].count;
	if (shown) {
		static const char *const heads[] = { "单位", "指标", "本单位", "比较基准", "统计量" };
		static const double widths[] = { 2.6, 2.2, 1.3, 1.5, 4.6 };
		static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT,
					      XXGK_ALIGN_LEFT };
		L(rv, xxgk_layout_table(l, "数据异常的统计量", NULL, 5, heads, widths, aligns));
		for (size_t g = 0; g < rv->flags.group_count; g++) {
			const compose_flag_group *fg = &rv->flags.groups[g];
			if (only && (!only->fig || strcmp(fg->sha256, only->fig->sha256)))
				continue;
			for (size_t k = fg->first; k < fg->first + fg->count; k++) {
				const xxgk_outlier *o = rv->flags.flags[k];
				char v[COMPOSE_NUM_CAP], base[COMPOSE_NUM_CAP + 16];
				char t[COMPOSE_NUM_CAP];
				if (!strcmp(o->method, "funnel")) {
					compose_pct(v, sizeof v, o->value);
					snprintf(base, sizeof base, "总体%s", compose_pct(t, sizeof t, o->peer_median));
				} else if (!strcmp(o->method, "yoy")) {
					compose_num(v, sizeof v, o->value);
					snprintf(base, sizeof base, "上年%s", compose_num(t, sizeof t, o->prev));
				} else {
					compose_num(v, sizeof v, o->value);
					snprintf(base, sizeof base, "中位数%s", compose_num(t, sizeof t, o->peer_median));
				}
				compose_reset(&p);
				compose_flag_statistic(&p, o);
				const char *cells[5] = { o->name, compose_flag_label(o), v, base, p.data ? p.data : "" };
				L(rv, xxgk_layout_table_row(l, cells, false));
			}
		}
	}
	L(rv, xxgk_layout_note(l, "行政区划：国家统计局2023年统计用区划代码。本文件中的数字均取自年度报告数据库，经程序汇总、检查后生成。"));
	if (p.failed)
		rv->rc = XXGK_ENOMEM;
	xxgk_buf_free(&p);
}
