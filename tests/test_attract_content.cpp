#include <attract_content.h>
#include <content_watcher.h>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace shelf;

namespace {

ShelfConfig shelfIn(const QString &folder)
{
    ShelfConfig config;
    config.contentFolder = folder;
    config.slots = {{QStringLiteral("A1"), QStringLiteral("111"), {}},
                    {QStringLiteral("A2"), QStringLiteral("222"), {}}};
    return config;
}

void write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

const QByteArray threeSlides = R"(invitation = { en = "Pick one up", "zh-CN" = "拿起来看看" }

[[slide]]
kind = "promotion"
title = { en = "Mango week", "zh-CN" = "芒果周" }
text = "Flown in from Thailand"
image = "promo/mango.png"
sku = "222"
duration_s = 5

[[slide]]
kind = "products"
tile_s = 3

[[slide]]
kind = "product"
sku = "111"
duration_s = 3.5
)";

} // namespace

TEST(AttractContent, SlidesKeepTheOperatorsOrderDurationsAndLanguages)
{
    QTemporaryDir dir;
    QDir(dir.path()).mkpath(QStringLiteral("promo"));
    QImage mango(64, 48, QImage::Format_RGB32);
    mango.fill(Qt::yellow);
    ASSERT_TRUE(mango.save(dir.filePath(QStringLiteral("promo/mango.png"))));
    const AttractContentResult result
        = parseAttractContent(threeSlides, QStringLiteral("attract.toml"), shelfIn(dir.path()));
    ASSERT_TRUE(result.content) << result.error.toStdString();
    EXPECT_TRUE(result.warnings.isEmpty()) << result.warnings.join(u'\n').toStdString();
    const AttractContent &content = *result.content;
    EXPECT_EQ(content.invitation.pick(QStringLiteral("zh-CN")), QStringLiteral("拿起来看看"));
    ASSERT_EQ(content.slides.size(), 3);
    EXPECT_EQ(content.slides[0].kind, AttractSlide::Kind::Promotion);
    EXPECT_EQ(content.slides[0].durationMs, 5000);
    EXPECT_EQ(content.slides[0].title.pick(QStringLiteral("en")), QStringLiteral("Mango week"));
    EXPECT_EQ(content.slides[0].title.pick(QStringLiteral("zh-CN")), QStringLiteral("芒果周"));
    // One plain string serves every language.
    EXPECT_EQ(content.slides[0].text.pick(QStringLiteral("zh-CN")),
              QStringLiteral("Flown in from Thailand"));
    EXPECT_EQ(content.slides[0].sku, QStringLiteral("222"));
    EXPECT_EQ(content.slides[0].line, 3);
    EXPECT_EQ(content.slides[1].kind, AttractSlide::Kind::Products);
    EXPECT_EQ(content.slides[1].durationMs, 12000);
    EXPECT_EQ(content.slides[1].tileMs, 3000);
    EXPECT_EQ(content.slides[0].tileMs, 4000);
    EXPECT_EQ(content.slides[2].kind, AttractSlide::Kind::Product);
    EXPECT_EQ(content.slides[2].durationMs, 3500);
}

TEST(AttractContent, NoFileOrNoSlidesIsTheShelfsProducts)
{
    QTemporaryDir dir;
    const AttractContentResult missing
        = loadAttractContent(dir.filePath(QStringLiteral("attract.toml")), shelfIn(dir.path()));
    ASSERT_TRUE(missing.content) << missing.error.toStdString();
    ASSERT_EQ(missing.content->slides.size(), 1);
    EXPECT_EQ(missing.content->slides[0].kind, AttractSlide::Kind::Products);
    EXPECT_TRUE(missing.content->invitation.isEmpty());

    const AttractContentResult emptyList
        = parseAttractContent("slide = []\n", QStringLiteral("attract.toml"), shelfIn(dir.path()));
    EXPECT_FALSE(emptyList.content);
    EXPECT_TRUE(emptyList.error.startsWith(QLatin1String("attract.toml:1:9: slides are [[slide]]")))
        << emptyList.error.toStdString();

    const AttractContentResult onlyWords = parseAttractContent(
        "invitation = \"Hello\"\n", QStringLiteral("attract.toml"), shelfIn(dir.path()));
    ASSERT_TRUE(onlyWords.content);
    EXPECT_EQ(onlyWords.content->slides.size(), 1);
    EXPECT_EQ(onlyWords.content->invitation.pick(QStringLiteral("en")), QStringLiteral("Hello"));
}

