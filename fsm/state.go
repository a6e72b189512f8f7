package fsm

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"
	"math"
	"slices"
)

// Hash is a 32-byte digest: a header hash, a commitment, or a state root in
// its canonical big-endian field encoding.
type Hash [32]byte

func rootHash(f Field) Hash { return Hash(f.Bytes()) }

// Account is one leaf of the state tree.
type Account struct {
	PubKey  PubKey    `json:"pubkey"`
	Owner   L1Address `json:"owner"`
	Balance uint64    `json:"balance"`
	Nonce   uint64    `json:"nonce"`
	// keyHash = Poseidon2(Ax, Ay, owner) and the decompressed key never
	// change, so they are computed once when the account is created:
	// decompressing a key costs a square root, on every signature check
	// otherwise.
	keyHash Field
	point   *eddsa.PublicKey
}

// leaf = Poseidon2(keyHash, balance·2^64 + nonce): one compression per
// update, which is what the circuit pays per touched account.
func (a *Account) leaf(h *hasher) Field {
	v := fieldFromUint64s(a.Balance, a.Nonce)
	return h.compress(&a.keyHash, &v)
}

func accountKeyHash(h *hasher, pub PubKey, owner L1Address) (Field, error) {
	x, y, err := pub.Coords()
	if err != nil {
		return Field{}, err
	}
	return h.md(x, y, fieldFromBytes(owner[:])), nil
}

// derive fills the account's derived fields from its key and owner.
func (a *Account) derive(h *hasher) error {
	pt, err := a.PubKey.point()
	if err != nil {
		return err
	}
	a.point = pt
	a.keyHash = h.md(pt.A.X, pt.A.Y, fieldFromBytes(a.Owner[:]))
	return nil
}

// Verify checks tx's signature under this account's key (it must be the
// sender) and returns evidence of it.
func (a *Account) Verify(tx *Tx, chainID uint64) (SigVerified, error) {
	if tx.Kind.IsPriority() {
		return SigVerified{}, fmt.Errorf("%w: %s is not signed", ErrMalformed, tx.Kind)
	}
	pt := a.point
	if pt == nil {
		var err error
		if pt, err = a.PubKey.point(); err != nil {
			return SigVerified{}, err
		}
	}
	if !verifyPoint(pt, tx.Sig, tx.SigningMessage(chainID)) {
		return SigVerified{}, fmt.Errorf("%w: not signed by the sender's key for chain %d", ErrBadSignature, chainID)
	}
	return SigVerified{hash: tx.Hash(), pub: a.PubKey, sig: tx.Sig}, nil
}

// State is the L2 state: accounts allocated densely from index 0 and the
// Merkle tree over them.
type State struct {
	cfg      Config
	accounts []Account
	byKey    map[PubKey]uint32
	tree     *Tree
	h        *hasher
	// root is the state root, recomputed whenever the state changes:
	// readers (Build, the API) call Root under a shared lock, and the
	// hasher is not safe to share.
	root Field
}

func newState(cfg Config) *State {
	h := newHasher()
	s := &State{cfg: cfg, byKey: make(map[PubKey]uint32), tree: newTree(cfg.TreeDepth, h), h: h}
	s.refreshRoot()
	return s
}

func (s *State) refreshRoot() { s.root = stateRoot(s.h, s.tree.Root(), uint64(len(s.accounts))) }

// Root is the current state root: Poseidon2(tree root, number of
// accounts). Committing to the count lets the circuit require a new
// account at exactly the next index, and show a full tree exactly when it
// is full.
func (s *State) Root() Field { return s.root }

func stateRoot(h *hasher, tree Field, accounts uint64) Field {
	var n Field
	n.SetUint64(accounts)
	return h.compress(&tree, &n)
}

// overlay is a copy-on-write view of State that execution writes to. Nothing
// reaches State until commit, so a rejected batch or transaction leaves the
// state exactly as it was.
type overlay struct {
	s       *State
	h       *hasher
	changed map[uint32]*Account
	created []Account
	newKeys map[PubKey]uint32
	// fees collected so far; the fee account gets them in one credit at
	// the end of the batch (finish), so the circuit pays one Merkle update
	// per batch for fees instead of one per transaction.
	fees uint64
	// reads are accounts an operation looked at without changing: the
	// leaves that prove why a priority operation was a no-op. The witness
	// covers them so that the prover can show it.
	reads map[uint32]struct{}
	// replay skips signature checks: the Rebuilder replays operations
	// from L1, where signatures are not posted and the proof vouches for
	// them. Nothing else sets it.
	replay bool
}

func newOverlay(s *State, h *hasher) *overlay {
	return &overlay{s: s, h: h, changed: make(map[uint32]*Account), newKeys: make(map[PubKey]uint32), reads: make(map[uint32]struct{})}
}

// seal ends the batch: it credits the fees and returns every new leaf.
func (o *overlay) seal() map[uint64]Field {
	o.finish()
	return o.leaves()
}

