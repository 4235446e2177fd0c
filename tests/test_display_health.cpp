// The display's health (protocol 1.1 `status`) on a clock moved by hand, its health file on real
// disk, and the store server's commands through the real feed client on loopback: who may send
// one, when, and how often.
#include "feed_test_support.h"
#include "manual_clock.h"

#include <display_health.h>
#include <feed_protocol.h>
#include <store_command.h>

#include <QDateTime>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

namespace shelf {
namespace {

using namespace shelf::test;
using shelf::testing::ManualClock;

constexpr int waitMs = 20000; // a busy 2-core machine; nothing here is timed

QJsonObject parsed(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// Log lines of one category, as an operator reads them in the journal.
struct LogCapture
{
    static inline QStringList lines;
    static inline QtMessageHandler previous = nullptr;
    LogCapture()
    {
        lines.clear();
        previous = qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext &context, const QString &message) {
                if (QLatin1String(context.category) == u"shelf.health")
                    lines.append(message);
                else if (previous)
                    previous(type, context, message);
            });
    }
    ~LogCapture() { qInstallMessageHandler(previous); }
    static int count(const QString &part)
    {
        return int(std::count_if(lines.cbegin(), lines.cend(),
                                 [&](const QString &line) { return line.contains(part); }));
    }
};

struct Health
{
    ManualClock clock;
    std::unique_ptr<DisplayHealth> health;
    QList<QJsonObject> sent;

