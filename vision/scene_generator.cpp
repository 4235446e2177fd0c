#include "scene_generator.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>

namespace shelf::vision {

namespace {

constexpr double kShelfBottom = 0.8; // of the frame's height; below is aisle

// The product alone, cut from its light studio background and scaled to stand on the slot's
// floor, so that an empty slot shows the shelf behind it.
void cutOut(const cv::Mat &picture, cv::Size box, cv::Mat &image, cv::Mat &mask)
{
    cv::Mat foreground(picture.size(), CV_8U);
    for (int y = 0; y < picture.rows; ++y) {
        // The background is a vertical gradient: each row's first pixels are its colour.
        const cv::Vec3b bg = picture.at<cv::Vec3b>(y, 2);
        for (int x = 0; x < picture.cols; ++x) {
            const cv::Vec3b p = picture.at<cv::Vec3b>(y, x);
            const int d = std::abs(p[0] - bg[0]) + std::abs(p[1] - bg[1]) + std::abs(p[2] - bg[2]);
            foreground.at<std::uint8_t>(y, x) = d > 30 ? 255 : 0;
        }
    }
    cv::morphologyEx(foreground, foreground, cv::MORPH_OPEN,
                     cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));
    cv::Rect bounds = cv::boundingRect(foreground);
    if (bounds.empty())
        bounds = cv::Rect({}, picture.size());
    const double scale
        = std::min(box.width * 0.92 / bounds.width, box.height * 0.95 / bounds.height);
    const cv::Size scaled(std::max(1, cvRound(bounds.width * scale)),
                          std::max(1, cvRound(bounds.height * scale)));
    const cv::Rect place((box.width - scaled.width) / 2, box.height - scaled.height, scaled.width,
                         scaled.height);
    image = cv::Mat::zeros(box, CV_8UC3);
    mask = cv::Mat::zeros(box, CV_8U);
    cv::resize(picture(bounds), image(place), scaled, 0, 0, cv::INTER_AREA);
    cv::resize(foreground(bounds), mask(place), scaled, 0, 0, cv::INTER_AREA);
    cv::threshold(mask, mask, 127, 255, cv::THRESH_BINARY);
}

bool isReach(SceneAction::Kind kind)
{
    return kind == SceneAction::Kind::Take || kind == SceneAction::Kind::Return
        || kind == SceneAction::Kind::Touch;
}

struct ReachPhases
{
    int in, dwell, out;
};

ReachPhases phasesOf(const SceneAction &action)
{
    const int in = std::max(2, action.frames * 35 / 100);
    const int dwell = std::max(1, action.frames / 4);
    return {in, dwell, std::max(2, action.frames - in - dwell)};
}

// The frame at which a reach changes the slot: the middle of the hand's dwell.
int changeFrameOf(const SceneAction &action)
{
    const ReachPhases p = phasesOf(action);
    return action.startFrame + p.in + p.dwell / 2;
}

bool isCarrying(const SceneAction &action, int index)
{
    return (action.kind == SceneAction::Kind::Take && index >= changeFrameOf(action))
        || (action.kind == SceneAction::Kind::Return && index < changeFrameOf(action));
}

const cv::Scalar kSkins[] = {{150, 175, 225}, {105, 140, 200}, {80, 115, 170}, {50, 70, 110}};
const cv::Scalar kSleeves[]
    = {{110, 60, 40}, {40, 40, 45}, {60, 60, 170}, {170, 170, 165}, {50, 120, 60}, {150, 100, 120}};

} // namespace

std::vector<std::vector<cv::Point2f>> SceneDescription::slotPolygons() const
{
    std::vector<std::vector<cv::Point2f>> polygons;
    const float left = size.width * 0.04f, top = size.height * 0.04f;
    const float cellW = size.width * 0.92f / columns;
    const float cellH = (size.height * float(kShelfBottom) - top) / rows;
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
            const float x0 = left + c * cellW + cellW * 0.08f,
                        x1 = left + (c + 1) * cellW - cellW * 0.08f;
            const float y0 = top + r * cellH + cellH * 0.08f,
                        y1 = top + (r + 1) * cellH - cellH * 0.14f;
            polygons.push_back({{std::round(x0), std::round(y0)},
                                {std::round(x1), std::round(y0)},
                                {std::round(x1), std::round(y1)},
                                {std::round(x0), std::round(y1)}});
        }
    }
    return polygons;
}

