// The display built in-process as main() builds it, with a real store server on loopback, real
// files and a real (offscreen) window: live changes of the shelf config, a broken edit and its
// fix, a kiosk that boots on a broken config, and the command line's refusals.
#include "feed_test_support.h"

#include <catalog.h>
#include <command_line.h>
#include <curve_keys.h>
#include <fusion.h>
#include <product_card_view.h>
#include <shelf_display.h>
#include <shelf_input.h>
#include <shelf_view.h>
#include <synthetic_shelf.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QQuickWindow>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

#include <gtest/gtest.h>

#include <atomic>
#include <sys/stat.h>

Q_IMPORT_QML_PLUGIN(Shelfscreen_UiPlugin)

namespace shelf {
namespace {

using namespace shelf::test;

constexpr int waitMs = 20000; // a busy 2-core machine; nothing here is timed

// Saves as editors do: a new file renamed over the old one.
void saveByRename(const QString &path, const QByteArray &text)
{
    const QString temporary = path + QStringLiteral(".swp");
    QFile file(temporary);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    ASSERT_EQ(file.write(text), text.size());
    file.close();
    ASSERT_EQ(std::rename(qPrintable(temporary), qPrintable(path)), 0);
}

struct Slot
{
    const char *id;
    QString sku;
    const char *polygon;
};

QByteArray shelfToml(const StoreServer::Endpoints &feed, const QVector<Slot> &slots,
                     const QByteArray &extra = {})
{
    QByteArray text = "[shelf]\nid = \"test-shelf\"\ntake_after_s = 600\n" + extra
        + "\n[feed]\nstore = \"shelf.db\"\nsnapshot = \"" + feed.snapshot.toUtf8()
        + "\"\nupdates = \"" + feed.updates.toUtf8() + "\"\nevents = \"" + feed.events.toUtf8()
        + "\"\n[camera]\nsource = \"no-such-camera.mp4\"\n";
    for (const Slot &slot : slots)
        text += "\n[[slot]]\nid = \"" + QByteArray(slot.id) + "\"\nsku = \"" + slot.sku.toUtf8()
            + "\"\npolygon = " + slot.polygon + "\n";
    return text;
}

const char *const left = "[[10, 10], [100, 10], [100, 90], [10, 90]]";
const char *const middle = "[[110, 10], [200, 10], [200, 90], [110, 90]]";
const char *const right = "[[210, 10], [300, 10], [300, 90], [210, 90]]";

// A display of the config in a temporary folder, against a store server serving the demo
// catalog; the config file is watched as in a store.
StoreServerOptions loggingServer(const QTemporaryDir &folder)
{
    StoreServerOptions options = ephemeralServer();
    options.eventsLogPath = folder.filePath(QStringLiteral("events.jsonl"));
    return options;
}

struct Fixture
{
    QTemporaryDir folder;
    StoreServer server{loggingServer(folder)};
    QString configPath;
    std::unique_ptr<ShelfDisplay> display;

    explicit Fixture(DisplayOptions options = {})
    {
        EXPECT_TRUE(server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)).isEmpty());
        EXPECT_TRUE(server.start().isEmpty());
        configPath = folder.filePath(QStringLiteral("shelf.toml"));
        options.windowSize = QSize(960, 540);
        options.tracePath = folder.filePath(QStringLiteral("trace.jsonl"));
        options.dataFolder = folder.path();
        display = std::make_unique<ShelfDisplay>(options);
        EXPECT_TRUE(display->openTrace().isEmpty());
        EXPECT_TRUE(display->load().isEmpty());
    }
    ~Fixture() { EXPECT_TRUE(display->stop()); }

