/*
 * classes.c — xxgk-synth --classes: one known truth printed in each layout
 * class real reports come in, with the truth of what each copy prints.
 *
 * A source truth is any xxgk.report/1 object whose figures are known: a
 * fixture's hand-written <case>.expected.json or a synthetic
 * <stem>.truth.json. For every source, class and variant this writes
 *   DIR/<stem>.<class>.<v>.<ext>         the document;
 *   DIR/<stem>.<class>.<v>.truth.json    what it prints (xxgk.report/1), every
 *                                         cell's value, kind and line;
 *   DIR/<stem>.<class>.<v>.expect        what a reader must also do: the
 *                                         value under each blank cell that had
 *                                         one ("under PATH V"), the warnings it
 *                                         must give ("warn CODE"), the file.
 * The classes are those of issue 11 (docs/fixtures.md, tools/synth/README.md):
 *   web_blank     one cell per line; an empty cell is an empty line or a line
 *                 of spaces, tabs, U+00A0 or U+3000; rows separated by an
 *                 empty line or not; every line double-spaced or not; family
 *                 heads with no numbers; whole rows blank; a label left out;
 *   ocr_md        OCR Markdown: pipe tables per block with placeholder
 *                 headers (数据1…数据6), repeated and wrong header rows, table
 *                 2's first block printed after its last, annotated cells
 *                 (22（其中修订16件）) wrapped over two lines, a stray number
 *                 on its own line in table 3, a row with one number too many;
 *   meta          titles wrapped over two or three lines, a title with no
 *                 year (the year in the 统计期限 sentence or the opening
 *                 "YYYY年，本机关…"), no title at all (the body in the opening
 *                 sentence or the signature), OCR-confusable characters in
 *                 the name (沐阳县 for 沭阳县);
 *   signed        the 2019 template with negative 本年增/减 printed "-15",
 *                 "－15" or "减少15", in one-cell-per-line, tab-separated
 *                 and run-together text;
 *   run_together  web text with every cell of a row run together
 *                 (pingtan_*: 801000081), the narrative stating some of
 *                 table 2's figures (制发规范性文件N件 …), sometimes wrongly;
 *   partial       every cell printed empty; table 2 with no table 3 or 4;
 *                 table 3 with no table 4; a report cut off inside a table;
 *   layout_blank  a monospaced copy as pdftotext -layout prints a PDF: each
 *                 figure under its column, an empty cell as spaces, labels
 *                 wrapped, page footers after which the columns move over,
 *                 columns counted in characters or in display cells.
 * A cell the source cannot print (unreadable, its value unknown) is printed
 * empty. Variants are drawn from a PRNG seeded by the seed, the source's
 * name, the class and the variant number, so a run is reproducible.
 *
 * The source is read with a small JSON reader of its own: the generator
 * shares no code with the parser it tests.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth_int.h"

/* A truth file is 10–60 KB; anything past this is not one. */
#define CLS_SOURCE_CAP ((size_t)4 << 20)
/* Sources in one run (fixtures plus a synthetic corpus). */
#define CLS_SOURCES_MAX 4096
/* Variants per source and class. */
#define CLS_VARIANTS_MAX 64
/* JSON nesting a truth needs is 4; deeper input is not a truth. */
#define CLS_JSON_DEPTH 16

/* ------------------------------------------------------------ JSON reader */

enum { JN_NULL, JN_BOOL, JN_NUM, JN_STR, JN_ARR, JN_OBJ };

typedef struct jnode {
	int type;
	double num;            /* JN_NUM, JN_BOOL (0/1) */
	char *str;             /* JN_STR: owned, NUL-terminated */
	char **keys;           /* JN_OBJ: owned */
	struct jnode **kids;   /* JN_ARR, JN_OBJ: owned */
	int count, cap;
} jnode;

typedef struct {
	const char *p, *end;
	int depth;
	bool bad;
} jparser;

static void jn_free(jnode *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->count; i++) {
		jn_free(n->kids[i]);
		if (n->keys)
			free(n->keys[i]);
	}
	free(n->kids);
	free(n->keys);
	free(n->str);
	free(n);
}

static void jp_space(jparser *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
		j->p++;
}

/* Appends the UTF-8 of code point cp to out at *n (out has room). */
static void jp_utf8(char *out, size_t *n, uint32_t cp)
{
	if (cp < 0x80) {
		out[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*n)++] = (char)(0xC0 | (cp >> 6));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		out[(*n)++] = (char)(0xE0 | (cp >> 12));
		out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		out[(*n)++] = (char)(0xF0 | (cp >> 18));
		out[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
}

static bool jp_hex4(jparser *j, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		if (j->p >= j->end)
			return false;
		char c = *j->p++;
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return false;
	}
	*out = v;
	return true;
}

