#pragma once

#include <opencv2/barcode.hpp>
#include <opencv2/core.hpp>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace shelf::vision {

// One barcode read in a frame, its check digit verified.
struct BarcodeRead
{
    enum class Symbology { Ean13, Ean8, UpcA };
    Symbology symbology = Symbology::Ean13;
    std::string code; // EAN-13 form ("0" + 12 digits for a UPC-A), or the 8 digits of an EAN-8
    std::string upcA; // the 12-digit form of a UPC-A symbol, else empty
    std::vector<cv::Point2f> corners; // the symbol's outline in frame pixels
};

// Reads EAN-13, EAN-8 and UPC-A symbols with OpenCV's barcode module.
// OpenCV 4.6's locator misses large symbols and often frames a symbol too tightly to decode, so
// it also runs on a half-size copy and each box is decoded again widened along its bars' axis.
class BarcodeReader
{
public:
    std::vector<BarcodeRead> read(const cv::Mat &image) const;

    // True when digits are 8, 12 or 13 digits whose last is the GS1 check digit of the others.
    static bool hasValidCheckDigit(const std::string &digits);

private:
    std::optional<BarcodeRead> decodeBox(const cv::Mat &grey,
                                         const std::vector<cv::Point2f> &box) const;

    cv::barcode::BarcodeDetector m_detector;
};

// A product recognised from its packaging.
struct PackagingMatch
{
    std::string sku;
    int inliers = 0;
    int runnerUpInliers = 0; // the strongest other product claiming the same place in the frame
    cv::Mat homography; // reference image pixels to frame pixels, CV_64F 3x3
    std::vector<cv::Point2f> quad; // the reference image's outline in the frame
};

// Recognises products from their packaging: ORB features of reference images matched to a frame
// with Lowe's ratio test, then a RANSAC homography per reference. A product is accepted only with
// enough inliers, a plausible outline and a clear lead over any other product fitted to the same
// place, so clutter and a neighbouring product do not match.
class PackagingMatcher
{
public:
    struct Params
    {
        int referenceSize = 400; // long side of a reference, in pixels, once downscaled
        int frameSize = 640; // long side a frame is downscaled to before matching
        int referenceFeatures = 1000;
        int frameFeatures = 2000;
        int fastThreshold = 8; // below ORB's 20: printed packaging art is smooth
        float ratio = 0.75f; // Lowe's ratio test
        double ransacThreshold = 5.0; // reprojection error in working frame pixels
        int minInliers = 18;
        double margin = 1.5; // inliers over the runner-up claiming the same place
    };

    explicit PackagingMatcher(Params params);
    PackagingMatcher()
        : PackagingMatcher(Params{})
    { }

    // A product may have several references (front, back, an older design).
    // False, and nothing added, for a picture too small, too thin or too plain to match by.
    bool addReference(std::string sku, const cv::Mat &image);
    std::size_t referenceCount() const { return m_references.size(); }
    const Params &params() const { return m_params; }

    // The best product in view, if one is recognised.
    std::optional<PackagingMatch> match(const cv::Mat &frame) const;
    // Every product recognised, in separate places, the most inliers first.
    std::vector<PackagingMatch> matchAll(const cv::Mat &frame) const;

private:
    struct Reference
    {
        std::string sku;
        cv::Size size; // of the image as given
        double scale = 1.0; // working pixels per given pixel
        std::vector<cv::KeyPoint> keypoints; // in working pixels
        cv::Mat descriptors;
    };
    struct Candidate
    {
        PackagingMatch match;
        bool plausible = false;
    };
    Candidate fit(const Reference &reference, const std::vector<cv::KeyPoint> &frameKeypoints,
                  const cv::Mat &frameDescriptors, double frameScale, cv::Size frameSize) const;
    bool plausibleQuad(const std::vector<cv::Point2f> &quad, cv::Size frameSize) const;

    Params m_params;
    std::vector<Reference> m_references;
};

// What a product held up to the camera was identified as.
struct Identification
{
    enum class Source { Barcode, Packaging };
    std::string code; // the barcode read (EAN-13 form); empty when recognised from packaging
    std::string sku; // empty when a barcode was read that the catalog does not know
    Source source = Source::Barcode;
    double confidence = 0.0; // 0..1
    std::vector<cv::Point2f> quad; // where in the frame
};

// Identifies a product held up to the camera: by barcode first, by packaging second.
// Each call costs tens of milliseconds, so the caller runs it at a reduced rate or on demand,
// never on every captured frame.
class ProductIdentifier
{
public:
    // Barcode (EAN-13, EAN-8 or 12-digit UPC-A) to sku.
    using Catalog = std::unordered_map<std::string, std::string>;

    explicit ProductIdentifier(Catalog catalog,
                               PackagingMatcher::Params params = PackagingMatcher::Params());

    bool addReference(std::string sku, const cv::Mat &image);
    std::optional<Identification> identify(const cv::Mat &frame) const;

    // The sku a read barcode stands for, trying its EAN-13 and its UPC-A form.
    std::optional<std::string> skuFor(const BarcodeRead &read) const;

    const BarcodeReader &barcodes() const { return m_barcodes; }
    const PackagingMatcher &packaging() const { return m_packaging; }

private:
    Catalog m_catalog;
    BarcodeReader m_barcodes;
    PackagingMatcher m_packaging;
};

} // namespace shelf::vision
