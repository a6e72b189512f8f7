package contracts

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/test"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/baton-rollup/baton/contracts/bindings"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/prover"
)

// acceptAllVerifier is the init code of a contract whose every call
// returns true: a verifier that takes any proof, so that the agreement test
// reaches the rollup's payouts without Groth16. Runtime: PUSH1 1 PUSH1 0
// MSTORE PUSH1 32 PUSH1 0 RETURN.
var acceptAllVerifier = common.FromHex("69" + "600160005260206000f3" + "600052" + "600a6016f3")

// TestPublicDataAgreement: for random batches of every kind of operation
// (deposits that create, credit, overflow or find the tree full; forced
// exits by owners and strangers; transfers and withdrawals with packed
// amounts; more wide operations than a batch holds), each laid out for a
// circuit size that holds it (of two), the fsm's public data is what the
// circuit of that size hashes (the test engine solves the circuit with
// the fsm's DataCommitment as public input), and what the contract reads
// from it agrees with the fsm: the deposits and exits it queued are
// consumed in order, the payouts hash it keeps is that of fsm.Payouts'
// list, it finalizes with exactly that list (none left out, added,
// reordered or changed), and what it then releases is the withdrawals,
// exits and refused deposits the fsm executed.
func TestPublicDataAgreement(t *testing.T) {
	const users = 4
	sizes := fsm.Sizes{2, 8}
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth, cfg.MaxBatchTxs = 4, sizes[len(sizes)-1]
	g := fsm.DevGenesis(cfg, "agree", 3, 1_000_000, 0)
	g.CircuitSizes = sizes
	m, err := fsm.New(g)
	if err != nil {
		t.Fatal(err)
	}
	l := newL1(t, users)
	verifier, _, err := DeployCode(l.ctx, l.auth(0), l.client, acceptAllVerifier, nil)
	if err != nil {
		t.Fatal(err)
	}
	root := m.Root()
	addr, err := DeployRollup(l.ctx, l.auth(0), l.client, RollupParams{Sizes: sizes, Verifiers: []common.Address{verifier, verifier},
		Sequencer: l.addr(0), GenesisRoot: new(big.Int).SetBytes(root[:]), TreeDepth: cfg.TreeDepth, ProveDeadline: 100, InclusionDeadline: 1000,
		Provers: []common.Address{l.addr(0)}})
	if err != nil {
		t.Fatal(err)
	}
	l.manual()
	r := bindings.NewRollup()
	inst := r.Instance(l.client, addr)
	gwei := func(v uint64) *big.Int { return new(big.Int).Mul(new(big.Int).SetUint64(v), big.NewInt(1e9)) }
	owner := func(u int) fsm.L1Address { return fsm.L1Address(l.addr(u)) }

	rng := rand.New(rand.NewPCG(17, 4))
	var pending []fsm.Tx // queued on L1, not yet in a batch
	var queued uint64
	keyOf := map[uint32]fsm.PrivateKey{}
	for i := range 3 {
		keyOf[uint32(i)] = fsm.DevKey("agree", uint64(i))
	}
	// Gwei owed per address, as big numbers: a refused deposit of
	// nearly 2^64 gwei on top of earlier payouts overflows a uint64.
	owed := map[fsm.L1Address]*big.Int{}
	pay := func(to fsm.L1Address, v uint64) {
		if owed[to] == nil {
			owed[to] = new(big.Int)
		}
		owed[to].Add(owed[to], new(big.Int).SetUint64(v))
	}
	payoutCount, seen := 0, map[string]int{}
	owners := map[uint32]int{} // accounts deposits created: their owner
	userOf := func(a fsm.L1Address) int {
		for u := range users {
			if owner(u) == a {
				return u
			}
		}
		t.Fatalf("%x is no user", a)
		return 0
	}
	steps := 16
	if testing.Short() {
		steps = 3
	}
	for step := range steps {
		// L1: a few deposits and forced exits join the queue.
		for range rng.IntN(5) {
			u := 1 + rng.IntN(users-1)
			var tx fsm.Tx
			if rng.IntN(3) > 0 {
				seed := rng.Uint64N(12)
				amount := 1 + rng.Uint64N(5000)
				if rng.IntN(4) == 0 {
					amount = ^uint64(0) - rng.Uint64N(3) // overflows any funded account
				}
				key := fsm.DevKey("agree", seed).Public()
				a := l.auth(u)
				a.Value = gwei(amount)
				tx = fsm.Tx{Kind: fsm.KindDeposit, PubKey: key, L1Addr: owner(u), Amount: amount}
				mustMine(t, l, a, inst, r.PackDeposit(key))
			} else {
				// Mostly an account's owner (it pays), else anyone's.
				acct := uint32(rng.IntN(8))
				if len(owners) > 0 && rng.IntN(3) > 0 {
					acct = slices.Sorted(maps.Keys(owners))[rng.IntN(len(owners))]
					u = owners[acct]
				}
				tx = fsm.Tx{Kind: fsm.KindForcedExit, From: acct, L1Addr: owner(u)}
				mustMine(t, l, l.auth(u), inst, r.PackForceExit(acct))
			}
			tx.QueueIndex = queued
			queued++
			pending = append(pending, tx)
		}
		// L2: transfers and withdrawals from accounts whose keys we know.
		cands := append([]fsm.Tx(nil), pending...)
		nonces := map[uint32]uint64{}
		for range rng.IntN(cfg.MaxBatchTxs) {
			from := uint32(rng.IntN(m.NumAccounts()))
			k, ok := keyOf[from]
			if !ok {
				continue
			}
			a, _ := m.Account(from)
			amount := []uint64{1 + rng.Uint64N(500), 12_000, 7_000_000}[rng.IntN(3)]
			tx := fsm.Tx{From: from, Amount: amount, Fee: rng.Uint64N(3) * 1000, Nonce: a.Nonce + nonces[from]}
			if rng.IntN(3) == 0 {
				tx.Kind, tx.L1Addr = fsm.KindWithdraw, owner(1+rng.IntN(users-1))
			} else {
				tx.Kind, tx.To = fsm.KindTransfer, uint32(rng.IntN(m.NumAccounts()))
			}
			if err := tx.Sign(k, cfg.ChainID); err != nil {
				t.Fatal(err)
			}
			nonces[from]++
			cands = append(cands, tx)
		}
		res := m.Build(cands, int64(step+1), true)
		m.Adopt(res)
		if rs := m.Apply(uint64(step+1), 1, (&fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}).Encode()); rs.Err != nil {
			t.Fatal(rs.Err)
		}
		b, err := prover.BatchFromMachine(m, res.Batch.Header.Number)
		if err != nil {
			t.Fatal(err)
		}
		pending = pending[countPriority(b.Txs):]
		for i := range b.Txs {
			tx, rc := &b.Txs[i], &b.Receipts[i]
			switch {
			case tx.Kind == fsm.KindWithdraw:
				pay(tx.L1Addr, tx.Amount)
				seen["withdrawals"]++
			case tx.Kind == fsm.KindForcedExit && !rc.Failed:
				pay(tx.L1Addr, rc.Exit)
				seen["exits paid"]++
			case tx.Kind == fsm.KindForcedExit:
				seen["exits refused"]++
			case tx.Kind == fsm.KindDeposit && rc.Failed:
				pay(tx.L1Addr, tx.Amount)
				seen["deposits refused"]++
			case tx.Kind == fsm.KindDeposit:
				keyOf[rc.Account] = depositKey(tx.PubKey)
				if _, ok := owners[rc.Account]; !ok {
					owners[rc.Account] = userOf(tx.L1Addr)
				}
			}
		}
		failed := 0
		for _, rc := range b.Receipts {
			if rc.Failed {
				failed++
			}
		}
		t.Logf("step %d: %d operations, %d wide (%d failed), %d deferred, %d rejected", step, len(b.Txs), fsm.WideOps(b.Txs), failed, len(res.Deferred), len(res.Rejected))
		// The batch's size: any that holds it, mostly the smallest (the
		// batcher's choice).
		slots, err := sizes.For(b.Txs)
		if err != nil {
			t.Fatal(err)
		}
		if rng.IntN(3) == 0 {
			slots = sizes[len(sizes)-1]
		}
		p := prover.ParamsFor(cfg, slots)
		pi, err := prover.Public(p, b)
		if err != nil {
			t.Fatal(err)
		}

		// The circuit: solved with the fsm's commitment over the fsm's data.
		w, err := prover.Assign(p, b)
		if err != nil {
			t.Fatal(err)
		}
		if err := test.IsSolved(prover.NewCircuit(p), w, ecc.BN254.ScalarField()); err != nil {
			t.Fatalf("step %d (%d operations, %d wide): the circuit disagrees: %v", step, len(b.Txs), fsm.WideOps(b.Txs), err)
		}

		// The contract: takes the posted data (unused wide entries left
		// off), or any longer form up to the full data, consumes the
		// queue, commits to what the fsm commits to, and releases the
		// payouts.
		number := new(big.Int).SetUint64(b.Number)
		post := new(big.Int).SetBytes(b.PostRoot[:])
		posted := fsm.PostedData(pi.PubData, slots)
		if want := slots*fsm.RecordSize + fsm.WideOps(b.Txs)*fsm.WideSize; len(posted) != want {
			t.Fatalf("step %d: posted %d bytes, want %d", step, len(posted), want)
		}
		size := big.NewInt(int64(slots))
		for name, bad := range badPostings(pi.PubData, posted, slots) {
			if _, err := l.send(t, inst, 0, r.PackCommitBatch(number, post, size, bad)); err == nil {
				t.Fatalf("step %d: commit of %s (%d bytes) accepted", step, name, len(bad))
			}
		}
		// Committed for the other size, the data is refused: these sizes'
		// lengths never coincide.
		for _, other := range sizes {
			if other == slots {
				continue
			}
			if validLength(len(posted), other) {
				t.Fatalf("step %d: %d bytes are public data of %d and of %d slots", step, len(posted), slots, other)
			}
			if got := l.revert(t, &addr, 0, r.PackCommitBatch(number, post, big.NewInt(int64(other)), posted)); got != "BadPublicData" {
				t.Fatalf("step %d: data for %d slots committed for %d: reverts %q", step, slots, other, got)
			}
		}
		gasPosted, err1 := l.client.EstimateGas(l.ctx, ethereum.CallMsg{From: l.addr(0), To: &addr, Data: r.PackCommitBatch(number, post, size, posted)})
		gasFull, err2 := l.client.EstimateGas(l.ctx, ethereum.CallMsg{From: l.addr(0), To: &addr, Data: r.PackCommitBatch(number, post, size, pi.PubData)})
		if err1 != nil || err2 != nil {
			t.Fatalf("step %d: estimating the commit: %v, %v", step, err1, err2)
		}
		t.Logf("step %d: %d slots, commit gas %d posting %d bytes, %d posting all %d", step, slots, gasPosted, len(posted), gasFull, len(pi.PubData))
		commit := r.PackCommitBatch(number, post, size, longer(rng, posted, pi.PubData))
		if _, err := l.send(t, inst, 0, commit); err != nil {
			t.Fatalf("step %d: commit: %v", step, err)
		}
		// The rebuild reads the commit's calldata: the same operations.
		onL1, err := (&Rollup{abi: r}).decodeCommit(commit)
		if err != nil {
			t.Fatal(err)
		}
		if onL1.Slots != slots {
			t.Fatalf("step %d: committed for %d slots, read back %d", step, slots, onL1.Slots)
		}
		got, err1 := fsm.DecodePublicData(onL1.Pubdata, slots)
		want, err2 := fsm.DecodePublicData(pi.PubData, slots)
		if err1 != nil || err2 != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("step %d: %d posted bytes decode to %+v (%v), the full data to %+v (%v)", step, len(onL1.Pubdata), got, err1, want, err2)
		}
		stored, err := bind.Call(inst, nil, r.PackBatches(number), r.UnpackBatches)
		c := fsm.DataCommitment(pi.PubData)
		if want := c.BigInt(new(big.Int)); err != nil || stored.Commitment.Cmp(want) != 0 {
			t.Fatalf("step %d: L1 committed to %v, the fsm to %v (%v)", step, stored.Commitment, want, err)
		}
		if stored.Slots != uint32(slots) {
			t.Fatalf("step %d: L1 keeps %d slots, committed %d", step, stored.Slots, slots)
		}

		// The payouts: what fsm.Payouts lists (from the posted or the full
		// data alike) is what the contract's hash chain holds, and the
		// only list it finalizes with.
		payouts, err := fsm.Payouts(posted, slots)
		if err != nil {
			t.Fatal(err)
		}
		if fromFull, err := fsm.Payouts(pi.PubData, slots); err != nil || !bytes.Equal(fromFull, payouts) {
			t.Fatalf("step %d: payouts %x from the posted data, %x (%v) from the full data", step, payouts, fromFull, err)
		}
		if want := payoutsChain(payouts); stored.Payouts != want {
			t.Fatalf("step %d: L1 keeps payouts hash %x, fsm.Payouts' list hashes to %x", step, stored.Payouts, want)
		}
		payoutCount += len(payouts) / fsm.PayoutSize
		var proof [8]*big.Int
		for i := range proof {
			proof[i] = new(big.Int)
		}
		for name, bad := range badPayouts(rng, payouts, owner(1)) {
			if got := l.revert(t, &addr, 0, r.PackProveBatch(number, proof, bad)); got != "BadPayouts" {
				t.Fatalf("step %d: prove with %s (%x): reverts %q, want BadPayouts", step, name, bad, got)
			}
		}
		if _, err := l.send(t, inst, 0, r.PackProveBatch(number, proof, payouts)); err != nil {
			t.Fatalf("step %d: prove with payouts %x: %v", step, payouts, err)
		}
		next, err := bind.Call(inst, nil, r.PackNextPriority(), r.UnpackNextPriority)
		if err != nil || next.Uint64() != m.NextPriority() {
			t.Fatalf("step %d: L1 consumed %v priority operations, L2 %d (%v)", step, next, m.NextPriority(), err)
		}
		for u := 1; u < users; u++ {
			got, err := bind.Call(inst, nil, r.PackClaimable(l.addr(u)), r.UnpackClaimable)
			want := new(big.Int)
			if o := owed[owner(u)]; o != nil {
				want.Mul(o, big.NewInt(1e9))
			}
			if err != nil || got.Cmp(want) != 0 {
				t.Fatalf("step %d: user %d may claim %v wei, the fsm paid out %v wei (%v)", step, u, got, want, err)
			}
		}
	}
	t.Logf("%d payouts; operations seen: %v", payoutCount, seen)
	for _, k := range []string{"withdrawals", "exits paid", "exits refused", "deposits refused"} {
		if seen[k] == 0 && !testing.Short() {
			t.Errorf("no %s: the test exercised too little", k)
		}
	}
}

