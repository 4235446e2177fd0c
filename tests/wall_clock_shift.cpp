#include "wall_clock_shift.h"

#include <time.h>
#include <unistd.h>

#include <QDateTime>

#include <atomic>
#include <sys/syscall.h>
#include <sys/time.h>

namespace {

std::atomic<long long> shiftSeconds{0};

bool isWallClock(clockid_t clock)
{
    return clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE || clock == CLOCK_TAI;
}

} // namespace

// The kernel's clocks through the system call itself: libc's clock_gettime is the one replaced.
extern "C" int clock_gettime(clockid_t clock, timespec *time) noexcept
{
    const long result = ::syscall(SYS_clock_gettime, clock, time);
    if (result == 0 && isWallClock(clock))
        time->tv_sec += shiftSeconds.load(std::memory_order_relaxed);
    return int(result);
}

extern "C" int gettimeofday(timeval *time, void *) noexcept
{
    timespec now{};
    const int result = clock_gettime(CLOCK_REALTIME, &now);
    if (result == 0) {
        time->tv_sec = now.tv_sec;
        time->tv_usec = now.tv_nsec / 1000;
    }
    return result;
}

extern "C" time_t time(time_t *result) noexcept
{
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    if (result)
        *result = now.tv_sec;
    return now.tv_sec;
}

namespace shelf::test {

qint64 shiftWallClock(qint64 seconds)
{
    const QDateTime before = QDateTime::currentDateTimeUtc();
    shiftSeconds = seconds;
    return before.secsTo(QDateTime::currentDateTimeUtc());
}

} // namespace shelf::test
