#include "synthetic_shelf.h"

#include <opencv2/imgproc.hpp>

#include <random>
#include <thread>

namespace shelf::vision {

SyntheticShelfState::SyntheticShelfState(std::size_t slotCount)
    : m_stocked(slotCount, true)
{ }

void SyntheticShelfState::setStocked(std::size_t slot, bool stocked)
{
    std::lock_guard lock(m_mutex);
    if (slot >= m_stocked.size())
        return;
    m_reaches.push_back({slot, stocked, 0});
}

bool SyntheticShelfState::isStocked(std::size_t slot) const
{
    std::lock_guard lock(m_mutex);
    return slot < m_stocked.size() && m_stocked[slot];
}

std::vector<SyntheticShelfState::Reach> SyntheticShelfState::advance(int framesPerReach)
{
    std::lock_guard lock(m_mutex);
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

SyntheticShelfSource::SyntheticShelfSource(std::vector<Slot> slots,
                                           std::shared_ptr<SyntheticShelfState> state,
                                           Options options)
    : m_slots(std::move(slots))
    , m_state(std::move(state))
    , m_options(options)
    , m_rng(options.seed)
{
    // Shelf back: a warm grey with a faint wood grain, so empty slots are not perfectly flat.
    m_background = cv::Mat(m_options.size, CV_8UC3, cv::Scalar(150, 160, 170));
    for (int y = 0; y < m_background.rows; y += 3) {
        const int shade = 150 + static_cast<int>(8 * std::sin(y * 0.21));
        cv::line(m_background, {0, y}, {m_background.cols, y},
                 cv::Scalar(shade, shade + 8, shade + 16));
    }
    for (const Slot &slot : m_slots) {
        const cv::Rect box = cv::boundingRect(slot.polygon) & cv::Rect({}, m_options.size);
        // Shelf board under each slot row.
        cv::rectangle(m_background, {box.x - 6, box.y + box.height, box.width + 12, 8},
                      cv::Scalar(90, 100, 110), cv::FILLED);
        m_textures.push_back(packageTexture(slot.sku, box.size()));
    }
}

void SyntheticShelfSource::drawHand(cv::Mat &image, const cv::Rect &slotBox, int frame) const
{
    // The hand comes from below the shelf, covers the slot at the middle of the reach and leaves.
    const int half = std::max(1, m_options.framesPerReach / 2);
    const double depth = frame <= half ? double(frame + 1) / half
                                       : double(m_options.framesPerReach - frame) / half;
    const cv::Scalar skin(105, 140, 200);
    const cv::Scalar sleeve(110, 60, 40);
    const cv::Scalar shade(70, 95, 140);
    const int armWidth = slotBox.width / 2;
    const int tipY
        = static_cast<int>(image.rows - depth * (image.rows - slotBox.y - slotBox.height / 4));
    const int centreX = slotBox.x + slotBox.width / 2;
    const int wristY = tipY + slotBox.height / 3;
    // A sleeve, a wrist and a hand with shaded fingers: what a camera above a shelf sees.
    cv::rectangle(image, {centreX - armWidth / 2 - 6, wristY + slotBox.height / 4},
                  {centreX + armWidth / 2 + 6, image.rows}, sleeve, cv::FILLED);
    cv::rectangle(image, {centreX - armWidth / 2, wristY},
                  {centreX + armWidth / 2, wristY + slotBox.height / 4}, skin, cv::FILLED);
    cv::ellipse(image, {centreX, tipY}, {armWidth * 3 / 4, slotBox.height / 3}, 0, 0, 360, skin,
                cv::FILLED, cv::LINE_AA);
    for (int finger = -1; finger <= 1; ++finger) {
        const int x = centreX + finger * armWidth / 3;
        cv::line(image, {x, tipY - slotBox.height / 4}, {x, tipY + slotBox.height / 8}, shade, 2,
                 cv::LINE_AA);
    }
}

bool SyntheticShelfSource::read(Frame &frame)
{
    if (m_options.realtime) {
        const auto period = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(1.0 / m_options.fps));
        const auto now = Clock::now();
        if (m_nextFrameAt == Clock::time_point{} || now - m_nextFrameAt > period * 4)
            m_nextFrameAt = now;
        std::this_thread::sleep_until(m_nextFrameAt);
        m_nextFrameAt += period;
    }
    const auto reaches = m_state->advance(m_options.framesPerReach);

    cv::Mat image = m_background.clone();
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (!m_state->isStocked(i))
            continue;
        const cv::Rect box = cv::boundingRect(m_slots[i].polygon) & cv::Rect({}, m_options.size);
        m_textures[i](cv::Rect({}, box.size())).copyTo(image(box));
    }
    for (const auto &reach : reaches) {
        const cv::Rect box = cv::boundingRect(m_slots[reach.slot].polygon);
        drawHand(image, box, reach.frame);
    }
    // Light that breathes a little (auto exposure) and sensor noise.
    const double gain = 1.0 + 0.02 * std::sin(m_nextIndex * 0.05);
    image.convertTo(image, -1, gain, 0);
    cv::Mat noise(image.size(), CV_16SC3);
    m_rng.fill(noise, cv::RNG::NORMAL, 0, m_options.noiseSigma);
    cv::Mat noisy;
    image.convertTo(noisy, CV_16SC3);
    noisy += noise;
    noisy.convertTo(frame.image, CV_8UC3);

    frame.index = m_nextIndex++;
    frame.capturedAt = Clock::now();
    return true;
}

} // namespace shelf::vision
