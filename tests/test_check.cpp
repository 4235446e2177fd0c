// `shelfscreen check`: every kind of finding as the operator reads it, the exit codes, and --feed
// against a store server on 127.0.0.1.
#include "app_test_support.h"

#include <check_command.h>
#include <curve_keys.h>
#include <store_server.h>
#include <zmq.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <functional>

using namespace shelf;
using namespace shelf::test;

namespace {

const QByteArray shelfText = R"([shelf]
id = "check-shelf"
content = "content"

[feed]
snapshot = "tcp://127.0.0.1:5556"
updates = "tcp://127.0.0.1:5557"
events = "tcp://127.0.0.1:5558"

[camera]
width = 640
height = 480

[[slot]]
id = "A1"
sku = "6901234000115"
polygon = [[10, 10], [100, 10], [100, 90], [10, 90]]

[[slot]]
id = "A2"
sku = "6901234000283"
polygon = [[100, 10], [200, 10], [200, 90], [100, 90]]
)";

struct CheckRun
{
    int exitCode = -1;
    QStringList lines; // what went to stdout
    QString summary; // what went to stderr
};

CheckRun check(const QStringList &arguments)
{
    QString out, err;
    QTextStream outStream(&out), errStream(&err);
    CheckRun run;
    run.exitCode
        = runCheck(QStringList{QStringLiteral("shelfscreen"), QStringLiteral("check")} + arguments,
                   outStream, errStream);
    outStream.flush();
    errStream.flush();
    run.lines = out.split(u'\n', Qt::SkipEmptyParts);
    run.summary = err;
    return run;
}

// 1-based line of the first line of text that contains needle.
int lineOf(const QByteArray &text, const QByteArray &needle)
{
    const qsizetype at = text.indexOf(needle);
    return at < 0 ? 0 : int(text.left(at).count('\n')) + 1;
}

// A shelf in a folder of its own: shelf.toml and an empty content folder.
class ShelfFolder
{
public:
    explicit ShelfFolder(const QByteArray &config = shelfText)
    {
        QDir(m_dir.path()).mkpath(QStringLiteral("content"));
        setConfig(config);
    }
    QString path(const QString &name = QStringLiteral("shelf.toml")) const
    {
        return m_dir.filePath(name);
    }
    void setConfig(const QByteArray &config)
    {
        m_config = config;
        writeFile(path(), config);
    }
    // "PATH:LINE:" of needle in the config.
    QString at(const QByteArray &needle) const
    {
        return QStringLiteral("%1:%2:").arg(path()).arg(lineOf(m_config, needle));
    }

private:
    QTemporaryDir m_dir;
    QByteArray m_config;
};

QByteArray replaced(QByteArray text, const QByteArray &from, const QByteArray &to)
{
    EXPECT_TRUE(text.contains(from)) << from.toStdString();
    return text.replace(from, to);
}

} // namespace

TEST(Check, ACleanShelfExitsZeroAndPrintsNothing)
{
    // A1 and A2 share an edge: slots side by side do not overlap.
    ShelfFolder shelf;
    const CheckRun run = check({shelf.path()});
    EXPECT_EQ(run.exitCode, 0) << run.lines.join(u'\n').toStdString();
    EXPECT_TRUE(run.lines.isEmpty()) << run.lines.join(u'\n').toStdString();
    EXPECT_EQ(run.summary, shelf.path() + QStringLiteral(": no problems found\n"));
}

