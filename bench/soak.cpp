// Soak: the display and the reference store server run as a store runs them, under steady load
// (a shopper at the shelf every second, 100 price updates a second, a store-server restart and a
// content or shelf config reload now and then), for --minutes N. Prints the display's memory, file
// descriptors and threads over time, and the shopper events it decided against those the store
// acknowledged and stored. Exits 1 when they differ or a resource grew beyond its bound, 2 on a
// setup error.
#include "harness.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>

using shelf::bench::out;

namespace {

using shelf::bench::LineFollower;
using shelf::bench::readFile;
using shelf::bench::writeFile;

// The bounds on growth between the first sample after warm-up and the end of the run, once the
// outbox drained. The display's working set settles within the warm-up; what is left is the
// allocator's and the QML scene graph's noise of a few MiB, far below what a leak of a few
// hundred bytes per price update (100 a second) or per shopper event would add in an hour.
constexpr double rssGrowthBoundMiB = 24;
// ZeroMQ opens a socket (and its signalling fd) per wake-up and per reconnect; a few may be open
// at the moment of a sample. A leak of one fd per restart, reload or event would pass this fast.
constexpr int fdGrowthBound = 8;
// Qt's thread pools start and retire helper threads on demand (expiry 30 s).
constexpr int threadGrowthBound = 4;

constexpr int pricesPerSecond = 100;
constexpr int sampleEverySeconds = 10;
// Lifting and price updates stop this long before the end: the grace for the outbox to drain.
constexpr int graceSeconds = 40;
// No server restart this close to the end, so that the drain is measured with a settled feed.
constexpr int quietBeforeEndSeconds = 60;

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

// What /proc tells of a process at one moment.
struct ProcessSample
{
    double rssMiB = 0;
    int fds = 0;
    int threads = 0;
};

std::optional<ProcessSample> sampleProcess(qint64 pid)
{
    const std::optional<double> rss = shelf::bench::residentMib(pid);
    if (!rss)
        return std::nullopt;
    ProcessSample sample;
    sample.rssMiB = *rss;
    sample.fds = shelf::bench::countEntries(QStringLiteral("/proc/%1/fd").arg(pid));
    sample.threads = shelf::bench::countEntries(QStringLiteral("/proc/%1/task").arg(pid));
    if (sample.fds < 0 || sample.threads < 0)
        return std::nullopt;
    return sample;
}

// What the display's trace has said so far.
struct TraceCounts
{
    int decided = 0; // fusion decisions: each is submitted as one shopper event
    int acked = 0; // event_acked: the store acknowledged, the outbox let the event go
    QSet<QString> ackedIds;
    int priceUpdates = 0; // feed_update
    int rejected = 0; // feed_rejected
    int snapshots = 0;
    int resyncs = 0;
    int wentStale = 0;
    int attractLoads = 0;
    int configApplied = 0;
    int configRejected = 0;
    int contentRejected = 0;
    int themeContrast = 0;
};

struct Sample
{
    int atSeconds = 0;
    ProcessSample process;
    int decided = 0, acked = 0, stored = 0, pricesAccepted = 0, pricesSeen = 0;
    QString note;
};

struct Settings
{
    int seconds = 3600;
    int restartEverySeconds = 600;
    int reloadEverySeconds = 300;
    int warmUpSeconds = 60;
    bool keep = false;
};

class Soak : public QObject
{
public:
    explicit Soak(Settings settings)
        : m_settings(settings)
        , m_trace(m_dir.filePath(QStringLiteral("trace.jsonl")))
        , m_stored(m_dir.filePath(QStringLiteral("events.jsonl")))
    {
        m_dir.setAutoRemove(!settings.keep);
        connect(&m_server, &QProcess::readyReadStandardOutput, this, &Soak::readServer);
        connect(&m_server, &QProcess::readyReadStandardError, this, [this] {
            // A refused command is the harness's own mistake: counted, and the first shown.
            const QByteArray text = m_server.readAllStandardError();
            m_serverErrors = (m_serverErrors + text).right(4096);
            if (m_serverUp && m_priceErrors++ == 0)
                err() << "soak: shelffeed: " << text << Qt::flush;
        });
        connect(&m_server, &QProcess::finished, this, [this] {
            if (!m_stoppingServer && !m_finished)
                fail(QStringLiteral("the store server exited on its own"));
        });
    }

