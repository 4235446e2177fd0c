#include "camera_setup.h"

#include "trace.h"

#include <capture_module.h>
#include <latest_frame_source.h>

namespace shelf {

namespace {

// A camera, stream or file that cannot be read because the capture module did not load: it never
// opens, and says why wherever the display names its camera.
class UnavailableSource : public vision::FrameSource
{
public:
    UnavailableSource(std::string spec, const std::string &reason)
        : m_description(std::move(spec) + " (" + reason + ")")
    { }
    bool open() override { return false; }
    bool read(vision::Frame &) override { return false; }
    std::string describe() const override { return m_description; }

private:
    std::string m_description;
};

} // namespace

std::vector<cv::Point2f> toCvPolygon(const QVector<QPointF> &polygon)
{
    std::vector<cv::Point2f> points;
    for (const QPointF &p : polygon)
        points.emplace_back(float(p.x()), float(p.y()));
    return points;
}

std::unique_ptr<vision::FrameSource>
makeFrameSource(const ShelfConfig &config, const QString &source,
                std::shared_ptr<vision::SyntheticShelfState> syntheticState,
                vision::FilePace filePace)
{
    if (source == u"synthetic") {
        std::vector<vision::SyntheticShelfSource::Slot> slots;
        for (const SlotConfig &slot : config.slots)
            slots.push_back({toCvPolygon(slot.polygon), slot.sku.toStdString()});
        vision::SyntheticShelfSource::Options options;
        options.size = {config.camera.width, config.camera.height};
        options.fps = config.camera.fps;
        if (!syntheticState)
            syntheticState
                = std::make_shared<vision::SyntheticShelfState>(std::size_t(config.slots.size()));
        return std::make_unique<vision::SyntheticShelfSource>(std::move(slots),
                                                              std::move(syntheticState), options);
    }
    const std::string spec = source.toStdString();
    std::string error;
    const vision::CaptureModule *module = vision::CaptureModule::get(&error);
    if (!module)
        return std::make_unique<UnavailableSource>(spec, error);
    if (vision::isFileSpec(spec)) {
        if (auto file = module->openSource(spec, filePace))
            return file; // a file: every frame counts
        return std::make_unique<UnavailableSource>(spec, "the capture module refused it");
    }
    // A camera or stream: captured on its own thread, newest frame wins.
    return std::make_unique<vision::LatestFrameSource>(
        [spec, module] { return module->openSource(spec, vision::FilePace::AsFastAsRead); }, spec);
}

vision::CameraLayout cameraLayout(const ShelfConfig &config)
{
    vision::CameraLayout layout;
    for (const SlotConfig &slot : config.slots)
        layout.slots.push_back(toCvPolygon(slot.polygon));
    if (config.camera.markerIds.size() == 4) {
        const auto &ids = config.camera.markerIds;
        layout.markers
            = vision::ShelfWatcher::Markers{{ids[0], ids[1], ids[2], ids[3]},
                                            cv::Size2f(float(config.camera.shelfSize.width()),
                                                       float(config.camera.shelfSize.height()))};
    }
    layout.aisle = toCvPolygon(config.camera.aislePolygon);
    layout.aisleLeaveMs = int(config.camera.aisleLeaveSeconds * 1000);
    return layout;
}

void traceSlotChange(Trace &trace, const ShelfConfig &config, const vision::SlotEvent &event)
{
    trace.write("slot_change",
                {{QStringLiteral("slot"), config.slots[int(event.slot)].id},
                 {QStringLiteral("type"),
                  event.type == vision::SlotEvent::Type::Lift ? QStringLiteral("empty")
                                                              : QStringLiteral("stocked")},
                 {QStringLiteral("frame"), qint64(event.frameIndex)},
                 {QStringLiteral("seen_frame"), qint64(event.seenFrameIndex)},
                 {QStringLiteral("confidence"), event.confidence}});
}

} // namespace shelf