/* A string at j->p (after the quote); malloc'd, NULL on error. */
static char *jp_string(jparser *j)
{
	const char *start = j->p;
	size_t cap = 16;
	while (start < j->end && *start != '"') {
		cap += 4;
		start += *start == '\\' ? 2 : 1;
	}
	char *out = malloc(cap);
	if (!out)
		return NULL;
	size_t n = 0;
	while (j->p < j->end && *j->p != '"') {
		char c = *j->p++;
		if (c != '\\') {
			out[n++] = c;
			continue;
		}
		if (j->p >= j->end)
			break;
		char e = *j->p++;
		uint32_t cp;
		switch (e) {
		case 'n': out[n++] = '\n'; break;
		case 't': out[n++] = '\t'; break;
		case 'r': out[n++] = '\r'; break;
		case 'b': out[n++] = '\b'; break;
		case 'f': out[n++] = '\f'; break;
		case 'u':
			if (!jp_hex4(j, &cp)) {
				free(out);
				return NULL;
			}
			if (cp >= 0xD800 && cp < 0xDC00 && j->p + 6 <= j->end && j->p[0] == '\\' && j->p[1] == 'u') {
				uint32_t lo;
				j->p += 2;
				if (!jp_hex4(j, &lo)) {
					free(out);
					return NULL;
				}
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			jp_utf8(out, &n, cp);
			break;
		default: out[n++] = e; break;
		}
	}
	if (j->p >= j->end) {
		free(out);
		return NULL;
	}
	j->p++; /* closing quote */
	out[n] = '\0';
	return out;
}

static bool jn_push(jnode *n, char *key, jnode *kid)
{
	if (n->count == n->cap) {
		int cap = n->cap ? n->cap * 2 : 8;
		jnode **k = realloc(n->kids, (size_t)cap * sizeof *k);
		if (!k)
			return false;
		n->kids = k;
		if (n->type == JN_OBJ) {
			char **ks = realloc(n->keys, (size_t)cap * sizeof *ks);
			if (!ks)
				return false;
			n->keys = ks;
		}
		n->cap = cap;
	}
	if (n->type == JN_OBJ)
		n->keys[n->count] = key;
	n->kids[n->count++] = kid;
	return true;
}

static jnode *jp_value(jparser *j)
{
	jp_space(j);
	if (j->p >= j->end || ++j->depth > CLS_JSON_DEPTH)
		return NULL;
	jnode *n = calloc(1, sizeof *n);
	if (!n)
		return NULL;
	char c = *j->p;
	if (c == '{' || c == '[') {
		n->type = c == '{' ? JN_OBJ : JN_ARR;
		char close = c == '{' ? '}' : ']';
		j->p++;
		jp_space(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			j->depth--;
			return n;
		}
		for (;;) {
			char *key = NULL;
			jp_space(j);
			if (n->type == JN_OBJ) {
				if (j->p >= j->end || *j->p != '"')
					goto fail;
				j->p++;
				if (!(key = jp_string(j)))
					goto fail;
				jp_space(j);
				if (j->p >= j->end || *j->p != ':') {
					free(key);
					goto fail;
				}
				j->p++;
			}
			jnode *kid = jp_value(j);
			if (!kid || !jn_push(n, key, kid)) {
				free(key);
				jn_free(kid);
				goto fail;
			}
			jp_space(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == close) {
				j->p++;
				break;
			}
			goto fail;
		}
	} else if (c == '"') {
		j->p++;
		n->type = JN_STR;
		if (!(n->str = jp_string(j)))
			goto fail;
	} else if (c == 't' || c == 'f' || c == 'n') {
		const char *word = c == 't' ? "true" : c == 'f' ? "false" : "null";
		size_t l = strlen(word);
		if ((size_t)(j->end - j->p) < l || memcmp(j->p, word, l) != 0)
			goto fail;
		j->p += l;
		n->type = c == 'n' ? JN_NULL : JN_BOOL;
		n->num = c == 't';
	} else {
		char buf[64];
		size_t l = 0;
		while (j->p < j->end && l < sizeof buf - 1 && strchr("+-0123456789.eE", *j->p))
			buf[l++] = *j->p++;
		buf[l] = '\0';
		char *e;
		n->type = JN_NUM;
		n->num = strtod(buf, &e);
		if (l == 0 || *e)
			goto fail;
	}
	j->depth--;
	return n;
fail:
	j->bad = true;
	jn_free(n);
	return NULL;
}

static const jnode *jn_get(const jnode *n, const char *key)
{
	if (!n || n->type != JN_OBJ)
		return NULL;
	for (int i = 0; i < n->count; i++)
		if (strcmp(n->keys[i], key) == 0)
			return n->kids[i];
	return NULL;
}

static const char *jn_str(const jnode *n) { return n && n->type == JN_STR ? n->str : NULL; }

/* ------------------------------------------------------------- the model */

enum { CK_NUMBER, CK_BLANK, CK_NA, CK_ABSENT, CK_INFERRED, CK_UNREADABLE, CK_KIND_COUNT };
static const char *const ck_name[CK_KIND_COUNT] = { "number", "blank", "na", "absent", "inferred", "unreadable" };

enum { T2_CAP = 22, T3R = 25, T3C = 7, T4G = 3, T4C = 5 };
enum { T3_OTHER_CORRECTION = 20, T3_OTHER_FEE = 21, T3_OTHER_REASONS = 22 };

typedef struct ccell {
	char path[64];
	/* the source */
	int src_kind;
	bool has;              /* a value is known */
	double value;
	char na[24];           /* an n/a mark as the source prints it */
	bool decimal;          /* fees and amounts */
	bool is_signed;        /* the 2019 template's 本年增/减 */
	/* the copy */
	int kind;              /* CK_NUMBER, CK_BLANK, CK_NA or CK_ABSENT as printed */
	bool has_under;        /* a blank with a known value under it */
	double under;
	char text[64];         /* as printed; "" for a blank */
	uint32_t line;
} ccell;

typedef struct t2row {
	const char *label;
	int first, width;
} t2row;

typedef struct t2section {
	const char *title;
	const char *heads[4];
	int head_count;
	int rows[2];
	int row_count;
} t2section;

/* 国办公开办函〔2021〕30号 table 2 (cells in xxgk_active_fields() order). */
static const t2row t2rows_2021[] = {
	{ "规章", 0, 3 }, { "行政规范性文件", 3, 3 }, { "行政许可", 6, 1 },
	{ "行政处罚", 7, 1 }, { "行政强制", 8, 1 }, { "行政事业性收费", 9, 1 },
};
static const t2section t2sec_2021[] = {
	{ "第二十条第（一）项", { "信息内容", "本年制发件数", "本年废止件数", "现行有效件数" }, 4, { 0, 1 }, 2 },
	{ "第二十条第（五）项", { "信息内容", "本年处理决定数量" }, 2, { 2 }, 1 },
	{ "第二十条第（六）项", { "信息内容", "本年处理决定数量" }, 2, { 3, 4 }, 2 },
	{ "第二十条第（八）项", { "信息内容", "本年收费金额（单位：万元）" }, 2, { 5 }, 1 },
};
static const char *const t2paths_2021[] = {
	"regulations.issued", "regulations.repealed", "regulations.valid",
	"normative_documents.issued", "normative_documents.repealed", "normative_documents.valid",
	"licensing.decisions", "penalty.decisions", "coercion.decisions", "fees.amount",
};

/* 国办公开办函〔2019〕60号 table 2. */
static const t2row t2rows_2019[] = {
	{ "规章", 0, 3 }, { "规范性文件", 3, 3 }, { "行政许可", 6, 3 }, { "其他对外管理服务事项", 9, 3 },
	{ "行政处罚", 12, 3 }, { "行政强制", 15, 3 }, { "行政事业性收费", 18, 2 }, { "政府集中采购", 20, 2 },
};
static const t2section t2sec_2019[] = {
	{ "第二十条第（一）项", { "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量" }, 4, { 0, 1 }, 2 },
	{ "第二十条第（五）项", { "信息内容", "上一年项目数量", "本年增/减", "处理决定数量" }, 4, { 2, 3 }, 2 },
	{ "第二十条第（六）项", { "信息内容", "上一年项目数量", "本年增/减", "处理决定数量" }, 4, { 4, 5 }, 2 },
	{ "第二十条第（八）项", { "信息内容", "上一年项目数量", "本年增/减" }, 3, { 6 }, 1 },
	{ "第二十条第（九）项", { "信息内容", "采购项目数量", "采购总金额" }, 3, { 7 }, 1 },
};
static const char *const t2paths_2019[] = {
	"regulations.made", "regulations.published", "regulations.total_published",
	"normative_documents.made", "normative_documents.published", "normative_documents.total_published",
	"licensing.previous", "licensing.change", "licensing.decisions",
	"other_services.previous", "other_services.change", "other_services.decisions",
	"penalty.previous", "penalty.change", "penalty.decisions",
	"coercion.previous", "coercion.change", "coercion.decisions",
	"fees.previous", "fees.change", "procurement.items", "procurement.amount",
};

static const char *const t3_keys[T3R] = {
	"new_received", "carried_over", "granted", "partially_granted",
	"denied_state_secret", "denied_prohibited_by_law", "denied_three_safeties",
	"denied_third_party", "denied_internal_affairs", "denied_process_info",
	"denied_enforcement_files", "denied_admin_query",
	"unable_no_info", "unable_needs_creation", "unable_unclear",
	"not_processed_complaint", "not_processed_duplicate", "not_processed_publication",
	"not_processed_excessive", "not_processed_confirm",
	"other_overdue_correction", "other_overdue_fee", "other_reasons",
	"total_processed", "carried_forward",
};
static const char *const t3_cols[T3C] = {
	"natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total",
};
static const char *const t4_groups[T4G] = { "review", "litigation_direct", "litigation_after_review" };
static const char *const t4_cols[T4C] = { "upheld", "corrected", "other", "pending", "total" };

/* The template's printed labels (fixtures/seeds/001_*.txt). */
static const char *const t3_labels[T3R] = {
	"一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
	"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1.属于国家秘密", "2.其他法律行政法规禁止公开",
	"3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
	"7.属于行政执法案卷", "8.属于行政查询事项", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
	"3.补正后申请内容仍不明确", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
	"4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息",
	"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
	"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计",
	"四、结转下年度继续办理",
};
static const char *const t3_rule_note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
static const char *const part_titles[6] = {
	"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
};

/* The family heading printed before a table-3 row, or NULL. */
static const char *t3_family(int row, bool y2019)
{
	switch (row) {
	case 4: return "（三）不予公开";
	case 12: return "（四）无法提供";
	case 15: return "（五）不予处理";
	case 20: return y2019 ? NULL : "（六）其他处理";
	default: return NULL;
	}
}

/* The label of a table-3 row in a template; NULL for a row it does not print. */
static const char *t3_label(int row, bool y2019)
{
	if (y2019 && (row == T3_OTHER_CORRECTION || row == T3_OTHER_FEE))
		return NULL;
	if (y2019 && row == T3_OTHER_REASONS)
		return "（六）其他处理";
	return t3_labels[row];
}

typedef struct cdoc {
	bool y2019;
	int year;
	char agency[256];
	char region_code[16];
	char level[16];
	char region_path[4][96];
	int region_path_count;
	char published[16];
	int t2_count;
	const t2row *t2rows;
	int t2_row_count;
	const t2section *t2secs;
	int t2_sec_count;
	ccell t2[T2_CAP];
	ccell t3[T3R][T3C];
	ccell t4[T4G][T4C];
	char name[256];        /* the source's file name, for the output stem */
} cdoc;

static int cd_cell_count(const cdoc *d) { return d->t2_count + T3R * T3C + T4G * T4C; }

/* The label a copy prints for a table-3 row; NULL when it prints no cell of it. */
static const char *row_label(const cdoc *d, int row)
{
	bool any = false;
	for (int col = 0; col < T3C; col++)
		any |= d->t3[row][col].kind != CK_ABSENT;
	return any ? t3_label(row, d->y2019) : NULL;
}

/* Every cell of the document in path order into all[]; returns all. */
static ccell **cd_cells(cdoc *d, ccell **all)
{
	int n = 0;
	for (int i = 0; i < d->t2_count; i++)
		all[n++] = &d->t2[i];
	for (int r = 0; r < T3R; r++)
		for (int c = 0; c < T3C; c++)
			all[n++] = &d->t3[r][c];
	for (int g = 0; g < T4G; g++)
		for (int c = 0; c < T4C; c++)
			all[n++] = &d->t4[g][c];
	return all;
}

/* Sets the template and every cell's path, empty and absent. */
static void cd_init(cdoc *d, bool y2019)
{
	memset(d, 0, sizeof *d);
	d->y2019 = y2019;
	d->t2rows = y2019 ? t2rows_2019 : t2rows_2021;
	d->t2_row_count = y2019 ? 8 : 6;
	d->t2secs = y2019 ? t2sec_2019 : t2sec_2021;
	d->t2_sec_count = y2019 ? 5 : 4;
	d->t2_count = y2019 ? 22 : 10;
	const char *const *p2 = y2019 ? t2paths_2019 : t2paths_2021;
	for (int i = 0; i < d->t2_count; i++) {
		snprintf(d->t2[i].path, sizeof d->t2[i].path, "active.%s", p2[i]);
		d->t2[i].decimal = strstr(p2[i], "fees.") || strstr(p2[i], "procurement.amount");
		d->t2[i].is_signed = strstr(p2[i], ".change") != NULL;
	}
	for (int r = 0; r < T3R; r++)
		for (int c = 0; c < T3C; c++)
			snprintf(d->t3[r][c].path, sizeof d->t3[r][c].path, "applications.%s.%s", t3_keys[r], t3_cols[c]);
	for (int g = 0; g < T4G; g++)
		for (int c = 0; c < T4C; c++)
			snprintf(d->t4[g][c].path, sizeof d->t4[g][c].path, "reviews.%s.%s", t4_groups[g], t4_cols[c]);
	ccell *all[T2_CAP + T3R * T3C + T4G * T4C];
	cd_cells(d, all);
	for (int i = 0; i < cd_cell_count(d); i++)
		all[i]->src_kind = all[i]->kind = CK_ABSENT;
}

/* The source value of a cell from a truth's tables; kind from its "cells". */
static void cd_read_cell(ccell *c, const jnode *root)
{
	char key[64];
	snprintf(key, sizeof key, "%s", c->path);
	char *dot1 = strchr(key, '.');
	char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	if (!dot2)
		return;
	*dot1 = *dot2 = '\0';
	const jnode *v = jn_get(jn_get(jn_get(root, key), dot1 + 1), dot2 + 1);
	c->has = v && v->type == JN_NUM;
	c->value = c->has ? v->num : 0;
	c->src_kind = c->has ? CK_NUMBER : CK_ABSENT;
	const jnode *cell = jn_get(jn_get(root, "cells"), c->path);
	const char *kind = jn_str(jn_get(cell, "kind"));
	for (int k = 0; kind && k < CK_KIND_COUNT; k++)
		if (strcmp(kind, ck_name[k]) == 0)
			c->src_kind = k;
	const char *raw = jn_str(jn_get(cell, "raw"));
	if (c->src_kind == CK_NA)
		snprintf(c->na, sizeof c->na, "%s", raw && *raw ? raw : "/");
	if (c->src_kind == CK_UNREADABLE || c->src_kind == CK_BLANK)
		c->has = c->has && c->src_kind != CK_UNREADABLE;
}

/* Reads one source truth. 0, or −1 with err set. */
static int cd_load(cdoc *d, const char *path, char *err, size_t err_cap)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, err_cap, "%s: %s", path, strerror(errno));
		return -1;
	}
	char *buf = malloc(CLS_SOURCE_CAP + 1);
	size_t n = buf ? fread(buf, 1, CLS_SOURCE_CAP + 1, f) : 0;
	fclose(f);
	if (!buf || n > CLS_SOURCE_CAP) {
		free(buf);
		snprintf(err, err_cap, "%s: %s", path, buf ? "too large for a truth" : "out of memory");
		return -1;
	}
	jparser j = { buf, buf + n, 0, false };
	jnode *root = jp_value(&j);
	free(buf);
	const char *schema = jn_str(jn_get(root, "schema"));
	if (!root || j.bad || !schema || strcmp(schema, "xxgk.report/1") != 0) {
		jn_free(root);
		snprintf(err, err_cap, "%s: not an xxgk.report/1 JSON object", path);
		return -1;
	}
	const char *tmpl = jn_str(jn_get(root, "template"));
	cd_init(d, tmpl && strcmp(tmpl, "2019") == 0);
	const jnode *y = jn_get(root, "year");
	d->year = y && y->type == JN_NUM ? (int)y->num : 0;
	const jnode *ag = jn_get(root, "agency");
	snprintf(d->agency, sizeof d->agency, "%s", jn_str(jn_get(ag, "name")) ? jn_str(jn_get(ag, "name")) : "");
	const char *code = jn_str(jn_get(ag, "region_code"));
	snprintf(d->region_code, sizeof d->region_code, "%s", code ? code : "");
	const char *level = jn_str(jn_get(ag, "level"));
	snprintf(d->level, sizeof d->level, "%s", level ? level : "unknown");
	const jnode *rp = jn_get(ag, "region_path");
	for (int i = 0; rp && rp->type == JN_ARR && i < rp->count && i < 4; i++)
		if (jn_str(rp->kids[i]))
			snprintf(d->region_path[d->region_path_count++], sizeof d->region_path[0], "%s",
				 jn_str(rp->kids[i]));
	const char *pub = jn_str(jn_get(root, "published"));
	snprintf(d->published, sizeof d->published, "%s", pub ? pub : "");
	ccell *all[T2_CAP + T3R * T3C + T4G * T4C];
	cd_cells(d, all);
	for (int i = 0; i < cd_cell_count(d); i++)
		cd_read_cell(all[i], root);
	jn_free(root);
	if (d->year < 1990 || d->year > 2100 || !d->agency[0]) {
		snprintf(err, err_cap, "%s: the truth has no year or no agency name", path);
		return -1;
	}
	const char *base = strrchr(path, '/');
	snprintf(d->name, sizeof d->name, "%s", base ? base + 1 : path);
	return 0;
}

/* The number as the template prints it: integers bare, fees to the cent or finer. */
static void fmt_value(char *out, size_t cap, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(out, cap, "%.0f", v);
	else
		snprintf(out, cap, "%.15g", v);
}

/* Prepares the copy of every cell: printed as the source has it (a number, a
 * blank, an n/a mark, or nothing for an absent row); an unreadable source
 * cell prints empty. */
