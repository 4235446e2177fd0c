#include <capture_source.h>
#include <latest_frame_source.h>
#include <slot_monitor.h>
#include <synthetic_shelf.h>

#include <gtest/gtest.h>
#include <opencv2/videoio.hpp>

#include <filesystem>
#include <set>
#include <thread>

using namespace shelf::vision;

namespace {

// A 2x3 shelf in a 640x480 camera view, rendered by the synthetic scene.
struct Scene
{
    std::vector<SyntheticShelfSource::Slot> slots;
    std::shared_ptr<SyntheticShelfState> state;
    std::unique_ptr<SyntheticShelfSource> source;
    std::unique_ptr<SlotMonitor> monitor;

    Scene()
    {
        for (int row = 0; row < 2; ++row) {
            for (int col = 0; col < 3; ++col) {
                const float x = 40.f + col * 200.f, y = 40.f + row * 220.f;
                slots.push_back({{{x, y}, {x + 160, y}, {x + 160, y + 150}, {x, y + 150}},
                                 "sku-" + std::to_string(row * 3 + col)});
            }
        }
        state = std::make_shared<SyntheticShelfState>(slots.size());
        SyntheticShelfSource::Options options;
        options.realtime = false;
        source = std::make_unique<SyntheticShelfSource>(slots, state, options);
        std::vector<std::vector<cv::Point2f>> polygons;
        for (const auto &slot : slots)
            polygons.push_back(slot.polygon);
        monitor = std::make_unique<SlotMonitor>(polygons);
    }

    // Runs n frames; returns the events with the frame they were decided in.
    std::vector<SlotEvent> run(int frames)
    {
        std::vector<SlotEvent> events;
        Frame frame;
        for (int i = 0; i < frames; ++i) {
            EXPECT_TRUE(source->read(frame));
            for (const SlotEvent &event : monitor->process(frame.image, frame.index))
                events.push_back(event);
        }
        return events;
    }
};

} // namespace

TEST(SlotMonitor, AStillStockedShelfProducesNoEvents)
{
    Scene scene;
    EXPECT_TRUE(scene.run(60).empty());
    for (std::size_t i = 0; i < scene.slots.size(); ++i) {
        EXPECT_TRUE(scene.monitor->status(i).learned);
        EXPECT_TRUE(scene.monitor->status(i).stocked);
        EXPECT_LT(scene.monitor->status(i).emptiness, 0.2);
    }
}

TEST(SlotMonitor, ALiftIsDecidedWithinThreeFramesOfTheHandLeaving)
{
    Scene scene;
    scene.run(10);
    scene.state->setStocked(4, false);
    const auto events = scene.run(30);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, SlotEvent::Type::Lift);
    EXPECT_EQ(events[0].slot, 4u);
    EXPECT_GE(events[0].confidence, 0.6);
    // The reach starts at frame 10 and lasts 8 frames; the hand is over this slot (rows 260 to
    // 410) until frame 16 and below it from frame 17. No decision while it is there; one at most
    // three frames after it left.
    EXPECT_GE(events[0].frameIndex, 17);
    EXPECT_LE(events[0].frameIndex, 17 + 3);
    // Latency is measured from the first frame that showed the slot empty and uncovered.
    EXPECT_GE(events[0].seenFrameIndex, 17);
    EXPECT_LT(events[0].seenFrameIndex, events[0].frameIndex);
}

TEST(SlotMonitor, APutBackIsAReturn)
{
    Scene scene;
    scene.run(10);
    scene.state->setStocked(0, false);
    scene.run(20);
    scene.state->setStocked(0, true);
    const auto events = scene.run(20);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, SlotEvent::Type::Return);
    EXPECT_EQ(events[0].slot, 0u);
}

TEST(SlotMonitor, TwoProductsLiftedTogetherAreTwoLifts)
{
    Scene scene;
    scene.run(10);
    scene.state->setStocked(1, false);
    scene.state->setStocked(5, false);
    const auto events = scene.run(30);
    ASSERT_EQ(events.size(), 2u);
    std::set<std::size_t> slots{events[0].slot, events[1].slot};
    EXPECT_EQ(slots, (std::set<std::size_t>{1, 5}));
}

TEST(SlotMonitor, AGlobalChangeOfLightIsNotALift)
{
    Scene scene;
    scene.run(10);
    Frame frame;
    for (int i = 0; i < 30; ++i) {
        ASSERT_TRUE(scene.source->read(frame));
        // Auto exposure stepping the whole picture darker, then brighter.
        frame.image.convertTo(frame.image, -1, i < 15 ? 0.6 : 1.3, i < 15 ? -10 : 20);
        EXPECT_TRUE(scene.monitor->process(frame.image, frame.index).empty()) << "frame " << i;
    }
}

TEST(SlotMonitor, AHandThatReachesInAndLeavesEmptyHandedIsNoEvent)
{
    Scene scene;
    scene.run(10);
    // Stocked before and after: the hand covers the slot but nothing changes.
    scene.state->setStocked(2, true);
    EXPECT_TRUE(scene.run(30).empty());
}

TEST(SyntheticShelf, PackagesOfDifferentSkusLookDifferent)
{
    const cv::Mat a = SyntheticShelfSource::packageTexture("6901234000115", {120, 100});
    const cv::Mat b = SyntheticShelfSource::packageTexture("6901234000283", {120, 100});
    const cv::Mat again = SyntheticShelfSource::packageTexture("6901234000115", {120, 100});
    EXPECT_GT(cv::norm(a, b, cv::NORM_L1) / a.total(), 20.0);
    EXPECT_EQ(cv::norm(a, again, cv::NORM_L1), 0.0);
}

