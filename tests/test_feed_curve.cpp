// The display's side of CURVE: with the right keys it is served; with a wrong server key, or not
// admitted, it gets nothing; a server without CURVE cannot feed it a price at all.
#include "feed_test_support.h"

#include <zmq.h>

#include <QTest>

#include <gtest/gtest.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>

using namespace shelf;
using namespace shelf::test;

namespace {

struct Keys
{
    QByteArray publicKey, secretKey;
    Keys()
    {
        char pub[41] = {}, secret[41] = {};
        zmq_curve_keypair(pub, secret);
        publicKey = QByteArray(pub, 40);
        secretKey = QByteArray(secret, 40);
    }
};

std::unique_ptr<StoreServer> curveServer(const Keys &server, const QList<QByteArray> &admitted)
{
    StoreServerOptions options = ephemeralServer();
    options.curveSecretKey = server.secretKey;
    options.curveClientKeys = admitted;
    auto store = std::make_unique<StoreServer>(options);
    EXPECT_EQ(store->loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    EXPECT_EQ(store->start(), QString());
    return store;
}

FeedClientSettings withCurve(FeedClientSettings settings, const QByteArray &serverPublic,
                             const Keys &display)
{
    settings.curve = CurveClientKeys{serverPublic, display.publicKey, display.secretKey};
    return settings;
}

} // namespace

TEST(FeedCurve, AnAdmittedDisplayWithTheServersKeyIsServedAndSendsEvents)
{
    const Keys serverKeys, displayKeys;
    auto server = curveServer(serverKeys, {displayKeys.publicKey});
    FeedDisplay display(
        withCurve(settingsFor(*server, {apples}), serverKeys.publicKey, displayKeys));
    ASSERT_TRUE(QTest::qWaitFor([&] { return display.priceOf(apples) == u"12.80"; }, 20000));
    ASSERT_EQ(server->setPrice(apples, QStringLiteral("11.11")), QString());
    ASSERT_TRUE(QTest::qWaitFor([&] { return display.priceOf(apples) == u"11.11"; }, 20000));
    display.client.submitEvent(
        {QStringLiteral("curve-event-1"), R"({"type":"lift","sku":"6901234000115"})"});
    ASSERT_TRUE(QTest::qWaitFor([&] { return server->storedEventCount() == 1; }, 20000));
}

TEST(FeedCurve, ADisplayThatIsNotAdmittedGetsNothing)
{
    const Keys serverKeys, admitted, stranger;
    auto server = curveServer(serverKeys, {admitted.publicKey});
    FeedDisplay display(withCurve(settingsFor(*server, {apples}), serverKeys.publicKey, stranger));
    QTest::qWait(3000);
    EXPECT_EQ(display.catalog.size(), 0);
    EXPECT_EQ(display.catalog.health(), FeedHealth::NeverConnected);
}

TEST(FeedCurve, AServerWithAnotherKeyCannotFeedTheDisplay)
{
    // An impostor with its own keypair, admitting the display: the display checks the server's
    // key and refuses it.
    const Keys expectedServer, impostorKeys, displayKeys;
    auto impostor = curveServer(impostorKeys, {displayKeys.publicKey});
    FeedDisplay display(
        withCurve(settingsFor(*impostor, {apples}), expectedServer.publicKey, displayKeys));
    QTest::qWait(3000);
    EXPECT_EQ(display.catalog.size(), 0);
}

TEST(FeedCurve, APlainTextPublisherCannotChangeAPrice)
{
    // A display configured for CURVE never falls back to plain text, so an unauthorised
    // publisher on its endpoints is never heard, even when it answers the snapshot.
    const Keys serverKeys, displayKeys;
    HandServer server(3000);
    FeedDisplay display(
        withCurve(server.displaySettings({apples}), serverKeys.publicKey, displayKeys));
    EXPECT_FALSE(server.takeSnapshotRequest()) << "a CURVE display spoke plain text";
    for (int i = 0; i < 20; ++i) {
        server.heartbeat("rogue");
        server.publish(
            {"product/6901234000115", "rogue", "99",
             R"({"sku":"6901234000115","name":"Apples","price":{"amount":"0.01","currency":"CNY"}})"});
        QTest::qWait(50);
    }
    EXPECT_EQ(display.catalog.find(apples), nullptr);
}
