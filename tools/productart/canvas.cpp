#include "canvas.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace productart {

namespace {

// Drawing happens at this multiple of the output size.
constexpr int kScale = 2;
// Sub-pixel bits handed to OpenCV's drawing functions.
constexpr int kShift = 3;

double clamp01(double v)
{
    return std::min(1.0, std::max(0.0, v));
}

} // namespace

cv::Scalar rgb(unsigned int hex)
{
    return cv::Scalar(hex & 0xff, (hex >> 8) & 0xff, (hex >> 16) & 0xff);
}

cv::Scalar mix(const cv::Scalar &a, const cv::Scalar &b, double t)
{
    return a * (1.0 - t) + b * t;
}

Mask Mask::united(const Mask &other) const
{
    cv::Mat out;
    cv::max(cv::Mat(m_coverage), cv::Mat(other.m_coverage), out);
    return Mask(out);
}

Mask Mask::intersected(const Mask &other) const
{
    cv::Mat1b out;
    cv::multiply(m_coverage, other.m_coverage, out, 1.0 / 255.0);
    return Mask(out);
}

Mask Mask::subtracted(const Mask &other) const
{
    cv::Mat1b inverse = 255 - other.m_coverage;
    cv::Mat1b out;
    cv::multiply(m_coverage, inverse, out, 1.0 / 255.0);
    return Mask(out);
}

Mask Mask::blurred(double sigma) const
{
    cv::Mat1b out;
    cv::GaussianBlur(m_coverage, out, cv::Size(), sigma * kScale);
    return Mask(out);
}

Mask Mask::translated(double dx, double dy) const
{
    cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, dx * kScale, 0, 1, dy * kScale);
    cv::Mat1b out;
    cv::warpAffine(m_coverage, out, shift, m_coverage.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                   0);
    return Mask(out);
}

Mask Mask::eroded(double distance) const
{
    const int d = std::max(1, int(std::lround(distance * kScale)));
    const cv::Mat kernel
        = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * d + 1, 2 * d + 1));
    cv::Mat1b out;
    cv::erode(m_coverage, out, kernel);
    return Mask(out);
}

Canvas::Canvas(int size, const cv::Scalar &top, const cv::Scalar &bottom)
    : m_size(size)
    , m_scale(kScale)
    , m_pixels(size * kScale, size * kScale)
{
    for (int y = 0; y < m_pixels.rows; ++y) {
        // Ease the gradient so the middle stays close to the top colour; it
        // reads as a softly lit backdrop rather than a band.
        const double t = double(y) / (m_pixels.rows - 1);
        const cv::Scalar c = mix(top, bottom, t * t * (3 - 2 * t));
        m_pixels.row(y).setTo(cv::Vec3f(float(c[0]), float(c[1]), float(c[2])));
    }
}

cv::Point Canvas::toInternal(cv::Point2d p) const
{
    const double f = m_scale * (1 << kShift);
    return cv::Point(int(std::lround(p.x * f)), int(std::lround(p.y * f)));
}

cv::Mat1b Canvas::blankMask() const
{
    return cv::Mat1b::zeros(m_pixels.size());
}

Mask Canvas::circle(cv::Point2d centre, double radius) const
{
    cv::Mat1b m = blankMask();
    cv::circle(m, toInternal(centre), int(std::lround(radius * m_scale * (1 << kShift))),
               cv::Scalar(255), cv::FILLED, cv::LINE_AA, kShift);
    return Mask(m);
}

Mask Canvas::ellipse(cv::Point2d centre, cv::Size2d axes, double angleDeg) const
{
    cv::Mat1b m = blankMask();
    const double f = m_scale * (1 << kShift);
    cv::ellipse(m, toInternal(centre),
                cv::Size(int(std::lround(axes.width * f)), int(std::lround(axes.height * f))),
                angleDeg, 0, 360, cv::Scalar(255), cv::FILLED, cv::LINE_AA, kShift);
    return Mask(m);
}

Mask Canvas::polygon(const Points &points) const
{
    cv::Mat1b m = blankMask();
    std::vector<cv::Point> internal;
    internal.reserve(points.size());
    for (const cv::Point2d &p : points)
        internal.push_back(toInternal(p));
    cv::fillPoly(m, std::vector<std::vector<cv::Point>>{internal}, cv::Scalar(255), cv::LINE_AA,
                 kShift);
    return Mask(m);
}

Mask Canvas::polyline(const Points &points, double thickness, bool closed) const
{
    cv::Mat1b m = blankMask();
    std::vector<cv::Point> internal;
    internal.reserve(points.size());
    for (const cv::Point2d &p : points)
        internal.push_back(toInternal(p));
    const int width = std::max(1, int(std::lround(thickness * m_scale)));
    cv::polylines(m, std::vector<std::vector<cv::Point>>{internal}, closed, cv::Scalar(255), width,
                  cv::LINE_AA, kShift);
    return Mask(m);
}

