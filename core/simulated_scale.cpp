#include "simulated_scale.h"

#include "bounded_file.h"
#include "shelf_config.h"

#include <synthetic_shelf.h>

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace shelf {

namespace {

constexpr double tareGrams = 850; // the shelf tray on the cell
constexpr double settleTimeMs = 250; // a cell's time constant after a change

} // namespace

SimulatedScaleBoard::SimulatedScaleBoard(QVector<Slot> slots,
                                         std::shared_ptr<vision::SyntheticShelfState> shelf,
                                         unsigned seed)
    : m_slots(std::move(slots))
    , m_shelf(std::move(shelf))
    , m_random(seed)
{
    for (const Slot &slot : std::as_const(m_slots)) {
        if (slot.channel >= 0 && std::none_of(m_cells.cbegin(), m_cells.cend(), [&](const Cell &c) {
                return c.channel == slot.channel;
            }))
            m_cells.append({slot.channel, -1, 0});
    }
}

QByteArray SimulatedScaleBoard::nextLines(qint64 nowMs)
{
    const double elapsedMs = m_lastMs < 0 ? 100 : double(nowMs - m_lastMs);
    m_lastMs = nowMs;
    std::normal_distribution<double> noise(0, 1.2);
    std::uniform_real_distribution<double> uniform(0, 1);
    QByteArray lines;
    for (Cell &cell : m_cells) {
        double trueGrams = tareGrams;
        for (int i = 0; i < m_slots.size(); ++i) {
            if (m_slots[i].channel == cell.channel && m_shelf->isStocked(std::size_t(i)))
                trueGrams += m_slots[i].unitWeightGrams;
        }
        if (cell.shownGrams < 0)
            cell.shownGrams = trueGrams;
        // First-order settling towards the true weight, plus a slow temperature drift.
        cell.shownGrams
            += (trueGrams - cell.shownGrams) * (1 - std::exp(-elapsedMs / settleTimeMs));
        cell.driftGrams += 0.002 * elapsedMs / 100 * (uniform(m_random) < 0.5 ? -1 : 1);
        double reading = cell.shownGrams + cell.driftGrams + noise(m_random);
        if (uniform(m_random) < 0.01)
            reading += uniform(m_random) < 0.5 ? -350 : 350; // a single-sample spike
        lines += QByteArray::number(cell.channel) + ' ' + QByteArray::number(reading, 'f', 1) + ' '
            + QByteArray::number(nowMs) + "\r\n";
    }
    return lines;
}

std::shared_ptr<SimulatedScaleBoard>
simulatedBoardFor(const ShelfConfig &config, std::shared_ptr<vision::SyntheticShelfState> shelf)
{
    QHash<QString, double> catalogWeights;
    // The demo catalog's own reader reports what is wrong with it; here it only lends weights.
    const BoundedRead catalog = config.demoCatalog.isEmpty()
        ? BoundedRead{}
        : readBoundedFile(config.demoCatalog, maxCatalogBytes);
    if (catalog.error.isEmpty()) {
        for (const QJsonValue &record : QJsonDocument::fromJson(catalog.bytes).array())
            catalogWeights.insert(record[QStringLiteral("sku")].toString(),
                                  record[QStringLiteral("unit_weight_g")].toDouble());
    }
    QVector<SimulatedScaleBoard::Slot> slots;
    for (const SlotConfig &slot : config.slots)
        slots.append(
            {slot.scaleChannel,
             slot.unitWeightGrams > 0 ? slot.unitWeightGrams : catalogWeights.value(slot.sku)});
    return std::make_shared<SimulatedScaleBoard>(slots, std::move(shelf));
}

} // namespace shelf
