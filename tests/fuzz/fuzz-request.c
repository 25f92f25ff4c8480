/*
 * fuzz-request.c - the Kafka request decoder (src/net/request.c): one
 * input is one frame without its size, as a client would send it; the
 * header is decoded, and a body of an API and version isrlab serves is
 * decoded and freed.
 */

#include "config.h"

#include "fuzz.h"
#include "net/request.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct api_versions	*api;
	struct req_header		 h;
	struct request			 q;
	struct rd			 r;

	rd_init(&r, data, size);
	if (request_header_decode(&r, &h) != 0)
		return 0;
	api = request_api(h.key);
	if (api == NULL || h.version < api->min || h.version > api->max)
		return 0;
	if (request_decode(&r, &h, &q) == 0)
		request_free(&q);
	return 0;
}
