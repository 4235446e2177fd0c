#pragma once

#include "scale_channel.h"

#include <QObject>
#include <QString>

#include <map>
#include <memory>

class QIODevice;
class QTimer;

namespace shelf {

class SimulatedScaleBoard;
class Trace;

struct ScaleSettings
{
    QString path; // a serial port (/dev/ttyUSB0, a pty), a FIFO or plain file, or "synthetic"
    int baudRate = 115200;
    WeightChannel::Params filter;
    std::shared_ptr<SimulatedScaleBoard> simulated; // the board read when path is "synthetic"
};

// Reads a shelf scale board's lines on the thread it lives on, filters each channel and reports
// settled changes of weight. Bad lines are counted and skipped; a board that is unplugged is
// reopened with backoff while the shelf goes on with the camera alone.
class ScaleReader : public QObject
{
    Q_OBJECT
public:
    ScaleReader(ScaleSettings settings, Trace *trace);
    ~ScaleReader() override;

    qint64 malformedLines() const { return m_malformed; }
    // The products on each channel, to match every change against on this thread; call on the
    // reader's thread (a queued call), again whenever the catalog's unit weights change.
    void setUnitWeights(const shelf::UnitWeightTable &table) { m_unitWeights = table; }

public Q_SLOTS:
    // Opens the device and keeps it open; call on the reader's thread (QThread::started).
    void start();
    void stop();

Q_SIGNALS:
    void weightChanged(const shelf::WeightChange &change);
    void healthChanged(bool up);
    void malformedLine(const QString &where, const QString &problem);

private:
    void open();
    void close(const QString &why);
    void readAvailable();
    void processBuffer();
    void handleLine(const QByteArray &line);

    ScaleSettings m_settings;
    Trace *m_trace;
    std::unique_ptr<QIODevice> m_device;
    QTimer *m_reopenTimer = nullptr;
    QTimer *m_pollTimer = nullptr;
    QTimer *m_simulationTimer = nullptr;
    int m_reopenDelayMs = 250;
    bool m_up = false;
    bool m_healthReported = false; // a board missing from the start is reported once too
    bool m_discardingLongLine = false;
    QByteArray m_partial;
    qint64 m_lineNumber = 0;
    qint64 m_malformed = 0;
    std::map<int, WeightChannel> m_channels;
    UnitWeightTable m_unitWeights;
};

} // namespace shelf
