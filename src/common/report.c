/*
 * report.c — the report model (include/xxgk/report.h): allocation, the key
 * names of shared/SCHEMA.md, the table-2 field lists of both templates, and a
 * walk over every cell by dotted path.
 *
 * Key names and row order come from SCHEMA.md; the printed labels from the
 * 2021 template (国办公开办函〔2021〕30号).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/report.h"
#include "common_int.h"

static const char *const t3_row_keys[XXGK_T3_ROWS] = {
	"new_received", "carried_over", "granted", "partially_granted",
	"denied_state_secret", "denied_prohibited_by_law", "denied_three_safeties",
	"denied_third_party", "denied_internal_affairs", "denied_process_info",
	"denied_enforcement_files", "denied_admin_query",
	"unable_no_info", "unable_needs_creation", "unable_unclear",
	"not_processed_complaint", "not_processed_duplicate", "not_processed_publication",
	"not_processed_excessive", "not_processed_confirm",
	"other_overdue_correction", "other_overdue_fee", "other_reasons",
	"total_processed", "carried_forward"
};

static const char *const t3_row_labels[XXGK_T3_ROWS] = {
	"一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
	"（一）予以公开", "（二）部分公开",
	"（三）1.属于国家秘密", "（三）2.其他法律行政法规禁止公开", "（三）3.危及“三安全一稳定”",
	"（三）4.保护第三方合法权益", "（三）5.属于三类内部事务信息", "（三）6.属于四类过程性信息",
	"（三）7.属于行政执法案卷", "（三）8.属于行政查询事项",
	"（四）1.本机关不掌握相关政府信息", "（四）2.没有现成信息需要另行制作",
	"（四）3.补正后申请内容仍不明确",
	"（五）1.信访举报投诉类申请", "（五）2.重复申请", "（五）3.要求提供公开出版物",
	"（五）4.无正当理由大量反复申请", "（五）5.要求行政机关确认或重新出具已获取信息",
	"（六）1.申请人无正当理由逾期不补正", "（六）2.申请人逾期未按收费通知要求缴纳费用",
	"（六）3.其他", "（七）总计", "四、结转下年度继续办理"
};

static const char *const t3_col_keys[XXGK_T3_COLS] = {
	"natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"
};
static const char *const t4_group_keys[XXGK_T4_GROUPS] = {
	"review", "litigation_direct", "litigation_after_review"
};
static const char *const t4_col_keys[XXGK_T4_COLS] = {
	"upheld", "corrected", "other", "pending", "total"
};

/* 国办公开办函〔2021〕30号, table 2: four printed blocks, six item rows. */
static const xxgk_active_field active_2021[] = {
	{ "regulations", "issued", 0, false },
	{ "regulations", "repealed", 0, false },
	{ "regulations", "valid", 0, false },
	{ "normative_documents", "issued", 1, false },
	{ "normative_documents", "repealed", 1, false },
	{ "normative_documents", "valid", 1, false },
	{ "licensing", "decisions", 2, false },
	{ "penalty", "decisions", 3, false },
	{ "coercion", "decisions", 4, false },
	{ "fees", "amount", 5, true },
};

/* 国办公开办函〔2019〕60号, table 2: eight item rows. */
static const xxgk_active_field active_2019[] = {
	{ "regulations", "made", 0, false },
	{ "regulations", "published", 0, false },
	{ "regulations", "total_published", 0, false },
	{ "normative_documents", "made", 1, false },
	{ "normative_documents", "published", 1, false },
	{ "normative_documents", "total_published", 1, false },
	{ "licensing", "previous", 2, false },
	{ "licensing", "change", 2, false },
	{ "licensing", "decisions", 2, false },
	{ "other_services", "previous", 3, false },
	{ "other_services", "change", 3, false },
	{ "other_services", "decisions", 3, false },
	{ "penalty", "previous", 4, false },
	{ "penalty", "change", 4, false },
	{ "penalty", "decisions", 4, false },
	{ "coercion", "previous", 5, false },
	{ "coercion", "change", 5, false },
	{ "coercion", "decisions", 5, false },
	{ "fees", "previous", 6, true },
	{ "fees", "change", 6, true },
	{ "procurement", "items", 7, false },
	{ "procurement", "amount", 7, true },
};

