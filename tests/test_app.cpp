// The whole program as an operator runs it: real processes, real sockets, offscreen windows.
#include "app_test_support.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <iostream>
#include <sys/stat.h>

using namespace shelf::test;

namespace {

QList<QJsonObject> readTrace(const QString &path)
{
    QList<QJsonObject> events;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return events;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (!line.isEmpty())
            events.append(QJsonDocument::fromJson(line).object());
    }
    return events;
}

QJsonObject catalogRecord(const QString &sku)
{
    QFile file(QStringLiteral(SHELF_DEMO_DIR "/catalog.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (const QJsonValue &value : QJsonDocument::fromJson(file.readAll()).array()) {
        if (value.toObject().value(u"sku").toString() == sku)
            return value.toObject();
    }
    return {};
}

// The demo (built-in store server, simulated shelf, camera and scale) at 1280x720, driven by a
// script and tracing to trace.
ProcessResult runDemo(const QString &script, const QString &trace)
{
    return runShelfscreen({QStringLiteral("--demo"), QStringLiteral("--script"), script,
                           QStringLiteral("--trace"), trace, QStringLiteral("--size"),
                           QStringLiteral("1280x720")});
}

// Not blank: the picture has many distinct colours, as a card with a photo and text has.
int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    }
    return int(colours.size());
}

const QJsonObject *findEvent(const QList<QJsonObject> &events, const char *name,
                             const QString &sku = {})
{
    for (const QJsonObject &event : events) {
        if (event.value(u"event").toString() == QLatin1String(name)
            && (sku.isEmpty() || event.value(u"sku").toString() == sku))
            return &event;
    }
    return nullptr;
}

// A display with an operator's config, offscreen at 960x540, its cache and outbox in the test's
// own folder (a display keeps them in the user's data folder).
// An operator's config: the demo shelf pointed at the store server at these endpoints, its
// content where the demo's is, the camera simulated; its path.
QString writeOperatorConfig(const QTemporaryDir &dir, const QMap<QString, QString> &endpoints)
{
    QFile demo(QStringLiteral(SHELF_DEMO_DIR "/shelf.toml"));
    EXPECT_TRUE(demo.open(QIODevice::ReadOnly));
    QByteArray config = demo.readAll();
    config.replace("tcp://127.0.0.1:5556", endpoints[QStringLiteral("snapshot")].toUtf8());
    config.replace("tcp://127.0.0.1:5557", endpoints[QStringLiteral("updates")].toUtf8());
    config.replace("tcp://127.0.0.1:5558", endpoints[QStringLiteral("events")].toUtf8());
    config.replace("content = \".\"", "content = \"" SHELF_DEMO_DIR "\"");
    const QString path = dir.filePath(QStringLiteral("shelf.toml"));
    writeFile(path, config);
    return path;
}

void startConfiguredDisplay(QProcess &display, const QTemporaryDir &dir, const QString &config,
                            const QString &script, const QString &trace)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    display.setProcessEnvironment(environment);
    display.setProcessChannelMode(QProcess::MergedChannels);
    display.start(QStringLiteral(SHELFSCREEN_BIN),
                  {QStringLiteral("--config"), config, QStringLiteral("--script"), script,
                   QStringLiteral("--trace"), trace, QStringLiteral("--size"),
                   QStringLiteral("960x540")});
}

} // namespace

