import QtQuick
import QtQuick.Layouts
import Shelfscreen.Ui

// Two to four products in the shopper's hands, side by side (one above the other in portrait):
// the same facts in line, and the better unit price marked.
Rectangle {
    id: root

    required property CompareModel products

    // The display's shape (a DisplayShape.Shape), decided once for the window by Main.qml.
    required property int shape
    readonly property bool bar: shape === DisplayShape.Bar
    readonly property bool portrait: shape === DisplayShape.Portrait
    readonly property int count: Math.max(1, list.count)
    readonly property real cellWidth: portrait ? width : width / count
    readonly property real cellHeight: portrait ? height / count : height
    // Picture beside the facts on a bar and for three or four products in portrait; two
    // products in portrait have the height to stand picture above facts, at full width.
    readonly property bool twoColumns: bar || (portrait && count > 2)
    // The row's unit: margins, spacing and the picture.
    // A bar too low for every fact: the name, the price and the unit price stay; the rating and
    // the origin are on the card, a put-back away.
    readonly property bool shortBar: bar && cellHeight < 450
    readonly property real unit: Math.min(cellWidth / (bar ? 17 : 14),
                                          cellHeight / (shortBar ? 8.5 : bar ? 5.5
                                                        : portrait && !twoColumns ? 15 : 12))
    // On a bar the picture gives up width to the name, which must be read whole.
    readonly property real imageSize: twoColumns ? Math.min(cellHeight - unit * 1.6,
                                                            cellWidth * (bar ? 0.3 : 0.4))
                                                 : Math.min(cellWidth - unit * 1.6,
                                                            cellHeight * (portrait ? 0.3 : 0.38))
    // What the facts get: beside the picture in two columns, the whole width under it in one.
    readonly property real factsWidth: cellWidth - unit * 1.6 - (twoColumns ? imageSize + unit * 0.6 : 0)
    // The text's unit, sized for the facts' own width: their longest line (the stars and the
    // review count, a price and its unit) takes about 8 of them.
    readonly property real textUnit: Math.min(unit, factsWidth / 8)

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
                columns: root.twoColumns ? 2 : 1
                columnSpacing: root.unit * 0.6
                rowSpacing: root.unit * 0.3

                ProductImage {
                    objectName: "image"
                    Layout.alignment: Qt.AlignHCenter | Qt.AlignTop
                    Layout.preferredWidth: root.imageSize
                    Layout.preferredHeight: Layout.preferredWidth
                    source: cell.imageSource
                }

                ColumnLayout {
                    id: facts
                    // Exactly the room left: the texts' natural widths never push the column wider.
                    Layout.preferredWidth: root.factsWidth
                    Layout.maximumWidth: root.factsWidth
                    Layout.alignment: Qt.AlignTop
                    spacing: root.textUnit * 0.25

                    Text {
                        objectName: "name"
                        Layout.fillWidth: true
                        text: cell.name
                        textFormat: Text.PlainText
                        wrapMode: Text.Wrap
                        maximumLineCount: root.bar && !root.shortBar ? 3 : 2 // a bar has height to spare
                        elide: Text.ElideRight
                        font.family: Theme.fontFamily
                        font.pixelSize: root.textUnit * 0.9
                        font.weight: Font.Bold
                        color: Theme.text
                    }
                    // A product the catalog does not know has a name and nothing else: no price
                    // line takes room under it.
                    Row {
                        visible: cell.priceText.length > 0 || cell.unitText.length > 0
                        spacing: root.textUnit * 0.3
                        Text {
                            id: amount
                            objectName: "price"
                            visible: text.length > 0
                            text: cell.priceText
                            textFormat: Text.PlainText
                            font.family: Theme.fontFamily
                            font.pixelSize: root.textUnit * 1.5
                            font.weight: Font.Bold
                            color: Theme.text
                        }
                        Text {
                            anchors.baseline: amount.baseline
                            visible: text.length > 0
                            width: Math.min(implicitWidth, facts.width - (amount.visible ? amount.width + parent.spacing : 0))
                            text: cell.unitText
                            textFormat: Text.PlainText
                            elide: Text.ElideRight
                            font.family: Theme.fontFamily
                            font.pixelSize: root.textUnit * 0.55
                            color: Theme.mutedText
                        }
                    }
                    // The unit price line and the review count are as long as the feed makes
                    // them: they are elided at the column's edge, never drawn past it.
                    UnitPrice {
                        text: cell.unitPriceText
                        best: cell.bestUnitPrice
                        textSize: root.textUnit * 0.7
                        maximumWidth: facts.width
                    }
                    RatingStars {
                        visible: cell.ratingText.length > 0 && !root.shortBar
                        rating: cell.rating
                        countText: cell.ratingText
                        starSize: root.textUnit * 0.7
                        maximumWidth: facts.width
                    }
                    OriginBadge {
                        Layout.fillWidth: true
                        visible: !root.shortBar && cell.originText.length > 0
                        countryCode: cell.countryCode
                        flag: cell.flag
                        originText: cell.originText
                        producerText: ""
                        textSize: root.textUnit * 0.6
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
