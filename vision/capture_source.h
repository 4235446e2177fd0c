#pragma once

#include "capture_module.h"
#include "frame_source.h"

#include <memory>
#include <string>

namespace shelf::vision {

// A camera, file or stream read through cv::VideoCapture. Built into libshelfcapture.so, which
// the display loads only when it opens one (capture_module.h); tests link it directly.
// spec: "camera:N", "/dev/videoN", a file path, or an rtsp:// / http(s):// URL.
class CaptureSource : public FrameSource
{
public:
    explicit CaptureSource(std::string spec, FilePace pace = FilePace::AsFastAsRead);
    ~CaptureSource() override;
    bool open() override;
    bool read(Frame &frame) override;
    bool isFinite() const override { return isFileSpec(m_spec); }
    std::string describe() const override { return m_spec; }
    void setMinInterval(std::chrono::milliseconds interval) override { m_minInterval = interval; }

private:
    struct Impl;
    // When the frame just grabbed is due: now for a camera, its place in the recording for a
    // file played as recorded.
    Clock::time_point dueTime(std::int64_t index);

    std::string m_spec;
    FilePace m_pace;
    std::unique_ptr<Impl> m_impl;
    std::int64_t m_nextIndex = 0;
    std::chrono::milliseconds m_minInterval{0};
    Clock::time_point m_lastDelivered{};
    Clock::time_point m_playStart{}; // when frame m_playStartIndex of a file was due
    std::int64_t m_playStartIndex = 0;
    Clock::duration m_framePeriod{};
};

// A Motion-JPEG AVI file written frame by frame (detect's debug video).
std::unique_ptr<VideoFileWriter> openMjpegWriter(const std::string &path, double fps,
                                                 cv::Size size);

} // namespace shelf::vision
