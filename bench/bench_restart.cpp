// How long a shelf is dark after its display is killed, as systemd runs it: the harness plays
// systemd (NOTIFY_SOCKET, Restart=always after RestartSec) and kills the display with SIGKILL,
// with the store server gone, so what comes back comes from the display's disk cache. For each
// kill it prints the time to READY=1 (the first frame swapped), to the first frame with the
// shelf's products, both counted from the kill and including the restart delay.
//
//   bench_restart [--rounds N] [--restart-sec S]
#include "harness.h"

#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <vector>

using shelf::bench::out;

namespace {

// systemd's notify socket, as a Type=notify service gets it.
class NotifySocket
{
public:
    explicit NotifySocket(const QString &path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, qPrintable(path), sizeof(address.sun_path) - 1);
        m_ok = ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0;
    }
    ~NotifySocket() { ::close(m_fd); }
    bool ok() const { return m_ok; }
    // Whether READY=1 came among what was sent since the last call.
    bool readyReceived()
    {
        char buffer[4096];
        bool ready = false;
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer) - 1, 0);
            if (n <= 0)
                return ready;
            buffer[n] = '\0';
            ready = ready || std::strstr(buffer, "READY=1") != nullptr;
        }
    }

private:
    int m_fd = -1;
    bool m_ok = false;
};

