#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace shelf {

struct StoreServerOptions
{
    // "tcp://127.0.0.1:*" binds an ephemeral port; endpoints() tells which.
    QString snapshotEndpoint = QStringLiteral("tcp://127.0.0.1:5556");
    QString updatesEndpoint = QStringLiteral("tcp://127.0.0.1:5557");
    QString eventsEndpoint = QStringLiteral("tcp://127.0.0.1:5558");
    int heartbeatIntervalMs = 1000;
    QString eventsLogPath; // shopper events as JSON lines; empty keeps them in memory only
    // With a secret key (Z85, 40 characters) all three sockets are CURVE servers and a ZAP
    // handler admits only the displays whose public keys (Z85) are listed.
    QByteArray curveSecretKey;
    QList<QByteArray> curveClientKeys;
};

// Serves a product catalog by the store feed protocol: snapshots on ROUTER, updates and
// heartbeats on PUB, shopper events with ACK on ROUTER. All sockets live on one thread of its
// own; the public methods are safe to call from any thread.
class StoreServer
{
public:
    explicit StoreServer(StoreServerOptions options);
    ~StoreServer();

    // Loads a JSON array of product records; each must pass the display's own validation.
    // Returns an error naming the file and the record, or an empty string.
    QString loadCatalog(const QString &path);
    QString loadCatalogJson(const QByteArray &json, const QString &origin);

    // Binds and starts serving; returns an error naming the endpoint, or an empty string.
    QString start();
    void stop();

    struct Endpoints
    {
        QString snapshot, updates, events;
    };
    Endpoints endpoints() const;
    QString epoch() const;

    // Operator commands, published to every display: returns an error or an empty string.
    QString setPrice(const QString &sku, const QString &amount);
    QString withdraw(const QString &sku);
    // Forgets every version and starts a new epoch (as a restarted server would).
    void reset();
    // "price <sku> <amount>", "withdraw <sku>", "reset": the stdin command language.
    QString command(const QString &line);

    int storedEventCount() const;

    // The server's CURVE public key (Z85), which displays are configured with; empty without CURVE.
    QByteArray curvePublicKey() const;
    // Replaces the admitted display keys (Z85) for handshakes from now on; displays already
    // connected stay connected. Returns an error naming the bad key, changing nothing, or empty.
    QString setCurveClientKeys(const QList<QByteArray> &keys);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace shelf
