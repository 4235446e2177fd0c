// shelfscreen: the shelf display. main() reads the command line, builds the object graph once
// and wires it; every piece of logic lives in the libraries.
#include "attract_content.h"
#include "camera_setup.h"
#include "catalog.h"
#include "check_command.h"
#include "content_watcher.h"
#include "curve_keys.h"
#include "detect_command.h"
#include "feed_client.h"
#include "fusion.h"
#include "identification_worker.h"
#include "scale_reader.h"
#include "script.h"
#include "shelf_config.h"
#include "shelf_input.h"
#include "simulated_scale.h"
#include "trace.h"
#include "vision_worker.h"

#include <shelf_view.h>
#include <store_server.h>
#include <synthetic_shelf.h>
#include <theme_palette.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFont>
#include <QGuiApplication>
#include <QJsonArray>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>
#include <cstdlib>

Q_IMPORT_QML_PLUGIN(Shelfscreen_UiPlugin)

namespace {

int fail(const QString &message, int code)
{
    std::fprintf(stderr, "%s\n", qPrintable(message));
    return code;
}

// Stops a worker's loop, then its thread, waiting a bounded time: a thread still running at
// exit would crash the process while it is being torn down.
// The camera's wait is the longest: a driver may take seconds to give up opening a device.
template<typename Worker> void stopWorker(Worker &worker, QThread &thread, int waitMs = 3000)
{
    worker.stop();
    thread.quit();
    if (!thread.wait(waitMs)) {
        // Destroying a running QThread aborts; leaving now lets a supervisor restart us cleanly.
        qCritical("a worker thread did not stop within %d ms; exiting at once", waitMs);
        std::_Exit(1);
    }
}

// shelfscreen gen-keys DIR: this display's CURVE keypair, for the store's integration team.
int generateKeys(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() != 3)
        return fail(
            QStringLiteral(
                "usage: shelfscreen gen-keys DIR (writes DIR/display.pub and DIR/display.secret)"),
            2);
    if (const QString error
        = shelf::curve::generateKeyPairFiles(arguments[2], QStringLiteral("display"));
        !error.isEmpty())
        return fail(error, 1);
    const auto key
        = shelf::curve::readKeyFile(QDir(arguments[2]).filePath(QStringLiteral("display.pub")));
    std::printf("%s\n", key.key ? key.key->constData() : "");
    return 0;
}

