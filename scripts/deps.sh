# Debian 12 packages shelfscreen builds, runs and tests with. Sourced by scripts/demo and
# scripts/test: installs only what is missing, as root with apt-get or through sudo.

shelf_packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev libqt6sql6-sqlite qt6-declarative-dev qt6-serialport-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-qpa-plugins qml6-module-qtquick qml6-module-qtquick-layouts qml6-module-qtquick-window
    qml6-module-qtqml-workerscript qml6-module-qttest
    libopencv-dev libopencv-contrib-dev
    libzmq3-dev cppzmq-dev libtomlplusplus-dev libicu-dev libsystemd-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    fonts-noto-cjk fonts-noto-color-emoji
    dpkg-dev file # the Debian package: cpack finds the libraries it needs with dpkg-shlibdeps
)

# Only the tests need these: OCR reads the screenshots back as a shopper would read the screen;
# the kiosk runs under cage as on a shelf PC (headless, with grim's screenshots).
shelf_test_packages=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim
    cage xwayland qt6-wayland grim)

# Only the benchmarks need these: bench_chromium measures a Chromium kiosk beside the display
# (bench/chromium_kiosk). Never installed by scripts/test or CI: Chromium is a large download.
shelf_bench_packages=(chromium qt6-websockets-dev)

# The fuzzers (tests/fuzz/run) build with clang's libFuzzer and sanitizers.
shelf_fuzz_packages=(clang-14 libclang-rt-14-dev)

shelf_install_packages() {
    local missing=()
    local package
    for package in "${shelf_packages[@]}" "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing Debian packages: ${missing[*]}"
    local run_as_root=()
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null; then
            echo "These packages are missing and neither root nor sudo is available: ${missing[*]}" >&2
            return 1
        fi
        run_as_root=(sudo)
    fi
    "${run_as_root[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${run_as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}
