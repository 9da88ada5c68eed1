// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * net_qoe private API and data path, driven the way an application would:
 * rte_pmd_qoe_* for flows and keys, the mbuf dynfield for per-packet
 * metadata, a back-to-back pair (port 0 -> port 1) plus a loopback port
 * (port 2) with no RX flow, to look at what goes on the wire.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <inttypes.h>

#include <rte_bus_vdev.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <ethdev_driver.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#include "rte_pmd_qoe.h"
#include "../qoe_test.h"

QOE_TEST_MAIN

#define P_TX	0	/* peer=net_qoe1 */
#define P_RX	1
#define P_LOOP	2	/* loopback: sees the wire bytes */
#define P_GTX	3	/* peer=net_qoe4 */
#define P_GRX	4	/* gro=1 */
#define P_PLAIN	5	/* loopback, plaintext_egress=1 */
#define P_NTX	6	/* peer=net_qoe7 */
#define P_NRX	7	/* gro=1, RX scatter off */
#define P_MQTX	8	/* peer=net_qoe9, two queues */
#define P_MQRX	9	/* two queues */
#define P_ETX	10	/* peer=net_qoe_e1, engines=4, four queues */
#define P_ERX	11	/* engines=4, four queues */
#define P_EQ	12	/* loopback, engines=4: configured by its test */
#define NENG	4
#define HDRS	(14 + 20 + 8)
#define CID_LEN	8

static struct rte_mempool *mp, *big_mp;
static struct rte_pmd_qoe_dyn dyn;
static const uint8_t cid[CID_LEN] = { 0xc1, 0xd2, 0xe3, 0xf4, 1, 2, 3, 4 };
static uint8_t key0[16], key1[16], iv0[12], iv1[12], hp[16];
static uint32_t h_tx, h_rx, h_loop, h_gtx, h_grx, h_ntx, h_nrx, h_mqtx, h_mqrx;

static int
port_up(uint16_t port)
{
	uint16_t nq = port == P_MQTX || port == P_MQRX ? 2 :
		      port == P_ETX || port == P_ERX ? NENG : 1, q;
	struct rte_eth_conf conf;

	memset(&conf, 0, sizeof(conf));
	/* P_GRX takes GRO super-packets as chains; P_NRX does not */
	if (port == P_GRX)
		conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_SCATTER;
	if (rte_eth_dev_configure(port, nq, nq, &conf))
		return -1;
	for (q = 0; q < nq; q++)
		if (rte_eth_rx_queue_setup(port, q, 512, 0, NULL, mp) ||
		    rte_eth_tx_queue_setup(port, q, 512, 0, NULL))
			return -1;
	return rte_eth_dev_start(port);
}

