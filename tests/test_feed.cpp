#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <catalog.h>
#include <feed_client.h>
#include <gtest/gtest.h>
#include <store_server.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>

using namespace shelf;

namespace {

const QString apples = QStringLiteral("6901234000115");
const QString kiwi = QStringLiteral("6901234000283");
const QString salmon = QStringLiteral("7098765000147");

// A display's feed client on its own thread, feeding a catalog on this (the GUI) thread.
struct FeedDisplay
{
    FeedClient client;
    QThread thread;
    ProductCatalog catalog { 12 };

    FeedDisplay(const QString &snapshot, const QString &updates, const QString &events,
                QStringList skus)
        : client(FeedClientSettings { snapshot, updates, events, skus, false, 3000, 16 }, nullptr)
    {
        client.moveToThread(&thread);
        QObject::connect(&thread, &QThread::started, &client, &FeedClient::run);
        QObject::connect(&client, &FeedClient::productsChanged, &catalog,
                         &ProductCatalog::applyChanges);
        QObject::connect(&client, &FeedClient::healthChanged, &catalog, &ProductCatalog::setHealth);
        thread.start();
    }
    ~FeedDisplay()
    {
        client.stop();
        thread.quit();
        thread.wait(5000);
    }
    QString priceOf(const QString &sku) const
    {
        const auto *entry = catalog.find(sku);
        return entry ? entry->record.price.toDecimalString() : QString();
    }
};

StoreServerOptions ephemeralServer()
{
    StoreServerOptions options;
    options.snapshotEndpoint = options.updatesEndpoint = options.eventsEndpoint
        = QStringLiteral("tcp://127.0.0.1:*");
    options.heartbeatIntervalMs = 100;
    return options;
}

std::unique_ptr<FeedDisplay> displayFor(const StoreServer &server, QStringList skus)
{
    const auto bound = server.endpoints();
    return std::make_unique<FeedDisplay>(bound.snapshot, bound.updates, bound.events, skus);
}

} // namespace

TEST(StoreFeed, SnapshotBringsTheShelfsProductsAndNothingElse)
{
    StoreServer server(ephemeralServer());
    ASSERT_EQ(server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(server.start(), QString());
    auto display = displayFor(server, { apples, kiwi });
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return display->catalog.size() == 2 && display->catalog.health() == FeedHealth::Live;
        },
        20000));
    EXPECT_EQ(display->priceOf(apples), QStringLiteral("12.80"));
    EXPECT_EQ(display->priceOf(kiwi), QStringLiteral("19.80"));
    EXPECT_TRUE(display->catalog.isPriceCurrent(apples));
    // A change to a product this shelf does not show never reaches it.
    ASSERT_EQ(server.setPrice(salmon, QStringLiteral("9.99")), QString());
    ASSERT_EQ(server.setPrice(kiwi, QStringLiteral("17.50")), QString());
    ASSERT_TRUE(QTest::qWaitFor([&] { return display->priceOf(kiwi) == u"17.50"; }, 20000));
    EXPECT_FALSE(display->catalog.find(salmon));
}

TEST(StoreFeed, APriceChangeAtTheServerReachesTheDisplay)
{
    StoreServer server(ephemeralServer());
    ASSERT_EQ(server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(server.start(), QString());
    auto display = displayFor(server, { apples });
    ASSERT_TRUE(QTest::qWaitFor([&] { return display->priceOf(apples) == u"12.80"; }, 20000));
    ASSERT_EQ(server.setPrice(apples, QStringLiteral("11.20")), QString());
    ASSERT_TRUE(QTest::qWaitFor([&] { return display->priceOf(apples) == u"11.20"; }, 20000));
    ASSERT_EQ(server.withdraw(apples), QString());
    ASSERT_TRUE(QTest::qWaitFor([&] { return display->catalog.find(apples) == nullptr; }, 20000));
}

TEST(StoreFeed, AServerResetIsFollowedByAFullResync)
{
    StoreServer server(ephemeralServer());
    ASSERT_EQ(server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(server.start(), QString());
    auto display = displayFor(server, { apples, kiwi });
    ASSERT_TRUE(QTest::qWaitFor([&] { return display->catalog.size() == 2; }, 20000));
    const QString firstEpoch = display->catalog.find(apples)->epoch;
    server.reset();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return display->catalog.find(apples)->epoch == server.epoch(); }, 20000));
    EXPECT_NE(server.epoch(), firstEpoch);
    ASSERT_EQ(server.setPrice(apples, QStringLiteral("10.00")), QString());
    ASSERT_TRUE(QTest::qWaitFor([&] { return display->priceOf(apples) == u"10.00"; }, 20000));
}

