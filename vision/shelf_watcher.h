#pragma once

#include "shelf_geometry.h"
#include "slot_monitor.h"

#include <memory>
#include <optional>

namespace shelf::vision {

// Slot decisions for a shelf whose slots are given in camera pixels, or, with four ArUco
// markers, in shelf units: then the slots are placed by the markers once they are seen, and
// placed again (with fresh references) when the camera was bumped.
class ShelfWatcher
{
public:
    struct Markers
    {
        std::array<int, 4> ids;
        cv::Size2f shelfSize;

        bool operator==(const Markers &other) const
        {
            return ids == other.ids && shelfSize == other.shelfSize;
        }
        bool operator!=(const Markers &other) const { return !(*this == other); }
    };

    ShelfWatcher(std::vector<std::vector<cv::Point2f>> slotPolygons,
                 std::optional<Markers> markers);

    std::vector<SlotEvent> process(const cv::Mat &bgr, std::int64_t frameIndex);

    // Takes over what previous, the watcher of the same camera before the slots were changed,
    // learned: with the same markers where the shelf is, and each slot left where it was (see
    // SlotMonitor::continueFrom). Call before the first frame.
    void continueFrom(const ShelfWatcher &previous);
    // These slots' products are out now: slots that learn afresh (new or moved ones, or all of
    // them where the markers place the slots) learn them empty. See SlotMonitor::expectEmpty.
    void expectEmpty(const std::vector<std::size_t> &slots);

    // Null until the markers were first seen, when the slots are in shelf units.
    const SlotMonitor *monitor() const { return m_monitor.get(); }
    const ShelfGeometry *geometry() const { return m_geometry ? &*m_geometry : nullptr; }
    // The shelf face's corners in shelf units (empty without markers).
    const std::vector<cv::Point2f> &shelfCorners() const { return m_shelfCorners; }
    std::size_t slotCount() const { return m_slotPolygons.size(); }

private:
    std::vector<std::vector<cv::Point2f>> m_slotPolygons; // as configured
    std::optional<Markers> m_markers;
    std::optional<ShelfGeometry> m_geometry;
    std::vector<cv::Point2f> m_shelfCorners; // shelf units
    std::vector<cv::Point2f> m_placedCorners; // pixels, where the current slots were placed
    std::unique_ptr<SlotMonitor> m_monitor;
    std::vector<std::size_t> m_expectEmpty; // for the next monitor placed by the markers
    std::int64_t m_lastGeometryFrame = -1000;
};

// Draws the markers the geometry saw and the shelf's outline, for the operator's view.
void drawShelfGeometry(cv::Mat &bgr, const ShelfGeometry &geometry,
                       const std::vector<cv::Point2f> &shelfCorners);

} // namespace shelf::vision
