/*
 * rules.c — reads a rule file (data/rules.conf; its header comment is the
 * format), expands each relation into one instance per binding of its `for`
 * variables over a report's cell space, and finds the instances the others
 * imply (incremental Gaussian elimination in data-file order: an instance
 * that reduces to zero is a combination of earlier ones, and the combination
 * is kept as its support). The declared `implied` lines must match what is
 * computed, so an accidental duplicate or a rule that says nothing new fails
 * to load (validatetools' detect_redundancy, van der Loo & de Jonge 2018).
 *
 * Exports the rule-set half of xxgk/rules.h and the cell-space helpers of
 * rules_int.h. The built-in set is data/rules.conf, embedded by CMake
 * (cmake/Embed.cmake) as xxgk__rules_data.
 */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_int.h"
#include "../common/common_int.h"

extern const unsigned char xxgk__rules_data[];
extern const size_t xxgk__rules_data_len;

/* Longest line of a rule file; a longer one is an error, not cut. */
#define RULES_LINE_CAP 4096
/* Members of one set (table 3 has 25 rows). */
#define RULES_SET_CAP 32
#define RULES_PATH_CAP 96

/* A rule's `for` variables, parsed. */
typedef struct {
	int count;
	char name[2][32];
	char set[2][48];
} rules_forvar;

typedef struct {
	char *name;              /* "t3.rows" */
	int tmpl;                /* 0: any template; else XXGK_TEMPLATE_* */
	int count;
	const char *key[RULES_SET_CAP], *label[RULES_SET_CAP];
} rules_set;

/* A `claim` block as written. */
typedef struct {
	const char *key, *label, *table;
	const char *counts[RULES_CLAIM_READINGS];   /* `counts`, then `or` */
	unsigned templates;                         /* 0: both */
	int line;
} rules_claim_src;

struct xxgk_rules {
	char *text;              /* owned copy of the file; strings point into it */
	int version;
	xxgk_rule *rules;
	size_t count, cap;
	int *rule_line;          /* where each rule starts, for errors */
	rules_forvar *fv;        /* each rule's `for` variables */
	rules_set *sets;
	size_t set_count, set_cap;
	double w_printed, w_total, w_inferred;
	const char *totals[16];
	int total_count;
	rules_table tab[RULES_TEMPLATES][2];
	char path[RULES_TEMPLATES][RULES_CELLS][RULES_PATH_CAP];
	bool is_total[RULES_TEMPLATES][RULES_CELLS];
	rules_claim_src claim_src[RULES_CLAIMS];   /* the claim blocks as written */
	int claim_src_count;
	rules_claim claim[RULES_TEMPLATES][RULES_CLAIMS];   /* expanded per template */
	int claim_count[RULES_TEMPLATES];
};

static const char *const severity_names[] = { "error", "warning", "info", "off" };

const char *xxgk_rule_severity_name(int severity)
{
	return severity >= 0 && severity <= 3 ? severity_names[severity] : "?";
}

static int rules_severity_from(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, severity_names[i]) == 0)
			return i;
	return -1;
}

static int rules_tindex(int template_kind)
{
	return template_kind == XXGK_TEMPLATE_2019 ? 2 : 1;
}

/* ------------------------------------------------------------ cell space */

const xxgk_cell *xxgk__rules_cell(const xxgk_report *r, int cell)
{
	if (cell < RULES_T3)
		return &r->active[cell];
	if (cell < RULES_T4)
		return &r->applications[(cell - RULES_T3) / XXGK_T3_COLS][(cell - RULES_T3) % XXGK_T3_COLS];
	if (cell < RULES_CELLS)
		return &r->reviews[(cell - RULES_T4) / XXGK_T4_COLS][(cell - RULES_T4) % XXGK_T4_COLS];
	return NULL;
}

