/*
 * infer_int.h — the damaged-row solver (infer.c), inside the parse stage.
 */
#ifndef XXGK_INFER_INT_H
#define XXGK_INFER_INT_H

#include <stdbool.h>
#include <stdint.h>

/* Cells in one table grid: table 3 has 25 × 7. */
#define XXGK_GRID_CAP 176
/* Widest row: table 4 read as one row of 15. */
#define XXGK_ROW_CAP 16
/* Candidate rows kept for a warning. */
#define XXGK_INFER_CANDIDATES 4
/* Terms on one side of a rule: table 3's results sum has 21. */
#define XXGK_EQ_TERMS 24
/* Rules in one table: table 3 has 25 row sums and 2 rules per column. */
#define XXGK_EQ_CAP 64

enum { XXGK_SV_KNOWN = 0, XXGK_SV_OPEN, XXGK_SV_VAR };
enum { XXGK_INFER_RESOLVED = 0, XXGK_INFER_AMBIGUOUS, XXGK_INFER_UNDETERMINED, XXGK_INFER_NONE };

/* Rule kinds a table may break (table 3 has five). */
#define XXGK_DISTRUST_CAP 16

typedef struct {
	const char *rule;            /* the finding id of the rule, e.g. "t3.balance" */
	uint8_t nl, nr;              /* terms used on each side */
	int16_t lhs[XXGK_EQ_TERMS];  /* cell indices */
	int16_t rhs[XXGK_EQ_TERMS];
} xxgk_eq;

typedef struct {
	int cell_count;
	double val[XXGK_GRID_CAP];
	uint8_t state[XXGK_GRID_CAP];  /* XXGK_SV_KNOWN, or XXGK_SV_OPEN: no value, never solved */
	const xxgk_eq *eqs;
	int eq_count;
	/* rules (by finding id) the report breaks among the cells it prints
	 * (xxgk_infer_distrust): they still judge a placement, but settle no
	 * cell — a row sum the report breaks in one row is no proof of the
	 * cell another row lost */
	const char *distrust[XXGK_DISTRUST_CAP];
	int distrust_n;
} xxgk_grid;

typedef struct {
	int base, width;                      /* the row's cells in the grid */
	int printed_count;                    /* values printed, in order */
	double printed_val[XXGK_ROW_CAP];
	uint8_t printed_known[XXGK_ROW_CAP];  /* 0 for a printed "/" or blank */
} xxgk_damaged;

/* A candidate for a row: known values, and cells still to solve (VAR). */
typedef struct {
	double val[XXGK_ROW_CAP];
	uint8_t state[XXGK_ROW_CAP];          /* XXGK_SV_KNOWN, _OPEN (printed, no number) or _VAR */
} xxgk_row_cand;

/* Most candidates weighed for one row; beyond it the row is left unknown. */
#define XXGK_INFER_MAX_CANDS 8192

typedef struct {
	int status;                           /* XXGK_INFER_* */
	int chosen;                           /* index of the first valid candidate, or -1 */
	int placement[XXGK_ROW_CAP];          /* column of printed value i (first valid placement) */
	double val[XXGK_ROW_CAP];             /* that placement's row */
	uint8_t known[XXGK_ROW_CAP];
	const char *rule[XXGK_ROW_CAP];       /* the rule that gave each lost cell */
	uint8_t agree[XXGK_ROW_CAP];          /* same in every valid placement */
	int cand_count;                       /* distinct valid rows; exact up to XXGK_INFER_CANDIDATES,
	                                         beyond that only known to be more */
	double cand[XXGK_INFER_CANDIDATES][XXGK_ROW_CAP];
	uint8_t cand_known[XXGK_INFER_CANDIDATES][XXGK_ROW_CAP];
} xxgk_infer_result;

/*
 * What xxgk_infer_solve() settles: the grid's VAR cells whose value the rules
 * leave no choice about.
 */
typedef struct {
	uint8_t solved[XXGK_GRID_CAP];     /* 1: one value remains for this VAR cell */
	double val[XXGK_GRID_CAP];
	const char *rule[XXGK_GRID_CAP];   /* a rule that gives the value from the others */
	uint8_t conflict[XXGK_GRID_CAP];   /* the rules give it no consistent count */
	int solved_count;
} xxgk_solution;

/*
 * Solves the grid's rules (each a linear equality over cells) for its
 * unknowns: VAR cells are reported, OPEN cells (a printed "/", an unreadable
 * cell, a row not printed) are unknowns that take part but are never
 * reported. The checker's deductive engine does it (xxgk_deduce: zeros,
 * pivoting, implied bounds on non-negative integers), one group of rules
 * linked by their unknown cells at a time. A VAR cell is solved only when one
 * count remains for it and every rule of its group then holds; when no counts
 * satisfy its group's rules it is a conflict and stays unsolved. Rules the
 * known cells alone break are the checker's business and settle nothing.
 */
void xxgk_infer_solve(xxgk_solution *out, const xxgk_grid *grid);

/* Marks as distrusted every rule whose instance over known cells alone does
 * not hold (a report that prints a row whose cells do not add up to its
 * total breaks its row sums): call it once the printed cells are in. */
void xxgk_infer_distrust(xxgk_grid *grid);

/* Is `rule` (a finding id) one xxgk_infer_distrust found the report breaking? */
bool xxgk_infer_distrusted(const xxgk_grid *grid, const char *rule);

/* Weighs candidate rows for cells [base, base+width) of the grid. */
void xxgk_infer_cands(xxgk_infer_result *out, const xxgk_grid *grid, int base, int width,
		      const xxgk_row_cand *cands, int cand_n);
/* The placements of a damaged row's printed values as candidates; `where[i]`
 * holds the columns of candidate i's printed values. Returns how many, or −1
 * past `cap`. */
int xxgk_infer_placements(xxgk_row_cand *cands, int (*where)[XXGK_ROW_CAP], int cap,
			  const xxgk_damaged *d);
/* A damaged row: every placement of its printed values, weighed. */
void xxgk_infer_row(xxgk_infer_result *out, const xxgk_grid *grid, const xxgk_damaged *d);

#endif
