package fsm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The property tests run random streams of candidates, batches, tampered
// batches and batch-state commands through three replicas:
//
//   - leader builds every batch (Build + Adopt) and applies it;
//   - follower and lagger only apply, lagger one step behind so that it
//     holds the pre-state of each batch for the witness checks.
//
// A naive model (plain slices and the documented rules, one operation at a
// time) predicts what Build includes, rejects and defers, every receipt and
// every account after every batch.
//
// The leader builds with BuildChecked, as the cluster does, skipping the
// signatures its API would already have verified; the others verify all.

// model is the naive reference for execution.
type model struct {
	cfg    Config
	accts  []Account
	cursor uint64
}

func newModel(g Genesis) *model {
	md := &model{cfg: g.Config}
	for _, a := range g.Accounts {
		md.accts = append(md.accts, Account{PubKey: a.PubKey, Owner: a.Owner, Balance: a.Balance})
	}
	return md
}

func (md *model) clone() *model {
	return &model{cfg: md.cfg, accts: slices.Clone(md.accts), cursor: md.cursor}
}

func (md *model) lookup(p PubKey) (int, bool) {
	for i, a := range md.accts {
		if a.PubKey == p {
			return i, true
		}
	}
	return 0, false
}

type verdict int

const (
	vInclude verdict = iota
	vReject
	vDefer
)

// exec runs one operation the way the package documents it; the model is
// changed only for vInclude. signer is the key that signed an L2 operation.
func (md *model) exec(tx *Tx, signer PubKey) (Receipt, verdict) {
	if tx.Kind.IsPriority() {
		switch {
		case tx.QueueIndex > md.cursor:
			return Receipt{}, vDefer
		case tx.QueueIndex < md.cursor:
			return Receipt{}, vReject
		}
		md.cursor++
		if tx.Kind == KindDeposit {
			if i, ok := md.lookup(tx.PubKey); ok {
				if md.accts[i].Balance > math.MaxUint64-tx.Amount {
					return Receipt{Failed: true, Account: uint32(i)}, vInclude
				}
				md.accts[i].Balance += tx.Amount
				return Receipt{Account: uint32(i)}, vInclude
			}
			if uint64(len(md.accts)) >= 1<<md.cfg.TreeDepth {
				return Receipt{Failed: true}, vInclude
			}
			md.accts = append(md.accts, Account{PubKey: tx.PubKey, Owner: tx.L1Addr, Balance: tx.Amount})
			return Receipt{Account: uint32(len(md.accts) - 1)}, vInclude
		}
		if int(tx.From) >= len(md.accts) || md.accts[tx.From].Owner != tx.L1Addr {
			return Receipt{Failed: true, Account: tx.From}, vInclude
		}
		exit := md.accts[tx.From].Balance
		md.accts[tx.From].Balance = 0
		return Receipt{Account: tx.From, Exit: exit}, vInclude
	}
	if tx.Amount == 0 || tx.Amount > math.MaxUint64-tx.Fee || (tx.Kind == KindTransfer && tx.From == tx.To) ||
		!packsNaive(tx.Amount, 35) || !packsNaive(tx.Fee, 11) {
		return Receipt{}, vReject
	}
	if int(tx.From) >= len(md.accts) {
		return Receipt{}, vReject
	}
	from := md.accts[tx.From]
	switch {
	case tx.Nonce < from.Nonce:
		return Receipt{}, vReject
	case tx.Nonce > from.Nonce:
		return Receipt{}, vDefer
	case signer != from.PubKey:
		return Receipt{}, vReject
	case from.Balance < tx.Amount+tx.Fee:
		return Receipt{}, vReject
	case tx.Kind == KindTransfer && int(tx.To) >= len(md.accts):
		return Receipt{}, vReject
	}
	// Work on a copy of the balances so that an overflow leaves nothing.
	bal := make(map[uint32]uint64)
	get := func(i uint32) uint64 {
		if v, ok := bal[i]; ok {
			return v
		}
		return md.accts[i].Balance
	}
	bal[tx.From] = from.Balance - tx.Amount - tx.Fee
	credit := func(i uint32, v uint64) bool {
		if get(i) > math.MaxUint64-v {
			return false
		}
		bal[i] = get(i) + v
		return true
	}
	if tx.Kind == KindTransfer && !credit(tx.To, tx.Amount) {
		return Receipt{}, vReject
	}
	if !credit(md.cfg.FeeAccount, tx.Fee) {
		return Receipt{}, vReject
	}
	for i, v := range bal {
		md.accts[i].Balance = v
	}
	md.accts[tx.From].Nonce++
	return Receipt{Account: tx.From}, vInclude
}

