#pragma once

#include "aisle_watcher.h"
#include "motion_gate.h"
#include "shelf_watcher.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace shelf::vision {

// Where a camera's slots and aisle are, as the shelf's config gives them.
struct CameraLayout
{
    // Camera pixels, or shelf units when markers place them.
    std::vector<std::vector<cv::Point2f>> slots;
    std::optional<ShelfWatcher::Markers> markers;
    std::vector<cv::Point2f> aisle; // camera pixels; empty: the aisle is not watched
    int aisleLeaveMs = 1500;
};

// What one frame changed.
struct CameraStepResult
{
    std::vector<SlotEvent> slotEvents;
    std::optional<AisleEvent> aisle;
    // The aisle was found to lie outside the picture in this frame and is no longer watched.
    bool aisleOutsidePicture = false;
    // The frame is worth showing to product identification: a few times a second, while
    // something moves in front of the camera.
    bool identify = false;
    // Nothing moves in front of the camera, no hand is in a slot and nobody stands in the aisle:
    // a few frames a second show the first hand in time, long before it takes anything out.
    bool still = false;
    cv::Mat overlay; // the frame with the slots, markers and aisle drawn on it, when asked for
};

// One camera's decisions, frame by frame: the slots (placed by markers when they are used) and
// the aisle, with what they learned. The display's camera thread and `shelfscreen detect` both
// run every frame through it.
class CameraStep
{
public:
    explicit CameraStep(const CameraLayout &layout);

    // The same camera with a changed layout: the markers' geometry, every slot left where it
    // was and an unchanged aisle keep what they learned, so a product out of its slot while the
    // config changes still comes back as a return.
    void setLayout(const CameraLayout &layout);
    // The products of these slots (indexes in the layout) are out now: a slot that learns
    // afresh learns them empty, so their return is seen (ShelfWatcher::expectEmpty).
    void expectEmpty(const std::vector<std::size_t> &slots) { m_watcher->expectEmpty(slots); }

    struct Context
    {
        std::int64_t atMs = 0; // when the frame was taken, on any monotonic clock
        // Whether the display holds a product out of its slot; unknown without fusion, when
        // an empty slot counts as one. The empty aisle is learned only while none is out.
        std::optional<bool> productsOut;
        bool overlay = false; // draw the result's overlay
    };
    CameraStepResult process(const cv::Mat &bgr, std::int64_t frameIndex, const Context &context);

    const ShelfWatcher &watcher() const { return *m_watcher; }
    // Null when the layout has no aisle, or once it was found outside the picture.
    const AisleWatcher *aisle() const { return m_aisle.get(); }
    const CameraLayout &layout() const { return m_layout; }

private:
    CameraLayout m_layout;
    std::unique_ptr<ShelfWatcher> m_watcher;
    std::unique_ptr<AisleWatcher> m_aisle;
    MotionGate m_motion; // identification only while something moves
    std::int64_t m_lastProbeMs = -1;
    bool m_moving = true;
};

// Whether the camera sees no hand in any slot: every slot learned and still (true before the
// slots are placed). With stocked, also that every slot looks stocked.
bool allSlotsStill(const ShelfWatcher &watcher, bool stocked);

// A copy of the frame with every slot's state, the markers, the shelf and the aisle (when
// watched) drawn on it.
cv::Mat annotatedFrame(const cv::Mat &frame, const ShelfWatcher &watcher,
                       const AisleWatcher *aisle);

} // namespace shelf::vision
