/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QUIC crypto offload: the interface between an in-kernel QUIC stack and a
 * device that applies QUIC 1-RTT packet protection (AEAD + header
 * protection, RFC 9001 section 5) and segments QUIC packets.
 *
 * Control path: a driver registers its net_device with quic_offload_register()
 * and its struct quic_offload_ops.  The QUIC stack calls the
 * quic_offload_conn_add() family of wrappers, which check the device's
 * capabilities and call the ops.  Every op may sleep.  Any error means the
 * stack keeps (or goes back to) doing the crypto in software.
 *
 * Data path: per-packet metadata travels in an skb extension (struct
 * quic_offload_tx_meta, struct quic_offload_rx_meta), and skb->decrypted
 * says "plaintext" in both directions, as for kTLS.
 *
 * Documentation/networking/quic-offload.rst states the contract.
 */
#ifndef _NET_QUIC_OFFLOAD_H
#define _NET_QUIC_OFFLOAD_H

#include <linux/in6.h>
#include <linux/netdevice.h>
#include <linux/notifier.h>
#include <linux/skbuff.h>
/*
 * Directions, ciphers, fail actions, features and events: one set of
 * values from the netlink spec (Documentation/netlink/specs/
 * quic_offload.yaml) down to the driver ops.
 */
#include <uapi/linux/quic_offload.h>

#define QUIC_OFFLOAD_TAG_LEN		16
#define QUIC_OFFLOAD_PN_MAX		((1ULL << 62) - 1)
#define QUIC_OFFLOAD_PN_NONE		(~0ULL)
#define QUIC_OFFLOAD_HANDLE_INVALID	0U
/* every enum quic_offload_feature bit */
#define QUIC_OFFLOAD_F_ALL		((QUIC_OFFLOAD_F_IPV6 << 1) - 1)
/* every enum quic_offload_cipher bit */
#define QUIC_OFFLOAD_CIPHERS_ALL	GENMASK(QUIC_OFFLOAD_CIPHER_AES_128_CCM, \
					QUIC_OFFLOAD_CIPHER_AES_128_GCM)

/* The AEAD and header protection key length of @cipher, or 0 if unknown. */
static inline unsigned int quic_offload_cipher_key_len(u8 cipher)
{
	switch (cipher) {
	case QUIC_OFFLOAD_CIPHER_AES_128_GCM:
	case QUIC_OFFLOAD_CIPHER_AES_128_CCM:
		return 16;
	case QUIC_OFFLOAD_CIPHER_AES_256_GCM:
	case QUIC_OFFLOAD_CIPHER_CHACHA20_POLY1305:
		return 32;
	}
	return 0;
}

/**
 * struct quic_offload_caps - what a device offers
 * @ciphers: bitmap of BIT(enum quic_offload_cipher)
 * @features: QUIC_OFFLOAD_F_* bits
 * @max_conns: connection entries (each direction takes one)
 * @max_cid_len: longest connection ID the device matches (<= 20)
 * @max_gso_segs: most packets one TX skb may be split into
 * @max_gro_segs: most packets one RX skb may coalesce
 */
struct quic_offload_caps {
	u32 ciphers;
	u32 features;
	u32 max_conns;
	u8 max_cid_len;
	u16 max_gso_segs;
	u16 max_gro_segs;
};

/**
 * struct quic_offload_conn - one direction of a connection, for conn_add
 * @dir: enum quic_offload_dir
 * @cipher: enum quic_offload_cipher
 * @family: AF_INET or AF_INET6
 * @key_phase: TX: phase of the first packets; RX: phase expected first
 * @fail_action: RX: enum quic_offload_fail_action
 * @cid_len: length of @cid, 0..20
 * @cid: TX: the DCID packets carry; RX: the first local CID to match
 * @saddr: local address (@saddr.v4 for AF_INET)
 * @daddr: remote address
 * @sport: local UDP port
 * @dport: remote UDP port
 * @pn: TX: next packet number; RX: largest received or QUIC_OFFLOAD_PN_NONE
 * @hp_key: header protection key, the cipher's key length; it never
 *	rotates (RFC 9001 section 6)
 */
