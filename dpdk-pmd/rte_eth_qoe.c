/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * net_qoe: a virtual ethdev running the qoe reference engine, the emulated
 * QUIC-offload NIC of the DPDK side.  Wirings:
 *   loopback (default)   TX -> protect -> own RX ring -> unprotect -> RX
 *   peer=<net_qoeN>      TX -> protect -> peer's RX ring -> peer unprotects
 *   backing=<port>       bump in the wire: TX -> protect -> backing TX;
 *                        backing RX -> unprotect -> RX
 * Shaped like drivers/net/null and drivers/net/ring.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_malloc.h>
#include <rte_kvargs.h>
#include <ethdev_driver.h>
#include <ethdev_vdev.h>
#include <bus_vdev_driver.h>

#include "qoe_pmd.h"
#include "qoe_host.h"

RTE_LOG_REGISTER(qoe_pmd_logtype, pmd.net.qoe, NOTICE);

static const struct eth_dev_ops qoe_ops;

rte_rwlock_t qoe_pmd_close_lock = RTE_RWLOCK_INITIALIZER;

struct qoe_pmd_dev *
qoe_pmd_dev_get(uint16_t port)
{
	struct qoe_pmd_dev *d;
	struct rte_eth_dev *dev;

	if (port >= RTE_MAX_ETHPORTS)
		return NULL;
	dev = &rte_eth_devices[port];
	if (dev->dev_ops != &qoe_ops || dev->data == NULL ||
	    dev->data->dev_private == NULL)
		return NULL;
	d = dev->data->dev_private;
	/* closed ports keep their ops until released: no engine, no port */
	return d->n_engines != 0 ? d : NULL;
}

static const struct rte_eth_link qoe_link = {
	.link_speed = RTE_ETH_SPEED_NUM_100G,
	.link_duplex = RTE_ETH_LINK_FULL_DUPLEX,
	.link_status = RTE_ETH_LINK_DOWN,
	.link_autoneg = RTE_ETH_LINK_FIXED,
};

static struct qoe_pmd_dev *
qoe_find_peer(struct qoe_pmd_dev *d)
{
	uint16_t port;
	unsigned int i;

	if (d->args.peer[0] != '\0') {
		if (rte_eth_dev_get_port_by_name(d->args.peer, &port) != 0)
			return NULL;
		return qoe_pmd_dev_get(port);
	}
	/* the other side named us */
	for (i = 0; i < RTE_MAX_ETHPORTS; i++) {
		struct qoe_pmd_dev *o = qoe_pmd_dev_get((uint16_t)i);

		if (o != NULL && o != d && strcmp(o->args.peer, d->name) == 0)
			return o;
	}
	return NULL;
}

static int
eth_dev_configure(struct rte_eth_dev *dev)
{
	struct qoe_pmd_dev *d = dev->data->dev_private;
	struct rte_eth_conf conf;

	/* RSS gives each engine's flows to the RX queue of its number */
	if (dev->data->nb_rx_queues < d->n_engines) {
		QOE_LOG(ERR, "%s: engines=%u needs at least %u RX queues, not %u",
			d->name, d->n_engines, d->n_engines,
			dev->data->nb_rx_queues);
		return -EINVAL;
	}
	if (d->wiring != QOE_WIRE_BACKING)
		return 0;
	memset(&conf, 0, sizeof(conf));
	return rte_eth_dev_configure(d->backing_port, dev->data->nb_rx_queues,
				     dev->data->nb_tx_queues, &conf);
}

