// systemd's side played by the test: a datagram socket named in NOTIFY_SOCKET, as systemd gives
// a Type=notify service, receiving what a real window's display sends it.
#include <service_notifier.h>
#include <unistd.h>

#include <QQuickWindow>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>

namespace shelf {
namespace {

constexpr int waitMs = 20000; // a busy 2-core machine; nothing here is timed

struct FakeSystemd
{
    QTemporaryDir folder;
    int socket = -1;

    explicit FakeSystemd(qint64 watchdogUsec)
    {
        socket = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray path = folder.filePath(QStringLiteral("notify")).toLocal8Bit();
        std::strncpy(address.sun_path, path.constData(), sizeof(address.sun_path) - 1);
        EXPECT_EQ(::bind(socket, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
        ::setenv("NOTIFY_SOCKET", path.constData(), 1);
        ::setenv("WATCHDOG_USEC", QByteArray::number(watchdogUsec).constData(), 1);
        ::unsetenv("WATCHDOG_PID");
    }
    ~FakeSystemd()
    {
        ::unsetenv("NOTIFY_SOCKET");
        ::unsetenv("WATCHDOG_USEC");
        ::close(socket);
    }
    // Every datagram sent so far (the socket keeps them until read).
    QStringList take()
    {
        QStringList messages;
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::recv(socket, buffer, sizeof(buffer), 0);
            if (n <= 0)
                break;
            messages.append(QString::fromUtf8(buffer, int(n)));
        }
        return messages;
    }
};

int countOf(const QStringList &messages, const QString &what)
{
    return int(std::count_if(messages.cbegin(), messages.cend(),
                             [&](const QString &m) { return m.split(u'\n').contains(what); }));
}

TEST(ServiceNotifier, ReadyComesWithTheFirstFrameAndTheWatchdogOnlyWhileTheGuiThreadLives)
{
    FakeSystemd systemd(300000); // 300 ms: a tick every 100 ms
    QQuickWindow window;
    window.resize(320, 240);
    std::atomic_int framesSwapped{0}; // counted where frames are swapped
    QObject::connect(
        &window, &QQuickWindow::frameSwapped, &window, [&] { ++framesSwapped; },
        Qt::DirectConnection);
    ServiceNotifier notifier(&window);
    EXPECT_EQ(ServiceNotifier::watchdogMicros(), 300000);
    notifier.start();
    // Not shown yet: no frame, so not ready.
    QTest::qWait(200);
    EXPECT_EQ(countOf(systemd.take(), QStringLiteral("READY=1")), 0);

    window.show();
    QStringList received;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            received += systemd.take();
            return countOf(received, QStringLiteral("WATCHDOG=1")) >= 3;
        },
        waitMs));
    EXPECT_EQ(countOf(received, QStringLiteral("READY=1")), 1);
    EXPECT_GE(framesSwapped.load(), 1);
    // READY=1 came before the first watchdog ping.
    EXPECT_LT(received.indexOf(QRegularExpression(QStringLiteral("^READY=1"))),
              received.indexOf(QStringLiteral("WATCHDOG=1")));

    // The GUI thread hangs for three watchdog periods: nothing is sent meanwhile.
    systemd.take();
    QThread::msleep(900);
    EXPECT_EQ(countOf(systemd.take(), QStringLiteral("WATCHDOG=1")), 0);

    // Back: the pings are back.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return countOf(systemd.take(), QStringLiteral("WATCHDOG=1")) >= 1; }, waitMs));

    // A window with nothing to render to (a screen switched off for the night): no frames,
    // and the pings go on while the GUI thread lives, or the display would restart every period.
    window.hide();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !window.isExposed(); }, waitMs));
    systemd.take();
    const int framesBefore = framesSwapped.load();
    QStringList dark;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            dark += systemd.take();
            return countOf(dark, QStringLiteral("WATCHDOG=1")) >= 2;
        },
        waitMs));
    EXPECT_EQ(framesSwapped.load(), framesBefore);

    notifier.stopping();
    EXPECT_EQ(countOf(systemd.take(), QStringLiteral("STOPPING=1")), 1);
}

TEST(ServiceNotifier, TheWatchdogOfTheCompositorThatStartedTheDisplayIsOurs)
{
    FakeSystemd systemd(30000000);
    ::setenv("WATCHDOG_PID", QByteArray::number(qint64(getppid())).constData(), 1);
    EXPECT_EQ(ServiceNotifier::watchdogMicros(), 30000000);
    ::setenv("WATCHDOG_PID", QByteArray::number(qint64(getpid())).constData(), 1);
    EXPECT_EQ(ServiceNotifier::watchdogMicros(), 30000000);
    // Another process's watchdog (a variable inherited by mistake): not ours to ping.
    ::setenv("WATCHDOG_PID", "1", 1);
    EXPECT_EQ(getppid() == 1 ? 30000000 : 0, ServiceNotifier::watchdogMicros());
    ::setenv("WATCHDOG_PID", "12x", 1);
    EXPECT_EQ(ServiceNotifier::watchdogMicros(), 0);
    ::unsetenv("WATCHDOG_PID");
    ::setenv("WATCHDOG_USEC", "soon", 1);
    EXPECT_EQ(ServiceNotifier::watchdogMicros(), 0);
}

TEST(ServiceNotifier, WithoutSystemdNothingIsSentAndNothingBreaks)
{
    ::unsetenv("NOTIFY_SOCKET");
    QQuickWindow window;
    window.resize(100, 100);
    ServiceNotifier notifier(&window);
    notifier.start();
    window.show();
    QTest::qWait(100);
    EXPECT_FALSE(notifier.readySent());
    notifier.stopping();
}

} // namespace
} // namespace shelf
