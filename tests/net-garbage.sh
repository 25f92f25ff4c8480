#!/bin/bash
# net-garbage.sh - bad bytes on a broker's port never hurt the lab
# (issue 16): a frame over the size limit, garbage, an unknown API key, a
# malformed request and an unsupported version each get that connection
# closed with an event saying why; a frame cut short waits without
# harm and goes with its client, a big one too; afterwards the broker
# still answers kcat.  Needs only bash's /dev/tcp for the bad clients; kcat for the
# last check (skipped, 77, without it).

set -u
name=net-garbage
. "${ISRLAB_SRCDIR:-.}/tests/net-lib.sh"

need_kcat
net_start --brokers 1

# send BYTES (printf format): one connection that writes them and then
# waits for the broker to close it (or 10 s).
send() {
	exec 3<>"/dev/tcp/127.0.0.1/$base" || fail "cannot connect"
	printf "$1" >&3
	timeout 10 cat <&3 >/dev/null
	exec 3<&-
}

send '\x7f\xff\xff\xff\x00\x00\x00\x00'
net_wait_event 10 'disconnected from broker 1: a frame of 2147483647 bytes' ||
    fail "oversized frame"
send '\x00\x00\x00\x0cGARBAGEGARBA'
net_wait_event 10 'disconnected from broker 1: a request header cut short' ||
    fail "garbage"
send '\x00\x00\x00\x0a\x00\x63\x00\x00\x00\x00\x00\x01\xff\xff'
net_wait_event 10 'disconnected from broker 1: unknown API key 99' ||
    fail "unknown API key"
# Metadata v1 whose topic array claims a million topics.
send '\x00\x00\x00\x0e\x00\x03\x00\x01\x00\x00\x00\x02\xff\xff\x00\x0f\x42\x40'
net_wait_event 10 'disconnected from broker 1: a malformed Metadata v1 request' ||
    fail "malformed request"
send '\x00\x00\x00\x0a\x00\x03\x00\x63\x00\x00\x00\x03\xff\xff'
net_wait_event 10 'disconnected from broker 1: Metadata v99 is not supported' ||
    fail "unsupported version"
# A frame cut short: the broker waits for the rest; the client goes.
exec 3<>"/dev/tcp/127.0.0.1/$base" || fail "cannot connect"
printf '\x00\x00\x01\x00\x00\x03' >&3
exec 3<&-
net_wait_event 10 'disconnected from broker 1: closed by the client' ||
    fail "truncated frame"
# Frames of 64 KiB and more are read into a buffer of their own (conn.c):
# a big one whole, asking for Metadata v98, then a big one cut short.
exec 3<>"/dev/tcp/127.0.0.1/$base" || fail "cannot connect"
{ printf '\x00\x01\x11\x70\x00\x03\x00\x62\x00\x00\x00\x04\xff\xff'
  head -c 69990 /dev/zero; } >&3
timeout 10 cat <&3 >/dev/null
exec 3<&-
net_wait_event 10 'disconnected from broker 1: Metadata v98 is not supported' ||
    fail "big frame"
exec 3<>"/dev/tcp/127.0.0.1/$base" || fail "cannot connect"
{ printf '\x00\x10\x00\x00\x00\x03'; head -c 100000 /dev/zero; } >&3
exec 3<&-

md=$("$KCAT" -L -b "$boot" -m 10 2>&1)
echo "$md" | grep -q ' 1 brokers:' || fail "the broker stopped answering: $md"
echo "PASS: bad frames close their own connection, the broker goes on"
