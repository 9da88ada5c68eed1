// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
#include "engine_util.h"

#include <assert.h>

QOE_TEST_MAIN

const char *const be_names[BE_COUNT] = { "ipsec-mb", "openssl" };

static struct qoe_crypto backends[BE_COUNT];
static bool backend_ready[BE_COUNT];

static void backends_fini(void)
{
	for (int i = 0; i < BE_COUNT; i++)
		if (backend_ready[i])
			qoe_crypto_fini(&backends[i]);
}

const struct qoe_crypto *test_backend(int which)
{
	if (!backend_ready[which]) {
		int ret = which == BE_IPSECMB ?
			  qoe_crypto_ipsecmb_init(&backends[which]) :
			  qoe_crypto_openssl_init(&backends[which]);

		if (ret) {
			fprintf(stderr, "backend %s: init failed (%d)\n",
				be_names[which], ret);
			exit(1);
		}
		if (!backend_ready[0] && !backend_ready[1])
			atexit(backends_fini);
		backend_ready[which] = true;
	}
	return &backends[which];
}

struct qoe_engine *test_engine(int which, u32 max_flows)
{
	struct qoe_engine_cfg cfg = {
		.max_flows = max_flows,
		.crypto = test_backend(which),
	};
	struct qoe_engine *e = qoe_engine_create(&cfg);

	assert(e);
	return e;
}

void test_keys(u8 cipher, u8 seed, u8 *key, u8 *iv, u8 *hp)
{
	size_t kl = qoe_cipher_key_len(cipher);

	for (size_t i = 0; i < kl; i++) {
		key[i] = (u8)(seed * 31 + i * 7 + 1);
		hp[i] = (u8)(seed * 17 + i * 13 + 5);
	}
	for (size_t i = 0; i < QOE_IV_LEN; i++)
		iv[i] = (u8)(seed * 11 + i * 3 + 9);
}

static void set_addr(u8 *a, u8 family, u8 last)
{
	memset(a, 0, 16);
	if (family == QOE_FAMILY_IPV4) {
		a[0] = 192;
		a[1] = 0;
		a[2] = 2;
		a[3] = last;
	} else {
		a[0] = 0x20;
		a[1] = 0x01;
		a[2] = 0x0d;
		a[3] = 0xb8;
		a[15] = last;
	}
}

void test_pair_init(struct qoe_engine *e, struct test_pair *p, u8 cipher,
		    u8 family, u8 cid_len, u64 tx_pn)
{
	u8 key[QOE_MAX_KEY_LEN], iv[QOE_IV_LEN], hp[QOE_MAX_KEY_LEN];

	test_keys(cipher, cipher, key, iv, hp);
	test_pair_init_keys(e, p, cipher, family, cid_len, tx_pn, key, iv, hp);
}

static void pair_install(struct qoe_host *txh, struct qoe_host *rxh,
			 struct test_pair *p, u8 cipher, u8 family,
			 u8 cid_len, u64 tx_pn, const u8 *key, const u8 *iv,
			 const u8 *hp, u16 sport)
{
	struct qoe_flow_params fp = { 0 };
	size_t kl = qoe_cipher_key_len(cipher);

	memset(p, 0, sizeof(*p));
	p->cipher = cipher;
	p->family = family;
	p->cid_len = cid_len;
	p->sport = sport;
	for (u8 i = 0; i < cid_len; i++)
		p->cid[i] = (u8)(0xc0 + i * 5 + cipher);
	/* each connection its own CIDs */
	if (sport != 4433 && cid_len >= 2) {
		p->cid[cid_len - 2] = (u8)(sport >> 8);
		p->cid[cid_len - 1] = (u8)sport;
	}
	memcpy(p->key, key, kl);
	memcpy(p->iv, iv, QOE_IV_LEN);
	memcpy(p->hp, hp, kl);

	fp.dir = QOE_DIR_TX;
	fp.cipher = cipher;
	fp.family = family;
	fp.cid_len = cid_len;
	memcpy(fp.cid, p->cid, cid_len);
	set_addr(fp.local_addr, family, 1);
	set_addr(fp.remote_addr, family, 2);
	fp.local_port = sport;
	fp.remote_port = 50000;
	fp.pn = tx_pn;
	memcpy(fp.hp_key, p->hp, kl);
	QOE_EXPECT_EQ(qoe_host_flow_add(txh, &fp, &p->tx), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_key_install(txh, p->tx, 0, p->key, kl, p->iv),
		      QOE_ST_OK);

	/* the receiving end: local is the TX flow's remote */
	fp.dir = QOE_DIR_RX;
	set_addr(fp.local_addr, family, 2);
	set_addr(fp.remote_addr, family, 1);
	fp.local_port = 50000;
	fp.remote_port = sport;
	fp.pn = QOE_PN_NONE;
	QOE_EXPECT_EQ(qoe_host_flow_add(rxh, &fp, &p->rx), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_key_install(rxh, p->rx, 0, p->key, kl, p->iv),
		      QOE_ST_OK);
}