// payoutsChain is the hash chain the rollup keeps of a list of payouts:
// h = keccak256(h || address || amount) over the entries, from zero.
func payoutsChain(payouts []byte) [32]byte {
	var h [32]byte
	for p := range slices.Chunk(payouts, fsm.PayoutSize) {
		h = crypto.Keccak256Hash(h[:], p)
	}
	return h
}

// badPayouts are lists of payouts other than payouts (a batch's exact
// list) that the contract must refuse: one left out, added, moved, or
// with its amount or address changed, a zero amount added, and lists that
// are not whole entries.
func badPayouts(rng *rand.Rand, payouts []byte, someone fsm.L1Address) map[string][]byte {
	entry := func(to fsm.L1Address, gwei uint64) []byte {
		return binary.BigEndian.AppendUint64(append([]byte(nil), to[:]...), gwei)
	}
	cat := func(parts ...[]byte) []byte { return slices.Concat(parts...) }
	bad := map[string][]byte{
		"an entry added at the end":   cat(payouts, entry(someone, 1)),
		"an entry added at the start": cat(entry(someone, 1), payouts),
		"a zero amount added":         cat(payouts, entry(someone, 0)),
		"a byte more":                 cat(payouts, []byte{0}),
	}
	n := len(payouts) / fsm.PayoutSize
	if n == 0 {
		return bad
	}
	i := rng.IntN(n)
	at := func(j int) []byte { return payouts[j*fsm.PayoutSize : (j+1)*fsm.PayoutSize] }
	bad["none"] = []byte{}
	bad["a byte less"] = payouts[:len(payouts)-1]
	bad["the last left out"] = payouts[:len(payouts)-fsm.PayoutSize]
	bad["one left out"] = cat(payouts[:i*fsm.PayoutSize], payouts[(i+1)*fsm.PayoutSize:])
	bad["one twice"] = cat(payouts[:i*fsm.PayoutSize], at(i), payouts[i*fsm.PayoutSize:])
	changed := cat(payouts)
	amount := changed[i*fsm.PayoutSize+20 : (i+1)*fsm.PayoutSize]
	if v := binary.BigEndian.Uint64(amount); v < math.MaxUint64 {
		binary.BigEndian.PutUint64(amount, v+1)
	} else {
		binary.BigEndian.PutUint64(amount, v-1)
	}
	bad["an amount changed"] = changed
	other := cat(payouts)
	other[i*fsm.PayoutSize] ^= 0x01
	bad["an address changed"] = other
	if n >= 2 {
		j := (i + 1) % n
		if !bytes.Equal(at(i), at(j)) {
			swapped := cat(payouts)
			copy(swapped[i*fsm.PayoutSize:], at(j))
			copy(swapped[j*fsm.PayoutSize:], at(i))
			bad["two swapped"] = swapped
		}
	}
	return bad
}

