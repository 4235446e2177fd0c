#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// Names and limits of the store feed protocol (docs: ../shared/feed-protocol.md), shared by the
// display's client and the reference store server so both speak the same words.
namespace shelf::feed {

inline constexpr const char *productTopicPrefix = "product/";
inline constexpr const char *heartbeatTopic = "heartbeat";
inline constexpr const char *snapshotCommand = "SNAPSHOT";
inline constexpr const char *productReply = "PRODUCT";
inline constexpr const char *unknownReply = "UNKNOWN";
inline constexpr const char *endReply = "END";
inline constexpr const char *eventCommand = "EVENT";
inline constexpr const char *ackReply = "ACK";
// Version 1.1: commands to displays on the updates socket, "command/<shelf id>" or "command/*".
inline constexpr const char *commandTopicPrefix = "command/";
inline constexpr const char *commandToEveryDisplay = "command/*";

inline constexpr int maxBodyBytes = 64 * 1024;
inline constexpr int maxMessageBytes = 256 * 1024;
inline constexpr int maxSnapshotSkus = 10000;
inline constexpr int defaultHeartbeatIntervalMs = 1000;
// A command is carried out only if the server issued it less than this long ago, by its clock.
inline constexpr qint64 commandMaxAgeMs = 60000;
// A screenshot's JPEG, before base64, in a command_result.
inline constexpr int maxScreenshotJpegBytes = 192 * 1024;

// 1 to 64 characters of [A-Za-z0-9._-].
bool isValidSku(const QByteArray &sku);
// 1 to 64 printable ASCII characters.
bool isValidEpoch(const QByteArray &epoch);
// A command id: 1 to 64 characters of [A-Za-z0-9._-], as a sku.
inline bool isValidCommandId(const QByteArray &id)
{
    return isValidSku(id);
}
// Unsigned 64-bit ASCII decimal, nothing else.
std::optional<quint64> parseVersion(const QByteArray &text);

} // namespace shelf::feed
