/*
 * meta.c — what a report says of itself (read_int.h): the title's year and
 * body name, the publication date, which template its table 2 follows, and
 * the body's place in the gazetteer.
 *
 * The title is "…YYYY年(度)…政府信息公开(工作)年度报告" outside 《》 (a cited
 * title is not the report's own); the body's name is the clause before the
 * year, else between year and tail, else a short line printed above the
 * title. The template is told by table 2's column headings (the 2019 form's
 * 新制作/对外公开总数/集中采购 against the 2021 form's 制发件数/现行有效).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read_int.h"

/* ------------------------------------------------------------- metadata */

struct title_scan {
	int year;
	uint32_t line;
	char name[256];
	char prev[2][128];  /* the last two short lines, for a name printed above the title */
	char published[11];
	uint32_t last_line;  /* scan no further */
};

/* Copies s into out[cap] whole or cut at a character boundary. */
static void parse_copy(char *out, size_t cap, const char *s)
{
	size_t n = strlen(s);
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Parses up to 4 digits of a year at s; returns the year or 0. */
static int parse_year_at(const char *s, size_t n)
{
	if (n < 4)
		return 0;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		y = y * 10 + (s[i] - '0');
	}
	return (y >= 1990 && y <= 2100) ? y : 0;
}

static const char *const name_prefixes[] = {
	"特向社会公布", "现向社会公布", "向社会公布", "现予公布", "现将", "公布", "关于", "发布", "编制", NULL
};

