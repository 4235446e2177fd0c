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
    return parent.isValid() ? 0 : int(m_content.slides.size());
}

QVariant AttractModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_content.slides.size())
        return {};
    const AttractSlide &slide = m_content.slides[index.row()];
    ProductCardView *card = m_cards.value(index.row());
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
    return {{int(Role::Kind), "kind"},
            {int(Role::DurationMs), "durationMs"},
            {int(Role::Title), "title"},
            {int(Role::Text), "text"},
            {int(Role::ImageSource), "imageSource"},
            {int(Role::Card), "card"}};
}

void AttractModel::setContent(const AttractContent &content)
{
    beginResetModel();
    qDeleteAll(m_cards);
    m_cards.clear();
    m_content = content;
    for (int row = 0; row < m_content.slides.size(); ++row) {
        m_cards.append(m_content.slides[row].sku.isEmpty() ? nullptr : new ProductCardView(this));
        fillCard(row);
    }
    endResetModel();
    Q_EMIT invitationChanged();
}

void AttractModel::setLanguage(const QString &language)
{
    if (language == m_language)
        return;
    m_language = language;
    for (int row = 0; row < m_cards.size(); ++row)
        fillCard(row);
    if (!m_content.slides.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_content.slides.size()) - 1),
                           {int(Role::Title), int(Role::Text), int(Role::ImageSource)});
    Q_EMIT invitationChanged();
}

void AttractModel::refresh(const QStringList &changedSkus)
{
    for (int row = 0; row < m_content.slides.size(); ++row) {
        if (!m_cards[row] || !changedSkus.contains(m_content.slides[row].sku))
            continue;
        fillCard(row);
        Q_EMIT dataChanged(index(row), index(row), {int(Role::Title), int(Role::ImageSource)});
    }
}

void AttractModel::fillCard(int row)
{
    ProductCardView *card = m_cards.value(row);
    if (!card)
        return;
    const QString &sku = m_content.slides[row].sku;
    const ProductCatalog::Entry *entry = m_catalog.find(sku);
    card->show(sku, entry ? &entry->record : nullptr, m_catalog.isPriceCurrent(sku), m_language,
               m_contentFolder);
}

} // namespace shelf