struct quic_offload_conn {
	u8 dir;
	u8 cipher;
	u16 family;
	u8 key_phase;
	u8 fail_action;
	u8 cid_len;
	u8 cid[QUIC_OFFLOAD_MAX_CID_LEN];
	union {
		__be32 v4;
		struct in6_addr v6;
	} saddr, daddr;
	__be16 sport;
	__be16 dport;
	u64 pn;
	u8 hp_key[QUIC_OFFLOAD_MAX_KEY_LEN];
};

/**
 * struct quic_offload_key - the payload key of one key phase
 * @key: AEAD key
 * @key_len: 16 or 32, matching the connection's cipher
 * @iv: AEAD IV; the nonce is @iv XOR the packet number
 */
struct quic_offload_key {
	u8 key[QUIC_OFFLOAD_MAX_KEY_LEN];
	u8 key_len;
	u8 iv[QUIC_OFFLOAD_IV_LEN];
};

/**
 * struct quic_offload_stats - counters of one offloaded connection direction
 * @packets: packets protected (TX) or authenticated (RX)
 * @bytes: payload bytes of those packets
 * @auth_fail: RX packets that failed authentication
 * @drops: packets the device dropped
 * @key_updates: keys installed over a phase, or RX phase flips
 * @pn: TX: next PN; RX: largest PN authenticated
 * @key_missing: packets that found no key for their phase (RX: passed up
 *	unopened; TX: dropped, in @drops too); valid if @key_missing_valid
 * @key_phase: phase in use
 * @key_missing_valid: the device counts @key_missing
 */
struct quic_offload_stats {
	u64 packets;
	u64 bytes;
	u64 auth_fail;
	u64 drops;
	u64 key_updates;
	u64 pn;
	u64 key_missing;
	u8 key_phase;
	bool key_missing_valid;
};

/**
 * struct quic_offload_ops - what a device driver implements
 *
 * All ops are called in process context and may sleep; the registry
 * serialises them against unregistration, not against each other.  A
 * @handle is the driver's: non-zero, and never reused for a newer entry
 * while the stack may still hold the old one (a stale handle fails with
 * -ENOENT, it never reaches another connection).
 *
 * @conn_add: create one direction of a connection and return its @handle.
 *	No key is installed yet: TX packets are not offloaded and RX packets
 *	pass up untouched until key_install().
 * @conn_del: remove the entry, its keys and its CIDs.  Packets already
 *	queued with its handle are dropped by the device, never sent in clear.
 * @key_install: install the payload key of @phase (0 or 1).  Installing
 *	over a phase that holds a key replaces it (a key update).  RX entries
 *	hold both phases so packets of the old phase still open while the
 *	peer switches; TX uses the phase each packet's metadata names.
 * @key_retire: discard the key of @phase (after the key update completed).
 * @cid_add: RX: also match local CID @cid (NEW_CONNECTION_ID);
 *	TX: packets now carry DCID @cid (connection migration).
 * @cid_del: RX: stop matching @cid (RETIRE_CONNECTION_ID).
 * @rx_resync: tell an RX entry the largest PN the stack authenticated
 *	itself (packets it had to decrypt in software), so the device's PN
 *	expansion stays in step.
 * @get_stats: read the entry's counters.
 */