static void cd_prepare(cdoc *d)
{
	ccell *all[T2_CAP + T3R * T3C + T4G * T4C];
	cd_cells(d, all);
	for (int i = 0; i < cd_cell_count(d); i++) {
		ccell *c = all[i];
		c->has_under = false;
		c->line = 0;
		c->text[0] = '\0';
		switch (c->src_kind) {
		case CK_NUMBER:
		case CK_INFERRED:
			c->kind = c->has ? CK_NUMBER : CK_BLANK;
			if (c->has)
				fmt_value(c->text, sizeof c->text, c->value);
			break;
		case CK_NA:
			c->kind = CK_NA;
			snprintf(c->text, sizeof c->text, "%s", c->na);
			break;
		case CK_ABSENT:
			c->kind = CK_ABSENT;
			break;
		default:
			c->kind = CK_BLANK;
			break;
		}
	}
}

/* Prints a known cell empty, remembering the value under it. */
static void cd_blank(ccell *c)
{
	if (c->kind != CK_NUMBER)
		return;
	c->kind = CK_BLANK;
	c->has_under = true;
	c->under = c->value;
	c->text[0] = '\0';
}

/* --------------------------------------------------------------- output */

typedef struct cls_ctx {
	rng r;
	cdoc *d;
	sbuf *b;
	sbuf expect;            /* the .expect lines */
	const char *format;     /* source.format of the copy */
	const char *ext;        /* file name ending */
	uint32_t parts[6];
	/* what the reader must say about the document, beyond the cells */
	char title_agency[256]; /* agency.name a reader gets from the copy */
	int meta_year;          /* the year a reader gets */
	bool meta_checked;      /* agency and year are judged */
} cls_ctx;

/* Writes the cell's text and remembers the line it stands on. */
static void put_cell(cls_ctx *x, ccell *c)
{
	c->line = x->b->line;
	sb_puts(x->b, c->text);
}

static void json_str(sbuf *b, const char *s)
{
	sb_char(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			sb_char(b, '\\');
			sb_char(b, (char)*p);
		} else if (*p < 0x20) {
			sb_printf(b, "\\u%04x", *p);
		} else {
			sb_char(b, (char)*p);
		}
	}
	sb_char(b, '"');
}

static void json_value(sbuf *b, const ccell *c)
{
	if (c->kind != CK_NUMBER) {
		sb_puts(b, "null");
		return;
	}
	char v[64];
	fmt_value(v, sizeof v, c->value);
	sb_puts(b, v);
}

/* Groups the cells of a table by their middle key: {"row": {"col": v}}. */
static void json_table(sbuf *b, ccell *const *cells, int n, const char *table)
{
	sb_printf(b, "  \"%s\": {", table);
	char open[64] = "";
	for (int i = 0; i < n; i++) {
		const char *p = cells[i]->path + strlen(table) + 1;
		const char *dot = strchr(p, '.');
		if (strlen(open) != (size_t)(dot - p) || strncmp(open, p, (size_t)(dot - p)) != 0) {
			sb_puts(b, open[0] ? "},\n    \"" : "\n    \"");
			snprintf(open, sizeof open, "%.*s", (int)(dot - p), p);
			sb_printf(b, "%s\": {", open);
		} else {
			sb_puts(b, ", ");
		}
		sb_printf(b, "\"%s\": ", dot + 1);
		json_value(b, cells[i]);
	}
	sb_puts(b, open[0] ? "}\n  }" : "}");
}

static void write_truth(sbuf *t, cls_ctx *x, const char *file, const char *sha, const char *cls)
{
	cdoc *d = x->d;
	sb_puts(t, "{\n  \"schema\": \"xxgk.report/1\",\n  \"source\": {\"name\": ");
	json_str(t, file);
	sb_printf(t, ", \"sha256\": \"%s\", \"format\": \"%s\", \"encoding\": \"utf-8\", \"script\": \"simplified\"},\n",
		  sha, x->format);
	sb_puts(t, "  \"agency\": {\"name\": ");
	json_str(t, x->title_agency);
	sb_puts(t, ", \"region_code\": ");
	if (d->region_code[0])
		json_str(t, d->region_code);
	else
		sb_puts(t, "null");
	sb_puts(t, ", \"region_path\": [");
	for (int i = 0; i < d->region_path_count; i++) {
		if (i)
			sb_puts(t, ", ");
		json_str(t, d->region_path[i]);
	}
	sb_printf(t, "], \"level\": \"%s\"},\n", d->level);
	sb_printf(t, "  \"year\": %d,\n  \"template\": \"%s\",\n  \"published\": ", x->meta_year,
		  d->y2019 ? "2019" : "2021");
	if (d->published[0])
		json_str(t, d->published);
	else
		sb_puts(t, "null");
	sb_printf(t, ",\n  \"layout\": \"%s\",\n  \"parts\": [", cls);
	for (int i = 0; i < 6; i++)
		sb_printf(t, "%s%u", i ? ", " : "", x->parts[i]);
	sb_puts(t, "],\n");
	ccell *all[T2_CAP + T3R * T3C + T4G * T4C];
	cd_cells(d, all);
	json_table(t, all, d->t2_count, "active");
	sb_puts(t, ",\n");
	json_table(t, all + d->t2_count, T3R * T3C, "applications");
	sb_puts(t, ",\n");
	json_table(t, all + d->t2_count + T3R * T3C, T4G * T4C, "reviews");
	sb_puts(t, ",\n  \"cells\": {\n");
	int n = cd_cell_count(d);
	for (int i = 0; i < n; i++) {
		const ccell *c = all[i];
		sb_puts(t, "    ");
		json_str(t, c->path);
		sb_puts(t, ": {\"raw\": ");
		json_str(t, c->text);
		sb_printf(t, ", \"kind\": \"%s\", \"line\": ", ck_name[c->kind]);
		if (c->kind == CK_ABSENT || !c->line)
			sb_puts(t, "null");
		else
			sb_printf(t, "%u", c->line);
		sb_puts(t, i + 1 < n ? "},\n" : "}\n");
	}
	sb_puts(t, "  },\n  \"warnings\": []\n}\n");
}

