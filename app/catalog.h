#pragma once

#include "feed_types.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <functional>

namespace shelf {

// The products this display knows, as last received from the feed, on the GUI thread.
class ProductCatalog : public QObject
{
    Q_OBJECT
public:
    struct Entry
    {
        ProductRecord record;
        QString epoch;
        quint64 version = 0;
        QDateTime receivedAt;
    };

    // maxPriceAgeHours: rule 6, how old a price from a previous epoch may be and still be shown.
    explicit ProductCatalog(int maxPriceAgeHours, QObject *parent = nullptr);

    const Entry *find(const QString &sku) const;
    QString skuForBarcode(const QString &barcode) const;
    // Whether this product's price may be shown to a shopper now.
    bool isPriceCurrent(const QString &sku) const;
    FeedHealth health() const { return m_health; }
    QDateTime healthSince() const { return m_healthSince; }
    int size() const { return int(m_entries.size()); }

    // Replaces the clock, for tests of price ageing.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    // The operator changed feed.max_price_age_h; what is shown is checked against it from now.
    void setMaxPriceAgeHours(int hours) { m_maxPriceAgeHours = hours; }

public Q_SLOTS:
    void applyChanges(const QVector<shelf::ProductChange> &changes);
    void setHealth(shelf::FeedHealth health, const QDateTime &since);

Q_SIGNALS:
    void productsChanged(const QStringList &skus);
    void healthChanged();

private:
    int m_maxPriceAgeHours;
    QHash<QString, Entry> m_entries;
    QHash<QString, QString> m_barcodes;
    QString m_liveEpoch;
    FeedHealth m_health = FeedHealth::NeverConnected;
    QDateTime m_healthSince;
    QDateTime m_lastLiveAt; // when the feed last stopped being live
    std::function<QDateTime()> m_clock = [] {
        return QDateTime::currentDateTimeUtc();
    };
};

} // namespace shelf
