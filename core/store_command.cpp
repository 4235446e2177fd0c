#include "store_command.h"

#include "feed_protocol.h"

#include <QBuffer>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace shelf {

ShopperEvent commandResultEvent(const QString &commandId, bool ok, const QString &detail,
                                const QJsonObject &extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("type"), QStringLiteral("command_result"));
    body.insert(QStringLiteral("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    body.insert(QStringLiteral("command_id"), commandId);
    body.insert(QStringLiteral("ok"), ok);
    body.insert(QStringLiteral("detail"), detail);
    return {QUuid::createUuid().toString(QUuid::WithoutBraces),
            QJsonDocument(body).toJson(QJsonDocument::Compact)};
}

namespace {

QByteArray encodeJpeg(const QImage &image, int quality)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "JPEG", quality))
        return {};
    return bytes;
}

} // namespace

JpegPicture jpegWithin(const QImage &image, int maxBytes)
{
    if (image.isNull() || maxBytes <= 0)
        return {};
    // JPEG has no alpha; a window grab may have one.
    QImage picture = image.convertToFormat(QImage::Format_RGB888);
    // Quality first (a staff member reads text on it), then size, down to a thumbnail.
    while (picture.width() >= 64 && picture.height() >= 64) {
        for (int quality : {85, 70, 55, 40}) {
            QByteArray bytes = encodeJpeg(picture, quality);
            if (!bytes.isEmpty() && bytes.size() <= maxBytes)
                return {std::move(bytes), picture.size(), quality};
        }
        picture
            = picture.scaled(picture.size() * 3 / 4, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
    return {};
}

ShopperEvent screenshotResultEvent(const QString &commandId, const QImage &frame)
{
    // 180 KiB, not the 192 the protocol allows: in base64 with the event's other fields it stays
    // under 256 KiB, the message size displays set on their sockets, for a server that sets the
    // same (the reference server's events socket takes 1 MiB).
    constexpr int jpegBudget = 180 * 1024;
    static_assert(jpegBudget <= feed::maxScreenshotJpegBytes);
    const JpegPicture jpeg = jpegWithin(frame, jpegBudget);
    if (jpeg.bytes.isEmpty())
        return commandResultEvent(commandId, false,
                                  frame.isNull()
                                      ? QStringLiteral("no frame on screen to take")
                                      : QStringLiteral("the frame could not be encoded as a "
                                                       "JPEG within 180 KiB"));
    return commandResultEvent(
        commandId, true,
        QStringLiteral("%1x%2 JPEG, quality %3, %4 bytes (screen %5x%6)")
            .arg(jpeg.size.width())
            .arg(jpeg.size.height())
            .arg(jpeg.quality)
            .arg(jpeg.bytes.size())
            .arg(frame.width())
            .arg(frame.height()),
        {{QStringLiteral("jpeg_base64"), QString::fromLatin1(jpeg.bytes.toBase64())},
         {QStringLiteral("size"), QJsonArray{jpeg.size.width(), jpeg.size.height()}}});
}

} // namespace shelf
