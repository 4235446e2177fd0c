// The alternative a store would otherwise deploy, measured as the display is: a Chromium kiosk
// (headless, 1920x1080, a fresh profile each start, or with --profile kept one profile for every
// start, as a kiosk that reboots) showing the product card of
// bench/chromium_kiosk/ (a fixture, not the product) from the reference store server through
// the fixture's WebSocket bridge. Measures start to first frame (bridge and browser started to
// the page's ack of its first card), the memory of every Chromium process together (RSS and
// PSS, smaps_rollup), their CPU while idle, and price change at the server to the page's ack.
//
//   bench_chromium [--rounds N] [--settle-s N] [--measure-s N] [--changes N] [--chromium PATH]
//                  [--profile fresh|kept]
#include "harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <money.h>
#include <signal.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <vector>

using shelf::bench::monotonicMicros;
using shelf::bench::out;

namespace {

// The parent pid from /proc/PID/stat, with plain system calls: this also runs in a signal handler.
pid_t parentOf(pid_t pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", int(pid));
    const int fd = ::open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    char buffer[512];
    const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
    ::close(fd);
    if (n <= 0)
        return -1;
    buffer[n] = '\0';
    // The name may hold spaces and parentheses; the fields after the last ')' are fixed.
    const char *close = nullptr;
    for (const char *c = buffer; *c; ++c) {
        if (*c == ')')
            close = c;
    }
    if (!close)
        return -1;
    int parent = -1;
    char state = 0;
    if (std::sscanf(close + 1, " %c %d", &state, &parent) != 2)
        return -1;
    return pid_t(parent);
}

// Every process below `root` (not root itself), at most `capacity`; plain system calls only.
int descendants(pid_t root, pid_t *found, int capacity)
{
    int count = 0;
    // Parents are listed before their children only by chance: repeat until nothing is added.
    for (bool added = true; added;) {
        added = false;
        DIR *proc = ::opendir("/proc");
        if (!proc)
            return count;
        while (const dirent *entry = ::readdir(proc)) {
            const pid_t pid = pid_t(std::atoi(entry->d_name));
            if (pid <= 0 || pid == root)
                continue;
            bool known = false;
            for (int i = 0; i < count && !known; ++i)
                known = found[i] == pid;
            if (known)
                continue;
            const pid_t parent = parentOf(pid);
            bool below = parent == root;
            for (int i = 0; i < count && !below; ++i)
                below = found[i] == parent;
            if (below && count < capacity) {
                found[count++] = pid;
                added = true;
            }
        }
        ::closedir(proc);
    }
    return count;
}

// Kills everything this harness started, its children's children included (the harness is
// their subreaper, so none escapes by double forking), except `spare`.
void killStarted(pid_t spare = 0)
{
    pid_t found[1024];
    const int count = descendants(::getpid(), found, 1024);
    for (int i = 0; i < count; ++i) {
        if (found[i] != spare)
            ::kill(found[i], SIGKILL);
    }
}

void onSignal(int signal)
{
    killStarted();
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

// Collects orphans reparented to this harness; QProcess reaps its own children.
void reapOrphans(const QSet<qint64> &owned)
{
    pid_t found[1024];
    const int count = descendants(::getpid(), found, 1024);
    for (int i = 0; i < count; ++i) {
        if (!owned.contains(found[i]) && parentOf(found[i]) == ::getpid())
            ::waitpid(found[i], nullptr, WNOHANG);
    }
}

// The processes of the browser: every process this harness started but the server and bridge
// (Chromium's helpers that double fork are reparented to the harness, not to the browser).
QList<qint64> browserProcesses(const QSet<qint64> &excluded)
{
    pid_t found[1024];
    const int count = descendants(::getpid(), found, 1024);
    QList<qint64> processes;
    for (int i = 0; i < count; ++i) {
        if (!excluded.contains(found[i]))
            processes.append(found[i]);
    }
    return processes;
}

struct Memory
{
    double rssMib = 0;
    double pssMib = 0;
};

Memory memoryOf(const QList<qint64> &processes)
{
    Memory memory;
    for (qint64 pid : processes) {
        QFile rollup(QStringLiteral("/proc/%1/smaps_rollup").arg(pid));
        if (!rollup.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : rollup.readAll().split('\n')) {
            const double kib = line.mid(4).trimmed().split(' ').first().toDouble();
            if (line.startsWith("Rss:"))
                memory.rssMib += kib / 1024.0;
            else if (line.startsWith("Pss:"))
                memory.pssMib += kib / 1024.0;
        }
    }
    return memory;
}

// utime + stime of each process, all its threads.
QHash<qint64, qint64> cpuTicks(const QList<qint64> &processes)
{
    QHash<qint64, qint64> ticks;
    for (qint64 pid : processes) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 12)
            ticks.insert(pid, fields[11].toLongLong() + fields[12].toLongLong());
    }
    return ticks;
}

