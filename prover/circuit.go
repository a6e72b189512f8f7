package prover

import (
	"fmt"
	"math/big"

	tedwards "github.com/consensys/gnark-crypto/ecc/twistededwards"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/native/twistededwards"
	"github.com/consensys/gnark/std/hash"
	"github.com/consensys/gnark/std/math/bits"
	"github.com/consensys/gnark/std/permutation/poseidon2"
	"github.com/consensys/gnark/std/signature/eddsa"

	"github.com/baton-rollup/baton/fsm"
)

// Params fix one circuit. Everything here is baked into the constraints, so
// each combination has its own keys (and its own L1 verifier).
type Params struct {
	// BatchSize is B, the operation slots per batch; shorter batches are
	// padded with no-op slots.
	BatchSize int `json:"batch_size"`
	// Depth is the account tree's depth; it must equal the fsm's.
	Depth int `json:"tree_depth"`
	// ChainID is signed by every transaction.
	ChainID uint64 `json:"chain_id"`
	// FeeAccount is credited with the batch's fees at its end.
	FeeAccount uint32 `json:"fee_account"`
}

// ParamsFor returns the circuit parameters matching an fsm config.
func ParamsFor(cfg fsm.Config, batchSize int) Params {
	return Params{BatchSize: batchSize, Depth: cfg.TreeDepth, ChainID: cfg.ChainID, FeeAccount: cfg.FeeAccount}
}

// Validate checks the parameters without changing them.
func (p Params) Validate() error {
	switch {
	case p.BatchSize < 1 || p.BatchSize > 4096:
		return fmt.Errorf("batch size %d not in [1, 4096]", p.BatchSize)
	case p.Depth < 2 || p.Depth > fsm.MaxDepth:
		return fmt.Errorf("tree depth %d not in [2, %d]", p.Depth, fsm.MaxDepth)
	case uint64(p.FeeAccount) >= uint64(1)<<p.Depth:
		return fmt.Errorf("fee account %d beyond depth %d", p.FeeAccount, p.Depth)
	case p.ChainID >= 1<<63:
		return fmt.Errorf("chain id %d too large", p.ChainID)
	}
	return nil
}

func (p Params) String() string {
	return fmt.Sprintf("B=%d D=%d chain=%d fee=%d", p.BatchSize, p.Depth, p.ChainID, p.FeeAccount)
}

// Circuit proves that a batch of operations, whose public data hashes to
// Commitment, takes the account tree from PreRoot to PostRoot under the
// fsm's rules. See DESIGN.md for what each slot checks.
type Circuit struct {
	PreRoot    frontend.Variable `gnark:",public"`
	PostRoot   frontend.Variable `gnark:",public"`
	Commitment frontend.Variable `gnark:",public"`

	// The pre-state root opens to the tree root and the account count.
	PreTree, PreCount frontend.Variable

	Slots []Slot
	// Wide are the public data's wide entries (fsm.WideEntries), taken in
	// order by the slots' withdrawals, deposits and forced exits.
	Wide []WideEntry
	Fee  FeeUpdate

	params Params
	// noCommitment leaves the SHA-256 out, only to measure its share.
	noCommitment bool
}

// Slot is one operation (or a no-op) and the accounts it touches.
type Slot struct {
	// Exactly one or none (a no-op slot) of the kind flags is 1.
	IsTransfer, IsWithdraw, IsDeposit, IsExit frontend.Variable
	// Failed marks a priority operation consumed as a no-op. FullTree says
	// which reason a failed deposit proves: the tree is full (its last
	// leaf is taken), or else the credit would overflow.
	Failed, FullTree frontend.Variable

	// The operation's fields, each zero where the kind does not use it.
	// From is the record's account (a successful deposit's too).
	Amount, From, To frontend.Variable
	// A transfer's or withdrawal's amount and fee as posted:
	// mantissa·10^exponent (fsm.PackAmount, fsm.PackFee).
	AmountM, AmountE, FeeM, FeeE frontend.Variable
	Addr                         frontend.Variable // 160-bit L1 address
	PkX, PkY                     frontend.Variable // a deposit's key

	// Sel[e] is 1 when this slot takes wide entry e: exactly when it is
	// a withdrawal, deposit or forced exit and e wide operations come
	// before it.
	Sel []frontend.Variable

	A AccountA
	B AccountB
	R twistededwards.Point // signature (transfer, withdraw)
	S frontend.Variable
}

