#include "attract_content.h"

#include "bounded_file.h"
#include "picture_file.h"
#include "toml_reading.h"

#include <QFile>
#include <QFileInfo>

namespace shelf {

using namespace toml_reading;

namespace {

const QStringList topKeys = {QStringLiteral("invitation"), QStringLiteral("slide")};
const QStringList slideKeys
    = {QStringLiteral("kind"), QStringLiteral("duration_s"), QStringLiteral("tile_s"),
       QStringLiteral("sku"),  QStringLiteral("title"),      QStringLiteral("text"),
       QStringLiteral("image")};

// A text the operator gives in one language ("Mango week") or several
// ({ en = "Mango week", "zh-CN" = "芒果周" }).
LocalizedText readText(const toml::table &table, const char *key, const QString &where,
                       Problems &problems)
{
    LocalizedText text;
    const toml::node *node = table.get(key);
    if (!node)
        return text;
    if (const auto *plain = node->as_string())
        return LocalizedText(toQString(plain->get()));
    const toml::table *languages = node->as_table();
    if (!languages || languages->empty()) {
        problems.add(*node,
                     QStringLiteral("%1.%2 must be a string or a table of languages, e.g. "
                                    "{ en = \"...\", \"zh-CN\" = \"...\" }")
                         .arg(where, QLatin1String(key)));
        return text;
    }
    for (const auto &[language, value] : *languages) {
        if (const auto *string = value.as_string())
            text.add(toQString(language.str()), toQString(string->get()));
        else
            problems.add(value,
                         QStringLiteral("%1.%2.%3 must be a string")
                             .arg(where, QLatin1String(key), toQString(language.str())));
    }
    return text;
}

std::optional<AttractSlide> readSlide(const toml::table &table, const QString &path,
                                      const ShelfConfig &config, const QStringList &shelfSkus,
                                      Problems &problems, QStringList &warnings)
{
    const qsizetype before = problems.size();
    AttractSlide slide;
    slide.line = placeOf(table).line;
    const QString where = QStringLiteral("slide");
    checkKeys(table, slideKeys, QStringLiteral("[[slide]]"), problems);
    const QString kind = requireString(table, "kind", where, problems);
    if (kind == u"products")
        slide.kind = AttractSlide::Kind::Products;
    else if (kind == u"product")
        slide.kind = AttractSlide::Kind::Product;
    else if (kind == u"promotion")
        slide.kind = AttractSlide::Kind::Promotion;
    else if (!kind.isEmpty())
        problems.add(
            *table.get("kind"),
            QStringLiteral("slide.kind \"%1\" is not products, product or promotion").arg(kind));
    const double defaultSeconds = slide.kind == AttractSlide::Kind::Products ? 12 : 6;
    slide.durationMs
        = int(readNumber(table, "duration_s", where, defaultSeconds, 2, 600, problems) * 1000);
    slide.tileMs = int(readNumber(table, "tile_s", where, 4, 1, 60, problems) * 1000);
    const qsizetype beforeSku = problems.size();
    slide.sku = readString(table, "sku", where, problems).value_or(QString());
    if (slide.kind == AttractSlide::Kind::Product && slide.sku.isEmpty()
        && problems.size() == beforeSku)
        problems.add(table, QStringLiteral("a product slide names its sku"));
    if (!slide.sku.isEmpty() && !shelfSkus.contains(slide.sku))
        problems.add(*table.get("sku"),
                     QStringLiteral("slide.sku \"%1\" is not on this shelf").arg(slide.sku));
    slide.title = readText(table, "title", where, problems);
    slide.text = readText(table, "text", where, problems);
    slide.image = readString(table, "image", where, problems).value_or(QString());
    if (slide.kind == AttractSlide::Kind::Promotion && slide.title.isEmpty()
        && slide.image.isEmpty() && slide.sku.isEmpty() && problems.size() == before)
        problems.add(table, QStringLiteral("a promotion slide needs a title, an image or a sku"));
    if (!slide.image.isEmpty()) {
        const QString file = contentFilePath(config.contentFolder, slide.image);
        // A picture too large or too thin to draw is as good as missing.
        if (const PictureCheck check = checkPictureFile(file);
            !file.isEmpty() && !check.error.isEmpty())
            warnings.append(QStringLiteral("%1: image \"%2\": %3; the slide shows the placeholder")
                                .arg(formatPlace(path, placeOf(*table.get("image"))), slide.image,
                                     check.error));
    }
    if (problems.size() != before)
        return std::nullopt;
    return slide;
}

AttractContent readContent(const toml::table &root, const QString &path, const ShelfConfig &config,
                           Problems &problems, QStringList &warnings)
{
    checkKeys(root, topKeys, QString(), problems);
    AttractContent content;
    content.invitation = readText(root, "invitation", QStringLiteral("attract"), problems);
    const toml::node *slides = root.get("slide");
    if (!slides) {
        content.slides = defaultAttractContent().slides;
        return content;
    }
    if (!slides->is_array_of_tables()) {
        problems.add(*slides, QStringLiteral("slides are [[slide]] tables"));
        return content;
    }
    const QStringList shelfSkus = config.skus();
    for (const toml::node &node : *slides->as_array()) {
        if (std::optional<AttractSlide> slide
            = readSlide(*node.as_table(), path, config, shelfSkus, problems, warnings))
            content.slides.append(*slide);
    }
    return content; // toml++ reads "slide = []" as no array of tables: never empty here
}

} // namespace

AttractContent defaultAttractContent()
{
    AttractContent content;
    AttractSlide products;
    products.kind = AttractSlide::Kind::Products;
    products.durationMs = 12000;
    content.slides.append(products);
    return content;
}

AttractContentResult parseAttractContent(const QByteArray &text, const QString &path,
                                         const ShelfConfig &config)
{
    AttractContentResult result;
    Problems problems(path);
    if (const std::optional<toml::table> root = parseDocument(text, problems)) {
        AttractContent content = readContent(*root, path, config, problems, result.warnings);
        if (problems.isEmpty())
            result.content = std::move(content);
    }
    result.problems = problems.messages();
    result.error = result.problems.join(u'\n');
    return result;
}

AttractContentResult loadAttractContent(const QString &path, const ShelfConfig &config)
{
    const BoundedRead read = readBoundedFile(path, maxTextFileBytes);
    if (read.missing)
        return {defaultAttractContent(), {}, QString(), {}};
    if (!read.error.isEmpty())
        return {std::nullopt, {read.error}, read.error, {}};
    return parseAttractContent(read.bytes, path, config);
}

} // namespace shelf