// finish credits the batch's fees. The fee account is always written, even
// with no fees, so that every witness covers it: the circuit updates it at
// the end of every batch. exec kept the sum from overflowing.
func (o *overlay) finish() {
	o.get(o.s.cfg.FeeAccount).Balance += o.fees
}

// pending is what the fee account will still receive at the end of the
// batch: every balance check on it counts that in.
func (o *overlay) pending(idx uint32) uint64 {
	if idx == o.s.cfg.FeeAccount {
		return o.fees
	}
	return 0
}

// read marks a leaf the witness must cover although it does not change.
func (o *overlay) read(idx uint32) {
	if uint64(idx) < o.s.tree.Capacity() {
		o.reads[idx] = struct{}{}
	}
}

// covered lists every leaf the witness needs: the touched ones and those
// read to prove a no-op, sorted.
func (o *overlay) covered() []uint32 {
	idx := o.touched()
	touched := idx[:len(idx):len(idx)]
	for i := range o.reads {
		if _, ok := slices.BinarySearch(touched, i); !ok {
			idx = append(idx, i)
		}
	}
	slices.Sort(idx)
	return idx
}

func (o *overlay) size() uint64 { return uint64(len(o.s.accounts) + len(o.created)) }

// get returns a writable account, or nil if the index is unused.
func (o *overlay) get(i uint32) *Account {
	if a, ok := o.changed[i]; ok {
		return a
	}
	n := uint32(len(o.s.accounts))
	switch {
	case i < n:
		a := o.s.accounts[i]
		o.changed[i] = &a
		return &a
	case uint64(i) < o.size():
		return &o.created[i-n]
	}
	return nil
}

// peek returns an account without marking it changed.
func (o *overlay) peek(i uint32) (Account, bool) {
	if a, ok := o.changed[i]; ok {
		return *a, true
	}
	n := uint32(len(o.s.accounts))
	switch {
	case i < n:
		return o.s.accounts[i], true
	case uint64(i) < o.size():
		return o.created[i-n], true
	}
	return Account{}, false
}

func (o *overlay) lookupKey(pub PubKey) (uint32, bool) {
	if i, ok := o.s.byKey[pub]; ok {
		return i, true
	}
	i, ok := o.newKeys[pub]
	return i, ok
}

// touched lists every index execution wrote, sorted.
func (o *overlay) touched() []uint32 {
	idx := make([]uint32, 0, len(o.changed)+len(o.created))
	for i := range o.changed {
		if int(i) < len(o.s.accounts) {
			idx = append(idx, i)
		}
	}
	for j := range o.created {
		idx = append(idx, uint32(len(o.s.accounts)+j))
	}
	slices.Sort(idx)
	return idx
}

// leaves returns the new leaf of every touched account.
func (o *overlay) leaves() map[uint64]Field {
	out := make(map[uint64]Field, len(o.changed)+len(o.created))
	for _, i := range o.touched() {
		a, _ := o.peek(i)
		out[uint64(i)] = a.leaf(o.h)
	}
	return out
}

// commit writes the overlay and a planned tree update into the state.
func (o *overlay) commit(u update) {
	for i, a := range o.changed {
		if int(i) < len(o.s.accounts) {
			o.s.accounts[i] = *a
		}
	}
	for _, a := range o.created {
		o.s.byKey[a.PubKey] = uint32(len(o.s.accounts))
		o.s.accounts = append(o.s.accounts, a)
	}
	o.s.tree.apply(u)
	o.s.refreshRoot()
}