static void
flow_of(struct rte_pmd_qoe_flow *f, uint8_t dir, bool swap)
{
	const uint8_t a[4] = { 10, 0, 0, 1 }, b[4] = { 10, 0, 0, 2 };

	memset(f, 0, sizeof(*f));
	f->dir = dir;
	f->cipher = QOE_CIPHER_AES_128_GCM;
	f->family = QOE_FAMILY_IPV4;
	f->cid_len = CID_LEN;
	memcpy(f->cid, cid, CID_LEN);
	memcpy(f->local_addr, swap ? b : a, 4);
	memcpy(f->remote_addr, swap ? a : b, 4);
	f->local_port = swap ? 443 : 50000;
	f->remote_port = swap ? 50000 : 443;
	f->pn = dir == QOE_DIR_TX ? 0 : QOE_PN_NONE;
	memcpy(f->hp_key, hp, sizeof(hp));
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* At exit: the EAL shut down, and its runtime directory gone with it. */
static void
eal_done(void)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s", rte_eal_get_runtime_dir());
	rte_eal_cleanup();
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* One-time EAL + ports + flows. */
static int
setup(void)
{
	static int done;
	char prefix[64];
	char *argv[] = { "qoe_pmd_test", "-l", "0-1", "--no-huge", "-m", "256",
			 "--no-pci", prefix, "--vdev=net_qoe0,peer=net_qoe1",
			 "--vdev=net_qoe1", "--vdev=net_qoe2",
			 "--vdev=net_qoe3,peer=net_qoe4", "--vdev=net_qoe4,gro=1",
			 "--vdev=net_qoe5,plaintext_egress=1",
			 "--vdev=net_qoe6,peer=net_qoe7", "--vdev=net_qoe7,gro=1",
			 "--vdev=net_qoe8,peer=net_qoe9", "--vdev=net_qoe9",
			 "--vdev=net_qoe_e0,peer=net_qoe_e1,engines=4",
			 "--vdev=net_qoe_e1,engines=4", "--vdev=net_qoe_e2,engines=4",
			 "--log-level=7" };
	struct rte_pmd_qoe_flow f;
	unsigned int i;

	if (done)
		return done > 0 ? 0 : -1;
	done = -1;
	snprintf(prefix, sizeof(prefix), "--file-prefix=qoe-api-%d", getpid());
	if (rte_eal_init((int)RTE_DIM(argv), argv) < 0)
		return -1;
	atexit(eal_done);
	/* a per-lcore cache: the two-lcore benchmark must not measure the
	 * pool's shared ring */
	mp = rte_pktmbuf_pool_create("mp", 4096, 128, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	big_mp = rte_pktmbuf_pool_create("big", 64, 0, 0, 16384 + 128, 0);
	if (mp == NULL || big_mp == NULL || rte_pmd_qoe_dyn_init(&dyn))
		return -1;
	for (i = 0; i < 16; i++) {
		key0[i] = (uint8_t)(i + 1);
		key1[i] = (uint8_t)(0x80 + i);
		hp[i] = (uint8_t)(0x40 + i);
	}
	for (i = 0; i < 12; i++) {
		iv0[i] = (uint8_t)(0x20 + i);
		iv1[i] = (uint8_t)(0x60 + i);
	}
	if (port_up(P_TX) || port_up(P_RX) || port_up(P_LOOP) ||
	    port_up(P_GTX) || port_up(P_GRX) || port_up(P_PLAIN) ||
	    port_up(P_NTX) || port_up(P_NRX) || port_up(P_MQTX) ||
	    port_up(P_MQRX) || port_up(P_ETX) || port_up(P_ERX))
		return -1;
	flow_of(&f, QOE_DIR_TX, false);
	if (rte_pmd_qoe_flow_add(P_GTX, &f, &h_gtx) ||
	    rte_pmd_qoe_key_install(P_GTX, h_gtx, 0, key0, 16, iv0) ||
	    rte_pmd_qoe_flow_add(P_TX, &f, &h_tx) ||
	    rte_pmd_qoe_key_install(P_TX, h_tx, 0, key0, 16, iv0) ||
	    rte_pmd_qoe_flow_add(P_LOOP, &f, &h_loop) ||
	    rte_pmd_qoe_key_install(P_LOOP, h_loop, 0, key0, 16, iv0) ||
	    rte_pmd_qoe_flow_add(P_NTX, &f, &h_ntx) ||
	    rte_pmd_qoe_key_install(P_NTX, h_ntx, 0, key0, 16, iv0) ||
	    rte_pmd_qoe_flow_add(P_MQTX, &f, &h_mqtx) ||
	    rte_pmd_qoe_key_install(P_MQTX, h_mqtx, 0, key0, 16, iv0))
		return -1;
	flow_of(&f, QOE_DIR_RX, true);
	if (rte_pmd_qoe_flow_add(P_GRX, &f, &h_grx) ||
	    rte_pmd_qoe_key_install(P_GRX, h_grx, 0, key0, 16, iv0) ||
	    rte_pmd_qoe_flow_add(P_RX, &f, &h_rx) ||
	    rte_pmd_qoe_key_install(P_RX, h_rx, 0, key0, 16, iv0) ||
	    rte_pmd_qoe_flow_add(P_NRX, &f, &h_nrx) ||
	    rte_pmd_qoe_key_install(P_NRX, h_nrx, 0, key0, 16, iv0) ||
	    rte_pmd_qoe_flow_add(P_MQRX, &f, &h_mqrx) ||
	    rte_pmd_qoe_key_install(P_MQRX, h_mqrx, 0, key0, 16, iv0))
		return -1;
	done = 1;
	return 0;
}

static uint8_t
payload_byte(uint32_t i)
{
	return (uint8_t)(i * 7 + 3);
}

/* Ethernet/IPv4/UDP/QUIC short header with @len payload bytes. */
static struct rte_mbuf *
make_pkt(struct rte_mempool *pool, uint32_t len, uint8_t pn_len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint32_t qlen = 1 + CID_LEN + pn_len + len, i;
	struct rte_ether_hdr *eh;
	struct rte_ipv4_hdr *ip;
	struct rte_udp_hdr *uh;
	uint8_t *q;

	if (m == NULL)
		return NULL;
	eh = (struct rte_ether_hdr *)rte_pktmbuf_append(m, (uint16_t)(HDRS + qlen));
	if (eh == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memset(eh, 0, sizeof(*eh));
	eh->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	ip = (struct rte_ipv4_hdr *)(eh + 1);
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = 0x45;
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(20 + 8 + qlen));
	ip->src_addr = RTE_BE32(0x0a000001);
	ip->dst_addr = RTE_BE32(0x0a000002);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	uh = (struct rte_udp_hdr *)(ip + 1);
	uh->src_port = RTE_BE16(50000);
	uh->dst_port = RTE_BE16(443);
	uh->dgram_len = rte_cpu_to_be_16((uint16_t)(8 + qlen));
	uh->dgram_cksum = 0;
	q = (uint8_t *)(uh + 1);
	q[0] = (uint8_t)(0x40 | (pn_len - 1));
	memcpy(q + 1, cid, CID_LEN);
	memset(q + 1 + CID_LEN, 0, pn_len);
	for (i = 0; i < len; i++)
		q[1 + CID_LEN + pn_len + i] = payload_byte(i);
	return m;
}

static void
mark(struct rte_mbuf *m, uint32_t handle, uint64_t pn, uint8_t pn_len,
     uint8_t phase, uint16_t seg_size)
{
	struct rte_pmd_qoe_meta *md = rte_pmd_qoe_meta(&dyn, m);

	memset(md, 0, sizeof(*md));
	md->handle = handle;
	md->pn = pn;
	md->pn_len = pn_len;
	md->key_phase = phase;
	md->seg_size = seg_size;
	m->ol_flags |= dyn.tx_flag;
}

static uint16_t
rx_all(uint16_t port, struct rte_mbuf **out, uint16_t n)
{
	uint16_t got = 0;
	int spins;

	for (spins = 0; spins < 100 && got < n; spins++)
		got += rte_eth_rx_burst(port, 0, out + got, n - got);
	return got;
}

static uint64_t
xstat(uint16_t port, const char *name)
{
	uint64_t id, v = ~0ULL;

	if (rte_eth_xstats_get_id_by_name(port, name, &id) == 0)
		rte_eth_xstats_get_by_id(port, &id, &v, 1);
	return v;
}

static bool
payload_ok(struct rte_mbuf *m, uint32_t off, uint32_t len, uint32_t first)
{
	const uint8_t *p = rte_pktmbuf_mtod_offset(m, const uint8_t *, off);
	uint32_t i;

	for (i = 0; i < len; i++)
		if (p[i] != payload_byte(first + i))
			return false;
	return true;
}

QOE_TEST(api_caps)
{
	struct rte_pmd_qoe_caps c;

	QOE_EXPECT(setup() == 0);
	QOE_EXPECT_EQ(rte_pmd_qoe_caps_get(P_TX, &c), 0);
	QOE_EXPECT_EQ(c.max_cid_len, 20);
	QOE_EXPECT(c.ciphers & (1u << QOE_CIPHER_CHACHA20_POLY1305));
	QOE_EXPECT(c.features & QOE_FEAT_TX_GSO);
	QOE_EXPECT_EQ(rte_pmd_qoe_caps_get(RTE_MAX_ETHPORTS - 1, &c), -ENODEV);
	QOE_EXPECT(!rte_pmd_qoe_is_qoe_port(RTE_MAX_ETHPORTS - 1));
}

/* Another PMD's ports: its ops table, reached by the same entry points. */
static unsigned int fake_calls;

static int
fake_caps_get(uint16_t port, struct rte_pmd_qoe_caps *caps)
{
	(void)port;
	memset(caps, 0, sizeof(*caps));
	caps->ciphers = 1u << QOE_CIPHER_AES_128_GCM;
	caps->max_flows = 7;
	fake_calls++;
	return 0;
}

static int
fake_flow_add(uint16_t port, const struct rte_pmd_qoe_flow *f, uint32_t *h)
{
	(void)port;
	(void)f;
	*h = 0x1234;
	fake_calls++;
	return 0;
}

static int
fake_flow_del(uint16_t port, uint32_t h)
{
	(void)port;
	fake_calls++;
	return h == 0x1234 ? 0 : -ENOENT;
}

static int
fake_key_install(uint16_t port, uint32_t h, uint8_t phase, const uint8_t *key,
		 size_t key_len, const uint8_t iv[QOE_IV_LEN])
{
	(void)port, (void)h, (void)phase, (void)key, (void)key_len, (void)iv;
	fake_calls++;
	return 0;
}

QOE_TEST(other_pmds_offer_offload_through_ops)
{
	static const struct rte_pmd_qoe_ops fake = {
		.caps_get = fake_caps_get, .flow_add = fake_flow_add,
		.flow_del = fake_flow_del, .key_install = fake_key_install,
	};
	static const struct rte_pmd_qoe_ops partial = {
		.caps_get = fake_caps_get, .flow_add = fake_flow_add,
	};
	const uint16_t port = RTE_MAX_ETHPORTS - 2;
	struct rte_pmd_qoe_flow_stats st;
	struct rte_pmd_qoe_flow f = { .dir = QOE_DIR_TX };
	struct rte_pmd_qoe_caps c;
	struct rte_pmd_qoe_event ev;
	uint32_t h = 0;

	QOE_EXPECT(setup() == 0);
	fake_calls = 0;
	QOE_EXPECT(!rte_pmd_qoe_is_qoe_port(port));
	QOE_EXPECT_EQ(rte_pmd_qoe_ops_register(port, &partial), -EINVAL);
	QOE_EXPECT_EQ(rte_pmd_qoe_ops_register(RTE_MAX_ETHPORTS, &fake), -EINVAL);
	QOE_EXPECT_EQ(rte_pmd_qoe_ops_register(port, &fake), 0);
	QOE_EXPECT_EQ(rte_pmd_qoe_ops_register(port, &fake), -EEXIST);
	/* net_qoe's ports are taken by net_qoe */
	QOE_EXPECT_EQ(rte_pmd_qoe_ops_register(P_TX, &fake), -EEXIST);
	QOE_EXPECT(rte_pmd_qoe_is_qoe_port(port));
	QOE_EXPECT_EQ(rte_pmd_qoe_caps_get(port, &c), 0);
	QOE_EXPECT_EQ(c.max_flows, 7);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_add(port, &f, &h), 0);
	QOE_EXPECT_EQ(h, 0x1234);
	QOE_EXPECT_EQ(rte_pmd_qoe_key_install(port, h, 0, key0, 16, iv0), 0);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_del(port, 0x999), -ENOENT);
	QOE_EXPECT_EQ(fake_calls, 4);
	/* what it does not offer: said, not crashed */
	QOE_EXPECT_EQ(rte_pmd_qoe_key_retire(port, h, 0), -ENOTSUP);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_stats_get(port, h, &st), -ENOTSUP);
	QOE_EXPECT_EQ(rte_pmd_qoe_event_pop(port, &ev), 0);
	/* bad pointers stop at the entry point */
	QOE_EXPECT_EQ(rte_pmd_qoe_caps_get(port, NULL), -EINVAL);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_add(port, NULL, &h), -EINVAL);
	QOE_EXPECT_EQ(fake_calls, 4);
	rte_pmd_qoe_ops_unregister(port);
	QOE_EXPECT(!rte_pmd_qoe_is_qoe_port(port));
	QOE_EXPECT_EQ(rte_pmd_qoe_caps_get(port, &c), -ENODEV);
}

QOE_TEST(pair_one_packet)
{
	struct rte_mbuf *m, *r[4];
	struct rte_pmd_qoe_meta *md;
	uint32_t len0;

	QOE_EXPECT(setup() == 0);
	m = make_pkt(mp, 1200, 2);
	QOE_EXPECT(m != NULL);
	len0 = m->pkt_len;
	mark(m, h_tx, 0, 2, 0, 0);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_TX, 0, &m, 1), 1);
	QOE_EXPECT_EQ(rx_all(P_RX, r, 4), 1);
	md = rte_pmd_qoe_meta(&dyn, r[0]);
	QOE_EXPECT(r[0]->ol_flags & dyn.rx_flag);
	QOE_EXPECT_EQ(rte_pmd_qoe_rx_result(&dyn, r[0]), RTE_PMD_QOE_RX_DECRYPTED);
	/* rte_security's flags are not ours to set */
	QOE_EXPECT(!(r[0]->ol_flags & (RTE_MBUF_F_RX_SEC_OFFLOAD |
				       RTE_MBUF_F_RX_SEC_OFFLOAD_FAILED)));
	QOE_EXPECT_EQ(md->status, QOE_ST_OK);
	QOE_EXPECT_EQ(md->handle, h_rx);
	QOE_EXPECT_EQ(md->pn, 0);
	QOE_EXPECT_EQ(md->pn_len, 2);
	QOE_EXPECT_EQ(r[0]->pkt_len, len0);
	QOE_EXPECT(payload_ok(r[0], HDRS + 1 + CID_LEN + 2, 1200, 0));
	rte_pktmbuf_free(r[0]);
}

/* What leaves the port is ciphertext with a tag, never the plaintext. */
QOE_TEST(wire_is_encrypted)
{
	struct rte_mbuf *m, *r[4];
	uint32_t len0;

	QOE_EXPECT(setup() == 0);
	m = make_pkt(mp, 600, 4);
	len0 = m->pkt_len;
	mark(m, h_loop, 5, 4, 0, 0);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_LOOP, 0, &m, 1), 1);
	QOE_EXPECT_EQ(rx_all(P_LOOP, r, 4), 1);
	QOE_EXPECT_EQ(r[0]->pkt_len, len0 + 16);
	QOE_EXPECT(!payload_ok(r[0], HDRS + 1 + CID_LEN + 4, 600, 0));
	/* no RX flow on that port: not decrypted, flagged as such */
	QOE_EXPECT_EQ(rte_pmd_qoe_rx_result(&dyn, r[0]), RTE_PMD_QOE_RX_NONE);
	QOE_EXPECT_EQ(rte_pmd_qoe_meta(&dyn, r[0])->status, QOE_ST_NO_FLOW);
	rte_pktmbuf_free(r[0]);
}

