package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/baton-rollup/baton/internal/cli"
	"github.com/baton-rollup/baton/watchdog"
	"github.com/baton-rollup/baton/wire"
)

// ctlArgs are a ctl command's flags and operands.
type ctlArgs struct {
	sub, jobsSub                 string
	batch                        uint64
	api, token, id, raftAddr, to *string
	apiAddr                      *string
	cfgIndex                     *uint64
	catchUp                      *time.Duration
	etcd                         *cli.EtcdFlags
	tls                          *tlsFlags
}

func runCtl(ctx context.Context, args []string, stdout io.Writer) error {
	a, err := parseCtl(args)
	if err != nil {
		return err
	}
	var etcdState *watchdog.State
	if a.etcd.Endpoints != "" {
		etcdCli, keys, err := a.etcd.Connect(ctx)
		if err != nil {
			return err
		}
		defer etcdCli.Close()
		st, err := watchdog.ReadState(ctx, etcdCli, keys)
		if err != nil {
			return err
		}
		etcdState = &st
		if st.Leader != nil {
			*a.api = st.Leader.API
		}
	}
	if a.sub == "watchdog" {
		if etcdState == nil {
			return fmt.Errorf("ctl watchdog: --etcd is required")
		}
		return json.NewEncoder(stdout).Encode(etcdState)
	}
	out, err := a.call(ctx)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// parseCtl reads the subcommand (and for jobs its own, and the batch of a
// replay), then the flags.
func parseCtl(args []string) (*ctlArgs, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("usage: baton ctl status|members|add|remove|transfer-leader|jobs|watchdog [flags]")
	}
	a := &ctlArgs{sub: args[0]}
	fs := flag.NewFlagSet("ctl "+a.sub, flag.ContinueOnError)
	a.api = fs.String("api", "127.0.0.1:8000", "replica API address (admin calls go to the leader)")
	a.token = fs.String("token", "", "admin bearer token (BATON_TOKEN)")
	a.id = fs.String("id", "", "member id (add, remove)")
	a.raftAddr = fs.String("raft-addr", "", "new member's Raft address (add)")
	a.apiAddr = fs.String("api-addr", "", "new member's API address (add)")
	a.to = fs.String("to", "", "transfer-leader target id (default: the most up-to-date follower)")
	a.cfgIndex = fs.Uint64("config-index", 0, "fail if the membership changed since this index (add, remove)")
	a.catchUp = fs.Duration("catch-up-timeout", time.Minute, "how long a new member may take to catch up before promotion (add)")
	// With --etcd, the leader is found from its etcd record (and
	// `ctl watchdog` prints what etcd holds), so no replica address is
	// needed.
	a.etcd = cli.BindEtcdFlags(fs)
	a.tls = bindTLSFlags(fs, "presented to the admin API of replicas serving TLS")
	rest := args[1:]
	if a.sub == "jobs" {
		if len(rest) == 0 || (rest[0] != "dead" && rest[0] != "replay") {
			return nil, fmt.Errorf("usage: baton ctl jobs dead | baton ctl jobs replay BATCH [flags]")
		}
		a.jobsSub, rest = rest[0], rest[1:]
	}
	if a.jobsSub == "replay" {
		if len(rest) == 0 {
			return nil, fmt.Errorf("usage: baton ctl jobs replay BATCH [flags]")
		}
		n, err := strconv.ParseUint(rest[0], 10, 64)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("batch %q: want a batch number", rest[0])
		}
		a.batch, rest = n, rest[1:]
	}
	return a, cli.ParseFlags(fs, rest)
}

// call makes the admin call, on the leader for those that change the
// cluster, and returns what to print.
func (a *ctlArgs) call(ctx context.Context) (any, error) {
	tc, err := a.tls.client()
	if err != nil {
		return nil, err
	}
	c := wire.NewTLSClient(*a.api, *a.token, tc)
	if a.sub == "add" || a.sub == "remove" || a.sub == "transfer-leader" || a.jobsSub == "replay" {
		// Membership changes run on the leader: follow the replica's view.
		st, err := c.Status(ctx)
		if err != nil {
			return nil, err
		}
		if st.Role != "Leader" && st.LeaderAPI != "" {
			c = c.At(st.LeaderAPI)
		}
	}
	switch a.sub {
	case "status":
		return c.Status(ctx)
	case "members":
		return c.Members(ctx)
	case "add":
		return c.AddMember(ctx, wire.AddRequest{ID: *a.id, RaftAddr: *a.raftAddr, APIAddr: *a.apiAddr, ConfigIndex: *a.cfgIndex, CatchUpTimeout: a.catchUp.String()})
	case "remove":
		return c.RemoveMember(ctx, *a.id, *a.cfgIndex)
	case "jobs":
		if a.jobsSub == "dead" {
			return c.DeadJobs(ctx)
		}
		return map[string]uint64{"replayed": a.batch}, c.ReplayJob(ctx, a.batch)
	case "transfer-leader":
		leader, err := c.TransferLeadership(ctx, *a.to)
		return map[string]string{"leader": leader}, err
	}
	return nil, fmt.Errorf("unknown ctl command %q", a.sub)
}
