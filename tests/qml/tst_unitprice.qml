import QtQuick
import QtTest
import Shelfscreen.Ui
import Shelfscreen.Test

TestCase {
    name: "UnitPrice"
    when: windowShown
    visible: true
    width: 600
    height: 100

    Component {
        id: unitPrice
        UnitPrice {
            text: "¥168.00 per kg"
            textSize: 30
        }
    }

    function named(item, objectName) {
        if (item.objectName === objectName)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = named(item.children[i], objectName)
            if (found)
                return found
        }
        return null
    }

    // Visible on screen: the item and every parent up to the unit price.
    function shown(item, root) {
        for (let i = item; i && i !== root.parent; i = i.parent) {
            if (!i.visible)
                return false
        }
        return true
    }

    function test_showsTheTextPlainInTheMutedStyle() {
        const u = createTemporaryObject(unitPrice, this)
        const text = named(u, "unitPrice")
        compare(text.text, "¥168.00 per kg")
        compare(text.textFormat, Text.PlainText)
        compare(text.font.pixelSize, 30)
        compare(text.font.weight, Font.Normal)
        compare(text.color, Theme.mutedText)
        verify(shown(text, u))
        verify(text.width > 0)
        verify(u.implicitWidth >= text.implicitWidth)
        verify(u.implicitHeight > 0)
        verify(!shown(named(u, "bestUnitPrice"), u))
        compare(u.implicitWidth, text.implicitWidth) // no room kept for a mark that is not there
    }

    function test_bestIsMarkedAndStandsOut() {
        const u = createTemporaryObject(unitPrice, this, {best: true})
        const text = named(u, "unitPrice")
        const mark = named(u, "bestUnitPrice")
        verify(shown(mark, u))
        compare(mark.text, "Best value")
        compare(mark.textFormat, Text.PlainText)
        verify(mark.width > 0)
        compare(text.font.weight, Font.Bold)
        compare(text.color, Theme.accent)
        // The mark's pill sits beside the text, not over it.
        const pill = mark.parent
        verify(pill.x >= text.x + text.width)
        verify(u.implicitWidth >= text.implicitWidth + pill.width)
    }

    function test_noUnitPriceTakesNoRoom() {
        const u = createTemporaryObject(unitPrice, this, {text: ""})
        verify(!u.visible)
        compare(u.implicitHeight, 0)
        compare(u.implicitWidth, 0)
    }

    function test_bestWithoutATextShowsOnlyTheMark() {
        // A product priced per kg has no separate unit price, yet can be the better buy.
        const u = createTemporaryObject(unitPrice, this, {text: "", best: true})
        verify(u.visible)
        verify(!named(u, "unitPrice").visible)
        const pill = named(u, "bestUnitPrice").parent
        compare(pill.x, 0) // no gap left for the empty text
        compare(u.implicitWidth, pill.width)
    }

    function cleanup() {
        Shelf.view.setLanguage("en")
    }

    // The mark is the component's own text, translated as the display switches language.
    function test_markInEachLanguage() {
        const u = createTemporaryObject(unitPrice, this, {text: "¥6.40/500克", best: true})
        const mark = named(u, "bestUnitPrice")
        compare(mark.text, "Best value")
        const englishWidth = mark.parent.width
        Shelf.view.setLanguage("zh-CN")
        compare(mark.text, "更划算")
        verify(mark.width > 0)
        verify(mark.parent.width !== englishWidth) // the pill follows its text
        Shelf.view.setLanguage("en")
        compare(mark.text, "Best value")
    }

    function test_markupIsShownAsText() {
        const u = createTemporaryObject(unitPrice, this, {text: "<b>¥1</b>"})
        compare(named(u, "unitPrice").text, "<b>¥1</b>")
        compare(named(u, "unitPrice").textFormat, Text.PlainText)
    }
}
