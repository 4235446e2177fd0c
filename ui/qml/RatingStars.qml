import QtQuick

// Five stars filled to the rating, partial stars included, and the number of reviews.
Row {
    id: root

    required property real rating
    required property string countText
    required property real starSize
    // In a narrow column: the count is elided to keep the whole within this width; -1: no limit.
    property real maximumWidth: -1

    spacing: starSize * 0.3

    Row {
        id: stars
        anchors.verticalCenter: parent.verticalCenter
        Repeater {
            model: 5
            Item {
                required property int index
                width: root.starSize
                height: root.starSize
                Text {
                    anchors.centerIn: parent
                    text: "★"
                    font.pixelSize: root.starSize
                    color: Theme.starEmpty
                }
                // The filled part, clipped to the fraction of this star the rating covers.
                Item {
                    anchors.left: parent.left
                    anchors.top: parent.top
                    anchors.bottom: parent.bottom
                    width: parent.width * Math.max(0, Math.min(1, root.rating - parent.index))
                    clip: true
                    Text {
                        x: (root.starSize - width) / 2
                        anchors.verticalCenter: parent.verticalCenter
                        text: "★"
                        font.pixelSize: root.starSize
                        color: Theme.star
                    }
                }
            }
        }
    }
    Text {
        anchors.verticalCenter: parent.verticalCenter
        width: root.maximumWidth < 0 ? implicitWidth
                                     : Math.max(0, Math.min(implicitWidth, root.maximumWidth - stars.width - root.spacing))
        text: root.countText
        textFormat: Text.PlainText
        elide: Text.ElideRight
        font.family: Theme.fontFamily
        font.pixelSize: root.starSize * 0.8
        color: Theme.mutedText
    }
}