TEST(App, DemoLiftShowsTheCardWithTheStoreServersPrice)
{
    QTemporaryDir dir;
    const QString script = dir.filePath(QStringLiteral("lift.script"));
    const QString shot = dir.filePath(QStringLiteral("shots/card.png"));
    const QString trace = dir.filePath(QStringLiteral("trace.jsonl"));
    // Slot 3 of the demo shelf (A3) holds the salmon.
    writeFile(script,
              QStringLiteral("0.8 lift 3\n3.0 screenshot %1\n3.2 return 3\n9.0 quit\n")
                  .arg(shot)
                  .toUtf8());
    const ProcessResult run = runDemo(script, trace);
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();

    const QString sku = QStringLiteral("7098765000147");
    const QString amount
        = catalogRecord(sku).value(u"price").toObject().value(u"amount").toString();
    ASSERT_FALSE(amount.isEmpty());
    const auto events = readTrace(trace);
    ASSERT_TRUE(findEvent(events, "feed_snapshot"))
        << "the display never got the store server's snapshot";
    const QJsonObject *slotChange = findEvent(events, "slot_change");
    ASSERT_TRUE(slotChange) << "the camera never saw the slot empty";
    EXPECT_EQ(slotChange->value(u"slot").toString(), QStringLiteral("A3"));
    const QJsonObject *lift = findEvent(events, "fusion_decision", sku);
    ASSERT_TRUE(lift);
    EXPECT_EQ(lift->value(u"type").toString(), QStringLiteral("lift"));
    EXPECT_EQ(lift->value(u"source").toString(), QStringLiteral("camera"));
    const QJsonObject *card = findEvent(events, "card_shown", sku);
    ASSERT_TRUE(card) << "no card_shown for " << sku.toStdString();
    EXPECT_EQ(card->value(u"price").toString(), QStringLiteral("¥") + amount);

    // After the return the card goes back to the attract loop (return_hold_s = 4).
    bool backToAttract = false;
    for (const QJsonObject &event : events)
        backToAttract |= event.value(u"event").toString() == u"screen"
            && event.value(u"screen").toString() == u"attract";
    EXPECT_TRUE(backToAttract);
    EXPECT_FALSE(findEvent(events, "frame_captured")) << "frame lines only with --trace-frames";

    const QImage image(shot);
    ASSERT_FALSE(image.isNull()) << "screenshot missing: " << shot.toStdString();
    EXPECT_EQ(image.size(), QSize(1280, 720));
    EXPECT_GT(distinctColours(image), 200);
}

// Protocol 1.1 between the two programs as a store runs them: the server's fleet shows the
// display from its status events, and `screenshot` on the server's input brings back a JPEG of
// what the display shows.
TEST(App, TheStoreServerSeesItsDisplayInTheFleetAndTakesAScreenshotOfIt)
{
    QTemporaryDir dir;
    const QString shots = dir.filePath(QStringLiteral("shots"));
    const QString fleetJson = dir.filePath(QStringLiteral("fleet.json"));
    ASSERT_TRUE(QDir().mkpath(shots));
    QProcess server;
    QMap<QString, QString> endpoints = startStoreServer(
        server, QStringLiteral(SHELFFEED_BIN),
        {QStringLiteral("--catalog"), QStringLiteral(SHELF_DEMO_DIR "/catalog.json"),
         QStringLiteral("--screenshots"), shots, QStringLiteral("--fleet-json"), fleetJson});
    ASSERT_EQ(endpoints.size(), 4) << "shelffeed did not print its endpoints";
    const QString configPath = writeOperatorConfig(dir, endpoints);
    const QString script = dir.filePath(QStringLiteral("wait.script"));
    writeFile(script, "120 quit\n");
    QProcess display;
    startConfiguredDisplay(display, dir, configPath, script,
                           dir.filePath(QStringLiteral("trace.jsonl")));
    ASSERT_TRUE(display.waitForStarted());

    // The display's first status puts it in the fleet, its feed live once the snapshot is in.
    const auto fleetEntry = [&]() -> QJsonObject {
        QFile file(fleetJson);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const QJsonArray displays
            = QJsonDocument::fromJson(file.readAll()).object().value(u"displays").toArray();
        for (const QJsonValue &entry : displays) {
            if (entry.toObject().value(u"shelf").toString() == u"demo-shelf-1")
                return entry.toObject();
        }
        return {};
    };
    QByteArray serverOutput;
    bool live = false;
    for (int i = 0; i < 600 && !live; ++i) {
        server.waitForReadyRead(100);
        serverOutput += server.readAllStandardOutput();
        live = fleetEntry().value(u"feed").toString() == u"live";
        if (!live && i % 10 == 0)
            server.write("status demo-shelf-1\n"); // the display answers with a status now
    }
    ASSERT_TRUE(live) << QJsonDocument(fleetEntry()).toJson().toStdString()
                      << display.readAll().toStdString();
    EXPECT_EQ(fleetEntry().value(u"state").toString(), u"ok");
    EXPECT_EQ(fleetEntry().value(u"version").toString(), QStringLiteral(SHELFSCREEN_VERSION));

    server.write("fleet\n");
    server.write("screenshot demo-shelf-1\n");
    QString saved;
    for (int i = 0; i < 600 && saved.isEmpty(); ++i) {
        server.waitForReadyRead(100);
        serverOutput += server.readAllStandardOutput();
        for (const QByteArray &line : serverOutput.split('\n')) {
            const QList<QByteArray> words = line.split(' ');
            if (words.size() == 3 && words[0] == "screenshot" && words[1] == "demo-shelf-1")
                saved = QString::fromUtf8(words[2]);
        }
    }
    ASSERT_FALSE(saved.isEmpty()) << serverOutput.toStdString();
    EXPECT_TRUE(saved.startsWith(shots)) << saved.toStdString();
    const QImage picture(saved, "JPEG");
    ASSERT_FALSE(picture.isNull());
    EXPECT_EQ(picture.size(), QSize(960, 540));
    EXPECT_GT(distinctColours(picture), 200); // the shelf, not a blank window
    // The fleet table, as the store's staff read it.
    const QString table = QString::fromUtf8(serverOutput);
    EXPECT_TRUE(table.contains(QRegularExpression(QStringLiteral("demo-shelf-1 +live "))))
        << table.toStdString();

    display.kill();
    display.waitForFinished();
    server.kill();
    server.waitForFinished();
}

