#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

namespace shelf {

class StoreServer;

// Keeps a JSON file of the store server's fleet for other tools (shelffeed --fleet-json): written
// whole and renamed into place (QSaveFile) whenever the fleet changes, and at least every
// `refreshMs` so that ages and "missing" stay current. A failed write keeps the old file, is
// reported once and retried at the next check.
class FleetFile : public QObject
{
    Q_OBJECT

public:
    FleetFile(const StoreServer &server, QString path, QObject *parent = nullptr);

    // Writes now, then checks every `checkMs`; returns the first write's error, or empty.
    QString start(int checkMs = 1000, int refreshMs = 30000);
    int writeCount() const { return m_writes; }

Q_SIGNALS:
    void problem(const QString &message);
    void recovered(const QString &path);

private:
    void check();
    QString write();

    const StoreServer &m_server;
    QString m_path;
    QTimer m_timer;
    QElapsedTimer m_sinceWrite;
    int m_refreshMs = 30000;
    bool m_written = false; // the last attempt succeeded
    quint64 m_revision = 0;
    QString m_lastError;
    int m_writes = 0;
};

} // namespace shelf
