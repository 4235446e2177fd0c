import QtQuick
import QtTest
import Shelfscreen.Ui

TestCase {
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
}
