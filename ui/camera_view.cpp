#include "camera_view.h"

#include <QPainter>

namespace shelf {

CameraView::CameraView(QQuickItem *parent)
    : QQuickPaintedItem(parent)
{ }

void CameraView::setFrame(const QImage &frame)
{
    // Frames are new images each time (implicitly shared, never mutated), so no compare is needed.
    m_frame = frame;
    Q_EMIT frameChanged();
    update();
}

void CameraView::paint(QPainter *painter)
{
    if (m_frame.isNull())
        return;
    const QSizeF fitted = m_frame.size().scaled(size().toSize(), Qt::KeepAspectRatio);
    const QRectF target(QPointF((width() - fitted.width()) / 2, (height() - fitted.height()) / 2),
                        fitted);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    painter->drawImage(target, m_frame);
}

} // namespace shelf
