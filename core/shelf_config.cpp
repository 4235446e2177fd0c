#include "shelf_config.h"

#include "bounded_file.h"
#include "feed_protocol.h"
#include "toml_reading.h"

#include <polygon_overlap.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPolygonF>
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
// Pairs of triangles the overlap check compares at most: bench_config's worst case, 256 combs of
// 64 corners interleaving their teeth, stays within it at about 0.3 s of CPU.
constexpr long overlapBudget = 20'000'000;

// Keys the file once took, refused with what replaced them rather than as unknown.
const QStringList retiredFeedKeys = {QStringLiteral("cache"), QStringLiteral("outbox")};

const ConfigTable &tableOf(const QString &name)
{
    for (const ConfigTable &table : shelfConfigTables()) {
        if (table.name == name)
            return table;
    }
    Q_UNREACHABLE();
}

QString headerOf(const ConfigTable &table)
{
    return table.array ? QStringLiteral("[[%1]]").arg(table.name)
                       : QStringLiteral("[%1]").arg(table.name);
}

// Every key of a table the loader reads is in shelfConfigTables(); this reads nothing else.
void checkTableKeys(const toml::table &table, const QString &name, const QString &in,
                    Problems &problems, const QStringList &alsoTaken = {})
{
    checkKeys(table, tableOf(name).keys + alsoTaken, in, problems);
}

// The top level holds tables only: a key there is usually one written above its table's header.
void checkTopLevel(const toml::table &root, Problems &problems)
{
    QStringList headers;
    QStringList tables;
    for (const ConfigTable &table : shelfConfigTables()) {
        headers.append(table.name);
        tables.append(headerOf(table));
    }
    for (const auto &[key, value] : root) {
        const QString name = toQString(key.str());
        if (headers.contains(name))
            continue;
        QString owner;
        for (const ConfigTable &table : shelfConfigTables()) {
            if (table.keys.contains(name) && owner.isEmpty())
                owner = headerOf(table);
        }
        const bool isTable = value.is_table() || value.is_array_of_tables();
        const QString close = closestName(name, headers);
        QString message;
        if (isTable) {
            const QString written = value.is_table() ? QStringLiteral("[%1]").arg(name)
                                                     : QStringLiteral("[[%1]]").arg(name);
            message = QStringLiteral("unknown table %1").arg(written);
            if (!close.isEmpty())
                message += QStringLiteral(" (did you mean %1?)").arg(headerOf(tableOf(close)));
            else
                message += QStringLiteral(" (the tables are %1)")
                               .arg(tables.join(QStringLiteral(", ")));
        } else if (!owner.isEmpty()) {
            message = QStringLiteral("%1 is a key of %2: write it below that table's header")
                          .arg(name, owner);
        } else {
            message = QStringLiteral("unknown key %1 outside any table").arg(name);
        }
        problems.add(placeOf(key), message);
    }
}

std::optional<QVector<QPointF>> parsePolygon(const toml::node &node, const QString &where,
                                             Problems &problems)
{
    const toml::array *points = node.as_array();
    if (!points || points->size() < 3 || points->size() > maxPolygonPoints) {
        problems.add(
            node, where + QStringLiteral(" must list 3 to %1 [x, y] points").arg(maxPolygonPoints));
        return std::nullopt;
    }
    QVector<QPointF> polygon;
    for (const toml::node &point : *points) {
        const toml::array *xy = point.as_array();
        // nan and inf are typos too.
        const auto coordinate = [&xy](std::size_t i) -> std::optional<double> {
            const std::optional<double> value = (*xy)[i].value<double>();
            return value && std::abs(*value) <= maxCoordinate ? value : std::nullopt;
        };
        if (!xy || xy->size() != 2 || !coordinate(0) || !coordinate(1)) {
            problems.add(point,
                         where
                             + QStringLiteral(" points must be [x, y] numbers (at most "
                                              "%1 either way)")
                                   .arg(maxCoordinate));
            return std::nullopt;
        }
        polygon.append({*coordinate(0), *coordinate(1)});
    }
    return polygon;
}

