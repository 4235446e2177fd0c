// Reading a shelf config, cross-checks included, as the display does at start (and on every
// change once shelf.toml reloads live): the demo shelf, the largest grid a file may hold, and
// slot outlines made to cost the overlap check the most.
#include <shelf_config.h>

#include <QFile>

#include <benchmark/benchmark.h>

using namespace shelf;

namespace {

const QByteArray feed = "[feed]\nsnapshot = \"tcp://h:1\"\nupdates = \"tcp://h:2\"\n"
                        "events = \"tcp://h:3\"\n";

QByteArray slotText(int i, const QByteArray &polygon)
{
    return "\n[[slot]]\nid = \"S" + QByteArray::number(i) + "\"\nsku = \"" + QByteArray::number(i)
        + "\"\npolygon = [" + polygon + "]\n";
}

QByteArray points(const std::vector<std::pair<double, double>> &corners)
{
    QByteArray text;
    for (const auto &[x, y] : corners)
        text += (text.isEmpty() ? "[" : ", [") + QByteArray::number(x) + ", "
            + QByteArray::number(y) + "]";
    return text;
}

// 256 four-cornered slots side by side, 16 x 16 on a 640 x 480 picture.
QByteArray grid()
{
    QByteArray text = feed;
    for (int i = 0; i < 256; ++i) {
        const double x = (i % 16) * 40.0, y = (i / 16) * 30.0;
        text += slotText(i, points({{x, y}, {x + 40, y}, {x + 40, y + 30}, {x, y + 30}}));
    }
    return text;
}

// 256 combs of 64 corners on one spot, every other one upside down: a comb and its neighbour
// interleave their teeth without sharing area, so each such pair compares nearly all of their
// triangles, and the check stops at its budget.
QByteArray combs()
{
    QByteArray text = feed;
    for (int i = 0; i < 256; ++i) {
        std::vector<std::pair<double, double>> c;
        const bool down = i % 2 == 0;
        const double bar = down ? 0 : 110, barEnd = down ? 10 : 100, tip = down ? 95 : 15;
        c.push_back({0, bar});
        c.push_back({120, bar});
        c.push_back({120, barEnd});
        for (int k = 14; k >= 0; --k) {
            const double left = 8 * k + (down ? 1 : 5), right = left + (down ? 3 : 2);
            c.push_back({right, barEnd});
            c.push_back({right, tip});
            c.push_back({left, tip});
            c.push_back({left, barEnd});
        }
        c.push_back({0, barEnd});
        text += slotText(i, points(c));
    }
    return text;
}

void readConfig(benchmark::State &state, const QByteArray &text)
{
    int warnings = 0;
    bool stopped = false;
    for (auto _ : state) {
        const ConfigResult result = parseShelfConfig(text, QStringLiteral("/bench/shelf.toml"));
        if (!result.config) {
            state.SkipWithError(qPrintable(result.problems.value(0)));
            break;
        }
        warnings = int(result.warnings.size());
        stopped = result.warnings.join(u'\n').contains(QLatin1String("not checked for overlaps"));
    }
    state.counters["warnings"] = warnings;
    // 1: the overlap check ran out of its budget and left pairs unchecked.
    state.counters["stopped"] = stopped;
    state.counters["bytes"] = double(text.size());
}

void demoShelf(benchmark::State &state)
{
    QFile file(QStringLiteral(SHELF_DEMO_DIR "/shelf.toml"));
    if (!file.open(QIODevice::ReadOnly)) {
        state.SkipWithError("no demo shelf");
        return;
    }
    readConfig(state, file.readAll());
}

void gridOf256(benchmark::State &state)
{
    readConfig(state, grid());
}

void interleavedCombs(benchmark::State &state)
{
    readConfig(state, combs());
}

} // namespace

BENCHMARK(demoShelf)->Unit(benchmark::kMicrosecond);
BENCHMARK(gridOf256)->Unit(benchmark::kMillisecond);
BENCHMARK(interleavedCombs)->Unit(benchmark::kMillisecond)->Iterations(2);

BENCHMARK_MAIN();
