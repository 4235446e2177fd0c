// What a shelf scale board prints, line by line, through parseScaleLine, and the readings
// through the weight channels that turn them into settled changes.

#include "fuzz_support.h"

#include <scale_channel.h>

#include <cmath>
#include <map>

using namespace shelf;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    std::map<int, WeightChannel> channels;
    qint64 atMs = 0;
    for (QByteArray line : fuzz::bytes(data, size).split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1); // as ScaleReader does
        const ScaleLine parsed = parseScaleLine(line);
        if (parsed.kind == ScaleLine::Kind::Malformed) {
            SHELF_FUZZ_CHECK(parsed.problem != nullptr, QString::fromLatin1(line.toHex()));
            continue;
        }
        if (parsed.kind != ScaleLine::Kind::Reading)
            continue;
        const ScaleReading &reading = parsed.reading;
        SHELF_FUZZ_CHECK(reading.channel >= 0 && reading.channel <= 63,
                         QString::number(reading.channel));
        SHELF_FUZZ_CHECK(std::isfinite(reading.grams), QString::fromLatin1(line.toHex()));
        atMs += 100;
        channels.try_emplace(reading.channel, reading.channel)
            .first->second.add(reading.grams, atMs);
    }
    return 0;
}
