// What the display costs while nobody is at the shelf: shelfscreen --demo (the synthetic camera
// at 15 fps, the attract loop) is started, left to settle, then its CPU time is read from
// /proc per thread over a measuring window, with its resident memory at the end.
//
//   bench_idle [--settle-s N] [--measure-s N] [--shelfscreen PATH] [--video-30fps]
//              [-- extra arguments]
//
// --shelfscreen measures another build of the display (the one before a change, say).
// --video-30fps: the camera is a 30 fps recording of the still demo shelf (Motion JPEG, as a
// webcam sends it), played at its own pace, instead of the synthetic camera at 15 fps.
#include "harness.h"

#include <camera_setup.h>
#include <shelf_config.h>
#include <synthetic_shelf.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <opencv2/videoio.hpp>

#include <algorithm>

using shelf::bench::out;

namespace {

// A recording of the still demo shelf at 30 fps, seconds long, and a copy of the demo config that
// uses it as its camera. Returns the config's path, or empty.
QString writeVideoShelf(const QDir &folder, int seconds)
{
    const QString demo = QStringLiteral(SHELF_DEMO_DIR);
    const shelf::ConfigResult loaded = shelf::loadShelfConfig(demo + QStringLiteral("/shelf.toml"));
    if (!loaded.config)
        return {};
    std::vector<shelf::vision::SyntheticShelfSource::Slot> slots;
    for (const shelf::SlotConfig &slot : loaded.config->slots)
        slots.push_back({shelf::toCvPolygon(slot.polygon), slot.sku.toStdString()});
    shelf::vision::SyntheticShelfSource::Options options;
    options.fps = 30;
    options.realtime = false;
    shelf::vision::SyntheticShelfSource scene(
        slots, std::make_shared<shelf::vision::SyntheticShelfState>(slots.size()), options);
    const QString clip = folder.filePath(QStringLiteral("shelf-30fps.avi"));
    // OpenCV's own Motion JPEG writer: it takes a quality (a webcam's is about 80).
    cv::VideoWriter writer(clip.toStdString(), cv::CAP_OPENCV_MJPEG,
                           cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30, options.size,
                           {cv::VIDEOWRITER_PROP_QUALITY, 80});
    shelf::vision::Frame frame;
    for (int i = 0; writer.isOpened() && i < seconds * 30 && scene.read(frame); ++i)
        writer.write(frame.image);
    if (!writer.isOpened())
        return {};
    writer.release();
    QFile original(demo + QStringLiteral("/shelf.toml"));
    if (!original.open(QIODevice::ReadOnly))
        return {};
    QString text = QString::fromUtf8(original.readAll());
    text.replace(QStringLiteral("source = \"synthetic\"     # \"camera:0\""),
                 QStringLiteral("source = \"%1\" # \"camera:0\"").arg(clip));
    text.replace(QStringLiteral("fps = 15"), QStringLiteral("fps = 30"));
    text.replace(QStringLiteral("content = \".\""), QStringLiteral("content = \"%1\"").arg(demo));
    text.replace(QStringLiteral("catalog = \"catalog.json\""),
                 QStringLiteral("catalog = \"%1/catalog.json\"").arg(demo));
    const QString config = folder.filePath(QStringLiteral("shelf.toml"));
    QFile copy(config);
    if (!copy.open(QIODevice::WriteOnly) || copy.write(text.toUtf8()) != text.toUtf8().size())
        return {};
    return config;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int settleS = 10;
    int measureS = 30;
    QStringList extra;
    bool video = false;
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
        else if (args[i] == u"--video-30fps")
            video = true;
    }
    QTemporaryDir folder;
    if (video) {
        // The recording outlasts the run: a file that ends leaves the display without a camera.
        const QString config = writeVideoShelf(QDir(folder.path()), settleS + measureS + 15);
        if (config.isEmpty()) {
            out() << "bench_idle: could not write the 30 fps recording of the demo shelf\n";
            return 2;
        }
        extra = QStringList{QStringLiteral("--config"), config} + extra;
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
    // For bench/run's table.
    out() << "figure " << (video ? "idle_cpu_video30 " : "idle_cpu_synthetic ")
          << QString::number(total, 'f', 1) << " pct\n";
    return 0;
}
