// SPDX-License-Identifier: GPL-2.0-only
/*
 * qoe debugfs test knobs, as netdevsim has: /sys/kernel/debug/qoe/<dev>/.
 *
 * selftest (write "1"): offload one connection from <dev> to its peer
 * through the quic_offload hooks, as a QUIC stack would, and send a GSO
 * skb of QOE_ST_SEGS packets through it.  The flows stay installed so
 * offloadctl and ethtool -S have something to show; reading the file says
 * "ok" once the peer authenticated every packet.
 *
 * send (write "HANDLE PHASE PN", decimal): send the selftest's GSO skb again on TX
 * flow HANDLE, sealed with key PHASE from packet number PN; with a key
 * installed over that phase on both ends (offloadctl key-update), the
 * peer's RX flow sees a real key-phase flip and reports it.
 */
#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <net/quic_offload.h>

#include "qoe_dev.h"

#define QOE_ST_SEGS	4
#define QOE_ST_SEG	200
#define QOE_ST_CID	8
#define QOE_ST_HDR	(1 + QOE_ST_CID + 2)
#define QOE_ST_PAYLOAD	(QOE_ST_SEGS * QOE_ST_SEG - 50)

static struct dentry *qoe_dbg_root;

static void qoe_st_conn(struct quic_offload_conn *c, u8 dir)
{
	bool tx = dir == QUIC_OFFLOAD_DIR_TX;
	int i;

	memset(c, 0, sizeof(*c));
	c->dir = dir;
	c->cipher = QUIC_OFFLOAD_CIPHER_AES_128_GCM;
	c->family = AF_INET;
	c->cid_len = QOE_ST_CID;
	memset(c->cid, 0x5e, QOE_ST_CID);
	c->saddr.v4 = htonl(tx ? 0xc0000201 : 0xc0000202);
	c->daddr.v4 = htonl(tx ? 0xc0000202 : 0xc0000201);
	c->sport = htons(tx ? 4433 : 4434);
	c->dport = htons(tx ? 4434 : 4433);
	c->pn = tx ? 0 : QUIC_OFFLOAD_PN_NONE;
	for (i = 0; i < 16; i++)
		c->hp_key[i] = 0x20 + i;
}

/*
 * The peer's netdev, held: a virtio device's peer can go away (its
 * firmware process died) while a debugfs write runs.  NULL if unpaired.
 */
static struct net_device *qoe_st_peer(struct qoe_dev *qd)
{
	struct net_device *peer = NULL;

	mutex_lock(&qoe_devs_lock);
	if (qd->peer) {
		peer = qd->peer->netdev;
		dev_hold(peer);
	}
	mutex_unlock(&qoe_devs_lock);
	return peer;
}

static struct sk_buff *qoe_st_skb(struct qoe_dev *qd, struct net_device *peer)
{
	struct sk_buff *skb;
	struct iphdr *iph;
	struct udphdr *uh;
	struct ethhdr *eh;
	u8 *q;

	skb = alloc_skb(NET_IP_ALIGN + ETH_HLEN + 28 + QOE_ST_HDR +
			QOE_ST_PAYLOAD, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, NET_IP_ALIGN);
	eh = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eh->h_dest, peer->dev_addr);
	ether_addr_copy(eh->h_source, qd->netdev->dev_addr);
	eh->h_proto = htons(ETH_P_IP);
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->tot_len = htons(28 + QOE_ST_HDR + QOE_ST_PAYLOAD);
	iph->saddr = htonl(0xc0000201);
	iph->daddr = htonl(0xc0000202);
	iph->check = ip_fast_csum(iph, 5);
	uh = skb_put_zero(skb, sizeof(*uh));
	uh->source = htons(4433);
	uh->dest = htons(4434);
	uh->len = htons(8 + QOE_ST_HDR + QOE_ST_PAYLOAD);
	q = skb_put_zero(skb, QOE_ST_HDR + QOE_ST_PAYLOAD);
	q[0] = 0x41;
	memset(q + 1, 0x5e, QOE_ST_CID);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + sizeof(*iph));
	skb->protocol = htons(ETH_P_IP);
	skb->dev = qd->netdev;
	skb_shinfo(skb)->gso_size = QOE_ST_SEG;
	skb_shinfo(skb)->gso_segs = QOE_ST_SEGS;
	skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
	if (!skb_partial_csum_set(skb, ETH_HLEN + sizeof(*iph),
				  offsetof(struct udphdr, check))) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

