#pragma once

#include "feed_client.h"
#include "script.h"
#include "shelf_config.h"
#include "trace.h"

#include <QObject>
#include <QSize>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QElapsedTimer;
class QQuickWindow;

namespace shelf {

class FeedClient;
class PickupFusion;
class ProductCatalog;
class ShelfInput;
class ShelfView;
class Trace;

// How the display runs, from the command line; the shelf itself comes from the config.
struct DisplayOptions
{
    // The built-in store server serves the config's [demo] catalog, the scale is simulated when
    // the config names none, and the data stays in memory.
    bool demo = false;
    // Full screen, no cursor, no demo keyboard.
    bool kiosk = false;
    QSize windowSize{1920, 1080};
    QString tracePath; // empty: no trace
    TraceOptions traceOptions; // per-frame lines, size bound
    // Where the display keeps its data when the config names no [feed] store; empty: the user's
    // data folder.
    QString dataFolder;
};

// One shelf display: the object graph that shows a lifted product, built once and changed in
// place when the operator edits the shelf config. It owns the trace, the catalog, the store feed
// client, fusion, the camera, identification and scale workers (each on a thread of its own),
// the view and its window, and the watchers of the operator's files.
class ShelfDisplay : public QObject
{
    Q_OBJECT
public:
    explicit ShelfDisplay(DisplayOptions options, QObject *parent = nullptr);
    // Stops what still runs (stop() with its default budget).
    ~ShelfDisplay() override;

    // Opens the trace file the options name, if any; an error names the file.
    QString openTrace();
    // Loads the interface and shows its window; an error says what failed.
    QString load();
    // Starts the shelf with this config: store feed, camera, scale, content. An error (the demo
    // catalog, the CURVE keys, the demo store server) leaves nothing running.
    QString start(const ShelfConfig &config);
    // Watches the config file and applies each good edit; a bad one is reported and the display
    // keeps the config before it. Before start(), the first good edit starts the shelf: a kiosk
    // whose config is broken at boot shows what is wrong and starts once it is fixed.
    void watchConfig(const QString &path);
    // Shows staff why the shelf cannot start (each problem as FILE:LINE: what).
    void showConfigProblems(const QStringList &problems);
    // Applies a changed config without a restart; returns what changed (empty: nothing). What
    // is out of its slot and every unacknowledged event survive. New slots or a new camera
    // source reach the camera thread between two frames; fusion reads events by the new slots
    // from the first frame the camera saw with them (configApplied comes then).
    QStringList apply(const ShelfConfig &config);
    // The same, with the CURVE keys the config names as already read.
    QStringList apply(const ShelfConfig &config, const std::optional<CurveClientKeys> &keys);
    // Plays a script against the shelf, from the first frame on screen.
    void playScript(const QVector<ScriptAction> &actions);
    // Quits the application after a second, failing on any QML warning (see qmlWarnings()).
    void quitAfterOneSecond();
    // Stops every thread within budgetMs in all; false if one did not stop (it is left running,
    // and the caller should exit at once rather than destroy it).
    bool stop(int budgetMs = 15000);

    bool isStarted() const;
    const ShelfConfig &config() const;
    int qmlWarnings() const;
    // Frames the camera thread has read since the display started (0 before it starts).
    quint64 cameraFrames() const;
    // For tests and the script's screenshots.
    QQuickWindow *window() const;
    ShelfView *view() const;
    ProductCatalog &catalog() const;
    PickupFusion *fusion() const;
    ShelfInput *input() const;
    FeedClient *feedClient() const;
    Trace &trace() const;

Q_SIGNALS:
    // A change of the config file is in effect (changes: what changed, e.g. "slots") or was
    // rejected (problems: FILE:LINE: what).
    void configApplied(const QStringList &changes);
    void configRejected(const QStringList &problems);

private:
    struct Parts;
    // Reads the config file again and applies it; the problems if it was rejected.
    QStringList reloadConfig();
    // The display's health and status (protocol 1.1), its file at healthFilePath (empty: none).
    void startHealth(const QString &healthFilePath);
    QString screenName() const;
    // A command from the store server, checked by the feed client: carried out, and answered.
    void carryOut(const shelf::StoreCommand &command);
    // The camera thread reads frames by the config apply() queued to it first.
    void onCameraConfigApplied();
    // The slots of config (indexes) whose products fusion holds out now.
    QVector<int> slotsOut(const ShelfConfig &config) const;
    // Every config queued to the camera is in effect: what waited for it follows.
    void cameraCaughtUp();
    void announceApplied();
    // Fusion and the demo keyboard number slots as the camera does: `slots` from now on.
    void applySlotsBehindTheCamera(const QVector<SlotConfig> &slots);
    void startFeed();
    void stopFeed();
    void startIdentification();
    void startVision();
    void startScale();
    bool stopVision(const QElapsedTimer &clock, int budgetMs);
    bool stopScale(const QElapsedTimer &clock, int budgetMs);
    QString scaleSource(const ShelfConfig &config) const;
    void loadAttract();
    void loadTheme();
    void watchContent();
    void publishReferences();
    void publishUnitWeights();
    void applyViewSettings();

    DisplayOptions m_options;
    std::unique_ptr<Parts> d;
};

} // namespace shelf
