#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# net_qoe tests: testpmd runs of the PMD, pcap replay of real ngtcp2 1-RTT
# traffic through it, telemetry.  Usage: run.sh <dir with librte_net_qoe.so>
# [test name filter]; qoe-flowgen is taken from the build dir above it
# (QOE_FLOWGEN= overrides).  Ends with "N passed, N failed".
#
# Needs root (network namespaces for the capture), dpdk-testpmd, tshark
# (dumpcap), ngtcp2-server/ngtcp2-client, openssl, python3, util-linux.
set -u

OUT=$(cd "${1:?usage: run.sh <build dir> [filter]}" && pwd)
FILTER=${2:-}
SO=$OUT/librte_net_qoe.so
FLOWGEN=${QOE_FLOWGEN:-$(dirname "$OUT")/qoe-flowgen}
HERE=$(cd "$(dirname "$0")" && pwd)
PCAP="python3 $HERE/qoe_pcap.py"
W=$(mktemp -d "${TMPDIR:-/tmp}/qoe-dpdk.XXXXXX")
PASS=0
FAIL=0
SKIP=0
# the EAL leaves its runtime directory behind: take ours along
[ -n "${QOE_KEEP:-}" ] ||
	trap 'rm -rf "$W" /var/run/dpdk/qoe-test-$$-* /var/run/dpdk/qoe-live-$$-*' EXIT

for t in dpdk-testpmd tshark dumpcap gtlsserver gtlsclient openssl python3 unshare; do
	if ! command -v "$t" >/dev/null; then
		echo "run.sh: $t not found (bash scripts/install-deps.sh dpdk installs the test dependencies)" >&2
		exit 1
	fi
done
[ -f "$SO" ] && [ -x "$FLOWGEN" ] || { echo "run.sh: build $SO and $FLOWGEN first (make dpdk-pmd flowgen)" >&2; exit 1; }

ok() { echo "  ok: $*"; }
bad() { echo "  FAIL: $*"; T_FAILED=1; }
expect_eq() { # what got want
	if [ "$2" = "$3" ]; then ok "$1 = $2"; else bad "$1 = '$2', expected '$3'"; fi
}
expect_gt() { # what got min
	if [ "$2" -gt "$3" ] 2>/dev/null; then ok "$1 = $2 > $3"; else bad "$1 = '$2', expected > $3"; fi
}

run_test() {
	local name=$1
	shift
	[ -n "$FILTER" ] && [[ $name != *$FILTER* ]] && return 0
	echo "== $name"
	T_FAILED=0
	T_SKIPPED=0
	"$@"
	if [ "$T_SKIPPED" = 1 ]; then
		SKIP=$((SKIP + 1))
	elif [ "$T_FAILED" = 0 ]; then
		PASS=$((PASS + 1))
	else
		FAIL=$((FAIL + 1))
	fi
}

# testpmd <log> <script> <eal/app args...>: the script's lines are fed to
# testpmd's prompt; "@sleep N" lines pause.  Always --no-pci, own prefix.
N_RUN=0
testpmd() {
	local log=$1 script=$2
	shift 2
	N_RUN=$((N_RUN + 1))
	{
		sleep 1
		while IFS= read -r l; do
			case $l in
			@sleep\ *) sleep "${l#@sleep }" ;;
			*) echo "$l" ;;
			esac
		done <<<"$script"
	} | timeout 120 env LD_PRELOAD="$SO" dpdk-testpmd -l 0-1 --no-huge -m 512 \
		--no-pci --file-prefix="qoe-test-$$-$N_RUN" "$@" >"$log" 2>&1
	local rc=$?
	if [ $rc -ge 124 ]; then
		echo "  testpmd exited $rc (timeout or signal); log $log:" >&2
		tail -20 "$log" >&2
	fi
	return $rc
}

# xstat <log> <name>: value of one "name: value" line.
xstat() { awk -v k="$2:" '$1 == k { print $2; exit }' "$1"; }

# ---------------------------------------------------------------------------

t_load() {
	testpmd "$W/load.log" $'show port info 0\nquit' \
		--vdev=net_qoe0 -- -i --total-num-mbufs=8192
	expect_eq "testpmd exit" $? 0
	expect_eq "driver of port 0" "$(awk '/^Driver name:/ { print $3 }' "$W/load.log")" net_qoe
}

