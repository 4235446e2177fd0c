#pragma once

#include "feed_types.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <functional>
#include <optional>

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
        QDateTime receivedAt; // wall-clock time, as the feed or the cache dated it
        qint64 confirmedMs = 0; // the same moment on the monotonic clock, which ages it
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

    // Replaces the clocks prices age by, for tests. The wall clock dates only what arrives (a
    // cached price's age is all the disk can tell); from then on a price ages on the monotonic
    // clock (milliseconds), so a jump of the wall clock neither expires nor refreshes it.
    void setClock(std::function<QDateTime()> wall, std::function<qint64()> monotonicMs)
    {
        m_wallClock = std::move(wall);
        m_monotonicMs = std::move(monotonicMs);
    }
    // The operator changed feed.max_price_age_h; what is shown is checked against it from now.
    void setMaxPriceAgeHours(int hours) { m_maxPriceAgeHours = hours; }

public Q_SLOTS:
    void applyChanges(const QVector<shelf::ProductChange> &changes);
    void setHealth(shelf::FeedHealth health, const QDateTime &since);

Q_SIGNALS:
    void productsChanged(const QStringList &skus);
    void healthChanged();

private:
    // A wall-clock time on the monotonic clock: as long ago as the wall clock says now, and
    // never in the future (a time ahead of the wall clock means the clock was set back since).
    qint64 toMonotonicMs(const QDateTime &wallTime) const;

    int m_maxPriceAgeHours;
    QHash<QString, Entry> m_entries;
    QHash<QString, QString> m_barcodes;
    QString m_liveEpoch;
    FeedHealth m_health = FeedHealth::NeverConnected;
    QDateTime m_healthSince;
    std::optional<qint64> m_lastLiveMs; // when the feed last stopped being live, monotonic
    std::function<QDateTime()> m_wallClock;
    std::function<qint64()> m_monotonicMs;
};

} // namespace shelf
