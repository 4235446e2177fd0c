// Shelf scale readings: the line protocol, and the filter that turns noisy load-cell readings
// into settled changes of weight, and changes into units of products.
#include <scale_channel.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>
#include <random>

using namespace shelf;

namespace {

// A load cell at 10 samples/s: noise, occasional single-sample spikes, optional drift, and a
// settling time after each change of the true weight.
struct SimulatedCell
{
    std::mt19937 random{7};
    double trueGrams = 3000;
    double shownGrams = 3000;
    double driftPerSample = 0;
    double noise = 1.2;
    double spikeChance = 0.02;
    qint64 nowMs = 0;

    // Runs `seconds` of readings through the channel and returns the changes it reported.
    std::vector<WeightChange> run(WeightChannel &channel, double seconds)
    {
        std::vector<WeightChange> changes;
        std::normal_distribution<double> gaussian(0, noise);
        std::uniform_real_distribution<double> uniform(0, 1);
        for (int i = 0; i < int(seconds * 10); ++i) {
            nowMs += 95 + i % 11; // a board's clock is never exact
            trueGrams += driftPerSample;
            shownGrams += (trueGrams - shownGrams) * 0.45; // the cell settles over ~0.5 s
            double reading = shownGrams + gaussian(random);
            if (uniform(random) < spikeChance)
                reading += uniform(random) < 0.5 ? -400 : 400;
            if (auto change = channel.add(reading, nowMs))
                changes.push_back(*change);
        }
        return changes;
    }
};

} // namespace

TEST(ScaleLine, ParsesReadingsCommentsAndRejectsTheRest)
{
    const ScaleLine full = parseScaleLine("2 1503.7 884213");
    ASSERT_EQ(full.kind, ScaleLine::Kind::Reading);
    EXPECT_EQ(full.reading.channel, 2);
    EXPECT_DOUBLE_EQ(full.reading.grams, 1503.7);
    EXPECT_EQ(full.reading.deviceMs, 884213);
    EXPECT_EQ(parseScaleLine("0 -12.5").reading.grams, -12.5);
    EXPECT_EQ(parseScaleLine("63 0\r").kind, ScaleLine::Kind::Reading);
    EXPECT_EQ(parseScaleLine("# HX711 board v2, calibrated 2026-11-01").kind,
              ScaleLine::Kind::Comment);
    for (const char *bad : {"", "64 10", "-1 10", "a 10", "1", "1 2 3 4", "1 1e3", "1 nan", "1 inf",
                            "1 10 -5", "1 10 x", "1 --2", "1 1.2.3"})
        EXPECT_EQ(parseScaleLine(bad).kind, ScaleLine::Kind::Malformed) << bad;
    EXPECT_EQ(parseScaleLine(QByteArray(300, '1')).kind, ScaleLine::Kind::Malformed);
}

TEST(WeightChannel, AProductLiftedIsOneSettledChange)
{
    WeightChannel channel(2);
    SimulatedCell cell;
    EXPECT_TRUE(cell.run(channel, 3).empty());
    cell.trueGrams -= 250;
    const auto changes = cell.run(channel, 3);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_NEAR(changes[0].deltaGrams, -250, 6);
    EXPECT_EQ(changes[0].channel, 2);
}

TEST(WeightChannel, SpikesAndNoiseAloneAreNothing)
{
    WeightChannel channel(0);
    SimulatedCell cell;
    cell.spikeChance = 0.05;
    EXPECT_TRUE(cell.run(channel, 120).empty());
}

TEST(WeightChannel, SlowZeroDriftIsNothing)
{
    WeightChannel channel(0);
    SimulatedCell cell;
    cell.driftPerSample = 60.0 / 36000; // 60 g over an hour, as a cell warming up might drift
    EXPECT_TRUE(cell.run(channel, 3600).empty());
}

TEST(WeightChannel, AShopperLeaningForASecondIsNothing)
{
    WeightChannel channel(0);
    SimulatedCell cell;
    cell.run(channel, 3);
    cell.trueGrams += 2500;
    EXPECT_TRUE(cell.run(channel, 1.0).empty());
    cell.trueGrams -= 2500;
    EXPECT_TRUE(cell.run(channel, 3).empty());
}