// build predicts Build: candidates in order, at most MaxBatchTxs, priority
// operations only before the first L2 operation. It returns the model after
// the batch, the verdicts and the receipts of the included operations.
func (md *model) build(cands []Tx, signers []PubKey) (*model, []verdict, []Receipt) {
	next := md.clone()
	verdicts := make([]verdict, len(cands))
	var receipts []Receipt
	l2seen := false
	// Withdrawals and priority operations: one wide entry each, max(min(B,
	// 4), B/16) of them.
	wide, maxWide := 0, max(min(md.cfg.MaxBatchTxs, 4), md.cfg.MaxBatchTxs/16)
	isWide := func(k TxKind) bool { return k == KindWithdraw || k == KindDeposit || k == KindForcedExit }
	for i := range cands {
		if len(receipts) == md.cfg.MaxBatchTxs || (cands[i].Kind.IsPriority() && l2seen) ||
			(isWide(cands[i].Kind) && wide == maxWide) {
			verdicts[i] = vDefer
			continue
		}
		r, v := next.exec(&cands[i], signers[i])
		verdicts[i] = v
		if v == vInclude {
			l2seen = l2seen || !cands[i].Kind.IsPriority()
			receipts = append(receipts, r)
			if isWide(cands[i].Kind) {
				wide++
			}
		}
	}
	return next, verdicts, receipts
}

// packsNaive reports whether v is m·10^e with m < 2^mbits and e < 32, by
// trying every exponent.
func packsNaive(v uint64, mbits uint) bool {
	pow := uint64(1)
	for e := 0; e < 32; e++ {
		if v%pow == 0 && v/pow < 1<<mbits {
			return true
		}
		if pow > math.MaxUint64/10 {
			return false
		}
		pow *= 10
	}
	return false
}

// propRun is one random run.
type propRun struct {
	t        *testing.T
	r        *rand.Rand
	g        Genesis
	keys     []PrivateKey // the genesis keys come first, then deposit keys
	pool     []PubKey
	md       *model
	leader   *Machine
	follower *Machine
	lagger   *Machine
	index    uint64
}

func newPropRun(t *testing.T, seed uint64) *propRun {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	keys := testKeys(t, 100+seed, 20)
	g := testGenesis(keys[:5], 0)
	g.TreeDepth = []int{4, 6, 8}[seed%3]
	g.FeeAccount = uint32(seed % 3)
	g.CheckpointInterval = 1 + seed%4
	g.MaxBatchTxs = 4 + int(seed%8)
	g.Timestamp = int64(r.IntN(1000))
	for i := range g.Accounts {
		g.Accounts[i].Balance = uint64(r.IntN(2000))
	}
	p := &propRun{t: t, r: r, g: g, md: newModel(g), keys: keys}
	for _, k := range keys {
		p.pool = append(p.pool, k.Public())
	}
	p.leader, p.follower, p.lagger = newTestMachine(t, g), newTestMachine(t, g), newTestMachine(t, g)
	return p
}

