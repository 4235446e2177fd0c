#pragma once

#include "product_record.h"

#include <QDateTime>
#include <QHash>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QVector>
#include <atomic>
#include <memory>
#include <optional>

namespace zmq {
class context_t;
class socket_t;
} // namespace zmq

namespace shelf {

class Trace;

// One product as the feed last stated it: a record, or withdrawn (no record).
struct ProductChange
{
    QString sku;
    QString epoch;
    quint64 version = 0;
    std::optional<ProductRecord> record;
    QDateTime receivedAt;
};

enum class FeedHealth { NeverConnected, Live, Stale };

struct FeedClientSettings
{
    QString snapshotEndpoint;
    QString updatesEndpoint;
    QString eventsEndpoint;
    QStringList skus; // products this display shows
    bool wholeCatalog = false; // subscribe to every product instead
    int snapshotTimeoutMs = 3000;
    int coalesceMs = 16; // at most one batch per displayed frame
};

// The display's side of the store feed (Clone pattern: snapshot + updates + heartbeats).
// Lives on its own thread: run() owns every ZeroMQ socket and loops on zmq::poll until stop().
// Results leave as queued signals carrying immutable values.
class FeedClient : public QObject
{
    Q_OBJECT
public:
    FeedClient(FeedClientSettings settings, Trace *trace);
    ~FeedClient() override;

    // Thread-safe: asks run() to return.
    void stop();

public Q_SLOTS:
    void run();

Q_SIGNALS:
    void productsChanged(const QVector<shelf::ProductChange> &changes);
    void healthChanged(shelf::FeedHealth health, const QDateTime &since);
    void recordRejected(const QString &sku, const QString &reason);

private:
    using Clock = std::chrono::steady_clock;
    struct HeldUpdate
    {
        QString epoch;
        quint64 version;
        QByteArray body;
    };

    void connectSockets();
    void requestSnapshot();
    void handleUpdate(std::vector<QByteArray> &frames);
    void handleSnapshotReply(std::vector<QByteArray> &frames);
    void finishSnapshot(const QString &epoch, quint64 count);
    void applyProduct(const QString &epoch, const QString &sku, quint64 version,
                      const QByteArray &body);
    void resync(const char *reason);
    void setHealth(FeedHealth health);
    void flushChanges(bool force);
    void reject(const QString &sku, const QString &reason);
    bool wanted(const QString &sku) const;

    FeedClientSettings m_settings;
    Trace *m_trace;
    std::unique_ptr<zmq::context_t> m_context;
    std::unique_ptr<zmq::socket_t> m_updates;
    std::unique_ptr<zmq::socket_t> m_snapshot;
    std::atomic_bool m_stopRequested { false };
    QString m_controlEndpoint;

    QSet<QString> m_wantedSkus;
    QString m_epoch; // epoch of the last END
    QHash<QString, quint64> m_versions;
    bool m_syncing = false;
    Clock::time_point m_snapshotRequestedAt;
    Clock::time_point m_nextSnapshotAt;
    int m_snapshotAttempts = 0;
    QVector<ProductChange> m_snapshotProducts;
    QSet<QString> m_snapshotUnknown;
    QHash<QString, HeldUpdate> m_held;
    Clock::time_point m_lastUpdateMessageAt;
    int m_heartbeatIntervalMs;
    FeedHealth m_health = FeedHealth::NeverConnected;
    QHash<QString, ProductChange> m_pending;
    Clock::time_point m_lastFlushAt;
    QHash<QString, QString> m_loggedRejections; // sku -> reason already logged
};

} // namespace shelf

Q_DECLARE_METATYPE(shelf::ProductChange)
Q_DECLARE_METATYPE(shelf::FeedHealth)