QOE_TEST(bad_handle_dropped_not_sent)
{
	struct rte_eth_stats st0, st1;
	struct rte_mbuf *m, *r[4];
	uint64_t nf = xstat(P_TX, "tx_quic_drop_no_flow");

	QOE_EXPECT(setup() == 0);
	rte_eth_stats_get(P_TX, &st0);
	m = make_pkt(mp, 300, 2);
	mark(m, h_tx ^ 0x55, 1, 2, 0, 0);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_TX, 0, &m, 1), 1);
	QOE_EXPECT_EQ(rx_all(P_RX, r, 4), 0);
	rte_eth_stats_get(P_TX, &st1);
	QOE_EXPECT_EQ(st1.oerrors, st0.oerrors + 1);
	QOE_EXPECT_EQ(st1.opackets, st0.opackets);
	/* the PMD refused it before the engine: counted as such */
	QOE_EXPECT_EQ(xstat(P_TX, "tx_quic_drop_no_flow"), nf);
	QOE_EXPECT_EQ(xstat(P_TX, "tx_quic_drop_refused"), 1);
	/* a phase without key: KEY_MISSING, dropped and counted, on the
	 * flow too */
	{
		struct rte_pmd_qoe_flow_stats fs;
		uint64_t km;

		QOE_EXPECT_EQ(rte_pmd_qoe_flow_stats_get(P_TX, h_tx, &fs), 0);
		km = fs.key_missing;
		m = make_pkt(mp, 300, 2);
		mark(m, h_tx, 1, 2, 1, 0);
		QOE_EXPECT_EQ(rte_eth_tx_burst(P_TX, 0, &m, 1), 1);
		QOE_EXPECT_EQ(rx_all(P_RX, r, 4), 0);
		QOE_EXPECT_EQ(xstat(P_TX, "tx_quic_drop_no_key"), 1);
		QOE_EXPECT_EQ(rte_pmd_qoe_flow_stats_get(P_TX, h_tx, &fs), 0);
		QOE_EXPECT_EQ(fs.key_missing, km + 1);
	}
}

/* PNs end at 2^62 - 1: a range that wraps or crosses it would seal a
 * segment with a used nonce.  The PMD refuses it before the engine. */
QOE_TEST(pn_range_past_2_62_refused)
{
	static const uint64_t bad[] = { ~0ULL, QOE_PN_MAX, 1ULL << 62 };
	uint64_t refused = xstat(P_TX, "tx_quic_drop_refused");
	struct rte_mbuf *m, *r[4];
	unsigned int i;

	QOE_EXPECT(setup() == 0);
	for (i = 0; i < RTE_DIM(bad); i++) {
		m = make_pkt(mp, 600, 4);
		mark(m, h_tx, bad[i], 4, 0, 300);	/* 2 segments */
		QOE_EXPECT_EQ(rte_eth_tx_burst(P_TX, 0, &m, 1), 1);
		QOE_EXPECT_EQ(rx_all(P_RX, r, 4), 0);
		QOE_EXPECT_EQ(xstat(P_TX, "tx_quic_drop_refused"),
			      refused + i + 1);
	}
}

/* Unmarked traffic passes untouched; matched on RX it fails auth and
 * comes up byte for byte, flagged FAILED. */
QOE_TEST(unmarked_passes_and_fails_auth)
{
	struct rte_mbuf *m, *r[4];

	QOE_EXPECT(setup() == 0);
	m = make_pkt(mp, 400, 2);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_TX, 0, &m, 1), 1);
	QOE_EXPECT_EQ(rx_all(P_RX, r, 4), 1);
	QOE_EXPECT_EQ(rte_pmd_qoe_rx_result(&dyn, r[0]), RTE_PMD_QOE_RX_FAILED);
	QOE_EXPECT(!(r[0]->ol_flags & RTE_MBUF_F_RX_SEC_OFFLOAD_FAILED));
	QOE_EXPECT_EQ(rte_pmd_qoe_meta(&dyn, r[0])->status, QOE_ST_AUTH_FAIL);
	QOE_EXPECT(payload_ok(r[0], HDRS + 1 + CID_LEN + 2, 400, 0));
	rte_pktmbuf_free(r[0]);
}

QOE_TEST(gso_six_segments)
{
	struct rte_mbuf *m, *r[16];
	uint64_t base = 10;
	unsigned int i;
	uint16_t n;

	QOE_EXPECT(setup() == 0);
	m = make_pkt(big_mp, 5 * 1000 + 300, 2);
	QOE_EXPECT(m != NULL);
	mark(m, h_tx, base, 2, 0, 1000);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_TX, 0, &m, 1), 1);
	n = rx_all(P_RX, r, 16);
	QOE_EXPECT_EQ(n, 6);
	for (i = 0; i < n; i++) {
		struct rte_pmd_qoe_meta *md = rte_pmd_qoe_meta(&dyn, r[i]);
		uint32_t seg = i < 5 ? 1000 : 300;

		QOE_EXPECT_EQ(md->status, QOE_ST_OK);
		QOE_EXPECT_EQ(md->pn, base + i);
		QOE_EXPECT_EQ(r[i]->pkt_len, HDRS + 1 + CID_LEN + 2 + seg);
		QOE_EXPECT(payload_ok(r[i], HDRS + 1 + CID_LEN + 2, seg, i * 1000));
		rte_pktmbuf_free(r[i]);
	}
	QOE_EXPECT_EQ(xstat(P_TX, "tx_quic_gso_reqs"), 1);
}

/* GSO on one side, GRO on the other: one super-packet comes back, with
 * the segment geometry in its metadata and the payloads in order, made of
 * the received mbufs themselves. */
QOE_TEST(gso_then_gro)
{
	struct rte_pmd_qoe_meta *md;
	struct rte_mbuf *m, *r[16];
	uint8_t flat[8192];
	unsigned int i;

	QOE_EXPECT(setup() == 0);
	m = make_pkt(big_mp, 5 * 1000 + 300, 2);
	QOE_EXPECT(m != NULL);
	mark(m, h_gtx, 20, 2, 0, 1000);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_GTX, 0, &m, 1), 1);
	QOE_EXPECT_EQ(rx_all(P_GRX, r, 16), 1);
	md = rte_pmd_qoe_meta(&dyn, r[0]);
	QOE_EXPECT_EQ(rte_pmd_qoe_rx_result(&dyn, r[0]), RTE_PMD_QOE_RX_DECRYPTED);
	QOE_EXPECT_EQ(md->status, QOE_ST_OK);
	QOE_EXPECT_EQ(md->seg_count, 6);
	QOE_EXPECT_EQ(md->seg_size, 1000);
	QOE_EXPECT_EQ(md->pn, 20);
	QOE_EXPECT_EQ(r[0]->pkt_len, HDRS + 1 + CID_LEN + 2 + 5300);
	/* with RX scatter the packets' own mbufs are chained, not copied */
	QOE_EXPECT_EQ(r[0]->nb_segs, 6);
	QOE_EXPECT(r[0]->pkt_len <= sizeof(flat));
	rte_pktmbuf_read(r[0], 0, r[0]->pkt_len, flat);
	for (i = 0; i < 5300; i++)
		if (flat[HDRS + 1 + CID_LEN + 2 + i] != payload_byte(i))
			break;
	QOE_EXPECT_EQ(i, 5300);
	QOE_EXPECT_EQ(xstat(P_GRX, "rx_quic_gro_merged"), 5);
	rte_pktmbuf_free(r[0]);
}

QOE_TEST(key_update_and_event)
{
	struct rte_pmd_qoe_flow_stats st;
	struct rte_pmd_qoe_event ev;
	struct rte_mbuf *m, *r[4];
	int got = 0;

	QOE_EXPECT(setup() == 0);
	QOE_EXPECT_EQ(rte_pmd_qoe_key_install(P_TX, h_tx, 1, key1, 16, iv1), 0);
	QOE_EXPECT_EQ(rte_pmd_qoe_key_install(P_RX, h_rx, 1, key1, 16, iv1), 0);
	while (rte_pmd_qoe_event_pop(P_RX, &ev) == 1)
		;
	m = make_pkt(mp, 800, 2);
	mark(m, h_tx, 100, 2, 1, 0);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_TX, 0, &m, 1), 1);
	QOE_EXPECT_EQ(rx_all(P_RX, r, 4), 1);
	QOE_EXPECT_EQ(rte_pmd_qoe_meta(&dyn, r[0])->status, QOE_ST_OK);
	QOE_EXPECT_EQ(rte_pmd_qoe_meta(&dyn, r[0])->key_phase, 1);
	QOE_EXPECT(payload_ok(r[0], HDRS + 1 + CID_LEN + 2, 800, 0));
	rte_pktmbuf_free(r[0]);
	while (rte_pmd_qoe_event_pop(P_RX, &ev) == 1)
		if (ev.type == QOE_EV_KEY_PHASE_FLIP && ev.handle == h_rx &&
		    ev.phase == 1 && ev.value == 100)
			got = 1;
	QOE_EXPECT(got);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_stats_get(P_RX, h_rx, &st), 0);
	QOE_EXPECT_EQ(st.pn, 100);
	QOE_EXPECT_EQ(st.key_phase, 1);
	QOE_EXPECT_EQ(st.keys_valid, 3);
	QOE_EXPECT_EQ(st.local_port, 443);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_stats_get(P_TX, h_tx, &st), 0);
	QOE_EXPECT_EQ(st.pn, 101);
	QOE_EXPECT_EQ(st.dir, QOE_DIR_TX);
}

