// The display's camera thread: slot events from the simulated shelf and from a video file, and a
// shelf config changed while it runs.
#include "queued_spy.h"

#include <scene_generator.h>
#include <shelf_config.h>
#include <synthetic_shelf.h>
#include <trace.h>
#include <vision_worker.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <gtest/gtest.h>

#include <map>
#include <optional>

using namespace shelf;
using shelf::test::QueuedSpy;

namespace {

QVector<QPointF> box(qreal x, qreal y, qreal w, qreal h)
{
    return {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
}

ShelfConfig syntheticShelf(const QVector<SlotConfig> &slots)
{
    ShelfConfig config;
    config.camera.source = QStringLiteral("synthetic");
    config.slots = slots;
    return config;
}

// A worker on its own thread, as the display runs it; stopped and joined at the end.
class RunningWorker
{
public:
    RunningWorker(const ShelfConfig &config,
                  std::shared_ptr<vision::SyntheticShelfState> state = nullptr,
                  Trace *trace = nullptr)
        : m_worker(config, std::move(state), trace)
        , m_events(&m_worker, &VisionWorker::slotEvent)
        , m_health(&m_worker, &VisionWorker::cameraHealthChanged)
        , m_frames(&m_worker, &VisionWorker::debugFrame)
        , m_finished(&m_worker, &VisionWorker::finished)
        , m_applied(&m_worker, &VisionWorker::configApplied)
    {
        m_worker.moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::started, &m_worker, &VisionWorker::run);
        // The operator view shows a frame at most every 100 ms of camera time: counting them
        // counts camera frames that went through the slots, without looking at a clock.
        m_worker.setDebugViewEnabled(true);
        m_thread.start();
    }
    ~RunningWorker()
    {
        m_worker.stop();
        m_thread.quit();
        m_thread.wait();
    }

    // As the owner does it: queued to the worker's thread. True once the worker says it took
    // effect; every slot event after that numbers the slots as config does.
    bool apply(const ShelfConfig &config)
    {
        m_applied.clear();
        VisionWorker *worker = &m_worker;
        QMetaObject::invokeMethod(worker, [worker, config] { worker->applyConfig(config); });
        return QTest::qWaitFor([this] { return !m_applied.isEmpty(); }, 60000);
    }

    // Waits until at least frames more camera frames were processed.
    bool waitFrames(int frames)
    {
        m_frames.clear();
        return QTest::qWaitFor([this, frames] { return m_frames.size() >= frames; }, 60000);
    }

    // The next slot event, or nullopt if none came in a minute.
    std::optional<SensorSlotEvent> nextEvent()
    {
        if (!QTest::qWaitFor([this] { return !m_events.isEmpty(); }, 60000))
            return std::nullopt;
        return std::get<0>(m_events.takeFirst());
    }

    // Every health report so far, oldest first.
    QList<bool> health()
    {
        QList<bool> reports;
        for (const auto &report : m_health.records())
            reports.append(std::get<0>(report));
        return reports;
    }
    bool waitHealth(qsizetype reports)
    {
        return QTest::qWaitFor([this, reports] { return m_health.size() >= reports; }, 60000);
    }
    bool waitFinished()
    {
        return QTest::qWaitFor([this] { return !m_finished.isEmpty(); }, 60000);
    }

private:
    VisionWorker m_worker;
    QThread m_thread;
    // Recorded on the test's thread: the worker's thread emits while the test reads.
    QueuedSpy<const SensorSlotEvent &> m_events;
    QueuedSpy<bool> m_health;
    QueuedSpy<const QImage &> m_frames;
    QueuedSpy<> m_finished;
    QueuedSpy<> m_applied;
};

} // namespace

