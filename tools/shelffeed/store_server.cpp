#include "store_server.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <atomic>
#include <feed_protocol.h>
#include <future>
#include <money.h>
#include <product_record.h>
#include <set>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

Q_LOGGING_CATEGORY(lcServer, "shelf.storeserver")

namespace shelf {

namespace {

QByteArray bytes(const zmq::message_t &message)
{
    return QByteArray(message.data<char>(), qsizetype(message.size()));
}

zmq::const_buffer buffer(const QByteArray &data)
{
    return zmq::buffer(data.constData(), size_t(data.size()));
}

QString newEpoch()
{
    // Time plus randomness: a restarted server never reuses an epoch.
    return QStringLiteral("%1-%2")
        .arg(QDateTime::currentMSecsSinceEpoch())
        .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
}

} // namespace

struct StoreServer::Impl
{
    struct Product
    {
        quint64 version = 0;
        QJsonObject json;
        QByteArray body; // compact JSON; empty once withdrawn
    };

    StoreServerOptions options;
    zmq::context_t context { 1 };
    mutable std::mutex mutex;
    std::map<QString, Product> catalog;
    QString epoch = newEpoch();
    quint64 nextVersion = 1;
    std::vector<QString> toPublish;
    bool heartbeatNow = false;
    Endpoints bound;
    std::thread thread;
    std::atomic_bool stopping { false };
    QString wakeEndpoint = QStringLiteral("inproc://store-server-wake-%1").arg(quintptr(this));
    std::set<QByteArray> seenEvents;
    std::atomic_int storedEvents { 0 };
    QFile eventsLog;

    void wake()
    {
        zmq::socket_t push(context, zmq::socket_type::push);
        push.set(zmq::sockopt::linger, 100);
        push.connect(wakeEndpoint.toStdString());
        push.send(zmq::str_buffer("wake"), zmq::send_flags::dontwait);
    }

    // Caller holds the mutex.
    void change(const QString &sku, QJsonObject json, bool withdrawn)
    {
        Product &product = catalog[sku];
        product.version = nextVersion++;
        product.json = std::move(json);
        product.body
            = withdrawn ? QByteArray() : QJsonDocument(product.json).toJson(QJsonDocument::Compact);
        toPublish.push_back(sku);
    }

    void loop(std::promise<QString> started);
    void serveSnapshot(zmq::socket_t &router, std::vector<zmq::message_t> &request);
    void serveEvent(zmq::socket_t &router, std::vector<zmq::message_t> &request);
    void publishPending(zmq::socket_t &pub);
    void publishHeartbeat(zmq::socket_t &pub);
};

StoreServer::StoreServer(StoreServerOptions options)
    : d(std::make_unique<Impl>())
{
    d->options = std::move(options);
}

StoreServer::~StoreServer()
{
    stop();
}

QString StoreServer::loadCatalog(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
    return loadCatalogJson(file.readAll(), path);
}

QString StoreServer::loadCatalogJson(const QByteArray &json, const QString &origin)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("%1: invalid JSON at offset %2: %3")
            .arg(origin)
            .arg(error.offset)
            .arg(error.errorString());
    if (!document.isArray())
        return QStringLiteral("%1: the catalog must be a JSON array of product records")
            .arg(origin);
    std::map<QString, QJsonObject> records;
    const QJsonArray array = document.array();
    for (int i = 0; i < array.size(); ++i) {
        const QJsonObject object = array[i].toObject();
        const QString sku = object.value(u"sku").toString();
        if (!feed::isValidSku(sku.toUtf8()))
            return QStringLiteral("%1: record %2: sku \"%3\" is not valid")
                .arg(origin)
                .arg(i + 1)
                .arg(sku);
        // The server refuses what a display would reject, so a typo is caught where it was made.
        const RecordParseResult parsed
            = parseProductRecord(QJsonDocument(object).toJson(QJsonDocument::Compact), sku);
        if (!parsed.record)
            return QStringLiteral("%1: record %2 (sku %3): %4")
                .arg(origin)
                .arg(i + 1)
                .arg(sku, parsed.error);
        if (records.count(sku))
            return QStringLiteral("%1: record %2: sku %3 appears twice")
                .arg(origin)
                .arg(i + 1)
                .arg(sku);
        records.emplace(sku, object);
    }
    std::lock_guard lock(d->mutex);
    for (auto &[sku, object] : records) {
        const auto existing = d->catalog.find(sku);
        if (existing == d->catalog.end() || existing->second.json != object)
            d->change(sku, object, false);
    }
    for (auto &[sku, product] : d->catalog) {
        if (!records.count(sku) && !product.body.isEmpty())
            d->change(sku, {}, true);
    }
    return {};
}

