#include "feed_client.h"

#include "curve_keys.h"
#include "display_store.h"
#include "feed_protocol.h"
#include "trace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

Q_LOGGING_CATEGORY(lcFeed, "shelf.feed")

namespace shelf {

namespace {

using namespace std::chrono_literals;

// A command's body is a small JSON object; anything larger is not one.
constexpr int maxCommandBodyBytes = 4096;
constexpr qint64 commandClockSlackMs = 5000;

QByteArray toBytes(const zmq::message_t &message)
{
    return QByteArray(message.data<char>(), qsizetype(message.size()));
}

// Receives one whole multipart message without blocking; empty when there is none.
std::vector<QByteArray> receiveFrames(zmq::socket_t &socket)
{
    std::vector<zmq::message_t> messages;
    std::vector<QByteArray> frames;
    if (!zmq::recv_multipart(socket, std::back_inserter(messages), zmq::recv_flags::dontwait))
        return frames;
    frames.reserve(messages.size());
    for (const auto &message : messages)
        frames.push_back(toBytes(message));
    return frames;
}

void configureClientSocket(zmq::socket_t &socket, const std::optional<CurveClientKeys> &curve)
{
    socket.set(zmq::sockopt::linger, 0);
    socket.set(zmq::sockopt::maxmsgsize, int64_t(feed::maxMessageBytes));
    if (curve) {
        socket.set(zmq::sockopt::curve_serverkey, curve->serverPublicKey.toStdString());
        socket.set(zmq::sockopt::curve_publickey, curve->publicKey.toStdString());
        socket.set(zmq::sockopt::curve_secretkey, curve->secretKey.toStdString());
    }
}

// A fresh DEALER for one snapshot request, sent: every sku in skus, or the whole catalog when
// skus is empty.
std::unique_ptr<zmq::socket_t> sendSnapshotRequest(zmq::context_t &context, const QString &endpoint,
                                                   const QStringList &skus,
                                                   const std::optional<CurveClientKeys> &curve)
{
    auto socket = std::make_unique<zmq::socket_t>(context, zmq::socket_type::dealer);
    configureClientSocket(*socket, curve);
    // A whole snapshot (up to 10,000 products, each a message) must fit in the receive queue.
    socket->set(zmq::sockopt::rcvhwm, 2 * feed::maxSnapshotSkus + 16);
    socket->connect(endpoint.toStdString());
    std::vector<QByteArray> frames{QByteArray(feed::snapshotCommand)};
    for (const QString &sku : skus)
        frames.push_back(sku.toUtf8());
    std::vector<zmq::const_buffer> request;
    for (const QByteArray &frame : frames)
        request.push_back(zmq::buffer(frame.constData(), size_t(frame.size())));
    zmq::send_multipart(*socket, request, zmq::send_flags::dontwait);
    return socket;
}

} // namespace

SnapshotReply parseSnapshotReply(const std::vector<QByteArray> &frames)
{
    SnapshotReply reply;
    const QByteArray kind = frames.empty() ? QByteArray() : frames[0];
    if (kind == feed::productReply && frames.size() == 4) {
        reply.kind = SnapshotReply::Kind::Product;
        if (feed::isValidSku(frames[1]))
            reply.sku = QString::fromLatin1(frames[1]);
        const auto version = feed::parseVersion(frames[2]);
        if (reply.sku.isEmpty() || !version) {
            reply.error = QStringLiteral("snapshot PRODUCT with a bad sku or version");
            return reply;
        }
        reply.version = *version;
        reply.body = frames[3];
        RecordParseResult parsed = parseProductRecord(reply.body, reply.sku);
        reply.record = std::move(parsed.record);
        reply.error = parsed.error;
    } else if (kind == feed::unknownReply && frames.size() == 2) {
        reply.kind = SnapshotReply::Kind::Unknown;
        reply.sku = QString::fromUtf8(frames[1]);
    } else if (kind == feed::endReply && frames.size() == 3) {
        reply.kind = SnapshotReply::Kind::End;
        const auto count = feed::parseVersion(frames[2]);
        if (!feed::isValidEpoch(frames[1]) || !count) {
            reply.error = QStringLiteral("snapshot END with a bad epoch or count");
            return reply;
        }
        reply.epoch = QString::fromLatin1(frames[1]);
        reply.count = *count;
    } else {
        reply.error = QStringLiteral("snapshot reply %1 with %2 frames")
                          .arg(QString::fromLatin1(kind.left(16)))
                          .arg(frames.size());
    }
    return reply;
}

SnapshotAnswer fetchSnapshot(const QString &endpoint, const QStringList &skus,
                             const std::optional<CurveClientKeys> &curve, int timeoutMs)
{
    SnapshotAnswer answer;
    if (skus.isEmpty() || skus.size() > feed::maxSnapshotSkus) {
        answer.error
            = QStringLiteral("a snapshot asks for 1 to %1 skus").arg(feed::maxSnapshotSkus);
        return answer;
    }
    try {
        zmq::context_t context(1);
        std::unique_ptr<zmq::socket_t> socket = sendSnapshotRequest(context, endpoint, skus, curve);
        const auto deadline
            = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
        quint64 productMessages = 0;
        while (true) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                answer.error = QStringLiteral("no complete snapshot from %1 within %2 ms")
                                   .arg(endpoint)
                                   .arg(timeoutMs);
                break;
            }
            std::vector<zmq::pollitem_t> items = {{static_cast<void *>(*socket), 0, ZMQ_POLLIN, 0}};
            zmq::poll(items, left);
            const std::vector<QByteArray> frames = receiveFrames(*socket);
            if (frames.empty())
                continue;
            SnapshotReply reply = parseSnapshotReply(frames);
            if (reply.kind == SnapshotReply::Kind::Product) {
                ++productMessages;
                if (reply.record)
                    answer.products.insert(reply.sku, *reply.record);
                else if (!reply.sku.isEmpty())
                    answer.rejected.insert(reply.sku, reply.error);
            } else if (reply.kind == SnapshotReply::Kind::Unknown) {
                if (answer.unknown.size() < feed::maxSnapshotSkus
                    && !answer.unknown.contains(reply.sku))
                    answer.unknown.append(reply.sku);
            } else if (reply.kind == SnapshotReply::Kind::End && reply.error.isEmpty()) {
                if (reply.count != productMessages)
                    answer.error = QStringLiteral("the snapshot's END counts %1 products; %2 came")
                                       .arg(reply.count)
                                       .arg(productMessages);
                break;
            } else {
                answer.error = reply.error;
                break;
            }
        }
    } catch (const zmq::error_t &error) {
        answer.error = QStringLiteral("%1: %2").arg(endpoint, QString::fromLocal8Bit(error.what()));
    }
    return answer;
}

