// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * libFuzzer harness for the TX path.  The input is a program for a host:
 * add and delete flows, install and retire keys, hand descriptors (PNs near
 * 0, near the flow's next PN, near 2^62, near 2^64 and anywhere, GSO runs
 * of 1..8, stale handles) to qoe_engine_tx().  The oracles, on every input:
 *
 * - no AEAD (key, nonce) pair is ever sealed twice: the crypto backend is
 *   wrapped by a spy that remembers every pair it sealed with;
 * - a refused descriptor writes nothing (no half-sealed or clear output);
 * - no crash or sanitizer report.
 *
 * Every key the program installs is new (a serial number in its bytes), so
 * any repeat is the engine's doing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

#define SLOTS		4
#define MAX_SEGS	8
#define SEEN_BITS	12

static struct qoe_crypto real;

/* ---- the spy backend: forwards to ipsec-mb, remembers (key, nonce) ---- */

struct spy_aead {
	void *ctx;
	u8 key[QOE_MAX_KEY_LEN];
};

struct seen {
	u8 used;
	u8 key[QOE_MAX_KEY_LEN];
	u8 nonce[QOE_IV_LEN];
};

static struct seen seen[1u << SEEN_BITS];
static u32 n_seen;

static u32 seen_hash(const u8 *key, const u8 *nonce)
{
	u64 h = 0xcbf29ce484222325ULL;

	for (u32 i = 0; i < QOE_MAX_KEY_LEN; i++)
		h = (h ^ key[i]) * 0x100000001b3ULL;
	for (u32 i = 0; i < QOE_IV_LEN; i++)
		h = (h ^ nonce[i]) * 0x100000001b3ULL;
	return (u32)(h ^ h >> 32) & ((1u << SEEN_BITS) - 1);
}

static void remember(const u8 *key, const u8 *nonce)
{
	u32 i = seen_hash(key, nonce);

	/* the program is bounded well below the table's size */
	if (++n_seen > (1u << SEEN_BITS) / 2)
		abort();
	for (;; i = (i + 1) & ((1u << SEEN_BITS) - 1)) {
		struct seen *s = &seen[i];

		if (!s->used) {
			s->used = 1;
			memcpy(s->key, key, sizeof(s->key));
			memcpy(s->nonce, nonce, sizeof(s->nonce));
			return;
		}
		if (!memcmp(s->key, key, sizeof(s->key)) &&
		    !memcmp(s->nonce, nonce, sizeof(s->nonce))) {
			fprintf(stderr, "tx_fuzz: AEAD nonce sealed twice under one key\n");
			abort();
		}
	}
}

static void *spy_aead_new(void *priv, enum qoe_cipher cipher, const u8 *key,
			  size_t key_len)
{
	struct spy_aead *a = calloc(1, sizeof(*a));

	(void)priv;
	if (!a)
		return NULL;
	a->ctx = real.ops->aead_new(real.priv, cipher, key, key_len);
	if (!a->ctx) {
		free(a);
		return NULL;
	}
	memcpy(a->key, key, key_len);
	return a;
}

static void spy_aead_free(void *priv, void *ctx)
{
	struct spy_aead *a = ctx;

	(void)priv;
	real.ops->aead_free(real.priv, a->ctx);
	free(a);
}

static int spy_seal(void *priv, void *ctx, const u8 nonce[QOE_IV_LEN],
		    const u8 *aad, size_t aad_len, const u8 *in, u8 *out,
		    size_t len, u8 tag[QOE_TAG_LEN])
{
	struct spy_aead *a = ctx;

	(void)priv;
	remember(a->key, nonce);
	return real.ops->seal(real.priv, a->ctx, nonce, aad, aad_len, in, out,
			      len, tag);
}

static int spy_open(void *priv, void *ctx, const u8 nonce[QOE_IV_LEN],
		    const u8 *aad, size_t aad_len, const u8 *in, u8 *out,
		    size_t len, const u8 tag[QOE_TAG_LEN])
{
	struct spy_aead *a = ctx;

	(void)priv;
	return real.ops->open(real.priv, a->ctx, nonce, aad, aad_len, in, out,
			      len, tag);
}

static void *spy_hp_new(void *priv, enum qoe_cipher cipher, const u8 *key,
			size_t key_len)
{
	(void)priv;
	return real.ops->hp_new(real.priv, cipher, key, key_len);
}

static void spy_hp_free(void *priv, void *ctx)
{
	(void)priv;
	real.ops->hp_free(real.priv, ctx);
}

static int spy_hp_mask(void *priv, void *ctx, const u8 *sample, u8 *mask)
{
	(void)priv;
	return real.ops->hp_mask(real.priv, ctx, sample, mask);
}

static const struct qoe_crypto_ops spy_ops = {
	.name = "spy",
	.aead_new = spy_aead_new,
	.aead_free = spy_aead_free,
	.seal = spy_seal,
	.open = spy_open,
	.hp_new = spy_hp_new,
	.hp_free = spy_hp_free,
	.hp_mask = spy_hp_mask,
};

static const struct qoe_crypto spy = { .ops = &spy_ops };

/* ---- the host program ---- */

static const u8 ciphers[] = { QOE_CIPHER_AES_128_GCM, QOE_CIPHER_AES_256_GCM,
			      QOE_CIPHER_CHACHA20_POLY1305 };

struct host_flow {
	u32 handle;		/* kept after a delete: a stale handle */
	u8 cipher;
	u8 cid_len;
	u8 cid[QOE_MAX_CID_LEN];
	u64 next_pn;		/* what the host believes comes next */
};

static u64 key_serial;

