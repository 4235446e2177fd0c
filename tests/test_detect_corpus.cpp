// Camera pickup detection judged as an operator would: the generated evaluation corpus written
// to video files, `shelfscreen detect` run on each, its JSON lines matched to the ground truth.
#include <scene_generator.h>

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <thread>

using namespace shelf::vision;

namespace {

constexpr int kLatencyFrames = 3; // at most this many frames after the hand left the slot

struct Detected
{
    QString type;
    QString slot;
    qint64 frame = 0;
    double confidence = 0;
};

struct DetectRun
{
    int exitCode = -1;
    QString errors;
    QList<Detected> events;
    bool wellFormed = true;
};

DetectRun detect(const QString &base)
{
    QProcess process;
    process.start(QStringLiteral(SHELFSCREEN_BIN),
                  {QStringLiteral("detect"), QStringLiteral("--config"),
                   base + QStringLiteral(".toml"), QStringLiteral("--source"),
                   base + QStringLiteral(".avi")});
    DetectRun run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        run.errors = QStringLiteral("timed out");
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.errors = QString::fromUtf8(process.readAllStandardError());
    for (const QByteArray &line : process.readAllStandardOutput().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        for (const char *key : {"type", "slot", "sku", "frame", "t_ms", "confidence"})
            run.wellFormed = run.wellFormed && o.contains(QLatin1String(key));
        run.events.append({o.value(u"type").toString(), o.value(u"slot").toString(),
                           o.value(u"frame").toInteger(), o.value(u"confidence").toDouble()});
    }
    return run;
}

// Rows: what happened (lift, return, nothing); columns: what detect said (lift, return, nothing).
using Confusion = std::array<std::array<int, 3>, 3>;

int typeIndex(const QString &type)
{
    return type == u"lift" ? 0 : type == u"return" ? 1 : 2;
}

} // namespace