std::optional<CurveClientKeys> readCurveClientKeys(const QString &serverKeyPath,
                                                   const QString &displayKeyPath, QString &error)
{
    if (serverKeyPath.isEmpty())
        return std::nullopt;
    CurveClientKeys keys;
    for (auto [path, target] :
         {std::pair{serverKeyPath, &keys.serverPublicKey},
          std::pair{displayKeyPath + QStringLiteral(".pub"), &keys.publicKey},
          std::pair{displayKeyPath + QStringLiteral(".secret"), &keys.secretKey}}) {
        const curve::KeyResult read = curve::readKeyFile(path);
        if (!read.key) {
            error = read.error;
            return std::nullopt;
        }
        *target = *read.key;
    }
    return keys;
}

FeedClient::FeedClient(FeedClientSettings settings, Trace *trace)
    : m_settings(std::move(settings))
    , m_trace(trace)
    , m_context(std::make_unique<zmq::context_t>(1))
    , m_controlEndpoint(QStringLiteral("inproc://shelf-feed-control-%1").arg(quintptr(this)))
    , m_heartbeatIntervalMs(feed::defaultHeartbeatIntervalMs)
{
    qRegisterMetaType<ProductChange>();
    qRegisterMetaType<QVector<ProductChange>>();
    qRegisterMetaType<FeedHealth>();
    qRegisterMetaType<StoreCommand>();
    for (const QString &sku : std::as_const(m_settings.skus))
        m_wantedSkus.insert(sku);
}

FeedClient::~FeedClient() = default;

void FeedClient::stop()
{
    m_stopRequested = true;
    wake("stop");
}

void FeedClient::submitEvent(const ShopperEvent &event)
{
    {
        std::lock_guard lock(m_submittedMutex);
        m_submitted.append(event);
    }
    wake("event");
}

FeedClient::Vitals FeedClient::vitals() const
{
    std::lock_guard lock(m_vitalsMutex);
    Vitals vitals = m_vitals;
    if (m_vitals.msSinceLastMessage >= 0) {
        // Stored as the moment heard (steady ms); the age is taken now.
        vitals.msSinceLastMessage = std::max<qint64>(
            0,
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
                    .count()
                - m_vitals.msSinceLastMessage);
    }
    return vitals;
}

void FeedClient::updateVitals()
{
    std::lock_guard lock(m_vitalsMutex);
    m_vitals.epoch = m_epoch;
    m_vitals.rejected = m_rejectedCount;
    m_vitals.commandsDropped = m_droppedCommands;
}

void FeedClient::reconfigure(const FeedClientSettings &settings)
{
    {
        std::lock_guard lock(m_submittedMutex);
        m_newSettings = settings;
    }
    wake("reconfigure");
}

void FeedClient::takeNewSettings()
{
    std::optional<FeedClientSettings> next;
    {
        std::lock_guard lock(m_submittedMutex);
        next = std::exchange(m_newSettings, std::nullopt);
    }
    if (!next)
        return;
    next->storePath = m_settings.storePath;
    const auto sameKeys
        = [](const std::optional<CurveClientKeys> &a, const std::optional<CurveClientKeys> &b) {
              return a.has_value() == b.has_value()
                  && (!a
                      || (a->serverPublicKey == b->serverPublicKey && a->publicKey == b->publicKey
                          && a->secretKey == b->secretKey));
          };
    const bool reconnect = next->snapshotEndpoint != m_settings.snapshotEndpoint
        || next->updatesEndpoint != m_settings.updatesEndpoint
        || next->eventsEndpoint != m_settings.eventsEndpoint
        || !sameKeys(next->curve, m_settings.curve) || next->skus != m_settings.skus
        || next->wholeCatalog != m_settings.wholeCatalog;
    m_settings = std::move(*next);
    m_wantedSkus.clear();
    for (const QString &sku : std::as_const(m_settings.skus))
        m_wantedSkus.insert(sku);
    if (!reconnect)
        return;
    qCInfo(lcFeed) << "reconnecting: the shelf config changed";
    if (m_trace)
        m_trace->write("feed_resync",
                       {{QStringLiteral("reason"), QStringLiteral("config changed")}});
    m_held.clear();
    if (m_health == FeedHealth::Live)
        setHealth(FeedHealth::Updating);
    // run() connects anew: updates subscribed to the new products, a new snapshot, and every
    // unacknowledged event sent again.
    m_updates.reset();
    m_snapshot.reset();
    m_events.reset();
}

void FeedClient::reportUnknownSkus(const QSet<QString> &unknownInSnapshot)
{
    QStringList unknown;
    for (const QString &sku : std::as_const(m_settings.skus)) {
        if (unknownInSnapshot.contains(sku) || !m_snapshotListed.contains(sku))
            unknown.append(sku);
    }
    unknown.sort();
    if (unknown == m_unknownSkus)
        return;
    m_unknownSkus = unknown;
    if (!unknown.isEmpty())
        qCWarning(lcFeed).noquote() << "the store server does not know these shelf products:"
                                    << unknown.join(QStringLiteral(", "));
    if (m_trace)
        m_trace->write("feed_unknown_skus",
                       {{QStringLiteral("skus"), QJsonArray::fromStringList(unknown)}});
    Q_EMIT unknownSkusChanged(unknown);
}

void FeedClient::wake(const char *why)
{
    // A socket made, used and closed in the calling thread: ZeroMQ sockets are never shared.
    try {
        zmq::socket_t wake(*m_context, zmq::socket_type::push);
        wake.set(zmq::sockopt::linger, 100);
        wake.connect(m_controlEndpoint.toStdString());
        wake.send(zmq::buffer(std::string_view(why)), zmq::send_flags::dontwait);
    } catch (const zmq::error_t &error) {
        // run() also checks its flag and queue at every poll timeout: a lost wake-up only delays.
        qCWarning(lcFeed) << "could not wake the feed thread:" << error.what();
    }
}

void FeedClient::configureSocket(zmq::socket_t &socket)
{
    configureClientSocket(socket, m_settings.curve);
}

