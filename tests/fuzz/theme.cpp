// An operator's theme.toml through parseTheme, and an accepted theme through the contrast check,
// as the display reads it at start and on every change.

#include "fuzz_support.h"

#include <theme.h>

using namespace shelf;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString path = QStringLiteral("/fuzz/theme.toml");
    const ThemeParseResult result = parseTheme(fuzz::bytes(data, size), path);
    for (const QString &error : result.errors)
        fuzz::checkFileLineError(error, path, true);
    SHELF_FUZZ_CHECK(result.theme.has_value() == result.errors.isEmpty(), QString());
    if (result.theme)
        contrastProblemsOf(*result.theme, path);
    return 0;
}
