#!/usr/bin/env bash
# Builds the GradFlow app image (or an installer) from the jars gathered in target/lib.
# Usage: jpackage.sh TYPE VERSION    (TYPE: app-image, deb, rpm, dmg, pkg, msi, exe)
# Run through Maven: mvn -pl packaging -am package [-Dgradflow.package.type=deb]
set -euo pipefail
TYPE="${1:-app-image}"
VERSION="${2:-0.1.0}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TARGET="$HERE/target"
JPACKAGE="${JAVA_HOME:+$JAVA_HOME/bin/}jpackage"
command -v "$JPACKAGE" >/dev/null 2>&1 || { echo "jpackage not found (needs a full JDK 17+)" >&2; exit 1; }

OUT="$TARGET/jpackage"
[ "$TYPE" = app-image ] && rm -rf "$OUT/gradflow"
mkdir -p "$OUT"

# --jlink-options keeps bin/java in the bundled runtime: `gradflow sweep --workers N` starts worker JVMs with it.
args=(--type "$TYPE" --name gradflow --app-version "$VERSION" --dest "$OUT"
      --input "$TARGET/lib" --main-jar "gradflow-app-$VERSION.jar" --main-class dev.gradflow.app.Main
      --java-options "-Xmx6g"
      --jlink-options "--strip-debug --no-man-pages --no-header-files"
      --description "GradFlow Workbench: study gradient flow in sparse neural networks"
      --vendor "GradFlow Workbench" --copyright "GradFlow Workbench contributors")
case "$(uname -s)" in
  Linux) args+=(--icon "$HERE/src/main/icon/gradflow.png") ;;
esac
if [ "$TYPE" = deb ] || [ "$TYPE" = rpm ]; then
  # Desktop entry + menu, and /usr/bin/gradflow -> the launcher (postinst/prerm in src/deb-resources).
  args+=(--linux-shortcut --linux-menu-group "Education;Science" --linux-app-category science
         --linux-package-name gradflow --resource-dir "$HERE/src/deb-resources")
fi
"$JPACKAGE" "${args[@]}"
echo "jpackage: built $TYPE in $OUT"
