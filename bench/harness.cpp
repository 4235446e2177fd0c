#include "harness.h"

#include <dirent.h>

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonDocument>

#include <algorithm>
#include <chrono>

namespace shelf::bench {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

qint64 monotonicMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

namespace {

std::optional<double> statusMib(qint64 pid, const QByteArray &key)
{
    const QByteArray status = readFile(QStringLiteral("/proc/%1/status").arg(pid));
    for (const QByteArray &line : status.split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return std::nullopt;
}

// glibc gives each thread's arena a 64 MiB aligned reservation (HEAP_MAX_SIZE on 64-bit).
constexpr quint64 arenaAlignment = 64ull << 20;

enum Kind {
    BrkHeap,
    Arenas,
    ThreadStacks,
    OtherAnonymous,
    LibraryText,
    LibraryData,
    Fonts,
    GraphicsBuffers,
    Program,
    OtherFiles,
    KindCount
};

const char *const kindNames[KindCount] = {
    "malloc heap of the main thread ([heap])",
    "malloc arenas of other threads",
    "thread stacks",
    "other anonymous (large allocations, images)",
    "shared libraries: code",
    "shared libraries: data and read-only data",
    "fonts (file-backed)",
    "GPU and window-system buffers",
    "the program's own file",
    "other files (locale, caches, databases)",
};

struct Mapping
{
    quint64 start = 0;
    quint64 end = 0;
    QByteArray perms;
    QByteArray path;
    qint64 rssKb = 0;
};

Kind classify(const Mapping &mapping, const Mapping *previous, const QByteArray &program)
{
    const QByteArray &path = mapping.path;
    if (path == "[heap]")
        return BrkHeap;
    if (path == "[stack]")
        return ThreadStacks;
    if (path.startsWith("/dev/dri") || path.startsWith("/dev/nvidia") || path.startsWith("memfd:")
        || path.startsWith("/dev/shm") || path.startsWith("/SYSV") || path.contains("drm"))
        return GraphicsBuffers;
    if (path.isEmpty() || path.startsWith("[anon")) {
        // A thread's stack sits right above its guard page; an arena starts on its alignment.
        if (previous && previous->perms.startsWith("---") && previous->end == mapping.start
            && previous->path.isEmpty() && previous->end - previous->start <= 64 * 1024)
            return ThreadStacks;
        if (mapping.start % arenaAlignment == 0)
            return Arenas;
        return OtherAnonymous;
    }
    if (path.startsWith('['))
        return OtherFiles; // [vdso], [vvar]
    if (path.contains("/fonts/") || path.endsWith(".ttf") || path.endsWith(".ttc")
        || path.endsWith(".otf"))
        return Fonts;
    if (path == program)
        return Program;
    if (path.contains(".so"))
        return mapping.perms.contains('x') ? LibraryText : LibraryData;
    return OtherFiles;
}

} // namespace

QProcessEnvironment displayEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!environment.contains(QStringLiteral("QT_QPA_PLATFORM")))
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return environment;
}

std::optional<double> residentMib(qint64 pid)
{
    return statusMib(pid, "VmRSS:");
}

std::optional<double> peakResidentMib(qint64 pid)
{
    return statusMib(pid, "VmHWM:");
}

QMap<QString, qint64> threadTicks(qint64 pid)
{
    QMap<QString, qint64> ticks;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QByteArray line = readFile(tasks.filePath(tid + QStringLiteral("/stat")));
        // The name is in parentheses and may hold spaces; the fields after it are fixed.
        const qsizetype open = line.indexOf('(');
        const qsizetype close = line.lastIndexOf(')');
        if (open < 0 || close < open)
            continue;
        const QString name = QString::fromUtf8(line.mid(open + 1, close - open - 1));
        const QList<QByteArray> fields = line.mid(close + 2).split(' ');
        if (fields.size() < 13)
            continue;
        ticks[name] += fields[11].toLongLong() + fields[12].toLongLong(); // utime, stime
    }
    return ticks;
}

int countEntries(const QString &folder)
{
    // opendir rather than QDir: an fd's entry is a link to "socket:[...]", not a file.
    DIR *dir = ::opendir(QFile::encodeName(folder).constData());
    if (!dir)
        return -1;
    int count = 0;
    while (const dirent *entry = ::readdir(dir)) {
        if (entry->d_name[0] != '.')
            ++count;
    }
    ::closedir(dir);
    return count;
}

