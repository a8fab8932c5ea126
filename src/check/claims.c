/*
 * claims.c — text.table_mismatch: the figures the narrative states (the
 * parser's claims) against the tables.
 *
 * What each claim key counts in the tables is data (data/rules.conf's
 * `claim` blocks, read by error localisation too): a row total ("办结92件"
 * → （七）总计), a family of rows ("无法提供265件" → the （四） rows), table 4
 * totals. Where a total cell is blank, the printed numbers of the cells
 * the data file's rules add up to it are added, and the message says so. "收到申请N件" may count new applications or
 * new and carried-over ones; either agreeing is agreement. Where the table's
 * cell could not be read (digits run together), the claim is compared with
 * every reading of the printed digits: a figure none of them gives is a
 * mismatch whatever the true cut is.
 */
#include <math.h>
#include <string.h>

#include "check_int.h"
#include "../rules/rules_int.h"

/* A table figure: its value, and whether blanks were skipped to get it. */
typedef struct {
	bool known;
	double value;
	bool partial;        /* some cells were blank: the printed numbers were added */
	const xxgk_cell *unreadable;   /* the one unreadable cell, when that is why it is unknown */
	int width, position;           /* of that cell's printed row, for its readings */
} figure;

static void fig_add_cell(figure *f, const xxgk_cell *c)
{
	if (c->has_value) {
		f->value += c->value;
	} else if (c->kind == XXGK_KIND_BLANK || c->kind == XXGK_KIND_NA || c->kind == XXGK_KIND_ABSENT) {
		f->partial = f->partial || c->kind != XXGK_KIND_ABSENT;
	} else {
		f->known = false;
	}
}

/*
 * The first relation of the data file that states `cell` as the sum of other
 * cells (it alone on one side, nothing on its own side): a row's 总计 is its
 * six applicant columns (t3.row_sum), a table-4 总计 its four results
 * (t4.sum). NULL when no relation does.
 */
static const rules_inst *fig_sum_of(const rules_table *t, int cell)
{
	for (size_t i = 0; t && i < t->count; i++) {
		const rules_inst *in = &t->inst[i];
		if (in->implied)
			continue;
		const rules_term *tm = &t->terms[in->term_off];
		int at = -1;
		for (int k = 0; k < in->term_count && at < 0; k++)
			if (tm[k].cell == cell)
				at = k;
		if (at < 0)
			continue;
		bool sum = true;
		for (int k = 0; k < in->term_count && sum; k++)
			sum = k == at || (tm[k].coef != tm[at].coef && tm[k].cell < RULES_CELLS);
		if (sum)
			return in;
	}
	return NULL;
}

/* A printed total: the cell, or where it is blank the printed numbers of the
 * cells the rules add up to it (the message says blanks were not counted). */
static void fig_total(figure *f, const xxgk_report *r, const rules_table *t, int cell)
{
	const xxgk_cell *c = xxgk__rules_cell(r, cell);
	if (c->has_value) {
		f->value += c->value;
		return;
	}
	const rules_inst *in = c->kind == XXGK_KIND_UNREADABLE || c->kind == XXGK_KIND_INFERRED ? NULL
												: fig_sum_of(t, cell);
	if (!in) {
		f->known = false;
		return;
	}
	const rules_term *tm = &t->terms[in->term_off];
	for (int k = 0; k < in->term_count; k++)
		if (tm[k].cell != cell)
			fig_add_cell(f, xxgk__rules_cell(r, tm[k].cell));
	f->partial = true;
}

static void fig_active(figure *f, const xxgk_report *r, int index, int width, int position)
{
	const xxgk_cell *c = &r->active[index];
	if (c->has_value) {
		f->value += c->value;
	} else {
		f->known = false;
		if (c->kind == XXGK_KIND_UNREADABLE) {
			f->unreadable = c;
			f->width = width;
			f->position = position;
		}
	}
}

/* Can the digits `raw`, cut into `width` counts (no leading zeros), put `v` at `position`? */
static bool fig_reading_gives(const char *raw, int width, int position, double v, int depth, int cell)
{
	size_t n = strlen(raw);
	if (cell == width)
		return n == 0;
	if (n == 0 || depth > 32)
		return false;
	for (size_t l = 1; l <= n && l <= 15; l++) {
		if (l > 1 && raw[0] == '0')
			break;
		double x = 0;
		bool digits = true;
		for (size_t i = 0; i < l; i++) {
			if (raw[i] < '0' || raw[i] > '9')
				digits = false;
			x = x * 10 + (raw[i] - '0');
		}
		if (!digits)
			return false;
		if (cell == position && x != v)
			continue;
		if (fig_reading_gives(raw + l, width, position, v, depth + 1, cell + 1))
			return true;
	}
	return false;
}

