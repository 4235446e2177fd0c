#include "slot_monitor.h"

#include "exposure.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

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
    return {s.learned, s.stocked, s.moving, s.emptiness};
}

void SlotMonitor::learn(SlotState &slot, const cv::Mat &grey)
{
    slot.cells.clear();
    const int w = slot.box.width, h = slot.box.height;
    for (int row = 0; row < 2; ++row) {
        for (int col = 0; col < 2; ++col) {
            Cell cell;
            cell.rect = cv::Rect(col * w / 2, row * h / 2, (col + 1) * w / 2 - col * w / 2,
                                 (row + 1) * h / 2 - row * h / 2);
            if (cell.rect.empty())
                continue;
            cell.mask = slot.mask(cell.rect);
            const int count = cv::countNonZero(cell.mask);
            cv::Scalar mean, stddev;
            cv::meanStdDev(grey(cell.rect), mean, stddev, cell.mask);
            // A flat cell (bare shelf beside a narrow product) has no pattern to correlate.
            if (count < 4 || stddev[0] < 2.0)
                continue;
            cell.weight = stddev[0];
            cv::Mat weight;
            cell.mask.convertTo(weight, CV_32F, 1.0 / (255.0 * count * stddev[0]));
            cell.normalised = (grey(cell.rect) - mean[0]).mul(weight);
            slot.cells.push_back(std::move(cell));
        }
    }
    slot.learned = true;
}

double SlotMonitor::emptinessOf(const SlotState &slot, const cv::Mat &grey, cv::Point shift) const
{
    // 1 - NCC per cell, weighted by how much pattern the reference has there: 0 for the same
    // picture under other light, ~1 for another picture. Since the normalised reference sums to
    // zero, the current cell's mean drops out of the dot product.
    double sum = 0, weights = 0;
    for (const Cell &cell : slot.cells) {
        cv::Scalar mean, stddev;
        const cv::Mat current = grey(cell.rect + slot.box.tl() + shift);
        cv::meanStdDev(current, mean, stddev, cell.mask);
        const double ncc = stddev[0] < 1e-3 ? 0.0 : current.dot(cell.normalised) / stddev[0];
        sum += cell.weight * std::clamp(ncc, -1.0, 1.0);
        weights += cell.weight;
    }
    if (weights <= 0)
        return 0.0;
    return std::clamp(1.0 - sum / weights, 0.0, 1.0);
}

