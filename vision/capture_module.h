#pragma once

#include "frame_source.h"

#include <opencv2/core/mat.hpp>

#include <memory>
#include <string>

namespace shelf::vision {

// Writes frames to a video file.
class VideoFileWriter
{
public:
    virtual ~VideoFileWriter() = default;
    virtual bool write(const cv::Mat &bgr) = 0;
};

// Cameras, streams and video files are read through OpenCV's videoio, which brings in about 240
// shared libraries (FFmpeg, GStreamer, libgphoto2, GDAL and its kin through the image codecs):
// loading them took the display a fifth of a second at start and tens of MiB. They live in
// libshelfcapture.so, beside the program in ../lib/shelfscreen/, loaded the first time a camera,
// stream or file is opened; the synthetic demo shelf never loads it.
class CaptureModule
{
public:
    // The module, loaded on first use from any thread; null, with the reason in error (which
    // names the file), when it cannot be loaded. A failed load is not retried.
    static const CaptureModule *get(std::string *error);

    std::unique_ptr<FrameSource> openSource(const std::string &spec, FilePace pace) const;
    // Null when the file cannot be written.
    std::unique_ptr<VideoFileWriter> openWriter(const std::string &path, double fps,
                                                cv::Size size) const;

    // The module's file for the program running now.
    static std::string modulePath();

    using OpenSourceFn = FrameSource *(*)(const char *spec, int pace);
    using OpenWriterFn = VideoFileWriter *(*)(const char *path, double fps, int width, int height);

private:
    OpenSourceFn m_openSource = nullptr;
    OpenWriterFn m_openWriter = nullptr;
};

// The interface version both sides are built with: a module left from another build is refused.
constexpr int captureModuleVersion = 1;

} // namespace shelf::vision
