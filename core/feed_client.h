#pragma once

#include "feed_types.h"
#include "product_record.h"

#include <QDateTime>
#include <QHash>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace zmq {
class context_t;
class socket_t;
} // namespace zmq

namespace shelf {

class DisplayStore;
class Trace;

// One reply on the snapshot socket, checked against the protocol, its record parsed.
struct SnapshotReply
{
    enum class Kind { Product, Unknown, End, Malformed };
    Kind kind = Kind::Malformed;
    QString sku; // Product: empty unless the frame is a valid sku; Unknown: as sent
    quint64 version = 0; // Product
    QByteArray body; // Product
    std::optional<ProductRecord> record; // Product: unless error says why not
    QString epoch; // End
    quint64 count = 0; // End: the PRODUCT messages the snapshot sent
    QString error; // why the reply (Malformed, End) or its record (Product) was rejected
};
SnapshotReply parseSnapshotReply(const std::vector<QByteArray> &frames);

// The display's CURVE keys (Z85). With them, every socket is encrypted; there is no fallback.
struct CurveClientKeys
{
    QByteArray serverPublicKey;
    QByteArray publicKey;
    QByteArray secretKey;
};

// Reads the CURVE keys a config names: the server's public key file and this display's keypair
// (DISPLAY.pub, DISPLAY.secret). nullopt without a server key, or with error naming the file.
std::optional<CurveClientKeys> readCurveClientKeys(const QString &serverKeyPath,
                                                   const QString &displayKeyPath, QString &error);

// What one snapshot said of the skus asked for.
struct SnapshotAnswer
{
    QHash<QString, ProductRecord> products; // valid records, by sku
    QHash<QString, QString> rejected; // sku -> why its record was refused
    QStringList unknown; // skus the store answered UNKNOWN for
    QString error; // why there is no complete answer (none in time, a malformed reply)
};
// Asks the store once for a snapshot of skus (1 to 10,000) and reads it to its END, waiting at
// most timeoutMs in all: for checking a config (`shelfscreen check --feed`), not for the
// display, which retries and stays connected.
SnapshotAnswer fetchSnapshot(const QString &endpoint, const QStringList &skus,
                             const std::optional<CurveClientKeys> &curve, int timeoutMs);

struct FeedClientSettings
{
    QString snapshotEndpoint;
    QString updatesEndpoint;
    QString eventsEndpoint;
    QStringList skus; // products this display shows
    bool wholeCatalog = false; // subscribe to every product instead
    int snapshotTimeoutMs = 3000;
    int coalesceMs = 16; // at most one batch per displayed frame
    QString shelfId;
    // The SQLite database of the last good records (so a display boots without the server) and
    // the shopper events not yet acknowledged; empty: both kept in memory only.
    QString storePath;
    int outboxLimit = 10000;
    int eventResendMs = 5000;
    int cacheWriteIntervalMs = 2000;
    std::optional<CurveClientKeys> curve;
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
    // Thread-safe: queues a shopper event for the store; it is kept on disk until acknowledged.
    void submitEvent(const ShopperEvent &event);
    // Thread-safe: the operator changed the feed's endpoints, keys or the shelf's products. The
    // client reconnects and asks for a new snapshot when any of those changed; what it holds
    // (records, unacknowledged events) stays. The database stays where it was opened until the
    // next start.
    void reconfigure(const FeedClientSettings &settings);

    // What the display's status reports of the feed; thread-safe.
    struct Vitals
    {
        QString epoch; // of the last complete snapshot; empty before the first
        qint64 msSinceLastMessage = -1; // on the updates socket; -1: none yet
        qint64 rejected = 0; // product records and messages refused
        qint64 commandsDropped = 0; // commands refused (wrong epoch, stale, seen, malformed)
    };
    Vitals vitals() const;

public Q_SLOTS:
    void run();

Q_SIGNALS:
    void productsChanged(const QVector<shelf::ProductChange> &changes);
    void healthChanged(shelf::FeedHealth health, const QDateTime &since);
    void recordRejected(const QString &sku, const QString &reason);
    void outboxChanged(int pending, int dropped);
    // The database could not be written (error says why) or is written again; meanwhile what it
    // should hold is kept in memory and retried.
    void storageChanged(bool ok, const QString &error);
    // Products this display shows that the store's last snapshot did not know (sorted).
    void unknownSkusChanged(const QStringList &skus);
    // A command from the store server for this display, checked as the protocol requires.
    void commandReceived(const shelf::StoreCommand &command);

private:
    using Clock = std::chrono::steady_clock;
    struct HeldUpdate
    {
        QString epoch;
        quint64 version;
        QByteArray body;
    };

    struct OutboxEntry
    {
        ShopperEvent event;
        Clock::time_point lastSent{};
        // Events of which only the newest unacknowledged one is kept: the display's status
        // (protocol 1.1), and a screenshot's answer (a quarter of a megabyte each).
        enum class Kind { Shopper, Status, Screenshot };
        Kind kind = Kind::Shopper;
    };
    static OutboxEntry outboxEntry(const ShopperEvent &event);
    // Drops every status and screenshot answer in the outbox but the newest of each.
    void keepNewestStatusOnly();
    struct HeldRecord
    {
        QString epoch;
        quint64 version = 0;
        QByteArray body;
        QDateTime receivedAt;
    };

