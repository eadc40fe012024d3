/*
 * fuzz-ledger.c: libFuzzer harness for the ledger file reader
 * (server/ledger-load.c) and its checks (common/ledger.c).  Any bytes: a
 * ledger file is read; nothing may crash, leak or read out of bounds, what
 * reads must pass ledger_def_check again and encode and decode as the
 * stored record, and an entry of each of its items must check.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/codec.h"
#include "common/ledger.h"
#include "server/csv.h"
#include "server/ledger-load.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct import_report r = { 0 };
	struct ledger_def d;

	memset(&d, 0, sizeof d);
	if (ledger_load_text("fuzz.yaml", (const char *)data, len, &d, &r) == 0) {
		struct kbuf b = { 0 };
		struct codec_error err;
		struct ledger_def back;
		uint32_t line = 0;
		char why[256];

		if (ledger_def_check(&d, &line, why, sizeof why) != 0)
			abort();	/* what reads was checked */
		codec_encode_record(&ledger_def_desc, &d, &b);
		if (codec_decode_record(&ledger_def_desc, b.data, b.len, &back, &err) != 0)
			abort();	/* what reads must store */
		schema_free(&ledger_def_desc, &back);
		kbuf_free(&b);
		/* every item can be entered as it stands */
		for (uint32_t i = 0; i < d.items_n; i++) {
			struct ledger_rec e = { .ledger = d.key, .person = 1, .date = 20260301,
			    .points = d.items[i].points, .deduct = d.items[i].deduct,
			    .reason = "fuzz", .item = d.items[i].key };
			const char *field, *reason;

			if (ledger_entry_check(&e, &d, 20260302, &field, &reason) != 0)
				abort();
		}
	}
	schema_free(&ledger_def_desc, &d);
	import_report_free(&r);
	return 0;
}
