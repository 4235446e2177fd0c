#include "shelf_display.h"

#include "attract_content.h"
#include "camera_setup.h"
#include "catalog.h"
#include "content_watcher.h"
#include "display_health.h"
#include "feed_client.h"
#include "fusion.h"
#include "identification_worker.h"
#include "log_categories.h"
#include "scale_reader.h"
#include "shelf_input.h"
#include "simulated_scale.h"
#include "store_command.h"
#include "trace.h"
#include "vision_worker.h"

#include <shelf_view.h>
#include <store_server.h>
#include <synthetic_shelf.h>
#include <theme_palette.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QScreen>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <atomic>
#include <deque>

Q_LOGGING_CATEGORY(lcDisplay, "shelf.display")

namespace shelf {

namespace {

// The CURVE keys the config names; an error names the file.
std::optional<CurveClientKeys> loadCurveKeys(const FeedConfig &feed, QString &error)
{
    return readCurveClientKeys(feed.serverKeyPath, feed.displayKeyPath, error);
}

bool sameSlots(const QVector<SlotConfig> &a, const QVector<SlotConfig> &b)
{
    return std::equal(
        a.cbegin(), a.cend(), b.cbegin(), b.cend(), [](const SlotConfig &x, const SlotConfig &y) {
            return x.id == y.id && x.sku == y.sku && x.polygon == y.polygon
                && x.scaleChannel == y.scaleChannel && x.unitWeightGrams == y.unitWeightGrams;
        });
}

bool sameCamera(const CameraConfig &a, const CameraConfig &b)
{
    return a.source == b.source && a.width == b.width && a.height == b.height && a.fps == b.fps
        && a.markerIds == b.markerIds && a.shelfSize == b.shelfSize
        && a.aislePolygon == b.aislePolygon && a.aisleLeaveSeconds == b.aisleLeaveSeconds;
}

FeedClientSettings feedSettingsFor(const ShelfConfig &config,
                                   const std::optional<CurveClientKeys> &keys)
{
    FeedClientSettings settings;
    settings.snapshotEndpoint = config.feed.snapshotEndpoint;
    settings.updatesEndpoint = config.feed.updatesEndpoint;
    settings.eventsEndpoint = config.feed.eventsEndpoint;
    settings.skus = config.skus();
    settings.wholeCatalog = config.feed.wholeCatalog;
    settings.shelfId = config.shelfId;
    settings.curve = keys;
    return settings;
}

// Where products stand, in camera pixels, for telling a product held up from one in its slot.
// With markers the outlines are in shelf units, so none is given.
std::vector<std::vector<cv::Point2f>> slotsInPixels(const ShelfConfig &config)
{
    std::vector<std::vector<cv::Point2f>> polygons;
    if (config.camera.markerIds.isEmpty()) {
        for (const SlotConfig &slot : config.slots)
            polygons.push_back(toCvPolygon(slot.polygon));
    }
    return polygons;
}

// Asks a thread to end and waits for it within what is left of a shared budget.
bool finish(QThread &thread, const QElapsedTimer &clock, int budgetMs)
{
    thread.quit();
    const qint64 left = std::max<qint64>(0, budgetMs - clock.elapsed());
    if (thread.wait(QDeadlineTimer(left)))
        return true;
    qCCritical(lcDisplay, "the %s thread did not stop within %d ms",
               qPrintable(thread.objectName()), budgetMs);
    return false;
}

// Ends a worker's thread within the budget and deletes both; a thread that does not end is left
// running (destroying it would abort) and the caller is told.
template<typename Worker>
bool retire(std::unique_ptr<Worker> &worker, std::unique_ptr<QThread> &thread,
            const QElapsedTimer &clock, int budgetMs)
{
    if (!thread)
        return true;
    const bool ended = finish(*thread, clock, budgetMs);
    if (ended) {
        worker.reset();
        thread.reset();
    } else {
        (void)worker.release();
        (void)thread.release();
    }
    return ended;
}

} // namespace

struct ShelfDisplay::Parts
{
    Trace trace;
    ShelfConfig config;
    bool started = false;
    bool identificationStarted = false; // once: a stopped display does not start it again
    QString configPath;
    ProductCatalog catalog{12};
    ThemePalette theme{nullptr};
    std::unique_ptr<ShelfView> view;
    std::unique_ptr<QQmlApplicationEngine> engine;
    QQuickWindow *window = nullptr;
    int qmlWarnings = 0;

    std::unique_ptr<StoreServer> demoServer;
    std::unique_ptr<QThread> feedThread;
    std::unique_ptr<FeedClient> feed;
    std::shared_ptr<vision::SyntheticShelfState> synthetic;
    std::unique_ptr<QThread> visionThread;
    std::unique_ptr<VisionWorker> vision;
    std::unique_ptr<QThread> identificationThread;
    std::unique_ptr<IdentificationWorker> identification;
    std::unique_ptr<PickupFusion> fusion;
    std::unique_ptr<QThread> scaleThread;
    std::unique_ptr<ScaleReader> scale;
    std::unique_ptr<ShelfInput> input;
    std::unique_ptr<ContentWatcher> contentWatcher;
    std::unique_ptr<ContentWatcher> configWatcher;
    std::unique_ptr<ScriptRunner> script;

    // The slots of each config queued to the camera thread and not yet in effect there, oldest
    // first: until the camera says so, fusion and the keyboard number the slots as before.
    std::deque<QVector<SlotConfig>> cameraConfigs;
    QVector<SlotConfig> fusionSlots; // the slots fusion and the keyboard number events by
    int visionGeneration = 0; // camera threads started
    QStringList unannounced; // changes applied and not yet announced as in effect
    bool announcePending = false;
    bool scaleWaitsForCamera = false; // the simulated board, stopped until the camera caught up

