import QtQuick

// The price shoppers compare (per kg, per 500 g, per 100 ml) and, in a comparison, the mark on
// the best one. Takes no room when there is nothing to show.
Row {
    id: root

    required property string text
    // Marked even without a text: a product priced per kg has no unit price of its own to show,
    // yet it can be the better buy.
    property bool best: false
    required property real textSize
    // In a narrow column: the price is elided to keep the line within this width; -1: no limit.
    property real maximumWidth: -1

    spacing: textSize * 0.4
    visible: text.length > 0 || best

    Text {
        objectName: "unitPrice"
        anchors.verticalCenter: parent.verticalCenter
        visible: text.length > 0
        width: root.maximumWidth < 0 ? implicitWidth
                                     : Math.max(0, Math.min(implicitWidth, root.maximumWidth - (markBox.visible ? markBox.width + root.spacing : 0)))
        text: root.text
        textFormat: Text.PlainText
        elide: Text.ElideRight
        font.family: Theme.fontFamily
        font.pixelSize: root.textSize
        font.weight: root.best ? Font.Bold : Font.Normal
        color: root.best ? Theme.accent : Theme.mutedText
    }
    Rectangle {
        id: markBox
        anchors.verticalCenter: parent.verticalCenter
        visible: root.best
        color: Theme.accent
        radius: height / 2
        width: mark.implicitWidth + root.textSize * 0.85
        height: mark.implicitHeight + root.textSize * 0.2
        Text {
            id: mark
            objectName: "bestUnitPrice"
            anchors.centerIn: parent
            text: qsTr("Best value")
            textFormat: Text.PlainText
            font.family: Theme.fontFamily
            font.pixelSize: root.textSize * 0.8
            font.weight: Font.DemiBold
            color: Theme.textOnAccent
        }
    }
}