SceneGenerator::SceneGenerator(SceneDescription description, const std::string &imageFolder)
    : m_description(std::move(description))
    , m_polygons(m_description.slotPolygons())
{
    std::vector<cv::String> files;
    cv::glob(imageFolder + "/*.png", files, false);
    std::sort(files.begin(), files.end());
    files.erase(std::remove_if(
                    files.begin(), files.end(),
                    [](const cv::String &f) { return f.find("placeholder") != cv::String::npos; }),
                files.end());
    if (files.empty()) {
        m_valid = false;
        return;
    }
    std::vector<cv::Mat> pictures;
    for (const cv::String &file : files) {
        pictures.push_back(cv::imread(file, cv::IMREAD_COLOR));
        if (pictures.back().empty())
            m_valid = false;
    }
    if (!m_valid)
        return;
    const cv::Rect frame({}, m_description.size);
    // Neighbouring slots get different products, as on a real shelf; a seed changes the order.
    const std::size_t shift = m_description.seed % files.size();
    for (std::size_t i = 0; i < m_polygons.size(); ++i) {
        const std::size_t which = (i + shift) % files.size();
        m_boxes.push_back(cv::boundingRect(m_polygons[i]) & frame);
        const std::string &file = files[which];
        const std::size_t slash = file.find_last_of('/');
        m_products.push_back(file.substr(slash + 1, file.size() - slash - 5));
        cv::Mat image, mask;
        cutOut(pictures[which], m_boxes.back().size(), image, mask);
        m_productImages.push_back(image);
        m_productMasks.push_back(mask);
    }
    m_back = SyntheticShelfSource::shelfBack(m_description.size, m_boxes);

    std::mt19937 random(m_description.seed * 7919u + 17u);
    for (const SceneAction &action : m_description.actions) {
        if (isReach(action.kind) && (action.slot < 0 || action.slot >= int(m_polygons.size())))
            m_valid = false;
        // A return or a touch rarely leaves the product exactly where it was.
        const int reach = std::max(1, m_description.size.width / 320);
        std::uniform_int_distribution<int> nudge(-2 * reach, 2 * reach);
        m_nudges.emplace_back(action.kind == SceneAction::Kind::Take ? 0 : nudge(random),
                              action.kind == SceneAction::Kind::Take ? 0 : nudge(random) / 2);
    }
    if (m_valid)
        computeTruth();
}

bool SceneGenerator::armAt(const SceneAction &action, int index,
                           SyntheticShelfSource::Arm &arm) const
{
    if (!isReach(action.kind) || index < action.startFrame
        || index >= action.startFrame + action.frames)
        return false;
    const ReachPhases p = phasesOf(action);
    const cv::Rect &box = m_boxes[action.slot];
    std::mt19937 random(m_description.seed * 131u + unsigned(action.startFrame) * 31u
                        + unsigned(action.slot));
    std::uniform_real_distribution<float> unit(0.f, 1.f);
    arm.handWidth = std::min(box.width * 0.55f, box.height * 0.8f);
    arm.skin = kSkins[random() % std::size(kSkins)];
    arm.sleeve = kSleeves[random() % std::size(kSleeves)];
    // The arm slides along its own axis, from a shoulder somewhere in the aisle below.
    const cv::Point2f target(box.x + box.width * (0.4f + 0.2f * unit(random)),
                             box.y + box.height * 0.15f);
    const float lean = (unit(random) - 0.5f) * 0.8f;
    arm.direction = cv::Point2f(-lean, -1.f) * (1.f / std::sqrt(1.f + lean * lean));
    const float outside
        = (m_description.size.height + arm.handWidth * 1.2f - target.y) / -arm.direction.y;
    const int t = index - action.startFrame;
    float distance = 0; // how far back along the axis from the target the fingertips are
    if (t < p.in) {
        const float s = float(t + 1) / float(p.in + 1);
        distance = outside * (1.f - s) * (1.f - s);
    } else if (t >= p.in + p.dwell) {
        distance = outside * float(t - p.in - p.dwell + 1) / float(p.out);
    } else {
        distance = (t % 2 ? 1.f : -1.f) * std::max(1.f, box.height * 0.01f);
    }
    arm.tip = target - arm.direction * distance;
    return true;
}

