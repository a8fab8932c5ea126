/*
 * fuzz_render.c — libFuzzer target for the renderer's text path (issue 17,
 * item 8): random Unicode names set in a title, a paragraph, table cells
 * (wrapped in narrow columns) and bar labels, then a PDF written. The first
 * byte picks how the rest becomes text: as UTF-8 bytes as they are (invalid
 * ones too), or three bytes a code point anywhere in Unicode, or two bytes a
 * code point of the CJK blocks (Extension A, unified, compatibility), where
 * the fonts' rare glyphs are. Every render either succeeds or fails with a
 * message; none crashes or leaks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xxgk/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/*
 * fontconfig's process-wide cache (834 bytes, once; .ci/lsan.supp says the
 * same for the test suite) is reported by LeakSanitizer when the run ends:
 * 31 minutes of fuzzing ended "crashed" on it with an empty input. Not ours,
 * and it does not grow per input; our own leaks are still reported.
 */
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static size_t put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (size < 1 || size > 4096)
		return 0;
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/fuzz_render_%ld.pdf", (long)getpid());
	int mode = data[0] % 3;
	data++;
	size--;
	char *text = malloc(size * 4 + 1);
	size_t n = 0;
	if (!text)
		return 0;
	if (mode == 0) {
		memcpy(text, data, size);
		n = size;
	} else if (mode == 1) {
		for (size_t i = 0; i + 2 < size; i += 3) {
			uint32_t cp = ((uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2]) % 0x110000;
			if (cp == 0 || (cp >= 0xD800 && cp < 0xE000))
				cp = 0x3400;
			n += put_utf8(text + n, cp);
		}
	} else {
		static const uint32_t base[3] = { 0x3400, 0x4E00, 0xF900 }, span[3] = { 0x19C0, 0x5200, 0x200 };
		for (size_t i = 0; i + 1 < size; i += 2) {
			int k = (data[i] >> 6) % 3;
			uint32_t cp = base[k] + (((uint32_t)data[i] & 0x3F) << 8 | data[i + 1]) % span[k];
			n += put_utf8(text + n, cp);
		}
	}
	text[n] = '\0';
	/* names: the text cut at newlines (and NULs), at most 40 */
	const char *names[40];
	size_t count = 0;
	for (char *p = text; count < 40;) {
		names[count++] = p;
		char *nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	xxgk_layout *l = NULL;
	xxgk_error err;
	const xxgk_render_options opts = { .created = "2025-03-20", .deterministic = true };
	if (xxgk_layout_new(&l, names[0]) != XXGK_OK) {
		free(text);
		return 0;
	}
	xxgk_layout_paragraph(l, text);
	static const char *const headers[3] = { "单位", "名称", "件数" };
	static const double widths[3] = { 2, 0.6, 0.5 };
	static const int aligns[3] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_CENTER, XXGK_ALIGN_RIGHT };
	double values[40];
	for (size_t i = 0; i < count; i++)
		values[i] = (double)(i * 7 % 11 + 1);
	if (xxgk_layout_table(l, names[count - 1], "单位：件", 3, headers, widths, aligns) == XXGK_OK)
		for (size_t i = 0; i < count; i++) {
			const char *row[3] = { names[i], names[count - 1 - i], "12" };
			xxgk_layout_table_row(l, row, i + 1 == count);
		}
	xxgk_layout_bar_chart(l, names[0], names[count - 1], "来源", count, names, values);
	size_t missing = 0;
	int rc = xxgk_render_pdf(l, path, &opts, &missing, &err);
	if (rc != XXGK_OK && !err.message[0])
		abort();   /* a failure says why */
	unlink(path);
	xxgk_layout_free(l);
	free(text);
	return 0;
}
