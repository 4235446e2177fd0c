// The wall clock jumps forwards and back while a display runs, as an NTP step or a corrected
// clock makes it: prices must age by the time that passed, and the take timer must run on it.
#include "feed_test_support.h"
#include "tcp_proxy.h"
#include "wall_clock_shift.h"

#include <fusion.h>
#include <trace.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace shelf;
using namespace shelf::test;

namespace {

constexpr int waitMs = 20000;
constexpr qint64 threeDays = 3 * 24 * 3600;

// Thirteen hours on, past the 12 h a price not confirmed by a live feed may be shown: both
// clocks move on, as time passing moves them.
void thirteenHoursLater(ProductCatalog &catalog)
{
    constexpr qint64 seconds = 13 * 3600;
    catalog.setClock([] { return QDateTime::currentDateTimeUtc().addSecs(seconds); },
                     [] { return monotonicMicros() / 1000 + seconds * 1000; });
}

// A display of apples and kiwi live on a store server; its updates come through a proxy, so the
// test knows when the server's heartbeats reach it.
struct LiveDisplay
{
    StoreServer server{ephemeralServer()};
    std::unique_ptr<TcpProxy> updates;
    std::unique_ptr<FeedDisplay> display;

    // Empty once the display is live and has had a heartbeat; else what went wrong.
    QString start(const QString &storePath = {})
    {
        if (const QString error = server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG));
            !error.isEmpty())
            return error;
        if (const QString error = server.start(); !error.isEmpty())
            return error;
        const StoreServer::Endpoints bound = server.endpoints();
        updates = std::make_unique<TcpProxy>(bound.updates);
        FeedClientSettings settings
            = settingsFor(bound.snapshot, updates->endpoint(), bound.events, {apples, kiwi});
        settings.storePath = storePath;
        display = std::make_unique<FeedDisplay>(settings);
        if (!QTest::qWaitFor(
                [&] {
                    return display->catalog.health() == FeedHealth::Live
                        && display->catalog.size() == 2;
                },
                waitMs))
            return QStringLiteral("the display never went live");
        // Until its first heartbeat the display counts silence in the protocol's default
        // interval (1 s), not the server's 100 ms.
        const quint64 received = updates->bytesToDisplay();
        if (!QTest::qWaitFor([&] { return updates->bytesToDisplay() > received; }, waitMs))
            return QStringLiteral("no heartbeat reached the display");
        return {};
    }
    // The server goes away; the display says so once three heartbeats are missing.
    bool silence()
    {
        server.stop();
        return QTest::qWaitFor([&] { return display->catalog.health() == FeedHealth::Stale; },
                               waitMs);
    }
};

struct WallClockRestored
{
    ~WallClockRestored() { shiftWallClock(0); }
};

} // namespace

TEST(ClockJump, AJumpForwardOfDaysMarksNoLiveOrMinutesOldPriceStale)
{
    WallClockRestored restored;
    LiveDisplay live;
    ASSERT_EQ(live.start(), QString());
    ProductCatalog &catalog = live.display->catalog;
    ASSERT_NEAR(shiftWallClock(threeDays), threeDays, 60);
    EXPECT_TRUE(catalog.isPriceCurrent(apples)) << "a live price hidden after a clock jump";

    ASSERT_TRUE(live.silence());
    EXPECT_TRUE(catalog.isPriceCurrent(apples));
    ASSERT_NEAR(shiftWallClock(2 * threeDays), threeDays, 60);
    EXPECT_TRUE(catalog.isPriceCurrent(apples))
        << "a price confirmed a moment ago taken for three days old";
    EXPECT_TRUE(catalog.isPriceCurrent(kiwi));

    thirteenHoursLater(catalog);
    EXPECT_FALSE(catalog.isPriceCurrent(apples));
}