static int write_all(const char *dir, const char *name, const char *data, size_t len, char *err, size_t cap)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
		snprintf(err, cap, "%s: output path too long", dir);
		return -1;
	}
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len) {
		snprintf(err, cap, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	if (fclose(f) != 0) {
		snprintf(err, cap, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ narrative */

/* How the body refers to itself in its prose. */
static const char *self_word(const cdoc *d)
{
	size_t n = strlen(d->agency);
	static const struct { const char *tail, *self; } words[] = {
		{ "街道办事处", "本街道" }, { "街道", "本街道" }, { "镇人民政府", "本镇" }, { "镇", "本镇" },
		{ "乡人民政府", "本乡" }, { "乡", "本乡" }, { "县人民政府", "本县" }, { "区人民政府", "本区" },
		{ "市人民政府", "本市" }, { "局", "本局" }, { "委员会", "本委" }, { "办公室", "本办" },
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t l = strlen(words[i].tail);
		if (n >= l && strcmp(d->agency + n - l, words[i].tail) == 0)
			return words[i].self;
	}
	return "本机关";
}

/* The figure of a cell as the narrative would state it, or −1. */
static double cd_figure(const ccell *c) { return c->has ? c->value : -1; }

/* Part one: a few sentences, some stating the tables' figures. */
static void narrative_part1(cls_ctx *x, bool year_opening)
{
	cdoc *d = x->d;
	if (year_opening)
		sb_printf(x->b, "%d年，%s", d->year, self_word(d));
	else
		sb_printf(x->b, "过去一年，%s", self_word(d));
	sb_puts(x->b, "坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
		      "持续推进决策、执行、管理、服务、结果公开。");
	double nr = cd_figure(&d->t3[0][6]);
	if (nr >= 0)
		sb_printf(x->b, "全年共收到政府信息公开申请%.0f件，均在法定期限内予以答复。", nr);
	sb_puts(x->b, "\n\n（一）主动公开方面\n\n");
	sb_puts(x->b, "严格落实信息发布审核制度，通过政府网站、政务新媒体等渠道主动公开政府信息。\n\n");
}

static void narrative_part5(cls_ctx *x)
{
	sb_puts(x->b, "一是主动公开的深度和广度还需拓展；二是政策解读形式较为单一。下一步，将加强业务培训，"
		      "完善公开制度，持续提升政府信息公开工作水平。\n\n");
}

static void narrative_part6(cls_ctx *x)
{
	sb_printf(x->b, "%d年，%s未收取信息处理费。无其他需要报告的事项。\n\n", x->d->year, self_word(x->d));
}

/* ------------------------------------------------------ web_blank class */

/*
 * One cell per line. `lead` starts every cell line; an empty cell is `lead`
 * followed by `marker`; `rowsep` empty lines end each row; `dbl` puts an empty
 * line after every line (as a page whose paragraphs are all separated).
 */
typedef struct web_style {
	const char *lead;
	const char *marker;
	int rowsep;
	bool dbl;
	int missing_label_row;  /* table-3 row printed without its label, or −1 */
} web_style;

static void web_line(cls_ctx *x, const web_style *s, const char *text)
{
	sb_puts(x->b, s->lead);
	sb_puts(x->b, text);
	sb_char(x->b, '\n');
	if (s->dbl)
		sb_char(x->b, '\n');
}

static void web_cell(cls_ctx *x, const web_style *s, ccell *c)
{
	if (c->kind == CK_ABSENT)
		return;
	sb_puts(x->b, s->lead);
	if (c->kind == CK_BLANK) {
		c->line = x->b->line;
		sb_puts(x->b, s->marker);
	} else {
		put_cell(x, c);
	}
	sb_char(x->b, '\n');
	if (s->dbl)
		sb_char(x->b, '\n');
}

static void web_rowend(cls_ctx *x, const web_style *s)
{
	for (int i = 0; i < s->rowsep; i++)
		sb_char(x->b, '\n');
}

static void web_table2(cls_ctx *x, const web_style *s)
{
	cdoc *d = x->d;
	for (int k = 0; k < d->t2_sec_count; k++) {
		const t2section *sec = &d->t2secs[k];
		web_line(x, s, sec->title);
		web_rowend(x, s);
		for (int h = 0; h < sec->head_count; h++)
			web_line(x, s, sec->heads[h]);
		web_rowend(x, s);
		for (int i = 0; i < sec->row_count; i++) {
			const t2row *row = &d->t2rows[sec->rows[i]];
			web_line(x, s, row->label);
			for (int c = 0; c < row->width; c++)
				web_cell(x, s, &d->t2[row->first + c]);
			web_rowend(x, s);
		}
	}
}

static void web_table3(cls_ctx *x, const web_style *s)
{
	cdoc *d = x->d;
	web_line(x, s, t3_rule_note);
	web_line(x, s, "申请人情况");
	web_rowend(x, s);
	static const char *const heads[] = { "自然人", "法人或其他组织", "总计", "商业企业", "科研机构",
					     "社会公益组织", "法律服务机构", "其他" };
	for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++)
		web_line(x, s, heads[h]);
	web_rowend(x, s);
	for (int row = 0; row < T3R; row++) {
		const char *label = row_label(d, row);
		if (!label)
			continue;
		if (row == 2)
			web_line(x, s, "三、本年度办理结果");
		const char *fam = t3_family(row, d->y2019);
		if (fam)
			web_line(x, s, fam);
		if (row != s->missing_label_row)
			web_line(x, s, label);
		for (int c = 0; c < T3C; c++)
			web_cell(x, s, &d->t3[row][c]);
		web_rowend(x, s);
	}
}

static void web_table4(cls_ctx *x, const web_style *s)
{
	cdoc *d = x->d;
	static const char *const heads[] = { "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结",
					     "总计", "未经复议直接起诉", "复议后起诉" };
	for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++)
		web_line(x, s, heads[h]);
	for (int i = 0; i < 2; i++)
		for (int h = 2; h < 7; h++)
			web_line(x, s, heads[h]);
	web_rowend(x, s);
	for (int g = 0; g < T4G; g++)
		for (int c = 0; c < T4C; c++)
			web_cell(x, s, &d->t4[g][c]);
	web_rowend(x, s);
}

/* ------------------------------------------------------------ skeleton */

typedef void (*table_fn)(cls_ctx *x, const void *style, int table);

typedef struct skel {
	int title;              /* enum title_kind */
	bool md_headings;       /* "## 一、…" */
	bool year_opening;      /* part one opens "YYYY年，本机关…" */
	bool term_sentence;     /* the 统计期限 sentence */
	bool signature;
	int drop_table;         /* 0: all tables; 3: no table 3 and 4; 4: no table 4 */
	const char *confusable_agency;  /* the name as printed in the title, when it differs */
	bool opening_name;      /* with no title: the opening sentence names the body */
} skel;

enum title_kind { TITLE_ONE_LINE, TITLE_TWO_LINES, TITLE_THREE_LINES, TITLE_NO_YEAR, TITLE_NONE, TITLE_KIND_COUNT };

static void skel_title(cls_ctx *x, const skel *k)
{
	cdoc *d = x->d;
	const char *name = k->confusable_agency ? k->confusable_agency : d->agency;
	const char *h = k->md_headings ? "# " : "";
	switch (k->title) {
	case TITLE_ONE_LINE:
		sb_printf(x->b, "%s%s%d年政府信息公开工作年度报告\n\n", h, name, d->year);
		break;
	case TITLE_TWO_LINES:
		sb_printf(x->b, "%s%s\n%d年政府信息公开工作年度报告\n\n", h, name, d->year);
		break;
	case TITLE_THREE_LINES:
		sb_printf(x->b, "%s%s\n%d年度政府信息公开\n工作年度报告\n\n", h, name, d->year);
		break;
	case TITLE_NO_YEAR:
		sb_printf(x->b, "%s%s政府信息公开工作年度报告\n\n", h, name);
		break;
	default:
		break;
	}
	if (d->published[0] && k->title != TITLE_NONE)
		sb_printf(x->b, "发布日期：%s\n\n", d->published);
}

static void skel_part(cls_ctx *x, const skel *k, int p)
{
	x->parts[p] = x->b->line + (k->md_headings ? 0 : 0);
	sb_printf(x->b, "%s%s\n\n", k->md_headings ? "## " : "", part_titles[p]);
}

/* The whole report around the class's tables. */
static void skel_emit(cls_ctx *x, const skel *k, table_fn tables, const void *style)
{
	cdoc *d = x->d;
	skel_title(x, k);
	if (k->title == TITLE_NONE && k->opening_name)
		sb_printf(x->b, "本报告由%s根据《中华人民共和国政府信息公开条例》要求编制。", d->agency);
	else
		sb_puts(x->b, "根据《中华人民共和国政府信息公开条例》要求编制本报告。");
	if (k->term_sentence)
		sb_printf(x->b, "本报告所列数据的统计期限自%d年1月1日起至%d年12月31日止。", d->year, d->year);
	sb_puts(x->b, "\n\n");
	skel_part(x, k, 0);
	narrative_part1(x, k->year_opening);
	skel_part(x, k, 1);
	tables(x, style, 2);
	skel_part(x, k, 2);
	if (k->drop_table == 3)
		sb_puts(x->b, "本年度未收到政府信息公开申请。\n\n");
	else
		tables(x, style, 3);
	skel_part(x, k, 3);
	if (k->drop_table == 3 || k->drop_table == 4)
		sb_puts(x->b, "本年度未发生因政府信息公开引起的行政复议、行政诉讼。\n\n");
	else
		tables(x, style, 4);
	skel_part(x, k, 4);
	narrative_part5(x);
	skel_part(x, k, 5);
	narrative_part6(x);
	if (k->signature)
		sb_printf(x->b, "%s\n%d年1月20日\n", d->agency, d->year + 1);
}

static void web_tables(cls_ctx *x, const void *style, int table)
{
	const web_style *s = style;
	if (table == 2)
		web_table2(x, s);
	else if (table == 3)
		web_table3(x, s);
	else
		web_table4(x, s);
}

/* Empty cells and whole empty rows, each with the value under it. */
static void blank_some(cls_ctx *x, double cell_p, double row_p)
{
	cdoc *d = x->d;
	ccell *all[T2_CAP + T3R * T3C + T4G * T4C];
	cd_cells(d, all);
	for (int i = 0; i < cd_cell_count(d); i++)
		if (rng_chance(&x->r, cell_p))
			cd_blank(all[i]);
	if (rng_chance(&x->r, row_p)) {
		int row = 2 + rng_int(&x->r, 21);
		for (int c = 0; c < T3C; c++)
			cd_blank(&d->t3[row][c]);
	}
}

static void class_web_blank(cls_ctx *x, int variant)
{
	static const char *const markers[] = { "", " ", "  ", "\t", "\xC2\xA0", "\xE3\x80\x80" };
	web_style s;
	s.lead = rng_chance(&x->r, 0.5) ? "\t" : "";
	s.marker = markers[rng_int(&x->r, 6)];
	if (strcmp(s.lead, "\t") == 0 && strcmp(s.marker, "\t") == 0)
		s.marker = "";
	s.dbl = rng_chance(&x->r, 0.25);
	s.rowsep = s.dbl ? 0 : rng_int(&x->r, 2);
	s.missing_label_row = rng_chance(&x->r, 0.2) ? 2 + rng_int(&x->r, 21) : -1;
	if (x->d->y2019 && (s.missing_label_row == T3_OTHER_CORRECTION || s.missing_label_row == T3_OTHER_FEE))
		s.missing_label_row = -1;
	blank_some(x, variant == 0 ? 0.0 : 0.06, variant == 0 ? 0.0 : 0.4);
	/* the row above the one whose label is lost printed wholly empty: its
	 * empty lines run straight into the next row's figures */
	if (variant > 0 && s.missing_label_row > 2 && rng_chance(&x->r, 0.3))
		for (int c = 0; c < T3C; c++)
			cd_blank(&x->d->t3[s.missing_label_row - 1][c]);
	x->format = "text";
	x->ext = "txt";
	skel k = { TITLE_ONE_LINE, false, true, true, false, 0, NULL, false };
	skel_emit(x, &k, web_tables, &s);
	sb_printf(&x->expect, "style lead=%s marker=%zu rowsep=%d dbl=%d missing_label=%d\n",
		  s.lead[0] ? "tab" : "none", strlen(s.marker), s.rowsep, s.dbl, s.missing_label_row);
}

/* ------------------------------------------------------ layout_blank class */

/*
 * A monospaced rendering of the tables, as `pdftotext -layout` prints a
 * PDF: labels at the left, each figure under its column, an empty cell
 * printed as nothing at all (spaces), long labels wrapped with the figures
 * on one of their lines, a page footer now and then after which the columns
 * sit a little further over. Columns are counted either in characters (as
 * pdftotext pads) or in display cells (a Han character two wide, as an
 * editor with a monospaced font aligns); figures sit left, right or centred
 * in their cells. Table 4 is one row of fifteen or three rows of five.
 */
typedef struct lay_style {
	bool cells;         /* pad by display cells, else by characters */
	int align;          /* a figure in its cell: 0 left, 1 right, 2 centred */
	int first, pitch;   /* table 3: the first figure column, columns apart */
	int first2, pitch2; /* table 2 */
	int pitch4;         /* table 4 */
	int shift;          /* columns move this far right after each page footer */
	int page_lines;     /* lines between page footers */
	bool t4_rows;       /* table 4 as three rows of five */
} lay_style;

typedef struct lay_page {
	uint32_t start;     /* the line the page began on */
	int page, offset;   /* pages so far; columns' shift on this page */
} lay_page;

typedef struct lay_arg {
	lay_style s;
	lay_page *pg;
} lay_arg;

typedef struct lay_line {
	char buf[4096];
	size_t len;
	int col;
} lay_line;

/* Is cp two cells wide (East Asian Wide)? The parser is not asked. */
static bool lay_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6);
}

/* The next character of s: its bytes, and its code point in *cp. */
static size_t lay_char(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = u[0] < 0x80 ? 1 : u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : 4;
	for (size_t i = 1; i < n; i++)
		if (!u[i])
			return *cp = u[0], 1;
	*cp = n == 1 ? u[0] : n == 2 ? (u[0] & 0x1Fu) << 6 | (u[1] & 0x3Fu)
		: n == 3 ? (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu)
		: (u[0] & 0x07u) << 18 | (u[1] & 0x3Fu) << 12 | (u[2] & 0x3Fu) << 6 | (u[3] & 0x3Fu);
	return n;
}

/* Width of the first n bytes of s in the style's count. */
static int lay_width_n(const lay_style *s, const char *t, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n && t[i];) {
		uint32_t cp;
		i += lay_char(t + i, &cp);
		w += s->cells && lay_wide(cp) ? 2 : 1;
	}
	return w;
}

static int lay_width(const lay_style *s, const char *t) { return lay_width_n(s, t, strlen(t)); }

static void lay_put(lay_line *l, const lay_style *s, const char *t, size_t n)
{
	if (l->len + n >= sizeof l->buf)
		return;   /* a line never gets this long */
	memcpy(l->buf + l->len, t, n);
	l->len += n;
	l->col += lay_width_n(s, t, n);
}

/* Spaces up to column col; one at least after text already past it. */
static void lay_pad(lay_line *l, int col)
{
	if (l->len && l->col >= col && l->len + 1 < sizeof l->buf) {
		l->buf[l->len++] = ' ';
		l->col++;
	}
	while (l->col < col && l->len + 1 < sizeof l->buf) {
		l->buf[l->len++] = ' ';
		l->col++;
	}
}

static void lay_end(cls_ctx *x, lay_line *l)
{
	while (l->len && l->buf[l->len - 1] == ' ')
		l->len--;
	sb_put(x->b, l->buf, l->len);
	sb_char(x->b, '\n');
	l->len = 0;
	l->col = 0;
}

/* A figure in the cell that starts at column `at`, `pitch` wide; a blank prints nothing. */
static void lay_fig(cls_ctx *x, lay_line *l, const lay_style *s, ccell *c, int at, int pitch)
{
	if (c->kind == CK_ABSENT)
		return;
	c->line = x->b->line;   /* the line being built is the next one written */
	if (c->kind == CK_BLANK)
		return;
	int w = lay_width(s, c->text);
	int start = s->align == 1 ? at + pitch - 2 - w : s->align == 2 ? at + (pitch - 1 - w) / 2 : at;
	lay_pad(l, start < at ? at : start);
	lay_put(l, s, c->text, strlen(c->text));
}

/* A page footer ("-3-") once the page is full, between rows; the next page's columns sit further over. */
static void lay_page_break(cls_ctx *x, const lay_arg *a)
{
	if (x->b->line - a->pg->start < (uint32_t)a->s.page_lines)
		return;
	a->pg->page++;
	sb_printf(x->b, "\n%30s-%d-\n\n", "", a->pg->page);
	a->pg->start = x->b->line;
	a->pg->offset += a->s.shift;
}

/* A row: its label from column `indent`, wrapped to end before `first`, its
 * figures cells[0..n) on the label's middle line. */
