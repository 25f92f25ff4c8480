#!/bin/sh
# docker-net.sh - split the seeds' docker-compose cluster in two, or heal
# it, for isrlab --attach-config (examples/seeds-docker.attach):
#     partition = "$ISRLAB_CONFIG_DIR/docker-net.sh" split "$ISRLAB_PARTITION"
#     heal = "$ISRLAB_CONFIG_DIR/docker-net.sh" heal
#
# split SIDES: SIDES is isrlab's "controller,1,2|3".  Broker N is the
# container kafkaN, "controller" is the zookeeper container (seed 004's
# cluster runs on ZooKeeper: the side that keeps it keeps the
# controller).  Every container drops the packets that come from the
# containers on the other side: iptables rules in its own network
# namespace, in a chain ISRLAB, set from a throwaway nicolaka/netshoot
# container (the Kafka image has no iptables).  The host's clients are on
# neither side and still reach every broker through its published port,
# as isrlab's own `partition` leaves the clients' links alone: the
# zombie leader of lab 04 keeps answering on localhost:9092.
#
# heal: empties the ISRLAB chain everywhere, connects every broker to the
# network again (`isolate`) and takes away a netem delay (`slow`), so
# that the key h undoes every fault of seeds-docker.attach.
#
# DOCKER_NET (default multi-broker_default) names the compose network,
# DOCKER_NET_BROKERS (default "1 2 3") the brokers.
set -u
net=${DOCKER_NET:-multi-broker_default}
brokers=${DOCKER_NET_BROKERS:-1 2 3}
tool=nicolaka/netshoot

# container NODE: the container of "controller" or a broker id.
container() {
	case $1 in
	controller) echo zookeeper ;;
	*) echo "kafka$1" ;;
	esac
}

# ip CONTAINER: its address on the compose network.
ip() {
	docker inspect -f "{{with index .NetworkSettings.Networks \"$net\"}}{{.IPAddress}}{{end}}" "$1"
}

# in_ns CONTAINER SCRIPT: run SCRIPT (sh) in CONTAINER's network namespace.
in_ns() {
	docker run --rm --net "container:$1" --cap-add NET_ADMIN "$tool" sh -c "$2"
}

# chain: the ISRLAB chain, made and hooked into INPUT once.
chain='iptables -N ISRLAB 2>/dev/null; iptables -C INPUT -j ISRLAB 2>/dev/null || iptables -I INPUT -j ISRLAB'

split() {
	echo "$1" | grep -Eq '^[a-z0-9]+(,[a-z0-9]+)*\|[a-z0-9]+(,[a-z0-9]+)*$' || {
		echo "docker-net.sh: split: expected SIDES like controller,1,2|3, not '$1'" >&2
		exit 2
	}
	a=$(echo "${1%%|*}" | tr , ' ')
	b=$(echo "${1#*|}" | tr , ' ')
	# Each side drops what comes from the other.
	for pair in "$a|$b" "$b|$a"; do
		for n in ${pair%%|*}; do
			c=$(container "$n")
			rules=$chain
			for m in ${pair#*|}; do
				addr=$(ip "$(container "$m")") || exit 1
				[ -n "$addr" ] || { echo "docker-net.sh: $(container "$m") is not on $net" >&2; exit 1; }
				rules="$rules; iptables -A ISRLAB -s $addr -j DROP"
			done
			in_ns "$c" "$rules" || exit 1
			echo "$c: drops ${pair#*|}"
		done
	done
}

heal() {
	for n in controller $brokers; do
		c=$(container "$n")
		[ "$n" = controller ] || docker network connect "$net" "$c" 2>/dev/null
		in_ns "$c" "iptables -F ISRLAB 2>/dev/null; tc qdisc del dev eth0 root 2>/dev/null; true"
	done
	echo "healed: $(for n in controller $brokers; do printf '%s ' "$(container "$n")"; done)"
}

case ${1:-} in
split) [ $# = 2 ] || { echo "usage: docker-net.sh split SIDES | heal" >&2; exit 2; }
	split "$2" ;;
heal) heal ;;
*) echo "usage: docker-net.sh split SIDES | heal" >&2; exit 2 ;;
esac