void SceneGenerator::computeTruth()
{
    const SceneDescription &d = m_description;
    for (std::size_t a = 0; a < m_description.actions.size(); ++a) {
        const SceneAction &action = m_description.actions[a];
        if (action.kind != SceneAction::Kind::Take && action.kind != SceneAction::Kind::Return)
            continue;
        const cv::Rect &box = m_boxes[action.slot];
        cv::Mat slotMask = cv::Mat::zeros(m_description.size, CV_8U);
        std::vector<cv::Point> points;
        for (const cv::Point2f &p : m_polygons[action.slot])
            points.emplace_back(cvRound(p.x), cvRound(p.y));
        cv::fillConvexPoly(slotMask, points, 255);
        const int from = changeFrameOf(action);
        std::int64_t left = d.frameCount;
        // Any hand counts: another shopper's arm across the slot holds the decision too.
        for (int index = from; index < d.frameCount + 1; ++index) {
            cv::Mat mask = cv::Mat::zeros(d.size, CV_8U);
            for (const SceneAction &other : d.actions) {
                SyntheticShelfSource::Arm arm;
                if (!armAt(other, index, arm))
                    continue;
                SyntheticShelfSource::drawArmMask(mask, arm);
                if (!isCarrying(other, index))
                    continue;
                // A product in the hand counts as hand.
                const cv::Rect &otherBox = m_boxes[other.slot];
                mask(cv::Rect(cvRound(arm.tip.x - otherBox.width * 0.3),
                              cvRound(arm.tip.y - otherBox.height * 0.35),
                              cvRound(otherBox.width * 0.6), cvRound(otherBox.height * 0.6))
                     & cv::Rect({}, d.size))
                    .setTo(255);
            }
            if (cv::countNonZero(mask(box) & slotMask(box)) == 0) {
                left = index;
                break;
            }
        }
        m_truth.push_back({action.kind == SceneAction::Kind::Take ? SlotEvent::Type::Lift
                                                                  : SlotEvent::Type::Return,
                           std::size_t(action.slot), left});
    }
    std::sort(m_truth.begin(), m_truth.end(), [](const TruthEvent &a, const TruthEvent &b) {
        return a.handLeftFrame < b.handLeftFrame;
    });
}

