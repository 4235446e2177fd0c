import QtQuick
import QtTest
import Shelfscreen.Ui

TestCase {
    name: "OriginBadge"
    when: windowShown
    visible: true
    width: 600
    height: 100

    Component {
        id: badge
        OriginBadge {
            width: 400
            countryCode: "NO"
            flag: ""
            originText: "Hitra, Trøndelag · Norway"
            producerText: "Hitra Havbruk AS"
            textSize: 20
        }
    }

    function texts(item, found) {
        if (item.text !== undefined && item.visible)
            found.push(item)
        for (let i = 0; i < item.children.length; ++i)
            texts(item.children[i], found)
        return found
    }
    function shown(item, text) {
        return texts(item, []).some(t => t.text === text)
    }

    function test_codeBadgeWithoutAFlagFont() {
        const b = createTemporaryObject(badge, this)
        verify(shown(b, "NO"))
        verify(shown(b, "Hitra, Trøndelag · Norway"))
        verify(shown(b, "Hitra Havbruk AS"))
    }

    function test_flagReplacesTheCode() {
        const b = createTemporaryObject(badge, this, {flag: "\u{1F1F3}\u{1F1F4}"})
        verify(shown(b, "\u{1F1F3}\u{1F1F4}"))
        verify(!shown(b, "NO"))
    }

    function test_longOriginIsElidedNotClipped() {
        const b = createTemporaryObject(badge, this, {originText: "A very long region name that cannot possibly fit in the width given to it"})
        const origin = texts(b, []).find(t => t.text.startsWith("A very long"))
        verify(origin)
        verify(origin.truncated)
        verify(origin.width <= b.width)
    }

    function test_nothingToSayHidesTheBadge() {
        const b = createTemporaryObject(badge, this, {countryCode: "", originText: "", producerText: ""})
        verify(!b.visible)
    }
}
