// Tests of the reference store server (tools/shelffeed): live catalog reloads, CURVE with its ZAP
// handler, the fan-out proxy and the key maker, each observed through raw ZeroMQ sockets as a
// display would use them.
#include "server_test_support.h"

#include <curve_keys.h>
#include <feed_proxy.h>
#include <server_watcher.h>
#include <store_server.h>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <functional>
#include <map>
#include <optional>

using namespace shelf;
using namespace shelf::test;

namespace {

const QString apples = QStringLiteral("6901234000115");
const QString kiwi = QStringLiteral("6901234000283");
const QString salmon = QStringLiteral("7098765000147");

// How long a refused display is watched for a reply it must never get, after an admitted one
// on the same server was answered.
constexpr int silenceMs = 3000;

std::function<bool(const Message &)> isUpdateOf(const QString &sku)
{
    const QByteArray topic = "product/" + sku.toUtf8();
    return [topic](const Message &message) {
        return message.size() == 4 && message[0] == topic;
    };
}

struct Snapshot
{
    std::map<QString, std::pair<quint64, QByteArray>> products; // sku -> version, body
    QStringList unknown;
    QByteArray epoch;
    int count = -1;
};

// Collects the reply to a SNAPSHOT request already sent, up to its END.
std::optional<Snapshot> receiveSnapshot(zmq::socket_t &dealer, int timeoutMs = patienceMs)
{
    Snapshot snapshot;
    const std::optional<Message> end = waitFor(
        dealer,
        [&](const Message &message) {
            if (message.size() == 4 && message[0] == "PRODUCT")
                snapshot.products[QString::fromUtf8(message[1])]
                    = {message[2].toULongLong(), message[3]};
            else if (message.size() == 2 && message[0] == "UNKNOWN")
                snapshot.unknown.append(QString::fromUtf8(message[1]));
            return message.size() == 3 && message[0] == "END";
        },
        timeoutMs);
    if (!end)
        return std::nullopt;
    snapshot.epoch = (*end)[1];
    snapshot.count = (*end)[2].toInt();
    return snapshot;
}

std::optional<Snapshot> takeSnapshot(zmq::context_t &context, const QString &endpoint)
{
    zmq::socket_t dealer = displaySocket(context, zmq::socket_type::dealer, endpoint);
    sendFrames(dealer, {"SNAPSHOT"});
    return receiveSnapshot(dealer);
}

QString priceIn(const QByteArray &body)
{
    return QJsonDocument::fromJson(body)
        .object()
        .value(u"price")
        .toObject()
        .value(u"amount")
        .toString();
}

StoreServerOptions ephemeralServer()
{
    StoreServerOptions options;
    options.snapshotEndpoint = options.updatesEndpoint = options.eventsEndpoint
        = QStringLiteral("tcp://127.0.0.1:*");
    options.heartbeatIntervalMs = 100;
    return options;
}

QJsonArray demoCatalog()
{
    QFile file(QStringLiteral(SHELF_DEMO_CATALOG));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return QJsonDocument::fromJson(file.readAll()).array();
}

// As editors save: a new file renamed over the old one.
void replaceFile(const QString &path, const QByteArray &content)
{
    QSaveFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(content);
    ASSERT_TRUE(file.commit());
}

// As a script saves: the same file truncated and rewritten.
void rewriteFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

QByteArray json(const QJsonArray &catalog)
{
    return QJsonDocument(catalog).toJson();
}

int indexOf(const QJsonArray &catalog, const QString &sku)
{
    for (int i = 0; i < catalog.size(); ++i) {
        if (catalog[i].toObject().value(u"sku").toString() == sku)
            return i;
    }
    return -1;
}

QJsonArray withPrice(QJsonArray catalog, const QString &sku, const QJsonValue &amount)
{
    const int i = indexOf(catalog, sku);
    EXPECT_GE(i, 0);
    QJsonObject record = catalog[i].toObject();
    QJsonObject price = record.value(u"price").toObject();
    price.insert(QStringLiteral("amount"), amount);
    record.insert(QStringLiteral("price"), price);
    catalog[i] = record;
    return catalog;
}

// A server serving a catalog file that the test edits, with a display subscribed to everything.
struct LiveCatalog
{
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("catalog.json"));
    StoreServer server{ephemeralServer()};
    StoreServerWatcher watcher{server};
    QSignalSpy reloads{&watcher, &StoreServerWatcher::catalogReloaded};
    QSignalSpy problems{&watcher, &StoreServerWatcher::problem};
    zmq::context_t context;
    std::optional<zmq::socket_t> subscriber;

