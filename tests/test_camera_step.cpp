#include <camera_step.h>
#include <motion_gate.h>
#include <synthetic_shelf.h>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace shelf::vision;

namespace {

std::vector<cv::Point2f> box(float x, float y, float w, float h)
{
    return {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
}

// Three products in a row of a 640x480 view, rendered by the synthetic scene.
struct Scene
{
    std::vector<SyntheticShelfSource::Slot> slots{{box(40, 40, 160, 150), "sku-0"},
                                                  {box(240, 40, 160, 150), "sku-1"},
                                                  {box(440, 40, 160, 150), "sku-2"}};
    std::shared_ptr<SyntheticShelfState> state = std::make_shared<SyntheticShelfState>(3);
    std::unique_ptr<SyntheticShelfSource> source;
    std::int64_t index = 0;
    int offered = 0; // frames offered to identification so far

    Scene()
    {
        SyntheticShelfSource::Options options;
        options.realtime = false;
        source = std::make_unique<SyntheticShelfSource>(slots, state, options);
    }

    CameraLayout everySlot() const
    {
        CameraLayout layout;
        for (const auto &slot : slots)
            layout.slots.push_back(slot.polygon);
        return layout;
    }

    // The first slot and an aisle, for the aisle's tests.
    CameraLayout firstSlotWithAisle(std::vector<cv::Point2f> aisle) const
    {
        CameraLayout layout;
        layout.slots = {slots[0].polygon};
        layout.aisle = std::move(aisle);
        return layout;
    }

    // Runs n frames through step; returns the slot events.
    std::vector<SlotEvent> run(CameraStep &step, int frames)
    {
        std::vector<SlotEvent> events;
        Frame frame;
        for (int i = 0; i < frames; ++i, ++index) {
            EXPECT_TRUE(source->read(frame));
            CameraStep::Context context;
            context.atMs = index * 1000 / 15;
            const CameraStepResult result = step.process(frame.image, frame.index, context);
            events.insert(events.end(), result.slotEvents.begin(), result.slotEvents.end());
            offered += result.identify ? 1 : 0;
        }
        return events;
    }
};

} // namespace

TEST(CameraStep, AProductOutWhileTheSlotsChangeComesBackAsAReturn)
{
    Scene scene;
    CameraLayout layout = scene.everySlot();
    CameraStep step(layout);
    scene.run(step, 10);
    scene.state->setStocked(1, false);
    auto events = scene.run(step, 30);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, SlotEvent::Type::Lift);

    // The operator lists the middle slot first, narrows the first one and drops the last; the
    // middle product is still in the shopper's hand.
    CameraLayout changed;
    changed.slots = {scene.slots[1].polygon, box(50, 40, 140, 150)};
    step.setLayout(changed);
    EXPECT_TRUE(scene.run(step, 5).empty());
    scene.state->setStocked(1, true);
    events = scene.run(step, 30);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, SlotEvent::Type::Return);
    EXPECT_EQ(events[0].slot, 0u);
}

TEST(CameraStep, AnAisleOutsideThePictureIsReportedOnceAndDropped)
{
    Scene scene;
    CameraStep step(scene.firstSlotWithAisle(box(0, 600, 640, 40)));
    Frame frame;
    ASSERT_TRUE(scene.source->read(frame));
    EXPECT_TRUE(step.process(frame.image, frame.index, {}).aisleOutsidePicture);
    EXPECT_EQ(step.aisle(), nullptr);
    ASSERT_TRUE(scene.source->read(frame));
    EXPECT_FALSE(step.process(frame.image, frame.index, {}).aisleOutsidePicture);
}

TEST(CameraStep, AnUnchangedAisleKeepsWhatItLearnedWhenTheSlotsChange)
{
    Scene scene;
    CameraLayout layout = scene.firstSlotWithAisle(box(0, 440, 640, 40));
    CameraStep step(layout);
    scene.run(step, 20);
    ASSERT_NE(step.aisle(), nullptr);
    ASSERT_TRUE(step.aisle()->learned());
    layout.slots.push_back(scene.slots[2].polygon);
    step.setLayout(layout);
    ASSERT_NE(step.aisle(), nullptr);
    EXPECT_TRUE(step.aisle()->learned());
    layout.aisleLeaveMs = 3000;
    step.setLayout(layout);
    ASSERT_NE(step.aisle(), nullptr);
    EXPECT_FALSE(step.aisle()->learned());
}

