#include "vision_worker.h"

#include "camera_setup.h"
#include "trace.h"

#include <camera_step.h>

#include <QCoreApplication>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QThread>

#include <opencv2/imgproc.hpp>

Q_LOGGING_CATEGORY(lcVision, "shelf.vision")

namespace shelf {

namespace {

QImage toQImage(const cv::Mat &bgr)
{
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return QImage(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888).copy();
}

// Another camera, picture size or frame rate: nothing learned of the old picture applies.
bool sameCamera(const CameraConfig &a, const CameraConfig &b)
{
    return a.source == b.source && a.width == b.width && a.height == b.height && a.fps == b.fps;
}

// The simulated shelf draws the config's slots: other slots are another scene to render.
bool sameScene(const ShelfConfig &a, const ShelfConfig &b)
{
    if (a.slots.size() != b.slots.size())
        return false;
    for (qsizetype i = 0; i < a.slots.size(); ++i) {
        if (a.slots[i].polygon != b.slots[i].polygon || a.slots[i].sku != b.slots[i].sku)
            return false;
    }
    return true;
}

// A still shelf is watched at 5 frames a second: a hand reaching in is seen within 200 ms, and
// the camera is back at full rate well before the hand takes anything out of a slot.
constexpr std::chrono::milliseconds stillFrameInterval{200};

std::vector<std::size_t> slotIndexes(const QVector<int> &slots)
{
    std::vector<std::size_t> indexes;
    for (int slot : slots) {
        if (slot >= 0)
            indexes.push_back(std::size_t(slot));
    }
    return indexes;
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

QString VisionWorker::sourceSpec() const
{
    return m_syntheticState ? QStringLiteral("synthetic") : m_config.camera.source;
}

void VisionWorker::openSource()
{
    m_source = makeFrameSource(m_config, sourceSpec(), m_syntheticState,
                               vision::FilePace::AsRecorded);
    m_sourceUp = false;
    m_still = false; // a new camera is watched at its full rate until it shows a still shelf
    m_firstAttempt = true;
    m_reopenDelayMs = 250;
    ++m_sourceGeneration;
    // The new source numbers its frames from the start again.
    m_indexOffset = m_nextIndex;
}

void VisionWorker::reportHealth(bool up)
{
    if (m_trace) {
        m_trace->write("camera_health",
                       {{QStringLiteral("up"), up},
                        {QStringLiteral("source"), QString::fromStdString(m_source->describe())}});
    }
    Q_EMIT cameraHealthChanged(up);
}

void VisionWorker::applyConfig(const ShelfConfig &config, const QVector<int> &slotsOut)
{
    const bool camera = sameCamera(m_config.camera, config.camera);
    const bool scene = !m_syntheticState || sameScene(m_config, config);
    m_config = config;
    if (m_step) { // else run() starts with this config
        if (!camera || !scene)
            openSource();
        if (camera)
            m_step->setLayout(cameraLayout(m_config));
        else
            m_step = std::make_unique<vision::CameraStep>(cameraLayout(m_config));
        m_step->expectEmpty(slotIndexes(slotsOut));
    } else {
        m_slotsOut = slotsOut;
    }
    Q_EMIT configApplied();
}

void VisionWorker::run()
{
    openSource();
    m_step = std::make_unique<vision::CameraStep>(cameraLayout(m_config));
    m_step->expectEmpty(slotIndexes(m_slotsOut));
    vision::Frame frame;
    while (!m_stopRequested) {
        // A config the owner queued for this thread takes effect here, between two frames.
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
        if (!m_sourceUp) {
            if (!m_source->open()) {
                if (std::exchange(m_firstAttempt, false))
                    reportHealth(false); // never up: say so once, not per retry
                qCWarning(lcVision).noquote()
                    << "camera" << QString::fromStdString(m_source->describe())
                    << "cannot be opened; retrying in" << m_reopenDelayMs << "ms";
                // Sleep in short steps so a stop request or a new source is honoured quickly.
                const int generation = m_sourceGeneration;
                for (int waited = 0; waited < m_reopenDelayMs && !m_stopRequested
                     && generation == m_sourceGeneration;
                     waited += 50) {
                    QThread::msleep(50);
                    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
                }
                if (generation == m_sourceGeneration)
                    m_reopenDelayMs = std::min(m_reopenDelayMs * 2, 8000);
                continue;
            }
            m_sourceUp = true;
            m_firstAttempt = false;
            m_reopenDelayMs = 250;
            reportHealth(true);
        }
        if (!m_source->read(frame)) {
            m_sourceUp = false;
            reportHealth(false);
            if (m_source->isFinite()) {
                qCInfo(lcVision) << "end of the video file";
                break;
            }
            qCWarning(lcVision).noquote()
                << "camera" << QString::fromStdString(m_source->describe())
                << "stopped delivering frames";
            continue;
        }
        frame.index += m_indexOffset;
        m_nextIndex = frame.index + 1;
        handleFrame(frame);
    }
    m_step.reset();
    m_source.reset();
    Q_EMIT finished();
}

void VisionWorker::handleFrame(const vision::Frame &frame)
{
    m_framesHandled.fetch_add(1, std::memory_order_relaxed);
    const qint64 capturedUs
        = std::chrono::duration_cast<std::chrono::microseconds>(frame.capturedAt.time_since_epoch())
              .count();
    if (m_trace && m_trace->framesWanted())
        m_trace->writeAt(capturedUs, "frame_captured",
                         {{QStringLiteral("frame"), qint64(frame.index)}});

    vision::CameraStep::Context context;
    context.atMs = capturedUs / 1000;
    context.productsOut = bool(m_productsOut);
    context.overlay = m_debugView && capturedUs - m_lastDebugFrameUs > 100000;
    const vision::CameraStepResult result = m_step->process(frame.image, frame.index, context);

    for (const vision::SlotEvent &event : result.slotEvents) {
        SensorSlotEvent sensorEvent;
        sensorEvent.type = event.type == vision::SlotEvent::Type::Lift
            ? SensorSlotEvent::Type::Lift
            : SensorSlotEvent::Type::Return;
        sensorEvent.slot = int(event.slot);
        sensorEvent.confidence = event.confidence;
        sensorEvent.atMicros = capturedUs;
        sensorEvent.source = QStringLiteral("camera");
        if (m_trace)
            traceSlotChange(*m_trace, m_config, event);
        Q_EMIT slotEvent(sensorEvent);
    }
    if (result.aisleOutsidePicture) {
        qCWarning(lcVision) << "camera.aisle lies outside the camera's" << frame.image.cols << "x"
                            << frame.image.rows << "picture; takes come from the timeout alone";
    } else if (const auto &change = result.aisle) {
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
    // Offered only when identification is idle: it never holds up capture or piles up frames.
    if (result.identify && m_identification && m_identification->claim())
        Q_EMIT frameForIdentification({frame.image.clone(), frame.index});
    if (context.overlay) {
        m_lastDebugFrameUs = capturedUs;
        Q_EMIT debugFrame(toQImage(result.overlay));
    }
    if (result.still != m_still) {
        m_still = result.still;
        m_source->setMinInterval(m_still ? stillFrameInterval : std::chrono::milliseconds(0));
        if (m_trace) {
            m_trace->writeAt(capturedUs, "camera_pace",
                             {{QStringLiteral("still"), m_still},
                              {QStringLiteral("frame"), qint64(frame.index)}});
        }
    }
}

} // namespace shelf
