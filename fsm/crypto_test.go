package fsm

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
)

// randElement draws any field element, including ones near the modulus.
func randElement(r *rand.Rand) Field {
	var b [32]byte
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	var f Field
	f.SetBigInt(new(big.Int).SetBytes(b[:])) // reduced mod r
	return f
}

// gnarkMD hashes elements with gnark-crypto's own Merkle–Damgård hasher,
// which is what the circuit and eddsa use.
func gnarkMD(t *testing.T, xs ...Field) Field {
	t.Helper()
	md := poseidon2.NewMerkleDamgardHasher()
	for _, x := range xs {
		b := x.Bytes()
		if _, err := md.Write(b[:]); err != nil {
			t.Fatal(err)
		}
	}
	var f Field
	if err := f.SetBytesCanonical(md.Sum(nil)); err != nil {
		t.Fatal(err)
	}
	return f
}

func gnarkCompress(t *testing.T, l, r Field) Field {
	t.Helper()
	lb, rb := l.Bytes(), r.Bytes()
	out, err := poseidon2.NewDefaultPermutation().Compress(lb[:], rb[:])
	if err != nil {
		t.Fatal(err)
	}
	var f Field
	if err := f.SetBytesCanonical(out); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestHasherMatchesGnark(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	h := newHasher()
	var minusOne Field
	minusOne.SetOne()
	minusOne.Neg(&minusOne)
	edge := []Field{{}, minusOne}
	for i := range 40 {
		var l, rr Field
		if i < 4 {
			l, rr = edge[i%2], edge[i/2]
		} else {
			l, rr = randElement(r), randElement(r)
		}
		if got, want := h.compress(&l, &rr), gnarkCompress(t, l, rr); got != want {
			t.Fatalf("compress(%v, %v) = %v, gnark says %v", l.String(), rr.String(), got.String(), want.String())
		}
		xs := make([]Field, i%6)
		for j := range xs {
			xs[j] = randElement(r)
		}
		if got, want := h.md(xs...), gnarkMD(t, xs...); got != want {
			t.Fatalf("md of %d elements differs from gnark", len(xs))
		}
	}
	// The hasher keeps no state between calls.
	a, b := randElement(r), randElement(r)
	if h.compress(&a, &b) != newHasher().compress(&a, &b) {
		t.Fatal("compress depends on earlier calls")
	}
}

func TestFieldPacking(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	two64 := new(big.Int).Lsh(big.NewInt(1), 64)
	for range 200 {
		ws := make([]uint64, 1+r.IntN(3))
		want := new(big.Int)
		for i := range ws {
			switch r.IntN(3) {
			case 0:
				ws[i] = 0
			case 1:
				ws[i] = ^uint64(0)
			default:
				ws[i] = r.Uint64()
			}
			want.Mul(want, two64)
			want.Add(want, new(big.Int).SetUint64(ws[i]))
		}
		got := fieldFromUint64s(ws...)
		if got.BigInt(new(big.Int)).Cmp(want) != 0 {
			t.Fatalf("fieldFromUint64s(%v) = %v, want %v", ws, got.String(), want)
		}
		b := make([]byte, r.IntN(32))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		fb := fieldFromBytes(b)
		if fb.BigInt(new(big.Int)).Cmp(new(big.Int).SetBytes(b)) != 0 {
			t.Fatalf("fieldFromBytes(%x)", b)
		}
	}
	if fr.Modulus().BitLen() <= 192 {
		t.Fatal("three packed words would not fit the field")
	}
}

// TestSigningMessageLayout recomputes the signed digest from its documented
// layout with big integers and gnark-crypto's hasher.
func TestSigningMessageLayout(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 50 {
		tx := Tx{Kind: KindTransfer, From: r.Uint32(), To: r.Uint32(), Amount: r.Uint64(), Fee: r.Uint64(), Nonce: r.Uint64()}
		if r.IntN(2) == 0 {
			tx.Kind = KindWithdraw
			for i := range tx.L1Addr {
				tx.L1Addr[i] = byte(r.Uint32())
			}
		}
		chain := r.Uint64()
		e0 := new(big.Int).Lsh(new(big.Int).SetUint64(chain), 40)
		e0.Add(e0, new(big.Int).Lsh(big.NewInt(int64(tx.Kind)), 32))
		e0.Add(e0, new(big.Int).SetUint64(uint64(tx.From)))
		e1 := new(big.Int).SetUint64(uint64(tx.To))
		if tx.Kind == KindWithdraw {
			e1.SetBytes(tx.L1Addr[:])
		}
		e2 := new(big.Int).Lsh(new(big.Int).SetUint64(tx.Amount), 128)
		e2.Add(e2, new(big.Int).Lsh(new(big.Int).SetUint64(tx.Fee), 64))
		e2.Add(e2, new(big.Int).SetUint64(tx.Nonce))
		var f0, f1, f2 Field
		f0.SetBigInt(e0)
		f1.SetBigInt(e1)
		f2.SetBigInt(e2)
		if got, want := tx.SigningMessage(chain), gnarkMD(t, f0, f1, f2); got != want {
			t.Fatalf("signing message of %+v (chain %d) differs from its documented layout", tx, chain)
		}
	}
}

// TestAccountLeafLayout recomputes a leaf from its documented layout:
// compress(md(Ax, Ay, owner), balance·2^64 + nonce).
func TestAccountLeafLayout(t *testing.T) {
	keys := testKeys(t, 9, 2)
	a := Account{PubKey: keys[1].Public(), Owner: L1Address{1, 2, 3}, Balance: 1<<63 + 5, Nonce: 77}
	got, err := a.Leaf()
	if err != nil {
		t.Fatal(err)
	}
	x, y, err := a.PubKey.Coords()
	if err != nil {
		t.Fatal(err)
	}
	kh := gnarkMD(t, x, y, fieldFromBytes(a.Owner[:]))
	v := new(big.Int).Lsh(new(big.Int).SetUint64(a.Balance), 64)
	v.Add(v, new(big.Int).SetUint64(a.Nonce))
	var fv Field
	fv.SetBigInt(v)
	if want := gnarkCompress(t, kh, fv); got != want {
		t.Fatal("account leaf differs from its documented layout")
	}
	if _, err := (Account{PubKey: PubKey{0xff}}).Leaf(); !errors.Is(err, ErrBadPubKey) {
		t.Fatalf("leaf of a bad key: %v", err)
	}
}

func TestSignVerify(t *testing.T) {
	keys := testKeys(t, 10, 2)
	const chain = 412
	pub, other := keys[0].Public(), keys[1].Public()
	base := []Tx{
		{Kind: KindTransfer, From: 3, To: 4, Amount: 10, Fee: 1, Nonce: 5},
		{Kind: KindWithdraw, From: 3, L1Addr: L1Address{9}, Amount: 10, Fee: 1, Nonce: 5},
	}
	for _, tx := range base {
		if err := tx.Sign(keys[0], chain); err != nil {
			t.Fatal(err)
		}
		if !tx.VerifySig(pub, chain) {
			t.Fatalf("%s: signature does not verify", tx.Kind)
		}
		// Decoding keeps the signature valid.
		dec, err := DecodeTx(tx.Encode(nil))
		if err != nil || !dec.VerifySig(pub, chain) {
			t.Fatalf("%s: decoded signature: %v", tx.Kind, err)
		}
		if tx.VerifySig(pub, chain+1) {
			t.Errorf("%s: verifies on another chain", tx.Kind)
		}
		if tx.VerifySig(other, chain) {
			t.Errorf("%s: verifies with another key", tx.Kind)
		}
		if tx.VerifySig(PubKey{0xff}, chain) {
			t.Errorf("%s: verifies with a key off the curve", tx.Kind)
		}
		changes := map[string]func(*Tx){
			"from":   func(c *Tx) { c.From++ },
			"amount": func(c *Tx) { c.Amount++ },
			"fee":    func(c *Tx) { c.Fee++ },
			"nonce":  func(c *Tx) { c.Nonce++ },
			"sig":    func(c *Tx) { c.Sig[SigSize-1] ^= 1 },
			"sig R":  func(c *Tx) { c.Sig[0] ^= 1 },
		}
		if tx.Kind == KindTransfer {
			changes["to"] = func(c *Tx) { c.To++ }
			changes["kind"] = func(c *Tx) { c.Kind = KindWithdraw }
		} else {
			changes["recipient"] = func(c *Tx) { c.L1Addr[19] ^= 1 }
			changes["kind"] = func(c *Tx) { c.Kind = KindTransfer }
		}
		for name, f := range changes {
			c := tx
			f(&c)
			if c.VerifySig(pub, chain) {
				t.Errorf("%s: verifies after changing %s", tx.Kind, name)
			}
		}
	}
	for _, k := range []TxKind{KindDeposit, KindForcedExit} {
		tx := Tx{Kind: k}
		if err := tx.Sign(keys[0], chain); !errors.Is(err, ErrMalformed) {
			t.Errorf("signing a %s: %v", k, err)
		}
	}
}

func TestPrivateKeyBytesRoundTrip(t *testing.T) {
	k := testKeys(t, 11, 1)[0]
	k2, err := PrivateKeyFromBytes(k.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if k2.Public() != k.Public() {
		t.Fatal("public key changed")
	}
	tx := Tx{Kind: KindTransfer, From: 1, To: 2, Amount: 3}
	if err := tx.Sign(k2, 1); err != nil || !tx.VerifySig(k.Public(), 1) {
		t.Fatalf("signature with the decoded key: %v", err)
	}
	if _, err := PrivateKeyFromBytes([]byte{1, 2, 3}); err == nil {
		t.Fatal("short private key accepted")
	}
	// The same seed gives the same key, which devnet genesis files rely on.
	if testKeys(t, 11, 1)[0].Public() != k.Public() {
		t.Fatal("key generation is not deterministic")
	}
}

func TestDevKeysAndGenesis(t *testing.T) {
	a, b := DevKey("devnet", 1), DevKey("devnet", 1)
	if a.Public() != b.Public() {
		t.Fatal("DevKey is not deterministic")
	}
	if DevKey("devnet", 2).Public() == a.Public() || DevKey("other", 1).Public() == a.Public() {
		t.Fatal("DevKey repeats keys")
	}
	cfg := DefaultConfig()
	cfg.TreeDepth = 8
	g := DevGenesis(cfg, "devnet", 4, 100, 5)
	m, err := New(g)
	if err != nil {
		t.Fatal(err)
	}
	if g2 := DevGenesis(cfg, "devnet", 4, 100, 5); newTestMachine(t, g2).Root() != m.Root() {
		t.Fatal("DevGenesis is not deterministic")
	}
	// A dev key signs for its genesis account.
	tx := Tx{Kind: KindTransfer, From: 1, To: 2, Amount: 1}
	if err := tx.Sign(DevKey("devnet", 1), cfg.ChainID); err != nil {
		t.Fatal(err)
	}
	res := m.Build([]Tx{tx}, 6, false)
	if len(res.Included) != 1 {
		t.Fatalf("build: %+v", res)
	}
}

// TestNonCanonicalKeysAreRefused: an encoding with y+r in place of y, or
// with the sign bit set on a point whose x does not need it, decodes to a
// valid point but is not that point's encoding; the circuit could never
// reproduce it, so it is no key (and a deposit carrying it is malformed).
func TestNonCanonicalKeysAreRefused(t *testing.T) {
	good := testKeys(t, 77, 1)[0].Public()
	if _, err := good.point(); err != nil {
		t.Fatal(err)
	}
	// y+r, little-endian in the first 254 bits.
	x, y, _ := good.Coords()
	yr := new(big.Int).Add(y.BigInt(new(big.Int)), fr.Modulus())
	var plusR PubKey
	b := yr.FillBytes(make([]byte, 32))
	for i := range b {
		plusR[i] = b[31-i]
	}
	plusR[31] |= good[31] & 0x80
	// The identity (0, 1) with the sign bit set: x = 0 needs none.
	var id PubKey
	id[0], id[31] = 1, 0x80
	_ = x
	for name, k := range map[string]PubKey{"y+r": plusR, "identity with a sign": id} {
		if _, err := k.point(); !errors.Is(err, ErrBadPubKey) {
			t.Errorf("%s: %v", name, err)
		}
		dep := Tx{Kind: KindDeposit, PubKey: k, L1Addr: L1Address{1}, Amount: 1}
		if err := dep.CheckFormat(); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s deposit: %v", name, err)
		}
	}
}

// TestStateRootLayout: the state root is Poseidon2(tree root, number of
// accounts), as the circuit recomputes it.
func TestStateRootLayout(t *testing.T) {
	keys := testKeys(t, 78, 3)
	m := newTestMachine(t, testGenesis(keys, 10))
	var n Field
	n.SetUint64(3)
	if want := gnarkCompress(t, m.st.tree.Root(), n); m.Root() != rootHash(want) {
		t.Fatal("state root differs from its documented layout")
	}
}
