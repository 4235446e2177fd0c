// The reference store server's side of contract 1.1: the fleet of displays from their `status`
// events, commands on the updates socket and their results (screenshots saved as files), the
// CURVE proxy carrying both, and shelffeed's `fleet`, command lines and --fleet-json. Every
// display here is a raw ZeroMQ socket on 127.0.0.1, as a display would use it.
#include "server_test_support.h"

#include <feed_proxy.h>
#include <fleet.h>
#include <fleet_file.h>
#include <store_server.h>

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>

using namespace shelf;
using namespace shelf::test;

namespace {

// How long a refused display is watched for a reply it must never get, after an admitted one
// was answered.
constexpr int silenceMs = 2000;
// 2026-11-29T10:00:00Z, the server's clock in these tests unless a test moves it.
constexpr qint64 startMs = 1795946400000;

bool isCommand(const Message &message)
{
    return message.size() == 4 && message[0].startsWith("command/");
}

QByteArray statusBody(const char *feed = "live", const char *camera = "up",
                      const char *scale = "none", const char *screen = "attract")
{
    return QJsonDocument(QJsonObject{
                             {QStringLiteral("type"), QStringLiteral("status")},
                             {QStringLiteral("at"), QStringLiteral("2026-11-29T10:00:00.000Z")},
                             {QStringLiteral("version"), QStringLiteral("0.2.0")},
                             {QStringLiteral("uptime_s"), 86400},
                             {QStringLiteral("feed"),
                              QJsonObject{{QStringLiteral("state"), QLatin1String(feed)}}},
                             {QStringLiteral("camera"),
                              QJsonObject{{QStringLiteral("state"), QLatin1String(camera)}}},
                             {QStringLiteral("scale"),
                              QJsonObject{{QStringLiteral("state"), QLatin1String(scale)}}},
                             {QStringLiteral("screen"), QLatin1String(screen)},
                         })
        .toJson(QJsonDocument::Compact);
}

// Sends one event and waits for its ACK; the server handles the event before it answers.
void sendEvent(zmq::socket_t &dealer, const QByteArray &shelf, const QByteArray &eventId,
               const QByteArray &body)
{
    ASSERT_NO_FATAL_FAILURE(sendFrames(dealer, {"EVENT", shelf, eventId, body}));
    const std::optional<Message> ack = waitFor(dealer, [&](const Message &message) {
        return message.size() == 2 && message[0] == "ACK" && message[1] == eventId;
    });
    ASSERT_TRUE(ack) << "no ACK for " << eventId.toStdString();
}

// Every warning and info line logged, from any thread.
class LogCapture
{
public:
    LogCapture()
    {
        std::lock_guard lock(mutex());
        current() = this;
        m_previous = qInstallMessageHandler(&LogCapture::handle);
    }
    ~LogCapture()
    {
        qInstallMessageHandler(m_previous);
        std::lock_guard lock(mutex());
        current() = nullptr;
    }
    QStringList lines() const
    {
        std::lock_guard lock(mutex());
        return m_lines;
    }
    // The first line that contains every one of `parts` (UTF-8), or empty.
    QString find(const QList<QByteArray> &parts) const
    {
        for (const QString &line : lines()) {
            const QByteArray text = line.toUtf8();
            if (std::all_of(parts.begin(), parts.end(),
                            [&](const QByteArray &part) { return text.contains(part); }))
                return line;
        }
        return {};
    }

private:
    static std::mutex &mutex()
    {
        static std::mutex m;
        return m;
    }
    static LogCapture *&current()
    {
        static LogCapture *capture = nullptr;
        return capture;
    }
    static void handle(QtMsgType, const QMessageLogContext &, const QString &message)
    {
        std::lock_guard lock(mutex());
        if (current())
            current()->m_lines.append(message);
    }
    QtMessageHandler m_previous = nullptr;
    QStringList m_lines;
};

// A server on ephemeral ports whose clock the test moves, with one display's events socket and
// a subscriber to every command.
struct FleetServer
{
    std::atomic<qint64> nowMs{startMs};
    QTemporaryDir screenshots;
    std::mutex resultsMutex;
    QList<CommandResult> results; // as the server's callback saw them
    std::optional<StoreServer> server;
    zmq::context_t context;
    std::optional<zmq::socket_t> events;
    std::optional<zmq::socket_t> commands;

