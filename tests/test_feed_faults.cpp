// The store feed when things go wrong: late joins, lost heartbeats, restarted servers, a
// display that boots with the server down, events that must reach the store across restarts.
#include "feed_test_support.h"
#include "tcp_proxy.h"

#include <trace.h>

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <array>
#include <functional>
#include <iostream>

using namespace shelf;
using namespace shelf::test;

namespace {

constexpr int waitMs = 20000;

QByteArray appleRecord(const char *amount)
{
    return QByteArray(R"({"sku":"6901234000115","name":"Apples","price":{"amount":")") + amount
        + R"(","currency":"CNY"}})";
}

QString writeCatalog(const QTemporaryDir &dir, const QString &name, const QString &appleAmount)
{
    QFile demo(QStringLiteral(SHELF_DEMO_CATALOG));
    demo.open(QIODevice::ReadOnly);
    QJsonArray records = QJsonDocument::fromJson(demo.readAll()).array();
    for (auto it = records.begin(); it != records.end(); ++it) {
        QJsonObject record = it->toObject();
        if (record.value(u"sku").toString() == apples) {
            QJsonObject price = record.value(u"price").toObject();
            price.insert(QStringLiteral("amount"), appleAmount);
            record.insert(QStringLiteral("price"), price);
            *it = record;
        }
    }
    const QString path = dir.filePath(name);
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(QJsonDocument(records).toJson());
    return path;
}

// Starts shelffeed and reads the endpoints it prints.
QMap<QString, QString> startShelffeed(QProcess &process, const QStringList &arguments)
{
    process.start(QStringLiteral(SHELFFEED_BIN), arguments);
    QMap<QString, QString> printed;
    while (printed.size() < 4 && process.waitForReadyRead(waitMs)) {
        while (process.canReadLine()) {
            const QStringList words = QString::fromUtf8(process.readLine()).trimmed().split(u' ');
            if (words.size() == 2)
                printed.insert(words[0], words[1]);
        }
    }
    return printed;
}

// The event ids a store server's events log holds, sorted.
QStringList storedEventIds(const QString &eventsLog)
{
    QFile log(eventsLog);
    QStringList ids;
    if (log.open(QIODevice::ReadOnly)) {
        while (!log.atEnd())
            ids.append(
                QJsonDocument::fromJson(log.readLine()).object().value(u"event_id").toString());
    }
    ids.sort();
    return ids;
}

// Milliseconds from `since` to the first moment the catalog satisfied `done`, taken from the
// catalog's own signals rather than from a polling wait; -1 if it did not within waitMs.
qint64 elapsedWhen(const ProductCatalog &catalog, const QElapsedTimer &since,
                   const std::function<bool()> &done)
{
    qint64 at = done() ? since.elapsed() : -1;
    QObject receiver;
    const auto check = [&] {
        if (at < 0 && done())
            at = since.elapsed();
    };
    QObject::connect(&catalog, &ProductCatalog::productsChanged, &receiver, check);
    QObject::connect(&catalog, &ProductCatalog::healthChanged, &receiver, check);
    return QTest::qWaitFor([&] { return at >= 0; }, waitMs) ? at : -1;
}

// Shopper events as the shelf decides them, numbered on from those already submitted.
void decideEvents(FeedClient &client, QStringList &submitted, int count)
{
    for (int i = 0; i < count; ++i) {
        const ShopperEvent event{QStringLiteral("event-%1").arg(submitted.size()),
                                 QByteArray(R"({"type":"lift","sku":"6901234000115"})")};
        submitted.append(event.id);
        client.submitEvent(event);
    }
}

bool outboxEmpty(const QueuedSpy<int, int> &outbox)
{
    return !outbox.isEmpty() && std::get<0>(outbox.last()) == 0;
}

// The demo catalog on free ports; every shopper event it stores goes to a log the test reads.
struct LoggingServer
{
    QTemporaryDir dir;
    QString eventsLog = dir.filePath(QStringLiteral("events.jsonl"));
    StoreServer server{[this] {
        StoreServerOptions options = ephemeralServer();
        options.eventsLogPath = eventsLog;
        return options;
    }()};

    QString start()
    {
        const QString error = server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG));
        return error.isEmpty() ? server.start() : error;
    }
    // Waits until the store holds as many events as were submitted and the display has none
    // waiting, then checks that those are the events submitted, each stored once.
    void expectStoredOnce(const QueuedSpy<int, int> &outbox, QStringList submitted)
    {
        ASSERT_TRUE(QTest::qWaitFor(
            [&] { return server.storedEventCount() == submitted.size() && outboxEmpty(outbox); },
            waitMs))
            << server.storedEventCount() << " of " << submitted.size() << " events stored";
        submitted.sort();
        EXPECT_EQ(storedEventIds(eventsLog), submitted) << "an event lost or stored twice";
    }
};

