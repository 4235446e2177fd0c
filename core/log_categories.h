#pragma once

#include <QLoggingCategory>

// Categories whose messages come from more than one file: an operator filters the log by
// subsystem (QT_LOGGING_RULES, journalctl QT_CATEGORY=), not by where the code lives.
Q_DECLARE_LOGGING_CATEGORY(lcConfig) // shelf.config: the shelf config read, applied, refused
Q_DECLARE_LOGGING_CATEGORY(lcContent) // shelf.content: attract slides and product pictures
