#pragma once

#include <QByteArray>
#include <QColor>
#include <QString>
#include <QStringList>

#include <optional>

namespace shelf {

// WCAG 2.1 contrast ratio of two opaque colours: 1 for equal luminance up to 21 for black on
// white. Alpha is ignored.
double contrastRatio(QColor a, QColor b);

// The colours and typeface of the shopper's screen, named as QML reads them (Theme.x).
struct Theme
{
    QColor background;
    QColor surface;
    QColor text;
    QColor mutedText;
    QColor accent;
    QColor textOnAccent;
    QColor promotion;
    QColor textOnPromotion;
    QColor star;
    QColor starEmpty;
    QColor placeholder;
    QString fontFamily;

    // The built-in theme; its text keeps at least 4.5:1 everywhere the screen draws it.
    static Theme defaults();

    friend bool operator==(const Theme &a, const Theme &b);
    friend bool operator!=(const Theme &a, const Theme &b) { return !(a == b); }
};

// What reading an operator's theme.toml gave.
struct ThemeParseResult
{
    std::optional<Theme> theme; // none when errors is not empty
    QStringList errors; // "FILE:LINE:COLUMN: what is wrong", one for each mistake found
};

// Reads a theme (TOML, keys as ThemePalette's properties, each optional: a key left out takes
// its default). A syntax error or a bad value is an error, and then there is no theme.
ThemeParseResult parseTheme(const QByteArray &text, const QString &path);

// Every text-on-background pair the screen draws that is below 4.5:1 (WCAG AA), e.g.
// "theme.toml: mutedText #9aa0a6 on background #ffffff is 2.64:1, below 4.5:1 (WCAG AA)";
// source is how the messages name the theme.
QStringList contrastProblemsOf(const Theme &theme, const QString &source);

} // namespace shelf
