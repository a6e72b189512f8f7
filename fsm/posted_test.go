package fsm

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

// TestPostedDataRoundTrip: what a batch posts is its records and exactly
// the wide entries its operations take, padding it back gives the public
// data byte for byte, so the commitment is the same.
func TestPostedDataRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for iter := range 500 {
		slots := 1 + r.IntN(80)
		txs, rcs, _ := randomPubOps(r, r.IntN(slots+1), WideEntries(slots))
		data, err := PublicData(txs, rcs, slots)
		if err != nil {
			t.Fatal(err)
		}
		posted := PostedData(data, slots)
		if want := slots*RecordSize + WideOps(txs)*WideSize; len(posted) != want {
			t.Fatalf("iter %d: posted %d bytes, want %d (%d wide operations)", iter, len(posted), want, WideOps(txs))
		}
		for _, in := range [][]byte{posted, data} {
			full, err := FullData(in, slots)
			if err != nil {
				t.Fatalf("iter %d: %v", iter, err)
			}
			if !bytes.Equal(full, data) || DataCommitment(full) != DataCommitment(data) {
				t.Fatalf("iter %d: padding %d posted bytes does not give the public data back", iter, len(in))
			}
		}
	}
}

// TestPostedTransfersSixteenBytes: a full batch of transfers posts 16
// bytes a transfer at every size (the wide entries are not posted).
func TestPostedTransfersSixteenBytes(t *testing.T) {
	for _, slots := range []int{4, 16, 64, 256} {
		txs := make([]Tx, slots)
		for i := range txs {
			txs[i] = Tx{Kind: KindTransfer, From: uint32(i), To: uint32(i + 1), Amount: 1000, Fee: 1}
		}
		data, err := PublicData(txs, make([]Receipt, slots), slots)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(PostedData(data, slots)); got != slots*16 {
			t.Errorf("%d slots: posted %d bytes, want %d", slots, got, slots*16)
		}
	}
}

// TestFullDataRejects: posted data the contract would refuse is
// ErrMalformed: a length that is not the records and whole wide entries,
// more entries than the circuit has, or a record whose wide entry was
// left off (the contract reads no zero entry in its place).
func TestFullDataRejects(t *testing.T) {
	txs := []Tx{
		{Kind: KindTransfer, From: 1, To: 2, Amount: 5, Fee: 1},
		{Kind: KindWithdraw, From: 3, L1Addr: L1Address{7}, Amount: 9, Fee: 0},
	}
	data, err := PublicData(txs, make([]Receipt, 2), 8)
	if err != nil {
		t.Fatal(err)
	}
	posted := PostedData(data, 8)
	for name, tc := range map[string]struct {
		b     []byte
		slots int
	}{
		"records cut":       {posted[:8*RecordSize-1], 8},
		"entry cut":         {posted[:len(posted)-1], 8},
		"entry too long":    {append(append([]byte(nil), posted...), 0), 8},
		"entry not posted":  {posted[:8*RecordSize], 8},
		"more than W":       {append(append([]byte(nil), data...), make([]byte, WideSize)...), 8},
		"no slots":          {nil, 0},
		"records only, big": {make([]byte, 9*RecordSize), 8},
	} {
		if _, err := FullData(tc.b, tc.slots); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", name, err)
		}
		if _, err := DecodePublicData(tc.b, tc.slots); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: decode got %v, want ErrMalformed", name, err)
		}
	}
}
