#include "store_server.h"

#include "fleet.h"
#include "zap_handler.h"
#include "zmq_frames.h"

#include <bounded_file.h>
#include <curve_keys.h>
#include <feed_protocol.h>
#include <money.h>
#include <product_record.h>
#include <unistd.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSaveFile>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <atomic>
#include <deque>
#include <future>
#include <optional>
#include <set>
#include <sys/eventfd.h>
#include <vector>

Q_LOGGING_CATEGORY(lcServer, "shelf.storeserver")

namespace shelf {

namespace {

using frames::buffer;
using frames::bytes;

// Frames before the command word are the routing envelope, one routing id per ROUTER on the way,
// so that requests also work through FeedProxy's ROUTER/DEALER forwarders. Routing ids that
// libzmq generates start with a zero byte and never look like a command. Returns 0 if none.
size_t commandFrame(const std::vector<zmq::message_t> &request, const char *command)
{
    constexpr size_t maxHops = 8;
    const size_t limit = std::min(request.size(), maxHops + 1);
    for (size_t i = 1; i < limit; ++i) {
        if (bytes(request[i]) == command)
            return i;
    }
    return 0;
}

QString newEpoch()
{
    // Time plus randomness: a restarted server never reuses an epoch.
    return QStringLiteral("%1-%2")
        .arg(QDateTime::currentMSecsSinceEpoch())
        .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
}

constexpr const char *commandTopicPrefix = "command/";
// The contract's bound: a JPEG of at most 192 KiB before encoding, so 4/3 of that in base64.
constexpr qsizetype maxScreenshotBytes = 192 * 1024;
constexpr qsizetype maxScreenshotBase64 = (maxScreenshotBytes + 2) / 3 * 4;
// Issued commands remembered for their results; older ones are forgotten.
constexpr std::size_t maxIssuedCommands = 1000;

bool isKnownCommand(const QString &command)
{
    return command == u"screenshot" || command == u"identify" || command == u"reload"
        || command == u"status";
}

// Text from a display, made safe for one log line: at most 64 characters, no control characters.
QString printable(const QString &text)
{
    QString safe = text.left(64);
    for (QChar &c : safe) {
        if (c.category() == QChar::Other_Control)
            c = u'?';
    }
    return safe;
}

// A shelf id made safe as part of a file name.
QString fileNamePart(const QString &shelf)
{
    QString name;
    for (const QChar c : shelf.left(64))
        name += (c.unicode() < 128 && c.isLetterOrNumber()) || c == u'-' || c == u'_' ? c : u'_';
    return name;
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
    zmq::context_t context{1};
    mutable std::mutex mutex;
    std::map<QString, Product> catalog;
    QString epoch = newEpoch();
    quint64 nextVersion = 1;
    std::vector<QString> toPublish;
    bool heartbeatNow = false;
    Endpoints bound;
    std::thread thread;
    std::atomic_bool stopping{false};
    QString optionsError; // reported by start()
    ZapHandler zap{lcServer()};
    Fleet fleet;
    std::set<QString> unTracked; // shelves refused a place in the fleet, logged once each
    struct Issued
    {
        QString shelf, command;
        QList<CommandResult> results;
    };
    std::map<QByteArray, Issued> issued;
    std::deque<QByteArray> issuedOrder;
    struct Command
    {
        QByteArray topic, id, body;
    };
    std::vector<Command> commandsToPublish;
    quint64 commandCount = 0;
    std::atomic<quint64> eventMessages{0}, eventBytes{0}, statusEvents{0};
    // Wakes the server's thread from any other: an eventfd its poll watches. A ZeroMQ socket made
    // per wake-up lingered, and a burst of price commands ran the context out of sockets (1,023).
    int wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    std::set<QByteArray> seenEvents;
    // Displays resend within minutes: the newest ids are enough to drop duplicates, and keeping
    // them all would grow for as long as the store runs.
    std::deque<QByteArray> seenOrder;
    static constexpr std::size_t maxSeenEvents = 200000;
    void rememberEvent(const QByteArray &id)
    {
        if (!seenEvents.insert(id).second)
            return;
        seenOrder.push_back(id);
        while (seenOrder.size() > maxSeenEvents) {
            seenEvents.erase(seenOrder.front());
            seenOrder.pop_front();
        }
    }
    std::atomic_int storedEvents{0};
    QFile eventsLog;

    ~Impl() { ::close(wakeFd); }
    void wake()
    {
        // Never blocks, and a wake-up already pending (or before start()) serves for this one too.
        const std::uint64_t one = 1;
        (void)!::write(wakeFd, &one, sizeof one);
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

    qint64 nowMs() const
    {
        return options.clockMs ? options.clockMs() : QDateTime::currentMSecsSinceEpoch();
    }

    void loop(std::promise<QString> started);
    void observe(const QString &shelf, const QByteArray &eventId, const QJsonObject &body,
                 int bodyBytes, bool fresh);
    void takeResult(const QString &shelf, const QString &where, const QJsonObject &body);
    QString saveScreenshot(const QString &shelf, const QJsonObject &body, QString *path);
    void serveSnapshot(zmq::socket_t &router, std::vector<zmq::message_t> &request);
    void serveEvent(zmq::socket_t &router, std::vector<zmq::message_t> &request);
    void publishPending(zmq::socket_t &pub);
    void publishHeartbeat(zmq::socket_t &pub);
};

StoreServer::StoreServer(StoreServerOptions options)
    : d(std::make_unique<Impl>())
{
    d->options = std::move(options);
    d->fleet = Fleet(d->options.maxDisplays, d->options.missingAfterMs);
    d->optionsError = setCurveClientKeys(d->options.curveClientKeys);
}

StoreServer::~StoreServer()
{
    stop();
}

QString StoreServer::loadCatalog(const QString &path)
{
    const BoundedRead read = readBoundedFile(path, maxCatalogBytes);
    if (!read.error.isEmpty())
        return read.error;
    return loadCatalogJson(read.bytes, path);
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
    bool changed = false;
    {
        std::lock_guard lock(d->mutex);
        for (auto &[sku, object] : records) {
            const auto existing = d->catalog.find(sku);
            if (existing == d->catalog.end() || existing->second.json != object) {
                d->change(sku, object, false);
                changed = true;
            }
        }
        for (auto &[sku, product] : d->catalog) {
            if (!records.count(sku) && !product.body.isEmpty()) {
                d->change(sku, {}, true);
                changed = true;
            }
        }
    }
    // A reload while serving goes out now, not with the next heartbeat.
    if (changed)
        d->wake();
    return {};
}

QString StoreServer::start()
{
    if (!d->options.curveSecretKey.isEmpty()) {
        if (!zmq_has("curve"))
            return QStringLiteral("this libzmq was built without CURVE");
        if (!curve::publicKeyFor(d->options.curveSecretKey))
            return QStringLiteral("the CURVE secret key is not a Z85 key (40 characters)");
    } else if (!d->options.curveClientKeys.isEmpty()) {
        // Listing displays without a server key would serve them in plain text, unnoticed.
        return QStringLiteral("CURVE display keys are listed but the server has no secret key");
    }
    if (!d->optionsError.isEmpty())
        return d->optionsError;
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

QByteArray StoreServer::curvePublicKey() const
{
    if (d->options.curveSecretKey.isEmpty())
        return {};
    return curve::publicKeyFor(d->options.curveSecretKey).value_or(QByteArray());
}

QString StoreServer::setCurveClientKeys(const QList<QByteArray> &keys)
{
    return d->zap.setKeys(keys);
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

QString StoreServer::command(const QString &line, QString *output)
{
    const QStringList words = line.simplified().split(u' ', Qt::SkipEmptyParts);
    if (words.isEmpty())
        return {};
    if (words[0] == u"fleet" && words.size() == 1) {
        if (output)
            *output = fleetTable();
        return {};
    }
    if (isKnownCommand(words[0]) && words.size() == 2) {
        QString error;
        const QString id = sendCommand(words[1], words[0], &error);
        if (output && error.isEmpty())
            *output = QStringLiteral("command %1 %2 %3\n").arg(id, words[0], words[1]);
        return error;
    }
    if (words[0] == u"price" && words.size() == 3)
        return setPrice(words[1], words[2]);
    if (words[0] == u"withdraw" && words.size() == 2)
        return withdraw(words[1]);
    if (words[0] == u"reset" && words.size() == 1) {
        reset();
        return {};
    }
    return QStringLiteral("unknown command \"%1\" (price SKU AMOUNT, withdraw SKU, reset, fleet, "
                          "screenshot SHELF, identify SHELF, reload SHELF, status SHELF)")
        .arg(line.trimmed());
}

QString StoreServer::sendCommand(const QString &shelf, const QString &command, QString *error)
{
    QString problem;
    if (!isKnownCommand(command))
        problem = QStringLiteral("unknown command \"%1\" (screenshot, identify, reload, status)")
                      .arg(command.left(64));
    else if (shelf != u"*" && !Fleet::isValidShelfId(shelf.toUtf8()))
        problem = QStringLiteral("\"%1\" is not a shelf id (1 to 128 bytes, no spaces) or *")
                      .arg(shelf.left(140));
    if (error)
        *error = problem;
    if (!problem.isEmpty())
        return {};
    const qint64 now = d->nowMs();
    QByteArray id;
    {
        std::lock_guard lock(d->mutex);
        // Time, a count and randomness: fresh across the server's restarts as well.
        id = QStringLiteral("%1-%2-%3")
                 .arg(now)
                 .arg(++d->commandCount)
                 .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'))
                 .toLatin1();
        const QJsonObject body{{QStringLiteral("command"), command},
                               {QStringLiteral("issued"), QJsonValue(now)}};
        d->commandsToPublish.push_back({QByteArray(commandTopicPrefix) + shelf.toUtf8(), id,
                                        QJsonDocument(body).toJson(QJsonDocument::Compact)});
        d->issued[id] = {shelf, command, {}};
        d->issuedOrder.push_back(id);
        while (d->issuedOrder.size() > maxIssuedCommands) {
            d->issued.erase(d->issuedOrder.front());
            d->issuedOrder.pop_front();
        }
    }
    d->wake();
    return QString::fromLatin1(id);
}

QList<CommandResult> StoreServer::commandResults(const QString &commandId) const
{
    std::lock_guard lock(d->mutex);
    const auto it = d->issued.find(commandId.toLatin1());
    return it == d->issued.end() ? QList<CommandResult>() : it->second.results;
}

QString StoreServer::fleetTable() const
{
    const qint64 now = d->nowMs();
    std::lock_guard lock(d->mutex);
    return d->fleet.table(now);
}

QByteArray StoreServer::fleetJson() const
{
    const qint64 now = d->nowMs();
    std::lock_guard lock(d->mutex);
    return d->fleet.json(now).toJson();
}

quint64 StoreServer::fleetRevision() const
{
    std::lock_guard lock(d->mutex);
    return d->fleet.revision();
}

StoreServer::Traffic StoreServer::eventTraffic() const
{
    return {d->eventMessages, d->eventBytes, d->statusEvents};
}

void StoreServer::Impl::loop(std::promise<QString> started)
{
    zmq::socket_t snapshot(context, zmq::socket_type::router);
    // XPUB rather than PUB: it hears each display subscribe, and answers a subscription to
    // heartbeats with one at once, so that a display need not wait an interval to know its
    // subscriptions are in place before it asks for a snapshot.
    zmq::socket_t updates(context, zmq::socket_type::xpub);
    zmq::socket_t events(context, zmq::socket_type::router);
    zmq::socket_t zapSocket(context, zmq::socket_type::rep);
    const bool curve = !options.curveSecretKey.isEmpty();
    try {
        if (wakeFd < 0)
            throw std::runtime_error("cannot make the server thread's wake-up eventfd");
        if (curve)
            ZapHandler::bind(zapSocket);
        for (zmq::socket_t *socket : {&snapshot, &updates, &events}) {
            socket->set(zmq::sockopt::linger, 0);
            socket->set(zmq::sockopt::maxmsgsize, int64_t(1024 * 1024));
            if (curve) {
                socket->set(zmq::sockopt::curve_server, true);
                socket->set(zmq::sockopt::curve_secretkey, options.curveSecretKey.toStdString());
                socket->set(zmq::sockopt::zap_domain, ZapHandler::domain);
            }
        }
        // A slow display must not make the server buffer without bound: PUB drops past this.
        updates.set(zmq::sockopt::sndhwm, 100000);
        // Every display's subscription, not only the first to a topic.
        updates.set(zmq::sockopt::xpub_verbose, true);
        // A whole snapshot reply (up to 10,000 products, a message each) must not hit the
        // ROUTER's high-water mark, where it would drop the rest silently.
        snapshot.set(zmq::sockopt::sndhwm, 2 * feed::maxSnapshotSkus + 16);
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
                    rememberEvent(line.value(u"event_id").toString().toUtf8());
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
            {nullptr, wakeFd, ZMQ_POLLIN, 0},
            {static_cast<void *>(snapshot), 0, ZMQ_POLLIN, 0},
            {static_cast<void *>(events), 0, ZMQ_POLLIN, 0},
            {static_cast<void *>(zapSocket), 0, short(curve ? ZMQ_POLLIN : 0), 0},
            {static_cast<void *>(updates), 0, ZMQ_POLLIN, 0},
        };
        const auto wait = std::max(Clock::duration::zero(), nextHeartbeat - Clock::now());
        zmq::poll(items, std::chrono::duration_cast<std::chrono::milliseconds>(wait));
        if (items[0].revents & ZMQ_POLLIN) {
            std::uint64_t wakeUps = 0;
            (void)!::read(wakeFd, &wakeUps, sizeof wakeUps);
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
            ++eventMessages;
            for (const zmq::message_t &frame : request)
                eventBytes += frame.size();
            serveEvent(events, request);
        }
        for (int i = 0; i < 100 && (items[3].revents & ZMQ_POLLIN); ++i) {
            if (!zap.answer(zapSocket))
                break;
        }
        bool welcome = false;
        for (int i = 0; i < 10000 && (items[4].revents & ZMQ_POLLIN); ++i) {
            zmq::message_t subscription;
            if (!updates.recv(subscription, zmq::recv_flags::dontwait))
                break;
            // A subscription is the byte 1, then the topic.
            const std::string_view text(subscription.data<char>(), subscription.size());
            if (text.size() > 1 && text[0] == 1 && text.substr(1) == feed::heartbeatTopic)
                welcome = true;
        }
        publishPending(updates);
        bool beat = welcome;
        {
            std::lock_guard lock(mutex);
            beat = std::exchange(heartbeatNow, false) || beat;
        }
        if (beat || Clock::now() >= nextHeartbeat) {
            publishHeartbeat(updates);
            nextHeartbeat = Clock::now() + std::chrono::milliseconds(options.heartbeatIntervalMs);
        }
    }
}

void StoreServer::Impl::serveSnapshot(zmq::socket_t &router, std::vector<zmq::message_t> &request)
{
    const size_t command = commandFrame(request, feed::snapshotCommand);
    if (command == 0 || request.size() - command - 1 > size_t(feed::maxSnapshotSkus)) {
        qCWarning(lcServer) << "ignoring a malformed snapshot request of" << request.size()
                            << "frames";
        return;
    }
    // Replies go back under the routing envelope the request came with.
    std::vector<QByteArray> envelope;
    for (size_t i = 0; i < command; ++i)
        envelope.push_back(bytes(request[i]));
    auto reply = [&router, &envelope](std::initializer_list<QByteArray> frames) {
        std::vector<zmq::const_buffer> buffers;
        for (const QByteArray &frame : envelope)
            buffers.push_back(buffer(frame));
        for (const QByteArray &frame : frames)
            buffers.push_back(buffer(frame));
        zmq::send_multipart(router, buffers, zmq::send_flags::dontwait);
    };
    std::lock_guard lock(mutex);
    quint64 count = 0;
    auto sendProduct = [&](const QString &sku, const Product &product) {
        reply({QByteArray(feed::productReply), sku.toUtf8(), QByteArray::number(product.version),
               product.body});
        ++count;
    };
    if (request.size() == command + 1) {
        for (const auto &[sku, product] : catalog) {
            if (!product.body.isEmpty())
                sendProduct(sku, product);
        }
    } else {
        for (size_t i = command + 1; i < request.size(); ++i) {
            const QString sku = QString::fromUtf8(bytes(request[i]));
            const auto it = catalog.find(sku);
            if (it != catalog.end() && !it->second.body.isEmpty())
                sendProduct(sku, it->second);
            else
                reply({QByteArray(feed::unknownReply), sku.toUtf8()});
        }
    }
    reply({QByteArray(feed::endReply), epoch.toLatin1(), QByteArray::number(count)});
}

void StoreServer::Impl::serveEvent(zmq::socket_t &router, std::vector<zmq::message_t> &request)
{
    const size_t command = commandFrame(request, feed::eventCommand);
    if (command == 0 || request.size() != command + 4) {
        qCWarning(lcServer) << "ignoring a malformed event message of" << request.size()
                            << "frames";
        return;
    }
    const QByteArray shelfId = bytes(request[command + 1]);
    const QByteArray eventId = bytes(request[command + 2]);
    const QJsonDocument body = QJsonDocument::fromJson(bytes(request[command + 3]));
    if (eventId.isEmpty() || eventId.size() > 128 || !body.isObject()) {
        qCWarning(lcServer) << "ignoring an event with a bad id or body from shelf"
                            << shelfId.left(64);
        return;
    }
    const bool fresh = !seenEvents.count(eventId);
    if (fresh) {
        QJsonObject stored = body.object();
        // A screenshot goes to a file of its own (observe()), not into every event's log.
        stored.remove(QStringLiteral("jpeg_base64"));
        stored.insert(QStringLiteral("shelf"), QString::fromUtf8(shelfId));
        stored.insert(QStringLiteral("event_id"), QString::fromUtf8(eventId));
        if (eventsLog.isOpen()) {
            const QByteArray line = QJsonDocument(stored).toJson(QJsonDocument::Compact) + '\n';
            if (eventsLog.write(line) != line.size() || !eventsLog.flush()) {
                // No ACK: the display keeps the event and sends it again.
                qCWarning(lcServer).noquote() << options.eventsLogPath << ": cannot store event"
                                              << eventId << ":" << eventsLog.errorString();
                return;
            }
        }
        rememberEvent(eventId);
        ++storedEvents;
    }
    // Before the ACK, so that whoever saw the ACK sees the fleet with this event in it.
    observe(QString::fromUtf8(shelfId), eventId, body.object(), int(request[command + 3].size()),
            fresh);
    std::vector<zmq::const_buffer> ack;
    for (size_t i = 0; i < command; ++i)
        ack.push_back(zmq::buffer(request[i].data(), request[i].size()));
    ack.push_back(zmq::buffer(std::string_view(feed::ackReply)));
    ack.push_back(buffer(eventId));
    zmq::send_multipart(router, ack, zmq::send_flags::dontwait);
}

void StoreServer::Impl::observe(const QString &shelf, const QByteArray &eventId,
                                const QJsonObject &body, int bodyBytes, bool fresh)
{
    const QString type = body.value(u"type").toString();
    const QString where = QStringLiteral("shelf \"%1\", event %2")
                              .arg(printable(shelf), printable(QString::fromUtf8(eventId)));
    const qint64 now = nowMs();
    {
        std::lock_guard lock(mutex);
        // Any event, a resent one too, shows the display is alive.
        if (!fleet.heard(shelf, now)) {
            if (unTracked.size() < 1000 && unTracked.insert(shelf.left(140)).second)
                qCWarning(lcServer).noquote()
                    << QStringLiteral("%1: not tracked in the fleet: the shelf id is not valid (1 "
                                      "to 128 bytes, no spaces) or %2 displays are tracked")
                           .arg(where)
                           .arg(options.maxDisplays);
        } else if (fresh && type == u"status") {
            ++statusEvents;
            if (const QString error = fleet.recordStatus(shelf, body, bodyBytes, now);
                !error.isEmpty())
                qCWarning(lcServer).noquote()
                    << QStringLiteral("%1: status refused, the last one is kept: %2")
                           .arg(where, error);
        }
    }
    if (fresh && type == u"command_result")
        takeResult(shelf, where, body);
}

void StoreServer::Impl::takeResult(const QString &shelf, const QString &where,
                                   const QJsonObject &body)
{
    CommandResult result;
    result.shelf = shelf;
    result.commandId = body.value(u"command_id").toString();
    result.ok = body.value(u"ok").toBool();
    result.detail = body.value(u"detail").toString().left(1000);
    const QByteArray id = result.commandId.toLatin1();
    {
        std::lock_guard lock(mutex);
        const auto it = issued.find(id);
        if (it == issued.end()) {
            qCWarning(lcServer).noquote()
                << QStringLiteral("%1: a result for command %2, which this server did not issue "
                                  "(or issued over %3 commands ago)")
                       .arg(where, printable(result.commandId))
                       .arg(maxIssuedCommands);
            return;
        }
        if (it->second.shelf != u"*" && it->second.shelf != shelf) {
            qCWarning(lcServer).noquote()
                << QStringLiteral("%1: a result for command %2, which was sent to shelf %3")
                       .arg(where, result.commandId, it->second.shelf);
            return;
        }
        // One answer per display and command: a display (or anyone claiming its shelf id) that
        // sends more cannot fill the disk with screenshots or the memory with results.
        const QList<CommandResult> &results = it->second.results;
        if (std::any_of(results.cbegin(), results.cend(),
                        [&shelf](const CommandResult &r) { return r.shelf == shelf; })) {
            qCWarning(lcServer).noquote()
                << QStringLiteral("%1: command %2 was answered already; this answer is dropped")
                       .arg(where, result.commandId);
            return;
        }
        result.command = it->second.command;
    }
    if (result.command == u"screenshot" && result.ok) {
        result.error = saveScreenshot(shelf, body, &result.screenshotPath);
        if (!result.error.isEmpty())
            qCWarning(lcServer).noquote()
                << QStringLiteral("%1: screenshot for command %2 refused: %3")
                       .arg(where, result.commandId, result.error);
        else
            qCInfo(lcServer).noquote()
                << QStringLiteral("%1: screenshot for command %2 saved to %3")
                       .arg(where, result.commandId, result.screenshotPath);
    }
    {
        std::lock_guard lock(mutex);
        const auto it = issued.find(id);
        if (it != issued.end() && it->second.results.size() < options.maxDisplays)
            it->second.results.append(result);
    }
    if (options.onCommandResult)
        options.onCommandResult(result);
}

QString StoreServer::Impl::saveScreenshot(const QString &shelf, const QJsonObject &body,
                                          QString *path)
{
    const QJsonValue encoded = body.value(u"jpeg_base64");
    if (!encoded.isString())
        return QStringLiteral("no \"jpeg_base64\" string");
    const QString text = encoded.toString();
    if (text.size() > maxScreenshotBase64)
        return QStringLiteral("\"jpeg_base64\" of %1 characters is over the limit of %2 (a "
                              "JPEG of at most 192 KiB)")
            .arg(text.size())
            .arg(maxScreenshotBase64);
    const auto decoded
        = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return QStringLiteral("\"jpeg_base64\" is not base64");
    const QByteArray &jpeg = *decoded;
    if (jpeg.size() > maxScreenshotBytes)
        return QStringLiteral("a JPEG of %1 bytes is over the 192 KiB limit").arg(jpeg.size());
    if (!jpeg.startsWith("\xFF\xD8\xFF") || !jpeg.endsWith("\xFF\xD9"))
        return QStringLiteral("not a JPEG (it does not start with FF D8 FF and end with FF D9)");
    const QDir folder(options.screenshotFolder);
    if (!folder.exists() && !QDir().mkpath(folder.path()))
        return QStringLiteral("%1: cannot create the folder").arg(folder.path());
    const QString stem = fileNamePart(shelf) + u'-'
        + QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC).toString(u"yyyyMMdd-HHmmss.zzz");
    QString name = stem + QStringLiteral(".jpg");
    for (int n = 2; folder.exists(name) && n < 1000; ++n)
        name = QStringLiteral("%1-%2.jpg").arg(stem).arg(n);
    *path = folder.filePath(name);
    QSaveFile file(*path);
    if (!file.open(QIODevice::WriteOnly) || file.write(jpeg) != jpeg.size() || !file.commit())
        return QStringLiteral("%1: cannot write: %2").arg(*path, file.errorString());
    return {};
}

void StoreServer::Impl::publishPending(zmq::socket_t &pub)
{
    std::lock_guard lock(mutex);
    for (const QString &sku : toPublish) {
        const Product &product = catalog[sku];
        const QByteArray topic = QByteArray(feed::productTopicPrefix) + sku.toUtf8();
        const QByteArray version = QByteArray::number(product.version);
        const QByteArray epochBytes = epoch.toLatin1();
        const std::vector<zmq::const_buffer> frames{buffer(topic), buffer(epochBytes),
                                                    buffer(version), buffer(product.body)};
        zmq::send_multipart(pub, frames, zmq::send_flags::dontwait);
    }
    toPublish.clear();
    const QByteArray epochBytes = epoch.toLatin1();
    for (const Command &command : commandsToPublish) {
        const std::vector<zmq::const_buffer> frames{buffer(command.topic), buffer(epochBytes),
                                                    buffer(command.id), buffer(command.body)};
        zmq::send_multipart(pub, frames, zmq::send_flags::dontwait);
    }
    commandsToPublish.clear();
}

void StoreServer::Impl::publishHeartbeat(zmq::socket_t &pub)
{
    QByteArray epochBytes;
    {
        std::lock_guard lock(mutex);
        epochBytes = epoch.toLatin1();
    }
    const QByteArray now = QByteArray::number(nowMs());
    const QByteArray body = QByteArrayLiteral("{\"interval_ms\": ")
        + QByteArray::number(options.heartbeatIntervalMs) + '}';
    const std::vector<zmq::const_buffer> frames{zmq::str_buffer("heartbeat"), buffer(epochBytes),
                                                buffer(now), buffer(body)};
    zmq::send_multipart(pub, frames, zmq::send_flags::dontwait);
}

} // namespace shelf
