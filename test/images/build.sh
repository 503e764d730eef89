#!/usr/bin/env bash
# Builds the Docker images the integration tests use, once per machine.
# Images that already exist are reused (checked with `docker image inspect`).
#
#   branchyard-test/debian:bookworm   minimal Debian 12 base (pulled debian:bookworm-slim,
#                                     or debootstrap --variant=minbase when no registry answers)
#   branchyard-test/mariadb:10.11     MariaDB 10.11 server + client, listens on 0.0.0.0:3306
#   branchyard-test/redis:7           Redis 7 server + redis-cli, listens on 0.0.0.0:6379
#   branchyard-test/app:latest        python3, procps, iproute2, curl, nc, mariadb/redis clients, git
#   branchyard-test/s2i-python:3      an s2i builder (python3, make): scripts-url image:///usr/libexec/s2i,
#                                     destination /tmp, USER 1001, app dir /opt/app-root/src
#   branchyard-test/s2i-noscripts:1   like the builder, but no scripts-url label and no scripts
#   branchyard-test/s2i-notar:1       FROM scratch: a static busybox at /bin/busybox only, so no
#                                     /bin/sh and no tar; s2i scripts run as `#!/bin/busybox sh`
#   branchyard-test/s2i-sclorg-python:3.11  behaves like sclorg's Python builder (its labels and env,
#                                     APP_ROOT, USER 1001 group 0, fix-permissions, assemble/run/usage
#                                     written after its scripts), without pip: apps need no packages
#   branchyard-test/s2i-named-user:1  the same, but USER is a name (appuser) whose group is not 0
#   branchyard-test/s2i-runtime:1     a runtime image for two-image builds: assemble-runtime and run, no Python
#
# Every image carries the label io.branchyard.test-image=<recipe version>; an image whose version
# differs from RECIPE below is rebuilt, so changing a recipe reaches machines that have the old one.
# Set BRANCHYARD_REBUILD=1 to rebuild all of them.
set -euo pipefail

LABEL_KEY=io.branchyard.test-image
BASE_IMAGE=branchyard-test/debian:bookworm
MARIADB_IMAGE=branchyard-test/mariadb:10.11
REDIS_IMAGE=branchyard-test/redis:7
APP_IMAGE=branchyard-test/app:latest
S2I_PYTHON_IMAGE=branchyard-test/s2i-python:3
S2I_NOSCRIPTS_IMAGE=branchyard-test/s2i-noscripts:1
S2I_NOTAR_IMAGE=branchyard-test/s2i-notar:1
S2I_SCLORG_IMAGE=branchyard-test/s2i-sclorg-python:3.11
S2I_NAMED_USER_IMAGE=branchyard-test/s2i-named-user:1
S2I_RUNTIME_IMAGE=branchyard-test/s2i-runtime:1
declare -A RECIPE=(
  ["$BASE_IMAGE"]=1
  ["$MARIADB_IMAGE"]=1
  ["$REDIS_IMAGE"]=1
  # 2: the app's main process exits on SIGTERM, so stopping it takes no grace period
  ["$APP_IMAGE"]=2
  ["$S2I_PYTHON_IMAGE"]=1
  ["$S2I_NOSCRIPTS_IMAGE"]=1
  ["$S2I_NOTAR_IMAGE"]=1
  ["$S2I_SCLORG_IMAGE"]=1
  ["$S2I_NAMED_USER_IMAGE"]=1
  ["$S2I_RUNTIME_IMAGE"]=1
)

