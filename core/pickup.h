#pragma once

#include "feed_types.h"

#include <QMetaType>
#include <QString>

namespace shelf {

// A slot change seen by one sensor, before fusion.
struct SensorSlotEvent
{
    enum class Type { Lift, Return };
    Type type = Type::Lift;
    int slot = 0;
    double confidence = 0.0;
    qint64 atMicros = 0; // monotonic, when the evidence was captured
    QString source; // "camera", "weight", "script"
};

// What the shelf decided a shopper did with a product; the unit the screen and the store act on.
struct PickupDecision
{
    enum class Type { Lift, Return, Take, Scan };
    Type type = Type::Lift;
    QString sku;
    QString slotId; // empty for scans
    qint64 atMicros = 0; // monotonic
    qint64 heldMs = 0; // for returns: how long it was out
    int count = 1; // units: a scale can tell that two cans left at once
    QString source;
    double confidence = 0.0;
};

QString pickupTypeName(PickupDecision::Type type);
// The decision as the store server's shopper event, with a new unique id.
ShopperEvent shopperEventFor(const PickupDecision &decision);

} // namespace shelf

Q_DECLARE_METATYPE(shelf::SensorSlotEvent)
Q_DECLARE_METATYPE(shelf::PickupDecision)