// A ZeroMQ endpoint the feed can connect to; checked here so a typo stops the display at start.
QString requireEndpoint(const toml::table &feed, const char *key, Problems &problems)
{
    const QString endpoint = requireString(feed, key, QStringLiteral("feed"), problems);
    static const QRegularExpression valid(
        QStringLiteral("^(tcp://[^\\s:]+:[0-9]+|ipc://\\S+|inproc://\\S+)$"));
    if (!endpoint.isEmpty() && !valid.match(endpoint).hasMatch())
        problems.add(
            *feed.get(key),
            QStringLiteral("feed.%1 \"%2\" is not tcp://HOST:PORT, ipc://PATH or inproc://NAME")
                .arg(QLatin1String(key), endpoint));
    return endpoint;
}

ConfigPlace toConfigPlace(Place place)
{
    return {place.line, place.column};
}

// Reads what it can and notes every mistake: a bad value takes its default, a bad slot is left
// out, and the reading goes on.
class ConfigReader
{
public:
    ConfigReader(const QString &path, ConfigResult &result)
        : m_problems(path)
        , m_result(result)
    {
        m_config.path = path;
        m_config.folder = QFileInfo(path).path();
    }

    void read(const toml::table &root);
    void finish();

private:
    void readShelf(const toml::table *shelf);
    void readFeed(const toml::table *feed);
    void readCamera(const toml::table &camera);
    void readScale(const toml::table &scale);
    void readSlots(const toml::table &root);
    std::optional<SlotConfig> readSlot(const toml::table &table);
    void crossCheckSlots();
    void note(const QString &name, const toml::node *node)
    {
        if (node)
            m_result.places.insert(name, toConfigPlace(placeOf(*node)));
    }
    void warn(const QString &place, const QString &message)
    {
        m_result.warnings.append(m_result.placeOf(place) + QStringLiteral(": ") + message);
    }

    Problems m_problems;
    ConfigResult &m_result;
    ShelfConfig m_config;
    QStringList m_slotIds; // of every slot read, good or bad
};

void ConfigReader::read(const toml::table &root)
{
    checkTopLevel(root, m_problems);
    readShelf(readTable(root, "shelf", m_problems));
    readFeed(readTable(root, "feed", m_problems));
    if (const toml::table *camera = readTable(root, "camera", m_problems))
        readCamera(*camera);
    if (const toml::table *scale = readTable(root, "scale", m_problems))
        readScale(*scale);
    if (const toml::table *demo = readTable(root, "demo", m_problems)) {
        checkTableKeys(*demo, QStringLiteral("demo"), QStringLiteral("[demo]"), m_problems);
        m_config.demoCatalog = resolve(
            m_config.folder,
            readString(*demo, "catalog", QStringLiteral("demo"), m_problems).value_or(QString()));
    }
    readSlots(root);
    crossCheckSlots();
}

void ConfigReader::finish()
{
    m_result.problems = m_problems.messages();
    m_result.error = m_result.problems.join(u'\n');
    if (m_result.problems.isEmpty())
        m_result.config = m_config;
}

