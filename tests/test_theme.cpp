// The theme: WCAG contrast, the default theme, and an operator's theme.toml as an operator
// would write it, right or wrong.
#include <theme_palette.h>

#include <QFile>
#include <QFont>
#include <QJSEngine>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtQml/QQmlExtensionPlugin>

#include <gtest/gtest.h>

#include <memory>
#include <ostream>

Q_IMPORT_QML_PLUGIN(Shelfscreen_UiPlugin)

namespace {

using shelf::contrastRatio;
using shelf::Theme;
using shelf::ThemePalette;

// The shelf.theme log lines written while it lives, as an operator reads them.
class ThemeLog
{
public:
    ThemeLog()
    {
        s_lines = &m_lines;
        m_previous = qInstallMessageHandler(&ThemeLog::handle);
    }
    ~ThemeLog()
    {
        qInstallMessageHandler(m_previous);
        s_lines = nullptr;
    }

    QStringList warnings() const { return m_lines; }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (s_lines && type == QtWarningMsg && qstrcmp(context.category, "shelf.theme") == 0)
            s_lines->append(message);
    }

    static inline QStringList *s_lines = nullptr;
    QStringList m_lines;
    QtMessageHandler m_previous = nullptr;
};

class ThemeFileTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }

    QString write(const QByteArray &text)
    {
        QFile file(path());
        EXPECT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text);
        return path();
    }
    QString path() const { return m_dir.filePath(QStringLiteral("theme.toml")); }

    QTemporaryDir m_dir;
};

TEST(ContrastRatio, MatchesWcagReferenceValues)
{
    EXPECT_NEAR(contrastRatio(Qt::black, Qt::white), 21.0, 1e-9);
    EXPECT_NEAR(contrastRatio(Qt::white, Qt::black), 21.0, 1e-9);
    EXPECT_NEAR(contrastRatio(QColor(0x77, 0x77, 0x77), Qt::white), 4.48, 0.005);
    EXPECT_LT(contrastRatio(QColor(0x77, 0x77, 0x77), Qt::white), 4.5);
    // The lightest grey that passes AA on white.
    EXPECT_NEAR(contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white), 4.54, 0.005);
    EXPECT_NEAR(contrastRatio(QColor(0x12, 0x34, 0x56), QColor(0x12, 0x34, 0x56)), 1.0, 1e-9);
    // Below the 0.04045 threshold a channel is linear: #0a0a0a is 10/255/12.92.
    EXPECT_NEAR(contrastRatio(QColor(0x0a, 0x0a, 0x0a), Qt::black),
                (10.0 / 255 / 12.92 + 0.05) / 0.05, 1e-9);
}

TEST(DefaultTheme, EveryTextMeetsWcagAA)
{
    ThemePalette palette(nullptr);
    EXPECT_EQ(palette.theme(), Theme::defaults());
    EXPECT_EQ(palette.contrastProblems(), QStringList());
}

TEST(DefaultTheme, ReachesQmlThroughTheme)
{
    ThemePalette display(nullptr);
    ThemePalette *palette = &display;
    ThemePalette::provideToQml(palette);
    // Withdrawn however the test ends: later engines in this process must not find it.
    const std::unique_ptr<void, void (*)(void *)> withdraw(
        palette, [](void *) { ThemePalette::provideToQml(nullptr); });
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    EXPECT_EQ(ThemePalette::create(&engine, &engine), palette);
    EXPECT_EQ(QJSEngine::objectOwnership(palette), QJSEngine::CppOwnership);

    QQmlComponent component(&engine);
    component.setData("import QtQuick\n"
                      "import Shelfscreen.Ui\n"
                      "Text { color: Theme.mutedText; font.family: Theme.fontFamily }\n",
                      QUrl(QStringLiteral("qrc:/theme_test.qml")));
    std::unique_ptr<QObject> text(component.create());
    ASSERT_TRUE(text) << component.errorString().toStdString();
    EXPECT_EQ(text->property("color").value<QColor>(), Theme::defaults().mutedText);

    // An operator's theme reaches what is already on screen.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("theme.toml"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("mutedText = \"#333333\"\nfontFamily = \"DejaVu Sans\"\n");
    file.close();
    ASSERT_TRUE(palette->loadFile(path).applied);
    EXPECT_EQ(text->property("color").value<QColor>(), QColor(0x33, 0x33, 0x33));
    EXPECT_EQ(text->property("font").value<QFont>().family(), QStringLiteral("DejaVu Sans"));

    ASSERT_TRUE(palette->loadFile(dir.filePath(QStringLiteral("none.toml"))).applied);
    EXPECT_EQ(text->property("color").value<QColor>(), Theme::defaults().mutedText);
    text.reset();
    ThemePalette::provideToQml(nullptr);

    // Without the display's palette an engine gets one of its own, with the default theme.
    QQmlEngine other;
    QObject *own = ThemePalette::create(&other, &other);
    EXPECT_NE(own, palette);
    EXPECT_EQ(qobject_cast<ThemePalette *>(own)->theme(), Theme::defaults());
    delete own;
}

