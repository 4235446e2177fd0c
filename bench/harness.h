#pragma once

// For the harnesses that start the real programs: what /proc tells of a running process, and
// the files they write for it and read from it.

#include <QFile>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QTextStream>

#include <functional>
#include <optional>

namespace shelf::bench {

// The harness's report, on standard output.
QTextStream &out();
// The monotonic clock the display's trace dates its lines on, in microseconds.
qint64 monotonicMicros();

// The environment to start the display in: the offscreen platform unless the caller chose one.
QProcessEnvironment displayEnvironment();

// VmRSS, or nothing once the process is gone.
std::optional<double> residentMib(qint64 pid);
// VmHWM: the most it was resident at any time.
std::optional<double> peakResidentMib(qint64 pid);

// CPU ticks (user + system) of each thread of a process, by thread name (threads of the same
// name are summed).
QMap<QString, qint64> threadTicks(qint64 pid);

// Entries of a /proc folder (fd, task): -1 if it cannot be read.
int countEntries(const QString &folder);

// Resident memory by what it holds, summed over /proc/PID/smaps.
struct MemoryBreakdown
{
    struct Part
    {
        QString what;
        double rssMib = 0;
    };
    QList<Part> parts; // in a fixed order, see harness.cpp
    QList<Part> largestMappings; // the files (or kinds of anonymous memory) resident the most
    double totalMib = 0;
};
std::optional<MemoryBreakdown> memoryBreakdown(qint64 pid);
// The breakdown as an indented table, a part a line.
QString formatBreakdown(const MemoryBreakdown &breakdown);

// A whole file, or empty if it cannot be read.
QByteArray readFile(const QString &path);
bool writeFile(const QString &path, const QByteArray &bytes);

// Reads a JSON-lines file that another process appends to, a whole line at a time.
class LineFollower
{
public:
    explicit LineFollower(QString path)
        : m_file(std::move(path))
    { }

    // Hands each line written since the last call to handle.
    void poll(const std::function<void(const QJsonObject &)> &handle);
    int unreadable() const { return m_unreadable; }

private:
    QFile m_file;
    QByteArray m_partial;
    int m_unreadable = 0;
};

} // namespace shelf::bench
