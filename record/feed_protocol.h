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

inline constexpr int maxBodyBytes = 64 * 1024;
inline constexpr int maxMessageBytes = 256 * 1024;
inline constexpr int maxSnapshotSkus = 10000;
inline constexpr int defaultHeartbeatIntervalMs = 1000;

// 1 to 64 characters of [A-Za-z0-9._-].
bool isValidSku(const QByteArray &sku);
// 1 to 64 printable ASCII characters.
bool isValidEpoch(const QByteArray &epoch);
// Unsigned 64-bit ASCII decimal, nothing else.
std::optional<quint64> parseVersion(const QByteArray &text);

} // namespace shelf::feed
