#include "manual_clock.h"

#include <catalog.h>
#include <fusion.h>
#include <synthetic_shelf.h>
#include <trace.h>

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace shelf;
using shelf::testing::ManualClock;

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
    ManualClock clock;
    PickupFusion fusion(shelfWithTakeAfter(30), nullptr, clock);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 0, clock.nowMicros()));
    clock.advance(29'999);
    ASSERT_EQ(decided.size(), 1); // still only lifted
    clock.advance(1);
    ASSERT_EQ(decided.size(), 2);
    EXPECT_EQ(decisionAt(decided, 1).type, PickupDecision::Type::Take);
    EXPECT_EQ(decisionAt(decided, 1).sku, QStringLiteral("111"));
    EXPECT_EQ(decisionAt(decided, 1).heldMs, 30'000);
    EXPECT_TRUE(fusion.liftedSlots().isEmpty());
    EXPECT_EQ(clock.pending(), 0);
}

TEST(Fusion, APutBackProductIsNotTakenLaterAndALiftAfterTheChangeWaitsTheNewTime)
{
    ManualClock clock;
    PickupFusion fusion(shelfWithTakeAfter(30), nullptr, clock);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 0, clock.nowMicros()));
    clock.advance(10'000);
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Return, 0, clock.nowMicros()));
    clock.advance(60'000);
    ASSERT_EQ(decided.size(), 2);
    EXPECT_EQ(decisionAt(decided, 1).type, PickupDecision::Type::Return);
    EXPECT_EQ(decisionAt(decided, 1).heldMs, 10'000);
    // The operator shortens the time; a product still out keeps the time it was lifted with.
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 1, clock.nowMicros()));
    fusion.setConfig(shelfWithTakeAfter(5));
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 0, clock.nowMicros()));
    clock.advance(5'000);
    ASSERT_EQ(decided.size(), 5);
    EXPECT_EQ(decisionAt(decided, 4).type, PickupDecision::Type::Take);
    EXPECT_EQ(decisionAt(decided, 4).slotId, QStringLiteral("A1"));
    clock.advance(25'000);
    ASSERT_EQ(decided.size(), 6);
    EXPECT_EQ(decisionAt(decided, 5).slotId, QStringLiteral("A2"));
    EXPECT_EQ(decisionAt(decided, 5).heldMs, 30'000);
}

TEST(Fusion, WhatTheShopperHeldWhenTheAisleEmptiedWasTakenAtOnce)
{
    ManualClock clock;
    PickupFusion fusion(shelfWithTakeAfter(30), nullptr, clock);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onAisleChanged(true, 500'000);
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 0, 1'000'000));
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 1, 1'200'000));
    fusion.onAisleChanged(false, 6'000'000);
    ASSERT_EQ(decided.size(), 4);
    for (int i : {2, 3}) {
        EXPECT_EQ(decisionAt(decided, i).type, PickupDecision::Type::Take);
        EXPECT_EQ(decisionAt(decided, i).source, QStringLiteral("aisle"));
    }
    EXPECT_EQ(decisionAt(decided, 2).sku, QStringLiteral("111"));
    EXPECT_EQ(decisionAt(decided, 2).heldMs, 5000);
    EXPECT_EQ(decisionAt(decided, 3).sku, QStringLiteral("222"));
    EXPECT_EQ(decisionAt(decided, 3).heldMs, 4800);
    EXPECT_TRUE(fusion.liftedSlots().isEmpty());
    // The take timers went with them: nothing is taken a second time.
    EXPECT_EQ(clock.pending(), 0);
    clock.advance(60'000);
    EXPECT_EQ(decided.size(), 4);
}

