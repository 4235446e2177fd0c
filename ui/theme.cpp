#include "theme.h"

#include <toml_reading.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <string_view>

namespace shelf {

namespace {

// WCAG 2.x, success criterion 1.4.3 (AA) for normal-size text.
constexpr double kMinimumRatio = 4.5;

struct ColourKey
{
    const char *name;
    QColor Theme::*member;
};

constexpr ColourKey kColourKeys[] = {
    {"background", &Theme::background},
    {"surface", &Theme::surface},
    {"text", &Theme::text},
    {"mutedText", &Theme::mutedText},
    {"accent", &Theme::accent},
    {"textOnAccent", &Theme::textOnAccent},
    {"promotion", &Theme::promotion},
    {"textOnPromotion", &Theme::textOnPromotion},
    {"star", &Theme::star},
    {"starEmpty", &Theme::starEmpty},
    {"placeholder", &Theme::placeholder},
};

constexpr char kFontFamilyKey[] = "fontFamily";

// The text-on-background pairs the shopper's screen draws, read from the components in
// ui/qml/. A component that gives a Text another theme colour, or sets text on another theme
// colour, adds its pair here.
struct TextPair
{
    QColor Theme::*text;
    QColor Theme::*background;
};

constexpr TextPair kTextPairs[] = {
    // Names, prices, origins and reviews, on every screen.
    {&Theme::text, &Theme::background},
    // The name in the other language, the unit, the struck-through regular price, the unit
    // price, the review count, the producer, the attract loop's waiting line, and the staff
    // status (on a background-coloured chip, so it reads over the thank-you screen too).
    {&Theme::mutedText, &Theme::background},
    // A promotional price (PriceTag).
    {&Theme::promotion, &Theme::background},
    // The better unit price in a comparison (UnitPrice).
    {&Theme::accent, &Theme::background},
    // The card's tags: accent text on surface-coloured chips (ProductCard).
    {&Theme::accent, &Theme::surface},
    // The attract loop's invitation, the country badge, the best-value mark, the thank-you.
    {&Theme::textOnAccent, &Theme::accent},
    // The saving beside a promotional price (PriceTag).
    {&Theme::textOnPromotion, &Theme::promotion},
};
// Not checked, because none of them is text a shopper reads: star and starEmpty are the
// rating's glyphs (the rating is also written out beside them, in mutedText), placeholder is
// the empty picture tile, and the camera's debug view uses fixed colours for staff.

const ColourKey *findColourKey(QStringView name)
{
    for (const ColourKey &key : kColourKeys) {
        if (name == QLatin1String(key.name))
            return &key;
    }
    return nullptr;
}

QLatin1String nameOf(QColor Theme::*member)
{
    for (const ColourKey &key : kColourKeys) {
        if (key.member == member)
            return QLatin1String(key.name);
    }
    return QLatin1String("?");
}

QStringList knownKeys()
{
    QStringList names;
    for (const ColourKey &key : kColourKeys)
        names.append(QLatin1String(key.name));
    names.append(QLatin1String(kFontFamilyKey));
    return names;
}

double linearChannel(double value)
{
    return value <= 0.04045 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4);
}

double relativeLuminance(const QColor &colour)
{
    // In double, from the 16 bits a channel that QColor keeps.
    const QRgba64 rgb = colour.toRgb().rgba64();
    return 0.2126 * linearChannel(rgb.red() / 65535.0)
        + 0.7152 * linearChannel(rgb.green() / 65535.0)
        + 0.0722 * linearChannel(rgb.blue() / 65535.0);
}

// Two decimals, and never rounded up to the minimum that the pair missed.
QString ratioText(double ratio)
{
    double shown = std::round(ratio * 100) / 100;
    if (ratio < kMinimumRatio && shown >= kMinimumRatio)
        shown = std::floor(ratio * 100) / 100;
    return QString::number(shown, 'f', 2);
}

using toml_reading::toQString;

// Sets in theme what the file sets; every mistake goes to problems.
void readTheme(const toml::table &root, Theme &theme, toml_reading::Problems &problems)
{
    toml_reading::checkKeys(root, knownKeys(), QString(), problems);
    const Theme defaults = Theme::defaults();
    for (const auto &[key, node] : root) {
        const QString name = toQString(key.str());
        const ColourKey *colourKey = findColourKey(name);
        const bool isFont = name == QLatin1String(kFontFamilyKey);
        if (!colourKey && !isFont)
            continue;
        const QString example
            = isFont ? defaults.fontFamily : (defaults.*(colourKey->member)).name();
        const std::optional<std::string_view> value = node.value<std::string_view>();
        if (!value) {
            problems.add(
                node, QStringLiteral("%1 must be a string, e.g. %1 = \"%2\"").arg(name, example));
            continue;
        }
        const QString text = toQString(*value);
        if (isFont) {
            if (text.trimmed().isEmpty())
                problems.add(node, QStringLiteral("fontFamily is empty"));
            else
                theme.fontFamily = text;
            continue;
        }
        const QColor colour = QColor::fromString(text);
        if (!colour.isValid())
            problems.add(node,
                         QStringLiteral("%1 \"%2\" is not a colour; write \"#RRGGBB\", e.g. \"%3\"")
                             .arg(name, text, example));
        else if (colour.alpha() != 255)
            problems.add(node,
                         QStringLiteral("%1 \"%2\" is see-through; theme colours are opaque, so "
                                        "that their contrast can be checked")
                             .arg(name, text));
        else
            theme.*(colourKey->member) = colour;
    }
}

} // namespace

