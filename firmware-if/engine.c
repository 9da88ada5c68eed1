// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Engine lifetime, counter names and status names. */
#include "engine_priv.h"

/*
 * In the style of kTLS device offload's counters (tx_tls_encrypted_packets
 * ...): "quic" in every name, so none reads as a link counter (ip -s link's
 * tx_packets counts something else).  ethtool -S, DPDK xstats, telemetry
 * and offloadctl all show these.
 */
const char *const qoe_stat_names[QOE_STAT_MAX] = {
	[QOE_STAT_TX_PACKETS] = "tx_quic_encrypted_packets",
	[QOE_STAT_TX_BYTES] = "tx_quic_encrypted_bytes",
	[QOE_STAT_TX_GSO_REQS] = "tx_quic_gso_reqs",
	[QOE_STAT_TX_DROP_NO_FLOW] = "tx_quic_drop_no_flow",
	[QOE_STAT_TX_DROP_NO_KEY] = "tx_quic_drop_no_key",
	[QOE_STAT_TX_DROP_MALFORMED] = "tx_quic_drop_malformed",
	[QOE_STAT_TX_DROP_BAD_CID] = "tx_quic_drop_bad_cid",
	[QOE_STAT_TX_DROP_EXHAUSTED] = "tx_quic_drop_key_exhausted",
	[QOE_STAT_RX_PACKETS] = "rx_quic_decrypted_packets",
	[QOE_STAT_RX_BYTES] = "rx_quic_decrypted_bytes",
	[QOE_STAT_RX_AUTH_FAIL] = "rx_quic_auth_fail",
	[QOE_STAT_RX_NO_FLOW] = "rx_quic_no_flow",
	[QOE_STAT_RX_KEY_MISSING] = "rx_quic_key_missing",
	[QOE_STAT_RX_MALFORMED] = "rx_quic_malformed",
	[QOE_STAT_RX_NOT_QUIC] = "rx_quic_not_1rtt",
	[QOE_STAT_RX_GRO_MERGED] = "rx_quic_gro_merged",
	[QOE_STAT_KEY_UPDATES] = "quic_key_updates",
	[QOE_STAT_EVENTS_LOST] = "quic_events_lost",
	[QOE_STAT_FLOWS] = "quic_flows",
	[QOE_STAT_RX_INTEGRITY_LIMIT] = "rx_quic_integrity_limit",
	[QOE_STAT_RX_BAD_CSUM] = "rx_quic_bad_csum",
};

const char *qoe_status_name(unsigned int status)
{
	static const char *const names[QOE_ST_MAX + 1] = {
		"ok", "bad opcode", "bad version", "bad size", "bad parameter",
		"no space", "no such flow", "exists", "key missing",
		"authentication failed", "malformed", "wrong connection ID",
		"key exhausted", "not QUIC short header", "out of memory",
	};

	return status <= QOE_ST_MAX ? names[status] : "unknown status";
}

const char *qoe_cipher_name(unsigned int cipher)
{
	const struct qoe_cipher_desc *d = qoe_cipher_find(cipher);

	return d ? d->name : "unknown";
}

/* The cipher a qoe_cipher_name() string names, or -EINVAL. */
int qoe_cipher_from_name(const char *name)
{
	const struct qoe_cipher_desc *d;

	for (d = qoe_ciphers(); d->id; d++)
		if (!strcmp(name, d->name))
			return d->id;
	return -EINVAL;
}

struct qoe_engine *qoe_engine_create(const struct qoe_engine_cfg *cfg)
{
	struct qoe_engine *e;
	size_t hp_n;

	if (!cfg->crypto || !cfg->crypto->ops || !cfg->max_flows ||
	    cfg->max_flows > QOE_HANDLE_SLOT_MASK + 1 || cfg->handle_bits > 32)
		return NULL;
	e = qoe_zalloc(sizeof(*e));
	if (!e)
		return NULL;
	e->crypto = *cfg->crypto;
	e->max_flows = cfg->max_flows;
	e->max_cids = cfg->max_cids ? cfg->max_cids : 2 * cfg->max_flows;
	e->max_gso_segs = cfg->max_gso_segs ? cfg->max_gso_segs
					    : QOE_DEF_GSO_SEGS;
	e->max_gro_segs = cfg->max_gro_segs ? cfg->max_gro_segs
					    : QOE_DEF_GRO_SEGS;
	qoe_engine_host_init(e);
	e->dev_flags = QOE_DEVCFG_GRO;
	e->aead_limit = cfg->aead_limit;
	e->integrity_limit = cfg->integrity_limit;
	e->handle_bits = cfg->handle_bits ? cfg->handle_bits : 32;
	hp_n = e->max_gso_segs > QOE_RX_BATCH ? e->max_gso_segs : QOE_RX_BATCH;
	e->hp_samples = qoe_zalloc(hp_n * QOE_HP_SAMPLE_LEN);
	e->hp_masks = qoe_zalloc(hp_n * QOE_HP_SAMPLE_LEN);
	e->tx_sums = qoe_zalloc(e->max_gso_segs * sizeof(*e->tx_sums));
	if (!e->hp_samples || !e->hp_masks || !e->tx_sums ||
	    qoe_flow_table_init(e) ||
	    qoe_events_init(e, cfg->event_ring ? cfg->event_ring
					       : QOE_DEF_EVENTS) ||
	    e->handle_bits < e->slot_bits + 4) {
		qoe_engine_destroy(e);
		return NULL;
	}
	return e;
}
QOE_EXPORT_FOR_TESTS(qoe_engine_create);

void qoe_engine_destroy(struct qoe_engine *e)
{
	if (!e)
		return;
	qoe_flow_table_fini(e);
	qoe_events_fini(e);
	qoe_free(e->hp_samples);
	qoe_free(e->hp_masks);
	qoe_free(e->tx_sums);
	qoe_free(e);
}
QOE_EXPORT_FOR_TESTS(qoe_engine_destroy);

u32 qoe_engine_dev_flags(const struct qoe_engine *e)
{
	return e->dev_flags;
}
