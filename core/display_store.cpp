#include "display_store.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>

namespace shelf {

namespace {

// Transactions commit or roll back whole; a failed one leaves the database as it was.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase database)
        : m_database(std::move(database))
        , m_begun(m_database.transaction())
    { }
    ~Transaction()
    {
        if (m_begun && !m_committed)
            m_database.rollback();
    }
    bool begun() const { return m_begun; }
    bool commit() { return m_committed = m_database.commit(); }

private:
    QSqlDatabase m_database;
    bool m_begun;
    bool m_committed = false;
};

} // namespace

DisplayStore::DisplayStore(QString path)
    : m_path(std::move(path))
{
    static std::atomic_int next{0};
    m_connection = QStringLiteral("shelf-store-%1").arg(next++);
}

DisplayStore::~DisplayStore()
{
    close();
}

void DisplayStore::close()
{
    m_open = false;
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString DisplayStore::fail(const QString &what, const QString &sqlError) const
{
    return QStringLiteral("%1: %2: %3").arg(m_path, what, sqlError);
}

QString DisplayStore::open()
{
    if (m_open)
        return {};
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return QStringLiteral("%1: cannot create its folder").arg(m_path);
    QSqlDatabase database = QSqlDatabase::contains(m_connection)
        ? QSqlDatabase::database(m_connection, false)
        : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    database.setDatabaseName(m_path);
    if (!database.open())
        return fail(QStringLiteral("cannot open"), database.lastError().text());
    QSqlQuery query(database);
    // WAL appends a commit instead of rewriting pages in place; synchronous=FULL syncs every
    // commit, so an event acknowledged to nobody yet survives a power cut once written.
    // busy_timeout: a second reader (an operator's sqlite3) must not make a write fail.
    for (const char *statement :
         {"PRAGMA busy_timeout = 2000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
          "CREATE TABLE IF NOT EXISTS products (sku TEXT PRIMARY KEY, epoch TEXT NOT NULL, "
          "version TEXT NOT NULL, received_at TEXT NOT NULL, body BLOB NOT NULL)",
          "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
          "id TEXT NOT NULL UNIQUE, body BLOB NOT NULL)"}) {
        if (!query.exec(QString::fromLatin1(statement))) {
            // SQLITE_CORRUPT (11) and SQLITE_NOTADB (26): a file that no retry will mend.
            const QString code = query.lastError().nativeErrorCode();
            m_unreadable = code == u"11" || code == u"26";
            const QString error = fail(QStringLiteral("cannot set up"), query.lastError().text());
            database.close();
            return error;
        }
    }
    m_open = true;
    return {};
}

QString DisplayStore::loadProducts(QVector<Product> &products)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(QStringLiteral("SELECT sku, epoch, version, received_at, body FROM products")))
        return fail(QStringLiteral("cannot read the products"), query.lastError().text());
    while (query.next()) {
        bool ok = false;
        Product product{query.value(0).toString(), query.value(1).toString(),
                        query.value(2).toString().toULongLong(&ok), query.value(4).toByteArray(),
                        QDateTime::fromString(query.value(3).toString(), Qt::ISODateWithMs)};
        if (ok)
            products.append(std::move(product));
    }
    return {};
}

QString DisplayStore::loadEvents(QVector<ShopperEvent> &events)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(QStringLiteral("SELECT id, body FROM events ORDER BY seq")))
        return fail(QStringLiteral("cannot read the events"), query.lastError().text());
    while (query.next())
        events.append({query.value(0).toString(), query.value(1).toByteArray()});
    return {};
}

QString DisplayStore::runBatches(const QString &what, const QVector<Batch> &batches)
{
    QSqlDatabase database = QSqlDatabase::database(m_connection, false);
    Transaction transaction(database);
    if (!transaction.begun())
        return fail(what, database.lastError().text());
    for (const Batch &batch : batches) {
        QSqlQuery query(database);
        if (!query.prepare(batch.statement))
            return fail(what, query.lastError().text());
        for (const QVariantList &row : batch.rows) {
            for (const QVariant &value : row)
                query.addBindValue(value);
            if (!query.exec())
                return fail(what, query.lastError().text());
        }
    }
    if (!transaction.commit())
        return fail(what, database.lastError().text());
    return {};
}

QString DisplayStore::writeProducts(const QVector<Product> &records, const QStringList &removedSkus)
{
    Batch write{QStringLiteral("INSERT OR REPLACE INTO products (sku, epoch, version, "
                               "received_at, body) VALUES (?, ?, ?, ?, ?)"),
                {}};
    for (const Product &record : records)
        write.rows.append({record.sku, record.epoch, QString::number(record.version),
                           record.receivedAt.toString(Qt::ISODateWithMs), record.body});
    Batch remove{QStringLiteral("DELETE FROM products WHERE sku = ?"), {}};
    for (const QString &sku : removedSkus)
        remove.rows.append({sku});
    return runBatches(QStringLiteral("cannot write the products"), {write, remove});
}

QString DisplayStore::confirmEpoch(const QString &epoch, const QDateTime &at)
{
    return runBatches(QStringLiteral("cannot write the products"),
                      {{QStringLiteral("UPDATE products SET received_at = ? WHERE epoch = ?"),
                        {{at.toString(Qt::ISODateWithMs), epoch}}}});
}

QString DisplayStore::appendEvents(const QVector<ShopperEvent> &events)
{
    // An id written already (a retry after a commit whose result was lost) is kept once.
    Batch append{QStringLiteral("INSERT OR IGNORE INTO events (id, body) VALUES (?, ?)"), {}};
    for (const ShopperEvent &event : events)
        append.rows.append({event.id, event.body});
    return runBatches(QStringLiteral("cannot write the events"), {append});
}

QString DisplayStore::removeEvents(const QStringList &ids)
{
    Batch remove{QStringLiteral("DELETE FROM events WHERE id = ?"), {}};
    for (const QString &id : ids)
        remove.rows.append({id});
    return runBatches(QStringLiteral("cannot remove sent events"), {remove});
}

} // namespace shelf