TEST(Check, EachKindOfFindingIsOneLineWithItsPlace)
{
    struct Case
    {
        const char *name;
        QByteArray config; // the shelf.toml
        QString content; // a file to write in the content folder, "name=text"
        QString expected; // the line, %1 standing for the config's folder
    };
    const QByteArray a2 = "id = \"A2\"";
    const Case cases[] = {
        {"unknown key",
         replaced(shelfText, a2, a2 + "\nscale_chanel = 0"),
         {},
         QStringLiteral("%1/shelf.toml:21:1: unknown key scale_chanel in [[slot]] A2 (did you "
                        "mean scale_channel?)")},
        {"unknown key, nothing close",
         replaced(shelfText, "[camera]\n", "[camera]\nzoom = 2\n"),
         {},
         QStringLiteral("%1/shelf.toml:11:1: unknown key zoom in [camera] (known keys: source, "
                        "width, height, fps, markers, shelf_size, aisle, aisle_leave_s)")},
        {"unknown table",
         replaced(shelfText, "[camera]", "[camra]"),
         {},
         QStringLiteral("%1/shelf.toml:10:2: unknown table [camra] (did you mean [camera]?)")},
        {"key outside its table",
         "take_after_s = 20\n" + shelfText,
         {},
         QStringLiteral("%1/shelf.toml:1:1: take_after_s is a key of [shelf]: write it below "
                        "that table's header")},
        {"overlapping slots",
         replaced(shelfText, "[[100, 10], [200, 10], [200, 90], [100, 90]]",
                  "[[90, 10], [200, 10], [200, 90], [90, 90]]"),
         {},
         QStringLiteral("%1/shelf.toml:22:11: warning: slot A2 overlaps slot A1 "
                        "(%1/shelf.toml:14:1): a hand in one is seen in both")},
        {"slot outside the picture",
         replaced(shelfText, "[[100, 10], [200, 10], [200, 90], [100, 90]]",
                  "[[600, 10], [700, 10], [700, 90], [600, 90]]"),
         {},
         QStringLiteral("%1/shelf.toml:22:11: warning: slot A2 reaches beyond the camera's "
                        "640x480 picture (camera.width, camera.height)")},
        {"slot outside the shelf",
         replaced(shelfText, "height = 480\n",
                  "height = 480\nmarkers = [0, 1, 2, 3]\nshelf_size = [150, 100]\n"),
         {},
         QStringLiteral("%1/shelf.toml:24:11: warning: slot A2 reaches beyond the shelf's "
                        "150x100 (camera.shelf_size)")},
        {"outline crossing itself",
         replaced(shelfText, "[[100, 10], [200, 10], [200, 90], [100, 90]]",
                  "[[100, 10], [200, 90], [200, 10], [100, 90]]"),
         {},
         QStringLiteral("%1/shelf.toml:22:11: warning: slot A2's outline crosses itself: list "
                        "its corners in order around it")},
        {"scale channel without unit weights",
         replaced(shelfText, "[[slot]]\nid = \"A1\"",
                  "[scale]\nsource = \"synthetic\"\n\n[[slot]]\nid = \"A1\"\nscale_channel = 0"),
         {},
         QStringLiteral("%1/shelf.toml:19:17: warning: scale channel 0 (slot A1): no "
                        "unit_weight_g in the config, so the scale counts what is lifted there "
                        "only if the store's records give unit weights (check --feed asks the "
                        "store)")},
        {"content folder missing",
         replaced(shelfText, "content = \"content\"", "content = \"nowhere\""),
         {},
         QStringLiteral("%1/shelf.toml:3:11: warning: the content folder %1/nowhere does not "
                        "exist; the shelf shows its default attract loop and theme")},
        {"attract picture missing", shelfText,
         QStringLiteral("attract.toml=[[slide]]\nkind = \"promotion\"\nimage = \"promo.png\"\n"),
         QStringLiteral("%1/content/attract.toml:3:9: warning: image \"promo.png\": "
                        "%1/content/promo.png: no such file; the slide shows the placeholder")},
        {"attract mistake", shelfText, QStringLiteral("attract.toml=[[slide]]\nkind = \"video\"\n"),
         QStringLiteral("%1/content/attract.toml:2:8: slide.kind \"video\" is not products, "
                        "product or promotion")},
        {"theme mistake", shelfText, QStringLiteral("theme.toml=surfase = \"#ffffff\"\n"),
         QStringLiteral("%1/content/theme.toml:1:1: unknown key surfase (did you mean "
                        "surface?)")},
        {"theme contrast", shelfText, QStringLiteral("theme.toml=mutedText = \"#d0d0d0\"\n"),
         QStringLiteral("%1/content/theme.toml: warning: mutedText #d0d0d0 on background "
                        "#f6f3ec is 1.39:1, below 4.5:1 (WCAG AA)")},
        {"CURVE keys missing",
         replaced(shelfText, "events = \"tcp://127.0.0.1:5558\"",
                  "events = \"tcp://127.0.0.1:5558\"\nserver_key = \"keys/server.pub\"\n"
                  "display_key = \"keys/display\""),
         {},
         QStringLiteral("%1/shelf.toml:9:14: %1/keys/server.pub: ")},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.name);
        ShelfFolder shelf(c.config);
        if (!c.content.isEmpty()) {
            const qsizetype equals = c.content.indexOf(u'=');
            writeFile(shelf.path(QStringLiteral("content/") + c.content.left(equals)),
                      c.content.mid(equals + 1).toUtf8());
        }
        const CheckRun run = check({shelf.path()});
        EXPECT_EQ(run.exitCode, 1);
        const QString expected = c.expected.arg(QFileInfo(shelf.path()).path());
        ASSERT_EQ(run.lines.size(), 1) << run.lines.join(u'\n').toStdString();
        EXPECT_TRUE(run.lines[0].startsWith(expected))
            << run.lines[0].toStdString() << "\nexpected: " << expected.toStdString();
    }
}