# Pair wiring without flows: every packet crosses, and is seen by the
# engine (rx_no_flow counts testpmd's UDP packets).
t_pair_forward() {
	local log=$W/pair$#.log
	testpmd "$log" $'start tx_first\n@sleep 2\nstop\nshow port xstats 1\nquit' \
		--vdev=net_qoe0,peer=net_qoe1 --vdev=net_qoe1 -- -i \
		--total-num-mbufs=16384 "$@"
	expect_eq "testpmd exit" $? 0
	# per-port forward stats: RX/TX of port 0 then of port 1
	local rx0 tx0 rx1 tx1
	read -r rx0 tx0 rx1 tx1 < <(awk '/Forward statistics for port/ { for (i = 1; i <= NF; i++) if ($i == "port") p = $(i + 1) }
		/RX-packets:/ && p != "" { rx[p] = $2 } /TX-packets:/ && p != "" { tx[p] = $2; if (p == 1) exit }
		END { print rx[0], tx[0], rx[1], tx[1] }' "$log")
	expect_gt "port 0 TX packets" "${tx0:-0}" 1000
	# in flight at stop: at most one ring's worth
	local d=$(( ${tx0:-0} - ${rx1:-0} ))
	if [ "$d" -ge 0 ] && [ "$d" -le 1024 ]; then ok "port 1 RX ($rx1) = port 0 TX ($tx0) - $d in flight"; else bad "port 1 RX $rx1 vs port 0 TX $tx0"; fi
	expect_eq "port 1 rx_quic_no_flow" "$(xstat "$log" rx_quic_no_flow)" "$(xstat "$log" rx_good_packets)"
	expect_eq "port 1 rx_quic_auth_fail" "$(xstat "$log" rx_quic_auth_fail)" 0
	if [ $# -gt 0 ]; then
		# two queues: both carry traffic, and they add up
		expect_gt "port 1 rx_q1_packets" "$(xstat "$log" rx_q1_packets)" 1000
		expect_eq "port 1 rx_q0 + rx_q1" \
			$(( $(xstat "$log" rx_q0_packets) + $(xstat "$log" rx_q1_packets) )) \
			"$(xstat "$log" rx_good_packets)"
	fi
}

# Bad devargs and bad flow files: a named error and a failed probe, never
# a crash.
probe_fails() { # name devargs expected-message
	local log=$W/probe-$1.log
	testpmd "$log" $'show port info all\nquit' --vdev="$2" -- -i --total-num-mbufs=8192
	local rc=$?
	if [ $rc -ge 124 ]; then bad "$1: testpmd died ($rc)"; return; fi
	if grep -q -- "$3" "$log"; then ok "$1: \"$3\""; else bad "$1: no \"$3\" in $log"; sed 's/^/    /' "$log" | grep -i qoe | head -5; fi
	if grep -q "^Driver name: net_qoe" "$log"; then bad "$1: port probed anyway"; else ok "$1: no net_qoe port"; fi
}

t_bad_input() {
	local f=$W/flows
	local hp=000102030405060708090a0b0c0d0e0f
	local k="hp=$hp key0=$hp iv0=000102030405060708090a0b"
	probe_fails unknown-key "net_qoe0,bogus=1" "cannot parse devargs"
	probe_fails max-flows "net_qoe0,max_flows=0" "max_flows=0: expected an integer"
	probe_fails ring-size "net_qoe0,ring_size=1000" "must be a power of two"
	probe_fails crypto "net_qoe0,crypto=rot13" "expected ipsec-mb or openssl"
	probe_fails backing "net_qoe0,backing=net_nothere0" "backing port net_nothere0 not found"
	probe_fails no-file "net_qoe0,flows=$W/nonexistent" "No such file"
	echo "tx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 $k" >"$f.ok"
	printf '# comment\n\ntx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 %s\nxx aes-128-gcm 1.1.1.1:1 2.2.2.2:2 %s\n' "$k" "$k" >"$f.1"
	probe_fails bad-dir "net_qoe0,flows=$f.1" "flows.1:4: dir: expected tx or rx"
	echo "rx aes-512-gcm 10.0.0.1:1 10.0.0.2:2 $k" >"$f.2"
	probe_fails bad-cipher "net_qoe0,flows=$f.2" "flows.2:1: cipher"
	echo "rx aes-128-gcm 10.0.0.1 10.0.0.2:2 $k" >"$f.3"
	probe_fails no-port "net_qoe0,flows=$f.3" "flows.3:1: local"
	echo "rx aes-128-gcm 10.0.0.1:1 [::1]:2 $k" >"$f.4"
	probe_fails family "net_qoe0,flows=$f.4" "flows.4:1: local and remote must both be IPv4 or both IPv6"
	echo "rx aes-256-gcm 10.0.0.1:1 10.0.0.2:2 $k" >"$f.5"
	probe_fails key-len "net_qoe0,flows=$f.5" "flows.5:1: keys and hp must be 32 bytes for this cipher"
	echo "rx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 hp=$hp key0=$hp" >"$f.6"
	probe_fails no-iv "net_qoe0,flows=$f.6" "flows.6:1: every key needs its iv"
	echo "rx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 $k cid=0g" >"$f.7"
	probe_fails bad-hex "net_qoe0,flows=$f.7" "flows.7:1: cid"
	echo "rx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 $k cid=$hp$hp" >"$f.8"
	probe_fails long-cid "net_qoe0,flows=$f.8" "flows.8:1: cid"
	echo "tx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 $k phase=2" >"$f.9"
	probe_fails phase "net_qoe0,flows=$f.9" "flows.9:1: phase"
	echo "rx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 hp=$hp" >"$f.10"
	probe_fails no-key "net_qoe0,flows=$f.10" "flows.10:1: dir, cipher, local, remote, hp and a key with its iv are required"
	# a bad key names the option, never its value
	echo "rx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 hp=$hp key0=5ec2e75ec2e7zz5ec2e75ec2e75ec2e7 iv0=000102030405060708090a0b" >"$f.11"
	probe_fails key-hex "net_qoe0,flows=$f.11" "flows.11:1: "
	if grep -q 5ec2e7 "$W/probe-key-hex.log"; then
		bad "key-hex: the key's text is in the log"
	else
		ok "key-hex: the key's text is not in the log"
	fi
	# and a good file does probe
	testpmd "$W/probe-ok.log" $'show port info 0\nquit' --vdev="net_qoe0,flows=$f.ok" \
		--log-level=pmd.net.qoe:info -- -i --total-num-mbufs=8192
	if grep -q "1 flows loaded" "$W/probe-ok.log" && grep -q "^Driver name: net_qoe" "$W/probe-ok.log"; then
		ok "good flows file probes"
	else
		bad "good flows file did not probe"
	fi
}

# ---------------------------------------------------------------------------
# Real ngtcp2 traffic: capture one connection on an isolated loopback.

make_cert() {
	[ -f "$W/key.pem" ] && return 0
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$W/key.pem" -out "$W/crt.pem" -days 2 -subj /CN=localhost \
		>/dev/null 2>&1
	mkdir -p "$W/htdocs"
	head -c 3000000 /dev/urandom >"$W/htdocs/blob"
}

# A private loopback when we may create network namespaces; otherwise the
# host's loopback with a port of our own.
if [ -z "${QOE_NO_NETNS:-}" ] && unshare -n true 2>/dev/null; then
	NETNS=1
	SPORT=4433
else
	NETNS=0
	SPORT=$((20000 + $$ % 40000))
	echo "run.sh: no network namespaces here: capturing on the host loopback, port $SPORT; live tests skipped"
fi

# capture <dir> <gtlsclient args...>: cap.pcap (checksums fixed) + keys.log
capture() {
	local d=$1 wrap=()
	shift
	mkdir -p "$d"
	make_cert
	[ "$NETNS" = 1 ] && wrap=(unshare -n)
	# shellcheck disable=SC2016
	"${wrap[@]}" bash -c '
		d=$1; w=$2; port=$3; shift 3
		ip link set lo up 2>/dev/null
		dumpcap -q -P -B 64 -i lo -f "udp port $port" -w "$d/raw.pcap" >"$d/dumpcap.log" 2>&1 &
		dp=$!
		for i in $(seq 50); do [ -s "$d/raw.pcap" ] && break; sleep 0.1; done
		sleep 0.3
		(cd "$w" && exec gtlsserver -q --max-gso-dgrams=1 -d htdocs 127.0.0.1 $port key.pem crt.pem) >"$d/server.log" 2>&1 &
		sv=$!
		sleep 0.5
		SSLKEYLOGFILE=$d/keys.log timeout 30 gtlsclient -q --exit-on-all-streams-close \
			--max-udp-payload-size=1350 --no-pmtud "$@" 127.0.0.1 $port \
			https://localhost/blob >"$d/client.log" 2>&1
		echo "client exit $?" >>"$d/client.log"
		sleep 0.3
		kill $sv; sleep 0.3; kill $dp; wait $dp
	' capture "$d" "$W" "$SPORT" "$@"
	$PCAP fixsum "$d/raw.pcap" "$d/cap.pcap"
	$PCAP empty "$d/cap.pcap" "$d/empty.pcap"
}

# Endpoints and CIDs of the captured connection, from its long headers.
conn_params() { # dir -> sets C_EP S_EP C_CID S_CID
	local d=$1 cport
	cport=$(tshark -r "$d/cap.pcap" -T fields -e udp.srcport -Y "udp.dstport == $SPORT" 2>/dev/null | head -1)
	C_EP=127.0.0.1:$cport
	S_EP=127.0.0.1:$SPORT
	C_CID=$(tshark -r "$d/cap.pcap" -T fields -e quic.scid -Y "udp.srcport == $cport && quic.header_form == 1" 2>/dev/null | head -1 | cut -d, -f1)
	S_CID=$(tshark -r "$d/cap.pcap" -T fields -e quic.scid -Y "udp.srcport == $SPORT && quic.header_form == 1" 2>/dev/null | head -1 | cut -d, -f1)
}

# Frames whose first QUIC packet is a short header (what the engine owns).
count_short() {
	tshark -r "$1" -T fields -e quic.header_form 2>/dev/null | awk -F, '$1 == "0"' | wc -l
}

decrypt_run() { # dir flows out.pcap log
	testpmd "$4" $'start\n@sleep 3\nstop\nshow port xstats 1\nquit' \
		--vdev="net_pcap0,rx_pcap=$1/cap.pcap,tx_pcap=$1/junk0.pcap" \
		--vdev="net_qoe0,backing=net_pcap0,flows=$2" \
		--vdev="net_pcap1,rx_pcap=$1/empty.pcap,tx_pcap=$3" \
		-- -i --total-num-mbufs=8192 --no-flush-rx
}

encrypt_run() { # dir flows in.pcap out.pcap log
	testpmd "$5" $'start\n@sleep 3\nstop\nshow port xstats 2\nquit' \
		--vdev="net_pcap0,rx_pcap=$3,tx_pcap=$1/junk1.pcap" \
		--vdev="net_pcap1,rx_pcap=$1/empty.pcap,tx_pcap=$4" \
		--vdev="net_qoe1,backing=net_pcap1,flows=$2" \
		-- -i --total-num-mbufs=8192 --no-flush-rx
}

# The most key-phase changes of one direction of the capture in <dir>.
# Key phase changes of each direction, "client server" order not kept:
# "1 1" is one update each way.
key_phase_changes() {
	tshark -r "$1/cap.pcap" -o "tls.keylog_file:$1/keys.log" \
		-Y "quic.header_form == 0" -T fields -e udp.srcport -e quic.key_phase \
		2>/dev/null | awk -F'\t' '{ split($2, k, ","); p = k[1]
			if (($1 in last) && last[$1] != p) ch[$1]++; last[$1] = p }
		END { n = 0; for (s in last) { printf "%s%d", n++ ? " " : "", ch[s] + 0 }
			print "" }'
}

# Did the capture in <dir> see every packet?  A gap in the 1-RTT packet
# numbers of one direction (dumpcap drops under load) is not what the peer
# received: ngtcp2 sends 1-byte packet numbers, so a hole of 128 or more
# makes every later packet of that direction expand wrong, in the engine
# as in any receiver that missed them.  Prints why when it did not.
capture_complete() {
	local dropped gaps
	dropped=$(sed -n 's/.*received\/dropped on interface.*: [0-9]*\/\([0-9]*\) .*/\1/p' "$1/dumpcap.log")
	if [ "${dropped:-x}" != 0 ]; then
		echo "dumpcap dropped '${dropped}' packets"
		return 1
	fi
	gaps=$(tshark -r "$1/cap.pcap" -o "tls.keylog_file:$1/keys.log" \
		-Y "quic.header_form == 0" -T fields -e udp.srcport -e quic.packet_number \
		2>/dev/null | awk -F'\t' '{ n = split($2, p, ","); x = p[n] + 0
			if (($1 in last) && x != last[$1] + 1) g++; last[$1] = x }
		END { print g + 0 }')
	if [ "$gaps" != 0 ]; then
		echo "$gaps holes in the 1-RTT packet numbers"
		return 1
	fi
}

# For a cipher tshark cannot decrypt (4.0 has no QUIC AES-CCM), what
# capture_complete and key_phase_changes read from tshark comes from the
# packets net_qoe opened instead: every one opened, exactly one key update
# per direction, no PN hole.  Sets SHORT_INFO ("changes holes phase1").
opened_complete() { # dir cipher
	local d=$1 cipher=$2 dropped
	dropped=$(sed -n 's/.*received\/dropped on interface.*: [0-9]*\/\([0-9]*\) .*/\1/p' "$d/dumpcap.log")
	if [ "${dropped:-x}" != 0 ]; then
		echo "dumpcap dropped '${dropped}' packets"
		return 1
	fi
	conn_params "$d"
	"$FLOWGEN" "$d/keys.log" "$cipher" rx "$C_EP" "$S_EP" "$C_CID" "$S_CID" >"$d/rx.flows" ||
		{ echo "qoe_flowgen rx failed"; return 1; }
	decrypt_run "$d" "$d/rx.flows" "$d/plain.pcap" "$d/decrypt.log"
	if [ "$(xstat "$d/decrypt.log" rx_quic_auth_fail)" != 0 ]; then
		echo "packets net_qoe could not open (a second key update?)"
		return 1
	fi
	SHORT_INFO=$($PCAP short "$d/plain.pcap" "$SPORT" "$C_CID" "$S_CID")
	set -- $SHORT_INFO
	if [ "$1" != 1,1 ]; then
		echo "not exactly one key update per direction ($1)"
		return 1
	fi
	if [ "$2" != 0 ]; then
		echo "$2 holes in the 1-RTT packet numbers"
		return 1
	fi
}

# The replay test of one cipher: capture, decrypt through net_qoe, re-encrypt
# through net_qoe, compare with the capture byte for byte, tshark reads it.
replay() { # name cipher gtlsclient-cipher-args...
	local name=$1 cipher=$2
	shift 2
	local d=$W/$name try tsh=1
	[ "$cipher" = aes-128-ccm ] && tsh=0
	# ngtcp2's --key-update runs on a timer: a slow (loaded) run can update
	# twice, a fast one can end before the first, and a flows file holds one
	# key per phase.  Keep a capture with exactly one update in each
	# direction, and every packet (capture_complete); a direction that did
	# not update halves the timer for the next try, one that updated twice
	# doubles it.
	local why= ku=20 kc
	for try in 1 2 3 4 5; do
		rm -rf "$d"
		capture "$d" --key-update=${ku}ms "$@"
		if [ $tsh = 0 ]; then
			# not in a subshell: it sets SHORT_INFO and the CIDs
			opened_complete "$d" "$cipher" >"$W/$name.why" && { why=; break; }
			why=$(cat "$W/$name.why")
		elif kc=$(key_phase_changes "$d") && [ "$kc" != "1 1" ]; then
			why="not exactly one key update per direction ($kc, timer ${ku}ms)"
			if echo "$kc" | awk '{ for (i = 1; i <= NF; i++) if ($i == 0) exit 0; exit 1 }'; then
				[ "$ku" -gt 2 ] && ku=$((ku / 2))
			else
				ku=$((ku * 2))
			fi
		elif ! why=$(capture_complete "$d"); then
			:
		else
			why=
			break
		fi
		echo "  capture $try: $why; again"
	done
	if [ -n "$why" ]; then
		bad "no usable capture in $try tries: $why"
		return
	fi
	local total short long kp1
	total=$($PCAP count "$d/cap.pcap")
	short=$(count_short "$d/cap.pcap")
	long=$((total - short))
	expect_gt "captured packets" "$total" 500
	local negotiated
	negotiated=$(tshark -r "$d/cap.pcap" -o "tls.keylog_file:$d/keys.log" -T fields \
		-e tls.handshake.ciphersuite -Y "tls.handshake.type == 2" 2>/dev/null | head -1)
	case $cipher in
	aes-128-gcm) expect_eq "negotiated suite" "$negotiated" 0x1301 ;;
	aes-256-gcm) expect_eq "negotiated suite" "$negotiated" 0x1302 ;;
	chacha20-poly1305) expect_eq "negotiated suite" "$negotiated" 0x1303 ;;
	aes-128-ccm) expect_eq "negotiated suite" "$negotiated" 0x1304 ;;
	esac
	if [ $tsh = 1 ]; then
		kp1=$(tshark -r "$d/cap.pcap" -o "tls.keylog_file:$d/keys.log" -Y "quic.key_phase == 1" 2>/dev/null | wc -l)
	else
		kp1=$(echo "$SHORT_INFO" | cut -d' ' -f3)
	fi
	expect_gt "packets after the key update (phase 1)" "$kp1" 0
	conn_params "$d"
	if [ -z "$C_CID" ] || [ -z "$S_CID" ]; then
		bad "no CIDs found in the capture"
		return
	fi
	"$FLOWGEN" "$d/keys.log" "$cipher" rx "$C_EP" "$S_EP" "$C_CID" "$S_CID" >"$d/rx.flows" ||
		{ bad "qoe_flowgen rx"; return; }
	"$FLOWGEN" "$d/keys.log" "$cipher" tx "$C_EP" "$S_EP" "$C_CID" "$S_CID" >"$d/tx.flows" ||
		{ bad "qoe_flowgen tx"; return; }

	# 1. decrypt: every short-header packet opens, long headers pass
	decrypt_run "$d" "$d/rx.flows" "$d/plain.pcap" "$d/decrypt.log"
	expect_eq "decrypt: rx_quic_decrypted_packets" "$(xstat "$d/decrypt.log" rx_quic_decrypted_packets)" "$short"
	expect_eq "decrypt: rx_quic_auth_fail" "$(xstat "$d/decrypt.log" rx_quic_auth_fail)" 0
	expect_eq "decrypt: rx_quic_not_1rtt" "$(xstat "$d/decrypt.log" rx_quic_not_1rtt)" "$long"
	expect_eq "decrypt: quic_key_updates" "$(xstat "$d/decrypt.log" quic_key_updates)" 2
	if $PCAP differ "$d/cap.pcap" "$d/plain.pcap" "$short" >"$d/differ.txt"; then
		ok "decrypt: exactly the $short short-header packets changed"
	else
		bad "decrypt: $(cat "$d/differ.txt")"
	fi

	# 2. re-encrypt the plaintext: the captured bytes come back
	encrypt_run "$d" "$d/tx.flows" "$d/plain.pcap" "$d/enc.pcap" "$d/encrypt.log"
	expect_eq "encrypt: tx_quic_encrypted_packets" "$(xstat "$d/encrypt.log" tx_quic_encrypted_packets)" "$short"
	if $PCAP same "$d/cap.pcap" "$d/enc.pcap" >"$d/same.txt"; then
		ok "encrypt: $(cat "$d/same.txt") to the capture"
	else
		bad "encrypt: $(cat "$d/same.txt")"
	fi

	# 3. tshark decrypts what net_qoe emitted (when it can: the
	#    byte-for-byte match with what GnuTLS sent stands for it otherwise)
	local failed undecrypted
	[ $tsh = 0 ] || failed=$(tshark -r "$d/enc.pcap" -o "tls.keylog_file:$d/keys.log" -Y quic.decryption_failed 2>/dev/null | wc -l)
	if [ $tsh = 1 ]; then
		undecrypted=$(tshark -r "$d/enc.pcap" -o "tls.keylog_file:$d/keys.log" -Y "quic.header_form == 0 && !quic.frame" 2>/dev/null | wc -l)
		expect_eq "tshark: decryption failures in net_qoe output" "$failed" 0
		expect_eq "tshark: short-header packets without frames" "$undecrypted" 0
	fi

	# 4. wrong key: nothing opens, packets come up byte for byte as sent
	awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^key[01]=/) { c = substr($i, 6, 1); $i = substr($i, 1, 5) (c == "0" ? "1" : "0") substr($i, 7) } print }' \
		"$d/rx.flows" >"$d/rx-bad.flows"
	decrypt_run "$d" "$d/rx-bad.flows" "$d/plain-bad.pcap" "$d/decrypt-bad.log"
	expect_eq "wrong key: rx_quic_auth_fail" "$(xstat "$d/decrypt-bad.log" rx_quic_auth_fail)" "$short"
	expect_eq "wrong key: rx_quic_decrypted_packets" "$(xstat "$d/decrypt-bad.log" rx_quic_decrypted_packets)" 0
	if $PCAP same "$d/cap.pcap" "$d/plain-bad.pcap" >/dev/null; then
		ok "wrong key: packets delivered untouched"
	else
		bad "wrong key: packets were modified"
	fi

	# 5. TX without the phase-1 key: those packets are dropped, never sent
	#    in clear
	sed 's/ key1=[0-9a-f]* iv1=[0-9a-f]*//' "$d/tx.flows" >"$d/tx-nokey1.flows"
	local kp1_short=$kp1
	[ $tsh = 0 ] || kp1_short=$(tshark -r "$d/cap.pcap" -o "tls.keylog_file:$d/keys.log" -T fields \
		-e quic.key_phase -Y "quic.header_form == 0" 2>/dev/null | awk -F, '$1 == "1"' | wc -l)
	encrypt_run "$d" "$d/tx-nokey1.flows" "$d/plain.pcap" "$d/enc-nokey1.pcap" "$d/encrypt-nokey1.log"
	expect_eq "no key1: tx_quic_drop_no_key" "$(xstat "$d/encrypt-nokey1.log" tx_quic_drop_no_key)" "$kp1_short"
	expect_eq "no key1: packets emitted" "$($PCAP count "$d/enc-nokey1.pcap")" $((total - kp1_short))
	[ $tsh = 0 ] || expect_eq "no key1: tshark decryption failures" \
		"$(tshark -r "$d/enc-nokey1.pcap" -o "tls.keylog_file:$d/keys.log" -Y quic.decryption_failed 2>/dev/null | wc -l)" 0
}

