/*
 * problems.c — the checker's findings in plain words: for each rule, the
 * kind of problem a 通报 groups it under, a plain statement of it, and what
 * the body is asked to do (整改要求). One table, so that the county 通报, the
 * agency review and the outliers brief say the same thing of the same rule.
 *
 * The rules and their reasons are docs/checks.md; the kinds follow the
 * problems supervisors find every year (DOMAIN.md: 勾稽关系错误, totals that
 * do not add up, carry-overs, narrative against tables, missing parts or
 * tables, the old template, blank cells, 内容雷同, late publication).
 * Rule ids never reach a document: only these words do.
 */
#include <string.h>

#include "compose_int.h"

/* 整改要求 shared by the rules of a kind. */
#define REQ_ARITH "核对原始台账，更正有误的数字，更正后重新发布报告并注明更正情况"
#define REQ_BLANK "逐项填写数字，没有发生的填“0”，不得留空或填“/”，更正后重新发布"
#define REQ_FORMAT "按国办公开办函〔2021〕30号规定的格式补齐表格，更正后重新发布"
/* a body's copy findings are one item of the rectification table: the same request for the narrative
 * (copied from last year or from another body) and the same for the tables, said once */
#define REQ_COPY_TEXT "结合本单位本年度工作实际重新撰写，不得照搬上年或其他单位的报告"
#define REQ_COPY_TABLE "核实是否照抄，按本年度实际数据重新填报"

static const struct {
	const char *rule;     /* an id, or a prefix ending in "." */
	int kind;             /* compose_problem */
	const char *plain;
	const char *require;
} rule_words[] = {
	{ "t3.balance", PROB_ARITH, "表三“本年新收＋上年结转＝办理结果总计＋结转下年度”不成立", REQ_ARITH },
	{ "t3.results_sum", PROB_ARITH, "表三（七）总计与（一）至（六）各项之和不一致", REQ_ARITH },
	{ "t3.row_sum", PROB_ARITH, "表三各类申请人之和与总计列不一致", REQ_ARITH },
	{ "t4.sum", PROB_ARITH, "表四复议、诉讼各项结果之和与总计不一致", "核对复议、诉讼案件台账，更正表四后重新发布报告" },
	{ "t3.carry_continuity", PROB_ARITH, "表三“上年结转”与上年报告的“结转下年度继续办理”不一致",
	  "核对两个年度的结转数，有误的予以更正，确有原因的在报告中说明" },
	{ "t2.valid_continuity", PROB_ARITH, "表二现行有效文件数与上年报告及本年制发、废止数不衔接",
	  "核对规范性文件清理台账，有误的更正，有文件失效等原因的在报告中说明" },
	{ "value.negative", PROB_ARITH, "表格中有负数", REQ_ARITH },
	{ "value.non_integer", PROB_ARITH, "表格中的件数带小数", REQ_ARITH },
	{ "cells.blank", PROB_INCOMPLETE, "表格中有未填写数字的单元格", REQ_BLANK },
	{ "cells.missing", PROB_INCOMPLETE, "表格有的行少印了数字", REQ_FORMAT },
	{ "cells.extra", PROB_INCOMPLETE, "表格有的行多印了数字", REQ_FORMAT },
	{ "cells.unreadable", PROB_INCOMPLETE, "表格数字连在一起，无法分辨各栏数值", "按模板分栏填写，重新发布可以辨认的报告" },
	{ "table.missing", PROB_INCOMPLETE, "报告缺少规定的表格", REQ_FORMAT },
	{ "template.old", PROB_INCOMPLETE, "使用了已停用的2019年版报告格式", "按国办公开办函〔2021〕30号规定的格式重新编制并发布" },
	{ "template.part_missing", PROB_INCOMPLETE, "报告缺少规定的组成部分", "按规定的六个部分补齐内容后重新发布" },
	{ "text.table_mismatch", PROB_MISMATCH, "正文所述数字与表格不一致", "核实正文和表格的数字，统一后更正并重新发布" },
	{ "copy.narrative", PROB_COPY, "正文与其他报告高度雷同", REQ_COPY_TEXT },
	{ "copy.table", PROB_COPY, "表格数字与其他报告完全相同", REQ_COPY_TABLE },
	{ "year.table_repeated", PROB_COPY, "表格与上年报告逐格相同", REQ_COPY_TABLE },
	{ "year.narrative_repeated", PROB_COPY, "正文大部分与上年报告重复", REQ_COPY_TEXT },
	{ "fees.unexplained", PROB_OTHER, "收取了信息处理费，但“其他需要报告的事项”未作说明", "在报告第六部分说明收费的依据和情况" },
	/* two files of one body and year: edited after publication, or the same report posted twice (the
	 * detail says which: "两版表格数字相同、正文相同") */
	{ "version.edited", PROB_OTHER, "同一年度报告发布了两个版本",
	  "以最终版本为准，对其他版本作出标注或撤下；作过修改的，说明修改的内容和原因" },
	/* a figure OCR read from a scan and no rule confirmed: the supervisor's to look at in the scan
	 * (the review workbook lists it), not a fault of the body: kind −1, not in the documents */
	{ "scan.unconfirmed", -1, "扫描件中的数字未能核实", "对照扫描件原件核对" },
};

