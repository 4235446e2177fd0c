// The kiosk as a shelf PC runs it: the files the package installs (staged with cmake --install),
// the kiosk unit's ExecStart and Environment, cage on its headless backend as an unprivileged
// user, a store server on 127.0.0.1. A screenshot of the compositor's output (grim) must show the
// shelf filling the screen, read back with OCR.
#include "app_test_support.h"

#include <pwd.h>
#include <unistd.h>

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <optional>
#include <sys/stat.h>

namespace {

// Who runs cage: cage refuses root, so a root test runs it as nobody.
struct KioskUser
{
    QStringList prefix; // what runs a command as the user
    uid_t uid = 0;
    gid_t gid = 0;
};

std::optional<KioskUser> kioskUser()
{
    if (geteuid() != 0)
        return KioskUser{{}, geteuid(), getegid()};
    const passwd *nobody = getpwnam("nobody");
    if (!nobody || QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty())
        return std::nullopt;
    return KioskUser{{QStringLiteral("setpriv"), QStringLiteral("--reuid=%1").arg(nobody->pw_uid),
                      QStringLiteral("--regid=%1").arg(nobody->pw_gid),
                      QStringLiteral("--clear-groups"), QStringLiteral("--")},
                     nobody->pw_uid,
                     nobody->pw_gid};
}

enum class Owner { Test, KioskUser };

// A folder the kiosk user owns, or one it may only read through.
bool makeFolder(const QString &path, const KioskUser &user, mode_t mode, Owner owner)
{
    const QByteArray name = QFile::encodeName(path);
    if (!QDir().mkpath(path) || ::chmod(name.constData(), mode) != 0)
        return false;
    return owner == Owner::Test || ::chown(name.constData(), user.uid, user.gid) == 0;
}

QString ocr(const QString &image)
{
    QProcess tesseract;
    tesseract.start(QStringLiteral("tesseract"), {image, QStringLiteral("stdout")});
    if (!tesseract.waitForFinished(60000))
        return {};
    return QString::fromUtf8(tesseract.readAllStandardOutput()).remove(u' ');
}

// The output as cage leaves it where no window covers it, or a frame it scanned out straight
// from the display's buffer before grim asked (cage 0.1.4's headless output copies those black).
bool allBlack(const QImage &image)
{
    for (int y = 0; y < image.height(); y += 8) {
        for (int x = 0; x < image.width(); x += 8) {
            if ((image.pixel(x, y) & 0xffffff) != 0)
                return false;
        }
    }
    return true;
}

// Why the screenshot does not show a window that fills the output, if it does not.
QString layoutProblems(const QImage &image, const QString &text)
{
    QStringList problems;
    if (image.size() != QSize(1280, 720))
        problems << QStringLiteral("the output is %1x%2, not 1280x720")
                        .arg(image.width())
                        .arg(image.height());
    // The attract loop's banner runs along the top edge: a title bar would sit above it.
    const QRgb banner = image.pixel(2, 30);
    for (const int x : {0, image.width() / 2, image.width() - 1}) {
        if (image.pixel(x, 0) != banner)
            problems
                << QStringLiteral("the top edge at x=%1 is not the banner: a title bar?").arg(x);
    }
    // The banner's sentence ends at its right: a window larger than the output cuts it off.
    if (!text.contains(QStringLiteral("appearhere")))
        problems << QStringLiteral("the invitation is not whole on screen");
    return problems.join(u'\n');
}

// Why a shopper would not see the shelf's products on it, if not.
QString shopperProblems(const QString &text)
{
    QStringList problems;
    if (!text.contains(QRegularExpression(QStringLiteral("\\d+\\.\\d\\d"))))
        problems << QStringLiteral("no price on screen");
    if (!text.contains(QRegularExpression(
            QStringLiteral("Kiwifruit|Salmon|Cherries|Wagyu|Mango|OliveOil|Milk|Rice|Emmental|"
                           "Avocado|Strawberries|Apples"))))
        problems << QStringLiteral("no product name on screen");
    return problems.join(u'\n');
}

// The unit's KEY=VALUE lines for one key (ExecStart, Environment).
QStringList unitValues(const QString &unitPath, const QString &key)
{
    QFile unit(unitPath);
    if (!unit.open(QIODevice::ReadOnly))
        return {};
    QStringList values;
    for (const QString &line : QString::fromUtf8(unit.readAll()).split(u'\n')) {
        if (line.startsWith(key + u'='))
            values << line.mid(key.size() + 1);
    }
    return values;
}

enum class Decorations { AsTheUnitAsks, LeftToTheClient };

// Runs the installed kiosk as its unit does and checks the screenshots; with
// Decorations::LeftToTheClient cage runs without -d, and so asks the display to draw its own.
void checkKiosk(Decorations decorations)
{
    for (const char *tool : {"cage", "grim"}) {
        if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
            GTEST_SKIP() << tool << " is not installed (scripts/test installs it): no kiosk run";
    }
    const std::optional<KioskUser> user = kioskUser();
    if (!user)
        GTEST_SKIP() << "running as root with no nobody user or no setpriv: cage refuses root";
    if (QStandardPaths::findExecutable(QStringLiteral("tesseract")).isEmpty())
        GTEST_FAIL() << "tesseract is not installed (scripts/test installs it)";

    // Everything the kiosk user reads lives in a folder of this test, as the package lays it out:
    // the build tree may not be readable to that user.
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ASSERT_TRUE(makeFolder(dir.path(), *user, 0755, Owner::Test));
    const QString root = dir.filePath(QStringLiteral("root"));
    QProcess install;
    QProcessEnvironment installEnvironment = QProcessEnvironment::systemEnvironment();
    installEnvironment.insert(QStringLiteral("DESTDIR"), root);
    install.setProcessEnvironment(installEnvironment);
    install.setProcessChannelMode(QProcess::MergedChannels);
    install.start(QStringLiteral(CMAKE_COMMAND),
                  {QStringLiteral("--install"), QStringLiteral(SHELF_BUILD_DIR),
                   QStringLiteral("--prefix"), QStringLiteral("/usr")});
    ASSERT_TRUE(install.waitForFinished(120000));
    ASSERT_EQ(install.exitCode(), 0) << install.readAll().toStdString();
    const QString content = root + QStringLiteral("/usr/share/shelfscreen/demo");

    const QString data = dir.filePath(QStringLiteral("data"));
    const QString runtime = dir.filePath(QStringLiteral("run"));
    const QString shots = dir.filePath(QStringLiteral("shots"));
    ASSERT_TRUE(makeFolder(data, *user, 0700, Owner::KioskUser));
    ASSERT_TRUE(makeFolder(runtime, *user, 0700, Owner::KioskUser));
    ASSERT_TRUE(makeFolder(shots, *user, 0755, Owner::KioskUser));

    QProcess server;
    QMap<QString, QString> endpoints = shelf::test::startStoreServer(
        server, root + QStringLiteral("/usr/bin/shelffeed"),
        {QStringLiteral("--catalog"), content + QStringLiteral("/catalog.json")});
    ASSERT_EQ(endpoints.size(), 4) << "shelffeed did not print its endpoints";

    // The installed sample config, on this test's store server, content and data, with the
    // simulated camera.
    QFile installed(root + QStringLiteral("/etc/shelfscreen/shelf.toml"));
    ASSERT_TRUE(installed.open(QIODevice::ReadOnly));
    QString config = QString::fromUtf8(installed.readAll());
    const auto replaceLine = [&config](const QString &key, const QString &value) {
        const QRegularExpression line(QStringLiteral("(?m)^%1 = \"[^\"]*\"").arg(key));
        ASSERT_TRUE(config.contains(line)) << key.toStdString();
        config.replace(line, QStringLiteral("%1 = \"%2\"").arg(key, value));
    };
    replaceLine(QStringLiteral("content"), content);
    replaceLine(QStringLiteral("snapshot"), endpoints[QStringLiteral("snapshot")]);
    replaceLine(QStringLiteral("updates"), endpoints[QStringLiteral("updates")]);
    replaceLine(QStringLiteral("events"), endpoints[QStringLiteral("events")]);
    replaceLine(QStringLiteral("store"), data + QStringLiteral("/shelf.db"));
    replaceLine(QStringLiteral("source"), QStringLiteral("synthetic"));
    const QString configPath = dir.filePath(QStringLiteral("shelf.toml"));
    {
        QFile file(configPath);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(config.toUtf8());
    }

    // The unit's command and environment, with this test's paths, on cage's headless backend.
    const QString unit = root + QStringLiteral("/lib/systemd/system/shelfscreen-kiosk.service");
    const QStringList execStart = unitValues(unit, QStringLiteral("ExecStart"));
    ASSERT_EQ(execStart.size(), 1) << "no single ExecStart in " << unit.toStdString();
    QStringList command = execStart.constFirst().split(u' ', Qt::SkipEmptyParts);
    command.replaceInStrings(QRegularExpression(QStringLiteral("^/usr/bin/shelfscreen$")),
                             root + QStringLiteral("/usr/bin/shelfscreen"));
    command.replaceInStrings(QRegularExpression(QStringLiteral("^/etc/shelfscreen/shelf.toml$")),
                             configPath);
    ASSERT_TRUE(command.contains(QStringLiteral("-d")));
    if (decorations == Decorations::LeftToTheClient)
        command.removeAll(QStringLiteral("-d"));
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    for (const QString &line : unitValues(unit, QStringLiteral("Environment"))) {
        for (const QString &assignment : line.split(u' ', Qt::SkipEmptyParts)) {
            const qsizetype equals = assignment.indexOf(u'=');
            environment.insert(assignment.left(equals), assignment.mid(equals + 1));
        }
    }
    EXPECT_EQ(environment.value(QStringLiteral("QT_QPA_PLATFORM")), QStringLiteral("wayland"));
    environment.remove(QStringLiteral("LIBSEAT_BACKEND")); // a headless output needs no seat
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    environment.insert(QStringLiteral("XDG_DATA_HOME"), data);
    environment.insert(QStringLiteral("HOME"), data);
    environment.insert(QStringLiteral("WLR_BACKENDS"), QStringLiteral("headless"));
    environment.insert(QStringLiteral("WLR_LIBINPUT_NO_DEVICES"), QStringLiteral("1"));
    environment.insert(QStringLiteral("WLR_RENDERER"), QStringLiteral("pixman"));
    QProcess kiosk;
    kiosk.setProcessEnvironment(environment);
    kiosk.setProcessChannelMode(QProcess::MergedChannels);
    const QStringList kioskCommand = user->prefix + command;
    kiosk.start(kioskCommand.constFirst(), kioskCommand.mid(1));
    ASSERT_TRUE(kiosk.waitForStarted());

    // Screenshots until the shelf's products are on one: the display's start, the store's
    // snapshot and the pictures' decoding take their time on a busy machine. From its first frame
    // the window must fill the output: three screenshots in a row that do not fit fail the test
    // (one alone may be OCR's misreading). SHELF_TEST_SCREENSHOTS keeps the last one in that
    // folder, to look at.
    const QString shotName = decorations == Decorations::AsTheUnitAsks
        ? QStringLiteral("kiosk-1280x720.png")
        : QStringLiteral("kiosk-client-decorations-1280x720.png");
    const QString shot = shots + u'/' + shotName;
    QProcessEnvironment grimEnvironment;
    grimEnvironment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    grimEnvironment.insert(QStringLiteral("WAYLAND_DISPLAY"), QStringLiteral("wayland-0"));
    QString layout;
    QString shopper = QStringLiteral("no screenshot was taken");
    QString text;
    int misfits = 0; // screenshots in a row that do not fit the output
    // Three minutes bound a failure only: the shelf was on screen in 4 to 10 s here.
    const QDeadlineTimer deadline(180000);
    while (!deadline.hasExpired()) {
        if (kiosk.state() == QProcess::NotRunning)
            FAIL() << "cage stopped (exit " << kiosk.exitCode()
                   << "): " << kiosk.readAll().toStdString();
        kiosk.waitForFinished(500);
        if (!QFile::exists(runtime + QStringLiteral("/wayland-0")))
            continue;
        QProcess grim;
        grim.setProcessEnvironment(grimEnvironment);
        const QStringList grimCommand = user->prefix + QStringList{QStringLiteral("grim"), shot};
        grim.start(grimCommand.constFirst(), grimCommand.mid(1));
        if (!grim.waitForFinished(30000) || grim.exitCode() != 0) {
            shopper = QStringLiteral("grim failed: ") + QString::fromUtf8(grim.readAll());
            continue;
        }
        const QImage image(shot);
        if (image.isNull() || allBlack(image)) {
            shopper = QStringLiteral("the output stayed black");
            continue;
        }
        text = ocr(shot);
        layout = layoutProblems(image, text);
        misfits = layout.isEmpty() ? 0 : misfits + 1;
        shopper = shopperProblems(text);
        if (misfits == 3 || (layout.isEmpty() && shopper.isEmpty()))
            break;
    }
    const QString keep = qEnvironmentVariable("SHELF_TEST_SCREENSHOTS");
    if (!keep.isEmpty()) {
        QFile::remove(QDir(keep).filePath(shotName));
        QFile::copy(shot, QDir(keep).filePath(shotName));
    }
    kiosk.terminate();
    if (!kiosk.waitForFinished(30000))
        kiosk.kill();
    server.kill();
    server.waitForFinished();
    const std::string said = kiosk.readAll().toStdString();
    EXPECT_LT(misfits, 3) << layout.toStdString()
                          << "\nOCR read: " << text.simplified().toStdString()
                          << "\ncage and shelfscreen said:\n"
                          << said;
    EXPECT_TRUE(layout.isEmpty() && shopper.isEmpty())
        << layout.toStdString() << "\n"
        << shopper.toStdString() << "\nOCR read: " << text.simplified().toStdString()
        << "\ncage and shelfscreen said:\n"
        << said;
}

} // namespace

TEST(Kiosk, UnderCageTheInstalledShelfFillsTheScreen)
{
    checkKiosk(Decorations::AsTheUnitAsks);
}

// cage draws no frame and, without -d, tells its clients to draw their own title bar: the
// display still shows none.
TEST(Kiosk, UnderCageLeavingDecorationsToTheDisplayItDrawsNoTitleBar)
{
    checkKiosk(Decorations::LeftToTheClient);
}
