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
	Fee   FeeUpdate

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

	// The record's fields, each zero where the kind does not use it.
	Amount, Fee, From, To frontend.Variable
	Addr                  frontend.Variable // 160-bit L1 address
	PkY, PkSign           frontend.Variable // a deposit's compressed key
	PkX                   frontend.Variable // its decompressed x

	A AccountA
	B AccountB
	R twistededwards.Point // signature (transfer, withdraw)
	S frontend.Variable
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
	c := &Circuit{Slots: make([]Slot, p.BatchSize), params: p}
	for i := range c.Slots {
		c.Slots[i].A.Path = make([]frontend.Variable, p.Depth)
		c.Slots[i].B.Path = make([]frontend.Variable, p.Depth)
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
	if len(c.Slots) != p.BatchSize {
		return fmt.Errorf("circuit has %d slots for batch size %d", len(c.Slots), p.BatchSize)
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
	record := make([]frontend.Variable, 0, 8*fsm.RecordSize*p.BatchSize)
	for i := range c.Slots {
		var rec []frontend.Variable
		cur, fees, count, rec = g.slot(&c.Slots[i], cur, fees, count)
		record = append(record, rec...)
	}

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
	// The commitment: SHA-256 of the records, top three bits cleared.
	digest := sha256Bits(api, record)
	var terms []frontend.Variable
	for i := 3; i < 256; i++ {
		terms = append(terms, api.Mul(digest[i], new(big.Int).Lsh(big.NewInt(1), uint(255-i))))
	}
	api.AssertIsEqual(api.Add(terms[0], terms[1], terms[2:]...), c.Commitment)
	return nil
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
	// kind does not use must be zero, so fields that share offsets can be
	// summed bit by bit.
	amountBits := g.bitsOf(s.Amount, 64)
	feeBits := g.bitsOf(s.Fee, 64)
	fromBits := g.bitsOf(s.From, 32)
	toBits := g.bitsOf(s.To, 32)
	addrBits := g.bitsOf(s.Addr, 160)
	pkBits := g.bitsOf(s.PkY, 254)
	api.AssertIsBoolean(s.PkSign)
	api.AssertIsEqual(api.Mul(s.Amount, api.Sub(one, active)), 0)
	api.AssertIsEqual(api.Mul(s.Fee, api.Sub(one, signed)), 0)
	api.AssertIsEqual(api.Mul(s.From, api.Sub(one, signed, s.IsExit)), 0)
	api.AssertIsEqual(api.Mul(s.To, api.Sub(one, s.IsTransfer)), 0)
	api.AssertIsEqual(api.Mul(s.Addr, api.Sub(one, s.IsWithdraw, s.IsDeposit, s.IsExit)), 0)
	api.AssertIsEqual(api.Mul(s.PkY, api.Sub(one, s.IsDeposit)), 0)
	api.AssertIsEqual(api.Mul(s.PkSign, api.Sub(one, s.IsDeposit)), 0)

	// Account A: its index is the record's sender where there is one.
	idxA := g.bitsOf(s.A.Index, p.Depth)
	api.AssertIsEqual(api.Mul(api.Add(signed, s.IsExit), api.Sub(s.From, s.A.Index)), 0)
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

	// Deposits: the record's compressed key decompresses to (PkX, PkY),
	// and, unless the failure shown is a full tree, account A holds it.
	g.assertOnCurveIf(s.IsDeposit, s.PkX, s.PkY)
	api.AssertIsEqual(api.Mul(s.IsDeposit, api.Sub(s.PkSign, g.lexLargest(s.PkX))), 0)
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
	e2 := api.Add(api.Mul(s.Amount, new(big.Int).Lsh(big.NewInt(1), 128)), api.Mul(s.Fee, new(big.Int).Lsh(big.NewInt(1), 64)), s.A.Nonce)
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
	debit := api.Mul(signed, api.Add(s.Amount, s.Fee))
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

	fees = api.Add(fees, s.Fee)

	// The record, bit by bit in SHA-256 order (fsm.RecordSize documents
	// the layout).
	kindByte := api.Add(kind, api.Mul(3, s.IsDeposit), api.Mul(4, s.IsExit), api.Mul(fsm.RecordFailed, s.Failed))
	kb := g.bitsOf(kindByte, 8)
	rec := make([]frontend.Variable, 0, 8*fsm.RecordSize)
	rec = appendBE(rec, kb)
	rec = appendBE(rec, amountBits)
	// Offsets 9..41: fee, from, to and 16 zero bytes, or the key.
	plain := make([]frontend.Variable, 0, 256)
	plain = appendBE(plain, feeBits)
	plain = appendBE(plain, fromBits)
	plain = appendBE(plain, toBits)
	for len(plain) < 256 {
		plain = append(plain, 0)
	}
	key := compressedKeyBits(pkBits, s.PkSign)
	for i := range plain {
		rec = append(rec, api.Add(plain[i], key[i]))
	}
	rec = appendBE(rec, addrBits)
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