std::vector<SlotEvent> SlotMonitor::process(const cv::Mat &bgr, std::int64_t frameIndex)
{
    std::vector<SlotEvent> events;
    if (bgr.empty())
        return events;
    if (bgr.size() != m_frameSize)
        layOut(bgr.size());

    cv::Mat small;
    if (m_workSize != bgr.size())
        cv::resize(bgr, small, m_workSize, 0, 0, cv::INTER_AREA);
    else
        small = bgr.clone();
    if (small.channels() == 1)
        cv::cvtColor(small, small, cv::COLOR_GRAY2BGR);
    // A small blur takes out sensor noise and compression blocks before frame differencing.
    cv::GaussianBlur(small, small, cv::Size(3, 3), 0);
    cv::Mat grey8, greyF;
    cv::cvtColor(small, grey8, cv::COLOR_BGR2GRAY);
    grey8.convertTo(greyF, CV_32F);

    // Motion, at the previous frame's exposure: flicker and auto exposure move every pixel.
    // It is measured in colour: a hand can have the grey level of the shelf behind it, but
    // rarely its colour.
    cv::Mat motion, stillPixels;
    if (!m_previousGrey.empty()) {
        const double gain = exposureGain(m_previousGrey, greyF);
        cv::Mat previous, delta;
        m_previousColour.convertTo(previous, -1, gain);
        cv::absdiff(small, previous, delta);
        cv::transform(delta, delta, cv::Matx<float, 1, 3>(1.f, 1.f, 1.f));
        motion = delta > m_params.motionDelta;
        cv::Mat greyDelta;
        cv::absdiff(greyF, m_previousGrey * gain, greyDelta);
        stillPixels = greyDelta < 6;
        const bool sceneStill = cv::countNonZero(stillPixels) > 0.98 * double(stillPixels.total());
        m_stillSceneFrames = sceneStill ? m_stillSceneFrames + 1 : 0;
    }
    // The scene reference: learned once the whole view is still, then following slow changes
    // (a moved price tag, an emptied slot) wherever the picture is still.
    if (m_sceneReference.empty() && m_stillSceneFrames >= m_params.learnFrames)
        m_sceneReference = greyF.clone();
    cv::Mat covered;
    double sceneGain = 1.0;
    if (!m_sceneReference.empty()) {
        sceneGain = exposureGain(greyF, m_sceneReference);
        cv::Mat sceneDelta;
        cv::absdiff(greyF * sceneGain, m_sceneReference, sceneDelta);
        covered = sceneDelta > m_params.occluderDelta;
    }

    const cv::Rect frame({}, m_workSize);
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        SlotState &slot = m_slots[i];
        if (slot.box.empty())
            continue;
        const cv::Mat grey = greyF(slot.box);
        const double area = std::max(1, cv::countNonZero(slot.mask));
        slot.moving = !motion.empty()
            && cv::countNonZero(motion(slot.box) & slot.mask) / area > m_params.motionFraction;
        slot.occluded = !covered.empty() && !slot.ringMask.empty()
            && cv::countNonZero(covered(slot.ringBox) & slot.ringMask)
                > m_params.occluderFraction * cv::countNonZero(slot.ringMask);
        slot.stillFrames = slot.moving || slot.occluded ? 0 : slot.stillFrames + 1;

        if (!slot.learned) {
            if (slot.stillFrames < m_params.learnFrames)
                continue;
            if (std::exchange(slot.learnAsEmpty, false)) {
                slot.learned = true;
                slot.stocked = false;
                slot.stockedLookKnown = false;
                slot.cells.clear();
                slot.emptyReference = grey * sceneGain;
            } else {
                learn(slot, grey);
            }
            continue;
        }
        slot.emptiness = emptinessOf(slot, greyF, {});
        if (slot.emptiness <= m_params.liftEmptiness)
            slot.liftLookSince = -1;
        else if (slot.liftLookSince < 0)
            slot.liftLookSince = frameIndex;
        // The frame before the still run looked like its first still frame, by definition.
        const std::int64_t stillSince = frameIndex - slot.stillFrames;
        if (slot.stillFrames < m_params.settleFrames)
            continue;
        // Before deciding, allow for a product put back or nudged a little off its old place.
        if ((slot.stocked && slot.emptiness > m_params.liftEmptiness)
            || (!slot.stocked && slot.emptiness >= m_params.returnEmptiness)) {
            const int reach = m_params.shiftSearch;
            for (int dy = -reach; dy <= reach; ++dy) {
                for (int dx = -reach; dx <= reach; ++dx) {
                    if ((dx || dy)
                        && (slot.box + cv::Point(dx, dy))
                            == ((slot.box + cv::Point(dx, dy)) & frame))
                        slot.emptiness
                            = std::min(slot.emptiness, emptinessOf(slot, greyF, {dx, dy}));
                }
            }
        }

        if (slot.stocked) {
            if (slot.emptiness > m_params.liftEmptiness) {
                slot.stocked = false;
                slot.emptyReference = grey * sceneGain;
                const double margin
                    = (slot.emptiness - m_params.liftEmptiness) / (1.0 - m_params.liftEmptiness);
                events.push_back({SlotEvent::Type::Lift, i, frameIndex,
                                  std::max(stillSince, slot.liftLookSince),
                                  0.6 + 0.4 * std::clamp(margin * 2, 0.0, 1.0)});
            } else if (slot.stillFrames == m_params.relearnFrames
                       && slot.emptiness
                           < (m_params.liftEmptiness + m_params.returnEmptiness) / 2) {
                // A product nudged by a hand, a shadow that stays: the still, stocked slot is
                // the new normal.
                learn(slot, grey);
            }
            continue;
        }
        double filled = 0;
        if (!slot.emptyReference.empty()) {
            cv::Mat delta;
            cv::absdiff(grey * sceneGain, slot.emptyReference, delta);
            filled = cv::mean(delta, slot.mask)[0];
        }
        const bool lookedStocked
            = slot.stockedLookKnown && slot.emptiness < m_params.returnEmptiness;
        if (lookedStocked || filled > m_params.restockDelta) {
            // The product came back, or another facing of it was put there: either way the
            // slot is stocked and this is what stocked looks like now.
            slot.stocked = true;
            const double margin = lookedStocked
                ? (m_params.returnEmptiness - slot.emptiness) / m_params.returnEmptiness
                : std::min(1.0, filled / (3 * m_params.restockDelta));
            events.push_back({SlotEvent::Type::Return, i, frameIndex, stillSince,
                              0.6 + 0.4 * std::clamp(margin, 0.0, 1.0)});
            learn(slot, grey);
            slot.stockedLookKnown = true;
            slot.emptiness = 0;
        }
    }
    if (!stillPixels.empty() && !m_sceneReference.empty())
        cv::accumulateWeighted(greyF, m_sceneReference, 0.02, stillPixels);
    m_previousGrey = greyF;
    m_previousColour = small;
    return events;
}

