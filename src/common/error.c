/*
 * error.c — status names and the error record (include/xxgk/common.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common_int.h"
#include "xxgk/common.h"

#ifndef XXGK_VERSION_STRING
#define XXGK_VERSION_STRING "0.1.0"
#endif

static const char *const error_names[] = {
	"ok",                        /* XXGK_OK */
	"out of memory",             /* XXGK_ENOMEM */
	"input/output error",        /* XXGK_EIO */
	"unreadable text encoding",  /* XXGK_EENCODING */
	"not an annual report",      /* XXGK_EPARSE */
	"database error",            /* XXGK_EDB */
	"invalid argument",          /* XXGK_EINVAL */
	"input too large",           /* XXGK_ETOOBIG */
	"unknown schema"             /* XXGK_ESCHEMA */
};

const char *xxgk_strerror(int status)
{
	int i = -status;
	if (i < 0 || (size_t)i >= sizeof error_names / sizeof error_names[0])
		return "unknown error";
	return error_names[i];
}

void xxgk_error_clear(xxgk_error *err)
{
	if (!err)
		return;
	err->code = XXGK_OK;
	err->line = 0;
	err->column = 0;
	err->message[0] = '\0';
}

int xxgk_error_set(xxgk_error *err, int code, unsigned line, unsigned column,
		   const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	err->line = line;
	err->column = column;
	va_list ap;
	va_start(ap, fmt);
	xxgk_vformat(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	/* one line: a message never carries a newline into a `file:line:` report */
	for (char *p = err->message; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return code;
}

const char *xxgk_version(void)
{
	return XXGK_VERSION_STRING;
}