t_replay_aes128() { replay aes128 aes-128-gcm '--ciphers=NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM'; }
t_replay_aes256() { replay aes256 aes-256-gcm '--ciphers=NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-256-GCM'; }
t_replay_chacha() { replay chacha chacha20-poly1305 '--ciphers=NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305'; }
t_replay_ccm() { replay ccm aes-128-ccm '--ciphers=NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-CCM'; }

# ---------------------------------------------------------------------------
# Telemetry: the /qoe/ contract offloadctl reads (Documentation/dpdk-pmd.rst).

t_telemetry() {
	local d=$W/tel f=$W/tel/flows i
	mkdir -p "$d"
	: >"$f"
	# 40 flows: more than one page of 32
	for i in $(seq 1 40); do
		echo "rx aes-128-gcm 10.0.0.1:$((4000 + i)) 10.0.0.2:1 cid=0a0b$(printf %02x "$i") hp=000102030405060708090a0b0c0d0e0f key0=000102030405060708090a0b0c0d0e0f iv0=000102030405060708090a0b" >>"$f"
	done
	sed -i '1s/.*/tx chacha20-poly1305 [2001:db8::1]:443 [2001:db8::2]:5000 cid=c0ffee hp=000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f key0=000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f iv0=000102030405060708090a0b pn=7/' "$f"
	sed -i '2s/10.0.0.2/10.9.9.9/' "$f"
	local prefix=qoe-test-$$-tel
	{ sleep 1; echo "start"; sleep 4; echo "stop"; echo "quit"; } |
		timeout 60 env LD_PRELOAD="$SO" dpdk-testpmd -l 0-1 --no-huge -m 512 --no-pci \
		--file-prefix=$prefix --vdev=net_qoe0,peer=net_qoe1 --vdev="net_qoe1,flows=$f" \
		-- -i --total-num-mbufs=8192 >"$d/testpmd.log" 2>&1 &
	local tp=$!
	sleep 3
	python3 "$HERE/qoe_telemetry_check.py" "/var/run/dpdk/$prefix/dpdk_telemetry.v2" >"$d/check.log" 2>&1
	local rc=$?
	wait $tp
	sed 's/^/    /' "$d/check.log"
	expect_eq "telemetry contract checks" $rc 0
}

