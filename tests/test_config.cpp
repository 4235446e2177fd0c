#include <shelf_config.h>
#include <toml_reading.h>

#include <QFile>
#include <QMap>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <algorithm>

using namespace shelf;

namespace {

const QByteArray validConfig = R"(
[shelf]
id = "aisle-3-left"
language = "zh-CN"

[feed]
snapshot = "tcp://10.0.0.5:5556"
updates = "tcp://10.0.0.5:5557"
events = "tcp://10.0.0.5:5558"

[[slot]]
id = "A1"
sku = "6901234000115"
polygon = [[10, 10], [100, 10], [100, 90], [10, 90]]

[[slot]]
id = "A2"
sku = "6901234000283"
polygon = [[110, 10], [200, 10], [200, 90]]
)";

ConfigResult parse(const QByteArray &text)
{
    return parseShelfConfig(text, QStringLiteral("/etc/shelf/shelf.toml"));
}

} // namespace

TEST(ShelfConfig, ReadsSlotsEndpointsAndDefaults)
{
    const ConfigResult result = parse(validConfig);
    ASSERT_TRUE(result.config) << result.error.toStdString();
    const ShelfConfig &config = *result.config;
    EXPECT_EQ(config.shelfId, QStringLiteral("aisle-3-left"));
    EXPECT_EQ(config.language, QStringLiteral("zh-CN"));
    EXPECT_EQ(config.feed.updatesEndpoint, QStringLiteral("tcp://10.0.0.5:5557"));
    EXPECT_EQ(config.feed.maxPriceAgeHours, 12);
    EXPECT_EQ(config.takeAfterSeconds, 30);
    ASSERT_EQ(config.slots.size(), 2);
    EXPECT_EQ(config.slots[1].polygon.size(), 3);
    EXPECT_EQ(config.slots[1].polygon[2], QPointF(200, 90));
    EXPECT_EQ(config.findSlot(QStringLiteral("A2")), 1);
    EXPECT_EQ(config.findSlot(QStringLiteral("1")), 0);
    EXPECT_FALSE(config.findSlot(QStringLiteral("3")));
    EXPECT_EQ(config.contentFolder, QStringLiteral("/etc/shelf"));
}

