/*
 * check_int.h — shared inside the check stage.
 */
#ifndef XXGK_CHECK_INT_H
#define XXGK_CHECK_INT_H

#include "xxgk/check.h"
#include "xxgk/rules.h"
#include "../common/common_int.h"

#include <stdarg.h>

/* Appends a finding about the report `sha256`; NULL when out of memory. */
xxgk_finding *check_vadd(xxgk_findings *out, const char *sha256, const char *rule, const char *where,
			 uint32_t line, const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 0)))
#endif
	;

/* Appends a finding; NULL when out of memory. Its severity comes from the
 * rule set (xxgk_findings_apply_rules()), never from the code. */
xxgk_finding *check_add(xxgk_findings *out, const xxgk_report *r, const char *rule, const char *where,
			uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

/* text.table_mismatch: the narrative's figures against the tables (claims.c). */
int check_claims(xxgk_findings *out, const xxgk_report *r, const xxgk_rules *rs);

#endif
