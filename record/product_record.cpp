#include "product_record.h"

#include "feed_protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace shelf {

QString LocalizedText::pick(const QString &language) const
{
    if (m_entries.isEmpty())
        return {};
    for (const auto &entry : m_entries) {
        if (entry.first.compare(language, Qt::CaseInsensitive) == 0)
            return entry.second;
    }
    // "zh" matches "zh-CN" and the other way round: a close language beats English.
    const QString base = language.section(u'-', 0, 0);
    for (const auto &entry : m_entries) {
        if (!entry.first.isEmpty()
            && entry.first.section(u'-', 0, 0).compare(base, Qt::CaseInsensitive) == 0)
            return entry.second;
    }
    for (const auto &entry : m_entries) {
        if (entry.first.compare(u"en", Qt::CaseInsensitive) == 0)
            return entry.second;
    }
    return m_entries.first().second;
}

QString LocalizedText::other(const QString &language) const
{
    const QString shown = pick(language);
    for (const auto &entry : m_entries) {
        if (!entry.first.isEmpty() && entry.second != shown)
            return entry.second;
    }
    return {};
}

namespace {

struct Invalid
{
    QString reason;
};

// Reads a localized field: a plain string or an object of tag -> string.
LocalizedText localized(const QJsonValue &value, const QString &field)
{
    if (value.isString())
        return LocalizedText(value.toString());
    if (!value.isObject())
        throw Invalid{field + QStringLiteral(" must be a string or an object of language -> text")};
    LocalizedText text;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString())
            throw Invalid{field + u'.' + it.key() + QStringLiteral(" must be a string")};
        text.add(it.key(), it.value().toString());
    }
    if (text.isEmpty())
        throw Invalid{field + QStringLiteral(" is empty")};
    return text;
}

QString optionalString(const QJsonObject &object, const QString &key, const QString &field)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isString())
        throw Invalid{field + QStringLiteral(" must be a string")};
    return value.toString();
}

Money money(const QJsonValue &value, const QString &currency, const QString &field)
{
    if (!value.isString())
        throw Invalid{field + QStringLiteral(" must be a decimal string")};
    const auto parsed = Money::parse(value.toString(), currency);
    if (!parsed)
        throw Invalid{field + QStringLiteral(" is not a decimal amount: ")
                      + value.toString().left(40)};
    return *parsed;
}

bool isUpperAlpha(const QString &text, int length)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Z]+$"));
    return text.size() == length && pattern.match(text).hasMatch();
}

