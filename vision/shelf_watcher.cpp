#include "shelf_watcher.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <utility>

namespace shelf::vision {

namespace {

// Markers are looked for twice a second at 15 fps: often enough to follow a bumped camera,
// rarely enough to cost nothing per frame.
constexpr std::int64_t geometryEveryFrames = 8;
// A shift smaller than this is detection noise, not a moved camera.
constexpr double bumpPixels = 3.0;

} // namespace

ShelfWatcher::ShelfWatcher(std::vector<std::vector<cv::Point2f>> slotPolygons,
                           std::optional<Markers> markers)
    : m_slotPolygons(std::move(slotPolygons))
    , m_markers(markers)
{
    if (markers) {
        m_geometry.emplace(markers->ids, markers->shelfSize);
        const cv::Size2f &size = markers->shelfSize;
        m_shelfCorners = {{0, 0}, {size.width, 0}, {size.width, size.height}, {0, size.height}};
    } else
        m_monitor = std::make_unique<SlotMonitor>(m_slotPolygons);
}

std::vector<SlotEvent> ShelfWatcher::process(const cv::Mat &bgr, std::int64_t frameIndex)
{
    if (m_geometry && (!m_monitor || frameIndex - m_lastGeometryFrame >= geometryEveryFrames)) {
        m_lastGeometryFrame = frameIndex;
        const bool seen = m_geometry->update(bgr);
        // Measured against where the slots were placed, so a slow creep adds up to a re-placing.
        const std::vector<cv::Point2f> corners = m_geometry->toImage(m_shelfCorners);
        double moved = 0;
        for (std::size_t i = 0; i < corners.size() && i < m_placedCorners.size(); ++i)
            moved = std::max(moved, double(cv::norm(corners[i] - m_placedCorners[i])));
        if (seen && (!m_monitor || moved > bumpPixels)) {
            m_placedCorners = corners;
            std::vector<std::vector<cv::Point2f>> placed;
            for (const auto &polygon : m_slotPolygons)
                placed.push_back(m_geometry->toImage(polygon));
            // New places mean new references: the slots learn again from the next still frames.
            m_monitor = std::make_unique<SlotMonitor>(std::move(placed));
            for (std::size_t slot : std::exchange(m_expectEmpty, {}))
                m_monitor->expectEmpty(slot);
        }
    }
    if (!m_monitor)
        return {};
    return m_monitor->process(bgr, frameIndex);
}

void ShelfWatcher::expectEmpty(const std::vector<std::size_t> &slots)
{
    if (!m_monitor) {
        m_expectEmpty = slots; // not placed yet
        return;
    }
    for (std::size_t slot : slots)
        m_monitor->expectEmpty(slot);
}

void ShelfWatcher::continueFrom(const ShelfWatcher &previous)
{
    if (m_markers != previous.m_markers || !previous.m_monitor)
        return;
    if (!m_geometry) {
        m_monitor->continueFrom(*previous.m_monitor);
        return;
    }
    m_geometry = previous.m_geometry;
    m_placedCorners = previous.m_placedCorners;
    m_lastGeometryFrame = previous.m_lastGeometryFrame;
    // A slot left where it was keeps its pixels from the last placing, so its monitor's state
    // fits; a new or moved one is placed by the shelf's position now.
    std::vector<std::vector<cv::Point2f>> placed;
    for (const auto &polygon : m_slotPolygons) {
        const auto same
            = std::find(previous.m_slotPolygons.begin(), previous.m_slotPolygons.end(), polygon);
        placed.push_back(
            same == previous.m_slotPolygons.end()
                ? m_geometry->toImage(polygon)
                : previous.m_monitor->polygon(std::size_t(same - previous.m_slotPolygons.begin())));
    }
    m_monitor = std::make_unique<SlotMonitor>(std::move(placed));
    m_monitor->continueFrom(*previous.m_monitor);
}

void drawShelfGeometry(cv::Mat &bgr, const ShelfGeometry &geometry,
                       const std::vector<cv::Point2f> &shelfCorners)
{
    std::vector<cv::Point> outline;
    for (const cv::Point2f &corner : geometry.toImage(shelfCorners))
        outline.emplace_back(cvRound(corner.x), cvRound(corner.y));
    if (!outline.empty())
        cv::polylines(bgr, outline, true, cv::Scalar(255, 160, 0), 1, cv::LINE_AA);
    for (const ShelfGeometry::Marker &marker : geometry.lastMarkers()) {
        std::vector<cv::Point> corners;
        for (const cv::Point2f &corner : marker.corners)
            corners.emplace_back(cvRound(corner.x), cvRound(corner.y));
        cv::polylines(bgr, corners, true, cv::Scalar(255, 160, 0), 2, cv::LINE_AA);
        // Labelled inside the marker: a label above a top marker would fall off the picture.
        const cv::Point centre = (corners[0] + corners[2]) / 2;
        cv::putText(bgr, std::to_string(marker.id), centre + cv::Point(-4, 5),
                    cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(255, 160, 0), 2, cv::LINE_AA);
    }
}

} // namespace shelf::vision