static int
eth_dev_start(struct rte_eth_dev *dev)
{
	struct qoe_pmd_dev *d = dev->data->dev_private;
	int ret;

	if (d->wiring == QOE_WIRE_PAIR) {
		d->peer = qoe_find_peer(d);
		if (d->peer == NULL) {
			QOE_LOG(ERR, "%s: peer %s is not a net_qoe port", d->name,
				d->args.peer);
			return -ENODEV;
		}
	}
	if (d->wiring == QOE_WIRE_BACKING) {
		ret = rte_eth_dev_start(d->backing_port);
		if (ret != 0) {
			QOE_LOG(ERR, "%s: cannot start backing port %s: %s",
				d->name, d->args.backing, strerror(-ret));
			return ret;
		}
	}
	dev->data->dev_link.link_status = RTE_ETH_LINK_UP;
	return 0;
}

static int
eth_dev_stop(struct rte_eth_dev *dev)
{
	struct qoe_pmd_dev *d = dev->data->dev_private;

	dev->data->dev_link.link_status = RTE_ETH_LINK_DOWN;
	if (d->wiring == QOE_WIRE_BACKING)
		return rte_eth_dev_stop(d->backing_port);
	return 0;
}

static int
eth_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		   unsigned int socket_id,
		   const struct rte_eth_rxconf *rx_conf __rte_unused,
		   struct rte_mempool *mp)
{
	struct qoe_pmd_dev *d = dev->data->dev_private;
	struct qoe_pmd_rxq *rxq = &d->rxq[qid];
	char name[RTE_RING_NAMESIZE];
	int ret;

	rxq->dev = d;
	rxq->qid = qid;
	rxq->mp = mp;
	if (d->args.gro && rxq->scratch == NULL) {
		rxq->scratch = rte_malloc_socket("qoe_gro_scratch",
						 QOE_PMD_SCRATCH, 64, socket_id);
		if (rxq->scratch == NULL)
			return -ENOMEM;
	}
	if (d->wiring == QOE_WIRE_BACKING) {
		ret = rte_eth_rx_queue_setup(d->backing_port, qid, nb_desc,
					     socket_id, NULL, mp);
		if (ret != 0)
			return ret;
	} else if (rxq->ring == NULL) {
		snprintf(name, sizeof(name), "qoe_rx_%u_%u", dev->data->port_id,
			 qid);
		rxq->ring = rte_ring_create(name, d->args.ring_size, socket_id, 0);
		if (rxq->ring == NULL) {
			QOE_LOG(ERR, "%s: cannot create ring %s: %s", d->name,
				name, rte_strerror(rte_errno));
			return -rte_errno;
		}
	}
	dev->data->rx_queues[qid] = rxq;
	return 0;
}

static int
eth_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		   unsigned int socket_id,
		   const struct rte_eth_txconf *tx_conf __rte_unused)
{
	struct qoe_pmd_dev *d = dev->data->dev_private;
	struct qoe_pmd_txq *txq = &d->txq[qid];
	int ret;

	txq->dev = d;
	txq->qid = qid;
	if (txq->scratch == NULL) {
		txq->scratch = rte_malloc_socket("qoe_tx_scratch",
						 QOE_PMD_SCRATCH, 64, socket_id);
		if (txq->scratch == NULL)
			return -ENOMEM;
	}
	if (d->wiring == QOE_WIRE_BACKING) {
		ret = rte_eth_tx_queue_setup(d->backing_port, qid, nb_desc,
					     socket_id, NULL);
		if (ret != 0)
			return ret;
	}
	dev->data->tx_queues[qid] = txq;
	return 0;
}

static void
eth_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	struct qoe_pmd_dev *d = dev->data->dev_private;

	rte_ring_free(d->rxq[qid].ring);
	d->rxq[qid].ring = NULL;
	rte_free(d->rxq[qid].scratch);
	d->rxq[qid].scratch = NULL;
}

static void
eth_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	struct qoe_pmd_dev *d = dev->data->dev_private;

	rte_free(d->txq[qid].scratch);
	d->txq[qid].scratch = NULL;
}

/*
 * What ethdev can say of the offload.  It has no QUIC bit, and the
 * SECURITY offloads promise an rte_security context (22.11's has no QUIC
 * protocol), so the QUIC capabilities are rte_pmd_qoe_caps_get()'s; the
 * RSS that spreads flows over engines= is ethdev's.
 */