static void lay_row(cls_ctx *x, const lay_arg *a, const char *label, int indent, ccell *const *cells, int n, int first,
		    int pitch)
{
	const lay_style *s = &a->s;
	int room = first - 2 - indent;
	const char *chunk[8];
	size_t chunk_len[8];
	int chunks = 0;
	for (const char *p = label; *p && chunks < 8;) {
		const char *q = p;
		int w = 0;
		while (*q) {
			uint32_t cp;
			size_t k = lay_char(q, &cp);
			int cw = s->cells && lay_wide(cp) ? 2 : 1;
			if (w + cw > room && q > p)
				break;
			w += cw;
			q += k;
		}
		chunk[chunks] = p;
		chunk_len[chunks++] = (size_t)(q - p);
		p = q;
	}
	lay_line l = { .len = 0 };
	int mid = chunks / 2;
	for (int i = 0; i < (chunks ? chunks : 1); i++) {
		lay_pad(&l, indent);
		if (chunks)
			lay_put(&l, s, chunk[i], chunk_len[i]);
		if (i == mid)
			for (int c = 0; c < n; c++)
				lay_fig(x, &l, s, cells[c], first + a->pg->offset + c * pitch, pitch);
		lay_end(x, &l);
	}
	lay_page_break(x, a);
}

static void lay_table2(cls_ctx *x, const lay_arg *a)
{
	cdoc *d = x->d;
	const lay_style *s = &a->s;
	for (int k = 0; k < d->t2_sec_count; k++) {
		const t2section *sec = &d->t2secs[k];
		sb_printf(x->b, "%s\n", sec->title);
		lay_line l = { .len = 0 };
		lay_put(&l, s, sec->heads[0], strlen(sec->heads[0]));
		for (int h = 1; h < sec->head_count; h++) {
			lay_pad(&l, s->first2 + a->pg->offset + (h - 1) * s->pitch2);
			lay_put(&l, s, sec->heads[h], strlen(sec->heads[h]));
		}
		lay_end(x, &l);
		sb_char(x->b, '\n');
		for (int i = 0; i < sec->row_count; i++) {
			const t2row *row = &d->t2rows[sec->rows[i]];
			ccell *cells[4];
			for (int c = 0; c < row->width; c++)
				cells[c] = &d->t2[row->first + c];
			lay_row(x, a, row->label, 0, cells, row->width, s->first2, s->pitch2);
		}
		sb_char(x->b, '\n');
	}
}

static void lay_table3(cls_ctx *x, const lay_arg *a)
{
	cdoc *d = x->d;
	const lay_style *s = &a->s;
	int at = s->first + a->pg->offset;
	lay_line l = { .len = 0 };
	lay_pad(&l, at + 2 * s->pitch);
	lay_put(&l, s, "申请人情况", strlen("申请人情况"));
	lay_end(x, &l);
	sb_printf(x->b, "%s\n", t3_rule_note);
	lay_pad(&l, at + 2 * s->pitch);
	lay_put(&l, s, "法人或其他组织", strlen("法人或其他组织"));
	lay_end(x, &l);
	static const char *const heads[T3C] = { "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
						"总计" };
	for (int c = 0; c < T3C; c++) {
		lay_pad(&l, at + c * s->pitch);
		lay_put(&l, s, heads[c], strlen(heads[c]));
	}
	lay_end(x, &l);
	sb_char(x->b, '\n');
	for (int row = 0; row < T3R; row++) {
		const char *label = row_label(d, row);
		if (!label)
			continue;
		if (row == 2)
			sb_puts(x->b, "三、本年度办理结果\n");
		const char *fam = t3_family(row, d->y2019);
		if (fam) {
			lay_pad(&l, 2);
			lay_put(&l, s, fam, strlen(fam));
			lay_end(x, &l);
		}
		ccell *cells[T3C];
		for (int c = 0; c < T3C; c++)
			cells[c] = &d->t3[row][c];
		int indent = row >= 4 && row <= 22 && !(d->y2019 && row == T3_OTHER_REASONS) ? 4 : row >= 2 && row <= 23 ? 2 : 0;
		lay_row(x, a, label, indent, cells, T3C, s->first, s->pitch);
	}
	sb_char(x->b, '\n');
}

static void lay_table4(cls_ctx *x, const lay_arg *a)
{
	cdoc *d = x->d;
	const lay_style *s = &a->s;
	static const char *const groups[T4G] = { "行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）" };
	static const char *const heads[T4C] = { "结果维持", "结果纠正", "其他结果", "尚未审结", "总计" };
	lay_line l = { .len = 0 };
	if (s->t4_rows) {
		int first = lay_width(s, groups[1]) + 4;
		for (int c = 0; c < T4C; c++) {
			lay_pad(&l, first + a->pg->offset + c * s->pitch4);
			lay_put(&l, s, heads[c], strlen(heads[c]));
		}
		lay_end(x, &l);
		sb_char(x->b, '\n');
		for (int g = 0; g < T4G; g++) {
			ccell *cells[T4C];
			for (int c = 0; c < T4C; c++)
				cells[c] = &d->t4[g][c];
			lay_row(x, a, groups[g], 0, cells, T4C, first, s->pitch4);
		}
	} else {
		lay_put(&l, s, groups[0], strlen(groups[0]));
		lay_pad(&l, 5 * s->pitch4);
		lay_put(&l, s, "行政诉讼", strlen("行政诉讼"));
		lay_end(x, &l);
		for (int i = 0; i < T4G * T4C; i++) {
			lay_pad(&l, a->pg->offset + i * s->pitch4);
			lay_put(&l, s, heads[i % T4C], strlen(heads[i % T4C]));
		}
		lay_end(x, &l);
		sb_char(x->b, '\n');
		for (int i = 0; i < T4G * T4C; i++)
			lay_fig(x, &l, s, &d->t4[i / T4C][i % T4C], a->pg->offset + i * s->pitch4, s->pitch4);
		lay_end(x, &l);
	}
	sb_char(x->b, '\n');
}

static void lay_tables(cls_ctx *x, const void *style, int table)
{
	const lay_arg *a = style;
	if (table == 2)
		lay_table2(x, a);
	else if (table == 3)
		lay_table3(x, a);
	else
		lay_table4(x, a);
}

/* The widest figure among cells[0..n), in the style's count. */
static int lay_widest(const lay_style *s, ccell *const *cells, int n)
{
	int w = 1;
	for (int i = 0; i < n; i++)
		if (cells[i]->kind == CK_NUMBER || cells[i]->kind == CK_NA) {
			int k = lay_width(s, cells[i]->text);
			if (k > w)
				w = k;
		}
	return w;
}

static void class_layout_blank(cls_ctx *x, int variant)
{
	cdoc *d = x->d;
	rng *r = &x->r;
	lay_page pg = { 0, 0, 0 };
	lay_arg a;
	memset(&a, 0, sizeof a);
	a.pg = &pg;
	lay_style *s = &a.s;
	s->cells = rng_chance(r, 0.3);
	s->align = rng_int(r, 3);
	s->shift = rng_chance(r, 0.5) ? rng_int(r, 4) : 0;
	s->page_lines = 30 + rng_int(r, 40);
	s->t4_rows = rng_chance(r, 0.5);
	blank_some(x, variant == 0 ? 0.0 : 0.06, variant == 0 ? 0.0 : 0.3);
	ccell *all[T2_CAP + T3R * T3C + T4G * T4C];
	cd_cells(d, all);
	int w2 = lay_widest(s, all, d->t2_count);
	int w3 = lay_widest(s, all + d->t2_count, T3R * T3C);
	int w4 = lay_widest(s, all + d->t2_count + T3R * T3C, T4G * T4C);
	s->pitch = w3 + 2 + rng_int(r, 7);
	/* a label column of 4 to about 17 Han characters past the deepest
	 * indent, as table columns are printed in the wild: narrow ones wrap a
	 * label over several lines and cut a row's keyword across the line of
	 * its figures and the next */
	s->first = 4 + 2 + (s->cells ? 8 : 4) + rng_int(r, 28);
	s->pitch2 = w2 + 3 + rng_int(r, 8);
	s->first2 = (s->cells ? 20 : 10) + 4 + rng_int(r, 6);
	s->pitch4 = w4 + 2 + rng_int(r, 5);
	x->format = "text";
	x->ext = "layout.txt";
	skel k = { TITLE_TWO_LINES, false, true, true, false, 0, NULL, false };
	skel_emit(x, &k, lay_tables, &a);
	sb_printf(&x->expect, "style cells=%d align=%d first=%d pitch=%d first2=%d pitch2=%d pitch4=%d shift=%d "
		  "page_lines=%d t4_rows=%d\n", s->cells, s->align, s->first, s->pitch, s->first2, s->pitch2, s->pitch4,
		  s->shift, s->page_lines, s->t4_rows);
}

/* --------------------------------------------------------- ocr_md class */

typedef struct md_style {
	bool t2_moved;        /* the 第（一）项 block after the 第（八）项 block */
	bool annotate;        /* 22（其中修订16件） */
	bool wrap_annotation; /* the annotation's second half on the next line */
	bool repeat_header;   /* the placeholder header again inside a block */
	int wrong_header_row; /* a wrong header row printed before this row, or −1 */
	int stray_row;        /* a stray number on its own line before this row, or −1 */
	int extra_row;        /* this row prints one number too many, or −1 */
	int extra_at;         /* where the extra number goes */
} md_style;

static void md_cell(cls_ctx *x, ccell *c)
{
	sb_puts(x->b, " ");
	if (c->kind == CK_BLANK)
		c->line = x->b->line;
	else
		put_cell(x, c);
	sb_puts(x->b, " |");
}

static void md_head(cls_ctx *x, const char *const *heads, int n)
{
	sb_puts(x->b, "|");
	for (int i = 0; i < n; i++)
		sb_printf(x->b, " %s |", heads[i]);
	sb_puts(x->b, "\n|");
	for (int i = 0; i < n; i++)
		sb_puts(x->b, "---|");
	sb_puts(x->b, "\n");
}

static void md_t2_section(cls_ctx *x, const md_style *s, const t2section *sec)
{
	cdoc *d = x->d;
	sb_printf(x->b, "### %s\n", sec->title);
	md_head(x, sec->heads, sec->head_count);
	for (int i = 0; i < sec->row_count; i++) {
		const t2row *row = &d->t2rows[sec->rows[i]];
		sb_printf(x->b, "| %s |", row->label);
		for (int c = 0; c < row->width; c++) {
			ccell *cell = &d->t2[row->first + c];
			bool docs = !d->y2019 && row->first == 3;
			if (s->annotate && docs && cell->kind == CK_NUMBER && cell->value >= 2 && c != 1) {
				/* 22（其中修订16件） / 55（含自然失效29件）: the first number is the cell */
				int part = (int)(cell->value / 2);
				sb_puts(x->b, " ");
				put_cell(x, cell);
				if (c == 0)
					sb_puts(x->b, "（其中修订");
				else
					sb_puts(x->b, "（含自然失效");
				if (s->wrap_annotation)
					sb_puts(x->b, "\n");
				sb_printf(x->b, "%d件） |", part);
				continue;
			}
			md_cell(x, cell);
		}
		sb_puts(x->b, "\n");
	}
	sb_puts(x->b, "\n");
}

static void md_table2(cls_ctx *x, const md_style *s)
{
	cdoc *d = x->d;
	int n = d->t2_sec_count;
	for (int k = s->t2_moved ? 1 : 0; k < n; k++)
		md_t2_section(x, s, &d->t2secs[k]);
	if (s->t2_moved)
		md_t2_section(x, s, &d->t2secs[0]);
}

static void md_t3_row(cls_ctx *x, const md_style *s, int row)
{
	cdoc *d = x->d;
	const char *label = t3_label(row, d->y2019);
	/* OCR drops the family numbering's full stops and adds spaces */
	sb_printf(x->b, "| %s |", label);
	for (int c = 0; c < T3C; c++) {
		if (row == s->extra_row && c == s->extra_at)
			sb_puts(x->b, " 0 |");
		md_cell(x, &d->t3[row][c]);
	}
	if (row == s->extra_row && s->extra_at == T3C)
		sb_puts(x->b, " 0 |");
	sb_puts(x->b, "\n");
}