const xxgk_active_field *xxgk_active_fields(int template_kind, size_t *count)
{
	if (template_kind == XXGK_TEMPLATE_2019) {
		*count = sizeof active_2019 / sizeof active_2019[0];
		return active_2019;
	}
	*count = sizeof active_2021 / sizeof active_2021[0];
	return active_2021;
}

#define NAME_AT(table, i) \
	(((i) >= 0 && (size_t)(i) < sizeof(table) / sizeof((table)[0])) ? (table)[i] : "?")

const char *xxgk_t3_row_key(int row) { return NAME_AT(t3_row_keys, row); }
const char *xxgk_t3_row_label(int row) { return NAME_AT(t3_row_labels, row); }
const char *xxgk_t3_col_key(int col) { return NAME_AT(t3_col_keys, col); }
const char *xxgk_t4_group_key(int group) { return NAME_AT(t4_group_keys, group); }
const char *xxgk_t4_col_key(int col) { return NAME_AT(t4_col_keys, col); }

static const char *const kind_names[] = { "number", "blank", "na", "absent", "inferred", "unreadable" };
static const char *const template_names[] = { "unknown", "2021", "2019" };
static const char *const format_names[] = { "text", "markdown", "html", "pdf", "docx", "json", "image" };
static const char *const encoding_names[] = { "utf-8", "gb18030", "utf-16" };
static const char *const script_names[] = { "simplified", "traditional" };
static const char *const level_names[] = { "unknown", "province", "city", "county", "town", "department" };

const char *xxgk_kind_name(int kind) { return NAME_AT(kind_names, kind); }
const char *xxgk_template_name(int t) { return NAME_AT(template_names, t); }
const char *xxgk_format_name(int f) { return NAME_AT(format_names, f); }
const char *xxgk_encoding_name(int e) { return NAME_AT(encoding_names, e); }
const char *xxgk_script_name(int s) { return NAME_AT(script_names, s); }
const char *xxgk_level_name(int l) { return NAME_AT(level_names, l); }

static int name_index(const char *const *names, size_t count, const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < count; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

#define INDEX_OF(table, name) name_index(table, sizeof(table) / sizeof((table)[0]), name)

int xxgk_kind_from_name(const char *name) { return INDEX_OF(kind_names, name); }
int xxgk_template_from_name(const char *name) { return INDEX_OF(template_names, name); }
int xxgk_format_from_name(const char *name) { return INDEX_OF(format_names, name); }
int xxgk_encoding_from_name(const char *name) { return INDEX_OF(encoding_names, name); }
int xxgk_script_from_name(const char *name) { return INDEX_OF(script_names, name); }
int xxgk_level_from_name(const char *name) { return INDEX_OF(level_names, name); }

/*
 * The raw text of most cells is a small number: "0" … "999" point into this
 * one table instead of an allocation each (two hundred a report). The table
 * is constant after its first use; pthread_once makes that first use safe.
 */
static char small_numbers[1000][4];
static pthread_once_t small_numbers_once = PTHREAD_ONCE_INIT;

static void small_numbers_build(void)
{
	for (int i = 0; i < 1000; i++)
		snprintf(small_numbers[i], sizeof small_numbers[i], "%d", i);
}

static bool raw_is_interned(const char *raw)
{
	return raw >= &small_numbers[0][0] && raw < &small_numbers[0][0] + sizeof small_numbers;
}

void xxgk_cell_free_raw(char *raw)
{
	if (raw && !raw_is_interned(raw))
		free(raw);
}

/* "0" … "999" without leading zeros: the interned copy, else NULL. */
static char *raw_interned(const char *raw)
{
	size_t n = strlen(raw);
	if (n == 0 || n > 3 || (n > 1 && raw[0] == '0'))
		return NULL;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (raw[i] < '0' || raw[i] > '9')
			return NULL;
		v = v * 10 + (raw[i] - '0');
	}
	pthread_once(&small_numbers_once, small_numbers_build);
	return small_numbers[v];
}

