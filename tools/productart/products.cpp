#include "products.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace productart {

namespace {

using P = cv::Point2d;
using S = cv::Size2d;

// Fixed seeds keep the artwork identical from run to run, so regenerating
// the images does not churn the repository.
cv::RNG seeded(unsigned int seed)
{
    return cv::RNG(seed);
}

// A round fruit's outline with a soft dip where the stem sits.
Points dimpledRound(P centre, double radius, double dipDeg, double depth, double squash = 1.0)
{
    Points out;
    for (int i = 0; i < 120; ++i) {
        const double a = i * 3.0;
        double d = std::remainder(a - dipDeg, 360.0) / 28.0;
        const double r = radius * (1.0 - depth * std::exp(-d * d));
        const double rad = a * kPi / 180.0;
        out.emplace_back(centre.x + r * std::cos(rad), centre.y + r * std::sin(rad) * squash);
    }
    return out;
}

// Outline of two circles joined by their common tangents (pears, avocados).
Points pearShape(P bottom, double bottomRadius, P top, double topRadius)
{
    std::vector<cv::Point2f> samples;
    for (int i = 0; i < 180; ++i) {
        const double a = i * 2.0 * kPi / 180.0;
        samples.emplace_back(float(bottom.x + bottomRadius * std::cos(a)),
                             float(bottom.y + bottomRadius * std::sin(a)));
        samples.emplace_back(float(top.x + topRadius * std::cos(a)),
                             float(top.y + topRadius * std::sin(a)));
    }
    std::vector<cv::Point2f> hull;
    cv::convexHull(samples, hull);
    Points out;
    for (const cv::Point2f &p : hull)
        out.emplace_back(p.x, p.y);
    return out;
}

void drawStem(Canvas &c, const Points &path, double thickness, const cv::Scalar &colour)
{
    const Points smooth = smoothOpen(path);
    c.fill(c.polyline(smooth, thickness), colour);
    c.fill(c.polyline(translated(smooth, -thickness * 0.18, -thickness * 0.1), thickness * 0.35),
           rgb(0xffffff), 0.18);
}

void drawLeaf(Canvas &c, P base, P tip, double width, double bend, const cv::Scalar &dark,
              const cv::Scalar &light)
{
    const Mask leaf = c.polygon(leafShape(base, tip, width, bend));
    c.fillLinear(leaf, base, dark, tip, light);
    c.shadeEdges(leaf, 8, dark, 0.35);
    // Midrib and a few side veins follow the same bend as the blade.
    const P axis = tip - base;
    const double len = std::hypot(axis.x, axis.y);
    const P normal(-axis.y / len, axis.x / len);
    Points rib;
    for (int i = 0; i <= 16; ++i) {
        const double t = i / 16.0;
        rib.push_back(base + axis * t + normal * (bend * std::sin(kPi * t)));
    }
    c.fill(c.polyline(rib, std::max(1.5, width * 0.05)), light, 0.55);
    for (int i = 1; i <= 4; ++i) {
        const double t = 0.18 * i;
        const P on = base + axis * t + normal * (bend * std::sin(kPi * t));
        const P along = axis * (0.12);
        const double reach = width * 0.32 * std::sin(kPi * t);
        c.fill(c.line(on, on + along + normal * reach, 1.4), light, 0.4);
        c.fill(c.line(on, on + along - normal * reach, 1.4), light, 0.4);
    }
}

// Light falls from the upper left in every picture, so shading is consistent.
void shadeBall(Canvas &c, const Mask &body, P centre, double radius, const cv::Scalar &light,
               const cv::Scalar &dark, const cv::Scalar &rim)
{
    c.fillRadial(body, centre + P(-radius * 0.35, -radius * 0.4), radius * 1.55, light, dark);
    c.shadeEdges(body, radius * 0.22, rim, 0.45);
}

void drawFujiApples(Canvas &c)
{
    c.dropShadow(P(262, 434), S(150, 20), 16, 0.32);

    const Points outline = smoothClosed(
        {P(256, 168), P(300, 142), P(360, 146), P(402, 188), P(418, 262), P(402, 342), P(362, 402),
         P(312, 428), P(276, 420), P(256, 412), P(236, 420), P(200, 428), P(150, 402), P(110, 342),
         P(94, 262), P(110, 188), P(152, 146), P(212, 142)});
    const Mask body = c.polygon(outline);
    c.fillRadial(body, P(196, 226), 260, rgb(0xe8453a), rgb(0x8c1820));

    // Fuji skin is striped: lighter and darker streaks following the meridians.
    cv::RNG rng = seeded(11);
    for (int i = 0; i < 26; ++i) {
        const double x0 = 96 + i * 12.5 + rng.uniform(-4.0, 4.0);
        Points streak;
        for (int k = 0; k <= 12; ++k) {
            const double t = k / 12.0;
            const double spread = 0.45 + 0.55 * std::sin(kPi * (0.1 + 0.8 * t));
            streak.emplace_back(256 + (x0 - 256) * spread + rng.uniform(-2.0, 2.0), 150 + t * 285);
        }
        const bool light = i % 2 == 0;
        c.fill(c.polyline(smoothOpen(streak), rng.uniform(3.0, 8.0)).blurred(2.5).intersected(body),
               light ? rgb(0xf4764e) : rgb(0x9c1a25), light ? 0.22 : 0.18);
    }
    // The shoulders around the stem stay yellow-green on a real Fuji.
    c.fill(c.ellipse(P(256, 178), S(70, 34)).blurred(16).intersected(body), rgb(0xe3b64a), 0.45);
    c.shadeEdges(body, 30, rgb(0x5a0b14), 0.55);

    for (int i = 0; i < 45; ++i) {
        const P dot(rng.uniform(110.0, 400.0), rng.uniform(170.0, 410.0));
        c.fill(c.circle(dot, rng.uniform(0.9, 1.5)).intersected(body), rgb(0xf6d79a), 0.4);
    }

    c.fill(c.ellipse(P(256, 172), S(34, 12)).blurred(6).intersected(body), rgb(0x5c1016), 0.55);
    c.highlight(body, P(178, 224), S(34, 62), 25, 14, 0.5);
    c.highlight(body, P(168, 206), S(9, 20), 25, 3, 0.6);
    c.highlight(body, P(372, 360), S(14, 36), -40, 10, 0.15);

    drawStem(c, {P(257, 182), P(257, 150), P(264, 122), P(278, 96)}, 9, rgb(0x5b3a1e));
    drawLeaf(c, P(270, 128), P(382, 84), 62, -14, rgb(0x3f8a26), rgb(0x93c94a));
}

void drawKiwifruit(Canvas &c)
{
    c.dropShadow(P(352, 350), S(120, 18), 14, 0.28);
    c.dropShadow(P(214, 440), S(130, 18), 14, 0.32);

    // Whole fruit behind.
    const Mask whole = c.ellipse(P(330, 232), S(150, 108), -18);
    c.fillRadial(whole, P(280, 190), 230, rgb(0xa98152), rgb(0x5e4024));
    cv::RNG rng = seeded(22);
    for (int i = 0; i < 900; ++i) {
        const P p(rng.uniform(170.0, 490.0), rng.uniform(110.0, 360.0));
        const double a = rng.uniform(0.0, 2 * kPi);
        const P q = p + P(std::cos(a), std::sin(a)) * 4.0;
        c.fill(c.line(p, q, 1.2).intersected(whole), i % 2 ? rgb(0xc8a574) : rgb(0x4a3119), 0.35);
    }
    c.shadeEdges(whole, 26, rgb(0x3a2612), 0.5);
    c.highlight(whole, P(262, 178), S(60, 26), -18, 14, 0.28);
    c.fill(c.circle(P(472, 186), 7).intersected(whole), rgb(0x3a2612), 0.8);

    // Cut half in front, face on.
    const P centre(214, 306);
    const Mask skin = c.ellipse(centre, S(134, 126), -8);
    c.fill(skin, rgb(0x6b4b2a));
    c.shadeEdges(skin, 6, rgb(0x3a2612), 0.6);
    const Mask flesh = c.ellipse(centre, S(124, 116), -8);
    c.fillRadial(flesh, centre, 124, rgb(0xd4ef7c), rgb(0x4f961c));
    c.fill(c.ellipse(centre, S(124, 116), -8)
               .subtracted(c.ellipse(centre, S(112, 104), -8))
               .blurred(3),
           rgb(0x3f7f16), 0.5);

    // Pale rays out of the core, as in a real slice.
    for (int i = 0; i < 48; ++i) {
        const double a = i * 2 * kPi / 48 + rng.uniform(-0.04, 0.04);
        const P dir(std::cos(a) * 1.07, std::sin(a));
        c.fill(c.line(centre + dir * 40, centre + dir * rng.uniform(85.0, 102.0), 2.2)
                   .intersected(flesh),
               rgb(0xeaf7b4), 0.35);
    }
    const Mask core = c.ellipse(centre, S(40, 30), -8);
    c.fill(core.blurred(7), rgb(0xf3f4cf), 0.9);
    c.fill(core, rgb(0xf6f5d8), 0.9);

    // Two loose rings of seeds pointing away from the core.
    for (int ring = 0; ring < 2; ++ring) {
        const int count = ring == 0 ? 34 : 28;
        for (int i = 0; i < count; ++i) {
            const double a = (i + 0.5 * ring) * 2 * kPi / count + rng.uniform(-0.06, 0.06);
            const double r = (ring == 0 ? 47.0 : 61.0) + rng.uniform(-3.0, 4.0);
            const P p = centre + P(std::cos(a) * r * 1.07, std::sin(a) * r);
            const double deg = a * 180.0 / kPi;
            c.fill(c.ellipse(p, S(5.4, 2.8), deg), rgb(0x1f1a10));
            c.fill(c.ellipse(p + P(-1, -1), S(1.6, 0.9), deg), rgb(0xffffff), 0.4);
        }
    }
    c.highlight(flesh, P(150, 236), S(50, 22), -35, 12, 0.22);
}

void drawSalmonFillet(Canvas &c)
{
    c.dropShadow(P(262, 378), S(196, 30), 18, 0.3);

    const Points top = translated(
        smoothClosed({P(92, 262), P(150, 214), P(250, 190), P(356, 172), P(420, 186), P(440, 232),
                      P(418, 292), P(334, 322), P(222, 342), P(132, 348), P(86, 314)}),
        0, -22);
    const Mask topFace = c.polygon(top);
    const Mask skin = c.polygon(translated(top, 0, 44)).subtracted(topFace);
    const Mask side = c.polygon(translated(top, 0, 34)).subtracted(topFace);

    c.fillLinear(skin, P(0, 308), rgb(0xa9b3bd), P(0, 370), rgb(0x5d6773));
    c.fillLinear(side, P(0, 278), rgb(0xe0683c), P(0, 358), rgb(0xc25030));

    c.fillLinear(topFace, P(110, 178), rgb(0xffa173), P(430, 308), rgb(0xf26c3c));

    // The white lines are the fat between muscle layers; they arc across the fillet.
    cv::RNG rng = seeded(33);
    for (int i = 0; i < 11; ++i) {
        const double x = 96 + i * 32.0 + rng.uniform(-4.0, 4.0);
        const double bow = 8 + i * 1.5;
        const Points stripe
            = smoothOpen({P(x + 76, 130), P(x + 36 - bow * 0.4, 196), P(x + 14 - bow, 250),
                          P(x + 16 - bow * 0.5, 300), P(x + 44, 360)});
        c.fill(c.polyline(stripe, rng.uniform(3.5, 5.0)).blurred(0.8).intersected(topFace),
               rgb(0xffeadf), 0.85);
        c.fill(c.polyline(translated(stripe, 14, 0), 1.4).intersected(topFace), rgb(0xffc9ad), 0.5);
        c.fill(c.polyline(translated(stripe, 0, 34), 3.5).intersected(side), rgb(0xf7b79a), 0.6);
    }
    // A darker band of muscle along the middle, like the bloodline side.
    c.fill(c.polyline(smoothOpen({P(100, 278), P(220, 268), P(330, 246), P(430, 218)}), 26)
               .blurred(10)
               .intersected(topFace),
           rgb(0xe5582f), 0.35);
    c.shadeEdges(topFace, 16, rgb(0xd9542c), 0.45);
    c.highlight(topFace, P(230, 200), S(110, 16), -10, 10, 0.35);
    c.highlight(topFace, P(330, 184), S(40, 5), -12, 3, 0.45);

    // Lemon slice as garnish, slightly foreshortened.
    const P lemon(404, 334);
    const S axes(64, 48);
    c.dropShadow(lemon + P(4, 16), S(60, 18), 8, 0.22);
    c.fill(c.ellipse(lemon + P(0, 8), axes), rgb(0xd9a420));
    const Mask rind = c.ellipse(lemon, axes);
    c.fill(rind, rgb(0xf5c827));
    c.fill(c.ellipse(lemon, S(axes.width - 6, axes.height - 5)), rgb(0xfff6cf));
    for (int i = 0; i < 10; ++i) {
        const double a0 = i * 36.0 + 4;
        const double a1 = (i + 1) * 36.0 - 4;
        Points wedge{
            lemon
            + P(std::cos((a0 + a1) * kPi / 360.0) * 7, std::sin((a0 + a1) * kPi / 360.0) * 5)};
        const Points rim = arc(lemon, S(axes.width - 12, axes.height - 10), a0, a1, 10);
        wedge.insert(wedge.end(), rim.begin(), rim.end());
        const Mask segment = c.polygon(wedge);
        c.fillRadial(segment, lemon, axes.width, rgb(0xfff07a), rgb(0xffd43b));
    }
    c.highlight(rind, lemon + P(-24, -18), S(22, 8), -20, 5, 0.4);

    // Dill sprig lying in front of the fillet.
    const Points dill = smoothOpen({P(64, 412), P(110, 398), P(160, 392), P(214, 398)});
    c.dropShadow(P(140, 412), S(70, 6), 5, 0.18);
    c.fill(c.polyline(dill, 3), rgb(0x3f7f2a));
    for (size_t i = 3; i + 2 < dill.size(); i += 4) {
        const P p = dill[i];
        for (int k = -1; k <= 1; k += 2) {
            const Points frond = smoothOpen({p, p + P(10, k * 10), p + P(24, k * 14)}, 2);
            c.fill(c.polyline(frond, 1.6), rgb(0x5aa83a));
            for (size_t f = 1; f < frond.size(); f += 2)
                c.fill(c.line(frond[f], frond[f] + P(6, k * 7), 1.2), rgb(0x77bf4f));
        }
    }
}

void drawChileanCherries(Canvas &c)
{
    c.dropShadow(P(262, 432), S(170, 20), 16, 0.32);
    const P knot(300, 92);

    struct Cherry
    {
        P centre;
        double radius;
        P bend;
    };
    const Cherry cherries[] = {
        {P(282, 292), 76, P(312, 190)},
        {P(176, 342), 84, P(218, 200)},
        {P(350, 352), 86, P(352, 210)},
    };
    // Stems first, so each cherry covers the end of its own stem.
    for (const Cherry &ch : cherries) {
        const P top = ch.centre + P(0, -ch.radius * 0.8);
        drawStem(c, {top, ch.bend, knot}, 6, rgb(0x6f8a2a));
    }
    c.fill(c.circle(knot, 7), rgb(0x5b4a22));
    drawLeaf(c, knot, P(430, 128), 72, -16, rgb(0x3c8a2c), rgb(0x8fcb52));

    for (const Cherry &ch : cherries) {
        const Points outline = dimpledRound(ch.centre, ch.radius, -90, 0.1, 0.96);
        const Mask body = c.polygon(outline);
        c.dropShadow(ch.centre + P(0, ch.radius * 0.9), S(ch.radius * 0.8, 10), 8, 0.2);
        shadeBall(c, body, ch.centre, ch.radius, rgb(0xe0323f), rgb(0x5c0612), rgb(0x32020a));
        c.fill(c.circle(ch.centre + P(0, -ch.radius * 0.82), 6).blurred(3), rgb(0x3b0209), 0.7);
        // Reflected light on the shadow side keeps the dark fruit from looking flat.
        c.fill(c.ellipse(ch.centre, S(ch.radius, ch.radius * 0.96))
                   .subtracted(c.ellipse(ch.centre + P(-8, -9), S(ch.radius, ch.radius * 0.96)))
                   .blurred(2)
                   .intersected(body),
               rgb(0xff5a64), 0.35);
        c.highlight(body, ch.centre + P(-ch.radius * 0.4, -ch.radius * 0.36),
                    S(ch.radius * 0.24, ch.radius * 0.13), -35, 3, 0.85);
        c.highlight(body, ch.centre + P(-ch.radius * 0.3, -ch.radius * 0.25),
                    S(ch.radius * 0.45, ch.radius * 0.3), -35, 14, 0.2);
    }
}

void drawWagyuRibeye(Canvas &c)
{
    // Wooden board.
    const Points board = roundedRect(cv::Rect2d(36, 204, 440, 222), 28);
    c.dropShadow(P(256, 444), S(220, 16), 14, 0.3);
    c.fill(c.polygon(translated(board, 0, 14)), rgb(0x8e5c2e));
    const Mask boardTop = c.polygon(board);
    c.fillLinear(boardTop, P(0, 210), rgb(0xd8a466), P(0, 422), rgb(0xc08848));
    cv::RNG rng = seeded(44);
    for (int i = 0; i < 14; ++i) {
        const double y = 220 + i * 15 + rng.uniform(-4.0, 4.0);
        Points grain;
        for (int k = 0; k <= 10; ++k)
            grain.emplace_back(40 + k * 44, y + 4 * std::sin(k * 0.9 + i) + rng.uniform(-1.5, 1.5));
        c.fill(c.polyline(smoothOpen(grain), rng.uniform(1.0, 2.5)).intersected(boardTop),
               rgb(0x9a6533), 0.3);
    }
    c.shadeEdges(boardTop, 10, rgb(0x8e5c2e), 0.4);

    // Steak, with its cut side a little thicker at the front.
    Points outline = smoothClosed({P(112, 262), P(160, 216), P(256, 196), P(350, 198), P(410, 228),
                                   P(424, 282), P(398, 334), P(326, 362), P(236, 368), P(156, 352),
                                   P(108, 312)});
    for (P &p : outline)
        p = P(266, 270) + (p - P(266, 282)) * 1.1;
    c.dropShadow(P(266, 392), S(180, 16), 10, 0.32);
    const Mask meat = c.polygon(outline);
    const Mask side = c.polygon(translated(outline, 0, 22)).subtracted(meat);
    c.fillLinear(side, P(0, 300), rgb(0x9a2a36), P(0, 392), rgb(0x6a1520));
    c.fill(c.noiseLines(45, 40, 2).intersected(side), rgb(0xe9c8bc), 0.45);
    c.fillRadial(meat, P(250, 262), 220, rgb(0xd8404c), rgb(0xa3202e));

    // Marbling: a fine web of fat with flecks in between, which is what
    // makes it wagyu.
    c.fill(c.noiseLines(44, 40, 3.2).blurred(0.6).intersected(meat), rgb(0xf8e2da), 0.9);
    c.fill(c.noiseLines(46, 20, 1.5).intersected(meat), rgb(0xf6d6cf), 0.8);
    for (int i = 0; i < 240; ++i) {
        const P p(rng.uniform(100.0, 430.0), rng.uniform(180.0, 370.0));
        c.fill(
            c.ellipse(p, S(rng.uniform(1.2, 3.2), rng.uniform(0.8, 1.6)), rng.uniform(0.0, 180.0))
                .intersected(meat),
            rgb(0xf6d6cf), 0.6);
    }
    c.shadeEdges(meat, 14, rgb(0x6e1420), 0.35);

    // The fat cap on the outer edge, and the seam between cap and eye.
    const Mask cap
        = meat.subtracted(c.polygon(translated(outline, -12, 18)))
              .intersected(c.polygon({P(60, 120), P(480, 120), P(480, 360), P(60, 220)}));
    c.fillLinear(cap, P(0, 186), rgb(0xfdf6ec), P(0, 300), rgb(0xf1dcc6));
    c.shadeEdges(cap, 4, rgb(0xd9b9a0), 0.5);
    c.fill(
        c.polyline(smoothOpen({P(134, 248), P(220, 230), P(322, 236), P(396, 282), P(410, 330)}), 6)
            .blurred(0.8)
            .intersected(meat),
        rgb(0xf6e4d8), 0.95);
    c.fill(c.ellipse(P(264, 300), S(16, 10), -10).blurred(1), rgb(0xf7e8dc), 0.95);
    c.highlight(meat, P(230, 276), S(90, 14), -8, 14, 0.16);

    // Rosemary sprig and a few peppercorns on the board.
    const Points stem = smoothOpen({P(330, 412), P(380, 396), P(430, 372), P(460, 352)});
    c.fill(c.polyline(stem, 3.2), rgb(0x4d5a2c));
    for (size_t i = 1; i + 1 < stem.size(); i += 2) {
        const P p = stem[i];
        const double side = (i / 2) % 2 ? 1 : -1;
        c.fill(c.polygon(leafShape(p, p + P(10, side * 20), 6.5)), rgb(0x3f6a36));
        c.fill(c.polygon(leafShape(p, p + P(18, -side * 12), 6.0)), rgb(0x56844a));
    }
    const P corns[] = {P(84, 396), P(98, 406), P(110, 392), P(140, 410), P(452, 226)};
    for (const P &p : corns) {
        const Mask corn = c.circle(p, 5.5);
        c.fillRadial(corn, p + P(-2, -2), 7, rgb(0x6b5a4a), rgb(0x231a14));
    }
}

void drawThaiMango(Canvas &c)
{
    c.dropShadow(P(256, 436), S(160, 18), 16, 0.3);

    // Nam Dok Mai is long and slender: a rounded shoulder at the stem, a
    // straighter back and a curved beak at the far end.
    const Points outline = smoothClosed({P(332, 120), P(384, 134), P(414, 176), P(416, 240),
                                         P(392, 310), P(346, 370), P(282, 414), P(212, 436),
                                         P(150, 432), P(118, 410), P(112, 380), P(138, 354),
                                         P(178, 310), P(214, 244), P(252, 170), P(288, 130)});
    const Mask body = c.polygon(outline);
    c.fillRadial(body, P(262, 226), 260, rgb(0xffe35a), rgb(0xf29a1c));
    // A touch of green at the stem, a warm blush on the sunny cheek.
    c.fill(c.ellipse(P(336, 134), S(64, 40), 20).blurred(20).intersected(body), rgb(0xb8c23c), 0.5);
    c.fill(c.ellipse(P(340, 300), S(60, 110), 40).blurred(30).intersected(body), rgb(0xf07a22),
           0.3);
    cv::RNG rng = seeded(55);
    for (int i = 0; i < 70; ++i) {
        const P dot(rng.uniform(110.0, 420.0), rng.uniform(120.0, 436.0));
        c.fill(c.circle(dot, rng.uniform(0.8, 1.5)).intersected(body), rgb(0xc47a1c), 0.4);
    }
    c.shadeEdges(body, 30, rgb(0xbd5a10), 0.5);
    c.highlight(body, P(252, 232), S(26, 84), 28, 16, 0.45);
    c.highlight(body, P(258, 208), S(7, 24), 28, 3, 0.5);

    c.fill(c.ellipse(P(330, 124), S(15, 8), 15), rgb(0x6b4a1e));
    drawStem(c, {P(330, 124), P(334, 104), P(344, 88)}, 7, rgb(0x5a4020));
    drawLeaf(c, P(342, 92), P(478, 66), 50, 12, rgb(0x2c6a2a), rgb(0x6aab46));
    drawLeaf(c, P(340, 94), P(236, 42), 44, -10, rgb(0x2c6a2a), rgb(0x5d9f3e));
}

void drawOliveOil(Canvas &c)
{
    c.dropShadow(P(256, 446), S(98, 14), 12, 0.38);

    const double cx = 256;
    const Points half{P(0, 446),   P(-72, 446), P(-78, 430), P(-78, 236), P(-72, 206),
                      P(-54, 184), P(-30, 166), P(-22, 150), P(-22, 96)};
    Points outline;
    for (const P &p : half)
        outline.emplace_back(cx + p.x, p.y);
    for (auto it = half.rbegin(); it != half.rend(); ++it)
        outline.emplace_back(cx - it->x, it->y);
    outline = smoothClosed(outline, 2);
    const Mask bottle = c.polygon(outline);
    const Mask oil
        = bottle.intersected(c.polygon({P(0, 176), P(512, 168), P(512, 512), P(0, 512)}));
    const Mask air = bottle.subtracted(oil);

    c.fill(air, rgb(0xc4cc8c), 0.9);
    c.fillLinear(oil, P(178, 0), rgb(0x52620e), P(270, 0), rgb(0xb8aa22));
    c.fillLinear(oil.intersected(c.polygon({P(270, 0), P(512, 0), P(512, 512), P(270, 512)})),
                 P(270, 0), rgb(0xb8aa22), P(334, 0), rgb(0x4a5a0c));
    c.fill(c.line(P(176, 172), P(336, 168), 3).intersected(bottle), rgb(0xe6dc6a), 0.6);
    c.shadeEdges(bottle, 14, rgb(0x27300a), 0.55);

    // Label: cream paper with an olive branch and lines standing in for text.
    const Mask label = c.polygon(roundedRect(cv::Rect2d(186, 262, 140, 130), 12));
    c.fillLinear(label, P(186, 0), rgb(0xe9dfbf), P(326, 0), rgb(0xd8cca4));
    c.fillLinear(label, P(186, 0), rgb(0xfbf5e2), P(256, 0), rgb(0xfbf5e2), 0.6);
    c.fill(c.polyline(roundedRect(cv::Rect2d(193, 269, 126, 116), 8), 2, true), rgb(0xa88a3a), 0.8);
    const Points branch = smoothOpen({P(214, 346), P(240, 322), P(272, 306), P(300, 300)});
    c.fill(c.polyline(branch, 2.4), rgb(0x5a6a2a));
    const double leafSide[] = {1, -1, 1, -1, 1};
    for (int i = 0; i < 5; ++i) {
        const P p = branch[size_t(4 + i * 9)];
        const P tip = p + P(8 + i * 2, leafSide[i] * 18);
        drawLeaf(c, p, tip, 9, 0, rgb(0x4e6b22), rgb(0x8aa446));
    }
    const Mask olive1 = c.ellipse(P(244, 348), S(9, 12), -20);
    c.fillRadial(olive1, P(241, 343), 14, rgb(0x9bb23a), rgb(0x56701a));
    const Mask olive2 = c.ellipse(P(262, 340), S(9, 12), 15);
    c.fillRadial(olive2, P(259, 335), 14, rgb(0x5a4a6a), rgb(0x231a2a));
    c.fill(c.line(P(214, 366), P(298, 366), 4), rgb(0x3d4a1c), 0.7);
    c.fill(c.line(P(226, 376), P(286, 376), 2.5), rgb(0x3d4a1c), 0.45);
    c.fill(c.line(P(218, 286), P(294, 286), 5), rgb(0x3d4a1c), 0.75);

    // Glass reflections.
    c.highlight(bottle, P(196, 300), S(5, 110), 0, 3, 0.55);
    c.highlight(bottle, P(204, 200), S(10, 22), 40, 4, 0.35);
    c.highlight(bottle, P(314, 310), S(3, 90), 0, 3, 0.25);

    // Cap with grip ridges.
    c.fill(c.polygon(smoothClosed({P(224, 100), P(288, 100), P(288, 108), P(224, 108)}, 1)),
           rgb(0x8a7a2a));
    const Mask cap = c.polygon(smoothClosed({P(228, 56), P(284, 56), P(288, 100), P(224, 100)}, 2));
    c.fillLinear(cap, P(224, 0), rgb(0x3c4a1a), P(288, 0), rgb(0x141a08));
    for (int i = 0; i < 9; ++i) {
        const double x = 232 + i * 6;
        c.fill(c.line(P(x, 62), P(x, 96), 1.5).intersected(cap), rgb(0x6d7d3a), 0.5);
    }
    c.highlight(cap, P(236, 74), S(4, 16), 0, 2, 0.3);

    // Olives at the foot of the bottle.
    const struct
    {
        P centre;
        double angle;
        unsigned int light;
        unsigned int dark;
    } olives[] = {
        {P(376, 414), -20, 0xa3b83c, 0x55701a},
        {P(420, 426), 25, 0x5e4d70, 0x231a2c},
        {P(398, 440), 80, 0x9db236, 0x4e6816},
    };
    drawLeaf(c, P(380, 418), P(470, 380), 22, -4, rgb(0x4a6a2a), rgb(0x9ab06a));
    drawLeaf(c, P(380, 418), P(350, 372), 20, 4, rgb(0x4a6a2a), rgb(0x9ab06a));
    for (const auto &o : olives) {
        c.dropShadow(o.centre + P(0, 12), S(24, 6), 5, 0.25);
        const Mask m = c.ellipse(o.centre, S(26, 19), o.angle);
        c.fillRadial(m, o.centre + P(-8, -8), 34, rgb(o.light), rgb(o.dark));
        c.highlight(m, o.centre + P(-9, -8), S(7, 4), -30, 2, 0.6);
    }
}

void drawFreshMilk(Canvas &c)
{
    c.dropShadow(P(262, 436), S(130, 16), 14, 0.3);

    const P a(160, 176), b(300, 176), bd(352, 156);
    const double height = 254;
    const Mask front = c.polygon({a, b, b + P(0, height), a + P(0, height)});
    const Mask side = c.polygon({b, bd, bd + P(0, height), b + P(0, height)});
    const P ridgeA(186, 110), ridgeB(326, 100);
    const Mask roof = c.polygon({a, b, ridgeB, ridgeA});
    const Mask gable = c.polygon({b, bd, ridgeB});
    const Mask fin = c.polygon({ridgeA, ridgeB, ridgeB + P(0, -18), ridgeA + P(0, -18)});

    c.fillLinear(front, a, rgb(0xffffff), a + P(0, height), rgb(0xeef2f6));
    c.fillLinear(side, b, rgb(0xd4dfea), bd + P(0, height), rgb(0xb8c8d8));
    c.fillLinear(roof, ridgeA, rgb(0xf7fafc), a, rgb(0xe6edf4));
    c.fill(gable, rgb(0xc3d2e2));
    c.fillLinear(fin, ridgeA, rgb(0xeef3f8), ridgeB, rgb(0xd9e3ee));
    c.fill(c.line(ridgeA, ridgeB, 1.5), rgb(0xa9b9ca), 0.8);
    c.fill(c.circle(P(292, 120), 9).intersected(roof), rgb(0x2f7fd0), 0.9);

    // Waves along the bottom of both faces.
    auto wave
        = [&](double baseY, double amplitude, double phase, double x0, double x1, double slope) {
              Points pts;
              for (int i = 0; i <= 40; ++i) {
                  const double x = x0 + (x1 - x0) * i / 40.0;
                  pts.emplace_back(
                      x, baseY + (x - x0) * slope + amplitude * std::sin((x - 160) / 26.0 + phase));
              }
              pts.emplace_back(x1, 600);
              pts.emplace_back(x0, 600);
              return pts;
          };
    const double sideSlope = (bd.y - b.y) / (bd.x - b.x);
    c.fill(c.polygon(wave(338, 7, 1.0, 160, 300, 0)).intersected(front), rgb(0x8cc2f0));
    c.fill(c.polygon(wave(356, 8, 0.0, 160, 300, 0)).intersected(front), rgb(0x2f7fd0));
    c.fill(c.polygon(wave(338, 7, 1.0 + 140 / 26.0, 300, 352, sideSlope)).intersected(side),
           rgb(0x79abd8));
    c.fill(c.polygon(wave(356, 8, 140 / 26.0, 300, 352, sideSlope)).intersected(side),
           rgb(0x2468ad));

    // A milk drop as the brand mark: a circle with a point on top.
    const P badge(230, 250);
    c.fill(c.circle(badge, 46), rgb(0x2f7fd0));
    c.fill(c.circle(badge, 46).subtracted(c.circle(badge, 41)), rgb(0x8cc2f0));
    const P dropCentre = badge + P(0, 10);
    Points drop = arc(dropCentre, S(19, 19), -60, 240, 40);
    drop.push_back(dropCentre + P(0, -37));
    const Mask dropMask = c.polygon(drop);
    c.fill(dropMask, rgb(0xffffff));
    c.fill(c.circle(dropCentre + P(-7, 4), 4), rgb(0xd6e8f8));
    c.fill(c.line(P(192, 314), P(268, 314), 4.5), rgb(0x2f5f95), 0.75);
    c.fill(c.line(P(204, 326), P(256, 326), 2.5), rgb(0x2f5f95), 0.45);

    c.fill(c.line(b, b + P(0, height), 1.2), rgb(0xa9b9ca), 0.7);
    c.highlight(front, P(172, 260), S(6, 90), 0, 6, 0.35);

    // Glass of milk in front of the carton.
    const P rimC(392, 300), baseC(392, 440);
    c.dropShadow(baseC + P(0, 2), S(50, 9), 6, 0.3);
    const Mask glass
        = c.polygon({rimC + P(-50, 0), rimC + P(50, 0), baseC + P(40, 0), baseC + P(-40, 0)})
              .united(c.ellipse(baseC, S(40, 8)))
              .united(c.ellipse(rimC, S(50, 10)));
    c.fill(glass, rgb(0xe9f2fa), 0.55);
    const Mask milk = c.polygon({P(343, 322), P(441, 322), P(433, 432), P(351, 432)})
                          .united(c.ellipse(P(392, 432), S(41, 8)));
    c.fillLinear(milk, P(344, 0), rgb(0xf1f1ec), P(440, 0), rgb(0xfdfdfb));
    c.shadeEdges(milk, 10, rgb(0xd6dbe0), 0.6);
    c.fill(c.ellipse(P(392, 322), S(49, 9)), rgb(0xffffff));
    c.fill(c.ellipse(P(392, 322), S(49, 9)).subtracted(c.ellipse(P(392, 324), S(47, 8))),
           rgb(0xd9dde2), 0.6);
    c.fill(c.ellipse(rimC, S(50, 10)).subtracted(c.ellipse(rimC, S(47, 8.5))), rgb(0xb4c4d4), 0.8);
    c.highlight(glass, P(352, 372), S(3.5, 50), -3, 2, 0.8);
    c.highlight(glass, P(430, 372), S(2, 40), 3, 2, 0.4);
}

void drawWuchangRice(Canvas &c)
{
    c.dropShadow(P(256, 446), S(170, 18), 14, 0.3);

    const Points outline = smoothClosed(
        {P(132, 426), P(160, 444), P(256, 450), P(352, 444), P(380, 426), P(394, 340), P(386, 240),
         P(346, 184), P(300, 162), P(212, 162), P(166, 184), P(126, 240), P(118, 340)},
        3);
    const Mask sack = c.polygon(outline);
    const Points frill
        = smoothClosed({P(208, 168), P(194, 130), P(206, 104), P(232, 114), P(256, 92), P(280, 112),
                        P(306, 100), P(320, 128), P(304, 168)},
                       2);
    const Mask top = c.polygon(frill);
    c.fillLinear(top, P(0, 96), rgb(0xfbf6ea), P(0, 168), rgb(0xded2b6));
    c.shadeEdges(top, 8, rgb(0xbfae88), 0.5);
    c.fill(c.line(P(232, 116), P(240, 160), 2).intersected(top), rgb(0xc8b894), 0.6);
    c.fill(c.line(P(280, 114), P(272, 160), 2).intersected(top), rgb(0xc8b894), 0.6);

    c.fillRadial(sack, P(220, 260), 260, rgb(0xfbf7ee), rgb(0xe1d4b6));
    // Woven texture, faint enough to read as fabric rather than a grid.
    for (int x = 120; x < 400; x += 6)
        c.fill(c.line(P(x, 150), P(x, 460), 1).intersected(sack), rgb(0xc9b993), 0.14);
    for (int y = 160; y < 460; y += 6)
        c.fill(c.line(P(110, y), P(400, y), 1).intersected(sack), rgb(0xc9b993), 0.1);
    c.fill(c.polyline(smoothOpen({P(170, 190), P(200, 230), P(206, 300)}), 3).intersected(sack),
           rgb(0xcdbd98), 0.5);
    c.fill(c.polyline(smoothOpen({P(342, 190), P(316, 232), P(312, 292)}), 3).intersected(sack),
           rgb(0xcdbd98), 0.5);
    c.shadeEdges(sack, 26, rgb(0xb49f73), 0.55);
    c.highlight(sack, P(176, 300), S(22, 90), 5, 18, 0.35);

    // Twine around the neck.
    const Mask twine = c.ellipse(P(256, 166), S(52, 9));
    c.fillLinear(twine, P(0, 157), rgb(0xb88a50), P(0, 175), rgb(0x7a5428));
    for (int i = 0; i < 12; ++i) {
        const double x = 208 + i * 8.5;
        c.fill(c.line(P(x, 159), P(x + 5, 173), 1.4).intersected(twine), rgb(0x5e3f1c), 0.5);
    }
    drawStem(c, {P(282, 170), P(300, 190), P(306, 216)}, 4, rgb(0x9a6b38));
    drawStem(c, {P(282, 170), P(296, 186), P(288, 212)}, 4, rgb(0x8a5f30));

    // Red label with a golden rice ear.
    const Mask label
        = c.polygon(smoothClosed({P(178, 248), P(334, 248), P(340, 372), P(172, 372)}, 3));
    c.fillLinear(label, P(0, 248), rgb(0xc8303a), P(0, 372), rgb(0x9e1c28));
    c.fill(
        c.polyline(smoothClosed({P(186, 258), P(326, 258), P(331, 362), P(181, 362)}, 3), 2, true),
        rgb(0xe8c15a), 0.85);
    const Points ear = smoothOpen({P(230, 352), P(242, 316), P(262, 290), P(292, 278)});
    c.fill(c.polyline(ear, 2.5), rgb(0xf0cf6a));
    for (size_t i = 6; i < ear.size(); i += 5) {
        const P p = ear[i];
        const P dir = ear[std::min(i + 1, ear.size() - 1)] - ear[i - 1];
        const double deg = std::atan2(dir.y, dir.x) * 180.0 / kPi;
        for (int side = -1; side <= 1; side += 2) {
            const double a = (deg + side * 40) * kPi / 180.0;
            const P g = p + P(std::cos(a), std::sin(a)) * 9;
            c.fill(c.ellipse(g, S(7, 3.6), deg + side * 40), rgb(0xf3d57a));
        }
    }
    c.fill(c.polyline(smoothOpen({P(214, 356), P(256, 350), P(300, 356)}), 3), rgb(0xf0cf6a), 0.6);

    // A little mound of grains spilled in front, back rows first.
    cv::RNG rng = seeded(66);
    struct Grain
    {
        P centre;
        double angle;
    };
    std::vector<Grain> grains;
    for (int i = 0; i < 190; ++i) {
        const double u = rng.uniform(-1.0, 1.0);
        const double v = rng.uniform(0.0, 1.0);
        const double mound = 40 * (1 - u * u);
        grains.push_back({P(256 + u * 150, 462 - v * mound), rng.uniform(0.0, 180.0)});
    }
    std::sort(grains.begin(), grains.end(),
              [](const Grain &a, const Grain &b) { return a.centre.y < b.centre.y; });
    for (const Grain &g : grains) {
        c.fill(c.ellipse(g.centre, S(9.5, 4.6), g.angle), rgb(0xc9bc9c));
        const Mask grain = c.ellipse(g.centre, S(8.5, 3.7), g.angle);
        c.fillRadial(grain, g.centre + P(-2, -2), 10, rgb(0xffffff), rgb(0xece3cc));
    }
}

void drawEmmentalCheese(Canvas &c)
{
    c.dropShadow(P(268, 424), S(190, 22), 16, 0.3);

    const P tip(84, 298), backLeft(332, 168), backRight(432, 252);
    const double height = 120;
    const Mask top = c.polygon({tip, backLeft, backRight});
    const Mask front = c.polygon({tip, backRight, backRight + P(0, height), tip + P(0, height)});

    c.fillLinear(top, tip, rgb(0xffe890), backRight, rgb(0xffd768));
    c.fillLinear(front, tip, rgb(0xf8cf52), backRight + P(0, height), rgb(0xe6ac2e));
    // Rind: the firmer, darker skin on the outside of the wheel.
    c.fill(c.polygon({backLeft, backRight, backRight + P(-8, 4), backLeft + P(-4, 6)})
               .intersected(top),
           rgb(0xe2a434), 0.9);
    c.fill(c.polygon({backRight + P(-10, 0), backRight, backRight + P(0, height),
                      backRight + P(-10, height)})
               .intersected(front),
           rgb(0xd28f22), 0.9);
    c.fill(c.line(tip, backRight, 2), rgb(0xfff3c0), 0.8);

    // Holes: a shaded inner wall, cut through the edge where they cross it.
    auto hole = [&](const Mask &face, P centre, S axes, double wallShift) {
        const Mask h = c.ellipse(centre, axes).intersected(face);
        c.fill(h, rgb(0xd99c2c));
        c.fill(h.subtracted(c.ellipse(centre + P(0, wallShift), axes)), rgb(0xb87818), 0.9);
        c.fill(h.intersected(c.ellipse(centre + P(0, wallShift), axes)).blurred(2), rgb(0xf0c04a),
               0.35);
    };
    hole(top, P(196, 262), S(24, 10), -4);
    hole(top, P(288, 220), S(32, 12), -5);
    hole(top, P(354, 250), S(15, 6), -3);
    hole(top, P(252, 276), S(10, 4), -2);
    hole(front, P(172, 350), S(22, 22), 7);
    hole(front, P(292, 328), S(30, 28), 8);
    hole(front, P(388, 372), S(17, 17), 5);
    hole(front, P(236, 400), S(12, 12), 4);
    hole(front, P(124, 388), S(9, 9), 3);
    hole(front, P(362, 280), S(20, 14), 6);

    c.shadeEdges(top, 10, rgb(0xf0b640), 0.35);
    c.shadeEdges(front, 14, rgb(0xc88a1e), 0.4);
    c.highlight(top, P(200, 238), S(70, 10), -28, 10, 0.3);

    // A small cube cut from the wedge.
    const P cube(436, 420);
    const double s = 30;
    c.dropShadow(cube + P(0, 8), S(40, 8), 6, 0.3);
    const Mask cubeTop = c.polygon(
        {cube + P(-s, -s), cube + P(0, -s - 12), cube + P(s, -s), cube + P(0, -s + 12)});
    const Mask cubeLeft
        = c.polygon({cube + P(-s, -s), cube + P(0, -s + 12), cube + P(0, 12), cube + P(-s, 0)});
    const Mask cubeRight
        = c.polygon({cube + P(0, -s + 12), cube + P(s, -s), cube + P(s, 0), cube + P(0, 12)});
    c.fill(cubeTop, rgb(0xffe68a));
    c.fill(cubeLeft, rgb(0xf6c84e));
    c.fill(cubeRight, rgb(0xe3a92e));
    c.fill(c.ellipse(cube + P(-14, -10), S(6, 6)).intersected(cubeLeft), rgb(0xc4861e));
}

void drawHassAvocado(Canvas &c)
{
    c.dropShadow(P(352, 392), S(110, 16), 14, 0.28);
    c.dropShadow(P(206, 446), S(110, 16), 14, 0.32);

    // Whole fruit behind: dark, pebbly skin.
    const Points wholeOutline = smoothClosed(pearShape(P(336, 286), 96, P(386, 170), 56), 2);
    const Mask whole = c.polygon(wholeOutline);
    c.fillRadial(whole, P(300, 220), 230, rgb(0x4f6e26), rgb(0x1c2c12));
    cv::RNG rng = seeded(77);
    for (int i = 0; i < 700; ++i) {
        const P p(rng.uniform(230.0, 440.0), rng.uniform(110.0, 390.0));
        c.fill(c.circle(p, rng.uniform(1.2, 2.6)).intersected(whole),
               i % 3 ? rgb(0x6d8a3a) : rgb(0x14200c), 0.3);
    }
    c.shadeEdges(whole, 22, rgb(0x0f180a), 0.5);
    c.highlight(whole, P(300, 230), S(26, 56), 20, 14, 0.25);
    c.fill(c.ellipse(P(396, 116), S(10, 6), -20), rgb(0x4a3a1a));

    // Cut half in front.
    const Points halfOutline = smoothClosed(pearShape(P(210, 338), 104, P(184, 214), 62), 2);
    const Mask skin = c.polygon(halfOutline);
    c.fill(skin, rgb(0x2b4116));
    c.fill(skin.subtracted(skin.translated(-3, -3)), rgb(0x1a260e), 0.8);
    const Mask flesh = skin.eroded(7);
    const P pit(208, 340);
    c.fillRadial(flesh, pit, 150, rgb(0xf5ee9c), rgb(0xb9d453));
    c.shadeEdges(flesh, 14, rgb(0x7fae2e), 0.75);
    c.fill(c.circle(pit + P(4, 4), 54).blurred(8).intersected(flesh), rgb(0xc9c76a), 0.5);

    const Mask stone = c.circle(pit, 48);
    c.fillRadial(stone, pit + P(-16, -18), 78, rgb(0xc08a52), rgb(0x5e3416));
    c.shadeEdges(stone, 10, rgb(0x3e200c), 0.4);
    c.highlight(stone, pit + P(-18, -18), S(14, 9), -40, 5, 0.6);
    c.highlight(flesh, P(150, 236), S(18, 40), 20, 12, 0.3);
}

// A strawberry hanging from its calyx at `top`, rotated by angleDeg.
void drawStrawberry(Canvas &c, P top, double width, double height, double angleDeg, cv::RNG &rng)
{
    const double w = width / 2;
    Points outline = smoothClosed(
        {P(-w * 0.2, -height * 0.07), P(-w * 0.78, -height * 0.05), P(-w * 1.04, height * 0.16),
         P(-w * 0.86, height * 0.48), P(-w * 0.42, height * 0.84), P(0, height * 1.04),
         P(w * 0.42, height * 0.84), P(w * 0.86, height * 0.48), P(w * 1.04, height * 0.16),
         P(w * 0.78, -height * 0.05), P(w * 0.2, -height * 0.07)});
    outline = rotated(translated(outline, top.x, top.y), top, angleDeg);
    const Mask body = c.polygon(outline);
    const auto local = [&](double x, double y) {
        return rotated({top + P(x, y)}, top, angleDeg)[0];
    };

    c.dropShadow(local(0, height * 0.9), S(w * 0.9, 12), 10, 0.22);
    c.fillRadial(body, local(-w * 0.4, height * 0.25), height * 1.0, rgb(0xff4a50), rgb(0xa80c1e));
    c.shadeEdges(body, 20, rgb(0x6a0412), 0.5);

    // Seeds sit in little dimples, in staggered rows that narrow to the tip.
    for (int row = 0; row < 9; ++row) {
        const double v = 0.1 + row * 0.095;
        const double halfWidth = w * (0.9 - 0.2 * v - 0.55 * v * v) * (row == 0 ? 0.8 : 1.0);
        const int count = std::max(2, int(halfWidth / 14));
        for (int k = -count; k <= count; ++k) {
            const double u = (k + (row % 2) * 0.5) / (count + 0.5);
            if (std::abs(u) > 1)
                continue;
            const P p = local(u * halfWidth + rng.uniform(-2.5, 2.5),
                              v * height + rng.uniform(-2.5, 2.5));
            const double deg = angleDeg + 90 - u * 25;
            c.fill(c.ellipse(p, S(4.5, 3.2), deg).intersected(body), rgb(0x8c0a18), 0.35);
            c.fill(c.ellipse(p + P(0, -0.8), S(3.2, 1.8), deg).intersected(body), rgb(0xf6d35c));
        }
    }
    c.highlight(body, local(-w * 0.45, height * 0.2), S(w * 0.18, height * 0.22), angleDeg + 20, 8,
                0.35);

    // Calyx: a star of pointed sepals, then the stalk.
    for (int i = 0; i < 7; ++i) {
        const double a = (180 + i * 30 + rng.uniform(-6.0, 6.0)) * kPi / 180.0;
        const P tip = local(std::cos(a) * w * 0.75,
                            -std::sin(a) * height * 0.08 + 18 + std::abs(std::cos(a)) * 6);
        drawLeaf(c, local(0, -4), tip, 22, rng.uniform(-6.0, 6.0), rgb(0x2f7a26), rgb(0x6dbb45));
    }
    drawStem(c, {local(0, -2), local(2, -22), local(8, -38)}, 6, rgb(0x4a8a2a));
}

void drawStrawberries(Canvas &c)
{
    cv::RNG rng = seeded(88);
    drawStrawberry(c, P(168, 176), 150, 176, 18, rng);
    drawStrawberry(c, P(350, 170), 156, 182, -14, rng);
    drawStrawberry(c, P(262, 236), 176, 200, 2, rng);
}

void drawPlaceholder(Canvas &c)
{
    // Thick OpenCV lines have round joins, so a plain trapezoid gets soft corners.
    const cv::Scalar ink = rgb(0x8a97a8);
    const Points bag{P(170, 208), P(342, 208), P(360, 402), P(152, 402)};
    c.fill(c.polygon(bag), rgb(0xe8edf2), 0.55);
    c.fill(c.polyline(bag, 12, true), ink);
    c.fill(c.polyline(arc(P(256, 208), S(44, 58), 180, 360, 48), 11), ink);
}

} // namespace

