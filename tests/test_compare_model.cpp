// The comparison of products held at once: rows in the display language, the better unit price
// marked only among products that can be compared.
#include "manual_clock.h"

#include <catalog.h>
#include <compare_model.h>
#include <product_card_view.h>
#include <shelf_view.h>
#include <trace.h>

#include <QAbstractItemModelTester>
#include <QTest>

#include <gtest/gtest.h>

using namespace shelf;
using shelf::testing::ManualClock;

namespace {

void addProduct(ProductCatalog &catalog, const char *sku, const char *amount, const char *unit,
                int weight = 0)
{
    ProductRecord record;
    record.sku = QString::fromLatin1(sku);
    record.name = LocalizedText(QStringLiteral("Product ") + record.sku);
    record.price = *Money::parse(QString::fromLatin1(amount), QStringLiteral("CNY"));
    record.unit = QString::fromLatin1(unit);
    if (weight)
        record.unitWeightGrams = weight;
    catalog.applyChanges({ProductChange{record.sku, QStringLiteral("e1"), 1, record,
                                        QDateTime::currentDateTimeUtc()}});
}

bool best(const CompareModel &model, int row)
{
    return model.data(model.index(row), int(CompareModel::Role::BestUnitPrice)).toBool();
}

} // namespace

TEST(CompareModel, MarksTheBetterUnitPriceAmongComparableProducts)
{
    ProductCatalog catalog(12);
    addProduct(catalog, "apples", "12.80", "kg");
    addProduct(catalog, "salmon", "16.80", "100g"); // 168.00 per kg
    addProduct(catalog, "oil", "13.96", "100ml"); // per litre: not comparable with the others
    addProduct(catalog, "mango", "12.90", "each", 250); // 51.60 per kg
    CompareModel model(catalog, QStringLiteral("/content"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);

    model.setProducts({QStringLiteral("salmon"), QStringLiteral("apples"), QStringLiteral("oil"),
                       QStringLiteral("mango")},
                      QStringLiteral("en"));
    ASSERT_EQ(model.rowCount(), 4);
    EXPECT_FALSE(best(model, 0));
    EXPECT_TRUE(best(model, 1)); // apples: 12.80 per kg, the cheapest per kg
    EXPECT_FALSE(best(model, 2)); // the only product per litre has nothing to be better than
    EXPECT_FALSE(best(model, 3));
    EXPECT_EQ(model.data(model.index(0), int(CompareModel::Role::UnitPriceText)).toString(),
              QStringLiteral("¥168.00 per kg"));
    EXPECT_EQ(model.data(model.index(0), int(CompareModel::Role::PriceText)).toString(),
              QStringLiteral("¥16.80"));
}

TEST(CompareModel, ShowsTheNewestFourAndANeutralRowForAnUnknownProduct)
{
    ProductCatalog catalog(12);
    for (const char *sku : {"a", "b", "c", "d"})
        addProduct(catalog, sku, "1.00", "kg");
    CompareModel model(catalog, QStringLiteral("/content"));
    model.setProducts({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                       QStringLiteral("d"), QStringLiteral("mystery")},
                      QStringLiteral("en"));
    EXPECT_EQ(model.skus(),
              (QStringList{QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"),
                           QStringLiteral("mystery")}));
    EXPECT_EQ(model.data(model.index(3), int(CompareModel::Role::PriceText)).toString(), QString());
    EXPECT_FALSE(model.data(model.index(3), int(CompareModel::Role::Name)).toString().isEmpty());
    // Equal unit prices: none is the better buy, so none is marked.
    EXPECT_FALSE(best(model, 0));
}

TEST(ProductCardView, UnitPricesAreWhatShoppersCompare)
{
    ProductCatalog catalog(12);
    addProduct(catalog, "milk", "16.90", "l");
    addProduct(catalog, "apples", "12.80", "kg");
    addProduct(catalog, "oil", "13.96", "100ml");
    ProductCardView card;
    auto unitPrice = [&](const char *sku, const char *language) {
        card.show(QString::fromLatin1(sku), &catalog.find(QString::fromLatin1(sku))->record, true,
                  QString::fromLatin1(language), QStringLiteral("/content"));
        return card.unitPriceText();
    };
    EXPECT_EQ(unitPrice("milk", "en"), QStringLiteral("¥1.69 per 100 ml"));
    EXPECT_EQ(unitPrice("oil", "en"), QString()); // already per 100 ml
    EXPECT_EQ(unitPrice("apples", "en"), QString()); // already per kg
    // Without the Chinese translation loaded the words stay English; the amount is per 500 g.
    EXPECT_EQ(unitPrice("apples", "zh-CN"), QStringLiteral("¥6.40 per 500 g"));
}

TEST(ShelfView, TheAttractLoopAlternatesLanguagesAndACardUsesTheShelfsOwn)
{
    ProductCatalog catalog(12);
    addProduct(catalog, "apples", "12.80", "kg");
    ShelfView::Settings settings;
    settings.language = QStringLiteral("en");
    settings.shelfSkus = {QStringLiteral("apples")};
    settings.alternateLanguageMs = 8000;
    ManualClock clock;
    ShelfView view(catalog, settings, nullptr, clock);
    clock.advance(7999);
    EXPECT_EQ(view.language(), QStringLiteral("en"));
    clock.advance(1);
    EXPECT_EQ(view.language(), QStringLiteral("zh-CN"));
    clock.advance(8000);
    EXPECT_EQ(view.language(), QStringLiteral("en"));
    clock.advance(8000);
    EXPECT_EQ(view.language(), QStringLiteral("zh-CN"));
    PickupDecision lift;
    lift.sku = QStringLiteral("apples");
    view.onDecision(lift);
    EXPECT_EQ(view.screen(), ShelfView::Screen::Card);
    EXPECT_EQ(view.language(), QStringLiteral("en"));
    clock.advance(60'000); // no alternation while the card is up
    EXPECT_EQ(view.language(), QStringLiteral("en"));
    // The operator turns alternation off: the attract loop stays in the shelf's language.
    settings.alternateLanguageMs = 0;
    view.setSettings(settings);
    PickupDecision take = lift;
    take.type = PickupDecision::Type::Take;
    view.onDecision(take);
    clock.advance(3600'000);
    EXPECT_EQ(view.screen(), ShelfView::Screen::Attract);
    EXPECT_EQ(view.language(), QStringLiteral("en"));
}

TEST(ShelfView, ACardStaysWhileTheProductIsOutAndLeavesAfterItsReturnOrTake)
{
    ProductCatalog catalog(12);
    addProduct(catalog, "apples", "12.80", "kg");
    ShelfView::Settings settings;
    settings.language = QStringLiteral("en");
    settings.shelfSkus = {QStringLiteral("apples")};
    settings.returnHoldMs = 4000;
    settings.thanksMs = 2500;
    ManualClock clock;
    ShelfView view(catalog, settings, nullptr, clock);
    PickupDecision decision;
    decision.sku = QStringLiteral("apples");
    view.onDecision(decision);
    clock.advance(600'000); // held ten minutes: still the card
    EXPECT_EQ(view.screen(), ShelfView::Screen::Card);
    decision.type = PickupDecision::Type::Return;
    view.onDecision(decision);
    clock.advance(3999);
    EXPECT_EQ(view.screen(), ShelfView::Screen::Card);
    clock.advance(1);
    EXPECT_EQ(view.screen(), ShelfView::Screen::Attract);
    // Lifted again, and lifted once more before the card left: the card stays.
    decision.type = PickupDecision::Type::Lift;
    view.onDecision(decision);
    decision.type = PickupDecision::Type::Return;
    view.onDecision(decision);
    clock.advance(3000);
    decision.type = PickupDecision::Type::Lift;
    view.onDecision(decision);
    clock.advance(60'000);
    EXPECT_EQ(view.screen(), ShelfView::Screen::Card);
    decision.type = PickupDecision::Type::Take;
    view.onDecision(decision);
    EXPECT_EQ(view.screen(), ShelfView::Screen::Thanks);
    clock.advance(2499);
    EXPECT_EQ(view.screen(), ShelfView::Screen::Thanks);
    clock.advance(1);
    EXPECT_EQ(view.screen(), ShelfView::Screen::Attract);
    // The operator changed the language while a card was up: the card kept its own, the attract
    // loop after it speaks the new one.
    decision.type = PickupDecision::Type::Lift;
    view.onDecision(decision);
    settings.language = QStringLiteral("zh-CN");
    view.setSettings(settings);
    EXPECT_EQ(view.language(), QStringLiteral("en"));
    decision.type = PickupDecision::Type::Return;
    view.onDecision(decision);
    clock.advance(4000);
    EXPECT_EQ(view.screen(), ShelfView::Screen::Attract);
    EXPECT_EQ(view.language(), QStringLiteral("zh-CN"));
}

TEST(ShelfView, APriceThatGrowsTooOldIsWithdrawnFromTheCardWithoutAnyMessage)
{
    ManualClock clock;
    const QDateTime startedAt = QDateTime::currentDateTimeUtc();
    const qint64 startedMicros = clock.nowMicros();
    ProductCatalog catalog(12);
    catalog.setClock([&] { return startedAt.addMSecs((clock.nowMicros() - startedMicros) / 1000); },
                     [&] { return clock.nowMicros() / 1000; });
    addProduct(catalog, "apples", "12.80", "kg");
    catalog.setHealth(FeedHealth::Stale, startedAt); // the feed went quiet
    ShelfView::Settings settings;
    settings.shelfSkus = {QStringLiteral("apples")};
    settings.priceAgeCheckMs = 60'000;
    ShelfView view(catalog, settings, nullptr, clock);
    PickupDecision lift;
    lift.sku = QStringLiteral("apples");
    view.onDecision(lift);
    clock.advance(12 * 3600'000 - 60'000);
    EXPECT_TRUE(view.card()->priceAvailable());
    clock.advance(2 * 60'000); // past twelve hours, and a check since
    EXPECT_FALSE(view.card()->priceAvailable());
    EXPECT_EQ(view.card()->priceText(), QStringLiteral("Price being updated"));
}
