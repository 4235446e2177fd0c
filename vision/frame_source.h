#pragma once

#include <opencv2/core/mat.hpp>

#include <chrono>
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
    // The reader wants frames at least this far apart (zero: every frame the source has). A still
    // shelf is watched at a few frames a second; sources skip the work of the frames between.
    virtual void setMinInterval(std::chrono::milliseconds interval) { (void)interval; }
};

// How a video file is read: as fast as the reader asks (`shelfscreen detect`), or at the pace it
// was recorded, as a camera would deliver it (the display). Cameras and streams have their own.
enum class FilePace { AsFastAsRead, AsRecorded };

// Source specs: "camera:N" and any device node (/dev/video2, /dev/v4l/by-id/...) are cameras;
// anything with "://" is a stream; the rest are video files, which end.
inline bool isCameraSpec(const std::string &spec)
{
    return spec.rfind("camera:", 0) == 0 || spec.rfind("/dev/", 0) == 0;
}
inline bool isFileSpec(const std::string &spec)
{
    return !isCameraSpec(spec) && spec.find("://") == std::string::npos;
}

} // namespace shelf::vision
