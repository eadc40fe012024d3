/*
 * fuzz-csv.c: libFuzzer harness for the CSV reader (server/csv.c) that
 * organisation and calendar imports go through.  Any bytes: parsed, then
 * every row's width checked; nothing may crash, leak or read out of bounds.
 */
#include <stdint.h>
#include <string.h>

#include "server/csv.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct import_report r = { 0 };
	struct csv_file f;

	memset(&f, 0, sizeof f);
	if (csv_parse("fuzz.csv", (const char *)data, len, &f, &r) >= 0)
		for (uint32_t i = 0; i < f.nrows; i++)
			csv_row_width(&f, &f.rows[i], &r);
	csv_free(&f);
	import_report_free(&r);
	return 0;
}
