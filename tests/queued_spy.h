#pragma once

#include <QList>
#include <QObject>

#include <tuple>
#include <type_traits>

namespace shelf::test {

// Records a signal emitted on another thread (the feed client's, the scale reader's) on the test's
// thread (queued), so the test may read the records while that thread runs. QSignalSpy in Qt 6.4
// appends on the emitting thread: reading it meanwhile is a data race (ThreadSanitizer found it).
template<typename... Args> class QueuedSpy : public QObject
{
public:
    template<typename Sender> QueuedSpy(Sender *sender, void (Sender::*signal)(Args...))
    {
        QObject::connect(
            sender, signal, this,
            [this](Args... values) {
                m_records.append(std::tuple<std::decay_t<Args>...>(values...));
            },
            Qt::QueuedConnection);
    }
    bool isEmpty() const { return m_records.isEmpty(); }
    qsizetype size() const { return m_records.size(); }
    const auto &at(qsizetype i) const { return m_records.at(i); }
    const auto &last() const { return m_records.last(); }
    const auto &records() const { return m_records; }
    void clear() { m_records.clear(); }
    auto takeFirst() { return m_records.takeFirst(); }

private:
    QList<std::tuple<std::decay_t<Args>...>> m_records;
};

} // namespace shelf::test
