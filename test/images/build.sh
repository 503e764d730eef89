#!/usr/bin/env bash
# Builds the Docker images the integration tests use, once per machine.
# Images that already exist are reused (checked with `docker image inspect`).
#
#   branchyard-test/debian:bookworm   minimal Debian 12 base (pulled debian:bookworm-slim,
#                                     or debootstrap --variant=minbase when no registry answers)
#   branchyard-test/mariadb:10.11     MariaDB 10.11 server + client, listens on 0.0.0.0:3306
#   branchyard-test/redis:7           Redis 7 server + redis-cli, listens on 0.0.0.0:6379
#   branchyard-test/app:latest        python3, procps, iproute2, curl, nc, mariadb/redis clients, git
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
declare -A RECIPE=(
  ["$BASE_IMAGE"]=1
  ["$MARIADB_IMAGE"]=1
  ["$REDIS_IMAGE"]=1
  # 2: the app's main process exits on SIGTERM, so stopping it takes no grace period
  ["$APP_IMAGE"]=2
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
