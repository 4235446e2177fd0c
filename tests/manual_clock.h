#pragma once

// A clock a test moves forward by hand: the alarms due ring at once, in time order, on the
// test's thread, so a test of a 30 s wait takes no 30 s and says exactly when a thing happens.

#include <shelf_clock.h>

#include <QObject>
#include <QPointer>

#include <map>
#include <memory>

namespace shelf::testing {

class ManualClock final : public ShelfClock
{
public:
    qint64 nowMicros() const override { return m_nowMicros; }

    std::unique_ptr<Alarm> ringAfter(int ms, QObject *context, std::function<void()> ring) override
    {
        const quint64 id = ++m_lastId;
        m_due.emplace(Key{m_nowMicros + qint64(ms) * 1000, id},
                      Entry{QPointer<QObject>(context), std::move(ring)});
        return std::make_unique<ManualAlarm>(*this, id);
    }

    // Moves the time forward by `ms`; every alarm due by then rings at its own time, including
    // those the ringing ones set.
    void advance(qint64 ms)
    {
        const qint64 until = m_nowMicros + ms * 1000;
        while (!m_due.empty() && m_due.begin()->first.atMicros <= until) {
            auto node = m_due.extract(m_due.begin());
            m_nowMicros = node.key().atMicros;
            if (node.mapped().context)
                node.mapped().ring();
        }
        m_nowMicros = until;
    }

    // Alarms set and neither rung nor cancelled.
    int pending() const { return int(m_due.size()); }

private:
    struct Key
    {
        qint64 atMicros;
        quint64 id; // alarms due at the same time ring in the order they were set
        bool operator<(const Key &other) const
        {
            return atMicros != other.atMicros ? atMicros < other.atMicros : id < other.id;
        }
    };
    struct Entry
    {
        QPointer<QObject> context;
        std::function<void()> ring;
    };
    class ManualAlarm final : public Alarm
    {
    public:
        ManualAlarm(ManualClock &clock, quint64 id)
            : m_clock(clock)
            , m_id(id)
        { }
        ~ManualAlarm() override { m_clock.cancel(m_id); }

    private:
        ManualClock &m_clock;
        quint64 m_id;
    };

    void cancel(quint64 id)
    {
        for (auto it = m_due.begin(); it != m_due.end(); ++it) {
            if (it->first.id == id) {
                m_due.erase(it);
                return;
            }
        }
    }

    qint64 m_nowMicros = 1'000'000'000; // not 0: a test's sensor times are usually small
    quint64 m_lastId = 0;
    std::map<Key, Entry> m_due;
};

} // namespace shelf::testing
