#include "feed_client.h"

#include "feed_protocol.h"
#include "trace.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <zmq.hpp>
#include <zmq_addon.hpp>

Q_LOGGING_CATEGORY(lcFeed, "shelf.feed")

namespace shelf {

namespace {

using namespace std::chrono_literals;

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

void applyClientLimits(zmq::socket_t &socket)
{
    socket.set(zmq::sockopt::linger, 0);
    socket.set(zmq::sockopt::maxmsgsize, int64_t(feed::maxMessageBytes));
}

} // namespace

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
    for (const QString &sku : std::as_const(m_settings.skus))
        m_wantedSkus.insert(sku);
}

FeedClient::~FeedClient() = default;

void FeedClient::stop()
{
    m_stopRequested = true;
    try {
        zmq::socket_t wake(*m_context, zmq::socket_type::push);
        wake.set(zmq::sockopt::linger, 100);
        wake.connect(m_controlEndpoint.toStdString());
        wake.send(zmq::str_buffer("stop"), zmq::send_flags::dontwait);
    } catch (const zmq::error_t &error) {
        // run() also checks the flag at every poll timeout, so a lost wake-up only delays the stop.
        qCWarning(lcFeed) << "could not wake the feed thread:" << error.what();
    }
}

bool FeedClient::wanted(const QString &sku) const
{
    return m_settings.wholeCatalog || m_wantedSkus.contains(sku);
}

void FeedClient::connectSockets()
{
    m_updates = std::make_unique<zmq::socket_t>(*m_context, zmq::socket_type::sub);
    applyClientLimits(*m_updates);
    // Subscribe first, then ask for the snapshot (protocol rule 1).
    m_updates->set(zmq::sockopt::subscribe, feed::heartbeatTopic);
    if (m_settings.wholeCatalog) {
        m_updates->set(zmq::sockopt::subscribe, feed::productTopicPrefix);
    } else {
        for (const QString &sku : std::as_const(m_settings.skus))
            m_updates->set(zmq::sockopt::subscribe,
                           (QByteArray(feed::productTopicPrefix) + sku.toUtf8()).toStdString());
    }
    m_updates->connect(m_settings.updatesEndpoint.toStdString());
    m_lastUpdateMessageAt = Clock::now();
    requestSnapshot();
}

void FeedClient::requestSnapshot()
{
    // A fresh DEALER each time, so a reply to an abandoned request can never be taken for this one.
    m_snapshot = std::make_unique<zmq::socket_t>(*m_context, zmq::socket_type::dealer);
    applyClientLimits(*m_snapshot);
    m_snapshot->connect(m_settings.snapshotEndpoint.toStdString());

    std::vector<zmq::const_buffer> request;
    request.push_back(zmq::buffer(std::string_view(feed::snapshotCommand)));
    std::vector<QByteArray> skus;
    if (!m_settings.wholeCatalog) {
        for (const QString &sku : std::as_const(m_settings.skus))
            skus.push_back(sku.toUtf8());
    }
    for (const QByteArray &sku : skus)
        request.push_back(zmq::buffer(sku.constData(), size_t(sku.size())));
    zmq::send_multipart(*m_snapshot, request, zmq::send_flags::dontwait);

    m_syncing = true;
    m_snapshotProducts.clear();
    m_snapshotUnknown.clear();
    m_snapshotRequestedAt = Clock::now();
    m_nextSnapshotAt = Clock::time_point::max();
    ++m_snapshotAttempts;
}

void FeedClient::resync(const char *reason)
{
    qCInfo(lcFeed) << "resynchronising:" << reason;
    if (m_trace)
        m_trace->write("feed_resync",
                       { { QStringLiteral("reason"), QString::fromLatin1(reason) } });
    m_held.clear();
    requestSnapshot();
}