// A line from a process's standard output within timeoutMs, or nullopt.
std::optional<QByteArray> lineFrom(QProcess &process, int timeoutMs)
{
    const qint64 deadline = monotonicMicros() + qint64(timeoutMs) * 1000;
    while (!process.canReadLine()) {
        const qint64 left = (deadline - monotonicMicros()) / 1000;
        if (left <= 0 || process.state() == QProcess::NotRunning)
            return std::nullopt;
        process.waitForReadyRead(int(std::min<qint64>(left, 100)));
    }
    return process.readLine().trimmed();
}

struct Ack
{
    qint64 atUs = 0;
    QString price;
};

// The next ack the bridge prints ("ack T_US SEQ PRICE").
std::optional<Ack> nextAck(QProcess &bridge, int timeoutMs)
{
    const qint64 deadline = monotonicMicros() + qint64(timeoutMs) * 1000;
    while (monotonicMicros() < deadline) {
        const auto line = lineFrom(bridge, int((deadline - monotonicMicros()) / 1000) + 1);
        if (!line)
            return std::nullopt;
        const QList<QByteArray> fields = line->split(' ');
        if (fields.size() >= 4 && fields[0] == "ack")
            return Ack{fields[1].toLongLong(),
                       QString::fromUtf8(
                           line->mid(fields[0].size() + fields[1].size() + fields[2].size() + 3))};
    }
    return std::nullopt;
}

void diesWithHarness(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

struct Settings
{
    int rounds = 5;
    int settleS = 10;
    int measureS = 30;
    int changes = 50;
    QString chromium = QStringLiteral(CHROMIUM_BIN);
    bool keepProfile = false;
};

// Flags for the browser. --no-sandbox only as root, where Chromium refuses to start without it
// (a kiosk would run as a user of its own, sandboxed).
QStringList chromiumArguments(const QString &profile, const QString &url)
{
    QStringList arguments{QStringLiteral("--headless=new"),
                          QStringLiteral("--window-size=1920,1080"),
                          QStringLiteral("--user-data-dir=") + profile,
                          QStringLiteral("--no-first-run"),
                          QStringLiteral("--no-default-browser-check"),
                          QStringLiteral("--hide-scrollbars")};
    if (::geteuid() == 0)
        arguments.prepend(QStringLiteral("--no-sandbox"));
    arguments.append(url);
    return arguments;
}

double percentile(std::vector<double> values, double q)
{
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(q * double(values.size())))];
}

int fail(const QString &message)
{
    out() << "bench_chromium: " << message << Qt::endl;
    return 1;
}

// However main() returns: everything started is killed and the processes collected.
struct StopAll
{
    QList<QProcess *> processes;
    ~StopAll()
    {
        killStarted();
        for (QProcess *process : std::as_const(processes))
            process->waitForFinished(5000);
        reapOrphans({});
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Settings settings;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        const int value = args[i + 1].toInt();
        if (args[i] == u"--rounds")
            settings.rounds = std::clamp(value, 1, 50);
        else if (args[i] == u"--settle-s")
            settings.settleS = std::clamp(value, 0, 600);
        else if (args[i] == u"--measure-s")
            settings.measureS = std::clamp(value, 1, 3600);
        else if (args[i] == u"--changes")
            settings.changes = std::clamp(value, 1, 10000);
        else if (args[i] == u"--chromium")
            settings.chromium = args[i + 1];
        else if (args[i] == u"--profile")
            settings.keepProfile = args[i + 1] == u"kept";
    }

    // Chromium's helpers that leave their parent are reparented here, so that every one of them
    // is measured and killed.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    std::atexit([] { killStarted(); });
    for (int signal : {SIGINT, SIGTERM, SIGHUP})
        ::signal(signal, onSignal);

