package fsm

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// testKeys derives n deterministic keys from seed.
func testKeys(t testing.TB, seed uint64, n int) []PrivateKey {
	t.Helper()
	keys := make([]PrivateKey, n)
	for i := range keys {
		src := rand.NewChaCha8(seed32(seed, uint64(i)))
		k, err := GenerateKey(src)
		if err != nil {
			t.Fatal(err)
		}
		keys[i] = k
	}
	return keys
}

func seed32(a, b uint64) [32]byte {
	var s [32]byte
	binary.BigEndian.PutUint64(s[:], a)
	binary.BigEndian.PutUint64(s[8:], b)
	return s
}

// testGenesis funds one account per key with balance.
func testGenesis(keys []PrivateKey, balance uint64) Genesis {
	g := Genesis{Config: DefaultConfig()}
	g.TreeDepth = 8
	g.CheckpointInterval = 4
	g.MaxBatchTxs = 64
	for i, k := range keys {
		g.Accounts = append(g.Accounts, GenesisAccount{PubKey: k.Public(), Owner: L1Address{byte(i + 1)}, Balance: balance})
	}
	return g
}

func newTestMachine(t testing.TB, g Genesis) *Machine {
	t.Helper()
	m, err := New(g)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func signedTransfer(t testing.TB, k PrivateKey, chain uint64, from, to uint32, amount, fee, nonce uint64) Tx {
	t.Helper()
	tx := Tx{Kind: KindTransfer, From: from, To: to, Amount: amount, Fee: fee, Nonce: nonce}
	if err := tx.Sign(k, chain); err != nil {
		t.Fatal(err)
	}
	return tx
}

func signedWithdraw(t testing.TB, k PrivateKey, chain uint64, from uint32, to L1Address, amount, fee, nonce uint64) Tx {
	t.Helper()
	tx := Tx{Kind: KindWithdraw, From: from, L1Addr: to, Amount: amount, Fee: fee, Nonce: nonce}
	if err := tx.Sign(k, chain); err != nil {
		t.Fatal(err)
	}
	return tx
}

// appendCmd encodes a batch as an AppendBatch entry.
func appendCmd(b *Batch) []byte {
	c := Command{Type: CmdAppendBatch, Batch: b}
	return c.Encode()
}

func mustSnapshot(t testing.TB, m *Machine) *Snapshot {
	t.Helper()
	s, err := m.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustWitness(t testing.TB, m *Machine, n uint64) *Witness {
	t.Helper()
	w, err := m.Witness(n)
	if err != nil {
		t.Fatal(err)
	}
	return w
}
