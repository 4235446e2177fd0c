#include "detect_command.h"

#include "camera_setup.h"
#include "shelf_config.h"
#include "trace.h"

#include <capture_module.h>

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <memory>

namespace shelf {

namespace {

int fail(const QString &message, int code)
{
    std::fprintf(stderr, "%s\n", qPrintable(message));
    return code;
}

} // namespace

int runDetect(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Runs the camera's slot decisions on a source and prints one JSON line "
                       "per lift or return; ends at the end of a file."));
    parser.addHelpOption();
    const QCommandLineOption configOption(QStringLiteral("config"),
                                          QStringLiteral("Shelf configuration (TOML)."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption sourceOption(
        QStringLiteral("source"),
        QStringLiteral("Video file, camera:N, /dev/videoN, a stream URL or \"synthetic\". "
                       "Default: the config's camera source."),
        QStringLiteral("SRC"));
    const QCommandLineOption traceOption(
        QStringLiteral("trace"), QStringLiteral("Write pipeline events as JSON lines to FILE."),
        QStringLiteral("FILE"));
    const QCommandLineOption debugVideoOption(
        QStringLiteral("debug-video"),
        QStringLiteral("Write every frame with the slots' states drawn on it (MJPG AVI)."),
        QStringLiteral("OUT.avi"));
    parser.addOptions({configOption, sourceOption, traceOption, debugVideoOption});
    parser.addPositionalArgument(QStringLiteral("detect"), QStringLiteral("The command."));
    // The command word is an argument of its own, not an option value.
    QStringList withoutCommand = arguments;
    if (withoutCommand.size() > 1 && withoutCommand[1] == u"detect")
        withoutCommand.removeAt(1);
    if (!parser.parse(withoutCommand))
        return fail(QStringLiteral("shelfscreen detect: ") + parser.errorText(), 2);
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("shelfscreen detect: unexpected argument %1")
                        .arg(parser.positionalArguments().constFirst()),
                    2);
    if (!parser.isSet(configOption))
        return fail(QStringLiteral("usage: shelfscreen detect --config FILE --source SRC "
                                   "[--trace FILE] [--debug-video OUT.avi]"),
                    2);

    const ConfigResult loaded = loadShelfConfig(parser.value(configOption));
    if (!loaded.config)
        return fail(loaded.error, 2);
    const ShelfConfig &config = *loaded.config;

    Trace trace;
    if (parser.isSet(traceOption)) {
        // detect's trace is a close look at one camera: every frame is in it (docs/vision.md).
        TraceOptions options;
        options.frameLines = true;
        if (const QString error = trace.open(parser.value(traceOption), options); !error.isEmpty())
            return fail(error, 2);
    }

    const QString sourceSpec
        = parser.isSet(sourceOption) ? parser.value(sourceOption) : config.camera.source;
    std::unique_ptr<vision::FrameSource> source
        = makeFrameSource(config, sourceSpec, nullptr, vision::FilePace::AsFastAsRead);
    if (source->isFinite() && !QFileInfo(sourceSpec).isFile())
        return fail(QStringLiteral("%1: no such video file").arg(sourceSpec), 2);
    if (!source->open())
        return fail(QStringLiteral("%1: cannot be opened as a video source").arg(sourceSpec), 2);

    vision::CameraStep step(cameraLayout(config));
    std::unique_ptr<vision::VideoFileWriter> debugVideo;
    const QString debugVideoPath = parser.value(debugVideoOption);
    vision::Frame frame;
    bool first = true;
    vision::Clock::time_point startedAt;
    while (source->read(frame)) {
        if (first) {
            startedAt = frame.capturedAt;
            if (!debugVideoPath.isEmpty()) {
                const double fps = config.camera.fps > 0 ? config.camera.fps : 15.0;
                std::string error;
                if (const vision::CaptureModule *module = vision::CaptureModule::get(&error))
                    debugVideo
                        = module->openWriter(debugVideoPath.toStdString(), fps, frame.image.size());
                else
                    return fail(QStringLiteral("%1: cannot write the debug video: %2")
                                    .arg(debugVideoPath, QString::fromStdString(error)),
                                2);
                if (!debugVideo)
                    return fail(
                        QStringLiteral("%1: cannot write the debug video").arg(debugVideoPath), 2);
            }
            first = false;
        }
        // Files carry their own clock; live sources are timed from their first frame.
        const double tMs = frame.positionMs >= 0
            ? frame.positionMs
            : std::chrono::duration<double, std::milli>(frame.capturedAt - startedAt).count();
        if (trace.isOpen())
            trace.write("frame_captured", {{QStringLiteral("frame"), qint64(frame.index)}});
        vision::CameraStep::Context context;
        context.atMs = qRound64(tMs);
        context.overlay = bool(debugVideo);
        const vision::CameraStepResult result = step.process(frame.image, frame.index, context);
        for (const vision::SlotEvent &event : result.slotEvents) {
            const SlotConfig &slot = config.slots[int(event.slot)];
            const bool lift = event.type == vision::SlotEvent::Type::Lift;
            const QJsonObject line{
                {QStringLiteral("type"), lift ? QStringLiteral("lift") : QStringLiteral("return")},
                {QStringLiteral("slot"), slot.id},
                {QStringLiteral("sku"), slot.sku},
                {QStringLiteral("frame"), qint64(event.frameIndex)},
                {QStringLiteral("t_ms"), qRound64(tMs)},
                {QStringLiteral("confidence"), qRound(event.confidence * 1000) / 1000.0}};
            std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
            std::fflush(stdout);
            if (trace.isOpen())
                traceSlotChange(trace, config, event);
        }
        if (result.aisleOutsidePicture) {
            std::fprintf(stderr, "camera.aisle lies outside the %dx%d picture\n", frame.image.cols,
                         frame.image.rows);
        } else if (const auto &change = result.aisle) {
            const QJsonObject line{
                {QStringLiteral("type"), QStringLiteral("aisle")},
                {QStringLiteral("occupied"), change->occupied},
                {QStringLiteral("frame"), qint64(change->frameIndex)},
                {QStringLiteral("t_ms"), qint64(change->atMs)},
                {QStringLiteral("changed"), qRound(change->changedFraction * 1000) / 1000.0}};
            std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
            std::fflush(stdout);
        }
        if (debugVideo && !debugVideo->write(result.overlay))
            return fail(QStringLiteral("%1: writing the debug video failed at frame %2")
                            .arg(debugVideoPath)
                            .arg(frame.index),
                        2);
    }
    if (first)
        return fail(QStringLiteral("%1: no frame could be read").arg(sourceSpec), 2);
    // Only files end; a camera or stream that stops delivering is a failure.
    if (!source->isFinite())
        return fail(QStringLiteral("%1: the source stopped delivering frames").arg(sourceSpec), 1);
    return 0;
}

} // namespace shelf
