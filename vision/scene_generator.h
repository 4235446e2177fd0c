#pragma once

#include "slot_monitor.h"
#include "synthetic_shelf.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace shelf::vision {

// One timed thing that happens in a generated clip.
struct SceneAction
{
    enum class Kind {
        Take, // a hand reaches into a stocked slot and leaves with the product
        Return, // a hand puts the product back into an empty slot
        Touch, // a hand reaches in, may nudge the product, and leaves with nothing
        PasserBy, // a shopper walks across the aisle in front of the shelf, below the slots
        LightRamp, // the whole picture's gain moves to amount over the action's frames
        Flicker, // the gain wobbles by +-amount from frame to frame
        Shadow, // a soft shadow of darkness amount sweeps across the shelf
        Shake, // the camera jitters by up to amount pixels, then settles back
    };
    Kind kind = Kind::Take;
    int startFrame = 0;
    int frames = 12; // how long it lasts
    int slot = -1; // Take, Return, Touch
    double amount = 0;
};

// Everything that decides a generated clip; the same description always gives the same frames.
struct SceneDescription
{
    cv::Size size{640, 480};
    int rows = 3;
    int columns = 4;
    int frameCount = 90;
    double fps = 15;
    double noiseSigma = 2;
    unsigned seed = 1;
    std::vector<SceneAction> actions;

    // Slot outlines in frame pixels, row by row: the shelf fills the upper part of the view and
    // the lowest fifth is aisle, where arms come from and shoppers walk by.
    std::vector<std::vector<cv::Point2f>> slotPolygons() const;
};

// What really happened in a clip: the events a detector should report.
struct TruthEvent
{
    SlotEvent::Type type = SlotEvent::Type::Lift;
    std::size_t slot = 0;
    std::int64_t handLeftFrame = 0; // the first frame in which the hand no longer overlaps the slot
};

// Renders a shelf of demo products (resources/demo/images) and the actions of a scene, with the
// ground truth of every lift and return.
class SceneGenerator
{
public:
    // imageFolder: the product pictures (512x512 on a light background); slots take them in
    // name order, cycling when there are more slots than pictures.
    SceneGenerator(SceneDescription description, const std::string &imageFolder);

    const SceneDescription &description() const { return m_description; }
    const std::vector<std::vector<cv::Point2f>> &polygons() const { return m_polygons; }
    // Per slot: the product's name (its picture's file name without extension).
    const std::vector<std::string> &products() const { return m_products; }
    const std::vector<TruthEvent> &truth() const { return m_truth; }
    // False if a picture could not be read or a slot action names no slot.
    bool isValid() const { return m_valid; }

    // Renders frame index (0 <= index < frameCount) into bgr.
    void render(int index, cv::Mat &bgr);

    // Writes base.avi (MJPG), base.json (ground truth) and base.toml (a shelf config for
    // `shelfscreen detect`); returns an error message, empty on success.
    std::string writeClip(const std::string &basePath);

private:
    bool armAt(const SceneAction &action, int index, SyntheticShelfSource::Arm &arm) const;
    void computeTruth();

    SceneDescription m_description;
    std::vector<std::vector<cv::Point2f>> m_polygons;
    std::vector<cv::Rect> m_boxes;
    std::vector<std::string> m_products;
    std::vector<cv::Mat> m_productImages; // box-sized BGR
    std::vector<cv::Mat> m_productMasks; // box-sized 8-bit: where the product is
    std::vector<cv::Point> m_nudges; // per action: where a touch or return leaves the product
    cv::Mat m_back;
    std::vector<TruthEvent> m_truth;
    bool m_valid = true;
};

// A corpus of clips for evaluation: every kind of action on shelves of 6 to 24 slots at several
// resolutions. Deterministic for a seed.
std::vector<SceneDescription> evaluationCorpus(unsigned seed);

} // namespace shelf::vision
