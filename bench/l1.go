package bench

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/contracts/bindings"
	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/stats"
	"github.com/baton-rollup/baton/prover"
)

// L1Config is `baton bench l1`.
type L1Config struct {
	// Sizes are the batch sizes (circuit slots) measured, 1 to 256 each.
	Sizes []int
	// TreeDepth is the account tree's.
	TreeDepth int
	// Batches of transfers per size (medians are reported).
	Batches int
	// KeysDir caches Groth16 keys (sizes not cached are set up first:
	// minutes).
	KeysDir string
	// ContractsDir is where compile.mjs and its node_modules are, to
	// compile gnark's verifier (skipped without node).
	ContractsDir string
	// PipelineTxs, if positive, then runs the devnet with this many txs
	// at 1 tx/s and reports where finality goes, against bare L1 latency.
	PipelineTxs int
	// Progress receives a line per size and the findings (nil: none).
	Progress io.Writer
}

// DefaultL1Config is `make bench`'s run; the caller names KeysDir.
func DefaultL1Config() L1Config {
	// A production tree depth (gas does not depend on it; the keys'
	// setup does). 64 and 256 slots are the figures but take an
	// hour of setup on a small machine: --sizes 64,256.
	return L1Config{Sizes: []int{4, 16}, TreeDepth: 24, Batches: 3, ContractsDir: "contracts", PipelineTxs: 40}
}

// Validate reports a run that cannot go.
func (c L1Config) Validate() error {
	for _, n := range c.Sizes {
		if n < 1 || n > 256 {
			return fmt.Errorf("bench l1: %d is not a batch size in [1, 256]", n)
		}
	}
	switch {
	case len(c.Sizes) == 0:
		return errors.New("bench l1: no sizes")
	case c.Batches < 1:
		return errors.New("bench l1: batches must be at least 1")
	case c.KeysDir == "":
		return errors.New("bench l1: no keys dir")
	}
	return nil
}

// L1Size is the gas of one circuit size, medians over the run's batches.
type L1Size struct {
	Slots int `json:"slots"`
	// Commit and prove of batches full of transfers.
	GasCommit uint64  `json:"gas_commit"`
	GasProve  uint64  `json:"gas_prove"`
	GasPerTx  float64 `json:"gas_per_tx"`
	// Prove of a batch whose every wide entry is a withdrawal to a new
	// L1 address (fsm.WideEntries of them, the most a batch pays out):
	// each payout is a fresh storage slot, the worst case. It is the
	// chain's first batch, so it also pays the counters' first writes.
	GasProveAllPayouts uint64 `json:"gas_prove_all_payouts"`
	// The baseline, same run: verifyProof alone as a transaction.
	GasVerify       uint64  `json:"gas_verify"`
	ProveOverVerify float64 `json:"prove_over_verify"`
}

// L1Result is `baton bench l1 --json`'s last line.
type L1Result struct {
	Depth int      `json:"tree_depth"`
	Sizes []L1Size `json:"sizes"`
	// Groth16Verifier (key in immutables, one bytecode for every key)
	// against the verifier gnark generates (key as constants), on the
	// same proof.
	OursVerifyGas  uint64  `json:"ours_verify_gas"`
	GnarkVerifyGas uint64  `json:"gnark_verify_gas,omitempty"`
	VerifyRatio    float64 `json:"ours_over_gnark_verify,omitempty"`
	OursDeployGas  uint64  `json:"ours_deploy_gas"`
	GnarkDeployGas uint64  `json:"gnark_deploy_gas,omitempty"`
	GnarkSkipped   string  `json:"gnark_skipped,omitempty"`
	// Pipeline: where the time from sequenced to finalized goes, in a
	// devnet run (devnet circuit, 1 s L1 blocks, 2 confirmations).
	Pipeline *StageTimes `json:"pipeline,omitempty"`
}

// StageTimes is where a devnet's time from sequenced to finalized goes.
type StageTimes struct {
	Batches      uint64  `json:"batches"`
	FinalityP50S float64 `json:"finality_p50_s"`
	FinalityP99S float64 `json:"finality_p99_s"`
	ProvenP50S   float64 `json:"proven_p50_s"`
	QueueP50S    float64 `json:"queue_p50_s"`
	ProveP50S    float64 `json:"prove_p50_s"`
	L1P50S       float64 `json:"l1_p50_s"`
	// The baseline: a bare self-transfer on the same kind of chain, from
	// send to final (included, then 2 blocks on top), same run.
	RawL1P50S float64 `json:"raw_l1_p50_s"`
	L1OverRaw float64 `json:"l1_over_raw"`
}