TEST(App, AStoreServerInItsOwnProcessFeedsTheDisplay)
{
    QTemporaryDir dir;
    QProcess server;
    QMap<QString, QString> endpoints = startStoreServer(
        server, QStringLiteral(SHELFFEED_BIN),
        {QStringLiteral("--catalog"), QStringLiteral(SHELF_DEMO_DIR "/catalog.json"),
         QStringLiteral("--events-log"), dir.filePath(QStringLiteral("events.jsonl"))});
    ASSERT_EQ(endpoints.size(), 4) << "shelffeed did not print its endpoints";

    const QString configPath = writeOperatorConfig(dir, endpoints);

    // The price changes at the server while the display runs; the card must show the new one.
    const QString script = dir.filePath(QStringLiteral("check.script"));
    writeFile(script, "2.5 lift A1\n5.0 quit\n");
    const QString trace = dir.filePath(QStringLiteral("trace.jsonl"));
    QProcess display;
    startConfiguredDisplay(display, dir, configPath, script, trace);
    ASSERT_TRUE(display.waitForStarted());
    // Change the price only once the display holds the first snapshot.
    bool snapshotSeen = false;
    for (int i = 0; i < 200 && !snapshotSeen; ++i) {
        QThread::msleep(50);
        snapshotSeen = findEvent(readTrace(trace), "feed_snapshot") != nullptr;
    }
    ASSERT_TRUE(snapshotSeen);
    server.write("price 6901234000115 11.60\n");
    ASSERT_TRUE(server.waitForBytesWritten(10000));
    ASSERT_TRUE(display.waitForFinished(60000)) << display.readAll().toStdString();
    EXPECT_EQ(display.exitCode(), 0) << display.readAll().toStdString();
    server.kill();
    server.waitForFinished();

    const auto events = readTrace(trace);
    const QJsonObject *update = findEvent(events, "feed_update", QStringLiteral("6901234000115"));
    ASSERT_TRUE(update) << "the price change never reached the display";
    EXPECT_EQ(update->value(u"amount").toString(), QStringLiteral("11.60"));
    const QJsonObject *card = findEvent(events, "card_shown", QStringLiteral("6901234000115"));
    ASSERT_TRUE(card);
    EXPECT_EQ(card->value(u"price").toString(), QStringLiteral("¥11.60"));

    // The store learned of the lift: the shopper event reached the server's log.
    // The display's status events (protocol 1.1) are stored beside its shopper events.
    auto stored = readTrace(dir.filePath(QStringLiteral("events.jsonl")));
    EXPECT_TRUE(std::any_of(stored.cbegin(), stored.cend(), [](const QJsonObject &event) {
        return event.value(u"type").toString() == u"status";
    }));
    stored.erase(std::remove_if(stored.begin(), stored.end(),
                                [](const QJsonObject &event) {
                                    return event.value(u"type").toString() == u"status";
                                }),
                 stored.end());
    ASSERT_FALSE(stored.isEmpty()) << "no shopper event reached the store server";
    EXPECT_EQ(stored[0].value(u"type").toString(), QStringLiteral("lift"));
    EXPECT_EQ(stored[0].value(u"sku").toString(), QStringLiteral("6901234000115"));
    EXPECT_EQ(stored[0].value(u"slot").toString(), QStringLiteral("A1"));
    EXPECT_EQ(stored[0].value(u"shelf").toString(), QStringLiteral("demo-shelf-1"));
    EXPECT_TRUE(
        QDateTime::fromString(stored[0].value(u"at").toString(), Qt::ISODateWithMs).isValid());
}

