#include "slot_overlay.h"

#include <opencv2/imgproc.hpp>

namespace shelf::vision {

void drawSlotOverlay(cv::Mat &bgr, const SlotMonitor &monitor)
{
    const double textScale = std::max(0.35, bgr.rows / 1000.0);
    for (std::size_t i = 0; i < monitor.slotCount(); ++i) {
        const SlotStatus status = monitor.status(i);
        const bool occluded = monitor.isOccluded(i);
        std::vector<cv::Point> polygon;
        for (const auto &p : monitor.polygon(i))
            polygon.emplace_back(cvRound(p.x), cvRound(p.y));
        const cv::Scalar colour = status.moving ? cv::Scalar(0, 200, 255)
            : occluded                          ? cv::Scalar(200, 60, 200)
            : status.stocked                    ? cv::Scalar(80, 200, 80)
                                                : cv::Scalar(60, 60, 230);
        cv::polylines(bgr, polygon, true, colour, 2, cv::LINE_AA);
        if (polygon.empty())
            continue;
        const std::string flags = std::string(status.moving ? " M" : "") + (occluded ? " O" : "")
            + (status.learned ? "" : " ?");
        cv::putText(bgr, cv::format("%zu %.2f%s", i + 1, status.emptiness, flags.c_str()),
                    polygon.front() + cv::Point(4, cvRound(16 * textScale / 0.45)),
                    cv::FONT_HERSHEY_SIMPLEX, textScale, colour, 1, cv::LINE_AA);
    }
}

} // namespace shelf::vision