void SceneGenerator::render(int index, cv::Mat &bgr)
{
    const SceneDescription &d = m_description;
    cv::Mat image = m_back.clone();

    // Slot contents at this frame: the initial stock changed by every reach that has happened.
    std::vector<bool> stocked(m_polygons.size(), true);
    std::vector<cv::Point> offsets(m_polygons.size());
    for (std::size_t a = 0; a < d.actions.size(); ++a) {
        const SceneAction &action = d.actions[a];
        if (!isReach(action.kind) || index < changeFrameOf(action))
            continue;
        if (action.kind == SceneAction::Kind::Take)
            stocked[action.slot] = false;
        else if (action.kind == SceneAction::Kind::Return)
            stocked[action.slot] = true;
        offsets[action.slot] = m_nudges[a];
    }
    for (std::size_t i = 0; i < m_polygons.size(); ++i) {
        if (!stocked[i])
            continue;
        const cv::Rect target = (m_boxes[i] + offsets[i]) & cv::Rect({}, d.size);
        const cv::Rect source(target.tl() - m_boxes[i].tl() - offsets[i], target.size());
        m_productImages[i](source).copyTo(image(target), m_productMasks[i](source));
    }

    for (const SceneAction &action : d.actions) {
        const int t = index - action.startFrame;
        if (t < 0 || t >= action.frames)
            continue;
        if (action.kind == SceneAction::Kind::PasserBy) {
            // Head and shoulders of a shopper close to the camera, slightly out of focus.
            const double s = double(t) / std::max(1, action.frames - 1);
            const int w = d.size.width / 4;
            const int cx = cvRound(-w + s * (d.size.width + 2 * w));
            const int top = cvRound(d.size.height * (kShelfBottom + 0.05));
            const cv::Rect area
                = cv::Rect(cx - w, top, 2 * w, d.size.height - top) & cv::Rect({}, d.size);
            if (area.empty())
                continue;
            cv::Mat patch = image(area).clone();
            const cv::Point c(cx - area.x, 0);
            const int headR = std::max(4, (d.size.height - top) / 4);
            cv::ellipse(patch, c + cv::Point(0, 3 * headR), {w * 2 / 3, 2 * headR}, 0, 180, 360,
                        kSleeves[action.startFrame % std::size(kSleeves)], cv::FILLED, cv::LINE_AA);
            cv::rectangle(patch, {c.x - w * 2 / 3, c.y + 3 * headR}, {c.x + w * 2 / 3, patch.rows},
                          kSleeves[action.startFrame % std::size(kSleeves)], cv::FILLED);
            cv::circle(patch, c + cv::Point(0, headR + 2), headR,
                       kSkins[action.startFrame % std::size(kSkins)], cv::FILLED, cv::LINE_AA);
            cv::circle(patch, c + cv::Point(0, headR / 2), headR * 9 / 10, cv::Scalar(30, 35, 45),
                       cv::FILLED, cv::LINE_AA);
            cv::GaussianBlur(patch, patch, {0, 0}, std::max(1.0, w / 40.0));
            patch.copyTo(image(area));
        }
    }

    for (std::size_t a = 0; a < d.actions.size(); ++a) {
        const SceneAction &action = d.actions[a];
        SyntheticShelfSource::Arm arm;
        if (!armAt(action, index, arm))
            continue;
        SyntheticShelfSource::drawArm(image, arm);
        // The product travels with the hand: out after a take, in before a return.
        if (isCarrying(action, index)) {
            const cv::Rect &box = m_boxes[action.slot];
            const cv::Size small(std::max(2, box.width * 6 / 10), std::max(2, box.height * 6 / 10));
            cv::Mat product, mask;
            cv::resize(m_productImages[action.slot], product, small, 0, 0, cv::INTER_AREA);
            cv::resize(m_productMasks[action.slot], mask, small, 0, 0, cv::INTER_NEAREST);
            const cv::Rect target
                = cv::Rect(cvRound(arm.tip.x - small.width / 2.0),
                           cvRound(arm.tip.y - small.height * 0.6), small.width, small.height)
                & cv::Rect({}, d.size);
            if (!target.empty()) {
                const cv::Rect source(target.x - cvRound(arm.tip.x - small.width / 2.0),
                                      target.y - cvRound(arm.tip.y - small.height * 0.6),
                                      target.width, target.height);
                product(source).copyTo(image(target), mask(source));
            }
        }
    }

    // Light: ramps persist, flicker wobbles around them; a shadow sweeps; the camera shakes.
    double gain = 1.0;
    cv::Point2f shake(0, 0);
    for (const SceneAction &action : d.actions) {
        const int t = index - action.startFrame;
        if (t < 0)
            continue;
        if (action.kind == SceneAction::Kind::LightRamp) {
            const double s = std::min(1.0, double(t + 1) / std::max(1, action.frames));
            gain *= 1.0 + (action.amount - 1.0) * s;
        } else if (t < action.frames && action.kind == SceneAction::Kind::Flicker) {
            std::mt19937 random(d.seed + unsigned(index) * 2654435761u);
            gain *= 1.0
                + action.amount * (index % 2 ? 1 : -1)
                    * std::uniform_real_distribution<double>(0.5, 1.0)(random);
        } else if (t < action.frames && action.kind == SceneAction::Kind::Shake) {
            std::mt19937 random(d.seed * 3u + unsigned(index) * 40503u);
            std::uniform_real_distribution<float> jitter(-float(action.amount),
                                                         float(action.amount));
            shake = {std::round(jitter(random)), std::round(jitter(random))};
        } else if (t < action.frames && action.kind == SceneAction::Kind::Shadow) {
            const double s = double(t) / std::max(1, action.frames - 1);
            const double sx = d.size.width * 0.15, sy = d.size.height * 0.45;
            const double cx = -3 * sx + s * (d.size.width + 6 * sx);
            const cv::Rect area = cv::Rect(cvRound(cx - 3 * sx), 0, cvRound(6 * sx), d.size.height)
                & cv::Rect({}, d.size);
            if (area.empty())
                continue;
            cv::Mat shade(area.size(), CV_32F);
            for (int y = 0; y < shade.rows; ++y) {
                const double dy = (y - d.size.height * 0.4) / sy;
                for (int x = 0; x < shade.cols; ++x) {
                    const double dx = (area.x + x - cx) / sx;
                    shade.at<float>(y, x)
                        = float(1.0 - action.amount * std::exp(-0.5 * (dx * dx + dy * dy)));
                }
            }
            cv::Mat shade3, patch;
            cv::merge(std::vector<cv::Mat>{shade, shade, shade}, shade3);
            image(area).convertTo(patch, CV_32FC3);
            patch = patch.mul(shade3);
            patch.convertTo(image(area), CV_8UC3);
        }
    }
    if (shake != cv::Point2f(0, 0)) {
        const cv::Matx23d move(1, 0, shake.x, 0, 1, shake.y);
        cv::warpAffine(image, image, move, image.size(), cv::INTER_NEAREST, cv::BORDER_REPLICATE);
    }
    cv::Mat noisy;
    image.convertTo(noisy, CV_16SC3, gain);
    if (d.noiseSigma > 0) {
        cv::Mat noise(image.size(), CV_16SC3);
        cv::RNG rng(d.seed * 1000003ull + std::uint64_t(index));
        rng.fill(noise, cv::RNG::NORMAL, 0, d.noiseSigma);
        noisy += noise;
    }
    noisy.convertTo(bgr, CV_8UC3);
}