QOE_TEST(api_bad_input)
{
	struct rte_pmd_qoe_flow f;
	uint32_t h;

	QOE_EXPECT(setup() == 0);
	flow_of(&f, QOE_DIR_TX, false);
	f.cid_len = 21;
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_add(P_TX, &f, &h), -EINVAL);
	flow_of(&f, QOE_DIR_TX, false);
	f.cipher = 9;
	QOE_EXPECT(rte_pmd_qoe_flow_add(P_TX, &f, &h) < 0);
	QOE_EXPECT_EQ(rte_pmd_qoe_key_install(P_TX, h_tx, 2, key0, 16, iv0), -EINVAL);
	QOE_EXPECT(rte_pmd_qoe_key_install(P_TX, h_tx, 0, key0, 15, iv0) < 0);
	QOE_EXPECT(rte_pmd_qoe_flow_del(P_TX, 0xdead) < 0);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_add(P_TX, NULL, &h), -EINVAL);
}

/* After flow_del the old handle never protects anything again. */
QOE_TEST(flow_del_stale_handle)
{
	struct rte_pmd_qoe_flow f;
	struct rte_mbuf *m, *r[4];
	uint32_t h;

	QOE_EXPECT(setup() == 0);
	flow_of(&f, QOE_DIR_TX, false);
	f.local_port = 50001;
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_add(P_LOOP, &f, &h), 0);
	QOE_EXPECT_EQ(rte_pmd_qoe_key_install(P_LOOP, h, 0, key0, 16, iv0), 0);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_del(P_LOOP, h), 0);
	m = make_pkt(mp, 300, 2);
	mark(m, h, 0, 2, 0, 0);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_LOOP, 0, &m, 1), 1);
	QOE_EXPECT_EQ(rx_all(P_LOOP, r, 4), 0);
}

/* IPv6 + ChaCha20-Poly1305, GSO into three packets, each one opened. */
static const uint8_t cid6[5] = { 0x66, 0x55, 0x44, 0x33, 0x22 };

static struct rte_mbuf *
make_pkt6(uint32_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(big_mp);
	uint32_t qlen = 1 + sizeof(cid6) + 2 + len, i;
	struct rte_ether_hdr *eh;
	struct rte_ipv6_hdr *ip;
	struct rte_udp_hdr *uh;
	uint8_t *q;

	if (m == NULL)
		return NULL;
	eh = (struct rte_ether_hdr *)rte_pktmbuf_append(m,
			(uint16_t)(14 + 40 + 8 + qlen));
	memset(eh, 0, 14 + 40 + 8);
	eh->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	ip = (struct rte_ipv6_hdr *)(eh + 1);
	ip->vtc_flow = RTE_BE32(6u << 28);
	ip->payload_len = rte_cpu_to_be_16((uint16_t)(8 + qlen));
	ip->proto = IPPROTO_UDP;
	ip->hop_limits = 64;
	ip->src_addr[0] = 0x20;
	ip->src_addr[1] = 0x01;
	ip->src_addr[15] = 1;
	ip->dst_addr[0] = 0x20;
	ip->dst_addr[1] = 0x01;
	ip->dst_addr[15] = 2;
	uh = (struct rte_udp_hdr *)(ip + 1);
	uh->src_port = RTE_BE16(40000);
	uh->dst_port = RTE_BE16(4433);
	uh->dgram_len = ip->payload_len;
	q = (uint8_t *)(uh + 1);
	q[0] = 0x41;
	memcpy(q + 1, cid6, sizeof(cid6));
	q[1 + sizeof(cid6)] = 0;
	q[2 + sizeof(cid6)] = 0;
	for (i = 0; i < len; i++)
		q[3 + sizeof(cid6) + i] = payload_byte(i);
	return m;
}

QOE_TEST(ipv6_chacha_gso)
{
	struct rte_pmd_qoe_flow f;
	struct rte_mbuf *m, *r[8];
	uint8_t k32[32], hp32[32];
	uint32_t htx, hrx, hdrs = 14 + 40 + 8 + 1 + sizeof(cid6) + 2;
	unsigned int i;
	uint16_t n;

	QOE_EXPECT(setup() == 0);
	for (i = 0; i < 32; i++) {
		k32[i] = (uint8_t)(0xa0 ^ i);
		hp32[i] = (uint8_t)(0x5a + i);
	}
	memset(&f, 0, sizeof(f));
	f.dir = QOE_DIR_TX;
	f.cipher = QOE_CIPHER_CHACHA20_POLY1305;
	f.family = QOE_FAMILY_IPV6;
	f.cid_len = sizeof(cid6);
	memcpy(f.cid, cid6, sizeof(cid6));
	f.local_addr[0] = 0x20;
	f.local_addr[1] = 0x01;
	f.local_addr[15] = 1;
	memcpy(f.remote_addr, f.local_addr, 16);
	f.remote_addr[15] = 2;
	f.local_port = 40000;
	f.remote_port = 4433;
	memcpy(f.hp_key, hp32, 32);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_add(P_TX, &f, &htx), 0);
	QOE_EXPECT_EQ(rte_pmd_qoe_key_install(P_TX, htx, 0, k32, 32, iv0), 0);
	f.dir = QOE_DIR_RX;
	f.local_addr[15] = 2;
	f.remote_addr[15] = 1;
	f.local_port = 4433;
	f.remote_port = 40000;
	f.pn = QOE_PN_NONE;
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_add(P_RX, &f, &hrx), 0);
	QOE_EXPECT_EQ(rte_pmd_qoe_key_install(P_RX, hrx, 0, k32, 32, iv0), 0);

	m = make_pkt6(2 * 1100 + 50);
	QOE_EXPECT(m != NULL);
	mark(m, htx, 7, 2, 0, 1100);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_TX, 0, &m, 1), 1);
	n = rx_all(P_RX, r, 8);
	QOE_EXPECT_EQ(n, 3);
	for (i = 0; i < n; i++) {
		struct rte_pmd_qoe_meta *md = rte_pmd_qoe_meta(&dyn, r[i]);
		const struct rte_ipv6_hdr *ip =
			rte_pktmbuf_mtod_offset(r[i], const struct rte_ipv6_hdr *, 14);
		uint32_t seg = i < 2 ? 1100 : 50;

		QOE_EXPECT_EQ(md->status, QOE_ST_OK);
		QOE_EXPECT_EQ(md->handle, hrx);
		QOE_EXPECT_EQ(md->pn, 7 + i);
		QOE_EXPECT_EQ(r[i]->pkt_len, hdrs + seg);
		QOE_EXPECT_EQ(rte_be_to_cpu_16(ip->payload_len),
			      8 + 1 + sizeof(cid6) + 2 + seg);
		QOE_EXPECT(payload_ok(r[i], hdrs, seg, i * 1100));
		rte_pktmbuf_free(r[i]);
	}
}

/* 32 copies of @tmpl marked for @h with PNs from *@pn on; 0 or -1. */
static int
burst_of(const struct rte_mbuf *tmpl, struct rte_mbuf **b, uint32_t h,
	 uint64_t *pn)
{
	unsigned int i;

	if (rte_pktmbuf_alloc_bulk(mp, b, 32) != 0)
		return -1;
	for (i = 0; i < 32; i++) {
		rte_memcpy(rte_pktmbuf_mtod(b[i], void *),
			   rte_pktmbuf_mtod(tmpl, const void *), tmpl->data_len);
		b[i]->data_len = tmpl->data_len;
		b[i]->pkt_len = tmpl->pkt_len;
		mark(b[i], h, (*pn)++, 4, 0, 0);
	}
	return 0;
}

/*
 * Sustained load through the pair on one core: TX protect -> ring -> RX
 * unprotect, 32-packet bursts.  Every packet must come back decrypted; the
 * rate is printed (QOE_PMD_BENCH_PKTS sets the count, default 200000).
 */
static void
bench_one(uint32_t payload, uint64_t *pn)
{
	const char *env = getenv("QOE_PMD_BENCH_PKTS");
	uint64_t total = env ? strtoull(env, NULL, 0) : 200000, sent = 0;
	uint64_t ok = 0, t0, cycles;
	struct rte_mbuf *tmpl = make_pkt(mp, payload, 4), *b[32], *r[64];
	unsigned int i;

	QOE_EXPECT(tmpl != NULL);
	t0 = rte_rdtsc();
	while (sent < total) {
		uint16_t n;

		if (burst_of(tmpl, b, h_tx, pn) != 0)
			break;
		sent += rte_eth_tx_burst(P_TX, 0, b, 32);
		n = rte_eth_rx_burst(P_RX, 0, r, 64);
		for (i = 0; i < n; i++) {
			ok += rte_pmd_qoe_meta(&dyn, r[i])->status == QOE_ST_OK;
			rte_pktmbuf_free(r[i]);
		}
	}
	cycles = rte_rdtsc() - t0;
	QOE_EXPECT_EQ(ok, sent);
	printf("# bench: %u B payload, %" PRIu64 " packets, %.2f Mpps, %.2f Gbit/s payload (TX protect + RX unprotect, one core)\n",
	       payload, sent, sent / ((double)cycles / rte_get_tsc_hz()) / 1e6,
	       sent * payload * 8.0 / ((double)cycles / rte_get_tsc_hz()) / 1e9);
	rte_pktmbuf_free(tmpl);
}

