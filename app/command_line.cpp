#include "command_line.h"

#include <QCommandLineParser>

namespace shelf {

namespace {

struct Subcommand
{
    const char *name;
    CommandLine::Command command;
    const char *summary;
};

const Subcommand subcommands[] = {
    {"detect", CommandLine::Command::Detect,
     "detect VIDEO --config FILE: the shelf's camera decisions on a recorded clip"},
    {"check", CommandLine::Command::Check,
     "check [--feed] FILE: every problem in a shelf config and its content folder"},
    {"gen-keys", CommandLine::Command::GenKeys,
     "gen-keys DIR: this display's CURVE keypair, for the store's integration team"},
};

struct Options
{
    QCommandLineOption demo{QStringLiteral("demo"),
                            QStringLiteral("Run with the built-in store server and a simulated "
                                           "shelf.")};
    QCommandLineOption kiosk{QStringLiteral("kiosk"),
                             QStringLiteral("Full screen and unattended, for shelf screens. "
                                            "Needs --config.")};
    QCommandLineOption config{QStringLiteral("config"),
                              QStringLiteral("Shelf configuration (TOML), applied again whenever "
                                             "it is saved. Default: the built-in demo shelf."),
                              QStringLiteral("FILE")};
    QCommandLineOption script{QStringLiteral("script"),
                              QStringLiteral("Play timed actions from FILE (lift, return, scan, "
                                             "screenshot, lang, quit)."),
                              QStringLiteral("FILE")};
    QCommandLineOption size{QStringLiteral("size"), QStringLiteral("Window size, e.g. 1920x1080."),
                            QStringLiteral("WxH")};
    QCommandLineOption trace{QStringLiteral("trace"),
                             QStringLiteral("Write pipeline events as JSON lines to FILE."),
                             QStringLiteral("FILE")};
    QCommandLineOption traceFrames{QStringLiteral("trace-frames"),
                                   QStringLiteral("With --trace: a frame_captured line for every "
                                                  "camera frame too.")};
    QCommandLineOption traceMaxMib{QStringLiteral("trace-max-mib"),
                                   QStringLiteral("With --trace: FILE becomes FILE.1 (and "
                                                  "FILE.1 FILE.2, ...; 3 are kept) when it "
                                                  "reaches N MiB, 1 to 4096. Default: 64."),
                                   QStringLiteral("N")};
    QCommandLineOption selfTest{QStringLiteral("self-test"),
                                QStringLiteral("Load the interface, run for a second, fail on any "
                                               "QML warning.")};
    QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")},
                            QStringLiteral("Show this help.")};
    QCommandLineOption version{QStringLiteral("version"), QStringLiteral("Show the version.")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({demo, kiosk, config, script, size, trace, traceFrames, traceMaxMib,
                           selfTest, help, version});
    }
};

} // namespace

QString usageText()
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The shelf display: shows the product a shopper lifts."));
    Options().addTo(parser);
    const QString help = parser.helpText();
    // Qt names the program as it was started; the usage names it as it is installed.
    QString text = QStringLiteral("Usage: shelfscreen [options]") + help.mid(help.indexOf(u'\n'));
    text += QStringLiteral("\nSubcommands:\n");
    for (const Subcommand &subcommand : subcommands)
        text += QStringLiteral("  shelfscreen %1\n").arg(QLatin1String(subcommand.summary));
    return text;
}

CommandLine parseCommandLine(const QStringList &arguments)
{
    CommandLine result;
    if (arguments.size() > 1 && !arguments[1].startsWith(u'-')) {
        for (const Subcommand &subcommand : subcommands) {
            if (arguments[1] == QLatin1String(subcommand.name)) {
                result.command = subcommand.command;
                result.subcommandArguments = arguments;
                return result;
            }
        }
        result.error = QStringLiteral("unknown subcommand: %1").arg(arguments[1]);
        return result;
    }
    QCommandLineParser parser;
    const Options options;
    options.addTo(parser);
    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(options.help)) {
        result.command = CommandLine::Command::Help;
        return result;
    }
    if (parser.isSet(options.version)) {
        result.command = CommandLine::Command::Version;
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.error = QStringLiteral("unexpected argument: %1")
                           .arg(parser.positionalArguments().constFirst());
        return result;
    }
    const bool kiosk = parser.isSet(options.kiosk);
    if (parser.isSet(options.demo) && kiosk) {
        result.error = QStringLiteral("--demo and --kiosk exclude each other");
        return result;
    }
    // A service that forgot --config must never put the demo's prices on a real shelf.
    if (kiosk && !parser.isSet(options.config)) {
        result.error = QStringLiteral("--kiosk needs --config FILE");
        return result;
    }
    if (parser.isSet(options.size)) {
        const QStringList parts = parser.value(options.size).split(u'x');
        const int width = parts.size() == 2 ? parts[0].toInt() : 0;
        const int height = parts.size() == 2 ? parts[1].toInt() : 0;
        if (width < 160 || height < 120 || width > 8192 || height > 8192) {
            result.error = QStringLiteral("--size %1 is not WIDTHxHEIGHT (160x120 to 8192x8192)")
                               .arg(parser.value(options.size));
            return result;
        }
        result.display.windowSize = QSize(width, height);
    }
    const bool traced = parser.isSet(options.trace);
    for (const QCommandLineOption *option : {&options.traceFrames, &options.traceMaxMib}) {
        if (parser.isSet(*option) && !traced) {
            result.error
                = QStringLiteral("--%1 needs --trace FILE").arg(option->names().constFirst());
            return result;
        }
    }
    if (parser.isSet(options.traceMaxMib)) {
        bool ok = false;
        const int mib = parser.value(options.traceMaxMib).toInt(&ok);
        if (!ok || mib < 1 || mib > 4096) {
            result.error = QStringLiteral("--trace-max-mib %1 is not a size in MiB (1 to 4096)")
                               .arg(parser.value(options.traceMaxMib));
            return result;
        }
        result.display.traceOptions.maxBytes = qint64(mib) * 1024 * 1024;
    }
    result.display.traceOptions.frameLines = parser.isSet(options.traceFrames);
    result.display.kiosk = kiosk;
    result.display.demo = parser.isSet(options.demo) || !parser.isSet(options.config);
    result.display.tracePath = parser.value(options.trace);
    result.configPath = parser.value(options.config);
    result.scriptPath = parser.value(options.script);
    result.selfTest = parser.isSet(options.selfTest);
    return result;
}

} // namespace shelf
