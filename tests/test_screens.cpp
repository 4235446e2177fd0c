// What a shopper reads: the demo card at every display shape, in both languages, screenshotted
// offscreen and read back with OCR. The price and the name must be there, whole.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

QString ocrOnce(const QString &image, const QString &languages, const char *pageMode)
{
    QProcess tesseract;
    tesseract.start(QStringLiteral("tesseract"),
                    {image, QStringLiteral("stdout"), QStringLiteral("-l"), languages,
                     QStringLiteral("--psm"), QLatin1String(pageMode)});
    if (!tesseract.waitForFinished(60000))
        return {};
    return QString::fromUtf8(tesseract.readAllStandardOutput());
}

// Read as a page and as scattered text: a shelf-edge bar's 140 px price next to small print
// is read well by one or the other (a page read once took its decimal point for an "e").
QString ocr(const QString &image, const QString &languages)
{
    return ocrOnce(image, languages, "3") + u'\n' + ocrOnce(image, languages, "11");
}

// Tesseract puts spaces between CJK characters; the shopper does not see them.
QString withoutSpaces(QString text)
{
    text.remove(u' ');
    return text;
}

void writeText(const QString &path, const QString &text)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
}

bool waitForFile(const QString &path, QProcess &display)
{
    for (int waited = 0; waited < 60000; waited += 100) {
        if (QFile::exists(path))
            return true;
        if (display.state() == QProcess::NotRunning)
            return false;
        display.waitForFinished(100);
    }
    return false;
}

QString attractFile(const char *title)
{
    return QStringLiteral("invitation = \"Pick something up\"\n\n"
                          "[[slide]]\n"
                          "kind = \"promotion\"\n"
                          "title = { en = \"%1\", \"zh-CN\" = \"试吃\" }\n"
                          "text = \"Ask our staff\"\n"
                          "duration_s = 60\n")
        .arg(QLatin1String(title));
}

// The demo shelf with its content folder in dir, holding this attract.toml and the demo's
// pictures, where a test can edit it; returns the config's path.
QString demoShelfIn(const QTemporaryDir &dir, const QString &attract)
{
    QFile demo(QStringLiteral(SHELF_DEMO_DIR "/shelf.toml"));
    if (!demo.open(QIODevice::ReadOnly))
        return {};
    QString config = QString::fromUtf8(demo.readAll());
    const QString content = dir.filePath(QStringLiteral("content"));
    QDir().mkpath(content);
    QFile::link(QStringLiteral(SHELF_DEMO_DIR "/images"), content + QStringLiteral("/images"));
    if (!config.contains(QLatin1String("content = \".\"")))
        return {};
    config.replace(QLatin1String("content = \".\""),
                   QStringLiteral("content = \"%1\"").arg(content));
    config.replace(
        QLatin1String("catalog = \"catalog.json\""),
        QStringLiteral("catalog = \"%1\"").arg(QStringLiteral(SHELF_DEMO_DIR "/catalog.json")));
    const QString path = dir.filePath(QStringLiteral("shelf.toml"));
    writeText(path, config);
    writeText(content + QStringLiteral("/attract.toml"), attract);
    return path;
}

void startDisplay(QProcess &display, const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    display.setProcessEnvironment(environment);
    display.setProcessChannelMode(QProcess::MergedChannels);
    display.start(QStringLiteral(SHELFSCREEN_BIN), arguments);
}

// Names and prices are never cut; other texts may be elided on purpose. Returns the number of
// screenshots in the trace.
int checkNothingCutInScreenshots(const QString &trace, const QString &size)
{
    QFile traceFile(trace);
    if (!traceFile.open(QIODevice::ReadOnly))
        return 0;
    int screenshots = 0;
    while (!traceFile.atEnd()) {
        const QJsonObject event = QJsonDocument::fromJson(traceFile.readLine()).object();
        if (event.value(u"event").toString() != u"screenshot")
            continue;
        ++screenshots;
        for (const QJsonValue &cut : event.value(u"truncated").toArray()) {
            EXPECT_FALSE(cut.toString().startsWith(QLatin1String("price:")))
                << size.toStdString() << ": " << cut.toString().toStdString();
            EXPECT_FALSE(cut.toString().startsWith(QLatin1String("name:")))
                << size.toStdString() << ": " << cut.toString().toStdString();
        }
    }
    return screenshots;
}

