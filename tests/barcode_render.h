#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <array>
#include <stdexcept>
#include <string>

namespace shelf::test {

// Draws EAN-13, EAN-8 and UPC-A symbols from the GS1 encoding tables, so the tests read real bars
// without image files. The digits are drawn as given, check digit included, so a test can also
// draw a symbol whose check digit is wrong.
class BarcodeRenderer
{
public:
    // The GS1 check digit for a payload of 7, 11 or 12 digits: weights 3, 1, 3, ... from the right.
    static char checkDigit(const std::string &payload)
    {
        int sum = 0;
        for (std::size_t i = 0; i < payload.size(); ++i) {
            const int digit = payload[payload.size() - 1 - i] - '0';
            sum += digit * (i % 2 == 0 ? 3 : 1);
        }
        return char('0' + (10 - sum % 10) % 10);
    }
    static std::string withCheckDigit(const std::string &payload)
    {
        return payload + checkDigit(payload);
    }

    // The modules of the symbol, '1' for a bar, quiet zones included: 8 digits give an EAN-8,
    // 12 a UPC-A (the EAN-13 bars of "0" + the 12 digits), 13 an EAN-13.
    static std::string modules(const std::string &digits)
    {
        std::string out;
        if (digits.size() == 8) {
            out += std::string(7, '0') + "101";
            for (int i = 0; i < 4; ++i)
                out += lCode(digits[i]);
            out += "01010";
            for (int i = 4; i < 8; ++i)
                out += rCode(digits[i]);
            out += "101" + std::string(7, '0');
            return out;
        }
        std::string ean13;
        if (digits.size() == 12)
            ean13 = "0" + digits;
        else if (digits.size() == 13)
            ean13 = digits;
        else
            throw std::invalid_argument("barcode digits must be 8, 12 or 13 long");
        // The first digit is not drawn as bars: it selects the L/G parity of digits 2 to 7.
        static const std::array<const char *, 10> parity
            = {"LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
               "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"};
        const char *pattern = parity[ean13[0] - '0'];
        // UPC-A asks for 9 modules of quiet zone on both sides, EAN-13 for 11 left and 7 right.
        const int leftQuiet = digits.size() == 12 ? 9 : 11;
        const int rightQuiet = digits.size() == 12 ? 9 : 7;
        out += std::string(leftQuiet, '0') + "101";
        for (int i = 1; i <= 6; ++i)
            out += pattern[i - 1] == 'L' ? lCode(ean13[i]) : gCode(ean13[i]);
        out += "01010";
        for (int i = 7; i <= 12; ++i)
            out += rCode(ean13[i]);
        out += "101" + std::string(rightQuiet, '0');
        return out;
    }

    // A white label with the symbol, moduleWidth pixels a module; guard bars run longer than
    // the data bars as on a printed symbol.
    static cv::Mat render(const std::string &digits, int moduleWidth, int barHeight)
    {
        const std::string bars = modules(digits);
        const int margin = 4 * moduleWidth;
        cv::Mat label(barHeight + 2 * margin + 5 * moduleWidth, int(bars.size()) * moduleWidth,
                      CV_8UC3, cv::Scalar::all(255));
        const std::string guards = guardMask(digits);
        for (std::size_t i = 0; i < bars.size(); ++i) {
            if (bars[i] != '1')
                continue;
            const int x = int(i) * moduleWidth;
            const int bottom = margin + barHeight + (guards[i] == '1' ? 5 * moduleWidth : 0);
            cv::rectangle(label, cv::Rect(x, margin, moduleWidth, bottom - margin),
                          cv::Scalar::all(0), cv::FILLED);
        }
        return label;
    }

private:
    static std::string lCode(char digit)
    {
        static const std::array<const char *, 10> codes
            = {"0001101", "0011001", "0010011", "0111101", "0100011",
               "0110001", "0101111", "0111011", "0110111", "0001011"};
        return codes[digit - '0'];
    }
    // R codes are the L codes inverted, G codes the R codes reversed.
    static std::string rCode(char digit)
    {
        std::string code = lCode(digit);
        for (char &module : code)
            module = module == '1' ? '0' : '1';
        return code;
    }
    static std::string gCode(char digit)
    {
        const std::string r = rCode(digit);
        return std::string(r.rbegin(), r.rend());
    }
    // '1' where a module belongs to a guard pattern.
    static std::string guardMask(const std::string &digits)
    {
        const std::string bars = modules(digits);
        const int digitsPerHalf = digits.size() == 8 ? 4 : 6;
        const int leftQuiet = digits.size() == 8 ? 7 : (digits.size() == 12 ? 9 : 11);
        std::string mask(bars.size(), '0');
        const int start = leftQuiet;
        const int middle = start + 3 + 7 * digitsPerHalf;
        const int end = middle + 5 + 7 * digitsPerHalf;
        for (int i = 0; i < 3; ++i)
            mask[start + i] = mask[end + i] = '1';
        for (int i = 0; i < 5; ++i)
            mask[middle + i] = '1';
        return mask;
    }
};

} // namespace shelf::test
