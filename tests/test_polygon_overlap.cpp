// Slot outlines, convex or not: their triangles, and the area two of them share.
#include <polygon_overlap.h>

#include <gtest/gtest.h>

#include <cmath>

using namespace shelf::vision;

namespace {

using Polygon = std::vector<cv::Point2d>;

double shared(const Polygon &a, const Polygon &b)
{
    long budget = 1'000'000;
    const auto ta = triangulate(a);
    const auto tb = triangulate(b);
    EXPECT_TRUE(ta && tb);
    if (!ta || !tb)
        return -1;
    // enough: never stop early, so the whole area is measured.
    return sharedArea(*ta, *tb, 1e300, budget).value_or(-1);
}

Polygon square(double x, double y, double side)
{
    return {{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}};
}

// An L of arm width 10 in a 40 x 40 box at (x, y); clockwise or not.
Polygon ell(double x, double y, bool reversed = false)
{
    Polygon l
        = {{x, y}, {x + 40, y}, {x + 40, y + 10}, {x + 10, y + 10}, {x + 10, y + 40}, {x, y + 40}};
    if (reversed)
        std::reverse(l.begin(), l.end());
    return l;
}

} // namespace

TEST(PolygonOverlap, TrianglesCoverTheOutlineExactly)
{
    for (const bool reversed : {false, true}) {
        const auto l = triangulate(ell(5, 5, reversed));
        ASSERT_TRUE(l);
        EXPECT_EQ(l->triangles.size(), 4u);
        EXPECT_DOUBLE_EQ(l->area, 40 * 10 + 30 * 10);
        double sum = 0;
        for (const auto &t : l->triangles)
            sum += std::abs((t[1] - t[0]).cross(t[2] - t[0])) / 2;
        EXPECT_DOUBLE_EQ(sum, l->area);
    }
    // A comb: many reflex corners.
    Polygon comb = {{0, 0}, {100, 0}, {100, 50}};
    for (int tooth = 9; tooth >= 0; --tooth) {
        comb.push_back({tooth * 10.0 + 8, 50});
        comb.push_back({tooth * 10.0 + 8, 10});
        comb.push_back({tooth * 10.0 + 2, 10});
        comb.push_back({tooth * 10.0 + 2, 50});
    }
    comb.push_back({0, 50});
    const auto teeth = triangulate(comb);
    ASSERT_TRUE(teeth);
    EXPECT_DOUBLE_EQ(teeth->area, 100 * 50 - 10 * 6 * 40);
}

TEST(PolygonOverlap, SharedAreaIsExactAndTouchingSharesNothing)
{
    EXPECT_DOUBLE_EQ(shared(square(0, 0, 20), square(10, 10, 20)), 100);
    EXPECT_DOUBLE_EQ(shared(square(0, 0, 20), square(5, 5, 5)), 25);
    EXPECT_DOUBLE_EQ(shared(square(0, 0, 20), square(20, 0, 20)), 0);
    EXPECT_DOUBLE_EQ(shared(square(0, 0, 20), square(20, 20, 20)), 0);
    // A square in the L's notch touches both arms and shares nothing; moved in, it shares.
    EXPECT_DOUBLE_EQ(shared(ell(0, 0), square(10, 10, 30)), 0);
    EXPECT_DOUBLE_EQ(shared(ell(0, 0, true), square(8, 10, 30)), 2 * 30);
    EXPECT_DOUBLE_EQ(shared(ell(0, 0), ell(0, 0, true)), 700);
}

TEST(PolygonOverlap, OutlinesThatCrossThemselvesOrAreFlatHaveNoTriangles)
{
    const Polygon bowtie = {{0, 0}, {10, 10}, {10, 0}, {0, 10}};
    EXPECT_TRUE(crossesItself(bowtie));
    EXPECT_FALSE(triangulate(bowtie));
    // Two corners on one spot, away from each other in the list: a figure eight.
    const Polygon pinched = {{0, 0}, {10, 0}, {5, 5}, {10, 10}, {0, 10}, {5, 5}};
    EXPECT_TRUE(crossesItself(pinched));
    const Polygon line = {{0, 0}, {5, 5}, {10, 10}};
    EXPECT_TRUE(isFlat(line));
    EXPECT_FALSE(triangulate(line));
    EXPECT_FALSE(crossesItself(ell(0, 0)));
    EXPECT_FALSE(isFlat(ell(0, 0)));
    // A corner repeated right after itself is one corner.
    EXPECT_TRUE(triangulate({{0, 0}, {10, 0}, {10, 0}, {10, 10}}));
}

TEST(PolygonOverlap, TheBudgetBoundsTheWork)
{
    const auto a = triangulate(ell(0, 0));
    const auto b = triangulate(ell(0, 0, true));
    ASSERT_TRUE(a && b);
    long budget = 3;
    EXPECT_FALSE(sharedArea(*a, *b, 1e300, budget));
    // Asked only whether any area is shared, it stops at the first pair of triangles sharing
    // some: well short of the 700 the two share in all.
    budget = 100;
    const std::optional<double> some = sharedArea(*a, *b, 0, budget);
    ASSERT_TRUE(some);
    EXPECT_GT(*some, 0);
    EXPECT_LT(*some, 700);
}