TEST_F(ThemeFileTest, LowContrastThemeIsAppliedAndLogged)
{
    ThemePalette palette(nullptr);
    QSignalSpy changed(&palette, &ThemePalette::changed);
    const QString file = write("# A grey the operator likes, on white\n"
                               "background = \"#ffffff\"\n"
                               "mutedText = \"#9aa0a6\"\n");
    ThemeLog log;
    const shelf::ThemeLoadResult result = palette.loadFile(file);

    EXPECT_TRUE(result.applied);
    EXPECT_TRUE(result.errors.isEmpty());
    EXPECT_EQ(changed.count(), 1);
    EXPECT_EQ(palette.mutedText(), QColor(0x9a, 0xa0, 0xa6));
    EXPECT_EQ(palette.background(), QColor(Qt::white));
    EXPECT_EQ(palette.text(), Theme::defaults().text); // keys left out keep their defaults

    const QString expected = file
        + QStringLiteral(": mutedText #9aa0a6 on background #ffffff is 2.64:1, below "
                         "4.5:1 (WCAG AA)");
    EXPECT_EQ(result.contrastProblems, QStringList{expected});
    EXPECT_EQ(palette.contrastProblems(), QStringList{expected});
    EXPECT_TRUE(log.warnings().contains(expected)) << log.warnings().join(u'\n').toStdString();
}

TEST_F(ThemeFileTest, EveryPairOnScreenIsChecked)
{
    // Each pair the components draw, made to fail.
    const struct
    {
        const char *toml;
        QStringList pairs;
    } cases[] = {
        {"text = \"#d0d0d0\"", {QStringLiteral("text #d0d0d0 on background")}},
        {"mutedText = \"#c0c0c0\"", {QStringLiteral("mutedText #c0c0c0 on background")}},
        {"promotion = \"#ff9090\"\ntextOnPromotion = \"#000000\"",
         {QStringLiteral("promotion #ff9090 on background")}},
        {"accent = \"#80c0a0\"\ntextOnAccent = \"#000000\"",
         {QStringLiteral("accent #80c0a0 on background"),
          QStringLiteral("accent #80c0a0 on surface")}},
        {"surface = \"#17603f\"", {QStringLiteral("accent #17603f on surface #17603f")}},
        {"textOnAccent = \"#2e8b57\"", {QStringLiteral("textOnAccent #2e8b57 on accent")}},
        {"textOnPromotion = \"#ff0000\"", {QStringLiteral("textOnPromotion #ff0000 on promotion")}},
    };
    for (const auto &c : cases) {
        ThemePalette palette(nullptr);
        const shelf::ThemeLoadResult result = palette.loadFile(write(c.toml));
        ASSERT_TRUE(result.applied) << c.toml;
        ASSERT_EQ(result.contrastProblems.size(), c.pairs.size())
            << result.contrastProblems.join(u'\n').toStdString();
        for (qsizetype i = 0; i < c.pairs.size(); ++i)
            EXPECT_TRUE(result.contrastProblems[i].contains(c.pairs[i]))
                << result.contrastProblems[i].toStdString();
    }
}

struct BrokenTheme
{
    const char *name;
    const char *toml;
    const char *place; // LINE:COLUMN
    const char *what;
};

void PrintTo(const BrokenTheme &theme, std::ostream *out)
{
    *out << theme.name;
}

class BrokenThemeTest : public ThemeFileTest, public ::testing::WithParamInterface<BrokenTheme>
{
};

