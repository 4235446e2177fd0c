// shelffeed: the reference store server for shelf displays (../shared/feed-protocol.md), a
// fan-out proxy in front of one, and the maker of their CURVE keys.
#include "feed_proxy.h"
#include "fleet_file.h"
#include "server_watcher.h"
#include "store_server.h"

#include <curve_keys.h>
#include <message_handler.h>
#include <unistd.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTextStream>

#include <optional>

Q_LOGGING_CATEGORY(lcShelffeed, "shelf.storeserver")

namespace {

// The command line's options, made once so that every mode checks the same objects.
struct Options
{
    QCommandLineOption catalog{QStringLiteral("catalog"),
                               QStringLiteral("Catalog: a JSON array of product records. Edits "
                                              "to the file are published while serving."),
                               QStringLiteral("FILE")};
    QCommandLineOption snapshot{QStringLiteral("snapshot"),
                                QStringLiteral("Snapshot ROUTER endpoint for displays (\"*\" as "
                                               "port: any free one)."),
                                QStringLiteral("ENDPOINT"), QStringLiteral("tcp://127.0.0.1:5556")};
    QCommandLineOption updates{QStringLiteral("updates"),
                               QStringLiteral("Updates PUB endpoint for displays."),
                               QStringLiteral("ENDPOINT"), QStringLiteral("tcp://127.0.0.1:5557")};
    QCommandLineOption events{QStringLiteral("events"),
                              QStringLiteral("Shopper events ROUTER endpoint for displays."),
                              QStringLiteral("ENDPOINT"), QStringLiteral("tcp://127.0.0.1:5558")};
    QCommandLineOption eventsLog{QStringLiteral("events-log"),
                                 QStringLiteral("Store shopper events in this JSON-lines file."),
                                 QStringLiteral("FILE")};
    QCommandLineOption heartbeat{QStringLiteral("heartbeat-ms"),
                                 QStringLiteral("Heartbeat interval, 10 to 60000."),
                                 QStringLiteral("MS"), QStringLiteral("1000")};
    QCommandLineOption curveSecret{QStringLiteral("curve-secret"),
                                   QStringLiteral("Encrypt with CURVE: the server's (or with "
                                                  "--proxy, the proxy's) secret key file (mode "
                                                  "0600, from gen-keys). Needs --curve-clients."),
                                   QStringLiteral("FILE")};
    QCommandLineOption curveClients{QStringLiteral("curve-clients"),
                                    QStringLiteral("Folder of the admitted displays' public key "
                                                   "files (*.pub); re-read when it changes."),
                                    QStringLiteral("DIR")};
    QCommandLineOption screenshots{QStringLiteral("screenshots"),
                                   QStringLiteral("Folder where JPEGs from `screenshot SHELF` are "
                                                  "saved (default: the current folder)."),
                                   QStringLiteral("DIR"), QStringLiteral(".")};
    QCommandLineOption fleetJson{QStringLiteral("fleet-json"),
                                 QStringLiteral("Keep the fleet (every display's last status) as "
                                                "JSON in FILE: rewritten whole on each change and "
                                                "at least every 30 s."),
                                 QStringLiteral("FILE")};
    QCommandLineOption proxy{QStringLiteral("proxy"),
                             QStringLiteral("Run as a proxy that forwards a store server's feed "
                                            "to more displays, instead of serving a catalog.")};
    QCommandLineOption upstreamSnapshot{QStringLiteral("upstream-snapshot"),
                                        QStringLiteral("With --proxy: the server's snapshot "
                                                       "endpoint."),
                                        QStringLiteral("ENDPOINT")};
    QCommandLineOption upstreamUpdates{QStringLiteral("upstream-updates"),
                                       QStringLiteral("With --proxy: the server's updates "
                                                      "endpoint."),
                                       QStringLiteral("ENDPOINT")};
    QCommandLineOption upstreamEvents{QStringLiteral("upstream-events"),
                                      QStringLiteral("With --proxy: the server's events "
                                                     "endpoint."),
                                      QStringLiteral("ENDPOINT")};
    QCommandLineOption upstreamKey{QStringLiteral("upstream-key"),
                                   QStringLiteral("With --proxy and --curve-secret: the store "
                                                  "server's public key file (server.pub)."),
                                   QStringLiteral("FILE")};

