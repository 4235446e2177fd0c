#pragma once

#include "shelf_config.h"

#include <QObject>
#include <QString>
#include <QVector>

#include <optional>

namespace shelf {

// One timed line of an operator's or a test's script.
struct ScriptAction
{
    enum class Kind { Lift, Return, Leave, Scan, Screenshot, Language, Quit };
    double atSeconds = 0;
    Kind kind = Kind::Quit;
    int slot = -1; // lift, return: index into the shelf's slots
    QString argument; // scan: the code; screenshot: the path; lang: the language tag
    int line = 0;
};

struct ScriptParseResult
{
    std::optional<QVector<ScriptAction>> actions;
    QString error; // "FILE:LINE: what is wrong"
};

// Reads "<seconds> <action> [argument]" lines; '#' starts a comment. Every action is checked
// against the shelf (slot names, languages) before the program starts.
ScriptParseResult parseScript(const QString &text, const QString &path, const ShelfConfig &config);
ScriptParseResult loadScript(const QString &path, const ShelfConfig &config);

// Plays a parsed script on the GUI thread's clock, emitting each action when its time comes.
class ScriptRunner : public QObject
{
    Q_OBJECT
public:
    explicit ScriptRunner(QVector<ScriptAction> actions, QObject *parent = nullptr);
    // Time zero of the script: call once the display is up.
    void start();

Q_SIGNALS:
    void liftRequested(int slot);
    void returnRequested(int slot);
    void leaveRequested();
    void scanRequested(const QString &code);
    void screenshotRequested(const QString &path);
    void languageRequested(const QString &language);
    void quitRequested();

private:
    void perform(const ScriptAction &action);

    QVector<ScriptAction> m_actions;
    bool m_started = false;
};

} // namespace shelf