// RunL1 measures L1 gas at each size with real proofs on the embedded
// chain, compares the verifier with gnark's, and measures a devnet's
// finality against a bare L1 transaction.
func RunL1(ctx context.Context, cfg L1Config) (*L1Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	log := orDiscard(cfg.Progress)
	res := &L1Result{Depth: cfg.TreeDepth}
	for i, slots := range cfg.Sizes {
		b, err := newL1Bench(ctx, cfg.KeysDir, slots, cfg.TreeDepth, log)
		if err != nil {
			return nil, err
		}
		size, last, err := b.measure(ctx, cfg.Batches)
		if err == nil && i == 0 {
			err = b.compareVerifiers(ctx, res, last, cfg.ContractsDir)
		}
		b.close()
		if err != nil {
			return nil, err
		}
		res.Sizes = append(res.Sizes, size)
		fmt.Fprintf(log, "slots %2d: commit %7d  prove %7d (all payouts %7d)  per tx %8.0f  verify alone %d (prove/verify %.2f)\n",
			size.Slots, size.GasCommit, size.GasProve, size.GasProveAllPayouts, size.GasPerTx, size.GasVerify, size.ProveOverVerify)
	}
	if res.GnarkSkipped != "" {
		fmt.Fprintf(log, "verifier: ours %d gas, deploy %d; gnark's generated one skipped: %s\n", res.OursVerifyGas, res.OursDeployGas, res.GnarkSkipped)
	} else {
		fmt.Fprintf(log, "verifier: ours %d gas (deploy %d), gnark's generated %d (deploy %d): ours/gnark %.3f\n",
			res.OursVerifyGas, res.OursDeployGas, res.GnarkVerifyGas, res.GnarkDeployGas, res.VerifyRatio)
	}
	if cfg.PipelineTxs > 0 {
		p, err := measurePipeline(ctx, cfg.PipelineTxs, cfg.KeysDir, log)
		if err != nil {
			return nil, err
		}
		res.Pipeline = p
		fmt.Fprintf(log, "pipeline: %d batches; sequenced→finalized p50 %.1f s (p99 %.1f): proven after %.1f s (queue %.2f s, prove %.1f s), then L1 %.1f s; a bare L1 transaction to 2 confirmations %.1f s (L1 part / bare %.2f)\n",
			p.Batches, p.FinalityP50S, p.FinalityP99S, p.ProvenP50S, p.QueueP50S, p.ProveP50S, p.L1P50S, p.RawL1P50S, p.L1OverRaw)
	}
	return res, nil
}

// measurePipeline runs the devnet (its defaults: 4 slots, depth 10, 1 s
// blocks, 2 confirmations) and, as the baseline, bare L1 transactions on
// a chain of the same block time.
func measurePipeline(ctx context.Context, txs int, keysDir string, progress io.Writer) (*StageTimes, error) {
	raw, err := bareL1Latency(ctx, time.Second, 2, 5)
	if err != nil {
		return nil, fmt.Errorf("bare L1 latency: %w", err)
	}
	cfg := devnet.DefaultRunConfig()
	cfg.Txs, cfg.Rate, cfg.KeysDir, cfg.Progress = txs, 1, keysDir, progress
	cfg.L1.BlockTime, cfg.L1.Confirmations = time.Second, 2
	sum, err := devnet.Run(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("devnet: %w", err)
	}
	return &StageTimes{Batches: sum.BatchesFinalized, FinalityP50S: sum.FinalityP50S, FinalityP99S: sum.FinalityP99S,
		ProvenP50S: sum.ProvenP50S, QueueP50S: sum.QueueP50S, ProveP50S: sum.ProveP50S, L1P50S: sum.L1P50S,
		RawL1P50S: raw, L1OverRaw: sum.L1P50S / raw}, nil
}

