// The scale reader on real devices: a pseudo-terminal (a real serial line for Qt Serial Port)
// and a FIFO, fed with what shelf scale boards print, good and bad.
#include "queued_spy.h"
#include "thread_test_support.h"

#include <fcntl.h>
#include <scale_reader.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <sys/stat.h>

using namespace shelf;
using namespace shelf::test;

namespace {

constexpr int waitMs = 20000;

// The reader on its own thread, as in the program. Its signals are recorded on the test's thread.
struct Reader
{
    ScaleReader reader;
    QThread thread;
    QueuedSpy<const WeightChange &> changes{&reader, &ScaleReader::weightChanged};
    QueuedSpy<bool> health{&reader, &ScaleReader::healthChanged};
    QueuedSpy<const QString &, const QString &> malformed{&reader, &ScaleReader::malformedLine};

    explicit Reader(const QString &path, const UnitWeightTable &unitWeights = {})
        : reader(ScaleSettings{path, 115200, WeightChannel::Params{}, nullptr}, nullptr)
    {
        reader.setUnitWeights(unitWeights);
        reader.moveToThread(&thread);
        QObject::connect(&thread, &QThread::started, &reader, &ScaleReader::start);
        announceEnd(thread);
        thread.start();
    }
    ~Reader() { stop(); }
    // The reader's own state may be read once this returned.
    void stop()
    {
        if (thread.isFinished())
            return;
        // By name: a call through a slot object would have that object deleted on whichever
        // thread lets go of it last, by a reference count in uninstrumented Qt.
        QMetaObject::invokeMethod(&reader, "stop", Qt::BlockingQueuedConnection);
        thread.quit();
        waitForEnd(thread, 20000);
    }
    bool lastHealth() const { return !health.isEmpty() && std::get<0>(health.last()); }
    WeightChange change(qsizetype i) const { return std::get<0>(changes.at(i)); }
};

// Writes readings as a board at 10 samples/s would: `seconds` of `grams` on `channel`.
// Readings are written in real time so the filter's settling clock sees a real board.
void writeReadings(int fd, int channel, double grams, double seconds)
{
    for (int i = 0; i < int(seconds * 10); ++i) {
        const std::string line
            = std::to_string(channel) + " " + std::to_string(grams + (i % 3) * 0.4) + "\r\n";
        ASSERT_EQ(::write(fd, line.data(), line.size()), ssize_t(line.size()));
        QTest::qWait(100);
    }
}

// Like writeReadings, with a single-sample spike of +/-400 g every `spikeEvery` readings.
void writeNoisyReadings(int fd, int channel, double grams, double seconds, int spikeEvery)
{
    for (int i = 0; i < int(seconds * 10); ++i) {
        double value = grams + ((i * 7) % 5 - 2) * 0.6;
        if (spikeEvery > 0 && i % spikeEvery == spikeEvery - 1)
            value += i % 2 ? 400 : -400;
        const std::string line = std::to_string(channel) + " " + std::to_string(value) + "\n";
        ASSERT_EQ(::write(fd, line.data(), line.size()), ssize_t(line.size()));
        QTest::qWait(100);
    }
}

void writeText(int fd, const std::string &text)
{
    ASSERT_EQ(::write(fd, text.data(), text.size()), ssize_t(text.size()));
}

} // namespace

TEST(ScaleReader, APseudoTerminalBoardWithBannerAndGarbageReportsALift)
{
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    ASSERT_GE(master, 0);
    ASSERT_EQ(::grantpt(master), 0);
    ASSERT_EQ(::unlockpt(master), 0);
    const QString slave = QString::fromLocal8Bit(::ptsname(master));
    Reader reader(slave);
    ASSERT_TRUE(QTest::qWaitFor([&] { return reader.lastHealth(); }, waitMs));

    writeText(master, "# HX711 shelf board v2.1\r\n# calibration: ch2 factor 412.7\r\n");
    writeText(master, "garbage line\r\n2 12.5.5\r\n99 100\r\n" + std::string(300, '7') + "\r\n");
    writeReadings(master, 2, 3000, 1.5);
    writeReadings(master, 2, 2750, 1.5);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !reader.changes.isEmpty(); }, waitMs));
    const auto change = reader.change(0);
    EXPECT_EQ(change.channel, 2);
    EXPECT_NEAR(change.deltaGrams, -250, 5);
    EXPECT_EQ(reader.malformed.size(), 4); // the banner's comments are not errors

    // The board is unplugged: the reader says so and keeps trying.
    ::close(master);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !reader.lastHealth(); }, waitMs));
    reader.stop();
    EXPECT_EQ(reader.reader.malformedLines(), 4);
}