    void start()
    {
        replaceFile(path, json(demoCatalog()));
        ASSERT_EQ(watcher.watchCatalog(path), QString());
        ASSERT_EQ(server.start(), QString());
        subscriber = displaySocket(context, zmq::socket_type::sub, server.endpoints().updates);
        ASSERT_TRUE(waitFor(*subscriber, isHeartbeat)) << "no heartbeat from the server";
    }
};

// A file that must be refused: no product goes out, the old catalog stays in service.
void expectRefused(LiveCatalog &live, const QByteArray &content)
{
    const std::optional<Snapshot> before
        = takeSnapshot(live.context, live.server.endpoints().snapshot);
    ASSERT_TRUE(before);
    replaceFile(live.path, content);
    ASSERT_TRUE(QTest::qWaitFor([&] { return live.problems.count() > 0; }, patienceMs))
        << "the broken catalog was not reported";
    EXPECT_TRUE(live.problems.at(0).at(0).toString().contains(live.path))
        << live.problems.at(0).at(0).toString().toStdString();
    EXPECT_EQ(live.reloads.count(), 0);

    // The server publishes pending changes before each heartbeat on the same socket, so three
    // heartbeats after the report prove that nothing was published.
    int heartbeats = 0;
    const std::optional<Message> update = waitFor(*live.subscriber, [&](const Message &message) {
        if (isHeartbeat(message))
            ++heartbeats;
        return !isHeartbeat(message) || heartbeats == 3;
    });
    ASSERT_TRUE(update);
    EXPECT_TRUE(isHeartbeat(*update))
        << "published from a broken catalog: " << update->at(0).toStdString();

    const std::optional<Snapshot> after
        = takeSnapshot(live.context, live.server.endpoints().snapshot);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->count, 12);
    EXPECT_EQ(after->products, before->products);
    EXPECT_EQ(priceIn(after->products.at(apples).second), QStringLiteral("12.80"));
}

} // namespace

TEST(CatalogFile, EditedProductIsRepublishedWithAHigherVersion)
{
    LiveCatalog live;
    ASSERT_NO_FATAL_FAILURE(live.start());
    const std::optional<Snapshot> before
        = takeSnapshot(live.context, live.server.endpoints().snapshot);
    ASSERT_TRUE(before);
    const quint64 oldVersion = before->products.at(apples).first;

    replaceFile(live.path, json(withPrice(demoCatalog(), apples, QStringLiteral("11.11"))));
    const std::optional<Message> update = waitFor(*live.subscriber, isUpdateOf(apples));
    ASSERT_TRUE(update) << "the edited product was not published";
    EXPECT_EQ(update->at(1), before->epoch);
    EXPECT_GT(update->at(2).toULongLong(), oldVersion);
    EXPECT_EQ(priceIn(update->at(3)), QStringLiteral("11.11"));

    const std::optional<Snapshot> after
        = takeSnapshot(live.context, live.server.endpoints().snapshot);
    ASSERT_TRUE(after);
    EXPECT_EQ(priceIn(after->products.at(apples).second), QStringLiteral("11.11"));
    EXPECT_EQ(after->products.at(apples).first, update->at(2).toULongLong());
    EXPECT_EQ(after->products.at(kiwi), before->products.at(kiwi))
        << "an unchanged product changed";

    // Saving replaced the file: the next save must be seen as well.
    replaceFile(live.path, json(withPrice(demoCatalog(), apples, QStringLiteral("11.22"))));
    const std::optional<Message> second = waitFor(*live.subscriber, isUpdateOf(apples));
    ASSERT_TRUE(second) << "the second edit was not published";
    EXPECT_GT(second->at(2).toULongLong(), update->at(2).toULongLong());
    EXPECT_EQ(priceIn(second->at(3)), QStringLiteral("11.22"));
}

