#!/usr/bin/env bash
# Checks that no include points from a lower layer up to a higher one:
#   vision, record -> core -> ui -> app, and server (the store server) on record alone;
#   logging (the programs' message handler) uses nothing of ours, and only app's main uses it.
# Each project header is found by its name in the layer folders; an include of a header of a
# layer the including folder may not use is reported as FILE:LINE and the check fails.
set -uo pipefail
cd "$(dirname "$0")/.."

declare -A allowed=(
    [vision]="vision"
    [record]="record"
    [logging]="logging"
    [core]="core record vision"
    [server]="server record"
    [ui]="ui core record vision"
    [app]="app ui core record vision server logging"
)
layers=(vision record logging core server ui app)

declare -A home # header name -> its layer
for layer in "${layers[@]}"; do
    for header in "$layer"/*.h; do
        [ -e "$header" ] || continue
        name=$(basename "$header")
        if [ -n "${home[$name]:-}" ]; then
            echo "$header: a header of this name is in ${home[$name]}/ too"
            exit 1
        fi
        home[$name]=$layer
    done
done

status=0
checked=0
for layer in "${layers[@]}"; do
    for file in "$layer"/*.h "$layer"/*.cpp; do
        [ -e "$file" ] || continue
        checked=$((checked + 1))
        while IFS=: read -r line name; do
            target=${home[$name]:-}
            [ -n "$target" ] || continue # Qt, OpenCV, the standard library
            if [[ " ${allowed[$layer]} " != *" $target "* ]]; then
                echo "$file:$line: includes $name from $target/, which $layer/ may not use"
                status=1
            fi
        done < <(grep -n '^[[:space:]]*#[[:space:]]*include' "$file" |
                 sed 's/^\([0-9]*\):.*[<"]\([^>"]*\)[>"].*/\1:\2/')
    done
done
[ "$checked" -gt 0 ] || { echo "no source files found"; exit 1; }
[ $status -eq 0 ] && echo "layers: $checked files, no include points up a layer"
exit $status