/* The last clause of s (after the last punctuation), without verb prefixes. */
static void parse_name_clause(char *out, size_t cap, const char *s, size_t n)
{
	static const char *const stops[] = { ",", "。", ";", ":", "、", "《", "》", "“", "”", "\"",
					     "(", ")", "〈", "〉", "【", "】", "[", "]", "!", "?", NULL };
	size_t start = 0;
	for (size_t i = 0; i < n; i++)
		for (const char *const *st = stops; *st; st++) {
			size_t l = strlen(*st);
			if (i + l <= n && memcmp(s + i, *st, l) == 0)
				start = i + l;
		}
	const char *p = s + start;
	size_t len = n - start;
	for (const char *const *pre = name_prefixes; *pre; pre++) {
		size_t l = strlen(*pre);
		if (len >= l && memcmp(p, *pre, l) == 0) {
			p += l;
			len -= l;
			break;
		}
	}
	if (len >= cap) {
		len = cap - 1;
		while (len > 0 && ((unsigned char)p[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(out, p, len);
	out[len] = '\0';
}

/* Skips "2024年度" / "2024年" at s; returns bytes consumed (0 if none). */
static size_t parse_skip_year(const char *s, size_t n, int *year)
{
	*year = parse_year_at(s, n);
	if (!*year)
		return 0;
	size_t i = 4;
	if (i + 3 <= n && memcmp(s + i, "年", 3) == 0) {
		i += 3;
		if (i + 3 <= n && memcmp(s + i, "度", 3) == 0)
			i += 3;
		return i;
	}
	return 0;
}

static bool parse_title_line(void *ctx, const char *line, size_t len, uint32_t lineno)
{
	struct title_scan *ts = ctx;
	char buf[1024];
	/* the title and the publication date stand before the tables */
	if (lineno > ts->last_line)
		return true;
	if (len > 3000)
		return false;
	size_t n = xxgk__parse_compact(buf, sizeof buf, line, len);
	/* publication date */
	if (!ts->published[0]) {
		const char *p = strstr(buf, "发布日期");
		if (!p)
			p = strstr(buf, "发布时间");
		if (p) {
			p += strlen("发布日期");
			while (*p == ':')
				p++;
			int y = parse_year_at(p, strlen(p));
			if (y) {
				const char *q = p + 4;
				int m = 0, d = 0;
				if (*q == '-' || *q == '/' || *q == '.')
					q++;
				else if (strncmp(q, "年", 3) == 0)
					q += 3;
				for (int k = 0; k < 2 && *q >= '0' && *q <= '9'; k++)
					m = m * 10 + (*q++ - '0');
				if (*q == '-' || *q == '/' || *q == '.')
					q++;
				else if (strncmp(q, "月", 3) == 0)
					q += 3;
				/* two digits at most: a time may follow with no space ("2022-02-0816:34") */
				for (int k = 0; k < 2 && *q >= '0' && *q <= '9'; k++)
					d = d * 10 + (*q++ - '0');
				if (m >= 1 && m <= 12 && d >= 1 && d <= 31)
					snprintf(ts->published, sizeof ts->published, "%04d-%02d-%02d", y, m, d);
			}
		}
	}
	if (ts->year)
		return ts->published[0] != '\0';
	/* the title: "…YYYY年(度)…政府信息公开(工作)年度报告", outside 《》 */
	static const char *const tails[] = { "政府信息公开工作年度报告", "政府信息公开年度报告",
					     "信息公开工作年度报告", NULL };
	for (const char *const *tail = tails; *tail && !ts->year; tail++) {
		const char *search = buf;
		const char *hit;
		while ((hit = strstr(search, *tail)) != NULL) {
			size_t off = (size_t)(hit - buf);
			/* inside a cited title? count 《 before and 》 before */
			int depth = 0;
			for (size_t i = 0; i + 3 <= off; i++) {
				if (memcmp(buf + i, "《", 3) == 0 || memcmp(buf + i, "〈", 3) == 0)
					depth++;
				else if (memcmp(buf + i, "》", 3) == 0 || memcmp(buf + i, "〉", 3) == 0)
					depth--;
			}
			search = hit + strlen(*tail);
			if (depth > 0)
				continue;
			/* the year: the last "YYYY年" before the tail */
			int year = 0;
			size_t ys = 0, ye = 0;
			for (size_t i = 0; i + 4 <= off; i++) {
				int y;
				size_t l = parse_skip_year(buf + i, off - i, &y);
				if (l) {
					year = y;
					ys = i;
					ye = i + l;
				}
			}
			if (!year)
				continue;
			ts->year = year;
			ts->line = lineno;
			/* the name: before the year, else between year and tail */
			parse_name_clause(ts->name, sizeof ts->name, buf, ys);
			if (!ts->name[0])
				parse_name_clause(ts->name, sizeof ts->name, buf + ye, off - ye);
			if (!ts->name[0]) {
				for (int k = 0; k < 2 && !ts->name[0]; k++)
					if (ts->prev[k][0])
						parse_copy(ts->name, sizeof ts->name, ts->prev[k]);
			}
			break;
		}
	}
	if (!ts->year && n > 0 && n < sizeof ts->prev[0]) {
		bool digits = false;
		for (size_t i = 0; i < n; i++)
			if (buf[i] >= '0' && buf[i] <= '9')
				digits = true;
		if (!digits && xxgk_utf8_count(buf, n) <= 30) {
			memcpy(ts->prev[1], ts->prev[0], sizeof ts->prev[0]);
			parse_copy(ts->prev[0], sizeof ts->prev[0], buf);
		}
	}
	(void)n;
	return ts->year && ts->published[0];
}

/* Which template table 2 follows, from its column headings. */
int xxgk__meta_template(parse_ctx *c, size_t begin, size_t end)
{
	static const char *const marks_2019[] = { "新制作", "新公开", "对外公开总数", "上一年项目数量",
						  "集中采购", "对外管理服务", NULL };
	static const char *const marks_2021[] = { "制发件数", "现行有效", "废止件数", "本年收费金额",
						  "处理决定数量", NULL };
	int s2019 = 0, s2021 = 0;
	char buf[1024];
	for (size_t i = begin; i < end; i++) {
		const xxgk_token *t = &c->doc.toks[i];
		if (t->kind != XXGK_TOK_LABEL)
			continue;
		xxgk__parse_compact(buf, sizeof buf, t->text, t->len);
		for (const char *const *m = marks_2019; *m; m++)
			if (strstr(buf, *m))
				s2019++;
		for (const char *const *m = marks_2021; *m; m++)
			if (strstr(buf, *m))
				s2021++;
	}
	/* 处理决定数量 is in both; the 2019-only headings decide */
	if (s2019 >= 2)
		return XXGK_TEMPLATE_2019;
	if (s2021 > 0)
		return XXGK_TEMPLATE_2021;
	if (c->r->year >= 2019 && c->r->year <= 2020)
		return XXGK_TEMPLATE_2019;
	return XXGK_TEMPLATE_UNKNOWN;
}

/* Places the body in its region: the title's name, and the head and foot of
 * the page for a "<county>人民政府" that settles a shared name. */
void xxgk__meta_place(parse_ctx *c, const xxgk_gazetteer *g)
{
	/* bytes of the page searched at its head and at its foot */
	enum { HEAD = 4096, FOOT = 2048 };
	char ctx[HEAD + FOOT + 2];
	size_t n = 0;
	size_t head = c->len < HEAD ? c->len : HEAD;
	while (head > 0 && head < c->len && ((unsigned char)c->text[head] & 0xC0) == 0x80)
		head--;
	memcpy(ctx, c->text, head);
	n = head;
	if (c->len > head) {
		size_t foot = c->len - head < FOOT ? c->len - head : FOOT;
		size_t from = c->len - foot;
		while (from < c->len && ((unsigned char)c->text[from] & 0xC0) == 0x80)
			from++;
		ctx[n++] = '\n';
		memcpy(ctx + n, c->text + from, c->len - from);
		n += c->len - from;
	}
	xxgk_placement p;
	xxgk__parse_note_oom(c, xxgk_region_place(&p, g, c->r->agency_name, ctx, n));
	xxgk__parse_note_oom(c, xxgk_region_apply(c->r, g, &p));
}

void xxgk__meta_title(parse_ctx *c, uint32_t last_line)
{
	struct title_scan ts;
	memset(&ts, 0, sizeof ts);
	ts.last_line = last_line;
	xxgk__parse_each_line(c->text, c->len, parse_title_line, &ts);
	c->r->year = ts.year;
	if (ts.name[0])
		xxgk__parse_note_oom(c, xxgk_report_set_string(&c->r->agency_name, ts.name));
	memcpy(c->r->published, ts.published, sizeof ts.published);
}