static int
eth_dev_info(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	struct qoe_pmd_dev *d = dev->data->dev_private;

	info->max_mac_addrs = 1;
	info->max_rx_pktlen = RTE_ETHER_MAX_JUMBO_FRAME_LEN;
	info->max_rx_queues = QOE_PMD_MAX_QUEUES;
	info->max_tx_queues = QOE_PMD_MAX_QUEUES;
	info->min_rx_bufsize = 0;
	info->tx_offload_capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	info->rx_offload_capa = RTE_ETH_RX_OFFLOAD_SCATTER;
	if (d->n_engines > 1)
		info->flow_type_rss_offloads = RTE_ETH_RSS_NONFRAG_IPV4_UDP |
					       RTE_ETH_RSS_NONFRAG_IPV6_UDP;
	return 0;
}

static int
eth_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *st)
{
	struct qoe_pmd_dev *d = dev->data->dev_private;
	unsigned int i;

	for (i = 0; i < dev->data->nb_rx_queues && i < QOE_PMD_MAX_QUEUES; i++) {
		const struct qoe_pmd_queue_stats *q = &d->rxq[i].st;

		st->ipackets += q->pkts;
		st->ibytes += q->bytes;
		st->ierrors += q->errs;
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			st->q_ipackets[i] = q->pkts;
			st->q_ibytes[i] = q->bytes;
			st->q_errors[i] = q->errs;
		}
	}
	for (i = 0; i < dev->data->nb_tx_queues && i < QOE_PMD_MAX_QUEUES; i++) {
		const struct qoe_pmd_queue_stats *q = &d->txq[i].st;

		st->opackets += q->pkts;
		st->obytes += q->bytes;
		st->oerrors += q->errs;
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			st->q_opackets[i] = q->pkts;
			st->q_obytes[i] = q->bytes;
		}
	}
	return 0;
}

static int
eth_stats_reset(struct rte_eth_dev *dev)
{
	struct qoe_pmd_dev *d = dev->data->dev_private;
	unsigned int i;

	for (i = 0; i < QOE_PMD_MAX_QUEUES; i++) {
		memset(&d->rxq[i].st, 0, sizeof(d->rxq[i].st));
		memset(&d->txq[i].st, 0, sizeof(d->txq[i].st));
	}
	return 0;
}

/*
 * xstats: the engine's device counters, named by qoe_stat_names[] (as
 * ethtool -S names them for the kernel device), then the PMD's own TX
 * drops (refused before the engine; wire full; plaintext a net_qoe RX
 * decrypted that nothing re-protected), and what flows files' key
 * schedules did (keys installed; schedules used up).  DPDK's
 * /ethdev/xstats telemetry shows them all.
 */
#define QOE_PMD_XSTATS	(QOE_STAT_MAX + 5)

static int
eth_xstats_get_names(struct rte_eth_dev *dev __rte_unused,
		     struct rte_eth_xstat_name *names, unsigned int size)
{
	unsigned int i;

	if (names == NULL || size < QOE_PMD_XSTATS)
		return QOE_PMD_XSTATS;
	for (i = 0; i < QOE_STAT_MAX; i++)
		snprintf(names[i].name, sizeof(names[i].name), "%s",
			 qoe_stat_names[i]);
	snprintf(names[i++].name, sizeof(names[0].name), "tx_quic_drop_refused");
	snprintf(names[i++].name, sizeof(names[0].name), "tx_quic_drop_wire_full");
	snprintf(names[i++].name, sizeof(names[0].name),
		 "tx_quic_drop_plaintext");
	snprintf(names[i++].name, sizeof(names[0].name),
		 "quic_key_sched_installs");
	snprintf(names[i++].name, sizeof(names[0].name),
		 "quic_key_sched_exhausted");
	return QOE_PMD_XSTATS;
}

