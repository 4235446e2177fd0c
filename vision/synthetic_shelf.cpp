#include "synthetic_shelf.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>

namespace shelf::vision {

namespace {

// Offsets of the sensor noise field from frame to frame: 32 x 32 of them.
constexpr int noiseMargin = 32;

} // namespace

SyntheticShelfState::SyntheticShelfState(std::size_t slotCount)
    : m_stocked(slotCount, true)
{ }

std::size_t SyntheticShelfState::slotCount() const
{
    std::lock_guard lock(m_mutex);
    return m_stocked.size();
}

void SyntheticShelfState::remap(const std::vector<int> &previousIndex)
{
    std::lock_guard lock(m_mutex);
    std::vector<bool> stocked(previousIndex.size(), true);
    for (std::size_t i = 0; i < previousIndex.size(); ++i) {
        const int from = previousIndex[i];
        if (from >= 0 && std::size_t(from) < m_stocked.size())
            stocked[i] = m_stocked[std::size_t(from)];
    }
    m_stocked = std::move(stocked);
    m_reaches.clear();
    m_shopperSlot = std::min(m_shopperSlot, m_stocked.empty() ? 0 : m_stocked.size() - 1);
}

void SyntheticShelfState::setStocked(std::size_t slot, bool stocked)
{
    std::lock_guard lock(m_mutex);
    if (slot >= m_stocked.size())
        return;
    m_reaches.push_back({slot, stocked, 0});
    if (!m_shopperWanted && m_shopperStep == 0)
        ++m_arrivals; // someone new steps up
    if (!m_shopperWanted || m_shopperStep == 0)
        m_shopperSlot = slot;
    m_shopperWanted = true;
}

void SyntheticShelfState::shopperArrives(std::size_t slot)
{
    std::lock_guard lock(m_mutex);
    if (m_shopperStep == 0)
        m_shopperSlot = slot;
    m_shopperWanted = true;
}

void SyntheticShelfState::shopperLeaves()
{
    std::lock_guard lock(m_mutex);
    m_shopperWanted = false;
}

bool SyntheticShelfState::isStocked(std::size_t slot) const
{
    std::lock_guard lock(m_mutex);
    return slot < m_stocked.size() && m_stocked[slot];
}

std::vector<SyntheticShelfState::Reach> SyntheticShelfState::advance(int framesPerReach,
                                                                     Shopper *shopper)
{
    constexpr int shopperSteps = 6; // frames to step up to the shelf or away from it
    std::lock_guard lock(m_mutex);
    m_shopperStep = std::clamp(m_shopperStep + (m_shopperWanted ? 1 : -1), 0, shopperSteps);
    if (shopper)
        *shopper = {double(m_shopperStep) / shopperSteps, m_shopperSlot, m_arrivals};
    std::vector<Reach> visible;
    for (auto it = m_reaches.begin(); it != m_reaches.end();) {
        // The product changes state at the middle of the reach, while the hand covers the slot.
        if (it->frame == framesPerReach / 2)
            m_stocked[it->slot] = it->stockedAfter;
        if (it->frame >= framesPerReach) {
            it = m_reaches.erase(it);
            continue;
        }
        visible.push_back(*it);
        ++it->frame;
        ++it;
    }
    return visible;
}

static std::uint32_t hashSku(const std::string &sku)
{
    std::uint32_t h = 2166136261u; // FNV-1a: stable across runs and platforms
    for (unsigned char c : sku)
        h = (h ^ c) * 16777619u;
    return h;
}

cv::Mat SyntheticShelfSource::packageTexture(const std::string &sku, cv::Size size)
{
    std::mt19937 random(hashSku(sku));
    auto channel = [&random](int lo, int hi) {
        return std::uniform_int_distribution(lo, hi)(random);
    };
    const cv::Scalar base(channel(40, 220), channel(40, 220), channel(40, 220));
    const cv::Scalar accent(255 - base[0], 255 - base[1], 255 - base[2]);
    cv::Mat texture(size, CV_8UC3, base);
    // Stripes, a label and a logo circle: enough structure for an appearance match to lock on.
    const int stripes = channel(3, 7);
    for (int i = 0; i < stripes; ++i) {
        const int y = (i * 2 + 1) * size.height / (stripes * 2 + 1);
        cv::line(texture, {0, y}, {size.width, y + channel(-size.height / 8, size.height / 8)},
                 accent, std::max(1, size.height / 40), cv::LINE_AA);
    }
    const cv::Rect label(size.width / 6, size.height / 3, size.width * 2 / 3, size.height / 3);
    cv::rectangle(texture, label, cv::Scalar(245, 245, 240), cv::FILLED);
    for (int i = 0; i < 4; ++i) {
        const int y = label.y + label.height * (i + 1) / 5;
        cv::line(texture, {label.x + label.width / 8, y},
                 {label.x + label.width * channel(4, 7) / 8, y}, cv::Scalar(40, 40, 40),
                 std::max(1, size.height / 60));
    }
    cv::circle(texture, {size.width / 2, size.height / 6}, std::max(2, size.width / 8), accent,
               cv::FILLED, cv::LINE_AA);
    return texture;
}

cv::Mat SyntheticShelfSource::shelfBack(cv::Size size, const std::vector<cv::Rect> &slotBoxes)
{
    // A faint wood grain, so that an empty slot is not perfectly flat.
    cv::Mat back(size, CV_8UC3, cv::Scalar(150, 160, 170));
    for (int y = 0; y < back.rows; y += 3) {
        const int shade = 150 + static_cast<int>(8 * std::sin(y * 0.21));
        cv::line(back, {0, y}, {back.cols, y}, cv::Scalar(shade, shade + 8, shade + 16));
    }
    for (const cv::Rect &box : slotBoxes)
        cv::rectangle(back, {box.x - 6, box.y + box.height, box.width + 12, 8},
                      cv::Scalar(90, 100, 110), cv::FILLED);
    return back;
}

namespace {

// A limb segment shaded as a cylinder: darker at its edges, lighter along its middle.
void drawLimb(cv::Mat &image, cv::Point2f from, cv::Point2f to, float width, cv::Scalar colour,
              bool mask)
{
    const int layers = mask ? 1 : 4;
    for (int k = 0; k < layers; ++k) {
        const double light = mask ? 1.0 : 0.68 + 0.13 * k;
        const int thickness = std::max(1, cvRound(width * (1.0 - 0.24 * k)));
        cv::line(image, from, to, mask ? cv::Scalar::all(255) : colour * light, thickness,
                 cv::LINE_AA);
    }
}

void paintArm(cv::Mat &image, const SyntheticShelfSource::Arm &arm, bool mask)
{
    const float hw = std::max(4.f, arm.handWidth);
    cv::Point2f dir = arm.direction;
    dir *= 1.f / std::max(1e-3f, float(cv::norm(dir)));
    // The sleeve runs on out of the picture.
    const cv::Point2f bottom = arm.tip - dir * float(2 * (image.rows + image.cols));
    const cv::Point2f perp(-dir.y, dir.x);
    const cv::Point2f fingerBase = arm.tip - dir * (0.45f * hw);
    const cv::Point2f wrist = arm.tip - dir * (1.1f * hw);
    const cv::Point2f cuff = wrist - dir * (1.4f * hw);
    const cv::Scalar white = cv::Scalar::all(255);

    // The sleeve's round end would reach past its cuff: start it half a width lower.
    drawLimb(image, cuff - dir * (0.6f * hw), bottom, 1.2f * hw, arm.sleeve, mask);
    drawLimb(image, wrist, cuff + dir * (0.1f * hw), 0.7f * hw, arm.skin, mask);
    // The sleeve's cuff: a darker band where the fabric folds.
    if (!mask)
        cv::line(image, cuff - dir * (0.6f * hw), cuff - dir * (0.75f * hw), arm.sleeve * 0.55,
                 std::max(1, cvRound(1.2f * hw)), cv::LINE_AA);

    const double angle = std::atan2(dir.y, dir.x) * 180.0 / CV_PI;
    const cv::Point2f palm = (fingerBase + wrist) * 0.5f;
    const cv::Size palmAxes(std::max(2, cvRound(0.38f * hw)), std::max(2, cvRound(0.5f * hw)));
    cv::ellipse(image, palm, palmAxes, angle, 0, 360, mask ? white : arm.skin * 0.75, cv::FILLED,
                cv::LINE_AA);
    if (!mask)
        cv::ellipse(image, palm + perp * (0.06f * hw),
                    {std::max(1, palmAxes.width * 3 / 4), std::max(1, palmAxes.height * 3 / 4)},
                    angle, 0, 360, arm.skin * 1.05, cv::FILLED, cv::LINE_AA);
    // Four fingers, the middle ones longest, and a thumb held to the side.
    const float lengths[] = {0.82f, 1.0f, 0.96f, 0.75f};
    for (int i = 0; i < 4; ++i) {
        const float offset = (-0.3f + 0.2f * i) * hw;
        const cv::Point2f base = fingerBase + perp * offset;
        const cv::Point2f end = base + dir * (0.45f * hw * lengths[i]) + perp * (offset * 0.15f);
        drawLimb(image, base, end, 0.19f * hw, arm.skin, mask);
    }
    drawLimb(image, wrist + dir * (0.25f * hw) + perp * (0.35f * hw),
             fingerBase + perp * (0.62f * hw) - dir * (0.05f * hw), 0.2f * hw, arm.skin, mask);
    if (!mask)
        cv::line(image, fingerBase - perp * (0.38f * hw), fingerBase + perp * (0.38f * hw),
                 arm.skin * 0.6, 1, cv::LINE_AA);
}

} // namespace

void SyntheticShelfSource::drawArm(cv::Mat &image, const Arm &arm)
{
    paintArm(image, arm, false);
}

void SyntheticShelfSource::drawArmMask(cv::Mat &mask, const Arm &arm)
{
    paintArm(mask, arm, true);
}

SyntheticShelfSource::SyntheticShelfSource(std::vector<Slot> slots,
                                           std::shared_ptr<SyntheticShelfState> state,
                                           Options options)
    : m_slots(std::move(slots))
    , m_state(std::move(state))
    , m_options(options)
    , m_rng(options.seed)
{
    std::vector<cv::Rect> boxes;
    for (const Slot &slot : m_slots) {
        boxes.push_back(cv::boundingRect(slot.polygon) & cv::Rect({}, m_options.size));
        m_textures.push_back(packageTexture(slot.sku, boxes.back().size()));
    }
    m_background = shelfBack(m_options.size, boxes);
    m_noise.create(m_options.size + cv::Size(noiseMargin, noiseMargin), CV_8SC3);
    m_rng.fill(m_noise, cv::RNG::NORMAL, 0, m_options.noiseSigma);
}

void SyntheticShelfSource::drawShopper(cv::Mat &image, float x, double presence, int look)
{
    if (presence <= 0)
        return;
    // Blue, red, white, a grey as light as the shelf's back, black; dark, fair and grey hair.
    static const cv::Scalar shirts[]
        = {{150, 90, 60}, {40, 40, 170}, {235, 235, 232}, {152, 161, 170}, {30, 30, 32}};
    static const cv::Scalar hair[] = {{30, 32, 38}, {90, 160, 200}, {150, 150, 152}};
    const cv::Scalar shirt = shirts[std::abs(look) % 5];
    const cv::Scalar head = hair[std::abs(look) % 3];
    // Sized to the picture, and low enough to stay below the boards' edges.
    const float unit = image.rows / 480.f;
    const float sink = float(1.0 - presence) * 40 * unit;
    const cv::Point2f shoulders(x, image.rows + 12 * unit + sink);
    cv::ellipse(image, shoulders, cv::Size(cvRound(100 * unit), cvRound(28 * unit)), 0, 180, 360,
                shirt, cv::FILLED, cv::LINE_AA);
    cv::ellipse(image, shoulders, cv::Size(cvRound(80 * unit), cvRound(20 * unit)), 0, 200, 340,
                shirt * 1.12, cv::FILLED, cv::LINE_AA);
    cv::circle(image, cv::Point2f(x, image.rows - 2 * unit + sink), cvRound(16 * unit), head,
               cv::FILLED, cv::LINE_AA);
}

void SyntheticShelfSource::drawHand(cv::Mat &image, const cv::Rect &slotBox, int frame) const
{
    // The hand comes from below the shelf, covers the slot at the middle of the reach and leaves.
    const int half = std::max(1, m_options.framesPerReach / 2);
    const double depth = frame <= half ? double(frame + 1) / half
                                       : double(m_options.framesPerReach - frame) / half;
    const double palmY = image.rows - depth * (image.rows - slotBox.y - slotBox.height / 4);
    Arm arm;
    arm.tip = {slotBox.x + slotBox.width / 2.f, float(palmY - slotBox.height / 3.0)};
    arm.handWidth = slotBox.width * 0.6f;
    drawArm(image, arm);
}

bool SyntheticShelfSource::read(Frame &frame)
{
    if (m_options.realtime) {
        const auto period
            = std::max<Clock::duration>(std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(1.0 / m_options.fps)),
                                        m_minInterval);
        const auto now = Clock::now();
        if (m_nextFrameAt == Clock::time_point{} || now - m_nextFrameAt > period * 4)
            m_nextFrameAt = now;
        std::this_thread::sleep_until(m_nextFrameAt);
        m_nextFrameAt += period;
    }
    SyntheticShelfState::Shopper shopper;
    const auto reaches = m_state->advance(m_options.framesPerReach, &shopper);

