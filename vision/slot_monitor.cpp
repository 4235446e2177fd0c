#include "slot_monitor.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace shelf::vision {

SlotMonitor::SlotMonitor(std::vector<std::vector<cv::Point2f>> slotPolygons, Params params)
    : m_params(params)
{
    for (auto &polygon : slotPolygons) {
        SlotState slot;
        slot.polygon = std::move(polygon);
        m_slots.push_back(std::move(slot));
    }
}

SlotStatus SlotMonitor::status(std::size_t slot) const
{
    const SlotState &s = m_slots.at(slot);
    return {!s.reference.empty(), s.stocked, s.moving, s.emptiness};
}

double SlotMonitor::emptinessOf(const SlotState &slot, const cv::Mat &grey) const
{
    // 1 - NCC inside the slot's polygon: 0 for the same picture under other light, ~1 for another
    // picture. A flat empty shelf back has no correlation with a printed package.
    cv::Scalar meanCur, stdCur, meanRef, stdRef;
    cv::meanStdDev(grey, meanCur, stdCur, slot.mask);
    cv::meanStdDev(slot.reference, meanRef, stdRef, slot.mask);
    if (stdRef[0] < 1e-3)
        return 0.0;
    if (stdCur[0] < 1e-3)
        return 1.0;
    cv::Mat a = grey - meanCur[0];
    cv::Mat b = slot.reference - meanRef[0];
    const double count = std::max(1, cv::countNonZero(slot.mask));
    const double covariance = cv::sum(a.mul(b).mul(slot.weight))[0] / count;
    const double ncc = covariance / (stdCur[0] * stdRef[0]);
    return std::clamp(1.0 - ncc, 0.0, 1.0);
}

std::vector<SlotEvent> SlotMonitor::process(const cv::Mat &bgr, std::int64_t frameIndex)
{
    std::vector<SlotEvent> events;
    if (bgr.empty())
        return events;
    // A small blur takes out sensor noise before frame differencing.
    cv::Mat smooth;
    cv::GaussianBlur(bgr, smooth, cv::Size(5, 5), 0);
    cv::Mat grey8;
    if (smooth.channels() == 3)
        cv::cvtColor(smooth, grey8, cv::COLOR_BGR2GRAY);
    else
        grey8 = smooth;

    if (grey8.size() != m_frameSize)
        layOut(grey8.size());

    cv::Mat greyF;
    grey8.convertTo(greyF, CV_32F);
    // The scene reference: learned once the whole view is still, then following slow changes
    // (light, a moved price tag) wherever the picture is still.
    cv::Mat stillPixels;
    if (!m_previousGrey.empty()) {
        cv::Mat delta;
        cv::absdiff(greyF, m_previousGrey, delta);
        stillPixels = delta < 6;
        const bool sceneStill = cv::countNonZero(stillPixels) > 0.98 * double(stillPixels.total());
        m_stillSceneFrames = sceneStill ? m_stillSceneFrames + 1 : 0;
    }
    if (m_sceneReference.empty() && m_stillSceneFrames >= m_params.learnFrames)
        m_sceneReference = greyF.clone();
    // A global change of exposure is not an occluder: compare at the reference's brightness.
    cv::Mat sceneDelta;
    if (!m_sceneReference.empty()) {
        const double gain = cv::mean(m_sceneReference)[0] / std::max(1.0, cv::mean(greyF)[0]);
        cv::absdiff(greyF * gain, m_sceneReference, sceneDelta);
    }

    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        SlotState &slot = m_slots[i];
        if (slot.box.empty())
            continue;
        const cv::Mat grey = greyF(slot.box);
        // Motion is measured in colour: a hand can have the grey level of the shelf behind it,
        // but rarely its colour.
        const cv::Mat colour = smooth(slot.box).clone();

        slot.moving = false;
        if (!slot.previousColour.empty()) {
            cv::Mat delta;
            cv::absdiff(colour, slot.previousColour, delta);
            cv::Mat summed;
            cv::transform(delta, summed, cv::Matx<float, 1, 3>(1.f, 1.f, 1.f));
            cv::Mat changed = (summed > m_params.motionDelta) & slot.mask;
            const double area = std::max(1, cv::countNonZero(slot.mask));
            slot.moving = cv::countNonZero(changed) / area > m_params.motionFraction;
        }
        slot.previousColour = colour;
        slot.occluded = false;
        if (!sceneDelta.empty() && !slot.ringMask.empty()) {
            cv::Mat covered = (sceneDelta(slot.ringBox) > m_params.occluderDelta) & slot.ringMask;
            slot.occluded = cv::countNonZero(covered)
                > m_params.occluderFraction * std::max(1, cv::countNonZero(slot.ringMask));
        }
        slot.stillFrames = slot.moving || slot.occluded ? 0 : slot.stillFrames + 1;

        if (slot.reference.empty()) {
            if (slot.stillFrames >= m_params.learnFrames)
                slot.reference = grey.clone();
            continue;
        }
        slot.emptiness = emptinessOf(slot, grey);
        if (slot.stillFrames < m_params.settleFrames)
            continue;

        if (slot.stocked && slot.emptiness > m_params.liftEmptiness) {
            slot.stocked = false;
            const double margin
                = (slot.emptiness - m_params.liftEmptiness) / (1.0 - m_params.liftEmptiness);
            events.push_back({SlotEvent::Type::Lift, i, frameIndex,
                              0.6 + 0.4 * std::clamp(margin * 2, 0.0, 1.0)});
        } else if (!slot.stocked && slot.emptiness < m_params.returnEmptiness) {
            slot.stocked = true;
            const double margin
                = (m_params.returnEmptiness - slot.emptiness) / m_params.returnEmptiness;
            events.push_back(
                {SlotEvent::Type::Return, i, frameIndex, 0.6 + 0.4 * std::clamp(margin, 0.0, 1.0)});
        }
        // A stocked slot that stays still follows slow light changes by refreshing its reference.
        if (slot.stocked && slot.emptiness < m_params.returnEmptiness * 0.5)
            cv::accumulateWeighted(grey, slot.reference, 0.05);
    }
    if (!stillPixels.empty() && !m_sceneReference.empty())
        cv::accumulateWeighted(greyF, m_sceneReference, 0.02, stillPixels);
    m_previousGrey = greyF;
    return events;
}

