/*
 * stream.c — table 3 from the order of its numbers (read_int.h).
 *
 * pdftotext's default mode prints a table as text flows: a row's label far
 * from its figures (after them, before the row above, on the next page),
 * header words such as 其他 where a row label would be, and where several
 * rows of a column sit in one flow, that column's figures as one block of
 * lines — the table column by column ("1 0 0 0 0 1 1 0 10 3", then the next
 * column). Read by its labels such a table comes out wrong. Read by order it
 * comes out right, because the flows keep the table's order:
 *   - a run of numbers on consecutive lines is a block; blocks are set apart
 *     by an empty line or a label;
 *   - seven blocks of the same height m ≥ 2 in a row, nothing but empty lines
 *     between them, are m rows printed column by column;
 *   - every other number follows in row order, seven to a row.
 * The result is trusted only when it is complete and checked: exactly the
 * rows the template prints (25, or 23 when （六）其他处理 is one row, as the
 * 2019 form and some 2021 reports print it), each of them named by some
 * label of the region, no row named that the count leaves out, and every
 * rule of table 3 holding on the figures — its 25 row sums and, per column,
 * the balance and the results sum. Anything else: not read this way.
 */
#include <string.h>

#include "read_int.h"

/* Compacted label text of table 3's region kept for the row-name check. */
#define STREAM_LABEL_CAP 16384
/* Numbers read this way: table 3 has 175. */
#define STREAM_MAX_VALUES (XXGK_T3_ROWS * XXGK_T3_COLS)

typedef struct {
	size_t first, count;  /* into the value list */
	bool one_line;        /* all on one line (a row of a layout) */
	bool after_label;     /* a label stands between it and the block before */
} stream_block;

/*
 * An empty cell (a blank token) is an unknown: a rule with one unknown left
 * gives its value, which must be a count (whole, not negative) and agree
 * with every other rule that settles it; a rule with two or more unknowns
 * left is not checked (place_blanks settles or leaves them later).
 */
bool xxgk__stream_t3_consistent(const row_read *rows, int template_kind)
{
	xxgk_eq eqs[XXGK_EQ_CAP];
	double v[XXGK_T3_ROWS * XXGK_T3_COLS];
	bool known[XXGK_T3_ROWS * XXGK_T3_COLS];
	int n = xxgk__rows_t3_eqs(eqs, XXGK_EQ_CAP, template_kind);
	if (n <= 0)
		return false;   /* no rule to check against: nothing is consistent */
	for (int r = 0; r < XXGK_T3_ROWS; r++) {
		for (int col = 0; col < XXGK_T3_COLS; col++) {
			int i = r * XXGK_T3_COLS + col;
			known[i] = true;
			v[i] = 0;
			if (!rows[r].found)
				continue;   /* a row the template leaves out */
			if (rows[r].glued || rows[r].count != XXGK_T3_COLS || rows[r].extra)
				return false;
			if (rows[r].tok[col]->kind == XXGK_TOK_BLANK)
				known[i] = false;
			else if (rows[r].tok[col]->kind != XXGK_TOK_NUM)
				return false;
			else
				v[i] = rows[r].tok[col]->value;
		}
	}
	bool done[XXGK_EQ_CAP] = { false };
	for (bool progress = true; progress;) {
		progress = false;
		for (int e = 0; e < n; e++) {
			if (done[e])
				continue;
			double side[2] = { 0, 0 };
			int open = -1, open_side = 0, opens = 0;
			for (int s = 0; s < 2; s++) {
				const int16_t *idx = s ? eqs[e].rhs : eqs[e].lhs;
				for (int k = 0; k < (s ? eqs[e].nr : eqs[e].nl); k++) {
					if (known[idx[k]]) {
						side[s] += v[idx[k]];
					} else if (open != idx[k]) {
						opens++;
						open = idx[k];
						open_side = s;
					}
				}
			}
			if (opens > 1)
				continue;
			done[e] = true;
			if (opens == 0) {
				if (side[0] != side[1])
					return false;
				continue;
			}
			double x = open_side ? side[0] - side[1] : side[1] - side[0];
			if (x < 0 || x != (double)(long long)x)
				return false;
			v[open] = x;
			known[open] = true;
			progress = true;
		}
	}
	return true;
}

/* Rows read without their label before the table gives up on labels. */
#define STREAM_DISTRUST_UNLABELLED 3

/* Do the rule set's relations within row r (its row sum) hold on its printed
 * numbers? False when it has none: a row no rule checks is not kept. */
