#include <aisle_watcher.h>
#include <synthetic_shelf.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <random>

using namespace shelf::vision;

namespace {

// The demo shelf's scene: three boards of four slots, shoppers standing at the bottom edge.
struct Scene
{
    std::shared_ptr<SyntheticShelfState> state;
    std::unique_ptr<SyntheticShelfSource> source;
    AisleWatcher watcher{{{0, 458}, {640, 458}, {640, 480}, {0, 480}}};
    std::int64_t index = 0;
    std::vector<AisleEvent> events;

    Scene()
    {
        std::vector<SyntheticShelfSource::Slot> slots;
        for (int row = 0; row < 3; ++row) {
            for (int col = 0; col < 4; ++col) {
                const float x = 30 + col * 155.f, y = 30 + row * 150.f;
                slots.push_back({{{x, y}, {x + 130, y}, {x + 130, y + 110}, {x, y + 110}},
                                 "sku" + std::to_string(row * 4 + col)});
            }
        }
        state = std::make_shared<SyntheticShelfState>(slots.size());
        SyntheticShelfSource::Options options;
        options.realtime = false;
        source = std::make_unique<SyntheticShelfSource>(std::move(slots), state, options);
    }

    // Runs frames at 15 fps; gain changes the light of each frame (frame index -> factor).
    void run(int frames, bool productsOut,
             const std::function<double(std::int64_t)> &gain = nullptr,
             const std::function<void(cv::Mat &)> &paint = nullptr)
    {
        for (int i = 0; i < frames; ++i) {
            Frame frame;
            source->read(frame);
            if (gain)
                frame.image.convertTo(frame.image, -1, gain(index), 0);
            if (paint)
                paint(frame.image);
            if (auto event = watcher.process(frame.image, index, index * 1000 / 15, !productsOut))
                events.push_back(*event);
            ++index;
        }
    }
};

} // namespace

TEST(AisleWatcher, AShopperStandingStillWithAProductStaysUntilTheyWalkAway)
{
    Scene scene;
    scene.run(15, false);
    ASSERT_TRUE(scene.watcher.learned());
    EXPECT_TRUE(scene.events.empty());

    scene.state->setStocked(2, false); // steps up and lifts a product
    scene.run(15, true);
    ASSERT_EQ(scene.events.size(), 1u);
    EXPECT_TRUE(scene.events[0].occupied);
    EXPECT_GT(scene.events[0].changedFraction, 0.10);

    // Reads the card, standing still, for 40 s: never taken for the empty aisle.
    scene.run(600, true);
    EXPECT_EQ(scene.events.size(), 1u);
    EXPECT_TRUE(scene.watcher.occupied());

    const std::int64_t leftAt = scene.index;
    scene.state->shopperLeaves();
    scene.run(60, true);
    ASSERT_EQ(scene.events.size(), 2u);
    EXPECT_FALSE(scene.events[1].occupied);
    // The 1.5 s (22.5 frames) that tell leaving from a step aside, counted from when the
    // shopper had mostly gone below the edge (the walk out of view takes 6 frames).
    const std::int64_t framesAfter = scene.events[1].frameIndex - leftAt;
    EXPECT_GE(framesAfter, 23);
    EXPECT_LE(framesAfter, 6 + 26);
}

TEST(AisleWatcher, AStepAsideIsNotLeaving)
{
    Scene scene;
    scene.run(15, false);
    scene.state->setStocked(5, false);
    scene.run(30, true);
    ASSERT_EQ(scene.events.size(), 1u);
    scene.state->shopperLeaves();
    scene.run(12, true); // out of view for about 0.4 s
    scene.state->setStocked(6, false); // back, reaching for a second product
    scene.run(60, true);
    EXPECT_EQ(scene.events.size(), 1u);
    EXPECT_TRUE(scene.watcher.occupied());
}

TEST(AisleWatcher, LightChangesInAnEmptyAisleAreNobody)
{
    Scene scene;
    scene.run(15, false);
    ASSERT_TRUE(scene.watcher.learned());
    // Daylight coming in over 20 s, then mains flicker on top of it.
    scene.run(300, false,
              [](std::int64_t i) { return 1.0 + 0.25 * std::min<double>(i, 300) / 300; });
    scene.run(150, false, [](std::int64_t i) { return 1.25 * (1.0 + 0.06 * std::sin(i * 2.1)); });
    EXPECT_TRUE(scene.events.empty());
    EXPECT_FALSE(scene.watcher.occupied());
}

TEST(AisleWatcher, SomeoneHoldingNothingForAMinuteBecomesTheEmptyAisleSilently)
{
    Scene scene;
    scene.run(15, false);
    scene.state->setStocked(1, false);
    scene.run(10, true);
    ASSERT_EQ(scene.events.size(), 1u);
    // The product goes back and the figure stays, still. Twenty seconds later it is still
    // someone (they might pick something up again)...
    scene.state->setStocked(1, true);
    scene.run(20, true);
    scene.run(20 * 15, false);
    EXPECT_TRUE(scene.watcher.occupied());
    // ...after a minute with nothing out it is part of the aisle, and no departure is reported:
    // nothing was held that leaving could take.
    scene.run(40 * 15 + 30, false);
    EXPECT_FALSE(scene.watcher.occupied());
    EXPECT_EQ(scene.events.size(), 1u);
}