// The network between a display and its store server is cut, for every connection the display
// has or makes, while the server changes prices and the shelf decides shopper events; then it
// comes back.
void partitionAndRestore(TcpProxy::Mode partition, const char *name)
{
    LoggingServer store;
    ASSERT_EQ(store.start(), QString());
    StoreServer &server = store.server;
    const StoreServer::Endpoints bound = server.endpoints();
    TcpProxy snapshot(bound.snapshot), updates(bound.updates), events(bound.events);
    const std::array<TcpProxy *, 3> network{&snapshot, &updates, &events};
    FeedDisplay display(
        settingsFor(snapshot.endpoint(), updates.endpoint(), events.endpoint(), {apples, kiwi}));
    QueuedSpy health(&display.client, &FeedClient::healthChanged);
    QueuedSpy outbox(&display.client, &FeedClient::outboxChanged);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return display.catalog.health() == FeedHealth::Live && display.catalog.size() == 2; },
        waitMs));
    QStringList submitted;
    decideEvents(display.client, submitted, 3);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return server.storedEventCount() == 3 && outboxEmpty(outbox); }, waitMs));

    // Until its first heartbeat the display counts silence in the protocol's default interval
    // (1 s); the server's 100 ms holds once a heartbeat has reached the display's socket.
    const quint64 received = updates.bytesToDisplay();
    ASSERT_TRUE(QTest::qWaitFor([&] { return updates.bytesToDisplay() > received; }, waitMs));
    for (TcpProxy *link : network)
        link->setMode(partition);
    decideEvents(display.client, submitted, 3); // sent on connections that now lead nowhere
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return display.catalog.health() == FeedHealth::Stale; }, waitMs))
        << "the staff line never said the store server was offline";
    ASSERT_EQ(server.setPrice(apples, QStringLiteral("9.90")), QString());
    ASSERT_EQ(server.setPrice(kiwi, QStringLiteral("3.30")), QString());
    decideEvents(display.client, submitted, 4);
    // The partition lasts a second: the display meanwhile gives up its connections and makes
    // new ones, three times over, each into the same partition.
    QTest::qWait(1000);
    EXPECT_EQ(display.priceOf(apples), QStringLiteral("12.80"));
    EXPECT_TRUE(display.catalog.isPriceCurrent(apples)) << "the cached price is minutes old";
    EXPECT_EQ(server.storedEventCount(), 3) << "an event crossed the partition";

    QElapsedTimer restored;
    restored.start();
    for (TcpProxy *link : network)
        link->setMode(TcpProxy::Mode::Forward);
    const qint64 recoveryMs = elapsedWhen(display.catalog, restored, [&] {
        return display.catalog.health() == FeedHealth::Live && display.priceOf(apples) == u"9.90"
            && display.priceOf(kiwi) == u"3.30";
    });
    ASSERT_GE(recoveryMs, 0) << "the new prices never reached the display";
    std::cout << "partition (" << name << "): new prices on the display " << recoveryMs
              << " ms after the network came back" << std::endl;
    store.expectStoredOnce(outbox, submitted);
    QList<FeedHealth> seen;
    for (const auto &record : health.records())
        seen.append(std::get<0>(record));
    EXPECT_TRUE(seen.contains(FeedHealth::Stale));
    EXPECT_EQ(seen.last(), FeedHealth::Live);
}

} // namespace

TEST(FeedFaults, APartitionThatHoldsEveryConnectionLosesNothingAndTheNewPricesFollowIt)
{
    partitionAndRestore(TcpProxy::Mode::BlackHole, "held");
}

TEST(FeedFaults, APartitionThatResetsEveryConnectionLosesNothingAndTheNewPricesFollowIt)
{
    partitionAndRestore(TcpProxy::Mode::Reset, "reset");
}

