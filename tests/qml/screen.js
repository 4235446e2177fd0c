.pragma library

// What a shopper would check on a screen, read from the item tree: the texts shown, where they
// are, and whether anything is cut off, overlapping or empty.

function isText(item) {
    return item.textFormat !== undefined && item.truncated !== undefined
}

// The first item with this objectName, visible or not.
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

// Every Text item on screen (visible, with all its parents) under item.
function texts(item, found) {
    found = found || []
    if (!item.visible)
        return found
    if (isText(item))
        found.push(item)
    for (let i = 0; i < item.children.length; ++i)
        texts(item.children[i], found)
    return found
}

function textShown(item, text) {
    return texts(item).find(t => t.text === text) || null
}

// Where a text's glyphs are, in target's coordinates: a text that does not fit its item spills
// over it unless it is elided or wrapped, so the larger of the item and its content counts.
function textRect(text, target) {
    return text.mapToItem(target, 0, 0, Math.max(text.width, text.contentWidth),
                          Math.max(text.height, text.contentHeight))
}

function describe(text, target) {
    const r = textRect(text, target)
    return JSON.stringify(text.text.slice(0, 40)) + " at " + Math.round(r.x) + "," + Math.round(r.y)
            + " " + Math.round(r.width) + "x" + Math.round(r.height)
}

// Texts whose glyphs leave target's rectangle (half a pixel of rounding allowed).
function outside(target) {
    return texts(target).filter(t => {
        const r = textRect(t, target)
        return r.x < -0.5 || r.y < -0.5 || r.x + r.width > target.width + 0.5
                || r.y + r.height > target.height + 0.5
    }).map(t => describe(t, target))
}

// Pairs of texts drawn over each other by more than a pixel each way. The stars of a rating are
// one drawing (a filled star over an empty one) and are left out.
function overlaps(target) {
    const shown = texts(target).filter(t => t.text !== "★" && t.text.length > 0)
    const found = []
    for (let i = 0; i < shown.length; ++i) {
        const a = textRect(shown[i], target)
        for (let j = i + 1; j < shown.length; ++j) {
            const b = textRect(shown[j], target)
            const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
            const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
            if (w > 1 && h > 1)
                found.push(describe(shown[i], target) + " / " + describe(shown[j], target))
        }
    }
    return found
}

// Texts a shopper should never read: empty ones still taking room, or a script's leftovers.
function badTexts(target) {
    return texts(target).filter(t => t.text.length === 0 || /undefined|null|NaN|\[object/.test(t.text))
            .map(t => describe(t, target))
}

// Boxes (filled or outlined rectangles) on screen with nothing written in them; the picture and
// its placeholder (objectName "image") and thin rules are meant to be wordless.
function emptyBoxes(item, found) {
    found = found || []
    if (!item.visible || item.objectName === "image")
        return found
    const isBox = item.color !== undefined && item.border !== undefined && item.radius !== undefined
    if (isBox && Math.min(item.width, item.height) > 2 && texts(item).every(t => t.text.length === 0)
            && (item.color.a > 0 || item.border.width > 0))
        found.push(item.width + "x" + item.height + " box at " + item.x + "," + item.y)
    for (let i = 0; i < item.children.length; ++i)
        emptyBoxes(item.children[i], found)
    return found
}
