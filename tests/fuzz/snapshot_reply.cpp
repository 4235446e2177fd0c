// One reply on the snapshot socket, its frames one a line (the last frame, a PRODUCT's body,
// is the rest of the input), through the parser the feed client uses.

#include "fuzz_support.h"

#include <feed_client.h>
#include <feed_protocol.h>

using namespace shelf;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const SnapshotReply reply = parseSnapshotReply(fuzz::frames(fuzz::bytes(data, size), 4));
    switch (reply.kind) {
    case SnapshotReply::Kind::Product:
        if (reply.record) {
            SHELF_FUZZ_CHECK(feed::isValidSku(reply.sku.toLatin1()), reply.sku);
            SHELF_FUZZ_CHECK(reply.record->sku == reply.sku, reply.record->sku);
            SHELF_FUZZ_CHECK(reply.error.isEmpty(), reply.error);
        } else {
            SHELF_FUZZ_CHECK(!reply.error.isEmpty(), reply.sku);
        }
        break;
    case SnapshotReply::Kind::End:
        if (reply.error.isEmpty())
            SHELF_FUZZ_CHECK(feed::isValidEpoch(reply.epoch.toLatin1()), reply.epoch);
        break;
    case SnapshotReply::Kind::Unknown:
        break;
    case SnapshotReply::Kind::Malformed:
        SHELF_FUZZ_CHECK(!reply.error.isEmpty(), QString());
        break;
    }
    return 0;
}