static void cell_init_absent(xxgk_cell *c)
{
	memset(c, 0, sizeof *c);
	c->kind = XXGK_KIND_ABSENT;
}

int xxgk_report_new(xxgk_report **out)
{
	xxgk_report *r = calloc(1, sizeof *r);
	*out = NULL;
	if (!r)
		return XXGK_ENOMEM;
	for (size_t i = 0; i < XXGK_ACTIVE_CAP; i++)
		cell_init_absent(&r->active[i]);
	for (int i = 0; i < XXGK_T3_ROWS; i++)
		for (int j = 0; j < XXGK_T3_COLS; j++)
			cell_init_absent(&r->applications[i][j]);
	for (int i = 0; i < XXGK_T4_GROUPS; i++)
		for (int j = 0; j < XXGK_T4_COLS; j++)
			cell_init_absent(&r->reviews[i][j]);
	r->fees_explained = -1;
	*out = r;
	return XXGK_OK;
}

void xxgk_report_free(xxgk_report *r)
{
	if (!r)
		return;
	free(r->source_name);
	free(r->agency_name);
	free(r->region_code);
	for (size_t i = 0; i < r->region_path_count; i++)
		free(r->region_path[i]);
	free(r->region_path);
	for (size_t i = 0; i < XXGK_ACTIVE_CAP; i++)
		xxgk_cell_free_raw(r->active[i].raw);
	for (int i = 0; i < XXGK_T3_ROWS; i++)
		for (int j = 0; j < XXGK_T3_COLS; j++)
			xxgk_cell_free_raw(r->applications[i][j].raw);
	for (int i = 0; i < XXGK_T4_GROUPS; i++)
		for (int j = 0; j < XXGK_T4_COLS; j++)
			xxgk_cell_free_raw(r->reviews[i][j].raw);
	for (size_t i = 0; i < r->warning_count; i++) {
		free(r->warnings[i].code);
		free(r->warnings[i].message);
		free(r->warnings[i].where);
	}
	free(r->warnings);
	free(r->claims);
	free(r->origins);
	free(r);
}

/* Cells a report holds: table 2's, table 3's and table 4's, in struct order. */
#define REPORT_CELLS (XXGK_ACTIVE_CAP + XXGK_T3_ROWS * XXGK_T3_COLS + XXGK_T4_GROUPS * XXGK_T4_COLS)

/* The index of `cell` among the report's cells, or -1. */
static int report_cell_index(const xxgk_report *r, const xxgk_cell *cell)
{
	uintptr_t p = (uintptr_t)cell;
	uintptr_t a = (uintptr_t)&r->active[0], t3 = (uintptr_t)&r->applications[0][0],
		  t4 = (uintptr_t)&r->reviews[0][0];
	if (p >= a && p < a + sizeof r->active)
		return (int)((p - a) / sizeof *cell);
	if (p >= t3 && p < t3 + sizeof r->applications)
		return XXGK_ACTIVE_CAP + (int)((p - t3) / sizeof *cell);
	if (p >= t4 && p < t4 + sizeof r->reviews)
		return XXGK_ACTIVE_CAP + XXGK_T3_ROWS * XXGK_T3_COLS + (int)((p - t4) / sizeof *cell);
	return -1;
}

static bool report_origin_empty(const xxgk_origin *o)
{
	return !o->page && !o->para && !o->table && !o->row && !o->col && o->x0 == 0 && o->y0 == 0 &&
	       o->x1 == 0 && o->y1 == 0;
}

const xxgk_origin *xxgk_report_origin(const xxgk_report *r, const xxgk_cell *cell)
{
	int i = r->origins ? report_cell_index(r, cell) : -1;
	if (i < 0 || report_origin_empty(&r->origins[i]))
		return NULL;
	return &r->origins[i];
}

