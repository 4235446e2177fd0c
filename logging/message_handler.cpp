#include "message_handler.h"

// The location fields are the Qt message's own, not this file's.
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <sys/stat.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>

namespace shelf::logging {

namespace {

std::atomic<bool> toJournal{false};
std::atomic<const char *> syslogIdentifier{""};
// One message's line is written whole before another's starts.
std::mutex stderrMutex;

// write(2) until all of it is out: interrupted and non-blocking writes go on, so nothing is
// dropped short of stderr being closed.
void writeAll(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                pollfd ready{fd, POLLOUT, 0};
                ::poll(&ready, 1, -1);
                continue;
            }
            return;
        }
        data += written;
        size -= size_t(written);
    }
}

int sendToJournal(QtMsgType type, const QMessageLogContext &context, const char *category,
                  const QString &message)
{
    QByteArray fields[7];
    int count = 0;
    fields[count++] = "MESSAGE=" + message.toUtf8();
    fields[count++] = "PRIORITY=" + QByteArray::number(journalPriority(type));
    fields[count++] = QByteArray("QT_CATEGORY=") + category;
    fields[count++] = QByteArray("SYSLOG_IDENTIFIER=") + syslogIdentifier.load();
    if (context.file) {
        fields[count++] = QByteArray("CODE_FILE=") + context.file;
        fields[count++] = "CODE_LINE=" + QByteArray::number(context.line);
    }
    if (context.function)
        fields[count++] = QByteArray("CODE_FUNC=") + context.function;
    iovec parts[7];
    for (int i = 0; i < count; ++i)
        parts[i] = {fields[i].data(), size_t(fields[i].size())};
    return sd_journal_sendv(parts, count);
}

void handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const char *category = context.category ? context.category : "default";
    // A journal that cannot be reached (journald restarting) still gets the line on stderr,
    // which is its stream.
    if (toJournal.load(std::memory_order_relaxed)
        && sendToJournal(type, context, category, message) >= 0)
        return;
    const QByteArray line = formatLine(type, category, message, std::chrono::system_clock::now());
    std::lock_guard lock(stderrMutex);
    writeAll(STDERR_FILENO, line.constData(), size_t(line.size()));
}

} // namespace

void install(const char *identifier)
{
    syslogIdentifier = identifier;
    // libsystemd drops messages silently when the journal's socket is missing (ENOENT); then
    // the stream (kept by whoever still reads it) gets them as lines.
    toJournal = isJournalStream(std::getenv("JOURNAL_STREAM"), STDERR_FILENO)
        && ::access("/run/systemd/journal/socket", W_OK) == 0;
    qInstallMessageHandler(handleMessage);
}

bool isJournalStream(const char *journalStream, int fd)
{
    if (!journalStream || !*journalStream)
        return false;
    char *end = nullptr;
    errno = 0;
    const unsigned long long device = std::strtoull(journalStream, &end, 10);
    if (errno != 0 || end == journalStream || *end != ':')
        return false;
    const char *inodeText = end + 1;
    const unsigned long long inode = std::strtoull(inodeText, &end, 10);
    if (errno != 0 || end == inodeText || *end != '\0')
        return false;
    struct stat status;
    if (::fstat(fd, &status) != 0)
        return false;
    return status.st_dev == device && status.st_ino == inode;
}

int journalPriority(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return 7;
    case QtInfoMsg:
        return 6;
    case QtWarningMsg:
        return 4;
    case QtCriticalMsg:
        return 3;
    case QtFatalMsg:
        return 2;
    }
    return 4;
}

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "warning";
}

QByteArray formatLine(QtMsgType type, const char *category, const QString &message,
                      std::chrono::system_clock::time_point at)
{
    using namespace std::chrono;
    const auto second = floor<seconds>(at);
    const time_t time = system_clock::to_time_t(second);
    const int millis = int(duration_cast<milliseconds>(at - second).count());
    tm local{};
    localtime_r(&time, &local);
    char stamp[48];
    char zone[16];
    const size_t dateLength = std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
    std::strftime(zone, sizeof zone, "%z", &local);
    QByteArray line(stamp, qsizetype(dateLength));
    line += '.' + QByteArray::number(millis).rightJustified(3, '0') + ' ' + zone + ' '
        + levelName(type) + ' ' + category + ": ";

    QByteArray text = message.toUtf8();
    while (text.endsWith('\n'))
        text.chop(1);
    text.replace('\n', "\n    ");
    line += text;
    line += '\n';
    return line;
}

} // namespace shelf::logging
