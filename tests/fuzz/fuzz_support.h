#pragma once

#include <shelf_config.h>

#include <QByteArray>
#include <QRegularExpression>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

// What every fuzz target shares: its input as the display would hold it, and checks whose
// failure is a finding like a crash.
namespace shelf::fuzz {

// A copy, as the display's own buffers are (zero-terminated), not a view of libFuzzer's.
inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// The frames of one ZeroMQ message, written one a line: up to count frames, the last one being
// the rest of the input (a body may hold line breaks).
inline std::vector<QByteArray> frames(const QByteArray &input, int count)
{
    std::vector<QByteArray> result;
    qsizetype from = 0;
    while (int(result.size()) < count - 1) {
        const qsizetype end = input.indexOf('\n', from);
        if (end < 0)
            break;
        result.push_back(input.mid(from, end - from));
        from = end + 1;
    }
    result.push_back(input.mid(from));
    return result;
}

// Stops the run with the input saved, as a crash would.
[[noreturn]] inline void fail(const char *what, const QString &detail)
{
    std::fprintf(stderr, "fuzz check failed: %s: %s\n", what, qPrintable(detail));
    std::abort();
}

#define SHELF_FUZZ_CHECK(condition, detail)                                                        \
    do {                                                                                           \
        if (!(condition))                                                                          \
            ::shelf::fuzz::fail(#condition, detail);                                               \
    } while (false)

// The house rule for operators' files: every mistake is "FILE:LINE: what" (a script) or
// "FILE:LINE:COLUMN: what" (a TOML file), counted from 1.
inline void checkFileLineError(const QString &error, const QString &path, bool column = false)
{
    static const QRegularExpression line(QStringLiteral("^([0-9]+): \\S"));
    static const QRegularExpression lineColumn(QStringLiteral("^([0-9]+):([0-9]+): \\S"));
    const QString prefix = path + u':';
    const QRegularExpressionMatch match
        = (column ? lineColumn : line)
              .match(error.mid(error.startsWith(prefix) ? prefix.size() : 0));
    SHELF_FUZZ_CHECK(error.startsWith(prefix) && match.hasMatch() && match.captured(1).toInt() >= 1
                         && (!column || match.captured(2).toInt() >= 1),
                     error);
}

// The demo shelf (resources/demo/shelf.toml): what attract.toml and scripts are checked against.
inline const ShelfConfig &demoShelf()
{
    static const ShelfConfig config = [] {
        const ConfigResult loaded = loadShelfConfig(QStringLiteral(SHELF_DEMO_SHELF));
        if (!loaded.config)
            fail("the demo shelf loads", loaded.error);
        return *loaded.config;
    }();
    return config;
}

} // namespace shelf::fuzz
