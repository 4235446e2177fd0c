#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace shelf::vision {

// The aisle in front of the shelf, occupied or not, changed in this frame.
struct AisleEvent
{
    bool occupied = false;
    std::int64_t frameIndex = 0;
    // When it happened, on the caller's clock: for "empty", when the aisle emptied, before the
    // hold that told leaving from a step aside.
    std::int64_t atMs = 0;
    double changedFraction = 0.0; // of the aisle's pixels unlike the empty aisle
};

// Tells whether someone stands in the part of the camera's view where shoppers stand (the aisle
// floor or the bottom edge of the picture), so that a product is known to have left the shelf
// with the shopper who walked away holding it, without waiting for the take timeout.
//
// The aisle is compared with a picture of it empty. That picture is learned, and follows the
// light, only while the caller says no product is out of its slot: a shopper who stands still
// reading the card must never fade into the empty aisle, or their leaving would go unseen (and
// standing still would look like leaving). Something left standing while nothing is out (a
// trolley, a display stand) is learned as the empty aisle after a minute, silently: whoever
// stands there holds nothing, so nothing is lost. The frame's exposure is matched to the
// reference's first, so flicker and auto exposure are not a shopper.
class AisleWatcher
{
public:
    struct Params
    {
        int workWidth = 160; // a person is large: a small copy of the frame is enough
        int learnFrames = 5; // still frames before the empty aisle is first learned
        double changeDelta = 25; // grey levels from the empty aisle that count as someone there
        // Edge strength (summed Sobel magnitudes) from the empty aisle's that counts too: a
        // shopper dressed in the floor's colour still hides its seams and grain.
        double textureDelta = 6;
        double occupiedFraction = 0.10; // of the aisle changed: someone is there
        double emptyFraction = 0.04; // below, for leaveMs without a break: they left
        int leaveMs = 1500; // a step aside is not leaving
        double motionFraction = 0.02; // of the aisle changed since the previous frame: moving
        int relearnMs = 60000; // still and occupied this long with nothing out: part of the aisle
        double followRate = 0.05; // how fast the empty aisle's reference follows the light
    };

    // polygon: the aisle in frame pixels.
    AisleWatcher(std::vector<cv::Point2f> polygon, Params params);
    explicit AisleWatcher(std::vector<cv::Point2f> polygon)
        : AisleWatcher(std::move(polygon), Params{})
    { }

    // Feeds one BGR frame captured at atMs (any monotonic clock). mayLearn: no product is out
    // of its slot now, so the aisle may be learned as empty. Returns the change when the aisle
    // became occupied or empty.
    std::optional<AisleEvent> process(const cv::Mat &bgr, std::int64_t frameIndex,
                                      std::int64_t atMs, bool mayLearn);

    bool learned() const { return !m_reference.empty(); }
    // A frame was seen and the aisle lies wholly outside it: nothing can be watched.
    bool outsidePicture() const { return !m_frameSize.empty() && m_maskPixels == 0; }
    bool occupied() const { return m_occupied; }
    double changedFraction() const { return m_changedFraction; }
    const std::vector<cv::Point2f> &polygon() const { return m_polygon; }

private:
    void layOut(cv::Size frameSize);
    // Fraction of the aisle's pixels more than changeDelta apart in a and b.
    double differingFraction(const cv::Mat &a, const cv::Mat &b) const;
    // The edge strength of the aisle's box in grey (CV_32F, box-sized).
    cv::Mat textureOf(const cv::Mat &grey) const;
    void learn(const cv::Mat &grey);

    std::vector<cv::Point2f> m_polygon;
    Params m_params;
    cv::Size m_frameSize;
    cv::Size m_workSize;
    cv::Rect m_box; // the aisle's bounding box in the work image
    cv::Mat m_mask; // 8-bit, box-sized
    int m_maskPixels = 0;
    cv::Mat m_reference; // CV_32F grey of the whole work image with the aisle empty
    cv::Mat m_referenceTexture; // textureOf(m_reference)
    cv::Mat m_previous; // CV_32F grey of the previous frame at the reference's exposure
    int m_stillFrames = 0;
    std::int64_t m_stillSinceMs = 0;
    std::int64_t m_mayLearnSinceMs = 0; // nothing out of its slot, without a break, since then
    std::optional<std::int64_t> m_clearSinceMs;
    bool m_occupied = false;
    double m_changedFraction = 0.0;
};

} // namespace shelf::vision