// bareL1Latency sends n empty self-transfers one after another through a
// Sender and returns the median time from send to final.
func bareL1Latency(ctx context.Context, blockTime time.Duration, conf uint64, n int) (float64, error) {
	key, _ := crypto.GenerateKey()
	node, err := contracts.StartL1(contracts.L1Config{BlockTime: blockTime, Funded: []common.Address{crypto.PubkeyToAddress(key.PublicKey)}})
	if err != nil {
		return 0, err
	}
	defer node.Close()
	eth, err := ethclient.DialContext(ctx, node.URL())
	if err != nil {
		return 0, err
	}
	defer eth.Close()
	cfg := contracts.DefaultSenderConfig(key)
	cfg.Confirmations = conf
	s, err := contracts.NewSender(ctx, eth, cfg)
	if err != nil {
		return 0, err
	}
	var ts []float64
	for range n {
		start := time.Now()
		if _, err := s.Send(ctx, "bare", s.From(), nil, 21_000); err != nil {
			return 0, err
		}
		for done := false; !done; {
			select {
			case <-ctx.Done():
				return 0, ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
			out, err := s.Poll(ctx)
			if err != nil {
				return 0, err
			}
			done = len(out) > 0
		}
		ts = append(ts, time.Since(start).Seconds())
	}
	slices.Sort(ts)
	return ts[len(ts)/2], nil
}

// l1Bench is one circuit size on its own embedded chain.
type l1Bench struct {
	keys     *prover.Keys
	g        fsm.Genesis
	m        *fsm.Machine
	signer   *signer
	node     *contracts.L1Node
	eth      *ethclient.Client
	key      *ecdsa.PrivateKey
	auth     *bind.TransactOpts
	verifier common.Address
	rollup   *bind.BoundContract
	r        *bindings.Rollup
	deployed uint64 // verifier deployment gas
	n        uint64
}

func newL1Bench(ctx context.Context, keysDir string, slots, depth int, log io.Writer) (*l1Bench, error) {
	cfg := fsm.DefaultConfig()
	cfg.MaxBatchTxs, cfg.TreeDepth = slots, depth
	b := &l1Bench{g: fsm.DevGenesis(cfg, devnet.Seed, 2*slots+2, 1_000_000_000, 0), r: bindings.NewRollup()}
	p := prover.ParamsFor(b.g.Config, slots)
	start := time.Now()
	keys, created, err := prover.Setup(keysDir, p, nil)
	if err != nil {
		return nil, err
	}
	if created {
		fmt.Fprintf(log, "setup %s: %v\n", p, time.Since(start).Round(time.Second))
	}
	b.keys = keys
	if b.m, err = fsm.New(b.g); err != nil {
		return nil, err
	}
	b.signer = newSigner(b.g)
	// Calldata costs more for non-zero bytes: transfers of amounts and
	// fees with as many significant digits as the packing keeps.
	b.signer.amount, b.signer.fee = 12_345_678, 2_047
	b.key, _ = crypto.GenerateKey()
	seq := crypto.PubkeyToAddress(b.key.PublicKey)
	if b.node, err = contracts.StartL1(contracts.L1Config{BlockTime: 50 * time.Millisecond, Funded: []common.Address{seq}}); err != nil {
		return nil, err
	}
	if b.eth, err = ethclient.DialContext(ctx, b.node.URL()); err != nil {
		b.close()
		return nil, err
	}
	chain, err := b.eth.ChainID(ctx)
	if err != nil {
		b.close()
		return nil, err
	}
	b.auth = bind.NewKeyedTransactor(b.key, chain)
	b.auth.Context = ctx
	vk, err := keys.SolidityKey()
	if err != nil {
		b.close()
		return nil, err
	}
	var rc *types.Receipt
	b.verifier, rc, err = contracts.DeployCode(ctx, b.auth, b.eth, common.FromHex(bindings.Groth16VerifierMetaData.Bin), bindings.NewGroth16Verifier().PackConstructor(vk))
	if err != nil {
		b.close()
		return nil, err
	}
	b.deployed = rc.GasUsed
	root := b.m.Root()
	addr, err := contracts.DeployRollup(ctx, b.auth, b.eth, contracts.RollupParams{Verifiers: []common.Address{b.verifier}, Sizes: []int{slots}, Sequencer: seq,
		GenesisRoot: new(big.Int).SetBytes(root[:]), TreeDepth: depth, ProveDeadline: 1000, InclusionDeadline: 1000, Provers: []common.Address{seq}})
	if err != nil {
		b.close()
		return nil, err
	}
	b.rollup = b.r.Instance(b.eth, addr)
	return b, nil
}

func (b *l1Bench) close() {
	if b.eth != nil {
		b.eth.Close()
	}
	if b.node != nil {
		b.node.Close()
	}
}

// benchBatch is a batch as L1 takes it.
type benchBatch struct {
	n       uint64
	root    *big.Int
	pubdata []byte
	payouts []byte
	proof   [8]*big.Int
	inputs  [3]*big.Int
}

// next sequences and proves a batch of txs.
func (b *l1Bench) next(txs []fsm.Tx) (benchBatch, error) {
	b.n++
	res := b.m.Build(txs, int64(b.n), false)
	if len(res.Included) != len(txs) {
		return benchBatch{}, fmt.Errorf("batch %d: built %d of %d: %v", b.n, len(res.Included), len(txs), res.Rejected)
	}
	b.m.Adopt(res)
	if r := b.m.Apply(b.n, 1, (&fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}).Encode()); r.Err != nil {
		return benchBatch{}, r.Err
	}
	pb, err := prover.BatchFromMachine(b.m, b.n)
	if err != nil {
		return benchBatch{}, err
	}
	raw, pi, err := b.keys.Prove(pb)
	if err != nil {
		return benchBatch{}, err
	}
	proof, err := prover.SolidityProof(raw)
	if err != nil {
		return benchBatch{}, err
	}
	in := pi.Solidity()
	// L1 takes what the settler posts: the unused wide entries left off.
	posted := fsm.PostedData(pi.PubData, b.g.MaxBatchTxs)
	payouts, err := fsm.Payouts(pi.PubData, b.g.MaxBatchTxs)
	if err != nil {
		return benchBatch{}, err
	}
	return benchBatch{n: b.n, root: in[1], pubdata: posted, payouts: payouts, proof: proof, inputs: in}, nil
}