    // Writes the config and starts the display on it.
    bool start(const QByteArray &text)
    {
        QFile file(configPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            return false;
        file.close();
        const ConfigResult loaded = loadShelfConfig(configPath);
        if (!loaded.config) {
            ADD_FAILURE() << loaded.error.toStdString();
            return false;
        }
        const QString error = display->start(*loaded.config);
        EXPECT_TRUE(error.isEmpty()) << error.toStdString();
        display->watchConfig(configPath);
        return error.isEmpty();
    }
    // Shopper events the store server stored (not the display's status and answers).
    int shopperEvents() const
    {
        QFile file(folder.filePath(QStringLiteral("events.jsonl")));
        if (!file.open(QIODevice::ReadOnly))
            return 0;
        int count = 0;
        while (!file.atEnd()) {
            const QString type
                = QJsonDocument::fromJson(file.readLine()).object().value(u"type").toString();
            const QStringList shopper{QStringLiteral("lift"), QStringLiteral("return"),
                                      QStringLiteral("take"), QStringLiteral("scan")};
            count += shopper.contains(type) ? 1 : 0;
        }
        return count;
    }
    QString trace() const
    {
        QFile file(folder.filePath(QStringLiteral("trace.jsonl")));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }
    bool pricesArrived(const QString &sku) const { return display->catalog().find(sku); }
    QString cardSku() const { return display->view()->card()->sku(); }
};

TEST(ShelfDisplay, ASlotGivenAnotherProductShowsItAtTheNextLiftAndWhatIsOutStaysOut)
{
    Fixture shelf;
    const auto feed = shelf.server.endpoints();
    ASSERT_TRUE(shelf.start(shelfToml(feed, {{"A1", apples, left}, {"A2", kiwi, middle}})));
    ASSERT_TRUE(QTest::qWaitFor([&] { return shelf.pricesArrived(kiwi); }, waitMs));

    shelf.display->input()->lift(0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return shelf.cardSku() == apples; }, waitMs));

    // A2 now holds salmon, a new slot A3 holds kiwi, and A1 moved: saved by rename.
    QSignalSpy applied(shelf.display.get(), &ShelfDisplay::configApplied);
    saveByRename(
        shelf.configPath,
        shelfToml(feed, {{"A1", apples, right}, {"A2", salmon, middle}, {"A3", kiwi, left}}));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !applied.isEmpty(); }, waitMs));
    const QStringList changes = applied.at(0).at(0).toStringList();
    EXPECT_TRUE(changes.contains(QStringLiteral("slots"))) << changes.join(u',').toStdString();
    EXPECT_TRUE(changes.contains(QStringLiteral("feed"))) << changes.join(u',').toStdString();
    EXPECT_TRUE(shelf.trace().contains(QStringLiteral("\"config_applied\"")));

    // The apples the shopper holds are still out, and still on screen.
    EXPECT_EQ(shelf.display->fusion()->liftedSlots(), QStringList{QStringLiteral("A1")});
    EXPECT_EQ(shelf.display->view()->screen(), ShelfView::Screen::Card);
    EXPECT_EQ(shelf.cardSku(), apples);

    // The new product arrives from the store, and the next lift of A2 shows it.
    ASSERT_TRUE(QTest::qWaitFor([&] { return shelf.pricesArrived(salmon); }, waitMs));
    shelf.display->input()->putBack(0);
    shelf.display->input()->lift(1);
    EXPECT_TRUE(QTest::qWaitFor([&] { return shelf.cardSku() == salmon; }, waitMs));
}

TEST(ShelfDisplay, TheCameraTakesNewSlotsBetweenTwoFramesAndSeesNoProductMove)
{
    // The simulated camera draws the shelf's products; the slot monitors read real pixels.
    const char *const board1 = "[[30, 30], [160, 30], [160, 140], [30, 140]]";
    const char *const board2 = "[[185, 30], [315, 30], [315, 140], [185, 140]]";
    const char *const board3 = "[[340, 30], [470, 30], [470, 140], [340, 140]]";
    const char *const board4 = "[[495, 30], [625, 30], [625, 140], [495, 140]]";
    Fixture shelf;
    const auto feed = shelf.server.endpoints();
    const auto synthetic = [&](const QVector<Slot> &slots) {
        // The simulated board too: it weighs the simulated shelf, and restarts on new slots.
        QByteArray text = shelfToml(feed, slots, "\n[scale]\nsource = \"synthetic\"\n");
        text.replace("no-such-camera.mp4\"", "synthetic\"\nwidth = 640\nheight = 480");
        return text;
    };
    ASSERT_TRUE(shelf.start(synthetic({{"A1", apples, board1}, {"A2", kiwi, board2}})));
    // The slots learn what they hold from the first still frames: a product lifted before that
    // is learned as an empty slot, as on a shelf whose display starts while a shopper reaches.
    ASSERT_TRUE(QTest::qWaitFor([&] { return shelf.display->cameraFrames() >= 10; }, waitMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return shelf.pricesArrived(kiwi); }, waitMs));
    shelf.display->input()->lift(0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return shelf.cardSku() == apples; }, waitMs));

    // A1 moves to the fourth board while its apples are out, A2 holds salmon, A3 is new.
    QSignalSpy decided(shelf.display->fusion(), &PickupFusion::decided);
    QSignalSpy applied(shelf.display.get(), &ShelfDisplay::configApplied);
    saveByRename(shelf.configPath,
                 synthetic({{"A1", apples, board4}, {"A2", salmon, board2}, {"A3", kiwi, board3}}));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !applied.isEmpty(); }, waitMs));
    EXPECT_TRUE(applied.at(0).at(0).toStringList().contains(QStringLiteral("slots")));
    // The camera reads on, never down, and sees nothing move in the frames after the change (a
    // second is about fifteen frames).
    QTest::qWait(1000);
    EXPECT_TRUE(decided.isEmpty()) << decided.size() << " decisions after the change";
    EXPECT_FALSE(shelf.trace().contains(QStringLiteral("\"up\":false")));
    EXPECT_EQ(shelf.display->fusion()->liftedSlots(), QStringList{QStringLiteral("A1")});
    EXPECT_FALSE(shelf.display->view()->staffStatusText().contains(u"Scale offline"))
        << shelf.display->view()->staffStatusText().toStdString();

    // The apples go back in their new place, and the new product of A2 is lifted.
    ASSERT_TRUE(QTest::qWaitFor([&] { return shelf.pricesArrived(salmon); }, waitMs));
    shelf.display->input()->putBack(0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return decided.size() == 1; }, waitMs));
    EXPECT_EQ(decided.at(0).at(0).value<PickupDecision>().type, PickupDecision::Type::Return);
    EXPECT_EQ(decided.at(0).at(0).value<PickupDecision>().slotId, QStringLiteral("A1"));
    shelf.display->input()->lift(1);
    EXPECT_TRUE(QTest::qWaitFor([&] { return shelf.cardSku() == salmon; }, waitMs));
    EXPECT_EQ(decided.at(1).at(0).value<PickupDecision>().slotId, QStringLiteral("A2"));
}