TEST(ShelfConfig, NamesTheFileAndLineOfEveryError)
{
    struct Case
    {
        const char *from;
        const char *to;
        const char *expected;
    };
    const Case cases[] = {
        {R"(language = "zh-CN")", R"(language = "fr")",
         "/etc/shelf/shelf.toml:4:12: shelf.language"},
        {R"(sku = "6901234000283")", R"(sku = "69012 34000283")",
         "/etc/shelf/shelf.toml:18:7: slot A2: sku"},
        {R"(polygon = [[110, 10], [200, 10], [200, 90]])", R"(polygon = [[110, 10], [200, 10]])",
         "/etc/shelf/shelf.toml:19:11: slot A2.polygon"},
        {R"(id = "A2")", R"(id = "A1")", "/etc/shelf/shelf.toml:16:1: slot id A1 is used twice"},
        {R"(updates = "tcp://10.0.0.5:5557")", R"(updates = 5557)",
         "/etc/shelf/shelf.toml:8:11: feed.updates must be a string"},
        {R"([feed])", R"([feed)", "/etc/shelf/shelf.toml:6:"},
        // toml++ 3.3 asserts on these (its issue 294); they are mistakes like any other.
        {R"([feed])", R"([&feed])", "/etc/shelf/shelf.toml:6:1: a table header starts with"},
        {R"([feed])", "[\r\n", "/etc/shelf/shelf.toml:6:1: a table header starts with"},
        {R"([[slot]])", R"([[[slot]]])", "/etc/shelf/shelf.toml:11:1: a table header starts with"},
        {R"(language = "zh-CN")", "language = \"zh-CN\"\n\xce\xaf = 1",
         "/etc/shelf/shelf.toml:5:1: only text in quotes"},
        {R"(polygon = [[110, 10], [200, 10], [200, 90]])",
         R"(polygon = [[}110, 10], [200, 10], [200, 90]])",
         "/etc/shelf/shelf.toml:19:13: '}' closes no inline table"},
        // toml++ 3.3 reads a value on past a stray quote and then has undefined behaviour on
        // some non-ASCII text (U+00E9 here).
        {R"(language = "zh-CN")", "language = 04\"zh-CN \xc3\xa9\"",
         "/etc/shelf/shelf.toml:4:14: a quoted text starts a key or a value"},
        {R"(language = "zh-CN")", "language = 1\\\"zh-CN\"",
         "/etc/shelf/shelf.toml:4:14: a quoted text starts a key or a value"},
        {R"(language = "zh-CN")", "language = +zh\"\"\"\xe3\x80\x82\"\"\"",
         "/etc/shelf/shelf.toml:4:12: text other than ASCII must be in quotes"},
        {R"(language = "zh-CN")", "language = \"\"\"zh\\\xef\xbb\xaf\"\"\"",
         "/etc/shelf/shelf.toml:4:17: a backslash in quotes starts"},
        {R"(language = "zh-CN")", "language = \"\"\"zh\\ \t\n\n\xef\xbb\xbf\xef\xba\xbf\"\"\"",
         "/etc/shelf/shelf.toml:4:17: after a backslash that ends a line"},
        // toml++ 3.3 takes ten characters shaped like a date, then a space and a digit, for a
        // date and a time, and asserts when the "date" is not digits.
        {R"(language = "zh-CN")", "language = \"zh-CN\"\nreturn_hold_s = 1979-05-2x 4",
         "/etc/shelf/shelf.toml:5:17: a date is YYYY-MM-DD"},
        {R"(language = "zh-CN")", "language = \"zh-CN\"\nreturn_hold_s = 19_79-05-27 4",
         "/etc/shelf/shelf.toml:5:17: a date is YYYY-MM-DD"},
        {R"(polygon = [[110, 10], [200, 10], [200, 90]])",
         R"(polygon = [[110, 10], [1979-05-0e 1, 10], [200, 90]])",
         "/etc/shelf/shelf.toml:19:24: a date is YYYY-MM-DD"},
        {R"(language = "zh-CN")", R"(language = "zh\q")",
         "/etc/shelf/shelf.toml:4:15: a backslash in quotes starts"},
        {R"(events = "tcp://10.0.0.5:5558")", R"(events = "tcp//10.0.0.5")",
         "/etc/shelf/shelf.toml:9:10: feed.events"},
        {R"(language = "zh-CN")", "language = \"zh-CN\"\ntake_after_s = nan",
         "/etc/shelf/shelf.toml:5:16: shelf.take_after_s must be between"},
        {R"(polygon = [[110, 10], [200, 10], [200, 90]])",
         R"(polygon = [[110, 10], [nan, 10], [200, 90]])",
         "/etc/shelf/shelf.toml:19:23: slot A2.polygon points must be"},
        {R"(polygon = [[110, 10], [200, 10], [200, 90]])",
         R"(polygon = [[110, 10], [1e12, 10], [200, 90]])",
         "/etc/shelf/shelf.toml:19:23: slot A2.polygon points must be"},
    };
    for (const Case &c : cases) {
        QByteArray text = validConfig;
        text.replace(c.from, c.to);
        const ConfigResult result = parse(text);
        EXPECT_FALSE(result.config) << c.expected;
        EXPECT_TRUE(result.error.startsWith(QLatin1String(c.expected)))
            << result.error.toStdString() << "\nexpected: " << c.expected;
    }
}

TEST(ShelfConfig, CurveKeysAreResolvedBesideTheFileAndGoTogether)
{
    QByteArray text = validConfig;
    text.replace("events = \"tcp://10.0.0.5:5558\"",
                 "events = \"tcp://10.0.0.5:5558\"\nserver_key = \"keys/server.pub\"\ndisplay_key "
                 "= \"keys/display\"");
    const ConfigResult result = parse(text);
    ASSERT_TRUE(result.config) << result.error.toStdString();
    EXPECT_EQ(result.config->feed.serverKeyPath, QStringLiteral("/etc/shelf/keys/server.pub"));
    EXPECT_EQ(result.config->feed.displayKeyPath, QStringLiteral("/etc/shelf/keys/display"));

    QByteArray half = validConfig;
    half.replace("events = \"tcp://10.0.0.5:5558\"",
                 "events = \"tcp://10.0.0.5:5558\"\nserver_key = \"keys/server.pub\"");
    const ConfigResult refused = parse(half);
    EXPECT_FALSE(refused.config);
    EXPECT_TRUE(refused.error.startsWith(QLatin1String(
        "/etc/shelf/shelf.toml:10:14: feed.server_key and feed.display_key go together")))
        << refused.error.toStdString();
}

