#pragma once

#include <QHash>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QVector>

#include <opencv2/core.hpp>

#include <atomic>
#include <memory>

namespace shelf::vision {
class ProductIdentifier;
}

namespace shelf {

// A frame handed to identification: its own pixels, never a view into the capture buffer.
struct IdentificationFrame
{
    cv::Mat image;
    qint64 index = 0;
};

// Identifies products held up to the camera (barcode first, packaging second) on a thread of its
// own, at a reduced rate: the vision thread offers a frame only when this one is idle, so the
// capture never waits and frames never queue up. Products standing in their slots are not
// "held up", however well they are recognised.
class IdentificationWorker : public QObject
{
    Q_OBJECT
public:
    // slotPolygons: where products stand on the shelf, in camera pixels.
    explicit IdentificationWorker(std::vector<std::vector<cv::Point2f>> slotPolygons,
                                  QObject *parent = nullptr);
    ~IdentificationWorker() override;

    // Thread-safe: whether a new frame would be taken now.
    bool isIdle() const { return !m_busy; }
    // Thread-safe: marks the worker busy before a frame is sent to it.
    bool claim() { return !m_busy.exchange(true); }

public Q_SLOTS:
    // Product pictures to recognise packaging by: sku -> image file (":" paths are resources).
    void setReferences(const QHash<QString, QString> &imagesBySku);
    // The operator moved, added or removed slots.
    void setSlotPolygons(const std::vector<std::vector<cv::Point2f>> &slotPolygons);
    void identify(const shelf::IdentificationFrame &frame);

Q_SIGNALS:
    // code: the barcode read, or the sku for packaging; the catalog resolves both.
    void identified(const QString &code, const QString &source, double confidence);

private:
    std::vector<std::vector<cv::Point2f>> m_slotPolygons;
    std::unique_ptr<vision::ProductIdentifier> m_identifier;
    std::atomic_bool m_busy{false};
    QString m_lastCode;
    qint64 m_lastFrame = -1000;
};

} // namespace shelf

Q_DECLARE_METATYPE(shelf::IdentificationFrame)