    StoreServerOptions options(int maxDisplays = 10000)
    {
        StoreServerOptions options;
        options.snapshotEndpoint = options.updatesEndpoint = options.eventsEndpoint
            = QStringLiteral("tcp://127.0.0.1:*");
        options.heartbeatIntervalMs = 100;
        options.clockMs = [this] {
            return nowMs.load();
        };
        options.screenshotFolder = screenshots.path();
        options.maxDisplays = maxDisplays;
        options.onCommandResult = [this](const CommandResult &result) {
            std::lock_guard lock(resultsMutex);
            results.append(result);
        };
        return options;
    }
    void start(StoreServerOptions options)
    {
        server.emplace(std::move(options));
        ASSERT_EQ(server->start(), QString());
        events = displaySocket(context, zmq::socket_type::dealer, server->endpoints().events);
        commands = displaySocket(context, zmq::socket_type::sub, server->endpoints().updates, {},
                                 {"command/"});
        ASSERT_TRUE(waitFor(*commands, isHeartbeat)) << "no heartbeat from the server";
    }
    void start() { start(options()); }
    int resultCount()
    {
        std::lock_guard lock(resultsMutex);
        return int(results.size());
    }
    // The line of the fleet table that starts with `shelf`.
    QString row(const QString &shelf) const
    {
        for (const QString &line : server->fleetTable().split(u'\n')) {
            if (line.startsWith(shelf + u' '))
                return line;
        }
        return {};
    }
    QJsonObject display(const QString &shelf) const
    {
        const QJsonArray displays
            = QJsonDocument::fromJson(server->fleetJson()).object().value(u"displays").toArray();
        for (const QJsonValue &entry : displays) {
            if (entry.toObject().value(u"shelf") == shelf)
                return entry.toObject();
        }
        return {};
    }
};

QStringList words(std::initializer_list<const char *> list)
{
    QStringList words;
    for (const char *word : list)
        words.append(QString::fromUtf8(word));
    return words;
}

QStringList columns(const QString &line)
{
    return line.split(QRegularExpression(QStringLiteral("\\s{2,}")), Qt::SkipEmptyParts);
}

QByteArray smallJpeg()
{
    QImage image(64, 36, QImage::Format_RGB32);
    image.fill(Qt::darkGreen);
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    EXPECT_TRUE(image.save(&buffer, "JPEG"));
    return jpeg;
}

QByteArray resultBody(const QString &commandId, const QJsonObject &extra = {})
{
    QJsonObject body{{QStringLiteral("type"), QStringLiteral("command_result")},
                     {QStringLiteral("at"), QStringLiteral("2026-11-29T10:00:01.000Z")},
                     {QStringLiteral("command_id"), commandId},
                     {QStringLiteral("ok"), true},
                     {QStringLiteral("detail"), QStringLiteral("done")}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QJsonObject screenshotOf(const QByteArray &jpeg)
{
    return {{QStringLiteral("jpeg_base64"), QString::fromLatin1(jpeg.toBase64())},
            {QStringLiteral("size"), QJsonArray{64, 36}}};
}

} // namespace

TEST(Fleet, StatusIsKeptAndShownInAlignedColumns)
{
    FleetServer fleet;
    ASSERT_NO_FATAL_FAILURE(fleet.start());
    ASSERT_NO_FATAL_FAILURE(sendEvent(*fleet.events, "aisle-3-left", "s1", statusBody()));
    fleet.nowMs += 12000;
    ASSERT_NO_FATAL_FAILURE(
        sendEvent(*fleet.events, "a7", "s2", statusBody("stale", "down", "up", "card")));

    const QString table = fleet.server->fleetTable();
    const QStringList lines = table.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 4) << table.toStdString();
    EXPECT_EQ(
        columns(lines[0]),
        (words({"shelf", "feed", "camera", "scale", "version", "screen", "last seen", "state"})));
    EXPECT_EQ(columns(lines[1]),
              (words({"a7", "stale", "down", "up", "0.2.0", "card", "0 s ago", "ok"})));
    EXPECT_EQ(
        columns(lines[2]),
        (words({"aisle-3-left", "live", "up", "none", "0.2.0", "attract", "12 s ago", "ok"})));
    // Aligned: each column starts at the same place on every line.
    for (const QString &word : {QStringLiteral("feed"), QStringLiteral("state")}) {
        const qsizetype at = lines[0].indexOf(word);
        EXPECT_NE(lines[1].mid(at, 1), QStringLiteral(" ")) << word.toStdString();
        EXPECT_EQ(lines[1].mid(at - 1, 1), QStringLiteral(" ")) << word.toStdString();
        EXPECT_NE(lines[2].mid(at, 1), QStringLiteral(" ")) << word.toStdString();
    }
    EXPECT_TRUE(lines[3].startsWith(u"2 displays, 0 missing")) << lines[3].toStdString();

    const QJsonObject entry = fleet.display(QStringLiteral("aisle-3-left"));
    EXPECT_EQ(entry.value(u"feed"), QStringLiteral("live"));
    EXPECT_EQ(entry.value(u"camera"), QStringLiteral("up"));
    EXPECT_EQ(entry.value(u"scale"), QStringLiteral("none"));
    EXPECT_EQ(entry.value(u"version"), QStringLiteral("0.2.0"));
    EXPECT_EQ(entry.value(u"screen"), QStringLiteral("attract"));
    EXPECT_EQ(entry.value(u"state"), QStringLiteral("ok"));
    EXPECT_EQ(entry.value(u"last_seen"), QStringLiteral("2026-11-29T10:00:00.000Z"));
    EXPECT_EQ(entry.value(u"status").toObject().value(u"uptime_s").toInt(), 86400);

    // A newer status replaces the last one.
    ASSERT_NO_FATAL_FAILURE(
        sendEvent(*fleet.events, "aisle-3-left", "s3", statusBody("connecting", "down")));
    EXPECT_EQ(columns(fleet.row(QStringLiteral("aisle-3-left"))).mid(1, 2),
              (words({"connecting", "down"})));
}

TEST(Fleet, DisplayNotHeardFromForThreeMinutesIsMissing)
{
    FleetServer fleet;
    ASSERT_NO_FATAL_FAILURE(fleet.start());
    ASSERT_NO_FATAL_FAILURE(sendEvent(*fleet.events, "shelf-1", "s1", statusBody()));
    ASSERT_NO_FATAL_FAILURE(sendEvent(*fleet.events, "shelf-2", "s2", statusBody()));

    fleet.nowMs += 3 * 60 * 1000 - 1;
    EXPECT_EQ(columns(fleet.row(QStringLiteral("shelf-1"))).last(), QStringLiteral("ok"));
    // Any event counts as heard: a shopper's lift keeps shelf-2 in the fleet.
    ASSERT_NO_FATAL_FAILURE(
        sendEvent(*fleet.events, "shelf-2", "lift-1", R"({"type": "lift", "sku": "x"})"));
    const quint64 revision = fleet.server->fleetRevision();

    fleet.nowMs += 1;
    EXPECT_EQ(
        columns(fleet.row(QStringLiteral("shelf-1"))),
        (words({"shelf-1", "live", "up", "none", "0.2.0", "attract", "3 min ago", "missing"})));
    EXPECT_EQ(columns(fleet.row(QStringLiteral("shelf-2"))).last(), QStringLiteral("ok"));
    EXPECT_EQ(fleet.display(QStringLiteral("shelf-1")).value(u"state"), QStringLiteral("missing"));
    EXPECT_TRUE(fleet.server->fleetTable().contains(u"2 displays, 1 missing"));

    // Back: ok again, and the fleet changed.
    ASSERT_NO_FATAL_FAILURE(sendEvent(*fleet.events, "shelf-1", "s3", statusBody()));
    EXPECT_EQ(columns(fleet.row(QStringLiteral("shelf-1"))).last(), QStringLiteral("ok"));
    EXPECT_GT(fleet.server->fleetRevision(), revision);
}

TEST(Fleet, MalformedStatusIsRefusedWithItsShelfAndEventAndTheLastOneKept)
{
    LogCapture log;
    FleetServer fleet;
    ASSERT_NO_FATAL_FAILURE(fleet.start());
    ASSERT_NO_FATAL_FAILURE(sendEvent(*fleet.events, "shelf-1", "good", statusBody()));

    const struct
    {
        QByteArray eventId, body, reason;
    } bad[] = {
        {"bad-feed", statusBody("asleep"), "feed.state \"asleep\""},
        {"bad-camera",
         R"({"type":"status","feed":{"state":"live"},"camera":"up","scale":{"state":"none"}})",
         "\"camera\" is not an object"},
        {"bad-version", statusBody().replace("\"0.2.0\"", '"' + QByteArray(100, 'v') + '"'),
         "\"version\" is not a string of at most 64 characters"},
        {"too-big",
         statusBody().replace("\"attract\"",
                              "\"attract\",\"pad\":\"" + QByteArray(20000, 'x') + '"'),
         "over the 16384-byte limit"},
    };
    for (const auto &event : bad) {
        // Stored and acknowledged as version 1 requires, whatever the body.
        ASSERT_NO_FATAL_FAILURE(sendEvent(*fleet.events, "shelf-1", event.eventId, event.body));
        const QString line = log.find(
            {QByteArray("\"shelf-1\""), event.eventId, QByteArray("status refused"), event.reason});
        EXPECT_FALSE(line.isEmpty()) << event.eventId.toStdString() << " not logged as refused; "
                                     << log.lines().join(u'\n').toStdString();
    }
    EXPECT_EQ(fleet.server->storedEventCount(), 5);
    EXPECT_EQ(columns(fleet.row(QStringLiteral("shelf-1"))).mid(1, 3),
              (words({"live", "up", "none"})));
}

TEST(Fleet, DisplaysPastTheBoundAreNotTracked)
{
    LogCapture log;
    FleetServer fleet;
    ASSERT_NO_FATAL_FAILURE(fleet.start(fleet.options(2)));
    for (const char *shelf : {"shelf-1", "shelf-2", "shelf-3"})
        ASSERT_NO_FATAL_FAILURE(
            sendEvent(*fleet.events, shelf, QByteArray("s-") + shelf, statusBody()));
    EXPECT_FALSE(fleet.row(QStringLiteral("shelf-2")).isEmpty());
    EXPECT_TRUE(fleet.row(QStringLiteral("shelf-3")).isEmpty());
    EXPECT_EQ(fleet.server->storedEventCount(), 3) << "an untracked display's event was not stored";
    EXPECT_FALSE(log.find({QByteArray("\"shelf-3\""), QByteArray("s-shelf-3"),
                           QByteArray("not tracked"), QByteArray("2 displays")})
                     .isEmpty())
        << log.lines().join(u'\n').toStdString();
}

TEST(Commands, EachIsPublishedWithTheContractsFrames)
{
    FleetServer fleet;
    ASSERT_NO_FATAL_FAILURE(fleet.start());
    const QRegularExpression idShape(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    QSet<QByteArray> ids;
    for (const char *name : {"screenshot", "identify", "reload", "status"}) {
        for (const char *shelf : {"aisle-3-left", "*"}) {
            fleet.nowMs += 1000;
            QString output;
            ASSERT_EQ(fleet.server->command(
                          QStringLiteral("%1 %2").arg(QLatin1String(name), QLatin1String(shelf)),
                          &output),
                      QString());
            const std::optional<Message> message = waitFor(*fleet.commands, isCommand);
            ASSERT_TRUE(message) << name << " was not published";
            EXPECT_EQ(message->at(0), QByteArray("command/") + shelf);
            EXPECT_EQ(message->at(1), fleet.server->epoch().toLatin1());
            const QByteArray id = message->at(2);
            EXPECT_TRUE(idShape.match(QString::fromLatin1(id)).hasMatch()) << id.toStdString();
            EXPECT_FALSE(ids.contains(id)) << "a command id was used twice: " << id.toStdString();
            ids.insert(id);
            EXPECT_EQ(message->at(3),
                      QByteArray(R"({"command":")") + name + R"(","issued":)"
                          + QByteArray::number(fleet.nowMs.load()) + '}');
            // The operator is told the id the results will carry.
            EXPECT_EQ(output,
                      QStringLiteral("command %1 %2 %3\n")
                          .arg(QString::fromLatin1(id), QLatin1String(name), QLatin1String(shelf)));
        }
    }

    QString error;
    EXPECT_TRUE(
        fleet.server->sendCommand(QStringLiteral("shelf 1"), QStringLiteral("identify"), &error)
            .isEmpty());
    EXPECT_TRUE(error.contains(u"not a shelf id")) << error.toStdString();
    EXPECT_FALSE(fleet.server->command(QStringLiteral("reboot shelf-1")).isEmpty());
    EXPECT_FALSE(fleet.server->command(QStringLiteral("identify")).isEmpty());
}

TEST(Commands, ScreenshotResultIsSavedAsAJpegFile)
{
    LogCapture log;
    FleetServer fleet;
    ASSERT_NO_FATAL_FAILURE(fleet.start());
    const QString id
        = fleet.server->sendCommand(QStringLiteral("aisle-3-left"), QStringLiteral("screenshot"));
    ASSERT_FALSE(id.isEmpty());
    const QByteArray jpeg = smallJpeg();
    ASSERT_NO_FATAL_FAILURE(
        sendEvent(*fleet.events, "aisle-3-left", "r1", resultBody(id, screenshotOf(jpeg))));

    const QList<CommandResult> results = fleet.server->commandResults(id);
    ASSERT_EQ(results.size(), 1);
    const CommandResult &result = results[0];
    EXPECT_EQ(result.error, QString());
    EXPECT_TRUE(result.ok);
    EXPECT_EQ(result.command, QStringLiteral("screenshot"));
    EXPECT_EQ(result.shelf, QStringLiteral("aisle-3-left"));
    EXPECT_EQ(result.screenshotPath,
              QDir(fleet.screenshots.path())
                  .filePath(QStringLiteral("aisle-3-left-20261129-100000.000.jpg")));
    QFile saved(result.screenshotPath);
    ASSERT_TRUE(saved.open(QIODevice::ReadOnly)) << result.screenshotPath.toStdString();
    EXPECT_EQ(saved.readAll(), jpeg);
    EXPECT_EQ(fleet.resultCount(), 1);
    EXPECT_FALSE(log.find({QByteArray("\"aisle-3-left\""), QByteArray("r1"), QByteArray("saved to"),
                           result.screenshotPath.toUtf8()})
                     .isEmpty())
        << log.lines().join(u'\n').toStdString();

    // Results of other commands are recorded too; a command to every display takes each one's.
    const QString everyone
        = fleet.server->sendCommand(QStringLiteral("*"), QStringLiteral("identify"));
    ASSERT_NO_FATAL_FAILURE(sendEvent(*fleet.events, "shelf-1", "r2", resultBody(everyone)));
    ASSERT_NO_FATAL_FAILURE(sendEvent(*fleet.events, "shelf-2", "r3", resultBody(everyone)));
    EXPECT_EQ(fleet.server->commandResults(everyone).size(), 2);
    EXPECT_EQ(fleet.server->commandResults(everyone)[1].shelf, QStringLiteral("shelf-2"));

    // One answer per display and command: more (a display gone wrong, or a forger with its shelf
    // id) save no more screenshots and take no more memory.
    ASSERT_NO_FATAL_FAILURE(
        sendEvent(*fleet.events, "aisle-3-left", "r4", resultBody(id, screenshotOf(jpeg))));
    ASSERT_NO_FATAL_FAILURE(sendEvent(*fleet.events, "shelf-2", "r5", resultBody(everyone)));
    EXPECT_EQ(fleet.server->commandResults(id).size(), 1);
    EXPECT_EQ(fleet.server->commandResults(everyone).size(), 2);
    EXPECT_EQ(QDir(fleet.screenshots.path()).entryList(QDir::Files).size(), 1);
    EXPECT_FALSE(log.find({QByteArray("r4"), QByteArray("answered already")}).isEmpty())
        << log.lines().join(u'\n').toStdString();
}

TEST(Commands, BadScreenshotsAreRefusedWithAClearLog)
{
    LogCapture log;
    FleetServer fleet;
    ASSERT_NO_FATAL_FAILURE(fleet.start());
    QByteArray tooBig = smallJpeg();
    tooBig.insert(4, QByteArray(192 * 1024, 'x'));
    QByteArray png;
    {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QImage(8, 8, QImage::Format_RGB32).save(&buffer, "PNG");
    }
    const struct
    {
        QByteArray eventId;
        QJsonObject extra;
        QString reason;
    } bad[] = {
        {"not-base64",
         {{QStringLiteral("jpeg_base64"), QStringLiteral("////*not base64*")}},
         QStringLiteral("not base64")},
        {"not-jpeg", screenshotOf(png), QStringLiteral("not a JPEG")},
        {"too-big", screenshotOf(tooBig), QStringLiteral("over the limit of 262144")},
        {"no-jpeg", {}, QStringLiteral("no \"jpeg_base64\" string")},
    };
    for (const auto &event : bad) {
        const QString id
            = fleet.server->sendCommand(QStringLiteral("shelf-9"), QStringLiteral("screenshot"));
        ASSERT_NO_FATAL_FAILURE(
            sendEvent(*fleet.events, "shelf-9", event.eventId, resultBody(id, event.extra)));
        const QList<CommandResult> results = fleet.server->commandResults(id);
        ASSERT_EQ(results.size(), 1);
        EXPECT_TRUE(results[0].screenshotPath.isEmpty());
        EXPECT_TRUE(results[0].error.contains(event.reason)) << results[0].error.toStdString();
        EXPECT_FALSE(log.find({QByteArray("\"shelf-9\""), event.eventId,
                               QByteArray("screenshot for command"), QByteArray("refused"),
                               event.reason.toUtf8()})
                         .isEmpty())
            << event.eventId.toStdString() << ": " << log.lines().join(u'\n').toStdString();
    }
    EXPECT_EQ(QDir(fleet.screenshots.path()).entryList(QDir::Files), QStringList());

    // A result for a command this server never issued, or from another shelf, is not recorded.
    ASSERT_NO_FATAL_FAILURE(
        sendEvent(*fleet.events, "shelf-9", "forged",
                  resultBody(QStringLiteral("1-1-00000000"), screenshotOf(smallJpeg()))));
    EXPECT_FALSE(log.find({QByteArray("forged"), QByteArray("did not issue")}).isEmpty());
    const QString id
        = fleet.server->sendCommand(QStringLiteral("shelf-9"), QStringLiteral("screenshot"));
    ASSERT_NO_FATAL_FAILURE(sendEvent(*fleet.events, "shelf-8", "elsewhere",
                                      resultBody(id, screenshotOf(smallJpeg()))));
    EXPECT_TRUE(fleet.server->commandResults(id).isEmpty());
    EXPECT_EQ(QDir(fleet.screenshots.path()).entryList(QDir::Files), QStringList());
}

TEST(Commands, PassThroughTheCurveProxyAndStatusComesBack)
{
    const Keys serverKeys = newKeys();
    const Keys proxyKeys = newKeys();
    const Keys display = newKeys();
    const Keys stranger = newKeys();
    FleetServer fleet;
    StoreServerOptions serverOptions = fleet.options();
    serverOptions.curveSecretKey = serverKeys.secretKey;
    serverOptions.curveClientKeys = {proxyKeys.publicKey};
    fleet.server.emplace(serverOptions);
    ASSERT_EQ(fleet.server->start(), QString());

    FeedProxyOptions options;
    const auto upstream = fleet.server->endpoints();
    options.upstreamSnapshot = upstream.snapshot;
    options.upstreamUpdates = upstream.updates;
    options.upstreamEvents = upstream.events;
    options.snapshotEndpoint = options.updatesEndpoint = options.eventsEndpoint
        = QStringLiteral("tcp://127.0.0.1:*");
    options.curveSecretKey = proxyKeys.secretKey;
    options.upstreamServerKey = serverKeys.publicKey;
    options.curveClientKeys = {display.publicKey};
    FeedProxy proxy(options);
    ASSERT_EQ(proxy.start(), QString());
    EXPECT_EQ(proxy.curvePublicKey(), proxyKeys.publicKey);

    zmq::context_t context;
    const DisplayCurve curve{proxyKeys.publicKey, display};
    zmq::socket_t updates = displaySocket(context, zmq::socket_type::sub, proxy.endpoints().updates,
                                          curve, {"command/aisle-3-left", "command/*"});
    zmq::socket_t strangerUpdates = displaySocket(
        context, zmq::socket_type::sub, proxy.endpoints().updates,
        DisplayCurve{proxyKeys.publicKey, stranger}, {"command/aisle-3-left", "command/*"});
    ASSERT_TRUE(waitFor(updates, isHeartbeat)) << "no heartbeat through the CURVE proxy";

    for (const char *shelf : {"aisle-3-left", "*"}) {
        const QString id
            = fleet.server->sendCommand(QLatin1String(shelf), QStringLiteral("status"));
        const std::optional<Message> command = waitFor(updates, isCommand);
        ASSERT_TRUE(command) << "the command to " << shelf << " did not pass the proxy";
        EXPECT_EQ(command->at(0), QByteArray("command/") + shelf);
        EXPECT_EQ(command->at(1), fleet.server->epoch().toLatin1());
        EXPECT_EQ(command->at(2), id.toLatin1());
    }
    // Not subscribed: a command to another shelf never reaches this display.
    fleet.server->sendCommand(QStringLiteral("aisle-4"), QStringLiteral("status"));
    const QString marker = fleet.server->sendCommand(QStringLiteral("*"), QStringLiteral("status"));
    const std::optional<Message> next = waitFor(updates, isCommand);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->at(2), marker.toLatin1()) << "got " << next->at(0).toStdString();

    zmq::socket_t events
        = displaySocket(context, zmq::socket_type::dealer, proxy.endpoints().events, curve);
    ASSERT_NO_FATAL_FAILURE(sendEvent(events, "aisle-3-left", "s1", statusBody()));
    EXPECT_EQ(columns(fleet.row(QStringLiteral("aisle-3-left"))).mid(1, 3),
              (words({"live", "up", "none"})));

    // A display whose key the proxy does not list gets nothing, not even heartbeats.
    EXPECT_FALSE(
        QTest::qWaitFor([&] { return tryReceive(strangerUpdates).has_value(); }, silenceMs))
        << "a display with an unlisted key got a message through the proxy";
}

TEST(Commands, ProxyRefusesHalfACurveSetup)
{
    const Keys keys = newKeys();
    FeedProxyOptions options;
    options.upstreamSnapshot = options.upstreamUpdates = options.upstreamEvents
        = QStringLiteral("tcp://127.0.0.1:1");
    options.snapshotEndpoint = options.updatesEndpoint = options.eventsEndpoint
        = QStringLiteral("tcp://127.0.0.1:*");
    options.curveClientKeys = {keys.publicKey};
    EXPECT_TRUE(FeedProxy(options).start().contains(u"no secret key"));
    options.curveSecretKey = keys.secretKey;
    EXPECT_TRUE(FeedProxy(options).start().contains(u"store server's public key"));
}

TEST(FleetFile, IsRewrittenOnChangeAndRetriedAfterAFailure)
{
    QTemporaryDir dir;
    FleetServer fleet;
    ASSERT_NO_FATAL_FAILURE(fleet.start());
    // The file's folder is at first a plain file: every write fails until it is a folder.
    const QString folder = dir.filePath(QStringLiteral("out"));
    {
        QFile blocker(folder);
        ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    }
    const QString path = folder + QStringLiteral("/fleet.json");
    FleetFile file(*fleet.server, path);
    QSignalSpy problems(&file, &FleetFile::problem);
    QSignalSpy recovered(&file, &FleetFile::recovered);
    EXPECT_TRUE(file.start(20, 60000).contains(path));
    ASSERT_TRUE(QTest::qWaitFor([&] { return problems.count() > 0; }, patienceMs));
    EXPECT_TRUE(problems.at(0).at(0).toString().contains(path));

    ASSERT_TRUE(QFile::remove(folder));
    ASSERT_TRUE(QDir().mkpath(folder));
    ASSERT_TRUE(QTest::qWaitFor([&] { return recovered.count() > 0; }, patienceMs))
        << "the write was not retried";
    EXPECT_EQ(problems.count(), 1) << "the same failure was reported more than once";

    ASSERT_NO_FATAL_FAILURE(sendEvent(*fleet.events, "shelf-1", "s1", statusBody()));
    QJsonArray displays;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            QFile json(path);
            if (!json.open(QIODevice::ReadOnly))
                return false;
            displays
                = QJsonDocument::fromJson(json.readAll()).object().value(u"displays").toArray();
            return !displays.isEmpty();
        },
        patienceMs))
        << "the new display was not written";
    EXPECT_EQ(displays[0].toObject().value(u"shelf"), QStringLiteral("shelf-1"));
    EXPECT_EQ(displays[0].toObject().value(u"state"), QStringLiteral("ok"));
}