TEST(Check, EveryProblemIsPrintedInTheFilesOrder)
{
    QByteArray config
        = replaced(shelfText, "id = \"check-shelf\"", "id = \"check-shelf\"\nlangauge = \"en\"");
    config = replaced(config, "sku = \"6901234000115\"", "sku = \"bad sku\"");
    config = replaced(config, "id = \"A2\"", "id = \"A2\"\nunit_weight = 250");
    config += "\n[[slot]]\nid = \"A3\"\nsku = \"7098765000147\"\n"
              "polygon = [[600, 100], [700, 100], [700, 200], [600, 200]]\n";
    ShelfFolder shelf(config);
    const CheckRun run = check({shelf.path()});
    EXPECT_EQ(run.exitCode, 1);
    const QStringList expected = {
        shelf.at("langauge")
            + QStringLiteral("1: unknown key langauge in [shelf] (did you mean language?)"),
        shelf.at("bad sku")
            + QStringLiteral("7: slot A1: sku \"bad sku\" is not 1 to 64 of A-Z a-z 0-9 . _ -"),
        shelf.at("unit_weight")
            + QStringLiteral("1: unknown key unit_weight in [[slot]] A2 (did you mean "
                             "unit_weight_g?)"),
        shelf.at("[[600")
            + QStringLiteral("11: warning: slot A3 reaches beyond the camera's 640x480 picture "
                             "(camera.width, camera.height)"),
    };
    EXPECT_EQ(run.lines, expected) << run.lines.join(u'\n').toStdString();
    EXPECT_EQ(run.summary,
              shelf.path()
                  + QStringLiteral(": 3 errors (the display refuses a file that has any), 1 "
                                   "warning (it runs with them)\n"));
}

TEST(Check, BadUsageExitsTwoWithTheUsage)
{
    ShelfFolder shelf;
    const QStringList usages[] = {
        {},
        {shelf.path(), shelf.path()},
        {QStringLiteral("--nope"), shelf.path()},
        {QStringLiteral("--timeout"), QStringLiteral("0"), shelf.path()},
        {QStringLiteral("--timeout"), QStringLiteral("soon"), shelf.path()},
    };
    for (const QStringList &arguments : usages) {
        const CheckRun run = check(arguments);
        EXPECT_EQ(run.exitCode, 2) << arguments.join(u' ').toStdString();
        EXPECT_TRUE(run.lines.isEmpty());
        EXPECT_TRUE(run.summary.contains(QLatin1String("shelfscreen check")))
            << run.summary.toStdString();
    }
    const CheckRun help = check({QStringLiteral("--help")});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.lines.join(u'\n').contains(QLatin1String("--feed")));
}

// Through the program itself, as an operator runs it.
TEST(Check, IsASubcommandOfShelfscreen)
{
    ShelfFolder shelf(replaced(shelfText, "[camera]", "[camra]"));
    const ProcessResult run = runShelfscreen({QStringLiteral("check"), shelf.path()});
    EXPECT_EQ(run.exitCode, 1) << run.output.toStdString();
    EXPECT_TRUE(run.output.contains(
        shelf.at("[camra]") + QStringLiteral("2: unknown table [camra] (did you mean [camera]?)")))
        << run.output.toStdString();
    EXPECT_EQ(runShelfscreen({QStringLiteral("check")}).exitCode, 2);
}