// A display's subscriptions reach the server some time after it connects, here held up on the
// way. A price changed meanwhile is in no snapshot taken before and in no update the display
// gets: a snapshot asked for before the subscriptions were in place is not the server's state.
TEST(FeedFaults, APriceChangedWhileTheSubscriptionIsOnItsWayReachesTheDisplay)
{
    StoreServer server(ephemeralServer());
    ASSERT_EQ(server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(server.start(), QString());
    const StoreServer::Endpoints bound = server.endpoints();
    TcpProxy updates(bound.updates);
    updates.setMode(TcpProxy::Mode::BlackHole);
    FeedDisplay display(settingsFor(bound.snapshot, updates.endpoint(), bound.events, {apples}));
    // Time for a snapshot asked for at once to arrive; a display that waits for its
    // subscriptions asks for none yet.
    (void)QTest::qWaitFor([&] { return display.catalog.size() == 1; }, 1000);
    ASSERT_EQ(server.setPrice(apples, QStringLiteral("9.90")), QString());
    QElapsedTimer restored;
    restored.start();
    updates.setMode(TcpProxy::Mode::Forward);
    const qint64 recoveryMs = elapsedWhen(display.catalog, restored, [&] {
        return display.catalog.health() == FeedHealth::Live && display.priceOf(apples) == u"9.90";
    });
    ASSERT_GE(recoveryMs, 0) << "the display shows " << display.priceOf(apples).toStdString();
    std::cout << "subscription held up: the new price on the display " << recoveryMs
              << " ms after it went through" << std::endl;
}

// The updates connection drops for a moment, shorter than three heartbeats, and ZeroMQ makes
// it again on its own: a price changed meanwhile was published to nobody.
TEST(FeedFaults, APriceChangedWhileTheUpdatesConnectionWasDownReachesTheDisplay)
{
    StoreServer server(ephemeralServer());
    ASSERT_EQ(server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(server.start(), QString());
    const StoreServer::Endpoints bound = server.endpoints();
    TcpProxy updates(bound.updates);
    FeedDisplay display(settingsFor(bound.snapshot, updates.endpoint(), bound.events, {apples}));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return display.catalog.health() == FeedHealth::Live
                && display.priceOf(apples) == u"12.80";
        },
        waitMs));
    updates.setMode(TcpProxy::Mode::Reset);
    ASSERT_EQ(server.setPrice(apples, QStringLiteral("9.90")), QString());
    QElapsedTimer restored;
    restored.start();
    updates.setMode(TcpProxy::Mode::Forward);
    const qint64 recoveryMs = elapsedWhen(display.catalog, restored,
                                          [&] { return display.priceOf(apples) == u"9.90"; });
    ASSERT_GE(recoveryMs, 0) << "the display shows " << display.priceOf(apples).toStdString();
    std::cout << "updates connection reset: the new price on the display " << recoveryMs
              << " ms after it could connect again" << std::endl;
}

// The soak's store changes 100 prices a second; ten times that for three seconds, then a burst
// as fast as the server takes them, while the shelf decides shopper events.
TEST(FeedFaults, AFloodOfPriceUpdatesEndsWithTheServersLastPricesAndEveryEventStoredOnce)
{
    LoggingServer store;
    ASSERT_EQ(store.start(), QString());
    StoreServer &server = store.server;
    QFile demo(QStringLiteral(SHELF_DEMO_CATALOG));
    ASSERT_TRUE(demo.open(QIODevice::ReadOnly));
    QStringList skus;
    for (const QJsonValue record : QJsonDocument::fromJson(demo.readAll()).array())
        skus.append(record.toObject().value(u"sku").toString());
    QElapsedTimer running;
    running.start();
    FeedDisplay display(settingsFor(server, skus));
    QueuedSpy batches(&display.client, &FeedClient::productsChanged);
    QueuedSpy outbox(&display.client, &FeedClient::outboxChanged);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return display.catalog.health() == FeedHealth::Live
                && display.catalog.size() == skus.size();
        },
        waitMs));

    QHash<QString, QString> lastPrice;
    int sent = 0;
    const auto changePrice = [&] {
        const QString &sku = skus[sent % skus.size()];
        const QString amount
            = QStringLiteral("%1.%2").arg(1 + sent / 100).arg(sent % 100, 2, 10, QLatin1Char('0'));
        ASSERT_EQ(server.setPrice(sku, amount), QString());
        lastPrice.insert(sku, amount);
        ++sent;
    };
    QStringList submitted;
    QElapsedTimer flood;
    flood.start();
    while (flood.elapsed() < 3000) {
        // One update a millisecond and an event every 20, caught up after any stall.
        while (sent < flood.elapsed())
            changePrice();
        if (submitted.size() < flood.elapsed() / 20)
            decideEvents(display.client, submitted, 1);
        QTest::qWait(5);
    }
    const int paced = sent;
    QElapsedTimer burst;
    burst.start();
    for (int i = 0; i < 5000; ++i) {
        changePrice();
        if (i % 250 == 0)
            decideEvents(display.client, submitted, 1);
    }
    const qint64 burstMs = burst.elapsed();
    QElapsedTimer sinceLast;
    sinceLast.start();
    const qint64 lagMs = elapsedWhen(display.catalog, sinceLast, [&] {
        for (auto it = lastPrice.cbegin(); it != lastPrice.cend(); ++it) {
            if (display.priceOf(it.key()) != it.value())
                return false;
        }
        return true;
    });
    ASSERT_GE(lagMs, 0) << "the display never showed the server's last prices";
    std::cout << "flood: " << paced << " price updates at 1,000 a second, then " << sent - paced
              << " at once (in " << burstMs << " ms), with " << submitted.size()
              << " events; the last prices on the display " << lagMs << " ms after the last update"
              << std::endl;
    store.expectStoredOnce(outbox, submitted);
    EXPECT_EQ(display.catalog.health(), FeedHealth::Live);

    // The flood reaches the screen's thread coalesced: a product at most once a batch, and a
    // batch at most once a frame (coalesceMs) whatever the rate, besides the snapshot's.
    const qint64 elapsedMs = running.elapsed();
    for (const auto &batch : batches.records()) {
        QSet<QString> inBatch;
        for (const ProductChange &change : std::get<0>(batch))
            inBatch.insert(change.sku);
        ASSERT_EQ(inBatch.size(), std::get<0>(batch).size()) << "a product twice in one batch";
    }
    EXPECT_LE(batches.size(), elapsedMs / FeedClientSettings().coalesceMs + 2)
        << sent << " updates in " << elapsedMs << " ms";
}

