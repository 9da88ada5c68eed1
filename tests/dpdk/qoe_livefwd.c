// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * qoe_livefwd: a live QUIC connection crossing two net_qoe ports, the way a
 * host stack would use the offload.  Port 0 faces the client, port 1 the
 * server (each over a backing net_tap).  The app learns the connection's
 * CIDs from its long headers and its traffic secrets from the client's
 * SSLKEYLOGFILE, then installs, per direction, an RX flow on the ingress
 * port and a TX flow on the egress port.  From then on every 1-RTT packet
 * is decrypted by the ingress port, crosses the app in plaintext, and is
 * re-encrypted by the egress port from the RX metadata (PN, phase): if
 * either side were wrong, the endpoints would drop the packets and the
 * transfer would fail.  Key-phase flip events install the next key.
 *
 *   qoe_livefwd <EAL args> -- <keylog> <cipher> <stop file>
 *
 * Runs until <stop file> exists; prints counters as "name value" lines.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#include "rte_pmd_qoe.h"
#include "qoe_crypto.h"
#include "qoe_engine.h"
#include "qoe_hkdf.h"
#include "qoe_keylog.h"

#define BURST 32

/* One direction of the connection: packets ingress -> egress. */
struct dir_state {
	const char *label;	/* keylog label of its secret */
	uint16_t in, out;	/* ports */
	uint8_t secret[QOE_HKDF_MAX_HASH_LEN];	/* secret of the newest phase */
	size_t secret_len;
	uint32_t rx_h, tx_h;
	bool ready;
	uint64_t decrypted, failed, passed, reencrypted, key_updates;
};

static struct rte_pmd_qoe_dyn dyn;
static int cipher;
static uint8_t c_addr[4], s_addr[4];
static uint16_t c_port, s_port;
static uint8_t c_cid[QOE_MAX_CID_LEN], s_cid[QOE_MAX_CID_LEN];
static uint8_t c_cid_len, s_cid_len;
static bool have_c, have_s;

/* Learn endpoints and CIDs from long headers (first SCID of each side). */
static void
learn(struct rte_mbuf *m, bool from_client)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	const struct rte_ipv4_hdr *ip;
	const struct rte_udp_hdr *uh;
	const uint8_t *q;
	uint32_t len = m->data_len, off;
	uint8_t dl, sl;

	if (len < 14 + 20 + 8 + 7 ||
	    ((const struct rte_ether_hdr *)p)->ether_type != RTE_BE16(RTE_ETHER_TYPE_IPV4))
		return;
	ip = (const struct rte_ipv4_hdr *)(p + 14);
	if (ip->next_proto_id != IPPROTO_UDP)
		return;
	off = 14 + (ip->version_ihl & 0xf) * 4u;
	uh = (const struct rte_udp_hdr *)(p + off);
	q = p + off + 8;
	if (!(q[0] & 0x80) || (from_client ? have_c : have_s))
		return;
	dl = q[5];
	if (dl > QOE_MAX_CID_LEN || off + 8 + 7u + dl > len)
		return;
	sl = q[6 + dl];
	if (sl > QOE_MAX_CID_LEN || off + 8 + 7u + dl + sl > len)
		return;
	if (from_client) {
		memcpy(c_addr, &ip->src_addr, 4);
		memcpy(s_addr, &ip->dst_addr, 4);
		c_port = rte_be_to_cpu_16(uh->src_port);
		s_port = rte_be_to_cpu_16(uh->dst_port);
		memcpy(c_cid, q + 7 + dl, sl);
		c_cid_len = sl;
		have_c = true;
	} else {
		memcpy(s_cid, q + 7 + dl, sl);
		s_cid_len = sl;
		have_s = true;
	}
}

static int
install_keys(struct dir_state *d, uint8_t phase, const uint8_t *secret,
	     uint8_t *hp)
{
	uint8_t key[QOE_MAX_KEY_LEN], iv[QOE_IV_LEN], hp_tmp[QOE_MAX_KEY_LEN];
	size_t klen = qoe_cipher_key_len((unsigned int)cipher);
	int ret;

	ret = qoe_quic_derive_keys((unsigned int)cipher, secret, d->secret_len,
				   key, iv, hp ? hp : hp_tmp);
	if (ret == 0)
		ret = rte_pmd_qoe_key_install(d->in, d->rx_h, phase, key, klen, iv);
	if (ret == 0)
		ret = rte_pmd_qoe_key_install(d->out, d->tx_h, phase, key, klen, iv);
	memset(key, 0, sizeof(key));
	return ret;
}

