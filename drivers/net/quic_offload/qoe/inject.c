// SPDX-License-Identifier: GPL-2.0-only
/*
 * Selftest transmit: send an skb marked for offload the way a QUIC stack
 * does, owned by a socket whose sk_validate_xmit_skb hook vouches for it.
 * The core drops plaintext (skb->decrypted) that no socket hook vouches
 * for, so a bare dev_queue_xmit() of a marked skb never reaches a device.
 */
#include <kunit/visibility.h>
#include <linux/net.h>
#include <net/sock.h>

#include "qoe_dev.h"

#ifdef CONFIG_SOCK_VALIDATE_XMIT
/* The metadata is attached already; a stack would attach it here. */
static struct sk_buff *qoe_inject_validate(struct sock *sk,
					   struct net_device *dev,
					   struct sk_buff *skb)
{
	return skb;
}
#endif

/**
 * qoe_inject_xmit() - transmit a marked skb on @qd and wait for the device
 * @qd: the sending device (skb->dev is set to it)
 * @skb: consumed
 *
 * Process context.  Return: 0 or a negative errno (@skb freed).
 */
int qoe_inject_xmit(struct qoe_dev *qd, struct sk_buff *skb)
{
	struct socket *sock;
	int err;

	err = sock_create_kern(dev_net(qd->netdev), AF_INET, SOCK_DGRAM,
			       IPPROTO_UDP, &sock);
	if (err) {
		kfree_skb(skb);
		return err;
	}
#ifdef CONFIG_SOCK_VALIDATE_XMIT
	sock->sk->sk_validate_xmit_skb = qoe_inject_validate;
#endif
	skb->dev = qd->netdev;
	skb_set_owner_w(skb, sock->sk);
	dev_queue_xmit(skb);
	qoe_dev_flush(qd);
	sock_release(sock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(qoe_inject_xmit);
