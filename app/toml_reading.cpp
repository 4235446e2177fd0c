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

namespace {

bool isBareKeyCharacter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
        || c == '-';
}

// The line of the first table header that does not start with a key, or 0. Strings, comments
// and arrays are skipped, so that a '[' at the start of a line inside a value is not a header.
int brokenTableHeaderLine(std::string_view text)
{
    const auto at = [&text](std::size_t i) {
        return i < text.size() ? text[i] : '\0';
    };
    int line = 1;
    int depth = 0; // open [ and { of values
    bool statementStart = true;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            statementStart = depth == 0;
            ++i;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
        } else if (c == '#') {
            while (i < text.size() && text[i] != '\n')
                ++i;
        } else if (c == '"' || c == '\'') {
            const std::size_t quotes = at(i + 1) == c && at(i + 2) == c ? 3 : 1;
            i += quotes;
            while (i < text.size()) {
                if (text.compare(i, quotes, std::string(quotes, c)) == 0) {
                    i += quotes;
                    break;
                }
                if (text[i] == '\n') {
                    if (quotes == 1)
                        break; // unterminated: toml++ reports it
                    ++line;
                }
                if (c == '"' && text[i] == '\\' && at(i + 1) == '\n')
                    ++line;
                i += c == '"' && text[i] == '\\' ? 2 : 1;
            }
            statementStart = false;
        } else if (c == '[' && statementStart) {
            std::size_t next = i + 1;
            const auto skipSpace = [&] {
                const std::size_t from = next;
                while (at(next) == ' ' || at(next) == '\t')
                    ++next;
                return next > from;
            };
            const bool spaced = skipSpace();
            if (at(next) == '[' && !spaced) {
                ++next;
                skipSpace();
            }
            const char first = at(next);
            // toml++ reports a space before a second '[', a blank key and the end of the text.
            if (!(isBareKeyCharacter(first) || first == '"' || first == '\'' || first == ']'
                  || (first == '[' && spaced) || next >= text.size()))
                return line;
            i = next;
            statementStart = false;
        } else {
            if (c == '[' || c == '{')
                ++depth;
            else if ((c == ']' || c == '}') && depth > 0)
                --depth;
            statementStart = false;
            ++i;
        }
    }
    return 0;
}

} // namespace

toml::table parseText(const QByteArray &text, const QString &path)
{
    const std::string_view view(text.constData(), std::size_t(text.size()));
    if (const int line = brokenTableHeaderLine(view))
        throw ConfigError{line,
                          QStringLiteral("a table header starts with its name, e.g. [feed] or "
                                         "[[slot]]")};
    return toml::parse(view, path.toStdString());
}

} // namespace shelf::toml_reading
