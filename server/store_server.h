#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace shelf {

// A display's answer to a command (a `command_result` event, contract 1.1).
struct CommandResult
{
    QString commandId, command, shelf;
    bool ok = false;
    QString detail;
    QString screenshotPath; // where a screenshot's JPEG was saved
    QString error; // why a screenshot was refused; empty when saved or not a screenshot
};

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

    // The fleet (contract 1.1): displays tracked at most, and silence after which one is missing.
    int maxDisplays = 10000;
    qint64 missingAfterMs = 3 * 60 * 1000;
    // The server's clock, ms since the Unix epoch: commands' `issued`, displays' last seen.
    std::function<qint64()> clockMs;
    // Where JPEGs from `screenshot` commands are saved.
    QString screenshotFolder = QStringLiteral(".");
    // Called on the server's thread for each result of a command this server issued.
    std::function<void(const CommandResult &)> onCommandResult;
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
    // The stdin command language: "price <sku> <amount>", "withdraw <sku>", "reset", "fleet",
    // "screenshot|identify|reload|status <shelf id or *>". Returns an error or an empty string;
    // what the command prints (the fleet table, a command's id) goes to `output`.
    QString command(const QString &line, QString *output = nullptr);

    // Publishes a command (screenshot, identify, reload, status) to one shelf or, with "*", to
    // every display. Returns its fresh command id, or an error in `error`.
    QString sendCommand(const QString &shelf, const QString &command, QString *error = nullptr);
    // The results received so far for a command this server issued.
    QList<CommandResult> commandResults(const QString &commandId) const;

    // The fleet table (aligned columns) and the fleet as JSON, at the server's clock.
    QString fleetTable() const;
    QByteArray fleetJson() const;
    // Grows with every change of the fleet apart from ages, so a writer knows when to write.
    quint64 fleetRevision() const;

    int storedEventCount() const;
    // Messages and bytes (every frame) received on the events socket, for the fleet benchmark.
    struct Traffic
    {
        quint64 messages = 0, bytes = 0, statusEvents = 0;
    };
    Traffic eventTraffic() const;

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
