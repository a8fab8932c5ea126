/*
 * text.c — numbers, changes, dates and names as the documents print them.
 *
 * One form for each thing, in the text and in the tables alike: counts with
 * thousands separators ("3,119"), shares with one decimal ("50.0%"), a change
 * as "增加20.0%" / "减少12.7%" / "持平" (the only form for no change), a
 * change of a rate in percentage points, dates as "2025年1月14日" in text and
 * "2025.1.14" in tables (GB/T 15835 allows both; tables are narrow).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "compose_int.h"

const char *compose_num(char *buf, size_t cap, double v)
{
	char raw[COMPOSE_NUM_CAP];
	size_t n = 0;
	if (!isfinite(v)) {
		snprintf(buf, cap, "—");
		return buf;
	}
	/* whole counts plainly; fees and amounts keep up to two decimals */
	if (fabs(v - round(v)) < 1e-9)
		snprintf(raw, sizeof raw, "%.0f", fabs(round(v)));
	else
		snprintf(raw, sizeof raw, "%.2f", fabs(v));
	char *dot = strchr(raw, '.');
	if (dot) {
		char *e = raw + strlen(raw) - 1;
		while (*e == '0')
			*e-- = '\0';
		if (*e == '.')
			*e = '\0';
	}
	dot = strchr(raw, '.');
	size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
	if (v < 0 && round(v) != 0 && n + 1 < cap)
		buf[n++] = '-';
	for (size_t i = 0; i < int_len && n + 2 < cap; i++) {
		buf[n++] = raw[i];
		size_t left = int_len - i - 1;
		if (left && left % 3 == 0)
			buf[n++] = ',';
	}
	for (const char *p = dot; p && *p && n + 1 < cap; p++)
		buf[n++] = *p;
	buf[n] = '\0';
	return buf;
}

const char *compose_pct(char *buf, size_t cap, double ratio)
{
	if (!isfinite(ratio))
		snprintf(buf, cap, "—");
	else
		snprintf(buf, cap, "%.1f%%", 100 * ratio + 0.0);   /* + 0.0: no "-0.0%" */
	return buf;
}

void compose_change(xxgk_buf *b, double cur, double prev)
{
	char n[COMPOSE_NUM_CAP];
	if (!isfinite(cur) || !isfinite(prev)) {
		xxgk_buf_puts(b, "无法比较");
		return;
	}
	if (cur == prev) {
		xxgk_buf_puts(b, "持平");
		return;
	}
	if (prev == 0) {
		xxgk_buf_printf(b, "上年为0件，本年%s件", compose_num(n, sizeof n, cur));
		return;
	}
	double pct = 100 * (cur - prev) / fabs(prev);
	if (fabs(pct) < 0.05)
		xxgk_buf_puts(b, "基本持平");
	else
		xxgk_buf_printf(b, "%s%.1f%%", pct > 0 ? "增加" : "减少", fabs(pct));
}

void compose_change_points(xxgk_buf *b, double cur, double prev)
{
	if (!isfinite(cur) || !isfinite(prev)) {
		xxgk_buf_puts(b, "无法比较");
		return;
	}
	double d = 100 * (cur - prev);
	if (fabs(d) < 0.05)
		xxgk_buf_puts(b, "持平");
	else
		xxgk_buf_printf(b, "%s%.1f个百分点", d > 0 ? "提高" : "降低", fabs(d));
}

/* Year, month and day of "YYYY-MM-DD"; false when it is not one. */
static bool text_date(const char *iso, int *y, int *m, int *d)
{
	if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (iso[i] < '0' || iso[i] > '9'))
			return false;
	*y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
	*m = (iso[5] - '0') * 10 + (iso[6] - '0');
	*d = (iso[8] - '0') * 10 + (iso[9] - '0');
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

const char *compose_date_zh(char *buf, size_t cap, const char *iso)
{
	int y, m, d;
	if (text_date(iso, &y, &m, &d))
		snprintf(buf, cap, "%d年%d月%d日", y, m, d);
	else
		snprintf(buf, cap, "%s", "");
	return buf;
}

const char *compose_date_short(char *buf, size_t cap, const char *iso)
{
	int y, m, d;
	if (text_date(iso, &y, &m, &d))
		snprintf(buf, cap, "%d.%d.%d", y, m, d);
	else
		snprintf(buf, cap, "%s", "—");
	return buf;
}

const char *compose_last_part(const char *path)
{
	const char *last = path, *p = path;
	while ((p = strstr(p, "·")) != NULL) {
		p += strlen("·");
		last = p;
	}
	return last;
}

const char *compose_level_noun(int level)
{
	switch (level) {
	case XXGK_LEVEL_PROVINCE: return "省级政府";
	case XXGK_LEVEL_CITY: return "市级政府";
	case XXGK_LEVEL_COUNTY: return "县级政府";
	case XXGK_LEVEL_TOWN: return "乡镇（街道）";
	case XXGK_LEVEL_DEPARTMENT: return "政府部门";
	default: return "单位";
	}
}