namespace {

// The demo catalog, changed by edit, served on free ports of 127.0.0.1.
std::unique_ptr<StoreServer> startStore(const std::function<void(QJsonArray &)> &edit = {},
                                        const QByteArray &curveSecretKey = {},
                                        const QList<QByteArray> &admitted = {})
{
    QFile file(QStringLiteral(SHELF_DEMO_DIR "/catalog.json"));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    QJsonArray records = QJsonDocument::fromJson(file.readAll()).array();
    if (edit)
        edit(records);
    StoreServerOptions options;
    options.snapshotEndpoint = options.updatesEndpoint = options.eventsEndpoint
        = QStringLiteral("tcp://127.0.0.1:*");
    options.curveSecretKey = curveSecretKey;
    options.curveClientKeys = admitted;
    auto store = std::make_unique<StoreServer>(options);
    EXPECT_EQ(store->loadCatalogJson(QJsonDocument(records).toJson(), QStringLiteral("test")),
              QString());
    EXPECT_EQ(store->start(), QString());
    return store;
}

// The demo shelf pointed at store, its content folder the demo's (the products' pictures).
QByteArray demoShelfFor(const StoreServer &store)
{
    QFile demo(QStringLiteral(SHELF_DEMO_DIR "/shelf.toml"));
    EXPECT_TRUE(demo.open(QIODevice::ReadOnly));
    QByteArray config = demo.readAll();
    const auto bound = store.endpoints();
    config = replaced(config, "tcp://127.0.0.1:5556", bound.snapshot.toUtf8());
    config = replaced(config, "tcp://127.0.0.1:5557", bound.updates.toUtf8());
    config = replaced(config, "tcp://127.0.0.1:5558", bound.events.toUtf8());
    config = replaced(config, "content = \".\"", "content = \"" SHELF_DEMO_DIR "\"");
    return replaced(config, "catalog = \"catalog.json\"",
                    "catalog = \"" SHELF_DEMO_DIR "/catalog.json\"");
}

} // namespace

TEST(CheckFeed, TheDemoShelfIsCleanWithTheStoresUnitWeights)
{
    auto store = startStore();
    ShelfFolder shelf(demoShelfFor(*store));
    // Offline, its three scale channels have no unit weight in the config.
    const CheckRun offline = check({shelf.path()});
    EXPECT_EQ(offline.exitCode, 1);
    ASSERT_EQ(offline.lines.size(), 3) << offline.lines.join(u'\n').toStdString();
    EXPECT_TRUE(
        offline.lines[0].startsWith(shelf.at("scale_channel = 0")
                                    + QStringLiteral("17: warning: scale channel 0 (slots A1, "
                                                     "A2, A3, A4): no unit_weight_g")))
        << offline.lines[0].toStdString();

    const CheckRun online = check({QStringLiteral("--feed"), shelf.path()});
    EXPECT_EQ(online.exitCode, 0) << online.lines.join(u'\n').toStdString();
    EXPECT_TRUE(online.lines.isEmpty()) << online.lines.join(u'\n').toStdString();
}

TEST(CheckFeed, ListsWhatTheStoreDoesNotKnowOrCannotShow)
{
    const QString kiwi = QStringLiteral("6901234000283");
    const QString salmon = QStringLiteral("7098765000147");
    auto store = startStore([&](QJsonArray &records) {
        for (qsizetype i = records.size() - 1; i >= 0; --i) {
            QJsonObject record = records[i].toObject();
            const QString sku = record.value(u"sku").toString();
            if (sku == kiwi) {
                records.removeAt(i);
            } else if (sku == salmon) {
                record.insert(QStringLiteral("image"), QStringLiteral("images/no-such.png"));
                record.remove(QStringLiteral("unit_weight_g"));
                records[i] = record;
            }
        }
    });
    QByteArray config = demoShelfFor(*store);
    // Salmon alone on channel 3: neither the config nor the store weighs it.
    config = replaced(config,
                      "sku = \"7098765000147\"\npolygon = [[340, 30], [470, 30], [470, "
                      "140], [340, 140]]\nscale_channel = 0",
                      "sku = \"7098765000147\"\npolygon = [[340, 30], [470, 30], [470, 140], "
                      "[340, 140]]\nscale_channel = 3");
    ShelfFolder shelf(config);
    const CheckRun run = check({QStringLiteral("--feed"), shelf.path()});
    EXPECT_EQ(run.exitCode, 1);
    const QStringList expected = {
        shelf.at("sku = \"6901234000283\"")
            + QStringLiteral("7: warning: slot A2: the store does not know sku 6901234000283 "
                             "(UNKNOWN); lifting it shows an empty card"),
        shelf.at("sku = \"7098765000147\"")
            + QStringLiteral("7: warning: slot A3: sku 7098765000147's picture "
                             "\"images/no-such.png\": " SHELF_DEMO_DIR
                             "/images/no-such.png: no such file; the card shows the placeholder"),
        shelf.at("scale_channel = 3")
            + QStringLiteral("17: warning: scale channel 3 (slot A3): no unit weight for any of "
                             "its products, in the config (unit_weight_g) or in the store's "
                             "records, so the scale cannot count what is lifted there"),
    };
    EXPECT_EQ(run.lines, expected) << run.lines.join(u'\n').toStdString();
}

