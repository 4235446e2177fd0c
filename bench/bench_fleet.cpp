// A store's fleet on one machine: the reference server, the fan-out proxy in front of it and 500
// displays' worth of protocol clients (plain ZeroMQ sockets on a few threads, reading with the
// protocol code the display uses), with CURVE on both sides of the proxy and without. Prints how
// long a price change takes to reach every display, and the status traffic at the server.
//
//     bench_fleet [--displays N] [--changes N] [--threads N] [--status-seconds S] [--curve-only]
#include <feed_protocol.h>
#include <feed_proxy.h>
#include <product_record.h>
#include <store_server.h>

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <sys/resource.h>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
const QString apples = QStringLiteral("6901234000115");

struct Settings
{
    int displays = 500;
    int changes = 20;
    int threads = 4;
    int statusSeconds = 10; // how long the status traffic is measured
    int fastStatusMs = 1000; // the rate it is measured at, to extrapolate to one a minute
    bool curveOnly = false;
};

struct Keys
{
    QByteArray publicKey, secretKey;
};

Keys newKeys()
{
    char publicKey[41] = {};
    char secretKey[41] = {};
    zmq_curve_keypair(publicKey, secretKey);
    return {QByteArray(publicKey, 40), QByteArray(secretKey, 40)};
}

// What the displays share with the harness: arrival times of each price change, counts.
struct Shared
{
    explicit Shared(int displays, int changes)
        : arrivals(size_t(displays) * size_t(changes))
        , arrived(size_t(changes))
    {
        for (auto &a : arrivals)
            a = 0;
        for (auto &a : arrived)
            a = 0;
    }
    std::vector<std::atomic<qint64>> arrivals; // ns since the clock's epoch; display-major
    std::vector<std::atomic<int>> arrived; // per change
    std::atomic<int> heartbeatsSeen{0}; // displays that have had one
    std::atomic<int> commandsSeen{0};
    std::atomic<int> statusIntervalMs{60000};
    std::atomic<bool> stop{false};
    int changes = 0;
};

// One display's sockets and what it holds, as the display's feed client would.
struct Display
{
    int index = 0;
    QByteArray shelf;
    std::optional<zmq::socket_t> sub, events;
    quint64 applesVersion = 0;
    bool heartbeat = false;
    quint64 sent = 0;
    Clock::time_point nextStatus;
};

QByteArray statusBody(const QByteArray &epoch)
{
    return QJsonDocument(
               QJsonObject{
                   {QStringLiteral("type"), QStringLiteral("status")},
                   {QStringLiteral("at"), QStringLiteral("2026-11-29T10:00:00.000Z")},
                   {QStringLiteral("version"), QStringLiteral("0.2.0")},
                   {QStringLiteral("uptime_s"), 86400},
                   {QStringLiteral("config"), QStringLiteral("3f2a9c1b")},
                   {QStringLiteral("feed"),
                    QJsonObject{{QStringLiteral("state"), QStringLiteral("live")},
                                {QStringLiteral("epoch"), QString::fromLatin1(epoch)},
                                {QStringLiteral("update_age_s"), 1.2}}},
                   {QStringLiteral("camera"),
                    QJsonObject{{QStringLiteral("state"), QStringLiteral("up")},
                                {QStringLiteral("fps"), 29.8}}},
                   {QStringLiteral("scale"),
                    QJsonObject{{QStringLiteral("state"), QStringLiteral("none")}}},
                   {QStringLiteral("outbox"),
                    QJsonObject{{QStringLiteral("pending"), 0}, {QStringLiteral("dropped"), 0}}},
                   {QStringLiteral("rejected"), 0},
                   {QStringLiteral("screen"), QStringLiteral("attract")},
                   {QStringLiteral("rss_mib"), 96},
                   {QStringLiteral("cpu_pct"), 3.1},
               })
        .toJson(QJsonDocument::Compact);
}

