import QtQuick
import QtTest
import Shelfscreen.Ui

TestCase {
    name: "PriceTag"
    when: windowShown
    visible: true
    width: 800
    height: 400

    Component {
        id: tag
        PriceTag {
            available: true
            priceText: "¥12.80"
            unitText: "per kg"
            unitPriceText: ""
            regularPriceText: ""
            promotionText: ""
            priceSize: 100
        }
    }

    function findText(item, text) {
        if (item.text !== undefined && item.text === text && item.visible)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = findText(item.children[i], text)
            if (found)
                return found
        }
        return null
    }

    function test_plainPriceShowsAmountAndUnit() {
        const t = createTemporaryObject(tag, this)
        verify(findText(t, "¥12.80"))
        verify(findText(t, "per kg"))
        compare(findText(t, "¥12.80").font.pixelSize, 100)
    }

    function test_unitPriceShownForComparison() {
        const t = createTemporaryObject(tag, this, {priceText: "¥16.80", unitText: "per 100 g", unitPriceText: "¥168.00 per kg"})
        verify(findText(t, "¥168.00 per kg"))
        const hidden = createTemporaryObject(tag, this, {available: false, priceText: "Price being updated", unitPriceText: "¥168.00 per kg"})
        compare(findText(hidden, "¥168.00 per kg"), null)
    }

    function test_promotionStrikesTheRegularPrice() {
        const t = createTemporaryObject(tag, this, {regularPriceText: "¥15.80", promotionText: "Save ¥3.00"})
        const regular = findText(t, "¥15.80")
        verify(regular)
        verify(regular.font.strikeout)
        verify(findText(t, "Save ¥3.00"))
    }

    function test_priceBeingUpdatedHidesTheUnitAndPromotion() {
        const t = createTemporaryObject(tag, this, {available: false, priceText: "Price being updated", unitText: "", regularPriceText: "¥15.80"})
        verify(findText(t, "Price being updated"))
        compare(findText(t, "¥15.80"), null)
        verify(findText(t, "Price being updated").font.pixelSize < 100)
    }
}
