#pragma once

#include <QFile>
#include <QJsonObject>
#include <QMutex>
#include <QString>

#include <atomic>

namespace shelf {

// Microseconds on the monotonic clock; the one time base for every trace line.
qint64 monotonicMicros();

struct TraceOptions
{
    static constexpr qint64 defaultMaxBytes = 64LL * 1024 * 1024;
    // frame_captured for every frame: about 1.3 million lines a day from a 15 fps camera.
    bool frameLines = false;
    // A file that reaches this is renamed FILE.1 (FILE.1 to FILE.2, ...) and FILE started anew.
    qint64 maxBytes = defaultMaxBytes;
    int keptFiles = 3; // FILE.1 (newest) to FILE.3; older ones are deleted
};

// JSON lines, one per pipeline event, for latency measurements and tests. Safe to call from
// any thread; a closed trace (no file given) costs one branch. Bounded on disk: rotated by size.
// A file that cannot be renamed, opened or written is logged once (shelf.trace) and the trace
// goes on where it can: it never stops or blocks the display.
class Trace
{
public:
    Trace() = default;
    // Opens the file; a non-empty one left by an earlier run becomes FILE.1, so that a crashed
    // run's trace survives the restart. On failure the returned error names the path.
    QString open(const QString &path, const TraceOptions &options = {});
    bool isOpen() const { return m_enabled.load(std::memory_order_relaxed); }
    // Whether per-frame lines (frame_captured) are wanted; callers skip building them otherwise.
    bool framesWanted() const { return m_frameLines.load(std::memory_order_relaxed); }

    // Writes {"t_us": now, "event": event, ...fields}.
    void write(const char *event, QJsonObject fields = {});
    void writeAt(qint64 atMicros, const char *event, QJsonObject fields);

private:
    enum class Fault { None, Rotate, Open, Write };

    QString numbered(int index) const;
    bool openFileLocked(QIODevice::OpenMode mode);
    void rotateLocked();
    bool renameAsideLocked();
    void reportLocked(Fault fault, const QString &problem);
    void recoveredLocked(Fault fault);

    QMutex m_mutex;
    QFile m_file;
    QString m_path;
    TraceOptions m_options;
    std::atomic<bool> m_enabled{false};
    std::atomic<bool> m_frameLines{false};
    qint64 m_written = 0; // bytes in the current file
    Fault m_fault = Fault::None; // the problem last reported, until it is over
};

} // namespace shelf
