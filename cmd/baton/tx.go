package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/cli"
	"github.com/baton-rollup/baton/internal/stats"
	"github.com/baton-rollup/baton/loadgen"
	"github.com/baton-rollup/baton/wire"
)

func runTx(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: baton tx send|load [flags]")
	}
	switch args[0] {
	case "send":
		return runTxSend(ctx, args[1:], stdout)
	case "load":
		return runTxLoad(ctx, args[1:], stdout)
	}
	return fmt.Errorf("unknown tx command %q (send, load)", args[0])
}

func runTxSend(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("tx send", flag.ContinueOnError)
	api := fs.String("api", "127.0.0.1:8000", "replica API address")
	seed := fs.String("seed", fsm.DevnetSeed, "dev key seed: the sender's key is derived from it and --from")
	chain := fs.Uint64("chain-id", fsm.DefaultConfig().ChainID, "chain id")
	kind := fs.String("kind", "transfer", "transfer or withdraw")
	from := fs.Uint("from", 1, "sender account index")
	to := fs.Uint("to", 2, "recipient account index (transfer)")
	l1 := fs.String("l1-addr", "", "L1 recipient (withdraw), 0x-hex")
	amount := fs.Uint64("amount", 1, "amount")
	fee := fs.Uint64("fee", 1, "fee")
	nonce := fs.Int64("nonce", -1, "nonce (default: the account's current nonce)")
	wait := fs.Bool("wait", true, "wait until sequenced")
	tf := bindTLSFlags(fs, "optional: the API's public endpoints need only --tls-ca")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	tc, err := tf.client()
	if err != nil {
		return err
	}
	c := wire.NewTLSClient(*api, "", tc)
	k, err := fsm.ParseTxKind(*kind)
	if err != nil {
		return err
	}
	tx := fsm.Tx{Kind: k, From: uint32(*from), To: uint32(*to), Amount: *amount, Fee: *fee}
	if k == fsm.KindWithdraw {
		tx.To = 0
		if err := tx.L1Addr.UnmarshalJSON([]byte(`"` + *l1 + `"`)); err != nil {
			return fmt.Errorf("--l1-addr: %w", err)
		}
	}
	if *nonce < 0 {
		a, err := c.Account(ctx, tx.From)
		if err != nil {
			return fmt.Errorf("read account %d: %w", tx.From, err)
		}
		tx.Nonce = a.Nonce
	} else {
		tx.Nonce = uint64(*nonce)
	}
	if err := tx.Sign(fsm.DevKey(*seed, uint64(tx.From)), *chain); err != nil {
		return err
	}
	res, err := c.Submit(ctx, tx, *wait)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(res)
}

func runTxLoad(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("tx load", flag.ContinueOnError)
	apis := fs.String("api", "127.0.0.1:8000", "replica API addresses, comma-separated (spread round-robin)")
	seed := fs.String("seed", fsm.DevnetSeed, "dev key seed of the genesis accounts")
	accounts := fs.Int("accounts", 256, "genesis accounts to send from")
	chain := fs.Uint64("chain-id", fsm.DefaultConfig().ChainID, "chain id")
	rate := fs.Float64("rate", 100, "target tx/s (0: as fast as acknowledgements return)")
	txs := fs.Int("txs", 0, "stop after this many transactions (0: until --duration or Ctrl-C)")
	duration := fs.Duration("duration", 0, "stop after this long (0: no limit)")
	workers := fs.Int("workers", 64, "concurrent senders")
	maxLoad := fs.Bool("max", false, "push as hard as ingress allows, honouring Retry-After (unpaced: --rate is ignored)")
	tf := bindTLSFlags(fs, "optional: the API's public endpoints need only --tls-ca")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	tc, err := tf.client()
	if err != nil {
		return err
	}
	if *duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *duration)
		defer cancel()
	}
	st := loadgen.NewStats()
	start := time.Now()
	if err := loadgen.Run(ctx, loadgen.Config{APIs: strings.Split(*apis, ","), Seed: *seed, Accounts: *accounts, ChainID: *chain,
		Rate: *rate, Max: *maxLoad, Txs: *txs, Workers: *workers, TLS: tc}, st); err != nil {
		return err
	}
	el := time.Since(start).Seconds()
	return json.NewEncoder(stdout).Encode(map[string]any{
		"txs_submitted": st.Submitted(), "txs_sequenced": st.Sequenced(), "txs_failed": st.Failed(), "http_429": st.Refused(),
		"tx_per_s": float64(st.Sequenced()) / el, "p50_ms": stats.Ms(st.Percentile(0.5)), "p99_ms": stats.Ms(st.Percentile(0.99)),
		"errors": st.Errors(),
	})
}
