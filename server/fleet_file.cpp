#include "fleet_file.h"

#include "store_server.h"

#include <QSaveFile>

namespace shelf {

FleetFile::FleetFile(const StoreServer &server, QString path, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_path(std::move(path))
{
    connect(&m_timer, &QTimer::timeout, this, &FleetFile::check);
}

QString FleetFile::start(int checkMs, int refreshMs)
{
    m_refreshMs = refreshMs;
    m_timer.start(checkMs);
    return write();
}

void FleetFile::check()
{
    if (m_written && m_server.fleetRevision() == m_revision
        && !m_sinceWrite.hasExpired(m_refreshMs))
        return;
    write();
}

QString FleetFile::write()
{
    const quint64 revision = m_server.fleetRevision();
    const QByteArray json = m_server.fleetJson();
    QSaveFile file(m_path);
    QString error;
    if (!file.open(QIODevice::WriteOnly))
        error = QStringLiteral("%1: cannot write the fleet: %2").arg(m_path, file.errorString());
    else if (file.write(json) != json.size() || !file.commit())
        error = QStringLiteral("%1: cannot write the fleet: %2").arg(m_path, file.errorString());
    m_written = error.isEmpty();
    if (!m_written) {
        if (error != m_lastError)
            Q_EMIT problem(error + QStringLiteral("; the last good file stays, retrying"));
        m_lastError = error;
        return error;
    }
    if (!m_lastError.isEmpty())
        Q_EMIT recovered(m_path);
    m_lastError.clear();
    m_revision = revision;
    m_sinceWrite.start();
    ++m_writes;
    return {};
}

} // namespace shelf
