#include "server_watcher.h"

#include "store_server.h"

#include <bounded_file.h>
#include <curve_keys.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace shelf {

namespace {

constexpr qint64 maxDebounceDelayMs = 1000;

} // namespace

CurveClientFolder readCurveClientFolder(const QString &folder)
{
    CurveClientFolder result;
    const QDir dir(folder);
    if (!dir.exists()) {
        result.errors.append(QStringLiteral("%1: no such folder").arg(folder));
        return result;
    }
    const QStringList names = dir.entryList({QStringLiteral("*.pub")}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        const curve::KeyResult key = curve::readKeyFile(dir.filePath(name));
        if (key.key)
            result.keys.append(*key.key);
        else
            result.errors.append(key.error);
    }
    return result;
}

StoreServerWatcher::StoreServerWatcher(StoreServer &server, QObject *parent)
    : StoreServerWatcher(
        [&server](const QList<QByteArray> &keys) { return server.setCurveClientKeys(keys); },
        parent)
{
    m_server = &server;
}

StoreServerWatcher::StoreServerWatcher(KeySetter setKeys, QObject *parent)
    : QObject(parent)
    , m_setKeys(std::move(setKeys))
{
    for (Debounce *debounce : {&m_catalogDebounce, &m_clientsDebounce}) {
        debounce->timer.setSingleShot(true);
        debounce->timer.setInterval(200);
    }
    connect(&m_catalogDebounce.timer, &QTimer::timeout, this, &StoreServerWatcher::reloadCatalog);
    connect(&m_clientsDebounce.timer, &QTimer::timeout, this,
            &StoreServerWatcher::reloadCurveClients);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &StoreServerWatcher::onFileChanged);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this,
            &StoreServerWatcher::onDirectoryChanged);
}

void StoreServerWatcher::setDebounceMs(int ms)
{
    m_catalogDebounce.timer.setInterval(ms);
    m_clientsDebounce.timer.setInterval(ms);
}

QString StoreServerWatcher::watchCatalog(const QString &path)
{
    const QFileInfo info(path);
    m_catalogPath = info.absoluteFilePath();
    m_catalogFolder = info.absolutePath();
    m_lastCatalog.reset();
    const BoundedRead read = readBoundedFile(path, maxCatalogBytes);
    if (!read.error.isEmpty())
        return read.error;
    const QByteArray &content = read.bytes;
    if (!m_server)
        return QStringLiteral("%1: no store server to load it into").arg(path);
    if (QString error = m_server->loadCatalogJson(content, path); !error.isEmpty())
        return error;
    m_lastCatalog = content;
    // Editors save by writing a new file and renaming it over the old one, which ends a watch
    // on the file; the folder's watch sees the new file arrive.
    watch(m_catalogFolder);
    watch(m_catalogPath);
    return {};
}

QStringList StoreServerWatcher::watchCurveClients(const QString &folder)
{
    m_clientsFolder = QFileInfo(folder).absoluteFilePath();
    const CurveClientFolder read = readCurveClientFolder(m_clientsFolder);
    QStringList errors = read.errors;
    if (const QString error = m_setKeys(read.keys); !error.isEmpty())
        errors.append(QStringLiteral("%1: %2").arg(folder, error));
    watch(m_clientsFolder);
    for (const QString &name : QDir(m_clientsFolder).entryList({QStringLiteral("*.pub")}))
        watch(QDir(m_clientsFolder).filePath(name));
    return errors;
}

void StoreServerWatcher::watch(const QString &path)
{
    if (QFileInfo::exists(path) && !m_watcher.files().contains(path)
        && !m_watcher.directories().contains(path))
        m_watcher.addPath(path);
}

void StoreServerWatcher::poke(Debounce &debounce)
{
    if (!debounce.timer.isActive())
        debounce.pendingSince.start();
    else if (debounce.pendingSince.elapsed() > maxDebounceDelayMs)
        return;
    debounce.timer.start();
}

void StoreServerWatcher::onFileChanged(const QString &path)
{
    if (path == m_catalogPath)
        poke(m_catalogDebounce);
    else if (!m_clientsFolder.isEmpty() && QFileInfo(path).absolutePath() == m_clientsFolder)
        poke(m_clientsDebounce);
}

void StoreServerWatcher::onDirectoryChanged(const QString &path)
{
    if (path == m_catalogFolder)
        poke(m_catalogDebounce);
    if (path == m_clientsFolder)
        poke(m_clientsDebounce);
}

void StoreServerWatcher::reloadCatalog()
{
    watch(m_catalogFolder);
    watch(m_catalogPath);
    const BoundedRead read = readBoundedFile(m_catalogPath, maxCatalogBytes);
    if (!read.error.isEmpty()) {
        // Between an editor's delete and its write the file is missing; the folder's watch
        // brings the new one.
        if (m_lastCatalog) {
            Q_EMIT problem(read.error + QStringLiteral("; still serving the last good catalog"));
        }
        m_lastCatalog.reset();
        return;
    }
    const QByteArray &content = read.bytes;
    if (m_lastCatalog == content)
        return;
    m_lastCatalog = content;
    if (const QString error = m_server->loadCatalogJson(content, m_catalogPath); !error.isEmpty()) {
        Q_EMIT problem(error + QStringLiteral("; still serving the last good catalog"));
        return;
    }
    Q_EMIT catalogReloaded(m_catalogPath);
}

void StoreServerWatcher::reloadCurveClients()
{
    watch(m_clientsFolder);
    const QDir dir(m_clientsFolder);
    for (const QString &name : dir.entryList({QStringLiteral("*.pub")}, QDir::Files))
        watch(dir.filePath(name));
    const CurveClientFolder read = readCurveClientFolder(m_clientsFolder);
    for (const QString &error : read.errors)
        Q_EMIT problem(error);
    if (const QString error = m_setKeys(read.keys); !error.isEmpty()) {
        Q_EMIT problem(QStringLiteral("%1: %2").arg(m_clientsFolder, error));
        return;
    }
    Q_EMIT curveClientsReloaded(m_clientsFolder, int(read.keys.size()));
}

} // namespace shelf