static int
eth_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xs,
	       unsigned int n)
{
	struct qoe_pmd_dev *d = dev->data->dev_private;
	uint64_t refused = 0, full = 0, plain = 0, ks = 0, kx = 0;
	u64 c[QOE_STAT_MAX];
	unsigned int i;

	if (xs == NULL || n < QOE_PMD_XSTATS)
		return QOE_PMD_XSTATS;
	if (qoe_pmd_dev_stats(d, c) != 0)
		return -EIO;
	for (i = 0; i < QOE_STAT_MAX; i++) {
		xs[i].id = i;
		xs[i].value = c[i];
	}
	for (i = 0; i < QOE_PMD_MAX_QUEUES; i++) {
		refused += d->txq[i].st.refused;
		full += d->txq[i].st.wire_full;
		plain += d->txq[i].st.plaintext;
		ks += d->eng[i].sched_installs;
		kx += d->eng[i].sched_exhausted;
	}
	xs[QOE_STAT_MAX].id = QOE_STAT_MAX;
	xs[QOE_STAT_MAX].value = refused;
	xs[QOE_STAT_MAX + 1].id = QOE_STAT_MAX + 1;
	xs[QOE_STAT_MAX + 1].value = full;
	xs[QOE_STAT_MAX + 2].id = QOE_STAT_MAX + 2;
	xs[QOE_STAT_MAX + 2].value = plain;
	xs[QOE_STAT_MAX + 3].id = QOE_STAT_MAX + 3;
	xs[QOE_STAT_MAX + 3].value = ks;
	xs[QOE_STAT_MAX + 4].id = QOE_STAT_MAX + 4;
	xs[QOE_STAT_MAX + 4].value = kx;
	return QOE_PMD_XSTATS;
}

static int
eth_link_update(struct rte_eth_dev *dev __rte_unused,
		int wait_to_complete __rte_unused)
{
	return 0;
}

static int
eth_promisc(struct rte_eth_dev *dev __rte_unused)
{
	return 0;
}

static int
eth_mtu_set(struct rte_eth_dev *dev __rte_unused, uint16_t mtu __rte_unused)
{
	return 0;
}

/* flows_watch: pick up flows appended to the file while running. */
static void *
qoe_flows_watch(void *arg)
{
	struct qoe_pmd_dev *d = arg;
	off_t seen = -1;
	struct stat st;

	while (d->watch_run) {
		if (stat(d->args.flows, &st) == 0 && st.st_size != seen) {
			seen = st.st_size;
			qoe_pmd_flows_load(d, d->args.flows, &d->flows_done, true);
		}
		usleep(50 * 1000);
	}
	return NULL;
}

static void
qoe_dev_free(struct qoe_pmd_dev *d)
{
	unsigned int i, j;

	if (d->watch_run) {
		d->watch_run = false;
		pthread_join(d->watch_tid, NULL);
	}
	d->n_engines = 0;
	for (i = 0; i < QOE_PMD_MAX_QUEUES; i++) {
		struct qoe_pmd_eng *e = &d->eng[i];

		qoe_engine_destroy(e->engine);
		e->engine = NULL;
		e->host = NULL;
		if (e->crypto != NULL && e->crypto->ops != NULL)
			qoe_crypto_fini(e->crypto);
		rte_free(e->crypto);
		e->crypto = NULL;
		for (j = 0; e->flows != NULL && j <= d->args.max_flows; j++)
			qoe_pmd_key_sched_free(e->flows[j].sched);
		rte_free(e->flows);
		e->flows = NULL;
	}
	for (i = 0; i < QOE_PMD_MAX_QUEUES; i++) {
		rte_ring_free(d->rxq[i].ring);
		d->rxq[i].ring = NULL;
		rte_free(d->rxq[i].scratch);
		d->rxq[i].scratch = NULL;
		rte_free(d->txq[i].scratch);
		d->txq[i].scratch = NULL;
	}
	if (d->owner_id != 0) {
		/* at EAL cleanup the backing port may already be gone */
		if (rte_eth_dev_is_valid_port(d->backing_port))
			rte_eth_dev_owner_unset(d->backing_port, d->owner_id);
		rte_eth_dev_owner_delete(d->owner_id);
		d->owner_id = 0;
	}
}

