#pragma once

#include <QString>

#include <toml++/toml.h>

#include <string_view>

// Reading the operator's TOML files (shelf config, attract content) with errors that name the
// line, so every file reports mistakes the same way: "FILE:LINE: what is wrong".
namespace shelf::toml_reading {

// Thrown by the helpers below; the caller adds the file's path.
struct ConfigError
{
    int line;
    QString message;
};

int lineOf(const toml::node &node);
QString toQString(std::string_view text);
// where: how the message names the table, e.g. "slot" or "feed".
QString requireString(const toml::table &table, const char *key, const QString &where);
QString optionalString(const toml::table &table, const char *key, const QString &where,
                       QString fallback);
double optionalNumber(const toml::table &table, const char *key, const QString &where,
                      double fallback, double min, double max);
const toml::table *optionalTable(const toml::table &root, const char *key);

// toml::parse for an operator's file. What toml++ 3.3 (Debian 12) cannot take without an
// assertion or undefined behaviour (a table header without a name, as "[&"; a character other
// than ASCII outside quotes and comments; a '}' or ']' that closes nothing of its kind) is a
// ConfigError with its line; other mistakes are toml::parse_error, as from toml::parse.
toml::table parseText(const QByteArray &text, const QString &path);

// Parses text as TOML and hands the table to read; a syntax error or a ConfigError becomes
// "path:line: message" in error, and read's result is returned otherwise.
template<typename Result, typename Read>
std::optional<Result> parseToml(const QByteArray &text, const QString &path, QString &error,
                                Read read)
{
    try {
        return read(parseText(text, path));
    } catch (const toml::parse_error &e) {
        error = QStringLiteral("%1:%2: %3")
                    .arg(path)
                    .arg(e.source().begin.line)
                    .arg(toQString(e.description()));
    } catch (const ConfigError &e) {
        error = QStringLiteral("%1:%2: %3").arg(path).arg(e.line).arg(e.message);
    }
    return std::nullopt;
}

} // namespace shelf::toml_reading
