// An update message as the display receives it on the updates socket: topic, epoch and version,
// one a line, then the body. The frames go through the protocol's checks, the body through
// parseProductRecord, and an accepted record through what the product card shows of it.

#include "fuzz_support.h"

#include <feed_protocol.h>
#include <product_record.h>

using namespace shelf;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::vector<QByteArray> message = fuzz::frames(fuzz::bytes(data, size), 4);
    const QByteArray topic = message[0];
    const QByteArray epoch = message.size() > 1 ? message[1] : QByteArray();
    const QByteArray versionText = message.size() > 2 ? message[2] : QByteArray();
    const QByteArray body = message.size() > 3 ? message[3] : QByteArray();

    feed::isValidEpoch(epoch);
    const QByteArray prefix(feed::productTopicPrefix);
    const QByteArray sku = topic.startsWith(prefix) ? topic.mid(prefix.size()) : topic;
    const bool validSku = feed::isValidSku(sku);
    if (const std::optional<quint64> version = feed::parseVersion(versionText)) {
        bool ok = false;
        SHELF_FUZZ_CHECK(versionText.toULongLong(&ok) == *version && ok,
                         QString::fromLatin1(versionText.toHex()));
    }

    // The display parses bodies of valid skus only; any sku keeps the JSON reachable.
    const QString expectedSku = validSku ? QString::fromLatin1(sku) : QString::fromUtf8(sku);
    const RecordParseResult parsed = parseProductRecord(body, expectedSku);
    SHELF_FUZZ_CHECK(parsed.record.has_value() != !parsed.error.isEmpty(), parsed.error);
    if (!parsed.record)
        return 0;
    const ProductRecord &record = *parsed.record;
    SHELF_FUZZ_CHECK(record.sku == expectedSku, record.sku);
    for (const char *language : {"en", "zh-CN", "fr"}) {
        const QString tag = QString::fromLatin1(language);
        record.name.pick(tag);
        record.name.other(tag);
        record.region.pick(tag);
        record.description.pick(tag);
        record.price.format(tag);
        if (record.regularPrice)
            record.regularPrice->format(tag);
        if (const std::optional<UnitPrice> unit = unitPriceOf(record))
            unit->amount.format(tag);
    }
    record.price.toDecimalString();
    record.isPromotion();
    return 0;
}