void FeedClient::run()
{
    zmq::socket_t control(*m_context, zmq::socket_type::pull);
    control.bind(m_controlEndpoint.toStdString());
    try {
        connectSockets();
    } catch (const zmq::error_t &error) {
        qCCritical(lcFeed) << "cannot connect to the store server:" << error.what();
        return;
    }

    while (!m_stopRequested) {
        std::vector<zmq::pollitem_t> items = {
            { static_cast<void *>(control), 0, ZMQ_POLLIN, 0 },
            { static_cast<void *>(*m_updates), 0, ZMQ_POLLIN, 0 },
            { static_cast<void *>(*m_snapshot), 0, ZMQ_POLLIN, 0 },
        };
        // Wake at least at frame rate when changes wait to be flushed, else a few times a second.
        const auto timeout
            = m_pending.isEmpty() ? 100ms : std::chrono::milliseconds(m_settings.coalesceMs);
        try {
            zmq::poll(items, timeout);
        } catch (const zmq::error_t &error) {
            if (error.num() == EINTR)
                continue;
            qCCritical(lcFeed) << "poll failed:" << error.what();
            break;
        }
        if (items[0].revents & ZMQ_POLLIN)
            break;

        // Bounded batches per wake-up so one busy socket cannot starve the others or the flush.
        for (int i = 0; i < 1000 && (items[1].revents & ZMQ_POLLIN); ++i) {
            std::vector<QByteArray> frames = receiveFrames(*m_updates);
            if (frames.empty())
                break;
            m_lastUpdateMessageAt = Clock::now();
            handleUpdate(frames);
        }
        for (int i = 0; i < 20000 && (items[2].revents & ZMQ_POLLIN); ++i) {
            std::vector<QByteArray> frames = receiveFrames(*m_snapshot);
            if (frames.empty())
                break;
            handleSnapshotReply(frames);
        }

        const auto now = Clock::now();
        if (now - m_lastUpdateMessageAt > std::chrono::milliseconds(3 * m_heartbeatIntervalMs)) {
            // Rule 4: silence means the feed is down; start over with new sockets.
            if (m_health == FeedHealth::Live)
                setHealth(FeedHealth::Stale);
            m_updates.reset();
            m_snapshot.reset();
            m_snapshotAttempts = 0;
            connectSockets();
        } else if (m_syncing
                   && now - m_snapshotRequestedAt
                       > std::chrono::milliseconds(m_settings.snapshotTimeoutMs)
                   && m_nextSnapshotAt == Clock::time_point::max()) {
            // Rule 5: retry after a backoff that doubles up to 8 s.
            const int shift = std::min(m_snapshotAttempts, 6);
            m_nextSnapshotAt = now + std::chrono::milliseconds(125 << shift);
            m_snapshot.reset();
            m_snapshot = std::make_unique<zmq::socket_t>(*m_context, zmq::socket_type::dealer);
            qCWarning(lcFeed) << "snapshot request unanswered; retrying, attempt"
                              << m_snapshotAttempts + 1;
        } else if (m_syncing && now >= m_nextSnapshotAt) {
            requestSnapshot();
        }
        flushChanges(false);
    }
    flushChanges(true);
    m_updates.reset();
    m_snapshot.reset();
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
            m_held.insert(sku, { epochText, *version, frames[3] });
        return;
    }
    if (epochText != m_epoch) {
        resync("epoch changed");
        m_held.insert(sku, { epochText, *version, frames[3] });
        return;
    }
    applyProduct(epochText, sku, *version, frames[3]);
}

