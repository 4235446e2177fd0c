#pragma once

// A display's feed client on its own thread feeding a catalog on the test's (GUI) thread, and
// a store server on free loopback ports: what every feed test starts from.
#include "queued_spy.h"
#include "thread_test_support.h"

#include <catalog.h>
#include <feed_client.h>
#include <store_server.h>

#include <QElapsedTimer>
#include <QThread>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <algorithm>

namespace shelf::test {

inline const QString apples = QStringLiteral("6901234000115");
inline const QString kiwi = QStringLiteral("6901234000283");
inline const QString salmon = QStringLiteral("7098765000147");

struct FeedDisplay
{
    FeedClient client;
    QThread thread;
    ProductCatalog catalog{12};

    explicit FeedDisplay(const FeedClientSettings &settings)
        : client(settings, nullptr)
    {
        client.moveToThread(&thread);
        QObject::connect(&thread, &QThread::started, &client, &FeedClient::run);
        QObject::connect(&client, &FeedClient::productsChanged, &catalog,
                         &ProductCatalog::applyChanges);
        QObject::connect(&client, &FeedClient::healthChanged, &catalog, &ProductCatalog::setHealth);
        announceEnd(thread);
        thread.start();
    }
    ~FeedDisplay()
    {
        client.stop();
        thread.quit();
        waitForEnd(thread,
                   20000); // a display slowed by a sanitizer may be in the middle of a batch
    }
    QString priceOf(const QString &sku) const
    {
        const auto *entry = catalog.find(sku);
        return entry ? entry->record.price.toDecimalString() : QString();
    }
};

inline FeedClientSettings settingsFor(const QString &snapshot, const QString &updates,
                                      const QString &events, QStringList skus)
{
    FeedClientSettings settings;
    settings.snapshotEndpoint = snapshot;
    settings.updatesEndpoint = updates;
    settings.eventsEndpoint = events;
    settings.skus = std::move(skus);
    settings.shelfId = QStringLiteral("test-shelf");
    settings.eventResendMs = 300;
    return settings;
}

inline FeedClientSettings settingsFor(const StoreServer &server, QStringList skus)
{
    const auto bound = server.endpoints();
    return settingsFor(bound.snapshot, bound.updates, bound.events, std::move(skus));
}

inline StoreServerOptions ephemeralServer()
{
    StoreServerOptions options;
    options.snapshotEndpoint = options.updatesEndpoint = options.eventsEndpoint
        = QStringLiteral("tcp://127.0.0.1:*");
    options.heartbeatIntervalMs = 100;
    return options;
}

// The same endpoints again: a restarted server on the ports the first one had.
inline StoreServerOptions sameEndpoints(const StoreServer &server)
{
    StoreServerOptions options;
    const auto bound = server.endpoints();
    options.snapshotEndpoint = bound.snapshot;
    options.updatesEndpoint = bound.updates;
    options.eventsEndpoint = bound.events;
    options.heartbeatIntervalMs = 100;
    return options;
}

// A store server driven by hand, to send what a well-behaved server never would, when it
// would not.
struct HandServer
{
    zmq::context_t context;
    zmq::socket_t router{context, zmq::socket_type::router};
    zmq::socket_t pub{context, zmq::socket_type::pub};
    QString routerEndpoint, pubEndpoint;
    QByteArray peer;

    explicit HandServer(int receiveTimeoutMs = 20000)
    {
        router.bind("tcp://127.0.0.1:*");
        pub.bind("tcp://127.0.0.1:*");
        router.set(zmq::sockopt::rcvtimeo, receiveTimeoutMs);
        routerEndpoint = QString::fromStdString(router.get(zmq::sockopt::last_endpoint));
        pubEndpoint = QString::fromStdString(pub.get(zmq::sockopt::last_endpoint));
    }
    FeedClientSettings displaySettings(QStringList skus) const
    {
        return settingsFor(routerEndpoint, pubEndpoint, routerEndpoint, std::move(skus));
    }
    static void send(zmq::socket_t &socket, const std::vector<QByteArray> &frames)
    {
        std::vector<zmq::const_buffer> buffers;
        for (const QByteArray &f : frames)
            buffers.push_back(zmq::buffer(f.constData(), size_t(f.size())));
        zmq::send_multipart(socket, buffers);
    }
    // Waits for the display's SNAPSHOT request (as long as the router's receive timeout);
    // false if none came. A display asks once a message on its updates socket shows its
    // subscriptions in place: heartbeats of `epoch` go out meanwhile, that of the snapshot the
    // test will send (one still on its way after END must not look like a reset).
    bool takeSnapshotRequest(const char *epoch = "e1")
    {
        const int timeoutMs = router.get(zmq::sockopt::rcvtimeo);
        router.set(zmq::sockopt::rcvtimeo, std::min(timeoutMs, 20));
        QElapsedTimer waited;
        waited.start();
        std::vector<zmq::message_t> request;
        bool received = false;
        do {
            heartbeat(epoch);
            received = bool(zmq::recv_multipart(router, std::back_inserter(request)));
        } while (!received && waited.elapsed() < timeoutMs);
        router.set(zmq::sockopt::rcvtimeo, timeoutMs);
        if (!received || request.size() < 2 || request[1].to_string() != "SNAPSHOT")
            return false;
        peer = QByteArray(request[0].data<char>(), qsizetype(request[0].size()));
        return true;
    }
    void reply(const std::vector<QByteArray> &frames)
    {
        std::vector<QByteArray> withPeer{peer};
        withPeer.insert(withPeer.end(), frames.begin(), frames.end());
        send(router, withPeer);
    }
    void publish(const std::vector<QByteArray> &frames) { send(pub, frames); }
    void heartbeat(const char *epoch)
    {
        publish({"heartbeat", epoch, "0", R"({"interval_ms": 1000})"});
    }
};

} // namespace shelf::test
