import QtQuick
import QtTest
import Shelfscreen.Ui
import Shelfscreen.Test

TestCase {
    id: testCase
    name: "RatingStars"
    when: windowShown
    visible: true
    width: 600
    height: 100

    Component {
        id: stars
        RatingStars {
            rating: 3.5
            countText: "3.5 · 120 reviews"
            starSize: 40
        }
    }

    // The stars as the card fills them: what ShelfView formatted for the product last lifted.
    Component {
        id: cardStars
        RatingStars {
            rating: Shelf.view.card.rating
            countText: Shelf.view.card.reviewCountText
            starSize: 40
        }
    }

    function initTestCase() {
        compare(Shelf.addProduct({
            sku: "apples",
            name: {"en": "Yantai Fuji Apples", "zh-CN": "烟台红富士苹果"},
            price: {amount: "12.80", currency: "CNY", unit: "kg"},
            reviews: {rating: 4.6, count: 1284}
        }), "")
        compare(Shelf.addProduct({
            sku: "mangoes",
            name: {"en": "Hainan Mangoes", "zh-CN": "海南芒果"},
            price: {amount: "12.90", currency: "CNY", unit: "each"},
            reviews: {rating: 3.5, count: 1}
        }), "")
    }

    function cleanup() {
        Shelf.view.setLanguage("en")
    }

    // The count beside the stars.
    function countText(item) {
        return item.children[1]
    }

    // Laid out in the theme's family, which draws Chinese (Noto Sans CJK SC), and not empty.
    function verifyCjk(text) {
        verify(Qt.fontFamilies().indexOf("Noto Sans CJK SC") >= 0, "Noto Sans CJK SC installed")
        compare(Theme.fontFamily, "Noto Sans CJK SC")
        compare(text.font.family, Theme.fontFamily)
        compare(text.fontInfo.family, "Noto Sans CJK SC") // resolved, not a fallback
        verify(text.contentWidth > 0, text.text)
    }

    // The filled part of each star is the clipping item inside it.
    function filledWidths(item) {
        const row = item.children[0]
        const widths = []
        for (let i = 0; i < row.children.length; ++i) {
            const star = row.children[i]
            if (star.children.length === 2)
                widths.push(star.children[1].width)
        }
        return widths
    }

    function test_partialStars() {
        const s = createTemporaryObject(stars, this)
        compare(filledWidths(s), [40, 40, 40, 20, 0])
    }

    function test_fullAndEmpty() {
        compare(filledWidths(createTemporaryObject(stars, this, {rating: 5})), [40, 40, 40, 40, 40])
        compare(filledWidths(createTemporaryObject(stars, this, {rating: 0})), [0, 0, 0, 0, 0])
    }

    function test_chineseCountAndPartialStars() {
        Shelf.view.setLanguage("zh-CN")
        Shelf.lift(["apples"])
        const s = createTemporaryObject(cardStars, testCase)
        compare(filledWidths(s).map(w => Math.round(w * 10) / 10), [40, 40, 40, 40, 24])
        const count = countText(s)
        compare(count.text, "4.6 · 1284条评价")
        compare(count.textFormat, Text.PlainText)
        verify(count.visible)
        verifyCjk(count)
        // Beside the stars, not over them.
        verify(count.x >= s.children[0].x + s.children[0].width)
        verify(s.implicitWidth >= count.x + count.contentWidth)
    }

    function test_chineseSingleReviewAndSwitchBack() {
        Shelf.lift(["mangoes"])
        const s = createTemporaryObject(cardStars, testCase)
        compare(countText(s).text, "3.5 · 1 review")
        const englishWidth = countText(s).contentWidth
        Shelf.view.setLanguage("zh-CN")
        compare(countText(s).text, "3.5 · 1条评价")
        verifyCjk(countText(s))
        verify(countText(s).contentWidth !== englishWidth) // laid out again for the new text
        compare(filledWidths(s), [40, 40, 40, 20, 0])
        Shelf.view.setLanguage("en")
        compare(countText(s).text, "3.5 · 1 review")
    }
}