struct Shape
{
    const char *size;
};

class Screens : public ::testing::TestWithParam<Shape>
{
};

} // namespace

TEST_P(Screens, TheCardsPriceAndNameCanBeReadInBothLanguages)
{
    if (QStandardPaths::findExecutable(QStringLiteral("tesseract")).isEmpty())
        GTEST_FAIL() << "tesseract is not installed (scripts/test installs it)";
    QTemporaryDir dir;
    const QString size = QString::fromLatin1(GetParam().size);
    const QString english = dir.filePath(QStringLiteral("en.png"));
    const QString chinese = dir.filePath(QStringLiteral("zh.png"));
    const QString script = dir.filePath(QStringLiteral("screens.script"));
    const QString trace = dir.filePath(QStringLiteral("trace.jsonl"));
    QFile file(script);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(
                   "0.8 lift A1\n2.8 screenshot %1\n2.9 lang zh-CN\n3.3 screenshot %2\n3.4 quit\n")
                   .arg(english, chinese)
                   .toUtf8());
    file.close();

    QProcess display;
    startDisplay(display,
                 {QStringLiteral("--demo"), QStringLiteral("--script"), script,
                  QStringLiteral("--trace"), trace, QStringLiteral("--size"), size});
    ASSERT_TRUE(display.waitForFinished(60000));
    ASSERT_EQ(display.exitCode(), 0) << display.readAll().toStdString();

    // The shelf's first product, the demo's Yantai Fuji apples at 12.80 per kg.
    const QString englishText = withoutSpaces(ocr(english, QStringLiteral("eng")));
    EXPECT_TRUE(englishText.contains(QLatin1String("12.80"))) << size.toStdString() << ":\n"
                                                              << englishText.toStdString();
    EXPECT_TRUE(englishText.contains(QLatin1String("FujiApples"))) << size.toStdString() << ":\n"
                                                                   << englishText.toStdString();
    const QString chineseText = withoutSpaces(ocr(chinese, QStringLiteral("chi_sim+eng")));
    EXPECT_TRUE(chineseText.contains(QLatin1String("12.80"))) << size.toStdString() << ":\n"
                                                              << chineseText.toStdString();
    EXPECT_TRUE(chineseText.contains(QStringLiteral("富士苹果"))) << size.toStdString() << ":\n"
                                                                  << chineseText.toStdString();

    EXPECT_EQ(checkNothingCutInScreenshots(trace, size), 2);
}