    // Writes the shelf's files, starts the store server and the display; false with a message
    // printed if anything is missing.
    bool start();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    int elapsedSeconds() const { return int(m_clock.elapsed() / 1000); }
    bool startServer();
    void readServer();
    void sendPrices();
    void tick();
    bool reloadContent();
    void takeSample(const QString &note);
    void pollFiles();
    bool drained() const;
    void displayFinished(int exitCode, QProcess::ExitStatus status);
    void finish();
    void fail(const QString &why);
    QByteArray scriptText(int slotCount);

    Settings m_settings;
    QTemporaryDir m_dir;
    QElapsedTimer m_clock;
    QProcess m_server;
    QProcess m_display;
    QString m_endpoints[3]; // snapshot, updates, events: fixed after the first start
    bool m_serverUp = false;
    bool m_stoppingServer = false;
    QByteArray m_serverOutput;
    QByteArray m_serverErrors;
    QByteArray m_serverEpoch;
    QStringList m_skus;
    QList<qint64> m_baseCents;
    QTimer m_priceTimer;
    QTimer m_tickTimer;
    qint64 m_pricesSent = 0;
    qint64 m_pricesOk = 0;
    int m_priceErrors = 0;
    int m_restarts = 0;
    int m_reloads = 0;
    int m_contentVersion = 0;
    QByteArray m_config; // the shelf config as written at start; reloads change return_hold_s
    int m_configRewrites = 0;
    int m_lastSampleAt = 0;
    int m_lastRestartAt = 0;
    int m_lastReloadAt = 0;
    int m_scriptedActions = 0;
    LineFollower m_trace;
    LineFollower m_stored;
    TraceCounts m_counts;
    int m_storedLines = 0;
    QSet<QString> m_storedIds;
    QSet<QString> m_displayEventIds; // status and command_result, stored by the store
    QList<Sample> m_samples;
    int m_baseline = -1; // index into m_samples
    int m_endSample = -1;
    int m_drainedSince = -1;
    int m_exitCode = 0;
    bool m_finished = false;
};

QByteArray Soak::scriptText(int slotCount)
{
    // One action a second, in blocks of 22 s: a slot lifted and put back, then the next, eight
    // times; then a shopper walks off with a product (taken once the aisle stays empty) and it
    // is restocked. Only whole blocks, so nothing is left out of its slot when lifting stops
    // (it would be taken take_after_s later, after the end sample).
    constexpr int block = 22;
    QByteArray script = "# generated by bench/soak\n";
    int slot = 0;
    m_scriptedActions = 0;
    for (int t = 5; t + block <= m_settings.seconds - graceSeconds; t += block) {
        const auto action = [&](int step, const QByteArray &what) {
            script += QByteArray::number(t + step) + ".0 " + what + '\n';
            ++m_scriptedActions;
        };
        for (int step = 0; step < 16; step += 2, ++slot) {
            const QByteArray current = QByteArray::number(slot % slotCount + 1);
            action(step, "lift " + current);
            action(step + 1, "return " + current);
        }
        const QByteArray taken = QByteArray::number(slot++ % slotCount + 1);
        action(16, "lift " + taken);
        action(18, "leave");
        action(21, "return " + taken);
    }
    script += QByteArray::number(m_settings.seconds) + ".0 quit\n";
    return script;
}

bool Soak::start()
{
    if (!m_dir.isValid()) {
        err() << "soak: cannot make a temporary folder: " << m_dir.errorString() << Qt::endl;
        return false;
    }
    const QString demo = QStringLiteral(SHELF_DEMO_DIR);
    // The catalog the store serves, and the prices the updates move around.
    const QByteArray catalog = readFile(demo + QStringLiteral("/catalog.json"));
    const QJsonArray products = QJsonDocument::fromJson(catalog).array();
    for (const QJsonValue &product : products) {
        const QString amount
            = product.toObject().value(u"price").toObject().value(u"amount").toString();
        m_skus.append(product.toObject().value(u"sku").toString());
        m_baseCents.append(qRound64(amount.toDouble() * 100));
    }
    if (m_skus.isEmpty() || !writeFile(path(QStringLiteral("catalog.json")), catalog)) {
        err() << "soak: " << demo << "/catalog.json: no products to serve" << Qt::endl;
        return false;
    }
    // The operator's content folder: the demo's slides and pictures, and a theme.
    QDir().mkpath(path(QStringLiteral("content/images")));
    const QDir images(demo + QStringLiteral("/images"));
    for (const QString &name : images.entryList(QDir::Files))
        QFile::copy(images.filePath(name), path(QStringLiteral("content/images/")) + name);
    if (!reloadContent())
        return false;
    m_reloads = 0;

    if (!startServer())
        return false;

    QByteArray config = readFile(demo + QStringLiteral("/shelf.toml"));
    const int slotCount = int(config.count("[[slot]]"));
    const QByteArray replacements[][2] = {
        {"tcp://127.0.0.1:5556", m_endpoints[0].toUtf8()},
        {"tcp://127.0.0.1:5557", m_endpoints[1].toUtf8()},
        {"tcp://127.0.0.1:5558", m_endpoints[2].toUtf8()},
        {"content = \".\"", "content = \"content\""},
        // The display's products and unsent events live in the run's folder.
        {"[feed]\n", "[feed]\nstore = \"data/shelf.db\"\n"},
    };
    for (const auto &replacement : replacements) {
        if (!config.contains(replacement[0])) {
            err() << "soak: " << demo << "/shelf.toml has no " << replacement[0] << Qt::endl;
            return false;
        }
        config.replace(replacement[0], replacement[1]);
    }
    m_config = config;
    if (slotCount == 0 || !writeFile(path(QStringLiteral("shelf.toml")), config)
        || !writeFile(path(QStringLiteral("soak.script")), scriptText(slotCount))) {
        err() << "soak: cannot write the shelf's files in " << m_dir.path() << Qt::endl;
        return false;
    }

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // Whatever the display keeps by default stays in the run's folder too.
    environment.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("xdg-data")));
    m_display.setProcessEnvironment(environment);
    m_display.setProcessChannelMode(QProcess::MergedChannels);
    m_display.setStandardOutputFile(path(QStringLiteral("display.log")));
    connect(&m_display, &QProcess::finished, this, &Soak::displayFinished);
    m_display.start(QStringLiteral(SHELFSCREEN_BIN),
                    {QStringLiteral("--config"), path(QStringLiteral("shelf.toml")),
                     QStringLiteral("--script"), path(QStringLiteral("soak.script")),
                     QStringLiteral("--trace"), path(QStringLiteral("trace.jsonl")),
                     // The run follows one file: 100 price updates a second (100-byte lines)
                     // are 35 MiB of trace an hour; the largest bound keeps a night unrotated.
                     QStringLiteral("--trace-max-mib"), QStringLiteral("4096"),
                     QStringLiteral("--size"), QStringLiteral("1280x720")});
    if (!m_display.waitForStarted(20000)) {
        err() << "soak: " << SHELFSCREEN_BIN << ": " << m_display.errorString() << Qt::endl;
        return false;
    }
    m_clock.start();

    out() << "soak: " << m_settings.seconds / 60 << " min in " << m_dir.path() << "\n"
          << "  a shopper action every second (" << m_scriptedActions << " scripted), "
          << pricesPerSecond << " price updates a second, store server restarted every "
          << m_settings.restartEverySeconds << " s, content reloaded every "
          << m_settings.reloadEverySeconds << " s, warm-up " << m_settings.warmUpSeconds << " s\n"
          << "  reload: attract.toml, theme.toml and shelf.toml (return_hold_s 4 <-> 5)\n"
          << Qt::endl;
    out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9  %10\n")
                 .arg(QStringLiteral("t_s"), 6)
                 .arg(QStringLiteral("rss_MiB"), 8)
                 .arg(QStringLiteral("fds"), 5)
                 .arg(QStringLiteral("threads"), 7)
                 .arg(QStringLiteral("decided"), 8)
                 .arg(QStringLiteral("acked"), 7)
                 .arg(QStringLiteral("stored"), 7)
                 .arg(QStringLiteral("prices"), 8)
                 .arg(QStringLiteral("p_seen"), 8)
                 .arg(QStringLiteral("note"))
          << Qt::flush;

    connect(&m_priceTimer, &QTimer::timeout, this, &Soak::sendPrices);
    m_priceTimer.start(100);
    connect(&m_tickTimer, &QTimer::timeout, this, &Soak::tick);
    m_tickTimer.start(1000);
    return true;
}