TEST(AttractContent, EveryMistakeNamesTheFileAndLine)
{
    struct Case
    {
        const char *from;
        const char *to;
        const char *expected;
    };
    const Case cases[] = {
        {R"(kind = "products")", R"(kind = "video")", "attract.toml:12:8: slide.kind \"video\""},
        {R"(sku = "111")", R"(sku = "999")", "attract.toml:17:7: slide.sku \"999\" is not on this"},
        {R"(sku = "111")", R"(colour = "red")", "attract.toml:15:1: a product slide names its sku"},
        {"duration_s = 3.5", "duration_s = 0.5",
         "attract.toml:18:14: slide.duration_s must be between"},
        {"duration_s = 3.5", "duration_s = nan",
         "attract.toml:18:14: slide.duration_s must be between"},
        {"duration_s = 3.5", "duration_s = \"long\"",
         "attract.toml:18:14: slide.duration_s must be a"},
        {R"(text = "Flown in from Thailand")", R"(text = ["Flown"])",
         "attract.toml:6:8: slide.text must be a string or a table"},
        {R"(text = "Flown in from Thailand")", R"(text = { en = 3 })",
         "attract.toml:6:15: slide.text.en must be a string"},
        {"duration_s = 5", "duration = 5",
         "attract.toml:9:1: unknown key duration in [[slide]] (did you mean duration_s?)"},
        {"[[slide]]\nkind = \"products\"", "[slide]\nkind = \"products\"", "attract.toml:11:1: "},
        {"invitation =", "invitations =",
         "attract.toml:1:1: unknown key invitations (did you mean invitation?)"},
    };
    QTemporaryDir dir;
    for (const Case &c : cases) {
        QByteArray text = threeSlides;
        text.replace(c.from, c.to);
        ASSERT_NE(text, threeSlides) << c.from;
        const AttractContentResult result
            = parseAttractContent(text, QStringLiteral("attract.toml"), shelfIn(dir.path()));
        EXPECT_FALSE(result.content) << c.expected;
        EXPECT_TRUE(result.error.startsWith(QLatin1String(c.expected)))
            << result.error.toStdString() << "\nexpected: " << c.expected;
    }
}

TEST(AttractContent, AMissingPictureIsAWarningAndTheSlideStays)
{
    QTemporaryDir dir;
    const AttractContentResult result
        = parseAttractContent(threeSlides, QStringLiteral("attract.toml"), shelfIn(dir.path()));
    ASSERT_TRUE(result.content) << result.error.toStdString();
    EXPECT_EQ(result.content->slides.size(), 3);
    ASSERT_EQ(result.warnings.size(), 1);
    EXPECT_TRUE(result.warnings[0].startsWith(
        QLatin1String("attract.toml:7:9: image \"promo/mango.png\": ")))
        << result.warnings[0].toStdString();
    EXPECT_TRUE(result.warnings[0].endsWith(
        QLatin1String("promo/mango.png: no such file; the slide shows the placeholder")))
        << result.warnings[0].toStdString();
}

// A picture the screen could not draw safely is as good as missing, and named with its line.
TEST(AttractContent, APictureTooLargeOrThinToDrawIsAWarningWithItsLine)
{
    QTemporaryDir dir;
    QDir(dir.path()).mkpath(QStringLiteral("promo"));
    QImage sliver(1000000, 1, QImage::Format_RGB32);
    sliver.fill(Qt::yellow);
    ASSERT_TRUE(sliver.save(dir.filePath(QStringLiteral("promo/mango.png"))));
    const AttractContentResult result
        = parseAttractContent(threeSlides, QStringLiteral("attract.toml"), shelfIn(dir.path()));
    ASSERT_TRUE(result.content) << result.error.toStdString();
    ASSERT_EQ(result.warnings.size(), 1);
    EXPECT_TRUE(result.warnings[0].startsWith(QLatin1String("attract.toml:7:9: ")));
    EXPECT_TRUE(result.warnings[0].contains(QLatin1String("1000000x1 pixels, over the limit")))
        << result.warnings[0].toStdString();
}

TEST(ContentWatcher, AnEditASaveByRenameAndADeletionAreEachOneChange)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("attract.toml"));
    write(path, "invitation = \"one\"\n");
    ContentWatcher watcher({path}, 100);
    QSignalSpy changed(&watcher, &ContentWatcher::fileChanged);

    // Saved in two writes: one change, reported once the file is quiet.
    write(path, "invitation = \"tw");
    write(path, "invitation = \"two\"\n");
    ASSERT_TRUE(QTest::qWaitFor([&] { return changed.size() >= 1; }, 10000));
    QTest::qWait(400);
    EXPECT_EQ(changed.size(), 1);
    EXPECT_EQ(changed.at(0).at(0).toString(), path);

    // An editor's save: a new file renamed over the old one.
    const QString temporary = dir.filePath(QStringLiteral(".attract.toml.swp"));
    write(temporary, "invitation = \"three\"\n");
    ASSERT_TRUE(QFile::remove(path));
    ASSERT_TRUE(QFile::rename(temporary, path));
    ASSERT_TRUE(QTest::qWaitFor([&] { return changed.size() >= 2; }, 10000));

    // The same bytes again are no change.
    write(path, "invitation = \"three\"\n");
    QTest::qWait(500);
    EXPECT_EQ(changed.size(), 2);

    // And the watch survived the rename: a later edit is seen.
    write(path, "invitation = \"four\"\n");
    ASSERT_TRUE(QTest::qWaitFor([&] { return changed.size() >= 3; }, 10000));

    ASSERT_TRUE(QFile::remove(path));
    ASSERT_TRUE(QTest::qWaitFor([&] { return changed.size() >= 4; }, 10000));
}

TEST(ContentWatcher, AContentFolderCreatedAfterStartIsWatchedFromThen)
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("content"));
    const QString path = folder + QStringLiteral("/attract.toml");
    ContentWatcher watcher({path}, 100);
    QSignalSpy changed(&watcher, &ContentWatcher::fileChanged);
    QTest::qWait(300);
    ASSERT_TRUE(QDir().mkpath(folder));
    write(path, "invitation = \"hello\"\n");
    ASSERT_TRUE(QTest::qWaitFor([&] { return changed.size() >= 1; }, 10000));
    write(path, "invitation = \"again\"\n");
    ASSERT_TRUE(QTest::qWaitFor([&] { return changed.size() >= 2; }, 10000));
}