void FeedClient::handleSnapshotReply(std::vector<QByteArray> &frames)
{
    if (frames.empty() || !m_syncing)
        return;
    const QByteArray &kind = frames[0];
    if (kind == feed::productReply && frames.size() == 4) {
        const QString sku = QString::fromUtf8(frames[1]);
        const auto version = feed::parseVersion(frames[2]);
        if (!feed::isValidSku(frames[1]) || !version) {
            reject(sku, QStringLiteral("snapshot PRODUCT with a bad sku or version"));
            return;
        }
        ProductChange change;
        change.sku = sku;
        change.version = *version;
        // The body is parsed here, on the feed thread, but applied only once END names the epoch.
        const RecordParseResult parsed = parseProductRecord(frames[3], sku);
        if (!parsed.record) {
            reject(sku, parsed.error);
            return;
        }
        change.record = parsed.record;
        m_snapshotProducts.append(std::move(change));
    } else if (kind == feed::unknownReply && frames.size() == 2) {
        m_snapshotUnknown.insert(QString::fromUtf8(frames[1]));
    } else if (kind == feed::endReply && frames.size() == 3) {
        const auto count = feed::parseVersion(frames[2]);
        if (!feed::isValidEpoch(frames[1]) || !count) {
            reject(QString(), QStringLiteral("snapshot END with a bad epoch or count"));
            return;
        }
        finishSnapshot(QString::fromLatin1(frames[1]), *count);
    } else {
        reject(QString(),
               QStringLiteral("snapshot reply %1 with %2 frames")
                   .arg(QString::fromLatin1(kind.left(16)))
                   .arg(frames.size()));
    }
}

void FeedClient::finishSnapshot(const QString &epoch, quint64 count)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Products rejected on parse are not counted, so only more products than announced is an error.
    if (quint64(m_snapshotProducts.size()) > count) {
        reject(QString(),
               QStringLiteral("snapshot END counts %1 products but %2 arrived")
                   .arg(count)
                   .arg(m_snapshotProducts.size()));
        resync("snapshot count mismatch");
        return;
    }
    if (epoch != m_epoch) {
        // Versions from another epoch are not comparable (rule 3).
        m_versions.clear();
        m_epoch = epoch;
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
        m_pending.insert(change.sku, change);
        ++applied;
    }
    for (const QString &sku : std::as_const(m_snapshotUnknown)) {
        m_versions.remove(sku);
        m_pending.insert(sku, ProductChange { sku, epoch, 0, std::nullopt, now });
    }
    m_snapshotProducts.clear();
    m_snapshotUnknown.clear();
    if (m_trace)
        m_trace->write(
            "feed_snapshot",
            { { QStringLiteral("epoch"), epoch }, { QStringLiteral("products"), applied } });
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
    flushChanges(true);
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
    if (m_trace) {
        m_trace->write("feed_update",
                       { { QStringLiteral("sku"), sku },
                         { QStringLiteral("version"), QString::number(version) },
                         { QStringLiteral("amount"),
                           change.record ? change.record->price.toDecimalString() : QString() } });
    }
    m_pending.insert(sku, std::move(change));
}

void FeedClient::reject(const QString &sku, const QString &reason)
{
    // Logged once per sku and reason, so a misbehaving server cannot flood the log.
    const auto logged = m_loggedRejections.constFind(sku);
    if (logged == m_loggedRejections.cend() || *logged != reason) {
        qCWarning(lcFeed).noquote()
            << "rejected"
            << (sku.isEmpty() ? QStringLiteral("message") : QStringLiteral("sku ") + sku)
            << "from the store feed:" << reason;
        m_loggedRejections.insert(sku, reason);
    }
    if (m_trace)
        m_trace->write("feed_rejected",
                       { { QStringLiteral("sku"), sku }, { QStringLiteral("reason"), reason } });
    Q_EMIT recordRejected(sku, reason);
}

void FeedClient::setHealth(FeedHealth health)
{
    if (health == m_health)
        return;
    m_health = health;
    const char *names[] = { "never_connected", "live", "stale" };
    if (m_trace)
        m_trace->write("feed_health",
                       { { QStringLiteral("health"), QString::fromLatin1(names[int(health)]) } });
    Q_EMIT healthChanged(health, QDateTime::currentDateTimeUtc());
}

void FeedClient::flushChanges(bool force)
{
    if (m_pending.isEmpty())
        return;
    const auto now = Clock::now();
    if (!force && now - m_lastFlushAt < std::chrono::milliseconds(m_settings.coalesceMs))
        return;
    m_lastFlushAt = now;
    QVector<ProductChange> batch;
    batch.reserve(m_pending.size());
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it)
        batch.append(std::move(it.value()));
    m_pending.clear();
    Q_EMIT productsChanged(batch);
}

} // namespace shelf