static void md_table3(cls_ctx *x, const md_style *s)
{
	cdoc *d = x->d;
	static const char *const placeholder[] = { "类别", "数据1", "数据2", "数据3", "数据4", "数据5", "数据6", "总计" };
	static const char *const wrong[] = { "项目", "本年新收件数", "上年结转件数", "予以公开", "部分公开",
					     "不予公开", "结转下年度", "总计" };
	sb_printf(x->b, "%s\n\n", t3_rule_note);
	sb_puts(x->b, "### 申请人情况 (法人或其他组织)\n");
	static const char *const orgs[] = { "商业企业", "科研机构", "社会公益", "法律服务机构", "其他" };
	md_head(x, orgs, 5);
	sb_puts(x->b, "| - | - | - | - | - |\n\n");
	static const int block_start[] = { 0, 1, 2, 3, 4, 12, 15, 20, 23, 24 };
	for (size_t bi = 0; bi < sizeof block_start / sizeof block_start[0]; bi++) {
		int first = block_start[bi];
		int last = bi + 1 < sizeof block_start / sizeof block_start[0] ? block_start[bi + 1] : T3R;
		if (first == 2)
			sb_puts(x->b, "### 三、本年度办理结果\n\n");
		const char *fam = t3_family(first, d->y2019);
		if (first == 20 && d->y2019)
			fam = NULL;
		sb_printf(x->b, "### %s\n", fam ? fam : t3_label(first == 20 && d->y2019 ? 22 : first, d->y2019));
		md_head(x, placeholder, 8);
		for (int row = first; row < last; row++) {
			if (!row_label(d, row))
				continue;
			if (row == s->wrong_header_row) {
				sb_puts(x->b, "\n");
				md_head(x, wrong, 8);
			}
			if (row == s->stray_row)
				sb_printf(x->b, "\n%d\n\n", 1 + rng_int(&x->r, 9));
			if (s->repeat_header && row == first + 1)
				md_head(x, placeholder, 8);
			md_t3_row(x, s, row);
		}
		sb_puts(x->b, "\n");
	}
}

static void md_table4(cls_ctx *x)
{
	cdoc *d = x->d;
	static const char *const titles[] = { "行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）" };
	static const char *const heads[] = { "结果维持", "结果纠正", "其他结果", "尚未审结", "总计" };
	for (int g = 0; g < T4G; g++) {
		sb_printf(x->b, "### %s\n", titles[g]);
		md_head(x, heads, 5);
		sb_puts(x->b, "|");
		for (int c = 0; c < T4C; c++)
			md_cell(x, &d->t4[g][c]);
		sb_puts(x->b, "\n\n");
	}
}

static void md_tables(cls_ctx *x, const void *style, int table)
{
	const md_style *s = style;
	if (table == 2)
		md_table2(x, s);
	else if (table == 3)
		md_table3(x, s);
	else
		md_table4(x);
}

static void class_ocr_md(cls_ctx *x, int variant)
{
	md_style s;
	rng *r = &x->r;
	s.t2_moved = rng_chance(r, 0.5);
	s.annotate = !x->d->y2019 && rng_chance(r, 0.5);
	s.wrap_annotation = s.annotate && rng_chance(r, 0.6);
	s.repeat_header = rng_chance(r, 0.4);
	s.wrong_header_row = rng_chance(r, 0.5) ? 21 + rng_int(r, 4) : -1;
	s.stray_row = rng_chance(r, 0.5) ? 3 + rng_int(r, 20) : -1;
	s.extra_row = variant > 0 && rng_chance(r, 0.5) ? 2 + rng_int(r, 21) : -1;
	s.extra_at = rng_int(r, T3C + 1);
	if (x->d->y2019 && (s.wrong_header_row == T3_OTHER_FEE || s.extra_row == T3_OTHER_CORRECTION ||
			    s.extra_row == T3_OTHER_FEE))
		s.wrong_header_row = s.extra_row = -1;
	/* a row the source does not print (hongze_2023 has no （六）1–2) gets no number too many */
	bool extra_printed = false;
	for (int c = 0; s.extra_row >= 0 && c < T3C; c++)
		extra_printed |= x->d->t3[s.extra_row][c].kind != CK_ABSENT;
	if (!extra_printed)
		s.extra_row = -1;
	blank_some(x, variant == 0 ? 0.0 : 0.03, 0.0);
	x->format = "markdown";
	x->ext = "md";
	skel k = { TITLE_ONE_LINE, true, true, true, true, 0, NULL, false };
	skel_emit(x, &k, md_tables, &s);
	sb_printf(&x->expect, "style moved=%d annotate=%d wrap=%d repeat=%d wrong_header=%d stray=%d extra=%d@%d\n",
		  s.t2_moved, s.annotate, s.wrap_annotation, s.repeat_header, s.wrong_header_row, s.stray_row,
		  s.extra_row, s.extra_at);
	/* a number too many is set aside (cells.extra) where the rules accept one
	   placement only; where a row of the table may also hide an empty cell, the
	   row is unreadable instead (issue 11 item 3: "otherwise the cells stay
	   unreadable"); either is said, and the cells are compared as ever */
	if (s.extra_row >= 0)
		sb_puts(&x->expect, "warn cells.extra|cells.unreadable\n");
}

/* --------------------------------------------------------- tsv (base) */

typedef struct tsv_style {
	int sign_style;   /* how a negative change prints: 0 "-15", 1 "－15", 2 "减少15" */
} tsv_style;

/* The printed text of a signed cell in a sign style. */
static void signed_text(ccell *c, int sign_style)
{
	if (c->kind != CK_NUMBER || !c->is_signed || c->value >= 0)
		return;
	char mag[48];
	fmt_value(mag, sizeof mag, -c->value);
	if (sign_style == 1)
		snprintf(c->text, sizeof c->text, "\xEF\xBC\x8D%s", mag);
	else if (sign_style == 2)
		snprintf(c->text, sizeof c->text, "减少%s", mag);
	else
		snprintf(c->text, sizeof c->text, "-%s", mag);
}

static void tsv_cells(cls_ctx *x, ccell *cells, int n)
{
	for (int i = 0; i < n; i++) {
		if (cells[i].kind == CK_ABSENT)
			continue;
		sb_char(x->b, '\t');
		if (cells[i].kind == CK_BLANK)
			cells[i].line = x->b->line;
		else
			put_cell(x, &cells[i]);
	}
	sb_char(x->b, '\n');
}

static void tsv_tables(cls_ctx *x, const void *style, int table)
{
	(void)style;
	cdoc *d = x->d;
	if (table == 2) {
		for (int k = 0; k < d->t2_sec_count; k++) {
			const t2section *sec = &d->t2secs[k];
			sb_printf(x->b, "%s\n", sec->title);
			for (int h = 0; h < sec->head_count; h++)
				sb_printf(x->b, "%s%s", h ? "\t" : "", sec->heads[h]);
			sb_puts(x->b, "\n");
			for (int i = 0; i < sec->row_count; i++) {
				const t2row *row = &d->t2rows[sec->rows[i]];
				sb_puts(x->b, row->label);
				tsv_cells(x, &d->t2[row->first], row->width);
			}
		}
		sb_puts(x->b, "\n");
	} else if (table == 3) {
		sb_printf(x->b, "%s\t\t申请人情况\n", t3_rule_note);
		sb_puts(x->b, "\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n");
		sb_puts(x->b, "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n");
		for (int row = 0; row < T3R; row++) {
			const char *label = row_label(d, row);
			if (!label)
				continue;
			const char *fam = t3_family(row, d->y2019);
			sb_printf(x->b, "%s\t%s", fam ? fam : "", label);
			tsv_cells(x, d->t3[row], T3C);
		}
		sb_puts(x->b, "\n");
	} else {
		sb_puts(x->b, "行政复议\t\t\t\t\t行政诉讼\n");
		sb_puts(x->b, "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\n");
		sb_puts(x->b, "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n");
		/* one line of 15 numbers, each cell's line recorded on the original */
		for (int i = 0; i < T4G * T4C; i++) {
			ccell *c = &d->t4[i / T4C][i % T4C];
			if (i)
				sb_char(x->b, '\t');
			if (c->kind == CK_BLANK)
				c->line = x->b->line;
			else
				put_cell(x, c);
		}
		sb_puts(x->b, "\n\n");
	}
}

/* ---------------------------------------------------- run-together base */

typedef struct glue_style {
	double space_p;       /* a space at a cell boundary */
	int sign_style;
} glue_style;

/* A row's cells run together, each cell's line the document's one line. */
static void glue_cells(cls_ctx *x, const glue_style *s, ccell *cells, int n)
{
	for (int i = 0; i < n; i++) {
		ccell *c = &cells[i];
		if (c->kind == CK_ABSENT)
			continue;
		if (i && rng_chance(&x->r, s->space_p))
			sb_char(x->b, ' ');
		if (c->kind == CK_BLANK)
			c->line = x->b->line;
		else
			put_cell(x, c);
	}
}

static void glue_tables(cls_ctx *x, const void *style, int table)
{
	const glue_style *s = style;
	cdoc *d = x->d;
	if (table == 2) {
		for (int k = 0; k < d->t2_sec_count; k++) {
			const t2section *sec = &d->t2secs[k];
			sb_puts(x->b, sec->title);
			for (int h = 0; h < sec->head_count; h++)
				sb_puts(x->b, sec->heads[h]);
			for (int i = 0; i < sec->row_count; i++) {
				const t2row *row = &d->t2rows[sec->rows[i]];
				sb_puts(x->b, row->label);
				glue_cells(x, s, &d->t2[row->first], row->width);
			}
		}
	} else if (table == 3) {
		sb_puts(x->b, t3_rule_note);
		sb_puts(x->b, "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他");
		for (int row = 0; row < T3R; row++) {
			const char *label = row_label(d, row);
			if (!label)
				continue;
			if (row == 2)
				sb_puts(x->b, "三、本年度办理结果");
			const char *fam = t3_family(row, d->y2019);
			if (fam)
				sb_puts(x->b, fam);
			sb_puts(x->b, label);
			glue_cells(x, s, d->t3[row], T3C);
		}
	} else {
		sb_puts(x->b, "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
			      "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计");
		ccell *flat[T4G * T4C];
		for (int i = 0; i < T4G * T4C; i++)
			flat[i] = &d->t4[i / T4C][i % T4C];
		for (int i = 0; i < T4G * T4C; i++) {
			if (i && rng_chance(&x->r, s->space_p))
				sb_char(x->b, ' ');
			if (flat[i]->kind == CK_BLANK)
				flat[i]->line = x->b->line;
			else
				put_cell(x, flat[i]);
		}
	}
}

/*
 * The whole report on one line after a page header, as a page saved by a
 * crawler (pingtan_*): headings run into the prose and the tables.
 */
static void glue_emit(cls_ctx *x, const glue_style *s, int claims)
{
	cdoc *d = x->d;
	sbuf *b = x->b;
	sb_printf(b, "标题: %s%d年度政府信息公开工作年度报告\n", d->agency, d->year);
	if (d->published[0])
		sb_printf(b, "发布时间: %s 09:30\n", d->published);
	sb_puts(b, "栏目: 政府信息公开年报\n==================== 正文 ====================\n");
	sb_printf(b, "根据《中华人民共和国政府信息公开条例》要求，%s编制完成了本报告。本报告所列数据的统计期限自%d年1月1日起至%d年12月31日止。",
		  self_word(d), d->year, d->year);
	for (int p = 0; p < 6; p++)
		x->parts[p] = b->line;
	sb_printf(b, "%s%d年，%s坚持以人民为中心深化政务公开。", part_titles[0], d->year, self_word(d));
	/* the figures of table 2 the narrative states: bit 0 issued, bit 1 valid, bit 2 wrong */
	const ccell *iss = &d->t2[3], *val = &d->t2[5];
	const char *what = d->y2019 ? "新制作规范性文件" : "制发规范性文件";
	if ((claims & 1) && iss->kind == CK_NUMBER)
		sb_printf(b, "全年%s%.0f件。", what, iss->value + ((claims & 4) ? 1 : 0));
	if ((claims & 2) && val->kind == CK_NUMBER && !d->y2019)
		sb_printf(b, "清理并集中发布现行有效行政规范性文件%.0f件。", val->value);
	double nr = cd_figure(&d->t3[0][6]);
	if (nr >= 0)
		sb_printf(b, "本年度共收到%.0f件申请。", nr);
	sb_puts(b, part_titles[1]);
	glue_tables(x, s, 2);
	sb_puts(b, part_titles[2]);
	glue_tables(x, s, 3);
	sb_puts(b, part_titles[3]);
	glue_tables(x, s, 4);
	sb_puts(b, part_titles[4]);
	sb_puts(b, "政策解读形式不够丰富。下一步将丰富政策解读形式。");
	sb_puts(b, part_titles[5]);
	sb_printf(b, "%d年，无收取信息处理费情况。 附件下载\n", d->year);
}