TEST(FeedFaults, UpdatesDuringTheSnapshotAreNeitherLostNorAppliedTwice)
{
    HandServer server;
    FeedDisplay display(server.displaySettings({apples}));
    QSignalSpy changes(&display.client, &FeedClient::productsChanged);
    ASSERT_TRUE(server.takeSnapshotRequest());
    // While the display waits for END: a newer version, the snapshot's own version, an older one.
    // They are repeated until the subscription has surely reached the publisher.
    for (int i = 0; i < 20; ++i) {
        server.heartbeat("e1");
        server.publish({"product/" + apples.toUtf8(), "e1", "7", appleRecord("13.00")});
        server.publish({"product/" + apples.toUtf8(), "e1", "5", appleRecord("12.80")});
        server.publish({"product/" + apples.toUtf8(), "e1", "3", appleRecord("1.00")});
        QTest::qWait(20);
    }
    server.reply({"PRODUCT", apples.toUtf8(), "5", appleRecord("12.80")});
    server.reply({"END", "e1", "1"});
    ASSERT_TRUE(QTest::qWaitFor([&] { return display.priceOf(apples) == u"13.00"; }, waitMs))
        << display.priceOf(apples).toStdString();
    EXPECT_EQ(display.catalog.find(apples)->version, 7u);
    // Each version reached the display at most once, and nothing older than 7 after 7.
    QList<quint64> versions;
    for (const auto &signal : changes) {
        for (const ProductChange &change : signal.at(0).value<QVector<ProductChange>>())
            versions.append(change.version);
    }
    EXPECT_EQ(versions.count(7), 1);
    EXPECT_LE(versions.count(5), 1);
    EXPECT_EQ(versions.count(3), 0);
    EXPECT_EQ(versions.last(), 7u);
}

TEST(FeedFaults, AnOversizeMessageIsDroppedAndTheFeedRecovers)
{
    HandServer server;
    FeedDisplay display(server.displaySettings({apples}));
    ASSERT_TRUE(server.takeSnapshotRequest());
    server.reply({"PRODUCT", apples.toUtf8(), "1", appleRecord("12.80")});
    server.reply({"END", "e1", "1"});
    ASSERT_TRUE(QTest::qWaitFor([&] { return display.priceOf(apples) == u"12.80"; }, waitMs));
    // Over ZMQ_MAXMSGSIZE (256 KiB): libzmq drops the connection. The display reconnects and,
    // as it cannot prove its state is current, asks for a snapshot again: answer it.
    server.publish({"product/" + apples.toUtf8(), "e1", "2", QByteArray(300 * 1024, 'x')});
    server.router.set(zmq::sockopt::rcvtimeo, 0);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            if (server.takeSnapshotRequest()) {
                server.reply({"PRODUCT", apples.toUtf8(), "1", appleRecord("12.80")});
                server.reply({"END", "e1", "1"});
            }
            server.heartbeat("e1");
            server.publish({"product/" + apples.toUtf8(), "e1", "3", appleRecord("12.50")});
            return display.priceOf(apples) == u"12.50";
        },
        waitMs));
}