    cv::Mat image = m_background.clone();
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (!m_state->isStocked(i))
            continue;
        const cv::Rect box = cv::boundingRect(m_slots[i].polygon) & cv::Rect({}, m_options.size);
        m_textures[i](cv::Rect({}, box.size())).copyTo(image(box));
    }
    // A slot partly outside the picture is drawn where it is seen; one wholly outside, not at all.
    const cv::Rect picture({}, m_options.size);
    if (shopper.slot < m_slots.size()) {
        const cv::Rect box = cv::boundingRect(m_slots[shopper.slot].polygon) & picture;
        if (!box.empty())
            drawShopper(image, box.x + box.width / 2.f, shopper.presence, shopper.look);
    }
    for (const auto &reach : reaches) {
        if (reach.slot >= m_slots.size())
            continue; // the state already has the slots of a newer config
        const cv::Rect box = cv::boundingRect(m_slots[reach.slot].polygon) & picture;
        if (!box.empty())
            drawHand(image, box, reach.frame);
    }
    // Light that breathes a little (auto exposure) and sensor noise.
    const double gain = 1.0 + 0.02 * std::sin(m_nextIndex * 0.05);
    image.convertTo(image, -1, gain, 0);
    const cv::Rect noiseWindow(m_rng.uniform(0, noiseMargin), m_rng.uniform(0, noiseMargin),
                               image.cols, image.rows);
    cv::add(image, m_noise(noiseWindow), frame.image, cv::noArray(), CV_8U);

    frame.index = m_nextIndex++;
    frame.capturedAt = Clock::now();
    return true;
}

} // namespace shelf::vision
