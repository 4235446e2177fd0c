#pragma once

#include "identification_worker.h"
#include "pickup.h"
#include "shelf_config.h"

#include <QImage>
#include <QObject>

#include <atomic>
#include <memory>

namespace shelf::vision {
class CameraStep;
struct Frame;
class FrameSource;
class SyntheticShelfState;
} // namespace shelf::vision

namespace shelf {

class Trace;

// Runs the camera side of detection on its own thread: capture, slot decisions, and a
// downscaled operator view. The frame source is created inside run(), on that thread.
class VisionWorker : public QObject
{
    Q_OBJECT
public:
    // syntheticState: the simulated shelf when the camera source is "synthetic", else null.
    VisionWorker(const ShelfConfig &config,
                 std::shared_ptr<vision::SyntheticShelfState> syntheticState, Trace *trace);
    ~VisionWorker() override;

    // Thread-safe: asks run() to return after the current frame.
    void stop() { m_stopRequested = true; }
    // Thread-safe: frames read from the camera so far (the status reports the rate).
    quint64 framesHandled() const { return m_framesHandled.load(std::memory_order_relaxed); }
    // Thread-safe: whether the operator view is wanted (costs a conversion per shown frame).
    void setDebugViewEnabled(bool enabled) { m_debugView = enabled; }
    // Thread-safe: whether fusion holds any product out of its slot. The empty aisle is learned
    // only while none is, so a shopper standing still with a product never becomes background.
    void setProductsOut(bool out) { m_productsOut = out; }
    // Products held up to the camera are identified there, a few times a second at most.
    void setIdentification(IdentificationWorker *worker) { m_identification = worker; }
    // Before the thread starts: the slots whose products are out (see applyConfig).
    void setSlotsOut(const QVector<int> &slots) { m_slotsOut = slots; }

public Q_SLOTS:
    void run();
    // On the worker's thread, queued by the owner (run() takes it between two frames): the
    // shelf's config changed. The slots and the aisle follow at once, keeping what the camera
    // learned of those that did not move; the source is reopened only when the camera source,
    // size or frame rate changed (or, for the simulated shelf, the slots it draws: the owner
    // remaps the simulated shelf's state first).
    // slotsOut: the slots (indexes in config) whose products fusion holds out now; a slot that
    // learns afresh learns them empty, so that their return is seen.
    void applyConfig(const shelf::ShelfConfig &config, const QVector<int> &slotsOut = {});

Q_SIGNALS:
    void slotEvent(const shelf::SensorSlotEvent &event);
    void cameraHealthChanged(bool up);
    // Someone came to stand in the aisle in front of the shelf, or everyone left it.
    void aisleChanged(bool occupied, qint64 atMicros);
    // Latest annotated frame for the operator view, at most a few per second.
    void debugFrame(const QImage &frame);
    void frameForIdentification(const shelf::IdentificationFrame &frame);
    // applyConfig() took effect: slot events before this one number the slots as the old config
    // did, events after it as the new one does. The owner hands fusion the new slots here.
    void configApplied();
    void finished();

private:
    QString sourceSpec() const;
    void openSource();
    void reportHealth(bool up);
    void handleFrame(const vision::Frame &frame);

    ShelfConfig m_config;
    std::shared_ptr<vision::SyntheticShelfState> m_syntheticState;
    Trace *m_trace;
    std::atomic_bool m_stopRequested{false};
    std::atomic_bool m_debugView{false};
    std::atomic_bool m_productsOut{false};
    std::atomic<quint64> m_framesHandled{0};
    IdentificationWorker *m_identification = nullptr;
    QVector<int> m_slotsOut; // for the first camera step run() makes

    // The camera while run() runs, on the worker's thread.
    std::unique_ptr<vision::FrameSource> m_source;
    std::unique_ptr<vision::CameraStep> m_step;
    bool m_sourceUp = false;
    bool m_still = false; // the source was asked for a still shelf's few frames a second
    bool m_firstAttempt = true;
    int m_reopenDelayMs = 250;
    int m_sourceGeneration = 0; // counts new sources: a retry waits only for the current one
    // Frame numbers go on across a reopened source, as the slots' and markers' timing expects.
    std::int64_t m_indexOffset = 0;
    std::int64_t m_nextIndex = 0;
    qint64 m_lastDebugFrameUs = 0;
};

} // namespace shelf
