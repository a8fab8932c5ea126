/*
 * xxgk/rules.h — the template's rules as data (data/rules.conf), the
 * deductions they allow, and error localisation.
 *
 * One statement of each rule serves every stage: the checker evaluates the
 * relations and names the cells to blame; the parser settles lost and
 * run-together cells with the same equations and the same deductive engine.
 * The built-in rule set is data/rules.conf, embedded at build time; a user's
 * configuration may change severities (xxgk_rules_configure()).
 *
 * Deduction ("fill only when unique", after the R package deductive's
 * impute_lr: van der Loo & de Jonge, Statistical Data Cleaning with
 * Applications in R, 2018, ch. 9) runs in tiers a caller may choose:
 *   XXGK_DEDUCE_ZEROS   an equation whose unknowns all sit on one side with
 *                       nothing left for them: they are all 0;
 *   XXGK_DEDUCE_PIVOT   Gaussian elimination over the unknowns: an unknown the
 *                       equations determine alone (one row of the reduced
 *                       system with only it) gets that value;
 *   XXGK_DEDUCE_BOUNDS  counts are non-negative integers: bounds implied by
 *                       each equation on each unknown, to a fixed point; an
 *                       unknown whose bounds meet is settled.
 * Every value filled is the only one the rules allow.
 */
#ifndef XXGK_RULES_H
#define XXGK_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xxgk/check.h"
#include "xxgk/common.h"
#include "xxgk/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Severities of a rule (XXGK_SEV_* of check.h) and "off". */
enum { XXGK_RULE_ERROR = 0, XXGK_RULE_WARNING, XXGK_RULE_INFO, XXGK_RULE_OFF };
enum { XXGK_RULE_RELATION = 0, XXGK_RULE_BUILTIN };
enum { XXGK_SCOPE_REPORT = 0, XXGK_SCOPE_YEARS, XXGK_SCOPE_CORPUS };

/* One rule of the data file. Strings belong to the rule set. */
typedef struct {
	const char *id;          /* "t3.balance" */
	int severity;            /* XXGK_RULE_*, after the configuration */
	int default_severity;    /* as the data file says */
	int kind;                /* XXGK_RULE_RELATION or _BUILTIN */
	int scope;               /* XXGK_SCOPE_* */
	unsigned templates;      /* bit (1u << XXGK_TEMPLATE_2021) … */
	const char *for_vars;    /* "col t3.columns", or "" */
	const char *relation;    /* "sum(…) = …", or "" */
	const char *where;       /* the finding's where, with $VAR */
	const char *message;     /* Chinese, with {placeholders}; "" for builtins */
	const char *implied;     /* "col=total", or "" */
	const char *what, *why, *source;
	const char *pass, *fail; /* example assignments, or "" */
} xxgk_rule;

typedef struct xxgk_rules xxgk_rules;

/*
 * The built-in rule set (data/rules.conf as built), parsed on first use and
 * kept for the life of the process; never NULL once XXGK_OK is returned.
 * Thread-safe. XXGK_ENOMEM, or XXGK_EPARSE if the embedded file is broken
 * (a build defect: tests/test_rules.c fails first).
 */
int xxgk_rules_default(const xxgk_rules **out);

/*
 * Parses a rule file (the format of data/rules.conf). `name` names it in
 * errors ("rules.conf:12: …"). The caller frees with xxgk_rules_free().
 */
int xxgk_rules_parse(xxgk_rules **out, const char *text, size_t len, const char *name, xxgk_error *err);
/* A private copy of the built-in set, to configure. */
int xxgk_rules_load_default(xxgk_rules **out, xxgk_error *err);
void xxgk_rules_free(xxgk_rules *rs);

/*
 * Applies a user's configuration:
 *     [severity]
 *     t2.valid_continuity = error      # error | warning | info | off
 * Unknown rule ids and severities are errors naming file and line; nothing is
 * changed then. XXGK_OK, XXGK_EPARSE or XXGK_ENOMEM.
 */
int xxgk_rules_configure(xxgk_rules *rs, const char *text, size_t len, const char *name, xxgk_error *err);

