#pragma once

#include "pickup.h"
#include "scale_channel.h"
#include "shelf_clock.h"
#include "shelf_config.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <map>
#include <memory>

namespace shelf {

class Trace;

// Turns sensor evidence into pickup decisions and keeps the shelf's state: which products are
// out of their slots and since when. A product out longer than the configured time was taken,
// and so was every product out when the camera sees the aisle in front of the shelf empty.
class PickupFusion : public QObject
{
    Q_OBJECT
public:
    // The take timer and the fusion window wait on `clock`.
    PickupFusion(const ShelfConfig &config, Trace *trace, ShelfClock &clock = systemClock(),
                 QObject *parent = nullptr);

    // Resolves a scanned barcode to a sku (the catalog's lookup); empty if unknown.
    void setBarcodeResolver(std::function<QString(const QString &)> resolver)
    {
        m_resolveBarcode = std::move(resolver);
    }
    // The unit weight of a product from the catalog (the feed's unit_weight_g); 0 if unknown.
    // A slot's own unit_weight_g in the shelf config wins over it.
    void setUnitWeightResolver(std::function<double(const QString &)> resolver)
    {
        m_unitWeight = std::move(resolver);
    }
    // The products on each scale channel with their unit weights as known now: what the scale
    // reader matches weight changes against, off this thread.
    UnitWeightTable unitWeightTable() const;
    // The operator changed the shelf: slots, timeouts, the fusion window. What is out of its
    // slot stays out (by slot id) and is taken or put back as before; a weight change still
    // waiting for the camera is dropped, since its slot indexes belong to the old layout.
    void setConfig(const ShelfConfig &config);
    // Products out of their slots now, by slot id.
    QStringList liftedSlots() const;

public Q_SLOTS:
    void onSlotEvent(const shelf::SensorSlotEvent &event);
    void onIdentified(const QString &barcode, const QString &source, double confidence);
    void onWeightChange(const shelf::WeightChange &change);
    // Someone came to the shelf, or everyone walked away: what they held left with them.
    void onAisleChanged(bool occupied, qint64 atMicros);

Q_SIGNALS:
    void decided(const shelf::PickupDecision &decision);

private:
    struct Lifted
    {
        qint64 sinceMicros = 0;
        PickupDecision lift; // as decided
        std::unique_ptr<Alarm> takeAlarm;
    };
    struct Evidence
    {
        QString source;
        qint64 atMicros = 0;
        double confidence = 0;
    };
    // A weight change that fits products on more than one slot: the camera may tell which.
    struct PendingWeight
    {
        WeightChange change;
        UnitMatch match;
        QVector<int> slots;
        std::unique_ptr<Alarm> alarm;
    };
    void applyEvidence(int slot, SensorSlotEvent::Type type, int count, const QString &source,
                       double confidence, qint64 atMicros);
    void decide(int slot, SensorSlotEvent::Type type, int count, const QString &source,
                double confidence, qint64 atMicros);
    void decideWeight(PendingWeight &pending, double confidence);
    // Takes back a lift that stronger evidence showed was wrong.
    void retractLift(const QString &slotId, const QString &because, qint64 atMicros);
    void emitDecision(const PickupDecision &decision);
    // The product out of slotId was taken: the take timer ran out or its shopper left.
    void take(std::map<QString, Lifted>::iterator lifted, const QString &source, qint64 atMicros);

    ShelfClock &m_clock;
    QVector<SlotConfig> m_slots;
    int m_takeAfterMs;
    Trace *m_trace;
    std::map<QString, Lifted> m_lifted; // slot id -> state
    std::function<QString(const QString &)> m_resolveBarcode;
    std::function<double(const QString &)> m_unitWeight;
    qint64 m_windowMicros;
    std::map<std::pair<QString, int>, Evidence> m_recent; // (slot id, type) -> last evidence
    std::map<int, PendingWeight> m_pendingWeights; // by scale channel
};

} // namespace shelf
