package fsm

import (
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkTreeUpdate times one batch of leaf updates (512 leaves of 4096,
// depth 20) both ways in the same run and reports the batched planner's
// speed-up over updating leaf by leaf.
func BenchmarkTreeUpdate(b *testing.B) {
	const depth, live, touched = 20, 4096, 512
	r := rand.New(rand.NewPCG(1, 2))
	leaves := make(map[uint64]Field, touched)
	for len(leaves) < touched {
		var f Field
		f.SetUint64(r.Uint64())
		leaves[r.Uint64N(live)] = f
	}
	h := newHasher()
	base := newTree(depth, h)
	init := make([]Field, live)
	for i := range init {
		init[i].SetUint64(uint64(i))
	}
	base.rebuild(init)
	naive := newNaiveTree(depth)
	for i, v := range init {
		naive.set(uint64(i), v)
	}
	var batched, oneByOne time.Duration
	for range b.N {
		start := time.Now()
		u, err := base.plan(leaves, h)
		if err != nil {
			b.Fatal(err)
		}
		_ = base.rootAfter(u)
		batched += time.Since(start)
		start = time.Now()
		for i, v := range leaves {
			naive.set(i, v)
		}
		oneByOne += time.Since(start)
	}
	b.ReportMetric(float64(batched.Microseconds())/float64(b.N), "batched_us/op")
	b.ReportMetric(float64(oneByOne)/float64(batched), "speedup_x")
}

// BenchmarkApplyBatch applies 256-transfer batches (signature checks
// included) and reports transfers per second, against the cost of the
// signature checks alone measured in the same run.
func BenchmarkApplyBatch(b *testing.B) {
	const accounts, batch = 257, 256
	keys := make([]PrivateKey, accounts)
	for i := range keys {
		keys[i] = DevKey("bench", uint64(i))
	}
	g := DevGenesis(DefaultConfig(), "bench", accounts, 1<<40, 0)
	builder, err := New(g)
	if err != nil {
		b.Fatal(err)
	}
	var cmds [][]byte
	var txs []Tx
	for n := range uint64(max(1, b.N)) {
		var round []Tx
		for a := 1; a < accounts; a++ {
			tx := Tx{Kind: KindTransfer, From: uint32(a), To: uint32(1 + a%(accounts-1)), Amount: 1, Fee: 1, Nonce: n}
			if err := tx.Sign(keys[a], g.ChainID); err != nil {
				b.Fatal(err)
			}
			round = append(round, tx)
		}
		res := builder.Build(round, int64(n), false)
		cmd := (&Command{Type: CmdAppendBatch, Batch: res.Batch}).Encode()
		builder.Adopt(res)
		builder.Apply(n+1, 1, cmd)
		cmds = append(cmds, cmd)
		txs = append(txs, round...)
	}
	m, err := New(g)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if r := m.Apply(uint64(i+1), 1, cmds[i]); r.Err != nil {
			b.Fatal(r.Err)
		}
	}
	applied := time.Since(start)
	b.StopTimer()
	start = time.Now()
	for i := range txs[:b.N*batch] {
		a, _ := m.Account(txs[i].From)
		if !txs[i].VerifySig(a.PubKey, g.ChainID) {
			b.Fatal("signature")
		}
	}
	sigs := time.Since(start)
	b.ReportMetric(float64(b.N*batch)/applied.Seconds(), "tx/s")
	b.ReportMetric(float64(sigs)/float64(applied), "sig_share")
}