size_t xxgk_rules_count(const xxgk_rules *rs);
const xxgk_rule *xxgk_rules_at(const xxgk_rules *rs, size_t i);
/* The rule with this id, or NULL. */
const xxgk_rule *xxgk_rules_find(const xxgk_rules *rs, const char *id);
/* The data file's format version ("xxgk-rules 1"). */
int xxgk_rules_version(const xxgk_rules *rs);
const char *xxgk_rule_severity_name(int severity);   /* "error" … "off" */

/*
 * A rule's example (its `pass` or `fail` line): changes to an all-zero
 * 2021-template report of 2022 (data/rules.conf says which). `*prev` is a
 * report of 2021 when the example changes `prev.` cells, else NULL. Both are
 * the caller's. XXGK_EINVAL names a change that cannot be made.
 */
int xxgk_rules_example(xxgk_report **cur, xxgk_report **prev, const xxgk_rules *rs, const char *assignments,
		       xxgk_error *err);
/* Runs the checker (one report, and the two years when there are two) on an example. */
int xxgk_rules_run_example(xxgk_findings *out, const xxgk_rules *rs, const char *assignments, xxgk_error *err);
/*
 * The rule catalogue of docs/checks.md in Markdown: a table of every rule,
 * then each with its relation, message, source and its examples with the
 * finding they give. The caller frees *out.
 */
int xxgk_rules_markdown(char **out, const xxgk_rules *rs);

/* ------------------------------------------------------------ equations */

/* Most terms in one equation (table 3's results sum has 22). */
#define XXGK_LIN_TERMS 32

/* An equation Σ coef·x = 0 over the cells of a grid. */
typedef struct {
	const char *rule;              /* the rule's id */
	uint16_t term_count;
	int16_t cell[XXGK_LIN_TERMS];  /* grid indices */
	int8_t coef[XXGK_LIN_TERMS];   /* +1 on the relation's left side, −1 on its right */
} xxgk_lin;

enum { XXGK_TABLE_3 = 3, XXGK_TABLE_4 = 4 };

/*
 * The report-scope relations of one table of a template as equations over
 * the table's grid: table 3 is row-major 25 × 7 (row × 7 + column, SCHEMA.md
 * order), table 4 is 3 × 5 (group × 5 + column). Writes up to `cap` into
 * `out` and returns how many there are (more than `cap`: call again).
 * The implied instances are included: they judge candidates as the others do.
 */
int xxgk_rules_table_lins(const xxgk_rules *rs, int template_kind, int table, xxgk_lin *out, int cap);

/* ------------------------------------------------------------ deduction */

enum { XXGK_DEDUCE_ZEROS = 1u, XXGK_DEDUCE_PIVOT = 2u, XXGK_DEDUCE_BOUNDS = 4u, XXGK_DEDUCE_ALL = 7u };
/* Cell states: KNOWN, a number; OPEN, unknown and never filled (a printed
 * "/"), though it still takes part; VAR, unknown and filled when the rules
 * force it. */
enum { XXGK_CELL_KNOWN = 0, XXGK_CELL_OPEN, XXGK_CELL_VAR };
/* Outcomes. */
enum { XXGK_DEDUCE_CONSISTENT = 0, XXGK_DEDUCE_CONTRADICTION = 1 };

/* Most cells in one deduction (table 3's 175 and room to spare). */
#define XXGK_DEDUCE_CELLS 256

typedef struct {
	int cell_count;            /* ≤ XXGK_DEDUCE_CELLS */
	double *val;               /* values of known cells; filled cells are written here */
	uint8_t *state;            /* XXGK_CELL_*; a filled VAR becomes KNOWN */
	uint8_t *tier;             /* optional out: the tier (XXGK_DEDUCE_*) that filled each cell */
	const char **rule;         /* optional out: a rule used to fill it */
} xxgk_deduce_cells;

/*
 * Fills every VAR cell whose value the equations force (all unknowns are
 * non-negative integers), with the tiers asked for, to a fixed point.
 * Returns XXGK_DEDUCE_CONTRADICTION when no non-negative integer values of
 * the unknowns satisfy the equations (a fully known equation that fails, a
 * forced value below zero or with a fraction, bounds that cross); the cells
 * filled before that was found are left filled.
 */
int xxgk_deduce(xxgk_deduce_cells *c, const xxgk_lin *eqs, int eq_count, unsigned tiers);

#ifdef __cplusplus
}
#endif
#endif
