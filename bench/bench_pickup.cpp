// Pickup to pixels, end to end: shelfscreen --demo with the synthetic camera at 30 fps, a script
// of lifts and returns, and a trace with a line per captured frame. For each lift, from the
// capture of the first frame that showed the slot empty (the slot monitor's seen_frame) to the
// swap of the first frame with the product's card; with the stages between.
//
//   bench_pickup [--lifts N] [--period-s S] [--fps F] [--shelfscreen PATH] [--keep DIR]
//
// --keep leaves the config, script and trace in DIR for a closer look.
#include "harness.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

using shelf::bench::out;

namespace {

int fail(const QString &what)
{
    QTextStream(stderr) << "bench_pickup: " << what << Qt::endl;
    return 1;
}

bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = to + u'/' + QDir(from).relativeFilePath(file);
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(file, target))
            return false;
    }
    return true;
}

struct Slot
{
    QString id;
    QString sku;
};

// The demo shelf's slots in order: an id line followed by its sku line.
std::vector<Slot> readSlots(const QString &toml)
{
    std::vector<Slot> slots;
    static const QRegularExpression slotLines(
        QStringLiteral(R"re(\[\[slot\]\]\s*\nid\s*=\s*"([^"]+)"[^\n]*\nsku\s*=\s*"([^"]+)")re"));
    for (auto it = slotLines.globalMatch(toml); it.hasNext();) {
        const auto match = it.next();
        slots.push_back({match.captured(1), match.captured(2)});
    }
    return slots;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    // Nearest rank: the value below which p of the lifts lie.
    const auto rank = std::size_t(std::ceil(p * double(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

QString ms(double value)
{
    return QString::number(value, 'f', 1);
}

struct Lift
{
    QString slot;
    qint64 seenCapturedUs = 0; // capture of the first frame that showed the slot empty
    qint64 decisionCapturedUs = 0; // capture of the frame that completed the decision
    qint64 decidedUs = 0; // slot_change written (vision thread)
    qint64 fusedUs = 0; // fusion_decision written (GUI thread)
    qint64 swappedUs = 0; // card_shown: the frame with the card swapped
    qint64 evidenceFrames = 0; // decision frame - seen frame
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int lifts = 210;
    double periodS = 1.2;
    int fps = 30;
    QString program = QStringLiteral(SHELFSCREEN_BIN);
    QString keep;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString &arg = args[i];
        const bool hasValue = i + 1 < args.size();
        bool ok = true;
        if (arg == u"--lifts" && hasValue)
            lifts = args[++i].toInt(&ok);
        else if (arg == u"--period-s" && hasValue)
            periodS = args[++i].toDouble(&ok);
        else if (arg == u"--fps" && hasValue)
            fps = args[++i].toInt(&ok);
        else if (arg == u"--shelfscreen" && hasValue)
            program = args[++i];
        else if (arg == u"--keep" && hasValue)
            keep = args[++i];
        else
            return fail(QStringLiteral("usage: bench_pickup [--lifts N] [--period-s S] [--fps F] "
                                       "[--shelfscreen PATH] [--keep DIR]"));
        if (!ok || lifts < 1 || lifts > 10000 || periodS < 0.6 || periodS > 60 || fps < 1
            || fps > 120)
            return fail(QStringLiteral("%1 %2: out of range (lifts 1..10000, period 0.6..60 s, "
                                       "fps 1..120)")
                            .arg(arg, args[i]));
    }

    QTemporaryDir temporary;
    if (!temporary.isValid())
        return fail(QStringLiteral("no temporary folder"));
    const QString dir = keep.isEmpty() ? temporary.path() : keep;
    if (!QDir().mkpath(dir)
        || !copyTree(QStringLiteral(SHELF_DEMO_DIR), dir + QStringLiteral("/demo")))
        return fail(QStringLiteral("%1: cannot copy the demo shelf there").arg(dir));

    // The demo shelf as shipped, with the camera at the rate asked for.
    const QString configPath = dir + QStringLiteral("/demo/shelf.toml");
    QFile configFile(configPath);
    if (!configFile.open(QIODevice::ReadOnly))
        return fail(configPath + QStringLiteral(": cannot read"));
    QString toml = QString::fromUtf8(configFile.readAll());
    configFile.close();
    static const QRegularExpression fpsLine(QStringLiteral(R"((?m)^fps\s*=\s*\d+)"));
    if (!toml.contains(fpsLine))
        return fail(configPath + QStringLiteral(": no fps line under [camera]"));
    toml.replace(fpsLine, QStringLiteral("fps = %1").arg(fps));
    if (!configFile.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || configFile.write(toml.toUtf8()) < 0)
        return fail(configPath + QStringLiteral(": cannot write"));
    configFile.close();
    const std::vector<Slot> slots = readSlots(toml);
    if (slots.empty())
        return fail(configPath + QStringLiteral(": no slots"));

    // Each product in turn: lifted, put back half a period later. The first seconds let the
    // camera learn the stocked shelf.
    const QString scriptPath = dir + QStringLiteral("/lifts.script");
    QFile scriptFile(scriptPath);
    if (!scriptFile.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(scriptPath + QStringLiteral(": cannot write"));
    {
        QTextStream script(&scriptFile);
        const double start = 4.0;
        for (int i = 0; i < lifts; ++i) {
            const QString &id = slots[std::size_t(i) % slots.size()].id;
            const double at = start + i * periodS;
            script << QString::number(at, 'f', 2) << " lift " << id << '\n'
                   << QString::number(at + periodS / 2, 'f', 2) << " return " << id << '\n';
        }
        script << QString::number(start + lifts * periodS + 2, 'f', 2) << " quit\n";
    }
    scriptFile.close();

    const QString tracePath = dir + QStringLiteral("/trace.jsonl");
    QFile::remove(tracePath);
    QProcess display;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!environment.contains(QStringLiteral("QT_QPA_PLATFORM")))
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    display.setProcessEnvironment(environment);
    const QString logPath = dir + QStringLiteral("/shelfscreen.log");
    display.setProcessChannelMode(QProcess::MergedChannels);
    display.setStandardOutputFile(logPath);
    // A line per frame at 30 fps is about 2 MiB a minute; the trace must not rotate mid-run.
    display.start(program,
                  {QStringLiteral("--demo"), QStringLiteral("--config"), configPath,
                   QStringLiteral("--script"), scriptPath, QStringLiteral("--trace"), tracePath,
                   QStringLiteral("--trace-frames"), QStringLiteral("--trace-max-mib"),
                   QStringLiteral("1024")});
    if (!display.waitForStarted())
        return fail(program + QStringLiteral(": cannot start"));
    out() << "shelfscreen --demo, synthetic camera at " << fps << " fps: " << lifts
          << " lifts, one every " << periodS << " s" << Qt::endl;
    const int budgetMs = int((4 + lifts * periodS + 60) * 1000);
    if (!display.waitForFinished(budgetMs)) {
        display.kill();
        display.waitForFinished();
        return fail(QStringLiteral("shelfscreen did not quit within %1 s").arg(budgetMs / 1000));
    }
    if (display.exitStatus() != QProcess::NormalExit || display.exitCode() != 0)
        return fail(QStringLiteral("shelfscreen exited with %1; its log: %2 (--keep DIR keeps it)")
                        .arg(display.exitCode())
                        .arg(logPath));

    QFile traceFile(tracePath);
    if (!traceFile.open(QIODevice::ReadOnly))
        return fail(tracePath + QStringLiteral(": cannot read"));
    QHash<qint64, qint64> capturedAt; // frame index -> capture time
    QHash<QString, QString> skuOf;
    for (const Slot &slot : slots)
        skuOf.insert(slot.id, slot.sku);
    std::vector<Lift> done;
    std::optional<Lift> pending; // decided, card not yet swapped
    int decidedLifts = 0, withoutCard = 0, lineNumber = 0;
    while (!traceFile.atEnd()) {
        ++lineNumber;
        const QJsonObject line = QJsonDocument::fromJson(traceFile.readLine()).object();
        const QString event = line.value(u"event").toString();
        const qint64 t = line.value(u"t_us").toInteger();
        if (event == u"frame_captured") {
            capturedAt.insert(line.value(u"frame").toInteger(), t);
        } else if (event == u"slot_change" && line.value(u"type").toString() == u"empty") {
            ++decidedLifts;
            if (pending)
                ++withoutCard; // lifted again before its card was shown: not counted
            const qint64 seen = line.value(u"seen_frame").toInteger();
            const qint64 decision = line.value(u"frame").toInteger();
            if (!capturedAt.contains(seen) || !capturedAt.contains(decision)) {
                QTextStream(stderr) << tracePath << ':' << lineNumber
                                    << ": slot_change names a frame with no frame_captured line\n";
                pending.reset();
                continue;
            }
            pending = Lift{line.value(u"slot").toString(),
                           capturedAt.value(seen),
                           capturedAt.value(decision),
                           t,
                           0,
                           0,
                           decision - seen};
        } else if (event == u"fusion_decision" && pending && !pending->fusedUs
                   && line.value(u"slot").toString() == pending->slot) {
            pending->fusedUs = t;
        } else if (event == u"card_shown" && pending && pending->fusedUs
                   && line.value(u"sku").toString() == skuOf.value(pending->slot)) {
            pending->swappedUs = t;
            done.push_back(*pending);
            pending.reset();
        }
    }
    if (done.empty())
        return fail(tracePath + QStringLiteral(": no lift was followed by its card"));

    std::vector<double> total, evidence, processing, toGui, toSwap;
    QMap<qint64, int> framesOfEvidence;
    for (const Lift &lift : done) {
        total.push_back((lift.swappedUs - lift.seenCapturedUs) / 1000.0);
        evidence.push_back((lift.decisionCapturedUs - lift.seenCapturedUs) / 1000.0);
        processing.push_back((lift.decidedUs - lift.decisionCapturedUs) / 1000.0);
        toGui.push_back((lift.fusedUs - lift.decidedUs) / 1000.0);
        toSwap.push_back((lift.swappedUs - lift.fusedUs) / 1000.0);
        ++framesOfEvidence[lift.evidenceFrames];
    }
    const double framePeriod = 1000.0 / fps;
    const double refresh = 1000.0 / 60;
    const double limit = framePeriod + refresh;

    out() << "lifts scripted " << lifts << ", decided by the camera " << decidedLifts
          << ", with their card " << done.size() << " (lifted again before a card: " << withoutCard
          << ")\n\n";
    out() << "stage (ms)                                   median     p95     p99   worst\n";
    auto row = [](const char *name, const std::vector<double> &values) {
        out() << QString::fromLatin1(name).leftJustified(42)
              << ms(percentile(values, 0.5)).rightJustified(9)
              << ms(percentile(values, 0.95)).rightJustified(8)
              << ms(percentile(values, 0.99)).rightJustified(8)
              << ms(percentile(values, 1.0)).rightJustified(8) << '\n';
    };
    row("seen frame captured -> deciding frame", evidence);
    row("deciding frame captured -> slot decided", processing);
    row("slot decided -> fusion decision (GUI)", toGui);
    row("fusion decision -> card frame swapped", toSwap);
    row("pickup to pixels (seen frame -> swap)", total);
    out() << "\nframes of evidence after the seen frame:";
    for (auto it = framesOfEvidence.cbegin(); it != framesOfEvidence.cend(); ++it)
        out() << ' ' << it.key() << " (" << it.value() << "x)";
    out() << "\nphysical limit: one camera frame " << ms(framePeriod) << " ms + one 60 Hz refresh "
          << ms(refresh) << " ms = " << ms(limit) << " ms\n\n";
    out() << "figure pickup_to_pixels_median " << ms(percentile(total, 0.5)) << " ms\n"
          << "figure pickup_to_pixels_p99 " << ms(percentile(total, 0.99)) << " ms\n"
          << "figure pickup_lifts " << done.size() << " count\n"
          << "figure physical_limit " << ms(limit) << " ms" << Qt::endl;
    return 0;
}
