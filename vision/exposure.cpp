#include "exposure.h"

#include <algorithm>
#include <vector>

namespace shelf::vision {

double exposureGain(const cv::Mat &image, const cv::Mat &reference)
{
    std::vector<float> ratios;
    ratios.reserve(std::size_t(image.rows / 4 + 1) * std::size_t(image.cols / 4 + 1));
    for (int y = 2; y < image.rows; y += 4) {
        const float *a = image.ptr<float>(y);
        const float *b = reference.ptr<float>(y);
        for (int x = 2; x < image.cols; x += 4) {
            if (a[x] > 16 && b[x] > 16)
                ratios.push_back(b[x] / a[x]);
        }
    }
    if (ratios.size() < 16)
        return 1.0;
    auto middle = ratios.begin() + std::ptrdiff_t(ratios.size() / 2);
    std::nth_element(ratios.begin(), middle, ratios.end());
    return *middle;
}

} // namespace shelf::vision
