#include "aisle_watcher.h"

#include "exposure.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace shelf::vision {

AisleWatcher::AisleWatcher(std::vector<cv::Point2f> polygon, Params params)
    : m_polygon(std::move(polygon))
    , m_params(params)
{ }

void AisleWatcher::layOut(cv::Size frameSize)
{
    m_frameSize = frameSize;
    const int factor = std::max(1, frameSize.width / std::max(16, m_params.workWidth));
    m_workSize = {frameSize.width / factor, frameSize.height / factor};
    // Points far outside any picture (a typo) are clamped, not rounded into overflow.
    const auto clampTo = [](float v, int limit) {
        return cvRound(std::clamp(double(v), -4.0 * limit, 4.0 * limit));
    };
    std::vector<cv::Point> scaled;
    for (const cv::Point2f &p : m_polygon)
        scaled.emplace_back(clampTo(p.x / factor, m_workSize.width),
                            clampTo(p.y / factor, m_workSize.height));
    cv::Mat full = cv::Mat::zeros(m_workSize, CV_8U);
    if (scaled.size() >= 3)
        cv::fillPoly(full, std::vector<std::vector<cv::Point>>{scaled}, cv::Scalar(255));
    // A shrunk pixel on the aisle's edge mixes in what lies beside it (the bottom board, a hand
    // in a bottom slot): the edge inside the picture is left out when the aisle is large enough
    // to spare it. The picture's own border is not an edge (erosion keeps it).
    cv::Mat inner;
    cv::erode(full, inner, cv::Mat());
    if (cv::countNonZero(inner) >= 32)
        full = inner;
    m_box = cv::boundingRect(full);
    m_mask = full(m_box).clone();
    m_maskPixels = cv::countNonZero(m_mask);
    m_reference.release();
    m_previous.release();
    m_stillFrames = 0;
    m_clearSinceMs.reset();
    m_occupied = false;
}

double AisleWatcher::differingFraction(const cv::Mat &a, const cv::Mat &b) const
{
    cv::Mat difference;
    cv::absdiff(a(m_box), b(m_box), difference);
    cv::Mat differs = difference > m_params.changeDelta;
    differs &= m_mask;
    return double(cv::countNonZero(differs)) / std::max(1, m_maskPixels);
}

cv::Mat AisleWatcher::textureOf(const cv::Mat &grey) const
{
    // Isolated: the box's own pixels only, so what lies just outside the aisle (the bottom
    // board, a hand in a bottom slot) never shows at its edge. Smoothed first, so that on a
    // small frame, not averaged down, sensor noise is no texture.
    cv::Mat smooth, dx, dy, magnitude;
    cv::GaussianBlur(grey(m_box), smooth, {3, 3}, 0, 0, cv::BORDER_REPLICATE | cv::BORDER_ISOLATED);
    cv::Sobel(smooth, dx, CV_32F, 1, 0, 3, 0.25, 0, cv::BORDER_REPLICATE);
    cv::Sobel(smooth, dy, CV_32F, 0, 1, 3, 0.25, 0, cv::BORDER_REPLICATE);
    magnitude = cv::abs(dx) + cv::abs(dy);
    return magnitude;
}

void AisleWatcher::learn(const cv::Mat &grey)
{
    m_reference = grey.clone();
    m_referenceTexture = textureOf(m_reference);
}

std::optional<AisleEvent> AisleWatcher::process(const cv::Mat &bgr, std::int64_t frameIndex,
                                                std::int64_t atMs, bool mayLearn)
{
    if (bgr.empty() || bgr.type() != CV_8UC3)
        return std::nullopt;
    if (bgr.size() != m_frameSize) {
        layOut(bgr.size());
        m_stillSinceMs = m_mayLearnSinceMs = atMs;
    }
    if (m_maskPixels == 0)
        return std::nullopt; // the aisle lies outside the picture

    cv::Mat small, grey;
    cv::resize(bgr, small, m_workSize, 0, 0, cv::INTER_AREA);
    cv::cvtColor(small, grey, cv::COLOR_BGR2GRAY);
    grey.convertTo(grey, CV_32F);

    // At the exposure of the reference, or of the previous frame until there is one.
    const cv::Mat &exposureOf = !m_reference.empty() ? m_reference : m_previous;
    if (!exposureOf.empty())
        grey *= exposureGain(grey, exposureOf);
    const bool moving
        = m_previous.empty() || differingFraction(grey, m_previous) > m_params.motionFraction;
    m_stillFrames = moving ? 0 : std::min(m_stillFrames + 1, 1 << 20);
    if (!mayLearn)
        m_mayLearnSinceMs = atMs;
    if (moving)
        m_stillSinceMs = atMs;
    m_previous = grey;

    if (m_reference.empty()) {
        if (mayLearn && m_stillFrames >= m_params.learnFrames)
            learn(grey);
        return std::nullopt;
    }

    {
        // Someone is where the grey level or the edges differ from the empty aisle.
        cv::Mat levels, edges;
        cv::absdiff(grey(m_box), m_reference(m_box), levels);
        cv::absdiff(textureOf(grey), m_referenceTexture, edges);
        cv::Mat differs = (levels > m_params.changeDelta) | (edges > m_params.textureDelta);
        differs &= m_mask;
        m_changedFraction = double(cv::countNonZero(differs)) / std::max(1, m_maskPixels);
    }
    std::optional<AisleEvent> event;
    if (!m_occupied && m_changedFraction > m_params.occupiedFraction) {
        m_occupied = true;
        m_clearSinceMs.reset();
        event = AisleEvent{true, frameIndex, atMs, m_changedFraction};
    } else if (m_occupied) {
        if (m_changedFraction >= m_params.emptyFraction)
            m_clearSinceMs.reset();
        else if (!m_clearSinceMs)
            m_clearSinceMs = atMs;
        if (m_clearSinceMs && atMs - *m_clearSinceMs >= m_params.leaveMs) {
            m_occupied = false;
            event = AisleEvent{false, frameIndex, *m_clearSinceMs, m_changedFraction};
        }
    }

    if (mayLearn && !moving) {
        if (!m_occupied && m_changedFraction < m_params.emptyFraction) {
            // The empty aisle follows the light of the day.
            cv::accumulateWeighted(grey, m_reference, m_params.followRate);
            cv::accumulateWeighted(textureOf(grey), m_referenceTexture, m_params.followRate);
        } else if (m_occupied && atMs - m_stillSinceMs >= m_params.relearnMs
                   && atMs - m_mayLearnSinceMs >= m_params.relearnMs) {
            // Still for long with nothing out all along: an object left in the aisle, or someone
            // holding nothing. It becomes part of the empty aisle, without an event: fusion holds
            // nothing that leaving could take.
            learn(grey);
            m_occupied = false;
            m_clearSinceMs.reset();
        }
    }
    return event;
}

} // namespace shelf::vision