static int
eth_dev_close(struct rte_eth_dev *dev)
{
	struct qoe_pmd_dev *d = dev->data->dev_private;

	unsigned int i;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0;
	rte_rwlock_write_lock(&qoe_pmd_close_lock);
	rte_pmd_qoe_ops_unregister(dev->data->port_id);
	/* a port paired with this one forgets it: its TX drops from now on
	 * instead of reaching freed rings (dev_private goes with the port) */
	for (i = 0; i < RTE_MAX_ETHPORTS; i++) {
		struct qoe_pmd_dev *o = qoe_pmd_dev_get((uint16_t)i);

		if (o != NULL && o->peer == d)
			o->peer = NULL;
	}
	qoe_dev_free(d);
	rte_rwlock_write_unlock(&qoe_pmd_close_lock);
	/* mac_addrs lives in dev_private: not freed on its own */
	dev->data->mac_addrs = NULL;
	return 0;
}

static int
qoe_take_backing(struct qoe_pmd_dev *d)
{
	struct rte_eth_dev_owner owner;
	int ret;

	if (rte_eth_dev_get_port_by_name(d->args.backing, &d->backing_port)) {
		QOE_LOG(ERR, "%s: backing port %s not found (give its --vdev before this one)",
			d->name, d->args.backing);
		return -ENODEV;
	}
	if (qoe_pmd_dev_get(d->backing_port) != NULL) {
		QOE_LOG(ERR, "%s: backing port %s is itself net_qoe; use peer=",
			d->name, d->args.backing);
		return -EINVAL;
	}
	ret = rte_eth_dev_owner_new(&d->owner_id);
	if (ret != 0)
		return ret;
	memset(&owner, 0, sizeof(owner));
	owner.id = d->owner_id;
	snprintf(owner.name, sizeof(owner.name), "%s", d->name);
	/* owned ports are hidden from RTE_ETH_FOREACH_DEV, so the application
	 * (testpmd) does not drive the backing port itself */
	ret = rte_eth_dev_owner_set(d->backing_port, &owner);
	if (ret != 0) {
		QOE_LOG(ERR, "%s: backing port %s is owned by someone else",
			d->name, d->args.backing);
		rte_eth_dev_owner_delete(d->owner_id);
		d->owner_id = 0;
		return ret;
	}
	return rte_eth_macaddr_get(d->backing_port, &d->mac);
}