// A hand-driven server, to send what a well-behaved server never would.
TEST(StoreFeed, BadAndStaleMessagesAreDroppedAndTheFeedGoesOn)
{
    zmq::context_t context;
    zmq::socket_t router(context, zmq::socket_type::router);
    zmq::socket_t pub(context, zmq::socket_type::pub);
    router.bind("tcp://127.0.0.1:*");
    pub.bind("tcp://127.0.0.1:*");
    const QString routerEndpoint = QString::fromStdString(router.get(zmq::sockopt::last_endpoint));
    const QString pubEndpoint = QString::fromStdString(pub.get(zmq::sockopt::last_endpoint));
    auto display = std::make_unique<FeedDisplay>(routerEndpoint, pubEndpoint, routerEndpoint,
                                                 QStringList { apples });

    const auto record = [](const char *amount) {
        return QByteArray(R"({"sku":"6901234000115","name":"Apples","price":{"amount":")") + amount
            + R"(","currency":"CNY"}})";
    };
    auto send = [&](zmq::socket_t &socket, std::vector<QByteArray> frames) {
        std::vector<zmq::const_buffer> buffers;
        for (const QByteArray &f : frames)
            buffers.push_back(zmq::buffer(f.constData(), size_t(f.size())));
        zmq::send_multipart(socket, buffers);
    };

    // Answer the snapshot request by hand: version 5 at 12.80.
    std::vector<zmq::message_t> request;
    router.set(zmq::sockopt::rcvtimeo, 20000);
    ASSERT_TRUE(zmq::recv_multipart(router, std::back_inserter(request)));
    ASSERT_EQ(request[1].to_string(), "SNAPSHOT");
    ASSERT_EQ(request.size(), 3u);
    EXPECT_EQ(request[2].to_string(), apples.toStdString());
    const QByteArray peer(request[0].data<char>(), qsizetype(request[0].size()));
    send(router, { peer, "PRODUCT", apples.toUtf8(), "5", record("12.80") });
    send(router, { peer, "END", "epoch-1", "1" });
    ASSERT_TRUE(QTest::qWaitFor([&] { return display->priceOf(apples) == u"12.80"; }, 20000));

    const QByteArray topic = "product/" + apples.toUtf8();
    // Every one of these must be dropped: the price must stay 12.80.
    send(pub, { topic, "epoch-1", "4", record("1.00") }); // stale version
    send(pub, { topic, "epoch-1", "5", record("2.00") }); // duplicate version
    send(pub, { topic, "epoch-1", "6" }); // 3 frames
    send(pub, { topic, "epoch-1", "6", record("3.00"), "extra" }); // 5 frames
    send(pub, { topic, "epoch-1", "six", record("4.00") }); // version not a number
    send(pub, { topic, "epoch-1", "7", record("5.0000001") }); // amount breaks the rule
    send(pub, { topic, "epoch-1", "8", "{not json" }); // invalid JSON
    send(pub, { topic + "9", "epoch-1", "9", record("6.00") }); // another sku by prefix
    send(pub,
         { topic, "epoch-1", "10", QByteArray(70 * 1024, ' ') + record("7.00") }); // over 64 KiB
    // Then a good one, which must be applied. It is repeated (harmless by the version rule) with
    // heartbeats, so the test does not depend on when the subscription reached the publisher.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            send(pub, { "heartbeat", "epoch-1", "0", R"({"interval_ms": 1000})" });
            send(pub, { topic, "epoch-1", "11", record("13.20") });
            return display->priceOf(apples) != u"12.80";
        },
        20000));
    EXPECT_EQ(display->priceOf(apples), QStringLiteral("13.20"));
    EXPECT_EQ(display->catalog.find(apples)->version, 11u);
}
