/*
 * deadlines.c — when each level must publish its annual report, as data
 * (data/deadlines.csv), and whether a report was on time; the small
 * configuration file of the documents (落款, 文号, 主送 …).
 *
 * Exports xxgk_deadlines_load/_free/_set, xxgk_publication_status,
 * xxgk_deadline_basis and xxgk_compose_config_load/_free/_apply
 * (xxgk/compose.h).
 *
 * The rule (条例 2019 第四十九条, DOMAIN.md): 县级以上人民政府部门 publish the
 * previous year's report by 1月31日, 县级以上地方人民政府 by 3月31日;
 * 乡镇/街道 are held to 1月31日 by provincial rules. A report is late when its
 * publication date is after the deadline of its level; with no date it is
 * neither late nor on time (unknown), never guessed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/compose.h"
#include "../common/common_int.h"

/* Longest line of the deadlines or configuration file, in bytes: a basis phrase is < 200. */
#define DEADLINE_LINE_CAP 1024
/* Largest configuration or deadlines file read: a few hundred bytes in practice. */
#define DEADLINE_FILE_CAP (64 * 1024)

#define LEVELS (XXGK_LEVEL_DEPARTMENT + 1)

struct xxgk_deadlines {
	int month[LEVELS], day[LEVELS];   /* 0: no deadline for the level */
	char *basis[LEVELS];              /* owned */
};

static int days_in_month(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

/* "MM-DD" → month and day (29 February allowed; checked against the year when used). */
static bool deadline_parse_md(const char *s, int *m, int *d)
{
	if (strlen(s) != 5 || s[2] != '-')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	*m = (s[0] - '0') * 10 + (s[1] - '0');
	*d = (s[3] - '0') * 10 + (s[4] - '0');
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(2024, *m);
}

/* Days from 0000-03-01 (a proleptic Gregorian day number), for differences. */
static long day_number(int y, int m, int d)
{
	if (m <= 2) {
		y--;
		m += 12;
	}
	return 365L * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d - 1;
}

static bool deadline_parse_date(const char *s, int *y, int *m, int *d)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m);
}

/* Trims ASCII white space (and a UTF-8 BOM at the start) in place. */
static char *deadline_trim(char *s)
{
	if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
		s += 3;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* Reads a whole small file; XXGK_EIO naming it. */
static int deadline_read(char **out, const char *path, xxgk_error *err)
{
	FILE *f = fopen(path, "rb");
	*out = NULL;
	if (!f)
		return xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: cannot read: %s", path, strerror(errno));
	char *buf = malloc(DEADLINE_FILE_CAP + 1);
	if (!buf) {
		fclose(f);
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	size_t n = fread(buf, 1, DEADLINE_FILE_CAP + 1, f);
	bool bad = ferror(f);
	fclose(f);
	if (bad || n > DEADLINE_FILE_CAP) {
		free(buf);
		return xxgk_error_set(err, bad ? XXGK_EIO : XXGK_ETOOBIG, 0, 0, "%s: %s", path,
				      bad ? "read error" : "larger than 64 KiB: not a configuration file");
	}
	buf[n] = '\0';
	*out = buf;
	return XXGK_OK;
}

/* The next line of `*cursor` (NUL-terminated in place), NULL at the end. */
static char *deadline_next_line(char **cursor)
{
	char *s = *cursor;
	if (!s || !*s)
		return NULL;
	char *nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		*cursor = nl + 1;
	} else {
		*cursor = s + strlen(s);
	}
	return s;
}

static int deadline_put(xxgk_deadlines *d, int level, int m, int day, const char *basis)
{
	d->month[level] = m;
	d->day[level] = day;
	if (basis) {
		char *b = xxgk_strdup(basis);
		if (!b)
			return XXGK_ENOMEM;
		free(d->basis[level]);
		d->basis[level] = b;
	}
	return XXGK_OK;
}

static const char *deadline_default_path(char *buf, size_t cap)
{
	const char *env = getenv("XXGK_DATA_DIR");
	if (env && *env) {
		snprintf(buf, cap, "%s/deadlines.csv", env);
		FILE *f = fopen(buf, "rb");
		if (f) {
			fclose(f);
			return buf;
		}
	}
	snprintf(buf, cap, "%s/deadlines.csv", XXGK_DATA_DIR);
	return buf;
}

int xxgk_deadlines_load(xxgk_deadlines **out, const char *path, xxgk_error *err)
{
	char pathbuf[1024], *text = NULL, *cursor, *line;
	unsigned lineno = 0;
	int rc;
	*out = NULL;
	if (!path)
		path = deadline_default_path(pathbuf, sizeof pathbuf);
	xxgk_deadlines *d = calloc(1, sizeof *d);
	if (!d)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	if ((rc = deadline_read(&text, path, err)) != XXGK_OK)
		goto done;
	cursor = text;
	while ((line = deadline_next_line(&cursor)) != NULL) {
		lineno++;
		if (strlen(line) > DEADLINE_LINE_CAP) {
			rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0, "%s:%u: line longer than %d bytes", path, lineno,
					    DEADLINE_LINE_CAP);
			goto done;
		}
		char *s = deadline_trim(line);
		if (!*s || *s == '#' || !strncmp(s, "level,", 6))
			continue;
		char *c1 = strchr(s, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
		if (!c1) {
			rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0, "%s:%u: want level,MM-DD,basis", path, lineno);
			goto done;
		}
		*c1 = '\0';
		if (c2)
			*c2 = '\0';
		int level = xxgk_level_from_name(deadline_trim(s)), m, day;
		if (level <= XXGK_LEVEL_UNKNOWN || level >= LEVELS) {
			rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0,
					    "%s:%u: level \"%s\" is not province, city, county, town or department", path,
					    lineno, deadline_trim(s));
			goto done;
		}
		if (!deadline_parse_md(deadline_trim(c1 + 1), &m, &day)) {
			rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0, "%s:%u: \"%s\" is not a date MM-DD", path, lineno,
					    deadline_trim(c1 + 1));
			goto done;
		}
		if ((rc = deadline_put(d, level, m, day, c2 ? deadline_trim(c2 + 1) : "")) != XXGK_OK) {
			xxgk_error_set(err, rc, 0, 0, "out of memory");
			goto done;
		}
	}
	*out = d;
	d = NULL;