bool FeedClient::wanted(const QString &sku) const
{
    return m_settings.wholeCatalog || m_wantedSkus.contains(sku);
}

void FeedClient::connectSockets()
{
    m_lastUpdateMessageAt = Clock::now();
    connectUpdates();
    reconnectEvents();
}

void FeedClient::closeUpdates()
{
    // The monitor first: libzmq sends its events blocking, from its I/O thread, and one sent
    // once the reader is gone stops that thread, and every socket of this display, for good.
    if (m_updates)
        zmq_socket_monitor(m_updates->handle(), nullptr, 0);
    m_updatesMonitor.reset();
    m_updates.reset();
}

void FeedClient::connectUpdates()
{
    closeUpdates();
    m_updates = std::make_unique<zmq::socket_t>(*m_context, zmq::socket_type::sub);
    configureSocket(*m_updates);
    // Thousands of subscriptions can overflow the subscription pipe's high-water mark and be
    // dropped silently; past a thousand skus the whole product prefix is cheaper and exact topic
    // matching drops what this display does not show.
    if (m_settings.wholeCatalog || m_settings.skus.size() > 1000) {
        m_updates->set(zmq::sockopt::subscribe, feed::productTopicPrefix);
    } else {
        for (const QString &sku : std::as_const(m_settings.skus))
            m_updates->set(zmq::sockopt::subscribe,
                           (QByteArray(feed::productTopicPrefix) + sku.toUtf8()).toStdString());
    }
    // Commands for this display and for every display (protocol 1.1); a version 1 server never
    // sends any.
    m_ownCommandTopic = QByteArray(feed::commandTopicPrefix) + m_settings.shelfId.toUtf8();
    m_updates->set(zmq::sockopt::subscribe, m_ownCommandTopic.toStdString());
    m_updates->set(zmq::sockopt::subscribe, std::string(feed::commandToEveryDisplay));
    // Heartbeats last: the server takes subscriptions in order, so the first heartbeat proves
    // that every product and command subscription is in place too.
    m_updates->set(zmq::sockopt::subscribe, feed::heartbeatTopic);
    // ZeroMQ makes a dropped connection again by itself and subscribes anew, and whatever was
    // published meanwhile is lost to this display: its monitor tells, and the socket is replaced.
    const std::string monitor = QStringLiteral("inproc://shelf-feed-updates-%1-%2")
                                    .arg(quintptr(this))
                                    .arg(++m_updatesSockets)
                                    .toStdString();
    if (zmq_socket_monitor(m_updates->handle(), monitor.c_str(), ZMQ_EVENT_DISCONNECTED) != 0)
        throw zmq::error_t();
    m_updatesMonitor = std::make_unique<zmq::socket_t>(*m_context, zmq::socket_type::pair);
    m_updatesMonitor->set(zmq::sockopt::linger, 0);
    m_updatesMonitor->connect(monitor);
    m_updates->connect(m_settings.updatesEndpoint.toStdString());
    m_updatesMadeAt = Clock::now();
    m_updatesDropped = false;
    // Subscribe first, then ask for the snapshot (protocol rule 1): the subscriptions reach the
    // server some time after connect(), and a price changed before they do is in no update this
    // display gets. So the snapshot is asked for once the first message on this socket proves
    // them in place (at most a heartbeat interval), and any held from before is forgotten.
    m_updatesProven = false;
    m_syncing = false;
    m_held.clear();
    m_nextSnapshotAt = Clock::time_point::max();
    m_snapshot = idleSnapshotSocket();
}

std::unique_ptr<zmq::socket_t> FeedClient::idleSnapshotSocket()
{
    auto socket = std::make_unique<zmq::socket_t>(*m_context, zmq::socket_type::dealer);
    configureSocket(*socket);
    return socket;
}

void FeedClient::reconnectEvents()
{
    m_events = std::make_unique<zmq::socket_t>(*m_context, zmq::socket_type::dealer);
    configureSocket(*m_events);
    m_events->connect(m_settings.eventsEndpoint.toStdString());
    m_eventsHeardAt = Clock::now();
    // A new connection may be to a restarted server: everything unacknowledged goes again.
    sendDueEvents(true);
}

void FeedClient::requestSnapshot()
{
    // A fresh DEALER each time, so a reply to an abandoned request can never be taken for this one.
    m_snapshot = sendSnapshotRequest(*m_context, m_settings.snapshotEndpoint,
                                     m_settings.wholeCatalog ? QStringList() : m_settings.skus,
                                     m_settings.curve);

    m_syncing = true;
    m_snapshotProducts.clear();
    m_snapshotUnknown.clear();
    m_snapshotListed.clear();
    m_snapshotProductMessages = 0;
    m_snapshotBodies.clear();
    m_snapshotHeardAt = Clock::now();
    m_nextSnapshotAt = Clock::time_point::max();
    ++m_snapshotAttempts;
}

void FeedClient::resync(const char *reason)
{
    qCInfo(lcFeed) << "resynchronising:" << reason;
    if (m_trace)
        m_trace->write("feed_resync", {{QStringLiteral("reason"), QString::fromLatin1(reason)}});
    m_held.clear();
    // Until the new snapshot lands, what is held is not the server's current state; the server
    // is there all the same, so the staff are not told it is offline.
    if (m_health == FeedHealth::Live)
        setHealth(FeedHealth::Updating);
    requestSnapshot();
}

void FeedClient::run()
{
    zmq::socket_t control(*m_context, zmq::socket_type::pull);
    control.bind(m_controlEndpoint.toStdString());
    // What the display knew before it stopped: shown at once, whatever the network does.
    if (!m_settings.storePath.isEmpty()) {
        m_store = std::make_unique<DisplayStore>(m_settings.storePath);
        openStore();
    }
    flushChanges(Flush::Now);
    while (!m_stopRequested) {
        takeNewSettings();
        // Any ZeroMQ error (a bad endpoint, no file descriptors left) closes the sockets and
        // tries again a second later: the feed thread never ends before it is asked to.
        try {
            if (!m_updates)
                connectSockets();
            if (!serviceOnce(control))
                break;
        } catch (const zmq::error_t &error) {
            qCWarning(lcFeed) << "store feed error:" << error.what() << "- reconnecting in 1 s";
            closeUpdates();
            m_snapshot.reset();
            m_events.reset();
            std::vector<zmq::pollitem_t> wait = {{static_cast<void *>(control), 0, ZMQ_POLLIN, 0}};
            zmq::poll(wait, 1000ms);
        }
    }
    takeSubmittedEvents();
    flushChanges(Flush::All);
    persistOnQuit();
    m_store.reset(); // its connection belongs to this thread
    m_storeLoaded = false;
    closeUpdates();
    m_snapshot.reset();
    m_events.reset();
}

