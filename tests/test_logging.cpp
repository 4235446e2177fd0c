// The programs' message handler: the text lines for terminals and files, the journal detection,
// and both paths through a real process (log_probe), the journal's through a stand-in journald.
#include <fcntl.h>
#include <message_handler.h>
#include <poll.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <iostream>
#include <map>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <vector>

using namespace shelf::logging;

namespace {

// TZ for the length of a test (POSIX zone strings need no tzdata).
class ZoneScope
{
public:
    explicit ZoneScope(const char *zone)
    {
        if (const char *old = std::getenv("TZ"))
            m_old = old;
        setenv("TZ", zone, 1);
        tzset();
    }
    ~ZoneScope()
    {
        if (m_old.empty())
            unsetenv("TZ");
        else
            setenv("TZ", m_old.c_str(), 1);
        tzset();
    }

private:
    std::string m_old;
};

// 2026-11-29 10:02:03 UTC, plus `millis`.
std::chrono::system_clock::time_point sample(int millis)
{
    return std::chrono::system_clock::time_point(std::chrono::seconds(1795946523))
        + std::chrono::milliseconds(millis);
}

QString deviceInode(const QString &path)
{
    struct stat status;
    if (::stat(QFile::encodeName(path).constData(), &status) != 0)
        return {};
    return QStringLiteral("%1:%2").arg(quint64(status.st_dev)).arg(quint64(status.st_ino));
}

const QRegularExpression linePrefix(QStringLiteral(
    R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d{4} (debug|info|warning|critical|fatal) [\w.]+: )"));

struct Probe
{
    bool finished = false;
    bool crashed = false;
    QByteArray err;
};

// log_probe MODE with its stderr in `errFile`; `journalStream` set as JOURNAL_STREAM when not
// empty; through `wrapper` (a command that runs the rest) when given. `whileRunning` is called
// until the probe has ended.
Probe runProbe(const QString &mode, const QString &errFile, const QString &journalStream,
               const QStringList &wrapper = {}, const std::function<void()> &whileRunning = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("JOURNAL_STREAM"));
    if (!journalStream.isEmpty())
        environment.insert(QStringLiteral("JOURNAL_STREAM"), journalStream);
    environment.insert(QStringLiteral("QT_LOGGING_RULES"),
                       QStringLiteral("shelf.probe.debug=true"));
    process.setProcessEnvironment(environment);
    process.setStandardErrorFile(errFile);
    QStringList command = wrapper;
    command << QStringLiteral(LOG_PROBE_BIN) << mode;
    process.start(command.takeFirst(), command);
    Probe probe;
    if (!process.waitForStarted(30000))
        return probe;
    while (!process.waitForFinished(whileRunning ? 20 : 60000)) {
        if (!whileRunning)
            break;
        whileRunning();
    }
    if (whileRunning)
        whileRunning();
    probe.finished = process.state() == QProcess::NotRunning;
    probe.crashed = process.exitStatus() == QProcess::CrashExit;
    QFile file(errFile);
    if (file.open(QIODevice::ReadOnly))
        probe.err = file.readAll();
    return probe;
}

// The lines log_probe writes in text form, checked one by one: every line starts a message with
// its time, level and category, or continues the one before, indented.
void expectProbeText(const QByteArray &text)
{
    const QList<QByteArray> lines = text.split('\n');
    ASSERT_TRUE(text.endsWith('\n')) << text.toStdString();
    std::map<QByteArray, int> seen;
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        const QString line = QString::fromUtf8(lines[i]);
        if (line.startsWith(QLatin1String("    "))) {
            ASSERT_GT(i, 0);
            seen[lines[i].trimmed()]++;
            continue;
        }
        const QRegularExpressionMatch match = linePrefix.match(line);
        ASSERT_TRUE(match.hasMatch()) << "line " << i << ": " << line.toStdString();
        seen[lines[i].mid(match.capturedLength())]++;
    }
    EXPECT_EQ(seen["debug line"], 1);
    EXPECT_EQ(seen["info line"], 1);
    EXPECT_EQ(seen["first line"], 1);
    EXPECT_EQ(seen["second line"], 1) << "the continuation of a multi-line message";
    EXPECT_EQ(seen["critical line without a category"], 1);
    for (int t = 0; t < 4; ++t) {
        for (int i = 0; i < 200; ++i)
            ASSERT_EQ(seen[QStringLiteral("thread %1 message %2").arg(t).arg(i).toUtf8()], 1)
                << "lost or torn: thread " << t << " message " << i;
    }
    EXPECT_TRUE(text.contains(" debug shelf.probe: debug line\n"));
    EXPECT_TRUE(text.contains(" warning shelf.probe: first line\n    second line\n"));
    EXPECT_TRUE(text.contains(" critical default: critical line without a category\n"));
}

