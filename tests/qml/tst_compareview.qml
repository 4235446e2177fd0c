import QtQuick
import QtTest
import Shelfscreen.Ui
import Shelfscreen.Test
import "screen.js" as Screen

// The comparison as the display fills it when two to four products are out at once.
TestCase {
    id: testCase
    name: "CompareView"
    when: windowShown
    visible: true
    width: 1920
    height: 1920

    Component {
        id: compareComponent
        CompareView {
            id: compareItem
            shape: compareItemShape.shape
            products: Shelf.view.comparison
            width: 1920
            height: 1080
            // As Main.qml decides it for the window.
            DisplayShape {
                id: compareItemShape
                width: compareItem.width
                height: compareItem.height
            }
        }
    }

    readonly property var products: [
        {
            sku: "apples", // 12.80 per kg: the best per kg of these
            name: {"en": "Yantai Fuji Apples", "zh-CN": "烟台红富士苹果"},
            price: {amount: "12.80", currency: "CNY", unit: "kg"},
            origin: {country: "CN", region: {"en": "Yantai, Shandong", "zh-CN": "山东烟台"}},
            reviews: {rating: 4.6, count: 1284}
        },
        {
            sku: "salmon", // 168.00 per kg
            name: {"en": "Norwegian Salmon Fillet", "zh-CN": "挪威三文鱼柳"},
            price: {amount: "16.80", currency: "CNY", unit: "100g"},
            origin: {country: "NO", region: "Hitra"},
            reviews: {rating: 3.5, count: 20}
        },
        {
            sku: "mangoes", // 51.60 per kg
            name: {"en": "Hainan Mangoes", "zh-CN": "海南芒果"},
            price: {amount: "12.90", currency: "CNY", unit: "each"},
            unit_weight_g: 250
        },
        {
            sku: "bread", // nothing to compare by
            name: "Plain Bread",
            price: {amount: "6.50", currency: "CNY"}
        },
        {
            sku: "long",
            name: "Extra Large Hand-Picked Organic Free-Range Heritage Breed Tomatoes on the Vine from the Sunny Southern Hills, Family Pack of Twelve",
            price: {amount: "19.90", currency: "CNY", unit: "kg"},
            origin: {country: "ES", region: "Almería, Andalucía, in the very south of the Iberian Peninsula"},
            reviews: {rating: 4.2, count: 35}
        }
    ]

    function initTestCase() {
        for (const product of products)
            compare(Shelf.addProduct(product), "", product.sku)
    }

    function init() {
        Shelf.view.setLanguage("en")
    }

    function settle(item) {
        if (isPolishScheduled(item))
            verify(waitForItemPolished(item))
        for (let i = 0; i < item.children.length; ++i)
            settle(item.children[i])
    }

    // The delegates, in model order.
    function cells(view) {
        const found = []
        const walk = item => {
            if (item.bestUnitPrice !== undefined && item.imageSource !== undefined)
                found.push(item)
            else
                for (let i = 0; i < item.children.length; ++i)
                    walk(item.children[i])
        }
        walk(view)
        return found.sort((a, b) => a.index - b.index)
    }

    function showComparison(skus, properties) {
        Shelf.lift(skus)
        compare(Shelf.view.screen, ShelfView.Compare)
        const view = createTemporaryObject(compareComponent, testCase, properties || {})
        verify(view)
        tryCompare(view, "count", skus.length)
        tryVerify(() => cells(view).length === skus.length)
        settle(view)
        return view
    }

    function test_theBetterUnitPriceIsMarked() {
        const view = showComparison(["salmon", "mangoes", "apples"])
        const [salmon, mangoes, apples] = cells(view)
        compare(salmon.name, "Norwegian Salmon Fillet")

        const salmonPrice = Screen.named(salmon, "unitPrice")
        verify(salmonPrice.visible)
        compare(salmonPrice.text, "¥168.00 per kg")
        compare(salmonPrice.font.weight, Font.Normal)
        verify(!Screen.named(salmon, "bestUnitPrice").visible)

        compare(Screen.named(mangoes, "unitPrice").text, "¥51.60 per kg")
        verify(!Screen.named(mangoes, "bestUnitPrice").visible)

        // The apples are priced per kg, so their price is the unit price: only the mark shows.
        verify(!Screen.named(apples, "unitPrice").visible)
        const mark = Screen.named(apples, "bestUnitPrice")
        verify(mark.visible)
        compare(mark.text, "Best value")
        verify(mark.width > 0)
        compare(Screen.textShown(apples, "¥12.80").font.pixelSize, Screen.textShown(salmon, "¥16.80").font.pixelSize)
        // The same facts on the same line in every column.
        compare(Screen.textShown(apples, "¥12.80").mapToItem(view, 0, 0).y,
                Screen.textShown(salmon, "¥16.80").mapToItem(view, 0, 0).y)
    }

    function test_partialStarsAndMissingFields() {
        const view = showComparison(["salmon", "bread"])
        const [salmon, bread] = cells(view)
        const stars = Screen.texts(salmon).filter(t => t.text === "★")
        verify(stars.length >= 5)
        verify(Screen.textShown(salmon, "3.5 · 20 reviews"))
        // The fourth star is half filled: its filled half is clipped to half a star.
        const clips = []
        const walk = item => {
            if (item.clip && item.children.length === 1 && item.children[0].text === "★")
                clips.push(Math.round(item.width / item.children[0].font.pixelSize * 100) / 100)
            for (let i = 0; i < item.children.length; ++i)
                walk(item.children[i])
        }
        walk(salmon)
        compare(clips, [1, 1, 1, 0.5, 0])

        // No origin, no reviews, no unit price, no picture: nothing shows for them.
        compare(Screen.texts(bread).map(t => t.text), ["Plain Bread", "¥6.50", "each"])
        compare(Screen.badTexts(bread), [])
        compare(Screen.emptyBoxes(bread), [])
        verify(!Screen.named(bread, "unitPrice").visible)
        verify(!Screen.named(bread, "bestUnitPrice").visible)
        // Not comparable with anything, so nothing is marked on either side.
        verify(!Screen.named(salmon, "bestUnitPrice").visible)
        const image = Screen.named(bread, "image")
        verify(image.visible && image.width > 0)
        verify(image.children[0].status !== Image.Ready)
        verify(image.children[1].visible)
    }

    function test_longNameIsElidedInItsColumn() {
        const view = showComparison(["long", "apples", "salmon", "mangoes"])
        const tomatoes = cells(view)[0]
        const name = Screen.textShown(tomatoes, tomatoes.name)
        verify(name)
        verify(name.truncated)
        compare(name.lineCount, 2)
        compare(Screen.outside(tomatoes), [])
        verify(!Screen.textShown(cells(view)[1], "Yantai Fuji Apples").truncated)
    }

    function test_chinese() {
        const view = showComparison(["salmon", "apples"])
        Shelf.view.setLanguage("zh-CN")
        settle(view)
        const [salmon, apples] = cells(view)
        compare(salmon.name, "挪威三文鱼柳")
        compare(Screen.named(salmon, "unitPrice").text, "¥84.00/500克")
        const applesPrice = Screen.named(apples, "unitPrice")
        verify(applesPrice.visible)
        compare(applesPrice.text, "¥6.40/500克")
        compare(applesPrice.font.weight, Font.Bold)
        compare(applesPrice.color, Theme.accent)
        compare(Screen.named(apples, "bestUnitPrice").text, "更划算")
        verify(Screen.textShown(apples, "/千克"))
        verify(Screen.textShown(apples, "山东烟台 · 中国"))
        verify(Screen.textShown(apples, "4.6 · 1284条评价"))
        compare(Screen.badTexts(view), [])

        Shelf.view.setLanguage("en")
        settle(view)
        compare(Screen.named(cells(view)[1], "bestUnitPrice").text, "Best value")
        compare(cells(view)[0].name, "Norwegian Salmon Fillet")
    }

    function test_shapes_data() {
        const rows = []
        for (const shape of [[1920, 1080], [1280, 800], [1920, 540], [1920, 360], [1080, 1920]]) {
            for (const language of ["en", "zh-CN"]) {
                rows.push({tag: shape[0] + "x" + shape[1] + " " + language + " two", width: shape[0], height: shape[1],
                           language: language, skus: ["salmon", "apples"]})
                rows.push({tag: shape[0] + "x" + shape[1] + " " + language + " four", width: shape[0], height: shape[1],
                           language: language, skus: ["long", "apples", "salmon", "bread"]})
            }
        }
        return rows
    }

    function test_shapes(data) {
        Shelf.view.setLanguage(data.language)
        const view = showComparison(data.skus, {width: data.width, height: data.height})
        const outside = []
        for (const cell of cells(view)) {
            const r = cell.mapToItem(view, 0, 0, cell.width, cell.height)
            verify(r.x >= -0.5 && r.y >= -0.5 && r.x + r.width <= view.width + 0.5 && r.y + r.height <= view.height + 0.5)
            compare(Screen.overlaps(cell), [], "texts over each other in column " + cell.index)
            compare(Screen.badTexts(cell), [])
            compare(Screen.emptyBoxes(cell), [])
            const price = Screen.textShown(cell, cell.priceText)
            verify(price && !price.truncated && price.width > 0)
            outside.push(...Screen.outside(cell).map(t => cell.index + ": " + t))
        }
        compare(outside, [], "texts outside their column")
    }

    // A product the catalog does not know yet: its name asks for patience, and no empty price,
    // unit or other fact leaves a blank box or gap under it.
    function test_unknownProductShowsOnlyItsName_data() {
        return [{tag: "landscape", width: 1920, height: 1080}, {tag: "portrait", width: 1080, height: 1920}]
    }

    function test_unknownProductShowsOnlyItsName(data) {
        const view = showComparison(["apples", "not-in-the-catalog"], {width: data.width, height: data.height})
        const [apples, unknown] = cells(view)
        compare(unknown.name, "Let us find this product for you")
        compare(Screen.texts(unknown).map(t => t.text), ["Let us find this product for you"])
        compare(Screen.badTexts(unknown), [])
        compare(Screen.emptyBoxes(unknown), [])
        compare(Screen.outside(unknown), [])
        // Nothing under the name takes room: the facts end where the name ends.
        const name = Screen.textShown(unknown, unknown.name)
        const facts = name.parent
        verify(facts.height <= name.height + 1, "facts " + facts.height + " tall under a name " + name.height + " tall")
        // The product next to it shows its facts as usual.
        verify(Screen.textShown(apples, "¥12.80"))
        verify(Screen.textShown(apples, "4.6 · 1284 reviews"))
        compare(Screen.badTexts(apples), [])
    }
}
