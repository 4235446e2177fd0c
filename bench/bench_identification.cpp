// Cost of one call of each way of identifying a product held up to the camera, on 640x480 frames.
#include "../tests/barcode_render.h"

#include <product_identifier.h>

#include <benchmark/benchmark.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace shelf::vision;

namespace {

const char *const kProducts[]
    = {"fuji-apples",  "kiwifruit",       "salmon-fillet", "chilean-cherries",
       "wagyu-ribeye", "thai-mango",      "olive-oil",     "fresh-milk",
       "wuchang-rice", "emmental-cheese", "hass-avocado",  "strawberries"};

// A grey frame with some shapes, so the locators have something other than the target to reject.
cv::Mat backgroundFrame()
{
    cv::Mat frame(480, 640, CV_8UC3, cv::Scalar(150, 160, 170));
    cv::RNG rng(5);
    for (int i = 0; i < 20; ++i) {
        const cv::Point a(rng.uniform(0, 640), rng.uniform(0, 480));
        cv::rectangle(frame, a, a + cv::Point(rng.uniform(10, 100), rng.uniform(10, 80)),
                      cv::Scalar(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256)),
                      cv::FILLED);
    }
    return frame;
}

void barcodeRead(benchmark::State &state)
{
    cv::Mat frame = backgroundFrame();
    const cv::Mat label = shelf::test::BarcodeRenderer::render("6901234000115", 3, 90);
    label.copyTo(
        frame(cv::Rect((640 - label.cols) / 2, (480 - label.rows) / 2, label.cols, label.rows)));
    BarcodeReader reader;
    if (reader.read(frame).empty())
        state.SkipWithError("the benchmark's barcode was not read");
    for (auto _ : state) {
        auto reads = reader.read(frame);
        benchmark::DoNotOptimize(reads);
    }
}

void packagingMatch(benchmark::State &state)
{
    PackagingMatcher matcher;
    cv::Mat product;
    for (const char *name : kProducts) {
        cv::Mat image = cv::imread(std::string(SHELF_DEMO_DIR) + "/images/" + name + ".png");
        matcher.addReference(name, image);
        if (product.empty())
            product = image;
    }
    cv::Mat frame = backgroundFrame();
    if (state.range(0)) {
        cv::Mat scaled;
        cv::resize(product, scaled, cv::Size(240, 240), 0, 0, cv::INTER_AREA);
        scaled.copyTo(frame(cv::Rect(200, 120, 240, 240)));
    }
    for (auto _ : state) {
        auto match = matcher.match(frame);
        benchmark::DoNotOptimize(match);
    }
    state.SetLabel(state.range(0) ? "product in view" : "no product in view");
}

} // namespace

BENCHMARK(barcodeRead)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(packagingMatch)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
