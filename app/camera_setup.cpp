#include "camera_setup.h"

#include <latest_frame_source.h>
#include <slot_overlay.h>

#include <opencv2/imgproc.hpp>

namespace shelf {

std::vector<cv::Point2f> toCvPolygon(const QVector<QPointF> &polygon)
{
    std::vector<cv::Point2f> points;
    for (const QPointF &p : polygon)
        points.emplace_back(float(p.x()), float(p.y()));
    return points;
}

std::unique_ptr<vision::FrameSource>
makeFrameSource(const ShelfConfig &config, const QString &source,
                std::shared_ptr<vision::SyntheticShelfState> syntheticState)
{
    if (source == u"synthetic") {
        std::vector<vision::SyntheticShelfSource::Slot> slots;
        for (const SlotConfig &slot : config.slots)
            slots.push_back({toCvPolygon(slot.polygon), slot.sku.toStdString()});
        vision::SyntheticShelfSource::Options options;
        options.size = {config.camera.width, config.camera.height};
        options.fps = config.camera.fps;
        if (!syntheticState)
            syntheticState
                = std::make_shared<vision::SyntheticShelfState>(std::size_t(config.slots.size()));
        return std::make_unique<vision::SyntheticShelfSource>(std::move(slots),
                                                              std::move(syntheticState), options);
    }
    auto capture = std::make_unique<vision::CaptureSource>(source.toStdString());
    if (capture->isFinite())
        return capture; // a file: every frame counts, and reading waits for none
    // A camera or stream: captured on its own thread, newest frame wins.
    const std::string spec = source.toStdString();
    return std::make_unique<vision::LatestFrameSource>(
        [spec] { return std::make_unique<vision::CaptureSource>(spec); }, spec);
}

std::unique_ptr<vision::ShelfWatcher> makeShelfWatcher(const ShelfConfig &config)
{
    std::vector<std::vector<cv::Point2f>> polygons;
    for (const SlotConfig &slot : config.slots)
        polygons.push_back(toCvPolygon(slot.polygon));
    std::optional<vision::ShelfWatcher::Markers> markers;
    if (config.camera.markerIds.size() == 4) {
        const auto &ids = config.camera.markerIds;
        markers
            = vision::ShelfWatcher::Markers{{ids[0], ids[1], ids[2], ids[3]},
                                            cv::Size2f(float(config.camera.shelfSize.width()),
                                                       float(config.camera.shelfSize.height()))};
    }
    return std::make_unique<vision::ShelfWatcher>(std::move(polygons), markers);
}

bool allSlotsStill(const vision::ShelfWatcher &watcher, bool stocked)
{
    const vision::SlotMonitor *monitor = watcher.monitor();
    for (std::size_t i = 0; monitor && i < monitor->slotCount(); ++i) {
        const vision::SlotStatus status = monitor->status(i);
        if (!status.learned || status.moving || (stocked && !status.stocked))
            return false;
    }
    return true;
}

std::unique_ptr<vision::AisleWatcher> makeAisleWatcher(const ShelfConfig &config)
{
    if (config.camera.aislePolygon.isEmpty())
        return nullptr;
    vision::AisleWatcher::Params params;
    params.leaveMs = int(config.camera.aisleLeaveSeconds * 1000);
    return std::make_unique<vision::AisleWatcher>(toCvPolygon(config.camera.aislePolygon), params);
}

cv::Mat annotatedFrame(const cv::Mat &frame, const vision::ShelfWatcher &watcher,
                       const vision::AisleWatcher *aisle)
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
        vision::drawShelfGeometry(view, *watcher.geometry(), watcher.shelfCorners());
    if (watcher.monitor())
        vision::drawSlotOverlay(view, *watcher.monitor());
    return view;
}

} // namespace shelf
