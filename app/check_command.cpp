#include "check_command.h"

#include "attract_content.h"
#include "bounded_file.h"
#include "feed_client.h"
#include "picture_file.h"
#include "shelf_config.h"

#include <capture_module.h>
#include <theme.h>

#include <QCommandLineParser>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>
#include <QTextStream>

#include <algorithm>
#include <optional>
#include <tuple>

namespace shelf {

namespace {

QString at(const ConfigResult &loaded, const QString &place, const QString &message)
{
    return loaded.placeOf(place) + QStringLiteral(": ") + message;
}

// The display refuses to start when the CURVE keys the config names cannot be read.
std::optional<CurveClientKeys> checkCurveKeys(const ShelfConfig &config, const ConfigResult &loaded,
                                              CheckReport &report, bool &usable)
{
    QString error;
    const std::optional<CurveClientKeys> keys
        = readCurveClientKeys(config.feed.serverKeyPath, config.feed.displayKeyPath, error);
    usable = error.isEmpty();
    if (!usable)
        report.errors.append(at(loaded, QStringLiteral("feed.server_key"), error));
    return keys;
}

// A scale channel tells its products apart by their unit weights; with none it counts nothing.
void checkUnitWeights(const ShelfConfig &config, const ConfigResult &loaded,
                      const SnapshotAnswer *answer, CheckReport &report)
{
    if (config.scale.source.isEmpty())
        return;
    QMap<int, QVector<const SlotConfig *>> channels;
    for (const SlotConfig &slot : config.slots) {
        if (slot.scaleChannel >= 0)
            channels[slot.scaleChannel].append(&slot);
    }
    for (auto channel = channels.cbegin(); channel != channels.cend(); ++channel) {
        QStringList ids;
        bool weighed = false;
        for (const SlotConfig *slot : channel.value()) {
            ids.append(slot->id);
            const auto record = answer ? answer->products.constFind(slot->sku)
                                       : QHash<QString, ProductRecord>::const_iterator();
            weighed = weighed || slot->unitWeightGrams > 0
                || (answer && record != answer->products.cend() && record->unitWeightGrams
                    && *record->unitWeightGrams > 0);
        }
        if (weighed)
            continue;
        const QString where
            = QStringLiteral("scale channel %1 (%2 %3)")
                  .arg(channel.key())
                  .arg(ids.size() == 1 ? QStringLiteral("slot") : QStringLiteral("slots"),
                       ids.join(QStringLiteral(", ")));
        const QString message = answer ? where
                + QStringLiteral(": no unit weight for any of its products, in the config "
                                 "(unit_weight_g) or in the store's records, so the scale "
                                 "cannot count what is lifted there")
                                       : where
                + QStringLiteral(": no unit_weight_g in the config, so the scale counts what is "
                                 "lifted there only if the store's records give unit weights "
                                 "(check --feed asks the store)");
        report.warnings.append(
            at(loaded, QStringLiteral("slot %1.scale_channel").arg(channel.value().first()->id),
               message));
    }
}

void checkContent(const ShelfConfig &config, CheckReport &report)
{
    const AttractContentResult attract = loadAttractContent(config.attractFile(), config);
    report.errors += attract.problems;
    report.warnings += attract.warnings;

    const QString themePath = config.themeFile();
    const BoundedRead read = readBoundedFile(themePath, maxTextFileBytes);
    if (read.missing)
        return;
    if (!read.error.isEmpty()) {
        report.errors.append(read.error);
        return;
    }
    const ThemeParseResult theme = parseTheme(read.bytes, themePath);
    report.errors += theme.errors;
    if (theme.theme)
        report.warnings += contrastProblemsOf(*theme.theme, themePath);
}

// What the store said of each of the shelf's skus, at the first slot that holds it.
void checkProducts(const ShelfConfig &config, const ConfigResult &loaded,
                   const SnapshotAnswer &answer, CheckReport &report)
{
    QStringList seen;
    for (const SlotConfig &slot : config.slots) {
        if (seen.contains(slot.sku))
            continue;
        seen.append(slot.sku);
        const QString place = QStringLiteral("slot %1.sku").arg(slot.id);
        if (answer.unknown.contains(slot.sku)) {
            report.warnings.append(at(loaded, place,
                                      QStringLiteral("slot %1: the store does not know sku %2 "
                                                     "(UNKNOWN); lifting it shows an empty card")
                                          .arg(slot.id, slot.sku)));
        } else if (answer.rejected.contains(slot.sku)) {
            report.warnings.append(
                at(loaded, place,
                   QStringLiteral("slot %1: the store's record of sku %2 is "
                                  "refused: %3")
                       .arg(slot.id, slot.sku, answer.rejected.value(slot.sku))));
        } else if (const auto record = answer.products.constFind(slot.sku);
                   record != answer.products.cend()) {
            const QString file = contentFilePath(config.contentFolder, record->image);
            if (file.isEmpty())
                continue; // no picture, or one on the web
            if (const PictureCheck check = checkPictureFile(file); !check.error.isEmpty())
                report.warnings.append(
                    at(loaded, place,
                       QStringLiteral("slot %1: sku %2's picture \"%3\": %4; the card shows the "
                                      "placeholder")
                           .arg(slot.id, slot.sku, record->image, check.error)));
        } else {
            report.warnings.append(at(loaded, place,
                                      QStringLiteral("slot %1: the store's snapshot left sku %2 "
                                                     "out")
                                          .arg(slot.id, slot.sku)));
        }
    }
}

// A finding split into its place, for printing in file order.
struct Finding
{
    QString file;
    int line = 0;
    int column = 0;
    QString message;
    bool warning = false;
};

Finding findingOf(const QString &text, bool warning)
{
    static const QRegularExpression placed(QStringLiteral("^(.*?):(\\d+):(\\d+): (.*)$"),
                                           QRegularExpression::DotMatchesEverythingOption);
    Finding finding;
    finding.warning = warning;
    if (const QRegularExpressionMatch match = placed.match(text); match.hasMatch()) {
        finding.file = match.captured(1);
        finding.line = match.captured(2).toInt();
        finding.column = match.captured(3).toInt();
        finding.message = match.captured(4);
    } else if (const qsizetype colon = text.indexOf(QStringLiteral(": ")); colon > 0) {
        finding.file = text.left(colon);
        finding.message = text.mid(colon + 2);
    } else {
        finding.message = text;
    }
    return finding;
}

QString printed(const Finding &finding)
{
    QString place = finding.file;
    if (finding.line > 0)
        place += QStringLiteral(":%1:%2").arg(finding.line).arg(finding.column);
    return QStringLiteral("%1: %2%3")
        .arg(place, finding.warning ? QStringLiteral("warning: ") : QString(), finding.message);
}

QString counted(qsizetype count, const char *one, const char *many)
{
    return count == 0
        ? QStringLiteral("no %1").arg(QLatin1String(many))
        : QStringLiteral("%1 %2").arg(count).arg(QLatin1String(count == 1 ? one : many));
}

} // namespace

CheckReport checkShelf(const QString &path, const CheckOptions &options)
{
    CheckReport report;
    const ConfigResult loaded = loadShelfConfig(path);
    report.errors = loaded.problems;
    report.warnings = loaded.warnings;
    if (!loaded.config)
        return report; // the content is read against a config that reads clean
    const ShelfConfig &config = *loaded.config;

    bool keysUsable = true;
    const std::optional<CurveClientKeys> curve = checkCurveKeys(config, loaded, report, keysUsable);
    std::optional<SnapshotAnswer> answer;
    if (options.feed && keysUsable) {
        answer = fetchSnapshot(config.feed.snapshotEndpoint, config.skus(), curve,
                               options.feedTimeoutMs);
        if (!answer->error.isEmpty()) {
            report.warnings.append(
                at(loaded, QStringLiteral("feed.snapshot"),
                   QStringLiteral("the store server gave no snapshot: %1; the display starts "
                                  "without prices and keeps asking")
                       .arg(answer->error)));
            answer.reset();
        }
    }
    checkUnitWeights(config, loaded, answer ? &*answer : nullptr, report);
    // A camera or video file is read through the capture module: a broken install (the module
    // missing, or left from another version) would leave the shelf without its camera.
    std::string moduleError;
    if (config.camera.source != u"synthetic" && !vision::CaptureModule::get(&moduleError)) {
        report.errors.append(
            at(loaded, QStringLiteral("camera.source"),
               QStringLiteral("%1 cannot be read: %2")
                   .arg(config.camera.source, QString::fromStdString(moduleError))));
    }
    if (QFileInfo(config.contentFolder).isDir())
        checkContent(config, report);
    if (answer)
        checkProducts(config, loaded, *answer, report);
    return report;
}

int runCheck(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Checks a shelf config and its content folder (attract.toml, theme.toml, "
                       "pictures) and prints every problem as FILE:LINE:COLUMN: message. Exit "
                       "code 0: clean, 1: problems, 2: bad usage."));
    parser.addHelpOption();
    const QCommandLineOption feedOption(
        QStringLiteral("feed"),
        QStringLiteral("Also ask the store server named in [feed] for the shelf's products."));
    const QCommandLineOption timeoutOption(
        QStringLiteral("timeout"),
        QStringLiteral("Seconds to wait for the store's snapshot with --feed (0.1 to 60)."),
        QStringLiteral("S"), QStringLiteral("5"));
    parser.addOptions({feedOption, timeoutOption});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The shelf config."));
    const QString usage = QStringLiteral("usage: shelfscreen check [--feed] [--timeout S] FILE");
    // The command word is an argument of its own, not the file.
    QStringList withoutCommand = arguments;
    if (withoutCommand.size() > 1 && withoutCommand[1] == u"check")
        withoutCommand.removeAt(1);
    if (!parser.parse(withoutCommand)) {
        err << "shelfscreen check: " << parser.errorText() << '\n' << usage << '\n';
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    if (parser.positionalArguments().size() != 1) {
        err << usage << '\n';
        return 2;
    }
    bool ok = false;
    const double seconds = parser.value(timeoutOption).toDouble(&ok);
    if (!ok || !(seconds >= 0.1 && seconds <= 60)) {
        err << "shelfscreen check: --timeout " << parser.value(timeoutOption)
            << " is not 0.1 to 60 seconds\n";
        return 2;
    }
    CheckOptions options;
    options.feed = parser.isSet(feedOption);
    options.feedTimeoutMs = int(seconds * 1000);
    const QString path = parser.positionalArguments().constFirst();
    const CheckReport report = checkShelf(path, options);

    // One list in file order (the config's file first), each line marked with what it is.
    QList<Finding> findings;
    for (const QString &error : report.errors)
        findings.append(findingOf(error, false));
    for (const QString &warning : report.warnings)
        findings.append(findingOf(warning, true));
    QStringList files{path};
    for (const Finding &finding : std::as_const(findings)) {
        if (!files.contains(finding.file))
            files.append(finding.file);
    }
    std::stable_sort(findings.begin(), findings.end(),
                     [&files](const Finding &a, const Finding &b) {
                         return std::tuple(files.indexOf(a.file), a.line, a.column)
                             < std::tuple(files.indexOf(b.file), b.line, b.column);
                     });
    for (const Finding &finding : std::as_const(findings))
        out << printed(finding) << '\n';
    if (report.clean())
        err << path << ": no problems found\n";
    else
        err << path << ": " << counted(report.errors.size(), "error", "errors")
            << " (the display refuses a file that has any), "
            << counted(report.warnings.size(), "warning", "warnings") << " (it runs with them)\n";
    return report.clean() ? 0 : 1;
}

int runCheck(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    return runCheck(arguments, out, err);
}

} // namespace shelf
