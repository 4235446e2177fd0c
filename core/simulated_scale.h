#pragma once

#include <QByteArray>
#include <QVector>

#include <memory>
#include <random>

namespace shelf::vision {
class SyntheticShelfState;
}

namespace shelf {

struct ShelfConfig;

// The load-cell board of the simulated shelf: prints what a real board prints, following the
// products in the synthetic camera scene, with a real cell's noise, spikes, drift and settling,
// so demo mode and tests go through the real parsing, filtering and fusion.
class SimulatedScaleBoard
{
public:
    struct Slot
    {
        int channel = -1;
        double unitWeightGrams = 0;
    };

    SimulatedScaleBoard(QVector<Slot> slots, std::shared_ptr<vision::SyntheticShelfState> shelf,
                        unsigned seed = 1);

    // One reading per channel for the moment nowMs, as protocol lines.
    QByteArray nextLines(qint64 nowMs);

private:
    struct Cell
    {
        int channel = 0;
        double shownGrams = 0;
        double driftGrams = 0;
    };

    QVector<Slot> m_slots;
    std::shared_ptr<vision::SyntheticShelfState> m_shelf;
    QVector<Cell> m_cells;
    std::mt19937 m_random;
    qint64 m_lastMs = -1;
};

// The board for a shelf: each slot's product weighs its unit_weight_g from the shelf config, or
// else from the demo catalog the built-in store server serves.
std::shared_ptr<SimulatedScaleBoard>
simulatedBoardFor(const ShelfConfig &config, std::shared_ptr<vision::SyntheticShelfState> shelf);

} // namespace shelf
