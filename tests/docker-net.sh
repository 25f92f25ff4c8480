#!/bin/sh
# docker-net.sh - examples/docker-net.sh, the partition and heal commands
# of examples/seeds-docker.attach, run against a stand-in `docker` that
# answers `inspect` with an address per container and logs every call:
# `split controller,1,2|3` sets, in each container's network namespace,
# rules that drop the other side's addresses (kafka3 drops zookeeper,
# kafka1 and kafka2; those three drop kafka3); `heal` empties them,
# reconnects the brokers and takes a netem delay away; a malformed SIDES
# is refused.  No docker is needed (nor used).
set -u
src=${ISRLAB_SRCDIR:-.}
dir=$(mktemp -d "${TMPDIR:-/tmp}/isrlab-docker-net.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $1"; echo "--- docker calls:"; cat "$dir/log"; exit 1; }

cat >"$dir/docker" <<'DOCKER'
#!/bin/sh
# The stand-in: zookeeper at 10.0.0.100, kafkaN at 10.0.0.N.
echo "$*" >>"$DOCKER_LOG"
case $1 in
inspect)
	eval "c=\${$#}"
	case $c in
	zookeeper) echo 10.0.0.100 ;;
	kafka*) echo "10.0.0.${c#kafka}" ;;
	esac ;;
esac
exit 0
DOCKER
chmod +x "$dir/docker"
export DOCKER_LOG="$dir/log"
run() { PATH="$dir:$PATH" sh "$src/examples/docker-net.sh" "$@"; }

: >"$dir/log"
run split 'controller,1,2|3' >"$dir/out" 2>&1 || fail "split failed: $(cat "$dir/out")"
chain='iptables -N ISRLAB 2>/dev/null; iptables -C INPUT -j ISRLAB 2>/dev/null || iptables -I INPUT -j ISRLAB'
for c in zookeeper kafka1 kafka2; do
	grep -Fxq "run --rm --net container:$c --cap-add NET_ADMIN nicolaka/netshoot sh -c $chain; iptables -A ISRLAB -s 10.0.0.3 -j DROP" "$dir/log" ||
	    fail "$c does not drop kafka3"
done
grep -Fxq "run --rm --net container:kafka3 --cap-add NET_ADMIN nicolaka/netshoot sh -c $chain; iptables -A ISRLAB -s 10.0.0.100 -j DROP; iptables -A ISRLAB -s 10.0.0.1 -j DROP; iptables -A ISRLAB -s 10.0.0.2 -j DROP" "$dir/log" ||
    fail "kafka3 does not drop the other side"
[ "$(grep -c '^run ' "$dir/log")" = 4 ] || fail "not one namespace call per container"

: >"$dir/log"
run heal >"$dir/out" 2>&1 || fail "heal failed: $(cat "$dir/out")"
for c in zookeeper kafka1 kafka2 kafka3; do
	grep -Fxq "run --rm --net container:$c --cap-add NET_ADMIN nicolaka/netshoot sh -c iptables -F ISRLAB 2>/dev/null; tc qdisc del dev eth0 root 2>/dev/null; true" "$dir/log" ||
	    fail "heal leaves $c's rules"
done
for b in 1 2 3; do
	grep -Fxq "network connect multi-broker_default kafka$b" "$dir/log" ||
	    fail "heal does not reconnect kafka$b"
done

for bad in '1,2' '1|2|3' '|3' '1;reboot|3' ''; do
	if run split "$bad" >"$dir/out" 2>&1; then
		fail "split '$bad' was taken"
	fi
	grep -q 'expected SIDES like controller,1,2|3' "$dir/out" ||
	    fail "split '$bad': $(cat "$dir/out")"
done
echo "PASS: docker-net.sh splits and heals by the rules isrlab's partition means"