QString StoreServer::start()
{
    std::promise<QString> started;
    std::future<QString> result = started.get_future();
    d->stopping = false;
    d->thread = std::thread(
        [this, promise = std::move(started)]() mutable { d->loop(std::move(promise)); });
    const QString error = result.get();
    if (!error.isEmpty() && d->thread.joinable())
        d->thread.join();
    return error;
}

void StoreServer::stop()
{
    if (!d->thread.joinable())
        return;
    d->stopping = true;
    d->wake();
    d->thread.join();
}

StoreServer::Endpoints StoreServer::endpoints() const
{
    std::lock_guard lock(d->mutex);
    return d->bound;
}

QString StoreServer::epoch() const
{
    std::lock_guard lock(d->mutex);
    return d->epoch;
}

int StoreServer::storedEventCount() const
{
    return d->storedEvents;
}

QString StoreServer::setPrice(const QString &sku, const QString &amount)
{
    {
        std::lock_guard lock(d->mutex);
        const auto it = d->catalog.find(sku);
        if (it == d->catalog.end() || it->second.body.isEmpty())
            return QStringLiteral("no product %1").arg(sku);
        if (!Money::parse(amount, QStringLiteral("CNY")))
            return QStringLiteral("\"%1\" is not a decimal amount").arg(amount);
        QJsonObject json = it->second.json;
        QJsonObject price = json.value(u"price").toObject();
        price.insert(QStringLiteral("amount"), amount);
        json.insert(QStringLiteral("price"), price);
        d->change(sku, json, false);
    }
    d->wake();
    return {};
}

QString StoreServer::withdraw(const QString &sku)
{
    {
        std::lock_guard lock(d->mutex);
        const auto it = d->catalog.find(sku);
        if (it == d->catalog.end() || it->second.body.isEmpty())
            return QStringLiteral("no product %1").arg(sku);
        d->change(sku, {}, true);
    }
    d->wake();
    return {};
}

void StoreServer::reset()
{
    {
        std::lock_guard lock(d->mutex);
        d->epoch = newEpoch();
        d->toPublish.clear();
        d->heartbeatNow = true;
    }
    d->wake();
}

QString StoreServer::command(const QString &line)
{
    const QStringList words = line.simplified().split(u' ', Qt::SkipEmptyParts);
    if (words.isEmpty())
        return {};
    if (words[0] == u"price" && words.size() == 3)
        return setPrice(words[1], words[2]);
    if (words[0] == u"withdraw" && words.size() == 2)
        return withdraw(words[1]);
    if (words[0] == u"reset" && words.size() == 1) {
        reset();
        return {};
    }
    return QStringLiteral("unknown command \"%1\" (price SKU AMOUNT, withdraw SKU, reset)")
        .arg(line.trimmed());
}