    explicit Health(QString healthFile = {})
    {
        DisplayHealth::Settings settings;
        settings.version = QStringLiteral("9.8.7");
        settings.healthFilePath = std::move(healthFile);
        settings.sample = [] {
            HealthSample sample;
            sample.feedEpoch = QStringLiteral("e-42");
            sample.feedUpdateAgeS = 0.4;
            sample.cameraFps = 14.96;
            return sample;
        };
        health = std::make_unique<DisplayHealth>(settings, clock);
        QObject::connect(health.get(), &DisplayHealth::statusDue,
                         [this](const QByteArray &body) { sent.append(parsed(body)); });
    }
};

TEST(DisplayHealth, AStatusAtStartThenEveryMinuteWithTheContractsFields)
{
    Health h;
    h.health->setConfig(QStringLiteral("abcdef123456"));
    h.health->setCamera(DeviceState::Up);
    h.health->setFeed(FeedHealth::Live, QDateTime::currentDateTimeUtc());
    h.health->setOutbox(3, 1);
    h.health->start();
    ASSERT_EQ(h.sent.size(), 1);
    const QJsonObject status = h.sent.first();
    EXPECT_EQ(status.value(u"type").toString(), u"status");
    EXPECT_TRUE(QDateTime::fromString(status.value(u"at").toString(), Qt::ISODateWithMs).isValid());
    EXPECT_EQ(status.value(u"version").toString(), u"9.8.7");
    EXPECT_EQ(status.value(u"config").toString(), u"abcdef123456");
    EXPECT_EQ(status.value(u"feed").toObject().value(u"state").toString(), u"live");
    EXPECT_EQ(status.value(u"feed").toObject().value(u"epoch").toString(), u"e-42");
    EXPECT_DOUBLE_EQ(status.value(u"feed").toObject().value(u"update_age_s").toDouble(), 0.4);
    EXPECT_EQ(status.value(u"camera").toObject().value(u"state").toString(), u"up");
    EXPECT_DOUBLE_EQ(status.value(u"camera").toObject().value(u"fps").toDouble(), 15.0);
    EXPECT_EQ(status.value(u"scale").toObject().value(u"state").toString(), u"none");
    EXPECT_EQ(status.value(u"outbox").toObject().value(u"pending").toInt(), 3);
    EXPECT_EQ(status.value(u"outbox").toObject().value(u"dropped").toInt(), 1);
    EXPECT_EQ(status.value(u"screen").toString(), u"attract");
    EXPECT_GT(status.value(u"rss_mib").toInt(), 0);
    EXPECT_TRUE(status.contains(u"cpu_pct"));
    EXPECT_TRUE(status.contains(u"uptime_s"));

    h.clock.advance(59999);
    EXPECT_EQ(h.sent.size(), 1);
    h.clock.advance(1);
    EXPECT_EQ(h.sent.size(), 2);
    EXPECT_EQ(h.sent.last().value(u"uptime_s").toInt(), 60);
    h.clock.advance(60000);
    EXPECT_EQ(h.sent.size(), 3);
}

TEST(DisplayHealth, AChangeIsReportedWithinASecondAndABurstOfChangesOnce)
{
    Health h;
    h.health->start();
    h.sent.clear();
    h.clock.advance(5000);
    h.health->setScale(DeviceState::Up);
    h.clock.advance(999);
    EXPECT_TRUE(h.sent.isEmpty());
    h.clock.advance(1);
    ASSERT_EQ(h.sent.size(), 1);
    EXPECT_EQ(h.sent.last().value(u"scale").toObject().value(u"state").toString(), u"up");

    // A camera reopening and the screen changing in the same second: one status.
    h.health->setCamera(DeviceState::Down);
    h.clock.advance(300);
    h.health->setCamera(DeviceState::Up);
    h.health->setScreen(QStringLiteral("card"));
    h.clock.advance(700);
    ASSERT_EQ(h.sent.size(), 2);
    EXPECT_EQ(h.sent.last().value(u"screen").toString(), u"card");
    h.clock.advance(5000);
    EXPECT_EQ(h.sent.size(), 2);

    // What is no change makes no status: the same state again, or the outbox's count.
    h.health->setScreen(QStringLiteral("card"));
    h.health->setOutbox(7, 0);
    h.clock.advance(5000);
    EXPECT_EQ(h.sent.size(), 2);
}

TEST(DisplayHealth, EachChangeOfStateIsLoggedOnceWithTheTimeItBegan)
{
    LogCapture log;
    Health h;
    h.health->start();
    const QDateTime offline
        = QDateTime::fromString(QStringLiteral("2026-11-29T10:42:07.250Z"), Qt::ISODateWithMs);
    h.health->setFeed(FeedHealth::Live, offline.addSecs(-60));
    h.health->setFeed(FeedHealth::Stale, offline);
    h.health->setFeed(FeedHealth::Stale, offline.addSecs(3)); // still offline: no new line
    h.health->setFeed(FeedHealth::Live, offline.addSecs(95));
    EXPECT_EQ(LogCapture::count(
                  QStringLiteral("store server offline since ")
                  + offline.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss.zzz"))),
              1)
        << LogCapture::lines.join(u'\n').toStdString();
    EXPECT_EQ(LogCapture::count(QStringLiteral("store server back since")), 1);
    EXPECT_EQ(LogCapture::count(QStringLiteral("after 95 s offline")), 1);

    h.health->setCamera(DeviceState::Down);
    h.health->setCamera(DeviceState::Down);
    h.health->setScale(DeviceState::Down);
    h.health->setConfig(QStringLiteral("111111111111"));
    h.health->setConfig(QStringLiteral("111111111111"), QStringLiteral("shelf.toml:4: bad"));
    h.health->setConfig(QStringLiteral("111111111111"), QStringLiteral("shelf.toml:4: bad"));
    h.health->setConfig(QStringLiteral("222222222222"));
    EXPECT_EQ(LogCapture::count(QStringLiteral("camera down since")), 1);
    EXPECT_EQ(LogCapture::count(QStringLiteral("scale down since")), 1);
    EXPECT_EQ(LogCapture::count(QStringLiteral("config edit rejected since")), 1);
    EXPECT_EQ(LogCapture::count(QStringLiteral("config 222222222222 in use since")), 1);
    // The screen changes with every shopper: in the status, never in the log.
    h.health->setScreen(QStringLiteral("card"));
    EXPECT_EQ(LogCapture::count(QStringLiteral("card")), 0);
}

TEST(DisplayHealth, TheHealthFileIsRewrittenWholeEveryFiveSeconds)
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("data/health.json"));
    Health h(path);
    h.health->start();
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QJsonObject written = parsed(file.readAll());
    file.close();
    EXPECT_EQ(written.value(u"type").toString(), u"status");
    EXPECT_EQ(written.value(u"uptime_s").toInt(), 0);

    h.health->setScale(DeviceState::Down);
    h.clock.advance(5000);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    written = parsed(file.readAll());
    file.close();
    EXPECT_EQ(written.value(u"uptime_s").toInt(), 5);
    EXPECT_EQ(written.value(u"scale").toObject().value(u"state").toString(), u"down");
}

TEST(DisplayHealth, AFileThatCannotBeWrittenIsReportedOnceAndRetried)
{
    // A path whose folder is a file: refused for root as for anyone.
    QTemporaryDir folder;
    QFile blocker(folder.filePath(QStringLiteral("data")));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    LogCapture log;
    Health h(folder.filePath(QStringLiteral("data/health.json")));
    h.health->start();
    h.clock.advance(20000);
    EXPECT_EQ(LogCapture::count(QStringLiteral("health file not written")), 1);
    ASSERT_TRUE(QFile::remove(folder.filePath(QStringLiteral("data"))));
    h.clock.advance(5000);
    EXPECT_TRUE(QFile::exists(folder.filePath(QStringLiteral("data/health.json"))));
    EXPECT_EQ(LogCapture::count(QStringLiteral("health file written again")), 1);
}