TEST(FeedFaults, SilenceMarksTheDataStaleAndTheFeedRecoversWhenTheServerReturns)
{
    auto server = std::make_unique<StoreServer>(ephemeralServer());
    ASSERT_EQ(server->loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(server->start(), QString());
    const StoreServerOptions again = sameEndpoints(*server);
    FeedDisplay display(settingsFor(*server, {apples}));
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return display.catalog.health() == FeedHealth::Live; }, waitMs));
    server.reset(); // the server is gone, heartbeats stop: 3 x 100 ms later the display says so
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return display.catalog.health() == FeedHealth::Stale; }, waitMs));
    // Stale data from the server's last epoch is still within the maximum age: still shown.
    EXPECT_TRUE(display.catalog.isPriceCurrent(apples));

    server = std::make_unique<StoreServer>(again);
    ASSERT_EQ(server->loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(server->setPrice(apples, QStringLiteral("9.90")), QString());
    ASSERT_EQ(server->start(), QString());
    QElapsedTimer back;
    back.start();
    const qint64 recoveryMs = elapsedWhen(display.catalog, back, [&] {
        return display.catalog.health() == FeedHealth::Live && display.priceOf(apples) == u"9.90";
    });
    ASSERT_GE(recoveryMs, 0);
    std::cout << "server silent and back: new price on the display " << recoveryMs
              << " ms after it served again" << std::endl;
    EXPECT_EQ(display.catalog.find(apples)->epoch, server->epoch());
}

TEST(FeedFaults, AServerProcessKilledAndRestartedWithANewEpochIsFollowed)
{
    QTemporaryDir dir;
    QProcess first;
    const auto endpoints
        = startShelffeed(first,
                         {QStringLiteral("--catalog"),
                          writeCatalog(dir, QStringLiteral("a.json"), QStringLiteral("12.80")),
                          QStringLiteral("--heartbeat-ms"), QStringLiteral("100"),
                          QStringLiteral("--snapshot"), QStringLiteral("tcp://127.0.0.1:*"),
                          QStringLiteral("--updates"), QStringLiteral("tcp://127.0.0.1:*"),
                          QStringLiteral("--events"), QStringLiteral("tcp://127.0.0.1:*")});
    ASSERT_EQ(endpoints.size(), 4);
    FeedDisplay display(settingsFor(endpoints[QStringLiteral("snapshot")],
                                    endpoints[QStringLiteral("updates")],
                                    endpoints[QStringLiteral("events")], {apples, kiwi}));
    ASSERT_TRUE(QTest::qWaitFor([&] { return display.priceOf(apples) == u"12.80"; }, waitMs));
    const QString firstEpoch = display.catalog.find(apples)->epoch;
    first.kill();
    first.waitForFinished();

    QProcess second;
    const auto again
        = startShelffeed(second,
                         {QStringLiteral("--catalog"),
                          writeCatalog(dir, QStringLiteral("b.json"), QStringLiteral("14.20")),
                          QStringLiteral("--heartbeat-ms"), QStringLiteral("100"),
                          QStringLiteral("--snapshot"), endpoints[QStringLiteral("snapshot")],
                          QStringLiteral("--updates"), endpoints[QStringLiteral("updates")],
                          QStringLiteral("--events"), endpoints[QStringLiteral("events")]});
    ASSERT_EQ(again.size(), 4);
    QElapsedTimer back;
    back.start();
    const qint64 recoveryMs
        = elapsedWhen(display.catalog, back, [&] { return display.priceOf(apples) == u"14.20"; });
    ASSERT_GE(recoveryMs, 0);
    std::cout << "server killed and restarted: new epoch's price on the display " << recoveryMs
              << " ms after it served again" << std::endl;
    EXPECT_NE(display.catalog.find(apples)->epoch, firstEpoch);
    EXPECT_EQ(display.catalog.find(apples)->epoch, again[QStringLiteral("epoch")]);
    EXPECT_EQ(display.catalog.health(), FeedHealth::Live);
    second.kill();
    second.waitForFinished();
}