void test_pair_init_keys(struct qoe_engine *e, struct test_pair *p,
			 u8 cipher, u8 family, u8 cid_len, u64 tx_pn,
			 const u8 *key, const u8 *iv, const u8 *hp)
{
	pair_install(qoe_engine_host(e), qoe_engine_host(e), p, cipher, family,
		     cid_len, tx_pn, key, iv, hp, 4433);
}

void test_pair_init_port(struct qoe_engine *e, struct test_pair *p, u8 cipher,
			 u8 family, u8 cid_len, u16 sport)
{
	u8 key[QOE_MAX_KEY_LEN], iv[QOE_IV_LEN], hp[QOE_MAX_KEY_LEN];

	/* keys of their own: a packet opened by the wrong flow fails */
	test_keys(cipher, (u8)(sport * 7), key, iv, hp);
	pair_install(qoe_engine_host(e), qoe_engine_host(e), p, cipher, family,
		     cid_len, 0, key, iv, hp, sport);
}

void test_pair_init_hosts(struct qoe_host *tx, struct qoe_host *rx,
			  struct test_pair *p, u16 sport)
{
	u8 key[QOE_MAX_KEY_LEN], iv[QOE_IV_LEN], hp[QOE_MAX_KEY_LEN];
	u8 cipher = QOE_CIPHER_AES_128_GCM;

	test_keys(cipher, cipher, key, iv, hp);
	pair_install(tx, rx, p, cipher, QOE_FAMILY_IPV4, 8, 0, key, iv, hp,
		     sport);
}

u32 test_packet(u8 *buf, const struct test_pair *p, u32 l3_off, u8 pn_len,
		u64 pn, const u8 *payload, u32 payload_len)
{
	u32 ihl = p->family == QOE_FAMILY_IPV4 ? 20 : 40;
	u32 hdr_len = 1u + p->cid_len + pn_len;
	u32 udp_len = 8 + hdr_len + payload_len;
	u8 *ip = buf + l3_off, *udp = ip + ihl, *q = udp + 8;
	u8 src[16], dst[16];

	set_addr(src, p->family, 1);
	set_addr(dst, p->family, 2);
	memset(buf, 0, l3_off);
	if (l3_off >= 14) {
		buf[12] = p->family == QOE_FAMILY_IPV4 ? 0x08 : 0x86;
		buf[13] = p->family == QOE_FAMILY_IPV4 ? 0x00 : 0xdd;
	}
	memset(ip, 0, ihl);
	if (p->family == QOE_FAMILY_IPV4) {
		ip[0] = 0x45;
		ip[2] = (u8)((ihl + udp_len) >> 8);
		ip[3] = (u8)(ihl + udp_len);
		ip[4] = 0x12;
		ip[5] = 0x34;
		ip[8] = 64;
		ip[9] = 17;
		memcpy(ip + 12, src, 4);
		memcpy(ip + 16, dst, 4);
	} else {
		ip[0] = 0x60;
		ip[4] = (u8)(udp_len >> 8);
		ip[5] = (u8)udp_len;
		ip[6] = 17;
		ip[7] = 64;
		memcpy(ip + 8, src, 16);
		memcpy(ip + 24, dst, 16);
	}
	udp[0] = (u8)((p->sport ? p->sport : 4433) >> 8);
	udp[1] = (u8)(p->sport ? p->sport : 4433);
	udp[2] = 50000 >> 8;
	udp[3] = 50000 & 0xff;
	udp[4] = (u8)(udp_len >> 8);
	udp[5] = (u8)udp_len;
	udp[6] = udp[7] = 0;
	q[0] = (u8)(0x40 | (pn_len - 1));
	memcpy(q + 1, p->cid, p->cid_len);
	for (int i = pn_len - 1; i >= 0; i--)
		q[1 + p->cid_len + i] = (u8)(pn >> (8 * (pn_len - 1 - i)));
	memcpy(q + hdr_len, payload, payload_len);
	test_fix_csum(buf, l3_off + ihl + udp_len, l3_off);
	return l3_off + ihl + udp_len;
}