QOE_TEST(bench_pair)
{
	uint64_t pn = 1000;

	QOE_EXPECT(setup() == 0);
	/* the key-update test left the flows in phase 1 keys; phase 0 still
	 * holds key0 on both sides */
	bench_one(64, &pn);
	bench_one(1200, &pn);
}

/*
 * What a net_qoe RX decrypted, forwarded to a net_qoe TX that does not
 * re-protect it (no auto_tx, or no matching TX flow), is dropped and
 * counted: plaintext 1-RTT never reaches a wire unless the application
 * asked for it (plaintext_egress=1).
 */
QOE_TEST(decrypted_never_leaves_in_clear)
{
	uint64_t plain0 = xstat(P_LOOP, "tx_quic_drop_plaintext");
	struct rte_pmd_qoe_flow_stats st;
	struct rte_mbuf *m, *r[4];
	uint64_t pn;
	int big;

	QOE_EXPECT(setup() == 0);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_stats_get(P_TX, h_tx, &st), 0);
	pn = st.pn;		/* the TX flow's next PN, whatever ran before */
	for (big = 0; big < 2; big++) {
		/* 1200 B, and 9000 B (past the PMD's scratch copy) */
		m = make_pkt(big ? big_mp : mp, big ? 9000 : 1200, 4);
		QOE_EXPECT(m != NULL);
		mark(m, h_tx, pn++, 4, 0, 0);
		QOE_EXPECT_EQ(rte_eth_tx_burst(P_TX, 0, &m, 1), 1);
		QOE_EXPECT_EQ(rx_all(P_RX, r, 4), 1);
		QOE_EXPECT_EQ(rte_pmd_qoe_meta(&dyn, r[0])->status, QOE_ST_OK);
		/* P_LOOP has a TX flow but no auto_tx */
		QOE_EXPECT_EQ(rte_eth_tx_burst(P_LOOP, 0, r, 1), 1);
		QOE_EXPECT_EQ(rx_all(P_LOOP, r, 4), 0);
		QOE_EXPECT_EQ(xstat(P_LOOP, "tx_quic_drop_plaintext"),
			      plain0 + big + 1);
	}
	/* asked for: it goes */
	m = make_pkt(mp, 1200, 4);
	mark(m, h_tx, pn, 4, 0, 0);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_TX, 0, &m, 1), 1);
	QOE_EXPECT_EQ(rx_all(P_RX, r, 4), 1);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_PLAIN, 0, r, 1), 1);
	QOE_EXPECT_EQ(rx_all(P_PLAIN, r, 4), 1);
	QOE_EXPECT(payload_ok(r[0], HDRS + 1 + CID_LEN + 4, 1200, 0));
	rte_pktmbuf_free(r[0]);
}

/* Without RX scatter the application gets no chains: GRO holds back
 * what one mbuf cannot take, and the packets come one by one. */
QOE_TEST(gro_without_scatter_makes_no_chain)
{
	struct rte_mbuf *m, *r[16];
	unsigned int i;
	uint16_t n;

	QOE_EXPECT(setup() == 0);
	m = make_pkt(big_mp, 5 * 1000 + 300, 2);
	QOE_EXPECT(m != NULL);
	mark(m, h_ntx, 20, 2, 0, 1000);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_NTX, 0, &m, 1), 1);
	n = rx_all(P_NRX, r, 16);
	QOE_EXPECT_EQ(n, 6);
	for (i = 0; i < n; i++) {
		QOE_EXPECT_EQ(r[i]->nb_segs, 1);
		QOE_EXPECT_EQ(rte_pmd_qoe_meta(&dyn, r[i])->status, QOE_ST_OK);
		rte_pktmbuf_free(r[i]);
	}
}

/* An mbuf the application still holds is never sealed or opened in place */
QOE_TEST(shared_mbufs_are_copied_not_rewritten)
{
	struct rte_pmd_qoe_flow_stats st;
	struct rte_mbuf *m, *r[4], *w;
	uint8_t before[2048];
	uint32_t len;

	QOE_EXPECT(setup() == 0);
	/* TX: the application keeps a reference to the plaintext */
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_stats_get(P_TX, h_tx, &st), 0);
	m = make_pkt(mp, 800, 4);
	QOE_EXPECT(m != NULL);
	rte_mbuf_refcnt_update(m, 1);
	mark(m, h_tx, st.pn, 4, 0, 0);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_TX, 0, &m, 1), 1);
	QOE_EXPECT(payload_ok(m, HDRS + 1 + CID_LEN + 4, 800, 0));
	rte_pktmbuf_free(m);
	QOE_EXPECT_EQ(rx_all(P_RX, r, 4), 1);
	QOE_EXPECT_EQ(rte_pmd_qoe_meta(&dyn, r[0])->status, QOE_ST_OK);
	rte_pktmbuf_free(r[0]);
	/* RX: a sealed packet (P_LOOP seals with P_TX's keys) that the
	 * application also holds, passed through P_TX to P_RX */
	m = make_pkt(mp, 800, 4);
	mark(m, h_loop, st.pn + 1, 4, 0, 0);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_LOOP, 0, &m, 1), 1);
	QOE_EXPECT_EQ(rx_all(P_LOOP, &w, 1), 1);
	len = w->pkt_len;
	QOE_EXPECT(len <= sizeof(before));
	memcpy(before, rte_pktmbuf_mtod(w, uint8_t *), len);
	w->ol_flags = 0;
	rte_mbuf_refcnt_update(w, 1);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_TX, 0, &w, 1), 1);
	QOE_EXPECT_EQ(rx_all(P_RX, r, 4), 1);
	QOE_EXPECT_EQ(rte_pmd_qoe_meta(&dyn, r[0])->status, QOE_ST_OK);
	QOE_EXPECT(payload_ok(r[0], HDRS + 1 + CID_LEN + 4, 800, 0));
	QOE_EXPECT(r[0] != w);
	QOE_EXPECT_EQ(w->pkt_len, len);
	QOE_EXPECT(memcmp(rte_pktmbuf_mtod(w, uint8_t *), before, len) == 0);
	rte_pktmbuf_free(r[0]);
	rte_pktmbuf_free(w);
}

/* A pool that runs dry mid-GSO: the packet is dropped and counted, and
 * every mbuf the PMD took goes back. */
QOE_TEST(mempool_exhaustion_drops_and_leaks_nothing)
{
	struct rte_mempool *tiny;
	struct rte_pmd_qoe_flow_stats st;
	struct rte_eth_stats s0, s1;
	struct rte_mbuf *m, *hold[8], *r[16];
	unsigned int avail, n = 0;

	QOE_EXPECT(setup() == 0);
	tiny = rte_pktmbuf_pool_create("tiny", 8, 0, 0, 16384 + 128, 0);
	QOE_EXPECT(tiny != NULL);
	if (tiny == NULL)
		return;
	/* the GSO packet, then the pool emptied but for two mbufs */
	m = make_pkt(tiny, 5 * 1000 + 300, 2);
	QOE_EXPECT(m != NULL);
	while (n < 8 && rte_mempool_avail_count(tiny) > 2)
		hold[n++] = rte_pktmbuf_alloc(tiny);
	avail = rte_mempool_avail_count(tiny);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_stats_get(P_TX, h_tx, &st), 0);
	rte_eth_stats_get(P_TX, &s0);
	mark(m, h_tx, st.pn, 2, 0, 1000);	/* needs 6 mbufs */
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_TX, 0, &m, 1), 1);
	QOE_EXPECT_EQ(rx_all(P_RX, r, 16), 0);
	rte_eth_stats_get(P_TX, &s1);
	QOE_EXPECT_EQ(s1.oerrors, s0.oerrors + 1);
	/* the packet itself went back too */
	QOE_EXPECT_EQ(rte_mempool_avail_count(tiny), avail + 1);
	while (n > 0)
		rte_pktmbuf_free(hold[--n]);
	QOE_EXPECT_EQ(rte_mempool_avail_count(tiny), 8);
	rte_mempool_free(tiny);
}

static volatile int mq_stop;

/* Worker lcore: protect on queue 1 of P_MQTX, open on queue 1 of P_MQRX. */
static int
mq_worker(void *arg)
{
	uint64_t *counts = arg, pn = 0;
	struct rte_mbuf *m, *r[32];
	uint16_t n, i;

	while (!mq_stop) {
		m = make_pkt(mp, 200, 4);
		if (m == NULL)
			continue;
		mark(m, h_mqtx, pn++, 4, 0, 0);
		counts[0] += rte_eth_tx_burst(P_MQTX, 1, &m, 1);
		n = rte_eth_rx_burst(P_MQRX, 1, r, 32);
		for (i = 0; i < n; i++) {
			counts[1] += rte_pmd_qoe_meta(&dyn, r[i])->status == QOE_ST_OK;
			rte_pktmbuf_free(r[i]);
		}
	}
	return 0;
}

