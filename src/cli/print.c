/*
 * print.c — a parsed report as a person reads it: the three tables aligned
 * in terminal columns (CJK characters count two), with marks for cells that
 * are not plain printed numbers.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cli.h"
#include "../common/common_int.h"

/* Display width of a UTF-8 string: East Asian wide characters count two. */
static int print_width(const char *s)
{
	int w = 0;
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = xxgk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (!n) {
			i++;
			w++;
			continue;
		}
		i += n;
		w += (cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) ||
				       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
				       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
				       (cp >= 0xFFE0 && cp <= 0xFFE6) || cp == 0x201C || cp == 0x201D))
			     ? 2 : 1;
	}
	return w;
}

void cli_pad(FILE *out, const char *s, int width, bool right)
{
	int pad = width - print_width(s);
	if (right)
		for (int i = 0; i < pad; i++)
			fputc(' ', out);
	fputs(s, out);
	if (!right)
		for (int i = 0; i < pad; i++)
			fputc(' ', out);
}

/* A cell in at most 15 bytes: 12, 7730.28, 3*, /, 空, -, ? */
static void print_cell_text(char *buf, size_t cap, const xxgk_cell *c)
{
	switch (c->kind) {
	case XXGK_KIND_NUMBER:
		snprintf(buf, cap, "%.15g", c->value);
		break;
	case XXGK_KIND_INFERRED:
		snprintf(buf, cap, "%.15g*", c->value);
		break;
	case XXGK_KIND_BLANK:
		snprintf(buf, cap, "空");
		break;
	case XXGK_KIND_NA:
		snprintf(buf, cap, "/");
		break;
	case XXGK_KIND_UNREADABLE:
		snprintf(buf, cap, "?");
		break;
	default:
		snprintf(buf, cap, "-");
		break;
	}
}

static void print_row(FILE *out, const char *label, const xxgk_cell *cells, int n, int label_w)
{
	char buf[32];
	fputs("  ", out);
	cli_pad(out, label, label_w, false);
	for (int i = 0; i < n; i++) {
		print_cell_text(buf, sizeof buf, &cells[i]);
		fputc(' ', out);
		cli_pad(out, buf, 9, true);
	}
	fputc('\n', out);
}

static const char *const print_t3_short[XXGK_T3_ROWS] = {
	"一、本年新收", "二、上年结转", "（一）予以公开", "（二）部分公开",
	"（三）1.国家秘密", "（三）2.法律法规禁止", "（三）3.三安全一稳定", "（三）4.第三方权益",
	"（三）5.内部事务", "（三）6.过程性信息", "（三）7.行政执法案卷", "（三）8.行政查询事项",
	"（四）1.不掌握", "（四）2.需另行制作", "（四）3.补正后仍不明确",
	"（五）1.信访举报投诉", "（五）2.重复申请", "（五）3.公开出版物", "（五）4.大量反复申请",
	"（五）5.确认或重新出具", "（六）1.逾期不补正", "（六）2.逾期未缴费", "（六）3.其他",
	"（七）总计", "四、结转下年度"
};

void cli_print_report(FILE *out, const xxgk_report *r, const char *path)
{
	fprintf(out, "== %s\n", path);
	fprintf(out, "机关 %s · %d年度 · %s 模板 · %s/%s/%s", r->agency_name ? r->agency_name : "(未识别)",
		r->year, xxgk_template_name(r->template_kind), xxgk_format_name(r->format),
		xxgk_encoding_name(r->encoding), xxgk_script_name(r->script));
	if (r->published[0])
		fprintf(out, " · 发布 %s", r->published);
	fprintf(out, "\n");
	if (r->region_code) {
		fprintf(out, "区划 %s ", r->region_code);
		for (size_t i = 0; i < r->region_path_count; i++)
			fprintf(out, "%s%s", i ? "·" : "", r->region_path[i]);
		fprintf(out, " (%s)\n", xxgk_level_name(r->level));
	}

	fprintf(out, "表二 主动公开政府信息情况\n");
	size_t nf;
	const xxgk_active_field *f = xxgk_active_fields(r->template_kind, &nf);
	size_t i = 0;
	while (i < nf) {
		size_t j = i;
		while (j < nf && f[j].row == f[i].row)
			j++;
		char label[96];
		snprintf(label, sizeof label, "%s", f[i].item);
		print_row(out, label, &r->active[i], (int)(j - i), 22);
		i = j;
	}
	fprintf(out, "表三 收到和处理政府信息公开申请情况\n  ");
	cli_pad(out, "", 22, false);
	static const char *const heads[] = { "自然人", "商业企业", "科研机构", "社会公益", "法律服务", "其他", "总计" };
	for (int c = 0; c < XXGK_T3_COLS; c++) {
		fputc(' ', out);
		cli_pad(out, heads[c], 9, true);
	}
	fputc('\n', out);
	for (int row = 0; row < XXGK_T3_ROWS; row++)
		print_row(out, print_t3_short[row], r->applications[row], XXGK_T3_COLS, 22);
	fprintf(out, "表四 行政复议、行政诉讼  (维持 纠正 其他 未结 总计)\n");
	static const char *const groups[] = { "行政复议", "诉讼 直接起诉", "诉讼 复议后起诉" };
	for (int g = 0; g < XXGK_T4_GROUPS; g++)
		print_row(out, groups[g], r->reviews[g], XXGK_T4_COLS, 22);
	if (r->warning_count) {
		fprintf(out, "warnings (%zu):\n", r->warning_count);
		for (size_t w = 0; w < r->warning_count; w++) {
			if (r->warnings[w].line)
				fprintf(out, "  %s:%u: %s: %s\n", path, r->warnings[w].line, r->warnings[w].code,
					r->warnings[w].message);
			else
				fprintf(out, "  %s: %s: %s\n", path, r->warnings[w].code, r->warnings[w].message);
		}
	}
	fprintf(out, "  (* inferred from the report's own rules · 空 blank · / n/a · - absent · ? unreadable)\n\n");
}

void cli_csv_text(const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

void cli_json_text(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

const char *cli_num(char buf[CLI_NUM_CAP], double v, int decimals)
{
	if (!isfinite(v)) {
		buf[0] = '\0';
		return buf;
	}
	if (fabs(v) < 1e15 && v == floor(v)) {
		snprintf(buf, CLI_NUM_CAP, "%.0f", v);
	} else if (fabs(v) >= 1e15) {
		snprintf(buf, CLI_NUM_CAP, "%.15g", v);
	} else {
		snprintf(buf, CLI_NUM_CAP, "%.*f", decimals, v);
		char *dot = strchr(buf, '.');
		if (dot) {
			size_t n = strlen(buf);
			while (n > 0 && buf[n - 1] == '0')
				buf[--n] = '\0';
			if (n > 0 && buf[n - 1] == '.')
				buf[--n] = '\0';
		}
		if (!strcmp(buf, "-0"))
			snprintf(buf, CLI_NUM_CAP, "0");
	}
	return buf;
}

void cli_json_num(double v, int decimals)
{
	char b[CLI_NUM_CAP];
	fputs(isfinite(v) ? cli_num(b, v, decimals) : "null", stdout);
}