bool Soak::startServer()
{
    // The first start lets the system pick free ports; a restart binds the same ones, as a
    // restarted store server would, so the display's config stays right.
    const bool first = m_endpoints[0].isEmpty();
    const QString any = QStringLiteral("tcp://127.0.0.1:*");
    m_serverOutput.clear();
    m_serverErrors.clear();
    m_serverEpoch.clear();
    m_server.start(QStringLiteral(SHELFFEED_BIN),
                   {QStringLiteral("--catalog"), path(QStringLiteral("catalog.json")),
                    QStringLiteral("--events-log"), path(QStringLiteral("events.jsonl")),
                    QStringLiteral("--snapshot"), first ? any : m_endpoints[0],
                    QStringLiteral("--updates"), first ? any : m_endpoints[1],
                    QStringLiteral("--events"), first ? any : m_endpoints[2]});
    QElapsedTimer waited;
    waited.start();
    while (m_serverEpoch.isEmpty() && waited.elapsed() < 20000
           && m_server.state() != QProcess::NotRunning) {
        m_server.waitForReadyRead(1000);
        readServer();
    }
    if (m_serverEpoch.isEmpty()) {
        err() << "soak: " << SHELFFEED_BIN << " did not start serving: " << m_serverErrors
              << m_server.errorString() << Qt::endl;
        m_stoppingServer = true;
        m_server.kill();
        m_server.waitForFinished();
        m_stoppingServer = false;
        return false;
    }
    m_serverUp = true;
    return true;
}

