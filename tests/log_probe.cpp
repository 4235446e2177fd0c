// Logs through the programs' message handler, for test_logging. `log_probe messages`: one message
// of each level, a multi-line one, then 4 threads x 200 at once; `log_probe fatal`: qFatal.
#include <message_handler.h>

#include <QLoggingCategory>

#include <cstring>
#include <thread>
#include <vector>

Q_LOGGING_CATEGORY(lcProbe, "shelf.probe")

int main(int argc, char *argv[])
{
    shelf::logging::install("log_probe");
    if (argc == 2 && std::strcmp(argv[1], "fatal") == 0)
        qFatal("fatal line");
    if (argc != 2 || std::strcmp(argv[1], "messages") != 0)
        return 2;
    qCDebug(lcProbe, "debug line");
    qCInfo(lcProbe, "info line");
    qCWarning(lcProbe, "first line\nsecond line\n");
    qCritical("critical line without a category");
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t] {
            for (int i = 0; i < 200; ++i)
                qCWarning(lcProbe, "thread %d message %d", t, i);
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    return 0;
}