// WideEntry is one wide entry of the public data (fsm.WideSize bytes).
// An entry no slot takes is all zero.
type WideEntry struct {
	Amount   frontend.Variable // exact, 64 bits
	Addr     frontend.Variable // 160 bits
	PkX, PkY frontend.Variable // a deposit's key, decompressed
	PkSign   frontend.Variable // the sign bit of its compressed form
}

// AccountA is the sender, the deposit's account or the forced exit's.
type AccountA struct {
	Index          frontend.Variable
	Ax, Ay, Owner  frontend.Variable
	Balance, Nonce frontend.Variable
	// Empty: the leaf is 0 (a deposit creates the account here, or a
	// forced exit names an unknown account).
	Empty frontend.Variable
	Path  []frontend.Variable
}

// AccountB is a transfer's recipient; only its key hash is needed.
type AccountB struct {
	Index, KeyHash, Balance, Nonce frontend.Variable
	Path                           []frontend.Variable
}

// FeeUpdate credits the batch's fees to the fee account.
type FeeUpdate struct {
	KeyHash, Balance, Nonce frontend.Variable
	Path                    []frontend.Variable
}

// NewCircuit returns an empty circuit of the given shape, for compiling.
func NewCircuit(p Params) *Circuit {
	c := &Circuit{Slots: make([]Slot, p.BatchSize), Wide: make([]WideEntry, fsm.WideEntries(p.BatchSize)), params: p}
	for i := range c.Slots {
		c.Slots[i].A.Path = make([]frontend.Variable, p.Depth)
		c.Slots[i].B.Path = make([]frontend.Variable, p.Depth)
		c.Slots[i].Sel = make([]frontend.Variable, len(c.Wide))
	}
	c.Fee.Path = make([]frontend.Variable, p.Depth)
	return c
}

// gadgets shared by every slot.
type gadgets struct {
	api   frontend.API
	perm  *poseidon2.Permutation
	curve twistededwards.Curve
	p     Params
}

func (g *gadgets) compress(l, r frontend.Variable) frontend.Variable { return g.perm.Compress(l, r) }

// md is the Merkle–Damgård hash over compress with a zero IV, as fsm's.
func (g *gadgets) md(xs ...frontend.Variable) frontend.Variable {
	var state frontend.Variable = 0
	for _, x := range xs {
		state = g.compress(state, x)
	}
	return state
}

// bitsOf decomposes v into n bits (least significant first), which also
// constrains v < 2^n.
func (g *gadgets) bitsOf(v frontend.Variable, n int) []frontend.Variable {
	return bits.ToBinary(g.api, v, bits.WithNbDigits(n))
}

// root computes the root above leaf given its index bits and siblings.
func (g *gadgets) root(leaf frontend.Variable, idx, path []frontend.Variable) frontend.Variable {
	cur := leaf
	for l, sib := range path {
		// left = bit ? sib : cur, one constraint; right is then linear.
		left := g.api.Add(cur, g.api.Mul(idx[l], g.api.Sub(sib, cur)))
		right := g.api.Sub(g.api.Add(cur, sib), left)
		cur = g.compress(left, right)
	}
	return cur
}

// pack is a leaf's second input: balance·2^64 + nonce.
func pack(api frontend.API, balance, nonce frontend.Variable) frontend.Variable {
	return api.Add(api.Mul(balance, new(big.Int).Lsh(big.NewInt(1), 64)), nonce)
}