void Soak::readServer()
{
    m_serverOutput += m_server.readAllStandardOutput();
    qsizetype start = 0;
    qsizetype end;
    while ((end = m_serverOutput.indexOf('\n', start)) >= 0) {
        const QByteArray line = m_serverOutput.mid(start, end - start);
        start = end + 1;
        if (line.startsWith("ok price ")) {
            ++m_pricesOk;
            continue;
        }
        const QList<QByteArray> words = line.split(' ');
        if (words.size() != 2)
            continue;
        if (words[0] == "epoch")
            m_serverEpoch = words[1];
        const int index = words[0] == "snapshot" ? 0
            : words[0] == "updates"              ? 1
            : words[0] == "events"               ? 2
                                                 : -1;
        if (index >= 0 && m_endpoints[index].isEmpty())
            m_endpoints[index] = QString::fromUtf8(words[1]);
    }
    m_serverOutput.remove(0, start);
}

void Soak::sendPrices()
{
    const int now = elapsedSeconds();
    if (!m_serverUp || now >= m_settings.seconds - graceSeconds)
        return;
    // Paced by the clock rather than by the timer, so a late timer does not lower the rate.
    const qint64 due = std::min<qint64>(m_clock.elapsed() * pricesPerSecond / 1000 - m_pricesSent,
                                        pricesPerSecond);
    QByteArray commands;
    for (qint64 i = 0; i < due; ++i, ++m_pricesSent) {
        const int product = int(m_pricesSent % m_skus.size());
        // Between 80 % and 100 % of the catalog price: always a valid amount, never above the
        // regular price.
        const qint64 cents
            = m_baseCents[product] * (80 + (m_pricesSent / m_skus.size()) % 21) / 100;
        commands += "price " + m_skus[product].toUtf8() + ' ' + QByteArray::number(cents / 100)
            + '.' + QByteArray::number(cents % 100).rightJustified(2, '0') + '\n';
    }
    if (!commands.isEmpty())
        m_server.write(commands);
}