void StoreServer::Impl::loop(std::promise<QString> started)
{
    zmq::socket_t wakeSocket(context, zmq::socket_type::pull);
    zmq::socket_t snapshot(context, zmq::socket_type::router);
    zmq::socket_t updates(context, zmq::socket_type::pub);
    zmq::socket_t events(context, zmq::socket_type::router);
    try {
        wakeSocket.bind(wakeEndpoint.toStdString());
        for (zmq::socket_t *socket : { &snapshot, &updates, &events }) {
            socket->set(zmq::sockopt::linger, 0);
            socket->set(zmq::sockopt::maxmsgsize, int64_t(1024 * 1024));
        }
        // A slow display must not make the server buffer without bound: PUB drops past this.
        updates.set(zmq::sockopt::sndhwm, 100000);
        auto bindOne = [](zmq::socket_t &socket, const QString &endpoint) {
            try {
                socket.bind(endpoint.toStdString());
            } catch (const zmq::error_t &error) {
                throw std::runtime_error(QStringLiteral("cannot bind %1: %2")
                                             .arg(endpoint, QString::fromLatin1(error.what()))
                                             .toStdString());
            }
            return QString::fromStdString(socket.get(zmq::sockopt::last_endpoint));
        };
        Endpoints endpoints;
        endpoints.snapshot = bindOne(snapshot, options.snapshotEndpoint);
        endpoints.updates = bindOne(updates, options.updatesEndpoint);
        endpoints.events = bindOne(events, options.eventsEndpoint);
        std::lock_guard lock(mutex);
        bound = endpoints;
        if (!options.eventsLogPath.isEmpty()) {
            eventsLog.setFileName(options.eventsLogPath);
            if (eventsLog.open(QIODevice::ReadOnly)) {
                // Remember what is stored, so a display's resend after our restart is not stored
                // twice.
                while (!eventsLog.atEnd()) {
                    const QJsonObject line = QJsonDocument::fromJson(eventsLog.readLine()).object();
                    seenEvents.insert(line.value(u"event_id").toString().toUtf8());
                }
                storedEvents = int(seenEvents.size());
                eventsLog.close();
            }
            if (!eventsLog.open(QIODevice::Append | QIODevice::Text))
                throw std::runtime_error(QStringLiteral("%1: cannot write: %2")
                                             .arg(options.eventsLogPath, eventsLog.errorString())
                                             .toStdString());
        }
    } catch (const std::exception &error) {
        started.set_value(QString::fromStdString(error.what()));
        return;
    }
    started.set_value({});

    using Clock = std::chrono::steady_clock;
    auto nextHeartbeat = Clock::now();
    while (!stopping) {
        std::vector<zmq::pollitem_t> items = {
            { static_cast<void *>(wakeSocket), 0, ZMQ_POLLIN, 0 },
            { static_cast<void *>(snapshot), 0, ZMQ_POLLIN, 0 },
            { static_cast<void *>(events), 0, ZMQ_POLLIN, 0 },
        };
        const auto wait = std::max(Clock::duration::zero(), nextHeartbeat - Clock::now());
        zmq::poll(items, std::chrono::duration_cast<std::chrono::milliseconds>(wait));
        if (items[0].revents & ZMQ_POLLIN) {
            zmq::message_t ignored;
            while (wakeSocket.recv(ignored, zmq::recv_flags::dontwait)) { }
        }
        for (int i = 0; i < 100 && (items[1].revents & ZMQ_POLLIN); ++i) {
            std::vector<zmq::message_t> request;
            if (!zmq::recv_multipart(snapshot, std::back_inserter(request),
                                     zmq::recv_flags::dontwait))
                break;
            serveSnapshot(snapshot, request);
        }
        for (int i = 0; i < 1000 && (items[2].revents & ZMQ_POLLIN); ++i) {
            std::vector<zmq::message_t> request;
            if (!zmq::recv_multipart(events, std::back_inserter(request),
                                     zmq::recv_flags::dontwait))
                break;
            serveEvent(events, request);
        }
        publishPending(updates);
        bool beat = false;
        {
            std::lock_guard lock(mutex);
            beat = std::exchange(heartbeatNow, false);
        }
        if (beat || Clock::now() >= nextHeartbeat) {
            publishHeartbeat(updates);
            nextHeartbeat = Clock::now() + std::chrono::milliseconds(options.heartbeatIntervalMs);
        }
    }
}

