#pragma once

#include <QObject>
#include <QTimer>

#include <atomic>

class QQuickWindow;

namespace shelf {

// The display's side of systemd's notify protocol (Type=notify, WatchdogSec=): READY=1 once the
// first frame is on screen, then WATCHDOG=1 only while both the GUI thread and the render loop
// live. Each ping asks the window for a frame and the next is sent only if that frame was
// swapped, from a timer on the GUI thread: a hung GUI thread sends nothing, and neither does a
// render loop that no longer swaps frames to an exposed window, so systemd restarts the
// display. Without NOTIFY_SOCKET (not started by systemd) it does nothing.
class ServiceNotifier : public QObject
{
    Q_OBJECT
public:
    explicit ServiceNotifier(QQuickWindow *window, QObject *parent = nullptr);
    ~ServiceNotifier() override;

    // Whether systemd asked for notifications, and the watchdog's period (0: none). Under cage
    // the service's main process is the compositor, whose child the display is: its pid in
    // WATCHDOG_PID counts as ours.
    static bool notifySocketSet();
    static qint64 watchdogMicros();

    void start();
    // STOPPING=1: the display is on its way out, not hung.
    void stopping();

    bool readySent() const { return m_readySent; }
    int watchdogPings() const { return m_pings; }

private:
    void onFirstFrame();
    void tick();

    QQuickWindow *m_window;
    QTimer m_watchdogTimer;
    std::atomic_bool m_frameSwapped{false}; // since the last tick; set on the render thread
    bool m_readySent = false;
    int m_pings = 0;
    QMetaObject::Connection m_firstFrame;
};

} // namespace shelf
