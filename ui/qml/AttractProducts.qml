import QtQuick
import Shelfscreen.Ui

// The shelf's products in turn, as tiles: the picture with the name and price under it, or beside
// it on a shelf-edge bar.
Item {
    id: root

    required property ShelfProductsModel products
    required property bool feedLive
    required property bool running
    required property real titleSize
    required property bool bar
    required property bool portrait
    // How long each product leads the strip.
    property int tileMs: 4000
    property int current: 0

    Timer {
        interval: root.tileMs
        repeat: true
        running: root.running && list.count > 1
        onTriggered: root.current = (root.current + 1) % list.count
    }

    ListView {
        id: list
        objectName: "tiles"
        anchors.fill: parent
        anchors.margins: root.titleSize * 0.5
        orientation: root.portrait ? ListView.Vertical : ListView.Horizontal
        spacing: root.titleSize * 0.5
        clip: true
        interactive: false
        model: root.products
        currentIndex: root.current
        highlightMoveDuration: 250
        preferredHighlightBegin: 0
        preferredHighlightEnd: root.portrait ? height / 2 : width / 2
        highlightRangeMode: ListView.ApplyRange

        delegate: Grid {
            id: tile
            required property string name
            required property string priceText
            required property url imageSource
            readonly property real side: root.bar ? list.height
                : root.portrait ? Math.min(list.width * 0.8, list.height / 2.2 - root.titleSize * 2.5)
                : Math.min(list.height - root.titleSize * 2.2, list.width / 3.4)
            readonly property real textWidth: root.bar ? side * 1.5 : side
            // Portrait tiles stand in the middle of the panel.
            x: root.portrait ? (list.width - side) / 2 : 0
            columns: root.bar ? 2 : 1
            columnSpacing: root.titleSize * 0.4
            rowSpacing: root.titleSize * 0.15
            ProductImage {
                width: tile.side
                height: tile.side
                source: tile.imageSource
            }
            Column {
                spacing: root.titleSize * 0.1
                Text {
                    width: tile.textWidth
                    text: tile.name
                    textFormat: Text.PlainText
                    wrapMode: root.bar ? Text.Wrap : Text.NoWrap
                    maximumLineCount: root.bar ? 3 : 1
                    elide: Text.ElideRight
                    font.family: Theme.fontFamily
                    font.pixelSize: root.titleSize * 0.55
                    color: Theme.text
                }
                Text {
                    text: tile.priceText
                    textFormat: Text.PlainText
                    visible: text.length > 0
                    font.family: Theme.fontFamily
                    font.pixelSize: root.titleSize * 0.8
                    font.weight: Font.Bold
                    color: Theme.text
                }
            }
        }
    }

    Text {
        anchors.centerIn: parent
        visible: list.count === 0
        text: root.feedLive ? qsTr("Products are on their way") : qsTr("Connecting to the store…")
        textFormat: Text.PlainText
        font.family: Theme.fontFamily
        font.pixelSize: root.titleSize * 0.6
        color: Theme.mutedText
    }
}