static int qoe_selftest_with(struct qoe_dev *qd, struct net_device *b)
{
	struct net_device *a = qd->netdev;
	struct quic_offload_key key = { .key_len = 16 };
	struct quic_offload_stats st;
	struct quic_offload_conn c;
	struct sk_buff *skb;
	u32 tx, rx;
	int i, ret;

	for (i = 0; i < 16; i++)
		key.key[i] = 0x10 + i;
	for (i = 0; i < QUIC_OFFLOAD_IV_LEN; i++)
		key.iv[i] = 0x30 + i;
	qoe_st_conn(&c, QUIC_OFFLOAD_DIR_TX);
	ret = quic_offload_conn_add(a, &c, &tx, NULL);
	if (ret)
		return ret;
	qoe_st_conn(&c, QUIC_OFFLOAD_DIR_RX);
	ret = quic_offload_conn_add(b, &c, &rx, NULL) ?:
	      quic_offload_key_install(a, tx, 0, &key) ?:
	      quic_offload_key_install(b, rx, 0, &key);
	if (ret)
		return ret;
	skb = qoe_st_skb(qd, b);
	if (!skb)
		return -ENOMEM;
	ret = quic_offload_tx_mark(skb, tx, 0, 0, 2, 1 + QOE_ST_CID);
	if (ret) {
		kfree_skb(skb);
		return ret;
	}
	ret = qoe_inject_xmit(qd, skb) ?: quic_offload_get_stats(b, rx, &st);
	if (ret)
		return ret;
	return st.packets == QOE_ST_SEGS && !st.auth_fail ? 0 : -EIO;
}

static int qoe_selftest(struct qoe_dev *qd)
{
	struct net_device *peer = qoe_st_peer(qd);
	int ret;

	if (!peer)
		return -ENODEV;
	ret = qoe_selftest_with(qd, peer);
	dev_put(peer);
	return ret;
}

static ssize_t qoe_dbg_selftest_write(struct file *file,
				      const char __user *buf, size_t count,
				      loff_t *ppos)
{
	struct qoe_dev *qd = file->private_data;
	bool run;
	int ret;

	ret = kstrtobool_from_user(buf, count, &run);
	if (ret)
		return ret;
	if (!run)
		return count;
	ret = qoe_selftest(qd);
	WRITE_ONCE(qd->selftest_result, ret ? ret : 1);
	return ret ? ret : count;
}

static ssize_t qoe_dbg_send_write(struct file *file, const char __user *buf,
				  size_t count, loff_t *ppos)
{
	struct qoe_dev *qd = file->private_data;
	struct net_device *peer;
	struct sk_buff *skb;
	char cmd[64];
	u32 handle;
	int ret;
	u64 pn;
	u8 phase;

	if (count >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, buf, count))
		return -EFAULT;
	cmd[count] = '\0';
	if (sscanf(cmd, "%u %hhu %llu", &handle, &phase, &pn) != 3 ||
	    phase > 1 || pn > QUIC_OFFLOAD_PN_MAX - QOE_ST_SEGS)
		return -EINVAL;
	peer = qoe_st_peer(qd);
	if (!peer)
		return -ENODEV;
	skb = qoe_st_skb(qd, peer);
	dev_put(peer);
	if (!skb)
		return -ENOMEM;
	ret = quic_offload_tx_mark(skb, handle, phase, pn, 2, 1 + QOE_ST_CID);
	if (ret) {
		kfree_skb(skb);
		return ret;
	}
	ret = qoe_inject_xmit(qd, skb);
	return ret ? ret : count;
}

static const struct file_operations qoe_dbg_send_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = qoe_dbg_send_write,
	.llseek = noop_llseek,
};

static ssize_t qoe_dbg_selftest_read(struct file *file, char __user *buf,
				     size_t count, loff_t *ppos)
{
	struct qoe_dev *qd = file->private_data;
	int r = READ_ONCE(qd->selftest_result);
	char msg[32];
	int len;

	if (r > 0)
		len = scnprintf(msg, sizeof(msg), "ok\n");
	else if (r < 0)
		len = scnprintf(msg, sizeof(msg), "fail %d\n", r);
	else
		len = scnprintf(msg, sizeof(msg), "not run\n");
	return simple_read_from_buffer(buf, count, ppos, msg, len);
}

static const struct file_operations qoe_dbg_selftest_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = qoe_dbg_selftest_read,
	.write = qoe_dbg_selftest_write,
	.llseek = generic_file_llseek,
};

void qoe_debugfs_dev_init(struct qoe_dev *qd)
{
	if (IS_ERR_OR_NULL(qoe_dbg_root))
		return;
	qd->dbg = debugfs_create_dir(netdev_name(qd->netdev), qoe_dbg_root);
	debugfs_create_file("selftest", 0600, qd->dbg, qd,
			    &qoe_dbg_selftest_fops);
	debugfs_create_file("send", 0200, qd->dbg, qd, &qoe_dbg_send_fops);
}

void qoe_debugfs_dev_exit(struct qoe_dev *qd)
{
	debugfs_remove_recursive(qd->dbg);
	qd->dbg = NULL;
}

void qoe_debugfs_init(void)
{
	qoe_dbg_root = debugfs_create_dir("qoe", NULL);
}

void qoe_debugfs_exit(void)
{
	debugfs_remove_recursive(qoe_dbg_root);
}
