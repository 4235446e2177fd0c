#pragma once

#include "canvas.h"

#include <string>
#include <vector>

namespace productart {

// One illustration: the slug names the file and matches the catalog's image path.
struct Artwork
{
    std::string slug;
    cv::Scalar backgroundTop;
    cv::Scalar backgroundBottom;
    void (*draw)(Canvas &canvas);
};

// Drawings are laid out in the coordinates of this square, in pixels.
constexpr int kArtworkSize = 512;

const std::vector<Artwork> &artworks();
cv::Mat render(const Artwork &artwork);

} // namespace productart