TEST(CameraStep, IdentificationLooksOnlyWhileSomethingMovesInFrontOfTheCamera)
{
    Scene scene;
    CameraLayout layout = scene.everySlot();
    CameraStep step(layout);
    // Counts the frames offered to identification among the next n.
    const auto offered = [&](int frames) {
        const int before = scene.offered;
        scene.run(step, frames);
        return scene.offered - before;
    };
    // What the camera shows at start is looked at; a still shelf, with its sensor noise and
    // breathing light, then is not, for a whole minute.
    EXPECT_GT(offered(30), 0);
    offered(60);
    EXPECT_EQ(offered(15 * 60), 0);
    // A shopper steps up and reaches into a slot: looked at a few times a second again.
    scene.state->shopperArrives(1);
    scene.state->setStocked(1, false);
    EXPECT_GE(offered(45), 5);
    // Once everyone left and the scene is still, no more looks.
    scene.state->shopperLeaves();
    offered(120);
    EXPECT_EQ(offered(150), 0);
}

TEST(MotionGate, AHandEdgeIsMotionAndNoiseIsNot)
{
    MotionGate gate;
    cv::Mat still(480, 640, CV_8UC3, cv::Scalar(90, 120, 150));
    cv::RNG rng(3);
    const auto noisy = [&](const cv::Mat &image) {
        cv::Mat noise(image.size(), CV_16SC3);
        rng.fill(noise, cv::RNG::NORMAL, 0, 4);
        cv::Mat out;
        image.convertTo(out, CV_16SC3);
        out += noise;
        out.convertTo(out, CV_8UC3);
        return out;
    };
    EXPECT_TRUE(gate.update(noisy(still), 0)); // the first frame is looked at
    EXPECT_TRUE(gate.update(noisy(still), 1000)); // within the hold
    EXPECT_FALSE(gate.update(noisy(still), 3500));
    // A small dark object (a finger's width at 640x480) entering at the edge of the view.
    cv::Mat hand = still.clone();
    cv::rectangle(hand, cv::Rect(600, 200, 40, 40), cv::Scalar(40, 60, 90), cv::FILLED);
    EXPECT_TRUE(gate.update(noisy(hand), 4000));
    EXPECT_TRUE(gate.update(noisy(hand), 6900)); // held still: looked at for the hold
    EXPECT_FALSE(gate.update(noisy(hand), 7100));
}

// A still shelf is watched at 5 frames a second (VisionWorker): the camera step must say the
// shelf is still only when it is, and no longer once a hand comes, before anything is taken.
TEST(CameraStep, AStillShelfIsSaidToBeStillUntilAHandComes)
{
    Scene scene;
    CameraStep step(scene.everySlot());
    Frame frame;
    std::int64_t atMs = 0;
    bool still = false;
    // Runs frames as the display would: 200 ms apart while still, 15 fps otherwise. Returns the
    // frames run until stop said so (or -1 after limit frames), with the events seen.
    const auto runUntil = [&](int limit, const auto &stop, std::vector<SlotEvent> *events) {
        for (int i = 0; i < limit; ++i) {
            EXPECT_TRUE(scene.source->read(frame));
            atMs += still ? 200 : 1000 / 15;
            CameraStep::Context context;
            context.atMs = atMs;
            const CameraStepResult result = step.process(frame.image, frame.index, context);
            still = result.still;
            if (events)
                events->insert(events->end(), result.slotEvents.begin(), result.slotEvents.end());
            if (stop(result))
                return i;
        }
        return -1;
    };
    // At start nothing is learned and the first frame counts as motion: full rate.
    const int settled = runUntil(
        300, [](const CameraStepResult &r) { return r.still; }, nullptr);
    ASSERT_GE(settled, 0) << "the still synthetic shelf was never found still";
    EXPECT_GE(settled, 3 * 15 - 1) << "still before the motion probe's 3 s hold ran out";
    // A minute of still shelf stays still: noise and light are not motion.
    EXPECT_EQ(runUntil(
                  300, [](const CameraStepResult &r) { return !r.still; }, nullptr),
              -1);

    // A hand reaches into the middle slot and takes its product: the shelf stops being still
    // at the first frames of the reach, long before the lift is decided.
    scene.state->setStocked(1, false);
    std::vector<SlotEvent> events;
    const int moving = runUntil(
        30, [](const CameraStepResult &r) { return !r.still; }, &events);
    ASSERT_GE(moving, 0);
    EXPECT_LE(moving, 2) << "frames of a reaching hand seen as a still shelf";
    EXPECT_TRUE(events.empty()) << "a lift decided while the camera was at the still rate";
    runUntil(
        60, [&](const CameraStepResult &) { return !events.empty(); }, &events);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, SlotEvent::Type::Lift);
}
