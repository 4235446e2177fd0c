#include "theme_palette.h"

#include <bounded_file.h>

#include <QFile>
#include <QFileInfo>
#include <QJSEngine>
#include <QLoggingCategory>

namespace shelf {

Q_LOGGING_CATEGORY(lcTheme, "shelf.theme")

ThemePalette::ThemePalette(QObject *parent)
    : QObject(parent)
    , m_source(QStringLiteral("default theme"))
{ }

namespace {
ThemePalette *providedPalette = nullptr; // the display's, built and owned by main()
} // namespace

void ThemePalette::provideToQml(ThemePalette *palette)
{
    providedPalette = palette;
}

ThemePalette *ThemePalette::create(QQmlEngine *, QJSEngine *)
{
    if (!providedPalette)
        return new ThemePalette(nullptr); // the engine owns it (JavaScript ownership)
    QJSEngine::setObjectOwnership(providedPalette, QJSEngine::CppOwnership);
    return providedPalette;
}

ThemeLoadResult ThemePalette::loadFile(const QString &path)
{
    ThemeLoadResult result;
    if (!QFileInfo::exists(path)) {
        qCInfo(lcTheme).noquote()
            << QStringLiteral("%1: no such file; using the default theme").arg(path);
        apply(Theme::defaults(), QStringLiteral("default theme"));
        result.applied = true;
        result.contrastProblems = contrastProblems();
        return result;
    }

    Theme theme = Theme::defaults();
    if (const BoundedRead read = readBoundedFile(path, maxTextFileBytes); !read.error.isEmpty()) {
        result.errors.append(read.error);
    } else {
        ThemeParseResult parsed = parseTheme(read.bytes, path);
        result.errors = parsed.errors;
        if (parsed.theme)
            theme = *parsed.theme;
    }
    if (!result.errors.isEmpty()) {
        for (const QString &error : std::as_const(result.errors))
            qCWarning(lcTheme).noquote() << error;
        qCWarning(lcTheme).noquote()
            << QStringLiteral("%1: theme not applied; the screen keeps the colours it had")
                   .arg(path);
        return result;
    }

    apply(theme, path);
    result.applied = true;
    qCInfo(lcTheme).noquote() << QStringLiteral("%1: theme applied").arg(path);
    result.contrastProblems = contrastProblems();
    for (const QString &problem : std::as_const(result.contrastProblems))
        qCWarning(lcTheme).noquote() << problem;
    return result;
}

QStringList ThemePalette::contrastProblems() const
{
    return contrastProblemsOf(m_theme, m_source);
}

void ThemePalette::apply(const Theme &theme, const QString &source)
{
    m_source = source;
    if (theme == m_theme)
        return;
    m_theme = theme;
    Q_EMIT changed();
}

} // namespace shelf
