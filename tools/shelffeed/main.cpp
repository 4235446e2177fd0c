// shelffeed: the reference store server for shelf displays (../shared/feed-protocol.md).
#include "store_server.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>
#include <unistd.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("shelffeed"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SHELFSCREEN_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Serves a product catalog to shelf displays by the store feed protocol.\n"
                       "Commands on standard input: price SKU AMOUNT | withdraw SKU | reset"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption catalog(QStringLiteral("catalog"),
                                     QStringLiteral("Catalog: a JSON array of product records."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption snapshot(
        QStringLiteral("snapshot"),
        QStringLiteral("Snapshot ROUTER endpoint (\"*\" as port: any free one)."),
        QStringLiteral("ENDPOINT"), QStringLiteral("tcp://127.0.0.1:5556"));
    const QCommandLineOption updates(
        QStringLiteral("updates"), QStringLiteral("Updates PUB endpoint."),
        QStringLiteral("ENDPOINT"), QStringLiteral("tcp://127.0.0.1:5557"));
    const QCommandLineOption events(
        QStringLiteral("events"), QStringLiteral("Shopper events ROUTER endpoint."),
        QStringLiteral("ENDPOINT"), QStringLiteral("tcp://127.0.0.1:5558"));
    const QCommandLineOption eventsLog(
        QStringLiteral("events-log"),
        QStringLiteral("Store shopper events in this JSON-lines file."), QStringLiteral("FILE"));
    const QCommandLineOption heartbeat(QStringLiteral("heartbeat-ms"),
                                       QStringLiteral("Heartbeat interval."), QStringLiteral("MS"),
                                       QStringLiteral("1000"));
    parser.addOptions({ catalog, snapshot, updates, events, eventsLog, heartbeat });
    parser.process(app);

    QTextStream err(stderr);
    if (!parser.isSet(catalog)) {
        err << "shelffeed: --catalog FILE is required\n";
        return 2;
    }
    shelf::StoreServerOptions options;
    options.snapshotEndpoint = parser.value(snapshot);
    options.updatesEndpoint = parser.value(updates);
    options.eventsEndpoint = parser.value(events);
    options.eventsLogPath = parser.value(eventsLog);
    bool ok = false;
    options.heartbeatIntervalMs = parser.value(heartbeat).toInt(&ok);
    if (!ok || options.heartbeatIntervalMs < 10 || options.heartbeatIntervalMs > 60000) {
        err << "shelffeed: --heartbeat-ms must be 10 to 60000\n";
        return 2;
    }

    shelf::StoreServer server(options);
    if (const QString error = server.loadCatalog(parser.value(catalog)); !error.isEmpty()) {
        err << "shelffeed: " << error << '\n';
        return 2;
    }
    if (const QString error = server.start(); !error.isEmpty()) {
        err << "shelffeed: " << error << '\n';
        return 1;
    }
    // The bound endpoints, one a line, so scripts and tests can use ephemeral ports.
    QTextStream out(stdout);
    const auto bound = server.endpoints();
    out << "snapshot " << bound.snapshot << "\nupdates " << bound.updates << "\nevents "
        << bound.events << "\nepoch " << server.epoch() << Qt::endl;

    // Operator commands, one a line; a partial line waits for the rest.
    QByteArray pending;
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char chunk[4096];
        const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
        if (n <= 0) {
            input.setEnabled(false); // end of input: keep serving until the process is stopped
            return;
        }
        pending.append(chunk, qsizetype(n));
        qsizetype end;
        while ((end = pending.indexOf('\n')) >= 0) {
            const QString command = QString::fromUtf8(pending.left(end)).trimmed();
            pending.remove(0, end + 1);
            if (command.isEmpty())
                continue;
            const QString error = server.command(command);
            if (!error.isEmpty())
                err << "shelffeed: " << error << Qt::endl;
            else
                out << "ok " << command << Qt::endl;
        }
    });
    return app.exec();
}
