package fsm

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

var allKinds = []TxKind{KindTransfer, KindWithdraw, KindDeposit, KindForcedExit}

func randBytes(r *rand.Rand, b []byte) {
	for i := range b {
		b[i] = byte(r.Uint32())
	}
}

// randTx draws a transaction of kind k with random values in exactly the
// fields its encoding carries, so that it survives a round trip unchanged.
func randTx(r *rand.Rand, k TxKind) Tx {
	tx := Tx{Kind: k}
	switch k {
	case KindTransfer:
		tx.From, tx.To = r.Uint32(), r.Uint32()
		tx.Amount, tx.Fee, tx.Nonce = r.Uint64(), r.Uint64(), r.Uint64()
		randBytes(r, tx.Sig[:])
	case KindWithdraw:
		tx.From = r.Uint32()
		randBytes(r, tx.L1Addr[:])
		tx.Amount, tx.Fee, tx.Nonce = r.Uint64(), r.Uint64(), r.Uint64()
		randBytes(r, tx.Sig[:])
	case KindDeposit:
		tx.QueueIndex = r.Uint64()
		randBytes(r, tx.PubKey[:])
		randBytes(r, tx.L1Addr[:])
		tx.Amount = r.Uint64()
	case KindForcedExit:
		tx.QueueIndex, tx.From = r.Uint64(), r.Uint32()
		randBytes(r, tx.L1Addr[:])
	}
	return tx
}

func TestTxEncodingRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 21))
	for range 50 {
		for _, k := range allKinds {
			tx := randTx(r, k)
			b := tx.Encode(nil)
			if len(b) != k.EncodedSize() || len(b) > MaxTxSize {
				t.Fatalf("%s: %d bytes, EncodedSize says %d", k, len(b), k.EncodedSize())
			}
			got, err := DecodeTx(b)
			if err != nil {
				t.Fatalf("%s: %v", k, err)
			}
			if !reflect.DeepEqual(got, tx) {
				t.Fatalf("%s: round trip gave %+v, want %+v", k, got, tx)
			}
			if got.Hash() != tx.Hash() {
				t.Fatalf("%s: hash changed", k)
			}
			// Encode appends.
			if pre := tx.Encode([]byte{0xaa}); pre[0] != 0xaa || !bytes.Equal(pre[1:], b) {
				t.Fatalf("%s: Encode does not append", k)
			}
		}
	}
}

func TestTxHashIgnoresSignature(t *testing.T) {
	r := rand.New(rand.NewPCG(22, 23))
	tx := randTx(r, KindTransfer)
	c := tx
	c.Sig[0] ^= 1
	if c.Hash() != tx.Hash() {
		t.Fatal("hash covers the signature")
	}
	c.Nonce++
	if c.Hash() == tx.Hash() {
		t.Fatal("hash ignores the nonce")
	}
	h, err := ParseTxHash(tx.Hash().String())
	if err != nil || h != tx.Hash() {
		t.Fatalf("ParseTxHash: %v", err)
	}
	if h, err := ParseTxHash(strings.TrimPrefix(tx.Hash().String(), "0x")); err != nil || h != tx.Hash() {
		t.Fatalf("ParseTxHash without 0x: %v", err)
	}
	for _, bad := range []string{"", "0x", "0x12", "zz" + strings.Repeat("0", 62), tx.Hash().String() + "00"} {
		if _, err := ParseTxHash(bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseTxHash(%q): %v", bad, err)
		}
	}
}