const std::vector<Artwork> &artworks()
{
    static const std::vector<Artwork> table{
        {"fuji-apples", rgb(0xfdf3ea), rgb(0xf3d7c8), drawFujiApples},
        {"kiwifruit", rgb(0xf5f8e8), rgb(0xdbe8c4), drawKiwifruit},
        {"salmon-fillet", rgb(0xf0f6fa), rgb(0xcddfea), drawSalmonFillet},
        {"chilean-cherries", rgb(0xfdf1f1), rgb(0xf2ccd2), drawChileanCherries},
        {"wagyu-ribeye", rgb(0xf6efe8), rgb(0xe3d3c3), drawWagyuRibeye},
        {"thai-mango", rgb(0xfffaea), rgb(0xf9e0b4), drawThaiMango},
        {"olive-oil", rgb(0xf4f5e9), rgb(0xd9ddc0), drawOliveOil},
        {"fresh-milk", rgb(0xeff7fd), rgb(0xcde2f3), drawFreshMilk},
        {"wuchang-rice", rgb(0xfaf5e8), rgb(0xeadbb8), drawWuchangRice},
        {"emmental-cheese", rgb(0xf0f3f8), rgb(0xd3dce7), drawEmmentalCheese},
        {"hass-avocado", rgb(0xf1f7ec), rgb(0xd2e5c4), drawHassAvocado},
        {"strawberries", rgb(0xfff3ef), rgb(0xf7d2cb), drawStrawberries},
        {"placeholder", rgb(0xe4e9ef), rgb(0xc5cfda), drawPlaceholder},
    };
    return table;
}

cv::Mat render(const Artwork &artwork)
{
    Canvas canvas(kArtworkSize, artwork.backgroundTop, artwork.backgroundBottom);
    artwork.draw(canvas);
    return canvas.toImage();
}

} // namespace productart
