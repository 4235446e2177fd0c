#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace shelf::vision {

// What the camera concluded about one slot in one frame.
struct SlotEvent
{
    enum class Type { Lift, Return };
    Type type = Type::Lift;
    std::size_t slot = 0;
    std::int64_t frameIndex = 0; // the frame that completed the decision
    // The first frame that already showed the slot as decided: the frame just before its run of
    // still frames (still means like that frame), or the first one past the emptiness threshold
    // if that came later. Latency is measured from its capture, not from the decision.
    std::int64_t seenFrameIndex = 0;
    double confidence = 0.0;
};

// What the operator view shows for a slot.
struct SlotStatus
{
    bool learned = false;
    bool stocked = true;
    bool moving = false;
    double emptiness = 0.0; // 0 = looks like the stocked reference, 1 = nothing like it
};

// Decides, per shelf slot, when a product left it or came back.
// Works on a downscaled copy of the frame (a slot needs a few dozen pixels, not hundreds). Each
// slot compares its pixels with a reference learned while it was stocked and still, by
// normalised cross-correlation in 2x2 cells (indifferent to a global change of brightness or
// contrast, and a shadow edge spoils one cell, not the slot), and decides only once the slot has
// been still for a few frames, so a hand reaching in is never taken for an empty slot. Frame
// differences are compared at the same exposure, so flicker and auto exposure are not motion.
// A slot is also held while the ring of shelf around it differs from the scene's reference: an
// arm resting across a slot on its way to another one reaches out of the slot, a product that
// left does not. An empty slot that fills with something unlike the empty shelf is a return
// even if it looks unlike the old reference (a restock), and the reference is learned anew.
class SlotMonitor
{
public:
    struct Params
    {
        int workWidth = 320; // frames are shrunk by an integer factor to about this width
        int learnFrames = 3; // still frames before the first reference is taken
        int settleFrames = 2; // still frames after motion before a decision
        int relearnFrames = 10; // still frames of a stocked slot before its reference is renewed
        double motionDelta = 30; // summed B+G+R levels that count as change between two frames
        double motionFraction = 0.02;
        double occluderDelta = 25; // grey levels from the scene reference that count as covered
        double occluderFraction
            = 0.06; // of the ring around a slot: above, something lies across it
        double ringMargin = 0.15; // the ring's width, as a fraction of the slot's size
        double liftEmptiness = 0.55; // above: the stocked product is gone
        double returnEmptiness = 0.30; // below: it is back
        double restockDelta = 18; // mean grey levels from the empty slot that count as filled
        int shiftSearch = 2; // work pixels a product may sit off its old place and still match
    };

    explicit SlotMonitor(std::vector<std::vector<cv::Point2f>> slotPolygons, Params params);
    SlotMonitor(std::vector<std::vector<cv::Point2f>> slotPolygons)
        : SlotMonitor(std::move(slotPolygons), Params{})
    { }

    // Feeds one BGR frame; returns the decisions it completed.
    std::vector<SlotEvent> process(const cv::Mat &bgr, std::int64_t frameIndex);

    // Takes over what previous, the monitor of the same camera before the slots were changed,
    // learned of each slot still at exactly the same place: a product out of such a slot then
    // comes back as a return, where a slot learned afresh would take the empty shelf for
    // stocked. The whole view is learned again from the next still frames, as slots change
    // when the shelf does. Call before the first frame.
    void continueFrom(const SlotMonitor &previous);
    // The product of this slot is out (the display's fusion holds it lifted) and the slot has
    // learned nothing yet: it learns its look from the next still frames as empty, and the
    // product coming back is a return. Without, an empty slot learned afresh looks stocked, and
    // the product put back into it goes unseen. No effect on a slot that has learned.
    void expectEmpty(std::size_t slot);

    std::size_t slotCount() const { return m_slots.size(); }
    SlotStatus status(std::size_t slot) const;
    bool isOccluded(std::size_t slot) const { return m_slots.at(slot).occluded; }
    // In the frame's pixels, as given.
    const std::vector<cv::Point2f> &polygon(std::size_t slot) const
    {
        return m_slots[slot].polygon;
    }

private:
    // A quarter of a slot, with its reference normalised for a correlation by one dot product.
    struct Cell
    {
        cv::Rect rect; // within the slot's box
        cv::Mat mask; // 8-bit, rect-sized
        cv::Mat normalised; // CV_32F: (reference - mean) * mask / (count * stddev)
        double weight = 0; // the reference's stddev: a flat cell says little
    };
    struct SlotState
    {
        std::vector<cv::Point2f> polygon;
        cv::Rect box; // in the work image
        cv::Mat mask; // 8-bit, box-sized
        std::vector<Cell> cells;
        bool learned = false;
        cv::Mat emptyReference; // CV_32F grey at scene exposure, taken when the lift was decided
        cv::Rect ringBox;
        cv::Mat ringMask; // 8-bit, ringBox-sized: around the slot, outside every slot
        int stillFrames = 0;
        std::int64_t liftLookSince = -1; // first frame of the unbroken run past liftEmptiness
        bool stocked = true;
        bool moving = false;
        bool occluded = false;
        double emptiness = 0.0;
        bool learnAsEmpty = false; // see expectEmpty()
        bool stockedLookKnown
            = true; // false: learned empty, its stocked look comes with its return
    };
    void layOut(cv::Size frameSize);
    void learn(SlotState &slot, const cv::Mat &grey);
    // grey: the whole work image; shift: where to look relative to the slot's box.
    double emptinessOf(const SlotState &slot, const cv::Mat &grey, cv::Point shift) const;

    std::vector<SlotState> m_slots;
    Params m_params;
    cv::Size m_frameSize;
    cv::Size m_workSize;
    cv::Mat m_sceneReference; // CV_32F grey of the whole view, following slow changes
    cv::Mat m_previousGrey; // CV_32F grey of the previous frame
    cv::Mat m_previousColour; // 8-bit BGR of the previous frame
    int m_stillSceneFrames = 0;
};

} // namespace shelf::vision