Mask Canvas::line(cv::Point2d from, cv::Point2d to, double thickness) const
{
    return polyline({from, to}, thickness);
}

Mask Canvas::noiseLines(unsigned int seed, double cellSize, double width) const
{
    cv::RNG rng(seed);
    const cv::Size full = m_pixels.size();
    cv::Mat1f field = cv::Mat1f::zeros(full);
    // Two octaves: the coarse one gives the main veins, the fine one the kinks.
    const double octaves[][2] = {{1.0, 0.7}, {0.45, 0.3}};
    for (const auto &octave : octaves) {
        const int cells = std::max(2, int(std::lround(m_size / (cellSize * octave[0]))));
        cv::Mat1f coarse(cells + 1, cells + 1);
        rng.fill(coarse, cv::RNG::UNIFORM, 0.0, 1.0);
        cv::Mat1f up;
        cv::resize(coarse, up, full, 0, 0, cv::INTER_CUBIC);
        field += up * octave[1];
    }
    cv::GaussianBlur(field, field, cv::Size(), cellSize * m_scale * 0.15);
    // Distance from the middle value, scaled by the slope so lines keep a
    // roughly even width instead of swelling where the field is flat.
    cv::Mat1f gx;
    cv::Mat1f gy;
    cv::Sobel(field, gx, CV_32F, 1, 0, 3, 1.0 / 8.0);
    cv::Sobel(field, gy, CV_32F, 0, 1, 3, 1.0 / 8.0);
    const double mid = cv::mean(field)[0];
    cv::Mat1b out(full);
    const double halfWidth = width * m_scale * 0.5;
    for (int y = 0; y < full.height; ++y) {
        for (int x = 0; x < full.width; ++x) {
            const double slope = std::max(1e-4, double(std::hypot(gx(y, x), gy(y, x))));
            const double distance = std::abs(field(y, x) - mid) / slope;
            out(y, x) = uchar(std::lround(255 * clamp01(halfWidth + 0.5 - distance)));
        }
    }
    return Mask(out);
}

template<typename ColourAt> void Canvas::blend(const Mask &mask, double opacity, ColourAt colourAt)
{
    const cv::Mat1b &coverage = mask.coverage();
    const cv::Rect area = cv::boundingRect(coverage);
    const double inv = 1.0 / m_scale;
    for (int y = area.y; y < area.y + area.height; ++y) {
        const uchar *a = coverage.ptr<uchar>(y);
        cv::Vec3f *px = m_pixels.ptr<cv::Vec3f>(y);
        for (int x = area.x; x < area.x + area.width; ++x) {
            if (!a[x])
                continue;
            const float alpha = float(a[x] / 255.0 * opacity);
            const cv::Scalar c = colourAt((x + 0.5) * inv, (y + 0.5) * inv);
            for (int ch = 0; ch < 3; ++ch)
                px[x][ch] = px[x][ch] * (1.0f - alpha) + float(c[ch]) * alpha;
        }
    }
}

void Canvas::fill(const Mask &mask, const cv::Scalar &colour, double opacity)
{
    blend(mask, opacity, [&](double, double) { return colour; });
}

void Canvas::fillLinear(const Mask &mask, cv::Point2d from, const cv::Scalar &fromColour,
                        cv::Point2d to, const cv::Scalar &toColour, double opacity)
{
    const cv::Point2d d = to - from;
    const double len2 = std::max(1e-9, d.dot(d));
    blend(mask, opacity, [&](double x, double y) {
        const double t = clamp01((cv::Point2d(x, y) - from).dot(d) / len2);
        return mix(fromColour, toColour, t);
    });
}

void Canvas::fillRadial(const Mask &mask, cv::Point2d centre, double radius,
                        const cv::Scalar &inner, const cv::Scalar &outer, double opacity)
{
    blend(mask, opacity, [&](double x, double y) {
        const double t = clamp01(std::hypot(x - centre.x, y - centre.y) / radius);
        return mix(inner, outer, t);
    });
}

void Canvas::shadeEdges(const Mask &mask, double width, const cv::Scalar &colour, double opacity)
{
    // Inside the shape the blurred copy stays near full coverage; it drops
    // towards one half at the outline, so the difference is a soft inner rim.
    const cv::Mat1b &inside = mask.coverage();
    const cv::Mat1b soft = mask.blurred(width).coverage();
    cv::Mat1b rim(inside.size());
    for (int y = 0; y < rim.rows; ++y) {
        const uchar *in = inside.ptr<uchar>(y);
        const uchar *s = soft.ptr<uchar>(y);
        uchar *r = rim.ptr<uchar>(y);
        for (int x = 0; x < rim.cols; ++x) {
            const double edge = clamp01((1.0 - s[x] / 255.0) * 2.0);
            r[x] = uchar(std::lround(in[x] * edge));
        }
    }
    fill(Mask(rim), colour, opacity);
}

