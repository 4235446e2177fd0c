#include "barcode_render.h"

#include <product_identifier.h>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <iostream>
#include <map>

using namespace shelf::vision;
using shelf::test::BarcodeRenderer;

namespace {

const cv::Size kFrameSize(640, 480);

// A camera's view of a busy store: shapes, lines and text in many colours, none of them a product.
cv::Mat clutteredFrame(std::uint64_t seed)
{
    cv::RNG rng(seed);
    cv::Mat frame(kFrameSize, CV_8UC3);
    frame.setTo(cv::Scalar(rng.uniform(90, 200), rng.uniform(90, 200), rng.uniform(90, 200)));
    auto colour = [&] {
        return cv::Scalar(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256));
    };
    for (int i = 0; i < 25; ++i) {
        const cv::Point a(rng.uniform(0, kFrameSize.width), rng.uniform(0, kFrameSize.height));
        const cv::Point b(rng.uniform(0, kFrameSize.width), rng.uniform(0, kFrameSize.height));
        switch (i % 4) {
        case 0:
            cv::rectangle(frame, a, a + cv::Point(rng.uniform(10, 120), rng.uniform(10, 90)),
                          colour(), cv::FILLED);
            break;
        case 1:
            cv::circle(frame, a, rng.uniform(5, 50), colour(), cv::FILLED, cv::LINE_AA);
            break;
        case 2:
            cv::line(frame, a, b, colour(), rng.uniform(1, 5), cv::LINE_AA);
            break;
        default:
            cv::putText(frame, "SALE " + std::to_string(rng.uniform(1, 99)), a,
                        cv::FONT_HERSHEY_SIMPLEX, rng.uniform(0.5, 1.5), colour(), 2, cv::LINE_AA);
        }
    }
    return frame;
}

// What a camera adds: a little defocus and sensor noise.
cv::Mat asCamera(const cv::Mat &frame, std::uint64_t seed)
{
    cv::Mat out;
    cv::GaussianBlur(frame, out, cv::Size(3, 3), 0.7);
    cv::Mat noise(out.size(), CV_16SC3);
    cv::RNG(seed).fill(noise, cv::RNG::NORMAL, 0, 3);
    cv::Mat wide;
    out.convertTo(wide, CV_16SC3);
    wide += noise;
    wide.convertTo(out, CV_8UC3);
    return out;
}

// Draws image onto frame so that its corners land on quad (clockwise from top-left).
void paste(cv::Mat &frame, const cv::Mat &image, const std::vector<cv::Point2f> &quad)
{
    const float w = float(image.cols), h = float(image.rows);
    const std::vector<cv::Point2f> corners{{0, 0}, {w, 0}, {w, h}, {0, h}};
    const cv::Mat homography = cv::getPerspectiveTransform(corners, quad);
    cv::warpPerspective(image, frame, homography, frame.size(), cv::INTER_LINEAR,
                        cv::BORDER_TRANSPARENT);
}

// A square of side `side` centred at centre, turned by `degrees` and tilted away from the camera
// (the top edge shortened by `tilt` of its length).
std::vector<cv::Point2f> viewOf(cv::Point2f centre, float side, float degrees, float tilt)
{
    const float half = side / 2, top = half * (1 - tilt);
    std::vector<cv::Point2f> quad{{-top, -half}, {top, -half}, {half, half}, {-half, half}};
    const float r = degrees * float(CV_PI) / 180.f;
    for (cv::Point2f &p : quad)
        p = centre
            + cv::Point2f(p.x * std::cos(r) - p.y * std::sin(r),
                          p.x * std::sin(r) + p.y * std::cos(r));
    return quad;
}