// The operator's promotion in the attract loop, and the comparison of two products, at the same
// shapes: the title, the names and the prices can be read and are not cut.
TEST_P(Screens, ThePromotionAndTheComparisonCanBeRead)
{
    if (QStandardPaths::findExecutable(QStringLiteral("tesseract")).isEmpty())
        GTEST_FAIL() << "tesseract is not installed (scripts/test installs it)";
    QTemporaryDir dir;
    const QString size = QString::fromLatin1(GetParam().size);
    const QString config
        = demoShelfIn(dir,
                      QStringLiteral("[[slide]]\nkind = \"promotion\"\n"
                                     "title = { en = \"Mango week\", \"zh-CN\" = \"芒果周\" }\n"
                                     "sku = \"8851234000135\"\nimage = \"images/thai-mango.png\"\n"
                                     "duration_s = 30\n"));
    ASSERT_FALSE(config.isEmpty());
    const QString promotion = dir.filePath(QStringLiteral("promotion.png"));
    const QString comparison = dir.filePath(QStringLiteral("compare.png"));
    const QString script = dir.filePath(QStringLiteral("screens.script"));
    const QString trace = dir.filePath(QStringLiteral("trace.jsonl"));
    writeText(script,
              QStringLiteral("1.0 screenshot %1\n1.2 lift A1\n1.6 lift A3\n"
                             "3.6 screenshot %2\n3.8 quit\n")
                  .arg(promotion, comparison));
    QProcess display;
    startDisplay(display,
                 {QStringLiteral("--demo"), QStringLiteral("--config"), config,
                  QStringLiteral("--script"), script, QStringLiteral("--trace"), trace,
                  QStringLiteral("--size"), size});
    ASSERT_TRUE(display.waitForFinished(60000));
    ASSERT_EQ(display.exitCode(), 0) << display.readAll().toStdString();

    // The demo's Thai mangoes at 12.90 each.
    const QString promotionText = withoutSpaces(ocr(promotion, QStringLiteral("eng")));
    EXPECT_TRUE(promotionText.contains(QLatin1String("Mangoweek"))) << size.toStdString() << ":\n"
                                                                    << promotionText.toStdString();
    EXPECT_TRUE(promotionText.contains(QLatin1String("12.90"))) << size.toStdString() << ":\n"
                                                                << promotionText.toStdString();
    // Apples at 12.80 and salmon at 16.80, side by side.
    const QString comparisonText = withoutSpaces(ocr(comparison, QStringLiteral("eng")));
    for (const char *expected : {"12.80", "16.80", "FujiApples", "Salmon"})
        EXPECT_TRUE(comparisonText.contains(QLatin1String(expected)))
            << size.toStdString() << ": " << expected << " not in:\n"
            << comparisonText.toStdString();
    EXPECT_EQ(checkNothingCutInScreenshots(trace, size), 2);
}

INSTANTIATE_TEST_SUITE_P(EveryShape, Screens,
                         ::testing::Values(Shape{"1920x1080"}, Shape{"1280x800"}, Shape{"1920x540"},
                                           Shape{"1920x360"}, Shape{"1080x1920"}),
                         [](const ::testing::TestParamInfo<Shape> &info) {
                             return std::string("s") + info.param.size;
                         });

TEST(AttractLoopScreens, AnEditedContentFileIsOnScreenWithoutARestartAndABrokenOneChangesNothing)
{
    if (QStandardPaths::findExecutable(QStringLiteral("tesseract")).isEmpty())
        GTEST_FAIL() << "tesseract is not installed (scripts/test installs it)";
    QTemporaryDir dir;
    // The demo shelf, with its content folder here, where the test edits it.
    const QString configPath = demoShelfIn(dir, attractFile("Tasting at noon"));
    ASSERT_FALSE(configPath.isEmpty());
    const QString attract = dir.filePath(QStringLiteral("content/attract.toml"));

    const QString first = dir.filePath(QStringLiteral("first.png"));
    const QString edited = dir.filePath(QStringLiteral("edited.png"));
    const QString broken = dir.filePath(QStringLiteral("broken.png"));
    const QString script = dir.filePath(QStringLiteral("attract.script"));
    const QString trace = dir.filePath(QStringLiteral("trace.jsonl"));
    writeText(script,
              QStringLiteral("1.5 screenshot %1\n4.5 screenshot %2\n7.5 screenshot %3\n"
                             "7.8 quit\n")
                  .arg(first, edited, broken));

    QProcess display;
    startDisplay(display,
                 {QStringLiteral("--demo"), QStringLiteral("--config"), configPath,
                  QStringLiteral("--script"), script, QStringLiteral("--trace"), trace,
                  QStringLiteral("--size"), QStringLiteral("1920x1080")});
    ASSERT_TRUE(waitForFile(first, display)) << display.readAll().toStdString();
    writeText(attract, attractFile("Cherry season"));
    ASSERT_TRUE(waitForFile(edited, display)) << display.readAll().toStdString();
    writeText(attract, QStringLiteral("[[slide]]\nkind = \"video\"\n"));
    ASSERT_TRUE(display.waitForFinished(60000));
    const QString output = QString::fromUtf8(display.readAll());
    ASSERT_EQ(display.exitCode(), 0) << output.toStdString();

    EXPECT_TRUE(withoutSpaces(ocr(first, QStringLiteral("eng"))).contains(u"Tastingatnoon"));
    EXPECT_TRUE(withoutSpaces(ocr(edited, QStringLiteral("eng"))).contains(u"Cherryseason"));
    // The broken file is reported with its line, and the screen keeps the last good content.
    EXPECT_TRUE(withoutSpaces(ocr(broken, QStringLiteral("eng"))).contains(u"Cherryseason"));
    EXPECT_TRUE(output.contains(attract + QStringLiteral(":2:8: slide.kind \"video\"")))
        << output.toStdString();
    QFile traceFile(trace);
    ASSERT_TRUE(traceFile.open(QIODevice::ReadOnly));
    int loaded = 0, rejected = 0;
    while (!traceFile.atEnd()) {
        const QString event
            = QJsonDocument::fromJson(traceFile.readLine()).object().value(u"event").toString();
        loaded += event == u"attract_content";
        rejected += event == u"content_rejected";
    }
    EXPECT_EQ(loaded, 2);
    EXPECT_EQ(rejected, 1);
}

