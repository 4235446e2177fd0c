#pragma once

#include <QByteArray>
#include <QString>

namespace shelf {

// Files from outside (configs, content, catalogs, pictures) are read whole, but never without a
// bound: "/dev/zero" or a FIFO named by mistake must give an error, not fill the memory.
inline constexpr qint64 maxTextFileBytes = 1024 * 1024; // a shelf config, content file or theme
inline constexpr qint64 maxScriptBytes = 16 * 1024 * 1024;
inline constexpr qint64 maxCatalogBytes = 64 * 1024 * 1024; // about 100,000 product records

struct BoundedRead
{
    QByteArray bytes;
    QString error; // "PATH: what is wrong"; empty when bytes holds the whole file
    bool missing = false; // no such file: for callers to whom that is no error
};

// Whether path is a regular file (or a Qt resource) of at most maxBytes; the error, if not.
QString checkBoundedFile(const QString &path, qint64 maxBytes, bool *missing = nullptr);

// Reads a regular file (or a Qt resource) of at most maxBytes.
BoundedRead readBoundedFile(const QString &path, qint64 maxBytes);

} // namespace shelf
