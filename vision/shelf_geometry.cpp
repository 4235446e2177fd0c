#include "shelf_geometry.h"

#include <opencv2/aruco.hpp>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include <optional>

namespace shelf::vision {

namespace {

const cv::Ptr<cv::aruco::Dictionary> &dictionary()
{
    static const cv::Ptr<cv::aruco::Dictionary> markers
        = cv::aruco::getPredefinedDictionary(cv::aruco::DICT_4X4_50);
    return markers;
}

} // namespace

ShelfGeometry::ShelfGeometry(std::array<int, 4> markerIds, cv::Size2f shelfSize)
    : m_markerIds(markerIds)
    , m_shelfSize(shelfSize)
{ }

cv::Mat ShelfGeometry::markerImage(int id, int sidePixels)
{
    cv::Mat image;
    cv::aruco::drawMarker(dictionary(), id, sidePixels, image, 1);
    return image;
}

bool ShelfGeometry::update(const cv::Mat &frame)
{
    if (frame.empty())
        return false;
    cv::Mat grey;
    if (frame.channels() == 3)
        cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
    else
        grey = frame;
    std::vector<std::vector<cv::Point2f>> corners;
    std::vector<int> ids;
    cv::aruco::detectMarkers(grey, dictionary(), corners, ids);

    m_lastMarkers.clear();
    // Each shelf corner is the marker's own corner that points out of the shelf: the marker at
    // the top-left gives its top-left corner, and so on clockwise.
    std::array<std::optional<cv::Point2f>, 4> shelfCorners;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        Marker marker{ids[i], {corners[i][0], corners[i][1], corners[i][2], corners[i][3]}};
        m_lastMarkers.push_back(marker);
        for (int corner = 0; corner < 4; ++corner) {
            if (ids[i] == m_markerIds[corner])
                shelfCorners[corner] = corners[i][corner];
        }
    }
    std::vector<cv::Point2f> image;
    for (const auto &corner : shelfCorners) {
        if (!corner)
            return false;
        image.push_back(*corner);
    }
    const std::vector<cv::Point2f> shelf{{0, 0},
                                         {m_shelfSize.width, 0},
                                         {m_shelfSize.width, m_shelfSize.height},
                                         {0, m_shelfSize.height}};
    const cv::Mat homography = cv::getPerspectiveTransform(shelf, image);
    if (homography.empty())
        return false;
    m_shelfToImage = homography;
    return true;
}

std::vector<cv::Point2f> ShelfGeometry::toImage(const std::vector<cv::Point2f> &shelfPolygon) const
{
    std::vector<cv::Point2f> image;
    if (!m_shelfToImage.empty() && !shelfPolygon.empty())
        cv::perspectiveTransform(shelfPolygon, image, m_shelfToImage);
    return image;
}

} // namespace shelf::vision
