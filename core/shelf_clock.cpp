#include "shelf_clock.h"

#include "trace.h"

#include <QTimer>

namespace shelf {

namespace {

class TimerAlarm final : public Alarm
{
public:
    TimerAlarm(int ms, QObject *context, std::function<void()> ring)
        : m_timer(new QTimer)
        , m_ring(std::move(ring))
    {
        m_timer->setSingleShot(true);
        m_timer->setTimerType(Qt::PreciseTimer);
        QObject::connect(m_timer, &QTimer::timeout, context, [this] {
            m_ringing = true;
            const std::weak_ptr<bool> alive = m_alive;
            const auto ring = m_ring; // a copy: the call may destroy the alarm, and m_ring
            ring();
            if (!alive.expired())
                m_ringing = false;
        });
        m_timer->start(ms);
    }
    ~TimerAlarm() override
    {
        // Destroyed inside its own timeout signal, the timer may only go later; it never fires
        // again either way.
        m_timer->stop();
        QObject::disconnect(m_timer, nullptr, nullptr, nullptr);
        if (m_ringing)
            m_timer->deleteLater();
        else
            delete m_timer;
    }

private:
    QTimer *m_timer;
    std::function<void()> m_ring;
    bool m_ringing = false;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

class SystemClock final : public ShelfClock
{
public:
    qint64 nowMicros() const override { return monotonicMicros(); }
    std::unique_ptr<Alarm> ringAfter(int ms, QObject *context, std::function<void()> ring) override
    {
        return std::make_unique<TimerAlarm>(ms, context, std::move(ring));
    }
};

} // namespace

ShelfClock &systemClock()
{
    static SystemClock clock;
    return clock;
}

} // namespace shelf