TEST(FeedFaults, ASnapshotOfTenThousandProductsArrivesWhole)
{
    QJsonArray records;
    QStringList skus;
    for (int i = 0; i < 10000; ++i) {
        const QString sku = QStringLiteral("sku-%1").arg(i);
        skus.append(sku);
        records.append(QJsonObject{
            {QStringLiteral("sku"), sku},
            {QStringLiteral("name"), QStringLiteral("Product %1").arg(i)},
            {QStringLiteral("price"),
             QJsonObject{{QStringLiteral("amount"),
                          QStringLiteral("%1.%2").arg(i).arg(i % 100, 2, 10, QLatin1Char('0'))},
                         {QStringLiteral("currency"), QStringLiteral("CNY")}}}});
    }
    StoreServer server(ephemeralServer());
    ASSERT_EQ(server.loadCatalogJson(QJsonDocument(records).toJson(), QStringLiteral("generated")),
              QString());
    ASSERT_EQ(server.start(), QString());
    FeedDisplay display(settingsFor(server, skus));
    ASSERT_TRUE(QTest::qWaitFor([&] { return display.catalog.size() == 10000; }, 60000))
        << display.catalog.size();
    EXPECT_EQ(display.priceOf(QStringLiteral("sku-9999")), QStringLiteral("9999.99"));
    EXPECT_EQ(display.priceOf(QStringLiteral("sku-0")), QStringLiteral("0.00"));
}

TEST(FeedFaults, ADisplayBootsFromItsCacheWithTheServerDownAndOldPricesExpire)
{
    QTemporaryDir dir;
    const QString cache = dir.filePath(QStringLiteral("cache/shelf.db"));
    StoreServerOptions downEndpoints;
    {
        StoreServer server(ephemeralServer());
        ASSERT_EQ(server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
        ASSERT_EQ(server.start(), QString());
        downEndpoints = sameEndpoints(server);
        FeedClientSettings settings = settingsFor(server, {apples, kiwi});
        settings.storePath = cache;
        FeedDisplay display(settings);
        ASSERT_TRUE(QTest::qWaitFor([&] { return display.catalog.size() == 2; }, waitMs));
    } // the display stops (its cache is written), then the server goes away

    FeedClientSettings settings
        = settingsFor(downEndpoints.snapshotEndpoint, downEndpoints.updatesEndpoint,
                      downEndpoints.eventsEndpoint, {apples, kiwi});
    settings.storePath = cache;
    FeedDisplay display(settings);
    ASSERT_TRUE(QTest::qWaitFor([&] { return display.catalog.size() == 2; }, waitMs));
    EXPECT_EQ(display.priceOf(apples), QStringLiteral("12.80"));
    EXPECT_EQ(display.catalog.health(), FeedHealth::NeverConnected);
    EXPECT_TRUE(display.catalog.isPriceCurrent(apples)); // minutes old: within the 12 h

    // Thirteen hours on, with the server still down, the price may be wrong: not shown.
    display.catalog.setClock([] { return QDateTime::currentDateTimeUtc().addSecs(13 * 3600); },
                             [] { return monotonicMicros() / 1000 + 13 * 3600 * 1000; });
    EXPECT_FALSE(display.catalog.isPriceCurrent(apples));
}

TEST(FeedFaults, UnacknowledgedEventsSurviveARestartAndReachTheStoreOnce)
{
    QTemporaryDir dir;
    const QString outbox = dir.filePath(QStringLiteral("shelf.db"));
    StoreServerOptions options;
    {
        // Learn three free ports, then leave them unserved.
        StoreServer probe(ephemeralServer());
        ASSERT_EQ(probe.start(), QString());
        options = sameEndpoints(probe);
    }
    options.eventsLogPath = dir.filePath(QStringLiteral("events.jsonl"));
    QStringList ids;
    {
        FeedClientSettings settings = settingsFor(options.snapshotEndpoint, options.updatesEndpoint,
                                                  options.eventsEndpoint, {apples});
        settings.storePath = outbox;
        FeedDisplay display(settings);
        QueuedSpy outboxChanged(&display.client, &FeedClient::outboxChanged);
        for (int i = 0; i < 5; ++i) {
            const ShopperEvent event{QStringLiteral("event-%1").arg(i),
                                     QByteArray(R"({"type":"lift","sku":"6901234000115"})")};
            ids.append(event.id);
            display.client.submitEvent(event);
        }
        ASSERT_TRUE(QTest::qWaitFor(
            [&] { return !outboxChanged.isEmpty() && std::get<0>(outboxChanged.last()) == 5; },
            waitMs));
    } // the display stops with five events unsent

    StoreServer server(options);
    ASSERT_EQ(server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(server.start(), QString());
    for (int restart = 0; restart < 2; ++restart) {
        FeedClientSettings settings = settingsFor(server, {apples});
        settings.storePath = outbox;
        FeedDisplay display(settings);
        QueuedSpy outboxChanged(&display.client, &FeedClient::outboxChanged);
        if (restart == 0)
            ASSERT_TRUE(QTest::qWaitFor(
                [&] { return !outboxChanged.isEmpty() && std::get<0>(outboxChanged.last()) == 0; },
                waitMs));
        else
            QTest::qWait(500); // nothing left to send: nothing may arrive twice
        EXPECT_EQ(server.storedEventCount(), 5);
    }
    const QStringList stored = storedEventIds(options.eventsLogPath);
    EXPECT_EQ(stored, ids);
}

TEST(FeedFaults, AFullOutboxDropsTheOldestAndCountsThem)
{
    // A store that takes events and never acknowledges them. (Not a port left unserved: a
    // display retrying a free loopback port can connect to itself, and a server bound there
    // later never hears from it.)
    HandServer silent;
    FeedClientSettings settings = silent.displaySettings({apples});
    settings.outboxLimit = 3;
    FeedDisplay display(settings);
    QueuedSpy outboxChanged(&display.client, &FeedClient::outboxChanged);
    for (int i = 0; i < 5; ++i)
        display.client.submitEvent({QStringLiteral("event-%1").arg(i), R"({"type":"lift"})"});
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return !outboxChanged.isEmpty() && std::get<1>(outboxChanged.last()) == 2; },
        waitMs));
    EXPECT_EQ(std::get<0>(outboxChanged.last()), 3);

    // The three newest are the ones the store gets, once the display is pointed at one.
    QTemporaryDir dir;
    StoreServerOptions options = ephemeralServer();
    options.eventsLogPath = dir.filePath(QStringLiteral("events.jsonl"));
    StoreServer server(options);
    ASSERT_EQ(server.start(), QString());
    FeedClientSettings listening = settingsFor(server, {apples});
    listening.outboxLimit = 3;
    display.client.reconfigure(listening);
    ASSERT_TRUE(QTest::qWaitFor([&] { return server.storedEventCount() == 3; }, waitMs));
    QTest::qWait(300);
    EXPECT_EQ(server.storedEventCount(), 3);
    const QStringList stored = storedEventIds(options.eventsLogPath);
    EXPECT_EQ(stored,
              (QStringList{QStringLiteral("event-2"), QStringLiteral("event-3"),
                           QStringLiteral("event-4")}));
}