TEST(WeightChannel, AProductPutBackIsReportedOnceItStays)
{
    WeightChannel channel(0);
    SimulatedCell cell;
    cell.run(channel, 3);
    cell.trueGrams -= 400;
    ASSERT_EQ(cell.run(channel, 3).size(), 1u);
    cell.trueGrams += 400;
    const auto changes = cell.run(channel, 4);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_NEAR(changes[0].deltaGrams, 400, 6);
}

TEST(UnitMatch, WholeUnitsOfOneProduct)
{
    const auto two = matchUnits(-502, {250});
    ASSERT_TRUE(two);
    EXPECT_EQ(two->counts, QVector<int>{2});
    EXPECT_FALSE(two->ambiguous);
    EXPECT_FALSE(matchUnits(-130, {250})); // half a can is not a product
}

TEST(UnitMatch, MixedProductsOnOneChannelByWeight)
{
    // A 400 g box and a 150 g jar share a channel: 550 g is one of each.
    const auto mixed = matchUnits(-548, {400, 150});
    ASSERT_TRUE(mixed);
    EXPECT_EQ(mixed->counts, (QVector<int>{1, 1}));
    EXPECT_FALSE(mixed->ambiguous);
}

TEST(UnitMatch, ProductsOfNearlyTheSameWeightAreLeftToTheCamera)
{
    const auto either = matchUnits(-251, {250, 252});
    ASSERT_TRUE(either);
    EXPECT_TRUE(either->ambiguous);
}

namespace {

// Every combination of up to maxUnits units, tried one by one: the obvious search, as an oracle.
std::optional<UnitMatch> matchUnitsByTryingAll(double deltaGrams, const QVector<double> &weights,
                                               int maxUnits = 6)
{
    const double target = std::abs(deltaGrams);
    const double allowed = std::max(8.0, *std::min_element(weights.begin(), weights.end()) * 0.15);
    std::vector<UnitMatch> fits;
    QVector<int> counts(weights.size(), 0);
    std::function<void(int, int, double)> search = [&](int index, int left, double sum) {
        if (index == weights.size()) {
            if (sum > 0 && std::abs(sum - target) <= allowed)
                fits.push_back({counts, std::abs(sum - target), false});
            return;
        }
        for (int n = 0; n <= left; ++n) {
            counts[index] = n;
            search(index + 1, left - n, sum + n * weights[index]);
        }
        counts[index] = 0;
    };
    search(0, maxUnits, 0.0);
    if (fits.empty())
        return std::nullopt;
    std::sort(fits.begin(), fits.end(),
              [](const UnitMatch &a, const UnitMatch &b) { return a.errorGrams < b.errorGrams; });
    UnitMatch best = fits.front();
    best.ambiguous = fits.size() > 1 && fits[1].errorGrams - best.errorGrams < allowed / 2;
    return best;
}

} // namespace

TEST(UnitMatch, AgreesWithTryingEveryCombinationOnAThousandRandomShelves)
{
    std::mt19937 random(77);
    std::uniform_real_distribution<double> weight(60, 1200);
    std::uniform_int_distribution<int> productCount(1, 5);
    std::uniform_real_distribution<double> noise(-6, 6);
    int matched = 0, ambiguous = 0;
    for (int shelf = 0; shelf < 1000; ++shelf) {
        QVector<double> weights;
        for (int i = productCount(random); i > 0; --i)
            weights.append(std::round(weight(random)));
        // A change of a few units of random products, with the load cell's noise.
        double delta = noise(random);
        for (int unit = shelf % 4; unit >= 0; --unit)
            delta -= weights[int(random() % weights.size())];
        const auto expected = matchUnitsByTryingAll(delta, weights);
        const auto found = matchUnits(delta, weights);
        ASSERT_EQ(bool(found), bool(expected)) << "shelf " << shelf << ", delta " << delta;
        if (!found)
            continue;
        ++matched;
        ASSERT_EQ(found->ambiguous, expected->ambiguous) << "shelf " << shelf;
        ambiguous += found->ambiguous ? 1 : 0;
        // Equally good fits may differ; a fit that is not ambiguous is the one.
        EXPECT_NEAR(found->errorGrams, expected->errorGrams, 0.5) << "shelf " << shelf;
        if (!found->ambiguous) {
            EXPECT_EQ(found->counts, expected->counts) << "shelf " << shelf;
        }
    }
    std::printf("unit match: %d of 1000 changes matched, %d ambiguous, all as the oracle\n",
                matched, ambiguous);
    EXPECT_GT(matched, 900);
}