TEST_P(BrokenThemeTest, KeepsThePreviousColoursAndNamesTheLine)
{
    ThemePalette palette(nullptr);
    ASSERT_TRUE(palette.loadFile(write("text = \"#202020\"\n")).applied);
    const Theme before = palette.theme();
    QSignalSpy changed(&palette, &ThemePalette::changed);

    ThemeLog log;
    const shelf::ThemeLoadResult result = palette.loadFile(write(GetParam().toml));

    EXPECT_FALSE(result.applied);
    EXPECT_EQ(palette.theme(), before);
    EXPECT_EQ(palette.text(), QColor(0x20, 0x20, 0x20));
    EXPECT_EQ(changed.count(), 0);
    ASSERT_EQ(result.errors.size(), 1) << result.errors.join(u'\n').toStdString();
    const QString error = result.errors.first();
    EXPECT_TRUE(
        error.startsWith(path() + QStringLiteral(":%1: ").arg(QLatin1String(GetParam().place))))
        << error.toStdString();
    EXPECT_TRUE(error.contains(QLatin1String(GetParam().what))) << error.toStdString();
    EXPECT_TRUE(log.warnings().contains(error)) << log.warnings().join(u'\n').toStdString();

    // Corrected, the same file is applied at once.
    const shelf::ThemeLoadResult fixed
        = palette.loadFile(write("# fixed\nbackground = \"#fffff0\"\ntext = \"#000000\"\n"));
    EXPECT_TRUE(fixed.applied);
    EXPECT_TRUE(fixed.errors.isEmpty());
    EXPECT_EQ(changed.count(), 1);
    EXPECT_EQ(palette.text(), QColor(Qt::black));
    EXPECT_EQ(palette.background(), QColor(0xff, 0xff, 0xf0));
}

INSTANTIATE_TEST_SUITE_P(
    Theme, BrokenThemeTest,
    ::testing::Values(
        BrokenTheme{"Syntax", "background = \"#ffffff\"\ntext = \"#000000\n", "2:16",
                    "while parsing string"},
        BrokenTheme{"NotAColour", "background = \"#ffffff\"\n\ntext = \"notacolour\"\n", "3:8",
                    "text \"notacolour\" is not a colour"},
        BrokenTheme{"UnknownKey", "# the price colour\nprice = \"#b3261e\"\n", "2:1",
                    "unknown key price (known keys: background, surface, text"},
        BrokenTheme{"Misspelt", "\nmutedtext = \"#4f5a61\"\n", "2:1",
                    "unknown key mutedtext (did you mean mutedText?)"},
        BrokenTheme{"NotAString", "accent = 0x17603f\n", "1:10", "accent must be a string"},
        BrokenTheme{"SeeThrough", "\ntextOnAccent = \"#80ffffff\"\n", "2:16", "see-through"},
        BrokenTheme{"Table", "[colours]\ntext = \"#000000\"\n", "1:2", "unknown key colours"}),
    [](const ::testing::TestParamInfo<BrokenTheme> &info) { return info.param.name; });

TEST_F(ThemeFileTest, ReportsEveryMistakeInAFile)
{
    ThemePalette palette(nullptr);
    const shelf::ThemeLoadResult result = palette.loadFile(
        write("text = \"nope\"\nbackground = \"#ffffff\"\nsurfase = \"#ffffff\"\n"));
    EXPECT_FALSE(result.applied);
    ASSERT_EQ(result.errors.size(), 2);
    EXPECT_TRUE(result.errors[0].startsWith(path() + QStringLiteral(":1:8: ")));
    EXPECT_TRUE(result.errors[1].startsWith(path() + QStringLiteral(":3:1: unknown key surfase")));
    EXPECT_EQ(palette.theme(), Theme::defaults());
}

TEST_F(ThemeFileTest, MissingFileMeansTheDefaultTheme)
{
    ThemePalette palette(nullptr);
    ASSERT_TRUE(palette.loadFile(write("accent = \"#004080\"\n")).applied);
    QSignalSpy changed(&palette, &ThemePalette::changed);

    ThemeLog log;
    const shelf::ThemeLoadResult result
        = palette.loadFile(m_dir.filePath(QStringLiteral("absent.toml")));
    EXPECT_TRUE(result.applied);
    EXPECT_TRUE(result.errors.isEmpty());
    EXPECT_TRUE(result.contrastProblems.isEmpty());
    EXPECT_EQ(palette.theme(), Theme::defaults());
    EXPECT_EQ(changed.count(), 1);
    EXPECT_TRUE(log.warnings().isEmpty());
}

TEST_F(ThemeFileTest, LoadingTheSameThemeAgainChangesNothing)
{
    ThemePalette palette(nullptr);
    const QString file = write("accent = \"#004080\"\n");
    ASSERT_TRUE(palette.loadFile(file).applied);
    QSignalSpy changed(&palette, &ThemePalette::changed);
    ASSERT_TRUE(palette.loadFile(file).applied);
    EXPECT_EQ(changed.count(), 0);
}

} // namespace