TEST(VisionWorker, SlotsMovedAndAddedWhileRunningAreWatchedAndWhatIsOutStaysOut)
{
    const ShelfConfig before
        = syntheticShelf({{QStringLiteral("A"), QStringLiteral("sku-a"), box(40, 40, 160, 150)},
                          {QStringLiteral("B"), QStringLiteral("sku-b"), box(240, 40, 160, 150)}});
    auto shelf = std::make_shared<vision::SyntheticShelfState>(2);
    RunningWorker camera(before, shelf);
    ASSERT_TRUE(camera.waitHealth(1));
    EXPECT_EQ(camera.health(), QList<bool>{true});
    ASSERT_TRUE(camera.waitFrames(10)); // every slot learned

    shelf->setStocked(1, false);
    auto event = camera.nextEvent();
    ASSERT_TRUE(event);
    EXPECT_EQ(event->type, SensorSlotEvent::Type::Lift);
    EXPECT_EQ(event->slot, 1);

    // With B's product in the shopper's hand, A moves to the lower board and C is added.
    ShelfConfig after
        = syntheticShelf({{QStringLiteral("A"), QStringLiteral("sku-a"), box(40, 260, 160, 150)},
                          {QStringLiteral("B"), QStringLiteral("sku-b"), box(240, 40, 160, 150)},
                          {QStringLiteral("C"), QStringLiteral("sku-c"), box(440, 40, 160, 150)}});
    shelf->remap({0, 1, -1}); // as the display does: C is new and stocked, B still out
    ASSERT_TRUE(camera.apply(after));
    ASSERT_TRUE(camera.waitFrames(10)); // the new slots learned

    // B's product comes back: a return, not a lift of a slot learned while empty.
    shelf->setStocked(1, true);
    event = camera.nextEvent();
    ASSERT_TRUE(event);
    EXPECT_EQ(event->type, SensorSlotEvent::Type::Return);
    EXPECT_EQ(event->slot, 1);

    shelf->setStocked(2, false);
    event = camera.nextEvent();
    ASSERT_TRUE(event);
    EXPECT_EQ(event->type, SensorSlotEvent::Type::Lift);
    EXPECT_EQ(event->slot, 2);

    shelf->setStocked(0, false);
    event = camera.nextEvent();
    ASSERT_TRUE(event);
    EXPECT_EQ(event->type, SensorSlotEvent::Type::Lift);
    EXPECT_EQ(event->slot, 0);

    // A change the camera does not draw or watch leaves the source open.
    const qsizetype reports = camera.health().size();
    after.takeAfterSeconds = 10;
    ASSERT_TRUE(camera.apply(after));
    ASSERT_TRUE(camera.waitFrames(5));
    EXPECT_EQ(camera.health().size(), reports);
}

TEST(VisionWorker, ANewCameraSourceIsOpenedInsteadOfTheOneThatFailed)
{
    QTemporaryDir folder;
    ASSERT_TRUE(folder.isValid());
    vision::SceneDescription scene;
    scene.rows = 2;
    scene.columns = 3;
    scene.frameCount = 60;
    scene.actions = {{vision::SceneAction::Kind::Take, 10, 12, 4, 0}};
    vision::SceneGenerator clip(scene, SHELF_DEMO_DIR "/images");
    const QString base = QDir(folder.path()).filePath(QStringLiteral("clip"));
    ASSERT_EQ(clip.writeClip(base.toStdString()), "");
    const ConfigResult loaded = loadShelfConfig(base + QStringLiteral(".toml"));
    ASSERT_TRUE(loaded.config) << loaded.error.toStdString();

    ShelfConfig unplugged = *loaded.config;
    unplugged.camera.source = QDir(folder.path()).filePath(QStringLiteral("missing.avi"));
    RunningWorker camera(unplugged);
    ASSERT_TRUE(camera.waitHealth(1));
    EXPECT_EQ(camera.health(), QList<bool>{false});

    ASSERT_TRUE(camera.apply(*loaded.config));
    const auto event = camera.nextEvent();
    ASSERT_TRUE(event);
    EXPECT_EQ(event->type, SensorSlotEvent::Type::Lift);
    EXPECT_EQ(event->slot, 4);
    ASSERT_TRUE(camera.waitFinished()); // the end of the file
    EXPECT_EQ(camera.health(), (QList<bool>{false, true, false}));
}

// The trace names every frame only when asked (--trace-frames): 15 lines a second otherwise.
TEST(VisionWorker, FrameLinesAreTracedOnlyWhenAskedFor)
{
    QTemporaryDir dir;
    const ShelfConfig config
        = syntheticShelf({{QStringLiteral("A"), QStringLiteral("sku-a"), box(40, 40, 160, 150)}});
    for (const bool frameLines : {false, true}) {
        SCOPED_TRACE(frameLines ? "with frame lines" : "without");
        const QString path = dir.filePath(frameLines ? QStringLiteral("frames.jsonl")
                                                     : QStringLiteral("events.jsonl"));
        TraceOptions options;
        options.frameLines = frameLines;
        Trace trace;
        ASSERT_EQ(trace.open(path, options), QString());
        {
            RunningWorker camera(config, std::make_shared<vision::SyntheticShelfState>(1), &trace);
            ASSERT_TRUE(camera.waitHealth(1));
            ASSERT_TRUE(camera.waitFrames(5));
        }
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::ReadOnly));
        std::map<QString, int> events;
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (!line.isEmpty())
                events[QJsonDocument::fromJson(line).object().value(u"event").toString()]++;
        }
        EXPECT_EQ(events[QStringLiteral("camera_health")], 1) << "the trace was written";
        if (frameLines)
            EXPECT_GE(events[QStringLiteral("frame_captured")], 5);
        else
            EXPECT_EQ(events[QStringLiteral("frame_captured")], 0);
    }
}
