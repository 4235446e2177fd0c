// A benchmark fixture, NOT the product: the WebSocket bridge of the Chromium kiosk that
// bench_chromium measures beside the display. It subscribes to the store server with the
// display's own feed client and pushes one product to the page as JSON; the page answers each
// card it rendered with an ack that this bridge prints, dated, on standard output.
//
//   chromium_kiosk_bridge --snapshot EP --updates EP --events EP --sku SKU
//
// Prints "websocket PORT" once listening on 127.0.0.1 (any free port), then one line per ack:
// "ack T_US SEQ PRICE" (T_US on the monotonic clock, as shelf::monotonicMicros()).
#include <feed_client.h>
#include <trace.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTextStream>
#include <QThread>
#include <QWebSocket>
#include <QWebSocketServer>

#include <cstdio>

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// What the card shows, in the words of ProductCardView (English, the demo's second language).
QJsonObject cardJson(const shelf::ProductRecord &record, qint64 seq)
{
    const QString language = QStringLiteral("en");
    QJsonObject card{{QStringLiteral("seq"), seq},
                     {QStringLiteral("sku"), record.sku},
                     {QStringLiteral("name"), record.name.pick(language)},
                     {QStringLiteral("secondaryName"), record.name.other(language)},
                     {QStringLiteral("price"), record.price.format(language)},
                     {QStringLiteral("unit"), QStringLiteral("/ ") + record.unit},
                     {QStringLiteral("country"), record.country},
                     {QStringLiteral("origin"), record.region.pick(language)},
                     {QStringLiteral("producer"), record.producer},
                     {QStringLiteral("reviews"), record.reviewCount},
                     {QStringLiteral("image"), record.image}};
    if (record.isPromotion()) {
        const shelf::Money saving(record.regularPrice->units() - record.price.units(),
                                  record.price.currency());
        card.insert(QStringLiteral("regularPrice"), record.regularPrice->format(language));
        QString promotion = QStringLiteral("Save %1").arg(saving.format(language));
        if (record.promoUntil.isValid())
            promotion += QStringLiteral(" until %1")
                             .arg(record.promoUntil.date().toString(QStringLiteral("d MMM")));
        card.insert(QStringLiteral("promotion"), promotion);
    }
    if (record.rating)
        card.insert(QStringLiteral("rating"), *record.rating);
    return card;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Benchmark fixture, not the product: a store feed to WebSocket bridge."));
    const QCommandLineOption snapshot(QStringLiteral("snapshot"), QStringLiteral("Snapshot EP."),
                                      QStringLiteral("EP"));
    const QCommandLineOption updates(QStringLiteral("updates"), QStringLiteral("Updates EP."),
                                     QStringLiteral("EP"));
    const QCommandLineOption events(QStringLiteral("events"), QStringLiteral("Events EP."),
                                    QStringLiteral("EP"));
    const QCommandLineOption sku(QStringLiteral("sku"), QStringLiteral("The product shown."),
                                 QStringLiteral("SKU"));
    parser.addHelpOption();
    parser.addOptions({snapshot, updates, events, sku});
    parser.process(app);
    for (const QCommandLineOption &option : {snapshot, updates, events, sku}) {
        if (!parser.isSet(option)) {
            std::fprintf(stderr, "chromium_kiosk_bridge: --%s is required\n",
                         qPrintable(option.names().constFirst()));
            return 2;
        }
    }

    QWebSocketServer server(QStringLiteral("kiosk"), QWebSocketServer::NonSecureMode);
    if (!server.listen(QHostAddress::LocalHost, 0)) {
        std::fprintf(stderr, "chromium_kiosk_bridge: cannot listen: %s\n",
                     qPrintable(server.errorString()));
        return 1;
    }
    QList<QWebSocket *> pages;
    QByteArray lastCard; // sent to a page as soon as it connects
    qint64 seq = 0;
    const auto send = [&](const QByteArray &card) {
        for (QWebSocket *page : std::as_const(pages))
            page->sendTextMessage(QString::fromUtf8(card));
    };
    QObject::connect(&server, &QWebSocketServer::newConnection, &app, [&] {
        while (QWebSocket *page = server.nextPendingConnection()) {
            pages.append(page);
            QObject::connect(
                page, &QWebSocket::textMessageReceived, page, [](const QString &message) {
                    const QJsonObject ack = QJsonDocument::fromJson(message.toUtf8()).object();
                    out() << "ack " << shelf::monotonicMicros() << ' '
                          << ack.value(u"seq").toInteger() << ' ' << ack.value(u"price").toString()
                          << Qt::endl;
                });
            QObject::connect(page, &QWebSocket::disconnected, page, [&pages, page] {
                pages.removeAll(page);
                page->deleteLater();
            });
            if (!lastCard.isEmpty())
                page->sendTextMessage(QString::fromUtf8(lastCard));
        }
    });

    shelf::FeedClientSettings settings;
    settings.snapshotEndpoint = parser.value(snapshot);
    settings.updatesEndpoint = parser.value(updates);
    settings.eventsEndpoint = parser.value(events);
    settings.skus = {parser.value(sku)};
    settings.shelfId = QStringLiteral("chromium-kiosk");
    shelf::FeedClient client(settings, nullptr);
    QThread feedThread;
    client.moveToThread(&feedThread);
    QObject::connect(&feedThread, &QThread::started, &client, &shelf::FeedClient::run);
    QObject::connect(
        &client, &shelf::FeedClient::productsChanged, &app,
        [&](const QVector<shelf::ProductChange> &changes) {
            for (const shelf::ProductChange &change : changes) {
                if (change.sku != settings.skus.constFirst() || !change.record)
                    continue;
                lastCard
                    = QJsonDocument(cardJson(*change.record, ++seq)).toJson(QJsonDocument::Compact);
                send(lastCard);
            }
        });
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &app, [&] {
        client.stop();
        feedThread.quit();
        feedThread.wait(5000);
    });
    feedThread.start();

    out() << "websocket " << server.serverPort() << Qt::endl;
    return app.exec();
}
