#pragma once

#include <opencv2/core/types.hpp>

#include <array>
#include <optional>
#include <vector>

namespace shelf::vision {

// An outline cut into triangles, for telling whether two slot outlines (convex or not) share
// any area.
struct Triangulation
{
    std::vector<std::array<cv::Point2d, 3>> triangles; // counter-clockwise
    cv::Rect2d box;
    double area = 0;
};

// Whether every corner of the outline lies on one line: it has no inside at all.
bool isFlat(const std::vector<cv::Point2d> &polygon);

// Whether two edges of the outline that are not neighbours meet, or two neighbours fold back
// onto each other: the outline has no single inside then.
bool crossesItself(const std::vector<cv::Point2d> &polygon);

// The triangles that cover a simple polygon (ear clipping); nullopt when it crosses itself or
// has no area.
std::optional<Triangulation> triangulate(const std::vector<cv::Point2d> &polygon);

// The area the two outlines share, summed over pairs of their triangles, stopping once it
// passes enough. Each pair of triangles whose boxes meet costs one of budget; nullopt when the
// budget ran out first. Outlines that only touch (a shared edge or corner) share 0.
std::optional<double> sharedArea(const Triangulation &a, const Triangulation &b, double enough,
                                 long &budget);

} // namespace shelf::vision