TEST(ClockJump, AJumpBackOfDaysMakesNoPriceFreshForever)
{
    WallClockRestored restored;
    LiveDisplay live;
    ASSERT_EQ(live.start(), QString());
    ProductCatalog &catalog = live.display->catalog;
    ASSERT_TRUE(live.silence());
    ASSERT_NEAR(shiftWallClock(-threeDays), -threeDays, 60);
    EXPECT_TRUE(catalog.isPriceCurrent(apples));

    thirteenHoursLater(catalog);
    EXPECT_FALSE(catalog.isPriceCurrent(apples))
        << "a price last confirmed thirteen hours ago still shown: the clock went back 3 days";
}

// Across a restart the wall clock is all a display has to age its cache by: a price cached
// "in the future" (the clock was set back meanwhile) counts as new, never as younger than new.
TEST(ClockJump, ACachedPriceIsAgedByTheWallClockAcrossARestartAndNeverLooksYoungerThanNew)
{
    WallClockRestored restored;
    QTemporaryDir dir;
    const QString cache = dir.filePath(QStringLiteral("shelf.db"));
    FeedClientSettings down;
    {
        LiveDisplay live;
        ASSERT_EQ(live.start(cache), QString());
        const StoreServer::Endpoints bound = live.server.endpoints();
        down = settingsFor(bound.snapshot, bound.updates, bound.events, {apples, kiwi});
        down.storePath = cache;
    } // the display stops and writes its cache; the server goes away

    ASSERT_NEAR(shiftWallClock(-threeDays), -threeDays, 60);
    {
        FeedDisplay display(down);
        ASSERT_TRUE(QTest::qWaitFor([&] { return display.catalog.size() == 2; }, waitMs));
        EXPECT_TRUE(display.catalog.isPriceCurrent(apples));
        thirteenHoursLater(display.catalog);
        EXPECT_FALSE(display.catalog.isPriceCurrent(apples))
            << "a cached price shown thirteen hours after the restart: cached 3 days 'ahead'";
    }
    ASSERT_NEAR(shiftWallClock(threeDays), 2 * threeDays, 60);
    FeedDisplay display(down);
    ASSERT_TRUE(QTest::qWaitFor([&] { return display.catalog.size() == 2; }, waitMs));
    EXPECT_FALSE(display.catalog.isPriceCurrent(apples))
        << "cached three days ago by the only clock a restart has, and shown";
}

// The take timer runs on the monotonic clock: a product lifted before a jump forward, and one
// lifted before a jump back, are each taken once the configured time has passed, not sooner and
// not days later.
TEST(ClockJump, TheTakeTimerRunsOnTheTimeThatPassed)
{
    WallClockRestored restored;
    ShelfConfig config;
    config.takeAfterSeconds = 1;
    config.slots = {{QStringLiteral("A1"), QStringLiteral("111"), {}},
                    {QStringLiteral("A2"), QStringLiteral("222"), {}}};
    PickupFusion fusion(config, nullptr);
    QElapsedTimer sinceLift[2];
    qint64 takenAfterMs[2] = {-1, -1};
    PickupDecision taken[2];
    QObject::connect(&fusion, &PickupFusion::decided, [&](const PickupDecision &decision) {
        if (decision.type != PickupDecision::Type::Take)
            return;
        const int slot = decision.slotId == u"A1" ? 0 : 1;
        takenAfterMs[slot] = sinceLift[slot].elapsed();
        taken[slot] = decision;
    });
    const auto lift = [&](int slot) {
        sinceLift[slot].start();
        fusion.onSlotEvent(
            {SensorSlotEvent::Type::Lift, slot, 0.9, monotonicMicros(), QStringLiteral("camera")});
    };
    lift(0);
    ASSERT_NEAR(shiftWallClock(threeDays), threeDays, 60);
    lift(1);
    ASSERT_NEAR(shiftWallClock(-threeDays), -2 * threeDays, 60);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return takenAfterMs[0] >= 0 && takenAfterMs[1] >= 0; }, waitMs))
        << "a take never came after the clock jumped";
    for (int slot = 0; slot < 2; ++slot) {
        EXPECT_GE(takenAfterMs[slot], 1000) << "slot " << slot << " taken early";
        EXPECT_GE(taken[slot].heldMs, 1000);
        EXPECT_LT(taken[slot].heldMs, 24 * 3600 * 1000) << "held for the clock's jump";
    }
}
