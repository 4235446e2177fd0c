#include <money.h>

#include <gtest/gtest.h>

using shelf::Money;

TEST(Money, ParsesTheProtocolsDecimalStrings)
{
    EXPECT_EQ(Money::parse(u"12.80", QStringLiteral("CNY"))->units(), 128000);
    EXPECT_EQ(Money::parse(u"0.0001", QStringLiteral("CNY"))->units(), 1);
    EXPECT_EQ(Money::parse(u"999999999.9999", QStringLiteral("CNY"))->units(), 9999999999999LL);
    EXPECT_EQ(Money::parse(u"7", QStringLiteral("CNY"))->units(), 70000);
}

TEST(Money, RejectsWhatTheProtocolForbids)
{
    for (const char16_t *bad : {u"", u".5", u"5.", u"1.23456", u"-1.00", u"1e3", u"1,00",
                                u"1234567890", u" 1.00", u"1..0", u"NaN"})
        EXPECT_FALSE(Money::parse(bad, QStringLiteral("CNY")))
            << QString::fromUtf16(bad).toStdString();
}

TEST(Money, FormatsForTheShopperWithoutFloatingPointRounding)
{
    EXPECT_EQ(Money::parse(u"12.80", QStringLiteral("CNY"))->format(QStringLiteral("en")),
              QStringLiteral("¥12.80"));
    EXPECT_EQ(Money::parse(u"0.125", QStringLiteral("CNY"))->format(QStringLiteral("zh-CN")),
              QStringLiteral("¥0.13"));
    // 0.1 + 0.2 style amounts stay exact.
    EXPECT_EQ(Money::parse(u"0.3", QStringLiteral("CNY"))->format(QStringLiteral("en")),
              QStringLiteral("¥0.30"));
    EXPECT_EQ(Money::parse(u"1.005", QStringLiteral("USD"))->format(QStringLiteral("en")),
              QStringLiteral("$1.01"));
}

TEST(Money, KeepsItsDecimalStringExact)
{
    EXPECT_EQ(Money::parse(u"12.80", QStringLiteral("CNY"))->toDecimalString(),
              QStringLiteral("12.80"));
    EXPECT_EQ(Money::parse(u"13.9625", QStringLiteral("CNY"))->toDecimalString(),
              QStringLiteral("13.9625"));
    EXPECT_EQ(Money::parse(u"5", QStringLiteral("CNY"))->toDecimalString(), QStringLiteral("5.00"));
}

TEST(Money, ScalesForUnitPricesWithHalfUpRounding)
{
    // 16.80 per 100 g is 168.00 per kg; 13.96 per 100 ml is 139.60 per litre.
    EXPECT_EQ(
        Money::parse(u"16.80", QStringLiteral("CNY"))->scaled(10, 1).format(QStringLiteral("en")),
        QStringLiteral("¥168.00"));
    EXPECT_EQ(
        Money::parse(u"12.80", QStringLiteral("CNY"))->scaled(1, 2).format(QStringLiteral("en")),
        QStringLiteral("¥6.40"));
    EXPECT_EQ(Money::parse(u"0.01", QStringLiteral("CNY"))->scaled(1, 3).units(), 33);
}