TEST(CheckFeed, AStoreThatDoesNotAnswerIsAWarningAfterTheTimeout)
{
    // A ROUTER that takes the request and never answers.
    zmq::context_t context;
    zmq::socket_t silent(context, zmq::socket_type::router);
    silent.bind("tcp://127.0.0.1:*");
    const QByteArray endpoint = QByteArray::fromStdString(silent.get(zmq::sockopt::last_endpoint));
    ShelfFolder shelf(replaced(shelfText, "tcp://127.0.0.1:5556", endpoint));
    const CheckRun run = check({QStringLiteral("--feed"), QStringLiteral("--timeout"),
                                QStringLiteral("0.3"), shelf.path()});
    EXPECT_EQ(run.exitCode, 1);
    ASSERT_EQ(run.lines.size(), 1) << run.lines.join(u'\n').toStdString();
    EXPECT_EQ(run.lines[0],
              shelf.at("snapshot =")
                  + QStringLiteral("12: warning: the store server gave no snapshot: no complete "
                                   "snapshot from %1 within 300 ms; the display starts without "
                                   "prices and keeps asking")
                        .arg(QString::fromUtf8(endpoint)));
}

TEST(CheckFeed, AsksWithTheConfiguredCurveKeys)
{
    QTemporaryDir keys;
    char serverPublic[41] = {}, serverSecret[41] = {};
    ASSERT_EQ(zmq_curve_keypair(serverPublic, serverSecret), 0);
    writeFile(keys.filePath(QStringLiteral("server.pub")), QByteArray(serverPublic, 40) + "\n");
    ASSERT_EQ(curve::generateKeyPairFiles(keys.path(), QStringLiteral("display")), QString());
    const auto displayKey = curve::readKeyFile(keys.filePath(QStringLiteral("display.pub")));
    ASSERT_TRUE(displayKey.key);

    const auto withKeys = [&](const StoreServer &store) {
        return replaced(demoShelfFor(store), "max_price_age_h",
                        "server_key = \"" + keys.filePath(QStringLiteral("server.pub")).toUtf8()
                            + "\"\ndisplay_key = \""
                            + keys.filePath(QStringLiteral("display")).toUtf8()
                            + "\"\nmax_price_age_h");
    };
    auto admitting = startStore({}, QByteArray(serverSecret, 40), {*displayKey.key});
    ShelfFolder admitted(withKeys(*admitting));
    const CheckRun served = check({QStringLiteral("--feed"), admitted.path()});
    EXPECT_EQ(served.exitCode, 0) << served.lines.join(u'\n').toStdString();

    // A store that does not admit this display gives it nothing.
    char otherPublic[41] = {}, otherSecret[41] = {};
    ASSERT_EQ(zmq_curve_keypair(otherPublic, otherSecret), 0);
    auto refusing = startStore({}, QByteArray(serverSecret, 40), {QByteArray(otherPublic, 40)});
    ShelfFolder refused(withKeys(*refusing));
    const CheckRun unanswered = check({QStringLiteral("--feed"), QStringLiteral("--timeout"),
                                       QStringLiteral("0.5"), refused.path()});
    EXPECT_EQ(unanswered.exitCode, 1);
    ASSERT_FALSE(unanswered.lines.isEmpty());
    EXPECT_TRUE(unanswered.lines[0].startsWith(
        refused.at("snapshot =")
        + QStringLiteral("12: warning: the store server gave no snapshot")))
        << unanswered.lines.join(u'\n').toStdString();
}
