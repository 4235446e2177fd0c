#pragma once

#include <QStringList>

namespace shelf {

// `shelfscreen detect --config FILE --source SRC [--trace FILE] [--debug-video OUT.avi]`:
// runs the camera's slot decisions headless and prints one JSON line per lift or return, for
// operators checking an installation and for the detection tests. arguments: the whole command
// line, program name first. Returns the process exit code.
int runDetect(const QStringList &arguments);

} // namespace shelf
