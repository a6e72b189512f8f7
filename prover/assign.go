package prover

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	edwards "github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	"github.com/consensys/gnark/frontend"

	"github.com/baton-rollup/baton/fsm"
)

// Batch is what a prover needs of one committed batch: its roots, its
// operations with their receipts, and the witness of the pre-state.
type Batch struct {
	Number   uint64        `json:"number"`
	PreRoot  fsm.Hash      `json:"pre_root"`
	PostRoot fsm.Hash      `json:"post_root"`
	Txs      []fsm.Tx      `json:"-"`
	Receipts []fsm.Receipt `json:"receipts"`
	Witness  *fsm.Witness  `json:"witness"`
}

// BatchFromRecord takes the prover's input from a batch record, which must
// still hold its operations, and its witness (Machine.Witness, read under
// the same lock as the record).
func BatchFromRecord(rec *fsm.BatchRecord, w *fsm.Witness) (*Batch, error) {
	if w == nil || len(rec.Txs) != int(rec.Header.TxCount) {
		return nil, fmt.Errorf("batch %d: operations or witness already pruned", rec.Header.Number)
	}
	return &Batch{Number: rec.Header.Number, PreRoot: rec.Header.PreRoot, PostRoot: rec.Header.PostRoot,
		Txs: rec.Txs, Receipts: rec.Receipts, Witness: w}, nil
}

// BatchFromMachine is BatchFromRecord for batch n of m, whose caller holds
// m's lock.
func BatchFromMachine(m *fsm.Machine, n uint64) (*Batch, error) {
	rec, ok := m.Batch(n)
	if !ok {
		return nil, fmt.Errorf("%w: %d", fsm.ErrUnknownBatch, n)
	}
	w, err := m.Witness(n)
	if err != nil {
		return nil, err
	}
	return BatchFromRecord(&rec, w)
}

// ErrUnprovable is a batch that no witness of this circuit can prove: it
// does not fit the circuit, or its witness is inconsistent with it. Retrying
// cannot help.
var ErrUnprovable = errors.New("batch cannot be proven by this circuit")

// PublicInputs are the proof's three public inputs for batch b.
type PublicInputs struct {
	PreRoot, PostRoot, Commitment fr.Element
	// PubData is the data posted to L1, which Commitment hashes.
	PubData []byte
}

// Public computes the public inputs of batch b for circuit p.
func Public(p Params, b *Batch) (PublicInputs, error) {
	data, err := fsm.PublicData(b.Txs, b.Receipts, p.BatchSize)
	if err != nil {
		return PublicInputs{}, fmt.Errorf("%w: %v", ErrUnprovable, err)
	}
	var pi PublicInputs
	if err := pi.PreRoot.SetBytesCanonical(b.PreRoot[:]); err != nil {
		return pi, fmt.Errorf("%w: pre-state root: %v", ErrUnprovable, err)
	}
	if err := pi.PostRoot.SetBytesCanonical(b.PostRoot[:]); err != nil {
		return pi, fmt.Errorf("%w: post-state root: %v", ErrUnprovable, err)
	}
	pi.Commitment = fsm.DataCommitment(data)
	pi.PubData = data
	return pi, nil
}

func bi(f fr.Element) *big.Int { return f.BigInt(new(big.Int)) }

func u64(v uint64) *big.Int { return new(big.Int).SetUint64(v) }

func addrInt(a fsm.L1Address) *big.Int { return new(big.Int).SetBytes(a[:]) }

// Assign replays batch b over its witness, operation by operation as the
// fsm executed it, and fills in the circuit's witness.
func Assign(p Params, b *Batch) (*Circuit, error) {
	c, _, err := assignWithPublic(p, b)
	return c, err
}

// assignWithPublic is Assign that also returns the public inputs it computed, so a
// prover does not hash the batch's data a second time.
func assignWithPublic(p Params, b *Batch) (*Circuit, PublicInputs, error) {
	if err := p.Validate(); err != nil {
		return nil, PublicInputs{}, err
	}
	pi, err := Public(p, b)
	if err != nil {
		return nil, pi, err
	}
	if b.Witness == nil {
		return nil, pi, fmt.Errorf("%w: no witness", ErrUnprovable)
	}
	pt, err := b.Witness.PartialTree(p.Depth)
	if err != nil {
		return nil, pi, fmt.Errorf("%w: %v", ErrUnprovable, err)
	}
	accts := make(map[uint32]fsm.Account)
	for _, wa := range b.Witness.Accounts {
		if wa.Exists {
			accts[wa.Index] = wa.Account
		}
	}
	c := NewCircuit(p)
	r := &replay{p: p, pt: pt, accts: accts, wide: c.Wide}
	for e := range c.Wide {
		w := &c.Wide[e]
		w.Amount, w.Addr, w.PkX, w.PkY, w.PkSign = 0, 0, 0, 0, 0
	}
	c.PreRoot, c.PostRoot, c.Commitment = bi(pi.PreRoot), bi(pi.PostRoot), bi(pi.Commitment)
	c.PreTree, c.PreCount = bi(pt.TreeRoot()), u64(pt.Count())
	for i := range c.Slots {
		s := &c.Slots[i]
		if i >= len(b.Txs) {
			r.noop(s)
			continue
		}
		if err := r.op(s, &b.Txs[i], &b.Receipts[i]); err != nil {
			return nil, pi, fmt.Errorf("%w: operation %d: %v", ErrUnprovable, i, err)
		}
	}
	if err := r.fee(&c.Fee); err != nil {
		return nil, pi, fmt.Errorf("%w: fee account: %v", ErrUnprovable, err)
	}
	if got := pt.StateRoot(); !got.Equal(&pi.PostRoot) {
		return nil, pi, fmt.Errorf("%w: replaying the witness does not reach the post-state root", ErrUnprovable)
	}
	return c, pi, nil
}

