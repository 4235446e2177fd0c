#include "pickup.h"

#include "trace.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace shelf {

ShopperEvent shopperEventFor(const PickupDecision &decision)
{
    // The decision carries monotonic time; the store wants wall-clock time of the same moment.
    const qint64 agoMs = (monotonicMicros() - decision.atMicros) / 1000;
    const QDateTime at = QDateTime::currentDateTimeUtc().addMSecs(-agoMs);
    QJsonObject body{{QStringLiteral("type"), pickupTypeName(decision.type)},
                     {QStringLiteral("sku"), decision.sku},
                     {QStringLiteral("at"), at.toString(Qt::ISODateWithMs)},
                     {QStringLiteral("duration_ms"), decision.heldMs},
                     {QStringLiteral("source"), decision.source},
                     {QStringLiteral("confidence"), qRound(decision.confidence * 100) / 100.0}};
    if (!decision.slotId.isEmpty())
        body.insert(QStringLiteral("slot"), decision.slotId);
    return {QUuid::createUuid().toString(QUuid::WithoutBraces),
            QJsonDocument(body).toJson(QJsonDocument::Compact)};
}

} // namespace shelf
