// What the display keeps resident: the demo shelf after --minutes N, the display holding a
// store's 10,000-product catalog from a real store server, and the growth over many lifts played
// through the synthetic camera. Each with where the memory goes, read from /proc/PID/smaps.
//
//   bench_memory [demo] [catalog] [lifts] [--minutes N] [--products N] [--lifts N]
//                [--warm-up-lifts N] [--settle-s N] [--shelfscreen PATH] [--shelffeed PATH]
//
// Without a measure named, all three are taken, one after the other.
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
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <vector>

using namespace shelf::bench;

namespace {

void printFigure(const char *id, double mib)
{
    out() << "figure " << id << ' ' << QString::number(mib, 'f', 1) << " MiB\n" << Qt::flush;
}

void printBreakdown(qint64 pid)
{
    if (const std::optional<MemoryBreakdown> breakdown = memoryBreakdown(pid))
        out() << "  where it is (smaps Rss):\n" << formatBreakdown(*breakdown) << Qt::flush;
}

struct Settings
{
    QString shelfscreen = QStringLiteral(SHELFSCREEN_BIN);
    QString shelffeed = QStringLiteral(SHELFFEED_BIN);
    int minutes = 10;
    int products = 10000;
    int lifts = 10000;
    int warmUpLifts = 300;
    int settleSeconds = 60;
};

// A shelf's folder: the store server serving a catalog, and a display with the demo shelf's
// config pointed at it, its product cache and trace in the folder.
class Shelf
{
public:
    ~Shelf() { stop(); }

    // Writes the folder's files and starts the store server; an error message, or empty.
    QString prepare(const Settings &settings, const QByteArray &catalog, bool wholeCatalog);
    QString startDisplay(const QStringList &extra);
    qint64 displayPid() const { return m_display.processId(); }
    qint64 serverPid() const { return m_server.processId(); }
    bool displayRunning() const { return m_display.state() == QProcess::Running; }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    // Counts the trace's lines of this event (and, if given, this type) written so far.
    int traced(const QString &event, const QString &type = {});
    // The value of the newest traced line of this event.
    std::optional<QJsonObject> lastTraced(const QString &event);
    void stop();

private:
    void readTrace();

