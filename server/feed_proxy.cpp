#include "feed_proxy.h"

#include "zap_handler.h"

#include <curve_keys.h>
#include <feed_protocol.h>

#include <QLoggingCategory>

#include <zmq.hpp>

#include <future>
#include <mutex>
#include <thread>
#include <vector>

Q_LOGGING_CATEGORY(lcProxy, "shelf.feedproxy")

namespace shelf {

namespace {

struct ForwarderSpec
{
    const char *name;
    zmq::socket_type downstreamType; // bound, for displays
    QString downstreamEndpoint;
    zmq::socket_type upstreamType; // connected to the store server
    QString upstreamEndpoint;
    std::string controlEndpoint;
    QByteArray curveSecretKey, upstreamServerKey; // empty: plain text
};

struct Forwarder
{
    ForwarderSpec spec;
    std::thread thread;
    bool running = false;
};

struct Started
{
    QString endpoint, error;
};

// Runs one forwarder until "TERMINATE" arrives on its control socket. Its sockets are made here,
// in the thread that uses them.
void runForwarder(zmq::context_t &context, const ForwarderSpec forwarder,
                  std::promise<Started> started)
{
    zmq::socket_t control(context, zmq::socket_type::pair);
    zmq::socket_t downstream(context, forwarder.downstreamType);
    zmq::socket_t upstream(context, forwarder.upstreamType);
    QString endpoint;
    auto attempt = [&forwarder](const char *what, const QString &where, auto &&action) {
        try {
            action();
        } catch (const zmq::error_t &error) {
            throw std::runtime_error(QStringLiteral("%1: cannot %2 %3: %4")
                                         .arg(QLatin1String(forwarder.name), QLatin1String(what),
                                              where, QString::fromLatin1(error.what()))
                                         .toStdString());
        }
    };
    try {
        for (zmq::socket_t *socket : {&control, &downstream, &upstream})
            socket->set(zmq::sockopt::linger, 0);
        if (!forwarder.curveSecretKey.isEmpty()) {
            const std::string secret = forwarder.curveSecretKey.toStdString();
            downstream.set(zmq::sockopt::curve_server, true);
            downstream.set(zmq::sockopt::curve_secretkey, secret);
            downstream.set(zmq::sockopt::zap_domain, ZapHandler::domain);
            upstream.set(zmq::sockopt::curve_serverkey, forwarder.upstreamServerKey.toStdString());
            upstream.set(zmq::sockopt::curve_publickey,
                         curve::publicKeyFor(forwarder.curveSecretKey)->toStdString());
            upstream.set(zmq::sockopt::curve_secretkey, secret);
        }
        // The same limits as the server's own sockets: displays are not trusted with more.
        downstream.set(zmq::sockopt::maxmsgsize, int64_t(1024 * 1024));
        if (forwarder.downstreamType == zmq::socket_type::xpub) {
            downstream.set(zmq::sockopt::sndhwm, 100000);
            upstream.set(zmq::sockopt::rcvhwm, 100000);
        } else {
            // A ROUTER drops what exceeds its high-water mark: a whole snapshot reply must fit,
            // as on the server's own ROUTER.
            downstream.set(zmq::sockopt::sndhwm, 2 * feed::maxSnapshotSkus + 16);
            upstream.set(zmq::sockopt::rcvhwm, 2 * feed::maxSnapshotSkus + 16);
        }
        control.bind(forwarder.controlEndpoint);
        attempt("connect to", forwarder.upstreamEndpoint,
                [&] { upstream.connect(forwarder.upstreamEndpoint.toStdString()); });
        attempt("bind", forwarder.downstreamEndpoint,
                [&] { downstream.bind(forwarder.downstreamEndpoint.toStdString()); });
        endpoint = QString::fromStdString(downstream.get(zmq::sockopt::last_endpoint));
    } catch (const std::exception &error) {
        started.set_value({{}, QString::fromStdString(error.what())});
        return;
    }
    started.set_value({endpoint, {}});
    try {
        zmq::proxy_steerable(downstream, upstream, zmq::socket_ref(), control);
    } catch (const zmq::error_t &error) {
        qCWarning(lcProxy) << forwarder.name << "forwarder stopped:" << error.what();
    }
}

// Answers the displays' CURVE handshakes until "TERMINATE" arrives on its control socket.
void runZap(zmq::context_t &context, ZapHandler &handler, const std::string &controlEndpoint,
            std::promise<Started> started)
{
    zmq::socket_t control(context, zmq::socket_type::pair);
    zmq::socket_t zap(context, zmq::socket_type::rep);
    try {
        control.set(zmq::sockopt::linger, 0);
        control.bind(controlEndpoint);
        ZapHandler::bind(zap);
    } catch (const zmq::error_t &error) {
        started.set_value(
            {{}, QStringLiteral("ZAP handler: %1").arg(QString::fromLatin1(error.what()))});
        return;
    }
    started.set_value({});
    for (;;) {
        zmq::pollitem_t items[] = {{static_cast<void *>(control), 0, ZMQ_POLLIN, 0},
                                   {static_cast<void *>(zap), 0, ZMQ_POLLIN, 0}};
        try {
            zmq::poll(items, 2, std::chrono::milliseconds(-1));
        } catch (const zmq::error_t &error) {
            qCWarning(lcProxy) << "ZAP handler stopped:" << error.what();
            return;
        }
        if (items[0].revents & ZMQ_POLLIN)
            return;
        for (int i = 0; i < 100 && handler.answer(zap); ++i) { }
    }
}

} // namespace

struct FeedProxy::Impl
{
    FeedProxyOptions options;
    zmq::context_t context{1};
    mutable std::mutex mutex;
    StoreServer::Endpoints bound;
    std::vector<Forwarder> forwarders;
    ZapHandler zap{lcProxy()};
    std::thread zapThread;
    std::string zapControl;
    QString optionsError; // reported by start()
};

FeedProxy::FeedProxy(FeedProxyOptions options)
    : d(std::make_unique<Impl>())
{
    d->options = std::move(options);
    d->optionsError = d->zap.setKeys(d->options.curveClientKeys);
}

FeedProxy::~FeedProxy()
{
    stop();
}

QString FeedProxy::start()
{
    if (!d->forwarders.empty())
        return QStringLiteral("the proxy is already running");
    const FeedProxyOptions &o = d->options;
    const bool curve = !o.curveSecretKey.isEmpty();
    if (curve) {
        if (!zmq_has("curve"))
            return QStringLiteral("this libzmq was built without CURVE");
        if (!curve::publicKeyFor(o.curveSecretKey))
            return QStringLiteral("the proxy's CURVE secret key is not a Z85 key (40 characters)");
        uint8_t decoded[32];
        if (o.upstreamServerKey.size() != 40
            || !zmq_z85_decode(decoded, o.upstreamServerKey.constData()))
            return QStringLiteral("with CURVE the proxy needs the store server's public key (a "
                                  "Z85 key of 40 characters)");
    } else if (!o.curveClientKeys.isEmpty() || !o.upstreamServerKey.isEmpty()) {
        // Half a CURVE setup would carry the feed in plain text on one side, unnoticed.
        return QStringLiteral("CURVE keys are given but the proxy has no secret key");
    }
    if (!d->optionsError.isEmpty())
        return d->optionsError;
    const QString control = QStringLiteral("inproc://feed-proxy-%1-").arg(quintptr(this));
    if (curve) {
        // The handler is bound before any CURVE socket, so no handshake goes unchecked.
        d->zapControl = (control + QStringLiteral("zap")).toStdString();
        std::promise<Started> promise;
        std::future<Started> result = promise.get_future();
        d->zapThread = std::thread(runZap, std::ref(d->context), std::ref(d->zap), d->zapControl,
                                   std::move(promise));
        if (const Started started = result.get(); !started.error.isEmpty()) {
            d->zapThread.join();
            return started.error;
        }
    }
    // Updates flow down and subscriptions up; snapshot and event requests carry the display's
    // routing id up, so that replies find their way back.
    const ForwarderSpec specs[] = {
        {"snapshot", zmq::socket_type::router, o.snapshotEndpoint, zmq::socket_type::dealer,
         o.upstreamSnapshot, (control + QStringLiteral("snapshot")).toStdString(), o.curveSecretKey,
         o.upstreamServerKey},
        {"updates", zmq::socket_type::xpub, o.updatesEndpoint, zmq::socket_type::xsub,
         o.upstreamUpdates, (control + QStringLiteral("updates")).toStdString(), o.curveSecretKey,
         o.upstreamServerKey},
        {"events", zmq::socket_type::router, o.eventsEndpoint, zmq::socket_type::dealer,
         o.upstreamEvents, (control + QStringLiteral("events")).toStdString(), o.curveSecretKey,
         o.upstreamServerKey},
    };
    d->forwarders.resize(std::size(specs));
    QString error;
    QString endpoints[3];
    for (size_t i = 0; i < d->forwarders.size(); ++i) {
        Forwarder &forwarder = d->forwarders[i];
        forwarder.spec = specs[i];
        std::promise<Started> promise;
        std::future<Started> result = promise.get_future();
        forwarder.thread
            = std::thread(runForwarder, std::ref(d->context), specs[i], std::move(promise));
        const Started started = result.get();
        forwarder.running = started.error.isEmpty();
        if (!forwarder.running) {
            error = started.error;
            break;
        }
        endpoints[i] = started.endpoint;
    }
    if (!error.isEmpty()) {
        stop();
        return error;
    }
    std::lock_guard lock(d->mutex);
    d->bound = {endpoints[0], endpoints[1], endpoints[2]};
    return {};
}

void FeedProxy::stop()
{
    // The control sockets outlive the threads, so no TERMINATE is dropped on close.
    std::vector<zmq::socket_t> controls;
    controls.reserve(d->forwarders.size());
    for (Forwarder &forwarder : d->forwarders) {
        if (!forwarder.running)
            continue;
        zmq::socket_t &socket = controls.emplace_back(d->context, zmq::socket_type::pair);
        socket.connect(forwarder.spec.controlEndpoint);
        socket.send(zmq::str_buffer("TERMINATE"));
    }
    if (d->zapThread.joinable()) {
        zmq::socket_t &socket = controls.emplace_back(d->context, zmq::socket_type::pair);
        socket.connect(d->zapControl);
        socket.send(zmq::str_buffer("TERMINATE"));
    }
    for (Forwarder &forwarder : d->forwarders) {
        if (forwarder.thread.joinable())
            forwarder.thread.join();
    }
    if (d->zapThread.joinable())
        d->zapThread.join();
    d->forwarders.clear();
    std::lock_guard lock(d->mutex);
    d->bound = {};
}

QByteArray FeedProxy::curvePublicKey() const
{
    if (d->options.curveSecretKey.isEmpty())
        return {};
    return curve::publicKeyFor(d->options.curveSecretKey).value_or(QByteArray());
}

QString FeedProxy::setCurveClientKeys(const QList<QByteArray> &keys)
{
    return d->zap.setKeys(keys);
}

StoreServer::Endpoints FeedProxy::endpoints() const
{
    std::lock_guard lock(d->mutex);
    return d->bound;
}

} // namespace shelf