# The private API, dynfield metadata, GSO, key update (qoe_pmd_test.c).
t_api() {
	[ -x "$OUT/qoe_pmd_test" ] || { bad "$OUT/qoe_pmd_test not built"; return; }
	"$OUT/qoe_pmd_test" >"$W/api.log" 2>&1 &
	local pid=$!
	wait $pid
	local rc=$?
	if [ -e "/var/run/dpdk/qoe-api-$pid" ]; then
		bad "qoe_pmd_test left /var/run/dpdk/qoe-api-$pid behind"
	else
		ok "qoe_pmd_test removed its EAL runtime directory"
	fi
	grep -E '^(ok|not ok) |  FAIL|^# bench' "$W/api.log" | sed 's/^/    /'
	expect_eq "qoe_pmd_test exit" $rc 0
	# every case the source defines ran (no count to keep in step by hand)
	local cases
	cases=$(grep -c '^QOE_TEST(' "$HERE/qoe_pmd_test.c")
	expect_eq "qoe_pmd_test summary" "$(grep -E '^[0-9]+ passed' "$W/api.log")" "$cases passed, 0 failed"
}

# ---------------------------------------------------------------------------
# Live: gtlsclient and gtlsserver in two network namespaces, each behind a
# net_tap, crossing qoe_livefwd: every 1-RTT packet is decrypted by the
# ingress net_qoe and re-encrypted by the egress one; the download must
# complete byte for byte.