// send transacts and returns the gas of a successful transaction.
func (b *l1Bench) send(ctx context.Context, data []byte) (uint64, error) {
	tx, err := bind.Transact(b.rollup, b.auth, data)
	if err != nil {
		return 0, err
	}
	r, err := bind.WaitMined(ctx, b.eth, tx.Hash())
	if err != nil {
		return 0, err
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return 0, fmt.Errorf("transaction %s reverted", tx.Hash())
	}
	return r.GasUsed, nil
}

func (b *l1Bench) settle(ctx context.Context, bb benchBatch) (commit, prove uint64, err error) {
	n := new(big.Int).SetUint64(bb.n)
	slots := big.NewInt(int64(b.g.MaxBatchTxs))
	if commit, err = b.send(ctx, b.r.PackCommitBatch(n, bb.root, slots, bb.pubdata)); err != nil {
		return 0, 0, fmt.Errorf("commit %d: %w", bb.n, err)
	}
	if prove, err = b.send(ctx, b.r.PackProveBatch(n, bb.proof, bb.payouts)); err != nil {
		return 0, 0, fmt.Errorf("prove %d: %w", bb.n, err)
	}
	return commit, prove, nil
}

// measure settles a batch of withdrawals, then batches of transfers.
func (b *l1Bench) measure(ctx context.Context, batches int) (L1Size, benchBatch, error) {
	slots := b.g.MaxBatchTxs
	size := L1Size{Slots: slots}
	// The batch of payouts goes first: the chain's first batch also pays
	// for its counters' first writes (lastCommitted, lastFinalized from
	// zero, about 17,000 gas each), which a running chain never pays
	// again, so the batches of transfers after it show the steady state.
	// Every wide entry a withdrawal (the most payouts a batch can have),
	// the other slots transfers.
	var ws []fsm.Tx
	for i := range fsm.WideEntries(slots) {
		from := uint32(1 + i)
		tx := fsm.Tx{Kind: fsm.KindWithdraw, From: from, L1Addr: fsm.L1Address(common.BigToAddress(big.NewInt(int64(0xba70000 + b.n*100 + uint64(i))))),
			Amount: 1, Fee: 1, Nonce: b.signer.nonces[from]}
		b.signer.nonces[from]++
		if err := tx.Sign(fsm.DevKey(devnet.Seed, uint64(from)), b.g.ChainID); err != nil {
			return size, benchBatch{}, err
		}
		ws = append(ws, tx)
	}
	bw, err := b.next(append(ws, b.signer.transfers(slots-len(ws))...))
	if err != nil {
		return size, benchBatch{}, err
	}
	if _, size.GasProveAllPayouts, err = b.settle(ctx, bw); err != nil {
		return size, benchBatch{}, err
	}
	var commits, proves []uint64
	var last benchBatch
	for range batches {
		bb, err := b.next(b.signer.transfers(slots))
		if err != nil {
			return size, last, err
		}
		c, p, err := b.settle(ctx, bb)
		if err != nil {
			return size, last, err
		}
		commits, proves, last = append(commits, c), append(proves, p), bb
	}
	size.GasCommit, size.GasProve = stats.Quantile(sortedU64(commits), 0.5), stats.Quantile(sortedU64(proves), 0.5)
	size.GasPerTx = float64(size.GasCommit+size.GasProve) / float64(slots)
	v := bindings.NewGroth16Verifier()
	if size.GasVerify, err = b.eth.EstimateGas(ctx, ethereum.CallMsg{From: b.auth.From, To: &b.verifier, Data: v.PackVerifyProof(last.proof, last.inputs)}); err != nil {
		return size, last, fmt.Errorf("verifyProof: %w", err)
	}
	size.ProveOverVerify = float64(size.GasProve) / float64(size.GasVerify)
	return size, last, nil
}