std::string SceneGenerator::writeClip(const std::string &basePath)
{
    if (!m_valid)
        return basePath + ": the scene is not valid (product pictures missing or a bad slot)";
    const SceneDescription &d = m_description;
    cv::VideoWriter writer(basePath + ".avi", cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), d.fps,
                           d.size);
    if (!writer.isOpened())
        return basePath + ".avi: cannot be written (no MJPG encoder?)";
    writer.set(cv::VIDEOWRITER_PROP_QUALITY, 90);
    cv::Mat frame;
    for (int i = 0; i < d.frameCount; ++i) {
        render(i, frame);
        writer.write(frame);
    }
    writer.release();

    std::ofstream toml(basePath + ".toml");
    toml << "# Generated by the scene generator: " << m_polygons.size() << " slots, "
         << d.size.width << "x" << d.size.height << "\n\n[shelf]\nid = \"generated\"\n\n[feed]\n"
         << "snapshot = \"tcp://127.0.0.1:5556\"\nupdates = \"tcp://127.0.0.1:5557\"\n"
         << "events = \"tcp://127.0.0.1:5558\"\n\n[camera]\nsource = \"" << basePath
         << ".avi\"\nwidth = " << d.size.width << "\nheight = " << d.size.height
         << "\nfps = " << d.fps << "\n";
    for (std::size_t i = 0; i < m_polygons.size(); ++i) {
        toml << "\n[[slot]]\nid = \"S" << i + 1 << "\"\nsku = \"" << m_products[i]
             << "\"\npolygon = [";
        for (std::size_t k = 0; k < m_polygons[i].size(); ++k)
            toml << (k ? ", " : "") << "[" << m_polygons[i][k].x << ", " << m_polygons[i][k].y
                 << "]";
        toml << "]\n";
    }
    if (!toml)
        return basePath + ".toml: cannot be written";

    std::ofstream json(basePath + ".json");
    json << "{\"frames\": " << d.frameCount << ", \"fps\": " << d.fps
         << ", \"width\": " << d.size.width << ", \"height\": " << d.size.height
         << ", \"slots\": " << m_polygons.size() << ", \"events\": [";
    for (std::size_t i = 0; i < m_truth.size(); ++i) {
        const TruthEvent &e = m_truth[i];
        json << (i ? ", " : "") << "{\"type\": \""
             << (e.type == SlotEvent::Type::Lift ? "lift" : "return") << "\", \"slot\": \"S"
             << e.slot + 1 << "\", \"sku\": \"" << m_products[e.slot]
             << "\", \"hand_left_frame\": " << e.handLeftFrame << "}";
    }
    json << "], \"actions\": [";
    static const char *const names[]
        = {"take", "return", "touch", "passer_by", "light_ramp", "flicker", "shadow", "shake"};
    for (std::size_t i = 0; i < d.actions.size(); ++i) {
        const SceneAction &a = d.actions[i];
        json << (i ? ", " : "") << "{\"kind\": \"" << names[int(a.kind)]
             << "\", \"start\": " << a.startFrame << ", \"frames\": " << a.frames
             << ", \"slot\": " << a.slot << ", \"amount\": " << a.amount << "}";
    }
    json << "]}\n";
    if (!json)
        return basePath + ".json: cannot be written";
    return {};
}

