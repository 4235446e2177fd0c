// The trace on disk: rotated by size with whole lines, the oldest files dropped, and a folder
// that cannot be written reported once while the trace goes on where it can.
#include <trace.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>
#include <vector>

using namespace shelf;

namespace {

// The shelf.trace messages logged while it lives.
class TraceMessages
{
public:
    TraceMessages()
    {
        clear();
        s_previous = qInstallMessageHandler(record);
    }
    ~TraceMessages() { qInstallMessageHandler(s_previous); }
    QStringList warnings() const
    {
        std::lock_guard lock(s_mutex);
        return s_warnings;
    }
    QStringList infos() const
    {
        std::lock_guard lock(s_mutex);
        return s_infos;
    }

private:
    static void record(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (qstrcmp(context.category, "shelf.trace") != 0)
            return s_previous(type, context, message);
        std::lock_guard lock(s_mutex);
        (type == QtWarningMsg ? s_warnings : s_infos).append(message);
    }
    static inline QtMessageHandler s_previous = nullptr;
    static inline std::mutex s_mutex;
    static inline QStringList s_warnings;
    static inline QStringList s_infos;

public:
    void clear()
    {
        std::lock_guard lock(s_mutex);
        s_warnings.clear();
        s_infos.clear();
    }
};

// The lines of a trace file, each parsed; a line that is not a JSON object fails the test.
std::vector<QJsonObject> readLines(const QString &path)
{
    std::vector<QJsonObject> lines;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    const QByteArray text = file.readAll();
    EXPECT_TRUE(text.isEmpty() || text.endsWith('\n')) << path.toStdString() << " ends mid-line";
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        EXPECT_TRUE(document.isObject()) << path.toStdString() << ": " << line.toStdString();
        lines.push_back(document.object());
    }
    return lines;
}

// A line of about 60 to 120 bytes: the padding varies so that rotations fall at every point.
QJsonObject numbered(int thread, int n)
{
    return {{QStringLiteral("thread"), thread},
            {QStringLiteral("n"), n},
            {QStringLiteral("pad"), QString(n % 61, u'x')}};
}

TraceOptions tiny(qint64 maxBytes)
{
    TraceOptions options;
    options.maxBytes = maxBytes;
    return options;
}

} // namespace

TEST(Trace, ARotatedTraceKeepsWholeLinesInBoundedFilesAndDropsTheOldest)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trace.jsonl"));
    Trace trace;
    ASSERT_EQ(trace.open(path, tiny(1000)), QString());
    for (int n = 0; n < 2000; ++n)
        trace.write("numbered", numbered(0, n));

    EXPECT_FALSE(QFileInfo::exists(path + QStringLiteral(".4"))) << "three old files are kept";
    std::vector<int> numbers;
    // Oldest first.
    for (const QString &file : {path + QStringLiteral(".3"), path + QStringLiteral(".2"),
                                path + QStringLiteral(".1"), path}) {
        ASSERT_TRUE(QFileInfo::exists(file)) << file.toStdString();
        EXPECT_LE(QFileInfo(file).size(), 1000) << file.toStdString();
        if (file != path) {
            EXPECT_GT(QFileInfo(file).size(), 1000 - 200) << "full up to the line that did not fit";
        }
        for (const QJsonObject &line : readLines(file)) {
            EXPECT_EQ(line.value(u"event").toString(), QStringLiteral("numbered"));
            EXPECT_TRUE(line.contains(u"t_us"));
            numbers.push_back(line.value(u"n").toInt());
        }
    }
    ASSERT_FALSE(numbers.empty());
    EXPECT_EQ(numbers.back(), 1999);
    EXPECT_GT(numbers.front(), 0) << "the oldest lines were dropped";
    for (size_t i = 1; i < numbers.size(); ++i)
        ASSERT_EQ(numbers[i], numbers[i - 1] + 1) << "a line lost or split at " << numbers[i - 1];
}

TEST(Trace, WritersOnManyThreadsLoseNoLineAcrossRotations)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trace.jsonl"));
    TraceOptions options = tiny(4000);
    options.keptFiles = 100; // every line stays, to be counted
    Trace trace;
    ASSERT_EQ(trace.open(path, options), QString());
    constexpr int threads = 4;
    constexpr int perThread = 500;
    std::vector<std::thread> writers;
    for (int t = 0; t < threads; ++t) {
        writers.emplace_back([&trace, t] {
            for (int n = 0; n < perThread; ++n)
                trace.write("numbered", numbered(t, n));
        });
    }
    for (std::thread &writer : writers)
        writer.join();

    std::map<int, std::vector<int>> seen;
    int files = 0;
    for (int index = 100; index >= 0; --index) {
        const QString file = index == 0 ? path : path + u'.' + QString::number(index);
        if (!QFileInfo::exists(file))
            continue;
        ++files;
        EXPECT_LE(QFileInfo(file).size(), 4000) << file.toStdString();
        for (const QJsonObject &line : readLines(file))
            seen[line.value(u"thread").toInt()].push_back(line.value(u"n").toInt());
    }
    EXPECT_GT(files, 10);
    EXPECT_LT(files, 100) << "no file was dropped";
    for (int t = 0; t < threads; ++t) {
        ASSERT_EQ(seen[t].size(), size_t(perThread)) << "thread " << t;
        for (int n = 0; n < perThread; ++n)
            ASSERT_EQ(seen[t][size_t(n)], n) << "thread " << t;
    }
}