// validLength reports whether n bytes are a length of posted public data
// for slots slots: the records and whole wide entries, at most all.
func validLength(n, slots int) bool {
	recs := slots * fsm.RecordSize
	return n >= recs && (n-recs)%fsm.WideSize == 0 && n <= fsm.PubDataSize(slots)
}

// badPostings are forms of a batch's public data the contract must
// refuse: lengths that are not the records and whole wide entries, more
// entries than the circuit has, and a record's wide entry left off.
func badPostings(full, posted []byte, slots int) map[string][]byte {
	bad := map[string][]byte{
		"a byte more":       append(append([]byte(nil), posted...), 0),
		"a byte less":       posted[:len(posted)-1],
		"records cut":       full[:slots*fsm.RecordSize-fsm.RecordSize],
		"an entry too many": append(append([]byte(nil), full...), make([]byte, fsm.WideSize)...),
	}
	if len(posted) > slots*fsm.RecordSize {
		bad["an entry in use left off"] = posted[:len(posted)-fsm.WideSize]
	}
	return bad
}

// longer is posted data with a random number of the zero wide entries
// after it put back (none to all): the contract reads every such form as
// the same data.
func longer(rng *rand.Rand, posted, full []byte) []byte {
	extra := rng.IntN((len(full)-len(posted))/fsm.WideSize + 1)
	return full[:len(posted)+extra*fsm.WideSize]
}

func countPriority(txs []fsm.Tx) int {
	n := 0
	for i := range txs {
		if txs[i].Kind.IsPriority() {
			n++
		}
	}
	return n
}

// depositKey finds the dev key behind a deposited public key.
func depositKey(pub fsm.PubKey) fsm.PrivateKey {
	for s := range uint64(12) {
		if k := fsm.DevKey("agree", s); k.Public() == pub {
			return k
		}
	}
	return fsm.PrivateKey{}
}

func mustMine(t *testing.T, l *l1, a *bind.TransactOpts, inst *bind.BoundContract, data []byte) {
	t.Helper()
	tx, err := bind.Transact(inst, a, data)
	if err != nil {
		t.Fatal(err)
	}
	l.sim.Commit()
	if rc, err := bind.WaitMined(l.ctx, l.client, tx.Hash()); err != nil || rc.Status != 1 {
		t.Fatalf("mined %v, %v", rc, err)
	}
}