TEST(ShelfDisplay, EventsWaitingForAnUnreachableStoreReachItAfterTheEndpointsAreChanged)
{
    Fixture shelf;
    // The first config names a store that is not there (a closed port).
    StoreServer gone(ephemeralServer());
    ASSERT_TRUE(gone.start().isEmpty());
    const auto deadFeed = gone.endpoints();
    gone.stop();
    ASSERT_TRUE(shelf.start(shelfToml(deadFeed, {{"A1", apples, left}, {"A2", kiwi, middle}})));

    QSignalSpy decided(shelf.display->fusion(), &PickupFusion::decided);
    shelf.display->input()->lift(0);
    shelf.display->input()->putBack(0);
    shelf.display->input()->lift(1);
    ASSERT_TRUE(QTest::qWaitFor([&] { return decided.size() == 3; }, waitMs));
    QTest::qWait(300); // the events are in the outbox, unacknowledged
    EXPECT_EQ(shelf.shopperEvents(), 0);

    saveByRename(shelf.configPath,
                 shelfToml(shelf.server.endpoints(), {{"A1", apples, left}, {"A2", kiwi, middle}}));
    ASSERT_TRUE(QTest::qWaitFor([&] { return shelf.shopperEvents() == 3; }, waitMs));
    EXPECT_TRUE(QTest::qWaitFor([&] { return shelf.pricesArrived(kiwi); }, waitMs));
    // What is out stayed out across the change.
    EXPECT_EQ(shelf.display->fusion()->liftedSlots(), QStringList{QStringLiteral("A2")});
    QTest::qWait(500); // nothing is sent twice
    EXPECT_EQ(shelf.shopperEvents(), 3);
}

TEST(ShelfDisplay, NewKeysInTheSameKeyFilesReconnectTheFeedWithThem)
{
    QTemporaryDir keys;
    const auto keyPath = [&](const char *name) {
        return keys.filePath(QString::fromLatin1(name));
    };
    for (const char *name : {"server", "admitted", "stranger"})
        ASSERT_EQ(curve::generateKeyPairFiles(keys.path(), QString::fromLatin1(name)), QString());
    StoreServerOptions options = ephemeralServer();
    options.curveSecretKey = *curve::readKeyFile(keyPath("server.secret")).key;
    options.curveClientKeys = {*curve::readKeyFile(keyPath("admitted.pub")).key};
    StoreServer curveStore(options);
    ASSERT_EQ(curveStore.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(curveStore.start(), QString());
    // The display's keypair is "display": the stranger's keys at first, which the store does not
    // admit.
    for (const char *ending : {".pub", ".secret"}) {
        QFile display(keyPath("display") + QString::fromLatin1(ending));
        QFile stranger(keyPath("stranger") + QString::fromLatin1(ending));
        ASSERT_TRUE(stranger.open(QIODevice::ReadOnly));
        ASSERT_TRUE(display.open(QIODevice::WriteOnly));
        ASSERT_GT(display.write(stranger.readAll()), 0);
        ASSERT_TRUE(display.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
    }
    Fixture shelf;
    const QByteArray curve = "\n[feed]\nserver_key = \"" + keyPath("server.pub").toUtf8()
        + "\"\ndisplay_key = \"" + keyPath("display").toUtf8() + "\"\n";
    QByteArray text = shelfToml(curveStore.endpoints(), {{"A1", apples, left}});
    text.replace("\n[feed]\n", curve);
    ASSERT_TRUE(shelf.start(text));
    QTest::qWait(1000);
    EXPECT_FALSE(shelf.pricesArrived(apples)); // not admitted

    // The store's admitted keypair is written into the same files; the config is saved again.
    for (const char *ending : {".pub", ".secret"}) {
        QFile display(keyPath("display") + QString::fromLatin1(ending));
        QFile admitted(keyPath("admitted") + QString::fromLatin1(ending));
        ASSERT_TRUE(admitted.open(QIODevice::ReadOnly));
        ASSERT_TRUE(display.open(QIODevice::WriteOnly | QIODevice::Truncate));
        ASSERT_GT(display.write(admitted.readAll()), 0);
    }
    QSignalSpy applied(shelf.display.get(), &ShelfDisplay::configApplied);
    saveByRename(shelf.configPath, text + "# the display's keys were replaced\n");
    ASSERT_TRUE(QTest::qWaitFor([&] { return !applied.isEmpty(); }, waitMs));
    EXPECT_EQ(applied.at(0).at(0).toStringList(), QStringList{QStringLiteral("feed")});
    EXPECT_TRUE(QTest::qWaitFor([&] { return shelf.pricesArrived(apples); }, waitMs));
}

TEST(ShelfDisplay, ABrokenEditKeepsTheLastGoodConfigAndIsOnTheStaffLineUntilItIsFixed)
{
    Fixture shelf;
    const auto feed = shelf.server.endpoints();
    const QVector<Slot> slots = {{"A1", apples, left}, {"A2", kiwi, middle}};
    ASSERT_TRUE(shelf.start(shelfToml(feed, slots)));

    QSignalSpy rejected(shelf.display.get(), &ShelfDisplay::configRejected);
    QByteArray broken = shelfToml(feed, slots);
    broken.replace("take_after_s = 600", "take_after_s = \"soon\"");
    saveByRename(shelf.configPath, broken);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !rejected.isEmpty(); }, waitMs));
    const QStringList problems = rejected.at(0).at(0).toStringList();
    ASSERT_FALSE(problems.isEmpty());
    EXPECT_TRUE(problems.constFirst().startsWith(shelf.configPath + QStringLiteral(":3:")))
        << problems.constFirst().toStdString();
    EXPECT_TRUE(shelf.display->view()->staffStatusText().contains(
        QStringLiteral("Shelf config not applied: shelf.toml")))
        << shelf.display->view()->staffStatusText().toStdString();
    EXPECT_TRUE(shelf.trace().contains(QStringLiteral("\"config_rejected\"")));
    EXPECT_EQ(shelf.display->config().takeAfterSeconds, 600);
    // The shelf goes on as before.
    shelf.display->input()->lift(0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return shelf.cardSku() == apples; }, waitMs));

    QSignalSpy applied(shelf.display.get(), &ShelfDisplay::configApplied);
    QByteArray fixed = shelfToml(feed, slots);
    fixed.replace("take_after_s = 600", "take_after_s = 45");
    saveByRename(shelf.configPath, fixed);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !applied.isEmpty(); }, waitMs));
    EXPECT_EQ(applied.at(0).at(0).toStringList(), QStringList{QStringLiteral("timeouts")});
    EXPECT_EQ(shelf.display->config().takeAfterSeconds, 45);
    EXPECT_FALSE(shelf.display->view()->staffStatusText().contains(QStringLiteral("config")));
}

