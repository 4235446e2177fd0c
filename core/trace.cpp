#include "trace.h"

#include <QJsonDocument>
#include <QLoggingCategory>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

Q_LOGGING_CATEGORY(lcTrace, "shelf.trace")

namespace shelf {

qint64 monotonicMicros()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

QString Trace::open(const QString &path, const TraceOptions &options)
{
    QMutexLocker lock(&m_mutex);
    m_path = path;
    m_options = options;
    m_options.maxBytes = std::max<qint64>(1, m_options.maxBytes);
    m_options.keptFiles = std::clamp(m_options.keptFiles, 0, 100);
    m_file.close();
    m_file.setFileName(path);
    if (m_file.exists() && m_file.size() > 0)
        renameAsideLocked();
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Unbuffered | QIODevice::Truncate))
        return QStringLiteral("%1: cannot write the trace: %2").arg(path, m_file.errorString());
    m_written = 0;
    m_frameLines = options.frameLines;
    m_enabled = true;
    return {};
}

void Trace::write(const char *event, QJsonObject fields)
{
    if (!isOpen())
        return;
    writeAt(monotonicMicros(), event, std::move(fields));
}

void Trace::writeAt(qint64 atMicros, const char *event, QJsonObject fields)
{
    if (!isOpen())
        return;
    fields.insert(QStringLiteral("t_us"), atMicros);
    fields.insert(QStringLiteral("event"), QString::fromLatin1(event));
    const QByteArray line = QJsonDocument(fields).toJson(QJsonDocument::Compact) + '\n';
    QMutexLocker lock(&m_mutex);
    // A file that could not be opened (its folder gone, say) is tried again with each line.
    if (!m_file.isOpen() && !openFileLocked(QIODevice::Append))
        return;
    // Rotated before the line, never through it: every file holds whole lines.
    if (m_written > 0 && m_written + line.size() > m_options.maxBytes) {
        rotateLocked();
        if (!m_file.isOpen())
            return;
    }
    // Unbuffered: each line reaches the file at once, so a crashed or killed run still leaves a
    // readable trace.
    const qint64 written = m_file.write(line);
    if (written == line.size()) {
        m_written += written;
        recoveredLocked(Fault::Write);
        return;
    }
    reportLocked(Fault::Write,
                 QStringLiteral("%1: cannot write the trace: %2; its lines are dropped until it "
                                "can")
                     .arg(m_path, m_file.errorString()));
    // A full disk may have taken part of the line: cut it off, so the next line starts clean.
    if (written > 0)
        m_file.resize(m_written);
}

QString Trace::numbered(int index) const
{
    return m_path + u'.' + QString::number(index);
}

bool Trace::openFileLocked(QIODevice::OpenMode mode)
{
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Unbuffered | mode)) {
        reportLocked(Fault::Open,
                     QStringLiteral("%1: cannot write the trace: %2; its lines are dropped "
                                    "until it can")
                         .arg(m_path, m_file.errorString()));
        return false;
    }
    m_written = m_file.size();
    recoveredLocked(Fault::Open);
    return true;
}

void Trace::rotateLocked()
{
    m_file.close();
    const bool renamed = renameAsideLocked();
    // Truncated even when it could not be renamed: the trace stays bounded.
    if (openFileLocked(QIODevice::Truncate) && renamed)
        recoveredLocked(Fault::Rotate);
}

bool Trace::renameAsideLocked()
{
    // FILE.(kept-1) becomes FILE.kept, ..., FILE becomes FILE.1; rename(2) replaces the oldest.
    // One that cannot be renamed is passed over, so that the newest lines are still kept.
    bool renamed = true;
    for (int index = m_options.keptFiles - 1; index >= 0; --index) {
        const QString from = index == 0 ? m_path : numbered(index);
        const QByteArray source = QFile::encodeName(from);
        const QByteArray target = QFile::encodeName(numbered(index + 1));
        if (std::rename(source.constData(), target.constData()) == 0)
            continue;
        const int error = errno;
        if (error == ENOENT && index > 0) // fewer old files than kept, so far
            continue;
        renamed = false;
        reportLocked(Fault::Rotate,
                     QStringLiteral("%1: cannot rotate the trace (%2 to %3: %4); it goes on "
                                    "with the files it can")
                         .arg(m_path, from, numbered(index + 1),
                              QString::fromLocal8Bit(std::strerror(error))));
    }
    return renamed;
}

void Trace::reportLocked(Fault fault, const QString &problem)
{
    if (m_fault == fault)
        return;
    m_fault = fault;
    qCWarning(lcTrace).noquote() << problem;
}

void Trace::recoveredLocked(Fault fault)
{
    if (m_fault != fault)
        return;
    m_fault = Fault::None;
    qCInfo(lcTrace).noquote() << m_path << ": the trace is written again";
}

} // namespace shelf