// A stand-in for journald: the test's own datagram socket at DIR/systemd/journal/socket, seen by
// a probe whose /run is DIR (its own mount namespace), so it never reaches a real journal.
class FakeJournal
{
public:
    explicit FakeJournal(const QString &runDir)
    {
        QDir().mkpath(runDir + QStringLiteral("/systemd/journal"));
        const QByteArray path
            = QFile::encodeName(runDir + QStringLiteral("/systemd/journal/socket"));
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        if (m_fd < 0 || size_t(path.size()) >= sizeof address.sun_path)
            return;
        std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~FakeJournal()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool isValid() const { return m_fd >= 0; }

    // Every datagram waiting, parsed: "KEY=value\n", or "KEY\n" + 64-bit LE size + value + "\n".
    void drain()
    {
        std::vector<char> buffer(1 << 20);
        for (;;) {
            const ssize_t size = ::recv(m_fd, buffer.data(), buffer.size(), 0);
            if (size <= 0)
                return;
            entries.push_back(parse(QByteArray(buffer.data(), qsizetype(size))));
        }
    }

    std::vector<std::map<QByteArray, QByteArray>> entries;

private:
    static std::map<QByteArray, QByteArray> parse(const QByteArray &datagram)
    {
        std::map<QByteArray, QByteArray> fields;
        qsizetype at = 0;
        while (at < datagram.size()) {
            const qsizetype newline = datagram.indexOf('\n', at);
            if (newline < 0)
                break;
            const QByteArray line = datagram.mid(at, newline - at);
            if (const qsizetype equals = line.indexOf('='); equals >= 0) {
                fields[line.left(equals)] = line.mid(equals + 1);
                at = newline + 1;
                continue;
            }
            quint64 size = 0;
            for (int i = 7; i >= 0; --i)
                size = size << 8 | quint8(datagram.at(newline + 1 + i));
            fields[line] = datagram.mid(newline + 9, qsizetype(size));
            at = newline + 9 + qsizetype(size) + 1;
        }
        return fields;
    }

    int m_fd = -1;
};

// A /run of the probe's own (DIR/run, in a mount namespace of its own), and its stderr file,
// whose device and inode are the probe's JOURNAL_STREAM. `wrapper` is empty when the machine does
// not allow that (no user namespaces), with the reason in `why`.
struct PrivateRun
{
    QString runDir;
    QString errFile;
    QString journalStream;
    QStringList wrapper;
    QString why;
};

PrivateRun privateRun(const QTemporaryDir &dir)
{
    PrivateRun run;
    run.runDir = dir.filePath(QStringLiteral("run"));
    QDir().mkpath(run.runDir);
    run.errFile = dir.filePath(QStringLiteral("stderr.log"));
    QFile(run.errFile).open(QIODevice::WriteOnly);
    run.journalStream = deviceInode(run.errFile);
    QProcess check;
    check.start(QStringLiteral("unshare"),
                {QStringLiteral("-rm"), QStringLiteral("sh"), QStringLiteral("-c"),
                 QStringLiteral("mount --bind \"$0\" /run"), run.runDir});
    if (!check.waitForFinished(30000) || check.exitStatus() != QProcess::NormalExit
        || check.exitCode() != 0) {
        run.why = QStringLiteral("this machine cannot give a process a /run of its own "
                                 "(unshare -rm, mount --bind): ")
            + QString::fromUtf8(check.readAllStandardError()).trimmed();
        return run;
    }
    run.wrapper = QStringList{QStringLiteral("unshare"),
                              QStringLiteral("-rm"),
                              QStringLiteral("sh"),
                              QStringLiteral("-c"),
                              QStringLiteral("mount --bind \"$0\" /run && exec \"$@\""),
                              run.runDir};
    return run;
}

} // namespace

