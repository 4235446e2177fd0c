#include "camera_step.h"

#include "slot_overlay.h"

#include <opencv2/imgproc.hpp>

namespace shelf::vision {

namespace {

// About five looks a second for motion, and for a product held up to the camera, whatever the
// frame rate: a still shelf watched at 5 fps probes every frame, at 30 fps every sixth.
constexpr std::int64_t probeEveryMs = 180;

std::unique_ptr<ShelfWatcher> makeWatcher(const CameraLayout &layout)
{
    return std::make_unique<ShelfWatcher>(layout.slots, layout.markers);
}

std::unique_ptr<AisleWatcher> makeAisle(const CameraLayout &layout)
{
    if (layout.aisle.empty())
        return nullptr;
    AisleWatcher::Params params;
    params.leaveMs = layout.aisleLeaveMs;
    return std::make_unique<AisleWatcher>(layout.aisle, params);
}

} // namespace

CameraStep::CameraStep(const CameraLayout &layout)
    : m_layout(layout)
    , m_watcher(makeWatcher(layout))
    , m_aisle(makeAisle(layout))
{ }

void CameraStep::setLayout(const CameraLayout &layout)
{
    auto watcher = makeWatcher(layout);
    watcher->continueFrom(*m_watcher);
    m_watcher = std::move(watcher);
    if (layout.aisle != m_layout.aisle || layout.aisleLeaveMs != m_layout.aisleLeaveMs)
        m_aisle = makeAisle(layout);
    m_layout = layout;
}

CameraStepResult CameraStep::process(const cv::Mat &bgr, std::int64_t frameIndex,
                                     const Context &context)
{
    CameraStepResult result;
    result.slotEvents = m_watcher->process(bgr, frameIndex);
    if (m_aisle) {
        // With fusion, the aisle may be learned as empty only while it holds nothing out of its
        // slot (a product taken earlier leaves its slot empty, and the aisle must still follow
        // the light) and no hand is in a slot. Without, the camera alone says whether a product
        // is out: an empty slot may be one, so only a fully stocked shelf will do.
        const bool mayLearn = context.productsOut
            ? !*context.productsOut && allSlotsStill(*m_watcher, false)
            : allSlotsStill(*m_watcher, true);
        result.aisle = m_aisle->process(bgr, frameIndex, context.atMs, mayLearn);
        if (m_aisle->outsidePicture()) {
            result.aisleOutsidePicture = true;
            result.aisle.reset();
            m_aisle.reset();
        }
    }
    // A still scene is not looked at: nobody holds a product up to the camera without moving.
    if (m_lastProbeMs < 0 || context.atMs < m_lastProbeMs
        || context.atMs - m_lastProbeMs >= probeEveryMs) {
        m_lastProbeMs = context.atMs;
        m_moving = m_motion.update(bgr, context.atMs);
        result.identify = m_moving;
    }
    result.still
        = !m_moving && allSlotsStill(*m_watcher, false) && !(m_aisle && m_aisle->occupied());
    if (context.overlay)
        result.overlay = annotatedFrame(bgr, *m_watcher, m_aisle.get());
    return result;
}

bool allSlotsStill(const ShelfWatcher &watcher, bool stocked)
{
    const SlotMonitor *monitor = watcher.monitor();
    for (std::size_t i = 0; monitor && i < monitor->slotCount(); ++i) {
        const SlotStatus status = monitor->status(i);
        if (!status.learned || status.moving || (stocked && !status.stocked))
            return false;
    }
    return true;
}

cv::Mat annotatedFrame(const cv::Mat &frame, const ShelfWatcher &watcher, const AisleWatcher *aisle)
{
    cv::Mat view = frame.clone();
    if (aisle) {
        // Orange while someone stands there, blue while empty, grey until learned.
        std::vector<cv::Point> outline;
        for (const cv::Point2f &p : aisle->polygon())
            outline.emplace_back(cvRound(p.x), cvRound(p.y));
        const cv::Scalar colour = !aisle->learned() ? cv::Scalar(160, 160, 160)
            : aisle->occupied()                     ? cv::Scalar(0, 140, 255)
                                                    : cv::Scalar(255, 160, 0);
        cv::polylines(view, outline, true, colour, 2, cv::LINE_AA);
        const cv::Rect box = cv::boundingRect(outline);
        cv::putText(view, cv::format("aisle %.2f", aisle->changedFraction()),
                    {box.x + 4, std::max(12, box.y - 4)}, cv::FONT_HERSHEY_SIMPLEX, 0.4, colour, 1,
                    cv::LINE_AA);
    }
    if (watcher.geometry())
        drawShelfGeometry(view, *watcher.geometry(), watcher.shelfCorners());
    if (watcher.monitor())
        drawSlotOverlay(view, *watcher.monitor());
    return view;
}

} // namespace shelf::vision
