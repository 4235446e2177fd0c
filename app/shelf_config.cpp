#include "shelf_config.h"

#include "bounded_file.h"
#include "feed_protocol.h"
#include "toml_reading.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <toml++/toml.h>

#include <cmath>

namespace shelf {

std::optional<int> ShelfConfig::findSlot(const QString &idOrNumber) const
{
    for (int i = 0; i < slots.size(); ++i) {
        if (slots[i].id == idOrNumber)
            return i;
    }
    bool ok = false;
    const int number = idOrNumber.toInt(&ok);
    if (ok && number >= 1 && number <= slots.size())
        return number - 1;
    return std::nullopt;
}

QStringList ShelfConfig::skus() const
{
    QStringList result;
    for (const SlotConfig &slot : slots) {
        if (!result.contains(slot.sku))
            result.append(slot.sku);
    }
    return result;
}

namespace {

using namespace toml_reading;

QString resolve(const QString &folder, const QString &path)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path) || path.startsWith(u':'))
        return path;
    return QDir::cleanPath(folder + u'/' + path);
}

// An outline has a few corners: a hundred thousand of them stalled the camera thread.
constexpr std::size_t maxPolygonPoints = 64;
// Cameras are at most 8K and shelves a few metres in millimetres; OpenCV's drawing works in
// fixed point and aborts on coordinates past 32767, so anything near that is a typo.
constexpr double maxCoordinate = 16384;
// Slots are counted in tens; a shelf of thousands is a generated file gone wrong.
constexpr std::size_t maxSlots = 256;

QVector<QPointF> parsePolygon(const toml::node &node, const QString &where)
{
    const toml::array *points = node.as_array();
    if (!points || points->size() < 3 || points->size() > maxPolygonPoints)
        throw ConfigError{
            lineOf(node),
            where + QStringLiteral(" must list 3 to %1 [x, y] points").arg(maxPolygonPoints)};
    QVector<QPointF> polygon;
    for (const toml::node &point : *points) {
        const toml::array *xy = point.as_array();
        // nan and inf are typos too.
        const auto coordinate = [&xy](std::size_t i) -> std::optional<double> {
            const std::optional<double> value = (*xy)[i].value<double>();
            return value && std::abs(*value) <= maxCoordinate ? value : std::nullopt;
        };
        if (!xy || xy->size() != 2 || !coordinate(0) || !coordinate(1))
            throw ConfigError{lineOf(point),
                              where
                                  + QStringLiteral(" points must be [x, y] numbers (at most "
                                                   "%1 either way)")
                                        .arg(maxCoordinate)};
        polygon.append({*coordinate(0), *coordinate(1)});
    }
    return polygon;
}

// A ZeroMQ endpoint the feed can connect to; checked here so a typo stops the display at start.
QString requireEndpoint(const toml::table &feed, const char *key)
{
    const QString endpoint = requireString(feed, key, QStringLiteral("feed"));
    static const QRegularExpression valid(
        QStringLiteral("^(tcp://[^\\s:]+:[0-9]+|ipc://\\S+|inproc://\\S+)$"));
    if (!valid.match(endpoint).hasMatch())
        throw ConfigError{
            lineOf(*feed.get(key)),
            QStringLiteral("feed.%1 \"%2\" is not tcp://HOST:PORT, ipc://PATH or inproc://NAME")
                .arg(QLatin1String(key), endpoint)};
    return endpoint;
}

