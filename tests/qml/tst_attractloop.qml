import QtQuick
import QtTest
import Shelfscreen.Ui
import Shelfscreen.Test
import "screen.js" as Screen

// The attract loop as the display fills it: the shelf's products from the catalog and the
// operator's attract.toml, in the shelf's language.
TestCase {
    id: testCase
    name: "AttractLoop"
    when: windowShown
    visible: true
    width: 1920
    height: 1920

    Component {
        id: loopComponent
        AttractLoop {
            id: loopItem
            shape: loopItemShape.shape
            slides: Shelf.view.attract
            products: Shelf.view.products
            invitation: Shelf.view.attract.invitation
            feedLive: true
            running: true
            width: 1920
            height: 1080
            // As Main.qml decides it for the window.
            DisplayShape {
                id: loopItemShape
                width: loopItem.width
                height: loopItem.height
            }
        }
    }

    readonly property string operatorContent: '
invitation = { en = "Pick one up and see", "zh-CN" = "拿起来看看" }

[[slide]]
kind = "promotion"
title = { en = "Apple week", "zh-CN" = "苹果周" }
text = { en = "Crisp from Yantai", "zh-CN" = "烟台脆苹果" }
sku = "apples"
duration_s = 2

[[slide]]
kind = "product"
sku = "bread"
duration_s = 2

[[slide]]
kind = "products"
duration_s = 60
'

    function initTestCase() {
        compare(Shelf.addProduct({
            sku: "apples",
            name: {"en": "Yantai Fuji Apples", "zh-CN": "烟台红富士苹果"},
            price: {amount: "12.80", currency: "CNY", unit: "kg", regular: "15.80",
                    promo_until: "2026-12-06T23:59:59+08:00"}
        }), "")
        compare(Shelf.addProduct({sku: "bread", name: "Plain Bread",
                                  price: {amount: "6.50", currency: "CNY"}}), "")
    }

    function init() {
        Shelf.view.setLanguage("en")
        compare(Shelf.setAttract(""), "") // no file: the shelf's products
    }

    function cleanupTestCase() {
        Shelf.view.setLanguage("en")
    }

    function makeLoop(properties) {
        const loop = createTemporaryObject(loopComponent, testCase, properties || {})
        verify(loop)
        waitForRendering(loop)
        return loop
    }

    function test_withoutAFileTheShelfsProductsAreShownUnderTheBuiltInInvitation() {
        const loop = makeLoop()
        compare(Screen.named(loop, "slides").count, 1)
        compare(Screen.named(loop, "invitation").text,
                "Pick up a product to see its price, origin and reviews")
        tryVerify(() => Screen.textShown(loop, "Yantai Fuji Apples") !== null)
        verify(Screen.textShown(loop, "Plain Bread"))
        verify(Screen.textShown(loop, "¥6.50"))
        compare(Screen.badTexts(loop), [])
    }

    function test_theOperatorsSlidesPlayInOrderForTheirDurations() {
        compare(Shelf.setAttract(operatorContent), "")
        const loop = makeLoop()
        const slides = Screen.named(loop, "slides")
        compare(slides.count, 3)
        compare(Screen.named(loop, "invitation").text, "Pick one up and see")
        compare(slides.currentIndex, 0)
        // The promotion names the apples: their live price, the regular one struck through.
        const promotion = slides.currentItem
        verify(Screen.textShown(promotion, "Apple week"))
        verify(Screen.textShown(promotion, "Crisp from Yantai"))
        verify(Screen.textShown(promotion, "¥12.80"))
        verify(Screen.textShown(promotion, "¥15.80").font.strikeout)
        // Two seconds each, then the next.
        tryCompare(slides, "currentIndex", 1, 4000)
        const product = slides.currentItem
        verify(Screen.textShown(product, "Plain Bread")) // a product slide's title is its name
        verify(Screen.textShown(product, "¥6.50"))
        tryCompare(slides, "currentIndex", 2, 4000)
        // The products slide is on for a minute: still there a little later.
        wait(2500)
        compare(slides.currentIndex, 2)
    }

    function test_aPromotionWithoutAProductShowsNoPriceAndThePlaceholderPicture() {
        compare(Shelf.setAttract('[[slide]]\nkind = "promotion"\ntitle = "Tasting at noon"\n'
                                 + 'image = "promotions/missing.png"\n'), "")
        const loop = makeLoop()
        const slide = Screen.named(loop, "slides").currentItem
        verify(Screen.textShown(slide, "Tasting at noon"))
        compare(Screen.texts(slide).map(t => t.text), ["Tasting at noon"])
        compare(Screen.badTexts(loop), [])
        const picture = Screen.named(slide, "featureImage")
        verify(picture.visible && picture.width > 0)
    }

    function test_aProductSlideWaitsForItsProductToReachTheCatalog() {
        compare(Shelf.setAttract('[[slide]]\nkind = "product"\nsku = "fish"\n'
                                 + '[[slide]]\nkind = "products"\n', ["fish"]), "")
        const loop = makeLoop()
        const slides = Screen.named(loop, "slides")
        compare(slides.count, 1)
        compare(Screen.texts(loop).filter(t => t.text.indexOf("Let us find") >= 0).length, 0)
        compare(Shelf.addProduct({sku: "fish", name: "Sea Bass",
                                  price: {amount: "45.00", currency: "CNY", unit: "kg"}}), "")
        compare(slides.count, 2)
        compare(slides.currentIndex, 0)
        tryVerify(() => Screen.textShown(slides.currentItem, "Sea Bass") !== null)
        verify(Screen.textShown(slides.currentItem, "¥45.00"))
    }

    function test_theProductsStripMovesOnAtTheOperatorsPace() {
        compare(Shelf.setAttract('[[slide]]\nkind = "products"\ntile_s = 1\n'), "")
        const loop = makeLoop()
        const tiles = Screen.named(loop, "tiles")
        tryVerify(() => tiles.count >= 2)
        compare(tiles.currentIndex, 0)
        tryCompare(tiles, "currentIndex", 1, 1800) // the built-in pace would take 4 s
    }

    function test_aNewFileStartsFromTheFirstSlide() {
        compare(Shelf.setAttract(operatorContent), "")
        const loop = makeLoop()
        const slides = Screen.named(loop, "slides")
        tryCompare(slides, "currentIndex", 1, 4000)
        compare(Shelf.setAttract(operatorContent), "")
        compare(slides.currentIndex, 0)
    }

    function test_aBrokenFileIsRefusedWithItsLine() {
        verify(Shelf.setAttract('[[slide]]\nkind = "video"\n').startsWith(
                   "attract.toml:2:8: slide.kind \"video\""))
        verify(Shelf.setAttract('[[slide]]\nkind = "product"\nsku = "nothere"\n').startsWith(
                   "attract.toml:3:7: slide.sku \"nothere\" is not on this shelf"))
    }

    function test_chinese() {
        compare(Shelf.setAttract(operatorContent), "")
        Shelf.view.setLanguage("zh-CN")
        const loop = makeLoop()
        compare(Screen.named(loop, "invitation").text, "拿起来看看")
        const slide = Screen.named(loop, "slides").currentItem
        verify(Screen.textShown(slide, "苹果周"))
        verify(Screen.textShown(slide, "烟台脆苹果"))
        verify(Screen.textShown(slide, "¥12.80"))
        // The built-in invitation is translated too.
        compare(Shelf.setAttract(""), "")
        compare(Screen.named(loop, "invitation").text, "拿起商品，查看价格、产地和评价")
    }

    function test_aLongTitleIsElidedInsideTheScreen() {
        compare(Shelf.setAttract('[[slide]]\nkind = "promotion"\ntitle = "'
                                 + "A very long promotion title that goes on and on ".repeat(4)
                                 + '"\nsku = "apples"\n'), "")
        const loop = makeLoop()
        const title = Screen.named(loop, "featureTitle")
        verify(title.truncated)
        compare(Screen.outside(loop), [])
    }

    // The operator's two feature slides (a promotion and a product); the products strip scrolls
    // its tiles through a clipped view on purpose.
    function test_everyShapeKeepsTextsInsideAndApart_data() {
        const shapes = [[1920, 1080], [1280, 800], [1920, 540], [1920, 360], [1080, 1920]]
        const rows = []
        for (const [w, h] of shapes)
            for (const language of ["en", "zh-CN"])
                for (const slide of [0, 1])
                    rows.push({tag: w + "x" + h + " " + language + " slide " + slide,
                               width: w, height: h, language: language, slide: slide})
        return rows
    }

    function test_everyShapeKeepsTextsInsideAndApart(data) {
        compare(Shelf.setAttract(operatorContent), "")
        Shelf.view.setLanguage(data.language)
        const loop = makeLoop({width: data.width, height: data.height, running: false,
                               current: data.slide})
        const slides = Screen.named(loop, "slides")
        tryCompare(slides, "currentIndex", data.slide)
        waitForRendering(loop)
        // The slide on screen; its neighbours wait, clipped, beside it.
        compare(Screen.outside(slides.currentItem), [])
        compare(Screen.overlaps(slides.currentItem), [])
        compare(Screen.badTexts(slides.currentItem), [])
        const invitation = Screen.named(loop, "invitation")
        verify(!invitation.truncated, invitation.text)
    }
}