namespace {

// shelffeed as a store runs it, with its standard input and output.
struct ShelffeedProcess
{
    QProcess process;
    QByteArray output;
    QMap<QByteArray, QByteArray> bound; // snapshot, updates, events -> endpoint

    void start(const QStringList &extra)
    {
        process.start(QStringLiteral(SHELFFEED_BIN),
                      QStringList{QStringLiteral("--catalog"), QStringLiteral(SHELF_DEMO_CATALOG),
                                  QStringLiteral("--snapshot"), QStringLiteral("tcp://127.0.0.1:*"),
                                  QStringLiteral("--updates"), QStringLiteral("tcp://127.0.0.1:*"),
                                  QStringLiteral("--events"), QStringLiteral("tcp://127.0.0.1:*"),
                                  QStringLiteral("--heartbeat-ms"), QStringLiteral("100")}
                          + extra);
        ASSERT_TRUE(process.waitForStarted(patienceMs));
        ASSERT_FALSE(waitForLine("epoch ").isEmpty())
            << process.readAllStandardError().toStdString();
        for (const QByteArray &line : output.split('\n')) {
            const QList<QByteArray> words = line.split(' ');
            if (words.size() == 2)
                bound[words[0]] = words[1];
        }
    }
    // Waits for a line starting with `prefix`; returns it.
    QByteArray waitForLine(const QByteArray &prefix)
    {
        QByteArray found;
        (void)QTest::qWaitFor(
            [&] {
                output += process.readAllStandardOutput();
                for (const QByteArray &line : output.split('\n')) {
                    if (line.startsWith(prefix)) {
                        found = line;
                        return true;
                    }
                }
                return false;
            },
            patienceMs);
        return found;
    }
    ~ShelffeedProcess()
    {
        process.terminate();
        if (!process.waitForFinished(patienceMs))
            process.kill();
    }
};

} // namespace