void Canvas::dropShadow(cv::Point2d centre, cv::Size2d axes, double softness, double opacity)
{
    fill(ellipse(centre, axes).blurred(softness), rgb(0x1c2430), opacity);
}

void Canvas::highlight(const Mask &clip, cv::Point2d centre, cv::Size2d axes, double angleDeg,
                       double softness, double opacity)
{
    fill(ellipse(centre, axes, angleDeg).blurred(softness).intersected(clip), rgb(0xffffff),
         opacity);
}

cv::Mat Canvas::toImage() const
{
    cv::Mat3f small;
    cv::resize(m_pixels, small, cv::Size(m_size, m_size), 0, 0, cv::INTER_AREA);
    cv::Mat out;
    small.convertTo(out, CV_8UC3);
    return out;
}

Points smoothClosed(const Points &points, int iterations)
{
    Points current = points;
    for (int i = 0; i < iterations; ++i) {
        Points next;
        next.reserve(current.size() * 2);
        for (size_t k = 0; k < current.size(); ++k) {
            const cv::Point2d &a = current[k];
            const cv::Point2d &b = current[(k + 1) % current.size()];
            next.push_back(a * 0.75 + b * 0.25);
            next.push_back(a * 0.25 + b * 0.75);
        }
        current.swap(next);
    }
    return current;
}

Points smoothOpen(const Points &points, int iterations)
{
    Points current = points;
    for (int i = 0; i < iterations; ++i) {
        if (current.size() < 3)
            break;
        Points next;
        next.reserve(current.size() * 2);
        next.push_back(current.front());
        for (size_t k = 0; k + 1 < current.size(); ++k) {
            const cv::Point2d &a = current[k];
            const cv::Point2d &b = current[k + 1];
            next.push_back(a * 0.75 + b * 0.25);
            next.push_back(a * 0.25 + b * 0.75);
        }
        next.push_back(current.back());
        current.swap(next);
    }
    return current;
}

Points leafShape(cv::Point2d base, cv::Point2d tip, double width, double bend)
{
    const cv::Point2d axis = tip - base;
    const double length = std::hypot(axis.x, axis.y);
    const cv::Point2d normal(-axis.y / length, axis.x / length);
    constexpr int kSteps = 32;
    Points left;
    Points right;
    for (int i = 0; i <= kSteps; ++i) {
        const double t = double(i) / kSteps;
        // Widest a little before the middle, like most real leaves.
        const double half = width * 0.5 * std::pow(std::sin(kPi * t), 0.9) * (1.0 - 0.25 * t);
        const cv::Point2d mid = base + axis * t + normal * (bend * std::sin(kPi * t));
        left.push_back(mid + normal * half);
        right.push_back(mid - normal * half);
    }
    Points outline = left;
    outline.insert(outline.end(), right.rbegin(), right.rend());
    return outline;
}

Points roundedRect(const cv::Rect2d &rect, double radius)
{
    const double r = std::min(radius, std::min(rect.width, rect.height) / 2);
    const double l = rect.x + r, t = rect.y + r;
    const double rt = rect.x + rect.width - r, b = rect.y + rect.height - r;
    Points out;
    for (const Points &corner :
         {arc({rt, t}, {r, r}, -90, 0, 12), arc({rt, b}, {r, r}, 0, 90, 12),
          arc({l, b}, {r, r}, 90, 180, 12), arc({l, t}, {r, r}, 180, 270, 12)})
        out.insert(out.end(), corner.begin(), corner.end());
    return out;
}

Points arc(cv::Point2d centre, cv::Size2d axes, double fromDeg, double toDeg, int steps,
           double angleDeg)
{
    Points out;
    const double rot = angleDeg * kPi / 180.0;
    for (int i = 0; i <= steps; ++i) {
        const double a = (fromDeg + (toDeg - fromDeg) * i / steps) * kPi / 180.0;
        const double x = axes.width * std::cos(a);
        const double y = axes.height * std::sin(a);
        out.emplace_back(centre.x + x * std::cos(rot) - y * std::sin(rot),
                         centre.y + x * std::sin(rot) + y * std::cos(rot));
    }
    return out;
}

Points translated(const Points &points, double dx, double dy)
{
    Points out;
    out.reserve(points.size());
    for (const cv::Point2d &p : points)
        out.emplace_back(p.x + dx, p.y + dy);
    return out;
}

Points rotated(const Points &points, cv::Point2d centre, double angleDeg)
{
    const double a = angleDeg * kPi / 180.0;
    const double c = std::cos(a);
    const double s = std::sin(a);
    Points out;
    out.reserve(points.size());
    for (const cv::Point2d &p : points) {
        const cv::Point2d d = p - centre;
        out.emplace_back(centre.x + d.x * c - d.y * s, centre.y + d.x * s + d.y * c);
    }
    return out;
}

} // namespace productart