// A barcode label in a frame: module width in pixels, turned by `degrees` about its centre.
cv::Mat barcodeFrame(const std::string &digits, int moduleWidth, double degrees, double blurSigma,
                     bool cluttered)
{
    cv::Mat frame
        = cluttered ? clutteredFrame(7) : cv::Mat(kFrameSize, CV_8UC3, cv::Scalar::all(170));
    const cv::Mat label = BarcodeRenderer::render(digits, moduleWidth, 30 * moduleWidth);
    const cv::Point2f centre(kFrameSize.width / 2.f, kFrameSize.height / 2.f);
    cv::Mat turn
        = cv::getRotationMatrix2D(cv::Point2f(label.cols / 2.f, label.rows / 2.f), degrees, 1.0);
    turn.at<double>(0, 2) += centre.x - label.cols / 2.0;
    turn.at<double>(1, 2) += centre.y - label.rows / 2.0;
    cv::warpAffine(label, frame, turn, frame.size(), cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
    if (blurSigma > 0)
        cv::GaussianBlur(frame, frame, cv::Size(), blurSigma);
    return asCamera(frame, 11);
}

bool reads(const BarcodeReader &reader, const cv::Mat &frame, const std::string &code)
{
    for (const BarcodeRead &read : reader.read(frame)) {
        if (read.code == code)
            return true;
    }
    return false;
}

// A symbol of each kind: EAN-13 from the demo catalog, EAN-8 and UPC-A from GS1's examples.
struct Symbol
{
    std::string digits;
    std::string code; // as the reader reports it
    BarcodeRead::Symbology symbology;
};
const std::vector<Symbol> kSymbols{
    {"6901234000115", "6901234000115", BarcodeRead::Symbology::Ean13},
    {"96385074", "96385074", BarcodeRead::Symbology::Ean8},
    {"036000291452", "0036000291452", BarcodeRead::Symbology::UpcA},
};

std::string symbologyName(BarcodeRead::Symbology s)
{
    switch (s) {
    case BarcodeRead::Symbology::Ean13:
        return "EAN-13";
    case BarcodeRead::Symbology::Ean8:
        return "EAN-8";
    case BarcodeRead::Symbology::UpcA:
        return "UPC-A";
    }
    return {};
}

// The demo catalog's products and their pictures (resources/demo/catalog.json).
const std::vector<std::pair<std::string, std::string>> kProducts{
    {"6901234000115", "fuji-apples"},   {"6901234000283", "kiwifruit"},
    {"7098765000147", "salmon-fillet"}, {"7801234000155", "chilean-cherries"},
    {"9301234000158", "wagyu-ribeye"},  {"8851234000135", "thai-mango"},
    {"8412345000157", "olive-oil"},     {"6901234000351", "fresh-milk"},
    {"6901234000429", "wuchang-rice"},  {"3012345000178", "emmental-cheese"},
    {"9401234000193", "hass-avocado"},  {"6901234000597", "strawberries"},
};

cv::Mat demoImage(const std::string &name)
{
    return cv::imread(std::string(SHELF_DEMO_DIR) + "/images/" + name + ".png", cv::IMREAD_COLOR);
}

// Every demo product registered once, shared by the packaging tests.
class Packaging : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_matcher = new PackagingMatcher;
        for (const auto &[sku, name] : kProducts) {
            const cv::Mat image = demoImage(name);
            ASSERT_FALSE(image.empty()) << name;
            s_images[sku] = image;
            s_matcher->addReference(sku, image);
        }
    }
    static void TearDownTestSuite()
    {
        delete s_matcher;
        s_matcher = nullptr;
        s_images.clear();
    }

    // The sku recognised in frame, or "" for none.
    static std::string recognised(const cv::Mat &frame)
    {
        const auto match = s_matcher->match(frame);
        return match ? match->sku : std::string();
    }

    static PackagingMatcher *s_matcher;
    static std::map<std::string, cv::Mat> s_images;
};
PackagingMatcher *Packaging::s_matcher = nullptr;
std::map<std::string, cv::Mat> Packaging::s_images;

void report(const std::string &what, int hits, int total)
{
    std::cout << "[ rate     ] " << what << ": " << hits << "/" << total << "\n";
}

} // namespace

