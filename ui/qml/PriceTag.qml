import QtQuick

// The price as a shopper reads it from a distance: the amount large, the unit beside it, and
// for a promotion the regular price struck through with the saving.
Column {
    id: root

    required property bool available
    required property string priceText
    required property string unitText
    required property string unitPriceText
    required property string regularPriceText
    required property string promotionText
    required property real priceSize

    spacing: priceSize * 0.08

    Row {
        spacing: root.priceSize * 0.15
        Text {
            id: amount
            objectName: "price"
            text: root.priceText
            textFormat: Text.PlainText
            font.family: Theme.fontFamily
            font.pixelSize: root.available ? root.priceSize : root.priceSize * 0.45
            font.weight: Font.Bold
            color: root.regularPriceText.length > 0 ? Theme.promotion : Theme.text
        }
        Text {
            anchors.baseline: amount.baseline
            text: root.unitText
            textFormat: Text.PlainText
            visible: root.available && text.length > 0
            font.family: Theme.fontFamily
            font.pixelSize: root.priceSize * 0.3
            color: Theme.mutedText
        }
    }

    // The unit price, the regular price struck through and the saving share one line, wrapping
    // only where the display is narrow.
    Flow {
        width: root.width > 0 ? root.width : implicitWidth
        spacing: root.priceSize * 0.2
        visible: root.available && (root.unitPriceText.length > 0 || root.regularPriceText.length > 0)
        UnitPrice {
            text: root.unitPriceText
            textSize: root.priceSize * 0.22
        }
        Text {
            visible: root.regularPriceText.length > 0
            text: root.regularPriceText
            textFormat: Text.PlainText
            font.family: Theme.fontFamily
            font.pixelSize: root.priceSize * 0.25
            font.strikeout: true
            color: Theme.mutedText
        }
        Rectangle {
            visible: root.regularPriceText.length > 0
            color: Theme.promotion
            radius: height / 2
            width: promo.implicitWidth + root.priceSize * 0.3
            height: promo.implicitHeight + root.priceSize * 0.08
            Text {
                id: promo
                anchors.centerIn: parent
                text: root.promotionText
                textFormat: Text.PlainText
                font.family: Theme.fontFamily
                font.pixelSize: root.priceSize * 0.21
                font.weight: Font.DemiBold
                color: Theme.textOnPromotion
            }
        }
    }
}