bool FeedClient::serviceOnce(zmq::socket_t &control)
{
    std::vector<zmq::pollitem_t> items = {
        {static_cast<void *>(control), 0, ZMQ_POLLIN, 0},
        {static_cast<void *>(*m_updates), 0, ZMQ_POLLIN, 0},
        {static_cast<void *>(*m_snapshot), 0, ZMQ_POLLIN, 0},
        {static_cast<void *>(*m_events), 0, ZMQ_POLLIN, 0},
        {static_cast<void *>(*m_updatesMonitor), 0, ZMQ_POLLIN, 0},
    };
    // Wake at least at frame rate when changes wait to be flushed, else a few times a second.
    const auto timeout
        = m_pending.isEmpty() ? 100ms : std::chrono::milliseconds(m_settings.coalesceMs);
    try {
        zmq::poll(items, timeout);
    } catch (const zmq::error_t &error) {
        if (error.num() == EINTR)
            return true;
        throw;
    }
    if (items[0].revents & ZMQ_POLLIN) {
        zmq::message_t message;
        while (control.recv(message, zmq::recv_flags::dontwait)) { }
    }
    if (m_stopRequested)
        return false;
    takeSubmittedEvents();

    // Bounded batches per wake-up so one busy socket cannot starve the others or the flush.
    for (int i = 0; i < 1000 && (items[1].revents & ZMQ_POLLIN); ++i) {
        std::vector<QByteArray> frames = receiveFrames(*m_updates);
        if (frames.empty())
            break;
        m_lastUpdateMessageAt = Clock::now();
        {
            std::lock_guard lock(m_vitalsMutex);
            m_vitals.msSinceLastMessage = std::chrono::duration_cast<std::chrono::milliseconds>(
                                              m_lastUpdateMessageAt.time_since_epoch())
                                              .count();
        }
        if (!m_updatesProven) {
            m_updatesProven = true;
            requestSnapshot();
        }
        handleUpdate(frames);
    }
    for (int i = 0; i < 20000 && (items[2].revents & ZMQ_POLLIN); ++i) {
        std::vector<QByteArray> frames = receiveFrames(*m_snapshot);
        if (frames.empty())
            break;
        m_snapshotHeardAt = Clock::now();
        handleSnapshotReply(frames);
    }
    for (int i = 0; i < 1000 && (items[3].revents & ZMQ_POLLIN); ++i) {
        std::vector<QByteArray> frames = receiveFrames(*m_events);
        if (frames.empty())
            break;
        handleEventReply(frames);
    }
    sendDueEvents(false);
    if (items[4].revents & ZMQ_POLLIN) {
        while (!receiveFrames(*m_updatesMonitor).empty())
            m_updatesDropped = true;
    }

    const auto now = Clock::now();
    // The store answers snapshots and sends heartbeats, yet events go unacknowledged: the events
    // connection goes nowhere (a peer that swallows them, a half-open connection, or a DEALER that
    // met itself on an ephemeral port while the server was down). It is made anew; resent events
    // are stored once, as the server knows their ids.
    if (m_health == FeedHealth::Live && !m_outbox.empty()
        && now - m_eventsHeardAt > std::chrono::milliseconds(4 * m_settings.eventResendMs)) {
        qCInfo(lcFeed) << m_outbox.size()
                       << "shopper events unacknowledged while the store is live; reconnecting "
                          "the events socket";
        reconnectEvents();
    }
    // At most once per 100 ms, so that a peer resetting every connection at once (a firewall)
    // does not make this a busy loop.
    if (m_updatesDropped && now - m_updatesMadeAt >= 100ms) {
        qCInfo(lcFeed) << "the updates connection dropped; subscribing again";
        connectUpdates();
    }
    if (now - m_lastUpdateMessageAt > std::chrono::milliseconds(3 * m_heartbeatIntervalMs)) {
        // Rule 4: silence means the feed is down; start over with new sockets.
        if (m_health == FeedHealth::Live || m_health == FeedHealth::Updating)
            setHealth(FeedHealth::Stale);
        closeUpdates();
        m_snapshot.reset();
        m_events.reset();
        m_snapshotAttempts = 0;
        connectSockets();
    } else if (m_syncing
               && now - m_snapshotHeardAt > std::chrono::milliseconds(m_settings.snapshotTimeoutMs)
               && m_nextSnapshotAt == Clock::time_point::max()) {
        // Rule 5: retry after a backoff that doubles up to 8 s.
        const int shift = std::min(m_snapshotAttempts, 6);
        m_nextSnapshotAt = now + std::chrono::milliseconds(125 << shift);
        m_snapshot.reset();
        m_snapshot = idleSnapshotSocket();
        qCWarning(lcFeed) << "snapshot request unanswered; retrying, attempt"
                          << m_snapshotAttempts + 1;
    } else if (m_syncing && now >= m_nextSnapshotAt) {
        requestSnapshot();
    }
    flushChanges(Flush::WhenDue);
    // While live, the stored records are confirmed now and then even without changes, so that
    // the time their prices were last confirmed stays close to the truth.
    if (m_health == FeedHealth::Live && now - m_confirmedAt > std::chrono::minutes(10))
        m_confirmDue = true;
    persist(false);
    // A snapshot is parsed here whole: a store's 10,000 products leave this thread's malloc arena
    // with a hundred MiB of freed pages, which glibc keeps unless asked. Asked once the changes
    // reached the GUI thread and the disk.
    if (m_releaseMemoryDue && m_pending.isEmpty() && (!m_store || m_dirtySkus.isEmpty())
        && now - m_lastFlushAt > 1s) {
        m_releaseMemoryDue = false;
        m_pending = {};
#if defined(__GLIBC__)
        malloc_trim(0);
#endif
    }
    return true;
}