    Settings m_settings;
    QTemporaryDir m_dir;
    QProcess m_server;
    QProcess m_display;
    std::optional<LineFollower> m_trace;
    QHash<QString, int> m_counts;
    QHash<QString, QJsonObject> m_last;
};

QString Shelf::prepare(const Settings &settings, const QByteArray &catalog, bool wholeCatalog)
{
    m_settings = settings;
    if (!m_dir.isValid())
        return QStringLiteral("cannot make a temporary folder: %1").arg(m_dir.errorString());
    const QString demo = QStringLiteral(SHELF_DEMO_DIR);
    QDir().mkpath(path(QStringLiteral("images")));
    const QDir images(demo + QStringLiteral("/images"));
    for (const QString &name : images.entryList(QDir::Files))
        QFile::copy(images.filePath(name), path(QStringLiteral("images/")) + name);
    if (!writeFile(path(QStringLiteral("catalog.json")), catalog))
        return QStringLiteral("cannot write %1").arg(path(QStringLiteral("catalog.json")));

    m_server.setStandardErrorFile(path(QStringLiteral("shelffeed.log")));
    m_server.start(m_settings.shelffeed,
                   {QStringLiteral("--catalog"), path(QStringLiteral("catalog.json")),
                    QStringLiteral("--snapshot"), QStringLiteral("tcp://127.0.0.1:*"),
                    QStringLiteral("--updates"), QStringLiteral("tcp://127.0.0.1:*"),
                    QStringLiteral("--events"), QStringLiteral("tcp://127.0.0.1:*"),
                    QStringLiteral("--events-log"), path(QStringLiteral("events.jsonl"))});
    // The server prints its bound endpoints, one a line, then its epoch.
    QHash<QByteArray, QByteArray> bound;
    QByteArray output;
    QElapsedTimer waited;
    waited.start();
    while (!bound.contains("epoch") && waited.elapsed() < 60000
           && m_server.state() != QProcess::NotRunning) {
        m_server.waitForReadyRead(1000);
        output += m_server.readAllStandardOutput();
        for (const QByteArray &line : output.split('\n')) {
            const QList<QByteArray> words = line.split(' ');
            if (words.size() == 2)
                bound.insert(words[0], words[1]);
        }
    }
    if (!bound.contains("epoch") || !bound.contains("snapshot"))
        return QStringLiteral("%1 did not start serving (%2)")
            .arg(m_settings.shelffeed,
                 QString::fromUtf8(readFile(path(QStringLiteral("shelffeed.log"))).right(400)));

    QByteArray config = readFile(demo + QStringLiteral("/shelf.toml"));
    const QByteArray replacements[][2] = {
        {"tcp://127.0.0.1:5556", bound.value("snapshot")},
        {"tcp://127.0.0.1:5557", bound.value("updates")},
        {"tcp://127.0.0.1:5558", bound.value("events")},
        {"[feed]\n",
         "[feed]\nstore = \"data/shelf.db\"\n"
             + QByteArray(wholeCatalog ? "whole_catalog = true\n" : "")},
    };
    for (const auto &replacement : replacements) {
        if (!config.contains(replacement[0]))
            return QStringLiteral("%1/shelf.toml has no %2")
                .arg(demo, QString::fromUtf8(replacement[0]));
        config.replace(replacement[0], replacement[1]);
    }
    if (!writeFile(path(QStringLiteral("shelf.toml")), config))
        return QStringLiteral("cannot write %1").arg(path(QStringLiteral("shelf.toml")));
    return {};
}

QString Shelf::startDisplay(const QStringList &extra)
{
    QProcessEnvironment environment = displayEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("xdg-data")));
    m_display.setProcessEnvironment(environment);
    m_display.setProcessChannelMode(QProcess::MergedChannels);
    m_display.setStandardOutputFile(path(QStringLiteral("display.log")));
    m_display.start(m_settings.shelfscreen,
                    QStringList{QStringLiteral("--config"), path(QStringLiteral("shelf.toml")),
                                QStringLiteral("--trace"), path(QStringLiteral("trace.jsonl")),
                                QStringLiteral("--trace-max-mib"), QStringLiteral("4096")}
                        + extra);
    if (!m_display.waitForStarted(20000))
        return QStringLiteral("%1: %2").arg(m_settings.shelfscreen, m_display.errorString());
    m_trace.emplace(path(QStringLiteral("trace.jsonl")));
    return {};
}

void Shelf::readTrace()
{
    if (!m_trace)
        return;
    m_trace->poll([this](const QJsonObject &line) {
        const QString event = line.value(u"event").toString();
        const QString type = line.value(u"type").toString();
        ++m_counts[event];
        if (!type.isEmpty())
            ++m_counts[event + u'/' + type];
        m_last.insert(event, line);
    });
}

int Shelf::traced(const QString &event, const QString &type)
{
    readTrace();
    return m_counts.value(type.isEmpty() ? event : event + u'/' + type);
}

std::optional<QJsonObject> Shelf::lastTraced(const QString &event)
{
    readTrace();
    if (!m_last.contains(event))
        return std::nullopt;
    return m_last.value(event);
}

void Shelf::stop()
{
    for (QProcess *process : {&m_display, &m_server}) {
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(10000);
        }
    }
}

// rss_demo_10min: the demo shelf as scripts/demo starts it, nobody at the shelf.
bool measureDemo(const Settings &settings)
{
    out() << "\n== " << settings.shelfscreen << " --demo for " << settings.minutes
          << " min, nobody at the shelf\n"
          << Qt::flush;
    QTemporaryDir dir;
    QProcess display;
    QProcessEnvironment environment = displayEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("xdg-data")));
    display.setProcessEnvironment(environment);
    display.setProcessChannelMode(QProcess::MergedChannels);
    display.setStandardOutputFile(QProcess::nullDevice());
    display.start(settings.shelfscreen, {QStringLiteral("--demo")});
    if (!display.waitForStarted()) {
        out() << "bench_memory: " << settings.shelfscreen << " did not start\n";
        return false;
    }
    const qint64 pid = display.processId();
    const int seconds = settings.minutes * 60;
    // The attract loop's slides come and go, and with them a few MiB: the figure is the median
    // of the last minute's samples, one every 10 s.
    constexpr int every = 10;
    out() << QStringLiteral("  %1 %2\n")
                 .arg(QStringLiteral("t_s"), 6)
                 .arg(QStringLiteral("rss_MiB"), 8);
    std::vector<double> lastMinute;
    for (int t = every; t <= seconds; t += every) {
        QThread::sleep(every);
        const std::optional<double> rss = residentMib(pid);
        if (!rss) {
            out() << "bench_memory: the display exited at " << t << " s\n";
            return false;
        }
        if (t > seconds - 60)
            lastMinute.push_back(*rss);
        if (t % 60 == 0 || t > seconds - 60)
            out() << QStringLiteral("  %1 %2\n").arg(t, 6).arg(*rss, 8, 'f', 1) << Qt::flush;
    }
    std::sort(lastMinute.begin(), lastMinute.end());
    const double median = lastMinute[lastMinute.size() / 2];
    out() << "  last minute: median " << QString::number(median, 'f', 1) << " MiB, "
          << QString::number(lastMinute.front(), 'f', 1) << " to "
          << QString::number(lastMinute.back(), 'f', 1) << " MiB\n";
    out() << "  peak (VmHWM): " << QString::number(peakResidentMib(pid).value_or(0), 'f', 1)
          << " MiB\n";
    printBreakdown(pid);
    display.kill();
    display.waitForFinished();
    printFigure("rss_demo_10min", median);
    return true;
}

