#include "money.h"

namespace shelf {

std::optional<Money> Money::parse(QStringView amount, const QString &currency)
{
    qint64 whole = 0;
    qint64 fraction = 0;
    int wholeDigits = 0;
    int fractionDigits = 0;
    bool inFraction = false;
    for (QChar c : amount) {
        if (c == u'.') {
            if (inFraction || wholeDigits == 0)
                return std::nullopt;
            inFraction = true;
            continue;
        }
        if (c < u'0' || c > u'9')
            return std::nullopt;
        const int digit = c.unicode() - u'0';
        if (inFraction) {
            if (++fractionDigits > 4)
                return std::nullopt;
            fraction = fraction * 10 + digit;
        } else {
            if (++wholeDigits > 9)
                return std::nullopt;
            whole = whole * 10 + digit;
        }
    }
    if (wholeDigits == 0 || (inFraction && fractionDigits == 0))
        return std::nullopt;
    for (int i = fractionDigits; i < 4; ++i)
        fraction *= 10;
    return Money(whole * unitsPerWhole + fraction, currency);
}

QString Money::toDecimalString() const
{
    const qint64 whole = m_units / unitsPerWhole;
    QString fraction = QString::number(m_units % unitsPerWhole).rightJustified(4, u'0');
    while (fraction.size() > 2 && fraction.endsWith(u'0'))
        fraction.chop(1);
    return QString::number(whole) + u'.' + fraction;
}

QString Money::format(const QString &language) const
{
    const qint64 cents = (m_units + 50) / 100; // half up; amounts are never negative
    const QString number = QString::number(cents / 100) + u'.'
        + QString::number(cents % 100).rightJustified(2, u'0');
    return currencySymbol(m_currency, language) + number;
}

Money Money::scaled(qint64 numerator, qint64 denominator) const
{
    return Money((m_units * numerator + denominator / 2) / denominator, m_currency);
}

QString currencySymbol(const QString &currency, const QString &language)
{
    if (currency == u"CNY")
        return QStringLiteral("¥");
    if (currency == u"USD")
        return language.startsWith(u"zh") ? QStringLiteral("US$") : QStringLiteral("$");
    if (currency == u"EUR")
        return QStringLiteral("€");
    if (currency == u"HKD")
        return QStringLiteral("HK$");
    if (currency == u"JPY")
        return language.startsWith(u"zh") ? QStringLiteral("JP¥") : QStringLiteral("¥");
    return currency + u' ';
}

} // namespace shelf