void FeedClient::handleUpdate(std::vector<QByteArray> &frames)
{
    if (frames.size() != 4) {
        reject(QString(), QStringLiteral("update with %1 frames (4 expected)").arg(frames.size()));
        return;
    }
    const QByteArray &topic = frames[0];
    const QByteArray &epoch = frames[1];
    if (!feed::isValidEpoch(epoch)) {
        reject(QString(), QStringLiteral("update with an invalid epoch"));
        return;
    }
    if (topic == feed::heartbeatTopic) {
        // The server's time, for the age of its commands; a server that sends none (or
        // nonsense) gets no command carried out, and its feed works as before.
        if (const auto serverMs = feed::parseVersion(frames[2]);
            serverMs && *serverMs < quint64(std::numeric_limits<qint64>::max()))
            m_serverClock = std::make_pair(qint64(*serverMs), Clock::now());
        const QJsonObject body = QJsonDocument::fromJson(frames[3]).object();
        const int interval = body.value(u"interval_ms").toInt(feed::defaultHeartbeatIntervalMs);
        if (interval >= 10 && interval <= 60000)
            m_heartbeatIntervalMs = interval;
        if (!m_syncing && QString::fromLatin1(epoch) != m_epoch) {
            // Rule 3: the server's state was reset; drop the old epoch's versions and start over.
            resync("epoch changed");
        }
        return;
    }
    if (topic.startsWith(feed::commandTopicPrefix)) {
        handleCommand(frames);
        return;
    }
    const QByteArray prefix(feed::productTopicPrefix);
    if (!topic.startsWith(prefix)) {
        return; // ZeroMQ matched a prefix of something we subscribed to; not ours
    }
    const QByteArray skuBytes = topic.mid(prefix.size());
    const QString sku = QString::fromUtf8(skuBytes);
    // Exact topic comparison: "product/12" also matches a subscription to "product/1".
    if (!feed::isValidSku(skuBytes) || !wanted(sku))
        return;
    const auto version = feed::parseVersion(frames[2]);
    if (!version) {
        reject(sku, QStringLiteral("version is not an unsigned 64-bit number"));
        return;
    }
    if (frames[3].size() > feed::maxBodyBytes) {
        reject(sku, QStringLiteral("body of %1 bytes is over 64 KiB").arg(frames[3].size()));
        return;
    }
    const QString epochText = QString::fromLatin1(epoch);
    if (m_syncing) {
        // Rule 1: hold until END, keeping only the newest per sku.
        auto it = m_held.find(sku);
        if (it == m_held.end() || it->epoch != epochText || it->version < *version)
            m_held.insert(sku, {epochText, *version, frames[3]});
        return;
    }
    if (epochText != m_epoch) {
        resync("epoch changed");
        m_held.insert(sku, {epochText, *version, frames[3]});
        return;
    }
    applyProduct(epochText, sku, *version, frames[3]);
}

void FeedClient::handleCommand(const std::vector<QByteArray> &frames)
{
    // Exact topic comparison: "command/A1" also matches a subscription to "command/A".
    if (frames[0] != m_ownCommandTopic && frames[0] != feed::commandToEveryDisplay)
        return;
    if (!feed::isValidCommandId(frames[2])) {
        dropCommand(QString(),
                    QStringLiteral("its id is not 1 to 64 characters of [A-Za-z0-9._-]"));
        return;
    }
    const QString id = QString::fromLatin1(frames[2]);
    if (m_syncing || m_epoch.isEmpty() || QString::fromLatin1(frames[1]) != m_epoch) {
        dropCommand(id, QStringLiteral("it is not of the current epoch"));
        return;
    }
    if (m_seenCommands.contains(id)) {
        dropCommand(id, QStringLiteral("it was carried out already"));
        return;
    }
    if (frames[3].size() > maxCommandBodyBytes) {
        dropCommand(id, QStringLiteral("its body is over %1 bytes").arg(maxCommandBodyBytes));
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(frames[3], &parseError);
    if (!document.isObject()) {
        dropCommand(id, QStringLiteral("its body is not a JSON object"));
        return;
    }
    const QJsonObject body = document.object();
    const QString command = body.value(u"command").toString();
    static const QStringList known{QStringLiteral("screenshot"), QStringLiteral("identify"),
                                   QStringLiteral("reload"), QStringLiteral("status")};
    if (!known.contains(command)) {
        dropCommand(id, QStringLiteral("\"command\" is not one of %1").arg(known.join(u", ")));
        return;
    }
    const QJsonValue issuedValue = body.value(u"issued");
    const double issued = issuedValue.toDouble(-1);
    if (!issuedValue.isDouble() || issued < 0 || issued > 9.0e15 || issued != std::floor(issued)) {
        dropCommand(id, QStringLiteral("\"issued\" is not the server's milliseconds since 1970"));
        return;
    }
    if (!m_serverClock) {
        dropCommand(id, QStringLiteral("no heartbeat has given the server's time yet"));
        return;
    }
    const qint64 serverNow = m_serverClock->first
        + std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now()
                                                                - m_serverClock->second)
              .count();
    const qint64 age = serverNow - qint64(issued);
    if (age >= feed::commandMaxAgeMs) {
        dropCommand(id,
                    QStringLiteral("it was issued %1 s ago by the server's clock (60 s at most)")
                        .arg(age / 1000));
        return;
    }
    // A heartbeat is older than the command that follows it: a little of the future is normal.
    if (age < -commandClockSlackMs) {
        dropCommand(
            id, QStringLiteral("it was issued %1 s ahead of the server's clock").arg(-age / 1000));
        return;
    }
    m_seenCommands.insert(id);
    m_seenCommandOrder.push_back(id);
    if (int(m_seenCommandOrder.size()) > maxSeenCommands) {
        m_seenCommands.remove(m_seenCommandOrder.front());
        m_seenCommandOrder.pop_front();
    }
    qCInfo(lcFeed).noquote() << "command" << id << command << "from the store server";
    if (m_trace)
        m_trace->write("command",
                       {{QStringLiteral("id"), id}, {QStringLiteral("command"), command}});
    Q_EMIT commandReceived({id, command});
}

void FeedClient::dropCommand(const QString &id, const QString &reason)
{
    ++m_droppedCommands;
    updateVitals();
    // A flood of forged commands must not flood the log: the first ones, then every hundredth.
    if (m_droppedCommands <= 20 || m_droppedCommands % 100 == 0)
        qCWarning(lcFeed).noquote()
            << "command" << (id.isEmpty() ? QStringLiteral("(no valid id)") : id)
            << "dropped:" << reason << QStringLiteral("(%1 dropped in all)").arg(m_droppedCommands);
}