// Whether the trace file holds a line of this event.
bool traced(const QString &path, const char *event)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray needle = QByteArray("\"event\":\"") + event + '"';
    while (!file.atEnd()) {
        if (file.readLine().contains(needle))
            return true;
    }
    return false;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int rounds = 10;
    int restartMs = 1000; // RestartSec=1 in the kiosk unit
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == u"--rounds")
            rounds = std::clamp(args[i + 1].toInt(), 1, 1000);
        else if (args[i] == u"--restart-sec")
            restartMs = std::clamp(int(args[i + 1].toDouble() * 1000), 0, 60000);
    }

    QTemporaryDir folder;
    const QString config = folder.filePath(QStringLiteral("shelf.toml"));
    // The demo shelf, its store on disk; the store server on ports nobody listens to once it
    // has gone (first the harness fills the cache from a real one).
    QFile demo(QStringLiteral(SHELF_DEMO_DIR "/shelf.toml"));
    if (!demo.open(QIODevice::ReadOnly)) {
        out() << "bench_restart: cannot read the demo shelf config" << Qt::endl;
        return 2;
    }
    QProcess server;
    server.start(QStringLiteral(SHELFFEED_BIN),
                 {QStringLiteral("--catalog"), QStringLiteral(SHELF_DEMO_DIR "/catalog.json"),
                  QStringLiteral("--snapshot"), QStringLiteral("tcp://127.0.0.1:*"),
                  QStringLiteral("--updates"), QStringLiteral("tcp://127.0.0.1:*"),
                  QStringLiteral("--events"), QStringLiteral("tcp://127.0.0.1:*")});
    QString endpoints[3];
    QByteArray serverOutput;
    QElapsedTimer waited;
    waited.start();
    while (endpoints[2].isEmpty() && waited.elapsed() < 20000) {
        server.waitForReadyRead(500);
        serverOutput += server.readAllStandardOutput();
        for (const QByteArray &line : serverOutput.split('\n')) {
            const QList<QByteArray> words = line.split(' ');
            if (words.size() != 2)
                continue;
            const int index = words[0] == "snapshot" ? 0
                : words[0] == "updates"              ? 1
                : words[0] == "events"               ? 2
                                                     : -1;
            if (index >= 0)
                endpoints[index] = QString::fromUtf8(words[1]);
        }
    }
    if (endpoints[2].isEmpty()) {
        out() << "bench_restart: the store server did not start" << Qt::endl;
        return 2;
    }
    QByteArray text = demo.readAll();
    text.replace("tcp://127.0.0.1:5556", endpoints[0].toUtf8());
    text.replace("tcp://127.0.0.1:5557", endpoints[1].toUtf8());
    text.replace("tcp://127.0.0.1:5558", endpoints[2].toUtf8());
    text.replace("content = \".\"", "content = \"" SHELF_DEMO_DIR "\"");
    text.replace("catalog = \"catalog.json\"", "catalog = \"" SHELF_DEMO_DIR "/catalog.json\"");
    text.replace("[feed]\n",
                 "[feed]\nstore = \"" + folder.filePath(QStringLiteral("shelf.db")).toUtf8()
                     + "\"\n");
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size()) {
        out() << "bench_restart: cannot write " << config << Qt::endl;
        return 2;
    }
    file.close();

    NotifySocket notify(folder.filePath(QStringLiteral("notify")));
    if (!notify.ok()) {
        out() << "bench_restart: cannot bind the notify socket" << Qt::endl;
        return 2;
    }
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("NOTIFY_SOCKET"), folder.filePath(QStringLiteral("notify")));
    environment.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("30000000"));
    if (!environment.contains(QStringLiteral("QT_QPA_PLATFORM")))
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const QString trace = folder.filePath(QStringLiteral("trace.jsonl"));
    QProcess display;
    display.setProcessEnvironment(environment);
    display.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const auto startDisplay = [&] {
        QFile::remove(trace);
        display.start(QStringLiteral(SHELFSCREEN_BIN),
                      {QStringLiteral("--kiosk"), QStringLiteral("--config"), config,
                       QStringLiteral("--trace"), trace});
    };

    // Fill the cache: the store's snapshot reaches the display and is written to its database.
    startDisplay();
    waited.restart();
    while (!traced(trace, "feed_snapshot") && waited.elapsed() < 30000)
        QThread::msleep(50);
    if (!traced(trace, "feed_snapshot")) {
        out() << "bench_restart: the display never loaded the store's snapshot" << Qt::endl;
        return 2;
    }
    QThread::msleep(3000); // the cache is written every 2 s
    server.kill();
    server.waitForFinished();

    out() << "restart after SIGKILL, store server gone (prices from the disk cache), RestartSec="
          << restartMs << " ms, " << rounds << " rounds\n";
    out() << QStringLiteral("%1 %2 %3\n")
                 .arg(QStringLiteral("round"), 6)
                 .arg(QStringLiteral("ready_ms"), 10)
                 .arg(QStringLiteral("products_ms"), 12);
    std::vector<double> ready, products;
    for (int round = 1; round <= rounds; ++round) {
        QThread::msleep(1500); // settled, as a display that ran a while
        notify.readyReceived();
        QElapsedTimer sinceKill;
        display.kill();
        sinceKill.start();
        display.waitForFinished();
        QThread::msleep(restartMs);
        startDisplay();
        double readyMs = -1;
        double productsMs = -1;
        while ((readyMs < 0 || productsMs < 0) && sinceKill.elapsed() < 30000) {
            QThread::msleep(5);
            if (readyMs < 0 && notify.readyReceived())
                readyMs = double(sinceKill.elapsed());
            if (productsMs < 0 && traced(trace, "products_on_screen"))
                productsMs = double(sinceKill.elapsed());
        }
        out() << QStringLiteral("%1 %2 %3\n").arg(round, 6).arg(readyMs, 10).arg(productsMs, 12)
              << Qt::flush;
        if (readyMs < 0 || productsMs < 0) {
            out() << "bench_restart: the display did not come back within 30 s" << Qt::endl;
            return 1;
        }
        ready.push_back(readyMs);
        products.push_back(productsMs);
    }
    display.kill();
    display.waitForFinished();
    out() << "kill to READY=1 (first frame):      median " << median(ready) << " ms, worst "
          << *std::max_element(ready.begin(), ready.end()) << " ms\n";
    out() << "kill to cached products on screen:  median " << median(products) << " ms, worst "
          << *std::max_element(products.begin(), products.end()) << " ms (target < 3000 ms)\n";
    return 0;
}
