#include "catalog.h"

#include "trace.h"

#include <algorithm>

namespace shelf {

ProductCatalog::ProductCatalog(int maxPriceAgeHours, QObject *parent)
    : QObject(parent)
    , m_maxPriceAgeHours(maxPriceAgeHours)
    , m_wallClock([] { return QDateTime::currentDateTimeUtc(); })
    , m_monotonicMs([] { return monotonicMicros() / 1000; })
{ }

const ProductCatalog::Entry *ProductCatalog::find(const QString &sku) const
{
    const auto it = m_entries.constFind(sku);
    return it == m_entries.cend() ? nullptr : &it.value();
}

QString ProductCatalog::skuForBarcode(const QString &barcode) const
{
    if (m_entries.contains(barcode))
        return barcode;
    if (const QString sku = m_barcodes.value(barcode); !sku.isEmpty())
        return sku;
    // A UPC-A is the EAN-13 with a leading 0: a feed may list either form.
    if (barcode.size() == 13 && barcode.startsWith(u'0'))
        return m_barcodes.value(barcode.mid(1));
    if (barcode.size() == 12)
        return m_barcodes.value(u'0' + barcode);
    return {};
}

bool ProductCatalog::isPriceCurrent(const QString &sku) const
{
    const Entry *entry = find(sku);
    if (!entry)
        return false;
    if (m_health == FeedHealth::Live && entry->epoch == m_liveEpoch)
        return true;
    // A price of the last live epoch was confirmed by the feed until it stopped being live,
    // however long ago it last changed.
    qint64 confirmedMs = entry->confirmedMs;
    if (entry->epoch == m_liveEpoch && m_lastLiveMs && *m_lastLiveMs > confirmedMs)
        confirmedMs = *m_lastLiveMs;
    return m_monotonicMs() - confirmedMs < qint64(m_maxPriceAgeHours) * 3600 * 1000;
}

qint64 ProductCatalog::toMonotonicMs(const QDateTime &wallTime) const
{
    const qint64 agoMs = wallTime.isValid() ? wallTime.msecsTo(m_wallClock()) : 0;
    return m_monotonicMs() - std::max<qint64>(agoMs, 0);
}

void ProductCatalog::applyChanges(const QVector<ProductChange> &changes)
{
    QStringList changed;
    for (const ProductChange &change : changes) {
        if (const Entry *old = find(change.sku)) {
            for (const QString &barcode : old->record.barcodes)
                m_barcodes.remove(barcode);
        }
        if (change.record) {
            m_entries.insert(change.sku,
                             {*change.record, change.epoch, change.version, change.receivedAt,
                              toMonotonicMs(change.receivedAt)});
            for (const QString &barcode : change.record->barcodes)
                m_barcodes.insert(barcode, change.sku);
        } else {
            m_entries.remove(change.sku);
        }
        if (!change.epoch.isEmpty())
            m_liveEpoch = change.epoch;
        changed.append(change.sku);
    }
    if (!changed.isEmpty())
        Q_EMIT productsChanged(changed);
}

void ProductCatalog::setHealth(FeedHealth health, const QDateTime &since)
{
    if (health == m_health)
        return;
    if (m_health == FeedHealth::Live)
        m_lastLiveMs = toMonotonicMs(since);
    m_health = health;
    m_healthSince = since;
    Q_EMIT healthChanged();
}

} // namespace shelf