int xxgk_report_set_origin(xxgk_report *r, const xxgk_cell *cell, const xxgk_origin *o)
{
	int i = report_cell_index(r, cell);
	if (i < 0)
		return XXGK_EINVAL;
	if (!o || report_origin_empty(o)) {
		if (r->origins)
			memset(&r->origins[i], 0, sizeof r->origins[i]);
		return XXGK_OK;
	}
	if (!r->origins) {
		r->origins = calloc(REPORT_CELLS, sizeof *r->origins);
		if (!r->origins)
			return XXGK_ENOMEM;
	}
	xxgk_origin *d = &r->origins[i];
	*d = *o;
	/* hundredths of a point: finer than any print, and the same after a JSON round trip */
	d->x0 = round(o->x0 * 100) / 100;
	d->y0 = round(o->y0 * 100) / 100;
	d->x1 = round(o->x1 * 100) / 100;
	d->y1 = round(o->y1 * 100) / 100;
	return XXGK_OK;
}

int xxgk_report_claim(xxgk_report *r, const char *key, double value, uint32_t line)
{
	if (r->claim_count == r->claim_cap) {
		size_t cap = r->claim_cap ? r->claim_cap * 2 : 8;
		xxgk_claim *c = realloc(r->claims, cap * sizeof *c);
		if (!c)
			return XXGK_ENOMEM;
		r->claims = c;
		r->claim_cap = cap;
	}
	xxgk_claim *c = &r->claims[r->claim_count++];
	snprintf(c->key, sizeof c->key, "%s", key);
	c->value = value;
	c->line = line;
	return XXGK_OK;
}

int xxgk_cell_set(xxgk_cell *cell, int kind, bool has_value, double value,
		  uint32_t line, uint32_t column, const char *raw)
{
	char *copy = NULL;
	if (raw && *raw) {
		copy = raw_interned(raw);
		if (!copy)
			copy = xxgk_strdup(raw);
		if (!copy)
			return XXGK_ENOMEM;
	}
	xxgk_cell_free_raw(cell->raw);
	cell->raw = copy;
	cell->kind = (uint8_t)kind;
	cell->has_value = has_value;
	cell->value = has_value ? value : 0.0;
	cell->line = line;
	cell->column = column;
	return XXGK_OK;
}

int xxgk_report_set_string(char **field, const char *value)
{
	char *copy = NULL;
	if (value) {
		copy = xxgk_strdup(value);
		if (!copy)
			return XXGK_ENOMEM;
	}
	free(*field);
	*field = copy;
	return XXGK_OK;
}

static int report_warn_store(xxgk_report *r, const char *code, uint32_t line, const char *where, const char *msg);

static int report_warn_v(xxgk_report *r, const char *code, uint32_t line, const char *where,
			 const char *fmt, va_list ap)
{
	char msg[XXGK__WARN_MSG_CAP];
	xxgk_vformat(msg, sizeof msg, fmt, ap);
	return report_warn_store(r, code, line, where, msg);
}

int xxgk__report_warn_text(xxgk_report *r, const char *code, uint32_t line, const char *where, const char *msg)
{
	if (strlen(msg) >= XXGK__WARN_MSG_CAP)   /* cut as the formatting cuts it */
		return xxgk_report_warn_at(r, code, line, where, "%s", msg);
	return report_warn_store(r, code, line, where, msg);
}

static int report_warn_store(xxgk_report *r, const char *code, uint32_t line, const char *where, const char *msg)
{
	if (r->warning_count == r->warning_cap) {
		size_t cap = r->warning_cap ? r->warning_cap * 2 : 8;
		xxgk_warning *w = realloc(r->warnings, cap * sizeof *w);
		if (!w)
			return XXGK_ENOMEM;
		r->warnings = w;
		r->warning_cap = cap;
	}
	char *c = xxgk_strdup(code);
	char *m = xxgk_strdup(msg);
	char *wh = where && *where ? xxgk_strdup(where) : NULL;
	if (!c || !m || (where && *where && !wh)) {
		free(c);
		free(m);
		free(wh);
		return XXGK_ENOMEM;
	}
	xxgk_warning *w = &r->warnings[r->warning_count++];
	w->code = c;
	w->message = m;
	w->line = line;
	w->where = wh;
	return XXGK_OK;
}

