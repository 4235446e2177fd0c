#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <toml++/toml.h>

#include <optional>
#include <string_view>
#include <utility>

// Reading the operator's TOML files (shelf config, attract content, theme) so that every file
// reports its mistakes the same way, all of them at once: "FILE:LINE:COLUMN: what is wrong".
namespace shelf::toml_reading {

// A place in a file, line and column counted from 1.
struct Place
{
    int line = 1;
    int column = 1;
};
Place placeOf(const toml::node &node);
Place placeOf(const toml::key &key);

// Thrown by parseText; the caller adds the file's path.
struct ConfigError
{
    Place place;
    QString message;
};

// Every mistake found in one file. Readers add to it and go on with a fallback, so that one
// reading finds them all.
class Problems
{
public:
    explicit Problems(QString path);

    void add(Place place, const QString &message);
    void add(const toml::node &at, const QString &message) { add(placeOf(at), message); }
    bool isEmpty() const { return m_found.isEmpty(); }
    qsizetype size() const { return m_found.size(); }
    const QString &path() const { return m_path; }
    // "FILE:LINE:COLUMN: message", in the file's order (a toml::table iterates by key name).
    QStringList messages() const;

private:
    QString m_path;
    QList<std::pair<Place, QString>> m_found;
};

// "FILE:LINE:COLUMN".
QString formatPlace(const QString &path, Place place);
QString toQString(std::string_view text);

// where: how a message names the table, e.g. "slot A2" or "feed" ("feed.updates must be ...").
// A value of the wrong type or out of bounds is a problem, and the reader returns its fallback.
// An absent key: nullopt, no problem.
std::optional<QString> readString(const toml::table &table, const char *key, const QString &where,
                                  Problems &problems);
// An absent key is a problem too; empty then.
QString requireString(const toml::table &table, const char *key, const QString &where,
                      Problems &problems);
double readNumber(const toml::table &table, const char *key, const QString &where, double fallback,
                  double min, double max, Problems &problems);
// nullptr when absent, or (a problem) when not a table.
const toml::table *readTable(const toml::table &root, const char *key, Problems &problems);

// The candidate most like name (a misspelling or another case: at most a third of name's length
// in edits, at least one), or empty when none is close.
QString closestName(const QString &name, const QStringList &candidates);
// Each key of table not in known is a problem: "unknown key scale_chanel in [[slot]] A2 (did you
// mean scale_channel?)", or with the keys it takes when none is close. in: how the message
// names the table, e.g. "[[slot]] A2"; empty for a file's top level.
void checkKeys(const toml::table &table, const QStringList &known, const QString &in,
               Problems &problems);

// toml::parse for an operator's file. What toml++ 3.3 (Debian 12) cannot take without an
// assertion or undefined behaviour (a table header without a name, as "[&"; a character other
// than ASCII outside quotes and comments; a '}' or ']' that closes nothing of its kind) is a
// ConfigError with its place; other mistakes are toml::parse_error, as from toml::parse.
toml::table parseText(const QByteArray &text, const QString &path);
// parseText with its failure added to problems (a syntax error stops the reading: nullopt).
std::optional<toml::table> parseDocument(const QByteArray &text, Problems &problems);

} // namespace shelf::toml_reading
