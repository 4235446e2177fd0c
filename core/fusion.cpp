#include "fusion.h"

#include "trace.h"

#include <QJsonObject>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcFusion, "shelf.fusion")

namespace shelf {

namespace {

// How far a moment is from the time a weight change took, from its start to its settling:
// a camera decides while the cell is still settling, or a little before it starts to move.
qint64 distanceMicros(qint64 atMicros, const WeightChange &change)
{
    const qint64 start = change.startedAtMs * 1000;
    const qint64 end = change.atMs * 1000;
    return atMicros < start ? start - atMicros : atMicros > end ? atMicros - end : 0;
}

} // namespace

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

PickupFusion::PickupFusion(const ShelfConfig &config, Trace *trace, ShelfClock &clock,
                           QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_slots(config.slots)
    , m_takeAfterMs(config.takeAfterSeconds * 1000)
    , m_trace(trace)
    , m_windowMicros(qint64(config.scale.fusionWindowMs) * 1000)
{
    qRegisterMetaType<SensorSlotEvent>();
    qRegisterMetaType<PickupDecision>();
}

void PickupFusion::setConfig(const ShelfConfig &config)
{
    m_slots = config.slots;
    m_takeAfterMs = config.takeAfterSeconds * 1000;
    m_windowMicros = qint64(config.scale.fusionWindowMs) * 1000;
    m_pendingWeights.clear();
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
    // A weight change waiting for the camera to say which of its slots it was.
    const int channel = m_slots[event.slot].scaleChannel;
    const auto pending = m_pendingWeights.find(channel);
    if (pending != m_pendingWeights.end() && pending->second.slots.contains(event.slot)
        && (pending->second.change.deltaGrams < 0) == (event.type == SensorSlotEvent::Type::Lift)
        && distanceMicros(event.atMicros, pending->second.change) <= m_windowMicros) {
        const int index = int(pending->second.slots.indexOf(event.slot));
        const int count = std::max(1, pending->second.match.counts.value(index));
        if (m_trace) {
            m_trace->write("fusion_resolved",
                           {{QStringLiteral("slot"), m_slots[event.slot].id},
                            {QStringLiteral("by"), event.source},
                            {QStringLiteral("delta_g"), pending->second.change.deltaGrams}});
        }
        m_pendingWeights.erase(pending);
        decide(event.slot, event.type, count, event.source + QStringLiteral("+weight"),
               1 - (1 - event.confidence) * 0.5, event.atMicros);
        return;
    }
    applyEvidence(event.slot, event.type, 1, event.source, event.confidence, event.atMicros);
}

UnitWeightTable PickupFusion::unitWeightTable() const
{
    UnitWeightTable table;
    for (int i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i].scaleChannel < 0)
            continue;
        const double weight = m_slots[i].unitWeightGrams > 0 ? m_slots[i].unitWeightGrams
            : m_unitWeight                                   ? m_unitWeight(m_slots[i].sku)
                                                             : 0.0;
        if (weight > 0) {
            ChannelProducts &products = table[m_slots[i].scaleChannel];
            products.slotIndexes.append(i);
            products.unitWeights.append(weight);
        }
    }
    return table;
}

