import QtQuick

// A short thank-you once a product went into the basket.
Rectangle {
    color: Theme.accent
    Text {
        anchors.centerIn: parent
        width: parent.width * 0.9
        horizontalAlignment: Text.AlignHCenter
        text: qsTr("Thank you! Enjoy your choice.")
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        font.family: Theme.fontFamily
        font.pixelSize: Math.min(parent.height * 0.16, parent.width * 0.06)
        font.weight: Font.DemiBold
        color: Theme.textOnAccent
    }
}