TEST(App, GenKeysWritesAKeypairWithAPrivateSecret)
{
    QTemporaryDir dir;
    const ProcessResult run
        = runShelfscreen({QStringLiteral("gen-keys"), dir.filePath(QStringLiteral("keys"))});
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();
    const QFileInfo secret(dir.filePath(QStringLiteral("keys/display.secret")));
    const QFileInfo pub(dir.filePath(QStringLiteral("keys/display.pub")));
    ASSERT_TRUE(secret.exists());
    ASSERT_TRUE(pub.exists());
    const auto othersMay = QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
        | QFileDevice::WriteOther;
    EXPECT_EQ(secret.permissions() & othersMay, QFileDevice::Permissions());
    // What it prints is the public key, never the secret.
    QFile pubFile(pub.filePath());
    ASSERT_TRUE(pubFile.open(QIODevice::ReadOnly));
    const QString printed = run.output.trimmed().split(u'\n').last();
    EXPECT_EQ(printed.size(), 40);
    EXPECT_TRUE(QString::fromUtf8(pubFile.readAll()).contains(printed));
}

TEST(App, ABadScriptLineStopsTheProgramBeforeItStarts)
{
    QTemporaryDir dir;
    const QString script = dir.filePath(QStringLiteral("bad.script"));
    writeFile(script, "0.5 lift 3\n1.0 lift 99\n");
    const ProcessResult run = runShelfscreen({QStringLiteral("--script"), script});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_TRUE(run.output.contains(script + QStringLiteral(":2: no slot \"99\"")))
        << run.output.toStdString();
}

TEST(App, ABadConfigNamesTheFileAndLine)
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("shelf.toml"));
    writeFile(config, "[shelf]\nlanguage = \"klingon\"\n");
    const ProcessResult run = runShelfscreen({QStringLiteral("--config"), config});
    EXPECT_EQ(run.exitCode, 2);
    // Every mistake, not just the first.
    EXPECT_TRUE(run.output.contains(config + QStringLiteral(":1:1: [feed] is missing")))
        << run.output.toStdString();
    EXPECT_TRUE(run.output.contains(config + QStringLiteral(":2:12: shelf.language")))
        << run.output.toStdString();
}

