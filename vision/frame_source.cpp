#include "frame_source.h"

#include <opencv2/videoio.hpp>

namespace shelf::vision {

struct CaptureSource::Impl
{
    cv::VideoCapture capture;
};

CaptureSource::CaptureSource(std::string spec)
    : m_spec(std::move(spec))
    , m_impl(std::make_unique<Impl>())
{ }

CaptureSource::~CaptureSource() = default;

static bool isCameraSpec(const std::string &spec)
{
    // Any device node: /dev/video2, and the stable names under /dev/v4l/by-id/ and by-path/.
    return spec.rfind("camera:", 0) == 0 || spec.rfind("/dev/", 0) == 0;
}

bool CaptureSource::isFinite() const
{
    return !isCameraSpec(m_spec) && m_spec.find("://") == std::string::npos;
}

bool CaptureSource::open()
{
    m_impl->capture.release();
    if (m_spec.rfind("camera:", 0) == 0) {
        int index = 0;
        try {
            index = std::stoi(m_spec.substr(7));
        } catch (const std::exception &) {
            return false;
        }
        return m_impl->capture.open(index);
    }
    if (m_spec.find("://") != std::string::npos) {
        // A stream that stalls must not block its reader for long: bounded open and read.
        return m_impl->capture.open(
            m_spec, cv::CAP_ANY,
            {cv::CAP_PROP_OPEN_TIMEOUT_MSEC, 5000, cv::CAP_PROP_READ_TIMEOUT_MSEC, 5000});
    }
    return m_impl->capture.open(m_spec);
}

bool CaptureSource::read(Frame &frame)
{
    cv::Mat captured;
    if (!m_impl->capture.isOpened() || !m_impl->capture.read(captured) || captured.empty())
        return false;
    // VideoCapture may reuse its buffer on the next read: the frame must own its pixels.
    frame.image = captured.clone();
    frame.index = m_nextIndex++;
    frame.capturedAt = Clock::now();
    frame.positionMs = isFinite() ? m_impl->capture.get(cv::CAP_PROP_POS_MSEC) : -1;
    return true;
}

} // namespace shelf::vision
