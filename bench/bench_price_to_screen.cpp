// From a price change at the store server to the new price on screen: the reference server, the
// feed client on its thread and the real QML card in an offscreen window, on 127.0.0.1.
// Prints the median and 95th percentile over a series of changes. The server is the store server's
// own code (what shelffeed runs) on its real sockets, in this process: a second process would add
// only the kernel's wake-up of another process to the path.
#include <catalog.h>
#include <feed_client.h>
#include <pickup.h>
#include <shelf_view.h>
#include <store_server.h>
#include <trace.h>

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTest>
#include <QThread>
#include <QtQml/QQmlExtensionPlugin>

#include <algorithm>
#include <cstdio>

Q_IMPORT_QML_PLUGIN(Shelfscreen_UiPlugin)

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const int changes = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 100;
    const QString apples = QStringLiteral("6901234000115");

    shelf::StoreServerOptions options;
    options.snapshotEndpoint = options.updatesEndpoint = options.eventsEndpoint
        = QStringLiteral("tcp://127.0.0.1:*");
    shelf::StoreServer server(options);
    if (!server.loadCatalog(QStringLiteral(SHELF_DEMO_DIR "/catalog.json")).isEmpty()
        || !server.start().isEmpty())
        return 1;
    const auto bound = server.endpoints();

    shelf::FeedClientSettings settings;
    settings.snapshotEndpoint = bound.snapshot;
    settings.updatesEndpoint = bound.updates;
    settings.eventsEndpoint = bound.events;
    settings.skus = {apples};
    shelf::FeedClient client(settings, nullptr);
    QThread feedThread;
    client.moveToThread(&feedThread);
    QObject::connect(&feedThread, &QThread::started, &client, &shelf::FeedClient::run);
    shelf::ProductCatalog catalog(12);
    QObject::connect(&client, &shelf::FeedClient::productsChanged, &catalog,
                     &shelf::ProductCatalog::applyChanges);
    QObject::connect(&client, &shelf::FeedClient::healthChanged, &catalog,
                     &shelf::ProductCatalog::setHealth);

    shelf::ShelfView::Settings viewSettings;
    viewSettings.contentFolder = QStringLiteral(SHELF_DEMO_DIR);
    viewSettings.shelfSkus = {apples};
    shelf::ShelfView view(catalog, viewSettings, nullptr);
    QQmlApplicationEngine engine;
    view.setEngine(&engine);
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    engine.setInitialProperties({{QStringLiteral("shelf"), QVariant::fromValue(&view)}});
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Shelfscreen/Ui/Main.qml")));
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().value(0));
    if (!window)
        return 1;
    view.setWindow(window);
    window->resize(1920, 1080);
    window->show();

    QString lastRendered;
    qint64 lastRenderedAt = 0;
    QObject::connect(
        &view, &shelf::ShelfView::cardRendered, &app,
        [&](const QString &, const QString &price, qint64 at) {
            lastRendered = price;
            lastRenderedAt = at;
        },
        Qt::QueuedConnection);

    feedThread.start();
    if (!QTest::qWaitFor([&] { return catalog.find(apples) != nullptr; }, 20000))
        return 1;
    shelf::PickupDecision lift;
    lift.sku = apples;
    lift.slotId = QStringLiteral("A1");
    view.onDecision(lift);
    if (!QTest::qWaitFor([&] { return !lastRendered.isEmpty(); }, 20000))
        return 1;

    std::vector<double> latenciesMs;
    for (int i = 0; i < changes; ++i) {
        const QString amount
            = QStringLiteral("%1.%2").arg(10 + i % 50).arg(i % 100, 2, 10, QLatin1Char('0'));
        const QString expected
            = shelf::Money::parse(amount, QStringLiteral("CNY"))->format(QStringLiteral("en"));
        if (expected == lastRendered)
            continue;
        const qint64 start = shelf::monotonicMicros();
        server.setPrice(apples, amount);
        if (!QTest::qWaitFor([&] { return lastRendered == expected; }, 20000)) {
            std::fprintf(stderr, "price %s never reached the screen\n", qPrintable(amount));
            return 1;
        }
        latenciesMs.push_back(double(lastRenderedAt - start) / 1000.0);
        QTest::qWait(20); // one change at a time, as a store makes them
    }
    std::sort(latenciesMs.begin(), latenciesMs.end());
    const auto at = [&](double q) {
        return latenciesMs[std::min(latenciesMs.size() - 1,
                                    size_t(q * double(latenciesMs.size())))];
    };
    std::printf("price change at the server to the frame on screen, %zu changes: median %.2f ms, "
                "p95 %.2f ms, max %.2f ms\n",
                latenciesMs.size(), at(0.5), at(0.95), latenciesMs.back());
    std::printf("figure price_to_pixels_median %.1f ms\n", at(0.5));
    client.stop();
    feedThread.quit();
    feedThread.wait(5000);
    return 0;
}
