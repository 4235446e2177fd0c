#include "picture_file.h"

#include "bounded_file.h"

#include <QBuffer>
#include <QImageReader>

namespace shelf {

namespace {

QString checkSize(const QString &path, QSize size, const PictureLimits &limits)
{
    if (!size.isValid() || size.isEmpty())
        return QStringLiteral("%1: not a picture, or its size cannot be read").arg(path);
    const int longer = std::max(size.width(), size.height());
    const int shorter = std::min(size.width(), size.height());
    if (longer > limits.maxSide || qint64(size.width()) * size.height() > limits.maxPixels)
        return QStringLiteral("%1: %2x%3 pixels, over the limit of %4 pixels a side and %5 in all")
            .arg(path)
            .arg(size.width())
            .arg(size.height())
            .arg(limits.maxSide)
            .arg(limits.maxPixels);
    if (shorter < limits.minSide)
        return QStringLiteral("%1: %2x%3 pixels, under %4 pixels a side")
            .arg(path)
            .arg(size.width())
            .arg(size.height())
            .arg(limits.minSide);
    if (double(longer) / shorter > limits.maxAspect)
        return QStringLiteral("%1: %2x%3 pixels, longer than %4 times its width")
            .arg(path)
            .arg(size.width())
            .arg(size.height())
            .arg(limits.maxAspect);
    return {};
}

} // namespace

PictureCheck checkPictureFile(const QString &path, const PictureLimits &limits)
{
    if (QString error = checkBoundedFile(path, limits.maxFileBytes); !error.isEmpty())
        return {{}, error};
    QImageReader reader(path);
    const QSize size = reader.size();
    if (QString error = checkSize(path, size, limits); !error.isEmpty())
        return {{}, error};
    return {size, {}};
}

LoadedPicture loadPictureFile(const QString &path, const PictureLimits &limits)
{
    BoundedRead read = readBoundedFile(path, limits.maxFileBytes);
    if (!read.error.isEmpty())
        return {{}, read.error};
    if (read.bytes.isEmpty())
        return {{}, QStringLiteral("%1: empty file").arg(path)};
    QByteArray &bytes = read.bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    if (QString error = checkSize(path, reader.size(), limits); !error.isEmpty())
        return {{}, error};
    QImage image;
    if (!reader.read(&image))
        return {{}, QStringLiteral("%1: cannot be decoded (%2)").arg(path, reader.errorString())};
    // The header may lie about the size; what was decoded is checked again.
    if (QString error = checkSize(path, image.size(), limits); !error.isEmpty())
        return {{}, error};
    return {image, {}};
}

} // namespace shelf
