#include "product_card_view.h"

#include <log_categories.h>
#include <picture_file.h>
#include <product_record.h>
#include <shelf_config.h>

#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHash>
#include <QLocale>
#include <QSet>

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <climits>

namespace shelf {

QUrl contentUrl(const QString &contentFolder, const QString &path)
{
    if (path.startsWith(u"http://") || path.startsWith(u"https://"))
        return QUrl(path);
    const QString file = contentFilePath(contentFolder, path);
    if (file.isEmpty())
        return {};
    // A picture the screen cannot draw safely (a device, a huge or sliver-thin one) is never
    // handed to QML, which would decode it whole: the placeholder stands in. Each is logged once.
    if (const PictureCheck check = checkPictureFile(file); !check.error.isEmpty()) {
        static QSet<QString> reported; // bounded below: a feed may name ever new pictures
        if (reported.size() > 1000)
            reported.clear();
        if (!reported.contains(check.error)) {
            reported.insert(check.error);
            qCWarning(lcContent).noquote() << check.error << "- the placeholder is shown instead";
        }
        return {};
    }
    if (file.startsWith(u':'))
        return QUrl(QStringLiteral("qrc") + file);
    return QUrl::fromLocalFile(QFileInfo(file).absoluteFilePath());
}

QString countryName(const QString &code, const QString &language)
{
    // ICU carries every country's name in every language; Qt only has each country's own.
    const icu::Locale country("", code.toLatin1().constData());
    const icu::Locale display(language.toLatin1().replace('-', '_').constData());
    icu::UnicodeString name;
    country.getDisplayCountry(display, name);
    std::string utf8;
    name.toUTF8String(utf8);
    return utf8.empty() ? code : QString::fromStdString(utf8);
}

QString countryFlag(const QString &code)
{
    static const bool haveEmojiFont
        = QFontDatabase::families().contains(QStringLiteral("Noto Color Emoji"));
    if (!haveEmojiFont || code.size() != 2)
        return {};
    QString flag;
    for (QChar letter : code) {
        if (letter < u'A' || letter > u'Z')
            return {};
        const char32_t indicator = 0x1F1E6 + (letter.unicode() - u'A');
        flag += QString::fromUcs4(&indicator, 1);
    }
    return flag;
}

ProductCardView::ProductCardView(QObject *parent)
    : QObject(parent)
{ }

static QString unitSuffix(const QString &unit)
{
    if (unit == u"kg")
        return ProductCardView::tr("per kg");
    if (unit == u"100g")
        return ProductCardView::tr("per 100 g");
    if (unit == u"l")
        return ProductCardView::tr("per litre");
    if (unit == u"100ml")
        return ProductCardView::tr("per 100 ml");
    return ProductCardView::tr("each");
}

// Tags are identifiers in the feed ("organic"); the shopper reads them in the display language.
// A tag this display does not know is shown as the feed wrote it.
static QString tagLabel(const QString &tag)
{
    static const QHash<QString, const char *> known = {
        {QStringLiteral("organic"), QT_TRANSLATE_NOOP("shelf::ProductCardView", "organic")},
        {QStringLiteral("imported"), QT_TRANSLATE_NOOP("shelf::ProductCardView", "imported")},
        {QStringLiteral("chilled"), QT_TRANSLATE_NOOP("shelf::ProductCardView", "chilled")},
        {QStringLiteral("frozen"), QT_TRANSLATE_NOOP("shelf::ProductCardView", "frozen")},
        {QStringLiteral("local"), QT_TRANSLATE_NOOP("shelf::ProductCardView", "local")},
        {QStringLiteral("seasonal"), QT_TRANSLATE_NOOP("shelf::ProductCardView", "seasonal")},
    };
    const auto it = known.constFind(tag);
    return it == known.cend() ? tag : ProductCardView::tr(*it);
}

// The price for comparing: per kg (per 500 g, one jin, for Chinese shoppers) or per 100 ml.
// Empty when the shelf price already is that unit, or the record does not say enough.
static QString formatUnitPrice(const ProductRecord &record, const QString &language)
{
    const std::optional<UnitPrice> unit = unitPriceOf(record);
    if (!unit)
        return {};
    if (unit->per == u"kg") {
        if (language == u"zh-CN") // per jin, unless the shelf price already is per 500 g
            return ProductCardView::tr("%1 per 500 g")
                .arg(unit->amount.scaled(1, 2).format(language));
        if (record.unit == u"kg")
            return {};
        return ProductCardView::tr("%1 per kg").arg(unit->amount.format(language));
    }
    // Drinks and oils are compared per 100 ml, as their labels print it.
    if (record.unit == u"100ml")
        return {};
    return ProductCardView::tr("%1 per 100 ml").arg(unit->amount.scaled(1, 10).format(language));
}

void ProductCardView::show(const QString &sku, const ProductRecord *record, bool priceCurrent,
                           const QString &language, const QString &contentFolder)
{
    m_sku = sku;
    m_known = record != nullptr;
    m_highlights.clear();
    m_tags.clear();
    if (!record) {
        m_name = tr("Let us find this product for you");
        m_secondaryName.clear();
        m_priceAvailable = false;
        m_priceText.clear();
        m_unitText.clear();
        m_unitPriceText.clear();
        m_regularPriceText.clear();
        m_promotionText.clear();
        m_countryCode.clear();
        m_originText.clear();
        m_producerText.clear();
        m_rating = 0;
        m_hasRating = false;
        m_reviewCountText.clear();
        m_imageSource.clear();
        Q_EMIT changed();
        return;
    }
    m_name = record->name.pick(language);
    m_secondaryName = record->name.other(language);
    // Rule 6 of the feed: no price at all beats a price that may be wrong.
    m_priceAvailable = priceCurrent;
    m_priceText = priceCurrent ? record->price.format(language) : tr("Price being updated");
    m_unitText = priceCurrent ? unitSuffix(record->unit) : QString();
    m_unitPriceText = priceCurrent ? formatUnitPrice(*record, language) : QString();
    m_regularPriceText = priceCurrent && record->isPromotion()
        ? record->regularPrice->format(language)
        : QString();
    m_promotionText.clear();
    if (priceCurrent && record->isPromotion()) {
        const Money saving(record->regularPrice->units() - record->price.units(),
                           record->price.currency());
        m_promotionText = tr("Save %1").arg(saving.format(language));
        if (record->promoUntil.isValid()) {
            // "6 Dec" and "12月6日": the short forms shoppers read on price tags.
            const bool chinese = language == u"zh-CN";
            const QLocale locale(chinese ? QLocale::Chinese : QLocale::English,
                                 chinese ? QLocale::China : QLocale::UnitedKingdom);
            const QString date
                = locale.toString(record->promoUntil.date(),
                                  chinese ? QStringLiteral("M月d日") : QStringLiteral("d MMM"));
            m_promotionText += u' ' + tr("until %1").arg(date);
        }
    }
    m_countryCode = record->country;
    QStringList origin;
    const QString region = record->region.pick(language);
    if (!region.isEmpty())
        origin.append(region);
    if (!record->country.isEmpty())
        origin.append(countryName(record->country, language));
    m_originText = origin.join(QStringLiteral(" · "));
    m_producerText = record->producer;
    if (record->harvested.isValid()) {
        const qint64 days = record->harvested.daysTo(QDate::currentDate());
        if (days >= 0)
            m_producerText += (m_producerText.isEmpty() ? QString() : QStringLiteral(" · "))
                + tr("harvested %n day(s) ago", nullptr, int(days));
    }
    m_hasRating = record->rating.has_value();
    m_rating = record->rating.value_or(0);
    m_reviewCountText = m_hasRating ? QString::number(m_rating, 'f', 1) + QStringLiteral(" · ")
            + tr("%n review(s)", nullptr, int(std::min<qint64>(record->reviewCount, INT_MAX)))
                                    : QString();
    for (const ReviewHighlight &highlight : record->highlights) {
        const QString text = highlight.text.pick(language);
        if (!text.isEmpty())
            m_highlights.append(text);
    }
    m_tags.clear();
    for (const QString &tag : record->tags)
        m_tags.append(tagLabel(tag));
    m_imageSource = contentUrl(contentFolder, record->image);
    Q_EMIT changed();
}

} // namespace shelf