static bool stream_row_holds(const row_read *row, int r, const xxgk_eq *eqs, int n)
{
	bool any = false;
	for (int e = 0; e < n; e++) {
		double side[2] = { 0, 0 };
		bool inside = true;
		for (int s = 0; s < 2 && inside; s++) {
			const int16_t *idx = s ? eqs[e].rhs : eqs[e].lhs;
			for (int k = 0; k < (s ? eqs[e].nr : eqs[e].nl) && inside; k++) {
				inside = idx[k] / XXGK_T3_COLS == r;
				if (inside)
					side[s] += row->tok[idx[k] % XXGK_T3_COLS]->value;
			}
		}
		if (!inside)
			continue;
		if (side[0] != side[1])
			return false;
		any = true;
	}
	return any;
}

void xxgk__stream_t3_distrust(row_read *rows, int template_kind)
{
	int unlabelled = 0;
	for (int r = 0; r < XXGK_T3_ROWS; r++) {
		unlabelled += rows[r].found && rows[r].label_missing;
		/* a row placed by order with numbers too many: which belong to it
		 * only rules could say, and those rules are what the table breaks */
		if (rows[r].found && rows[r].label_missing && rows[r].extra)
			rows[r].unreadable = true;
	}
	if (unlabelled < STREAM_DISTRUST_UNLABELLED)
		return;
	xxgk_eq eqs[XXGK_EQ_CAP];
	int n = xxgk__rows_t3_eqs(eqs, XXGK_EQ_CAP, template_kind);
	/* since the last row kept: the cells of the template's rows between,
	 * the values read into them, and whether two of them stood close */
	int due = 0, held = 0;
	bool fragments = false;
	const xxgk_token *last = NULL;   /* the last value read before */
	for (int r = 0; r < XXGK_T3_ROWS; r++) {
		row_read *row = &rows[r];
		bool printed = !(template_kind == XXGK_TEMPLATE_2019 &&
				 (r == XXGK_T3_OTHER_OVERDUE_CORRECTION || r == XXGK_T3_OTHER_OVERDUE_FEE));
		if (!row->found) {
			due += printed ? XXGK_T3_COLS : 0;
			continue;
		}
		/* a row whose label followed the labels of rows before it that got
		 * nothing may hold their figures: not trusted either */
		bool whole = !row->label_missing && !row->after_skip && !row->glued && !row->extra &&
			     row->count == XXGK_T3_COLS;
		for (int col = 0; whole && col < XXGK_T3_COLS; col++)
			whole = row->tok[col]->kind == XXGK_TOK_NUM;
		/* its label names it, but labels may run late against the figures
		 * (a label matched past rows that got none, the rows after it filled
		 * by order a row late, then a label matched by a heading's word): its
		 * own row sum cannot tell, as whole rows shifted keep their sums. The
		 * values read since the last row kept must fill the rows between:
		 * short by less than a row where cells were printed empty (they print
		 * nothing in pdftotext's default mode), exactly once two values stood
		 * on one line or on adjacent lines — a figure wrapped in its cell,
		 * counted twice, could make up for a row's worth */
		held += row->strays_before;   /* set aside, but printed between the rows kept */
		bool placed = fragments ? held == due : held <= due && held > due - XXGK_T3_COLS;
		/* where its values were cut from the next row's by count (that row's
		 * label not printed) or a fragment stood next to it, its row sum is
		 * what proves the cut — which seven 0s cannot: a cell printed empty
		 * lets the next row's first 0 in unseen */
		bool zeros = true;
		for (int col = 0; whole && zeros && col < XXGK_T3_COLS; col++)
			zeros = row->tok[col]->value == 0;
		bool cut = (row->placed & XXGK_PLACED_STRAY) ||
			   (r + 1 < XXGK_T3_ROWS && rows[r + 1].found && rows[r + 1].label_missing);
		if (whole && zeros && cut)
			placed = false;
		/* nor, cut so, after rows read short of their cells: their figures
		 * missing may be printed late, the first of its run (一、 read 0,
		 * its other six after 二、's label: 二、 read 0 1 0 0 0 0 1 for
		 * 0 空 0 0 0 0 0, its row sum holding), or its own elsewhere and
		 * its last figures the next row's — a cut its row sum cannot prove */
		if (whole && cut && held < due)
			placed = false;
		if (!whole || !placed || !stream_row_holds(row, r, eqs, n)) {
			row->unreadable = true;
			due += XXGK_T3_COLS;
			held += row->count;
			for (int q = 0; q < row->count && !fragments; q++) {
				fragments = last && row->tok[q]->line <= last->line + 1;
				last = row->tok[q];
			}
		} else {
			due = held = 0;
			fragments = false;
			last = row->tok[XXGK_T3_COLS - 1];
		}
	}
}