namespace {

// Lays out a clip's reaches one after another with short pauses, as shoppers come and go.
class ClipBuilder
{
public:
    ClipBuilder(cv::Size size, int rows, int columns, unsigned seed, double noise = 2.0)
        : m_random(seed)
    {
        m_scene.size = size;
        m_scene.rows = rows;
        m_scene.columns = columns;
        m_scene.seed = seed;
        m_scene.noiseSigma = noise;
        m_stocked.assign(std::size_t(rows * columns), true);
    }
    int slots() const { return int(m_stocked.size()); }
    int cursor() const { return m_cursor; }
    void wait(int frames) { m_cursor += frames; }

    // slot < 0: a random slot that allows the action; row >= 0 restricts it to that row.
    int reach(SceneAction::Kind kind, int slot = -1, int row = -1, bool advance = true)
    {
        if (slot < 0) {
            std::vector<int> candidates;
            for (int i = 0; i < slots(); ++i) {
                const bool wanted
                    = kind == SceneAction::Kind::Return ? !m_stocked[i] : m_stocked[i];
                if (wanted && (row < 0 || i / m_scene.columns == row))
                    candidates.push_back(i);
            }
            if (candidates.empty())
                return -1;
            slot = candidates[m_random() % candidates.size()];
        }
        const int frames = 10 + int(m_random() % 7);
        m_scene.actions.push_back({kind, m_cursor, frames, slot, 0});
        if (kind == SceneAction::Kind::Take)
            m_stocked[slot] = false;
        else if (kind == SceneAction::Kind::Return)
            m_stocked[slot] = true;
        if (advance)
            m_cursor += frames + 3 + int(m_random() % 4);
        return slot;
    }
    void add(SceneAction::Kind kind, int start, int frames, double amount)
    {
        m_scene.actions.push_back({kind, start, frames, -1, amount});
    }
    SceneDescription finish(int tail = 12)
    {
        m_scene.frameCount = m_cursor + tail;
        return m_scene;
    }

private:
    SceneDescription m_scene;
    std::mt19937 m_random;
    std::vector<bool> m_stocked;
    int m_cursor = 10; // the monitor learns the stocked shelf first
};

} // namespace