static int rule_index(const char *rule)
{
	for (size_t i = 0; i < sizeof rule_words / sizeof rule_words[0]; i++)
		if (!strcmp(rule, rule_words[i].rule))
			return (int)i;
	return -1;
}

const char *compose_problem_title(int kind)
{
	static const char *const titles[PROB_COUNT] = {
		[PROB_LATE] = "逾期发布",
		[PROB_MISSING] = "未发布年度报告（缺报）",
		[PROB_INCOMPLETE] = "报告格式不规范、内容不完整",
		[PROB_ARITH] = "数据勾稽关系错误",
		[PROB_MISMATCH] = "正文与表格数据不一致",
		[PROB_COPY] = "内容雷同",
		[PROB_OTHER] = "其他问题",
		[PROB_OUTLIER] = "数据明显异常，需核实",
	};
	return kind >= 0 && kind < PROB_COUNT ? titles[kind] : "";
}

int compose_rule_kind(const xxgk_finding *f)
{
	if (f->severity == XXGK_SEV_INFO)
		return -1;
	int i = rule_index(f->rule);
	/* a rule added to the checker after this table: shown as "other", in its own words */
	return i >= 0 ? rule_words[i].kind : PROB_OTHER;
}

const char *compose_rule_plain(const char *rule)
{
	int i = rule_index(rule);
	return i >= 0 ? rule_words[i].plain : "报告存在需要核实的问题";
}

const char *compose_rule_require(const char *rule)
{
	int i = rule_index(rule);
	return i >= 0 ? rule_words[i].require : "核实后更正";
}

bool compose_rule_names_cells(const char *rule)
{
	/* the arithmetic of these messages ("本年新收 2 + 上年结转 0 = 2，…") is the checker's; the body
	 * needs the place: "表三“自然人”列" */
	return !strcmp(rule, "t3.balance") || !strcmp(rule, "t3.results_sum") || !strcmp(rule, "t3.row_sum") ||
	       !strcmp(rule, "t4.sum");
}

void compose_finding_detail(xxgk_buf *b, const xxgk_finding *f)
{
	const char *m = f->message;
	size_t len = strlen(m);
	const char *cut;
	if (compose_rule_names_cells(f->rule) && (cut = strstr(m, "：")) != NULL)
		len = (size_t)(cut - m);
	/* copies: "正文与X2023年报告高度雷同：估计相似度 0.93（MinHash …），对方 <sha>" → up to "：" */
	if (!strncmp(f->rule, "copy.", 5)) {
		if ((cut = strstr(m, "：")) != NULL || (cut = strstr(m, "，对方")) != NULL)
			len = (size_t)(cut - m);
	}
	/* unreadable cells list the candidate readings "（[8 9 8989] …）": the reading is the body's to give */
	if ((cut = strstr(m, "：有")) != NULL && !strcmp(f->rule, "cells.unreadable"))
		len = (size_t)(cut - m);
	/* a repeat of last year: "表三与2023年报告逐格相同（…）；上年报告 <sha>" → up to the parenthesis */
	if (!strncmp(f->rule, "year.", 5) && ((cut = strstr(m, "（")) != NULL || (cut = strstr(m, "；")) != NULL))
		len = (size_t)(cut - m);
	/* narrative against table: "正文称收到申请 1 件，表三“一、本年新收”为 10，相差 -9" → the two figures are
	 * the point; the signed difference is the checker's arithmetic */
	if (!strcmp(f->rule, "text.table_mismatch") && (cut = strstr(m, "，相差")) != NULL && (size_t)(cut - m) < len)
		len = (size_t)(cut - m);
	/* two versions: the files and hashes are the office's to look up; how they differ is the point */
	if (!strcmp(f->rule, "version.edited") && (cut = strstr(m, "；")) != NULL) {
		m = cut + strlen("；");
		len = strlen(m);
	}
	/* a row's place as the checker writes it, "表三（一）予以公开行": its label quoted as columns are,
	 * "表三“（一）予以公开”行" (the labels are the template's, so the match is exact) */
	static const char t3[] = "表三";
	size_t t3_len = strlen(t3);
	if (len > t3_len && !strncmp(m, t3, t3_len)) {
		for (int row = 0; row < XXGK_T3_ROWS; row++) {
			const char *label = xxgk_t3_row_label(row);
			size_t n = strlen(label);
			if (t3_len + n + strlen("行") <= len && !strncmp(m + t3_len, label, n) &&
			    !strncmp(m + t3_len + n, "行", strlen("行"))) {
				xxgk_buf_printf(b, "%s“%s”", t3, label);
				m += t3_len + n;
				len -= t3_len + n;
				break;
			}
		}
	}
	compose_put_clean(b, m, len);
}