void ConfigReader::readShelf(const toml::table *shelf)
{
    if (!shelf) {
        m_config.contentFolder = m_config.folder;
        m_config.shelfId = QFileInfo(m_config.path).completeBaseName();
        return;
    }
    const QString where = QStringLiteral("shelf");
    checkTableKeys(*shelf, where, QStringLiteral("[shelf]"), m_problems);
    note(QStringLiteral("shelf"), shelf);
    m_config.shelfId = readString(*shelf, "id", where, m_problems).value_or(QString());
    if (m_config.shelfId.isEmpty())
        m_config.shelfId = QFileInfo(m_config.path).completeBaseName();
    if (const std::optional<QString> language = readString(*shelf, "language", where, m_problems)) {
        if (*language == u"en" || *language == u"zh-CN")
            m_config.language = *language;
        else
            m_problems.add(*shelf->get("language"),
                           QStringLiteral("shelf.language must be \"en\" or \"zh-CN\""));
    }
    m_config.contentFolder
        = resolve(m_config.folder,
                  readString(*shelf, "content", where, m_problems).value_or(QStringLiteral(".")));
    note(QStringLiteral("shelf.content"), shelf->get("content"));
    m_config.returnHoldSeconds = int(
        readNumber(*shelf, "return_hold_s", where, m_config.returnHoldSeconds, 0, 600, m_problems));
    m_config.alternateLanguageSeconds
        = int(readNumber(*shelf, "alternate_language_s", where, m_config.alternateLanguageSeconds,
                         0, 3600, m_problems));
    m_config.takeAfterSeconds = int(
        readNumber(*shelf, "take_after_s", where, m_config.takeAfterSeconds, 1, 3600, m_problems));
}

void ConfigReader::readFeed(const toml::table *feed)
{
    if (!feed) {
        m_problems.add(Place{},
                       QStringLiteral("[feed] is missing: it names the store server's endpoints"));
        return;
    }
    const QString where = QStringLiteral("feed");
    checkTableKeys(*feed, where, QStringLiteral("[feed]"), m_problems, retiredFeedKeys);
    note(QStringLiteral("feed"), feed);
    m_config.feed.snapshotEndpoint = requireEndpoint(*feed, "snapshot", m_problems);
    note(QStringLiteral("feed.snapshot"), feed->get("snapshot"));
    m_config.feed.updatesEndpoint = requireEndpoint(*feed, "updates", m_problems);
    m_config.feed.eventsEndpoint = requireEndpoint(*feed, "events", m_problems);
    if (const toml::node *whole = feed->get("whole_catalog")) {
        if (whole->is_boolean())
            m_config.feed.wholeCatalog = whole->as_boolean()->get();
        else
            m_problems.add(*whole, QStringLiteral("feed.whole_catalog must be true or false"));
    }
    m_config.feed.maxPriceAgeHours = int(readNumber(
        *feed, "max_price_age_h", where, m_config.feed.maxPriceAgeHours, 0, 24 * 365, m_problems));
    for (const QString &retired : retiredFeedKeys) {
        if (const toml::node *old = feed->get(retired.toStdString()))
            m_problems.add(*old,
                           QStringLiteral("feed.%1 is replaced by feed.store: one database file "
                                          "for the product cache and the event outbox")
                               .arg(retired));
    }
    const auto path = [&](const char *key) {
        return resolve(m_config.folder,
                       readString(*feed, key, where, m_problems).value_or(QString()));
    };
    m_config.feed.storePath = path("store");
    m_config.feed.serverKeyPath = path("server_key");
    m_config.feed.displayKeyPath = path("display_key");
    note(QStringLiteral("feed.server_key"), feed->get("server_key"));
    note(QStringLiteral("feed.display_key"), feed->get("display_key"));
    const bool server = !m_config.feed.serverKeyPath.isEmpty();
    if (server != !m_config.feed.displayKeyPath.isEmpty())
        m_problems.add(
            *feed->get(server ? "server_key" : "display_key"),
            QStringLiteral("feed.server_key and feed.display_key go together: CURVE needs both"));
}

