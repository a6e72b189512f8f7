package devnet

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/baton-rollup/baton/internal/cli"
)

// GenesisCommand is `baton genesis`: it writes a development chain's
// genesis file (accounts from the devnet's seed, so `baton tx send` can
// sign for them) with the circuit sizes and tree depth given, for
// deployments that start every process from one file (compose, k8s). The
// defaults are the devnet's small circuit; a production-sized chain is
// flags away (`--batch-size 4,16,64,256 --tree-depth 24`). An existing
// file is left alone unless --force: a chain's genesis is not rewritten
// by accident. Its flags are bound here, not in cmd/baton (at its cap).
func GenesisCommand(_ context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("genesis", flag.ContinueOnError)
	d := DefaultConfig().Genesis
	out := fs.String("out", "", "the genesis file to write (required)")
	accounts := fs.Int("accounts", len(d.Accounts), "funded dev accounts (keys from the devnet seed)")
	sizes := []int{d.MaxBatchTxs}
	fs.Var(cli.Sizes{To: &sizes}, "batch-size", "circuit sizes, ascending (the last is the most operations per batch)")
	depth := fs.Int("tree-depth", d.TreeDepth, "account tree depth (the circuit grows with it)")
	force := fs.Bool("force", false, "overwrite an existing file")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("genesis: --out is required")
	}
	if *accounts < 1 || *depth < 1 || *depth > 32 {
		return fmt.Errorf("genesis: %d accounts at depth %d", *accounts, *depth)
	}
	g := DevGenesisSizes(*accounts, *depth, sizes)
	if err := g.Validate(); err != nil {
		return fmt.Errorf("genesis: %w", err)
	}
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(*out, flags, 0o644)
	if err != nil {
		return fmt.Errorf("genesis: %w (--force overwrites)", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "wrote %s: chain %d, %d accounts, circuit sizes %v, tree depth %d\n",
		*out, g.ChainID, len(g.Accounts), g.Sizes(), g.TreeDepth)
	return err
}
