#include "scale_channel.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <utility>

namespace shelf {

ScaleLine parseScaleLine(const QByteArray &line)
{
    ScaleLine result;
    if (line.size() > 256) {
        result.problem = "line over 256 bytes";
        return result;
    }
    const QByteArray trimmed = line.trimmed();
    if (trimmed.startsWith('#')) {
        result.kind = ScaleLine::Kind::Comment;
        return result;
    }
    const QList<QByteArray> fields = trimmed.simplified().split(' ');
    if (trimmed.isEmpty() || fields.size() < 2 || fields.size() > 3) {
        result.problem = "expected <channel> <grams> [<device ms>]";
        return result;
    }
    bool ok = false;
    const int channel = fields[0].toInt(&ok);
    if (!ok || channel < 0 || channel > 63) {
        result.problem = "channel is not 0 to 63";
        return result;
    }
    // Decimal grams only: no exponents, no inf or nan, which toDouble would accept.
    static const auto isDecimal = [](const QByteArray &text) {
        int digits = 0, dots = 0;
        for (int i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (c >= '0' && c <= '9')
                ++digits;
            else if (c == '.')
                ++dots;
            else if (!(c == '-' && i == 0))
                return false;
        }
        return digits > 0 && dots <= 1 && text.size() <= 16;
    };
    if (!isDecimal(fields[1])) {
        result.problem = "grams is not a decimal number";
        return result;
    }
    result.reading.channel = channel;
    result.reading.grams = fields[1].toDouble();
    if (fields.size() == 3) {
        const qint64 deviceMs = fields[2].toLongLong(&ok);
        if (!ok || deviceMs < 0) {
            result.problem = "device ms is not a whole number";
            return result;
        }
        result.reading.deviceMs = deviceMs;
    }
    result.kind = ScaleLine::Kind::Reading;
    return result;
}

WeightChannel::WeightChannel(int channel, Params params)
    : m_channel(channel)
    , m_params(params)
{ }

std::optional<WeightChange> WeightChannel::add(double grams, qint64 atMs)
{
    m_raw.push_back(grams);
    if (int(m_raw.size()) > m_params.medianWindow)
        m_raw.pop_front();
    std::vector<double> sorted(m_raw.begin(), m_raw.end());
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    const double median = sorted[sorted.size() / 2];

    m_filtered.push_back({median, atMs});
    if (m_baseline) {
        if (std::abs(median - *m_baseline) < m_params.minChange)
            m_departedAtMs.reset();
        else if (!m_departedAtMs)
            m_departedAtMs = atMs;
    }
    // Keep just enough history to span settleMs: drop the oldest while the next one still does.
    while (m_filtered.size() > 2 && m_filtered[1].atMs <= atMs - m_params.settleMs)
        m_filtered.pop_front();
    // Settled: the window spans settleMs and every filtered reading is near the window's mean.
    if (m_filtered.back().atMs - m_filtered.front().atMs < m_params.settleMs)
        return std::nullopt;
    const double mean = std::accumulate(m_filtered.begin(), m_filtered.end(), 0.0,
                                        [](double sum, const Sample &s) { return sum + s.grams; })
        / double(m_filtered.size());
    for (const Sample &sample : m_filtered) {
        if (std::abs(sample.grams - mean) > m_params.settleTolerance)
            return std::nullopt;
    }

    if (!m_baseline) {
        m_baseline = mean;
        return std::nullopt;
    }
    const double delta = mean - *m_baseline;
    if (std::abs(delta) < m_params.minChange) {
        // Back at (or drifting slowly around) the baseline: follow it, forget a pending arrival.
        m_baseline = *m_baseline * 0.9 + mean * 0.1;
        m_pendingArrival.reset();
        return std::nullopt;
    }
    if (delta < 0) {
        m_baseline = mean;
        m_pendingArrival.reset();
        return WeightChange{m_channel, delta, atMs,
                            std::exchange(m_departedAtMs, std::nullopt).value_or(atMs)};
    }
    // Heavier: a product put back, or a hand leaning on the shelf. Only one that stays counts.
    if (!m_pendingArrival
        || std::abs(m_pendingArrival->grams - mean) > m_params.settleTolerance * 2)
        m_pendingArrival = Sample{mean, atMs};
    if (atMs - m_pendingArrival->atMs < m_params.arrivalConfirmMs)
        return std::nullopt;
    m_baseline = mean;
    m_pendingArrival.reset();
    return WeightChange{m_channel, delta, atMs,
                        std::exchange(m_departedAtMs, std::nullopt).value_or(atMs)};
}

std::optional<UnitMatch> matchUnits(double deltaGrams, const QVector<double> &unitWeights,
                                    int maxUnits, double tolerance)
{
    const double target = std::abs(deltaGrams);
    if (unitWeights.isEmpty())
        return std::nullopt;
    const double lightest = *std::min_element(unitWeights.begin(), unitWeights.end());
    const double allowed = std::max(8.0, lightest * tolerance);
    std::vector<UnitMatch> fits;
    QVector<int> counts(unitWeights.size(), 0);
    // Few products share a channel and few units move at once: an exhaustive search is tiny.
    std::function<void(int, int, double)> search = [&](int index, int left, double sum) {
        if (index == unitWeights.size()) {
            const double error = std::abs(sum - target);
            if (sum > 0 && error <= allowed)
                fits.push_back({counts, error, false});
            return;
        }
        for (int n = 0; n <= left; ++n) {
            counts[index] = n;
            search(index + 1, left - n, sum + n * unitWeights[index]);
        }
        counts[index] = 0;
    };
    search(0, maxUnits, 0.0);
    if (fits.empty())
        return std::nullopt;
    std::sort(fits.begin(), fits.end(),
              [](const UnitMatch &a, const UnitMatch &b) { return a.errorGrams < b.errorGrams; });
    UnitMatch best = fits.front();
    // Another combination within the noise of the best one cannot be told apart by weight.
    best.ambiguous = fits.size() > 1 && fits[1].errorGrams - best.errorGrams < allowed / 2;
    return best;
}

} // namespace shelf
