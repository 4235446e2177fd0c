import QtQuick

// A product picture that never shows a broken image: a neutral tile stands in until the
// picture is loaded, and when there is none or it fails.
Rectangle {
    id: root

    required property url source
    // Off the GUI thread: for decoding ahead of time. A card decodes at once (from the cache).
    property bool asynchronous: false

    color: Theme.placeholder
    radius: width * 0.04
    clip: true

    Image {
        id: picture
        anchors.fill: parent
        source: root.source
        fillMode: Image.PreserveAspectCrop
        asynchronous: root.asynchronous
        sourceSize.width: 512
        sourceSize.height: 512
        visible: status === Image.Ready
    }

    // A simple shopping-bag outline as the placeholder mark.
    Item {
        anchors.centerIn: parent
        width: parent.width * 0.36
        height: width
        visible: picture.status !== Image.Ready
        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            height: parent.height * 0.72
            radius: width * 0.08
            color: "transparent"
            border.color: Theme.mutedText
            border.width: Math.max(2, parent.width * 0.05)
        }
        Rectangle {
            anchors.horizontalCenter: parent.horizontalCenter
            y: 0
            width: parent.width * 0.45
            height: parent.height * 0.45
            radius: width / 2
            color: "transparent"
            border.color: Theme.mutedText
            border.width: Math.max(2, parent.width * 0.05)
        }
    }
}
