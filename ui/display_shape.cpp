#include "display_shape.h"

#include <algorithm>

namespace shelf {

DisplayShape::DisplayShape(QObject *parent)
    : QObject(parent)
{ }

DisplayShape::Shape DisplayShape::shapeOf(qreal width, qreal height)
{
    if (width / std::max<qreal>(1, height) > 2.4)
        return Shape::Bar;
    return height > width ? Shape::Portrait : Shape::Wide;
}

void DisplayShape::setWidth(qreal width)
{
    if (width == m_width)
        return;
    m_width = width;
    Q_EMIT widthChanged();
    update();
}

void DisplayShape::setHeight(qreal height)
{
    if (height == m_height)
        return;
    m_height = height;
    Q_EMIT heightChanged();
    update();
}

void DisplayShape::update()
{
    const Shape shape = shapeOf(m_width, m_height);
    if (shape == m_shape)
        return;
    m_shape = shape;
    Q_EMIT shapeChanged();
}

} // namespace shelf
