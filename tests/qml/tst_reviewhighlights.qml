import QtQuick
import QtTest
import Shelfscreen.Ui
import Shelfscreen.Test
import "screen.js" as Screen

TestCase {
    id: testCase
    name: "ReviewHighlights"
    when: windowShown
    visible: true
    width: 600
    height: 200

    Component {
        id: reviews
        ReviewHighlights {
            width: 500
            highlights: ["Crisp and sweet", "Great for juicing"]
            textSize: 20
        }
    }

    // The highlights as the card fills them: what ShelfView picked for the product last lifted,
    // in the display language.
    Component {
        id: cardReviews
        ReviewHighlights {
            width: 500
            highlights: Shelf.view.card.highlights
            textSize: 20
        }
    }

    TextMetrics {
        id: metrics
    }

    readonly property string longChinese: "又脆又甜，汁水很多，一家人都喜欢吃，下次还会再买。".repeat(12)
    readonly property string chineseMarkup: "<b>很甜</b><img src='http://example.com/x.png'>推荐"

    function initTestCase() {
        compare(Shelf.addProduct({
            sku: "apples",
            name: {"en": "Yantai Fuji Apples", "zh-CN": "烟台红富士苹果"},
            price: {amount: "12.80", currency: "CNY", unit: "kg"},
            reviews: {rating: 4.6, count: 1284, highlights: [
                {rating: 5, text: {"zh-CN": "又脆又甜，汁水很多", "en": "Crisp, sweet and very juicy"}},
                {rating: 4, text: {"zh-CN": "个头均匀，包装很好", "en": "Even size, well packed"}}]}
        }), "")
        compare(Shelf.addProduct({
            sku: "long",
            name: {"en": "Gift Box Apples", "zh-CN": "礼盒苹果"},
            price: {amount: "68.00", currency: "CNY"},
            reviews: {rating: 5, count: 2, highlights: [
                {rating: 5, text: {"zh-CN": longChinese}}]}
        }), "")
        compare(Shelf.addProduct({
            sku: "markup",
            name: {"en": "Pears", "zh-CN": "梨"},
            price: {amount: "9.80", currency: "CNY", unit: "kg"},
            reviews: {rating: 4, count: 1, highlights: [
                {rating: 4, text: {"zh-CN": chineseMarkup}}]}
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

    // How wide the text is drawn in this font on one line.
    function advance(font, text) {
        metrics.font = font
        metrics.text = text
        return metrics.advanceWidth
    }

    function quote(item) {
        return item.children[0].text
    }

    function test_showsOneHighlightQuoted() {
        const r = createTemporaryObject(reviews, this)
        compare(quote(r), "“Crisp and sweet”")
    }

    function test_rotatesToTheNext() {
        const r = createTemporaryObject(reviews, this)
        r.current = 1
        compare(quote(r), "“Great for juicing”")
    }

    function test_noHighlightsHidesIt() {
        const r = createTemporaryObject(reviews, this, {highlights: []})
        verify(!r.visible)
    }

    function test_markupInAReviewIsShownAsText() {
        const r = createTemporaryObject(reviews, this, {highlights: ["<b>bold</b> <img src='http://example.com/x.png'>"]})
        compare(r.children[0].textFormat, Text.PlainText)
        verify(quote(r).indexOf("<b>") >= 0)
    }

    function test_longReviewWrapsToTwoLinesAndElides() {
        const r = createTemporaryObject(reviews, this, {highlights: ["word ".repeat(200)]})
        verify(r.children[0].lineCount <= 2)
        verify(r.children[0].truncated)
    }

    function test_chineseHighlightsRotate() {
        Shelf.view.setLanguage("zh-CN")
        Shelf.lift(["apples"])
        const r = createTemporaryObject(cardReviews, testCase)
        verify(r.visible)
        compare(quote(r), "“又脆又甜，汁水很多”")
        verifyCjk(r.children[0])
        compare(r.children[0].lineCount, 1)
        verify(!r.children[0].truncated)
        r.current = 1
        compare(quote(r), "“个头均匀，包装很好”")
        verifyCjk(r.children[0])
    }

    function test_longChineseReviewIsElidedInsideItsWidth() {
        Shelf.view.setLanguage("zh-CN")
        Shelf.lift(["long"])
        const r = createTemporaryObject(cardReviews, testCase)
        const text = r.children[0]
        verify(text.text.startsWith("“又脆又甜，汁水很多，"))
        verifyCjk(text)
        // Chinese has no spaces; it still wraps, to two lines, and ends in an ellipsis.
        compare(text.lineCount, 2)
        verify(text.truncated)
        verify(text.contentWidth <= r.width + 0.5)
        verify(text.contentWidth > r.width * 0.8) // the lines are filled, not cut short
        verify(r.implicitHeight < text.font.pixelSize * 4)
        compare(Screen.outside(r), [])
    }

    function test_markupInAChineseReviewIsShownAsText() {
        Shelf.view.setLanguage("zh-CN")
        Shelf.lift(["markup"])
        const r = createTemporaryObject(cardReviews, testCase)
        const text = r.children[0]
        compare(quote(r), "“" + chineseMarkup + "”")
        compare(text.textFormat, Text.PlainText)
        verifyCjk(text)
        // Every character of the markup is drawn: as wide as the whole string, not as the
        // words without their tags (and no picture).
        const plain = advance(text.font, quote(r))
        const styled = advance(text.font, "“很甜推荐”")
        compare(text.lineCount, 2)
        verify(text.contentWidth > styled * 1.5)
        verify(text.contentWidth <= r.width + 0.5)
        verify(plain > r.width) // it takes two lines because all its characters are drawn
    }

    function test_switchingToChineseAndBack() {
        Shelf.lift(["apples"])
        const r = createTemporaryObject(cardReviews, testCase)
        compare(quote(r), "“Crisp, sweet and very juicy”")
        Shelf.view.setLanguage("zh-CN")
        compare(quote(r), "“又脆又甜，汁水很多”")
        verifyCjk(r.children[0])
        Shelf.view.setLanguage("en")
        compare(quote(r), "“Crisp, sweet and very juicy”")
    }
}