TEST(ShelfDisplay, ANewLanguageIsTheAttractLoopsAtOnceAndACardKeepsItsOwnUntilItIsDone)
{
    Fixture shelf;
    const auto feed = shelf.server.endpoints();
    const QVector<Slot> slots = {{"A1", apples, left}};
    ASSERT_TRUE(shelf.start(shelfToml(feed, slots, "language = \"en\"")));
    ASSERT_TRUE(QTest::qWaitFor([&] { return shelf.pricesArrived(apples); }, waitMs));
    EXPECT_EQ(shelf.display->view()->language(), QStringLiteral("en"));
    shelf.display->input()->lift(0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return shelf.cardSku() == apples; }, waitMs));

    QSignalSpy applied(shelf.display.get(), &ShelfDisplay::configApplied);
    saveByRename(shelf.configPath, shelfToml(feed, slots, "language = \"zh-CN\""));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !applied.isEmpty(); }, waitMs));
    EXPECT_EQ(applied.at(0).at(0).toStringList(), QStringList{QStringLiteral("language")});
    EXPECT_EQ(shelf.display->view()->language(), QStringLiteral("en")); // the shopper's card
    // Taken: thanks, then the attract loop, now in Chinese.
    shelf.display->input()->leave();
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return shelf.display->view()->language() == QStringLiteral("zh-CN"); }, waitMs));
}

TEST(ShelfDisplay, AKioskWhoseConfigIsBrokenAtBootShowsWhyAndStartsOnceItIsFixed)
{
    // What main() does for --kiosk when the config is broken (the window here is not full
    // screen, so that each shape can be looked at).
    Fixture shelf;
    const QVector<Slot> slots = {{"A1", apples, left}};
    QByteArray broken = shelfToml(shelf.server.endpoints(), slots);
    broken.replace("[camera]", "[camera");
    {
        QFile file(shelf.configPath);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(broken);
    }
    const ConfigResult loaded = loadShelfConfig(shelf.configPath);
    ASSERT_FALSE(loaded.config);
    shelf.display->showConfigProblems({loaded.error});
    shelf.display->watchConfig(shelf.configPath);
    EXPECT_FALSE(shelf.display->isStarted());
    EXPECT_EQ(shelf.display->view()->setupProblems(), QStringList{loaded.error});

    // What staff read on the screen, at each of the display's shapes. SHELF_TEST_SCREENSHOTS
    // keeps the pictures in that folder, to look at.
    if (QStandardPaths::findExecutable(QStringLiteral("tesseract")).isEmpty())
        GTEST_FAIL() << "tesseract is not installed (scripts/test installs it)";
    const QString keep = qEnvironmentVariable("SHELF_TEST_SCREENSHOTS");
    for (const QSize size : {QSize(1920, 1080), QSize(1920, 540), QSize(1080, 1920)}) {
        shelf.display->window()->resize(size);
        QTest::qWait(100);
        const QString picture = QDir(keep.isEmpty() ? shelf.folder.path() : keep)
                                    .filePath(QStringLiteral("setup-problems-%1x%2.png")
                                                  .arg(size.width())
                                                  .arg(size.height()));
        ASSERT_TRUE(shelf.display->window()->grabWindow().save(picture));
        QProcess tesseract;
        tesseract.start(QStringLiteral("tesseract"), {picture, QStringLiteral("stdout")});
        ASSERT_TRUE(tesseract.waitForFinished(60000));
        const QString text = QString::fromUtf8(tesseract.readAllStandardOutput());
        EXPECT_TRUE(text.contains(QLatin1String("cannot start"))) << text.toStdString();
        EXPECT_TRUE(text.contains(QLatin1String("shelf.toml:"))) << text.toStdString();
    }

    saveByRename(shelf.configPath, shelfToml(shelf.server.endpoints(), slots));
    ASSERT_TRUE(QTest::qWaitFor([&] { return shelf.display->isStarted(); }, waitMs));
    EXPECT_TRUE(shelf.display->view()->setupProblems().isEmpty());
    EXPECT_TRUE(QTest::qWaitFor([&] { return shelf.pricesArrived(apples); }, waitMs));
}