// Sixty slots on one channel once froze the screen for 6.4 s per weight change while the units
// were matched on its thread. The reader matches them on its own thread, before the change leaves.
TEST(ScaleReader, SixtyProductsOnOneChannelAreMatchedOnTheReadersThread)
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(QStringLiteral("scale"));
    ASSERT_EQ(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    ChannelProducts products;
    for (int i = 0; i < 60; ++i) {
        products.slotIndexes.append(i);
        products.unitWeights.append(1000 + 37 * i); // 1000 g to 3183 g, no two alike
    }
    Reader reader(fifo, {{3, products}});
    ASSERT_TRUE(QTest::qWaitFor([&] { return reader.lastHealth(); }, waitMs));
    const int writer = ::open(QFile::encodeName(fifo).constData(), O_WRONLY);
    ASSERT_GE(writer, 0);
    writeReadings(writer, 3, 20000, 1.5);
    writeReadings(writer, 3, 20000 - 1000 - 37 * 41, 1.5); // the product of slot 41 was lifted
    ASSERT_TRUE(QTest::qWaitFor([&] { return reader.changes.size() == 1; }, waitMs));
    const auto change = reader.change(0);
    ASSERT_TRUE(change.matched);
    EXPECT_EQ(change.products, products);
    ASSERT_TRUE(change.match);
    QVector<int> expected(60, 0);
    expected[41] = 1;
    EXPECT_EQ(change.match->counts, expected);
    ::close(writer);
}

TEST(ScaleReader, AFifoThatGoesAwayAndComesBackIsReadAgain)
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(QStringLiteral("scale"));
    ASSERT_EQ(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    Reader reader(fifo);
    ASSERT_TRUE(QTest::qWaitFor([&] { return reader.lastHealth(); }, waitMs));
    int writer = ::open(QFile::encodeName(fifo).constData(), O_WRONLY);
    ASSERT_GE(writer, 0);
    writeReadings(writer, 0, 1500, 1.5);
    writeReadings(writer, 0, 1100, 1.5);
    ASSERT_TRUE(QTest::qWaitFor([&] { return reader.changes.size() == 1; }, waitMs));
    EXPECT_NEAR(reader.change(0).deltaGrams, -400, 5);

    ::close(writer);
    ::unlink(QFile::encodeName(fifo).constData());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !reader.lastHealth(); }, waitMs));

    QElapsedTimer back;
    back.start();
    ASSERT_EQ(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return reader.lastHealth(); }, waitMs));
    std::cout << "scale board back: read again " << back.elapsed() << " ms after it reappeared"
              << std::endl;
    writer = ::open(QFile::encodeName(fifo).constData(), O_WRONLY);
    ASSERT_GE(writer, 0);
    // The filter starts over on the new connection's readings; a second lift is reported.
    writeReadings(writer, 0, 1100, 1.5);
    writeReadings(writer, 0, 850, 1.5);
    ASSERT_TRUE(QTest::qWaitFor([&] { return reader.changes.size() == 2; }, waitMs));
    EXPECT_NEAR(reader.change(reader.changes.size() - 1).deltaGrams, -250, 5);
    ::close(writer);
}

TEST(ScaleReader, ABoardMissingFromTheStartIsReportedDownAndReadOnceItAppears)
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(QStringLiteral("scale"));
    Reader reader(fifo);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !reader.health.isEmpty(); }, waitMs));
    EXPECT_FALSE(std::get<0>(reader.health.at(0)));
    QTest::qWait(600); // retries meanwhile say nothing new
    EXPECT_EQ(reader.health.size(), 1);

    ASSERT_EQ(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return reader.lastHealth(); }, waitMs));
    EXPECT_EQ(reader.health.size(), 2);
}

TEST(ScaleReader, OnASerialLineSpikesAndALeaningShopperAreNothingAndALiftIsOne)
{
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    ASSERT_GE(master, 0);
    ASSERT_EQ(::grantpt(master), 0);
    ASSERT_EQ(::unlockpt(master), 0);
    Reader reader(QString::fromLocal8Bit(::ptsname(master)));
    ASSERT_TRUE(QTest::qWaitFor([&] { return reader.lastHealth(); }, waitMs));
    writeNoisyReadings(master, 1, 2400, 2.0, 7); // settled, with spikes
    writeNoisyReadings(master, 1, 4400, 1.0, 0); // a shopper leans on the shelf for a second
    writeNoisyReadings(master, 1, 2400, 2.0, 5); // and lets go
    EXPECT_TRUE(reader.changes.isEmpty());
    writeNoisyReadings(master, 1, 1880, 2.0, 6); // a 520 g jar is lifted
    ASSERT_TRUE(QTest::qWaitFor([&] { return !reader.changes.isEmpty(); }, waitMs));
    EXPECT_EQ(reader.changes.size(), 1);
    EXPECT_NEAR(reader.change(0).deltaGrams, -520, 6);
    ::close(master);
}
