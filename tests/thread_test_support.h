#pragma once

#include <QObject>
#include <QThread>

// QThread::wait() orders everything the thread did before it returns, through a QMutex inside
// Debian's Qt: a futex in uninstrumented code, which ThreadSanitizer cannot see. It then reports
// every member the thread wrote and the test destroys after wait(). These two tell it what
// wait() guarantees, and nothing more.
#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void *address);
extern "C" void __tsan_release(void *address);
#endif

namespace shelf::test {

// Before thread.start().
inline void announceEnd(QThread &thread)
{
#if defined(__SANITIZE_THREAD__)
    QObject::connect(
        &thread, &QThread::finished, &thread, [&thread] { __tsan_release(&thread); },
        Qt::DirectConnection);
#else
    Q_UNUSED(thread);
#endif
}

// QThread::wait(), for a thread announceEnd() was called on.
inline bool waitForEnd(QThread &thread, int timeoutMs)
{
    const bool ended = thread.wait(timeoutMs);
#if defined(__SANITIZE_THREAD__)
    if (ended)
        __tsan_acquire(&thread);
#endif
    return ended;
}

} // namespace shelf::test
