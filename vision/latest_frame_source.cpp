#include "latest_frame_source.h"

#include <atomic>
#include <future>

namespace shelf::vision {

// What the capture thread and the reader share. Held by both, so a capture thread stuck in a
// driver can be left behind (detached) without touching a destroyed source when it wakes.
struct LatestFrameSource::Shared
{
    std::mutex mutex;
    std::condition_variable changed;
    Frame latest;
    bool hasNew = false;
    bool failed = false;
    bool stopping = false;
    bool exited = false;
    std::int64_t captured = 0;
    std::int64_t returned = 0;
    std::atomic<std::int64_t> minIntervalMs{0};
};

namespace {

// A camera driver or a stream may block in open or read for tens of seconds: waits on the
// capture thread are bounded so that stopping the display never hangs on it.
constexpr auto openWait = std::chrono::seconds(6);
constexpr auto stopWait = std::chrono::seconds(2);

} // namespace

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
    if (!m_thread.joinable())
        return;
    std::unique_lock lock(m_shared->mutex);
    m_shared->stopping = true;
    const bool exited
        = m_shared->changed.wait_for(lock, stopWait, [this] { return m_shared->exited; });
    lock.unlock();
    if (exited)
        m_thread.join();
    else
        m_thread.detach(); // stuck in the driver: it ends on its own and finds `stopping` set
}

bool LatestFrameSource::open()
{
    stopCapture();
    m_shared = std::make_shared<Shared>();
    m_shared->minIntervalMs = m_minInterval.count();
    auto opened = std::make_shared<std::promise<bool>>();
    std::future<bool> result = opened->get_future();
    m_thread = std::thread([shared = m_shared, makeSource = m_makeSource, opened] {
        std::unique_ptr<FrameSource> source = makeSource();
        const bool ok = source && source->open();
        opened->set_value(ok);
        if (ok)
            capture(*source, *shared);
        std::lock_guard lock(shared->mutex);
        shared->exited = true;
        shared->changed.notify_all();
    });
    if (result.wait_for(openWait) != std::future_status::ready || !result.get()) {
        stopCapture();
        return false;
    }
    return true;
}

void LatestFrameSource::capture(FrameSource &source, Shared &shared)
{
    Frame frame;
    for (;;) {
        {
            std::lock_guard lock(shared.mutex);
            if (shared.stopping)
                return;
        }
        source.setMinInterval(std::chrono::milliseconds(shared.minIntervalMs.load()));
        const bool ok = source.read(frame);
        std::lock_guard lock(shared.mutex);
        if (!ok) {
            shared.failed = true;
            shared.changed.notify_all();
            return;
        }
        // Frames leave this thread by move: read() made each one own its pixels.
        shared.latest = std::move(frame);
        shared.latest.index = shared.captured++;
        shared.hasNew = true;
        shared.changed.notify_all();
    }
}

bool LatestFrameSource::read(Frame &frame)
{
    if (!m_shared)
        return false;
    std::unique_lock lock(m_shared->mutex);
    if (!m_shared->changed.wait_for(lock, std::chrono::seconds(2),
                                    [this] { return m_shared->hasNew || m_shared->failed; })
        || !m_shared->hasNew)
        return false;
    frame = std::move(m_shared->latest);
    m_shared->latest = Frame{};
    m_shared->hasNew = false;
    ++m_shared->returned;
    return true;
}

void LatestFrameSource::setMinInterval(std::chrono::milliseconds interval)
{
    m_minInterval = interval;
    if (m_shared)
        m_shared->minIntervalMs = interval.count();
}

std::int64_t LatestFrameSource::droppedFrames() const
{
    if (!m_shared)
        return 0;
    std::lock_guard lock(m_shared->mutex);
    return m_shared->captured - m_shared->returned;
}

} // namespace shelf::vision
