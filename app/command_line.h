#pragma once

#include "shelf_display.h"

#include <QString>
#include <QStringList>

namespace shelf {

// What `shelfscreen ...` asks for. A subcommand takes the arguments after its name; the display
// takes options only.
struct CommandLine
{
    enum class Command { Display, Detect, Check, GenKeys, Help, Version };
    Command command = Command::Display;
    QStringList subcommandArguments; // "shelfscreen <name>" and what follows it
    DisplayOptions display;
    QString configPath; // empty: the built-in demo shelf
    QString scriptPath;
    bool selfTest = false;
    // Bad usage: say this, then the usage, and exit 2.
    QString error;
};

CommandLine parseCommandLine(const QStringList &arguments);
// The usage: the display's options and the subcommands.
QString usageText();

} // namespace shelf
