#pragma once

#include <opencv2/core/mat.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace shelf::vision {

using Clock = std::chrono::steady_clock;

// One captured picture with the moment it was taken.
struct Frame
{
    cv::Mat image; // BGR, owned by this frame (never a view into a capture buffer)
    std::int64_t index = 0;
    Clock::time_point capturedAt;
    double positionMs = -1; // the frame's time in a file, or -1 where the source has none
};

// Something that delivers camera frames: a webcam, a video file, a stream or a generated scene.
class FrameSource
{
public:
    virtual ~FrameSource() = default;
    virtual bool open() = 0;
    // Blocks until the next frame is available; false at the end of a file or on failure.
    virtual bool read(Frame &frame) = 0;
    // True for sources that end (files): a failed read then means "done", not "reconnect".
    virtual bool isFinite() const { return false; }
    virtual std::string describe() const = 0;
};

// A camera, file or stream read through cv::VideoCapture.
// spec: "camera:N", "/dev/videoN", a file path, or an rtsp:// / http(s):// URL.
class CaptureSource : public FrameSource
{
public:
    explicit CaptureSource(std::string spec);
    ~CaptureSource() override;
    bool open() override;
    bool read(Frame &frame) override;
    bool isFinite() const override;
    std::string describe() const override { return m_spec; }

private:
    struct Impl;
    std::string m_spec;
    std::unique_ptr<Impl> m_impl;
    std::int64_t m_nextIndex = 0;
};

} // namespace shelf::vision
