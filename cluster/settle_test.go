package cluster

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/contracts/bindings"
	"github.com/baton-rollup/baton/duty/settlement"
	"github.com/baton-rollup/baton/fsm"
)

// settledFarm is a prover farm whose cluster settles on an embedded L1.
type settledFarm struct {
	*farm
	l1     *contracts.L1Node
	eth    *ethclient.Client
	rollup common.Address
	inst   *bind.BoundContract
	user   *ecdsa.PrivateKey // an L1 user with funds
	ctx    context.Context
}

func newSettledFarm(t *testing.T) *settledFarm {
	t.Helper()
	keys := loadFarmKeys(t)
	seqKey, _ := crypto.GenerateKey()
	user, _ := crypto.GenerateKey()
	seq := crypto.PubkeyToAddress(seqKey.PublicKey)
	l1, err := contracts.StartL1(contracts.L1Config{BlockTime: 100 * time.Millisecond,
		Funded: []common.Address{seq, crypto.PubkeyToAddress(user.PublicKey)}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(func() { cancel(); l1.Close() })
	eth, err := ethclient.DialContext(ctx, l1.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eth.Close)
	chain, err := eth.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	auth := bind.NewKeyedTransactor(seqKey, chain)
	auth.Context = ctx
	vk, err := keys.SolidityKey()
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := contracts.DeployVerifier(ctx, auth, eth, vk)
	if err != nil {
		t.Fatal(err)
	}
	g := farmGenesis()
	m, _ := fsm.New(g)
	root := m.Root()
	rollup, err := contracts.DeployRollup(ctx, auth, eth, contracts.RollupParams{Verifiers: []common.Address{verifier}, Sequencer: seq,
		Sizes: g.Sizes(), GenesisRoot: new(big.Int).SetBytes(root[:]), TreeDepth: g.TreeDepth,
		ProveDeadline: 10_000, InclusionDeadline: 600, Provers: []common.Address{seq}})
	if err != nil {
		t.Fatal(err)
	}
	f := newFarmWith(t, nil, func(c *Config) {
		sender := contracts.DefaultSenderConfig(seqKey)
		sender.Confirmations, sender.BumpAfter = 2, 3*time.Second
		// Each replica its own connection, as separate machines would.
		reth, err := ethclient.Dial(l1.URL())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(reth.Close)
		c.Settlement = &settlement.Config{Eth: reth, Rollup: rollup, Sender: sender, Poll: 100 * time.Millisecond}
	})
	return &settledFarm{farm: f, l1: l1, eth: eth, rollup: rollup, user: user, ctx: ctx,
		inst: bindings.NewRollup().Instance(eth, rollup)}
}

func ethereumCall(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}

// userSend transacts as the L1 user and waits for success.
func (s *settledFarm) userSend(data []byte, value *big.Int) {
	s.t.Helper()
	chain, _ := s.eth.ChainID(s.ctx)
	auth := bind.NewKeyedTransactor(s.user, chain)
	auth.Context, auth.Value = s.ctx, value
	tx, err := bind.Transact(s.inst, auth, data)
	if err != nil {
		s.t.Fatal(err)
	}
	r, err := bind.WaitMined(s.ctx, s.eth, tx.Hash())
	if err != nil || r.Status != types.ReceiptStatusSuccessful {
		s.t.Fatalf("user transaction: %v, %+v", err, r)
	}
}

// waitFinalized waits until the contract and every running replica have
// finalized every batch of the log, and returns the head.
func (s *settledFarm) waitFinalized(timeout time.Duration) uint64 {
	s.t.Helper()
	r := bindings.NewRollup()
	deadline := time.Now().Add(timeout)
	for {
		head := s.maxHeight()
		done := head > 0
		for _, n := range s.running() {
			done = done && n.Status().Finalized == head
		}
		out, err := s.eth.CallContract(s.ctx, ethereumCall(s.rollup, r.PackLastFinalized()), nil)
		if err != nil {
			s.t.Fatal(err)
		}
		onL1, _ := r.UnpackLastFinalized(out)
		if done && onL1.Uint64() == head {
			return head
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("log head %d, L1 finalized %d, replicas %v after %v", head, onL1, s.finalizedByReplica(), timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (s *settledFarm) finalizedByReplica() []uint64 {
	var out []uint64
	for _, n := range s.running() {
		out = append(out, n.Status().Finalized)
	}
	return out
}

// TestSettleEndToEnd: a deposit and a forced exit made on L1, transfers
// and a withdrawal submitted to the cluster, a leader killed in the
// middle: every batch is posted, proven and finalized on L1 in order;
// every replica records it; the L1 root is the log's; the deposit became
// an L2 balance, the forced exit paid it back to its L1 owner, and the
// withdrawal is claimable on L1.
func TestSettleEndToEnd(t *testing.T) {
	s := newSettledFarm(t)
	s.startProver("p1")
	s.startProver("p2")
	r := bindings.NewRollup()

	// A deposit of 5000 gwei to a new L2 key, queued on L1.
	newKey := fsm.DevKey("settle-test", 99)
	s.userSend(r.PackDeposit([32]byte(newKey.Public())), big.NewInt(5000e9))

	// Once the deposit made its account, its owner forces it out.
	var idx uint32
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var ok bool
		s.running()[0].rep.read(func(m *fsm.Machine) { idx, ok = m.AccountByKey(newKey.Public()) })
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the deposit never reached L2")
		}
	}
	s.userSend(r.PackForceExit(idx), nil)

	nonces := map[uint32]uint64{}
	s.send(6, nonces)
	// Batches are on L1 before the leader dies.
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		out, _ := s.eth.CallContract(s.ctx, ethereumCall(s.rollup, r.PackLastCommitted()), nil)
		if c, _ := r.UnpackLastCommitted(out); c != nil && c.Uint64() >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("nothing committed on L1")
		}
	}
	i, _ := s.leader(5 * time.Second)
	s.stop(i)

	// A withdrawal of 300 gwei from account 2 to a fresh L1 address.
	payee := common.Address{0xba, 0x70}
	w := fsm.Tx{Kind: fsm.KindWithdraw, From: 2, L1Addr: fsm.L1Address(payee), Amount: 300, Fee: 1, Nonce: nonces[2]}
	nonces[2]++
	if err := w.Sign(fsm.DevKey(testSeed, 2), farmGenesis().ChainID); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	if _, err := s.submit(ctx, (i+1)%3, w); err != nil {
		t.Fatal(err)
	}
	s.send(4, nonces)

	head := s.waitFinalized(150 * time.Second)
	n := s.running()[0]
	// The L1 root is the log's.
	out, _ := s.eth.CallContract(s.ctx, ethereumCall(s.rollup, r.PackFinalizedRoot()), nil)
	root, _ := r.UnpackFinalizedRoot(out)
	if want := n.Status().StateRoot; root.Cmp(new(big.Int).SetBytes(want[:])) != 0 {
		t.Fatalf("L1 root %#x, log root %s", root, want)
	}
	// Every batch carries the L1 transactions that posted and finalized it.
	for b := uint64(1); b <= head; b++ {
		rec, _ := n.BatchRecord(b)
		if rec.State != fsm.StateFinalized || rec.PostedRef == (fsm.Hash{}) || rec.FinalizedRef == (fsm.Hash{}) {
			t.Fatalf("batch %d: %s, posted %s, finalized %s", b, rec.State, rec.PostedRef, rec.FinalizedRef)
		}
		rc, err := s.eth.TransactionReceipt(s.ctx, common.Hash(rec.FinalizedRef))
		if err != nil || rc.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("batch %d's finalizing L1 tx %s: %v", b, rec.FinalizedRef, err)
		}
	}
	// The deposit reached L2, and the forced exit took all of it to the
	// owner's claimable balance on L1.
	var acc fsm.Account
	n.rep.read(func(m *fsm.Machine) { acc, _ = m.Account(idx) })
	if acc.PubKey != newKey.Public() || acc.Balance != 0 || acc.Owner != fsm.L1Address(crypto.PubkeyToAddress(s.user.PublicKey)) {
		t.Fatalf("deposited account after the forced exit: %+v", acc)
	}
	out, _ = s.eth.CallContract(s.ctx, ethereumCall(s.rollup, r.PackClaimable(crypto.PubkeyToAddress(s.user.PublicKey))), nil)
	if c, _ := r.UnpackClaimable(out); c == nil || c.Cmp(big.NewInt(5000e9)) != 0 {
		t.Fatalf("owner's claimable %v, want the 5000 gwei deposit", c)
	}
	// The withdrawal reports finality and is claimable once final.
	st, found := n.ingress.txStatus(w.Hash())
	if !found || st.Status != "finalized" || st.FinalizedRef == (fsm.Hash{}) {
		t.Fatalf("withdrawal status %+v", st)
	}
	out, _ = s.eth.CallContract(s.ctx, ethereumCall(s.rollup, r.PackClaimable(payee)), nil)
	if c, _ := r.UnpackClaimable(out); c == nil || c.Cmp(big.NewInt(300e9)) != 0 {
		t.Fatalf("claimable %v, want 300 gwei", c)
	}
	s.checkInvariants()
}