void sendStatus(Display &display, const QByteArray &body)
{
    const QByteArray id = display.shelf + '-' + QByteArray::number(++display.sent);
    const std::vector<zmq::const_buffer> frames{
        zmq::str_buffer("EVENT"),
        zmq::buffer(display.shelf.constData(), size_t(display.shelf.size())),
        zmq::buffer(id.constData(), size_t(id.size())),
        zmq::buffer(body.constData(), size_t(body.size()))};
    zmq::send_multipart(*display.events, frames, zmq::send_flags::dontwait);
}

QByteArray bytes(const zmq::message_t &message)
{
    return QByteArray(message.data<char>(), qsizetype(message.size()));
}

// Reads one updates message as the display does: exact topic, epoch, version rule, the record
// validated by the display's own parser.
void onUpdate(Display &display, std::vector<zmq::message_t> &frames, Shared &shared,
              const QStringList &prices, const QByteArray &applesTopic)
{
    if (frames.size() != 4 || !shelf::feed::isValidEpoch(bytes(frames[1])))
        return;
    const QByteArray topic = bytes(frames[0]);
    if (topic == shelf::feed::heartbeatTopic) {
        if (!display.heartbeat) {
            display.heartbeat = true;
            ++shared.heartbeatsSeen;
        }
        return;
    }
    if (topic.startsWith("command/")) {
        if (topic == "command/" + display.shelf || topic == "command/*") {
            ++shared.commandsSeen;
            sendStatus(display, statusBody(bytes(frames[1])));
        }
        return;
    }
    if (topic != applesTopic)
        return; // its own slot's product: nothing to time
    const std::optional<quint64> version = shelf::feed::parseVersion(bytes(frames[2]));
    if (!version || *version <= display.applesVersion)
        return;
    display.applesVersion = *version;
    const qint64 now = Clock::now().time_since_epoch().count();
    const shelf::RecordParseResult parsed = shelf::parseProductRecord(bytes(frames[3]), apples);
    if (!parsed.record)
        return;
    const int change = int(prices.indexOf(parsed.record->price.toDecimalString()));
    if (change < 0)
        return;
    std::atomic<qint64> &slot
        = shared.arrivals[size_t(display.index) * size_t(shared.changes) + size_t(change)];
    qint64 expected = 0;
    if (slot.compare_exchange_strong(expected, now))
        ++shared.arrived[size_t(change)];
}

