// Cost of one frame through the slot monitor, on generated clips with hands, shoppers and
// changing light, against the baseline a developer would reach for first: OpenCV's MOG2
// background subtractor over the whole frame, on the same frames. Prints the ratio at the end.
#include <aisle_watcher.h>
#include <camera_step.h>
#include <scene_generator.h>
#include <slot_monitor.h>

#include <benchmark/benchmark.h>
#include <opencv2/core/utility.hpp>
#include <opencv2/video/background_segm.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

using namespace shelf::vision;

namespace {

// The frames of a busy minute at a shelf of rows x columns: takes, a touch, a put-back, a
// shopper walking past, a shadow and flicker. Rendered once per size; rendering is not measured.
const std::vector<cv::Mat> &busyShelf(cv::Size size, int rows, int columns)
{
    static std::map<std::pair<int, int>, std::vector<cv::Mat>> cache;
    auto &frames = cache[{size.width, size.height}];
    if (!frames.empty())
        return frames;
    using K = SceneAction::Kind;
    SceneDescription scene;
    scene.size = size;
    scene.rows = rows;
    scene.columns = columns;
    scene.frameCount = 96;
    scene.noiseSigma = 3;
    scene.actions = {{K::Take, 6, 14, 1, 0},         {K::Touch, 14, 12, columns + 2, 0},
                     {K::PasserBy, 20, 30, -1, 0},   {K::Take, 34, 12, rows * columns - 1, 0},
                     {K::Return, 50, 14, 1, 0},      {K::Shadow, 60, 20, -1, 0.35},
                     {K::Flicker, 70, 20, -1, 0.06}, {K::Touch, 80, 12, columns, 0}};
    SceneGenerator generator(scene, SHELF_DEMO_DIR "/images");
    cv::Mat frame;
    for (int i = 0; i < scene.frameCount; ++i) {
        generator.render(i, frame);
        frames.push_back(frame.clone());
    }
    return frames;
}

std::vector<std::vector<cv::Point2f>> polygonsOf(cv::Size size, int rows, int columns)
{
    SceneDescription scene;
    scene.size = size;
    scene.rows = rows;
    scene.columns = columns;
    return scene.slotPolygons();
}

// The aisle of shelves that draw one: the bottom twelfth of the picture.
std::vector<cv::Point2f> aisleOf(cv::Size size)
{
    const float top = size.height * 11.f / 12;
    return {{0, top},
            {float(size.width), top},
            {float(size.width), float(size.height)},
            {0, float(size.height)}};
}

// Runs process on the clip's frames in a loop; reports the median and 90th percentile per frame.
template<typename Process> void perFrame(benchmark::State &state, Process process)
{
    const cv::Size size(int(state.range(0)), int(state.range(1)));
    const int slots = int(state.range(2));
    const int rows = slots == 24 ? 4 : 3;
    const std::vector<cv::Mat> &frames = busyShelf(size, rows, slots / rows);
    auto run = process(size, rows, slots / rows);
    std::vector<double> millis;
    std::int64_t index = 0;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        run(frames[std::size_t(index) % frames.size()], index);
        millis.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
        ++index;
    }
    std::sort(millis.begin(), millis.end());
    state.counters["median_ms"] = millis[millis.size() / 2];
    state.counters["p90_ms"] = millis[millis.size() * 9 / 10];
    state.SetLabel(std::to_string(size.width) + "x" + std::to_string(size.height) + ", "
                   + std::to_string(slots) + " slots");
}

void slotMonitorPerFrame(benchmark::State &state)
{
    perFrame(state, [](cv::Size size, int rows, int columns) {
        auto monitor = std::make_shared<SlotMonitor>(polygonsOf(size, rows, columns));
        return [monitor](const cv::Mat &frame, std::int64_t index) {
            auto events = monitor->process(frame, index);
            benchmark::DoNotOptimize(events);
        };
    });
}

// The aisle watcher is added to the slot monitor's cost on shelves that draw an aisle.
void aisleWatcherPerFrame(benchmark::State &state)
{
    perFrame(state, [](cv::Size size, int, int) {
        auto watcher = std::make_shared<AisleWatcher>(aisleOf(size));
        return [watcher](const cv::Mat &frame, std::int64_t index) {
            auto event = watcher->process(frame, index, index * 66, true);
            benchmark::DoNotOptimize(event);
        };
    });
}

// What the display's camera thread and `shelfscreen detect` run per frame: the slots and the
// aisle above, and what joins them (whether the aisle may learn, what to identify).
void cameraStepPerFrame(benchmark::State &state)
{
    perFrame(state, [](cv::Size size, int rows, int columns) {
        CameraLayout layout;
        layout.slots = polygonsOf(size, rows, columns);
        layout.aisle = aisleOf(size);
        auto step = std::make_shared<CameraStep>(layout);
        return [step](const cv::Mat &frame, std::int64_t index) {
            CameraStep::Context context;
            context.atMs = index * 66;
            context.productsOut = false;
            auto result = step->process(frame, index, context);
            benchmark::DoNotOptimize(result);
        };
    });
}

void mog2PerFrame(benchmark::State &state)
{
    perFrame(state, [](cv::Size, int, int) {
        cv::Ptr<cv::BackgroundSubtractorMOG2> subtractor = cv::createBackgroundSubtractorMOG2();
        auto foreground = std::make_shared<cv::Mat>();
        return [subtractor, foreground](const cv::Mat &frame, std::int64_t) {
            subtractor->apply(frame, *foreground);
            benchmark::DoNotOptimize(foreground->data);
        };
    });
}

// Prints as usual and keeps each run's median, to compare the two pipelines at the end.
class RatioReporter : public benchmark::ConsoleReporter
{
public:
    void ReportRuns(const std::vector<Run> &runs) override
    {
        ConsoleReporter::ReportRuns(runs);
        for (const Run &run : runs) {
            const auto median = run.counters.find("median_ms");
            if (median != run.counters.end())
                m_medians[run.run_name.args][run.run_name.function_name] = median->second;
        }
    }
    void printRatios() const
    {
        for (const auto &[args, medians] : m_medians) {
            const auto ours = medians.find("slotMonitorPerFrame");
            const auto mog2 = medians.find("mog2PerFrame");
            if (ours == medians.end() || mog2 == medians.end() || ours->second <= 0)
                continue;
            std::printf("%s: slot monitor %.2f ms, MOG2 %.2f ms median per frame: MOG2 costs "
                        "%.1fx\n",
                        args.c_str(), ours->second, mog2->second, mog2->second / ours->second);
            // bench/run's figures are for the demo camera's picture size.
            if (args == "640/480/12")
                std::printf(
                    "figure slot_monitor_per_frame %.3f ms\nfigure mog2_per_frame %.3f ms\n",
                    ours->second, mog2->second);
        }
    }

private:
    std::map<std::string, std::map<std::string, double>> m_medians;
};

} // namespace

BENCHMARK(slotMonitorPerFrame)
    ->Args({640, 480, 12})
    ->Args({1280, 720, 24})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(aisleWatcherPerFrame)
    ->Args({640, 480, 12})
    ->Args({1280, 720, 24})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(cameraStepPerFrame)
    ->Args({640, 480, 12})
    ->Args({1280, 720, 24})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(mog2PerFrame)
    ->Args({640, 480, 12})
    ->Args({1280, 720, 24})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

int main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    // The targets are per core: neither pipeline may spread over OpenCV's thread pool.
    cv::setNumThreads(1);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    reporter.printRatios();
    benchmark::Shutdown();
    return 0;
}
