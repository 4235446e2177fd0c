// Shelf geometry from four ArUco markers: slots given in shelf millimetres land on the right
// pixels under perspective, and follow a camera that was bumped.
#include <shelf_geometry.h>
#include <shelf_watcher.h>

#include <gtest/gtest.h>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

using namespace shelf::vision;

namespace {

const cv::Size2f shelfSize(1200, 400); // millimetres
const std::array<int, 4> cornerIds{0, 1, 2, 3};

// A shelf face 1200 x 400 mm drawn at 1 px per mm with a marker (80 mm) in each corner, then
// seen by a camera through `homography` (shelf mm -> pixels).
cv::Mat cameraView(const cv::Mat &homography, cv::Size frameSize)
{
    cv::Mat face(cv::Size(int(shelfSize.width), int(shelfSize.height)), CV_8UC3,
                 cv::Scalar(170, 180, 190));
    for (int x = 120; x < 1100; x += 160)
        cv::rectangle(face, {x, 120, 120, 160}, cv::Scalar(60 + x % 150, 90, 200 - x % 120),
                      cv::FILLED);
    const int side = 80;
    const std::array<cv::Point, 4> origins{cv::Point(0, 0), cv::Point(1200 - side, 0),
                                           cv::Point(1200 - side, 400 - side),
                                           cv::Point(0, 400 - side)};
    for (int i = 0; i < 4; ++i) {
        cv::Mat marker;
        cv::cvtColor(ShelfGeometry::markerImage(cornerIds[i], side), marker, cv::COLOR_GRAY2BGR);
        marker.copyTo(face(cv::Rect(origins[i], cv::Size(side, side))));
    }
    // White margin around the face: markers need a quiet border to be found.
    cv::Mat frame(frameSize, CV_8UC3, cv::Scalar(235, 235, 235));
    cv::warpPerspective(face, frame, homography, frameSize, cv::INTER_LINEAR,
                        cv::BORDER_TRANSPARENT);
    return frame;
}

cv::Mat perspective(const std::vector<cv::Point2f> &imageCorners)
{
    const std::vector<cv::Point2f> shelf{
        {0, 0}, {shelfSize.width, 0}, {shelfSize.width, shelfSize.height}, {0, shelfSize.height}};
    return cv::getPerspectiveTransform(shelf, imageCorners);
}

double worstError(const std::vector<cv::Point2f> &a, const std::vector<cv::Point2f> &b)
{
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, double(cv::norm(a[i] - b[i])));
    return worst;
}

} // namespace

TEST(ShelfGeometry, SlotsInShelfCoordinatesLandOnTheRightPixels)
{
    // A camera above and to the left: the shelf is a trapezoid in the picture.
    const cv::Mat truth = perspective({{60, 90}, {580, 60}, {600, 330}, {40, 300}});
    ShelfGeometry geometry(cornerIds, shelfSize);
    ASSERT_TRUE(geometry.update(cameraView(truth, {640, 480})));
    EXPECT_EQ(geometry.lastMarkers().size(), 4u);
    const std::vector<cv::Point2f> slot{{280, 120}, {400, 120}, {400, 280}, {280, 280}};
    std::vector<cv::Point2f> expected;
    cv::perspectiveTransform(slot, expected, truth);
    EXPECT_LT(worstError(geometry.toImage(slot), expected), 3.0);
}

TEST(ShelfGeometry, SlotsFollowABumpedCamera)
{
    ShelfGeometry geometry(cornerIds, shelfSize);
    ASSERT_TRUE(geometry.update(
        cameraView(perspective({{60, 90}, {580, 60}, {600, 330}, {40, 300}}), {640, 480})));
    const cv::Mat bumped = perspective({{85, 110}, {600, 95}, {615, 365}, {70, 330}});
    ASSERT_TRUE(geometry.update(cameraView(bumped, {640, 480})));
    const std::vector<cv::Point2f> slot{{120, 120}, {240, 120}, {240, 280}, {120, 280}};
    std::vector<cv::Point2f> expected;
    cv::perspectiveTransform(slot, expected, bumped);
    EXPECT_LT(worstError(geometry.toImage(slot), expected), 3.0);
}

