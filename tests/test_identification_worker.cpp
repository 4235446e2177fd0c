// Products held up to the camera become scan events; products standing in their slots do not,
// and a product held for a while is one scan.
#include <identification_worker.h>

#include <QSignalSpy>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace shelf;

namespace {

const QString apples = QStringLiteral("6901234000115");
const QString kiwi = QStringLiteral("6901234000283");

cv::Mat product(const char *slug)
{
    return cv::imread(std::string(SHELF_DEMO_DIR "/images/") + slug + ".png", cv::IMREAD_COLOR);
}

// A grey shelf scene with one product picture pasted, slightly turned, at `where`.
cv::Mat sceneWith(const cv::Mat &picture, cv::Rect where)
{
    cv::Mat frame(480, 640, CV_8UC3, cv::Scalar(150, 158, 165));
    const std::vector<cv::Point2f> from{{0, 0},
                                        {float(picture.cols), 0},
                                        {float(picture.cols), float(picture.rows)},
                                        {0, float(picture.rows)}};
    const std::vector<cv::Point2f> to{{float(where.x + 8), float(where.y)},
                                      {float(where.br().x), float(where.y + 10)},
                                      {float(where.br().x - 6), float(where.br().y)},
                                      {float(where.x), float(where.br().y - 8)}};
    cv::warpPerspective(picture, frame, cv::getPerspectiveTransform(from, to), frame.size(),
                        cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
    return frame;
}

} // namespace

TEST(IdentificationWorker, AProductHeldUpIsAScanAndOneOnItsSlotIsNot)
{
    // One slot in the upper left; the rest of the view is the aisle in front of the shelf.
    IdentificationWorker worker({{{20, 20}, {260, 20}, {260, 240}, {20, 240}}});
    worker.setReferences({{apples, QStringLiteral(SHELF_DEMO_DIR "/images/fuji-apples.png")},
                          {kiwi, QStringLiteral(SHELF_DEMO_DIR "/images/kiwifruit.png")}});
    QSignalSpy identified(&worker, &IdentificationWorker::identified);

    ASSERT_TRUE(worker.claim());
    worker.identify(
        {sceneWith(product("kiwifruit"), {30, 30, 220, 200}), 1}); // standing in its slot
    EXPECT_TRUE(worker.isIdle());
    EXPECT_EQ(identified.size(), 0);

    worker.identify(
        {sceneWith(product("fuji-apples"), {340, 180, 240, 240}), 10}); // held up in the aisle
    ASSERT_EQ(identified.size(), 1);
    EXPECT_EQ(identified.at(0).at(0).toString(), apples);
    EXPECT_EQ(identified.at(0).at(1).toString(), QStringLiteral("camera-packaging"));

    // The kiwi on its slot was recognised all right: only where it stood kept it from a scan.
    IdentificationWorker noSlots({});
    noSlots.setReferences({{kiwi, QStringLiteral(SHELF_DEMO_DIR "/images/kiwifruit.png")}});
    QSignalSpy seen(&noSlots, &IdentificationWorker::identified);
    noSlots.identify({sceneWith(product("kiwifruit"), {30, 30, 220, 200}), 1});
    EXPECT_EQ(seen.size(), 1);

    // Still held a moment later: the same scan, not a new one.
    worker.identify({sceneWith(product("fuji-apples"), {330, 170, 250, 250}), 15});
    EXPECT_EQ(identified.size(), 1);
}

TEST(IdentificationWorker, OnlyOneFrameIsTakenAtATime)
{
    IdentificationWorker worker({});
    EXPECT_TRUE(worker.claim());
    EXPECT_FALSE(worker.claim()); // busy: the camera keeps its frame and goes on
    worker.identify({cv::Mat(480, 640, CV_8UC3, cv::Scalar::all(128)), 1});
    EXPECT_TRUE(worker.claim());
}