void FeedClient::handleSnapshotReply(std::vector<QByteArray> &frames)
{
    if (frames.empty() || !m_syncing)
        return;
    SnapshotReply reply = parseSnapshotReply(frames);
    switch (reply.kind) {
    case SnapshotReply::Kind::Product: {
        ++m_snapshotProductMessages; // rejected or not: END counts every PRODUCT it sent
        if (!reply.sku.isEmpty())
            m_snapshotListed.insert(reply.sku);
        if (!reply.record) {
            reject(reply.sku.isEmpty() ? QStringLiteral("(invalid)") : reply.sku, reply.error);
            return;
        }
        // The body was parsed here, on the feed thread, but is applied only once END names the
        // epoch.
        m_snapshotBodies.insert(reply.sku, reply.body);
        ProductChange change;
        change.sku = reply.sku;
        change.version = reply.version;
        change.record = std::move(reply.record);
        m_snapshotProducts.append(std::move(change));
        break;
    }
    case SnapshotReply::Kind::Unknown:
        m_snapshotUnknown.insert(reply.sku);
        break;
    case SnapshotReply::Kind::End:
        if (!reply.error.isEmpty()) {
            reject(QString(), reply.error);
            return;
        }
        finishSnapshot(reply.epoch, reply.count);
        break;
    case SnapshotReply::Kind::Malformed:
        reject(QString(), reply.error);
        break;
    }
}

void FeedClient::finishSnapshot(const QString &epoch, quint64 count)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // A snapshot that lost messages on the way (a full queue at the server) is not the state.
    if (m_snapshotProductMessages != count) {
        reject(QString(),
               QStringLiteral("snapshot END counts %1 products but %2 arrived")
                   .arg(count)
                   .arg(m_snapshotProductMessages));
        resync("snapshot count mismatch");
        return;
    }
    if (epoch != m_epoch) {
        // Versions from another epoch are not comparable (rule 3).
        m_versions.clear();
        m_epoch = epoch;
        updateVitals();
    }
    m_syncing = false;
    m_snapshotAttempts = 0;
    m_nextSnapshotAt = Clock::time_point::max();
    int applied = 0;
    for (ProductChange &change : m_snapshotProducts) {
        const auto held = m_versions.constFind(change.sku);
        if (held != m_versions.cend() && *held >= change.version)
            continue;
        m_versions.insert(change.sku, change.version);
        change.epoch = epoch;
        change.receivedAt = now;
        m_records.insert(change.sku,
                         {epoch, change.version, m_snapshotBodies.value(change.sku), now});
        m_dirtySkus.insert(change.sku);
        m_pending.insert(change.sku, change);
        ++applied;
    }
    if (m_settings.wholeCatalog) {
        // Asked for everything, the server names no UNKNOWN: what it did not list is gone.
        for (const QString &sku : m_records.keys()) {
            if (!m_snapshotListed.contains(sku))
                m_snapshotUnknown.insert(sku);
        }
    }
    for (const QString &sku : std::as_const(m_snapshotUnknown)) {
        m_versions.remove(sku);
        m_records.remove(sku);
        m_dirtySkus.insert(sku);
        m_pending.insert(sku, ProductChange{sku, epoch, 0, std::nullopt, now});
    }
    reportUnknownSkus(m_snapshotUnknown);
    // Assigned rather than cleared: a cleared list keeps its capacity, 8 MiB for 10,000 products.
    m_snapshotProducts = {};
    m_snapshotUnknown.clear();
    m_snapshotBodies.clear();
    if (m_trace)
        m_trace->write("feed_snapshot",
                       {{QStringLiteral("epoch"), epoch}, {QStringLiteral("products"), applied}});
    qCInfo(lcFeed) << "snapshot applied:" << applied << "products, epoch" << epoch;

    // Updates that arrived during the snapshot, by the version rule (rule 1 and 2).
    const auto held = std::exchange(m_held, {});
    bool otherEpoch = false;
    for (auto it = held.begin(); it != held.end(); ++it) {
        if (it->epoch != epoch)
            otherEpoch = true;
        else
            applyProduct(epoch, it.key(), it->version, it->body);
    }
    setHealth(FeedHealth::Live);
    m_releaseMemoryDue = true;
    flushChanges(Flush::Now);
    if (otherEpoch)
        resync("epoch changed during the snapshot");
}

void FeedClient::applyProduct(const QString &epoch, const QString &sku, quint64 version,
                              const QByteArray &body)
{
    const auto held = m_versions.constFind(sku);
    if (held != m_versions.cend() && *held >= version)
        return; // duplicate or stale (rule 2)
    ProductChange change;
    change.sku = sku;
    change.epoch = epoch;
    change.version = version;
    change.receivedAt = QDateTime::currentDateTimeUtc();
    if (!body.isEmpty()) {
        const RecordParseResult parsed = parseProductRecord(body, sku);
        if (!parsed.record) {
            reject(sku, parsed.error);
            return;
        }
        change.record = parsed.record;
    }
    m_versions.insert(sku, version);
    if (change.record)
        m_records.insert(sku, {epoch, version, body, change.receivedAt});
    else
        m_records.remove(sku);
    m_dirtySkus.insert(sku);
    if (m_trace) {
        m_trace->write("feed_update",
                       {{QStringLiteral("sku"), sku},
                        {QStringLiteral("version"), QString::number(version)},
                        {QStringLiteral("amount"),
                         change.record ? change.record->price.toDecimalString() : QString()}});
    }
    m_pending.insert(sku, std::move(change));
}

void FeedClient::reject(const QString &sku, const QString &reason)
{
    // Logged once per sku and reason, so a misbehaving server cannot flood the log; the memory
    // of what was logged is bounded too, against a server inventing skus.
    if (m_loggedRejections.size() > 1000)
        m_loggedRejections.clear();
    const auto logged = m_loggedRejections.constFind(sku);
    if (logged == m_loggedRejections.cend() || *logged != reason) {
        qCWarning(lcFeed).noquote()
            << "rejected"
            << (sku.isEmpty() ? QStringLiteral("message") : QStringLiteral("sku ") + sku)
            << "from the store feed:" << reason;
        m_loggedRejections.insert(sku, reason);
    }
    ++m_rejectedCount;
    updateVitals();
    if (m_trace)
        m_trace->write("feed_rejected",
                       {{QStringLiteral("sku"), sku},
                        {QStringLiteral("reason"), reason},
                        {QStringLiteral("total"), m_rejectedCount}});
    Q_EMIT recordRejected(sku, reason);
}