TEST(Shelffeed, FleetTableScreenshotAndFleetJsonFromTheCommandLine)
{
    QTemporaryDir dir;
    const QString shots = dir.filePath(QStringLiteral("shots"));
    ASSERT_TRUE(QDir().mkpath(shots));
    const QString json = dir.filePath(QStringLiteral("fleet.json"));
    ShelffeedProcess feed;
    ASSERT_NO_FATAL_FAILURE(
        feed.start({QStringLiteral("--screenshots"), shots, QStringLiteral("--fleet-json"), json}));

    zmq::context_t context;
    zmq::socket_t events = displaySocket(context, zmq::socket_type::dealer,
                                         QString::fromLatin1(feed.bound.value("events")));
    zmq::socket_t updates = displaySocket(context, zmq::socket_type::sub,
                                          QString::fromLatin1(feed.bound.value("updates")), {},
                                          {"command/aisle-3-left"});
    ASSERT_TRUE(waitFor(updates, isHeartbeat));
    ASSERT_NO_FATAL_FAILURE(sendEvent(events, "aisle-3-left", "s1", statusBody()));

    feed.process.write("fleet\n");
    const QByteArray row = feed.waitForLine("aisle-3-left ");
    EXPECT_EQ(columns(QString::fromUtf8(row)),
              (words({"aisle-3-left", "live", "up", "none", "0.2.0", "attract", "0 s ago", "ok"})));
    EXPECT_FALSE(feed.waitForLine("shelf ").isEmpty()) << "no header line";

    feed.process.write("screenshot aisle-3-left\n");
    const QByteArray sent = feed.waitForLine("command ");
    const QList<QByteArray> words = sent.split(' ');
    ASSERT_EQ(words.size(), 4) << sent.toStdString();
    EXPECT_EQ(words[2], "screenshot");
    const std::optional<Message> command = waitFor(updates, isCommand);
    ASSERT_TRUE(command);
    EXPECT_EQ(command->at(2), words[1]);
    const QByteArray jpeg = smallJpeg();
    ASSERT_NO_FATAL_FAILURE(
        sendEvent(events, "aisle-3-left", "r1",
                  resultBody(QString::fromLatin1(words[1]), screenshotOf(jpeg))));
    const QByteArray saved = feed.waitForLine("screenshot aisle-3-left ");
    ASSERT_FALSE(saved.isEmpty()) << "the saved screenshot's path was not printed";
    const QString path = QString::fromUtf8(saved.split(' ').last());
    EXPECT_TRUE(path.startsWith(shots)) << path.toStdString();
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll(), jpeg);

    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            QFile written(json);
            return written.open(QIODevice::ReadOnly) && written.readAll().contains("aisle-3-left");
        },
        patienceMs))
        << "--fleet-json was not written";
}