bool xxgk__stream_t3(parse_ctx *c, size_t begin, size_t end, row_read *rows)
{
	const xxgk_token *vals[STREAM_MAX_VALUES];
	stream_block blocks[STREAM_MAX_VALUES];
	size_t nv = 0, nb = 0;
	bool label_since = false;
	xxgk_buf names;
	xxgk_buf_init(&names);
	bool ok = true;
	for (size_t i = begin; i < end && ok; i++) {
		const xxgk_token *t = &c->doc.toks[i];
		if (t->kind == XXGK_TOK_LABEL) {
			label_since = true;
			if (names.len < STREAM_LABEL_CAP)
				xxgk_compact_append(&names, t->text, t->len, STREAM_LABEL_CAP);
			continue;
		}
		if (t->kind != XXGK_TOK_NUM || nv >= STREAM_MAX_VALUES) {
			ok = false;   /* a "/", a blank, digits run together, too many: not this way */
			break;
		}
		const xxgk_token *prev = nv ? vals[nv - 1] : NULL;
		bool same_block = prev && !label_since && nb && t->line <= prev->line + 1;
		if (!same_block) {
			blocks[nb].first = nv;
			blocks[nb].count = 0;
			blocks[nb].one_line = true;
			blocks[nb].after_label = label_since;
			nb++;
		} else if (t->line != prev->line) {
			blocks[nb - 1].one_line = false;
		}
		blocks[nb - 1].count++;
		vals[nv++] = t;
		label_since = false;
	}
	if (names.failed)
		c->oom = 1;
	if (!ok || nv == 0 || names.failed) {
		xxgk_buf_free(&names);
		return false;
	}

	/* rows in order: column-major blocks transposed, everything else row by row */
	const xxgk_token *grid[XXGK_T3_ROWS + 1][XXGK_T3_COLS];
	int nrows = 0, col = 0;
	for (size_t b = 0; b < nb && ok;) {
		size_t m = blocks[b].count;
		bool column_major = m >= 2 && !blocks[b].one_line && b + XXGK_T3_COLS <= nb;
		for (size_t k = 1; column_major && k < XXGK_T3_COLS; k++)
			column_major = blocks[b + k].count == m && !blocks[b + k].one_line && !blocks[b + k].after_label;
		if (column_major) {
			if (col != 0 || nrows + (int)m > XXGK_T3_ROWS) {
				ok = false;   /* a block that starts inside a row */
				break;
			}
			for (size_t r = 0; r < m; r++)
				for (int k = 0; k < XXGK_T3_COLS; k++)
					grid[nrows + (int)r][k] = vals[blocks[b + (size_t)k].first + r];
			nrows += (int)m;
			b += XXGK_T3_COLS;
			continue;
		}
		for (size_t k = 0; k < m; k++) {
			if (nrows >= XXGK_T3_ROWS) {
				ok = false;
				break;
			}
			grid[nrows][col++] = vals[blocks[b].first + k];
			if (col == XXGK_T3_COLS) {
				col = 0;
				nrows++;
			}
		}
		b++;
	}
	/* the rows the count stands for, each named somewhere in the region */
	bool merged_other = nrows == XXGK_T3_ROWS - 2;
	if (!ok || col != 0 || (nrows != XXGK_T3_ROWS && !merged_other)) {
		xxgk_buf_free(&names);
		return false;
	}
	const char *text = names.data ? names.data : "";
	row_read got[XXGK_T3_ROWS];
	memset(got, 0, sizeof got);
	int g = 0;
	for (int r = 0; r < XXGK_T3_ROWS && ok; r++) {
		bool left_out = merged_other && (r == XXGK_T3_OTHER_OVERDUE_CORRECTION || r == XXGK_T3_OTHER_OVERDUE_FEE);
		bool named = xxgk__rows_t3_named(text, r);
		if (left_out) {
			ok = !named;   /* a printed row the count has no room for */
			continue;
		}
		if (!named)
			ok = false;
		got[r].found = true;
		got[r].placed = XXGK_PLACED_BY_COUNT;   /* its 0s may be any of the run's (rows.c) */
		got[r].count = XXGK_T3_COLS;
		got[r].label_line = grid[g][0]->line;
		for (int k = 0; k < XXGK_T3_COLS; k++)
			got[r].tok[k] = grid[g][k];
		g++;
	}
	xxgk_buf_free(&names);
	if (!ok || !xxgk__stream_t3_consistent(got, c->r->template_kind))
		return false;
	memcpy(rows, got, sizeof got);
	return true;
}