TEST(Trace, ALineLongerThanTheLimitHasAFileOfItsOwnAndALastRunsTraceIsKept)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trace.jsonl"));
    {
        Trace before;
        ASSERT_EQ(before.open(path), QString());
        before.write("last_run");
    }
    Trace trace;
    ASSERT_EQ(trace.open(path, tiny(200)), QString());
    ASSERT_EQ(readLines(path + QStringLiteral(".1")).size(), 1u);
    EXPECT_EQ(readLines(path + QStringLiteral(".1"))[0].value(u"event").toString(),
              QStringLiteral("last_run"))
        << "a restarted display keeps the trace of the run that ended";

    trace.write("small");
    trace.write("long", {{QStringLiteral("text"), QString(500, u'y')}});
    trace.write("small");
    const std::vector<QJsonObject> current = readLines(path);
    const std::vector<QJsonObject> long_ = readLines(path + QStringLiteral(".1"));
    const std::vector<QJsonObject> first = readLines(path + QStringLiteral(".2"));
    ASSERT_EQ(current.size(), 1u);
    ASSERT_EQ(long_.size(), 1u);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(long_[0].value(u"event").toString(), QStringLiteral("long"));
    EXPECT_EQ(readLines(path + QStringLiteral(".3"))[0].value(u"event").toString(),
              QStringLiteral("last_run"));
}

TEST(Trace, AFileThatCannotBeRenamedIsReportedOnceAndTheTraceStaysBounded)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trace.jsonl"));
    // FILE.3 a folder with a file in it: FILE.2 can never become FILE.3 (even for root).
    ASSERT_TRUE(QDir().mkpath(path + QStringLiteral(".3/inside")));
    TraceMessages messages;
    Trace trace;
    ASSERT_EQ(trace.open(path, tiny(1000)), QString());
    for (int n = 0; n < 500; ++n)
        trace.write("numbered", numbered(0, n));

    ASSERT_EQ(messages.warnings().size(), 1) << messages.warnings().join(u'\n').toStdString();
    EXPECT_TRUE(messages.warnings()[0].contains(path + QStringLiteral(".2")))
        << messages.warnings()[0].toStdString();
    std::vector<int> numbers;
    for (const QString &file : {path + QStringLiteral(".2"), path + QStringLiteral(".1"), path}) {
        EXPECT_LE(QFileInfo(file).size(), 1000);
        for (const QJsonObject &line : readLines(file))
            numbers.push_back(line.value(u"n").toInt());
    }
    ASSERT_FALSE(numbers.empty());
    EXPECT_EQ(numbers.back(), 499) << "the newest lines are kept";
    for (size_t i = 1; i < numbers.size(); ++i)
        ASSERT_EQ(numbers[i], numbers[i - 1] + 1);
}

TEST(Trace, AFolderThatGoesAwayIsReportedOnceAndTheTraceResumesWhenItIsBack)
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("traces"));
    ASSERT_TRUE(QDir().mkpath(folder));
    const QString path = folder + QStringLiteral("/trace.jsonl");
    TraceMessages messages;
    Trace trace;
    ASSERT_EQ(trace.open(path, tiny(1000)), QString());
    trace.write("before");
    ASSERT_TRUE(QDir(folder).removeRecursively());
    for (int n = 0; n < 300; ++n)
        trace.write("numbered", numbered(0, n));
    // One for the rotation that found nothing to rename, one for the file it could not open;
    // none for the lines after them.
    const QStringList warnings = messages.warnings();
    ASSERT_EQ(warnings.size(), 2) << warnings.join(u'\n').toStdString();
    for (const QString &warning : warnings)
        EXPECT_TRUE(warning.startsWith(path)) << warning.toStdString();
    EXPECT_TRUE(trace.isOpen());

    ASSERT_TRUE(QDir().mkpath(folder));
    trace.write("after");
    const std::vector<QJsonObject> lines = readLines(path);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].value(u"event").toString(), QStringLiteral("after"));
    EXPECT_EQ(messages.infos().size(), 1) << "the trace says it is written again";
}

TEST(Trace, AnUnwritableTraceAtStartIsAnErrorNamingTheFile)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("no-such-folder/trace.jsonl"));
    Trace trace;
    const QString error = trace.open(path);
    EXPECT_TRUE(error.startsWith(path + QStringLiteral(": cannot write the trace")))
        << error.toStdString();
    EXPECT_FALSE(trace.isOpen());
    trace.write("ignored");
    EXPECT_FALSE(QFileInfo::exists(path));
}
