#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// CURVE key files shared by the display and the store server: one Z85 key (40 characters) per
// file, '#' lines are comments. A keypair is NAME.pub (world-readable) and NAME.secret (0600).
namespace shelf::curve {

struct KeyPair
{
    QByteArray publicKey; // Z85, 40 characters
    QByteArray secretKey; // Z85, 40 characters
};

struct KeyResult
{
    std::optional<QByteArray> key;
    QString error; // names the file
};

// Generates a keypair with libzmq and writes DIR/NAME.pub and DIR/NAME.secret (mode 0600).
// Returns an error naming the file, or an empty string.
QString generateKeyPairFiles(const QString &folder, const QString &name);

KeyResult readKeyFile(const QString &path);
// The public key that belongs to a secret key.
std::optional<QByteArray> publicKeyFor(const QByteArray &secretKey);

} // namespace shelf::curve