// Define implements frontend.Circuit.
func (c *Circuit) Define(api frontend.API) error {
	p := c.params
	if err := p.Validate(); err != nil {
		return err
	}
	if len(c.Slots) != p.BatchSize || len(c.Wide) != fsm.WideEntries(p.BatchSize) {
		return fmt.Errorf("circuit has %d slots and %d wide entries for batch size %d", len(c.Slots), len(c.Wide), p.BatchSize)
	}
	perm, err := poseidon2.NewPoseidon2(api)
	if err != nil {
		return err
	}
	curve, err := twistededwards.NewEdCurve(api, tedwards.BN254)
	if err != nil {
		return err
	}
	g := &gadgets{api: api, perm: perm, curve: curve, p: p}

	api.AssertIsEqual(g.compress(c.PreTree, c.PreCount), c.PreRoot)
	cur, count := c.PreTree, c.PreCount
	var fees frontend.Variable = 0
	record := make([]frontend.Variable, 0, 8*fsm.PubDataSize(p.BatchSize))
	for i := range c.Slots {
		var rec []frontend.Variable
		cur, fees, count, rec = g.slot(&c.Slots[i], cur, fees, count)
		record = append(record, rec...)
	}
	record = append(record, g.wide(c.Slots, c.Wide)...)

	// The fee account, credited once with the sum.
	f := &c.Fee
	g.bitsOf(f.Balance, 64)
	g.bitsOf(f.Nonce, 64)
	feeIdx := make([]frontend.Variable, p.Depth)
	for l := range feeIdx {
		feeIdx[l] = (p.FeeAccount >> uint(l)) & 1
	}
	api.AssertIsEqual(g.root(g.compress(f.KeyHash, pack(api, f.Balance, f.Nonce)), feeIdx, f.Path), cur)
	newFee := api.Add(f.Balance, fees)
	g.bitsOf(newFee, 64)
	cur = g.root(g.compress(f.KeyHash, pack(api, newFee, f.Nonce)), feeIdx, f.Path)
	api.AssertIsEqual(g.compress(cur, count), c.PostRoot)

	if c.noCommitment {
		return nil
	}
	// The commitment: SHA-256 of the public data, top three bits cleared.
	digest := sha256Bits(api, record)
	var terms []frontend.Variable
	for i := 3; i < 256; i++ {
		terms = append(terms, api.Mul(digest[i], new(big.Int).Lsh(big.NewInt(1), uint(255-i))))
	}
	api.AssertIsEqual(api.Add(terms[0], terms[1], terms[2:]...), c.Commitment)
	return nil
}

// wide links each withdrawal, deposit and forced exit to the next wide
// entry, checks the entries' deposit keys, and returns the entries' bits in
// SHA-256 order (fsm.WideSize documents the layout). A running count of
// wide operations picks the entry: Sel[e] may be 1 only where the count is
// e, and a wide slot selects exactly one entry, so a batch with more wide
// operations than entries has no witness.
func (g *gadgets) wide(slots []Slot, entries []WideEntry) []frontend.Variable {
	api := g.api
	used := make([]frontend.Variable, len(entries))
	deposits := make([]frontend.Variable, len(entries))
	for e := range entries {
		used[e], deposits[e] = 0, 0
	}
	var n frontend.Variable = 0 // wide operations before this slot
	for i := range slots {
		s := &slots[i]
		isWide := api.Add(s.IsWithdraw, s.IsDeposit, s.IsExit)
		var picked frontend.Variable = 0
		for e := range entries {
			sel, en := s.Sel[e], &entries[e]
			api.AssertIsBoolean(sel)
			api.AssertIsEqual(api.Mul(sel, api.Sub(n, e)), 0)
			for _, pair := range [][2]frontend.Variable{{en.Amount, s.Amount}, {en.Addr, s.Addr}, {en.PkX, s.PkX}, {en.PkY, s.PkY}} {
				api.AssertIsEqual(api.Mul(sel, api.Sub(pair[0], pair[1])), 0)
			}
			picked = api.Add(picked, sel)
			used[e] = api.Add(used[e], sel)
			deposits[e] = api.Add(deposits[e], api.Mul(sel, s.IsDeposit))
		}
		api.AssertIsEqual(picked, isWide)
		n = api.Add(n, isWide)
	}
	one := frontend.Variable(1)
	out := make([]frontend.Variable, 0, 8*fsm.WideSize*len(entries))
	for e := range entries {
		en := &entries[e]
		// An entry no slot takes is zero; the key's sign is a deposit's
		// only, and it must be the sign of the key's x.
		unused := api.Sub(one, used[e])
		for _, v := range []frontend.Variable{en.Amount, en.Addr, en.PkY} {
			api.AssertIsEqual(api.Mul(unused, v), 0)
		}
		api.AssertIsBoolean(en.PkSign)
		api.AssertIsEqual(api.Mul(en.PkSign, api.Sub(one, deposits[e])), 0)
		g.assertOnCurveIf(deposits[e], en.PkX, en.PkY)
		api.AssertIsEqual(api.Mul(deposits[e], api.Sub(en.PkSign, g.lexLargest(en.PkX))), 0)

		out = appendBE(out, g.bitsOf(en.Amount, 64))
		out = append(out, compressedKeyBits(g.bitsOf(en.PkY, 254), en.PkSign)...)
		out = appendBE(out, g.bitsOf(en.Addr, 160))
		for range 32 {
			out = append(out, 0)
		}
	}
	return out
}

