// An operator's or a test's script through parseScript, checked against the demo shelf.

#include "fuzz_support.h"

#include <script.h>

using namespace shelf;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString path = QStringLiteral("/fuzz/check.script");
    const ShelfConfig &shelf = fuzz::demoShelf();
    const ScriptParseResult result
        = parseScript(QString::fromUtf8(fuzz::bytes(data, size)), path, shelf);
    if (!result.actions) {
        fuzz::checkFileLineError(result.error, path);
        return 0;
    }
    double previous = 0;
    for (const ScriptAction &action : *result.actions) {
        SHELF_FUZZ_CHECK(action.atSeconds >= previous, QString::number(action.atSeconds));
        previous = action.atSeconds;
        if (action.kind == ScriptAction::Kind::Lift || action.kind == ScriptAction::Kind::Return)
            SHELF_FUZZ_CHECK(action.slot >= 0 && action.slot < shelf.slots.size(),
                             QString::number(action.slot));
    }
    return 0;
}
