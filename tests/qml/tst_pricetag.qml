import QtQuick
import QtTest
import Shelfscreen.Ui
import Shelfscreen.Test
import "screen.js" as Screen

TestCase {
    id: testCase
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

    // The tag as the card fills it: what ShelfView formatted for the product last lifted.
    Component {
        id: cardTag
        PriceTag {
            width: 800
            available: Shelf.view.card.priceAvailable
            priceText: Shelf.view.card.priceText
            unitText: Shelf.view.card.unitText
            unitPriceText: Shelf.view.card.unitPriceText
            regularPriceText: Shelf.view.card.regularPriceText
            promotionText: Shelf.view.card.promotionText
            priceSize: 100
        }
    }

    function initTestCase() {
        compare(Shelf.addProduct({
            sku: "apples",
            name: {"en": "Yantai Fuji Apples", "zh-CN": "烟台红富士苹果"},
            price: {amount: "12.80", currency: "CNY", unit: "kg", regular: "15.80",
                    promo_until: "2026-12-06T23:59:59+08:00"}
        }), "")
        compare(Shelf.addProduct({
            sku: "milk",
            name: {"en": "Fresh Milk", "zh-CN": "鲜牛奶"},
            price: {amount: "9.90", currency: "CNY", unit: "each"},
            unit_weight_g: 950
        }), "")
    }

    function cleanup() {
        Shelf.view.setLanguage("en")
    }

    // Laid out in the theme's family, which draws Chinese (Noto Sans CJK SC), and not empty.
    function verifyCjk(text) {
        verify(Qt.fontFamilies().indexOf("Noto Sans CJK SC") >= 0, "Noto Sans CJK SC installed")
        compare(Theme.fontFamily, "Noto Sans CJK SC")
        compare(text.font.family, Theme.fontFamily)
        compare(text.fontInfo.family, "Noto Sans CJK SC") // resolved, not a fallback
        verify(text.contentWidth > 0, text.text)
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

    function test_chinesePromotion() {
        Shelf.view.setLanguage("zh-CN")
        Shelf.lift(["apples"])
        const t = createTemporaryObject(cardTag, testCase)
        const price = findText(t, "¥12.80")
        verify(price, "price shown")
        compare(price.objectName, "price")
        compare(price.color, Theme.promotion)
        verify(!price.font.strikeout)
        verifyCjk(price)
        const unit = findText(t, "/千克")
        verify(unit, "unit per kg in Chinese")
        verifyCjk(unit)
        // Chinese shoppers compare per 500 g (one jin), even for a price per kg.
        const unitPrice = findText(t, "¥6.40/500克")
        verify(unitPrice, "unit price per jin")
        verify(unitPrice.width > 0)
        const regular = findText(t, "¥15.80")
        verify(regular, "regular price shown")
        verify(regular.font.strikeout)
        verifyCjk(regular)
        const saving = findText(t, "立省¥3.00 截至12月6日")
        verify(saving, "saving and end date in Chinese")
        verifyCjk(saving)
        // The pill holds the whole saving.
        verify(saving.parent.visible && saving.parent.width > saving.contentWidth)
        verify(!saving.truncated)
        compare(Screen.overlaps(t), [])
        compare(Screen.badTexts(t), [])
        compare(Screen.outside(t), [])
        compare(Screen.texts(t).filter(x => /Save|until|per kg/.test(x.text)), [])
    }

    function test_chineseSwitchesLiveAndBack() {
        Shelf.lift(["apples"])
        const t = createTemporaryObject(cardTag, testCase)
        verify(findText(t, "Save ¥3.00 until 6 Dec"))
        verify(findText(t, "per kg"))
        compare(findText(t, "¥6.40/500克"), null) // English: priced per kg already
        Shelf.view.setLanguage("zh-CN")
        verify(findText(t, "立省¥3.00 截至12月6日"))
        verify(findText(t, "/千克"))
        verify(findText(t, "¥6.40/500克"))
        compare(findText(t, "Save ¥3.00 until 6 Dec"), null)
        Shelf.view.setLanguage("en")
        verify(findText(t, "Save ¥3.00 until 6 Dec"))
        compare(findText(t, "/千克"), null)
    }

    function test_chineseWithoutPromotion() {
        Shelf.view.setLanguage("zh-CN")
        Shelf.lift(["milk"])
        const t = createTemporaryObject(cardTag, testCase)
        const price = findText(t, "¥9.90")
        verify(price)
        compare(price.color, Theme.text)
        verifyCjk(price)
        const unit = findText(t, "/件")
        verify(unit, "unit each in Chinese")
        verifyCjk(unit)
        // Sold each, 950 g: compared per 500 g.
        verify(findText(t, "¥5.21/500克"))
        compare(Screen.texts(t).filter(x => x.font.strikeout), [])
        compare(Screen.texts(t).filter(x => x.text.indexOf("立省") >= 0), [])
        compare(Screen.badTexts(t), [])
    }

    function test_chinesePriceBeingUpdated() {
        Shelf.view.setLanguage("zh-CN")
        const t = createTemporaryObject(tag, this, {available: false, priceText: "价格更新中", unitText: "", regularPriceText: "¥15.80", promotionText: "立省¥3.00"})
        const text = findText(t, "价格更新中")
        verify(text)
        verifyCjk(text)
        verify(text.font.pixelSize < 100)
        compare(findText(t, "¥15.80"), null)
        compare(findText(t, "立省¥3.00"), null)
    }
}