TEST(LogFormat, ALineHasTheLocalTimeWithMillisecondsAndZoneTheLevelAndTheCategory)
{
    ZoneScope zone("CST-8");
    EXPECT_EQ(
        formatLine(QtWarningMsg, "shelf.feed", QStringLiteral("store server offline"), sample(114)),
        QByteArray("2026-11-29 18:02:03.114 +0800 warning shelf.feed: store server offline\n"));
    EXPECT_EQ(formatLine(QtInfoMsg, "shelf.camera", QStringLiteral("back"), sample(5)),
              QByteArray("2026-11-29 18:02:03.005 +0800 info shelf.camera: back\n"));
    ZoneScope west("XST5");
    EXPECT_EQ(formatLine(QtCriticalMsg, "default", QStringLiteral("ü"), sample(999)),
              QByteArray("2026-11-29 05:02:03.999 -0500 critical default: \xc3\xbc\n"));
}

TEST(LogFormat, FurtherLinesOfAMessageAreIndentedUnderIt)
{
    ZoneScope zone("UTC0");
    EXPECT_EQ(formatLine(QtWarningMsg, "shelf.config",
                         QStringLiteral("shelf.toml:3:1: bad\nshelf.toml:9:2: worse\n\n"),
                         sample(0)),
              QByteArray("2026-11-29 10:02:03.000 +0000 warning shelf.config: shelf.toml:3:1: bad\n"
                         "    shelf.toml:9:2: worse\n"));
    EXPECT_EQ(formatLine(QtDebugMsg, "shelf.ui", QString(), sample(1)),
              QByteArray("2026-11-29 10:02:03.001 +0000 debug shelf.ui: \n"));
}

TEST(LogFormat, PrioritiesAreSyslogsAndLevelsAreNamed)
{
    EXPECT_EQ(journalPriority(QtDebugMsg), 7);
    EXPECT_EQ(journalPriority(QtInfoMsg), 6);
    EXPECT_EQ(journalPriority(QtWarningMsg), 4);
    EXPECT_EQ(journalPriority(QtCriticalMsg), 3);
    EXPECT_EQ(journalPriority(QtFatalMsg), 2);
    EXPECT_STREQ(levelName(QtDebugMsg), "debug");
    EXPECT_STREQ(levelName(QtInfoMsg), "info");
    EXPECT_STREQ(levelName(QtWarningMsg), "warning");
    EXPECT_STREQ(levelName(QtCriticalMsg), "critical");
    EXPECT_STREQ(levelName(QtFatalMsg), "fatal");
}