std::optional<MemoryBreakdown> memoryBreakdown(qint64 pid)
{
    const QByteArray smaps = readFile(QStringLiteral("/proc/%1/smaps").arg(pid));
    if (smaps.isEmpty())
        return std::nullopt;
    const QByteArray program
        = QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(pid)).toLocal8Bit();
    QList<Mapping> mappings;
    for (const QByteArray &line : smaps.split('\n')) {
        // A mapping's header is "start-end perms offset dev inode [path]"; its fields follow.
        const qsizetype dash = line.indexOf('-');
        const qsizetype space = line.indexOf(' ');
        if (dash > 0 && space > dash && !line.endsWith(" kB") && !line.startsWith("VmFlags")) {
            Mapping mapping;
            bool ok = false;
            mapping.start = line.left(dash).toULongLong(&ok, 16);
            if (!ok)
                continue;
            mapping.end = line.mid(dash + 1, space - dash - 1).toULongLong(nullptr, 16);
            const QList<QByteArray> fields = line.simplified().split(' ');
            mapping.perms = fields.value(1);
            // The path may hold spaces: everything after the fifth field.
            if (fields.size() > 5)
                mapping.path = fields.mid(5).join(' ');
            mappings.append(mapping);
        } else if (line.startsWith("Rss:") && !mappings.isEmpty()) {
            mappings.last().rssKb = line.mid(4).trimmed().split(' ').first().toLongLong();
        }
    }
    qint64 byKind[KindCount] = {};
    QHash<QString, qint64> byName;
    const Mapping *previous = nullptr;
    for (const Mapping &mapping : std::as_const(mappings)) {
        const Kind kind = classify(mapping, previous, program);
        byKind[kind] += mapping.rssKb;
        const bool anonymous
            = kind == BrkHeap || kind == Arenas || kind == ThreadStacks || kind == OtherAnonymous;
        byName[anonymous ? QString::fromLatin1(kindNames[kind])
                         : QString::fromLocal8Bit(mapping.path)]
            += mapping.rssKb;
        previous = &mapping;
    }
    MemoryBreakdown breakdown;
    for (int kind = 0; kind < KindCount; ++kind) {
        breakdown.parts.append({QString::fromLatin1(kindNames[kind]), double(byKind[kind]) / 1024});
        breakdown.totalMib += double(byKind[kind]) / 1024;
    }
    for (auto it = byName.cbegin(); it != byName.cend(); ++it)
        breakdown.largestMappings.append({it.key(), double(it.value()) / 1024});
    std::sort(breakdown.largestMappings.begin(), breakdown.largestMappings.end(),
              [](const auto &a, const auto &b) { return a.rssMib > b.rssMib; });
    breakdown.largestMappings = breakdown.largestMappings.mid(0, 12);
    return breakdown;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(bytes) == bytes.size() && file.flush();
}

void LineFollower::poll(const std::function<void(const QJsonObject &)> &handle)
{
    if (!m_file.isOpen() && !m_file.open(QIODevice::ReadOnly))
        return;
    m_partial += m_file.readAll();
    qsizetype start = 0;
    qsizetype end;
    while ((end = m_partial.indexOf('\n', start)) >= 0) {
        const QJsonObject line
            = QJsonDocument::fromJson(m_partial.mid(start, end - start)).object();
        if (!line.isEmpty())
            handle(line);
        else
            ++m_unreadable;
        start = end + 1;
    }
    m_partial.remove(0, start);
}

QString formatBreakdown(const MemoryBreakdown &breakdown)
{
    QString text;
    for (const MemoryBreakdown::Part &part : breakdown.parts)
        text += QStringLiteral("    %1 %2 MiB\n").arg(part.what, -46).arg(part.rssMib, 7, 'f', 1);
    text += QStringLiteral("    %1 %2 MiB\n")
                .arg(QStringLiteral("all (sum of smaps Rss)"), -46)
                .arg(breakdown.totalMib, 7, 'f', 1);
    text += QStringLiteral("  largest:\n");
    for (const MemoryBreakdown::Part &part : breakdown.largestMappings)
        text += QStringLiteral("    %1 MiB  %2\n").arg(part.rssMib, 7, 'f', 1).arg(part.what);
    return text;
}

} // namespace shelf::bench