void SlotMonitor::continueFrom(const SlotMonitor &previous)
{
    if (previous.m_frameSize.empty())
        return;
    layOut(previous.m_frameSize);
    if (m_workSize != previous.m_workSize)
        return; // other parameters: nothing learned fits
    m_previousGrey = previous.m_previousGrey;
    m_previousColour = previous.m_previousColour;
    m_stillSceneFrames = previous.m_stillSceneFrames;
    for (SlotState &slot : m_slots) {
        const auto same
            = std::find_if(previous.m_slots.begin(), previous.m_slots.end(),
                           [&slot](const SlotState &old) { return old.polygon == slot.polygon; });
        if (same == previous.m_slots.end())
            continue;
        // The same polygon in the same work size: the same box and mask, so the references fit.
        slot.cells = same->cells;
        for (Cell &cell : slot.cells)
            cell.mask = slot.mask(cell.rect);
        slot.learned = same->learned;
        slot.emptyReference = same->emptyReference;
        slot.stillFrames = same->stillFrames;
        slot.stocked = same->stocked;
        slot.moving = same->moving;
        slot.occluded = same->occluded;
        slot.emptiness = same->emptiness;
        slot.stockedLookKnown = same->stockedLookKnown;
    }
}

void SlotMonitor::expectEmpty(std::size_t slot)
{
    if (slot < m_slots.size() && !m_slots[slot].learned)
        m_slots[slot].learnAsEmpty = true;
}

void SlotMonitor::layOut(cv::Size frameSize)
{
    // A new resolution invalidates every mask and reference.
    m_frameSize = frameSize;
    const int factor
        = std::max(1, int(std::lround(frameSize.width / double(std::max(16, m_params.workWidth)))));
    m_workSize
        = cv::Size(std::max(1, frameSize.width / factor), std::max(1, frameSize.height / factor));
    const double sx = m_workSize.width / double(frameSize.width);
    const double sy = m_workSize.height / double(frameSize.height);
    m_sceneReference.release();
    m_previousGrey.release();
    m_previousColour.release();
    m_stillSceneFrames = 0;
    const cv::Rect frame({}, m_workSize);
    cv::Mat allSlots = cv::Mat::zeros(m_workSize, CV_8U);
    for (SlotState &slot : m_slots) {
        std::vector<cv::Point> points;
        for (const auto &p : slot.polygon)
            points.emplace_back(cvRound(p.x * sx), cvRound(p.y * sy));
        slot.box = points.empty() ? cv::Rect() : cv::boundingRect(points) & frame;
        slot.mask = cv::Mat::zeros(slot.box.size(), CV_8U);
        if (!points.empty()) {
            cv::fillPoly(slot.mask, std::vector<std::vector<cv::Point>>{points}, 255, cv::LINE_8, 0,
                         -slot.box.tl());
            cv::fillPoly(allSlots, std::vector<std::vector<cv::Point>>{points}, 255);
        }
        slot.cells.clear();
        slot.learned = false;
        // A new layout learns afresh, and learning assumes the slot is stocked (see learn()).
        slot.stocked = true;
        slot.emptyReference.release();
        slot.stillFrames = 0;
    }
    for (SlotState &slot : m_slots) {
        const int margin
            = std::max(2, cvRound(m_params.ringMargin * std::min(slot.box.width, slot.box.height)));
        slot.ringBox = cv::Rect(slot.box.x - margin, slot.box.y - margin,
                                slot.box.width + 2 * margin, slot.box.height + 2 * margin)
            & frame;
        // The ring is the shelf around the slot that belongs to no slot: a neighbour's product
        // leaving must not look like an arm.
        slot.ringMask = 255 - allSlots(slot.ringBox);
        if (cv::countNonZero(slot.ringMask) < 8)
            slot.ringMask.release();
    }
}

} // namespace shelf::vision
