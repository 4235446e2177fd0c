#include "service_notifier.h"

#include <unistd.h>

#include <QLoggingCategory>
#include <QQuickWindow>

#include <cstdlib>
#include <cstring>
#include <systemd/sd-daemon.h>

Q_LOGGING_CATEGORY(lcService, "shelf.service")

namespace shelf {

ServiceNotifier::ServiceNotifier(QQuickWindow *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{
    m_watchdogTimer.setTimerType(Qt::CoarseTimer);
    connect(&m_watchdogTimer, &QTimer::timeout, this, &ServiceNotifier::tick);
}

ServiceNotifier::~ServiceNotifier() = default;

bool ServiceNotifier::notifySocketSet()
{
    const char *socket = std::getenv("NOTIFY_SOCKET");
    return socket && *socket;
}

qint64 ServiceNotifier::watchdogMicros()
{
    // sd_watchdog_enabled() would refuse a WATCHDOG_PID of cage, our parent, so the variables
    // are read here by the rules of sd_watchdog_enabled(3), with the parent allowed.
    const char *usecText = std::getenv("WATCHDOG_USEC");
    if (!usecText || !*usecText)
        return 0;
    char *end = nullptr;
    const long long usec = std::strtoll(usecText, &end, 10);
    if (*end != '\0' || usec <= 0)
        return 0;
    if (const char *pidText = std::getenv("WATCHDOG_PID"); pidText && *pidText) {
        const long long pid = std::strtoll(pidText, &end, 10);
        if (*end != '\0' || (pid != getpid() && pid != getppid()))
            return 0;
    }
    return usec;
}

void ServiceNotifier::start()
{
    if (!notifySocketSet() || !m_window)
        return;
    // Direct: frameSwapped comes from the render thread; the flag is all it touches there.
    connect(
        m_window, &QQuickWindow::frameSwapped, this,
        [this] { m_frameSwapped.store(true, std::memory_order_release); }, Qt::DirectConnection);
    // Queued: READY=1 is sent from the GUI thread, once it took the first frame's news.
    m_firstFrame = connect(m_window, &QQuickWindow::frameSwapped, this,
                           &ServiceNotifier::onFirstFrame, Qt::QueuedConnection);
    m_window->update();
    const qint64 usec = watchdogMicros();
    if (usec > 0) {
        // Three chances per period: one late frame on a busy machine is no restart.
        m_watchdogTimer.start(int(std::max<qint64>(1, usec / 3000)));
        qCInfo(lcService) << "systemd watchdog every" << usec / 1000 << "ms";
    }
}

void ServiceNotifier::onFirstFrame()
{
    disconnect(m_firstFrame);
    if (m_readySent)
        return;
    m_readySent = true;
    const int sent = sd_notify(0, "READY=1\nSTATUS=showing the shelf");
    if (sent < 0)
        qCWarning(lcService) << "READY=1 not sent to systemd:" << std::strerror(-sent);
}

void ServiceNotifier::tick()
{
    // The frame asked for at the tick before reached the screen: both threads are alive. A
    // window with nothing to render to (the screen switched off for the night, the output gone)
    // swaps no frames: then the GUI thread's own life is the proof, or a dark screen would be
    // restarted every watchdog period.
    const bool swapped = m_frameSwapped.exchange(false, std::memory_order_acq_rel);
    if (swapped || (m_window && !m_window->isExposed())) {
        const int sent = sd_notify(0, "WATCHDOG=1");
        if (sent < 0)
            qCWarning(lcService) << "WATCHDOG=1 not sent to systemd:" << std::strerror(-sent);
        else
            ++m_pings;
    }
    // A still screen renders nothing by itself; this one frame per tick is the proof of life.
    if (m_window)
        m_window->update();
}

void ServiceNotifier::stopping()
{
    m_watchdogTimer.stop();
    // The render thread may still swap a frame while the display stops.
    if (m_window)
        disconnect(m_window, nullptr, this, nullptr);
    if (notifySocketSet())
        sd_notify(0, "STOPPING=1");
}

} // namespace shelf
