#include "display_health.h"

#include <unistd.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>

#include <cmath>
#include <cstdio>
#include <sys/resource.h>
#include <utility>

Q_LOGGING_CATEGORY(lcHealth, "shelf.health")

namespace shelf {

namespace {

QString feedStateName(FeedHealth health)
{
    switch (health) {
    case FeedHealth::Live:
        return QStringLiteral("live");
    case FeedHealth::Stale:
        return QStringLiteral("stale");
    case FeedHealth::NeverConnected:
    case FeedHealth::Updating:
        break;
    }
    return QStringLiteral("connecting");
}

QString deviceStateName(DeviceState state)
{
    switch (state) {
    case DeviceState::Up:
        return QStringLiteral("up");
    case DeviceState::Down:
        return QStringLiteral("down");
    case DeviceState::None:
        break;
    }
    return QStringLiteral("none");
}

QString clockTime(const QDateTime &at)
{
    return at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss.zzz t"));
}

QString lasted(const QDateTime &from, const QDateTime &to)
{
    const qint64 s = std::max<qint64>(0, from.secsTo(to));
    if (s < 120)
        return QStringLiteral("%1 s").arg(s);
    if (s < 7200)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

double rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

} // namespace

ProcessUsage processUsage()
{
    ProcessUsage usage;
    if (FILE *statm = std::fopen("/proc/self/statm", "r")) {
        long size = 0;
        long resident = 0;
        if (std::fscanf(statm, "%ld %ld", &size, &resident) == 2)
            usage.rssMib = double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
        std::fclose(statm);
    }
    rusage self{};
    if (getrusage(RUSAGE_SELF, &self) == 0) {
        usage.cpuSeconds = double(self.ru_utime.tv_sec) + double(self.ru_stime.tv_sec)
            + (double(self.ru_utime.tv_usec) + double(self.ru_stime.tv_usec)) / 1e6;
    }
    return usage;
}

DisplayHealth::DisplayHealth(Settings settings, ShelfClock &clock, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_clock(clock)
    , m_startedUs(clock.nowMicros())
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_feedSince = m_cameraSince = m_scaleSince = m_configSince = now;
    m_lastUsage = processUsage();
    m_lastUsageUs = m_startedUs;
}

DisplayHealth::~DisplayHealth() = default;

void DisplayHealth::start()
{
    if (m_started)
        return;
    m_started = true;
    reportNow();
    writeHealthFile();
    armStatus();
    armHealthFile();
}

void DisplayHealth::armStatus()
{
    // Replacing the alarm that rings is allowed: the clock is done with it.
    m_periodic = m_clock.ringAfter(m_settings.statusIntervalMs, this, [this] {
        reportNow();
        armStatus();
    });
}

void DisplayHealth::armHealthFile()
{
    if (m_settings.healthFilePath.isEmpty())
        return;
    m_fileAlarm = m_clock.ringAfter(m_settings.healthFileIntervalMs, this, [this] {
        writeHealthFile();
        armHealthFile();
    });
}

void DisplayHealth::changed()
{
    // One status for a burst of changes, sent within changeDelayMs of the first.
    if (!m_started || m_changeReport)
        return;
    m_changeReport = m_clock.ringAfter(m_settings.changeDelayMs, this, [this] {
        m_changeReport.reset();
        reportNow();
    });
}

void DisplayHealth::setFeed(FeedHealth health, const QDateTime &since)
{
    if (health == m_feed)
        return;
    const FeedHealth previous = std::exchange(m_feed, health);
    const QDateTime previousSince = m_feedSince;
    m_feedSince = since.isValid() ? since : QDateTime::currentDateTimeUtc();
    if (health == FeedHealth::Stale) {
        qCWarning(lcHealth).noquote() << "store server offline since" << clockTime(m_feedSince)
                                      << "- prices stay from the last good state until it is back";
    } else if (previous == FeedHealth::Stale) {
        qCInfo(lcHealth).noquote() << "store server back since" << clockTime(m_feedSince) << "after"
                                   << lasted(previousSince, m_feedSince) << "offline";
    } else if (health == FeedHealth::Live) {
        qCInfo(lcHealth).noquote() << "store feed live since" << clockTime(m_feedSince);
    } else if (health == FeedHealth::Updating) {
        qCInfo(lcHealth).noquote() << "store server answering since" << clockTime(m_feedSince)
                                   << "- loading its current state";
    }
    if (feedStateName(previous) != feedStateName(health))
        changed();
}

void DisplayHealth::setCamera(DeviceState state)
{
    setDevice("camera", m_camera, m_cameraSince, state);
}

void DisplayHealth::setScale(DeviceState state)
{
    setDevice("scale", m_scale, m_scaleSince, state);
}

void DisplayHealth::setDevice(const char *name, DeviceState &current, QDateTime &since,
                              DeviceState state)
{
    if (state == current)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (state == DeviceState::Down)
        qCWarning(lcHealth).noquote() << name << "down since" << clockTime(now);
    else if (state == DeviceState::Up && current == DeviceState::Down)
        qCInfo(lcHealth).noquote() << name << "up since" << clockTime(now) << "after"
                                   << lasted(since, now) << "down";
    else if (state == DeviceState::Up)
        qCInfo(lcHealth).noquote() << name << "up since" << clockTime(now);
    else
        qCInfo(lcHealth).noquote() << name << "not configured since" << clockTime(now);
    current = state;
    since = now;
    changed();
}

void DisplayHealth::setConfig(const QString &digest, const QString &problem)
{
    if (digest == m_configDigest && problem == m_configProblem)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!problem.isEmpty())
        qCWarning(lcHealth).noquote() << "config edit rejected since" << clockTime(now)
                                      << "- running on config" << digest << "before it:" << problem;
    else if (!m_configProblem.isEmpty() && digest == m_configDigest)
        qCInfo(lcHealth).noquote()
            << "config file back to config" << digest << "since" << clockTime(now);
    else
        qCInfo(lcHealth).noquote() << "config" << digest << "in use since" << clockTime(now);
    m_configDigest = digest;
    m_configProblem = problem;
    m_configSince = now;
    changed();
}

void DisplayHealth::setScreen(const QString &screen)
{
    if (screen == m_screen)
        return;
    m_screen = screen;
    changed();
}

void DisplayHealth::setOutbox(int pending, int dropped)
{
    m_outboxPending = pending;
    m_outboxDropped = dropped;
}

QJsonObject DisplayHealth::status()
{
    const HealthSample sample = m_settings.sample ? m_settings.sample() : HealthSample{};
    const qint64 nowUs = m_clock.nowMicros();
    const ProcessUsage usage = processUsage();
    // CPU in percent of one core since the status or file before (at least 1 s of it).
    double cpuPercent = 0;
    if (nowUs - m_lastUsageUs >= 1000000) {
        cpuPercent = 100.0 * (usage.cpuSeconds - m_lastUsage.cpuSeconds)
            / (double(nowUs - m_lastUsageUs) / 1e6);
        m_lastUsage = usage;
        m_lastUsageUs = nowUs;
    } else if (nowUs > m_lastUsageUs) {
        cpuPercent = 100.0 * (usage.cpuSeconds - m_lastUsage.cpuSeconds)
            / (double(nowUs - m_lastUsageUs) / 1e6);
    }

    QJsonObject feed{{QStringLiteral("state"), feedStateName(m_feed)},
                     {QStringLiteral("since"), m_feedSince.toUTC().toString(Qt::ISODateWithMs)}};
    if (!sample.feedEpoch.isEmpty())
        feed.insert(QStringLiteral("epoch"), sample.feedEpoch);
    if (sample.feedUpdateAgeS >= 0)
        feed.insert(QStringLiteral("update_age_s"), rounded(sample.feedUpdateAgeS, 1));
    QJsonObject camera{{QStringLiteral("state"), deviceStateName(m_camera)}};
    if (m_camera == DeviceState::Up)
        camera.insert(QStringLiteral("fps"), rounded(sample.cameraFps, 1));
    QJsonObject config{
        {QStringLiteral("state"),
         m_configProblem.isEmpty() ? QStringLiteral("ok") : QStringLiteral("rejected")}};
    if (!m_configProblem.isEmpty())
        config.insert(QStringLiteral("problem"), m_configProblem);

    return {
        {QStringLiteral("type"), QStringLiteral("status")},
        {QStringLiteral("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("version"), m_settings.version},
        {QStringLiteral("uptime_s"), qint64((nowUs - m_startedUs) / 1000000)},
        {QStringLiteral("config"), m_configDigest},
        // Not in the contract's example: unknown fields are ignored by a 1.1 server.
        {QStringLiteral("config_state"), config},
        {QStringLiteral("feed"), feed},
        {QStringLiteral("camera"), camera},
        {QStringLiteral("scale"), QJsonObject{{QStringLiteral("state"), deviceStateName(m_scale)}}},
        {QStringLiteral("outbox"),
         QJsonObject{{QStringLiteral("pending"), m_outboxPending},
                     {QStringLiteral("dropped"), m_outboxDropped}}},
        {QStringLiteral("rejected"), sample.rejected},
        {QStringLiteral("commands_dropped"), sample.commandsDropped},
        {QStringLiteral("screen"), m_screen},
        {QStringLiteral("rss_mib"), qint64(std::lround(usage.rssMib))},
        {QStringLiteral("cpu_pct"), rounded(std::max(0.0, cpuPercent), 1)},
    };
}

void DisplayHealth::reportNow()
{
    m_changeReport.reset();
    Q_EMIT statusDue(QJsonDocument(status()).toJson(QJsonDocument::Compact));
}

bool DisplayHealth::writeHealthFile()
{
    if (m_settings.healthFilePath.isEmpty())
        return true;
    QDir().mkpath(QFileInfo(m_settings.healthFilePath).absolutePath());
    // Written aside and renamed: a tool reading the file never sees half of one.
    QSaveFile file(m_settings.healthFilePath);
    const QByteArray json = QJsonDocument(status()).toJson(QJsonDocument::Indented);
    const bool written
        = file.open(QIODevice::WriteOnly) && file.write(json) == json.size() && file.commit();
    if (!written && !m_fileFailing) {
        qCWarning(lcHealth).noquote()
            << m_settings.healthFilePath << ": health file not written:" << file.errorString()
            << "- retried every" << m_settings.healthFileIntervalMs / 1000 << "s";
    } else if (written && m_fileFailing) {
        qCInfo(lcHealth).noquote() << m_settings.healthFilePath << ": health file written again";
    }
    m_fileFailing = !written;
    return written;
}

} // namespace shelf