ProductRecord parse(const QJsonObject &json, const QString &expectedSku)
{
    ProductRecord record;
    const QJsonValue sku = json.value(u"sku");
    if (!sku.isString())
        throw Invalid{QStringLiteral("sku is missing")};
    record.sku = sku.toString();
    if (record.sku != expectedSku)
        throw Invalid{
            QStringLiteral("sku %1 does not match the message's sku").arg(record.sku.left(64))};

    if (!json.contains(u"name"))
        throw Invalid{QStringLiteral("name is missing")};
    record.name = localized(json.value(u"name"), QStringLiteral("name"));

    const QJsonValue priceValue = json.value(u"price");
    if (!priceValue.isObject())
        throw Invalid{QStringLiteral("price is missing")};
    const QJsonObject price = priceValue.toObject();
    const QJsonValue currency = price.value(u"currency");
    if (!currency.isString() || !isUpperAlpha(currency.toString(), 3))
        throw Invalid{QStringLiteral("price.currency must be an ISO 4217 code")};
    if (!price.contains(u"amount"))
        throw Invalid{QStringLiteral("price.amount is missing")};
    record.price
        = money(price.value(u"amount"), currency.toString(), QStringLiteral("price.amount"));
    if (price.contains(u"regular"))
        record.regularPrice
            = money(price.value(u"regular"), currency.toString(), QStringLiteral("price.regular"));
    const QString unit
        = optionalString(price, QStringLiteral("unit"), QStringLiteral("price.unit"));
    if (!unit.isEmpty()) {
        static const QStringList units
            = {QStringLiteral("each"), QStringLiteral("kg"), QStringLiteral("100g"),
               QStringLiteral("l"), QStringLiteral("100ml")};
        if (!units.contains(unit))
            throw Invalid{QStringLiteral("price.unit %1 is not one of each, kg, 100g, l, 100ml")
                              .arg(unit.left(20))};
        record.unit = unit;
    }
    const QString promoUntil
        = optionalString(price, QStringLiteral("promo_until"), QStringLiteral("price.promo_until"));
    if (!promoUntil.isEmpty()) {
        record.promoUntil = QDateTime::fromString(promoUntil, Qt::ISODate);
        if (!record.promoUntil.isValid())
            throw Invalid{QStringLiteral("price.promo_until is not an ISO 8601 date-time")};
    }

    const QJsonValue originValue = json.value(u"origin");
    if (originValue.isObject()) {
        const QJsonObject origin = originValue.toObject();
        record.country
            = optionalString(origin, QStringLiteral("country"), QStringLiteral("origin.country"));
        if (!record.country.isEmpty() && !isUpperAlpha(record.country, 2))
            throw Invalid{QStringLiteral("origin.country must be an ISO 3166-1 alpha-2 code")};
        if (origin.contains(u"region"))
            record.region = localized(origin.value(u"region"), QStringLiteral("origin.region"));
        record.producer
            = optionalString(origin, QStringLiteral("producer"), QStringLiteral("origin.producer"));
        const QString harvested = optionalString(origin, QStringLiteral("harvested"),
                                                 QStringLiteral("origin.harvested"));
        if (!harvested.isEmpty()) {
            record.harvested = QDate::fromString(harvested, Qt::ISODate);
            if (!record.harvested.isValid())
                throw Invalid{QStringLiteral("origin.harvested is not a date")};
        }
    } else if (!originValue.isUndefined() && !originValue.isNull()) {
        throw Invalid{QStringLiteral("origin must be an object")};
    }

    const QJsonValue reviewsValue = json.value(u"reviews");
    if (reviewsValue.isObject()) {
        const QJsonObject reviews = reviewsValue.toObject();
        if (reviews.contains(u"rating")) {
            const QJsonValue rating = reviews.value(u"rating");
            if (!rating.isDouble() || rating.toDouble() < 0 || rating.toDouble() > 5)
                throw Invalid{QStringLiteral("reviews.rating must be a number from 0 to 5")};
            record.rating = rating.toDouble();
        }
        if (reviews.contains(u"count")) {
            const QJsonValue count = reviews.value(u"count");
            // Up to 2^53 - 1, the largest whole number a JSON number holds exactly.
            const double largest = 9007199254740991.0;
            if (!count.isDouble() || !(count.toDouble() >= 0 && count.toDouble() <= largest)
                || count.toDouble() != std::floor(count.toDouble()))
                throw Invalid{QStringLiteral(
                    "reviews.count must be a whole number from 0 to 9007199254740991")};
            record.reviewCount = qint64(count.toDouble());
        }
        const QJsonArray highlights = reviews.value(u"highlights").toArray();
        for (const QJsonValue &entry : highlights) {
            if (!entry.isObject())
                throw Invalid{QStringLiteral("reviews.highlights entries must be objects")};
            const QJsonObject object = entry.toObject();
            ReviewHighlight highlight;
            highlight.rating = object.value(u"rating").toInt();
            if (highlight.rating < 0 || highlight.rating > 5)
                throw Invalid{QStringLiteral("reviews.highlights rating must be 0 to 5")};
            if (!object.contains(u"text"))
                throw Invalid{QStringLiteral("reviews.highlights entry has no text")};
            highlight.text
                = localized(object.value(u"text"), QStringLiteral("reviews.highlights.text"));
            highlight.author = optionalString(object, QStringLiteral("author"),
                                              QStringLiteral("reviews.highlights.author"));
            record.highlights.append(highlight);
        }
    } else if (!reviewsValue.isUndefined() && !reviewsValue.isNull()) {
        throw Invalid{QStringLiteral("reviews must be an object")};
    }

    record.image = optionalString(json, QStringLiteral("image"), QStringLiteral("image"));
    for (const QJsonValue &barcode : json.value(u"barcodes").toArray()) {
        if (!barcode.isString())
            throw Invalid{QStringLiteral("barcodes must be strings")};
        record.barcodes.append(barcode.toString());
    }
    if (json.contains(u"unit_weight_g")) {
        const QJsonValue weight = json.value(u"unit_weight_g");
        if (!weight.isDouble() || weight.toDouble() <= 0 || weight.toDouble() > 1e7)
            throw Invalid{QStringLiteral("unit_weight_g must be a positive number")};
        record.unitWeightGrams = qRound(weight.toDouble());
    }
    for (const QJsonValue &tag : json.value(u"tags").toArray()) {
        if (tag.isString())
            record.tags.append(tag.toString());
    }
    if (json.contains(u"description"))
        record.description = localized(json.value(u"description"), QStringLiteral("description"));
    return record;
}

} // namespace

std::optional<UnitPrice> unitPriceOf(const ProductRecord &record)
{
    const Money &price = record.price;
    if (record.unit == u"kg")
        return UnitPrice{price, QStringLiteral("kg")};
    if (record.unit == u"100g")
        return UnitPrice{price.scaled(10, 1), QStringLiteral("kg")};
    if (record.unit == u"l")
        return UnitPrice{price, QStringLiteral("l")};
    if (record.unit == u"100ml")
        return UnitPrice{price.scaled(10, 1), QStringLiteral("l")};
    if (record.unitWeightGrams && *record.unitWeightGrams > 0)
        return UnitPrice{price.scaled(1000, *record.unitWeightGrams), QStringLiteral("kg")};
    return std::nullopt;
}

RecordParseResult parseProductRecord(const QByteArray &body, const QString &expectedSku)
{
    if (body.size() > feed::maxBodyBytes)
        return {std::nullopt, QStringLiteral("body of %1 bytes is over 64 KiB").arg(body.size())};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return {std::nullopt,
                QStringLiteral("invalid JSON at offset %1: %2")
                    .arg(error.offset)
                    .arg(error.errorString())};
    if (!document.isObject())
        return {std::nullopt, QStringLiteral("body is not a JSON object")};
    try {
        return {parse(document.object(), expectedSku), QString()};
    } catch (const Invalid &invalid) {
        return {std::nullopt, invalid.reason};
    }
}

} // namespace shelf
