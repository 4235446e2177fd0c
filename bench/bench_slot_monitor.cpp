// Cost of one frame through the slot monitor, on frames the synthetic shelf renders.
#include <slot_monitor.h>
#include <synthetic_shelf.h>

#include <benchmark/benchmark.h>

using namespace shelf::vision;

namespace {

void slotMonitorPerFrame(benchmark::State &state)
{
    const cv::Size size(int(state.range(0)), int(state.range(1)));
    const int slotCount = int(state.range(2));
    const int columns = slotCount / 3;
    std::vector<SyntheticShelfSource::Slot> slots;
    std::vector<std::vector<cv::Point2f>> polygons;
    const float w = size.width / float(columns), h = size.height / 3.f;
    for (int i = 0; i < slotCount; ++i) {
        const float x = (i % columns) * w + w * 0.1f, y = (i / columns) * h + h * 0.1f;
        std::vector<cv::Point2f> polygon{
            {x, y}, {x + w * 0.8f, y}, {x + w * 0.8f, y + h * 0.7f}, {x, y + h * 0.7f}};
        slots.push_back({polygon, "sku-" + std::to_string(i)});
        polygons.push_back(polygon);
    }
    auto scene = std::make_shared<SyntheticShelfState>(slots.size());
    SyntheticShelfSource::Options options;
    options.size = size;
    options.realtime = false;
    SyntheticShelfSource source(slots, scene, options);
    // Rendering is not what is measured: a loop of pre-rendered frames feeds the monitor.
    std::vector<cv::Mat> frames;
    Frame frame;
    for (int i = 0; i < 32; ++i) {
        source.read(frame);
        frames.push_back(frame.image.clone());
    }
    SlotMonitor monitor(polygons);
    std::int64_t index = 0;
    for (auto _ : state) {
        auto events = monitor.process(frames[index % frames.size()], index);
        benchmark::DoNotOptimize(events);
        ++index;
    }
    state.SetLabel(std::to_string(size.width) + "x" + std::to_string(size.height) + ", "
                   + std::to_string(slotCount) + " slots");
}

} // namespace

BENCHMARK(slotMonitorPerFrame)
    ->Args({640, 480, 12})
    ->Args({1280, 720, 24})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
