#pragma once

#include "pickup.h"
#include "shelf_config.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>

namespace shelf {

class Trace;

// Turns sensor evidence into pickup decisions and keeps the shelf's state: which products are
// out of their slots and since when. A product out longer than the configured time was taken.
class PickupFusion : public QObject
{
    Q_OBJECT
public:
    PickupFusion(const ShelfConfig &config, Trace *trace, QObject *parent = nullptr);

    // Resolves a scanned barcode to a sku (the catalog's lookup); empty if unknown.
    void setBarcodeResolver(std::function<QString(const QString &)> resolver)
    {
        m_resolveBarcode = std::move(resolver);
    }
    // Products out of their slots now, by slot id.
    QStringList liftedSlots() const;

public Q_SLOTS:
    void onSlotEvent(const shelf::SensorSlotEvent &event);
    void onIdentified(const QString &barcode, const QString &source, double confidence);

Q_SIGNALS:
    void decided(const shelf::PickupDecision &decision);

private:
    struct Lifted
    {
        qint64 sinceMicros = 0;
        std::unique_ptr<QTimer> takeTimer;
    };
    void emitDecision(const PickupDecision &decision);

    QVector<SlotConfig> m_slots;
    int m_takeAfterMs;
    Trace *m_trace;
    std::map<QString, Lifted> m_lifted; // slot id -> state
    std::function<QString(const QString &)> m_resolveBarcode;
};

} // namespace shelf
