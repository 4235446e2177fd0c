#include "toml_reading.h"

#include <algorithm>
#include <string>
#include <vector>

namespace shelf::toml_reading {

Place placeOf(const toml::node &node)
{
    const toml::source_position begin = node.source().begin;
    return begin ? Place{int(begin.line), int(begin.column)} : Place{};
}

Place placeOf(const toml::key &key)
{
    const toml::source_position begin = key.source().begin;
    return begin ? Place{int(begin.line), int(begin.column)} : Place{};
}

Problems::Problems(QString path)
    : m_path(std::move(path))
{ }

void Problems::add(Place place, const QString &message)
{
    m_found.append({place, message});
}

QStringList Problems::messages() const
{
    QList<std::pair<Place, QString>> found = m_found;
    std::stable_sort(found.begin(), found.end(), [](const auto &a, const auto &b) {
        return std::pair(a.first.line, a.first.column) < std::pair(b.first.line, b.first.column);
    });
    QStringList messages;
    for (const auto &[place, message] : std::as_const(found))
        messages.append(formatPlace(m_path, place) + QStringLiteral(": ") + message);
    return messages;
}

QString formatPlace(const QString &path, Place place)
{
    return QStringLiteral("%1:%2:%3").arg(path).arg(place.line).arg(place.column);
}

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

std::optional<QString> readString(const toml::table &table, const char *key, const QString &where,
                                  Problems &problems)
{
    const toml::node *node = table.get(key);
    if (!node)
        return std::nullopt;
    if (!node->is_string()) {
        problems.add(*node,
                     QStringLiteral("%1.%2 must be a string").arg(where, QLatin1String(key)));
        return std::nullopt;
    }
    return toQString(node->as_string()->get());
}

QString requireString(const toml::table &table, const char *key, const QString &where,
                      Problems &problems)
{
    if (!table.get(key))
        problems.add(table, QStringLiteral("%1.%2 is missing").arg(where, QLatin1String(key)));
    return readString(table, key, where, problems).value_or(QString());
}

double readNumber(const toml::table &table, const char *key, const QString &where, double fallback,
                  double min, double max, Problems &problems)
{
    const toml::node *node = table.get(key);
    if (!node)
        return fallback;
    const std::optional<double> value = node->value<double>();
    if (!value || !(node->is_integer() || node->is_floating_point())) {
        problems.add(*node,
                     QStringLiteral("%1.%2 must be a number").arg(where, QLatin1String(key)));
        return fallback;
    }
    // Written so that nan (valid TOML) fails too.
    if (!(*value >= min && *value <= max)) {
        problems.add(*node,
                     QStringLiteral("%1.%2 must be between %3 and %4")
                         .arg(where, QLatin1String(key))
                         .arg(min)
                         .arg(max));
        return fallback;
    }
    return *value;
}

const toml::table *readTable(const toml::table &root, const char *key, Problems &problems)
{
    const toml::node *node = root.get(key);
    if (!node)
        return nullptr;
    if (!node->is_table()) {
        problems.add(*node, QStringLiteral("[%1] must be a table").arg(QLatin1String(key)));
        return nullptr;
    }
    return node->as_table();
}

namespace {

// Edits (insert, delete, change, swap two neighbours) from a to b, case aside.
int editDistance(const QString &a, const QString &b)
{
    const QString x = a.toLower();
    const QString y = b.toLower();
    const qsizetype n = x.size();
    const qsizetype m = y.size();
    std::vector<std::vector<int>> d(std::size_t(n + 1), std::vector<int>(std::size_t(m + 1)));
    for (qsizetype i = 0; i <= n; ++i)
        d[i][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][j] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const int change = x[i - 1] == y[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + change});
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

} // namespace

QString closestName(const QString &name, const QStringList &candidates)
{
    // Keys are short; a name of thousands of characters is no misspelling of one.
    constexpr qsizetype longestName = 64;
    if (name.size() > longestName)
        return {};
    const int limit = std::max(1, int(name.size()) / 3);
    QString best;
    int bestDistance = limit + 1;
    for (const QString &candidate : candidates) {
        if (candidate.size() > longestName)
            continue;
        const int distance = editDistance(name, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

void checkKeys(const toml::table &table, const QStringList &known, const QString &in,
               Problems &problems)
{
    for (const auto &[key, value] : table) {
        const QString name = toQString(key.str());
        if (known.contains(name))
            continue;
        QString message = QStringLiteral("unknown key %1").arg(name);
        if (!in.isEmpty())
            message += QStringLiteral(" in ") + in;
        if (const QString close = closestName(name, known); !close.isEmpty())
            message += QStringLiteral(" (did you mean %1?)").arg(close);
        else
            message += QStringLiteral(" (known keys: %1)").arg(known.join(QStringLiteral(", ")));
        problems.add(placeOf(key), message);
    }
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
    Place place{0, 0}; // line 0: none
    const char *what = nullptr;
};

Unreadable findUnreadable(std::string_view text)
{
    const auto at = [&text](std::size_t i) {
        return i < text.size() ? text[i] : '\0';
    };
    int line = 1;
    std::size_t lineStart = 0;
    const auto here = [&line, &lineStart](std::size_t i) {
        return Place{line, int(i - lineStart) + 1};
    };
    std::string open; // the [ and { of values not yet closed
    bool statementStart = true;
    char previous = '\0'; // the last character outside white space, comments and strings
    std::size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0; // a UTF-8 byte order mark
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            lineStart = i + 1;
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
                return {here(i), "a quoted text starts a key or a value, e.g. name = \"Tea\""};
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
                    lineStart = i + 1;
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
                        return {here(i),
                                "a backslash in quotes starts \\b \\t \\n \\f \\r \\\" \\\\ "
                                "\\uXXXX or \\UXXXXXXXX, or ends a line in \"\"\" text"};
                    // After a backslash that ends a line, toml++ 3.3 skips white space with
                    // the same test, up to the next text: it must be ASCII.
                    for (std::size_t k = i + 1; lineEnd && k < text.size(); ++k) {
                        const char next = text[k];
                        if (static_cast<unsigned char>(next) >= 0x80)
                            return {here(i),
                                    "after a backslash that ends a line in \"\"\" text, "
                                    "the text goes on with ASCII"};
                        if (next != ' ' && next != '\t' && next != '\r' && next != '\n')
                            break;
                    }
                    if (escaped == '\n') {
                        ++line;
                        lineStart = i + 2;
                    }
                }
                i += c == '"' && text[i] == '\\' ? 2 : 1;
            }
            statementStart = false;
            previous = c;
        } else if (static_cast<unsigned char>(c) >= 0x80) {
            return {here(i), "only text in quotes or comments may be other than ASCII"};
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
                return {here(i), "a table header starts with its name, e.g. [feed] or [[slot]]"};
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
                        return {here(i), "text other than ASCII must be in quotes"};
                }
            }
            const bool tokenStart = i == 0 || !isBareKeyCharacter(text[i - 1]);
            // toml++ 3.3 reads a bare value's characters up to the next space, comma, bracket or
            // comment, leaving out '_', and takes ten of them with a '-' fifth and eighth, then a
            // T, or a space and a digit, for a date and a time by that shape alone. It asserts
            // when the "date" is other than digits ("1979-05-2x 4", "19_79-05-27 4").
            std::string shape; // the first eleven characters of the value, without '_'
            std::size_t end = i; // just past them
            std::size_t tenEnd = 0; // just past the tenth
            while (tokenStart && digit(i) && end < text.size() && shape.size() < 11
                   && std::string_view(" \t\r\n,]}#").find(text[end]) == std::string_view::npos) {
                if (text[end] != '_')
                    shape.push_back(text[end]);
                ++end;
                if (shape.size() == 10 && tenEnd == 0)
                    tenEnd = end;
            }
            const bool dateShaped = shape.size() >= 10 && shape[4] == '-' && shape[7] == '-';
            const bool dateThenTime = dateShaped
                && (shape.size() == 11 ? shape[10] == 'T' || shape[10] == 't'
                                       : at(end) == ' ' && digit(end + 1));
            bool dateDigits = tenEnd == i + 10; // no '_' among the ten
            for (std::size_t k = 0; dateShaped && k < 10; ++k)
                dateDigits
                    = dateDigits && (k == 4 || k == 7 || (shape[k] >= '0' && shape[k] <= '9'));
            if (dateThenTime && !dateDigits)
                return {here(i), "a date is YYYY-MM-DD, e.g. 1979-05-27"};
            if (tokenStart && digit(i) && digit(i + 1)) {
                std::size_t time = std::string_view::npos;
                if (dateThenTime)
                    time = i + 11;
                else if (at(i + 2) == ':')
                    time = i;
                if (time != std::string_view::npos
                    && !(digit(time) && digit(time + 1) && at(time + 2) == ':' && digit(time + 3)
                         && digit(time + 4)))
                    return {here(i), "a time is HH:MM[:SS], e.g. 1979-05-27T07:32:00 or 07:32"};
            }
            if (c == '[' || c == '{') {
                open.push_back(c);
            } else if (c == '}') {
                if (open.empty() || open.back() != '{')
                    return {here(i), "'}' closes no inline table"};
                open.pop_back();
            } else if (c == ']' && !open.empty()) {
                if (open.back() != '[')
                    return {here(i), "']' closes no array"};
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
    if (const Unreadable unreadable = findUnreadable(view); unreadable.place.line > 0)
        throw ConfigError{unreadable.place, QString::fromLatin1(unreadable.what)};
    return toml::parse(view, path.toStdString());
}

std::optional<toml::table> parseDocument(const QByteArray &text, Problems &problems)
{
    try {
        return parseText(text, problems.path());
    } catch (const toml::parse_error &error) {
        const toml::source_position begin = error.source().begin;
        problems.add(begin ? Place{int(begin.line), int(begin.column)} : Place{},
                     toQString(error.description()));
    } catch (const ConfigError &error) {
        problems.add(error.place, error.message);
    }
    return std::nullopt;
}

} // namespace shelf::toml_reading
