// productart: draws the demo catalog's product pictures, so the demo ships artwork it owns.

#include "products.h"

#include <opencv2/imgcodecs.hpp>

#include <iostream>
#include <string>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: productart OUTDIR\n";
        return 2;
    }
    const std::string outDir = argv[1];
    const std::vector<int> params{cv::IMWRITE_PNG_COMPRESSION, 9};
    int failures = 0;
    for (const productart::Artwork &artwork : productart::artworks()) {
        const std::string path = outDir + "/" + artwork.slug + ".png";
        const cv::Mat image = productart::render(artwork);
        bool written = false;
        try {
            written = cv::imwrite(path, image, params);
        } catch (const cv::Exception &e) {
            std::cerr << e.what() << '\n';
        }
        if (!written) {
            std::cerr << "productart: cannot write " << path << '\n';
            ++failures;
            continue;
        }
        std::cout << path << '\n';
    }
    return failures == 0 ? 0 : 1;
}
