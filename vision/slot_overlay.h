#pragma once

#include "slot_monitor.h"

#include <opencv2/core.hpp>

namespace shelf::vision {

// Draws what the monitor thinks of each slot onto a BGR picture of the same view: the outline
// coloured by state (green stocked, red empty, amber moving, magenta covered), the slot number,
// its emptiness score and M / O flags for moving and occluded. Operators read it to tune slots.
void drawSlotOverlay(cv::Mat &bgr, const SlotMonitor &monitor);

} // namespace shelf::vision
