/*
 * rules_int.h — inside the rules module: the expanded instances of each
 * relation over a report's cell space, the feasibility search behind error
 * localisation, and the helpers the checker shares.
 */
#ifndef XXGK_RULES_INT_H
#define XXGK_RULES_INT_H

#include "xxgk/rules.h"
#include "xxgk/check.h"

/*
 * A report's cells as one index space: table 2 (at most 24, in
 * xxgk_active_fields() order), table 3 (25 × 7), table 4 (3 × 5). A
 * years-scope relation also reads year t−1: its cells are offset by
 * RULES_CELLS.
 */
#define RULES_T2 0
#define RULES_T3 XXGK_ACTIVE_CAP
#define RULES_T4 (RULES_T3 + XXGK_T3_ROWS * XXGK_T3_COLS)
#define RULES_CELLS (RULES_T4 + XXGK_T4_GROUPS * XXGK_T4_COLS)
/* Templates indexed 0 (unknown, read as 2021), 1 (2021), 2 (2019). */
#define RULES_TEMPLATES 3

typedef struct {
	int16_t cell;   /* index in the cell space (+ RULES_CELLS for year t−1) */
	int8_t coef;    /* +1 left side, −1 right side */
} rules_term;

/* One relation for one binding of its `for` variables. */
typedef struct {
	uint16_t rule;          /* index in the rule set */
	uint32_t term_off;      /* its terms in the table's `terms` */
	uint16_t term_count;
	uint16_t left_count;    /* the first `left_count` terms are the left side */
	int16_t where_cell;     /* the cell its `where` names, or −1 (a pattern) */
	uint8_t var_count;
	const char *var_name[2], *var_key[2], *var_label[2];
	bool implied;           /* a combination of earlier instances */
	uint32_t support_off;   /* those instances, in `support` */
	uint16_t support_count;
} rules_inst;

typedef struct {
	rules_inst *inst;
	size_t count, cap;
	rules_term *terms;
	size_t term_count, term_cap;
	uint16_t *support;
	size_t support_count, support_cap;
} rules_table;

/* Internal view of the set; xxgk_rules is opaque outside src/rules/. */
const rules_table *xxgk__rules_table(const xxgk_rules *rs, int template_kind, int scope);
/* The dotted path of a cell of the space ("applications.granted.total"), or NULL. */
const char *xxgk__rules_cell_path(const xxgk_rules *rs, int template_kind, int cell);
/* The cell of a path in a template's space, or −1. */
int xxgk__rules_cell_index(const xxgk_rules *rs, int template_kind, const char *path);
/* A cell's name for a message: 表三“（七）总计”行“自然人”列. */
void xxgk__rules_cell_name(const xxgk_rules *rs, int template_kind, int cell, char *out, size_t cap);
/* Is the cell a printed total (the `totals` patterns)? */
bool xxgk__rules_is_total(const xxgk_rules *rs, int template_kind, int cell);
void xxgk__rules_weights(const xxgk_rules *rs, double *printed, double *total, double *inferred);
/*
 * A figure the narrative states (a `claim` block of the data file): the
 * cells it counts in one template's space, in one or two readings (收到申请
 * may count the carried-over applications too). Strings belong to the set.
 */
#define RULES_CLAIMS 32
#define RULES_CLAIM_READINGS 2
typedef struct {
	const char *key;                 /* the parser's claim key: "review" */
	const char *label, *table;       /* 行政复议; 表四行政复议总计 */
	int reading_count;
	int term_count[RULES_CLAIM_READINGS];
	int16_t cell[RULES_CLAIM_READINGS][XXGK_LIN_TERMS];
} rules_claim;
/* The claim of this key in a template, or NULL (unknown key, or not in it). */
const rules_claim *xxgk__rules_claim(const xxgk_rules *rs, int template_kind, const char *key);
/* The index of a rule in the set, or −1. */
int xxgk__rules_index(const xxgk_rules *rs, const char *id);

/*
 * Writes a rule's message for an instance into out: {lhs} {rhs} {delta}
 * {lhsN} {rhsN} {VAR} {VAR.label} {year} {prev.year}. `side_val` holds the
 * term values in order (left then right), unsigned as printed.
 */
void xxgk__rules_format(char *out, size_t cap, const char *tmpl, const rules_inst *in, const double *term_val,
			double lhs, double rhs, int year, int prev_year);
/* The instance's `where` ($VAR replaced). */
void xxgk__rules_where(char *out, size_t cap, const xxgk_rule *rule, const rules_inst *in);

/* A report cell by space index (NULL past the template's table 2). */
const xxgk_cell *xxgk__rules_cell(const xxgk_report *r, int cell);

/*
 * Feasibility of a system of equations with bounds: is there an assignment
 * of non-negative integers to the unknown cells (state != KNOWN) satisfying
 * every equation? Deduction first, then branching on an unsettled unknown,
 * at most `node_cap` nodes. 1 yes, 0 no, −1 not decided within the cap.
 */
int xxgk__deduce_feasible(const xxgk_deduce_cells *c, const xxgk_lin *eqs, int eq_count, int node_cap);

/*
 * Deduction with bounds out: like xxgk_deduce(), also reporting each cell's
 * implied range [lo, hi] (hi may be +inf) after all tiers.
 */
int xxgk__deduce_bounds(xxgk_deduce_cells *c, const xxgk_lin *eqs, int eq_count, unsigned tiers, double *lo,
			double *hi);

/* Error localisation over one report's failed relations (locate.c). */
#define RULES_LOCATE_MAX_SET 5
#define RULES_LOCATE_LISTED 8
#define RULES_LOCATE_ALTERNATIVES 6
#define RULES_LOCATE_SOLUTIONS (RULES_LOCATE_LISTED + RULES_LOCATE_ALTERNATIVES)
/*
 * Figures the narrative states that agree with the table as printed take part
 * in localisation as cells of their own, after the report's (RULES_CELLS + k
 * for the k-th), tied to the table by their claim's relation: blaming the
 * table figure then means blaming the narrative too.
 */
#define RULES_LOCATE_CLAIMS 16
#define RULES_LOCATE_CELLS (RULES_CELLS + RULES_LOCATE_CLAIMS)
typedef struct {
	int status;                   /* 0 none needed, 1 found, −1 not found within the limits */
	int claim_count;              /* narrative figures taken as cells RULES_CELLS + k */
	uint16_t claim_index[RULES_LOCATE_CLAIMS];   /* each one's index in the report's claims */
	int solution_count;           /* least-weight sets (ties), ≥ listed */
	int listed;                   /* entries [0, listed) are least-weight sets */
	int alternatives;             /* entries [listed, listed + alternatives): sets of as few cells,
					 heavier (less likely), e.g. a table-4 result instead of its total */
	double weight;
	int size[RULES_LOCATE_SOLUTIONS];
	int16_t cell[RULES_LOCATE_SOLUTIONS][RULES_LOCATE_MAX_SET];
	bool settled[RULES_LOCATE_SOLUTIONS][RULES_LOCATE_MAX_SET];
	double value[RULES_LOCATE_SOLUTIONS][RULES_LOCATE_MAX_SET];    /* settled: the value */
	double lo[RULES_LOCATE_SOLUTIONS][RULES_LOCATE_MAX_SET], hi[RULES_LOCATE_SOLUTIONS][RULES_LOCATE_MAX_SET];
} rules_location;

int xxgk__rules_locate(rules_location *out, const xxgk_rules *rs, const xxgk_report *r);

#endif
