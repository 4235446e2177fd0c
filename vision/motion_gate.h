#pragma once

#include <opencv2/core.hpp>

#include <cstdint>

namespace shelf::vision {

// Whether anything moved in front of the camera lately, from a small grey copy of each frame it
// is shown: product identification (barcodes, packaging) costs a core's third when it looks at
// every fifth frame, and a product is only ever held up by a moving hand. A still scene, with its
// sensor noise and slowly breathing light, is not motion.
class MotionGate
{
public:
    struct Params
    {
        cv::Size probeSize{80, 60}; // about 8x8 camera pixels per probe pixel at 640x480
        int pixelChange = 16; // grey levels a probe pixel must change by
        double changedFraction = 0.002; // of the probe: 10 pixels, a hand's edge
        std::int64_t holdMs = 3000; // open this long after the last motion
    };

    MotionGate();
    explicit MotionGate(Params params);

    // Takes a frame (BGR or grey) taken at atMs; true while motion was seen within holdMs. The
    // first frame counts as motion: what the camera shows at start has not been looked at.
    bool update(const cv::Mat &frame, std::int64_t atMs);

private:
    Params m_params;
    cv::Mat m_previous;
    bool m_seenMotion = false;
    std::int64_t m_lastMotionMs = 0;
};

} // namespace shelf::vision