// An events connection that goes nowhere (a peer that swallows events, a half-open connection)
// is replaced while the store is live, so the events reach a server that listens.
TEST(FeedFaults, EventsLeftUnacknowledgedWhileTheStoreIsLiveGoOutOnANewConnection)
{
    HandServer server;
    zmq::socket_t silent{server.context, zmq::socket_type::router};
    silent.bind("tcp://127.0.0.1:*");
    FeedClientSettings settings = server.displaySettings({apples});
    settings.eventsEndpoint = QString::fromStdString(silent.get(zmq::sockopt::last_endpoint));
    FeedDisplay display(settings);
    ASSERT_TRUE(server.takeSnapshotRequest());
    server.reply({"PRODUCT", apples.toUtf8(), "1", appleRecord("12.80")});
    server.reply({"END", "e1", "1"});
    ASSERT_TRUE(QTest::qWaitFor([&] { return display.priceOf(apples) == u"12.80"; }, waitMs));
    display.client.submitEvent({QStringLiteral("event-1"), R"({"type":"lift"})"});

    QSet<QByteArray> connections; // routing ids the silent peer heard event-1 from
    for (int waited = 0; waited < waitMs && connections.size() < 2; waited += 50) {
        server.heartbeat("e1");
        std::vector<zmq::message_t> frames;
        while (zmq::recv_multipart(silent, std::back_inserter(frames), zmq::recv_flags::dontwait)) {
            if (frames.size() == 5 && frames[1].to_string() == "EVENT"
                && frames[3].to_string() == "event-1")
                connections.insert(QByteArray(frames[0].data<char>(), qsizetype(frames[0].size())));
            frames.clear();
        }
        QTest::qWait(50);
    }
    EXPECT_GE(connections.size(), 2) << "the events were only ever resent on the first connection";
}