bool Soak::reloadContent()
{
    // Alternately the operator rewrites a file in place and saves a new one over it (rename), as
    // different editors do; the slides' title and the theme's colours change each time.
    ++m_reloads;
    const int version = ++m_contentVersion;
    QByteArray attract = readFile(QStringLiteral(SHELF_DEMO_DIR "/attract.toml"));
    attract.replace("\"Mango week\"", "\"Mango week " + QByteArray::number(version) + '"');
    const QByteArray theme = version % 2
        ? QByteArray("background = \"#f6f3ec\"\ntext = \"#1d2327\"\n")
        : QByteArray("background = \"#101418\"\nsurface = \"#1c2227\"\ntext = \"#f0f0f0\"\n"
                     "mutedText = \"#b8c2c9\"\naccent = \"#7fd1a8\"\ntextOnAccent = \"#101418\"\n"
                     "promotion = \"#ff8a80\"\ntextOnPromotion = \"#101418\"\n");
    // The shelf config too, once the display runs on it: a timeout changed, applied in place.
    QList<std::pair<QString, QByteArray>> files{{QStringLiteral("content/attract.toml"), attract},
                                                {QStringLiteral("content/theme.toml"), theme}};
    if (!m_config.isEmpty()) {
        QByteArray config = m_config;
        config.replace("return_hold_s = 4",
                       version % 2 ? "return_hold_s = 4" : "return_hold_s = 5");
        files.append({QStringLiteral("shelf.toml"), config});
        ++m_configRewrites;
    }
    for (const auto &[name, bytes] : std::as_const(files)) {
        bool written = false;
        if (version % 2) {
            written = writeFile(path(name), bytes);
        } else {
            QSaveFile file(path(name));
            written = file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size()
                && file.commit();
        }
        if (!written) {
            err() << "soak: cannot write " << path(name) << Qt::endl;
            return false;
        }
    }
    return true;
}

void Soak::pollFiles()
{
    m_trace.poll([this](const QJsonObject &line) {
        const QString event = line.value(u"event").toString();
        if (event == u"fusion_decision") {
            ++m_counts.decided;
        } else if (event == u"event_acked") {
            m_counts.ackedIds.insert(line.value(u"id").toString());
        } else if (event == u"feed_update") {
            ++m_counts.priceUpdates;
        } else if (event == u"feed_rejected") {
            ++m_counts.rejected;
        } else if (event == u"feed_snapshot") {
            ++m_counts.snapshots;
        } else if (event == u"feed_resync") {
            ++m_counts.resyncs;
        } else if (event == u"feed_health") {
            m_counts.wentStale += line.value(u"health").toString() == u"stale";
        } else if (event == u"attract_content") {
            ++m_counts.attractLoads;
        } else if (event == u"config_applied") {
            ++m_counts.configApplied;
        } else if (event == u"config_rejected") {
            ++m_counts.configRejected;
        } else if (event == u"content_rejected") {
            ++m_counts.contentRejected;
        } else if (event == u"theme_contrast") {
            ++m_counts.themeContrast;
        }
    });
    m_stored.poll([this](const QJsonObject &line) {
        // The display's own status and command answers are not shopper events: counted apart.
        const QString type = line.value(u"type").toString();
        if (type == u"status" || type == u"command_result") {
            m_displayEventIds.insert(line.value(u"event_id").toString());
            return;
        }
        ++m_storedLines;
        m_storedIds.insert(line.value(u"event_id").toString());
    });
    // The store stores an event before it acknowledges it, and the trace is read first: every
    // acknowledged status is known by now.
    m_counts.acked = int((m_counts.ackedIds - m_displayEventIds).size());
}

bool Soak::drained() const
{
    return m_counts.decided == m_counts.acked && m_counts.acked == m_storedIds.size();
}