// pow10 is 10^e for e given as ExponentBits bits, least significant first:
// one product per bit past the first.
func (g *gadgets) pow10(eBits []frontend.Variable) frontend.Variable {
	var acc frontend.Variable = 1
	step := big.NewInt(10)
	for i, b := range eBits {
		factor := g.api.Add(1, g.api.Mul(b, new(big.Int).Sub(step, big.NewInt(1))))
		if i == 0 {
			acc = factor
		} else {
			acc = g.api.Mul(acc, factor)
		}
		step = new(big.Int).Mul(step, step)
	}
	return acc
}

// slot constrains one operation against tree root cur (count accounts) and
// returns the root after it, the fees collected so far, the account count,
// and its public-data record as bits.
func (g *gadgets) slot(s *Slot, cur, fees, count frontend.Variable) (frontend.Variable, frontend.Variable, frontend.Variable, []frontend.Variable) {
	api, p := g.api, g.p
	one := frontend.Variable(1)

	// Kinds.
	for _, b := range []frontend.Variable{s.IsTransfer, s.IsWithdraw, s.IsDeposit, s.IsExit, s.Failed, s.FullTree, s.A.Empty} {
		api.AssertIsBoolean(b)
	}
	active := api.Add(s.IsTransfer, s.IsWithdraw, s.IsDeposit, s.IsExit)
	api.AssertIsBoolean(active)
	signed := api.Add(s.IsTransfer, s.IsWithdraw)
	priority := api.Add(s.IsDeposit, s.IsExit)
	// Only priority operations can fail, and FullTree only names why a
	// deposit failed.
	api.AssertIsEqual(api.Mul(s.Failed, api.Sub(one, priority)), 0)
	depFail := api.Mul(s.IsDeposit, s.Failed)
	api.AssertIsEqual(api.Mul(s.FullTree, api.Sub(one, depFail)), 0)
	depOK := api.Sub(s.IsDeposit, depFail)
	exitFail := api.Mul(s.IsExit, s.Failed)
	exitOK := api.Sub(s.IsExit, exitFail)

	// Record fields: decomposing them range-checks them, and a field the
	// kind does not use must be zero. The amount and fee are posted
	// packed; a transfer's amount needs no range check of its own, since
	// the sender's new balance and the recipient's are range-checked.
	fromBits := g.bitsOf(s.From, 32)
	toBits := g.bitsOf(s.To, 32)
	amBits := g.bitsOf(s.AmountM, fsm.AmountMantissaBits)
	aeBits := g.bitsOf(s.AmountE, fsm.ExponentBits)
	fmBits := g.bitsOf(s.FeeM, fsm.FeeMantissaBits)
	feBits := g.bitsOf(s.FeeE, fsm.ExponentBits)
	packed := api.Add(s.AmountM, s.AmountE, s.FeeM, s.FeeE)
	api.AssertIsEqual(api.Mul(packed, api.Sub(one, signed)), 0)
	api.AssertIsEqual(api.Mul(signed, api.Sub(s.Amount, api.Mul(s.AmountM, g.pow10(aeBits)))), 0)
	fee := api.Mul(s.FeeM, g.pow10(feBits))
	account := api.Add(signed, s.IsExit, depOK)
	api.AssertIsEqual(api.Mul(s.Amount, api.Sub(one, active)), 0)
	api.AssertIsEqual(api.Mul(s.From, api.Sub(one, account)), 0)
	api.AssertIsEqual(api.Mul(s.To, api.Sub(one, s.IsTransfer)), 0)
	api.AssertIsEqual(api.Mul(s.Addr, api.Sub(one, s.IsWithdraw, s.IsDeposit, s.IsExit)), 0)
	api.AssertIsEqual(api.Mul(s.PkY, api.Sub(one, s.IsDeposit)), 0)

	// Account A: its index is the record's account where there is one.
	idxA := g.bitsOf(s.A.Index, p.Depth)
	api.AssertIsEqual(api.Mul(account, api.Sub(s.From, s.A.Index)), 0)
	g.bitsOf(s.A.Balance, 64)
	g.bitsOf(s.A.Nonce, 64)
	g.curve.AssertIsOnCurve(twistededwards.Point{X: s.A.Ax, Y: s.A.Ay})
	keyHash := g.md(s.A.Ax, s.A.Ay, s.A.Owner)

	// An empty leaf is allowed only where a deposit creates the account or
	// a forced exit names an unknown one; a created account starts at zero
	// and belongs to the deposit's owner.
	api.AssertIsEqual(api.Mul(s.A.Empty, api.Sub(one, depOK, exitFail)), 0)
	api.AssertIsEqual(api.Mul(s.A.Empty, s.A.Balance), 0)
	api.AssertIsEqual(api.Mul(s.A.Empty, s.A.Nonce), 0)
	api.AssertIsEqual(api.Mul(s.A.Empty, api.Sub(s.A.Owner, s.Addr)), 0)
	// Accounts are dense: a new one takes exactly the next index (and the
	// index's D bits keep it inside the tree).
	created := api.Mul(s.A.Empty, depOK)
	api.AssertIsEqual(api.Mul(created, api.Sub(s.A.Index, count)), 0)

	// Deposits: the wide entry checks that the posted compressed key
	// decompresses to (PkX, PkY); unless the failure shown is a full
	// tree, account A holds it.
	keyed := api.Sub(s.IsDeposit, api.Mul(s.IsDeposit, s.FullTree))
	api.AssertIsEqual(api.Mul(keyed, api.Sub(s.A.Ax, s.PkX)), 0)
	api.AssertIsEqual(api.Mul(keyed, api.Sub(s.A.Ay, s.PkY)), 0)

	// A failed deposit shows why: the account count (committed in the
	// state root) fills the tree, or the credit, with the fees the fee
	// account is owed so far, overflows. Either way A is an existing leaf.
	isFeeA := api.IsZero(api.Sub(s.A.Index, p.FeeAccount))
	credit := api.Add(s.A.Balance, s.Amount, api.Mul(isFeeA, fees))
	cb := g.bitsOf(credit, 66)
	overflow := api.Sub(api.Add(cb[64], cb[65]), api.Mul(cb[64], cb[65]))
	api.AssertIsEqual(api.Mul(depFail, s.A.Empty), 0)
	isFull := api.IsZero(api.Sub(count, uint64(1)<<p.Depth))
	api.AssertIsEqual(api.Mul(api.Mul(depFail, s.FullTree), api.Sub(one, isFull)), 0)
	api.AssertIsEqual(api.Mul(api.Sub(depFail, api.Mul(depFail, s.FullTree)), api.Sub(one, overflow)), 0)

	// Forced exits: paid the whole balance if the requester owns the
	// account; otherwise a no-op, shown by an empty leaf or another owner.
	api.AssertIsEqual(api.Mul(exitOK, api.Sub(s.A.Owner, s.Addr)), 0)
	sameOwner := api.IsZero(api.Sub(s.A.Owner, s.Addr))
	api.AssertIsEqual(api.Mul(api.Mul(exitFail, api.Sub(one, s.A.Empty)), sameOwner), 0)
	paid := api.Mul(s.A.Balance, api.Sub(one, s.Failed))
	api.AssertIsEqual(api.Mul(s.IsExit, api.Sub(s.Amount, paid)), 0)

	// Signed operations: the sender's signature over the fsm's message,
	// with the sender's current nonce.
	kind := api.Add(s.IsTransfer, api.Mul(2, s.IsWithdraw))
	e0 := api.Add(api.Mul(new(big.Int).Lsh(new(big.Int).SetUint64(p.ChainID), 40), one), api.Mul(kind, uint64(1)<<32), s.From)
	e1 := api.Add(s.To, s.Addr)
	e2 := api.Add(api.Mul(s.Amount, new(big.Int).Lsh(big.NewInt(1), 128)), api.Mul(fee, new(big.Int).Lsh(big.NewInt(1), 64)), s.A.Nonce)
	msg := g.md(e0, e1, e2)
	// R is hashed, so forging needs a discrete log anyway; checking it is
	// a point costs four constraints and rules out odd witnesses.
	g.curve.AssertIsOnCurve(s.R)
	h := hash.NewMerkleDamgardHasher(api, g.perm, 0)
	valid, err := eddsa.IsValid(g.curve, eddsa.Signature{R: s.R, S: s.S}, msg, eddsa.PublicKey{A: twistededwards.Point{X: s.A.Ax, Y: s.A.Ay}}, h)
	if err != nil {
		panic(err) // only for curves with an unsupported cofactor
	}
	api.AssertIsEqual(api.Mul(signed, api.Sub(one, valid)), 0)

	// A's new balance and nonce. Range checks on the new values are what
	// refuse an overdraft and a wrapped credit.
	debit := api.Mul(signed, api.Add(s.Amount, fee))
	newBal := api.Sub(api.Add(s.A.Balance, api.Mul(depOK, s.Amount)), debit, api.Mul(exitOK, s.A.Balance))
	newNonce := api.Add(s.A.Nonce, signed)
	g.bitsOf(newBal, 64)
	g.bitsOf(newNonce, 64)
	oldLeaf := api.Mul(api.Sub(one, s.A.Empty), g.compress(keyHash, pack(api, s.A.Balance, s.A.Nonce)))
	// The leaf stays empty unless a deposit creates the account.
	keepEmpty := api.Mul(s.A.Empty, api.Sub(one, depOK))
	newLeaf := api.Mul(api.Sub(one, keepEmpty), g.compress(keyHash, pack(api, newBal, newNonce)))
	api.AssertIsEqual(api.Mul(active, api.Sub(g.root(oldLeaf, idxA, s.A.Path), cur)), 0)
	cur = api.Add(cur, api.Mul(active, api.Sub(g.root(newLeaf, idxA, s.A.Path), cur)))

	// Account B, a transfer's recipient, on the root after A's update.
	idxB := g.bitsOf(s.B.Index, p.Depth)
	api.AssertIsEqual(api.Mul(s.IsTransfer, api.Sub(s.To, s.B.Index)), 0)
	g.bitsOf(s.B.Balance, 64)
	g.bitsOf(s.B.Nonce, 64)
	newBalB := api.Add(s.B.Balance, s.Amount)
	g.bitsOf(newBalB, 64)
	oldB := g.compress(s.B.KeyHash, pack(api, s.B.Balance, s.B.Nonce))
	newB := g.compress(s.B.KeyHash, pack(api, newBalB, s.B.Nonce))
	api.AssertIsEqual(api.Mul(s.IsTransfer, api.Sub(g.root(oldB, idxB, s.B.Path), cur)), 0)
	cur = api.Add(cur, api.Mul(s.IsTransfer, api.Sub(g.root(newB, idxB, s.B.Path), cur)))

	fees = api.Add(fees, fee)

	// The record, bit by bit in SHA-256 order (fsm.RecordSize documents
	// the layout).
	kindByte := api.Add(kind, api.Mul(3, s.IsDeposit), api.Mul(4, s.IsExit), api.Mul(fsm.RecordFailed, s.Failed))
	rec := make([]frontend.Variable, 0, 8*fsm.RecordSize)
	rec = appendBE(rec, g.bitsOf(kindByte, 8))
	rec = appendBE(rec, fromBits)
	rec = appendBE(rec, toBits)
	rec = appendBE(rec, amBits)
	rec = appendBE(rec, aeBits)
	rec = appendBE(rec, fmBits)
	rec = appendBE(rec, feBits)
	return cur, fees, api.Add(count, created), rec
}