TEST(AisleWatcher, WhatLiesJustOutsideTheAisleIsNobody)
{
    Scene scene;
    scene.run(15, false);
    ASSERT_TRUE(scene.watcher.learned());
    // A dark band right above the aisle's top edge (458): a bottom-board product, a shadow.
    scene.run(60, false, nullptr, [](cv::Mat &frame) {
        frame(cv::Rect(0, 440, frame.cols, 17)).setTo(cv::Scalar(20, 20, 20));
    });
    EXPECT_TRUE(scene.events.empty());
    EXPECT_LT(scene.watcher.changedFraction(), 0.04);
}

TEST(AisleWatcher, NothingIsDecidedBeforeTheEmptyAisleIsLearnedOrOutsideThePicture)
{
    Scene scene;
    scene.state->setStocked(0, false); // someone already there at start, holding a product
    scene.run(60, true);
    EXPECT_FALSE(scene.watcher.learned());
    EXPECT_TRUE(scene.events.empty());

    AisleWatcher offPicture({{0, 600}, {640, 600}, {640, 700}});
    Frame frame;
    scene.source->read(frame);
    for (int i = 0; i < 30; ++i)
        EXPECT_FALSE(offPicture.process(frame.image, i, i * 66, true));
    EXPECT_FALSE(offPicture.process(cv::Mat(), 31, 31 * 66, true));
    EXPECT_FALSE(offPicture.process(cv::Mat(480, 640, CV_8UC1, cv::Scalar(0)), 32, 32 * 66, true));
}

// Generated visits: shoppers dressed five ways (one in the grey of the shelf's back) step up at
// any slot, take a product and stand from one to twenty seconds, some stepping aside for a moment,
// while the light drifts; then each walks away with what they took. Every departure must be
// seen, after the hold, and no one standing may be taken for gone.
TEST(AisleWatcher, EveryDepartureOfAGeneratedDayIsSeenAndNoOneStandingIsTakenForGone)
{
    Scene scene;
    std::mt19937 random(20261124);
    const auto uniform = [&random](int lo, int hi) {
        return std::uniform_int_distribution(lo, hi)(random);
    };
    double light = 1.0;
    const auto drifting = [&](std::int64_t) {
        light = std::clamp(light + std::uniform_real_distribution(-0.004, 0.004)(random), 0.8, 1.2);
        return light;
    };
    scene.run(15, false, drifting);
    ASSERT_TRUE(scene.watcher.learned());

    const int visits = 24;
    int arrivalsSeen = 0, departuresSeen = 0, falseDepartures = 0, stepsAside = 0;
    std::int64_t standingFrames = 0, worstLatency = 0, totalLatency = 0;
    for (int visit = 0; visit < visits; ++visit) {
        const std::size_t slot = std::size_t(uniform(0, 11));
        const std::size_t before = scene.events.size();
        scene.state->setStocked(slot, false);
        const int stand = uniform(15, 300);
        standingFrames += stand;
        if (uniform(0, 3) == 0) {
            // Steps aside for half a second, then back.
            ++stepsAside;
            scene.run(stand / 2, true, drifting);
            scene.state->shopperLeaves();
            scene.run(8, true, drifting);
            scene.state->shopperArrives(slot);
            scene.run(stand - stand / 2, true, drifting);
        } else {
            scene.run(stand, true, drifting);
        }
        for (std::size_t i = before; i < scene.events.size(); ++i) {
            if (scene.events[i].occupied)
                ++arrivalsSeen;
            else
                ++falseDepartures;
        }
        const std::int64_t leftAt = scene.index;
        const std::size_t standingEvents = scene.events.size();
        scene.state->shopperLeaves();
        // Until the aisle is seen empty the product counts as out, as fusion holds it.
        for (int frame = 0; frame < 90 && scene.events.size() == standingEvents; ++frame)
            scene.run(1, true, drifting);
        if (scene.events.size() > standingEvents && !scene.events.back().occupied) {
            ++departuresSeen;
            const std::int64_t latency = scene.events.back().frameIndex - leftAt;
            worstLatency = std::max(worstLatency, latency);
            totalLatency += latency;
        }
        scene.run(uniform(30, 60), false, drifting); // the aisle empty between visits
    }
    std::printf("aisle corpus: %d visits (%d stepping aside, %.0f s standing in all): arrivals "
                "seen %d, departures seen %d, false departures %d; departure decided %.2f s "
                "after the shopper turned to go on average, %.2f s at worst (hold 1.5 s)\n",
                visits, stepsAside, standingFrames / 15.0, arrivalsSeen, departuresSeen,
                falseDepartures, departuresSeen ? totalLatency / 15.0 / departuresSeen : 0.0,
                worstLatency / 15.0);
    EXPECT_EQ(arrivalsSeen, visits);
    EXPECT_EQ(departuresSeen, visits);
    EXPECT_EQ(falseDepartures, 0);
    EXPECT_LE(worstLatency, 6 + 26);
}
