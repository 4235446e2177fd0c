// The display's database on a disk that fills up or turns read-only while the display writes:
// a real file system (a small tmpfs in this test's own mount namespace), really full.
#include "feed_test_support.h"

#include <display_store.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <random>
#include <sys/mount.h>
#include <sys/wait.h>

using namespace shelf;
using namespace shelf::test;

namespace {

constexpr int waitMs = 20000;
QString diskPath; // the tmpfs; empty when it could not be made
QString whyNoDisk;

bool writeText(const char *path, const std::string &text)
{
    const int fd = ::open(path, O_WRONLY);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
    ::close(fd);
    return ok;
}

// A 4 MiB tmpfs that only this process sees: as root a private mount namespace, otherwise a
// user namespace too. Called before any thread starts (a user namespace requires that).
void makeDisk()
{
    const uid_t uid = ::geteuid();
    const gid_t gid = ::getegid();
    if (::unshare(uid == 0 ? CLONE_NEWNS : CLONE_NEWUSER | CLONE_NEWNS) != 0) {
        whyNoDisk = QStringLiteral("unshare: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
    if (uid != 0
        && (!writeText("/proc/self/setgroups", "deny")
            || !writeText("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1")
            || !writeText("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1"))) {
        whyNoDisk = QStringLiteral("cannot map the user into its namespace");
        return;
    }
    ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
    char folder[] = "/tmp/shelf-disk-XXXXXX";
    if (!::mkdtemp(folder)) {
        whyNoDisk = QStringLiteral("mkdtemp failed");
        return;
    }
    if (::mount("tmpfs", folder, "tmpfs", 0, "size=4m") != 0) {
        whyNoDisk
            = QStringLiteral("mount tmpfs: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
    diskPath = QString::fromLocal8Bit(folder);
}

void remount(bool readOnly)
{
    ASSERT_EQ(::mount(nullptr, QFile::encodeName(diskPath).constData(), nullptr,
                      MS_REMOUNT | (readOnly ? MS_RDONLY : 0), "size=4m"),
              0)
        << std::strerror(errno);
}

// Writes a filler file until the disk says it is full.
QString fillDisk()
{
    const QString filler = QDir(diskPath).filePath(QStringLiteral("filler"));
    QFile file(filler);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    const QByteArray block(4096, 'x');
    while (file.write(block) == block.size() && file.flush()) { }
    return filler;
}

// What the database on disk holds now, read as the next start of the display would.
QStringList storedEventIds(const QString &path)
{
    DisplayStore store(path);
    QVector<ShopperEvent> events;
    if (!store.open().isEmpty() || !store.loadEvents(events).isEmpty())
        return {QStringLiteral("<unreadable>")};
    QStringList ids;
    for (const ShopperEvent &event : events)
        ids.append(event.id);
    return ids;
}

ShopperEvent eventNumber(int i)
{
    return {QStringLiteral("event-%1").arg(i), QByteArray(R"({"type":"lift","sku":"x"})")};
}

// Three free ports, left unserved: the events stay in the outbox.
FeedClientSettings settingsWithoutServer(const QString &store)
{
    StoreServer probe(ephemeralServer());
    probe.start();
    const StoreServerOptions options = sameEndpoints(probe);
    FeedClientSettings settings = settingsFor(options.snapshotEndpoint, options.updatesEndpoint,
                                              options.eventsEndpoint, {apples});
    settings.storePath = store;
    return settings;
}

bool lastStorage(const QueuedSpy<bool, const QString &> &spy, bool ok)
{
    return !spy.isEmpty() && std::get<0>(spy.last()) == ok;
}

} // namespace

// QSaveFile::commit() once reported success on a full disk: the outbox became a truncated file
// and every waiting event, even those safely on disk before, was lost at the next start.
TEST(DiskFaults, AFullDiskKeepsWhatWasWrittenAndWritesTheRestOnceThereIsRoom)
{
    if (diskPath.isEmpty())
        GTEST_SKIP() << "no private tmpfs here: " << whyNoDisk.toStdString();
    const QString store = QDir(diskPath).filePath(QStringLiteral("full/shelf.db"));
    QStringList expected;
    {
        FeedDisplay display(settingsWithoutServer(store));
        QueuedSpy storage(&display.client, &FeedClient::storageChanged);
        for (int i = 0; i < 5; ++i) {
            display.client.submitEvent(eventNumber(i));
            expected.append(eventNumber(i).id);
        }
        ASSERT_TRUE(QTest::qWaitFor([&] { return storedEventIds(store) == expected; }, waitMs));

        const QString filler = fillDisk();
        ASSERT_FALSE(filler.isEmpty());
        for (int i = 5; i < 400; ++i) {
            display.client.submitEvent(eventNumber(i));
            expected.append(eventNumber(i).id);
        }
        ASSERT_TRUE(QTest::qWaitFor([&] { return lastStorage(storage, false); }, waitMs))
            << "a full disk went unnoticed";
        EXPECT_TRUE(std::get<1>(storage.last()).contains(store)) << "the error names the file";
        // What was on disk before it filled is intact.
        const QStringList onDisk = storedEventIds(store);
        ASSERT_GE(onDisk.size(), 5);
        EXPECT_EQ(onDisk, expected.mid(0, onDisk.size()));

        ASSERT_TRUE(QFile::remove(filler));
        ASSERT_TRUE(QTest::qWaitFor([&] { return lastStorage(storage, true); }, waitMs))
            << "the write was not retried once there was room";
        EXPECT_EQ(storedEventIds(store), expected);
    }
    EXPECT_EQ(storedEventIds(store), expected) << "lost at a clean quit";
}

// A read-only data folder used to forget each failed write: events decided meanwhile were lost,
// and a restart with the server down showed a superseded price (12.80 for one last received at
// 99.90). Here the disk is read-only when the display starts (a disk remounted read-only after
// an error) and writable again a while later.
TEST(DiskFaults, AReadOnlyDiskIsRetriedAndARestartShowsTheLastPriceReceived)
{
    if (diskPath.isEmpty())
        GTEST_SKIP() << "no private tmpfs here: " << whyNoDisk.toStdString();
    const QString store = QDir(diskPath).filePath(QStringLiteral("ro/shelf.db"));
    StoreServer server(ephemeralServer());
    ASSERT_EQ(server.loadCatalog(QStringLiteral(SHELF_DEMO_CATALOG)), QString());
    ASSERT_EQ(server.start(), QString());
    const StoreServerOptions downEndpoints = sameEndpoints(server);
    FeedClientSettings settings = settingsFor(server, {apples});
    settings.storePath = store;
    {
        FeedDisplay display(settings);
        ASSERT_TRUE(QTest::qWaitFor([&] { return display.priceOf(apples) == u"12.80"; }, waitMs));
    } // its records are written at quit

    remount(true);
    {
        FeedDisplay display(settings);
        QueuedSpy storage(&display.client, &FeedClient::storageChanged);
        ASSERT_TRUE(QTest::qWaitFor([&] { return display.priceOf(apples) == u"12.80"; }, waitMs));
        ASSERT_EQ(server.setPrice(apples, QStringLiteral("99.90")), QString());
        ASSERT_TRUE(QTest::qWaitFor([&] { return display.priceOf(apples) == u"99.90"; }, waitMs));
        display.client.submitEvent(eventNumber(1));
        ASSERT_TRUE(QTest::qWaitFor([&] { return lastStorage(storage, false); }, waitMs))
            << "a read-only disk went unnoticed";
        remount(false);
        ASSERT_TRUE(QTest::qWaitFor([&] { return lastStorage(storage, true); }, 90000))
            << "the write was not retried once the disk was writable";
    }
    // The store was live: the event reached it once, and is off the disk.
    EXPECT_EQ(server.storedEventCount(), 1);
    server.stop();

    FeedClientSettings down
        = settingsFor(downEndpoints.snapshotEndpoint, downEndpoints.updatesEndpoint,
                      downEndpoints.eventsEndpoint, {apples});
    down.storePath = store;
    FeedDisplay display(down);
    ASSERT_TRUE(QTest::qWaitFor([&] { return display.catalog.size() == 1; }, waitMs));
    EXPECT_EQ(display.priceOf(apples), QStringLiteral("99.90"));
    EXPECT_TRUE(storedEventIds(store).isEmpty());
}

// Unwritable at quit: the last tries happen then, and a disk that is back in time gets it all.
TEST(DiskFaults, AQuitWhileTheDiskIsFullStillWritesOnceThereIsRoom)
{
    if (diskPath.isEmpty())
        GTEST_SKIP() << "no private tmpfs here: " << whyNoDisk.toStdString();
    const QString store = QDir(diskPath).filePath(QStringLiteral("quit/shelf.db"));
    QStringList expected;
    auto display = std::make_unique<FeedDisplay>(settingsWithoutServer(store));
    QueuedSpy storage(&display->client, &FeedClient::storageChanged);
    display->client.submitEvent(eventNumber(0));
    expected.append(eventNumber(0).id);
    ASSERT_TRUE(QTest::qWaitFor([&] { return storedEventIds(store) == expected; }, waitMs));
    const QString filler = fillDisk();
    for (int i = 1; i < 300; ++i) {
        display->client.submitEvent(eventNumber(i));
        expected.append(eventNumber(i).id);
    }
    ASSERT_TRUE(QTest::qWaitFor([&] { return lastStorage(storage, false); }, waitMs));
    // Room comes back while the display is quitting: its last tries catch it.
    QTimer::singleShot(300, [&filler] { QFile::remove(filler); });
    display->client.stop();
    QTest::qWait(400); // the timer above runs on this thread
    display.reset();
    EXPECT_EQ(storedEventIds(store), expected);
}

// A display killed (SIGKILL, a power supply pulled) while it writes: each write is a transaction,
// so what is on disk is always every event up to one, never a torn or unreadable file.
TEST(DiskFaults, KilledTwentyTimesWhileWritingTheDatabaseHoldsEveryEventUpToTheLastCommit)
{
    QTemporaryDir dir;
    const QString store = dir.filePath(QStringLiteral("killed/shelf.db"));
    std::mt19937 random(20261129);
    int stored = 0;
    for (int kill = 0; kill < 20; ++kill) {
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            // The writer: one event a transaction, as the display appends them, until killed.
            DisplayStore writer(store);
            if (!writer.open().isEmpty())
                ::_exit(3);
            for (int i = stored;; ++i) {
                if (!writer.appendEvents({eventNumber(i)}).isEmpty())
                    ::_exit(4);
            }
        }
        QThread::msleep(20 + random() % 200);
        ASSERT_EQ(::kill(child, SIGKILL), 0);
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFSIGNALED(status))
            << "the writer stopped by itself, code " << WEXITSTATUS(status);
        const QStringList ids = storedEventIds(store);
        ASSERT_GE(ids.size(), stored) << "kill " << kill << ": committed events were lost";
        for (int i = 0; i < ids.size(); ++i)
            ASSERT_EQ(ids[i], eventNumber(i).id) << "kill " << kill << ": not the events in order";
        stored = int(ids.size());
    }
    std::printf("killed 20 times while writing: %d events on disk, all in order, none torn\n",
                stored);
    EXPECT_GT(stored, 20);
}

int main(int argc, char **argv)
{
    bool listing = false;
    for (int i = 1; i < argc; ++i)
        listing = listing || std::strncmp(argv[i], "--gtest_list", 12) == 0;
    if (!listing)
        makeDisk();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