void StoreServer::Impl::serveSnapshot(zmq::socket_t &router, std::vector<zmq::message_t> &request)
{
    // ROUTER prepends the peer's routing id; replies go back under it.
    if (request.size() < 2 || bytes(request[1]) != feed::snapshotCommand
        || request.size() - 2 > size_t(feed::maxSnapshotSkus)) {
        qCWarning(lcServer) << "ignoring a malformed snapshot request of" << request.size()
                            << "frames";
        return;
    }
    const QByteArray peer = bytes(request[0]);
    auto reply = [&router, &peer](std::initializer_list<QByteArray> frames) {
        std::vector<zmq::const_buffer> buffers { buffer(peer) };
        for (const QByteArray &frame : frames)
            buffers.push_back(buffer(frame));
        zmq::send_multipart(router, buffers, zmq::send_flags::dontwait);
    };
    std::lock_guard lock(mutex);
    quint64 count = 0;
    auto sendProduct = [&](const QString &sku, const Product &product) {
        reply({ QByteArray(feed::productReply), sku.toUtf8(), QByteArray::number(product.version),
                product.body });
        ++count;
    };
    if (request.size() == 2) {
        for (const auto &[sku, product] : catalog) {
            if (!product.body.isEmpty())
                sendProduct(sku, product);
        }
    } else {
        for (size_t i = 2; i < request.size(); ++i) {
            const QString sku = QString::fromUtf8(bytes(request[i]));
            const auto it = catalog.find(sku);
            if (it != catalog.end() && !it->second.body.isEmpty())
                sendProduct(sku, it->second);
            else
                reply({ QByteArray(feed::unknownReply), sku.toUtf8() });
        }
    }
    reply({ QByteArray(feed::endReply), epoch.toLatin1(), QByteArray::number(count) });
}

void StoreServer::Impl::serveEvent(zmq::socket_t &router, std::vector<zmq::message_t> &request)
{
    if (request.size() != 5 || bytes(request[1]) != feed::eventCommand) {
        qCWarning(lcServer) << "ignoring a malformed event message of" << request.size()
                            << "frames";
        return;
    }
    const QByteArray shelfId = bytes(request[2]);
    const QByteArray eventId = bytes(request[3]);
    const QJsonDocument body = QJsonDocument::fromJson(bytes(request[4]));
    if (eventId.isEmpty() || eventId.size() > 128 || !body.isObject()) {
        qCWarning(lcServer) << "ignoring an event with a bad id or body from shelf"
                            << shelfId.left(64);
        return;
    }
    if (seenEvents.insert(eventId).second) {
        QJsonObject stored = body.object();
        stored.insert(QStringLiteral("shelf"), QString::fromUtf8(shelfId));
        stored.insert(QStringLiteral("event_id"), QString::fromUtf8(eventId));
        if (eventsLog.isOpen()) {
            eventsLog.write(QJsonDocument(stored).toJson(QJsonDocument::Compact) + '\n');
            eventsLog.flush();
        }
        ++storedEvents;
    }
    const std::vector<zmq::const_buffer> ack { buffer(bytes(request[0])), zmq::str_buffer("ACK"),
                                               buffer(eventId) };
    zmq::send_multipart(router, ack, zmq::send_flags::dontwait);
}

void StoreServer::Impl::publishPending(zmq::socket_t &pub)
{
    std::lock_guard lock(mutex);
    for (const QString &sku : toPublish) {
        const Product &product = catalog[sku];
        const QByteArray topic = QByteArray(feed::productTopicPrefix) + sku.toUtf8();
        const QByteArray version = QByteArray::number(product.version);
        const QByteArray epochBytes = epoch.toLatin1();
        const std::vector<zmq::const_buffer> frames { buffer(topic), buffer(epochBytes),
                                                      buffer(version), buffer(product.body) };
        zmq::send_multipart(pub, frames, zmq::send_flags::dontwait);
    }
    toPublish.clear();
}

void StoreServer::Impl::publishHeartbeat(zmq::socket_t &pub)
{
    QByteArray epochBytes;
    {
        std::lock_guard lock(mutex);
        epochBytes = epoch.toLatin1();
    }
    const QByteArray now = QByteArray::number(QDateTime::currentMSecsSinceEpoch());
    const QByteArray body = QByteArrayLiteral("{\"interval_ms\": ")
        + QByteArray::number(options.heartbeatIntervalMs) + '}';
    const std::vector<zmq::const_buffer> frames { zmq::str_buffer("heartbeat"), buffer(epochBytes),
                                                  buffer(now), buffer(body) };
    zmq::send_multipart(pub, frames, zmq::send_flags::dontwait);
}

} // namespace shelf