// The store server's side of protocol 1.1 played by hand: commands published on the updates
// socket, their answers and the display's status read from the events socket.
struct CommandedShelf
{
    HandServer server;
    Fixture shelf;
    QList<QJsonObject> events; // every event body received, in order
    bool snapshotAnswered = false;

    bool start()
    {
        const StoreServer::Endpoints endpoints{server.routerEndpoint, server.pubEndpoint,
                                               server.routerEndpoint};
        if (!shelf.start(shelfToml(endpoints, {{"A1", apples, left}})))
            return false;
        // The display's first status may come before its snapshot request, on the same socket.
        return QTest::qWaitFor(
            [&] {
                heartbeat();
                receive();
                return snapshotAnswered;
            },
            waitMs);
    }
    // The server's clock, and a heartbeat interval of a minute: a test that stops to read a
    // screenshot for seconds does not see its feed go stale.
    void heartbeat()
    {
        server.publish({"heartbeat", "epoch-1",
                        QByteArray::number(QDateTime::currentMSecsSinceEpoch()),
                        R"({"interval_ms": 60000})"});
    }
    // Reads what the display sent, acknowledging each event as a store server does; a snapshot
    // request sets the peer to answer.
    void receive()
    {
        for (;;) {
            std::vector<zmq::message_t> frames;
            if (!zmq::recv_multipart(server.router, std::back_inserter(frames),
                                     zmq::recv_flags::dontwait))
                return;
            // Every snapshot request is answered, however late (a display whose feed went stale
            // asks again).
            if (frames.size() >= 2 && frames[1].to_string_view() == "SNAPSHOT") {
                server.peer = QByteArray(frames[0].data<char>(), qsizetype(frames[0].size()));
                server.reply({"END", "epoch-1", "0"});
                snapshotAnswered = true;
            }
            if (frames.size() != 5 || frames[1].to_string_view() != "EVENT")
                continue;
            const QByteArray peer(frames[0].data<char>(), qsizetype(frames[0].size()));
            const QByteArray id(frames[3].data<char>(), qsizetype(frames[3].size()));
            HandServer::send(server.router, {peer, "ACK", id});
            events.append(QJsonDocument::fromJson(
                              QByteArray(frames[4].data<char>(), qsizetype(frames[4].size())))
                              .object());
        }
    }
    // Publishes the command (with heartbeats that give the server's clock) until its answer
    // arrives; the same id every time, so it is carried out once.
    std::optional<QJsonObject> command(const char *id, const char *name)
    {
        std::optional<QJsonObject> answer;
        // No answer in time is an empty optional, which the caller asserts on.
        (void)QTest::qWaitFor(
            [&] {
                const qint64 now = QDateTime::currentMSecsSinceEpoch();
                heartbeat();
                server.publish({"command/test-shelf", "epoch-1", id,
                                QJsonDocument(QJsonObject{{QStringLiteral("command"),
                                                           QString::fromLatin1(name)},
                                                          {QStringLiteral("issued"), now}})
                                    .toJson(QJsonDocument::Compact)});
                receive();
                for (const QJsonObject &event : std::as_const(events)) {
                    if (event.value(u"type").toString() == u"command_result"
                        && event.value(u"command_id").toString() == QLatin1String(id))
                        answer = event;
                }
                return answer.has_value();
            },
            waitMs);
        return answer;
    }
};

