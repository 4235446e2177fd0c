#pragma once

#include <QtGlobal>

#include <functional>
#include <memory>

class QObject;

namespace shelf {

// A wait that a part of the display has set. Destroying it cancels it: it never rings after.
class Alarm
{
public:
    virtual ~Alarm() = default;
};

// The time that fusion and the view wait on: how long a product may be out before it was taken,
// how long a card stays up, when the attract loop changes language. The display runs on
// systemClock(); tests hand in a clock they move forward by hand, so that a test of a 30 s
// take needs no 30 s.
class ShelfClock
{
public:
    virtual ~ShelfClock() = default;
    // Now, in microseconds on a clock that never jumps (sensor events are dated on the same one).
    virtual qint64 nowMicros() const = 0;
    // Calls `ring` once, `ms` from now, unless the returned alarm or `context` was destroyed
    // first. Called on the thread `context` lives in, where `ring` runs. `ring` may destroy its
    // own alarm, or set another.
    [[nodiscard]] virtual std::unique_ptr<Alarm> ringAfter(int ms, QObject *context,
                                                           std::function<void()> ring)
        = 0;
};

// Qt's precise timers and the monotonic clock the trace dates events by.
ShelfClock &systemClock();

} // namespace shelf
