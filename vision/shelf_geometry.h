#pragma once

#include <opencv2/core.hpp>

#include <array>
#include <vector>

namespace shelf::vision {

// Where the shelf is in the picture, from four ArUco markers (dictionary 4X4_50) stuck at its
// corners. Slots can then be given in shelf coordinates (millimetres along the shelf face, say)
// and follow the camera when it is bumped: the homography is estimated again from each frame
// the caller passes in.
class ShelfGeometry
{
public:
    struct Marker
    {
        int id = 0;
        std::array<cv::Point2f, 4> corners; // clockwise from the marker's top-left, in pixels
    };

    // markerIds: the markers at the shelf's top-left, top-right, bottom-right and bottom-left
    // corners; the outer corner of each marker is that corner of the shelf, whose size is
    // shelfSize in shelf units.
    ShelfGeometry(std::array<int, 4> markerIds, cv::Size2f shelfSize);

    // Looks for the markers; with all four found, replaces the homography and returns true.
    // Otherwise keeps the last one (a hand in front of a marker must not move the slots).
    bool update(const cv::Mat &frame);
    bool isCalibrated() const { return !m_shelfToImage.empty(); }
    // Shelf coordinates to pixels, with the last good homography; empty if never calibrated.
    std::vector<cv::Point2f> toImage(const std::vector<cv::Point2f> &shelfPolygon) const;
    const std::vector<Marker> &lastMarkers() const { return m_lastMarkers; }

    // A printable marker image of the dictionary this class uses, for operators and tests.
    static cv::Mat markerImage(int id, int sidePixels);

private:
    std::array<int, 4> m_markerIds;
    cv::Size2f m_shelfSize;
    cv::Mat m_shelfToImage; // 3x3 CV_64F
    std::vector<Marker> m_lastMarkers;
};

} // namespace shelf::vision