// The demo's twelve products and products.size() - 12 more made from them, as a store's
// catalog: each its own sku, barcode and name, pictures shared.
QByteArray generatedCatalog(int products)
{
    const QJsonArray demo
        = QJsonDocument::fromJson(readFile(QStringLiteral(SHELF_DEMO_DIR "/catalog.json"))).array();
    QJsonArray catalog = demo;
    for (int i = 0; catalog.size() < products && !demo.isEmpty(); ++i) {
        QJsonObject product = demo.at(i % demo.size()).toObject();
        const QString sku = QStringLiteral("29%1").arg(i, 11, 10, QLatin1Char('0'));
        product.insert(u"sku", sku);
        product.insert(u"barcodes", QJsonArray{sku});
        QJsonObject name = product.value(u"name").toObject();
        for (const QString &language : name.keys())
            name.insert(language, name.value(language).toString() + QStringLiteral(" %1").arg(i));
        product.insert(u"name", name);
        catalog.append(product);
    }
    return QJsonDocument(catalog).toJson(QJsonDocument::Compact);
}

// rss_catalog_10k: the demo shelf subscribed to the whole catalog of a store server.
bool measureCatalog(const Settings &settings)
{
    out() << "\n== the demo shelf holding a store's whole catalog of " << settings.products
          << " products (shelffeed), nobody at the shelf\n"
          << Qt::flush;
    Shelf shelf;
    if (QString error = shelf.prepare(settings, generatedCatalog(settings.products), true);
        !error.isEmpty() || !(error = shelf.startDisplay({})).isEmpty()) {
        out() << "bench_memory: " << error << '\n';
        return false;
    }
    QElapsedTimer clock;
    clock.start();
    std::optional<QJsonObject> snapshot;
    while (clock.elapsed() < 300000 && shelf.displayRunning()) {
        snapshot = shelf.lastTraced(QStringLiteral("feed_snapshot"));
        if (snapshot && snapshot->value(u"products").toInt() >= settings.products)
            break;
        QThread::msleep(200);
    }
    if (!snapshot || snapshot->value(u"products").toInt() < settings.products) {
        out() << "bench_memory: the display did not take the catalog's " << settings.products
              << " products within 300 s (see " << shelf.path(QStringLiteral("display.log"))
              << ")\n";
        return false;
    }
    out() << "  snapshot of " << snapshot->value(u"products").toInt() << " products taken after "
          << clock.elapsed() << " ms; RSS then "
          << QString::number(residentMib(shelf.displayPid()).value_or(0), 'f', 1) << " MiB; "
          << settings.settleSeconds << " s to settle\n"
          << Qt::flush;
    QThread::sleep(settings.settleSeconds);
    const std::optional<double> rss = residentMib(shelf.displayPid());
    if (!rss) {
        out() << "bench_memory: the display exited\n";
        return false;
    }
    out() << "  display: " << QString::number(*rss, 'f', 1) << " MiB, peak (VmHWM) "
          << QString::number(peakResidentMib(shelf.displayPid()).value_or(0), 'f', 1)
          << " MiB; store server: "
          << QString::number(residentMib(shelf.serverPid()).value_or(0), 'f', 1) << " MiB\n";
    printBreakdown(shelf.displayPid());
    printFigure("rss_catalog_10k", *rss);
    return true;
}

