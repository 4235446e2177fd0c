#include "feed_protocol.h"

#include <limits>

namespace shelf::feed {

bool isValidSku(const QByteArray &sku)
{
    if (sku.isEmpty() || sku.size() > 64)
        return false;
    for (char c : sku) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '.' || c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

bool isValidEpoch(const QByteArray &epoch)
{
    if (epoch.isEmpty() || epoch.size() > 64)
        return false;
    for (char c : epoch) {
        if (c < 0x20 || c > 0x7e)
            return false;
    }
    return true;
}

std::optional<quint64> parseVersion(const QByteArray &text)
{
    if (text.isEmpty() || text.size() > 20)
        return std::nullopt;
    quint64 value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const quint64 digit = quint64(c - '0');
        if (value > (std::numeric_limits<quint64>::max() - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

} // namespace shelf::feed
