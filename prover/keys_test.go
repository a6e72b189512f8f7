package prover

import (
	"errors"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/racecheck"
)

// TestProveAndVerify runs the real Groth16 path on a small circuit: setup
// once, cached keys load, a valid batch proves and verifies, and the proof
// does not verify for another batch's inputs or when altered.
func TestProveAndVerify(t *testing.T) {
	if testing.Short() || racecheck.Enabled {
		t.Skip("Groth16 setup takes a while (and far longer under -race); make test runs it without")
	}
	const depth, batch = 4, 2
	c := newChain(t, depth, 4, batch, 1000)
	p := c.params(batch)
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	start := time.Now()
	k, created, err := Setup(dir, p, log)
	if err != nil || !created {
		t.Fatalf("setup: created %v, %v", created, err)
	}
	t.Logf("%s: %d constraints, setup %v", p, k.Constraints(), time.Since(start))
	start = time.Now()
	k2, created, err := Setup(dir, p, log)
	if err != nil || created || k2.ID != k.ID {
		t.Fatalf("second setup: created %v, id %s vs %s, %v", created, k2.ID, k.ID, err)
	}
	t.Logf("cached keys loaded in %v", time.Since(start))

	b1 := c.commit(c.transfer(1, 2, 100, 3), c.withdraw(3, owner(9), 10, 2))
	b2 := c.commit(c.transfer(2, 1, 7, 1))
	start = time.Now()
	proof, pi, err := k2.Prove(b1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("prove: %v, %d-byte proof", time.Since(start), len(proof))
	v, err := LoadVerifier(dir, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(proof, pi); err != nil {
		t.Fatalf("valid proof: %v", err)
	}
	other, err := Public(p, b2)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(proof, other); err == nil {
		t.Fatal("a proof verified for another batch's public inputs")
	}
	bad := append([]byte(nil), proof...)
	bad[40] ^= 1
	if err := v.Verify(bad, pi); err == nil {
		t.Fatal("an altered proof verified")
	}
	if err := v.Verify(proof[:len(proof)-1], pi); err == nil {
		t.Fatal("a truncated proof verified")
	}
}

// TestCompileIsDeterministic: the circuit ID keys the cache, so compiling
// twice must give the same one.
func TestCompileIsDeterministic(t *testing.T) {
	p := Params{BatchSize: 1, Depth: 4, ChainID: fsm.DefaultConfig().ChainID}
	_, a, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	_, b, err := Compile(p)
	if err != nil || a != b {
		t.Fatalf("ids %s and %s (%v)", a, b, err)
	}
	p.Depth = 5
	if _, c, _ := Compile(p); c == a {
		t.Fatal("another circuit has the same id")
	}
}

// TestWireRoundTrip: a batch survives the job wire format and still
// assigns to the same witness.
func TestWireRoundTrip(t *testing.T) {
	c := newChain(t, 4, 5, 4, 1000)
	p := c.params(4)
	b := c.commit(c.deposit(fsm.DevKey("w", 1).Public(), owner(3), 9), c.exit(3, owner(9)), c.transfer(1, 2, 100, 3))
	data, err := EncodeBatch(b)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeBatch(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := solved(t, p, assign(t, p, back)); err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string]string{
		"not json":           `{`,
		"receipts mismatch":  `{"number":1,"txs":["0x01"],"receipts":[]}`,
		"bad tx":             `{"number":1,"txs":["0x09"],"receipts":[{}]}`,
		"non-canonical node": `{"number":1,"txs":[],"receipts":[],"witness":{"nodes":[{"level":0,"index":0,"value":"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}]}}`,
	} {
		if _, err := DecodeBatch([]byte(bad)); !errors.Is(err, ErrUnprovable) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
