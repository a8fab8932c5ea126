/*
 * example.c — the reports behind a rule's `pass` and `fail` examples
 * (data/rules.conf), and the rule catalogue of docs/checks.md made from them.
 *
 * An example is a list of changes to an all-zero 2021-template report of
 * 2022 with all six parts and nothing unexplained; `prev.` changes make a
 * report of the year before, `other.` changes another document of 2022 (of
 * another body, or with `other.body=same` of the same one; `other.sha=same`
 * makes it the same file). tests/test_rules.c runs the checker on every
 * example; xxgk_rules_markdown() prints each with the finding it gives.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_int.h"
#include "../common/common_int.h"

static void example_base(xxgk_report *r, int template_kind, int year)
{
	r->template_kind = (uint8_t)template_kind;
	r->year = year;
	snprintf(r->sha256, sizeof r->sha256, "%064d", year);
	for (int p = 0; p < 6; p++)
		r->part_line[p] = (uint32_t)(10 * (p + 1));
	r->fees_explained = 1;
	size_t n = 0;
	xxgk_active_fields(template_kind, &n);
	for (int c = 0; c < RULES_CELLS; c++) {
		if (c < RULES_T3 && (size_t)c >= n)
			continue;
		if (template_kind == XXGK_TEMPLATE_2019 && c >= RULES_T3 && c < RULES_T4) {
			int row = (c - RULES_T3) / XXGK_T3_COLS;
			if (row == XXGK_T3_OTHER_OVERDUE_CORRECTION || row == XXGK_T3_OTHER_OVERDUE_FEE)
				continue;
		}
		xxgk_cell_set((xxgk_cell *)(uintptr_t)xxgk__rules_cell(r, c), XXGK_KIND_NUMBER, true, 0, 100, 1, "0");
	}
}

static void example_narrative(xxgk_report *r, bool same)
{
	for (int i = 0; i < XXGK_MINHASH; i++)
		r->minhash[i] = (uint16_t)(same ? i * 7 : i * 7 + 3);
	r->shingle_count = 400;
}

static int example_set(xxgk_report *r, const xxgk_rules *rs, const char *key, const char *val, xxgk_error *err)
{
	char *end;
	if (strcmp(key, "year") == 0) {
		r->year = (int)strtol(val, &end, 10);
	} else if (strcmp(key, "template") == 0) {
		return XXGK_OK;   /* applied before the base */
	} else if (strcmp(key, "part_missing") == 0) {
		long p = strtol(val, &end, 10);
		if (p >= 1 && p <= 6)
			r->part_line[p - 1] = 0;
	} else if (strcmp(key, "fees_explained") == 0) {
		r->fees_explained = (int8_t)strtol(val, &end, 10);
	} else if (strncmp(key, "claim.", 6) == 0) {
		return xxgk_report_claim(r, key + 6, strtod(val, &end), 5);
	} else if (strcmp(key, "warning") == 0) {
		return xxgk_report_warn(r, val, 7, "（示例）解析器的提示 %s", val);
	} else if (strcmp(key, "narrative") == 0) {
		example_narrative(r, strcmp(val, "same") == 0);
	} else if (strcmp(key, "agency") == 0 || strcmp(key, "file") == 0) {
		char *name = xxgk_strdup(val), **to = key[0] == 'a' ? &r->agency_name : &r->source_name;
		if (!name)
			return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		free(*to);
		*to = name;
	} else if (strcmp(key, "body") == 0 || strcmp(key, "sha") == 0) {
		return XXGK_OK;   /* other.body, other.sha: read by xxgk_rules_run_example() */
	} else if (strcmp(key, "table4") == 0) {
		for (int c = RULES_T4; c < RULES_CELLS; c++)
			xxgk_cell_set((xxgk_cell *)(uintptr_t)xxgk__rules_cell(r, c), XXGK_KIND_ABSENT, false, 0, 0, 0, NULL);
	} else if (strchr(val, ',')) {
		/* a whole row: applications.ROW=a,b,…,total or reviews.GROUP=… */
		bool t3 = strncmp(key, "applications.", 13) == 0;
		int width = t3 ? XXGK_T3_COLS : XXGK_T4_COLS;
		const char *v = val;
		for (int col = 0; col < width; col++) {
			char path[96], num[32];
			snprintf(path, sizeof path, "%s.%s", key, t3 ? xxgk_t3_col_key(col) : xxgk_t4_col_key(col));
			size_t n = strcspn(v, ",");
			if (!n || n >= sizeof num)
				return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "example: %s needs %d numbers", key, width);
			memcpy(num, v, n);
			num[n] = '\0';
			int rc = example_set(r, rs, path, num, err);
			if (rc)
				return rc;
			v += n + (v[n] == ',');
		}
	} else {
		int c = xxgk__rules_cell_index(rs, r->template_kind, key);
		if (c < 0 || c >= RULES_CELLS)
			return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "example: no cell %s", key);
		xxgk_cell *cell = (xxgk_cell *)(uintptr_t)xxgk__rules_cell(r, c);
		int kind = strcmp(val, "blank") == 0 ? XXGK_KIND_BLANK : strcmp(val, "na") == 0 ? XXGK_KIND_NA
			   : strcmp(val, "absent") == 0 ? XXGK_KIND_ABSENT : XXGK_KIND_NUMBER;
		double v = kind == XXGK_KIND_NUMBER ? strtod(val, &end) : 0;
		if (kind == XXGK_KIND_NUMBER && (end == val || *end))
			return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "example: %s=%s is not a number", key, val);
		return xxgk_cell_set(cell, kind, kind == XXGK_KIND_NUMBER, v, 100, 1,
				     kind == XXGK_KIND_NA ? "/" : kind == XXGK_KIND_NUMBER ? val : NULL);
	}
	return XXGK_OK;
}