TEST(ShelfGeometry, AHiddenMarkerKeepsTheLastGoodGeometry)
{
    const cv::Mat truth = perspective({{60, 90}, {580, 60}, {600, 330}, {40, 300}});
    ShelfGeometry geometry(cornerIds, shelfSize);
    ASSERT_TRUE(geometry.update(cameraView(truth, {640, 480})));
    cv::Mat covered = cameraView(truth, {640, 480});
    cv::rectangle(covered, {20, 40, 120, 110}, cv::Scalar(120, 160, 215),
                  cv::FILLED); // a hand over marker 0
    EXPECT_FALSE(geometry.update(covered));
    const std::vector<cv::Point2f> slot{{280, 120}, {400, 120}, {400, 280}, {280, 280}};
    std::vector<cv::Point2f> expected;
    cv::perspectiveTransform(slot, expected, truth);
    EXPECT_LT(worstError(geometry.toImage(slot), expected), 3.0);
}

TEST(ShelfGeometry, NothingIsMappedBeforeTheMarkersWereSeen)
{
    ShelfGeometry geometry(cornerIds, shelfSize);
    EXPECT_FALSE(geometry.update(cv::Mat(480, 640, CV_8UC3, cv::Scalar(200, 200, 200))));
    EXPECT_FALSE(geometry.isCalibrated());
    EXPECT_TRUE(geometry.toImage({{1, 1}, {2, 2}, {3, 1}}).empty());
}

TEST(ShelfWatcher, PlacesSlotsByTheMarkersAndAgainAfterABump)
{
    const std::vector<cv::Point2f> slot{{280, 120}, {400, 120}, {400, 280}, {280, 280}};
    ShelfWatcher watcher({slot}, ShelfWatcher::Markers{cornerIds, shelfSize});
    EXPECT_EQ(watcher.monitor(), nullptr); // no markers seen yet: no slot can be judged

    const cv::Mat truth = perspective({{60, 90}, {580, 60}, {600, 330}, {40, 300}});
    const cv::Mat view = cameraView(truth, {640, 480});
    for (int frame = 0; frame < 3; ++frame)
        EXPECT_TRUE(watcher.process(view, frame).empty());
    ASSERT_NE(watcher.monitor(), nullptr);
    std::vector<cv::Point2f> expected;
    cv::perspectiveTransform(slot, expected, truth);
    EXPECT_LT(worstError(watcher.monitor()->polygon(0), expected), 3.0);

    const cv::Mat bumped = perspective({{85, 110}, {600, 95}, {615, 365}, {70, 330}});
    const cv::Mat bumpedView = cameraView(bumped, {640, 480});
    for (int frame = 3; frame < 20; ++frame)
        watcher.process(bumpedView, frame);
    cv::perspectiveTransform(slot, expected, bumped);
    EXPECT_LT(worstError(watcher.monitor()->polygon(0), expected), 3.0);
}

TEST(ShelfWatcher, ASlotAddedWhileRunningLeavesTheOthersWhereTheyWereWithWhatTheyLearned)
{
    const std::vector<cv::Point2f> slot{{280, 120}, {400, 120}, {400, 280}, {280, 280}};
    const std::vector<cv::Point2f> added{{440, 120}, {560, 120}, {560, 280}, {440, 280}};
    const ShelfWatcher::Markers markers{cornerIds, shelfSize};
    ShelfWatcher watcher({slot}, markers);
    const cv::Mat view
        = cameraView(perspective({{60, 90}, {580, 60}, {600, 330}, {40, 300}}), {640, 480});
    for (int frame = 0; frame < 10; ++frame)
        watcher.process(view, frame);
    ASSERT_NE(watcher.monitor(), nullptr);
    ASSERT_TRUE(watcher.monitor()->status(0).learned);

    // Placed at once, without waiting for the markers again; the old slot on the same pixels.
    ShelfWatcher changed({added, slot}, markers);
    changed.continueFrom(watcher);
    ASSERT_NE(changed.monitor(), nullptr);
    EXPECT_EQ(changed.monitor()->polygon(1), watcher.monitor()->polygon(0));
    EXPECT_TRUE(changed.monitor()->status(1).learned);
    EXPECT_FALSE(changed.monitor()->status(0).learned);

    // Other markers are another shelf: nothing carries over.
    ShelfWatcher otherShelf({slot}, ShelfWatcher::Markers{{4, 5, 6, 7}, shelfSize});
    otherShelf.continueFrom(watcher);
    EXPECT_EQ(otherShelf.monitor(), nullptr);
}
