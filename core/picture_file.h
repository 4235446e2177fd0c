#pragma once

#include <QImage>
#include <QSize>
#include <QString>

namespace shelf {

// Bounds for every picture from outside (product pictures named by the feed, the operator's
// content): checked from the file's header before anything is decoded, so a tiny file that
// claims a huge or sliver-thin picture costs nothing.
struct PictureLimits
{
    qint64 maxFileBytes = 16 * 1024 * 1024;
    int maxSide = 8192;
    qint64 maxPixels = 24'000'000;
    int minSide = 16;
    // The screen fills a box with the picture (cropping): a 1000:1 sliver would be scaled to
    // 512,000 pixels wide for a 512-pixel box.
    double maxAspect = 8.0;
};

struct PictureCheck
{
    QSize size; // valid when error is empty
    QString error; // "FILE: what is wrong"; empty when the picture may be decoded
};

// Reads only the header: a regular file (or Qt resource) of bounded size whose dimensions are
// within the limits.
PictureCheck checkPictureFile(const QString &path, const PictureLimits &limits = {});

struct LoadedPicture
{
    QImage image; // null when error is set
    QString error;
};

// Checks, then decodes: reads at most limits.maxFileBytes, whatever the file claims.
LoadedPicture loadPictureFile(const QString &path, const PictureLimits &limits = {});

} // namespace shelf
