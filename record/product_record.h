#pragma once

#include "money.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace shelf {

// Text that the feed may give in several languages (BCP 47 tag -> text), or as one plain string.
class LocalizedText
{
public:
    LocalizedText() = default;
    explicit LocalizedText(QString plain) { m_entries.append({QString(), std::move(plain)}); }
    void add(QString tag, QString text) { m_entries.append({std::move(tag), std::move(text)}); }

    bool isEmpty() const { return m_entries.isEmpty(); }
    // The protocol's order: the display language, then "en", then the first entry.
    QString pick(const QString &language) const;
    // The same text in the language other than `language`, if the record has one that differs.
    QString other(const QString &language) const;

private:
    QList<QPair<QString, QString>> m_entries;
};

struct ReviewHighlight
{
    int rating = 0;
    LocalizedText text;
    QString author;
};

// One product as the store server describes it, validated against the feed protocol.
struct ProductRecord
{
    QString sku;
    LocalizedText name;
    Money price;
    std::optional<Money> regularPrice;
    QString unit = QStringLiteral("each");
    QDateTime promoUntil;
    QString country;
    LocalizedText region;
    QString producer;
    QDate harvested;
    std::optional<double> rating;
    qint64 reviewCount = 0;
    QList<ReviewHighlight> highlights;
    QString image;
    QStringList barcodes;
    std::optional<int> unitWeightGrams;
    QStringList tags;
    LocalizedText description;

    bool isPromotion() const { return regularPrice && regularPrice->units() > price.units(); }
};

// What shoppers compare: the price per kilogram (for "each" items, from the unit weight) or per
// litre, from the decimal price; nullopt when the record does not say enough.
struct UnitPrice
{
    Money amount;
    QString per; // "kg" or "l"
};
std::optional<UnitPrice> unitPriceOf(const ProductRecord &record);

struct RecordParseResult
{
    std::optional<ProductRecord> record;
    QString error; // why the record was rejected, for the log
};

// Parses and validates a product record body. expectedSku is the sku of the topic or snapshot
// frame the body came with; the record must name the same one.
RecordParseResult parseProductRecord(const QByteArray &body, const QString &expectedSku);

} // namespace shelf

Q_DECLARE_METATYPE(shelf::ProductRecord)
