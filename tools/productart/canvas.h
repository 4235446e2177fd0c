#pragma once

#include <opencv2/core.hpp>

#include <vector>

namespace productart {

using Points = std::vector<cv::Point2d>;

constexpr double kPi = 3.14159265358979323846;

// Colours are written as 0xRRGGBB like in a design tool; OpenCV wants BGR.
cv::Scalar rgb(unsigned int hex);
cv::Scalar mix(const cv::Scalar &a, const cv::Scalar &b, double t);

// Coverage of one shape, 0..255, at the canvas' internal resolution.
class Mask
{
public:
    Mask() = default;
    explicit Mask(const cv::Mat1b &coverage)
        : m_coverage(coverage)
    { }

    const cv::Mat1b &coverage() const { return m_coverage; }
    bool isEmpty() const { return m_coverage.empty(); }

    Mask united(const Mask &other) const;
    Mask intersected(const Mask &other) const;
    Mask subtracted(const Mask &other) const;
    // Soft edges for shadows and glows; sigma is in output pixels.
    Mask blurred(double sigma) const;
    // Shifted copy, in output pixels.
    Mask translated(double dx, double dy) const;
    // Shrunk by a distance in output pixels, e.g. the flesh inside a skin.
    Mask eroded(double distance) const;

private:
    cv::Mat1b m_coverage;
};

// All coordinates are in output pixels (0..size). The canvas draws at a
// multiple of the output size and shrinks at the end, which gives every
// shape smooth edges without relying on OpenCV's 8-bit-only anti-aliasing.
class Canvas
{
public:
    Canvas(int size, const cv::Scalar &top, const cv::Scalar &bottom);

    int size() const { return m_size; }

    Mask circle(cv::Point2d centre, double radius) const;
    Mask ellipse(cv::Point2d centre, cv::Size2d axes, double angleDeg = 0) const;
    Mask polygon(const Points &points) const;
    Mask polyline(const Points &points, double thickness, bool closed = false) const;
    Mask line(cv::Point2d from, cv::Point2d to, double thickness) const;
    // Thin wandering lines where smooth random noise crosses its middle value:
    // an organic network such as the fat marbling in beef. cellSize is the
    // typical distance between lines, width roughly their thickness.
    Mask noiseLines(unsigned int seed, double cellSize, double width) const;

    void fill(const Mask &mask, const cv::Scalar &colour, double opacity = 1.0);
    void fillLinear(const Mask &mask, cv::Point2d from, const cv::Scalar &fromColour,
                    cv::Point2d to, const cv::Scalar &toColour, double opacity = 1.0);
    void fillRadial(const Mask &mask, cv::Point2d centre, double radius, const cv::Scalar &inner,
                    const cv::Scalar &outer, double opacity = 1.0);
    // Darkens (or tints) a shape towards its outline, which reads as volume.
    void shadeEdges(const Mask &mask, double width, const cv::Scalar &colour, double opacity);
    // Soft contact shadow under an object standing on the ground.
    void dropShadow(cv::Point2d centre, cv::Size2d axes, double softness = 14,
                    double opacity = 0.35);
    // Soft white light spot, clipped to the shape it lies on.
    void highlight(const Mask &clip, cv::Point2d centre, cv::Size2d axes, double angleDeg,
                   double softness, double opacity);

    cv::Mat toImage() const;

private:
    cv::Point toInternal(cv::Point2d p) const;
    cv::Mat1b blankMask() const;
    template<typename ColourAt> void blend(const Mask &mask, double opacity, ColourAt colourAt);

    int m_size;
    int m_scale;
    cv::Mat3f m_pixels;
};

// Chaikin corner cutting: turns a few control points into an organic outline.
Points smoothClosed(const Points &points, int iterations = 4);
Points smoothOpen(const Points &points, int iterations = 4);
// A pointed leaf from base to tip; bend curves its midrib sideways.
Points leafShape(cv::Point2d base, cv::Point2d tip, double width, double bend = 0);
Points roundedRect(const cv::Rect2d &rect, double radius);
Points arc(cv::Point2d centre, cv::Size2d axes, double fromDeg, double toDeg, int steps = 48,
           double angleDeg = 0);
Points translated(const Points &points, double dx, double dy);
Points rotated(const Points &points, cv::Point2d centre, double angleDeg);

} // namespace productart