    std::unique_ptr<DisplayHealth> health;
    // For the trace's first_frame and products_on_screen (how long a restart takes to show the
    // shelf): set on the GUI thread, read where frames are swapped (the render thread).
    std::atomic_bool firstFrameTraced{false};
    std::atomic_int productsToTrace{0}; // products the catalog first held; 0: traced or none yet
    bool productsSeen = false;
    QElapsedTimer lastScreenshot; // one screenshot per 5 s at most
    QString configDigest; // of the config in use
    quint64 framesAtLastSample = 0;
    QElapsedTimer sampleClock;

    std::optional<CurveClientKeys> curveKeys; // as the feed client has them
    QHash<QString, QString> referencePictures; // as last handed to identification
    UnitWeightTable unitWeights; // as last handed to the scale reader
};

ShelfDisplay::ShelfDisplay(DisplayOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , d(std::make_unique<Parts>())
{
    d->view = std::make_unique<ShelfView>(d->catalog, ShelfView::Settings{}, &d->trace);
}

ShelfDisplay::~ShelfDisplay()
{
    if (!stop())
        std::_Exit(1); // destroying a running thread would abort with less said
    ThemePalette::provideToQml(nullptr);
}

QString ShelfDisplay::openTrace()
{
    return m_options.tracePath.isEmpty()
        ? QString()
        : d->trace.open(m_options.tracePath, m_options.traceOptions);
}

QString ShelfDisplay::load()
{
    // QML's Theme binds to this palette; it logs its own mistakes and any text below WCAG AA
    // contrast.
    ThemePalette::provideToQml(&d->theme);
    d->engine = std::make_unique<QQmlApplicationEngine>();
    connect(d->engine.get(), &QQmlEngine::warnings, this,
            [this](const QList<QQmlError> &warnings) { d->qmlWarnings += int(warnings.size()); });
    d->view->setEngine(d->engine.get());
    d->engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
    d->engine->setInitialProperties(
        {{QStringLiteral("shelf"), QVariant::fromValue(d->view.get())}});
    d->engine->load(QUrl(QStringLiteral("qrc:/qt/qml/Shelfscreen/Ui/Main.qml")));
    d->window = d->engine->rootObjects().isEmpty()
        ? nullptr
        : qobject_cast<QQuickWindow *>(d->engine->rootObjects().constFirst());
    if (!d->window)
        return QStringLiteral("the interface could not be loaded");
    d->view->setWindow(d->window);
    connect(
        d->window, &QQuickWindow::frameSwapped, this,
        [this] {
            if (!d->firstFrameTraced.exchange(true))
                d->trace.write("first_frame");
            if (const int products = d->productsToTrace.exchange(0); products > 0)
                d->trace.write("products_on_screen", {{QStringLiteral("products"), products}});
        },
        Qt::DirectConnection);
    if (m_options.kiosk) {
        // The output's own size from the first frame, and no title bar: a kiosk compositor
        // (cage) may first let the client choose its size, and draws no frame of its own.
        d->window->setFlag(Qt::FramelessWindowHint);
        d->window->setGeometry(d->window->screen()->geometry());
        QGuiApplication::setOverrideCursor(Qt::BlankCursor);
        d->window->showFullScreen();
    } else {
        d->window->resize(m_options.windowSize);
        d->window->show();
    }
    return {};
}

QString ShelfDisplay::start(const ShelfConfig &given)
{
    Q_ASSERT(!d->started);
    ShelfConfig config = given;
    // Demo mode serves the demo catalog in-process, on ports the system picks so that it never
    // collides with a real store server on the same machine.
    if (m_options.demo) {
        if (config.demoCatalog.isEmpty())
            return QStringLiteral("%1: demo mode needs [demo] catalog = \"FILE\"").arg(config.path);
        StoreServerOptions options;
        options.snapshotEndpoint = options.updatesEndpoint = options.eventsEndpoint
            = QStringLiteral("tcp://127.0.0.1:*");
        auto server = std::make_unique<StoreServer>(options);
        if (QString error = server->loadCatalog(config.demoCatalog); !error.isEmpty())
            return error;
        if (QString error = server->start(); !error.isEmpty())
            return QStringLiteral("demo store server: ") + error;
        d->demoServer = std::move(server);
        const StoreServer::Endpoints bound = d->demoServer->endpoints();
        config.feed.snapshotEndpoint = bound.snapshot;
        config.feed.updatesEndpoint = bound.updates;
        config.feed.eventsEndpoint = bound.events;
    }
    QString keyError;
    const std::optional<CurveClientKeys> keys = loadCurveKeys(config.feed, keyError);
    if (!keyError.isEmpty()) {
        d->demoServer.reset();
        return keyError;
    }
    d->curveKeys = keys;
    d->config = config;
    d->started = true;
    d->view->showSetupProblems({});
    d->catalog.setMaxPriceAgeHours(config.feed.maxPriceAgeHours);

    // The feed client is made first, so that the shelf's decisions always have it to go to.
    FeedClientSettings feedSettings = feedSettingsFor(config, keys);
    // The demo's server lives and dies with the process, so its data stays in memory; a real
    // display keeps its last good prices and unsent events on disk.
    const QString dataFolder = m_options.dataFolder.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
        : m_options.dataFolder;
    if (!m_options.demo) {
        feedSettings.storePath = config.feed.storePath.isEmpty()
            ? dataFolder + u'/' + config.shelfId + QStringLiteral("/shelf.db")
            : config.feed.storePath;
    }
    d->feed = std::make_unique<FeedClient>(feedSettings, &d->trace);
    d->feedThread = std::make_unique<QThread>();
    d->feedThread->setObjectName(QStringLiteral("feed"));
    d->feed->moveToThread(d->feedThread.get());
    connect(d->feedThread.get(), &QThread::started, d->feed.get(), &FeedClient::run);
    connect(d->feed.get(), &FeedClient::productsChanged, &d->catalog,
            &ProductCatalog::applyChanges);
    connect(d->feed.get(), &FeedClient::healthChanged, &d->catalog, &ProductCatalog::setHealth);
    connect(d->feed.get(), &FeedClient::storageChanged, d->view.get(), &ShelfView::setStorageUp);
    connect(d->feed.get(), &FeedClient::unknownSkusChanged, d->view.get(),
            &ShelfView::setUnknownSkus);
    // Beside the display's database, where its data is; the demo keeps nothing on disk unless
    // it is given a data folder.
    const QString healthFile = !feedSettings.storePath.isEmpty()
        ? QFileInfo(feedSettings.storePath).dir().filePath(QStringLiteral("health.json"))
        : m_options.dataFolder.isEmpty() ? QString()
                                         : dataFolder + QStringLiteral("/health.json");
    startHealth(healthFile);

    if (config.camera.source == u"synthetic" || m_options.demo)
        d->synthetic = std::make_shared<vision::SyntheticShelfState>(config.slots.size());

    // Products held up to the camera, identified on a thread of their own.
    d->identification = std::make_unique<IdentificationWorker>(slotsInPixels(config));
    d->identificationThread = std::make_unique<QThread>();
    d->identificationThread->setObjectName(QStringLiteral("identify"));
    d->identification->moveToThread(d->identificationThread.get());

    d->fusion = std::make_unique<PickupFusion>(config, &d->trace);
    d->fusionSlots = config.slots;
    d->fusion->setBarcodeResolver(
        [catalog = &d->catalog](const QString &code) { return catalog->skuForBarcode(code); });
    d->fusion->setUnitWeightResolver([catalog = &d->catalog](const QString &sku) {
        const ProductCatalog::Entry *entry = catalog->find(sku);
        return entry && entry->record.unitWeightGrams ? double(*entry->record.unitWeightGrams)
                                                      : 0.0;
    });
    connect(d->identification.get(), &IdentificationWorker::identified, d->fusion.get(),
            &PickupFusion::onIdentified);
    connect(d->fusion.get(), &PickupFusion::decided, d->view.get(), &ShelfView::onDecision);
    connect(
        d->fusion.get(), &PickupFusion::decided, this,
        [this](const PickupDecision &decision) {
            if (d->feed)
                d->feed->submitEvent(shopperEventFor(decision));
        },
        Qt::DirectConnection);
    // The aisle is learned as empty only while fusion holds nothing out of its slot.
    connect(d->fusion.get(), &PickupFusion::decided, this, [this] {
        if (d->vision)
            d->vision->setProductsOut(!d->fusion->liftedSlots().isEmpty());
    });
    // The catalog is read here, on the GUI thread; only the results cross to the workers, and
    // only when they changed (not on every price update).
    connect(&d->catalog, &ProductCatalog::productsChanged, this, [this] {
        publishReferences();
        publishUnitWeights();
        // The first products (from the disk cache after a restart, else from the store): the
        // next frame swapped shows them.
        if (!d->productsSeen && d->catalog.size() > 0) {
            d->productsSeen = true;
            d->productsToTrace = int(d->catalog.size());
            if (d->window)
                d->window->update();
        }
    });

    d->input = std::make_unique<ShelfInput>(config, d->synthetic);
    connect(d->input.get(), &ShelfInput::sensorEvent, d->fusion.get(), &PickupFusion::onSlotEvent);
    connect(d->input.get(), &ShelfInput::identified, d->fusion.get(), &PickupFusion::onIdentified);
    connect(d->input.get(), &ShelfInput::aisleChanged, d->fusion.get(),
            &PickupFusion::onAisleChanged);
    connect(d->input.get(), &ShelfInput::languageToggleRequested, d->view.get(),
            &ShelfView::toggleLanguage);
    connect(d->input.get(), &ShelfInput::debugViewToggleRequested, d->view.get(),
            [view = d->view.get()] { view->setDebugView(!view->debugView()); });
    connect(d->input.get(), &ShelfInput::quitRequested, qApp, &QCoreApplication::quit);
    connect(d->view.get(), &ShelfView::debugViewChanged, this, [this] {
        if (d->vision)
            d->vision->setDebugViewEnabled(d->view->debugView());
    });
    // The demo keyboard; a shelf screen in a store has no keyboard to press.
    if (d->window && m_options.demo && !m_options.kiosk)
        d->window->installEventFilter(d->input.get());

    applyViewSettings();
    loadAttract();
    loadTheme();
    watchContent();

    d->feedThread->start();
    startVision();
    startScale();
    publishReferences();
    publishUnitWeights();
    d->health->start();
    // Identification starts once the first frame is on screen, or after a second (a screen
    // switched off at boot swaps no frame): its first look, at the first camera frame, would
    // take a core the first frame needs on a 2-core shelf PC, and nobody holds a product up in
    // that second. Frames offered before wait for it.
    if (d->window && !d->firstFrameTraced) {
        connect(d->window, &QQuickWindow::frameSwapped, this, &ShelfDisplay::startIdentification,
                Qt::ConnectionType(Qt::QueuedConnection | Qt::SingleShotConnection));
        QTimer::singleShot(1000, this, &ShelfDisplay::startIdentification);
    } else {
        startIdentification();
    }
    return {};
}

void ShelfDisplay::startIdentification()
{
    if (d->identificationThread && !std::exchange(d->identificationStarted, true))
        d->identificationThread->start();
}

void ShelfDisplay::startHealth(const QString &healthFilePath)
{
    DisplayHealth::Settings settings;
    settings.version = QStringLiteral(SHELFSCREEN_VERSION);
    settings.healthFilePath = healthFilePath;
    settings.sample = [this] {
        HealthSample sample;
        if (d->feed) {
            const FeedClient::Vitals vitals = d->feed->vitals();
            sample.feedEpoch = vitals.epoch;
            sample.feedUpdateAgeS
                = vitals.msSinceLastMessage < 0 ? -1.0 : vitals.msSinceLastMessage / 1000.0;
            sample.rejected = vitals.rejected;
            sample.commandsDropped = vitals.commandsDropped;
        }
        // Frames read since the sample before: the camera's real rate, not its configured one.
        const quint64 frames = d->vision ? d->vision->framesHandled() : 0;
        if (d->sampleClock.isValid() && d->sampleClock.elapsed() > 0
            && frames >= d->framesAtLastSample)
            sample.cameraFps = double(frames - d->framesAtLastSample) * 1000.0
                / double(d->sampleClock.elapsed());
        d->framesAtLastSample = frames;
        d->sampleClock.start();
        return sample;
    };
    d->health = std::make_unique<DisplayHealth>(settings);
    d->health->setConfig(d->config.digest);
    connect(d->health.get(), &DisplayHealth::statusDue, this, [this](const QByteArray &body) {
        if (d->feed)
            d->feed->submitEvent({QUuid::createUuid().toString(QUuid::WithoutBraces), body});
    });
    connect(d->feed.get(), &FeedClient::healthChanged, d->health.get(), &DisplayHealth::setFeed);
    connect(d->feed.get(), &FeedClient::outboxChanged, d->health.get(), &DisplayHealth::setOutbox);
    connect(d->feed.get(), &FeedClient::commandReceived, this, &ShelfDisplay::carryOut);
    connect(d->view.get(), &ShelfView::screenChanged, d->health.get(),
            [this] { d->health->setScreen(screenName()); });
    d->health->setScreen(screenName());
}

QString ShelfDisplay::screenName() const
{
    if (!d->view->setupProblems().isEmpty())
        return QStringLiteral("setup");
    switch (d->view->screen()) {
    case ShelfView::Screen::Card:
        return QStringLiteral("card");
    case ShelfView::Screen::Compare:
        return QStringLiteral("compare");
    case ShelfView::Screen::Thanks:
        return QStringLiteral("thanks");
    case ShelfView::Screen::Attract:
        break;
    }
    return QStringLiteral("attract");
}

void ShelfDisplay::carryOut(const StoreCommand &command)
{
    // No command changes a price, a product or a file (protocol 1.1): the worst a forged one can
    // do is cost a screenshot.
    ShopperEvent result;
    if (command.command == u"screenshot") {
        // Each grab and encode costs the GUI thread tens of milliseconds: one per 5 s at most,
        // whatever a server (or a forger) asks.
        if (d->lastScreenshot.isValid() && d->lastScreenshot.elapsed() < 5000) {
            result = commandResultEvent(command.id, false,
                                        QStringLiteral("a screenshot was taken less than 5 s "
                                                       "ago; ask again later"));
        } else {
            d->lastScreenshot.start();
            const QImage frame = d->window ? d->window->grabWindow() : QImage();
            result = screenshotResultEvent(command.id, frame);
        }
    } else if (command.command == u"identify") {
        d->view->identify(d->config.shelfId, 10000);
        result = commandResultEvent(
            command.id, true, QStringLiteral("shelf id %1 shown for 10 s").arg(d->config.shelfId));
    } else if (command.command == u"reload") {
        const QStringList problems = reloadConfig();
        loadAttract();
        loadTheme();
        result = commandResultEvent(
            command.id, problems.isEmpty(),
            problems.isEmpty()
                ? QStringLiteral("config %1 and content read again").arg(d->config.digest)
                : problems.join(u'\n'));
    } else {
        d->health->reportNow();
        result = commandResultEvent(command.id, true, QStringLiteral("status sent"));
    }
    d->trace.write(
        "command_done",
        {{QStringLiteral("id"), command.id}, {QStringLiteral("command"), command.command}});
    if (d->feed)
        d->feed->submitEvent(result);
}

void ShelfDisplay::startVision()
{
    d->vision = std::make_unique<VisionWorker>(d->config, d->synthetic, &d->trace);
    d->visionThread = std::make_unique<QThread>();
    d->visionThread->setObjectName(QStringLiteral("vision"));
    d->vision->moveToThread(d->visionThread.get());
    d->vision->setIdentification(d->identification.get());
    d->vision->setDebugViewEnabled(d->view->debugView());
    d->vision->setProductsOut(!d->fusion->liftedSlots().isEmpty());
    d->vision->setSlotsOut(slotsOut(d->config));
    connect(d->visionThread.get(), &QThread::started, d->vision.get(), &VisionWorker::run);
    connect(d->vision.get(), &VisionWorker::frameForIdentification, d->identification.get(),
            &IdentificationWorker::identify);
    connect(d->vision.get(), &VisionWorker::slotEvent, d->fusion.get(), &PickupFusion::onSlotEvent);
    connect(d->vision.get(), &VisionWorker::aisleChanged, d->fusion.get(),
            &PickupFusion::onAisleChanged);
    connect(d->vision.get(), &VisionWorker::cameraHealthChanged, d->view.get(),
            &ShelfView::setCameraUp);
    connect(d->vision.get(), &VisionWorker::cameraHealthChanged, this, [this](bool up) {
        if (d->health)
            d->health->setCamera(up ? DeviceState::Up : DeviceState::Down);
    });
    connect(d->vision.get(), &VisionWorker::debugFrame, d->view.get(), &ShelfView::setCameraFrame);
    connect(d->vision.get(), &VisionWorker::configApplied, this,
            &ShelfDisplay::onCameraConfigApplied);
    // A camera thread that ended by itself (a video file played to its end) takes nothing more:
    // what was queued to it is in effect as far as fusion is concerned.
    connect(d->visionThread.get(), &QThread::finished, this,
            [this, generation = ++d->visionGeneration] {
                if (generation != d->visionGeneration || d->cameraConfigs.empty())
                    return;
                const QVector<SlotConfig> slots = d->cameraConfigs.back();
                d->cameraConfigs.clear();
                applySlotsBehindTheCamera(slots);
                cameraCaughtUp();
            });
    d->visionThread->start();
}

QVector<int> ShelfDisplay::slotsOut(const ShelfConfig &config) const
{
    QVector<int> indexes;
    for (const QString &id : d->fusion->liftedSlots()) {
        if (const std::optional<int> index = config.findSlot(id))
            indexes.append(*index);
    }
    return indexes;
}

void ShelfDisplay::onCameraConfigApplied()
{
    if (d->cameraConfigs.empty())
        return; // queued before the camera thread was replaced
    const QVector<SlotConfig> inEffect = std::move(d->cameraConfigs.front());
    d->cameraConfigs.pop_front();
    applySlotsBehindTheCamera(inEffect);
    if (d->cameraConfigs.empty())
        cameraCaughtUp();
}

void ShelfDisplay::cameraCaughtUp()
{
    if (std::exchange(d->scaleWaitsForCamera, false))
        startScale();
    if (d->announcePending)
        announceApplied();
}

void ShelfDisplay::applySlotsBehindTheCamera(const QVector<SlotConfig> &slots)
{
    d->fusionSlots = slots;
    ShelfConfig forFusion = d->config; // timeouts and the fusion window as they are now
    forFusion.slots = slots;
    d->fusion->setConfig(forFusion);
    d->input->setShelf(forFusion, d->synthetic);
}

QString ShelfDisplay::scaleSource(const ShelfConfig &config) const
{
    // In demo mode a shelf without a scale gets the simulated shelf's own board.
    return config.scale.source.isEmpty() && m_options.demo ? QStringLiteral("synthetic")
                                                           : config.scale.source;
}

void ShelfDisplay::startScale()
{
    // The shelf's scale: a board on a serial port or FIFO, or the simulated shelf's own board.
    const QString source = scaleSource(d->config);
    if (source.isEmpty() || (source == u"synthetic" && !d->synthetic)) {
        d->view->setScaleUp(true);
        if (d->health)
            d->health->setScale(DeviceState::None);
        return;
    }
    ScaleSettings settings;
    settings.path = source;
    settings.baudRate = d->config.scale.baudRate;
    if (source == u"synthetic")
        settings.simulated = simulatedBoardFor(d->config, d->synthetic);
    d->scale = std::make_unique<ScaleReader>(settings, &d->trace);
    d->scaleThread = std::make_unique<QThread>();
    d->scaleThread->setObjectName(QStringLiteral("scale"));
    d->scale->moveToThread(d->scaleThread.get());
    connect(d->scaleThread.get(), &QThread::started, d->scale.get(), &ScaleReader::start);
    connect(d->scale.get(), &ScaleReader::weightChanged, d->fusion.get(),
            &PickupFusion::onWeightChange);
    connect(d->scale.get(), &ScaleReader::healthChanged, d->view.get(), &ShelfView::setScaleUp);
    connect(d->scale.get(), &ScaleReader::healthChanged, this, [this](bool up) {
        if (d->health)
            d->health->setScale(up ? DeviceState::Up : DeviceState::Down);
    });
    // The reader matches weight changes to units on its own thread, against the unit weights
    // as the catalog knows them: handed over before it starts and whenever they change.
    d->unitWeights = d->fusion->unitWeightTable();
    d->scale->setUnitWeights(d->unitWeights);
    d->scaleThread->start();
}

void ShelfDisplay::publishReferences()
{
    if (!d->identification)
        return;
    QHash<QString, QString> pictures;
    for (const QString &sku : d->config.skus()) {
        if (const ProductCatalog::Entry *entry = d->catalog.find(sku);
            entry && !entry->record.image.isEmpty())
            pictures.insert(sku, contentFilePath(d->config.contentFolder, entry->record.image));
    }
    if (pictures == d->referencePictures)
        return;
    d->referencePictures = pictures;
    QMetaObject::invokeMethod(
        d->identification.get(),
        [worker = d->identification.get(), pictures] { worker->setReferences(pictures); });
}

void ShelfDisplay::publishUnitWeights()
{
    if (!d->scale || !d->fusion)
        return;
    const UnitWeightTable table = d->fusion->unitWeightTable();
    if (table == d->unitWeights)
        return;
    d->unitWeights = table;
    QMetaObject::invokeMethod(d->scale.get(),
                              [reader = d->scale.get(), table] { reader->setUnitWeights(table); });
}

void ShelfDisplay::applyViewSettings()
{
    ShelfView::Settings settings;
    settings.language = d->config.language;
    settings.contentFolder = d->config.contentFolder;
    settings.shelfSkus = d->config.skus();
    settings.returnHoldMs = d->config.returnHoldSeconds * 1000;
    settings.alternateLanguageMs = d->config.alternateLanguageSeconds * 1000;
    d->view->setSettings(settings);
}

void ShelfDisplay::loadAttract()
{
    // A broken file is reported with its line and the display keeps what it showed.
    const AttractContentResult loaded = loadAttractContent(d->config.attractFile(), d->config);
    for (const QString &warning : loaded.warnings)
        qCWarning(lcContent).noquote() << warning;
    if (!loaded.content) {
        qCWarning(lcContent).noquote()
            << loaded.error << "(the attract loop keeps its last content)";
        d->trace.write("content_rejected", {{QStringLiteral("error"), loaded.error}});
        return;
    }
    d->view->setAttractContent(*loaded.content);
}

void ShelfDisplay::loadTheme()
{
    const ThemeLoadResult loaded = d->theme.loadFile(d->config.themeFile());
    if (!loaded.errors.isEmpty())
        d->trace.write("content_rejected", {{QStringLiteral("error"), loaded.errors.join(u'\n')}});
    if (!loaded.contrastProblems.isEmpty())
        d->trace.write(
            "theme_contrast",
            {{QStringLiteral("problems"), QJsonArray::fromStringList(loaded.contrastProblems)}});
}

void ShelfDisplay::watchContent()
{
    // The operator's content files, read again whenever one is saved.
    d->contentWatcher = std::make_unique<ContentWatcher>(
        QStringList{d->config.attractFile(), d->config.themeFile()});
    connect(d->contentWatcher.get(), &ContentWatcher::fileChanged, this,
            [this](const QString &path) {
                if (path == d->config.attractFile())
                    loadAttract();
                else if (path == d->config.themeFile())
                    loadTheme();
            });
}

void ShelfDisplay::watchConfig(const QString &path)
{
    d->configPath = path;
    // The built-in demo shelf is a resource: nothing to watch.
    if (path.startsWith(u':'))
        return;
    d->configWatcher = std::make_unique<ContentWatcher>(QStringList{path});
    connect(d->configWatcher.get(), &ContentWatcher::fileChanged, this,
            &ShelfDisplay::reloadConfig);
}

void ShelfDisplay::showConfigProblems(const QStringList &problems)
{
    d->view->showSetupProblems(problems);
}

QStringList ShelfDisplay::reloadConfig()
{
    const ConfigResult loaded = loadShelfConfig(d->configPath);
    QStringList problems = loaded.problems;
    for (const QString &warning : loaded.warnings)
        qCWarning(lcConfig).noquote() << warning;
    // The keys are read once, here: the feed reconnects with what was checked.
    std::optional<CurveClientKeys> keys;
    if (loaded.config) {
        QString keyError;
        keys = loadCurveKeys(loaded.config->feed, keyError);
        if (!keyError.isEmpty())
            problems.append(keyError);
    }
    QStringList changes;
    if (problems.isEmpty()) {
        if (d->started) {
            changes = apply(*loaded.config, keys);
        } else if (const QString error = start(*loaded.config); !error.isEmpty()) {
            problems.append(error);
        } else {
            changes.append(QStringLiteral("started"));
        }
    }
    if (!problems.isEmpty()) {
        for (const QString &problem : std::as_const(problems))
            qCWarning(lcConfig).noquote() << problem;
        qCWarning(lcConfig).noquote()
            << (d->started ? "the shelf goes on with its config as it was before this edit"
                           : "the shelf starts once its config is fixed");
        d->trace.write("config_rejected",
                       {{QStringLiteral("problems"), QJsonArray::fromStringList(problems)}});
        // "FILE:LINE" of the first problem: where the operator looks first.
        const QString &first = problems.constFirst();
        const qsizetype colon = first.indexOf(QStringLiteral(": "));
        d->view->setConfigProblem(colon > 0 ? QFileInfo(first.left(colon)).fileName()
                                            : QFileInfo(d->configPath).fileName());
        if (!d->started)
            d->view->showSetupProblems(problems);
        if (d->health)
            d->health->setConfig(d->config.digest, first);
        Q_EMIT configRejected(problems);
        return problems;
    }
    for (const QString &change : std::as_const(changes)) {
        if (!d->unannounced.contains(change))
            d->unannounced.append(change);
    }
    d->announcePending = true;
    if (d->cameraConfigs.empty())
        announceApplied();
    return {};
}

void ShelfDisplay::announceApplied()
{
    const QStringList changes = std::exchange(d->unannounced, {});
    d->announcePending = false;
    qCInfo(lcConfig).noquote() << "shelf config applied:"
                               << (changes.isEmpty() ? QStringLiteral("no change")
                                                     : changes.join(QStringLiteral(", ")));
    d->trace.write("config_applied",
                   {{QStringLiteral("changes"), QJsonArray::fromStringList(changes)}});
    d->view->setConfigProblem({});
    Q_EMIT configApplied(changes);
}

QStringList ShelfDisplay::apply(const ShelfConfig &config)
{
    QString keyError;
    const std::optional<CurveClientKeys> keys = loadCurveKeys(config.feed, keyError);
    if (!keyError.isEmpty()) {
        qCWarning(lcConfig).noquote()
            << keyError << "(the shelf goes on with its config as it was)";
        return {};
    }
    return apply(config, keys);
}

QStringList ShelfDisplay::apply(const ShelfConfig &given,
                                const std::optional<CurveClientKeys> &keys)
{
    if (!d->started)
        return start(given).isEmpty() ? QStringList{QStringLiteral("started")} : QStringList{};
    ShelfConfig next = given;
    const ShelfConfig previous = d->config;
    if (m_options.demo) {
        // The built-in server stays where it is; only its catalog may change.
        next.feed.snapshotEndpoint = previous.feed.snapshotEndpoint;
        next.feed.updatesEndpoint = previous.feed.updatesEndpoint;
        next.feed.eventsEndpoint = previous.feed.eventsEndpoint;
    }
    QStringList changes;
    const bool slotsChanged = !sameSlots(previous.slots, next.slots);
    const bool cameraChanged = !sameCamera(previous.camera, next.camera);
    const bool scaleChanged = scaleSource(previous) != scaleSource(next)
        || previous.scale.baudRate != next.scale.baudRate;
    // The simulated board weighs the simulated shelf's products, slot by slot.
    const bool syntheticScale = scaleSource(next) == u"synthetic";
    const bool wantSynthetic = next.camera.source == u"synthetic" || m_options.demo;
    const bool syntheticReplaced = wantSynthetic != bool(d->synthetic);
    if (slotsChanged)
        changes.append(QStringLiteral("slots"));
    if (cameraChanged)
        changes.append(QStringLiteral("camera"));
    if (scaleChanged || previous.scale.fusionWindowMs != next.scale.fusionWindowMs)
        changes.append(QStringLiteral("scale"));

    // A running camera takes new slots or a new source between two frames, on its own thread,
    // keeping what it learned of the slots that did not move; fusion follows when the camera says
    // the change is in effect, so every event is read by the slots it was seen on. The camera
    // thread is replaced only when the simulated shelf comes or goes (it draws the frames).
    const bool cameraLive = d->visionThread && d->visionThread->isRunning() && !syntheticReplaced;
    const bool restartVision = (slotsChanged || cameraChanged) && !cameraLive;
    const bool restartScale
        = scaleChanged || (syntheticScale && (slotsChanged || syntheticReplaced));
    QElapsedTimer clock;
    clock.start();
    if (restartVision) {
        stopVision(clock, 10000); // a driver may take seconds to let go of a camera
        // What the old camera thread sent is decided with the slots it was seen on.
        QCoreApplication::sendPostedEvents(d->fusion.get(), QEvent::MetaCall);
        d->cameraConfigs.clear(); // a scale waiting for them is started below
    }
    if (restartScale) {
        stopScale(clock, 13000);
        QCoreApplication::sendPostedEvents(d->fusion.get(), QEvent::MetaCall);
    }

    // The simulated shelf keeps each product where it is: out of its slot stays out.
    std::vector<int> previousIndex;
    if (slotsChanged) {
        for (const SlotConfig &slot : next.slots) {
            const std::optional<int> was = previous.findSlot(slot.id);
            previousIndex.push_back(was ? *was : -1);
        }
    }
    d->config = next;
    if (d->health)
        d->health->setConfig(next.digest);
    if (!wantSynthetic)
        d->synthetic.reset();
    else if (!d->synthetic)
        d->synthetic = std::make_shared<vision::SyntheticShelfState>(next.slots.size());
    else if (slotsChanged && !cameraLive)
        d->synthetic->remap(previousIndex);

    if (cameraLive && (slotsChanged || cameraChanged)) {
        d->cameraConfigs.push_back(next.slots);
        // The simulated shelf is remapped on the camera thread with the new layout, so that no
        // frame draws the new places with the old slots.
        const auto remapped = slotsChanged ? d->synthetic : nullptr;
        QMetaObject::invokeMethod(
            d->vision.get(),
            [worker = d->vision.get(), remapped, previousIndex, next, out = slotsOut(next)] {
                if (remapped)
                    remapped->remap(previousIndex);
                worker->applyConfig(next, out);
            });
    }
    // Fusion takes new timeouts and fusion window now; new slots once the camera reads by them.
    const QVector<SlotConfig> fusionSlots = d->cameraConfigs.empty() ? next.slots : d->fusionSlots;
    if (!sameSlots(fusionSlots, d->fusionSlots)
        || previous.takeAfterSeconds != next.takeAfterSeconds
        || previous.scale.fusionWindowMs != next.scale.fusionWindowMs)
        applySlotsBehindTheCamera(fusionSlots);
    if (slotsChanged || cameraChanged)
        QMetaObject::invokeMethod(
            d->identification.get(),
            [worker = d->identification.get(), polygons = slotsInPixels(next)] {
                worker->setSlotPolygons(polygons);
            });
    if (restartVision)
        startVision();
    // The simulated board weighs the simulated shelf, which the camera thread remaps: it starts
    // again on the new slots once the camera reads by them.
    if (restartScale && syntheticScale && !d->cameraConfigs.empty()) {
        d->scaleWaitsForCamera = true;
    } else if (restartScale || (d->scaleWaitsForCamera && d->cameraConfigs.empty())) {
        d->scaleWaitsForCamera = false;
        startScale();
    }

    const FeedClientSettings feedSettings = feedSettingsFor(next, keys);
    // New key files, or new keys in the same files, reconnect the feed.
    const bool keysChanged = keys.has_value() != d->curveKeys.has_value()
        || (keys
            && (keys->serverPublicKey != d->curveKeys->serverPublicKey
                || keys->publicKey != d->curveKeys->publicKey
                || keys->secretKey != d->curveKeys->secretKey));
    d->curveKeys = keys;
    const bool feedChanged = keysChanged
        || previous.feed.snapshotEndpoint != next.feed.snapshotEndpoint
        || previous.feed.updatesEndpoint != next.feed.updatesEndpoint
        || previous.feed.eventsEndpoint != next.feed.eventsEndpoint
        || previous.feed.serverKeyPath != next.feed.serverKeyPath
        || previous.feed.displayKeyPath != next.feed.displayKeyPath
        || previous.feed.wholeCatalog != next.feed.wholeCatalog || previous.skus() != next.skus()
        || previous.shelfId != next.shelfId;
    if (feedChanged) {
        changes.append(QStringLiteral("feed"));
        d->feed->reconfigure(feedSettings);
    }
    if (previous.feed.storePath != next.feed.storePath)
        qCWarning(lcConfig).noquote()
            << next.path << ": feed.store takes effect at the next start; the display keeps "
            << "its data where it was";
    if (previous.feed.maxPriceAgeHours != next.feed.maxPriceAgeHours) {
        changes.append(QStringLiteral("price age"));
        d->catalog.setMaxPriceAgeHours(next.feed.maxPriceAgeHours);
    }
    if (previous.language != next.language
        || previous.alternateLanguageSeconds != next.alternateLanguageSeconds)
        changes.append(QStringLiteral("language"));
    if (previous.returnHoldSeconds != next.returnHoldSeconds
        || previous.takeAfterSeconds != next.takeAfterSeconds
        || previous.camera.aisleLeaveSeconds != next.camera.aisleLeaveSeconds)
        changes.append(QStringLiteral("timeouts"));
    applyViewSettings();
    if (previous.contentFolder != next.contentFolder) {
        changes.append(QStringLiteral("content"));
        watchContent();
        loadTheme();
    }
    // The attract content names shelf products, so it is checked again against the new ones.
    if (previous.contentFolder != next.contentFolder || slotsChanged)
        loadAttract();
    if (m_options.demo && previous.demoCatalog != next.demoCatalog) {
        changes.append(QStringLiteral("demo catalog"));
        if (const QString error = d->demoServer->loadCatalog(next.demoCatalog); !error.isEmpty())
            qCWarning(lcDisplay).noquote() << error << "(the demo store keeps its catalog)";
        else
            d->demoServer->reset();
    }
    publishReferences();
    publishUnitWeights();
    return changes;
}

void ShelfDisplay::playScript(const QVector<ScriptAction> &actions)
{
    Q_ASSERT(d->started && d->window);
    d->script = std::make_unique<ScriptRunner>(actions);
    ScriptRunner *runner = d->script.get();
    connect(runner, &ScriptRunner::liftRequested, d->input.get(), &ShelfInput::lift);
    connect(runner, &ScriptRunner::returnRequested, d->input.get(), &ShelfInput::putBack);
    connect(runner, &ScriptRunner::leaveRequested, d->input.get(), &ShelfInput::leave);
    connect(runner, &ScriptRunner::scanRequested, d->input.get(), &ShelfInput::scan);
    connect(runner, &ScriptRunner::languageRequested, d->view.get(), &ShelfView::setLanguage);
    connect(runner, &ScriptRunner::quitRequested, qApp, &QCoreApplication::quit);
    connect(runner, &ScriptRunner::screenshotRequested, d->window, [this](const QString &path) {
        const QImage image = d->window->grabWindow();
        QDir().mkpath(QFileInfo(path).absolutePath());
        const bool saved = image.save(path);
        if (!saved)
            qCWarning(lcDisplay, "screenshot %s could not be written", qPrintable(path));
        d->trace.write("screenshot",
                       {{QStringLiteral("path"), path},
                        {QStringLiteral("saved"), saved},
                        {QStringLiteral("truncated"),
                         QJsonArray::fromStringList(ShelfView::truncatedTexts(d->window))}});
    });
    // Script time starts with the first frame on screen.
    connect(d->window, &QQuickWindow::frameSwapped, runner, &ScriptRunner::start,
            Qt::QueuedConnection);
}

void ShelfDisplay::quitAfterOneSecond()
{
    QTimer::singleShot(1000, qApp, &QCoreApplication::quit);
}

bool ShelfDisplay::stopVision(const QElapsedTimer &clock, int budgetMs)
{
    if (d->vision)
        d->vision->stop();
    return retire(d->vision, d->visionThread, clock, budgetMs);
}

bool ShelfDisplay::stopScale(const QElapsedTimer &clock, int budgetMs)
{
    // The reader's devices and timers live on its thread: it closes them there, then ends it.
    if (d->scale)
        QMetaObject::invokeMethod(d->scale.get(), [reader = d->scale.get()] {
            reader->stop();
            QThread::currentThread()->quit();
        });
    return retire(d->scale, d->scaleThread, clock, budgetMs);
}

bool ShelfDisplay::stop(int budgetMs)
{
    QElapsedTimer clock;
    clock.start();
    bool stopped = true;
    // Each worker's loop is ended on its own thread; a thread that does not end within the
    // budget is left running (destroying it would abort), and the caller should exit at once.
    stopped &= stopScale(clock, budgetMs);
    stopped &= stopVision(clock, budgetMs);
    stopped &= retire(d->identification, d->identificationThread, clock, budgetMs);
    if (d->feed) {
        // Decisions go to the feed client until here; it writes what it holds before it ends.
        d->feed->stop();
        stopped &= retire(d->feed, d->feedThread, clock, budgetMs);
    }
    if (d->demoServer) {
        d->demoServer->stop();
        d->demoServer.reset();
    }
    d->configWatcher.reset();
    d->contentWatcher.reset();
    return stopped;
}

bool ShelfDisplay::isStarted() const
{
    return d->started;
}

const ShelfConfig &ShelfDisplay::config() const
{
    return d->config;
}

quint64 ShelfDisplay::cameraFrames() const
{
    return d->vision ? d->vision->framesHandled() : 0;
}

int ShelfDisplay::qmlWarnings() const
{
    return d->qmlWarnings;
}

QQuickWindow *ShelfDisplay::window() const
{
    return d->window;
}

ShelfView *ShelfDisplay::view() const
{
    return d->view.get();
}

ProductCatalog &ShelfDisplay::catalog() const
{
    return d->catalog;
}

PickupFusion *ShelfDisplay::fusion() const
{
    return d->fusion.get();
}

ShelfInput *ShelfDisplay::input() const
{
    return d->input.get();
}

FeedClient *ShelfDisplay::feedClient() const
{
    return d->feed.get();
}

Trace &ShelfDisplay::trace() const
{
    return d->trace;
}

} // namespace shelf
