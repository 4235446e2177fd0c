import QtQuick
import Shelfscreen.Ui

// While nobody touches the shelf: the operator's slides in their order and for their durations
// (the shelf's products, a product large, promotions), under an invitation to pick one up.
Rectangle {
    id: root

    required property AttractModel slides
    required property ShelfProductsModel products
    // The operator's invitation; empty: the built-in one.
    required property string invitation
    required property bool feedLive
    required property bool running
    property int current: 0

    // The display's shape (a DisplayShape.Shape), decided once for the window by Main.qml.
    required property int shape
    readonly property bool bar: shape === DisplayShape.Bar
    readonly property bool portrait: shape === DisplayShape.Portrait
    readonly property real titleSize: bar ? height * 0.1 : portrait ? height * 0.035 : height * 0.06

    color: Theme.background

    // Each slide for its own duration, then the next; a new file starts from the first.
    Timer {
        interval: slideList.currentItem ? slideList.currentItem.durationMs : 8000
        repeat: true
        running: root.running && slideList.count > 1
        onTriggered: root.current = (root.current + 1) % slideList.count
    }
    Connections {
        target: root.slides
        function onModelReset() { root.current = 0 }
    }

    Rectangle {
        id: banner
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: invitationText.implicitHeight + root.titleSize * 1.2
        color: Theme.accent
        Text {
            id: invitationText
            objectName: "invitation"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.leftMargin: root.titleSize
            anchors.rightMargin: root.titleSize
            text: root.invitation.length > 0 ? root.invitation
                                             : qsTr("Pick up a product to see its price, origin and reviews")
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
            font.family: Theme.fontFamily
            font.pixelSize: root.titleSize * 0.8
            font.weight: Font.DemiBold
            color: Theme.textOnAccent
        }
    }

    ListView {
        id: slideList
        objectName: "slides"
        anchors.top: banner.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        orientation: ListView.Horizontal
        clip: true
        interactive: false
        model: root.slides
        currentIndex: Math.min(root.current, count - 1)
        highlightMoveDuration: 250
        highlightRangeMode: ListView.StrictlyEnforceRange
        preferredHighlightBegin: 0
        preferredHighlightEnd: width

        delegate: Item {
            id: slide
            required property int index
            required property string kind
            required property int durationMs
            required property int tileMs
            required property string title
            required property string text
            required property url imageSource
            required property ProductCardView card

            width: slideList.width
            height: slideList.height

            Loader {
                anchors.fill: parent
                sourceComponent: slide.kind === "products" ? productsSlide : featureSlide
            }
            Component {
                id: productsSlide
                AttractProducts {
                    products: root.products
                    feedLive: root.feedLive
                    running: root.running && slideList.currentIndex === slide.index
                    tileMs: slide.tileMs
                    titleSize: root.titleSize
                    bar: root.bar
                    portrait: root.portrait
                }
            }
            Component {
                id: featureSlide
                AttractFeature {
                    title: slide.title
                    text: slide.text
                    imageSource: slide.imageSource
                    card: slide.card
                    titleSize: root.titleSize
                    bar: root.bar
                    portrait: root.portrait
                }
            }
        }
    }
}