TEST(Barcode, CheckDigitFollowsGs1)
{
    EXPECT_TRUE(BarcodeReader::hasValidCheckDigit("6901234000115"));
    EXPECT_TRUE(BarcodeReader::hasValidCheckDigit("96385074"));
    EXPECT_TRUE(BarcodeReader::hasValidCheckDigit("036000291452"));
    EXPECT_FALSE(BarcodeReader::hasValidCheckDigit("6901234000116"));
    EXPECT_FALSE(BarcodeReader::hasValidCheckDigit("96385075"));
    EXPECT_FALSE(BarcodeReader::hasValidCheckDigit("036000291453"));
    EXPECT_FALSE(BarcodeReader::hasValidCheckDigit("69012340001"));
    EXPECT_FALSE(BarcodeReader::hasValidCheckDigit("69012340001x5"));
    // The test renderer computes the same digit the reader checks.
    EXPECT_EQ(BarcodeRenderer::withCheckDigit("690123400011"), "6901234000115");
}

TEST(Barcode, EachSymbologyIsReadBack)
{
    BarcodeReader reader;
    for (const Symbol &symbol : kSymbols) {
        const auto reads = reader.read(barcodeFrame(symbol.digits, 2, 0, 0, false));
        ASSERT_EQ(reads.size(), 1u) << symbol.digits;
        EXPECT_EQ(reads[0].code, symbol.code);
        EXPECT_EQ(reads[0].symbology, symbol.symbology) << symbol.digits;
        EXPECT_EQ(reads[0].corners.size(), 4u);
    }
    const auto upc = reader.read(barcodeFrame("036000291452", 2, 0, 0, false));
    ASSERT_EQ(upc.size(), 1u);
    EXPECT_EQ(upc[0].upcA, "036000291452");
}

TEST(Barcode, IsReadAtSeveralSizes)
{
    BarcodeReader reader;
    int hits = 0, total = 0;
    for (const Symbol &symbol : kSymbols) {
        for (int moduleWidth : {2, 3, 4}) {
            const bool ok
                = reads(reader, barcodeFrame(symbol.digits, moduleWidth, 0, 0, false), symbol.code);
            EXPECT_TRUE(ok) << symbologyName(symbol.symbology) << " at " << moduleWidth
                            << " px a module";
            hits += ok;
            ++total;
        }
    }
    report("barcodes at 2, 3, 4 px a module", hits, total);
}

TEST(Barcode, IsReadTurnedUpTo30Degrees)
{
    BarcodeReader reader;
    int hits = 0, total = 0;
    for (const Symbol &symbol : kSymbols) {
        for (double degrees : {0.0, 10.0, 20.0, 30.0, -30.0}) {
            const bool ok
                = reads(reader, barcodeFrame(symbol.digits, 3, degrees, 0, false), symbol.code);
            EXPECT_TRUE(ok) << symbologyName(symbol.symbology) << " turned " << degrees;
            hits += ok;
            ++total;
        }
    }
    report("barcodes turned 0-30 degrees", hits, total);
}

TEST(Barcode, IsReadBlurred)
{
    BarcodeReader reader;
    int hits = 0, total = 0;
    // Up to about 0.4 of a module with the camera's own blur; past half a module the reader's
    // check of bar widths rejects what OpenCV decodes.
    for (const Symbol &symbol : kSymbols) {
        for (double sigma : {1.0, 1.5}) {
            const bool ok
                = reads(reader, barcodeFrame(symbol.digits, 4, 10, sigma, false), symbol.code);
            EXPECT_TRUE(ok) << symbologyName(symbol.symbology) << " blurred, sigma " << sigma;
            hits += ok;
            ++total;
        }
    }
    report("barcodes blurred", hits, total);
}

TEST(Barcode, IsReadInAClutteredFrameAndMatchedToTheCatalog)
{
    ProductIdentifier identifier(
        ProductIdentifier::Catalog{{"6901234000115", "apples"}, {"96385074", "gum"}});
    const auto id = identifier.identify(barcodeFrame("6901234000115", 3, 15, 0.8, true));
    ASSERT_TRUE(id);
    EXPECT_EQ(id->source, Identification::Source::Barcode);
    EXPECT_EQ(id->code, "6901234000115");
    EXPECT_EQ(id->sku, "apples");
    EXPECT_EQ(id->quad.size(), 4u);
}

