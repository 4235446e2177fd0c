#include "fleet.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>

#include <algorithm>
#include <array>

namespace shelf {

namespace {

// Checks one `state` field; returns why it is refused, or an empty string.
QString readState(const QJsonObject &body, const char *part,
                  std::initializer_list<const char *> allowed, QString *state)
{
    const QJsonValue value = body.value(QLatin1String(part));
    if (!value.isObject())
        return QStringLiteral("\"%1\" is not an object").arg(QLatin1String(part));
    const QJsonValue text = value.toObject().value(u"state");
    QStringList names;
    for (const char *name : allowed) {
        if (text == QLatin1String(name)) {
            *state = text.toString();
            return {};
        }
        names.append(QLatin1String(name));
    }
    return QStringLiteral("%1.state %2 is not one of %3")
        .arg(QLatin1String(part),
             text.isString() ? QStringLiteral("\"%1\"").arg(text.toString().left(40))
                             : QStringLiteral("(missing or not a string)"),
             names.join(QStringLiteral(", ")));
}

// An optional short text field; returns why it is refused, or an empty string.
QString readText(const QJsonObject &body, const char *name, QString *text)
{
    const QJsonValue value = body.value(QLatin1String(name));
    if (value.isUndefined())
        return {};
    if (!value.isString() || value.toString().size() > 64)
        return QStringLiteral("\"%1\" is not a string of at most 64 characters")
            .arg(QLatin1String(name));
    *text = value.toString();
    return {};
}

QString orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("-") : text;
}

} // namespace

Fleet::Fleet(int maxDisplays, qint64 missingAfterMs)
    : m_maxDisplays(maxDisplays)
    , m_missingAfterMs(missingAfterMs)
{ }

bool Fleet::isValidShelfId(const QByteArray &shelf)
{
    if (shelf.isEmpty() || shelf.size() > 128)
        return false;
    const QString text = QString::fromUtf8(shelf);
    if (text.toUtf8() != shelf)
        return false; // not UTF-8
    return std::none_of(text.begin(), text.end(), [](QChar c) {
        return c.isSpace() || c.category() == QChar::Other_Control;
    });
}

bool Fleet::heard(const QString &shelf, qint64 nowMs)
{
    auto it = m_displays.find(shelf);
    if (it == m_displays.end()) {
        if (int(m_displays.size()) >= m_maxDisplays || !isValidShelfId(shelf.toUtf8()))
            return false;
        it = m_displays.emplace(shelf, DisplayState()).first;
        it->second.shelf = shelf;
        ++m_revision;
    } else if (isMissing(it->second, nowMs)) {
        ++m_revision; // back from missing
    }
    it->second.lastSeenMs = std::max(it->second.lastSeenMs, nowMs);
    return true;
}

QString Fleet::recordStatus(const QString &shelf, const QJsonObject &body, int bodyBytes,
                            qint64 nowMs)
{
    if (bodyBytes > maxStatusBytes)
        return QStringLiteral("a status of %1 bytes is over the %2-byte limit")
            .arg(bodyBytes)
            .arg(maxStatusBytes);
    if (body.value(u"type") != QLatin1String("status"))
        return QStringLiteral("not a status event");
    DisplayState read;
    for (const QString &error :
         {readState(body, "feed", {"live", "stale", "connecting"}, &read.feed),
          readState(body, "camera", {"up", "down", "none"}, &read.camera),
          readState(body, "scale", {"up", "down", "none"}, &read.scale),
          readText(body, "version", &read.version), readText(body, "screen", &read.screen)}) {
        if (!error.isEmpty())
            return error;
    }
    if (!heard(shelf, nowMs))
        return QStringLiteral("the shelf id is not valid or the fleet is full (%1 displays)")
            .arg(m_maxDisplays);
    DisplayState &display = m_displays[shelf];
    // A status resent after a newer one (events go again on a new connection) says older news.
    const QDateTime at = QDateTime::fromString(body.value(u"at").toString(), Qt::ISODateWithMs);
    const QDateTime keptAt
        = QDateTime::fromString(display.status.value(u"at").toString(), Qt::ISODateWithMs);
    if (display.hasStatus && at.isValid() && keptAt.isValid() && at < keptAt)
        return {};
    if (!display.hasStatus || display.feed != read.feed || display.camera != read.camera
        || display.scale != read.scale || display.version != read.version
        || display.screen != read.screen)
        ++m_revision;
    display.hasStatus = true;
    display.feed = read.feed;
    display.camera = read.camera;
    display.scale = read.scale;
    display.version = read.version;
    display.screen = read.screen;
    display.status = body;
    return {};
}