/*
 * Two lcores: one forwards through a two-queue pair while the other does
 * what telemetry writes do (flows added, keys installed, flows deleted,
 * stats and events read) on the same ports.  Nothing crashes or trips the
 * sanitizers (check-dpdk-san), and the forwarded flow is not disturbed.
 */
QOE_TEST(two_lcores_forward_while_flows_change)
{
	static uint64_t counts[2];
	struct rte_pmd_qoe_flow_stats st;
	struct rte_pmd_qoe_event ev;
	struct rte_pmd_qoe_flow f;
	unsigned int worker, i;
	uint32_t h;

	QOE_EXPECT(setup() == 0);
	worker = rte_get_next_lcore(-1, 1, 0);
	QOE_EXPECT(worker < RTE_MAX_LCORE);
	if (worker >= RTE_MAX_LCORE)
		return;
	mq_stop = 0;
	QOE_EXPECT_EQ(rte_eal_remote_launch(mq_worker, counts, worker), 0);
	for (i = 0; i < 300; i++) {
		uint16_t port = i & 1 ? P_MQRX : P_MQTX;

		flow_of(&f, i & 1 ? QOE_DIR_RX : QOE_DIR_TX, i & 1);
		f.cid[0] ^= (uint8_t)(i + 1);	/* not the forwarded flow's */
		if (rte_pmd_qoe_flow_add(port, &f, &h) == 0) {
			rte_pmd_qoe_key_install(port, h, i & 1, key1, 16, iv1);
			rte_pmd_qoe_flow_stats_get(port, h, &st);
			QOE_EXPECT_EQ(rte_pmd_qoe_flow_del(port, h), 0);
		}
		while (rte_pmd_qoe_event_pop(port, &ev) == 1)
			;
	}
	mq_stop = 1;
	rte_eal_wait_lcore(worker);
	QOE_EXPECT(counts[0] > 0);
	/* every packet the worker got back opened (a few may be in flight) */
	QOE_EXPECT(counts[1] > 0 && counts[1] <= counts[0]);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_stats_get(P_MQRX, h_mqrx, &st), 0);
	QOE_EXPECT_EQ(st.auth_fail, 0);
}

/* make_pkt() from client port @sport */
static struct rte_mbuf *
make_pkt_from(uint16_t sport, uint32_t len, uint8_t pn_len)
{
	struct rte_mbuf *m = make_pkt(mp, len, pn_len);

	if (m != NULL)
		rte_pktmbuf_mtod_offset(m, struct rte_udp_hdr *, 14 + 20)->src_port =
			rte_cpu_to_be_16(sport);
	return m;
}

#define ENG_FLOWS	32

/*
 * Per-queue engines (engines=4): flows of different 4-tuples spread over
 * the engines, a handle says which, and the device's RSS delivers each
 * connection's packets to the RX queue of the engine that holds its RX
 * flow, on the other port too.  Every packet opens there, whichever TX
 * queue sent it; the flow walk and the counters cover every engine.
 */
QOE_TEST(engines_own_flows_and_rss_finds_them)
{
	uint32_t htx[ENG_FLOWS], hrx[ENG_FLOWS], used = 0, n = 0, i;
	uint64_t cursor = 0, next, rx0 = xstat(P_ERX, "rx_quic_decrypted_packets");
	struct rte_pmd_qoe_flow_stats st;
	struct rte_pmd_qoe_flow f;
	struct rte_mbuf *m, *r[4];

	QOE_EXPECT(setup() == 0);
	for (i = 0; i < ENG_FLOWS; i++) {
		flow_of(&f, QOE_DIR_TX, false);
		f.local_port = (uint16_t)(40000 + i);
		f.cid[7] = (uint8_t)i;		/* the DCID its packets carry */
		QOE_EXPECT_EQ(rte_pmd_qoe_flow_add(P_ETX, &f, &htx[i]), 0);
		QOE_EXPECT_EQ(rte_pmd_qoe_key_install(P_ETX, htx[i], 0, key0, 16, iv0), 0);
		flow_of(&f, QOE_DIR_RX, true);
		f.remote_port = (uint16_t)(40000 + i);
		f.cid[7] = (uint8_t)i;		/* RX matches by CID */
		QOE_EXPECT_EQ(rte_pmd_qoe_flow_add(P_ERX, &f, &hrx[i]), 0);
		QOE_EXPECT_EQ(rte_pmd_qoe_key_install(P_ERX, hrx[i], 0, key0, 16, iv0), 0);
		/* symmetric RSS: both ends of the connection, one engine */
		QOE_EXPECT_EQ(htx[i] >> 28, hrx[i] >> 28);
		QOE_EXPECT(htx[i] >> 28 < NENG);
		used |= 1u << (htx[i] >> 28);
	}
	QOE_EXPECT_EQ(used, (1u << NENG) - 1);	/* 32 flows reach all four */

	for (i = 0; i < ENG_FLOWS; i++) {
		/* any TX queue will do; the RX queue is the flow's */
		uint16_t txq = (uint16_t)(i % NENG), rxq = (uint16_t)(hrx[i] >> 28);
		struct rte_pmd_qoe_meta *md;
		uint16_t got = 0, q, spins;

		m = make_pkt_from((uint16_t)(40000 + i), 300, 2);
		QOE_EXPECT(m != NULL);
		if (m == NULL)
			return;
		rte_pktmbuf_mtod_offset(m, uint8_t *, HDRS + 1 + 7)[0] = (uint8_t)i;
		mark(m, htx[i], 5, 2, 0, 0);
		QOE_EXPECT_EQ(rte_eth_tx_burst(P_ETX, txq, &m, 1), 1);
		/* on the RX queue of its engine, and on no other */
		for (q = 0; q < NENG; q++) {
			uint16_t k = 0;

			for (spins = 0; spins < 50 && k == 0; spins++)
				k = rte_eth_rx_burst(P_ERX, q, r, 4);
			if (k != 0 && q != rxq)
				QOE_FAIL("flow %u: delivered on queue %u, its engine is %u",
					 i, q, rxq);
			for (uint16_t j = 0; j < k; j++) {
				md = rte_pmd_qoe_meta(&dyn, r[j]);
				if (!(r[j]->ol_flags & dyn.rx_flag) ||
				    md->status != QOE_ST_OK || md->handle != hrx[i])
					QOE_FAIL("flow %u: status %u handle 0x%x, want OK 0x%x",
						 i, md->status, md->handle, hrx[i]);
				else if (!payload_ok(r[j], HDRS + 1 + CID_LEN + 2, 300, 0))
					QOE_FAIL("flow %u: payload differs", i);
				rte_pktmbuf_free(r[j]);
			}
			got += k;
		}
		QOE_EXPECT_EQ(got, 1);
	}
	QOE_EXPECT_EQ(xstat(P_ERX, "rx_quic_decrypted_packets") - rx0, ENG_FLOWS);

	/* the walk crosses engines and lists every flow once */
	while (rte_pmd_qoe_flow_next(P_ERX, cursor, &st, &next) == 0) {
		for (i = 0; i < ENG_FLOWS; i++)
			n += st.handle == hrx[i];
		QOE_EXPECT(next != cursor);
		cursor = next;
	}
	QOE_EXPECT_EQ(n, ENG_FLOWS);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_stats_get(P_ERX, hrx[3], &st), 0);
	QOE_EXPECT_EQ(st.packets, 1);
	QOE_EXPECT_EQ(st.queue, hrx[3] >> 28);
	/* an engine the port does not have is no flow */
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_del(P_ERX, (7u << 28) | (hrx[0] & 0xfffffff)),
		      -ENOENT);
	for (i = 0; i < ENG_FLOWS; i++) {
		QOE_EXPECT_EQ(rte_pmd_qoe_flow_del(P_ETX, htx[i]), 0);
		QOE_EXPECT_EQ(rte_pmd_qoe_flow_del(P_ERX, hrx[i]), 0);
		QOE_EXPECT_EQ(rte_pmd_qoe_flow_del(P_ERX, hrx[i]), -ENOENT);
	}
}

/* One lcore's share of bench_engines: its flow, its queues. */
struct eng_bench {
	uint32_t htx, hrx;
	uint16_t sport;
	uint16_t q;
	uint64_t pn;		/* next PN: the flow's go on across runs */
	uint64_t total, sent, ok, cycles;
};

/* @m came back opened by @b's RX flow (TX metadata would read OK too) */
static bool
eng_opened(const struct eng_bench *b, struct rte_mbuf *m)
{
	const struct rte_pmd_qoe_meta *md = rte_pmd_qoe_meta(&dyn, m);

	return (m->ol_flags & dyn.rx_flag) && md->status == QOE_ST_OK &&
	       md->handle == b->hrx;
}

