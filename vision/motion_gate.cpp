#include "motion_gate.h"

#include <opencv2/imgproc.hpp>

namespace shelf::vision {

MotionGate::MotionGate()
    : MotionGate(Params{})
{ }

MotionGate::MotionGate(Params params)
    : m_params(params)
{ }

bool MotionGate::update(const cv::Mat &frame, std::int64_t atMs)
{
    if (frame.empty())
        return false;
    cv::Mat small;
    cv::resize(frame, small, m_params.probeSize, 0, 0, cv::INTER_AREA);
    cv::Mat grey;
    if (small.channels() == 3)
        cv::cvtColor(small, grey, cv::COLOR_BGR2GRAY);
    else
        grey = small;
    bool moved = m_previous.empty() || m_previous.size() != grey.size();
    if (!moved) {
        cv::Mat difference;
        cv::absdiff(grey, m_previous, difference);
        const int changed = cv::countNonZero(difference > m_params.pixelChange);
        moved = changed >= m_params.changedFraction * double(grey.total());
    }
    m_previous = grey;
    if (moved) {
        m_seenMotion = true;
        m_lastMotionMs = atMs;
    }
    return m_seenMotion && atMs - m_lastMotionMs <= m_params.holdMs;
}

} // namespace shelf::vision