// Receipt is the outcome of one operation inside a committed batch.
// Priority operations never fail a batch (L1 forces them in): one that
// cannot take effect is consumed as a no-op and its receipt says why.
type Receipt struct {
	// Failed is set for a priority operation that was consumed without
	// effect; Reason says why.
	Failed bool   `json:"failed,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Account is the index a deposit credited or created.
	Account uint32 `json:"account"`
	// Exit is the amount a forced exit pays to the L1 owner.
	Exit uint64 `json:"exit,omitempty"`
}

// exec applies one operation to the overlay. A transfer or withdrawal that is
// invalid returns an error and leaves the overlay unchanged. nextPriority is
// the queue index the next priority operation must carry. The sender's
// signature is always verified, so that a committed batch is one the circuit
// can prove, unless pre is evidence that it verified under the sender's key.
func (o *overlay) exec(tx *Tx, nextPriority *uint64, pre *SigVerified) (Receipt, error) {
	if tx.Kind.IsPriority() {
		if tx.QueueIndex != *nextPriority {
			return Receipt{}, fmt.Errorf("%w: queue index %d, expected %d", ErrPriorityOrder, tx.QueueIndex, *nextPriority)
		}
		*nextPriority++
		// L1 forces priority operations in: one that is invalid is consumed
		// as a no-op, or it would block every later one.
		if err := tx.CheckFormat(); err != nil {
			return Receipt{Failed: true, Reason: err.Error(), Account: tx.From}, nil
		}
		if tx.Kind == KindDeposit {
			return o.deposit(tx), nil
		}
		return o.forcedExit(tx), nil
	}
	if err := tx.CheckFormat(); err != nil {
		return Receipt{}, err
	}
	from, ok := o.peek(tx.From)
	if !ok {
		return Receipt{}, fmt.Errorf("%w: sender %d", ErrUnknownAccount, tx.From)
	}
	if tx.Nonce < from.Nonce {
		return Receipt{}, fmt.Errorf("%w: nonce %d, account is at %d", ErrNonceTooLow, tx.Nonce, from.Nonce)
	}
	if tx.Nonce > from.Nonce {
		return Receipt{}, fmt.Errorf("%w: nonce %d, account is at %d", ErrNonceTooHigh, tx.Nonce, from.Nonce)
	}
	if !o.replay && !pre.covers(tx, from.PubKey) {
		if _, err := from.Verify(tx, o.s.cfg.ChainID); err != nil {
			return Receipt{}, fmt.Errorf("account %d: %w", tx.From, err)
		}
	}
	// CheckFormat ruled out amount+fee overflow.
	if from.Balance < tx.Amount+tx.Fee {
		return Receipt{}, fmt.Errorf("%w: balance %d < %d", ErrInsufficientBalance, from.Balance, tx.Amount+tx.Fee)
	}
	// Check every balance this leaves behind before writing any, so that a
	// failure cannot leave a half-applied transfer. The fee account's
	// balance counts the fees it is still owed, since finish adds them.
	fee := o.s.cfg.FeeAccount
	if tx.Kind == KindTransfer {
		to, ok := o.peek(tx.To)
		if !ok {
			return Receipt{}, fmt.Errorf("%w: recipient %d", ErrUnknownAccount, tx.To)
		}
		owed := o.pending(tx.To)
		if tx.To == fee {
			owed += tx.Fee
		}
		if !fits(to.Balance, tx.Amount, owed) {
			return Receipt{}, fmt.Errorf("%w: account %d", ErrOverflow, tx.To)
		}
	}
	if tx.Kind != KindTransfer || tx.To != fee {
		f, _ := o.peek(fee)
		bal := f.Balance
		if tx.From == fee {
			bal -= tx.Amount + tx.Fee
		}
		if !fits(bal, o.fees, tx.Fee) {
			return Receipt{}, fmt.Errorf("%w: fee account %d", ErrOverflow, fee)
		}
	}
	s := o.get(tx.From)
	s.Balance -= tx.Amount + tx.Fee
	s.Nonce++
	if tx.Kind == KindTransfer {
		o.get(tx.To).Balance += tx.Amount
	}
	o.fees += tx.Fee
	return Receipt{Account: tx.From}, nil
}

// fits reports whether a+b+c stays below 2^64.
func fits(a, b, c uint64) bool {
	return b <= math.MaxUint64-a && c <= math.MaxUint64-a-b
}

func (o *overlay) deposit(tx *Tx) Receipt {
	if i, ok := o.lookupKey(tx.PubKey); ok {
		if a, _ := o.peek(i); !fits(a.Balance, tx.Amount, o.pending(i)) {
			o.read(i)
			return Receipt{Failed: true, Reason: ErrOverflow.Error(), Account: i}
		}
		a := o.get(i)
		a.Balance += tx.Amount
		return Receipt{Account: i}
	}
	if o.size() >= o.s.tree.Capacity() {
		// The last leaf being taken is what shows the tree is full.
		o.read(uint32(o.s.tree.Capacity() - 1))
		return Receipt{Failed: true, Reason: ErrTreeFull.Error()}
	}
	a := Account{PubKey: tx.PubKey, Owner: tx.L1Addr, Balance: tx.Amount}
	if err := a.derive(o.h); err != nil {
		// CheckFormat validated the key; keep the queue moving regardless.
		return Receipt{Failed: true, Reason: err.Error()}
	}
	i := uint32(o.size())
	o.created = append(o.created, a)
	o.newKeys[tx.PubKey] = i
	return Receipt{Account: i}
}

func (o *overlay) forcedExit(tx *Tx) Receipt {
	// Either way the account's leaf shows why: empty, or another owner.
	o.read(tx.From)
	a, ok := o.peek(tx.From)
	if !ok {
		return Receipt{Failed: true, Reason: fmt.Sprintf("%v: %d", ErrUnknownAccount, tx.From), Account: tx.From}
	}
	if a.Owner != tx.L1Addr {
		return Receipt{Failed: true, Reason: "requester is not the account's L1 owner", Account: tx.From}
	}
	w := o.get(tx.From)
	amount := w.Balance
	w.Balance = 0
	return Receipt{Account: tx.From, Exit: amount}
}