int xxgk_report_warn(xxgk_report *r, const char *code, uint32_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = report_warn_v(r, code, line, NULL, fmt, ap);
	va_end(ap);
	return rc;
}

int xxgk_report_warn_at(xxgk_report *r, const char *code, uint32_t line, const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = report_warn_v(r, code, line, where, fmt, ap);
	va_end(ap);
	return rc;
}

/* Does pattern p[0..n) match the dotted path? */
static bool report_pattern_match(const char *p, size_t n, const char *path)
{
	const char *pe = p + n;
	while (p < pe) {
		const char *seg_end = memchr(p, '.', (size_t)(pe - p));
		if (!seg_end)
			seg_end = pe;
		size_t seg = (size_t)(seg_end - p);
		const char *path_end = strchr(path, '.');
		size_t plen = path_end ? (size_t)(path_end - path) : strlen(path);
		if (seg == 1 && *p == '*') {
			if (seg_end == pe)
				return *path != '\0';   /* a final "*": any rest */
		} else if (seg != plen || memcmp(p, path, seg) != 0) {
			return false;
		}
		if (!path_end)
			return seg_end == pe;
		path = path_end + 1;
		p = seg_end == pe ? pe : seg_end + 1;
		if (p == pe)
			return false;   /* the pattern ended before the path */
	}
	return false;
}

bool xxgk_cell_printed_empty(const xxgk_cell *cell)
{
	return cell->kind == XXGK_KIND_BLANK ||
	       (cell->kind == XXGK_KIND_INFERRED && (!cell->raw || !cell->raw[0]) && cell->column > 0);
}

bool xxgk_warning_covers(const xxgk_warning *w, const char *path)
{
	if (!w->where)
		return false;
	const char *p = w->where;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (n && report_pattern_match(p, n, path))
			return true;
		if (!comma)
			return false;
		p = comma + 1;
	}
}

/* "table.a.b" into path[128] (the names are short, fixed identifiers). */
static void report_cell_path(char path[128], const char *table, const char *a, const char *b)
{
	size_t lt = strlen(table), la = strlen(a), lb = strlen(b);
	if (lt + la + lb + 3 > 128) {
		snprintf(path, 128, "%s.%s.%s", table, a, b);
		return;
	}
	memcpy(path, table, lt);
	path[lt] = '.';
	memcpy(path + lt + 1, a, la);
	path[lt + 1 + la] = '.';
	memcpy(path + lt + 2 + la, b, lb + 1);
}

int xxgk_report_each_cell(xxgk_report *r, xxgk_cell_visitor visit, void *ctx)
{
	char path[128];
	size_t n;
	const xxgk_active_field *f = xxgk_active_fields(r->template_kind, &n);
	for (size_t i = 0; i < n; i++) {
		report_cell_path(path, "active", f[i].item, f[i].column);
		int rc = visit(path, &r->active[i], ctx);
		if (rc)
			return rc;
	}
	for (int i = 0; i < XXGK_T3_ROWS; i++)
		for (int j = 0; j < XXGK_T3_COLS; j++) {
			report_cell_path(path, "applications", t3_row_keys[i], t3_col_keys[j]);
			int rc = visit(path, &r->applications[i][j], ctx);
			if (rc)
				return rc;
		}
	for (int i = 0; i < XXGK_T4_GROUPS; i++)
		for (int j = 0; j < XXGK_T4_COLS; j++) {
			report_cell_path(path, "reviews", t4_group_keys[i], t4_col_keys[j]);
			int rc = visit(path, &r->reviews[i][j], ctx);
			if (rc)
				return rc;
		}
	return 0;
}

struct find_ctx {
	const char *path;
	xxgk_cell *found;
};

static int report_find_visit(const char *path, xxgk_cell *cell, void *ctx)
{
	struct find_ctx *fc = ctx;
	if (strcmp(path, fc->path) == 0) {
		fc->found = cell;
		return 1;
	}
	return 0;
}