/* Engine @k of @d with its own crypto backend and host-side flow table. */
static int
qoe_engine_setup_one(struct qoe_pmd_dev *d, unsigned int k)
{
	struct qoe_pmd_eng *e = &d->eng[k];
	struct qoe_engine_cfg cfg;
	int ret;

	rte_spinlock_init(&e->lock);
	e->flows = rte_zmalloc("qoe_flows",
			       (d->args.max_flows + 1) * sizeof(*e->flows), 0);
	e->crypto = rte_zmalloc("qoe_crypto", sizeof(*e->crypto), 0);
	if (e->flows == NULL || e->crypto == NULL)
		return -ENOMEM;
	if (strcmp(d->args.crypto, "openssl") == 0)
		ret = qoe_crypto_openssl_init(e->crypto);
	else if (d->args.engines > 1)	/* one per queue, on its lcore */
		ret = qoe_crypto_ipsecmb_init_per_core(e->crypto);
	else
		ret = qoe_crypto_ipsecmb_init(e->crypto);
	if (ret != 0) {
		QOE_LOG(ERR, "%s: crypto backend %s: %s", d->name, d->args.crypto,
			strerror(-ret));
		return ret;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.max_flows = d->args.max_flows;
	cfg.crypto = e->crypto;
	/* the top bits of a handle say which engine, when there are several */
	cfg.handle_bits = d->args.engines > 1 ? QOE_PMD_ENG_SHIFT : 0;
	e->engine = qoe_engine_create(&cfg);
	if (e->engine == NULL) {
		QOE_LOG(ERR, "%s: cannot create engine %u", d->name, k);
		return -ENOMEM;
	}
	e->host = qoe_engine_host(e->engine);
	return 0;
}

static int
qoe_engine_setup(struct qoe_pmd_dev *d)
{
	unsigned int k;
	int ret;

	RTE_BUILD_BUG_ON(QOE_PMD_MAX_QUEUES > 1u << (32 - QOE_PMD_ENG_SHIFT));
	rte_spinlock_init(&d->ev_lock);
	for (k = 0; k < d->args.engines; k++) {
		ret = qoe_engine_setup_one(d, k);
		if (ret != 0)
			return ret;
	}
	d->n_engines = d->args.engines;
	ret = rte_pmd_qoe_dyn_init(&d->dyn);
	if (ret != 0)
		QOE_LOG(ERR, "%s: mbuf dynfield: %s", d->name, strerror(-ret));
	return ret;
}

int
qoe_pmd_dev_stats(struct qoe_pmd_dev *d, uint64_t c[QOE_STAT_MAX])
{
	u64 one[QOE_STAT_MAX];
	unsigned int k, i;
	int st;

	memset(c, 0, sizeof(uint64_t) * QOE_STAT_MAX);
	for (k = 0; k < d->n_engines; k++) {
		rte_spinlock_lock(&d->eng[k].lock);
		st = qoe_host_dev_stats(d->eng[k].host, one);
		rte_spinlock_unlock(&d->eng[k].lock);
		if (st != QOE_ST_OK)
			return -EIO;
		for (i = 0; i < QOE_STAT_MAX; i++)
			c[i] += one[i];
	}
	return 0;
}

static int
rte_pmd_qoe_probe(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct rte_eth_dev *dev;
	struct qoe_pmd_dev *d;
	struct qoe_pmd_args args;
	int ret;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		QOE_LOG(ERR, "%s: secondary processes are not supported", name);
		return -ENOTSUP;
	}
	if (strlen(name) >= QOE_PMD_NAME_LEN)
		return -EINVAL;
	ret = qoe_pmd_args_parse(name, rte_vdev_device_args(vdev), &args);
	if (ret != 0)
		return ret;

	dev = rte_eth_vdev_allocate(vdev, sizeof(*d));
	if (dev == NULL)
		return -ENOMEM;
	d = dev->data->dev_private;
	d->port_id = dev->data->port_id;
	strcpy(d->name, name);
	d->args = args;
	d->mac = (struct rte_ether_addr){
		.addr_bytes = { 0x02, 0x71, 0x6f, 0x65, 0x00,
				(uint8_t)d->port_id } };
	if (args.backing[0] != '\0')
		d->wiring = QOE_WIRE_BACKING;
	else if (args.peer[0] != '\0')
		d->wiring = QOE_WIRE_PAIR;
	else
		d->wiring = QOE_WIRE_LOOPBACK;

	dev->data->dev_link = qoe_link;
	dev->data->mac_addrs = &d->mac;
	dev->data->promiscuous = 1;
	dev->data->all_multicast = 1;
	dev->data->dev_flags |= RTE_ETH_DEV_AUTOFILL_QUEUE_XSTATS;
	dev->dev_ops = &qoe_ops;
	dev->rx_pkt_burst = eth_qoe_rx;
	dev->tx_pkt_burst = eth_qoe_tx;

	if (d->wiring == QOE_WIRE_BACKING)
		ret = qoe_take_backing(d);
	if (ret == 0)
		ret = qoe_engine_setup(d);
	if (ret == 0)
		ret = rte_pmd_qoe_ops_register(dev->data->port_id, &qoe_pmd_ops);
	if (ret == 0 && args.flows[0] != '\0')
		ret = qoe_pmd_flows_load(d, args.flows, &d->flows_done, false);
	if (ret == 0 && args.flows_watch) {
		char tname[RTE_MAX_THREAD_NAME_LEN];

		snprintf(tname, sizeof(tname), "qoe-flows-%u", d->port_id);
		d->watch_run = true;
		ret = rte_ctrl_thread_create(&d->watch_tid, tname, NULL,
					     qoe_flows_watch, d);
		if (ret != 0)
			d->watch_run = false;
	}
	if (ret != 0) {
		QOE_LOG(ERR, "%s: probe failed: %s", name, strerror(-ret));
		rte_pmd_qoe_ops_unregister(dev->data->port_id);
		qoe_dev_free(d);
		dev->data->mac_addrs = NULL;
		rte_eth_dev_release_port(dev);
		return ret;
	}
	/* the peer may be probed after us: start resolves it if needed */
	if (d->wiring == QOE_WIRE_LOOPBACK) {
		struct qoe_pmd_dev *o = qoe_find_peer(d);

		if (o != NULL)
			d->wiring = QOE_WIRE_PAIR;
	}
	rte_eth_dev_probing_finish(dev);
	QOE_LOG(INFO, "%s: port %u, %s wiring%s%s, %u flow slots x %u engines", name,
		d->port_id,
		d->wiring == QOE_WIRE_PAIR ? "pair" :
		d->wiring == QOE_WIRE_BACKING ? "backing" : "loopback",
		d->wiring == QOE_WIRE_BACKING ? " over " : "",
		d->wiring == QOE_WIRE_BACKING ? args.backing : "",
		args.max_flows, args.engines);
	return 0;
}

