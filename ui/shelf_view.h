#pragma once

#include "attract_model.h"
#include "compare_model.h"
#include "product_card_view.h"

#include <pickup.h>
#include <shelf_clock.h>

#include <QAbstractListModel>
#include <QImage>
#include <QObject>
#include <QTranslator>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

class QQmlEngine;
class QQuickWindow;

namespace shelf {

class ProductCatalog;
class Trace;

// The shelf's products for the attract loop: name, price and picture in the display language.
class ShelfProductsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Made by ShelfView")
public:
    enum class Role { Sku = Qt::UserRole + 1, Name, PriceText, ImageSource };

    ShelfProductsModel(const ProductCatalog &catalog, QStringList skus, QString contentFolder,
                       QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setLanguage(const QString &language);
    void refresh(const QStringList &changedSkus);
    // The operator changed the shelf's products or its content folder.
    void setShelf(const QStringList &skus, const QString &contentFolder);

private:
    struct Row
    {
        QString sku, name, priceText;
        QUrl imageSource;
    };
    Row rowFor(const QString &sku) const;

    const ProductCatalog &m_catalog;
    QString m_contentFolder;
    QString m_language = QStringLiteral("en");
    QList<Row> m_rows; // only products the catalog knows, in shelf order
    QStringList m_skus;
};

// The state of the shopper's screen: which screen shows, the product card, the language and the
// health of the feed and the camera. Decisions arrive from fusion; QML only binds to this.
class ShelfView : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Made by main()")
    Q_PROPERTY(Screen screen READ screen NOTIFY screenChanged FINAL)
    Q_PROPERTY(shelf::ProductCardView *card READ card CONSTANT FINAL)
    Q_PROPERTY(shelf::ShelfProductsModel *products READ products CONSTANT FINAL)
    Q_PROPERTY(shelf::CompareModel *comparison READ comparison CONSTANT FINAL)
    Q_PROPERTY(shelf::AttractModel *attract READ attract CONSTANT FINAL)
    Q_PROPERTY(QString language READ language NOTIFY languageChanged FINAL)
    Q_PROPERTY(bool feedLive READ feedLive NOTIFY healthChanged FINAL)
    Q_PROPERTY(QString staffStatusText READ staffStatusText NOTIFY healthChanged FINAL)
    Q_PROPERTY(bool cameraUp READ cameraUp NOTIFY healthChanged FINAL)
    Q_PROPERTY(bool debugView READ debugView WRITE setDebugView NOTIFY debugViewChanged FINAL)
    Q_PROPERTY(QImage cameraFrame READ cameraFrame NOTIFY cameraFrameChanged FINAL)
    Q_PROPERTY(QStringList setupProblems READ setupProblems NOTIFY setupProblemsChanged FINAL)
    Q_PROPERTY(QString identifyText READ identifyText NOTIFY identifyTextChanged FINAL)
    // The window's first frame was swapped: what only a shopper's act shows is made after it.
    Q_PROPERTY(bool firstFrameShown READ firstFrameShown NOTIFY firstFrameShownChanged FINAL)

public:
    enum class Screen { Attract, Card, Compare, Thanks };
    Q_ENUM(Screen)

    struct Settings
    {
        QString language = QStringLiteral("en");
        QString contentFolder;
        QStringList shelfSkus;
        int returnHoldMs = 4000;
        int thanksMs = 2500;
        // While nobody is at the shelf, the language alternates this often; 0: it stays.
        int alternateLanguageMs = 0;
        // How often prices shown are checked against the maximum age while nothing changes.
        int priceAgeCheckMs = 60000;
    };

    // How long a card stays, and when the attract loop changes language, wait on `clock`.
    ShelfView(const ProductCatalog &catalog, Settings settings, Trace *trace,
              ShelfClock &clock = systemClock(), QObject *parent = nullptr);
    ~ShelfView() override;

    // The operator changed the shelf config while it runs: what a shopper holds stays on screen.
    void setSettings(const Settings &settings);

    // The engine whose texts are retranslated on a language change.
    void setEngine(QQmlEngine *engine) { m_engine = engine; }
    // The window whose rendered frames confirm, in the trace, that a card was shown.
    void setWindow(QQuickWindow *window);
    // Text items on screen whose text does not fit: "objectName: text" for each. A screenshot's
    // trace lists them, so a test can tell elided-on-purpose from cut-off.
    static QStringList truncatedTexts(QQuickWindow *window);

