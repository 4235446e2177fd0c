// The simulated shelf's scale board: its lines follow the products in the synthetic scene and
// go through the real parser and filter like a real board's.
#include <scale_channel.h>
#include <simulated_scale.h>
#include <synthetic_shelf.h>

#include <gtest/gtest.h>

using namespace shelf;

namespace {

std::vector<WeightChange> readFor(SimulatedScaleBoard &board,
                                  std::map<int, WeightChannel> &channels, qint64 &nowMs,
                                  double seconds)
{
    std::vector<WeightChange> changes;
    for (int i = 0; i < int(seconds * 10); ++i) {
        nowMs += 100;
        for (const QByteArray &line : board.nextLines(nowMs).split('\n')) {
            const ScaleLine parsed = parseScaleLine(line.trimmed());
            if (parsed.kind != ScaleLine::Kind::Reading)
                continue;
            auto channel
                = channels.try_emplace(parsed.reading.channel, parsed.reading.channel).first;
            if (auto change = channel->second.add(parsed.reading.grams, nowMs))
                changes.push_back(*change);
        }
    }
    return changes;
}

} // namespace

TEST(SimulatedScale, FollowsTheProductsOfTheSyntheticShelf)
{
    auto shelf = std::make_shared<vision::SyntheticShelfState>(3);
    SimulatedScaleBoard board({{0, 250}, {0, 400}, {1, 500}}, shelf);
    std::map<int, WeightChannel> channels;
    qint64 nowMs = 0;
    EXPECT_TRUE(readFor(board, channels, nowMs, 3).empty());

    shelf->setStocked(1, false);
    for (int frame = 0; frame < 8; ++frame)
        shelf->advance(8); // the camera's frames move the hand; the product leaves mid-reach
    const auto changes = readFor(board, channels, nowMs, 3);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].channel, 0);
    EXPECT_NEAR(changes[0].deltaGrams, -400, 8);
}
