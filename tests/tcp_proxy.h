#pragma once

#include <QString>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace shelf::test {

// The network between a display and its store server, inside a test: a TCP forwarder on a free
// port of 127.0.0.1 that the test can cut and restore. It runs on a thread of its own with plain
// sockets, so the test's event loop and the feed client's thread never carry its traffic.
class TcpProxy
{
public:
    enum class Mode {
        Forward, // every byte passes, both ways
        // A partition: nothing passes and nothing is closed. Open connections stay open with what
        // was sent waiting in them; new ones wait unaccepted (the kernel still completes their
        // handshake, which a real partition would not: ZeroMQ waits for a greeting either way).
        BlackHole,
        // Every connection is reset, and so is each new one at once: a peer that is unreachable
        // and says so.
        Reset,
    };

    // Forwards to tcp://127.0.0.1:upstreamPort, or to the port of an endpoint of that form.
    explicit TcpProxy(quint16 upstreamPort);
    explicit TcpProxy(const QString &upstreamEndpoint);
    ~TcpProxy();
    TcpProxy(const TcpProxy &) = delete;
    TcpProxy &operator=(const TcpProxy &) = delete;

    // tcp://127.0.0.1:<the port it listens on>
    QString endpoint() const;
    // Returns once the proxy's thread works in the new mode: no byte passes after a partition
    // begins, and connections waiting through it are taken as soon as it ends.
    void setMode(Mode mode);
    // Bytes passed on from the server to the display so far.
    quint64 bytesToDisplay() const { return m_bytesToDisplay; }

private:
    void run();

    quint16 m_upstreamPort;
    int m_listener = -1;
    quint16 m_port = 0;
    int m_wake[2] = {-1, -1}; // a pipe: the test writes, the proxy's poll wakes
    std::mutex m_mutex;
    std::condition_variable m_applied;
    Mode m_requested = Mode::Forward;
    std::uint64_t m_requestCount = 0, m_appliedCount = 0;
    bool m_stop = false;
    std::atomic<quint64> m_bytesToDisplay{0};
    std::thread m_thread;
};

} // namespace shelf::test
