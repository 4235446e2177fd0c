#include "feed_test_support.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>

using namespace shelf;

using namespace shelf::test;

namespace {

std::unique_ptr<FeedDisplay> displayFor(const StoreServer &server, QStringList skus)
{
    return std::make_unique<FeedDisplay>(settingsFor(server, std::move(skus)));
}

} // namespace

TEST(StoreFeed, SnapshotBringsTheShelfsProductsAndNothingElse)
{
    StoreServer server(ephemeralServer());
    ASSERT_EQ(server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(server.start(), QString());
    auto display = displayFor(server, {apples, kiwi});
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
    auto display = displayFor(server, {apples});
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
    auto display = displayFor(server, {apples, kiwi});
    ASSERT_TRUE(QTest::qWaitFor([&] { return display->catalog.size() == 2; }, 20000));
    const QString firstEpoch = display->catalog.find(apples)->epoch;
    server.reset();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return display->catalog.find(apples)->epoch == server.epoch(); }, 20000));
    EXPECT_NE(server.epoch(), firstEpoch);
    ASSERT_EQ(server.setPrice(apples, QStringLiteral("10.00")), QString());
    ASSERT_TRUE(QTest::qWaitFor([&] { return display->priceOf(apples) == u"10.00"; }, 20000));
}

namespace {

QByteArray appleAt(const char *amount)
{
    return QByteArray(R"({"sku":"6901234000115","name":"Apples","price":{"amount":")") + amount
        + R"(","currency":"CNY"}})";
}

// A display that holds apples at version 5 and 12.80 from a hand-driven server.
struct HandFed
{
    HandServer server;
    FeedDisplay display{server.displaySettings({apples})};
    const QByteArray topic = "product/" + apples.toUtf8();

    bool start()
    {
        if (!server.takeSnapshotRequest("epoch-1"))
            return false;
        server.reply({"PRODUCT", apples.toUtf8(), "5", appleAt("12.80")});
        server.reply({"END", "epoch-1", "1"});
        return QTest::qWaitFor([&] { return display.priceOf(apples) == u"12.80"; }, 20000);
    }
    // Sends a good update until it is applied (harmless by the version rule), with heartbeats,
    // so a test does not depend on when the subscription reached the publisher.
    bool settleWith(const char *version, const char *amount)
    {
        return QTest::qWaitFor(
            [&] {
                server.heartbeat("epoch-1");
                server.publish({topic, "epoch-1", version, appleAt(amount)});
                return display.priceOf(apples) == QLatin1String(amount);
            },
            20000);
    }
};

} // namespace

TEST(StoreFeed, OutOfOrderAndDuplicateVersionsAreDropped)
{
    HandFed fed;
    ASSERT_TRUE(fed.start());
    fed.server.publish({fed.topic, "epoch-1", "4", appleAt("1.00")}); // older
    fed.server.publish({fed.topic, "epoch-1", "5", appleAt("2.00")}); // the same version again
    ASSERT_TRUE(fed.settleWith("9", "13.20"));
    fed.server.publish({fed.topic, "epoch-1", "8", appleAt("3.00")}); // out of order, after 9
    ASSERT_TRUE(fed.settleWith("12", "13.40"));
    EXPECT_EQ(fed.display.catalog.find(apples)->version, 12u);
}

TEST(StoreFeed, MalformedMessagesAreRejectedAndTheFeedGoesOn)
{
    HandFed fed;
    ASSERT_TRUE(fed.start());
    QSignalSpy rejected(&fed.display.client, &FeedClient::recordRejected);
    const QByteArray &topic = fed.topic;
    // Every one of these must be dropped: the price must stay 12.80 until the good one.
    fed.server.publish({topic, "epoch-1", "6"}); // 3 frames
    fed.server.publish({topic, "epoch-1", "6", appleAt("3.00"), "extra"}); // 5 frames
    fed.server.publish({topic, "epoch-1", "six", appleAt("4.00")}); // version not a number
    fed.server.publish({topic, "epoch-1", "99999999999999999999", appleAt("4.00")}); // over 64 bits
    fed.server.publish({topic, "epoch-1", "7", appleAt("5.0000001")}); // amount breaks the rule
    fed.server.publish({topic, "epoch-1", "8", "{not json"}); // invalid JSON
    fed.server.publish({topic, "", "8", appleAt("4.50")}); // empty epoch
    fed.server.publish({topic + "9", "epoch-1", "9", appleAt("6.00")}); // another sku by prefix
    fed.server.publish(
        {topic, "epoch-1", "10", QByteArray(70 * 1024, ' ') + appleAt("7.00")}); // over 64 KiB
    ASSERT_TRUE(fed.settleWith("11", "13.20"));
    EXPECT_EQ(fed.display.catalog.find(apples)->version, 11u);
    EXPECT_EQ(fed.display.catalog.size(), 1);
    EXPECT_GE(rejected.size(), 8);
}