TEST(ShelfDisplay, TheStoreServersCommandsAreCarriedOutAndAnswered)
{
    CommandedShelf commanded;
    ASSERT_TRUE(commanded.start());
    ShelfDisplay &display = *commanded.shelf.display;

    // identify: the shelf id over everything for 10 s.
    const auto identified = commanded.command("id-1", "identify");
    ASSERT_TRUE(identified);
    EXPECT_TRUE(identified->value(u"ok").toBool());
    EXPECT_EQ(display.view()->identifyText(), u"test-shelf");
    // SHELF_TEST_SCREENSHOTS keeps the banner at each of the display's shapes, to look at.
    if (const QString keep = qEnvironmentVariable("SHELF_TEST_SCREENSHOTS"); !keep.isEmpty()) {
        for (const QSize size : {QSize(1920, 540), QSize(1080, 1920)}) {
            display.window()->resize(size);
            QTest::qWait(100);
            display.window()->grabWindow().save(QDir(keep).filePath(
                QStringLiteral("identify-%1x%2.png").arg(size.width()).arg(size.height())));
        }
    }
    display.window()->resize(1920, 1080);

    // screenshot: what is on screen now, as the store receives it, read back as staff would. The
    // banner is shown again first: its 10 s may have run out on a slow machine.
    ASSERT_TRUE(commanded.command("id-2", "identify"));
    const auto screenshot = commanded.command("shot-1", "screenshot");
    ASSERT_TRUE(screenshot);
    ASSERT_TRUE(screenshot->value(u"ok").toBool())
        << screenshot->value(u"detail").toString().toStdString();
    const QByteArray jpeg
        = QByteArray::fromBase64(screenshot->value(u"jpeg_base64").toString().toLatin1());
    EXPECT_LE(jpeg.size(), 192 * 1024);
    const QImage picture = QImage::fromData(jpeg, "JPEG");
    ASSERT_FALSE(picture.isNull());
    EXPECT_EQ(picture.size(), QSize(1920, 1080));
    EXPECT_EQ(screenshot->value(u"size").toArray(), QJsonArray({1920, 1080}));
    if (QStandardPaths::findExecutable(QStringLiteral("tesseract")).isEmpty())
        GTEST_FAIL() << "tesseract is not installed (scripts/test installs it)";
    const QString keep = qEnvironmentVariable("SHELF_TEST_SCREENSHOTS");
    const QString path = QDir(keep.isEmpty() ? commanded.shelf.folder.path() : keep)
                             .filePath(QStringLiteral("identify-screenshot.png"));
    // A quarter of the size: tesseract misreads letters 400 pixels tall, which people do not.
    ASSERT_TRUE(picture.scaled(picture.size() / 4, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                    .save(path));
    QProcess tesseract;
    tesseract.start(QStringLiteral("tesseract"), {path, QStringLiteral("stdout")});
    ASSERT_TRUE(tesseract.waitForFinished(60000));
    const QString text = QString::fromUtf8(tesseract.readAllStandardOutput());
    EXPECT_TRUE(text.contains(QLatin1String("test-shelf"))) << text.toStdString();

    // A second screenshot at once is refused: one per 5 s, whatever the server asks.
    const auto tooSoon = commanded.command("shot-2", "screenshot");
    ASSERT_TRUE(tooSoon);
    EXPECT_FALSE(tooSoon->value(u"ok").toBool());
    EXPECT_FALSE(tooSoon->contains(u"jpeg_base64"));

    // status: one now, with this display's state.
    const qsizetype before = commanded.events.size();
    const auto status = commanded.command("st-1", "status");
    ASSERT_TRUE(status);
    const auto sent = std::find_if(
        commanded.events.cbegin() + before, commanded.events.cend(),
        [](const QJsonObject &e) { return e.value(u"type").toString() == u"status"; });
    ASSERT_NE(sent, commanded.events.cend());
    EXPECT_EQ(sent->value(u"config").toString(), display.config().digest);
    EXPECT_EQ(sent->value(u"feed").toObject().value(u"epoch").toString(), u"epoch-1");
    EXPECT_EQ(sent->value(u"camera").toObject().value(u"state").toString(), u"down");

    // reload: the file as it is now, not waiting for its watcher.
    const auto reloaded = commanded.command("re-1", "reload");
    ASSERT_TRUE(reloaded);
    EXPECT_TRUE(reloaded->value(u"ok").toBool())
        << reloaded->value(u"detail").toString().toStdString();

    // The health file, for tools on the shelf PC.
    QFile health(commanded.shelf.folder.filePath(QStringLiteral("health.json")));
    ASSERT_TRUE(health.open(QIODevice::ReadOnly));
    EXPECT_EQ(QJsonDocument::fromJson(health.readAll()).object().value(u"config").toString(),
              display.config().digest);
}

TEST(ShelfDisplay, AShelfProductTheStoreDoesNotKnowIsLoggedTracedAndOnTheStaffLine)
{
    Fixture shelf;
    const QString unknown = QStringLiteral("6999999999994");
    ASSERT_TRUE(shelf.start(
        shelfToml(shelf.server.endpoints(), {{"A1", apples, left}, {"A2", unknown, middle}})));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return shelf.display->view()->staffStatusText().contains(
                QStringLiteral("Not known to the store: ") + unknown);
        },
        waitMs))
        << shelf.display->view()->staffStatusText().toStdString();
    EXPECT_TRUE(shelf.trace().contains(QStringLiteral("\"feed_unknown_skus\"")));
    EXPECT_TRUE(shelf.pricesArrived(apples));
}