std::vector<SceneDescription> evaluationCorpus(unsigned seed)
{
    using K = SceneAction::Kind;
    std::vector<SceneDescription> corpus;
    unsigned n = seed * 100;
    const cv::Size qvga(320, 240), vga(640, 480), svga(800, 600), hd(1280, 720), wide(640, 360),
        pal(1024, 576);

    { // Takes and a put-back on the 12-slot shelf.
        ClipBuilder b(vga, 3, 4, ++n);
        const int first = b.reach(K::Take, -1, 0);
        b.reach(K::Take);
        b.reach(K::Return, first);
        corpus.push_back(b.finish());
    }
    { // 24 slots at 720p: reaches to the top row cross the rows below.
        ClipBuilder b(hd, 4, 6, ++n, 3.0);
        b.reach(K::Take, -1, 0);
        b.reach(K::Take, -1, 1);
        b.reach(K::Take, -1, 3);
        corpus.push_back(b.finish());
    }
    { // Six slots at 320x240.
        ClipBuilder b(qvga, 2, 3, ++n);
        const int taken = b.reach(K::Take);
        b.reach(K::Return, taken);
        b.reach(K::Take);
        corpus.push_back(b.finish());
    }
    { // Restock: the product comes back a little off its old place; the slot must re-learn it
        // and see the next take.
        ClipBuilder b(svga, 2, 4, ++n);
        const int slot = b.reach(K::Take);
        b.reach(K::Return, slot);
        b.wait(6);
        b.reach(K::Take, slot);
        corpus.push_back(b.finish());
    }
    for (const auto &[size, rows, columns, noise] :
         {std::tuple{vga, 3, 4, 2.0}, std::tuple{hd, 4, 6, 3.0}, std::tuple{qvga, 2, 3, 5.0}}) {
        // Hands that reach in and leave with nothing.
        ClipBuilder b(size, rows, columns, ++n, noise);
        b.reach(K::Touch, -1, 0);
        b.reach(K::Touch);
        b.reach(K::Touch, -1, rows - 1);
        corpus.push_back(b.finish());
    }
    { // Shoppers walking past.
        ClipBuilder b(vga, 3, 4, ++n);
        b.add(K::PasserBy, 10, 25, 0);
        b.add(K::PasserBy, 40, 18, 0);
        b.wait(55);
        corpus.push_back(b.finish());
    }
    { // A take while a shopper walks past.
        ClipBuilder b(wide, 3, 6, ++n);
        b.add(K::PasserBy, 12, 30, 0);
        b.reach(K::Take, -1, 2);
        b.reach(K::Take, -1, 0);
        corpus.push_back(b.finish());
    }
    { // The light dims by 40 % (a cloud) while a product is taken, and it is put back.
        ClipBuilder b(pal, 4, 4, ++n);
        b.add(K::LightRamp, 12, 30, 0.6);
        const int slot = b.reach(K::Take);
        b.reach(K::Return, slot);
        corpus.push_back(b.finish());
    }
    { // Flickering light during a take.
        ClipBuilder b(vga, 3, 4, ++n);
        b.add(K::Flicker, 8, 50, 0.08);
        b.reach(K::Take);
        b.reach(K::Touch);
        b.reach(K::Take);
        corpus.push_back(b.finish());
    }
    { // A shadow sweeping across the shelf, nothing taken.
        ClipBuilder b(svga, 2, 4, ++n);
        b.add(K::Shadow, 10, 30, 0.45);
        b.wait(40);
        corpus.push_back(b.finish());
    }
    { // A shadow, then takes once it has passed.
        ClipBuilder b(wide, 3, 6, ++n);
        b.add(K::Shadow, 10, 24, 0.4);
        b.wait(30);
        b.reach(K::Take);
        b.reach(K::Take);
        corpus.push_back(b.finish());
    }
    { // The camera is bumped, nothing taken.
        ClipBuilder b(vga, 3, 4, ++n);
        b.add(K::Shake, 15, 12, 2);
        b.wait(35);
        corpus.push_back(b.finish());
    }
    { // The camera is bumped, then a take and a return.
        ClipBuilder b(hd, 4, 6, ++n, 3.0);
        b.add(K::Shake, 10, 10, 3);
        b.wait(16);
        const int slot = b.reach(K::Take);
        b.reach(K::Return, slot);
        corpus.push_back(b.finish());
    }
    { // Two shoppers take at the same time.
        ClipBuilder b(pal, 4, 4, ++n);
        b.reach(K::Take, -1, 0, false);
        b.reach(K::Take, -1, 3);
        b.reach(K::Take);
        corpus.push_back(b.finish());
    }
    { // Everything at 320x240: a take, a touch, a put-back under a slow ramp.
        ClipBuilder b(qvga, 2, 3, ++n, 3.0);
        b.add(K::LightRamp, 10, 60, 1.3);
        const int slot = b.reach(K::Take);
        b.reach(K::Touch);
        b.reach(K::Return, slot);
        corpus.push_back(b.finish());
    }
    { // Heavy sensor noise at 720p.
        ClipBuilder b(hd, 4, 6, ++n, 6.0);
        const int slot = b.reach(K::Take);
        b.reach(K::Return, slot);
        corpus.push_back(b.finish());
    }
    { // Touches while a shopper walks past: nothing taken.
        ClipBuilder b(wide, 3, 6, ++n);
        b.add(K::PasserBy, 14, 28, 0);
        b.reach(K::Touch, -1, 2);
        b.reach(K::Touch);
        corpus.push_back(b.finish());
    }
    { // Light only: a ramp down and flicker.
        ClipBuilder b(pal, 4, 4, ++n);
        b.add(K::LightRamp, 10, 20, 0.7);
        b.add(K::Flicker, 35, 20, 0.1);
        b.wait(50);
        corpus.push_back(b.finish());
    }
    return corpus;
}

} // namespace shelf::vision