TEST(Shelffeed, ProxyTakesItsCurveKeysTogether)
{
    QTemporaryDir dir;
    const QString keys = dir.filePath(QStringLiteral("keys"));
    const QString displays = dir.filePath(QStringLiteral("displays"));
    ASSERT_TRUE(QDir().mkpath(displays));
    for (const char *name : {"proxy", "server"}) {
        QProcess genKeys;
        genKeys.start(QStringLiteral(SHELFFEED_BIN),
                      {QStringLiteral("gen-keys"), keys, QLatin1String(name)});
        ASSERT_TRUE(genKeys.waitForFinished(patienceMs));
        ASSERT_EQ(genKeys.exitCode(), 0);
    }
    const QStringList upstream{QStringLiteral("--proxy"),
                               QStringLiteral("--upstream-snapshot"),
                               QStringLiteral("tcp://127.0.0.1:1"),
                               QStringLiteral("--upstream-updates"),
                               QStringLiteral("tcp://127.0.0.1:2"),
                               QStringLiteral("--upstream-events"),
                               QStringLiteral("tcp://127.0.0.1:3"),
                               QStringLiteral("--snapshot"),
                               QStringLiteral("tcp://127.0.0.1:*"),
                               QStringLiteral("--updates"),
                               QStringLiteral("tcp://127.0.0.1:*"),
                               QStringLiteral("--events"),
                               QStringLiteral("tcp://127.0.0.1:*"),
                               QStringLiteral("--curve-secret"),
                               keys + QStringLiteral("/proxy.secret")};

    QProcess half;
    half.start(QStringLiteral(SHELFFEED_BIN), upstream);
    ASSERT_TRUE(half.waitForFinished(patienceMs));
    EXPECT_EQ(half.exitCode(), 2);
    EXPECT_TRUE(half.readAllStandardError().contains("go together"));

    QProcess proxy;
    proxy.start(QStringLiteral(SHELFFEED_BIN),
                upstream
                    + QStringList{QStringLiteral("--upstream-key"),
                                  keys + QStringLiteral("/server.pub"),
                                  QStringLiteral("--curve-clients"), displays});
    QByteArray output;
    const bool printed = QTest::qWaitFor(
        [&] {
            output += proxy.readAllStandardOutput();
            return output.contains("curve-public-key ") && output.endsWith('\n');
        },
        patienceMs);
    proxy.terminate();
    proxy.waitForFinished(patienceMs);
    ASSERT_TRUE(printed) << proxy.readAllStandardError().toStdString();
    QFile publicKey(keys + QStringLiteral("/proxy.pub"));
    ASSERT_TRUE(publicKey.open(QIODevice::ReadOnly));
    const QByteArray key = publicKey.readAll().split('\n').value(1);
    EXPECT_TRUE(output.contains("curve-public-key " + key + '\n')) << output.toStdString();
}