type replay struct {
	p     Params
	pt    *fsm.PartialTree
	accts map[uint32]fsm.Account
	fees  uint64
	// wide are the circuit's wide entries, of which the first next are
	// taken.
	wide []WideEntry
	next int
}

// takeWide gives slot s the next wide entry, filled from the slot's
// fields, with the key's sign bit.
func (r *replay) takeWide(s *Slot, sign int) error {
	if r.next == len(r.wide) {
		return fmt.Errorf("more than %d withdrawals and priority operations", len(r.wide))
	}
	s.Sel[r.next] = 1
	r.wide[r.next] = WideEntry{Amount: s.Amount, Addr: s.Addr, PkX: s.PkX, PkY: s.PkY, PkSign: sign}
	r.next++
	return nil
}

// identity is (0, 1), the curve's neutral point: a valid point for slots
// that check no signature and open no key.
var identity = [2]*big.Int{big.NewInt(0), big.NewInt(1)}

func (r *replay) noop(s *Slot) {
	zero := big.NewInt(0)
	for _, v := range []*frontend.Variable{&s.IsTransfer, &s.IsWithdraw, &s.IsDeposit, &s.IsExit, &s.Failed, &s.FullTree,
		&s.Amount, &s.From, &s.To, &s.AmountM, &s.AmountE, &s.FeeM, &s.FeeE, &s.Addr, &s.PkY, &s.PkX,
		&s.A.Index, &s.A.Owner, &s.A.Balance, &s.A.Nonce, &s.A.Empty,
		&s.B.Index, &s.B.KeyHash, &s.B.Balance, &s.B.Nonce, &s.S} {
		*v = zero
	}
	s.A.Ax, s.A.Ay = identity[0], identity[1]
	s.R.X, s.R.Y = identity[0], identity[1]
	for l := range s.A.Path {
		s.A.Path[l], s.B.Path[l] = zero, zero
	}
	for e := range s.Sel {
		s.Sel[e] = zero
	}
}

// openA fills account A at idx from the current partial tree.
func (r *replay) openA(s *Slot, idx uint32) error {
	path, err := r.pt.Path(uint64(idx))
	if err != nil {
		return err
	}
	s.A.Index = u64(uint64(idx))
	for l, v := range path {
		s.A.Path[l] = bi(v)
	}
	a, ok := r.accts[idx]
	if !ok {
		s.A.Empty = 1
		s.A.Ax, s.A.Ay = identity[0], identity[1]
		s.A.Owner, s.A.Balance, s.A.Nonce = 0, 0, 0
		return nil
	}
	x, y, err := a.PubKey.Coords()
	if err != nil {
		return err
	}
	s.A.Empty = 0
	s.A.Ax, s.A.Ay = bi(x), bi(y)
	s.A.Owner, s.A.Balance, s.A.Nonce = addrInt(a.Owner), u64(a.Balance), u64(a.Nonce)
	return nil
}

// store writes account idx back and updates its leaf.
func (r *replay) store(idx uint32, a fsm.Account) error {
	r.accts[idx] = a
	leaf, err := a.Leaf()
	if err != nil {
		return err
	}
	return r.pt.SetLeaf(uint64(idx), leaf)
}

func (r *replay) op(s *Slot, tx *fsm.Tx, rc *fsm.Receipt) error {
	r.noop(s)
	switch tx.Kind {
	case fsm.KindTransfer, fsm.KindWithdraw:
		return r.signed(s, tx)
	case fsm.KindDeposit:
		return r.deposit(s, tx, rc)
	case fsm.KindForcedExit:
		return r.exit(s, tx, rc)
	}
	return fmt.Errorf("unknown kind %d", tx.Kind)
}