func TestDecodeTxRejects(t *testing.T) {
	r := rand.New(rand.NewPCG(24, 25))
	check := func(name string, b []byte) {
		t.Helper()
		if _, err := DecodeTx(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
	check("empty", nil)
	for _, k := range []byte{0, 5, 6, 0x7f, 0xff} {
		b := make([]byte, MaxTxSize)
		b[0] = k
		check("unknown kind", b)
		check("unknown kind, one byte", []byte{k})
	}
	for _, k := range allKinds {
		tx := randTx(r, k)
		b := tx.Encode(nil)
		for n := 1; n < len(b); n++ {
			check(k.String()+" truncated", b[:n])
		}
		check(k.String()+" trailing byte", append(b, 0))
	}
}

func TestKindAndStateNames(t *testing.T) {
	for _, k := range allKinds {
		got, err := ParseTxKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParseTxKind(%q) = %v, %v", k.String(), got, err)
		}
	}
	if _, err := ParseTxKind("mint"); !errors.Is(err, ErrMalformed) {
		t.Errorf("ParseTxKind(mint): %v", err)
	}
	if TxKind(9).String() != "kind(9)" || TxKind(9).EncodedSize() != 0 {
		t.Error("unknown kind")
	}
	if !KindDeposit.IsPriority() || !KindForcedExit.IsPriority() || KindTransfer.IsPriority() || KindWithdraw.IsPriority() {
		t.Error("IsPriority")
	}
	for s, want := range map[BatchState]string{StateSequenced: "sequenced", StatePosted: "posted", StateProving: "proving", StateProven: "proven", StateFinalized: "finalized", 9: "state(9)"} {
		if s.String() != want {
			t.Errorf("%d: %s", s, s.String())
		}
	}
	for c, want := range map[CommandType]string{CmdAppendBatch: "append_batch", CmdRecordPosted: "record_posted", CmdRecordProof: "record_proof", CmdMarkFinalized: "mark_finalized", 99: "command(99)"} {
		if c.String() != want {
			t.Errorf("%d: %s", c, c.String())
		}
	}
}

func randHash(r *rand.Rand) Hash {
	var h Hash
	randBytes(r, h[:])
	return h
}

func randString(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + byte(r.IntN(26))
	}
	return string(b)
}

// randCommands draws one command of every type.
func randCommands(r *rand.Rand, maxTxs int) []Command {
	n := r.IntN(maxTxs + 1)
	txs := make([]Tx, 0, n)
	for range n {
		txs = append(txs, randTx(r, allKinds[r.IntN(len(allKinds))]))
	}
	h := Header{
		Number: r.Uint64(), Parent: randHash(r), PreRoot: randHash(r), PostRoot: randHash(r),
		TxCommitment: randHash(r), Timestamp: int64(r.Uint64()), DepositCursor: r.Uint64(), TxCount: uint32(n),
	}
	var proof []byte
	if m := r.IntN(MaxProofSize + 1); m > 0 {
		proof = make([]byte, m)
		randBytes(r, proof)
	}
	return []Command{
		{Type: CmdAppendBatch, Batch: &Batch{Header: h, Txs: txs}},
		{Type: CmdRecordPosted, Number: r.Uint64(), Ref: randHash(r)},
		{Type: CmdRecordProof, Number: r.Uint64(), Prover: randString(r, r.IntN(MaxProverIDLen+1)), Proof: proof},
		{Type: CmdMarkFinalized, Number: r.Uint64(), Ref: randHash(r)},
		{Type: CmdSetMember, Member: randString(r, 1+r.IntN(MaxMemberLen)), Addr: randString(r, r.IntN(MaxMemberLen+1))},
		{Type: CmdRecordJob, Number: r.Uint64(), Attempt: 1 + r.Uint32N(1000)},
	}
}

func TestCommandEncodingRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(26, 27))
	const maxTxs = 12
	for range 30 {
		for _, c := range randCommands(r, maxTxs) {
			b := c.Encode()
			if b[0] != byte(c.Type) || b[1] != FormatV1 {
				t.Fatalf("%s: header bytes %x", c.Type, b[:2])
			}
			got, err := DecodeCommand(b, maxTxs)
			if err != nil {
				t.Fatalf("%s: %v", c.Type, err)
			}
			if !reflect.DeepEqual(got, c) {
				t.Fatalf("%s: round trip gave %+v, want %+v", c.Type, got, c)
			}
			if !bytes.Equal(got.Encode(), b) {
				t.Fatalf("%s: re-encoding differs", c.Type)
			}
		}
	}
}