struct quic_offload_ops {
	int (*conn_add)(struct net_device *dev,
			const struct quic_offload_conn *conn, u32 *handle,
			struct netlink_ext_ack *extack);
	int (*conn_del)(struct net_device *dev, u32 handle);
	int (*key_install)(struct net_device *dev, u32 handle, u8 phase,
			   const struct quic_offload_key *key);
	int (*key_retire)(struct net_device *dev, u32 handle, u8 phase);
	int (*cid_add)(struct net_device *dev, u32 handle, const u8 *cid,
		       u8 cid_len);
	int (*cid_del)(struct net_device *dev, u32 handle, const u8 *cid,
		       u8 cid_len);
	int (*rx_resync)(struct net_device *dev, u32 handle, u64 largest_pn);
	int (*get_stats)(struct net_device *dev, u32 handle,
			 struct quic_offload_stats *stats);
};

/*
 * Per-packet metadata travels in an skb extension, SKB_EXT_QUIC_OFFLOAD
 * (kernel-patches/: net: skb extension for QUIC offload metadata), as
 * xfrm's sec_path does: qdiscs, tc, tcx BPF and IP tunnels are free to use
 * skb->cb, and nothing between the stack and the driver may leave stale
 * bytes that read as metadata.  Extensions do not survive
 * skb_scrub_packet(), which UDP tunnel transmit calls, so the stack
 * attaches the TX metadata in its sk_validate_xmit_skb hook, the last
 * step before ndo_start_xmit (net/tls/tls_device.c checks its device
 * there too).  Without the extension (a kernel lacking the patch) there is
 * no safe carrier: quic_offload_capable() says no and marking fails.
 */
#if IS_ENABLED(CONFIG_QUIC_OFFLOAD) && IS_ENABLED(CONFIG_SKB_EXTENSIONS)
#define QUIC_OFFLOAD_HAVE_SKB_EXT	1
#else
#define QUIC_OFFLOAD_HAVE_SKB_EXT	0
#endif

/**
 * struct quic_offload_tx_meta - what the device needs to protect a TX skb
 * @handle: TX handle from conn_add
 * @key_phase: phase whose key seals the packets (also the header's bit)
 * @pn_len: packet number bytes in the header, 1..4
 * @pn_off: offset of the PN from the first QUIC byte (1 + DCID length)
 * @magic: QUIC_OFFLOAD_TX_MAGIC
 * @pn: full packet number of the first packet; packet i of a GSO skb
 *	uses @pn + i
 *
 * A TX skb with skb->decrypted set, or carrying this metadata, holds
 * plaintext: the device protects it or drops it; it is never sent as is.
 * With GSO, the skb holds one QUIC header followed by the payloads;
 * gso_size is the plaintext payload of each packet, header and tag
 * excluded, gso_type SKB_GSO_UDP_L4.
 */
struct quic_offload_tx_meta {
	u32 handle;
	u8 key_phase;
	u8 pn_len;
	u8 pn_off;
	u8 magic;
	u64 pn;
};

#define QUIC_OFFLOAD_TX_MAGIC	0x51

/* RX status, as the device reports it. */
enum quic_offload_rx_status {
	QUIC_OFFLOAD_RX_OK = 0,		/* decrypted; skb->decrypted set */
	QUIC_OFFLOAD_RX_AUTH_FAIL = 1,	/* original bytes, tag did not match */
	QUIC_OFFLOAD_RX_NO_CONN = 2,	/* no entry matched (never attached) */
	QUIC_OFFLOAD_RX_KEY_MISSING = 3, /* entry, but no key for its phase */
	QUIC_OFFLOAD_RX_MALFORMED = 4,	/* could not parse: untouched */
};

/**
 * struct quic_offload_rx_meta - what the device tells the stack per RX skb
 * @handle: RX handle matched
 * @status: enum quic_offload_rx_status
 * @key_phase: key phase of the packet(s)
 * @pn_len: PN length from the unprotected first byte
 * @magic: QUIC_OFFLOAD_RX_MAGIC
 * @pn: full packet number (of the first packet when coalesced)
 *
 * Attached to the packets of a known entry only; a packet without it was
 * not touched.  When status is OK (and only then) skb->decrypted is set,
 * the payload is plaintext, header protection removed, tags stripped; a
 * coalesced skb has gso_size = the plaintext payload of each packet and
 * gso_segs packets, each with PN @pn + i and the same header.
 */
