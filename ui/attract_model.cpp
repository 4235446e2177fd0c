#include "attract_model.h"

#include <catalog.h>

namespace shelf {

AttractModel::AttractModel(const ProductCatalog &catalog, QString contentFolder, QObject *parent)
    : QAbstractListModel(parent)
    , m_catalog(catalog)
    , m_contentFolder(std::move(contentFolder))
{
    setContent(m_content);
}

int AttractModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shown.size());
}

QVector<int> AttractModel::playable() const
{
    QVector<int> shown;
    for (int i = 0; i < m_content.slides.size(); ++i) {
        const AttractSlide &slide = m_content.slides[i];
        if (slide.kind != AttractSlide::Kind::Product || m_catalog.find(slide.sku))
            shown.append(i);
    }
    if (shown.isEmpty())
        shown.append(-1);
    return shown;
}

const AttractSlide &AttractModel::slideAt(int row) const
{
    static const AttractSlide shelfProducts = defaultAttractContent().slides.first();
    const int slide = m_shown.value(row, -1);
    return slide >= 0 ? m_content.slides[slide] : shelfProducts;
}

QVariant AttractModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_shown.size())
        return {};
    const AttractSlide &slide = slideAt(index.row());
    ProductCardView *card
        = m_shown[index.row()] >= 0 ? m_cards.value(m_shown[index.row()]) : nullptr;
    switch (Role(role)) {
    case Role::Kind:
        switch (slide.kind) {
        case AttractSlide::Kind::Products:
            return QStringLiteral("products");
        case AttractSlide::Kind::Product:
            return QStringLiteral("product");
        case AttractSlide::Kind::Promotion:
            return QStringLiteral("promotion");
        }
        return {};
    case Role::DurationMs:
        return slide.durationMs;
    case Role::TileMs:
        return slide.tileMs;
    case Role::Title:
        // A product's own name when the operator gave no title.
        return !slide.title.isEmpty() ? slide.title.pick(m_language)
            : card                    ? card->name()
                                      : QString();
    case Role::Text:
        return slide.text.pick(m_language);
    case Role::ImageSource:
        if (!slide.image.isEmpty())
            return contentUrl(m_contentFolder, slide.image);
        return card ? card->imageSource() : QUrl();
    case Role::Card:
        return QVariant::fromValue(card);
    }
    return {};
}

QHash<int, QByteArray> AttractModel::roleNames() const
{
    return {{int(Role::Kind), "kind"},     {int(Role::DurationMs), "durationMs"},
            {int(Role::TileMs), "tileMs"}, {int(Role::Title), "title"},
            {int(Role::Text), "text"},     {int(Role::ImageSource), "imageSource"},
            {int(Role::Card), "card"}};
}

void AttractModel::setContent(const AttractContent &content)
{
    beginResetModel();
    // Later: a view may still hold a card until it has seen the reset.
    for (ProductCardView *card : std::as_const(m_cards)) {
        if (card)
            card->deleteLater();
    }
    m_cards.clear();
    m_content = content;
    for (int slide = 0; slide < m_content.slides.size(); ++slide) {
        m_cards.append(m_content.slides[slide].sku.isEmpty() ? nullptr : new ProductCardView(this));
        fillCard(slide);
    }
    m_shown = playable();
    endResetModel();
    Q_EMIT invitationChanged();
}

void AttractModel::setLanguage(const QString &language)
{
    if (language == m_language)
        return;
    m_language = language;
    for (int slide = 0; slide < m_cards.size(); ++slide)
        fillCard(slide);
    if (!m_shown.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_shown.size()) - 1),
                           {int(Role::Title), int(Role::Text), int(Role::ImageSource)});
    Q_EMIT invitationChanged();
}

void AttractModel::refresh(const QStringList &changedSkus)
{
    for (int slide = 0; slide < m_content.slides.size(); ++slide) {
        if (m_cards[slide] && changedSkus.contains(m_content.slides[slide].sku))
            fillCard(slide);
    }
    // A product slide's product arrived in the catalog, or left it: the loop starts again with
    // what can be played. Only then: a price change keeps the loop where it is.
    if (const QVector<int> shown = playable(); shown != m_shown) {
        beginResetModel();
        m_shown = shown;
        endResetModel();
        return;
    }
    for (int row = 0; row < m_shown.size(); ++row) {
        if (m_shown[row] >= 0 && m_cards[m_shown[row]]
            && changedSkus.contains(m_content.slides[m_shown[row]].sku))
            Q_EMIT dataChanged(index(row), index(row), {int(Role::Title), int(Role::ImageSource)});
    }
}

void AttractModel::fillCard(int slide)
{
    ProductCardView *card = m_cards.value(slide);
    if (!card)
        return;
    const QString &sku = m_content.slides[slide].sku;
    const ProductCatalog::Entry *entry = m_catalog.find(sku);
    card->show(sku, entry ? &entry->record : nullptr, m_catalog.isPriceCurrent(sku), m_language,
               m_contentFolder);
}

} // namespace shelf
