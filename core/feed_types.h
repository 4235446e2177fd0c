#pragma once

// The values the store feed hands the rest of the display: what the catalog, fusion and the
// screen need without the feed client itself.
#include "product_record.h"

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

namespace shelf {

// One product as the feed last stated it: a record, or withdrawn (no record).
struct ProductChange
{
    QString sku;
    QString epoch;
    quint64 version = 0;
    std::optional<ProductRecord> record;
    QDateTime receivedAt;
};

// Updating: the store server answers, and the display loads the snapshot of its new epoch (after
// a reset or a restart of the server): not offline, but its prices are not confirmed yet.
enum class FeedHealth { NeverConnected, Live, Stale, Updating };

// A shopper event on its way to the store: kept until the server acknowledges its id.
struct ShopperEvent
{
    QString id; // unique (a UUID); the server stores each id once
    QByteArray body; // JSON, as in the protocol
};

// A command from the store server (protocol 1.1) that passed every check: meant for this display,
// of the current epoch, issued less than a minute ago by the server's clock, never seen before.
struct StoreCommand
{
    QString id;
    QString command; // "screenshot", "identify", "reload" or "status"
};

} // namespace shelf

Q_DECLARE_METATYPE(shelf::ProductChange)
Q_DECLARE_METATYPE(shelf::StoreCommand)
Q_DECLARE_METATYPE(shelf::FeedHealth)