void FeedClient::setHealth(FeedHealth health)
{
    if (health == m_health)
        return;
    m_health = health;
    const char *names[] = {"never_connected", "live", "stale", "updating"};
    if (m_trace)
        m_trace->write("feed_health",
                       {{QStringLiteral("health"), QString::fromLatin1(names[int(health)])}});
    Q_EMIT healthChanged(health, QDateTime::currentDateTimeUtc());
}

void FeedClient::flushChanges(Flush mode)
{
    const auto now = Clock::now();
    if (m_pending.isEmpty()
        || (mode == Flush::WhenDue
            && now - m_lastFlushAt < std::chrono::milliseconds(m_settings.coalesceMs)))
        return;
    m_lastFlushAt = now;
    do {
        // At most maxBatch changes per frame, so a 10,000-product snapshot never holds the GUI
        // thread for long; the rest follow one batch per frame.
        QVector<ProductChange> batch;
        batch.reserve(std::min<qsizetype>(m_pending.size(), maxBatch));
        for (auto it = m_pending.begin(); it != m_pending.end() && batch.size() < maxBatch;) {
            batch.append(std::move(it.value()));
            it = m_pending.erase(it);
        }
        Q_EMIT productsChanged(batch);
    } while (mode == Flush::All && !m_pending.isEmpty());
}

void FeedClient::openStore()
{
    QString error = m_store->open();
    if (!error.isEmpty() && QFileInfo::exists(m_settings.storePath) && m_store->isUnreadable()) {
        // Kept aside rather than overwritten: whatever it still holds is the store's data.
        const QString aside = m_settings.storePath + QStringLiteral(".unreadable-")
            + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddThhmmss"));
        qCWarning(lcFeed).noquote() << error << "- kept as" << aside << "and started afresh";
        m_store = std::make_unique<DisplayStore>(m_settings.storePath);
        if (QFile::rename(m_settings.storePath, aside))
            error = m_store->open();
    }
    if (!error.isEmpty()) {
        storeFailed(error);
        return;
    }
    QVector<DisplayStore::Product> products;
    QVector<ShopperEvent> events;
    if (error = m_store->loadProducts(products); error.isEmpty())
        error = m_store->loadEvents(events);
    if (!error.isEmpty()) {
        storeFailed(error);
        return;
    }
    int loaded = 0;
    for (const DisplayStore::Product &product : std::as_const(products)) {
        // A record this display already holds (the store opened late, after a failure) is newer.
        if (!wanted(product.sku) || !product.receivedAt.isValid() || m_records.contains(product.sku)
            || m_dirtySkus.contains(product.sku))
            continue;
        // Records are validated again: the database may come from an older display version.
        const RecordParseResult parsed = parseProductRecord(product.body, product.sku);
        if (!parsed.record)
            continue;
        m_records.insert(product.sku,
                         {product.epoch, product.version, product.body, product.receivedAt});
        m_pending.insert(product.sku,
                         ProductChange{product.sku, product.epoch, product.version, parsed.record,
                                       product.receivedAt});
        ++loaded;
    }
    // Held here already, or acknowledged since: not taken again from the disk.
    QSet<QString> known(m_unwrittenAcks.begin(), m_unwrittenAcks.end());
    for (const OutboxEntry &entry : m_outbox)
        known.insert(entry.event.id);
    std::deque<OutboxEntry> stored;
    for (const ShopperEvent &event : std::as_const(events)) {
        if (!known.contains(event.id) && !event.id.isEmpty())
            stored.push_back(outboxEntry(event));
    }
    // What was on disk is older than anything decided since this display started.
    m_outbox.insert(m_outbox.begin(), stored.begin(), stored.end());
    keepNewestStatusOnly();
    m_storeLoaded = true;
    qCInfo(lcFeed) << "loaded" << loaded << "products from" << m_settings.storePath << "and"
                   << stored.size() << "shopper events waiting to be sent";
    if (m_trace)
        m_trace->write(
            "feed_cache_loaded",
            {{QStringLiteral("products"), loaded}, {QStringLiteral("events"), int(stored.size())}});
    Q_EMIT outboxChanged(int(m_outbox.size()), m_droppedEvents);
}

QDateTime FeedClient::confirmedAt(const HeldRecord &record) const
{
    // While live, every record of the current epoch is confirmed now: a restart without the
    // server then ages it from this moment, not from when its price last changed.
    if (m_health == FeedHealth::Live && record.epoch == m_epoch)
        return QDateTime::currentDateTimeUtc();
    return record.receivedAt;
}

bool FeedClient::persist(bool now)
{
    if (!m_store)
        return true; // memory only: the demo
    const auto clock = Clock::now();
    if (!m_storeError.isEmpty() && clock < m_storeRetryAt && !now)
        return false;
    QString error;
    if (!m_storeLoaded)
        openStore();
    if (!m_storeLoaded)
        return false; // openStore() reported it
    // Events at once: each is the store's data and small. Records in batches, a few seconds
    // apart, as prices may change many times a second.
    if (!m_unwrittenEvents.isEmpty()) {
        error = m_store->appendEvents(m_unwrittenEvents);
        if (error.isEmpty())
            m_unwrittenEvents.clear();
    }
    if (error.isEmpty() && !m_unwrittenAcks.isEmpty()) {
        error = m_store->removeEvents(m_unwrittenAcks);
        if (error.isEmpty())
            m_unwrittenAcks.clear();
    }
    const bool recordsDue = now || !m_storeError.isEmpty()
        || clock - m_cacheWrittenAt > std::chrono::milliseconds(m_settings.cacheWriteIntervalMs);
    if (error.isEmpty() && recordsDue && (!m_dirtySkus.isEmpty() || m_confirmDue)) {
        QVector<DisplayStore::Product> records;
        QStringList removed;
        for (const QString &sku : std::as_const(m_dirtySkus)) {
            const auto it = m_records.constFind(sku);
            if (it == m_records.cend())
                removed.append(sku);
            else
                records.append({sku, it->epoch, it->version, it->body, confirmedAt(*it)});
        }
        error = m_store->writeProducts(records, removed);
        if (error.isEmpty() && m_confirmDue && m_health == FeedHealth::Live)
            error = m_store->confirmEpoch(m_epoch, QDateTime::currentDateTimeUtc());
        if (error.isEmpty()) {
            m_dirtySkus.clear();
            m_confirmDue = false;
            m_confirmedAt = clock;
        }
        m_cacheWrittenAt = clock;
    }
    if (!error.isEmpty()) {
        storeFailed(error);
        return false;
    }
    if (!m_storeError.isEmpty()) {
        qCInfo(lcFeed).noquote() << m_settings.storePath << ": written again; nothing was lost";
        m_storeError.clear();
        m_storeBackoffMs = 0;
        if (m_trace)
            m_trace->write("storage", {{QStringLiteral("ok"), true}});
        Q_EMIT storageChanged(true, QString());
    }
    return true;
}

