#pragma once

#include <QStringList>

class QTextStream;

namespace shelf {

struct CheckOptions
{
    bool feed = false; // also ask the configured store server about the shelf's skus
    int feedTimeoutMs = 5000; // for the whole snapshot
};

// What checking a shelf config and its content folder found, each "FILE:LINE:COLUMN: message"
// ("FILE: message" for what concerns a whole file), in file order.
struct CheckReport
{
    QStringList errors; // the display refuses the file for these
    QStringList warnings; // the display runs with these, partly blind or with placeholders
    bool clean() const { return errors.isEmpty() && warnings.isEmpty(); }
};

// Checks the config at path: the file itself, slot outlines, unit weights of scale channels,
// the content folder's attract.toml and theme.toml and their pictures; with options.feed, the
// store's answer for every sku (UNKNOWN skus, refused records, product pictures).
CheckReport checkShelf(const QString &path, const CheckOptions &options);

// `shelfscreen check [--feed] [--timeout S] FILE`: prints every error and warning to out, a
// summary to err; returns 0 when clean, 1 with findings, 2 on bad usage. arguments: the whole
// command line, program name first.
int runCheck(const QStringList &arguments, QTextStream &out, QTextStream &err);
int runCheck(const QStringList &arguments);

} // namespace shelf
