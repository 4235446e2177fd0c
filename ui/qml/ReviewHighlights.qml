import QtQuick

// What other shoppers say: one highlight at a time, changing slowly.
Item {
    id: root

    required property var highlights // list of strings
    required property real textSize
    property int current: 0

    implicitHeight: quote.implicitHeight
    visible: highlights.length > 0

    Timer {
        interval: 5000
        repeat: true
        running: root.visible && root.highlights.length > 1
        onTriggered: root.current = (root.current + 1) % root.highlights.length
    }
    onHighlightsChanged: current = 0

    Text {
        id: quote
        width: parent.width
        text: root.highlights.length > 0 ? "“" + root.highlights[Math.min(root.current, root.highlights.length - 1)] + "”" : ""
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        maximumLineCount: 2
        elide: Text.ElideRight
        font.family: Theme.fontFamily
        font.pixelSize: root.textSize
        font.italic: true
        color: Theme.text
    }
}