TEST(Fusion, SomeoneArrivingOrALiftAfterTheAisleEmptiedTakesNothing)
{
    PickupFusion fusion(shelfWithTakeAfter(30), nullptr);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onAisleChanged(false, 1'000'000); // nothing out
    fusion.onAisleChanged(true, 2'000'000);
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 0, 3'000'000));
    fusion.onAisleChanged(true, 3'500'000);
    // A scale settling late: its lift starts after the aisle was seen empty.
    fusion.onAisleChanged(false, 2'500'000);
    ASSERT_EQ(decided.size(), 1);
    EXPECT_EQ(decisionAt(decided, 0).type, PickupDecision::Type::Lift);
    EXPECT_EQ(fusion.liftedSlots(), QStringList{QStringLiteral("A1")});
    // Put back after all: a return, as usual.
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Return, 0, 4'000'000));
    ASSERT_EQ(decided.size(), 2);
    EXPECT_EQ(decisionAt(decided, 1).type, PickupDecision::Type::Return);
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

namespace {

// Two slots on scale channel 0 (a 250 g can and a 400 g box) and one on channel 1 (a 250 g can).
ShelfConfig shelfWithScale()
{
    ShelfConfig config;
    config.takeAfterSeconds = 30;
    config.scale.fusionWindowMs = 600;
    config.slots = {{QStringLiteral("A1"), QStringLiteral("can"), {}, 0, 250},
                    {QStringLiteral("A2"), QStringLiteral("box"), {}, 0, 400},
                    {QStringLiteral("B1"), QStringLiteral("can-b"), {}, 1, 250}};
    return config;
}

WeightChange weightAt(int channel, double delta, qint64 atMicros)
{
    return {channel, delta, atMicros / 1000, atMicros / 1000, false, std::nullopt, {}};
}

} // namespace

TEST(Fusion, CameraAndScaleSeeingTheSameLiftAreOneDecision)
{
    PickupFusion fusion(shelfWithScale(), nullptr);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 1, 10'000'000));
    fusion.onWeightChange(weightAt(0, -398, 10'300'000));
    ASSERT_EQ(decided.size(), 1);
    EXPECT_EQ(decisionAt(decided, 0).sku, QStringLiteral("box"));
    // Seen again by the camera 2 s later is a new event, not a confirmation.
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Return, 1, 12'000'000));
    fusion.onWeightChange(weightAt(0, 401, 12'200'000));
    EXPECT_EQ(decided.size(), 2);
}

TEST(Fusion, TheScaleAloneCountsUnits)
{
    PickupFusion fusion(shelfWithScale(), nullptr);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onWeightChange(weightAt(1, -503, 5'000'000));
    ASSERT_EQ(decided.size(), 1);
    EXPECT_EQ(decisionAt(decided, 0).type, PickupDecision::Type::Lift);
    EXPECT_EQ(decisionAt(decided, 0).sku, QStringLiteral("can-b"));
    EXPECT_EQ(decisionAt(decided, 0).count, 2);
    EXPECT_EQ(decisionAt(decided, 0).source, QStringLiteral("weight"));
}

TEST(Fusion, MixedProductsOnOneChannelAreToldApartByWeight)
{
    PickupFusion fusion(shelfWithScale(), nullptr);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onWeightChange(weightAt(0, -652, 5'000'000)); // a can and a box
    ASSERT_EQ(decided.size(), 2);
    QStringList skus{decisionAt(decided, 0).sku, decisionAt(decided, 1).sku};
    skus.sort();
    EXPECT_EQ(skus, (QStringList{QStringLiteral("box"), QStringLiteral("can")}));
}

TEST(Fusion, TheCameraDecidesBetweenProductsOfTheSameWeight)
{
    ShelfConfig config = shelfWithScale();
    config.slots[1].unitWeightGrams = 252; // now the box weighs about what the can weighs
    ManualClock clock;
    PickupFusion fusion(config, nullptr, clock);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onWeightChange(weightAt(0, -251, clock.nowMicros()));
    EXPECT_EQ(decided.size(), 0); // waits for the camera
    clock.advance(300);
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 1, clock.nowMicros()));
    ASSERT_EQ(decided.size(), 1);
    EXPECT_EQ(decisionAt(decided, 0).sku, QStringLiteral("box"));
    EXPECT_EQ(decisionAt(decided, 0).source, QStringLiteral("camera+weight"));
}

