#include "scale_reader.h"

#include "simulated_scale.h"
#include "trace.h"

#include <fcntl.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSerialPort>
#include <QTimer>

#include <cerrno>
#include <cstring>

Q_LOGGING_CATEGORY(lcScale, "shelf.scale")

namespace shelf {

namespace {

bool isSerialDevice(const QString &path)
{
    // Character devices that are terminals: USB serial boards and pseudo-terminals.
    return path.startsWith(u"/dev/tty") || path.startsWith(u"/dev/pts/")
        || path.startsWith(u"/dev/serial/");
}

qint64 nowMs()
{
    return monotonicMicros() / 1000;
}

} // namespace

ScaleReader::ScaleReader(ScaleSettings settings, Trace *trace)
    : m_settings(std::move(settings))
    , m_trace(trace)
{
    qRegisterMetaType<WeightChange>();
}

ScaleReader::~ScaleReader() = default;

void ScaleReader::start()
{
    // Timers are made here, on the reader's thread, so they fire there.
    m_reopenTimer = new QTimer(this);
    m_reopenTimer->setSingleShot(true);
    connect(m_reopenTimer, &QTimer::timeout, this, &ScaleReader::open);
    // FIFOs and files are read every 50 ms: boards print 10 to 80 readings a second.
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(50);
    connect(m_pollTimer, &QTimer::timeout, this, &ScaleReader::readAvailable);
    open();
}

void ScaleReader::stop()
{
    close(QString());
    // Timers belong to this thread and must die here, not in the destructor on another thread.
    delete std::exchange(m_reopenTimer, nullptr);
    delete std::exchange(m_pollTimer, nullptr);
    delete std::exchange(m_simulationTimer, nullptr);
}

void ScaleReader::open()
{
    const QString &path = m_settings.path;
    if (path == u"synthetic" && m_settings.simulated) {
        // The simulated board prints at 10 readings a second per channel, as HX711 boards do.
        m_simulationTimer = new QTimer(this);
        m_simulationTimer->setInterval(100);
        connect(m_simulationTimer, &QTimer::timeout, this, [this] {
            m_partial.append(m_settings.simulated->nextLines(monotonicMicros() / 1000));
            processBuffer();
        });
        m_simulationTimer->start();
        m_up = true;
        m_healthReported = true;
        Q_EMIT healthChanged(true);
        return;
    }
    if (isSerialDevice(path)) {
        auto port = std::make_unique<QSerialPort>(path);
        port->setBaudRate(m_settings.baudRate);
        port->setDataBits(QSerialPort::Data8);
        port->setParity(QSerialPort::NoParity);
        port->setStopBits(QSerialPort::OneStop);
        port->setFlowControl(QSerialPort::NoFlowControl);
        if (port->open(QIODevice::ReadOnly)) {
            connect(port.get(), &QSerialPort::readyRead, this, &ScaleReader::readAvailable);
            connect(port.get(), &QSerialPort::errorOccurred, this,
                    [this](QSerialPort::SerialPortError error) {
                        // An unplugged board shows as a resource or read error, depending on the
                        // driver.
                        if (error == QSerialPort::ResourceError || error == QSerialPort::ReadError)
                            close(QStringLiteral("%1: the board stopped answering (unplugged?)")
                                      .arg(m_settings.path));
                    });
            m_device = std::move(port);
        } else {
            close(QStringLiteral("%1: cannot open: %2").arg(path, port->errorString()));
            return;
        }
    } else {
        // Non-blocking: opening a FIFO for reading would otherwise wait for a writer, and this
        // thread must stay responsive to stop(). Unbuffered, so bytes are seen as they arrive.
        const int fd
            = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        auto file = std::make_unique<QFile>();
        if (fd < 0
            || !file->open(fd, QIODevice::ReadOnly | QIODevice::Unbuffered,
                           QFileDevice::AutoCloseHandle)) {
            if (fd >= 0)
                ::close(fd);
            close(QStringLiteral("%1: cannot open: %2")
                      .arg(path, QString::fromLocal8Bit(std::strerror(errno))));
            return;
        }
        // Polled, not watched: a FIFO whose writer left, and any plain file, read as "ready"
        // forever, which would spin a read notifier at full CPU.
        m_device = std::move(file);
        m_pollTimer->start();
    }
    m_reopenDelayMs = 250;
    if (!m_up) {
        m_up = true;
        m_healthReported = true;
        qCInfo(lcScale).noquote() << "reading the scale at" << path;
        if (m_trace)
            m_trace->write("scale_health", {{QStringLiteral("up"), true}});
        Q_EMIT healthChanged(true);
    }
    readAvailable();
}

void ScaleReader::close(const QString &why)
{
    if (m_pollTimer)
        m_pollTimer->stop();
    if (m_simulationTimer)
        m_simulationTimer->stop();
    if (m_device)
        m_device->disconnect(this);
    // deleteLater: close() may run inside one of the device's own signals.
    if (m_device)
        m_device.release()->deleteLater();
    m_partial.clear();
    if (why.isEmpty())
        return;
    if (m_up || !m_healthReported) {
        m_up = false;
        m_healthReported = true;
        qCWarning(lcScale).noquote() << why << "- going on with the camera alone; retrying";
        if (m_trace)
            m_trace->write("scale_health",
                           {{QStringLiteral("up"), false}, {QStringLiteral("why"), why}});
        Q_EMIT healthChanged(false);
    }
    if (m_reopenTimer)
        m_reopenTimer->start(m_reopenDelayMs);
    m_reopenDelayMs = std::min(m_reopenDelayMs * 2, 8000);
}

void ScaleReader::readAvailable()
{
    if (!m_device)
        return;
    const QByteArray chunk = m_device->readAll();
    if (chunk.isEmpty()) {
        // A serial port that reads nothing is quiet; a FIFO with no writer may be gone for good.
        if (!isSerialDevice(m_settings.path) && !QFileInfo::exists(m_settings.path))
            close(QStringLiteral("%1 disappeared").arg(m_settings.path));
        return;
    }
    m_partial.append(chunk);
    processBuffer();
}

void ScaleReader::processBuffer()
{
    qsizetype end;
    while ((end = m_partial.indexOf('\n')) >= 0) {
        QByteArray line = m_partial.left(end);
        m_partial.remove(0, end + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        ++m_lineNumber;
        if (std::exchange(m_discardingLongLine, false))
            continue; // the tail of a line already counted as too long
        handleLine(line);
    }
    if (m_partial.size() > 256) {
        // Never buffer without bound: a line this long is already malformed.
        ++m_lineNumber;
        handleLine(m_partial);
        m_partial.clear();
        m_discardingLongLine = true;
    }
}

void ScaleReader::handleLine(const QByteArray &line)
{
    const ScaleLine parsed = parseScaleLine(line);
    if (parsed.kind == ScaleLine::Kind::Comment)
        return;
    if (parsed.kind == ScaleLine::Kind::Malformed) {
        ++m_malformed;
        const QString where = QStringLiteral("%1:%2").arg(m_settings.path).arg(m_lineNumber);
        // Logged for the first few and then every hundredth, so a noisy board cannot flood the log.
        if (m_malformed <= 5 || m_malformed % 100 == 0)
            qCWarning(lcScale).noquote()
                << where << ": skipped:" << parsed.problem << "(" << m_malformed << "so far)";
        Q_EMIT malformedLine(where, QString::fromLatin1(parsed.problem));
        return;
    }
    auto channel = m_channels.find(parsed.reading.channel);
    if (channel == m_channels.end())
        channel = m_channels
                      .emplace(parsed.reading.channel,
                               WeightChannel(parsed.reading.channel, m_settings.filter))
                      .first;
    if (auto change = channel->second.add(parsed.reading.grams, nowMs())) {
        change->matched = true;
        change->products = m_unitWeights.value(change->channel);
        change->match = matchUnits(change->deltaGrams, change->products.unitWeights);
        if (m_trace) {
            m_trace->write("weight_change",
                           {{QStringLiteral("channel"), change->channel},
                            {QStringLiteral("delta_g"), change->deltaGrams}});
        }
        Q_EMIT weightChanged(*change);
    }
}

} // namespace shelf
