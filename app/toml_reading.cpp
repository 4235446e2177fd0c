#include "toml_reading.h"

#include <string>

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

// What toml++ 3.3 (Debian 12) cannot take: it fails an internal assertion on each, and without
// assertions has undefined behaviour (upstream issue 294 and its like). Each is a mistake in any
// TOML file, found here first by a scan that skips strings and comments.
struct Unreadable
{
    int line = 0; // 0: none
    const char *what = nullptr;
};

Unreadable findUnreadable(std::string_view text)
{
    const auto at = [&text](std::size_t i) {
        return i < text.size() ? text[i] : '\0';
    };
    int line = 1;
    std::string open; // the [ and { of values not yet closed
    bool statementStart = true;
    char previous = '\0'; // the last character outside white space, comments and strings
    std::size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0; // a UTF-8 byte order mark
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            statementStart = open.empty();
            ++i;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
        } else if (c == '#') {
            while (i < text.size() && text[i] != '\n')
                ++i;
        } else if (c == '"' || c == '\'') {
            // A quote inside a bare value ("04\"", "1\\\"") makes toml++ 3.3 read on past it
            // as one value, and its white-space test has undefined behaviour on some non-ASCII
            // text it meets there. A string only ever starts a key or a value.
            if (!statementStart
                && std::string_view("=[{,.").find(previous) == std::string_view::npos)
                return {line, "a quoted text starts a key or a value, e.g. name = \"Tea\""};
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
                if (c == '"' && text[i] == '\\') {
                    // toml++ 3.3 asks its white-space test about the character after a
                    // backslash, which has undefined behaviour on some non-ASCII text.
                    const char escaped = at(i + 1);
                    const bool lineEnd = quotes == 3
                        && (escaped == ' ' || escaped == '\t' || escaped == '\r'
                            || escaped == '\n');
                    if (!lineEnd
                        && std::string_view("btnfr\"\\uU").find(escaped) == std::string_view::npos)
                        return {line,
                                "a backslash in quotes starts \\b \\t \\n \\f \\r \\\" \\\\ "
                                "\\uXXXX or \\UXXXXXXXX, or ends a line in \"\"\" text"};
                    if (escaped == '\n')
                        ++line;
                }
                i += c == '"' && text[i] == '\\' ? 2 : 1;
            }
            statementStart = false;
            previous = c;
        } else if (static_cast<unsigned char>(c) >= 0x80) {
            return {line, "only text in quotes or comments may be other than ASCII"};
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
                return {line, "a table header starts with its name, e.g. [feed] or [[slot]]"};
            i = next;
            statementStart = false;
            previous = '[';
        } else {
            // toml++ 3.3 asserts in its time parser when a date's T (or a time's colon) is not
            // followed by digits: "1979-05-27Tbackground", "07:(".
            const auto digit = [&at](std::size_t k) {
                return at(k) >= '0' && at(k) <= '9';
            };
            // A value that is not quoted, an array or a table is read by toml++ 3.3 up to the
            // next space, comma, bracket or comment, through anything else, into the same
            // undefined behaviour: it must end before any text other than ASCII.
            const bool valueStart = previous == '='
                || (!open.empty() && open.back() == '[' && (previous == '[' || previous == ','));
            if (valueStart && std::string_view("[{]},").find(c) == std::string_view::npos) {
                for (std::size_t k = i; k < text.size(); ++k) {
                    const char v = text[k];
                    if (std::string_view(" \t\r\n,]}#").find(v) != std::string_view::npos)
                        break;
                    if (static_cast<unsigned char>(v) >= 0x80)
                        return {line, "text other than ASCII must be in quotes"};
                }
            }
            const bool tokenStart = i == 0 || !isBareKeyCharacter(text[i - 1]);
            if (tokenStart && digit(i) && digit(i + 1)) {
                std::size_t time = std::string_view::npos;
                if (digit(i + 2) && digit(i + 3) && at(i + 4) == '-' && digit(i + 5) && digit(i + 6)
                    && at(i + 7) == '-' && digit(i + 8) && digit(i + 9)) {
                    const char separator = at(i + 10);
                    if (separator == 'T' || separator == 't' || (separator == ' ' && digit(i + 11)))
                        time = i + 11;
                } else if (at(i + 2) == ':') {
                    time = i;
                }
                if (time != std::string_view::npos
                    && !(digit(time) && digit(time + 1) && at(time + 2) == ':' && digit(time + 3)
                         && digit(time + 4)))
                    return {line, "a time is HH:MM[:SS], e.g. 1979-05-27T07:32:00 or 07:32"};
            }
            if (c == '[' || c == '{') {
                open.push_back(c);
            } else if (c == '}') {
                if (open.empty() || open.back() != '{')
                    return {line, "'}' closes no inline table"};
                open.pop_back();
            } else if (c == ']' && !open.empty()) {
                if (open.back() != '[')
                    return {line, "']' closes no array"};
                open.pop_back();
            }
            statementStart = false;
            previous = c;
            ++i;
        }
    }
    return {};
}

} // namespace

toml::table parseText(const QByteArray &text, const QString &path)
{
    const std::string_view view(text.constData(), std::size_t(text.size()));
    if (const Unreadable unreadable = findUnreadable(view); unreadable.line > 0)
        throw ConfigError{unreadable.line, QString::fromLatin1(unreadable.what)};
    return toml::parse(view, path.toStdString());
}

} // namespace shelf::toml_reading