// --trace-frames adds a line for every camera frame; each log line an operator reads on the
// terminal carries its time, level and category.
TEST(App, TraceFramesNamesEveryCameraFrameAndTheLogLinesAreTimed)
{
    QTemporaryDir dir;
    const QString script = dir.filePath(QStringLiteral("quit.script"));
    writeFile(script, "2.0 quit\n");
    const QString trace = dir.filePath(QStringLiteral("trace.jsonl"));
    const ProcessResult run = runShelfscreen(
        {QStringLiteral("--demo"), QStringLiteral("--script"), script, QStringLiteral("--trace"),
         trace, QStringLiteral("--trace-frames"), QStringLiteral("--trace-max-mib"),
         QStringLiteral("1"), QStringLiteral("--size"), QStringLiteral("1280x720")});
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();
    qint64 frames = 0;
    qint64 lastFrame = -1;
    for (const QJsonObject &event : readTrace(trace)) {
        if (event.value(u"event").toString() != u"frame_captured")
            continue;
        ++frames;
        EXPECT_GT(event.value(u"frame").toInteger(), lastFrame);
        lastFrame = event.value(u"frame").toInteger();
    }
    // 15 frames a second for the 2 s after the first frame on screen; a busy machine may start
    // the camera late, so any frame will do, each named once and in order.
    EXPECT_GE(frames, 1) << "no frame_captured line with --trace-frames";

    const QRegularExpression timed(QStringLiteral(
        R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d{4} (debug|info|warning|critical) [\w.]+: )"));
    int logLines = 0;
    for (const QString &line : run.output.split(u'\n', Qt::SkipEmptyParts)) {
        ++logLines;
        EXPECT_TRUE(timed.match(line).hasMatch() || line.startsWith(QLatin1String("    ")))
            << line.toStdString();
    }
    EXPECT_GT(logLines, 0) << "the demo logs its snapshot and its camera";
}

TEST(App, AnUnknownSubcommandOptionOrArgumentPrintsTheUsageAndStartsNothing)
{
    const QStringList refused[] = {
        {QStringLiteral("check-config"), QStringLiteral("shelf.toml")},
        {QStringLiteral("foo")},
        {QStringLiteral("--fullscreen")},
        {QStringLiteral("--demo"), QStringLiteral("stray")},
        // A service unit that forgot --config must never show the demo's prices on a shelf.
        {QStringLiteral("--kiosk")},
    };
    for (const QStringList &arguments : refused) {
        const ProcessResult run = runShelfscreen(arguments);
        EXPECT_EQ(run.exitCode, 2) << arguments.join(u' ').toStdString();
        EXPECT_TRUE(run.output.contains(QLatin1String("Usage: shelfscreen")))
            << run.output.toStdString();
    }
    const ProcessResult help = runShelfscreen({QStringLiteral("--help")});
    EXPECT_EQ(help.exitCode, 0);
    for (const char *subcommand :
         {"shelfscreen detect", "shelfscreen check", "shelfscreen gen-keys"})
        EXPECT_TRUE(help.output.contains(QLatin1String(subcommand))) << help.output.toStdString();
}

TEST(App, AMissingCameraIsReportedAndTheShelfGoesOn)
{
    // A configured display (not demo mode, so its own camera) whose camera file is missing and
    // whose store server is not there either: it must still start, say what is wrong, and show
    // a card for a scanned product (the neutral panel, as the catalog is empty).
    QTemporaryDir dir;
    QFile demo(QStringLiteral(SHELF_DEMO_DIR "/shelf.toml"));
    ASSERT_TRUE(demo.open(QIODevice::ReadOnly));
    QByteArray config = demo.readAll();
    config.replace("source = \"synthetic\"     # \"camera:0\"",
                   "source = \"no-such-camera.avi\" # \"camera:0\"");
    config.replace("source = \"synthetic\"     # \"/dev/ttyUSB0\"",
                   "source = \"\"                # \"/dev/ttyUSB0\"");
    ASSERT_TRUE(config.contains("no-such-camera.avi"));
    const QString configPath = dir.filePath(QStringLiteral("shelf.toml"));
    writeFile(configPath, config);
    const QString script = dir.filePath(QStringLiteral("check.script"));
    writeFile(script, "1.0 scan 6901234000115\n2.0 quit\n");
    const QString trace = dir.filePath(QStringLiteral("trace.jsonl"));
    QProcess display;
    startConfiguredDisplay(display, dir, configPath, script, trace);
    ASSERT_TRUE(display.waitForFinished(60000));
    const QString output = QString::fromUtf8(display.readAll());
    EXPECT_EQ(display.exitCode(), 0) << output.toStdString();
    EXPECT_TRUE(output.contains(QLatin1String("no-such-camera.avi")))
        << "the log names the camera that failed: " << output.toStdString();
    const auto events = readTrace(trace);
    EXPECT_TRUE(findEvent(events, "card_shown", QStringLiteral("6901234000115")));
}

TEST(App, AShopperWalkingAwayWithAProductTookItWithoutWaitingForTheTimeout)
{
    QTemporaryDir dir;
    const QString script = dir.filePath(QStringLiteral("leave.script"));
    const QString trace = dir.filePath(QStringLiteral("trace.jsonl"));
    // The demo shelf takes after 30 s; the camera sees the shopper walk off at 3 s.
    writeFile(script, "0.8 lift A3\n3.0 leave\n9.0 quit\n");
    const ProcessResult run = runDemo(script, trace);
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();
    const auto events = readTrace(trace);
    QStringList aisle, decisions, screens;
    for (const QJsonObject &event : events) {
        const QString name = event.value(u"event").toString();
        if (name == u"aisle_change")
            aisle.append(event.value(u"occupied").toBool() ? QStringLiteral("occupied")
                                                           : QStringLiteral("empty"));
        else if (name == u"fusion_decision")
            decisions.append(event.value(u"type").toString() + u' '
                             + event.value(u"slot").toString() + u' '
                             + event.value(u"source").toString());
        else if (name == u"screen")
            screens.append(event.value(u"screen").toString());
    }
    EXPECT_EQ(aisle, (QStringList{QStringLiteral("occupied"), QStringLiteral("empty")}));
    ASSERT_EQ(decisions.size(), 2) << decisions.join(u'\n').toStdString();
    EXPECT_TRUE(decisions[0].startsWith(u"lift A3 ")) << decisions[0].toStdString();
    EXPECT_EQ(decisions[1], QStringLiteral("take A3 aisle"));
    const QJsonObject *take = nullptr;
    for (const QJsonObject &event : events) {
        if (event.value(u"event").toString() == u"fusion_decision"
            && event.value(u"type").toString() == u"take")
            take = &event;
    }
    const QJsonObject *lift = findEvent(events, "fusion_decision");
    ASSERT_TRUE(take && lift);
    // Held from the lift (decided about 1 s in) until the aisle emptied (just after 3 s).
    const qint64 heldMs = take->value(u"held_ms").toInteger();
    EXPECT_GT(heldMs, 1000);
    EXPECT_LT(heldMs, 8000);
    // The take itself waits aisle_leave_s (1.5 s) after that, and comes long before the 30 s of
    // take_after_s.
    const qint64 liftToTakeMs
        = (take->value(u"t_us").toInteger() - lift->value(u"t_us").toInteger()) / 1000;
    EXPECT_GE(liftToTakeMs - heldMs, 1400);
    EXPECT_LT(liftToTakeMs, 8000);
    EXPECT_EQ(screens.mid(0, 2), (QStringList{QStringLiteral("card"), QStringLiteral("thanks")}));
}

TEST(App, AnUnpluggedScaleIsOnTheStaffLineUntilItIsBack)
{
    // The demo shelf with its scale on a FIFO that is not there yet: the staff line says so,
    // detection goes on with the camera, and the line clears once the board appears.
    QTemporaryDir dir;
    QFile demo(QStringLiteral(SHELF_DEMO_DIR "/shelf.toml"));
    ASSERT_TRUE(demo.open(QIODevice::ReadOnly));
    QByteArray config = demo.readAll();
    const QString fifo = dir.filePath(QStringLiteral("scale-board"));
    config.replace("source = \"synthetic\"     # \"/dev/ttyUSB0\"",
                   "source = \"" + fifo.toUtf8() + "\" # \"/dev/ttyUSB0\"");
    ASSERT_TRUE(config.contains(fifo.toUtf8()));
    const QString configPath = dir.filePath(QStringLiteral("shelf.toml"));
    writeFile(configPath, config);
    const QString script = dir.filePath(QStringLiteral("scale.script"));
    writeFile(script, "1.0 lift A3\n6.0 quit\n");
    const QString trace = dir.filePath(QStringLiteral("trace.jsonl"));
    QProcess display;
    startConfiguredDisplay(display, dir, configPath, script, trace);
    const auto staffLines = [&trace] {
        QStringList staff;
        for (const QJsonObject &event : readTrace(trace)) {
            if (event.value(u"event").toString() == u"staff_status")
                staff.append(event.value(u"text").toString());
        }
        return staff;
    };
    const auto waitFor = [&](const std::function<bool(const QStringList &)> &seen) {
        for (int waited = 0; waited < 30000; waited += 100) {
            if (seen(staffLines()))
                return true;
            if (display.state() == QProcess::NotRunning)
                return false;
            display.waitForFinished(100);
        }
        return false;
    };
    ASSERT_TRUE(waitFor([](const QStringList &staff) {
        return !staff.isEmpty() && staff.last().contains(u"Scale offline");
    })) << staffLines().join(u'|').toStdString();
    // The trace's t_us is the monotonic clock, which this process shares.
    const qint64 backUs = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::steady_clock::now().time_since_epoch())
                              .count();
    ASSERT_EQ(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    ASSERT_TRUE(waitFor([](const QStringList &staff) {
        return !staff.isEmpty() && !staff.last().contains(u"Scale offline");
    })) << staffLines().join(u'|').toStdString();
    for (const QJsonObject &event : readTrace(trace)) {
        if (event.value(u"event").toString() == u"staff_status"
            && event.value(u"t_us").toInteger() > backUs
            && !event.value(u"text").toString().contains(u"Scale offline")) {
            std::cout << "scale board back: staff line clear "
                      << (event.value(u"t_us").toInteger() - backUs) / 1000
                      << " ms after it reappeared" << std::endl;
            break;
        }
    }
    ASSERT_TRUE(display.waitForFinished(60000));
    const QString output = QString::fromUtf8(display.readAll());
    EXPECT_EQ(display.exitCode(), 0) << output.toStdString();
    EXPECT_TRUE(output.contains(fifo)) << "the log names the scale that failed";
    const auto events = readTrace(trace);
    const QJsonObject *lift = findEvent(events, "fusion_decision", QStringLiteral("7098765000147"));
    ASSERT_TRUE(lift) << "the camera alone still decides";
    EXPECT_EQ(lift->value(u"source").toString(), QStringLiteral("camera"));
}

TEST(App, TwoProductsLiftedAreComparedAndOnePutBackLeavesTheOthersCard)
{
    QTemporaryDir dir;
    const QString script = dir.filePath(QStringLiteral("compare.script"));
    const QString trace = dir.filePath(QStringLiteral("trace.jsonl"));
    writeFile(script, "0.8 lift A1\n1.4 lift A3\n3.0 return A1\n5.0 quit\n");
    const ProcessResult run = runDemo(script, trace);
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();
    const auto events = readTrace(trace);
    const QJsonObject *compared = findEvent(events, "compare_shown");
    ASSERT_TRUE(compared) << "two products out did not bring up the comparison";
    EXPECT_EQ(compared->value(u"skus").toString(), QStringLiteral("6901234000115,7098765000147"));
    // After the apples went back, the salmon's card is what the shopper sees.
    QStringList screens;
    for (const QJsonObject &event : events) {
        if (event.value(u"event").toString() == u"screen")
            screens.append(event.value(u"screen").toString());
    }
    EXPECT_EQ(
        screens,
        (QStringList{QStringLiteral("card"), QStringLiteral("compare"), QStringLiteral("card")}));
}
