#include <fusion.h>
#include <trace.h>

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace shelf;

namespace {

ShelfConfig shelfWithTakeAfter(int seconds)
{
    ShelfConfig config;
    config.takeAfterSeconds = seconds;
    config.slots = {{QStringLiteral("A1"), QStringLiteral("111"), {}},
                    {QStringLiteral("A2"), QStringLiteral("222"), {}}};
    return config;
}

SensorSlotEvent cameraEvent(SensorSlotEvent::Type type, int slot, qint64 atMicros)
{
    return {type, slot, 0.9, atMicros, QStringLiteral("camera")};
}

PickupDecision decisionAt(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(0).value<PickupDecision>();
}

} // namespace

TEST(Fusion, ALiftThenAReturnNamesTheSkuAndTheTimeHeld)
{
    PickupFusion fusion(shelfWithTakeAfter(30), nullptr);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 1, 1'000'000));
    EXPECT_EQ(fusion.liftedSlots(), QStringList{QStringLiteral("A2")});
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Return, 1, 3'500'000));
    ASSERT_EQ(decided.size(), 2);
    EXPECT_EQ(decisionAt(decided, 0).type, PickupDecision::Type::Lift);
    EXPECT_EQ(decisionAt(decided, 0).sku, QStringLiteral("222"));
    EXPECT_EQ(decisionAt(decided, 0).slotId, QStringLiteral("A2"));
    EXPECT_EQ(decisionAt(decided, 1).type, PickupDecision::Type::Return);
    EXPECT_EQ(decisionAt(decided, 1).heldMs, 2500);
    EXPECT_TRUE(fusion.liftedSlots().isEmpty());
}

TEST(Fusion, AProductNotBackInTimeWasTaken)
{
    PickupFusion fusion(shelfWithTakeAfter(1), nullptr);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 0, monotonicMicros()));
    ASSERT_TRUE(QTest::qWaitFor([&] { return decided.size() == 2; }, 20000));
    EXPECT_EQ(decisionAt(decided, 1).type, PickupDecision::Type::Take);
    EXPECT_EQ(decisionAt(decided, 1).sku, QStringLiteral("111"));
    EXPECT_GE(decisionAt(decided, 1).heldMs, 1000);
    EXPECT_TRUE(fusion.liftedSlots().isEmpty());
}

TEST(Fusion, ASecondLiftOfTheSameSlotIsNotASecondProduct)
{
    PickupFusion fusion(shelfWithTakeAfter(30), nullptr);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 0, 1));
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 0, 2));
    EXPECT_EQ(decided.size(), 1);
}

TEST(Fusion, TwoProductsOutAtOnceAreTrackedSeparately)
{
    PickupFusion fusion(shelfWithTakeAfter(30), nullptr);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 0, 1));
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 1, 2));
    EXPECT_EQ(fusion.liftedSlots().size(), 2);
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Return, 0, 3));
    EXPECT_EQ(fusion.liftedSlots(), QStringList{QStringLiteral("A2")});
}

TEST(Fusion, AScanResolvesTheBarcodeThroughTheCatalog)
{
    PickupFusion fusion(shelfWithTakeAfter(30), nullptr);
    fusion.setBarcodeResolver([](const QString &code) {
        return code == u"6900000000001" ? QStringLiteral("222") : QString();
    });
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onIdentified(QStringLiteral("6900000000001"), QStringLiteral("camera"), 0.95);
    fusion.onIdentified(QStringLiteral("0000"), QStringLiteral("camera"), 0.95);
    ASSERT_EQ(decided.size(), 2);
    EXPECT_EQ(decisionAt(decided, 0).type, PickupDecision::Type::Scan);
    EXPECT_EQ(decisionAt(decided, 0).sku, QStringLiteral("222"));
    // An unknown code still reaches the screen, which shows its neutral panel for it.
    EXPECT_EQ(decisionAt(decided, 1).sku, QStringLiteral("0000"));
}

TEST(Fusion, EventsForSlotsTheShelfDoesNotHaveAreIgnored)
{
    PickupFusion fusion(shelfWithTakeAfter(30), nullptr);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 7, 1));
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, -1, 1));
    EXPECT_EQ(decided.size(), 0);
}