void ConfigReader::readCamera(const toml::table &camera)
{
    const QString where = QStringLiteral("camera");
    checkTableKeys(camera, where, QStringLiteral("[camera]"), m_problems);
    note(QStringLiteral("camera"), &camera);
    CameraConfig &config = m_config.camera;
    config.source = readString(camera, "source", where, m_problems).value_or(config.source);
    // A video file named in the config is found beside it, like every other path.
    const QString &source = config.source;
    if (source != u"synthetic" && !source.startsWith(u"camera:") && !source.startsWith(u"/dev/")
        && !source.contains(u"://"))
        config.source = resolve(m_config.folder, source);
    config.width = int(readNumber(camera, "width", where, config.width, 64, 7680, m_problems));
    config.height = int(readNumber(camera, "height", where, config.height, 48, 4320, m_problems));
    config.fps = readNumber(camera, "fps", where, config.fps, 1, 120, m_problems);
    const toml::node *markers = camera.get("markers");
    const toml::node *size = camera.get("shelf_size");
    note(QStringLiteral("camera.shelf_size"), size);
    if (markers || size) {
        const toml::array *ids = markers ? markers->as_array() : nullptr;
        const toml::array *wh = size ? size->as_array() : nullptr;
        QVector<int> markerIds;
        if (!ids || ids->size() != 4) {
            m_problems.add(markers ? *markers : *size,
                           QStringLiteral("camera.markers must list the 4 ArUco ids at the "
                                          "shelf's top-left, top-right, bottom-right and "
                                          "bottom-left corners"));
        } else {
            for (const toml::node &id : *ids) {
                const std::optional<int64_t> value = id.value<int64_t>();
                if (!value || *value < 0 || *value >= 50)
                    m_problems.add(
                        id, QStringLiteral("camera.markers: ids of dictionary 4X4_50 are 0 to 49"));
                else
                    markerIds.append(int(*value));
            }
        }
        const auto side = [&wh](std::size_t i) -> std::optional<double> {
            const std::optional<double> value = (*wh)[i].value<double>();
            return value && *value > 0 ? value : std::nullopt;
        };
        if (!wh || wh->size() != 2 || !side(0) || !side(1)) {
            m_problems.add(size ? *size : *markers,
                           QStringLiteral("camera.shelf_size must be [width, height] of the shelf "
                                          "face, in the units of the slot polygons"));
        } else if (markerIds.size() == 4) {
            config.markerIds = markerIds;
            config.shelfSize = QSizeF(*side(0), *side(1));
        }
    }
    if (const toml::node *aisle = camera.get("aisle"))
        config.aislePolygon = parsePolygon(*aisle, QStringLiteral("camera.aisle"), m_problems)
                                  .value_or(QVector<QPointF>());
    config.aisleLeaveSeconds
        = readNumber(camera, "aisle_leave_s", where, config.aisleLeaveSeconds, 0.2, 30, m_problems);
}

void ConfigReader::readScale(const toml::table &scale)
{
    const QString where = QStringLiteral("scale");
    checkTableKeys(scale, where, QStringLiteral("[scale]"), m_problems);
    ScaleConfig &config = m_config.scale;
    config.source = readString(scale, "source", where, m_problems).value_or(QString());
    if (!config.source.isEmpty() && config.source != u"synthetic")
        config.source = resolve(m_config.folder, config.source);
    config.baudRate
        = int(readNumber(scale, "baud", where, config.baudRate, 1200, 4000000, m_problems));
    config.fusionWindowMs = int(
        readNumber(scale, "fusion_window_ms", where, config.fusionWindowMs, 50, 5000, m_problems));
}

void ConfigReader::readSlots(const toml::table &root)
{
    const toml::node *slotsNode = root.get("slot");
    if (!slotsNode || !slotsNode->is_array_of_tables()) {
        m_problems.add(slotsNode ? placeOf(*slotsNode) : Place{},
                       QStringLiteral("no [[slot]] tables: a shelf needs at least one slot"));
        return;
    }
    if (slotsNode->as_array()->size() > maxSlots) {
        m_problems.add(*slotsNode,
                       QStringLiteral("%1 [[slot]] tables; a shelf has at most %2")
                           .arg(slotsNode->as_array()->size())
                           .arg(maxSlots));
        return;
    }
    for (const toml::node &node : *slotsNode->as_array()) {
        if (std::optional<SlotConfig> slot = readSlot(*node.as_table()))
            m_config.slots.append(std::move(*slot));
    }
}