// Trying every combination of six units among 200 products is 8e10 combinations: hours.
TEST(UnitMatch, TwoHundredProductsOnOneChannelAreMatchedAtAll)
{
    QVector<double> weights;
    for (int i = 0; i < 200; ++i)
        weights.append(500 + 13.0 * i);
    const auto two = matchUnits(-(500 + 13.0 * 10) - (500 + 13.0 * 150), weights);
    ASSERT_TRUE(two);
    EXPECT_TRUE(two->ambiguous); // 10 + 150 weighs what 11 + 149 does
    EXPECT_EQ(std::accumulate(two->counts.begin(), two->counts.end(), 0), 2);
    EXPECT_LE(two->errorGrams, 0.5);
    const auto alone = matchUnits(-14000, {500, 14000});
    ASSERT_TRUE(alone);
    EXPECT_EQ(alone->counts, (QVector<int>{0, 1})); // 28 of the first would be more than six
    EXPECT_FALSE(alone->ambiguous);
    EXPECT_FALSE(matchUnits(-250, weights)); // lighter than any product
    EXPECT_FALSE(matchUnits(-1e9, weights)); // more than six of the heaviest
    EXPECT_FALSE(matchUnits(-500, {500, std::nan("")})); // a weight that is not one
}

// A generated corpus of weight traces: products from 80 g to 1.5 kg lifted one at a time, put
// back, leaned on, with noise, spikes and drift. Precision and recall of single-item lifts.
TEST(WeightChannel, SingleItemLiftsInANoisyCorpusAreFoundWithoutFalseAlarms)
{
    std::mt19937 random(2026);
    std::uniform_real_distribution<double> unit(80, 1500);
    std::uniform_int_distribution<int> action(0, 9);
    int lifts = 0, found = 0, falseAlarms = 0;
    for (int trace = 0; trace < 200; ++trace) {
        WeightChannel channel(0);
        SimulatedCell cell;
        cell.random.seed(unsigned(trace));
        cell.spikeChance = 0.02;
        cell.driftPerSample = (trace % 3 - 1) * 20.0 / 36000; // up to 20 g an hour, either way
        const double weight = unit(random);
        cell.trueGrams = 800 + 6 * weight;
        cell.run(channel, 3);
        int onShelf = 6;
        for (int step = 0; step < 8; ++step) {
            const int kind = action(random);
            if (kind < 5 && onShelf > 0) { // a lift
                ++lifts;
                --onShelf;
                cell.trueGrams -= weight;
                const auto changes = cell.run(channel, 4);
                for (const WeightChange &change : changes) {
                    const auto match = matchUnits(change.deltaGrams, {weight});
                    if (change.deltaGrams < 0 && match && match->counts == QVector<int>{1})
                        ++found;
                    else
                        ++falseAlarms;
                }
            } else if (kind < 8 && onShelf < 6) { // a return
                ++onShelf;
                cell.trueGrams += weight;
                for (const WeightChange &change : cell.run(channel, 4))
                    falseAlarms += change.deltaGrams < 0 ? 1 : 0;
            } else { // a shopper leans on the shelf for a second
                cell.trueGrams += 1800;
                auto changes = cell.run(channel, 1);
                cell.trueGrams -= 1800;
                const auto after = cell.run(channel, 3);
                changes.insert(changes.end(), after.begin(), after.end());
                falseAlarms += int(changes.size());
            }
        }
    }
    const double recall = double(found) / lifts;
    const double precision = double(found) / std::max(1, found + falseAlarms);
    std::printf("weight corpus: %d single-item lifts, %d found, %d false alarms: precision %.4f, "
                "recall %.4f\n",
                lifts, found, falseAlarms, precision, recall);
    EXPECT_GE(precision, 0.99);
    EXPECT_GE(recall, 0.99);
}