func (r *replay) signed(s *Slot, tx *fsm.Tx) error {
	if tx.Kind == fsm.KindTransfer {
		s.IsTransfer = 1
		s.To = u64(uint64(tx.To))
	} else {
		s.IsWithdraw = 1
		s.Addr = addrInt(tx.L1Addr)
	}
	s.Amount, s.From = u64(tx.Amount), u64(uint64(tx.From))
	am, err := fsm.PackAmount(tx.Amount)
	if err != nil {
		return err
	}
	fp, err := fsm.PackFee(tx.Fee)
	if err != nil {
		return err
	}
	const emask = 1<<fsm.ExponentBits - 1
	s.AmountM, s.AmountE = u64(am>>fsm.ExponentBits), u64(am&emask)
	s.FeeM, s.FeeE = u64(uint64(fp)>>fsm.ExponentBits), u64(uint64(fp)&emask)
	if tx.Kind == fsm.KindWithdraw {
		if err := r.takeWide(s, 0); err != nil {
			return err
		}
	}
	var rp edwards.PointAffine
	if _, err := rp.SetBytes(tx.Sig[:32]); err != nil {
		return fmt.Errorf("signature point: %w", err)
	}
	s.R.X, s.R.Y = bi(rp.X), bi(rp.Y)
	s.S = new(big.Int).SetBytes(tx.Sig[32:])
	if err := r.openA(s, tx.From); err != nil {
		return err
	}
	a, ok := r.accts[tx.From]
	if !ok || a.Balance < tx.Amount+tx.Fee || a.Nonce != tx.Nonce {
		return fmt.Errorf("sender %d cannot pay or has another nonce", tx.From)
	}
	a.Balance -= tx.Amount + tx.Fee
	a.Nonce++
	if err := r.store(tx.From, a); err != nil {
		return err
	}
	r.fees += tx.Fee
	if tx.Kind != fsm.KindTransfer {
		return nil
	}
	to, ok := r.accts[tx.To]
	if !ok {
		return fmt.Errorf("recipient %d not in the witness", tx.To)
	}
	path, err := r.pt.Path(uint64(tx.To))
	if err != nil {
		return err
	}
	kh, err := to.KeyHash()
	if err != nil {
		return err
	}
	s.B.Index, s.B.KeyHash, s.B.Balance, s.B.Nonce = u64(uint64(tx.To)), bi(kh), u64(to.Balance), u64(to.Nonce)
	for l, v := range path {
		s.B.Path[l] = bi(v)
	}
	to.Balance += tx.Amount
	return r.store(tx.To, to)
}

func (r *replay) deposit(s *Slot, tx *fsm.Tx, rc *fsm.Receipt) error {
	s.IsDeposit = 1
	s.Amount, s.Addr = u64(tx.Amount), addrInt(tx.L1Addr)
	x, y, err := tx.PubKey.Coords()
	if err != nil {
		return err
	}
	s.PkX, s.PkY = bi(x), bi(y)
	if err := r.takeWide(s, int(tx.PubKey[31]>>7)); err != nil {
		return err
	}
	idx := rc.Account
	if rc.Failed {
		s.Failed = 1
		if a, ok := r.accts[idx]; !ok || a.PubKey != tx.PubKey {
			// Not an overflow of an account holding the key: the tree
			// was full, which its last leaf shows.
			s.FullTree = 1
			idx = uint32(uint64(1)<<r.p.Depth - 1)
		}
		return r.openA(s, idx)
	}
	s.From = u64(uint64(idx))
	if err := r.openA(s, idx); err != nil {
		return err
	}
	a, ok := r.accts[idx]
	if !ok {
		a = fsm.Account{PubKey: tx.PubKey, Owner: tx.L1Addr}
		s.A.Ax, s.A.Ay, s.A.Owner = s.PkX, s.PkY, s.Addr
	}
	a.Balance += tx.Amount
	return r.store(idx, a)
}

func (r *replay) exit(s *Slot, tx *fsm.Tx, rc *fsm.Receipt) error {
	s.IsExit = 1
	s.From, s.Addr = u64(uint64(tx.From)), addrInt(tx.L1Addr)
	s.Amount = u64(rc.Exit)
	if err := r.takeWide(s, 0); err != nil {
		return err
	}
	if err := r.openA(s, tx.From); err != nil {
		return err
	}
	a, ok := r.accts[tx.From]
	if rc.Failed {
		s.Failed = 1
		if !ok {
			// An empty leaf: the owner it shows is the requester's.
			s.A.Owner = s.Addr
		}
		return nil
	}
	if !ok || a.Balance != rc.Exit {
		return fmt.Errorf("forced exit of %d pays %d, the account holds another amount", tx.From, rc.Exit)
	}
	a.Balance = 0
	return r.store(tx.From, a)
}

func (r *replay) fee(f *FeeUpdate) error {
	idx := r.p.FeeAccount
	a, ok := r.accts[idx]
	if !ok {
		return errors.New("not in the witness")
	}
	path, err := r.pt.Path(uint64(idx))
	if err != nil {
		return err
	}
	kh, err := a.KeyHash()
	if err != nil {
		return err
	}
	f.KeyHash, f.Balance, f.Nonce = bi(kh), u64(a.Balance), u64(a.Nonce)
	for l, v := range path {
		f.Path[l] = bi(v)
	}
	a.Balance += r.fees
	return r.store(idx, a)
}
