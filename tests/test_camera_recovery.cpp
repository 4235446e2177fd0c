// The camera as the display runs it, on the vision worker's thread: a stream that is missing,
// appears, ends and is there again.
#include <vision_worker.h>

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <iostream>
#include <mutex>

using namespace shelf;

namespace {

constexpr int waitMs = 20000;

// Ten frames of a shelf with one product, as a camera stream would send them; the file appears
// whole, as a camera does.
bool writeVideo(const QString &path)
{
    const QString partial = path + QStringLiteral(".partial.avi");
    {
        cv::VideoWriter writer(partial.toStdString(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'),
                               15, {320, 240});
        if (!writer.isOpened())
            return false;
        for (int i = 0; i < 10; ++i) {
            cv::Mat frame(240, 320, CV_8UC3, cv::Scalar(150, 158, 165));
            cv::rectangle(frame, {40, 40, 80, 100}, cv::Scalar(30, 60, 200), cv::FILLED);
            writer.write(frame);
        }
    }
    return QFile::rename(partial, path);
}

} // namespace

// A camera that goes away is opened again: with backoff while it is missing, at once when it
// stops sending and is there to reopen. A file:// URL is a stream to the display (opened with
// timeouts, read on its own thread), which ends after its last frame like an unplugged camera.
TEST(VisionWorker, ACameraMissingOrLostIsOpenedAgainOnceItIsBack)
{
    // A missing file goes through every capture backend OpenCV has; GStreamer's start alone
    // takes two seconds, which the test need not spend.
    qputenv("OPENCV_VIDEOIO_PRIORITY_GSTREAMER", "0");
    QTemporaryDir dir;
    const QString video = dir.filePath(QStringLiteral("camera.avi"));
    ShelfConfig config;
    config.camera.source = QStringLiteral("file://") + video;
    config.camera.width = 320;
    config.camera.height = 240;
    config.slots = {{QStringLiteral("A1"),
                     QStringLiteral("111"),
                     {{30, 30}, {130, 30}, {130, 150}, {30, 150}}}};
    VisionWorker worker(config, nullptr, nullptr);
    QThread thread;
    worker.moveToThread(&thread);
    QObject::connect(&thread, &QThread::started, &worker, &VisionWorker::run);
    // Up or down, and when (ms on the test's clock), taken on the worker's thread as it happens.
    QElapsedTimer clock;
    std::mutex mutex;
    QList<std::pair<bool, qint64>> changes;
    const auto health = [&] {
        std::lock_guard lock(mutex);
        return changes;
    };
    QObject::connect(
        &worker, &VisionWorker::cameraHealthChanged, &worker,
        [&](bool up) {
            std::lock_guard lock(mutex);
            changes.append({up, clock.elapsed()});
        },
        Qt::DirectConnection);
    clock.start();
    thread.start();
    const auto stop = qScopeGuard([&] {
        worker.stop();
        thread.quit();
        thread.wait(10000);
    });

    ASSERT_TRUE(QTest::qWaitFor([&] { return !health().isEmpty(); }, waitMs));
    EXPECT_FALSE(health().first().first) << "a missing camera reported up";
    ASSERT_TRUE(writeVideo(video));
    const qint64 appearedAt = clock.elapsed();
    // Up when it appeared, down when its stream ended, up again.
    ASSERT_TRUE(QTest::qWaitFor([&] { return health().size() >= 4; }, waitMs))
        << health().size() << " changes of the camera's health";
    const auto seen = health();
    EXPECT_TRUE(seen[1].first);
    EXPECT_FALSE(seen[2].first);
    EXPECT_TRUE(seen[3].first) << "the camera was not opened again once it was back";
    std::cout << "camera appeared: up " << seen[1].second - appearedAt
              << " ms later; camera lost and there again: up " << seen[3].second - seen[2].second
              << " ms later" << std::endl;
}