// Reads the CURVE keys the config names; an error names the file.
std::optional<shelf::CurveClientKeys> loadCurveKeys(const shelf::FeedConfig &feed, QString &error)
{
    if (feed.serverKeyPath.isEmpty())
        return std::nullopt;
    shelf::CurveClientKeys keys;
    for (auto [path, target] :
         {std::pair{feed.serverKeyPath, &keys.serverPublicKey},
          std::pair{feed.displayKeyPath + QStringLiteral(".pub"), &keys.publicKey},
          std::pair{feed.displayKeyPath + QStringLiteral(".secret"), &keys.secretKey}}) {
        const shelf::curve::KeyResult read = shelf::curve::readKeyFile(path);
        if (!read.key) {
            error = read.error;
            return std::nullopt;
        }
        *target = *read.key;
    }
    return keys;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc > 1 && qstrcmp(argv[1], "gen-keys") == 0)
        return generateKeys(argc, argv);
    if (argc > 1 && qstrcmp(argv[1], "detect") == 0) {
        QCoreApplication app(argc, argv);
        return shelf::runDetect(QCoreApplication::arguments());
    }
    if (argc > 1 && qstrcmp(argv[1], "check") == 0) {
        QCoreApplication app(argc, argv);
        return shelf::runCheck(QCoreApplication::arguments());
    }
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("shelfscreen"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SHELFSCREEN_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The shelf display: shows the product a shopper lifts."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QStringLiteral("Run with the built-in store server and a simulated shelf."));
    const QCommandLineOption kioskOption(
        QStringLiteral("kiosk"), QStringLiteral("Full screen and unattended, for shelf screens."));
    const QCommandLineOption configOption(
        QStringLiteral("config"),
        QStringLiteral("Shelf configuration (TOML). Default: the built-in demo shelf."),
        QStringLiteral("FILE"));
    const QCommandLineOption scriptOption(
        QStringLiteral("script"),
        QStringLiteral(
            "Play timed actions from FILE (lift, return, scan, screenshot, lang, quit)."),
        QStringLiteral("FILE"));
    const QCommandLineOption sizeOption(QStringLiteral("size"),
                                        QStringLiteral("Window size, e.g. 1920x1080."),
                                        QStringLiteral("WxH"));
    const QCommandLineOption traceOption(
        QStringLiteral("trace"), QStringLiteral("Write pipeline events as JSON lines to FILE."),
        QStringLiteral("FILE"));
    const QCommandLineOption selfTestOption(
        QStringLiteral("self-test"),
        QStringLiteral("Load the interface, run for a second, fail on any QML warning."));
    parser.addOptions({demoOption, kioskOption, configOption, scriptOption, sizeOption, traceOption,
                       selfTestOption});
    parser.process(app);

    if (parser.isSet(demoOption) && parser.isSet(kioskOption))
        return fail(QStringLiteral("shelfscreen: --demo and --kiosk exclude each other"), 2);
    const bool demo = parser.isSet(demoOption) || !parser.isSet(configOption);
    const bool kiosk = parser.isSet(kioskOption);
    const bool selfTest = parser.isSet(selfTestOption);

    QSize windowSize(1920, 1080);
    if (parser.isSet(sizeOption)) {
        const QStringList parts = parser.value(sizeOption).split(u'x');
        const int width = parts.size() == 2 ? parts[0].toInt() : 0;
        const int height = parts.size() == 2 ? parts[1].toInt() : 0;
        if (width < 160 || height < 120 || width > 8192 || height > 8192)
            return fail(
                QStringLiteral("shelfscreen: --size %1 is not WIDTHxHEIGHT (160x120 to 8192x8192)")
                    .arg(parser.value(sizeOption)),
                2);
        windowSize = QSize(width, height);
    }

    const QString configPath = parser.isSet(configOption) ? parser.value(configOption)
                                                          : QStringLiteral(":/demo/shelf.toml");
    shelf::ConfigResult loaded = shelf::loadShelfConfig(configPath);
    if (!loaded.config)
        return fail(loaded.error, 2);
    shelf::ShelfConfig config = *loaded.config;

    std::optional<QVector<shelf::ScriptAction>> script;
    if (parser.isSet(scriptOption)) {
        shelf::ScriptParseResult parsed = shelf::loadScript(parser.value(scriptOption), config);
        if (!parsed.actions)
            return fail(parsed.error, 2);
        script = std::move(parsed.actions);
    }

    shelf::Trace trace;
    if (parser.isSet(traceOption)) {
        if (const QString error = trace.open(parser.value(traceOption)); !error.isEmpty())
            return fail(error, 2);
    }

    // Demo mode serves the demo catalog in-process, on ports the system picks so that it never
    // collides with a real store server on the same machine.
    std::unique_ptr<shelf::StoreServer> demoServer;
    if (demo) {
        if (config.demoCatalog.isEmpty())
            return fail(
                QStringLiteral("%1: demo mode needs [demo] catalog = \"FILE\"").arg(config.path),
                2);
        shelf::StoreServerOptions options;
        options.snapshotEndpoint = options.updatesEndpoint = options.eventsEndpoint
            = QStringLiteral("tcp://127.0.0.1:*");
        demoServer = std::make_unique<shelf::StoreServer>(options);
        if (QString error = demoServer->loadCatalog(config.demoCatalog); !error.isEmpty())
            return fail(error, 2);
        if (QString error = demoServer->start(); !error.isEmpty())
            return fail(QStringLiteral("demo store server: ") + error, 1);
        const auto bound = demoServer->endpoints();
        config.feed.snapshotEndpoint = bound.snapshot;
        config.feed.updatesEndpoint = bound.updates;
        config.feed.eventsEndpoint = bound.events;
    }

    QGuiApplication::setFont(QFont(QStringLiteral("Noto Sans CJK SC")));

    shelf::ProductCatalog catalog(config.feed.maxPriceAgeHours);

    shelf::FeedClientSettings feedSettings;
    feedSettings.snapshotEndpoint = config.feed.snapshotEndpoint;
    feedSettings.updatesEndpoint = config.feed.updatesEndpoint;
    feedSettings.eventsEndpoint = config.feed.eventsEndpoint;
    feedSettings.skus = config.skus();
    feedSettings.wholeCatalog = config.feed.wholeCatalog;
    feedSettings.shelfId = config.shelfId;
    // The demo's server lives and dies with the process, so its data stays in memory; a real
    // display keeps its last good prices and unsent events on disk.
    if (!demo) {
        const QString dataFolder
            = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + u'/'
            + config.shelfId;
        feedSettings.storePath = config.feed.storePath.isEmpty()
            ? dataFolder + QStringLiteral("/shelf.db")
            : config.feed.storePath;
    }
    QString keyError;
    feedSettings.curve = loadCurveKeys(config.feed, keyError);
    if (!keyError.isEmpty())
        return fail(keyError, 2);
    shelf::FeedClient feedClient(feedSettings, &trace);
    QThread feedThread;
    feedThread.setObjectName(QStringLiteral("feed"));
    feedClient.moveToThread(&feedThread);
    QObject::connect(&feedThread, &QThread::started, &feedClient, &shelf::FeedClient::run);
    QObject::connect(&feedClient, &shelf::FeedClient::productsChanged, &catalog,
                     &shelf::ProductCatalog::applyChanges);
    QObject::connect(&feedClient, &shelf::FeedClient::healthChanged, &catalog,
                     &shelf::ProductCatalog::setHealth);

    std::shared_ptr<shelf::vision::SyntheticShelfState> syntheticShelf;
    if (config.camera.source == u"synthetic" || demo)
        syntheticShelf = std::make_shared<shelf::vision::SyntheticShelfState>(
            std::size_t(config.slots.size()));
    shelf::VisionWorker visionWorker(config, syntheticShelf, &trace);
    QThread visionThread;
    visionThread.setObjectName(QStringLiteral("vision"));
    visionWorker.moveToThread(&visionThread);
    QObject::connect(&visionThread, &QThread::started, &visionWorker, &shelf::VisionWorker::run);

    // Products held up to the camera, identified on a thread of their own. With markers the slot
    // outlines are in shelf units, so no product is taken for one standing in its slot.
    std::vector<std::vector<cv::Point2f>> slotsInPixels;
    if (config.camera.markerIds.isEmpty()) {
        for (const shelf::SlotConfig &slot : config.slots)
            slotsInPixels.push_back(shelf::toCvPolygon(slot.polygon));
    }
    shelf::IdentificationWorker identification(slotsInPixels);
    QThread identificationThread;
    identificationThread.setObjectName(QStringLiteral("identify"));
    identification.moveToThread(&identificationThread);
    visionWorker.setIdentification(&identification);
    QObject::connect(&visionWorker, &shelf::VisionWorker::frameForIdentification, &identification,
                     &shelf::IdentificationWorker::identify);
    // The catalog is read here, on the GUI thread; only the resulting list crosses to the
    // identification thread, and only when a picture changed (not on every price update).
    QHash<QString, QString> referencePictures;
    QObject::connect(&catalog, &shelf::ProductCatalog::productsChanged, &catalog, [&] {
        QHash<QString, QString> pictures;
        for (const QString &sku : config.skus()) {
            if (const shelf::ProductCatalog::Entry *entry = catalog.find(sku);
                entry && !entry->record.image.isEmpty())
                pictures.insert(sku,
                                shelf::contentFilePath(config.contentFolder, entry->record.image));
        }
        if (pictures == referencePictures)
            return;
        referencePictures = pictures;
        QMetaObject::invokeMethod(&identification, [&identification, pictures] {
            identification.setReferences(pictures);
        });
    });

    shelf::PickupFusion fusion(config, &trace);
    fusion.setBarcodeResolver(
        [&catalog](const QString &code) { return catalog.skuForBarcode(code); });
    QObject::connect(&visionWorker, &shelf::VisionWorker::slotEvent, &fusion,
                     &shelf::PickupFusion::onSlotEvent);
    QObject::connect(&visionWorker, &shelf::VisionWorker::aisleChanged, &fusion,
                     &shelf::PickupFusion::onAisleChanged);
    // The aisle is learned as empty only while fusion holds nothing out of its slot.
    QObject::connect(&fusion, &shelf::PickupFusion::decided, &fusion,
                     [&] { visionWorker.setProductsOut(!fusion.liftedSlots().isEmpty()); });

    // The shelf's scale: a board on a serial port or FIFO, or the simulated shelf's own board.
    const QString scaleSource
        = config.scale.source.isEmpty() && demo ? QStringLiteral("synthetic") : config.scale.source;
    std::unique_ptr<shelf::ScaleReader> scaleReader;
    QThread scaleThread;
    scaleThread.setObjectName(QStringLiteral("scale"));
    if (!scaleSource.isEmpty() && (scaleSource != u"synthetic" || syntheticShelf)) {
        shelf::ScaleSettings scaleSettings;
        scaleSettings.path = scaleSource;
        scaleSettings.baudRate = config.scale.baudRate;
        if (scaleSource == u"synthetic")
            scaleSettings.simulated = shelf::simulatedBoardFor(config, syntheticShelf);
        scaleReader = std::make_unique<shelf::ScaleReader>(scaleSettings, &trace);
        scaleReader->moveToThread(&scaleThread);
        QObject::connect(&scaleThread, &QThread::started, scaleReader.get(),
                         &shelf::ScaleReader::start);
        QObject::connect(scaleReader.get(), &shelf::ScaleReader::weightChanged, &fusion,
                         &shelf::PickupFusion::onWeightChange);
    }
    fusion.setUnitWeightResolver([&catalog](const QString &sku) {
        const shelf::ProductCatalog::Entry *entry = catalog.find(sku);
        return entry && entry->record.unitWeightGrams ? double(*entry->record.unitWeightGrams)
                                                      : 0.0;
    });
    // The reader matches weight changes to units on its own thread, against the unit weights
    // as the catalog knows them: handed over at start and whenever they change.
    shelf::UnitWeightTable unitWeights;
    const auto publishUnitWeights = [&] {
        const shelf::UnitWeightTable table = fusion.unitWeightTable();
        if (!scaleReader || table == unitWeights)
            return;
        unitWeights = table;
        QMetaObject::invokeMethod(scaleReader.get(), [reader = scaleReader.get(), table] {
            reader->setUnitWeights(table);
        });
    };
    publishUnitWeights();
    QObject::connect(&catalog, &shelf::ProductCatalog::productsChanged, &fusion,
                     publishUnitWeights);

    shelf::ShelfInput input(config, syntheticShelf);
    QObject::connect(&input, &shelf::ShelfInput::sensorEvent, &fusion,
                     &shelf::PickupFusion::onSlotEvent);
    QObject::connect(&identification, &shelf::IdentificationWorker::identified, &fusion,
                     &shelf::PickupFusion::onIdentified);
    QObject::connect(&input, &shelf::ShelfInput::identified, &fusion,
                     &shelf::PickupFusion::onIdentified);
    QObject::connect(&input, &shelf::ShelfInput::aisleChanged, &fusion,
                     &shelf::PickupFusion::onAisleChanged);

    shelf::ShelfView::Settings viewSettings;
    viewSettings.language = config.language;
    viewSettings.contentFolder = config.contentFolder;
    viewSettings.shelfSkus = config.skus();
    viewSettings.returnHoldMs = config.returnHoldSeconds * 1000;
    viewSettings.alternateLanguageMs = config.alternateLanguageSeconds * 1000;
    shelf::ShelfView view(catalog, viewSettings, &trace);
    QObject::connect(&fusion, &shelf::PickupFusion::decided, &view, &shelf::ShelfView::onDecision);

    // The operator's content files, read at start and again whenever one is saved. A broken
    // file is reported with its line and the display keeps what it showed.
    const auto loadAttract = [&config, &view, &trace] {
        const shelf::AttractContentResult loaded
            = shelf::loadAttractContent(config.attractFile(), config);
        for (const QString &warning : loaded.warnings)
            qWarning().noquote() << warning;
        if (!loaded.content) {
            qWarning().noquote() << loaded.error << "(the attract loop keeps its last content)";
            trace.write("content_rejected", {{QStringLiteral("error"), loaded.error}});
            return;
        }
        view.setAttractContent(*loaded.content);
    };
    loadAttract();
    // The screen's colours: QML's Theme binds to this palette. It logs its own mistakes and any
    // text below WCAG AA contrast.
    shelf::ThemePalette theme(nullptr);
    shelf::ThemePalette::provideToQml(&theme);
    const auto loadTheme = [&config, &trace, &theme] {
        const shelf::ThemeLoadResult loaded = theme.loadFile(config.themeFile());
        if (!loaded.errors.isEmpty())
            trace.write("content_rejected", {{QStringLiteral("error"), loaded.errors.join(u'\n')}});
        if (!loaded.contrastProblems.isEmpty())
            trace.write("theme_contrast",
                        {{QStringLiteral("problems"),
                          QJsonArray::fromStringList(loaded.contrastProblems)}});
    };
    loadTheme();
    shelf::ContentWatcher contentWatcher({config.attractFile(), config.themeFile()});
    QObject::connect(&contentWatcher, &shelf::ContentWatcher::fileChanged, &view,
                     [&](const QString &path) {
                         if (path == config.attractFile())
                             loadAttract();
                         else if (path == config.themeFile())
                             loadTheme();
                     });
    QObject::connect(
        &fusion, &shelf::PickupFusion::decided, &feedClient,
        [&feedClient](const shelf::PickupDecision &decision) {
            feedClient.submitEvent(shelf::shopperEventFor(decision));
        },
        Qt::DirectConnection);
    QObject::connect(&visionWorker, &shelf::VisionWorker::cameraHealthChanged, &view,
                     &shelf::ShelfView::setCameraUp);
    if (scaleReader)
        QObject::connect(scaleReader.get(), &shelf::ScaleReader::healthChanged, &view,
                         &shelf::ShelfView::setScaleUp);
    QObject::connect(&feedClient, &shelf::FeedClient::storageChanged, &view,
                     &shelf::ShelfView::setStorageUp);
    QObject::connect(&visionWorker, &shelf::VisionWorker::debugFrame, &view,
                     &shelf::ShelfView::setCameraFrame);
    QObject::connect(&view, &shelf::ShelfView::debugViewChanged, &app,
                     [&] { visionWorker.setDebugViewEnabled(view.debugView()); });
    QObject::connect(&input, &shelf::ShelfInput::languageToggleRequested, &view,
                     &shelf::ShelfView::toggleLanguage);
    QObject::connect(&input, &shelf::ShelfInput::debugViewToggleRequested, &view,
                     [&view] { view.setDebugView(!view.debugView()); });
    QObject::connect(&input, &shelf::ShelfInput::quitRequested, &app, &QCoreApplication::quit);

    QQmlApplicationEngine engine;
    int qmlWarnings = 0;
    QObject::connect(
        &engine, &QQmlEngine::warnings, &app,
        [&qmlWarnings](const QList<QQmlError> &warnings) { qmlWarnings += int(warnings.size()); });
    view.setEngine(&engine);
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    engine.setInitialProperties({{QStringLiteral("shelf"), QVariant::fromValue(&view)}});
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Shelfscreen/Ui/Main.qml")));
    auto *window = engine.rootObjects().isEmpty()
        ? nullptr
        : qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window)
        return fail(QStringLiteral("shelfscreen: the interface could not be loaded"), 1);
    view.setWindow(window);
    // The demo keyboard; a shelf screen in a store has no keyboard to press.
    if (demo && !kiosk)
        window->installEventFilter(&input);

    std::unique_ptr<shelf::ScriptRunner> runner;
    if (script) {
        runner = std::make_unique<shelf::ScriptRunner>(*script);
        QObject::connect(runner.get(), &shelf::ScriptRunner::liftRequested, &input,
                         &shelf::ShelfInput::lift);
        QObject::connect(runner.get(), &shelf::ScriptRunner::returnRequested, &input,
                         &shelf::ShelfInput::putBack);
        QObject::connect(runner.get(), &shelf::ScriptRunner::leaveRequested, &input,
                         &shelf::ShelfInput::leave);
        QObject::connect(runner.get(), &shelf::ScriptRunner::scanRequested, &input,
                         &shelf::ShelfInput::scan);
        QObject::connect(runner.get(), &shelf::ScriptRunner::languageRequested, &view,
                         &shelf::ShelfView::setLanguage);
        QObject::connect(runner.get(), &shelf::ScriptRunner::quitRequested, &app,
                         &QCoreApplication::quit);
        QObject::connect(runner.get(), &shelf::ScriptRunner::screenshotRequested, window,
                         [window, &trace](const QString &path) {
                             const QImage image = window->grabWindow();
                             QDir().mkpath(QFileInfo(path).absolutePath());
                             const bool saved = image.save(path);
                             if (!saved)
                                 qWarning("screenshot %s could not be written", qPrintable(path));
                             trace.write("screenshot",
                                         {{QStringLiteral("path"), path},
                                          {QStringLiteral("saved"), saved},
                                          {QStringLiteral("truncated"),
                                           QJsonArray::fromStringList(
                                               shelf::ShelfView::truncatedTexts(window))}});
                         });
        // Script time starts with the first frame on screen.
        QObject::connect(window, &QQuickWindow::frameSwapped, runner.get(),
                         &shelf::ScriptRunner::start, Qt::QueuedConnection);
    }
    if (selfTest)
        QTimer::singleShot(1000, &app, &QCoreApplication::quit);

    window->resize(windowSize);
    if (kiosk) {
        QGuiApplication::setOverrideCursor(Qt::BlankCursor);
        window->showFullScreen();
    } else {
        window->show();
    }

    feedThread.start();
    identificationThread.start();
    visionThread.start();
    if (scaleReader)
        scaleThread.start();
    const int status = app.exec();

    if (scaleReader) {
        // The reader's devices and timers live on its thread: it closes them there.
        QMetaObject::invokeMethod(scaleReader.get(), &shelf::ScaleReader::stop,
                                  Qt::BlockingQueuedConnection);
        scaleThread.quit();
        scaleThread.wait(3000);
    }
    stopWorker(visionWorker, visionThread, 10000);
    identificationThread.quit();
    identificationThread.wait(3000);
    stopWorker(feedClient, feedThread);
    if (demoServer)
        demoServer->stop();
    if (selfTest && qmlWarnings > 0)
        return fail(QStringLiteral("self-test: %1 QML warning(s)").arg(qmlWarnings), 1);
    return status;
}