std::optional<SlotConfig> ConfigReader::readSlot(const toml::table &table)
{
    SlotConfig slot;
    const qsizetype before = m_problems.size();
    slot.id = requireString(table, "id", QStringLiteral("slot"), m_problems);
    const QString where = QStringLiteral("slot %1").arg(slot.id);
    checkTableKeys(table, QStringLiteral("slot"),
                   QStringLiteral("[[slot]] %1").arg(slot.id).trimmed(), m_problems);
    slot.sku = requireString(table, "sku", QStringLiteral("slot"), m_problems);
    if (table.get("sku") && table.get("sku")->is_string() && !feed::isValidSku(slot.sku.toUtf8()))
        m_problems.add(*table.get("sku"),
                       QStringLiteral("slot %1: sku \"%2\" is not 1 to 64 of A-Z a-z 0-9 . _ -")
                           .arg(slot.id, slot.sku));
    if (const toml::node *polygon = table.get("polygon"))
        slot.polygon = parsePolygon(*polygon, where + QStringLiteral(".polygon"), m_problems)
                           .value_or(QVector<QPointF>());
    else
        m_problems.add(table, QStringLiteral("slot %1: polygon is missing").arg(slot.id));
    slot.scaleChannel = int(readNumber(table, "scale_channel", where, -1, -1, 63, m_problems));
    slot.unitWeightGrams = readNumber(table, "unit_weight_g", where, 0, 0, 1e6, m_problems);
    if (!slot.id.isEmpty() && m_slotIds.contains(slot.id))
        m_problems.add(table, QStringLiteral("slot id %1 is used twice").arg(slot.id));
    m_slotIds.append(slot.id);
    if (m_problems.size() != before)
        return std::nullopt;
    const QString name = QStringLiteral("slot ") + slot.id;
    note(name, &table);
    note(name + QStringLiteral(".sku"), table.get("sku"));
    note(name + QStringLiteral(".polygon"), table.get("polygon"));
    note(name + QStringLiteral(".scale_channel"), table.get("scale_channel"));
    return slot;
}

void ConfigReader::crossCheckSlots()
{
    const CameraConfig &camera = m_config.camera;
    const bool markers = !camera.markerIds.isEmpty();
    const QSizeF frame = markers ? camera.shelfSize : QSizeF(camera.width, camera.height);
    const QString frameName
        = (markers ? QStringLiteral("the shelf's %1x%2 (camera.shelf_size)")
                   : QStringLiteral("the camera's %1x%2 picture (camera.width, camera.height)"))
              .arg(frame.width())
              .arg(frame.height());
    std::vector<std::optional<vision::Triangulation>> shapes;
    for (const SlotConfig &slot : std::as_const(m_config.slots)) {
        const QString place = QStringLiteral("slot %1.polygon").arg(slot.id);
        std::vector<cv::Point2d> points;
        for (const QPointF &point : slot.polygon)
            points.emplace_back(point.x(), point.y());
        const QRectF box = QPolygonF(slot.polygon).boundingRect();
        if (box.right() <= 0 || box.bottom() <= 0 || box.left() >= frame.width()
            || box.top() >= frame.height())
            warn(place,
                 QStringLiteral("slot %1 lies wholly outside %2, so it is never judged")
                     .arg(slot.id, frameName));
        else if (box.left() < 0 || box.top() < 0 || box.right() > frame.width()
                 || box.bottom() > frame.height())
            warn(place, QStringLiteral("slot %1 reaches beyond %2").arg(slot.id, frameName));
        if (vision::isFlat(points))
            warn(place,
                 QStringLiteral("slot %1's outline has no area: its corners lie on one "
                                "line")
                     .arg(slot.id));
        else if (vision::crossesItself(points))
            warn(place,
                 QStringLiteral("slot %1's outline crosses itself: list its corners in "
                                "order around it")
                     .arg(slot.id));
        // Without a simple outline there is no inside to compare; the warning above says why.
        shapes.push_back(vision::triangulate(points));
    }
    long budget = overlapBudget;
    for (qsizetype j = 0; j < m_config.slots.size(); ++j) {
        for (qsizetype i = 0; i < j; ++i) {
            const auto &a = shapes[std::size_t(i)];
            const auto &b = shapes[std::size_t(j)];
            if (!a || !b)
                continue;
            // Outlines that share an edge share no area; rounding may leave a trace of one.
            const double tolerance = 1e-6 * std::min(a->area, b->area);
            const std::optional<double> shared = vision::sharedArea(*a, *b, tolerance, budget);
            const QString &first = m_config.slots[i].id;
            const QString &second = m_config.slots[j].id;
            const QString place = QStringLiteral("slot %1.polygon").arg(second);
            if (!shared) {
                warn(place,
                     QStringLiteral("slot outlines not checked for overlaps from slot %1 "
                                    "on: too many corners close together")
                         .arg(second));
                return;
            }
            if (*shared > tolerance)
                warn(place,
                     QStringLiteral("slot %1 overlaps slot %2 (%3): a hand in one is seen in both")
                         .arg(second, first, m_result.placeOf(QStringLiteral("slot ") + first)));
        }
    }
}

} // namespace

