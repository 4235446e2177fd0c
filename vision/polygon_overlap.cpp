#include "polygon_overlap.h"

#include <algorithm>
#include <cmath>

namespace shelf::vision {

namespace {

double cross(const cv::Point2d &o, const cv::Point2d &a, const cv::Point2d &b)
{
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

int sign(double value)
{
    return (value > 0) - (value < 0);
}

// q on segment pr, given that the three are collinear.
bool onSegment(const cv::Point2d &p, const cv::Point2d &q, const cv::Point2d &r)
{
    return q.x >= std::min(p.x, r.x) && q.x <= std::max(p.x, r.x) && q.y >= std::min(p.y, r.y)
        && q.y <= std::max(p.y, r.y);
}

// Whether the closed segments ab and cd have any point in common.
bool segmentsMeet(const cv::Point2d &a, const cv::Point2d &b, const cv::Point2d &c,
                  const cv::Point2d &d)
{
    const int d1 = sign(cross(c, d, a));
    const int d2 = sign(cross(c, d, b));
    const int d3 = sign(cross(a, b, c));
    const int d4 = sign(cross(a, b, d));
    if (d1 * d2 < 0 && d3 * d4 < 0)
        return true;
    return (d1 == 0 && onSegment(c, a, d)) || (d2 == 0 && onSegment(c, b, d))
        || (d3 == 0 && onSegment(a, c, b)) || (d4 == 0 && onSegment(a, d, b));
}

double signedArea(const std::vector<cv::Point2d> &polygon)
{
    double twice = 0;
    for (std::size_t i = 0; i < polygon.size(); ++i) {
        const cv::Point2d &p = polygon[i];
        const cv::Point2d &q = polygon[(i + 1) % polygon.size()];
        twice += p.x * q.y - q.x * p.y;
    }
    return twice / 2;
}

// The same outline without a point repeated right after itself.
std::vector<cv::Point2d> withoutRepeats(const std::vector<cv::Point2d> &polygon)
{
    std::vector<cv::Point2d> points;
    for (const cv::Point2d &point : polygon) {
        if (points.empty() || point != points.back())
            points.push_back(point);
    }
    while (points.size() > 1 && points.front() == points.back())
        points.pop_back();
    return points;
}

bool insideOrOn(const std::array<cv::Point2d, 3> &t, const cv::Point2d &p)
{
    return cross(t[0], t[1], p) >= 0 && cross(t[1], t[2], p) >= 0 && cross(t[2], t[0], p) >= 0;
}

// subject clipped to the half-plane left of edge ab (Sutherland-Hodgman, one edge).
std::vector<cv::Point2d> clipLeftOf(const std::vector<cv::Point2d> &subject, const cv::Point2d &a,
                                    const cv::Point2d &b)
{
    std::vector<cv::Point2d> result;
    for (std::size_t i = 0; i < subject.size(); ++i) {
        const cv::Point2d &p = subject[i];
        const cv::Point2d &q = subject[(i + 1) % subject.size()];
        const double sp = cross(a, b, p);
        const double sq = cross(a, b, q);
        if (sp >= 0)
            result.push_back(p);
        if ((sp > 0 && sq < 0) || (sp < 0 && sq > 0)) {
            const double t = sp / (sp - sq);
            result.push_back(p + t * (q - p));
        }
    }
    return result;
}

double triangleOverlap(const std::array<cv::Point2d, 3> &a, const std::array<cv::Point2d, 3> &b)
{
    std::vector<cv::Point2d> clipped(a.begin(), a.end());
    for (int i = 0; i < 3 && clipped.size() >= 3; ++i)
        clipped = clipLeftOf(clipped, b[i], b[(i + 1) % 3]);
    return clipped.size() >= 3 ? std::abs(signedArea(clipped)) : 0.0;
}

cv::Rect2d boxOf(const std::array<cv::Point2d, 3> &t)
{
    const double left = std::min({t[0].x, t[1].x, t[2].x});
    const double top = std::min({t[0].y, t[1].y, t[2].y});
    return {left, top, std::max({t[0].x, t[1].x, t[2].x}) - left,
            std::max({t[0].y, t[1].y, t[2].y}) - top};
}

// Closed boxes: touching counts, so that no pair with area in common is skipped.
bool boxesMeet(const cv::Rect2d &a, const cv::Rect2d &b)
{
    return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height
        && b.y <= a.y + a.height;
}

} // namespace

bool isFlat(const std::vector<cv::Point2d> &polygon)
{
    const std::vector<cv::Point2d> points = withoutRepeats(polygon);
    for (std::size_t i = 2; i < points.size(); ++i) {
        if (cross(points[0], points[1], points[i]) != 0)
            return false;
    }
    return true;
}

bool crossesItself(const std::vector<cv::Point2d> &polygon)
{
    const std::vector<cv::Point2d> points = withoutRepeats(polygon);
    const std::size_t n = points.size();
    if (n < 3)
        return false;
    for (std::size_t i = 0; i < n; ++i) {
        const cv::Point2d &a = points[i];
        const cv::Point2d &b = points[(i + 1) % n];
        const cv::Point2d &c = points[(i + 2) % n];
        // Neighbours share b; they fold back when c lies on ab's line behind b.
        if (cross(a, b, c) == 0 && (b - a).dot(c - b) < 0)
            return true;
        for (std::size_t j = i + 2; j < n; ++j) {
            if (i == 0 && j == n - 1)
                continue; // neighbours through the closing edge
            if (segmentsMeet(a, b, points[j], points[(j + 1) % n]))
                return true;
        }
    }
    return false;
}

std::optional<Triangulation> triangulate(const std::vector<cv::Point2d> &polygon)
{
    std::vector<cv::Point2d> points = withoutRepeats(polygon);
    if (points.size() < 3 || crossesItself(points))
        return std::nullopt;
    const double area = signedArea(points);
    if (area == 0)
        return std::nullopt;
    if (area < 0)
        std::reverse(points.begin(), points.end());

    Triangulation result;
    result.area = std::abs(area);
    std::vector<cv::Point2d> left = points;
    // A simple polygon always has an ear; a pass without one means rounding met a sliver.
    while (left.size() > 3) {
        bool clipped = false;
        const std::size_t n = left.size();
        for (std::size_t i = 0; i < n && !clipped; ++i) {
            const cv::Point2d &p = left[(i + n - 1) % n];
            const cv::Point2d &q = left[i];
            const cv::Point2d &r = left[(i + 1) % n];
            const double turn = cross(p, q, r);
            if (turn == 0) {
                left.erase(left.begin() + std::ptrdiff_t(i)); // a straight corner adds no area
                clipped = true;
                break;
            }
            if (turn < 0)
                continue; // a reflex corner is no ear
            const std::array<cv::Point2d, 3> ear{p, q, r};
            bool empty = true;
            for (std::size_t k = 0; k < n && empty; ++k) {
                const cv::Point2d &other = left[k];
                if (other != p && other != q && other != r && insideOrOn(ear, other))
                    empty = false;
            }
            if (!empty)
                continue;
            result.triangles.push_back(ear);
            left.erase(left.begin() + std::ptrdiff_t(i));
            clipped = true;
        }
        if (!clipped)
            return std::nullopt;
    }
    if (cross(left[0], left[1], left[2]) > 0)
        result.triangles.push_back({left[0], left[1], left[2]});
    const auto [minX, maxX] = std::minmax_element(points.begin(), points.end(),
                                                  [](auto &a, auto &b) { return a.x < b.x; });
    const auto [minY, maxY] = std::minmax_element(points.begin(), points.end(),
                                                  [](auto &a, auto &b) { return a.y < b.y; });
    result.box = cv::Rect2d(minX->x, minY->y, maxX->x - minX->x, maxY->y - minY->y);
    return result;
}

std::optional<double> sharedArea(const Triangulation &a, const Triangulation &b, double enough,
                                 long &budget)
{
    if (!boxesMeet(a.box, b.box))
        return 0.0;
    double shared = 0;
    for (const auto &ta : a.triangles) {
        const cv::Rect2d boxA = boxOf(ta);
        if (!boxesMeet(boxA, b.box))
            continue;
        for (const auto &tb : b.triangles) {
            if (!boxesMeet(boxA, boxOf(tb)))
                continue;
            if (--budget < 0)
                return std::nullopt;
            shared += triangleOverlap(ta, tb);
            if (shared > enough)
                return shared;
        }
    }
    return shared;
}

} // namespace shelf::vision
