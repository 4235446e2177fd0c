#pragma once

#include "store_server.h"

#include <QString>

#include <memory>

namespace shelf {

struct FeedProxyOptions
{
    // The store server's endpoints, which the proxy connects to.
    QString upstreamSnapshot, upstreamUpdates, upstreamEvents;
    // Where displays connect; "tcp://127.0.0.1:*" binds an ephemeral port, endpoints() tells which.
    QString snapshotEndpoint = QStringLiteral("tcp://127.0.0.1:5556");
    QString updatesEndpoint = QStringLiteral("tcp://127.0.0.1:5557");
    QString eventsEndpoint = QStringLiteral("tcp://127.0.0.1:5558");
    // CURVE on both sides. The proxy's own secret key (Z85): towards the server it is a CURVE
    // client with this keypair (the server must admit its public key), towards displays a CURVE
    // server with it (displays are configured with its public key), whose ZAP handler admits
    // only `curveClientKeys`.
    QByteArray curveSecretKey;
    QByteArray upstreamServerKey; // the store server's public key (Z85)
    QList<QByteArray> curveClientKeys;
};

// Forwards one store server's feed to more displays: updates through XSUB/XPUB, snapshots and
// shopper events through ROUTER/DEALER, each forwarder a zmq_proxy on a thread of its own.
class FeedProxy
{
public:
    explicit FeedProxy(FeedProxyOptions options);
    ~FeedProxy();

    // Connects upstream, binds for displays and starts forwarding; returns an error naming the
    // endpoint, or an empty string.
    QString start();
    void stop();

    StoreServer::Endpoints endpoints() const;
    // The proxy's CURVE public key (Z85); empty without CURVE.
    QByteArray curvePublicKey() const;
    // Replaces the admitted display keys (Z85), as StoreServer::setCurveClientKeys.
    QString setCurveClientKeys(const QList<QByteArray> &keys);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace shelf