TEST(LatestFrameSource, ASlowReaderGetsTheNewestFrameAndTheRestAreDropped)
{
    const std::vector<SyntheticShelfSource::Slot> slots{
        {{{10, 10}, {100, 10}, {100, 100}, {10, 100}}, "sku"}};
    LatestFrameSource camera(
        [&slots] {
            SyntheticShelfSource::Options options;
            options.fps = 200; // a camera much faster than its reader
            return std::make_unique<SyntheticShelfSource>(
                slots, std::make_shared<SyntheticShelfState>(1), options);
        },
        "fast camera");
    ASSERT_TRUE(camera.open());
    Frame frame;
    std::int64_t previous = -1;
    for (int i = 0; i < 5; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        ASSERT_TRUE(camera.read(frame));
        EXPECT_GT(frame.index, previous) << "a frame came twice, or out of order";
        EXPECT_FALSE(frame.image.empty());
        previous = frame.index;
    }
    // Newer frames replaced older ones while the reader slept: the reader never saw a backlog.
    EXPECT_GT(camera.droppedFrames(), 0);
    EXPECT_GT(frame.index, 5);
}

TEST(LatestFrameSource, ACameraThatCannotOpenSaysSo)
{
    LatestFrameSource camera(
        [] { return std::make_unique<CaptureSource>("/nonexistent/video.avi"); }, "missing");
    EXPECT_FALSE(camera.open());
}

TEST(SlotMonitor, ASlotThatLearnsWhileItsProductIsOutSeesItComeBack)
{
    // A display starting (or a slot moved) while a shopper holds the product: the slot is empty
    // when it learns. Told so, it learns the empty slot as empty and sees the return; not told,
    // it takes the empty slot for stocked and the product coming back for a lift.
    for (const bool told : {true, false}) {
        Scene scene;
        scene.state->setStocked(1, false);
        scene.run(30); // the reach, then still
        scene.monitor = std::make_unique<SlotMonitor>([&] {
            std::vector<std::vector<cv::Point2f>> polygons;
            for (const auto &slot : scene.slots)
                polygons.push_back(slot.polygon);
            return polygons;
        }());
        if (told)
            scene.monitor->expectEmpty(1);
        EXPECT_TRUE(scene.run(20).empty());
        EXPECT_EQ(scene.monitor->status(1).stocked, !told);
        EXPECT_TRUE(scene.monitor->status(0).stocked);
        scene.state->setStocked(1, true);
        const auto events = scene.run(30);
        ASSERT_EQ(events.size(), 1u);
        if (!told) {
            EXPECT_EQ(events[0].type, SlotEvent::Type::Lift); // the display's fault before
            continue;
        }
        EXPECT_EQ(events[0].type, SlotEvent::Type::Return);
        EXPECT_EQ(events[0].slot, 1u);
        // Now stocked, with its stocked look learned: the next lift is seen as usual.
        scene.state->setStocked(1, false);
        const auto lifted = scene.run(30);
        ASSERT_EQ(lifted.size(), 1u);
        EXPECT_EQ(lifted[0].type, SlotEvent::Type::Lift);
    }
}

namespace {

// One second of a 30 fps recording, each frame numbered by its brightness.
std::string writeRecording(const std::string &folder)
{
    const std::string path = folder + "/recording.avi";
    cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30, {160, 120});
    for (int i = 0; i < 30; ++i)
        writer.write(cv::Mat(120, 160, CV_8UC3, cv::Scalar::all(4 + 8 * i)));
    return path;
}

} // namespace

// The display plays a recording at the pace it was recorded, as a camera would deliver it; a
// still shelf asks for a frame every 200 ms and the frames between are skipped, not decoded late.
TEST(CaptureSource, ARecordingPlaysAtItsOwnPaceAndSkipsWhatIsNotWanted)
{
    char folder[] = "/tmp/shelf-recording-XXXXXX";
    ASSERT_NE(mkdtemp(folder), nullptr);
    const std::string path = writeRecording(folder);

    CaptureSource recorded(path, FilePace::AsRecorded);
    ASSERT_TRUE(recorded.open());
    Frame frame;
    int frames = 0;
    const auto start = Clock::now();
    while (recorded.read(frame))
        ++frames;
    // Never faster than recorded (a busy machine can only make it slower).
    EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(29 * 1000 / 30 - 5));
    EXPECT_EQ(frames, 30);

    CaptureSource still(path, FilePace::AsRecorded);
    ASSERT_TRUE(still.open());
    still.setMinInterval(std::chrono::milliseconds(200));
    std::vector<std::int64_t> indexes;
    while (still.read(frame)) {
        indexes.push_back(frame.index);
        // The picture is the frame its index says, not an earlier one decoded late.
        EXPECT_NEAR(frame.image.at<cv::Vec3b>(60, 80)[0], 4 + 8 * frame.index, 6);
    }
    ASSERT_GE(indexes.size(), 2u);
    EXPECT_LE(indexes.size(), 5u);
    for (std::size_t i = 1; i < indexes.size(); ++i)
        EXPECT_GE(indexes[i] - indexes[i - 1], 6) << "frames closer than 200 ms were delivered";

    // `shelfscreen detect` reads every frame as fast as it can.
    CaptureSource fast(path);
    ASSERT_TRUE(fast.open());
    frames = 0;
    while (fast.read(frame))
        ++frames;
    EXPECT_EQ(frames, 30);
    std::filesystem::remove_all(folder);
}