    QTemporaryDir folder;
    const QString sku = QStringLiteral("6901234000115");
    QProcess server;
    QProcess bridge;
    QProcess browser;
    const StopAll stopAll{{&server, &bridge, &browser}};
    diesWithHarness(server);
    server.setStandardErrorFile(folder.filePath(QStringLiteral("shelffeed.log")));
    const QString any = QStringLiteral("tcp://127.0.0.1:*");
    server.start(QStringLiteral(SHELFFEED_BIN),
                 {QStringLiteral("--catalog"), QStringLiteral(SHELF_DEMO_DIR "/catalog.json"),
                  QStringLiteral("--snapshot"), any, QStringLiteral("--updates"), any,
                  QStringLiteral("--events"), any});
    QStringList endpoints; // --snapshot EP --updates EP --events EP for the bridge
    while (endpoints.size() < 6) {
        const auto line = lineFrom(server, 10000);
        if (!line)
            return fail(QStringLiteral("shelffeed did not print its endpoints"));
        const QList<QByteArray> fields = line->split(' ');
        if (fields.size() == 2)
            endpoints << QStringLiteral("--") + QString::fromUtf8(fields[0])
                      << QString::fromUtf8(fields[1]);
    }

    for (QProcess *process : {&bridge, &browser})
        diesWithHarness(*process);
    browser.setStandardOutputFile(QProcess::nullDevice());
    std::optional<QTemporaryDir> profile;
    // Starts the bridge, then the browser at its port; the time it was started, or nullopt if
    // either did not start.
    const auto startKiosk = [&]() -> std::optional<qint64> {
        if (!profile || !settings.keepProfile)
            profile.emplace();
        browser.setStandardErrorFile(profile->filePath(QStringLiteral("chromium.log")));
        const qint64 startedUs = monotonicMicros();
        bridge.start(QStringLiteral(BRIDGE_BIN),
                     endpoints + QStringList{QStringLiteral("--sku"), sku});
        const auto line = lineFrom(bridge, 10000);
        if (!line || !line->startsWith("websocket "))
            return std::nullopt;
        QUrl page = QUrl::fromLocalFile(QStringLiteral(KIOSK_PAGE));
        page.setQuery(QStringLiteral("ws=ws://127.0.0.1:%1&content=%2")
                          .arg(QString::fromUtf8(line->mid(10)),
                               QUrl::fromLocalFile(QStringLiteral(SHELF_DEMO_DIR "/"))
                                   .toString(QUrl::FullyEncoded)));
        browser.start(settings.chromium,
                      chromiumArguments(profile->filePath(QStringLiteral("profile")),
                                        page.toString(QUrl::FullyEncoded)));
        if (!browser.waitForStarted(10000))
            return std::nullopt;
        return startedUs;
    };
    const auto stopKiosk = [&] {
        killStarted(pid_t(server.processId()));
        bridge.waitForFinished(5000);
        browser.waitForFinished(5000);
        reapOrphans({server.processId()});
    };

    out() << "Chromium kiosk (bench/chromium_kiosk, a fixture, not the product): "
          << settings.chromium << ' '
          << chromiumArguments(QStringLiteral("TMP"), QString()).join(u' ')
          << "\nstart to first frame: bridge and browser started to the page's ack of its first "
             "card, "
          << (settings.keepProfile ? "one profile for every start (made by the warm-up); "
                                   : "a fresh profile each start; ")
          << settings.rounds << " starts after one warm-up\n";
    std::vector<double> startMs;
    for (int round = 0; round <= settings.rounds; ++round) {
        const auto startedUs = startKiosk();
        if (!startedUs)
            return fail(QStringLiteral("the bridge or %1 did not start").arg(settings.chromium));
        const auto ack = nextAck(bridge, 60000);
        if (!ack)
            return fail(QStringLiteral("no card rendered within 60 s (see %1)")
                            .arg(profile->filePath(QStringLiteral("chromium.log"))));
        const double ms = double(ack->atUs - *startedUs) / 1000.0;
        out() << QStringLiteral("  %1 %2 ms (%3)\n")
                     .arg(round == 0 ? QStringLiteral("warm") : QString::number(round), 5)
                     .arg(ms, 7, 'f', 0)
                     .arg(ack->price)
              << Qt::flush;
        if (round > 0)
            startMs.push_back(ms);
        if (round < settings.rounds)
            stopKiosk();
    }