    Screen screen() const { return m_screen; }
    ProductCardView *card() const { return m_card; }
    ShelfProductsModel *products() const { return m_products; }
    CompareModel *comparison() const { return m_comparison; }
    AttractModel *attract() const { return m_attract; }
    QString language() const { return m_language; }
    bool feedLive() const;
    // Empty while the feed is live; otherwise what the staff should know, e.g. "Offline since
    // 10:42".
    QString staffStatusText() const;
    bool cameraUp() const { return m_cameraUp; }
    bool debugView() const { return m_debugView; }
    void setDebugView(bool enabled);
    QImage cameraFrame() const { return m_cameraFrame; }
    // Why the shelf cannot start (FILE:LINE: what, each): shown to staff full screen instead of
    // the shelf, until the config is fixed. Empty while the shelf runs.
    QStringList setupProblems() const { return m_setupProblems; }
    void showSetupProblems(const QStringList &problems);
    // The shelf id, shown large over everything for an installer looking for this screen (the
    // store server's `identify` command); empty when not shown.
    QString identifyText() const { return m_identifyText; }
    bool firstFrameShown() const { return m_firstFrameShown; }
    void identify(const QString &shelfId, int ms);

public Q_SLOTS:
    void onDecision(const shelf::PickupDecision &decision);
    void setLanguage(const QString &language);
    void setCameraUp(bool up);
    // The shelf scale's board: down when unplugged or silent; the shelf goes on with the camera.
    void setScaleUp(bool up);
    // Whether the display's database can be written; while not, the staff are told.
    void setStorageUp(bool up);
    // Where the operator's last edit of the shelf config is wrong ("shelf.toml:12"), while the
    // display runs on the config before it; empty once a good edit was applied.
    void setConfigProblem(const QString &where);
    // Shelf products the store server answered UNKNOWN for: lifting one shows no price.
    void setUnknownSkus(const QStringList &skus);
    // The operator's attract.toml, read again after an edit.
    void setAttractContent(const shelf::AttractContent &content);
    void setCameraFrame(const QImage &frame);
    // Demo keyboard: flip between the two languages.
    void toggleLanguage();

Q_SIGNALS:
    void screenChanged();
    void languageChanged();
    void healthChanged();
    void debugViewChanged();
    void cameraFrameChanged();
    void setupProblemsChanged();
    void identifyTextChanged();
    void firstFrameShownChanged();
    // A frame showing this card reached the screen (emitted from the render thread).
    void cardRendered(const QString &sku, const QString &priceText, qint64 atMicros);

private:
    void backToAttractAfter(int ms);
    void checkPriceAgesEvery(int ms);
    void alternateLanguageEvery(int ms); // 0: never
    void showCard(const QString &sku);
    // The card, the comparison or nothing, for what is out of the shelf now.
    void showWhatIsOut();
    void setScreen(Screen screen);
    void refreshCard();
    void applyLanguage(const QString &language);
    void traceCardWhenRendered();
    void onProductsChanged(const QStringList &skus);
    void onFrameSwapped();

    const ProductCatalog &m_catalog;
    Settings m_settings;
    Trace *m_trace;
    QQmlEngine *m_engine = nullptr;
    ProductCardView *m_card;
    ShelfProductsModel *m_products;
    CompareModel *m_comparison;
    AttractModel *m_attract;
    QStringList m_out; // skus out of their slots now, oldest first
    QString m_language;
    std::unique_ptr<QTranslator> m_translator;
    Screen m_screen = Screen::Attract;
    QString m_cardSku;
    ShelfClock &m_clock;
    std::unique_ptr<Alarm> m_backToAttract;
    std::unique_ptr<Alarm> m_alternateLanguage;
    std::unique_ptr<Alarm> m_priceAgeCheck;
    std::unique_ptr<Alarm> m_identifyEnd;
    QString m_identifyText;
    QString m_configuredLanguage; // the language a shopper's card is shown in
    bool m_cameraUp = true;
    bool m_scaleUp = true;
    bool m_storageUp = true;
    QString m_configProblem;
    QStringList m_setupProblems;
    QStringList m_unknownSkus;
    QString m_tracedStaffStatus; // the staff line as last written to the trace
    bool m_debugView = false;
    QImage m_cameraFrame;

    // Written on the GUI thread, read where the window's frames are swapped (maybe the render
    // thread).
    struct CardTrace
    {
        QString sku, priceText;
        qint64 decidedUs = 0;
    };
    std::mutex m_cardTraceMutex;
    std::atomic_bool m_firstFrameShown{false}; // set from the render thread
    std::optional<CardTrace> m_changedCard; // changed on the GUI thread, not yet in a frame
    std::optional<CardTrace> m_syncedCard; // in the frame being rendered
};

} // namespace shelf
