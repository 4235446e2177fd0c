#include "script.h"

#include "bounded_file.h"

#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTimer>

#include <cmath>

Q_LOGGING_CATEGORY(lcScript, "shelf.script")

namespace shelf {

namespace {
constexpr int maxScriptSeconds = 7 * 24 * 3600;
} // namespace

ScriptParseResult parseScript(const QString &text, const QString &path, const ShelfConfig &config)
{
    QVector<ScriptAction> actions;
    const QStringList lines = text.split(u'\n');
    double previous = 0;
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    for (int i = 0; i < lines.size(); ++i) {
        const int lineNumber = i + 1;
        auto fail = [&](const QString &message) {
            return ScriptParseResult{
                std::nullopt, QStringLiteral("%1:%2: %3").arg(path).arg(lineNumber).arg(message)};
        };
        const QString line = lines[i].section(u'#', 0, 0).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList words = line.split(spaces);
        bool ok = false;
        ScriptAction action;
        action.line = lineNumber;
        action.atSeconds = words[0].toDouble(&ok);
        if (!ok || action.atSeconds < 0 || !std::isfinite(action.atSeconds))
            return fail(QStringLiteral("\"%1\" is not a time in seconds").arg(words[0]));
        // A week is longer than any check of an installation; timers count milliseconds in an
        // int, so past about 24 days an action would never run.
        if (action.atSeconds > maxScriptSeconds)
            return fail(QStringLiteral("time %1 is past the limit of %2 s (7 days)")
                            .arg(words[0])
                            .arg(maxScriptSeconds));
        if (action.atSeconds < previous)
            return fail(QStringLiteral("time %1 is before the previous line's %2")
                            .arg(action.atSeconds)
                            .arg(previous));
        previous = action.atSeconds;
        if (words.size() < 2)
            return fail(QStringLiteral("an action must follow the time"));
        const QString verb = words[1];
        const QStringList arguments = words.mid(2);
        auto needArguments = [&](int count, const char *what) -> std::optional<ScriptParseResult> {
            if (arguments.size() != count)
                return fail(QStringLiteral("%1 takes %2").arg(verb, QLatin1String(what)));
            return std::nullopt;
        };
        if (verb == u"lift" || verb == u"return") {
            if (auto error = needArguments(1, "a slot id or number"))
                return *error;
            const auto slot = config.findSlot(arguments[0]);
            if (!slot)
                return fail(QStringLiteral("no slot \"%1\" on this shelf (it has %2 slots)")
                                .arg(arguments[0])
                                .arg(config.slots.size()));
            action.kind = verb == u"lift" ? ScriptAction::Kind::Lift : ScriptAction::Kind::Return;
            action.slot = *slot;
        } else if (verb == u"leave") {
            if (auto error = needArguments(0, "no argument"))
                return *error;
            action.kind = ScriptAction::Kind::Leave;
        } else if (verb == u"scan") {
            if (auto error = needArguments(1, "a barcode or sku"))
                return *error;
            action.kind = ScriptAction::Kind::Scan;
            action.argument = arguments[0];
        } else if (verb == u"screenshot") {
            if (auto error = needArguments(1, "a file path (.png)"))
                return *error;
            action.kind = ScriptAction::Kind::Screenshot;
            action.argument = arguments[0];
        } else if (verb == u"lang") {
            if (auto error = needArguments(1, "en or zh-CN"))
                return *error;
            if (arguments[0] != u"en" && arguments[0] != u"zh-CN")
                return fail(QStringLiteral("language \"%1\" is not en or zh-CN").arg(arguments[0]));
            action.kind = ScriptAction::Kind::Language;
            action.argument = arguments[0];
        } else if (verb == u"quit") {
            if (auto error = needArguments(0, "no argument"))
                return *error;
            action.kind = ScriptAction::Kind::Quit;
        } else {
            return fail(
                QStringLiteral(
                    "unknown action \"%1\" (lift, return, leave, scan, screenshot, lang, quit)")
                    .arg(verb));
        }
        actions.append(action);
    }
    return {actions, QString()};
}

ScriptParseResult loadScript(const QString &path, const ShelfConfig &config)
{
    const BoundedRead read = readBoundedFile(path, maxScriptBytes);
    if (!read.error.isEmpty())
        return {std::nullopt, read.error};
    return parseScript(QString::fromUtf8(read.bytes), path, config);
}

ScriptRunner::ScriptRunner(QVector<ScriptAction> actions, QObject *parent)
    : QObject(parent)
    , m_actions(std::move(actions))
{ }

void ScriptRunner::start()
{
    if (m_started)
        return;
    m_started = true;
    for (const ScriptAction &action : std::as_const(m_actions)) {
        QTimer::singleShot(qRound(action.atSeconds * 1000), Qt::PreciseTimer, this,
                           [this, action] { perform(action); });
    }
}

void ScriptRunner::perform(const ScriptAction &action)
{
    qCDebug(lcScript) << "line" << action.line << "at" << action.atSeconds << "s";
    switch (action.kind) {
    case ScriptAction::Kind::Lift:
        Q_EMIT liftRequested(action.slot);
        break;
    case ScriptAction::Kind::Return:
        Q_EMIT returnRequested(action.slot);
        break;
    case ScriptAction::Kind::Leave:
        Q_EMIT leaveRequested();
        break;
    case ScriptAction::Kind::Scan:
        Q_EMIT scanRequested(action.argument);
        break;
    case ScriptAction::Kind::Screenshot:
        Q_EMIT screenshotRequested(action.argument);
        break;
    case ScriptAction::Kind::Language:
        Q_EMIT languageRequested(action.argument);
        break;
    case ScriptAction::Kind::Quit:
        Q_EMIT quitRequested();
        break;
    }
}

} // namespace shelf
