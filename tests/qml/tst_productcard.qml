import QtQuick
import QtTest
import Shelfscreen.Ui
import Shelfscreen.Test
import "screen.js" as Screen

// The card as the display fills it: records as the feed sends them, formatted by ShelfView in
// the shelf's language.
TestCase {
    id: testCase
    name: "ProductCard"
    when: windowShown
    visible: true
    width: 1920
    height: 1920

    Component {
        id: cardComponent
        ProductCard {
            id: cardItem
            shape: cardItemShape.shape
            card: Shelf.view.card
            width: 1920
            height: 1080
            // As Main.qml decides it for the window.
            DisplayShape {
                id: cardItemShape
                width: cardItem.width
                height: cardItem.height
            }
        }
    }

    // A date this many days ago, as the feed writes it, in the display's own time zone.
    function daysAgo(days) {
        const d = new Date()
        d.setDate(d.getDate() - days)
        const two = n => (n < 10 ? "0" : "") + n
        return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate())
    }

    readonly property var products: [
        {
            sku: "apples",
            name: {"en": "Yantai Fuji Apples", "zh-CN": "烟台红富士苹果"},
            price: {amount: "12.80", currency: "CNY", unit: "kg", regular: "15.80",
                    promo_until: "2026-12-06T23:59:59+08:00"},
            origin: {country: "CN", region: {"en": "Yantai, Shandong", "zh-CN": "山东烟台"},
                     producer: "Qixia Orchard Co-op", harvested: daysAgo(3)},
            reviews: {rating: 4.6, count: 1284, highlights: [
                {rating: 5, text: {"zh-CN": "又脆又甜，汁水很多", "en": "Crisp, sweet and very juicy"}}]},
            tags: ["local", "seasonal"]
        },
        {
            sku: "bread",
            name: "Plain Bread",
            price: {amount: "6.50", currency: "CNY"}
        },
        {
            sku: "broken-image",
            name: "Rye Bread",
            price: {amount: "8.00", currency: "CNY"},
            image: "images/not-there.png"
        },
        {
            sku: "cheese",
            name: "Gouda",
            price: {amount: "20.00", currency: "CNY", regular: "25.00"}
        },
        {
            sku: "mangoes",
            name: {"en": "Hainan Mangoes", "zh-CN": "海南芒果"},
            price: {amount: "12.90", currency: "CNY", unit: "each"},
            unit_weight_g: 250,
            reviews: {rating: 3.5, count: 7}
        },
        {
            sku: "long",
            name: "Extra Large Hand-Picked Organic Free-Range Heritage Breed Tomatoes on the Vine from the Sunny Southern Hills, Family Pack of Twelve",
            price: {amount: "19.90", currency: "CNY", unit: "kg"},
            origin: {country: "ES", region: "Almería, Andalucía", producer: "Cooperativa Agrícola del Sur de Almería Sociedad Cooperativa Andaluza"},
            reviews: {rating: 4.2, count: 35, highlights: [
                {rating: 4, text: "These tomatoes are wonderful ".repeat(30)}]},
            tags: ["organic", "imported"]
        }
    ]

    function initTestCase() {
        for (const product of products)
            compare(Shelf.addProduct(product), "", product.sku)
    }

    function init() {
        Shelf.view.setLanguage("en")
    }

    // Lays out what changed: every layout under item that waits for its polish gets it.
    function settle(item) {
        if (isPolishScheduled(item))
            verify(waitForItemPolished(item))
        for (let i = 0; i < item.children.length; ++i)
            settle(item.children[i])
    }

    function showCard(sku, properties) {
        Shelf.lift([sku])
        compare(Shelf.view.card.sku, sku)
        const card = createTemporaryObject(cardComponent, testCase, properties || {})
        verify(card)
        settle(card)
        return card
    }

    function ratingStars(item) {
        if (item.countText !== undefined && item.starSize !== undefined)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = ratingStars(item.children[i])
            if (found)
                return found
        }
        return null
    }

    // The filled part of each star: the clipping item over the empty star.
    function filledFractions(stars) {
        const row = stars.children[0]
        const fractions = []
        for (let i = 0; i < row.children.length; ++i) {
            const star = row.children[i]
            if (star.children.length === 2)
                fractions.push(Math.round(star.children[1].width / stars.starSize * 100) / 100)
        }
        return fractions
    }

    function test_promotionStrikesTheRegularPriceAndSaysWhenItEnds() {
        const card = showCard("apples")
        const price = Screen.named(card, "price")
        compare(price.text, "¥12.80")
        compare(price.color, Theme.promotion)
        const regular = Screen.textShown(card, "¥15.80")
        verify(regular, "regular price shown")
        verify(regular.font.strikeout)
        verify(!price.font.strikeout)
        const saving = Screen.textShown(card, "Save ¥3.00 until 6 Dec")
        verify(saving, "saving and end date shown")
        verify(saving.width > 0)
        verify(saving.parent.visible && saving.parent.width > saving.width)
        verify(Screen.textShown(card, "per kg"))
        // Priced per kg already: there is no separate unit price to show, and no room is kept.
        verify(!Screen.named(card, "unitPrice").visible)
    }

    function test_promotionWithoutAnEndDate() {
        const card = showCard("cheese")
        verify(Screen.textShown(card, "¥25.00").font.strikeout)
        verify(Screen.textShown(card, "Save ¥5.00"))
        compare(Screen.texts(card).filter(t => t.text.indexOf("until") >= 0).length, 0)
    }

    function test_noPromotionNoStrikeout() {
        const card = showCard("mangoes")
        compare(Screen.named(card, "price").color, Theme.text)
        compare(Screen.texts(card).filter(t => t.font.strikeout).length, 0)
        compare(Screen.texts(card).filter(t => t.text.startsWith("Save")).length, 0)
    }

    function test_missingOptionalFieldsLeaveNoGapsOrPlaceholdersInText() {
        const card = showCard("bread")
        // Only what the record says, and nothing else takes a place on screen.
        compare(Screen.texts(card).map(t => t.text), ["Plain Bread", "¥6.50", "each"])
        compare(Screen.badTexts(card), [])
        compare(Screen.emptyBoxes(card), [])
        verify(!Screen.named(card, "unitPrice").visible)
        verify(!Screen.named(card, "secondaryName").visible)
        verify(!ratingStars(card).visible)
        // No picture: the placeholder tile with its mark, not a broken image.
        const image = Screen.named(card, "image")
        verify(image.visible)
        verify(image.width > 0 && image.height > 0)
        compare(image.children[0].status, Image.Null)
        verify(!image.children[0].visible)
        verify(image.children[1].visible)
    }

    function test_aPictureThatCannotBeLoadedShowsThePlaceholder() {
        const card = showCard("broken-image")
        const image = Screen.named(card, "image")
        verify(image.visible && image.width > 0)
        verify(image.children[0].status !== Image.Ready)
        verify(!image.children[0].visible)
        verify(image.children[1].visible)
        compare(Screen.badTexts(card), [])
    }

    function test_partialStarsAndTheUnitPrice() {
        const card = showCard("mangoes")
        const stars = ratingStars(card)
        verify(stars.visible)
        compare(filledFractions(stars), [1, 1, 1, 0.5, 0])
        verify(Screen.textShown(card, "3.5 · 7 reviews"))
        const unitPrice = Screen.named(card, "unitPrice")
        verify(unitPrice.visible)
        compare(unitPrice.text, "¥51.60 per kg")
        verify(unitPrice.width > 0)
        verify(!Screen.named(card, "bestUnitPrice").visible) // the card compares with nothing

        const apples = showCard("apples")
        compare(filledFractions(ratingStars(apples)), [1, 1, 1, 1, 0.6])
        verify(Screen.textShown(apples, "4.6 · 1284 reviews"))
    }

    function test_longNameAndReviewAreCutOnPurpose() {
        const card = showCard("long")
        const name = Screen.named(card, "name")
        verify(name.truncated)
        compare(name.lineCount, 2)
        verify(name.text.startsWith("Extra Large"))
        const review = Screen.texts(card).find(t => t.text.startsWith("“These tomatoes"))
        verify(review)
        verify(review.truncated)
        compare(review.lineCount, 2)
        const producer = Screen.textShown(card, "Cooperativa Agrícola del Sur de Almería Sociedad Cooperativa Andaluza")
        verify(producer)
        compare(Screen.outside(card), [])
        // A name that fits is shown whole.
        const apples = showCard("apples")
        verify(!Screen.named(apples, "name").truncated)
    }

    function test_chinese() {
        const card = showCard("apples")
        Shelf.view.setLanguage("zh-CN")
        settle(card)
        compare(Screen.named(card, "name").text, "烟台红富士苹果")
        compare(Screen.named(card, "secondaryName").text, "Yantai Fuji Apples")
        compare(Screen.named(card, "price").text, "¥12.80")
        verify(Screen.textShown(card, "/千克"))
        verify(Screen.textShown(card, "¥15.80").font.strikeout)
        verify(Screen.textShown(card, "立省¥3.00 截至12月6日"))
        // Chinese shoppers compare per 500 g (one jin), even for a price per kg.
        const unitPrice = Screen.named(card, "unitPrice")
        verify(unitPrice.visible)
        compare(unitPrice.text, "¥6.40/500克")
        verify(Screen.textShown(card, "山东烟台 · 中国"))
        verify(Screen.textShown(card, "Qixia Orchard Co-op · 3天前采摘"))
        verify(Screen.textShown(card, "4.6 · 1284条评价"))
        verify(Screen.textShown(card, "“又脆又甜，汁水很多”"))
        verify(Screen.textShown(card, "本地"))
        verify(Screen.textShown(card, "当季"))
        compare(Screen.badTexts(card), [])

        // And back, on the card already shown.
        Shelf.view.setLanguage("en")
        settle(card)
        compare(Screen.named(card, "name").text, "Yantai Fuji Apples")
        compare(Screen.named(card, "secondaryName").text, "烟台红富士苹果")
        verify(Screen.textShown(card, "Save ¥3.00 until 6 Dec"))
        verify(Screen.textShown(card, "Yantai, Shandong · China"))
        verify(Screen.textShown(card, "Qixia Orchard Co-op · harvested 3 days ago"))
        verify(Screen.textShown(card, "local"))
        verify(!unitPrice.visible)
    }

    function test_shapes_data() {
        const rows = []
        for (const shape of [[1920, 1080], [1280, 800], [1920, 540], [1920, 360], [1080, 1920]]) {
            for (const language of ["en", "zh-CN"]) {
                for (const sku of ["apples", "long", "bread", "mangoes"])
                    rows.push({tag: shape[0] + "x" + shape[1] + " " + language + " " + sku,
                               width: shape[0], height: shape[1], language: language, sku: sku})
            }
        }
        return rows
    }

    function test_shapes(data) {
        Shelf.view.setLanguage(data.language)
        const card = showCard(data.sku, {width: data.width, height: data.height})
        verify(Screen.texts(card).length >= 3)
        compare(Screen.outside(card), [], "texts outside the card")
        compare(Screen.overlaps(card), [], "texts over each other")
        compare(Screen.badTexts(card), [])
        compare(Screen.emptyBoxes(card), [])
        const price = Screen.named(card, "price")
        verify(price.visible)
        verify(!price.truncated)
        // Readable from 1.5 m: at least 8 % of the height on 16:9, 25 % on a bar.
        if (!card.portrait)
            verify(price.font.pixelSize >= data.height * (card.bar ? 0.25 : 0.08), price.font.pixelSize)
        const name = Screen.named(card, "name")
        verify(name.visible && name.width > 0)
        compare(name.truncated, data.sku === "long")
        compare(name.lineCount <= (card.bar ? 1 : 2), true)
        const image = Screen.named(card, "image")
        verify(image.width > 0 && image.height > 0)
        const r = image.mapToItem(card, 0, 0, image.width, image.height)
        verify(r.x >= 0 && r.y >= 0 && r.x + r.width <= card.width && r.y + r.height <= card.height)
    }
}
