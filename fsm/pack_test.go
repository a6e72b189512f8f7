package fsm

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestPackAmountRoundTripsAndIsCanonical(t *testing.T) {
	cases := []struct {
		v      uint64
		packed uint64
	}{
		{1, 1 << 5},
		{100, 100 << 5},
		{1<<35 - 1, (1<<35 - 1) << 5},
		{(1<<35 - 1) * 10, (1<<35-1)<<5 | 1}, // needs exponent 1
		{1_000_000_000_000_000_000, 10_000_000_000<<5 | 8},
		{math.MaxUint64 / 10_000_000_000 * 10_000_000_000, 18446744070<<5 | 9},
	}
	for _, c := range cases {
		p, err := PackAmount(c.v)
		if err != nil {
			t.Fatalf("%d: %v", c.v, err)
		}
		if p != c.packed {
			t.Errorf("%d packs to %#x, want %#x (smallest exponent)", c.v, p, c.packed)
		}
		if u, ok := UnpackAmount(p); !ok || u != c.v {
			t.Errorf("%d: unpacks to %d, %v", c.v, u, ok)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		v := r.Uint64N(1<<35) * pow10(r.IntN(9))
		p, err := PackAmount(v)
		if err != nil {
			t.Fatalf("%d: %v", v, err)
		}
		if p>>40 != 0 {
			t.Fatalf("%d packs into more than 40 bits: %#x", v, p)
		}
		if u, _ := UnpackAmount(p); u != v {
			t.Fatalf("%d round-trips to %d", v, u)
		}
	}
}

func pow10(e int) uint64 {
	p := uint64(1)
	for range e {
		p *= 10
	}
	return p
}

func TestPackRefusesWithTheNearestPackableValues(t *testing.T) {
	for _, c := range []struct {
		v      uint64
		fee    bool
		lo, hi uint64
	}{
		{1<<35 + 1, false, 34359738360, 34359738370},
		{123456789012345, false, 123456789010000, 123456789020000},
		{2049, true, 2040, 2050},
		{math.MaxUint64, false, 18446744073000000000, 0},
	} {
		var err error
		if c.fee {
			_, err = PackFee(c.v)
		} else {
			_, err = PackAmount(c.v)
		}
		if !errors.Is(err, ErrUnpackable) || !errors.Is(err, ErrMalformed) {
			t.Fatalf("%d: %v, want ErrUnpackable (a malformed value)", c.v, err)
		}
		lo, hi := nearestPackable(c.v, map[bool]uint{false: AmountMantissaBits, true: FeeMantissaBits}[c.fee])
		if lo != c.lo || hi != c.hi {
			t.Errorf("%d: nearest %d, %d; want %d, %d", c.v, lo, hi, c.lo, c.hi)
		}
		if !strings.Contains(err.Error(), "nearest that pack") {
			t.Errorf("%d: %v does not name the nearest values", c.v, err)
		}
	}
	// The names are packable themselves.
	for _, v := range []uint64{34359738360, 34359738370, 123456789020000} {
		if _, err := PackAmount(v); err != nil {
			t.Errorf("%d: %v", v, err)
		}
	}
}

func TestUnpackableTransferIsRefusedAndChangesNothing(t *testing.T) {
	keys := testKeys(t, 80, 3)
	g := testGenesis(keys, 1<<40)
	m := newTestMachine(t, g)
	before := m.Root()
	bad := signedTransfer(t, keys[1], g.ChainID, 1, 2, 1<<35+1, 1, 0)
	badFee := signedTransfer(t, keys[2], g.ChainID, 2, 1, 5, 2049, 0)
	res := m.Build([]Tx{bad, badFee}, 1, false)
	if res.Batch != nil || len(res.Rejected) != 2 {
		t.Fatalf("built %+v", res)
	}
	for _, r := range res.Rejected {
		if !errors.Is(r.Err, ErrUnpackable) {
			t.Errorf("rejection %d: %v", r.Pos, r.Err)
		}
	}
	if m.Root() != before {
		t.Fatal("a refused transfer changed the state")
	}
}

func TestPublicDataLayout(t *testing.T) {
	var pk PubKey
	for i := range pk {
		pk[i] = byte(0xa0 + i)
	}
	txs := []Tx{
		{Kind: KindDeposit, QueueIndex: 0, PubKey: pk, L1Addr: L1Address{0xd1}, Amount: 123456789012},
		{Kind: KindForcedExit, QueueIndex: 1, From: 7, L1Addr: L1Address{0xe1}},
		{Kind: KindTransfer, From: 0x01020304, To: 0x05060708, Amount: 1200, Fee: 30_000},
		{Kind: KindWithdraw, From: 9, L1Addr: L1Address{0xf1}, Amount: 77, Fee: 1},
	}
	rcs := []Receipt{{Account: 5}, {Failed: true, Account: 7}, {}, {}}
	data, err := PublicData(txs, rcs, 8)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != 8*16+4*64 || len(data) != PubDataSize(8) {
		t.Fatalf("length %d", len(data))
	}
	hexRec := func(i int) []byte { return data[16*i : 16*i+16] }
	want := [][]byte{
		{3, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{4 | 0x80, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{1, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 1200 >> 3, 1200 << 5 & 0xff, 300 << 5 >> 8, 300<<5&0xff | 2},
		{2, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 77 >> 3, 77 << 5 & 0xff, 0, 1 << 5},
	}
	for i, w := range want {
		if !bytes.Equal(hexRec(i), w) {
			t.Errorf("record %d: %x, want %x", i, hexRec(i), w)
		}
	}
	for i := 4; i < 8; i++ {
		if !bytes.Equal(hexRec(i), make([]byte, 16)) {
			t.Errorf("no-op record %d not zero: %x", i, hexRec(i))
		}
	}
	wide := data[8*16:]
	entry := func(amount uint64, key []byte, addr L1Address) []byte {
		e := make([]byte, 64)
		binary.BigEndian.PutUint64(e, amount)
		copy(e[8:], key)
		copy(e[40:], addr[:])
		return e
	}
	wantWide := [][]byte{entry(123456789012, pk[:], L1Address{0xd1}), entry(0, nil, L1Address{0xe1}), entry(77, nil, L1Address{0xf1}), make([]byte, 64)}
	for i, w := range wantWide {
		if got := wide[64*i : 64*i+64]; !bytes.Equal(got, w) {
			t.Errorf("wide entry %d: %x, want %x", i, got, w)
		}
	}
	if _, err := PublicData(append(txs, txs[3], txs[3]), append(rcs, Receipt{}, Receipt{}), 8); !errors.Is(err, ErrTooLarge) {
		t.Errorf("5 wide operations in 4 entries: %v", err)
	}
}

func TestWideOperationsPastTheEntriesWaitForTheNextBatch(t *testing.T) {
	keys := testKeys(t, 81, 10)
	g := testGenesis(keys[:2], 100)
	wider := g
	wider.MaxBatchTxs = 128 // 8 wide entries
	m, m8 := newTestMachine(t, g), newTestMachine(t, wider)
	var cands []Tx
	for i := range 6 {
		cands = append(cands, Tx{Kind: KindDeposit, QueueIndex: uint64(i), PubKey: keys[2+i].Public(), L1Addr: L1Address{byte(i)}, Amount: 10})
	}
	res := m.Build(cands, 1, false)
	if len(res.Included) != WideEntries(g.MaxBatchTxs) || len(res.Deferred) != 2 || WideEntries(g.MaxBatchTxs) != 4 {
		t.Fatalf("included %v, deferred %v", res.Included, res.Deferred)
	}
	// A batch with more than the entries hold is refused on Apply.
	big := m8.Build(cands, 1, false)
	if len(big.Included) != 6 {
		t.Fatalf("wider machine included %v", big.Included)
	}
	before := m.Root()
	if r := m.Apply(1, 1, appendCmd(big.Batch)); !errors.Is(r.Err, ErrTooLarge) || m.Root() != before {
		t.Fatalf("apply of 6 wide operations: %v", r.Err)
	}
}