N_LIVE=0
t_live() {
	N_LIVE=$((N_LIVE + 1))
	# names unique per run: a deleted namespace's devices go away lazily
	local d=$W/live$N_LIVE ns_c=qoec$$x$N_LIVE ns_s=qoes$$x$N_LIVE
	local if_c=qoec$$x$N_LIVE if_s=qoes$$x$N_LIVE
	[ -x "$OUT/qoe_livefwd" ] || { bad "$OUT/qoe_livefwd not built"; return; }
	if [ "$NETNS" = 0 ] || ! ip netns list >/dev/null 2>&1; then
		echo "  SKIP: needs network namespaces"
		T_SKIPPED=1
		return
	fi
	mkdir -p "$d/dl"
	make_cert
	ip netns add "$ns_c" && ip netns add "$ns_s" || { bad "ip netns add"; return; }
	"$OUT/qoe_livefwd" -l 0 --no-huge -m 512 --no-pci --file-prefix="qoe-live-$$-$N_LIVE" \
		--vdev="net_tap0,iface=$if_c" --vdev="net_tap1,iface=$if_s" \
		--vdev=net_qoe0,backing=net_tap0 --vdev=net_qoe1,backing=net_tap1 \
		-- "$d/keys.log" "$1" "$d/stop" >"$d/fwd.log" 2>&1 &
	local fwd=$! i
	for i in $(seq 100); do grep -q '^ready' "$d/fwd.log" && break; sleep 0.1; done
	ip link set "$if_c" netns "$ns_c" && ip link set "$if_s" netns "$ns_s" &&
	ip -n "$ns_c" addr add 10.77.0.1/24 dev "$if_c" &&
	ip -n "$ns_s" addr add 10.77.0.2/24 dev "$if_s" &&
	ip -n "$ns_c" link set "$if_c" up && ip -n "$ns_s" link set "$if_s" up &&
	ip -n "$ns_c" link set lo up && ip -n "$ns_s" link set lo up ||
		bad "namespace setup"
	(cd "$W" && exec ip netns exec "$ns_s" gtlsserver -q --max-gso-dgrams=1 -d htdocs \
		10.77.0.2 4433 key.pem crt.pem) >"$d/server.log" 2>&1 &
	local sv=$!
	sleep 0.5
	ip netns exec "$ns_c" env SSLKEYLOGFILE="$d/keys.log" timeout 60 gtlsclient -q \
		--exit-on-all-streams-close --download="$d/dl" --max-udp-payload-size=1350 \
		--no-pmtud --key-update=20ms "${@:2}" 10.77.0.2 4433 https://localhost/blob \
		>"$d/client.log" 2>&1
	local rc=$?
	touch "$d/stop"
	wait $fwd
	kill $sv 2>/dev/null
	wait $sv 2>/dev/null
	ip netns del "$ns_c"
	ip netns del "$ns_s"
	sed 's/^/    /' "$d/fwd.log" | grep -v -e '^    EAL' -e TELEMETRY
	expect_eq "gtlsclient exit" $rc 0
	if cmp -s "$W/htdocs/blob" "$d/dl/blob"; then ok "download identical (3000000 bytes)"; else bad "download differs or is missing"; fi
	local v
	expect_gt "client->server packets decrypted in the middle" "$(awk '$1 == "c2s_decrypted" { print $2 }' "$d/fwd.log")" 100
	expect_gt "server->client packets decrypted in the middle" "$(awk '$1 == "s2c_decrypted" { print $2 }' "$d/fwd.log")" 1000
	v=$(awk '$1 ~ /_key_updates$/ { n += $2 } END { print n + 0 }' "$d/fwd.log")
	expect_gt "key updates followed" "$v" 0
	# the engine refused nothing it was asked to protect (oerrors may also
	# count a full tap queue, which QUIC recovers from)
	expect_eq "port 0 engine TX drops" "$(awk '$1 == "port0_engine_tx_drops" { print $2 }' "$d/fwd.log")" 0
	expect_eq "port 1 engine TX drops" "$(awk '$1 == "port1_engine_tx_drops" { print $2 }' "$d/fwd.log")" 0
	v=$(awk '$1 ~ /_failed$/ { n += $2 } END { print n + 0 }' "$d/fwd.log")
	if [ "$v" -le 2 ]; then ok "packets failing to open in the middle: $v"; else bad "$v packets failed to open in the middle"; fi
}

