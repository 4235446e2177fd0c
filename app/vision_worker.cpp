#include "vision_worker.h"

#include "camera_setup.h"
#include "trace.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QThread>

#include <opencv2/imgproc.hpp>

Q_LOGGING_CATEGORY(lcVision, "shelf.vision")

namespace shelf {

namespace {

// About three looks a second at 15 fps for a product held up to the camera.
constexpr std::int64_t identifyEveryFrames = 5;

QImage toQImage(const cv::Mat &bgr)
{
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return QImage(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888).copy();
}

} // namespace

VisionWorker::VisionWorker(const ShelfConfig &config,
                           std::shared_ptr<vision::SyntheticShelfState> syntheticState,
                           Trace *trace)
    : m_config(config)
    , m_syntheticState(std::move(syntheticState))
    , m_trace(trace)
{
    qRegisterMetaType<SensorSlotEvent>();
}

VisionWorker::~VisionWorker() = default;

void VisionWorker::run()
{
    std::unique_ptr<vision::FrameSource> source = makeFrameSource(
        m_config, m_syntheticState ? QStringLiteral("synthetic") : m_config.camera.source,
        m_syntheticState);
    std::unique_ptr<vision::ShelfWatcher> watcher = makeShelfWatcher(m_config);
    std::unique_ptr<vision::AisleWatcher> aisle = makeAisleWatcher(m_config);

    const auto reportHealth = [this, &source](bool isUp) {
        if (m_trace) {
            m_trace->write(
                "camera_health",
                {{QStringLiteral("up"), isUp},
                 {QStringLiteral("source"), QString::fromStdString(source->describe())}});
        }
        Q_EMIT cameraHealthChanged(isUp);
    };
    bool up = false;
    bool firstAttempt = true;
    int reopenDelayMs = 250;
    qint64 lastDebugFrameUs = 0;
    vision::Frame frame;
    while (!m_stopRequested) {
        if (!up) {
            if (!source->open()) {
                if (std::exchange(firstAttempt, false))
                    reportHealth(false); // never up: say so once, not per retry
                qCWarning(lcVision).noquote()
                    << "camera" << QString::fromStdString(source->describe())
                    << "cannot be opened; retrying in" << reopenDelayMs << "ms";
                // Sleep in short steps so a stop request is honoured quickly.
                for (int waited = 0; waited < reopenDelayMs && !m_stopRequested; waited += 50)
                    QThread::msleep(50);
                reopenDelayMs = std::min(reopenDelayMs * 2, 8000);
                continue;
            }
            up = true;
            firstAttempt = false;
            reopenDelayMs = 250;
            reportHealth(true);
        }
        if (!source->read(frame)) {
            up = false;
            reportHealth(false);
            if (source->isFinite()) {
                qCInfo(lcVision) << "end of the video file";
                break;
            }
            qCWarning(lcVision).noquote() << "camera" << QString::fromStdString(source->describe())
                                          << "stopped delivering frames";
            continue;
        }
        const qint64 capturedUs = std::chrono::duration_cast<std::chrono::microseconds>(
                                      frame.capturedAt.time_since_epoch())
                                      .count();
        if (m_trace)
            m_trace->writeAt(capturedUs, "frame_captured",
                             {{QStringLiteral("frame"), qint64(frame.index)}});

        for (const vision::SlotEvent &event : watcher->process(frame.image, frame.index)) {
            SensorSlotEvent sensorEvent;
            sensorEvent.type = event.type == vision::SlotEvent::Type::Lift
                ? SensorSlotEvent::Type::Lift
                : SensorSlotEvent::Type::Return;
            sensorEvent.slot = int(event.slot);
            sensorEvent.confidence = event.confidence;
            sensorEvent.atMicros = capturedUs;
            sensorEvent.source = QStringLiteral("camera");
            if (m_trace) {
                m_trace->write(
                    "slot_change",
                    {{QStringLiteral("slot"), m_config.slots[int(event.slot)].id},
                     {QStringLiteral("type"),
                      event.type == vision::SlotEvent::Type::Lift ? QStringLiteral("empty")
                                                                  : QStringLiteral("stocked")},
                     {QStringLiteral("frame"), qint64(event.frameIndex)},
                     {QStringLiteral("confidence"), event.confidence}});
            }
            Q_EMIT slotEvent(sensorEvent);
        }
        if (aisle) {
            // The aisle may be learned as empty only while fusion holds nothing out of its slot
            // (a product taken earlier leaves its slot empty, and the aisle must still follow the
            // light) and no hand is in a slot.
            const bool mayLearn = !m_productsOut && allSlotsStill(*watcher, false);
            const auto change
                = aisle->process(frame.image, frame.index, capturedUs / 1000, mayLearn);
            if (aisle->outsidePicture()) {
                qCWarning(lcVision)
                    << "camera.aisle lies outside the camera's" << frame.image.cols << "x"
                    << frame.image.rows << "picture; takes come from the timeout alone";
                aisle.reset();
            } else if (change) {
                if (m_trace) {
                    m_trace->writeAt(capturedUs, "aisle_change",
                                     {{QStringLiteral("occupied"), change->occupied},
                                      {QStringLiteral("frame"), qint64(change->frameIndex)},
                                      {QStringLiteral("changed"), change->changedFraction},
                                      {QStringLiteral("since_us"), qint64(change->atMs * 1000)}});
                }
                // "Empty" is dated when the aisle emptied, not when the hold ran out.
                Q_EMIT aisleChanged(change->occupied, change->atMs * 1000);
            }
        }
        // Offered only when identification is idle: it never holds up capture or piles up frames.
        if (m_identification && frame.index % identifyEveryFrames == 0 && m_identification->claim())
            Q_EMIT frameForIdentification({frame.image.clone(), frame.index});
        if (m_debugView && capturedUs - lastDebugFrameUs > 100000) {
            lastDebugFrameUs = capturedUs;
            Q_EMIT debugFrame(toQImage(annotatedFrame(frame.image, *watcher, aisle.get())));
        }
    }
    Q_EMIT finished();
}

} // namespace shelf
