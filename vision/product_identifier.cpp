#include "product_identifier.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace shelf::vision {

namespace {

cv::Mat toGrey(const cv::Mat &image)
{
    cv::Mat grey;
    if (image.channels() == 3)
        cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
    else if (image.channels() == 4)
        cv::cvtColor(image, grey, cv::COLOR_BGRA2GRAY);
    else
        grey = image;
    return grey;
}

bool allDigits(const std::string &s)
{
    return !s.empty()
        && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The box stretched by `factor` of its length on both ends of the axis from corner a to corner b.
std::vector<cv::Point2f> widened(const std::vector<cv::Point2f> &box, int a, int b, float factor,
                                 cv::Size bounds)
{
    const cv::Point2f along = (box[b] - box[a]) * factor;
    std::vector<cv::Point2f> out = box;
    // Corners 0,1 and 2,3 (bottomLeft, topLeft / topRight, bottomRight) or 0,3 and 1,2 lie on
    // the same end, depending on which axis is stretched.
    for (int i = 0; i < 4; ++i) {
        const bool atB = (a == 1 && b == 2) ? (i == 2 || i == 3) : (i == 0 || i == 3);
        out[i] += atB ? along : -along;
        out[i].x = std::clamp(out[i].x, 0.f, float(bounds.width - 1));
        out[i].y = std::clamp(out[i].y, 0.f, float(bounds.height - 1));
    }
    return out;
}

double quadArea(const std::vector<cv::Point2f> &quad)
{
    return std::abs(cv::contourArea(quad));
}

// Intersection over the smaller area, for two convex quads.
double overlap(const std::vector<cv::Point2f> &a, const std::vector<cv::Point2f> &b)
{
    std::vector<cv::Point2f> common;
    const double shared = cv::intersectConvexConvex(a, b, common, true);
    const double smaller = std::min(quadArea(a), quadArea(b));
    return smaller > 0 ? shared / smaller : 0.0;
}

// The modules of an EAN-13 (or UPC-A as "0" + 12 digits) or EAN-8 symbol from guard to guard,
// '1' for a bar, from the GS1 L, G and R tables.
std::string upceanModules(const std::string &digits)
{
    static const char *const lCodes[10] = {"0001101", "0011001", "0010011", "0111101", "0100011",
                                           "0110001", "0101111", "0111011", "0110111", "0001011"};
    static const char *const parities[10] = {"LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
                                             "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"};
    auto l = [](char d) {
        return std::string(lCodes[d - '0']);
    };
    auto r = [&](char d) {
        std::string code = l(d);
        for (char &m : code)
            m = m == '1' ? '0' : '1';
        return code;
    };
    auto g = [&](char d) {
        const std::string code = r(d);
        return std::string(code.rbegin(), code.rend());
    };
    std::string out = "101";
    if (digits.size() == 8) {
        for (int i = 0; i < 4; ++i)
            out += l(digits[std::size_t(i)]);
        out += "01010";
        for (int i = 4; i < 8; ++i)
            out += r(digits[std::size_t(i)]);
        return out + "101";
    }
    const std::string ean13 = digits.size() == 12 ? "0" + digits : digits;
    const char *parity = parities[ean13[0] - '0'];
    for (int i = 1; i <= 6; ++i)
        out += parity[i - 1] == 'L' ? l(ean13[std::size_t(i)]) : g(ean13[std::size_t(i)]);
    out += "01010";
    for (int i = 7; i <= 12; ++i)
        out += r(ean13[std::size_t(i)]);
    return out + "101";
}

// Run lengths of a module string, first run a bar.
std::vector<int> runsOf(const std::string &modules)
{
    std::vector<int> runs;
    for (std::size_t i = 0; i < modules.size(); ++i) {
        if (i == 0 || modules[i] != modules[i - 1])
            runs.push_back(0);
        ++runs.back();
    }
    return runs;
}

// Whether the grey profile across `box` (corners 0-1-2-3 as OpenCV's barcode module gives them)
// along the axis from corner a to corner b shows exactly `expected` bar and space widths, with
// a quiet zone on both sides. OpenCV 4.6 returns check-digit-valid codes read from part of a
// symbol (an EAN-8 inside an EAN-13, a shifted EAN-13); those fail here.
bool barsMatch(const cv::Mat &grey, const std::vector<cv::Point2f> &box, int a, int b,
               const std::vector<int> &expected)
{
    const cv::Point2f along = box[b] - box[a];
    const cv::Point2f across = box[a == 1 && b == 2 ? 0 : 2] - box[1];
    const float length = float(cv::norm(along));
    if (length < 20.f)
        return false;
    // Half-pixel steps along the axis, over the box and 60 % of its length beyond each end (the
    // locator's box may cut the symbol short); nine lines across its middle, averaged.
    const int samples = int(2.2f * length * 2);
    const int lines = 9;
    cv::Mat mapX(lines, samples, CV_32F), mapY(lines, samples, CV_32F);
    const cv::Point2f start = box[1] - along * 0.6f;
    for (int row = 0; row < lines; ++row) {
        const cv::Point2f offset = across * (0.2f + 0.6f * row / float(lines - 1));
        for (int col = 0; col < samples; ++col) {
            const cv::Point2f p = start + offset + along * (col / (2.f * length));
            mapX.at<float>(row, col) = p.x;
            mapY.at<float>(row, col) = p.y;
        }
    }
    cv::Mat strip, profile;
    // Outside the frame counts as dark, so a symbol cut by the frame's edge has no quiet zone.
    cv::remap(grey, strip, mapX, mapY, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::reduce(strip, profile, 0, cv::REDUCE_AVG, CV_32F);

    std::vector<float> values(profile.begin<float>(), profile.end<float>());
    std::vector<float> sorted(values.begin() + samples / 4, values.end() - samples / 4);
    std::sort(sorted.begin(), sorted.end());
    const float globalThreshold
        = 0.5f * (sorted[sorted.size() / 10] + sorted[sorted.size() - 1 - sorted.size() / 10]);
    // Blur lowers the contrast of one-module spaces most: half the threshold follows the local
    // mean over about seven modules (the box is about one symbol long).
    const int modules = std::accumulate(expected.begin(), expected.end(), 0);
    cv::Mat local;
    const int window = std::max(3, int(2 * 7 * length / modules) | 1);
    cv::blur(profile, local, cv::Size(window, 1), cv::Point(-1, -1), cv::BORDER_REPLICATE);

    struct Run
    {
        bool dark;
        int length;
    };
    std::vector<Run> runs;
    for (int i = 0; i < samples; ++i) {
        const bool dark = values[std::size_t(i)] < 0.5f * (globalThreshold + local.at<float>(0, i));
        if (runs.empty() || runs.back().dark != dark)
            runs.push_back({dark, 0});
        ++runs.back().length;
    }
    const std::size_t n = expected.size();
    for (int direction = 0; direction < 2; ++direction) {
        for (std::size_t s = 1; s + n < runs.size(); ++s) {
            if (!runs[s].dark)
                continue;
            int span = 0;
            for (std::size_t k = 0; k < n; ++k)
                span += runs[s + k].length;
            const double module = span / double(modules);
            if (runs[s - 1].length < 5 * module || runs[s + n].length < 5 * module)
                continue;
            // Each bar and space within 0.75 of a module, each bar with its space within 0.5:
            // blur and ink spread widen bars and narrow spaces by the same amount.
            bool ok = true;
            for (std::size_t k = 0; k < n && ok; ++k) {
                const double w = runs[s + k].length / module;
                ok = std::abs(w - expected[k]) <= 0.75;
                if (ok && k + 1 < n) {
                    const double pair = (runs[s + k].length + runs[s + k + 1].length) / module;
                    ok = std::abs(pair - (expected[k] + expected[k + 1])) <= 0.5;
                }
            }
            if (ok)
                return true;
        }
        std::reverse(runs.begin(), runs.end());
    }
    return false;
}

} // namespace

bool BarcodeReader::hasValidCheckDigit(const std::string &digits)
{
    if (!allDigits(digits) || (digits.size() != 8 && digits.size() != 12 && digits.size() != 13))
        return false;
    // GS1: weights 3, 1, 3, ... from the digit left of the check digit.
    int sum = 0;
    for (std::size_t i = 1; i < digits.size(); ++i) {
        const int digit = digits[digits.size() - 1 - i] - '0';
        sum += digit * (i % 2 == 1 ? 3 : 1);
    }
    return (10 - sum % 10) % 10 == digits.back() - '0';
}

std::optional<BarcodeRead> BarcodeReader::decodeBox(const cv::Mat &grey,
                                                    const std::vector<cv::Point2f> &box) const
{
    std::vector<std::string> info;
    std::vector<cv::barcode::BarcodeType> types;
    if (quadArea(box) < 1.0 || !m_detector.decode(grey, box, info, types) || info.empty())
        return std::nullopt;
    const std::string &digits = info.front();
    if (!hasValidCheckDigit(digits))
        return std::nullopt;
    const std::vector<int> expected = runsOf(upceanModules(digits));
    if (!barsMatch(grey, box, 1, 2, expected) && !barsMatch(grey, box, 1, 0, expected))
        return std::nullopt;
    BarcodeRead read;
    read.corners = box;
    // UPC-A and EAN-13 beginning with 0 are the same bars; OpenCV names either, so both read as
    // UPC-A with their EAN-13 form as the code.
    if (digits.size() == 12) {
        read.symbology = BarcodeRead::Symbology::UpcA;
        read.upcA = digits;
        read.code = "0" + digits;
    } else if (digits.size() == 13 && digits[0] == '0') {
        read.symbology = BarcodeRead::Symbology::UpcA;
        read.upcA = digits.substr(1);
        read.code = digits;
    } else if (digits.size() == 13) {
        read.symbology = BarcodeRead::Symbology::Ean13;
        read.code = digits;
    } else {
        read.symbology = BarcodeRead::Symbology::Ean8;
        read.code = digits;
    }
    return read;
}

std::vector<BarcodeRead> BarcodeReader::read(const cv::Mat &image) const
{
    std::vector<BarcodeRead> reads;
    if (image.empty())
        return reads;
    const cv::Mat grey = toGrey(image);

    std::vector<std::vector<cv::Point2f>> boxes;
    auto locate = [&](const cv::Mat &img, float toFull) {
        std::vector<cv::Point2f> points;
        if (!m_detector.detect(img, points))
            return;
        for (std::size_t i = 0; i + 3 < points.size(); i += 4) {
            std::vector<cv::Point2f> box(points.begin() + long(i), points.begin() + long(i) + 4);
            for (cv::Point2f &p : box)
                p *= toFull;
            boxes.push_back(std::move(box));
        }
    };
    locate(grey, 1.f);
    if (std::min(grey.cols, grey.rows) >= 240) {
        cv::Mat half;
        cv::resize(grey, half, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
        locate(half, 2.f);
    }

    for (const auto &box : boxes) {
        std::optional<BarcodeRead> read = decodeBox(grey, box);
        if (!read)
            read = decodeBox(grey, widened(box, 1, 2, 0.35f, grey.size()));
        if (!read)
            read = decodeBox(grey, widened(box, 1, 0, 0.35f, grey.size()));
        if (!read)
            continue;
        const bool known = std::any_of(reads.begin(), reads.end(),
                                       [&](const BarcodeRead &r) { return r.code == read->code; });
        if (!known)
            reads.push_back(std::move(*read));
    }
    return reads;
}

PackagingMatcher::PackagingMatcher(Params params)
    : m_params(params)
{ }

bool PackagingMatcher::addReference(std::string sku, const cv::Mat &image)
{
    // ORB describes 31-pixel patches: a working picture narrower than that has no features, and
    // a sliver (1200x4) would shrink to nothing at all.
    constexpr int minWorkingSide = 48;
    if (image.empty() || image.depth() != CV_8U || image.channels() == 2 || image.channels() > 4)
        return false;
    const double scale
        = std::min(1.0, m_params.referenceSize / double(std::max(image.cols, image.rows)));
    if (std::min(image.cols, image.rows) * scale < minWorkingSide)
        return false;
    Reference reference;
    reference.sku = std::move(sku);
    reference.size = image.size();
    reference.scale
        = std::min(1.0, m_params.referenceSize / double(std::max(image.cols, image.rows)));
    cv::Mat grey = toGrey(image);
    cv::Mat working;
    cv::resize(grey, working, cv::Size(), reference.scale, reference.scale, cv::INTER_AREA);
    // ORB's pyramid gives its coarse levels few features, too few to find a product held far from
    // the camera; a half-size copy adds features for that, in the same working coordinates.
    std::vector<cv::Mat> descriptors;
    for (const double copyScale : {1.0, 0.5}) {
        cv::Mat copy = working;
        if (copyScale < 1.0)
            cv::resize(working, copy, cv::Size(), copyScale, copyScale, cv::INTER_AREA);
        auto orb = cv::ORB::create(int(m_params.referenceFeatures * copyScale), 1.2f, 8, 31, 0, 2,
                                   cv::ORB::HARRIS_SCORE, 31, m_params.fastThreshold);
        std::vector<cv::KeyPoint> keypoints;
        cv::Mat copyDescriptors;
        orb->detectAndCompute(copy, cv::noArray(), keypoints, copyDescriptors);
        // A small or plain copy may have no features at all: nothing to add from it.
        if (copyDescriptors.empty())
            continue;
        for (cv::KeyPoint &keypoint : keypoints) {
            keypoint.pt *= float(1.0 / copyScale);
            reference.keypoints.push_back(keypoint);
        }
        descriptors.push_back(copyDescriptors);
    }
    if (descriptors.empty())
        return false;
    cv::vconcat(descriptors, reference.descriptors);
    if (reference.descriptors.rows < m_params.minInliers)
        return false; // a plain picture: nothing to match it by
    m_references.push_back(std::move(reference));
    return true;
}

bool PackagingMatcher::plausibleQuad(const std::vector<cv::Point2f> &quad, cv::Size frameSize) const
{
    if (quad.size() != 4 || !cv::isContourConvex(quad))
        return false;
    // A product seen at an angle is foreshortened, never folded or squashed to a sliver.
    const double area = quadArea(quad);
    const double frameArea = double(frameSize.area());
    if (area < 0.01 * frameArea || area > 4.0 * frameArea)
        return false;
    double shortest = 1e12, longest = 0;
    for (int i = 0; i < 4; ++i) {
        const double side = cv::norm(quad[(i + 1) % 4] - quad[i]);
        shortest = std::min(shortest, side);
        longest = std::max(longest, side);
    }
    return shortest > 0.25 * longest;
}

PackagingMatcher::Candidate PackagingMatcher::fit(const Reference &reference,
                                                  const std::vector<cv::KeyPoint> &frameKeypoints,
                                                  const cv::Mat &frameDescriptors,
                                                  double frameScale, cv::Size frameSize) const
{
    Candidate candidate;
    candidate.match.sku = reference.sku;
    if (reference.descriptors.rows < 2 || frameDescriptors.rows < 2)
        return candidate;
    cv::BFMatcher matcher(cv::NORM_HAMMING);
    std::vector<std::vector<cv::DMatch>> knn;
    matcher.knnMatch(reference.descriptors, frameDescriptors, knn, 2);
    std::vector<cv::Point2f> from, to;
    for (const auto &pair : knn) {
        if (pair.size() == 2 && pair[0].distance < m_params.ratio * pair[1].distance) {
            from.push_back(reference.keypoints[std::size_t(pair[0].queryIdx)].pt);
            to.push_back(frameKeypoints[std::size_t(pair[0].trainIdx)].pt);
        }
    }
    if (int(from.size()) < std::max(8, m_params.minInliers))
        return candidate;
    // Back to the caller's pixels: given reference -> working reference -> working frame -> frame.
    const cv::Matx33d refToWorking(reference.scale, 0, 0, 0, reference.scale, 0, 0, 0, 1);
    const cv::Matx33d workingToFrame(1 / frameScale, 0, 0, 0, 1 / frameScale, 0, 0, 0, 1);
    const float w = float(reference.size.width), hgt = float(reference.size.height);
    const std::vector<cv::Point2f> corners{{0, 0}, {w, 0}, {w, hgt}, {0, hgt}};
    const double referenceArea = reference.size.area() * reference.scale * reference.scale;
    auto judge = [&](const cv::Mat &h, const std::vector<uchar> &inlierMask) {
        Candidate c;
        c.match.sku = reference.sku;
        c.match.inliers = cv::countNonZero(inlierMask);
        c.match.homography = cv::Mat(workingToFrame * cv::Matx33d(h) * refToWorking);
        cv::perspectiveTransform(corners, c.match.quad, c.match.homography);
        // Inliers bunched in one small patch of the reference fit any homography.
        std::vector<cv::Point2f> inlierPoints;
        for (std::size_t i = 0; i < inlierMask.size(); ++i) {
            if (inlierMask[i])
                inlierPoints.push_back(from[i]);
        }
        const cv::Rect2f spread = cv::boundingRect(inlierPoints);
        c.plausible
            = spread.area() > 0.05 * referenceArea && plausibleQuad(c.match.quad, frameSize);
        return c;
    };

    std::vector<uchar> inlierMask;
    const cv::Mat h = cv::findHomography(from, to, cv::RANSAC, m_params.ransacThreshold, inlierMask,
                                         2000, 0.995);
    if (!h.empty())
        candidate = judge(h, inlierMask);
    if (candidate.plausible)
        return candidate;
    // Features of smooth artwork often lie near one line, where a homography is free to fold the
    // rest of the picture; an affine fit cannot, and a product held up is seen almost face on.
    const cv::Mat affine = cv::estimateAffine2D(from, to, inlierMask, cv::RANSAC,
                                                m_params.ransacThreshold, 2000, 0.995);
    if (!affine.empty()) {
        cv::Mat h3 = cv::Mat::eye(3, 3, CV_64F);
        affine.copyTo(h3.rowRange(0, 2));
        Candidate fallback = judge(h3, inlierMask);
        if (fallback.plausible || fallback.match.inliers > candidate.match.inliers)
            candidate = std::move(fallback);
    }
    return candidate;
}

std::vector<PackagingMatch> PackagingMatcher::matchAll(const cv::Mat &frame) const
{
    std::vector<PackagingMatch> accepted;
    if (frame.empty() || m_references.empty())
        return accepted;
    const cv::Mat grey = toGrey(frame);
    const double frameScale
        = std::min(1.0, m_params.frameSize / double(std::max(grey.cols, grey.rows)));
    cv::Mat working;
    if (frameScale < 1.0)
        cv::resize(grey, working, cv::Size(), frameScale, frameScale, cv::INTER_AREA);
    else
        working = grey;
    // A detector per call keeps match() const and safe to call from any thread.
    auto orb = cv::ORB::create(m_params.frameFeatures, 1.2f, 8, 31, 0, 2, cv::ORB::HARRIS_SCORE, 31,
                               m_params.fastThreshold);
    std::vector<cv::KeyPoint> keypoints;
    cv::Mat descriptors;
    orb->detectAndCompute(working, cv::noArray(), keypoints, descriptors);

    // The best fit per sku, over its references.
    std::vector<Candidate> candidates;
    for (const Reference &reference : m_references) {
        Candidate candidate = fit(reference, keypoints, descriptors, frameScale, grey.size());
        auto same = std::find_if(candidates.begin(), candidates.end(), [&](const Candidate &c) {
            return c.match.sku == candidate.match.sku;
        });
        if (same == candidates.end())
            candidates.push_back(std::move(candidate));
        else if (candidate.plausible
                 && (!same->plausible || candidate.match.inliers > same->match.inliers))
            *same = std::move(candidate);
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
        return a.match.inliers > b.match.inliers;
    });

    for (std::size_t i = 0; i < candidates.size(); ++i) {
        Candidate &candidate = candidates[i];
        if (!candidate.plausible || candidate.match.inliers < m_params.minInliers)
            continue;
        // Another product fitted to the same place is a rival explanation of those pixels.
        for (std::size_t j = 0; j < candidates.size(); ++j) {
            const Candidate &rival = candidates[j];
            if (j == i || !rival.plausible || rival.match.inliers == 0)
                continue;
            if (overlap(candidate.match.quad, rival.match.quad) > 0.3)
                candidate.match.runnerUpInliers
                    = std::max(candidate.match.runnerUpInliers, rival.match.inliers);
        }
        if (candidate.match.inliers < m_params.margin * candidate.match.runnerUpInliers)
            continue;
        const bool placeTaken = std::any_of(accepted.begin(), accepted.end(), [&](const auto &a) {
            return overlap(a.quad, candidate.match.quad) > 0.3;
        });
        if (!placeTaken)
            accepted.push_back(candidate.match);
    }
    return accepted;
}

std::optional<PackagingMatch> PackagingMatcher::match(const cv::Mat &frame) const
{
    std::vector<PackagingMatch> all = matchAll(frame);
    if (all.empty())
        return std::nullopt;
    return all.front();
}

ProductIdentifier::ProductIdentifier(Catalog catalog, PackagingMatcher::Params params)
    : m_catalog(std::move(catalog))
    , m_packaging(params)
{ }

bool ProductIdentifier::addReference(std::string sku, const cv::Mat &image)
{
    return m_packaging.addReference(std::move(sku), image);
}

std::optional<std::string> ProductIdentifier::skuFor(const BarcodeRead &read) const
{
    for (const std::string &code : {read.code, read.upcA}) {
        if (code.empty())
            continue;
        const auto it = m_catalog.find(code);
        if (it != m_catalog.end())
            return it->second;
    }
    return std::nullopt;
}

std::optional<Identification> ProductIdentifier::identify(const cv::Mat &frame) const
{
    std::optional<Identification> unknownCode;
    for (const BarcodeRead &read : m_barcodes.read(frame)) {
        Identification id;
        id.code = read.code;
        id.source = Identification::Source::Barcode;
        id.quad = read.corners;
        if (const auto sku = skuFor(read)) {
            id.sku = *sku;
            // A verified check digit catches every single-digit misread.
            id.confidence = 1.0;
            return id;
        }
        if (!unknownCode)
            unknownCode = id;
    }
    if (const auto match = m_packaging.match(frame)) {
        Identification id;
        id.sku = match->sku;
        id.source = Identification::Source::Packaging;
        id.quad = match->quad;
        // Grows with the inliers and with the lead over any rival for the same place.
        const double rivalry = match->runnerUpInliers + 0.5 * m_packaging.params().minInliers;
        id.confidence = std::clamp(1.0 - rivalry / match->inliers, 0.0, 1.0);
        return id;
    }
    // A barcode the catalog does not know is still worth reporting: the store may not have sent
    // that product yet.
    return unknownCode;
}

} // namespace shelf::vision
