pragma Singleton
import QtQuick

// Colours and type of the default theme. Text colours keep at least 4.5:1 against the
// backgrounds they are used on (WCAG AA).
QtObject {
    readonly property color background: "#f6f3ec"
    readonly property color surface: "#ffffff"
    readonly property color text: "#1d2327"
    readonly property color mutedText: "#4f5a61"
    readonly property color accent: "#17603f"
    readonly property color textOnAccent: "#ffffff"
    readonly property color promotion: "#b3261e"
    readonly property color textOnPromotion: "#ffffff"
    readonly property color star: "#b86e00"
    readonly property color starEmpty: "#d9d4c7"
    readonly property color placeholder: "#dfe6ea"
    readonly property string fontFamily: "Noto Sans CJK SC"
}
