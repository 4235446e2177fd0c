// The entry points the display finds with dlsym (capture_module.h). No exception leaves them.
#include "capture_source.h"

using namespace shelf::vision;

extern "C" {

__attribute__((visibility("default"))) int shelf_capture_version()
{
    return captureModuleVersion;
}

__attribute__((visibility("default"))) FrameSource *shelf_capture_open_source(const char *spec,
                                                                              int pace)
{
    try {
        return new CaptureSource(spec, FilePace(pace));
    } catch (...) {
        return nullptr;
    }
}

__attribute__((visibility("default"))) VideoFileWriter *
shelf_capture_open_writer(const char *path, double fps, int width, int height)
{
    try {
        return openMjpegWriter(path, fps, {width, height}).release();
    } catch (...) {
        return nullptr;
    }
}
}
