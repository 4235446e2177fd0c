#include "toml_reading.h"

namespace shelf::toml_reading {

int lineOf(const toml::node &node)
{
    return int(node.source().begin.line);
}

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString requireString(const toml::table &table, const char *key, const QString &where)
{
    const toml::node *node = table.get(key);
    if (!node)
        throw ConfigError{lineOf(table),
                          QStringLiteral("%1.%2 is missing").arg(where, QLatin1String(key))};
    if (!node->is_string())
        throw ConfigError{lineOf(*node),
                          QStringLiteral("%1.%2 must be a string").arg(where, QLatin1String(key))};
    return toQString(node->as_string()->get());
}

QString optionalString(const toml::table &table, const char *key, const QString &where,
                       QString fallback)
{
    if (!table.get(key))
        return fallback;
    return requireString(table, key, where);
}

double optionalNumber(const toml::table &table, const char *key, const QString &where,
                      double fallback, double min, double max)
{
    const toml::node *node = table.get(key);
    if (!node)
        return fallback;
    std::optional<double> value = node->value<double>();
    if (!value || !(node->is_integer() || node->is_floating_point()))
        throw ConfigError{lineOf(*node),
                          QStringLiteral("%1.%2 must be a number").arg(where, QLatin1String(key))};
    // Written so that nan (valid TOML) fails too.
    if (!(*value >= min && *value <= max))
        throw ConfigError{lineOf(*node),
                          QStringLiteral("%1.%2 must be between %3 and %4")
                              .arg(where, QLatin1String(key))
                              .arg(min)
                              .arg(max)};
    return *value;
}

const toml::table *optionalTable(const toml::table &root, const char *key)
{
    const toml::node *node = root.get(key);
    if (!node)
        return nullptr;
    if (!node->is_table())
        throw ConfigError{lineOf(*node),
                          QStringLiteral("[%1] must be a table").arg(QLatin1String(key))};
    return node->as_table();
}

} // namespace shelf::toml_reading
