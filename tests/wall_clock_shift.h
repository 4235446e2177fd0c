#pragma once

#include <QtGlobal>

namespace shelf::test {

// Sets the wall clock of this test process `seconds` away from the system's, as a clock jump
// (an NTP step, a fixed RTC, an operator) would: CLOCK_REALTIME and what reads it
// (QDateTime::currentDateTimeUtc, std::chrono::system_clock, gettimeofday, time) jump, the
// monotonic clocks (QTimer, QElapsedTimer, steady_clock) run on. Only for a test program of its
// own: wall_clock_shift.cpp defines clock_gettime, which the dynamic linker then prefers over
// libc's for every library of the process. Returns how far QDateTime saw the wall clock jump.
qint64 shiftWallClock(qint64 seconds);

} // namespace shelf::test