// candidates draws a mix of valid and invalid operations, shaped by the
// model so that most of them have a chance. L2 operations are mostly signed
// by their sender, sometimes by another key; signers says by which, and
// checked marks those the leader's API would already have verified (a
// known sender's own key), which the builder may skip.
func (p *propRun) candidates() (out []Tx, signers []PubKey, checked []bool) {
	r, md := p.r, p.md
	n := len(md.accts)
	nonces := make(map[uint32]uint64)
	nonce := func(i uint32) uint64 {
		v, ok := nonces[i]
		if !ok && int(i) < n {
			v = md.accts[i].Nonce
		}
		switch r.IntN(10) {
		case 0:
			return v + 1 // a gap: deferred
		case 1:
			if v > 0 {
				return v - 1 // a replay: rejected
			}
		}
		nonces[i] = v + 1
		return v
	}
	amount := func(i uint32) uint64 {
		switch r.IntN(12) {
		case 0:
			return 0
		case 1:
			return math.MaxUint64 - uint64(r.IntN(3))
		}
		var bal uint64
		if int(i) < n {
			bal = md.accts[i].Balance
		}
		return 1 + r.Uint64N(bal/2+2)
	}
	q := md.cursor
	queue := func() uint64 {
		switch r.IntN(10) {
		case 0:
			return q + 1 // a gap: deferred
		case 1:
			if q > 0 {
				return q - 1 // consumed already: rejected
			}
		}
		q++
		return q - 1
	}
	acct := func() uint32 { return uint32(r.IntN(n + 2)) } // sometimes unknown
	for range r.IntN(2 * p.g.MaxBatchTxs) {
		var tx Tx
		switch x := r.IntN(20); {
		case x < 8:
			from, to := acct(), acct()
			if r.IntN(10) == 0 {
				to = from // to self: rejected
			}
			tx = Tx{Kind: KindTransfer, From: from, To: to, Amount: amount(from), Fee: uint64(r.IntN(4)), Nonce: nonce(from)}
		case x < 11:
			from := acct()
			tx = Tx{Kind: KindWithdraw, From: from, L1Addr: L1Address{19: byte(r.Uint32())}, Amount: amount(from), Fee: uint64(r.IntN(4)), Nonce: nonce(from)}
		case x < 16:
			tx = Tx{Kind: KindDeposit, QueueIndex: queue(), PubKey: p.pool[r.IntN(len(p.pool))], L1Addr: L1Address{19: byte(r.IntN(4))}, Amount: 1 + r.Uint64N(500)}
			if r.IntN(15) == 0 {
				tx.Amount = math.MaxUint64 - 1 // overflows an existing balance
			}
		default:
			a := acct()
			tx = Tx{Kind: KindForcedExit, QueueIndex: queue(), From: a, L1Addr: L1Address{19: byte(r.IntN(4))}}
			if int(a) < n && r.IntN(2) == 0 {
				tx.L1Addr = md.accts[a].Owner
			}
		}
		var signer PubKey
		ok := false
		if !tx.Kind.IsPriority() {
			k := p.keys[r.IntN(len(p.keys))]
			if int(tx.From) < n && r.IntN(10) > 0 {
				k, ok = p.keys[slices.Index(p.pool, md.accts[tx.From].PubKey)], true
			}
			if err := tx.Sign(k, p.g.ChainID); err != nil {
				p.t.Fatal(err)
			}
			signer = k.Public()
		}
		out, signers, checked = append(out, tx), append(signers, signer), append(checked, ok)
	}
	return out, signers, checked
}

func (p *propRun) apply(m *Machine, data []byte) Result {
	return m.Apply(p.index, 7, data)
}

// step builds one batch on the leader, checks it against the model, tries
// tampered copies on the follower, then applies it everywhere.
func (p *propRun) step(iter int) {
	t := p.t
	cands, signers, checked := p.candidates()
	// Evidence as the API would hold it: for the properly signed ones, and,
	// sometimes, evidence under the wrong key, which must not spare a check.
	evidence := make([]SigVerified, len(cands))
	for i := range cands {
		if cands[i].Kind.IsPriority() {
			continue
		}
		if checked[i] || p.r.IntN(4) == 0 {
			evidence[i], _ = VerifySignature(&cands[i], signers[i], p.g.ChainID)
		}
	}
	res := p.leader.BuildChecked(cands, evidence, p.leader.Head().Timestamp+int64(p.r.IntN(100))-10, p.r.IntN(10) == 0)
	next, verdicts, receipts := p.md.build(cands, signers)
	got := make([]verdict, len(cands))
	for i := range got {
		got[i] = -1
	}
	for _, i := range res.Included {
		got[i] = vInclude
	}
	for _, rj := range res.Rejected {
		got[rj.Pos] = vReject
	}
	for _, i := range res.Deferred {
		got[i] = vDefer
	}
	for i := range cands {
		if got[i] != verdicts[i] {
			t.Fatalf("iter %d: candidate %d %+v: Build says %d, model %d (rejection %v)", iter, i, cands[i], got[i], verdicts[i], res.Rejected)
		}
	}
	if res.Batch == nil {
		if len(receipts) != 0 {
			t.Fatalf("iter %d: no batch, model included %d", iter, len(receipts))
		}
		return
	}
	p.leader.Adopt(res)
	data := appendCmd(res.Batch)

	if p.r.IntN(2) == 0 {
		p.tryTampered(iter, res.Batch)
	}

	p.index++
	for name, m := range map[string]*Machine{"leader": p.leader, "follower": p.follower} {
		if r := p.apply(m, data); r.Err != nil || r.Batch != res.Batch.Header.Number {
			t.Fatalf("iter %d: %s: %+v", iter, name, r)
		} else if r.Checkpoint != (r.Batch%p.g.CheckpointInterval == 0) {
			t.Fatalf("iter %d: %s: checkpoint flag %v for batch %d", iter, name, r.Checkpoint, r.Batch)
		}
	}
	rec, _ := p.leader.Batch(res.Batch.Header.Number)
	if len(rec.Receipts) != len(receipts) {
		t.Fatalf("iter %d: %d receipts, model %d", iter, len(rec.Receipts), len(receipts))
	}
	for i, want := range receipts {
		got := rec.Receipts[i]
		if got.Failed != want.Failed || got.Account != want.Account || got.Exit != want.Exit {
			t.Fatalf("iter %d: receipt %d is %+v, model %+v", iter, i, got, want)
		}
	}
	checkWitness(t, p.lagger, p.leader, &rec)
	if r := p.apply(p.lagger, data); r.Err != nil {
		t.Fatalf("iter %d: lagger: %v", iter, r.Err)
	}
	p.md = next
	p.checkModel(iter)
}