void Soak::takeSample(const QString &note)
{
    const std::optional<ProcessSample> process = sampleProcess(m_display.processId());
    if (!process)
        return;
    Sample sample{elapsedSeconds(),        *process,        m_counts.decided,      m_counts.acked,
                  int(m_storedIds.size()), int(m_pricesOk), m_counts.priceUpdates, note};
    m_samples.append(sample);
    out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9  %10\n")
                 .arg(sample.atSeconds, 6)
                 .arg(sample.process.rssMiB, 8, 'f', 1)
                 .arg(sample.process.fds, 5)
                 .arg(sample.process.threads, 7)
                 .arg(sample.decided, 8)
                 .arg(sample.acked, 7)
                 .arg(sample.stored, 7)
                 .arg(sample.pricesAccepted, 8)
                 .arg(sample.pricesSeen, 8)
                 .arg(note)
          << Qt::flush;
}

void Soak::tick()
{
    if (m_finished)
        return;
    pollFiles();
    const int now = elapsedSeconds();
    QStringList notes;
    if (now >= m_lastRestartAt + m_settings.restartEverySeconds
        && now < m_settings.seconds - quietBeforeEndSeconds) {
        // Killed as a crash or a pulled cable would stop it, then back on the same endpoints.
        m_lastRestartAt = now;
        m_serverUp = false;
        m_stoppingServer = true;
        m_server.kill();
        m_server.waitForFinished(10000);
        m_stoppingServer = false;
        readServer();
        if (!startServer()) {
            fail(QStringLiteral("the store server did not come back on its endpoints"));
            return;
        }
        ++m_restarts;
        notes << QStringLiteral("store server restarted");
    }
    if (now >= m_lastReloadAt + m_settings.reloadEverySeconds
        && now < m_settings.seconds - graceSeconds) {
        m_lastReloadAt = now;
        if (!reloadContent()) {
            fail(QStringLiteral("the content files could not be rewritten"));
            return;
        }
        notes << QStringLiteral("content reloaded");
    }
    const bool quiet = now >= m_settings.seconds - graceSeconds + 10;
    if (quiet && drained()) {
        if (m_drainedSince < 0)
            m_drainedSince = now;
    } else {
        m_drainedSince = -1;
    }
    // The end sample: drained and settled for a while, or just before the display quits.
    if (m_endSample < 0
        && ((m_drainedSince >= 0 && now - m_drainedSince >= 10) || now >= m_settings.seconds - 3)) {
        notes << (drained() ? QStringLiteral("end, outbox drained")
                            : QStringLiteral("end, outbox NOT drained"));
        takeSample(notes.join(QStringLiteral(", ")));
        m_endSample = int(m_samples.size()) - 1;
        m_lastSampleAt = now;
        return;
    }
    if (now - m_lastSampleAt >= sampleEverySeconds || !notes.isEmpty()) {
        if (m_baseline < 0 && now >= m_settings.warmUpSeconds)
            notes.prepend(QStringLiteral("after warm-up: baseline"));
        m_lastSampleAt = now;
        takeSample(notes.join(QStringLiteral(", ")));
        if (m_baseline < 0 && now >= m_settings.warmUpSeconds)
            m_baseline = int(m_samples.size()) - 1;
    }
    if (now > m_settings.seconds + 60)
        fail(QStringLiteral("the display did not quit at the end of its script"));
}

void Soak::displayFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_finished)
        return;
    if (status != QProcess::NormalExit || exitCode != 0) {
        fail(QStringLiteral("the display exited with %1 at %2 s")
                 .arg(status == QProcess::NormalExit ? QStringLiteral("code %1").arg(exitCode)
                                                     : QStringLiteral("a crash"))
                 .arg(elapsedSeconds()));
        return;
    }
    if (elapsedSeconds() < m_settings.seconds - graceSeconds) {
        fail(QStringLiteral("the display quit early, at %1 s").arg(elapsedSeconds()));
        return;
    }
    finish();
}

void Soak::fail(const QString &why)
{
    if (m_finished)
        return;
    err() << "soak: FAILED: " << why << Qt::endl;
    m_exitCode = 1;
    finish();
}