static int
eng_bench_run(void *arg)
{
	struct eng_bench *b = arg;
	struct rte_mbuf *tmpl = make_pkt_from(b->sport, 1200, 4), *m[32], *r[64];
	uint64_t t0 = rte_rdtsc();
	unsigned int i;

	if (tmpl == NULL)
		return -1;
	rte_pktmbuf_mtod_offset(tmpl, uint8_t *, HDRS + 1 + 7)[0] =
		(uint8_t)(b->sport - 40000);
	b->sent = b->ok = 0;
	while (b->sent < b->total) {
		uint16_t n;

		if (burst_of(tmpl, m, b->htx, &b->pn) != 0)
			continue;
		b->sent += rte_eth_tx_burst(P_ETX, b->q, m, 32);
		n = rte_eth_rx_burst(P_ERX, b->q, r, 64);
		for (i = 0; i < n; i++) {
			b->ok += eng_opened(b, r[i]);
			rte_pktmbuf_free(r[i]);
		}
	}
	/* what is still in the ring */
	for (int spins = 0; spins < 100 && b->ok < b->sent; spins++) {
		uint16_t n = rte_eth_rx_burst(P_ERX, b->q, r, 64);

		for (i = 0; i < n; i++) {
			b->ok += eng_opened(b, r[i]);
			rte_pktmbuf_free(r[i]);
		}
	}
	b->cycles = rte_rdtsc() - t0;
	rte_pktmbuf_free(tmpl);
	return 0;
}

/*
 * Benchmark (printed, not asserted): per-queue engines let two lcores
 * protect and unprotect through one port pair side by side.  One lcore
 * alone, then two at once on flows of different engines; the ratio of
 * their packet rates is what per-queue state buys (a shared engine lock
 * would hold it near 1x).  Every packet must still open.
 */
QOE_TEST(bench_engines_two_lcores)
{
	const char *env = getenv("QOE_PMD_BENCH_PKTS");
	uint64_t total = env ? strtoull(env, NULL, 0) : 200000;
	struct eng_bench b[2];
	struct rte_pmd_qoe_flow f;
	unsigned int worker, k = 0, i;
	double one, two;

	QOE_EXPECT(setup() == 0);
	worker = rte_get_next_lcore(-1, 1, 0);
	QOE_EXPECT(worker < RTE_MAX_LCORE);
	if (worker >= RTE_MAX_LCORE)
		return;
	/* two connections that RSS puts on different engines */
	for (i = 0; i < 64 && k < 2; i++) {
		uint32_t h, hr;

		flow_of(&f, QOE_DIR_TX, false);
		f.local_port = (uint16_t)(40000 + i);
		f.cid[7] = (uint8_t)i;
		QOE_EXPECT_EQ(rte_pmd_qoe_flow_add(P_ETX, &f, &h), 0);
		if (k == 1 && h >> 28 == b[0].q) {
			rte_pmd_qoe_flow_del(P_ETX, h);
			continue;
		}
		QOE_EXPECT_EQ(rte_pmd_qoe_key_install(P_ETX, h, 0, key0, 16, iv0), 0);
		flow_of(&f, QOE_DIR_RX, true);
		f.remote_port = (uint16_t)(40000 + i);
		f.cid[7] = (uint8_t)i;
		QOE_EXPECT_EQ(rte_pmd_qoe_flow_add(P_ERX, &f, &hr), 0);
		QOE_EXPECT_EQ(rte_pmd_qoe_key_install(P_ERX, hr, 0, key0, 16, iv0), 0);
		b[k++] = (struct eng_bench){ .htx = h, .hrx = hr,
					     .sport = (uint16_t)(40000 + i),
					     .q = (uint16_t)(h >> 28), .total = total };
	}
	QOE_EXPECT_EQ(k, 2);
	if (k != 2)
		return;
	eng_bench_run(&b[0]);
	one = b[0].sent / ((double)b[0].cycles / rte_get_tsc_hz());
	QOE_EXPECT_EQ(b[0].ok, b[0].sent);
	QOE_EXPECT_EQ(rte_eal_remote_launch(eng_bench_run, &b[1], worker), 0);
	eng_bench_run(&b[0]);
	rte_eal_wait_lcore(worker);
	QOE_EXPECT_EQ(b[0].ok, b[0].sent);
	QOE_EXPECT_EQ(b[1].ok, b[1].sent);
	two = b[0].sent / ((double)b[0].cycles / rte_get_tsc_hz()) +
	      b[1].sent / ((double)b[1].cycles / rte_get_tsc_hz());
	printf("# bench: engines=4, 1200 B payload: one lcore %.2f Mpps, two lcores %.2f Mpps, %.2fx (TX protect + RX unprotect through the pair)\n",
	       one / 1e6, two / 1e6, two / one);
	for (i = 0; i < 2; i++) {
		QOE_EXPECT_EQ(rte_pmd_qoe_flow_del(P_ETX, b[i].htx), 0);
		QOE_EXPECT_EQ(rte_pmd_qoe_flow_del(P_ERX, b[i].hrx), 0);
	}
}

/*
 * engines=N needs N RX queues (RSS has nowhere else to put an engine's
 * flows), and a bump in the wire cannot have them: its backing port's
 * RSS decides where packets arrive.
 */
QOE_TEST(engines_need_their_queues)
{
	struct rte_eth_conf conf;

	QOE_EXPECT(setup() == 0);
	memset(&conf, 0, sizeof(conf));
	QOE_EXPECT(rte_eth_dev_configure(P_EQ, 2, 2, &conf) != 0);
	QOE_EXPECT_EQ(rte_eth_dev_configure(P_EQ, NENG, 1, &conf), 0);
	QOE_EXPECT(rte_vdev_init("net_qoe_e3", "backing=net_qoe_e2,engines=2") != 0);
	QOE_EXPECT(rte_vdev_init("net_qoe_e3", "engines=17") != 0);
}

/*
 * dev_info says what ethdev can: UDP RSS with engines=, and nothing that
 * promises an rte_security context.
 */
QOE_TEST(dev_info_claims_only_what_it_does)
{
	struct rte_eth_dev_info info;

	QOE_EXPECT(setup() == 0);
	QOE_EXPECT_EQ(rte_eth_dev_info_get(P_EQ, &info), 0);
	QOE_EXPECT_EQ(info.flow_type_rss_offloads & RTE_ETH_RSS_NONFRAG_IPV4_UDP,
		      RTE_ETH_RSS_NONFRAG_IPV4_UDP);
	QOE_EXPECT(!(info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SECURITY));
	QOE_EXPECT(!(info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_SECURITY));
	QOE_EXPECT_EQ(rte_eth_dev_info_get(P_TX, &info), 0);
	QOE_EXPECT_EQ(info.flow_type_rss_offloads, 0);
	QOE_EXPECT(rte_eth_dev_get_sec_ctx(P_TX) == NULL);
}

/*
 * Fill memory that was just rte_free()d with 0xa5 garbage: allocate blocks
 * of its size until they cover it (DPDK's heap carves blocks from the end
 * of a free element, so a few may land elsewhere first).  Returns how many
 * blocks @out holds, 0 if the range could not be covered.
 */
static unsigned int
spray_freed(const void *freed, size_t len, void **out, unsigned int max)
{
	uintptr_t lo = (uintptr_t)freed, hi = lo + len;
	uintptr_t cov_lo = UINTPTR_MAX, cov_hi = 0;
	unsigned int n = 0;

	while (n < max && !(cov_lo <= lo && cov_hi >= hi)) {
		uint8_t *p = rte_malloc(NULL, len, 0);
		uintptr_t a = (uintptr_t)p;

		if (p == NULL)
			break;
		memset(p, 0xa5, len);
		out[n++] = p;
		if (a + len <= lo || a >= hi)
			continue;
		cov_lo = RTE_MIN(cov_lo, a);
		cov_hi = RTE_MAX(cov_hi, a + len);
	}
	if (cov_lo <= lo && cov_hi >= hi)
		return n;
	fprintf(stderr, "spray_freed: %u blocks did not cover %p+%zu\n",
		n, freed, len);
	while (n > 0)
		rte_free(out[--n]);
	return 0;
}

/*
 * Closing one port of a pair frees its rings and private data; the other
 * port, still started, must drop (and count) what it would have handed
 * over, not touch freed memory.  Last: it closes P_GRX for good.
 */
QOE_TEST(peer_closed_under_a_started_port)
{
	struct rte_pmd_qoe_flow_stats st;
	struct rte_eth_stats s0, s1;
	struct rte_mbuf *m, *r[4];
	uint16_t port;

	void *spray[256], *grx_priv;
	unsigned int nspray;
	size_t grx_priv_len;

	QOE_EXPECT(setup() == 0);
	grx_priv = rte_eth_devices[P_GRX].data->dev_private;
	QOE_EXPECT_EQ(rte_malloc_validate(grx_priv, &grx_priv_len), 0);
	QOE_EXPECT_EQ(rte_eth_dev_stop(P_GRX), 0);
	QOE_EXPECT_EQ(rte_eth_dev_close(P_GRX), 0);
	QOE_EXPECT(!rte_pmd_qoe_is_qoe_port(P_GRX));
	/* rte_free zeroes what it frees, so a dangling peer would read NULL
	 * rings and drop by luck: refill the freed private data with garbage
	 * so any read through a stale pointer crashes */
	nspray = spray_freed(grx_priv, grx_priv_len, spray, RTE_DIM(spray));
	QOE_EXPECT(nspray > 0);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_stats_get(P_GTX, h_gtx, &st), 0);
	rte_eth_stats_get(P_GTX, &s0);
	m = make_pkt(mp, 500, 4);
	QOE_EXPECT(m != NULL);
	mark(m, h_gtx, st.pn, 4, 0, 0);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_GTX, 0, &m, 1), 1);
	rte_eth_stats_get(P_GTX, &s1);
	QOE_EXPECT_EQ(s1.opackets, s0.opackets);
	QOE_EXPECT_EQ(s1.oerrors, s0.oerrors + 1);

	/* a new port in its place (the freed port id and, likely, the freed
	 * private data) is not P_GTX's peer: nothing arrives there */
	QOE_EXPECT_EQ(rte_vdev_init("net_qoe10", NULL), 0);
	QOE_EXPECT_EQ(rte_eth_dev_get_port_by_name("net_qoe10", &port), 0);
	QOE_EXPECT_EQ(port_up(port), 0);
	m = make_pkt(mp, 500, 4);
	mark(m, h_gtx, st.pn, 4, 0, 0);
	QOE_EXPECT_EQ(rte_eth_tx_burst(P_GTX, 0, &m, 1), 1);
	QOE_EXPECT_EQ(rx_all(port, r, 4), 0);
	rte_eth_dev_stop(port);
	rte_eth_dev_close(port);
	while (nspray > 0)
		rte_free(spray[--nspray]);
}

