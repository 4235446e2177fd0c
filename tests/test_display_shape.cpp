// The display's shape from its size: where a wide screen ends and a shelf-edge bar or a portrait
// panel begins.
#include <display_shape.h>

#include <QSignalSpy>

#include <gtest/gtest.h>

using shelf::DisplayShape;
using Shape = DisplayShape::Shape;

TEST(DisplayShape, TheDisplaysOfTheShelfHaveTheirShape)
{
    EXPECT_EQ(DisplayShape::shapeOf(1920, 1080), Shape::Wide);
    EXPECT_EQ(DisplayShape::shapeOf(1280, 800), Shape::Wide);
    EXPECT_EQ(DisplayShape::shapeOf(1920, 540), Shape::Bar);
    EXPECT_EQ(DisplayShape::shapeOf(1920, 360), Shape::Bar);
    EXPECT_EQ(DisplayShape::shapeOf(1080, 1920), Shape::Portrait);
    EXPECT_EQ(DisplayShape::shapeOf(768, 1366), Shape::Portrait);
}

TEST(DisplayShape, ABarIsMoreThan2Point4TimesAsWideAsTallAndASquareIsWide)
{
    EXPECT_EQ(DisplayShape::shapeOf(1920, 800), Shape::Wide); // 2.4 exactly
    EXPECT_EQ(DisplayShape::shapeOf(1921, 800), Shape::Bar);
    EXPECT_EQ(DisplayShape::shapeOf(1080, 1080), Shape::Wide);
    EXPECT_EQ(DisplayShape::shapeOf(1080, 1081), Shape::Portrait);
    // Before the window has a size: a window of no height is a bar, of no size at all wide.
    EXPECT_EQ(DisplayShape::shapeOf(0, 0), Shape::Wide);
    EXPECT_EQ(DisplayShape::shapeOf(640, 0), Shape::Bar);
}

TEST(DisplayShape, FollowsTheWindowAndSaysSoOnlyWhenTheShapeChanges)
{
    DisplayShape shape;
    QSignalSpy changed(&shape, &DisplayShape::shapeChanged);
    shape.setWidth(1920);
    shape.setHeight(1080);
    EXPECT_EQ(shape.shape(), Shape::Wide);
    shape.setHeight(1000); // still wide
    EXPECT_EQ(shape.shape(), Shape::Wide);
    shape.setHeight(540);
    EXPECT_EQ(shape.shape(), Shape::Bar);
    shape.setWidth(1080); // turned to portrait: wide on the way
    shape.setHeight(1920);
    EXPECT_EQ(shape.shape(), Shape::Portrait);
    // width 1920: bar (height 0); height 1080: wide; 540: bar; width 1080: wide; 1920: portrait.
    EXPECT_EQ(changed.count(), 5);
}
