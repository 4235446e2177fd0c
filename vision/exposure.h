#pragma once

#include <opencv2/core.hpp>

namespace shelf::vision {

// The factor that brings image (CV_32F grey) to the exposure of reference: the median of the
// pixel ratios on a sparse grid, so that a hand or a shopper covering part of the view does not
// move it. 1 when too few pixels are bright enough to say.
double exposureGain(const cv::Mat &image, const cv::Mat &reference);

} // namespace shelf::vision