/* The reports of an example: this one, the year before's (when `prev.` cells
 * are changed) and, when `other` is given, another document's (when `other.`
 * cells are); a change for a report not asked for is skipped. */
static int example_make(xxgk_report **cur, xxgk_report **prev, xxgk_report **other, const xxgk_rules *rs,
			const char *assignments, xxgk_error *err)
{
	*cur = *prev = NULL;
	if (other)
		*other = NULL;
	int tk = strstr(assignments, "template=2019") ? XXGK_TEMPLATE_2019 : XXGK_TEMPLATE_2021;
	int rc = xxgk_report_new(cur);
	if (rc == XXGK_OK && strstr(assignments, "prev."))
		rc = xxgk_report_new(prev);
	if (rc == XXGK_OK && other && strstr(assignments, "other."))
		rc = xxgk_report_new(other);
	if (rc != XXGK_OK) {
		xxgk_report_free(*cur);
		xxgk_report_free(*prev);
		*cur = *prev = NULL;
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	example_base(*cur, tk, 2022);
	if (*prev)
		example_base(*prev, tk, 2021);
	if (other && *other) {
		example_base(*other, tk, 2022);
		if (strstr(assignments, "other.sha=same"))
			snprintf((*other)->sha256, sizeof (*other)->sha256, "%s", (*cur)->sha256);
		else
			snprintf((*other)->sha256, sizeof (*other)->sha256, "%064d", 20221);   /* another file */
	}
	char buf[2048];
	snprintf(buf, sizeof buf, "%s", assignments);
	for (char *s = buf; *s && rc == XXGK_OK;) {
		while (*s == ' ')
			s++;
		char *e = s + strcspn(s, " ");
		char save = *e;
		*e = '\0';
		char *eq = strchr(s, '=');
		if (eq) {
			*eq = '\0';
			bool p = strncmp(s, "prev.", 5) == 0, o = strncmp(s, "other.", 6) == 0;
			xxgk_report *to = p ? *prev : o ? (other ? *other : NULL) : *cur;
			if (to)
				rc = example_set(to, rs, p ? s + 5 : o ? s + 6 : s, eq + 1, err);
		} else if (*s) {
			rc = xxgk_error_set(err, XXGK_EINVAL, 0, 0, "example: \"%s\" is not NAME=VALUE", s);
		}
		*e = save;
		s = e;
	}
	if (rc != XXGK_OK) {
		xxgk_report_free(*cur);
		xxgk_report_free(*prev);
		*cur = *prev = NULL;
		if (other) {
			xxgk_report_free(*other);
			*other = NULL;
		}
	}
	return rc;
}

int xxgk_rules_example(xxgk_report **cur, xxgk_report **prev, const xxgk_rules *rs, const char *assignments,
		       xxgk_error *err)
{
	return example_make(cur, prev, NULL, rs, assignments, err);
}

/* Two documents of 2022: versions of one body's report (version.edited), and
 * copying between two bodies (copy.narrative, copy.table). */
static int example_corpus(xxgk_findings *out, const xxgk_rules *rs, xxgk_report *cur, xxgk_report *other,
			  bool same_body)
{
	int rc = XXGK_OK;
	if (same_body) {
		const xxgk_report *v[2] = { other, cur };
		rc = xxgk_check_versions(out, v, 2, 1, rs);
	}
	xxgk_copies *c = NULL;
	size_t from = out->count;
	if (rc == XXGK_OK && (rc = xxgk_copies_new(&c)) == XXGK_OK) {
		if ((rc = xxgk_copies_add(c, cur, "甲")) == XXGK_OK &&
		    (rc = xxgk_copies_add(c, other, same_body ? "甲" : "乙")) == XXGK_OK &&
		    (rc = xxgk_copies_find(c, out)) == XXGK_OK)
			rc = xxgk_findings_apply_rules(out, from, rs);
		xxgk_copies_free(c);
	}
	return rc;
}

int xxgk_rules_run_example(xxgk_findings *out, const xxgk_rules *rs, const char *assignments, xxgk_error *err)
{
	xxgk_report *cur, *prev, *other;
	int rc = example_make(&cur, &prev, &other, rs, assignments, err);
	if (rc != XXGK_OK)
		return rc;
	rc = xxgk_check_report_with(out, cur, rs);
	if (rc == XXGK_OK && prev)
		rc = xxgk_check_years_with(out, prev, cur, rs);
	if (rc == XXGK_OK && other)
		rc = example_corpus(out, rs, cur, other, strstr(assignments, "other.body=same") != NULL);
	xxgk_report_free(cur);
	xxgk_report_free(prev);
	xxgk_report_free(other);
	if (rc != XXGK_OK)
		return xxgk_error_set(err, rc, 0, 0, "the example could not be checked");
	return rc;
}

/* ------------------------------------------------------------ docs */

static void md_cell(xxgk_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			xxgk_buf_puts(b, "\\|");
		else
			xxgk_buf_putc(b, *s);
	}
}

