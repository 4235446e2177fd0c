#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <map>
#include <vector>

namespace shelf {

// What the store server knows of one display: its last `status` event (contract 1.1) and when
// it was last heard from.
struct DisplayState
{
    QString shelf;
    bool hasStatus = false;
    QString feed, camera, scale, version, screen;
    QJsonObject status; // the last valid status body, as sent
    qint64 lastSeenMs = 0; // server's clock, ms since the Unix epoch
};

// The displays a store server has heard from, keyed by the shelf id of their events. A value
// type without locking: StoreServer guards it.
class Fleet
{
public:
    static constexpr int defaultMaxDisplays = 10000;
    static constexpr qint64 defaultMissingAfterMs = 3 * 60 * 1000;
    // Status bodies are small (about 400 bytes); a bigger one is refused, not kept 10,000 times.
    static constexpr int maxStatusBytes = 16 * 1024;

    explicit Fleet(int maxDisplays = defaultMaxDisplays,
                   qint64 missingAfterMs = defaultMissingAfterMs);

    // A shelf id the fleet keeps: 1 to 128 bytes of UTF-8 without control characters or spaces.
    static bool isValidShelfId(const QByteArray &shelf);

    // Any event from the shelf. False when the shelf is new and the fleet is full (or the id
    // is not valid): it is not tracked.
    bool heard(const QString &shelf, qint64 nowMs);
    // A `status` body; returns why it is refused, or an empty string. The display's previous
    // status stays on a refusal.
    QString recordStatus(const QString &shelf, const QJsonObject &body, int bodyBytes,
                         qint64 nowMs);

    bool isMissing(const DisplayState &display, qint64 nowMs) const;
    std::vector<DisplayState> displays() const; // by shelf id
    int size() const { return int(m_displays.size()); }
    int missingCount(qint64 nowMs) const;
    // Grows with every change of what table() and json() show, apart from ages.
    quint64 revision() const { return m_revision; }
    qint64 missingAfterMs() const { return m_missingAfterMs; }

    // The fleet as aligned columns, a header line first.
    QString table(qint64 nowMs) const;
    QJsonDocument json(qint64 nowMs) const;

private:
    int m_maxDisplays;
    qint64 m_missingAfterMs;
    std::map<QString, DisplayState> m_displays;
    quint64 m_revision = 0;
};

// "4 s", "3 min 20 s", "2 h 5 min", "3 d 4 h": how long ago, for people.
QString formatAge(qint64 ms);

} // namespace shelf
