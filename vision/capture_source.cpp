#include "capture_source.h"

#include <opencv2/videoio.hpp>

#include <thread>

namespace shelf::vision {

struct CaptureSource::Impl
{
    cv::VideoCapture capture;
};

CaptureSource::CaptureSource(std::string spec, FilePace pace)
    : m_spec(std::move(spec))
    , m_pace(pace)
    , m_impl(std::make_unique<Impl>())
{ }

CaptureSource::~CaptureSource() = default;

bool CaptureSource::open()
{
    m_impl->capture.release();
    m_lastDelivered = {};
    m_playStart = {};
    bool opened = false;
    if (m_spec.rfind("camera:", 0) == 0) {
        int index = 0;
        try {
            index = std::stoi(m_spec.substr(7));
        } catch (const std::exception &) {
            return false;
        }
        opened = m_impl->capture.open(index);
    } else if (m_spec.find("://") != std::string::npos) {
        // A stream that stalls must not block its reader for long: bounded open and read.
        opened = m_impl->capture.open(
            m_spec, cv::CAP_ANY,
            {cv::CAP_PROP_OPEN_TIMEOUT_MSEC, 5000, cv::CAP_PROP_READ_TIMEOUT_MSEC, 5000});
    } else {
        opened = m_impl->capture.open(m_spec);
    }
    if (opened && isFinite() && m_pace == FilePace::AsRecorded) {
        // A file without a believable rate (0, NaN, thousands) plays at a camera's 30 fps.
        double fps = m_impl->capture.get(cv::CAP_PROP_FPS);
        if (!(fps >= 1 && fps <= 240))
            fps = 30;
        m_framePeriod
            = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1 / fps));
    }
    return opened;
}

Clock::time_point CaptureSource::dueTime(std::int64_t index)
{
    const Clock::time_point now = Clock::now();
    if (!isFinite() || m_pace != FilePace::AsRecorded)
        return now;
    Clock::time_point due = m_playStart + m_framePeriod * (index - m_playStartIndex);
    // The first frame, or a reader that fell behind by more than a few frames (a pause, a slow
    // machine): the recording goes on from here rather than racing to catch up.
    if (m_playStart == Clock::time_point{} || now - due > m_framePeriod * 4) {
        m_playStart = now;
        m_playStartIndex = index;
        due = now;
    }
    return due;
}

bool CaptureSource::read(Frame &frame)
{
    cv::VideoCapture &capture = m_impl->capture;
    if (!capture.isOpened())
        return false;
    // Frames the reader does not want are grabbed but never decoded: decoding is most of a
    // camera's cost, and a still shelf needs a few frames a second.
    for (;;) {
        if (!capture.grab())
            return false;
        const std::int64_t index = m_nextIndex++;
        const Clock::time_point due = dueTime(index);
        // Half a frame of slack: a camera's frames come a little early or late.
        const bool wanted = m_minInterval.count() == 0 || m_lastDelivered == Clock::time_point{}
            || due - m_lastDelivered >= m_minInterval - std::chrono::milliseconds(15);
        if (!wanted)
            continue;
        std::this_thread::sleep_until(due);
        cv::Mat captured;
        if (!capture.retrieve(captured) || captured.empty())
            return false;
        // VideoCapture may reuse its buffer on the next read: the frame must own its pixels.
        frame.image = captured.clone();
        frame.index = index;
        frame.capturedAt = Clock::now();
        frame.positionMs = isFinite() ? capture.get(cv::CAP_PROP_POS_MSEC) : -1;
        m_lastDelivered = due;
        return true;
    }
}

namespace {

class MjpegWriter : public VideoFileWriter
{
public:
    bool open(const std::string &path, double fps, cv::Size size)
    {
        return m_writer.open(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps, size);
    }
    bool write(const cv::Mat &bgr) override
    {
        m_writer.write(bgr);
        return m_writer.isOpened();
    }

private:
    cv::VideoWriter m_writer;
};

} // namespace

std::unique_ptr<VideoFileWriter> openMjpegWriter(const std::string &path, double fps, cv::Size size)
{
    auto writer = std::make_unique<MjpegWriter>();
    if (!writer->open(path, fps, size))
        return nullptr;
    return writer;
}

} // namespace shelf::vision