/* Generation @g's key and IV in the key-schedule test. */
static void
sched_key(unsigned int g, uint8_t key[16], uint8_t iv[12])
{
	unsigned int i;

	for (i = 0; i < 16; i++)
		key[i] = (uint8_t)(0x11 * g + i);
	for (i = 0; i < 12; i++)
		iv[i] = (uint8_t)(0xa0 + 0x11 * g + i);
}

/* A flows file of one line: @dir's flow of the pair with generations
 * 0..@ngen-1 (key<N> = generation N, phase=0), key<@skip> left out. */
static int
sched_file(char *path, size_t len, const char *dir, unsigned int ngen,
	   int skip)
{
	uint8_t key[16], iv[12];
	unsigned int g, i;
	FILE *f;
	int fd;

	snprintf(path, len, "/tmp/qoe-sched-%d-XXXXXX", getpid());
	fd = mkstemp(path);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL)
		return -1;
	fprintf(f, "%s aes-128-gcm %s %s cid=", dir,
		dir[0] == 't' ? "10.0.0.1:50000" : "10.0.0.2:443",
		dir[0] == 't' ? "10.0.0.2:443" : "10.0.0.1:50000");
	for (i = 0; i < CID_LEN; i++)
		fprintf(f, "%02x", cid[i]);
	fprintf(f, " hp=");
	for (i = 0; i < 16; i++)
		fprintf(f, "%02x", hp[i]);
	for (g = 0; g < ngen; g++) {
		if ((int)g == skip)
			continue;
		sched_key(g, key, iv);
		fprintf(f, " key%u=", g);
		for (i = 0; i < 16; i++)
			fprintf(f, "%02x", key[i]);
		fprintf(f, " iv%u=", g);
		for (i = 0; i < 12; i++)
			fprintf(f, "%02x", iv[i]);
	}
	fprintf(f, "\n");
	return fclose(f);
}

/* Port @name with @args (may be NULL), started. */
static int
sched_port(const char *name, const char *args, uint16_t *port)
{
	if (rte_vdev_init(name, args) != 0 ||
	    rte_eth_dev_get_port_by_name(name, port) != 0)
		return -1;
	return port_up(*port);
}

/* Generation @g's packet: phase g % 2, PN 10 g, in the plaintext header
 * (what auto TX reads) and, for a marked send on @h, in the metadata. */
static struct rte_mbuf *
sched_pkt(unsigned int g, uint32_t h)
{
	struct rte_mbuf *m = make_pkt(mp, 700, 2);
	uint8_t *q;

	if (m == NULL)
		return NULL;
	q = rte_pktmbuf_mtod_offset(m, uint8_t *, HDRS);
	q[0] |= (uint8_t)((g % 2) << 2);
	q[1 + CID_LEN + 1] = (uint8_t)(10 * g);
	if (h != 0)
		mark(m, h, 10 * g, 2, (uint8_t)(g % 2), 0);
	return m;
}

/*
 * A flows file with the keys of five generations (key0..key4) follows four
 * key updates, TX and RX, with no host call: each time the traffic moves
 * to the other phase, the phase left gets the next key.  Each side is
 * checked against a peer whose keys the test installs itself, generation
 * by generation, as a QUIC stack would.  Past the last key the phase left
 * has no key: TX refuses it, nothing goes out.
 */
QOE_TEST(flows_file_key_schedule_follows_updates)
{
	char tx_path[64], rx_path[64], gap_path[64], args[128];
	uint16_t ftx, mrx, mtx, frx, port;
	struct rte_pmd_qoe_flow f;
	uint8_t key[16], iv[12];
	uint32_t h_mrx, h_mtx;
	struct rte_mbuf *m, *r[4];
	unsigned int g;

	QOE_EXPECT(setup() == 0);
	QOE_EXPECT_EQ(sched_file(tx_path, sizeof(tx_path), "tx", 5, -1), 0);
	QOE_EXPECT_EQ(sched_file(rx_path, sizeof(rx_path), "rx", 5, -1), 0);
	QOE_EXPECT_EQ(sched_file(gap_path, sizeof(gap_path), "rx", 5, 2), 0);
	/* a schedule with a hole is refused at probe */
	snprintf(args, sizeof(args), "flows=%s", gap_path);
	QOE_EXPECT(rte_vdev_init("net_qoe_ks4", args) != 0);
	QOE_EXPECT(rte_eth_dev_get_port_by_name("net_qoe_ks4", &port) != 0);

	/* file TX -> test-keyed RX; test-keyed TX -> file RX */
	QOE_EXPECT_EQ(sched_port("net_qoe_ks1", NULL, &mrx), 0);
	snprintf(args, sizeof(args), "peer=net_qoe_ks1,flows=%s", tx_path);
	QOE_EXPECT_EQ(sched_port("net_qoe_ks0", args, &ftx), 0);
	snprintf(args, sizeof(args), "flows=%s", rx_path);
	QOE_EXPECT_EQ(sched_port("net_qoe_ks3", args, &frx), 0);
	QOE_EXPECT_EQ(sched_port("net_qoe_ks2", "peer=net_qoe_ks3", &mtx), 0);
	unlink(tx_path);
	unlink(rx_path);
	unlink(gap_path);
	flow_of(&f, QOE_DIR_RX, true);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_add(mrx, &f, &h_mrx), 0);
	flow_of(&f, QOE_DIR_TX, false);
	QOE_EXPECT_EQ(rte_pmd_qoe_flow_add(mtx, &f, &h_mtx), 0);

	for (g = 0; g < 5; g++) {
		sched_key(g, key, iv);
		QOE_EXPECT_EQ(rte_pmd_qoe_key_install(mrx, h_mrx, g % 2, key,
						      16, iv), 0);
		QOE_EXPECT_EQ(rte_pmd_qoe_key_install(mtx, h_mtx, g % 2, key,
						      16, iv), 0);
		m = sched_pkt(g, 0);
		QOE_EXPECT(m != NULL);
		QOE_EXPECT_EQ(rte_eth_tx_burst(ftx, 0, &m, 1), 1);
		m = sched_pkt(g, h_mtx);
		QOE_EXPECT(m != NULL);
		QOE_EXPECT_EQ(rte_eth_tx_burst(mtx, 0, &m, 1), 1);
		QOE_EXPECT_EQ(rx_all(mrx, r, 1), 1);
		QOE_EXPECT_EQ(rx_all(frx, r + 1, 1), 1);
		QOE_EXPECT_EQ(rte_pmd_qoe_meta(&dyn, r[0])->status, QOE_ST_OK);
		QOE_EXPECT_EQ(rte_pmd_qoe_meta(&dyn, r[1])->status, QOE_ST_OK);
		QOE_EXPECT_EQ(rte_pmd_qoe_meta(&dyn, r[1])->key_phase, g % 2);
		QOE_EXPECT_EQ(rte_pmd_qoe_meta(&dyn, r[1])->pn, 10 * g);
		QOE_EXPECT(payload_ok(r[0], HDRS + 1 + CID_LEN + 2, 700, 0));
		QOE_EXPECT(payload_ok(r[1], HDRS + 1 + CID_LEN + 2, 700, 0));
		rte_pktmbuf_free(r[0]);
		rte_pktmbuf_free(r[1]);
	}
	/* generation 5: not in the file */
	m = sched_pkt(5, 0);
	QOE_EXPECT_EQ(rte_eth_tx_burst(ftx, 0, &m, 1), 1);
	QOE_EXPECT_EQ(rx_all(mrx, r, 1), 0);
	QOE_EXPECT_EQ(xstat(ftx, "tx_quic_drop_no_key"), 1);
	QOE_EXPECT_EQ(xstat(ftx, "quic_key_sched_installs"), 3);
	QOE_EXPECT_EQ(xstat(frx, "quic_key_sched_installs"), 3);
	QOE_EXPECT_EQ(xstat(ftx, "quic_key_sched_exhausted"), 1);
	QOE_EXPECT_EQ(xstat(frx, "quic_key_sched_exhausted"), 1);
	QOE_EXPECT_EQ(xstat(mrx, "rx_quic_auth_fail"), 0);
	QOE_EXPECT_EQ(xstat(frx, "rx_quic_auth_fail"), 0);
	for (port = ftx; port <= frx; port++) {
		rte_eth_dev_stop(port);
		rte_eth_dev_close(port);
	}
}