void SlotMonitor::layOut(cv::Size frameSize)
{
    // A new resolution invalidates every mask and reference.
    m_frameSize = frameSize;
    m_sceneReference.release();
    m_previousGrey.release();
    m_stillSceneFrames = 0;
    const cv::Rect frame({}, frameSize);
    cv::Mat allSlots = cv::Mat::zeros(frameSize, CV_8U);
    for (SlotState &slot : m_slots) {
        slot.box = cv::boundingRect(slot.polygon) & frame;
        std::vector<cv::Point> points;
        for (const auto &p : slot.polygon)
            points.emplace_back(cvRound(p.x), cvRound(p.y));
        slot.mask = cv::Mat::zeros(slot.box.size(), CV_8U);
        if (!points.empty()) {
            cv::fillPoly(slot.mask, std::vector<std::vector<cv::Point>>{points}, 255, cv::LINE_8, 0,
                         -slot.box.tl());
            cv::fillPoly(allSlots, std::vector<std::vector<cv::Point>>{points}, 255);
        }
        slot.mask.convertTo(slot.weight, CV_32F, 1.0 / 255.0);
        slot.reference.release();
        slot.previousColour.release();
        slot.stillFrames = 0;
    }
    for (SlotState &slot : m_slots) {
        const int margin
            = std::max(4, cvRound(m_params.ringMargin * std::min(slot.box.width, slot.box.height)));
        slot.ringBox = cv::Rect(slot.box.x - margin, slot.box.y - margin,
                                slot.box.width + 2 * margin, slot.box.height + 2 * margin)
            & frame;
        // The ring is the shelf around the slot that belongs to no slot: a neighbour's product
        // leaving must not look like an arm.
        slot.ringMask = 255 - allSlots(slot.ringBox);
        if (cv::countNonZero(slot.ringMask) < 20)
            slot.ringMask.release();
    }
}

} // namespace shelf::vision