# Live through plain testpmd: the same connection crossing testpmd's io
# forwarding between two net_qoe ports over net_taps.  Flows appear in the
# ports' flows files (flows_watch=1) once the handshake has shown the CIDs
# and the key log the secrets; from then on one port decrypts, testpmd
# forwards plaintext, the other port re-encrypts it (auto_tx).  The client
# waits 1 s before its request (--delay-stream) so the flows, installed
# with no PN history, arrive while PNs are still small enough to expand
# from 1-byte truncations (a host would pass its largest PN instead).
t_live_testpmd() {
	N_LIVE=$((N_LIVE + 1))
	local d=$W/live$N_LIVE ns_c=qoec$$x$N_LIVE ns_s=qoes$$x$N_LIVE
	local if_c=qoec$$x$N_LIVE if_s=qoes$$x$N_LIVE
	if [ "$NETNS" = 0 ] || ! ip netns list >/dev/null 2>&1; then
		echo "  SKIP: needs network namespaces"
		T_SKIPPED=1
		return
	fi
	mkdir -p "$d/dl"
	make_cert
	# a transfer of about 2 s: the flows arrive before or during it
	[ -f "$W/htdocs/big" ] || head -c 30000000 /dev/urandom >"$W/htdocs/big"
	: >"$d/port0.flows"
	: >"$d/port1.flows"
	ip netns add "$ns_c" && ip netns add "$ns_s" || { bad "ip netns add"; return; }
	mkfifo "$d/cmd"
	timeout 120 env LD_PRELOAD="$SO" dpdk-testpmd -l 0-1 --no-huge -m 512 --no-pci \
		--file-prefix="qoe-live-$$-$N_LIVE" \
		--vdev="net_tap0,iface=$if_c" --vdev="net_tap1,iface=$if_s" \
		--vdev="net_qoe0,backing=net_tap0,flows=$d/port0.flows,flows_watch=1,auto_tx=1" \
		--vdev="net_qoe1,backing=net_tap1,flows=$d/port1.flows,flows_watch=1,auto_tx=1" \
		--log-level=pmd.net.qoe:info -- -i --total-num-mbufs=16384 \
		<"$d/cmd" >"$d/testpmd.log" 2>&1 &
	local tp=$! i
	exec 7>"$d/cmd"
	# testpmd's prompt comes once both ports are started: net_tap starts a
	# tap by its name, which a tap moved to a namespace no longer answers
	# to (a cold first run was once slower than a fixed wait here)
	for i in $(seq 600); do grep -q 'testpmd> ' "$d/testpmd.log" && break; sleep 0.1; done
	grep -q 'testpmd> ' "$d/testpmd.log" || bad "testpmd did not come up in 60 s"
	echo "start" >&7
	ip link set "$if_c" netns "$ns_c" && ip link set "$if_s" netns "$ns_s" &&
	ip -n "$ns_c" addr add 10.78.0.1/24 dev "$if_c" &&
	ip -n "$ns_s" addr add 10.78.0.2/24 dev "$if_s" &&
	ip -n "$ns_c" link set "$if_c" up && ip -n "$ns_s" link set "$if_s" up ||
		bad "namespace setup"
	# the first packets of the connection tell its CIDs and client port
	# (the flows must be in before the first key update)
	ip netns exec "$ns_c" dumpcap -q -P -i "$if_c" -f "udp port 4433" -c 6 \
		-w "$d/first.pcap" >"$d/dumpcap.log" 2>&1 &
	local dc=$!
	(cd "$W" && exec ip netns exec "$ns_s" gtlsserver -q --max-gso-dgrams=1 -d htdocs \
		10.78.0.2 4433 key.pem crt.pem) >"$d/server.log" 2>&1 &
	local sv=$!
	# wait for the server's socket and the capture, not for a while
	for i in $(seq 100); do
		ip netns exec "$ns_s" ss -Hlun 'sport = :4433' 2>/dev/null | grep -q . && break
		sleep 0.1
	done
	for i in $(seq 100); do grep -q Capturing "$d/dumpcap.log" 2>/dev/null && break; sleep 0.1; done
	ip netns exec "$ns_c" env SSLKEYLOGFILE="$d/keys.log" timeout 60 gtlsclient -q \
		--exit-on-all-streams-close --download="$d/dl" --max-udp-payload-size=1350 \
		--no-pmtud --key-update=20ms --delay-stream=1s 10.78.0.2 4433 https://localhost/big \
		>"$d/client.log" 2>&1 &
	local cl=$!
	echo "client started $(date +%s.%N)" >>"$d/timeline"
	wait $dc
	echo "first packets captured $(date +%s.%N)" >>"$d/timeline"
	local cport ccid scid
	read -r cport ccid scid < <($PCAP cids "$d/first.pcap" 4433)
	for i in $(seq 200); do
		grep -q SERVER_TRAFFIC_SECRET_0 "$d/keys.log" 2>/dev/null &&
			grep -q CLIENT_TRAFFIC_SECRET_0 "$d/keys.log" && break
		sleep 0.05
	done
	if "$FLOWGEN" "$d/keys.log" aes-128-gcm rx "10.78.0.1:$cport" 10.78.0.2:4433 "$ccid" "$scid" >"$d/rx.flows" &&
	   "$FLOWGEN" "$d/keys.log" aes-128-gcm tx "10.78.0.1:$cport" 10.78.0.2:4433 "$ccid" "$scid" >"$d/tx.flows"; then
		# whole files at once: the watcher only reads complete lines
		cat "$d/rx.flows" "$d/tx.flows" >"$d/all.flows"
		cat "$d/all.flows" >>"$d/port0.flows"
		cat "$d/all.flows" >>"$d/port1.flows"
	else
		bad "qoe_flowgen (client port '$cport', CIDs '$ccid' '$scid')"
		live_logs "$d" "testpmd $(kill -0 $tp 2>/dev/null && echo running || echo gone)"
	fi
	echo "flows written $(date +%s.%N)" >>"$d/timeline"
	# QOE_LIVE_HOOK <file-prefix> <during|after>: e.g. the demo's offloadctl
	if [ -n "${QOE_LIVE_HOOK:-}" ]; then
		sleep 1
		$QOE_LIVE_HOOK "qoe-live-$$-$N_LIVE" during || true
	fi
	wait $cl
	local rc=$?
	echo "client done $(date +%s.%N)" >>"$d/timeline"
	sleep 0.2
	[ -z "${QOE_LIVE_HOOK:-}" ] || $QOE_LIVE_HOOK "qoe-live-$$-$N_LIVE" after || true
	printf 'stop\nshow port xstats 2\nshow port xstats 3\nquit\n' >&7
	exec 7>&-
	wait $tp
	kill $sv 2>/dev/null
	wait $sv 2>/dev/null
	ip netns del "$ns_c"
	ip netns del "$ns_s"
	expect_eq "gtlsclient exit" $rc 0
	if cmp -s "$W/htdocs/big" "$d/dl/big"; then ok "download identical (30000000 bytes)"; else bad "download differs or is missing"; fi
	sed 's/^/    /' "$d/timeline"
	grep -q "net_qoe0: 4 flows loaded" "$d/testpmd.log" && ok "flows picked up while running" || bad "flows not loaded live"
	# xstats: port 2 (client side) then port 3 (server side)
	local rx2 rx3 tx2 tx3 af
	read -r rx2 tx2 rx3 tx3 af < <(awk '/NIC extended statistics for port/ { p = $NF }
		$1 == "rx_quic_decrypted_packets:" { rx[p] = $2 } $1 == "tx_quic_encrypted_packets:" { tx[p] = $2 }
		$1 == "rx_quic_auth_fail:" { a += $2 }
		END { print rx[2] + 0, tx[2] + 0, rx[3] + 0, tx[3] + 0, a + 0 }' "$d/testpmd.log")
	expect_gt "client->server decrypted by port 2" "$rx2" 100
	expect_gt "server->client decrypted by port 3" "$rx3" 1000
	expect_eq "server->client re-encrypted by port 2" "$tx2" "$rx3"
	expect_eq "client->server re-encrypted by port 3" "$tx3" "$rx2"
	if [ "$af" -le 2 ]; then ok "auth failures: $af"; else bad "auth failures: $af"; fi
	[ "${T_FAILED:-0}" = 1 ] && live_logs "$d" "at the end"
}

# A failure on a fresh machine leaves no work dir: say what each saw.
live_logs() {
	echo "  --- live transfer logs ($2)"
	for f in timeline testpmd.log client.log server.log dumpcap.log; do
		echo "  --- $f (last lines)"
		tail -15 "$1/$f" 2>/dev/null | sed 's/^/    /'
	done
}

t_live_aes128() { t_live aes-128-gcm '--ciphers=NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM'; }
t_live_chacha() { t_live chacha20-poly1305 '--ciphers=NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305'; }

run_test load t_load
run_test api t_api
run_test pair_forward t_pair_forward
run_test pair_two_queues t_pair_forward --rxq=2 --txq=2
run_test bad_input t_bad_input
run_test telemetry t_telemetry
run_test replay_aes128 t_replay_aes128
run_test replay_aes256 t_replay_aes256
run_test replay_chacha t_replay_chacha
run_test replay_ccm t_replay_ccm
run_test live_aes128 t_live_aes128
run_test live_chacha t_live_chacha
run_test live_testpmd t_live_testpmd

[ "$SKIP" = 0 ] || echo "$SKIP skipped"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