xxgk_cell *xxgk_report_cell(xxgk_report *r, const char *path)
{
	struct find_ctx fc = { path, NULL };
	xxgk_report_each_cell(r, report_find_visit, &fc);
	return fc.found;
}

/* ---- the printed names of a cell path (for lists people read: workbooks, diffs) ---- */

static const char *const t3_col_labels[XXGK_T3_COLS] = {
	"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"
};
static const char *const t4_group_labels[XXGK_T4_GROUPS] = {
	"行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"
};
static const char *const t4_col_labels[XXGK_T4_COLS] = { "结果维持", "结果纠正", "其他结果", "尚未审结", "总计" };

/* Table 2's rows and columns, both templates (SCHEMA.md). */
static const char *const active_labels[][2] = {
	{ "regulations", "规章" }, { "normative_documents", "规范性文件" }, { "licensing", "行政许可" },
	{ "penalty", "行政处罚" }, { "coercion", "行政强制" }, { "fees", "行政事业性收费" },
	{ "other_services", "其他对外管理服务事项" }, { "procurement", "政府集中采购" },
	{ "issued", "本年制发件数" }, { "repealed", "本年废止件数" }, { "valid", "现行有效件数" },
	{ "decisions", "处理决定数量" }, { "amount", "金额" }, { "made", "本年新制作数量" },
	{ "published", "本年新公开数量" }, { "total_published", "对外公开总数量" },
	{ "previous", "上一年项目数量" }, { "change", "本年增/减" }, { "items", "采购项目数量" },
};

static const char *path_active_label(const char *key, size_t n)
{
	for (size_t i = 0; i < sizeof active_labels / sizeof active_labels[0]; i++)
		if (strlen(active_labels[i][0]) == n && !strncmp(active_labels[i][0], key, n))
			return active_labels[i][1];
	return "";
}

static const char *path_label_in(const char *const *keys, const char *const *labels, size_t count, const char *key,
				 size_t n)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(keys[i]) == n && !strncmp(keys[i], key, n))
			return labels[i];
	return "";
}

void xxgk_path_labels(const char *path, const char **table, const char **row, const char **col)
{
	*table = *row = *col = "";
	const char *a = strchr(path, '.');
	const char *b = a ? strchr(a + 1, '.') : NULL;
	size_t head = a ? (size_t)(a - path) : strlen(path);
	const char *r = a ? a + 1 : "";
	size_t rn = b ? (size_t)(b - r) : strlen(r);
	const char *c = b ? b + 1 : "";
	size_t cn = strcspn(c, ",");
	if (head == 6 && !strncmp(path, "active", 6)) {
		*table = "表二";
		*row = path_active_label(r, rn);
		*col = path_active_label(c, cn);
	} else if (head == 12 && !strncmp(path, "applications", 12)) {
		*table = "表三";
		*row = path_label_in(t3_row_keys, t3_row_labels, XXGK_T3_ROWS, r, rn);
		*col = path_label_in(t3_col_keys, t3_col_labels, XXGK_T3_COLS, c, cn);
	} else if (head == 7 && !strncmp(path, "reviews", 7)) {
		*table = "表四";
		*row = path_label_in(t4_group_keys, t4_group_labels, XXGK_T4_GROUPS, r, rn);
		*col = path_label_in(t4_col_keys, t4_col_labels, XXGK_T4_COLS, c, cn);
	} else if (head == 9 && !strncmp(path, "narrative", 9)) {
		*table = "正文";
	} else if (!strncmp(path, "active,applications,reviews", 27)) {
		*table = "表二至表四";
	}
}

int xxgk_path_domain(const char *path)
{
	int d = XXGK_CELL_COUNT;
	if (strstr(path, "fees.") || strstr(path, "procurement.amount"))
		d |= XXGK_CELL_MONEY;
	if (strstr(path, ".change"))
		d |= XXGK_CELL_CHANGE;
	return d;
}
