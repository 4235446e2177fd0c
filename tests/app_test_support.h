#pragma once

// Running the shelfscreen program from a test, as an operator would, offscreen.
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <gtest/gtest.h>

namespace shelf::test {

struct ProcessResult
{
    int exitCode = -1; // -1: crashed or killed
    QString output; // standard output and error together
};

inline ProcessResult runShelfscreen(const QStringList &arguments, int timeoutMs = 60000)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(SHELFSCREEN_BIN), arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAll())};
}

inline void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    ASSERT_EQ(file.write(bytes), bytes.size());
}

// Starts shelffeed (at `program`, with `arguments` beside its endpoints) on free ports of
// 127.0.0.1 and returns what it printed: snapshot, updates, events and epoch. Fewer than four
// entries: it did not start, or printed nothing within 20 s.
inline QMap<QString, QString> startStoreServer(QProcess &server, const QString &program,
                                               const QStringList &arguments)
{
    server.start(program,
                 arguments
                     + QStringList{QStringLiteral("--snapshot"),
                                   QStringLiteral("tcp://127.0.0.1:*"), QStringLiteral("--updates"),
                                   QStringLiteral("tcp://127.0.0.1:*"), QStringLiteral("--events"),
                                   QStringLiteral("tcp://127.0.0.1:*")});
    QMap<QString, QString> endpoints;
    if (!server.waitForStarted())
        return endpoints;
    while (endpoints.size() < 4 && server.waitForReadyRead(20000)) {
        while (server.canReadLine()) {
            const QStringList words = QString::fromUtf8(server.readLine()).trimmed().split(u' ');
            if (words.size() == 2)
                endpoints.insert(words[0], words[1]);
        }
    }
    return endpoints;
}

} // namespace shelf::test
