#pragma once

#include <QHash>
#include <QPointF>
#include <QSizeF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace shelf {

// One product position on the shelf, as the operator configured it.
struct SlotConfig
{
    QString id; // the operator's name for it, e.g. "A3"
    QString sku;
    QVector<QPointF> polygon; // camera pixels
    int scaleChannel = -1; // the load-cell channel under this slot; -1: none
    double unitWeightGrams = 0; // overrides the feed's unit_weight_g when set
};

struct ScaleConfig
{
    QString source; // a serial port, a FIFO or file, or "synthetic"; empty: no scale
    int baudRate = 115200;
    int fusionWindowMs = 600; // camera and scale evidence this close together are one decision
};

struct FeedConfig
{
    QString snapshotEndpoint;
    QString updatesEndpoint;
    QString eventsEndpoint;
    bool wholeCatalog = false;
    int maxPriceAgeHours = 12;
    // The SQLite database of last good products and unsent events; empty: the default in the
    // user's data folder.
    QString storePath;
    QString serverKeyPath; // CURVE: the store server's public key file; empty: no CURVE
    QString displayKeyPath; // CURVE: this display's keypair, without .pub / .secret
};

struct CameraConfig
{
    QString source = QStringLiteral("synthetic");
    int width = 640;
    int height = 480;
    double fps = 15.0;
    // With four ArUco markers at the shelf's corners, slot polygons are in shelf units (e.g. mm
    // on a shelf of shelfSize) and follow the camera; without them, in camera pixels.
    QVector<int> markerIds; // top-left, top-right, bottom-right, bottom-left; empty: no markers
    QSizeF shelfSize;
    // Where shoppers stand, in camera pixels (the floor is not on the shelf, so it does not
    // follow the markers); empty: not watched, and only the timeout makes a take.
    QVector<QPointF> aislePolygon;
    double aisleLeaveSeconds = 1.5; // the aisle empty this long: the shopper walked away
};

// Everything an operator sets for one shelf display, read from a TOML file.
struct ShelfConfig
{
    QString path; // the file it came from
    // The first 12 hex digits of the file's SHA-256, as read: which config a display runs on.
    QString digest;
    QString folder; // relative paths in the file are relative to this
    QString shelfId;
    QString language = QStringLiteral("en");
    QString contentFolder; // product images and attract content
    FeedConfig feed;
    CameraConfig camera;
    ScaleConfig scale;
    int returnHoldSeconds = 4;
    int alternateLanguageSeconds = 0; // attract loop switches en <-> zh-CN this often; 0: never
    int takeAfterSeconds = 30;
    QString demoCatalog; // catalog file the built-in store server serves in demo mode
    QVector<SlotConfig> slots;

    // The operator's files in the content folder, read again whenever they change.
    QString attractFile() const { return contentFolder + QStringLiteral("/attract.toml"); }
    QString themeFile() const { return contentFolder + QStringLiteral("/theme.toml"); }
    // Index of a slot by its id, or by its 1-based position; nullopt if neither matches.
    std::optional<int> findSlot(const QString &idOrNumber) const;
    QStringList skus() const;
};

// A place in the config file: line and column from 1.
struct ConfigPlace
{
    int line = 1;
    int column = 1;
};

struct ConfigResult
{
    QString path; // the file read
    std::optional<ShelfConfig> config; // set only when problems is empty
    // Every mistake in the file, "FILE:LINE:COLUMN: what is wrong" (or "FILE: what is wrong"
    // when it cannot be read), in the file's order. The display refuses a file with any.
    QStringList problems;
    QString error; // problems, one a line: all of them, for callers that print one text
    // What the display runs with but an operator should see: slot outlines that overlap, cross
    // themselves or leave the camera's picture, a content folder that is not there.
    // "FILE:LINE:COLUMN: what".
    QStringList warnings;
    // Where things are in the file, for messages about them found later (check --feed):
    // "slot A2", "slot A2.sku", "shelf.content", ...; a key or table the file leaves out has none.
    QHash<QString, ConfigPlace> places;

    // "FILE:LINE:COLUMN" of a place, or of the file's start when it has none.
    QString placeOf(const QString &name) const;
};

// Reads and checks a shelf config. Cross-checks that need the disk (the content folder) are
// made here, not in parseShelfConfig.
ConfigResult loadShelfConfig(const QString &path);

// The tables of shelf.toml and the keys each takes: what the loader reads, and what its
// unknown-key check holds every key against. docs/operators.md documents exactly these.
struct ConfigTable
{
    QString name; // "shelf", "slot"
    bool array = false; // [[slot]]: one table per slot
    QStringList keys;
};
const QVector<ConfigTable> &shelfConfigTables();

// A content path from the feed (a product picture) as a file: relative to the content folder,
// which may be a resource folder (":/demo"); empty for http(s) URLs, which are not files.
QString contentFilePath(const QString &contentFolder, const QString &path);
ConfigResult parseShelfConfig(const QByteArray &text, const QString &path);

} // namespace shelf
