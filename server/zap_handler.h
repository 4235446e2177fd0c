#pragma once

#include <QByteArray>
#include <QList>
#include <QLoggingCategory>
#include <QString>

#include <map>
#include <mutex>
#include <set>

namespace zmq {
class socket_t;
}

namespace shelf {

// The ZAP handler (ZMQ RFC 27) of a CURVE server: admits only the listed display keys. Both the
// store server and the proxy's display side use it; each binds its context's ZAP endpoint.
class ZapHandler
{
public:
    explicit ZapHandler(const QLoggingCategory &category);

    // Replaces the admitted display keys (Z85) for handshakes from now on. Returns an error
    // naming the bad key, changing nothing, or an empty string. Safe from any thread.
    QString setKeys(const QList<QByteArray> &keys);

    // Binds `zap` to the context's ZAP endpoint: without a handler bound first, libzmq's CURVE
    // encrypts but admits any key. Throws zmq::error_t.
    static void bind(zmq::socket_t &zap);
    // Answers one pending request on `zap` (a REP socket); false if none was waiting.
    bool answer(zmq::socket_t &zap);

    static constexpr const char *domain = "shelffeed";

private:
    const QLoggingCategory &m_category;
    std::mutex m_mutex;
    // Binary public key -> Z85, which the ZAP reply names as the display's user id.
    std::map<QByteArray, QByteArray> m_admitted;
    std::set<QByteArray> m_reported; // refused keys already logged: a refused display retries
};

} // namespace shelf
