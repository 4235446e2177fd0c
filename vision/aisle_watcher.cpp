#include "aisle_watcher.h"

#include "exposure.h"

#include <opencv2/imgproc.hpp>

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
    std::vector<cv::Point> scaled;
    for (const cv::Point2f &p : m_polygon)
        scaled.emplace_back(cvRound(p.x / factor), cvRound(p.y / factor));
    m_box = cv::boundingRect(scaled) & cv::Rect({}, m_workSize);
    m_mask = cv::Mat::zeros(m_box.size(), CV_8U);
    if (!m_box.empty()) {
        for (cv::Point &p : scaled)
            p -= m_box.tl();
        cv::fillPoly(m_mask, std::vector<std::vector<cv::Point>>{scaled}, cv::Scalar(255));
    }
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
    cv::Mat dx, dy, magnitude;
    cv::Sobel(grey(m_box), dx, CV_32F, 1, 0, 3, 0.25, 0, cv::BORDER_REPLICATE);
    cv::Sobel(grey(m_box), dy, CV_32F, 0, 1, 3, 0.25, 0, cv::BORDER_REPLICATE);
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
    if (bgr.size() != m_frameSize)
        layOut(bgr.size());
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
    m_stillFrames = moving ? 0 : m_stillFrames + 1;
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
        event = AisleEvent{true, frameIndex, m_changedFraction};
    } else if (m_occupied) {
        if (m_changedFraction >= m_params.emptyFraction)
            m_clearSinceMs.reset();
        else if (!m_clearSinceMs)
            m_clearSinceMs = atMs;
        if (m_clearSinceMs && atMs - *m_clearSinceMs >= m_params.leaveMs) {
            m_occupied = false;
            event = AisleEvent{false, frameIndex, m_changedFraction};
        }
    }

    if (mayLearn && !moving) {
        if (!m_occupied && m_changedFraction < m_params.emptyFraction) {
            // The empty aisle follows the light of the day.
            cv::accumulateWeighted(grey, m_reference, m_params.followRate);
            cv::accumulateWeighted(textureOf(grey), m_referenceTexture, m_params.followRate);
        } else if (m_occupied && atMs - m_stillSinceMs >= m_params.relearnMs) {
            // Still for long with nothing out: an object left in the aisle, not a shopper. It
            // becomes part of the empty aisle, which reads as empty after leaveMs.
            learn(grey);
        }
    }
    return event;
}

} // namespace shelf::vision
