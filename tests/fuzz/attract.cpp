// An operator's attract.toml through parseAttractContent, checked against the demo shelf, as the
// display reads it at start and on every change.

#include "fuzz_support.h"

#include <attract_content.h>

using namespace shelf;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString path = QStringLiteral("/fuzz/attract.toml");
    const AttractContentResult result
        = parseAttractContent(fuzz::bytes(data, size), path, fuzz::demoShelf());
    for (const QString &warning : result.warnings)
        fuzz::checkFileLineError(warning, path, true);
    for (const QString &problem : result.problems)
        fuzz::checkFileLineError(problem, path, true);
    SHELF_FUZZ_CHECK(result.content.has_value() == result.problems.isEmpty(), result.error);
    if (!result.content)
        return 0;
    SHELF_FUZZ_CHECK(!result.content->slides.isEmpty(), QString());
    for (const AttractSlide &slide : result.content->slides) {
        SHELF_FUZZ_CHECK(slide.durationMs >= 2000 && slide.durationMs <= 600000,
                         QString::number(slide.durationMs));
        slide.title.pick(QStringLiteral("zh-CN"));
        slide.text.other(QStringLiteral("en"));
    }
    result.content->invitation.pick(QStringLiteral("en"));
    return 0;
}
