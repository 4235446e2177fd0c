#include <feed_protocol.h>
#include <product_record.h>

#include <gtest/gtest.h>

using namespace shelf;

namespace {

const QByteArray fujiApples = R"({
  "sku": "6901234567892",
  "name": {"en": "Fuji Apples", "zh-CN": "富士苹果"},
  "price": {"amount": "12.80", "currency": "CNY", "unit": "kg", "regular": "15.80",
            "promo_until": "2026-12-01T00:00:00+08:00"},
  "origin": {"country": "CN", "region": {"en": "Yantai, Shandong", "zh-CN": "山东烟台"},
             "producer": "Qixia Orchard Co-op", "harvested": "2026-11-02"},
  "reviews": {"rating": 4.6, "count": 1284,
              "highlights": [{"rating": 5, "text": {"zh-CN": "又脆又甜", "en": "Crisp and sweet"}, "author": "Li"}]},
  "image": "images/fuji-apples.jpg",
  "barcodes": ["6901234567892"],
  "unit_weight_g": 250,
  "tags": ["organic"],
  "future_field": {"ignored": true}
})";

QByteArray withReplaced(const char *from, const char *to)
{
    QByteArray body = fujiApples;
    body.replace(from, to);
    return body;
}

} // namespace

TEST(ProductRecord, ParsesTheProtocolsExampleRecord)
{
    const auto result = parseProductRecord(fujiApples, QStringLiteral("6901234567892"));
    ASSERT_TRUE(result.record) << result.error.toStdString();
    const ProductRecord &r = *result.record;
    EXPECT_EQ(r.name.pick(QStringLiteral("zh-CN")), QStringLiteral("富士苹果"));
    EXPECT_EQ(r.price.format(QStringLiteral("en")), QStringLiteral("¥12.80"));
    EXPECT_TRUE(r.isPromotion());
    EXPECT_EQ(r.unit, QStringLiteral("kg"));
    EXPECT_EQ(r.country, QStringLiteral("CN"));
    EXPECT_EQ(r.reviewCount, 1284);
    ASSERT_EQ(r.highlights.size(), 1);
    EXPECT_EQ(r.highlights[0].text.pick(QStringLiteral("en")), QStringLiteral("Crisp and sweet"));
    EXPECT_EQ(r.unitWeightGrams, 250);
    EXPECT_EQ(r.harvested, QDate(2026, 11, 2));
}

TEST(ProductRecord, LocalizedTextFallsBackToEnglishThenTheFirstEntry)
{
    LocalizedText text;
    text.add(QStringLiteral("ja"), QStringLiteral("りんご"));
    text.add(QStringLiteral("en"), QStringLiteral("Apples"));
    EXPECT_EQ(text.pick(QStringLiteral("zh-CN")), QStringLiteral("Apples"));
    LocalizedText onlyJapanese;
    onlyJapanese.add(QStringLiteral("ja"), QStringLiteral("りんご"));
    EXPECT_EQ(onlyJapanese.pick(QStringLiteral("zh-CN")), QStringLiteral("りんご"));
    EXPECT_EQ(LocalizedText(QStringLiteral("Plain")).pick(QStringLiteral("zh-CN")),
              QStringLiteral("Plain"));
}

TEST(ProductRecord, RejectsBrokenRecordsWithAReason)
{
    struct Case
    {
        QByteArray body;
        const char *reasonPart;
    };
    const Case cases[] = {
        {withReplaced(R"("amount": "12.80")", R"("amount": 12.80)"), "price.amount"},
        {withReplaced(R"("amount": "12.80")", R"("amount": "12.805555")"), "price.amount"},
        {withReplaced(R"("currency": "CNY")", R"("currency": "yuan")"), "currency"},
        {withReplaced(R"("country": "CN")", R"("country": "China")"), "country"},
        {withReplaced(R"("rating": 4.6)", R"("rating": 7)"), "rating"},
        {withReplaced(R"("count": 1284)", R"("count": 3.9e22)"), "reviews.count"},
        {withReplaced(R"("count": 1284)", R"("count": -1)"), "reviews.count"},
        {withReplaced(R"("unit": "kg")", R"("unit": "bushel")"), "unit"},
        {withReplaced(R"("name": {"en": "Fuji Apples", "zh-CN": "富士苹果"},)", ""), "name"},
        {withReplaced(R"("sku": "6901234567892",)", ""), "sku"},
        {QByteArray("{\"sku\": "), "JSON"},
        {QByteArray("[1, 2]"), "object"},
    };
    for (const Case &c : cases) {
        const auto result = parseProductRecord(c.body, QStringLiteral("6901234567892"));
        EXPECT_FALSE(result.record) << c.reasonPart;
        EXPECT_TRUE(result.error.contains(QLatin1String(c.reasonPart)))
            << result.error.toStdString();
    }
}

