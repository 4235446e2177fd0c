#include "scale_channel.h"

#include <algorithm>
#include <cmath>
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
        return WeightChange{m_channel, delta,
                            atMs,      std::exchange(m_departedAtMs, std::nullopt).value_or(atMs),
                            false,     std::nullopt,
                            {}};
    }
    // Heavier: a product put back, or a hand leaning on the shelf. Only one that stays counts.
    if (!m_pendingArrival
        || std::abs(m_pendingArrival->grams - mean) > m_params.settleTolerance * 2)
        m_pendingArrival = Sample{mean, atMs};
    if (atMs - m_pendingArrival->atMs < m_params.arrivalConfirmMs)
        return std::nullopt;
    m_baseline = mean;
    m_pendingArrival.reset();
    return WeightChange{
        m_channel, delta,        atMs, std::exchange(m_departedAtMs, std::nullopt).value_or(atMs),
        false,     std::nullopt, {}};
}

std::optional<UnitMatch> matchUnits(double deltaGrams, const QVector<double> &unitWeights,
                                    int maxUnits, double tolerance)
{
    const double target = std::abs(deltaGrams);
    if (unitWeights.isEmpty() || unitWeights.size() > maxProductsPerChannel || maxUnits < 1
        || maxUnits > 12 || !std::isfinite(target))
        return std::nullopt;
    for (const double weight : unitWeights) {
        if (!std::isfinite(weight) || weight <= 0)
            return std::nullopt;
    }
    const double lightest = *std::min_element(unitWeights.begin(), unitWeights.end());
    const double heaviest = *std::max_element(unitWeights.begin(), unitWeights.end());
    const double allowed = std::max(8.0, lightest * tolerance);
    if (target > maxUnits * heaviest + allowed)
        return std::nullopt;

    // A dynamic programme over (units, weight) instead of trying every combination: 60 products
    // on a channel have 50 million combinations of up to six units, this is n x units x buckets.
    // Weights are counted in buckets of 0.1 g (coarser for very heavy changes, so the table stays
    // bounded); six rounded units are off by 0.3 g at most, against a tolerance of 8 g or more.
    const double ceiling = target + allowed;
    const double bucket = std::max(0.1, ceiling / 100000.0);
    const int buckets = int(std::ceil(ceiling / bucket)) + 1;
    const int products = int(unitWeights.size());
    std::vector<int> width(products);
    for (int i = 0; i < products; ++i)
        width[i] = std::max(1, int(std::lround(unitWeights[i] / bucket)));
    // ways[k][b]: how many different selections of k units weigh b buckets, counted up to 2 (one
    // or several is all that matters); last[k][b]: the product that first made it reachable.
    const auto at = [buckets](int k, int b) {
        return std::size_t(k) * buckets + b;
    };
    std::vector<quint8> ways(std::size_t(maxUnits + 1) * buckets, 0);
    std::vector<qint16> last(ways.size(), -1);
    ways[at(0, 0)] = 1;
    for (int i = 0; i < products; ++i) {
        for (int k = 1; k <= maxUnits; ++k) {
            for (int b = width[i]; b < buckets; ++b) {
                const quint8 from = ways[at(k - 1, b - width[i])];
                if (from == 0)
                    continue;
                quint8 &to = ways[at(k, b)];
                if (to == 0)
                    last[at(k, b)] = qint16(i);
                to = quint8(std::min(2, to + from));
            }
        }
    }
    const auto errorOf = [&](int b) {
        return std::abs(b * bucket - target);
    };
    const int lowest = std::max(1, int(std::floor((target - allowed) / bucket)));
    std::optional<std::pair<int, int>> bestState;
    for (int k = 1; k <= maxUnits; ++k) {
        for (int b = lowest; b < buckets; ++b) {
            if (ways[at(k, b)] && errorOf(b) <= allowed
                && (!bestState || errorOf(b) < errorOf(bestState->second)))
                bestState = std::pair{k, b};
        }
    }
    if (!bestState)
        return std::nullopt;
    // States as good as the best, within the rounding, are spelled out and compared exactly; of
    // equally good selections the one with the fewest of the first products wins, as the obvious
    // search in the shelf's order would have it.
    const auto spellOut = [&](int k, int b) {
        UnitMatch match;
        match.counts = QVector<int>(products, 0);
        double sum = 0;
        for (; k > 0; --k) {
            const int i = last[at(k, b)];
            ++match.counts[i];
            sum += unitWeights[i];
            b -= width[i];
        }
        match.errorGrams = std::abs(sum - target);
        return match;
    };
    std::optional<UnitMatch> chosen;
    for (int k = 1; k <= maxUnits; ++k) {
        for (int b = lowest; b < buckets; ++b) {
            if (!ways[at(k, b)] || errorOf(b) > errorOf(bestState->second) + bucket)
                continue;
            UnitMatch candidate = spellOut(k, b);
            if (candidate.errorGrams > allowed)
                continue;
            if (!chosen || candidate.errorGrams < chosen->errorGrams - 1e-9
                || (candidate.errorGrams < chosen->errorGrams + 1e-9
                    && std::lexicographical_compare(candidate.counts.begin(),
                                                    candidate.counts.end(), chosen->counts.begin(),
                                                    chosen->counts.end())))
                chosen = std::move(candidate);
        }
    }
    if (!chosen)
        return std::nullopt;
    UnitMatch best = *chosen;
    // Another selection within the noise of the best one cannot be told apart by weight.
    const double bestError = errorOf(bestState->second);
    int close = 0;
    for (int k = 1; k <= maxUnits; ++k) {
        for (int b = lowest; b < buckets; ++b) {
            if (errorOf(b) <= allowed && errorOf(b) - bestError < allowed / 2)
                close += ways[at(k, b)];
        }
    }
    best.ambiguous = close > 1;
    return best;
}

} // namespace shelf