TEST(Barcode, UpcAMatchesACatalogInEitherForm)
{
    const cv::Mat frame = barcodeFrame("036000291452", 3, 0, 0, true);
    ProductIdentifier twelve(ProductIdentifier::Catalog{{"036000291452", "soup"}});
    ProductIdentifier thirteen(ProductIdentifier::Catalog{{"0036000291452", "soup"}});
    const auto a = twelve.identify(frame);
    const auto b = thirteen.identify(frame);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->sku, "soup");
    EXPECT_EQ(b->sku, "soup");
}

TEST(Barcode, AWrongCheckDigitIsNotAccepted)
{
    BarcodeReader reader;
    // The same bars as readable symbols elsewhere in this file, with the last digit changed.
    for (const std::string digits : {"6901234000116", "96385075", "036000291453"}) {
        const auto reads = reader.read(barcodeFrame(digits, 3, 0, 0, false));
        EXPECT_TRUE(reads.empty()) << digits << " read as " << reads.front().code;
    }
    ProductIdentifier identifier(
        ProductIdentifier::Catalog{{"6901234000115", "apples"}, {"6901234000116", "apples"}});
    EXPECT_FALSE(identifier.identify(barcodeFrame("6901234000116", 3, 0, 0, false)));
}

TEST(Barcode, AnUnknownCodeIsReportedWithoutASku)
{
    ProductIdentifier identifier(ProductIdentifier::Catalog{{"6901234000115", "apples"}});
    const auto id = identifier.identify(barcodeFrame("96385074", 3, 0, 0, false));
    ASSERT_TRUE(id);
    EXPECT_EQ(id->code, "96385074");
    EXPECT_TRUE(id->sku.empty());
}

TEST_F(Packaging, EachProductIsRecognisedInPerspectiveAt3Scales)
{
    int hits = 0, total = 0;
    std::uint64_t seed = 100;
    for (const auto &[sku, name] : kProducts) {
        for (float scale : {0.5f, 1.f, 2.f}) {
            cv::Mat frame = clutteredFrame(++seed);
            // 1x is a product 240 px across in a 640x480 view, about arm's length from the camera.
            const float side = 240.f * scale;
            const float tilt = scale < 2.f ? 0.2f : 0.1f;
            paste(frame, s_images[sku], viewOf({320, 240}, side, 12, tilt));
            const std::string got = recognised(asCamera(frame, seed));
            EXPECT_EQ(got, sku) << name << " at " << scale << "x";
            hits += got == sku;
            ++total;
        }
    }
    report("packaging in perspective, 0.5x 1x 2x", hits, total);
}

TEST_F(Packaging, EachProductIsRecognisedWithAQuarterCovered)
{
    int hits = 0, total = 0;
    std::uint64_t seed = 200;
    for (const auto &[sku, name] : kProducts) {
        cv::Mat frame = clutteredFrame(++seed);
        const cv::Point2f centre(300, 250);
        const float side = 240;
        paste(frame, s_images[sku], viewOf(centre, side, -8, 0.1f));
        // A hand over the lower right quarter of the product: palm and fingers in skin tones.
        const cv::Scalar skin(120, 160, 215);
        const cv::Point palm(int(centre.x + side / 4), int(centre.y + side / 4));
        cv::rectangle(frame,
                      cv::Rect(palm - cv::Point(int(side / 4), int(side / 4)),
                               cv::Size(int(side / 2), int(side / 2))),
                      skin, cv::FILLED);
        cv::ellipse(frame, palm + cv::Point(int(side / 4), 0),
                    cv::Size(int(side / 5), int(side / 4)), 0, 0, 360, skin * 0.9, cv::FILLED,
                    cv::LINE_AA);
        const std::string got = recognised(asCamera(frame, seed));
        EXPECT_EQ(got, sku) << name << " with a quarter covered";
        hits += got == sku;
        ++total;
    }
    report("packaging with 25 % covered", hits, total);
}

TEST_F(Packaging, AFrameWithoutAProductMatchesNothing)
{
    for (std::uint64_t seed = 300; seed < 306; ++seed) {
        const auto match = s_matcher->match(asCamera(clutteredFrame(seed), seed));
        EXPECT_FALSE(match) << "seed " << seed << " matched " << match->sku;
    }
}

