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
	char wrap[2][192];   /* the last two short lines, for a title wrapped over them */
	char bare[256];      /* the body of a title printed with no year */
	int term_year;       /* the year of the 统计期限 / 统计周期 sentence */
	int opening_year;    /* the year a paragraph opens with ("2024年，本机关…") */
	char opener[256];    /* the body of "本报告由…编制" */
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

/*
 * The title in `buf`: "…YYYY年(度)…政府信息公开(工作)年度报告" outside 《》.
 * A title with no year keeps its body (ts->bare) for the year the text
 * gives. True when a title with its year was found.
 */
static bool title_in(struct title_scan *ts, const char *buf, uint32_t lineno)
{
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
			if (!year) {
				if (!ts->bare[0])
					parse_name_clause(ts->bare, sizeof ts->bare, buf, off);
				continue;
			}
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
	return ts->year != 0;
}

/*
 * What the text says of the year and the body when the title does not: the
 * 统计期限 / 统计周期 sentence's first year, a paragraph opening
 * "YYYY年(度)，本…" / "YYYY年(度)，我…", and "本报告由<body>根据/编制…".
 */
static void text_hints(struct title_scan *ts, const char *buf, size_t n)
{
	static const char *const terms[] = { "统计期限", "统计周期", "统计时限", "统计时间", NULL };
	for (const char *const *t = terms; *t && !ts->term_year; t++) {
		const char *p = strstr(buf, *t);
		if (!p)
			continue;
		size_t from = (size_t)(p - buf) + strlen(*t);
		/* the period follows within a few words: "自2024年1月1日起…", "为2024年…" */
		for (size_t i = from; i + 4 <= n && i < from + 24 && !ts->term_year; i++) {
			int y;
			if (parse_skip_year(buf + i, n - i, &y))
				ts->term_year = y;
		}
	}
	if (!ts->opening_year) {
		int y;
		size_t l = parse_skip_year(buf, n, &y);
		if (l && l + 1 < n && buf[l] == ',' && (strncmp(buf + l + 1, "本", 3) == 0 || strncmp(buf + l + 1, "我", 3) == 0))
			ts->opening_year = y;
	}
	const char *p = ts->opener[0] ? NULL : strstr(buf, "本报告由");
	if (p) {
		static const char *const ends[] = { "根据", "依据", "按照", "依照", "编制", "结合", ",", NULL };
		p += strlen("本报告由");
		size_t len = strlen(p), cut = len;
		for (const char *const *e = ends; *e; e++) {
			const char *q = strstr(p, *e);
			if (q && (size_t)(q - p) < cut)
				cut = (size_t)(q - p);
		}
		if (cut > 0 && cut < len && cut < sizeof ts->opener)
			parse_name_clause(ts->opener, sizeof ts->opener, p, cut);
	}
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
	if (!title_in(ts, buf, lineno)) {
		/* a title wrapped over two or three short lines */
		char joined[sizeof ts->wrap + sizeof buf];
		bool short_line = xxgk_utf8_count(buf, n) <= 40 && !strstr(buf, "。");
		for (int k = 0; k < 2 && short_line && !ts->year && ts->wrap[k][0]; k++) {
			snprintf(joined, sizeof joined, "%s%s%s", k == 1 ? ts->wrap[1] : "", ts->wrap[0], buf);
			title_in(ts, joined, lineno);
		}
		if (n > 0) {
			memcpy(ts->wrap[1], ts->wrap[0], sizeof ts->wrap[0]);
			ts->wrap[0][0] = '\0';
			if (short_line && n < sizeof ts->wrap[0])
				parse_copy(ts->wrap[0], sizeof ts->wrap[0], buf);
		}
	}
	text_hints(ts, buf, n);
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

/* Is s[0..n) a date line: "YYYY年M月D日" or "YYYY-MM-DD" (spaces dropped)? */
static bool date_line(const char *s, size_t n)
{
	int y;
	size_t i = parse_skip_year(s, n, &y);
	if (!i) {
		if (!parse_year_at(s, n) || n < 8 || (s[4] != '-' && s[4] != '.' && s[4] != '/'))
			return false;
		i = 5;
	}
	size_t digits = 0;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!(strncmp(s + i, "月", 3) == 0 || strncmp(s + i, "日", 3) == 0 || s[i] == '-' ||
			   s[i] == '.' || s[i] == '/'))
			return false;
		else if (s[i] & 0x80)
			i += 2;
	}
	return digits >= 2;
}

/*
 * The signature of a report with no title: the short line (no digit, no
 * punctuation) just above the date that ends the text, into out; "" if none.
 */
static void signature_name(char *out, size_t cap, const char *text, size_t len)
{
	out[0] = '\0';
	char lines[3][256];
	int have = 0;
	size_t e = len;
	while (have < 3 && e > 0) {
		size_t b = e;
		while (b > 0 && text[b - 1] != '\n')
			b--;
		/* a line too long for a date or a name ends the search */
		if (e - b >= sizeof lines[0])
			break;
		size_t n = xxgk__parse_compact(lines[have], sizeof lines[0], text + b, e - b);
		e = b > 0 ? b - 1 : 0;
		if (n > 0)
			have++;
		if (b == 0)
			break;
	}
	if (have < 2 || !date_line(lines[0], strlen(lines[0])))
		return;
	const char *name = lines[1];
	static const char *const stops[] = { ",", "。", ";", ":", "、", "(", ")", "《", NULL };
	for (const char *const *st = stops; *st; st++)
		if (strstr(name, *st))
			return;
	for (const char *p = name; *p; p++)
		if (*p >= '0' && *p <= '9')
			return;
	if (xxgk_utf8_count(name, strlen(name)) > 30)
		return;
	parse_copy(out, cap, name);
}

void xxgk__meta_title(parse_ctx *c, uint32_t last_line)
{
	struct title_scan ts;
	memset(&ts, 0, sizeof ts);
	ts.last_line = last_line;
	xxgk__parse_each_line(c->text, c->len, parse_title_line, &ts);
	/* a title with no year: the statistics period's, else a paragraph's opening */
	if (!ts.year)
		ts.year = ts.term_year ? ts.term_year : ts.opening_year;
	if (!ts.name[0])
		parse_copy(ts.name, sizeof ts.name, ts.bare[0] ? ts.bare : ts.opener);
	if (!ts.name[0])
		signature_name(ts.name, sizeof ts.name, c->text, c->len);
	c->r->year = ts.year;
	if (ts.name[0])
		xxgk__parse_note_oom(c, xxgk_report_set_string(&c->r->agency_name, ts.name));
	memcpy(c->r->published, ts.published, sizeof ts.published);
}