done:
	free(text);
	xxgk_deadlines_free(d);
	return rc;
}

void xxgk_deadlines_free(xxgk_deadlines *d)
{
	if (!d)
		return;
	for (int i = 0; i < LEVELS; i++)
		free(d->basis[i]);
	free(d);
}

int xxgk_deadlines_set(xxgk_deadlines *d, const char *spec, xxgk_error *err)
{
	char buf[64];
	const char *eq = strchr(spec, '=');
	int m, day;
	if (!eq || (size_t)(eq - spec) >= sizeof buf)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "deadline \"%s\": want LEVEL=MM-DD, e.g. town=01-31", spec);
	snprintf(buf, sizeof buf, "%.*s", (int)(eq - spec), spec);
	int level = xxgk_level_from_name(deadline_trim(buf));
	if (level <= XXGK_LEVEL_UNKNOWN || level >= LEVELS)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0,
				      "deadline \"%s\": the level is province, city, county, town or department", spec);
	snprintf(buf, sizeof buf, "%s", eq + 1);
	if (!deadline_parse_md(deadline_trim(buf), &m, &day))
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "deadline \"%s\": the date is MM-DD, e.g. 01-31", spec);
	/* the basis of an overridden deadline is the override itself */
	char basis[96];
	snprintf(basis, sizeof basis, "本地规定（%d月%d日前）", m, day);
	if (deadline_put(d, level, m, day, basis) != XXGK_OK)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	return XXGK_OK;
}

int xxgk_publication_status(const xxgk_deadlines *d, int level, int year, const char *published, char *deadline,
			    int *days_late)
{
	int y, m, day;
	if (deadline)
		deadline[0] = '\0';
	if (days_late)
		*days_late = 0;
	if (!d || level <= XXGK_LEVEL_UNKNOWN || level >= LEVELS || !d->month[level] || year <= 0)
		return XXGK_PUBLISHED_UNKNOWN;
	int dm = d->month[level], dd = d->day[level];
	if (dd > days_in_month(year + 1, dm))
		dd = days_in_month(year + 1, dm);   /* 02-29 in a common year: the 28th */
	if (deadline)
		snprintf(deadline, 11, "%04d-%02d-%02d", (year + 1) % 10000, dm, dd);
	if (!deadline_parse_date(published, &y, &m, &day))
		return XXGK_PUBLISHED_UNKNOWN;
	long late = day_number(y, m, day) - day_number(year + 1, dm, dd);
	if (late <= 0)
		return XXGK_PUBLISHED_ON_TIME;
	if (days_late)
		*days_late = late > 100000 ? 100000 : (int)late;
	return XXGK_PUBLISHED_LATE;
}

const char *xxgk_deadline_basis(const xxgk_deadlines *d, int level)
{
	if (!d || level <= XXGK_LEVEL_UNKNOWN || level >= LEVELS || !d->basis[level])
		return "";
	return d->basis[level];
}

/* ---- the configuration file ---- */

enum { CFG_ISSUER, CFG_DOC_NUMBER, CFG_ADDRESSEES, CFG_CONTACT, CFG_STRINGS };

