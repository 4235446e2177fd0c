// Scale side of pickup decisions: from the reading that completes a settled level to the
// fusion's decision, excluding the cell's own settling time (target: under 20 ms), and the cost
// of matching a change to units as products on a channel grow.
#include <fusion.h>
#include <scale_channel.h>

#include <QCoreApplication>
#include <QElapsedTimer>

#include <benchmark/benchmark.h>

using namespace shelf;

namespace {

ShelfConfig shelfWithOneCan()
{
    ShelfConfig config;
    config.slots = {{QStringLiteral("A1"), QStringLiteral("can"), {}, 0, 330},
                    {QStringLiteral("A2"), QStringLiteral("jar"), {}, 0, 520}};
    return config;
}

void settledReadingToDecision(benchmark::State &state)
{
    PickupFusion fusion(shelfWithOneCan(), nullptr);
    int decisions = 0;
    QObject::connect(&fusion, &PickupFusion::decided,
                     [&decisions](const PickupDecision &) { ++decisions; });
    qint64 nowMs = 0;
    double level = 5000;
    for (auto _ : state) {
        state.PauseTiming();
        // A fresh channel that has settled at `level`, then the cell settles 330 g lighter: all
        // but the last reading of the new level are fed untimed.
        WeightChannel channel(0);
        for (int i = 0; i < 10; ++i)
            channel.add(level + (i % 2) * 0.5, nowMs += 100);
        for (int i = 0; i < 5; ++i)
            channel.add(level - 330 + (i % 2) * 0.5, nowMs += 100);
        state.ResumeTiming();
        // The reading that completes the settled level, through the filter and fusion.
        if (auto change = channel.add(level - 330, nowMs += 100)) {
            fusion.onWeightChange(*change);
        } else {
            state.SkipWithError("the level did not settle where expected");
            break;
        }
        state.PauseTiming();
        // Put it back on the books so the next lift is a new one.
        fusion.onWeightChange(WeightChange{0, 330, nowMs, nowMs, false, std::nullopt, {}});
        state.ResumeTiming();
    }
    state.counters["decisions"] = decisions;
}

// Matching a change of two units against N products on one channel, no two alike: the work the
// scale reader's thread does per change (it once took 2.0 s for 48 products, 6.4 s for 60, on
// the GUI thread).
void unitMatching(benchmark::State &state)
{
    QVector<double> weights;
    for (int i = 0; i < state.range(0); ++i)
        weights.append(180 + 37 * i);
    const double delta = -(weights.first() + weights.last());
    for (auto _ : state)
        benchmark::DoNotOptimize(matchUnits(delta, weights));
}

} // namespace

BENCHMARK(settledReadingToDecision)->Unit(benchmark::kMicrosecond);
BENCHMARK(unitMatching)->Arg(2)->Arg(12)->Arg(48)->Arg(60)->Arg(200)->Unit(benchmark::kMillisecond);

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
