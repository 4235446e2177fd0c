import QtQuick
import QtQuick.Layouts
import Shelfscreen.Ui

// Two to four products in the shopper's hands, side by side (one above the other in portrait):
// the same facts in line, and the better unit price marked.
Rectangle {
    id: root

    required property CompareModel products

    readonly property bool portrait: height > width
    readonly property bool bar: width / Math.max(1, height) > 2.4
    readonly property int count: Math.max(1, list.count)
    readonly property real cellWidth: portrait ? width : width / count
    readonly property real cellHeight: portrait ? height / count : height
    readonly property real unit: Math.min(cellWidth / (bar ? 17 : 14), cellHeight / (bar ? 5.5 : 12))

    color: Theme.background

    ListView {
        id: list
        anchors.fill: parent
        orientation: root.portrait ? ListView.Vertical : ListView.Horizontal
        interactive: false
        model: root.products

        delegate: Item {
            id: cell
            required property string name
            required property string priceText
            required property string unitText
            required property string unitPriceText
            required property bool bestUnitPrice
            required property real rating
            required property string ratingText
            required property string countryCode
            required property string flag
            required property string originText
            required property url imageSource
            required property int index
            width: root.cellWidth
            height: root.cellHeight
            clip: true // long names and reviews stay in their own column

            // A thin rule between products.
            Rectangle {
                visible: cell.index > 0
                color: Theme.placeholder
                width: root.portrait ? parent.width : 2
                height: root.portrait ? 2 : parent.height
            }

            GridLayout {
                anchors.fill: parent
                anchors.margins: root.unit * 0.8
                columns: root.bar || root.portrait ? 2 : 1
                columnSpacing: root.unit * 0.6
                rowSpacing: root.unit * 0.3

                ProductImage {
                    objectName: "image"
                    Layout.alignment: Qt.AlignHCenter | Qt.AlignTop
                    Layout.preferredWidth: root.bar || root.portrait ? Math.min(cell.height - root.unit * 1.6, cell.width * 0.4)
                                                                    : Math.min(cell.width - root.unit * 1.6, cell.height * 0.38)
                    Layout.preferredHeight: Layout.preferredWidth
                    source: cell.imageSource
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignTop
                    spacing: root.unit * 0.25

                    Text {
                        Layout.fillWidth: true
                        text: cell.name
                        textFormat: Text.PlainText
                        wrapMode: Text.Wrap
                        maximumLineCount: 2
                        elide: Text.ElideRight
                        font.family: Theme.fontFamily
                        font.pixelSize: root.unit * 0.9
                        font.weight: Font.Bold
                        color: Theme.text
                    }
                    Row {
                        spacing: root.unit * 0.3
                        Text {
                            id: amount
                            text: cell.priceText
                            textFormat: Text.PlainText
                            font.family: Theme.fontFamily
                            font.pixelSize: root.unit * 1.5
                            font.weight: Font.Bold
                            color: Theme.text
                        }
                        Text {
                            anchors.baseline: amount.baseline
                            text: cell.unitText
                            textFormat: Text.PlainText
                            font.family: Theme.fontFamily
                            font.pixelSize: root.unit * 0.55
                            color: Theme.mutedText
                        }
                    }
                    UnitPrice {
                        text: cell.unitPriceText
                        best: cell.bestUnitPrice
                        textSize: root.unit * 0.7
                    }
                    RatingStars {
                        visible: cell.ratingText.length > 0
                        rating: cell.rating
                        countText: cell.ratingText
                        starSize: root.unit * 0.7
                    }
                    OriginBadge {
                        Layout.fillWidth: true
                        countryCode: cell.countryCode
                        flag: cell.flag
                        originText: cell.originText
                        producerText: ""
                        textSize: root.unit * 0.6
                    }
                }

                // Takes the spare height, so every column's facts start at the same line.
                Item {
                    Layout.fillHeight: true
                    Layout.columnSpan: root.bar || root.portrait ? 2 : 1
                }
            }
        }
    }
}
