// What the display costs while nobody is at the shelf: shelfscreen --demo (the synthetic camera
// at 15 fps, the attract loop) is started, left to settle, then its CPU time is read from
// /proc per thread over a measuring window, with its resident memory at the end.
//
//   bench_idle [--settle-s N] [--measure-s N] [--shelfscreen PATH] [-- extra arguments]
//
// --shelfscreen measures another build of the display (the one before a change, say).
#include "harness.h"

#include <unistd.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMap>
#include <QProcess>
#include <QTextStream>
#include <QThread>

#include <algorithm>

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int settleS = 10;
    int measureS = 30;
    QStringList extra;
    QString program = QStringLiteral(SHELFSCREEN_BIN);
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == u"--") {
            extra = args.mid(i + 1);
            break;
        }
        if (i + 1 < args.size() && args[i] == u"--settle-s")
            settleS = std::clamp(args[++i].toInt(), 0, 3600);
        else if (i + 1 < args.size() && args[i] == u"--measure-s")
            measureS = std::clamp(args[++i].toInt(), 1, 3600);
        else if (i + 1 < args.size() && args[i] == u"--shelfscreen")
            program = args[++i];
    }
    QProcess display;
    display.setProcessEnvironment(shelf::bench::displayEnvironment());
    display.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    display.setStandardOutputFile(QProcess::nullDevice());
    display.start(program, QStringList{QStringLiteral("--demo")} + extra);
    if (!display.waitForStarted()) {
        out() << "bench_idle: " << program << " did not start" << Qt::endl;
        return 2;
    }
    const qint64 pid = display.processId();
    QThread::sleep(settleS);
    const QMap<QString, qint64> before = shelf::bench::threadTicks(pid);
    QElapsedTimer clock;
    clock.start();
    QThread::sleep(measureS);
    const QMap<QString, qint64> after = shelf::bench::threadTicks(pid);
    const double seconds = double(clock.elapsed()) / 1000.0;
    const double rss = shelf::bench::residentMib(pid).value_or(0);
    display.kill();
    display.waitForFinished();

    const double ticksPerSecond = double(sysconf(_SC_CLK_TCK));
    out() << program << " --demo " << extra.join(u' ') << ", nobody at the shelf: " << settleS
          << " s to settle, " << measureS << " s measured\n";
    out() << QStringLiteral("%1 %2\n")
                 .arg(QStringLiteral("thread"), -24)
                 .arg(QStringLiteral("% of a core"), 12);
    double total = 0;
    QList<QPair<double, QString>> rows;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        const double percent
            = 100.0 * double(it.value() - before.value(it.key())) / ticksPerSecond / seconds;
        total += percent;
        rows.append({percent, it.key()});
    }
    std::sort(rows.begin(), rows.end(),
              [](const auto &a, const auto &b) { return a.first > b.first; });
    for (const auto &row : std::as_const(rows)) {
        if (row.first >= 0.05)
            out() << QStringLiteral("%1 %2\n").arg(row.second, -24).arg(row.first, 12, 'f', 1);
    }
    out()
        << QStringLiteral("%1 %2\n").arg(QStringLiteral("all threads"), -24).arg(total, 12, 'f', 1);
    out() << "resident memory at the end: " << QString::number(rss, 'f', 1) << " MiB\n";
    return 0;
}
