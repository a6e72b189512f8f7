package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/duty/settlement"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/cli"
	"github.com/baton-rollup/baton/prover"
	"github.com/baton-rollup/baton/rebuild"
)

// l1Flags bind an L1 node and the sequencer account. Defaults come from
// contracts.DefaultSenderConfig.
type l1Flags struct {
	rpc          string
	rollup       string
	keystore     string
	passwordFile string
	conf         uint64
	poll         time.Duration
	bumpAfter    time.Duration
	maxFeeGwei   uint64
}

func bindL1Flags(fs *flag.FlagSet, withRollup bool) *l1Flags {
	d := contracts.DefaultSenderConfig(nil)
	f := &l1Flags{}
	fs.StringVar(&f.rpc, "l1-rpc", "", "Ethereum JSON-RPC URL of the L1 node (empty: no L1 settlement)")
	fs.StringVar(&f.keystore, "l1-keystore", "", "keystore JSON file of the sequencer account (geth's format)")
	fs.StringVar(&f.passwordFile, "l1-password-file", "", "file holding the keystore's password (empty: no password)")
	if withRollup {
		fs.StringVar(&f.rollup, "rollup", "", "address of the rollup contract (baton l1 deploy prints it)")
		fs.Uint64Var(&f.conf, "l1-confirmations", d.Confirmations, "blocks on top before an L1 block counts (reorgs up to this depth are survived)")
		fs.DurationVar(&f.poll, "l1-poll", time.Second, "how often the leader looks at L1 (about a block time)")
		fs.DurationVar(&f.bumpAfter, "l1-bump-after", d.BumpAfter, "resend a transaction not included this long with fees raised by a quarter")
		fs.Uint64Var(&f.maxFeeGwei, "l1-max-fee-gwei", d.MaxFeeCap.Uint64()/1e9, "highest fee per gas bumps may reach")
	}
	return f
}

// key reads the sequencer key from the keystore.
func (f *l1Flags) key() (*ecdsa.PrivateKey, error) {
	if f.keystore == "" {
		return nil, errors.New("--l1-keystore is required with --l1-rpc")
	}
	return contracts.ReadKeystore(f.keystore, f.passwordFile)
}

// settlement builds the replica's L1 config (nil without --l1-rpc).
func (f *l1Flags) settlement(ctx context.Context, log *slog.Logger) (*settlement.Config, func(), error) {
	if f.rpc == "" {
		return nil, func() {}, nil
	}
	if !common.IsHexAddress(f.rollup) {
		return nil, nil, fmt.Errorf("--rollup %q is not an address", f.rollup)
	}
	key, err := f.key()
	if err != nil {
		return nil, nil, err
	}
	eth, err := contracts.OpenL1(ctx, f.rpc, log)
	if err != nil {
		return nil, nil, err
	}
	sender := contracts.DefaultSenderConfig(key)
	sender.Confirmations, sender.BumpAfter = f.conf, f.bumpAfter
	sender.MaxFeeCap = new(big.Int).Mul(new(big.Int).SetUint64(f.maxFeeGwei), big.NewInt(1e9))
	return &settlement.Config{Eth: eth, Rollup: common.HexToAddress(f.rollup), Sender: sender, Poll: f.poll}, eth.Close, nil
}

// parseAddresses reads a comma-separated list of L1 addresses (flag
// names the flag, for the error).
func parseAddresses(flag, list string) ([]common.Address, error) {
	var out []common.Address
	for _, a := range strings.Split(list, ",") {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		if !common.IsHexAddress(a) {
			return nil, fmt.Errorf("%s: %q is not an address", flag, a)
		}
		out = append(out, common.HexToAddress(a))
	}
	return out, nil
}

// runL1 is `baton l1 deploy` (the contracts for one circuit), simulated, rebuild.
func runL1(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 && (args[0] == "simulated" || args[0] == "rebuild") {
		return map[string]func(context.Context, []string, io.Writer) error{"simulated": runL1Simulated, "rebuild": rebuild.Command}[args[0]](ctx, args[1:], stdout)
	}
	if len(args) == 0 || args[0] != "deploy" {
		return errors.New("usage: baton l1 deploy --l1-rpc URL --l1-keystore FILE [flags] | baton l1 simulated [flags] | baton l1 rebuild --l1-rpc URL --rollup ADDR --genesis FILE")
	}
	fs := flag.NewFlagSet("l1 deploy", flag.ContinueOnError)
	lf := bindL1Flags(fs, false)
	genesisPath := fs.String("genesis", "", "genesis JSON file (default: the devnet genesis from the dev seed)")
	devAccounts := fs.Int("dev-accounts", 256, "accounts in the devnet genesis when --genesis is not given")
	keysDir := fs.String("keys-dir", cli.DefaultKeysDir(), "Groth16 keys of the circuit (baton setup makes them)")
	proveDeadline := fs.Uint64("prove-deadline", 7200, "L1 blocks after a commit during which only permissioned provers may prove it")
	inclusion := fs.Uint64("inclusion-deadline", 1800, "L1 blocks a priority entry may wait before commits must include it")
	provers := fs.String("provers", "", "more permissioned prover addresses, comma-separated (the sequencer always is one)")
	if err := cli.ParseFlags(fs, args[1:]); err != nil {
		return err
	}
	if lf.rpc == "" {
		return errors.New("--l1-rpc is required")
	}
	g := devGenesis(*devAccounts)
	if *genesisPath != "" {
		var err error
		if g, err = fsm.ReadGenesis(*genesisPath); err != nil {
			return err
		}
	}
	extra, err := parseAddresses("--provers", *provers)
	if err != nil {
		return err
	}
	key, err := lf.key()
	if err != nil {
		return err
	}
	vs, err := prover.LoadVerifiers(*keysDir, g.Config, g.Sizes(), nil)
	if err != nil {
		return err
	}
	var circuits []contracts.Circuit
	for _, k := range vs.All() {
		circuits = append(circuits, k)
	}
	m, err := fsm.New(g)
	if err != nil {
		return err
	}
	eth, err := contracts.DialL1(ctx, lf.rpc)
	if err != nil {
		return err
	}
	defer eth.Close()
	d, err := contracts.Deploy(ctx, eth, key, circuits, contracts.DeployParams{GenesisRoot: m.Root(), TreeDepth: g.TreeDepth,
		ProveDeadline: *proveDeadline, InclusionDeadline: *inclusion, Provers: extra})
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(d)
}