/* Both flows of one direction, keys of phases 0 and 1. */
static int
setup_dir(struct dir_state *d, const struct qoe_keylog *kl, bool c2s)
{
	const struct qoe_keylog_entry *e = qoe_keylog_find(kl, d->label, NULL);
	uint8_t key[QOE_MAX_KEY_LEN], iv[QOE_IV_LEN];
	struct rte_pmd_qoe_flow f;
	int ret;

	if (e == NULL)
		return 1;
	d->secret_len = e->secret_len;
	memset(&f, 0, sizeof(f));
	f.cipher = (uint8_t)cipher;
	f.family = QOE_FAMILY_IPV4;
	f.cid_len = c2s ? s_cid_len : c_cid_len;
	memcpy(f.cid, c2s ? s_cid : c_cid, f.cid_len);
	if (qoe_quic_derive_keys((unsigned int)cipher, e->secret, e->secret_len,
				 key, iv, f.hp_key))
		return -EINVAL;
	/* RX on the ingress port: local is the receiver */
	f.dir = QOE_DIR_RX;
	memcpy(f.local_addr, c2s ? s_addr : c_addr, 4);
	memcpy(f.remote_addr, c2s ? c_addr : s_addr, 4);
	f.local_port = c2s ? s_port : c_port;
	f.remote_port = c2s ? c_port : s_port;
	f.pn = QOE_PN_NONE;
	ret = rte_pmd_qoe_flow_add(d->in, &f, &d->rx_h);
	if (ret)
		return ret;
	/* TX on the egress port: local is the sender */
	f.dir = QOE_DIR_TX;
	memcpy(f.local_addr, c2s ? c_addr : s_addr, 4);
	memcpy(f.remote_addr, c2s ? s_addr : c_addr, 4);
	f.local_port = c2s ? c_port : s_port;
	f.remote_port = c2s ? s_port : c_port;
	f.pn = 0;
	ret = rte_pmd_qoe_flow_add(d->out, &f, &d->tx_h);
	if (ret)
		return ret;
	ret = install_keys(d, 0, e->secret, NULL);
	if (ret == 0)
		ret = qoe_quic_next_secret((unsigned int)cipher, e->secret,
					   e->secret_len, d->secret);
	if (ret == 0)
		ret = install_keys(d, 1, d->secret, NULL);
	if (ret == 0)
		d->ready = true;
	return ret;
}

/* The peer flipped to @phase: phase 1-@phase gets the key after it. */
static void
on_flip(struct dir_state *d, uint8_t phase)
{
	uint8_t next[QOE_HKDF_MAX_HASH_LEN];

	if (qoe_quic_next_secret((unsigned int)cipher, d->secret, d->secret_len,
				 next) == 0 &&
	    install_keys(d, (uint8_t)(1 - phase), next, NULL) == 0) {
		memcpy(d->secret, next, d->secret_len);
		d->key_updates++;
	}
}

static void
forward(struct dir_state *d, bool from_client)
{
	struct rte_mbuf *b[BURST];
	uint16_t n, i, sent;

	n = rte_eth_rx_burst(d->in, 0, b, BURST);
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = b[i];
		struct rte_pmd_qoe_meta *md = rte_pmd_qoe_meta(&dyn, m);

		learn(m, from_client);
		if (d->ready &&
		    rte_pmd_qoe_rx_result(&dyn, m) == RTE_PMD_QOE_RX_DECRYPTED) {
			uint64_t pn = md->pn;
			uint8_t pn_len = md->pn_len, phase = md->key_phase;

			d->decrypted++;
			/* plaintext here; the egress port seals it again */
			memset(md, 0, sizeof(*md));
			md->handle = d->tx_h;
			md->pn = pn;
			md->pn_len = pn_len;
			md->key_phase = phase;
			m->ol_flags = dyn.tx_flag;
			d->reencrypted++;
		} else {
			if (rte_pmd_qoe_rx_result(&dyn, m) == RTE_PMD_QOE_RX_FAILED)
				d->failed++;
			else
				d->passed++;
			m->ol_flags = 0;	/* untouched bytes go on as they are */
		}
	}
	sent = rte_eth_tx_burst(d->out, 0, b, n);
	for (i = sent; i < n; i++)
		rte_pktmbuf_free(b[i]);
}

static int
port_up(uint16_t port, struct rte_mempool *mp)
{
	struct rte_eth_conf conf;

	memset(&conf, 0, sizeof(conf));
	if (rte_eth_dev_configure(port, 1, 1, &conf) ||
	    rte_eth_rx_queue_setup(port, 0, 1024, 0, NULL, mp) ||
	    rte_eth_tx_queue_setup(port, 0, 1024, 0, NULL))
		return -1;
	return rte_eth_dev_start(port);
}