/* A PN near 0, near @next, near 2^62, near 2^64, or anything. */
static u64 pick_pn(struct prog *g, u64 next)
{
	switch (next8(g) & 7) {
	case 0:
		return next8(g);
	case 1:
	case 2:
		return next + (u64)(int8_t)next8(g);
	case 3:
		return QOE_PN_MAX - (u64)(int8_t)next8(g);
	case 4:
		return ~0ULL - next8(g);
	default:
		return next64(g);
	}
}

static void install(struct qoe_engine *e, struct host_flow *f, u8 phase)
{
	u8 key[QOE_MAX_KEY_LEN] = { 0 }, iv[QOE_IV_LEN] = { 0 };

	key_serial++;
	memcpy(key, &key_serial, sizeof(key_serial));
	memcpy(iv, &key_serial, sizeof(key_serial));
	iv[11] = 0x5a;
	qoe_host_key_install(qoe_engine_host(e), f->handle, phase, key,
			     qoe_cipher_key_len(f->cipher), iv);
}

static void add_flow(struct qoe_engine *e, struct prog *g, struct host_flow *f)
{
	struct qoe_flow_params p = { 0 };

	p.dir = QOE_DIR_TX;
	p.cipher = ciphers[next8(g) % 3];
	p.family = QOE_FAMILY_IPV4;
	p.cid_len = next8(g) % (QOE_MAX_CID_LEN + 1);
	memset(p.cid, 0xc0 | p.cid_len, p.cid_len);
	p.local_addr[0] = 10;
	p.remote_addr[0] = 10;
	p.remote_addr[3] = 2;
	p.local_port = 4433;
	p.remote_port = 443;
	p.pn = pick_pn(g, 0);
	memset(p.hp_key, 0x11, sizeof(p.hp_key));
	if (qoe_host_flow_add(qoe_engine_host(e), &p, &f->handle))
		return;
	f->cipher = p.cipher;
	f->cid_len = p.cid_len;
	memcpy(f->cid, p.cid, p.cid_len);
	f->next_pn = p.pn;
	install(e, f, 0);
}

/* IPv4 + UDP + short header + payload, as the host hands it over. */
static u32 build(u8 *pkt, const struct host_flow *f, u8 pn_len, u64 pn,
		 u32 payload)
{
	u32 qlen = 1 + f->cid_len + pn_len + payload, len = 28 + qlen;

	memset(pkt, 0, len);
	fuzz_ip_udp(pkt, len, 0);
	pkt[28] = (u8)(0x40 | (pn_len - 1));
	memcpy(pkt + 29, f->cid, f->cid_len);
	for (u32 i = 0; i < pn_len; i++)
		pkt[29 + f->cid_len + i] = (u8)(pn >> (8 * (pn_len - 1 - i)));
	return len;
}

static void send_one(struct qoe_engine *e, struct prog *g, struct host_flow *f)
{
	static u8 pkt[2048], out[MAX_SEGS][2048];
	struct qoe_buf ob[MAX_SEGS];
	struct qoe_tx_desc d = { 0 };
	struct qoe_tx_cmpl c;
	u8 pn_len = 1 + next8(g) % 4, phase = next8(g) & 1;
	u16 segs = 1 + next8(g) % MAX_SEGS, seg = 1 + next8(g) % 64;
	u32 payload = segs * seg - next8(g) % seg, len, n;
	u64 pn = pick_pn(g, f->next_pn);

	len = build(pkt, f, pn_len, pn, payload);
	d.handle = cpu_to_le32(next8(g) == 0xff ? f->handle ^ 1 : f->handle);
	d.flags = QOE_TXF_CRYPTO | (segs > 1 ? QOE_TXF_GSO : 0);
	d.key_phase = phase;
	d.pn_len = pn_len;
	d.hdr_len = cpu_to_le16(1 + f->cid_len + pn_len);
	d.pn_off = cpu_to_le16(1 + f->cid_len);
	d.seg_size = cpu_to_le16(seg);
	d.seg_count = cpu_to_le16(segs);
	d.pn = cpu_to_le64(pn);
	for (u32 i = 0; i < MAX_SEGS; i++)
		ob[i] = (struct qoe_buf){ out[i], 0, sizeof(out[i]) };
	n = (u32)qoe_engine_tx(e, &d, pkt, len, ob, segs, &c);
	for (u32 i = n; i < MAX_SEGS; i++)
		if (ob[i].len)
			abort();	/* output beyond what was reported */
	if (n)
		f->next_pn = pn + n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_crypto_init(&real);
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct qoe_engine_cfg cfg = { .max_flows = SLOTS, .crypto = &spy };
	struct host_flow flows[SLOTS] = { 0 };
	struct prog g = { data, size > 1024 ? 1024 : size };
	struct qoe_engine *e;

	memset(seen, 0, sizeof(seen));
	n_seen = 0;
	e = qoe_engine_create(&cfg);
	if (!e)
		abort();
	while (g.left) {
		u8 op = next8(&g);
		struct host_flow *f = &flows[(op >> 4) % SLOTS];

		switch (op & 7) {
		case 0:
			if (f->handle)
				qoe_host_flow_del(qoe_engine_host(e), f->handle);
			add_flow(e, &g, f);
			break;
		case 1:
			install(e, f, next8(&g) & 1);
			break;
		case 2:
			qoe_host_key_retire(qoe_engine_host(e), f->handle, next8(&g) & 1);
			break;
		case 3:
			qoe_host_flow_del(qoe_engine_host(e), f->handle);
			break;
		default:
			send_one(e, &g, f);
			break;
		}
	}
	qoe_engine_destroy(e);
	return 0;
}
