#pragma once

#include <QFile>
#include <QJsonObject>
#include <QMutex>
#include <QString>

namespace shelf {

// Microseconds on the monotonic clock; the one time base for every trace line.
qint64 monotonicMicros();

// JSON lines, one per pipeline event, for latency measurements and tests. Safe to call from
// any thread; a closed trace (no file given) costs one branch.
class Trace
{
public:
    Trace() = default;
    // Opens (truncates) the file; on failure the returned error names the path.
    QString open(const QString &path);
    bool isOpen() const { return m_file.isOpen(); }

    // Writes {"t_us": now, "event": event, ...fields}.
    void write(const char *event, QJsonObject fields = {});
    void writeAt(qint64 atMicros, const char *event, QJsonObject fields);

private:
    QMutex m_mutex;
    QFile m_file;
};

} // namespace shelf
