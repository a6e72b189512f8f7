package cluster

import (
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

// BenchmarkWitnessMemory measures what an unproven batch costs a replica's
// heap with the witnesses in memory (fsm's default) and in the witness
// directory, and the snapshot size with every batch unproven and with
// every batch proven, and how long capturing the snapshot takes under the
// lock when it reads 2,000 witness files. Batches are the farm's: four
// transfers, tree depth 20.
// Run once: go test -run '^$' -bench WitnessMemory -benchtime 1x ./cluster/
func BenchmarkWitnessMemory(b *testing.B) {
	const accounts, batches, perBatch = 1024, 2000, 4
	g := fsm.DevGenesis(fsm.DefaultConfig(), "witness-bench", accounts, 1<<40, 0)
	keys := make([]fsm.PrivateKey, accounts)
	for i := range keys {
		keys[i] = fsm.DevKey("witness-bench", uint64(i))
	}
	builder, err := fsm.New(g)
	if err != nil {
		b.Fatal(err)
	}
	cmds := make([][]byte, batches)
	nonces := make([]uint64, accounts)
	for n := range batches {
		var txs []fsm.Tx
		for j := range perBatch {
			from := uint32(1 + (n*perBatch+j)*7%(accounts-1))
			tx := fsm.Tx{Kind: fsm.KindTransfer, From: from, To: 1 + (from+500)%(accounts-1), Amount: 1, Fee: 1, Nonce: nonces[from]}
			nonces[from]++
			if err := tx.Sign(keys[from], g.ChainID); err != nil {
				b.Fatal(err)
			}
			txs = append(txs, tx)
		}
		res := builder.Build(txs, int64(n+1), false)
		if len(res.Included) != perBatch {
			b.Fatalf("batch %d: %+v", n, res.Rejected)
		}
		cmds[n] = (&fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}).Encode()
		builder.Adopt(res)
		if r := builder.Apply(uint64(n+1), 1, cmds[n]); r.Err != nil {
			b.Fatal(r.Err)
		}
	}
	gens, err := openWitnessGens(witnessRoot(b.TempDir()))
	if err != nil {
		b.Fatal(err)
	}
	heapPerBatch := func(ws fsm.WitnessStore) (float64, *fsm.Machine) {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		m, err := fsm.NewWith(g, ws)
		if err != nil {
			b.Fatal(err)
		}
		for n, cmd := range cmds {
			if r := m.Apply(uint64(n+1), 1, cmd); r.Err != nil {
				b.Fatal(r.Err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		return (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / batches, m
	}
	var capture time.Duration
	snapshotSize := func(m *fsm.Machine) float64 {
		start := time.Now()
		s, err := m.Snapshot()
		capture = time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		n, err := s.WriteTo(io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		return float64(n)
	}
	for range b.N {
		memHeap, mem := heapPerBatch(fsm.NewMemWitnessStore())
		runtime.KeepAlive(mem)
		dir, err := gens.fresh()
		if err != nil {
			b.Fatal(err)
		}
		diskHeap, disk := heapPerBatch(dir)
		b.ReportMetric(memHeap, "heap_B/batch_mem")
		b.ReportMetric(diskHeap, "heap_B/batch_disk")
		b.ReportMetric(float64(disk.UnprovenWitnessBytes())/batches, "witness_B/batch")
		b.ReportMetric(snapshotSize(disk), "snapshot_B_unproven")
		b.ReportMetric(float64(capture.Microseconds())/1000, "capture_ms_unproven")
		for n := range uint64(batches) {
			disk.Apply(uint64(batches)+n+1, 1, (&fsm.Command{Type: fsm.CmdRecordProof, Number: n + 1, Prover: "p", Proof: []byte{1}}).Encode())
		}
		b.ReportMetric(snapshotSize(disk), "snapshot_B_proven")
	}
}
