#pragma once

#include <QByteArray>
#include <QHash>
#include <QMetaType>
#include <QVector>

#include <cstdint>
#include <deque>
#include <optional>

namespace shelf {

// One line a shelf scale board prints: "<channel> <grams> [<device ms>]".
struct ScaleReading
{
    int channel = 0;
    double grams = 0;
    std::optional<qint64> deviceMs;
};

struct ScaleLine
{
    enum class Kind { Reading, Comment, Malformed };
    Kind kind = Kind::Malformed;
    ScaleReading reading;
    const char *problem = nullptr; // for Malformed: what is wrong
};

// Parses one line of ../shared/scale-protocol.md (without its line ending).
ScaleLine parseScaleLine(const QByteArray &line);

// How many of which product a change in weight means, from the products' unit weights.
struct UnitMatch
{
    QVector<int> counts; // per product, in the order given; positive: that many units
    double errorGrams = 0;
    bool ambiguous = false; // another combination fits about as well: let the camera decide
};

// The products on one scale channel: which slots, and one unit's weight in each.
struct ChannelProducts
{
    QVector<int> slotIndexes; // into the shelf's slots
    QVector<double> unitWeights; // grams, in the order of slotIndexes
    bool operator==(const ChannelProducts &other) const
    {
        return slotIndexes == other.slotIndexes && unitWeights == other.unitWeights;
    }
};
using UnitWeightTable = QHash<int, ChannelProducts>; // by channel

// A settled change of weight on one channel: what a product leaving or coming back looks like.
struct WeightChange
{
    int channel = 0;
    double deltaGrams = 0; // negative: weight left the shelf
    qint64 atMs = 0; // when the new level had settled
    qint64 startedAtMs = 0; // when the weight began to move: what other sensors are timed against
    // Which units it was, matched on the reader's thread against the products on the channel:
    // the search may take milliseconds, which the screen's thread must not spend.
    bool matched = false; // false: nobody matched it yet
    std::optional<UnitMatch> match;
    ChannelProducts products; // what it was matched against
};

// Turns one channel's noisy readings into settled changes. A median of the last few samples
// removes single spikes; a run of readings within a tolerance is a settled level; the change
// between two settled levels is reported. Weight that leaves is reported at once; weight that
// arrives only once it stayed a moment, so a shopper leaning on the shelf and letting go is
// nothing. A slow zero drift moves the baseline without a report.
class WeightChannel
{
public:
    struct Params
    {
        int medianWindow = 5;
        qint64 settleMs = 300; // a level must hold this long to count as settled
        double settleTolerance = 4.0; // grams either side of the level's mean
        double minChange = 15.0; // smaller changes between settled levels are drift
        qint64 arrivalConfirmMs = 1500; // weight that arrives must stay this long
    };

    explicit WeightChannel(int channel, Params params);
    explicit WeightChannel(int channel)
        : WeightChannel(channel, Params{})
    { }

    // Feeds a reading taken at atMs (monotonic); returns the change it completed, if any.
    std::optional<WeightChange> add(double grams, qint64 atMs);
    std::optional<double> baseline() const { return m_baseline; }

private:
    struct Sample
    {
        double grams;
        qint64 atMs;
    };

    int m_channel;
    Params m_params;
    std::deque<double> m_raw; // for the median
    std::deque<Sample> m_filtered; // the last settleMs of median-filtered readings
    std::optional<double> m_baseline;
    std::optional<Sample> m_pendingArrival; // a heavier level not yet confirmed
    std::optional<qint64> m_departedAtMs; // when the readings left the baseline
};

// Matches |deltaGrams| to whole multiples of the unit weights (up to maxUnits in all).
// nullopt if nothing fits within the tolerance (a fraction of the lightest unit, at least 8 g),
// or for more than maxProductsPerChannel products. Polynomial: a few milliseconds for 60 products.
constexpr int maxProductsPerChannel = 256;
std::optional<UnitMatch> matchUnits(double deltaGrams, const QVector<double> &unitWeights,
                                    int maxUnits = 6, double tolerance = 0.15);

} // namespace shelf

Q_DECLARE_METATYPE(shelf::WeightChange)