TEST(JournalStream, OnlyTheDeviceAndInodeOfThisVeryFileMeanTheJournal)
{
    QTemporaryDir dir;
    const QString first = dir.filePath(QStringLiteral("first"));
    const QString second = dir.filePath(QStringLiteral("second"));
    for (const QString &path : {first, second}) {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    }
    const int fd = ::open(QFile::encodeName(first).constData(), O_RDONLY | O_CLOEXEC);
    const int other = ::open(QFile::encodeName(second).constData(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_GE(other, 0);
    struct stat status;
    ASSERT_EQ(::fstat(fd, &status), 0);
    const QByteArray exact = QByteArray::number(quint64(status.st_dev)) + ':'
        + QByteArray::number(quint64(status.st_ino));
    EXPECT_TRUE(isJournalStream(exact.constData(), fd));
    EXPECT_FALSE(isJournalStream(exact.constData(), other)) << "a stream systemd gave a parent";
    const QByteArray otherInode = QByteArray::number(quint64(status.st_dev)) + ':'
        + QByteArray::number(quint64(status.st_ino) + 1);
    EXPECT_FALSE(isJournalStream(otherInode.constData(), fd));
    for (const char *bad : {"", ":", "12", "abc:def", "1:2:3", "-1:5"})
        EXPECT_FALSE(isJournalStream(bad, fd)) << bad;
    EXPECT_FALSE(isJournalStream((exact + ' ').constData(), fd));
    EXPECT_FALSE(isJournalStream((exact + ":1").constData(), fd));
    EXPECT_FALSE(isJournalStream(nullptr, fd));
    EXPECT_FALSE(isJournalStream(exact.constData(), -1));
    ::close(fd);
    ::close(other);
}

// Without JOURNAL_STREAM, or with one for another file (a process started by a service inherits
// the service's JOURNAL_STREAM but not its stderr): text.
TEST(LogProcess, WithoutAJournalEveryMessageIsOneTimedLineAndNoneIsLostAcrossThreads)
{
    for (const bool inherited : {false, true}) {
        SCOPED_TRACE(inherited ? "JOURNAL_STREAM of another file" : "no JOURNAL_STREAM");
        QTemporaryDir dir;
        const QString errFile = dir.filePath(QStringLiteral("stderr.log"));
        const QString elsewhere = dir.filePath(QStringLiteral("elsewhere"));
        QFile(elsewhere).open(QIODevice::WriteOnly);
        const Probe probe = runProbe(QStringLiteral("messages"), errFile,
                                     inherited ? deviceInode(elsewhere) : QString());
        ASSERT_TRUE(probe.finished);
        EXPECT_FALSE(probe.crashed);
        expectProbeText(probe.err);
    }
}

TEST(LogProcess, FatalIsWrittenAndStillAborts)
{
    QTemporaryDir dir;
    const QString errFile = dir.filePath(QStringLiteral("stderr.log"));
    const Probe probe = runProbe(QStringLiteral("fatal"), errFile, {});
    ASSERT_TRUE(probe.finished);
    EXPECT_TRUE(probe.crashed);
    const QString text = QString::fromUtf8(probe.err);
    EXPECT_TRUE(linePrefix.match(text).hasMatch()) << text.toStdString();
    EXPECT_TRUE(text.contains(QLatin1String(" fatal default: fatal line\n"))) << text.toStdString();
}

TEST(LogProcess, OnTheJournalsStreamMessagesGoToTheJournalWithPriorityAndCategory)
{
    QTemporaryDir dir;
    const PrivateRun run = privateRun(dir);
    if (run.wrapper.isEmpty())
        GTEST_SKIP() << run.why.toStdString();
    FakeJournal journal(run.runDir);
    ASSERT_TRUE(journal.isValid());
    const Probe probe = runProbe(QStringLiteral("messages"), run.errFile, run.journalStream,
                                 run.wrapper, [&] { journal.drain(); });
    ASSERT_TRUE(probe.finished);
    EXPECT_FALSE(probe.crashed);
    EXPECT_TRUE(probe.err.isEmpty()) << "all went to the journal: " << probe.err.toStdString();

    ASSERT_EQ(journal.entries.size(), 4u + 800u);
    const auto &debug = journal.entries[0];
    EXPECT_EQ(debug.at("MESSAGE"), "debug line");
    EXPECT_EQ(debug.at("PRIORITY"), "7");
    EXPECT_EQ(debug.at("QT_CATEGORY"), "shelf.probe");
    EXPECT_EQ(debug.at("SYSLOG_IDENTIFIER"), "log_probe");
    EXPECT_EQ(journal.entries[1].at("PRIORITY"), "6");
    const auto &multiLine = journal.entries[2];
    EXPECT_EQ(multiLine.at("MESSAGE"), "first line\nsecond line\n");
    EXPECT_EQ(multiLine.at("PRIORITY"), "4");
    const auto &critical = journal.entries[3];
    EXPECT_EQ(critical.at("PRIORITY"), "3");
    EXPECT_EQ(critical.at("QT_CATEGORY"), "default");
    std::map<QByteArray, int> threaded;
    for (size_t i = 4; i < journal.entries.size(); ++i) {
        EXPECT_EQ(journal.entries[i].at("PRIORITY"), "4");
        threaded[journal.entries[i].at("MESSAGE")]++;
    }
    EXPECT_EQ(threaded.size(), 800u);
}

// A journal stream whose journal has no socket (stopped), or one nobody answers on (journald
// gone): the messages go to the stream as lines rather than nowhere.
TEST(LogProcess, AJournalThatCannotBeReachedStillGetsTheLinesOnItsStream)
{
    for (const bool stale : {false, true}) {
        SCOPED_TRACE(stale ? "a socket nobody answers on" : "no socket");
        QTemporaryDir dir;
        const PrivateRun run = privateRun(dir);
        if (run.wrapper.isEmpty())
            GTEST_SKIP() << run.why.toStdString();
        if (stale) {
            FakeJournal gone(run.runDir); // bound, then closed: the file stays, nobody reads it
            ASSERT_TRUE(gone.isValid());
        }
        const Probe probe
            = runProbe(QStringLiteral("messages"), run.errFile, run.journalStream, run.wrapper);
        ASSERT_TRUE(probe.finished);
        expectProbeText(probe.err);
    }
}
