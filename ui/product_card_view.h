#pragma once

#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

namespace shelf {

struct ProductRecord;

// The country's flag as the pair of regional indicator characters a colour emoji font draws;
// empty when no such font is installed (the two-letter code is shown instead).
QString countryFlag(const QString &code);

// Everything the product card shows, formatted for one language; QML only lays it out.
class ProductCardView : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Made by ShelfView")
    Q_PROPERTY(QString sku READ sku NOTIFY changed FINAL)
    Q_PROPERTY(bool known READ known NOTIFY changed FINAL)
    Q_PROPERTY(QString name READ name NOTIFY changed FINAL)
    Q_PROPERTY(QString secondaryName READ secondaryName NOTIFY changed FINAL)
    Q_PROPERTY(bool priceAvailable READ priceAvailable NOTIFY changed FINAL)
    Q_PROPERTY(QString priceText READ priceText NOTIFY changed FINAL)
    Q_PROPERTY(QString unitText READ unitText NOTIFY changed FINAL)
    Q_PROPERTY(QString unitPriceText READ unitPriceText NOTIFY changed FINAL)
    Q_PROPERTY(QString regularPriceText READ regularPriceText NOTIFY changed FINAL)
    Q_PROPERTY(QString promotionText READ promotionText NOTIFY changed FINAL)
    Q_PROPERTY(QString countryCode READ countryCode NOTIFY changed FINAL)
    Q_PROPERTY(QString flag READ flag NOTIFY changed FINAL)
    Q_PROPERTY(QString originText READ originText NOTIFY changed FINAL)
    Q_PROPERTY(QString producerText READ producerText NOTIFY changed FINAL)
    Q_PROPERTY(qreal rating READ rating NOTIFY changed FINAL)
    Q_PROPERTY(bool hasRating READ hasRating NOTIFY changed FINAL)
    Q_PROPERTY(QString reviewCountText READ reviewCountText NOTIFY changed FINAL)
    Q_PROPERTY(QStringList highlights READ highlights NOTIFY changed FINAL)
    Q_PROPERTY(QStringList tags READ tags NOTIFY changed FINAL)
    Q_PROPERTY(QUrl imageSource READ imageSource NOTIFY changed FINAL)

public:
    explicit ProductCardView(QObject *parent = nullptr);

    // Fills the card; record null means the product is not in the catalog.
    void show(const QString &sku, const ProductRecord *record, bool priceCurrent,
              const QString &language, const QString &contentFolder);

    QString sku() const { return m_sku; }
    bool known() const { return m_known; }
    QString name() const { return m_name; }
    QString secondaryName() const { return m_secondaryName; }
    bool priceAvailable() const { return m_priceAvailable; }
    QString priceText() const { return m_priceText; }
    QString unitText() const { return m_unitText; }
    QString unitPriceText() const { return m_unitPriceText; }
    QString regularPriceText() const { return m_regularPriceText; }
    QString promotionText() const { return m_promotionText; }
    QString countryCode() const { return m_countryCode; }
    QString flag() const { return countryFlag(m_countryCode); }
    QString originText() const { return m_originText; }
    QString producerText() const { return m_producerText; }
    qreal rating() const { return m_rating; }
    bool hasRating() const { return m_hasRating; }
    QString reviewCountText() const { return m_reviewCountText; }
    QStringList highlights() const { return m_highlights; }
    QStringList tags() const { return m_tags; }
    QUrl imageSource() const { return m_imageSource; }

Q_SIGNALS:
    void changed();

private:
    QString m_sku;
    bool m_known = false;
    QString m_name;
    QString m_secondaryName;
    bool m_priceAvailable = false;
    QString m_priceText;
    QString m_unitText;
    QString m_unitPriceText;
    QString m_regularPriceText;
    QString m_promotionText;
    QString m_countryCode;
    QString m_originText;
    QString m_producerText;
    qreal m_rating = 0;
    bool m_hasRating = false;
    QString m_reviewCountText;
    QStringList m_highlights;
    QStringList m_tags;
    QUrl m_imageSource;
};

// Resolves a record's image against the content folder ("qrc:" for the built-in demo).
QUrl contentUrl(const QString &contentFolder, const QString &path);
QString countryName(const QString &code, const QString &language);

} // namespace shelf
