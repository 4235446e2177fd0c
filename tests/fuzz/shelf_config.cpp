// A shelf config file (shelf.toml) through parseShelfConfig, as the display reads it at start.

#include "fuzz_support.h"

using namespace shelf;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString path = QStringLiteral("/fuzz/shelf.toml");
    const ConfigResult result = parseShelfConfig(fuzz::bytes(data, size), path);
    for (const QString &problem : result.problems)
        fuzz::checkFileLineError(problem, path, true);
    for (const QString &warning : result.warnings)
        fuzz::checkFileLineError(warning, path, true);
    if (!result.config) {
        SHELF_FUZZ_CHECK(!result.problems.isEmpty(), result.error);
        return 0;
    }
    SHELF_FUZZ_CHECK(result.problems.isEmpty(), result.error);
    const ShelfConfig &config = *result.config;
    SHELF_FUZZ_CHECK(!config.slots.isEmpty(), QString());
    for (const SlotConfig &slot : config.slots)
        SHELF_FUZZ_CHECK(slot.polygon.size() >= 3, slot.id);
    config.skus();
    config.findSlot(QStringLiteral("1"));
    config.findSlot(config.slots.last().id);
    contentFilePath(config.contentFolder, QStringLiteral("images/a.png"));
    return 0;
}