func TestDecodeCommandRejects(t *testing.T) {
	r := rand.New(rand.NewPCG(28, 29))
	const maxTxs = 4
	check := func(name string, b []byte, want error) {
		t.Helper()
		if _, err := DecodeCommand(b, maxTxs); !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", name, err, want)
		}
	}
	for _, c := range randCommands(r, maxTxs) {
		b := c.Encode()
		for n := range len(b) {
			check(c.Type.String()+" truncated", b[:n], ErrMalformed)
		}
		check(c.Type.String()+" trailing byte", append(b, 0), ErrMalformed)
		for _, v := range []byte{0, 2, 0xff} {
			bad := bytes.Clone(b)
			bad[1] = v
			check(c.Type.String()+" unknown version", bad, ErrUnknownCommand)
		}
	}
	for _, typ := range []byte{0, 7, 0x7f, 0xff} {
		check("unknown type", []byte{typ, FormatV1, 0, 0, 0, 0, 0, 0, 0, 0}, ErrUnknownCommand)
	}
	check("oversized", make([]byte, MaxCommandSize+1), ErrTooLarge)

	// An AppendBatch with more operations than the limit is refused before
	// any of them is read.
	big := Command{Type: CmdAppendBatch, Batch: &Batch{Header: Header{TxCount: maxTxs + 1}}}
	check("too many operations", big.Encode(), ErrTooLarge)
	// An unknown operation kind inside a batch.
	one := Command{Type: CmdAppendBatch, Batch: &Batch{Header: Header{TxCount: 1}, Txs: []Tx{randTx(r, KindForcedExit)}}}
	b := one.Encode()
	b[2+headerSize] = 9
	check("unknown operation kind", b, ErrMalformed)
	// Header count and operations disagree.
	one.Batch.Header.TxCount = 2
	check("fewer operations than counted", one.Encode(), ErrMalformed)
	one.Batch.Header.TxCount = 0
	check("more operations than counted", one.Encode(), ErrMalformed)

	proof := Command{Type: CmdRecordProof, Number: 1, Prover: strings.Repeat("p", MaxProverIDLen+1), Proof: []byte{1}}
	check("long prover id", proof.Encode(), ErrTooLarge)
	proof.Prover, proof.Proof = "p", make([]byte, MaxProofSize+1)
	check("long proof", proof.Encode(), ErrTooLarge)
	attempt0 := Command{Type: CmdRecordJob, Number: 1}
	check("record_job attempt 0", attempt0.Encode(), ErrMalformed)
	member := Command{Type: CmdSetMember, Addr: "x"}
	check("empty member", member.Encode(), ErrMalformed)
}

// TestApplyUndecodableCommand: Apply reports an entry it cannot read and
// changes nothing.
func TestApplyUndecodableCommand(t *testing.T) {
	keys := testKeys(t, 30, 3)
	m := newTestMachine(t, testGenesis(keys, 10))
	before := captureState(t, m)
	for name, tc := range map[string]struct {
		b    []byte
		want error
	}{
		"unknown type":    {[]byte{0x42, FormatV1}, ErrUnknownCommand},
		"unknown version": {[]byte{byte(CmdRecordPosted), 7}, ErrUnknownCommand},
		"empty":           {nil, ErrMalformed},
		"truncated":       {[]byte{byte(CmdRecordPosted), FormatV1, 1}, ErrMalformed},
	} {
		if res := m.Apply(1, 1, tc.b); !errors.Is(res.Err, tc.want) {
			t.Errorf("%s: %v, want %v", name, res.Err, tc.want)
		}
		if diff := before.diff(captureState(t, m)); diff != "" {
			t.Errorf("%s: state changed: %s", name, diff)
		}
	}
}

func TestTxCommitmentIsHashOfEncodings(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	var txs []Tx
	var all []byte
	for _, k := range allKinds {
		tx := randTx(r, k)
		txs = append(txs, tx)
		all = tx.Encode(all)
	}
	if TxCommitment(txs) != Hash(sha256.Sum256(all)) {
		t.Fatal("commitment")
	}
	if TxCommitment(nil) != Hash(sha256.Sum256(nil)) {
		t.Fatal("empty commitment")
	}
	h := Header{Number: 1, Timestamp: -1, TxCount: 3}
	if h.Hash() != Hash(sha256.Sum256(h.encode(nil))) || len(h.encode(nil)) != headerSize {
		t.Fatal("header hash")
	}
}

func TestJSONHexRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	type all struct {
		P PubKey
		A L1Address
		S Signature
		T TxHash
		H Hash
	}
	var v all
	randBytes(r, v.P[:])
	randBytes(r, v.A[:])
	randBytes(r, v.S[:])
	randBytes(r, v.T[:])
	randBytes(r, v.H[:])
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var got all
	if err := json.Unmarshal(b, &got); err != nil || got != v {
		t.Fatalf("round trip: %v", err)
	}
	var h Hash
	for _, bad := range []string{`"0x12"`, `"zz"`, `"` + strings.Repeat("0", 66) + `"`} {
		if err := json.Unmarshal([]byte(bad), &h); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestBatchRecordJSONRoundTrip(t *testing.T) {
	for st := StateSequenced; st <= StateFinalized; st++ {
		b, err := json.Marshal(BatchRecord{State: st})
		if err != nil {
			t.Fatal(err)
		}
		var back BatchRecord
		if err := json.Unmarshal(b, &back); err != nil || back.State != st {
			t.Fatalf("%s: %v, got %v", st, err, back.State)
		}
	}
	var s BatchState
	if err := s.UnmarshalText([]byte("lost")); !errors.Is(err, ErrMalformed) {
		t.Fatalf("unknown state: %v", err)
	}
}
