#include "content_watcher.h"

#include "bounded_file.h"

#include <QFile>
#include <QFileInfo>

namespace shelf {

namespace {

// The file's bytes, or a null array when it does not exist or cannot be read.
QByteArray contentOf(const QString &path)
{
    // A file over the bound is compared by that much: its reader reports it as too large.
    BoundedRead read = readBoundedFile(path, maxTextFileBytes);
    if (read.missing)
        return {};
    if (!read.error.isEmpty())
        return read.error.toUtf8();
    return read.bytes.isNull() ? QByteArray("") : read.bytes;
}

} // namespace

ContentWatcher::ContentWatcher(QStringList files, int quietMs, QObject *parent)
    : QObject(parent)
{
    // Built-in files (":/...") never change.
    for (QString &file : files) {
        if (!file.startsWith(u':'))
            m_files.append(std::move(file));
    }
    m_quiet.setSingleShot(true);
    m_quiet.setInterval(quietMs);
    connect(&m_quiet, &QTimer::timeout, this, &ContentWatcher::check);
    m_retry.setInterval(2000);
    connect(&m_retry, &QTimer::timeout, this, &ContentWatcher::check);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_quiet, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_quiet,
            qOverload<>(&QTimer::start));
    for (const QString &file : std::as_const(m_files))
        m_seen.insert(file, contentOf(file));
    rewatch();
}

void ContentWatcher::rewatch()
{
    bool folderMissing = false;
    for (const QString &file : std::as_const(m_files)) {
        const QString folder = QFileInfo(file).absolutePath();
        if (!m_watcher.directories().contains(folder) && QFileInfo(folder).isDir())
            m_watcher.addPath(folder);
        if (!m_watcher.files().contains(file) && QFileInfo(file).isFile())
            m_watcher.addPath(file);
        folderMissing |= !m_watcher.directories().contains(folder);
    }
    if (folderMissing && !m_retry.isActive())
        m_retry.start();
    else if (!folderMissing)
        m_retry.stop();
}

void ContentWatcher::check()
{
    rewatch(); // a file renamed over the watched one is a new file to watch
    for (const QString &file : std::as_const(m_files)) {
        QByteArray now = contentOf(file);
        QByteArray &seen = m_seen[file];
        if (now == seen && now.isNull() == seen.isNull())
            continue;
        seen = std::move(now);
        Q_EMIT fileChanged(file);
    }
}

} // namespace shelf