TEST(StoreCommandResult, AScreenshotIsAJpegWithinTheProtocolsBoundEvenOfANoisyScreen)
{
    // Noise is the worst case for JPEG: the picture must shrink or lose quality to fit.
    QImage noisy(1920, 1080, QImage::Format_RGB32);
    quint32 seed = 7;
    for (int y = 0; y < noisy.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(noisy.scanLine(y));
        for (int x = 0; x < noisy.width(); ++x) {
            seed = seed * 1664525u + 1013904223u;
            line[x] = 0xff000000u | (seed >> 8);
        }
    }
    const ShopperEvent event = screenshotResultEvent(QStringLiteral("cmd-1"), noisy);
    const QJsonObject body = parsed(event.body);
    EXPECT_EQ(body.value(u"type").toString(), u"command_result");
    EXPECT_EQ(body.value(u"command_id").toString(), u"cmd-1");
    ASSERT_TRUE(body.value(u"ok").toBool()) << body.value(u"detail").toString().toStdString();
    const QByteArray jpeg
        = QByteArray::fromBase64(body.value(u"jpeg_base64").toString().toLatin1());
    EXPECT_LE(jpeg.size(), feed::maxScreenshotJpegBytes);
    EXPECT_LT(event.body.size(), feed::maxMessageBytes);
    const QImage decoded = QImage::fromData(jpeg, "JPEG");
    ASSERT_FALSE(decoded.isNull());
    const QJsonArray size = body.value(u"size").toArray();
    EXPECT_EQ(decoded.width(), size.at(0).toInt());
    EXPECT_EQ(decoded.height(), size.at(1).toInt());
    EXPECT_LT(decoded.width(), 1920); // noise at 1920x1080 does not fit whole

    // A real screen (flat colours, text) fits at full size.
    QImage screen(1920, 1080, QImage::Format_RGB32);
    screen.fill(Qt::white);
    QPainter painter(&screen);
    painter.setFont(QFont(QStringLiteral("Noto Sans CJK SC"), 60));
    painter.drawText(QRect(0, 0, 1920, 1080), Qt::AlignCenter, QStringLiteral("Fuji Apples 12.80"));
    painter.end();
    const QJsonObject card = parsed(screenshotResultEvent(QStringLiteral("cmd-2"), screen).body);
    EXPECT_EQ(card.value(u"size").toArray().at(0).toInt(), 1920);

    const QJsonObject none = parsed(screenshotResultEvent(QStringLiteral("cmd-3"), QImage()).body);
    EXPECT_FALSE(none.value(u"ok").toBool());
    EXPECT_FALSE(none.contains(u"jpeg_base64"));
}

// A feed client against a server driven by hand, in epoch "epoch-1", with heartbeats that carry
// the server's clock.
struct CommandFeed
{
    HandServer server;
    FeedDisplay display{server.displaySettings({apples})};
    QueuedSpy<const StoreCommand &> commands{&display.client, &FeedClient::commandReceived};

    static qint64 serverNow() { return QDateTime::currentMSecsSinceEpoch(); }
    void heartbeat()
    {
        server.publish({"heartbeat", "epoch-1", QByteArray::number(serverNow()),
                        R"({"interval_ms": 60000})"}); // a slow test never goes stale
    }
    bool start()
    {
        if (!server.takeSnapshotRequest("epoch-1"))
            return false;
        server.reply({"END", "epoch-1", "0"});
        return QTest::qWaitFor([&] { return display.client.vitals().epoch == u"epoch-1"; }, waitMs);
    }
    static QByteArray body(const char *command, qint64 issued)
    {
        return QJsonDocument(QJsonObject{{QStringLiteral("command"), QString::fromLatin1(command)},
                                         {QStringLiteral("issued"), issued}})
            .toJson(QJsonDocument::Compact);
    }
    // Sends until it is carried out, so a test does not depend on when the subscription reached
    // the publisher; the same id every time (carried out once).
    bool carriedOut(const QByteArray &topic, const QByteArray &id, const char *command)
    {
        return QTest::qWaitFor(
            [&] {
                heartbeat();
                server.publish({topic, "epoch-1", id, body(command, serverNow())});
                return std::any_of(commands.records().cbegin(), commands.records().cend(),
                                   [&](const auto &record) {
                                       return std::get<0>(record).id == QLatin1String(id);
                                   });
            },
            waitMs);
    }
};

