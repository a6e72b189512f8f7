package rebuild

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/ethereum/go-ethereum/common"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/cli"
)

// Command is `baton l1 rebuild`. Its flags are bound here rather than in
// cmd/baton, which is at its size cap; they parse with cli.ParseFlags like
// every other subcommand's (BATON_* variables, --config). It prints a
// short report, or the Result as JSON with --json, and fails on a
// mismatch.
func Command(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("l1 rebuild", flag.ContinueOnError)
	rpc := fs.String("l1-rpc", "", "Ethereum JSON-RPC URL of the L1 node")
	rollup := fs.String("rollup", "", "address of the rollup contract")
	genesisPath := fs.String("genesis", "", "the chain's genesis JSON file (a devnet writes <data-dir>/genesis.json)")
	from := fs.Uint64("from-block", 0, "L1 block to read events from: the rollup's deployment block or earlier")
	asJSON := fs.Bool("json", false, "print the result, every account included, as one JSON line")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *rpc == "":
		return errors.New("--l1-rpc is required")
	case !common.IsHexAddress(*rollup):
		return fmt.Errorf("--rollup %q is not an address", *rollup)
	case *genesisPath == "":
		return errors.New("--genesis is required: the genesis accounts are not on L1")
	}
	g, err := fsm.ReadGenesis(*genesisPath)
	if err != nil {
		return err
	}
	eth, err := contracts.DialL1(ctx, *rpc)
	if err != nil {
		return err
	}
	defer eth.Close()
	res, err := Run(ctx, Config{Eth: eth, Rollup: common.HexToAddress(*rollup), Genesis: g, FromBlock: *from})
	if res != nil && *asJSON {
		if jerr := json.NewEncoder(stdout).Encode(res); jerr != nil {
			return jerr
		}
	} else if res != nil {
		fmt.Fprintf(stdout, "rebuilt %d accounts from %d batches (%d operations; batches by circuit size %v) at L1 block %d: root %s, finalized root %s, match %v\n",
			len(res.Accounts), res.Replayed, res.Operations, res.BySize, res.Block, res.Root, res.FinalizedRoot, res.Match)
	}
	return err
}
