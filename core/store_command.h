#pragma once

#include "feed_types.h"

#include <QByteArray>
#include <QImage>
#include <QJsonObject>
#include <QSize>
#include <QString>

namespace shelf {

// The answer to a store server's command (protocol 1.1 `command_result`), as an event for the
// outbox; `extra` adds fields (a screenshot's picture and size).
ShopperEvent commandResultEvent(const QString &commandId, bool ok, const QString &detail,
                                const QJsonObject &extra = {});

// A picture as a JPEG of at most maxBytes: the best quality that fits at full size, else smaller
// sizes. Empty bytes when not even a thumbnail fits (or the picture is empty).
struct JpegPicture
{
    QByteArray bytes;
    QSize size;
    int quality = 0;
};
JpegPicture jpegWithin(const QImage &image, int maxBytes);

// The `screenshot` command's answer: the frame on screen as a JPEG that, base64-encoded in its
// event, stays under the protocol's 256 KiB message size.
ShopperEvent screenshotResultEvent(const QString &commandId, const QImage &frame);

} // namespace shelf
