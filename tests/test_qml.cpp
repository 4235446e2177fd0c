// Qt Quick Test runner for the QML components; the module is linked in statically.
#include <attract_content.h>
#include <catalog.h>
#include <pickup.h>
#include <product_record.h>
#include <shelf_view.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QQmlEngine>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(Shelfscreen_UiPlugin)

namespace {

// Products for the card and comparison tests, taken the way the display takes them: records
// as the feed sends them, parsed and held in a catalog, and the ShelfView that formats the card
// and the comparison and switches languages. QML reaches it as Shelfscreen.Test's Shelf.
class ShelfFixture : public QObject
{
    Q_OBJECT
    Q_PROPERTY(shelf::ShelfView *view READ view CONSTANT FINAL)
public:
    explicit ShelfFixture(QQmlEngine *engine)
        : m_catalog(12)
        , m_view(m_catalog, shelfSettings(), nullptr)
    {
        m_view.setEngine(engine);
    }

    shelf::ShelfView *view() { return &m_view; }

    // The attract loop's tiles show these, in this order, once the catalog has them.
    static shelf::ShelfView::Settings shelfSettings()
    {
        shelf::ShelfView::Settings settings;
        settings.shelfSkus = {QStringLiteral("apples"), QStringLiteral("bread")};
        return settings;
    }

    // An operator's attract.toml for a shelf of the products added so far and of moreSkus (on
    // the shelf, not yet in the catalog); returns the error the display would log, empty when
    // the content was applied.
    Q_INVOKABLE QString setAttract(const QString &toml, const QStringList &moreSkus = {})
    {
        shelf::ShelfConfig config;
        for (const QString &sku : m_added + moreSkus)
            config.slots.append({sku, sku, {}});
        const shelf::AttractContentResult result
            = shelf::parseAttractContent(toml.toUtf8(), QStringLiteral("attract.toml"), config);
        if (!result.content)
            return result.error;
        m_view.setAttractContent(*result.content);
        return {};
    }

    // A record in the feed's JSON; returns why the feed would reject it, empty when accepted.
    Q_INVOKABLE QString addProduct(const QVariantMap &json)
    {
        const QString sku = json.value(QStringLiteral("sku")).toString();
        const shelf::RecordParseResult parsed = shelf::parseProductRecord(
            QJsonDocument(QJsonObject::fromVariantMap(json)).toJson(), sku);
        if (!parsed.record)
            return parsed.error;
        if (!m_added.contains(sku))
            m_added.append(sku);
        m_catalog.applyChanges(
            {shelf::ProductChange{sku, QStringLiteral("e1"), ++m_version, parsed.record,
                                  QDateTime::currentDateTimeUtc()}});
        return {};
    }

    // Exactly these products are out of their slots, the newest last: one shows its card, two
    // to four the comparison.
    Q_INVOKABLE void lift(const QStringList &skus)
    {
        for (const QString &sku : std::as_const(m_out))
            decide(shelf::PickupDecision::Type::Return, sku);
        m_out = skus;
        for (const QString &sku : skus)
            decide(shelf::PickupDecision::Type::Lift, sku);
    }

private:
    void decide(shelf::PickupDecision::Type type, const QString &sku)
    {
        shelf::PickupDecision decision;
        decision.type = type;
        decision.sku = sku;
        m_view.onDecision(decision);
    }

    shelf::ProductCatalog m_catalog;
    shelf::ShelfView m_view;
    QStringList m_out;
    QStringList m_added;
    quint64 m_version = 0;
};

} // namespace

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        // One fixture per test file: each file gets its own engine, which owns the fixture.
        qmlRegisterSingletonType<ShelfFixture>(
            "Shelfscreen.Test", 1, 0, "Shelf",
            [](QQmlEngine *engine, QJSEngine *) { return new ShelfFixture(engine); });
    }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(shelfui, Setup)

#include "test_qml.moc"
