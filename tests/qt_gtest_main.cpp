// GoogleTest's main with a Qt application object, for tests that use timers, signals or images.
#include <QGuiApplication>

#include <gtest/gtest.h>

int main(int argc, char **argv)
{
    // Tests never need a screen; this also lets ctest list them at build time, with no display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