const QVector<ConfigTable> &shelfConfigTables()
{
    static const QVector<ConfigTable> tables = {
        {QStringLiteral("shelf"),
         false,
         {QStringLiteral("id"), QStringLiteral("language"), QStringLiteral("content"),
          QStringLiteral("return_hold_s"), QStringLiteral("alternate_language_s"),
          QStringLiteral("take_after_s")}},
        {QStringLiteral("feed"),
         false,
         {QStringLiteral("snapshot"), QStringLiteral("updates"), QStringLiteral("events"),
          QStringLiteral("whole_catalog"), QStringLiteral("max_price_age_h"),
          QStringLiteral("store"), QStringLiteral("server_key"), QStringLiteral("display_key")}},
        {QStringLiteral("camera"),
         false,
         {QStringLiteral("source"), QStringLiteral("width"), QStringLiteral("height"),
          QStringLiteral("fps"), QStringLiteral("markers"), QStringLiteral("shelf_size"),
          QStringLiteral("aisle"), QStringLiteral("aisle_leave_s")}},
        {QStringLiteral("scale"),
         false,
         {QStringLiteral("source"), QStringLiteral("baud"), QStringLiteral("fusion_window_ms")}},
        {QStringLiteral("demo"), false, {QStringLiteral("catalog")}},
        {QStringLiteral("slot"),
         true,
         {QStringLiteral("id"), QStringLiteral("sku"), QStringLiteral("polygon"),
          QStringLiteral("scale_channel"), QStringLiteral("unit_weight_g")}},
    };
    return tables;
}

QString ConfigResult::placeOf(const QString &name) const
{
    const ConfigPlace place = places.value(name);
    return QStringLiteral("%1:%2:%3").arg(path).arg(place.line).arg(place.column);
}

ConfigResult parseShelfConfig(const QByteArray &text, const QString &path)
{
    ConfigResult result;
    result.path = path;
    Problems syntax(path);
    if (const std::optional<toml::table> root = parseDocument(text, syntax)) {
        ConfigReader reader(path, result);
        reader.read(*root);
        reader.finish();
    } else {
        result.problems = syntax.messages();
        result.error = result.problems.join(u'\n');
    }
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
    if (!read.error.isEmpty()) {
        ConfigResult result;
        result.path = path;
        result.problems = QStringList{read.error};
        result.error = read.error;
        return result;
    }
    ConfigResult result = parseShelfConfig(read.bytes, path);
    if (result.config)
        result.config->digest = QString::fromLatin1(
            QCryptographicHash::hash(read.bytes, QCryptographicHash::Sha256).toHex().left(12));
    // The content folder is watched for attract.toml and theme.toml: one that is not there yet
    // shows the defaults until it is made.
    if (result.config && !QFileInfo(result.config->contentFolder).isDir())
        result.warnings.append(
            result.placeOf(QStringLiteral("shelf.content"))
            + QStringLiteral(": the content folder %1 does not exist; the shelf shows its default "
                             "attract loop and theme")
                  .arg(result.config->contentFolder));
    return result;
}

} // namespace shelf
