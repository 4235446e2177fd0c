import QtQuick
import QtQuick.Layouts
import Shelfscreen.Ui

// One slide of the operator's: a product of the shelf shown large, or a promotion with its
// picture and words, and the product's live price when the slide names one.
Item {
    id: root

    required property string title
    required property string text
    required property url imageSource
    // The product the slide names, formatted by the view model; null for words and a picture only.
    required property ProductCardView card
    required property real titleSize
    required property bool bar
    required property bool portrait

    readonly property bool hasPrice: card !== null && card.known

    // Centred as a whole: in portrait the words sit under the picture, not at the bottom.
    GridLayout {
        readonly property real margin: root.titleSize * 0.6
        anchors.centerIn: parent
        width: parent.width - 2 * margin
        columns: root.portrait ? 1 : 2
        columnSpacing: root.titleSize * 0.8
        rowSpacing: root.titleSize * 0.5

        ProductImage {
            objectName: "featureImage"
            Layout.preferredWidth: root.portrait
                ? Math.min(root.width - 2 * parent.margin, root.height * 0.45)
                : Math.min(root.height - 2 * parent.margin, root.width * 0.42)
            Layout.preferredHeight: Layout.preferredWidth
            Layout.alignment: Qt.AlignVCenter | Qt.AlignHCenter
            source: root.imageSource
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            spacing: root.titleSize * 0.3

            Text {
                objectName: "featureTitle"
                Layout.fillWidth: true
                visible: text.length > 0
                text: root.title
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                maximumLineCount: root.bar ? 1 : 2
                elide: Text.ElideRight
                font.family: Theme.fontFamily
                font.pixelSize: root.bar ? root.titleSize * 0.85 : root.titleSize * 1.1
                font.weight: Font.Bold
                color: Theme.text
            }
            Text {
                objectName: "featureText"
                Layout.fillWidth: true
                visible: text.length > 0
                text: root.text
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                maximumLineCount: root.bar ? 1 : 3
                elide: Text.ElideRight
                font.family: Theme.fontFamily
                font.pixelSize: root.bar ? root.titleSize * 0.5 : root.titleSize * 0.6
                color: Theme.mutedText
            }
            PriceTag {
                visible: root.hasPrice
                available: root.hasPrice && root.card.priceAvailable
                priceText: root.hasPrice ? root.card.priceText : ""
                unitText: root.hasPrice ? root.card.unitText : ""
                unitPriceText: root.hasPrice ? root.card.unitPriceText : ""
                regularPriceText: root.hasPrice ? root.card.regularPriceText : ""
                promotionText: root.hasPrice ? root.card.promotionText : ""
                priceSize: root.bar ? root.titleSize * 1.6 : root.titleSize * 1.5
            }
        }
    }
}