bool Fleet::isMissing(const DisplayState &display, qint64 nowMs) const
{
    return nowMs - display.lastSeenMs >= m_missingAfterMs;
}

std::vector<DisplayState> Fleet::displays() const
{
    std::vector<DisplayState> all;
    all.reserve(m_displays.size());
    for (const auto &[shelf, display] : m_displays)
        all.push_back(display);
    return all;
}

int Fleet::missingCount(qint64 nowMs) const
{
    return int(std::count_if(m_displays.begin(), m_displays.end(),
                             [&](const auto &entry) { return isMissing(entry.second, nowMs); }));
}

QString Fleet::table(qint64 nowMs) const
{
    using Row = std::array<QString, 8>;
    std::vector<Row> rows{{QStringLiteral("shelf"), QStringLiteral("feed"),
                           QStringLiteral("camera"), QStringLiteral("scale"),
                           QStringLiteral("version"), QStringLiteral("screen"),
                           QStringLiteral("last seen"), QStringLiteral("state")}};
    for (const auto &[shelf, d] : m_displays)
        rows.push_back({shelf, orDash(d.feed), orDash(d.camera), orDash(d.scale), orDash(d.version),
                        orDash(d.screen), formatAge(nowMs - d.lastSeenMs) + QStringLiteral(" ago"),
                        isMissing(d, nowMs) ? QStringLiteral("missing") : QStringLiteral("ok")});
    std::array<qsizetype, 8> widths{};
    for (const Row &row : rows) {
        for (size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    }
    QString text;
    for (const Row &row : rows) {
        QString line;
        for (size_t i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row[i].leftJustified(widths[i] + 2) : row[i];
        text += line + u'\n';
    }
    text += QStringLiteral("%1 displays, %2 missing (not heard from for %3)\n")
                .arg(m_displays.size())
                .arg(missingCount(nowMs))
                .arg(formatAge(m_missingAfterMs));
    return text;
}

QJsonDocument Fleet::json(qint64 nowMs) const
{
    QJsonArray displays;
    for (const auto &[shelf, d] : m_displays) {
        QJsonObject entry{
            {QStringLiteral("shelf"), shelf},
            {QStringLiteral("state"),
             isMissing(d, nowMs) ? QStringLiteral("missing") : QStringLiteral("ok")},
            {QStringLiteral("last_seen"),
             QDateTime::fromMSecsSinceEpoch(d.lastSeenMs, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("last_seen_age_s"), double((nowMs - d.lastSeenMs) / 1000)},
        };
        if (d.hasStatus) {
            entry.insert(QStringLiteral("feed"), d.feed);
            entry.insert(QStringLiteral("camera"), d.camera);
            entry.insert(QStringLiteral("scale"), d.scale);
            entry.insert(QStringLiteral("version"), d.version);
            entry.insert(QStringLiteral("screen"), d.screen);
            entry.insert(QStringLiteral("status"), d.status);
        }
        displays.append(entry);
    }
    return QJsonDocument(QJsonObject{
        {QStringLiteral("generated"),
         QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("missing_after_s"), double(m_missingAfterMs / 1000)},
        {QStringLiteral("count"), int(m_displays.size())},
        {QStringLiteral("missing"), missingCount(nowMs)},
        {QStringLiteral("displays"), displays},
    });
}

QString formatAge(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms) / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return s % 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60)
                      : QStringLiteral("%1 min").arg(s / 60);
    if (s < 86400)
        return QStringLiteral("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
    return QStringLiteral("%1 d %2 h").arg(s / 86400).arg(s % 86400 / 3600);
}

} // namespace shelf