TEST(ShelfDisplay, ANewCameraSourceRestartsTheCameraOnIt)
{
    Fixture shelf;
    const auto feed = shelf.server.endpoints();
    const QVector<Slot> slots = {{"A1", apples, left}, {"A2", kiwi, middle}};
    ASSERT_TRUE(shelf.start(shelfToml(feed, slots)));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !shelf.display->view()->cameraUp(); }, waitMs));

    QSignalSpy applied(shelf.display.get(), &ShelfDisplay::configApplied);
    QByteArray synthetic = shelfToml(feed, slots);
    synthetic.replace("no-such-camera.mp4", "synthetic");
    saveByRename(shelf.configPath, synthetic);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !applied.isEmpty(); }, waitMs));
    EXPECT_EQ(applied.at(0).at(0).toStringList(), QStringList{QStringLiteral("camera")});
    EXPECT_TRUE(QTest::qWaitFor([&] { return shelf.display->view()->cameraUp(); }, waitMs));
}

TEST(ShelfDisplay, ANewScalePortIsOpenedInPlaceOfTheOldOne)
{
    Fixture shelf;
    const auto feed = shelf.server.endpoints();
    const QVector<Slot> slots = {{"A1", apples, left}};
    const QString oldBoard = shelf.folder.filePath(QStringLiteral("old-board"));
    const QString newBoard = shelf.folder.filePath(QStringLiteral("new-board"));
    ASSERT_TRUE(
        shelf.start(shelfToml(feed, slots, "\n[scale]\nsource = \"" + oldBoard.toUtf8() + "\"\n")));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return shelf.display->view()->staffStatusText().contains(u"Scale offline"); },
        waitMs));

    ASSERT_EQ(::mkfifo(QFile::encodeName(newBoard).constData(), 0600), 0);
    QSignalSpy applied(shelf.display.get(), &ShelfDisplay::configApplied);
    saveByRename(shelf.configPath,
                 shelfToml(feed, slots, "\n[scale]\nsource = \"" + newBoard.toUtf8() + "\"\n"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !applied.isEmpty(); }, waitMs));
    EXPECT_EQ(applied.at(0).at(0).toStringList(), QStringList{QStringLiteral("scale")});
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return !shelf.display->view()->staffStatusText().contains(u"Scale offline"); },
        waitMs))
        << shelf.display->view()->staffStatusText().toStdString();
}

TEST(ShelfDisplay, StopsEveryThreadWithinItsBudgetAndMayBeStoppedTwice)
{
    Fixture shelf;
    ASSERT_TRUE(shelf.start(shelfToml(shelf.server.endpoints(), {{"A1", apples, left}})));
    EXPECT_TRUE(shelf.display->stop(15000));
    EXPECT_TRUE(shelf.display->stop(15000));
}

TEST(ShelfDisplay, AThreadThatDoesNotStopIsLeftRunningAndStopReturnsWithinItsBudget)
{
    Fixture shelf;
    ASSERT_TRUE(shelf.start(shelfToml(shelf.server.endpoints(), {{"A1", apples, left}})));
    ASSERT_TRUE(QTest::qWaitFor([&] { return shelf.pricesArrived(apples); }, waitMs));
    // The feed thread hangs (a disk or a driver that does not answer): here, in a call made on
    // it when the shopper's lift reaches its outbox.
    QSemaphore entered, release;
    std::atomic<QThread *> stuck{nullptr};
    std::atomic_bool armed{true};
    QObject::connect(
        shelf.display->feedClient(), &FeedClient::outboxChanged, shelf.display->feedClient(),
        [&] {
            if (!armed.exchange(false))
                return;
            stuck = QThread::currentThread();
            entered.release();
            release.acquire();
        },
        Qt::DirectConnection);
    shelf.display->input()->lift(0);
    ASSERT_TRUE(entered.tryAcquire(1, waitMs));

    EXPECT_FALSE(shelf.display->stop(2000)); // returns, and says a thread is left running
    EXPECT_TRUE(shelf.display->stop(2000)); // the rest stopped; the stuck one is not its own
    release.release();
    EXPECT_TRUE(stuck.load()->wait(QDeadlineTimer(waitMs))) << "the stuck thread ends when freed";
}

TEST(ShelfInput, LeavingIsToldToFusionWhenNoCameraWatchesTheAisle)
{
    ShelfConfig config;
    config.slots = {SlotConfig{QStringLiteral("A1"), apples, {{0, 0}, {10, 0}, {10, 10}}}};
    auto scene = std::make_shared<vision::SyntheticShelfState>(1);
    ShelfInput withoutAisle(config, scene);
    QSignalSpy told(&withoutAisle, &ShelfInput::aisleChanged);
    withoutAisle.leave();
    ASSERT_EQ(told.size(), 1);
    EXPECT_FALSE(told.at(0).at(0).toBool());

    // With an aisle the camera sees the drawn shopper walk off; the input says nothing itself.
    config.camera.aislePolygon = {{0, 440}, {640, 440}, {640, 480}};
    ShelfInput withAisle(config, scene);
    QSignalSpy quiet(&withAisle, &ShelfInput::aisleChanged);
    withAisle.leave();
    EXPECT_EQ(quiet.size(), 0);
}