// tryTampered applies invalid variants of b to the follower: each must be
// rejected and leave root, head and snapshot bytes alone.
func (p *propRun) tryTampered(iter int, b *Batch) {
	t, r := p.t, p.r
	c := &Batch{Header: b.Header, Txs: slices.Clone(b.Txs)}
	hd := &c.Header
	fix := func() { hd.TxCommitment, hd.TxCount = TxCommitment(c.Txs), uint32(len(c.Txs)) }
	var what string
	switch r.IntN(12) {
	case 0:
		what, hd.Number = "number", hd.Number+1
	case 1:
		what, hd.Number = "number", hd.Number-1
	case 2:
		what = "parent"
		hd.Parent[r.IntN(32)] ^= 1 << r.IntN(8)
	case 3:
		what = "pre root"
		hd.PreRoot[r.IntN(32)] ^= 1 << r.IntN(8)
	case 4:
		what = "post root"
		hd.PostRoot[r.IntN(32)] ^= 1 << r.IntN(8)
	case 5:
		what, hd.DepositCursor = "cursor", hd.DepositCursor+1+uint64(r.IntN(3))
	case 6:
		what = "commitment"
		hd.TxCommitment[r.IntN(32)] ^= 1 << r.IntN(8)
	case 7:
		what, hd.Timestamp = "timestamp", p.follower.Head().Timestamp-1-int64(r.IntN(5))
	case 8:
		// Dropping any operation changes a nonce, a balance or the cursor.
		if len(c.Txs) == 0 {
			return
		}
		what = "dropped operation"
		i := r.IntN(len(c.Txs))
		c.Txs = slices.Delete(c.Txs, i, i+1)
		fix()
	case 9:
		i := slices.IndexFunc(c.Txs, func(tx Tx) bool { return !tx.Kind.IsPriority() && tx.Amount < math.MaxUint64 })
		if i < 0 {
			return
		}
		what = "amount"
		c.Txs[i].Amount++
		if r.IntN(2) == 0 {
			// Signed again, so that only the post-state root catches it.
			from, _ := p.follower.Account(c.Txs[i].From)
			if err := c.Txs[i].Sign(p.keys[slices.Index(p.pool, from.PubKey)], p.g.ChainID); err != nil {
				t.Fatal(err)
			}
		}
		fix()
	case 10:
		// A replay of an included L2 operation inside the same batch.
		i := slices.IndexFunc(c.Txs, func(tx Tx) bool { return !tx.Kind.IsPriority() })
		if i < 0 {
			return
		}
		what = "replayed operation"
		c.Txs = append(c.Txs, c.Txs[i])
		fix()
	case 11:
		// A priority operation out of queue order at the front, or after
		// the L2 operations.
		what = "priority order"
		fe := Tx{Kind: KindForcedExit, QueueIndex: hd.DepositCursor + 1, From: 0}
		if i := slices.IndexFunc(c.Txs, func(tx Tx) bool { return !tx.Kind.IsPriority() }); i >= 0 && r.IntN(2) == 0 {
			fe.QueueIndex = hd.DepositCursor
			c.Txs = append(c.Txs, fe)
			hd.DepositCursor++
		} else {
			c.Txs = slices.Insert(c.Txs, 0, fe)
		}
		fix()
	}
	before := captureState(t, p.follower)
	res := p.apply(p.follower, appendCmd(c))
	if res.Err == nil {
		t.Fatalf("iter %d: tampered batch (%s) accepted:\n%+v\noriginal:\n%+v", iter, what, c, b)
	}
	if !errors.Is(res.Err, ErrBatchMismatch) {
		t.Fatalf("iter %d: tampered batch (%s): %v, want ErrBatchMismatch", iter, what, res.Err)
	}
	if diff := before.diff(captureState(t, p.follower)); diff != "" {
		t.Fatalf("iter %d: tampered batch (%s) changed the state: %s", iter, what, diff)
	}
}

