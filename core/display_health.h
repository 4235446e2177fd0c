#pragma once

#include "feed_types.h"
#include "shelf_clock.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace shelf {

// A sensor's state as the status gives it: not configured, working, or configured and not
// working.
enum class DeviceState { None, Up, Down };

// What the display measures of itself when a status is made (see DisplayHealth::Settings).
struct HealthSample
{
    QString feedEpoch;
    double feedUpdateAgeS = -1; // since the last message from the store; -1: none yet
    qint64 rejected = 0;
    qint64 commandsDropped = 0;
    double cameraFps = 0;
};

// Resident memory and CPU time of this process, for the status.
struct ProcessUsage
{
    double rssMib = 0;
    double cpuSeconds = 0;
};
ProcessUsage processUsage();

// The display's health (protocol 1.1 `status`): the state of the feed, camera, scale, config and
// screen, kept as they change. Each change of feed, camera, scale or config is logged once, with
// the time it began. A status is due every minute and within two seconds of a change; the same
// status is written as a JSON file every five seconds for tools on the shelf PC. Lives on the GUI
// thread; its timers run on the clock it is given.
class DisplayHealth : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        QString version;
        QString healthFilePath; // empty: no file
        int statusIntervalMs = 60000;
        // A change is reported this long after it, so that a burst (a camera reopening, a
        // reload) makes one status, not five.
        int changeDelayMs = 1000;
        int healthFileIntervalMs = 5000;
        // Called when a status is made, for what the display measures rather than is told.
        std::function<HealthSample()> sample;
    };

    explicit DisplayHealth(Settings settings, ShelfClock &clock = systemClock(),
                           QObject *parent = nullptr);
    ~DisplayHealth() override;

    // Starts the timers: the first status at once, the health file at once.
    void start();

    void setFeed(FeedHealth health, const QDateTime &since);
    void setCamera(DeviceState state);
    void setScale(DeviceState state);
    // digest: a prefix of the config's SHA-256; problem: why the last edit was rejected (the
    // display runs on the config before it), empty when the file on disk is the one in use.
    void setConfig(const QString &digest, const QString &problem = {});
    void setScreen(const QString &screen);
    void setOutbox(int pending, int dropped);

    // The status body as it would be sent now (samples the display).
    QJsonObject status();
    // Makes a status now (the `status` command).
    void reportNow();
    // Writes the health file now; false (and logged once per failure) when it could not be.
    bool writeHealthFile();

Q_SIGNALS:
    // A status event's body (JSON), to be sent to the store.
    void statusDue(const QByteArray &body);

private:
    void changed();
    void setDevice(const char *name, DeviceState &current, QDateTime &since, DeviceState state);
    void armStatus();
    void armHealthFile();

    Settings m_settings;
    ShelfClock &m_clock;
    qint64 m_startedUs = 0;

    FeedHealth m_feed = FeedHealth::NeverConnected;
    QDateTime m_feedSince;
    DeviceState m_camera = DeviceState::None;
    QDateTime m_cameraSince;
    DeviceState m_scale = DeviceState::None;
    QDateTime m_scaleSince;
    QString m_configDigest;
    QString m_configProblem;
    QDateTime m_configSince;
    QString m_screen = QStringLiteral("attract");
    int m_outboxPending = 0;
    int m_outboxDropped = 0;

    ProcessUsage m_lastUsage;
    qint64 m_lastUsageUs = 0;
    bool m_started = false;
    bool m_fileFailing = false;
    std::unique_ptr<Alarm> m_periodic;
    std::unique_ptr<Alarm> m_changeReport;
    std::unique_ptr<Alarm> m_fileAlarm;
};

} // namespace shelf
