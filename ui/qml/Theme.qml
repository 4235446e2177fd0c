pragma Singleton
import QtQuick
import Shelfscreen.Ui

// Colours and type for every component, as Theme.x: the default theme or the operator's, as
// ThemePalette holds them (defaults and the contrast check live there, in C++).
QtObject {
    readonly property color background: ThemePalette.background
    readonly property color surface: ThemePalette.surface
    readonly property color text: ThemePalette.text
    readonly property color mutedText: ThemePalette.mutedText
    readonly property color accent: ThemePalette.accent
    readonly property color textOnAccent: ThemePalette.textOnAccent
    readonly property color promotion: ThemePalette.promotion
    readonly property color textOnPromotion: ThemePalette.textOnPromotion
    readonly property color star: ThemePalette.star
    readonly property color starEmpty: ThemePalette.starEmpty
    readonly property color placeholder: ThemePalette.placeholder
    readonly property string fontFamily: ThemePalette.fontFamily
}
