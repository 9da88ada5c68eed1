/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * devargs flows=<file>: flows installed at probe, so plain testpmd can
 * offload traffic.  One flow per line ('#' starts a comment):
 *
 *   <tx|rx> <cipher> <local> <remote> hp=<hex> key0=<hex> iv0=<hex>
 *           [key1=<hex> iv1=<hex>] [key2=<hex> iv2=<hex> ...] [cid=<hex>]
 *           [phase=0|1] [pn=<n>|none] [fail=deliver|drop]
 *
 * key<N>/iv<N> are the (N / 2 + 1)-th payload key of key phase N % 2
 * (key=/iv=: the starting phase's): key0 and key1 are installed, later
 * ones as the connection's key updates retire a phase (qoe_key_sched.c).
 * phase= is the phase the flow starts in (TX sends with it, RX expects it
 * first).  <local>/<remote> are a.b.c.d:port or [v6]:port.  The
 * options are those of /qoe/flow_add (qoe_flow_spec.c).  Any error names
 * the file, the line and the token, and fails the probe.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qoe_pmd.h"
#include "qoe_crypto.h"

/*
 * One line: the four positional fields, then name=value options, all
 * checked by the flow-spec parser /qoe/flow_add uses too.  Returns 1 for a
 * blank line.
 */
static int
parse_line(char *line, struct qoe_flow_spec *fs, const char **why, char **bad)
{
	static const char *const positional[] = { "dir", "cipher", "local",
						  "remote" };
	char *save = NULL, *tok, opt[128];
	unsigned int pos = 0;

	qoe_flow_spec_init(fs);
	*why = NULL;
	for (tok = strtok_r(line, " \t\r\n", &save); tok != NULL && !*why;
	     tok = strtok_r(NULL, " \t\r\n", &save), pos++) {
		*bad = tok;
		if (pos < RTE_DIM(positional)) {
			if (strchr(tok, '=') != NULL ||
			    (size_t)snprintf(opt, sizeof(opt), "%s=%s",
					     positional[pos], tok) >= sizeof(opt)) {
				*why = "expected: <tx|rx> <cipher> <local> <remote> options...";
				break;
			}
			*why = qoe_flow_spec_opt(fs, opt);
		} else {
			*why = qoe_flow_spec_opt(fs, tok);
		}
	}
	if (*why)
		return -EINVAL;
	*bad = NULL;
	if (pos == 0)
		return 1;
	if (pos < RTE_DIM(positional)) {
		*why = "expected: <tx|rx> <cipher> <local> <remote> options...";
		return -EINVAL;
	}
	*why = qoe_flow_spec_check(fs);
	return *why ? -EINVAL : 0;
}

/*
 * Install the flows of @path.  At probe (@runtime false) any error fails
 * the whole load.  With @runtime (flows_watch=1), lines up to *@done are
 * skipped, only complete lines count, and a bad line is logged and skipped:
 * the port keeps running.
 */
int
qoe_pmd_flows_load(struct qoe_pmd_dev *d, const char *path, unsigned int *done,
		   bool runtime)
{
	struct qoe_flow_spec fs;
	char line[8192];	/* 64 keys with their IVs */
	uint32_t h;
	unsigned int lineno = 0, n = 0;
	const char *why = NULL;
	char *bad = NULL, *hash;
	FILE *f;
	int ret = 0;

	f = fopen(path, "r");
	if (f == NULL) {
		if (runtime || (d->args.flows_watch && errno == ENOENT))
			return 0;	/* may be written later */
		QOE_LOG(ERR, "%s: flows file %s: %s", d->name, path,
			strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strchr(line, '\n') == NULL && !feof(f)) {
			QOE_LOG(ERR, "%s: %s:%u: line longer than %zu characters",
				d->name, path, lineno + 1, sizeof(line) - 2);
			ret = -EINVAL;
			break;
		}
		/* a writer may be half way through the last line */
		if (runtime && strchr(line, '\n') == NULL)
			break;
		lineno++;
		if (lineno <= *done)
			continue;
		*done = lineno;
		hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		ret = parse_line(line, &fs, &why, &bad);
		if (ret == 1) {
			ret = 0;
			continue;
		}
		if (ret == 0)
			ret = qoe_flow_spec_install(d->port_id, &fs, &h, &why);
		qoe_flow_spec_wipe(&fs);
		if (ret != 0) {
			QOE_LOG(ERR, "%s: %s:%u: %s%s%s%s (%s)", d->name, path,
				lineno, why, bad ? " at \"" : "", bad ? bad : "",
				bad ? "\"" : "", strerror(-ret));
			if (!runtime)
				break;
			ret = 0;
			continue;
		}
		n++;
	}
	if (ret == 0 && ferror(f)) {
		QOE_LOG(ERR, "%s: flows file %s: read error", d->name, path);
		ret = -EIO;
	}
	fclose(f);
	qoe_wipe(line, sizeof(line));	/* key hex of the last lines */
	if (ret == 0 && (n > 0 || !runtime))
		QOE_LOG(INFO, "%s: %u flows loaded from %s", d->name, n, path);
	return ret;
}
