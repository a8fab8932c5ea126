/*
 * testutil.h — small helpers shared by the Check suites (tests only).
 */
#ifndef XXGK_TESTUTIL_H
#define XXGK_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef XXGK_FIXTURES_DIR
#define XXGK_FIXTURES_DIR "fixtures"
#endif

/* Reads a whole file into a NUL-terminated malloc'd buffer; aborts the test on failure. */
static inline char *test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Runs one suite and returns the process exit code. */
static inline int test_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
