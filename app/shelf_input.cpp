#include "shelf_input.h"

#include "trace.h"

#include <synthetic_shelf.h>

#include <QKeyEvent>

namespace shelf {

ShelfInput::ShelfInput(const ShelfConfig &config,
                       std::shared_ptr<vision::SyntheticShelfState> syntheticState, QObject *parent)
    : QObject(parent)
    , m_slotCount(int(config.slots.size()))
    , m_aisleWatched(!config.camera.aislePolygon.isEmpty())
    , m_syntheticState(std::move(syntheticState))
    , m_injectedOut(config.slots.size(), false)
{ }

void ShelfInput::setShelf(const ShelfConfig &config,
                          std::shared_ptr<vision::SyntheticShelfState> syntheticState)
{
    m_slotCount = int(config.slots.size());
    m_aisleWatched = !config.camera.aislePolygon.isEmpty();
    m_syntheticState = std::move(syntheticState);
    m_injectedOut = QVector<bool>(config.slots.size(), false);
}

void ShelfInput::lift(int slot)
{
    setStocked(slot, false);
}

void ShelfInput::putBack(int slot)
{
    setStocked(slot, true);
}

void ShelfInput::leave()
{
    if (m_syntheticState)
        m_syntheticState->shopperLeaves();
    // Without an aisle for the camera to watch, the shopper walking off is told to fusion as
    // a camera watching it would have seen it.
    if (!m_syntheticState || !m_aisleWatched)
        Q_EMIT aisleChanged(false, monotonicMicros());
}

void ShelfInput::setStocked(int slot, bool stocked)
{
    if (slot < 0 || slot >= m_slotCount)
        return;
    if (m_syntheticState) {
        m_syntheticState->setStocked(std::size_t(slot), stocked);
        return;
    }
    m_injectedOut[slot] = !stocked;
    SensorSlotEvent event;
    event.type = stocked ? SensorSlotEvent::Type::Return : SensorSlotEvent::Type::Lift;
    event.slot = slot;
    event.confidence = 1.0;
    event.atMicros = monotonicMicros();
    event.source = QStringLiteral("script");
    Q_EMIT sensorEvent(event);
}

void ShelfInput::scan(const QString &code)
{
    Q_EMIT identified(code, QStringLiteral("script"), 1.0);
}

bool ShelfInput::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QObject::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (key->isAutoRepeat())
        return true;
    if (key->key() >= Qt::Key_0 && key->key() <= Qt::Key_9) {
        const int slot = key->key() == Qt::Key_0 ? 9 : key->key() - Qt::Key_1;
        if (slot < m_slotCount) {
            const bool stocked = m_syntheticState ? m_syntheticState->isStocked(std::size_t(slot))
                                                  : !m_injectedOut[slot];
            setStocked(slot, !stocked);
        }
        return true;
    }
    switch (key->key()) {
    case Qt::Key_L:
        Q_EMIT languageToggleRequested();
        return true;
    case Qt::Key_W:
        leave();
        return true;
    case Qt::Key_D:
        Q_EMIT debugViewToggleRequested();
        return true;
    case Qt::Key_Q:
    case Qt::Key_Escape:
        Q_EMIT quitRequested();
        return true;
    default:
        return QObject::eventFilter(watched, event);
    }
}

} // namespace shelf
