#pragma once

#include "frame_source.h"

#include <condition_variable>
#include <functional>
#include <memory>
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
    // Passed on to the camera on the capture thread, before its next frame.
    void setMinInterval(std::chrono::milliseconds interval) override;
    std::int64_t droppedFrames() const;

private:
    struct Shared;
    static void capture(FrameSource &source, Shared &shared);
    void stopCapture();

    std::function<std::unique_ptr<FrameSource>()> m_makeSource;
    std::string m_description;
    std::thread m_thread;
    std::shared_ptr<Shared> m_shared;
    std::chrono::milliseconds m_minInterval{0};
};

} // namespace shelf::vision