// Runs displays [first, last) on this thread until shared.stop.
void runDisplays(int first, int last, const shelf::StoreServer::Endpoints &proxy,
                 const std::optional<QByteArray> &proxyKey, const std::vector<Keys> &keys,
                 const QStringList &skus, const QStringList &prices, Shared &shared,
                 std::atomic<int> &ready)
{
    zmq::context_t context(1);
    context.set(zmq::ctxopt::max_sockets, 4096);
    std::vector<Display> displays(size_t(last - first));
    const QByteArray applesTopic = QByteArray(shelf::feed::productTopicPrefix) + apples.toUtf8();
    const auto start = Clock::now();
    for (int i = first; i < last; ++i) {
        Display &display = displays[size_t(i - first)];
        display.index = i;
        display.shelf = QStringLiteral("shelf-%1").arg(i, 3, 10, QLatin1Char('0')).toUtf8();
        // The first status within a minute, spread as displays that booted at different times.
        display.nextStatus = start + std::chrono::milliseconds(i * 60000 / int(keys.size()));
        for (auto type : {zmq::socket_type::sub, zmq::socket_type::dealer}) {
            zmq::socket_t socket(context, type);
            socket.set(zmq::sockopt::linger, 0);
            socket.set(zmq::sockopt::maxmsgsize, int64_t(shelf::feed::maxMessageBytes));
            if (proxyKey) {
                socket.set(zmq::sockopt::curve_serverkey, proxyKey->toStdString());
                socket.set(zmq::sockopt::curve_publickey, keys[size_t(i)].publicKey.toStdString());
                socket.set(zmq::sockopt::curve_secretkey, keys[size_t(i)].secretKey.toStdString());
            }
            if (type == zmq::socket_type::sub) {
                // As the display: its products, its commands, then heartbeats.
                for (const QByteArray &topic :
                     {applesTopic,
                      QByteArray(shelf::feed::productTopicPrefix) + skus[i % skus.size()].toUtf8(),
                      "command/" + display.shelf, QByteArray("command/*"),
                      QByteArray(shelf::feed::heartbeatTopic)})
                    socket.set(zmq::sockopt::subscribe, topic.toStdString());
                socket.connect(proxy.updates.toStdString());
                display.sub.emplace(std::move(socket));
            } else {
                socket.connect(proxy.events.toStdString());
                display.events.emplace(std::move(socket));
            }
        }
    }
    ++ready;
    const QByteArray body = statusBody("bench");
    int statusIntervalMs = shared.statusIntervalMs;
    std::vector<zmq::pollitem_t> items;
    for (Display &display : displays) {
        items.push_back({static_cast<void *>(*display.sub), 0, ZMQ_POLLIN, 0});
        items.push_back({static_cast<void *>(*display.events), 0, ZMQ_POLLIN, 0});
    }
    while (!shared.stop) {
        zmq::poll(items, std::chrono::milliseconds(20));
        for (size_t i = 0; i < displays.size(); ++i) {
            Display &display = displays[i];
            if (items[2 * i].revents & ZMQ_POLLIN) {
                for (int n = 0; n < 100; ++n) {
                    std::vector<zmq::message_t> frames;
                    if (!zmq::recv_multipart(*display.sub, std::back_inserter(frames),
                                             zmq::recv_flags::dontwait))
                        break;
                    onUpdate(display, frames, shared, prices, applesTopic);
                }
            }
            if (items[2 * i + 1].revents & ZMQ_POLLIN) {
                for (int n = 0; n < 100; ++n) {
                    std::vector<zmq::message_t> ack;
                    if (!zmq::recv_multipart(*display.events, std::back_inserter(ack),
                                             zmq::recv_flags::dontwait))
                        break;
                }
            }
        }
        const auto now = Clock::now();
        if (const int interval = shared.statusIntervalMs; interval != statusIntervalMs) {
            // A new rate: spread the displays over one interval of it from now.
            statusIntervalMs = interval;
            for (Display &display : displays)
                display.nextStatus
                    = now + std::chrono::milliseconds(display.index * interval / int(keys.size()));
        }
        for (Display &display : displays) {
            if (now >= display.nextStatus) {
                sendStatus(display, body);
                display.nextStatus = now + std::chrono::milliseconds(shared.statusIntervalMs);
            }
        }
    }
}