/* The finding of `rule` an example gives (first one), or NULL. */
static const xxgk_finding *md_finding(const xxgk_findings *f, const char *rule)
{
	for (size_t i = 0; i < f->count; i++)
		if (strcmp(f->items[i].rule, rule) == 0)
			return &f->items[i];
	return NULL;
}

int xxgk_rules_markdown(char **out, const xxgk_rules *rs)
{
	xxgk_buf b;
	xxgk_buf_init(&b);
	xxgk_buf_printf(&b, "<!-- generated from data/rules.conf (format %d) by `xxgk rules --markdown`: edit the data file -->\n\n",
			xxgk_rules_version(rs));
	xxgk_buf_puts(&b, "| rule | severity | templates | what it checks | why |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < xxgk_rules_count(rs); i++) {
		const xxgk_rule *r = xxgk_rules_at(rs, i);
		xxgk_buf_printf(&b, "| [`%s`](#%s) | %s | %s%s%s | ", r->id, r->id, xxgk_rule_severity_name(r->default_severity),
				(r->templates & (1u << XXGK_TEMPLATE_2021)) ? "2021" : "",
				(r->templates & (1u << XXGK_TEMPLATE_2021)) && (r->templates & (1u << XXGK_TEMPLATE_2019)) ? ", " : "",
				(r->templates & (1u << XXGK_TEMPLATE_2019)) ? "2019" : "");
		md_cell(&b, r->what);
		xxgk_buf_puts(&b, " | ");
		md_cell(&b, r->why);
		xxgk_buf_puts(&b, " |\n");
	}
	for (size_t i = 0; i < xxgk_rules_count(rs); i++) {
		const xxgk_rule *r = xxgk_rules_at(rs, i);
		static const char *const scopes[] = { "one report", "a body's two consecutive years", "many reports" };
		xxgk_buf_printf(&b, "\n### %s\n\n%s, %s; %s. Source: %s.\n", r->id, xxgk_rule_severity_name(r->default_severity),
				scopes[r->scope], r->kind == XXGK_RULE_RELATION ? "a linear relation" : "a check in src/check/",
				r->source);
		if (r->kind == XXGK_RULE_RELATION) {
			xxgk_buf_printf(&b, "\n    %s%s%s\n", *r->for_vars ? "for " : "", r->for_vars, *r->for_vars ? ":" : "");
			xxgk_buf_printf(&b, "    %s\n", r->relation);
			if (*r->implied)
				xxgk_buf_printf(&b, "\nImplied by the rules before it for %s: reported only when those cannot all be evaluated.\n",
						r->implied);
			xxgk_buf_printf(&b, "\nMessage: %s\n", r->message);
		}
		const char *ex[2] = { r->pass, r->fail };
		for (int k = 0; k < 2; k++) {
			if (!*ex[k])
				continue;
			xxgk_findings f;
			xxgk_findings_init(&f);
			xxgk_error err;
			xxgk_buf_printf(&b, "\n%s: `%s`", k ? "Fails" : "Passes", ex[k]);
			if (xxgk_rules_run_example(&f, rs, ex[k], &err) != XXGK_OK) {
				xxgk_buf_printf(&b, " (example broken: %s)\n", err.message);
			} else {
				const xxgk_finding *x = md_finding(&f, r->id);
				if (k && x)
					xxgk_buf_printf(&b, "  \n→ %s%s%s\n", x->message, xxgk_finding_fix(x)[0] ? "  \n→ " : "",
							xxgk_finding_fix(x));
				else
					xxgk_buf_puts(&b, k ? "  \n→ (no finding: the example is broken)\n" : "\n");
			}
			xxgk_findings_free(&f);
		}
		if (!*r->pass && !*r->fail)
			xxgk_buf_puts(&b, "\nExamples: across reports; see tests/test_check.c.\n");
	}
	if (b.failed) {
		xxgk_buf_free(&b);
		*out = NULL;
		return XXGK_ENOMEM;
	}
	*out = xxgk_buf_detach(&b);
	return XXGK_OK;
}