TEST(FeedFaults, AWholeCatalogSnapshotWithdrawsWhatItNoLongerLists)
{
    HandServer server;
    FeedClientSettings settings = server.displaySettings({});
    settings.wholeCatalog = true;
    FeedDisplay display(settings);
    const QByteArray kiwiRecord
        = R"({"sku":"6901234000283","name":"Kiwi","price":{"amount":"19.80","currency":"CNY"}})";
    ASSERT_TRUE(server.takeSnapshotRequest());
    server.reply({"PRODUCT", apples.toUtf8(), "1", appleRecord("12.80")});
    server.reply({"PRODUCT", kiwi.toUtf8(), "1", kiwiRecord});
    server.reply({"END", "e1", "2"});
    ASSERT_TRUE(QTest::qWaitFor([&] { return display.catalog.size() == 2; }, waitMs));

    // The server restarts without the kiwi: its new snapshot simply does not list it.
    server.router.set(zmq::sockopt::rcvtimeo, 0);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            server.heartbeat("e2");
            if (server.takeSnapshotRequest("e2")) {
                server.reply({"PRODUCT", apples.toUtf8(), "1", appleRecord("12.90")});
                server.reply({"END", "e2", "1"});
            }
            return display.catalog.find(kiwi) == nullptr;
        },
        waitMs));
    EXPECT_EQ(display.priceOf(apples), QStringLiteral("12.90"));
}

// Rule 5 retries a snapshot request left unanswered. One answered slowly (10,000 products to a
// slow shelf PC, or a display slowed by a sanitizer) is still arriving at the timeout: given up
// there, and asked for again, it never arrived whole.
TEST(FeedFaults, ASnapshotStillArrivingAtTheTimeoutIsNotGivenUp)
{
    HandServer server;
    QStringList skus;
    for (int i = 0; i < 40; ++i)
        skus.append(QStringLiteral("sku-%1").arg(i));
    FeedClientSettings settings = server.displaySettings(skus);
    settings.snapshotTimeoutMs = 1000;
    FeedDisplay display(settings);
    ASSERT_TRUE(server.takeSnapshotRequest());
    for (const QString &sku : std::as_const(skus)) {
        server.reply({"PRODUCT", sku.toUtf8(), "1",
                      R"({"sku":")" + sku.toUtf8()
                          + R"(","name":"Product","price":{"amount":"1.00","currency":"CNY"}})"});
        QTest::qWait(40); // the last one 1.6 s after the request, each well within the timeout
    }
    server.reply({"END", "e1", "40"});
    ASSERT_TRUE(QTest::qWaitFor([&] { return display.catalog.size() == 40; }, waitMs))
        << "the snapshot was given up while it arrived";
}

TEST(FeedFaults, ASnapshotMissingMessagesIsNotTakenForTheState)
{
    HandServer server;
    FeedDisplay display(server.displaySettings({apples, kiwi}));
    ASSERT_TRUE(server.takeSnapshotRequest());
    // END says two products, one arrived: the display must ask again, not apply half a state.
    server.reply({"PRODUCT", apples.toUtf8(), "1", appleRecord("12.80")});
    server.reply({"END", "e1", "2"});
    ASSERT_TRUE(server.takeSnapshotRequest());
    EXPECT_EQ(display.catalog.size(), 0);
    server.reply({"PRODUCT", apples.toUtf8(), "1", appleRecord("12.80")});
    server.reply({"UNKNOWN", kiwi.toUtf8()});
    server.reply({"END", "e1", "1"});
    ASSERT_TRUE(QTest::qWaitFor([&] { return display.priceOf(apples) == u"12.80"; }, waitMs));
}

// A reset at the store server starts a new epoch: the display loads its snapshot while the
// server is there all along. The staff line once said "Store server offline" meanwhile.
TEST(FeedFaults, AResetAtTheStoreServerIsAnUpdateNotAnOutage)
{
    StoreServer server(ephemeralServer());
    ASSERT_EQ(server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(server.start(), QString());
    FeedDisplay display(settingsFor(server, {apples, kiwi}));
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return display.catalog.health() == FeedHealth::Live; }, waitMs));
    const QString epochBefore = display.catalog.find(apples)->epoch;
    QueuedSpy health(&display.client, &FeedClient::healthChanged);
    server.reset();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return display.catalog.health() == FeedHealth::Live
                && display.catalog.find(apples)->epoch != epochBefore;
        },
        waitMs));
    QList<FeedHealth> seen;
    for (const auto &signal : health.records())
        seen.append(std::get<0>(signal));
    EXPECT_TRUE(seen.contains(FeedHealth::Updating));
    EXPECT_FALSE(seen.contains(FeedHealth::Stale)) << "the display called a live server offline";
    EXPECT_EQ(seen.last(), FeedHealth::Live);
}