void test_desc(struct qoe_tx_desc *d, const struct test_pair *p, u32 l3_off,
	       u8 pn_len, u64 pn, u16 seg_size, u16 segs, u8 phase)
{
	memset(d, 0, sizeof(*d));
	d->handle = cpu_to_le32(p->tx);
	d->flags = QOE_TXF_CRYPTO | (segs > 1 ? QOE_TXF_GSO : 0);
	d->key_phase = phase;
	d->pn_len = pn_len;
	d->l3_off = (u8)l3_off;
	d->hdr_len = cpu_to_le16(1 + p->cid_len + pn_len);
	d->pn_off = cpu_to_le16(1 + p->cid_len);
	d->seg_size = cpu_to_le16(seg_size);
	d->seg_count = cpu_to_le16(segs);
	d->pn = cpu_to_le64(pn);
}

static u32 sum16(const u8 *p, u32 len, u32 sum)
{
	for (u32 i = 0; i + 1 < len; i += 2)
		sum += (u32)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (u32)p[len - 1] << 8;
	return sum;
}

static u16 fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)sum;
}

bool test_csum_ok(const u8 *pkt, u32 len, u32 l3_off)
{
	const u8 *ip = pkt + l3_off;
	u32 ihl, sum;
	bool v4 = (ip[0] >> 4) == 4;

	ihl = v4 ? (ip[0] & 0x0f) * 4u : 40u;
	if (v4 && fold(sum16(ip, ihl, 0)) != 0xffff)
		return false;
	sum = sum16(v4 ? ip + 12 : ip + 8, v4 ? 8 : 32, 0);
	sum += 17 + (len - l3_off - ihl);
	sum = sum16(ip + ihl, len - l3_off - ihl, sum);
	return fold(sum) == 0xffff;
}

/* Write valid IPv4 header and UDP checksums into a packet. */
void test_fix_csum(u8 *pkt, u32 len, u32 l3_off)
{
	u8 *ip = pkt + l3_off;
	bool v4 = (ip[0] >> 4) == 4;
	u32 ihl = v4 ? (ip[0] & 0x0f) * 4u : 40u, sum;
	u8 *udp = ip + ihl;
	u16 c;

	if (v4) {
		ip[10] = ip[11] = 0;
		c = (u16)~fold(sum16(ip, ihl, 0));
		ip[10] = (u8)(c >> 8);
		ip[11] = (u8)c;
	}
	udp[6] = udp[7] = 0;
	sum = sum16(v4 ? ip + 12 : ip + 8, v4 ? 8 : 32, 0);
	sum += 17 + (len - l3_off - ihl);
	sum = sum16(udp, len - l3_off - ihl, sum);
	c = (u16)~fold(sum);
	if (!c)
		c = 0xffff;
	udp[6] = (u8)(c >> 8);
	udp[7] = (u8)c;
}
