import QtQuick
import QtQuick.Window
import Shelfscreen.Ui

// The shelf display's window: one of the attract loop, the product card or the thank-you,
// and, in demo mode, the camera's debug view in a corner.
Window {
    id: window

    required property ShelfView shelf

    color: Theme.background
    title: qsTr("Shelf display")

    // Every screen fills the window and lays itself out for this one shape.
    DisplayShape {
        id: displayShape
        width: window.width
        height: window.height
    }

    AttractLoop {
        anchors.fill: parent
        shape: displayShape.shape
        visible: window.shelf.screen === ShelfView.Attract
        slides: window.shelf.attract
        products: window.shelf.products
        invitation: window.shelf.attract.invitation
        feedLive: window.shelf.feedLive
        running: visible
    }

    // The screens a shopper's act brings up are made in the background once the first frame is
    // on screen: the display starts sooner, and they are ready long before the first lift.
    Loader {
        anchors.fill: parent
        active: window.shelf.firstFrameShown
        asynchronous: true
        visible: window.shelf.screen === ShelfView.Card
        sourceComponent: ProductCard {
            shape: displayShape.shape
            card: window.shelf.card
        }
    }

    Loader {
        anchors.fill: parent
        active: window.shelf.firstFrameShown
        asynchronous: true
        visible: window.shelf.screen === ShelfView.Compare
        sourceComponent: CompareView {
            shape: displayShape.shape
            products: window.shelf.comparison
        }
    }

    Loader {
        anchors.fill: parent
        active: window.shelf.firstFrameShown
        asynchronous: true
        visible: window.shelf.screen === ShelfView.Thanks
        sourceComponent: ThankYou {}
    }

    SetupProblems {
        anchors.fill: parent
        visible: problems.length > 0
        problems: window.shelf.setupProblems
    }

    // The shelf's pictures, decoded once at start on Qt's image thread and held here: the card,
    // the comparison and the attract loop ask for the same picture at the same size, and find
    // it decoded in the pixmap cache, so the first frame after a lift never waits on a decode.
    Repeater {
        model: window.shelf.products
        delegate: ProductImage {
            required property url imageSource
            source: imageSource
            asynchronous: true
            visible: false
            width: 1
            height: 1
        }
    }

    // For staff, not shoppers: small, in a corner, only when the store server is not live. On
    // a chip of the background colour, so it keeps its contrast over the thank-you screen too.
    Rectangle {
        anchors.left: parent.left
        anchors.bottom: parent.bottom
        anchors.margins: 4
        visible: staffStatus.text.length > 0 && window.shelf.setupProblems.length === 0
        color: Theme.background
        radius: 4
        width: staffStatus.implicitWidth + 8
        height: staffStatus.implicitHeight + 4
        Text {
            id: staffStatus
            anchors.centerIn: parent
            text: window.shelf.staffStatusText
            textFormat: Text.PlainText
            font.family: Theme.fontFamily
            font.pixelSize: Math.max(12, Math.min(window.width, window.height) * 0.018)
            color: Theme.mutedText
        }
    }

    Loader {
        active: window.shelf.firstFrameShown && window.shelf.debugView
        asynchronous: true
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 12
        width: Math.min(parent.width * 0.34, parent.height * 0.6 * 4 / 3)
        height: width * 3 / 4 + 28
        sourceComponent: CameraDebugView {
            frame: window.shelf.cameraFrame
            cameraUp: window.shelf.cameraUp
        }
    }

    // Over everything, the debug view included: an installer is looking for this screen.
    Loader {
        anchors.fill: parent
        active: window.shelf.identifyText.length > 0
        sourceComponent: IdentifyBanner {
            shelfId: window.shelf.identifyText
        }
    }
}
