#include "trace.h"

#include <QJsonDocument>

#include <chrono>

namespace shelf {

qint64 monotonicMicros()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

QString Trace::open(const QString &path)
{
    QMutexLocker lock(&m_mutex);
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return QStringLiteral("%1: cannot write the trace: %2").arg(path, m_file.errorString());
    return {};
}

void Trace::write(const char *event, QJsonObject fields)
{
    if (!m_file.isOpen())
        return;
    writeAt(monotonicMicros(), event, std::move(fields));
}

void Trace::writeAt(qint64 atMicros, const char *event, QJsonObject fields)
{
    if (!m_file.isOpen())
        return;
    fields.insert(QStringLiteral("t_us"), atMicros);
    fields.insert(QStringLiteral("event"), QString::fromLatin1(event));
    const QByteArray line = QJsonDocument(fields).toJson(QJsonDocument::Compact) + '\n';
    QMutexLocker lock(&m_mutex);
    m_file.write(line);
    // Flushed per line so a crashed or killed run still leaves a readable trace.
    m_file.flush();
}

} // namespace shelf
