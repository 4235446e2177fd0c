#pragma once

#include "frame_source.h"

#include <opencv2/core.hpp>

#include <mutex>
#include <string>
#include <vector>

namespace shelf::vision {

// The state of a simulated shelf that other threads may change (a script or a key press lifts a
// product); the renderer reads it on the capture thread.
class SyntheticShelfState
{
public:
    explicit SyntheticShelfState(std::size_t slotCount);

    // Thread-safe, like every member: the owner remaps while the camera thread draws.
    std::size_t slotCount() const;
    // The shelf's slots changed (the operator edited the layout): slot i is now what slot
    // previousIndex[i] was (-1: a new slot, stocked). Hands still reaching in are dropped.
    void remap(const std::vector<int> &previousIndex);
    // Starts a shopper's hand reaching into the slot; the product leaves (or comes back) while
    // the hand is there, as in a real shelf, so the detector sees motion before the change.
    void setStocked(std::size_t slot, bool stocked);
    bool isStocked(std::size_t slot) const;

    struct Reach
    {
        std::size_t slot = 0;
        bool stockedAfter = false;
        int frame = 0; // frames since the hand started to move in
    };
    // The shopper who reaches in steps up to the shelf first and stays there, standing in the
    // aisle at the bottom of the picture, until they walk away (with whatever they hold).
    void shopperLeaves();
    // The shopper steps back up in front of slot without reaching for anything.
    void shopperArrives(std::size_t slot);
    struct Shopper
    {
        double presence = 0; // 0: out of view, 1: standing at the shelf
        std::size_t slot = 0; // in front of which slot
        int look = 0; // which shopper: each arrival is someone else, dressed differently
    };
    // Advances every hand and the shopper by one frame and returns the hands to draw in this
    // frame; shopper receives where the shopper is.
    std::vector<Reach> advance(int framesPerReach, Shopper *shopper = nullptr);

private:
    mutable std::mutex m_mutex;
    std::vector<bool> m_stocked;
    std::vector<Reach> m_reaches;
    bool m_shopperWanted = false;
    int m_shopperStep = 0; // of shopperSteps while walking up or away
    std::size_t m_shopperSlot = 0;
    int m_arrivals = 0;
};

// A generated camera view of a shelf: each slot holds a package with a texture derived from its
// sku, under slightly noisy, slightly flickering light.
class SyntheticShelfSource : public FrameSource
{
public:
    struct Slot
    {
        std::vector<cv::Point2f> polygon; // in frame pixels
        std::string sku;
    };
    struct Options
    {
        cv::Size size{640, 480};
        double fps = 15.0;
        bool realtime = true; // pace frames at fps; false delivers them as fast as they are read
        int framesPerReach = 8;
        double noiseSigma = 2.0;
        unsigned seed = 1;
    };

    SyntheticShelfSource(std::vector<Slot> slots, std::shared_ptr<SyntheticShelfState> state,
                         Options options);
    bool open() override { return true; }
    bool read(Frame &frame) override;
    std::string describe() const override { return "synthetic"; }
    // In real time, a still shelf is drawn only as often as it is wanted.
    void setMinInterval(std::chrono::milliseconds interval) override { m_minInterval = interval; }

    // The package artwork drawn for a sku (deterministic), exposed for the scene's tests.
    static cv::Mat packageTexture(const std::string &sku, cv::Size size);
    // The empty shelf: a warm grey back with a faint grain and a board under each slot.
    static cv::Mat shelfBack(cv::Size size, const std::vector<cv::Rect> &slotBoxes);

    // How a shopper's arm is drawn: from beyond the picture's edge (the aisle) along direction
    // to the fingertips at tip; handWidth in pixels.
    struct Arm
    {
        cv::Point2f tip;
        cv::Point2f direction{0, -1}; // unit vector from the shoulder towards the fingertips
        float handWidth = 40;
        cv::Scalar skin{105, 140, 200};
        cv::Scalar sleeve{110, 60, 40};
    };
    static void drawArm(cv::Mat &image, const Arm &arm);
    // The same silhouette as one value, for masks (what the arm covers).
    static void drawArmMask(cv::Mat &mask, const Arm &arm);

    // A shopper's head and shoulders seen from behind at the bottom edge of the picture,
    // centred on x; presence 0..1 raises them from below the edge. look picks the clothes and
    // hair, some of them close to the shelf's own colours.
    static void drawShopper(cv::Mat &image, float x, double presence, int look = 0);

private:
    void drawHand(cv::Mat &image, const cv::Rect &slotBox, int frame) const;

    std::vector<Slot> m_slots;
    std::vector<cv::Mat> m_textures;
    std::shared_ptr<SyntheticShelfState> m_state;
    Options m_options;
    cv::Mat m_background;
    cv::RNG m_rng;
    // Sensor noise, drawn once a little larger than the picture: each frame adds it from another
    // offset, which looks as random to the detector as fresh noise at a tenth of the cost.
    cv::Mat m_noise;
    std::int64_t m_nextIndex = 0;
    Clock::time_point m_nextFrameAt{};
    std::chrono::milliseconds m_minInterval{0};
};

} // namespace shelf::vision
