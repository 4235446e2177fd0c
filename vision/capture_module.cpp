#include "capture_module.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <mutex>

namespace shelf::vision {

std::string CaptureModule::modulePath()
{
    char exe[PATH_MAX];
    const ssize_t length = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (length <= 0)
        return "libshelfcapture.so";
    std::string path(exe, std::size_t(length));
    path.erase(path.rfind('/') + 1);
    return path + "../lib/shelfscreen/libshelfcapture.so";
}

const CaptureModule *CaptureModule::get(std::string *error)
{
    static std::once_flag once;
    static CaptureModule module;
    static const CaptureModule *loaded = nullptr;
    static std::string failure;
    std::call_once(once, [] {
        const std::string path = modulePath();
        // Never unloaded: its sources and writers may live until the program ends.
        void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            const char *reason = dlerror();
            failure = reason ? reason : path + ": cannot be loaded";
            return;
        }
        using VersionFn = int (*)();
        const auto version = reinterpret_cast<VersionFn>(dlsym(handle, "shelf_capture_version"));
        module.m_openSource
            = reinterpret_cast<OpenSourceFn>(dlsym(handle, "shelf_capture_open_source"));
        module.m_openWriter
            = reinterpret_cast<OpenWriterFn>(dlsym(handle, "shelf_capture_open_writer"));
        if (!version || !module.m_openSource || !module.m_openWriter) {
            failure = path + ": not a shelfscreen capture module";
            return;
        }
        if (version() != captureModuleVersion) {
            failure = path + ": from another build of shelfscreen (interface "
                + std::to_string(version()) + ", this program needs "
                + std::to_string(captureModuleVersion) + ")";
            return;
        }
        loaded = &module;
    });
    if (!loaded && error)
        *error = failure;
    return loaded;
}

std::unique_ptr<FrameSource> CaptureModule::openSource(const std::string &spec, FilePace pace) const
{
    return std::unique_ptr<FrameSource>(m_openSource(spec.c_str(), int(pace)));
}

std::unique_ptr<VideoFileWriter> CaptureModule::openWriter(const std::string &path, double fps,
                                                           cv::Size size) const
{
    return std::unique_ptr<VideoFileWriter>(
        m_openWriter(path.c_str(), fps, size.width, size.height));
}

} // namespace shelf::vision
