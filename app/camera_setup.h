#pragma once

#include "shelf_config.h"

#include <aisle_watcher.h>
#include <frame_source.h>
#include <shelf_watcher.h>
#include <synthetic_shelf.h>

#include <memory>

// The camera side as the shelf config describes it, shared by the display and `detect`.
namespace shelf {

std::vector<cv::Point2f> toCvPolygon(const QVector<QPointF> &polygon);

// The frame source the config names; with a synthetic shelf state, the generated scene.
std::unique_ptr<vision::FrameSource>
makeFrameSource(const ShelfConfig &config, const QString &source,
                std::shared_ptr<vision::SyntheticShelfState> syntheticState);

// Slot decisions for the config's slots, placed by its ArUco markers when it names them.
std::unique_ptr<vision::ShelfWatcher> makeShelfWatcher(const ShelfConfig &config);

// Whether the camera sees no hand in any slot: every slot learned and still (true before the
// slots are placed). With stocked, also that every slot looks stocked.
bool allSlotsStill(const vision::ShelfWatcher &watcher, bool stocked);

// The aisle the config names, or null when it names none.
std::unique_ptr<vision::AisleWatcher> makeAisleWatcher(const ShelfConfig &config);

// A copy of the frame with every slot's state, the markers, the shelf and the aisle (when
// watched) drawn on it.
cv::Mat annotatedFrame(const cv::Mat &frame, const vision::ShelfWatcher &watcher,
                       const vision::AisleWatcher *aisle);

} // namespace shelf