struct xxgk_compose_config {
	char *s[CFG_STRINGS];           /* owned, NULL when not given */
	unsigned rectify_days;          /* 0 when not given */
	char *deadline_specs;           /* owned "level=MM-DD\n…" */
	char *path;                     /* owned, for messages */
};

int xxgk_compose_config_load(xxgk_compose_config **out, const char *path, xxgk_error *err)
{
	static const struct {
		const char *key;
		int slot;
	} keys[] = {
		{ "落款", CFG_ISSUER }, { "issuer", CFG_ISSUER }, { "文号", CFG_DOC_NUMBER },
		{ "doc_number", CFG_DOC_NUMBER }, { "主送", CFG_ADDRESSEES }, { "addressees", CFG_ADDRESSEES },
		{ "联系方式", CFG_CONTACT }, { "contact", CFG_CONTACT },
	};
	char *text = NULL, *cursor, *line;
	unsigned lineno = 0;
	xxgk_buf specs;
	int rc;
	*out = NULL;
	xxgk_buf_init(&specs);
	xxgk_compose_config *c = calloc(1, sizeof *c);
	if (!c || !(c->path = xxgk_strdup(path))) {
		free(c);
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	if ((rc = deadline_read(&text, path, err)) != XXGK_OK)
		goto done;
	cursor = text;
	while ((line = deadline_next_line(&cursor)) != NULL) {
		lineno++;
		char *s = deadline_trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0, "%s:%u: want key = value", path, lineno);
			goto done;
		}
		*eq = '\0';
		char *key = deadline_trim(s), *value = deadline_trim(eq + 1);
		bool known = false;
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (!strcmp(key, keys[k].key)) {
				free(c->s[keys[k].slot]);
				if (!(c->s[keys[k].slot] = xxgk_strdup(value))) {
					rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
					goto done;
				}
				known = true;
			}
		if (!strcmp(key, "整改时限") || !strcmp(key, "rectify_days")) {
			char *end;
			errno = 0;
			long v = strtol(value, &end, 10);
			/* "15" or "15个工作日" */
			if (end == value || errno || v < 1 || v > 365 || (*end && strcmp(end, "个工作日") != 0)) {
				rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0,
						    "%s:%u: 整改时限 is a number of working days (1–365), not \"%s\"", path,
						    lineno, value);
				goto done;
			}
			c->rectify_days = (unsigned)v;
			known = true;
		}
		const char *lv = !strncmp(key, "deadline.", 9) ? key + 9
				 : !strncmp(key, "发布时限.", strlen("发布时限.")) ? key + strlen("发布时限.") : NULL;
		if (lv) {
			xxgk_buf_printf(&specs, "%s=%s\n", lv, value);
			known = true;
		}
		if (!known) {
			rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0,
					    "%s:%u: unknown key \"%s\" (落款, 文号, 主送, 联系方式, 整改时限, deadline.LEVEL)",
					    path, lineno, key);
			goto done;
		}
	}
	if (specs.failed) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		goto done;
	}
	c->deadline_specs = xxgk_buf_detach(&specs);
	*out = c;
	c = NULL;
done:
	xxgk_buf_free(&specs);
	free(text);
	xxgk_compose_config_free(c);
	return rc;
}

void xxgk_compose_config_free(xxgk_compose_config *c)
{
	if (!c)
		return;
	for (int i = 0; i < CFG_STRINGS; i++)
		free(c->s[i]);
	free(c->deadline_specs);
	free(c->path);
	free(c);
}

int xxgk_compose_config_apply(const xxgk_compose_config *c, xxgk_compose_options *o, xxgk_deadlines *d,
			      xxgk_error *err)
{
	if (!o->issuer)
		o->issuer = c->s[CFG_ISSUER];
	if (!o->doc_number)
		o->doc_number = c->s[CFG_DOC_NUMBER];
	if (!o->addressees)
		o->addressees = c->s[CFG_ADDRESSEES];
	if (!o->contact)
		o->contact = c->s[CFG_CONTACT];
	if (!o->rectify_days)
		o->rectify_days = c->rectify_days;
	for (const char *p = c->deadline_specs; d && p && *p;) {
		const char *nl = strchr(p, '\n');
		char spec[128];
		snprintf(spec, sizeof spec, "%.*s", (int)(nl ? nl - p : (long)strlen(p)), p);
		int rc = xxgk_deadlines_set(d, spec, err);
		if (rc != XXGK_OK) {
			char msg[XXGK_ERROR_MSG_CAP];
			snprintf(msg, sizeof msg, "%s", err ? err->message : "");
			return xxgk_error_set(err, rc, 0, 0, "%s: %s", c->path, msg);
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	return XXGK_OK;
}
