import QtQuick

// Where the product comes from: the country code in a badge, the region and country in words,
// and the producer underneath.
Item {
    id: root

    required property string countryCode
    required property string flag
    required property string originText
    required property string producerText
    required property real textSize

    implicitHeight: Math.max(badge.visible ? badge.height : 0, flagGlyph.visible ? flagGlyph.implicitHeight : 0, lines.implicitHeight)
    visible: originText.length > 0 || producerText.length > 0

    // The flag where a colour emoji font can draw it, the country code in a badge otherwise.
    Text {
        id: flagGlyph
        anchors.left: parent.left
        anchors.verticalCenter: parent.verticalCenter
        visible: root.flag.length > 0
        text: root.flag
        textFormat: Text.PlainText
        font.family: "Noto Color Emoji"
        font.pixelSize: root.textSize * 1.5
    }
    Rectangle {
        id: badge
        anchors.left: parent.left
        anchors.verticalCenter: parent.verticalCenter
        visible: root.countryCode.length > 0 && root.flag.length === 0
        color: Theme.accent
        radius: height * 0.2
        width: code.implicitWidth + root.textSize * 0.8
        height: root.textSize * 1.6
        Text {
            id: code
            anchors.centerIn: parent
            text: root.countryCode
            textFormat: Text.PlainText
            font.family: Theme.fontFamily
            font.pixelSize: root.textSize
            font.weight: Font.Bold
            color: Theme.textOnAccent
        }
    }
    Column {
        id: lines
        anchors.left: flagGlyph.visible ? flagGlyph.right : badge.visible ? badge.right : parent.left
        anchors.leftMargin: flagGlyph.visible || badge.visible ? root.textSize * 0.6 : 0
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        Text {
            width: parent.width
            text: root.originText
            textFormat: Text.PlainText
            elide: Text.ElideRight
            font.family: Theme.fontFamily
            font.pixelSize: root.textSize
            color: Theme.text
        }
        Text {
            width: parent.width
            visible: text.length > 0
            text: root.producerText
            textFormat: Text.PlainText
            elide: Text.ElideRight
            font.family: Theme.fontFamily
            font.pixelSize: root.textSize * 0.8
            color: Theme.mutedText
        }
    }
}