void PickupFusion::onWeightChange(const WeightChange &change)
{
    // A scale reader matched the change on its own thread; one fed in directly is matched here.
    const ChannelProducts products
        = change.matched ? change.products : unitWeightTable().value(change.channel);
    const std::optional<UnitMatch> match
        = change.matched ? change.match : matchUnits(change.deltaGrams, products.unitWeights);
    const QVector<int> &slots = products.slotIndexes;
    for (const int slot : slots) {
        if (slot < 0 || slot >= m_slots.size())
            return; // matched against another shelf layout
    }
    if (!match) {
        // Not a whole number of any product on this channel: a bag set down, a hand, a misplaced
        // item.
        if (m_trace)
            m_trace->write("weight_unmatched",
                           {{QStringLiteral("channel"), change.channel},
                            {QStringLiteral("delta_g"), change.deltaGrams}});
        return;
    }
    PendingWeight pending{change, *match, slots, nullptr};
    if (!match->ambiguous) {
        decideWeight(pending, 0.9);
        return;
    }
    // The camera may already have said which slot it was.
    const int type
        = int(change.deltaGrams < 0 ? SensorSlotEvent::Type::Lift : SensorSlotEvent::Type::Return);
    for (int slot : std::as_const(slots)) {
        const auto seen = m_recent.find({m_slots[slot].id, type});
        if (seen != m_recent.end() && seen->second.source != u"weight"
            && distanceMicros(seen->second.atMicros, change) <= m_windowMicros) {
            if (m_trace) {
                m_trace->write(
                    "fusion_confirmed",
                    {{QStringLiteral("slot"), m_slots[slot].id},
                     {QStringLiteral("sources"), seen->second.source + QStringLiteral("+weight")},
                     {QStringLiteral("confidence"), 1 - (1 - seen->second.confidence) * 0.5}});
            }
            m_recent.erase(seen);
            return;
        }
    }
    // Products too alike in weight: wait a fusion window for the camera, then take the best fit.
    const int channel = change.channel;
    pending.alarm = m_clock.ringAfter(int(m_windowMicros / 1000), this, [this, channel] {
        auto node = m_pendingWeights.extract(channel); // and with it this alarm
        decideWeight(node.mapped(), 0.5);
    });
    // A second ambiguous change on the channel before the first was resolved: the first is
    // decided now on its weight alone rather than lost.
    if (auto earlier = m_pendingWeights.extract(channel))
        decideWeight(earlier.mapped(), 0.5);
    m_pendingWeights[channel] = std::move(pending);
}

void PickupFusion::decideWeight(PendingWeight &pending, double confidence)
{
    const auto type = pending.change.deltaGrams < 0 ? SensorSlotEvent::Type::Lift
                                                    : SensorSlotEvent::Type::Return;
    for (int i = 0; i < pending.slots.size(); ++i) {
        if (pending.match.counts[i] > 0)
            applyEvidence(pending.slots[i], type, pending.match.counts[i], QStringLiteral("weight"),
                          confidence, pending.change.startedAtMs * 1000);
    }
}

void PickupFusion::applyEvidence(int slot, SensorSlotEvent::Type type, int count,
                                 const QString &source, double confidence, qint64 atMicros)
{
    const auto key = std::make_pair(m_slots[slot].id, int(type));
    const auto recent = m_recent.find(key);
    if (recent != m_recent.end() && recent->second.source != source
        && std::abs(atMicros - recent->second.atMicros) <= m_windowMicros) {
        // The other sensor saw the same thing: one decision, now more certain.
        const double combined = 1 - (1 - recent->second.confidence) * (1 - confidence);
        if (m_trace) {
            m_trace->write("fusion_confirmed",
                           {{QStringLiteral("slot"), key.first},
                            {QStringLiteral("sources"), recent->second.source + u'+' + source},
                            {QStringLiteral("confidence"), combined}});
        }
        m_recent.erase(recent);
        return;
    }
    // The same kind of evidence on another slot of this channel within the window: the sensors
    // disagree. The decision already made stands; the trace keeps both for the operator.
    const int channel = m_slots[slot].scaleChannel;
    for (const auto &[otherKey, evidence] : m_recent) {
        // Captured by name: C++17 lambdas cannot capture a structured binding (clang refuses).
        const QString &otherId = otherKey.first;
        const auto other = std::find_if(m_slots.cbegin(), m_slots.cend(),
                                        [&](const SlotConfig &s) { return s.id == otherId; });
        if (channel >= 0 && other != m_slots.cend() && other->scaleChannel == channel
            && otherKey.first != key.first && otherKey.second == int(type)
            && evidence.source != source
            && std::abs(atMicros - evidence.atMicros) <= m_windowMicros) {
            const bool earlierStronger = evidence.confidence >= confidence;
            if (m_trace) {
                m_trace->write(
                    "fusion_disagreement",
                    {{QStringLiteral("slot"), key.first},
                     {QStringLiteral("source"), source},
                     {QStringLiteral("other_slot"), otherKey.first},
                     {QStringLiteral("other_source"), evidence.source},
                     {QStringLiteral("kept"), earlierStronger ? otherKey.first : key.first}});
            }
            if (earlierStronger)
                return;
            // The new evidence is stronger: the earlier lift was wrong. The screen and the store
            // are told so by a return from "correction", then the right slot is decided.
            const QString wrongSlot = otherKey.first;
            m_recent.erase(otherKey);
            retractLift(wrongSlot, source, atMicros);
            break;
        }
    }
    m_recent[key] = {source, atMicros, confidence};
    decide(slot, type, count, source, confidence, atMicros);
}