TEST(Fusion, ACameraThatSpokeFirstResolvesAnAmbiguousWeightAtOnce)
{
    ShelfConfig config = shelfWithScale();
    config.slots[1].unitWeightGrams = 252;
    ManualClock clock;
    PickupFusion fusion(config, nullptr, clock);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    const qint64 now = clock.nowMicros();
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Lift, 0, now));
    fusion.onWeightChange(weightAt(0, -251, now + 300'000));
    ASSERT_EQ(decided.size(), 1);
    EXPECT_EQ(decisionAt(decided, 0).sku, QStringLiteral("can"));
    clock.advance(config.scale.fusionWindowMs * 2); // nothing more comes when the window passed
    EXPECT_EQ(decided.size(), 1);
}

TEST(Fusion, WithoutTheCameraTheBestWeightFitDecidesAfterTheWindow)
{
    ShelfConfig config = shelfWithScale();
    config.slots[1].unitWeightGrams = 252;
    ManualClock clock;
    PickupFusion fusion(config, nullptr, clock);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onWeightChange(weightAt(0, -252, clock.nowMicros()));
    clock.advance(config.scale.fusionWindowMs - 1);
    EXPECT_EQ(decided.size(), 0); // the camera may still say which
    clock.advance(1);
    ASSERT_EQ(decided.size(), 1);
    EXPECT_EQ(decisionAt(decided, 0).sku, QStringLiteral("box"));
    EXPECT_LT(decisionAt(decided, 0).confidence, 0.6);
}

TEST(Fusion, WhenTheSensorsDisagreeTheStrongerEvidenceDecides)
{
    PickupFusion fusion(shelfWithScale(), nullptr);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    // The camera, unsure (0.62), saw slot A1 empty; the scale says a 400 g box left (A2).
    SensorSlotEvent unsure = cameraEvent(SensorSlotEvent::Type::Lift, 0, 10'000'000);
    unsure.confidence = 0.62;
    fusion.onSlotEvent(unsure);
    fusion.onWeightChange(weightAt(0, -399, 10'200'000));
    ASSERT_EQ(decided.size(), 3);
    // The camera's lift of the can is taken back, and the box is the lift.
    EXPECT_EQ(decisionAt(decided, 1).type, PickupDecision::Type::Return);
    EXPECT_EQ(decisionAt(decided, 1).sku, QStringLiteral("can"));
    EXPECT_EQ(decisionAt(decided, 1).source, QStringLiteral("correction:weight"));
    EXPECT_EQ(decisionAt(decided, 2).type, PickupDecision::Type::Lift);
    EXPECT_EQ(decisionAt(decided, 2).sku, QStringLiteral("box"));
    EXPECT_EQ(fusion.liftedSlots(), QStringList{QStringLiteral("A2")});
    // A confident camera keeps its decision against a weaker weight reading.
    PickupFusion second(shelfWithScale(), nullptr);
    QSignalSpy secondDecided(&second, &PickupFusion::decided);
    SensorSlotEvent sure = cameraEvent(SensorSlotEvent::Type::Lift, 0, 10'000'000);
    sure.confidence = 0.95;
    second.onSlotEvent(sure);
    second.onWeightChange(weightAt(0, -399, 10'200'000));
    ASSERT_EQ(secondDecided.size(), 1);
    EXPECT_EQ(secondDecided.at(0).at(0).value<PickupDecision>().sku, QStringLiteral("can"));
}

TEST(Fusion, AWeightChangeThatIsNoProductIsIgnored)
{
    PickupFusion fusion(shelfWithScale(), nullptr);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onWeightChange(weightAt(0, -90, 1'000'000));
    fusion.onWeightChange(weightAt(2, -250, 1'000'000)); // a channel with no slot
    EXPECT_EQ(decided.size(), 0);
}

TEST(Catalog, BarcodesMatchInTheirUpcAAndEan13Forms)
{
    ProductCatalog catalog(12);
    ProductRecord record;
    record.sku = QStringLiteral("cola");
    record.name = LocalizedText(QStringLiteral("Cola"));
    record.price = *Money::parse(u"3.50", QStringLiteral("CNY"));
    record.barcodes = {QStringLiteral("036000291452")}; // the feed lists the 12-digit UPC-A
    catalog.applyChanges({ProductChange{QStringLiteral("cola"), QStringLiteral("e1"), 1, record,
                                        QDateTime::currentDateTimeUtc()}});
    EXPECT_EQ(catalog.skuForBarcode(QStringLiteral("036000291452")), QStringLiteral("cola"));
    EXPECT_EQ(catalog.skuForBarcode(QStringLiteral("0036000291452")),
              QStringLiteral("cola")); // as EAN-13
    EXPECT_EQ(catalog.skuForBarcode(QStringLiteral("cola")), QStringLiteral("cola"));
    EXPECT_EQ(catalog.skuForBarcode(QStringLiteral("4006381333931")), QString());
}

TEST(Fusion, ASensorLostMidLiftLeavesTheOtherToFinishIt)
{
    // The scale sees the lift while the camera is down; the camera, back, sees the return while
    // the scale is unplugged: one product, lifted and returned, with the time it was out.
    PickupFusion fusion(shelfWithScale(), nullptr);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    fusion.onWeightChange(weightAt(1, -251, 20'000'000));
    fusion.onSlotEvent(cameraEvent(SensorSlotEvent::Type::Return, 2, 26'000'000));
    ASSERT_EQ(decided.size(), 2);
    EXPECT_EQ(decisionAt(decided, 0).source, QStringLiteral("weight"));
    EXPECT_EQ(decisionAt(decided, 1).type, PickupDecision::Type::Return);
    EXPECT_EQ(decisionAt(decided, 1).source, QStringLiteral("camera"));
    EXPECT_EQ(decisionAt(decided, 1).heldMs, 6000);
    EXPECT_TRUE(fusion.liftedSlots().isEmpty());
}

TEST(Fusion, TwoAmbiguousWeightChangesInOneWindowAreTwoDecisions)
{
    ShelfConfig config = shelfWithScale();
    config.slots[1].unitWeightGrams = 252;
    ManualClock clock;
    PickupFusion fusion(config, nullptr, clock);
    QSignalSpy decided(&fusion, &PickupFusion::decided);
    const qint64 now = clock.nowMicros();
    fusion.onWeightChange(weightAt(0, -251, now));
    clock.advance(200);
    fusion.onWeightChange(weightAt(0, -250, now + 200'000));
    EXPECT_EQ(decided.size(), 1); // the first, on its weight alone, as the second came
    clock.advance(config.scale.fusionWindowMs);
    ASSERT_EQ(decided.size(), 2);
    clock.advance(config.scale.fusionWindowMs * 2); // and no third
    EXPECT_EQ(decided.size(), 2);
    EXPECT_EQ(clock.pending(), 2); // the take timers of the two lifts, and nothing else
}

TEST(Catalog, APriceConfirmedByALiveFeedAgesFromWhenTheFeedStoppedNotFromItsLastChange)
{
    ProductCatalog catalog(12);
    ProductRecord record;
    record.sku = QStringLiteral("rice");
    record.name = LocalizedText(QStringLiteral("Rice"));
    record.price = *Money::parse(u"89.00", QStringLiteral("CNY"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // The price has not changed for two days, and the feed was live until a moment ago.
    catalog.applyChanges(
        {ProductChange{QStringLiteral("rice"), QStringLiteral("e1"), 1, record, now.addDays(-2)}});
    catalog.setHealth(FeedHealth::Live, now.addDays(-2));
    EXPECT_TRUE(catalog.isPriceCurrent(QStringLiteral("rice")));
    catalog.setHealth(FeedHealth::Stale, now);
    EXPECT_TRUE(catalog.isPriceCurrent(QStringLiteral("rice")));
    // Thirteen hours of silence later it may be wrong.
    catalog.setClock([now] { return now.addSecs(13 * 3600); },
                     [] { return monotonicMicros() / 1000 + 13 * 3600 * 1000; });
    EXPECT_FALSE(catalog.isPriceCurrent(QStringLiteral("rice")));
}
