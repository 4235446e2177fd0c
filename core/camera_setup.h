#pragma once

#include "shelf_config.h"

#include <camera_step.h>
#include <frame_source.h>
#include <synthetic_shelf.h>

#include <memory>

// The camera side as the shelf config describes it, shared by the display and `detect`.
namespace shelf {

class Trace;

std::vector<cv::Point2f> toCvPolygon(const QVector<QPointF> &polygon);

// The frame source the config names; with a synthetic shelf state, the generated scene. A video
// file plays at filePace: as recorded on a display, as fast as it is read in `detect`.
std::unique_ptr<vision::FrameSource>
makeFrameSource(const ShelfConfig &config, const QString &source,
                std::shared_ptr<vision::SyntheticShelfState> syntheticState,
                vision::FilePace filePace);

// The camera's slots, markers and aisle as the config places them.
vision::CameraLayout cameraLayout(const ShelfConfig &config);

// The trace's slot_change line for a camera decision, with the slot's id in config.
void traceSlotChange(Trace &trace, const ShelfConfig &config, const vision::SlotEvent &event);

} // namespace shelf
