#include "shelf_view.h"

#include <catalog.h>
#include <trace.h>

#include <QCoreApplication>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>

#include <functional>

Q_LOGGING_CATEGORY(lcUi, "shelf.ui")

namespace shelf {

ShelfProductsModel::ShelfProductsModel(const ProductCatalog &catalog, QStringList skus,
                                       QString contentFolder, QObject *parent)
    : QAbstractListModel(parent)
    , m_catalog(catalog)
    , m_contentFolder(std::move(contentFolder))
    , m_skus(std::move(skus))
{ }

int ShelfProductsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ShelfProductsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    switch (Role(role)) {
    case Role::Sku:
        return row.sku;
    case Role::Name:
        return row.name;
    case Role::PriceText:
        return row.priceText;
    case Role::ImageSource:
        return row.imageSource;
    }
    return {};
}

QHash<int, QByteArray> ShelfProductsModel::roleNames() const
{
    return {{int(Role::Sku), "sku"},
            {int(Role::Name), "name"},
            {int(Role::PriceText), "priceText"},
            {int(Role::ImageSource), "imageSource"}};
}

ShelfProductsModel::Row ShelfProductsModel::rowFor(const QString &sku) const
{
    const ProductCatalog::Entry *entry = m_catalog.find(sku);
    Row row;
    row.sku = sku;
    row.name = entry->record.name.pick(m_language);
    row.priceText
        = m_catalog.isPriceCurrent(sku) ? entry->record.price.format(m_language) : QString();
    row.imageSource = contentUrl(m_contentFolder, entry->record.image);
    return row;
}

void ShelfProductsModel::setLanguage(const QString &language)
{
    m_language = language;
    refresh(m_skus);
}

void ShelfProductsModel::setShelf(const QStringList &skus, const QString &contentFolder)
{
    beginResetModel();
    m_skus = skus;
    m_contentFolder = contentFolder;
    m_rows.clear();
    endResetModel();
    refresh(m_skus);
}

void ShelfProductsModel::refresh(const QStringList &changedSkus)
{
    // Rows follow shelf order; a product appears once the catalog knows it.
    QList<Row> rows;
    for (const QString &sku : std::as_const(m_skus)) {
        if (m_catalog.find(sku))
            rows.append(rowFor(sku));
    }
    bool sameSkus = rows.size() == m_rows.size();
    for (int i = 0; sameSkus && i < rows.size(); ++i)
        sameSkus = rows[i].sku == m_rows[i].sku;
    if (!sameSkus) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    for (int i = 0; i < rows.size(); ++i) {
        if (!changedSkus.contains(rows[i].sku))
            continue;
        m_rows[i] = rows[i];
        Q_EMIT dataChanged(index(i), index(i),
                           {int(Role::Name), int(Role::PriceText), int(Role::ImageSource)});
    }
}

