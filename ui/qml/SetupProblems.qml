import QtQuick

// For staff, when the shelf cannot start: what is wrong with its config, file and line first,
// in place of a blank screen. The shelf starts by itself once the file is fixed.
Rectangle {
    id: panel

    required property list<string> problems

    color: Theme.background

    Column {
        anchors.centerIn: parent
        width: parent.width * 0.9
        spacing: Math.max(8, Math.min(panel.width, panel.height) * 0.02)

        Text {
            width: parent.width
            text: qsTr("This shelf cannot start: its configuration has a problem")
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            font.family: Theme.fontFamily
            font.pixelSize: Math.max(16, Math.min(panel.width * 0.03, panel.height * 0.06))
            font.weight: Font.DemiBold
            color: Theme.text
        }
        Repeater {
            model: panel.problems.slice(0, 8)
            delegate: Text {
                required property string modelData
                width: parent.width
                text: modelData
                textFormat: Text.PlainText
                wrapMode: Text.WrapAnywhere
                maximumLineCount: 3
                elide: Text.ElideRight
                font.family: "monospace"
                font.pixelSize: Math.max(12, Math.min(panel.width * 0.016, panel.height * 0.035))
                color: Theme.text
            }
        }
        Text {
            width: parent.width
            text: qsTr("Fix the file and save it: the shelf starts by itself.")
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            font.family: Theme.fontFamily
            font.pixelSize: Math.max(12, Math.min(panel.width * 0.018, panel.height * 0.04))
            color: Theme.mutedText
        }
    }
}