TEST(ProductRecord, RejectsARecordForAnotherSku)
{
    const auto result = parseProductRecord(fujiApples, QStringLiteral("1111111111111"));
    EXPECT_FALSE(result.record);
    EXPECT_TRUE(result.error.contains(QLatin1String("does not match")));
}

TEST(ProductRecord, RejectsBodiesOver64KiB)
{
    QByteArray body = fujiApples;
    body.replace("\"Qixia Orchard Co-op\"", "\"" + QByteArray(70 * 1024, 'x') + "\"");
    const auto result = parseProductRecord(body, QStringLiteral("6901234567892"));
    EXPECT_FALSE(result.record);
    EXPECT_TRUE(result.error.contains(QLatin1String("64 KiB")));
}

TEST(FeedProtocol, ChecksSkusEpochsAndVersions)
{
    EXPECT_TRUE(feed::isValidSku("6901234567892"));
    EXPECT_TRUE(feed::isValidSku("A-b_c.9"));
    EXPECT_FALSE(feed::isValidSku(""));
    EXPECT_FALSE(feed::isValidSku("has space"));
    EXPECT_FALSE(feed::isValidSku("slash/sku"));
    EXPECT_FALSE(feed::isValidSku(QByteArray(65, 'a')));
    EXPECT_TRUE(feed::isValidEpoch("2026-11-24 run 3"));
    EXPECT_FALSE(feed::isValidEpoch("tab\there"));
    EXPECT_EQ(feed::parseVersion("18446744073709551615"),
              std::optional<quint64>(18446744073709551615ULL));
    EXPECT_FALSE(feed::parseVersion("18446744073709551616"));
    EXPECT_FALSE(feed::parseVersion("-1"));
    EXPECT_FALSE(feed::parseVersion("1.0"));
    EXPECT_FALSE(feed::parseVersion(""));
}

TEST(ProductRecord, UnitPricesComeFromTheDecimalPrice)
{
    auto withUnit = [](const char *unit, const char *amount, int weight = 0) {
        ProductRecord record;
        record.unit = QString::fromLatin1(unit);
        record.price = *Money::parse(QString::fromLatin1(amount), QStringLiteral("CNY"));
        if (weight)
            record.unitWeightGrams = weight;
        return unitPriceOf(record);
    };
    EXPECT_EQ(withUnit("100g", "16.80")->amount.format(QStringLiteral("en")),
              QStringLiteral("¥168.00"));
    EXPECT_EQ(withUnit("100g", "16.80")->per, QStringLiteral("kg"));
    EXPECT_EQ(withUnit("100ml", "13.96")->amount.format(QStringLiteral("en")),
              QStringLiteral("¥139.60"));
    EXPECT_EQ(withUnit("100ml", "13.96")->per, QStringLiteral("l"));
    EXPECT_EQ(withUnit("kg", "12.80")->amount.format(QStringLiteral("en")),
              QStringLiteral("¥12.80"));
    // A 250 g pack at 12.90 is 51.60 per kg; a 3 g item rounds half up.
    EXPECT_EQ(withUnit("each", "12.90", 250)->amount.format(QStringLiteral("en")),
              QStringLiteral("¥51.60"));
    EXPECT_EQ(withUnit("each", "0.01", 3)->amount.toDecimalString(), QStringLiteral("3.3333"));
    EXPECT_FALSE(withUnit("each", "12.90"));
}