TEST(CatalogFile, RemovedProductIsWithdrawn)
{
    LiveCatalog live;
    ASSERT_NO_FATAL_FAILURE(live.start());
    QJsonArray catalog = demoCatalog();
    catalog.removeAt(indexOf(catalog, kiwi));
    rewriteFile(live.path, json(catalog));

    const std::optional<Message> update = waitFor(*live.subscriber, isUpdateOf(kiwi));
    ASSERT_TRUE(update) << "the removed product was not withdrawn";
    EXPECT_TRUE(update->at(3).isEmpty());

    zmq::socket_t dealer
        = displaySocket(live.context, zmq::socket_type::dealer, live.server.endpoints().snapshot);
    sendFrames(dealer, {"SNAPSHOT", kiwi.toUtf8(), apples.toUtf8()});
    const std::optional<Snapshot> after = receiveSnapshot(dealer);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->unknown, QStringList{kiwi});
    EXPECT_EQ(after->count, 1);
}

TEST(CatalogFile, InvalidRecordKeepsTheLastGoodCatalog)
{
    LiveCatalog live;
    ASSERT_NO_FATAL_FAILURE(live.start());
    // A valid change beside an invalid one: the file is refused as a whole.
    QJsonArray catalog = withPrice(demoCatalog(), apples, QStringLiteral("9.99"));
    catalog = withPrice(catalog, salmon, 12.5);
    expectRefused(live, json(catalog));
}

TEST(CatalogFile, UnparsableFileKeepsTheLastGoodCatalog)
{
    LiveCatalog live;
    ASSERT_NO_FATAL_FAILURE(live.start());
    expectRefused(live, json(withPrice(demoCatalog(), apples, QStringLiteral("9.99"))).left(500));
}

namespace {

// A CURVE server admitting `admitted`, with a plain context for its displays.
struct CurveServer
{
    Keys serverKeys = newKeys();
    StoreServer server;
    zmq::context_t context;

    explicit CurveServer(const QList<QByteArray> &admitted)
        : server(options(admitted))
    { }
    StoreServerOptions options(const QList<QByteArray> &admitted) const
    {
        StoreServerOptions options = ephemeralServer();
        options.curveSecretKey = serverKeys.secretKey;
        options.curveClientKeys = admitted;
        return options;
    }
    DisplayCurve as(const Keys &display) const { return {serverKeys.publicKey, display}; }
    zmq::socket_t askSnapshot(const std::optional<DisplayCurve> &curve)
    {
        zmq::socket_t dealer
            = displaySocket(context, zmq::socket_type::dealer, server.endpoints().snapshot, curve);
        sendFrames(dealer, {"SNAPSHOT"});
        return dealer;
    }
};

// A display that must be refused, checked beside an admitted one so the server was surely up.
void expectRefusedBeside(CurveServer &curve, const Keys &admitted,
                         const std::optional<DisplayCurve> &refused)
{
    zmq::socket_t refusedSnapshot = curve.askSnapshot(refused);
    zmq::socket_t refusedUpdates = displaySocket(curve.context, zmq::socket_type::sub,
                                                 curve.server.endpoints().updates, refused);
    zmq::socket_t admittedSnapshot = curve.askSnapshot(curve.as(admitted));
    zmq::socket_t admittedUpdates = displaySocket(
        curve.context, zmq::socket_type::sub, curve.server.endpoints().updates, curve.as(admitted));
    const std::optional<Snapshot> snapshot = receiveSnapshot(admittedSnapshot);
    ASSERT_TRUE(snapshot) << "the admitted display got no snapshot";
    EXPECT_EQ(snapshot->count, 12);
    ASSERT_TRUE(waitFor(admittedUpdates, isHeartbeat)) << "the admitted display got no heartbeat";

    EXPECT_FALSE(
        QTest::qWaitFor([&] { return tryReceive(refusedSnapshot).has_value(); }, silenceMs))
        << "a refused display got a snapshot reply";
    EXPECT_FALSE(tryReceive(refusedUpdates).has_value()) << "a refused display got updates";
}

void writeKeyFile(const QString &path, const QByteArray &key)
{
    replaceFile(path, "# a display's CURVE public key\n" + key + '\n');
}

} // namespace