TEST_F(Packaging, ProductsNotInTheCatalogMatchNothing)
{
    // The demo's placeholder bag and boxes of printed text stand for other stores' products.
    const cv::Mat bag = demoImage("placeholder");
    ASSERT_FALSE(bag.empty());
    for (std::uint64_t seed = 400; seed < 404; ++seed) {
        cv::Mat frame = clutteredFrame(seed);
        paste(frame, bag, viewOf({220, 240}, 220, 5, 0.1f));
        cv::Mat box(300, 200, CV_8UC3, cv::Scalar(40, 90, 200));
        cv::RNG rng(seed);
        for (int line = 0; line < 9; ++line)
            cv::putText(box, "BRAND " + std::to_string(rng.uniform(100, 999)),
                        cv::Point(10, 30 + 30 * line), cv::FONT_HERSHEY_DUPLEX, 0.8,
                        cv::Scalar(255, 255, 255), 2, cv::LINE_AA);
        paste(frame, box, viewOf({480, 240}, 220, -10, 0.15f));
        const auto match = s_matcher->match(asCamera(frame, seed));
        EXPECT_FALSE(match) << "seed " << seed << " matched " << match->sku;
    }
}

TEST_F(Packaging, TwoProductsInViewAreNotTakenForAThird)
{
    int hits = 0, total = 0;
    for (std::size_t i = 0; i < kProducts.size(); ++i) {
        const std::string &left = kProducts[i].first;
        const std::string &right = kProducts[(i + 5) % kProducts.size()].first;
        cv::Mat frame = clutteredFrame(500 + i);
        paste(frame, s_images[left], viewOf({170, 240}, 190, 6, 0.1f));
        paste(frame, s_images[right], viewOf({470, 240}, 190, -6, 0.1f));
        const auto matches = s_matcher->matchAll(asCamera(frame, 500 + i));
        ASSERT_FALSE(matches.empty()) << left << " and " << right;
        for (const PackagingMatch &match : matches)
            EXPECT_TRUE(match.sku == left || match.sku == right)
                << match.sku << " reported for " << left << " and " << right;
        hits += int(matches.size());
        total += 2;
    }
    report("both of two products in view", hits, total);
}

TEST_F(Packaging, IdentifierFallsBackToPackagingWithoutABarcode)
{
    ProductIdentifier identifier(ProductIdentifier::Catalog{{"6901234000115", "6901234000115"}});
    identifier.addReference("8412345000157", s_images["8412345000157"]);
    cv::Mat frame = clutteredFrame(600);
    paste(frame, s_images["8412345000157"], viewOf({320, 240}, 220, 10, 0.15f));
    const auto id = identifier.identify(asCamera(frame, 600));
    ASSERT_TRUE(id);
    EXPECT_EQ(id->source, Identification::Source::Packaging);
    EXPECT_EQ(id->sku, "8412345000157");
    EXPECT_TRUE(id->code.empty());
    EXPECT_GT(id->confidence, 0.0);
    EXPECT_EQ(id->quad.size(), 4u);
}

// Pictures from the feed that once threw from cv::resize or cv::vconcat while the references were
// built, crashing the display at every start: each is refused, and nothing is added.
TEST(PackagingMatcher, PicturesTooSmallThinOrPlainAreRefusedWithoutThrowing)
{
    PackagingMatcher matcher;
    const cv::Mat plain(90, 120, CV_8UC3, cv::Scalar(40, 160, 40));
    for (const cv::Mat &picture :
         {cv::Mat(), cv::Mat(2, 2, CV_8UC3, cv::Scalar::all(9)),
          cv::Mat(4, 1200, CV_8UC3, cv::Scalar::all(9)),
          cv::Mat(1000, 1, CV_8UC3, cv::Scalar::all(9)), plain,
          cv::Mat(90, 120, CV_32FC3, cv::Scalar::all(0.5))}) {
        EXPECT_NO_THROW(EXPECT_FALSE(matcher.addReference("x", picture)))
            << picture.cols << "x" << picture.rows;
    }
    EXPECT_EQ(matcher.referenceCount(), 0u);
}
