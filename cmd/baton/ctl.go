package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/baton-rollup/baton/watchdog"
	"github.com/baton-rollup/baton/wire"
)

func runCtl(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: baton ctl status|members|add|remove|transfer-leader|jobs|watchdog [flags]")
	}
	sub := args[0]
	fs := flag.NewFlagSet("ctl "+sub, flag.ContinueOnError)
	api := fs.String("api", "127.0.0.1:8000", "replica API address (admin calls go to the leader)")
	token := fs.String("token", "", "admin bearer token (BATON_TOKEN)")
	id := fs.String("id", "", "member id (add, remove)")
	raftAddr := fs.String("raft-addr", "", "new member's Raft address (add)")
	apiAddr := fs.String("api-addr", "", "new member's API address (add)")
	to := fs.String("to", "", "transfer-leader target id (default: the most up-to-date follower)")
	cfgIndex := fs.Uint64("config-index", 0, "fail if the membership changed since this index (add, remove)")
	catchUp := fs.Duration("catch-up-timeout", time.Minute, "how long a new member may take to catch up before promotion (add)")
	// With --etcd, the leader is found from its etcd record (and
	// `ctl watchdog` prints what etcd holds), so no replica address is
	// needed.
	ef := bindEtcdFlags(fs)
	tf := bindTLSFlags(fs, "presented to the admin API of replicas serving TLS")
	var jobsSub string
	rest := args[1:]
	if sub == "jobs" {
		if len(rest) == 0 || (rest[0] != "dead" && rest[0] != "replay") {
			return fmt.Errorf("usage: baton ctl jobs dead | baton ctl jobs replay BATCH [flags]")
		}
		jobsSub, rest = rest[0], rest[1:]
	}
	var batch uint64
	if jobsSub == "replay" {
		if len(rest) == 0 {
			return fmt.Errorf("usage: baton ctl jobs replay BATCH [flags]")
		}
		n, err := strconv.ParseUint(rest[0], 10, 64)
		if err != nil || n == 0 {
			return fmt.Errorf("batch %q: want a batch number", rest[0])
		}
		batch, rest = n, rest[1:]
	}
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	var etcdState *watchdog.State
	if ef.endpoints != "" {
		cli, keys, err := ef.connect(ctx)
		if err != nil {
			return err
		}
		defer cli.Close()
		st, err := watchdog.ReadState(ctx, cli, keys)
		if err != nil {
			return err
		}
		etcdState = &st
		if st.Leader != nil {
			*api = st.Leader.API
		}
	}
	if sub == "watchdog" {
		if etcdState == nil {
			return fmt.Errorf("ctl watchdog: --etcd is required")
		}
		return json.NewEncoder(stdout).Encode(etcdState)
	}
	tc, err := tf.client()
	if err != nil {
		return err
	}
	c := wire.NewTLSClient(*api, *token, tc)
	if sub == "add" || sub == "remove" || sub == "transfer-leader" || jobsSub == "replay" {
		// Membership changes run on the leader: follow the replica's view.
		st, err := c.Status(ctx)
		if err != nil {
			return err
		}
		if st.Role != "Leader" && st.LeaderAPI != "" {
			c = c.At(st.LeaderAPI)
		}
	}
	var out any
	switch sub {
	case "status":
		out, err = c.Status(ctx)
	case "members":
		out, err = c.Members(ctx)
	case "add":
		out, err = c.AddMember(ctx, wire.AddRequest{ID: *id, RaftAddr: *raftAddr, APIAddr: *apiAddr, ConfigIndex: *cfgIndex, CatchUpTimeout: catchUp.String()})
	case "remove":
		out, err = c.RemoveMember(ctx, *id, *cfgIndex)
	case "jobs":
		if jobsSub == "dead" {
			out, err = c.DeadJobs(ctx)
		} else {
			err = c.ReplayJob(ctx, batch)
			out = map[string]uint64{"replayed": batch}
		}
	case "transfer-leader":
		var leader string
		leader, err = c.TransferLeadership(ctx, *to)
		out = map[string]string{"leader": leader}
	default:
		return fmt.Errorf("unknown ctl command %q", sub)
	}
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
