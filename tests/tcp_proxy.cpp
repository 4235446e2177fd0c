#include "tcp_proxy.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <QStringList>

#include <arpa/inet.h>
#include <cerrno>
#include <memory>
#include <netinet/in.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace shelf::test {

namespace {

// One way of a forwarded connection: bytes read from `from` wait here until `to` takes them.
struct Direction
{
    int from = -1, to = -1;
    std::string buffer;
    std::size_t offset = 0;
    bool eof = false; // `from` closed its side
    bool shut = false; // ... and that was passed on
    bool pending() const { return offset < buffer.size(); }
};

struct Pair
{
    Direction up, down; // display to server, server to display
    bool broken = false;
};

sockaddr_in loopback(quint16 port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// Closed with a reset, as a peer that drops the connection rather than ending it.
void resetAndClose(int fd)
{
    const linger abort{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
    ::close(fd);
}

int connectUpstream(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const sockaddr_in address = loopback(port);
    if (fd < 0)
        return -1;
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

// Moves what it can one way, adding what it passed on to `moved`; false when the connection broke.
bool pump(Direction &way, short fromEvents, short toEvents, std::atomic<quint64> &moved)
{
    if (!way.pending() && !way.eof && (fromEvents & (POLLIN | POLLHUP | POLLERR))) {
        char chunk[65536];
        const ssize_t got = ::recv(way.from, chunk, sizeof chunk, 0);
        if (got > 0) {
            way.buffer.assign(chunk, std::size_t(got));
            way.offset = 0;
        } else if (got == 0) {
            way.eof = true;
        } else if (errno != EAGAIN && errno != EINTR) {
            return false;
        }
    }
    if (way.pending() && (toEvents & (POLLOUT | POLLERR))) {
        const ssize_t sent = ::send(way.to, way.buffer.data() + way.offset,
                                    way.buffer.size() - way.offset, MSG_NOSIGNAL);
        if (sent > 0) {
            way.offset += std::size_t(sent);
            moved += quint64(sent);
        } else if (sent < 0 && errno != EAGAIN && errno != EINTR)
            return false;
    }
    if (way.eof && !way.pending() && !way.shut) {
        ::shutdown(way.to, SHUT_WR);
        way.shut = true;
    }
    return true;
}

short wanted(const Direction &reading, const Direction &writing)
{
    return short((!reading.pending() && !reading.eof ? POLLIN : 0)
                 | (writing.pending() ? POLLOUT : 0));
}

} // namespace

TcpProxy::TcpProxy(quint16 upstreamPort)
    : m_upstreamPort(upstreamPort)
{
    m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    if (m_listener < 0
        || ::bind(m_listener, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0
        || ::listen(m_listener, 64) != 0
        || ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length) != 0
        || ::pipe2(m_wake, O_CLOEXEC | O_NONBLOCK) != 0)
        throw std::runtime_error("the test's TCP proxy cannot listen on 127.0.0.1");
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { run(); });
}

TcpProxy::TcpProxy(const QString &upstreamEndpoint)
    : TcpProxy(quint16(upstreamEndpoint.split(u':').last().toUInt()))
{ }

TcpProxy::~TcpProxy()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    (void)!::write(m_wake[1], "x", 1);
    m_thread.join();
    ::close(m_listener);
    ::close(m_wake[0]);
    ::close(m_wake[1]);
}

QString TcpProxy::endpoint() const
{
    return QStringLiteral("tcp://127.0.0.1:%1").arg(m_port);
}

void TcpProxy::setMode(Mode mode)
{
    std::unique_lock lock(m_mutex);
    m_requested = mode;
    const std::uint64_t request = ++m_requestCount;
    (void)!::write(m_wake[1], "x", 1);
    m_applied.wait(lock, [&] { return m_appliedCount >= request; });
}

void TcpProxy::run()
{
    Mode mode = Mode::Forward;
    std::vector<std::unique_ptr<Pair>> pairs;
    std::atomic<quint64> toServer{0};
    const auto closePair = [](Pair &pair, bool reset) {
        for (const int fd : {pair.up.from, pair.up.to}) {
            if (reset)
                resetAndClose(fd);
            else
                ::close(fd);
        }
    };
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stop)
                break;
            if (m_appliedCount != m_requestCount) {
                mode = m_requested;
                if (mode == Mode::Reset) {
                    for (const auto &pair : pairs)
                        closePair(*pair, true);
                    pairs.clear();
                }
                m_appliedCount = m_requestCount;
                m_applied.notify_all();
            }
        }
        std::vector<pollfd> polled{{m_wake[0], POLLIN, 0}};
        if (mode != Mode::BlackHole)
            polled.push_back({m_listener, POLLIN, 0});
        const std::size_t firstPair = polled.size();
        if (mode == Mode::Forward) {
            for (const auto &pair : pairs) {
                polled.push_back({pair->up.from, wanted(pair->up, pair->down), 0});
                polled.push_back({pair->down.from, wanted(pair->down, pair->up), 0});
            }
        }
        if (::poll(polled.data(), polled.size(), -1) < 0)
            continue; // EINTR
        if (polled[0].revents) {
            char drained[64];
            while (::read(m_wake[0], drained, sizeof drained) > 0) { }
            continue; // a new mode first, before another byte moves
        }
        if (mode == Mode::Forward) {
            for (std::size_t i = 0; i < pairs.size(); ++i) {
                Pair &pair = *pairs[i];
                const short display = polled[firstPair + 2 * i].revents;
                const short server = polled[firstPair + 2 * i + 1].revents;
                if (!pump(pair.up, display, server, toServer)
                    || !pump(pair.down, server, display, m_bytesToDisplay))
                    pair.broken = true;
            }
            for (auto it = pairs.begin(); it != pairs.end();) {
                Pair &pair = **it;
                if (pair.broken || (pair.up.shut && pair.down.shut)) {
                    closePair(pair, pair.broken);
                    it = pairs.erase(it);
                } else {
                    ++it;
                }
            }
        }
        if (mode != Mode::BlackHole && (polled[1].revents & POLLIN)) {
            for (int display;
                 (display = ::accept4(m_listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC))
                 >= 0;) {
                const int server = mode == Mode::Forward ? connectUpstream(m_upstreamPort) : -1;
                if (server < 0) {
                    resetAndClose(display);
                    continue;
                }
                auto pair = std::make_unique<Pair>();
                pair->up.from = pair->down.to = display;
                pair->up.to = pair->down.from = server;
                pairs.push_back(std::move(pair));
            }
        }
    }
    for (const auto &pair : pairs)
        closePair(*pair, true);
}

} // namespace shelf::test
