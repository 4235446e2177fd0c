// shelfscreen: the shelf display. main() reads the command line and hands over to the
// subcommand or to a ShelfDisplay, which builds and runs the object graph.
#include "check_command.h"
#include "command_line.h"
#include "curve_keys.h"
#include "detect_command.h"
#include "log_categories.h"
#include "message_handler.h"
#include "script.h"
#include "service_notifier.h"
#include "shelf_config.h"
#include "shelf_display.h"

#include <QCoreApplication>
#include <QDir>
#include <QFont>
#include <QGuiApplication>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>
#include <cstdlib>

Q_IMPORT_QML_PLUGIN(Shelfscreen_UiPlugin)

namespace {

int fail(const QString &message, int code)
{
    std::fprintf(stderr, "shelfscreen: %s\n", qPrintable(message));
    return code;
}

// shelfscreen gen-keys DIR: this display's CURVE keypair, for the store's integration team.
int generateKeys(const QStringList &arguments)
{
    if (arguments.size() != 3)
        return fail(QStringLiteral("usage: shelfscreen gen-keys DIR (writes DIR/display.pub and "
                                   "DIR/display.secret)"),
                    2);
    if (const QString error
        = shelf::curve::generateKeyPairFiles(arguments[2], QStringLiteral("display"));
        !error.isEmpty())
        return fail(error, 1);
    const auto key
        = shelf::curve::readKeyFile(QDir(arguments[2]).filePath(QStringLiteral("display.pub")));
    std::printf("%s\n", key.key ? key.key->constData() : "");
    return 0;
}

int runDisplay(const shelf::CommandLine &command)
{
    QGuiApplication::setFont(QFont(QStringLiteral("Noto Sans CJK SC")));
    const QString configPath
        = command.configPath.isEmpty() ? QStringLiteral(":/demo/shelf.toml") : command.configPath;
    const shelf::ConfigResult loaded = shelf::loadShelfConfig(configPath);
    // A kiosk shows staff what is wrong and starts once the file is fixed; elsewhere the
    // operator is at the terminal.
    if (!loaded.config && !command.display.kiosk)
        return fail(loaded.error, 2);
    // What the display runs with but an operator should see (overlapping slots, ...).
    for (const QString &warning : loaded.warnings)
        qCWarning(lcConfig).noquote() << warning;

    std::optional<QVector<shelf::ScriptAction>> script;
    if (!command.scriptPath.isEmpty()) {
        if (!loaded.config)
            return fail(loaded.error, 2);
        shelf::ScriptParseResult parsed = shelf::loadScript(command.scriptPath, *loaded.config);
        if (!parsed.actions)
            return fail(parsed.error, 2);
        script = std::move(parsed.actions);
    }

    shelf::ShelfDisplay display(command.display);
    if (const QString error = display.openTrace(); !error.isEmpty())
        return fail(error, 2);
    if (const QString error = display.load(); !error.isEmpty())
        return fail(error, 1);
    // Under systemd: READY=1 with the first frame, then the watchdog while the screen lives.
    shelf::ServiceNotifier notifier(display.window());
    notifier.start();
    if (loaded.config) {
        if (const QString error = display.start(*loaded.config); !error.isEmpty())
            return fail(error, 2);
    } else {
        qCCritical(lcConfig).noquote() << loaded.error;
        display.showConfigProblems(loaded.problems);
    }
    display.watchConfig(configPath);
    if (script)
        display.playScript(*script);
    if (command.selfTest)
        display.quitAfterOneSecond();

    const int status = QCoreApplication::exec();
    notifier.stopping();
    if (!display.stop()) {
        // Destroying a running thread would abort; leaving now lets a supervisor restart us.
        std::_Exit(1);
    }
    if (command.selfTest && display.qmlWarnings() > 0)
        return fail(QStringLiteral("self-test: %1 QML warning(s)").arg(display.qmlWarnings()), 1);
    return status;
}

} // namespace

int main(int argc, char *argv[])
{
    shelf::logging::install("shelfscreen");
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const shelf::CommandLine command = shelf::parseCommandLine(arguments);
    if (!command.error.isEmpty()) {
        std::fprintf(stderr, "shelfscreen: %s\n\n%s", qPrintable(command.error),
                     qPrintable(shelf::usageText()));
        return 2;
    }
    switch (command.command) {
    case shelf::CommandLine::Command::Help:
        std::printf("%s", qPrintable(shelf::usageText()));
        return 0;
    case shelf::CommandLine::Command::Version:
        std::printf("shelfscreen %s\n", SHELFSCREEN_VERSION);
        return 0;
    case shelf::CommandLine::Command::GenKeys:
        return generateKeys(command.subcommandArguments);
    case shelf::CommandLine::Command::Detect: {
        QCoreApplication app(argc, argv);
        return shelf::runDetect(command.subcommandArguments);
    }
    case shelf::CommandLine::Command::Check: {
        QCoreApplication app(argc, argv);
        return shelf::runCheck(command.subcommandArguments);
    }
    case shelf::CommandLine::Command::Display:
        break;
    }
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("shelfscreen"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SHELFSCREEN_VERSION));
    return runDisplay(command);
}