void FeedClient::storeFailed(const QString &error)
{
    // Retried with backoff, from a second up to a minute; what is not written yet stays in memory.
    m_storeBackoffMs = std::clamp(m_storeBackoffMs * 2, 1000, 60000);
    m_storeRetryAt = Clock::now() + std::chrono::milliseconds(m_storeBackoffMs);
    // The retry opens it anew and merges what it holds with what is held here.
    if (m_store)
        m_store->close();
    m_storeLoaded = false;
    if (error == m_storeError)
        return;
    m_storeError = error;
    qCWarning(lcFeed).noquote() << error << "- kept in memory, retrying";
    if (m_trace)
        m_trace->write("storage",
                       {{QStringLiteral("ok"), false}, {QStringLiteral("error"), error}});
    Q_EMIT storageChanged(false, error);
}

void FeedClient::persistOnQuit()
{
    // A few more tries over about two seconds: a disk that was remounted or freed a moment ago.
    for (int attempt = 0; attempt < 4; ++attempt) {
        if (persist(true))
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    if (m_store)
        qCCritical(lcFeed).noquote()
            << m_settings.storePath << ": quitting with" << m_unwrittenEvents.size()
            << "shopper events and" << m_dirtySkus.size()
            << "product records unwritten:" << m_storeError;
}

void FeedClient::takeSubmittedEvents()
{
    QVector<ShopperEvent> submitted;
    {
        std::lock_guard lock(m_submittedMutex);
        submitted.swap(m_submitted);
    }
    for (const ShopperEvent &event : std::as_const(submitted)) {
        m_outbox.push_back(outboxEntry(event));
        m_unwrittenEvents.append(event);
    }
    keepNewestStatusOnly();
    // Bounded: past the limit the oldest go, counted and logged, so a server that never comes
    // back cannot fill the disk.
    while (int(m_outbox.size()) > m_settings.outboxLimit) {
        qCWarning(lcFeed).noquote()
            << "event outbox full: dropping the oldest event" << m_outbox.front().event.id;
        forgetEvent(m_outbox.front().event.id);
        m_outbox.pop_front();
        ++m_droppedEvents;
    }
    if (!submitted.isEmpty()) {
        sendDueEvents(false);
        persist(false);
        Q_EMIT outboxChanged(int(m_outbox.size()), m_droppedEvents);
    }
}

FeedClient::OutboxEntry FeedClient::outboxEntry(const ShopperEvent &event)
{
    const QJsonObject body = QJsonDocument::fromJson(event.body).object();
    const QString type = body.value(u"type").toString();
    const auto kind = type == u"status"                              ? OutboxEntry::Kind::Status
        : type == u"command_result" && body.contains(u"jpeg_base64") ? OutboxEntry::Kind::Screenshot
                                                                     : OutboxEntry::Kind::Shopper;
    return {event, {}, kind};
}

void FeedClient::keepNewestStatusOnly()
{
    // Protocol 1.1: an older status says nothing the newest does not; it is dropped, not queued,
    // so a store server away for a day finds one status waiting, not 1,440.
    bool newestStatusSeen = false;
    bool newestScreenshotSeen = false;
    for (auto it = m_outbox.end(); it != m_outbox.begin();) {
        --it;
        if (it->kind == OutboxEntry::Kind::Shopper)
            continue;
        bool &newestSeen
            = it->kind == OutboxEntry::Kind::Status ? newestStatusSeen : newestScreenshotSeen;
        if (!newestSeen) {
            newestSeen = true;
            continue;
        }
        forgetEvent(it->event.id);
        it = m_outbox.erase(it);
    }
}

void FeedClient::sendDueEvents(bool all)
{
    if (!m_events)
        return;
    const auto now = Clock::now();
    const QByteArray shelfId = m_settings.shelfId.toUtf8();
    for (OutboxEntry &entry : m_outbox) {
        if (!all && entry.lastSent != Clock::time_point{}
            && now - entry.lastSent < std::chrono::milliseconds(m_settings.eventResendMs))
            continue;
        const QByteArray id = entry.event.id.toUtf8();
        const std::vector<zmq::const_buffer> frames{
            zmq::str_buffer("EVENT"), zmq::buffer(shelfId.constData(), size_t(shelfId.size())),
            zmq::buffer(id.constData(), size_t(id.size())),
            zmq::buffer(entry.event.body.constData(), size_t(entry.event.body.size()))};
        // dontwait: with no server, the DEALER's queue is full or absent; the event stays and goes
        // later.
        if (!zmq::send_multipart(*m_events, frames, zmq::send_flags::dontwait))
            break;
        entry.lastSent = now;
    }
}

void FeedClient::forgetEvent(const QString &id)
{
    // Never written: nothing to remove from disk.
    const auto unwritten
        = std::find_if(m_unwrittenEvents.begin(), m_unwrittenEvents.end(),
                       [&id](const ShopperEvent &event) { return event.id == id; });
    if (unwritten != m_unwrittenEvents.end())
        m_unwrittenEvents.erase(unwritten);
    else
        m_unwrittenAcks.append(id);
}

void FeedClient::handleEventReply(std::vector<QByteArray> &frames)
{
    if (frames.size() != 2 || frames[0] != feed::ackReply) {
        reject(QString(),
               QStringLiteral("event reply of %1 frames is not ACK <id>").arg(frames.size()));
        return;
    }
    m_eventsHeardAt = Clock::now();
    const QString id = QString::fromUtf8(frames[1]);
    const auto it = std::find_if(m_outbox.begin(), m_outbox.end(),
                                 [&id](const OutboxEntry &entry) { return entry.event.id == id; });
    if (it == m_outbox.end())
        return; // a duplicate ACK for an event resent before the first ACK came
    forgetEvent(id);
    m_outbox.erase(it);
    Q_EMIT outboxChanged(int(m_outbox.size()), m_droppedEvents);
    if (m_trace)
        m_trace->write("event_acked", {{QStringLiteral("id"), id}});
}

} // namespace shelf