TEST(ShelfConfig, ShelfMarkersNameFourIdsAndTheShelfSize)
{
    QByteArray text = validConfig;
    text.replace(
        "[[slot]]\nid = \"A1\"",
        "[camera]\nmarkers = [0, 1, 2, 3]\nshelf_size = [1200, 400]\n\n[[slot]]\nid = \"A1\"");
    const ConfigResult result = parse(text);
    ASSERT_TRUE(result.config) << result.error.toStdString();
    EXPECT_EQ(result.config->camera.markerIds, (QVector<int>{0, 1, 2, 3}));
    EXPECT_EQ(result.config->camera.shelfSize, QSizeF(1200, 400));

    QByteArray three = validConfig;
    three.replace(
        "[[slot]]\nid = \"A1\"",
        "[camera]\nmarkers = [0, 1, 2]\nshelf_size = [1200, 400]\n\n[[slot]]\nid = \"A1\"");
    const ConfigResult refused = parse(three);
    EXPECT_FALSE(refused.config);
    EXPECT_TRUE(refused.error.startsWith(
        QLatin1String("/etc/shelf/shelf.toml:12:11: camera.markers must list the 4")))
        << refused.error.toStdString();
}

TEST(ShelfConfig, TheAisleIsAPolygonInCameraPixels)
{
    QByteArray text = validConfig;
    text.replace("[[slot]]\nid = \"A1\"",
                 "[camera]\naisle = [[0, 440], [640, 440], [640, 480]]\naisle_leave_s = 2.5\n\n"
                 "[[slot]]\nid = \"A1\"");
    const ConfigResult result = parse(text);
    ASSERT_TRUE(result.config) << result.error.toStdString();
    EXPECT_EQ(result.config->camera.aislePolygon.size(), 3);
    EXPECT_EQ(result.config->camera.aislePolygon[1], QPointF(640, 440));
    EXPECT_DOUBLE_EQ(result.config->camera.aisleLeaveSeconds, 2.5);
    EXPECT_TRUE(parse(validConfig).config->camera.aislePolygon.isEmpty());

    QByteArray flat = validConfig;
    flat.replace("[[slot]]\nid = \"A1\"",
                 "[camera]\naisle = [[0, 440], [640, 440]]\n\n[[slot]]\nid = \"A1\"");
    const ConfigResult refused = parse(flat);
    EXPECT_FALSE(refused.config);
    EXPECT_TRUE(refused.error.startsWith(
        QLatin1String("/etc/shelf/shelf.toml:12:9: camera.aisle must list 3 to 64")))
        << refused.error.toStdString();
}

// Numbers and lists once let through: a slot 45,000 pixels wide aborted the synthetic camera in
// cv::line, an aisle of 100,000 points stalled the camera thread.
TEST(ShelfConfig, EveryListAndCoordinateHasABoundCheckedWithItsLine)
{
    QByteArray wide = validConfig;
    wide.replace("[[110, 10], [200, 10], [200, 90]]", "[[110, 10], [45200, 10], [200, 90]]");
    ConfigResult result = parse(wide);
    EXPECT_FALSE(result.config);
    EXPECT_TRUE(
        result.error.startsWith(QLatin1String("/etc/shelf/shelf.toml:19:23: slot A2.polygon points "
                                              "must be [x, y] numbers (at most 16384")))
        << result.error.toStdString();

    QByteArray aisle = "[[0, 440], [640, 440]";
    for (int i = 0; i < 100000; ++i)
        aisle += ", [" + QByteArray::number(640 - i % 640) + ", 480]";
    QByteArray crowded = validConfig;
    crowded.replace("[[slot]]\nid = \"A1\"",
                    "[camera]\naisle = " + aisle + "]\n\n[[slot]]\nid = \"A1\"");
    result = parse(crowded);
    EXPECT_FALSE(result.config);
    EXPECT_TRUE(result.error.startsWith(
        QLatin1String("/etc/shelf/shelf.toml:12:9: camera.aisle must list 3 to 64 [x, y] points")))
        << result.error.left(200).toStdString();

    QByteArray manySlots = validConfig;
    for (int i = 0; i < 300; ++i)
        manySlots += "\n[[slot]]\nid = \"S" + QByteArray::number(i)
            + "\"\nsku = \"1\"\npolygon = [[0, 0], [10, 0], [10, 10]]\n";
    result = parse(manySlots);
    EXPECT_FALSE(result.config);
    EXPECT_TRUE(result.error.contains(QLatin1String("[[slot]] tables; a shelf has at most 256")))
        << result.error.toStdString();
}

