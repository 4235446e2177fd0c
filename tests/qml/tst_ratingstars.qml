import QtQuick
import QtTest
import Shelfscreen.Ui

TestCase {
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
}
