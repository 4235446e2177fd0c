// Outside input that once took the display down, each run through the whole program as a store
// would meet it: pictures from the feed and the operator, and the files an operator writes.
#include "app_test_support.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <sys/resource.h>

using namespace shelf::test;

namespace {

QByteArray demoFile(const char *name)
{
    QFile file(QDir(QStringLiteral(SHELF_DEMO_DIR)).filePath(QString::fromLatin1(name)));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The demo shelf in dir, its catalog and content folder there too, with the demo's pictures.
QString writeDemoShelf(const QTemporaryDir &dir, const QJsonArray &catalog)
{
    QDir(dir.path()).mkpath(QStringLiteral("images"));
    const QDir images(QStringLiteral(SHELF_DEMO_DIR "/images"));
    for (const QString &name : images.entryList(QDir::Files))
        QFile::copy(images.filePath(name), dir.filePath(QStringLiteral("images/") + name));
    writeFile(dir.filePath(QStringLiteral("catalog.json")), QJsonDocument(catalog).toJson());
    writeFile(dir.filePath(QStringLiteral("attract.toml")), demoFile("attract.toml"));
    const QString config = dir.filePath(QStringLiteral("shelf.toml"));
    writeFile(config, demoFile("shelf.toml"));
    return config;
}

QJsonArray demoCatalog()
{
    return QJsonDocument::fromJson(demoFile("catalog.json")).array();
}

// The largest resident set of any child this test process waited for, in KiB.
long peakChildKib()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss;
}

} // namespace

// Each of these once aborted the display about 0.3 s after start, while the packaging references
// were built, and again at every restart since the record sat in the cache.
TEST(BadInput, ProductPicturesThatCannotServeLeaveTheProductKnownByBarcodeOnly)
{
    QTemporaryDir dir;
    QDir(dir.path()).mkpath(QStringLiteral("bad"));
    writeFile(dir.filePath(QStringLiteral("bad/empty.png")), {});
    const auto savePng = [&dir](const char *name, int width, int height) {
        QImage image(width, height, QImage::Format_RGB32);
        image.fill(Qt::darkGreen);
        ASSERT_TRUE(image.save(dir.filePath(QString::fromLatin1(name))));
    };
    savePng("bad/tiny.png", 2, 2);
    savePng("bad/wide.png", 1200, 4);
    savePng("bad/tall.png", 1, 1000);
    writeFile(dir.filePath(QStringLiteral("bad/garbage.png")), QByteArray(4096, '\x89'));
    const QStringList badImages
        = {QStringLiteral("bad/empty.png"), QStringLiteral("bad/tiny.png"),
           QStringLiteral("bad/wide.png"),  QStringLiteral("bad/tall.png"),
           QStringLiteral("/dev/zero"),     QStringLiteral("bad/garbage.png")};
    QJsonArray catalog = demoCatalog();
    ASSERT_GE(catalog.size(), badImages.size());
    for (int i = 0; i < badImages.size(); ++i) {
        QJsonObject record = catalog[i].toObject();
        record.insert(QStringLiteral("image"), badImages[i]);
        catalog[i] = record;
    }
    const QString config = writeDemoShelf(dir, catalog);
    const QString script = dir.filePath(QStringLiteral("check.script"));
    const QString trace = dir.filePath(QStringLiteral("trace.jsonl"));
    writeFile(script, "1.0 lift 1\n2.0 return 1\n3.0 lift 2\n4.0 return 2\n5.0 quit\n");

    const ProcessResult run
        = runShelfscreen({QStringLiteral("--demo"), QStringLiteral("--config"), config,
                          QStringLiteral("--script"), script, QStringLiteral("--trace"), trace,
                          QStringLiteral("--size"), QStringLiteral("960x540")});
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();
    // Each bad picture is named in the log, with what is wrong with it.
    for (const char *expected :
         {"empty.png: empty file", "tiny.png: 2x2 pixels, under 16", "wide.png: 1200x4 pixels",
          "tall.png: 1x1000 pixels", "/dev/zero: not a regular file", "garbage.png: not a picture"})
        EXPECT_TRUE(run.output.contains(QLatin1String(expected))) << expected;
    // The shopper still sees the card of a product whose picture is bad.
    QFile traceFile(trace);
    ASSERT_TRUE(traceFile.open(QIODevice::ReadOnly));
    const QByteArray events = traceFile.readAll();
    EXPECT_TRUE(events.contains("\"card_shown\"")) << run.output.toStdString();
    EXPECT_LT(peakChildKib(), 1024 * 1024) << "a picture was read without bound";
}

// A 3 KB PNG of 1,000,000x1 pixels as the operator's promotion picture made QML allocate about
// 4 GB to fill the slide's box with it.
TEST(BadInput, AHugePromotionPictureShowsThePlaceholderInsteadOfAllocatingGigabytes)
{
    QTemporaryDir dir;
    const QString config = writeDemoShelf(dir, demoCatalog());
    QImage sliver(1000000, 1, QImage::Format_RGB32);
    sliver.fill(Qt::yellow);
    ASSERT_TRUE(sliver.save(dir.filePath(QStringLiteral("images/thai-mango.png"))));
    const QString script = dir.filePath(QStringLiteral("check.script"));
    // The promotion is the loop's second slide, after 12 s of products: make it the first.
    QByteArray attract = demoFile("attract.toml");
    attract.replace("duration_s = 12", "duration_s = 1");
    writeFile(dir.filePath(QStringLiteral("attract.toml")), attract);
    writeFile(script,
              "3.0 screenshot " + dir.filePath(QStringLiteral("shot.png")).toUtf8()
                  + "\n3.5 quit\n");

    const ProcessResult run = runShelfscreen({QStringLiteral("--demo"), QStringLiteral("--config"),
                                              config, QStringLiteral("--script"), script,
                                              QStringLiteral("--size"), QStringLiteral("960x540")});
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();
    EXPECT_TRUE(run.output.contains(QLatin1String("thai-mango.png: 1000000x1 pixels")))
        << run.output.toStdString();
    EXPECT_LT(peakChildKib(), 1024 * 1024) << "the picture was decoded at its claimed size";
}