TEST(ShelfConfig, AFileThatIsNoFileOrTooLargeIsRefusedWithoutReadingIt)
{
    for (const char *path : {"/dev/zero", "/dev/null", "/"}) {
        const ConfigResult result = loadShelfConfig(QString::fromLatin1(path));
        EXPECT_FALSE(result.config);
        EXPECT_EQ(result.error, QString::fromLatin1(path) + QStringLiteral(": not a regular file"));
    }
    QTemporaryDir dir;
    const QString huge = dir.filePath(QStringLiteral("shelf.toml"));
    QFile file(huge);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    ASSERT_TRUE(file.resize(2 * 1024 * 1024));
    file.close();
    const ConfigResult result = loadShelfConfig(huge);
    EXPECT_FALSE(result.config);
    EXPECT_TRUE(result.error.endsWith(QLatin1String("2097152 bytes, over the limit of 1048576")))
        << result.error.toStdString();
}

TEST(ShelfConfig, TheBuiltInDemoShelfLoads)
{
    const ConfigResult result = loadShelfConfig(QStringLiteral(SHELF_DEMO_DIR "/shelf.toml"));
    ASSERT_TRUE(result.config) << result.error.toStdString();
    EXPECT_EQ(result.config->slots.size(), 12);
    EXPECT_TRUE(result.config->demoCatalog.endsWith(QLatin1String("resources/demo/catalog.json")));
}

TEST(ShelfConfig, UnknownKeysAndTablesAreErrorsWithTheClosestKnownName)
{
    struct Case
    {
        const char *from;
        const char *to;
        const char *expected;
    };
    const Case cases[] = {
        {R"(id = "A2")", "id = \"A2\"\nscale_chanel = 1",
         "/etc/shelf/shelf.toml:18:1: unknown key scale_chanel in [[slot]] A2 (did you mean "
         "scale_channel?)"},
        {R"(language = "zh-CN")", "Language = \"zh-CN\"",
         "/etc/shelf/shelf.toml:4:1: unknown key Language in [shelf] (did you mean language?)"},
        {R"(language = "zh-CN")", "colour = \"red\"",
         "/etc/shelf/shelf.toml:4:1: unknown key colour in [shelf] (known keys: id, language, "
         "content, return_hold_s, alternate_language_s, take_after_s)"},
        {"[feed]", "[fed]",
         "/etc/shelf/shelf.toml:6:2: unknown table [fed] (did you mean [feed]?)"},
        {"[[slot]]\nid = \"A2\"", "[[slots]]\nid = \"A2\"",
         "/etc/shelf/shelf.toml:16:3: unknown table [[slots]] (did you mean [[slot]]?)"},
        {"[shelf]", "[display]",
         "/etc/shelf/shelf.toml:2:2: unknown table [display] (the tables are [shelf], [feed], "
         "[camera], [scale], [demo], [[slot]])"},
        {"[shelf]", "take_after_s = 20\n[shelf]",
         "/etc/shelf/shelf.toml:2:1: take_after_s is a key of [shelf]: write it below that "
         "table's header"},
        {"[shelf]", "volume = 3\n[shelf]",
         "/etc/shelf/shelf.toml:2:1: unknown key volume outside any table"},
        // Replaced keys keep their own message rather than being unknown.
        {R"(updates = "tcp://10.0.0.5:5557")",
         "updates = \"tcp://10.0.0.5:5557\"\ncache = \"cache.db\"",
         "/etc/shelf/shelf.toml:9:9: feed.cache is replaced by feed.store"},
    };
    for (const Case &c : cases) {
        QByteArray text = validConfig;
        ASSERT_TRUE(text.contains(c.from)) << c.from;
        text.replace(c.from, c.to);
        const ConfigResult result = parse(text);
        EXPECT_FALSE(result.config) << c.expected;
        EXPECT_TRUE(std::any_of(
            result.problems.begin(), result.problems.end(),
            [&c](const QString &problem) { return problem.startsWith(QLatin1String(c.expected)); }))
            << result.error.toStdString() << "\nexpected: " << c.expected;
    }
}

