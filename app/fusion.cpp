#include "fusion.h"

#include "trace.h"

#include <QJsonObject>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcFusion, "shelf.fusion")

namespace shelf {

QString pickupTypeName(PickupDecision::Type type)
{
    switch (type) {
    case PickupDecision::Type::Lift:
        return QStringLiteral("lift");
    case PickupDecision::Type::Return:
        return QStringLiteral("return");
    case PickupDecision::Type::Take:
        return QStringLiteral("take");
    case PickupDecision::Type::Scan:
        return QStringLiteral("scan");
    }
    return {};
}

PickupFusion::PickupFusion(const ShelfConfig &config, Trace *trace, QObject *parent)
    : QObject(parent)
    , m_slots(config.slots)
    , m_takeAfterMs(config.takeAfterSeconds * 1000)
    , m_trace(trace)
{
    qRegisterMetaType<SensorSlotEvent>();
    qRegisterMetaType<PickupDecision>();
}

QStringList PickupFusion::liftedSlots() const
{
    QStringList ids;
    for (const auto &entry : m_lifted)
        ids.append(entry.first);
    return ids;
}

void PickupFusion::onSlotEvent(const SensorSlotEvent &event)
{
    if (event.slot < 0 || event.slot >= m_slots.size()) {
        qCWarning(lcFusion) << "slot event for unknown slot index" << event.slot << "from"
                            << event.source;
        return;
    }
    const SlotConfig &slot = m_slots[event.slot];
    PickupDecision decision;
    decision.sku = slot.sku;
    decision.slotId = slot.id;
    decision.atMicros = event.atMicros;
    decision.source = event.source;
    decision.confidence = event.confidence;

    if (event.type == SensorSlotEvent::Type::Lift) {
        if (m_lifted.count(slot.id))
            return; // already out: a second sensor confirming it adds nothing new yet
        Lifted &lifted = m_lifted[slot.id];
        lifted.sinceMicros = event.atMicros;
        lifted.takeTimer = std::make_unique<QTimer>();
        lifted.takeTimer->setSingleShot(true);
        lifted.takeTimer->setTimerType(Qt::PreciseTimer);
        const QString slotId = slot.id;
        connect(lifted.takeTimer.get(), &QTimer::timeout, this, [this, slotId, decision] {
            PickupDecision take = decision;
            take.type = PickupDecision::Type::Take;
            take.atMicros = monotonicMicros();
            auto node = m_lifted.extract(slotId);
            take.heldMs = (take.atMicros - node.mapped().sinceMicros) / 1000;
            // This runs inside the timer's own signal: it may only be deleted later.
            node.mapped().takeTimer.release()->deleteLater();
            emitDecision(take);
        });
        lifted.takeTimer->start(m_takeAfterMs);
        decision.type = PickupDecision::Type::Lift;
        emitDecision(decision);
    } else {
        auto it = m_lifted.find(slot.id);
        decision.type = PickupDecision::Type::Return;
        if (it != m_lifted.end()) {
            decision.heldMs = (event.atMicros - it->second.sinceMicros) / 1000;
            m_lifted.erase(it);
        }
        // A return without a lift (taken earlier, or restocked) still tells the store the slot is
        // full.
        emitDecision(decision);
    }
}

void PickupFusion::onIdentified(const QString &barcode, const QString &source, double confidence)
{
    const QString sku = m_resolveBarcode ? m_resolveBarcode(barcode) : QString();
    PickupDecision decision;
    decision.type = PickupDecision::Type::Scan;
    decision.sku = sku.isEmpty() ? barcode : sku;
    decision.atMicros = monotonicMicros();
    decision.source = source;
    decision.confidence = confidence;
    if (sku.isEmpty())
        qCInfo(lcFusion) << "scanned code" << barcode << "is not in the catalog";
    emitDecision(decision);
}

void PickupFusion::emitDecision(const PickupDecision &decision)
{
    if (m_trace) {
        m_trace->write("fusion_decision",
                       {{QStringLiteral("type"), pickupTypeName(decision.type)},
                        {QStringLiteral("sku"), decision.sku},
                        {QStringLiteral("slot"), decision.slotId},
                        {QStringLiteral("source"), decision.source},
                        {QStringLiteral("confidence"), decision.confidence},
                        {QStringLiteral("held_ms"), decision.heldMs}});
    }
    Q_EMIT decided(decision);
}

} // namespace shelf
