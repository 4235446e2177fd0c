// Store feed throughput on real loopback sockets: a 10,000-product snapshot, and sustained
// updates decoded and applied, with the time each batch holds the GUI thread.
#include <catalog.h>
#include <feed_client.h>
#include <store_server.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>

#include <benchmark/benchmark.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>

using namespace shelf;

namespace {

QJsonObject record(const QString &sku, int cents)
{
    return {
        {QStringLiteral("sku"), sku},
        {QStringLiteral("name"),
         QJsonObject{{QStringLiteral("en"), QStringLiteral("Product ") + sku},
                     {QStringLiteral("zh-CN"), QStringLiteral("商品") + sku}}},
        {QStringLiteral("price"),
         QJsonObject{
             {QStringLiteral("amount"),
              QStringLiteral("%1.%2").arg(cents / 100).arg(cents % 100, 2, 10, QLatin1Char('0'))},
             {QStringLiteral("currency"), QStringLiteral("CNY")},
             {QStringLiteral("unit"), QStringLiteral("kg")}}},
        {QStringLiteral("origin"), QJsonObject{{QStringLiteral("country"), QStringLiteral("CN")}}},
        {QStringLiteral("reviews"),
         QJsonObject{{QStringLiteral("rating"), 4.5}, {QStringLiteral("count"), 120}}}};
}

struct Client
{
    FeedClient client;
    QThread thread;
    ProductCatalog catalog{12};
    qint64 longestApplyUs = 0;

    explicit Client(const FeedClientSettings &settings)
        : client(settings, nullptr)
    {
        client.moveToThread(&thread);
        QObject::connect(&thread, &QThread::started, &client, &FeedClient::run);
        // The GUI thread's share of the work: applying one coalesced batch.
        QObject::connect(&client, &FeedClient::productsChanged, &catalog,
                         [this](const QVector<ProductChange> &changes) {
                             QElapsedTimer timer;
                             timer.start();
                             catalog.applyChanges(changes);
                             longestApplyUs = std::max(longestApplyUs, timer.nsecsElapsed() / 1000);
                         });
        thread.start();
    }
    ~Client()
    {
        client.stop();
        thread.quit();
        thread.wait(5000);
    }
};

void snapshotOfTenThousandProducts(benchmark::State &state)
{
    QJsonArray records;
    QStringList skus;
    for (int i = 0; i < 10000; ++i) {
        skus.append(QStringLiteral("sku-%1").arg(i));
        records.append(record(skus.last(), 100 + i));
    }
    StoreServerOptions options;
    options.snapshotEndpoint = options.updatesEndpoint = options.eventsEndpoint
        = QStringLiteral("tcp://127.0.0.1:*");
    StoreServer server(options);
    server.loadCatalogJson(QJsonDocument(records).toJson(), QStringLiteral("generated"));
    server.start();
    const auto bound = server.endpoints();
    qint64 longestApplyUs = 0;
    for (auto _ : state) {
        QElapsedTimer timer;
        timer.start();
        FeedClientSettings settings;
        settings.snapshotEndpoint = bound.snapshot;
        settings.updatesEndpoint = bound.updates;
        settings.eventsEndpoint = bound.events;
        settings.skus = skus;
        Client client(settings);
        // From the display's start (subscribe, request) to all 10,000 in its catalog.
        if (!QTest::qWaitFor([&] { return client.catalog.size() == 10000; }, 60000))
            state.SkipWithError("the snapshot did not arrive whole");
        state.SetIterationTime(double(timer.nsecsElapsed()) / 1e9);
        longestApplyUs = std::max(longestApplyUs, client.longestApplyUs);
    }
    state.counters["gui_batch_max_ms"] = double(longestApplyUs) / 1000.0;
}

void sustainedUpdates(benchmark::State &state)
{
    const int updates = int(state.range(0));
    const int productCount = 100;
    zmq::context_t context;
    zmq::socket_t router(context, zmq::socket_type::router);
    zmq::socket_t pub(context, zmq::socket_type::pub);
    // The publisher must not drop: this measures the display, not the high-water mark.
    pub.set(zmq::sockopt::sndhwm, 0);
    router.bind("tcp://127.0.0.1:*");
    pub.bind("tcp://127.0.0.1:*");
    const QString routerEndpoint = QString::fromStdString(router.get(zmq::sockopt::last_endpoint));
    const QString pubEndpoint = QString::fromStdString(pub.get(zmq::sockopt::last_endpoint));
    QStringList skus;
    std::vector<QByteArray> topics, bodies;
    for (int i = 0; i < productCount; ++i) {
        skus.append(QStringLiteral("sku-%1").arg(i));
        topics.push_back("product/" + skus.last().toUtf8());
    }
    for (int i = 0; i < updates; ++i)
        bodies.push_back(QJsonDocument(record(skus[i % productCount], 100 + i % 5000))
                             .toJson(QJsonDocument::Compact));
    auto send = [](zmq::socket_t &socket, std::initializer_list<QByteArray> frames) {
        std::vector<zmq::const_buffer> buffers;
        for (const QByteArray &f : frames)
            buffers.push_back(zmq::buffer(f.constData(), size_t(f.size())));
        zmq::send_multipart(socket, buffers);
    };

    qint64 longestApplyUs = 0;
    quint64 version = 1;
    for (auto _ : state) {
        FeedClientSettings settings;
        settings.snapshotEndpoint = settings.eventsEndpoint = routerEndpoint;
        settings.updatesEndpoint = pubEndpoint;
        settings.skus = skus;
        Client client(settings);
        // Answer the snapshot (empty), then wait until the subscription is live.
        std::vector<zmq::message_t> request;
        router.set(zmq::sockopt::rcvtimeo, 10000);
        if (!zmq::recv_multipart(router, std::back_inserter(request))) {
            state.SkipWithError("the display never asked for a snapshot");
            break;
        }
        send(router,
             {QByteArray(request[0].data<char>(), qsizetype(request[0].size())), "END", "bench",
              "0"});
        const quint64 probe = version++;
        const bool subscribed = QTest::qWaitFor(
            [&] {
                send(pub, {topics[0], "bench", QByteArray::number(probe), bodies[0]});
                const auto *entry = client.catalog.find(skus[0]);
                return entry && entry->version == probe;
            },
            20000);
        if (!subscribed) {
            state.SkipWithError("the subscription never became live");
            break;
        }

        QElapsedTimer timer;
        timer.start();
        const quint64 first = version;
        for (int i = 0; i < updates; ++i) {
            send(pub,
                 {topics[i % productCount], "bench", QByteArray::number(version++), bodies[i]});
            // Heartbeats keep the display's feed "live" through a long burst.
            if (i % 20000 == 0)
                send(pub, {"heartbeat", "bench", "0", R"({"interval_ms": 1000})"});
        }
        const quint64 last = version - 1;
        const QString lastSku = skus[int((last - first) % productCount)];
        if (!QTest::qWaitFor(
                [&] {
                    const auto *entry = client.catalog.find(lastSku);
                    return entry && entry->version == last;
                },
                60000))
            state.SkipWithError("not every update arrived");
        state.SetIterationTime(double(timer.nsecsElapsed()) / 1e9);
        longestApplyUs = std::max(longestApplyUs, client.longestApplyUs);
    }
    state.SetItemsProcessed(state.iterations() * updates);
    state.counters["gui_batch_max_ms"] = double(longestApplyUs) / 1000.0;
}

} // namespace

BENCHMARK(snapshotOfTenThousandProducts)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);
BENCHMARK(sustainedUpdates)
    ->Arg(200000)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
