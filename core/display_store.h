#pragma once

#include "feed_types.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVector>

namespace shelf {

// What a display keeps on disk so that nothing is lost across a restart, a power cut or a full
// disk: the last good product records (shown at boot before the store answers) and the shopper
// events the store has not acknowledged yet. One SQLite database: each write is one transaction
// that lands whole or not at all, a full or read-only disk is an error the caller sees (and
// retries), and an event is one row appended or deleted rather than a file rewritten.
// Used on one thread only, the one that opened it (a Qt SQL connection belongs to its thread).
class DisplayStore
{
public:
    struct Product
    {
        QString sku;
        QString epoch;
        quint64 version = 0;
        QByteArray body;
        QDateTime receivedAt; // when the store last confirmed it
    };

    explicit DisplayStore(QString path);
    ~DisplayStore();
    DisplayStore(const DisplayStore &) = delete;
    DisplayStore &operator=(const DisplayStore &) = delete;

    const QString &path() const { return m_path; }
    // Opens (creating the folder, the file and its tables as needed); empty on success. Safe to
    // call again after a failure.
    QString open();
    bool isOpen() const { return m_open; }
    // After a failed write: the next open() starts from a fresh connection (a disk remounted
    // read-only and back leaves the old one unusable).
    void close();
    // The last open() failed because the file is not a database or is corrupt: only setting it
    // aside helps.
    bool isUnreadable() const { return m_unreadable; }

    // Every error names the file and what SQLite said.
    QString loadProducts(QVector<Product> &products);
    QString loadEvents(QVector<ShopperEvent> &events); // oldest first
    // One transaction: these records written (replacing older ones of the same sku), those skus
    // removed.
    QString writeProducts(const QVector<Product> &records, const QStringList &removedSkus);
    // Every record of this epoch was confirmed by the live store at this time.
    QString confirmEpoch(const QString &epoch, const QDateTime &at);
    QString appendEvents(const QVector<ShopperEvent> &events);
    QString removeEvents(const QStringList &ids);

private:
    struct Batch
    {
        QString statement;
        QVector<QVariantList> rows; // the statement runs once for each
    };
    // All batches in one transaction: every row written, or none.
    QString runBatches(const QString &what, const QVector<Batch> &batches);
    QString fail(const QString &what, const QString &sqlError) const;

    QString m_path;
    QString m_connection;
    bool m_open = false;
    bool m_unreadable = false;
};

} // namespace shelf
