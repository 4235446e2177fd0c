import QtQuick

// The shelf id, as large as the screen allows, for an installer finding this screen among many
// (the store server's `identify` command). Staff-facing, so in the staff's words, not a shopper's.
Rectangle {
    id: banner

    required property string shelfId

    color: Theme.accent

    Column {
        anchors.centerIn: parent
        width: parent.width * 0.9
        spacing: parent.height * 0.02

        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Shelf")
            textFormat: Text.PlainText
            font.family: Theme.fontFamily
            font.pixelSize: Math.min(banner.height * 0.08, banner.width * 0.05)
            color: Theme.textOnAccent
        }
        Text {
            objectName: "identifyShelfId"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: banner.shelfId
            textFormat: Text.PlainText
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: 24
            font.family: Theme.fontFamily
            font.pixelSize: Math.min(banner.height * 0.4, banner.width * 0.3)
            font.weight: Font.Bold
            color: Theme.textOnAccent
        }
    }
}