double contrastRatio(QColor a, QColor b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Theme Theme::defaults()
{
    Theme theme;
    theme.background = QColor(0xf6, 0xf3, 0xec);
    theme.surface = QColor(0xff, 0xff, 0xff);
    theme.text = QColor(0x1d, 0x23, 0x27);
    theme.mutedText = QColor(0x4f, 0x5a, 0x61);
    theme.accent = QColor(0x17, 0x60, 0x3f);
    theme.textOnAccent = QColor(0xff, 0xff, 0xff);
    theme.promotion = QColor(0xb3, 0x26, 0x1e);
    theme.textOnPromotion = QColor(0xff, 0xff, 0xff);
    theme.star = QColor(0xb8, 0x6e, 0x00);
    theme.starEmpty = QColor(0xd9, 0xd4, 0xc7);
    theme.placeholder = QColor(0xdf, 0xe6, 0xea);
    theme.fontFamily = QStringLiteral("Noto Sans CJK SC");
    return theme;
}

bool operator==(const Theme &a, const Theme &b)
{
    for (const ColourKey &key : kColourKeys) {
        if (a.*(key.member) != b.*(key.member))
            return false;
    }
    return a.fontFamily == b.fontFamily;
}

ThemeParseResult parseTheme(const QByteArray &text, const QString &path)
{
    ThemeParseResult result;
    Theme theme = Theme::defaults();
    toml_reading::Problems problems(path);
    if (const std::optional<toml::table> root = toml_reading::parseDocument(text, problems))
        readTheme(*root, theme, problems);
    result.errors = problems.messages();
    if (result.errors.isEmpty())
        result.theme = theme;
    return result;
}

QStringList contrastProblemsOf(const Theme &theme, const QString &source)
{
    QStringList problems;
    for (const TextPair &pair : kTextPairs) {
        const QColor text = theme.*(pair.text);
        const QColor background = theme.*(pair.background);
        const double ratio = contrastRatio(text, background);
        if (ratio >= kMinimumRatio)
            continue;
        problems.append(QStringLiteral("%1: %2 %3 on %4 %5 is %6:1, below %7:1 (WCAG AA)")
                            .arg(source, nameOf(pair.text), text.name(), nameOf(pair.background),
                                 background.name(), ratioText(ratio),
                                 QString::number(kMinimumRatio)));
    }
    return problems;
}

} // namespace shelf
