#pragma once

#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace shelf {

// The shape of the display, decided from its size: a wide screen, a shelf-edge bar or a portrait
// panel. The screens lay their parts out by it; Main.qml keeps one, bound to the window's size.
class DisplayShape : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(qreal width READ width WRITE setWidth NOTIFY widthChanged FINAL)
    Q_PROPERTY(qreal height READ height WRITE setHeight NOTIFY heightChanged FINAL)
    Q_PROPERTY(Shape shape READ shape NOTIFY shapeChanged FINAL)

public:
    enum class Shape { Wide, Bar, Portrait };
    Q_ENUM(Shape)

    explicit DisplayShape(QObject *parent = nullptr);

    // More than 2.4 times as wide as tall is a bar (1920x540, 1920x360); taller than wide is
    // portrait; anything else, square included, is wide.
    static Shape shapeOf(qreal width, qreal height);

    qreal width() const { return m_width; }
    void setWidth(qreal width);
    qreal height() const { return m_height; }
    void setHeight(qreal height);
    Shape shape() const { return m_shape; }

Q_SIGNALS:
    void widthChanged();
    void heightChanged();
    void shapeChanged();

private:
    void update();

    qreal m_width = 0;
    qreal m_height = 0;
    Shape m_shape = Shape::Wide;
};

} // namespace shelf
