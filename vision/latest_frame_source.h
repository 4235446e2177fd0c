#pragma once

#include "frame_source.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace shelf::vision {

// A live camera or stream read on a thread of its own, keeping only the newest frame: when the
// pipeline is slower than the camera for a moment, old frames are dropped rather than queued, so
// decisions are always made on what the shelf looks like now.
class LatestFrameSource : public FrameSource
{
public:
    // makeSource runs on the capture thread: the capture object lives where it is used.
    explicit LatestFrameSource(std::function<std::unique_ptr<FrameSource>()> makeSource,
                               std::string description);
    ~LatestFrameSource() override;

    bool open() override;
    // The newest frame not yet returned; false when the camera failed or sent nothing for 2 s.
    bool read(Frame &frame) override;
    std::string describe() const override { return m_description; }
    std::int64_t droppedFrames() const;

private:
    void capture(std::unique_ptr<FrameSource> source);
    void stopCapture();

    std::function<std::unique_ptr<FrameSource>()> m_makeSource;
    std::string m_description;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::condition_variable m_newFrame;
    Frame m_latest;
    bool m_hasNew = false;
    bool m_failed = false;
    bool m_stopping = false;
    std::int64_t m_captured = 0;
    std::int64_t m_returned = 0;
};

} // namespace shelf::vision
