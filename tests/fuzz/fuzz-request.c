/*
 * fuzz-request.c - the Kafka request decoder (src/net/request.c): one
 * input is one frame without its size, as a client would send it; the
 * header is decoded, and a body of an API and version isrlab serves is
 * decoded and freed; a Produce's records go through the RecordBatch
 * checks and record reader (src/net/batch.c) as the handler's do, and
 * what they read is encoded again (batch_encode).
 */

#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "net/batch.h"
#include "net/request.h"

/* Every batch of one partition's records, as api-produce.c reads them. */
static void
fuzz_records(const struct req_part *p)
{
	const uint8_t *b = p->records;
	size_t left = p->records_len > 0 ? (size_t)p->records_len : 0, size;
	struct record *recs = NULL;
	struct batch_hdr h;
	struct wr w = WR_INIT;
	int n = 0, cap = 0, i;

	while (left > 0 && batch_check(b, left, &h, &size) == KERR_NONE) {
		if (batch_records(b, &h, &recs, &n, &cap) != 0)
			break;
		b += size;
		left -= size;
	}
	if (n > 0)
		batch_encode(&w, 0, 0, recs, n);
	for (i = 0; i < n; i++)
		record_release(&recs[i]);
	free(recs);
	wr_free(&w);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct api_versions	*api;
	struct req_header		 h;
	struct request			 q;
	struct rd			 r;
	int				 t, j;

	rd_init(&r, data, size);
	if (request_header_decode(&r, &h) != 0)
		return 0;
	api = request_api(h.key);
	if (api == NULL || h.version < api->min || h.version > api->max)
		return 0;
	if (request_decode(&r, &h, &q) != 0)
		return 0;
	for (t = 0; h.key == API_PRODUCE && t < q.n_topics; t++)
		for (j = 0; j < q.topics[t].n_parts; j++)
			fuzz_records(&q.topics[t].parts[j]);
	request_free(&q);
	return 0;
}