TEST(ShelfConfig, TheClosestNameIsAFewEditsAwayOrNone)
{
    const QStringList keys
        = {QStringLiteral("id"), QStringLiteral("sku"), QStringLiteral("polygon"),
           QStringLiteral("scale_channel"), QStringLiteral("unit_weight_g")};
    using toml_reading::closestName;
    EXPECT_EQ(closestName(QStringLiteral("scale_chanel"), keys), QStringLiteral("scale_channel"));
    EXPECT_EQ(closestName(QStringLiteral("polgyon"), keys), QStringLiteral("polygon"));
    EXPECT_EQ(closestName(QStringLiteral("ID"), keys), QStringLiteral("id"));
    EXPECT_EQ(closestName(QStringLiteral("skus"), keys), QStringLiteral("sku"));
    EXPECT_EQ(closestName(QStringLiteral("weight"), keys), QString());
    EXPECT_EQ(closestName(QStringLiteral("xy"), keys), QString());
    EXPECT_EQ(closestName(QString(1000, u'a'), keys), QString());
}

TEST(ShelfConfig, EveryProblemIsListedAndReadingGoesOnPastABadSlot)
{
    QByteArray text = validConfig;
    text.replace(R"(language = "zh-CN")", R"(language = "fr")");
    text.replace(R"(sku = "6901234000115")", R"(sku = 6901234000115)");
    text.replace(R"(id = "A2")", "id = \"A2\"\nunit_weight_g = -1");
    text += "\n[[slot]]\nid = \"A2\"\nsku = \"3\"\npolygon = [[0, 0], [1, 0], [1, 1]]\n";
    const ConfigResult result = parse(text);
    EXPECT_FALSE(result.config);
    const QStringList expected = {
        QStringLiteral("/etc/shelf/shelf.toml:4:12: shelf.language must be \"en\" or \"zh-CN\""),
        QStringLiteral("/etc/shelf/shelf.toml:13:7: slot.sku must be a string"),
        QStringLiteral("/etc/shelf/shelf.toml:18:17: slot A2.unit_weight_g must be between 0 and "
                       "1e+06"),
        QStringLiteral("/etc/shelf/shelf.toml:22:1: slot id A2 is used twice"),
    };
    EXPECT_EQ(result.problems.size(), expected.size());
    EXPECT_EQ(result.error, expected.join(u'\n')) << result.error.toStdString();
}

TEST(ShelfConfig, SlotOutlinesSharingAreaOrLeavingThePictureAreWarnings)
{
    struct Case
    {
        const char *name;
        const char *polygon; // slot A2's, beside A1 = [[10, 10], [100, 10], [100, 90], [10, 90]]
        const char *warning; // empty: none
    };
    const Case cases[] = {
        {"side by side", "[[100, 10], [200, 10], [200, 90]]", ""},
        {"touching at a corner", "[[100, 90], [200, 90], [200, 190]]", ""},
        {"overlapping", "[[90, 10], [200, 10], [200, 90]]",
         "/etc/shelf/shelf.toml:19:11: slot A2 overlaps slot A1 (/etc/shelf/shelf.toml:11:1): a "
         "hand in one is seen in both"},
        {"inside", "[[20, 20], [30, 20], [30, 30]]", "slot A2 overlaps slot A1"},
        // An L around A1's corner: their boxes overlap, their areas do not.
        {"wrapped around", "[[0, 0], [110, 0], [110, 100], [100, 100], [100, 5], [0, 5]]", ""},
        {"into the L", "[[0, 0], [110, 0], [110, 100], [95, 100], [95, 5], [0, 5]]",
         "slot A2 overlaps slot A1"},
        {"past the picture", "[[600, 400], [700, 400], [700, 480]]",
         "/etc/shelf/shelf.toml:19:11: slot A2 reaches beyond the camera's 640x480 picture"},
        {"outside the picture", "[[700, 400], [800, 400], [800, 480]]",
         "slot A2 lies wholly outside the camera's 640x480 picture (camera.width, camera.height), "
         "so it is never judged"},
        {"crossing itself", "[[110, 10], [200, 90], [200, 10], [110, 90]]",
         "slot A2's outline crosses itself"},
        {"a line", "[[110, 10], [150, 50], [200, 100]]", "slot A2's outline has no area"},
    };
    for (const Case &c : cases) {
        QByteArray text = validConfig;
        text.replace("[[110, 10], [200, 10], [200, 90]]", c.polygon);
        const ConfigResult result = parse(text);
        ASSERT_TRUE(result.config) << c.name << ": " << result.error.toStdString();
        if (!*c.warning) {
            EXPECT_TRUE(result.warnings.isEmpty())
                << c.name << ": " << result.warnings.join(u'\n').toStdString();
            continue;
        }
        ASSERT_EQ(result.warnings.size(), 1)
            << c.name << ": " << result.warnings.join(u'\n').toStdString();
        EXPECT_TRUE(result.warnings[0].contains(QLatin1String(c.warning)))
            << c.name << ": " << result.warnings[0].toStdString();
    }
}