static int
rte_pmd_qoe_remove(struct rte_vdev_device *vdev)
{
	struct rte_eth_dev *dev;

	dev = rte_eth_dev_allocated(rte_vdev_device_name(vdev));
	if (dev == NULL)
		return 0;
	eth_dev_close(dev);
	rte_eth_dev_release_port(dev);
	return 0;
}

static const struct eth_dev_ops qoe_ops = {
	.dev_configure = eth_dev_configure,
	.dev_start = eth_dev_start,
	.dev_stop = eth_dev_stop,
	.dev_close = eth_dev_close,
	.dev_infos_get = eth_dev_info,
	.rx_queue_setup = eth_rx_queue_setup,
	.tx_queue_setup = eth_tx_queue_setup,
	.rx_queue_release = eth_rx_queue_release,
	.tx_queue_release = eth_tx_queue_release,
	.link_update = eth_link_update,
	.promiscuous_enable = eth_promisc,
	.promiscuous_disable = eth_promisc,
	.allmulticast_enable = eth_promisc,
	.allmulticast_disable = eth_promisc,
	.mtu_set = eth_mtu_set,
	.stats_get = eth_stats_get,
	.stats_reset = eth_stats_reset,
	.xstats_get = eth_xstats_get,
	.xstats_get_names = eth_xstats_get_names,
};

static struct rte_vdev_driver pmd_qoe_drv = {
	.probe = rte_pmd_qoe_probe,
	.remove = rte_pmd_qoe_remove,
};

RTE_PMD_REGISTER_VDEV(net_qoe, pmd_qoe_drv);
RTE_PMD_REGISTER_PARAM_STRING(net_qoe, QOE_PMD_PARAMS);

/*
 * What DPDK's build (buildtools/pmdinfogen.py) embeds in every PMD, for
 * dpdk-pmdinfo.py: Debian ships no pmdinfogen, and the two strings above
 * are all it would read.
 */
static const char qoe_pmd_info[] __rte_used =
	"PMD_INFO_STRING= {\"name\": \"net_qoe\", \"params\": \""
	QOE_PMD_PARAMS "\", \"pci_ids\": []}";