    void wake(const char *why);
    void configureSocket(zmq::socket_t &socket);
    void connectSockets();
    // A new updates socket; the snapshot is asked for once a message on it proves its
    // subscriptions in place.
    void connectUpdates();
    void closeUpdates();
    // A snapshot socket that asks nothing: polled until a request is due.
    std::unique_ptr<zmq::socket_t> idleSnapshotSocket();
    // One poll and what it brought; false when asked to stop.
    bool serviceOnce(zmq::socket_t &control);
    // Opens the database and loads what it holds; reports a failure and retries later.
    void openStore();
    // Writes what changed since the last write; now: records too, without waiting for their
    // batch. False while the database cannot be written.
    bool persist(bool now);
    void persistOnQuit();
    void storeFailed(const QString &error);
    QDateTime confirmedAt(const HeldRecord &record) const;
    // An event acknowledged or dropped: off the disk too.
    void forgetEvent(const QString &id);
    void takeSubmittedEvents();
    void takeNewSettings();
    // Shelf products the snapshot answered UNKNOWN for or did not list, if they changed.
    void reportUnknownSkus(const QSet<QString> &unknownInSnapshot);
    void sendDueEvents(bool all);
    // A new events socket, and everything unacknowledged sent again on it.
    void reconnectEvents();
    void handleEventReply(std::vector<QByteArray> &frames);
    void requestSnapshot();
    void handleUpdate(std::vector<QByteArray> &frames);
    void handleCommand(const std::vector<QByteArray> &frames);
    void dropCommand(const QString &id, const QString &reason);
    void updateVitals();
    void handleSnapshotReply(std::vector<QByteArray> &frames);
    void finishSnapshot(const QString &epoch, quint64 count);
    void applyProduct(const QString &epoch, const QString &sku, quint64 version,
                      const QByteArray &body);
    void resync(const char *reason);
    void setHealth(FeedHealth health);
    static constexpr int maxBatch = 2000;
    enum class Flush { WhenDue, Now, All };
    void flushChanges(Flush mode);
    void reject(const QString &sku, const QString &reason);
    bool wanted(const QString &sku) const;

    FeedClientSettings m_settings;
    Trace *m_trace;
    std::unique_ptr<zmq::context_t> m_context;
    std::unique_ptr<zmq::socket_t> m_updates;
    std::unique_ptr<zmq::socket_t> m_updatesMonitor; // PAIR: m_updates' dropped connections
    int m_updatesSockets = 0; // names each monitor's endpoint
    Clock::time_point m_updatesMadeAt;
    bool m_updatesDropped = false;
    std::unique_ptr<zmq::socket_t> m_snapshot;
    std::unique_ptr<zmq::socket_t> m_events;
    // When the events socket was made or last heard an ACK: events unacknowledged long after it,
    // with the store live, mean a connection that goes nowhere, and a new socket is made.
    Clock::time_point m_eventsHeardAt;
    std::atomic_bool m_stopRequested{false};
    QString m_controlEndpoint;

    QSet<QString> m_wantedSkus;
    bool m_updatesProven = false; // a message came on this updates socket: subscriptions in place
    QString m_epoch; // epoch of the last END
    QHash<QString, quint64> m_versions;
    bool m_syncing = false;
    // When the snapshot was asked for or last sent a reply: rule 5's timeout counts from there, so
    // that a long snapshot still arriving (10,000 products to a slow shelf PC) is not given up.
    Clock::time_point m_snapshotHeardAt;
    Clock::time_point m_nextSnapshotAt;
    int m_snapshotAttempts = 0;
    bool m_releaseMemoryDue = false; // a snapshot applied; its freed memory not yet handed back
    QVector<ProductChange> m_snapshotProducts;
    QHash<QString, QByteArray> m_snapshotBodies;
    QSet<QString> m_snapshotListed; // every sku the snapshot named, valid record or not
    quint64 m_snapshotProductMessages = 0;
    QSet<QString> m_snapshotUnknown;
    QHash<QString, HeldUpdate> m_held;
    Clock::time_point m_lastUpdateMessageAt;
    int m_heartbeatIntervalMs;
    FeedHealth m_health = FeedHealth::NeverConnected;
    QHash<QString, ProductChange> m_pending;
    Clock::time_point m_lastFlushAt;
    QHash<QString, QString> m_loggedRejections; // sku -> reason already logged
    qint64 m_rejectedCount = 0;

    QHash<QString, HeldRecord> m_records; // what the database should hold
    std::unique_ptr<DisplayStore> m_store; // made and used on the feed thread only
    bool m_storeLoaded = false;
    QSet<QString> m_dirtySkus; // records changed or removed since the last write
    bool m_confirmDue = false;
    Clock::time_point m_cacheWrittenAt{};
    Clock::time_point m_confirmedAt{};
    QString m_storeError; // the last write's failure; empty while writes succeed
    Clock::time_point m_storeRetryAt{};
    int m_storeBackoffMs = 0;

    // The server's clock as its last heartbeat gave it, for the age of a command.
    std::optional<std::pair<qint64, Clock::time_point>> m_serverClock;
    QByteArray m_ownCommandTopic; // "command/<shelf id>"
    QSet<QString> m_seenCommands; // ids carried out, the newest maxSeenCommands
    std::deque<QString> m_seenCommandOrder;
    static constexpr int maxSeenCommands = 4096;
    qint64 m_droppedCommands = 0;

    mutable std::mutex m_vitalsMutex;
    Vitals m_vitals; // as run() last published it

    std::mutex m_submittedMutex;
    QVector<ShopperEvent> m_submitted; // from other threads, taken by run()
    std::optional<FeedClientSettings> m_newSettings; // from reconfigure(), taken by run()
    QStringList m_unknownSkus; // as last reported
    std::deque<OutboxEntry> m_outbox;
    QVector<ShopperEvent> m_unwrittenEvents; // in the outbox, not yet on disk
    QStringList m_unwrittenAcks; // acknowledged or dropped, not yet removed from disk
    int m_droppedEvents = 0;
};

} // namespace shelf