// lifecycle sends a random batch-state command to every replica.
func (p *propRun) lifecycle(iter int) {
	t, r := p.t, p.r
	// Mostly a batch just past the last finalized one, so that batches move
	// through their states; sometimes any number, known or not.
	n := p.leader.LastFinalized() + 1 + r.Uint64N(2)
	if r.IntN(4) == 0 {
		n = r.Uint64N(p.leader.Head().Number + 2)
	}
	var c Command
	switch r.IntN(3) {
	case 0:
		c = Command{Type: CmdRecordPosted, Number: n, Ref: Hash{1}}
	case 1:
		c = Command{Type: CmdRecordProof, Number: n, Prover: "p", Proof: []byte{byte(r.IntN(256))}}
		if r.IntN(8) == 0 {
			c.Proof = nil // malformed
		}
	default:
		c = Command{Type: CmdMarkFinalized, Number: n, Ref: Hash{2}}
	}
	data := c.Encode()
	p.index++
	before := captureState(t, p.leader)
	var errs []string
	for _, m := range []*Machine{p.leader, p.follower, p.lagger} {
		res := p.apply(m, data)
		switch {
		case res.Err == nil:
		case errors.Is(res.Err, ErrUnknownBatch), errors.Is(res.Err, ErrBadTransition), errors.Is(res.Err, ErrMalformed):
		default:
			t.Fatalf("iter %d: %s: unexpected error %v", iter, c.Type, res.Err)
		}
		errs = append(errs, fmt.Sprint(res.Err))
	}
	if errs[0] != errs[1] || errs[0] != errs[2] {
		t.Fatalf("iter %d: replicas disagree on %s: %v", iter, c.Type, errs)
	}
	if errs[0] != "<nil>" {
		if diff := before.diff(captureState(t, p.leader)); diff != "" {
			t.Fatalf("iter %d: rejected %s changed the state: %s", iter, c.Type, diff)
		}
	}
}

func (p *propRun) checkModel(iter int) {
	t := p.t
	for _, m := range []*Machine{p.leader, p.follower, p.lagger} {
		if m.NumAccounts() != len(p.md.accts) || m.NextPriority() != p.md.cursor {
			t.Fatalf("iter %d: %d accounts and cursor %d, model %d and %d", iter, m.NumAccounts(), m.NextPriority(), len(p.md.accts), p.md.cursor)
		}
		for i, want := range p.md.accts {
			got, _ := m.Account(uint32(i))
			if !sameAccount(got, want) {
				t.Fatalf("iter %d: account %d is %+v, model %+v", iter, i, got, want)
			}
			if j, ok := m.AccountByKey(want.PubKey); !ok || j != uint32(i) {
				t.Fatalf("iter %d: AccountByKey(%d)", iter, i)
			}
		}
	}
	if p.leader.Root() != p.follower.Root() || p.leader.Root() != p.lagger.Root() || p.leader.Head() != p.follower.Head() {
		t.Fatalf("iter %d: replicas' roots or heads differ", iter)
	}
}

func TestPropertyReplicasAgree(t *testing.T) {
	seeds, steps := 6, 40
	if testing.Short() {
		seeds, steps = 2, 20
	}
	for seed := range uint64(seeds) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			p := newPropRun(t, seed)
			for iter := range steps {
				p.step(iter)
				for range p.r.IntN(5) {
					p.lifecycle(iter)
				}
			}
			if p.leader.Head().Number == 0 {
				t.Fatal("no batch was ever built")
			}
			a, b, c := snapshotBytes(t, p.leader), snapshotBytes(t, p.follower), snapshotBytes(t, p.lagger)
			if string(a) != string(b) || string(a) != string(c) {
				t.Fatal("replicas' snapshots differ")
			}
		})
	}
}