void PickupFusion::retractLift(const QString &slotId, const QString &because, qint64 atMicros)
{
    auto lifted = m_lifted.find(slotId);
    if (lifted == m_lifted.end())
        return;
    m_lifted.erase(lifted); // and its take alarm, which may have been due in this very pass
    const auto slot = std::find_if(m_slots.cbegin(), m_slots.cend(),
                                   [&](const SlotConfig &s) { return s.id == slotId; });
    PickupDecision correction;
    correction.type = PickupDecision::Type::Return;
    correction.sku = slot->sku;
    correction.slotId = slotId;
    correction.atMicros = atMicros;
    correction.source = QStringLiteral("correction:") + because;
    correction.confidence = 1.0;
    emitDecision(correction);
}

void PickupFusion::decide(int slotIndex, SensorSlotEvent::Type type, int count,
                          const QString &source, double confidence, qint64 atMicros)
{
    const SlotConfig &slot = m_slots[slotIndex];
    PickupDecision decision;
    decision.sku = slot.sku;
    decision.slotId = slot.id;
    decision.atMicros = atMicros;
    decision.source = source;
    decision.confidence = confidence;
    decision.count = count;

    if (type == SensorSlotEvent::Type::Lift) {
        if (m_lifted.count(slot.id))
            return; // already out: evidence arriving late adds nothing new
        Lifted &lifted = m_lifted[slot.id];
        lifted.sinceMicros = atMicros;
        lifted.lift = decision;
        lifted.lift.type = PickupDecision::Type::Lift;
        lifted.takeAlarm = m_clock.ringAfter(m_takeAfterMs, this, [this, slotId = slot.id, source] {
            take(m_lifted.find(slotId), source, m_clock.nowMicros());
        });
        decision.type = PickupDecision::Type::Lift;
        emitDecision(decision);
    } else {
        auto it = m_lifted.find(slot.id);
        decision.type = PickupDecision::Type::Return;
        if (it != m_lifted.end()) {
            decision.heldMs = (atMicros - it->second.sinceMicros) / 1000;
            m_lifted.erase(it);
        }
        // A return without a lift (taken earlier, or restocked) still tells the store the slot is
        // full.
        emitDecision(decision);
    }
}

void PickupFusion::take(std::map<QString, Lifted>::iterator lifted, const QString &source,
                        qint64 atMicros)
{
    PickupDecision decision = lifted->second.lift;
    decision.type = PickupDecision::Type::Take;
    decision.source = source;
    decision.atMicros = atMicros;
    decision.heldMs = (atMicros - lifted->second.sinceMicros) / 1000;
    m_lifted.erase(lifted); // and its take alarm, which may be ringing now
    emitDecision(decision);
}

void PickupFusion::onAisleChanged(bool occupied, qint64 atMicros)
{
    if (m_trace)
        m_trace->write("aisle",
                       {{QStringLiteral("occupied"), occupied},
                        {QStringLiteral("lifted"), int(m_lifted.size())}});
    if (occupied)
        return;
    // Everyone left: whatever was out of its slot before they went went with them. A lift
    // decided after the aisle emptied (a late settling scale) is not theirs.
    for (auto it = m_lifted.begin(); it != m_lifted.end();) {
        auto next = std::next(it);
        if (it->second.sinceMicros <= atMicros)
            take(it, QStringLiteral("aisle"), atMicros);
        it = next;
    }
}

void PickupFusion::onIdentified(const QString &barcode, const QString &source, double confidence)
{
    const QString sku = m_resolveBarcode ? m_resolveBarcode(barcode) : QString();
    PickupDecision decision;
    decision.type = PickupDecision::Type::Scan;
    decision.sku = sku.isEmpty() ? barcode : sku;
    decision.atMicros = m_clock.nowMicros();
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
                        {QStringLiteral("count"), decision.count},
                        {QStringLiteral("held_ms"), decision.heldMs}});
    }
    Q_EMIT decided(decision);
}

} // namespace shelf
