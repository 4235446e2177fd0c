// How fast the display starts: from the moment the process is started to the first frame swapped
// (the trace's first_frame line, dated on the same monotonic clock this harness reads), with the
// shared libraries mapped and the resident memory at that moment.
//
//   bench_start [--rounds N] [--shelfscreen PATH]
#include "harness.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <chrono>
#include <optional>
#include <vector>

using shelf::bench::monotonicMicros;
using shelf::bench::out;

namespace {

// t_us of the trace's first line of this event, if written yet.
std::optional<qint64> tracedAt(const QString &path, const char *event)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    while (!file.atEnd()) {
        const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
        if (line.value(u"event").toString() == QLatin1String(event))
            return line.value(u"t_us").toInteger();
    }
    return std::nullopt;
}

// Shared libraries mapped into the process, and its resident memory in MiB.
std::pair<int, double> libraryCountAndRss(qint64 pid)
{
    QSet<QString> libraries;
    QFile maps(QStringLiteral("/proc/%1/maps").arg(pid));
    if (maps.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : maps.readAll().split('\n')) {
            const qsizetype slash = line.indexOf('/');
            if (slash >= 0 && line.contains(".so"))
                libraries.insert(QString::fromUtf8(line.mid(slash)));
        }
    }
    double rss = 0;
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                rss = line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
        }
    }
    return {int(libraries.size()), rss};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int rounds = 7;
    QString program = QStringLiteral(SHELFSCREEN_BIN);
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == u"--rounds")
            rounds = std::clamp(args[i + 1].toInt(), 1, 100);
        else if (args[i] == u"--shelfscreen")
            program = args[i + 1];
    }
    QTemporaryDir folder;
    const QString trace = folder.filePath(QStringLiteral("trace.jsonl"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!environment.contains(QStringLiteral("QT_QPA_PLATFORM")))
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));

    out() << program << " --demo: process start to first frame swapped, " << rounds
          << " starts (the first one warms the page cache and is not counted)\n";
    out() << QStringLiteral("%1 %2 %3 %4\n")
                 .arg(QStringLiteral("start"), 6)
                 .arg(QStringLiteral("first_frame_ms"), 15)
                 .arg(QStringLiteral("libraries"), 10)
                 .arg(QStringLiteral("rss_MiB"), 8);
    std::vector<double> times;
    for (int round = 0; round <= rounds; ++round) {
        QFile::remove(trace);
        QProcess display;
        display.setProcessEnvironment(environment);
        display.setStandardOutputFile(QProcess::nullDevice());
        display.setStandardErrorFile(QProcess::nullDevice());
        const qint64 startedUs = monotonicMicros();
        display.start(program, {QStringLiteral("--demo"), QStringLiteral("--trace"), trace});
        std::optional<qint64> firstFrame;
        for (int i = 0; i < 6000 && !firstFrame; ++i) {
            QThread::msleep(2);
            firstFrame = tracedAt(trace, "first_frame");
        }
        const auto [libraries, rss] = libraryCountAndRss(display.processId());
        display.kill();
        display.waitForFinished();
        if (!firstFrame) {
            out() << "bench_start: no first frame within 12 s" << Qt::endl;
            return 1;
        }
        const double ms = double(*firstFrame - startedUs) / 1000.0;
        out() << QStringLiteral("%1 %2 %3 %4\n")
                     .arg(round == 0 ? QStringLiteral("warm") : QString::number(round), 6)
                     .arg(ms, 15, 'f', 0)
                     .arg(libraries, 10)
                     .arg(rss, 8, 'f', 1)
              << Qt::flush;
        if (round > 0)
            times.push_back(ms);
    }
    if (times.empty()) {
        out() << "bench_start: no start was measured (--rounds must be 2 or more)\n";
        return 1;
    }
    std::sort(times.begin(), times.end());
    out() << "start to first frame: median " << QString::number(times[times.size() / 2], 'f', 0)
          << " ms, worst " << QString::number(times.back(), 'f', 0) << " ms (target < 250 ms)\n";
    // For bench/run's table.
    out() << "figure start_to_first_frame " << QString::number(times[times.size() / 2], 'f', 0)
          << " ms\n";
    return 0;
}