TEST(DetectCorpus, LiftsAndReturnsAreFoundPromptlyAndNothingElse)
{
    QTemporaryDir folder;
    ASSERT_TRUE(folder.isValid());
    const std::vector<SceneDescription> corpus = evaluationCorpus(1);
    ASSERT_GE(corpus.size(), 15u);

    // Rendering dominates the test's time; two threads halve it on the 2-core machines we run on.
    std::vector<std::unique_ptr<SceneGenerator>> clips;
    for (const SceneDescription &scene : corpus)
        clips.push_back(std::make_unique<SceneGenerator>(scene, SHELF_DEMO_DIR "/images"));
    std::vector<std::string> errors(clips.size());
    auto write = [&](std::size_t first) {
        for (std::size_t i = first; i < clips.size(); i += 2)
            errors[i] = clips[i]->writeClip(
                QDir(folder.path()).filePath(QStringLiteral("clip%1").arg(i)).toStdString());
    };
    std::thread second(write, 1);
    write(0);
    second.join();

    Confusion confusion{};
    std::array<int, kLatencyFrames + 1> latencies{};
    int late = 0, noTakeClips = 0, noTakeEvents = 0;
    for (std::size_t c = 0; c < clips.size(); ++c) {
        ASSERT_TRUE(errors[c].empty()) << errors[c];
        const SceneGenerator &clip = *clips[c];
        const DetectRun run = detect(QDir(folder.path()).filePath(QStringLiteral("clip%1").arg(c)));
        ASSERT_EQ(run.exitCode, 0) << "clip " << c << ": " << run.errors.toStdString();
        EXPECT_TRUE(run.wellFormed) << "clip " << c;

        std::vector<bool> used(std::size_t(run.events.size()), false);
        for (const TruthEvent &truth : clip.truth()) {
            const QString slot = QStringLiteral("S%1").arg(truth.slot + 1);
            const int row = truth.type == SlotEvent::Type::Lift ? 0 : 1;
            int column = 2;
            for (qsizetype k = 0; k < run.events.size(); ++k) {
                const Detected &e = run.events[k];
                const qint64 latency = e.frame - truth.handLeftFrame;
                if (used[k] || e.slot != slot || latency < 0 || latency > kLatencyFrames)
                    continue;
                used[k] = true;
                column = typeIndex(e.type);
                if (column == row)
                    ++latencies[latency];
                break;
            }
            if (column == 2) {
                for (const Detected &e : run.events)
                    late += e.slot == slot && e.frame > truth.handLeftFrame + kLatencyFrames;
                std::printf("clip %zu: missed %s of %s (hand left at frame %lld)\n", c,
                            row == 0 ? "lift" : "return", qPrintable(slot),
                            static_cast<long long>(truth.handLeftFrame));
            }
            ++confusion[row][column];
        }
        for (qsizetype k = 0; k < run.events.size(); ++k) {
            if (used[k])
                continue;
            ++confusion[2][typeIndex(run.events[k].type)];
            std::printf("clip %zu: unexpected %s of %s at frame %lld\n", c,
                        qPrintable(run.events[k].type), qPrintable(run.events[k].slot),
                        static_cast<long long>(run.events[k].frame));
        }
        if (clip.truth().empty()) {
            ++noTakeClips;
            noTakeEvents += int(run.events.size());
        }
    }

    std::printf("confusion over %zu clips (rows: truth, columns: detected)\n", clips.size());
    std::printf("            lift  return  nothing\n");
    const char *const names[] = {"lift", "return", "nothing"};
    for (int r = 0; r < 3; ++r)
        std::printf("%-8s  %6d  %6d  %7d\n", names[r], confusion[r][0], confusion[r][1],
                    r == 2 ? 0 : confusion[r][2]);
    std::printf("latency after the hand left, frames 0..%d:", kLatencyFrames);
    for (int n : latencies)
        std::printf(" %d", n);
    std::printf("; later than that: %d\n", late);
    std::printf("events on %d clips with nothing taken: %d\n", noTakeClips, noTakeEvents);
    for (int type = 0; type < 2; ++type) {
        const int truePositives = confusion[type][type];
        const int detected = confusion[0][type] + confusion[1][type] + confusion[2][type];
        const int actual = confusion[type][0] + confusion[type][1] + confusion[type][2];
        const double precision = detected ? double(truePositives) / detected : 0.0;
        const double recall = actual ? double(truePositives) / actual : 0.0;
        std::printf("%-6s precision %.3f recall %.3f (%d of %d)\n", names[type], precision, recall,
                    truePositives, actual);
        EXPECT_GT(actual, 5) << names[type] << ": the corpus must exercise it";
        EXPECT_GE(precision, 0.98) << names[type];
        EXPECT_GE(recall, 0.98) << names[type];
    }
    EXPECT_GE(noTakeClips, 5);
    EXPECT_EQ(noTakeEvents, 0);
}

TEST(DetectCorpus, ABadSourceIsNamedAndFails)
{
    QTemporaryDir folder;
    ASSERT_TRUE(folder.isValid());
    SceneDescription scene;
    scene.size = {320, 240};
    scene.rows = 2;
    scene.columns = 3;
    scene.frameCount = 5;
    SceneGenerator clip(scene, SHELF_DEMO_DIR "/images");
    const QString base = QDir(folder.path()).filePath(QStringLiteral("clip"));
    ASSERT_EQ(clip.writeClip(base.toStdString()), "");
    const QString missing = QDir(folder.path()).filePath(QStringLiteral("missing.avi"));
    QProcess process;
    process.start(QStringLiteral(SHELFSCREEN_BIN),
                  {QStringLiteral("detect"), QStringLiteral("--config"),
                   base + QStringLiteral(".toml"), QStringLiteral("--source"), missing});
    ASSERT_TRUE(process.waitForFinished(60000));
    EXPECT_NE(process.exitCode(), 0);
    EXPECT_TRUE(QString::fromUtf8(process.readAllStandardError()).contains(missing));

    // A still, fully stocked shelf read to its end: no events, exit 0.
    const DetectRun run = detect(base);
    EXPECT_EQ(run.exitCode, 0) << run.errors.toStdString();
    EXPECT_TRUE(run.events.isEmpty());
}
