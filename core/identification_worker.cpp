#include "identification_worker.h"

#include "picture_file.h"

#include <product_identifier.h>

#include <QImage>
#include <QLoggingCategory>

#include <opencv2/imgproc.hpp>

Q_LOGGING_CATEGORY(lcIdentify, "shelf.vision.identify")

namespace shelf {

namespace {

// How much of the found product's outline lies inside slots: a product on the shelf is there.
double shareInSlots(const std::vector<cv::Point2f> &quad,
                    const std::vector<std::vector<cv::Point2f>> &slots)
{
    const double area = std::abs(cv::contourArea(quad));
    if (area < 1 || quad.size() < 3)
        return 1.0;
    std::vector<cv::Point2f> hull;
    cv::convexHull(quad, hull);
    double inside = 0;
    for (const auto &slot : slots) {
        std::vector<cv::Point2f> slotHull, overlap;
        cv::convexHull(slot, slotHull);
        inside += std::max(0.0, double(cv::intersectConvexConvex(hull, slotHull, overlap)));
    }
    return std::min(1.0, inside / area);
}

// The same product seen again this soon is the same shopper still holding it.
constexpr qint64 repeatAfterFrames = 75;

} // namespace

IdentificationWorker::IdentificationWorker(std::vector<std::vector<cv::Point2f>> slotPolygons,
                                           QObject *parent)
    : QObject(parent)
    , m_slotPolygons(std::move(slotPolygons))
    , m_identifier(
          std::make_unique<vision::ProductIdentifier>(vision::ProductIdentifier::Catalog{}))
{
    qRegisterMetaType<IdentificationFrame>();
}

void IdentificationWorker::setSlotPolygons(
    const std::vector<std::vector<cv::Point2f>> &slotPolygons)
{
    m_slotPolygons = slotPolygons;
}

IdentificationWorker::~IdentificationWorker() = default;

void IdentificationWorker::setReferences(const QHash<QString, QString> &imagesBySku)
{
    // Rebuilt whole: references are few and change only with the catalog.
    auto identifier
        = std::make_unique<vision::ProductIdentifier>(vision::ProductIdentifier::Catalog{});
    int loaded = 0;
    for (auto it = imagesBySku.cbegin(); it != imagesBySku.cend(); ++it) {
        // A picture from the feed is outside input: bounded, checked before decoding, and one
        // that cannot serve costs its product the packaging recognition, nothing more.
        const LoadedPicture picture = loadPictureFile(it.value());
        if (!picture.error.isEmpty()) {
            qCWarning(lcIdentify).noquote()
                << picture.error << "- product" << it.key() << "will be known by barcode only";
            continue;
        }
        const QImage rgb = picture.image.convertToFormat(QImage::Format_RGB888);
        cv::Mat bgr;
        cv::cvtColor(cv::Mat(rgb.height(), rgb.width(), CV_8UC3,
                             const_cast<uchar *>(rgb.constBits()), size_t(rgb.bytesPerLine())),
                     bgr, cv::COLOR_RGB2BGR);
        try {
            if (!identifier->addReference(it.key().toStdString(), bgr)) {
                qCWarning(lcIdentify).noquote()
                    << it.value() << ": too small or too plain to recognise; product" << it.key()
                    << "will be known by barcode only";
                continue;
            }
        } catch (const cv::Exception &error) {
            qCWarning(lcIdentify).noquote()
                << it.value() << ": cannot be used as a reference (" << error.what() << "); product"
                << it.key() << "will be known by barcode only";
            continue;
        }
        ++loaded;
    }
    m_identifier = std::move(identifier);
    qCInfo(lcIdentify) << "recognising" << loaded << "products by their packaging";
}

void IdentificationWorker::identify(const IdentificationFrame &frame)
{
    const std::optional<vision::Identification> found = m_identifier->identify(frame.image);
    m_busy = false;
    if (!found)
        return;
    const QString code = QString::fromStdString(found->code.empty() ? found->sku : found->code);
    if (shareInSlots(found->quad, m_slotPolygons) > 0.3)
        return; // a product standing in its slot, not one held up
    // Held up for a while, it is seen on every look: one scan, until it has been out of sight.
    const bool stillHeld = code == m_lastCode && frame.index - m_lastFrame < repeatAfterFrames;
    m_lastCode = code;
    m_lastFrame = frame.index;
    if (stillHeld)
        return;
    const QString source = found->source == vision::Identification::Source::Barcode
        ? QStringLiteral("camera-barcode")
        : QStringLiteral("camera-packaging");
    Q_EMIT identified(code, source, found->confidence);
}

} // namespace shelf