TEST(ThemeScreens, AnOperatorsThemeRecoloursTheScreenLiveAndALowContrastOneIsLogged)
{
    QTemporaryDir dir;
    const QString config = demoShelfIn(dir, QStringLiteral("[[slide]]\nkind = \"products\"\n"));
    ASSERT_FALSE(config.isEmpty());
    const QString theme = dir.filePath(QStringLiteral("content/theme.toml"));
    writeText(theme,
              QStringLiteral("background = \"#101418\"\ntext = \"#f0f0f0\"\n"
                             "mutedText = \"#b8c2c9\"\n"));
    const QString dark = dir.filePath(QStringLiteral("dark.png"));
    const QString pale = dir.filePath(QStringLiteral("pale.png"));
    const QString script = dir.filePath(QStringLiteral("theme.script"));
    writeText(script,
              QStringLiteral("1.5 screenshot %1\n4.5 screenshot %2\n4.8 quit\n").arg(dark, pale));
    QProcess display;
    startDisplay(display,
                 {QStringLiteral("--demo"), QStringLiteral("--config"), config,
                  QStringLiteral("--script"), script, QStringLiteral("--size"),
                  QStringLiteral("1280x720")});
    ASSERT_TRUE(waitForFile(dark, display)) << display.readAll().toStdString();
    // A pale grey on the store's near-white: too faint to read.
    writeText(theme, QStringLiteral("background = \"#fafafa\"\nmutedText = \"#b0b0b0\"\n"));
    ASSERT_TRUE(display.waitForFinished(60000));
    const QString output = QString::fromUtf8(display.readAll());
    ASSERT_EQ(display.exitCode(), 0) << output.toStdString();

    // The bottom right corner is background on every screen.
    const QImage before(dark), after(pale);
    ASSERT_FALSE(before.isNull());
    ASSERT_FALSE(after.isNull());
    EXPECT_EQ(before.pixelColor(before.width() - 3, before.height() - 3), QColor("#101418"));
    EXPECT_EQ(after.pixelColor(after.width() - 3, after.height() - 3), QColor("#fafafa"));
    EXPECT_TRUE(output.contains(QStringLiteral("mutedText #b0b0b0 on background #fafafa")))
        << output.toStdString();
    EXPECT_TRUE(output.contains(QStringLiteral("below 4.5:1"))) << output.toStdString();
}