void Soak::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_priceTimer.stop();
    m_tickTimer.stop();
    if (m_display.state() != QProcess::NotRunning) {
        m_display.kill();
        m_display.waitForFinished(10000);
    }
    m_stoppingServer = true;
    m_server.kill();
    m_server.waitForFinished(10000);
    readServer();
    pollFiles();

    QStringList failures;
    const auto row = [](const QString &what, const QString &value, const QString &check = {}) {
        out() << QStringLiteral("  %1 %2  %3\n").arg(what, -44).arg(value, 16).arg(check);
    };
    out() << "\nsummary (" << elapsedSeconds() << " s)\n";
    row(QStringLiteral("shopper actions scripted"), QString::number(m_scriptedActions));
    row(QStringLiteral("events decided by the display"), QString::number(m_counts.decided));
    row(QStringLiteral("events acknowledged (display trace)"), QString::number(m_counts.acked),
        m_counts.acked == m_counts.decided ? QStringLiteral("= decided")
                                           : QStringLiteral("FAIL: != decided"));
    row(QStringLiteral("events stored by the store (distinct)"),
        QString::number(m_storedIds.size()),
        m_storedIds.size() == m_counts.decided ? QStringLiteral("= decided")
                                               : QStringLiteral("FAIL: != decided"));
    row(QStringLiteral("events stored twice"), QString::number(m_storedLines - m_storedIds.size()),
        m_storedLines == m_storedIds.size() ? QString() : QStringLiteral("FAIL"));
    const qsizetype ackedNotStored = (m_counts.ackedIds - m_storedIds - m_displayEventIds).size();
    row(QStringLiteral("acknowledged but not stored"), QString::number(ackedNotStored),
        ackedNotStored ? QStringLiteral("FAIL") : QString());
    // Equal counts prove nothing if nothing flowed.
    if (m_counts.decided == 0 || m_counts.priceUpdates == 0)
        failures << QStringLiteral("no shopper event or no price update went through");
    if (m_counts.acked != m_counts.decided || m_storedIds.size() != m_counts.decided)
        failures << QStringLiteral("events decided, acknowledged and stored differ");
    if (m_storedLines != m_storedIds.size() || ackedNotStored)
        failures << QStringLiteral("the store's events log disagrees with the acknowledgements");
    row(QStringLiteral("price updates sent (accepted by the store)"),
        QStringLiteral("%1 (%2)").arg(m_pricesSent).arg(m_pricesOk));
    row(QStringLiteral("price updates received by the display"),
        QString::number(m_counts.priceUpdates));
    row(QStringLiteral("records rejected by the display"), QString::number(m_counts.rejected));
    row(QStringLiteral("store server restarts"), QString::number(m_restarts));
    row(QStringLiteral("snapshots / resyncs / feed went stale"),
        QStringLiteral("%1 / %2 / %3")
            .arg(m_counts.snapshots)
            .arg(m_counts.resyncs)
            .arg(m_counts.wentStale));
    // The first load is at start; each reload after that is one more.
    row(QStringLiteral("content reloads (slides loaded after start)"),
        QStringLiteral("%1 (%2)").arg(m_reloads).arg(std::max(0, m_counts.attractLoads - 1)),
        m_counts.attractLoads - 1 == m_reloads ? QString()
                                               : QStringLiteral("FAIL: a reload was not applied"));
    if (m_counts.attractLoads - 1 != m_reloads)
        failures << QStringLiteral("not every content reload reached the screen");
    row(QStringLiteral("shelf config rewrites applied / rejected"),
        QStringLiteral("%1 of %2 / %3")
            .arg(m_counts.configApplied)
            .arg(m_configRewrites)
            .arg(m_counts.configRejected),
        m_counts.configApplied == m_configRewrites && m_counts.configRejected == 0
            ? QString()
            : QStringLiteral("FAIL: a config change was not applied"));
    if (m_counts.configApplied != m_configRewrites || m_counts.configRejected != 0)
        failures << QStringLiteral("not every shelf config change was applied");
    row(QStringLiteral("content rejected / theme contrast problems"),
        QStringLiteral("%1 / %2").arg(m_counts.contentRejected).arg(m_counts.themeContrast));
    row(QStringLiteral("unreadable trace lines"), QString::number(m_trace.unreadable()));

    if (m_baseline >= 0 && m_endSample > m_baseline) {
        const Sample &from = m_samples[m_baseline];
        const Sample &to = m_samples[m_endSample];
        const auto growth = [&](const QString &what, double a, double b, double bound,
                                int precision) {
            const bool ok = b - a <= bound;
            row(what,
                QStringLiteral("%1 -> %2").arg(a, 0, 'f', precision).arg(b, 0, 'f', precision),
                QStringLiteral("%1%2 (bound +%3)%4")
                    .arg(b - a >= 0 ? QStringLiteral("+") : QString())
                    .arg(b - a, 0, 'f', precision)
                    .arg(bound, 0, 'f', precision)
                    .arg(ok ? QString() : QStringLiteral(" FAIL")));
            if (!ok)
                failures << QStringLiteral("%1 grew beyond its bound").arg(what);
        };
        out() << QStringLiteral("  growth from %1 s to %2 s:\n")
                     .arg(from.atSeconds)
                     .arg(to.atSeconds);
        growth(QStringLiteral("resident memory, MiB"), from.process.rssMiB, to.process.rssMiB,
               rssGrowthBoundMiB, 1);
        growth(QStringLiteral("open file descriptors"), from.process.fds, to.process.fds,
               fdGrowthBound, 0);
        growth(QStringLiteral("threads"), from.process.threads, to.process.threads,
               threadGrowthBound, 0);
    } else {
        failures << QStringLiteral("no samples after warm-up to compare");
    }
    if (m_exitCode != 0)
        failures << QStringLiteral("the run did not complete");
    if (!failures.isEmpty()) {
        m_exitCode = 1;
        out() << "soak: FAILED: " << failures.join(QStringLiteral("; ")) << "\n";
        out() << "  display log: " << path(QStringLiteral("display.log"))
              << (m_settings.keep ? "" : " (removed; --keep keeps it)") << "\n";
    } else {
        out() << "soak: passed\n";
    }
    out() << Qt::flush;
    QCoreApplication::exit(m_exitCode);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs shelfscreen against shelffeed under a store's load and checks that no shopper event "
        "is lost and that memory, file descriptors and threads stay flat."));
    parser.addHelpOption();
    const QCommandLineOption minutes(QStringLiteral("minutes"),
                                     QStringLiteral("Length of the run, 2 to 1440."),
                                     QStringLiteral("N"), QStringLiteral("60"));
    const QCommandLineOption restartEvery(QStringLiteral("restart-every"),
                                          QStringLiteral("Restart the store server every S "
                                                         "seconds, 10 to 86400."),
                                          QStringLiteral("S"), QStringLiteral("600"));
    const QCommandLineOption reloadEvery(QStringLiteral("reload-every"),
                                         QStringLiteral("Rewrite the content files every S "
                                                        "seconds, 10 to 86400."),
                                         QStringLiteral("S"), QStringLiteral("300"));
    const QCommandLineOption keep(QStringLiteral("keep"),
                                  QStringLiteral("Keep the run's folder (trace, logs, config)."));
    parser.addOptions({minutes, restartEvery, reloadEvery, keep});
    if (!parser.parse(QCoreApplication::arguments())) {
        err() << "soak: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    const auto number = [&](const QCommandLineOption &option, int low, int high) {
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        return ok && value >= low && value <= high ? std::optional<int>(value) : std::nullopt;
    };
    const std::optional<int> runMinutes = number(minutes, 2, 1440);
    const std::optional<int> restartSeconds = number(restartEvery, 10, 86400);
    const std::optional<int> reloadSeconds = number(reloadEvery, 10, 86400);
    if (!runMinutes || !restartSeconds || !reloadSeconds) {
        err() << "soak: --minutes must be 2 to 1440, --restart-every and --reload-every 10 to "
                 "86400"
              << Qt::endl;
        return 2;
    }
    Settings settings;
    settings.seconds = *runMinutes * 60;
    settings.restartEverySeconds = *restartSeconds;
    settings.reloadEverySeconds = *reloadSeconds;
    settings.warmUpSeconds = std::min(60, settings.seconds / 4);
    settings.keep = parser.isSet(keep);
    Soak soak(settings);
    if (!soak.start())
        return 2;
    return app.exec();
}
