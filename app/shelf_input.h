#pragma once

#include "pickup.h"
#include "shelf_config.h"

#include <QObject>

#include <memory>

namespace shelf::vision {
class SyntheticShelfState;
}

namespace shelf {

// Simulated shopper actions from a script or the demo keyboard. On a simulated shelf they move
// the products in the generated camera scene, so detection sees them like real ones; on real
// hardware they are injected as sensor evidence. Either way they go through fusion.
class ShelfInput : public QObject
{
    Q_OBJECT
public:
    ShelfInput(const ShelfConfig &config,
               std::shared_ptr<vision::SyntheticShelfState> syntheticState,
               QObject *parent = nullptr);

    // The demo keyboard: digits lift or put back slots 1-10, W walks the shopper away,
    // L switches language, D the camera view, Q or Escape quits.
    bool eventFilter(QObject *watched, QEvent *event) override;
    // The operator changed the shelf's slots or aisle.
    void setShelf(const ShelfConfig &config,
                  std::shared_ptr<vision::SyntheticShelfState> syntheticState);

public Q_SLOTS:
    void lift(int slot);
    void putBack(int slot);
    // The shopper at the shelf walks away with whatever they hold.
    void leave();
    void scan(const QString &code);

Q_SIGNALS:
    void sensorEvent(const shelf::SensorSlotEvent &event);
    // Without a simulated scene: the aisle as a camera would have seen it.
    void aisleChanged(bool occupied, qint64 atMicros);
    void identified(const QString &code, const QString &source, double confidence);
    void languageToggleRequested();
    void debugViewToggleRequested();
    void quitRequested();

private:
    void setStocked(int slot, bool stocked);

    int m_slotCount;
    bool m_aisleWatched; // the camera sees the aisle; else leaving is told to fusion directly
    std::shared_ptr<vision::SyntheticShelfState> m_syntheticState;
    QVector<bool> m_injectedOut; // without a simulated scene: which slots the script emptied
};

} // namespace shelf
