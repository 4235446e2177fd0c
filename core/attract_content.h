#pragma once

#include "product_record.h"
#include "shelf_config.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace shelf {

// One step of the attract loop, as the operator wrote it in attract.toml.
struct AttractSlide
{
    enum class Kind {
        Products, // the shelf's products in turn
        Product, // one of the shelf's products, large
        Promotion, // the operator's picture and words, optionally with a product's live price
    };
    Kind kind = Kind::Products;
    int durationMs = 8000;
    int tileMs = 4000; // products: how long each product leads the strip
    QString sku; // product; optional for a promotion
    QString image; // promotion: a path relative to the content folder
    LocalizedText title;
    LocalizedText text;
    int line = 0; // in the file, for messages
};

// What the shelf shows while nobody is at it.
struct AttractContent
{
    LocalizedText invitation; // empty: the built-in invitation to pick a product up
    QVector<AttractSlide> slides; // never empty: the shelf's products when the file names none
};

struct AttractContentResult
{
    std::optional<AttractContent> content; // set only when problems is empty
    // Every mistake, "FILE:LINE:COLUMN: what is wrong", in the file's order; the previous
    // content stays.
    QStringList problems;
    QString error; // problems, one a line
    QStringList warnings; // "FILE:LINE:COLUMN: ..." for what is shown anyway (a missing picture)
};

// The attract loop without an operator's file: the shelf's products, nothing else.
AttractContent defaultAttractContent();
// Reads attract.toml; slides naming a sku not on this shelf, an unknown kind or key or a duration
// out of range are errors; a missing picture is a warning (the slide shows the placeholder).
AttractContentResult parseAttractContent(const QByteArray &text, const QString &path,
                                         const ShelfConfig &config);
// A missing file is the default content, not an error.
AttractContentResult loadAttractContent(const QString &path, const ShelfConfig &config);

} // namespace shelf

Q_DECLARE_METATYPE(shelf::AttractContent)
