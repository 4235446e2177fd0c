#include "curve_keys.h"

#include <zmq.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace shelf::curve {

namespace {

bool isZ85Key(const QByteArray &key)
{
    if (key.size() != 40)
        return false;
    QByteArray decoded(32, '\0');
    return zmq_z85_decode(reinterpret_cast<uint8_t *>(decoded.data()), key.constData()) != nullptr;
}

QString writeKey(const QString &path, const QByteArray &key, QFileDevice::Permissions permissions,
                 const char *comment)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    // Permissions are set before the content is committed, so a secret is never readable by others.
    file.setPermissions(permissions);
    file.write(QByteArray("# ") + comment + '\n' + key + '\n');
    if (!file.commit())
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    return {};
}

} // namespace

QString generateKeyPairFiles(const QString &folder, const QString &name)
{
    char publicKey[41] = {};
    char secretKey[41] = {};
    if (zmq_curve_keypair(publicKey, secretKey) != 0)
        return QStringLiteral("this libzmq was built without CURVE: %1")
            .arg(QString::fromLatin1(zmq_strerror(zmq_errno())));
    if (!QDir().mkpath(folder))
        return QStringLiteral("%1: cannot create the folder").arg(folder);
    const QString base = QDir(folder).filePath(name);
    // A display's or server's identity is never replaced by accident: the old key may be the
    // one the other side admits.
    for (const QString &existing :
         {base + QStringLiteral(".secret"), base + QStringLiteral(".pub")}) {
        if (QFileInfo::exists(existing))
            return QStringLiteral("%1 already exists; remove it first to make a new keypair")
                .arg(existing);
    }
    if (QString error = writeKey(base + QStringLiteral(".secret"), secretKey,
                                 QFileDevice::ReadOwner | QFileDevice::WriteOwner,
                                 "CURVE secret key: keep it on this machine only");
        !error.isEmpty())
        return error;
    return writeKey(base + QStringLiteral(".pub"), publicKey,
                    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                        | QFileDevice::ReadOther,
                    "CURVE public key");
}

KeyResult readKeyFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {std::nullopt, QStringLiteral("%1: cannot read: %2").arg(path, file.errorString())};
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const QByteArray line = file.readLine(4096).trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        if (!isZ85Key(line))
            return {std::nullopt,
                    QStringLiteral("%1:%2: not a Z85 CURVE key (40 characters)")
                        .arg(path)
                        .arg(lineNumber)};
        return {line, QString()};
    }
    return {std::nullopt, QStringLiteral("%1: no key in the file").arg(path)};
}

std::optional<QByteArray> publicKeyFor(const QByteArray &secretKey)
{
    char publicKey[41] = {};
    if (!isZ85Key(secretKey) || zmq_curve_public(publicKey, secretKey.constData()) != 0)
        return std::nullopt;
    return QByteArray(publicKey, 40);
}

} // namespace shelf::curve