static void class_run_together(cls_ctx *x, int variant)
{
	glue_style s = { rng_chance(&x->r, 0.3) ? 0.08 : 0.0, 0 };
	int claims = rng_int(&x->r, 4);
	if (variant > 0 && rng_chance(&x->r, 0.15))
		claims |= 4;
	x->format = "text";
	x->ext = "txt";
	x->title_agency[0] = '\0';
	snprintf(x->title_agency, sizeof x->title_agency, "%s", x->d->agency);
	glue_emit(x, &s, claims);
	sb_printf(&x->expect, "style space=%.2f claims=%d\n", s.space_p, claims);
}

/* ------------------------------------------------------- signed class */

/* The 2019 template's table 2 for a 2021 source: decisions kept, the rest drawn. */
static void to_2019(cls_ctx *x)
{
	cdoc *d = x->d;
	if (d->y2019)
		return;
	cdoc old = *d;
	char name[256];
	snprintf(name, sizeof name, "%s", d->name);
	cd_init(d, true);
	snprintf(d->name, sizeof d->name, "%s", name);
	d->year = old.year;
	memcpy(d->agency, old.agency, sizeof d->agency);
	memcpy(d->region_code, old.region_code, sizeof d->region_code);
	memcpy(d->level, old.level, sizeof d->level);
	memcpy(d->region_path, old.region_path, sizeof d->region_path);
	d->region_path_count = old.region_path_count;
	memcpy(d->published, old.published, sizeof d->published);
	rng *r = &x->r;
	/* made, published, total published from issued and valid */
	for (int k = 0; k < 2; k++) {
		double issued = old.t2[3 * k].has ? old.t2[3 * k].value : 0;
		double valid = old.t2[3 * k + 2].has ? old.t2[3 * k + 2].value : issued;
		double v[3] = { issued, issued, valid < issued ? issued : valid };
		for (int c = 0; c < 3; c++) {
			d->t2[3 * k + c].src_kind = CK_NUMBER;
			d->t2[3 * k + c].has = true;
			d->t2[3 * k + c].value = v[c];
		}
	}
	/* previous, change, decisions */
	const double decisions[4] = { old.t2[6].has ? old.t2[6].value : 0, (double)rng_int(r, 30),
				      old.t2[7].has ? old.t2[7].value : 0, old.t2[8].has ? old.t2[8].value : 0 };
	for (int k = 0; k < 4; k++) {
		double prev = (double)(1 + rng_int(r, 80));
		double change = rng_chance(r, 0.5) ? -(double)(1 + rng_int(r, (int)prev)) : (double)rng_int(r, 20);
		double v[3] = { prev, change, decisions[k] };
		for (int c = 0; c < 3; c++) {
			ccell *cell = &d->t2[6 + 3 * k + c];
			cell->src_kind = CK_NUMBER;
			cell->has = true;
			cell->value = v[c];
		}
	}
	double fee = old.t2[9].has ? old.t2[9].value : 0;
	d->t2[18] = (ccell){ .src_kind = CK_NUMBER, .has = true, .value = fee, .decimal = true };
	snprintf(d->t2[18].path, sizeof d->t2[18].path, "active.fees.previous");
	d->t2[19] = (ccell){ .src_kind = CK_NUMBER, .has = true, .value = -(double)rng_int(r, 5), .decimal = true,
			     .is_signed = true };
	snprintf(d->t2[19].path, sizeof d->t2[19].path, "active.fees.change");
	d->t2[20].src_kind = d->t2[21].src_kind = CK_NUMBER;
	d->t2[20].has = d->t2[21].has = true;
	d->t2[20].value = (double)rng_int(r, 12);
	d->t2[21].value = d->t2[20].value * (double)(1000 + rng_int(r, 90000));
	for (int row = 0; row < T3R; row++)
		for (int c = 0; c < T3C; c++) {
			d->t3[row][c].src_kind = old.t3[row][c].src_kind;
			d->t3[row][c].has = old.t3[row][c].has;
			d->t3[row][c].value = old.t3[row][c].value;
			memcpy(d->t3[row][c].na, old.t3[row][c].na, sizeof d->t3[row][c].na);
		}
	/* one 其他处理 row: the sum of the three */
	for (int c = 0; c < T3C; c++) {
		double sum = 0;
		bool all = true;
		for (int row = T3_OTHER_CORRECTION; row <= T3_OTHER_REASONS; row++) {
			all &= old.t3[row][c].has;
			sum += old.t3[row][c].value;
		}
		ccell *o = &d->t3[T3_OTHER_REASONS][c];
		o->src_kind = all ? CK_NUMBER : CK_BLANK;
		o->has = all;
		o->value = sum;
		d->t3[T3_OTHER_CORRECTION][c].src_kind = d->t3[T3_OTHER_FEE][c].src_kind = CK_ABSENT;
		d->t3[T3_OTHER_CORRECTION][c].has = d->t3[T3_OTHER_FEE][c].has = false;
	}
	for (int g = 0; g < T4G; g++)
		for (int c = 0; c < T4C; c++) {
			d->t4[g][c].src_kind = old.t4[g][c].src_kind;
			d->t4[g][c].has = old.t4[g][c].has;
			d->t4[g][c].value = old.t4[g][c].value;
			memcpy(d->t4[g][c].na, old.t4[g][c].na, sizeof d->t4[g][c].na);
		}
}

static void class_signed(cls_ctx *x, int variant)
{
	(void)variant;
	cdoc *d = x->d;
	to_2019(x);
	cd_prepare(d);
	rng *r = &x->r;
	/* every change cell of the source made negative with even odds */
	for (int i = 0; i < d->t2_count; i++) {
		ccell *c = &d->t2[i];
		if (c->is_signed && c->kind == CK_NUMBER && c->value > 0 && rng_chance(r, 0.5)) {
			c->value = -c->value;
			c->has = true;
			fmt_value(c->text, sizeof c->text, c->value);
		}
	}
	int sign_style = rng_int(r, 3);
	for (int i = 0; i < d->t2_count; i++)
		signed_text(&d->t2[i], sign_style);
	int layout = rng_int(r, 3);
	snprintf(x->title_agency, sizeof x->title_agency, "%s", d->agency);
	if (layout == 0) {
		web_style s = { "\t", "", 1, false, -1 };
		x->format = "text";
		x->ext = "txt";
		skel k = { TITLE_ONE_LINE, false, true, true, false, 0, NULL, false };
		skel_emit(x, &k, web_tables, &s);
	} else if (layout == 1) {
		tsv_style s = { sign_style };
		x->format = "text";
		x->ext = "tsv.txt";
		skel k = { TITLE_ONE_LINE, false, true, true, false, 0, NULL, false };
		skel_emit(x, &k, tsv_tables, &s);
	} else {
		glue_style s = { 0.0, sign_style };
		x->format = "text";
		x->ext = "glued.txt";
		glue_emit(x, &s, 0);
	}
	sb_printf(&x->expect, "style sign=%d layout=%d\n", sign_style, layout);
}

/* --------------------------------------------------------- meta class */

/* One-character OCR confusions seen in region names (also in the parser's
 * data, src/region/, which resolves them only when the place is unique). */
static const char *const confusables[][2] = {
	{ "沭", "沐" }, { "已", "己" }, { "日", "曰" }, { "汨", "汩" }, { "泗", "酒" }, { "郓", "鄆" },
	{ "祁", "祈" }, { "邳", "丕" }, { "睢", "雎" }, { "亳", "毫" }, { "盱", "肝" }, { "泾", "经" },
};

/* The name with one confusable character replaced, into out; false if none. */
static bool confuse(char *out, size_t cap, const char *name)
{
	for (size_t k = 0; k < sizeof confusables / sizeof confusables[0]; k++) {
		const char *hit = strstr(name, confusables[k][0]);
		if (!hit)
			continue;
		size_t pre = (size_t)(hit - name);
		snprintf(out, cap, "%.*s%s%s", (int)pre, name, confusables[k][1], hit + strlen(confusables[k][0]));
		return true;
	}
	return false;
}

static void class_meta(cls_ctx *x, int variant)
{
	cdoc *d = x->d;
	rng *r = &x->r;
	skel k = { TITLE_ONE_LINE, false, false, true, false, 0, NULL, false };
	/* every kind turns up with few variants: each source starts at its own */
	int kind = (variant + rng_int(r, 7)) % 7;
	char confused[256];
	snprintf(x->title_agency, sizeof x->title_agency, "%s", d->agency);
	switch (kind) {
	case 0: k.title = TITLE_TWO_LINES; break;
	case 1: k.title = TITLE_THREE_LINES; break;
	case 2: k.title = TITLE_NO_YEAR; break;                          /* year from 统计期限 */
	case 3: k.title = TITLE_NO_YEAR; k.term_sentence = false; k.year_opening = true; break;
	case 4: k.title = TITLE_NONE; k.opening_name = true; break;      /* body from the opening */
	case 5: k.title = TITLE_NONE; k.signature = true; break;         /* body from the signature */
	default:
		if (confuse(confused, sizeof confused, d->agency)) {
			k.confusable_agency = confused;
			snprintf(x->title_agency, sizeof x->title_agency, "%s", confused);
			sb_puts(&x->expect, "confusable 1\n");
		}
		break;
	}
	web_style s = { "", "", 1, false, -1 };
	tsv_style ts = { 0 };
	bool lines = rng_chance(r, 0.5);
	x->format = lines ? "text" : "text";
	x->ext = lines ? "txt" : "tsv.txt";
	x->meta_checked = true;
	if (lines)
		skel_emit(x, &k, web_tables, &s);
	else
		skel_emit(x, &k, tsv_tables, &ts);
	sb_printf(&x->expect, "style title=%d lines=%d\n", k.title, lines);
}

/* ------------------------------------------------------ partial class */

