#include <bounded_file.h>

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

QString writeBytes(const QTemporaryDir &dir, const QString &name, qsizetype size)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    EXPECT_EQ(file.write(QByteArray(size, 'x')), size);
    return path;
}

} // namespace

TEST(BoundedFile, ReadsAFileWholeUpToItsBoundAndNoFurther)
{
    QTemporaryDir dir;
    constexpr qint64 bound = 300 * 1024;
    const shelf::BoundedRead atBound
        = shelf::readBoundedFile(writeBytes(dir, QStringLiteral("at"), bound), bound);
    EXPECT_TRUE(atBound.error.isEmpty()) << atBound.error.toStdString();
    EXPECT_EQ(atBound.bytes, QByteArray(bound, 'x'));
    const shelf::BoundedRead over
        = shelf::readBoundedFile(writeBytes(dir, QStringLiteral("over"), bound + 1), bound);
    EXPECT_FALSE(over.error.isEmpty());
    EXPECT_TRUE(over.bytes.isEmpty());
    const shelf::BoundedRead empty
        = shelf::readBoundedFile(writeBytes(dir, QStringLiteral("empty"), 0), bound);
    EXPECT_TRUE(empty.error.isEmpty());
    EXPECT_TRUE(empty.bytes.isEmpty());
}

// A small file read under a large bound (a picture under 16 MiB, a catalog under 64 MiB) keeps
// no more memory than it holds, for as long as its bytes are kept.
TEST(BoundedFile, ASmallFileUnderALargeBoundHoldsOnlyItsOwnSize)
{
    QTemporaryDir dir;
    const shelf::BoundedRead read
        = shelf::readBoundedFile(writeBytes(dir, QStringLiteral("small"), 5000), 64 * 1024 * 1024);
    ASSERT_TRUE(read.error.isEmpty()) << read.error.toStdString();
    EXPECT_EQ(read.bytes.size(), 5000);
    EXPECT_LE(read.bytes.capacity(), 8192);
}
