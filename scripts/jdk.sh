# Sourced by every script that builds or runs Java: makes sure JAVA_HOME points at a JDK >= 21.
# The default `java` on our machines is 17, so we fall back to an installed newer JDK (Temurin first).
rez_java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1; }

rez_pick_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
                   /usr/lib/jvm/temurin-*-jdk* /usr/lib/jvm/java-2[1-9]-* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(rez_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "rez: no JDK >= 21 found (looked at JAVA_HOME, the default java and /usr/lib/jvm/*)." >&2
  echo "rez: install one, e.g. 'apt-get install -y temurin-21-jdk' or 'openjdk-21-jdk', and retry." >&2
  return 1
}

rez_pick_jdk || exit 1
# Maven's bundled guava warns about sun.misc.Unsafe on recent JDKs; the warning is noise.
if [ "$(rez_java_major "$JAVA_HOME/bin/java")" -ge 24 ] 2>/dev/null; then
  case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow";; esac
fi
