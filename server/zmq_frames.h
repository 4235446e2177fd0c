#pragma once

#include <QByteArray>

#include <zmq.hpp>

// Frames between ZeroMQ messages and Qt byte arrays, for the server's sockets.
namespace shelf::frames {

inline QByteArray bytes(const zmq::message_t &message)
{
    return QByteArray(message.data<char>(), qsizetype(message.size()));
}

// Refers to `data`, which must outlive the send.
inline zmq::const_buffer buffer(const QByteArray &data)
{
    return zmq::buffer(data.constData(), size_t(data.size()));
}

} // namespace shelf::frames