struct quic_offload_rx_meta {
	u32 handle;
	u8 status;
	u8 key_phase;
	u8 pn_len;
	u8 magic;
	u64 pn;
};

#define QUIC_OFFLOAD_RX_MAGIC	0x52

/* The extension's payload: one of the two, told apart by @magic. */
union quic_offload_skb_ext {
	struct quic_offload_tx_meta tx;
	struct quic_offload_rx_meta rx;
};

/*
 * The extension of @skb when it carries @magic (both members keep it at the
 * same offset), or NULL.
 */
static inline const union quic_offload_skb_ext *
quic_offload_ext_find(const struct sk_buff *skb, u8 magic)
{
#if QUIC_OFFLOAD_HAVE_SKB_EXT
	const union quic_offload_skb_ext *x;

	BUILD_BUG_ON(offsetof(union quic_offload_skb_ext, tx.magic) !=
		     offsetof(union quic_offload_skb_ext, rx.magic));
	x = skb_ext_find(skb, SKB_EXT_QUIC_OFFLOAD);
	if (x && x->tx.magic == magic)
		return x;
#endif
	return NULL;
}

/* Attach a zeroed extension carrying @magic to @skb; NULL: no memory. */
static inline union quic_offload_skb_ext *
quic_offload_ext_add(struct sk_buff *skb, u8 magic)
{
#if QUIC_OFFLOAD_HAVE_SKB_EXT
	union quic_offload_skb_ext *x = skb_ext_add(skb, SKB_EXT_QUIC_OFFLOAD);

	if (x) {
		memset(x, 0, sizeof(*x));
		x->tx.magic = magic;
	}
	return x;
#else
	return NULL;
#endif
}

/**
 * quic_offload_tx_mark() - hand a plaintext TX skb to the device
 * @skb: [IP][UDP][QUIC short header][plaintext payload]
 * @handle: TX handle
 * @key_phase: key phase to seal with
 * @pn: full packet number
 * @pn_len: PN bytes in the header
 * @pn_off: PN offset in the QUIC header
 *
 * Call it from the socket's sk_validate_xmit_skb hook, for the device the
 * hook is given (see above).  Atomic context.
 *
 * Return: 0, or -ENOMEM (drop @skb: it is plaintext), -ERANGE when @pn is
 * past 2^62 - 1, or -EOPNOTSUPP without the extension.
 */
static inline int quic_offload_tx_mark(struct sk_buff *skb, u32 handle,
				       u8 key_phase, u64 pn, u8 pn_len,
				       u8 pn_off)
{
	union quic_offload_skb_ext *x;

	if (!QUIC_OFFLOAD_HAVE_SKB_EXT)
		return -EOPNOTSUPP;
	if (pn > QUIC_OFFLOAD_PN_MAX)
		return -ERANGE;
	x = quic_offload_ext_add(skb, QUIC_OFFLOAD_TX_MAGIC);
	if (!x)
		return -ENOMEM;
	x->tx.handle = handle;
	x->tx.key_phase = key_phase;
	x->tx.pn_len = pn_len;
	x->tx.pn_off = pn_off;
	x->tx.pn = pn;
#ifdef CONFIG_SKB_DECRYPTED
	skb->decrypted = 1;
#endif
	return 0;
}

/* The TX metadata of @skb, or NULL. */
static inline const struct quic_offload_tx_meta *
quic_offload_tx_meta(const struct sk_buff *skb)
{
	const union quic_offload_skb_ext *x;

	x = quic_offload_ext_find(skb, QUIC_OFFLOAD_TX_MAGIC);
	return x ? &x->tx : NULL;
}

/*
 * True when @skb holds plaintext for the device: the device protects it or
 * drops it.  Either sign counts, so neither a kernel without
 * CONFIG_SKB_DECRYPTED nor a lost extension lets plaintext out.
 */
