#include "zap_handler.h"

#include "zmq_frames.h"

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <optional>
#include <vector>

namespace shelf {

namespace {

using frames::buffer;
using frames::bytes;

// The 32-byte binary form of a Z85 CURVE key, as ZAP requests carry it.
std::optional<QByteArray> decodeKey(const QByteArray &z85)
{
    if (z85.size() != 40)
        return std::nullopt;
    QByteArray key(32, '\0');
    if (!zmq_z85_decode(reinterpret_cast<uint8_t *>(key.data()), z85.constData()))
        return std::nullopt;
    return key;
}

QByteArray encodeKey(const QByteArray &key)
{
    char z85[41] = {};
    if (key.size() != 32
        || !zmq_z85_encode(z85, reinterpret_cast<const uint8_t *>(key.constData()), 32))
        return QByteArrayLiteral("(not a CURVE key)");
    return QByteArray(z85, 40);
}

} // namespace

ZapHandler::ZapHandler(const QLoggingCategory &category)
    : m_category(category)
{ }

QString ZapHandler::setKeys(const QList<QByteArray> &keys)
{
    std::map<QByteArray, QByteArray> admitted;
    for (const QByteArray &key : keys) {
        const std::optional<QByteArray> binary = decodeKey(key);
        if (!binary)
            return QStringLiteral("\"%1\" is not a Z85 CURVE public key (40 characters)")
                .arg(QString::fromLatin1(key.left(60)));
        admitted.emplace(*binary, key);
    }
    std::lock_guard lock(m_mutex);
    m_admitted = std::move(admitted);
    m_reported.clear();
    return {};
}

void ZapHandler::bind(zmq::socket_t &zap)
{
    zap.set(zmq::sockopt::linger, 0);
    zap.bind("inproc://zeromq.zap.01");
}

bool ZapHandler::answer(zmq::socket_t &zap)
{
    std::vector<zmq::message_t> request;
    if (!zmq::recv_multipart(zap, std::back_inserter(request), zmq::recv_flags::dontwait))
        return false;
    // ZMQ RFC 27: version, request id, domain, address, routing id, mechanism, then the
    // credentials, for CURVE the client's 32-byte public key.
    const QByteArray requestId = request.size() > 1 ? bytes(request[1]) : QByteArray();
    const bool curveRequest = request.size() == 7 && bytes(request[0]) == "1.0"
        && bytes(request[5]) == "CURVE" && request[6].size() == 32;
    const QByteArray key = curveRequest ? bytes(request[6]) : QByteArray();
    QByteArray userId;
    bool admitted = false;
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_admitted.find(key); curveRequest && it != m_admitted.end()) {
            admitted = true;
            userId = it->second;
        } else if (m_reported.size() < 1000 && m_reported.insert(key).second) {
            // The key in the log is what an operator adds to admit this display.
            qCWarning(m_category).noquote()
                << "refused a display at" << (request.size() > 3 ? bytes(request[3]) : "?")
                << "with CURVE key" << (curveRequest ? encodeKey(key) : "(none)");
        }
    }
    // A REP socket must answer every request, a malformed one too.
    const QByteArray status = admitted ? "200" : "400";
    const QByteArray text = admitted ? "OK" : "display key not admitted";
    const std::vector<zmq::const_buffer> reply{zmq::str_buffer("1.0"), buffer(requestId),
                                               buffer(status),         buffer(text),
                                               buffer(userId),         zmq::str_buffer("")};
    zmq::send_multipart(zap, reply);
    return true;
}

} // namespace shelf