// Lifts and returns of one slot after another, through the synthetic camera as a shopper's hand
// would make them; the slots alternate between the two boards so that no arm reaches across the
// slot decided next.
QByteArray liftScript(int lifts, double periodSeconds)
{
    static const int order[] = {1, 7, 2, 8, 3, 9, 4, 10, 5, 11, 6, 12};
    QByteArray script = "# generated by bench_memory\n";
    double t = 3.0;
    for (int i = 0; i < lifts; ++i, t += periodSeconds) {
        const QByteArray slot = QByteArray::number(order[i % std::size(order)]);
        script += QByteArray::number(t, 'f', 2) + " lift " + slot + '\n';
        script += QByteArray::number(t + periodSeconds / 2, 'f', 2) + " return " + slot + '\n';
    }
    return script;
}

// growth_10k_lifts: resident memory after a warm-up of lifts against after all of them.
bool measureLifts(const Settings &settings)
{
    // The synthetic hand takes 8 frames to reach in and out at 15 fps, the scale settles, and
    // fusion waits for both: every lift and return is decided at 3.5 s a lift, some are missed at
    // 2.5 s. 10,000 lifts take 9.7 hours.
    constexpr double periodSeconds = 3.5;
    out() << "\n== " << settings.lifts << " lifts and returns on the demo shelf (synthetic camera "
          << "and scale, shelffeed), one every " << periodSeconds << " s: about "
          << qRound(settings.lifts * periodSeconds / 60) << " min\n"
          << Qt::flush;
    Shelf shelf;
    QString error
        = shelf.prepare(settings, readFile(QStringLiteral(SHELF_DEMO_DIR "/catalog.json")), false);
    if (error.isEmpty()
        && !writeFile(shelf.path(QStringLiteral("lifts.script")),
                      liftScript(settings.lifts, periodSeconds)))
        error = QStringLiteral("cannot write the script");
    if (error.isEmpty())
        error = shelf.startDisplay(
            {QStringLiteral("--script"), shelf.path(QStringLiteral("lifts.script"))});
    if (!error.isEmpty()) {
        out() << "bench_memory: " << error << '\n';
        return false;
    }
    const qint64 pid = shelf.displayPid();
    out() << QStringLiteral("  %1 %2 %3 %4\n")
                 .arg(QStringLiteral("t_s"), 6)
                 .arg(QStringLiteral("lifts"), 6)
                 .arg(QStringLiteral("returns"), 7)
                 .arg(QStringLiteral("rss_MiB"), 8)
          << Qt::flush;
    QElapsedTimer clock;
    clock.start();
    std::optional<double> afterWarmUp;
    std::optional<double> last;
    int lifted = 0;
    int lastPrinted = -1;
    // A lift the camera missed is not waited for: the run ends with the script.
    const qint64 deadlineMs = qint64((3 + settings.lifts * periodSeconds + 30) * 1000);
    while (clock.elapsed() < deadlineMs && shelf.displayRunning()) {
        QThread::msleep(500);
        lifted = shelf.traced(QStringLiteral("fusion_decision"), QStringLiteral("lift"));
        const int returned
            = shelf.traced(QStringLiteral("fusion_decision"), QStringLiteral("return"));
        last = residentMib(pid);
        if (!last)
            break;
        const bool warmedUp
            = !afterWarmUp && lifted >= settings.warmUpLifts && returned >= settings.warmUpLifts;
        if (warmedUp)
            afterWarmUp = last;
        const int step = std::max(1, settings.lifts / 20);
        if (warmedUp || lifted / step != lastPrinted / step) {
            lastPrinted = lifted;
            out() << QStringLiteral("  %1 %2 %3 %4%5\n")
                         .arg(clock.elapsed() / 1000, 6)
                         .arg(lifted, 6)
                         .arg(returned, 7)
                         .arg(*last, 8, 'f', 1)
                         .arg(warmedUp ? QStringLiteral("  after the warm-up") : QString())
                  << Qt::flush;
        }
        if (lifted >= settings.lifts && returned >= settings.lifts)
            break;
    }
    if (!afterWarmUp || !last) {
        out() << "bench_memory: the display decided " << lifted << " lifts, fewer than the "
              << settings.warmUpLifts << " of the warm-up (see "
              << shelf.path(QStringLiteral("display.log")) << ")\n";
        return false;
    }
    // What the display still holds once the last card went back to the attract loop.
    QThread::sleep(6);
    last = residentMib(pid).value_or(*last);
    out() << "  " << lifted << " lifts decided of " << settings.lifts << " in "
          << clock.elapsed() / 1000 << " s; RSS after " << settings.warmUpLifts
          << " lifts (warm-up) " << QString::number(*afterWarmUp, 'f', 1) << " MiB, at the end "
          << QString::number(*last, 'f', 1)
          << " MiB: " << QString::number(*last - *afterWarmUp, 'f', 1) << " MiB over the last "
          << lifted - settings.warmUpLifts << " lifts"
          << (settings.lifts < 10000 ? " (the figure below is over these, not 10,000)" : "")
          << "\n";
    printBreakdown(pid);
    printFigure("growth_10k_lifts", *last - *afterWarmUp);
    // bench/run's table says over how many lifts the growth was taken.
    out() << "figure growth_lifts_measured " << (lifted - settings.warmUpLifts) << " count\n";
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Resident memory of shelfscreen: the demo shelf after N minutes (demo), with a store's "
        "whole catalog (catalog), and its growth over many lifts (lifts)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("measures"),
                                 QStringLiteral("demo, catalog, lifts (default: all)"));
    const QCommandLineOption minutes(QStringLiteral("minutes"),
                                     QStringLiteral("demo: minutes to run, 1 to 600."),
                                     QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption products(QStringLiteral("products"),
                                      QStringLiteral("catalog: products, 12 to 100000."),
                                      QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption settle(QStringLiteral("settle-s"),
                                    QStringLiteral("catalog: seconds after the snapshot, 0 to "
                                                   "3600."),
                                    QStringLiteral("N"), QStringLiteral("60"));
    const QCommandLineOption lifts(QStringLiteral("lifts"),
                                   QStringLiteral("lifts: lifts to play, 20 to 100000 (10,000 "
                                                  "take 9.7 hours)."),
                                   QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption warmUp(QStringLiteral("warm-up-lifts"),
                                    QStringLiteral("lifts: the lifts before the first reading, "
                                                   "at most half of --lifts."),
                                    QStringLiteral("N"), QStringLiteral("300"));
    const QCommandLineOption shelfscreen(QStringLiteral("shelfscreen"),
                                         QStringLiteral("The display to measure."),
                                         QStringLiteral("PATH"), QStringLiteral(SHELFSCREEN_BIN));
    const QCommandLineOption shelffeed(QStringLiteral("shelffeed"),
                                       QStringLiteral("The store server to serve it."),
                                       QStringLiteral("PATH"), QStringLiteral(SHELFFEED_BIN));
    parser.addOptions({minutes, products, settle, lifts, warmUp, shelfscreen, shelffeed});
    parser.process(app);
    const auto number = [&](const QCommandLineOption &option, int low, int high) {
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        if (!ok || value < low || value > high) {
            out() << "bench_memory: --" << option.names().first() << " must be " << low << " to "
                  << high << '\n';
            std::exit(2);
        }
        return value;
    };
    Settings settings;
    settings.minutes = number(minutes, 1, 600);
    settings.products = number(products, 12, 100000);
    settings.settleSeconds = number(settle, 0, 3600);
    settings.lifts = number(lifts, 20, 100000);
    settings.warmUpLifts = number(warmUp, 1, settings.lifts / 2);
    settings.shelfscreen = parser.value(shelfscreen);
    settings.shelffeed = parser.value(shelffeed);

    QStringList measures = parser.positionalArguments();
    for (const QString &measure : std::as_const(measures)) {
        if (measure != u"demo" && measure != u"catalog" && measure != u"lifts") {
            out() << "bench_memory: unknown measure " << measure << " (demo, catalog, lifts)\n";
            return 2;
        }
    }
    if (measures.isEmpty())
        measures = {QStringLiteral("demo"), QStringLiteral("catalog"), QStringLiteral("lifts")};
    bool ok = true;
    if (measures.contains(u"demo"))
        ok = measureDemo(settings) && ok;
    if (measures.contains(u"catalog"))
        ok = measureCatalog(settings) && ok;
    if (measures.contains(u"lifts"))
        ok = measureLifts(settings) && ok;
    return ok ? 0 : 1;
}
