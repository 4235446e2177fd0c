#include "bounded_file.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace shelf {

QString checkBoundedFile(const QString &path, qint64 maxBytes, bool *missing)
{
    const QFileInfo info(path);
    if (missing)
        *missing = !info.exists();
    if (!info.exists())
        return QStringLiteral("%1: no such file").arg(path);
    // Qt resources are part of the program; anything else must be a plain file.
    if (!path.startsWith(u':') && !info.isFile())
        return QStringLiteral("%1: not a regular file").arg(path);
    if (info.size() > maxBytes)
        return QStringLiteral("%1: %2 bytes, over the limit of %3")
            .arg(path)
            .arg(info.size())
            .arg(maxBytes);
    return {};
}

BoundedRead readBoundedFile(const QString &path, qint64 maxBytes)
{
    BoundedRead read;
    read.error = checkBoundedFile(path, maxBytes, &read.missing);
    if (!read.error.isEmpty())
        return read;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        read.error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return read;
    }
    // A buffer as large as the file, not as the bound: QFile::read(bound) reserves the whole bound
    // for as long as the bytes are kept. The file may grow between the size check and the read.
    qint64 size = 0;
    read.bytes.resize(std::min(file.size(), maxBytes) + 1);
    for (;;) {
        if (size == read.bytes.size()) {
            if (size > maxBytes)
                break;
            read.bytes.resize(std::min(size * 2, maxBytes + 1));
        }
        const qint64 got = file.read(read.bytes.data() + size, read.bytes.size() - size);
        if (got < 0) {
            read.bytes.clear();
            read.error = QStringLiteral("%1: %2").arg(path, file.errorString());
            return read;
        }
        if (got == 0)
            break;
        size += got;
    }
    read.bytes.resize(size);
    if (read.bytes.size() > maxBytes) {
        read.bytes.clear();
        read.error = QStringLiteral("%1: grew past the limit of %2 bytes while being read")
                         .arg(path)
                         .arg(maxBytes);
    }
    return read;
}

} // namespace shelf