ShelfConfig parse(const toml::table &root, const QString &path)
{
    ShelfConfig config;
    config.path = path;
    config.folder = QFileInfo(path).path();

    if (const toml::table *shelf = optionalTable(root, "shelf")) {
        config.shelfId = optionalString(*shelf, "id", QStringLiteral("shelf"), {});
        config.language
            = optionalString(*shelf, "language", QStringLiteral("shelf"), config.language);
        if (config.language != u"en" && config.language != u"zh-CN")
            throw ConfigError{lineOf(*shelf->get("language")),
                              QStringLiteral("shelf.language must be \"en\" or \"zh-CN\"")};
        config.contentFolder = resolve(
            config.folder,
            optionalString(*shelf, "content", QStringLiteral("shelf"), QStringLiteral(".")));
        config.returnHoldSeconds = int(optionalNumber(
            *shelf, "return_hold_s", QStringLiteral("shelf"), config.returnHoldSeconds, 0, 600));
        config.alternateLanguageSeconds
            = int(optionalNumber(*shelf, "alternate_language_s", QStringLiteral("shelf"),
                                 config.alternateLanguageSeconds, 0, 3600));
        config.takeAfterSeconds = int(optionalNumber(
            *shelf, "take_after_s", QStringLiteral("shelf"), config.takeAfterSeconds, 1, 3600));
    } else {
        config.contentFolder = config.folder;
    }
    if (config.shelfId.isEmpty())
        config.shelfId = QFileInfo(path).completeBaseName();

    const toml::table *feed = optionalTable(root, "feed");
    if (!feed)
        throw ConfigError{
            1, QStringLiteral("[feed] is missing: it names the store server's endpoints")};
    config.feed.snapshotEndpoint = requireEndpoint(*feed, "snapshot");
    config.feed.updatesEndpoint = requireEndpoint(*feed, "updates");
    config.feed.eventsEndpoint = requireEndpoint(*feed, "events");
    if (const toml::node *whole = feed->get("whole_catalog")) {
        if (!whole->is_boolean())
            throw ConfigError{lineOf(*whole),
                              QStringLiteral("feed.whole_catalog must be true or false")};
        config.feed.wholeCatalog = whole->as_boolean()->get();
    }
    config.feed.maxPriceAgeHours
        = int(optionalNumber(*feed, "max_price_age_h", QStringLiteral("feed"), 12, 0, 24 * 365));
    for (const char *replaced : {"cache", "outbox"}) {
        if (const toml::node *old = feed->get(replaced))
            throw ConfigError{lineOf(*old),
                              QStringLiteral("feed.%1 is replaced by feed.store: one database "
                                             "file for the product cache and the event outbox")
                                  .arg(QLatin1String(replaced))};
    }
    config.feed.storePath
        = resolve(config.folder, optionalString(*feed, "store", QStringLiteral("feed"), {}));
    config.feed.serverKeyPath
        = resolve(config.folder, optionalString(*feed, "server_key", QStringLiteral("feed"), {}));
    config.feed.displayKeyPath
        = resolve(config.folder, optionalString(*feed, "display_key", QStringLiteral("feed"), {}));
    if (config.feed.serverKeyPath.isEmpty() != config.feed.displayKeyPath.isEmpty()) {
        const toml::node *given
            = feed->get(config.feed.serverKeyPath.isEmpty() ? "display_key" : "server_key");
        throw ConfigError{
            lineOf(*given),
            QStringLiteral("feed.server_key and feed.display_key go together: CURVE needs both")};
    }

    if (const toml::table *camera = optionalTable(root, "camera")) {
        config.camera.source
            = optionalString(*camera, "source", QStringLiteral("camera"), config.camera.source);
        // A video file named in the config is found beside it, like every other path.
        const QString &source = config.camera.source;
        if (source != u"synthetic" && !source.startsWith(u"camera:") && !source.startsWith(u"/dev/")
            && !source.contains(u"://"))
            config.camera.source = resolve(config.folder, source);
        config.camera.width = int(optionalNumber(*camera, "width", QStringLiteral("camera"),
                                                 config.camera.width, 64, 7680));
        config.camera.height = int(optionalNumber(*camera, "height", QStringLiteral("camera"),
                                                  config.camera.height, 48, 4320));
        config.camera.fps
            = optionalNumber(*camera, "fps", QStringLiteral("camera"), config.camera.fps, 1, 120);
        const toml::node *markers = camera->get("markers");
        const toml::node *size = camera->get("shelf_size");
        if (markers || size) {
            const toml::array *ids = markers ? markers->as_array() : nullptr;
            const toml::array *wh = size ? size->as_array() : nullptr;
            if (!ids || ids->size() != 4)
                throw ConfigError{
                    lineOf(markers ? *markers : *size),
                    QStringLiteral("camera.markers must list the 4 ArUco ids at the shelf's "
                                   "top-left, top-right, bottom-right and bottom-left corners")};
            for (const toml::node &id : *ids) {
                const std::optional<int64_t> value = id.value<int64_t>();
                if (!value || *value < 0 || *value >= 50)
                    throw ConfigError{
                        lineOf(id),
                        QStringLiteral("camera.markers: ids of dictionary 4X4_50 are 0 to 49")};
                config.camera.markerIds.append(int(*value));
            }
            if (!wh || wh->size() != 2 || !(*wh)[0].value<double>() || !(*wh)[1].value<double>()
                || *(*wh)[0].value<double>() <= 0 || *(*wh)[1].value<double>() <= 0)
                throw ConfigError{lineOf(size ? *size : *markers),
                                  QStringLiteral("camera.shelf_size must be [width, height] of the "
                                                 "shelf face, in the units of the slot polygons")};
            config.camera.shelfSize = QSizeF(*(*wh)[0].value<double>(), *(*wh)[1].value<double>());
        }
        if (const toml::node *aisle = camera->get("aisle"))
            config.camera.aislePolygon = parsePolygon(*aisle, QStringLiteral("camera.aisle"));
        config.camera.aisleLeaveSeconds
            = optionalNumber(*camera, "aisle_leave_s", QStringLiteral("camera"),
                             config.camera.aisleLeaveSeconds, 0.2, 30);
    }

    if (const toml::table *scale = optionalTable(root, "scale")) {
        config.scale.source = optionalString(*scale, "source", QStringLiteral("scale"), {});
        if (!config.scale.source.isEmpty() && config.scale.source != u"synthetic")
            config.scale.source = resolve(config.folder, config.scale.source);
        config.scale.baudRate = int(optionalNumber(*scale, "baud", QStringLiteral("scale"),
                                                   config.scale.baudRate, 1200, 4000000));
        config.scale.fusionWindowMs
            = int(optionalNumber(*scale, "fusion_window_ms", QStringLiteral("scale"),
                                 config.scale.fusionWindowMs, 50, 5000));
    }

    if (const toml::table *demo = optionalTable(root, "demo"))
        config.demoCatalog
            = resolve(config.folder, optionalString(*demo, "catalog", QStringLiteral("demo"), {}));

    const toml::node *slotsNode = root.get("slot");
    if (!slotsNode || !slotsNode->is_array_of_tables())
        throw ConfigError{slotsNode ? lineOf(*slotsNode) : 1,
                          QStringLiteral("no [[slot]] tables: a shelf needs at least one slot")};
    if (slotsNode->as_array()->size() > maxSlots)
        throw ConfigError{lineOf(*slotsNode),
                          QStringLiteral("%1 [[slot]] tables; a shelf has at most %2")
                              .arg(slotsNode->as_array()->size())
                              .arg(maxSlots)};
    for (const toml::node &node : *slotsNode->as_array()) {
        const toml::table &table = *node.as_table();
        const QString where = QStringLiteral("slot");
        SlotConfig slot;
        slot.id = requireString(table, "id", where);
        slot.sku = requireString(table, "sku", where);
        if (!feed::isValidSku(slot.sku.toUtf8()))
            throw ConfigError{
                lineOf(*table.get("sku")),
                QStringLiteral("slot %1: sku \"%2\" is not 1 to 64 of A-Z a-z 0-9 . _ -")
                    .arg(slot.id, slot.sku)};
        const toml::node *polygon = table.get("polygon");
        if (!polygon)
            throw ConfigError{lineOf(table),
                              QStringLiteral("slot %1: polygon is missing").arg(slot.id)};
        slot.polygon = parsePolygon(*polygon, QStringLiteral("slot %1.polygon").arg(slot.id));
        slot.scaleChannel = int(optionalNumber(table, "scale_channel",
                                               QStringLiteral("slot %1").arg(slot.id), -1, -1, 63));
        slot.unitWeightGrams = optionalNumber(table, "unit_weight_g",
                                              QStringLiteral("slot %1").arg(slot.id), 0, 0, 1e6);
        for (const SlotConfig &other : config.slots) {
            if (other.id == slot.id)
                throw ConfigError{lineOf(table),
                                  QStringLiteral("slot id %1 is used twice").arg(slot.id)};
        }
        config.slots.append(slot);
    }
    return config;
}

} // namespace

ConfigResult parseShelfConfig(const QByteArray &text, const QString &path)
{
    ConfigResult result;
    result.config = toml_reading::parseToml<ShelfConfig>(
        text, path, result.error, [&path](const toml::table &root) { return parse(root, path); });
    return result;
}

QString contentFilePath(const QString &contentFolder, const QString &path)
{
    if (path.isEmpty() || path.startsWith(u"http://") || path.startsWith(u"https://"))
        return {};
    if (QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(contentFolder + u'/' + path);
}

ConfigResult loadShelfConfig(const QString &path)
{
    const BoundedRead read = readBoundedFile(path, maxTextFileBytes);
    if (!read.error.isEmpty())
        return {std::nullopt, read.error};
    return parseShelfConfig(read.bytes, path);
}

} // namespace shelf