    // The last start stays up: memory after it settled, then CPU while nothing changes.
    QThread::sleep(settings.settleS);
    const QSet<qint64> notBrowser{server.processId(), bridge.processId()};
    const QList<qint64> processes = browserProcesses(notBrowser);
    const Memory memory = memoryOf(processes);
    const Memory bridgeMemory = memoryOf({bridge.processId()});
    const QHash<qint64, qint64> before
        = cpuTicks(browserProcesses(notBrowser) << bridge.processId());
    const qint64 beganUs = monotonicMicros();
    QThread::sleep(settings.measureS);
    const QHash<qint64, qint64> after
        = cpuTicks(browserProcesses(notBrowser) << bridge.processId());
    const double seconds = double(monotonicMicros() - beganUs) / 1e6;
    const double tick = double(::sysconf(_SC_CLK_TCK));
    double browserTicks = 0;
    double bridgeTicks = 0;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        const double used = double(it.value() - before.value(it.key(), 0));
        (it.key() == bridge.processId() ? bridgeTicks : browserTicks) += used;
    }
    const double browserCpu = browserTicks / tick / seconds * 100.0;
    const double bridgeCpu = bridgeTicks / tick / seconds * 100.0;

    // Price changes typed at the server, one at a time, to the page's ack of the new price.
    std::vector<double> priceMs;
    QString shown;
    for (int i = 0; int(priceMs.size()) < settings.changes && i < settings.changes * 2; ++i) {
        const QString amount
            = QStringLiteral("%1.%2").arg(20 + i % 30).arg(i % 100, 2, 10, QLatin1Char('0'));
        const QString expected
            = shelf::Money::parse(amount, QStringLiteral("CNY"))->format(QStringLiteral("en"));
        if (expected == shown)
            continue;
        const qint64 sentUs = monotonicMicros();
        server.write(QStringLiteral("price %1 %2\n").arg(sku, amount).toUtf8());
        server.waitForBytesWritten(1000);
        std::optional<Ack> ack;
        do
            ack = nextAck(bridge, 10000);
        while (ack && ack->price != expected);
        if (!ack)
            return fail(QStringLiteral("price %1 was not shown within 10 s").arg(amount));
        shown = expected;
        priceMs.push_back(double(ack->atUs - sentUs) / 1000.0);
        server.readAllStandardOutput();
        QThread::msleep(100); // one change at a time, as a store makes them
    }

    const double startMedian = percentile(startMs, 0.5);
    const double priceMedian = percentile(priceMs, 0.5);
    out() << "start to first frame: median " << QString::number(startMedian, 'f', 0)
          << " ms, worst "
          << QString::number(*std::max_element(startMs.begin(), startMs.end()), 'f', 0) << " ms\n"
          << "memory after " << settings.settleS << " s, " << processes.size()
          << " Chromium processes together: RSS " << QString::number(memory.rssMib, 'f', 1)
          << " MiB, PSS " << QString::number(memory.pssMib, 'f', 1) << " MiB (the bridge: RSS "
          << QString::number(bridgeMemory.rssMib, 'f', 1) << " MiB, PSS "
          << QString::number(bridgeMemory.pssMib, 'f', 1) << " MiB)\n"
          << "idle CPU over " << QString::number(seconds, 'f', 0)
          << " s, all Chromium processes: " << QString::number(browserCpu, 'f', 2)
          << " % of one core (the bridge: " << QString::number(bridgeCpu, 'f', 2) << " %)\n"
          << "price change at the server to the page's ack, " << priceMs.size()
          << " changes: median " << QString::number(priceMedian, 'f', 2) << " ms, p95 "
          << QString::number(percentile(priceMs, 0.95), 'f', 2) << " ms, max "
          << QString::number(percentile(priceMs, 1.0), 'f', 2) << " ms\n";
    out() << "figure chromium_start_to_first_frame " << QString::number(startMedian, 'f', 0)
          << " ms\nfigure chromium_rss_all " << QString::number(memory.rssMib, 'f', 1)
          << " MiB\nfigure chromium_pss_all " << QString::number(memory.pssMib, 'f', 1)
          << " MiB\nfigure chromium_idle_cpu " << QString::number(browserCpu, 'f', 2)
          << " pct\nfigure chromium_price_to_pixels_median " << QString::number(priceMedian, 'f', 2)
          << " ms" << Qt::endl;
    return 0;
}
