import QtQuick
import QtTest
import Shelfscreen.Ui
import Shelfscreen.Test
import "screen.js" as Screen

TestCase {
    id: testCase
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

    // The badge as the card fills it: what ShelfView formatted for the product last lifted.
    Component {
        id: cardBadge
        OriginBadge {
            width: 400
            countryCode: Shelf.view.card.countryCode
            flag: Shelf.view.card.flag
            originText: Shelf.view.card.originText
            producerText: Shelf.view.card.producerText
            textSize: 20
        }
    }

    // A date this many days ago, as the feed writes it, in the display's own time zone.
    function daysAgo(days) {
        const d = new Date()
        d.setDate(d.getDate() - days)
        const two = n => (n < 10 ? "0" : "") + n
        return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate())
    }

    function initTestCase() {
        compare(Shelf.addProduct({
            sku: "apples",
            name: {"en": "Yantai Fuji Apples", "zh-CN": "烟台红富士苹果"},
            price: {amount: "12.80", currency: "CNY", unit: "kg"},
            origin: {country: "CN", region: {"en": "Yantai, Shandong", "zh-CN": "山东烟台"},
                     producer: "栖霞果园合作社", harvested: daysAgo(3)}
        }), "")
        compare(Shelf.addProduct({
            sku: "longorigin",
            name: {"en": "Highland Tea", "zh-CN": "高山茶"},
            price: {amount: "88.00", currency: "CNY", unit: "100g"},
            origin: {country: "CN", region: {"en": "Xishuangbanna", "zh-CN": "云南省西双版纳傣族自治州勐海县布朗山乡老班章村古茶园"},
                     producer: "西双版纳勐海县布朗山乡老班章村古树茶叶农民专业合作社联合社"}
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

    function find(item, text) {
        return texts(item, []).find(t => t.text === text) || null
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

    function test_chineseOriginWithFlagOrCode() {
        Shelf.view.setLanguage("zh-CN")
        Shelf.lift(["apples"])
        const b = createTemporaryObject(cardBadge, testCase)
        verify(b.visible)
        const origin = find(b, "山东烟台 · 中国")
        verify(origin, "region and country in Chinese")
        verifyCjk(origin)
        verify(!origin.truncated)
        const producer = find(b, "栖霞果园合作社 · 3天前采摘")
        verify(producer, "producer and days since harvest in Chinese")
        verifyCjk(producer)
        // The flag where the colour emoji font can draw it, the code otherwise; never both.
        const haveEmoji = Qt.fontFamilies().indexOf("Noto Color Emoji") >= 0
        compare(Shelf.view.card.flag, haveEmoji ? "\u{1F1E8}\u{1F1F3}" : "")
        const mark = haveEmoji ? find(b, "\u{1F1E8}\u{1F1F3}") : find(b, "CN")
        verify(mark, "flag or country code shown")
        verify(mark.contentWidth > 0)
        compare(find(b, haveEmoji ? "CN" : "\u{1F1E8}\u{1F1F3}"), null)
        // The words beside the mark, not over it.
        const markRight = (haveEmoji ? mark : mark.parent).mapToItem(b, 0, 0).x + (haveEmoji ? mark.width : mark.parent.width)
        verify(origin.mapToItem(b, 0, 0).x >= markRight)
        compare(Screen.overlaps(b), [])
        compare(Screen.outside(b), [])
    }

    function test_chineseBesideTheCodeBadge() {
        // No colour emoji font: the view gives no flag and the badge says CN.
        Shelf.view.setLanguage("zh-CN")
        Shelf.lift(["apples"])
        const b = createTemporaryObject(cardBadge, testCase, {flag: ""})
        const code = find(b, "CN")
        verify(code, "country code badge")
        verifyCjk(code)
        const badge = code.parent
        verify(badge.width > code.contentWidth)
        const origin = find(b, "山东烟台 · 中国")
        verify(origin)
        verifyCjk(origin)
        verify(origin.mapToItem(b, 0, 0).x >= badge.x + badge.width)
        compare(Screen.overlaps(b), [])
    }

    function test_longChineseOriginIsElided() {
        Shelf.view.setLanguage("zh-CN")
        Shelf.lift(["longorigin"])
        const b = createTemporaryObject(cardBadge, testCase)
        const origin = texts(b, []).find(t => t.text.startsWith("云南省西双版纳"))
        verify(origin)
        compare(origin.text, "云南省西双版纳傣族自治州勐海县布朗山乡老班章村古茶园 · 中国")
        verifyCjk(origin)
        verify(origin.truncated)
        compare(origin.lineCount, 1)
        verify(origin.contentWidth <= origin.width + 0.5)
        verify(origin.mapToItem(b, 0, 0).x + origin.width <= b.width + 0.5)
        const producer = texts(b, []).find(t => t.text.startsWith("西双版纳勐海县"))
        verify(producer)
        verifyCjk(producer)
        verify(producer.truncated)
        verify(producer.contentWidth <= producer.width + 0.5)
        compare(Screen.outside(b), [])
    }

    function test_switchingToChineseAndBack() {
        Shelf.lift(["apples"])
        const b = createTemporaryObject(cardBadge, testCase)
        verify(find(b, "Yantai, Shandong · China"))
        verify(find(b, "栖霞果园合作社 · harvested 3 days ago"))
        Shelf.view.setLanguage("zh-CN")
        verify(find(b, "山东烟台 · 中国"))
        verify(find(b, "栖霞果园合作社 · 3天前采摘"))
        compare(find(b, "Yantai, Shandong · China"), null)
        Shelf.view.setLanguage("en")
        verify(find(b, "Yantai, Shandong · China"))
    }
}
