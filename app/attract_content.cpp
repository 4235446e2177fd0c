#include "attract_content.h"

#include "bounded_file.h"
#include "picture_file.h"
#include "toml_reading.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace shelf {

using namespace toml_reading;

namespace {

// A text the operator gives in one language ("Mango week") or several
// ({ en = "Mango week", "zh-CN" = "芒果周" }).
LocalizedText readText(const toml::table &table, const char *key, const QString &where)
{
    LocalizedText text;
    const toml::node *node = table.get(key);
    if (!node)
        return text;
    if (const auto *plain = node->as_string())
        return LocalizedText(toQString(plain->get()));
    const toml::table *languages = node->as_table();
    if (!languages || languages->empty())
        throw ConfigError{lineOf(*node),
                          QStringLiteral("%1.%2 must be a string or a table of languages, e.g. "
                                         "{ en = \"...\", \"zh-CN\" = \"...\" }")
                              .arg(where, QLatin1String(key))};
    for (const auto &[language, value] : *languages) {
        const auto *string = value.as_string();
        if (!string)
            throw ConfigError{lineOf(value),
                              QStringLiteral("%1.%2.%3 must be a string")
                                  .arg(where, QLatin1String(key), toQString(language.str()))};
        text.add(toQString(language.str()), toQString(string->get()));
    }
    return text;
}

AttractContent readContent(const toml::table &root, const QString &path, const ShelfConfig &config,
                           QStringList &warnings)
{
    for (const auto &[key, value] : root) {
        if (key.str() != "invitation" && key.str() != "slide")
            throw ConfigError{lineOf(value),
                              QStringLiteral("unknown key \"%1\" (invitation, [[slide]])")
                                  .arg(toQString(key.str()))};
    }
    AttractContent content;
    content.invitation = readText(root, "invitation", QStringLiteral("attract"));
    const toml::node *slides = root.get("slide");
    if (!slides) {
        content.slides = defaultAttractContent().slides;
        return content;
    }
    if (!slides->is_array_of_tables())
        throw ConfigError{lineOf(*slides), QStringLiteral("slides are [[slide]] tables")};
    const QStringList shelfSkus = config.skus();
    for (const toml::node &node : *slides->as_array()) {
        const toml::table &table = *node.as_table();
        AttractSlide slide;
        slide.line = lineOf(table);
        const QString where = QStringLiteral("slide");
        const QString kind = requireString(table, "kind", where);
        if (kind == u"products")
            slide.kind = AttractSlide::Kind::Products;
        else if (kind == u"product")
            slide.kind = AttractSlide::Kind::Product;
        else if (kind == u"promotion")
            slide.kind = AttractSlide::Kind::Promotion;
        else
            throw ConfigError{lineOf(*table.get("kind")),
                              QStringLiteral("slide.kind \"%1\" is not products, product or "
                                             "promotion")
                                  .arg(kind)};
        const double defaultSeconds = slide.kind == AttractSlide::Kind::Products ? 12 : 6;
        slide.durationMs
            = int(optionalNumber(table, "duration_s", where, defaultSeconds, 2, 600) * 1000);
        slide.tileMs = int(optionalNumber(table, "tile_s", where, 4, 1, 60) * 1000);
        slide.sku = optionalString(table, "sku", where, {});
        if (slide.kind == AttractSlide::Kind::Product && slide.sku.isEmpty())
            throw ConfigError{slide.line, QStringLiteral("a product slide names its sku")};
        if (!slide.sku.isEmpty() && !shelfSkus.contains(slide.sku))
            throw ConfigError{
                lineOf(*table.get("sku")),
                QStringLiteral("slide.sku \"%1\" is not on this shelf").arg(slide.sku)};
        slide.title = readText(table, "title", where);
        slide.text = readText(table, "text", where);
        slide.image = optionalString(table, "image", where, {});
        if (slide.kind == AttractSlide::Kind::Promotion && slide.title.isEmpty()
            && slide.image.isEmpty() && slide.sku.isEmpty())
            throw ConfigError{slide.line,
                              QStringLiteral("a promotion slide needs a title, an image or a sku")};
        if (!slide.image.isEmpty()) {
            const QString file = contentFilePath(config.contentFolder, slide.image);
            // A picture too large or too thin to draw is as good as missing.
            if (const PictureCheck check = checkPictureFile(file);
                !file.isEmpty() && !check.error.isEmpty())
                warnings.append(QStringLiteral("%1:%2: image \"%3\": %4; the slide shows the "
                                               "placeholder")
                                    .arg(path)
                                    .arg(lineOf(*table.get("image")))
                                    .arg(slide.image, check.error));
        }
        for (const auto &[key, value] : table) {
            static const char *known[]
                = {"kind", "duration_s", "tile_s", "sku", "title", "text", "image"};
            if (std::find(std::begin(known), std::end(known), key.str()) == std::end(known))
                throw ConfigError{lineOf(value),
                                  QStringLiteral("slide: unknown key \"%1\" (%2)")
                                      .arg(toQString(key.str()),
                                           QStringLiteral("kind, duration_s, tile_s, sku, title, "
                                                          "text, image"))};
        }
        content.slides.append(slide);
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
    result.content
        = parseToml<AttractContent>(text, path, result.error, [&](const toml::table &root) {
              return readContent(root, path, config, result.warnings);
          });
    return result;
}

AttractContentResult loadAttractContent(const QString &path, const ShelfConfig &config)
{
    const BoundedRead read = readBoundedFile(path, maxTextFileBytes);
    if (read.missing)
        return {defaultAttractContent(), QString(), {}};
    if (!read.error.isEmpty())
        return {std::nullopt, read.error, {}};
    return parseAttractContent(read.bytes, path, config);
}

} // namespace shelf
