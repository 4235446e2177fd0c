#include <script.h>

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace shelf;

namespace {

ShelfConfig twoSlotShelf()
{
    ShelfConfig config;
    config.slots = {{QStringLiteral("A1"), QStringLiteral("111"), {}},
                    {QStringLiteral("A2"), QStringLiteral("222"), {}}};
    return config;
}

} // namespace

TEST(Script, ParsesEveryAction)
{
    const QString text = QStringLiteral("# check the installation\n"
                                        "0.5  lift 2                # by number\n"
                                        "1.2  screenshot out/card.png\n"
                                        "2.0  return A2             # by id\n"
                                        "2.5  scan 6901234567892\n"
                                        "2.7  leave                 # walks away\n"
                                        "\n"
                                        "3.0  lang zh-CN\n"
                                        "4    quit\n");
    const ScriptParseResult result
        = parseScript(text, QStringLiteral("check.script"), twoSlotShelf());
    ASSERT_TRUE(result.actions) << result.error.toStdString();
    const QVector<ScriptAction> &actions = *result.actions;
    ASSERT_EQ(actions.size(), 7);
    EXPECT_EQ(actions[0].kind, ScriptAction::Kind::Lift);
    EXPECT_EQ(actions[0].slot, 1);
    EXPECT_DOUBLE_EQ(actions[0].atSeconds, 0.5);
    EXPECT_EQ(actions[1].argument, QStringLiteral("out/card.png"));
    EXPECT_EQ(actions[2].kind, ScriptAction::Kind::Return);
    EXPECT_EQ(actions[2].slot, 1);
    EXPECT_EQ(actions[3].argument, QStringLiteral("6901234567892"));
    EXPECT_EQ(actions[4].kind, ScriptAction::Kind::Leave);
    EXPECT_EQ(actions[5].argument, QStringLiteral("zh-CN"));
    EXPECT_EQ(actions[6].kind, ScriptAction::Kind::Quit);
    EXPECT_EQ(actions[6].line, 9);
}

TEST(Script, ReportsTheFileAndLineOfABadLine)
{
    struct Case
    {
        const char *text;
        const char *expected;
    };
    const Case cases[] = {
        {"0.5 lift 3\n", "s.txt:1: no slot \"3\""},
        {"0.5 lift\n", "s.txt:1: lift takes"},
        {"# ok\nsoon lift 1\n", "s.txt:2: \"soon\" is not a time"},
        {"1 lift 1\n0.5 return 1\n", "s.txt:2: time 0.5 is before"},
        {"1 dance\n", "s.txt:1: unknown action \"dance\""},
        {"1 lang fr\n", "s.txt:1: language \"fr\""},
        {"1 quit now\n", "s.txt:1: quit takes no argument"},
        {"1 leave A1\n", "s.txt:1: leave takes no argument"},
        {"-1 quit\n", "s.txt:1: \"-1\" is not a time"},
        {"2\n", "s.txt:1: an action must follow"},
        // Timers count milliseconds in an int: from here on the action would never run.
        {"2147484 quit\n", "s.txt:1: time 2147484 is past the limit of 604800 s"},
        {"1e300 quit\n", "s.txt:1: time 1e300 is past the limit"},
    };
    for (const Case &c : cases) {
        const ScriptParseResult result
            = parseScript(QString::fromUtf8(c.text), QStringLiteral("s.txt"), twoSlotShelf());
        EXPECT_FALSE(result.actions) << c.text;
        EXPECT_TRUE(result.error.startsWith(QString::fromUtf8(c.expected)))
            << result.error.toStdString();
    }
}

TEST(ScriptRunner, EmitsActionsInOrderWhenTheirTimeComes)
{
    const ScriptParseResult parsed
        = parseScript(QStringLiteral("0.05 lift A1\n0.1 lang zh-CN\n0.15 quit\n"),
                      QStringLiteral("s"), twoSlotShelf());
    ASSERT_TRUE(parsed.actions);
    ScriptRunner runner(*parsed.actions);
    QStringList order;
    QObject::connect(&runner, &ScriptRunner::liftRequested,
                     [&](int slot) { order << QStringLiteral("lift %1").arg(slot); });
    QObject::connect(&runner, &ScriptRunner::languageRequested,
                     [&](const QString &l) { order << QStringLiteral("lang ") + l; });
    QSignalSpy quit(&runner, &ScriptRunner::quitRequested);
    runner.start();
    ASSERT_TRUE(quit.wait(10000));
    EXPECT_EQ(order, (QStringList{QStringLiteral("lift 0"), QStringLiteral("lang zh-CN")}));
}