/* Does `path` match a pattern where a whole dotted part may be "*"? */
static bool rules_match(const char *pattern, const char *path)
{
	while (*pattern && *path) {
		if (*pattern == '*') {
			while (*path && *path != '.')
				path++;
			pattern++;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

static void rules_build_space(xxgk_rules *rs)
{
	for (int t = 0; t < RULES_TEMPLATES; t++) {
		int tk = t == 2 ? XXGK_TEMPLATE_2019 : XXGK_TEMPLATE_2021;
		size_t n = 0;
		const xxgk_active_field *af = xxgk_active_fields(tk, &n);
		for (size_t i = 0; i < XXGK_ACTIVE_CAP; i++)
			if (i < n)
				snprintf(rs->path[t][i], RULES_PATH_CAP, "active.%s.%s", af[i].item, af[i].column);
		for (int row = 0; row < XXGK_T3_ROWS; row++)
			for (int col = 0; col < XXGK_T3_COLS; col++)
				snprintf(rs->path[t][RULES_T3 + row * XXGK_T3_COLS + col], RULES_PATH_CAP,
					 "applications.%s.%s", xxgk_t3_row_key(row), xxgk_t3_col_key(col));
		for (int g = 0; g < XXGK_T4_GROUPS; g++)
			for (int col = 0; col < XXGK_T4_COLS; col++)
				snprintf(rs->path[t][RULES_T4 + g * XXGK_T4_COLS + col], RULES_PATH_CAP, "reviews.%s.%s",
					 xxgk_t4_group_key(g), xxgk_t4_col_key(col));
		for (int c = 0; c < RULES_CELLS; c++) {
			rs->is_total[t][c] = false;
			for (int k = 0; k < rs->total_count && rs->path[t][c][0]; k++)
				if (rules_match(rs->totals[k], rs->path[t][c]))
					rs->is_total[t][c] = true;
		}
	}
}

const char *xxgk__rules_cell_path(const xxgk_rules *rs, int template_kind, int cell)
{
	if (cell < 0 || cell >= RULES_CELLS)
		return NULL;
	const char *p = rs->path[rules_tindex(template_kind)][cell];
	return p[0] ? p : NULL;
}

int xxgk__rules_cell_index(const xxgk_rules *rs, int template_kind, const char *path)
{
	int t = rules_tindex(template_kind);
	int base = 0;
	if (strncmp(path, "prev.", 5) == 0) {
		path += 5;
		base = RULES_CELLS;
	}
	for (int c = 0; c < RULES_CELLS; c++)
		if (rs->path[t][c][0] && strcmp(rs->path[t][c], path) == 0)
			return base + c;
	return -1;
}

bool xxgk__rules_is_total(const xxgk_rules *rs, int template_kind, int cell)
{
	return cell >= 0 && cell < RULES_CELLS && rs->is_total[rules_tindex(template_kind)][cell];
}

void xxgk__rules_weights(const xxgk_rules *rs, double *printed, double *total, double *inferred)
{
	*printed = rs->w_printed;
	*total = rs->w_total;
	*inferred = rs->w_inferred;
}

static const rules_set *rules_set_find(const xxgk_rules *rs, const char *name, size_t name_len, int template_kind)
{
	const rules_set *any = NULL;
	for (size_t i = 0; i < rs->set_count; i++) {
		const rules_set *s = &rs->sets[i];
		if (strlen(s->name) != name_len || memcmp(s->name, name, name_len) != 0)
			continue;
		if (s->tmpl == template_kind)
			return s;
		if (s->tmpl == 0)
			any = s;
	}
	return any;
}

static const char *rules_label(const xxgk_rules *rs, const char *set, const char *key, int template_kind)
{
	const rules_set *s = rules_set_find(rs, set, strlen(set), template_kind);
	for (int i = 0; s && i < s->count; i++)
		if (strcmp(s->key[i], key) == 0)
			return s->label[i];
	return key;
}

void xxgk__rules_cell_name(const xxgk_rules *rs, int template_kind, int cell, char *out, size_t cap)
{
	const char *path = xxgk__rules_cell_path(rs, template_kind, cell);
	if (!path) {
		snprintf(out, cap, "?");
		return;
	}
	char a[48], b[48];
	if (cell >= RULES_T3 && cell < RULES_T4) {
		int row = (cell - RULES_T3) / XXGK_T3_COLS, col = (cell - RULES_T3) % XXGK_T3_COLS;
		snprintf(a, sizeof a, "%s", xxgk_t3_row_key(row));
		snprintf(b, sizeof b, "%s", xxgk_t3_col_key(col));
		snprintf(out, cap, "表三“%s”行“%s”列", rules_label(rs, "t3.rows", a, template_kind),
			 rules_label(rs, "t3.columns", b, template_kind));
	} else if (cell >= RULES_T4) {
		int g = (cell - RULES_T4) / XXGK_T4_COLS, col = (cell - RULES_T4) % XXGK_T4_COLS;
		snprintf(a, sizeof a, "%s", xxgk_t4_group_key(g));
		snprintf(b, sizeof b, "%s", xxgk_t4_col_key(col));
		snprintf(out, cap, "表四%s“%s”", rules_label(rs, "t4.groups", a, template_kind),
			 col == XXGK_T4_TOTAL ? "总计" : rules_label(rs, "t4.results", b, template_kind));
	} else {
		snprintf(out, cap, "表二 %s", path + 7);
	}
}

/* ------------------------------------------------------------ parsing */

typedef struct {
	xxgk_rules *rs;
	const char *name;
	xxgk_error *err;
	int line;
} rules_parse_ctx;

static int rules_fail(rules_parse_ctx *p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static int rules_fail(rules_parse_ctx *p, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	xxgk_vformat(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return xxgk_error_set(p->err, XXGK_EPARSE, (unsigned)p->line, 0, "%s:%d: %s", p->name, p->line, msg);
}

static char *rules_trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* Splits "keyword rest" in place; rest is "" when there is none. */
static char *rules_split(char *s, char **rest)
{
	char *sp = s;
	while (*sp && *sp != ' ' && *sp != '\t')
		sp++;
	if (*sp) {
		*sp++ = '\0';
		*rest = rules_trim(sp);
	} else {
		*rest = sp;
	}
	return s;
}

static int rules_templates(rules_parse_ctx *p, char *rest, unsigned *out)
{
	*out = 0;
	char *save = rest;
	while (*save) {
		char *next;
		char *word = rules_split(save, &next);
		if (strcmp(word, "2021") == 0)
			*out |= 1u << XXGK_TEMPLATE_2021;
		else if (strcmp(word, "2019") == 0)
			*out |= 1u << XXGK_TEMPLATE_2019;
		else
			return rules_fail(p, "unknown template \"%s\" (2021 or 2019)", word);
		save = next;
	}
	return *out ? XXGK_OK : rules_fail(p, "templates: name at least one");
}

static int rules_grow(void **items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return XXGK_OK;
	size_t cap2 = *cap ? *cap * 2 : 16;
	while (cap2 < need)
		cap2 *= 2;
	void *p = realloc(*items, cap2 * size);
	if (!p)
		return XXGK_ENOMEM;
	*items = p;
	*cap = cap2;
	return XXGK_OK;
}

static int rules_parse_lines(rules_parse_ctx *p, char *text)
{
	xxgk_rules *rs = p->rs;
	enum { TOP, IN_SET, IN_WEIGHTS, IN_TOTALS, IN_RULE, IN_CLAIM } state = TOP;
	rules_set *set = NULL;
	rules_claim_src *claim = NULL;
	xxgk_rule *rule = NULL;
	bool header = false;
	char *cur = text;
	p->line = 0;
	while (cur && *cur) {
		char *nl = strchr(cur, '\n');
		if (nl)
			*nl = '\0';
		p->line++;
		if (strlen(cur) > RULES_LINE_CAP)
			return rules_fail(p, "line longer than %d bytes", RULES_LINE_CAP);
		char *line = rules_trim(cur);
		cur = nl ? nl + 1 : NULL;
		if (!*line || *line == '#')
			continue;
		char *rest;
		char *word = rules_split(line, &rest);
		if (!header) {
			if (strcmp(word, "xxgk-rules") != 0)
				return rules_fail(p, "not a rule file: the first line must be \"xxgk-rules 1\"");
			rs->version = atoi(rest);
			if (rs->version != 1)
				return rules_fail(p, "rule file format %s; this xxgk reads format 1", rest);
			header = true;
			continue;
		}
		if (state != TOP && strcmp(word, "end") == 0) {
			if (state == IN_CLAIM && (!claim->label || !claim->table || !claim->counts[0]))
				return rules_fail(p, "claim %s: label, table and counts are needed", claim->key);
			state = TOP;
			continue;
		}
		switch (state) {
		case TOP:
			if (strcmp(word, "set") == 0) {
				if (!*rest)
					return rules_fail(p, "set: a name is needed");
				if (rules_grow((void **)&rs->sets, &rs->set_cap, rs->set_count + 1, sizeof *rs->sets))
					return XXGK_ENOMEM;
				set = &rs->sets[rs->set_count++];
				memset(set, 0, sizeof *set);
				set->name = rest;
				char *at = strchr(rest, '@');
				if (at) {
					*at = '\0';
					set->tmpl = xxgk_template_from_name(at + 1);
					if (set->tmpl != XXGK_TEMPLATE_2021 && set->tmpl != XXGK_TEMPLATE_2019)
						return rules_fail(p, "set %s: unknown template @%s", rest, at + 1);
				}
				state = IN_SET;
			} else if (strcmp(word, "weights") == 0) {
				state = IN_WEIGHTS;
			} else if (strcmp(word, "totals") == 0) {
				state = IN_TOTALS;
			} else if (strcmp(word, "claim") == 0) {
				if (!*rest)
					return rules_fail(p, "claim: a key is needed");
				if (rs->claim_src_count >= RULES_CLAIMS)
					return rules_fail(p, "more than %d claims", RULES_CLAIMS);
				for (int i = 0; i < rs->claim_src_count; i++)
					if (strcmp(rs->claim_src[i].key, rest) == 0)
						return rules_fail(p, "claim %s stated twice", rest);
				claim = &rs->claim_src[rs->claim_src_count++];
				memset(claim, 0, sizeof *claim);
				claim->key = rest;
				claim->line = p->line;
				state = IN_CLAIM;
			} else if (strcmp(word, "rule") == 0) {
				if (!*rest)
					return rules_fail(p, "rule: an id is needed");
				for (size_t i = 0; i < rs->count; i++)
					if (strcmp(rs->rules[i].id, rest) == 0)
						return rules_fail(p, "rule %s stated twice", rest);
				if (rules_grow((void **)&rs->rules, &rs->cap, rs->count + 1, sizeof *rs->rules))
					return XXGK_ENOMEM;
				int *lines = realloc(rs->rule_line, rs->cap * sizeof *lines);
				if (!lines)
					return XXGK_ENOMEM;
				rs->rule_line = lines;
				rs->rule_line[rs->count] = p->line;
				rule = &rs->rules[rs->count++];
				memset(rule, 0, sizeof *rule);
				rule->id = rest;
				rule->severity = rule->default_severity = -1;
				rule->kind = rule->scope = -1;
				rule->for_vars = rule->relation = rule->where = rule->message = rule->implied = "";
				rule->what = rule->why = rule->source = rule->pass = rule->fail = "";
				state = IN_RULE;
			} else {
				return rules_fail(p, "unknown statement \"%s\"", word);
			}
			break;
		case IN_SET:
			if (set->count >= RULES_SET_CAP)
				return rules_fail(p, "set %s: more than %d members", set->name, RULES_SET_CAP);
			if (!*rest)
				return rules_fail(p, "set %s: member %s has no label", set->name, word);
			set->key[set->count] = word;
			set->label[set->count] = rest;
			set->count++;
			break;
		case IN_WEIGHTS: {
			char *end;
			double w = strtod(rest, &end);
			if (end == rest || *end || !(w > 0.5 && w <= 1))
				return rules_fail(p, "weight %s: a number in (0.5, 1] is needed", word);
			if (strcmp(word, "printed") == 0)
				rs->w_printed = w;
			else if (strcmp(word, "total") == 0)
				rs->w_total = w;
			else if (strcmp(word, "inferred") == 0)
				rs->w_inferred = w;
			else
				return rules_fail(p, "unknown weight \"%s\" (printed, total, inferred)", word);
			break;
		}
		case IN_TOTALS:
			if (rs->total_count >= 16)
				return rules_fail(p, "more than 16 total patterns");
			rs->totals[rs->total_count++] = word;
			break;
		case IN_CLAIM:
			if (!*rest)
				return rules_fail(p, "claim %s: %s needs a value", claim->key, word);
			if (strcmp(word, "label") == 0) {
				claim->label = rest;
			} else if (strcmp(word, "table") == 0) {
				claim->table = rest;
			} else if (strcmp(word, "counts") == 0) {
				claim->counts[0] = rest;
			} else if (strcmp(word, "or") == 0) {
				if (!claim->counts[0] || claim->counts[1])
					return rules_fail(p, "claim %s: one `or` after `counts`", claim->key);
				claim->counts[1] = rest;
			} else if (strcmp(word, "templates") == 0) {
				int rc = rules_templates(p, rest, &claim->templates);
				if (rc)
					return rc;
			} else {
				return rules_fail(p, "claim %s: unknown field \"%s\"", claim->key, word);
			}
			break;
		case IN_RULE:
			if (strcmp(word, "severity") == 0) {
				rule->severity = rule->default_severity = rules_severity_from(rest);
				if (rule->severity < 0 || rule->severity == XXGK_RULE_OFF)
					return rules_fail(p, "severity \"%s\" (error, warning or info)", rest);
			} else if (strcmp(word, "templates") == 0) {
				int rc = rules_templates(p, rest, &rule->templates);
				if (rc)
					return rc;
			} else if (strcmp(word, "scope") == 0) {
				rule->scope = strcmp(rest, "report") == 0 ? XXGK_SCOPE_REPORT
					      : strcmp(rest, "years") == 0 ? XXGK_SCOPE_YEARS
					      : strcmp(rest, "corpus") == 0 ? XXGK_SCOPE_CORPUS : -1;
				if (rule->scope < 0)
					return rules_fail(p, "scope \"%s\" (report, years or corpus)", rest);
			} else if (strcmp(word, "kind") == 0) {
				rule->kind = strcmp(rest, "relation") == 0 ? XXGK_RULE_RELATION
					     : strcmp(rest, "builtin") == 0 ? XXGK_RULE_BUILTIN : -1;
				if (rule->kind < 0)
					return rules_fail(p, "kind \"%s\" (relation or builtin)", rest);
			} else if (strcmp(word, "for") == 0) {
				rule->for_vars = rest;
			} else if (strcmp(word, "relation") == 0) {
				rule->relation = rest;
			} else if (strcmp(word, "where") == 0) {
				rule->where = rest;
			} else if (strcmp(word, "message") == 0) {
				rule->message = rest;
			} else if (strcmp(word, "implied") == 0) {
				rule->implied = rest;
			} else if (strcmp(word, "what") == 0) {
				rule->what = rest;
			} else if (strcmp(word, "why") == 0) {
				rule->why = rest;
			} else if (strcmp(word, "source") == 0) {
				rule->source = rest;
			} else if (strcmp(word, "pass") == 0) {
				rule->pass = rest;
			} else if (strcmp(word, "fail") == 0) {
				rule->fail = rest;
			} else {
				return rules_fail(p, "rule %s: unknown field \"%s\"", rule->id, word);
			}
			break;
		}
	}
	if (!header)
		return rules_fail(p, "empty rule file");
	if (state != TOP)
		return rules_fail(p, "a block is not closed with \"end\"");
	return XXGK_OK;
}

/* ------------------------------------------------------------ expansion */

typedef struct {
	int count;
	const char *name[2];
	const rules_set *set[2];
	int member[2];
} rules_binding;

/* Replaces $VAR by the bound key into out. */
static bool rules_subst(char *out, size_t cap, const char *in, const rules_binding *b)
{
	size_t n = 0;
	while (*in) {
		if (*in == '$') {
			bool done = false;
			for (int v = 0; v < b->count && !done; v++) {
				size_t len = strlen(b->name[v]);
				if (strncmp(in + 1, b->name[v], len) == 0 && !isalnum((unsigned char)in[1 + len]) &&
				    in[1 + len] != '_') {
					const char *key = b->set[v]->key[b->member[v]];
					size_t kl = strlen(key);
					if (n + kl >= cap)
						return false;
					memcpy(out + n, key, kl);
					n += kl;
					in += 1 + len;
					done = true;
				}
			}
			if (done)
				continue;
			return false;   /* an unbound variable */
		}
		if (n + 1 >= cap)
			return false;
		out[n++] = *in++;
	}
	out[n] = '\0';
	return true;
}

typedef struct {
	rules_parse_ctx *p;
	const xxgk_rule *rule;
	int template_kind;
	rules_table *tab;
	int side;
} rules_expand_ctx;

static int rules_add_term(rules_expand_ctx *x, const char *path)
{
	int cell = xxgk__rules_cell_index(x->p->rs, x->template_kind, path);
	if (cell < 0)
		return rules_fail(x->p, "rule %s: no cell %s in the %s template", x->rule->id, path,
				  xxgk_template_name(x->template_kind));
	if (x->rule->scope == XXGK_SCOPE_REPORT && cell >= RULES_CELLS)
		return rules_fail(x->p, "rule %s: prev. cells need scope years", x->rule->id);
	rules_table *t = x->tab;
	if (rules_grow((void **)&t->terms, &t->term_cap, t->term_count + 1, sizeof *t->terms))
		return XXGK_ENOMEM;
	t->terms[t->term_count].cell = (int16_t)cell;
	t->terms[t->term_count].coef = (int8_t)(x->side == 0 ? 1 : -1);
	t->term_count++;
	return XXGK_OK;
}

/* Expands every {SET} of a sum's pattern into terms. */
static int rules_expand_sum(rules_expand_ctx *x, const char *pattern)
{
	const char *open = strchr(pattern, '{');
	if (!open)
		return rules_add_term(x, pattern);
	const char *close = strchr(open, '}');
	if (!close)
		return rules_fail(x->p, "rule %s: unclosed { in %s", x->rule->id, pattern);
	const rules_set *s = rules_set_find(x->p->rs, open + 1, (size_t)(close - open - 1), x->template_kind);
	if (!s)
		return rules_fail(x->p, "rule %s: no set %.*s", x->rule->id, (int)(close - open - 1), open + 1);
	for (int i = 0; i < s->count; i++) {
		char buf[RULES_PATH_CAP * 2];
		int n = snprintf(buf, sizeof buf, "%.*s%s%s", (int)(open - pattern), pattern, s->key[i], close + 1);
		if (n < 0 || (size_t)n >= sizeof buf)
			return rules_fail(x->p, "rule %s: path too long", x->rule->id);
		int rc = rules_expand_sum(x, buf);
		if (rc)
			return rc;
	}
	return XXGK_OK;
}

static int rules_add_instance(rules_parse_ctx *p, size_t rule_index, int template_kind, rules_table *t,
			      const rules_binding *b)
{
	const xxgk_rule *rule = &p->rs->rules[rule_index];
	char rel[RULES_LINE_CAP];
	if (!rules_subst(rel, sizeof rel, rule->relation, b))
		return rules_fail(p, "rule %s: a $variable in the relation is not bound by `for`", rule->id);
	if (rules_grow((void **)&t->inst, &t->cap, t->count + 1, sizeof *t->inst))
		return XXGK_ENOMEM;
	rules_inst *in = &t->inst[t->count];
	memset(in, 0, sizeof *in);
	in->rule = (uint16_t)rule_index;
	in->term_off = (uint32_t)t->term_count;
	in->var_count = (uint8_t)b->count;
	for (int v = 0; v < b->count; v++) {
		in->var_name[v] = b->name[v];
		in->var_key[v] = b->set[v]->key[b->member[v]];
		in->var_label[v] = b->set[v]->label[b->member[v]];
	}
	rules_expand_ctx x = { p, rule, template_kind, t, 0 };
	bool saw_eq = false, expect_term = true;
	int sign = 1;
	char *save = rel;
	while (*save) {
		char *next;
		char *tok = rules_split(save, &next);
		save = next;
		if (strcmp(tok, "=") == 0) {
			if (saw_eq || expect_term)
				return rules_fail(p, "rule %s: misplaced =", rule->id);
			saw_eq = true;
			in->left_count = (uint16_t)(t->term_count - in->term_off);
			x.side = 1;
			expect_term = true;
			sign = 1;
			continue;
		}
		if (strcmp(tok, "+") == 0 || strcmp(tok, "-") == 0) {
			if (expect_term)
				return rules_fail(p, "rule %s: misplaced %s", rule->id, tok);
			sign = tok[0] == '-' ? -1 : 1;
			expect_term = true;
			continue;
		}
		if (!expect_term)
			return rules_fail(p, "rule %s: two terms without + or - between them", rule->id);
		size_t before = t->term_count;
		int rc;
		size_t tl = strlen(tok);
		if (strncmp(tok, "sum(", 4) == 0 && tl > 5 && tok[tl - 1] == ')') {
			tok[tl - 1] = '\0';
			rc = rules_expand_sum(&x, tok + 4);
		} else {
			rc = rules_add_term(&x, tok);
		}
		if (rc)
			return rc;
		if (sign < 0)
			for (size_t i = before; i < t->term_count; i++)
				t->terms[i].coef = (int8_t)-t->terms[i].coef;
		expect_term = false;
	}
	if (!saw_eq || expect_term)
		return rules_fail(p, "rule %s: a relation is LEFT = RIGHT", rule->id);
	in->term_count = (uint16_t)(t->term_count - in->term_off);
	if (in->term_count > XXGK_LIN_TERMS)
		return rules_fail(p, "rule %s: more than %d terms", rule->id, XXGK_LIN_TERMS);
	char where[RULES_PATH_CAP];
	xxgk__rules_where(where, sizeof where, rule, in);
	in->where_cell = (int16_t)xxgk__rules_cell_index(p->rs, template_kind, where);
	t->count++;
	return XXGK_OK;
}

static int rules_expand_rule(rules_parse_ctx *p, size_t rule_index, int template_kind, rules_table *t)
{
	const rules_forvar *fv = &p->rs->fv[rule_index];
	const xxgk_rule *rule = &p->rs->rules[rule_index];
	rules_binding b;
	memset(&b, 0, sizeof b);
	b.count = fv->count;
	for (int v = 0; v < fv->count; v++) {
		b.name[v] = fv->name[v];
		b.set[v] = rules_set_find(p->rs, fv->set[v], strlen(fv->set[v]), template_kind);
		if (!b.set[v])
			return rules_fail(p, "rule %s: no set %s", rule->id, fv->set[v]);
	}
	int rc = XXGK_OK;
	if (b.count == 0) {
		rc = rules_add_instance(p, rule_index, template_kind, t, &b);
	} else if (b.count == 1) {
		for (int i = 0; i < b.set[0]->count && !rc; i++) {
			b.member[0] = i;
			rc = rules_add_instance(p, rule_index, template_kind, t, &b);
		}
	} else {
		for (int i = 0; i < b.set[0]->count && !rc; i++)
			for (int j = 0; j < b.set[1]->count && !rc; j++) {
				b.member[0] = i;
				b.member[1] = j;
				rc = rules_add_instance(p, rule_index, template_kind, t, &b);
			}
	}
	return rc;
}

/*
 * Expands a claim's readings in one template: each is cells (or sums over
 * sets) joined by +, read with the relations' term parser.
 */
static int rules_expand_claim(rules_parse_ctx *p, const rules_claim_src *src, int template_kind, rules_claim *out)
{
	char id[80];
	snprintf(id, sizeof id, "claim %s", src->key);
	xxgk_rule claim_rule;   /* names the claim in the term parser's errors */
	memset(&claim_rule, 0, sizeof claim_rule);
	claim_rule.id = id;
	claim_rule.scope = XXGK_SCOPE_REPORT;
	memset(out, 0, sizeof *out);
	out->key = src->key;
	out->label = src->label;
	out->table = src->table;
	p->line = src->line;
	int rc = XXGK_OK;
	rules_table tmp;
	memset(&tmp, 0, sizeof tmp);
	for (int k = 0; k < RULES_CLAIM_READINGS && src->counts[k] && rc == XXGK_OK; k++) {
		char buf[RULES_LINE_CAP];
		snprintf(buf, sizeof buf, "%s", src->counts[k]);
		tmp.term_count = 0;
		rules_expand_ctx x = { p, &claim_rule, template_kind, &tmp, 0 };
		bool expect_term = true;
		char *save = buf;
		while (*save && rc == XXGK_OK) {
			char *next;
			char *tok = rules_split(save, &next);
			save = next;
			if (strcmp(tok, "+") == 0 && !expect_term) {
				expect_term = true;
				continue;
			}
			if (!expect_term || strcmp(tok, "+") == 0) {
				rc = rules_fail(p, "claim %s: terms are joined by +", src->key);
				break;
			}
			size_t tl = strlen(tok);
			if (strncmp(tok, "sum(", 4) == 0 && tl > 5 && tok[tl - 1] == ')') {
				tok[tl - 1] = '\0';
				rc = rules_expand_sum(&x, tok + 4);
			} else {
				rc = rules_add_term(&x, tok);
			}
			expect_term = false;
		}
		if (rc == XXGK_OK && (expect_term || tmp.term_count > XXGK_LIN_TERMS))
			rc = rules_fail(p, "claim %s: 1 to %d terms", src->key, XXGK_LIN_TERMS);
		for (size_t i = 0; rc == XXGK_OK && i < tmp.term_count; i++)
			out->cell[k][i] = tmp.terms[i].cell;
		out->term_count[k] = (int)tmp.term_count;
		out->reading_count = k + 1;
	}
	free(tmp.terms);
	return rc;
}

const rules_claim *xxgk__rules_claim(const xxgk_rules *rs, int template_kind, const char *key)
{
	int t = rules_tindex(template_kind);
	for (int i = 0; i < rs->claim_count[t]; i++)
		if (strcmp(rs->claim[t][i].key, key) == 0)
			return &rs->claim[t][i];
	return NULL;
}

/* ------------------------------------------------------------ implied */

/*
 * Marks the instances of `t` that are linear combinations of earlier ones
 * and records the combination's instances as their support.
 */
static int rules_find_implied(rules_table *t)
{
	const int width = 2 * RULES_CELLS;
	size_t n = t->count;
	if (!n)
		return XXGK_OK;
	double *basis = calloc(n * (size_t)width, sizeof *basis);
	double *comb = calloc(n * n, sizeof *comb);
	int *pivot = calloc(n, sizeof *pivot);
	double *v = calloc((size_t)width, sizeof *v), *c = calloc(n, sizeof *c);
	int rc = XXGK_OK;
	size_t rank = 0;
	if (!basis || !comb || !pivot || !v || !c) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		rules_inst *in = &t->inst[i];
		memset(v, 0, (size_t)width * sizeof *v);
		memset(c, 0, n * sizeof *c);
		for (int k = 0; k < in->term_count; k++)
			v[t->terms[in->term_off + (size_t)k].cell] += t->terms[in->term_off + (size_t)k].coef;
		c[i] = 1;
		for (size_t b = 0; b < rank; b++) {
			double f = v[pivot[b]];
			if (fabs(f) < 1e-12)
				continue;
			const double *bv = &basis[b * (size_t)width];
			f /= bv[pivot[b]];
			for (int k = 0; k < width; k++)
				v[k] -= f * bv[k];
			for (size_t k = 0; k < n; k++)
				c[k] -= f * comb[b * n + k];
		}
		int p = -1;
		for (int k = 0; k < width && p < 0; k++)
			if (fabs(v[k]) > 1e-9)
				p = k;
		if (p >= 0) {
			memcpy(&basis[rank * (size_t)width], v, (size_t)width * sizeof *v);
			memcpy(&comb[rank * n], c, n * sizeof *c);
			pivot[rank++] = p;
			continue;
		}
		in->implied = true;
		in->support_off = (uint32_t)t->support_count;
		for (size_t k = 0; k < i; k++) {
			if (fabs(c[k]) < 1e-9)
				continue;
			if (rules_grow((void **)&t->support, &t->support_cap, t->support_count + 1, sizeof *t->support)) {
				rc = XXGK_ENOMEM;
				break;
			}
			t->support[t->support_count++] = (uint16_t)k;
			in->support_count++;
		}
	}
done:
	free(basis);
	free(comb);
	free(pivot);
	free(v);
	free(c);
	return rc;
}

/* Is this instance named by the rule's `implied` line ("col=total …")? */
static bool rules_declared_implied(const xxgk_rule *rule, const rules_inst *in)
{
	const char *s = rule->implied;
	while (*s) {
		while (*s == ' ')
			s++;
		const char *e = s;
		while (*e && *e != ' ')
			e++;
		if (in->var_count == 1) {
			char want[96];
			snprintf(want, sizeof want, "%s=%s", in->var_name[0], in->var_key[0]);
			if ((size_t)(e - s) == strlen(want) && strncmp(s, want, (size_t)(e - s)) == 0)
				return true;
		}
		s = e;
	}
	return false;
}

/* ------------------------------------------------------------ the set */

static int rules_parse_forvars(rules_parse_ctx *p)
{
	xxgk_rules *rs = p->rs;
	rs->fv = calloc(rs->count ? rs->count : 1, sizeof *rs->fv);
	if (!rs->fv)
		return XXGK_ENOMEM;
	for (size_t i = 0; i < rs->count; i++) {
		const xxgk_rule *rule = &rs->rules[i];
		rules_forvar *fv = &rs->fv[i];
		p->line = rs->rule_line[i];
		const char *s = rule->for_vars;
		while (*s) {
			while (*s == ' ')
				s++;
			if (!*s)
				break;
			if (fv->count == 2)
				return rules_fail(p, "rule %s: at most two `for` variables", rule->id);
			size_t a = strcspn(s, " ");
			const char *t = s + a;
			while (*t == ' ')
				t++;
			size_t b = strcspn(t, " ");
			if (!a || !b || a >= sizeof fv->name[0] || b >= sizeof fv->set[0])
				return rules_fail(p, "rule %s: for VAR SET [VAR SET]", rule->id);
			memcpy(fv->name[fv->count], s, a);
			memcpy(fv->set[fv->count], t, b);
			fv->count++;
			s = t + b;
		}
	}
	return XXGK_OK;
}

static int rules_finish(rules_parse_ctx *p)
{
	xxgk_rules *rs = p->rs;
	int rc = rules_parse_forvars(p);
	if (rc)
		return rc;
	if (!rs->w_printed || !rs->w_total || !rs->w_inferred) {
		p->line = 0;
		return rules_fail(p, "weights: printed, total and inferred are needed");
	}
	rules_build_space(rs);
	for (size_t i = 0; i < rs->count; i++) {
		const xxgk_rule *rule = &rs->rules[i];
		p->line = rs->rule_line[i];
		if (rule->severity < 0 || rule->kind < 0 || rule->scope < 0 || !rule->templates)
			return rules_fail(p, "rule %s: severity, templates, scope and kind are needed", rule->id);
		if (!*rule->what || !*rule->why || !*rule->source)
			return rules_fail(p, "rule %s: what, why and source are needed", rule->id);
		if (rule->kind == XXGK_RULE_BUILTIN)
			continue;
		if (!*rule->relation || !*rule->message || !*rule->where)
			return rules_fail(p, "rule %s: a relation needs relation, where and message", rule->id);
		if (rule->scope == XXGK_SCOPE_CORPUS)
			return rules_fail(p, "rule %s: a relation is about one report or two years", rule->id);
		for (int t = 1; t < RULES_TEMPLATES; t++) {
			int tk = t == 2 ? XXGK_TEMPLATE_2019 : XXGK_TEMPLATE_2021;
			if (!(rule->templates & (1u << tk)))
				continue;
			if ((rc = rules_expand_rule(p, i, tk, &rs->tab[t][rule->scope])) != XXGK_OK)
				return rc;
		}
	}
	for (int t = 0; t < RULES_TEMPLATES; t++) {
		int tk = t == 2 ? XXGK_TEMPLATE_2019 : XXGK_TEMPLATE_2021;
		for (int i = 0; i < rs->claim_src_count; i++) {
			const rules_claim_src *src = &rs->claim_src[i];
			if (src->templates && !(src->templates & (1u << tk)))
				continue;
			rc = rules_expand_claim(p, src, tk, &rs->claim[t][rs->claim_count[t]++]);
			if (rc)
				return rc;
		}
	}
	for (int t = 1; t < RULES_TEMPLATES; t++)
		for (int s = 0; s < 2; s++) {
			rules_table *tab = &rs->tab[t][s];
			if ((rc = rules_find_implied(tab)) != XXGK_OK)
				return rc;
			for (size_t k = 0; k < tab->count; k++) {
				const rules_inst *in = &tab->inst[k];
				const xxgk_rule *rule = &rs->rules[in->rule];
				bool declared = rules_declared_implied(rule, in);
				p->line = rs->rule_line[in->rule];
				if (in->implied && !declared)
					return rules_fail(p, "rule %s%s%s%s%s (%s template) is implied by the rules before it: "
						"remove it or declare it `implied`", rule->id, in->var_count ? " for " : "",
						in->var_count ? in->var_name[0] : "", in->var_count ? "=" : "",
						in->var_count ? in->var_key[0] : "", t == 2 ? "2019" : "2021");
				if (!in->implied && declared)
					return rules_fail(p, "rule %s for %s=%s is declared implied but no rule before it implies it",
							  rule->id, in->var_name[0], in->var_key[0]);
			}
		}
	return XXGK_OK;
}

void xxgk_rules_free(xxgk_rules *rs)
{
	if (!rs)
		return;
	for (int t = 0; t < RULES_TEMPLATES; t++)
		for (int s = 0; s < 2; s++) {
			free(rs->tab[t][s].inst);
			free(rs->tab[t][s].terms);
			free(rs->tab[t][s].support);
		}
	free(rs->rules);
	free(rs->rule_line);
	free(rs->fv);
	free(rs->sets);
	free(rs->text);
	free(rs);
}

int xxgk_rules_parse(xxgk_rules **out, const char *text, size_t len, const char *name, xxgk_error *err)
{
	*out = NULL;
	xxgk_rules *rs = calloc(1, sizeof *rs);
	if (!rs)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	rs->text = malloc(len + 1);
	if (!rs->text) {
		free(rs);
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	memcpy(rs->text, text, len);
	rs->text[len] = '\0';
	if (strlen(rs->text) != len) {
		xxgk_rules_free(rs);
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s: a NUL byte in a rule file", name);
	}
	rules_parse_ctx p = { rs, name, err, 0 };
	int rc = rules_parse_lines(&p, rs->text);
	if (rc == XXGK_OK)
		rc = rules_finish(&p);
	if (rc == XXGK_ENOMEM)
		xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	if (rc != XXGK_OK) {
		xxgk_rules_free(rs);
		return rc;
	}
	*out = rs;
	return XXGK_OK;
}

static pthread_once_t rules_once = PTHREAD_ONCE_INIT;
static xxgk_rules *rules_builtin;
static int rules_builtin_rc = XXGK_OK;

static void rules_load_builtin(void)
{
	xxgk_error err;
	rules_builtin_rc = xxgk_rules_parse(&rules_builtin, (const char *)xxgk__rules_data, xxgk__rules_data_len,
					    "data/rules.conf", &err);
	if (rules_builtin_rc != XXGK_OK)
		fprintf(stderr, "xxgk: the built-in rules do not load: %s\n", err.message);
}

int xxgk_rules_default(const xxgk_rules **out)
{
	pthread_once(&rules_once, rules_load_builtin);
	*out = rules_builtin;
	return rules_builtin_rc;
}

int xxgk_rules_load_default(xxgk_rules **out, xxgk_error *err)
{
	return xxgk_rules_parse(out, (const char *)xxgk__rules_data, xxgk__rules_data_len, "data/rules.conf", err);
}

int xxgk_rules_configure(xxgk_rules *rs, const char *text, size_t len, const char *name, xxgk_error *err)
{
	char *copy = malloc(len + 1);
	if (!copy)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	memcpy(copy, text, len);
	copy[len] = '\0';
	int *sev = malloc((rs->count ? rs->count : 1) * sizeof *sev);
	if (!sev) {
		free(copy);
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < rs->count; i++)
		sev[i] = rs->rules[i].severity;
	int rc = XXGK_OK, line = 0;
	bool in_severity = false;
	for (char *cur = copy; cur && rc == XXGK_OK;) {
		char *nl = strchr(cur, '\n');
		if (nl)
			*nl = '\0';
		line++;
		char *hash = strchr(cur, '#');
		if (hash)
			*hash = '\0';
		char *s = rules_trim(cur);
		cur = nl ? nl + 1 : NULL;
		if (!*s)
			continue;
		if (*s == '[') {
			in_severity = strcmp(s, "[severity]") == 0;
			if (!in_severity)
				rc = xxgk_error_set(err, XXGK_EPARSE, (unsigned)line, 0,
						    "%s:%d: unknown section %s (the sections: [severity])", name, line, s);
			continue;
		}
		char *eq = strchr(s, '=');
		if (!in_severity || !eq) {
			rc = xxgk_error_set(err, XXGK_EPARSE, (unsigned)line, 0,
					    "%s:%d: expected \"RULE = error|warning|info|off\" under [severity]", name, line);
			continue;
		}
		*eq = '\0';
		char *id = rules_trim(s), *val = rules_trim(eq + 1);
		int idx = xxgk__rules_index(rs, id);
		int v = rules_severity_from(val);
		if (idx < 0)
			rc = xxgk_error_set(err, XXGK_EPARSE, (unsigned)line, 0, "%s:%d: no rule %s (see docs/checks.md)",
					    name, line, id);
		else if (v < 0)
			rc = xxgk_error_set(err, XXGK_EPARSE, (unsigned)line, 0,
					    "%s:%d: severity \"%s\" (error, warning, info or off)", name, line, val);
		else
			sev[idx] = v;
	}
	if (rc == XXGK_OK)
		for (size_t i = 0; i < rs->count; i++)
			rs->rules[i].severity = sev[i];
	free(sev);
	free(copy);
	return rc;
}

size_t xxgk_rules_count(const xxgk_rules *rs) { return rs->count; }
const xxgk_rule *xxgk_rules_at(const xxgk_rules *rs, size_t i) { return i < rs->count ? &rs->rules[i] : NULL; }
int xxgk_rules_version(const xxgk_rules *rs) { return rs->version; }

int xxgk__rules_index(const xxgk_rules *rs, const char *id)
{
	for (size_t i = 0; i < rs->count; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return (int)i;
	return -1;
}

const xxgk_rule *xxgk_rules_find(const xxgk_rules *rs, const char *id)
{
	int i = xxgk__rules_index(rs, id);
	return i < 0 ? NULL : &rs->rules[i];
}

const rules_table *xxgk__rules_table(const xxgk_rules *rs, int template_kind, int scope)
{
	return &rs->tab[rules_tindex(template_kind)][scope == XXGK_SCOPE_YEARS ? 1 : 0];
}

/* ------------------------------------------------------------ messages */

static void rules_num(char *out, size_t cap, double v)
{
	snprintf(out, cap, "%.15g", v == 0 ? 0.0 : v);
}

void xxgk__rules_format(char *out, size_t cap, const char *tmpl, const rules_inst *in, const double *term_val,
			double lhs, double rhs, int year, int prev_year)
{
	size_t n = 0;
	if (!cap)
		return;
	out[0] = '\0';
	for (const char *s = tmpl; *s && n + 1 < cap;) {
		const char *close = *s == '{' ? strchr(s, '}') : NULL;
		if (!close) {
			out[n++] = *s++;
			continue;
		}
		char key[64], val[128];
		size_t kl = (size_t)(close - s - 1);
		if (kl >= sizeof key)
			kl = sizeof key - 1;
		memcpy(key, s + 1, kl);
		key[kl] = '\0';
		val[0] = '\0';
		bool known = true;
		if (strcmp(key, "lhs") == 0)
			rules_num(val, sizeof val, lhs);
		else if (strcmp(key, "rhs") == 0)
			rules_num(val, sizeof val, rhs);
		else if (strcmp(key, "delta") == 0)
			rules_num(val, sizeof val, rhs - lhs);
		else if (strcmp(key, "year") == 0)
			snprintf(val, sizeof val, "%d", year);
		else if (strcmp(key, "prev.year") == 0)
			snprintf(val, sizeof val, "%d", prev_year);
		else if ((strncmp(key, "lhs", 3) == 0 || strncmp(key, "rhs", 3) == 0) && isdigit((unsigned char)key[3])) {
			int k = atoi(key + 3) - 1;
			int idx = key[0] == 'l' ? k : in->left_count + k;
			bool ok = k >= 0 && (key[0] == 'l' ? k < in->left_count : idx < in->term_count);
			if (ok && term_val)
				rules_num(val, sizeof val, term_val[idx]);
			else
				known = false;
		} else {
			known = false;
			for (int v = 0; v < in->var_count; v++) {
				size_t vl = strlen(in->var_name[v]);
				if (strcmp(key, in->var_name[v]) == 0) {
					snprintf(val, sizeof val, "%s", in->var_key[v]);
					known = true;
				} else if (strncmp(key, in->var_name[v], vl) == 0 && strcmp(key + vl, ".label") == 0) {
					snprintf(val, sizeof val, "%s", in->var_label[v]);
					known = true;
				}
			}
		}
		if (!known) {
			out[n++] = *s++;   /* not a placeholder: keep the brace */
			continue;
		}
		size_t vl = strlen(val);
		if (n + vl >= cap)
			vl = cap - n - 1;
		memcpy(out + n, val, vl);
		n += vl;
		s = close + 1;
	}
	out[n] = '\0';
}

void xxgk__rules_where(char *out, size_t cap, const xxgk_rule *rule, const rules_inst *in)
{
	rules_binding b;
	memset(&b, 0, sizeof b);
	rules_set sets[2];
	b.count = in->var_count;
	for (int v = 0; v < in->var_count; v++) {
		memset(&sets[v], 0, sizeof sets[v]);
		sets[v].count = 1;
		sets[v].key[0] = in->var_key[v];
		b.name[v] = in->var_name[v];
		b.set[v] = &sets[v];
	}
	if (!rules_subst(out, cap, rule->where, &b))
		snprintf(out, cap, "%s", rule->where);
}

/* ------------------------------------------------------------ for the parser */

int xxgk_rules_table_lins(const xxgk_rules *rs, int template_kind, int table, xxgk_lin *out, int cap)
{
	const rules_table *t = xxgk__rules_table(rs, template_kind, XXGK_SCOPE_REPORT);
	int lo = table == XXGK_TABLE_3 ? RULES_T3 : RULES_T4;
	int hi = table == XXGK_TABLE_3 ? RULES_T4 : RULES_CELLS;
	int n = 0;
	for (size_t i = 0; i < t->count; i++) {
		const rules_inst *in = &t->inst[i];
		bool inside = true;
		for (int k = 0; k < in->term_count && inside; k++) {
			int c = t->terms[in->term_off + (size_t)k].cell;
			inside = c >= lo && c < hi;
		}
		if (!inside)
			continue;
		if (n < cap) {
			xxgk_lin *e = &out[n];
			memset(e, 0, sizeof *e);
			e->rule = rs->rules[in->rule].id;
			e->term_count = in->term_count;
			for (int k = 0; k < in->term_count; k++) {
				e->cell[k] = (int16_t)(t->terms[in->term_off + (size_t)k].cell - lo);
				e->coef[k] = t->terms[in->term_off + (size_t)k].coef;
			}
		}
		n++;
	}
	return n;
}
