#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <chrono>

namespace shelf::logging {

// Installs this process's Qt message handler; call it first thing in main(). When stderr is
// the journal's stream (a systemd service) and the journal's socket is there, each message goes
// to the journal with its priority
// and category (QT_CATEGORY=), under `identifier` (SYSLOG_IDENTIFIER=, a string literal);
// otherwise each message is one timestamped line on stderr (formatLine). Safe from any thread.
void install(const char *identifier);

// True when `journalStream` (JOURNAL_STREAM's value, "DEVICE:INODE" in decimal) names the file
// `fd` is open on: systemd set it for this very stderr, not for one a parent process had.
bool isJournalStream(const char *journalStream, int fd);

// syslog priority of a Qt message type: debug 7, info 6, warning 4, critical 3, fatal 2.
int journalPriority(QtMsgType type);
const char *levelName(QtMsgType type);

// "2026-11-29 18:02:03.114 +0000 warning shelf.feed: message\n", in local time; each further
// line of a multi-line message is indented, so every line that starts a message has a time.
QByteArray formatLine(QtMsgType type, const char *category, const QString &message,
                      std::chrono::system_clock::time_point at);

} // namespace shelf::logging
