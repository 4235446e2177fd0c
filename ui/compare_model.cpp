#include "compare_model.h"

#include "product_card_view.h"

#include <catalog.h>

namespace shelf {

CompareModel::CompareModel(const ProductCatalog &catalog, QString contentFolder, QObject *parent)
    : QAbstractListModel(parent)
    , m_catalog(catalog)
    , m_contentFolder(std::move(contentFolder))
{ }

int CompareModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant CompareModel::data(const QModelIndex &index, int role) const
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
    case Role::UnitText:
        return row.unitText;
    case Role::UnitPriceText:
        return row.unitPriceText;
    case Role::BestUnitPrice:
        return row.bestUnitPrice;
    case Role::Rating:
        return row.rating;
    case Role::RatingText:
        return row.ratingText;
    case Role::CountryCode:
        return row.countryCode;
    case Role::Flag:
        return countryFlag(row.countryCode);
    case Role::OriginText:
        return row.originText;
    case Role::ImageSource:
        return row.imageSource;
    }
    return {};
}

QHash<int, QByteArray> CompareModel::roleNames() const
{
    return {{int(Role::Sku), "sku"},
            {int(Role::Name), "name"},
            {int(Role::PriceText), "priceText"},
            {int(Role::UnitText), "unitText"},
            {int(Role::UnitPriceText), "unitPriceText"},
            {int(Role::BestUnitPrice), "bestUnitPrice"},
            {int(Role::Rating), "rating"},
            {int(Role::RatingText), "ratingText"},
            {int(Role::CountryCode), "countryCode"},
            {int(Role::Flag), "flag"},
            {int(Role::OriginText), "originText"},
            {int(Role::ImageSource), "imageSource"}};
}

QStringList CompareModel::skus() const
{
    QStringList result;
    for (const Row &row : m_rows)
        result.append(row.sku);
    return result;
}

void CompareModel::setProducts(const QStringList &skus, const QString &language)
{
    QList<Row> rows;
    std::vector<std::optional<UnitPrice>> unitPrices;
    for (const QString &sku : skus.mid(std::max<qsizetype>(0, skus.size() - maxProducts))) {
        Row row;
        row.sku = sku;
        const ProductCatalog::Entry *entry = m_catalog.find(sku);
        if (!entry) {
            row.name = ProductCardView::tr("Let us find this product for you");
            rows.append(row);
            unitPrices.push_back(std::nullopt);
            continue;
        }
        // The same card text, for one product, so both screens always say the same thing.
        ProductCardView card;
        const bool current = m_catalog.isPriceCurrent(sku);
        card.show(sku, &entry->record, current, language, m_contentFolder);
        row.name = card.name();
        row.priceText = card.priceText();
        row.unitText = card.unitText();
        row.unitPriceText = card.unitPriceText();
        row.rating = card.rating();
        row.ratingText = card.reviewCountText();
        row.countryCode = card.countryCode();
        row.originText = card.originText();
        row.imageSource = card.imageSource();
        rows.append(row);
        unitPrices.push_back(current ? unitPriceOf(entry->record) : std::nullopt);
    }
    // The best unit price is marked among products priced per the same unit and currency (per kg
    // with per kg, per litre with per litre), when at least two of them can be compared.
    for (std::size_t i = 0; i < unitPrices.size(); ++i) {
        if (!unitPrices[i])
            continue;
        int comparable = 0;
        bool cheapest = true;
        bool beatsOne = false; // when all cost the same per kg, none is the better buy
        for (std::size_t j = 0; j < unitPrices.size(); ++j) {
            if (!unitPrices[j] || unitPrices[j]->per != unitPrices[i]->per
                || unitPrices[j]->amount.currency() != unitPrices[i]->amount.currency())
                continue;
            ++comparable;
            if (unitPrices[j]->amount.units() < unitPrices[i]->amount.units())
                cheapest = false;
            if (unitPrices[j]->amount.units() > unitPrices[i]->amount.units())
                beatsOne = true;
        }
        rows[int(i)].bestUnitPrice = cheapest && beatsOne && comparable >= 2;
    }

    beginResetModel();
    m_rows = rows;
    endResetModel();
}

} // namespace shelf