ShelfView::ShelfView(const ProductCatalog &catalog, Settings settings, Trace *trace,
                     ShelfClock &clock, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_settings(std::move(settings))
    , m_trace(trace)
    , m_card(new ProductCardView(this))
    , m_products(
          new ShelfProductsModel(catalog, m_settings.shelfSkus, m_settings.contentFolder, this))
    , m_comparison(new CompareModel(catalog, m_settings.contentFolder, this))
    , m_attract(new AttractModel(catalog, m_settings.contentFolder, this))
    , m_clock(clock)
{
    checkPriceAgesEvery(m_settings.priceAgeCheckMs);
    m_configuredLanguage = m_settings.language;
    alternateLanguageEvery(m_settings.alternateLanguageMs);
    connect(&catalog, &ProductCatalog::productsChanged, this, &ShelfView::onProductsChanged);
    // What the staff line says goes to the trace too, so a fault can be read after the fact.
    connect(this, &ShelfView::healthChanged, this, [this] {
        const QString status = staffStatusText();
        if (!m_trace || status == m_tracedStaffStatus)
            return;
        m_tracedStaffStatus = status;
        m_trace->write("staff_status", {{QStringLiteral("text"), status}});
    });
    connect(&catalog, &ProductCatalog::healthChanged, this, [this] {
        refreshCard();
        m_products->refresh(m_settings.shelfSkus);
        m_attract->refresh(m_settings.shelfSkus);
        Q_EMIT healthChanged();
    });
    setLanguage(m_settings.language);
}

ShelfView::~ShelfView()
{
    if (m_translator)
        QCoreApplication::removeTranslator(m_translator.get());
}

void ShelfView::setWindow(QQuickWindow *window)
{
    // Both may come from the render thread. A change is in a frame once the scene graph was
    // synchronised after it (the GUI thread is blocked then); it is seen once that frame is
    // swapped.
    connect(
        window, &QQuickWindow::afterSynchronizing, this,
        [this] {
            std::lock_guard lock(m_cardTraceMutex);
            if (m_changedCard)
                m_syncedCard = std::exchange(m_changedCard, std::nullopt);
        },
        Qt::DirectConnection);
    connect(window, &QQuickWindow::frameSwapped, this, &ShelfView::onFrameSwapped,
            Qt::DirectConnection);
}

QStringList ShelfView::truncatedTexts(QQuickWindow *window)
{
    QStringList found;
    std::function<void(QQuickItem *)> visit = [&](QQuickItem *item) {
        if (!item->isVisible())
            return;
        if (item->inherits("QQuickText") && item->property("truncated").toBool())
            found.append(item->objectName() + QStringLiteral(": ")
                         + item->property("text").toString().left(60));
        for (QQuickItem *child : item->childItems())
            visit(child);
    };
    visit(window->contentItem());
    return found;
}

bool ShelfView::feedLive() const
{
    return m_catalog.health() == FeedHealth::Live;
}

QString ShelfView::staffStatusText() const
{
    QStringList problems;
    switch (m_catalog.health()) {
    case FeedHealth::Live:
        break;
    case FeedHealth::NeverConnected:
        problems.append(tr("Connecting to the store server"));
        break;
    case FeedHealth::Updating:
        problems.append(tr("Updating prices from the store server"));
        break;
    case FeedHealth::Stale:
        problems.append(
            tr("Store server offline since %1")
                .arg(m_catalog.healthSince().toLocalTime().toString(QStringLiteral("HH:mm"))));
        break;
    }
    if (!m_cameraUp)
        problems.append(tr("Camera offline"));
    if (!m_scaleUp)
        problems.append(tr("Scale offline"));
    if (!m_storageUp)
        problems.append(tr("Cannot save to disk"));
    if (!m_unknownSkus.isEmpty()) {
        // A few are named; a whole shelf of them is a wrong config, and the log has every one.
        QStringList named = m_unknownSkus.mid(0, 3);
        if (m_unknownSkus.size() > named.size())
            named.append(tr("%n more", nullptr, int(m_unknownSkus.size() - named.size())));
        problems.append(tr("Not known to the store: %1").arg(named.join(QStringLiteral(", "))));
    }
    if (!m_configProblem.isEmpty())
        problems.append(tr("Shelf config not applied: %1").arg(m_configProblem));
    return problems.join(QStringLiteral(" · "));
}

void ShelfView::identify(const QString &shelfId, int ms)
{
    m_identifyText = shelfId;
    Q_EMIT identifyTextChanged();
    // A second command while it shows starts the time again.
    m_identifyEnd = m_clock.ringAfter(ms, this, [this] {
        m_identifyText.clear();
        Q_EMIT identifyTextChanged();
        m_identifyEnd.reset();
    });
    if (m_trace)
        m_trace->write("identify",
                       {{QStringLiteral("shelf"), shelfId}, {QStringLiteral("ms"), ms}});
}

void ShelfView::showSetupProblems(const QStringList &problems)
{
    if (problems == m_setupProblems)
        return;
    m_setupProblems = problems;
    Q_EMIT setupProblemsChanged();
}

void ShelfView::setConfigProblem(const QString &where)
{
    if (where == m_configProblem)
        return;
    m_configProblem = where;
    Q_EMIT healthChanged();
}

void ShelfView::setUnknownSkus(const QStringList &skus)
{
    if (skus == m_unknownSkus)
        return;
    m_unknownSkus = skus;
    Q_EMIT healthChanged();
}

void ShelfView::setSettings(const Settings &settings)
{
    const Settings previous = std::exchange(m_settings, settings);
    if (previous.shelfSkus != settings.shelfSkus
        || previous.contentFolder != settings.contentFolder)
        m_products->setShelf(settings.shelfSkus, settings.contentFolder);
    m_comparison->setContentFolder(settings.contentFolder);
    m_attract->setContentFolder(settings.contentFolder);
    if (previous.priceAgeCheckMs != settings.priceAgeCheckMs)
        checkPriceAgesEvery(settings.priceAgeCheckMs);
    if (previous.alternateLanguageMs != settings.alternateLanguageMs)
        alternateLanguageEvery(settings.alternateLanguageMs);
    if (previous.language != settings.language) {
        m_configuredLanguage = settings.language;
        // A shopper reading a card keeps its language until they are done.
        if (m_screen == Screen::Attract)
            applyLanguage(settings.language);
    }
    // What a shopper holds stays on screen, even when its slot now holds another product: fusion
    // still decides its return or take.
    refreshCard();
}

void ShelfView::setDebugView(bool enabled)
{
    if (enabled == m_debugView)
        return;
    m_debugView = enabled;
    Q_EMIT debugViewChanged();
}

void ShelfView::setCameraUp(bool up)
{
    if (up == m_cameraUp)
        return;
    m_cameraUp = up;
    Q_EMIT healthChanged();
}

void ShelfView::setScaleUp(bool up)
{
    if (up == m_scaleUp)
        return;
    m_scaleUp = up;
    Q_EMIT healthChanged();
}

void ShelfView::setStorageUp(bool up)
{
    if (up == m_storageUp)
        return;
    m_storageUp = up;
    Q_EMIT healthChanged();
}

void ShelfView::setCameraFrame(const QImage &frame)
{
    m_cameraFrame = frame;
    Q_EMIT cameraFrameChanged();
}

void ShelfView::setLanguage(const QString &language)
{
    // An explicit choice (config, script, keyboard): cards are shown in it from now on.
    m_configuredLanguage = language;
    applyLanguage(language);
}

void ShelfView::applyLanguage(const QString &language)
{
    if (language == m_language)
        return;
    if (m_translator) {
        QCoreApplication::removeTranslator(m_translator.get());
        m_translator.reset();
    }
    {
        auto translator = std::make_unique<QTranslator>();
        const QString file = QStringLiteral("shelfscreen_") + QString(language).replace(u'-', u'_');
        if (translator->load(file, QStringLiteral(":/i18n"))) {
            QCoreApplication::installTranslator(translator.get());
            m_translator = std::move(translator);
        } else {
            qCWarning(lcUi) << "no translation" << file << "for language" << language;
        }
    }
    m_language = language;
    m_products->setLanguage(language);
    m_attract->setLanguage(language);
    refreshCard();
    if (m_screen == Screen::Compare)
        m_comparison->setProducts(m_out, language);
    if (m_engine)
        m_engine->retranslate();
    if (m_trace)
        m_trace->write("language", {{QStringLiteral("language"), language}});
    Q_EMIT languageChanged();
    Q_EMIT healthChanged(); // its staff texts are in the new language now
}

void ShelfView::toggleLanguage()
{
    setLanguage(m_language == u"en" ? QStringLiteral("zh-CN") : QStringLiteral("en"));
}

void ShelfView::onDecision(const PickupDecision &decision)
{
    switch (decision.type) {
    case PickupDecision::Type::Lift:
        m_out.removeAll(decision.sku);
        m_out.append(decision.sku);
        showWhatIsOut();
        break;
    case PickupDecision::Type::Scan:
        showCard(decision.sku);
        break;
    case PickupDecision::Type::Return:
        m_out.removeAll(decision.sku);
        if (m_screen == Screen::Compare) {
            showWhatIsOut();
        } else if (m_screen == Screen::Card && decision.sku == m_cardSku) {
            // The card stays a moment after the product is back, then the attract loop returns.
            backToAttractAfter(m_settings.returnHoldMs);
        }
        break;
    case PickupDecision::Type::Take:
        m_out.removeAll(decision.sku);
        if (m_screen == Screen::Compare) {
            showWhatIsOut();
        } else if (m_screen == Screen::Card && decision.sku == m_cardSku) {
            setScreen(Screen::Thanks);
            backToAttractAfter(m_settings.thanksMs);
        }
        break;
    }
}

void ShelfView::backToAttractAfter(int ms)
{
    m_backToAttract = m_clock.ringAfter(ms, this, [this] {
        // The attract loop starts again in the shelf's language: the operator may have changed
        // it while a shopper read a card.
        applyLanguage(m_configuredLanguage);
        setScreen(Screen::Attract);
    });
}

void ShelfView::checkPriceAgesEvery(int ms)
{
    // A price may grow too old to show while no message arrives at all (the feed is down): what
    // is on screen is checked again now and then, not only when the feed says something.
    m_priceAgeCheck = m_clock.ringAfter(ms, this, [this, ms] {
        checkPriceAgesEvery(ms);
        m_products->refresh(m_settings.shelfSkus);
        m_attract->refresh(m_settings.shelfSkus);
        refreshCard();
        if (m_screen == Screen::Compare)
            m_comparison->setProducts(m_out, m_language);
    });
}

void ShelfView::alternateLanguageEvery(int ms)
{
    // The attract loop speaks to every shopper in turn; a card is shown in the shelf's language.
    if (ms <= 0) {
        m_alternateLanguage.reset();
        return;
    }
    m_alternateLanguage = m_clock.ringAfter(ms, this, [this, ms] {
        alternateLanguageEvery(ms);
        if (m_screen == Screen::Attract)
            applyLanguage(m_language == u"en" ? QStringLiteral("zh-CN") : QStringLiteral("en"));
    });
}

void ShelfView::showWhatIsOut()
{
    if (m_out.size() >= 2) {
        m_backToAttract.reset();
        m_comparison->setProducts(m_out, m_language);
        setScreen(Screen::Compare);
        if (m_trace)
            m_trace->write("compare_shown",
                           {{QStringLiteral("skus"), m_comparison->skus().join(u',')}});
    } else if (m_out.size() == 1) {
        showCard(m_out.constFirst());
    } else if (m_screen == Screen::Compare) {
        backToAttractAfter(m_settings.returnHoldMs);
    }
}

void ShelfView::showCard(const QString &sku)
{
    m_backToAttract.reset();
    if (m_language != m_configuredLanguage)
        applyLanguage(m_configuredLanguage);
    m_cardSku = sku;
    setScreen(Screen::Card);
    refreshCard();
}

void ShelfView::refreshCard()
{
    if (m_cardSku.isEmpty())
        return;
    const ProductCatalog::Entry *entry = m_catalog.find(m_cardSku);
    m_card->show(m_cardSku, entry ? &entry->record : nullptr, m_catalog.isPriceCurrent(m_cardSku),
                 m_language, m_settings.contentFolder);
    if (m_screen == Screen::Card)
        traceCardWhenRendered();
}

void ShelfView::traceCardWhenRendered()
{
    std::lock_guard lock(m_cardTraceMutex);
    m_changedCard = CardTrace{m_cardSku, m_card->priceText(), monotonicMicros()};
}

void ShelfView::setScreen(Screen screen)
{
    if (screen == m_screen)
        return;
    m_screen = screen;
    if (screen != Screen::Card) {
        std::lock_guard lock(m_cardTraceMutex);
        m_changedCard.reset();
        m_syncedCard.reset();
    }
    if (m_trace) {
        static const char *names[] = {"attract", "card", "compare", "thanks"};
        m_trace->write("screen",
                       {{QStringLiteral("screen"), QString::fromLatin1(names[int(screen)])}});
    }
    Q_EMIT screenChanged();
}

void ShelfView::setAttractContent(const AttractContent &content)
{
    m_attract->setContent(content);
    if (m_trace)
        m_trace->write("attract_content", {{QStringLiteral("slides"), int(content.slides.size())}});
}

void ShelfView::onProductsChanged(const QStringList &skus)
{
    m_products->refresh(skus);
    m_attract->refresh(skus);
    if (m_screen == Screen::Compare)
        m_comparison->setProducts(m_out, m_language);
    if (skus.contains(m_cardSku))
        refreshCard();
}

void ShelfView::onFrameSwapped()
{
    if (!m_firstFrameShown.exchange(true))
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT firstFrameShownChanged(); }, Qt::QueuedConnection);
    std::optional<CardTrace> shown;
    {
        std::lock_guard lock(m_cardTraceMutex);
        shown = std::exchange(m_syncedCard, std::nullopt);
    }
    if (shown)
        Q_EMIT cardRendered(shown->sku, shown->priceText, monotonicMicros());
    if (shown && m_trace) {
        m_trace->write(
            "card_shown",
            {{QStringLiteral("sku"), shown->sku},
             {QStringLiteral("price"), shown->priceText},
             {QStringLiteral("since_decision_us"), monotonicMicros() - shown->decidedUs}});
    }
}

} // namespace shelf