WORKDIR=""
cleanup() {
  if [[ -n "$WORKDIR" && -d "$WORKDIR" ]]; then
    # a failed debootstrap can leave proc/sys mounted inside the rootfs
    local m
    for m in $(awk -v d="$WORKDIR/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r); do
      umount -l "$m" 2>/dev/null || true
    done
    rm -rf --one-file-system "$WORKDIR" || true
  fi
}
trap cleanup EXIT
WORKDIR="$(mktemp -d "${TMPDIR:-/tmp}/branchyard-images.XXXXXX")"
mkdir -p "$WORKDIR/context"   # empty build context: Dockerfiles come from stdin

log() { printf '[images] %s\n' "$*"; }

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# The image exists and was built from the current recipe.
have_current() {
  [[ "$(docker image inspect -f "{{index .Config.Labels \"${LABEL_KEY}\"}}" "$1" 2>/dev/null)" == "${RECIPE[$1]}" ]]
}

want_rebuild() { [[ "${BRANCHYARD_REBUILD:-0}" == "1" ]]; }

# docker_build NAME  (Dockerfile on stdin)
docker_build() {
  local name="$1"
  docker build --rm --force-rm -t "$name" -f - "$WORKDIR/context"
}

as_root() {
  if [[ "$(id -u)" == "0" ]]; then "$@"; else sudo "$@"; fi
}

# The Debian mirror apt already uses on this machine (never hard-coded in the repo).
debian_mirror() {
  local uri="" f
  # deb822 sources: first "URIs:" of a stanza that is not the security archive.
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    uri="$(awk '
      function ok() { return u != "" && t ~ /(^|[ \t])deb([ \t]|$)/ && s !~ /security/ && e !~ /[Nn][Oo]/ }
      /^[ \t]*$/     { if (ok()) { print u; exit } u = ""; t = ""; s = ""; e = ""; next }
      /^URIs:/       { u = $2 }
      /^Types:/      { t = $0 }
      /^Suites:/     { s = $0 }
      /^Enabled:/    { e = $2 }
      END { if (ok()) print u }
    ' "$f" | head -n1)"
    [[ -n "$uri" ]] && break
  done
  # one-line sources: first "deb URI suite ..." that is not the security archive.
  if [[ -z "$uri" ]]; then
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [[ -f "$f" ]] || continue
      uri="$(awk '
        $1 == "deb" {
          i = 2
          if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
          if ($(i + 1) !~ /security/) { print $i; exit }
        }
      ' "$f" | head -n1)"
      [[ -n "$uri" ]] && break
    done
  fi
  if [[ -z "$uri" ]]; then
    echo "build.sh: could not find a Debian mirror in apt's sources (/etc/apt/sources.list*)" >&2
    return 1
  fi
  printf '%s\n' "${uri%/}"
}

build_base() {
  # 1) a registry may be reachable on other machines
  if timeout 60 docker pull debian:bookworm-slim >/dev/null 2>&1; then
    log "pulled debian:bookworm-slim"
    docker_build "$BASE_IMAGE" <<EOF
FROM debian:bookworm-slim
LABEL ${LABEL_KEY}=1
EOF
    return 0
  fi

  # 2) no registry: debootstrap a minimal Debian from the mirror apt uses
  log "no registry answered; building the base with debootstrap"
  if ! command -v debootstrap >/dev/null 2>&1 && [[ ! -x /usr/sbin/debootstrap ]]; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap
  fi
  local mirror rootfs
  mirror="$(debian_mirror)"
  rootfs="$WORKDIR/rootfs"
  log "debootstrap --variant=minbase bookworm from $mirror"
  as_root env PATH="/usr/sbin:/sbin:$PATH" debootstrap --variant=minbase bookworm "$rootfs" "$mirror"

  # container niceties: no service starts during apt installs, no caches in the image
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb \
    "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/bootstrap.log

  tar --numeric-owner -C "$rootfs" -c . | docker import \
    --change "LABEL ${LABEL_KEY}=1" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    - "$BASE_IMAGE" >/dev/null
  rm -rf --one-file-system "$rootfs"
}

build_mariadb() {
  local ctx="$WORKDIR/mariadb"
  mkdir -p "$ctx"
  # server settings: listen everywhere, no reverse DNS look-ups of clients (slow without DNS)
  cat >"$ctx/99-branchyard.cnf" <<'EOF'
[mysqld]
bind-address = 0.0.0.0
skip-name-resolve
EOF
  # Debian's root@localhost only accepts unix_socket, so `mariadb-admin ping -h 127.0.0.1`
  # (TCP) would say "Access denied" instead of "mysqld is alive". Keep unix_socket for root
  # and also accept root with an empty password over TCP from inside the container.
  cat >"$ctx/setup.sh" <<'EOF'
#!/bin/sh
set -eu
for n in mysqladmin:mariadb-admin mysql:mariadb mysqld:mariadbd; do
  old="${n%%:*}" new="${n#*:}"
  if ! command -v "$old" >/dev/null 2>&1; then
    ln -s "$(command -v "$new")" "/usr/local/bin/$old"
  fi
done
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
mariadbd --user=mysql --skip-networking &
pid=$!
i=0
until mariadb-admin ping >/dev/null 2>&1; do
  i=$((i + 1)); [ "$i" -lt 150 ] || { echo "mariadbd did not start" >&2; exit 1; }
  sleep 0.2
done
mariadb <<'SQL'
ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('');
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS 'root'@'::1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'::1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
mariadb-admin shutdown
wait "$pid" || true
rm -f /run/mysqld/*
mariadb-admin --version; mysqladmin --version; mariadbd --version
EOF
  docker build --rm --force-rm -t "$MARIADB_IMAGE" -f - "$ctx" <<EOF
FROM ${BASE_IMAGE}
LABEL ${LABEL_KEY}=${RECIPE[$MARIADB_IMAGE]}
RUN set -eux; \\
    apt-get update; \\
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends mariadb-server mariadb-client; \\
    rm -rf /var/lib/apt/lists/*
COPY 99-branchyard.cnf /etc/mysql/mariadb.conf.d/99-branchyard.cnf
COPY setup.sh /tmp/branchyard-setup.sh
RUN sh /tmp/branchyard-setup.sh && rm -f /tmp/branchyard-setup.sh
EXPOSE 3306
CMD ["sh", "-c", "mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld && exec mariadbd --user=mysql --bind-address=0.0.0.0"]
EOF
}

build_redis() {
  docker_build "$REDIS_IMAGE" <<EOF
FROM ${BASE_IMAGE}
LABEL ${LABEL_KEY}=${RECIPE[$REDIS_IMAGE]}
RUN set -eux; \\
    apt-get update; \\
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server redis-tools; \\
    rm -rf /var/lib/apt/lists/*; \\
    redis-server --version; redis-cli --version
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no", "--bind", "0.0.0.0"]
EOF
}

build_app() {
  docker_build "$APP_IMAGE" <<EOF
FROM ${BASE_IMAGE}
LABEL ${LABEL_KEY}=${RECIPE[$APP_IMAGE]}
RUN set -eux; \\
    apt-get update; \\
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
      python3 procps iproute2 curl netcat-openbsd mariadb-client redis-tools git ca-certificates; \\
    rm -rf /var/lib/apt/lists/*
# sh waits on a background sleep so its TERM trap runs at once: `docker stop` takes no grace period.
CMD ["sh", "-c", "trap 'exit 0' TERM INT; sleep infinity & wait"]
EOF
}

# An s2i builder that works offline (see S2I.md, "A builder a test suite can make offline").
# assemble: copies /tmp/src into /opt/app-root/src, restores /tmp/artifacts into .deps and
#   "installs" requirements.txt (1 s per line) unless .deps/installed exists (incremental build);
# run: the conventions of our users' builders (RUN_CMD, INI_CMD, RUN_CMD_DIR, GIT_REPO_NAME);
# save-artifacts: a tar of .deps on stdout, nothing else; usage: help text.
build_s2i_python() {
  local ctx="$WORKDIR/s2i-python"
  mkdir -p "$ctx/s2i"
  cat >"$ctx/s2i/assemble" <<'EOF'
#!/bin/bash
# s2i assemble: source in /tmp/src (may be root-owned: only read from it), saved artifacts in
# /tmp/artifacts (a tar of .deps extracted there), the application in /opt/app-root/src.
set -e
APP_DIR=/opt/app-root/src
DEPS="$APP_DIR/.deps"

echo "---> Installing application source"
if [ -d /tmp/artifacts ] && [ -n "$(ls -A /tmp/artifacts 2>/dev/null)" ]; then
  echo "---> Restoring build artifacts"
  mkdir -p "$DEPS"
  if [ -d /tmp/artifacts/.deps ]; then
    cp -R /tmp/artifacts/.deps/. "$DEPS/"
  else
    cp -R /tmp/artifacts/. "$DEPS/"
  fi
fi
if [ -d /tmp/src ]; then
  cp -R /tmp/src/. "$APP_DIR/"
fi

# a slow dependency install that an incremental build (restored .deps/installed) skips
if [ ! -e "$DEPS/installed" ] && [ -f "$APP_DIR/requirements.txt" ]; then
  echo "---> Installing dependencies"
  mkdir -p "$DEPS"
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%%#*}"
    name="$(printf '%s' "$line" | tr -d '[:space:]' | sed -e 's/[<>=!~;\[].*$//' -e 's#/#_#g')"
    [ -n "$name" ] || continue
    echo "     installing $name"
    sleep 1
    echo "$line" >"$DEPS/$name"
  done <"$APP_DIR/requirements.txt"
  touch "$DEPS/installed"
elif [ -e "$DEPS/installed" ]; then
  echo "---> Dependencies restored from the previous build"
fi

# group 0 gets the owner's rights, so run may use another UID of group 0
chmod -R g=u "$APP_DIR" 2>/dev/null || true
echo "---> Done"
EOF
  cat >"$ctx/s2i/run" <<'EOF'
#!/bin/bash
# s2i run, with the conventions of our users' builders:
#   RUN_CMD      the command to run (required), e.g. "make start_test"
#   INI_CMD      optional, run once before RUN_CMD
#   RUN_CMD_DIR  where to run them (default /opt/app-root/src)
#   GIT_REPO_NAME the project's name (informational)
set -e
cd "${RUN_CMD_DIR:-/opt/app-root/src}"
if [ -n "${GIT_REPO_NAME:-}" ]; then
  echo "---> Running ${GIT_REPO_NAME} in $(pwd)"
fi
if [ -z "${RUN_CMD:-}" ]; then
  echo "run: RUN_CMD is not set" >&2
  /usr/libexec/s2i/usage >&2
  exit 1
fi
if [ -n "${INI_CMD:-}" ]; then
  echo "---> INI_CMD: ${INI_CMD}"
  bash -c "$INI_CMD"
fi
exec bash -c "$RUN_CMD"
EOF
  cat >"$ctx/s2i/save-artifacts" <<'EOF'
#!/bin/bash
# s2i save-artifacts: ONLY a tar stream on stdout (a tar of .deps, or an empty tar).
set -e
cd /opt/app-root/src
if [ -d .deps ]; then
  exec tar -cf - .deps
fi
exec tar -cf - --files-from /dev/null
EOF
  cat >"$ctx/s2i/usage" <<'EOF'
#!/bin/bash
cat <<'USAGE'
branchyard-test/s2i-python:3 - a Python 3 s2i builder for tests (offline, no pip).

Build:  the source goes to /tmp/src; assemble copies it to /opt/app-root/src and "installs"
        each line of requirements.txt into /opt/app-root/src/.deps (1 s each; incremental
        builds restore .deps via save-artifacts and skip it).
Run:    RUN_CMD="make start_test" (required), INI_CMD (optional, run once first),
        RUN_CMD_DIR (default /opt/app-root/src), GIT_REPO_NAME (informational).
USAGE
EOF
  docker build --rm --force-rm -t "$S2I_PYTHON_IMAGE" -f - "$ctx" <<EOF
FROM ${BASE_IMAGE}
LABEL ${LABEL_KEY}=${RECIPE[$S2I_PYTHON_IMAGE]} \\
      io.openshift.s2i.scripts-url=image:///usr/libexec/s2i \\
      io.openshift.s2i.destination=/tmp \\
      io.k8s.description="Python 3 s2i builder for Branchyard tests"
ENV HOME=/opt/app-root/src PYTHONUNBUFFERED=1
RUN set -eux; \\
    apt-get update; \\
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 ca-certificates make; \\
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin; \\
    useradd -u 1001 -g 0 -d /opt/app-root/src -M -s /bin/bash -c "s2i app user" default; \\
    mkdir -p /opt/app-root/src; \\
    chown -R 1001:0 /opt/app-root; \\
    chmod -R g=u /opt/app-root; \\
    python3 --version; make --version | head -n1
COPY s2i/ /usr/libexec/s2i/
RUN chmod 0755 /usr/libexec/s2i /usr/libexec/s2i/*
WORKDIR /opt/app-root/src
USER 1001
CMD ["/usr/libexec/s2i/usage"]
EOF
}

# A builder without the scripts-url label and without scripts: s2i says "failed to install [assemble run]".
build_s2i_noscripts() {
  docker_build "$S2I_NOSCRIPTS_IMAGE" <<EOF
FROM ${BASE_IMAGE}
LABEL ${LABEL_KEY}=${RECIPE[$S2I_NOSCRIPTS_IMAGE]} \\
      io.openshift.s2i.destination=/tmp
ENV HOME=/opt/app-root/src
RUN mkdir -p /opt/app-root/src && chown -R 1001:0 /opt/app-root && chmod -R g=u /opt/app-root
WORKDIR /opt/app-root/src
USER 1001
CMD ["bash"]
EOF
}

# A builder with no /bin/sh and no tar (s2i falls back to a layered `docker build`): FROM scratch
# with Debian's static busybox as /bin/busybox and no applet links. Its scripts are
# `#!/bin/busybox sh`; assemble copies /tmp/src to /opt/app-root/src, run execs RUN_CMD.
build_s2i_notar() {
  local ctx="$WORKDIR/s2i-notar"
  mkdir -p "$ctx/s2i"
  cat >"$ctx/s2i/assemble" <<'EOF'
#!/bin/busybox sh
set -e
echo "---> Installing application source"
/bin/busybox cp -R /tmp/src/. /opt/app-root/src/
echo "---> Done"
EOF
  cat >"$ctx/s2i/run" <<'EOF'
#!/bin/busybox sh
set -e
cd "${RUN_CMD_DIR:-/opt/app-root/src}"
if [ -z "${RUN_CMD:-}" ]; then echo "run: RUN_CMD is not set" >&2; exit 1; fi
exec /bin/busybox sh -c "$RUN_CMD"
EOF
  cat >"$ctx/s2i/usage" <<'EOF'
#!/bin/busybox sh
echo "branchyard-test/s2i-notar:1 - an s2i builder without /bin/sh and tar (only /bin/busybox)."
EOF
  docker build --rm --force-rm -t "$S2I_NOTAR_IMAGE" -f - "$ctx" <<EOF
FROM ${BASE_IMAGE} AS busybox
LABEL ${LABEL_KEY}-stage=s2i-notar
RUN set -eux; \\
    apt-get update; \\
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends busybox-static; \\
    rm -rf /var/lib/apt/lists/*; \\
    mkdir -p /out/bin /out/tmp /out/opt/app-root/src /out/etc; \\
    cp /bin/busybox /out/bin/busybox; \\
    chmod 1777 /out/tmp; \\
    echo 'root:x:0:0:root:/root:/bin/busybox' >/out/etc/passwd; \\
    echo 'default:x:1001:0:s2i app user:/opt/app-root/src:/bin/busybox' >>/out/etc/passwd; \\
    echo 'root:x:0:' >/out/etc/group
COPY s2i/ /out/usr/libexec/s2i/
RUN chmod 0755 /out/usr/libexec/s2i /out/usr/libexec/s2i/* && chown -R 1001:0 /out/opt/app-root && chmod -R g=u /out/opt/app-root

FROM scratch
COPY --from=busybox /out/ /
LABEL ${LABEL_KEY}=${RECIPE[$S2I_NOTAR_IMAGE]} \\
      io.openshift.s2i.scripts-url=image:///usr/libexec/s2i \\
      io.openshift.s2i.destination=/tmp
ENV HOME=/opt/app-root/src PATH=/usr/libexec/s2i
WORKDIR /opt/app-root/src
USER 1001
CMD ["/usr/libexec/s2i/usage"]
EOF
  # the intermediate stage stays as an untagged image with the legacy builder; drop dangling ones
  docker image prune -f --filter "label=${LABEL_KEY}-stage=s2i-notar" >/dev/null 2>&1 || true
}

# A builder that behaves like sclorg's Python builder (sclorg/s2i-python-container, on s2i-core):
# the same labels and environment, APP_ROOT=/opt/app-root, HOME=/opt/app-root/src, user 1001 in
# group 0, `fix-permissions` for group-0 access, scripts in /usr/libexec/s2i. The scripts are our
# own, after what sclorg's do and document: assemble moves /tmp/src/* (dotfiles too) into HOME and
# fixes permissions; run starts APP_SCRIPT (app.sh) or APP_FILE (app.py) in APP_HOME; usage prints
# help. There is no package index here, so requirements.txt must list nothing, and, as sclorg's
# Python builder, it has no save-artifacts.
build_s2i_sclorg() {
  local ctx="$WORKDIR/s2i-sclorg"
  mkdir -p "$ctx/s2i" "$ctx/bin"
  cat >"$ctx/bin/fix-permissions" <<'EOF'
#!/bin/sh
# Allow group 0 the owner's rights, so the image runs under any UID of group 0 (OpenShift).
# -P: do not follow symbolic links.
opt=""
[ "$2" = "-P" ] && opt="-P"
find $opt "$1" -exec chgrp 0 {} + 2>/dev/null || true
find $opt "$1" -exec chmod g+rw {} + 2>/dev/null || true
find $opt "$1" -perm -u+x -exec chmod g+x {} + 2>/dev/null || true
find $opt "$1" -type d -exec chmod g+rwx {} + 2>/dev/null || true
EOF
  cat >"$ctx/s2i/assemble" <<'EOF'
#!/bin/bash
set -e
shopt -s dotglob
echo "---> Installing application source ..."
mv /tmp/src/* "$HOME"

# set permissions for any installed artifacts
fix-permissions /opt/app-root -P

if [[ -f requirements.txt ]] && grep -qvE '^[[:space:]]*(#|$)' requirements.txt; then
  echo "---> Installing dependencies ..."
  echo "ERROR: this test builder has no package index; requirements.txt must list nothing" >&2
  exit 1
fi
if [[ ( -f setup.py || -f setup.cfg ) && -z "$DISABLE_SETUP_PY_PROCESSING" ]]; then
  echo "---> Installing application ..."
  python3 -m compileall -q . >/dev/null
fi

fix-permissions /opt/app-root -P
EOF
  cat >"$ctx/s2i/run" <<'EOF'
#!/bin/bash
set -e
APP_HOME=$(readlink -f "${APP_HOME:-.}")
cd "$APP_HOME"
app_script_check="${APP_SCRIPT-}"
APP_SCRIPT="${APP_SCRIPT-app.sh}"
if [[ -f "$APP_SCRIPT" ]]; then
  echo "---> Running application from script ($APP_SCRIPT) ..."
  if [[ "$APP_SCRIPT" != /* ]]; then APP_SCRIPT="./$APP_SCRIPT"; fi
  exec "$APP_SCRIPT"
fi
test -n "$app_script_check" && (>&2 echo "ERROR: file '$app_script_check' not found.") && exit 1
APP_FILE="${APP_FILE-app.py}"
if [[ -f "$APP_FILE" ]]; then
  echo "---> Running application from Python script ($APP_FILE) ..."
  exec python3 "$APP_FILE"
fi
echo "ERROR: don't know how to run your application." >&2
echo "Please set either APP_SCRIPT or APP_FILE, or add app.sh or app.py." >&2
exit 1
EOF
  cat >"$ctx/s2i/usage" <<'EOF'
#!/bin/sh
cat <<USAGE
This is a Python 3.11 S2I builder image for Branchyard's tests, behaving like sclorg's.
To use it, install S2I: https://github.com/openshift/source-to-image

Sample invocation:

s2i build <source code path/URL> branchyard-test/s2i-sclorg-python:3.11 <application image>

You can then run the resulting image via:
docker run -p 8080:8080 <application image>
USAGE
EOF
  docker build --rm --force-rm -t "$S2I_SCLORG_IMAGE" -f - "$ctx" <<EOF
FROM ${BASE_IMAGE}
ENV SUMMARY="Platform for building and running Python 3.11 applications" \\
    DESCRIPTION="Python 3.11 available as container is a base platform for building and running various Python 3.11 applications and frameworks."
LABEL ${LABEL_KEY}=${RECIPE[$S2I_SCLORG_IMAGE]} \\
      summary="\$SUMMARY" \\
      description="\$DESCRIPTION" \\
      io.k8s.description="\$DESCRIPTION" \\
      io.k8s.display-name="Python 3.11" \\
      io.openshift.expose-services="8080:http" \\
      io.openshift.tags="builder,python,python311,python-311" \\
      io.openshift.s2i.scripts-url=image:///usr/libexec/s2i \\
      io.s2i.scripts-url=image:///usr/libexec/s2i \\
      name="branchyard-test/s2i-sclorg-python" \\
      version="1"
ENV APP_ROOT=/opt/app-root \\
    HOME=/opt/app-root/src \\
    PATH=/opt/app-root/src/.local/bin/:/opt/app-root/src/bin:/opt/app-root/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    STI_SCRIPTS_URL=image:///usr/libexec/s2i \\
    STI_SCRIPTS_PATH=/usr/libexec/s2i \\
    PYTHON_VERSION=3.11 \\
    PYTHONUNBUFFERED=1 \\
    PYTHONIOENCODING=UTF-8 \\
    PIP_NO_CACHE_DIR=off
RUN set -eux; \\
    apt-get update; \\
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3; \\
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin; \\
    useradd -u 1001 -r -g 0 -d /opt/app-root/src -s /sbin/nologin -c "Default Application User" default; \\
    mkdir -p /opt/app-root/src /opt/app-root/bin; \\
    python3 --version
COPY bin/fix-permissions /usr/bin/fix-permissions
COPY s2i/ /usr/libexec/s2i/
RUN chmod 0755 /usr/bin/fix-permissions /usr/libexec/s2i /usr/libexec/s2i/* && \\
    chown -R 1001:0 /opt/app-root && fix-permissions /opt/app-root -P
EXPOSE 8080
WORKDIR /opt/app-root/src
USER 1001
CMD ["/usr/libexec/s2i/usage"]
EOF
}

# The sclorg-like builder with a named USER whose primary group is not 0: s2i unpacks the source
# as that user and group, so assemble's `mv /tmp/src/*` may move the files.
build_s2i_named_user() {
  docker_build "$S2I_NAMED_USER_IMAGE" <<EOF
FROM ${S2I_SCLORG_IMAGE}
LABEL ${LABEL_KEY}=${RECIPE[$S2I_NAMED_USER_IMAGE]}
USER root
RUN groupadd -g 1600 app && useradd -u 1500 -g app -d /opt/app-root/src -s /bin/bash appuser && \\
    chown -R appuser:app /opt/app-root && chmod -R g+rwX /opt/app-root
USER appuser
EOF
}

# A runtime image for s2i's two-image build (runtime_image): a plain Debian with assemble-runtime
# and run in /usr/libexec/s2i; no Python, so nothing of the builder can reach the result.
build_s2i_runtime() {
  local ctx="$WORKDIR/s2i-runtime"
  mkdir -p "$ctx/s2i"
  cat >"$ctx/s2i/assemble-runtime" <<'EOF'
#!/bin/sh
set -e
echo "---> assemble-runtime: $(find . -type f | sort | tr '\n' ' ')"
EOF
  cat >"$ctx/s2i/run" <<'EOF'
#!/bin/sh
exec sh -c "${RUN_CMD:-find . -type f}"
EOF
  docker build --rm --force-rm -t "$S2I_RUNTIME_IMAGE" -f - "$ctx" <<EOF
FROM ${BASE_IMAGE}
LABEL ${LABEL_KEY}=${RECIPE[$S2I_RUNTIME_IMAGE]} \\
      io.openshift.s2i.scripts-url=image:///usr/libexec/s2i \\
      io.k8s.description="runtime image for two-image s2i builds in Branchyard's tests"
COPY s2i/ /usr/libexec/s2i/
RUN chmod 0755 /usr/libexec/s2i /usr/libexec/s2i/* && mkdir -p /opt/app-root && chown 1001:0 /opt/app-root && chmod 0775 /opt/app-root
WORKDIR /opt/app-root
USER 1001
EOF
}

BASE_BUILT=0
ensure() {
  local name="$1" fn="$2" t0
  # images built FROM a freshly built base are rebuilt too
  if ! want_rebuild && have_current "$name" && { [[ "$name" == "$BASE_IMAGE" ]] || [[ "$BASE_BUILT" == 0 ]]; }; then
    echo "reused $name"
    return 0
  fi
  t0=$SECONDS
  log "building $name"
  "$fn"
  have_image "$name" || { echo "build.sh: $name was not built" >&2; return 1; }
  echo "built $name ($((SECONDS - t0)) s)"
  if [[ "$name" == "$BASE_IMAGE" ]]; then BASE_BUILT=1; fi
}

if ! docker version >/dev/null 2>&1; then
  echo "build.sh: the Docker engine does not answer (docker version failed)" >&2
  exit 1
fi

ensure "$BASE_IMAGE" build_base
ensure "$MARIADB_IMAGE" build_mariadb
ensure "$REDIS_IMAGE" build_redis
ensure "$APP_IMAGE" build_app
ensure "$S2I_PYTHON_IMAGE" build_s2i_python
ensure "$S2I_NOSCRIPTS_IMAGE" build_s2i_noscripts
ensure "$S2I_NOTAR_IMAGE" build_s2i_notar
ensure "$S2I_SCLORG_IMAGE" build_s2i_sclorg
ensure "$S2I_NAMED_USER_IMAGE" build_s2i_named_user
ensure "$S2I_RUNTIME_IMAGE" build_s2i_runtime
