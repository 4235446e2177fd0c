#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace shelf {

// An amount of money as whole ten-thousandths of the currency unit plus the ISO 4217 code.
// The feed sends prices as decimal strings with up to four decimals; keeping them as integers
// means no price is ever rounded on its way to the screen.
class Money
{
public:
    static constexpr qint64 unitsPerWhole = 10000;

    Money() = default;
    Money(qint64 units, QString currency)
        : m_units(units)
        , m_currency(std::move(currency))
    { }

    // Parses "12.80" (the protocol's ^[0-9]{1,9}(\.[0-9]{1,4})?$); nullopt for anything else.
    static std::optional<Money> parse(QStringView amount, const QString &currency);

    qint64 units() const { return m_units; }
    const QString &currency() const { return m_currency; }
    bool isValid() const { return !m_currency.isEmpty(); }

    // Plain decimal with at least two decimals and no trailing zeros beyond them: "12.80", "0.125".
    QString toDecimalString() const;
    // For the shopper: currency symbol and two decimals (rounded half up), e.g. "¥12.80".
    QString format(const QString &language) const;

    // Price scaled by numerator/denominator, rounded half up (unit prices: per kg from per 100 g).
    Money scaled(qint64 numerator, qint64 denominator) const;

    friend bool operator==(const Money &a, const Money &b)
    {
        return a.m_units == b.m_units && a.m_currency == b.m_currency;
    }
    friend bool operator!=(const Money &a, const Money &b) { return !(a == b); }

private:
    qint64 m_units = 0;
    QString m_currency;
};

QString currencySymbol(const QString &currency, const QString &language);

} // namespace shelf
