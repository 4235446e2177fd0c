#pragma once

#include "product_card_view.h"

#include <attract_content.h>

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace shelf {

class ProductCatalog;

// The attract loop's slides in the display language: the operator's order, durations, words and
// pictures, with the live price of any product a slide names. Replaced whole when attract.toml
// changes; a slide's product card follows the feed by itself. A product slide waits, left out,
// until the catalog knows its product: a shopper never sees a slide about nothing.
class AttractModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Made by ShelfView")
    Q_PROPERTY(QString invitation READ invitation NOTIFY invitationChanged FINAL)
public:
    enum class Role { Kind = Qt::UserRole + 1, DurationMs, TileMs, Title, Text, ImageSource, Card };

    AttractModel(const ProductCatalog &catalog, QString contentFolder, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The operator's invitation in the display language; empty: the built-in one.
    QString invitation() const { return m_content.invitation.pick(m_language); }

    void setContent(const AttractContent &content);
    // Where the content's relative picture paths start; takes effect with the next setContent.
    void setContentFolder(const QString &folder) { m_contentFolder = folder; }
    void setLanguage(const QString &language);
    // Prices and names of these products changed in the catalog.
    void refresh(const QStringList &changedSkus);

Q_SIGNALS:
    void invitationChanged();

private:
    void fillCard(int slide);
    // The slides to play now, as indices into the content; -1 is the shelf's products, played
    // when nothing else can be.
    QVector<int> playable() const;
    const AttractSlide &slideAt(int row) const;

    const ProductCatalog &m_catalog;
    QString m_contentFolder;
    QString m_language = QStringLiteral("en");
    AttractContent m_content = defaultAttractContent();
    QList<ProductCardView *> m_cards; // per slide; null for slides without a product
    QVector<int> m_shown; // the rows: playable() when last checked
};

} // namespace shelf