static inline bool quic_offload_tx_marked(const struct sk_buff *skb)
{
	return skb_is_decrypted(skb) || quic_offload_tx_meta(skb);
}

/**
 * quic_offload_rx_meta_add() - driver: attach RX metadata to @skb
 * @skb: a received packet of a known entry
 *
 * Return: the metadata to fill in (magic already set), or NULL when memory
 * is short or the kernel has no extension: the driver then must not
 * deliver a decrypted @skb.
 */
static inline struct quic_offload_rx_meta *
quic_offload_rx_meta_add(struct sk_buff *skb)
{
	union quic_offload_skb_ext *x;

	x = quic_offload_ext_add(skb, QUIC_OFFLOAD_RX_MAGIC);
	return x ? &x->rx : NULL;
}

/* The RX metadata, or NULL when the device did not touch @skb. */
static inline const struct quic_offload_rx_meta *
quic_offload_rx_result(const struct sk_buff *skb)
{
	const union quic_offload_skb_ext *x;

	x = quic_offload_ext_find(skb, QUIC_OFFLOAD_RX_MAGIC);
	return x ? &x->rx : NULL;
}

/*
 * True when the device opened @skb: decrypted, and the metadata says so.
 * The stack takes a packet as plaintext only then.
 */
static inline bool quic_offload_rx_opened(const struct sk_buff *skb)
{
	const struct quic_offload_rx_meta *m = quic_offload_rx_result(skb);

	return skb_is_decrypted(skb) && m && m->status == QUIC_OFFLOAD_RX_OK;
}

/*
 * Events on the quic_offload notifier chain (enum quic_offload_event).  For
 * QUIC_OFFLOAD_DEV_DOWN the data is the net_device; for the others a struct
 * quic_offload_event_info.  Called in process context; a listener may call
 * the control wrappers.  The core also sends each one to the netlink
 * family's "events" group.
 */
/**
 * struct quic_offload_event_info - what a device reports about an entry
 * @dev: the device
 * @handle: the entry
 * @phase: key phase concerned
 * @value: PN at a phase flip, packet count at a limit
 */
struct quic_offload_event_info {
	struct net_device *dev;
	u32 handle;
	u8 phase;
	u64 value;
};

/* Driver side. */
int quic_offload_register(struct net_device *dev,
			  const struct quic_offload_ops *ops,
			  const struct quic_offload_caps *caps);
void quic_offload_unregister(struct net_device *dev);
void quic_offload_set_enabled(struct net_device *dev, bool enabled);
void quic_offload_notify(enum quic_offload_event event,
			 const struct quic_offload_event_info *info);

/* Stack side. */
bool quic_offload_capable(struct net_device *dev, struct quic_offload_caps *caps);
int quic_offload_conn_add(struct net_device *dev,
			  const struct quic_offload_conn *conn, u32 *handle,
			  struct netlink_ext_ack *extack);
int quic_offload_conn_del(struct net_device *dev, u32 handle);
int quic_offload_key_install(struct net_device *dev, u32 handle, u8 phase,
			     const struct quic_offload_key *key);
int quic_offload_key_retire(struct net_device *dev, u32 handle, u8 phase);
int quic_offload_cid_add(struct net_device *dev, u32 handle, const u8 *cid,
			 u8 cid_len);
int quic_offload_cid_del(struct net_device *dev, u32 handle, const u8 *cid,
			 u8 cid_len);
int quic_offload_rx_resync(struct net_device *dev, u32 handle, u64 largest_pn);
int quic_offload_get_stats(struct net_device *dev, u32 handle,
			   struct quic_offload_stats *stats);
int quic_offload_register_notifier(struct notifier_block *nb);
int quic_offload_unregister_notifier(struct notifier_block *nb);

#endif /* _NET_QUIC_OFFLOAD_H */
