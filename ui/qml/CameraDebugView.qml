import QtQuick
import Shelfscreen.Ui

// The operator's view of what the camera sees, with every slot's outline and score.
Rectangle {
    id: root

    required property var frame
    required property bool cameraUp

    color: "#101418"
    radius: 6

    CameraView {
        anchors.fill: parent
        anchors.margins: 4
        anchors.bottomMargin: 28
        frame: root.frame
    }
    Text {
        anchors.left: parent.left
        anchors.bottom: parent.bottom
        anchors.margins: 6
        text: root.cameraUp ? qsTr("Camera") : qsTr("Camera is down")
        textFormat: Text.PlainText
        font.family: Theme.fontFamily
        font.pixelSize: 14
        color: root.cameraUp ? "#e6edf2" : "#ff8a80"
    }
}
