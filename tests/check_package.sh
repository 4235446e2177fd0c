#!/usr/bin/env bash
# Builds the Debian package from the existing build (cpack, into a folder of its own) and checks
# it as a store's IT would meet it: the files it installs, its conffile and scripts, its declared
# dependencies, that its sample config passes `shelfscreen check` against the files the package
# carries, and that apt resolves it. Every failure is printed; the check fails if there is one.
#   check_package.sh CPACK BUILD_DIR
set -uo pipefail
cpack=$1
build=$2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

if ! "$cpack" -G DEB -B "$work/out" --config "$build/CPackConfig.cmake" \
    >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log"
    echo "FAIL: cpack could not build the package"
    exit 1
fi
debs=("$work"/out/shelfscreen_*.deb)
if [ ${#debs[@]} -ne 1 ] || [ ! -f "${debs[0]}" ]; then
    echo "FAIL: cpack wrote no shelfscreen_*.deb (or more than one): $(ls "$work/out")"
    exit 1
fi
deb=${debs[0]}
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"

# The files, by the paths dpkg installs them at.
dpkg-deb -c "$deb" | awk '{print substr($6, 2)}' >"$work/files"
root="$work/root"
dpkg-deb -x "$deb" "$root"
has() { grep -qx -- "$1" "$work/files" || fail "the package has no $1"; }
for path in /usr/bin/shelfscreen /usr/bin/shelffeed /usr/lib/shelfscreen/libshelfcapture.so \
    /lib/systemd/system/shelfscreen-kiosk.service /lib/systemd/system/shelffeed.service \
    /etc/shelfscreen/shelf.toml \
    /usr/share/doc/shelfscreen/README.md /usr/share/doc/shelfscreen/kiosk.md \
    /usr/share/doc/shelfscreen/operators.md \
    /usr/share/shelfscreen/demo/catalog.json /usr/share/shelfscreen/demo/attract.toml; do
    has "$path"
done
for path in /usr/bin/shelfscreen /usr/bin/shelffeed; do
    [ -x "$root$path" ] || fail "$path is not executable"
done
"$root/usr/bin/shelfscreen" --version | grep -q '^shelfscreen ' \
    || fail "the packaged shelfscreen does not run (--version)"

# Every picture the demo catalog and attract loop name is in the content folder the sample config
# names, so that no product shows a placeholder on an installed shelf.
config="$root/etc/shelfscreen/shelf.toml"
content=$(sed -n 's/^content = "\([^"]*\)".*/\1/p' "$config")
[ -n "$content" ] || fail "/etc/shelfscreen/shelf.toml names no content folder"
pictures=$(grep -ho '"\?image"\? *[=:] *"[^"]*"' \
    "$root$content/catalog.json" "$root$content/attract.toml" \
    | sed 's/.*"\([^"]*\)"$/\1/' | sort -u)
[ -n "$pictures" ] || fail "no picture named in $content/catalog.json and attract.toml"
for picture in $pictures; do
    has "$content/$picture"
done

# The sample config is one the display runs with: checked against the packaged content, with
# its data where this test may write.
sed -e "s|^content = \"$content\"|content = \"$root$content\"|" \
    -e "s|^store = \".*\"|store = \"$work/shelf.db\"|" "$config" >"$work/shelf.toml"
if ! "$root/usr/bin/shelfscreen" check "$work/shelf.toml" >"$work/check.log" 2>&1; then
    cat "$work/check.log"
    fail "/etc/shelfscreen/shelf.toml does not pass shelfscreen check"
fi

# The unit runs what the package installs, as the user postinst makes.
unit="$root/lib/systemd/system/shelfscreen-kiosk.service"
exec_start='ExecStart=/usr/bin/cage -d -- /usr/bin/shelfscreen --kiosk --config /etc/shelfscreen/shelf.toml'
grep -qx "$exec_start" "$unit" \
    || fail "shelfscreen-kiosk.service does not run the installed display on the installed config"
for line in Type=notify NotifyAccess=all WatchdogSec=30 Restart=always User=shelfscreen \
    StartLimitIntervalSec=0 Conflicts=getty@tty1.service; do
    grep -qx "$line" "$unit" || fail "shelfscreen-kiosk.service has no $line"
done
if command -v systemd-analyze >/dev/null; then
    # Against the packaged files: verify looks the binaries up by their absolute paths, so those
    # it cannot find here (not installed on this machine) are the only complaints allowed.
    systemd-analyze verify "$unit" "$root/lib/systemd/system/shelffeed.service" 2>&1 \
        | grep -v 'Command /usr/bin/shelf[a-z]* is not executable' >"$work/verify.log" || true
    if [ -s "$work/verify.log" ]; then
        cat "$work/verify.log"
        fail "systemd-analyze verify reports problems in the units"
    fi
fi

# The maintainer scripts and the conffile.
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/shelfscreen/shelf.toml "$work/control/conffiles" 2>/dev/null \
    || fail "/etc/shelfscreen/shelf.toml is not a conffile"
for script in postinst prerm postrm; do
    [ -x "$work/control/$script" ] || fail "no executable $script"
    sh -n "$work/control/$script" || fail "$script is not valid sh"
done
grep -q 'adduser --system' "$work/control/postinst" || fail "postinst makes no system user"

# What the binaries load at run time, beside the libraries dpkg-shlibdeps found.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for package in cage xwayland seatd qt6-wayland qt6-qpa-plugins qml6-module-qtquick \
    qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtqml-workerscript \
    libqt6sql6-sqlite fonts-noto-cjk fonts-noto-color-emoji adduser \
    libqt6quick6 libopencv-videoio406 libzmq5; do
    grep -Eq "(^|, )$package( \(|,|$)" <<<"$depends" || fail "Depends lacks $package"
done

# apt must resolve the package on this Debian: every dependency has an installable candidate.
if ! command -v apt-get >/dev/null; then
    echo "skipped: apt-get install --simulate (no apt-get on this machine)"
elif ! apt-get install --simulate -q "$deb" >"$work/apt.log" 2>&1; then
    cat "$work/apt.log"
    fail "apt-get install --simulate $(basename "$deb") does not resolve"
fi

[ "$failures" -eq 0 ] || exit 1
echo "the package is complete"