int
main(int argc, char **argv)
{
	struct dir_state c2s = { .label = "CLIENT_TRAFFIC_SECRET_0" };
	struct dir_state s2c = { .label = "SERVER_TRAFFIC_SECRET_0" };
	uint16_t ports[2], np = 0, pid;
	struct rte_pmd_qoe_event ev;
	struct rte_mempool *mp;
	uint64_t last = 0, hz;
	const char *keylog, *stop;
	int n, ret;

	n = rte_eal_init(argc, argv);
	if (n < 0)
		return 1;
	argc -= n;
	argv += n;
	if (argc != 4) {
		fprintf(stderr, "usage: qoe_livefwd <EAL args> -- <keylog> <cipher> <stop file>\n");
		return 2;
	}
	keylog = argv[1];
	cipher = qoe_cipher_from_name(argv[2]);
	stop = argv[3];
	/* the backing taps are owned by net_qoe, so only its ports show */
	RTE_ETH_FOREACH_DEV(pid)
		if (np < 2 && rte_pmd_qoe_is_qoe_port(pid))
			ports[np++] = pid;
	if (cipher <= 0 || np != 2) {
		fprintf(stderr, "qoe_livefwd: need a known cipher and two net_qoe ports\n");
		return 2;
	}
	c2s.in = s2c.out = ports[0];	/* the client side */
	c2s.out = s2c.in = ports[1];
	mp = rte_pktmbuf_pool_create("mp", 8192, 256, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	if (mp == NULL || rte_pmd_qoe_dyn_init(&dyn) || port_up(ports[0], mp) ||
	    port_up(ports[1], mp)) {
		fprintf(stderr, "qoe_livefwd: port setup failed\n");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	hz = rte_get_timer_hz();
	for (;;) {
		forward(&c2s, true);
		forward(&s2c, false);
		if (rte_get_timer_cycles() - last < hz / 50)
			continue;
		last = rte_get_timer_cycles();
		if (access(stop, F_OK) == 0)
			break;
		if ((!c2s.ready || !s2c.ready) && have_c && have_s) {
			struct qoe_keylog kl = { 0 };
			char err[128];

			if (qoe_keylog_load(keylog, &kl, err, sizeof(err)) == 0) {
				ret = 0;
				if (!c2s.ready)
					ret = setup_dir(&c2s, &kl, true);
				if (ret <= 0 && !s2c.ready)
					ret = setup_dir(&s2c, &kl, false);
				if (ret < 0) {
					fprintf(stderr, "qoe_livefwd: flow setup: %s\n",
						strerror(-ret));
					return 1;
				}
			}
			qoe_keylog_free(&kl);
		}
		for (n = 0; n < 2; n++)
			while (rte_pmd_qoe_event_pop(ports[n], &ev) == 1) {
				struct dir_state *d = n == 0 ? &c2s : &s2c;

				if (ev.type == QOE_EV_KEY_PHASE_FLIP &&
				    ev.handle == d->rx_h)
					on_flip(d, ev.phase);
			}
	}
	printf("c2s_decrypted %lu\nc2s_reencrypted %lu\nc2s_failed %lu\nc2s_passed %lu\nc2s_key_updates %lu\n",
	       c2s.decrypted, c2s.reencrypted, c2s.failed, c2s.passed, c2s.key_updates);
	printf("s2c_decrypted %lu\ns2c_reencrypted %lu\ns2c_failed %lu\ns2c_passed %lu\ns2c_key_updates %lu\n",
	       s2c.decrypted, s2c.reencrypted, s2c.failed, s2c.passed, s2c.key_updates);
	for (n = 0; n < 2; n++) {
		static const char *const drops[] = {
			"tx_quic_drop_no_flow", "tx_quic_drop_no_key",
			"tx_quic_drop_malformed", "tx_quic_drop_bad_cid",
			"tx_quic_drop_key_exhausted", "tx_quic_drop_refused",
		};
		struct rte_eth_stats st;
		uint64_t id, v, sum = 0;
		unsigned int k;

		rte_eth_stats_get(ports[n], &st);
		for (k = 0; k < RTE_DIM(drops); k++)
			if (rte_eth_xstats_get_id_by_name(ports[n], drops[k], &id) == 0 &&
			    rte_eth_xstats_get_by_id(ports[n], &id, &v, 1) == 1)
				sum += v;
		/* oerrors also counts a full backing tap queue (congestion,
		 * tx_quic_drop_wire_full), not a refusal to protect */
		printf("port%d_oerrors %lu\nport%d_engine_tx_drops %lu\n", n,
		       st.oerrors, n, sum);
	}
	rte_eth_dev_stop(ports[0]);
	rte_eth_dev_stop(ports[1]);
	rte_eal_cleanup();
	return 0;
}
