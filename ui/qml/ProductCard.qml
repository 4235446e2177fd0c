import QtQuick
import QtQuick.Layouts
import Shelfscreen.Ui

// The card for the product in the shopper's hand. Three arrangements of the same parts:
// landscape (picture left, facts right), shelf-edge bar (picture, price, facts in a row) and
// portrait (picture above the facts).
Rectangle {
    id: root

    required property ProductCardView card

    // The display's shape (a DisplayShape.Shape), decided once for the window by Main.qml.
    required property int shape
    readonly property bool bar: shape === DisplayShape.Bar
    readonly property bool portrait: shape === DisplayShape.Portrait
    // Sizes that keep the price readable from 1.5 m on every display shape.
    // Whole pixels rounded up, so the share of the height is never a fraction short.
    readonly property real priceSize: Math.ceil(bar ? height * 0.26 : portrait ? height * 0.08 : height * 0.11)
    readonly property real nameSize: bar ? height * 0.11 : portrait ? height * 0.036 : height * 0.055
    readonly property real textSize: bar ? height * 0.065 : portrait ? height * 0.02 : height * 0.03
    readonly property real margin: bar ? height * 0.07 : Math.min(width, height) * 0.05

    color: Theme.background

    GridLayout {
        anchors.fill: parent
        anchors.margins: root.margin
        columns: root.bar ? 3 : root.portrait ? 1 : 2
        columnSpacing: root.margin
        rowSpacing: root.margin * 0.6

        ProductImage {
            objectName: "image"
            Layout.rowSpan: root.bar || root.portrait ? 1 : 2
            Layout.preferredWidth: root.bar ? parent.height : root.portrait ? Math.min(parent.width, parent.height * 0.4) : Math.min(parent.height, parent.width * 0.45)
            Layout.preferredHeight: Layout.preferredWidth
            Layout.alignment: Qt.AlignTop | Qt.AlignHCenter
            source: root.card.imageSource
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            Layout.preferredWidth: root.bar ? root.width * 0.46 : -1
            spacing: root.textSize * 0.4

            Text {
                objectName: "name"
                Layout.fillWidth: true
                text: root.card.name
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                maximumLineCount: root.bar ? 1 : 2
                elide: Text.ElideRight
                font.family: Theme.fontFamily
                font.pixelSize: root.nameSize
                font.weight: Font.Bold
                color: Theme.text
            }
            Text {
                objectName: "secondaryName"
                Layout.fillWidth: true
                visible: text.length > 0
                text: root.card.secondaryName
                textFormat: Text.PlainText
                elide: Text.ElideRight
                font.family: Theme.fontFamily
                font.pixelSize: root.nameSize * 0.6
                color: Theme.mutedText
            }
            PriceTag {
                Layout.fillWidth: true
                Layout.topMargin: root.textSize * 0.5
                visible: root.card.known
                available: root.card.priceAvailable
                priceText: root.card.priceText
                unitText: root.card.unitText
                unitPriceText: root.card.unitPriceText
                regularPriceText: root.card.regularPriceText
                promotionText: root.card.promotionText
                priceSize: root.priceSize
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: root.bar ? root.width * 0.28 : -1
            Layout.fillHeight: !root.bar
            Layout.alignment: Qt.AlignTop
            spacing: root.textSize * 0.8
            visible: root.card.known

            OriginBadge {
                Layout.fillWidth: true
                countryCode: root.card.countryCode
                flag: root.card.flag
                originText: root.card.originText
                producerText: root.card.producerText
                textSize: root.textSize
            }
            RatingStars {
                visible: root.card.hasRating
                rating: root.card.rating
                countText: root.card.reviewCountText
                starSize: root.textSize * 1.3
            }
            ReviewHighlights {
                Layout.fillWidth: true
                highlights: root.card.highlights
                textSize: root.textSize
            }
            Flow {
                Layout.fillWidth: true
                spacing: root.textSize * 0.4
                visible: !root.bar
                Repeater {
                    model: root.card.tags
                    Rectangle {
                        required property string modelData
                        color: Theme.surface
                        border.color: Theme.accent
                        radius: height / 2
                        width: tag.implicitWidth + root.textSize
                        height: tag.implicitHeight + root.textSize * 0.3
                        Text {
                            id: tag
                            anchors.centerIn: parent
                            text: parent.modelData
                            textFormat: Text.PlainText
                            font.family: Theme.fontFamily
                            font.pixelSize: root.textSize * 0.8
                            color: Theme.accent
                        }
                    }
                }
            }
            Item {
                Layout.fillHeight: true
            }
        }
    }
}
