#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QFileSystemWatcher>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <optional>

namespace shelf {

class StoreServer;

// The admitted displays: one public key in each *.pub file of a folder (shelf::curve key files).
struct CurveClientFolder
{
    QList<QByteArray> keys; // Z85
    QStringList errors; // one per unreadable file, naming it
};
CurveClientFolder readCurveClientFolder(const QString &folder);

// Keeps a running StoreServer in step with its files: reloads the catalog and re-reads the
// folder of admitted display keys when they change on disk. Lives on a thread with an event loop.
class StoreServerWatcher : public QObject
{
    Q_OBJECT

public:
    explicit StoreServerWatcher(StoreServer &server, QObject *parent = nullptr);
    // Keys only, for another holder of a ZAP handler (the proxy): watchCatalog() is not for it.
    using KeySetter = std::function<QString(const QList<QByteArray> &)>;
    explicit StoreServerWatcher(KeySetter setKeys, QObject *parent = nullptr);

    // Loads the catalog now and again after each change; a file that fails to load leaves the
    // last good catalog in service. Returns the first load's error, or an empty string.
    QString watchCatalog(const QString &path);
    // Admits the folder's keys now and again after each change. Returns its errors; the keys of
    // the readable files are admitted all the same.
    QStringList watchCurveClients(const QString &folder);

    // Changes are coalesced for this long after the last one (an editor's save is a burst).
    void setDebounceMs(int ms);

Q_SIGNALS:
    void catalogReloaded(const QString &path);
    void curveClientsReloaded(const QString &folder, int keyCount);
    // Names the file and the reason.
    void problem(const QString &message);

private:
    // Fires once a burst of change notifications is over, or at the latest after a second, so
    // that a file written without pause is still picked up.
    struct Debounce
    {
        QTimer timer;
        QElapsedTimer pendingSince;
    };
    void poke(Debounce &debounce);
    void onFileChanged(const QString &path);
    void onDirectoryChanged(const QString &path);
    void reloadCatalog();
    void reloadCurveClients();
    void watch(const QString &path);

    StoreServer *m_server = nullptr;
    KeySetter m_setKeys;
    QFileSystemWatcher m_watcher;
    Debounce m_catalogDebounce;
    Debounce m_clientsDebounce;
    QString m_catalogPath; // absolute
    QString m_catalogFolder; // absolute
    QString m_clientsFolder; // absolute
    // The content last loaded or refused, so that other files changing in its folder cost nothing.
    std::optional<QByteArray> m_lastCatalog;
};

} // namespace shelf