CommandLine parse(QStringList arguments)
{
    arguments.prepend(QStringLiteral("shelfscreen"));
    return parseCommandLine(arguments);
}

TEST(CommandLine, RefusesWhatItDoesNotKnowAndAKioskWithoutItsConfig)
{
    struct Case
    {
        QStringList arguments;
        const char *error;
    };
    const Case refused[] = {
        {{QStringLiteral("check-config"), QStringLiteral("shelf.toml")},
         "unknown subcommand: check-config"},
        {{QStringLiteral("foo")}, "unknown subcommand: foo"},
        {{QStringLiteral("--config"), QStringLiteral("shelf.toml"), QStringLiteral("stray")},
         "unexpected argument: stray"},
        {{QStringLiteral("--fullscreen")}, "Unknown option 'fullscreen'."},
        {{QStringLiteral("--kiosk")}, "--kiosk needs --config FILE"},
        {{QStringLiteral("--kiosk"), QStringLiteral("--demo"), QStringLiteral("--config"),
          QStringLiteral("a.toml")},
         "--demo and --kiosk exclude each other"},
        {{QStringLiteral("--size"), QStringLiteral("10x10")}, "--size 10x10 is not WIDTHxHEIGHT"},
        {{QStringLiteral("--trace-frames")}, "--trace-frames needs --trace FILE"},
        {{QStringLiteral("--trace-max-mib"), QStringLiteral("8")},
         "--trace-max-mib needs --trace FILE"},
        {{QStringLiteral("--trace"), QStringLiteral("t"), QStringLiteral("--trace-max-mib"),
          QStringLiteral("0")},
         "--trace-max-mib 0 is not a size in MiB (1 to 4096)"},
        {{QStringLiteral("--trace"), QStringLiteral("t"), QStringLiteral("--trace-max-mib"),
          QStringLiteral("4097")},
         "--trace-max-mib 4097 is not"},
        {{QStringLiteral("--trace"), QStringLiteral("t"), QStringLiteral("--trace-max-mib"),
          QStringLiteral("1e3")},
         "--trace-max-mib 1e3 is not"},
    };
    for (const Case &c : refused) {
        const CommandLine command = parse(c.arguments);
        EXPECT_TRUE(command.error.startsWith(QLatin1String(c.error)))
            << c.arguments.join(u' ').toStdString() << ": " << command.error.toStdString();
    }
}

TEST(CommandLine, StartsTheDemoWithoutAConfigAndTheKioskWithOne)
{
    const CommandLine demo = parse({});
    EXPECT_TRUE(demo.error.isEmpty());
    EXPECT_EQ(demo.command, CommandLine::Command::Display);
    EXPECT_TRUE(demo.display.demo);

    const CommandLine kiosk
        = parse({QStringLiteral("--kiosk"), QStringLiteral("--config"), QStringLiteral("s.toml"),
                 QStringLiteral("--size"), QStringLiteral("1920x540")});
    EXPECT_TRUE(kiosk.error.isEmpty()) << kiosk.error.toStdString();
    EXPECT_TRUE(kiosk.display.kiosk);
    EXPECT_FALSE(kiosk.display.demo);
    EXPECT_EQ(kiosk.configPath, QStringLiteral("s.toml"));
    EXPECT_EQ(kiosk.display.windowSize, QSize(1920, 540));

    EXPECT_FALSE(demo.display.traceOptions.frameLines);
    EXPECT_EQ(demo.display.traceOptions.maxBytes, TraceOptions::defaultMaxBytes);
    const CommandLine traced = parse({QStringLiteral("--trace"), QStringLiteral("t.jsonl"),
                                      QStringLiteral("--trace-frames"),
                                      QStringLiteral("--trace-max-mib"), QStringLiteral("4096")});
    EXPECT_TRUE(traced.error.isEmpty()) << traced.error.toStdString();
    EXPECT_EQ(traced.display.tracePath, QStringLiteral("t.jsonl"));
    EXPECT_TRUE(traced.display.traceOptions.frameLines);
    EXPECT_EQ(traced.display.traceOptions.maxBytes, 4096LL * 1024 * 1024);

    const CommandLine detect = parse({QStringLiteral("detect"), QStringLiteral("--help")});
    EXPECT_EQ(detect.command, CommandLine::Command::Detect);
    EXPECT_EQ(detect.subcommandArguments.size(), 3);
}

TEST(CommandLine, HelpListsTheSubcommands)
{
    EXPECT_EQ(parse({QStringLiteral("--help")}).command, CommandLine::Command::Help);
    const QString usage = usageText();
    for (const char *subcommand :
         {"shelfscreen detect", "shelfscreen check", "shelfscreen gen-keys"})
        EXPECT_TRUE(usage.contains(QLatin1String(subcommand))) << subcommand;
    EXPECT_TRUE(usage.contains(QLatin1String("--kiosk")));
}

} // namespace
} // namespace shelf