// appendBE appends little-endian bits as a big-endian byte string, most
// significant bit first.
func appendBE(dst, le []frontend.Variable) []frontend.Variable {
	for i := len(le) - 1; i >= 0; i-- {
		dst = append(dst, le[i])
	}
	return dst
}

// compressedKeyBits lays out a compressed key as fsm.PubKey holds it
// (gnark-crypto's encoding: y little-endian, the sign of x in the top bit
// of the last byte), each byte most significant bit first.
func compressedKeyBits(yBits []frontend.Variable, sign frontend.Variable) []frontend.Variable {
	le := make([]frontend.Variable, 256)
	copy(le, yBits)
	le[254] = 0
	le[255] = sign
	out := make([]frontend.Variable, 0, 256)
	for b := 0; b < 32; b++ {
		for i := 7; i >= 0; i-- {
			out = append(out, le[8*b+i])
		}
	}
	return out
}

// assertOnCurveIf constrains (x, y) to the curve when cond is 1.
func (g *gadgets) assertOnCurveIf(cond, x, y frontend.Variable) {
	api, cp := g.api, g.curve.Params()
	x2, y2 := api.Mul(x, x), api.Mul(y, y)
	lhs := api.Add(api.Mul(cp.A, x2), y2)
	rhs := api.Add(1, api.Mul(cp.D, api.Mul(x2, y2)))
	api.AssertIsEqual(api.Mul(cond, api.Sub(lhs, rhs)), 0)
}

// lexLargest is 1 when x > (r-1)/2, gnark-crypto's sign of a compressed
// point. For x < r that holds exactly when 2x wraps, that is, when the
// canonical form of 2x is odd (r is odd): one canonical decomposition.
func (g *gadgets) lexLargest(x frontend.Variable) frontend.Variable {
	return bits.ToBinary(g.api, g.api.Mul(x, 2))[0]
}
