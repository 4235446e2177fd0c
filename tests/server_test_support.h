#pragma once

// What the store server's tests share: raw ZeroMQ sockets set up as a display would, and waits
// for the messages they receive.

#include <QByteArray>
#include <QList>
#include <QTest>

#include <gtest/gtest.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <functional>
#include <optional>
#include <vector>

namespace shelf::test {

// Generous: these tests must pass on a busy 2-core machine.
inline constexpr int patienceMs = 20000;

using Message = std::vector<QByteArray>;

inline std::optional<Message> tryReceive(zmq::socket_t &socket)
{
    std::vector<zmq::message_t> parts;
    if (!zmq::recv_multipart(socket, std::back_inserter(parts), zmq::recv_flags::dontwait))
        return std::nullopt;
    Message message;
    for (const zmq::message_t &part : parts)
        message.emplace_back(part.data<char>(), qsizetype(part.size()));
    return message;
}

// The first message `wanted` accepts; the ones before it are dropped.
inline std::optional<Message> waitFor(zmq::socket_t &socket,
                                      const std::function<bool(const Message &)> &wanted,
                                      int timeoutMs = patienceMs)
{
    std::optional<Message> found;
    (void)QTest::qWaitFor(
        [&] {
            while (std::optional<Message> message = tryReceive(socket)) {
                if (wanted(*message)) {
                    found = std::move(message);
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

inline bool isHeartbeat(const Message &message)
{
    return message.size() == 4 && message[0] == "heartbeat";
}

inline void sendFrames(zmq::socket_t &socket, const Message &frames)
{
    std::vector<zmq::const_buffer> buffers;
    for (const QByteArray &frame : frames)
        buffers.push_back(zmq::buffer(frame.constData(), size_t(frame.size())));
    ASSERT_TRUE(zmq::send_multipart(socket, buffers));
}

struct Keys
{
    QByteArray publicKey, secretKey;
};

inline Keys newKeys()
{
    char publicKey[41] = {};
    char secretKey[41] = {};
    EXPECT_EQ(zmq_curve_keypair(publicKey, secretKey), 0);
    return {QByteArray(publicKey, 40), QByteArray(secretKey, 40)};
}

// A display's CURVE settings: the server's public key and the display's own keypair.
struct DisplayCurve
{
    QByteArray serverPublicKey;
    Keys own;
};

// A socket set up as the protocol asks of a display. A SUB subscribes to `topics`, then to
// heartbeats: once a heartbeat arrives, the earlier subscriptions are in place too.
inline zmq::socket_t displaySocket(zmq::context_t &context, zmq::socket_type type,
                                   const QString &endpoint,
                                   const std::optional<DisplayCurve> &curve = {},
                                   const QList<QByteArray> &topics = {"product/"})
{
    zmq::socket_t socket(context, type);
    socket.set(zmq::sockopt::linger, 0);
    socket.set(zmq::sockopt::maxmsgsize, int64_t(256 * 1024));
    if (curve) {
        socket.set(zmq::sockopt::curve_serverkey, curve->serverPublicKey.toStdString());
        socket.set(zmq::sockopt::curve_publickey, curve->own.publicKey.toStdString());
        socket.set(zmq::sockopt::curve_secretkey, curve->own.secretKey.toStdString());
    }
    if (type == zmq::socket_type::sub) {
        for (const QByteArray &topic : topics)
            socket.set(zmq::sockopt::subscribe, topic.toStdString());
        socket.set(zmq::sockopt::subscribe, "heartbeat");
    }
    socket.connect(endpoint.toStdString());
    return socket;
}

} // namespace shelf::test