TEST(StoreCommands, OnlyAFreshCommandOfTheCurrentEpochForThisDisplayIsCarriedOutAndOnce)
{
    CommandFeed feed;
    ASSERT_TRUE(feed.start());
    ASSERT_TRUE(feed.carriedOut("command/test-shelf", "c1", "screenshot"));
    ASSERT_EQ(feed.commands.size(), 1);
    EXPECT_EQ(std::get<0>(feed.commands.at(0)).command, u"screenshot");
    ASSERT_TRUE(feed.carriedOut("command/*", "c2", "identify"));

    const qint64 droppedBefore = feed.display.client.vitals().commandsDropped;
    const qint64 now = CommandFeed::serverNow();
    // Each of these must be dropped: published between two good commands, none may come out.
    feed.server.publish(
        {"command/test-shelf", "epoch-1", "c1", CommandFeed::body("identify", now)}); // seen
    feed.server.publish(
        {"command/test-shelf", "epoch-0", "c3", CommandFeed::body("identify", now)}); // old epoch
    feed.server.publish({"command/test-shelf", "epoch-1", "c4",
                         CommandFeed::body("identify", now - 61000)}); // stale
    feed.server.publish({"command/test-shelf", "epoch-1", "c5",
                         CommandFeed::body("identify", now + 600000)}); // from the future
    feed.server.publish(
        {"command/test-shelf", "epoch-1", "bad id!", CommandFeed::body("status", now)});
    feed.server.publish(
        {"command/test-shelf", "epoch-1", "c6", CommandFeed::body("format-disk", now)});
    feed.server.publish({"command/test-shelf", "epoch-1", "c7", "{not json"});
    feed.server.publish(
        {"command/test-shelf", "epoch-1", "c8", R"({"command":"status"})"}); // no time
    feed.server.publish({"command/test-shelf", "epoch-1", "c9"}); // 3 frames
    feed.server.publish({"command/test-shelf2", "epoch-1", "c10",
                         CommandFeed::body("status", now)}); // another shelf's
    feed.server.publish(
        {"command/test", "epoch-1", "c11", CommandFeed::body("status", now)}); // nobody's
    ASSERT_TRUE(feed.carriedOut("command/test-shelf", "c12", "reload"));
    ASSERT_EQ(feed.commands.size(), 3);
    EXPECT_EQ(std::get<0>(feed.commands.at(2)).command, u"reload");
    // Counted: the eight this display's topics carried (other displays' topics are not its own).
    EXPECT_GE(feed.display.client.vitals().commandsDropped - droppedBefore, 8);
}

TEST(StoreCommands, ACommandIsJudgedByTheServersClockNotTheDisplays)
{
    CommandFeed feed;
    ASSERT_TRUE(feed.start());
    // This server's heartbeats say its clock is at 0 (or say nothing a clock could read): a
    // command it issued at 0 is fresh, one dated by the display's clock is from the future.
    const qint64 before = feed.display.client.vitals().commandsDropped;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            feed.server.heartbeat("epoch-1");
            feed.server.publish({"heartbeat", "epoch-1", "not-a-time", R"({"interval_ms": 1000})"});
            feed.server.publish({"command/test-shelf", "epoch-1", "dated-by-the-display",
                                 CommandFeed::body("status", CommandFeed::serverNow())});
            return feed.display.client.vitals().commandsDropped > before;
        },
        waitMs));
    EXPECT_TRUE(feed.commands.isEmpty());
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            feed.server.heartbeat("epoch-1");
            feed.server.publish({"command/test-shelf", "epoch-1", "dated-by-the-server",
                                 CommandFeed::body("status", 0)});
            return !feed.commands.isEmpty();
        },
        waitMs));
    EXPECT_EQ(std::get<0>(feed.commands.last()).id, u"dated-by-the-server");
}

TEST(DisplayStatus, OnlyTheNewestUnacknowledgedStatusIsKeptAndShopperEventsAllAre)
{
    // No server at these endpoints: everything waits in the outbox.
    HandServer nobody;
    FeedClientSettings settings = nobody.displaySettings({apples});
    settings.eventsEndpoint = QStringLiteral("tcp://127.0.0.1:1");
    FeedDisplay display{settings};
    QueuedSpy<int, int> outbox(&display.client, &FeedClient::outboxChanged);
    const auto status = [](int n) {
        return ShopperEvent{QStringLiteral("status-%1").arg(n),
                            QStringLiteral(R"({"type":"status","n":%1})").arg(n).toUtf8()};
    };
    display.client.submitEvent(status(1));
    display.client.submitEvent({QStringLiteral("lift-1"), R"({"type":"lift","sku":"x"})"});
    display.client.submitEvent(status(2));
    display.client.submitEvent({QStringLiteral("lift-2"), R"({"type":"lift","sku":"y"})"});
    display.client.submitEvent(status(3));
    // The feed thread takes everything submitted before it ends: its last count is the outbox.
    display.client.stop();
    display.thread.quit();
    ASSERT_TRUE(display.thread.wait(waitMs));
    QCoreApplication::processEvents();
    ASSERT_FALSE(outbox.isEmpty());
    EXPECT_EQ(std::get<0>(outbox.last()), 3); // lift-1, lift-2 and status-3
}

} // namespace
} // namespace shelf