/* A table-2 cell's printed row: how many cells it has and where this one is. */
static void fig_active_cell(figure *f, const xxgk_report *r, int index)
{
	size_t n = 0;
	const xxgk_active_field *af = xxgk_active_fields(r->template_kind, &n);
	int width = 0, position = 0;
	for (size_t i = 0; i < n && (size_t)index < n; i++)
		if (af[i].row == af[index].row) {
			position += (int)i < index;
			width++;
		}
	fig_active(f, r, index, width, position);
}

/* The table figure one reading of a claim speaks of (data/rules.conf's `claim` blocks). */
static void claim_figure(figure *f, const xxgk_report *r, const xxgk_rules *rs, const rules_claim *cl, int reading)
{
	memset(f, 0, sizeof *f);
	f->known = true;
	const rules_table *t = xxgk__rules_table(rs, r->template_kind, XXGK_SCOPE_REPORT);
	for (int i = 0; i < cl->term_count[reading]; i++) {
		int c = cl->cell[reading][i];
		if (c < RULES_T3)
			fig_active_cell(f, r, c);
		else if (xxgk__rules_is_total(rs, r->template_kind, c))
			fig_total(f, r, t, c);
		else
			fig_add_cell(f, xxgk__rules_cell(r, c));
	}
}

/* The finding's `where`: the path, two joined by +, or a pattern over more. */
static void claim_where(char *out, size_t cap, const xxgk_rules *rs, const xxgk_report *r, const rules_claim *cl)
{
	int n = cl->term_count[0];
	const char *first = xxgk__rules_cell_path(rs, r->template_kind, cl->cell[0][0]);
	if (n <= 2) {
		snprintf(out, cap, "%s%s%s", first, n == 2 ? "+" : "",
			 n == 2 ? xxgk__rules_cell_path(rs, r->template_kind, cl->cell[0][1]) : "");
		return;
	}
	size_t pre = strlen(first), suf = strlen(first);
	for (int i = 1; i < n; i++) {
		const char *p = xxgk__rules_cell_path(rs, r->template_kind, cl->cell[0][i]);
		size_t lp = strlen(p), lf = strlen(first), k = 0;
		while (k < pre && k < lp && p[k] == first[k])
			k++;
		pre = k;
		k = 0;
		while (k < suf && k < lp && k < lf && p[lp - 1 - k] == first[lf - 1 - k])
			k++;
		suf = k;
	}
	/* cut at a word: "applications.denied_" + "*" + ".total" */
	while (pre && first[pre - 1] != '.' && first[pre - 1] != '_')
		pre--;
	size_t lf = strlen(first);
	while (suf && first[lf - suf] != '.')
		suf--;
	snprintf(out, cap, "%.*s*%s", (int)pre, first, first + lf - suf);
}

int check_claims(xxgk_findings *out, const xxgk_report *r, const xxgk_rules *rs)
{
	for (size_t i = 0; i < r->claim_count; i++) {
		const xxgk_claim *claim = &r->claims[i];
		const rules_claim *cl = xxgk__rules_claim(rs, r->template_kind, claim->key);
		if (!cl)
			continue;
		figure f, alt;
		claim_figure(&f, r, rs, cl, 0);
		alt.known = false;
		if (cl->reading_count > 1)
			claim_figure(&alt, r, rs, cl, 1);
		char where[256];
		claim_where(where, sizeof where, rs, r, cl);
		if (f.known) {
			if (fabs(f.value - claim->value) < 1e-6 || (alt.known && fabs(alt.value - claim->value) < 1e-6))
				continue;
			xxgk_finding *x = check_add(out, r, "text.table_mismatch", where, claim->line,
						    "正文称%s %.15g 件，%s为 %.15g%s，相差 %.15g", cl->label,
						    claim->value, cl->table, f.value, f.partial ? "（表中空栏不计）" : "",
						    claim->value - f.value);
			if (!x)
				return XXGK_ENOMEM;
			x->has_lhs = x->has_rhs = x->has_delta = true;
			x->lhs = claim->value;
			x->rhs = f.value;
			x->delta = claim->value - f.value;
			continue;
		}
		if (f.unreadable && f.unreadable->raw &&
		    !fig_reading_gives(f.unreadable->raw, f.width, f.position, claim->value, 0, 0)) {
			xxgk_finding *x = check_add(out, r, "text.table_mismatch", where, claim->line,
						    "正文称%s %.15g 件，%s印为“%s”，无论如何拆分都得不到 %.15g",
						    cl->label, claim->value, cl->table, f.unreadable->raw, claim->value);
			if (!x)
				return XXGK_ENOMEM;
			x->has_lhs = true;
			x->lhs = claim->value;
		}
	}
	return XXGK_OK;
}