int compose_region_level(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	return n == 0 ? XXGK_LEVEL_UNKNOWN : n <= 2 ? XXGK_LEVEL_PROVINCE : n <= 4 ? XXGK_LEVEL_CITY : XXGK_LEVEL_COUNTY;
}

void compose_today(char buf[11], const char *date)
{
	int y, m, d;
	if (date && text_date(date, &y, &m, &d)) {
		snprintf(buf, 11, "%04d-%02d-%02d", y % 10000, m, d);
		return;
	}
	time_t t = time(NULL);
	struct tm tm;
	if (localtime_r(&t, &tm))
		strftime(buf, 11, "%Y-%m-%d", &tm);
	else
		snprintf(buf, 11, "2000-01-01");
}

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant, "chrono-compatible low-level date algorithms"). */
static long text_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void text_civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void compose_add_working_days(char out[11], const char *iso, unsigned days)
{
	int y, m, d;
	if (!text_date(iso, &y, &m, &d)) {
		out[0] = '\0';
		return;
	}
	long z = text_days_from_civil(y, m, d);
	for (unsigned left = days; left > 0;) {
		z++;
		long wd = ((z % 7) + 7 + 4) % 7;   /* 1970-01-01 was a Thursday (4); 0 Sunday, 6 Saturday */
		if (wd != 0 && wd != 6)
			left--;
	}
	text_civil_from_days(z, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m, d);
}

const char *compose_median(char *buf, size_t cap, double m)
{
	char n[COMPOSE_NUM_CAP];
	if (!isfinite(m) || fabs(m - round(m)) < 1e-9 || m < 50)
		return compose_num(buf, cap, m);
	snprintf(buf, cap, "约%s", compose_num(n, sizeof n, round(m)));
	return buf;
}

const char *compose_numeral(char *buf, size_t cap, int n)
{
	static const char *const digit[] = { "", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
	if (n <= 0 || n > 99)
		snprintf(buf, cap, "%d", n);
	else if (n < 10)
		snprintf(buf, cap, "%s", digit[n]);
	else
		snprintf(buf, cap, "%s十%s", n / 10 == 1 ? "" : digit[n / 10], digit[n % 10]);
	return buf;
}

static bool text_is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A parenthesis "（…）" at s[0, len) holding a file name ("（huaian_2024.raw.txt）"): its length, else 0. */
static size_t text_file_paren(const char *s, size_t len)
{
	static const char open[] = "（", close[] = "）";
	if (len < sizeof open - 1 || memcmp(s, open, sizeof open - 1) != 0)
		return 0;
	for (size_t i = sizeof open - 1; i + sizeof close - 1 <= len && i < 300; i++) {
		if (memcmp(s + i, close, sizeof close - 1) != 0)
			continue;
		bool file = false;
		for (size_t k = sizeof open - 1; k + 1 < i; k++)
			file = file || (s[k] == '.' && ((s[k + 1] >= 'a' && s[k + 1] <= 'z') || (s[k + 1] >= 'A' && s[k + 1] <= 'Z')));
		return file ? i + sizeof close - 1 : 0;
	}
	return 0;
}

/* Whether a space between the bytes `a` and `b` separates Chinese from a figure (the checker's
 * messages are written for a terminal, "约 73% 与…"): dropped in a document. */
static bool text_space_between(char a, char b)
{
	unsigned char x = (unsigned char)a, y = (unsigned char)b;
	bool cjk_x = x >= 0x80, cjk_y = y >= 0x80;
	bool fig_x = (x >= '0' && x <= '9') || x == '%', fig_y = (y >= '0' && y <= '9') || y == '-';
	return (cjk_x && fig_y) || (fig_x && cjk_y);
}

void compose_put_clean(xxgk_buf *b, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t run = 0, paren = text_file_paren(s + i, len - i);
		if (paren) {   /* a file name: not something the body's reader can act on */
			i += paren;
			continue;
		}
		while (i + run < len && text_is_hex(s[i + run]))
			run++;
		if (run >= 8 && (run >= 64 || (i + run + 3 <= len && !memcmp(s + i + run, "…", 3)))) {
			/* a sha256, whole or cut short "8be8de59cb8f…" */
			i += run;
			if (i + 3 <= len && !memcmp(s + i, "…", 3))
				i += 3;
			continue;
		}
		if (run) {
			xxgk_buf_append(b, s + i, run);
			i += run;
		} else if (s[i] == ' ' && b->len && i + 1 < len && text_space_between(b->data[b->len - 1], s[i + 1])) {
			i++;   /* Chinese text sets figures without spaces: "印为 0，" → "印为0，" */
		} else {
			xxgk_buf_putc(b, s[i++]);
		}
	}
}
