#pragma once

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace shelf {

// Tells when an operator's file changed on disk, so that content and theme follow an edit
// without a restart. Editors often save by writing a new file and renaming it over the old one,
// which ends a watch on the file itself, so the folders are watched too. Changes are reported
// once the file has been quiet for a moment (a save in several writes is one change), and only
// when its bytes differ from the last report (a touch is no change). A file that appears or
// disappears is a change too. A missing folder is looked for again every few seconds.
class ContentWatcher : public QObject
{
    Q_OBJECT
public:
    explicit ContentWatcher(QStringList files, int quietMs = 300, QObject *parent = nullptr);

Q_SIGNALS:
    void fileChanged(const QString &path);

private:
    void rewatch();
    void check();

    QStringList m_files;
    QFileSystemWatcher m_watcher;
    QTimer m_quiet;
    QTimer m_retry; // while a folder is missing: it may be created later
    QHash<QString, QByteArray> m_seen; // path -> content at the last report; null: absent
};

} // namespace shelf
