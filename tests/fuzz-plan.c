/*
 * fuzz-plan.c: libFuzzer harness for the plan reader (server/plan-load.c)
 * and checker (common/plan.c).  Any bytes: a plan file is read, and what
 * reads is checked; nothing may crash, leak or read out of bounds, and a
 * plan that reads must also encode and decode as the stored record.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/codec.h"
#include "common/plan.h"
#include "server/csv.h"
#include "server/plan-load.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct import_report r = { 0 };
	struct plan p;

	memset(&p, 0, sizeof p);
	if (plan_load_text("fuzz.yaml", (const char *)data, len, &p, &r) == 0) {
		struct plan_problems probs;
		struct kbuf b = { 0 };
		struct codec_error err;
		struct plan back;

		memset(&probs, 0, sizeof probs);
		plan_check(&p, &probs);
		plan_problems_free(&probs);
		codec_encode_record(&plan_desc, &p, &b);
		if (codec_decode_record(&plan_desc, b.data, b.len, &back, &err) != 0)
			abort();	/* what reads must store */
		schema_free(&plan_desc, &back);
		kbuf_free(&b);
	}
	schema_free(&plan_desc, &p);
	import_report_free(&r);
	return 0;
}