static void class_partial(cls_ctx *x, int variant, size_t *cut)
{
	cdoc *d = x->d;
	rng *r = &x->r;
	int kind = variant % 4;
	skel k = { TITLE_ONE_LINE, false, true, true, false, 0, NULL, false };
	web_style s = { "\t", "", 1, false, -1 };
	tsv_style ts = { 0 };
	bool lines = rng_chance(r, 0.5);
	x->format = "text";
	x->ext = lines ? "txt" : "tsv.txt";
	snprintf(x->title_agency, sizeof x->title_agency, "%s", d->agency);
	ccell *all[T2_CAP + T3R * T3C + T4G * T4C];
	cd_cells(d, all);
	if (kind == 0) {
		for (int i = 0; i < cd_cell_count(d); i++)
			cd_blank(all[i]);
		sb_puts(&x->expect, "warn cells.blank\n");
	} else if (kind == 1 || kind == 2) {
		k.drop_table = kind == 1 ? 3 : 4;
		for (int i = kind == 1 ? d->t2_count : d->t2_count + T3R * T3C; i < cd_cell_count(d); i++) {
			all[i]->kind = CK_ABSENT;
			all[i]->text[0] = '\0';
		}
		sb_puts(&x->expect, "warn table.missing\n");
	}
	if (lines)
		skel_emit(x, &k, web_tables, &s);
	else
		skel_emit(x, &k, tsv_tables, &ts);
	if (kind != 3)
		return;
	/* cut the report off after a line inside its tables */
	uint32_t first = 0, last = 0;
	for (int i = 0; i < cd_cell_count(d); i++)
		if (all[i]->line) {
			if (!first || all[i]->line < first)
				first = all[i]->line;
			if (all[i]->line > last)
				last = all[i]->line;
		}
	uint32_t keep = first + (uint32_t)rng_int(r, (int)(last - first));
	size_t pos = 0;
	uint32_t line = 1;
	while (pos < x->b->len && line <= keep) {
		if (x->b->data[pos] == '\n')
			line++;
		pos++;
	}
	*cut = pos;
	for (int i = 0; i < cd_cell_count(d); i++)
		if (all[i]->line > keep || (all[i]->kind != CK_ABSENT && !all[i]->line)) {
			all[i]->kind = CK_ABSENT;
			all[i]->text[0] = '\0';
			all[i]->line = 0;
		}
	for (int p = 0; p < 6; p++)
		if (x->parts[p] > keep)
			x->parts[p] = 0;
	sb_printf(&x->expect, "warn table.truncated\ncut %u\n", keep);
}

/* ------------------------------------------------------------- driver */

enum cls_kind { CLS_WEB_BLANK, CLS_OCR_MD, CLS_META, CLS_SIGNED, CLS_RUN_TOGETHER, CLS_PARTIAL, CLS_LAYOUT_BLANK,
		CLS_COUNT };
static const char *const cls_names[CLS_COUNT] = { "web_blank", "ocr_md", "meta", "signed", "run_together", "partial",
						  "layout_blank" };

const char synth_classes_usage[] =
	"usage: xxgk-synth --classes LIST --from PATH [--from PATH ...] --out DIR\n"
	"                  [--variants N] [--seed S]\n"
	"\n"
	"Prints each source truth (a fixture's *.expected.json or a synthetic\n"
	"*.truth.json; a PATH may be a directory of them) in layout classes, with the\n"
	"truth of each copy.\n"
	"\n"
	"  --classes LIST   comma-separated subset of web_blank, ocr_md, meta, signed,\n"
	"                   run_together, partial, layout_blank, or all\n"
	"  --from PATH      a truth file, or a directory whose *.expected.json and\n"
	"                   *.truth.json files are read\n"
	"  --out DIR        directory to write into (created if missing)\n"
	"  --variants N     copies per source and class (default 3, at most 64)\n"
	"  --seed S         PRNG seed (default 1)\n"
	"\n"
	"Files: DIR/<stem>.<class>.<v>.<ext>, .truth.json (xxgk.report/1) and .expect\n"
	"(lines: file, class, source, under PATH VALUE for a blank with a known value,\n"
	"warn CODE for a warning the reader must give, style …).\n";

typedef struct cls_opts {
	unsigned classes;
	const char *from[64];
	int from_count;
	const char *out;
	int variants;
	uint64_t seed;
} cls_opts;

static bool ends_with(const char *s, const char *t)
{
	size_t a = strlen(s), b = strlen(t);
	return a >= b && strcmp(s + a - b, t) == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every source file named by the --from paths, sorted; NULL on failure. */
static char **collect_sources(const cls_opts *o, int *count, char *err, size_t cap)
{
	char **list = calloc(CLS_SOURCES_MAX, sizeof *list);
	int n = 0;
	if (!list) {
		snprintf(err, cap, "out of memory");
		return NULL;
	}
	for (int i = 0; i < o->from_count; i++) {
		DIR *dir = opendir(o->from[i]);
		if (!dir) {
			if (errno != ENOTDIR) {
				snprintf(err, cap, "%s: %s", o->from[i], strerror(errno));
				goto fail;
			}
			if (n < CLS_SOURCES_MAX && !(list[n++] = strdup(o->from[i])))
				goto oom;
			continue;
		}
		struct dirent *e;
		int start = n;
		while ((e = readdir(dir)) != NULL) {
			if (!ends_with(e->d_name, ".expected.json") && !ends_with(e->d_name, ".truth.json"))
				continue;
			if (n >= CLS_SOURCES_MAX)
				break;
			size_t l = strlen(o->from[i]) + strlen(e->d_name) + 2;
			if (!(list[n] = malloc(l))) {
				closedir(dir);
				goto oom;
			}
			snprintf(list[n++], l, "%s/%s", o->from[i], e->d_name);
		}
		closedir(dir);
		qsort(list + start, (size_t)(n - start), sizeof *list, cmp_str);
	}
	*count = n;
	return list;
oom:
	snprintf(err, cap, "out of memory");
fail:
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return NULL;
}

/* FNV-1a of a string, to give each source its own PRNG stream. */
static uint64_t fnv1a(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

/* Renders one source in one class and variant and writes its three files. */
static int emit_copy(const cls_opts *o, const cdoc *src, int cls, int variant, sbuf *doc, sbuf *truth,
		     char *err, size_t cap)
{
	static cdoc d;
	d = *src;
	cls_ctx x;
	memset(&x, 0, sizeof x);
	rng_seed(&x.r, o->seed, fnv1a(src->name) ^ ((uint64_t)cls << 40) ^ (uint64_t)variant);
	x.d = &d;
	x.b = doc;
	x.meta_year = d.year;
	snprintf(x.title_agency, sizeof x.title_agency, "%s", d.agency);
	sb_reset(doc);
	sb_reset(truth);
	sb_reset(&x.expect);
	cd_prepare(&d);
	size_t cut = 0;
	switch (cls) {
	case CLS_WEB_BLANK: class_web_blank(&x, variant); break;
	case CLS_OCR_MD: class_ocr_md(&x, variant); break;
	case CLS_META: class_meta(&x, variant); break;
	case CLS_SIGNED: class_signed(&x, variant); break;
	case CLS_RUN_TOGETHER: class_run_together(&x, variant); break;
	case CLS_LAYOUT_BLANK: class_layout_blank(&x, variant); break;
	default: class_partial(&x, variant, &cut); break;
	}
	if (cut)
		doc->len = cut;
	int rc = 0;
	if (doc->oom || x.expect.oom) {
		snprintf(err, cap, "out of memory rendering %s", src->name);
		rc = -1;
		goto done;
	}
	char stem[300], file[400], name[400];
	snprintf(stem, sizeof stem, "%s", src->name);
	char *dot = strstr(stem, ".expected.json");
	if (!dot)
		dot = strstr(stem, ".truth.json");
	if (dot)
		*dot = '\0';
	snprintf(file, sizeof file, "%s.%s.%d.%s", stem, cls_names[cls], variant, x.ext);
	char sha[65];
	sha256_hex(doc->data, doc->len, sha);
	write_truth(truth, &x, file, sha, cls_names[cls]);
	sb_printf(&x.expect, "file %s\nclass %s\nsource %s\nformat %s\n", file, cls_names[cls], src->name, x.format);
	if (x.meta_checked)
		sb_puts(&x.expect, "meta 1\n");
	ccell *all[T2_CAP + T3R * T3C + T4G * T4C];
	cd_cells(&d, all);
	for (int i = 0; i < cd_cell_count(&d); i++)
		if (all[i]->kind == CK_BLANK && all[i]->has_under) {
			char v[64];
			fmt_value(v, sizeof v, all[i]->under);
			sb_printf(&x.expect, "under %s %s\n", all[i]->path, v);
		}
	if (truth->oom || x.expect.oom) {
		snprintf(err, cap, "out of memory writing the truth of %s", file);
		rc = -1;
		goto done;
	}
	if (write_all(o->out, file, doc->data, doc->len, err, cap) != 0)
		rc = -1;
	snprintf(name, sizeof name, "%s.%s.%d.truth.json", stem, cls_names[cls], variant);
	if (!rc && write_all(o->out, name, truth->data, truth->len, err, cap) != 0)
		rc = -1;
	snprintf(name, sizeof name, "%s.%s.%d.expect", stem, cls_names[cls], variant);
	if (!rc && write_all(o->out, name, x.expect.data, x.expect.len, err, cap) != 0)
		rc = -1;
done:
	free(x.expect.data);
	return rc;
}

static int parse_classes(const char *s, unsigned *out)
{
	unsigned set = 0;
	while (*s) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		int found = -1;
		if (n == 3 && memcmp(s, "all", 3) == 0)
			set = (1u << CLS_COUNT) - 1, found = 0;
		for (int i = 0; i < CLS_COUNT && found < 0; i++)
			if (strlen(cls_names[i]) == n && memcmp(cls_names[i], s, n) == 0)
				set |= 1u << i, found = i;
		if (found < 0)
			return -1;
		s += n + (comma ? 1 : 0);
	}
	*out = set;
	return set ? 0 : -1;
}

int synth_classes_main(int argc, char **argv)
{
	cls_opts o;
	char err[4400];
	memset(&o, 0, sizeof o);
	o.variants = 3;
	o.seed = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(synth_classes_usage, stdout);
			return 0;
		}
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool bad = !v;
		if (strcmp(a, "--classes") == 0 && v) {
			bad = parse_classes(v, &o.classes) != 0;
		} else if (strcmp(a, "--from") == 0 && v) {
			bad = o.from_count >= 64;
			if (!bad)
				o.from[o.from_count++] = v;
		} else if (strcmp(a, "--out") == 0 && v) {
			o.out = v;
		} else if (strcmp(a, "--variants") == 0 && v) {
			char *e;
			long n = strtol(v, &e, 10);
			bad = *e || n < 1 || n > CLS_VARIANTS_MAX;
			o.variants = (int)n;
		} else if (strcmp(a, "--seed") == 0 && v) {
			char *e;
			errno = 0;
			o.seed = (uint64_t)strtoull(v, &e, 0);
			bad = errno || *e || *v == '-';
		} else {
			fprintf(stderr, "xxgk-synth: unknown option %s in --classes mode (see --classes --help)\n", a);
			return 2;
		}
		if (bad) {
			fprintf(stderr, "xxgk-synth: bad %s '%s' (see --classes --help)\n", a, v ? v : "");
			return 2;
		}
		i++;
	}
	if (!o.classes || !o.from_count || !o.out) {
		fprintf(stderr, "xxgk-synth: --classes, --from and --out are required (see --classes --help)\n");
		return 2;
	}
	if (make_dirs(o.out, err, sizeof err) != 0) {
		fprintf(stderr, "xxgk-synth: %s\n", err);
		return 1;
	}
	int count = 0, exit_code = 1;
	long written = 0;
	char **sources = collect_sources(&o, &count, err, sizeof err);
	sbuf doc = { 0 }, truth = { 0 };
	static cdoc src;
	if (!sources)
		goto fail;
	for (int i = 0; i < count; i++) {
		if (cd_load(&src, sources[i], err, sizeof err) != 0)
			goto fail;
		for (int c = 0; c < CLS_COUNT; c++) {
			if (!(o.classes & (1u << c)))
				continue;
			for (int v = 0; v < o.variants; v++) {
				if (emit_copy(&o, &src, c, v, &doc, &truth, err, sizeof err) != 0)
					goto fail;
				written++;
			}
		}
	}
	printf("xxgk-synth: %ld copies of %d sources in %s\n", written, count, o.out);
	exit_code = 0;
	goto done;
fail:
	fprintf(stderr, "xxgk-synth: %s\n", err);
done:
	for (int i = 0; sources && i < count; i++)
		free(sources[i]);
	free(sources);
	free(doc.data);
	free(truth.data);
	return exit_code;
}