double percentile(std::vector<double> values, double q)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(q * double(values.size())))];
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!done()) {
        if (Clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

int runScenario(const Settings &settings, bool curve)
{
    std::printf("\n== %d displays behind the proxy, %s ==\n", settings.displays,
                curve ? "CURVE on both sides of the proxy" : "plain text");
    const Keys serverKeys = newKeys();
    const Keys proxyKeys = newKeys();
    std::vector<Keys> displayKeys;
    QList<QByteArray> admitted;
    for (int i = 0; i < settings.displays; ++i) {
        displayKeys.push_back(newKeys());
        admitted.append(displayKeys.back().publicKey);
    }

    shelf::StoreServerOptions serverOptions;
    serverOptions.snapshotEndpoint = serverOptions.updatesEndpoint = serverOptions.eventsEndpoint
        = QStringLiteral("tcp://127.0.0.1:*");
    if (curve) {
        serverOptions.curveSecretKey = serverKeys.secretKey;
        serverOptions.curveClientKeys = {proxyKeys.publicKey};
    }
    shelf::StoreServer server(serverOptions);
    if (const QString error = server.loadCatalog(QStringLiteral(SHELF_DEMO_DIR "/catalog.json"));
        !error.isEmpty() || !server.start().isEmpty()) {
        std::fprintf(stderr, "the server did not start: %s\n", qPrintable(error));
        return 1;
    }
    shelf::FeedProxyOptions proxyOptions;
    const auto upstream = server.endpoints();
    proxyOptions.upstreamSnapshot = upstream.snapshot;
    proxyOptions.upstreamUpdates = upstream.updates;
    proxyOptions.upstreamEvents = upstream.events;
    proxyOptions.snapshotEndpoint = proxyOptions.updatesEndpoint = proxyOptions.eventsEndpoint
        = QStringLiteral("tcp://127.0.0.1:*");
    if (curve) {
        proxyOptions.curveSecretKey = proxyKeys.secretKey;
        proxyOptions.upstreamServerKey = serverKeys.publicKey;
        proxyOptions.curveClientKeys = admitted;
    }
    shelf::FeedProxy proxy(proxyOptions);
    if (const QString error = proxy.start(); !error.isEmpty()) {
        std::fprintf(stderr, "the proxy did not start: %s\n", qPrintable(error));
        return 1;
    }

    QStringList skus;
    const QJsonDocument catalog = QJsonDocument::fromJson([] {
        QFile file(QStringLiteral(SHELF_DEMO_DIR "/catalog.json"));
        file.open(QIODevice::ReadOnly);
        return file.readAll();
    }());
    for (const QJsonValue &record : catalog.array())
        skus.append(record.toObject().value(u"sku").toString());
    QStringList prices;
    for (int i = 0; i < settings.changes; ++i)
        prices.append(QStringLiteral("%1.%2").arg(20 + i).arg(i % 100, 2, 10, QLatin1Char('0')));

    Shared shared(settings.displays, settings.changes);
    shared.changes = settings.changes;
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    const auto connectStart = Clock::now();
    for (int t = 0; t < settings.threads; ++t) {
        const int first = settings.displays * t / settings.threads;
        const int last = settings.displays * (t + 1) / settings.threads;
        threads.emplace_back(runDisplays, first, last, proxy.endpoints(),
                             curve ? std::optional<QByteArray>(proxyKeys.publicKey) : std::nullopt,
                             std::cref(displayKeys), std::cref(skus), std::cref(prices),
                             std::ref(shared), std::ref(ready));
    }
    const bool connected
        = waitUntil([&] { return shared.heartbeatsSeen == settings.displays; }, 120000);
    const double connectS = std::chrono::duration<double>(Clock::now() - connectStart).count();
    std::printf("connected: %d of %d displays had a heartbeat after %.2f s\n",
                shared.heartbeatsSeen.load(), settings.displays, connectS);
    int failures = connected ? 0 : 1;

    // Price changes, one at a time as a store makes them.
    std::vector<double> deliveries, whole;
    for (int change = 0; change < settings.changes && connected; ++change) {
        const qint64 start = Clock::now().time_since_epoch().count();
        server.setPrice(apples, prices[change]);
        if (!waitUntil([&] { return shared.arrived[size_t(change)] == settings.displays; },
                       20000)) {
            std::printf("change %d reached %d of %d displays\n", change,
                        shared.arrived[size_t(change)].load(), settings.displays);
            ++failures;
        }
        double last = 0;
        for (int d = 0; d < settings.displays; ++d) {
            const qint64 at
                = shared.arrivals[size_t(d) * size_t(settings.changes) + size_t(change)];
            if (at == 0)
                continue;
            const double ms = double(at - start) / 1e6;
            deliveries.push_back(ms);
            last = std::max(last, ms);
        }
        whole.push_back(last);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::printf("price change to every display, %zu changes: all %d reached after median %.1f ms, "
                "worst %.1f ms\n",
                whole.size(), settings.displays, percentile(whole, 0.5), percentile(whole, 1.0));
    std::printf("  per display (%zu deliveries): median %.1f ms, p95 %.1f ms, max %.1f ms\n",
                deliveries.size(), percentile(deliveries, 0.5), percentile(deliveries, 0.95),
                percentile(deliveries, 1.0));

    // A command to every display, and each one's status in answer.
    const auto commandStart = Clock::now();
    server.sendCommand(QStringLiteral("*"), QStringLiteral("status"));
    const bool commanded
        = waitUntil([&] { return shared.commandsSeen >= settings.displays; }, 20000);
    std::printf("command/* status reached %d of %d displays in %.1f ms\n",
                shared.commandsSeen.load(), settings.displays,
                std::chrono::duration<double, std::milli>(Clock::now() - commandStart).count());
    failures += commanded ? 0 : 1;

    // Status traffic at the server, measured at a faster rate than a display's one a minute.
    shared.statusIntervalMs = settings.fastStatusMs;
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * settings.fastStatusMs));
    const shelf::StoreServer::Traffic before = server.eventTraffic();
    const auto measureStart = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(settings.statusSeconds));
    const shelf::StoreServer::Traffic after = server.eventTraffic();
    const double seconds = std::chrono::duration<double>(Clock::now() - measureStart).count();
    const double messagesPerS = double(after.messages - before.messages) / seconds;
    const double bytesPerS = double(after.bytes - before.bytes) / seconds;
    const double perMessage = messagesPerS > 0 ? bytesPerS / messagesPerS : 0;
    const double minuteRate = double(settings.displays) / 60.0;
    std::printf("status traffic at the server, one status every %d ms from each display: %.0f "
                "messages/s, %.0f bytes/s (%.0f bytes a message, frames as received)\n",
                settings.fastStatusMs, messagesPerS, bytesPerS, perMessage);
    std::printf("  extrapolated to one status a minute from %d displays: %.1f messages/s, %.0f "
                "bytes/s (%.1f KiB/s)\n",
                settings.displays, minuteRate, minuteRate * perMessage,
                minuteRate * perMessage / 1024);

    shared.stop = true;
    for (std::thread &thread : threads)
        thread.join();

    const QString table = server.fleetTable();
    const QStringList lines = table.split(u'\n', Qt::SkipEmptyParts);
    std::printf("fleet table after (%d lines; the first three and the summary):\n",
                int(lines.size()));
    for (int i = 0; i < std::min<int>(4, int(lines.size())); ++i)
        std::printf("  %s\n", qPrintable(lines[i]));
    std::printf("  %s\n", qPrintable(lines.last()));
    proxy.stop();
    server.stop();
    return failures;
}

// 500 displays take two sockets each, and the proxy a connection per socket: well past the
// usual 1,024 descriptors.
void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    getrlimit(RLIMIT_NOFILE, &limit);
    std::printf("file descriptors: up to %llu\n", static_cast<unsigned long long>(limit.rlim_cur));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Settings settings;
    const QStringList arguments = QCoreApplication::arguments();
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        const auto number = [&](int &target) {
            if (i + 1 < arguments.size())
                target = std::max(1, arguments[++i].toInt());
        };
        if (argument == u"--displays")
            number(settings.displays);
        else if (argument == u"--changes")
            number(settings.changes);
        else if (argument == u"--threads")
            number(settings.threads);
        else if (argument == u"--status-seconds")
            number(settings.statusSeconds);
        else if (argument == u"--curve-only")
            settings.curveOnly = true;
        else {
            std::fprintf(stderr,
                         "usage: bench_fleet [--displays N] [--changes N] [--threads N] "
                         "[--status-seconds S] [--curve-only]\n");
            return 2;
        }
    }
    raiseFileLimit();
    int failures = runScenario(settings, true);
    if (!settings.curveOnly)
        failures += runScenario(settings, false);
    return failures == 0 ? 0 : 1;
}