TEST(Curve, AdmittedDisplayIsServedOnAllThreeSockets)
{
    const Keys display = newKeys();
    CurveServer curve({display.publicKey});
    ASSERT_EQ(curve.server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(curve.server.start(), QString());
    EXPECT_EQ(curve.server.curvePublicKey(), curve.serverKeys.publicKey);

    zmq::socket_t snapshot = curve.askSnapshot(curve.as(display));
    const std::optional<Snapshot> reply = receiveSnapshot(snapshot);
    ASSERT_TRUE(reply) << "no snapshot reply over CURVE";
    EXPECT_EQ(reply->count, 12);
    EXPECT_EQ(reply->epoch, curve.server.epoch().toLatin1());

    zmq::socket_t updates = displaySocket(curve.context, zmq::socket_type::sub,
                                          curve.server.endpoints().updates, curve.as(display));
    EXPECT_TRUE(waitFor(updates, isHeartbeat)) << "no heartbeat over CURVE";

    zmq::socket_t events = displaySocket(curve.context, zmq::socket_type::dealer,
                                         curve.server.endpoints().events, curve.as(display));
    sendFrames(events, {"EVENT", "shelf-1", "event-1", R"({"type": "lift"})"});
    const std::optional<Message> ack = waitFor(events, [](const Message &) { return true; });
    ASSERT_TRUE(ack) << "no ACK over CURVE";
    EXPECT_EQ(*ack, (Message{"ACK", "event-1"}));
}

TEST(Curve, UnlistedDisplayKeyGetsNothing)
{
    const Keys admitted = newKeys();
    const Keys stranger = newKeys();
    CurveServer curve({admitted.publicKey});
    ASSERT_EQ(curve.server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(curve.server.start(), QString());
    expectRefusedBeside(curve, admitted, curve.as(stranger));
}

TEST(Curve, PlainTextDisplayGetsNothing)
{
    const Keys admitted = newKeys();
    CurveServer curve({admitted.publicKey});
    ASSERT_EQ(curve.server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(curve.server.start(), QString());
    expectRefusedBeside(curve, admitted, std::nullopt);
}

TEST(Curve, KeyAddedToTheFolderIsAdmittedWithoutRestart)
{
    QTemporaryDir dir;
    const Keys first = newKeys();
    const Keys newcomer = newKeys();
    writeKeyFile(dir.filePath(QStringLiteral("shelf-1.pub")), first.publicKey);
    CurveServer curve({});
    StoreServerWatcher watcher(curve.server);
    QSignalSpy reloads(&watcher, &StoreServerWatcher::curveClientsReloaded);
    ASSERT_EQ(watcher.watchCurveClients(dir.path()), QStringList());
    ASSERT_EQ(curve.server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(curve.server.start(), QString());
    ASSERT_NO_FATAL_FAILURE(expectRefusedBeside(curve, first, curve.as(newcomer)));

    writeKeyFile(dir.filePath(QStringLiteral("shelf-2.pub")), newcomer.publicKey);
    ASSERT_TRUE(QTest::qWaitFor([&] { return reloads.count() > 0; }, patienceMs))
        << "the key folder was not re-read";
    EXPECT_EQ(reloads.last().at(1).toInt(), 2);
    zmq::socket_t snapshot = curve.askSnapshot(curve.as(newcomer));
    const std::optional<Snapshot> reply = receiveSnapshot(snapshot);
    ASSERT_TRUE(reply) << "the newly listed display was not admitted";
    EXPECT_EQ(reply->count, 12);
}

TEST(Curve, KeyRemovedFromTheFolderIsRefusedAfterwards)
{
    QTemporaryDir dir;
    const Keys staying = newKeys();
    const Keys leaving = newKeys();
    writeKeyFile(dir.filePath(QStringLiteral("staying.pub")), staying.publicKey);
    writeKeyFile(dir.filePath(QStringLiteral("leaving.pub")), leaving.publicKey);
    CurveServer curve({});
    StoreServerWatcher watcher(curve.server);
    QSignalSpy reloads(&watcher, &StoreServerWatcher::curveClientsReloaded);
    ASSERT_EQ(watcher.watchCurveClients(dir.path()), QStringList());
    ASSERT_EQ(curve.server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(curve.server.start(), QString());
    zmq::socket_t before = curve.askSnapshot(curve.as(leaving));
    ASSERT_TRUE(receiveSnapshot(before)) << "the listed display was not admitted";

    ASSERT_TRUE(QFile::remove(dir.filePath(QStringLiteral("leaving.pub"))));
    ASSERT_TRUE(QTest::qWaitFor([&] { return reloads.count() > 0; }, patienceMs))
        << "the key folder was not re-read";
    EXPECT_EQ(reloads.last().at(1).toInt(), 1);
    expectRefusedBeside(curve, staying, curve.as(leaving));
}

TEST(Curve, ServerRefusesABadSecretKey)
{
    StoreServerOptions options = ephemeralServer();
    options.curveSecretKey = "not a key";
    StoreServer server(options);
    EXPECT_FALSE(server.start().isEmpty());
}

namespace {

// A server with the demo catalog and a proxy in front of it, both on ephemeral ports.
struct ProxiedServer
{
    StoreServer server{ephemeralServer()};
    std::optional<FeedProxy> proxy;
    zmq::context_t context;

    void start()
    {
        ASSERT_EQ(server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
        ASSERT_EQ(server.start(), QString());
        const auto upstream = server.endpoints();
        FeedProxyOptions options;
        options.upstreamSnapshot = upstream.snapshot;
        options.upstreamUpdates = upstream.updates;
        options.upstreamEvents = upstream.events;
        options.snapshotEndpoint = options.updatesEndpoint = options.eventsEndpoint
            = QStringLiteral("tcp://127.0.0.1:*");
        proxy.emplace(options);
        ASSERT_EQ(proxy->start(), QString());
        const auto bound = proxy->endpoints();
        for (const QString &endpoint : {bound.snapshot, bound.updates, bound.events}) {
            ASSERT_TRUE(endpoint.startsWith(u"tcp://127.0.0.1:")) << endpoint.toStdString();
            ASSERT_FALSE(endpoint.endsWith(u'*'));
        }
        ASSERT_NE(bound.snapshot, upstream.snapshot);
    }
};

} // namespace

TEST(FeedProxy, SubscriberBehindTheProxyGetsUpdatesAndHeartbeats)
{
    ProxiedServer feed;
    ASSERT_NO_FATAL_FAILURE(feed.start());
    zmq::socket_t subscriber
        = displaySocket(feed.context, zmq::socket_type::sub, feed.proxy->endpoints().updates);
    const std::optional<Message> heartbeat = waitFor(subscriber, isHeartbeat);
    ASSERT_TRUE(heartbeat) << "no heartbeat through the proxy";
    EXPECT_EQ(heartbeat->at(1), feed.server.epoch().toLatin1());

    ASSERT_EQ(feed.server.setPrice(apples, QStringLiteral("10.10")), QString());
    const std::optional<Message> update = waitFor(subscriber, isUpdateOf(apples));
    ASSERT_TRUE(update) << "no update through the proxy";
    EXPECT_EQ(update->at(1), feed.server.epoch().toLatin1());
    EXPECT_EQ(priceIn(update->at(3)), QStringLiteral("10.10"));
}

TEST(FeedProxy, SnapshotThroughTheProxyIsTheServersReply)
{
    ProxiedServer feed;
    ASSERT_NO_FATAL_FAILURE(feed.start());
    // Two displays at once: each reply must find its own way back.
    zmq::socket_t whole
        = displaySocket(feed.context, zmq::socket_type::dealer, feed.proxy->endpoints().snapshot);
    zmq::socket_t partial
        = displaySocket(feed.context, zmq::socket_type::dealer, feed.proxy->endpoints().snapshot);
    sendFrames(whole, {"SNAPSHOT"});
    sendFrames(partial, {"SNAPSHOT", kiwi.toUtf8(), "0000000000000"});

    const std::optional<Snapshot> wholeReply = receiveSnapshot(whole);
    ASSERT_TRUE(wholeReply) << "no snapshot through the proxy";
    const std::optional<Snapshot> direct
        = takeSnapshot(feed.context, feed.server.endpoints().snapshot);
    ASSERT_TRUE(direct);
    EXPECT_EQ(wholeReply->count, 12);
    EXPECT_EQ(wholeReply->epoch, feed.server.epoch().toLatin1());
    EXPECT_EQ(wholeReply->products, direct->products);

    const std::optional<Snapshot> partialReply = receiveSnapshot(partial);
    ASSERT_TRUE(partialReply) << "no partial snapshot through the proxy";
    EXPECT_EQ(partialReply->count, 1);
    EXPECT_EQ(partialReply->products.size(), 1u);
    EXPECT_EQ(partialReply->products.count(kiwi), 1u);
    EXPECT_EQ(partialReply->unknown, QStringList{QStringLiteral("0000000000000")});
}

TEST(FeedProxy, EventThroughTheProxyIsAcknowledged)
{
    ProxiedServer feed;
    ASSERT_NO_FATAL_FAILURE(feed.start());
    zmq::socket_t events
        = displaySocket(feed.context, zmq::socket_type::dealer, feed.proxy->endpoints().events);
    sendFrames(events, {"EVENT", "shelf-7", "3f9c-event", R"({"type": "take", "sku": "x"})"});
    const std::optional<Message> ack = waitFor(events, [](const Message &) { return true; });
    ASSERT_TRUE(ack) << "no ACK through the proxy";
    EXPECT_EQ(*ack, (Message{"ACK", "3f9c-event"}));
    EXPECT_EQ(feed.server.storedEventCount(), 1);
}

namespace {

struct ProcessRun
{
    int exitCode = -1;
    QByteArray out, err;
};

ProcessRun shelffeed(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(SHELFFEED_BIN), arguments);
    EXPECT_TRUE(process.waitForFinished(patienceMs)) << "shelffeed did not finish";
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

} // namespace

TEST(Shelffeed, GenKeysWritesAKeyPairWithAPrivateSecret)
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("keys"));
    const ProcessRun run
        = shelffeed({QStringLiteral("gen-keys"), folder, QStringLiteral("shelf-3")});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();

    const QString secretPath = folder + QStringLiteral("/shelf-3.secret");
    const QString publicPath = folder + QStringLiteral("/shelf-3.pub");
    const curve::KeyResult secret = curve::readKeyFile(secretPath);
    const curve::KeyResult publicKey = curve::readKeyFile(publicPath);
    ASSERT_TRUE(secret.key) << secret.error.toStdString();
    ASSERT_TRUE(publicKey.key) << publicKey.error.toStdString();
    EXPECT_EQ(curve::publicKeyFor(*secret.key), publicKey.key);
    EXPECT_EQ(run.out.trimmed(), *publicKey.key);

    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
        | QFileDevice::ExeOther;
    const QFileDevice::Permissions permissions = QFileInfo(secretPath).permissions();
    EXPECT_TRUE(permissions & QFileDevice::ReadOwner);
    EXPECT_FALSE(permissions & others) << "the secret key is readable by others";

    // A second run must not replace a key that displays may already trust.
    const ProcessRun again
        = shelffeed({QStringLiteral("gen-keys"), folder, QStringLiteral("shelf-3")});
    EXPECT_EQ(again.exitCode, 2);
    EXPECT_EQ(curve::readKeyFile(secretPath).key, secret.key);
}

TEST(Shelffeed, BadFilesExitWithCode2AndAreNamed)
{
    QTemporaryDir dir;
    const QString broken = dir.filePath(QStringLiteral("broken.json"));
    replaceFile(broken, "[{");
    const ProcessRun badCatalog = shelffeed({QStringLiteral("--catalog"), broken});
    EXPECT_EQ(badCatalog.exitCode, 2);
    EXPECT_TRUE(badCatalog.err.contains(broken.toUtf8())) << badCatalog.err.toStdString();

    const QString missing = dir.filePath(QStringLiteral("missing.secret"));
    const ProcessRun badKey = shelffeed(
        {QStringLiteral("--catalog"), QStringLiteral(SHELF_DEMO_CATALOG),
         QStringLiteral("--curve-secret"), missing, QStringLiteral("--curve-clients"), dir.path()});
    EXPECT_EQ(badKey.exitCode, 2);
    EXPECT_TRUE(badKey.err.contains(missing.toUtf8())) << badKey.err.toStdString();

    const ProcessRun badOption = shelffeed({QStringLiteral("--no-such-option")});
    EXPECT_EQ(badOption.exitCode, 2);
}

TEST(Shelffeed, HelpDescribesEveryOption)
{
    const ProcessRun run = shelffeed({QStringLiteral("--help")});
    EXPECT_EQ(run.exitCode, 0);
    for (const char *option :
         {"--catalog",        "--snapshot",          "--updates",          "--events",
          "--events-log",     "--heartbeat-ms",      "--curve-secret",     "--curve-clients",
          "--proxy",          "--upstream-snapshot", "--upstream-updates", "--upstream-events",
          "--upstream-key",   "--screenshots",       "--fleet-json",       "fleet",
          "screenshot SHELF", "identify SHELF",      "reload SHELF",       "status SHELF",
          "gen-keys"})
        EXPECT_TRUE(run.out.contains(option)) << option;
}
