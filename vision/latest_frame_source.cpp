#include "latest_frame_source.h"

#include <future>

namespace shelf::vision {

LatestFrameSource::LatestFrameSource(std::function<std::unique_ptr<FrameSource>()> makeSource,
                                     std::string description)
    : m_makeSource(std::move(makeSource))
    , m_description(std::move(description))
{ }

LatestFrameSource::~LatestFrameSource()
{
    stopCapture();
}

void LatestFrameSource::stopCapture()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    if (m_thread.joinable())
        m_thread.join();
}

bool LatestFrameSource::open()
{
    stopCapture();
    std::promise<bool> opened;
    std::future<bool> result = opened.get_future();
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
        m_failed = false;
        m_hasNew = false;
    }
    m_thread = std::thread([this, opened = std::move(opened)]() mutable {
        std::unique_ptr<FrameSource> source = m_makeSource();
        const bool ok = source && source->open();
        opened.set_value(ok);
        if (ok)
            capture(std::move(source));
    });
    if (!result.get()) {
        m_thread.join();
        return false;
    }
    return true;
}

void LatestFrameSource::capture(std::unique_ptr<FrameSource> source)
{
    Frame frame;
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                return;
        }
        const bool ok = source->read(frame);
        std::lock_guard lock(m_mutex);
        if (!ok) {
            m_failed = true;
            m_newFrame.notify_all();
            return;
        }
        // Frames leave this thread by move: read() made each one own its pixels.
        m_latest = std::move(frame);
        m_latest.index = m_captured++;
        m_hasNew = true;
        m_newFrame.notify_all();
    }
}

bool LatestFrameSource::read(Frame &frame)
{
    std::unique_lock lock(m_mutex);
    if (!m_newFrame.wait_for(lock, std::chrono::seconds(2), [this] { return m_hasNew || m_failed; })
        || !m_hasNew)
        return false;
    frame = std::move(m_latest);
    m_latest = Frame{};
    m_hasNew = false;
    ++m_returned;
    return true;
}

std::int64_t LatestFrameSource::droppedFrames() const
{
    std::lock_guard lock(m_mutex);
    return m_captured - m_returned;
}

} // namespace shelf::vision
