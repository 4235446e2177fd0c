#pragma once

#include <QAbstractListModel>
#include <QStringList>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

namespace shelf {

class ProductCatalog;

// The products a shopper holds at once (two to four), side by side: what the comparison shows,
// formatted for the display language, with the better unit price marked.
class CompareModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Made by ShelfView")
public:
    enum class Role {
        Sku = Qt::UserRole + 1,
        Name,
        PriceText,
        UnitText,
        UnitPriceText,
        BestUnitPrice,
        Rating,
        RatingText,
        CountryCode,
        Flag,
        OriginText,
        ImageSource
    };

    static constexpr int maxProducts = 4;

    CompareModel(const ProductCatalog &catalog, QString contentFolder, QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The skus out of their slots, oldest first; only the newest maxProducts are shown.
    void setProducts(const QStringList &skus, const QString &language);
    QStringList skus() const;
    // Takes effect with the next setProducts.
    void setContentFolder(const QString &folder) { m_contentFolder = folder; }

private:
    struct Row
    {
        QString sku, name, priceText, unitText, unitPriceText, ratingText, countryCode, originText;
        bool bestUnitPrice = false;
        qreal rating = 0;
        QUrl imageSource;
    };

    const ProductCatalog &m_catalog;
    QString m_contentFolder;
    QList<Row> m_rows;
};

} // namespace shelf
