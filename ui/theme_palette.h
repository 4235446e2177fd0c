#pragma once

#include "theme.h"

#include <QColor>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

class QJSEngine;
class QQmlEngine;

namespace shelf {

// What loading a theme file did.
struct ThemeLoadResult
{
    // True when the file's theme (or, for a missing file, the default theme) is now in use;
    // false when the file could not be used and the palette kept the theme it had.
    bool applied = false;
    // "FILE:LINE:COLUMN: what is wrong", one for each mistake found.
    QStringList errors;
    // Text below 4.5:1 in the applied theme; the operator's theme is applied all the same.
    QStringList contrastProblems;
};

// The theme in use on the shopper's screen: the default one, or the operator's theme.toml.
// QML reaches it as the singleton ThemePalette, through Theme.qml.
class ThemePalette : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QColor background READ background NOTIFY changed FINAL)
    Q_PROPERTY(QColor surface READ surface NOTIFY changed FINAL)
    Q_PROPERTY(QColor text READ text NOTIFY changed FINAL)
    Q_PROPERTY(QColor mutedText READ mutedText NOTIFY changed FINAL)
    Q_PROPERTY(QColor accent READ accent NOTIFY changed FINAL)
    Q_PROPERTY(QColor textOnAccent READ textOnAccent NOTIFY changed FINAL)
    Q_PROPERTY(QColor promotion READ promotion NOTIFY changed FINAL)
    Q_PROPERTY(QColor textOnPromotion READ textOnPromotion NOTIFY changed FINAL)
    Q_PROPERTY(QColor star READ star NOTIFY changed FINAL)
    Q_PROPERTY(QColor starEmpty READ starEmpty NOTIFY changed FINAL)
    Q_PROPERTY(QColor placeholder READ placeholder NOTIFY changed FINAL)
    Q_PROPERTY(QString fontFamily READ fontFamily NOTIFY changed FINAL)
public:
    // No default argument: Qt 6.4 makes a QML singleton with the default constructor when there
    // is one, a palette per engine that loadFile() never reaches, instead of calling create().
    explicit ThemePalette(QObject *parent);

    // main() builds the display's palette and hands it to QML here before loading any QML; it
    // must outlive the engines (nullptr withdraws it). Without one (the QML tests), each engine
    // gets a palette of its own with the default theme.
    static void provideToQml(ThemePalette *palette);
    static ThemePalette *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);

    // Reads an operator's theme (TOML, keys as the properties above, each optional: a key left
    // out takes its default). A missing file means the default theme. A syntax error or a bad
    // value is logged as "FILE:LINE: what is wrong" and the palette keeps the theme it had.
    // A theme that is applied is checked for contrast, and each problem is logged.
    ThemeLoadResult loadFile(const QString &path);

    // Every text-on-background pair the screen draws that is below 4.5:1 (WCAG AA), e.g.
    // "theme.toml: mutedText #9aa0a6 on background #ffffff is 2.64:1, below 4.5:1 (WCAG AA)".
    QStringList contrastProblems() const;

    const Theme &theme() const { return m_theme; }

    QColor background() const { return m_theme.background; }
    QColor surface() const { return m_theme.surface; }
    QColor text() const { return m_theme.text; }
    QColor mutedText() const { return m_theme.mutedText; }
    QColor accent() const { return m_theme.accent; }
    QColor textOnAccent() const { return m_theme.textOnAccent; }
    QColor promotion() const { return m_theme.promotion; }
    QColor textOnPromotion() const { return m_theme.textOnPromotion; }
    QColor star() const { return m_theme.star; }
    QColor starEmpty() const { return m_theme.starEmpty; }
    QColor placeholder() const { return m_theme.placeholder; }
    QString fontFamily() const { return m_theme.fontFamily; }

Q_SIGNALS:
    void changed();

private:
    void apply(const Theme &theme, const QString &source);

    Theme m_theme = Theme::defaults();
    QString m_source; // how messages name the theme: its file, or "default theme"
};

} // namespace shelf