    QList<QCommandLineOption> all() const
    {
        return {catalog,   snapshot,         updates,         events,         eventsLog,
                heartbeat, curveSecret,      curveClients,    screenshots,    fleetJson,
                proxy,     upstreamSnapshot, upstreamUpdates, upstreamEvents, upstreamKey};
    }
};

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// Bad options and bad files stop the program before it serves anything.
int usageError(const QString &message)
{
    err() << "shelffeed: " << message << Qt::endl;
    return 2;
}

// The bound endpoints, one a line, so that scripts and tests can use ephemeral ports.
void printEndpoints(const shelf::StoreServer::Endpoints &bound)
{
    out() << "snapshot " << bound.snapshot << "\nupdates " << bound.updates << "\nevents "
          << bound.events << '\n';
}

// The first option of `options` that is set, for "cannot be used with" messages.
QString firstSet(const QCommandLineParser &parser, const QList<QCommandLineOption> &options)
{
    for (const QCommandLineOption &option : options) {
        if (parser.isSet(option))
            return QStringLiteral("--") + option.names().constFirst();
    }
    return {};
}

// A secret key file that only its owner may read; the key, or the error in `error`.
QByteArray readSecretKey(const QString &path, QString *error)
{
    const shelf::curve::KeyResult key = shelf::curve::readKeyFile(path);
    if (!key.key) {
        *error = key.error;
        return {};
    }
    constexpr QFileDevice::Permissions shared = QFileDevice::ReadGroup | QFileDevice::WriteGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther;
    if (QFileInfo(path).permissions() & shared) {
        *error = QStringLiteral("%1: a secret key must be private to its owner (chmod 600 %1)")
                     .arg(path);
        return {};
    }
    return *key.key;
}

void warnIfNoKeys(const QString &clientsFolder)
{
    if (shelf::readCurveClientFolder(clientsFolder).keys.isEmpty())
        err() << "shelffeed: " << clientsFolder
              << ": no display keys yet; none is admitted until one is added" << Qt::endl;
}

int generateKeys(const QStringList &arguments)
{
    if (arguments.size() < 2 || arguments.size() > 3)
        return usageError(QStringLiteral("usage: shelffeed gen-keys DIR [NAME]"));
    const QString folder = arguments[1];
    const QString name = arguments.size() == 3 ? arguments[2] : QStringLiteral("server");
    if (name.isEmpty() || name.contains(u'/') || name.startsWith(u'.'))
        return usageError(
            QStringLiteral("\"%1\" is not a key name (a file name without '/')").arg(name));
    const QDir dir(folder);
    // A new server key locks out every display configured with the old one: never overwrite.
    for (const QString &suffix : {QStringLiteral(".secret"), QStringLiteral(".pub")}) {
        const QString path = dir.filePath(name + suffix);
        if (QFileInfo::exists(path))
            return usageError(
                QStringLiteral("%1 exists; remove it first to make a new keypair").arg(path));
    }
    if (const QString error = shelf::curve::generateKeyPairFiles(folder, name); !error.isEmpty())
        return usageError(error);
    const shelf::curve::KeyResult key
        = shelf::curve::readKeyFile(dir.filePath(name + QStringLiteral(".pub")));
    if (!key.key)
        return usageError(key.error);
    out() << *key.key << Qt::endl;
    return 0;
}

int runProxy(QCoreApplication &app, const QCommandLineParser &parser, const Options &o)
{
    if (const QString option
        = firstSet(parser, {o.catalog, o.eventsLog, o.heartbeat, o.screenshots, o.fleetJson});
        !option.isEmpty())
        return usageError(QStringLiteral("%1 cannot be used with --proxy").arg(option));
    if (parser.isSet(o.curveSecret) != parser.isSet(o.curveClients)
        || parser.isSet(o.curveSecret) != parser.isSet(o.upstreamKey))
        return usageError(QStringLiteral("--curve-secret, --curve-clients and --upstream-key go "
                                         "together: the proxy's key, the displays it admits and "
                                         "the server's public key"));
    shelf::FeedProxyOptions options;
    options.upstreamSnapshot = parser.value(o.upstreamSnapshot);
    options.upstreamUpdates = parser.value(o.upstreamUpdates);
    options.upstreamEvents = parser.value(o.upstreamEvents);
    if (options.upstreamSnapshot.isEmpty() || options.upstreamUpdates.isEmpty()
        || options.upstreamEvents.isEmpty())
        return usageError(QStringLiteral("--proxy needs --upstream-snapshot, --upstream-updates "
                                         "and --upstream-events"));
    options.snapshotEndpoint = parser.value(o.snapshot);
    options.updatesEndpoint = parser.value(o.updates);
    options.eventsEndpoint = parser.value(o.events);
    const QString clientsFolder = parser.value(o.curveClients);
    if (parser.isSet(o.curveSecret)) {
        QString error;
        options.curveSecretKey = readSecretKey(parser.value(o.curveSecret), &error);
        if (!error.isEmpty())
            return usageError(error);
        const shelf::curve::KeyResult serverKey
            = shelf::curve::readKeyFile(parser.value(o.upstreamKey));
        if (!serverKey.key)
            return usageError(serverKey.error);
        options.upstreamServerKey = *serverKey.key;
        if (!QFileInfo(clientsFolder).isDir())
            return usageError(QStringLiteral("%1: no such folder").arg(clientsFolder));
    }

    shelf::FeedProxy proxy(options);
    // Displays' keys are re-read when the folder changes, as the server does.
    shelf::StoreServerWatcher watcher(
        [&proxy](const QList<QByteArray> &keys) { return proxy.setCurveClientKeys(keys); });
    if (!clientsFolder.isEmpty()) {
        if (const QStringList errors = watcher.watchCurveClients(clientsFolder); !errors.isEmpty())
            return usageError(errors.join(QStringLiteral("\nshelffeed: ")));
        warnIfNoKeys(clientsFolder);
    }
    QObject::connect(&watcher, &shelf::StoreServerWatcher::problem, &app,
                     [](const QString &message) { err() << "shelffeed: " << message << Qt::endl; });
    if (const QString error = proxy.start(); !error.isEmpty()) {
        err() << "shelffeed: " << error << Qt::endl;
        return 1;
    }
    printEndpoints(proxy.endpoints());
    if (!options.curveSecretKey.isEmpty())
        out() << "curve-public-key " << proxy.curvePublicKey() << '\n';
    out().flush();
    return app.exec();
}

int runServer(QCoreApplication &app, const QCommandLineParser &parser, const Options &o)
{
    if (const QString option = firstSet(
            parser, {o.upstreamSnapshot, o.upstreamUpdates, o.upstreamEvents, o.upstreamKey});
        !option.isEmpty())
        return usageError(QStringLiteral("%1 needs --proxy").arg(option));
    if (!parser.isSet(o.catalog))
        return usageError(QStringLiteral("--catalog FILE is required (or --proxy)"));
    if (parser.isSet(o.curveSecret) != parser.isSet(o.curveClients))
        return usageError(QStringLiteral("--curve-secret and --curve-clients go together: the "
                                         "server's key, and the displays it admits"));

    shelf::StoreServerOptions options;
    options.snapshotEndpoint = parser.value(o.snapshot);
    options.updatesEndpoint = parser.value(o.updates);
    options.eventsEndpoint = parser.value(o.events);
    options.eventsLogPath = parser.value(o.eventsLog);
    bool ok = false;
    options.heartbeatIntervalMs = parser.value(o.heartbeat).toInt(&ok);
    if (!ok || options.heartbeatIntervalMs < 10 || options.heartbeatIntervalMs > 60000)
        return usageError(QStringLiteral("--heartbeat-ms must be 10 to 60000"));

    const QString clientsFolder = parser.value(o.curveClients);
    if (parser.isSet(o.curveSecret)) {
        QString error;
        options.curveSecretKey = readSecretKey(parser.value(o.curveSecret), &error);
        if (!error.isEmpty())
            return usageError(error);
        if (!QFileInfo(clientsFolder).isDir())
            return usageError(QStringLiteral("%1: no such folder").arg(clientsFolder));
    }

    options.screenshotFolder = parser.value(o.screenshots);
    if (!QFileInfo(options.screenshotFolder).isDir())
        return usageError(QStringLiteral("%1: no such folder").arg(options.screenshotFolder));
    // Results arrive on the server's thread; they are printed on this one.
    options.onCommandResult = [&app](const shelf::CommandResult &result) {
        QMetaObject::invokeMethod(&app, [result] {
            if (!result.screenshotPath.isEmpty())
                out() << "screenshot " << result.shelf << ' ' << result.screenshotPath << Qt::endl;
            else if (!result.error.isEmpty())
                err() << "shelffeed: shelf " << result.shelf
                      << ": screenshot refused: " << result.error << Qt::endl;
            else
                out() << "result " << result.commandId << ' ' << result.command << ' '
                      << result.shelf << (result.ok ? " ok" : " failed")
                      << (result.detail.isEmpty() ? QString()
                                                  : QStringLiteral(": ") + result.detail)
                      << Qt::endl;
        });
    };

    shelf::StoreServer server(options);
    shelf::StoreServerWatcher watcher(server);
    if (!clientsFolder.isEmpty()) {
        if (const QStringList errors = watcher.watchCurveClients(clientsFolder); !errors.isEmpty())
            return usageError(errors.join(QStringLiteral("\nshelffeed: ")));
        warnIfNoKeys(clientsFolder);
    }
    if (const QString error = watcher.watchCatalog(parser.value(o.catalog)); !error.isEmpty())
        return usageError(error);
    QObject::connect(&watcher, &shelf::StoreServerWatcher::problem, &app,
                     [](const QString &message) { qCWarning(lcShelffeed).noquote() << message; });
    QObject::connect(&watcher, &shelf::StoreServerWatcher::catalogReloaded, &app,
                     [](const QString &path) { out() << "reloaded catalog " << path << Qt::endl; });
    QObject::connect(&watcher, &shelf::StoreServerWatcher::curveClientsReloaded, &app,
                     [](const QString &folder, int count) {
                         out() << "admitting " << count << " display keys from " << folder
                               << Qt::endl;
                     });

    if (const QString error = server.start(); !error.isEmpty()) {
        err() << "shelffeed: " << error << Qt::endl;
        return 1;
    }
    printEndpoints(server.endpoints());
    out() << "epoch " << server.epoch() << '\n';
    if (!options.curveSecretKey.isEmpty())
        out() << "curve-public-key " << server.curvePublicKey() << '\n';
    out().flush();

    std::optional<shelf::FleetFile> fleetFile;
    if (parser.isSet(o.fleetJson)) {
        fleetFile.emplace(server, parser.value(o.fleetJson));
        QObject::connect(&*fleetFile, &shelf::FleetFile::problem, &app, [](const QString &message) {
            err() << "shelffeed: " << message << Qt::endl;
        });
        QObject::connect(&*fleetFile, &shelf::FleetFile::recovered, &app, [](const QString &path) {
            err() << "shelffeed: " << path << ": written again" << Qt::endl;
        });
        // A first write that fails is reported and retried like any other.
        (void)fleetFile->start();
    }

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
            QString output;
            const QString error = server.command(command, &output);
            if (!error.isEmpty())
                err() << "shelffeed: " << error << Qt::endl;
            else if (!output.isEmpty())
                out() << output << Qt::flush;
            else
                out() << "ok " << command << Qt::endl;
        }
    });
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    shelf::logging::install("shelffeed");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("shelffeed"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SHELFSCREEN_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Serves a product catalog to shelf displays by the store feed protocol.\n"
        "\n"
        "  shelffeed --catalog FILE [options]\n"
        "      Serves FILE. Commands on standard input:\n"
        "        price SKU AMOUNT | withdraw SKU | reset\n"
        "        fleet                 the displays heard from: states, version, screen, last\n"
        "                              seen; \"missing\" after 3 minutes of silence\n"
        "        screenshot SHELF      a JPEG of its screen, saved in --screenshots DIR\n"
        "        identify SHELF        its shelf id large on its screen for 10 s\n"
        "        reload SHELF          re-read its config and content now\n"
        "        status SHELF          send its status now\n"
        "      SHELF is a shelf id or * (every display); each command prints its id.\n"
        "  shelffeed --proxy --upstream-snapshot EP --upstream-updates EP --upstream-events EP\n"
        "            [--snapshot EP --updates EP --events EP]\n"
        "            [--curve-secret FILE --curve-clients DIR --upstream-key FILE]\n"
        "      Forwards a store server's feed to more displays; with CURVE on both sides.\n"
        "  shelffeed gen-keys DIR [NAME]\n"
        "      Writes a CURVE keypair, DIR/NAME.pub and DIR/NAME.secret (NAME: server), and\n"
        "      prints the public key. A display's NAME.pub goes into the --curve-clients folder.\n"
        "\n"
        "Bad options or files exit with code 2."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const Options options;
    parser.addOptions(options.all());
    parser.addPositionalArgument(QStringLiteral("gen-keys"),
                                 QStringLiteral("Write a CURVE keypair (see above)."),
                                 QStringLiteral("[gen-keys DIR [NAME]]"));
    // parse(), not process(): a bad option must exit with 2 like every other usage error.
    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(help))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("help-all")))
        parser.process(app); // prints the help with Qt's own options and exits
    if (parser.isSet(version))
        parser.showVersion();

    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty()) {
        if (positional[0] != u"gen-keys")
            return usageError(
                QStringLiteral("unknown command \"%1\" (try --help)").arg(positional[0]));
        QList<QCommandLineOption> all = options.all();
        if (const QString option = firstSet(parser, all); !option.isEmpty())
            return usageError(QStringLiteral("gen-keys takes no options (%1)").arg(option));
        return generateKeys(positional);
    }
    if (parser.isSet(options.proxy))
        return runProxy(app, parser, options);
    return runServer(app, parser, options);
}
