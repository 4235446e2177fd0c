#include <camera_step.h>
#include <synthetic_shelf.h>

#include <gtest/gtest.h>

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

    Scene()
    {
        SyntheticShelfSource::Options options;
        options.realtime = false;
        source = std::make_unique<SyntheticShelfSource>(slots, state, options);
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
        }
        return events;
    }
};

} // namespace

TEST(CameraStep, AProductOutWhileTheSlotsChangeComesBackAsAReturn)
{
    Scene scene;
    CameraLayout layout;
    for (const auto &slot : scene.slots)
        layout.slots.push_back(slot.polygon);
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
