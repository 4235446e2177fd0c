#pragma once

#include <QImage>
#include <QQuickPaintedItem>
#include <QtQml/qqmlregistration.h>

namespace shelf {

// Shows the annotated camera frame of the operator's debug view, scaled to fit.
class CameraView : public QQuickPaintedItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QImage frame READ frame WRITE setFrame NOTIFY frameChanged FINAL)
public:
    explicit CameraView(QQuickItem *parent = nullptr);
    QImage frame() const { return m_frame; }
    void setFrame(const QImage &frame);
    void paint(QPainter *painter) override;

Q_SIGNALS:
    void frameChanged();

private:
    QImage m_frame;
};

} // namespace shelf