// sortedU64 is a sorted copy of xs.
func sortedU64(xs []uint64) []uint64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s
}

// compareVerifiers compiles gnark's generated verifier for the same key
// (node and the pinned solc needed), deploys it and verifies the same
// proof with both.
func (b *l1Bench) compareVerifiers(ctx context.Context, res *L1Result, bb benchBatch, contractsDir string) error {
	v := bindings.NewGroth16Verifier()
	ours, err := b.eth.EstimateGas(ctx, ethereum.CallMsg{From: b.auth.From, To: &b.verifier, Data: v.PackVerifyProof(bb.proof, bb.inputs)})
	if err != nil {
		return err
	}
	res.OursVerifyGas, res.OursDeployGas = ours, b.deployed
	if _, err := exec.LookPath("node"); err != nil {
		res.GnarkSkipped = "node not found"
		return nil
	}
	if _, err := os.Stat(filepath.Join(contractsDir, "node_modules", "solc")); err != nil {
		res.GnarkSkipped = "solc not installed: run make contracts (npm ci) first"
		return nil
	}
	tmp, err := os.MkdirTemp("", "baton-gnark-verifier-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "src")
	if err := os.MkdirAll(src, 0o700); err != nil {
		return err
	}
	var sol bytes.Buffer
	if err := b.keys.ExportGnarkSolidity(&sol); err != nil {
		return err
	}
	// Compiled by the same solc and settings as baton's contracts, so the
	// comparison is about the code.
	if err := os.WriteFile(filepath.Join(src, "GnarkVerifier.sol"), sol.Bytes(), 0o600); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "node", "compile.mjs", src, filepath.Join(tmp, "out"))
	cmd.Dir = contractsDir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("compile gnark's verifier: %w\n%s", err, out)
	}
	bin, err := os.ReadFile(filepath.Join(tmp, "out", "Verifier.bin"))
	if err != nil {
		return err
	}
	abiJSON, err := os.ReadFile(filepath.Join(tmp, "out", "Verifier.abi"))
	if err != nil {
		return err
	}
	parsed, err := abi.JSON(bytes.NewReader(abiJSON))
	if err != nil {
		return err
	}
	addr, rc, err := contracts.DeployCode(ctx, b.auth, b.eth, common.FromHex(strings.TrimSpace(string(bin))), nil)
	if err != nil {
		return fmt.Errorf("deploy gnark's verifier: %w", err)
	}
	// gnark's verifyProof takes the proof as 256 bytes: A, B, C words.
	var proof []byte
	for _, w := range bb.proof {
		proof = append(proof, common.LeftPadBytes(w.Bytes(), 32)...)
	}
	data, err := parsed.Pack("verifyProof", proof, bb.inputs)
	if err != nil {
		return err
	}
	gnark, err := b.eth.EstimateGas(ctx, ethereum.CallMsg{From: b.auth.From, To: &addr, Data: data})
	if err != nil {
		return fmt.Errorf("gnark's verifyProof rejects the proof: %w", err)
	}
	res.GnarkVerifyGas, res.GnarkDeployGas = gnark, rc.GasUsed
	res.VerifyRatio = float64(ours) / float64(gnark)
	return nil
}