TEST(ShelfConfig, WithMarkersSlotsAreCheckedAgainstTheShelfSize)
{
    QByteArray text = validConfig;
    text.replace("[[slot]]\nid = \"A1\"",
                 "[camera]\nmarkers = [0, 1, 2, 3]\nshelf_size = [150, 100]\n\n[[slot]]\nid = "
                 "\"A1\"");
    const ConfigResult result = parse(text);
    ASSERT_TRUE(result.config) << result.error.toStdString();
    ASSERT_EQ(result.warnings.size(), 1) << result.warnings.join(u'\n').toStdString();
    EXPECT_EQ(result.warnings[0],
              QStringLiteral("/etc/shelf/shelf.toml:23:11: slot A2 reaches "
                             "beyond the shelf's 150x100 (camera.shelf_size)"));
}

namespace {

// docs/operators.md's reference: a "### `[table]`" heading per table, then a row per key whose
// first cell is the key in backticks.
QMap<QString, QStringList> documentedKeys()
{
    QFile file(QStringLiteral(SHELF_OPERATORS_DOC));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly | QIODevice::Text)) << SHELF_OPERATORS_DOC;
    QMap<QString, QStringList> keys;
    QString table;
    bool inReference = false;
    for (const QString &line : QString::fromUtf8(file.readAll()).split(u'\n')) {
        if (line.startsWith(QLatin1String("## ")))
            inReference = line.contains(QLatin1String("reference"));
        else if (inReference && line.startsWith(QLatin1String("### `[")))
            table = line.section(u'`', 1, 1);
        else if (inReference && !table.isEmpty() && line.startsWith(QLatin1String("| `")))
            keys[table].append(line.section(u'`', 1, 1));
    }
    return keys;
}

} // namespace

TEST(ShelfConfig, TheOperatorsReferenceDocumentsExactlyTheKeysTheLoaderTakes)
{
    QMap<QString, QStringList> accepted;
    for (const ConfigTable &table : shelfConfigTables())
        accepted[(table.array ? QStringLiteral("[[%1]]") : QStringLiteral("[%1]")).arg(table.name)]
            = table.keys;
    const QMap<QString, QStringList> documented = documentedKeys();
    EXPECT_EQ(documented.keys(), accepted.keys());
    for (auto table = accepted.cbegin(); table != accepted.cend(); ++table) {
        for (const QString &key : table.value())
            EXPECT_TRUE(documented.value(table.key()).contains(key))
                << table.key().toStdString() << " " << key.toStdString() << " is not documented";
    }

    // Each documented key, written in its table, is taken by the loader (whatever it then says
    // of the value).
    const QByteArray base = "[shelf]\n[feed]\nsnapshot = \"tcp://h:1\"\nupdates = \"tcp://h:2\"\n"
                            "events = \"tcp://h:3\"\n[camera]\n[scale]\n[demo]\n[[slot]]\n"
                            "id = \"A1\"\nsku = \"1\"\npolygon = [[0, 0], [10, 0], [10, 10]]\n";
    int checked = 0;
    for (auto table = documented.cbegin(); table != documented.cend(); ++table) {
        for (const QString &key : table.value()) {
            QByteArray text = base;
            const QByteArray header = table.key().toUtf8() + '\n';
            if (!text.contains('\n' + key.toUtf8() + " = "))
                text.replace(header, header + key.toUtf8() + " = 1\n");
            const ConfigResult result = parse(text);
            for (const QString &problem : result.problems)
                EXPECT_FALSE(problem.contains(QLatin1String("unknown")))
                    << table.key().toStdString() << " " << key.toStdString() << ": "
                    << problem.toStdString();
            ++checked;
        }
    }
    EXPECT_GE(checked, 30);
}
